"""The corpus page's facts: each indexed document, and what ingest removed, merged or skipped."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from core.types import Chunk, Document

REPORT = "report.json"


def read_report(index: Path) -> dict[str, Any] | None:
    """The ingest report written beside the index, or None when there is none to read."""
    try:
        report = json.loads((index / REPORT).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return report if isinstance(report, dict) else None


def document_rows(documents: dict[str, Document], chunks: tuple[Chunk, ...]) -> list[list[object]]:
    """Title, kind, date, publisher, passages and file of each document, by title."""
    passages = Counter(c.doc_id for c in chunks)
    rows: list[list[object]] = [
        [d.title or "(no title)", d.kind, d.date, d.publisher, passages[d.doc_id], d.source]
        for d in documents.values()
    ]
    return sorted(rows, key=lambda r: (str(r[0]).lower(), str(r[5])))


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
