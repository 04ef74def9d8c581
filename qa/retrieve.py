"""Ranking passages for a question: dense, lexical and sentence scores fused. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Fusion:
    """How the scores combine. `dense_weight` is the dense side's share in min-max fusion;
    `sentence_weight` mixes a passage's best-sentence cosine into its dense score. A sentence is
    embedded without its passage's context (title, heading, speaker), so a passage of short
    lines (a date line, a publication reference, a table row) has no sentence that matches on
    its own: with `sentence_gap`, a best sentence more than that below its passage's cosine
    counts as that far below (None: no limit)."""

    name: str = "hybrid"
    method: str = "minmax"
    dense_weight: float = 0.5
    sentence_weight: float = 0.5
    sentence_gap: float | None = None
    candidates: int = 100
    rrf_k: int = 60


@dataclass(frozen=True)
class Hit:
    """A candidate passage: `row` in the chunk store, its fused `score`, its raw cosine
    (`dense`), its BM25 score (`lexical`) and each of its sentences' cosine."""

    row: int
    score: float
    dense: float
    lexical: float
    sentence_scores: tuple[float, ...]

    @property
    def evidence(self) -> float:
        """How closely this passage matches, as a raw cosine: not relative to other passages."""
        return max(self.dense, *self.sentence_scores)


@dataclass(frozen=True)
class Scored:
    """One query's raw scores, before fusion: over every passage (`rows` None), or over the
    candidate passages `rows` (sorted), each array then holding the candidates' values."""

    rows: np.ndarray | None
    dense: np.ndarray
    sentences: np.ndarray
    offsets: np.ndarray
    lexical: np.ndarray
    mask: np.ndarray

    def rank(self, fusion: Fusion) -> list[Hit]:
        return rank(
            self.dense, self.sentences, self.offsets, self.lexical, self.mask, fusion, self.rows
        )


def sentence_offsets(sentence_counts: Sequence[int]) -> np.ndarray:
    """Row of each chunk's first sentence in the sentence-vector matrix (plus the end)."""
    return np.concatenate([[0], np.cumsum(sentence_counts)]).astype(np.int64)


def ranges(first: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenated rows first[i] .. first[i] + counts[i] - 1, for every i."""
    ends = np.cumsum(counts)
    return np.repeat(first - ends + counts, counts) + np.arange(ends[-1] if len(ends) else 0)


def best_per_chunk(sentence_scores: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    starts = offsets[:-1]
    if len(sentence_scores) == 0:
        return np.full(len(starts), -1.0, dtype=np.float32)
    best = np.maximum.reduceat(sentence_scores, np.minimum(starts, len(sentence_scores) - 1))
    return np.where(offsets[1:] > starts, best, -1.0).astype(np.float32)


def _minmax(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


def top_rows(scores: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    """The n best-scoring rows `mask` allows, best first."""
    allowed = np.flatnonzero(mask)
    if len(allowed) <= n:
        return allowed[np.argsort(-scores[allowed], kind="stable")]
    part = allowed[np.argpartition(-scores[allowed], n)[:n]]
    return part[np.argsort(-scores[part], kind="stable")]


def rank(
    dense: np.ndarray,
    sentence_scores: np.ndarray,
    offsets: np.ndarray,
    lexical: np.ndarray,
    mask: np.ndarray,
    fusion: Fusion,
    ids: np.ndarray | None = None,
) -> list[Hit]:
    """Every allowed candidate, best first. `dense` and `lexical` hold a score per chunk,
    `sentence_scores` one per sentence; `mask` says which chunks may be returned. With `ids`
    (ascending), the arrays cover only those passages and each hit's row is taken from it."""
    best = best_per_chunk(sentence_scores, offsets)
    has_sentences = best > -1
    if fusion.sentence_gap is not None:
        best = np.maximum(best, dense - fusion.sentence_gap)
    s = fusion.sentence_weight
    dense_mix = np.where(has_sentences, (1 - s) * dense + s * best, dense)
    n = fusion.candidates
    if fusion.method == "dense":
        rows, fused = top_rows(dense_mix, mask, n), dense_mix
    elif fusion.method == "bm25":
        rows = top_rows(lexical, mask & (lexical > 0), n)
        fused = lexical
    else:
        from_dense = top_rows(dense_mix, mask, n)
        from_lexical = top_rows(lexical, mask & (lexical > 0), n)
        rows = np.union1d(from_dense, from_lexical)
        fused = np.zeros_like(dense_mix)
        if fusion.method == "rrf":
            for ranked in (from_dense, from_lexical):
                fused[ranked] += 1.0 / (fusion.rrf_k + 1 + np.arange(len(ranked)))
        elif len(rows):
            w = fusion.dense_weight
            fused[rows] = w * _minmax(dense_mix[rows]) + (1 - w) * _minmax(lexical[rows])
    rows = rows[np.lexsort((rows, -fused[rows]))]  # best first, ties by row
    first, counts = offsets[rows], offsets[rows + 1] - offsets[rows]
    ends = np.cumsum(counts)
    sentences = sentence_scores[ranges(first, counts)].tolist()  # only the hits' sentences
    starts, ends = (ends - counts).tolist(), ends.tolist()
    return [
        Hit(r, f, d, x, tuple(sentences[a:b]))
        for r, f, d, x, a, b in zip(
            (rows if ids is None else ids[rows]).tolist(),
            fused[rows].tolist(),
            dense[rows].tolist(),
            lexical[rows].tolist(),
            starts,
            ends,
            strict=True,
        )
    ]


def leading(hits: Sequence[Hit], doc_of: Sequence[str], lead: float) -> str | None:
    """The document whose best passage outscores every other document's best by more than
    `lead`: the evidence is that document's, so the cap does not push its passages out."""
    if not hits:
        return None
    top = doc_of[hits[0].row]
    runner_up = next((h.score for h in hits if doc_of[h.row] != top), None)
    return top if runner_up is None or hits[0].score - runner_up > lead else None


def diversify(
    hits: Sequence[Hit],
    k: int,
    doc_of: Sequence[str],
    per_doc: int,
    margin: float = 0.1,
    lead: float = float("inf"),
) -> list[Hit]:
    """The top k, best first, with at most `per_doc` from one document while another document
    has a candidate nearly as good (within `margin`), so a question several sources speak to
    draws on each; a passage far better than any other source's keeps its place, and so does
    every passage of a document that leads all others by more than `lead` (see `leading`).
    The rest follow in order."""
    if per_doc <= 0:
        return list(hits)
    remaining = list(hits)
    first: list[Hit] = []
    counts: dict[str, int] = {}
    exempt = leading(hits, doc_of, lead)

    def under_cap(h: Hit) -> bool:
        return doc_of[h.row] == exempt or counts.get(doc_of[h.row], 0) < per_doc

    while remaining and len(first) < k:
        pick = 0
        for i, h in enumerate(remaining):
            if under_cap(h) or not any(
                doc_of[o.row] != doc_of[h.row] and under_cap(o) and o.score >= h.score - margin
                for o in remaining[i + 1 :]
            ):
                pick = i
                break
        h = remaining.pop(pick)
        first.append(h)
        counts[doc_of[h.row]] = counts.get(doc_of[h.row], 0) + 1
    return first + remaining
