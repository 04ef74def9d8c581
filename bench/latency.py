"""Time ingest, launch-to-first-answer and warm queries in one run; print and save the figures.

Usage: python bench/latency.py [--corpus corpus] [--questions 50]

Writes bench/results/latency.json. It measures and prints; it never asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latency.json"
FIRST_QUESTION = "What is the government doing to promote joint training for NHS and care staff?"

# What a health and social care policy researcher might ask of this corpus: a Lords debate on
# joint working, HEE on joint training, the Hewitt review of ICSs and a CWDC newsletter.
QUESTIONS = (
    "What plans does the government have for joint training of NHS and social care staff?",
    "Who is responsible for developing the health and care workforce plan?",
    "What is the mid-career management programme for health and care managers?",
    "When will the new management standards for managers be introduced?",
    "What barriers to integration between health and social care were raised in the Lords?",
    "Should integration be part of initial clinical training?",
    "What was said about job rotation between health and social care professionals?",
    "How are travel time and pay for domiciliary care workers being addressed?",
    "What is the fair pay agreement for adult social care?",
    "What is the universal career structure for adult social care?",
    "Who is leading the independent review of adult social care?",
    "Can personal health budgets be combined with direct payments from social care?",
    "What will the NHS 10-year plan do for integrated care?",
    "What did Sir Gordon Messenger's review recommend on leadership and management?",
    "How many trusts and ICBs are using the national entry-level induction?",
    "What did the Archbishops' Commission on Reimagining Care recommend for the workforce?",
    "How is the government tackling low pay in adult social care?",
    "How does the Hewitt review relate to awareness of social care among NHS staff?",
    "Is there a digital platform for recognising skills across health and social care?",
    "What is being done to automate hospital discharge letters to GPs and care providers?",
    "What share of people who draw on registered care have a digital social care record?",
    "What did Health Education England say about joint training in primary care?",
    "What is the Care Certificate and who developed it?",
    "What are the benefits of inter-professional learning according to HEE?",
    "What is the Surrey Health and Social Care Joint Training Partnership?",
    "Was integrated training mentioned in the Five Year Forward View?",
    "Which new roles is HEE piloting to reduce the administrative burden on GPs?",
    "What is the Transforming Nursing for Community and Primary Care project?",
    "Why did Patricia Hewitt call for a social care workforce strategy?",
    "How many integrated care systems were set up in England and when?",
    "What organisations make up an integrated care system partnership?",
    "How long is the Hewitt review report?",
    "What did the Hewitt review say about breaking out of organisational silos?",
    "Should social care be a national priority for investment?",
    "What funding was promised for adult social care workforce development in 2021?",
    "Has the government halved funding for the social care workforce?",
    "What concerns did the National Care Forum raise about workforce funding?",
    "How much of ICS budgets should be spent on prevention?",
    "How could digital technology reduce the workload of nurses in primary care?",
    "Why do nurses still record information on paper before entering it on computers?",
    "What did the Royal College of Nursing say about the need for a workforce plan?",
    "What did the Queen's Nursing Institute say about digital systems in care?",
    "How did the Department of Health and Social Care respond to the Hewitt review?",
    "What lessons can adult services learn from integrated working in children's services?",
    "What three principles transformed the children's sector?",
    "Why do integrated teams break up when their original pioneers move on?",
    "How should qualifications change so staff can move between health and social care?",
    "Why is workforce development the key to bringing sectors together?",
    "What is the role of multidisciplinary teams in joining up care?",
    "How is the government supporting the career progression of care workers?",
)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation between closest ranks."""
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def spread(seconds: Sequence[float]) -> dict[str, float]:
    """Median and p95 of a list of timings, in milliseconds."""
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "n": len(seconds),
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def forget(*cached: Callable[..., Any]) -> None:
    """Clear functools caches, so a step does its work again rather than reuse an earlier one's."""
    for fn in cached:
        getattr(fn, "cache_clear", lambda: None)()


def torch_threads() -> int | None:
    torch = sys.modules.get("torch")  # loaded by the embedder by now; not imported here
    return int(torch.get_num_threads()) if torch else None


def to_mib(maxrss: int) -> float:
    # ru_maxrss is in KiB on Linux and in bytes on macOS
    return round(maxrss / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)


def peak_rss_mib() -> float:
    return to_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@dataclass(frozen=True)
class ColdRun:
    """A fresh Python process: its wall time, exit code, output and own peak RSS."""

    seconds: float
    code: int
    stdout: str
    stderr: str
    peak_rss_mib: float


