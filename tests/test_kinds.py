"""Kinds from a text's structure where its site's furniture was not copied: written answers by
their question-and-answer turns, a Commons sitting by its members' forms of address, a report by
its sections' headings. The Hansard excerpts (tests/parliament/historic-*.txt and
official-written-answers-1995.txt) are from Historic Hansard (HC Deb 16 July 1991; HC Deb 4 May
1993, written answers) and the Official Report (HC Deb 13 January 1995, written answers), Open
Parliament Licence v3.0, as are the single written answers below (Historic Hansard, HC Deb 21 July
1988; the Official Report, 28 April 2014), as is the Procedure Committee's report below (HC 1282,
2021, "Back to the future? Procedure after coronavirus restrictions", paragraphs 1-2, cut); the
report and article texts are in our own words."""

from __future__ import annotations

from pathlib import Path

from ingest.load import RawFile
from ingest.structure import answered_questions, find_kind, register_density
from ingest.understand import understand

HERE = Path(__file__).parent / "parliament"

# Historic Hansard's written answers: each name on a line of its own, the answer's under it.
HISTORIC_WRITTEN = (HERE / "historic-written-answers-1993.txt").read_text(encoding="utf-8")

# The Official Report's written answers: the names run into the paragraphs.
OFFICIAL_WRITTEN = (HERE / "official-written-answers-1995.txt").read_text(encoding="utf-8")

# Historic Hansard's Commons oral question, the names run into the speeches without a space.
HISTORIC_ORAL = (HERE / "historic-commons-oral-1991.txt").read_text(encoding="utf-8")


def kind(text: str) -> str | None:
    return understand(RawFile("page.txt", text, "0" * 64)).document.kind


def test_written_answers_are_written_questions_in_either_layout():
    assert answered_questions(HISTORIC_WRITTEN) == 2
    assert kind(HISTORIC_WRITTEN) == "written_question"
    assert answered_questions(OFFICIAL_WRITTEN) == 2
    assert kind(OFFICIAL_WRITTEN) == "written_question"


ONE_ANSWER = """HC Deb 21 July 1988 vol 137 c831W
Mr. Fearn

To ask the Secetary of State for Social Services if he will give the number on waiting lists by \
region and specialty for each year since 1974 to date.

Mr. Newton

Summaries of hospital waiting lists by region for 1979 onwards have been placed in the Library.
"""

COLUMN_HEADING = """Stationery

Mr Redwood: To ask the Secretary of State for Defence what levels of stock his Department holds \
of (a) stationery, (b) printer cartridges and (c) other office consumables. [196201]

28 Apr 2014 : Column 448W

Anna Soubry: The information is not held centrally and could be provided only at \
disproportionate cost.
"""


def test_one_written_answer_is_known_by_its_column():
    # One question and its answer: an oral question cut after its answer looks the same, but
    # Hansard numbers the written answers' columns apart ("c831W", "Column 448W").
    assert kind(ONE_ANSWER) == "written_question"
    assert kind(COLUMN_HEADING) == "written_question"
    # A debate's column carries no letter.
    assert (
        find_kind("HL Deb 27 January 2003 vol 643 cc919-70\nMy Lords, I beg to move.\n", False)[0]
        == "debate"
    )


def test_an_oral_question_with_its_supplementary_is_not_a_written_answer():
    # The Official Report's layout of an oral question: the asker comes back after the answer.
    oral = OFFICIAL_WRITTEN.replace(
        "Mrs. Beckett: To ask the Secretary of State for Health what plans",
        "Mrs. Beckett: Will the Minister say what plans",
    )
    oral += "Mrs. Beckett: Does the Minister not accept that beds have closed?\n"
    assert answered_questions(oral) == 0
    assert find_kind(oral, False)[0] != "written_question"
    # Historic Hansard's oral question (HC Deb 8 June 1993): the names on lines of their own.
    historic = (HERE / "historic-commons-oral-1993.txt").read_text(encoding="utf-8")
    assert answered_questions(historic) == 0
    assert kind(historic) == "debate"


def test_a_commons_exchange_without_heading_or_labels_is_a_debate():
    assert find_kind(HISTORIC_ORAL, False)[0] == "debate"
    assert kind(HISTORIC_ORAL) == "debate"


def test_an_article_quoting_a_member_once_is_not_a_debate():
    article = (
        "Waiting lists fell in Shropshire last year, the health minister told MPs. "
        'Answering a question, he said: "My hon. Friend makes a good point." '
        "Campaigners said the figures hide long waits for hip replacements.\n"
    )
    assert kind(article) == "article"
    # A long read's own headings are a blog's as much as a report's.
    blog = "Care at home\n\nIntroduction\n\nCarers are leaving.\n\nConclusion\n\nPay them more.\n"
    assert kind(blog) == "article"


# A committee report about the House that quotes a minister ("hon. Members") and speaks of the
# Speaker in its own sentence: Parliament's words, not its record.
COMMITTEE_REPORT = """Back to the future? Procedure after coronavirus restrictions Contents

Our report

Introduction

1.On 22 February, the Prime Minister made a statement on the Government's plans to ease \
restrictions in place in various forms since late March 2020.1 The Prime Minister set out the \
Government's intention to conduct a series of reviews, the first of which

will assess how long we need to maintain social distancing and face masks. This will also inform \
guidance on working from home, and it will be critical in determining how Parliament can safely \
return in a way that I know hon. Members would wish.2

2.It is important to note that the practice and the procedure of the House has changed in a \
number of ways since March 2020. However, many of the most visible changes such as limitations \
on attendance in the Chamber and the introduction of published call lists involve no change to \
Standing Orders and have rather been made under the authority of Mr Speaker.4
"""


def test_a_report_that_speaks_of_the_speaker_is_not_a_sitting():
    assert register_density(COMMITTEE_REPORT) == 0.0
    assert kind(COMMITTEE_REPORT) != "debate"
    # Addressed, the Chair's title is the sitting's own register.
    addressed = "Thank you, Mr Speaker. I know that hon. Members wish to return to the Chamber.\n"
    assert register_density(addressed) > 0.0
    label = "Madam Deputy Speaker: Order. The hon. Gentleman has made his point.\n"
    assert register_density(label) > 0.0


REPORT = """Winter discharge: progress so far

Background

Community health services have taken on more patients leaving hospital this year.

Recommendations

Each area should publish its discharge figures every month.

Next steps

The programme board will review progress in March.
"""


def test_a_short_report_is_known_by_its_sections():
    assert kind(REPORT) == "report"
    # An article with one such heading is still an article.
    article = REPORT.replace("Recommendations", "What people told us").replace(
        "Next steps", "Get involved"
    )
    assert kind(article) == "article"
    # A long read's own headings are a blog's as much as a report's.
    blog = "Care at home\n\nIntroduction\n\nCarers are leaving.\n\nConclusion\n\nPay them more.\n"
    assert kind(blog) == "article"
