"""The sentence that answers "which", "who" and "why": the answer type a question asks for and
the sentence holding it. Excerpts from Hansard (House of Commons written answers, 29 October
2009) and from UK Parliament news ("Members consider the future of adult social care", 31 March
2023), Parliamentary copyright, reused under the Open Parliament Licence v3.0; and from an NHS
prescribing support document (Open Government Licence v3.0)."""

from __future__ import annotations

from qa import answertype
from qa.select import fragment, window
from tests.test_select import _debate, _typed, scored


def test_which_with_describing_words_asks_for_a_person_or_body():
    q = "Which health minister replied for the Government to the Lords debate on the report?"
    assert answertype.asked(q) == answertype.PERSON
    assert answertype.about_speaking(q)
    assert answertype.asked("Which MPs asked about HIV testing?") == answertype.PERSON
    assert answertype.asked("Which committee was the evidence sent to?") == answertype.BODY
    assert answertype.asked("Which government department funds the pilots?") == answertype.BODY
    assert answertype.asked("Who commissioned the survey of data professionals?") == (
        answertype.BODY
    )
    # The describing words stop at the verb: "which was" asks for a thing.
    assert answertype.asked("Which was the largest committee?") == answertype.NAMED


def test_a_body_named_before_its_head_word_answers_which_committee():
    q = "Which committee was the Nuffield Trust's evidence sent to?"
    line = "Nuffield Trust submission to the Health and Social Care Select Committee"
    assert answertype.present(answertype.BODY, line, known=answertype.words(q))
    other = "We welcome the Committee’s decision to look into these effects."
    assert not answertype.present(answertype.BODY, other, known=answertype.words(q))


def test_the_mp_who_tabled_the_question_answers_which_mp_wanted_it():
    """A written question and its answer: "Which MP wanted ...?" is answered by who asked,
    not by the minister's reply."""
    chunks, doc = _debate(
        [
            (
                "To ask the Secretary of State for Health what steps he is taking to encourage "
                "general practitioner surgeries in areas with high levels of HIV/AIDS to include "
                "an HIV test in their registration health checks; and if he will make a "
                "statement.",
                "question",
                "Diane Abbott",
            ),
            (
                "The settings chosen include general practitioner surgeries, and we will be "
                "undertaking an evaluation of the pilots to determine their wider implementation.",
                "minister",
                "Gillian Merron",
            ),
        ]
    )
    q = "Which MP wanted GPs in high-prevalence areas to offer an HIV test to new patients?"
    typed = _typed(q, chunks, doc, about_speaking=answertype.about_speaking(q))
    assert typed[0]


def test_which_minister_in_a_report_of_a_debate_wants_a_ministers_office():
    said = [
        "Baroness Andrews (Labour), chair of the Lords Select Committee on Adult Social Care, "
        "put forward the debate.",
        "Lord Markham, Parliamentary Under-Secretary in the Department of Health and Social "
        "Care, responded on behalf of the government.",
    ]
    q = "Which health minister replied for the Government to the Lords debate?"
    got = {c.first: c.typed for c in scored(q, said, answertype.asked(q)) if c.first == c.last}
    assert got == {0: False, 1: True}


def test_a_purpose_answers_why():
    q = "Why should patients move to shorter insulin pen needles?"
    assert answertype.asked(q) == answertype.REASON
    because = (
        "Using needles of a shorter length helps to prevent intramuscular injection of insulin."
    )
    assert answertype.present(answertype.REASON, because)
    assert not answertype.present(
        answertype.REASON, "Patients on needles longer than 5mm should be reviewed."
    )
    said = ["Patients on needles longer than 5mm should be reviewed.", because]
    got = scored(q, said, answertype.REASON)
    assert got[0].last == 1 and got[0].typed  # the reason, alone or with the line before it


def test_a_body_named_with_an_acronym_answers_which_organisation():
    q = "Which organisation hosted the carers' event the opening peer attended?"
    said = (
        "I particularly thank the unpaid carers who shared with me their personal experience of "
        "caring for a loved one at the drop-in event organised by Carers UK on Tuesday."
    )
    assert answertype.present(answertype.BODY, said, known=answertype.words(q))


def test_which_peers_asks_for_a_list_of_them():
    assert answertype.counts_items("Which peers spoke in the Lords debate of March 2023?")
    assert answertype.counts_items("Which health organisations responded to the consultation?")
    assert not answertype.counts_items("Which peer opened the debate?")


def test_a_bullet_ending_in_and_goes_on_in_the_next_one():
    """Nested bullets of a report's list (House of Commons Health and Social Care Committee, NHS
    dentistry, 2023), hard-wrapped: the item ending in "and" is quoted with the next, and a
    bullet item without a full stop is whole."""
    texts = [
        "• 1 in 5 Britons (22%) are currently not “registered” with a dentist",
        "• of those who were not “registered” 37% said this was because they couldn’t find an "
        "NHS dentist and",
        "• 23% said it was because they could not afford to pay for treatment",
        "• 1 in 10 Britons (10%) admit to attempting their own dental work",
    ]
    assert window(texts, 1) == (1, 2)
    assert window(texts, 2) == (2, 2)
    assert not fragment(texts[2])
    assert fragment("1. Introduction to the policy area")  # a numbered heading stays one
    assert fragment("- Lords Library Briefing: Residential care sector")  # a link
    # A label naming someone and their post, with no verb, is not a clause: whole, it was quoted
    # as the direct answer to "Who chaired <another committee>?" (heldout2, in-sample).
    assert fragment("- Lord Bichard (Crossbench) chair of the Social Care Institute For Excellence")
