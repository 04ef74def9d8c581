"""A question as search sees it: words for dense search, terms for BM25, phrases, exclusions,
and the filters that restrict where to look."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core import dates
from core.errors import InputError
from core.types import KINDS, ROLES
from qa.glossary import expansions

__all__ = ["KINDS", "ROLES", "Filters", "Query", "date_in_range", "normalise", "parse"]
_QUOTED = re.compile(r'(?<![\w-])(-?)["“”]([^"“”]+)["“”]')
# "-Hewitt" excludes; "-2" is a number, not an exclusion.
_EXCLUDED_WORD = re.compile(r"(?<!\S)-([^\W\d_][\w'’-]*)")


@dataclass(frozen=True)
class Query:
    question: str  # as asked
    dense_text: str  # what the embedding model sees: quotes and exclusions stripped
    lexical_text: str  # what BM25 sees: the dense text plus glossary expansions
    phrases: tuple[str, ...] = ()  # each must stand in a passage
    excluded: tuple[str, ...] = ()  # words or phrases no passage may contain


def parse(question: str) -> Query:
    phrases: list[str] = []
    excluded: list[str] = []

    def quoted(m: re.Match[str]) -> str:
        (excluded if m.group(1) else phrases).append(m.group(2).strip())
        return "" if m.group(1) else m.group(2)

    text = _QUOTED.sub(quoted, question)

    def minus(m: re.Match[str]) -> str:
        excluded.append(m.group(1))
        return ""

    text = _EXCLUDED_WORD.sub(minus, text)
    text = re.sub(r"\s+", " ", text).strip() or question
    lexical = " ".join([text, *expansions(text)])
    return Query(question, text, lexical, tuple(p for p in phrases if p), tuple(excluded))


def normalise(text: str) -> str:
    """For phrase matching: case, whitespace and quote shapes do not matter."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).lower()


