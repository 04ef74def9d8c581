"""Passage ids come from the passage's text, so a link survives re-ingest of other documents
and edits elsewhere in its own document."""

from __future__ import annotations

import shutil
from pathlib import Path

from core import store
from ingest.build import build
from ingest.chunk import passage_ids
from ui import url

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_ids_name_the_document_and_the_text_and_repeats_are_numbered():
    ids = passage_ids("doc", ["Same words.", "Other words.", "Same words."])
    assert len(set(ids)) == 3
    assert ids[0].startswith("doc:") and ids[2] == ids[0] + ".2"
    assert passage_ids("doc", ["Other words."]) == [ids[1]]  # position plays no part


def follow(index: Path, passage: str) -> str | None:
    """The text a `passage=` link opens on the page, or None when the page refuses it."""
    loaded = store.load(index)
    page = url.read({"passage": passage}, loaded.documents, {c.chunk_id for c in loaded.chunks})
    return next((c.text for c in loaded.chunks if c.chunk_id == page.passage), None)


def report_paragraphs() -> list[str]:
    return next(CORPUS.glob("003_*.txt")).read_text(encoding="utf-8").split("\n\n")


def test_a_link_survives_re_ingest_of_other_documents_and_edits_before_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    index = tmp_path / "index"
    paragraphs = report_paragraphs()
    (corpus / "report.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    shutil.copy(next(CORPUS.glob("002_*.txt")), corpus / "news.txt")
    build(corpus, index, progress=False)
    before = {c.chunk_id: c.text for c in store.load(index).chunks if c.doc_id == "report"}
    assert len(before) >= 4
    last = list(before)[-1]

    # Another document is added, sorting before it, and the other one changes.
    shutil.copy(next(CORPUS.glob("000_*.txt")), corpus / "a_first.txt")
    news = (corpus / "news.txt").read_text(encoding="utf-8")
    (corpus / "news.txt").write_text("Editor's note: updated.\n\n" + news, encoding="utf-8")
    build(corpus, index, progress=False)
    after = {c.chunk_id: c.text for c in store.load(index).chunks if c.doc_id == "report"}
    assert after == before
    assert all(follow(index, i) == text for i, text in before.items())

    # A paragraph is inserted early in the document itself: the passages after it keep their
    # ids (with ids by position every one of them would move, and the link open another text).
    inserted = "A new paragraph, added after publication, on the cost of social care training."
    edited = [*paragraphs[:3], inserted, *paragraphs[3:]]
    (corpus / "report.txt").write_text("\n\n".join(edited), encoding="utf-8")
    build(corpus, index, progress=False)
    now = {c.chunk_id: c.text for c in store.load(index).chunks if c.doc_id == "report"}
    assert now[last] == before[last]
    assert follow(index, last) == before[last]
    kept = [i for i in before if i in now]
    assert len(kept) >= len(before) - 1  # at most the passage the insertion joined changes
    assert all(now[i] == before[i] for i in kept)  # a kept id opens the very same text
    assert all(inserted in now[i] for i in now if i not in before)
    assert not list(tmp_path.glob(".index.building-*"))  # no scratch vectors left behind
