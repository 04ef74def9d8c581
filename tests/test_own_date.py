"""A "when" question about the document's own event (the debate, the answer, the publication) is
answered by the line the document states its date on, which ingest records (Document.dated).

Excerpts: Hansard, Hospitals: Unsafe Discharge, HL Deb 9 November 2016 (Open Parliament Licence
v3.0); UK Parliament, written questions and answers (Open Parliament Licence v3.0)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from core import embedder, lexical
from core.types import Document
from ingest.load import RawFile
from ingest.understand import understand
from qa import answertype
from qa.query import role_matches, speaker_matches
from qa.retrieve import Hit
from qa.select import Ask, candidates
from tests.test_select import passage

DEBATE = """Hospitals: Unsafe Discharge

Volume 776: debated on Wednesday 9 November 2016

Question for Short Debate

To ask Her Majesty’s Government what response they have made to the Parliamentary and Health \
Service Ombudsman’s Report of investigations into unsafe discharge from hospital, published in May.

My Lords, this very shocking report of nine deeply disturbing cases showing what happens to \
patients when hospital discharge goes wrong was published in May 2016.
"""

DATE_LINE = "Volume 776: debated on Wednesday 9 November 2016"
TO_ASK = (
    "To ask Her Majesty’s Government what response they have made to the Parliamentary and "
    "Health Service Ombudsman’s Report of investigations into unsafe discharge from hospital."
)
REPORT = (
    "My Lords, this very shocking report of nine deeply disturbing cases showing what happens "
    "to patients when hospital discharge goes wrong was published in May 2016."
)


def test_ingest_records_the_line_that_states_the_documents_date():
    doc = understand(RawFile("debate.txt", DEBATE, "0" * 64)).document
    assert doc.date == "2016-11-09"
    assert doc.dated is not None and doc.text[slice(*doc.dated)] == DATE_LINE
    # A date stated in running prose is not the document's own date line.
    prose = understand(RawFile("p.txt", REPORT, "0" * 64)).document
    assert prose.dated is None
    # The record survives the index's JSON.
    assert Document.from_dict(doc.to_dict()) == doc


def _ranked(question: str, doc: Document, chunk):
    """The passage's candidates for the question, each sentence's cosine from the real model."""
    skip = {"when", "did", "was", "what", "date"}
    terms = [t for t in lexical.analyze([question])[0] if t not in skip]
    ask = Ask(
        dict.fromkeys(terms, 1.0), answertype.asked(question), known=answertype.words(question)
    )
    model = embedder.load_query()
    q, *sentences = model.encode([question, *(doc.text[a:b] for a, b in chunk.sentences)])
    cosines = tuple(float(np.dot(q, v)) for v in sentences)
    hit = Hit(0, 1.0, max(cosines), 1.0, cosines)
    return candidates(
        ask, [hit], [chunk], {"d": doc}, lexical.analyze, speaker_matches, role_matches
    )


def _first(question: str, doc: Document, chunk) -> str:
    got = _ranked(question, doc, chunk)
    return " ".join(
        doc.text[slice(*chunk.sentences[i])] for i in range(got[0].first, got[0].last + 1)
    )


def test_when_the_document_was_debated_is_answered_by_its_date_line():
    chunk, doc = passage([DATE_LINE, TO_ASK])
    doc = replace(doc, title="Hospitals: Unsafe Discharge", date="2016-11-09")
    q = "When did peers discuss the ombudsman's report on unsafe discharge from hospital?"
    # Without the record of its date line, the sentence restating the topic wins.
    assert _first(q, doc, chunk) == TO_ASK
    assert _first(q, replace(doc, dated=chunk.sentences[0]), chunk) == DATE_LINE


def dated_candidates(ask: Ask, chunk, doc: Document) -> list:
    """The candidates of one passage, its sentences equally close to the question."""
    hit = Hit(0, 1.0, 0.5, 1.0, (0.5,) * len(chunk.sentences))
    return candidates(
        ask, [hit], [chunk], {"d": doc}, lexical.analyze, speaker_matches, role_matches
    )


def test_a_question_about_what_will_happen_is_not_answered_by_the_documents_date():
    """The document's date is when it was written or debated, before what it looks ahead to:
    "When will ... come into force?" got "Friday 27th February 2026" (heldout, in-sample)."""
    chunk, doc = passage([DATE_LINE, TO_ASK])
    doc = replace(
        doc, title="Hospitals: Unsafe Discharge", date="2016-11-09", dated=chunk.sentences[0]
    )
    q = "When will the response to the ombudsman's report on unsafe discharge be published?"
    assert answertype.ahead(q) and not answertype.ahead(q.replace("will", "was"))
    ask = Ask({"ombudsman": 1.0}, answertype.DATE, ahead=True)
    assert not any(c.dated for c in dated_candidates(ask, chunk, doc))
    assert any(c.dated for c in dated_candidates(replace(ask, ahead=False), chunk, doc))


def test_a_date_the_text_states_with_the_questions_words_still_answers():
    chunk, doc = passage([DATE_LINE, TO_ASK, REPORT])
    doc = replace(
        doc, title="Hospitals: Unsafe Discharge", date="2016-11-09", dated=chunk.sentences[0]
    )
    q = "When was the report of cases where hospital discharge goes wrong published?"
    assert _first(q, doc, chunk) == REPORT


def test_a_date_alone_on_its_line_is_a_whole_answer_when_it_is_the_documents_date():
    """Parallel Parliament prints a written question's date alone under its heading (its
    layout; the question is made up for the test)."""
    heading = "Health Services: Private Sector"
    line = "Monday 24th November 2025"
    asked = (
        "To ask His Majesty's Government what assessment they have made of the number of NHS "
        "patients treated by private providers."
    )
    chunk, doc = passage([heading, line, asked])
    doc = replace(doc, title=heading, date="2025-11-24", dated=chunk.sentences[1])
    q = "What date is shown for the written question on private providers treating NHS patients?"
    got = _ranked(q, doc, chunk)
    assert got[0].first == 1 and got[0].dated and got[0].whole
    undated = _ranked(q, replace(doc, dated=None), chunk)
    assert undated[0].first == 2
    assert not any(c.whole and c.first == 1 for c in undated)


def test_the_passage_stating_the_documents_date_joins_a_when_questions_hits(engine):
    """The CWDC newsletter page (seed corpus) states its date at its foot ("Page updated: 30
    January 2012"), in a passage that shares no word with the question: when the best passages
    of its page leave it out, a "when" question gets it as well, and it opens the answer."""
    from qa.engine import Filters

    q = "When was the CWDC article on lessons to learn from integrated working put online?"
    doc = next(d for d in engine.index.documents.values() if d.dated)
    assert doc.text[slice(*doc.dated)] == "Page updated: 30 January 2012"
    chunks = engine.index.chunks

    def holds(h: Hit) -> bool:
        return chunks[h.row].start <= doc.dated[0] < chunks[h.row].end

    within = [h for h in engine.search(q, Filters(doc=doc.doc_id)) if not holds(h)][:3]
    hits = engine.with_date_line(q, within, None)
    assert hits[:-1] == within and len(hits) == len(within) + 1 and holds(hits[-1])
    ranked = engine.candidates(engine.question(q), hits)
    line = chunks[ranked[0].row].sentences[ranked[0].first]
    assert doc.text[slice(*line)] == "Page updated: 30 January 2012"


def test_a_line_stating_the_act_the_question_names_beats_the_documents_date_line():
    """A parliament.uk written question states when it was asked and when answered; its date
    is the answer's. "When did she ask ...?" is answered by "Asked on". (UK Parliament, written
    questions and answers, 2020, Open Parliament Licence v3.0.)"""
    asked_on, answered_on = "Asked on: 12 May 2020", "Answered on: 05 June 2020"
    to_ask = (
        "To ask the Secretary of State for Health and Social Care, if he will make it his policy "
        "to permit dentists to reopen."
    )
    chunk, doc = passage([asked_on, to_ask, answered_on])
    doc = replace(doc, title="Dental Services: Coronavirus", date="2020-06-05")
    doc = replace(doc, dated=chunk.sentences[2])
    assert _first("When did the member ask about dentists reopening?", doc, chunk) == asked_on
    assert (
        _first("When was the question on dentists reopening answered?", doc, chunk) == answered_on
    )
    assert _first("What date is shown for the question on dentists reopening?", doc, chunk) == (
        answered_on
    )
