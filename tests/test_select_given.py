"""The sentence that holds the fact asked for: a figure or date a tabled question states as
given, a figure asked for by the noun that measures it, and numbers that only name items."""

from __future__ import annotations

from qa import answertype
from qa.select import fragment
from tests.test_select_adds import ranked

# Tabled questions (Parallel Parliament's copies of Lords and Commons written questions, in
# tests/parliament; Open Parliament Licence v3.0), each before a sentence on the same topic.
_DATED = (
    "To ask His Majesty’s Government how they will respond to the finding in the Health "
    "Foundation report Delayed discharges from hospital: comparing performance this year and "
    "last, published on 14 December 2025, that the number of beds occupied by people who are "
    "medically fit to leave hospital but have nowhere to go is increasing."
)
_FIGURE = (
    "To ask the Secretary of State for Health and Social Care, what recent progress he has "
    "made on implementing the £500 million fair pay agreement for adult social care workers."
)


def _typed(question: str, sentences: list[str]) -> dict[int, bool]:
    found = ranked(question, sentences, answertype.asked(question))
    return {c.first: c.typed for c in found if c.first == c.last}


def test_a_figure_or_date_a_tabled_question_states_as_given_holds_it():
    # The report's date and the agreement's size are given, not asked: the tabled question
    # holds the fact a "when" or "how much" question wants, though it asks something else.
    when = "When was the Health Foundation report on delayed discharges published?"
    assert answertype.asked(when) == answertype.DATE
    assert _typed(when, [_DATED, "The report was discussed last month in the House."])[0]
    much = "How much is the fair pay agreement for adult social care workers worth?"
    assert answertype.asked(much) == answertype.NUMBER
    assert _typed(much, [_FIGURE, "Fair pay for care workers matters to everyone."])[0]
    # a member's question states its figures as an argument, not as given by the record
    rate = "What rate of duty applies to a bottle of wine?"
    argues = "Given that the strength of wine has risen from 11 to 13 per cent, will she act?"
    assert not _typed(rate, [argues, "Wine duty is a matter for the Treasury."])[0]
    # whom a tabled question asks is still no answer to "who"
    who = "Who was asked about the fair pay agreement for adult social care workers?"
    assert not _typed(who, [_FIGURE, "Fair pay for care workers matters to everyone."])[0]


def test_a_figure_is_asked_for_by_the_noun_that_measures_it():
    for q in (
        "What is the savings limit for help with care home fees?",
        "In Wales, what capital threshold applies to charges for residential care?",
        "What was the average number of patients delayed each day?",
        "What staffing gap does the long term plan forecast?",
        "What is the annual expenditure of NHS trusts?",
    ):
        assert answertype.asked(q) == answertype.NUMBER, q
    # the noun after a verb or preposition is what was said about, not what is asked for
    assert answertype.asked("What did the report say about the number of nurses?") is None


def test_an_items_number_in_brackets_is_no_amount():
    asks = (
        "To ask His Majesty’s Government what support they are giving to (1) care homes, and "
        "(2) home care providers, to recruit staff."
    )
    assert not answertype.present(answertype.NUMBER, asks)
    assert answertype.present(answertype.NUMBER, _FIGURE)


def test_since_gives_a_reason_unless_it_says_from_when():
    def reason(sentence: str) -> bool:
        return answertype.present(answertype.REASON, sentence)

    # from when, not why (a Commons debate of 2008 and a council page, as such lines read)
    assert not reason("Oral health has improved since the establishment of the service in 1948.")
    assert not reason("Since 2019, the Department has run national recruitment campaigns.")
    assert not reason("Waiting times have grown since then.")
    assert reason("Since they were short of staff, the waiting list grew.")
    # a consequence after a comma gives the reason for it
    assert reason("The threshold has not changed since 2010, meaning fewer people now qualify.")


def test_a_date_or_figure_the_question_gives_is_not_the_one_it_asks_for():
    # "the 2022 review" names the review; it does not say when it was published. Text written
    # for this test, in the form of a Lords answer (the 2022 leadership review, Hansard).
    when = "When was the 2022 leadership review published?"
    names = "The 2022 leadership review made seven recommendations to strengthen leadership."
    dates = "The leadership review was published in June and the government accepted it."
    typed = _typed(when, [names, dates])
    assert not typed[0] and typed[1]
    # "the 42 ICSs" restates the question's figure; "30 of them" is the count asked for
    many = "How many of the 42 integrated care systems have a workforce plan?"
    restates = "All 42 integrated care systems are working on a workforce plan this year."
    counts = "Of those systems, 30 have published a workforce plan."
    typed = _typed(many, [restates, counts])
    assert not typed[0] and typed[1]


