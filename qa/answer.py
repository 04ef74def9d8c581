"""The answer contract: what `python -m qa ask --json` prints and the app renders."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from core.types import SPOKEN_KINDS, kind_label


@dataclass(frozen=True)
class Citation:
    """A cited passage. `text == document.text[start:end]`; the supporting sentence (`quote`)
    is `document.text[quote_start:quote_end]`."""

    n: int
    chunk_id: str
    doc_id: str
    source: str
    title: str | None
    kind: str | None
    date: str | None
    speaker: str | None
    text: str
    start: int
    end: int
    score: float
    quote: str
    quote_start: int  # the supporting sentence's offsets in the cleaned document
    quote_end: int
    passage_quote_start: int  # and within the passage text
    passage_quote_end: int
    role: str | None = None
    contribution: int | None = None
    contributions: int | None = None
    chamber: str | None = None
    publisher: str | None = None
    page: int | None = None
    reference: str = ""


@dataclass(frozen=True)
class SeeAlso:
    """A passage retrieved but not quoted in the answer: shown as "see also", never cited."""

    chunk_id: str
    doc_id: str
    source: str
    title: str | None
    score: float


@dataclass(frozen=True)
class Line:
    """One line of an answer: who said it (for a debate), the verbatim quotation, and the
    numbers of the citations it rests on. Its text is derived, never parsed back."""

    quote: str
    citations: tuple[int, ...]
    attribution: str = ""  # e.g. "The Minister said: "

    @property
    def text(self) -> str:
        """One line of text: a quotation that runs over line breaks (a sentence of a PDF page)
        is shown with each break as a space; `quote` keeps it exactly as the source has it."""
        markers = " ".join(f"[{n}]" for n in self.citations)
        quote = re.sub(r"\s*\n\s*", " ", self.quote)
        return f"{self.attribution}{quote} {markers}" if markers else self.attribution + quote


@dataclass(frozen=True)
class Answer:
    """`answer` is the readable text: the `preface` (if any) then each line's text, one a line.

    `direct` is False when the corpus comes close but does not answer the question itself: the
    closest passages are quoted under a preface that says so. `abstained` is True when nothing
    in the corpus is about the question; `see_also` still lists the nearest passages then.
    Build one with `Answer.of`, which derives the text from the lines.
    """

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    index_version: str
    direct: bool = True
    see_also: tuple[SeeAlso, ...] = ()
    lines: tuple[Line, ...] = ()
    preface: str = ""

    @staticmethod
    def of(
        question: str,
        lines: tuple[Line, ...],
        citations: tuple[Citation, ...],
        index_version: str,
        *,
        abstained: bool = False,
        direct: bool = True,
        see_also: tuple[SeeAlso, ...] = (),
        preface: str = "",
    ) -> Answer:
        return Answer(
            question,
            text_of(preface, lines),
            abstained,
            citations,
            index_version,
            direct,
            see_also,
            lines,
            preface,
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["citations"] = [asdict(c) for c in self.citations]
        d["see_also"] = [asdict(s) for s in self.see_also]
        d["lines"] = [{**asdict(x), "citations": list(x.citations)} for x in self.lines]
        return d


def text_of(preface: str, lines: tuple[Line, ...]) -> str:
    return "\n".join([preface] * bool(preface) + [x.text for x in lines])


def reference(c: Citation) -> str:
    """A reference a briefing can carry, from what the index knows of the source."""
    title = c.title or c.source
    if c.kind in SPOKEN_KINDS:
        parts = [f"{c.chamber} Chamber" if c.chamber else kind_label(c.kind), f"“{title}”"]
        if c.contribution:
            parts.append(f"contribution {c.contribution} of {c.contributions}")
        if c.speaker or c.role:
            parts.append(", ".join(x for x in (c.speaker, c.role) if x))
    else:
        parts = [p for p in (c.publisher, f"“{title}”") if p]
        if c.page:
            parts.append(f"page {c.page}")
    parts.append(c.date or "date not stated")
    parts.append(f"source file {c.source}")
    return ", ".join(parts)


def render_text(a: Answer) -> str:
    """The readable form for the terminal: the answer, then numbered references."""
    lines = [a.answer]
    if a.see_also:
        lines.append("")
        lines.append(
            "See also (retrieved, not quoted): "
            + "; ".join(f"{s.title or s.source} ({s.chunk_id})" for s in a.see_also)
        )
    if a.citations:
        lines.append("")
        lines.append("References")
        for c in a.citations:
            lines.append(f"[{c.n}] {c.reference}")
            lines.append(f"    “{c.quote}”")
    lines.append("")
    lines.append(f"(index {a.index_version})")
    return "\n".join(lines)
