"""Commons copies: members named with their seat, movers of motions, unnamed contributions.

Fixtures are small excerpts of Hansard (Open Parliament Licence v3.0), the first sentence or two
of each contribution with the lines that name its speaker: tests/parliament/historic-commons-1993
.txt and historic-commons-1997.txt from Historic Hansard (api.parliament.uk/historic-hansard,
Commons 15 March 1993, "National Health Service Charges", and 25 June 1997, "NHS Services
(Charging)"), hansard-commons-motion-1999.txt from hansard.parliament.uk (Commons 26 October
1999, "National Health Service"); parliament-written-answers-2020.txt from parliament.uk's
listing of written questions and answers (2019-21 session, two Department of Health and Social
Care answers of 5 June 2020); historic-westminster-hall-1999.txt from Historic Hansard (Westminster
Hall, 1 December 1999, "NHS Dentistry"); the procedural line is Historic Hansard's (Commons,
16 July 1912, "Thursday's Sitting (Royal Garden Party)"). The inline forms are from the Official
Report (publications.parliament.uk, Commons 24 January 1989 and 4 March 2004). pp-oral-numbered.txt
is from Parallel Parliament (a member's page of Commons Health and Social Care questions, 13 January
2026); the numbered question of 2024 ("Health Outcomes: East Midlands") as parliamenttoday.com
reprints it.
"""

from __future__ import annotations

from ingest.build import context_for
from ingest.hansard import official_label, read_label
from ingest.spoken import Speech, roles
from tests.test_parliament import HERE, contributions, doc


def commons(name: str):
    return doc((HERE / name).read_text(encoding="utf-8"), name)


def test_a_member_named_with_the_seat_on_a_line_of_its_own_speaks_the_lines_below():
    d = commons("historic-commons-1993.txt")
    assert contributions(d) == [
        ("Mr. Bob Cryer", "member", "On a point of"),
        ("Madam Speaker", "member", "I have noted what"),
        # The member who moves the motion (a prayer against regulations) has the question role.
        ("Mr. David Blunkett", "question", "I beg to move,"),
    ]
    assert d.title is None  # a speaker line is never the title
    assert "Bradford, South" not in d.text
    later = commons("historic-commons-1997.txt")
    assert contributions(later) == [
        ("Mr. Deputy Speaker (Mr. Michael J. Martin)", "member", "I inform hon. Members"),
        ("Mr. John Maples", "question", "I beg to move,"),
    ]


def test_a_debate_heading_of_the_same_shape_is_not_a_member():
    assert read_label("Mr. John Maples (Stratford-on-Avon)").speaker == "Mr. John Maples"
    assert read_label("Jackie Ballard (Taunton)").speaker == "Jackie Ballard"
    assert read_label("NHS Services (Charging)") is None
    assert read_label("Social Care (Wales)") is None


def test_the_inline_commons_forms_name_the_member_without_seat_or_party():
    said = "Glenda Jackson (Hampstead and Highgate) (Lab): May we have an early statement?"
    assert official_label(said) == ("Glenda Jackson", said.index("May"))
    said = "Mr. John Maples (Stratford-on-Avon): I beg to move,"
    assert official_label(said) == ("Mr. John Maples", said.index("I beg"))
    said = "Mr. Hayes : To ask the Secretary of State for Health what plans he has"
    assert official_label(said) == ("Mr. Hayes", said.index("To ask"))
    office = "The Secretary of State for Health (Mr. Kenneth Clarke) : My objective is"
    assert official_label(office) == (office[: office.index(" :")], office.index("My"))
    assert official_label("National Health Service (Charges) (Wales): the order") is None


def test_i_beg_to_move_runs_on_into_the_motion_printed_below_it():
    """hansard.parliament.uk prints the mover's "I beg to move," on a line above the motion: the
    two are one sentence, and the contribution opens with the mover's words."""
    d = commons("hansard-commons-motion-1999.txt")
    (moved,) = [s for s in d.sections if s.number]
    assert d.text[moved.start :].startswith("I beg to move, That this House notes")
    assert moved.role == "question"
    assert "I hope that tonight" in d.text[moved.start : moved.end]


def test_a_contribution_that_answers_nothing_is_not_the_ministers():
    """Where a copy names nobody, a contribution is the Minister's only by replying to one that
    asked (or going on from the Minister's): a member moving a motion asks nothing, and what
    follows it is a member's (Westminster Hall, Parallel Parliament, 2019; the last two
    contributions are written for the test)."""
    speeches = [
        Speech(None, "I beg to move, That this House has considered social care funding."),
        Speech(None, "It is a relief to debate something that is not about Brexit."),
        Speech(None, "Sir Charles, thank you for safeguarding the last 10 minutes."),
        Speech(None, "Would the Minister care to comment?"),
        Speech(None, "I thank the right hon. Gentleman for securing the debate."),
    ]
    assert roles(speeches) == ("question", "member", "member", "member", "minister")


