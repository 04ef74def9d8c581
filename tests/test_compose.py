"""Answers that contain the answer: the sentence that answers first, length by evidence, who
said what, three honest outcomes, and structured lines verified before shown."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.errors import CitationMismatchError
from core.types import Chunk, Document
from qa import answertype, export
from qa.abstain import ANSWERED, NOT_DIRECT, REFUSED, Verdict
from qa.answer import Answer, Citation, Line
from qa.compose import NOT_DIRECT as NOT_DIRECT_PREFACE
from qa.compose import verify
from qa.query import Filters, named_speakers, speaker_matches
from qa.select import fragment, window

HEWITT = "003_b60c2cd22ea21d0f"


def forced(engine, question, outcome):
    draft = engine.draft(question)
    s = draft.signals
    return engine.compose(draft, Verdict(outcome, s.evidence, s.coverage, s.overlap, s.typed))


# 1. The sentence that answers comes first.


def test_how_many_picks_the_sentence_with_the_number(engine):
    a = engine.ask("How many integrated care systems were set up in England?")
    assert a.direct and not a.abstained
    assert a.lines[0].quote.startswith("A total of 42 ICSs were established across England")
    assert "42 ICSs" in a.answer.splitlines()[0]


def test_most_direct_sentence_first_and_debate_attributed(engine):
    a = engine.ask("What share of trusts and ICBs use the national entry-level induction?")
    first = a.lines[0]
    assert first.attribution == "The Minister said: "
    assert "nearly 70% of trusts and ICBs" in first.quote
    c = a.citations[0]
    assert c.text[c.passage_quote_start : c.passage_quote_end] == c.quote == first.quote
    assert a.lines[0].text == f"The Minister said: {c.quote} [1]"
    assert a.lines[0].text in a.answer.splitlines()


def test_answer_types_are_recognised():
    assert answertype.asked("How many ICSs were set up?") == answertype.NUMBER
    assert answertype.asked("When was the review published?") == answertype.DATE
    assert answertype.asked("Which peer tabled the question?") == answertype.PERSON
    assert answertype.asked("Why did the Minister decline?") == answertype.REASON
    assert answertype.asked("What did the Hewitt Review recommend?") == answertype.LIST
    assert answertype.present(answertype.NUMBER, "A total of 42 ICSs were established.")
    # a year is a date, not the figure a "how many" question asks for
    assert not answertype.present(answertype.NUMBER, "The Regulations 2022 apply.")
    assert answertype.present(answertype.DATE, "It was published on Tuesday 4 April.")
    assert answertype.present(answertype.REASON, "It is a matter for the Chancellor.")


# 2. Length by evidence: no fragments, no repeats, a list gets its items.


def test_broken_lines_are_joined_and_fragments_recognised():
    lines = [
        "81. The IFR Review Panel does not have power to authorise funding for the",
        "requested treatment but can require the IFR Panel to reconsider the case.",
    ]
    assert window(lines, 0) == (0, 1)  # a PDF sentence broken over two lines
    assert window(lines, 1) == (0, 1)
    leaning = [
        "Gradually you want the two sectors to become one combined.",
        "This is the journey the children's sector has travelled.",
    ]
    assert window(leaning, 1) == (0, 1)  # it leans on the sentence before it
    assert window(leaning, 0) == (0, 0)
    assert fragment("That will—")
    assert fragment("Data Driven Healthcare in 2030: Transformation Requirements of the NHS")
    assert not fragment("A total of 42 ICSs were established across England.")


def test_answers_stop_when_the_evidence_does(engine, own_questions):
    lines = [len(engine.ask(q["q"]).lines) for q in own_questions]
    assert max(lines) <= 5 and sum(lines) / len(lines) <= 3
    for q in own_questions:
        a = engine.ask(q["q"])
        quotes = [x.quote for x in a.lines]
        assert len(set(quotes)) == len(quotes)
        assert not any(fragment(" ".join(x.split())) for x in quotes), quotes


def test_a_list_question_gets_the_items(engine):
    a = engine.ask("What did the Hewitt Review recommend?")
    quotes = " ".join(x.quote for x in a.lines)
    assert len(a.lines) >= 2
    assert "complementary strategy" in quotes
    assert any(c.doc_id == HEWITT for c in a.citations)
    # the sentence that only announces recommendations is not an item
    assert not any("made a number of other recommendations" in x.quote for x in a.lines)


def test_a_filter_to_one_newsletter_is_answered(engine):
    q = "What does the CWDC newsletter say about integrated working?"
    a = engine.ask(q, filters=Filters(kind="newsletter"))
    assert not a.abstained and a.direct
    assert all(c.kind == "newsletter" for c in a.citations)
    assert "integrated working" in a.lines[0].quote


# 3. Who said what.


def test_speaker_names_match_as_ingest_reads_them():
    assert speaker_matches("Baroness Blake of Leeds", "baroness blake")
    assert speaker_matches("Baroness Blake", "Baroness Blake of Leeds")
    assert not speaker_matches("Baroness Blake of Leeds", "Baroness Blake of Bolton")
    assert not speaker_matches("Baroness Pitkeathley", "Baroness Watkins")
    assert not speaker_matches(None, "Baroness Watkins")
    assert named_speakers(
        "What did Baroness Pitkeathley ask about?", ["Baroness Pitkeathley", "The Minister"]
    ) == ("Baroness Pitkeathley",)
    # Named first, asked about first: the index's own (alphabetical) order does not decide.
    assert named_speakers(
        "What did Lady Hallett ask Dr Townson to do?", ["Dr Townson", "Lady Hallett"]
    ) == ("Lady Hallett", "Dr Townson")


def test_a_question_naming_a_speaker_quotes_that_speaker(engine):
    a = engine.ask("What did Baroness Pitkeathley ask about?")
    assert a.lines and all(x.attribution == "Baroness Pitkeathley asked: " for x in a.lines)
    assert all(c.speaker == "Baroness Pitkeathley" for c in a.citations)


def test_the_minister_means_the_minister_role(engine):
    a = engine.ask("What did the Minister say about the career structure?")
    assert a.lines[0].attribution == "The Minister said: "
    assert "universal career structure" in a.lines[0].quote


def test_speaker_filter(engine):
    hits = engine.top_hits("joint training", 10, Filters(speaker="baroness pitkeathley"))
    docs = engine.index.documents
    speakers = {
        docs[engine.doc_of[h.row]].sections[engine.index.chunks[h.row].section].speaker
        for h in hits
    }
    assert hits and speakers == {"Baroness Pitkeathley"}
    assert Filters(speaker="Baroness Pitkeathley").active


# 4. Three honest outcomes.


def test_answered(engine):
    a = engine.ask("How many integrated care systems were set up in England?")
    assert a.direct and not a.abstained and not a.preface and a.citations


def test_not_directly_cites_the_closest_passages(engine):
    a = engine.ask("How much did the NHS spend on agency nurses last year?")
    assert not a.abstained and not a.direct
    assert a.preface == NOT_DIRECT_PREFACE
    assert a.answer.splitlines()[0] == NOT_DIRECT_PREFACE
    assert 1 <= len(a.citations) <= 3 and len(a.lines) == len(a.citations)
    # the best candidate first; then one line from each passage, or another line of its own
    first, *rest = a.citations
    assert all(c.chunk_id != o.chunk_id for i, c in enumerate(rest) for o in rest[i + 1 :])
    assert all(c.quote_start >= first.quote_end or c.quote_end <= first.quote_start for c in rest)


def test_refused_only_when_nothing_is_about_it_and_still_lists_the_nearest(engine):
    a = engine.ask("What is the best recipe for lasagne?")
    assert a.abstained and not a.direct and a.citations == () and a.lines == ()
    assert a.see_also, "the nearest passages are still listed"
    assert "does not answer" in a.answer


def test_forced_outcomes_share_one_structure(engine):
    q = "What is the Care Certificate?"
    for outcome in (ANSWERED, NOT_DIRECT):
        a = forced(engine, q, outcome)
        verify(a, engine.index.documents)
        assert a.direct == (outcome == ANSWERED)
    refused = forced(engine, q, REFUSED)
    assert refused.abstained and refused.see_also


# 5. A structured answer, checked on its lines.

FOOTNOTED = "Staff told us that joint training made the biggest difference [12]. Boards agreed."


def footnoted() -> tuple[Answer, dict[str, Document]]:
    doc = Document("d", "d.txt", FOOTNOTED, "h", title="A report", kind="report")
    end = FOOTNOTED.index(" Boards")
    chunk = Chunk(
        "d:0", "d", 0, len(FOOTNOTED), FOOTNOTED, 0, ((0, end), (end + 1, len(FOOTNOTED)))
    )
    quote = FOOTNOTED[:end]
    c = Citation(
        1,
        chunk.chunk_id,
        "d",
        "d.txt",
        "A report",
        "report",
        None,
        None,
        FOOTNOTED,
        0,
        len(FOOTNOTED),
        0.5,
        quote,
        0,
        end,
        0,
        end,
        reference="A report",
    )
    return Answer.of("What made the difference?", (Line(quote, (1,)),), (c,), "v"), {"d": doc}


def test_a_quote_with_its_own_footnote_marker_verifies_and_exports():
    a, docs = footnoted()
    verify(a, docs)
    assert a.answer == f"{a.lines[0].quote} [1]"
    md = export.to_markdown(a, "2026-11-23T00:00:00+00:00")
    assert "made the biggest difference [12].[^1]" in md
    assert export.answer_lines(a) == [(a.lines[0].quote, [1])]


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
    with pytest.raises(CitationMismatchError):
        verify(replace(a, lines=(replace(a.lines[0], citations=(9,)), *a.lines[1:])), docs)


def test_the_json_contract_keeps_its_fields_and_adds_lines(engine):
    d = engine.ask("How many integrated care systems were set up in England?").to_dict()
    assert {
        "question",
        "answer",
        "abstained",
        "citations",
        "index_version",
        "direct",
        "see_also",
        "lines",
    } <= set(d)
    assert (
        d["lines"][0]["citations"] == [1] and d["lines"][0]["quote"] == d["citations"][0]["quote"]
    )


def test_unused_passages_are_see_also_not_citations(engine):
    a = engine.ask("What is the Care Certificate?")
    cited = {c.chunk_id for c in a.citations}
    assert a.see_also and not cited & {s.chunk_id for s in a.see_also}


def test_a_person_the_index_never_names_as_speaker_is_not_answered_by_mentions(engine):
    a = engine.ask("What did Baroness Watkins ask about?")
    if any(speaker_matches(s, "Baroness Watkins") for s in engine.speakers):
        assert a.direct and all(x.attribution.startswith("Baroness Watkins") for x in a.lines)
    else:  # the Minister mentioning her is not what she asked
        assert not a.direct and a.preface == NOT_DIRECT_PREFACE
