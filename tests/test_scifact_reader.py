"""The SciFact benchmark's data reading and metrics, on hand-made cells and the real data."""

from __future__ import annotations

import math

import pytest

from bench.scifact import (
    DATA,
    ZIP,
    Abstract,
    abstract_sentences,
    documents_ranked,
    ndcg_at_k,
    read_claims,
    read_corpus,
    read_qrels,
    recall_at_k,
)
from qa.retrieve import Hit


def test_abstract_cell_yields_each_sentence_apart() -> None:
    # NumPy prints the list without commas; a sentence with an apostrophe comes double-quoted.
    cell = "['First finding.'\n \"It's the second one.\"\n 'Third, with \\'escapes\\'.   \\n']"
    assert abstract_sentences(cell) == [
        "First finding.",
        "It's the second one.",
        "Third, with 'escapes'.   \n",
    ]


def test_abstract_cell_with_one_sentence_or_none() -> None:
    assert abstract_sentences("['Only one.']") == ["Only one."]
    assert abstract_sentences("[]") == []


def test_abstract_text_joins_sentences_with_a_space() -> None:
    assert Abstract("1", "T", ("A b.", "C d.")).text == "A b. C d."


def test_qrels_with_crlf_and_header() -> None:
    text = "query-id\tcorpus-id\tscore\r\n1\t31715818\t1\r\n3\t14717500\t1\r\n3\t999\t1\r\n"
    assert read_qrels(text) == {"1": {"31715818"}, "3": {"14717500", "999"}}


def test_qrels_without_the_header_is_refused() -> None:
    with pytest.raises(ValueError, match="header"):
        read_qrels("1\t2\t1\n")


def test_claims_repeated_per_evidence_document_count_once() -> None:
    rows = [
        {"id": "1", "claim": "A."},
        {"id": "1", "claim": "A."},
        {"id": "2", "claim": "B."},
        {"id": "3", "claim": "C."},
    ]
    assert read_claims(rows, {"1", "3"}) == {"1": "A.", "3": "C."}
    with pytest.raises(ValueError, match="no claim"):
        read_claims(rows, {"4"})


def test_ndcg_by_hand() -> None:
    # Relevant {a, b}; ranked c, a, d, b: DCG = 1/log2(3) + 1/log2(5), ideal = 1 + 1/log2(3).
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(["c", "a", "d", "b"], {"a", "b"}) == pytest.approx(expected)
    assert expected == pytest.approx(0.6509, abs=1e-4)
    assert ndcg_at_k(["a", "b", "c"], {"a", "b"}) == pytest.approx(1.0)
    assert ndcg_at_k(["c", "d"], {"a"}) == 0.0
    assert ndcg_at_k(["x", "a"], {"a"}, k=1) == 0.0


def test_recall_at_k() -> None:
    assert recall_at_k(["a", "x", "b"], {"a", "b", "c"}, k=2) == pytest.approx(1 / 3)
    assert recall_at_k(["a", "x", "b"], {"a", "b", "c"}, k=3) == pytest.approx(2 / 3)


def test_a_document_ranks_at_its_best_passage() -> None:
    hits = [Hit(row, 1.0 - row / 10, 0.0, 0.0, ()) for row in (2, 0, 1, 3)]
    assert documents_ranked(hits, ["a", "a", "b", "c"]) == ["b", "a", "c"]


def test_the_real_corpus_has_every_sentence() -> None:
    zip_path = DATA / ZIP
    if not zip_path.is_file():
        pytest.skip(f"SciFact data not found at {DATA} (it is not part of a fresh clone)")
    corpus = read_corpus(zip_path)
    assert len(corpus) == 5183
    assert sum(len(a.sentences) for a in corpus) == 45952
