"""A body named as a document's author is its publisher; a person named so is not. Excerpts of a
House of Commons Health and Social Care Committee report page, "NHS dentistry" (2023), Open
Parliament Licence v3.0."""

from __future__ import annotations

from ingest.structure import find_publisher

PAGE = (
    "NHS dentistry\n\n"
    "This is a House of Commons Committee report, with recommendations to government. The "
    "Government has two months to respond.\n\n"
    "Ninth Report of Session 2022–23\n\n"
    "Author: {author}\n\n"
    "Related inquiry: NHS dentistry\n\n"
    "Date Published: 14 July 2023\n"
)


def test_a_body_named_as_author_publishes_the_document():
    publisher, why = find_publisher(PAGE.format(author="Health and Social Care Committee"))
    assert publisher == "Health and Social Care Committee"
    assert why and why.startswith("byline: Author:")


def test_a_person_named_as_author_is_no_publisher():
    assert find_publisher(PAGE.format(author="Jane Example")) == (None, None)
