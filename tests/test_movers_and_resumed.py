"""Movers the record names in running text, motions only the Government moves, and copies that
start in the middle of a speech.

Fixtures are short excerpts of Hansard (Open Parliament Licence v3.0) as the pages show them:
Historic Hansard (Lords, 19 November 2003: the Commons' reasons on the Health and Social Care
(Community Health and Standards) Bill, the Minister named without office; Lords, 10 March 2003:
"Earl Howe moved Amendment No. 1" on the Community Care (Delayed Discharges etc.) Bill),
hansard.parliament.uk (Lords, 25 June 2009, "Dementia": "Moved By" over the mover's speech, names
stripped), publications.parliament.uk's Official Report (Lords, 25 June 2009, and Commons,
9 December 2015: pages that start mid-speech) and Parallel Parliament (Commons, 19 May 2025, a
member's page whose excerpt carries no label; Lords, 15 June 2021, "Covid-19 Update": one question
on a Statement and its reply, a page of debates between two peers), and an MP's own site quoting
his Business question and the Leader of the House's reply (Commons, May 2009).
"""

from __future__ import annotations

from pathlib import Path

from ingest.load import RawFile
from ingest.spoken import Speech, roles
from ingest.understand import understand
from tests.test_parliament import contributions

HERE = Path(__file__).resolve().parent / "parliament"


def doc(name: str):
    text = (HERE / name).read_text(encoding="utf-8")
    return understand(RawFile(name, text, "0" * 64)).document


def test_the_peer_who_moves_that_the_house_do_not_insist_answers_for_the_government():
    """Only the Government moves that the Lords do not insist on an amendment the Commons
    disagreed to: Lord Warner, named without office, is its Minister in both his speeches."""
    d = doc("historic-lords-commons-reasons-2003.txt")
    found = contributions(d)
    assert ("Lord Warner", "minister", "My Lords, I beg") in found
    assert ("Lord Warner", "minister", "Noble Lords should hear") in found


def test_a_motion_to_approve_regulations_is_the_ministers_and_a_regret_motion_is_not():
    """The same rule on names stated elsewhere: the mover of "That the draft Regulations ... be
    approved" answers for the Government; the mover of a motion to regret asks."""
    approve = Speech("Lord A", "That the draft Regulations laid before the House be approved.")
    regret = Speech("Lord B", "That this House regrets that the Regulations were laid.")
    reply = Speech("Lord C", "My Lords, I thank the noble Lord.")
    assert roles([approve, reply]) == ("minister", "member")
    assert roles([regret, reply])[0] == "question"


def test_the_member_who_moved_the_amendment_is_the_noble_earl_who_said():
    """ "Earl Howe moved Amendment No. 1: ..." names the peer whose speech "The noble Earl said:"
    goes on with: his, an amendment's mover, no Minister."""
    d = doc("historic-lords-amendment-moved-2003.txt")
    assert contributions(d) == [
        ("Earl Howe", "member", "Earl Howe moved Amendment"),
        ("Earl Howe", "member", "My Lords, in moving"),
    ]


def test_a_speech_under_moved_by_is_the_movers_though_unnamed():
    """hansard.parliament.uk's "Moved By" with the name stripped and the motion not copied: the
    speech below it moves the motion (the mover, unnamed, asks)."""
    d = doc("hansard-lords-moved-by-2009.txt")
    assert contributions(d) == [(None, "question", "My Lords, the average")]


def test_an_official_report_page_that_starts_mid_speech_keeps_the_speech_unnamed():
    """The page before ended mid-speech: its last paragraphs are a contribution the copy names
    no one for, before "Lord Rix: My Lords, ..."."""
    d = doc("official-report-lords-resumed-2009.txt")
    assert contributions(d) == [
        (None, "member", "The group’s second report"),
        ("Lord Rix", "member", "My Lords, I am"),
    ]


def test_a_page_of_one_unnamed_speech_is_that_speech():
    d = doc("official-report-commons-resumed-2015.txt")
    assert contributions(d) == [(None, "member", "When I started practising")]


def test_a_members_page_excerpt_without_a_label_is_an_unnamed_speech():
    """Parallel Parliament's member page shows the excerpt under the chamber's name with no
    label ("At the heart of this Bill ..."): a speech, its speaker not stated in the copy."""
    d = doc("pp-member-excerpt-unlabelled-2025.txt")
    assert contributions(d) == [(None, "member", "A rough road is")]


def test_the_reply_to_a_question_put_to_the_government_in_a_copy_of_one_exchange_is_the_ministers():
    """Two peers, neither label with an office: the first ends on "Will the Government mend their
    ways ...?", the second replies and asks nothing back: the Minister's answer."""
    d = doc("pp-statement-one-exchange-2021.txt")
    assert contributions(d) == [
        ("Lord Forsyth of Drumlean", "member", "My Lords, what is"),
        ("Lord Bethell", "minister", "My Lords, I absolutely"),
    ]


def test_a_second_members_speech_after_a_question_to_the_minister_is_not_the_ministers():
    """A reply that asks the Minister something back is a member's."""
    a = Speech("Lord A", "My Lords, will the Minister meet us?")
    b = Speech("Lord B", "My Lords, I agree. Will the Minister also meet me?")
    assert roles([a, b]) == ("member", "member")


def test_the_reply_to_a_business_question_quoted_on_an_mps_own_site_is_the_governments():
    """The same rule on another site's copy: "The Government have accepted that there is a
    problem, ... but could we have a debate ...?" and Ms Harman's reply, asking nothing back."""
    d = doc("mp-site-business-question-2009.txt")
    assert contributions(d) == [
        ("Mike Penning", "member", "May we have a"),
        ("Ms Harman", "minister", "One reason why we"),
    ]


def test_an_exchange_between_two_members_that_puts_nothing_to_the_government_names_no_minister():
    """An intervention and its refusal: a question to the member speaking, not the Government."""
    a = Speech("Mr A", "I am grateful. Will the hon. Gentleman give way?")
    b = Speech("Mr B", "I will not; I have little time.")
    assert roles([a, b]) == ("member", "member")
