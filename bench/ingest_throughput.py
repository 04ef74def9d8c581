"""Prints the product's embedding throughput beside a bare `model.encode` on the same texts, and
the peak memory of a whole `python -m ingest` build.

    python bench/ingest_throughput.py [--corpus corpus] [--scifact ../shared/bench/scifact]
                                      [--docs 200] [--repeats 2] [--rss] [--code DIR]
                                      [--stand-in] [--sweep 430,2200,8700]

The texts are exactly those a build embeds: every passage with its retrieval context and every
sentence, from the product's own reading and chunking of the corpus (the seed corpus, or the first
`--docs` SciFact abstracts, read in place and written to a temporary corpus folder), each text
once. `bare` is sentence-transformers' `encode` on that list in one call (batch 32, normalized),
`product` is `ingest.build.embed_into` with the local encoder, as a build runs it. The two are
timed alternately `--repeats` times and the best time of each is kept.

`--rss` also runs `python -m ingest --force --quiet` on that corpus in a child process and prints
its peak resident memory (ru_maxrss); `--code DIR` runs it from another checkout (e.g. the code
before a change, unpacked with `git archive`), for a before/after comparison. `--stand-in` makes
that build's model return random unit vectors at once (the real tokenizer still chunks), so a large
corpus's memory can be measured without hours of embedding: the figure is then the pipeline's
memory around the model, not the model's work.

`--docs` beyond SciFact's 5,183 abstracts repeats them, each sentence of the k-th repeat led
by "(k)" (a different figure in every paragraph, so neither copy detection nor shared-passage
detection folds it). `--sweep N,N,...` prints the peak RSS of a `--rss` build at each number
of abstracts (with `--code DIR` too, for before and after), with the passages each build
indexed and the growth per passage between sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))


def corpus_texts(corpus: Path) -> list[str]:
    """Each text a build of `corpus` embeds, once, in the order a build meets them."""
    from core import embedder
    from ingest.build import chunk_document, plan
    from ingest.chunk import ChunkerSettings

    settings = ChunkerSettings()
    model = embedder.load(embedder.DEFAULT_MODEL)
    p = plan(corpus, embedder.DEFAULT_MODEL, settings)
    texts = {d.doc_id: d.text for d in p.documents}
    chunks = [c for d in p.documents for c in chunk_document(d, settings, model)]
    every = [c.embed_text for c in chunks]
    every += [texts[c.doc_id][a:b] for c in chunks for a, b in c.sentences]
    return list(dict.fromkeys(every))


def scifact_corpus(data: Path, docs: int, folder: Path) -> Path:
    from bench import scifact

    zip_path = data / scifact.ZIP
    if not zip_path.exists():
        raise SystemExit(f"SciFact data not found at {zip_path}: pass --scifact DIR (SOURCE.md)")
    scifact.write_corpus(replicated(scifact.read_corpus(zip_path), docs), folder)
    return folder


def replicated(abstracts: list, n: int) -> list:
    """The first `n` abstracts, repeated past the end with "(k)" leading each sentence."""
    from dataclasses import replace

    out = list(abstracts[:n])
    k = 1
    while len(out) < n:
        k += 1
        out += [
            replace(
                a, doc_id=f"{a.doc_id}-r{k}", sentences=tuple(f"({k}) {x}" for x in a.sentences)
            )
            for a in abstracts[: n - len(out)]
        ]
    return out


def throughput(texts: list[str], repeats: int) -> dict[str, float]:
    import numpy as np

    from core import embedder
    from ingest.build import LOCAL, embed_into

    model = embedder.load(embedder.DEFAULT_MODEL)
    encode = LOCAL.encoder(embedder.DEFAULT_MODEL)
    model.encode(texts[:64])  # warm up
    best = {"bare": float("inf"), "product": float("inf")}
    bare = product = np.zeros(0)
    for _ in range(repeats):
        start = time.perf_counter()
        bare = model.model.encode(
            texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True
        )
        best["bare"] = min(best["bare"], time.perf_counter() - start)
        start = time.perf_counter()
        product = np.empty((len(texts), model.dim), dtype=np.float32)
        embed_into(product, texts, encode, {})
        best["product"] = min(best["product"], time.perf_counter() - start)
    return {
        "texts": len(texts),
        "bare_texts_per_s": len(texts) / best["bare"],
        "product_texts_per_s": len(texts) / best["product"],
        "ratio": best["bare"] / best["product"],
        "max_abs_diff": float(np.abs(bare - product).max()) if len(texts) else 0.0,
    }


STAND_IN = """
import sys, numpy as np
from core import embedder
def encode(self, texts, progress=False, batch_size=32):
    v = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dim), np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)
