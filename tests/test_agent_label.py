"""A label line naming who did something ("Ratified by: <body>", "Report by: <person>") answers
"who did it?" though it is not a sentence and shares few of the question's words: it speaks for
its document, as the line stating the document's date does for "when". And a reference-list
entry's year, volume and pages are not a count.

The passage is written for the test, in the layout of an NHS prescribing support document's
control table (a dev3 miss); the same kind of label heads NHS England board papers ("Report
by:") and Parallel Parliament written questions ("Asked by:")."""

from __future__ import annotations

from dataclasses import replace

from qa import answertype
from tests.test_own_date import _first
from tests.test_select import passage

REFERENCE = "Dapagliflozin in Patients with Chronic Kidney Disease."
AUTHORED = "Authored by: Cambridge University Hospitals NHS Foundation Trust"
RATIFIED = "Ratified by: Cambridgeshire and Peterborough Joint Prescribing Group"
TITLE = "Dapagliflozin for Chronic Kidney Disease in Adults: Prescribing Support Document"


def test_a_by_label_names_who_did_what_its_field_says():
    assert answertype.agent(RATIFIED)
    assert answertype.agent("Report by: Sarah-Jane Marsh, National Director for Urgent Care")
    assert answertype.agent("Asked by: Maya Ellis (Labour - Ribble Valley)")
    assert not answertype.agent("Paper type: For information")
    assert not answertype.agent("It was ratified by the Joint Prescribing Group.")  # no label
    # The body the question itself names is not the answer.
    asked = answertype.words("Who ratified it: the Joint Prescribing Group of Cambridgeshire?")
    assert not answertype.agent("Ratified by: Joint Prescribing Group", asked)


def test_who_ratified_the_document_is_answered_by_its_ratified_by_line():
    chunk, doc = passage([REFERENCE, AUTHORED, RATIFIED])
    doc = replace(doc, title=TITLE)
    q = (
        "Who ratified the Cambridgeshire and Peterborough prescribing support document on "
        "dapagliflozin for chronic kidney disease?"
    )
    assert _first(q, doc, chunk) == RATIFIED


def test_a_reference_entrys_year_volume_and_pages_are_no_count():
    entry = f"{REFERENCE} N Engl J Med. 2020;383(15):1436- 46."
    assert not answertype.present(answertype.NUMBER, entry)
    assert not answertype.present(answertype.NUMBER, "BMJ 2019;364:l1234.")
    assert answertype.present(answertype.NUMBER, "In 2020; 383 patients were prescribed it.")


def test_a_label_line_holding_the_fact_asked_for_speaks_for_its_document():
    # Any label line ("Review date: October 2026", "Publication reference: PR2086": an NHS
    # prescribing support document's control table, an NHS England policy's front page) that
    # holds the kind of fact asked for speaks for its document as a "by" label does for "who":
    # the title's words are its own, so a sentence that only shares the topic does not
    # outrank it.
    review = "Review date: October 2026"
    chunk, doc = passage([REFERENCE, AUTHORED, RATIFIED, review])
    doc = replace(doc, title=TITLE)
    q = "When is the dapagliflozin for chronic kidney disease prescribing document due for review?"
    assert _first(q, doc, chunk) == review
    reference = "Publication reference: PR2086"
    lead = (
        "This policy sets out how NHS England considers individual funding requests for "
        "treatments it does not routinely commission."
    )
    chunk, doc = passage([lead, reference])
    doc = replace(doc, title="NHS England Commissioning Policy: Individual funding requests")
    q = "What publication reference does NHS England's individual funding requests policy carry?"
    assert _first(q, doc, chunk) == reference
