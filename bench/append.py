"""What an upload costs at scale: one document appended as a segment, against the full rewrite
of the index a build without segments does.

Usage: python bench/append.py --passages N [--json bench/results/append.json] [--base INDEX ...]

An index of N passages is written by bench/scale.py's builder (real passages repeated, real
vectors perturbed; --base as there, default the seed corpus's index). The document appended
is a real one: the Lords debate of the seed corpus (corpus/001_*.txt, renamed so its id is
new), read, understood, chunked and embedded by the product. Two writes are timed, each
published by `store.write_atomic` (checksums included):

  append   `store.append_files`: the previous segments hard-linked, the new segment written,
           columns re-encoded, the vector index read and the new vectors added (IVF-PQ not
           trained again). What `ingest/append.py` does once its checks pass.
  rewrite  `store.write_files` of all N + k passages: every file written again, the vector
           index built (IVF-PQ trained) and BM25 indexed from every passage. A full build does
           this after reading and understanding the whole corpus, which is not timed here
           (so the rewrite figure is a lower bound of a full build's cost).

bytes_written counts the new version folder's files that are not hard links to the previous
version (all of them for the rewrite). Embedding the new document is timed apart (embed_s).
It measures and prints; it never asserts a figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python bench/append.py
    sys.path.insert(0, str(ROOT))

# bench.scale sets one BLAS thread before numpy is imported, as for its own runs.
from bench.scale import CACHE, build_index, rel, seed_index  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "append.json"


def written_bytes(folder: Path) -> int:
    """Bytes of the files in `folder` that are its own (not hard links shared with another)."""
    return sum(
        p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.stat().st_nlink == 1
    )


def new_document(model: Any) -> tuple[list[Any], list[Any], Any, Any]:
    """The seed's debate as a new upload: documents, passages, their vectors (embedded now)."""
    from dataclasses import replace

    import numpy as np

    from ingest.build import chunk_document, embed_into, local_encoder, read_file
    from ingest.chunk import ChunkerSettings

    path = next((ROOT / "corpus").glob("001_*.txt"))
    _, understood = read_file(path)
    docs = [replace(u.document, doc_id="upload", source="upload.txt") for u in understood]
    chunks = [c for d in docs for c in chunk_document(d, ChunkerSettings(), model)]
    text = {d.doc_id: d.text for d in docs}
    sentences = [text[c.doc_id][a:b] for c in chunks for a, b in c.sentences]
    cv = np.zeros((len(chunks), model.dim), np.float32)
    sv = np.zeros((len(sentences), model.dim), np.float32)
    encode, known = local_encoder(model), {}
    embed_into(cv, [c.embed_text for c in chunks], encode, known)
    embed_into(sv, sentences, encode, known)
    return docs, chunks, cv, sv


def timed_publish(index: Path, write: Any, known: dict[str, Any] | None = None) -> float:
    from core import store

    started = time.perf_counter()
    with store.build_lock(index):
        store.write_atomic(index, write, known)
    return time.perf_counter() - started


def run(index: Path) -> dict[str, Any]:
    import numpy as np

    from core import checksum, store, swap
    from core import embedder as embedding

    model = embedding.load(store.read_manifest(index)["embedding"]["model"])
    started = time.perf_counter()
    docs, chunks, cv, sv = new_document(model)
    embed_s = time.perf_counter() - started
    previous = swap.resolve(index)
    manifest = store.read_manifest(index)
    counts = manifest["counts"]
    new_manifest = {
        **{k: v for k, v in manifest.items() if k not in (checksum.KEY, "segments")},
        "counts": {
            "documents": counts["documents"] + len(docs),
            "chunks": counts["chunks"] + len(chunks),
            "sentences": counts["sentences"] + len(sv),
        },
    }
    linked = store.segment_files(previous, len(store.segments(manifest)))
    files = manifest[checksum.KEY]
    no_bands = np.zeros(0, np.uint64)
    append_s = timed_publish(
        index,
        lambda out: store.append_files(out, previous, new_manifest, docs, chunks, cv, sv, no_bands),
        {rel_: files[rel_] for rel_ in linked if rel_ in files},
    )
    appended = swap.resolve(index)
    append_bytes = written_bytes(appended)
    data = store.load(index)
    rewrite_s = timed_publish(
        index,
        lambda out: store.write_files(
            out,
            lambda: new_manifest,
            [
                store.Batch(
                    data.documents.values(), iter(data.chunks), data.vectors, data.sentence_vectors
                )
            ],
            data.vectors.shape[1],
        ),
    )
    rewritten = swap.resolve(index)
    return {
        "passages": counts["chunks"],
        "appended_passages": len(chunks),
        "appended_sentences": len(sv),
        "vector_index": manifest["embedding"]["type"],
        "embed_s": round(embed_s, 2),
        "append_s": round(append_s, 2),
        "append_bytes_written": append_bytes,
        "rewrite_s": round(rewrite_s, 2),
        "rewrite_bytes_written": written_bytes(rewritten),
        "index_bytes": sum(p.stat().st_size for p in rewritten.rglob("*") if p.is_file()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, required=True)
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument("--base", type=Path, nargs="*", default=[])
    parser.add_argument("--noise", type=float, default=0.025)
    parser.add_argument("--index", type=Path, help="where to build (default bench/cache/append-N)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    index = args.index or CACHE / f"append-{args.passages}" / "index"
    bases = [*args.base, seed_index()]
    built = build_index(bases, index, args.passages, args.noise)
    print(f"built {args.passages} passages in {built['build_s']} s: {built['vector_index']}")
    found = {
        **run(index),
        "bases": [rel(b) for b in bases],
        "machine": f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    print(json.dumps(found, indent=2))
    if args.json:
        old = json.loads(args.json.read_text()) if args.json.exists() else {}
        runs = [r for r in old.get("runs", []) if r.get("passages") != found["passages"]]
        out = {"command": "python bench/append.py --passages N", "runs": [*runs, found]}
        with tempfile.NamedTemporaryFile("w", dir=args.json.parent, delete=False) as fh:
            fh.write(json.dumps(out, indent=2) + "\n")
        os.chmod(fh.name, 0o644)
        os.replace(fh.name, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
