"""python -m qa corpus: one record per indexed document, contributions for debates, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from core.types import Document, Section
from qa.__main__ import main
from qa.catalog import first_words, record


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_first_words_collapse_whitespace() -> None:
    assert first_words("  My Lords,\nI   thank the noble Baroness for her question today.") == (
        "My Lords, I thank the noble Baroness for"
    )


def test_debate_record_lists_contributions_and_an_article_none() -> None:
    text = "To ask His Majesty's Government about care.\n\nMy Lords, we have a plan."
    adjourned = "\n\nHouse adjourned at 2.45 pm."
    debate = Document(
        "d",
        "d.txt",
        text + adjourned,
        "h",
        kind="debate",
        sections=(
            Section(0, 43, number=1, role="question", speaker="Baroness A"),
            Section(45, len(text), number=2, role="minister", speaker=None),
            # the record's own line, no one's contribution: not listed
            Section(len(text) + 2, len(text) + len(adjourned)),
        ),
    )
    row = record(debate, 2)
    assert row["contributions"] == [
        {
            "n": 1,
            "speaker": "Baroness A",
            "role": "question",
            "start": 0,
            "end": 43,
            "first_words": "To ask His Majesty's Government about care.",
        },
        {
            "n": 2,
            "speaker": None,
            "role": "minister",
            "start": 45,
            "end": len(text),
            "first_words": "My Lords, we have a plan.",
        },
    ]
    article = Document("a", "a.txt", "Plain text.", "h", kind="article", sections=(Section(0, 11),))
    assert "contributions" not in record(article, 1)


def test_corpus_json_one_object_per_document(capsys, built_index: Path) -> None:
    code, out, err = run(capsys, "corpus", "--index", str(built_index), "--json")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    manifest = json.loads((built_index / "manifest.json").read_text())
    assert len(rows) == manifest["counts"]["documents"]
    assert sum(r["passages"] for r in rows) == manifest["counts"]["chunks"]
    keys = {"doc_id", "source", "title", "kind", "date", "publisher", "chamber", "passages"}
    assert all(keys <= set(r) for r in rows)
    debates = [r for r in rows if r["kind"] == "debate"]
    assert debates and all(r["contributions"] for r in debates)
    first = debates[0]["contributions"][0]
    assert first["n"] == 1 and first["first_words"].startswith("To ask")
    assert all("contributions" not in r for r in rows if r["kind"] == "article")


def test_corpus_table_is_readable(capsys, built_index: Path) -> None:
    code, out, _ = run(capsys, "corpus", "--index", str(built_index))
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["doc_id", "kind", "date"]
    assert "documents," in out.splitlines()[-1]


def test_corpus_bad_index_is_one_line_and_exit_2(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "corpus", "--index", str(tmp_path / "nothing"))
    assert code == 2 and out == ""
    assert err.startswith("error: no index at") and err.count("\n") == 1
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json")
    code, _, err = run(capsys, "corpus", "--index", str(broken))
    assert code == 2 and "corrupt" in err and err.count("\n") == 1
