"""Kind, title and publisher per labelled set, without building an index.

    .venv/bin/python bench/kinds.py DIR [DIR ...] [--json OUT]

Each DIR holds `corpus/` and `gold.jsonl` (one line per file: `kind`, `title`, `publisher`, as
../shared/realworld-dev's README describes them), or is a seed corpus: files with sidecars and no
`gold.jsonl`, whose sidecars are the labels and are left out of the reading (what would the text
alone give?). Every file is read as ingest reads it (load -> understand, no cleaning across
documents, no embedding) and compared with its labels as bench/realworld.py compares them:
title (or any `title_alternatives`) and kind exactly but for case, spacing and quote shapes;
publisher loosely. A field the labels leave out (a sidecar's null, a set labelled for its
contributions only) is not counted. A set that labels only contributions (the i9s Hansard pages)
gets its kinds from the layout its SOURCE.md gives each file, which the file's name repeats:
written answers are written questions, a committee's oral evidence a transcript, any other
Hansard page a debate.

Dates too where gold.jsonl has a `date` field (ISO or null; a set without one is not counted),
right when every document has the gold date, with a small confusion: right, wrong (another
date), missed (null found, a date in gold), invented (a date found, gold null).

Prints, per set, the share right of each field and a confusion table for kind (gold in rows,
found in columns), then the same pooled, and writes the figures and per-file verdicts to
bench/results/kinds.json (set and file names, no document text). Figures on a set are in-sample
for every rule written while looking at it (realworld-dev, dev2, dev3 and the i9s pages today).

    .venv/bin/python bench/kinds.py --loso DIR [DIR ...]

chooses the kind rules' thresholds (`PARAMS`) leave-one-set-out: for each set, the values that
get the most kinds right on the other sets (ties: the middle value among the best), and prints
the held-out set's kinds right with them beside those with every such rule off ("off": main's
but for the written answers' column rule) and with the committed values (in-sample); writes
bench/results/kinds_loso.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the repository's packages come from its root
    sys.path.insert(0, str(ROOT))
from bench.realworld import judge_file  # noqa: E402
from core.types import Document  # noqa: E402
from ingest import structure, understand  # noqa: E402
from ingest.hansard import listing  # noqa: E402
from ingest.load import SIDECAR, RawFile, load_corpus  # noqa: E402
from ingest.understand import understand_all  # noqa: E402
from qa.catalog import record  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "kinds.json"
LOSO_RESULTS = ROOT / "bench" / "results" / "kinds_loso.json"
KINDS = ("debate", "written_question", "article", "report", "newsletter", "transcript", "evidence")
FIELDS = ("kind", "title", "publisher", "date")
DATE_VERDICTS = ("right", "wrong", "missed", "invented")
# The i9s pages' layouts, as their file names state them (SOURCE.md: "PP member page of written
# questions", "committee oral evidence transcript"; every other row a debate's page).
_WRITTEN = re.compile(r"written[-_]?answers", re.I)
_ORAL = re.compile(r"oral[-_]?evidence", re.I)


def layout_kind(file: str) -> str:
    if _WRITTEN.search(file):
        return "written_question"
    return "transcript" if _ORAL.search(file) else "debate"


def corpus_of(root: Path) -> Path:
    """A set's files: its `corpus/`, or the folder itself (the seed corpus, `corpus`)."""
    return root / "corpus" if (root / "corpus").is_dir() else root


def labels(root: Path) -> dict[str, dict[str, Any]]:
    """file -> its labels: gold.jsonl, else the seed corpus's sidecars."""
    gold = root / "gold.jsonl"
    if gold.exists():
        out = {}
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                if "kind" not in g:  # labelled for its contributions only
                    g = {"file": g["file"], "kind": layout_kind(g["file"])}
                out[g["file"]] = g
        return out
    out = {}
    for side in sorted(corpus_of(root).glob(f"*{SIDECAR}")):
        meta = json.loads(side.read_text(encoding="utf-8"))
        # A sidecar's null means "not stated": no label for that field.
        out[side.name.removesuffix(SIDECAR)] = {
            "file": side.name.removesuffix(SIDECAR),
            **{k: meta[k] for k in FIELDS if meta.get(k) is not None},
        }
    return out


def labelled_files(root: Path) -> list[tuple[dict[str, Any], RawFile]]:
    """(labels, file) per labelled file of a set, its sidecar left out."""
    gold = labels(root)
    raws, _ = load_corpus(corpus_of(root))
    return [(gold[r.source], replace(r, meta={})) for r in raws if r.source in gold]


def read_set(root: Path) -> list[tuple[dict[str, Any], list[Document]]]:
    """(labels, documents) per labelled file, each read as ingest reads it."""
    return [(g, [u.document for u in understand_all(raw)]) for g, raw in labelled_files(root)]


# ---- leave-one-set-out choice of the kind rules' thresholds ----------------------------------

