"""Speakers and roles in copies of Hansard in layouts the other tests do not cover.

Fixtures are short excerpts of Hansard (Open Parliament Licence v3.0), copied as the pages show
them: publications.parliament.uk's Official Report (Lords, 3 and 9 February 1999: the speaker's
label run into the speech, a page that starts below its heading), hansard.parliament.uk (Lords,
25 July 2019: a motion to take note, names stripped), Historic Hansard (Lords, 31 January 1989:
a Minister repeats a Commons statement), Parallel Parliament (Commons urgent question,
23 June 2021, a member's page: "- Parliament Live - Hansard - -" beside each speaker; Commons
oral questions, 4 July 2017: the full name in the caption, "Mr Carmichael" in the label),
Historic Hansard (Commons oral answers of 8 June 1993 and written answers of 4 May 1993: each
question's number before its member's name) and
committees.parliament.uk (Health and Social Care Committee, oral evidence, 16 March 2021; the
witness list of the joint committees' session of 10 June 2021 as docslib.org re-hosts it),
hansard.parliament.uk (Commons statement, 9 November 2021; Lords oral question, 20 February 2023:
names stripped), publications.parliament.uk's Official Report (Commons, 21 February 1995: labels
run in; written answers, 13 January 1995) and a re-host of a Westminster Hall debate with every
name stripped (streetguide.co.uk, 18 March 2021), Historic Hansard (Commons oral answers, 5 March
1991, as the page's text comes out with each label run into the speech) and Parallel Parliament
(Lords oral question, 5 June 2019, a page of debates between two members).
"""

from __future__ import annotations

from pathlib import Path

from ingest.load import RawFile
from ingest.spoken import witness_ministers
from ingest.understand import understand
from tests.test_parliament import contributions

HERE = Path(__file__).resolve().parent / "parliament"


def doc(name: str):
    text = (HERE / name).read_text(encoding="utf-8")
    return understand(RawFile(name, text, "0" * 64)).document


def test_an_official_report_page_below_its_heading_is_a_debate_of_named_speakers():
    """Three peers' labels run into their speeches ("Earl Howe: My Lords, ..."), no heading, no
    column line: the openings addressing the House show the record; nobody answers for the
    Government in it, so nobody is its Minister."""
    d = doc("official-report-lords-motion-1999.txt")
    assert d.kind == "debate"
    assert contributions(d) == [
        ("Lord McColl of Dulwich", "member", "My Lords, before the"),
        ("Lord Clement-Jones", "member", "My Lords, I thank"),
        ("Earl Howe", "member", "My Lords, alongside other"),
    ]


def test_an_official_report_speech_goes_on_under_the_column_heading():
    """The paragraph under "9 Feb 1999 : Column 108" is the same peer's speech, so the Minister
    he addressed is the one who speaks next."""
    d = doc("official-report-lords-1999.txt")
    assert contributions(d) == [
        ("Lord Mackay of Ardbrecknish", "member", "My Lords, before the"),
        ("Baroness Hayman", "minister", "My Lords, I believe"),
        ("Lord Ewing of Kirkford", "member", "My Lords, I am"),
        ("Baroness Hayman", "minister", "My Lords, my noble"),
    ]
    first = next(s for s in d.sections if s.number)
    assert "Surely, the right and proper course" in d.text[first.start : first.end]


def test_a_motion_to_take_note_with_names_stripped_is_its_movers():
    """ "Motion to Take Note" over "Moved by" and "To move that this House takes note of ...": a
    Lords debate whose mover, unnamed, opens it."""
    d = doc("hansard-take-note-2019.txt")
    assert d.kind == "debate"
    found = contributions(d)
    assert found[:2] == [
        (None, "question", "To move that this"),
        (None, "question", "My Lords, I declare"),
    ]
    assert all(speaker is None for speaker, _, _ in found)


def test_the_peer_who_repeats_the_governments_statement_is_its_minister():
    d = doc("historic-hansard-statement-1989.txt")
    assert contributions(d)[:1] == [("Lord Hesketh", "minister", "My Lords, with the")]


