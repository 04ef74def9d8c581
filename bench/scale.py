"""How big an index one machine serves: build N passages through the product's own index
writer, then time the product's search, its recall against exact search, memory and load.

Usage: python bench/scale.py --passages N [--json bench/results/scale.json] [--filter]
                             [--base bench/cache/scifact/index] [--noise 0.025]

The passages are real: those of the index(es) given by --base (default: the SciFact index
that bench/scifact.py builds, 11,890 passages of 5,183 abstracts, plus the seed corpus/,
indexed here on first use), repeated as many times as N needs. Copy j of a document keeps
its text, kind, sections, speakers and roles, gets the id `<doc_id>~j` and a date spread over
2000-2024 (so that a date filter has something to select). Its vectors are the real embedded
vectors of the original passage and sentences, plus Gaussian noise (sigma --noise per
dimension, 0.025 puts a copy at cosine about 0.9 from its original, about as far as a
passage's nearest real neighbour), renormalised: the vectors keep the shape of real passage
embeddings without being exact duplicates. `store.write_files` writes the index (exact or
IVF-PQ chosen by size, or forced by QA_VECTOR_INDEX=flat|ivfpq) inside `store.write_atomic`.

A fresh process then loads the index with `Engine.load` (load_s) and asks 200 questions
(tests/questions.jsonl, then SciFact test claims): search_ms is `Engine.search_vector`, the
product's search once the question is embedded, filters off (with --filter also since=2020);
recall@10_vs_exact is the share of the product's top 10 that exact search (every passage's
and sentence's vector scored, fused by the same `rank`) also puts in its top 10;
bytes_per_passage is the growth of the process's resident memory (RSS) over Engine.load (the
query encoder's weights included), divided by N; "memory" adds the growth to the end of the
queries, with the memory-mapped pages they touched (page cache the kernel can drop), and its
anonymous part alone.
OMP_NUM_THREADS and OPENBLAS_NUM_THREADS default to 1 (see below) and are recorded.

--json merges this run into the file's "runs" (one per passage count and index type). It
measures and prints; it never asserts a figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

# One BLAS/OpenMP thread unless the environment says otherwise: on this 2-core machine shared
# with other work, threads spinning against each other cost more than they give (measured:
# the re-scoring matmuls took 4x longer with 2 threads under load). Recorded in the results.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python bench/scale.py
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "scale.json"
CACHE = ROOT / "bench" / "cache"
SCIFACT_INDEX = CACHE / "scifact" / "index"
SEED_INDEX = CACHE / "seed-scale" / "index"
SCIFACT = ROOT.parent / "shared" / "bench" / "scifact"
QUERIES = 200
YEARS = 25  # copies' dates: 2000 .. 2024
FILTER = {"since": "2020"}
BATCH = 65536


def rel(path: Path) -> str:
    try:
        return str(path.absolute().relative_to(ROOT))
    except ValueError:
        return path.name


def noisy(vectors: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    out = vectors + rng.standard_normal(vectors.shape, dtype=np.float32) * noise
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def plan_copies(sizes: list[int], n: int) -> list[tuple[int, int, int]]:
    """(copy, base document, passages taken) until n passages: documents in turn, copy by copy."""
    out, total, copy = [], 0, 0
    while total < n:
        for d, size in enumerate(sizes):
            take = min(size, n - total)
            if take <= 0:
                break
            out.append((copy, d, take))
            total += take
        copy += 1
    return out


def build_index(bases: list[Path], index: Path, n: int, noise: float) -> dict[str, Any]:
    """N passages written by the product's own writer; returns what was done and how long."""
    import tempfile

    from core import embedder as embedding
    from core import store
    from core.types import Chunk

    base = [store.load(b) for b in bases]
    docs, first_chunk, n_chunks = [], [], []  # per base document: (store, doc), rows
    for s in base:
        rows_of: dict[str, list[int]] = {}
        for row, c in enumerate(s.chunks):
            rows_of.setdefault(c.doc_id, []).append(row)
        for doc_id in s.documents:
            rows = rows_of.get(doc_id, [])
            if rows:  # a document's passages are consecutive rows
                docs.append((s, doc_id))
                first_chunk.append(rows[0])
                n_chunks.append(len(rows))
    copies = plan_copies(n_chunks, n)

    def sentence_span(d: int, take: int) -> tuple[int, int]:
        offsets = docs[d][0].columns.sentence_offsets
        return int(offsets[first_chunk[d]]), int(offsets[first_chunk[d] + take])

    n_sentences = sum(b - a for a, b in (sentence_span(d, take) for _, d, take in copies))
    dim = base[0].vectors.shape[1]
    model = base[0].manifest["embedding"]["model"]
    started = time.perf_counter()
    index.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".scale-", dir=index.parent) as tmp:
        chunk_vectors = np.lib.format.open_memmap(
            Path(tmp) / "c.npy", mode="w+", dtype=np.float32, shape=(n, dim)
        )
        sentence_vectors = np.lib.format.open_memmap(
            Path(tmp) / "s.npy", mode="w+", dtype=np.float32, shape=(n_sentences, dim)
        )
        row = srow = 0
        for copy, d, take in copies:
            s, _ = docs[d]
            a = first_chunk[d]
            sa, sb = sentence_span(d, take)
            rng = np.random.default_rng([copy, d])
            cv, sv = s.vectors[a : a + take], s.sentence_vectors[sa:sb]
            chunk_vectors[row : row + take] = noisy(cv, noise, rng) if copy else cv
            sentence_vectors[srow : srow + sb - sa] = noisy(sv, noise, rng) if copy else sv
            row, srow = row + take, srow + sb - sa
        generated = time.perf_counter() - started

        def documents() -> Iterator[Any]:
            for copy, d, _ in copies:
                s, doc_id = docs[d]
                doc = s.documents[doc_id]
                year = 2000 + (copy * 7 + d) % YEARS
                yield replace(doc, doc_id=f"{doc_id}~{copy}", date=f"{year}-06-01")

        def chunks() -> Iterator[Chunk]:
            for copy, d, take in copies:
                s, _ = docs[d]
                for r in range(first_chunk[d], first_chunk[d] + take):
                    c = s.chunks[r]
                    # "<doc_id>:<hash>", as ingest names passages (ui/facts.PassagesById).
                    _, _, tail = c.chunk_id.rpartition(":")
                    doc = f"{c.doc_id}~{copy}"
                    yield replace(c, chunk_id=f"{doc}:{tail}", doc_id=doc)

        version = hashlib.sha256(f"scale {n} {noise} {[rel(b) for b in bases]}".encode())
        manifest = {
            "format": store.FORMAT,
            "index_version": version.hexdigest()[:12],
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "code_version": store.code_version(),
            "embedding": {
                "model": model,
                "weights_sha256": embedding.weights_sha256(model),
                "dim": dim,
                "normalized": True,
            },
            "lexical": base[0].manifest.get("lexical"),
            "counts": {"documents": len(copies), "chunks": n, "sentences": n_sentences},
            "synthetic": f"bench/scale.py: real passages repeated, vectors + N(0, {noise}^2)",
        }
        written: dict[str, Any] = {}

        def fill(folder: Path) -> None:
            written.update(
                store.write_files(
                    folder,
                    lambda: manifest,
                    [store.Batch(documents(), chunks(), chunk_vectors, sentence_vectors)],
                    dim,
                )
            )

        with store.build_lock(index):
            store.write_atomic(index, fill)
    return {
        "build_s": round(time.perf_counter() - started, 1),
        "generate_s": round(generated, 1),
        "documents": len(copies),
        "sentences": n_sentences,
        "vector_index": {
            k: v for k, v in written["embedding"].items() if k not in manifest["embedding"]
        },
    }


