"""A question as search sees it: words for dense search, terms for BM25, phrases, exclusions,
and the filters that restrict where to look."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.errors import InputError
from qa.glossary import expansions

KINDS = ("debate", "article", "newsletter", "report", "note")
ROLES = ("minister", "question", "member")
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
    speaker: str | None = None  # a debate speaker's name as the source states it
    undated: bool = False  # with since/until: keep documents that state no date too

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise InputError(f"kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.role is not None and self.role not in ROLES:
            raise InputError(f"role {self.role!r} is not one of {', '.join(ROLES)}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _iso_prefix(value):
                raise InputError(f"{name} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
        if self.since and self.until and self.since > self.until:
            raise InputError(f"since {self.since} is after until {self.until}")

    @property
    def active(self) -> bool:
        return any(getattr(self, f) for f in ("kind", "doc", "since", "until", "role", "speaker"))


def _iso_prefix(value: str) -> bool:
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(value, fmt)
            return True
        except ValueError:
            continue
    return False


def date_in_range(date: str | None, since: str | None, until: str | None) -> bool:
    """Compare ISO dates at the precision of each bound: '2012-01-30' is within until='2012'."""
    if not since and not until:
        return True
    if not date:
        return False
    if since and date[: len(since)] < since and not since.startswith(date):
        return False
    return not (until and date[: len(until)] > until)


def same_speaker(name: str | None, wanted: str) -> bool:
    return name is not None and name.casefold() == wanted.casefold()


def role_matches(role: str | None, wanted: str) -> bool:
    if role is None:
        return False
    if wanted == "minister":
        return role == "Minister's answer"
    if wanted == "question":
        return "question" in role
    return role in ("member's question", "supplementary question")
