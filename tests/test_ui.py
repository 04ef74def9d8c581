"""The page's pure parts and its set-up: upload names, what filters hid, the port, config, ingest's
summary."""

from __future__ import annotations

import shutil
import socket
import tomllib
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.__main__ import main as ingest_main
from ingest.__main__ import summary
from ingest.load import MAX_BYTES
from ingest.names import safe_upload_name
from qa.engine import Engine
from qa.query import Filters
from ui import facts, port
from ui import url as urls
from ui.hidden import hidden

ROOT = Path(__file__).resolve().parent.parent
DEBATE = "001_b5119bf216dad2f6"


@pytest.mark.parametrize(
    ("name", "ext"),
    [
        ("報告書" * 30 + ".txt", ".txt"),  # 90 CJK characters: 270 bytes of UTF-8
        ("a" * 300 + ".docx", ".docx"),
        ("é" * 200 + ".md", ".md"),
    ],
)
def test_long_upload_names_fit_255_bytes_with_their_extension(name: str, ext: str) -> None:
    safe = safe_upload_name(name)
    assert len(safe.encode()) <= 255
    assert safe.endswith(ext)
    assert name.startswith(safe[: -len(ext)])
    safe.encode()  # never half a character


def test_upload_names_are_nfc_and_short_ones_unchanged() -> None:
    decomposed = unicodedata.normalize("NFD", "Café notes.txt")
    assert safe_upload_name(decomposed) == "Café notes.txt"
    assert unicodedata.is_normalized("NFC", safe_upload_name(decomposed))
    assert safe_upload_name("minutes 2023-04.pdf") == "minutes 2023-04.pdf"


def test_hidden_counts_undated_documents_and_what_to_loosen(engine: Engine) -> None:
    docs = engine.index.documents
    undated = tuple(sorted(i for i, d in docs.items() if not d.date))
    h = hidden(Filters(since="2020"), engine.allowed, engine.doc_of, docs)
    assert h.undated == undated and h.passages > 0 and not h.loosen
    assert not hidden(
        Filters(since="2020", undated=True), engine.allowed, engine.doc_of, docs
    ).undated
    # only undated documents another filter lets through are counted
    h = hidden(Filters(since="2020", kind="debate"), engine.allowed, engine.doc_of, docs)
    assert h.undated == (DEBATE,) and h.passages == 0
    assert h.loosen == (
        ("kind", int(engine.allowed(Filters(since="2020")).sum())),
        ("since", int(engine.allowed(Filters(kind="debate")).sum())),
    )
    assert hidden(Filters(), engine.allowed, engine.doc_of, docs).undated == ()


def test_undated_filter_keeps_undated_documents_only_with_a_date_bound(engine: Engine) -> None:
    both = engine.allowed(Filters(since="2020", undated=True))
    dated = engine.allowed(Filters(since="2020"))
    undated_rows = [i for i, d in enumerate(engine.doc_of) if not engine.index.documents[d].date]
    assert not dated[undated_rows].any() and both[undated_rows].all()
    assert engine.allowed(Filters(undated=True)).all()


def test_speakers_are_counted_in_order_of_first_contribution(engine: Engine) -> None:
    doc = engine.index.documents[DEBATE]
    spoke = facts.speakers(doc)
    assert sum(n for _, n in spoke) == sum(1 for s in doc.sections if s.number)
    firsts = [facts.first_turn(doc, name) for name, _ in spoke]
    assert firsts == sorted(firsts)
    assert spoke[0][0] == doc.sections[0].speaker
    assert facts.speakers(engine.index.documents["004_cbf5e1164febe16d"]) == []
    everyone = engine.speakers
    assert everyone == tuple(sorted({s.speaker for s in doc.sections if s.speaker}))


class CountingPassages(list):  # type: ignore[type-arg]
    """The index's passages, counting how many a lookup decodes."""

    read = 0

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        CountingPassages.read += 1
        return super().__getitem__(i)


