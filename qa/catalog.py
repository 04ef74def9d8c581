"""The corpus as indexed: one record per document, with its metadata, passages and contributions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from core.types import SPOKEN_KINDS, Chunk, Document, Section

FIRST_WORDS = 8


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    """The first n whitespace-separated words, single-spaced (how contributions are matched)."""
    return " ".join(text.split()[:n])


def has_contributions(doc: Document) -> bool:
    return doc.kind in SPOKEN_KINDS or any(s.speaker or s.role for s in doc.sections)


def contribution(doc: Document, section: Section) -> dict[str, Any]:
    return {
        "n": section.number,
        "speaker": section.speaker,
        "role": section.role,
        "start": section.start,
        "end": section.end,
        "first_words": first_words(doc.text[section.start : section.end]),
    }


def record(doc: Document, passages: int) -> dict[str, Any]:
    """What the index holds about one document, as `python -m qa corpus --json` prints it."""
    out: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "title": doc.title,
        "kind": doc.kind,
        "date": doc.date,
        "publisher": doc.publisher,
        "chamber": doc.chamber,
        "passages": passages,
    }
    if has_contributions(doc):
        # A section no one speaks (the page's heading lines, a date or breadcrumb line, "House
        # adjourned at 2.45 pm.") has no number: it is the record's, not a contribution.
        out["contributions"] = [contribution(doc, s) for s in doc.sections if s.number is not None]
    return out


def records(documents: Iterable[Document], chunks: Iterable[Chunk]) -> list[dict[str, Any]]:
    """One record per document, by source file then doc_id."""
    passages = Counter(c.doc_id for c in chunks)
    ordered = sorted(documents, key=lambda d: (d.source, d.doc_id))
    return [record(d, passages[d.doc_id]) for d in ordered]


def _cell(value: object, width: int) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def table(rows: list[dict[str, Any]]) -> str:
    """A readable table: one line per document, and one indented line per contribution."""
    columns = (("doc_id", 28), ("kind", 16), ("date", 10), ("passages", 8), ("title", 50))
    lines = ["  ".join(name.ljust(width) for name, width in columns).rstrip()]
    for row in rows:
        lines.append(
            "  ".join(_cell(row[name], width).ljust(width) for name, width in columns).rstrip()
        )
        for c in row.get("contributions", []):
            who = ", ".join(x for x in (c["speaker"], c["role"]) if x) or "unattributed"
            lines.append(f"    {c['n']:>3}. {_cell(who, 60)}: {_cell(c['first_words'], 60)}")
    lines.append(f"{len(rows)} documents, {sum(r['passages'] for r in rows)} passages")
    return "\n".join(lines)
