"""Hybrid retrieval capabilities on the repo's corpus: glossary, phrases, exclusion, diversity,
filters inside the search."""

from __future__ import annotations

import json

import pytest

from core.errors import InputError
from qa.__main__ import main
from qa.glossary import expansions
from qa.query import Filters, date_in_range, parse

HEWITT = "003_b60c2cd22ea21d0f"
NEWSLETTER = "004_cbf5e1164febe16d"
DEBATE = "001_b5119bf216dad2f6"


def top_chunks(engine, question, n=5, **filters):
    return [engine.index.chunks[h.row] for h in engine.search(question, Filters(**filters))[:n]]


def test_glossary_expands_acronyms_both_ways():
    assert "integrated care systems" in expansions("How many ICSs are there?")
    assert "ICS" in expansions("What are integrated care systems for?")
    assert "RCN" in expansions("What did the nursing union say?")
    assert "delayed discharge" in expansions("Is bed blocking getting worse?")
    # the NHS Continuing Healthcare framework writes "MDT" for the team a question spells out
    assert "MDT" in expansions("Who sits on a multidisciplinary team?")
    assert expansions("What is the Care Certificate?") == []


def test_acronym_finds_the_spelled_out_passage(engine):
    # The Hewitt article says "integrated care systems (ICSs)" and mostly "ICSs" after.
    chunks = top_chunks(engine, "How many ICS were created, and when?", 3)
    assert any("42 ICSs were established" in c.text for c in chunks)


def test_quoted_phrase_must_match(engine):
    chunks = top_chunks(engine, 'What is said about the "fair pay agreement"?', 10)
    assert chunks
    assert all("fair pay agreement" in c.text.lower() for c in chunks)


def test_phrase_absent_from_corpus_returns_nothing(engine):
    assert engine.search('What about "hip replacement waiting times"?') == []


def test_leading_minus_excludes(engine):
    q = "What did the review recommend for the social care workforce?"
    assert any(c.doc_id == HEWITT for c in top_chunks(engine, q))
    chunks = top_chunks(engine, q + " -Hewitt", 20)
    assert chunks and all("hewitt" not in c.embed_text.lower() for c in chunks)
    assert parse(q + ' -"social care"').excluded == ("social care",)
    assert parse("Does it fall by -2 to -3 points?").excluded == ()


def test_answers_that_span_sources_cite_at_least_three_documents(engine):
    a = engine.ask("What have different sources said about joint training for staff?")
    assert len({c.doc_id for c in a.citations}) >= 3


@pytest.mark.parametrize(
    "filters, check",
    [
        ({"kind": "newsletter"}, lambda c, d: d.kind == "newsletter"),
        ({"doc": HEWITT}, lambda c, d: c.doc_id == HEWITT),
        ({"doc": "003_b60c2cd22ea21d0f.txt"}, lambda c, d: c.doc_id == HEWITT),
        ({"since": "2020"}, lambda c, d: d.date and d.date >= "2020"),
        ({"until": "2012-12-31"}, lambda c, d: d.date and d.date <= "2012-12-31"),
        ({"role": "minister"}, lambda c, d: d.sections[c.section].role == "minister"),
        ({"role": "question"}, lambda c, d: d.sections[c.section].role == "question"),
        ({"role": "member"}, lambda c, d: d.sections[c.section].role == "member"),
    ],
)
def test_each_filter_restricts_the_search_and_never_empties_it(engine, filters, check):
    # A question best answered elsewhere: the filter must still return its own matches.
    chunks = top_chunks(
        engine, "What is said about integrated working and training?", 50, **filters
    )
    assert chunks
    for c in chunks:
        assert check(c, engine.index.documents[c.doc_id])


def test_filtered_answer_cites_only_matching_passages(engine):
    a = engine.ask(
        "What is being done about pay for care workers?", filters=Filters(role="minister")
    )
    assert a.citations and all(c.role == "minister" for c in a.citations)


def test_dates_compare_at_the_precision_given():
    assert date_in_range("2012-01-30", "2012", "2012")
    assert date_in_range("2012-01", "2012-01-15", None)
    assert not date_in_range("2023-04-04", None, "2022")
    assert not date_in_range(None, "2000", None)


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "poem"},
        {"role": "chair"},
        {"since": "last year"},
        {"since": "2024", "until": "2020"},
    ],
)
def test_bad_filters_are_refused_with_the_valid_choices(bad):
    with pytest.raises(InputError):
        Filters(**bad)