def seed_index() -> Path:
    """The seed corpus/ indexed by the product (reused while it is up to date)."""
    from ingest.build import build

    build(ROOT / "corpus", SEED_INDEX, progress=False)
    return SEED_INDEX


def questions(n: int, scifact: Path) -> list[str]:
    own = [
        json.loads(x)["q"]
        for x in (ROOT / "tests" / "questions.jsonl").read_text().splitlines()
        if x.strip()
    ]
    out = list(own)
    if len(out) < n and scifact.is_dir():
        from bench.scifact import load

        data = load(scifact)
        out += [data.test[q] for q in sorted(data.test, key=int)]
    return out[:n]


def rss() -> dict[str, int]:
    """Resident memory of this process in bytes: all, anonymous, file-backed (mapped files)."""
    status = Path("/proc/self/status").read_text()
    fields = {}
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile"):
            fields[name] = int(value.split()[0]) * 1024
    return fields


def measure(index: Path, questions_: list[str], with_filter: bool) -> dict[str, Any]:
    """In a fresh process: load, search, memory, and recall against exact search."""
    from qa.engine import DEFAULT_FUSION, Engine
    from qa.query import Filters, parse
    from qa.retrieve import rank

    before = rss()
    t = time.perf_counter()
    engine = Engine.load(index)
    load_s = time.perf_counter() - t
    loaded = rss()
    queries = [parse(q) for q in questions_]
    vecs = engine.model.encode([q.dense_text for q in queries])
    n = len(engine.index.chunks)
    settings = [("off", Filters())] + ([("since 2020", Filters(**FILTER))] if with_filter else [])
    out: dict[str, Any] = {"load_s": round(load_s, 2)}
    tops: dict[str, list[list[int]]] = {}
    for name, f in settings:
        engine.search_vector(queries[0], vecs[0], f)  # warm-up
        ms, tops[name] = [], []
        for q, v in zip(queries, vecs, strict=True):
            t = time.perf_counter()
            hits = engine.search_vector(q, v, f)
            ms.append((time.perf_counter() - t) * 1000)
            tops[name].append([h.row for h in hits[:10]])
        out[name] = {
            "search_ms_p50": round(statistics.median(ms), 1),
            "search_ms_p95": round(float(np.percentile(ms, 95)), 1),
            "allowed_share": round(float(engine.allowed(f).mean()), 3),
        }
    after = rss()
    out["rss"] = {
        "before_load": before,
        "after_load": loaded,
        "after_queries": after,
        "bytes_per_passage_after_load": round((loaded["VmRSS"] - before["VmRSS"]) / n),
        "bytes_per_passage_after_queries": round((after["VmRSS"] - before["VmRSS"]) / n),
        "anonymous_bytes_per_passage_after_queries": round(
            (after["RssAnon"] - before["RssAnon"]) / n
        ),
    }
    # Exact search: every passage and sentence scored, fused by the same rank().
    from core import lexical

    data = engine.index
    masks = {name: engine.allowed(f) for name, f in settings}
    recalls: dict[str, list[float]] = {name: [] for name, _ in settings}
    for start in range(0, len(queries), 50):
        qv = vecs[start : start + 50].astype(np.float32)
        dense = _scores(data.vectors, qv)
        sents = _scores(data.sentence_vectors, qv)  # float32 products, as the product
        for j, q in enumerate(queries[start : start + 50]):
            lex = lexical.scores(data.lexical, lexical.analyze([q.lexical_text])[0], n)
            phrases = engine._phrase_mask(q, lex) if q.phrases or q.excluded else True
            for name, _ in settings:
                mask = masks[name] & phrases
                hits = rank(dense[:, j], sents[:, j], engine.offsets, lex, mask, DEFAULT_FUSION)
                exact = {h.row for h in hits[:10]}
                got = tops[name][start + j]
                recalls[name].append(len(exact & set(got)) / max(1, min(10, len(exact))))
    for name, _ in settings:
        out[name]["recall@10_vs_exact"] = round(statistics.fmean(recalls[name]), 4)
    return out


