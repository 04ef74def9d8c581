"""Read the corpus folder: each document's text, content hash and metadata sidecar."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from core.errors import InputError
from core.types import KINDS
from ingest import formats, parlxml
from ingest.spoken import Item

SIDECAR = ".meta.json"
MAX_BYTES = 50 * 1024 * 1024
SIDECAR_FIELDS = ("title", "kind", "publisher", "date", "chamber", "tabled_by")


@dataclass(frozen=True)
class RawFile:
    """A document as read: its text, the page of each line (PDF), and what the file's own
    metadata states (`stated`), before the sidecar (`meta`) overrides any of it. A
    parliamentary record's `items` (debates, questions) each become a document of their own."""

    source: str
    text: str
    content_hash: str
    meta: dict[str, Any] = field(default_factory=dict)
    pages: tuple[int | None, ...] = ()
    stated: dict[str, Any] = field(default_factory=dict)
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def doc_id_for(source: str) -> str:
    """A document id from its file name alone, so adding a file never renames another: the
    name without a ".txt" ending (the seed's ids), else the whole name ("X.md" beside "X.txt").
    ".txt" stays when the rest has a readable ending itself ("X.md.txt" is not "X.md")."""
    stem = source.removesuffix(".txt")
    if stem != source and stem and PurePath(stem).suffix.lower() not in formats.READERS:
        return stem
    return source


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR)


def read_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_path(path)
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{side}: not valid JSON ({e})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{side}: expected a JSON object with {', '.join(SIDECAR_FIELDS)}")
    unknown = set(meta) - set(SIDECAR_FIELDS)
    if unknown:
        raise InputError(
            f"{side}: unknown field(s) {sorted(unknown)}; valid: {', '.join(SIDECAR_FIELDS)}"
        )
    if meta.get("kind") not in (None, *KINDS):
        raise InputError(f"{side}: kind {meta['kind']!r} is not one of {', '.join(KINDS)}")
    return meta


def corpus_files(corpus: Path) -> list[Path]:
    if not corpus.is_dir():
        raise InputError(f"corpus folder {corpus}/ does not exist")
    return sorted(
        p
        for p in corpus.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(SIDECAR)
    )


def read(path: Path) -> RawFile:
    """One document; raises ValueError with a user-facing reason when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in formats.READERS:
        readable = ", ".join(formats.SUFFIXES)
        raise ValueError(f"unsupported file type {suffix or '(none)'}; readable: {readable}")
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
    data = path.read_bytes()
    extracted = formats.extract(suffix, data)
    if not extracted.text.strip():
        raise ValueError("empty")
    meta = read_sidecar(path)
    digest = hashlib.sha256(data)
    digest.update(json.dumps(meta, sort_keys=True).encode())
    stated = {"title": extracted.title, "date": extracted.date, "publisher": extracted.publisher}
    items = parlxml.parse(data) if suffix == ".xml" else ()
    return RawFile(
        path.name, extracted.text, digest.hexdigest(), meta, extracted.pages, stated, items
    )


def load_corpus(corpus: Path) -> tuple[list[RawFile], list[Skipped]]:
    files, skipped = [], []
    for path in corpus_files(corpus):
        try:
            files.append(read(path))
        except (ValueError, OSError) as e:
            skipped.append(Skipped(path.name, str(e)))
    return files, skipped
