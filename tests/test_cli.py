"""python -m qa ask as users meet it: JSON, batch, readable text, and one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:  # argparse usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_answer(capsys, built_index):
    code, out, err = run(
        capsys,
        "ask",
        "--index",
        str(built_index),
        "--json",
        "What induction is being introduced for all health and care staff?",
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["question"].startswith("What induction")
    assert d["abstained"] is False
    assert any("joint induction" in c["text"] for c in d["citations"])
    assert (
        d["index_version"]
        == json.loads((built_index / "manifest.json").read_text())["index_version"]
    )


def test_batch_prints_one_object_per_line_in_order(capsys, built_index, tmp_path):
    questions = [
        "What is the Care Certificate?",
        "What is the capital of Australia?",
        "How many integrated care systems were set up?",
    ]
    batch = tmp_path / "q.txt"
    batch.write_text("\n".join(questions) + "\n\n")
    code, out, err = run(
        capsys, "ask", "--index", str(built_index), "--json", "--batch", str(batch)
    )
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert [r["abstained"] for r in rows] == [False, True, False]


def test_readable_answer_has_numbered_references(capsys, built_index):
    code, out, _ = run(capsys, "ask", "--index", str(built_index), "What is the Care Certificate?")
    assert code == 0
    assert "[1]" in out and "References" in out and "\n[1] " in out


@pytest.mark.parametrize(
    "question, message",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 2001, "2000"),
    ],
)
def test_bad_questions_get_one_line_and_exit_2(capsys, built_index, question, message):
    code, out, err = run(capsys, "ask", "--index", str(built_index), "--json", question)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_missing_index(capsys, tmp_path):
    code, _, err = run(capsys, "ask", "--index", str(tmp_path / "nope"), "What is ICS?")
    assert code == 2 and "python -m ingest" in err and err.count("\n") == 1


def test_corrupt_index(capsys, built_index, tmp_path):
    broken = tmp_path / "index"
    shutil.copytree(built_index, broken)
    (broken / "chunks.faiss").write_bytes(b"not a faiss index")
    code, _, err = run(capsys, "ask", "--index", str(broken), "What is ICS?")
    assert code == 2 and "corrupt" in err and "python -m ingest" in err
    (broken / "manifest.json").write_text("{ truncated")
    code, _, err = run(capsys, "ask", "--index", str(broken), "What is ICS?")
    assert code == 2 and "corrupt" in err and err.count("\n") == 1


def test_index_built_with_another_model_is_refused(capsys, built_index, tmp_path):
    other = tmp_path / "index"
    shutil.copytree(built_index, other)
    manifest = json.loads((other / "manifest.json").read_text())
    manifest["embedding"]["weights_sha256"] = "0" * 64
    (other / "manifest.json").write_text(json.dumps(manifest))
    code, _, err = run(capsys, "ask", "--index", str(other), "What is ICS?")
    assert code == 2 and "was built with" in err and "python -m ingest" in err


def test_usage_errors_are_one_line(capsys, built_index, tmp_path):
    code, _, err = run(capsys, "ask", "--index", str(built_index))
    assert code == 2 and "no question" in err
    code, _, err = run(capsys, "ask", "--index", str(built_index), "--k", "0", "q?")
    assert code == 2 and "--k" in err
    code, _, err = run(capsys, "ask", "--batch", str(tmp_path / "none.txt"))
    assert code == 2 and "cannot read" in err


def test_a_real_process_prints_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "qa", "ask", "--index", str(tmp_path / "missing"), "--json", "  "],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr


def test_briefing_exports_from_the_command_line(capsys, built_index, tmp_path):
    import zipfile

    q = "What induction is being introduced for all health and care staff?"
    md, docx = tmp_path / "note.md", tmp_path / "note.docx"
    assert main(["ask", "--index", str(built_index), "--format", "md", "--out", str(md), q]) == 0
    assert "wrote" in capsys.readouterr().err
    assert (
        main(
            [
                "ask",
                "--index",
                str(built_index),
                "--format",
                "docx",
                "--out",
                str(docx),
                "--json",
                q,
            ]
        )
        == 0
    )
    answer = json.loads(capsys.readouterr().out)
    note = md.read_text(encoding="utf-8")
    with zipfile.ZipFile(docx) as z:
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
    for c in answer["citations"]:
        assert c["reference"] in note and c["quote"] in note
        assert c["reference"].replace("&", "&amp;") in footnotes
    code, _, err = run(capsys, "ask", "--index", str(built_index), "--format", "md", q)
    assert code == 2 and "--format and --out go together" in err


def test_speaker_filter_from_the_command_line(capsys, built_index):
    code, out, err = run(
        capsys,
        "ask",
        "--index",
        str(built_index),
        "--json",
        "--speaker",
        "baroness pitkeathley",
        "What about joint training?",
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["citations"] and {c["speaker"] for c in d["citations"]} == {"Baroness Pitkeathley"}
    assert all(line["attribution"] == "Baroness Pitkeathley asked: " for line in d["lines"])
    code, out, err = run(
        capsys, "ask", "--index", str(built_index), "--speaker", "  ", "What about training?"
    )
    assert code == 2 and err.count("\n") == 1 and "speaker" in err
