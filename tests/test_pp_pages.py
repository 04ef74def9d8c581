"""Parallel Parliament pages: a speaker's portrait caption spelled with another apostrophe than
the label, and a listing of written questions placed on the site by its own furniture. Excerpts
of Parallel Parliament copies of Hansard and of written questions (Open Parliament Licence v3.0)."""

from __future__ import annotations

from ingest.hansard import read_label
from ingest.structure import find_host

LISTING = (
    'To match an exact phrase, use quotation marks around the search term. eg. "Parliamentary '
    'Estate". Use "OR" or "AND" as link words to form more complex queries.\n\n\n'
    "Keep yourself up-to-date with the latest developments by exploring our subscription "
    "options to receive notifications direct to your inbox\n\n"
    "Written Question\nSocial Services: Standards\nWednesday 22nd June 2022\n\n"
    "Asked by: Lord Taylor of Warwick (Non-affiliated - Life peer)\n"
)


def test_a_portrait_caption_names_the_speaker_whatever_its_apostrophe():
    label = read_label(
        "Neil O'Brien Portrait The Parliamentary Under-Secretary of State for Health and Social "
        "Care (Neil O’Brien)"
    )
    assert label is not None
    assert label.speaker == "Neil O’Brien"  # as the label spells it
    assert label.office == "The Parliamentary Under-Secretary of State for Health and Social Care"


def test_a_listing_of_written_questions_is_placed_on_its_site():
    site, why = find_host(LISTING)
    assert site == "Parallel Parliament"
    assert why and "To match an exact phrase" in why
    # One marker alone places nothing.
    assert find_host(LISTING.split("\n\n\n")[0]) == (None, None)
