"""Cleaning the seed texts: furniture out with a reason, every kept character as published."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clean import clean

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def raw(name: str) -> str:
    return next(CORPUS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def test_newsletter_keeps_exactly_its_article():
    c = clean(raw("004"))
    assert c.title == "Lessons to learn from our integrated working"
    assert len(c.blocks) == 8  # its seven paragraphs and the date it was updated
    assert c.text.startswith(
        "Over the last decade the children's sector has been transformed by the three principles"
    )
    assert c.text.endswith(
        "We have a duty now to help our colleagues in adult services"
        " as they start down the same road.\n\nPage updated: 30 January 2012"
    )

    def reason(prefix: str) -> str:
        return next(r.reason for r in c.removed if r.text.startswith(prefix))

    assert reason("Complete our website satis") == "survey prompt"
    assert reason("Find out more... (opens in") == "link prompt"
    assert reason("Subscribe to CWDC News.") == "link prompt"
    assert reason("Registered in England. Reg") == "company registration"
    assert reason("VAT Registration Number: 8") == "company registration"
    assert reason("A new UK Government took o") == "archive notice"
    assert reason("All statutory guidance and") == "archive notice"
    assert reason("Download Adobe PDF Reader") == "download prompt"
    assert any(r.reason == "copyright line" and r.text.startswith("©") for r in c.removed)
    for furniture in ("survey", "Subscribe", "Registered", "Adobe", "©"):
        assert furniture not in c.text
    # When the page was published or updated is content a reader may quote ("When was it
    # published?"), though the date is also the document's metadata.
    assert "Page updated: 30 January 2012" in c.text


def test_article_banner_repeated_title_and_promo_removed():
    c = clean(raw("003"))
    assert c.title == "Government urged to create social care workforce plan ‘as soon as possible’"
    assert [r.reason for r in c.removed] == [
        "audience banner",
        "title (kept as metadata)",
        "repeated title",
        "link prompt",
        "link prompt",
    ]
    assert c.text.startswith("The government has been urged to produce a social care workforce")
    assert c.text.endswith("‘Ministers will review recommendations of this report in due course.’")
    assert "symptom" not in c.text and "intended for health professionals" not in c.text


def test_debate_header_navigation_and_chamber_label():
    c = clean(raw("000"))
    assert c.chamber == "Lords"
    assert c.title == "NHS and Social Care: Joint Working Debate"
    assert [r.reason for r in c.removed] == [
        "title (kept as metadata)",
        "navigation",
        "navigation",
        "relative timestamp",
        "chamber label (kept as metadata)",
    ]
    assert c.text.startswith("To ask His Majesty’s Government what plans they have")
    assert len(c.blocks) == 4


def test_full_debate_loses_nothing():
    text = raw("001")
    c = clean(text)
    assert c.removed == ()
    assert len(c.blocks) == 17
    assert c.text == "\n\n".join(line for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_kept_text_stands_verbatim_in_the_original(name):
    """Curly quotes, dashes and inner spacing survive: every kept block is in the raw file."""
    original = raw(name)
    c = clean(original)
    for a, b in c.blocks:
        assert c.text[a:b] in original


def test_special_characters_inside_sentences_survive():
    assert "report\u00a0- titled\u00a0The future of primary care" in clean(raw("002")).text
    assert "her view—again, I am sure" in clean(raw("001")).text
    assert "From the £500m promised in 2021" in clean(raw("003")).text


def test_a_long_line_that_starts_with_a_copyright_sign_is_content():
    abstract = (
        "© Joanna Moncrieff 2013. All rights reserved. A challenging reappraisal of the history "
        "of antipsychotics, revealing how they were transformed from neurological poisons into "
        "magical cures."
    )
    c = clean(f"Title of the book\n\n{abstract}\n\n© Publisher Ltd 2013")
    assert c.text == abstract
    assert [r.reason for r in c.removed] == ["title (kept as metadata)", "copyright line"]


# Excerpts from Health Education England, "Data Driven Healthcare in 2030" (March 2021), pages 5-6,
# and an NHS Cambridgeshire and Peterborough ICB constitution (2025) as its DOCX reads, tab
# leaders and all; both Open Government Licence v3.0.
HEE_CONTENTS = """Contents
Section 1. Background 6
Section 2. Main findings 6
• Area of change: workforce development and
professionalisation
11
Section 5. Key stakeholders 14
Figures and Tables
Figure 1. Supply projection and demand forecasts for the NHS digital
technology and health informatics workforce in a Data
Driven Future and Data Desert Future – 2020/21 to 2029/30
7
2. Main findings
The increase is in the region of 69 per cent, or an additional 32,000 whole-time
equivalents (WTEs) in the workforce."""
ICB_CONTENTS = """Table of Contents
1.\tIntroduction\t9
1.1\tBackground/ Foreword\t9
1.2\tName\t10
Name
The name of this Integrated Care Board is NHS Cambridgeshire and Peterborough."""


def test_a_contents_page_and_list_of_figures_are_navigation():
    for text, entries in ((HEE_CONTENTS, 12), (ICB_CONTENTS, 4)):
        c = clean("A report\n" + text)
        lines = text.split("\n")
        assert c.text.startswith(lines[entries])  # every entry gone; the sections stay
        assert [r.text for r in c.removed if r.reason == "contents page"] == lines[:entries]


def test_rows_of_figures_are_not_a_contents_page():
    # Numbers ending lines of a table or prose, with no contents heading and no leaders, stay.
    rows = "Year | Admissions | Delays\n2008-09 | 1,976 | 486\n2009-10 | 2,104 | 512"
    plain = "Beds by region\nNorth 120\nSouth 95\nEast 88\nWest 101"
    prose = "Contents\nThe box holds the papers for meeting 12\nand the minutes of meeting 13."
    tabbed = "Beds by region\nNorth\t120\nSouth\t95\nEast\t88\nWest\t101"  # a pasted table
    for text in (rows, plain, prose, tabbed):
        c = clean("A table\n" + text)
        assert not [r for r in c.removed if r.reason == "contents page"]


def test_a_word_forms_field_prompt_goes_and_its_label_stays():
    form = (
        "Section 1 – PROVIDER DETAILS 1a) Name of provider: Click here to enter text.\n\n"
        "Click or tap here to enter text.\n\nDate of birth: Click here to enter a date.\n"
    )
    c = clean(form)
    assert "Click" not in c.text
    assert "Name of provider:" in c.text and "Date of birth:" in c.text
    assert {r.reason for r in c.removed} >= {"form field prompt"}
    # Wrapped in a narrow table cell, a line each.
    cell = "5b) Current treatment:\nClick here\nto enter\ntext.\n5c) Previous treatment:\n"
    assert "enter" not in clean(cell).text
