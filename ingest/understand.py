"""One raw file -> one Document: clean it, read what it states, apply its sidecar, find sections."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any

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
    blocks: tuple[tuple[int, int], ...]
    pages: tuple[int | None, ...]

    def amended(self, tabled_by: str | None, **fields: Any) -> Understood:
        """The same document with metadata filled in (from a merged copy), re-sectioned."""
        doc = replace(self.document, **fields)
        doc = with_sections(doc, self.blocks, tabled_by, self.pages)
        return replace(self, document=doc, tabled_by=tabled_by)


def understand(raw: RawFile, doc_id: str | None = None) -> Understood:
    """`doc_id` defaults to the file name without its extension."""
    cleaned = clean(raw.text, raw.pages)
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
    for key, value in raw.stated.items():
        if value is not None:  # the file's own metadata (HTML, PDF, DOCX properties)
            meta[key] = value
            evidence.append((key, "the file's own metadata"))
    for key, value in raw.meta.items():
        if value is not None:  # null in a sidecar means "not stated", not "erase"
            meta[key] = value
            evidence.append((key, "metadata sidecar"))
    doc = Document(
        doc_id=doc_id or PurePath(raw.source).stem,
        source=raw.source,
        text=cleaned.text,
        content_hash=raw.content_hash,
        title=meta["title"],
        kind=meta["kind"],
        publisher=meta["publisher"],
        date=meta["date"],
        chamber=meta["chamber"],
    )
    pages = tuple(raw.pages[n - 1] for n in cleaned.lines) if raw.pages else ()
    doc = with_sections(doc, cleaned.blocks, meta["tabled_by"], pages)
    return Understood(
        doc, cleaned.removed, tuple(evidence), meta["tabled_by"], cleaned.blocks, pages
    )


def with_sections(
    doc: Document,
    blocks: tuple[tuple[int, int], ...],
    tabled_by: str | None,
    pages: tuple[int | None, ...] = (),
) -> Document:
    """A debate has one section per contribution; a paged document one per page; any other
    document is one section."""
    if doc.kind == "debate":
        sections = debate_sections(doc.text, blocks, tabled_by)
    elif pages:
        runs: list[Section] = []
        for (a, b), page in zip(blocks, pages, strict=True):
            if runs and runs[-1].page == page:
                runs[-1] = replace(runs[-1], end=b)
            else:
                runs.append(Section(a, b, page=page))
        sections = tuple(runs)
    else:
        sections = (Section(0, len(doc.text)),) if doc.text else ()
    return replace(doc, sections=sections)
