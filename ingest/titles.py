"""What a document's title is not, and what a page's title carries that is not the title.

A page's text opens with its headline, often under lines that are no title at all, and a
briefing reference that cites such a line is worse than one that cites none. Each rule below is
a kind of line, not one site's strings, and was seen on pages of at least two origins:

- a date, time or duration alone: "19m" and "12 Sep 2024" over a Channel 4 interview, "11 Feb"
  over a WhatGov summary, "2022-07-19" under a Commons-Sense page's heading, "(7 years, 6 months
  ago)" on Parallel Parliament, "3.8 p.m." in Historic Hansard;
- a picture credit or caption: "date 2023-01-17 Photo: Rido/Adobe Stock" (Community Care),
  "Image caption Lord Falconer is making the case ..." (BBC);
- a person's name alone, a letter's signature or a member's page header: "Baroness Burt of
  Solihull" over her letter (the Observer), "Baroness Blake of Leeds" over her page (Parallel
  Parliament);
- a list item: "• Debate Pack" (the Commons Library's topic listing), where the list's first
  entry is one of many documents, not the page;
- a short section or type label printed over the headline (a kicker): "UK Politics" (BBC),
  "Briefing" (NHS Confederation), "Question" (WhatGov), as "Blog" (King's Fund) and "Policy
  paper" (GOV.UK) are, which `NOT_A_TITLE` lists by name. The label is a word or two; the
  headline under it is a longer heading that states no date (Hansard's "Social Care" stands over
  "Volume 630: debated on Wednesday 25 October 2017"), and the body's prose starts right below
  the headline.

And a title loses what a page's title bar adds to it: the link to the table of contents
("Written Parliamentary Questions - Procedure Committee Contents", "Back to the future? ...
Contents": the Commons Procedure Committee's and the Lords Adult Social Care Committee's report
pages, as "Contents" set under a cover's title heads what follows and is no part of it) and a
trailing date ("Care Setting Transfers Waiting Lists 2022-07-19": the date is metadata).
"""

from __future__ import annotations

import re

from ingest.hansard import BARE_NAME, NOT_A_MEMBER
from ingest.structure import DATE, NOT_A_TITLE, SITE_SEPARATOR

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAY = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
_UNIT = r"s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?"
# The words a line that only says when (or how long) is made of.
_WHEN_WORD = re.compile(
    rf"^(?:\d+(?:st|nd|rd|th|{_UNIT})?|{_MONTH}|{_DAY}|{_UNIT}|am|pm|a|p|ago|read|on|at|date"
    r"|updated|published|posted|gmt|bst|utc)$",
    re.IGNORECASE,
)
CREDIT = re.compile(
    r"\b(?:photo(?:graph)?|image|picture|illustration)s?\s*(?:credit\s*)?:|\bimage caption\b",
    re.IGNORECASE,
)
# A list item's mark: a bullet or a Markdown dash, not a number ("7. Submissions on behalf of"
# is a numbered heading).
BULLET = re.compile(r"^[•▪◦●■‣∙·*-]\s")
_POSSESSIVE = re.compile(r"[’']s\b")
KICKER_WORDS = 2  # a section or type label over a headline is a word or two
# A full date in any form the dates are read in (`structure.DATE`).
_DATED = re.compile(rf"\b(?:{DATE})\b", re.IGNORECASE)
_DATE_TAIL = re.compile(rf"\s+[-–—|(]?\s*(?:{DATE})\)?$", re.IGNORECASE)
_CONTENTS_TAIL = re.compile(r"\s+(?:table of )?contents$", re.IGNORECASE)


def when_line(line: str) -> bool:
    """The line says only when, or for how long: a date, a time, a duration, an age."""
    words = re.findall(r"[^\W_]+", line)
    return bool(words) and any(c.isdigit() for c in line) and all(map(_WHEN_WORD.match, words))


def name_alone(line: str) -> bool:
    """A member's or a peer's name and nothing else ("Baroness Burt of Solihull")."""
    line = " ".join(line.split())
    return bool(
        BARE_NAME.match(line) and not NOT_A_MEMBER.search(line) and not _POSSESSIVE.search(line)
    )


def furniture_title(line: str) -> bool:
    """A line above a headline that is not the title and not yet the text: a page-type label or
    navigation (`NOT_A_TITLE`), a date or duration, a picture credit, a name alone."""
    line = line.strip()
    return bool(
        NOT_A_TITLE.match(line) or when_line(line) or CREDIT.search(line) or name_alone(line)
    )


def not_a_title(line: str) -> bool:
    """Never a document's title: furniture, or a list item (which begins the text)."""
    return furniture_title(line) or bool(BULLET.match(line.strip()))


def kicker(label: str, headline: str, headline_is_heading: bool, body_is_prose: bool) -> bool:
    """`label` is a section or type label over `headline`: a word or two, under which stands a
    longer heading with the body's prose right below it (the shapes of the two lines below are
    the caller's verdicts)."""
    words = label.split()
    return (
        0 < len(words) <= KICKER_WORDS
        and not any(c.isdigit() for c in label)
        and headline_is_heading
        and body_is_prose
        and not not_a_title(headline)
        and not _DATED.search(headline)  # a dateline ("Volume 630: debated on ...") is none
        and len(headline.split()) > len(words)
    )


def tidy(title: str | None) -> str | None:
    """A title less a trailing "Contents" link or date; None where it is no title at all."""
    if title is None:
        return None
    for tail in (_CONTENTS_TAIL, _DATE_TAIL):
        title = tail.sub("", " ".join(title.split())) or title
    # A site's name after the title ("... - Procedure Committee") is the publisher's, read later
    # (structure.site_in_title): the title is judged without it.
    return None if not_a_title(re.split(SITE_SEPARATOR, title)[0]) else title
