"""Add an uploaded file to the corpus and index it: checked first, written atomically."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import HealthQAError
from ingest import formats
from ingest.build import build
from ingest.load import SIDECAR, read

MAX_NAME = 200
_UNSAFE = re.compile(r"[\x00-\x1f/\\]")


@dataclass(frozen=True)
class Added:
    """What became of an upload: `ok` with the saved name, or the reason nothing changed."""

    ok: bool
    name: str
    message: str
    report: dict[str, Any] = field(default_factory=dict)


def check_name(name: str) -> str | None:
    """Why a file name cannot go into the corpus, or None if it can."""
    readable = ", ".join(formats.SUFFIXES)
    if not name or name != name.strip() or _UNSAFE.search(name) or name in (".", ".."):
        return f"the file name {name!r} cannot be used: rename the file and upload it again"
    if name.startswith("."):
        return f"{name} starts with a dot, which the corpus ignores: rename it"
    if len(name) > MAX_NAME:
        return f"the file name is longer than {MAX_NAME} characters: rename it"
    if name.endswith(SIDECAR):
        return f"{name} is a metadata sidecar, not a document"
    if Path(name).suffix.lower() not in formats.SUFFIXES:
        return f"{name} is not a readable file type; readable: {readable}"
    return None


def readable(name: str, data: bytes) -> str | None:
    """Why ingest could not read these bytes as a file called `name`, or None if it can."""
    with tempfile.TemporaryDirectory(prefix="healthqa-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            read(path)
        except (ValueError, OSError, HealthQAError) as e:
            return f"{name} cannot be read: {e}"
    return None


def taken(corpus: Path, name: str, data: bytes) -> str | None:
    """Why corpus/name cannot be written, when a file of that name is there already."""
    target = corpus / name
    if not target.exists():
        return None
    if target.is_file() and target.read_bytes() == data:
        return f"{name} is already in the corpus, with the same content"
    return f"a different file named {name} is already in the corpus: rename yours to add it"


def place(corpus: Path, name: str, data: bytes) -> str | None:
    """Write `data` to corpus/name atomically, never replacing a file; None or the reason."""
    target = corpus / name
    problem = taken(corpus, name, data)
    if problem:
        return problem
    fd, tmp = tempfile.mkstemp(prefix=f".{name[:50]}.", suffix=".part", dir=corpus)
    try:
        os.fchmod(fd, 0o644)  # as readable as the files beside it, not mkstemp's 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, target)  # atomic, and fails rather than replace a file of that name
        except FileExistsError:
            return f"a file named {name} was added to the corpus a moment ago: rename yours"
        except OSError:  # a file system without hard links: the same, less strictly
            if target.exists():
                return f"a file named {name} was added to the corpus a moment ago: rename yours"
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return None


def save_and_index(
    corpus: Path,
    index: Path,
    name: str,
    data: bytes,
    on_stage: Callable[[str], None] | None = None,
) -> Added:
    """Check the file, put it into the corpus and rebuild the index incrementally.

    A file that cannot be read, or whose name is taken, changes nothing. Concurrent calls are
    safe: each file is written atomically under its own name, and builds of one index wait
    for each other.
    """
    say = on_stage or (lambda stage: None)
    problem = check_name(name)
    if problem is None and not corpus.is_dir():
        problem = f"the corpus folder {corpus}/ does not exist"
    if problem is None:
        problem = taken(corpus, name, data)
    if problem is None:
        say("checking the file")
        problem = readable(name, data)
    if problem is None:
        say("adding it to the corpus")
        problem = place(corpus, name, data)
    if problem is not None:
        return Added(False, name, problem)
    try:
        report = build(corpus, index, progress=False, on_stage=say)
    except BaseException:
        (corpus / name).unlink(missing_ok=True)  # the corpus stays as the index describes it
        raise
    return Added(True, name, outcome(name, report), report)


def outcome(name: str, report: dict[str, Any]) -> str:
    """One sentence on what indexing did with the new file."""
    skipped = next((s for s in report.get("skipped", []) if s.get("source") == name), None)
    if skipped:
        return f"{name} was saved but not indexed: {skipped.get('reason')}"
    merged = next((m for m in report.get("merged", []) if m.get("copy") == name), None)
    if merged:
        return (
            f"{name} was added; its text already stands in {merged.get('into')}, "
            "so it was folded into that document"
        )
    doc: dict[str, Any] = next(
        (d for d in report.get("documents", []) if d.get("source") == name), {}
    )
    title = doc.get("title") or name
    kind = doc.get("kind") or "document"
    counts = report.get("counts", {})
    return (
        f"{name} was added and indexed ({kind}, “{title}”); the index now holds "
        f"{counts.get('documents', '?')} documents and {counts.get('chunks', '?')} passages"
    )
