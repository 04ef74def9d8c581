"""Pure helpers that turn answers, documents and tables into Markdown that shows text as text."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from core.types import SPOKEN_KINDS, Document, Section, kind_label
from qa.answer import Answer, Citation

# Backslash-escaping every ASCII punctuation mark is valid CommonMark and leaves no character
# that Markdown, HTML, math ($), Streamlit directives (:red[...]) or shortcodes could act on.
_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})
# Streamlit rewrites some text *after* parsing, where escapes no longer help: " -> " becomes an
# arrow, " -- " a dash, ":streamlit:" a logo, a URL or an e-mail address a link. A word joiner
# (invisible, zero width) at the right place keeps text verbatim on screen and unlinked.
_WJ = "\u2060"
_TYPOGRAPHY = re.compile(r"(?<=[-<>~])(?=[->=])")
_SHORTCODE = re.compile(r":(?=streamlit:|material[/_])")
_AUTOLINK = re.compile(r"(?<=://)|(?<=\bwww)(?=\.)|(?<=@)", re.IGNORECASE)
_LINE_EDGES = re.compile(r"[^\S\n]*\n[^\S\n]*")  # indentation would make a code block
_BLANK_LINES = re.compile(r"\n{2,}")
_SINGLE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")
HIGHLIGHT = "yellow-background"
_MARKER = re.compile(r" \[(\d+)\]$")


def escape(text: str) -> str:
    """`text` as Markdown that renders exactly `text`, on one line or several."""
    text = _AUTOLINK.sub(_WJ, _SHORTCODE.sub(":" + _WJ, _TYPOGRAPHY.sub(_WJ, text)))
    return text.translate(_ESCAPES)


def mark(md: str) -> str:
    return f":{HIGHLIGHT}[{md}]"


def _block(pieces: list[tuple[str, bool]]) -> str:
    """Markdown paragraphs from (text, highlighted) pieces; blank lines separate paragraphs."""
    out = []
    for text, marked in pieces:
        lines = _LINE_EDGES.sub("\n", text).split("\n")
        out.append("\n".join(mark(escape(ln)) if marked and ln else escape(ln) for ln in lines))
    md = _BLANK_LINES.sub("\n\n", "".join(out).strip())
    return _SINGLE_NEWLINE.sub("  \n", md)  # a hard break, as in the source


def text_markdown(text: str) -> str:
    return _block([(text, False)])


def passage_markdown(c: Citation) -> str:
    """The cited passage with its supporting sentence highlighted (offsets verified in qa)."""
    a, b = c.passage_quote_start, c.passage_quote_end
    return _block([(c.text[:a], False), (c.text[a:b], True), (c.text[b:], False)])


def answer_markdown(a: Answer) -> str:
    """One paragraph per answer sentence, each ending in its bold [n] marker."""
    paragraphs = []
    for line in a.answer.split("\n"):
        m = _MARKER.search(line)
        if m:
            paragraphs.append(f"{escape(line[: m.start()])} **{escape(f'[{m[1]}]')}**")
        elif line.strip():
            paragraphs.append(escape(line.strip()))
    return "\n\n".join(paragraphs)


def heading(c: Citation) -> str:
    return f"**{escape(f'[{c.n}]')} {escape(c.title or c.source)}**"


def details(c: Citation) -> str:
    """The source's particulars on one line: kind, where and who, and when."""
    parts = [kind_label(c.kind)]
    if c.kind in SPOKEN_KINDS:
        if c.chamber:
            parts.append(f"{c.chamber} Chamber")
        if c.contribution:
            total = f" of {c.contributions}" if c.contributions else ""
            parts.append(f"contribution {c.contribution}{total}")
        speaker = ", ".join(x for x in (c.speaker, role_text(c.role)) if x)
        if speaker:
            parts.append(speaker)
    else:
        if c.publisher:
            parts.append(c.publisher)
        if c.speaker:
            parts.append(c.speaker)
        if c.page:
            parts.append(f"page {c.page}")
    parts.append(c.date or "date not stated")
    return " · ".join(escape(p) for p in parts)


