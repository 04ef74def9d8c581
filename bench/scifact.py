"""Retrieval quality on BEIR SciFact (test split) through the product's own ingest and search.

Usage: python bench/scifact.py [--data ../shared/bench/scifact] [--cache bench/cache/scifact]
                               [--json bench/results/scifact.json]

The data is read in place (the zip with zipfile + csv, never unpacked); see SOURCE.md beside it.
The 5,183 abstracts are written as `<doc_id>.txt` (the abstract's sentences joined by a space, as
BEIR does) with a `.meta.json` sidecar holding the title, into CACHE/corpus, and indexed by
`ingest.build.build` into CACHE/index. The build reuses the vectors already in that index, so a
second run embeds nothing.

Queries go through `Engine.search` with one `Fusion` per configuration; a document ranks at its
best passage's position. The weights of the tuned configurations are chosen on the SciFact train
claims only (809, `qrels/train.tsv`), by re-fusing each query's raw scores with `qa.retrieve.rank`;
the 300 test claims (`qrels/test.tsv`) are then asked once per configuration through
`Engine.search`. It measures and prints; it exits 2 only when it cannot run (data absent).
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import math
import os
import statistics
import sys
import time
import tokenize
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python bench/scifact.py
    sys.path.insert(0, str(ROOT))

from qa.retrieve import Fusion, Hit, Scored  # noqa: E402  (numpy only; the model loads later)

if TYPE_CHECKING:
    from qa.engine import Engine

DATA = ROOT.parent / "shared" / "bench" / "scifact"
CACHE = ROOT / "bench" / "cache" / "scifact"
RESULTS = ROOT / "bench" / "results" / "scifact.json"
ANN_RESULTS = ROOT / "bench" / "results" / "scifact-ann.json"
ZIP = Path("upstream-hf-allenai-scifact") / "scifact.zip"
TEST_QRELS = Path("qrels") / "test.tsv"
TRAIN_QRELS = Path("qrels") / "train.tsv"
SIDECAR = ".meta.json"  # ingest/load.py SIDECAR

CANDIDATES = 1000  # enough passages that the top 100 documents are all ranked
DENSE_WEIGHTS = tuple(round(0.1 * i, 1) for i in range(1, 10))
SENTENCE_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
K_NDCG = 10
K_RECALL = 100


@dataclass(frozen=True)
class Abstract:
    doc_id: str
    title: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """BEIR's `text`: the sentences joined by a space."""
        return " ".join(self.sentences)


# Reading the data: pure functions over text, then the zip at the edge.


def abstract_sentences(field: str) -> list[str]:
    """The sentences of an `abstract` cell, printed like a NumPy array: `['s1'\\n 's2']`.

    There are no commas between the strings, so `ast.literal_eval` would glue them into one;
    each string literal is read on its own instead.
    """
    out = []
    for token in tokenize.generate_tokens(io.StringIO(field).readline):
        if token.type == tokenize.STRING:
            out.append(ast.literal_eval(token.string))
    return out


def read_qrels(text: str) -> dict[str, set[str]]:
    """query-id -> relevant corpus-ids, from a BEIR qrels TSV (header row; CRLF or LF)."""
    rows = csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t")
    header = next(rows, None)
    if header != ["query-id", "corpus-id", "score"]:
        raise ValueError(f"not a BEIR qrels file: header {header!r}")
    qrels: dict[str, set[str]] = {}
    for row in rows:
        if not row:
            continue
        query, doc, score = row
        if int(score) > 0:
            qrels.setdefault(query, set()).add(doc)
    return qrels


def read_claims(rows: Iterable[dict[str, str]], wanted: Iterable[str]) -> dict[str, str]:
    """id -> claim for the wanted ids; the files repeat a claim once per evidence document."""
    wanted = set(wanted)
    claims: dict[str, str] = {}
    for row in rows:
        if row["id"] not in wanted:
            continue
        if claims.setdefault(row["id"], row["claim"]) != row["claim"]:
            raise ValueError(f"claim {row['id']} has two different texts")
    missing = wanted - set(claims)
    if missing:
        raise ValueError(f"{len(missing)} qrel query ids have no claim, e.g. {min(missing)}")
    return claims


