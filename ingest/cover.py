"""A paged document's title as its cover prints it, and the body the cover names beside it.

A report's first page sets its title in large type over a few short lines, often with a
subtitle below a gap and the issuing body and date under both:

    INTERIM REPORT                          JUNE 2025
    Data Driven Healthcare in 2030:         NHS England |
    Transformation Requirements of the      National
    NHS Digital Technology and Health       engagement on
    Informatics Workforce                   data
                                                                (HEE, 2021; NHS England, 2025)
    Summary and Recommendations             Cohort 2 Report
    HEE Digital Readiness Programme
    March 2021

The title is the first run of such lines (labels, dates and page numbers above it skipped), with
the subtitle that follows a gap joined by " – ", as the HEE report's own title page writes it;
"Body |" before the title, or a body's name alone above it, is the issuer, not the title. A run
that goes on into prose (a lower-case line after it) is the start of the text, not a title.
Seen on PDFs of HEE, NHS England (two) and the Cambridgeshire and Peterborough Joint
Prescribing Group; none of them prints a subtitle that is a version or a date ("Version 3, 8
February 2023" under "Commissioning policy: individual funding requests" is neither).
"""

from __future__ import annotations

import re

from ingest.clean import CONTENTS_HEADING, PAGE_NUMBER
from ingest.structure import BODY_WORD, COVER_DATE, DATE_LINES, NOT_A_TITLE, organisation

TITLE_LINE = 90  # characters: a cover's title line; a body text line on the page is longer
TITLE_LINES = 5  # lines of one run
TITLE_CHARS = 200
SUBTITLE_LINES = 2
_ENDS_SENTENCE = re.compile(r"[.!?;]['\"’”)]*$")
_NOT_A_SUBTITLE = re.compile(
    r"^(?:version|issue|edition|draft|classification|publication|published|updated|date)\b"
    r"|\b\d{4}\b",
    re.IGNORECASE,
)
_BODY_BAR = re.compile(r"^(?P<body>[^|]+?)\s*\|\s*(?P<rest>.*)$")
# The first heading of the document's body set on the cover below the title, with no gap or after
# one: "Contents" (Cambridgeshire and Peterborough ICB guidance on insulin pen needles, 2023, and
# on blood glucose self-monitoring, 2024), "Executive summary" (its heart-failure prescribing
# support document, 2024). It heads what follows; it is no part of the title, nor a subtitle.
_SECTION = re.compile(r"^(?:executive summary|summary|introduction|foreword)$", re.IGNORECASE)


def _section(line: str) -> bool:
    return bool(CONTENTS_HEADING.match(line) or _SECTION.match(line))


def _label(line: str) -> bool:
    """A line above a cover's title that is not part of it: a page number, a type label
    ("INTERIM REPORT"), a date."""
    return bool(PAGE_NUMBER.match(line) or NOT_A_TITLE.match(line) or _dated(line))


def _dated(line: str) -> bool:
    return bool(COVER_DATE.match(line)) or any(
        p.search(line) for what, p in DATE_LINES if what == "date line"
    )


def _title_line(line: str) -> bool:
    return 0 < len(line) <= TITLE_LINE and not _ENDS_SENTENCE.search(line)


def _runs(lines: list[str]) -> list[tuple[list[str], str | None]]:
    """The page's runs of title-like lines, each with the line that ended it (None: a gap)."""
    runs: list[tuple[list[str], str | None]] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if not line:
            if run:
                runs.append((run, None))
            run = []
        elif not run and not runs and _label(line):
            continue
        elif run and (_dated(line) or _section(line)):
            runs.append((run, line))  # a date under the title ends it ("24 October 2022")
            break
        elif _title_line(line) and (run or line[0].isupper() or line[0].isdigit()):
            run.append(line)
        else:
            if run:
                runs.append((run, line))
            break
    return runs


BODY_LINES = 3  # an issuer's name on a cover, its logo's words set over up to three lines


def _body_in_run(run: list[str]) -> tuple[str | None, list[str]]:
    """The issuing body set over or under the title without a gap, and the title's own lines:
    "Cambridgeshire and Peterborough Joint Prescribing Group" above it, or an NHS body's logo
    as a PDF gives it, "NHS" / "Norfolk and Waveney" / "Integrated Care Board" (the lozenge,
    then the name)."""
    for k in range(min(BODY_LINES, len(run) - 1), 0, -1):
        name = " ".join(run[:k])
        if organisation(name) and (k == 1 or BODY_WORD.search(name.split()[-1])):
            return name, run[k:]
    if len(run) > 1 and organisation(run[-1]):
        return run[-1], run[:-1]
    return None, run


def cover_title(raw: str, pages: tuple[int | None, ...]) -> tuple[str | None, str | None]:
    """(title, issuer) as a paged document's first page prints them; None where it does not."""
    if not pages:
        return None, None
    first = pages[0]
    lines = [
        " ".join(line.split())
        for line, page in zip(raw.split("\n"), pages, strict=False)
        if page == first
    ]
    runs = _runs(lines)
    issuer = None
    if runs and len(runs[0][0]) == 1 and organisation(runs[0][0][0]) and runs[0][1] is None:
        issuer = runs.pop(0)[0][0]  # the body's name alone above the title
    if not runs:
        return None, issuer
    run, ended = runs[0]
    body, run = _body_in_run(run)
    issuer = issuer or body
    title = " ".join(run)
    if (
        len(run) > TITLE_LINES
        or len(title) > TITLE_CHARS
        or title.endswith(":")
        or (ended is not None and ended[0].islower())
        or (len(run) == 1 and organisation(title))
    ):
        return None, issuer
    if (m := _BODY_BAR.match(title)) and organisation(m.group("body")) and m.group("rest"):
        issuer, title = m.group("body"), m.group("rest")
    if ended is None and len(runs) > 1:
        sub, sub_ended = runs[1]
        subtitle = " ".join(sub)
        if (
            len(sub) <= SUBTITLE_LINES
            and not _NOT_A_SUBTITLE.search(subtitle)
            and not _label(subtitle)
            and not _section(subtitle)
            and not organisation(subtitle)
            and not subtitle.endswith(":")
            and not (sub_ended is not None and sub_ended[0].islower())
        ):
            title = f"{title} – {subtitle}"
    return title, issuer