# Each threshold, where it lives, the values tried, and the measure of a text it is compared with
# (a file's kinds depend on a threshold only through which side of it that measure falls).
PARAMS: tuple[tuple[Any, str, tuple[float, ...], Any], ...] = (
    (
        structure,
        "REGISTER_DENSITY",
        (0.5, 1, 2, 3, 4, 6, 8, 12, 16, float("inf")),
        structure.register_density,
    ),
    (
        understand,
        "REPORT_SECTIONS",
        (1, 2, 3, 4, float("inf")),
        lambda text: len(understand.report_sections(text)),
    ),
    (structure, "ANSWERED_QUESTIONS", (2, 3, 4, float("inf")), structure.answered_questions),
)
# Every rule above off: main as it was, but for the written answers' column (`WRITTEN_COLUMN`),
# which has no threshold to choose.
OFF = tuple(float("inf") for _ in PARAMS)


def kinds_under(
    files: list[tuple[dict[str, Any], RawFile]], combo: tuple[float, ...], memo: dict[Any, Any]
) -> int:
    """How many files get their gold kind with the thresholds set to `combo`."""
    right = 0
    for (module, name, _, _), value in zip(PARAMS, combo, strict=True):
        setattr(module, name, value)
    for g, raw in files:
        measures = memo.setdefault(
            (raw.source, "measures"), tuple(measure(raw.text) for _, _, _, measure in PARAMS)
        )
        if listing(raw.text) or raw.items:
            key: Any = (raw.source, combo)  # each item is measured on its own text
        else:
            key = (raw.source, tuple(m >= v for m, v in zip(measures, combo, strict=True)))
        if key not in memo:
            memo[key] = all(u.document.kind == g["kind"] for u in understand_all(raw))
        right += memo[key]
    return right


def middle(values: list[float]) -> float:
    ordered = sorted(set(values))
    return ordered[(len(ordered) - 1) // 2]


def loso(roots: list[Path]) -> dict[str, Any]:
    """For each set: the thresholds that get the most kinds right on the other sets (ties: the
    middle value of each threshold among the best), and the kinds right on the held-out set
    with them, with main's (every new rule off) and the committed values' (in-sample)."""
    saved = tuple(getattr(module, name) for module, name, _, _ in PARAMS)
    sets = {relative(root): labelled_files(root) for root in roots}
    combos = list(itertools.product(*(values for _, _, values, _ in PARAMS)))
    memo: dict[Any, Any] = {}
    table = {c: {name: kinds_under(files, c, memo) for name, files in sets.items()} for c in combos}
    for c in (OFF, saved):
        table[c] = {name: kinds_under(files, c, memo) for name, files in sets.items()}
    for (module, name, _, _), value in zip(PARAMS, saved, strict=True):
        setattr(module, name, value)
    out: dict[str, Any] = {"params": [name for _, name, _, _ in PARAMS], "sets": {}}
    pooled = {c: sum(table[c].values()) for c in combos}
    tied_all = [c for c in combos if pooled[c] == max(pooled.values())]
    out["chosen_on_all"] = [middle([c[k] for c in tied_all]) for k in range(len(PARAMS))]
    out["committed"] = list(saved)
    for held, files in sets.items():
        train = {c: sum(n for s, n in table[c].items() if s != held) for c in combos}
        best = max(train.values())
        tied = [c for c in combos if train[c] == best]
        chosen = tuple(middle([c[k] for c in tied]) for k in range(len(PARAMS)))
        if chosen not in table:
            table[chosen] = {s: kinds_under(f, chosen, memo) for s, f in sets.items()}
        out["sets"][held] = {
            "files": len(files),
            "chosen": list(chosen),
            "main": table[OFF][held],
            "held_out": table[chosen][held],
            "in_sample": table[saved][held],
        }
    return out


def print_loso(result: dict[str, Any]) -> None:
    names = "/".join(result["params"])
    print(f"kind right, leave-one-set-out ({names} chosen on the other sets)")
    print(f"{'held-out set':36} {'files':>5} {'off':>6} {'held-out':>9} {'in-sample':>10}  chosen")
    total = Counter[str]()
    for name, r in result["sets"].items():
        n = r["files"]
        total.update({k: r[k] for k in ("files", "main", "held_out", "in_sample")})
        chosen = "/".join(f"{v:g}" for v in r["chosen"])
        print(
            f"{name[:36]:36} {n:>5} {r['main'] / n:>6.2f} {r['held_out'] / n:>9.2f} "
            f"{r['in_sample'] / n:>10.2f}  {chosen}"
        )
    n = total["files"]
    print(
        f"{'all':36} {n:>5} {total['main'] / n:>6.2f} {total['held_out'] / n:>9.2f} "
        f"{total['in_sample'] / n:>10.2f}"
    )
    on_all = "/".join(f"{v:g}" for v in result["chosen_on_all"])
    committed = "/".join(f"{v:g}" for v in result["committed"])
    print(f"chosen on all sets: {on_all}; committed (in-sample column): {committed}")


def judge(g: dict[str, Any], docs: list[Document]) -> dict[str, Any]:
    """One file's verdicts as bench/realworld.py gives them (kind right when every document has
    it; a sitting day's title right when each gold section's document is titled so), for the
    fields the labels state."""
    verdict = judge_file(g, [record(d, 0) for d in docs], None)
    row: dict[str, Any] = {"file": g["file"], "gold_kind": g["kind"], "kind": verdict["kind"]}
    row["kind_right"] = verdict["kind_right"]
    row["title"] = docs[0].title if len(docs) == 1 else f"{len(docs)} documents"
    if g.get("title"):
        row["title_right"] = verdict["title_right"]
    row["publisher"] = docs[0].publisher if docs else None
    if "publisher" in g:
        row["publisher_right"] = verdict["publisher_right"]
    row["date"] = "/".join(verdict["date"])
    if "date" in g:  # ISO or null; a set that labels no dates is not counted
        row["date_right"] = verdict["date_right"]
        row["date_verdict"] = date_verdict(g["date"], [d.date for d in docs])
    return row


def date_verdict(gold: str | None, found: list[str | None]) -> str:
    """right; invented (a date where the text states none); missed (null where it states one);
    else wrong (another date, e.g. one the body talks about)."""
    if all(d == gold for d in found):
        return "right"
    if gold is None:
        return "invented"
    return "missed" if all(d is None for d in found) else "wrong"


def figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"files": len(rows)}
    for field in FIELDS:
        judged = [r[f"{field}_right"] for r in rows if f"{field}_right" in r]
        out[field] = round(sum(judged) / len(judged), 3) if judged else None
        out[f"{field}_n"] = len(judged)
    confusion: Counter[tuple[str, str]] = Counter()
    for r in rows:
        for k in r["kind"]:
            confusion[(r["gold_kind"], k)] += 1
    out["confusion"] = {f"{g} -> {k}": n for (g, k), n in sorted(confusion.items())}
    verdicts = Counter(r["date_verdict"] for r in rows if "date_verdict" in r)
    out["date_verdicts"] = {v: verdicts[v] for v in DATE_VERDICTS}
    return out


