"""Facts the page shows about the index: documents, debates and who spoke, what ingest did."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from core.store import IndexData
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
    documents: Mapping[str, Document], passages: dict[str, int]
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


class PassagesById(Mapping[str, Chunk]):
    """The passages of an index by id, found without decoding the others: an id names its
    document ("<doc_id>:<hash>"), whose passages the document column lists."""

    def __init__(self, chunks: Sequence[Chunk], doc_codes: np.ndarray, doc_ids: np.ndarray) -> None:
        self._chunks = chunks
        self._codes = doc_codes
        self._ids = doc_ids

    @cached_property
    def _doc_rows(self) -> dict[str, int]:
        return {str(d): i for i, d in enumerate(self._ids)}

    def of_document(self, doc_id: str) -> list[Chunk]:
        row = self._doc_rows.get(doc_id)
        if row is None:
            return []
        return [self._chunks[int(i)] for i in np.flatnonzero(self._codes == row)]

    def __getitem__(self, chunk_id: str) -> Chunk:
        doc_id, _, _ = chunk_id.rpartition(":")
        found = next((c for c in self.of_document(doc_id) if c.chunk_id == chunk_id), None)
        if found is None:
            raise KeyError(chunk_id)
        return found

    def __len__(self) -> int:
        return len(self._chunks)

    def __iter__(self) -> Iterator[str]:
        return (c.chunk_id for c in self._chunks)


@dataclass(frozen=True)
class IndexFacts:
    """What every rerun of the page needs from an index, worked out once per index version from
    its columns: no passage is decoded until a page asks for it."""

    chunks: PassagesById
    passages: dict[str, int]  # passages per document id


def index_facts(index: IndexData) -> IndexFacts:
    codes, values = index.columns.codes, index.columns.values
    per_document = np.bincount(codes["document"], minlength=len(values["document"]))
    return IndexFacts(
        chunks=PassagesById(index.chunks, codes["document"], values["document"]),
        passages={str(d): int(n) for d, n in zip(values["document"], per_document, strict=True)},
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
