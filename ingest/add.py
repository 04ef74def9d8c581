"""Add an uploaded file to the corpus and index it: checked first, written atomically.

`python -m ingest.add --corpus C --index I --name NAME FILE` does the same in a process of its
own, printing one JSON object per line (each stage, then the outcome), so the page can show
progress and cancel it (SIGTERM) without the work running in the page's server.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.errors import HealthQAError
from ingest import formats
from ingest.load import SIDECAR, read
from ingest.names import fit_upload_name

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\\ud800-\udfff]")
WRITING = "writing the index"  # from this stage on a build is no longer cancelled


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
        except OSError as e:  # its text would name the temporary folder: a server path
            return f"{name} cannot be read: {e.strerror or e.__class__.__name__}"
        except (ValueError, HealthQAError) as e:
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
    """Check the file, put it into the corpus and index it: added to the index as one more
    segment when it can be (ingest/append.py), else by an incremental build of the whole.

    A file that cannot be read, or whose name is taken, changes nothing. Concurrent calls are
    safe: each file is written atomically under its own name, and builds of one index wait
    for each other.
    """
    say = on_stage or (lambda stage: None)
    name = fit_upload_name(name)
    problem = check_name(name)
    if problem is None and not corpus.is_dir():
        problem = "the corpus folder does not exist: start the app with --corpus DIR"
    if problem is None:
        problem = taken(corpus, name, data)
    if problem is None:
        say("checking the file")
        problem = readable(name, data)
    if problem is not None:
        return Added(False, name, problem)
    from ingest.append import add_file  # the model stack loads only once a file is indexed

    placed = False
    try:
        say("adding it to the corpus")
        problem = place(corpus, name, data)
        if problem is not None:
            return Added(False, name, problem)
        placed = True
        report = add_file(corpus, index, name, on_stage=say)
    except BaseException:
        if placed or taken(corpus, name, data):  # interrupted at any point after the check
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
    how = ""
    if report.get("status") == "appended":
        how = (
            f" (appended as segment {report.get('segment')}: "
            f"{report.get('embedded', {}).get('passages', '?')} passages embedded, "
            f"{report.get('untouched', '?')} previous passages untouched)"
        )
    elif report.get("not_appended") and report.get("status") == "built":
        how = f" (the whole index was built again: {report['not_appended']})"
    return (
        f"{name} was added and indexed ({kind}, “{title}”); the index now holds "
        f"{counts.get('documents', '?')} documents and {counts.get('chunks', '?')} passages{how}"
    )


def lock_path(index: Path) -> Path:
    """The file core.store.build_lock locks: one build of an index at a time."""
    index = index.resolve()
    return index.parent / f".{index.name}.lock"


def build_running(index: Path) -> bool:
    """Whether a build of `index` holds the lock right now (checked without waiting)."""
    path = lock_path(index)
    if not path.exists():
        return False
    with open(path, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False


def _emit(**fields: Any) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest.add", description="Add one file to the corpus and index it."
    )
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--name", required=True, help="the name to give the file in the corpus")
    parser.add_argument("file", type=Path, help="the file's bytes (a temporary copy)")
    args = parser.parse_args(argv)

    def cancel(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    def stage(text: str) -> None:
        if text == WRITING:  # too late to undo cleanly: finish instead
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _emit(stage=text)

    signal.signal(signal.SIGTERM, cancel)
    try:
        if build_running(args.index):
            added = Added(False, args.name, BUSY)
        else:
            added = save_and_index(
                args.corpus, args.index, args.name, args.file.read_bytes(), stage
            )
    except KeyboardInterrupt:
        _emit(ok=False, name=args.name, message=f"{args.name} was not added: cancelled")
        return 130
    except (HealthQAError, OSError) as e:
        message = str(e) if isinstance(e, HealthQAError) else e.strerror or type(e).__name__
        _emit(ok=False, name=args.name, message=f"{args.name} was not added: {message}")
        return 2
    _emit(**{k: v for k, v in asdict(added).items() if k != "report"})
    return 0


BUSY = "another document is being indexed right now: add yours when it has finished"

if __name__ == "__main__":
    sys.exit(main())
