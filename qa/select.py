"""Pick the sentences that answer: score each sentence (or a sentence with the one it leans on)
of the retrieved passages, best first, and keep only those close to the best. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.types import Chunk, Document
from qa import answertype
from qa.glossary import expansions
from qa.retrieve import Hit

# Weights of the sentence score. Chosen on the seed dev questions and the realworld-dev
# questions together (in-sample; bench/answers.py reports them per set and per type).
W_OVERLAP = 1.0  # IDF-weighted share of the question's words the sentence uses
W_DENSE = 1.0  # the sentence's cosine to the question
W_RANK = 0.25  # the passage's fused score relative to the best passage's
W_TYPE = 0.35  # holds the kind of fact asked for (a number for "how many", ...)
W_SPEAKER = 0.5  # said by the speaker (or role) the question names
W_ITEM = 0.3  # a list question: the sentence is an item (recommends, should, must, ...)
P_FRAGMENT = 0.6  # a broken line or heading, a sentence cut off
P_LEAN = 0.15  # opens mid-thought and its neighbour is not in the passage
P_ANNOUNCE = 0.4  # a list question: the sentence announces items without giving any

RELATIVE = 0.85  # a further sentence must score at least this share of the first's
RELATIVE_ITEMS = 0.6  # a further item of a list, which need not repeat the question's words
MAX_LINES = 3
MAX_ITEMS = 5  # a list question gets its items, up to this many
SAME_PASSAGE_OVERLAP = 0.5  # a further line must use at least this share of the first's words

# Opens mid-thought: it leans on the sentence before it.
_LEANS = re.compile(
    r"^[‘'“\"(]?(This|These|That|Those|It|Its|They|Their|Them|He|She|His|Her|However|But|And|"
    r"Also|Such|So|Therefore|Thus|Moreover|Furthermore|In addition|For example|Instead|"
    r"Meanwhile|Yet|Nevertheless|As a result|Here)\b"
)
_CUT_OFF = re.compile(r"(—|–|-|\.\.\.|…|,|;)\s*[’'”\"]?$")
_DESCRIBED = re.compile(r"(the|a|an)\b", re.IGNORECASE)  # "The Minister": no name
_OPENS_LOWER = re.compile(r"^[‘'“\"(]?[a-z,;:)\]]")
_ENDS_SENTENCE = re.compile(r"[.?!:’'”\")\]]$")


@dataclass(frozen=True)
class Candidate:
    """One sentence (`first == last`) or a sentence with the one before it, in passage `row`."""

    rank: int  # of its passage among the hits
    row: int
    doc_id: str
    first: int  # sentence indexes within the chunk, inclusive
    last: int
    score: float
    overlap: float
    dense: float
    typed: bool
    speaker: bool
    fragment: bool
    item: bool
    rarest: bool = True  # uses the question's rarest word


@dataclass(frozen=True)
class Ask:
    """What selection needs to know about the question."""

    terms: dict[str, float]  # analysed question words -> IDF weight (asking words removed)
    kind: str | None  # qa.answertype kind
    speakers: tuple[str, ...] = ()  # speakers the question names, as the index names them
    role: str | None = None  # a role the question names ("the Minister" -> "minister")
    listing: bool = False
    across: bool = False  # asks what several sources say: one line from each
    # Asks for the words of someone the index names nowhere as a speaker: a sentence that
    # only mentions them does not hold what they said.
    unknown_speaker: bool = False


def fragment(text: str) -> bool:
    """A broken line, a heading, or a sentence cut off mid-thought."""
    words = text.split()
    if len(words) < 4 or not re.search(r"[A-Za-z]", text):
        return True
    if _OPENS_LOWER.match(text) or _CUT_OFF.search(text):
        return True
    return not _ENDS_SENTENCE.search(text)


def window(texts: Sequence[str], s: int, most: int = 5) -> tuple[int, int]:
    """The sentences to quote for sentence `s`: with the one before when it leans on it or
    continues it (a line broken mid-sentence, as PDF text often is), and with the lines after
    while it is cut off and they continue it."""
    first = s
    while first > 0 and s - first < most - 1 and _OPENS_LOWER.match(texts[first]):
        first -= 1
    if first == s and s > 0 and leans(texts[s]) and not fragment(texts[s - 1]):
        first = s - 1
    last = s
    while (
        last + 1 < len(texts)
        and last - first < most - 1
        and not _ENDS_SENTENCE.search(texts[last])
        and (_OPENS_LOWER.match(texts[last + 1]) or _CUT_OFF.search(texts[last]))
    ):
        last += 1
    return first, last


def leans(text: str) -> bool:
    return bool(_LEANS.match(text))


def overlap(ask_terms: dict[str, float], sentence_terms: set[str]) -> float:
    total = sum(ask_terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in ask_terms.items() if t in sentence_terms) / total


def candidates(
    ask: Ask,
    hits: Sequence[Hit],
    chunks: Sequence[Chunk],
    documents: dict[str, Document],
    analyse: Callable[[list[str]], list[list[str]]],
    speaker_matches: Callable[[str | None, str], bool],
    role_matches: Callable[[str | None, str], bool],
    doc_terms: Callable[[str], frozenset[str]] = lambda doc_id: frozenset(),
) -> list[Candidate]:
    """Every sentence of the hits, scored, best first. A question word that names the source
    itself (its title, publisher or kind: "the CWDC newsletter") counts as used by each of
    its sentences: it says where to look, not what to find."""
    if not hits:
        return []
    top = hits[0].score if hits[0].score > 0 else 1.0
    rarest = max(ask.terms, key=lambda t: (ask.terms[t], t)) if ask.terms else None
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        chunk = chunks[hit.row]
        doc = documents[chunk.doc_id]
        section = doc.sections[chunk.section] if doc.sections else None
        texts = [doc.text[a:b] for a, b in chunk.sentences]
        # A sentence uses a word when it uses any glossary form of it ("ICSs" for "integrated
        # care systems"), as lexical search already counts it.
        glossed = [" ".join([t, *expansions(t)]) for t in texts]
        terms = [set(t) for t in analyse(glossed)] if texts else []
        said_by = section.speaker if section else None
        role = section.role if section else None
        named = said_by if said_by and not _DESCRIBED.match(said_by) else None
        by_named = any(speaker_matches(said_by, s) for s in ask.speakers) or bool(
            ask.role and role_matches(role, ask.role)
        )
        relative = max(hit.score, 0.0) / top
        seen: set[tuple[int, int]] = set()
        for s in range(len(texts)):
            first, last = window(texts, s)
            if (first, last) in seen:
                continue
            seen.add((first, last))
            joined = " ".join(texts[first : last + 1])
            words = set().union(*terms[first : last + 1], doc_terms(chunk.doc_id))
            dense = max(hit.sentence_scores[first : last + 1], default=hit.dense)
            # A question about a named speaker and nothing else is all about that speaker.
            cover = overlap(ask.terms, words) if ask.terms else float(by_named)
            typed = answertype.present(ask.kind, joined, named) and not ask.unknown_speaker
            broken = fragment(joined)
            item = ask.listing and answertype.list_item(joined)
            score = (
                W_OVERLAP * cover
                + W_DENSE * dense
                + W_RANK * relative
                + W_TYPE * (typed and ask.kind is not None)
                + W_SPEAKER * by_named
                + W_ITEM * item
                - P_FRAGMENT * broken
                - P_LEAN * leans(texts[first])
                - P_ANNOUNCE * (ask.listing and answertype.announces(joined))
            )
            out.append(
                Candidate(
                    rank,
                    hit.row,
                    chunk.doc_id,
                    first,
                    last,
                    score,
                    cover,
                    dense,
                    typed,
                    by_named,
                    broken,
                    item,
                    rarest is None or rarest in words,
                )
            )
    out.sort(key=lambda c: (-c.score, c.rank, c.first))
    return out


def choose(
    ranked: Sequence[Candidate],
    text_of: Callable[[Candidate], str],
    listing: bool = False,
    across: bool = False,
) -> list[Candidate]:
    """The best candidate, then those scoring close to it that say something else: no repeats,
    no fragments, nothing from passages that only share the topic."""
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    said = {_plain(text_of(best))}
    limit = MAX_ITEMS if listing else MAX_LINES
    for c in ranked[1:]:
        if len(chosen) >= limit:
            break
        if across:
            if any(o.doc_id == c.doc_id for o in chosen):
                continue  # one line from each source
        elif c.score < (RELATIVE_ITEMS if listing else RELATIVE) * best.score:
            break
        if c.fragment or (listing and not c.item):
            continue
        # An item of the list the first line comes from need not repeat the question's words.
        listed = listing and c.doc_id == best.doc_id
        if not listed and c.overlap < SAME_PASSAGE_OVERLAP * best.overlap:
            continue
        if not c.typed and best.typed:
            continue
        if best.rarest and not c.rarest:
            continue  # shares the topic, not the question's most telling word
        if best.speaker and not c.speaker:
            continue  # the question names who: their words only
        if any(o.row == c.row and o.first <= c.last and c.first <= o.last for o in chosen):
            continue  # shares a sentence with a line already chosen
        plain = _plain(text_of(c))
        if plain in said or any(plain in o or o in plain for o in said):
            continue  # the same words again (a copy of the document, a repeated quote)
        said.add(plain)
        chosen.append(c)
    return chosen


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()
