"""Issue 12, ingest side: bad sidecars, zip bombs, repeated lines, limits, upload names."""

from __future__ import annotations

import json
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.embedder import DEFAULT_MODEL
from core.errors import InputError
from core.types import KINDS
from ingest import formats
from ingest.__main__ import main as ingest_main
from ingest.build import build, plan
from ingest.chunk import ChunkerSettings
from ingest.dedup import find_copies, shared_passages
from ingest.load import check_sidecar, load_corpus
from ingest.names import MAX_BYTES, safe_upload_name
from qa.__main__ import main as qa_main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REALWORLD = ROOT.parent / "shared" / "realworld-dev" / "corpus"
ARTICLE = "002_3ffac66795bd7f1d.txt"  # HEE article, sidecar kind "article", date null
NEWSLETTER = "004_cbf5e1164febe16d.txt"  # CWDC newsletter, sidecar date 2012-01-30


def small_corpus(tmp_path: Path, *names: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in names or (ARTICLE, NEWSLETTER):
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


BAD_SIDECARS = {
    "title a number": ('{"title": 123, "kind": "article"}', "title ignored"),
    "kind capitalised": ('{"kind": "Debate"}', "kind 'Debate' ignored"),
    "unknown field": ('{"kind": "article", "author": "HEE"}', "unknown field 'author'"),
    "invalid JSON": ('{"title": "HEE plan", ', "not valid JSON"),
    "date a number": ('{"date": 2023}', "date ignored"),
    "date loose": ('{"date": "2023-4"}', "date '2023-4' ignored"),
    "date full-width": ('{"date": "２０２３"}', "ignored: not a date"),
    "date impossible": ('{"date": "2023-02-30"}', "ignored: not a date"),
    "a list": ('["article"]', "expected a JSON object"),
    "not UTF-8": (b'{"title": "\xff"}', "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_SIDECARS))
def test_a_bad_sidecar_costs_only_its_bad_fields(tmp_path, case):
    content, reason = BAD_SIDECARS[case]
    corpus = small_corpus(tmp_path)
    side = corpus / f"{ARTICLE}.meta.json"
    side.write_bytes(content if isinstance(content, bytes) else content.encode())
    p = plan(corpus, DEFAULT_MODEL, ChunkerSettings())
    assert sorted(d.source for d in p.documents) == [ARTICLE, NEWSLETTER]  # nothing skipped
    problems = [(s.source, s.reason) for s in p.sidecar_problems]
    assert [s for s, _ in problems] == [side.name]
    assert reason in problems[0][1], problems
    doc = next(d for d in p.documents if d.source == ARTICLE)
    for value in (doc.title, doc.kind, doc.publisher, doc.date, doc.chamber):
        assert value is None or isinstance(value, str)
    assert doc.kind in KINDS
    assert str(tmp_path) not in problems[0][1]  # no server path in a reason


def test_valid_sidecar_fields_survive_beside_bad_ones():
    valid, problems = check_sidecar({"title": " Joint  plans ", "date": "2023-04", "kind": 7})
    assert valid == {"title": "Joint plans", "date": "2023-04"}
    assert problems == ("kind ignored: expected a string or null, not a number",)


def test_build_with_bad_sidecars_reports_them_and_answers_with_date_filters(tmp_path, capsys):
    corpus = small_corpus(tmp_path)
    (corpus / f"{ARTICLE}.meta.json").write_text('{"title": 123, "date": 2023, "x": 1}')
    (corpus / f"{NEWSLETTER}.meta.json").write_text('{"kind": "Debate"')
    index = tmp_path / "index"
    assert ingest_main(["--corpus", str(corpus), "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert f"sidecar {ARTICLE}.meta.json: title ignored" in out
    assert f"sidecar {NEWSLETTER}.meta.json: ignored: not valid JSON" in out
    report = json.loads((index / "report.json").read_text())
    assert len(report["sidecar_problems"]) == 4
    args = ["ask", "--index", str(index), "--json", "--since", "2012", "What is joint training?"]
    assert qa_main(args) == 0
    json.loads(capsys.readouterr().out)


def _bomb(path: Path, megabytes: int) -> None:
    """A .docx-shaped zip whose document part inflates to `megabytes` MB of one repeated
    paragraph: about 1 KB on disk per 1 MB unpacked."""
    paragraph = b"<w:p><w:r><w:t>The NHS must work with social care partners.</w:t></w:r></w:p>"
    block = paragraph * (1024 * 1024 // len(paragraph))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as part:
            for _ in range(megabytes):
                part.write(block)


def test_a_zip_bomb_docx_is_skipped_before_it_is_unpacked(tmp_path):
    corpus = small_corpus(tmp_path)
    _bomb(corpus / "bomb.docx", formats.MAX_UNZIPPED_XML // 2**20 + 1)
    assert (corpus / "bomb.docx").stat().st_size < 2 * 2**20  # small on disk
    raws, skipped = load_corpus(corpus)
    assert sorted(r.source for r in raws) == [ARTICLE, NEWSLETTER]
    (s,) = skipped
    assert s.source == "bomb.docx" and "zip bomb" in s.reason, s.reason


def test_a_real_docx_is_within_the_limits():
    real = next(REALWORLD.glob("*.docx"), None) if REALWORLD.is_dir() else None
    if real is None:
        pytest.skip("../shared/realworld-dev is absent")
    formats.check_zip(real.read_bytes())  # no exception: real Word files pass
    assert formats.extract(".docx", real.read_bytes()).text


def test_pdf_pages_and_characters_are_limited(monkeypatch):
    pdf = next(REALWORLD.glob("*.pdf"), None) if REALWORLD.is_dir() else None
    if pdf is None:
        pytest.skip("../shared/realworld-dev is absent")
    data = pdf.read_bytes()
    assert formats.extract(".pdf", data).text
    monkeypatch.setattr(formats, "MAX_PAGES", 3)
    with pytest.raises(formats.TooLarge, match="pages"):
        formats.extract(".pdf", data)
    monkeypatch.setattr(formats, "MAX_PAGES", 2000)
    monkeypatch.setattr(formats, "MAX_CHARS", 1000)
    with pytest.raises(formats.TooLarge, match="characters"):
        formats.extract(".pdf", data)
    with pytest.raises(formats.TooLarge, match="characters"):
        formats.extract(".txt", (CORPUS / ARTICLE).read_bytes())


def test_thousands_of_repeated_lines_finish_and_are_indexed_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = "The NHS must work with social care partners on joint plans."
    (corpus / "rep.txt").write_text("T\n" + (line + "\n") * 8000)
    report = build(corpus, tmp_path / "index", progress=False)
    assert report["status"] == "built"
    # Each repeat is kept (a passage is never dropped) and reported once as "also in" the first;
    # identical passages are embedded once.
    assert len(report["also_in"]) == 7999
    assert report["embedded"]["passages"] <= 3


def test_copies_among_many_near_identical_lines_are_still_found():
    """Lines that differ only in a number fill the LSH buckets; a true copy is still found."""
    from core.types import Document

    lines = [
        f"Line {i}: the NHS must work with social care partners on joint plans."
        for i in range(3000)
    ]
    passages = [(f"p{i}", text) for i, text in enumerate(lines)] + [("again", lines[1234] + " ")]
    found = shared_passages(passages)
    assert [(d.passage, d.also_in) for d in found] == [("again", "p1234")]
    whole = Document("whole", "whole.txt", "\n\n".join(lines), "h")
    part = Document("part", "part.txt", "\n\n".join(lines[100:200]), "h2")
    (copy,) = find_copies([whole, part])
    assert (copy.copy.source, copy.original.source, copy.shared) == ("part.txt", "whole.txt", 100)


@pytest.mark.parametrize(
    ("given", "saved"),
    [
        ("../../etc/report.txt", "report.txt"),
        ("C:\\Users\\me\\Briefing note.PDF", "Briefing note.PDF"),
        ("e\u0301valuation.md", "\u00e9valuation.md"),  # NFC
        (".hidden.txt", "hidden.txt"),
        ("tab\there.txt", "tab_here.txt"),
    ],
)
def test_safe_upload_name(given, saved):
    assert safe_upload_name(given) == saved


def test_long_upload_names_keep_their_extension_within_255_bytes():
    name = safe_upload_name("中" * 90 + ".docx")  # 270 bytes as given
    assert name.endswith(".docx") and len(name.encode()) <= MAX_BYTES
    assert len((name + ".meta.json").encode()) <= 255  # its sidecar fits too
    assert set(name[: -len(".docx")]) == {"中"}  # cut between characters


@pytest.mark.parametrize("given", ["virus.exe", "noext", ".txt", "/srv/corpus/x.pptx"])
def test_unusable_upload_names_are_refused_without_server_paths(given):
    with pytest.raises(InputError) as e:
        safe_upload_name(given)
    assert "/srv" not in str(e.value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        json_values,
        st.dictionaries(st.sampled_from(["title", "kind", "date", "publisher", "x"]), json_values),
    )
)
def test_any_json_sidecar_gives_only_valid_fields(meta):
    valid, problems = check_sidecar(meta)
    assert set(valid) <= {"title", "kind", "publisher", "date", "chamber", "tabled_by"}
    assert all(v is None or isinstance(v, str) for v in valid.values())
    assert valid.get("kind") in (None, *KINDS)
    assert all(isinstance(p, str) and p for p in problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["", ".txt", ".PDF", ".docx", ".exe"]))
def test_any_upload_name_is_refused_or_safe(stem, suffix):
    try:
        name = safe_upload_name(stem + suffix)
    except InputError as e:
        assert "\n" not in str(e)
        return
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert name == unicodedata.normalize("NFC", name)
    assert not set(name) & set('/\\\x00\n\r:*?"<>|') and not name.startswith(".")
    assert Path(name).suffix.lower() in formats.READERS
