"""Compose an extractive answer from the chosen sentences: verbatim quotations, each attributed
and cited, and checked against the source before anything is shown."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from core.errors import CitationMismatchError
from core.types import SPOKEN_KINDS, Chunk, Document
from qa.abstain import ANSWERED, REFUSED, Verdict
from qa.answer import Answer, Citation, Line, SeeAlso, reference, text_of
from qa.query import person, role_name
from qa.retrieve import Hit
from qa.select import WEIGHTS, Candidate, Weights, choose

NOT_ANSWERED = (
    "The corpus does not answer this question: nothing in it is about what was asked. "
    "The nearest passages are listed under see also."
)
# A speaker given by description ("The Minister", "A noble Lord"), not by name.
_DESCRIBED = re.compile(r"(the|a|an)\b", re.IGNORECASE)
NOT_DIRECT = "The corpus does not answer this directly; the closest passages are:"


def attribution(doc: Document, chunk: Chunk) -> str:
    """Who says the sentence: in a debate (or any text with speakers), the speaker and role."""
    if not doc.sections:
        return ""
    section = doc.sections[chunk.section]
    role = role_name(section.role)
    if role is None and section.speaker is None:
        return ""
    speaker = person(section.speaker) if section.speaker else None
    named = bool(speaker) and not _DESCRIBED.match(speaker or "")
    if role == "minister":
        return f"{speaker} (the Minister) said: " if named else "The Minister said: "
    who = speaker or "A member"
    return f"{who} asked: " if role == "question" else f"{who} said: "


def contributions(doc: Document) -> int | None:
    """How many numbered contributions a debate has; None for a document that is not spoken."""
    return sum(1 for s in doc.sections if s.number) if doc.kind in SPOKEN_KINDS else None


def evidence(hits: Sequence[Hit]) -> float:
    """How closely anything retrieved matches the question, as a raw (not relative) cosine."""
    return max(h.evidence for h in hits)


def citation(n: int, hit: Hit, first: int, last: int, chunk: Chunk, doc: Document) -> Citation:
    qa_, qb = chunk.sentences[first][0], chunk.sentences[last][1]
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


def closest(ranked: Sequence[Candidate], limit: int = WEIGHTS.max_lines) -> list[Candidate]:
    """For an indirect answer: the best candidate, as a direct answer opens with it (the kind
    of fact asked for may be there in words the answer types do not read: "a body called the
    Home of Compassion"), then the best sentence of each of the closest passages, those that
    hold the kind of fact asked for first (a line that is not a sentence only when it is whole
    as `Candidate.whole` says, as for a direct answer's first line: a table row holding the
    figure with a question word, a label line holding the fact asked for, a marked list item);
    from the best candidate's passage, any other line of it."""
    if not ranked:
        return []
    lead = ranked[0]
    out = [lead] if lead.whole else []
    for c in sorted(ranked[1:], key=lambda c: not c.typed):  # stable: best first within each
        if len(out) >= limit:
            break
        if not c.whole:
            continue
        if c.row == lead.row and c.first <= lead.last and lead.first <= c.last:
            continue  # shares a sentence with the best candidate
        if all(o.row != c.row for o in out if o is not lead):
            out.append(c)
    return out or [lead]


def quote_of(c: Candidate, chunks: Sequence[Chunk], documents: Mapping[str, Document]) -> str:
    chunk = chunks[c.row]
    return documents[chunk.doc_id].text[chunk.sentences[c.first][0] : chunk.sentences[c.last][1]]


def compose(
    question: str,
    hits: Sequence[Hit],
    ranked: Sequence[Candidate],
    chunks: Sequence[Chunk],
    documents: Mapping[str, Document],
    index_version: str,
    verdict: Verdict,
    listing: bool = False,
    across: bool = False,
    weights: Weights = WEIGHTS,
) -> Answer:
    """The answer for the verdict's outcome, from the hits and their scored sentences."""
    by_row = {h.row: h for h in hits}
    if not hits or not ranked or verdict.outcome == REFUSED:
        return Answer.of(
            question,
            (),
            (),
            index_version,
            abstained=True,
            direct=False,
            see_also=see_also(hits, set(), chunks, documents),
            preface=NOT_ANSWERED,
        )
    direct = verdict.outcome == ANSWERED
    if direct or listing:
        # A list question gets its items either way; the preface says whether they answer it.
        chosen = choose(ranked, lambda c: quote_of(c, chunks, documents), listing, across, weights)
    else:
        chosen = closest(ranked, weights.max_lines)
    citations: list[Citation] = []
    lines: list[Line] = []
    for cand in chosen:
        chunk = chunks[cand.row]
        doc = documents[chunk.doc_id]
        c = citation(len(citations) + 1, by_row[cand.row], cand.first, cand.last, chunk, doc)
        citations.append(c)
        lines.append(Line(c.quote, (c.n,), attribution(doc, chunk)))
    cited = {c.chunk_id for c in citations}
    answer = Answer.of(
        question,
        tuple(lines),
        tuple(citations),
        index_version,
        direct=direct,
        see_also=see_also(hits, cited, chunks, documents),
        preface="" if direct else NOT_DIRECT,
    )
    verify(answer, documents)
    return answer


def see_also(
    hits: Sequence[Hit], cited: set[str], chunks: Sequence[Chunk], documents: Mapping[str, Document]
) -> tuple[SeeAlso, ...]:
    out = []
    for h in hits:
        chunk = chunks[h.row]
        if chunk.chunk_id in cited:
            continue
        doc = documents[chunk.doc_id]
        out.append(SeeAlso(chunk.chunk_id, chunk.doc_id, doc.source, doc.title, round(h.score, 4)))
    return tuple(out)


def verify(answer: Answer, documents: Mapping[str, Document]) -> None:
    """Every quotation stands at its offsets in its document and in its passage, and is the
    quotation of the line that cites it; the text is the lines' text; numbering runs 1, 2, 3
    in order of first use. Works on the structured lines: no marker is parsed out of text."""
    by_n = {c.n: c for c in answer.citations}
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
        if not any(c.n in line.citations and line.quote == c.quote for line in answer.lines):
            problems.append("no answer line quotes it")
        if problems:
            raise CitationMismatchError(f"citation [{c.n}] {c.chunk_id}: {'; '.join(problems)}")
    for line in answer.lines:
        for n in line.citations:
            if n not in by_n or by_n[n].quote != line.quote:
                raise CitationMismatchError(f"line cites [{n}], which does not hold its quote")
    used = list(dict.fromkeys(n for line in answer.lines for n in line.citations))
    if used != [c.n for c in answer.citations]:
        raise CitationMismatchError(
            f"lines cite {used}, not the citations 1..{len(answer.citations)} in order"
        )
    if answer.answer != text_of(answer.preface, answer.lines):
        raise CitationMismatchError("the answer text is not the text of its lines")
