"""Answer composition: verbatim, attributed, numbered by first use, verified before shown."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from core.errors import CitationMismatchError
from qa.abstain import Verdict
from qa.compose import NOT_DIRECT, compose, verify


def make(engine, question, verdict):
    return compose(
        question,
        engine.top_hits(question),
        engine.index.chunks,
        engine.index.documents,
        engine.index.sentence_vectors,
        engine.offsets,
        engine.version,
        verdict,
    )


def test_most_direct_sentence_first_and_debate_attributed(engine):
    a = engine.ask("What share of trusts and ICBs use the national entry-level induction?")
    first = a.answer.splitlines()[0]
    assert first.startswith("The Minister said: ")
    assert "nearly 70% of trusts and ICBs" in first
    c = a.citations[0]
    assert c.text[c.passage_quote_start : c.passage_quote_end] == c.quote
    assert first == f"The Minister said: {c.quote} [1]"


def test_member_questions_are_attributed_as_asked(engine):
    a = engine.ask("Which peer tabled the question about NHS and social care joint working?")
    assert any(
        line.startswith("Baroness Pitkeathley asked: To ask His Majesty’s Government")
        for line in a.answer.splitlines()
    )


def test_quotations_keep_the_sources_characters(engine):
    a = engine.ask("What did Patricia Hewitt say about digital infrastructure?")
    assert any("it was ‘essential that we level up basic digital" in c.quote for c in a.citations)
    for c in a.citations:
        assert c.quote in engine.index.documents[c.doc_id].text


def test_unused_passages_are_see_also_not_citations(engine):
    a = engine.ask("What is the Care Certificate?")
    cited = {c.chunk_id for c in a.citations}
    assert a.see_also and not cited & {s.chunk_id for s in a.see_also}
    assert len(re.findall(r"\[\d+\]", a.answer)) == len(a.citations)


def test_weak_evidence_says_it_does_not_answer_directly(engine):
    q = "What is the Care Certificate?"
    a = make(engine, q, Verdict(True, 0.47, 0.3))
    assert not a.direct and not a.abstained
    assert a.answer.startswith(NOT_DIRECT) and a.answer.endswith("[1]")
    assert len(a.citations) == 1 and "\n" not in a.answer


def test_no_evidence_abstains(engine):
    a = make(engine, "What is the Care Certificate?", Verdict(False, 0.2, 0.0))
    assert a.abstained and a.citations == () and a.see_also == ()


def test_a_citation_that_does_not_check_out_is_caught(engine):
    a = engine.ask("How many integrated care systems were set up?")
    docs = engine.index.documents
    verify(a, docs)
    c = a.citations[0]
    for broken in (
        replace(c, quote_start=c.quote_start + 1),
        replace(c, start=c.start + 1),
        replace(c, passage_quote_start=c.passage_quote_start + 2),
        replace(c, n=2),
    ):
        with pytest.raises(CitationMismatchError):
            verify(replace(a, citations=(broken, *a.citations[1:])), docs)
    with pytest.raises(CitationMismatchError):
        verify(replace(a, answer=a.answer + " [9]"), docs)
