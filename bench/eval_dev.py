"""Score the answer contract on an eval set: Recall@1/@5, MRR, abstention and multi-doc coverage.

Usage: python bench/eval_dev.py DEV.jsonl [--index DIR] [--k 5] [--json OUT]

Each line of DEV.jsonl is {"q", "kind": "answerable"|"unanswerable"|"multi_doc",
"expect_any": [phrases], "min_docs": n}. Every question goes through `Engine.ask(...).to_dict()`,
the same contract `python -m qa ask --json` prints, with the model loaded once.

The hit rule: a citation is a hit when any `expect_any` phrase occurs in its `text`, `title` or
`speaker`, compared case-insensitively (str.casefold) after collapsing every run of whitespace,
non-breaking spaces included, to one space and straightening curly apostrophes. Ranks are the
citations' order (1-based). An abstained answer cites nothing, so it never hits.

- answerable: Recall@1 and Recall@5 (a hit at rank <= 1 / <= 5), MRR over the first 5 citations
  (1/rank of the first hit, 0 without one), and how many wrongly abstained.
- unanswerable: abstention accuracy, the share not presented as answered: refused ("nothing in
  the corpus is about this") or answered "does not answer this directly" with the closest
  passages (`direct` false); both tell the user the corpus does not answer. How many were
  refused outright is given beside it.
- multi_doc: coverage, the share that did not abstain and whose citations span at least
  `min_docs` (default 2) distinct doc_ids.

As a diagnostic beside the contract, the "search" column gives the first hit's rank among the
top 5 passages of `engine.search` (retrieval order, before the answer orders its citations),
with the same rule; it is summarised as search Recall@1/@5 and is not part of the metrics above.

Every citation is also checked against the index: `text == document.text[start:end]` and
`quote == document.text[quote_start:quote_end]`; mismatches are printed. The script measures and
exits 0; it exits 2 only when it cannot run (eval file absent or malformed, index unusable).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("answerable", "unanswerable", "multi_doc")
TOP = 5
MATCH_FIELDS = ("text", "title", "speaker")


@dataclass(frozen=True)
class Outcome:
    """How one answer fared against its question record."""

    q: str
    kind: str
    ok: bool
    abstained: bool
    rank: int | None  # answerable: first hit among the first TOP citations
    docs: int  # distinct doc_ids cited
    min_docs: int | None = None
    direct: bool = False  # presented as answered (the contract's `direct`)


def normalise(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("‘", "'")).strip().casefold()


def is_hit(citation: Mapping[str, Any], phrases: Sequence[str]) -> bool:
    """The hit rule: a phrase occurs in the citation's text, title or speaker (see module doc)."""
    fields = [normalise(str(citation.get(f) or "")) for f in MATCH_FIELDS]
    return any(normalise(p) in f for p in phrases if normalise(p) for f in fields)


def first_hit_rank(
    citations: Sequence[Mapping[str, Any]], phrases: Sequence[str], top: int = TOP
) -> int | None:
    return next((i for i, c in enumerate(citations[:top], 1) if is_hit(c, phrases)), None)


def distinct_docs(answer: Mapping[str, Any]) -> int:
    return len({c["doc_id"] for c in answer.get("citations", ())})


def score(record: Mapping[str, Any], answer: Mapping[str, Any]) -> Outcome:
    """One question record and its answer dict (Answer.to_dict()) -> its outcome."""
    kind, abstained = record["kind"], bool(answer["abstained"])
    # An answer without `direct` (an older contract) is presented as answered unless abstained.
    direct = bool(answer.get("direct", True)) and not abstained
    citations = [] if abstained else list(answer.get("citations", ()))
    docs = len({c["doc_id"] for c in citations})
    if kind == "answerable":
        rank = first_hit_rank(citations, record.get("expect_any", ()))
        return Outcome(record["q"], kind, rank is not None, abstained, rank, docs, None, direct)
    if kind == "unanswerable":
        return Outcome(record["q"], kind, not direct, abstained, None, docs, None, direct)
    need = int(record.get("min_docs", 2))
    ok = not abstained and docs >= need
    return Outcome(record["q"], kind, ok, abstained, None, docs, need, direct)


def _share(n: float, of: int) -> float | None:
    return round(n / of, 4) if of else None


