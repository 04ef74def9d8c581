"""Calibrates the three outcomes (answered / not directly / nothing about it) and reports how
well the choice carries over: leave-one-set-out (the honest figure for new documents), 5-fold
out-of-fold, then the setting chosen on all sets (in-sample).

    python bench/calibrate.py --scifact ../shared/bench/scifact \\
        --realworld ../shared/realworld-dev --dev ../shared/eval/dev.jsonl [--claims 300] \\
        [--set NAME=DIR ...]

Labelled sets (bench/calibration_sets.py): SciFact train claims asked with their gold abstracts
(answerable) and with the gold hidden (a near-domain twin the corpus cannot answer); the
realworld-dev questions over their corpus; dev.jsonl plus the repo's own questions
(tests/questions.jsonl answerable, tests/offtopic.txt not) over the seed corpus; and each
`--set NAME=DIR` (DIR holds corpus/ and questions.frozen.jsonl or questions.jsonl) over its own
corpus, indexed into bench/cache/<name>/index (or sharing an earlier set's index of the same
corpus).

Each question is asked once (kept in bench/cache/ while the index, the questions and the qa/ and
core/ code are unchanged); its signals (qa/abstain.py) and the answer it would get under each
outcome are kept. The grid setting that maximises the mean over sets of the share of answerable
questions answered directly, less 5 times any share over 5% of unanswerable ones presented as
answered, with at most 1% of answerable questions refused, is chosen: on all sets but one, which
is then decided with it (leave-one-set-out); on 4 of 5 folds stratified by set and label, the
fifth then decided with it (out-of-fold); and on all the data (printed, to copy into
qa/abstain.py).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import answers as bench_answers  # noqa: E402
from bench.calibration_sets import (  # noqa: E402
    CACHE,
    Labelled,
    add_sets,
    cached,
    hiding,
    indexed_sources,
    jsonl_set,
    missing,
    questions_of,
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
    # the share of the question's words a sentence lacking its rarest word must use: 0 (no
    # more than any other) to above 1 (never direct)
    "direct_rarest": [0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.01],
    "direct_whole": [False, True],
    "direct_dated": [False, True],
    "direct_counts": [False, True],
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


def ask_all(index: Path, items: list[Labelled], name: str) -> list[Point]:
    """Each question asked once, kept in bench/cache/ while the index, the questions and the
    code are unchanged."""
    from qa.engine import Engine

    engine = Engine.load(index)
    key = [engine.version, [(x.q, x.answerable, sorted(x.hidden), x.record) for x in items]]
    made: list[Point] = cached(
        index.parent / f"points-{name}.pkl", key, lambda: asked(engine, items)
    )
    return made


def asked(engine: Any, items: list[Labelled]) -> list[Point]:
    from qa.abstain import Verdict

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
        self.dated = np.array([p.signals.dated for p in points])
        self.counts = np.array([p.signals.counts for p in points])
        self.ans = np.array([p.answerable for p in points])
        sets = sorted({p.set for p in points})
        self.set_masks = [np.array([p.set == s for p in points]) for s in sets]

    def objective(self, idx: np.ndarray, t: Thresholds) -> float:
        refused = (self.ev[idx] < t.refuse_evidence) & (self.cov[idx] < t.refuse_coverage)
        direct = (
            ~refused
            & self.typed[idx]
            & (self.rarest[idx] | (self.ov[idx] >= t.direct_rarest))
            & (self.whole[idx] | (not t.direct_whole))
            & (self.dated[idx] | (not t.direct_dated))
            & (self.counts[idx] | (not t.direct_counts))
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


def settings(keep: Sequence[str] = ()) -> list[Thresholds]:
    """The grid; the fields in `keep` stay at the product's value."""
    base = Thresholds()
    values = [[getattr(base, k)] if k in keep else v for k, v in GRID.items()]
    return [Thresholds(*combo) for combo in itertools.product(*values)]


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