def _scores(matrix: np.ndarray, queries: np.ndarray) -> np.ndarray:
    out = np.empty((len(matrix), len(queries)), dtype=np.float32)
    for i in range(0, len(matrix), BATCH):
        out[i : i + BATCH] = np.asarray(matrix[i : i + BATCH], dtype=np.float32) @ queries.T
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, required=True)
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument("--filter", action="store_true", help="also search with since=2020")
    parser.add_argument("--base", type=Path, nargs="*", default=[SCIFACT_INDEX])
    parser.add_argument("--scifact", type=Path, default=SCIFACT, help="for the claims asked")
    parser.add_argument("--noise", type=float, default=0.025)
    parser.add_argument("--index", type=Path, help="where to build (default bench/cache/scale-N)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child
    args = parser.parse_args(argv)
    index = args.index or CACHE / f"scale-{args.passages}" / "index"
    if args.measure:
        found = measure(index, questions(QUERIES, args.scifact), args.filter)
        print(json.dumps(found))
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    seed = seed_index()
    bases = [b for b in args.base if (b / "manifest.json").exists() or b.is_symlink()]
    if not bases:
        print(f"no base index at {args.base}: run bench/scifact.py first", file=sys.stderr)
        return 2
    load_start = os.getloadavg()[0]
    bases = list({b.resolve(): b for b in [*bases, seed]}.values())
    built = build_index(bases, index, args.passages, args.noise)
    print(f"built {args.passages} passages in {built['build_s']} s: {built['vector_index']}")
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--passages",
            str(args.passages),
            "--index",
            str(index),
            "--scifact",
            str(args.scifact),
            "--measure",
            *(["--filter"] if args.filter else []),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    if child.returncode:
        print(child.stderr[-3000:], file=sys.stderr)
        return 1
    found = json.loads(child.stdout.strip().splitlines()[-1])
    run = {
        "passages": args.passages,
        "index": built["vector_index"]["type"],
        "search_ms_p50": found["off"]["search_ms_p50"],
        "search_ms_p95": found["off"]["search_ms_p95"],
        "recall@10_vs_exact": found["off"]["recall@10_vs_exact"],
        "bytes_per_passage": found["rss"]["bytes_per_passage_after_load"],
        "build_s": built["build_s"],
        "load_s": found["load_s"],
        "with_filter": {"filter": FILTER, **found["since 2020"]} if args.filter else None,
        "vector_index": built["vector_index"],
        "memory": found["rss"],
        "documents": built["documents"],
        "sentences": built["sentences"],
        "vector_generation_s": built["generate_s"],
        "queries": QUERIES,
        "noise": args.noise,
        "base": [rel(b) for b in bases] + ["corpus/ (seed)"],
        "load_average_1m": {"start": round(load_start, 2), "end": round(os.getloadavg()[0], 2)},
        "cpus": os.cpu_count(),
        "threads": {n: os.environ[n] for n in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    print(json.dumps(run, indent=2))
    old = json.loads(args.json.read_text()) if args.json.exists() else {}
    runs = [
        r
        for r in old.get("runs", [])
        if (r["passages"], r["index"]) != (run["passages"], run["index"])
    ]
    runs = sorted([*runs, run], key=lambda r: (r["passages"], r["index"]))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"runs": runs}, indent=2) + "\n")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