def test_parliament_live_links_beside_a_speaker_are_no_ones_words():
    d = doc("pp-parliament-live.txt")
    assert [c[0] for c in contributions(d)] == ["Helen Whately", "Suzanne Webb", "Helen Whately"]
    webb = next(s for s in d.sections if s.speaker == "Suzanne Webb")
    assert d.text[webb.start : webb.end].startswith("Despite repeated promises")
    assert "Parliament Live" not in d.text


def test_a_minister_among_a_committees_witnesses_answers_for_the_government():
    d = doc("committee-minister-witness-2021.txt")
    assert d.kind == "transcript"
    assert [c[:2] for c in contributions(d)] == [("Chair", "member"), ("Matt Hancock", "minister")]
    # The same list run into one line, as a re-hosted PDF's text gives it.
    rehosted = (
        "Questions 1241 - 1508 Witness I: Rt Hon Matt Hancock MP, Secretary of State for Health "
        "and Social Care, Department of Health and Social Care. Examination of witness Witness: "
        "Rt Hon Matt Hancock MP. Greg Clark took the Chair Q1241 Chair: The Science and"
    )
    assert witness_ministers(rehosted, {"Matt Hancock", "Chair", "Greg Clark"}) == {"Matt Hancock"}
    # An official beside the Minister answers for no one: "Jason Yiannikkou, Director, ...".
    assert witness_ministers(d.text, {"Jason Yiannikkou"}) == set()


def test_a_portrait_caption_names_the_member_a_short_label_calls_by_surname():
    """ "Alistair Carmichael Portrait Mr Carmichael": the member who asked question 1, whose
    supplementary is his; "Jeremy Hunt Portrait Mr Hunt" the Secretary of State answering it."""
    d = doc("pp-short-names.txt")
    assert contributions(d) == [
        ("Alistair Carmichael", "question", "1. What recent discussions"),
        ("Jeremy Hunt", "minister", "The 150,000 EU nationals"),
        ("Alistair Carmichael", "question", "The Secretary of State"),
        ("Jeremy Hunt", "minister", "We absolutely will be"),
    ]
    assert "Portrait" not in d.text


def test_a_numbered_question_heads_its_asker_and_a_short_name_is_the_same_member():
    """ "11. Mr. Fabricant" over the tabled question: he asks it, and asks again; the Minister
    named "Mrs. Virginia Bottomley" answers, later as "Mrs. Bottomley"."""
    d = doc("historic-commons-oral-1993.txt")
    assert contributions(d) == [
        ("Mr. Fabricant", "question", "To ask the Secretary"),
        ("Mrs. Virginia Bottomley", "minister", "Half of all admissions"),
        ("Mr. Fabricant", "question", "Does my right hon."),
        ("Mrs. Bottomley", "minister", "My hon. Friend is"),
        ("Mr. McCartney", "member", "When this Government talk"),
    ]
    assert "11." not in d.text


def test_each_numbered_written_question_is_its_members():
    d = doc("historic-written-answers-1993.txt")
    assert [c[:2] for c in contributions(d)] == [
        ("Mr. Lewis", "question"),
        ("Mr. Sackville", "minister"),
        ("Mr. Hawksley", "question"),
        ("Mr. Sackville", "minister"),
    ]


def test_a_statement_opened_with_the_chair_addressed_is_the_ministers_one_speech():
    """A statement opened "With your permission, Mr Deputy Speaker, I would like to make a
    statement": the chair addressed between the leave and the words, it is still the Government's
    statement, one speech (not a copy starting mid-exchange, a contribution per paragraph);
    nobody is named."""
    d = doc("hansard-commons-statement-2021.txt")
    assert contributions(d) == [(None, "minister", "With your permission, Mr")]


def test_official_report_labels_of_two_members_make_a_commons_page_a_debate():
    """Run-in labels of the same shape, each naming a different member ("Mr. Morgan:", "Madam
    Deputy Speaker:", "Mr. Gunnell:") show the record without a heading or a party; the amendment's
    mover is a member, and his speech goes on under the column heading."""
    d = doc("official-report-commons-1995.txt")
    assert d.kind == "debate"
    assert contributions(d) == [
        ("Mr. Morgan", "member", "Yes, Madam Deputy Speaker."),
        ("Madam Deputy Speaker", "member", "The hon. Gentleman was"),
        ("Mr. Morgan", "member", "I beg to ask"),
        ("Mr. Gunnell", "member", "I beg to move"),
    ]


