"""Compose an extractive answer: verbatim sentences from the top passages, each cited, and
checked against the source before anything is shown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from core.errors import CitationMismatchError
from core.types import SPOKEN_KINDS, Chunk, Document
from qa.abstain import MIN_EVIDENCE, Verdict
from qa.answer import Answer, Citation, SeeAlso, reference
from qa.retrieve import Hit

KEEP_WITHIN = 0.25  # passages whose evidence is within this of the best one contribute a sentence
MAX_SENTENCES = 5
SAME_SENTENCE = 0.95  # cosine over which two sentences say the same thing
# Under both, the corpus comes near the question without answering it: say so.
WEAK_EVIDENCE = 0.50
WEAK_COVERAGE = 0.60
NOT_ANSWERED = (
    "The corpus does not answer this question: no passage in it addresses what was asked."
)
NOT_DIRECT = "The corpus does not answer this directly, but the closest it comes is this: "


def attribution(doc: Document, chunk: Chunk) -> str:
    """Who says the sentence: for a debate, the speaker or role; else nothing."""
    if doc.kind not in SPOKEN_KINDS or not doc.sections:
        return ""
    section = doc.sections[chunk.section]
    if section.role == "minister":
        who = f"{section.speaker} (the Minister)" if section.speaker else "The Minister"
        return f"{who} said: "
    if section.role == "question":
        who = section.speaker or "The member who asked the question"
        return f"{who} asked: " if _asks(doc.text[section.start : section.end]) else f"{who} said: "
    return f"{section.speaker or 'A member'} said: "


def contributions(doc: Document) -> int | None:
    """How many numbered contributions a debate has; None for a document that is not spoken."""
    return sum(1 for s in doc.sections if s.number) if doc.kind in SPOKEN_KINDS else None


def _asks(contribution: str) -> bool:
    """A contribution that asks: the tabled question, or words ending in a question mark."""
    return contribution.lstrip().startswith("To ask") or "?" in contribution


def evidence(hits: Sequence[Hit]) -> float:
    """How closely anything retrieved matches the question, as a raw (not relative) cosine."""
    return max(h.evidence for h in hits)


def choose(
    hits: Sequence[Hit], sentence_vectors: np.ndarray, offsets: np.ndarray, limit: int
) -> list[tuple[Hit, int]]:
    """The best sentence of each strong enough passage, no repeats, in the hybrid ranking's
    order: it puts the most direct passage first more often than the sentence cosine alone
    (38 of 40 against 32 of 40 on the repo's and the dev questions)."""
    floor = max(MIN_EVIDENCE, evidence(hits) - KEEP_WITHIN)
    chosen: list[tuple[Hit, int]] = []
    for hit in hits:
        if len(chosen) >= limit:
            break
        if hit.evidence < floor:
            continue
        s = hit.best_sentence
        vec = sentence_vectors[offsets[hit.row] + s]
        said = (sentence_vectors[offsets[h.row] + j] for h, j in chosen)
        if any(float(vec @ other) > SAME_SENTENCE for other in said):
            continue  # the same sentence said again elsewhere adds nothing
        chosen.append((hit, s))
    return chosen


def citation(n: int, hit: Hit, s: int, chunk: Chunk, doc: Document) -> Citation:
    qa_, qb = chunk.sentences[s]
    section = doc.sections[chunk.section] if doc.sections else None
    c = Citation(
        n=n,
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
        passage_quote_start=qa_ - chunk.start,
        passage_quote_end=qb - chunk.start,
        role=section.role if section else None,
        contribution=section.number if section else None,
        contributions=contributions(doc),
        chamber=doc.chamber,
        publisher=doc.publisher,
        page=section.page if section else None,
    )
    return replace(c, reference=reference(c))


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
    direct = verdict.evidence >= WEAK_EVIDENCE or verdict.coverage >= WEAK_COVERAGE
    chosen = choose(hits, sentence_vectors, offsets, MAX_SENTENCES if direct else 1)
    citations: list[Citation] = []
    parts: list[str] = []
    for hit, s in chosen:
        chunk = chunks[hit.row]
        doc = documents[chunk.doc_id]
        c = citation(len(citations) + 1, hit, s, chunk, doc)
        citations.append(c)
        parts.append(f"{attribution(doc, chunk)}{c.quote} [{c.n}]")
    text = "\n".join(parts) if direct else NOT_DIRECT + parts[0]
    cited = {c.chunk_id for c in citations}
    see_also = tuple(
        SeeAlso(
            chunks[h.row].chunk_id,
            chunks[h.row].doc_id,
            documents[chunks[h.row].doc_id].source,
            documents[chunks[h.row].doc_id].title,
            round(h.score, 4),
        )
        for h in hits
        if chunks[h.row].chunk_id not in cited
    )
    answer = Answer(question, text, False, tuple(citations), index_version, direct, see_also)
    verify(answer, documents)
    return answer


def verify(answer: Answer, documents: dict[str, Document]) -> None:
    """Every quotation stands at its offsets in its document and in its passage, and in the
    answer; every marker resolves; numbering runs 1, 2, 3 in order of first use."""
    for i, c in enumerate(answer.citations, start=1):
        doc = documents.get(c.doc_id)
        problems = []
        if c.n != i:
            problems.append(f"numbered {c.n}, expected {i}")
        if doc is None or doc.text[c.start : c.end] != c.text:
            problems.append("passage not at its offsets")
        elif doc.text[c.quote_start : c.quote_end] != c.quote:
            problems.append("quotation not at its offsets")
        if c.text[c.passage_quote_start : c.passage_quote_end] != c.quote:
            problems.append("quotation not at its passage offsets")
        if f"{c.quote} [{c.n}]" not in answer.answer:
            problems.append("quotation not in the answer with its marker")
        if problems:
            raise CitationMismatchError(f"citation [{c.n}] {c.chunk_id}: {'; '.join(problems)}")
    used = [int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)]
    if list(dict.fromkeys(used)) != [c.n for c in answer.citations]:
        raise CitationMismatchError(
            f"markers {used} do not match citations 1..{len(answer.citations)}"
        )