def test_a_listing_of_written_answers_loses_its_controls_and_help_and_reads_the_answer_date():
    """parliament.uk's listing prints controls ("Close", "[N]", "Q", "A", "Show by:") and help
    boxes (below "Close", the term and one paragraph explaining it); the record's department,
    subject and date lines under "Asked by" and "Answered by" are no one's words."""
    d = commons("parliament-written-answers-2020.txt")
    assert contributions(d) == [
        ("Ben Lake", "question", "To ask the Secretary"),
        ("Ms Nadine Dorries", "minister", "The classification of COVID-19"),
        ("Sarah Olney", "question", "To ask the Secretary"),
        ("Jo Churchill", "minister", "NHS England and NHS"),
    ]
    for furniture in ("Named Day", "Named day' questions", "Unique Identifying", "[N]", "Close"):
        assert furniture not in d.text
    assert "Ceredigion" not in d.text  # the seat below the asker's name is the label's
    assert "Asked on: 24 April 2020" in d.text  # a date line stays, as "Published ..." does
    assert d.date == "2020-06-05"  # the answer's date, not the question's


def over(d, line: str) -> str:
    """The retrieval context of the section holding `line`, which must hold its neighbours."""
    (n,) = [n for n, s in enumerate(d.sections) if line in d.text[s.start : s.end]]
    assert d.sections[n].number is None  # the record's lines, no one's words
    assert d.text[d.sections[n].start : d.sections[n].end] != line  # never a lone date line
    return context_for(d, n)


def test_the_lines_over_a_written_question_are_found_with_its_asker_and_words():
    """ "When did Sarah Olney ask her question about reopening dentists?": the date, department
    and subject lines under "Asked by" are one passage (parliament.uk's listing), as a Parallel
    Parliament listing's lines over "Asked by:" are, and each is searched with the name of the
    member whose question it heads and the question's words."""
    d = commons("parliament-written-answers-2020.txt")
    asked = over(d, "Asked on: 12 May 2020")
    assert "Sarah Olney, the member who asked the question" in asked
    assert "permit dentists to reopen" in asked
    assert "Jo Churchill, the Minister" in over(d, "Holding answer received on 18 May 2020")
    listing = commons("pp-written-questions.txt")
    assert "Andrew Snowden, the member who asked" in over(listing, "Social Services: Pay")


def test_the_records_procedural_line_is_no_title():
    """Historic Hansard, Commons, 16 July 1912: the motion's procedural line heads the copy."""
    d = doc(
        "HC Deb 16 July 1912 vol 41 c360\n\n"
        'Motion made, and Question proposed, "That this House do now adjourn."—[Mr. Gulland.]\n\n'
        "My right hon. Friend the Patronage Secretary, after consultation with the Noble Lord "
        "opposite (Lord Balcarres), and the leaders of other parties in the House, has decided "
        "to put down to-morrow, as the first Order of the day, the Home Office Vote.\n"
    )
    assert d.title is None
    assert "Motion made, and Question proposed" in d.text


def test_a_bodys_name_with_its_initials_opens_no_speech():
    assert official_label("General Medical Council (GMC): the regulator of doctors") is None


def test_the_member_who_secured_an_adjournment_debate_asks_and_is_named_later_by_name_alone():
    """An adjournment debate stands on a whip's formal motion ("That the sitting be now
    adjourned.—[Mr. Sutcliffe.]"); the member who secured it speaks first and has the question
    role, as a question for short debate's asker does. Historic Hansard names a member with the
    seat at the first speech and by the name alone after."""
    d = commons("historic-westminster-hall-1999.txt")
    assert contributions(d) == [
        ("Jackie Ballard", "question", "I am pleased to"),
        ("Mr. David Heath", "member", "As my hon. Friend"),
        ("Jackie Ballard", "question", "I thank my hon."),
    ]


def test_an_adjournment_debate_in_the_records_xml_opens_with_its_asker():
    """ParlParse XML, Commons, 27 October 2009: the motion is the record's procedural text."""
    motion = "Motion made, and Question proposed, That this House do now adjourn. —(Mr. Watts.)"
    speeches = [
        Speech(None, motion, procedural=True),
        Speech("Crispin Blunt", "I am very grateful to have the opportunity tonight to raise"),
        Speech("Gillian Merron", "I congratulate the hon. Member for Reigate", "Minister of State"),
    ]
    assert roles(speeches, complete=True) == (None, "question", "minister")


