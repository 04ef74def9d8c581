"""The query side's edge: load an index and its model once, then answer questions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import embedder as embedding
from core import store, vectors
from core.errors import InputError
from qa.answer import Answer
from qa.compose import compose
from qa.retrieve import Hit, rank, sentence_offsets

MAX_QUESTION = 2000
CANDIDATES = 100


def validate(question: str) -> str:
    q = question.strip() if isinstance(question, str) else ""
    if not q:
        raise InputError("the question is empty: type a question about the corpus")
    if len(q) > MAX_QUESTION:
        raise InputError(f"the question is {len(q)} characters long; the limit is {MAX_QUESTION}")
    return q


@dataclass(frozen=True)
class Engine:
    index: store.IndexData
    model: embedding.Embedder
    offsets: np.ndarray

    @staticmethod
    def load(index_dir: Path | str, model: str = embedding.DEFAULT_MODEL) -> Engine:
        """Check the manifest against the model in use before loading anything heavy."""
        index_dir = Path(index_dir)
        manifest = store.read_manifest(index_dir)
        store.check_model(manifest, model, embedding.weights_sha256(model), index_dir)
        data = store.load(index_dir)
        loaded = embedding.load(model)
        return Engine(data, loaded, sentence_offsets([len(c.sentences) for c in data.chunks]))

    @property
    def version(self) -> str:
        return self.index.version

    def search(self, question: str, n: int = CANDIDATES) -> list[Hit]:
        query = self.model.encode([validate(question)])[0]
        scores, rows = vectors.search(self.index.chunk_index, query, n)
        return rank(query, scores, rows, self.index.sentence_vectors, self.offsets)

    def ask(self, question: str, k: int = 5) -> Answer:
        if not 1 <= k <= 50:
            raise InputError(f"k must be between 1 and 50, not {k}")
        q = validate(question)
        hits = self.search(q)
        return compose(
            q,
            hits,
            self.index.chunks,
            self.index.documents,
            self.index.sentence_vectors,
            self.offsets,
            self.version,
            k,
        )
