"""Title and publisher from what a document states about who issued it.

Every fixture here is SYNTHETIC: text written for these tests, imitating the layouts of real
pages (committee written evidence, GOV.UK bylines, charity footers, report covers, ICB
constitutions, browser page titles, Parallel Parliament markers); names of real bodies are
used only as the layouts use them.
"""

from __future__ import annotations

import pytest

from ingest.load import RawFile
from ingest.structure import find_publisher, issuer_in_title, site_in_title, without_site
from ingest.understand import saved_site, understand, understand_all


def raw(text: str, **stated: str) -> RawFile:
    return RawFile("synthetic.txt", text, "h", {}, stated=dict(stated))


@pytest.mark.parametrize(
    "heading, submitter",
    [
        # Commons committees' layout (the development set's King's Fund evidence; GOV.UK DHSC).
        ("Written evidence submitted by The King’s Fund (ASC0093)", "The King’s Fund"),
        ("Written evidence submitted by the Nuffield Trust (ASC0035)", "Nuffield Trust"),
        # Lords committees' layout.
        ("Nuffield Trust – Written evidence (FFF0042)", "Nuffield Trust"),
        ("AGE UK – WRITTEN EVIDENCE (ASC0104)", "AGE UK"),
    ],
)
def test_written_evidence_names_its_submitter(heading, submitter):
    text = f"{heading}\n\nWe welcome the Committee’s inquiry into adult social care.\n"
    assert find_publisher(text)[0] == submitter


def test_prose_about_written_evidence_names_no_one():
    text = "Written evidence from our members shows the scale of the problem.\nMore text."
    assert find_publisher(text) == (None, None)


def test_a_byline_names_the_issuing_body():
    # GOV.UK sets "From:" above the department's name; other sites write "Published by".
    gov = (
        "Policy paper\n\nAdult social care charging\n\nFrom:\nDepartment of Health and Social Care"
    )
    assert find_publisher(gov)[0] == "Department of Health and Social Care"
    assert find_publisher("A plan\nPublished by NHS England\nMore.")[0] == "NHS England"
    # An e-mail header or a person is not an issuing body.
    assert find_publisher("From: Jane Smith\nTo: the team\nHello.") == (None, None)


def test_a_registered_charity_names_itself():
    text = (
        "Behind the Headlines\n\nCare workers in from the cold\n\n"
        "Age UK is a charitable company limited by guarantee and registered in England "
        "(registered charity number 1128267).\nIntroduction\n"
    )
    assert find_publisher(text)[0] == "Age UK"
    # Without the registration statement, "X is a charity" may be about anyone it mentions.
    assert find_publisher("Carers UK is a charity that helps carers.\nMore.") == (None, None)


def test_a_report_cover_names_its_issuer_beside_the_date():
    cover = (
        "INTERIM REPORT\n\nData in 2030\n\nSummary\n\nHEE Digital Readiness Programme\nMarch 2021\n"
    )
    assert find_publisher(cover)[0] == "HEE Digital Readiness Programme"
    inline = "A report\n\nNHS Digital Readiness Programme, March 2021\n"
    assert find_publisher(inline)[0] == "NHS Digital Readiness Programme"
    # A subtitle above the date is not a body.
    assert find_publisher("The health care workforce\n\nMake or break?\n\nNovember 2018\n") == (
        None,
        None,
    )


def test_a_constitution_is_its_bodys_own():
    assert issuer_in_title("NHS Sometown and District Integrated Care Board CONSTITUTION") == (
        "NHS Sometown and District Integrated Care Board"
    )
    assert issuer_in_title("Constitution of the Sometown NHS Foundation Trust") == (
        "Sometown NHS Foundation Trust"
    )
    assert issuer_in_title("The Constitution") is None
    assert issuer_in_title("Reforming the constitution") is None
    doc = understand(
        raw(
            "NHS Sometown Integrated Care Board\nCONSTITUTION\n\n1. Introduction\n\nThe ICB is "
            "established by NHS England.\n",
            title="NHS Sometown Integrated Care Board CONSTITUTION",
        )
    ).document
    assert doc.publisher == "NHS Sometown Integrated Care Board"


def test_a_page_title_ahead_of_its_site_name():
    assert site_in_title("Hospitals at capacity: delays in discharge - Nuffield Trust") == (
        "Hospitals at capacity: delays in discharge",
        "Nuffield Trust",
    )
    # hansard.parliament.uk's page title carries a section name before the site.
    assert site_in_title("Hospitals: Unsafe Discharge - Hansard - UK Parliament") == (
        "Hospitals: Unsafe Discharge",
        "UK Parliament",
    )
    # A debate's own sub-heading after a dash is not a site.
    assert site_in_title("Amendment 18: Care Bill - Committee (2nd Day) (Continued)") is None
    assert site_in_title("Social care – the next steps") is None
    doc = understand(
        raw("Delays have grown.\n\nMore text here.\n", title="Delays in discharge - Nuffield Trust")
    ).document
    assert (doc.title, doc.publisher) == ("Delays in discharge", "Nuffield Trust")