def test_a_general_debates_motion_on_a_line_of_its_own_shows_a_nameless_record():
    """A re-host that strips every name prints the motion "That this House has considered ..."
    alone on its line: the record of a sitting, whose mover opens the debate. Nobody is named, so
    nobody is credited."""
    d = doc("westminster-hall-unnamed-2021.txt")
    assert d.kind == "debate"
    assert contributions(d)[:2] == [
        (None, "question", "That this House has"),
        (None, "question", "It is good to"),
    ]
    assert all(speaker is None for speaker, _, _ in contributions(d))


def test_a_reply_to_the_noble_lord_opens_the_ministers_next_answer_when_names_are_stripped():
    """In a Lords copy that names nobody, "I thank the noble Lord for his Question" opens a speech
    as "My Lords" does: the Minister's answer to the supplementary, not more of the asker's."""
    d = doc("hansard-lords-question-unnamed-2023.txt")
    assert contributions(d) == [
        (None, "question", "To ask His Majesty’s"),
        (None, "minister", "My Lords, 10 million"),
        (None, "question", "My Lords, I am"),
        (None, "minister", "I thank the noble"),
    ]


def test_each_tabled_question_is_answered_by_the_speech_after_it():
    """A page of written answers: each "To ask the Secretary of State ..." is answered by the
    Minister who speaks next, the second by another Minister than the first."""
    d = doc("official-report-written-answers-1995.txt")
    assert contributions(d) == [
        ("Mr. Bowis", "minister", "The average length of"),
        ("Mrs. Beckett", "question", "To ask the Secretary"),
        ("Mr. Bowis", "minister", "This information is in"),
        ("Mrs. Beckett", "question", "To ask the Secretary"),
        ("Mr. Malone", "minister", "I refer the right"),
    ]


def test_a_label_run_into_the_speech_without_a_space_names_its_speaker():
    """A label run in, "§ Mr. WaldegraveThe NHS ...": the titled name ends where a sentence's
    first word begins. Two members labelled so make the copy a debate; the question's number and
    the paragraph mark are the record's, not the member's name."""
    d = doc("historic-commons-glued-1991.txt")
    assert d.kind == "debate"
    assert contributions(d) == [
        ("Mr. Bidwell", "question", "To ask the Secretary"),
        ("Mr. Waldegrave", "minister", "The NHS management executive"),
        ("Mr. Bidwell", "question", "What kind of national"),
        ("Mr. Waldegrave", "minister", "I am surprised that"),
    ]


def test_a_question_put_to_the_government_is_answered_by_its_minister():
    """No label gives an office, but a member asks what the Government will do ("Will my hon.
    Friend confirm that the Government will ...?", "might the Government support ...?"): the one
    who answers, and speaks again, answers for the Government."""
    commons = doc("pp-parliament-live.txt")
    assert [c[:2] for c in contributions(commons)] == [
        ("Helen Whately", "minister"),
        ("Suzanne Webb", "member"),
        ("Helen Whately", "minister"),
    ]
    lords = doc("pp-debate-between-2019.txt")
    assert [c[:2] for c in contributions(lords)] == [
        ("Baroness Blackwood of North Oxford", "minister"),
        ("Lord Lansley", "member"),
        ("Baroness Blackwood of North Oxford", "minister"),
    ]


def test_a_stripped_names_marker_does_not_hide_the_motion():
    """hansard.parliament.uk prints "[R]" (a registered interest) after a member's name; a copy
    that strips the names leaves "[R]: I beg to move, ..." (Commons, 2022, Open Parliament
    Licence v3.0). The mover's speech is the mover's, not the Minister's answer to a question
    asked before the copy starts, and its paragraphs are one speech."""
    d = doc("hansard-commons-marker-2022.txt")
    assert d.kind == "debate"
    assert contributions(d) == [(None, "question", "[R]: I beg to")]
