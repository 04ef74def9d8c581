"""Compose an extractive answer: verbatim sentences from the top passages, each cited."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.types import Chunk, Document
from qa.abstain import MIN_EVIDENCE, Verdict
from qa.answer import Answer, Citation, reference
from qa.retrieve import Hit

KEEP_WITHIN = 0.25  # passages whose evidence is within this of the best one contribute a sentence
MAX_SENTENCES = 5
NOT_ANSWERED = (
    "The corpus does not answer this question: no passage in it addresses what was asked."
)


def attribution(doc: Document, chunk: Chunk) -> str:
    """Who says the sentence: for a debate, the speaker or role; else nothing."""
    if doc.kind != "debate" or not doc.sections:
        return ""
    section = doc.sections[chunk.section]
    if section.role == "Minister's answer":
        return "The Minister said: "
    who = section.speaker or "A member"
    return f"{who} asked: " if section.role and "question" in section.role else f"{who} said: "


def evidence(hits: Sequence[Hit]) -> float:
    """How closely anything retrieved matches the question, as a raw (not relative) cosine."""
    return max(h.evidence for h in hits)


def compose(
    question: str,
    hits: Sequence[Hit],
    chunks: Sequence[Chunk],
    documents: dict[str, Document],
    sentence_vectors: np.ndarray,
    offsets: np.ndarray,
    index_version: str,
    verdict: Verdict,
) -> Answer:
    """An answer from the given top hits, or a plain statement that the corpus has none."""
    if not hits or not verdict.answers:
        return Answer(question, NOT_ANSWERED, True, (), index_version)
    floor = max(MIN_EVIDENCE, evidence(hits) - KEEP_WITHIN)
    chosen: list[tuple[float, Hit, int]] = []  # (sentence score, hit, sentence number)
    for hit in hits:
        if len(chosen) >= MAX_SENTENCES:
            break
        if hit.evidence < floor:
            continue
        s = hit.best_sentence
        vec = sentence_vectors[offsets[hit.row] + s]
        if any(float(vec @ sentence_vectors[offsets[h.row] + j]) > 0.95 for _, h, j in chosen):
            continue  # the same sentence said again elsewhere adds nothing
        chosen.append((hit.sentence_scores[s], hit, s))
    chosen.sort(key=lambda t: -t[0])
    citations: list[Citation] = []
    parts: list[str] = []
    for _, hit, s in chosen:
        chunk = chunks[hit.row]
        doc = documents[chunk.doc_id]
        qa_, qb = chunk.sentences[s]
        section = doc.sections[chunk.section] if doc.sections else None
        citation = Citation(
            n=len(citations) + 1,
            chunk_id=chunk.chunk_id,
            doc_id=doc.doc_id,
            source=doc.source,
            title=doc.title,
            kind=doc.kind,
            date=doc.date,
            speaker=section.speaker if section else None,
            text=chunk.text,
            start=chunk.start,
            end=chunk.end,
            score=round(hit.score, 4),
            quote=doc.text[qa_:qb],
            quote_start=qa_,
            quote_end=qb,
            role=section.role if section else None,
            contribution=section.number if section else None,
            contributions=len(doc.sections) if doc.kind == "debate" else None,
            chamber=doc.chamber,
            publisher=doc.publisher,
            page=section.page if section else None,
        )
        citation = _with_reference(citation)
        citations.append(citation)
        parts.append(f"{attribution(doc, chunk)}{citation.quote} [{citation.n}]")
    return Answer(question, "\n".join(parts), False, tuple(citations), index_version)


def _with_reference(c: Citation) -> Citation:
    from dataclasses import replace

    return replace(c, reference=reference(c))
