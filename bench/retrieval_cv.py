"""Cross-validate how passages are chosen for an answer: right passage in the top 5, out of fold.

Usage: python bench/retrieval_cv.py --set NAME INDEX QUESTIONS [--set ...] [--folds 5]
                                    [--json bench/results/retrieval_cv.json]

Each `--set` names a built index and a JSONL file of questions ({"q", "expect_any", "kind"};
only answerable ones count; a line without "kind" is answerable). For every question the raw
scores (dense, each sentence's, BM25) are computed once through the engine's own query parsing,
then re-fused with `qa.retrieve.rank` and spread across sources with `qa.retrieve.diversify`
for every setting of the grid: min-max fusion's dense weight and sentence weight, how far a
passage's best sentence may pull it below its own cosine (`Fusion.sentence_gap`), and the
per-document cap with its margin and its lead (how far a document's best passage must outscore
every other document's for the cap to spare it; `qa.retrieve.leading`). A question is a hit
when one of the 5 passages, its title or its speaker contains an `expect_any` phrase
(bench/realworld.py's rule).

Settings are chosen by k-fold cross-validation over all questions pooled (folds stratified by
set, a fixed shuffle), or with `--by-set` leaving one set out at a time: on each fold's
training part the setting with the most hits is chosen (ties go to the product's setting with
no lead and no sentence gap, then to the nearest to it), and its hits on the held-out part are
counted. It prints, per set, the product's setting (in-sample for
whatever was tuned on these sets), the setting chosen on all questions (in-sample) and the
out-of-fold figure, and writes them to the JSON file with relative paths only. SciFact is not
here: bench/scifact.py measures the fusion weights on it (they were chosen on its train split);
`--fixed-fusion` keeps them and cross-validates the sentence gap and the cap alone;
`--fixed-cap` keeps the product's cap.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench.realworld import contains_any, read_jsonl, shown  # noqa: E402

TOP = 5
DENSE_WEIGHTS = (0.5, 0.6, 0.7, 0.8)
SENTENCE_WEIGHTS = (0.25, 0.5, 0.75)
PER_DOC = (1, 2, 3, 0)  # 0: no cap
MARGINS = (0.05, 0.1, 0.2)
LEADS = (0.1, 0.2, 0.3, 0.4, float("inf"))  # inf: no document is exempt from the cap
GAPS = (0.1, 0.15, 0.2, 0.3, float("inf"))  # inf: a best sentence may lower its passage freely


@dataclass(frozen=True)
class Setting:
    dense_weight: float
    sentence_weight: float
    per_doc: int
    margin: float
    lead: float = float("inf")
    gap: float = float("inf")

    def distance(self, other: Setting) -> float:
        cap = {1: 1, 2: 2, 3: 3, 0: 4}
        capped = self.per_doc and other.per_doc
        return (
            abs(self.dense_weight - other.dense_weight)
            + abs(self.sentence_weight - other.sentence_weight)
            + abs(cap[self.per_doc] - cap[other.per_doc])
            + (abs(self.margin - other.margin) if capped else 0.0)
            + (abs(_step(self.lead) - _step(other.lead)) / len(LEADS) if capped else 0.0)
            + abs(_step(self.gap, GAPS) - _step(other.gap, GAPS)) / len(GAPS)
        )

    @property
    def cap(self) -> tuple[int, float, float]:
        return (self.per_doc, self.margin, self.lead)

    @property
    def fusion_key(self) -> tuple[float, float, float]:
        return (self.dense_weight, self.sentence_weight, self.gap)


def _step(value: float, steps: Sequence[float] = LEADS) -> int:
    return steps.index(value) if value in steps else len(steps)


@dataclass(frozen=True)
class Raw:
    """One question's scores over its index, before fusion."""

    set_name: str
    question: str
    wanted: tuple[str, ...]
    across: bool
    scores: Any  # qa.retrieve.Scored


