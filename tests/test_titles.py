"""A title is a line that reads as the document's heading, never the furniture above it: a date
or a duration, a picture credit, a name alone, a list item, a section label over the headline;
and a page title loses the "Contents" link and the date its title bar adds. The committee and
Hansard excerpts are after publications.parliament.uk and hansard.parliament.uk (Open
Parliament Licence v3.0); every other page is in our own words, in the shape of the news,
summary, letters and listing pages the rules were seen on (ingest/titles.py names them)."""

from __future__ import annotations

import pytest

from ingest.load import RawFile
from ingest.titles import kicker, not_a_title, tidy, when_line
from ingest.understand import understand, understand_all


def title_of(text: str, name: str = "page.txt") -> str | None:
    return understand(RawFile(name, text, "0" * 64)).document.title


# Open Parliament Licence v3.0: the Commons Procedure Committee's report page, as saved.
COMMITTEE_PAGE = """Back to the future? Procedure after coronavirus restrictions Contents

Our report

Introduction

1.On 22 February, the Prime Minister made a statement on the Government’s plans to ease \
restrictions in place in various forms since late March 2020.
"""


def test_a_report_pages_title_loses_its_contents_link():
    assert (
        title_of(COMMITTEE_PAGE) == "Back to the future? Procedure after coronavirus restrictions"
    )
    assert tidy("Written Parliamentary Questions - Procedure Committee Contents") == (
        "Written Parliamentary Questions - Procedure Committee"
    )


def test_a_site_name_after_the_title_still_goes_to_the_publisher():
    page = (
        "Written Parliamentary Questions - Procedure Committee Contents\n\n3 Tabling Questions\n\n"
    )
    page += "12. Erskine May states that questions must not be trivial, vague or meaningless.\n"
    doc = understand(RawFile("page.txt", page, "0" * 64)).document
    assert doc.title == "Written Parliamentary Questions"
    assert doc.publisher == "Procedure Committee"


def test_a_section_label_over_the_headline_is_not_the_title():
    news = (
        "Health\n\nCare homes: what peers said in the winter debate\n\n"
        "The House of Lords debated care homes on Thursday. Here is what some of them said:\n"
    )
    assert title_of(news) == "Care homes: what peers said in the winter debate"
    briefing = (
        "Briefing\n\nBriefing for the debate on example ward closures\n\n"
        "This briefing is for members in preparation for the debate.\n\n12 November 2025\n"
    )
    assert title_of(briefing) == "Briefing for the debate on example ward closures"


# Open Parliament Licence v3.0: hansard.parliament.uk, 25 October 2017 (the citation line under
# the title is no headline: a two-word debate title stays the title).
HANSARD = """Skip to main content

Social Care

Volume 630: debated on Wednesday 25 October 2017

I beg to move,

That this House notes the Conservative Party’s manifesto commitment to a funding proposal for \
social care.
"""


def test_a_short_debate_title_over_its_citation_line_stays():
    assert [u.document.title for u in understand_all(RawFile("h.txt", HANSARD, "0" * 64))] == [
        "Social Care"
    ]
    assert not kicker("Social Care", "Volume 630: debated on Wednesday 25 October 2017", True, True)


def test_dates_and_durations_above_the_headline_are_not_the_title():
    video = (
        "19m\n12 Sep 2024\n\nShould we worry about winter? We ask the care minister\n\n"
        "Presenter\n\nWe sat down with the minister to ask about the winter plan.\n"
    )
    assert title_of(video) == "Should we worry about winter? We ask the care minister"
    summary = (
        "11 Feb\nQuestion\nExample Ward Waiting Times\n\n"
        "This question session in the House of Commons focused on waiting times.\n"
    )
    assert title_of(summary) == "Example Ward Waiting Times"


def test_a_trailing_date_is_not_part_of_the_title():
    page = (
        "Example Ward Closures Waiting Lists 2022-07-19\n\n2022-07-19\n\nTAGS\n"
        "Response quality\n\nThe question follows reports of delays at the example ward.\n"
    )
    assert title_of(page) == "Example Ward Closures Waiting Lists"


@pytest.mark.parametrize(
    "page",
    [
        # a picture credit where the headline was not copied
        " date 2023-01-17 Photo: Example/Stock Library\n\nPlans for the NHS to discharge people "
        "into care homes may result in poor practice, directors warned.\n",
        # a letter's signature over its text
        "Baroness Example of Somewhere\nLike many peers I am angry at the manoeuvring of some "
        "colleagues.\nWrong, wrong, wrong.\n",
        # a listing's first entry, marked as a list item
        "• Debate Pack\n\n    Debate pack: Example strategy\n\n    This debate pack is prepared "
        "for the debate on 21 January 2015.\n\n  • Research Briefing\n\n    Example Bill\n",
    ],
)
def test_no_title_rather_than_furniture(page):
    assert title_of(page) is None


def test_what_says_only_when():
    for line in (
        "19m",
        "11 Feb",
        "12 Sep 2024",
        "2022-07-19",
        "16:24 2021",
        "(1 week, 4 days ago)",
    ):
        assert when_line(line), line
    for line in (
        "Data Driven Healthcare in 2030",
        "Q1 Partial Answer",
        "Volume 630: debated on Wednesday 25 October 2017",
        "1 in 4 care homes",
    ):
        assert not when_line(line), line
    assert not_a_title("Baroness Burt of Solihull") and not_a_title("• Debate Pack")
    assert not not_a_title("Lord Falconer’s Assisted Dying Bill")
    assert not not_a_title("Hospitals: Delayed Discharges")


def test_a_skip_link_or_a_records_type_label_is_not_the_title():
    news = "Go to content\n\nPeers put the spotlight on example wards\n\nToday peers asked.\n"
    assert title_of(news) == "Peers put the spotlight on example wards"
    # A Lords oral question as Parallel Parliament lays it out: the type label over the time.
    record = (
        "Thursday 10th June 2021\n\n(3 years, 5 months ago)\n\nLords Chamber\n"
        "Read Hansard Text Read Debate Ministerial Extracts\nQuestion\n12:41\nAsked by\n"
        "Baroness Example Portrait Baroness Example\n- Hansard - - - Excerpts\n\n"
        "To ask His Majesty’s Government what steps they are taking to support example wards.\n"
    )
    assert [u.document.title for u in understand_all(RawFile("q.txt", record, "0" * 64))] == [None]


def test_an_articles_type_over_its_headline_and_standfirst_is_not_the_title():
    """A long read's or explainer's type label, with a standfirst under the headline (so the
    section-label rule, which wants prose right under the headline, does not apply)."""
    page = (
        "Skip to content\nLong read\n\nExample care systems explained\n\n"
        "Making sense of systems, places and neighbourhoods\n\nAuthors\n\n"
        "Example care systems are partnerships that bring together local services.\n"
    )
    assert title_of(page) == "Example care systems explained"
    assert title_of(page.replace("Long read", "Explainer")) == "Example care systems explained"
