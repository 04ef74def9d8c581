"""Where does the passage holding the fact rank? Per set, for every answerable question with an
`answer_any` fact: the rank (1-based) of the best passage whose text (or its speaker's name,
which an answer shows beside each quote) holds the fact, in the order `Engine.passages` gives
(ranked, diversified across sources; the answer's own passages first), counted in bands 1-5,
6-10, 11-20, 21-50 and absent.

    python bench/fact_rank.py ../shared/eval/dev.jsonl ../shared/realworld-dev \\
        [--set NAME=DIR ...] [--show]

Indexes as bench/calibrate_select.py builds them (bench/cache/<name>/index).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import answers as bench_answers  # noqa: E402
from bench.calibrate_select import sources  # noqa: E402
from bench.calibration_sets import add_sets, missing  # noqa: E402

DEPTH = 50
ANSWER = 5  # the passages an answer draws on (Engine.draft's k)
BANDS = ((1, 5), (6, 10), (11, 20), (21, DEPTH))


def band(rank: int | None) -> str:
    for a, b in BANDS:
        if rank is not None and a <= rank <= b:
            return f"{a}-{b}"
    return "absent"


def fact_rank(engine: Any, record: dict[str, Any], depth: int = DEPTH) -> int | None:
    """The 1-based rank of the first retrieved passage holding the question's fact, or None."""
    phrases = bench_answers.facts(record)
    chunks, docs = engine.index.chunks, engine.index.documents
    q = record["q"]
    ask = engine.question(q)
    # The answer's own passages first (a "when" question's date line is added after the k), then
    # those past them.
    answer = engine.passages(q, ask, ANSWER, None)[0]
    rows = [h.row for h in answer]
    rows += [h.row for h in engine.passages(q, ask, depth, None)[0] if h.row not in rows]
    for i, row in enumerate(rows, start=1):
        i = min(i, ANSWER) if i <= len(answer) else i  # a date line added to the answer's k
        c = chunks[row]
        doc = docs[c.doc_id]
        speaker = doc.sections[c.section].speaker if doc.sections else None
        if bench_answers.has_fact(f"{speaker or ''} {c.text}", phrases):
            return i
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("realworld", type=Path)
    add_sets(parser)
    parser.add_argument("--show", action="store_true", help="print each question ranked past 5")
    args = parser.parse_args(argv)
    problem = missing([("realworld-dev", args.realworld), *args.set], ["dev", "repo"], [args.dev])
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from ingest.build import build
    from qa.engine import Engine

    for s in sources(args.dev, args.realworld, args.set):
        build(s.corpus, s.index, progress=False)
        engine = Engine.load(s.index)
        for name, records in s.questions:
            asked = [
                r for r in records if r.get("kind") != "unanswerable" and bench_answers.facts(r)
            ]
            if not asked:
                continue
            tally: Counter[str] = Counter()
            for r in asked:
                rank = fact_rank(engine, r)
                tally[band(rank)] += 1
                if args.show and (rank is None or rank > 5):
                    print(f"  [{name}] rank {rank}: {r['q']}")
            cells = "  ".join(f"{b}: {tally[b]}" for b in [*(band(a) for a, _ in BANDS), "absent"])
            print(f"{name:<16} n={len(asked):<4} {cells}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
