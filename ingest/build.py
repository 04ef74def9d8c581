"""The ingest pipeline end to end: corpus folder in, index folder out (atomically)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core import embedder as embedding
from core import store, tokens
from core.types import Chunk, Document
from ingest.chunk import ChunkerSettings, pack
from ingest.dedup import find_copies
from ingest.load import Skipped, load_corpus
from ingest.understand import Understood, understand, with_sections

PIPELINE_FILES = sorted((Path(__file__).parent).glob("*.py")) + sorted(
    (Path(__file__).parent.parent / "core").glob("*.py")
)
MERGEABLE = ("title", "kind", "publisher", "date", "chamber")


@dataclass(frozen=True)
class Plan:
    """What a build would index, before any model is loaded."""

    documents: tuple[Document, ...]
    understood: tuple[Understood, ...]
    skipped: tuple[Skipped, ...]
    merges: tuple[dict[str, Any], ...]
    inputs_sha256: str


def pipeline_sha256() -> str:
    digest = hashlib.sha256()
    for f in PIPELINE_FILES:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()


def plan(corpus: Path, model: str, settings: ChunkerSettings) -> Plan:
    raws, skipped = load_corpus(corpus)
    understood = [understand(r) for r in raws]
    by_source = {u.document.source: u for u in understood}
    copies: set[str] = set()
    merges = []
    for copy, orig, shared, total in find_copies([u.document for u in understood]):
        target = by_source[orig.source]
        filled = {
            f: getattr(copy, f) for f in MERGEABLE if getattr(orig, f) is None and getattr(copy, f)
        }
        tabled_by = target.tabled_by or by_source[copy.source].tabled_by
        doc = with_sections(replace(target.document, **filled), _blocks(target.document), tabled_by)
        by_source[orig.source] = replace(target, document=doc, tabled_by=tabled_by)
        copies.add(copy.source)
        merges.append(
            {
                "copy": copy.source,
                "into": orig.source,
                "shared_passages": shared,
                "passages_in_copy": total,
                "fields_filled": sorted(filled)
                + (["tabled_by"] if tabled_by and not target.tabled_by else []),
                "why": f"{shared} of {total} passages of {copy.source} stand in {orig.source}",
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
    return Plan(kept, everything, tuple(skipped), tuple(merges), inputs)


def _blocks(doc: Document) -> tuple[tuple[int, int], ...]:
    out, pos = [], 0
    for part in doc.text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return tuple(out)


def up_to_date(index: Path, p: Plan) -> bool:
    try:
        return store.read_manifest(index).get("inputs_sha256") == p.inputs_sha256
    except Exception:
        return False


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


def chunk_document(
    doc: Document, settings: ChunkerSettings, model: embedding.Embedder
) -> list[Chunk]:
    """Passages that, with their context, fit the model's own max_seq_length."""
    count = tokens.encoding(settings.encoding)
    n_tokens = lambda s: len(count.encode(s, disallowed_special=()))  # noqa: E731
    limit = model.max_seq_length
    chunks: list[Chunk] = []
    for s_no, section in enumerate(doc.sections):
        budget = settings.max_tokens
        while True:
            packed = pack(doc.text, section.start, section.end, n_tokens, budget)
            if (
                all(model.token_count(doc.text[a:b]) <= limit for (a, b), _ in packed)
                or budget < 16
            ):
                break
            budget //= 2  # this text has far more wordpieces than tokens: pack tighter
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


def _fit_context(context: str, text: str, model: embedding.Embedder) -> str:
    words = context.split()
    while words and model.token_count(" ".join(words) + "\n" + text) > model.max_seq_length:
        words = words[: max(0, len(words) - max(1, len(words) // 8))]
    return " ".join(words)


def build(
    corpus: Path,
    index: Path,
    model_name: str = embedding.DEFAULT_MODEL,
    settings: ChunkerSettings | None = None,
    progress: bool = True,
    force: bool = False,
) -> dict[str, Any]:
    """Build `index` from `corpus`; returns the ingest report. A no-op when nothing changed."""
    settings = settings or ChunkerSettings()
    p = plan(corpus, model_name, settings)
    report = make_report(p)
    if not force and up_to_date(index, p):
        return {**report, "status": "up to date"}
    model = embedding.load(model_name)
    chunks = [c for doc in p.documents for c in chunk_document(doc, settings, model)]
    chunk_vectors = model.encode([c.embed_text for c in chunks], progress=progress)
    texts = {d.doc_id: d.text for d in p.documents}
    sentence_texts = [texts[c.doc_id][a:b] for c in chunks for a, b in c.sentences]
    sentence_vectors = model.encode(sentence_texts, progress=progress)
    manifest = {
        "format": store.FORMAT,
        "index_version": p.inputs_sha256[:12],
        "inputs_sha256": p.inputs_sha256,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code_version": store.code_version(),
        "pipeline_sha256": pipeline_sha256(),
        "embedding": {
            "model": model_name,
            "weights_sha256": embedding.weights_sha256(model_name),
            "dim": model.dim,
            "max_seq_length": model.max_seq_length,
            "normalized": True,
            "faiss": "IndexFlatIP (exact inner product)",
        },
        "tokenizer": {"library": "tiktoken", "encoding": settings.encoding},
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

    def fill(folder: Path) -> None:
        store.write_files(
            folder, manifest, list(p.documents), chunks, chunk_vectors, sentence_vectors
        )
        (folder / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    store.write_atomic(index, fill)
    return {**report, "status": "built", "counts": manifest["counts"]}


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
    }
