"""Site furniture out, everything else in: line rules that name why each line was removed.

Cleaning never rewrites what it keeps: a kept line loses only whitespace at its two ends, and a
line hard-wrapped mid-sentence is joined to the rest of it by one space, so any quotation from the
cleaned text can be found in the original with its line breaks as spaces.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.structure import FORUM_PREFIX
from ingest.titles import furniture_title, kicker, not_a_title

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
        # "(c)" opens a copyright line only before a year or the word; else it is list item (c).
        ("copyright line", r"^(©|copyright\b|\(c\)\s*(\d{4}\b|crown\b|copyright\b))"),
        ("company registration", r"\bregistered (in england|company|office|charity)\b"),
        ("company registration", r"^vat registration\b"),
        ("archive notice", r"\bcontent on this site may not reflect current government policy\b"),
        ("archive notice", r"^a new (uk )?government took office\b"),
        ("archive notice", r"^all statutory guidance and legislation published on this site\b"),
        (
            "navigation",
            r"^full debate:|^main page:|\bview all\b.*\bdebates\b|^department debates\b",
        ),
        # The Official Report's running column heading: "8 May 2000 : Column 1194".
        ("column heading", r"^\d{1,2} [a-z]+ \d{4} : column \w+$"),
        # Site prompts seen on Hansard, Health Foundation and King's Fund pages alike.
        ("skip link", r"^skip to (the )?(main )?(content|navigation)$"),
        ("browser notice", r"\byour browser is (too old|out of date|not supported)\b"),
        (
            "share or print prompt",
            r"^(share|print|email)( this)?( page| article| story)?$"
            r"|^share (on|via) (twitter|facebook|linkedin|x|email|whatsapp)$",
        ),
        (
            "cookie prompt",
            r"\bwe use (some )?(essential |necessary )?cookies\b"
            r"|^(accept|reject|manage) (all )?(additional |optional )?cookies$"
            r"|^cookie (settings|policy|preferences)$",
        ),
        # Alert and subscription prompts: Parallel Parliament and TheyWorkForYou.
        (
            "subscription prompt",
            r"^keep yourself up-to-date\b.*\b(subscription|notifications?)\b"
            r"|^alert me about\b|^(get|receive) (email )?alerts?\b|^view sample alert$",
        ),
        (
            "search help",
            r"^to match an exact phrase,? use quotation marks\b"
            r"|^use \W?or\W? or \W?and\W? as link words\b|^search tips?$",
        ),
        ("trial prompt", r"^(request|start|get) (a |your )?free trial$"),
        # A listing's controls (parliament.uk written questions and answers, 2017-2020): the
        # "Close" of a help box, a marker's letter ("[N]" named day, "[R]" registered interest),
        # "Q" and "A" over each question and answer, sorting and paging controls.
        (
            "listing control",
            r"^(close|\[[a-z]\]|[qa]|show|(show |find )?by:|expand all answers|print selected)$"
            r"|^results per page\b|^showing \d+\s*[-–]\s*\d+ (out )?of \d+$",
        ),
        ("view counter", r"^upload:\s.*\b\d[\d,]*\s+views?$|^\d[\d,]*\s+views?$"),
        (
            "archive notice",
            r"^this (content|page|article|blog) is (more than|over) \w+ years? old$",
        ),
        # Hansard-copy markers: links to the same speech elsewhere, not words anyone said.
        ("site marker", r"^- hansard(\s+-)+(\s+excerpts)?$"),
        (
            "site marker",
            r"^(read (the )?(full )?(debate|hansard text)\s*)+(ministerial extracts)?$",
        ),
        (
            "relative timestamp",
            r"^\(?\s*(\d+\s+(second|minute|hour|day|week|month|year)s?,?\s*)+ago\s*\)?$",
        ),
        ("edition date (kept as metadata)", rf"^({_MONTHS})\s+\d{{4}}$"),
        # An image's file name left where the image stood: "HoC 85mm(Green).tif" over every
        # committees.parliament.uk transcript (the crest), "image001.png" in a Word page saved
        # as HTML.
        ("image file name", r"^[\w ()\[\].,&'-]{1,80}\.(tiff?|png|jpe?g|gif|bmp|emf|wmf|svg)$"),
    )
)
# A chamber label glued to the first words of a debate ("Lords ChamberTo ask ...").
# "Baroness Pitkeathley Excerpts": a member's name with the site's link to their excerpts.
EXCERPTS_LABEL = re.compile(
    r"^(lord|baroness|lady|the|mr|mrs|ms|miss|dr|sir|dame|earl|viscount|bishop)\b"
    r"[^.!?]{0,80}\sexcerpts$",
    re.IGNORECASE,
)
# A line of one repeated punctuation mark: a reStructuredText underline or a Markdown rule.
RULE_LINE = re.compile(r"^([=\-~^*_#+`:.])\1{2,}$")
CHAMBER_PREFIX = re.compile(r"^(Lords|Commons) Chamber(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)]*$")
# "e.g." and "i.e." introduce what follows them: at a line's end the sentence runs on (NHS
# England's funding-request procedures, an ICB's prescribing documents, an NHS England
# engagement report: "Please itemise the costs (e.g." / "staff time ...").
_RUNS_ON = re.compile(r"\b(?:e\.g|i\.e)\.$", re.IGNORECASE)


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
    if EXCERPTS_LABEL.match(line):
        return "site marker"
    if RULE_LINE.match(line):
        return "rule line (markup)"
    return None


def is_heading(line: str) -> bool:
    return len(line) <= 200 and not _SENTENCE_END.search(line)


PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,3}(\s*(of|/)\s*\d{1,3})?$", re.IGNORECASE)
# A line that is only a time of day or a timestamp ("13:26" on Parallel Parliament, "3.8 p.m."
# in Historic Hansard, "00:01:02.500 --> 00:01:05.000" in subtitles): when, not what was said.
TIME_LINE = re.compile(
    r"^\(?(\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(\s*[ap]\.?m\.?)?|\d{1,2}\.\d{1,2}\s*[ap]\.?m\.?)\)?"
    r"(\s*-->\s*\d{1,2}:\d{2}(:\d{2})?(\.\d+)?)?$",
    re.IGNORECASE,
)
# A timestamp opening a transcript line ("[00:12:05] Q. ..."): metadata, not the quote's text.
TIME_PREFIX = re.compile(r"^[\[(]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?[\])]\s+(?=\S)")
# A Word form's empty field shows its control's prompt, which an export keeps as text after the
# field's label: "1a) Name of provider: Click here to enter text." (NHS England's IFR procedures,
# 2023), "Date: Click here to enter a date." / "Reviewed by: Click here to enter text." (a
# university's approval form); "Click or tap here to enter text." and "Choose an item." in newer
# Word. Nobody wrote it: it goes, the label stays.
# Read once the lines are joined: a PDF wraps the prompt in a narrow table cell ("Click here" /
# "to enter" / "text.").
FORM_PROMPT = re.compile(
    r"\s*\b(?:Click\s+(?:or\s+tap\s+)?here\s+to\s+enter\s+(?:text|a\s+date)"
    r"|Click\s+or\s+tap\s+to\s+enter\s+a\s+date|Choose\s+an\s+item)\.",
)
TABLE_ROW = re.compile(r"^\|.*\|$")
TABLE_RULE = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+(\s*:?-{3,}:?\s*)?$")
LIST_ITEM = re.compile(r"^([•▪◦●*–—o-]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s|\([ivx]+\)\s)")
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "to",
        "with",
        "which",
        "who",
        "whose",
    ]
)
# "Decisions on funding ........ 21", "1.2\tName\t10": a table-of-contents entry ends at its page
# number after a dot or tab leader (NHS England and HEE PDFs, an ICB constitution in DOCX).
CONTENTS_ENTRY = re.compile(r"[A-Za-z].*?((\.\s?){4,}|…+|\t+)\s*\d{1,3}$")
# Under a contents heading an entry may end at its page number without a leader ("Section 4.
# Next steps 13"), or the number may stand on its own line after an entry wrapped over lines.
CONTENTS_PLAIN = re.compile(r"^[^|]*[A-Za-z][^|]*\s\d{1,3}$")
CONTENTS_HEADING = re.compile(
    r"^((table of )?contents|list of (figures|tables|charts|boxes)"
    r"|(figures|tables|charts)( and (figures|tables|charts))?)$",
    re.IGNORECASE,
)
CONTENTS_WRAP = 3  # an entry wrapped over at most this many lines before its page number
CONTENTS_MIN = 3  # entries with leaders that make a contents block without a heading
FULL_LINE = 0.8  # of the page's usual full line: a line this long ran on to the next
WRAPPED_MIN = 30  # a label ("Asked by", "Moved by") is short; a hard-wrapped line is not
CONTENTS = "contents page"  # the reason a table of contents' lines are removed
RUNNING_MAX = 120  # a running header or footer is a short line
RUNNING_SHARE = 0.3  # ... standing on at least this share of the pages (and on three or more)
EDGE = 3  # ... among the first or last lines of each of those pages
# A web page printed by a browser carries the print's date and time before the page's title
# at the top ("2/13/26, 3:28 PM Digital, data and analytics - ...", "18/02/2026, 12:48
# Physical activity for women after childbirth ... - GOV.UK") and the page's address, cut
# short with "…", before the page counter at the foot (".../?utm_source=chatgpt.c… 2/10",
# ".../physical-activity-for-women-after-childbirth-birth-to-1… 3/4"): running lines of any
# length (an NHS body's page and a GOV.UK page printed by Chrome).
BROWSER_STAMP = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}, \d{1,2}:\d{2}( ?[AP]M)?\s|\s\d+/\d+$", re.I)
# The address is cut shorter on a page whose counter is wider ("chatgpt.… 10/10").
CUT_ADDRESS = re.compile(r"\S*…(?=\s+\d+/\d+$)")


def _page_key(line: str) -> str:
    """A running line with its page number blanked: "Page 3 of 29" and "Page 4 of 29" agree."""
    return re.sub(r"\d+", "#", CUT_ADDRESS.sub("…", " ".join(line.split()).casefold()))


# A text copy of a paged document that kept no pages still repeats each page's running head,
# which opens with the page's number: "3  |  individual funding requests" (an NHS body's policy,
# realworld-dev, as its PDF prints it), "Page 3: <title> - <publisher> <the first page's words>"
# (a document-sharing site's transcript of a King's Fund review, 2019). Such a line standing
# three times or more, its numbers aside, is that furniture, whatever its length. (Repetition
# alone is not: a constitution repeats whole clauses for each of its members.)
REPEATED = 3
PAGE_LEAD = re.compile(r"^(?:page )?#(?!\w).*[a-z]{3}")


def running_lines(lines: list[str], pages: tuple[int | None, ...]) -> frozenset[str]:
    """Keys of short lines at the top or foot of many pages of a paged document: its running
    headers and footers ("3  |  individual funding requests", a report's name on every page);
    in a text that kept no pages, lines opening with a page number, repeated."""
    if not pages:
        counts = Counter(k for x in lines if PAGE_LEAD.match(k := _page_key(x)))
        return frozenset(k for k, n in counts.items() if n >= REPEATED)
    if len(set(pages)) < 3:
        return frozenset()
    by_page: dict[int | None, list[str]] = {}
    for line, page in zip(lines, pages, strict=False):
        if line.strip():
            by_page.setdefault(page, []).append(line.strip())
    on_pages: dict[str, set[int | None]] = {}
    for page, found in by_page.items():
        for line in found[:EDGE] + found[-EDGE:]:
            if len(line) <= RUNNING_MAX or BROWSER_STAMP.search(line):
                on_pages.setdefault(_page_key(line), set()).add(page)
    need = max(3, RUNNING_SHARE * len(by_page))
    return frozenset(k for k, found in on_pages.items() if len(found) >= need)


def continues(previous: str, line: str, width: int | None = None) -> bool:
    """Is `line` the rest of a sentence hard-wrapped at the end of `previous` (PDF lines,
    wrapped text)? A line without a full stop followed by a capitalised one is a heading,
    unless the page's `width` shows `previous` ran to the margin; list items, table rows and a
    line after a full stop start afresh."""
    if not line or TABLE_ROW.match(previous) or TABLE_ROW.match(line) or LIST_ITEM.match(line):
        return False
    first = next((ch for ch in line if ch.isalpha()), "")
    # A colon before a lower-case line introduces the rest of the sentence ("Commissioning
    # policy:" / "individual funding requests"; "The ICB must:" / "have regard to ...").
    lead_in = previous.endswith(":") and first.islower()
    # "I beg to move," over "That this House has considered ...": a Commons mover's words run
    # on into the motion the record prints below them (hansard.parliament.uk, Parallel
    # Parliament).
    if previous.endswith(",") and line.startswith("That "):
        return True
    if _RUNS_ON.search(previous):
        return True
    if (_SENTENCE_END.search(previous) and not lead_in) or CONTENTS_ENTRY.search(previous):
        return False
    if first.islower():
        return True
    if width and len(previous) >= FULL_LINE * width and first:
        return True
    last = previous.split()[-1].casefold()
    # "--" is the Official Report's dash for a speech cut off, not a word broken at the margin.
    broken = previous.endswith((",", "-", "–")) and not previous.endswith("--")
    wrapped = broken or last in FUNCTION_WORDS
    return wrapped and len(previous) >= WRAPPED_MIN


def contents_lines(lines: list[str], skip: frozenset[int] = frozenset()) -> frozenset[int]:
    """0-based indices of `lines` in a table of contents or list of figures: a "Contents" or
    "List of figures" heading over entries ending in page numbers, or a run of entries with dot
    or tab leaders. Navigation, not passages: each entry repeats a heading's words without its
    content. Lines in `skip` (running headers, other furniture) neither start nor end a block."""
    found = [(i, s) for i, line in enumerate(lines) if (s := line.strip()) and i not in skip]
    out: set[int] = set()
    k = 0
    while k < len(found):
        heading = bool(CONTENTS_HEADING.match(found[k][1]))
        block: list[int] = [found[k][0]] if heading else []
        pending: list[int] = []
        leaders = entries = 0
        j = k + heading
        while j < len(found):
            i, line = found[j]
            plain = CONTENTS_PLAIN.match(line) or (pending and line.isdigit() and len(line) <= 3)
            if CONTENTS_ENTRY.search(line) or (heading and plain):
                block += [*pending, i]
                pending = []
                entries += 1
                # A tab before a number may be a table's cell: only dots are leaders unheaded.
                leaders += bool(CONTENTS_ENTRY.search(line)) and "\t" not in line
            elif block and CONTENTS_HEADING.match(line):
                block += [*pending, i]  # "Figures and Tables" after the sections
                pending = []
            elif block and len(pending) < CONTENTS_WRAP and is_heading(line):
                pending.append(i)
            else:
                break
            j += 1
        if (heading and entries >= 2) or leaders >= CONTENTS_MIN:
            out.update(block)
            k = max(k + 1, next(n for n, (i, _) in enumerate(found) if i == block[-1]) + 1)
        else:
            k += 1
    return frozenset(out)


def _line_width(lines: list[str]) -> int | None:
    """A paged document's full line length: the 90th percentile of its line lengths."""
    if len(lines) < 10:
        return None
    return sorted(len(line) for line in lines)[int(0.9 * (len(lines) - 1))]


def _next_index(lines: list[str]) -> list[int | None]:
    """For each line, the index of the next non-blank line after it that is not furniture."""
    out: list[int | None] = [None] * len(lines)
    after: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        out[i] = after
        line = lines[i].strip()
        if line and not (furniture_reason(line) or TIME_LINE.match(line)):
            after = i
    return out


HELP_HEADING = 60  # a help box's heading names one term ("Named Day", "UIN")


def help_lines(lines: list[str]) -> frozenset[int]:
    """0-based indices of help boxes a page printed inline: below a "Close" line, the term it
    explains ("Named Day", "UIN", "Registered Interest") and the one paragraph explaining it
    ("'Named day' questions only occur in the House of Commons. ...")."""
    found = [(i, s) for i, line in enumerate(lines) if (s := line.strip())]
    out: set[int] = set()
    for n, (_, line) in enumerate(found[:-2]):
        (h, heading), (p, para) = found[n + 1], found[n + 2]
        term = len(heading) <= HELP_HEADING and is_heading(heading)
        if line.casefold() == "close" and term and _SENTENCE_END.search(para):
            out.update((h, p))
    return frozenset(out)


# A site's own explanation of a term, printed inline in the record and closed by its disclaimer:
# "Westminster HallWestminster Hall is an alternative Chamber for MPs to hold debates, ..." /
# "Each debate is chaired by an MP from the Panel of Chairs, ..." / "This information is provided
# by Parallel Parliament and does not comprise part of the offical record" (the site's spelling;
# its pages of debates between two members, 2011-2025). The box opens by defining its term; its
# heading may run into that sentence as the copy loses the line between them ("HallWestminster").
EXPLAINER_END = re.compile(
    r"^this information is provided by .{3,60} and does not (comprise|form) (a )?part of the "
    r"offici?al record\.?$",
    re.IGNORECASE,
)
EXPLAINER_START = re.compile(r"^[A-Z][\w’' ]{1,80} (?:is|are) (?:an?|the)\b")
EXPLAINER_LINES = 4  # a term's explanation is a sentence or two


def explainer_lines(lines: list[str]) -> frozenset[int]:
    """0-based indices of a site's inline explanations: the disclaimer that closes one, and the
    lines above it back to the sentence defining the term ("Westminster Hall is an ...")."""
    found = [(i, s) for i, line in enumerate(lines) if (s := line.strip())]
    out: set[int] = set()
    for n, (i, line) in enumerate(found):
        if not EXPLAINER_END.match(line):
            continue
        out.add(i)
        above = found[max(0, n - EXPLAINER_LINES) : n]
        start = next((k for k, (_, s) in enumerate(above) if EXPLAINER_START.match(s)), None)
        if start is not None:
            out.update(j for j, _ in above[start:])
    return frozenset(out)


def mid_sentence(previous: str, after: str) -> bool:
    """Does a line between `previous` and `after` stand inside a sentence? A PDF saved as text or
    Markdown keeps no pages, so its page number may stand between two halves of a sentence:
    "... the majority (80%) were in" / "20" / "support of ...". The line before it is a full
    line of text (not a label or a table's cell), and the sentence goes on in lower case."""
    ended = _SENTENCE_END.search(previous)
    return not ended and len(previous) >= WRAPPED_MIN and after[:1].islower()


def _gap(lines: list[str], pages: tuple[int | None, ...], before: int, after: int) -> bool:
    """Is there a blank line between lines `before` and `after` (1-based), on one page? A PDF's
    text leaves one where the page leaves space: between paragraphs, never inside a sentence
    (NHS England's policies and reports, AnalystX's survey findings, the Cambridgeshire and
    Peterborough guidelines: a footnote "1 See Appendix D", a heading or the ratification table
    under a paragraph's last full line)."""
    if len(pages) < after or pages[before - 1] != pages[after - 1]:
        return False
    return any(not lines[k].strip() for k in range(before, after - 1))


def _joiner(previous: str) -> str:
    # "data-" + "driven" is one word broken at the line's end; other wraps were a space.
    return "" if re.search(r"[A-Za-z]-$", previous) else " "


PROMPT_LINES = 4  # a prompt wrapped in a narrow cell: "Click here" / "to enter" / "text."


def _kicker(lines: list[str], after: list[int | None], line: str, i: int) -> bool:
    """Is `line` (the `i`th) a section label over the headline that follows it?"""
    j = after[i]
    if j is None:
        return False
    k = after[j]
    headline, body = lines[j].strip(), lines[k].strip() if k is not None else ""
    heading = is_heading(headline) and not continues(headline, body)
    return kicker(line, headline, heading, bool(body) and not is_heading(body))


def prompt_lines(lines: list[str]) -> set[int]:
    """The 0-based lines that together hold nothing but a form's field prompt."""
    out: set[int] = set()
    for i in range(len(lines)):
        for j in range(i + 1, min(i + PROMPT_LINES, len(lines)) + 1):
            joined = " ".join(x.strip() for x in lines[i:j])
            if FORM_PROMPT.fullmatch(joined):
                out.update(range(i, j))
                break
    return out


def clean(
    raw: str, pages: tuple[int | None, ...] = (), breaks: frozenset[int] = frozenset()
) -> Cleaned:
    """`pages`, for a paged source (PDF), gives each line of `raw` its page number; `breaks`
    are lines where a speaker label stood: a sentence never runs on across one ("Lord Feldman"
    between "HL Deb 8 May 2000" and "asked Her Majesty's Government:")."""
    kept: list[tuple[int, str]] = []
    removed: list[Removal] = []
    title: str | None = None
    title_line = 0
    chamber: str | None = None
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    running = running_lines(lines, pages)
    after = _next_index(lines)
    following = [lines[j].strip() if j is not None else "" for j in after]
    skip = frozenset(
        i
        for i, s in enumerate(lines)
        if furniture_reason(s.strip()) or (_page_key(s) in running and not s.strip().isdigit())
    )  # a page number stays: in a contents block it may end an entry wrapped over lines
    contents = contents_lines(lines, skip)
    helps = help_lines(lines)
    prompts = prompt_lines(lines)
    explainers = explainer_lines(lines)
    for number, original in enumerate(lines, start=1):
        line = original.strip()
        if not line:
            continue
        reason = furniture_reason(line)
        if number - 1 in prompts:
            reason = "form field prompt"
        elif reason is None and number - 1 in contents:
            reason = CONTENTS
        elif reason is None and number - 1 in helps:
            reason = "help text"
        elif reason is None and number - 1 in explainers:
            reason = "site explainer"
        elif (
            reason is None
            and PAGE_NUMBER.match(line)
            and (pages or (kept and mid_sentence(kept[-1][1], following[number - 1])))
        ):
            reason = "page number"
        elif reason is None and TIME_LINE.match(line):
            reason = "time of day (not quoted)"
        elif reason is None and TABLE_RULE.match(line):
            reason = "table rule (markup)"
        elif reason is None and _page_key(line) in running:
            reason = "running header or footer"
        if reason is None and (m := CHAMBER_PREFIX.match(line)):
            chamber = m.group(1)
            removed.append(Removal(number, m.group(0), "chamber label (kept as metadata)"))
            line = line[m.end() :]
        if reason is None and (m := FORUM_PREFIX.match(line)):
            kept.append((number, m.group(0)))
            line = line[m.end() :]
        if reason is None and (m := TIME_PREFIX.match(line)):
            removed.append(Removal(number, m.group(0).strip(), "timestamp (not quoted)"))
            line = line[m.end() :]
        wrapped = continues(line, following[number - 1])
        # Page-type labels and navigation ("Policy paper", "Skip to main content", a date
        # line, a picture credit) above the heading are neither the title nor the start of the
        # text (ingest/titles.py).
        leading = all(furniture_title(k) for _, k in kept)
        heading = is_heading(line) and not wrapped and not not_a_title(line)
        if (
            reason is None
            and leading
            and heading
            and title is None
            and _kicker(lines, after, line, number - 1)
        ):
            reason = "section label over the headline"
        elif reason is None and leading and heading:
            if title is None:
                title, title_line, reason = line, number, "title (kept as metadata)"
            elif line == title:
                reason = "repeated title"
        if reason is not None:
            removed.append(Removal(number, line, reason))
            continue
        kept.append((number, line))
    if not kept and title is not None:  # a one-line document keeps its line as its text
        kept.append((title_line, title))
        removed = [r for r in removed if r.line != title_line]
    paragraphs: list[tuple[int, str]] = []
    width = _line_width([line for _, line in kept]) if pages else None
    last = 0
    for number, line in kept:
        broken = any(last < b < number for b in breaks)
        gap = pages and last and _gap(lines, pages, last, number)
        last = number
        # A line that ran to the margin runs on into the next, but not across a gap on its page:
        # a footnote, a heading or a table's caption stands below a paragraph's last full line.
        if paragraphs and not broken and continues(paragraphs[-1][1], line, None if gap else width):
            start, previous = paragraphs[-1]
            paragraphs[-1] = (start, previous + _joiner(previous) + line)
        else:
            paragraphs.append((number, line))
    prompted = [(n, p) for n, p in paragraphs if FORM_PROMPT.search(p)]
    for number, paragraph in prompted:
        said = " ".join(" ".join(m.group(0).split()) for m in FORM_PROMPT.finditer(paragraph))
        removed.append(Removal(number, said, "form field prompt"))
    paragraphs = [(n, FORM_PROMPT.sub("", p).strip()) for n, p in paragraphs]
    paragraphs = [(n, p) for n, p in paragraphs if p]
    # A heading wrapped over lines ("Commissioning policy:" / "individual funding requests") is
    # whole only once joined; labels above it ("INTERIM REPORT") are not it, as above.
    first = next((i for i, (_, p) in enumerate(paragraphs) if not furniture_title(p)), None)
    if title is None and first is not None and first < len(paragraphs) - 1:
        number, line = paragraphs[first]
        if is_heading(line) and not not_a_title(line):
            title = paragraphs.pop(first)[1]
            removed.append(Removal(number, title, "title (kept as metadata)"))
    text, blocks, pos = "", [], 0
    for i, (_, line) in enumerate(paragraphs):
        if i:
            text += "\n\n"
            pos += 2
        blocks.append((pos, pos + len(line)))
        text += line
        pos += len(line)
    origin = tuple(n for n, _ in paragraphs)
    return Cleaned(text, tuple(blocks), origin, tuple(removed), title, chamber)