def confusion_table(rows: list[dict[str, Any]]) -> str:
    found = Counter((r["gold_kind"], k) for r in rows for k in r["kind"])
    gold = [k for k in KINDS if any(g == k for g, _ in found)]
    cols = [k for k in (*KINDS, "None") if any(f == k for _, f in found)]
    head = f"{'gold / found':18}" + "".join(f"{c[:10]:>11}" for c in cols)
    lines = [head]
    for g in gold:
        lines.append(f"{g:18}" + "".join(f"{found[(g, c)] or '.':>11}" for c in cols))
    return "\n".join(lines)


def report(name: str, rows: list[dict[str, Any]]) -> str:
    f = figures(rows)
    shown = ", ".join(
        f"{field} {f[field]:.2f} ({f[f'{field}_n']})" for field in FIELDS if f[field] is not None
    )
    out = [f"== {name}: {f['files']} files; {shown}"]
    for r in rows:
        misses = [x for x in FIELDS if r.get(f"{x}_right") is False]
        if misses:
            got = {
                "kind": "/".join(r["kind"]),
                "title": r["title"],
                "publisher": r["publisher"],
                "date": f"{r.get('date_verdict')} {r['date']}",
            }
            said = "; ".join(f"{x} {got[x]!r}" for x in misses)
            out.append(f"   {r['file'][:60]:60} gold kind {r['gold_kind']}: {said}")
    out.append(confusion_table(rows))
    if f["date_n"]:
        out.append("date: " + ", ".join(f"{v} {n}" for v, n in f["date_verdicts"].items()))
    return "\n".join(out)


def relative(path: Path) -> str:
    """A set's name for the results: its path in the repository, else its folder's name, under
    its parent's when the parent is a labelled set too (i9s-pages/setB)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        parent = path.resolve().parent
        return f"{parent.name}/{path.name}" if (parent / "gold.jsonl").exists() else path.name


def public(row: dict[str, Any]) -> dict[str, Any]:
    """What the results file keeps of a file's judgement: the kinds and verdicts, never the
    titles or publishers found (the sets' documents are not ours to copy)."""
    return {k: v for k, v in row.items() if k not in ("title", "publisher", "date")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--json", type=Path, help=f"where to write the figures (default {RESULTS})")
    ap.add_argument(
        "--loso", action="store_true", help="choose the kind thresholds leave-one-set-out"
    )
    args = ap.parse_args(argv)
    if args.loso:
        result = loso(args.dirs)
        print_loso(result)
        (args.json or LOSO_RESULTS).write_text(json.dumps(result, indent=2) + "\n")
        return 0
    pooled: list[dict[str, Any]] = []
    result: dict[str, Any] = {"sets": {}}
    for root in args.dirs:
        rows = [judge(g, docs) for g, docs in read_set(root)]
        name = relative(root)
        print(report(name, rows))
        result["sets"][name] = {**figures(rows), "verdicts": [public(r) for r in rows]}
        pooled += rows
    print(report("pooled", pooled))
    result["pooled"] = figures(pooled)
    (args.json or RESULTS).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
