"""bench/fact_rank.py: where the passage holding a question's fact ranks, on the seed index."""

from __future__ import annotations

from bench.fact_rank import band, fact_rank


def test_ranks_fall_in_bands_and_a_missing_fact_is_absent():
    assert [band(r) for r in (1, 5, 6, 10, 11, 20, 21, 50, 51, None)] == [
        "1-5",
        "1-5",
        "6-10",
        "6-10",
        "11-20",
        "11-20",
        "21-50",
        "21-50",
        "absent",
        "absent",
    ]


def test_the_passage_holding_the_fact_is_found_where_the_answer_draws(engine, own_questions):
    record = own_questions[0]  # "What is the Government doing about pay ...?": "fair pay agreement"
    rank = fact_rank(engine, record)
    assert rank is not None and 1 <= rank <= 5
    assert fact_rank(engine, {"q": record["q"], "answer_any": ["no passage says this"]}) is None
