"""bench/kinds.py on the seed corpus: its sidecars are the labels, and the text alone is read."""

from __future__ import annotations

from pathlib import Path

from bench.kinds import figures, judge, labelled_files, layout_kind, middle, read_set

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_the_seed_corpus_is_labelled_by_its_sidecars_and_read_without_them():
    files = labelled_files(CORPUS)
    assert len(files) == 5
    assert all(raw.meta == {} for _, raw in files)
    # A sidecar's null states nothing: no label for that field.
    assert all(g.get("title") is not None for g, _ in files if "title" in g)
    rows = [judge(g, docs) for g, docs in read_set(CORPUS)]
    assert figures(rows)["kind"] == 1.0
    assert figures(rows)["kind_n"] == 5


def test_a_set_labelled_for_contributions_takes_its_layouts_kind():
    assert layout_kind("historic-hansard_written-answers_1993-05-04_waiting-lists.txt") == (
        "written_question"
    )
    assert layout_kind("committees_oralevidence_1881_2021-03-16.txt") == "transcript"
    assert layout_kind("pp_commons_2025-06-03_dementia-care.txt") == "debate"


def test_ties_take_the_middle_value():
    assert middle([2, 3, 4, float("inf")]) == 3
    assert middle([3, 3, 2]) == 2
