"""The weight search of bench/calibrate_select.py: its objective, pooled or per set, and the
coordinate ascent over its grid."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench import calibrate_select as cs
from bench.answers import summarise
from bench.calibration_sets import cached, named_set
from qa.select import Weights


def row(fact: bool | None, direct: bool = True, lines: int = 2, answerable: bool = True) -> dict:
    return {
        "type": "what",
        "answerable": answerable,
        "fact": fact,
        "refused": False,
        "direct": direct,
        "sentences": lines,
    }


def test_folds_hold_both_labels_of_every_set():
    items = [
        cs.Asked(name, {"q": f"{name}{i}", "kind": kind}, None, None, frozenset())
        for name in ("a", "b")
        for i, kind in enumerate(["answerable"] * 10 + ["unanswerable"] * 5)
    ]
    f = cs.folds(items, k=5)
    for k in range(5):
        held = [it for it, x in zip(items, f, strict=True) if x == k]
        assert {(it.set, it.record["kind"]) for it in held} == {
            (s, kind) for s in "ab" for kind in ("answerable", "unanswerable")
        }


def test_the_objective_counts_as_the_answers_bench_does():
    rows = [row(True), row(False), row(True, lines=4), row(None, False, 1, answerable=False)]
    s = summarise(rows)
    # the mean of the fact share and the direct share of the answerable questions
    expected = (s["fact_in_answer"] + s["answerable_direct"]) / 2
    assert cs.objective(rows) == pytest.approx(expected, abs=1e-4)
    # one of two unanswerable questions presented as answered: 50% against the 5% allowed
    rows.append(row(None, True, 1, answerable=False))
    assert cs.objective(rows) < cs.objective(rows[:-1])
    s = summarise(rows)
    shares = (s["fact_in_answer"] + s["answerable_direct"]) / 2
    assert cs.objective(rows) == pytest.approx(shares - cs.PENALTY * (0.5 - 0.05), abs=1e-3)


def test_the_objective_counts_answerable_questions_not_answered_directly():
    # The same facts in the answers, but half of them now offered as "does not answer this
    # directly": the fact alone cannot see that; the objective must.
    direct = [row(True), row(True), row(False)]
    hedged = [row(True), row(True, direct=False), row(False, direct=False)]
    assert summarise(direct)["fact_in_answer"] == summarise(hedged)["fact_in_answer"]
    assert cs.objective(hedged) < cs.objective(direct)
    assert cs.objective(direct) == pytest.approx((2 / 3 + 1) / 2)
    assert cs.objective(hedged) == pytest.approx((2 / 3 + 1 / 3) / 2)


def test_a_setting_is_adopted_only_if_no_set_loses_more_than_one_direct_answer():
    held = np.array(["a"] * 4 + ["b"] * 4)
    product = [row(False)] * 8
    # better facts everywhere, and b loses two direct answers: not adopted
    worse = [row(True)] * 4 + [row(True), row(True), row(True, False), row(True, False)]
    ok, why = cs.adoptable(cs.Figures.of(product), cs.Figures.of(worse), held, held)
    assert not ok and why == ["b: 2 fewer direct answers"]
    # one lost is within the slack
    one = [row(True)] * 7 + [row(True, False)]
    assert cs.adoptable(cs.Figures.of(product), cs.Figures.of(one), held, held) == (True, [])
    # no better on the mean: not adopted
    ok, why = cs.adoptable(cs.Figures.of(product), cs.Figures.of(product), held, held)
    assert not ok and why[0].startswith("objective")
    # two more unanswerable questions presented as answered in one set: not adopted
    una = [row(None, False, 1, answerable=False)] * 2
    product_una = product + una
    shown = [row(True)] * 8 + [row(None, True, 1, answerable=False)] * 2
    held2 = np.array([*held, "b", "b"])
    ok, why = cs.adoptable(cs.Figures.of(product_una), cs.Figures.of(shown), held2, held2)
    assert not ok and "b: 2 more unanswerable" in why[-1]


def test_answers_longer_than_three_lines_on_average_are_out():
    assert cs.objective([row(True, lines=5)]) == -1.0


def test_mean_over_sets_weighs_a_small_set_as_much_as_a_large_one():
    big = [row(True)] * 9 + [row(False)]  # fact 0.9, all direct: 0.95
    small = [row(False)]  # fact 0, direct: 0.5
    f = cs.Figures.of(big + small)
    held = np.array(["big"] * 10 + ["small"])
    everything = np.ones(11, dtype=bool)
    assert f.score(everything) == pytest.approx((9 / 11 + 1) / 2)
    assert f.mean_over(everything, held) == pytest.approx(0.725)
    assert f.mean_over(held == "big", held) == pytest.approx(0.95)  # only the sets the mask holds


def test_ascent_finds_the_best_value_of_each_field_and_keeps_the_product_on_ties():
    base = Weights()
    assert cs.ascend(lambda w: 0.0, cs.grid()) == base

    def peak(w: Weights) -> float:  # best at overlap 1.6 and rank 0.5, whatever else
        return -abs(w.overlap - 1.6) - abs(w.rank - 0.5)

    assert cs.ascend(peak, cs.grid()) == replace(base, overlap=1.6, rank=0.5)


def test_the_grid_names_only_fields_weights_has_each_with_the_products_value(monkeypatch):
    monkeypatch.setattr(cs, "GRID", {"overlap": [0.5], "no_such_weight": [1.0]})
    assert cs.grid() == {"overlap": sorted({0.5, Weights().overlap})}


def test_a_cached_retrieval_is_reused_until_its_key_changes(tmp_path):
    calls = []

    def make() -> list[str]:
        calls.append(1)
        return ["draft"]

    path = tmp_path / "drafts.pkl"
    assert cached(path, ["v1", ["q"]], make) == ["draft"]
    assert cached(path, ["v1", ["q"]], make) == ["draft"]
    assert len(calls) == 1
    cached(path, ["v2", ["q"]], make)  # another index version
    assert len(calls) == 2
    path.write_bytes(b"not a pickle")
    assert cached(path, ["v2", ["q"]], make) == ["draft"]
    assert len(calls) == 3


def test_a_set_is_named_on_the_command_line():
    assert named_set("hd2=../hd2") == ("hd2", Path("../hd2"))
    with pytest.raises(argparse.ArgumentTypeError):
        named_set("../hd2")
