"""Lexical search: the only module that imports bm25s. BM25 over stemmed words, stopwords out."""

from __future__ import annotations

import functools
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

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


class Words:
    """Passages' analyzed words as ids into one vocabulary, gathered batch by batch: BM25 is
    indexed from these, never from a list of every passage's text or words (an id is the
    vocabulary's own int, so a passage costs a list of references)."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.ids: list[list[int]] = []

    def add(self, texts: list[str]) -> None:
        vocab = self.vocab
        for words in analyze(texts) if texts else ():
            self.ids.append([vocab.setdefault(w, len(vocab)) for w in words])


def build(texts: list[str] | Words) -> bm25s.BM25:
    """BM25 over passages (texts, or their words gathered by Words). The vocabulary's order is
    not bm25s's own (a set's), so the files differ, but every score is the same."""
    words = texts if isinstance(texts, Words) else _words(texts)
    model = bm25s.BM25(k1=SETTINGS["k1"], b=SETTINGS["b"], method=SETTINGS["method"])
    model.index((words.ids, words.vocab), show_progress=False)
    return model


def _words(texts: list[str]) -> Words:
    out = Words()
    out.add(texts)
    return out


def save(model: bm25s.BM25, folder: Path) -> None:
    model.save(str(folder), show_progress=False)


class Lexical:
    """BM25 over the segments of an index, one bm25s index each. bm25s stores a segment's
    scores as idf_segment(term) * the term-frequency part, so a term's column is scaled by
    idf_global / idf_segment, the global idf taken from the summed document frequencies: one
    segment scores exactly as bm25s does, several as one would but for the average passage
    length, which stays each segment's own."""

    def __init__(self, models: list[bm25s.BM25]) -> None:
        self.models = models
        self.sizes = [_n_docs(m) for m in models]
        self.starts = np.cumsum([0, *self.sizes])

    @property
    def n_docs(self) -> int:
        return int(self.starts[-1])

    def document_frequency(self, term: str) -> int:
        return sum(_df(m, term) for m in self.models)

    def scale(self, term: str, segment: int) -> float:
        """idf_global / idf_segment of a term the segment holds (1 for a single segment)."""
        if len(self.models) == 1:
            return 1.0
        df = _df(self.models[segment], term)
        return _idf_lucene(self.document_frequency(term), self.n_docs) / _idf_lucene(
            df, self.sizes[segment]
        )


def _idf_lucene(df: int, n: int) -> float:  # bm25s's "lucene" idf
    return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))


def _n_docs(model: bm25s.BM25) -> int:
    return int(model.scores["num_docs"])


def _df(model: bm25s.BM25, term: str) -> int:
    if term not in model.vocab_dict:
        return 0
    t = model.vocab_dict[term]
    return int(model.scores["indptr"][t + 1] - model.scores["indptr"][t])


def load(folders: Path | list[Path]) -> Lexical:
    """Each segment memory-mapped: its score matrix is read from disk as queries touch it."""
    logging.getLogger("bm25s").setLevel(logging.ERROR)
    paths = folders if isinstance(folders, list) else [folders]
    return Lexical([bm25s.BM25.load(str(f), mmap=True, show_progress=False) for f in paths])


def _segment_scores(model: bm25s.BM25, terms: list[str], n_docs: int, scale: Any) -> np.ndarray:
    known = [t for t in terms if t in model.vocab_dict]
    if not known:
        return np.zeros(n_docs, dtype=np.float32)
    ids = np.array([model.vocab_dict[t] for t in known], dtype=np.int64)
    m = model.scores
    starts, ends = m["indptr"][ids], m["indptr"][ids + 1]
    rows = np.concatenate([m["indices"][a:b] for a, b in zip(starts, ends, strict=True)])
    data = np.concatenate([m["data"][a:b] for a, b in zip(starts, ends, strict=True)])
    factors = [scale(t) for t in known]
    if any(f != 1.0 for f in factors):
        data = data * np.repeat(np.array(factors, dtype=np.float64), ends - starts)
    return np.bincount(rows, weights=data, minlength=n_docs).astype(np.float32)


def scores(index: Lexical, terms: list[str], n_docs: int) -> np.ndarray:
    """BM25 score of every passage for already-analyzed query terms (0 where none match): the
    sum of each term's precomputed column of the score matrix (a repeated term counts again),
    segment by segment."""
    parts = [
        _segment_scores(m, terms, size, functools.partial(index.scale, segment=k))
        for k, (m, size) in enumerate(zip(index.models, index.sizes, strict=True))
    ]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def document_frequency(index: Lexical, term: str) -> int:
    """How many passages hold the term: the length of its columns in the score matrices."""
    return index.document_frequency(term)


def idf(index: Lexical, terms: list[str], n_docs: int) -> dict[str, float]:
    """Inverse document frequency of each term; a term the corpus never uses gets the most."""
    return {t: float(np.log(1 + n_docs / (1 + document_frequency(index, t)))) for t in set(terms)}
