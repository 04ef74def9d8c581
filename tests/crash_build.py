"""Helper for tests/test_index_safety.py: kill -9 a build at named stages, one child each.

Usage: python tests/crash_build.py WORKDIR STAGE [STAGE ...]
Each WORKDIR/<stage>/ holds corpus/ and index; the model is loaded once here, then a child
process is forked per stage, runs the build and SIGKILLs itself when the stage is reached.
Prints one JSON object: stage -> how the child ended ("killed", "finished" or an error).
With CRASH_APPEND=NAME in the environment the child appends corpus/NAME (ingest/append.py).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import torch

torch.set_num_threads(1)  # no thread pool before fork: each child starts its own cleanly

from core import embedder, swap  # noqa: E402
from ingest import append as append_module  # noqa: E402
from ingest import build as build_module  # noqa: E402


def die_at(stage: str, reached: str) -> None:
    if reached == stage:
        os.kill(os.getpid(), signal.SIGKILL)


def child(work: Path, stage: str) -> None:
    import numpy

    if stage == "mid-write":  # some files of the new folder written, not all
        numpy.save = lambda *a, **k: die_at("mid-write", "mid-write")  # type: ignore[assignment]
    swap.checkpoint = lambda step: die_at(stage, step)
    if os.environ.get("CRASH_APPEND"):  # the upload of that file, appended as a segment
        append_module.add_file(
            work / "corpus",
            work / "index",
            os.environ["CRASH_APPEND"],
            on_stage=lambda s: die_at(stage, s),
        )
        return
    build_module.build(
        work / "corpus",
        work / "index",
        progress=False,
        on_stage=lambda s: die_at(stage, s),
    )


def main() -> None:
    root, stages = Path(sys.argv[1]), sys.argv[2:]
    embedder.load()
    embedder.weights_sha256(embedder.DEFAULT_MODEL)
    ended = {}
    for stage in stages:
        pid = os.fork()
        if pid == 0:
            try:
                child(root / stage, stage)
            except BaseException as e:  # reported to the test, never hidden
                print(f"{stage}: {e!r}", file=sys.stderr)
                os._exit(3)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            ended[stage] = "killed" if os.WTERMSIG(status) == signal.SIGKILL else "signal"
        else:
            ended[stage] = "finished" if os.WEXITSTATUS(status) == 0 else "error"
    print(json.dumps(ended))


if __name__ == "__main__":
    main()
