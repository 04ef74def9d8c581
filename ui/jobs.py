"""Uploads indexed in a process of their own: started, watched and cancelled from the page."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


@dataclass
class Job:
    """One upload being added by `python -m ingest.add`: its stages so far and its outcome.

    A reader thread collects the process's JSON lines, so the page only looks at this object
    and never waits on the process.
    """

    name: str
    process: subprocess.Popen[str]
    folder: Path
    stages: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None
    cancelled: bool = False
    reader: threading.Thread | None = None

    @property
    def stage(self) -> str:
        return self.stages[-1] if self.stages else "starting"

    @property
    def done(self) -> bool:
        return self.process.poll() is not None and not (self.reader and self.reader.is_alive())

    @property
    def cancellable(self) -> bool:
        from ingest.add import WRITING

        return not self.done and WRITING not in self.stages and not self.cancelled

    def outcome(self) -> Outcome:
        """What to tell the user once the process has ended."""
        if self.result is not None:
            return Outcome(bool(self.result.get("ok")), str(self.result.get("message", "")))
        if self.cancelled:
            return Outcome(False, f"{self.name} was not added: cancelled")
        return Outcome(False, f"{self.name} was not added: indexing stopped unexpectedly")

    def cancel(self) -> None:
        """Ask the process to stop; it removes what it wrote and leaves the index as it was."""
        if self.cancellable:
            self.cancelled = True
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)

    def close(self) -> None:
        if self.reader:
            self.reader.join(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)


def _read(job: Job) -> None:
    assert job.process.stdout is not None
    for line in job.process.stdout:
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            continue  # a stray print from a library, not ours
        if not isinstance(message, dict):
            continue
        if "stage" in message:
            job.stages.append(str(message["stage"]))
        elif "ok" in message:
            job.result = message
    job.process.wait()


def start(corpus: Path, index: Path, name: str, data: bytes) -> Job:
    """Start adding `data` as corpus/name; returns at once."""
    folder = Path(tempfile.mkdtemp(prefix="healthqa-upload-"))
    upload = folder / "upload"
    upload.write_bytes(data)
    command = [
        sys.executable, "-m", "ingest.add",
        "--corpus", str(corpus), "--index", str(index), "--name", name, str(upload),
    ]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    process = subprocess.Popen(
        command,
        cwd=Path.cwd(),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # its errors come back as JSON; a traceback is not for users
        text=True,
        encoding="utf-8",
    )
    job = Job(name, process, folder)
    job.reader = threading.Thread(target=_read, args=(job,), daemon=True)
    job.reader.start()
    return job