def test_a_site_name_is_cut_from_the_title_once_the_publisher_is_known():
    assert without_site("Care workers in from the cold - Age UK", "Age UK") == (
        "Care workers in from the cold"
    )
    assert without_site("Care workers - a new deal", "Age UK") == "Care workers - a new deal"
    text = (
        "Care workers in from the cold - Age UK\n\nAge UK is a charitable company limited by "
        "guarantee (registered charity number 1128267).\n\nOur care system was struggling.\n"
    )
    doc = understand(raw(text)).document
    assert (doc.title, doc.publisher) == ("Care workers in from the cold", "Age UK")


def test_a_member_page_marker_is_no_title():
    # A Parallel Parliament copy reached from a member's page: "- View Speech - Hansard - -".
    text = (
        "Moved by\nBaroness Example Portrait Baroness Example\n- View Speech - Hansard - -\n\n"
        "That this House takes note of adult social care.\n\n"
        "Baroness Example Portrait Baroness Example (Lab)\n- Hansard - -\n\n"
        "My Lords, I am grateful for this debate.\n"
    )
    doc = understand(raw(text)).document
    assert doc.title is None
    assert "View Speech" not in doc.text


def test_the_charity_that_states_its_number_not_one_it_mentions():
    text = (
        "Carers UK is a charity that we work with.\n\nMore about carers.\n\n"
        "Age UK is a charitable company limited by guarantee (registered charity number 1128267).\n"
    )
    assert find_publisher(text)[0] == "Age UK"


@pytest.mark.parametrize(
    "line, holder",
    [
        ("© The King's Fund 2024", "The King's Fund"),
        ("Copyright © 2024 Nuffield Trust. All rights reserved.", "Nuffield Trust"),
        (
            "© Copyright The Health Foundation 2024. Registered charity number 286967",
            "The Health Foundation",
        ),
        ("Copyright © Parallel Parliament 2024. All rights reserved.", "Parallel Parliament"),
        ("© 2025 mySociety", "mySociety"),
        ("© 2021, The King's Fund", "The King's Fund"),
        ("© Parliamentary copyright 2024", "UK Parliament"),
        # Crown copyright (GOV.UK's footer) names no department; prose is no copyright line.
        ("© Crown copyright 2022", None),
        ("Copyright law protects authors.", None),
    ],
)
def test_a_copyright_line_names_its_holder(line, holder):
    assert find_publisher(f"Some text.\n\n{line}\n")[0] == holder


def test_a_publisher_the_title_names_lends_the_title_no_words():
    """A question word naming a document's publisher counts as used by its sentences (it says
    where to look); a publisher its own title names (a body's constitution) is the subject too,
    which the sentences must show for themselves."""
    from dataclasses import replace
    from types import SimpleNamespace

    from core import lexical
    from core.types import Document
    from qa.engine import Engine

    own = Document(
        "d",
        "synthetic.txt",
        "The ICB will appoint five Non-executive Members.",
        "h",
        title="NHS Sometown Integrated Care Board Constitution",
        kind="report",
        publisher="NHS Sometown Integrated Care Board",
    )
    other = replace(own, doc_id="e", title="Lessons from joined-up working")
    engine = SimpleNamespace(index=SimpleNamespace(documents={"d": own, "e": other}), _doc_terms={})
    board = set(lexical.analyze(["Integrated Care Board"])[0])
    assert board <= Engine.doc_terms(engine, "e")  # another title: the publisher names the source
    assert not board & Engine.doc_terms(engine, "d")
    assert set(lexical.analyze(["report"])[0]) <= Engine.doc_terms(engine, "d")


def test_a_debate_stage_is_no_title():
    # A copy of a bill debate that starts below the bill's name (synthetic, Hansard's layout).
    text = (
        "Second Reading\nMoved by\nThat the Bill be now read a second time.\n"
        "My Lords, this Bill is about social care for the elderly.\n"
    )
    assert understand(raw(text)).document.title is None
    text = (
        "Social Care Strategy\n\nMotion to Take Note\n\nMoved by\n\nThat this House takes note.\n"
    )
    assert understand(raw(text)).document.title == "Social Care Strategy"


def test_a_sources_chamber_month_and_year_name_where_to_look():
    """ "What did the February 2022 Commons statement announce?": the citation shows the
    chamber and date, so a sentence need not repeat them; the title's subject it must."""
    from dataclasses import replace
    from types import SimpleNamespace

    from core import lexical
    from core.types import Document
    from qa.engine import Engine

    doc = Document(
        "d",
        "statement.txt",
        "Today, we are publishing the integration White Paper.",
        "h",
        title="Integration White Paper",
        kind="debate",
        date="2022-02-09",
        chamber="Commons",
    )
    engine = SimpleNamespace(index=SimpleNamespace(documents={"d": doc}), _doc_terms={})
    terms = Engine.doc_terms(engine, "d")
    assert set(lexical.analyze(["February 2022 Commons"])[0]) <= terms
    assert not set(lexical.analyze(["9 integration"])[0]) & terms
    month_only = SimpleNamespace(
        index=SimpleNamespace(documents={"d": replace(doc, date="2021-03", chamber=None)}),
        _doc_terms={},
    )
    assert set(lexical.analyze(["March 2021"])[0]) <= Engine.doc_terms(month_only, "d")