def _csv_rows(archive: zipfile.ZipFile, member: str) -> Iterator[dict[str, str]]:
    with archive.open(member) as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))


def read_corpus(zip_path: Path) -> list[Abstract]:
    with zipfile.ZipFile(zip_path) as archive:
        return [
            Abstract(row["doc_id"], row["title"], tuple(abstract_sentences(row["abstract"])))
            for row in _csv_rows(archive, "corpus_train.csv")
        ]


@dataclass(frozen=True)
class SciFact:
    corpus: list[Abstract]
    test: dict[str, str]
    train: dict[str, str]
    test_qrels: dict[str, set[str]]
    train_qrels: dict[str, set[str]]


def load(data: Path) -> SciFact:
    test_qrels = read_qrels((data / TEST_QRELS).read_text(encoding="utf-8"))
    train_qrels = read_qrels((data / TRAIN_QRELS).read_text(encoding="utf-8"))
    with zipfile.ZipFile(data / ZIP) as archive:
        test = read_claims(_csv_rows(archive, "claims_validation.csv"), test_qrels)
        train = read_claims(_csv_rows(archive, "claims_train.csv"), train_qrels)
    corpus = read_corpus(data / ZIP)
    ids = {a.doc_id for a in corpus}
    for name, qrels in (("test", test_qrels), ("train", train_qrels)):
        absent = {d for docs in qrels.values() for d in docs} - ids
        if absent:
            raise ValueError(f"{len(absent)} {name} qrel docs are not in the corpus")
    return SciFact(corpus, test, train, test_qrels, train_qrels)


# Metrics: pure.


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int = K_NDCG) -> float:
    """Binary-relevance nDCG@k: gain 1/log2(rank + 1); the ideal ranks every relevant doc first."""
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int = K_RECALL) -> float:
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def documents_ranked(hits: Iterable[Hit], doc_of: Sequence[str]) -> list[str]:
    """Documents in the order of their best passage (first occurrence)."""
    return list(dict.fromkeys(doc_of[h.row] for h in hits))


# The corpus folder the product ingests.


