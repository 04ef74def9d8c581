"""Scoring passages against a question: plain functions over vectors, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SENTENCE_WEIGHT = 0.5  # passage score = mix of whole-passage and best-sentence cosine


@dataclass(frozen=True)
class Hit:
    """A candidate passage: `row` in the chunk store, its fused `score`, its raw dense cosine,
    and the cosine of each of its sentences with the question."""

    row: int
    score: float
    dense: float
    sentence_scores: tuple[float, ...]

    @property
    def best_sentence(self) -> int:
        return int(np.argmax(self.sentence_scores)) if self.sentence_scores else -1


def sentence_offsets(sentence_counts: list[int]) -> np.ndarray:
    """Row of each chunk's first sentence in the sentence-vector matrix."""
    return np.concatenate([[0], np.cumsum(sentence_counts)]).astype(np.int64)


def rank(
    query: np.ndarray,
    chunk_scores: np.ndarray,
    chunk_rows: np.ndarray,
    sentence_vectors: np.ndarray,
    offsets: np.ndarray,
    weight: float = SENTENCE_WEIGHT,
) -> list[Hit]:
    """Hits for the given dense candidates, best first."""
    hits = []
    for score, row in zip(chunk_scores, chunk_rows, strict=True):
        if row < 0:
            continue
        a, b = offsets[row], offsets[row + 1]
        sent = sentence_vectors[a:b] @ query if b > a else np.zeros(0, np.float32)
        best = float(sent.max()) if len(sent) else float(score)
        fused = (1 - weight) * float(score) + weight * best
        hits.append(Hit(int(row), fused, float(score), tuple(float(s) for s in sent)))
    hits.sort(key=lambda h: -h.score)
    return hits
