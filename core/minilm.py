"""A BERT sentence encoder (mean pooling, unit length) in numpy, for query vectors without torch.

It reads the same sentence-transformers folder as core/embedder.py (weights from
model.safetensors, wordpieces from tokenizer.json through the `tokenizers` library) and reproduces
its vectors to float32 rounding; tests/test_minilm.py compares the two on real passages and
questions. It loads in a fraction of a second, where importing torch and sentence-transformers
takes several.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

# What this module reproduces: a BertModel, then mean pooling over tokens, then normalisation.
_MODULES = (
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
)
# One encode at a time: the BLAS thread limit below is process-wide, and overlapping limits from
# two sessions' threads could restore each other's setting out of order.
_ONE_AT_A_TIME = threading.Lock()


class Unsupported(Exception):
    """The model folder holds something this module does not reproduce exactly."""


@dataclass(frozen=True)
class Layer:
    query: tuple[np.ndarray, np.ndarray]
    key: tuple[np.ndarray, np.ndarray]
    value: tuple[np.ndarray, np.ndarray]
    attention_out: tuple[np.ndarray, np.ndarray]
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate: tuple[np.ndarray, np.ndarray]
    out: tuple[np.ndarray, np.ndarray]
    out_norm: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class MiniLM:
    """Weights and tokenizer of one model; `encode` gives its sentence vectors."""

    tokenizer: object  # tokenizers.Tokenizer, truncating at max_seq_length
    words: np.ndarray
    positions: np.ndarray
    token_type: np.ndarray
    embedding_norm: tuple[np.ndarray, np.ndarray]
    layers: tuple[Layer, ...]
    heads: int
    eps: float
    max_seq_length: int

    @property
    def dim(self) -> int:
        return int(self.words.shape[1])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Texts of like length batched together, as sentence-transformers does: less padding.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # One BLAS thread: a question is a few small products, and OpenBLAS threads that spin
        # while they wait made one take ~600 ms instead of ~20 ms beside other busy processes.
        with _ONE_AT_A_TIME, threadpool_limits(1, user_api="blas"):
            for i in range(0, len(texts), batch_size):
                rows = order[i : i + batch_size]
                out[rows] = self._batch([texts[j] for j in rows])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)  # type: ignore[attr-defined]
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        hidden = forward(self, ids, mask)
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled / norms


def _dense(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    return x @ wb[0].T + wb[1]


def _norm(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * wb[0] + wb[1]


def erf(x: np.ndarray) -> np.ndarray:
    """The error function to within 1e-6 (Abramowitz and Stegun 7.1.26), so numpy alone suffices."""
    a = np.minimum(np.abs(x), 4.0)  # erf(4) is 1 in float32; exp(-a*a) stays clear of subnormals
    e = np.exp(-(a * a))
    t = a  # in place from here: these arrays are (texts, tokens, 1536) floats
    t *= 0.3275911
    t += 1
    np.reciprocal(t, out=t)
    p = t * 1.061405429
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        p += c
        p *= t
    p *= e
    np.subtract(1, p, out=p)
    return np.copysign(p, x, out=p)


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x)."""
    return 0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))


def forward(model: MiniLM, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The last hidden states, (batch, tokens, dim), of the BERT encoder."""
    batch, length = ids.shape
    x = model.words[ids] + model.positions[:length][None] + model.token_type[0]
    x = _norm(x, model.embedding_norm, model.eps)
    head = model.dim // model.heads
    # Padding is kept out of attention as BERT does: a very negative score before the softmax.
    bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
    scale = np.float32(1.0 / np.sqrt(head))

    def split(t: np.ndarray) -> np.ndarray:
        return t.reshape(batch, length, model.heads, head).transpose(0, 2, 1, 3)

    for layer in model.layers:
        q, k, v = (split(_dense(x, wb)) for wb in (layer.query, layer.key, layer.value))
        scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, model.dim)
        x = _norm(_dense(context, layer.attention_out) + x, layer.attention_norm, model.eps)
        inner = gelu(_dense(x, layer.intermediate))
        x = _norm(_dense(inner, layer.out) + x, layer.out_norm, model.eps)
    return x


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise Unsupported(f"cannot read {path.name}: {e.__class__.__name__}") from None


def check(root: Path) -> dict:
    """The BERT config if the folder is a model this module reproduces; Unsupported otherwise."""
    modules = _json(root / "modules.json")
    if tuple(m.get("type") for m in modules) != _MODULES:
        raise Unsupported("not Transformer -> Pooling -> Normalize")
    pooling = _json(root / modules[1]["path"] / "config.json")
    modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v}
    if modes != {"pooling_mode_mean_tokens"}:
        raise Unsupported(f"pooling {sorted(modes)}, not mean")
    config = _json(root / "config.json")
    wanted = {"model_type": "bert", "hidden_act": "gelu", "position_embedding_type": "absolute"}
    for key, value in wanted.items():
        if config.get(key, "absolute" if key == "position_embedding_type" else None) != value:
            raise Unsupported(f"config {key}={config.get(key)!r}, not {value!r}")
    if not (root / "model.safetensors").exists() or not (root / "tokenizer.json").exists():
        raise Unsupported("no model.safetensors or tokenizer.json")
    return config


def load(root: Path) -> MiniLM:
    """The model in a sentence-transformers folder; Unsupported if this module cannot run it."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    config = check(root)
    max_seq = int(_json(root / "sentence_bert_config.json").get("max_seq_length", 512))
    tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    # As sentence-transformers tokenizes: truncate at its max_seq_length, pad to the longest.
    tokenizer.enable_truncation(max_length=max_seq)
    tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)))
    w = load_file(str(root / "model.safetensors"))
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""

    def wb(name: str) -> tuple[np.ndarray, np.ndarray]:
        return w[f"{prefix}{name}.weight"], w[f"{prefix}{name}.bias"]

    def layer(i: int) -> Layer:
        p = f"encoder.layer.{i}."
        return Layer(
            query=wb(p + "attention.self.query"),
            key=wb(p + "attention.self.key"),
            value=wb(p + "attention.self.value"),
            attention_out=wb(p + "attention.output.dense"),
            attention_norm=wb(p + "attention.output.LayerNorm"),
            intermediate=wb(p + "intermediate.dense"),
            out=wb(p + "output.dense"),
            out_norm=wb(p + "output.LayerNorm"),
        )

    return MiniLM(
        tokenizer=tokenizer,
        words=w[f"{prefix}embeddings.word_embeddings.weight"],
        positions=w[f"{prefix}embeddings.position_embeddings.weight"],
        token_type=w[f"{prefix}embeddings.token_type_embeddings.weight"],
        embedding_norm=wb("embeddings.LayerNorm"),
        layers=tuple(layer(i) for i in range(int(config["num_hidden_layers"]))),
        heads=int(config["num_attention_heads"]),
        eps=float(config.get("layer_norm_eps", 1e-12)),
        max_seq_length=max_seq,
    )
