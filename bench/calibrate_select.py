"""Chooses the sentence-score weights (qa/select.py `Weights`) by 5-fold cross-validation and
prints out-of-fold figures: does the answer text hold the fact, per set and question type?

    python bench/calibrate_select.py ../shared/eval/dev.jsonl ../shared/realworld-dev

Each question of dev.jsonl and of the repo's own labelled questions (tests/questions.jsonl,
tests/offtopic.txt; set "repo"), over the seed corpus, and of realworld-dev (over its corpus) is
retrieved once, as `Engine.ask` does; its scored sentences are then re-scored under every
setting of a small grid, and the answer composed with the product's abstention thresholds.
Folds are stratified by set and label. On the training folds the setting with the highest
share of answerable questions whose answer text holds the fact, less 5 times any share over 5%
of unanswerable ones presented as answered, with answers of at most 3 lines on average, is
chosen (ties go to the setting nearest the product's); the held-out fold is answered with it.
The setting for the product is then chosen on all questions (in-sample; printed to copy into
qa/select.py). The abstention thresholds are fixed here: bench/calibrate.py chooses those.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import answers as bench_answers  # noqa: E402
from qa import select  # noqa: E402
from qa.abstain import decide  # noqa: E402
from qa.select import Weights  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "calibrate_select.json"
FOLDS = 5
MAX_DIRECT = 0.05
PENALTY = 5.0
MAX_LINES = 3.0
# The grid: each weight at the product's value and around it.
GRID = {
    "overlap": [1.0, 1.3, 1.6],
    "rank": [0.1, 0.25, 0.5],
    "typed": [0.35, 0.5],
    "rarest": [0.0, 0.2, 0.5],
    "asking": [0.0, 0.65, 1.3],
    "pair": [0.0, 0.15],
    "fragment": [0.3, 0.6],
    "complete": [0.5, 0.6, 0.75],
    "thing": [0.0, 0.3],
}


@dataclass(frozen=True)
class Asked:
    """One question retrieved once: what is needed to answer it under any weights."""

    set: str
    record: dict[str, Any]
    engine: Any
    draft: Any
    sources: frozenset[str]


def answer_row(item: Asked, w: Weights) -> dict[str, Any]:
    """The question's figures when its sentences are scored with `w`."""
    d = item.draft
    ranked = select.rescore(d.ask, d.ranked, w)
    signals = d.signals
    if ranked:
        top = ranked[0]
        signals = replace(
            signals, overlap=top.overlap, typed=top.typed, dense=top.dense, rarest=top.rarest
        )
    draft = replace(d, ranked=tuple(ranked), signals=signals)
    a = item.engine.compose(draft, decide(signals), w).to_dict()
    return bench_answers.outcome(item.record, a, set(item.sources))


def objective(rows: Sequence[dict[str, Any]]) -> float:
    s = bench_answers.summarise(rows)
    if s["mean_sentences"] is not None and s["mean_sentences"] > MAX_LINES:
        return -1.0
    fact = s["fact_in_answer"] or 0.0
    over = max(0.0, (s["unanswerable_direct"] or 0.0) - MAX_DIRECT)
    return fact - PENALTY * over


def settings() -> list[Weights]:
    return [
        replace(Weights(), **dict(zip(GRID, combo, strict=True)))
        for combo in itertools.product(*GRID.values())
    ]


def distance(w: Weights) -> float:
    base = Weights()
    return sum(abs(getattr(w, f.name) - getattr(base, f.name)) for f in fields(Weights))


def best(table: list[list[dict[str, Any]]], idx: Sequence[int], grid: list[Weights]) -> int:
    """The grid setting (its position) that does best on the questions `idx`."""
    scored = [(objective([table[g][i] for i in idx]), -distance(w), g) for g, w in enumerate(grid)]
    return max(scored)[2]


def folds(items: Sequence[Asked], k: int = FOLDS, seed: int = 7) -> list[int]:
    out = [0] * len(items)
    groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        groups[(it.set, it.record.get("kind") != "unanswerable")].append(i)
    rng = random.Random(seed)
    for members in groups.values():
        rng.shuffle(members)
        for j, i in enumerate(members):
            out[i] = j % k
    return out