def test_a_numbered_oral_question_is_its_members_and_the_reply_before_it_the_ministers():
    """Commons oral questions: "4. What steps his Department ..." under the member's name is that
    member's question (a member's page on Parallel Parliament), and the contribution before it,
    the tail of the exchange before, is the Minister's reply, though the copy gives no office."""
    assert contributions(commons("pp-oral-numbered.txt"), 3) == [
        ("Karin Smyth", "minister", "We absolutely stand"),
        ("Edward Morello", "question", "4. What steps"),
        ("Stephen Kinnock", "minister", "This Government are"),
        ("Edward Morello", "question", "NHS dentistry in"),
        ("Stephen Kinnock", "minister", "The hon. Gentleman"),
    ]


def test_a_numbered_question_as_another_site_reprints_it_is_the_askers():
    """The same form as another site reprints it, the question's UIN in its text: the member asks,
    the Minister named by office answers, and a member called after them is a member."""
    speeches = [
        Speech(
            "Sir Edward Leigh",
            "1. What steps his Department plans to take to improve health outcomes in the east "
            "midlands.(900621)",
        ),
        Speech(
            "Karin Smyth",
            "Lord Darzi's report concluded that the health service is in a critical condition "
            "across the country, including in the east midlands, ...",
            "The Minister for Secondary Care",
        ),
        Speech(
            "Sir Edward Leigh",
            "With two thirds of people having to wait more than four hours at Lincoln County "
            "hospital's A&E department ..., does the Minister understand ...?",
        ),
        Speech(
            "Karin Smyth",
            "I thank the right hon. Gentleman for helping to underline the shocking inheritance "
            "from the previous Government.",
        ),
        Speech(
            "Matt Western",
            "A really important part of improving health outcomes in the east midlands, and "
            "across the country, is the use of diagnostics.",
        ),
    ]
    assert roles(speeches) == ("question", "minister", "question", "minister", "member")


def test_a_copy_without_names_reads_each_numbered_question_as_an_exchange_of_its_own():
    """A copy of oral questions that names nobody (hansard.parliament.uk's text without the name
    lines: its 23 April 2024 excerpt, then the 13 January 2026 numbered question from the Parallel
    Parliament excerpt as paragraphs): it still starts mid-exchange, one contribution a paragraph,
    and the numbered question asks, the reply answers, the asker's supplementary asks again."""
    unnamed = (HERE / "hansard-commons-unnamed.txt").read_text(encoding="utf-8").rstrip("\n")
    numbered = commons("pp-oral-numbered.txt")
    said = [numbered.text[s.start : s.end] for s in numbered.sections if s.number][1:]
    d = doc(unnamed + "\n\n" + "\n\n".join(said) + "\n")
    assert [c[1:] for c in contributions(d, 2)] == [
        ("minister", "Happy St"),
        ("question", "NHS waiting"),
        ("minister", "Once again"),
        ("member", "I see"),
        ("question", "4. What"),
        ("minister", "This Government"),
        ("question", "NHS dentistry"),
        ("minister", "The hon."),
    ]


# A Commons exchange quoted as the Official Report prints it, each speech opening with its label
# (the members' and minister's words here are our own; the labels' form is Hansard's, as MPs'
# own sites quote it).
QUOTED_EXCHANGE = """Business of the House
Glenda Jackson (Hampstead and Highgate) (Lab): May we have an early statement on hospital \
discharge?
The Leader of the House of Commons (Lucy Powell): I thank the hon. Lady; the Secretary of State \
will update the House.
Mr. John Maples (Stratford-on-Avon) (Con): Will the Leader find time for a debate on care homes?
"""


def test_a_quoted_exchange_with_members_parties_is_a_debate_with_its_speakers():
    d = doc(QUOTED_EXCHANGE, "business.txt")
    assert d.kind == "debate"
    assert [(s, w) for s, _, w in contributions(d, 2)] == [
        ("Glenda Jackson", "May we"),
        ("The Leader of the House of Commons (Lucy Powell)", "I thank"),
        ("Mr. John Maples", "Will the"),
    ]
    # An interview's "Name: text" names no party: not Hansard's form, not a debate.
    said = "Jane Example: We need more carers.\nJohn Example: Funding comes first.\n"
    assert doc(said, "interview.txt").kind != "debate"


def test_an_office_runs_in_with_an_untitled_commons_ministers_name():
    said = "The Minister for Care (Stephen Kinnock) (Lab): I am grateful to my hon. Friend."
    assert official_label(said) == ("The Minister for Care (Stephen Kinnock)", said.index("I am"))
    assert official_label("The Care Act (Social Care): the order") is None
