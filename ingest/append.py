"""An upload added to the index as one more segment, instead of a build of the whole corpus.

The index must be up to date with the corpus but for the new file (same files, model, chunker
and pipeline, as its manifest records), and the new file must hold no copy of what the index
holds, nor be copied in it: then a full build would index the same passages, and the new file's
passages, vectors and BM25 index go into a segment of their own while the previous segments'
files are hard-linked into the new version. Otherwise, or when the index has MAX_SEGMENTS
segments already (compaction), or the new passages would be a large share of it, the upload
is indexed by a full build, which writes one segment.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from core import checksum, store, swap, vectors
from core import embedder as embedding
from core.errors import IndexUnusableError
from core.types import Chunk, Document
from ingest.build import (
    band_array,
    block_key,
    blocks,
    build,
    chunk_document,
    document_reports,
    embed_chunks,
    inputs_of,
    inputs_sha256,
    item_number,
    local_encoder,
    pipeline_sha256,
    read_file,
    write_with_report,
)
from ingest.chunk import ChunkerSettings
from ingest.dedup import find_copies, shared_passages
from ingest.load import Skipped, corpus_files, file_hash
from ingest.understand import Understood

MAX_SEGMENTS = 8  # an index of this many segments is compacted by the next upload's full build
MAX_SHARE = 0.5  # new passages at most this share of those indexed, or a full build


def add_file(
    corpus: Path,
    index: Path,
    name: str,
    model_name: str = embedding.DEFAULT_MODEL,
    settings: ChunkerSettings | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Index the file corpus/name, just placed there: appended as a segment when it can be,
    else by a full build. Returns the build's report (status "appended" or as build's)."""
    settings = settings or ChunkerSettings()
    with store.build_lock(index):
        done = append(corpus, index, name, model_name, settings, on_stage)
    if isinstance(done, dict):
        return done
    report = build(corpus, index, model_name, settings, progress=False, on_stage=on_stage)
    return {**report, "not_appended": done}


def why_not(
    corpus: Path, manifest: dict[str, Any], name: str, model_name: str, settings: ChunkerSettings
) -> str | None:
    """Why the index cannot take corpus/name as one more segment, before the file is read."""
    inputs = manifest.get("inputs")
    if not isinstance(inputs, dict) or not isinstance(inputs.get("documents"), list):
        return "the index records no inputs (built by an older version)"
    files = [(str(s), str(h)) for s, h in inputs["documents"]]
    if inputs_sha256(inputs) != manifest.get("inputs_sha256"):
        return "the index's recorded inputs do not match it"
    if inputs != inputs_of(files, model_name, settings):
        return "the model, chunker or pipeline changed since the index was built"
    if len(store.segments(manifest)) >= MAX_SEGMENTS:
        return f"the index has {MAX_SEGMENTS} segments: compacted into one"
    recorded = dict(files)
    names = {p.name for p in corpus_files(corpus)}
    if name in recorded or names != {*recorded, name}:
        return "the corpus changed otherwise too"
    if any(file_hash(corpus / s) != h for s, h in recorded.items()):
        return "a file of the corpus changed"
    return None


def _copied(docs: list[Document], folder: Path, n_segments: int) -> tuple[str, list, set[int]]:
    """Why the new documents may share text with the index or each other (then a full build
    decides what is a copy; "" when they cannot), their shared passages among themselves, and
    their band keys. A long paragraph (LONG characters or more) whose MinHash bands meet a
    band of one the index holds is a candidate copy (Jaccard about 0.5 and up): conservative."""
    keys: set[int] = set()
    found = shared_passages(
        [(block_key(d, a, b), d.text[a:b]) for d in docs for a, b in blocks(d)], keys
    )
    if not keys:
        return "it has no paragraph long enough to check for copies", found, keys
    if find_copies(docs):
        return "its documents copy each other", found, keys
    new = band_array(keys)
    for k in range(n_segments):
        path = folder / store.segment_name(store.BANDS, k)
        if not path.is_file():
            return (
                "the index keeps no paragraph fingerprints (built by an older version)",
                found,
                keys,
            )
        held = np.load(path, mmap_mode="r", allow_pickle=False)
        at = np.minimum(np.searchsorted(held, new), max(len(held) - 1, 0))
        if len(held) and bool(np.any(held[at] == new)):
            return "it shares text with the index", found, keys
    return "", found, keys


