"""Cleaning real layouts: site prompts, PDF running lines, hard-wrapped sentences, timestamps.

Fixtures are short excerpts of Open Parliament Licence (Hansard, Parallel Parliament copies) and
Open Government Licence (NHS England, Health Education England) text, or text written here.
"""

from __future__ import annotations

import pytest

from ingest.clean import clean, continues, furniture_reason


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Skip to main content", "skip link"),  # hansard.parliament.uk
        ("Skip to content", "skip link"),  # a think-tank blog
        ("- Hansard - - - Excerpts", "site marker"),  # Parallel Parliament, two layouts
        ("- Hansard - -", "site marker"),
        ("Baroness Pitkeathley Excerpts", "site marker"),
        ("Read Hansard Text Read Debate Ministerial Extracts", "site marker"),
        ("Read Full debate Read Hansard Text", "site marker"),
        ("Alert me about debates like this", "subscription prompt"),  # TheyWorkForYou
        ("View sample alert", "subscription prompt"),  # Parallel Parliament
        (
            "Keep yourself up-to-date with the latest developments by exploring our "
            "subscription options to receive notifications direct to your inbox",
            "subscription prompt",
        ),
        (
            'To match an exact phrase, use quotation marks around the search term. eg. "NHS".',
            "search help",
        ),
        ("Request free trial", "trial prompt"),
        ("Upload: others / 2 views", "view counter"),
        ("This content is more than five years old", "archive notice"),
        ("Unfortunately, your browser is too old to work on this website.", "browser notice"),
        ("Share this page", "share or print prompt"),
        ("We use some essential cookies to make this website work.", "cookie prompt"),
        ("====================", "rule line (markup)"),
    ],
)
def test_site_furniture_lines(line: str, reason: str) -> None:
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Baroness Wheeler Portrait Baroness Wheeler (Lab)",  # a speaker line: structure reads it
        "My Lords, I share the noble Baroness's concern about delayed discharge.",
        "Print media reported the figures the next day.",
        "The extracts were read in full.",
        "We use the Better Care Fund to pay for cookies at the day centre.",
    ],
)
def test_content_and_speaker_lines_stay(line: str) -> None:
    assert furniture_reason(line) is None


NHSE_PAGES = "\n".join(
    [
        "1  |  individual funding requests",
        "Individual funding requests policy",
        "73. Where the IFR Panel has not supported funding for a requested treatment or",
        "has decided that the request should not be considered, the clinician may ask",
        "for the decision to be reviewed.",
        "2  |  individual funding requests",
        "74. All requests for a review must be made within 20 working days of the date",
        "of the IFR Panel's decision letter.",
        "3  |  individual funding requests",
        "75. The review is not a re-hearing of the request.",
        "4  |  individual funding requests",
    ]
)
HEE_PAGES = "\n".join(
    [
        "HEE Digital Readiness Programme Summary and Recommendations",
        "Leading up to 2030, the expectation is that the NHS digital workforce will become",
        "more specialised.",
        "2",
        "HEE Digital Readiness Programme Summary and Recommendations",
        "The responsibility will then lie with the HEE Digital Readiness programme, in",
        "partnership with NHS England.",
        "3",
        "HEE Digital Readiness Programme Summary and Recommendations",
        "Key findings",
        "Investment is needed.",
        "4",
    ]
)


def _pages(text: str, starts: list[int]) -> tuple[int, ...]:
    """Page numbers for each line: a new page at each 0-based line index in `starts`."""
    out, page = [], 0
    for i in range(text.count("\n") + 1):
        page += i in starts
        out.append(page)
    return tuple(out)


def test_running_headers_page_numbers_and_wrapped_sentences_nhs_england() -> None:
    c = clean(NHSE_PAGES, _pages(NHSE_PAGES, [0, 5, 8, 10]))
    reasons = [r.reason for r in c.removed]
    assert reasons.count("running header or footer") == 4
    paragraphs = [c.text[a:b] for a, b in c.blocks]
    assert (
        "74. All requests for a review must be made within 20 working days of the date of the "
        "IFR Panel's decision letter." in paragraphs
    )
    assert paragraphs[0].endswith("the clinician may ask for the decision to be reviewed.")
    assert "individual funding requests" not in c.text.replace("Individual funding requests", "")


