"""Kind, publisher and title of pages whose usual signals were not copied: a Lords record that
starts below its citation line, a page saved under its site's name, committee
written evidence, a re-hosted PDF. The Hansard lines are after hansard.parliament.uk and
TheyWorkForYou (Open Parliament Licence v3.0); the rest is in our own words after the layouts
of an NHS body's board papers and a document-sharing site's transcripts."""

from __future__ import annotations

from ingest.load import RawFile
from ingest.structure import find_kind
from ingest.understand import saved_page, understand, understand_all

SECOND_READING = """Second Reading
Moved by
That the Bill be now read a second time.
My Lords, I am grateful to have secured a place in the ballot for this Bill on social care.
Local authority budgets have been squeezed, demand is rising and costs are rising.
"""


def test_a_lords_motion_without_its_citation_line_is_a_debate():
    assert find_kind(SECOND_READING, False)[0] == "debate"
    doc = understand(RawFile("bill.txt", SECOND_READING, "0" * 64)).document
    assert doc.kind == "debate"
    assert [doc.text[s.start : s.end].split()[0] for s in doc.sections if s.number][:2] == [
        "That",
        "My",
    ]
    # TheyWorkForYou names the mover on the label line.
    assert find_kind("Moved by Baroness Thornton\nAmendment 18 inserts a line.\n", False)[0] == (
        "debate"
    )
    # A council's minutes name their mover in running text, not on Hansard's label line.
    minutes = "Minutes\nThe recommendation was moved by Councillor Example and agreed.\n"
    assert find_kind(minutes, False)[0] != "debate"


def test_written_evidence_is_the_submitters_whatever_brackets_its_reference():
    for heading in (
        "Written evidence submitted by the Example Care Association [ECA 043]",
        "Written evidence submitted by The Example Fund (ECA0093)",
    ):
        page = f"{heading}\n\nCare homes need support through the winter.\n"
        doc = understand(RawFile("UK Parliament.txt", page, "0" * 64)).document
        assert doc.kind == "evidence"
        assert doc.publisher in ("Example Care Association", "The Example Fund")


BOARD_PAPER = """Update on the example winter plan

Agenda item: 7 (Public session)
Report by: Jane Example, National Director for Winter
Paper type: For information
5 October 2023

Executive summary

Progress has been made on the winter plan.

Action required

The Board is asked to note the information provided in the report.
"""


def test_a_page_saved_under_its_sites_name_is_published_by_the_site():
    # WordPress's default title bar, "Site » Title", as a browser saves it.
    name = "NHS Example » Update on the example winter plan.txt"
    doc = understand_all(RawFile(name, BOARD_PAPER, "0" * 64))[0].document
    assert doc.title == "Update on the example winter plan"
    assert doc.publisher == "NHS Example"
    # The site after the title, as most themes put it, is the same site.
    assert saved_page("Update on the example winter plan » NHS Example.txt") == (
        "Update on the example winter plan",
        "NHS Example",
    )
    # A board paper's cover labels are one publisher's layout in the development sets (NHS
    # England, 2023): they make no kind until a second origin shows the same (stop 26).
    assert doc.kind == "article"


def _rehosted() -> str:
    head = "Example review - Example FundExample review The Example Fund 2019 2 Fewer people"
    page = [f"Page {n}: {head}" for n in range(1, 4)]
    return "\n\n".join(
        [
            "example review - example fundexample review the example fund 2019 2 fewer...",
            "Upload: others",
            "TRANSCRIPT",
            page[0],
            "Authors\n\nJane Example\n\nApril 2019\n\nExample review",
            page[1],
            "This is a PDF of our online review, Example review.",
            page[2],
            "Contents\n\nIntroduction 3\n\n1 Fewer people ask for help 7\n\n"
            "2 The means test has got meaner 13",
            "Example review",
        ]
    )


def test_a_rehosted_pdf_transcript_is_its_publishers_report_without_its_page_heads():
    name = "Example review - Example Fund - rehost.txt"
    doc = understand_all(RawFile(name, _rehosted(), "0" * 64))[0].document
    assert (doc.title, doc.publisher, doc.kind) == ("Example review", "Example Fund", "report")
    assert "Page 2:" not in doc.text
    # A line repeated with no page number before it is the document's own.
    twice = "Recommendation one applies to every member of the board.\n\n" * 3
    kept = understand(RawFile("policy.txt", f"Policy\n\n{twice}", "0" * 64)).document.text
    assert kept.count("Recommendation one") == 3