def _read_new(path: Path) -> list[Understood] | None:
    done = read_file(path)
    if isinstance(done, Skipped) or not done[1]:
        return None
    return sorted(done[1], key=lambda u: item_number(u.document))


def append(
    corpus: Path,
    index: Path,
    name: str,
    model_name: str,
    settings: ChunkerSettings,
    on_stage: Callable[[str], None] | None = None,
) -> dict[str, Any] | str:
    """Add corpus/name to `index` as one more segment (the caller holds the build lock) and
    return the report, or why it must be built in full (see the module's note)."""
    say = on_stage or (lambda stage: None)
    recovered = swap.recover(index)
    try:
        manifest = store.read_manifest(index)
        folder = swap.resolve(index)
        checksum.verify(folder, manifest, index)
    except IndexUnusableError:
        return "the index is missing or damaged"
    why = why_not(corpus, manifest, name, model_name, settings)
    if why:
        return why
    say("reading the corpus")
    understood = _read_new(corpus / name)
    if understood is None:
        return "the file holds no document to index"
    docs = [u.document for u in understood]
    held = {i for entry in manifest["documents"].values() for i in entry["doc_ids"]}
    n_segments = len(store.segments(manifest))
    if any(d.doc_id in held for d in docs):
        return "a document of that id is indexed already"
    copied, shared, keys = _copied(docs, folder, n_segments)
    if copied:
        return copied
    say("loading the embedding model")
    model = embedding.load(model_name)
    say("chunking")
    chunks = [c for d in docs for c in chunk_document(d, settings, model)]
    before = manifest["counts"]
    total = before["chunks"] + len(chunks)
    if len(chunks) > MAX_SHARE * before["chunks"]:
        return "it is large beside the index: one segment again"
    if vectors.kind_for(total) != manifest["embedding"].get("type"):
        return "the index grows into another kind of vector index"
    say("embedding")
    where = swap.absolute(index)
    with tempfile.TemporaryDirectory(prefix=f".{where.name}.building-", dir=where.parent) as tmp:
        chunk_vectors, sentence_vectors, embedded = embed_chunks(
            Path(tmp), chunks, docs, model.dim, local_encoder(model), {}
        )
        new_manifest = appended_manifest(manifest, name, docs, chunks, len(sentence_vectors))
        report = {
            **previous_report(folder),
            "recovered": recovered,
            "status": "appended",
            "segment": n_segments,
            "untouched": before["chunks"],
            "counts": new_manifest["counts"],
            "embedded": embedded,
        }
        report["documents"] = [*report.get("documents", []), *document_reports(understood)]
        report["also_in"] = [
            *report.get("also_in", []),
            *({"passage": x.passage, "also_in": x.also_in, "jaccard": x.jaccard} for x in shared),
        ]
        linked = store.segment_files(folder, n_segments)

        def write(out: Path) -> dict[str, Any]:
            return store.append_files(
                out,
                folder,
                new_manifest,
                docs,
                chunks,
                chunk_vectors,
                sentence_vectors,
                band_array(keys),
            )

        say("writing the index")
        files = manifest.get(checksum.KEY, {})
        write_with_report(index, write, report, {rel: files.get(rel) for rel in linked})
    return report


def previous_report(folder: Path) -> dict[str, Any]:
    try:
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return report if isinstance(report, dict) else {}


def appended_manifest(
    manifest: dict[str, Any], name: str, docs: list[Document], chunks: list[Chunk], sentences: int
) -> dict[str, Any]:
    """The manifest a full build of the corpus with the new file would write, less what
    store.append_files adds (segments, the vector index)."""
    inputs = manifest["inputs"]
    files = [*inputs["documents"], [name, docs[0].content_hash]]
    inputs = {**inputs, "documents": sorted(files)}
    digest = inputs_sha256(inputs)
    counts = manifest["counts"]
    out = {k: v for k, v in manifest.items() if k not in (checksum.KEY, "segments")}
    return {
        **out,
        "index_version": digest[:12],
        "inputs_sha256": digest,
        "inputs": inputs,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code_version": store.code_version(),
        "pipeline_sha256": pipeline_sha256(),
        "documents": {
            **manifest["documents"],
            name: {
                "doc_ids": [d.doc_id for d in docs],
                "sha256": docs[0].content_hash,
                "chunks": len(chunks),
            },
        },
        "counts": {
            "documents": counts["documents"] + len(docs),
            "chunks": counts["chunks"] + len(chunks),
            "sentences": counts["sentences"] + sentences,
        },
    }
