"""One raw file -> one Document: clean it, read what it states, apply its sidecar, find sections."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePath

from core.types import Document, Section
from ingest.clean import Removal, clean
from ingest.load import RawFile
from ingest.structure import debate_sections, state


@dataclass(frozen=True)
class Understood:
    document: Document
    removed: tuple[Removal, ...]
    evidence: tuple[tuple[str, str], ...]
    tabled_by: str | None


def understand(raw: RawFile) -> Understood:
    cleaned = clean(raw.text)
    stated = state(raw.text, cleaned.title, cleaned.chamber)
    meta = {
        "title": stated.title,
        "kind": stated.kind or "article",
        "publisher": stated.publisher,
        "date": stated.date,
        "chamber": stated.chamber,
        "tabled_by": stated.tabled_by,
    }
    evidence = list(stated.evidence)
    for key, value in raw.meta.items():
        if value is not None:  # null in a sidecar means "not stated", not "erase"
            meta[key] = value
            evidence.append((key, "metadata sidecar"))
    doc = Document(
        doc_id=PurePath(raw.source).stem,
        source=raw.source,
        text=cleaned.text,
        content_hash=raw.content_hash,
        title=meta["title"],
        kind=meta["kind"],
        publisher=meta["publisher"],
        date=meta["date"],
        chamber=meta["chamber"],
    )
    doc = with_sections(doc, cleaned.blocks, meta["tabled_by"])
    return Understood(doc, cleaned.removed, tuple(evidence), meta["tabled_by"])


def with_sections(
    doc: Document, blocks: tuple[tuple[int, int], ...], tabled_by: str | None
) -> Document:
    """A debate has one section per contribution; any other document is one section."""
    if doc.kind == "debate":
        sections = debate_sections(doc.text, blocks, tabled_by)
    else:
        sections = (Section(0, len(doc.text)),) if doc.text else ()
    return replace(doc, sections=sections)
