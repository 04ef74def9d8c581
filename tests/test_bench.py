"""The eval script's scoring on hand-made answers, and its exit when the eval set is absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.eval_dev import (
    Outcome,
    is_hit,
    offset_mismatches,
    parse_record,
    score,
    search_recall,
    summarise,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = {
    "a": "Joint induction for all staff. Apprenticeships are on offer.",
    "b": "The review made seven recommendations.",
}


def cite(n: int, doc_id: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    text = DOCS[doc_id][start:end]
    return {
        "n": n,
        "chunk_id": f"{doc_id}:{n}",
        "doc_id": doc_id,
        "title": None,
        "speaker": None,
        "text": text,
        "start": start,
        "end": end,
        "score": 0.5,
        "quote": text,
        "quote_start": start,
        "quote_end": end,
        **extra,
    }


def answer(*citations: dict[str, Any], abstained: bool = False) -> dict[str, Any]:
    return {
        "question": "q",
        "answer": "\n".join(f"{c['quote']} [{c['n']}]" for c in citations),
        "abstained": abstained,
        "citations": list(citations),
        "index_version": "test",
    }


MISS_A = cite(1, "a", 31, 60)  # "Apprenticeships are on offer."
HIT_B = cite(2, "b", 0, 38)  # "The review made seven recommendations."
ASK = {
    "q": "How many recommendations?",
    "kind": "answerable",
    "expect_any": ["Seven  Recommendations"],
}


def test_hit_at_rank_1() -> None:
    o = score(ASK, answer(HIT_B, MISS_A))
    assert (o.ok, o.rank, o.abstained) == (True, 1, False)


def test_hit_at_rank_3() -> None:
    o = score(ASK, answer(MISS_A, cite(2, "a", 0, 30), HIT_B))
    assert (o.ok, o.rank) == (True, 3)


def test_miss() -> None:
    o = score(ASK, answer(MISS_A, cite(2, "a", 0, 30)))
    assert (o.ok, o.rank) == (False, None)


def test_hit_beyond_rank_5_does_not_count() -> None:
    o = score(ASK, answer(*[cite(i, "a", 0, 30) for i in range(1, 6)], HIT_B))
    assert o.rank is None


def test_abstained_on_answerable_is_a_miss() -> None:
    o = score(ASK, answer(abstained=True))
    assert (o.ok, o.rank, o.abstained) == (False, None, True)


def test_title_and_speaker_count_case_insensitively() -> None:
    assert is_hit(cite(1, "a", 0, 30, speaker="Baroness Pitkeathley"), ["PITKEATHLEY"])
    assert is_hit(cite(1, "a", 0, 30, title="Children’s  workforce"), ["children's workforce"])
    assert not is_hit(cite(1, "a", 0, 30), ["pitkeathley"])


def test_unanswerable_is_right_when_not_presented_as_answered() -> None:
    rec = {"q": "Lasagne?", "kind": "unanswerable"}
    assert score(rec, answer(abstained=True)).ok
    assert not score(rec, answer(MISS_A)).ok
    # "does not answer this directly; the closest passages are:" tells the user so too
    assert score(rec, {**answer(MISS_A), "direct": False}).ok
    assert not score(rec, {**answer(MISS_A), "direct": True}).ok


def test_multi_doc_coverage() -> None:
    rec = {"q": "Digital?", "kind": "multi_doc", "min_docs": 2}
    assert score(rec, answer(MISS_A, HIT_B)).ok
    one_doc = score(rec, answer(MISS_A, cite(2, "a", 0, 30)))
    assert (one_doc.ok, one_doc.docs) == (False, 1)
    assert not score(rec, answer(abstained=True)).ok


def test_summary_figures() -> None:
    outcomes = [
        Outcome("1", "answerable", True, False, 1, 1),
        Outcome("2", "answerable", True, False, 3, 2),
        Outcome("3", "answerable", False, False, None, 1),
        Outcome("4", "answerable", False, True, None, 0),
        Outcome("5", "unanswerable", True, True, None, 0),
        Outcome("6", "unanswerable", False, False, None, 1, direct=True),
        Outcome("9", "unanswerable", True, False, None, 1, direct=False),
        Outcome("7", "multi_doc", True, False, None, 2, 2),
        Outcome("8", "multi_doc", False, False, None, 1, 2),
    ]
    s = summarise(outcomes)
    assert s["recall_at_1"] == 0.25
    assert s["recall_at_5"] == 0.5
    assert s["mrr_at_5"] == pytest.approx((1 + 1 / 3) / 4, abs=1e-4)
    assert s["answerable_abstained"] == 1
    assert s["abstention_accuracy"] == 0.6667
    assert s["unanswerable_refused"] == 1
    assert s["multi_doc_coverage"] == 0.5


def test_summary_without_a_kind_is_none() -> None:
    assert summarise([])["recall_at_1"] is None


def test_search_recall() -> None:
    assert search_recall([1, 3, None, 2], 1) == 0.25
    assert search_recall([1, 3, None, 2], 5) == 0.75
    assert search_recall([], 5) is None


def test_offset_mismatches() -> None:
    assert offset_mismatches(answer(MISS_A, HIT_B), DOCS) == []
    shifted = {**HIT_B, "n": 1, "start": 1}
    bad_quote = {**MISS_A, "n": 2, "quote": "Apprenticeships."}
    problems = offset_mismatches(answer(shifted, bad_quote), DOCS)
    assert problems == [
        "[1] b:2: text != document.text[1:38]",
        "[2] a:1: quote != document.text[31:60]",
        "[2] a:1: quote is not in the cited passage",
    ]


def test_numbering_and_markers_are_checked() -> None:
    good = answer(MISS_A, HIT_B)
    assert offset_mismatches(
        {**good, "answer": good["answer"] + "\nAn unmarked sentence."}, DOCS
    ) == ["answer sentence without a marker: 'An unmarked sentence.'"]
    swapped = answer(HIT_B, MISS_A)  # numbered 2, 1
    assert any("do not run 1, 2, 3" in p for p in offset_mismatches(swapped, DOCS))
    unquoted = {**good, "answer": good["answer"].replace("Apprenticeships", "Training")}
    assert any("verbatim" in p for p in offset_mismatches(unquoted, DOCS))


def test_parse_record_rejects_an_answerable_without_phrases() -> None:
    with pytest.raises(ValueError, match="expect_any"):
        parse_record('{"q": "x", "kind": "answerable"}', "dev.jsonl:1")
    with pytest.raises(ValueError, match="kind"):
        parse_record('{"q": "x", "kind": "maybe"}', "dev.jsonl:2")


def test_absent_eval_file_exits_2_with_a_message(tmp_path: Path) -> None:
    missing = tmp_path / "dev.jsonl"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "eval_dev.py"), str(missing)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 2
    assert f"{missing} not found" in run.stderr
    assert "pass its path" in run.stderr


def test_load_bench_questions_are_distinct_and_it_refuses_a_missing_index(tmp_path: Path) -> None:
    from bench import load

    pool = load.distinct(load.base_questions(None), 109)  # 1 + 3 x (1 + 5 + 10 + 20)
    assert len(set(pool)) == len(pool) == 109
    assert load.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert load.main(["--index", str(tmp_path / "none")]) == 2


def test_the_answers_table_names_every_column_it_prints() -> None:
    from bench.answers import table

    row = {
        "questions": 28,
        "fact_in_answer": 0.93,
        "fact_in_first_line": 0.86,
        "answerable_gold_indexed": 28,
        "fact_in_answer_gold_indexed": 0.93,
        "answerable_refused": 0.0,
        "answerable_direct": 0.96,
        "unanswerable_direct": None,
        "mean_sentences": 1.5,
    }
    head, *rows = table("set", row, {"how_many": row}).splitlines()[1:]
    # Every column ends under its heading: as many headings as values, each right-aligned.
    assert len(head.replace("gold n", "gold_n").split()) == len(rows[0].split()) == 10
    assert all(len(r) == len(head) for r in rows)


def test_the_fact_in_the_first_line_is_counted_apart_from_the_fact_anywhere() -> None:
    from bench.answers import outcome

    record = {"q": "When was it published?", "answer_any": ["4 April 2023"], "kind": "answerable"}
    lines = [
        {"quote": "The review was welcomed.", "attribution": "", "citations": [1]},
        {"quote": "It was published on 4 April 2023.", "attribution": "", "citations": [2]},
    ]
    answer = {
        "answer": "The review was welcomed. [1]\nIt was published on 4 April 2023. [2]",
        "abstained": False,
        "direct": True,
        "lines": lines,
    }
    got = outcome(record, answer)
    assert got["fact"] and not got["first"]
    assert outcome(record, {**answer, "lines": lines[::-1]})["first"]