def held_objective(sets: dict[str, Any]) -> dict[str, float]:
    """The objective on each set's decided questions (its refusal limit aside: the refusals are
    printed beside it)."""
    out = {}
    for name, s in sets.items():
        o = s["overall"]
        over = max(0.0, (o["unanswerable_direct"] or 0.0) - MAX_DIRECT)
        out[name] = round((o["answerable_direct"] or 0.0) - PENALTY * over, 4)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scifact", type=Path, required=True)
    parser.add_argument("--realworld", type=Path, required=True)
    parser.add_argument("--dev", type=Path, required=True)
    parser.add_argument("--claims", type=int, default=300, help="SciFact train claims to use")
    add_sets(parser)
    parser.add_argument(
        "--keep",
        action="append",
        default=[],
        choices=list(GRID),
        help="a threshold to keep at the product's value (the objective weighs refusing "
        "unanswerable questions only as a tie-break, so it leaves the refusal thresholds free "
        "along plateaus: keep refuse_evidence and refuse_coverage to move only the others)",
    )
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    extra: list[tuple[str, Path]] = args.set
    problem = missing(
        [("realworld-dev", args.realworld), *extra], ["scifact", "dev"], [args.scifact, args.dev]
    )
    if problem:
        print(problem, file=sys.stderr)
        return 2

    points: list[Point] = []
    sf_index, sf_items = scifact_set(args.scifact, args.claims)
    print(f"scifact: {len(sf_items)} questions", flush=True)
    points += ask_all(sf_index, sf_items, "scifact")
    rw_index = realworld_index(args.realworld)
    indexes = {(args.realworld / "corpus").resolve(): rw_index}  # one index per corpus
    for name, folder in [("realworld-dev", args.realworld), *extra]:
        corpus = (folder / "corpus").resolve()
        if corpus not in indexes:
            from ingest.build import build

            build(folder / "corpus", CACHE / name / "index", progress=True)
            indexes[corpus] = CACHE / name / "index"
        index = indexes[corpus]
        items = jsonl_set(questions_of(folder), name, indexed_sources(index))
        not_indexed = sum(1 for x in items if x.record and x.record.get("why"))
        print(
            f"{name}: {len(items)} questions; {not_indexed} answerable ones relabelled "
            "unanswerable: their gold document is not in the index (ingest skipped it)"
        )
        points += ask_all(index, items, name)
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
    points += ask_all(seed_index(), dev_items, "dev")

    table, grid = Table(points), settings(args.keep)
    sets = np.array([p.set for p in points])
    print("\nLEAVE-ONE-SET-OUT (each set decided by thresholds chosen on the others)")
    loso = [""] * len(points)
    set_settings = {}
    for name in dict.fromkeys(sets):
        t = best(table, np.flatnonzero(sets != name), grid)
        set_settings[str(name)] = asdict(t)
        for i in np.flatnonzero(sets == name):
            loso[i] = abstain.outcome(points[i].signals, t)
        print(f"  without {name}: {t}", flush=True)
    print("\n5-FOLD OUT-OF-FOLD")
    fold = folds(points)
    decided = [""] * len(points)
    chosen = []
    for f in range(FOLDS):
        train = np.flatnonzero(fold != f)
        t = best(table, train, grid)
        chosen.append(asdict(t))
        for i in np.flatnonzero(fold == f):
            decided[i] = abstain.outcome(points[i].signals, t)
        print(f"  fold {f}: {t}", flush=True)
    final = best(table, np.arange(len(points)), grid)
    current = Thresholds()
    figures = {
        "product (as is)": summary(points, outcomes(points, current)),
        "leave-one-set-out": summary(points, loso),
        "5-fold": summary(points, decided),
        "in-sample (final)": summary(points, outcomes(points, final)),
    }
    print("\nfact in answer, refused (answerable), unanswerable presented as answered, sentences")
    for name, s in figures.items():
        print(bench_answers.brief(name, s["sets"]))
    print("\nanswered directly (answerable)")
    for name, s in figures.items():
        direct = {k: v["overall"]["answerable_direct"] for k, v in s["sets"].items()}
        print(f"{name:<22}" + " | ".join(f"{k}: {v:.2f}" for k, v in direct.items()))
    print("\nthe objective on each set (answered directly - 5 x unanswerable direct over 5%)")
    for name, s in figures.items():
        scores = held_objective(s["sets"])
        cells = " | ".join(f"{k}: {v:.3f}" for k, v in scores.items())
        print(f"{name:<22}{cells} | mean {np.mean(list(scores.values())):.4f}")
    print("\nLEAVE-ONE-SET-OUT, by question type")
    for name, s in figures["leave-one-set-out"]["sets"].items():
        print(bench_answers.table(name, s["overall"], s["by_type"]))
    print(f"\nfor the product (chosen on all {len(points)} questions; in-sample): {final}")
    print(f"in qa/abstain.py now: {current}")
    result = {
        "note": "figures under leave_one_set_out and out_of_fold are out-of-sample; product and "
        "in_sample are in-sample wherever the setting was chosen on that set",
        "sets": {"scifact": str(args.scifact), "realworld-dev": str(args.realworld)}
        | {"dev": str(args.dev)}
        | {n: str(d) for n, d in extra},
        "folds": FOLDS,
        "kept_at_product_value": args.keep,
        "objective": "mean over sets of (answerable direct share - 5 x max(0, unanswerable "
        "direct share - 0.05)), <= 1% of answerable refused, on the sets chosen on",
        "questions": {name: sum(p.set == name for p in points) for name in dict.fromkeys(sets)},
        "set_settings": set_settings,
        "objective_by_set": {k: held_objective(v["sets"]) for k, v in figures.items()},
        "leave_one_set_out": figures["leave-one-set-out"],
        "fold_settings": chosen,
        "out_of_fold": figures["5-fold"],
        "product_setting": asdict(current),
        "product": figures["product (as is)"],
        "final_setting": asdict(final),
        "in_sample": figures["in-sample (final)"],
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
