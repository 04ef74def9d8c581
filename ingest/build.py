"""The ingest pipeline: corpus folder in, index folder out, atomically and incrementally."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import numpy as np

from core import checksum, lexical, store, swap, tokens
from core import embedder as embedding
from core.errors import IndexUnusableError
from core.types import Chunk, Document
from ingest.chunk import ChunkerSettings, pack
from ingest.dedup import duplicate_passages, find_copies
from ingest.load import Skipped, load_corpus, sidecar_path
from ingest.understand import Understood, understand

HERE = Path(__file__).parent
PIPELINE_FILES = sorted(HERE.glob("*.py")) + sorted((HERE.parent / "core").glob("*.py"))
MERGEABLE = ("title", "kind", "publisher", "date", "chamber")
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Plan:
    """What a build would index, worked out before any model is loaded."""

    documents: tuple[Document, ...]
    understood: tuple[Understood, ...]
    skipped: tuple[Skipped, ...]
    merges: tuple[dict[str, Any], ...]
    inputs_sha256: str
    sidecar_problems: tuple[Skipped, ...] = ()  # source is the sidecar's file name


def pipeline_sha256() -> str:
    digest = hashlib.sha256()
    for f in PIPELINE_FILES:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()


def plan(corpus: Path, model: str, settings: ChunkerSettings) -> Plan:
    raws, skipped = load_corpus(corpus)
    stems = [Path(r.source).stem for r in raws]
    # Two files that differ only by extension keep their whole names as ids.
    by_source = {
        r.source: understand(r, r.source if stems.count(stem) > 1 else stem)
        for r, stem in zip(raws, stems, strict=True)
    }
    copies: set[str] = set()
    merges = []
    for found in find_copies([u.document for u in by_source.values()]):
        copy, target = by_source[found.copy.source], by_source[found.original.source]
        filled = {
            f: getattr(copy.document, f)
            for f in MERGEABLE
            if getattr(target.document, f) is None and getattr(copy.document, f)
        }
        if copy.tabled_by and not target.tabled_by:
            filled_names = [*sorted(filled), "tabled_by"]
        else:
            filled_names = sorted(filled)
        by_source[target.document.source] = target.amended(
            target.tabled_by or copy.tabled_by, **filled
        )
        copies.add(copy.document.source)
        merges.append(
            {
                "copy": copy.document.source,
                "into": target.document.source,
                "shared_passages": found.shared,
                "passages_in_copy": found.total,
                "fields_filled": filled_names,
                "why": f"{found.shared} of {found.total} passages of {copy.document.source} "
                f"stand, near-identical (MinHash, Jaccard >= 0.8), in {target.document.source}",
            }
        )
    everything = tuple(by_source[s] for s in sorted(by_source))
    kept = tuple(u.document for u in everything if u.document.source not in copies)
    fingerprint = {
        "documents": sorted((r.source, r.content_hash) for r in raws),
        "model": model,
        "weights": embedding.weights_sha256(model),
        "chunker": vars(settings),
        "pipeline": pipeline_sha256(),
        "format": store.FORMAT,
    }
    inputs = hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()
    problems = tuple(
        Skipped(sidecar_path(Path(r.source)).name, why) for r in raws for why in r.sidecar_problems
    )
    return Plan(kept, everything, tuple(skipped), tuple(merges), inputs, problems)


def up_to_date(index: Path, p: Plan) -> bool:
    """Built from these very inputs, and undamaged: "rebuild it" must never be a no-op."""
    try:
        manifest = store.read_manifest(index)
        checksum.verify(swap.resolve(index), manifest, index)
    except IndexUnusableError:
        return False
    return manifest.get("inputs_sha256") == p.inputs_sha256


def context_for(doc: Document, section_no: int) -> str:
    """Retrieval-only words for a passage: its source and, for an answer, what was asked."""
    section = doc.sections[section_no]
    head = doc.title or doc.source
    if doc.kind == "debate":
        who = ", ".join(x for x in (section.speaker, section.role) if x)
        head = f"{head} ({doc.chamber + ' ' if doc.chamber else ''}debate). {who}:"
        if section.context:
            head += f" replying to: {section.context}"
    return head


def block_key(doc: Document, a: int, b: int) -> str:
    return f"{doc.doc_id}@{a}-{b}"


def chunk_document(
    doc: Document,
    settings: ChunkerSettings,
    model: embedding.Embedder,
    skip: frozenset[str] = frozenset(),
) -> list[Chunk]:
    """Passages that, with their context, fit the model's own max_seq_length. Blocks whose
    key is in `skip` (paragraphs indexed already, elsewhere) are left out."""
    enc = tokens.encoding(settings.encoding)

    def n_tokens(s: str) -> int:
        return len(enc.encode(s, disallowed_special=()))

    limit = model.max_seq_length
    chunks: list[Chunk] = []
    # Found once per document, not once per section: a debate may have thousands of each.
    skipped = [(a, b) for a, b in blocks(doc) if block_key(doc, a, b) in skip]
    for s_no, section in enumerate(doc.sections):
        budget = settings.max_tokens
        ranges = _ranges(section.start, section.end, skipped)
        while True:
            packed = [p for a, b in ranges for p in pack(doc.text, a, b, n_tokens, budget)]
            if budget < 16 or all(
                model.token_count(doc.text[a:b]) <= limit for (a, b), _ in packed
            ):
                break
            budget //= 2  # far more wordpieces than tiktoken tokens here: pack tighter
        context = context_for(doc, s_no)
        for (a, b), sentences in packed:
            text = doc.text[a:b]
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}:{len(chunks)}",
                    doc_id=doc.doc_id,
                    start=a,
                    end=b,
                    text=text,
                    section=s_no,
                    sentences=sentences,
                    context=_fit_context(context, text, model),
                )
            )
    return chunks


def blocks(doc: Document) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of a cleaned document (they are joined by blank lines)."""
    out, pos = [], 0
    for part in doc.text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def _ranges(start: int, end: int, skipped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) less the skipped blocks (sorted, disjoint) that lie inside it."""
    out, pos = [], start
    i = bisect.bisect_left(skipped, (start, start))
    while i < len(skipped) and skipped[i][0] < end:
        a, b = skipped[i]
        if b <= end:
            if a > pos:
                out.append((pos, a))
            pos = b
        i += 1
    if end > pos:
        out.append((pos, end))
    return out


def _fit_context(context: str, text: str, model: embedding.Embedder) -> str:
    words = context.split()
    while words and model.token_count(" ".join(words) + "\n" + text) > model.max_seq_length:
        words = words[: max(0, len(words) - max(1, len(words) // 8))]
    return " ".join(words)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def previous_vectors(index: Path, model: str, weights: str) -> dict[str, np.ndarray]:
    """Vectors of the texts the existing index already embedded with this very model."""
    try:
        manifest = store.read_manifest(index)
        store.check_model(manifest, model, weights, index)
        old = store.load(index)
    except IndexUnusableError:
        return {}
    cache: dict[str, np.ndarray] = {}
    chunk_vectors = old.chunk_vectors()
    for chunk, vec in zip(old.chunks, chunk_vectors, strict=True):
        cache[_key(chunk.embed_text)] = vec
    texts = {d.doc_id: d.text for d in old.documents.values()}
    row = 0
    for chunk in old.chunks:
        for a, b in chunk.sentences:
            cache[_key(texts[chunk.doc_id][a:b])] = old.sentence_vectors[row]
            row += 1
    return cache


def embed(
    model: embedding.Embedder,
    texts: list[str],
    cache: dict[str, np.ndarray],
    progress: bool,
) -> tuple[np.ndarray, int]:
    """Vectors for `texts`, embedding only those the cache lacks; returns (vectors, embedded)."""
    keys = [_key(t) for t in texts]
    todo = list(dict.fromkeys(k for k in keys if k not in cache))
    if todo:
        first = {k: t for k, t in zip(keys, texts, strict=True)}
        new = model.encode([first[k] for k in todo], progress=progress)
        cache.update(zip(todo, new, strict=True))
    if not texts:
        return np.zeros((0, model.dim), dtype=np.float32), 0
    return np.stack([cache[k] for k in keys]).astype(np.float32), len(todo)


def _one_at_a_time(
    fn: Callable[Concatenate[Path, Path, P], R],
) -> Callable[Concatenate[Path, Path, P], R]:
    """Builds of one index run one at a time, so concurrent uploads cannot interleave; with
    `wait=False` a build that cannot have the lock says so at once (BuildBusyError)."""

    @functools.wraps(fn)
    def locked(corpus: Path, index: Path, *args: P.args, **kwargs: P.kwargs) -> R:
        with store.build_lock(index, wait=bool(kwargs.get("wait", True))):
            return fn(corpus, index, *args, **kwargs)

    return locked


@_one_at_a_time
def build(
    corpus: Path,
    index: Path,
    model_name: str = embedding.DEFAULT_MODEL,
    settings: ChunkerSettings | None = None,
    progress: bool = True,
    force: bool = False,
    on_stage: Callable[[str], None] | None = None,
    wait: bool = True,
) -> dict[str, Any]:
    """Build `index` from `corpus`; returns the ingest report. A no-op when nothing changed;
    otherwise only texts the previous index has not embedded with this model are embedded.
    `wait=False`: raise BuildBusyError at once if another build of `index` is running."""
    settings = settings or ChunkerSettings()
    say = on_stage or (lambda stage: None)
    recovered = swap.recover(index)  # we hold the lock: anything half-done is a crash's
    say("reading the corpus")
    p = plan(corpus, model_name, settings)
    report = {**make_report(p), "recovered": recovered}
    if not force and up_to_date(index, p):
        return {**report, "status": "up to date", "embedded": 0}
    say("loading the embedding model")
    model = embedding.load(model_name)
    weights = embedding.weights_sha256(model_name)
    cache = {} if force else previous_vectors(index, model_name, weights)
    say("chunking")
    duplicates = duplicate_passages(
        [(block_key(d, a, b), d.text[a:b]) for d in p.documents for a, b in blocks(d)]
    )
    skip = frozenset(d.dropped for d in duplicates)
    chunks = [c for doc in p.documents for c in chunk_document(doc, settings, model, skip)]
    report["duplicate_passages"] = [
        {"dropped": d.dropped, "same_as": d.kept, "jaccard": d.jaccard} for d in duplicates
    ]
    say("embedding")
    texts = {d.doc_id: d.text for d in p.documents}
    sentence_texts = [texts[c.doc_id][a:b] for c in chunks for a, b in c.sentences]
    chunk_vectors, n_chunks = embed(model, [c.embed_text for c in chunks], cache, progress)
    sentence_vectors, n_sentences = embed(model, sentence_texts, cache, progress)
    manifest = {
        "format": store.FORMAT,
        "index_version": p.inputs_sha256[:12],
        "inputs_sha256": p.inputs_sha256,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code_version": store.code_version(),
        "pipeline_sha256": pipeline_sha256(),
        "embedding": {
            "model": model_name,
            "weights_sha256": weights,
            "dim": model.dim,
            "max_seq_length": model.max_seq_length,
            "normalized": True,
            "faiss": "IndexFlatIP (exact inner product)",
        },
        "tokenizer": {"library": "tiktoken", "encoding": settings.encoding},
        "lexical": {**lexical.SETTINGS, "indexes": "passage with its retrieval context"},
        "chunker": {
            **vars(settings),
            "unit": "whole sentences (nupunkt), never across sections",
            "context": "title; in debates chamber, speaker, role, and the question answered",
        },
        "documents": {
            d.source: {
                "doc_id": d.doc_id,
                "sha256": d.content_hash,
                "chunks": sum(1 for c in chunks if c.doc_id == d.doc_id),
            }
            for d in p.documents
        },
        "counts": {
            "documents": len(p.documents),
            "chunks": len(chunks),
            "sentences": len(sentence_texts),
        },
    }
    embedded = {"passages": n_chunks, "sentences": n_sentences}
    report = {**report, "status": "built", "counts": manifest["counts"], "embedded": embedded}

    def fill(folder: Path) -> None:
        store.write_files(
            folder, manifest, list(p.documents), chunks, chunk_vectors, sentence_vectors
        )
        (folder / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))

    say("writing the index")
    store.write_atomic(index, fill)
    return report


def make_report(p: Plan) -> dict[str, Any]:
    return {
        "documents": [
            {
                "source": u.document.source,
                "kind": u.document.kind,
                "title": u.document.title,
                "removed": [
                    {"line": r.line, "text": r.text, "reason": r.reason} for r in u.removed
                ],
                "metadata_evidence": [{"field": f, "evidence": e} for f, e in u.evidence],
                "undetermined": [
                    f
                    for f in ("title", "kind", "publisher", "date")
                    if getattr(u.document, f) is None
                ],
            }
            for u in p.understood
        ],
        "merged": list(p.merges),
        "skipped": [{"source": s.source, "reason": s.reason} for s in p.skipped],
        "sidecar_problems": [{"source": s.source, "problem": s.reason} for s in p.sidecar_problems],
    }