@dataclass(frozen=True)
class Filters:
    """Where to look. Empty fields do not restrict."""

    kind: str | None = None
    doc: str | None = None  # a doc_id or source file name
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    role: str | None = None  # minister | question | member
    speaker: str | None = None  # a speaker's name as the source gives it (see speaker_matches)
    undated: bool = False  # with since/until: keep documents that state no date too

    def __post_init__(self) -> None:
        if self.speaker is not None and not speaker_key(self.speaker)[0]:
            raise InputError(f"speaker {self.speaker!r} names nobody: give a name, e.g. Baroness X")
        if self.kind is not None and self.kind not in KINDS:
            raise InputError(f"kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.role is not None and self.role not in ROLES:
            raise InputError(f"role {self.role!r} is not one of {', '.join(ROLES)}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not dates.is_iso_date(value):
                raise InputError(f"{name} {value!r} is not a date: use {dates.FORMS}")
        # At the coarser precision of the two: since 2012-01, until 2012 is a fine range.
        n = min(len(self.since or ""), len(self.until or ""))
        if self.since and self.until and self.since[:n] > self.until[:n]:
            raise InputError(f"since {self.since} is after until {self.until}")

    @property
    def active(self) -> bool:
        return any(getattr(self, f) for f in ("kind", "doc", "since", "until", "role", "speaker"))


def date_in_range(date: str | None, since: str | None, until: str | None) -> bool:
    """Compare ISO dates at the precision of each bound: '2012-01-30' is within until='2012'."""
    if not since and not until:
        return True
    if not date:
        return False
    if since and date[: len(since)] < since and not since.startswith(date):
        return False
    return not (until and date[: len(until)] > until)


# The roles ingest wrote before roles became "question" / "minister" / "member".
_OLD_ROLES = {
    "tabled question": "question",
    "supplementary question": "question",
    "member's question": "member",
    "Minister's answer": "minister",
}


def role_name(role: str | None) -> str | None:
    """A section's role as one of ROLES (older indexes used longer names)."""
    return _OLD_ROLES.get(role, role) if role else None


def role_matches(role: str | None, wanted: str) -> bool:
    return role is not None and role_name(role) == wanted


# Words before a name that are not part of it, and ranks that are ("Baroness", "Lord").
_HONORIFICS = re.compile(r"^(the\s+)?(rt\.?\s+hon\.?|right\s+hon(ourable)?\.?|hon\.?)\s+", re.I)
_NAME_SUFFIX = re.compile(r"\s*(\(.*\)|,.*|\bMP\b|\bQC\b|\bKC\b)\s*$")


# Hansard names a minister by office with the person after it: "The Parliamentary
# Under-Secretary of State, Department of Health (Lord Hunt of Kings Heath)".
_OFFICE_THEN_NAME = re.compile(r"^the\s.+?\(([^()]*[A-Z][^()]*)\)\s*$", re.IGNORECASE)


def person(speaker: str) -> str:
    """The person a speaker line names: the name in brackets after an office, else the line."""
    m = _OFFICE_THEN_NAME.match(" ".join(speaker.split()))
    return m.group(1).strip() if m else speaker


def speaker_key(name: str) -> tuple[str, str]:
    """(rank and name, territorial part) in lower case: "Baroness Blake of Leeds" ->
    ("baroness blake", "leeds"); "The Rt Hon Andy Burnham MP" -> ("andy burnham", "")."""
    text = " ".join(person(name).replace("’", "'").split())
    text = _HONORIFICS.sub("", text)
    text = _NAME_SUFFIX.sub("", text).strip()
    core, _, place = text.partition(" of ")
    return core.strip().casefold(), place.strip().casefold()


def speaker_matches(speaker: str | None, wanted: str) -> bool:
    """Whether a section's speaker is the one wanted: case does not matter, and "Baroness X"
    matches "Baroness X of Y" (a territorial designation given or left out)."""
    if not speaker:
        return False
    (core, place), (want, want_place) = speaker_key(speaker), speaker_key(wanted)
    if not core or not want:
        return False
    same = core == want or core.endswith(" " + want) or want.endswith(" " + core)
    return same and (not place or not want_place or place == want_place)


def named_speakers(question: str, speakers: Iterable[str]) -> tuple[str, ...]:
    """The index's speakers a question names ("What did Baroness Watkins ask?"): a speaker is
    named when their rank and name, or their whole name, stand in the question as words. In
    the order the question names them: "What did Lady Hallett ask Dr Townson?" is about the
    words of the one named first."""
    q = " " + " ".join(re.sub(r"[^\w'’-]+", " ", question.replace("’", "'")).split()).casefold()
    q += " "
    found = []
    for name in speakers:
        core = speaker_key(name)[0]
        if len(core.split()) < 2 or core.split()[0] in ("the", "a", "an"):
            continue  # a bare surname, or a description ("The Minister"), is not a name
        if (at := q.find(f" {core} ")) >= 0:
            found.append((at, name))
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


# A question that names a role rather than a person ("the Minister said", "who tabled").
_ROLE_WORDS = (
    (
        "minister",
        re.compile(
            r"\bthe minister\b|\bwhich minister\b|\banswered for the government\b"
            r"|\bthe government'?s? (answer|reply)\b"
            # "What did the Government say about ...?", "How much did the Government commit
            # ...?": in a debate or a written answer, the Government speaks by its minister.
            r"|\b(did|does|do|has|have|had) the government (say|said|tell|told|state|stated|"
            r"commit|committed|cite|cited|confirm|confirmed|promise|promised|announce|announced)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "question",
        re.compile(
            r"\b(tabled|introduced|opened)\b|\bwho asked\b|\bwhich (peer|mp|member)"
            r" asked\b",
            re.IGNORECASE,
        ),
    ),
)


# A question whose answer is the person in a role: "Which minister answered ...?".
_ASKS_FOR_ROLE = (
    (
        "minister",
        re.compile(
            r"\b(which|what) minister\b|\bwho (answered|replied|responded)\b"
            r"|\bwho\b.*\banswered for the government\b",
            re.IGNORECASE,
        ),
    ),
    (
        "question",
        re.compile(
            r"\b(who|which (peer|mp|member|lord|baroness)) tabled\b"
            r"|\bwho asked the\b[^?]*\bquestion\b",
            re.IGNORECASE,
        ),
    ),
)


def asked_role(question: str) -> str | None:
    """The role whose holder the question asks for, if it asks for one."""
    for role, pattern in _ASKS_FOR_ROLE:
        if pattern.search(question):
            return role
    return None


def named_role(question: str) -> str | None:
    for role, pattern in _ROLE_WORDS:
        if pattern.search(question):
            return role
    return None


# "What did Baroness X ask?", "According to Lord Y, ...": it asks for one person's words.
_RANKS = r"Lord|Baroness|Lady|Earl|Viscount|Bishop|Dr|Mr|Mrs|Ms|Miss|Sir|Dame|Professor"
_ASKS_FOR_WORDS = re.compile(
    rf"\b(did|does|according to)\s+(the\s+)?({_RANKS})\s+[A-Z][\w'’-]+",
)


def asks_for_someones_words(question: str) -> bool:
    return bool(_ASKS_FOR_WORDS.search(question))
