"""Chooses the sentence-score weights (qa/select.py `Weights`) and reports how well the choice
carries over: leave-one-set-out (the honest figure for new documents) and 5-fold out-of-fold.

    python bench/calibrate_select.py ../shared/eval/dev.jsonl ../shared/realworld-dev \\
        [--set NAME=DIR ...]

Sets: dev.jsonl with the repo's own labelled questions (tests/questions.jsonl answerable,
tests/offtopic.txt not; reported as "repo") over the seed corpus, realworld-dev over its corpus,
and each `--set NAME=DIR` (DIR holds corpus/ and questions.frozen.jsonl or questions.jsonl) over
its own. Each set's index is built with the product's ingest into bench/cache/<name>/index (the
seed and realworld-dev ones are bench/answers.py's), or shared with an earlier set over the same
corpus; each question is retrieved once, as `Engine.ask` does, and the drafts are kept in
bench/cache/ for as long as the index, the questions and the qa/ and core/ code are unchanged.
A draft's scored sentences are then re-scored under other weights, and the answer composed with
the product's abstention thresholds (bench/calibrate.py chooses those).

The objective, on the questions a choice is made on: the mean of two shares of the answerable
questions, those whose answer text holds the fact and those answered directly, less 5 times any
share over 5% of unanswerable ones presented as answered, with answers of at most 3 lines on
average; "pooled" over all those questions, or "sets": the mean of that figure over the sets
(each set then weighs the same, whatever its size). The direct share is there because the fact
alone cannot see a setting that turns direct answers into "does not answer this directly" (the
closest passages often hold the fact too), and bench/calibrate.py maximises that share when it
chooses the thresholds: both scripts then pull the same way, and the two shares weigh the same.
The weights and the answer's length (Weights.relative, relative_items, max_lines: how close to the
first line a further one must score, and how many there may be) are searched together by
coordinate ascent over GRID from the product's setting (each field in turn set to its best value,
until a pass changes nothing; ties go to the setting nearest the product's); a Weights field not
in GRID keeps its default.

Figures: (a) leave-one-set-out: each set (dev and repo together) answered with the weights chosen
on the others, under each objective; the objective with the better mean over held-out sets is the
one used for (b) and for the product; (b) 5-fold out-of-fold, folds stratified by set and label
(questions of one document fall in several folds, which flatters it); then the setting chosen on
all sets (in-sample, printed to copy into qa/select.py). The product's own setting is scored on
every set beside them (in-sample wherever it was chosen on that set). A setting chosen
leave-one-set-out is worth adopting only if its mean held-out objective beats the product's and
no held-out set loses more than one direct answer or gains more than one unanswerable question
presented as answered (`adoptable`; printed).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import answers as bench_answers  # noqa: E402
from bench.calibration_sets import add_sets, cached, missing, questions_of  # noqa: E402
from qa import select  # noqa: E402
from qa.abstain import decide  # noqa: E402
from qa.select import Weights  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "calibrate_select.json"
FOLDS = 5
MAX_DIRECT = 0.05
PENALTY = 5.0
MAX_LINES = 3.0
MAX_PASSES = 4
OBJECTIVES = ("pooled", "sets")
# The values each weight may take (the product's own value is always added). `dense` is the
# scale the others are measured against and stays at 1.
GRID: dict[str, list[float]] = {
    "overlap": [0.7, 1.0, 1.3, 1.6, 2.0],
    "rank": [0.0, 0.1, 0.25, 0.5, 0.75],
    "typed": [0.2, 0.35, 0.5, 0.75, 1.0],
    "speaker": [0.25, 0.5, 1.0],
    "item": [0.0, 0.3, 0.6],
    "rarest": [0.0, 0.2, 0.5, 0.8],
    "fragment": [0.3, 0.6, 1.0],
    "lean": [0.0, 0.15, 0.3],
    "announce": [0.0, 0.4, 0.8],
    "asking": [0.0, 0.65, 1.3],
    "pair": [0.0, 0.15, 0.3],
    "thing": [0.0, 0.3, 0.6],
    "placed": [0.5, 1.0, 1.5],
    "complete": [0.4, 0.5, 0.6, 0.75, 1.0],
    "relative": [0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
    "relative_items": [0.4, 0.5, 0.6, 0.7, 0.8],
    "max_lines": [2, 3, 4],
}
SLACK = 1  # questions a held-out set may lose (direct answers) or gain (unanswerable direct)


@dataclass(frozen=True)
class Asked:
    """One question retrieved once: what is needed to answer it under any weights."""

    set: str
    record: dict[str, Any]
    engine: Any
    draft: Any
    sources: frozenset[str]
    group: str = ""  # the set it is held out with (dev and repo are one); its own by default

    @property
    def held(self) -> str:
        return self.group or self.set


def answer_row(item: Asked, w: Weights) -> dict[str, Any]:
    """The question's figures when its sentences are scored with `w`."""
    d = item.draft
    ranked = select.rescore(d.ask, d.ranked, w)
    signals = item.engine.with_top(d.signals, d.question, d.ask, ranked[0] if ranked else None)
    draft = replace(d, ranked=tuple(ranked), signals=signals)
    a = item.engine.compose(draft, decide(signals), w).to_dict()
    return bench_answers.outcome(item.record, a, set(item.sources))


