"""Written-question pages: parliament.uk's page of one question copied without names, and party
labels that hold brackets of their own.

Fixtures are short excerpts of Open Parliament Licence v3.0 text: the Commons written question
"Dental Services: Coronavirus" (asked 12 May 2020, answered 5 June 2020, parliament.uk's listing)
laid out as questions-statements.parliament.uk prints its page of one question ("Question for
...", "UIN ..., tabled on ...", "Answered on" over the date; a copy keeps no names), and
Parallel Parliament's listing of written questions (Gareth Thomas, 13 October 2025).
"""

from __future__ import annotations

import pytest

from ingest.clean import clean
from ingest.hansard import read_label, saved_title
from ingest.load import read
from ingest.understand import understand_all
from tests.test_parliament import HERE, contributions, doc

QUESTION = (
    "To ask the Secretary of State for Health and Social Care, if he will make it his policy "
    "to permit dentists to reopen."
)
ANSWER = (
    "NHS England and NHS Improvement are working to ensure appropriate services are in place "
    "for all who need them."
)


def one_question_page(answered: str) -> str:
    return (
        "Question for Department of Health and Social Care\n\n"
        "UIN 49219, tabled on 12 May 2020\n\n"
        f"{QUESTION}\n\n{answered}\n\n{ANSWER}\n\n"
        "National Health Service dentistry was reorganised in late March along with other NHS "
        "primary care services.\n"
    )


@pytest.mark.parametrize("answered", ["Answered on\n\n5 June 2020", "Answered on 5 June 2020"])
@pytest.mark.parametrize("lines", [False, True])  # a copy may keep a line per paragraph
def test_a_page_of_one_question_without_names_is_the_question_and_its_answer(answered, lines):
    page = one_question_page(answered)
    d = doc(page.replace("\n\n", "\n") if lines else page)
    assert (d.kind, d.date) == ("written_question", "2020-06-05")
    assert d.publisher == "UK Parliament (written questions and answers)"
    assert contributions(d) == [
        (None, "question", "To ask the Secretary"),
        (None, "minister", "NHS England and NHS"),
    ]
    answer = next(s for s in d.sections if s.role == "minister")
    assert d.text[answer.start : answer.end].rstrip().endswith("primary care services.")
    assert "5 June 2020" in d.text  # the answer's date line stays quotable


PP_COOP = """Written Question
Israel: Palestinians
Monday 13th October 2025

Asked by: Gareth Thomas (Labour (Co-op) - Harrow West)

Question to the Foreign, Commonwealth & Development Office:

To ask the Secretary of State for Foreign, Commonwealth and Development Affairs, if she will \
have discussions with her Israeli counterparts on releasing children held in administrative \
detention.

Answered by Hamish Falconer - Parliamentary Under-Secretary (Foreign, Commonwealth and \
Development Office)

The UK regularly raises our concerns about Palestinian children in detention with the Israeli \
authorities.
"""


def test_a_party_label_holding_brackets_still_names_the_asker():
    assert contributions(doc(PP_COOP)) == [
        ("Gareth Thomas", "question", "To ask the Secretary"),
        ("Hamish Falconer", "minister", "The UK regularly raises"),
    ]
    label = read_label("Asked by: Rachael Maskell (Labour (Co-op) - York Central)")
    assert label is not None and (label.speaker, label.asks) == ("Rachael Maskell", True)
    # hansard.parliament.uk's label of a Labour and Co-operative member, seat then party.
    label = read_label("Rachael Maskell (York Central) (Lab/Co-op)")
    assert label is not None and label.speaker == "Rachael Maskell"


# Parallel Parliament's page of debates between two members (Westminster Hall, 9 November 2016):
# the site's explanation of the chamber stands inline, closed by its disclaimer.
PP_BETWEEN = """Private Members' Bills
Debate between Jeff Smith and Philippa Whitford
Wednesday 9th November 2016

(8 years, 8 months ago)
Westminster HallWestminster Hall is an alternative Chamber for MPs to hold debates, named \
after the adjoining Westminster Hall.
Each debate is chaired by an MP from the Panel of Chairs, rather than the Speaker or Deputy \
Speaker. A Government Minister will give the final speech, and no votes may be called on the \
debate topic.
This information is provided by Parallel Parliament and does not comprise part of the offical \
record
I agree with that important point. Sometimes it is difficult to know whether it is due to lack \
of knowledge or wilful misreading of parliamentary procedure.
"""


@pytest.mark.parametrize("glued", [True, False])  # the box's heading may be lost in the copy
def test_a_sites_inline_explanation_of_a_term_is_furniture(glued):
    page = PP_BETWEEN if glued else PP_BETWEEN.replace("Westminster HallWestminster", "Westminster")
    cleaned = clean(page)
    assert "alternative Chamber" not in cleaned.text
    assert "Panel of Chairs" not in cleaned.text
    assert "offical record" not in cleaned.text
    assert cleaned.text.rstrip().endswith("misreading of parliamentary procedure.")
    assert {r.reason for r in cleaned.removed if "Westminster Hall" in r.text} == {"site explainer"}


