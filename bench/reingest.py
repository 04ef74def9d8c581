"""Prints the time of a full ingest beside a no-op re-ingest and a one-document-added re-ingest.

Each figure is the wall time of `python -m ingest` as a user runs it (process start, imports,
model load when needed), on a copy of the corpus in a temporary folder.

    python bench/reingest.py [--corpus corpus] [--added 003_b60c2cd22ea21d0f.txt]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ingest(corpus: Path, index: Path, *extra: str) -> tuple[float, dict]:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            "--corpus",
            str(corpus),
            "--index",
            str(index),
            "--quiet",
            *extra,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    report = json.loads((index / "report.json").read_text())
    return seconds, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument(
        "--added",
        default="003_b60c2cd22ea21d0f.txt",
        help="the document taken out and then added back",
    )
    args = parser.parse_args()
    if not (args.corpus / args.added).exists():
        print(f"{args.corpus / args.added} not found: pass --added with a file in the corpus")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        shutil.copytree(args.corpus, corpus)
        rows = []
        t, r = ingest(corpus, index, "--force")
        rows.append(("full build", t, r["embedded"], r["counts"]))
        t, _ = ingest(corpus, index)
        rows.append(("no-op re-ingest", t, {"passages": 0, "sentences": 0}, r["counts"]))
        held = Path(tmp) / args.added
        shutil.move(corpus / args.added, held)
        t, r = ingest(corpus, index)
        rows.append(("one document removed", t, r["embedded"], r["counts"]))
        shutil.move(held, corpus / args.added)
        t, r = ingest(corpus, index)
        rows.append(("one document added", t, r["embedded"], r["counts"]))
    print(f"{'step':<22}{'seconds':>9}{'embedded passages':>19}{'sentences':>11}{'indexed':>9}")
    for name, seconds, embedded, counts in rows:
        print(
            f"{name:<22}{seconds:>9.2f}{embedded['passages']:>19}{embedded['sentences']:>11}"
            f"{counts['chunks']:>9}"
        )
    out = ROOT / "bench" / "results" / "reingest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            [
                {"step": n, "seconds": round(s, 3), "embedded": e, "indexed_passages": c["chunks"]}
                for n, s, e, c in rows
            ],
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
