"""Abbreviations a document defines, read beside their names where the model embeds a sentence.

Excerpts: NHS England, "Commissioning policy: individual funding requests", version 3, 8 February
2023 (Open Government Licence v3.0), and a Commons written answer of 27 October 2009 (ParlParse
XML, Open Parliament Licence v3.0).
"""

from __future__ import annotations

import numpy as np

from core import embedder
from core.types import Chunk, Document
from ingest.abbrev import definitions, expanded
from ingest.build import sentence_texts

POLICY = (
    "In such circumstances, clinicians, on behalf of their patient, may make an Individual "
    "Funding Request (IFR) to NHS England for a treatment that is not routinely commissioned by "
    "NHS England.\n\nScreening for sufficient information\n\n53. Any IFR requests will first be "
    "screened by NHS England’s IFR team in accordance with the procedures set out in the NHS "
    "England IFR SOP."
)
ANSWER = (
    "For the households below average income series, incomes have been equivalised using the "
    "Organisation for Economic Co-operation and Development (OECD) equivalisation factors."
)


def test_a_document_defines_short_forms_by_initials_or_as_a_defined_term():
    assert definitions(POLICY) == {"IFR": "Individual Funding Request"}
    assert definitions(ANSWER) == {"OECD": "Organisation for Economic Co-operation and Development"}
    # A defined term need not be the name's initials when the text introduces it with "the" or
    # quotes (an illustrative sentence in the form of ICB constitutions).
    defined = "NHS Anytown and District (NHS A&D or the ICB), our ICB, brings the NHS together."
    assert definitions(defined) == {"ICB": "NHS Anytown and District"}
    assert definitions("The Care Act 2014 (the Act) and a list (a) to (c).") == {}


def test_a_sentence_is_embedded_with_the_names_its_short_forms_stand_for():
    """Only the embedded text changes: the chunk's sentences stay slices of the cited text."""
    doc = Document("policy", "policy.pdf", POLICY, "0" * 64)
    screened = POLICY.index("53. Any IFR")
    first_end = POLICY.index("\n\nScreening")
    chunk = Chunk(
        "policy:1", "policy", 0, len(POLICY), POLICY, 0, ((0, first_end), (screened, len(POLICY)))
    )
    defining, screening = sentence_texts([chunk], {"policy": doc})
    assert defining == POLICY[:first_end]  # it names the request itself
    assert screening.startswith("53. Any IFR (Individual Funding Request) requests will first")
    assert screening.count("(Individual Funding Request)") == 1  # at its first use only
    assert expanded("No short form here.", definitions(POLICY)) == "No short form here."
    model = embedder.load(embedder.DEFAULT_MODEL)
    q, plain, read = model.encode(
        ["How are individual funding requests screened?", POLICY[screened:], screening]
    )
    assert float(np.dot(q, read)) > float(np.dot(q, plain)) + 0.05