def test_a_purpose_stated_after_a_restatement_answers_why():
    # The reason follows the sentence that restates the question and leans on it ("This is to
    # ..."), as a council page or a Minister states a change and then its purpose (text written
    # for this test).
    why = "Why is the council changing how it charges for home care?"
    restates = "From April, the council is changing how it charges for home care."
    purpose = "This is to make the charges fairer and closer to the real cost of care."
    found = ranked(why, [restates, purpose], answertype.asked(why))
    assert (found[0].first, found[0].last, found[0].typed) == (0, 1, True)
    # a cause named by blame is a reason; "if this is to be done" states none
    assert answertype.present(
        answertype.REASON, "Underfunding and the contract are to blame for the problems."
    )
    assert not answertype.present(answertype.REASON, "If this is to be achieved, we must act.")


def test_a_bullet_whose_only_verb_is_negative_reads_as_a_clause():
    # A survey's findings as bullets without full stops (text written for this test, in the
    # form of Healthwatch reports): "weren't given" is a clause as "said" is.
    assert not fragment("- Over half, 51%, of people weren’t given contact details for help")
    assert not fragment("- Over half, 59%, of people said the team didn’t ask about transport")
    assert fragment("- Lords Library Briefing: Residential care sector")


def test_what_followed_by_the_thing_asks_for_one_by_name_as_which_does():
    # "What consultation did ...?" is "Which consultation did ...?" (questions in the form of
    # the development sets'; sentences written for this test)
    q = "What inquiries was the Health and Social Care Committee running in May?"
    assert answertype.asked(q) == answertype.NAMED
    assert answertype.thing(q) == "inquiries"
    restates = "The Health and Social Care Committee was running inquiries in May."
    names = "In May the Committee was running inquiries: Prevention and Adult Social Care."
    typed = _typed(q, [restates, names])
    assert not typed[0] and typed[1]
    consult = "What consultation did Amendment 18 require before assistance was given?"
    assert answertype.thing(consult) == "consultation"
    # a measure asks for a figure; "what" before a verb asks for no kind in particular
    assert answertype.asked("What alcohol strength did the Minister give?") == answertype.NUMBER
    for q in (
        "What did the report say about the number of nurses?",
        "What happens to integrated teams when the pioneers move on?",
        "What is the Care Certificate?",
    ):
        assert answertype.asked(q) is None, q


def test_a_date_of_what_will_be_done_does_not_say_when_it_was_done():
    # "The next progress report will be published in December" (a Commons written answer,
    # Hansard; Open Parliament Licence v3.0) is the date of another report; the second sentence
    # is written for this test.
    was = "When was the progress report on the strategy published?"
    will = "The next progress report on the strategy will be published in December."
    done = "The first progress report on the strategy was published in March 2009."
    assert answertype.past(was)
    typed = _typed(was, [will, done])
    assert not typed[0] and typed[1]
    # asked when it was said it would be done, the date of what will be done answers
    said = "When did the Minister say the progress report on the strategy would be published?"
    assert not answertype.past(said)


def test_what_will_follow_if_something_happens_does_not_say_what_happened():
    """dev3: "What was the outcome of the council's 2023 charging consultation?" (unanswerable:
    the consultation page predates its outcome) was answered by the page's conditional (the
    sentences are written for the test, in its form)."""
    conditional = (
        "If any changes to the charges are put in place as an outcome of this consultation, "
        "those affected will have a new financial assessment."
    )
    seeking = "The council is seeking your views on several proposed changes to its charges."
    q = "What was the outcome of the council's consultation on charges?"
    assert answertype.happened(q)
    assert not answertype.happened("What did the council say would follow the consultation?")
    typed = {c.first: c.typed for c in ranked(q, [conditional, seeking], None) if c.first == c.last}
    assert typed == {0: False, 1: True}
    ahead = "What will happen if charges change after the consultation?"
    assert all(c.typed for c in ranked(ahead, [conditional, seeking], None))


def test_may_in_lower_case_is_a_verb_not_a_month():
    """dev3: a Lords take-note motion ending "... Social Care plans, may have." was the direct
    answer to a "when" question, its "may" read as the month (motion text: Open Parliament
    Licence v3.0)."""
    motion = (
        "To move that (1) this House takes note of the challenges facing Social Care in England "
        "following the pandemic, and (2) further notes the effect that (a) the Health and Social "
        "Care Levy, and (b) Her Majesty’s Government’s Social Care plans, may have."
    )
    assert not answertype.present(answertype.DATE, motion)
    assert answertype.present(answertype.DATE, "The Lords last debated social care in May.")
    assert answertype.present(answertype.DATE, "It will be published next year.")
