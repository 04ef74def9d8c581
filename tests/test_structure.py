"""Metadata the documents state; a debate's contributions with roles from the text's evidence."""

from __future__ import annotations

from pathlib import Path

from ingest.load import RawFile, read
from ingest.structure import find_date, find_publisher
from ingest.understand import understand

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def seed(name: str) -> Path:
    return next(CORPUS.glob(f"{name}_*.txt"))


def without_sidecar(name: str) -> RawFile:
    r = read(seed(name))
    return RawFile(r.source, r.text, r.content_hash, {})


def test_dates_are_what_the_text_states():
    assert find_date("Page updated: 30 January 2012")[0] == "2012-01-30"
    # The year is inferred only from the weekday among years the text mentions.
    text = "The report, published on Tuesday 4 April, in 2023 and after 2022."
    assert find_date(text)[0] == "2023-04-04"
    assert find_date("published on Sunday 4 April, 2023 and 2022")[0] is None
    assert find_date("(1 day, 14 hours ago)")[0] is None


# Synthetic, in our own words, after two real kinds of document with a version table:
# - an ICB constitution as NHS England approves it (Word: one table cell a line): a cover date
#   line for the first version, a "Version / Date approved / Effective date" table and a
#   "Schedule of Changes", dates written "30.09.22" and "19.09.2025";
# - an NHS trust policy (PDF: one table row a line) with a "Document control" table at the end
#   whose last row is the version in force and whose "Next review date" lies ahead.
CONSTITUTION = """Example Integrated Care Board
CONSTITUTION
1 July 2022
Version
Date approved by the Board
Effective date
v1.0
Not applicable
1 July 2022
V1.1
30.09.22
Wording of section 2.4 corrected; approved by the Board on 3 October 2022.
V1.2
14.03.2024
Version 1.3 – Schedule of Changes
Section
Change
Date approved
3.1
Membership of the Board amended
19.09.25
Table of Contents
1. Introduction 4
"""
TRUST_POLICY = """Discharge Planning Policy
Version 4.0
1. Purpose
This policy sets out how wards plan a patient's discharge from the day of admission.
It was first written in 2015 and replaces the guidance of 1 April 2014.
Document control
Version Date Author Comment
1.0 12/03/2015 Discharge lead First issue
3.0 06/11/2021 Patient flow team Reviewed; no change
4.0 02/05/2023 Patient flow team Ward checklist added
Next review date 02/05/2026
"""


def test_a_version_table_dates_the_version_at_hand():
    assert find_date(CONSTITUTION) == (
        "2025-09-19",
        "latest date in the table under 'Version'",
    )
    assert find_date(TRUST_POLICY)[0] == "2023-05-02"  # not the review date ahead of it
    # A sitting or publication date still comes first; a bare date line comes after the table.
    assert find_date("Published: 1 June 2024\n" + TRUST_POLICY)[0] == "2024-06-01"
    assert find_date("12 March 2015\n" + TRUST_POLICY)[0] == "2023-05-02"
    assert find_date(TRUST_POLICY.replace("Document control", "Contents"))[0] is None


# Committee report covers, in our own words after the two Houses' layouts: the Commons names
# its committee above the title; the Lords names the House, then the committee.
COMMONS_REPORT = """House of Commons Example Affairs Committee
Waiting for care at home
Second Report of Session 2021–22
Report, together with formal minutes relating to the report
The Committee heard from forty witnesses over six sessions.
"""
LORDS_REPORT = """HOUSE OF LORDS
Select Committee on Example Services
1st Report of Session 2019–21
Care after hospital: a fresh start
The Committee was appointed to consider care after discharge.
"""


def test_a_committee_named_above_a_report_is_its_publisher_not_its_title():
    commons = understand(RawFile("c.txt", COMMONS_REPORT, "x", {})).document
    assert (commons.title, commons.publisher) == (
        "Waiting for care at home",
        "House of Commons Example Affairs Committee",
    )
    lords = understand(RawFile("l.txt", LORDS_REPORT, "x", {})).document
    assert (lords.title, lords.publisher) == (
        "Care after hospital: a fresh start",
        "HOUSE OF LORDS Select Committee on Example Services",
    )


def test_metadata_found_without_sidecars():
    news = understand(without_sidecar("004")).document
    assert (news.kind, news.date) == ("newsletter", "2012-01-30")
    assert news.publisher == "Children’s Workforce Development Council"
    hewitt = understand(without_sidecar("003")).document
    assert (hewitt.kind, hewitt.date, hewitt.publisher) == ("article", "2023-04-04", None)
    debate = understand(without_sidecar("000"))
    assert debate.document.title == "NHS and Social Care: Joint Working"
    assert debate.document.chamber == "Lords"
    # "Main Page: Baroness Pitkeathley" names the member whose page it is: on another Parallel
    # Parliament page it is the answering Minister, so it never names the asker.
    assert debate.tabled_by is None
    assert debate.document.sections[1].speaker is None
    assert debate.document.date is None  # "(1 day, 14 hours ago)" is not a date


def test_publisher_from_copyright_line():
    line = "© Children’s Workforce Development Council 2012  |  Part of the Sector Skills Council"
    assert find_publisher(line)[0] == "Children’s Workforce Development Council"


def test_debate_contributions_and_roles():
    doc = understand(read(seed("001"))).document
    roles = [s.role for s in doc.sections]
    assert len(roles) == 17
    # The tabled question and the asker's supplementary are the asker's ("question").
    assert roles[0] == "question"
    assert roles[2] == "question"
    minister = [s.number for s in doc.sections if s.role == "minister"]
    assert minister == [2, 4, 6, 8, 10, 11, 13, 15, 17]
    members = [s.number for s in doc.sections if s.role == "member"]
    assert members == [5, 7, 9, 12, 14, 16]
    # The copy names no one, so no speaker is guessed (the sidecar names no asker either).
    assert {s.speaker for s in doc.sections} == {None}
    # A Minister's answer carries the question it answers as retrieval context.
    assert doc.sections[14].context and doc.sections[14].context.startswith(
        "In the light of the 2023"
    )


def test_a_list_item_c_is_not_a_copyright_publisher():
    """The cleaner and the publisher rule read "(c)" alike: a copyright sign only before a year,
    "Crown" or "copyright"; otherwise it is list item (c)."""
    from ingest.structure import find_publisher

    assert find_publisher("(c) both.") == (None, None)
    assert find_publisher("(c) 2021 The King's Fund")[0] == "The King's Fund"
