"""Issue 11, search that scales: the approximate index against exact search, filters as arrays
against the per-passage rules they replace, the lazy on-disk store, and damage to its files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from core import checksum, lexical, store, vectors
from core.errors import IndexUnusableError
from ingest.build import build
from qa.engine import Engine
from qa.query import Filters, date_in_range, role_matches, speaker_matches

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ann_engine(built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The seed corpus indexed again with IVF-PQ forced (a few lists), its vectors reused."""
    index = tmp_path_factory.mktemp("ann") / "index"
    shutil.copytree(built_index.resolve(), index)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(vectors.CHOICE, vectors.IVFPQ)
        report = build(ROOT / "corpus", index, progress=False)
    assert report["status"] == "built" and report["embedded"] == {"passages": 0, "sentences": 0}
    return Engine.load(index)


def questions() -> list[str]:
    lines = (ROOT / "tests" / "questions.jsonl").read_text().splitlines()
    return [json.loads(x)["q"] for x in lines if x.strip()]


def test_manifest_records_the_index_type(engine, ann_engine):
    assert engine.index.manifest["embedding"]["type"] == vectors.FLAT and engine.index.exact
    ann = ann_engine.index.manifest["embedding"]
    assert ann["type"] == vectors.IVFPQ and not ann_engine.index.exact
    assert 1 <= ann["nprobe"] <= ann["nlist"] < len(ann_engine.index.chunks)


def test_the_approximate_index_finds_the_exact_top_passages(engine, ann_engine):
    for q in questions():
        exact = [(h.row, round(h.score, 5)) for h in engine.search(q)[:5]]
        approximate = [(h.row, round(h.score, 5)) for h in ann_engine.search(q)[:5]]
        assert approximate == exact, q
        assert ann_engine.ask(q).answer == engine.ask(q).answer, q


def test_an_approximate_pool_smaller_than_the_index_still_rescores_exactly(engine, ann_engine):
    """With 5 candidates a side the IVF-PQ search chooses; what it returns is scored exactly."""
    from dataclasses import replace

    from qa.engine import DEFAULT_FUSION

    fusion = replace(DEFAULT_FUSION, candidates=5)
    for q in questions()[:8]:
        hits = ann_engine.search(q, fusion=fusion)
        assert 0 < len(hits) < len(engine.index.chunks)
        exact = {h.row: h for h in engine.search(q, fusion=replace(fusion, candidates=10**6))}
        for h in hits:
            assert h.dense == pytest.approx(exact[h.row].dense, abs=1e-5)
            assert h.sentence_scores == pytest.approx(exact[h.row].sentence_scores, abs=1e-5)
            assert h.lexical == pytest.approx(exact[h.row].lexical, abs=1e-5)


def old_allowed(engine: Engine, filters: Filters) -> np.ndarray:
    """The per-passage loop that array filters replaced."""
    docs = engine.index.documents
    mask = np.ones(len(engine.index.chunks), dtype=bool)
    for i, c in enumerate(engine.index.chunks):
        d = docs[c.doc_id]
        section = d.sections[c.section] if d.sections else None
        mask[i] = (
            (not filters.kind or d.kind == filters.kind)
            and (not filters.doc or filters.doc in (d.doc_id, d.source))
            and (
                date_in_range(d.date, filters.since, filters.until)
                or (filters.undated and not d.date)
            )
            and (not filters.role or role_matches(section.role if section else None, filters.role))
            and (
                not filters.speaker
                or speaker_matches(section.speaker if section else None, filters.speaker)
            )
        )
    return mask


def test_filters_as_arrays_equal_the_per_passage_rules(engine):
    docs = list(engine.index.documents.values())
    dates = sorted({d.date for d in docs if d.date})
    speakers = engine.speakers
    cases = [Filters()]
    cases += [Filters(kind=k) for k in {d.kind for d in docs if d.kind}] + [Filters(kind="note")]
    cases += [Filters(doc=d.doc_id) for d in docs] + [Filters(doc=docs[0].source)]
    cases += [Filters(role=r) for r in ("minister", "question", "member")]
    cases += [Filters(speaker=s) for s in speakers[:6]] + [Filters(speaker="Baroness Nobody")]
    for date in dates:
        cases += [
            Filters(since=date),
            Filters(until=date),
            Filters(since=date[:4]),
            Filters(until=date[:7], undated=True),
            Filters(since=date, role="minister", undated=True),
        ]
    assert dates and speakers and len(cases) > 20
    selective = 0
    for f in cases:
        got = engine.allowed(f)
        assert got.dtype == bool and np.array_equal(got, old_allowed(engine, f)), f
        selective += 0 < got.sum() < len(got)
    assert selective > 10  # the cases do select, not all or nothing


def test_the_lazy_store_gives_back_every_document_and_passage(engine, built_index):
    _, documents, chunks = store.load_records(built_index)
    data = store.load(built_index)
    assert list(data.chunks) == chunks and len(data.chunks) == len(chunks)
    assert data.chunks[-1] == chunks[-1] and data.chunks[2:5] == chunks[2:5]
    assert list(data.documents.values()) == documents and len(data.documents) == len(documents)
    for d in documents:
        assert d.doc_id in data.documents and data.documents[d.doc_id] == d
    assert "nothing" not in data.documents
    with pytest.raises(IndexError):
        data.chunks[len(chunks)]
    # The engine's passage -> document lookup and sentence offsets agree with the records.
    assert [engine.doc_of[i] for i in range(len(chunks))] == [c.doc_id for c in chunks]
    counts = np.diff(engine.offsets)
    assert counts.tolist() == [len(c.sentences) for c in chunks]


def test_document_frequency_comes_from_the_index_itself(engine):
    model, n = engine.index.lexical, len(engine.index.chunks)
    terms = lexical.analyze(["social care workforce training minister zebra"])[0]
    for t in terms:
        by_scoring = int((lexical.scores(model, [t], n) > 0).sum())
        assert lexical.document_frequency(model, t) == by_scoring
    assert lexical.document_frequency(model, "zebra") == 0


def _rewrite(folder: Path, rel: str, content: bytes) -> None:
    (folder / rel).write_bytes(content)
    checksum.record(folder)  # as if hashing had been skipped: the loader must still refuse it


@pytest.mark.parametrize(
    "rel", [store.COLUMNS, store.CHUNK_ROWS, store.DOCUMENT_ROWS, store.VECTORS, store.CHUNKS]
)
@pytest.mark.parametrize("how", ["truncated", "corrupt"])
def test_a_damaged_new_file_gives_the_clear_message(built_index, tmp_path, rel, how):
    broken = tmp_path / "index"
    shutil.copytree(built_index.resolve(), broken)
    data = (broken / rel).read_bytes()
    if how == "truncated":
        damaged = data[: len(data) // 2]
    else:  # same size, bytes flipped at both ends (headers and last records)
        damaged = (
            bytes(b ^ 0xFF for b in data[:64]) + data[64:-64] + bytes(b ^ 0xFF for b in data[-64:])
        )
    _rewrite(broken, rel, damaged)
    with pytest.raises(IndexUnusableError, match="rebuild it with"):
        store.load(broken)
