"""Do answers contain the answer, and say honestly when they don't? Per set and question type.

Usage: python bench/answers.py ../shared/eval/dev.jsonl ../shared/realworld-dev
                               [--json bench/results/answers.json]

The seed corpus (corpus/) answers dev.jsonl; realworld-dev/corpus answers its questions.jsonl.
Both indexes are built with the product's own ingest into bench/cache/ (reused when unchanged),
and every question goes through `Engine.ask`, as `python -m qa ask` does. For each question:

- fact: an answerable question's `answer_any` phrase (else its `expect_any`) stands in the
  answer text (case-insensitive, whitespace collapsed, curly apostrophes straightened);
- first: the same, in the answer's first quoted line alone (with its attribution): the line the
  ranking holds most likely to answer;
- refused: an answerable question got "nothing in the corpus is about this" (abstained);
- direct: an unanswerable question was presented as answered (`direct` true);
- sentences: quoted lines per answer that is not refused;
- idx n / fact: the answerable questions whose gold document (`doc`, `also_in`) the index
  holds, and the fact share among them (ingest skips some formats, e.g. ParlParse XML).

The thresholds in use were chosen by bench/calibrate.py, and the sentence-score weights by
bench/calibrate_select.py, on sets that include these questions, so these figures are in-sample;
those two scripts print the out-of-fold ones.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from qa import answertype  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "answers.json"
CACHE = ROOT / "bench" / "cache"
_TYPE_NAMES = {
    answertype.NUMBER: "how_many",
    answertype.DATE: "when",
    answertype.PERSON: "who",
    answertype.BEHALF: "who",
    answertype.BODY: "who",
    answertype.ASKED: "what",
    answertype.NAMED: "which",
    answertype.TITLE: "what",
    answertype.REASON: "why",
    answertype.LIST: "list",
    None: "what",
}


def normalise(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("‘", "'")).strip().casefold()


def qtype(record: Mapping[str, Any]) -> str:
    if record.get("kind") == "unanswerable":
        return "unanswerable"
    if record.get("kind") == "multi_doc":
        return "multi_doc"
    return str(record.get("type") or _TYPE_NAMES[answertype.asked(record["q"])])


def facts(record: Mapping[str, Any]) -> list[str]:
    return list(record.get("answer_any") or record.get("expect_any") or [])


def has_fact(text: str, phrases: Sequence[str]) -> bool:
    t = normalise(text)
    return any(normalise(p) and normalise(p) in t for p in phrases)


def outcome(
    record: Mapping[str, Any], answer: Mapping[str, Any], indexed: set[str] | None = None
) -> dict[str, Any]:
    """One question's figures from its record and its answer contract (Answer.to_dict()).
    `indexed` (source files in the index) says whether the gold document was indexed."""
    answerable = record.get("kind") != "unanswerable"
    phrases = facts(record)
    gold = {record["doc"], *record.get("also_in", ())} if record.get("doc") else set()
    return {
        "q": record["q"],
        "type": qtype(record),
        "answerable": answerable,
        "gold_indexed": bool(gold & indexed) if gold and indexed is not None else None,
        "fact": bool(phrases) and has_fact(answer["answer"], phrases) if answerable else None,
        # the first line alone holds it (the line most likely to, by the ranking)
        "first": bool(phrases) and has_fact(first_line(answer), phrases) if answerable else None,
        "refused": bool(answer["abstained"]),
        "direct": bool(answer["direct"]) and not answer["abstained"],
        "sentences": len(answer.get("lines") or ()),
    }


def first_line(answer: Mapping[str, Any]) -> str:
    """The first quoted line of an answer, with its attribution ("Baroness X asked: ...")."""
    lines = answer.get("lines") or ()
    return f"{lines[0].get('attribution', '')}{lines[0]['quote']}" if lines else ""


def _share(n: int, of: int) -> float | None:
    return round(n / of, 4) if of else None


def summarise(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    rows = list(rows)
    ans = [r for r in rows if r["answerable"]]
    with_fact = [r for r in ans if r["fact"] is not None and r["type"] != "multi_doc"]
    una = [r for r in rows if not r["answerable"]]
    shown = [r for r in rows if not r["refused"]]
    # Where the gold document is known: only those whose document the index holds.
    held = [r for r in with_fact if r.get("gold_indexed") is not False]
    return {
        "questions": len(rows),
        "answerable": len(ans),
        "fact_in_answer": _share(sum(bool(r["fact"]) for r in with_fact), len(with_fact)),
        "fact_in_first_line": _share(sum(bool(r.get("first")) for r in with_fact), len(with_fact)),
        "answerable_gold_indexed": len(held),
        "fact_in_answer_gold_indexed": _share(sum(bool(r["fact"]) for r in held), len(held)),
        "answerable_refused_gold_indexed": _share(sum(r["refused"] for r in held), len(held)),
        "answerable_direct": _share(sum(r["direct"] for r in ans), len(ans)),
        "answerable_refused": _share(sum(r["refused"] for r in ans), len(ans)),
        "unanswerable": len(una),
        "unanswerable_direct": _share(sum(r["direct"] for r in una), len(una)),
        "unanswerable_refused": _share(sum(r["refused"] for r in una), len(una)),
        "mean_sentences": round(sum(r["sentences"] for r in shown) / len(shown), 2)
        if shown
        else None,
    }


def by_type(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r["type"]].append(r)
    return {t: summarise(g) for t, g in sorted(groups.items())}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def table(name: str, overall: Mapping[str, Any], types: Mapping[str, Any]) -> str:
    # "first": the fact in the answer's first line; "gold n" / "fact": the answerable questions
    # whose gold document is indexed, and the fact among them; "direct": answerable questions
    # answered directly.
    head = (
        f"{'type':<14}{'n':>4}{'fact':>8}{'first':>6}{'gold n':>7}{'fact':>5}{'refused':>9}"
        f"{'direct':>8}"
        f"{'unans→direct':>14}{'sent':>6}"
    )
    lines = [f"== {name}", head]

    def fmt(x: Any) -> str:
        return "-" if x is None else f"{x:.2f}"

    for t, s in [*types.items(), ("ALL", overall)]:
        lines.append(
            f"{t:<14}{s['questions']:>4}{fmt(s['fact_in_answer']):>8}"
            f"{fmt(s.get('fact_in_first_line')):>6}"
            f"{s.get('answerable_gold_indexed', 0):>7}"
            f"{fmt(s.get('fact_in_answer_gold_indexed')):>5}"
            f"{fmt(s['answerable_refused']):>9}{fmt(s['answerable_direct']):>8}"
            f"{fmt(s['unanswerable_direct']):>14}{fmt(s['mean_sentences']):>6}"
        )
    return "\n".join(lines)


def brief(name: str, by_set: Mapping[str, Any]) -> str:
    """One line per set: fact in answer, refused, unanswerable presented as answered, lines."""

    def fmt(x: Any) -> str:
        return "   -" if x is None else f"{x:.2f}"

    cells = [
        f"{s}: {fmt(v['overall']['fact_in_answer'])} {fmt(v['overall']['answerable_refused'])} "
        f"{fmt(v['overall']['unanswerable_direct'])} {fmt(v['overall']['mean_sentences'])}"
        for s, v in by_set.items()
    ]
    return f"{name:<22}" + " | ".join(cells)


def components(c: Any) -> str:
    """A candidate's score and the features it is made of."""
    flags = [
        f.name
        for f in fields(c)
        if isinstance(getattr(c, f.name), bool) and getattr(c, f.name) and f.name != "rarest"
    ]
    return (
        f"score {c.score:.3f} overlap {c.overlap:.2f} dense {c.dense:.2f} rel {c.relative:.2f} "
        f"rank {c.rank} rarest {c.rarest} {' '.join(flags)}"
    )


