"""What a document states about itself: title, kind, date, publisher, and a debate's contributions.

Every value comes from the text's own evidence; what the text does not state stays None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.types import Section

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_M = "|".join(_MONTHS)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

TABLED_QUESTION = re.compile(r"^To ask (His|Her) Majesty[’']s Government\b")
# "Main Page: Baroness Pitkeathley (Labour - Life peer)" on Hansard debate pages.
MEMBER_HEADER = re.compile(
    r"^Main Page:\s*(?P<name>[^()]+?)\s*\((?P<party>[^)-]+?)\s*-\s*(?P<seat>[^)]+)\)", re.M
)
ADDRESSES_MINISTER = re.compile(r"\bthe Minister\b")
# How a Minister addresses the member who asked: the kind of member that tells.
FORMS_OF_ADDRESS = (
    ("my noble friend", "A noble friend of the Minister"),
    ("the noble Baroness", "A noble Baroness"),
    ("the noble Lord", "A noble Lord"),
    ("the right reverend Prelate", "A right reverend Prelate"),
    ("the noble and learned Lord", "A noble and learned Lord"),
    ("the noble Earl", "A noble Earl"),
    ("the noble Viscount", "A noble Viscount"),
)


@dataclass(frozen=True)
class Stated:
    """Metadata found in the text, with the evidence for each value."""

    title: str | None = None
    kind: str | None = None
    publisher: str | None = None
    date: str | None = None
    chamber: str | None = None
    tabled_by: str | None = None
    tabled_by_party: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()


def iso(day: int, month: str, year: int) -> str | None:
    try:
        return dt.date(year, _MONTHS.index(month.lower()) + 1, day).isoformat()
    except ValueError:
        return None


def find_date(raw: str) -> tuple[str | None, str | None]:
    """The document's date and the words that state it, best evidence first."""
    m = re.search(
        rf"\b(?:page )?(?:last )?(?:updated|published|posted)\s*:\s*"
        rf"(\d{{1,2}})\s+({_M})\s+(\d{{4}})\b",
        raw,
        re.I,
    )
    if m:
        return iso(int(m.group(1)), m.group(2), int(m.group(3))), m.group(0)
    # "published on Tuesday 4 April": the year is the one, among those the text mentions, in
    # which that day falls on that weekday.
    m = re.search(rf"\bpublished on ({_DAYS}) (\d{{1,2}}) ({_M})(?: (\d{{4}}))?\b", raw, re.I)
    if m:
        if m.group(4):
            return iso(int(m.group(2)), m.group(3), int(m.group(4))), m.group(0)
        years = {int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", raw)}
        fits = [
            y
            for y in years
            if (d := iso(int(m.group(2)), m.group(3), y))
            and dt.date.fromisoformat(d).strftime("%A").lower() == m.group(1).lower()
        ]
        if len(fits) == 1:
            return iso(
                int(m.group(2)), m.group(3), fits[0]
            ), f"{m.group(0)} ({fits[0]} is the year it mentions in which that is a {m.group(1)})"
    m = re.search(rf"^({_M}) (\d{{4}})$", raw, re.I | re.M)
    if m:
        return f"{int(m.group(2)):04d}-{_MONTHS.index(m.group(1).lower()) + 1:02d}", m.group(0)
    return None, None


def find_publisher(raw: str) -> tuple[str | None, str | None]:
    m = re.search(
        r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s+)?(.+?)(?:\s+\d{4})?(?:\s*[|,].*)?$", raw, re.I | re.M
    )
    if m:
        return m.group(1).strip(), m.group(0).strip()
    return None, None


def state(raw: str, title: str | None, chamber: str | None) -> Stated:
    """Metadata that the raw text states. `title`/`chamber` come from the cleaner's lines."""
    evidence: list[tuple[str, str]] = []
    kind = None
    if any(
        TABLED_QUESTION.match(line.strip().removeprefix(f"{chamber} Chamber"))
        for line in raw.splitlines()
    ):
        kind = "debate"
        evidence.append(("kind", "a tabled question 'To ask His Majesty's Government ...'"))
    elif re.search(r"\bedition of .*\bnews\b|\bnewsletter\b", raw, re.I):
        kind = "newsletter"
        evidence.append(("kind", "the page names its newsletter edition"))
    if kind == "debate" and title and title.endswith(" Debate"):
        title = title.removesuffix(" Debate")
    if title:
        evidence.append(("title", "the page's first heading"))
    date, said = find_date(raw)
    if date:
        evidence.append(("date", said or ""))
    publisher, said = find_publisher(raw)
    if publisher:
        evidence.append(("publisher", said or ""))
    tabled_by = party = None
    if m := MEMBER_HEADER.search(raw):
        tabled_by, party = m.group("name").strip(), m.group("party").strip()
        evidence.append(("tabled_by", m.group(0)))
    if chamber:
        evidence.append(("chamber", f"{chamber} Chamber"))
    return Stated(title, kind, publisher, date, chamber, tabled_by, party, tuple(evidence))


def debate_sections(
    text: str, blocks: tuple[tuple[int, int], ...], tabled_by: str | None
) -> tuple[Section, ...]:
    """One section per contribution, with a role from the text's own evidence.

    The tabled question opens; a contribution that asks something ('?') or addresses 'the
    Minister' is a member's; the rest are the Minister's. The member who tabled the question
    asks the first supplementary. A member is described by the form of address the Minister's
    reply uses; a name is given only where the page states it.
    """
    roles: list[str] = []
    for i, (a, b) in enumerate(blocks):
        body = text[a:b]
        if i == 0 and TABLED_QUESTION.match(body):
            roles.append("tabled question")
        elif "?" in body or ADDRESSES_MINISTER.search(body):
            roles.append(
                "supplementary question"
                if "supplementary question" not in roles and "tabled question" in roles
                else "member's question"
            )
        else:
            roles.append("Minister's answer")
    sections = []
    for i, ((a, b), role) in enumerate(zip(blocks, roles, strict=True)):
        speaker: str | None
        context = None
        if role == "Minister's answer":
            speaker = "The Minister"
            asked = next((j for j in range(i - 1, -1, -1) if roles[j] != "Minister's answer"), None)
            if asked is not None:
                context = text[blocks[asked][0] : blocks[asked][1]]
        elif role in ("tabled question", "supplementary question"):
            speaker = tabled_by
        else:
            reply = next(
                (j for j in range(i + 1, len(roles)) if roles[j] == "Minister's answer"), None
            )
            speaker = _form_of_address(text[blocks[reply][0] : blocks[reply][1]]) if reply else None
        sections.append(Section(a, b, number=i + 1, role=role, speaker=speaker, context=context))
    return tuple(sections)


def _form_of_address(reply: str) -> str | None:
    lower = reply.lower()
    found = [(lower.find(p.lower()), label) for p, label in FORMS_OF_ADDRESS if p.lower() in lower]
    return min(found)[1] if found else None