def write_corpus(abstracts: Sequence[Abstract], folder: Path) -> int:
    """`<doc_id>.txt` holding the abstract, its title in a sidecar (most SciFact titles end with
    a full stop, so the cleaner would keep them as body text). Returns files (re)written."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, str] = {}
    for a in abstracts:
        wanted[f"{a.doc_id}.txt"] = a.text + "\n"
        meta = {"title": a.title, "kind": "article"}
        wanted[f"{a.doc_id}.txt{SIDECAR}"] = json.dumps(meta, ensure_ascii=False) + "\n"
    for path in folder.iterdir():
        if path.is_file() and path.name not in wanted:
            path.unlink()
    written = 0
    for name, content in wanted.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written += 1
    return written


# Searching.


def raw_scores(engine: Engine, claim: str, candidates: int = CANDIDATES) -> Scored:
    """What `Engine.search` computes before `rank`, kept so one query can be re-fused cheaply."""
    from qa.engine import validate
    from qa.query import Filters, parse

    query = parse(validate(claim))
    vector = engine.model.encode([query.dense_text])[0]
    return engine.scores(query, vector, Filters(), candidates)


def fused(engine: Engine, scores: Scored, fusion: Fusion) -> list[str]:
    return documents_ranked(scores.rank(fusion), engine.doc_of)


@dataclass(frozen=True)
class Config:
    name: str
    fusion: Fusion
    tuned: tuple[str, ...] = ()  # which weights were chosen on train


def configs(candidates: int = CANDIDATES) -> list[Config]:
    base = Fusion(candidates=candidates)
    return [
        Config("bm25", replace(base, name="bm25", method="bm25", sentence_weight=0.0)),
        Config("dense", replace(base, name="dense", method="dense", sentence_weight=0.0)),
        Config(
            "dense+sentences",
            replace(base, name="dense+sentences", method="dense"),
            ("sentence_weight",),
        ),
        Config("rrf", replace(base, name="rrf", method="rrf", sentence_weight=0.0)),
        Config(
            "minmax",
            replace(base, name="minmax", method="minmax", sentence_weight=0.0),
            ("dense_weight",),
        ),
        Config(
            "minmax+sentences",
            replace(base, name="minmax+sentences", method="minmax"),
            ("dense_weight", "sentence_weight"),
        ),
    ]


def check_refusing(engine: Engine, claims: Sequence[str], fusions: Sequence[Fusion]) -> int:
    """Tuning re-fuses saved scores; say so if that ever ranks differently from `search`."""
    bad = 0
    for claim in claims:
        scores = raw_scores(engine, claim, fusions[0].candidates)
        for f in fusions:
            if fused(engine, scores, f) != documents_ranked(
                engine.search(claim, fusion=f), engine.doc_of
            ):
                bad += 1
                print(f"  warning: re-fused ranking differs from search for {f.name}: {claim!r}")
    return bad


def grid(config: Config) -> list[Fusion]:
    dense = DENSE_WEIGHTS if "dense_weight" in config.tuned else (config.fusion.dense_weight,)
    sentence = (
        SENTENCE_WEIGHTS if "sentence_weight" in config.tuned else (config.fusion.sentence_weight,)
    )
    return [
        replace(config.fusion, dense_weight=d, sentence_weight=s) for d in dense for s in sentence
    ]


def tune(
    engine: Engine, claims: dict[str, str], qrels: dict[str, set[str]], todo: Sequence[Config]
) -> tuple[dict[str, Fusion], list[dict[str, Any]]]:
    """The best train nDCG@10 in each tuned configuration's grid (ties: the first in the grid)."""
    grids = {c.name: grid(c) for c in todo}
    # One fusion can sit in two grids (minmax at sentence_weight 0): rank it once.
    distinct = list(dict.fromkeys(replace(f, name="") for g in grids.values() for f in g))
    totals = dict.fromkeys(distinct, 0.0)
    for n, (qid, claim) in enumerate(sorted(claims.items(), key=lambda kv: int(kv[0])), 1):
        scores = raw_scores(engine, claim, distinct[0].candidates)
        for fusion in distinct:
            totals[fusion] += ndcg_at_k(fused(engine, scores, fusion), qrels[qid])
        if n % 100 == 0:
            print(f"  tuning: {n}/{len(claims)} train claims", file=sys.stderr, flush=True)
    chosen, table = {}, []
    for name, g in grids.items():
        means = [totals[replace(f, name="")] / len(claims) for f in g]
        best = max(range(len(g)), key=lambda i: (means[i], -i))
        chosen[name] = g[best]
        table += [
            {
                "config": name,
                "dense_weight": f.dense_weight,
                "sentence_weight": f.sentence_weight,
                "train_ndcg@10": round(m, 4),
            }
            for f, m in zip(g, means, strict=True)
        ]
    return chosen, table


def evaluate(
    engine: Engine,
    claims: dict[str, str],
    qrels: dict[str, set[str]],
    todo: Sequence[Fusion],
    pool: int,
) -> list[dict[str, float]]:
    """Per fusion: nDCG@10, Recall@100, the median `Engine.search` wall time over the claims,
    and nDCG@10 again with `pool` candidates (the product's own). The fusions take turns on each
    claim, so a busy machine slows them alike."""
    ndcg: list[list[float]] = [[] for _ in todo]
    ndcg_pool: list[list[float]] = [[] for _ in todo]
    recall: list[list[float]] = [[] for _ in todo]
    ms: list[list[float]] = [[] for _ in todo]
    for qid, claim in sorted(claims.items(), key=lambda kv: int(kv[0])):
        for i, fusion in enumerate(todo):
            start = time.perf_counter()
            hits = engine.search(claim, fusion=fusion)
            ms[i].append((time.perf_counter() - start) * 1000)
            ranked = documents_ranked(hits, engine.doc_of)
            ndcg[i].append(ndcg_at_k(ranked, qrels[qid]))
            recall[i].append(recall_at_k(ranked, qrels[qid]))
            hits = engine.search(claim, fusion=replace(fusion, candidates=pool))
            ndcg_pool[i].append(ndcg_at_k(documents_ranked(hits, engine.doc_of), qrels[qid]))
    return [
        {
            "ndcg@10": round(statistics.fmean(ndcg[i]), 4),
            "recall@100": round(statistics.fmean(recall[i]), 4),
            "query_ms_p50": round(statistics.median(ms[i]), 1),
            "ndcg@10_product_candidates": round(statistics.fmean(ndcg_pool[i]), 4),
        }
        for i in range(len(todo))
    ]


