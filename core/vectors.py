"""Vector search: the only module that imports faiss. Exact inner product over unit vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.errors import MissingDependencyError

try:
    import faiss
except ImportError as e:  # pragma: no cover - exercised only on a broken install
    raise MissingDependencyError(
        "faiss-cpu is not installed: pip install -r requirements.txt"
    ) from e


def build(vectors: np.ndarray) -> faiss.Index:
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def write(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def read(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


def search(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores and row ids of the k nearest rows (fewer when the index is smaller)."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    return scores[0], ids[0]


def all_scores(index: faiss.Index, query: np.ndarray) -> np.ndarray:
    """The inner product of the query with every row, in row order (exact search)."""
    scores, ids = search(index, query, index.ntotal)
    out = np.zeros(index.ntotal, dtype=np.float32)
    out[ids] = scores
    return out


def reconstruct_all(index: faiss.Index) -> np.ndarray:
    return (
        index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)
    )
