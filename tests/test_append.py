"""Issue 11, an upload adds to the index: one more segment, the same passages, columns and
search results as a full build of the same corpus, the previous version untouched, crash-safe."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from crashes import STAGES, kill_at

from core import arrays, lexical, store
from ingest import append as append_module
from ingest.add import save_and_index
from ingest.append import add_file
from ingest.build import build
from qa.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BASE = ("002_3ffac66795bd7f1d.txt", "003_b60c2cd22ea21d0f.txt", "004_cbf5e1164febe16d.txt")
NEW = "001_b5119bf216dad2f6.txt"  # a Lords debate: speakers and roles the base has not got
QUERIES = (
    "What did the Minister say about joint training?",
    "How are nurses recruited for care homes?",
    "integrated care boards workforce plan",
)


def copy_in(corpus: Path, names: tuple[str, ...]) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, corpus / name)
        shutil.copy(CORPUS / f"{name}.meta.json", corpus / f"{name}.meta.json")


def files_of(folder: Path) -> dict[str, tuple[int, str]]:
    return {
        p.relative_to(folder).as_posix(): (
            p.stat().st_ino,
            hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """An index of BASE with NEW appended, a full build of all four, and what the append saw."""
    root = tmp_path_factory.mktemp("append")
    corpus, index = root / "corpus", root / "index"
    copy_in(corpus, BASE)
    build(corpus, index, progress=False)
    previous = index.resolve()
    before = files_of(previous)
    copy_in(corpus, (NEW,))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(append_module, "MAX_SHARE", 10.0)  # the debate is bigger than the base
        report = add_file(corpus, index, NEW)
    full = root / "full"
    build(corpus, full, progress=False)
    return {
        "corpus": corpus,
        "index": index,
        "full": full,
        "report": report,
        "previous": previous,
        "before": before,
    }


def by_id(index: Path) -> dict[str, tuple[int, object]]:
    data = store.load(index)
    return {c.chunk_id: (row, c) for row, c in enumerate(data.chunks)}


def test_append_writes_a_second_segment(pair):
    report = pair["report"]
    assert report["status"] == "appended" and report["segment"] == 1
    manifest = store.read_manifest(pair["index"])
    assert [s["chunks"] for s in manifest["segments"]][1] == report["embedded"]["passages"] > 0
    assert manifest["segments"][0]["chunks"] == report["untouched"]
    assert (pair["index"] / "chunks.1.jsonl").is_file() and (pair["index"] / "bm25.1").is_dir()
    assert NEW in {
        d["source"] for d in json.loads((pair["index"] / "report.json").read_text())["documents"]
    }


def test_appended_index_holds_what_a_full_build_holds(pair):
    appended, full = store.load(pair["index"]), store.load(pair["full"])
    a, f = by_id(pair["index"]), by_id(pair["full"])
    assert a.keys() == f.keys()
    assert {k: c for k, (_, c) in a.items()} == {k: c for k, (_, c) in f.items()}
    assert dict(appended.documents) == dict(full.documents)
    for field in ("document", "kind", "date", "role", "speaker"):

        def value(data, row, field=field):
            code = data.columns.codes[field][row]
            return None if code < 0 else str(data.columns.values[field][code])

        for k, (ra, _) in a.items():
            assert value(appended, ra) == value(full, f[k][0]), (field, k)
    assert list(appended.columns.values["speaker"]) == list(full.columns.values["speaker"])
    for k, (ra, _) in a.items():
        rf = f[k][0]
        assert np.allclose(appended.vectors[ra], full.vectors[rf], atol=1e-5)
        sa = appended.columns.sentence_offsets[ra : ra + 2]
        sf = full.columns.sentence_offsets[rf : rf + 2]
        assert np.allclose(
            appended.sentence_vectors[np.arange(*sa)],
            full.sentence_vectors[np.arange(*sf)],
            atol=1e-5,
        )
    for term in ("nurs", "care", "minist", "train", "zebra"):
        assert lexical.document_frequency(appended.lexical, term) == lexical.document_frequency(
            full.lexical, term
        )
    manifest_a, manifest_f = (store.read_manifest(p) for p in (pair["index"], pair["full"]))
    for key in ("inputs_sha256", "documents", "counts", "inputs"):
        assert manifest_a[key] == manifest_f[key], key


def test_appended_index_answers_as_a_full_build(pair):
    a, f = Engine.load(pair["index"]), Engine.load(pair["full"])
    for q in QUERIES:
        ha, hf = a.search(q)[:5], f.search(q)[:5]
        ida = [a.index.chunks[h.row].chunk_id for h in ha]
        idf = [f.index.chunks[h.row].chunk_id for h in hf]
        assert ida == idf, q
        for x, y in zip(ha, hf, strict=True):
            assert x.dense == pytest.approx(y.dense, abs=1e-5)
            # BM25: only the average passage length stays each segment's own
            assert x.lexical == pytest.approx(y.lexical, rel=0.05)


def test_append_leaves_the_previous_version_as_it_was(pair):
    previous = pair["previous"]
    assert previous.is_dir()  # kept: a reader may be loading it
    assert files_of(previous) == pair["before"]
    now = files_of(pair["index"].resolve())
    shared = [rel for rel in pair["before"] if rel in now and now[rel] == pair["before"][rel]]
    assert "chunks.npy" in shared and "bm25/data.csc.index.npy" in shared  # linked, not copied
    assert now["columns.npz"] != pair["before"]["columns.npz"]


def test_a_full_build_after_an_append_is_a_no_op(pair):
    assert build(pair["corpus"], pair["index"], progress=False)["status"] == "up to date"


def test_a_copy_upload_is_built_in_full(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    copy_in(corpus, (NEW, "002_3ffac66795bd7f1d.txt"))
    build(corpus, index, progress=False)
    copy = (CORPUS / "000_fc1d257f52b2eb99.txt").read_bytes()  # a partial copy of NEW
    added = save_and_index(corpus, index, "copy.txt", copy)
    assert added.ok and added.report["status"] == "built", added.report.get("status")
    assert added.report["not_appended"] == "it shares text with the index"
    assert any(m["copy"] == "copy.txt" for m in added.report["merged"])
    assert len(store.segments(store.read_manifest(index))) == 1


def test_an_upload_is_appended_and_says_so(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    copy_in(corpus, BASE)
    build(corpus, index, progress=False)
    note = "Care home providers in Cumbria told the council that agency nurse costs doubled."
    added = save_and_index(corpus, index, "cumbria.txt", note.encode())
    assert added.ok and added.report["status"] == "appended"
    assert "appended as segment 1: 1 passages embedded" in added.message
    assert any(c.doc_id == "cumbria" for c in store.load(index).chunks)


def test_segments_over_the_limit_are_compacted_by_a_full_build(tmp_path, monkeypatch):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    copy_in(corpus, BASE)
    build(corpus, index, progress=False)
    monkeypatch.setattr(append_module, "MAX_SEGMENTS", 2)
    statuses = []
    for i, town in enumerate(("Carlisle", "Kendal")):
        text = (
            f"Hospices in {town} report {i + 3} vacancies for palliative care nurses this winter."
        )
        added = save_and_index(corpus, index, f"{town}.txt", text.encode())
        statuses.append(added.report["status"])
    assert statuses == ["appended", "built"]
    assert "2 segments: compacted into one" in added.message
    assert len(store.segments(store.read_manifest(index))) == 1


def test_a_full_build_reuses_the_vectors_of_every_segment(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    copy_in(corpus, BASE)
    build(corpus, index, progress=False)
    note = "Care home providers in Cumbria told the council that agency nurse costs doubled."
    assert (
        save_and_index(corpus, index, "cumbria.txt", note.encode()).report["status"] == "appended"
    )
    (corpus / BASE[0]).unlink()
    report = build(corpus, index, progress=False)
    assert report["status"] == "built" and report["embedded"] == {"passages": 0, "sentences": 0}
    assert len(store.segments(store.read_manifest(index))) == 1
    assert any(c.doc_id == "cumbria" for c in store.load(index).chunks)


# --- the views over several segments ------------------------------------------------------


def test_chained_lines_index_like_one_list(tmp_path):
    parts, everything = [], []
    for k, words in enumerate((["a", "bb"], ["ccc"], ["d", "ee", "f"])):
        lines = [f"{w}\n".encode() for w in words]
        path, rows = tmp_path / f"{k}.jsonl", tmp_path / f"{k}.rows.npy"
        path.write_bytes(b"".join(lines))
        np.save(rows, np.cumsum([0, *map(len, lines)]).astype(np.int64))
        parts.append(arrays.Lines(path, rows))
        everything += lines
    chained = arrays.chain_lines(parts)
    assert len(chained) == 6 and list(chained) == everything
    for i in range(-6, 6):
        assert chained[i] == everything[i]
    assert chained[1:5] == everything[1:5] and chained[::-2] == everything[::-2]
    for bad in (6, -7):
        with pytest.raises(IndexError):
            chained[bad]


def test_stacked_rows_index_like_one_matrix():
    rng = np.random.default_rng(0)
    parts = [rng.standard_normal((n, 3)).astype(np.float32) for n in (4, 1, 5)]
    whole = np.concatenate(parts)
    view = arrays.stack_rows(parts)
    assert len(view) == 10 and view.shape == (10, 3)
    for i in range(-10, 10):
        assert np.array_equal(view[i], whole[i])
    for s in (slice(None), slice(2, 7), slice(None, None, -3), slice(3, 3), slice(8, 100)):
        assert np.array_equal(view[s], whole[s])
    rows = np.array([9, 0, 4, 4, -1, 5, 3])
    assert np.array_equal(view[rows], whole[rows])
    assert np.array_equal(np.asarray(view), whole)
    for bad in (10, -11):
        with pytest.raises(IndexError):
            view[bad]
    with pytest.raises(IndexError):
        view[np.array([0, 10])]
    q = rng.standard_normal(3).astype(np.float32)
    from core import vectors

    assert np.allclose(vectors.all_scores(view, q), whole @ q)
    assert np.allclose(vectors.rows_scores(view, rows, q), whole[rows] @ q)


# --- kill -9 during an append -------------------------------------------------------------


def test_kill_9_at_every_stage_of_an_append_leaves_a_loadable_index(tmp_path):
    base = tmp_path / "base"
    copy_in(base / "corpus", BASE)
    build(base / "corpus", base / "index", progress=False)
    before = store.load(base / "index").version
    note = "Care home providers in Cumbria told the council that agency nurse costs doubled.\n"
    for stage in STAGES:
        shutil.copytree(base, tmp_path / stage, symlinks=True)
        (tmp_path / stage / "corpus" / "cumbria.txt").write_text(note)
    kill_at(tmp_path, STAGES, CRASH_APPEND="cumbria.txt")
    for stage in STAGES:
        index = tmp_path / stage / "index"
        loaded = store.load(index, full_check=True)
        assert (loaded.version != before) == (stage == "swapped"), stage
        report = add_file(tmp_path / stage / "corpus", index, "cumbria.txt")
        if stage != "swapped":
            assert report["status"] == "appended", stage
        assert any(c.doc_id == "cumbria" for c in store.load(index, full_check=True).chunks)
