"""Read the corpus folder: each document's text, content hash and metadata sidecar."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from core import dates
from core.errors import InputError
from core.types import KINDS
from ingest import formats, parlxml
from ingest.spoken import Item

SIDECAR = ".meta.json"
MAX_BYTES = 50 * 1024 * 1024
MAX_SIDECAR_BYTES = 1024 * 1024
MAX_FIELD_CHARS = 1_000
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
    sidecar_problems: tuple[str, ...] = ()  # what of the sidecar was ignored, and why


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


def check_sidecar(meta: object) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The valid fields of a parsed sidecar, and a reason for each part that was ignored.

    Fields are checked one by one, so one wrong value costs that value, not the document.
    """
    if not isinstance(meta, dict):
        return {}, (f"ignored: expected a JSON object with {', '.join(SIDECAR_FIELDS)}",)
    valid: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in meta.items():
        if key not in SIDECAR_FIELDS:
            problems.append(f"unknown field {key!r} ignored; valid: {', '.join(SIDECAR_FIELDS)}")
        elif value is None:
            valid[key] = None
        elif not isinstance(value, str):
            problems.append(f"{key} ignored: expected a string or null, not {_json_type(value)}")
        elif len(value) > MAX_FIELD_CHARS:
            problems.append(f"{key} ignored: longer than {MAX_FIELD_CHARS} characters")
        elif key == "kind" and value not in KINDS:
            problems.append(f"kind {value!r} ignored: not one of {', '.join(KINDS)}")
        elif key == "date" and not dates.is_iso_date(value):
            problems.append(f"date {value!r} ignored: not a date in the form {dates.FORMS}")
        else:
            valid[key] = " ".join(value.split()) or None
    return valid, tuple(problems)


def _json_type(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list"}
    return names.get(type(value), "an object")


def read_sidecar(path: Path) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The sidecar's valid fields and what was ignored; never raises for a bad sidecar."""
    side = sidecar_path(path)
    if not side.exists():
        return {}, ()
    try:
        if side.stat().st_size > MAX_SIDECAR_BYTES:
            return {}, (f"ignored: larger than {MAX_SIDECAR_BYTES // 1024} KB",)
        meta = json.loads(side.read_text(encoding="utf-8"))
    except OSError as e:
        return {}, (f"ignored: cannot be read ({e.strerror or e.__class__.__name__})",)
    except UnicodeDecodeError:
        return {}, ("ignored: not UTF-8 text",)
    except (json.JSONDecodeError, RecursionError) as e:
        return {}, (f"ignored: not valid JSON ({getattr(e, 'msg', 'nested too deeply')})",)
    return check_sidecar(meta)


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
    meta, problems = read_sidecar(path)
    stated = {"title": extracted.title, "date": extracted.date, "publisher": extracted.publisher}
    items = parlxml.parse(data) if suffix == ".xml" else ()
    return RawFile(
        path.name,
        extracted.text,
        content_hash(data, meta),
        meta,
        extracted.pages,
        stated,
        items,
        problems,
    )


def content_hash(data: bytes, meta: dict[str, Any]) -> str:
    """What a build's inputs record of a file: its bytes and its sidecar's metadata."""
    digest = hashlib.sha256(data)
    digest.update(json.dumps(meta, sort_keys=True).encode())
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    """The content hash of a file as `read` would give it, without extracting its text."""
    return content_hash(path.read_bytes(), read_sidecar(path)[0])


def read_or_skip(path: Path) -> RawFile | Skipped:
    """One document, or why it cannot be indexed."""
    try:
        return read(path)
    except OSError as e:  # its message would name the server's folder: the reason only
        return Skipped(path.name, f"cannot be read ({e.strerror or 'I/O error'})")
    except ValueError as e:
        return Skipped(path.name, str(e))


def load_corpus(corpus: Path) -> tuple[list[RawFile], list[Skipped]]:
    done = [read_or_skip(path) for path in corpus_files(corpus)]
    return [r for r in done if isinstance(r, RawFile)], [r for r in done if isinstance(r, Skipped)]