@dataclass(frozen=True)
class Figures:
    """Per-question figures as arrays, so that an objective over any subset is quick."""

    fact: np.ndarray  # the answer text holds the fact
    counted: np.ndarray  # answerable, and its fact is counted (bench/answers.py summarise)
    answerable: np.ndarray
    refused: np.ndarray
    direct: np.ndarray
    sentences: np.ndarray

    @staticmethod
    def of(rows: Sequence[Mapping[str, Any]]) -> Figures:
        return Figures(
            np.array([bool(r["fact"]) for r in rows], dtype=bool),
            np.array(
                [
                    r["answerable"] and r["fact"] is not None and r["type"] != "multi_doc"
                    for r in rows
                ],
                dtype=bool,
            ),
            np.array([r["answerable"] for r in rows], dtype=bool),
            np.array([r["refused"] for r in rows], dtype=bool),
            np.array([r["direct"] for r in rows], dtype=bool),
            np.array([r["sentences"] for r in rows], dtype=float),
        )

    def score(self, mask: np.ndarray) -> float:
        """The objective on the questions `mask` selects, pooled."""
        shown = mask & ~self.refused
        if shown.any() and self.sentences[shown].mean() > MAX_LINES:
            return -1.0
        counted, ans, una = mask & self.counted, mask & self.answerable, mask & ~self.answerable
        fact = float(self.fact[counted].mean()) if counted.any() else 0.0
        direct = float(self.direct[ans].mean()) if ans.any() else 0.0
        over = max(0.0, float(self.direct[una].mean()) - MAX_DIRECT) if una.any() else 0.0
        return (fact + direct) / 2 - PENALTY * over

    def mean_over(self, mask: np.ndarray, held: np.ndarray) -> float:
        """The objective on each set (`held` names each question's) within `mask`, averaged:
        every set weighs the same, whatever its size."""
        return float(np.mean([self.score(mask & (held == g)) for g in np.unique(held[mask])]))


def objective(rows: Sequence[Mapping[str, Any]]) -> float:
    """The objective on these questions, pooled."""
    return Figures.of(rows).score(np.ones(len(rows), dtype=bool))


def grid(only: Sequence[str] = ()) -> dict[str, list[float]]:
    """GRID's fields that Weights has (those in `only`, if given), each with the product's value
    among its values."""
    base = Weights()
    names = {f.name for f in fields(Weights)} & set(only or GRID)
    return {k: sorted({*v, getattr(base, k)}) for k, v in GRID.items() if k in names}


