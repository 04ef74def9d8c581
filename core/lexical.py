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
    logging.getLogger("bm25s").setLevel(logging.ERROR)
    return bm25s.BM25.load(str(folder), show_progress=False)


def scores(model: bm25s.BM25, terms: list[str], n_docs: int) -> np.ndarray:
    """BM25 score of every document for already-analyzed query terms (0 where none match)."""
    known = [t for t in terms if t in model.vocab_dict]
    if not known:
        return np.zeros(n_docs, dtype=np.float32)
    return np.asarray(model.get_scores(known), dtype=np.float32)


def idf(model: bm25s.BM25, terms: list[str], n_docs: int) -> dict[str, float]:
    """Inverse document frequency of each term; a term the corpus never uses gets the most."""
    out = {}
    for t in set(terms):
        df = int((scores(model, [t], n_docs) > 0).sum()) if t in model.vocab_dict else 0
        out[t] = float(np.log(1 + n_docs / (1 + df)))
    return out