def test_a_hard_wrapped_historic_heading_is_one_title(tmp_path):
    """Historic Hansard XML prints a heading as the column wrapped it, a `<lb/>` (and the
    column's page marks) inside the title."""
    xml = (HERE / "historic-commons-excerpt.xml").read_text()
    wrapped = xml.replace(
        "<title>Polkemmet Bing (Ministerial Visit)</title>",
        "<title>Polkemmet Bing<lb/>\n<col>3</col>(Ministerial Visit)</title>",
    )
    assert wrapped != xml
    path = tmp_path / "historic.xml"
    path.write_text(wrapped)
    titles = [u.document.title for u in understand_all(read(path))]
    assert titles[-1] == "ENERGY: Polkemmet Bing (Ministerial Visit)"


# The chair's words and label as Parallel Parliament prints them for a Westminster Hall sitting
# (Mr George Howarth, 2016), between members' words from the site's Westminster Hall pages.
WH_CHAIR = """Westminster Hall
Alison McGovern Portrait Alison McGovern (Wirral South) (Lab)
- Hansard - - - Excerpts

It is almost heartbreaking to witness this happening. I appeal to the Minister: simply get \
people in the same room, because a deal is available.

Mr George Howarth (in the Chair)
- Hansard - - - Excerpts

Order. Before I call the hon. and learned Gentleman, may I ask whether he has permission to \
speak from the Member who introduced the debate and the Minister, because there is very little \
time left?

Alison McGovern Portrait Alison McGovern (Wirral South) (Lab)
- Hansard - - - Excerpts

Does the Minister not think it ridiculous to expect people outside this place to know the \
minutiae of procedure?

Mr George Howarth (in the Chair)
- Hansard - - - Excerpts

The Member who introduced the debate has signified that you did not approach her—that is the \
protocol you are supposed to observe.
"""


def test_the_chair_of_a_sitting_is_a_member_not_the_minister():
    found = contributions(doc(WH_CHAIR), words=1)
    assert [(who, role) for who, role, _ in found] == [
        ("Alison McGovern", "member"),
        ("Mr George Howarth", "member"),
        ("Alison McGovern", "member"),
        ("Mr George Howarth", "member"),
    ]


def test_an_adjournment_motion_moved_formally_is_no_ones_and_the_member_who_raised_it_asks():
    """Historic Hansard's Westminster Hall sitting of 1 December 1999, copied without the
    speakers' names: the whip's formal motion is the record's, the first speech the asker's."""
    names = ("Jackie Ballard", "Mr. David Heath", "9.30 am")
    lines = (HERE / "historic-westminster-hall-1999.txt").read_text().splitlines()
    d = doc("\n".join(x for x in lines if not x.startswith(names)))
    found = contributions(d)
    assert found[0] == (None, "question", "I am pleased to")
    assert not any("Motion made" in words for _, _, words in found)


def test_a_record_stating_no_title_takes_its_saved_pages_name(tmp_path):
    """Parallel Parliament's copy of a Lords question with no names, one paragraph a line, and
    "Lords ChamberTo ask" glued: the title is in the name the browser saved the page under."""
    text = (HERE / "pp-unnamed.txt").read_text()
    name = "Hospitals_ Delayed Discharges (Baroness Blake of Leeds) - Parallel Parliament.txt"
    (tmp_path / name).write_text(text)
    (tmp_path / "pp-unnamed.txt").write_text(text)
    titled = understand_all(read(tmp_path / name))[0].document
    assert titled.title == "Hospitals: Delayed Discharges"
    assert understand_all(read(tmp_path / "pp-unnamed.txt"))[0].document.title is None
    assert saved_title("Care Bill [HL] (Baroness Greengross) - Parallel Parliament.txt") == (
        "Care Bill [HL]"
    )
    assert saved_title("NHS Services (Charging) - Hansard - UK Parliament.txt") == (
        "NHS Services (Charging)"
    )
    assert saved_title("HospitalsDelayedDischarges (Lord X) - Parallel Parliament.txt") is None


def test_a_page_placed_on_a_site_that_rehosts_hansard_is_a_debate():
    d = doc(PP_BETWEEN)
    assert d.kind == "debate"
    assert d.publisher is not None and d.publisher.startswith("Parallel Parliament")


def test_an_answer_cut_short_by_the_copy_is_still_the_answer():
    """A saved excerpt may end mid-answer: a last line without a full stop heads nothing."""
    cut = PP_COOP[: PP_COOP.index(" children in detention")]
    assert contributions(doc(cut)) == [
        ("Gareth Thomas", "question", "To ask the Secretary"),
        ("Hamish Falconer", "minister", "The UK regularly raises"),
    ]
