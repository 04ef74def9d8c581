"""Metadata and attribution against realworld-dev gold, without building an index.

    .venv/bin/python bench/metadata.py ../shared/realworld-dev

Reads every file of `<dir>/corpus` the way ingest does (load -> understand), compares with
`<dir>/gold.jsonl`: date, kind, title (and whether it is furniture), and the speaker and role
of each gold contribution, matched by its first 8 words (within its `section` for day files).
Prints a per-file table and writes bench/results/metadata.json. All figures are in-sample:
the rules were written while looking at this corpus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.load import load_corpus
from ingest.titles import not_a_title
from ingest.understand import understand_all

HERE = Path(__file__).resolve().parent


def first_words(text: str) -> str:
    return " ".join(text.split()[:8])


def main(argv: list[str]) -> int:
    if not argv or not (Path(argv[0]) / "gold.jsonl").exists():
        print("usage: bench/metadata.py DIR  (DIR holds corpus/ and gold.jsonl)", file=sys.stderr)
        return 2
    root = Path(argv[0])
    gold = {g["file"]: g for g in map(json.loads, (root / "gold.jsonl").open(encoding="utf-8"))}
    raws, skipped = load_corpus(root / "corpus")
    rows = []
    totals = {
        "files": 0,
        "date": 0,
        "kind": 0,
        "furniture_title": 0,
        "named": 0,
        "named_ok": 0,
        "unnamed": 0,
        "unnamed_ok": 0,
    }
    for raw in raws:
        g = gold.get(raw.source)
        if g is None:
            continue
        docs = [u.document for u in understand_all(raw)]
        day_file = len(docs) > 1
        dates = {d.date for d in docs}
        kinds = {d.kind for d in docs}
        date_ok = dates == {g["date"]}
        kind_ok = kinds == {g["kind"]}
        titles = [d.title for d in docs]
        furniture = [t for t in titles if t and not_a_title(t)]
        contributions = {}
        for d in docs:
            for s in d.sections:
                if s.number:
                    key = (d.title if day_file else None, first_words(d.text[s.start : s.end]))
                    contributions.setdefault(key, []).append((s.speaker, s.role))
        named = named_ok = unnamed = unnamed_ok = 0
        misses = []
        for c in g.get("contributions") or []:
            key = (c.get("section") if day_file else None, c["first_words"])
            got = contributions.get(key, [])
            ok = (c["speaker"], c["role"]) in got
            if c["speaker"] is None:
                unnamed += 1
                unnamed_ok += ok
            else:
                named += 1
                named_ok += ok
            if not ok:
                misses.append({"gold": c, "got": got})
        totals["files"] += 1
        totals["date"] += date_ok
        totals["kind"] += kind_ok
        totals["furniture_title"] += bool(furniture)
        totals["named"] += named
        totals["named_ok"] += named_ok
        totals["unnamed"] += unnamed
        totals["unnamed_ok"] += unnamed_ok
        rows.append(
            {
                "file": raw.source,
                "documents": len(docs),
                "date": sorted(x or "-" for x in dates)[:3],
                "gold_date": g["date"],
                "date_ok": date_ok,
                "kind": sorted(x or "-" for x in kinds),
                "gold_kind": g["kind"],
                "kind_ok": kind_ok,
                "title": titles[0] if not day_file else f"{len(titles)} item titles",
                "gold_title": g["title"],
                "furniture_title": furniture,
                "named": f"{named_ok}/{named}",
                "unnamed": f"{unnamed_ok}/{unnamed}",
                "misses": misses[:5],
            }
        )
    print(f"{'file':48} {'docs':>4} {'date':>5} {'kind':>5}  named   unnamed  title")
    for r in rows:
        print(
            f"{r['file'][:48]:48} {r['documents']:>4} {'ok' if r['date_ok'] else 'NO':>5} "
            f"{'ok' if r['kind_ok'] else 'NO':>5}  {r['named']:7} {r['unnamed']:7}  "
            f"{(r['title'] or '-')[:40]}"
        )
        if not r["date_ok"]:
            print(f"{'':55}date {r['date']} gold {r['gold_date']}")
        if not r["kind_ok"]:
            print(f"{'':55}kind {r['kind']} gold {r['gold_kind']}")
        for m in r["misses"][:3]:
            print(f"{'':55}miss {m['gold']} got {m['got']}")
    t = totals
    print(
        f"\nfiles {t['files']}, refused {len(skipped)}; date right {t['date']}/{t['files']}, "
        f"kind right {t['kind']}/{t['files']}, files with a furniture title "
        f"{t['furniture_title']}; named contributions right {t['named_ok']}/{t['named']}, "
        f"unnamed (speaker None) right {t['unnamed_ok']}/{t['unnamed']}  (all in-sample)"
    )
    out = HERE / "results" / "metadata.json"
    out.write_text(
        json.dumps(
            {
                "data": "realworld-dev (in-sample)",
                "totals": totals,
                "refused": [s.source for s in skipped],
                "files": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
