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


# A page's "updated" or "reviewed" line, where it states no publication date: GOV.UK's "Updated",
# the NHS website's "Page last reviewed" over "Next review due" (the NHS and HSE design systems'
# review-date pattern, which trusts' and councils' sites follow), a WordPress or council footer.
# The review to come is never the page's date.
def test_a_pages_last_updated_or_reviewed_line_dates_it_not_its_next_review():
    assert (
        find_date(
            "Care at home\nPage last reviewed: 15 March 2021\nNext review due: 15 March 2024"
        )[0]
        == "2021-03-15"
    )
    assert find_date("Services\nThis page was last updated on 3 May 2024")[0] == "2024-05-03"
    assert find_date("Respite care\nLast updated on: 03/05/2024")[0] == "2024-05-03"
    assert find_date("Carers\nPage last reviewed: September 2025\n")[0] == "2025-09"
    # A publication date the page also states is its date.
    assert find_date("Published 1 May 2024\nLast updated 3 June 2024")[0] == "2024-05-01"


def test_the_month_a_review_looks_forward_to_is_no_date():
    assert find_date("Example Drug in Adults\nReview date: July 2027\n")[0] is None
    assert find_date("Carers\nNext review due: September 2026\n")[0] is None


def test_a_templates_placeholder_is_no_title():
    text = "[Insert title of report]\n\nWinter plan for adult social care\n\nThe plan begins here."
    assert _cover(text.split("\n"))[0] == "Winter plan for adult social care"
    page = "[Report Title]\nExecutive Summary\nThe purpose of the report is set out below.\n"
    assert understand(RawFile("report.txt", page, "0" * 64)).document.title != "[Report Title]"


def test_the_imprint_on_the_back_page_names_the_publisher():
    body = "\n".join(
        f"Paragraph {n} of the plan says what the services will do." for n in range(50)
    )
    back = "Published by Example Borough Council, Town Hall, High Street, Exampleton"
    assert find_publisher(f"{body}\n{back}\n")[0] == "Example Borough Council"
    assert (
        find_publisher(f"{body}\nThis report was published by NHS England.\n")[0] == "NHS England"
    )
    dated = f"{body}\nPublished by NHS England on 3 May 2023\n"
    assert find_publisher(dated)[0] == "NHS England"
    # A person, or a reference list's entry, is no imprint.
    assert find_publisher(f"{body}\nPublished by Smith J, 2020\n")[0] is None
    cited = f"{body}\nReferences\n1. Published by NHS England. Available online (accessed 2024)\n"
    assert find_publisher(cited)[0] is None


def test_a_numbered_papers_cover_line_dates_it_as_a_report():
    cover = "BRIEFING PAPER Number 8002, 30 September 2019 Adult social care: the\n\nContents\n"
    assert find_date(cover)[0] == "2019-09-30"
    assert find_kind(cover, False)[0] == "report"
    assert find_date("POSTNOTE Number 620, 6 April 2020\nSocial care workforce\n")[0] == (
        "2020-04-06"
    )


# A committee hearing's transcript, in our own words after the layout of committees.parliament.uk's
# oral evidence (Commons, 2023): an image's file name, the committee's name, the heading, the
# numbered questions with the members' and witnesses' names before a colon.
HEARING = """HoC 85mm(Green).tif

Example Affairs Committee

Oral evidence: Care at home, HC 100

Tuesday 2 May 2023

Members present: Jane Example (Chair); John Example.

Examination of witnesses

Q1                Chair: Good afternoon. Welcome to the Committee.

We have two witnesses today.

Ann Witness: Thank you. I will start with funding.

Q2 John Example: How many carers left last year?
"""


def test_a_committee_hearing_is_a_transcript_of_its_named_speakers():
    doc = understand(RawFile("hearing.txt", HEARING, "0" * 64)).document
    assert doc.kind == "transcript"
    assert doc.title == "Oral evidence: Care at home, HC 100"
    assert doc.publisher == "Example Affairs Committee"
    spoken = [(s.speaker, doc.text[s.start : s.end].split()[0]) for s in doc.sections if s.number]
    assert spoken == [("Chair", "Good"), ("Ann Witness", "Thank"), ("John Example", "How")]
    # Without its heading, a numbered question with its asker still marks the hearing; an FAQ's
    # numbered question names no one.
    assert find_kind("Q12 John Example: How many carers left?\n", False)[0] == "transcript"
    assert find_kind("Q1 How do I apply: see below.\nQ2 Who pays: the council.\n", False)[0] != (
        "transcript"
    )
    # A report of a committee is a title, not the committee's name.
    assert (
        understand(
            RawFile("r.txt", "Report of the Example Committee\n\nText.\n", "0" * 64)
        ).document.title
        == "Report of the Example Committee"
    )


def test_plain_names_taking_turns_make_a_transcript():
    meeting = (
        "Carers forum, notes of the meeting\n\nJane Example: We need more carers in the county.\n\n"
        "John Example: Funding comes first.\n\nJane Example: Both, then.\n\n"
        "John Example: Agreed, both.\n"
    )
    doc = understand(RawFile("meeting.txt", meeting, "0" * 64)).document
    assert doc.kind == "transcript"
    assert [s.speaker for s in doc.sections if s.number] == [
        "Jane Example",
        "John Example",
        "Jane Example",
        "John Example",
    ]
    # Each name once is a lead-in, not a turn; a body's name is never a speaker.
    assert find_kind("Jane Example: We need carers.\nJohn Example: Funding first.\n", False)[0] != (
        "transcript"
    )
    bodies = "NHS England: funds.\nCare Quality Commission: inspects.\n" * 2
    assert find_kind(bodies, False)[0] != "transcript"