embedder.Embedder.encode = encode
from ingest.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def peak_rss_mb(code: Path, corpus: Path, stand_in: bool = False) -> tuple[float, float, int]:
    """(peak resident MB, wall seconds, passages) of one forced build of `corpus` by the code
    in `code`."""
    with tempfile.TemporaryDirectory(prefix="ingest-rss-") as tmp:
        start = time.perf_counter()
        how = ["-c", STAND_IN] if stand_in else ["-m", "ingest"]
        cmd = [sys.executable, *how, "--corpus", str(corpus.resolve())]
        cmd += ["--index", str(Path(tmp) / "index"), "--force", "--quiet"]
        child = subprocess.Popen(cmd, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert child.stderr is not None
        errors = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"the build failed: {errors.decode(errors='replace')[-2000:]}")
        seconds = time.perf_counter() - start
        manifest = json.loads((Path(tmp) / "index" / "manifest.json").read_text())
    return usage.ru_maxrss / 1024, seconds, manifest["counts"]["chunks"]


def sweep(data: Path, sizes: list[int], codes: list[Path], stand_in: bool) -> None:
    """Peak RSS of a build at each size, by each checkout, and its growth per passage."""
    for code in codes:
        last: tuple[float, int] | None = None
        for docs in sizes:
            with tempfile.TemporaryDirectory(prefix="ingest-sweep-") as tmp:
                corpus = scifact_corpus(data, docs, Path(tmp) / "corpus")
                mb, seconds, passages = peak_rss_mb(code, corpus, stand_in)
            growth = ""
            if last:
                per = (mb - last[0]) * 1024 * 1024 / max(1, passages - last[1])
                growth = f", {per / 1024:.1f} KB a passage more than the last size"
            print(
                f"{code}: {docs} abstracts, {passages} passages: peak RSS {mb:.0f} MB "
                f"({seconds:.0f} s){growth}",
                flush=True,
            )
            last = (mb, passages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--scifact", type=Path, help="the SciFact folder: use its abstracts")
    parser.add_argument("--docs", type=int, default=200, help="SciFact abstracts to use")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--rss", action="store_true", help="also the peak memory of a build")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose build --rss runs")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--stand-in", action="store_true", help="--rss with random vectors")
    parser.add_argument("--sweep", help="abstracts per build, comma-separated (needs --scifact)")
    args = parser.parse_args(argv)
    if args.sweep:
        if not args.scifact:
            raise SystemExit("--sweep needs --scifact DIR")
        codes = [args.code] if args.code == ROOT else [args.code, ROOT]
        sweep(args.scifact, [int(n) for n in args.sweep.split(",")], codes, args.stand_in)
        return 0
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        corpus = args.corpus
        if args.scifact:
            corpus = scifact_corpus(args.scifact, args.docs, Path(tmp) / "corpus")
        name = f"SciFact, first {args.docs} abstracts" if args.scifact else str(args.corpus)
        print(f"corpus: {name}")
        if not args.no_throughput:
            r = throughput(corpus_texts(corpus), args.repeats)
            print(
                f"{r['texts']} texts (passages with context + sentences, each once): "
                f"bare model.encode {r['bare_texts_per_s']:.1f} texts/s, "
                f"product embed_into {r['product_texts_per_s']:.1f} texts/s, "
                f"ratio {r['ratio']:.3f} (best of {args.repeats}); "
                f"max |difference| {r['max_abs_diff']:.1e}"
            )
        if args.rss:
            mb, seconds, _ = peak_rss_mb(args.code, corpus, args.stand_in)
            model = " (model stood in by random vectors)" if args.stand_in else ""
            print(
                f"python -m ingest --force from {args.code}{model}: "
                f"peak RSS {mb:.0f} MB, {seconds:.0f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
