"""The answer contract: what `python -m qa ask --json` prints and the app renders."""

from __future__ import annotations

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
class Answer:
    """`direct` is False when the corpus comes close but does not answer the question itself."""

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    index_version: str
    direct: bool = True
    see_also: tuple[SeeAlso, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["citations"] = [asdict(c) for c in self.citations]
        d["see_also"] = [asdict(s) for s in self.see_also]
        return d


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
