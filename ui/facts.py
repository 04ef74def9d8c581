"""Facts the page shows about the index: documents, debates and who spoke, what ingest did."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.types import Chunk, Document, Section

REPORT = "report.json"


def read_report(index: Path) -> dict[str, Any] | None:
    """The ingest report written beside the index, or None when there is none to read."""
    try:
        report = json.loads((index / REPORT).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return report if isinstance(report, dict) else None


def document_rows(
    documents: dict[str, Document], passages: dict[str, int]
) -> list[tuple[Document, list[object]]]:
    """Each document with its title, kind, date, publisher, passages and file, by title."""
    rows: list[tuple[Document, list[object]]] = [
        (
            d,
            [
                d.title or "(no title)",
                d.kind,
                d.date,
                d.publisher,
                passages.get(d.doc_id, 0),
                d.source,
            ],
        )
        for d in documents.values()
    ]
    return sorted(rows, key=lambda r: ((r[0].title or "(no title)").lower(), r[0].source))


def removed(report: dict[str, Any]) -> list[tuple[str, str | None, list[dict[str, Any]]]]:
    """(source, title, removed lines) for each file ingest read."""
    return [
        (str(d.get("source")), d.get("title"), list(d.get("removed") or []))
        for d in report.get("documents", [])
        if isinstance(d, dict)
    ]


def undetermined(report: dict[str, Any]) -> dict[str, list[str]]:
    """For each file, the metadata ingest could not find in it or its sidecar."""
    return {
        str(d.get("source")): list(d.get("undetermined") or [])
        for d in report.get("documents", [])
        if isinstance(d, dict)
    }


@dataclass(frozen=True)
class IndexFacts:
    """What every rerun of the page needs from an index, worked out once per index version."""

    chunks: dict[str, Chunk]  # by chunk id
    speakers: tuple[str, ...]  # everyone named as speaking in a debate, by name
    passages: dict[str, int]  # passages per document id


def index_facts(documents: dict[str, Document], chunks: tuple[Chunk, ...]) -> IndexFacts:
    return IndexFacts(
        chunks={c.chunk_id: c for c in chunks},
        speakers=tuple(sorted({n for d in documents.values() for n, _ in speakers(d) if n})),
        passages=dict(Counter(c.doc_id for c in chunks)),
    )


def contributions(doc: Document) -> list[Section]:
    """A debate's numbered contributions, in order."""
    return sorted((s for s in doc.sections if s.number), key=lambda s: s.number or 0)


def speakers(doc: Document) -> list[tuple[str | None, int]]:
    """Who spoke in a debate and how many times, in order of first contribution; None gathers
    the contributions whose speaker the source does not name (they may be several people)."""
    if doc.kind != "debate":
        return []
    counts = Counter(s.speaker for s in contributions(doc))
    return sorted(counts.items(), key=lambda kv: first_turn(doc, kv[0]))


def first_turn(doc: Document, speaker: str | None) -> int:
    return next((s.number or 0 for s in contributions(doc) if s.speaker == speaker), 0)


def spoken_by(doc: Document, speaker: str | None) -> list[Section]:
    """The contributions of one speaker (all of them when `speaker` is None), in order."""
    wanted = speaker.casefold() if speaker else None
    return [
        s
        for s in contributions(doc)
        if wanted is None or (s.speaker is not None and s.speaker.casefold() == wanted)
    ]
