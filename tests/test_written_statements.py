"""Written ministerial statements as the sites that copy them mark them: the one speech is the
Minister's, named or not.

Fixtures are short excerpts of Hansard (Open Parliament Licence v3.0): Parallel Parliament's
page of the written statement "NHS Pay Review Body" (Commons, 28 March 2017, HCWS565), a
member's page of Parallel Parliament where "Written Statements" is glued to the first words of
the statement on the designated settings indemnity support (2021, no name copied), and
TheyWorkForYou's page of the statement "Indemnity for the inquiry into the issues raised by the
Paterson case" (2 July 2019, HCWS1683).
"""

from __future__ import annotations

from pathlib import Path

from ingest.load import RawFile
from ingest.understand import understand
from tests.test_parliament import contributions

HERE = Path(__file__).resolve().parent / "parliament"


def read(name: str):
    text = (HERE / name).read_text(encoding="utf-8")
    return understand(RawFile(name, text, "0" * 64))


def test_a_written_statement_page_is_the_ministers_though_the_label_loses_the_office():
    """The label's office names "Mr Jeremy Hunt", the page's name "Jeremy Hunt": the office is
    not read, but the page's forum line, "Written Statements", says whose the speech is."""
    d = read("pp-written-statement-page-2017.txt").document
    assert d.kind == "debate"
    assert contributions(d) == [("Jeremy Hunt", "minister", "I am responding on")]


def test_a_members_page_written_statement_glued_to_its_forum_is_the_ministers_unnamed():
    """ "Written StatementsFurther to ...": the forum is the item's heading, not the speech's
    first words; the speech is the Minister's, and the copy names no one."""
    u = read("pp-member-written-statement-2021.txt")
    assert u.document.kind == "debate"
    assert contributions(u.document) == [(None, "minister", "Further to the written")]
    assert "Written StatementsFurther" not in u.document.text


def test_theyworkforyous_written_statement_line_marks_the_speech_below_as_the_ministers():
    """ "... written statement – made at on 2 July 2019.": the speech under it answers for the
    Government (the label's office says so too)."""
    u = read("twfy-written-statement-2019.txt")
    spoken = [r.speech for r in u.runs if r.speech is not None]
    assert [(s.speaker, s.answers) for s in spoken] == [("Jackie Doyle-Price", True)]
    assert contributions(u.document) == [
        ("Jackie Doyle-Price", "minister", "It is normal practice,")
    ]
