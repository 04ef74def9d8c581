"""A figure presented as the answer to "how many X in YEAR?" must count X and state the year:
unanswerable questions about the topic of a passage with some other figure in it are not
answered. Excerpts: NHS England, "Standard operating procedures: Individual funding requests"
(2023), under the Open Government Licence v3.0; a House of Commons Library briefing, "NHS
dentistry" (2023), and a written answer on dental services (UK Parliament, 2020), under the Open
Parliament Licence v3.0; the real tokenizer throughout."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from core.types import Chunk, Document
from qa import answertype
from qa.abstain import ANSWERED, NOT_DIRECT, Signals, Thresholds, outcome
from qa.engine import Engine, counted, counts, dated_in
from qa.select import Ask, Candidate

DENTISTS = (
    "Research undertaken by the BBC and BDA published in August 2022, showed that 90% of "
    "practices across the UK were not accepting new adult NHS patients."
)
IFR = (
    "(If approved), continuation request funded for a further: 6 months 12 months Other - "
    "please provide detail on this:"
)


def test_what_how_many_counts_is_the_words_after_it_up_to_the_verb():
    assert counted("How many individual funding requests did NHS England receive?") == {
        "individu",
        "fund",
        "request",
    }
    # The glossary's forms count too: "ICSs" for integrated care systems.
    assert "icss" in counted("How many integrated care systems were set up in England?")
    assert counted("How much did it cost?") == frozenset()


def test_a_share_counts_the_thing_only_when_it_stands_next_to_it():
    dentists = counted("How many dentists left NHS work in 2022?")
    assert not counts(DENTISTS, dentists)  # 90% of practices, not dentists
    assert not counts("Some 40 per cent of practices closed their lists.", dentists)
    assert counts("By 2022, 90% of dentists had left NHS work.", dentists)
    assert counts("In 2022, 1,100 dentists left NHS work altogether.", dentists)
    # A number counts what it stands by, whatever the words: here an acronym the question
    # does not use (the written answer).
    assert counts(
        "As of 25 May there are currently over 550 UDCs open across England.",
        counted("How many urgent dental centres were open in England at the end of May 2020?"),
    )
    assert counts("Whatever the text, nothing is counted.", frozenset())


def test_a_length_of_time_counts_time_not_the_thing():
    """ "How many pharmacies took part in the pilot?" is not answered by "... a pilot involving
    pharmacies offering blood pressure checks to people 40 years and over" (a community
    pharmacy body's page, 2022): 40 is an age. A count of days answers "How many days ...?"."""
    pharmacies = counted("How many pharmacies took part in the blood pressure check pilot?")
    pilot = (
        "In 2020, NHS England commenced a pilot involving pharmacies offering blood pressure "
        "checks to people 40 years and over."
    )
    assert not counts(pilot, pharmacies)
    assert counts("Some 300 pharmacies took part over 2 years.", pharmacies)
    assert counts("Patients waited 11 days on average.", counted("How many days did they wait?"))


def engine_over(text: str, title: str, date: str = "2023-02-08") -> Engine:
    doc = replace(Document("d", "d.txt", text, "h"), title=title, date=date)
    chunk = Chunk("d:0", "d", 0, len(text), text, 0, ((0, len(text)),))
    index = SimpleNamespace(chunks=[chunk], documents={"d": doc})
    return Engine(index, None, None)  # type: ignore[arg-type]


def top_of(ask: Ask) -> Candidate:
    return Candidate(0, 0, "d", 0, 0, 1.0, 0.5, 0.6, True, False, False, False)


def test_a_figure_asked_for_a_year_must_state_it_not_only_its_document_date():
    q = "How many individual funding requests did NHS England receive in 2022/23?"
    ask = Ask({}, answertype.asked(q), measure=answertype.measure(q), scope=answertype.scope(q))
    title = "Standard operating procedures: Individual funding requests"
    got = engine_over(IFR, title).with_top(Signals(0.8, 0.6), q, ask, top_of(ask))
    assert not got.dated  # dated February 2023, before 2022/23 ended; this line states no year
    stated = "In 2022/23 NHS England received 1,234 individual funding requests."
    assert engine_over(stated, title).with_top(Signals(0.8, 0.6), q, ask, top_of(ask)).dated
    # The title states the year: its lines need not repeat it.
    dated_title = engine_over(IFR, "Individual funding requests 2022-23")
    assert dated_title.with_top(Signals(0.8, 0.6), q, ask, top_of(ask)).dated


def test_a_line_that_states_another_financial_year_is_not_met_by_the_documents_date():
    q = "What was the vacancy rate in adult social care in 2022-23?"
    ask = Ask({}, answertype.asked(q), measure=answertype.measure(q), scope=answertype.scope(q))
    title = "The state of the adult social care workforce"
    other = "The vacancy rate in 2023-24 was 8.3%, down from the year before."
    got = engine_over(other, title, "2023-10-12").with_top(Signals(0.8, 0.6), q, ask, top_of(ask))
    assert not got.dated  # dated after 2022-23 ended, but the line's figure is for 2023-24
    plain = "The vacancy rate was 9.9%, the highest on record."
    got = engine_over(plain, title, "2023-10-12").with_top(Signals(0.8, 0.6), q, ask, top_of(ask))
    assert got.dated  # a line that states no period is met by its document's date
    assert not answertype.another_period(other, "2023-24") and answertype.another_period(
        other, "2022-23"
    )
    # A comma after the year ends it: "since 2022-23, that ..." states 2022-23, not 2022 alone.
    since = "There are 70,000 more posts since 2022-23, and the rate fell to 8.3% in 2023-24."
    assert answertype.another_period(since, "2021-22")
    assert not answertype.another_period(since, "2022-23")
    assert answertype.scope("In 2022, how many nurses left?").years == ("2022",)
    assert answertype.scope("How many were there in 2019-20, and why?").years == ("2019-20",)


def test_a_year_that_dates_the_source_is_met_by_the_documents_date():
    assert dated_in("2009-10-26", "2009")  # "... the peer who opened the October 2009 debate?"
    assert not dated_in("2010-01-05", "2009")
    assert dated_in(None, "2009")  # undated: the year may be any
    assert not dated_in("2023-02-08", "2022-23")  # the financial year had not ended
    assert dated_in("2023-07-14", "2022-23")


def test_a_direct_answer_states_the_year_and_counts_the_thing():
    s = Signals(0.7, 0.8, overlap=0.6, typed=True, dense=0.7)
    assert outcome(s) == ANSWERED
    assert outcome(replace(s, dated=False)) == NOT_DIRECT
    assert outcome(replace(s, counts=False)) == NOT_DIRECT
    assert outcome(replace(s, counts=False), Thresholds(direct_counts=False)) == ANSWERED


def test_only_a_figure_asked_for_must_count_the_thing():
    # "Who asked ... how many ...?" asks for a person: the line need not count anything.
    q = "Who asked the Health Secretary how many dentists left NHS work in 2022?"
    ask = Ask({}, answertype.asked(q), measure=answertype.measure(q), scope=answertype.scope(q))
    got = engine_over(DENTISTS, "NHS dentistry").with_top(Signals(0.8, 0.6), q, ask, top_of(ask))
    assert got.counts and got.dated
    q = "How many dentists left NHS work in 2022?"
    ask = Ask({}, answertype.asked(q), measure=answertype.measure(q), scope=answertype.scope(q))
    got = engine_over(DENTISTS, "NHS dentistry").with_top(Signals(0.8, 0.6), q, ask, top_of(ask))
    assert not got.counts
