"""Where in a debate a question points: "Who opened the debate?", "Who wound up for the
Government?", "Who asked the first supplementary question?", "Who spoke last?". The order of a
debate's contributions (`Section.number`) answers these, whatever the copy the debate came from
(ParlParse XML, hansard.parliament.uk, Parallel Parliament, TheyWorkForYou). Pure functions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.types import Document, Section
from qa.query import person, role_name

OPENED = "opened"  # the first contribution: the tabled question, the motion, the statement
SUPPLEMENTARY = "supplementary"  # the first question after the Minister's first answer
REPLIED = "replied"  # the Government's reply: the Minister's last speech, from its start
LAST = "last"  # the last contribution

# A verb of opening and the debate it opens ("opened the October 2009 Lords debate on ...").
_DEBATE = r"(?:the|this|that|a)\s+(?:[\w’'-]+\s+){0,8}?(?:debate|discussion|motion)\b"
_CUES = (
    (SUPPLEMENTARY, r"\bfirst supplementary\b"),
    (
        REPLIED,
        r"\b(?:wound|winding|wind|winds) up\b(?![^?]*\bfor the opposition\b)|"
        r"\b(?:replied|replying|responded|responding|answered|answering|closing|closed|spoke|"
        r"speaking)\s+(?:to the debate\s+)?(?:for|on behalf of) the government\b|"
        r"\bminister (?:closing|winding up|replying to|responding to)\b|"
        r"\b(?:the )?government'?s? (?:reply|response) to the debate\b",
    ),
    (
        LAST,
        r"\bspoke last\b|\blast (?:speaker|to speak|speech|contribution)\b|"
        r"\bfinal (?:speaker|speech|contribution)\b|\bclosed the debate\b",
    ),
    (
        OPENED,
        rf"\b(?:opened|opening|opens|introduced|introducing|began|started|initiated|led)\s+{_DEBATE}|"
        r"\bspoke first\b|\bfirst (?:speaker|to speak|speech|contribution)\b|"
        r"\bopening (?:speaker|speech)\b",
    ),
)
_CUE_RES = tuple((place, re.compile(p, re.IGNORECASE)) for place, p in _CUES)

# Who chairs a sitting, and words naming more than one member, speak but take no place in
# the order of speeches ("Mr. Speaker: Order.", "Several hon. Members: rose—").
_NOT_A_SPEECH = re.compile(r"\b(Speaker|Chairman|Chairwoman|Chair|Members|Lords)\b")


# The words of a cue that say where in the debate to look, not what the debate is about: once
# the place is found, a sentence need not repeat them ("wound up", "for the Government").
_PLACE_WORD_LIST = """
    opened opening opens introduced introducing began started initiated led first spoke
    speaker speech contribution supplementary wound winding wind winds up replied replying
    responded responding answered answering closing closed speaking last final to reply
    response government minister
"""
_PLACE_WORDS = frozenset(_PLACE_WORD_LIST.split())


def _found(question: str) -> tuple[str, re.Match[str]] | None:
    found = [(m.start(), i) for i, (_, p) in enumerate(_CUE_RES) if (m := p.search(question))]
    if not found:
        return None
    place, pattern = _CUE_RES[min(found)[1]]
    match = pattern.search(question)
    return (place, match) if match else None


def cue(question: str) -> str | None:
    """The place in a debate a question points to, or None: the earliest cue wins ("Who
    opened the debate the Minister wound up?" asks for the opener)."""
    found = _found(question)
    return found[0] if found else None


def place_words(question: str) -> str:
    """The words of the question's cue that name the place ("wound up", "for the
    Government"), not those naming the debate ("the October 2009 Lords debate")."""
    found = _found(question)
    words = re.findall(r"[\w’'-]+", found[1].group(0)) if found else []
    return " ".join(w for w in words if w.casefold() in _PLACE_WORDS)


def _speeches(doc: Document) -> list[int]:
    """Indexes of the document's numbered contributions that are speeches in the order of
    the debate: not the chair's, not a group's, not a bare "rose—"."""
    return [
        i
        for i, s in enumerate(doc.sections)
        if s.number
        and not (s.speaker and _NOT_A_SPEECH.search(person(s.speaker)))
        and len(doc.text[s.start : s.end].split()) >= 3
    ]


def same(a: Section, b: Section) -> bool:
    """The same speaker: by name, or by role where the copy names nobody."""
    if a.speaker or b.speaker:
        return a.speaker == b.speaker
    return role_name(a.role) == role_name(b.role)


def _start(sections: Sequence[Section], order: list[int], at: int) -> int:
    """The position in `order` where the speech holding `order[at]` begins: back over the
    same speaker's contributions, and over one interruption between two of them."""
    while at > 0:
        if same(sections[order[at - 1]], sections[order[at]]):
            at -= 1
        elif at > 1 and same(sections[order[at - 2]], sections[order[at]]):
            at -= 2
        else:
            break
    return at


def contribution(doc: Document, place: str) -> int | None:
    """The section index of the contribution at `place` in a debate, or None when the
    debate has no such contribution (no Minister, no answer before a supplementary)."""
    order = _speeches(doc)
    if not order:
        return None
    sections = doc.sections
    minister = [at for at, i in enumerate(order) if role_name(sections[i].role) == "minister"]
    if place == OPENED:
        return order[0]
    if place == LAST:
        return order[-1]
    if place == REPLIED:
        return order[_start(sections, order, minister[-1])] if minister else None
    if place == SUPPLEMENTARY and minister:
        after = [at for at in range(minister[0] + 1, len(order)) if at not in minister]
        return order[after[0]] if after else None
    return None