def test_a_saved_pages_file_name_names_the_site_its_text_does_not():
    # A browser saves a page under its title bar's text: the page title, then the site.
    text = "GP access report\n\nPeople told us that booking an appointment by phone was hard.\n"
    saved = RawFile("GP access report - Healthwatch Gloucestershire.txt", text, "h", {})
    assert understand(saved).document.publisher == "Healthwatch Gloucestershire"
    assert understand(RawFile("GP access report.txt", text, "h", {})).document.publisher is None
    # Where the text states no title either, the file name's title is the page's.
    prose = (
        "Patients are waiting longer to leave hospital than before the pandemic.\n\n"
        "More than one in ten beds is occupied by someone well enough to go home.\n"
    )
    name = "Hospitals at capacity_ understanding delays in patient discharge - Nuffield Trust.txt"
    doc = understand_all(RawFile(name, prose, "h", {}))[0].document
    assert (doc.title, doc.publisher) == (
        "Hospitals at capacity: understanding delays in patient discharge",
        "Nuffield Trust",
    )
    assert understand_all(RawFile("hospitals.txt", prose, "h", {}))[0].document.title is None
    # A re-hosting site's copy whose furniture was not saved is cited as the site's text of
    # Hansard, as its furniture would have placed it.
    question = (
        "Lords Chamber\nTo ask His Majesty’s Government when they will publish their strategy "
        "for the social care workforce.\n\nThe Department will shortly publish a two-year plan.\n"
    )
    name = "Social Care Workforce Strategy - Lords Chamber - Parallel Parliament.txt"
    doc = understand(RawFile(name, question, "h", {})).document
    assert (doc.kind, doc.publisher) == ("debate", "Parallel Parliament (text of Lords Hansard)")
    # A document part or a month after the dash names no site; nor does a person's name.
    assert saved_site("Data Driven Healthcare in 2030 - Summary report - Mar 21.pdf") is None
    assert saved_site("Meeting notes - John Smith.txt") is None


def test_a_saved_pages_bar_and_question_mark_written_as_underscores():
    # "Title | Site" saves as "Title _ Site"; "?" before it as "_" too.
    text = "Leaving hospital safely\n\nPeople told us they left hospital without a care plan.\n"
    name = "NHS urged to do better on leaving hospital _ Healthwatch Greenwich.txt"
    assert understand(RawFile(name, text, "h", {})).document.publisher == "Healthwatch Greenwich"
    assert saved_site("What happens when people leave hospital_ _ Healthwatch.txt") == "Healthwatch"
    # The departments' publishing site, known by its address, is who published a page that names
    # no department.
    paper = "Policy paper\n\nCare reform: next steps\n\nThe plan sets out how funding is spent.\n"
    doc = understand(RawFile("Care reform_ next steps - GOV.UK.txt", paper, "h", {})).document
    assert (doc.title, doc.publisher) == ("Care reform: next steps", "GOV.UK")


def test_the_heading_a_saved_pages_file_name_names_is_its_title():
    # A section label above the page's heading is not the title; the browser's title bar, in the
    # file name, names the heading.
    page = (
        "Adult Social Care\n\nChanges to paying for care at home\n\n"
        "From April we are changing how we charge for care at home.\n"
    )
    name = "Changes to paying for care at home - Example City Council.txt"
    doc = understand_all(RawFile(name, page, "h", {}))[0].document
    assert (doc.title, doc.publisher) == (
        "Changes to paying for care at home",
        "Example City Council",
    )
    # A question mark the file name could not hold is the heading's own.
    page = "What happens when people leave hospital?\n\nOver 2,000 people told us.\n"
    name = "What happens when people leave hospital_ _ Healthwatch.txt"
    doc = understand_all(RawFile(name, page, "h", {}))[0].document
    assert doc.title == "What happens when people leave hospital?"
    # A file name whose words no line of the text has leaves the title as the text gives it.
    page = "Adult Social Care\n\nChanges to paying for care at home\n\nFrom April we charge.\n"
    name = "Charging policy - Example City Council.txt"
    assert understand_all(RawFile(name, page, "h", {}))[0].document.title == "Adult Social Care"


def test_a_page_saved_from_a_brand_named_site_takes_its_title_from_the_file_name():
    # A re-host's front page runs its title into other lines; the browser's title bar, in the
    # file name, still names it. A month or a version after the dash is no site.
    front = (
        "BRIEFING PAPER Number 1, 30 September 2019 Care: the\n\n"
        "future By A Author of funding (England) Contents: 1. Timeline of key events.\n"
    )
    name = "Care_ the future of funding (England) - DocsLib.txt"
    doc = understand_all(RawFile(name, front, "h", {}))[0].document
    assert doc.title == "Care: the future of funding (England)"
    plain = "the text of the page starts in lower case and states no title at all.\n"
    for name in ("Care funding - Mar 21.txt", "Care funding - v3.txt", "Care funding - Final.txt"):
        assert understand_all(RawFile(name, plain, "h", {}))[0].document.title is None
