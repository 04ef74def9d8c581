"""Dates, publisher and kind of briefings, guidelines and bulletins, as their pages and covers
state them. The Commons Library lines are after its briefing pages and Parliament's research
briefings listings (Open Parliament Licence v3.0); the guideline and bulletin texts are in our
own words after the layouts of an ICB's prescribing guidelines and an ICB's and the MHRA's
monthly bulletins."""

from __future__ import annotations

from ingest.cover import cover_title
from ingest.load import RawFile
from ingest.structure import find_date, find_kind, find_publisher
from ingest.understand import understand


def test_month_first_dates_with_and_without_a_weekday():
    assert find_date("Published Monday, March 11, 2019 | Commons Briefing papers CBP-8520")[0] == (
        "2019-03-11"
    )
    assert find_date("Skip to content\nAugust 10, 2016\nBlog")[0] == "2016-08-10"
    assert find_date("Published Tuesday, October 23, 2017")[0] is None  # a Monday


def test_a_month_first_date_line_is_not_the_title():
    blog = "Skip to content\nAugust 10, 2016\nNudge and public health\nA guest post on behaviour.\n"
    doc = understand(RawFile("blog.txt", blog, "0" * 64)).document
    assert (doc.title, doc.date) == ("Nudge and public health", "2016-08-10")


BRIEFING = """Skip to main content
House of Commons Library
Research Briefing
Adult social care funding (England)
By Example Author
Published Monday, October 23, 2017
This briefing looks at how adult social care in England is funded.
Documents to download
© UK Parliament 2024
"""


def test_a_library_briefing_page_names_its_library_date_and_heading():
    doc = understand(RawFile("briefing.txt", BRIEFING, "0" * 64)).document
    assert doc.title == "Adult social care funding (England)"
    assert doc.publisher == "House of Commons Library"
    assert doc.date == "2017-10-23"
    assert doc.kind == "report"


def test_a_page_type_label_beside_the_title_below_the_menu():
    page = "Skip to main content\nMenu\nSearch\nTopics\nAbout\nResearch Briefing\nCare homes\n"
    assert find_kind(page, False)[0] is None
    assert find_kind(page, False, "Care homes")[0] == "report"


GUIDELINE = """Page 1 of 4
Example Drug for Adults: Prescribing Support Document
What is it?
Example drug is licensed for adults.
NICE Guidance
Version control
Version Date Change
v1 June 2023 First issue
v2 July 2024 Dosing table updated
Example drug may be started in primary care from the next review of the formulary, as agreed.
The national guidance changed on 1 August 2024.
References
1. NICE. Example drug for adults. Technology appraisal guidance. Published: 2 December 2015.
2. Example A, Example B. A trial of example drug. Lancet 2021.
Document ratification details
Authored by: Example Hospitals NHS Foundation Trust
Ratified by: Cambridgeshire and Peterborough Joint Prescribing Group
Date ratified: July 2024
Review date: July 2027
"""


def test_a_guidelines_own_month_not_a_body_or_reference_date():
    assert find_date(GUIDELINE)[0] == "2024-07"
    # Without its ratification line the version table still dates it, not the prose below it.
    assert find_date(GUIDELINE.replace("Date ratified: July 2024\n", ""))[0] == "2024-07"


def test_a_guideline_is_a_report_issued_by_the_body_that_ratified_it():
    assert find_kind(GUIDELINE, False)[0] == "report"
    publisher, why = find_publisher(GUIDELINE)
    assert publisher == "Cambridgeshire and Peterborough Joint Prescribing Group"
    assert why and why.startswith("approval details")


BULLETIN = """Prescribing Update November 2022
Changes to the formulary
The new pen needles are the first choice from 1 November 2022 for all new patients.
"""


def test_a_bulletins_masthead_gives_its_month_and_kind():
    assert find_date(BULLETIN)[0] == "2022-11"
    assert find_kind(BULLETIN, False)[0] == "newsletter"
    assert find_kind("Drug Safety Update Volume 2 Issue 12 July 2009\nContents\n", False)[0] == (
        "newsletter"
    )


def _cover(lines: list[str]) -> tuple[str | None, str | None]:
    text = "\n".join([*lines, "", "The text of the guideline begins here on the first page."])
    return cover_title(text, tuple(1 for _ in text.split("\n")))


def test_a_cover_names_its_issuer_over_the_title_without_a_gap():
    assert _cover(
        ["Cambridgeshire and Peterborough Joint Prescribing Group", "Example Drug in Adults"]
    ) == ("Example Drug in Adults", "Cambridgeshire and Peterborough Joint Prescribing Group")
    # An NHS body's logo as a PDF gives it: the lozenge, then the name over two lines.
    assert _cover(
        ["NHS", "Norfolk and Waveney", "Integrated Care Board", "Example Drug in Adults"]
    ) == ("Example Drug in Adults", "NHS Norfolk and Waveney Integrated Care Board")
    # A date under the title is not part of it.
    assert _cover(["Workforce survey key findings", "24 October 2022"])[0] == (
        "Workforce survey key findings"
    )


def test_a_local_healthwatch_named_as_author_publishes_its_report():
    page = "How can services communicate better?\nAuthor\nHealthwatch Gloucestershire\nSummary\n"
    assert find_publisher(page)[0] == "Healthwatch Gloucestershire"
