"""Kill -9 a build at named stages (tests/crash_build.py, one child process a stage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = (
    "reading the corpus",
    "embedding",
    "writing the index",
    "mid-write",
    "filled",
    "checksummed",
    "renamed",
    "linked",
    "swapped",
)


def kill_at(workdir: Path, stages: list[str] | tuple[str, ...], **env: str) -> dict[str, str]:
    """How each WORKDIR/<stage>/ build ended ("killed" when the stage was reached)."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "crash_build.py"), str(workdir), *stages],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    ended = json.loads(proc.stdout.strip().splitlines()[-1])
    assert ended == {s: "killed" for s in stages}, (ended, proc.stderr[-2000:])
    return ended