def test_cli_filters(capsys, built_index):
    code = main(
        [
            "ask",
            "--index",
            str(built_index),
            "--json",
            "--kind",
            "newsletter",
            "What should the two sectors share?",
        ]
    )
    d = json.loads(capsys.readouterr().out)
    assert code == 0 and d["citations"]
    assert {c["doc_id"] for c in d["citations"]} == {NEWSLETTER}
    code = main(["ask", "--index", str(built_index), "--role", "chair", "What?"])
    assert code == 2 and "minister, question, member" in capsys.readouterr().err
    code = main(["ask", "--index", str(built_index), "--doc", "nope.txt", "What?"])
    assert code == 2 and "no document 'nope.txt'" in capsys.readouterr().err


def test_diversity_defers_only_when_another_source_is_nearly_as_good():
    from qa.retrieve import Hit, diversify

    def hit(row, score):
        return Hit(row, score, 0.5, 1.0, (0.5,))

    doc_of = ["a", "a", "a", "b", "c"]
    close = [hit(0, 0.9), hit(1, 0.85), hit(2, 0.8), hit(3, 0.78), hit(4, 0.5)]
    assert [h.row for h in diversify(close, 4, doc_of, 2)][:4] == [0, 1, 3, 2]
    far = [hit(0, 0.9), hit(1, 0.85), hit(2, 0.8), hit(3, 0.4), hit(4, 0.3)]
    assert [h.row for h in diversify(far, 4, doc_of, 2)][:4] == [0, 1, 2, 3]
    strict = diversify(far, 3, doc_of, 1, margin=float("inf"))
    assert [doc_of[h.row] for h in strict[:3]] == ["a", "b", "c"]


def test_a_document_that_leads_every_other_by_more_than_lead_is_not_capped():
    from qa.retrieve import Hit, diversify, leading

    def hit(row, score):
        return Hit(row, score, 0.5, 1.0, (0.5,))

    doc_of = ["a", "a", "a", "a", "b", "c"]
    # "a" leads "b" by 0.17 (a transcript's or a debate's own passages, another source close
    # behind only its third): past a lead of 0.1 all four stay in the top 4.
    ranked = [hit(0, 0.99), hit(1, 0.95), hit(2, 0.86), hit(4, 0.82), hit(3, 0.81), hit(5, 0.8)]
    assert leading(ranked, doc_of, 0.1) == "a"
    assert [h.row for h in diversify(ranked, 4, doc_of, 2, lead=0.1)][:4] == [0, 1, 2, 4]
    assert [h.row for h in diversify(ranked, 5, doc_of, 2, lead=0.1)][:5] == [0, 1, 2, 4, 3]
    # Without the lead (or with a larger one) the cap defers the third for the other source.
    assert [h.row for h in diversify(ranked, 4, doc_of, 2)][:4] == [0, 1, 4, 5]
    assert leading(ranked, doc_of, 0.2) is None
    # A document that is the only source leads whatever the lead.
    assert leading(ranked[:3], ["a"] * 3, 5.0) == "a"
    assert leading([], doc_of, 0.1) is None


def test_the_top_k_are_spread_across_source_files_not_the_documents_one_file_holds(tmp_path):
    """A ParlParse file holding a whole sitting day is one document per debate or question, but
    one source: the cap on passages from one source counts the file, so a day of written
    answers cannot fill the top 5 ahead of a paper nearly as good (tests/parliament: Open
    Parliament Licence v3.0)."""
    import shutil
    from pathlib import Path

    from ingest.build import build
    from qa.engine import PER_DOC, Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Path(__file__).parent / "parliament" / "daylord-excerpt.xml", corpus / "day.xml")
    seed = Path(__file__).parent.parent / "corpus"
    for name in (f"{NEWSLETTER}.txt", f"{NEWSLETTER}.txt.meta.json"):
        shutil.copy(seed / name, corpus)
    build(corpus, tmp_path / "index", progress=False)
    engine = Engine.load(tmp_path / "index")
    docs = {engine.doc_of[r] for r in range(len(engine.doc_of))}
    from_day = {d for d in docs if engine.index.documents[d].source == "day.xml"}
    assert len(from_day) >= 2
    assert {engine.source_of[r] for r in range(len(engine.doc_of))} == {
        "day.xml",
        f"{NEWSLETTER}.txt",
    }
    question = "What did the minister say about care?"
    hits = engine.search(question)
    top = engine.retrieved(question, 5)
    day = [h for h in top if engine.source_of[h.row] == "day.xml"]
    other = [h for h in hits if engine.source_of[h.row] != "day.xml" and h not in top]
    if len(day) > PER_DOC:  # only when no other source's passage was nearly as good
        assert not any(o.score >= day[-1].score - 0.1 for o in other)


