"""A document's own date where its first lines state it inside a longer line, as a labelled date or
as the date of its heading, or with a month cut short; and no date from a timeline or from prose.

Fixtures: a House of Lords Library briefing (17 June 2021, as PDF text) and an Official Report
column heading (House of Lords, 9 February 1999), both Open Parliament Licence v3.0; the others
are written here in the shape of pages of other origins (a journal's citation line, councils'
decision and meeting pages, a news feed's item, a broadcaster's dateline)."""

from __future__ import annotations

from ingest.structure import date_line, find_date

LORDS_LIBRARY = """Library Briefing

Social care provision in the UK and the role of carers Debate on 24 June 2021 Author: Thomas Brown Date published: 17 June 2021

On 24 June 2021, the House of Lords is due to debate a motion moved by Baroness Jolly (Liberal Democrat) that “this House takes note of social care provision in the United Kingdom, and the role of carers in that provision”.
"""  # noqa: E501

COLUMN = """Previous Section Back to Table of Contents Lords Hansard Home Page

Lord Mackay of Ardbrecknish: My Lords, before the Minister leaves that point, perhaps I may ask why Part II is in the Bill at all. Before the Bill becomes law, in 88 days a Scottish Parliament will be elected. Two months later it will be entirely responsible for health.

9 Feb 1999 : Column 108

Surely, the right and proper course would have been to leave these important matters to be discussed and decided by the Scottish Parliament later this year.
"""  # noqa: E501


def test_a_publication_date_run_on_in_a_line_near_the_top():
    # The briefing's own date, not the debate's that the same cover line names first.
    assert find_date(LORDS_LIBRARY)[0] == "2021-06-17"
    assert date_line(LORDS_LIBRARY, "2021-06-17") is not None
    journal = (
        "Opinion\n\nCan the plan deliver?\n\nJournal 2023; 380 doi: https://doi.org/10.0000/j.x1 "
        "(Published 15 February 2023) Cite this as: Journal 2023;380:x1\n\nThe plan was "
        "published on 30 January 2023 with goals for two years.\n"
    )
    assert find_date(journal)[0] == "2023-02-15"
    council = (
        "Decision Maker: Cabinet\nDecision status: Recommendations Approved\nThe report was "
        "agreed.\nPublication date: 12/12/2023\nDate comes into force if not called in: "
        "20/12/2023\n"
    )
    assert find_date(council)[0] == "2023-12-12"
    # Prose that says another document was published is no label.
    assert find_date("Our view\n\nThe plan was published on 30 January 2023 and ...\n")[0] is None


def test_a_heading_dated_by_its_first_or_last_words():
    meeting = (
        "Agenda, decisions and minutes\n\nCabinet - Tuesday, 21 March 2023 2.00 pm\n\nVenue: "
        "County Hall\n\nTo approve the minutes of the meeting held on 21 February 2023.\n"
    )
    assert find_date(meeting)[0] == "2023-03-21"
    decision = (
        "Issue - decisions\nFees and charges\n21/09/2011 - A review of the charging policy\n"
        "i. that the new policy be implemented from 1st October 2011.\n"
    )
    assert find_date(decision)[0] == "2011-09-21"
    item = "March 05 2021: (UPDATE) Visiting arrangements\n\nVisits from 8 March.\n"
    assert find_date(item)[0] == "2021-03-05"
    # A timeline's lines each date their own event: none of them is the document's date.
    timeline = (
        "Social care reform\n\nKey events\n• 7 September 2021: a levy is announced\n"
        "• 1 December 2021: a white paper follows\n"
    )
    assert find_date(timeline)[0] is None
    events = "Reform so far\n\nDilnot report – 4 July 2011\nCare Act passed – 14 May 2014\n"
    assert find_date(events)[0] is None


def test_a_month_cut_to_three_letters():
    assert find_date(COLUMN)[0] == "1999-02-09"
    dateline = "19m\n12 Sep 2024\n\nShould people be scared of being sick?\n"
    assert find_date(dateline)[0] == "2024-09-12"
    assert find_date("04 NOV 2019\n\nHIV: Preventive Medicine\n")[0] == "2019-11-04"


def test_a_meeting_date_with_its_time_and_a_date_label_opening_the_first_line():
    meeting = (
        "Agenda and draft minutes\n\nExample Health and Wellbeing Board\nThursday, 18th April, "
        "2019 10.00 am\n\nVenue: Council Chamber\n\nApologies for Absence\n"
    )
    assert find_date(meeting)[0] == "2019-04-18"
    news = (
        " date 2025-05-30 Dentistry: a county's investigation\n\nOur investigation, published "
        "today, ...\nA dentist at his practice. Picture: A Photographer. Date: 27th May 2025.\n"
    )
    assert find_date(news)[0] == "2025-05-30"


def test_prose_that_ends_with_a_sitting_date_dates_what_it_reports():
    listing = (
        "Category: Health\n\n  • An MP – 2021 Speech on Hospices\n\n    The speech made by an MP, "
        "the Labour MP for Example East, in the House of Commons on 22 February 2021.\n"
    )
    assert find_date(listing)[0] is None
    # TheyWorkForYou's heading, with its dash, states the sitting.
    heading = "Health and Care Bill – in the House of Lords at 5:15 pm on 13th January 2022.\n"
    assert find_date(heading)[0] == "2022-01-13"
