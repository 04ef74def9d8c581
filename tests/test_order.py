"""Where in a debate a question points (qa/order.py), on records of several origins.

Fixtures are the small Hansard excerpts of tests/parliament (Open Parliament Licence v3.0; see
tests/test_parliament.py for their sources): ParlParse XML, Parallel Parliament and
hansard.parliament.uk copies, and a printed Official Report.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.types import Section
from ingest.load import read
from ingest.understand import understand_all
from qa import order

HERE = Path(__file__).resolve().parent / "parliament"


def documents(name: str):
    return [u.document for u in understand_all(read(HERE / name))]


def at(doc, place: str) -> tuple[int | None, str | None, str | None]:
    """The contribution's number, speaker and role at the place."""
    i = order.contribution(doc, place)
    if i is None:
        return None, None, None
    s = doc.sections[i]
    return s.number, s.speaker, s.role


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("Who opened the October 2009 Lords debate on autism?", order.OPENED),
        ("Who introduced the debate on social inclusion?", order.OPENED),
        ("Which Secretary of State opened the Commons debate on the Green Paper?", order.OPENED),
        ("Who wound up the Commons debate on the Green Paper for the Government?", order.REPLIED),
        ("Who replied for the Government in the Lords debate on migrant workers?", order.REPLIED),
        ("What did the Minister closing the debate say about the website?", order.REPLIED),
        ("Who asked the first supplementary question on tuberculosis?", order.SUPPLEMENTARY),
        ("Who spoke last in the autism debate?", order.LAST),
        # "first", "introduced", "last" that place nothing in a debate
        ("When was the Care Certificate first introduced?", None),
        ("What induction is being introduced for all health and care staff?", None),
        ("How has the children's workforce changed over the last ten years?", None),
        ("Who answered the written question on dementia?", None),
    ],
)
def test_the_place_a_question_names(question, place):
    assert order.cue(question) == place


def test_the_words_naming_the_place_are_not_the_debates():
    q = "Which Secretary of State opened the Commons debate on the Social Care Green Paper?"
    assert order.place_words(q) == "opened"
    assert order.place_words("Who spoke last in the autism debate?") == "spoke last"


def test_places_in_parlparse_xml():
    tb, autism = documents("daylord-excerpt.xml")
    # An oral question: asked, answered, the asker's supplementary, another member's.
    assert at(tb, order.OPENED) == (1, "Baroness Sharples", "question")
    assert at(tb, order.SUPPLEMENTARY) == (3, "Baroness Sharples", "question")
    # The Minister's reply runs from her first answer, across the supplementary between.
    assert at(tb, order.REPLIED) == (2, "Baroness Thornton", "minister")
    assert at(tb, order.LAST) == (5, "Lord Tomlinson", "member")
    # A question for short debate: the asker opens, the Minister replies at the end.
    assert at(autism, order.OPENED)[1] == "Baroness Prashar"
    assert at(autism, order.REPLIED) == (4, "Baroness Thornton", "minister")
    # The Commons: the Secretary of State moves the motion; an intervention does not end
    # his speech.
    (debate,) = documents("debates-excerpt.xml")
    assert at(debate, order.OPENED) == (1, "Andy Burnham", "minister")
    assert at(debate, order.REPLIED) == (1, "Andy Burnham", "minister")


def test_places_in_text_copies_named_and_unnamed():
    (named,) = documents("pp-named.txt")  # Parallel Parliament, speakers named
    assert at(named, order.REPLIED) == (2, "Baroness Blake of Leeds", "minister")
    assert at(named, order.SUPPLEMENTARY) == (3, "Baroness Pitkeathley", "question")
    # Parallel Parliament and hansard.parliament.uk copies naming nobody: by role.
    (unnamed,) = documents("pp-unnamed.txt")
    assert at(unnamed, order.REPLIED) == (2, None, "minister")
    assert at(unnamed, order.LAST) == (4, None, "minister")
    (commons,) = documents("hansard-commons-unnamed.txt")
    assert at(commons, order.REPLIED) == (1, None, "minister")
    # No Minister spoke: no Government reply, and no supplementary after an answer.
    (short,) = documents("hansard-unnamed.txt")
    assert at(short, order.REPLIED) == (None, None, None)
    assert at(short, order.SUPPLEMENTARY) == (None, None, None)
    assert at(short, order.OPENED) == (1, None, "question")


def test_the_chair_and_the_house_take_no_place():
    """The House ("Noble Lords: Question!", a printed Official Report) and the chair ("Order.")
    speak, but neither is a speech in the debate's order."""
    (report,) = documents("official-report.txt")
    upto = next(i for i, s in enumerate(report.sections) if s.speaker == "Noble Lords")
    report = replace(report, sections=report.sections[: upto + 1])  # as if the copy ended there
    assert at(report, order.LAST) == (5, "Lord Feldman", "question")
    (debate,) = documents("debates-excerpt.xml")
    said = "\n\nOrder. There is plenty of time left for Back-Bench contributions."
    chair = Section(len(debate.text) + 2, len(debate.text) + len(said), 4, "member", "Mr. Speaker")
    debate = replace(debate, text=debate.text + said, sections=(*debate.sections, chair))
    assert at(debate, order.LAST) == (3, "Andy Burnham", "minister")