def grid(fusion: tuple[float, float] | None = None) -> list[Setting]:
    """Every setting; with `fusion` (dense weight, sentence weight) only the gap's and the cap's."""
    dense, sentence = ((fusion[0],), (fusion[1],)) if fusion else (DENSE_WEIGHTS, SENTENCE_WEIGHTS)
    return [
        Setting(d, s, p, m, lead, g) if p else Setting(d, s, 0, 0.0, gap=g)
        for d, s, g, p in itertools.product(dense, sentence, GAPS, PER_DOC)
        for m, lead in (itertools.product(MARGINS, LEADS) if p else [(0.0, 0.0)])
    ]


def product_setting() -> Setting:
    from qa.engine import DEFAULT_FUSION, LEAD, PER_DOC

    gap = DEFAULT_FUSION.sentence_gap
    return Setting(
        DEFAULT_FUSION.dense_weight,
        DEFAULT_FUSION.sentence_weight,
        PER_DOC,
        0.1,
        LEAD,
        float("inf") if gap is None else gap,
    )


def raw_scores(engine: Any, set_name: str, q: dict[str, Any]) -> Raw:
    """The scores `Engine.search` fuses, for one question (no filters)."""
    from qa.engine import _ACROSS_SOURCES, DEFAULT_FUSION, validate
    from qa.query import Filters, parse

    text = validate(q["q"])
    query = parse(text)
    vector = engine.model.encode([query.dense_text])[0]
    scores = engine.scores(query, vector, Filters(), DEFAULT_FUSION.candidates)
    across = bool(_ACROSS_SOURCES.search(text))
    return Raw(set_name, q["q"], tuple(q["expect_any"]), across, scores)


def hits(engine: Any, raw: Raw, settings: Sequence[Setting]) -> list[bool]:
    """For each setting, whether the right passage is in the top 5 (each fusion ranked once)."""
    from qa.engine import DEFAULT_FUSION
    from qa.retrieve import diversify

    ranked: dict[tuple[float, float, float], list[Any]] = {}
    out = []
    for s in settings:
        key = s.fusion_key
        if key not in ranked:
            fusion = replace(
                DEFAULT_FUSION,
                dense_weight=s.dense_weight,
                sentence_weight=s.sentence_weight,
                sentence_gap=None if s.gap == float("inf") else s.gap,
            )
            ranked[key] = raw.scores.rank(fusion)
        if raw.across:
            top = diversify(ranked[key], TOP, engine.source_of, 1, margin=float("inf"))[:TOP]
        else:
            top = diversify(
                ranked[key], TOP, engine.source_of, s.per_doc, margin=s.margin, lead=s.lead
            )[:TOP]
        out.append(any(contains_any(shown(engine, h.row), raw.wanted) for h in top))
    return out


def choose(
    table: np.ndarray, rows: Sequence[int], settings: Sequence[Setting], default: Setting
) -> int:
    """The setting with most hits on `rows`; ties to the product's setting, then the nearest."""
    totals = table[list(rows)].sum(axis=0)
    best = totals.max()
    tied = [i for i in range(len(settings)) if totals[i] == best]
    return min(tied, key=lambda i: (settings[i] != default, settings[i].distance(default)))


def folds(sets: Sequence[str], k: int, seed: int = 9) -> list[list[int]]:
    """k folds of question indices, each set spread evenly over them; k 0: one fold per set."""
    if not k:
        return [[i for i, s in enumerate(sets) if s == name] for name in dict.fromkeys(sets)]
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    for name in dict.fromkeys(sets):
        members = [i for i, s in enumerate(sets) if s == name]
        rng.shuffle(members)
        for j, i in enumerate(members):
            out[j % k].append(i)
    return out


def described(s: Setting) -> dict[str, float | None]:
    """A setting for JSON: an infinite lead (no document exempt) as null."""
    return {k: None if v == float("inf") else v for k, v in vars(s).items()}


def share(good: float, total: int) -> float | None:
    return round(good / total, 4) if total else None


