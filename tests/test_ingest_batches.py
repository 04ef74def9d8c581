"""A build reads, chunks, embeds and writes documents a batch at a time: the index is the same
whatever the batch size, and memory never holds more than a batch of documents or passages."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from core import store, swap
from core.types import Chunk, Document
from ingest import build as build_module
from ingest.build import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PARLIAMENT = ROOT / "tests" / "parliament"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus (a partial copy folded into another) with the Hansard excerpts (some
    files of two documents) and a note quoting a paragraph of the seed corpus."""
    folder = tmp_path_factory.mktemp("batches") / "corpus"
    shutil.copytree(CORPUS, folder)
    for f in PARLIAMENT.iterdir():
        shutil.copy(f, folder / f.name)
    quoted = next(
        p for p in next(CORPUS.glob("002_*.txt")).read_text().split("\n\n") if len(p) > 80
    )
    own = "Our team met the local integrated care board about rotas and the places it funds."
    (folder / "note.txt").write_text(f"Notes on workforce integration\n\n{own}\n\n{quoted}")
    return folder


def built(corpus: Path, index: Path, monkeypatch: pytest.MonkeyPatch, docs: int):
    with monkeypatch.context() as m:
        m.setattr(build_module, "DOCS_PER_BATCH", docs, raising=False)
        report = build(corpus, index, progress=False, force=True)
    return report, store.load(index)


def test_a_build_in_small_batches_is_the_build_in_one(corpus, tmp_path, monkeypatch):
    one_report, one = built(corpus, tmp_path / "one", monkeypatch, 10_000)
    small_report, small = built(corpus, tmp_path / "small", monkeypatch, 2)
    assert one_report["merged"] and one_report["also_in"]  # the corpus exercises both
    assert len({d.source for d in one.documents.values()}) < len(one.documents)
    assert small_report == one_report
    assert [c.to_dict() for c in small.chunks] == [c.to_dict() for c in one.chunks]
    assert dict(small.documents) == dict(one.documents)
    np.testing.assert_allclose(small.vectors, one.vectors, atol=1e-6)
    np.testing.assert_allclose(small.sentence_vectors, one.sentence_vectors, atol=1e-6)
    for key in ("documents", "counts", "segments"):
        assert small.manifest[key] == one.manifest[key]
    bands = [np.load(swap.resolve(i) / store.BANDS) for i in (tmp_path / "one", tmp_path / "small")]
    np.testing.assert_array_equal(*bands)
    words = ["integrated", "care", "workforce", "minister", "noble", "lord"]
    n = len(one.chunks)
    for w in words:
        terms = store.lexical.analyze([w])[0]
        np.testing.assert_allclose(
            store.lexical.scores(small.lexical, terms, n),
            store.lexical.scores(one.lexical, terms, n),
        )
    report = json.loads((swap.resolve(tmp_path / "small") / "report.json").read_text())
    assert report["counts"] == small.manifest["counts"]


def test_a_build_holds_a_batch_of_documents_and_passages_at_a_time(corpus, tmp_path, monkeypatch):
    """Counted (gc) each time a document is chunked: the Document and Chunk objects alive.
    Before batching, every document and every passage chunked so far were held."""
    chunk_document = build_module.chunk_document
    alive: list[tuple[int, int]] = []

    def records() -> tuple[set[int], set[int]]:
        gc.collect()
        objects = gc.get_objects()
        return {id(o) for o in objects if type(o) is Document}, {
            id(o) for o in objects if type(o) is Chunk
        }

    held_before = records()  # by other tests' fixtures (a loaded index's cache)

    def counting(*args, **kwargs):
        docs, chunks = records()
        alive.append((len(docs - held_before[0]), len(chunks - held_before[1])))
        return chunk_document(*args, **kwargs)

    monkeypatch.setattr(build_module, "chunk_document", counting)
    report, index = built(corpus, tmp_path / "index", monkeypatch, 2)
    n_docs, n_chunks = len(index.documents), len(index.chunks)
    most_per_file = max(len(report_ids) for report_ids in _ids_by_source(report).values())
    assert n_docs >= 12 and len(alive) == n_docs
    # The file being read, two batches of two documents (one being made while the last is
    # written), the merge targets the plan amended.
    bound = most_per_file + 2 * 2 + len(report["merged"])
    assert max(d for d, _ in alive) <= bound < n_docs
    most = max(s["chunks"] for s in index.manifest["documents"].values())
    assert max(c for _, c in alive) <= 2 * 2 * most < n_chunks


def _ids_by_source(report: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in report["documents"]:
        out.setdefault(d["source"], []).append(d["doc_id"])
    return out