def run_cold(cmd: list[str]) -> ColdRun:
    """Run `cmd` from the repo root; os.wait4 gives this child's own resource usage."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ColdRun(
            seconds,
            proc.returncode,
            out.read().decode(),
            err.read().decode(),
            to_mib(usage.ru_maxrss),
        )


def table(rows: Sequence[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value:>12}" for name, value in rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/latency.py", description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    p.add_argument("--questions", type=int, default=len(QUESTIONS))
    args = p.parse_args(argv)
    args.corpus = args.corpus.resolve()  # the subprocesses run from the repo root
    if not 1 <= args.questions <= len(QUESTIONS):
        print(f"error: --questions must be between 1 and {len(QUESTIONS)}", file=sys.stderr)
        return 2
    if not args.corpus.is_dir():
        print(f"error: no corpus folder at {args.corpus}: pass --corpus DIR", file=sys.stderr)
        return 2
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    py = sys.executable
    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="latency-"))
    try:
        # Fresh processes first, while this one is small: a child's peak RSS starts from its
        # parent's at exec, so they would otherwise report this process's size.
        imports = run_cold([py, "-c", "import qa.engine, ingest.build, sentence_transformers"])
        cli_index = tmp / "cli-index"
        ingest_cmd = [
            py,
            "-m",
            "ingest",
            "--corpus",
            str(args.corpus),
            "--index",
            str(cli_index),
            "--quiet",
        ]
        cli_ingest = run_cold([*ingest_cmd, "--force"])
        cli_noop = run_cold(ingest_cmd)
        cli_ask = run_cold(
            [py, "-m", "qa", "ask", "--index", str(cli_index), "--json", FIRST_QUESTION]
        )
        if "up to date" not in cli_noop.stdout:  # e.g. the pipeline's code changed meanwhile
            print(f"note: python -m ingest re-run was not a no-op: {cli_noop.stdout.strip()}")
        for name, run in (("ingest", cli_ingest), ("re-ingest", cli_noop), ("ask", cli_ask)):
            if run.code != 0:
                print(f"note: the {name} subprocess exited {run.code}: {run.stderr.strip()[:200]}")

        from core import embedder
        from ingest.build import build
        from qa.engine import Engine

        index = tmp / "index"
        ingest_s, built = timed(lambda: build(args.corpus, index, progress=False, force=True))
        forget(embedder.weights_sha256)  # a re-run hashes the weights again
        noop_s, again = timed(lambda: build(args.corpus, index, progress=False))
        if again["status"] != "up to date":
            print(f"note: the re-ingest was not a no-op (status {again['status']!r})")

        # Engine.load reads and hashes, as at launch
        forget(embedder.load, embedder.load_query, embedder.weights_sha256)
        load_s, engine = timed(lambda: Engine.load(index))
        first_s, _ = timed(lambda: engine.ask(FIRST_QUESTION))

        questions = QUESTIONS[: args.questions]
        asks, encodes = [], []
        for q in questions:  # interleaved, so both see the same load on the machine
            asks.append(timed(partial(engine.ask, q))[0])
            encodes.append(timed(partial(engine.model.encode, [q]))[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    counts = built.get("counts", {})
    figures = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "torch_threads": torch_threads(),
            # other work on the machine skews every figure: compare runs at a similar load
            "load_average_1m": {"start": load_before, "end": os.getloadavg()[0]},
        },
        "corpus": {"path": os.path.relpath(args.corpus), **counts},
        "model": embedder.DEFAULT_MODEL,
        "ingest_full_s": round(ingest_s, 3),
        "ingest_noop_s": round(noop_s, 3),
        "ingest_noop_status": again["status"],
        "cli_ingest_full_s": round(cli_ingest.seconds, 3),
        "cli_ingest_noop_s": round(cli_noop.seconds, 3),
        "cli_ingest_noop_said": cli_noop.stdout.strip().replace(str(tmp), "<scratch>"),
        "python_start_and_imports_s": round(imports.seconds, 3),
        "cli_first_answer_s": round(cli_ask.seconds, 3),
        "cli_exit_codes": {
            "ingest": cli_ingest.code,
            "re_ingest": cli_noop.code,
            "ask": cli_ask.code,
        },
        "in_process_engine_load_s": round(load_s, 3),
        "in_process_first_ask_s": round(first_s, 3),
        "in_process_first_answer_s": round(load_s + first_s, 3),
        "warm_ask": spread(asks),
        "query_embedding": spread(encodes),
        "peak_rss_mib": {
            "this_process": peak_rss_mib(),
            "cli_ingest": cli_ingest.peak_rss_mib,
            "cli_ask": cli_ask.peak_rss_mib,
        },
    }
    n = len(questions)
    warm, enc, rss = figures["warm_ask"], figures["query_embedding"], figures["peak_rss_mib"]
    docs = f"{counts.get('documents')} docs, {counts.get('chunks')} passages"
    rows = [
        (f"ingest, full, in-process build(force=True) ({docs})", f"{ingest_s:.2f} s"),
        (f"ingest, re-run, in-process ({again['status']})", f"{noop_s:.3f} s"),
        ("ingest, full: python -m ingest --force", f"{cli_ingest.seconds:.2f} s"),
        ("ingest, re-run: python -m ingest (no-op)", f"{cli_noop.seconds:.2f} s"),
        ("python start + imports (fresh process)", f"{imports.seconds:.2f} s"),
        ("launch to first answer: python -m qa ask --json", f"{cli_ask.seconds:.2f} s"),
        ("in-process: Engine.load (model from disk)", f"{load_s:.2f} s"),
        ("in-process: first ask", f"{first_s * 1000:.1f} ms"),
        ("in-process: Engine.load + first ask", f"{load_s + first_s:.2f} s"),
        (f"warm engine.ask, median (n={n})", f"{warm['median_ms']:.1f} ms"),
        (f"warm engine.ask, p95 (n={n})", f"{warm['p95_ms']:.1f} ms"),
        (f"query embedding only, median (n={n})", f"{enc['median_ms']:.1f} ms"),
        (f"query embedding only, p95 (n={n})", f"{enc['p95_ms']:.1f} ms"),
        ("peak RSS, this process (ingest + engine + queries)", f"{rss['this_process']:.0f} MiB"),
        ("peak RSS, python -m ingest --force", f"{rss['cli_ingest']:.0f} MiB"),
        ("peak RSS, python -m qa ask", f"{rss['cli_ask']:.0f} MiB"),
    ]
    print(table(rows))
    print(
        f"\n1-minute load average {load_before:.2f} at start, {os.getloadavg()[0]:.2f} at end, "
        f"on {os.cpu_count()} CPUs; torch threads {torch_threads()}"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