def why(draft: Any, engine: Any, phrases: Sequence[str]) -> list[str]:
    """Why the fact was missed: is it in a retrieved passage, and where did the best candidate
    holding it place against the first?"""
    from qa.compose import quote_of

    chunks, docs = engine.index.chunks, engine.index.documents

    def quote(c: Any) -> str:
        return quote_of(c, chunks, docs)

    in_hits = [h for h in draft.hits if has_fact(chunks[h.row].text, phrases)]
    out = [f"    signals {draft.signals}"]
    if not in_hits:
        return [*out, "    RETRIEVAL: the fact is in no retrieved passage"]
    ranked = list(draft.ranked)
    holding = [i for i, c in enumerate(ranked) if has_fact(quote(c), phrases)]
    if ranked:
        out.append(f"    first: {components(ranked[0])}\n      {quote(ranked[0])[:300]!r}")
    if not holding:
        return [*out, "    SPLIT: the fact is in a passage but in no one candidate"]
    c = ranked[holding[0]]
    return [*out, f"    fact at #{holding[0]}: {components(c)}\n      {quote(c)[:300]!r}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path, help="../shared/eval/dev.jsonl")
    parser.add_argument("realworld", type=Path, help="../shared/realworld-dev (folder)")
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument(
        "--index",
        type=Path,
        help="the index of the second set's corpus (built there if missing or stale), instead of "
        "bench/cache/realworld/index: reuse one a held-out set's run already built",
    )
    parser.add_argument("--show", action="store_true", help="print every answer")
    parser.add_argument(
        "--why",
        action="store_true",
        help="for each miss whose fact is in a retrieved passage: the chosen sentence and the "
        "best one holding the fact, with their score components",
    )
    args = parser.parse_args(argv)
    rw_questions = args.realworld / "questions.jsonl"
    for path in (args.dev, rw_questions, args.realworld / "corpus"):
        if not path.exists():
            print(f"{path} not found: pass the shared eval paths (../shared/...)", file=sys.stderr)
            return 2

    from ingest.build import build
    from qa.abstain import decide
    from qa.engine import Engine

    sets = {
        "dev": (ROOT / "corpus", CACHE / "seed" / "index", read_jsonl(args.dev)),
        # Named by its folder: realworld-dev, or a held-out set run the same way.
        args.realworld.resolve().name: (
            args.realworld / "corpus",
            args.index or CACHE / "realworld" / "index",
            read_jsonl(rw_questions),
        ),
    }
    result: dict[str, Any] = {"sets": {}, "note": __doc__.split("\n\n")[-1].strip()}
    all_rows = []
    for name, (corpus, index, records) in sets.items():
        build(corpus, index, progress=False)
        engine = Engine.load(index)
        sources = {d.source for d in engine.index.documents.values()}
        rows = []
        for r in records:
            draft = engine.draft(r["q"])
            a = engine.compose(draft, decide(draft.signals)).to_dict()
            row = outcome(r, a, sources)
            rows.append(row)
            if (
                args.show
                or (row["answerable"] and row["fact"] is False)
                or (not row["answerable"] and row["direct"])
            ):
                mark = "ok" if (row["fact"] if row["answerable"] else not row["direct"]) else "XX"
                print(f"[{mark}] {row['type']}: {r['q']}\n    -> {a['answer'][:400]!r}")
                if args.why and row["answerable"]:
                    print("\n".join(why(draft, engine, facts(r))))
        overall, types = summarise(rows), by_type(rows)
        print(table(name, overall, types))
        result["sets"][name] = {"overall": overall, "by_type": types, "questions": rows}
        all_rows += rows
    result["overall"] = summarise(all_rows)
    result["by_type"] = by_type(all_rows)
    print(table("both sets", result["overall"], result["by_type"]))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
