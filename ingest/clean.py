"""Site furniture out, everything else in: line rules that name why each line was removed.

Cleaning never rewrites what it keeps: a kept line loses only whitespace at its two ends, so any
quotation from the cleaned text can be found in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.structure import NOT_A_TITLE

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"

# (reason, pattern) over a whole stripped line, case-insensitive. Patterns describe kinds of
# furniture seen on health-news, government and Hansard pages, not particular lines.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "audience banner",
            r"^this (web)?site is (intended|only|meant) (only )?for .*(professionals|only)\b",
        ),
        (
            "survey prompt",
            r"\bsurvey\b.*\b(let us know|tell us|what you think)\b|^(complete|take) our .*survey",
        ),
        ("link prompt", r"^(find out more|read more|click here|subscribe to|sign up)\b"),
        ("link prompt", r"\(opens in (a )?new (window|tab)\)$"),
        ("link prompt", r"^see how our .*\b(tool|app|service)\b.*help"),
        ("link prompt", r"^other (stories|articles) in (the|this)\b.*:$"),
        ("download prompt", r"^download (adobe|acrobat|the free)\b|^(acrobat|pdf) icon$"),
        ("copyright line", r"^(©|\(c\)|copyright\b)"),
        ("company registration", r"\bregistered (in england|company|office|charity)\b"),
        ("company registration", r"^vat registration\b"),
        ("archive notice", r"\bcontent on this site may not reflect current government policy\b"),
        ("archive notice", r"^a new (uk )?government took office\b"),
        ("archive notice", r"^all statutory guidance and legislation published on this site\b"),
        (
            "navigation",
            r"^full debate:|^main page:|\bview all\b.*\bdebates\b|^department debates\b",
        ),
        (
            "relative timestamp",
            r"^\(?\s*(\d+\s+(second|minute|hour|day|week|month|year)s?,?\s*)+ago\s*\)?$",
        ),
        (
            "page date (kept as metadata)",
            rf"^(page )?(last )?(updated|published|posted)\s*:?\s*"
            rf"\d{{1,2}}\s+({_MONTHS})\s+\d{{4}}$",
        ),
        ("edition date (kept as metadata)", rf"^({_MONTHS})\s+\d{{4}}$"),
    )
)
# A chamber label glued to the first words of a debate ("Lords ChamberTo ask ...").
CHAMBER_PREFIX = re.compile(r"^(Lords|Commons) Chamber(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)]*$")


@dataclass(frozen=True)
class Removal:
    line: int  # 1-based line number in the original file
    text: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    """Kept lines joined by blank lines; `blocks` are their offsets in `text`, `lines` the
    1-based line of the original each block came from."""

    text: str
    blocks: tuple[tuple[int, int], ...]
    lines: tuple[int, ...]
    removed: tuple[Removal, ...]
    title: str | None
    chamber: str | None


FOOTER_MAX = 160  # a copyright or registration footer is short; a long line is content


def furniture_reason(line: str) -> str | None:
    for reason, pattern in LINE_RULES:
        if pattern.search(line):
            if reason in ("copyright line", "company registration") and len(line) > FOOTER_MAX:
                continue  # "© Author 2013. All rights reserved. A challenging reappraisal ..."
            return reason
    return None


def is_heading(line: str) -> bool:
    return len(line) <= 200 and not _SENTENCE_END.search(line)


def clean(raw: str) -> Cleaned:
    kept: list[tuple[int, str]] = []
    removed: list[Removal] = []
    title: str | None = None
    chamber: str | None = None
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, original in enumerate(lines, start=1):
        line = original.strip()
        if not line:
            continue
        reason = furniture_reason(line)
        if reason is None and (m := CHAMBER_PREFIX.match(line)):
            chamber = m.group(1)
            removed.append(Removal(number, m.group(0), "chamber label (kept as metadata)"))
            line = line[m.end() :]
        # Page-type labels and navigation ("Policy paper", "Skip to main content", a date
        # line) above the heading are neither the title nor the start of the text.
        leading = all(NOT_A_TITLE.match(k) for _, k in kept)
        if reason is None and leading and is_heading(line) and not NOT_A_TITLE.match(line):
            if title is None:
                title, reason = line, "title (kept as metadata)"
            elif line == title:
                reason = "repeated title"
        if reason is not None:
            removed.append(Removal(number, line, reason))
            continue
        kept.append((number, line))
    text, blocks, pos = "", [], 0
    for i, (_, line) in enumerate(kept):
        if i:
            text += "\n\n"
            pos += 2
        blocks.append((pos, pos + len(line)))
        text += line
        pos += len(line)
    origin = tuple(n for n, _ in kept)
    return Cleaned(text, tuple(blocks), origin, tuple(removed), title, chamber)
