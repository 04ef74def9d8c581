"""Calibrates abstention: prints how each threshold setting separates answerable questions from
ones the corpus does not cover, on the dev set plus the repo's own labelled questions.

    python bench/calibrate.py ../shared/eval/dev.jsonl [--index DIR]

The thresholds in qa/abstain.py sit inside the best-scoring plateau this script prints (balanced
accuracy over all labelled questions, never a single one).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.build import build  # noqa: E402
from qa import abstain  # noqa: E402
from qa.engine import Engine  # noqa: E402


def labelled(dev: Path) -> list[tuple[str, bool]]:
    rows = [json.loads(line) for line in dev.read_text().splitlines() if line.strip()]
    out = [(r["q"], r["kind"] != "unanswerable") for r in rows]
    own = ROOT / "tests" / "questions.jsonl"
    out += [(json.loads(line)["q"], True) for line in own.read_text().splitlines() if line]
    off = ROOT / "tests" / "offtopic.txt"
    out += [(line.strip(), False) for line in off.read_text().splitlines() if line.strip()]
    return out


def signals(engine: Engine, question: str, k: int = 5) -> tuple[float, float]:
    v = engine.verdict(question, engine.top_hits(question, k))
    return v.evidence, v.coverage


def balanced_accuracy(points, setting) -> float:
    on = [abstain.decide(e, c, *setting).answers for e, c, ok in points if ok]
    off = [not abstain.decide(e, c, *setting).answers for e, c, ok in points if not ok]
    return (sum(on) / len(on) + sum(off) / len(off)) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--index", type=Path)
    args = parser.parse_args()
    if not args.dev.exists():
        print(f"{args.dev} not found: this script needs the shared eval set; pass its path")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or Path(tmp) / "index"
        if args.index is None:
            build(ROOT / "corpus", index, progress=False)
        engine = Engine.load(index)
        questions = labelled(args.dev)
        points = [(*signals(engine, q), ok) for q, ok in questions]
    grid = itertools.product(
        [x / 100 for x in range(30, 56, 5)],
        [x / 100 for x in range(55, 81, 5)],
        [x / 100 for x in range(10, 61, 5)],
    )
    ranked = sorted(
        ((balanced_accuracy(points, s), s) for s in grid if s[0] < s[1]),
        key=lambda t: (-t[0], -(t[1][1] - t[1][0])),
    )
    current = (abstain.MIN_EVIDENCE, abstain.SURE_EVIDENCE, abstain.MIN_COVERAGE)
    print(
        f"{len([p for p in points if p[2]])} answerable, "
        f"{len([p for p in points if not p[2]])} not answerable"
    )
    print("best settings (min_evidence, sure_evidence, min_coverage) -> balanced accuracy")
    for acc, s in ranked[:12]:
        print(f"  {s} -> {acc:.3f}")
    print(f"in use {current} -> {balanced_accuracy(points, current):.3f}")
    for (q, ok), (e, c, _) in zip(questions, points, strict=True):
        answers = abstain.decide(e, c).answers
        if answers != ok:
            print(f"  wrong: {'answers' if answers else 'abstains'} e={e:.3f} c={c:.3f} {q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