def report(items: Sequence[Asked], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in dict.fromkeys(it.set for it in items):
        mine = [r for r, it in zip(rows, items, strict=True) if it.set == name]
        out[name] = {
            "overall": bench_answers.summarise(mine),
            "by_type": bench_answers.by_type(mine),
        }
    return out


def ask_all(dev: Path, realworld: Path) -> list[Asked]:
    from ingest.build import build
    from qa.engine import Engine

    sets = {
        "dev": (ROOT / "corpus", bench_answers.CACHE / "seed" / "index", dev),
        "realworld-dev": (
            realworld / "corpus",
            bench_answers.CACHE / "realworld" / "index",
            realworld / "questions.jsonl",
        ),
    }
    items = []
    for name, (corpus, index, questions) in sets.items():
        build(corpus, index, progress=False)
        engine = Engine.load(index)
        sources = frozenset(d.source for d in engine.index.documents.values())
        for r in bench_answers.read_jsonl(questions):
            items.append(Asked(name, r, engine, engine.draft(r["q"]), sources))
        if name == "dev":
            for r in own_questions():
                items.append(Asked("repo", r, engine, engine.draft(r["q"]), sources))
    return items


def own_questions() -> list[dict[str, Any]]:
    """The repo's own labelled questions over the seed corpus: answerable ones with their
    `expect_any`, and the off-topic ones as unanswerable."""
    own = bench_answers.read_jsonl(ROOT / "tests" / "questions.jsonl")
    off = (ROOT / "tests" / "offtopic.txt").read_text(encoding="utf-8").splitlines()
    return [{**r, "kind": "answerable"} for r in own] + [
        {"q": q.strip(), "kind": "unanswerable"} for q in off if q.strip()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path, help="../shared/eval/dev.jsonl")
    parser.add_argument("realworld", type=Path, help="../shared/realworld-dev (folder)")
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    for path in (args.dev, args.realworld / "questions.jsonl", args.realworld / "corpus"):
        if not path.exists():
            print(f"{path} not found: pass the shared eval paths (../shared/...)", file=sys.stderr)
            return 2
    items = ask_all(args.dev, args.realworld)
    grid = settings()
    table = [[answer_row(it, w) for it in items] for w in grid]
    fold = folds(items)
    oof: list[dict[str, Any]] = [{}] * len(items)
    chosen = []
    for f in range(FOLDS):
        train = [i for i in range(len(items)) if fold[i] != f]
        g = best(table, train, grid)
        chosen.append(asdict(grid[g]))
        print(f"fold {f}: {grid[g]}", flush=True)
        for i in range(len(items)):
            if fold[i] == f:
                oof[i] = table[g][i]
    final = best(table, range(len(items)), grid)
    product = grid.index(Weights()) if Weights() in grid else None
    out_of_fold = report(items, oof)
    in_sample = report(items, table[final])
    print("\nOUT-OF-FOLD (each question answered with weights chosen without it)")
    for name, s in out_of_fold.items():
        print(bench_answers.table(name, s["overall"], s["by_type"]))
    print("\nIN-SAMPLE (the setting chosen on all questions)")
    for name, s in in_sample.items():
        print(bench_answers.table(name, s["overall"], s["by_type"]))
    print(f"\nfor the product (chosen on all {len(items)} questions; in-sample): {grid[final]}")
    print(f"in qa/select.py now: {Weights()}")
    result = {
        "note": "out_of_fold figures are out-of-sample for the sentence weights (the abstention "
        "thresholds are the product's, chosen by bench/calibrate.py on sets that include these "
        "questions); in_sample uses the final setting",
        "folds": FOLDS,
        "grid": GRID,
        "fold_settings": chosen,
        "final_setting": asdict(grid[final]),
        "product_setting_in_grid": product is not None,
        "out_of_fold": out_of_fold,
        "in_sample": in_sample,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