def test_running_headers_page_numbers_and_wrapped_sentences_hee() -> None:
    c = clean(HEE_PAGES, _pages(HEE_PAGES, [0, 4, 8, 11]))
    reasons = [r.reason for r in c.removed]
    assert reasons.count("page number") == 3
    assert "HEE Digital Readiness Programme Summary" not in c.text
    paragraphs = [c.text[a:b] for a, b in c.blocks]
    assert (
        "The responsibility will then lie with the HEE Digital Readiness programme, in "
        "partnership with NHS England." in paragraphs
    )
    assert "Key findings" in paragraphs  # a heading stays its own paragraph
    assert "Investment is needed." in paragraphs


def test_without_pages_a_number_line_is_content() -> None:
    c = clean("Beds occupied by delayed patients\n13,440\nThe figure rose again.")
    assert "13,440" in c.text


def test_continuation_rules() -> None:
    assert continues("the number of beds occupied by people who", "are fit to leave")
    assert continues("workforce planning across the NHS and", "Social Care")
    assert not continues("Asked by", "Baroness Wheeler Portrait Baroness Wheeler")
    assert not continues("Key findings", "Investment is needed.")
    assert not continues("It ends here.", "and starts again")
    assert not continues("| a | b |", "| c | d |")
    assert not continues("Recommendations include", "• more training")
    # "e.g." and "i.e." never end a sentence: the line after them is its rest.
    assert continues("Please itemise the costs (e.g.", "staff time, equipment) and attach them.")
    assert continues("a sensor that a third party (i.e.", "Parent or guardian) can read")
    wrapped = clean("Please itemise the costs (e.g.\nstaff time, equipment) and attach them.")
    assert wrapped.text == "Please itemise the costs (e.g. staff time, equipment) and attach them."


def test_hard_wrapped_hyphenated_word_joins_without_a_space() -> None:
    c = clean("Realising the ambitions of the NHS through data-\ndriven care is the aim.")
    assert c.text == "Realising the ambitions of the NHS through data-driven care is the aim."


def test_time_lines_and_transcript_timestamps_are_not_quote_text() -> None:
    pp = clean("Question for Short Debate\n13:26\nAsked by\nBaroness Wheeler Portrait Baroness")
    assert "13:26" not in pp.text
    hh = clean("HL Deb 27 January 2003 vol 643 cc919-70\n3.8 p.m.\nMy Lords, I beg to move.")
    assert "3.8 p.m." not in hh.text
    tr = clean("Hearing\n[10:02:15] Thank you, my Lady.\n[10:02:30] Please sit down.")
    assert tr.text == "Thank you, my Lady.\n\nPlease sit down."
    assert [r.reason for r in tr.removed].count("timestamp (not quoted)") == 2
    assert "1.10" in clean("Schedule\n1.10\nThe board meets monthly.").text
    inquiry = clean("Hearing\n(10.00 am)\nLADY HALLETT: Good morning.\n(11.15 am)")
    assert inquiry.text == "LADY HALLETT: Good morning."


def test_markdown_table_rows_stay_whole_and_the_rule_goes() -> None:
    table = "Results\n| Region | Delays |\n|---|---|\n| North | 1,200. Rising |\n| South | 900 |"
    c = clean(table)
    rows = [c.text[a:b] for a, b in c.blocks]
    assert rows == ["| Region | Delays |", "| North | 1,200. Rising |", "| South | 900 |"]
    assert any(r.reason == "table rule (markup)" for r in c.removed)


def test_a_one_line_document_keeps_its_line() -> None:
    c = clean("Smoking increases the risk of lung cancer")
    assert c.text == "Smoking increases the risk of lung cancer"
    assert c.title == "Smoking increases the risk of lung cancer"