def relative(path: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), ROOT)
    except ValueError:
        return path.name


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/retrieval_cv.py", description=__doc__.splitlines()[0])
    p.add_argument("--set", nargs=3, action="append", metavar=("NAME", "INDEX", "QUESTIONS"))
    p.add_argument("--folds", type=int, default=5)
    p.add_argument(
        "--fixed-cap",
        action="store_true",
        help="keep the product's per-document cap (margin, lead); with --fixed-fusion the "
        "sentence gap is tuned alone",
    )
    p.add_argument(
        "--by-set", action="store_true", help="leave one set out at a time instead of k folds"
    )
    p.add_argument(
        "--fixed-fusion",
        action="store_true",
        help="keep the product's fusion weights (chosen on SciFact's train split); tune the "
        "sentence gap and the cap",
    )
    p.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "retrieval_cv.json")
    args = p.parse_args(argv)
    if not args.set:
        p.error("give at least one --set NAME INDEX QUESTIONS")
    absent = [x for _, i, q in args.set for x in (i, q) if not Path(x).exists()]
    if absent:
        print(
            f"not found: {', '.join(absent)} (build the index, pass the questions)", file=sys.stderr
        )
        return 2
    from qa.engine import Engine

    default = product_setting()
    settings = grid((default.dense_weight, default.sentence_weight) if args.fixed_fusion else None)
    if args.fixed_cap:
        settings = [s for s in settings if s.cap == default.cap]
    if default not in settings:
        settings.append(default)
    # Ties go to the product's setting with no document spared the cap and no sentence gap:
    # both were chosen here, so tying to them would credit them on folds that cannot tell.
    prior = replace(default, lead=float("inf"), gap=float("inf"))
    names: list[str] = []
    rows: list[list[bool]] = []
    for name, index, questions in args.set:
        engine = Engine.load(Path(index))
        for q in read_jsonl(Path(questions)):
            if q.get("kind", "answerable") != "answerable" or not q.get("expect_any"):
                continue
            raw = raw_scores(engine, name, q)
            rows.append(hits(engine, raw, settings))
            names.append(name)
    table = np.array(rows, dtype=np.int32)
    everyone = range(len(names))
    chosen_all = choose(table, everyone, settings, prior)
    out_of_fold = np.zeros(len(names), dtype=np.int32)
    picks = []
    for held in folds(names, 0 if args.by_set else args.folds):
        train = [i for i in everyone if i not in set(held)]
        c = choose(table, train, settings, prior)
        picks.append(settings[c])
        out_of_fold[held] = table[held, c]
    d = settings.index(default)
    summary: dict[str, Any] = {}
    for name in [*dict.fromkeys(names), "all"]:
        members = [i for i in everyone if name in ("all", names[i])]
        summary[name] = {
            "questions": len(members),
            "product_setting": share(table[members, d].sum(), len(members)),
            "chosen_on_all_in_sample": share(table[members, chosen_all].sum(), len(members)),
            "out_of_fold": share(out_of_fold[members].sum(), len(members)),
        }
    width = max(len(k) for k in summary)
    print(f"{'set'.ljust(width)}  questions  product  chosen(in-sample)  out-of-fold")
    for name, r in summary.items():
        print(
            f"{name.ljust(width)}  {r['questions']:9}  {r['product_setting']!s:7}  "
            f"{r['chosen_on_all_in_sample']!s:17}  {r['out_of_fold']}"
        )
    print(f"product setting: {default}")
    print(f"chosen on all questions: {settings[chosen_all]}")
    for i, s in enumerate(picks, 1):
        print(f"fold {list(dict.fromkeys(names))[i - 1] if args.by_set else i} chose: {s}")
    result = {
        "sets": {
            n: {"index": relative(Path(i)), "questions": relative(Path(q))} for n, i, q in args.set
        },
        "top": TOP,
        "folds": "one per set" if args.by_set else args.folds,
        "fixed_fusion": args.fixed_fusion,
        "fixed_cap": args.fixed_cap,
        "grid": {
            "dense_weight": DENSE_WEIGHTS,
            "sentence_weight": SENTENCE_WEIGHTS,
            "per_doc": PER_DOC,
            "margin": MARGINS,
            "lead": [None if x == float("inf") else x for x in LEADS],
            "sentence_gap": [None if x == float("inf") else x for x in GAPS],
        },
        "product_setting": described(default),
        "chosen_on_all": described(settings[chosen_all]),
        "fold_choices": [described(s) for s in picks],
        "summary": summary,
        "in_sample": "product_setting and chosen_on_all_in_sample; out_of_fold is not",
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
