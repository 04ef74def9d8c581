"""Three honest outcomes: the corpus answers; it comes close without answering; or nothing in it
is about the question. Decided from raw (not query-relative) signals.

- `evidence`: the best cosine between the question and any retrieved passage or sentence;
- `coverage`: the largest share of the question's words (weighted by rarity in the corpus) that
  any one retrieved passage uses;
- `overlap`: the same share, for the best answer sentence alone (a near-domain question the
  corpus cannot answer matches the topic, and its passages share words, but no one sentence
  uses the question's rare words together);
- `typed`: whether that sentence holds the kind of fact asked for (a number for "how many");
- `dense`: that sentence's own cosine to the question;
- `rarest`: whether that sentence uses the question's rarest word (a near-domain question
  shares the topic's words; what it alone asks about is missing);
- `whole`: whether that sentence is a whole sentence, an item of a list, or a table row
  holding the kind of figure asked for (a row "Australia (except Tasmania(1)) | 308" shares one
  word with "What is the capital of Australia?" and answers nothing);
- `dated`: for a question asking for a figure in a year or financial year ("How many ... in
  2022/23?"), whether that sentence (or its document's title) states the year, or the document
  is dated in it (or, for a financial year, after it ended): a form dated February 2023 with
  "6 months 12 months" does not count what was done in 2022/23;
- `counts`: for "how many X", whether that sentence holds a count of X: a number, or a share
  next to X's words ("90% of practices were not accepting new NHS patients" does not say how
  many dentists left).

The thresholds are chosen in bench/calibrate.py on SciFact train claims (with and without their
gold abstracts), the realworld-dev questions, the seed dev set and three former blind sets, and
checked leave-one-set-out (each set decided by thresholds chosen on the others) and by 5-fold
cross-validation. The refusal thresholds are kept: the objective weighs refusing unanswerable
questions only as a tie-break, so it would move them along a plateau of equal scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ANSWERED = "answered"
NOT_DIRECT = "not_direct"
REFUSED = "refused"

# Nothing in the corpus is about the question: weak evidence and few of its words anywhere.
REFUSE_EVIDENCE = 0.40
REFUSE_COVERAGE = 0.50
# A direct answer: one sentence uses most of the question's rare words, holds the kind of fact
# asked for, and the match is close enough. 0.35 since figures must state the year asked for
# (`dated`): every leave-one-set-out choice moved from 0.40 to 0.35 with it (bench/calibrate.py).
DIRECT_OVERLAP = 0.35
DIRECT_SUM = 1.05  # the sentence's overlap plus its cosine
# A direct answer whose sentence lacks the question's rarest word (what a near-domain question
# alone asks about) must make up for it with this share of the question's words: 0 asks no more
# of it than of any other sentence; above 1 it is never direct. bench/calibrate.py, with the
# other thresholds kept, chose 0.65 leave-one-set-out on 4 of 5 sets (scifact, realworld-dev,
# dev2, dev3, dev; 0.55 without dev2): held out, unanswerable questions presented as answered
# fell from 5 to 1 of 18 on dev3 and from 12% to 8% on SciFact, facts in answers as before,
# at the cost of answerable questions answered directly (0.82 to 0.62 on dev3, 0.82 to 0.69 on
# realworld-dev): they are quoted as "not directly", the fact mostly still in the answer.
DIRECT_RAREST = 0.65
# A direct answer opens with a whole sentence, list item or row holding the figure. On the
# calibration sets this costs nothing (bench/calibrate.py ties on it, out of fold); on the former
# blind sets it kept one off-domain question from a table row (hd4, now in-sample).
DIRECT_WHOLE = True
# A direct answer to a figure asked for a year states that year (see `dated` above).
DIRECT_DATED = True
# A direct answer to "how many X" holds a count of X (`counts`): a number, or a share ("90% of
# ...") only next to X's words. A figure stood next to X was too strict: X is often named in
# other words ("470,000 people ... die each year" for deaths, "550 UDCs" for urgent dental
# centres), which turned 4 answered questions of the calibration sets to "not directly".
DIRECT_COUNTS = True
# Words about the asking, not the subject: a passage need not use them.
ASKING = (
    "say said says tell told mention mentioned source sources document documents different "
    "various compare comparison view views perspective perspectives according corpus many much "
    "ask asked asking tabled question questions peer peers minister ministers noble "
    "what which who whom whose when why how did does do about is was were are has have had"
)


@dataclass(frozen=True)
class Signals:
    evidence: float
    coverage: float
    overlap: float = 0.0
    typed: bool = True
    dense: float = 0.0  # the best answer sentence's own cosine to the question
    rarest: bool = True  # the best answer sentence uses the question's rarest word
    whole: bool = True  # the best answer sentence is no fragment (or a row holding the figure)
    dated: bool = True  # it states the year a figure is asked for (True when none is asked)
    counts: bool = True  # for "how many X", it holds a count of X (a share only by X)


@dataclass(frozen=True)
class Thresholds:
    refuse_evidence: float = REFUSE_EVIDENCE
    refuse_coverage: float = REFUSE_COVERAGE
    direct_overlap: float = DIRECT_OVERLAP
    direct_sum: float = DIRECT_SUM
    direct_rarest: float = DIRECT_RAREST
    direct_whole: bool = DIRECT_WHOLE
    direct_dated: bool = DIRECT_DATED
    direct_counts: bool = DIRECT_COUNTS


@dataclass(frozen=True)
class Verdict:
    outcome: str
    evidence: float
    coverage: float
    overlap: float = 0.0
    typed: bool = True

    @property
    def answers(self) -> bool:
        """Anything to quote: answered directly or the closest passages."""
        return self.outcome != REFUSED

    @property
    def direct(self) -> bool:
        return self.outcome == ANSWERED


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


def outcome(s: Signals, t: Thresholds = Thresholds()) -> str:
    if s.evidence < t.refuse_evidence and s.coverage < t.refuse_coverage:
        return REFUSED
    if (
        s.typed
        and (s.rarest or s.overlap >= t.direct_rarest)
        and (s.whole or not t.direct_whole)
        and (s.dated or not t.direct_dated)
        and (s.counts or not t.direct_counts)
        and s.overlap >= t.direct_overlap
        and s.overlap + s.dense >= t.direct_sum
    ):
        return ANSWERED
    return NOT_DIRECT


def decide(s: Signals, t: Thresholds = Thresholds()) -> Verdict:
    return Verdict(outcome(s, t), s.evidence, s.coverage, s.overlap, s.typed)
