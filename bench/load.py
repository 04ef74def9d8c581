"""Load on the page: real Streamlit sessions over its websocket, each asking distinct questions.

Usage: python bench/load.py [--index index] [--users 1 5 10 20] [--per-user 3]
                            [--questions FILE.jsonl]

Starts the app on a free port of 127.0.0.1 (loopback only), opens one websocket session per
simulated user, as a browser does, and has each ask its questions one after another, each a
first visit to `?q=...`: the server runs the whole page script for it. A question's time runs
from the request to the server's "script finished". No question is asked twice in a run, so
the answer cache never helps. Prints p50/p95 and throughput per number of users and writes
bench/results/load.json. It measures and prints; it never asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "load.json"
TIMEOUT = 120.0  # seconds for one question before it counts as failed
# Distinct wordings of one question: a new cache key, the same work for the engine.
FRAMES = ("{q}", "Briefly: {q}", "According to the corpus, {q}", "For a briefing: {q}")


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def base_questions(extra: Path | None) -> list[str]:
    from bench.latency import QUESTIONS

    found = list(QUESTIONS)
    sources = [ROOT / "tests" / "questions.jsonl", *([extra] if extra else [])]
    for path in sources:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["q"])
    return list(dict.fromkeys(found))


def distinct(base: list[str], n: int) -> list[str]:
    out = [f.format(q=q) for f in FRAMES for q in base]
    if n > len(out):
        raise SystemExit(f"only {len(out)} distinct questions for {n}: pass --questions FILE")
    return out[:n]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(index: Path, log: Path) -> Any:
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--", "--index", str(index), "--corpus", str(log.parent / "no-corpus"),
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text()[-2000:]
                    raise SystemExit(f"streamlit did not start:\n{tail}") from None
                time.sleep(0.2)
        yield port, proc.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def session(port: int, questions: list[str]) -> list[tuple[float, bool]]:
    """One user: a websocket session asking its questions in turn; (seconds, answered) each."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    timings: list[tuple[float, bool]] = []
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=2**26) as ws:  # type: ignore[list-item]
        for q in questions:
            back = BackMsg()
            back.rerun_script.query_string = urlencode({"q": q})
            back.rerun_script.page_script_hash = ""
            started = time.perf_counter()
            await ws.send(back.SerializeToString())
            ok, answered = False, False
            try:
                async with asyncio.timeout(TIMEOUT):
                    while True:
                        msg = ForwardMsg()
                        msg.ParseFromString(await ws.recv())
                        kind = msg.WhichOneof("type")
                        element = msg.delta.new_element if kind == "delta" else None
                        if element is not None and element.WhichOneof("type") == "exception":
                            break
                        if element is not None and element.WhichOneof("type") == "markdown":
                            # the caption under every answer, abstentions included
                            answered = answered or "answered in" in element.markdown.body
                        if kind == "script_finished":
                            status = msg.script_finished
                            ok = status == ForwardMsg.FINISHED_SUCCESSFULLY
                            if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                                break
            except TimeoutError:
                ok = False
            timings.append((time.perf_counter() - started, ok and answered))
    return timings


async def level(port: int, users: int, questions: list[str], per_user: int) -> dict[str, Any]:
    chunks = [questions[i * per_user : (i + 1) * per_user] for i in range(users)]
    started = time.perf_counter()
    results = await asyncio.gather(*(session(port, c) for c in chunks))
    wall = time.perf_counter() - started
    times = [t for r in results for t, _ in r]
    failed = sum(1 for r in results for _, ok in r if not ok)
    return {
        "users": users,
        "questions": len(times),
        "failed": failed,
        "p50_s": round(percentile(times, 50), 3),
        "p95_s": round(percentile(times, 95), 3),
        "max_s": round(max(times), 3),
        "throughput_per_s": round(len(times) / wall, 2),
        "wall_s": round(wall, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/load.py", description=__doc__)
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--per-user", type=int, default=3)
    parser.add_argument("--questions", type=Path, help="more questions: JSON lines with 'q'")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not (args.index / "manifest.json").exists():
        print(f"error: no index at {args.index}/: run python -m ingest first", file=sys.stderr)
        return 2
    if args.questions and not args.questions.exists():
        print(f"error: no questions file {args.questions}", file=sys.stderr)
        return 2
    if max(args.users) > 50 or args.per_user > 20:
        print("error: at most 50 users and 20 questions each", file=sys.stderr)
        return 2
    needed = 1 + sum(u * args.per_user for u in args.users)
    pool = distinct(base_questions(args.questions), needed)
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="healthqa-load-") as tmp,
        server(args.index, Path(tmp) / "server.log") as (port, _),
    ):
        warm = asyncio.run(session(port, pool[:1]))  # loads the model: not counted
        print(f"warm-up (model and index load): {warm[0][0]:.2f} s")
        used = 1
        for users in args.users:
            take = pool[used : used + users * args.per_user]
            used += len(take)
            row = asyncio.run(level(port, users, take, args.per_user))
            rows.append(row)
            print(
                f"{users:>3} users: p50 {row['p50_s']:.2f} s, p95 {row['p95_s']:.2f} s, "
                f"max {row['max_s']:.2f} s, {row['throughput_per_s']:.2f} questions/s, "
                f"{row['failed']} failed of {row['questions']}"
            )
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "what": "distinct questions over real Streamlit websocket sessions, whole page runs",
        "index": os.path.relpath(args.index.resolve(), ROOT),
        "per_user": args.per_user,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "levels": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {os.path.relpath(args.out.resolve(), ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