def test_a_best_sentence_lowers_its_passage_by_at_most_the_sentence_gap():
    import numpy as np

    from qa.retrieve import Fusion, rank

    # Passage 0: whole-passage cosine 0.9, its short lines 0.4 each (a date line, a reference);
    # passage 1: 0.8 and a sentence of 0.75. Dense side alone, half each.
    dense = np.array([0.9, 0.8], dtype=np.float32)
    sentences = np.array([0.4, 0.3, 0.75], dtype=np.float32)
    offsets = np.array([0, 2, 3])
    lexical = np.zeros(2, dtype=np.float32)
    mask = np.ones(2, dtype=bool)
    free = Fusion(method="dense", sentence_weight=0.5)
    assert [h.row for h in rank(dense, sentences, offsets, lexical, mask, free)] == [1, 0]
    capped = Fusion(method="dense", sentence_weight=0.5, sentence_gap=0.15)
    hits = rank(dense, sentences, offsets, lexical, mask, capped)
    assert [h.row for h in hits] == [0, 1]
    assert hits[0].score == pytest.approx(0.9 - 0.5 * 0.15)  # 0.5 * 0.9 + 0.5 * (0.9 - 0.15)
    assert hits[1].score == pytest.approx(0.5 * 0.8 + 0.5 * 0.75)  # within the gap: unchanged
    assert hits[0].sentence_scores == pytest.approx((0.4, 0.3))  # the hit keeps the raw cosines


@pytest.fixture(scope="module")
def motion_engine(tmp_path_factory):
    """An index of a hansard.parliament.uk copy of a Lords take-note debate and the seed
    documents (tests/parliament: Open Parliament Licence v3.0; corpus/: the seed documents)."""
    import shutil
    from pathlib import Path

    from ingest.build import build
    from qa.engine import Engine

    tmp_path = tmp_path_factory.mktemp("motion")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Path(__file__).parent / "parliament" / "hansard-motion.txt", corpus)
    for path in (Path(__file__).parent.parent / "corpus").iterdir():
        shutil.copy(path, corpus)
    build(corpus, tmp_path / "index", progress=False)
    return Engine.load(tmp_path / "index")


def test_a_date_line_is_retrieved_though_no_sentence_of_it_matches_alone(motion_engine):
    """A Hansard page's date line ("Volume 839: debated on Thursday 10 October 2024 / Motion to
    Take Note / Moved by") matches a "when did they debate ...?" question through its passage's
    context (the debate's title); its lines, embedded without that context, match nothing, and
    the best of them pulled it out of the top 5."""
    from dataclasses import replace

    from qa.engine import DEFAULT_FUSION

    engine = motion_engine
    question = (
        "When did peers debate the need for a comprehensive social care strategy and more "
        "help for unpaid carers?"
    )

    def dated(hits):
        return [i for i, h in enumerate(hits) if "debated on" in engine.index.chunks[h.row].text]

    assert dated(engine.top_hits(question, 5))
    line = engine.search(question)[dated(engine.search(question))[0]]
    assert line.dense - max(line.sentence_scores) > DEFAULT_FUSION.sentence_gap
    unlimited = engine.search(question, fusion=replace(DEFAULT_FUSION, sentence_gap=None))
    assert dated(unlimited)[0] >= 5


@pytest.mark.parametrize(
    "question",
    [
        "Who moved the motion on the state of social care in England?",
        "Why did the mover say a comprehensive social care strategy is needed?",
    ],
)
def test_a_record_header_with_nothing_to_quote_takes_no_place_in_the_top_k(motion_engine, question):
    """The header of a debate ("Volume 839: debated on Thursday 10 October 2024 / Motion to
    Take Note / Moved by") is retrieved through its context, the opening words of the speech
    under it, though it has nothing of them to quote: it goes after every passage that says
    something, so it does not push the speech's own passages out of the top 5. The motion and
    the speeches keep their places."""
    engine = motion_engine

    def header(hit):
        return engine.index.chunks[hit.row].text.startswith("Volume 839: debated on")

    assert any(header(h) for h in engine.search(question)[:5])  # ranked among the top 5
    top = engine.retrieved(question, 5)
    assert not any(header(h) for h in top)
    assert engine.index.chunks[top[0].row].text.startswith("That this House takes note")
    assert not engine.quotable(next(h.row for h in engine.search(question) if header(h)))
    assert all(engine.quotable(h.row) for h in top)


def test_top_hits_are_the_passages_the_answer_draws_on(engine):
    # A question naming a speaker: that speaker's contributions come first in the passages the
    # answer cites and shows, and `top_hits` is that list, not retrieval before the preference.
    question = "What did Baroness Pitkeathley say about joint training?"
    top = engine.top_hits(question)
    assert [h.row for h in top] == [h.row for h in engine.draft(question).hits]

    def speaker(hit):
        chunk = engine.index.chunks[hit.row]
        return engine.index.documents[chunk.doc_id].sections[chunk.section].speaker

    assert [speaker(h) for h in top[:2]] == ["Baroness Pitkeathley"] * 2
    assert [h.row for h in engine.retrieved(question)] != [h.row for h in top]
