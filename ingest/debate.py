"""A text copy of a debate as contributions: cleaned blocks grouped into speeches.

Where the copy names speakers on lines of their own, a contribution runs from one label to the
next. Where it names nobody, a copy with one line per speech (Parallel Parliament's older
layout, the seed copies) has one contribution per line; a copy in paragraphs
(hansard.parliament.uk) starts a contribution at the openings speeches have: the tabled question,
"My Lords,", "Mr Speaker,", "With permission, ...". Blocks before the first contribution (the
page's heading lines) and after an item heading ("Written Question") belong to no one.

The record's attribution phrases (`hansard.ATTRIBUTION`) name speakers in running text: "Lord X
rose to call attention to ..." opens X's contribution, and "The noble Lord said:" goes on with
the member last named. A hansard.parliament.uk copy that names nobody and prints no tabled
question, statement or motion starts mid-exchange (Commons oral questions): after the sitting's
citation ("Volume 748: debated on ...") each paragraph is one contribution (a line greeting the
chair, "Happy St George's day, Mr Speaker.", opens the one below it, and a paragraph ending ":"
goes on into the quotation or list it introduces); where speeches open "My Lords" they split
there instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from core.types import Section
from ingest.hansard import (
    ANSWERED_ON,
    Attribution,
    Label,
    attribution,
    committee_label,
    inline_label,
    official_label,
)
from ingest.spoken import (
    ADJOURNMENT,
    ANSWERING,
    PROCEDURAL,
    TABLED,
    Speech,
    governments,
    opens_item,
    opens_question,
    roles,
    short_debate,
    witness_ministers,
)
from ingest.structure import HANSARD_CITATION

# How a speech opens in either House (`structure.HOUSE_ADDRESS`): addressing the House or the
# chair, moving, or replying to the member before ("I thank the noble Lord for his Question",
# hansard.parliament.uk, Lords, 2022 and 2023, the Minister's second answer with names stripped).
SPEECH_OPENING = re.compile(
    r"^(My Lords\b|Mr\.? (Deputy )?Speaker\b|Madam (Deputy )?Speaker\b|I beg to move\b"
    r"|I (?:thank|am grateful to) (?:the|my) (?:noble|(?:right )?hon\.))"
)
_HOLDER = re.compile(r"\((?P<name>[^()]+)\)$")  # "Office (Lord Hunt of Kings Heath)"
ITEM_HEADING = re.compile(r"^Written (Question|Statement|Answer)s?$", re.IGNORECASE)
# A written ministerial statement as the copy marks it: Parallel Parliament's forum line over the
# statement, "Written Statements" (a debate page, 2017 and 2023; a member's page, where it is glued
# to the statement's first words, 2021 and 2023: `structure.FORUM_PREFIX`), and TheyWorkForYou's
# line under the title, "Department of Health and Social Care written statement – made at on 2 July
# 2019.". A Minister makes it for the Government, so the speech below is the Minister's, named or
# not (as ParlParse's `wms` records: `parlxml`).
WRITTEN_STATEMENT = re.compile(
    r"^Written (?:Ministerial )?Statements?$|\bwritten statement [–-] made (?:at )?on\b", re.I
)
# A paragraph of speech ends a sentence; a heading ("Question for Short Debate") does not.
PROSE = re.compile(r"[.?!:;”’\"')\]—-]$")
HEADING_MAX = 150  # a heading line is short; a long line without a full stop is speech
# One sentence greeting the chair, printed as a paragraph of its own above the speech.
TO_THE_CHAIR = re.compile(r"^[^.?!]{0,60}\b(?:Mr\.?|Madam) (?:Deputy )?Speaker[.!]$")


@dataclass(frozen=True)
class Run:
    """Consecutive blocks [first, last] that one speech (or no one) says."""

    first: int
    last: int
    speech: Speech | None
    skip: int = 0  # characters of the first block that name the speaker, not their words


def runs(
    text: str,
    blocks: tuple[tuple[int, int], ...],
    lines: tuple[int, ...],
    labels: tuple[Label, ...],
    paragraphs: bool,
    transcript: bool = False,
) -> list[Run]:
    """Blocks grouped into speeches. `lines` gives each block's line in the original text;
    `paragraphs`: the copy separates paragraphs by blank lines; `transcript`: a hearing's
    transcript, whose paragraphs may open with a plain name (`hansard.committee_label`)."""
    texts = [text[a:b] for a, b in blocks]
    # A transcript that labels its speakers names them all, and so does the Official Report, which
    # runs each speaker's label into the speech ("Baroness Hayman: My Lords, ..."): an unlabelled
    # paragraph goes on with the speaker above it (the speech resumes under the report's column
    # heading, "9 Feb 1999 : Column 108", publications.parliament.uk, Lords 1999 and 2000).
    named = (
        any(label.speaker for label in labels)
        or any(inline_label(t) or official_label(t) for t in texts)
        or (transcript and any(committee_label(t) for t in texts))
    )
    # A numbered oral question stands amid the exchanges: the copy still starts mid-exchange.
    mid = (
        paragraphs
        and not named
        and not any(opens_item(t) or governments(t) or attribution(t) for t in texts)
    )
    lords = any(t.startswith("My Lords") for t in texts)
    # Past the sitting's citation line; from the start in a copy that begins below it (the
    # exchanges alone, as copied from the page: `structure.HOUSE_ADDRESS`).
    cited = not any(HANSARD_CITATION.match(t) for t in texts)
    out: list[Run] = []
    pending: list[Label] = []
    carried: list[Label] = []  # labels waiting, past the item's headings, for its first words
    heading = False  # the block before was one of an item's headings under its label
    li = 0
    started = False
    last_named: str | None = None
    moved: Attribution | None = None  # the block before was a "Moved by" line
    statement = False  # the copy marked a written statement, whose speech is still to come
    for i, ((a, b), line) in enumerate(zip(blocks, lines, strict=True)):
        while li < len(labels) and labels[li].line < line:
            pending.append(labels[li])
            li += 1
        body = text[a:b]
        statement = statement or bool(WRITTEN_STATEMENT.search(body))
        who = [x for x in pending if x.speaker or x.asks or x.answers] or carried
        pending, carried = [], []
        headed, heading = heading, False
        inline = inline_label(body) or official_label(body)
        if inline := inline or (committee_label(body) if transcript else None):
            name, skip = inline
            office = name[: m.start()].strip() if (m := _HOLDER.search(name)) else None
            out.append(
                Run(i, i, Speech(name, body[skip:], office or None, answers=statement), skip)
            )
            started, statement = True, False
            continue
        if PROCEDURAL.match(body):
            out.append(Run(i, i, None))  # the record's words, no member's speech
            continue
        if ITEM_HEADING.match(body):
            out.append(Run(i, i, None))
            started = False
            continue
        if ANSWERED_ON.match(body):
            # The answer's date heads it where the copy names no one who answers.
            who = [*who, Label(0, body, answers=True)]
        asked = any(x.asks or x.answers for x in who)
        heads = i + 1 < len(texts) and not ITEM_HEADING.match(texts[i + 1])  # a heading heads text
        if asked and heads and not PROSE.search(body) and len(body) <= HEADING_MAX:
            # A written question's department, subject and date lines under "Asked by" or
            # "Answered by" are the record's headings: the question starts at its words ("To
            # ask ..."), the answer at the answer's. The lines are one run, so one passage
            # holds the date with the subject it heads.
            if headed:
                out[-1] = Run(out[-1].first, i, None)
            else:
                out.append(Run(i, i, None))
            carried, heading = who, True
            continue
        if (named or asked) and who:
            speaker = next((x.speaker for x in reversed(who) if x.speaker), None)
            office = next((x.office for x in reversed(who) if x.office), None)
            asks = any(x.asks for x in who)
            answers = any(x.answers for x in who) or statement
            out.append(Run(i, i, Speech(speaker, body, office, asks, answers)))
            started, last_named, statement = True, speaker or last_named, False
            continue
        if named and not started and TABLED.match(body):
            # The tabled question heads a copy that names the answering Minister but not the
            # asker (Parallel Parliament's page of one written question): the asker's, unnamed.
            out.append(Run(i, i, Speech(None, body, asks=True)))
            started = True
            continue
        said, mover = attribution(body), moved
        moved = said if said and said.act == "moves" else None
        if said and (said.act == "goes on" or (said.act in ("asks", "moved") and said.name)):
            speaker = said.name or last_named
            asks = said.act == "asks"
            out.append(Run(i, i, Speech(speaker, body[said.skip :], asks=asks), said.skip))
            started, last_named = True, speaker
            continue
        opening = _opens(body)
        if mover and not named and not started and not opening and PROSE.search(body):
            # "Moved by" over the mover's speech, the motion's words not in the copy
            # (hansard.parliament.uk, Lords, 2009): the speech moves the motion.
            out.append(Run(i, i, Speech(mover.name, body, asks=True)))
            started, last_named = True, mover.name or last_named
            continue
        if mid and cited and PROSE.search(body):
            after_greeting = bool(out) and out[-1].first == out[-1].last == i - 1
            after_greeting = after_greeting and bool(TO_THE_CHAIR.match(texts[i - 1]))
            introduced = texts[i - 1].endswith(":")  # the list or quotation a speech introduces
            opening = not started or not (lords or after_greeting or introduced)
        cited = cited or bool(HANSARD_CITATION.match(body))
        # A written answer the record heads ("Answered on") runs to the next heading or question,
        # a line per paragraph or not.
        answer = bool(out) and out[-1].speech is not None and out[-1].speech.answers
        split = not paragraphs or SPEECH_OPENING.match(body)
        stated = statement and bool(PROSE.search(body))  # the statement's first paragraph
        if not named and (opening or stated or (started and not answer and split)):
            out.append(Run(i, i, Speech(None, body, answers=stated)))
            started, statement = True, statement and not stated
            continue
        if out and (started or out[-1].speech is None) and out[-1].last == i - 1:
            last = out[-1]
            out[-1] = Run(last.first, i, last.speech, last.skip)
        else:
            out.append(Run(i, i, None))
    return out if transcript else _resumed(out, texts)


# A speech speaks in the first person or to the House: "When I started practising ...", "I
# apologise if this speech ...", "my noble friend", "noble Lords", "At the heart of this Bill
# are ..." (Parallel Parliament, a member's page, 2025), "the Minister".
FIRST_PERSON = re.compile(
    r"\bI [a-z]|\b[Mm]y (?:noble|hon\.|right hon\.)|\bnoble Lords\b"
    r"|\b[Tt]his (?:Bill|House|debate)\b|\bthe Minister\b"
)
SENTENCE_END = re.compile(r"[a-z0-9)][.?!][”’\"')]?(?:\s|$)")
# The item's own citation at its head ("Volume 336: debated on Tuesday 26 October 1999",
# hansard.parliament.uk; "HL Deb 10 March 2003 vol 645 cc1111-32", Historic Hansard): the copy
# starts where the item does, so no speech began before it. (The Official Report's column line,
# "9 Dec 2015 : Column 1015", falls anywhere, mid-speech too.)
ITEM_CITATION = re.compile(r"^(?:Volume \d+: debated on\b|H[LC] Deb \d)")


def _resumed(out: list[Run], texts: list[str]) -> list[Run]:
    """The copy starts in the middle of a speech: the Official Report's page of a sitting begins
    where the page before ended, mid-speech ("The group's second report on this matter, ..." above
    "Lord Rix: My Lords, ...", publications.parliament.uk, Lords, 2009; "When I started practising
    in the 1990s ...", Commons, 2015, a page that names no one). Running speech before the first
    contribution (paragraphs longer than a heading, in sentences, at least one of them in the
    first person) is that speech's end: a contribution whose speaker the copy does not name. Not
    below the item's own citation, where the copy starts with the item."""
    first = next((n for n, r in enumerate(out) if r.speech is not None), len(out))
    if first == 0 or out[first - 1].speech is not None:
        return out
    lead = out[first - 1]
    start = next(
        (
            k
            for k in range(lead.first, lead.last + 1)
            if len(texts[k]) > HEADING_MAX and SENTENCE_END.search(texts[k])
        ),
        None,
    )
    if start is None or not any(FIRST_PERSON.search(texts[k]) for k in range(start, lead.last + 1)):
        return out
    if any(ITEM_CITATION.match(texts[k]) for k in range(lead.first, start)):
        return out  # the copy starts at the item's head: the words before the first are the chair's
    said = "\n\n".join(texts[start : lead.last + 1])
    speech = [Run(start, lead.last, Speech(None, said, resumed=True))]
    before = [Run(lead.first, start - 1, None)] if start > lead.first else []
    return [*out[: first - 1], *before, *speech, *out[first:]]


def _opens(body: str) -> bool:
    """The block opens a speech by what it says: the tabled question, a motion, a statement."""
    return opens_question(body) or governments(body)


def sections(
    text: str,
    blocks: tuple[tuple[int, int], ...],
    found: list[Run],
    heading: str | None,
    tabled_by: str | None = None,
) -> tuple[Section, ...]:
    """One section per run: a contribution, numbered, with its speaker and role, or a
    heading run that is no one's. A Minister's answer carries what it answers as context."""
    speeches = [r.speech for r in found if r.speech is not None]
    full = [
        replace(s, text=text[blocks[r.first][0] + r.skip : blocks[r.last][1]])
        for r, s in ((r, r.speech) for r in found if r.speech is not None)
    ]
    first = next((n for n, r in enumerate(found) if r.speech is not None), len(found))
    adjourned = any(
        ADJOURNMENT.search(text[blocks[r.first][0] : blocks[r.last][1]]) for r in found[:first]
    )
    department = any(
        ANSWERING.search(text[blocks[r.first][0] : blocks[r.last][1]])
        for r in found
        if r.speech is None
    )
    short = short_debate(full, heading)
    ministers = witness_ministers(text, {s.speaker for s in full if s.speaker})
    found_roles = (
        roles(
            full,
            short_debate=short,
            ministers=ministers,
            adjourned=adjourned,
            department=department,
        )
        if speeches
        else ()
    )
    out: list[Section] = []
    spoken = iter(zip(full, found_roles, strict=True))
    number = 0
    said: list[tuple[str | None, str]] = []  # (role, text) of the contributions so far
    for r in found:
        a, b = blocks[r.first][0] + r.skip, blocks[r.last][1]
        if r.speech is None:
            out.append(Section(a, b))
            continue
        speech, role = next(spoken)
        number += 1
        speaker = speech.speaker
        if speaker is None and role == "question" and tabled_by:
            speaker = tabled_by  # a sidecar names the member who tabled the question
        context = None
        if role == "minister":
            context = next((t for r_, t in reversed(said) if r_ != "minister"), None)
        said.append((role, speech.text))
        out.append(Section(a, b, number=number, role=role, speaker=speaker, context=context))
    return tuple(out)
