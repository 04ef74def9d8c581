"""Issue 12, question side: fuzzed questions and filters through python -m qa ask's main()."""

from __future__ import annotations

import json
import unicodedata
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.types import KINDS
from qa.__main__ import main

NASTY = [
    "\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe",
    "\udcff", "\ud800", "２０２３", "é", "e\u0301", "-", '"', "“", "NHS", "care", " ",
]  # fmt: skip
words = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=12).map("".join)
dates = st.one_of(
    st.sampled_from(["2012", "2012-01", "2012-01-30", "2023-4", "2023-13", "２０２３", "", "0000"]),
    st.text(max_size=12),
)


def run(capsys, args: list[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as e:  # argparse usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    question=words,
    kind=st.one_of(st.none(), st.sampled_from(KINDS), words),
    since=st.one_of(st.none(), dates),
    until=st.one_of(st.none(), dates),
    role=st.one_of(st.none(), st.sampled_from(["minister", "question", "member"]), words),
    doc=st.one_of(st.none(), st.sampled_from(["004_cbf5e1164febe16d"]), words),
)
def test_fuzzed_questions_and_filters_answer_or_get_one_line(
    capsys, built_index, question, kind, since, until, role, doc
):
    args = ["ask", "--index", str(built_index), "--json"]
    for name, value in (("kind", kind), ("since", since), ("until", until), ("role", role)):
        if value is not None:
            args.append(f"--{name}={value}")
    if doc is not None:
        args.append(f"--doc={doc}")
    code, out, err = run(capsys, [*args, "--", question])
    if code == 0:
        answer = json.loads(out)
        assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in answer["question"])
        assert err == ""
    else:
        assert code == 2 and out == ""
        assert err.startswith("error: ") and err.count("\n") == 1, err
        assert "Traceback" not in err


@pytest.mark.parametrize("since", ["2023-4", "２０２３", "2023-04-4", "23", "2023/04"])
def test_loose_dates_are_refused_naming_what_is_accepted(capsys, built_index, since):
    code, _, err = run(capsys, ["ask", "--index", str(built_index), f"--since={since}", "q?"])
    assert code == 2 and "YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits" in err


def test_month_precision_dates_still_match(capsys, built_index):
    args = ["ask", "--index", str(built_index), "--json", "--since", "2012-01", "--until", "2012"]
    code, out, _ = run(capsys, [*args, "What lesson stands out about workforce development?"])
    assert code == 0
    assert {c["date"] for c in json.loads(out)["citations"]} == {"2012-01-30"}


def test_undecodable_bytes_in_a_question_get_one_line(capsys, built_index):
    # What Python makes of the argv bytes b"\xff" (surrogateescape).
    code, _, err = run(capsys, ["ask", "--index", str(built_index), "What is \udcff?"])
    assert code == 2 and "not valid UTF-8 text (the byte 0xff" in err


def test_control_characters_are_cleaned_and_the_word_export_opens(capsys, built_index, tmp_path):
    out = tmp_path / "note.docx"
    question = "What is the Care Certificate?\x00\x0b"
    args = ["ask", "--index", str(built_index), "--format", "docx", "--out", str(out)]
    code, _, err = run(capsys, [*args, question])
    assert code == 0, err
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode()
    assert "What is the Care Certificate?" in core and "\x00" not in core


def test_a_real_process_given_non_utf8_bytes_prints_one_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "qa", "ask", "--index", str(tmp_path), b"What is \xff?"],
        cwd=root,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.decode().count("\n") == 1 and b"not valid UTF-8" in proc.stderr
