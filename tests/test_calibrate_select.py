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
    assert cs.objective(rows) == pytest.approx(s["fact_in_answer"], abs=1e-4)
    # one of two unanswerable questions presented as answered: 50% against the 5% allowed
    rows.append(row(None, True, 1, answerable=False))
    assert cs.objective(rows) < cs.objective(rows[:-1])
    fact = summarise(rows)["fact_in_answer"]
    assert cs.objective(rows) == pytest.approx(fact - cs.PENALTY * (0.5 - 0.05), abs=1e-3)


def test_answers_longer_than_three_lines_on_average_are_out():
    assert cs.objective([row(True, lines=5)]) == -1.0


def test_mean_over_sets_weighs_a_small_set_as_much_as_a_large_one():
    big = [row(True)] * 9 + [row(False)]  # 0.9
    small = [row(False)]  # 0.0
    f = cs.Figures.of(big + small)
    held = np.array(["big"] * 10 + ["small"])
    everything = np.ones(11, dtype=bool)
    assert f.score(everything) == 9 / 11
    assert f.mean_over(everything, held) == 0.45
    assert f.mean_over(held == "big", held) == 0.9  # only the sets the mask holds


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
