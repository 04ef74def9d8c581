"""Ingest behaviour: coverage, shared passages kept in both documents, incremental rebuilds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from core import store
from ingest.build import build
from ingest.dedup import find_copies, shared_passages, shingles
from ingest.load import read
from ingest.understand import understand

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_chunks_cover_every_character_of_the_cleaned_text(engine):
    """Nothing a user could need is silently dropped: only whitespace lies between passages."""
    for doc in engine.index.documents.values():
        covered = bytearray(len(doc.text))
        for c in engine.index.chunks:
            if c.doc_id == doc.doc_id:
                covered[c.start : c.end] = b"\x01" * (c.end - c.start)
        gaps = "".join(ch for ch, on in zip(doc.text, covered, strict=True) if not on)
        assert gaps.strip() == "", (doc.doc_id, gaps[:80])


def test_a_folded_copy_is_not_indexed_twice(engine):
    sets = [shingles(c.text) for c in engine.index.chunks]
    for i, a in enumerate(sets):
        for b in sets[i + 1 :]:
            assert len(a & b) / len(a | b) < 0.8


def test_partial_copy_found_by_fingerprints():
    docs = [understand(read(next(CORPUS.glob(f"{n}_*.txt")))).document for n in ("000", "001")]
    (found,) = find_copies(docs)
    assert found.copy.source.startswith("000") and found.original.source.startswith("001")
    assert (found.shared, found.total) == (4, 4)


def test_near_identical_passage_in_another_document_stays_in_both(tmp_path):
    """A paragraph quoted in a second document stays in it (its speaker and context with it)
    and is reported as also standing in the first."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(CORPUS.glob("002_*.txt")), corpus / "hee.txt")
    quoted = (
        "The response read: “Inter-professional learning and the attainment of core competences "
        "that traverse professional groups ensure superior team working, trust and empathy "
        "across professions.”"
    )
    (corpus / "note.txt").write_text(
        "Notes on workforce integration\n\n"
        "Our team met the local integrated care board about rotas.\n\n"
        + quoted.replace("trust and", "trust, and")  # near-identical, not identical
    )
    report = build(corpus, tmp_path / "index", progress=False)
    (dup,) = report["also_in"]
    assert dup["passage"].startswith("note@") and dup["also_in"].startswith("hee@")
    assert dup["jaccard"] >= 0.8
    loaded = store.load(tmp_path / "index")
    holding = [c.doc_id for c in loaded.chunks if "Inter-professional learning" in c.text]
    assert sorted(holding) == ["hee", "note"]
    assert any("rotas" in c.text for c in loaded.chunks if c.doc_id == "note")


def test_shared_passages_point_to_the_first():
    text = "Joint training is already occurring in a few areas of England, for example Surrey."
    found = shared_passages([("a", text), ("b", text + " "), ("c", "Good."), ("d", "Good.")])
    assert [(d.passage, d.also_in) for d in found] == [("b", "a")]  # short lines never count
    trials = [
        ("x", "TRIAL REGISTRATION clinicaltrials.gov Identifier: NCT00270647."),
        ("y", "TRIAL REGISTRATION clinicaltrials.gov Identifier: NCT00225277."),
    ]
    assert shared_passages(trials) == []  # a different number is a different statement


def test_incremental_add_change_remove(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in CORPUS.iterdir():
        if f.name.startswith(("002", "003")):
            shutil.copy(f, corpus / f.name)
    index = tmp_path / "index"
    first = build(corpus, index, progress=False)
    assert first["embedded"]["passages"] == first["counts"]["chunks"]

    assert build(corpus, index, progress=False)["status"] == "up to date"

    (corpus / "note.md").write_text("Integrated care boards plan the workforce with councils.\n")
    added = build(corpus, index, progress=False)
    assert added["embedded"] == {"passages": 1, "sentences": 1}
    assert added["counts"]["documents"] == 3

    (corpus / "note.md").unlink()
    removed = build(corpus, index, progress=False)
    assert removed["embedded"] == {"passages": 0, "sentences": 0}
    manifest = store.read_manifest(index)
    assert "note.md" not in manifest["documents"]
    assert not any(c.doc_id == "note" for c in store.load(index).chunks)


def test_report_lists_every_removal_and_merge(built_index):
    report = json.loads((built_index / "report.json").read_text())
    by_source = {d["source"]: d for d in report["documents"]}
    assert len(by_source) == 5  # the merged copy is reported too
    reasons = {r["reason"] for d in report["documents"] for r in d["removed"]}
    assert {
        "audience banner",
        "survey prompt",
        "navigation",
        "relative timestamp",
        "copyright line",
        "company registration",
        "archive notice",
        "repeated title",
    } <= reasons
    assert by_source["002_3ffac66795bd7f1d.txt"]["undetermined"] == ["publisher", "date"]
    # The copy states its chamber itself (its speeches open "My Lords"); the rest it takes
    # from the sidecar of the copy merged into it.
    assert report["merged"][0]["fields_filled"] == ["title", "tabled_by"]


def test_concurrent_builds_of_one_index_do_not_corrupt_it(tmp_path):
    import threading

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(CORPUS.glob("002_*.txt")), corpus / "hee.txt")
    index = tmp_path / "index"
    build(corpus, index, progress=False)
    errors: list[BaseException] = []

    def add(name: str, text: str) -> None:
        try:
            (corpus / name).write_text(text)
            build(corpus, index, progress=False)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [
        threading.Thread(
            target=add,
            args=(f"upload{i}.txt", f"Upload {i} says care homes need nurses in region {i}.\n"),
        )
        for i in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    loaded = store.load(index)
    assert {d.source for d in loaded.documents.values()} >= {
        "upload0.txt",
        "upload1.txt",
        "upload2.txt",
    }
    assert build(corpus, index, progress=False)["status"] == "up to date"


def test_sentence_vectors_of_another_sentence_form_are_not_reused(built_index, monkeypatch):
    """An index whose sentences were embedded in a form this code does not know (another
    version's) gives no sentence vectors to reuse: keyed by the plain text, they would be wrong."""
    from ingest import build as build_module

    embedding = store.read_manifest(built_index)["embedding"]
    model, weights = embedding["model"], embedding["weights_sha256"]
    passages = {c.embed_text for c in store.load(built_index).chunks}
    assert len(build_module.previous_vectors(built_index, model, weights)) > len(passages)

    monkeypatch.setattr(build_module, "SENTENCE_FORM", "the sentence in some other form")
    known = build_module.previous_vectors(built_index, model, weights)
    assert len(known) == len(passages)  # the passages' vectors only
