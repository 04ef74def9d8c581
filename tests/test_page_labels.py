"""Labels that say what a page is, and page numbers that stand inside a sentence.

Excerpts: GOV.UK (Open Government Licence v3.0), "Hospital discharge and community support
guidance" (Department of Health and Social Care, 31 March 2022) and "Health and social care
integration: joining up care for people, places and populations" (policy paper, 11 February
2022); House of Lords Library (Open Parliament Licence v3.0), "Social care provision in the UK and
the role of carers", 17 June 2021; House of Commons Library, "Adult Social Care Funding
(England)", briefing paper CBP07903, 3 October 2019. The page-number text is written for the
test.
"""

from __future__ import annotations

import pytest

from ingest.clean import clean
from ingest.load import RawFile
from ingest.understand import understand


def doc(text: str):
    return understand(RawFile("page.txt", text, "0" * 64)).document


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Statutory guidance\n\nHospital discharge and community support guidance\n\n"
            "Department of Health and Social Care\n31 March 2022\n\nApplies to England\n\n"
            "This document sets out how health and care systems can ensure that people:\n",
            "Hospital discharge and community support guidance",
        ),
        (
            "Library Briefing\n\nSocial care provision in the UK and the role of carers\n\n"
            "The term ‘social care’ covers a wide range of support provided to children, young "
            "people, and working age and older adults, as well as their carers.\n",
            "Social care provision in the UK and the role of carers",
        ),
        (
            "BRIEFING PAPER\n\nNumber CBP07903, 3 October 2019\n\nAdult Social Care Funding "
            "(England)\n\nBy Hannah Cromarty\n\nAdult social care funding has been under "
            "pressure for a number of years.\n",
            None,  # any title but the label
        ),
    ],
)
def test_a_page_type_label_is_no_title_and_makes_the_document_a_report(text, title):
    d = doc(text)
    assert d.kind == "report"
    assert d.title == title if title else d.title != text.split("\n")[0]


def test_documents_to_download_is_never_a_title():
    d = doc(
        "Documents to download\n\nHealth and social care integration: joining up care for "
        "people, places and populations\n\nUpdated 11 February 2022\n"
    )
    assert d.title.startswith("Health and social care integration")


def test_a_page_number_inside_a_sentence_of_unpaged_text_is_furniture():
    cleaned = clean(
        "Dementia diagnosis counts are published monthly, and the majority of practices were in\n"
        "20\n"
        "support of the collection, as the survey shows.\n\n"
        "Wards per trust\n\n12\n\nbeds each\n"
    )
    assert cleaned.text.startswith("Dementia diagnosis counts are published monthly, and the ")
    assert "were in support of the collection" in cleaned.text
    assert [r.reason for r in cleaned.removed if r.text == "20"] == ["page number"]
    assert "12" in cleaned.text  # after a short line (a label or a cell) a number stays