def test_page_facts_come_from_columns_and_decode_only_the_asked_document(engine: Engine) -> None:
    index = engine.index
    counting = CountingPassages(index.chunks)
    known = facts.index_facts(replace(index, chunks=counting))
    assert CountingPassages.read == 0  # nothing decoded to start the page
    assert sum(known.passages.values()) == len(index.chunks)
    wanted = index.chunks[len(index.chunks) // 2]
    assert known.chunks[wanted.chunk_id] == wanted
    mine = sum(1 for c in index.chunks if c.doc_id == wanted.doc_id)
    assert CountingPassages.read <= mine < len(index.chunks)
    assert wanted.chunk_id in known.chunks
    assert f"{wanted.doc_id}:0000000000" not in known.chunks
    assert "no-such-document:0000000000" not in known.chunks
    assert known.passages[wanted.doc_id] == mine


def test_url_reads_debate_links_and_speaker_names_in_any_case(engine: Engine) -> None:
    known = facts.index_facts(engine.index)
    raw = {"view": "debate", "doc": f"{DEBATE}.txt", "speaker": "BARONESS PITKEATHLEY"}
    page = urls.read(raw, engine.index.documents, known.chunks, engine.speakers)
    assert not page.problems
    assert page.filters == Filters(doc=DEBATE, speaker="Baroness Pitkeathley")
    assert page.view == "debate"
    whole = urls.read({"view": "document", "doc": DEBATE}, engine.index.documents, known.chunks)
    assert not whole.problems and whole.view == "document" and whole.passage is None


def test_port_in_use_is_reported_with_another_to_try(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("", 0))
        s.listen()
        taken = s.getsockname()[1]
        assert port.main([str(taken)]) == 2
    err = capsys.readouterr().err
    assert f"port {taken} is already in use" in err
    assert f"make run PORT={taken + 1}" in err
    assert port.main([str(taken)]) == 0  # free again


def test_streamlit_config_is_quiet_and_limits_uploads_as_ingest_does() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_BYTES  # Streamlit counts MiB
    makefile = (ROOT / "Makefile").read_text()
    assert "PORT ?= 8501" in makefile and "-m ui.port $(PORT)" in makefile


def test_first_build_summary_claims_no_reuse_and_a_no_op_prints_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], built_index: Path
) -> None:
    report = {
        "documents": [],
        "merged": [],
        "skipped": [],
        "counts": {"documents": 1, "chunks": 5},
        "embedded": {"passages": 4, "sentences": 9},
    }
    assert summary(report, had_index=False) == "embedded 4 passages and 9 sentences"
    assert summary(report, had_index=True) == (
        "embedded 4 passages and 9 sentences; "
        "1 unchanged passages were reused from the previous index"
    )
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    assert ingest_main(["--corpus", str(ROOT / "corpus"), "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines() == [f"{index}/: up to date"]


def test_ingest_add_runs_on_its_own_and_reports_in_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], built_index: Path
) -> None:
    import json

    from core import store
    from ingest import add

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copytree(built_index, index)
    upload = tmp_path / "upload"
    upload.write_bytes(b"Integrated care boards publish a joint forward plan every year.")
    argv = ["--corpus", str(corpus), "--index", str(index), "--name", "plan.txt", str(upload)]
    with store.build_lock(index):  # another build holds the index: refused at once
        assert add.build_running(index)
        assert add.main(argv) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines == [{"ok": False, "name": "plan.txt", "message": add.BUSY}]
    assert not (corpus / "plan.txt").exists()
    assert not add.build_running(index)
    assert add.main(argv) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["stage"] for x in lines[:-1]][:2] == ["checking the file", "adding it to the corpus"]
    assert lines[-1]["ok"] is True and "plan.txt was added and indexed" in lines[-1]["message"]
    assert str(tmp_path) not in json.dumps(lines)  # no server path in what the page shows