def distance(w: Weights) -> float:
    base = Weights()
    return sum(
        abs(getattr(w, f.name) - getattr(base, f.name))
        for f in fields(Weights)
        if isinstance(getattr(base, f.name), int | float)
    )


def ascend(evaluate: Callable[[Weights], float], values: Mapping[str, Sequence[float]]) -> Weights:
    """Coordinate ascent from the product's setting: each field in turn set to the value that
    scores best with the others fixed (ties to the setting nearest the product's), until a
    pass changes nothing."""
    cur = Weights()
    for _ in range(MAX_PASSES):
        start = cur
        for name, options in values.items():
            cur = max(
                (replace(cur, **{name: v}) for v in options),
                key=lambda w: (round(evaluate(w), 9), -distance(w)),
            )
        if cur == start:
            break
    return cur


class Table:
    """Every question's figures under any weights, computed once per setting."""

    def __init__(self, items: Sequence[Asked], only: Sequence[str] = ()):
        self.items = list(items)
        self.values = grid(only)  # the fields searched and their values
        self._rows: dict[Weights, list[dict[str, Any]]] = {}
        self._figures: dict[Weights, Figures] = {}
        self.held = np.array([it.held for it in self.items])

    def rows(self, w: Weights) -> list[dict[str, Any]]:
        if w not in self._rows:
            self._rows[w] = [answer_row(it, w) for it in self.items]
            self._figures[w] = Figures.of(self._rows[w])
        return self._rows[w]

    def figures(self, w: Weights) -> Figures:
        self.rows(w)
        return self._figures[w]

    def score(self, w: Weights, mask: np.ndarray, how: str) -> float:
        f = self.figures(w)
        return f.score(mask) if how == "pooled" else f.mean_over(mask, self.held)

    def choose(self, mask: np.ndarray, how: str) -> Weights:
        return ascend(lambda w: self.score(w, mask, how), self.values)

    @property
    def settings(self) -> int:
        return len(self._rows)


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


