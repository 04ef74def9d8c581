"""Vector search: the only module that imports faiss. Inner product over unit vectors, exact
(IndexFlatIP) for a small index, approximate (IVF-PQ) for a large one, whose candidates the
caller re-scores exactly."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import MissingDependencyError

try:
    import faiss
except ImportError as e:  # pragma: no cover - exercised only on a broken install
    raise MissingDependencyError(
        "faiss-cpu is not installed: pip install -r requirements.txt"
    ) from e

FLAT, IVFPQ = "flat", "ivfpq"
# Exact search costs about 0.8 ms per thousand passages here (bench/scale.py: p50 10 ms at
# 10k, 82 ms at 100k) and loses no recall: below this it stays near 15 ms.
EXACT_BELOW = 20_000
CHOICE = "QA_VECTOR_INDEX"  # env: flat | ivfpq forces the type at build (benches, tests)
PQ_BYTES = 48  # bytes of code per vector (384 dims: 8 per sub-quantizer)
PROBE_SHARE = 1 / 32  # share of the lists one search visits, and at least MIN_PROBES
MIN_PROBES = 8
BATCH = 65536
# Training is the slow part of a build (k-means): a sample of this many vectors per list and
# this many iterations keep 1M passages to minutes; candidates are re-scored exactly anyway.
TRAIN_PER_LIST = 32
TRAIN_ITERATIONS = 10


def kind_for(n: int) -> str:
    forced = os.environ.get(CHOICE, "").strip().lower()
    if forced in (FLAT, IVFPQ):
        return forced
    if forced:
        raise ValueError(f"{CHOICE}={forced!r}: use {FLAT} or {IVFPQ}")
    return FLAT if n < EXACT_BELOW else IVFPQ


def build(vectors: np.ndarray, kind: str = FLAT) -> faiss.Index:
    """An index over the rows of `vectors` (memory-mapped is fine: they are added in batches).
    IVF-PQ: about 2 * sqrt(n) lists, trained on 32 vectors per list (the whole
    index, at a cost in quality, when n is small: tests force IVF-PQ on a few passages)."""
    dim = vectors.shape[1]
    n = len(vectors)
    index: Any
    if kind == FLAT or n < 16:  # too few to train even 4-bit codes
        index = faiss.IndexFlatIP(dim)
    else:
        nlist = max(1, min(round(2 * math.sqrt(n)), n // 8))
        nbits = min(8, int(math.log2(n)))
        m = PQ_BYTES if dim % PQ_BYTES == 0 else 1
        index = faiss.index_factory(dim, f"IVF{nlist},PQ{m}x{nbits}", faiss.METRIC_INNER_PRODUCT)
        ivf: Any = faiss.downcast_index(faiss.extract_index_ivf(index))
        ivf.nprobe = min(nlist, max(MIN_PROBES, math.ceil(nlist * PROBE_SHARE)))
        ivf.cp.niter = TRAIN_ITERATIONS
        ivf.do_polysemous_training = False  # it only speeds Hamming filtering, unused here
        rng = np.random.default_rng(0)
        sample = np.sort(rng.choice(n, size=min(n, TRAIN_PER_LIST * nlist), replace=False))
        index.train(np.ascontiguousarray(vectors[sample], dtype=np.float32))
    add(index, vectors)
    return index


def add(index: faiss.Index, vectors: np.ndarray) -> None:
    """Rows added to a built index, in batches (an IVF-PQ index keeps its training)."""
    for i in range(0, len(vectors), BATCH):
        index.add(np.ascontiguousarray(vectors[i : i + BATCH], dtype=np.float32))


def describe(index: faiss.Index) -> dict[str, Any]:
    """What the manifest records about the index."""
    ivf = _ivf(index)
    if ivf is None:
        return {"type": FLAT, "faiss": "IndexFlatIP (exact inner product)"}
    return {
        "type": IVFPQ,
        "faiss": "IndexIVFPQ (inner product), candidates re-scored exactly",
        "nlist": int(ivf.nlist),
        "nprobe": int(ivf.nprobe),
        "code_bytes": int(ivf.code_size),
    }


def _ivf(index: faiss.Index) -> Any:
    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:
        return None


def is_exact(index: faiss.Index) -> bool:
    return _ivf(index) is None


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


def nearest(
    index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray | None
) -> np.ndarray:
    """Row ids of (about) the k nearest rows among the `allowed` ones (a bool per row; None:
    all), the filter applied inside the search. Sorted, no -1 padding."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    ivf = _ivf(index)
    params: Any = faiss.SearchParametersIVF() if ivf is not None else faiss.SearchParameters()
    if ivf is not None:
        params.nprobe = ivf.nprobe
    if allowed is not None:
        bits = np.packbits(allowed, bitorder="little")
        selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))  # kept alive
        params.sel = selector
    _, ids = index.search(q, k, params=params)
    found = ids[0]
    return np.sort(found[found >= 0])


def all_scores(matrix: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Exact inner products of the query with every row of a (memory-mapped, maybe float16)
    matrix, in row order: converted to float32 a batch at a time (numpy has no fast float16
    product: it was 20x slower than converting first)."""
    q = query.astype(np.float32)
    out = np.empty(len(matrix), dtype=np.float32)
    for i in range(0, len(matrix), BATCH):
        out[i : i + BATCH] = np.asarray(matrix[i : i + BATCH], dtype=np.float32) @ q
    return out


def rows_scores(matrix: np.ndarray, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Exact inner products of the query with the given rows of a (memory-mapped) matrix."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.float32)
    return (np.asarray(matrix[rows], dtype=np.float32) @ query.astype(np.float32)).astype(
        np.float32
    )


def reconstruct_all(index: faiss.Index) -> np.ndarray:
    """The vectors an exact index holds (an index of the previous format, read for reuse)."""
    return (
        index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)
    )
