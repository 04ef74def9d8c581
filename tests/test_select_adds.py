"""An answer must add something to the question: the fact it asks for, not its own words back.
Excerpts from Hansard (House of Commons and House of Lords, 2009 and 2024), Parliamentary
copyright, reused under the Open Parliament Licence v3.0, and from an NHS prescribing support
document (Open Government Licence v3.0)."""

from __future__ import annotations

from core import lexical
from qa import answertype
from qa.query import role_matches, speaker_matches
from qa.retrieve import Hit
from qa.select import Ask, Candidate, Weights, candidates, score
from tests.test_select import passage

BRADLEY = [
    "The Government are pleased to report that since the publication of Lord Bradley's review, "
    "a cross-departmental Health and Criminal Justice National Programme Board has been "
    "established to consider Lord Bradley's recommendations in detail and to develop a national "
    "delivery plan.",
    '"Improving Health, Supporting Justice"—the delivery plan of the Health and Criminal Justice '
    "Programme Board—will be published in November.",
]
CARERS = [
    "Last week the Standing Commission on Carers published its first annual report, which I have "
    "today placed in the Library.",
    'Entitled "Carers at the heart of 21st century families and communities-work in progress", '
    "the report concludes the first stage of the Commission's work (2007 to 2009).",
]


def ranked(question: str, sentences: list[str], kind: str | None) -> list[Candidate]:
    chunk, doc = passage(sentences)
    terms = lexical.analyze([question])[0]
    ask = Ask(
        dict.fromkeys(terms, 1.0),
        kind,
        known=answertype.words(question),
        measure=answertype.measure(question) if kind == answertype.NUMBER else None,
        past=kind == answertype.DATE and answertype.past(question),
        happened=kind is None and answertype.happened(question),
    )
    hit = Hit(0, 1.0, 0.5, 1.0, tuple(0.5 for _ in sentences))
    return candidates(
        ask, [hit], [chunk], {"d": doc}, lexical.analyze, speaker_matches, role_matches
    )


def test_what_name_and_what_title_ask_for_a_title():
    assert (
        answertype.asked(
            "What name was given to the national delivery plan responding to the Bradley review?"
        )
        == answertype.TITLE
    )
    assert (
        answertype.asked(
            "What was the title of the Standing Commission on Carers' first annual report?"
        )
        == answertype.TITLE
    )
    assert answertype.asked("What is the cautious scenario in the forecast called?") == (
        answertype.TITLE
    )


def test_a_title_is_quoted_named_after_entitled_or_set_beside_what_it_names():
    q = "What name was given to the national delivery plan responding to the Bradley review?"
    known = answertype.words(q)
    assert not answertype.present(answertype.TITLE, BRADLEY[0], known=known)
    assert answertype.present(answertype.TITLE, BRADLEY[1], known=known)
    assert answertype.present(answertype.TITLE, CARERS[1], known=known)
    assert not answertype.present(answertype.TITLE, CARERS[0], known=known)
    # "our annual data-led review of social care performance, Social Care 360" (The King's Fund)
    assert answertype.present(
        answertype.TITLE,
        "This submission draws on our annual data-led review of social care performance, "
        "Social Care 360.",
        known=answertype.words("What is the name of the annual review of social care?"),
    )


def test_the_sentence_restating_the_question_is_joined_by_the_one_holding_the_title():
    q = "What was the title of the Standing Commission on Carers' first annual report?"
    best = ranked(q, CARERS, answertype.TITLE)[0]
    assert (best.first, best.last) == (0, 1)
    q = "What name was given to the national delivery plan responding to the Bradley review?"
    best = ranked(q, BRADLEY, answertype.TITLE)[0]
    assert best.last == 1


def test_an_identifier_or_the_day_of_a_date_is_not_a_count():
    count = answertype.COUNT
    assert not answertype.present(
        answertype.NUMBER,
        "[Relevant document: e-petition 564154, Independent review of the NHS dental contract.]",
        measure=count,
    )
    assert answertype.present(
        answertype.NUMBER,
        "The e-petition was signed by more than 10,000 members of the public.",
        measure=count,
    )
    assert not answertype.present(
        answertype.NUMBER,
        "The report also considers the care given to Fabio when he was brought back to East "
        "Surrey hospital by ambulance on the morning of Sunday 17 February.",
        measure=count,
    )
    assert answertype.present(
        answertype.NUMBER, "The external review identified 39 areas of clinical concern."
    )


def test_the_speaker_the_question_names_is_not_the_answer_to_whose():
    q = "Whose speech did Lord Blencathra call superb?"
    known = answertype.words(q)
    said = "I commend it as superb."
    assert not answertype.present(answertype.PERSON, said, "Lord Blencathra", known)
    assert answertype.present(answertype.PERSON, said, "Lord Rook", known)


def test_a_label_line_holding_the_body_asked_for_is_not_penalised_as_a_fragment():
    q = "Which body ratified the local dapagliflozin prescribing support document?"
    texts = [
        "Ratified by: Cambridgeshire and Peterborough Joint Prescribing Group",
        "Contact the Nephrology Department if further support is required.",
    ]
    label = next(c for c in ranked(q, texts, answertype.BODY) if c.first == 0)
    assert label.fragment and label.label and label.typed
    w = Weights()
    assert score(label, w) == score(label.__class__(**{**label.__dict__, "fragment": False}), w)


def test_by_how_much_asks_for_a_change_by_any_measure():
    # Hansard, House of Commons, NHS Dentistry in England (2024): a share answers it.
    q = "By how much was net government spending on dentistry in England cut in real terms?"
    assert answertype.measure(q) is None
    assert answertype.present(
        answertype.NUMBER,
        "Estimates suggest that net government spend on dentistry in England was cut by over a "
        "quarter between 2010 and 2020.",
        measure=answertype.measure(q),
    )
    assert answertype.measure("How much did the NHS spend on dentistry?") == answertype.MONEY
