"""Whether the corpus answers a question at all, from two raw (not query-relative) signals.

`evidence` is the best cosine between the question and any retrieved passage or sentence;
`coverage` is the largest share of the question's words (weighted by how rare they are in the
corpus) that any one retrieved passage uses. A near-domain question the corpus does not cover
("How much did the NHS spend on agency nurses?") matches the domain closely but uses words the
passages do not. The thresholds are calibrated by bench/calibrate.py on labelled questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MIN_EVIDENCE = 0.45  # under this nothing in the corpus is about the question
SURE_EVIDENCE = 0.70  # at or over this the match alone is enough
MIN_COVERAGE = 0.45  # between the two, the passages must also use the question's words
# Words about the asking, not the subject: a passage need not use them.
ASKING = (
    "say said says tell told mention mentioned source sources document documents different "
    "various compare comparison view views perspective perspectives according corpus"
)


@dataclass(frozen=True)
class Verdict:
    answers: bool
    evidence: float
    coverage: float


def coverage(
    question_terms: Iterable[str],
    passage_terms: set[str],
    idf: dict[str, float],
    asking: frozenset[str] = frozenset(),
) -> float:
    """Share of the question's rare-word weight that the passage uses (asking words aside)."""
    terms = set(question_terms) - asking
    total = sum(idf.get(t, 0.0) for t in terms)
    if total <= 0:
        return 0.0
    return sum(idf.get(t, 0.0) for t in terms if t in passage_terms) / total


def decide(
    evidence: float,
    cover: float,
    min_evidence: float = MIN_EVIDENCE,
    sure_evidence: float = SURE_EVIDENCE,
    min_coverage: float = MIN_COVERAGE,
) -> Verdict:
    answers = evidence >= min_evidence and (evidence >= sure_evidence or cover >= min_coverage)
    return Verdict(answers, evidence, cover)