def held_out(table: Table, how: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Leave-one-set-out: each set's questions answered with the weights chosen on the others."""
    rows: list[dict[str, Any]] = [{}] * len(table.items)
    chosen = {}
    for g in dict.fromkeys(table.held):
        w = table.choose(table.held != g, how)
        chosen[str(g)] = asdict(w)
        print(f"  {how}: without {g}: {changed(w)}", flush=True)
        mine = table.rows(w)
        for i in np.flatnonzero(table.held == g):
            rows[i] = mine[i]
    return rows, chosen


def out_of_fold(table: Table, how: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    fold = np.array(folds(table.items))
    rows: list[dict[str, Any]] = [{}] * len(table.items)
    chosen = []
    for f in range(FOLDS):
        w = table.choose(fold != f, how)
        chosen.append(asdict(w))
        print(f"  fold {f}: {changed(w)}", flush=True)
        mine = table.rows(w)
        for i in np.flatnonzero(fold == f):
            rows[i] = mine[i]
    return rows, chosen


def changed(w: Weights) -> str:
    """The fields where `w` differs from the product's setting."""
    base = Weights()
    diff = [
        f"{f.name}={getattr(w, f.name)}"
        for f in fields(Weights)
        if getattr(w, f.name) != getattr(base, f.name)
    ]
    return ", ".join(diff) or "the product's setting"


def held_score(table: Table, rows: Sequence[Mapping[str, Any]]) -> float:
    """The mean over held-out sets of the objective on their held-out answers."""
    return Figures.of(rows).mean_over(np.ones(len(rows), dtype=bool), table.held)


def adoptable(
    product: Figures, held_out: Figures, held: np.ndarray, sets: np.ndarray
) -> tuple[bool, list[str]]:
    """Whether the held-out answers (each set answered with weights chosen on the others) are
    worth adopting over the product's: a better mean over held-out sets (`held` names each
    question's) of the objective, and no set (`sets`) losing more than SLACK direct answers or
    gaining more than SLACK unanswerable questions presented as answered. With the reasons not."""
    everything = np.ones(len(held), dtype=bool)
    mine, theirs = held_out.mean_over(everything, held), product.mean_over(everything, held)
    why = [] if round(mine, 9) > round(theirs, 9) else [f"objective {mine:.4f} <= {theirs:.4f}"]
    for name in dict.fromkeys(sets):
        m = sets == name
        ans, una = m & product.answerable, m & ~product.answerable
        lost = int(product.direct[ans].sum()) - int(held_out.direct[ans].sum())
        gained = int(held_out.direct[una].sum()) - int(product.direct[una].sum())
        if lost > SLACK:
            why.append(f"{name}: {lost} fewer direct answers")
        if gained > SLACK:
            why.append(f"{name}: {gained} more unanswerable questions presented as answered")
    return not why, why


def figures_line(name: str, by_set: Mapping[str, Any]) -> str:
    """One line per set: fact in answer, in the first line, answered directly (answerable),
    unanswerable presented as answered, lines."""

    def fmt(x: Any) -> str:
        return "   -" if x is None else f"{x:.2f}"

    cells = []
    for s, v in by_set.items():
        o = v["overall"]
        una = round((o["unanswerable_direct"] or 0.0) * o["unanswerable"])
        cells.append(
            f"{s}: {fmt(o['fact_in_answer'])} {fmt(o['fact_in_first_line'])} "
            f"{fmt(o['answerable_direct'])} {una}/{o['unanswerable']} {fmt(o['mean_sentences'])}"
        )
    return f"{name:<22}" + " | ".join(cells)


# --- the sets ---


@dataclass(frozen=True)
class Source:
    """A labelled set: its questions (name, records) over a corpus, indexed in `index`."""

    name: str
    corpus: Path
    index: Path
    questions: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]


def sources(dev: Path, realworld: Path, extra: Iterable[tuple[str, Path]]) -> list[Source]:
    def read(path: Path) -> tuple[dict[str, Any], ...]:
        return tuple(bench_answers.read_jsonl(path))

    out = [
        Source(
            "dev",
            ROOT / "corpus",
            bench_answers.CACHE / "seed" / "index",
            (("dev", read(dev)), ("repo", tuple(own_questions()))),
        ),
        Source(
            "realworld-dev",
            realworld / "corpus",
            bench_answers.CACHE / "realworld" / "index",
            (("realworld-dev", read(questions_of(realworld))),),
        ),
    ]
    for name, folder in extra:
        out.append(
            Source(
                name,
                folder / "corpus",
                bench_answers.CACHE / name / "index",
                ((name, read(questions_of(folder))),),
            )
        )
    return out


def ask_all(sets: Sequence[Source]) -> list[Asked]:
    from ingest.build import build
    from qa.engine import Engine

    engines: dict[Path, Any] = {}  # one engine per corpus
    items = []
    for s in sets:
        corpus = s.corpus.resolve()
        if corpus not in engines:
            build(s.corpus, s.index, progress=False)
            engines[corpus] = Engine.load(s.index)
        engine = engines[corpus]
        indexed = frozenset(d.source for d in engine.index.documents.values())
        for name, records in s.questions:
            asked = [r["q"] for r in records]
            made = cached(
                s.index.parent / f"drafts-{name}.pkl",
                [engine.version, asked],
                lambda asked=asked, engine=engine: [engine.draft(q) for q in asked],
            )
            items += [
                Asked(name, r, engine, d, indexed, s.name)
                for r, d in zip(records, made, strict=True)
            ]
        print(f"{s.name}: {sum(it.held == s.name for it in items)} questions", flush=True)
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
    add_sets(parser)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        choices=list(GRID),
        help="search only this field (repeatable; e.g. the answer's length: relative, "
        "relative_items, max_lines); the others keep the product's value",
    )
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    extra: list[tuple[str, Path]] = args.set
    problem = missing([("realworld-dev", args.realworld), *extra], ["dev", "repo"], [args.dev])
    if problem:
        print(problem, file=sys.stderr)
        return 2
    sets = sources(args.dev, args.realworld, extra)
    table = Table(ask_all(sets), args.only)
    items = table.items
    everything = np.ones(len(items), dtype=bool)
    product_rows = table.rows(Weights())

    print("\nLEAVE-ONE-SET-OUT (each set answered with the weights chosen on the others)")
    loso: dict[str, Any] = {}
    for how in OBJECTIVES:
        rows, chosen = held_out(table, how)
        loso[how] = {"score": held_score(table, rows), "chosen": chosen, "rows": rows}
    how = max(OBJECTIVES, key=lambda h: (round(loso[h]["score"], 9), h == "pooled"))
    print(f"\n5-FOLD OUT-OF-FOLD (objective {how})")
    oof_rows, fold_settings = out_of_fold(table, how)
    final = table.choose(everything, how)
    print(f"\n{table.settings} settings scored")

    tables = {
        "product (as is)": report(items, product_rows),
        **{f"LOSO {h}": report(items, loso[h]["rows"]) for h in OBJECTIVES},
        f"5-fold {how}": report(items, oof_rows),
        "in-sample (final)": report(items, table.rows(final)),
    }
    print(
        "\nfact in answer, in the first line, answerable answered directly, unanswerable "
        "presented as answered, lines"
    )
    for name, by_set in tables.items():
        print(figures_line(name, by_set))
    product_score = held_score(table, product_rows)
    print(f"product (as is): mean over sets of the objective {product_score:.4f}")
    for h in OBJECTIVES:
        print(f"LOSO {h}: mean over held-out sets of the objective {loso[h]['score']:.4f}")
    print(f"objective used for the product: {how}")
    adopt, why_not = adoptable(
        table.figures(Weights()),
        Figures.of(loso[how]["rows"]),
        table.held,
        np.array([it.set for it in items]),
    )
    verdict = "yes" if adopt else "no: " + "; ".join(why_not)
    print(f"adopt the setting chosen on all sets (held out, it did as above): {verdict}")
    print(f"\nLEAVE-ONE-SET-OUT ({how}), by question type")
    for name, s in tables[f"LOSO {how}"].items():
        print(bench_answers.table(name, s["overall"], s["by_type"]))
    print(f"\nfor the product (chosen on all {len(items)} questions; in-sample): {final}")
    print(f"  differs from qa/select.py in: {changed(final)}")
    print(f"in qa/select.py now: {Weights()}")
    result = {
        "note": "leave_one_set_out and out_of_fold figures are out-of-sample for the sentence "
        "weights (the abstention thresholds are the product's, chosen by bench/calibrate.py on "
        "sets that include some of these questions); product and in_sample figures are "
        "in-sample wherever the setting was chosen on that set",
        "sets": {"dev": str(args.dev), "realworld-dev": str(args.realworld)}
        | {n: str(d) for n, d in extra},
        "objective": "(fact in answer + answerable answered directly) / 2 - "
        f"{PENALTY} x max(0, unanswerable direct - {MAX_DIRECT}), "
        f"-1 when answers average over {MAX_LINES} lines; pooled over questions or mean over sets",
        "search": "coordinate ascent from the product's setting over grid",
        "grid": table.values,
        "objective_used": how,
        "leave_one_set_out": {
            h: {
                "mean_held_out_objective": round(loso[h]["score"], 4),
                "settings": loso[h]["chosen"],
                "figures": tables[f"LOSO {h}"],
            }
            for h in OBJECTIVES
        },
        "folds": FOLDS,
        "fold_settings": fold_settings,
        "out_of_fold": tables[f"5-fold {how}"],
        "product_setting": asdict(Weights()),
        "product": tables["product (as is)"],
        "product_mean_objective": round(product_score, 4),
        "adoptable": adopt,
        "not_adoptable_because": why_not,
        "final_setting": asdict(final),
        "in_sample": tables["in-sample (final)"],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
