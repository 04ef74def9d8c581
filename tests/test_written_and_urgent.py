"""Written questions in their re-hosted forms, urgent questions, bill stages and the Government
office that answers Business questions.

Fixtures are short excerpts of Hansard text (Open Parliament Licence v3.0) in the layouts of the
sites that copy it: Parallel Parliament's page of Lords written question HL4479 (answered 17
January 2022), a peer's own copy of the answer's notice for HL5150 (tabled 3 June 2020),
hansard.parliament.uk's Commons urgent question "Adult Social Care Funding" (6 July 2017),
Parallel Parliament's Business of the House (Commons, 26 January 2023) and the Lords Second
Reading of the Access to Palliative Care Bill [HL] (14 June 2019): a sentence or two of each
contribution, with the lines around it.
"""

from __future__ import annotations

from ingest.build import context_for
from ingest.structure import find_date
from tests.test_parliament import contributions as parliament_contributions
from tests.test_parliament import doc

PP_QUESTION_PAGE = """Social Services

(asked on 29th November 2021) - View Source

Question to the Department of Health and Social Care:

To ask Her Majesty's Government what assessment they have made of (1) the survey by the \
Association of Directors in Adult Social Services, published on 29 November.


Answered by
Lord Kamall Portrait
Lord Kamall
This question was answered on 17th January 2022

We have noted the results of this survey, which improves the evidence base for the demand for \
social care. On 10 December 2021 we announced £300 million to support local authorities.

Reticulating Splines
"""

ANSWER_NOTICE = """Lord Bethell, the Department of Health and Social Care, has provided the \
following answer to your written parliamentary question (HL5150):

Question from Lord Alton of Liverpool:

To ask Her Majesty’s Government what assessment they have made of the remarks of the President \
of the Association of Directors of Social Services. (HL5150)

Tabled on: 03 June 2020

Answer:

Lord Bethell:

Throughout this pandemic, we have been determined to give both the National Health Service and \
social care everything they need to respond to the COVID-19 pandemic.
"""

URGENT = """Skip to main content

Adult Social Care Funding

Volume 626: debated on Thursday 6 July 2017

Order. What the hon. Lady needs to do is just ask the Minister for the statement on the matter, \
and then she follows with her substantive question when the Minister has given his response.

(Urgent Question): To ask the Minister to respond to the Care Quality Commission report on the \
state of adult social care and on issues of funding social care.

Thank you, Mr Speaker—take two.

There are few things more important to any of us than the way in which the oldest and most \
vulnerable are cared for in our society.
"""

BUSINESS = """Business of the House Debate

Full Debate: Read Full Debate
Department: Leader of the House

Business of the House

Martin Vickers Excerpts
Thursday 26th January 2023

Commons Chamber
Penny Mordaunt Portrait Penny Mordaunt
- Hansard - - - Excerpts

I thank the hon. Gentleman for helping to raise awareness of that important point by speaking \
about it in the House today—his points are well made.

Martin Vickers Portrait Martin Vickers (Cleethorpes) (Con)
- Hansard - -

Could we have a debate focused specifically on access to primary care?

Penny Mordaunt Portrait Penny Mordaunt
- Hansard - - - Excerpts

My hon. Friend makes an excellent suggestion.
"""

SECOND_READING = """2nd reading (Hansard): House of Lords
Friday 14th June 2019

Lords Chamber
Second Reading
10:06
Moved by
Baroness Finlay of Llandaff Portrait Baroness Finlay of Llandaff
- Hansard - - - Excerpts

That the Bill be now read a second time.

Baroness Finlay of Llandaff Portrait Baroness Finlay of Llandaff (CB)
- Hansard - - - Excerpts

My Lords, I declare my interests as listed in the register.
"""


def contributions(d) -> list[tuple[str | None, str | None, str]]:
    return parliament_contributions(d, words=3)


def test_a_written_question_page_naming_only_the_minister():
    d = doc(PP_QUESTION_PAGE)
    assert (d.kind, d.date, d.title) == ("written_question", "2022-01-17", "Social Services")
    assert contributions(d) == [
        (None, "question", "To ask Her"),
        ("Lord Kamall", "minister", "We have noted"),
    ]
    # The answer shares no words with the question it answers: it carries it for retrieval.
    assert "Association of Directors" in context_for(d, 2)


def test_a_written_question_as_the_answers_notice_words_it():
    d = doc(ANSWER_NOTICE)
    assert (d.kind, d.date) == ("written_question", "2020-06-03")
    assert contributions(d) == [
        ("Lord Alton of Liverpool", "question", "To ask Her"),
        ("Lord Bethell", "minister", "Throughout this pandemic,"),
    ]


def test_an_urgent_question_is_the_askers_in_a_copy_naming_nobody():
    assert [role for _, role, _ in contributions(doc(URGENT))] == [
        "member",
        "question",
        "minister",
        "minister",
    ]


def test_the_office_a_debate_page_names_answers_for_the_government():
    assert contributions(doc(BUSINESS)) == [
        ("Penny Mordaunt", "minister", "I thank the"),
        ("Martin Vickers", "member", "Could we have"),
        ("Penny Mordaunt", "minister", "My hon. Friend"),
    ]


def test_a_bills_sponsor_moves_its_second_reading():
    assert [role for _, role, _ in contributions(doc(SECOND_READING))] == ["question", "question"]


def test_the_date_a_document_was_ratified_not_its_review_date():
    text = "Date ratified: December 2024\nReview date: December 2027\n"
    assert find_date(text + "Price as per Drug Tariff\nNovember 2024\n")[0] == "2024-12"
