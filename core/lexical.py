"""Lexical search: the only module that imports bm25s. BM25 over stemmed words, stopwords out."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import numpy as np

from core.errors import MissingDependencyError

try:
    import bm25s
    import Stemmer
except ImportError as e:  # pragma: no cover - only on a broken install
    raise MissingDependencyError(
        "bm25s and PyStemmer are not installed: pip install -r requirements.txt"
    ) from e

SETTINGS = {
    "library": "bm25s",
    "k1": 1.5,
    "b": 0.75,
    "method": "lucene",
    "stemmer": "snowball english",
    "stopwords": "en",
}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def analyze(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stopword-free, stemmed words: what BM25 indexes and matches."""
    out = bm25s.tokenize(
        texts, stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False
    )
    return [list(t) for t in out]


def build(texts: list[str]) -> bm25s.BM25:
    model = bm25s.BM25(k1=SETTINGS["k1"], b=SETTINGS["b"], method=SETTINGS["method"])
    model.index(analyze(texts), show_progress=False)
    return model


def save(model: bm25s.BM25, folder: Path) -> None:
    model.save(str(folder), show_progress=False)


def load(folder: Path) -> bm25s.BM25:
    """The index memory-mapped: its score matrix is read from disk as queries touch it."""
    logging.getLogger("bm25s").setLevel(logging.ERROR)
    return bm25s.BM25.load(str(folder), mmap=True, show_progress=False)


def _columns(model: bm25s.BM25, terms: list[str]) -> np.ndarray:
    return np.array([model.vocab_dict[t] for t in terms if t in model.vocab_dict], dtype=np.int64)


def scores(model: bm25s.BM25, terms: list[str], n_docs: int) -> np.ndarray:
    """BM25 score of every document for already-analyzed query terms (0 where none match): the
    sum of each term's precomputed column of the score matrix (a repeated term counts again)."""
    ids = _columns(model, terms)
    m = model.scores
    if not len(ids):
        return np.zeros(n_docs, dtype=np.float32)
    starts, ends = m["indptr"][ids], m["indptr"][ids + 1]
    rows = np.concatenate([m["indices"][a:b] for a, b in zip(starts, ends, strict=True)])
    data = np.concatenate([m["data"][a:b] for a, b in zip(starts, ends, strict=True)])
    return np.bincount(rows, weights=data, minlength=n_docs).astype(np.float32)


def document_frequency(model: bm25s.BM25, term: str) -> int:
    """How many documents hold the term: the length of its column in the score matrix."""
    if term not in model.vocab_dict:
        return 0
    t = model.vocab_dict[term]
    return int(model.scores["indptr"][t + 1] - model.scores["indptr"][t])


def idf(model: bm25s.BM25, terms: list[str], n_docs: int) -> dict[str, float]:
    """Inverse document frequency of each term; a term the corpus never uses gets the most."""
    return {t: float(np.log(1 + n_docs / (1 + document_frequency(model, t)))) for t in set(terms)}