def provenance(c: Citation) -> str:
    return f"{escape(c.source)} · characters {c.start}–{c.end} · relevance {c.score:.2f}"


def reference_text(c: Citation) -> str:
    """The reference to paste into a briefing, with its number."""
    return f"[{c.n}] {c.reference}"


# ---------------------------------------------------------------------------------------------
# The document view

HEADER_SEP = " — "


# How a debate role reads after a speaker's name; a role outside the three is shown as stored.
ROLE_NAMES = {"question": "asked the question", "minister": "Minister", "member": "member"}
UNNAMED = "not named in the source"


def role_text(role: str | None) -> str | None:
    return ROLE_NAMES.get(role, role) if role else None


def who(section: Section) -> str:
    """'Baroness Pitkeathley (asked the question)'; an unnamed speaker is said to be unnamed."""
    role = role_text(section.role)
    name = section.speaker or f"Speaker {UNNAMED}"
    return f"{name} ({role})" if role else name


def contribution_label(section: Section, total: int) -> str:
    """'Contribution 5 of 17 — Baroness Smith (member)', as plain text."""
    head = f"Contribution {section.number} of {total}" if section.number else "Contribution"
    if not (section.speaker or section.role):
        return head
    return head + HEADER_SEP + who(section)


def segments(doc: Document) -> list[tuple[str | None, int, int]]:
    """The document as (header, start, end) pieces that cover its whole text, in order:
    one per contribution in a debate, one per page where pages are known, else one."""
    debate = doc.kind in SPOKEN_KINDS and any(s.number for s in doc.sections)
    total = sum(1 for s in doc.sections if s.number)
    out: list[tuple[str | None, int, int]] = []
    pos = 0
    last_page = None
    for s in sorted(doc.sections, key=lambda s: s.start):
        if s.start < pos or s.end <= s.start:
            continue
        if s.start > pos and doc.text[pos : s.start].strip():
            out.append((None, pos, s.start))
        header = None
        if debate and s.number:
            header = contribution_label(s, total)
        elif s.page is not None and s.page != last_page:
            header = f"Page {s.page}"
        last_page = s.page if s.page is not None else last_page
        out.append((header, s.start, s.end))
        pos = s.end
    if pos < len(doc.text) and doc.text[pos:].strip():
        out.append((None, pos, len(doc.text)))
    return out


def document_details(doc: Document) -> str:
    """Chamber, kind, publisher and date of a document, on one line."""
    parts = []
    if doc.chamber:
        parts.append(f"{doc.chamber} Chamber")
    parts.append(kind_label(doc.kind))
    if doc.publisher:
        parts.append(doc.publisher)
    parts.append(doc.date or "date not stated")
    parts.append(doc.source)
    return " · ".join(escape(p) for p in parts)


def span_markdown(text: str, quote: tuple[int, int] | None) -> str:
    """A passage with `quote` (offsets within it) highlighted, or all of it when None."""
    if quote is None:
        return _block([(text, True)])
    a, b = quote
    return _block([(text[:a], False), (text[a:b], True), (text[b:], False)])


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass(frozen=True)
class Link:
    """A table cell that links, within the page, to `href` (a relative link such as '?doc=x')."""

    text: str
    href: str


def link_markdown(text: str, href: str) -> str:
    """A Markdown link to a relative URL of this page; the URL is percent-encoded already."""
    if not href.startswith("?") or any(ch in href for ch in "()<> \n"):
        raise ValueError(f"not a relative link of this page: {href!r}")
    return f"[{escape(text)}]({href})"


def table(header: list[str], rows: list[list[object]]) -> str:
    """A Markdown table whose cells show their text verbatim, on one line each."""

    def cell(value: object) -> str:
        if isinstance(value, Link):
            return link_markdown(" ".join(value.text.split()) or "–", value.href)
        text = " ".join(str("" if value is None else value).split())
        return escape(text) if text else "–"

    lines = ["| " + " | ".join(escape(h) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
