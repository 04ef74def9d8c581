"""A copy of Hansard saved from a re-hosting site names that site as its publisher.

Fixtures: short excerpts of House of Lords and House of Commons Hansard (Open Parliament
Licence v3.0, https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/)
as Parallel Parliament and TheyWorkForYou show them, with each site's own marker lines.
"""

from __future__ import annotations

from ingest.load import RawFile
from ingest.structure import find_host, hosted_publisher
from ingest.understand import understand

# Lords Hansard, 9 February 2026, "Hospitals: Delayed Discharges", on Parallel Parliament.
PARALLEL_PARLIAMENT = """Baroness Blake of Leeds
Main Page: Baroness Blake of Leeds (Labour - Life peer)(1 week, 4 days ago)
Lords ChamberTo ask His Majesty’s Government how they will respond to the finding in the
Health Foundation report Delayed discharges from hospital.
My Lords, we know that too many people are delayed leaving hospital.
"""
# Lords Hansard, 9 November 2016, "Hospitals: Unsafe Discharge", in the other layout.
PARALLEL_PARLIAMENT_2 = """Wednesday 9th November 2016

(7 years, 6 months ago)

Lords Chamber
Read Hansard Text Read Debate Ministerial Extracts
Question for Short Debate
Asked by
Baroness Wheeler Portrait Baroness Wheeler
- Hansard - - - Excerpts

To ask Her Majesty’s Government what response they have made to the Parliamentary and
Health Service Ombudsman’s Report of investigations into unsafe discharge from hospital.
"""
# Commons Hansard, 11 December 2024, as TheyWorkForYou shows it.
THEYWORKFORYOU = """NHS Waiting Lists

Part of Wales – in the House of Commons at on 11 December 2024.

Alert me about debates like this

Photo of Lincoln Jopp Lincoln Jopp Conservative, Spelthorne

The Labour party has been in charge in Wales for 25 years.
"""
# hansard.parliament.uk's own copy: Parliament's record, no re-hosting site.
HANSARD = """Skip to main content

Hospitals: Unsafe Discharge

Volume 776: debated on Wednesday 9 November 2016

Question for Short Debate

To ask Her Majesty’s Government what response they have made to the Ombudsman’s Report.
"""


def test_a_re_hosting_site_is_known_by_two_of_its_own_markers():
    assert find_host(PARALLEL_PARLIAMENT)[0] == "Parallel Parliament"
    assert find_host(PARALLEL_PARLIAMENT_2)[0] == "Parallel Parliament"
    assert find_host(THEYWORKFORYOU)[0] == "TheyWorkForYou"
    assert find_host(HANSARD) == (None, None)
    # One marker alone places no page: a speech may quote "(2 years ago)".
    assert find_host("My Lords, as I said (2 years ago), the Bill matters.\n") == (None, None)


def test_the_copy_is_cited_as_the_site_carrying_hansard_text():
    for text, publisher in (
        (PARALLEL_PARLIAMENT, "Parallel Parliament (text of Lords Hansard)"),
        (PARALLEL_PARLIAMENT_2, "Parallel Parliament (text of Lords Hansard)"),
        (THEYWORKFORYOU, "TheyWorkForYou (text of Commons Hansard)"),
        (HANSARD, "UK Parliament (Hansard)"),
    ):
        doc = understand(RawFile("copy.txt", text, "h")).document
        assert doc.publisher == publisher


def test_a_sidecar_still_names_the_publisher():
    doc = understand(
        RawFile("copy.txt", PARALLEL_PARLIAMENT, "h", {"publisher": "Hansard (via a colleague)"})
    ).document
    assert doc.publisher == "Hansard (via a colleague)"


def test_written_questions_are_cited_as_such():
    assert hosted_publisher("Parallel Parliament", "written_question", "Commons") == (
        "Parallel Parliament (text of Commons written questions)"
    )
    assert hosted_publisher("TheyWorkForYou", "debate", None) == "TheyWorkForYou (text of Hansard)"
