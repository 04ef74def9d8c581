"""The Streamlit page as a user meets it, through AppTest, against a real index of corpus/."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import app_render as render
from qa.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ON_TOPIC = "What induction is being introduced for all health and care staff?"
OFF_TOPIC = "What is the best recipe for lasagne?"


@pytest.fixture
def app(built_index: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("HEALTHQA_INDEX", str(built_index))
    monkeypatch.setattr(sys, "argv", ["app.py"])  # pytest's own arguments are not the app's
    return AppTest.from_file(APP, default_timeout=120)


def shown(md: str) -> str:
    """What Markdown produced by app_render displays: escapes and word joiners removed."""
    return re.sub(r"\\(.)", r"\1", md).replace("\u2060", "")


def everything_shown(at: AppTest) -> str:
    return "\n".join(shown(m.value) for m in [*at.markdown, *at.caption])


def ask(at: AppTest, q: str) -> AppTest:
    at.query_params["q"] = q
    return at.run()


def test_question_in_url_shows_cited_answer(app: AppTest, built_index: Path) -> None:
    expected = Engine.load(built_index).ask(ON_TOPIC)
    first = expected.citations[0]
    at = ask(app, ON_TOPIC)
    assert not at.exception
    assert not at.error
    assert at.text_input[0].value == ON_TOPIC
    answer = shown(at.markdown[0].value)
    assert "[1]" in answer
    assert "induction" in answer.lower()
    text = everything_shown(at)
    assert f"[1] {first.title}" in text
    assert first.quote in text
    # the supporting sentence is highlighted inside its passage
    passages = [m.value for m in at.markdown if f":{render.HIGHLIGHT}[" in m.value]
    assert len(passages) == len(expected.citations)
    assert f":{render.HIGHLIGHT}[{render.escape(first.quote)}]" in passages[0]
    assert "contribution" in text  # the first source is a debate contribution
    assert expected.index_version in text


def test_off_topic_question_shows_abstain_message(app: AppTest) -> None:
    at = ask(app, OFF_TOPIC)
    assert not at.exception
    assert not at.error
    assert len(at.info) == 1
    assert "does not answer" in shown(at.info[0].value)
    assert not [s for s in at.subheader if s.value.startswith("Sources")]
    assert not any(f":{render.HIGHLIGHT}[" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "q",
    [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script> **bold** [link](javascript:alert(1)) :red[x] $x^2$ -> :smile:",
    ],
)
def test_markup_in_question_is_shown_literally(app: AppTest, q: str) -> None:
    at = ask(app, q)
    assert not at.exception
    assert not at.error
    echoed = [c.value for c in at.caption if c.value.startswith("Question:")]
    assert echoed == [f"Question: {render.escape(q)}"]
    assert "\\<" in echoed[0]
    assert "<" not in echoed[0].replace("\\<", "")
    assert shown(echoed[0]) == f"Question: {q}"
    assert not at.get("html")
    for el in [*at.markdown, *at.caption]:  # alerts have no way to allow HTML
        assert not el.proto.allow_html


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_question_shows_the_empty_page(app: AppTest, q: str) -> None:
    at = ask(app, q)
    assert not at.exception
    assert not at.error
    assert not at.info
    assert not at.subheader
    assert len(at.text_input) == 1
    assert "Index " in at.caption[-1].value


def test_too_long_question_shows_error(app: AppTest) -> None:
    at = ask(app, "why " * 600)
    assert not at.exception
    assert len(at.error) == 1
    assert "2000" in at.error[0].value
    assert not at.subheader


def test_missing_index_shows_error(
    built_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHQA_INDEX", str(tmp_path / "nowhere"))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = ask(AppTest.from_file(APP, default_timeout=120), ON_TOPIC)
    assert not at.exception
    assert len(at.error) == 1
    message = shown(at.error[0].value)
    assert "nowhere" in message
    assert "python -m ingest" in message
    assert not at.text_input  # the page stopped at the error


def test_index_argument_overrides_environment(
    built_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEALTHQA_INDEX", str(tmp_path / "nowhere"))
    monkeypatch.setattr(sys, "argv", ["app.py", "--index", str(built_index)])
    at = ask(AppTest.from_file(APP, default_timeout=120), ON_TOPIC)
    assert not at.error
    assert "[1]" in shown(at.markdown[0].value)


def test_index_argument_without_a_value_shows_error(
    built_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", "--index"])
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "--index DIR" in shown(at.error[0].value)


def test_typed_question_is_written_to_the_url(app: AppTest) -> None:
    at = app.run()
    assert "q" not in at.query_params
    assert not at.subheader
    at.text_input[0].input(f"  {ON_TOPIC} ")
    at.button[0].click()
    at.run()
    assert not at.error
    assert at.query_params["q"] in (ON_TOPIC, [ON_TOPIC])
    assert "[1]" in shown(at.markdown[0].value)


def test_clearing_the_question_removes_it_from_the_url(app: AppTest) -> None:
    at = ask(app, ON_TOPIC)
    at.text_input[0].input("")
    at.button[0].click()
    at.run()
    assert "q" not in at.query_params
    assert len(at.error) == 1
    assert "empty" in at.error[0].value


def test_engine_loads_once_per_process(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = Engine.load

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(Engine, "load", staticmethod(counting))
    ask(app, ON_TOPIC)
    at = ask(AppTest.from_file(APP, default_timeout=120), OFF_TOPIC)
    assert not at.error
    assert len(calls) <= 1


def test_escape_leaves_nothing_for_markdown_to_act_on() -> None:
    text = (
        "*a* _b_ `c` [d](e) <b>f</b> $g$ :red[h] # i -> j -- k :streamlit: 1. l \\ m &amp; "
        "https://example.com WWW.nhs.uk a@b.org"
    )
    md = render.escape(text)
    assert shown(md) == text
    punct = re.escape(string.punctuation)
    assert re.fullmatch(rf"(?:\\[{punct}]|[^{punct}])*", md)  # punctuation only escaped


def test_passage_highlights_the_supporting_sentence_per_paragraph(built_index: Path) -> None:
    answer = Engine.load(built_index).ask(ON_TOPIC)
    c = next(c for c in answer.citations if "\n\n" in c.text)
    md = render.passage_markdown(c)
    marked = re.findall(rf":{render.HIGHLIGHT}\[((?:\\.|[^\]\\])*)\]", md)
    assert shown(" ".join(marked)) == " ".join(c.quote.split("\n\n")).replace("\n", " ")
    assert shown(re.sub(rf":{render.HIGHLIGHT}\[((?:\\.|[^\]\\])*)\]", r"\1", md)) == c.text.strip()