def same_weights(a: Fusion, b: Fusion) -> bool:
    """Equal as the product would rank, apart from the label and the candidate pool size."""
    return all(
        getattr(a, f.name) == getattr(b, f.name)
        for f in fields(Fusion)
        if f.name not in ("name", "candidates")
    )


def fusion_fields(fusion: Fusion) -> dict[str, Any]:
    return asdict(fusion)


# The run.


def index_findings(report: dict[str, Any], abstracts: Sequence[Abstract]) -> dict[str, Any]:
    """What ingest did to the abstracts beyond indexing them: an abstract should lose nothing."""
    titles = {f"{a.doc_id}.txt": a.title for a in abstracts}
    removed = [
        {"source": d["source"], **r} for d in report["documents"] for r in d.get("removed", ())
    ]
    retitled = [
        {"source": d["source"], "title": d["title"], "expected": titles.get(d["source"])}
        for d in report["documents"]
        if d["title"] != titles.get(d["source"]) or d["kind"] != "article"
    ]
    return {
        "removed_lines": removed,
        "retitled": retitled,
        "merged": report.get("merged", []),
        "also_in": report.get("also_in", []),
        "skipped": report.get("skipped", []),
    }


def print_findings(findings: dict[str, Any]) -> None:
    for r in findings["removed_lines"]:
        print(f"  removed from {r['source']} line {r['line']} ({r['reason']}): {r['text'][:90]}")
    for r in findings["retitled"]:
        print(f"  {r['source']}: title {r['title']!r}, expected {r['expected']!r}")
    for m in findings["merged"]:
        print(f"  merged {m['copy']} into {m['into']}: {m['why']}")
    for d in findings["also_in"]:
        print(f"  passage {d['passage']} also in {d['also_in']} (jaccard {d['jaccard']})")
    for s in findings["skipped"]:
        print(f"  skipped {s['source']}: {s['reason']}")
    counts = {k: len(v) for k, v in findings.items()}
    print("  ingest findings: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def table(rows: Sequence[dict[str, Any]], default: str, candidates: int, pool: int) -> str:
    pooled = f"@{pool} cand"
    head = (
        f"{'configuration':<18} {'nDCG@10':>8} {'R@100':>7} {'ms p50':>7} {pooled:>9}  "
        f"{'method':<7} {'dense_w':>7} {'sent_w':>6}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        f = r["fusion"]
        mark = "  <- product default" if r["name"] == default else ""
        dense_w = f"{f['dense_weight']:.1f}" if f["method"] == "minmax" else "-"
        sent_w = f"{f['sentence_weight']:.2f}" if f["method"] != "bm25" else "-"
        lines.append(
            f"{r['name']:<18} {r['ndcg@10']:>8.4f} {r['recall@100']:>7.4f} "
            f"{r['query_ms_p50']:>7.1f} {r['ndcg@10_product_candidates']:>9.4f}  "
            f"{f['method']:<7} {dense_w:>7} {sent_w:>6}{mark}"
        )
    lines.append(
        f"nDCG@10 and R@100 with candidates={candidates}; '{pooled}': nDCG@10 with the "
        f"product's candidates={pool}. ms p50 is one Engine.search, query embedding included."
    )
    return "\n".join(lines)


def compare_indexes(
    args: argparse.Namespace, data: SciFact, corpus: Path, index: Path, started: float
) -> int:
    """The product's default fusion on the test claims over the exact index, the approximate
    one (IVF-PQ forced at ingest: the vectors are reused, not embedded again), and the exact
    one with its sentence vectors rounded to float16."""
    import numpy as np

    from core import vectors
    from ingest.build import build
    from qa.engine import DEFAULT_FUSION, Engine

    rows = {}
    for kind in (vectors.FLAT, vectors.IVFPQ):
        os.environ[vectors.CHOICE] = kind
        t = time.perf_counter()
        built = build(corpus, index, progress=False)
        build_s = time.perf_counter() - t
        engine = Engine.load(index)
        engine.search("warm-up query")
        print(
            f"{kind}: {engine.index.manifest['embedding']} ({built['status']} in {build_s:.0f} s)"
        )
        todo = [DEFAULT_FUSION]
        [m] = evaluate(engine, data.test, data.test_qrels, todo, DEFAULT_FUSION.candidates)
        rows[kind] = {**m, "index": engine.index.manifest["embedding"], "build_s": round(build_s)}
        print(f"  nDCG@10 {m['ndcg@10']}, Recall@100 {m['recall@100']}", flush=True)
        if kind == vectors.FLAT:
            sentences = np.asarray(engine.index.sentence_vectors).astype(np.float16)
            rounded = replace(engine, index=replace(engine.index, sentence_vectors=sentences))
            [m] = evaluate(rounded, data.test, data.test_qrels, todo, DEFAULT_FUSION.candidates)
            rows["flat, float16 sentence vectors"] = m
            print(f"  float16 sentence vectors: nDCG@10 {m['ndcg@10']}", flush=True)
    del os.environ[vectors.CHOICE]
    result = {
        "fusion": fusion_fields(DEFAULT_FUSION),
        "test_claims": len(data.test),
        "indexes": rows,
        "ndcg@10_ann_minus_exact": round(
            rows[vectors.IVFPQ]["ndcg@10"] - rows[vectors.FLAT]["ndcg@10"], 4
        ),
        "ndcg@10_float16_minus_float32": round(
            rows["flat, float16 sentence vectors"]["ndcg@10"] - rows[vectors.FLAT]["ndcg@10"], 4
        ),
        "note": "no tuning here: the product's default fusion, chosen on SciFact train",
        "load_average_1m": round(os.getloadavg()[0], 2),
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.json}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the SciFact folder (SOURCE.md)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="corpus/ and index/ go here")
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument(
        "--candidates",
        type=int,
        default=CANDIDATES,
        help=f"passages from each side of the fusion (default {CANDIDATES}, so that Recall@100 "
        "ranks 100 documents; the product's own default is smaller)",
    )
    parser.add_argument(
        "--ann",
        action="store_true",
        help="the product's default fusion on the test claims with the exact index, then with "
        "the approximate one (IVF-PQ forced at ingest), and with float16 sentence vectors; no "
        f"tuning; results go to {ANN_RESULTS.relative_to(ROOT)} unless --json says otherwise",
    )
    args = parser.parse_args(argv)
    if args.ann and args.json == RESULTS:
        args.json = ANN_RESULTS
    if not (args.data / ZIP).is_file() or not (args.data / TEST_QRELS).is_file():
        print(
            f"SciFact data not found at {args.data}: pass --data PATH "
            "(it lives in ../shared/bench/scifact)",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    data = load(args.data)
    n_sentences = sum(len(a.sentences) for a in data.corpus)
    print(
        f"SciFact: {len(data.corpus)} abstracts ({n_sentences} sentences), "
        f"{len(data.test)} test claims ({sum(map(len, data.test_qrels.values()))} judgments), "
        f"{len(data.train)} train claims"
    )

    from ingest.build import build
    from qa.engine import DEFAULT_FUSION, Engine
    from qa.query import parse

    corpus_dir, index_dir = args.cache / "corpus", args.cache / "index"
    written = write_corpus(data.corpus, corpus_dir)
    print(f"corpus: {corpus_dir} ({written} files written, the rest unchanged)")
    if args.ann:
        return compare_indexes(args, data, corpus_dir, index_dir, started)
    t = time.perf_counter()
    built = build(corpus_dir, index_dir, progress=True)
    build_s = time.perf_counter() - t
    # The full report (passage dedup included) is the one written with the index.
    report = json.loads((index_dir / "report.json").read_text(encoding="utf-8"))
    counts = report["counts"]
    print(
        f"index: {index_dir} {built['status']} ({counts['documents']} documents, "
        f"{counts['chunks']} passages, {counts['sentences']} sentences; "
        f"embedded now: {built['embedded']}) in {build_s:.0f} s"
    )
    findings = index_findings(report, data.corpus)
    print_findings(findings)

    engine = Engine.load(index_dir)
    engine.search("warm-up query", fusion=Fusion(candidates=args.candidates))
    shaped = {
        qid: (q.phrases, q.excluded)
        for qid, claim in {**data.train, **data.test}.items()
        if (q := parse(claim)).phrases or q.excluded
    }
    for qid, (phrases, excluded) in sorted(shaped.items()):
        print(f"  claim {qid} parses with phrases {phrases} and exclusions {excluded}")

    todo = configs(args.candidates)
    print(f"tuning on {len(data.train)} train claims ...", flush=True)
    t = time.perf_counter()
    chosen, grid_rows = tune(engine, data.train, data.train_qrels, [c for c in todo if c.tuned])
    tune_s = time.perf_counter() - t
    final = [replace(c, fusion=chosen.get(c.name, c.fusion)) for c in todo]
    mismatches = check_refusing(engine, list(data.train.values())[:5], [c.fusion for c in final])
    default = next((c.name for c in final if same_weights(c.fusion, DEFAULT_FUSION)), None)
    if default is None:
        default = "product default"
        product = replace(DEFAULT_FUSION, name=default, candidates=args.candidates)
        final.append(Config(default, product))

    print(f"testing on {len(data.test)} test claims ...", flush=True)
    measured = evaluate(
        engine, data.test, data.test_qrels, [c.fusion for c in final], DEFAULT_FUSION.candidates
    )
    rows = [
        {"name": c.name, **m, "fusion": fusion_fields(c.fusion)}
        for c, m in zip(final, measured, strict=True)
    ]
    print()
    print(table(rows, default, args.candidates, DEFAULT_FUSION.candidates))
    result = {
        "configs": rows,
        "default": default,
        "tuned_on": f"SciFact train ({len(data.train)} claims)",
        "data": {
            "source": "BEIR SciFact test split, read from the allenai/scifact CSV export "
            "(see SOURCE.md beside the data)",
            "test_claims": len(data.test),
            "test_judgments": sum(map(len, data.test_qrels.values())),
            "train_claims": len(data.train),
            "train_judgments": sum(map(len, data.train_qrels.values())),
        },
        "corpus": {
            "documents": counts["documents"],
            "passages": counts["chunks"],
            "sentences": counts["sentences"],
            "abstracts": len(data.corpus),
            "abstract_sentences": n_sentences,
        },
        "metrics": {
            "ndcg@10": "binary relevance, log2 discount, ideal DCG over the judged relevant docs",
            "recall@100": "share of the judged relevant docs among the first 100, per claim",
            "query_ms_p50": "median wall time of Engine.search per claim, embedding included",
            "document_rank": "the position of the document's best passage",
        },
        "vector_index": engine.index.manifest["embedding"]["type"],
        "candidates": args.candidates,
        "product_candidates": DEFAULT_FUSION.candidates,
        "tuning_rank_matches_search": mismatches == 0,
        "tuning_grid": grid_rows,
        "ingest": findings,
        "claims_with_phrases_or_exclusions": sorted(shaped, key=int),
        "seconds": {
            "build": round(build_s, 1),
            "tuning": round(tune_s, 1),
            "total": round(time.perf_counter() - started, 1),
        },
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json}")
    print("weights tuned on SciFact train (set DEFAULT_FUSION from these):")
    for c in final:
        if c.tuned:
            f = c.fusion
            print(
                f"  {c.name}: Fusion(method={f.method!r}, dense_weight={f.dense_weight}, "
                f"sentence_weight={f.sentence_weight})"
            )
    print(
        f"total {time.perf_counter() - started:.0f} s "
        f"(build {build_s:.0f} s, tuning {tune_s:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
