"""Calibrates the three outcomes (answered / not directly / nothing about it) by 5-fold
cross-validation and prints only out-of-fold figures.

    python bench/calibrate.py --scifact ../shared/bench/scifact \\
        --realworld ../shared/realworld-dev --dev ../shared/eval/dev.jsonl [--claims 300]

Labelled sets (bench/calibration_sets.py): SciFact train claims asked with their gold abstracts
(answerable) and with the gold hidden (a near-domain twin the corpus cannot answer); the
realworld-dev questions over their corpus; dev.jsonl plus the repo's own questions
(tests/questions.jsonl answerable, tests/offtopic.txt not) over the seed corpus.

Each question is asked once; its signals (qa/abstain.py) and the answer it would get under each
outcome are kept. Folds are stratified by set and label. On the training folds the grid setting
that maximises the mean over sets of the share of answerable questions answered directly,
less 5 times any share over 5% of unanswerable ones presented as answered, with at most 1% of
answerable questions refused, is chosen; the held-out fold is scored with it. Every figure
printed is out-of-fold; the setting for the product is then chosen on all the data (printed,
to copy into qa/abstain.py).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import answers as bench_answers  # noqa: E402
from bench.calibration_sets import (  # noqa: E402
    Labelled,
    hiding,
    indexed_sources,
    jsonl_set,
    realworld_index,
    scifact_set,
    seed_index,
)
from qa import abstain  # noqa: E402
from qa.abstain import ANSWERED, NOT_DIRECT, REFUSED, Signals, Thresholds  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "calibrate.json"
FOLDS = 5
MAX_REFUSED = 0.01  # of answerable questions, on the training folds
MAX_DIRECT = 0.05  # of unanswerable questions presented as answered, per set
PENALTY = 5.0  # per unit of that rate over MAX_DIRECT
GRID = {
    "refuse_evidence": [x / 100 for x in range(15, 51, 5)],
    "refuse_coverage": [x / 100 for x in range(10, 51, 5)],
    "direct_overlap": [x / 100 for x in range(10, 61, 5)],
    "direct_sum": [x / 100 for x in range(60, 161, 5)],
    "direct_rarest": [False, True],
    "direct_whole": [False, True],
}


@dataclass(frozen=True)
class Point:
    """One asked question: its label, signals and the answer under each outcome."""

    q: str
    set: str
    type: str
    answerable: bool
    signals: Signals
    fact_direct: bool | None
    fact_indirect: bool | None
    lines_direct: int
    lines_indirect: int


def ask_all(index: Path, items: list[Labelled]) -> list[Point]:
    from qa.abstain import Verdict
    from qa.engine import Engine

    engine = Engine.load(index)
    points = []
    for n, item in enumerate(items, 1):
        e = hiding(engine, item.hidden) if item.hidden else engine
        draft = e.draft(item.q)
        s = draft.signals
        record = item.record or {"q": item.q, "kind": "answerable" if item.answerable else "x"}
        phrases = bench_answers.facts(record)
        out: dict[str, Any] = {}
        for name, outcome in (("direct", ANSWERED), ("indirect", NOT_DIRECT)):
            a = e.compose(draft, Verdict(outcome, s.evidence, s.coverage, s.overlap, s.typed))
            fact = bench_answers.has_fact(a.answer, phrases) if phrases else None
            out[name] = (fact if item.answerable else None, len(a.lines))
        points.append(
            Point(
                item.q,
                item.set,
                bench_answers.qtype(record) if item.record else "claim",
                item.answerable,
                s,
                out["direct"][0],
                out["indirect"][0],
                out["direct"][1],
                out["indirect"][1],
            )
        )
        if n % 100 == 0:
            print(f"  asked {n}/{len(items)}", file=sys.stderr, flush=True)
    return points


def outcomes(points: list[Point], t: Thresholds) -> list[str]:
    return [abstain.outcome(p.signals, t) for p in points]


class Table:
    """Signals as arrays, so that the grid is scored without a Python loop per question."""

    def __init__(self, points: list[Point]):
        self.ev = np.array([p.signals.evidence for p in points])
        self.cov = np.array([p.signals.coverage for p in points])
        self.ov = np.array([p.signals.overlap for p in points])
        self.typed = np.array([p.signals.typed for p in points])
        self.dense = np.array([p.signals.dense for p in points])
        self.rarest = np.array([p.signals.rarest for p in points])
        self.whole = np.array([p.signals.whole for p in points])
        self.ans = np.array([p.answerable for p in points])
        sets = sorted({p.set for p in points})
        self.set_masks = [np.array([p.set == s for p in points]) for s in sets]

    def objective(self, idx: np.ndarray, t: Thresholds) -> float:
        refused = (self.ev[idx] < t.refuse_evidence) & (self.cov[idx] < t.refuse_coverage)
        direct = (
            ~refused
            & self.typed[idx]
            & (self.rarest[idx] | (not t.direct_rarest))
            & (self.whole[idx] | (not t.direct_whole))
            & (self.ov[idx] >= t.direct_overlap)
            & (self.ov[idx] + self.dense[idx] >= t.direct_sum)
        )
        ans = self.ans[idx]
        if ans.any() and refused[ans].mean() > MAX_REFUSED:
            return -1.0
        scores = []
        for m in self.set_masks:
            m = m[idx]
            a, u = m & ans, m & ~ans
            if a.any() and u.any():
                over = max(0.0, float(direct[u].mean()) - MAX_DIRECT)
                scores.append(float(direct[a].mean()) - PENALTY * over)
        off_refused = refused[~ans].mean() if (~ans).any() else 0.0
        # Refusing more of what the corpus cannot answer breaks ties, never outweighs accuracy.
        return float(np.mean(scores)) + 0.01 * off_refused if scores else 0.0


def settings() -> list[Thresholds]:
    return [Thresholds(*combo) for combo in itertools.product(*GRID.values())]


def best(table: Table, idx: np.ndarray, grid: list[Thresholds]) -> Thresholds:
    scored = [(table.objective(idx, t), i) for i, t in enumerate(grid)]
    top = max(s for s, _ in scored)
    # Among equal settings take the middle one of the plateau, not its edge.
    ties = [i for s, i in scored if s >= top - 1e-9]
    return grid[ties[len(ties) // 2]]


def folds(points: list[Point], k: int = FOLDS, seed: int = 7) -> np.ndarray:
    """Fold of each point, stratified by set and label."""
    out = np.zeros(len(points), dtype=int)
    groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        groups[(p.set, p.answerable)].append(i)
    rng = random.Random(seed)
    for members in groups.values():
        rng.shuffle(members)
        for j, i in enumerate(members):
            out[i] = j % k
    return out


def summary(points: list[Point], decided: list[str]) -> dict[str, Any]:
    rows = []
    for p, o in zip(points, decided, strict=True):
        fact = p.fact_direct if o == ANSWERED else p.fact_indirect if o == NOT_DIRECT else False
        lines = p.lines_direct if o == ANSWERED else p.lines_indirect if o == NOT_DIRECT else 0
        rows.append(
            {
                "q": p.q,
                "type": p.type,
                "answerable": p.answerable,
                "fact": fact if p.answerable and p.fact_direct is not None else None,
                "refused": o == REFUSED,
                "direct": o == ANSWERED,
                "sentences": lines,
            }
        )
    by_set: dict[str, Any] = {}
    for name in sorted({p.set for p in points}):
        mine = [r for r, p in zip(rows, points, strict=True) if p.set == name]
        by_set[name] = {
            "overall": bench_answers.summarise(mine),
            "by_type": bench_answers.by_type(mine),
        }
    return {"overall": bench_answers.summarise(rows), "sets": by_set}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scifact", type=Path, required=True)
    parser.add_argument("--realworld", type=Path, required=True)
    parser.add_argument("--dev", type=Path, required=True)
    parser.add_argument("--claims", type=int, default=300, help="SciFact train claims to use")
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    for path in (args.scifact, args.realworld / "questions.jsonl", args.dev):
        if not path.exists():
            print(f"{path} not found: pass the shared data paths (../shared/...)", file=sys.stderr)
            return 2

    points: list[Point] = []
    sf_index, sf_items = scifact_set(args.scifact, args.claims)
    print(f"scifact: {len(sf_items)} questions", flush=True)
    points += ask_all(sf_index, sf_items)
    rw_index = realworld_index(args.realworld)
    rw_items = jsonl_set(
        args.realworld / "questions.jsonl", "realworld-dev", indexed_sources(rw_index)
    )
    not_indexed = sum(1 for x in rw_items if x.record and x.record.get("why"))
    print(
        f"realworld-dev: {not_indexed} answerable questions relabelled unanswerable: their "
        "gold document is not in the index (ingest skipped it)"
    )
    points += ask_all(rw_index, rw_items)
    dev_items = jsonl_set(args.dev, "dev")
    own = ROOT / "tests" / "questions.jsonl"
    dev_items += [
        Labelled(r["q"], True, "dev", record={**r, "kind": "answerable"})
        for r in (json.loads(x) for x in own.read_text().splitlines() if x.strip())
    ]
    off = (ROOT / "tests" / "offtopic.txt").read_text().splitlines()
    dev_items += [
        Labelled(q.strip(), False, "dev", record={"q": q.strip(), "kind": "unanswerable"})
        for q in off
        if q.strip()
    ]
    points += ask_all(seed_index(), dev_items)

    table, grid = Table(points), settings()
    fold = folds(points)
    decided = [""] * len(points)
    chosen = []
    for f in range(FOLDS):
        train = np.flatnonzero(fold != f)
        t = best(table, train, grid)
        chosen.append(asdict(t))
        for i in np.flatnonzero(fold == f):
            decided[i] = abstain.outcome(points[i].signals, t)
        print(f"fold {f}: {t}", flush=True)
    oof = summary(points, decided)
    final = best(table, np.arange(len(points)), grid)
    in_sample = summary(points, outcomes(points, final))

    print("\nOUT-OF-FOLD (each question decided by thresholds chosen without it)")
    for name, s in oof["sets"].items():
        print(bench_answers.table(name, s["overall"], s["by_type"]))
    print(f"\nfor the product (chosen on all {len(points)} questions; in-sample): {final}")
    current = Thresholds()
    print(f"in qa/abstain.py now: {current}")
    result = {
        "note": "figures under out_of_fold are out-of-sample; in_sample uses the final setting",
        "folds": FOLDS,
        "objective": "mean over sets of (answerable direct share - 5 x max(0, unanswerable "
        "direct share - 0.05)), <= 1% of answerable refused, on the training folds",
        "questions": {name: sum(p.set == name for p in points) for name in oof["sets"]},
        "fold_settings": chosen,
        "final_setting": asdict(final),
        "out_of_fold": oof,
        "in_sample": in_sample,
        "signals": [
            {"set": p.set, "type": p.type, "answerable": p.answerable, **asdict(p.signals)}
            for p in points
        ],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