def summarise(outcomes: Iterable[Outcome]) -> dict[str, Any]:
    """The summary block's figures; a metric over no questions is None."""
    done = list(outcomes)
    by = {k: [o for o in done if o.kind == k] for k in KINDS}
    ans, una, multi = by["answerable"], by["unanswerable"], by["multi_doc"]
    return {
        "answerable": len(ans),
        "recall_at_1": _share(sum(o.rank == 1 for o in ans), len(ans)),
        "recall_at_5": _share(sum(o.rank is not None and o.rank <= TOP for o in ans), len(ans)),
        "mrr_at_5": _share(sum(1 / o.rank for o in ans if o.rank), len(ans)),
        "answerable_abstained": sum(o.abstained for o in ans),
        "unanswerable": len(una),
        "abstention_accuracy": _share(sum(not o.direct for o in una), len(una)),
        "unanswerable_refused": sum(o.abstained for o in una),
        "multi_doc": len(multi),
        "multi_doc_coverage": _share(sum(o.ok for o in multi), len(multi)),
        "multi_doc_abstained": sum(o.abstained for o in multi),
    }


def offset_mismatches(answer: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    """Citations whose text or quote is not the document's text at their offsets."""
    problems = []
    for c in answer.get("citations", ()):
        where = f"[{c.get('n')}] {c.get('chunk_id')}"
        doc = texts.get(c["doc_id"])
        if doc is None:
            problems.append(f"{where}: doc_id {c['doc_id']!r} is not in the index")
            continue
        if doc[c["start"] : c["end"]] != c["text"]:
            problems.append(f"{where}: text != document.text[{c['start']}:{c['end']}]")
        if doc[c["quote_start"] : c["quote_end"]] != c["quote"]:
            problems.append(f"{where}: quote != document.text[{c['quote_start']}:{c['quote_end']}]")
        if c["quote"] not in c["text"]:
            problems.append(f"{where}: quote is not in the cited passage")
        # The readable answer shows a quote's line breaks as spaces (the quote itself is exact).
        if f"{' '.join(c['quote'].split())} [{c['n']}]" not in " ".join(answer["answer"].split()):
            problems.append(f"{where}: the answer does not quote it verbatim with its marker")
    numbers = [c.get("n") for c in answer.get("citations", ())]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"citation numbers {numbers} do not run 1, 2, 3")
    used = list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", answer.get("answer", ""))))
    if used != numbers:
        problems.append(f"markers in order of first use {used} != citations {numbers}")
    if not answer.get("abstained"):
        preface = answer.get("preface") or ""
        for line in answer.get("answer", "").removeprefix(preface).splitlines():
            if line.strip() and not re.search(r"\[\d+\]$", line):
                problems.append(f"answer sentence without a marker: {line[:60]!r}")
    return problems


