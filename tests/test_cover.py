"""A paged document's title as its first page prints it.

Fixtures: the cover lines of NHS England's "Commissioning policy: individual funding requests"
(2023) and "National engagement on data: Cohort 2 Report" (2025), and Health Education
England's "Data Driven Healthcare in 2030" summary report (2021), as pypdf extracts them; all
published under the Open Government Licence v3.0
(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).
"""

from __future__ import annotations

from ingest.cover import cover_title
from ingest.load import RawFile
from ingest.understand import understand

HEE = """INTERIM REPORT

Data Driven Healthcare in 2030:
Transformation Requirements of the
NHS Digital Technology and Health
Informatics Workforce

Summary and Recommendations

HEE Digital Readiness Programme
March 2021
Report compiled by:"""
NHSE = """1

JUNE 2025


NHS England |
National
engagement on
data

Cohort 2 Report

"""
POLICY = """

Commissioning policy:
individual funding requests

Version 3, 8 February 2023

Classification: Official
Publication reference: PR2086"""
PROSE = """The NHS has faced
unprecedented demand this winter, and
the plan sets out what will change."""


def page_one(text: str) -> tuple[str, tuple[int, ...]]:
    text = text + "\nContents\nSecond page text."
    n = text.count("\n") + 1
    return text, (1,) * (n - 2) + (2, 2)


def test_the_cover_title_runs_over_lines_and_takes_its_subtitle():
    assert cover_title(*page_one(HEE)) == (
        "Data Driven Healthcare in 2030: Transformation Requirements of the NHS Digital "
        "Technology and Health Informatics Workforce – Summary and Recommendations",
        None,
    )


def test_a_body_before_a_bar_is_the_issuer_not_the_title():
    assert cover_title(*page_one(NHSE)) == (
        "National engagement on data – Cohort 2 Report",
        "NHS England",
    )


def test_a_version_line_is_no_subtitle():
    assert cover_title(*page_one(POLICY)) == (
        "Commissioning policy: individual funding requests",
        None,
    )


def test_prose_is_no_title_and_an_unpaged_text_has_no_cover():
    assert cover_title(*page_one(PROSE)) == (None, None)
    assert cover_title(HEE, ()) == (None, None)


def test_the_printed_title_outranks_the_properties():
    text, pages = page_one(NHSE)
    doc = understand(
        RawFile("r.pdf", text, "h", pages=pages, stated={"title": "National engagement on data"})
    ).document
    # Other words: the cover's are the document's own (three prescribing guidelines print a
    # fuller title than their files' properties give: "Prescribing of Insulin Pen Needles" under
    # "Prescribing of Insulin Needles").
    assert doc.title == "National engagement on data – Cohort 2 Report"
    doc = understand(
        RawFile(
            "r.pdf",
            text,
            "h",
            pages=pages,
            stated={"title": "NATIONAL ENGAGEMENT ON DATA   Cohort 2 Report"},
        )
    ).document
    assert doc.title == "National engagement on data – Cohort 2 Report"
    assert doc.publisher == "NHS England"


def test_the_first_heading_of_the_body_is_no_part_of_the_title():
    """The cover's title with the first heading of the body under it ("Contents" at once under
    the title, "Executive summary" after a gap): the heading is neither title nor subtitle."""
    assert cover_title(*page_one(POLICY.replace("\n\nVersion", "\nContents\n\nVersion"))) == (
        "Commissioning policy: individual funding requests",
        None,
    )
    summary = POLICY.replace("Version 3, 8 February 2023", "Executive summary")
    assert cover_title(*page_one(summary)) == (
        "Commissioning policy: individual funding requests",
        None,
    )