def test_contents_entries_are_not_joined() -> None:
    titles = ["Overview", "Eligibility", "Screening", "Decisions", "Reviews", "Urgent cases"]
    titles += ["Personal budgets", "Equality", "Glossary", "Annex A", "Annex B", "Annex C"]
    lines = [f"{t} {'.' * (70 - len(t))} {i + 3}" for i, t in enumerate(titles)]
    body = ["Overview", "This policy sets out how requests are decided."]
    raw = "\n".join(["Individual funding requests", "Contents", *lines, *body])
    c = clean(raw, tuple(1 + i // 4 for i in range(len(lines) + 4)))
    assert [c.text[a:b] for a, b in c.blocks] == body  # removed, and never joined to content
    assert [r.text for r in c.removed if r.reason == "contents page"] == ["Contents", *lines]


def test_a_numbered_heading_in_mid_page_is_not_a_running_line() -> None:
    lines = []
    for page, topic in enumerate(("beds", "staff", "homes", "funding"), start=1):
        lines += [f"Report on discharge, page {page}", f"Pressure on {topic} grew."]
        lines += [f"Councils reported {topic} data.", f"Recommendation {page}"]
        lines += [f"Plan {topic} better.", f"Review {topic} yearly.", f"Publish {topic} figures."]
    c = clean("\n".join(lines), tuple(1 + i // 7 for i in range(len(lines))))
    assert all(f"Recommendation {n}" in c.text for n in range(1, 5))
    assert "Report on discharge" not in c.text


def test_a_title_wrapped_after_a_colon_is_joined() -> None:
    """NHS England's cover page: "Commissioning policy:" over "individual funding requests"."""
    c = clean(
        "Commissioning policy:\nindividual funding requests\nVersion 3, 8 February 2023\n"
        "Classification: Official"
    )
    assert c.title == "Commissioning policy: individual funding requests"
    assert c.text.startswith("Version 3, 8 February 2023")


def test_a_cover_label_above_the_title_is_not_the_title() -> None:
    """A report's cover label ("INTERIM REPORT", HEE) above its title, as GOV.UK's "Policy
    paper" stands above a page's: the title is the first heading below it."""
    c = clean(
        "INTERIM REPORT\nWorkforce planning for digital roles\n"
        "This summary sets out what the programme found.\nIt ends with five recommendations."
    )
    assert c.title == "Workforce planning for digital roles"
    assert c.text.startswith("INTERIM REPORT")


def test_a_lead_in_colon_joins_a_lower_case_item_but_not_a_capitalised_line() -> None:
    """An ICB constitution (Word): "The ICB must:" runs on into its lower-case duty."""
    c = clean(
        "Duties of the board\nIn exercising its functions the ICB must:\n"
        "have regard to statutory guidance including that issued by NHS England;\n"
        "Membership:\nThe board has eleven members."
    )
    paragraphs = [c.text[a:b] for a, b in c.blocks]
    assert paragraphs[0] == (
        "In exercising its functions the ICB must: have regard to statutory guidance including "
        "that issued by NHS England;"
    )
    assert paragraphs[1:] == ["Membership:", "The board has eleven members."]


@pytest.mark.parametrize(
    "line",
    ["(c) both.", "(c) make different provision for different areas.", "(c) Part 1 applies."],
)
def test_list_item_c_is_content(line: str) -> None:
    assert furniture_reason(line) is None


@pytest.mark.parametrize("line", ["(c) Crown copyright 2022", "(c) 2017 The King's Fund", "© NHS"])
def test_copyright_lines_are_furniture(line: str) -> None:
    assert furniture_reason(line) == "copyright line"


# NHS England, "Commissioning policy: individual funding requests" (2023, Open Government Licence
# v3.0), page 4 as pypdf extracts it: the paragraph's last full line, a gap, and the footnote.
FOOTNOTE_PAGE = (
    "When will NHS England consider funding in response to an IFR?\n"
    "NHS England will only provide funding in response to an IFR, if it is satisfied that\n"
    "the case meets the following criteria:\n"
    "• There is evidence that the patient presents with exceptional clinical\n"
    "circumstances1, that is:\n"
    "o There is an NHS England clinical commissioning policy, NICE\n"
    "Technology Appraisal (TA) guidance or Highly Specialised\n"
    "Technology (HST) Appraisal guidance and/or other relevant\n"
    "mandatory/statutory guidance that governs whether to fund or not\n"
    "fund the treatment for the patient's condition, and a clinician can show\n"
    " \n"
    "1 To note: In parts of this policy we refer to clinical exceptionality as shorthand for "
    "patients being\n"
    "different, as described here"
)


def test_a_full_line_runs_on_but_not_across_a_gap_on_its_page() -> None:
    c = clean(FOOTNOTE_PAGE, (4,) * (FOOTNOTE_PAGE.count("\n") + 1))
    paragraphs = [c.text[a:b] for a, b in c.blocks]
    assert paragraphs[-2].startswith("o There is an NHS England clinical commissioning policy")
    assert paragraphs[-2].endswith("and a clinician can show")
    assert paragraphs[-1] == (
        "1 To note: In parts of this policy we refer to clinical exceptionality as shorthand for "
        "patients being different, as described here"
    )


# A GOV.UK page printed by Chrome (Open Government Licence v3.0, © Crown copyright 2019): the
# print's date and the page's title, then its address cut short and the page counter, stand at
# the foot of each page as pypdf reads it; the address line is longer than RUNNING_MAX.
GOVUK_STAMP = (
    "18/02/2026, 12:48 Physical activity for women after childbirth: birth to 12 months "
    "(text of the infographic) - GOV.UK"
)
GOVUK_ADDRESS = (
    "https://www.gov.uk/government/publications/physical-activity-guidelines-pregnancy-and-"
    "after-childbirth/physical-activity-for-women-after-childbirth-birth-to-1… {n}/4"
)
GOVUK_BODY = [
    ["Physical activity: birth to 12 months", "Start pelvic floor exercises as soon as you can"],
    ["and continue daily.", "Build back up to muscle strengthening activities twice a"],
    ["week.", "It’s safe to be active. There is no evidence of harm for post-partum women."],
    ["Depending on your delivery listen to your body and start gently."],
]


def test_a_browser_printed_page_loses_its_stamp_and_cut_address_on_every_page() -> None:
    lines: list[str] = []
    pages: list[int] = []
    for n, body in enumerate(GOVUK_BODY, start=1):
        page = [*body, GOVUK_STAMP, GOVUK_ADDRESS.format(n=n)]
        lines += page
        pages += [n] * len(page)
    c = clean("\n".join(lines), tuple(pages))
    paragraphs = [c.text[a:b] for a, b in c.blocks]
    assert "https://" not in c.text and "GOV.UK" not in c.text
    assert "Start pelvic floor exercises as soon as you can and continue daily." in paragraphs
    assert "strengthening activities twice a week." in c.text
    reasons = [r.reason for r in c.removed]
    assert reasons.count("running header or footer") == 8


def test_a_browser_address_cut_shorter_beside_a_wider_counter_is_still_running() -> None:
    # Written here: Chrome cuts the address shorter on page 10 of 10 ("example.… 10/10").
    stamp = "2/13/26, 3:28 PM " + "A long page title about digital care records, " * 3
    address = "https://www.example.nhs.uk/annual-report/digital-care-records-section/?utm=example"
    lines: list[str] = []
    pages: list[int] = []
    topics = ("beds", "staff", "homes", "funding", "records", "apps", "data", "wards", "GPs")
    for n, topic in enumerate((*topics, "care homes"), start=1):
        cut = address[:-1] if n < 10 else address[:-2]
        page = [f"Work on {topic} was reported", f"by the {topic} team.", stamp, f"{cut}… {n}/10"]
        lines += page
        pages += [n] * len(page)
    c = clean("\n".join(lines), tuple(pages))
    assert "https://" not in c.text and "long page title" not in c.text
    assert "Work on care homes was reported by the care homes team." in c.text