def parse_record(line: str, where: str) -> dict[str, Any]:
    """One eval line, validated; ValueError says what is wrong with it."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"{where}: not JSON ({e.msg})") from None
    if not isinstance(rec, dict) or not isinstance(rec.get("q"), str) or not rec["q"].strip():
        raise ValueError(f'{where}: needs a non-empty string "q"')
    if rec.get("kind") not in KINDS:
        raise ValueError(f"{where}: kind {rec.get('kind')!r} is not one of {', '.join(KINDS)}")
    phrases = rec.get("expect_any")
    if rec["kind"] == "answerable" and (
        not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) for p in phrases)
    ):
        raise ValueError(f'{where}: an answerable question needs "expect_any": [phrases]')
    return rec


def load_records(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_record(s, f"{path}:{i}") for i, s in enumerate(lines, 1) if s.strip()]


def _result(o: Outcome) -> str:
    if o.kind == "answerable":
        return "abstained" if o.abstained else (f"rank {o.rank}" if o.rank else "no hit")
    if o.kind == "unanswerable":
        return "abstained" if o.abstained else "answered" if o.direct else "not direct"
    return "abstained" if o.abstained else f"{o.docs}/{o.min_docs} docs"


def _retrieved(answer: Mapping[str, Any], n: int = 3) -> list[str]:
    out = []
    for c in answer.get("citations", ())[:n]:
        quote = " ".join(c["quote"].split())
        out.append(f"      [{c['n']}] {c['chunk_id']} ({c['score']}): {quote[:90]}")
    return out


def report(
    outcomes: Sequence[Outcome],
    answers: Sequence[Mapping[str, Any]],
    search_ranks: Sequence[int | None],
) -> str:
    """The per-question table; a failure shows what was cited instead."""
    lines = [f"   {'kind':<12} {'result':<10} {'search':<6} question", "   " + "-" * 78]
    for o, a, sr in zip(outcomes, answers, search_ranks, strict=True):
        searched = "" if o.kind != "answerable" else str(sr) if sr else "-"
        lines.append(f"{'✓' if o.ok else '✗'}  {o.kind:<12} {_result(o):<10} {searched:<6} {o.q}")
        if not o.ok and a["citations"]:
            lines.extend(_retrieved(a))
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    return "n/a" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def search_recall(ranks: Sequence[int | None], at: int) -> float | None:
    return _share(sum(r is not None and r <= at for r in ranks), len(ranks))


def summary_block(s: Mapping[str, Any], mismatches: int, k: int, version: str) -> str:
    rows = [
        ("answerable questions", s["answerable"]),
        ("Recall@1", s["recall_at_1"]),
        ("Recall@5", s["recall_at_5"]),
        ("MRR@5", s["mrr_at_5"]),
        ("answerable but abstained", s["answerable_abstained"]),
        ("unanswerable questions", s["unanswerable"]),
        ("abstention accuracy", s["abstention_accuracy"]),
        ("unanswerable refused", s["unanswerable_refused"]),
        ("multi_doc questions", s["multi_doc"]),
        ("multi_doc coverage", s["multi_doc_coverage"]),
        ("multi_doc abstained", s["multi_doc_abstained"]),
        ("search Recall@1 (diagnostic)", s.get("search_recall_at_1")),
        ("search Recall@5 (diagnostic)", s.get("search_recall_at_5")),
        ("citation offset mismatches", mismatches),
    ]
    head = f"Summary (index {version}, k={k})"
    return "\n".join([head, "-" * len(head), *(f"{name:<28} {_fmt(v)}" for name, v in rows)])


def searched(engine: Any, question: str, top: int = TOP) -> list[dict[str, Any]]:
    """The top passages in retrieval order (engine.search), as citation-like dicts."""
    out = []
    for hit in engine.search(question)[:top]:
        chunk = engine.index.chunks[hit.row]
        doc = engine.index.documents[chunk.doc_id]
        sections = getattr(doc, "sections", ())
        section = sections[chunk.section] if sections else None
        speaker = getattr(section, "speaker", None)
        out.append(
            {"chunk_id": chunk.chunk_id, "text": chunk.text, "title": doc.title, "speaker": speaker}
        )
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/eval_dev.py", description=__doc__.splitlines()[0])
    p.add_argument("dev", type=Path, help="the eval set, one JSON question per line")
    p.add_argument("--index", type=Path, default=ROOT / "index")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--json", type=Path, help="also write outcomes and summary to this file")
    args = p.parse_args(argv)
    if not args.dev.is_file():
        print(
            f"{args.dev} not found: this script needs the shared eval set; pass its path",
            file=sys.stderr,
        )
        return 2
    try:
        records = load_records(args.dev)
    except (ValueError, UnicodeDecodeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from core.errors import HealthQAError
    from qa.engine import Engine

    try:
        engine = Engine.load(args.index)
        answers = [engine.ask(r["q"], k=args.k).to_dict() for r in records]
    except HealthQAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    texts = {doc_id: d.text for doc_id, d in engine.index.documents.items()}
    outcomes = [score(r, a) for r, a in zip(records, answers, strict=True)]
    mismatches = [(a["question"], m) for a in answers for m in offset_mismatches(a, texts)]
    search_ranks = [
        first_hit_rank(searched(engine, r["q"]), r["expect_any"])
        if r["kind"] == "answerable"
        else None
        for r in records
    ]
    answerable = [
        sr for r, sr in zip(records, search_ranks, strict=True) if r["kind"] == "answerable"
    ]
    summary = {
        **summarise(outcomes),
        "search_recall_at_1": search_recall(answerable, 1),
        "search_recall_at_5": search_recall(answerable, TOP),
    }

    print(report(outcomes, answers, search_ranks))
    print()
    for q, m in mismatches:
        print(f"offset mismatch: {m}  (question: {q})")
    print(summary_block(summary, len(mismatches), args.k, engine.version))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        out = {
            "eval": str(args.dev),
            "index_version": engine.version,
            "k": args.k,
            "summary": summary,
            "offset_mismatches": [{"question": q, "problem": m} for q, m in mismatches],
            "questions": [
                {**asdict(o), "search_rank": sr, "cited": [c["chunk_id"] for c in a["citations"]]}
                for o, a, sr in zip(outcomes, answers, search_ranks, strict=True)
            ],
        }
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
