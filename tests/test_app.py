"""The Streamlit page as a user meets it, through AppTest, against a real index of corpus/."""

from __future__ import annotations

import io
import json
import re
import shutil
import string
import sys
import threading
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from core import store
from ingest.add import save_and_index
from qa.engine import Engine
from qa.export import to_markdown
from qa.query import Filters
from ui import render
from ui import url as app_url
from ui.examples import EXAMPLES, examples

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ON_TOPIC = "What induction is being introduced for all health and care staff?"
OFF_TOPIC = "What is the best recipe for lasagne?"
ACROSS = "Why should qualifications across health and social care be connected?"
# Answers stop when the evidence does; this one quotes one line from each of several sources.
SOURCES = "What have different sources said about joint training for staff?"
DEBATE = "001_b5119bf216dad2f6"
NOTE = (
    "Integrated care boards must publish a joint forward plan before each financial year. "
    "The plan sets out how the board will meet the health needs of its population.\n\n"
    "Local authorities and NHS bodies agree the joint forward plan together."
)


@pytest.fixture
def app(built_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("HEALTHQA_INDEX", str(built_index))
    monkeypatch.setenv("HEALTHQA_CORPUS", str(tmp_path / "no-corpus"))  # never the repo's
    monkeypatch.setattr(sys, "argv", ["app.py"])  # pytest's own arguments are not the app's
    return AppTest.from_file(APP, default_timeout=120)


@pytest.fixture
def sandbox(built_index: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the corpus and of the built index that a test may change."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    for f in corpus.iterdir():
        f.chmod(0o644)
    shutil.copytree(built_index, index)
    return corpus, index


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[Any, str]]:
    """What each download button would serve when clicked, by file name: (the callable that
    makes the file, MIME type). Nothing is made until then."""
    served: dict[str, tuple[Any, str]] = {}
    real = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):  # type: ignore[no-untyped-def]
        served[file_name] = (data_callable, mimetype)
        return real(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return served


def shown(md: str) -> str:
    """What Markdown produced by app_render displays: escapes and word joiners removed."""
    return re.sub(r"\\(.)", r"\1", md).replace("\u2060", "")


def everything_shown(at: AppTest) -> str:
    return "\n".join(shown(m.value) for m in [*at.markdown, *at.caption])


def ask(at: AppTest, q: str, **params: str) -> AppTest:
    at.query_params["q"] = q
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def open_link(at: AppTest, link: str) -> AppTest:
    """Open a relative link the page offered, as a fresh visitor."""
    for k, v in parse_qsl(link.lstrip("?")):
        at.query_params[k] = v
    return at.run()


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def references(at: AppTest) -> list[str]:
    return [c.value for c in at.code if not c.value.startswith("?")]


def links(at: AppTest) -> list[str]:
    return [c.value for c in at.code if c.value.startswith("?")]


def unmarked(md: str) -> str:
    """Markdown from app_render with its highlights taken off (the text inside kept)."""
    return re.sub(rf":{render.HIGHLIGHT}\[((?:\\.|[^\]\\])*)\]", r"\1", md)


def errors(at: AppTest) -> str:
    return "\n".join(shown(e.value) for e in at.error)


def everything_shown_raw(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption])


def finished(at: AppTest, timeout: float = 240) -> AppTest:
    """Rerun the page (as its progress fragment does every second) until the upload is done."""
    deadline = time.monotonic() + timeout
    while "upload_job" in at.session_state:
        assert time.monotonic() < deadline, "the upload did not finish"
        time.sleep(0.5)
        at.run()
    return at


def button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if shown(b.label) == label)


# ---------------------------------------------------------------------------------------------
# The question


def test_question_in_url_shows_cited_answer(app: AppTest, built_index: Path) -> None:
    expected = Engine.load(built_index).ask(ON_TOPIC)
    first = expected.citations[0]
    at = ask(app, ON_TOPIC)
    assert not at.exception
    assert not at.error
    assert at.text_input(key="q_input").value == ON_TOPIC
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
    assert re.search(r"answered in \d+\.\d\d s", text)
    assert param(at, "v") == expected.index_version  # the link now names its index


def test_off_topic_question_shows_abstain_message(app: AppTest) -> None:
    at = ask(app, OFF_TOPIC)
    assert not at.exception
    assert not at.error
    assert len(at.info) == 1
    assert "does not answer" in shown(at.info[0].value)
    assert not [s for s in at.subheader if s.value.startswith("Sources")]
    assert not any(f":{render.HIGHLIGHT}[" in m.value for m in at.markdown)
    assert not at.get("download_button")


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
    assert not at.get("iframe")
    for el in [*at.markdown, *at.caption]:  # alerts have no way to allow HTML
        assert not el.proto.allow_html
    # the recent-questions list on the empty page shows it as text too
    at.query_params.pop("q")
    at.run()
    assert [shown(b.label) for b in at.button if b.key == "recent-0"] == [q]


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_question_shows_the_empty_page(app: AppTest, q: str) -> None:
    at = ask(app, q)
    assert not at.exception
    assert not at.error
    assert not at.info
    assert not at.subheader
    assert len(at.main.text_input) == 1
    assert "Index " in at.sidebar.caption[-1].value


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
    at.text_input(key="q_input").input(f"  {ON_TOPIC} ")
    button(at, "Ask").click()
    at.run()
    assert not at.error
    assert param(at, "q") == ON_TOPIC
    assert "[1]" in shown(at.markdown[0].value)


def test_clearing_the_question_removes_it_from_the_url(app: AppTest) -> None:
    at = ask(app, ON_TOPIC)
    at.text_input(key="q_input").input("")
    button(at, "Ask").click()
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


# ---------------------------------------------------------------------------------------------
# Filters: in the URL and in the sidebar

FILTERED = [
    ("kind", "newsletter", ACROSS, lambda c: c.kind == "newsletter"),
    ("role", "minister", "What was said in the Lords about care workers' pay?",
     lambda c: c.role == "minister"),
    # "question" is the member who asked the question (all her contributions), no one else.
    ("role", "question", "What was said about joint training for health and social care staff?",
     lambda c: c.role == "question" and c.speaker == "Baroness Pitkeathley"),
    ("role", "member", "What is the Government doing about pay for adult social care workers?",
     lambda c: c.role == "member"),
    ("since", "2023", SOURCES,
     lambda c: (c.date or "") >= "2023"),
    ("until", "2012", ACROSS, lambda c: (c.date or "9") <= "2012-12-31"),
    ("doc", "002_3ffac66795bd7f1d", SOURCES,
     lambda c: c.doc_id == "002_3ffac66795bd7f1d"),
    ("doc", "002_3ffac66795bd7f1d.txt", SOURCES,
     lambda c: c.doc_id == "002_3ffac66795bd7f1d"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "value", "q", "holds"), FILTERED)
def test_filter_in_url_restricts_citations(
    app: AppTest, engine: Engine, key: str, value: str, q: str, holds: Any
) -> None:
    unfiltered = engine.ask(q)
    expected = engine.ask(q, filters=Filters(**{key: value}))
    assert expected.citations and all(holds(c) for c in expected.citations)
    assert not all(holds(c) for c in unfiltered.citations)  # the filter makes a difference
    at = ask(app, q, **{key: value})
    assert not at.exception
    assert not at.error
    assert references(at) == [c.reference for c in expected.citations]
    assert any(c.value.startswith("Searching ") for c in at.caption)  # says where it looked
    assert all(f"{key}=" in link for link in links(at))  # every link keeps the filter


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("kind", "newspaper", "debate, written_question, article, report, newsletter"),
        ("role", "peer", "minister, question, member"),
        ("since", "2012-13", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("until", "last year", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("doc", "nope.txt", "002_3ffac66795bd7f1d"),
        ("view", "slides", "answer, document, debate, corpus"),
        ("speaker", "Lord Nobody", "Baroness Pitkeathley"),
        ("undated", "yes", "'include'"),
        ("passage", f"{DEBATE}:99", f"view=document&doc={DEBATE}"),
        ("passage", "nothing:1", "004_cbf5e1164febe16d"),
    ],
)
def test_invalid_parameter_names_the_valid_choices(
    app: AppTest, key: str, value: str, named: str
) -> None:
    at = ask(app, ON_TOPIC, **{key: value})
    assert not at.exception
    assert len(at.error) == 1
    assert value in errors(at)
    assert named in errors(at)
    assert not at.subheader  # no answer under a link it could not follow
    button(at, "Remove what is not valid from the link").click()
    at.run()
    assert key not in at.query_params
    assert not at.error
    assert "[1]" in shown(at.markdown[0].value)


def test_since_after_until_is_an_error(app: AppTest) -> None:
    at = ask(app, ON_TOPIC, since="2024", until="2012")
    assert len(at.error) == 1
    assert "after" in errors(at)
    assert not at.subheader


def test_sidebar_filters_are_written_to_the_url(app: AppTest, engine: Engine) -> None:
    at = ask(app, ACROSS)
    at.selectbox(key="f_kind").select("newsletter")
    at.run()
    assert param(at, "kind") == "newsletter"
    expected = engine.ask(ACROSS, filters=Filters(kind="newsletter"))
    assert references(at) == [c.reference for c in expected.citations]
    at.text_input(key="f_until").input("2012")
    at.run()
    assert param(at, "until") == "2012"
    at.selectbox(key="f_role").select("minister")
    at.run()
    assert param(at, "role") == "minister"
    # no newsletter has a minister's answer: the page says which filter to take off
    assert len(at.warning) == 1
    assert "No passage in the index passes these filters together" in shown(at.warning[0].value)
    assert not at.subheader
    assert button(at, "Remove the speaker role filter (2 passages)")
    button(at, "Clear filters").click()
    at.run()
    assert not any(k in at.query_params for k in app_url.FILTERS)
    assert at.selectbox(key="f_kind").value == ""
    assert references(at) == [c.reference for c in engine.ask(ACROSS).citations]


def test_url_filters_are_shown_in_the_sidebar(app: AppTest) -> None:
    at = ask(app, ACROSS, kind="newsletter", doc="004_cbf5e1164febe16d.txt", since="2012")
    assert at.selectbox(key="f_kind").value == "newsletter"
    assert at.selectbox(key="f_doc").value == "004_cbf5e1164febe16d"
    assert at.text_input(key="f_since").value == "2012"
    assert at.selectbox(key="f_role").value == ""


# ---------------------------------------------------------------------------------------------
# Links, the index version, the answer's extras


def test_every_state_is_a_link_that_reproduces_the_page(
    app: AppTest, built_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = ask(app, ACROSS, kind="newsletter")
    answer_link, *passage_links = links(at)
    assert answer_link.startswith("?q=")
    assert "kind=newsletter" in answer_link and "v=" in answer_link
    assert len(passage_links) == len(references(at))
    assert all("view=document" in link and "passage=" in link for link in passage_links)
    again = open_link(AppTest.from_file(APP, default_timeout=120), answer_link)
    assert [m.value for m in again.markdown] == [m.value for m in at.markdown]
    assert not again.info  # same index: no note
    doc = open_link(AppTest.from_file(APP, default_timeout=120), passage_links[0])
    assert not doc.error
    assert [s.value for s in doc.subheader] == [render.escape(at_title(at))]


def at_title(at: AppTest) -> str:
    """The title of the first cited source on an answer page."""
    first = next(m.value for m in at.markdown if m.value.startswith("**\\[1\\]"))
    return shown(first)[len("**[1] ") : -2]


def test_link_made_with_another_index_says_so_and_still_answers(app: AppTest) -> None:
    at = ask(app, ON_TOPIC, v="0123456789ab")
    assert not at.error
    assert len(at.info) == 1
    note = shown(at.info[0].value)
    assert "This link was made with index 0123456789ab; the index is now" in note
    assert "so the answer may differ" in note
    assert "[1]" in shown(at.markdown[0].value)
    assert param(at, "v") != "0123456789ab"  # the page's link now names the current index


def test_link_with_the_current_index_has_no_note(app: AppTest, engine: Engine) -> None:
    at = ask(app, ON_TOPIC, v=engine.version)
    assert not at.info


def test_briefing_downloads_carry_the_answer(
    app: AppTest, engine: Engine, downloads: dict[str, tuple[Any, str]]
) -> None:
    at = ask(app, ON_TOPIC)
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "Briefing note (Markdown)",
        "Briefing note (Word)",
    ]
    md_name = next(n for n in downloads if n.endswith(".md"))
    docx_name = next(n for n in downloads if n.endswith(".docx"))
    assert md_name.startswith("briefing-what-induction")
    make, mime = downloads[md_name]
    data = make()  # made when clicked, not on every rerun
    assert mime == "text/markdown"
    expected = to_markdown(engine.ask(ON_TOPIC))

    def undated(text: str) -> str:
        return re.sub(r"generated \S+", "generated", text)

    assert undated(data.decode()) == undated(expected)
    make, mime = downloads[docx_name]
    data = make()
    assert "wordprocessingml" in mime
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
    assert "joint induction" in body
    assert engine.ask(ON_TOPIC).citations[0].source in notes


def test_references_can_be_copied(app: AppTest, engine: Engine) -> None:
    at = ask(app, ON_TOPIC)
    assert references(at) == [c.reference for c in engine.ask(ON_TOPIC).citations]
    labels = [c.value for c in at.caption]
    assert labels.count("Reference for a briefing") == len(references(at))


def test_not_direct_answer_is_marked_and_see_also_listed(app: AppTest, engine: Engine) -> None:
    q = "What did the newsletter say about pay?"  # it says nothing about pay
    expected = engine.ask(q, filters=Filters(kind="newsletter"))
    assert not expected.direct
    at = ask(app, q, kind="newsletter")
    assert len(at.warning) == 1
    assert "Not a direct answer" in at.warning[0].value
    assert "[1]" in shown(at.markdown[0].value)
    with_see_also = engine.ask("What is the Care Certificate?")
    assert with_see_also.see_also
    at.query_params.pop("kind")
    at = ask(at, "What is the Care Certificate?")
    heads = [s.value for s in at.subheader]
    assert "See also (retrieved, not quoted in the answer)" in heads
    text = everything_shown(at)
    for s in with_see_also.see_also:
        assert s.chunk_id in text


# ---------------------------------------------------------------------------------------------
# The empty page


def test_example_questions_are_offered_and_answer(app: AppTest) -> None:
    at = app.run()
    examples = [b for b in at.button if (b.key or "").startswith("example-")]
    assert len(examples) >= 3
    assert shown(examples[0].label) == ON_TOPIC
    examples[0].click()
    at.run()
    assert param(at, "q") == ON_TOPIC
    assert "[1]" in shown(at.markdown[0].value)


def test_bundled_examples_are_answered(engine: Engine) -> None:
    questions = examples(engine.index.documents)
    assert questions == [q for q, _ in EXAMPLES]
    for q in questions:
        assert not engine.ask(q).abstained, q


def test_examples_come_from_titles_for_another_corpus(engine: Engine) -> None:
    others = {
        d.doc_id: replace(d, source=f"other-{d.source}") for d in engine.index.documents.values()
    }
    questions = examples(others)
    assert len(questions) == 4
    assert "What does “HEE plan joint training for health and social care staff” say?" in questions


def test_recent_questions_most_recent_first(app: AppTest) -> None:
    at = ask(app, ON_TOPIC)
    ask(at, OFF_TOPIC)
    ask(at, ON_TOPIC)  # asked again: moves to the front, once
    at.query_params.pop("q")
    at.run()
    recent = [shown(b.label) for b in at.button if (b.key or "").startswith("recent-")]
    assert recent == [ON_TOPIC, OFF_TOPIC]
    next(b for b in at.button if b.key == "recent-1").click()
    at.run()
    assert param(at, "q") == OFF_TOPIC


# ---------------------------------------------------------------------------------------------
# The document view


def test_passage_link_shows_the_whole_document_with_the_passage_highlighted(
    app: AppTest, engine: Engine
) -> None:
    c = engine.ask(ON_TOPIC).citations[0]
    doc = engine.index.documents[c.doc_id]
    at = ask(app, ON_TOPIC, view="document", passage=c.chunk_id)
    assert not at.exception
    assert not at.error
    assert [s.value for s in at.subheader] == [render.escape(doc.title or "")]
    text = everything_shown(at)
    assert "Lords Chamber · Debate" in text  # chamber and title at the top
    total = sum(1 for s in doc.sections if s.number)
    assert total == 17
    for s in doc.sections:
        assert render.contribution_label(s, total) in text
    assert "Contribution 1 of 17 — Baroness Pitkeathley (" in text  # named, with a role
    # every contribution, whole, in order
    headers = [shown(m.value) for m in at.markdown if m.value.startswith("**Contribution")]
    assert len(headers) == total
    body = shown(unmarked("\n".join(m.value for m in at.markdown)))
    flat = " ".join(body.split())
    for s in doc.sections:
        assert " ".join(doc.text[s.start : s.end].split()) in flat
    # the passage sits in its own container, its quoted sentence highlighted
    marked = [m.value for m in at.markdown if f":{render.HIGHLIGHT}[" in m.value]
    assert len(marked) == 1
    assert f":{render.HIGHLIGHT}[{render.escape(c.quote)}]" in marked[0]
    assert f"[{c.n}] cited in the answer" in text
    # and a fixed script, holding nothing from the page, brings it into view
    frames = at.get("iframe")
    assert len(frames) == 1
    assert "scrollIntoView" in frames[0].proto.srcdoc
    assert "st-key-passage" in frames[0].proto.srcdoc
    assert "Baroness" not in frames[0].proto.srcdoc


def test_passage_without_a_question_highlights_the_whole_passage(
    app: AppTest, engine: Engine
) -> None:
    chunk = next(c for c in engine.index.chunks if c.doc_id == "004_cbf5e1164febe16d")
    at = app
    at.query_params["passage"] = chunk.chunk_id  # no view: a lone passage opens its document
    at.run()
    assert not at.error
    marked = [m.value for m in at.markdown if f":{render.HIGHLIGHT}[" in m.value]
    assert len(marked) == 1
    assert "Contribution" not in everything_shown(at)  # a newsletter is not a debate
    assert "The selected passage" in everything_shown(at)
    assert button(at, "Back to the question")


def test_open_in_document_and_back(app: AppTest, engine: Engine) -> None:
    answer = engine.ask(SOURCES)
    second = answer.citations[1]
    at = ask(app, SOURCES)
    next(b for b in at.button if b.key == "open-2").click()
    at.run()
    assert param(at, "view") == "document"
    assert param(at, "passage") == second.chunk_id
    assert param(at, "q") == SOURCES
    assert f"[2] cited in the answer · {second.chunk_id}" in everything_shown(at)
    button(at, "Back to the answer").click()
    at.run()
    assert "view" not in at.query_params
    assert param(at, "passage") == second.chunk_id  # the answer comes back at that passage
    assert "[1]" in shown(at.markdown[0].value)
    assert len(at.get("iframe")) == 1


def test_view_document_needs_a_document_or_a_passage(app: AppTest) -> None:
    at = ask(app, ON_TOPIC, view="document")
    assert len(at.error) == 1
    assert "doc=" in errors(at) and "passage=" in errors(at)


def test_markup_in_a_document_is_shown_as_text(
    sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index = sandbox
    markup = "Evil <img src=x onerror=alert(1)> and <script>alert(2)</script> **not bold**."
    added = save_and_index(corpus, index, "markup.txt", f"{NOTE}\n\n{markup}\n".encode())
    assert added.ok, added.message
    chunk = next(c for c in store.load(index).chunks if "onerror" in c.text)
    monkeypatch.setenv("HEALTHQA_INDEX", str(index))
    monkeypatch.setenv("HEALTHQA_CORPUS", str(corpus))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["passage"] = chunk.chunk_id
    at.run()
    assert not at.error
    assert markup in everything_shown(at)
    assert not at.get("html")
    for el in [*at.markdown, *at.caption]:
        assert not el.proto.allow_html
        assert "<" not in el.value.replace("\\<", "")


# ---------------------------------------------------------------------------------------------
# The corpus view


def test_corpus_view_lists_documents_removals_merges_and_skips(
    app: AppTest, engine: Engine, built_index: Path
) -> None:
    at = app
    at.query_params["view"] = "corpus"
    at.run()
    assert not at.exception
    assert not at.error
    text = everything_shown(at)
    report = json.loads((built_index / "report.json").read_text())
    for d in engine.index.documents.values():
        passages = sum(1 for c in engine.index.chunks if c.doc_id == d.doc_id)
        # each title links to the whole document, each debate to who spoke in it
        assert f"| [{d.title}](?doc={d.doc_id}&view=document) | {d.kind} |" in text
        debate = f"[who spoke](?doc={d.doc_id}&view=debate)" if d.kind == "debate" else "–"
        assert f"| {passages} | {d.source} | {debate} |" in text
    for d in report["documents"]:
        for r in d["removed"]:
            assert f"| {r['line']} | {' '.join(r['text'].split())} | {r['reason']} |" in text
    assert "| 000_fc1d257f52b2eb99.txt | 001_b5119bf216dad2f6.txt |" in text  # merged copy
    assert "Every file in the corpus could be read." in text
    assert button(at, "Back to the question")


def test_corpus_view_lists_skipped_files(
    app: AppTest, sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, index = sandbox
    report = json.loads((index / "report.json").read_text())
    report["skipped"] = [{"source": "scan.pdf", "reason": "no text could be extracted"}]
    (index / "report.json").write_text(json.dumps(report))
    monkeypatch.setenv("HEALTHQA_INDEX", str(index))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "corpus"
    at.run()
    assert "| scan.pdf | no text could be extracted |" in everything_shown(at)


# ---------------------------------------------------------------------------------------------
# Adding documents


def test_upload_indexes_the_file_and_the_page_reloads_the_index(
    sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index = sandbox
    before = store.read_manifest(index)["index_version"]
    monkeypatch.setenv("HEALTHQA_INDEX", str(index))
    monkeypatch.setenv("HEALTHQA_CORPUS", str(corpus))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert "4 documents" in at.sidebar.caption[-1].value
    at.file_uploader[0].upload("forward-plan.txt", NOTE.encode(), "text/plain")
    at.run()
    assert not at.exception
    assert "Adding forward\\-plan\\.txt" in everything_shown_raw(at)  # while it is indexed
    assert button(at, "Cancel")
    finished(at)
    assert len(at.success) == 1
    assert "forward\\-plan\\.txt was added and indexed" in at.success[0].value
    assert (corpus / "forward-plan.txt").read_text() == NOTE
    assert store.read_manifest(index)["index_version"] != before
    assert "5 documents" in at.sidebar.caption[-1].value  # the engine was reloaded
    at.query_params["q"] = "What must integrated care boards publish before each financial year?"
    at.run()
    assert "forward-plan.txt" in "\n".join(references(at))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.txt", b"\x00\x01\x02binary\xff\xfe", "binary"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("report.pdf", b"not a pdf at all", "not a readable PDF"),
        ("minutes.docx", b"PK not a zip", "not a readable Word"),
    ],
)
def test_upload_of_an_unreadable_file_changes_nothing(
    sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, reason: str
) -> None:
    corpus, index = sandbox
    files = sorted(p.name for p in corpus.iterdir())
    manifest = (index / "manifest.json").read_bytes()
    monkeypatch.setenv("HEALTHQA_INDEX", str(index))
    monkeypatch.setenv("HEALTHQA_CORPUS", str(corpus))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.file_uploader[0].upload(name, data)
    at.run()
    finished(at)
    assert not at.exception
    assert len(at.error) == 1
    assert reason in shown(at.error[0].value)
    assert sorted(p.name for p in corpus.iterdir()) == files
    assert (index / "manifest.json").read_bytes() == manifest


def test_save_and_index_adds_a_good_file(sandbox: tuple[Path, Path]) -> None:
    corpus, index = sandbox
    stages: list[str] = []
    added = save_and_index(corpus, index, "plan.md", NOTE.encode(), stages.append)
    assert added.ok, added.message
    assert stages[0] == "checking the file"
    assert "embedding" in stages
    assert (corpus / "plan.md").stat().st_mode & 0o044  # readable like its neighbours
    engine = Engine.load(index)
    assert "plan.md" in {d.source for d in engine.index.documents.values()}
    assert engine.ask("When must integrated care boards publish a joint forward plan?").citations
    assert not [p for p in corpus.iterdir() if p.name.startswith(".")]  # no temp file left


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.txt", b"\x00\x01\x02binary\xff\xfe", "binary"),
        ("blank.txt", b"", "empty"),
        ("notes.exe", NOTE.encode(), "not a readable file type; readable: .docx"),
        ("../escape.txt", NOTE.encode(), "cannot be used"),
        (".hidden.txt", NOTE.encode(), "starts with a dot"),
        ("a.txt.meta.json", b"{}", "sidecar"),
        ("001_b5119bf216dad2f6.txt", NOTE.encode(), "already in the corpus"),
    ],
)
def test_save_and_index_refuses_and_changes_nothing(
    sandbox: tuple[Path, Path], name: str, data: bytes, reason: str
) -> None:
    corpus, index = sandbox
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    manifest = (index / "manifest.json").read_bytes()
    added = save_and_index(corpus, index, name, data)
    assert not added.ok
    assert reason in added.message
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
    assert (index / "manifest.json").read_bytes() == manifest
    assert not (corpus.parent / "escape.txt").exists()


def test_concurrent_uploads_are_both_indexed(sandbox: tuple[Path, Path]) -> None:
    corpus, index = sandbox
    texts = {
        "one.txt": NOTE,
        "two.txt": "Hospital discharge summaries should reach the GP within 24 hours. "
        "Community pharmacies receive them for medicines reconciliation.",
    }
    results: dict[str, Any] = {}

    def add(name: str) -> None:
        results[name] = save_and_index(corpus, index, name, texts[name].encode())

    threads = [threading.Thread(target=add, args=(n,)) for n in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in results.values()), results
    engine = Engine.load(index)
    sources = {d.source for d in engine.index.documents.values()}
    assert {"one.txt", "two.txt"} <= sources
    assert len(engine.index.documents) == 6


def test_same_name_uploaded_twice_at_once_keeps_one(sandbox: tuple[Path, Path]) -> None:
    corpus, index = sandbox
    results = []

    def add(text: str) -> None:
        results.append(save_and_index(corpus, index, "same.txt", text.encode()))

    threads = [threading.Thread(target=add, args=(t,)) for t in (NOTE, NOTE + " Revised.")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.ok for r in results) == [False, True]
    kept = next(r for r in results if r.ok)
    assert (corpus / "same.txt").read_text() in (NOTE, NOTE + " Revised.")
    assert "same.txt" in kept.message
    Engine.load(index)


# ---------------------------------------------------------------------------------------------
# Pure helpers


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
    answer = Engine.load(built_index).ask(SOURCES)
    c = next(c for c in answer.citations if "\n\n" in c.text)
    md = render.passage_markdown(c)
    marked = re.findall(rf":{render.HIGHLIGHT}\[((?:\\.|[^\]\\])*)\]", md)
    assert shown(" ".join(marked)) == " ".join(c.quote.split("\n\n")).replace("\n", " ")
    assert shown(unmarked(md)) == c.text.strip()


def test_segments_cover_the_whole_document(engine: Engine) -> None:
    for doc in engine.index.documents.values():
        pieces = render.segments(doc)
        covered = " ".join(doc.text[a:b] for _, a, b in pieces)
        assert covered.split() == doc.text.split()
        assert all(a < b for _, a, b in pieces)


def test_url_state_round_trips(engine: Engine) -> None:
    ids = {c.chunk_id for c in engine.index.chunks}
    passage = [c.chunk_id for c in engine.index.chunks if c.doc_id == DEBATE][3]
    raw = {"q": ON_TOPIC, "kind": "debate", "since": "2020", "passage": passage, "x": "y"}
    page = app_url.read(raw, engine.index.documents, ids)
    assert not page.problems
    assert page.filters == Filters(kind="debate", since="2020")
    assert page.view == "answer"  # a passage with a question: the answer, at that passage
    link = page.link(view="document")
    assert link.startswith("?q=What+induction")
    assert f"passage={passage}" in link and "x=" not in link
    again = app_url.read(dict(parse_qsl(link[1:])), engine.index.documents, ids)
    assert again.view == "document" and again.params == {**page.params, "view": "document"}
    assert app_url.read({}, engine.index.documents, ids).link() == "?"


# ---------------------------------------------------------------------------------------------
# Who said what: the debate view and the speaker facet


def test_debate_link_with_a_speaker_shows_only_their_contributions(
    app: AppTest, engine: Engine
) -> None:
    doc = engine.index.documents[DEBATE]
    named = [s for s in doc.sections if s.speaker == "Baroness Pitkeathley"]
    assert len(named) >= 2
    at = app
    for k, v in {"view": "debate", "doc": DEBATE, "speaker": "baroness pitkeathley"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert not at.error
    assert [s.value for s in at.subheader] == [render.escape(doc.title or "")]
    text = everything_shown(at)
    assert "Lords Chamber · Debate" in text
    headers = [shown(m.value) for m in at.markdown if m.value.startswith("**Contribution")]
    assert headers == [f"**{render.contribution_label(s, 17)}**" for s in named]
    for s in named:
        assert " ".join(doc.text[s.start : s.end].split()) in " ".join(text.split())
    assert f"Showing the {len(named)} of 17 contributions made by Baroness Pitkeathley." in text
    # who spoke, with counts; the chosen member is marked
    chosen = button(at, f"Baroness Pitkeathley · {len(named)} contributions")
    assert chosen.proto.type == "primary"
    assert f"?doc={DEBATE}&speaker=Baroness+Pitkeathley&view=debate" in links(at)
    button(at, "Everyone").click()
    at.run()
    assert "speaker" not in at.query_params
    headers = [m.value for m in at.markdown if m.value.startswith("**Contribution")]
    assert len(headers) == 17


def test_who_spoke_lists_each_speaker_with_counts_and_filters(app: AppTest, engine: Engine) -> None:
    doc = engine.index.documents[DEBATE]
    at = app
    at.query_params["view"] = "debate"
    at.query_params["doc"] = DEBATE
    at.run()
    counts: dict[str | None, int] = {}
    for s in doc.sections:
        counts[s.speaker] = counts.get(s.speaker, 0) + 1
    labels = [shown(b.label) for b in at.button if (b.key or "").startswith("speaker-")]
    expected = [
        f"{name} · {n} contribution{'s' if n > 1 else ''}" for name, n in counts.items() if name
    ]
    assert sorted(labels) == sorted(expected)
    name = max((n for n in counts if n), key=lambda n: counts[n])  # the copy names one member
    next(b for b in at.button if shown(b.label).startswith(name)).click()
    at.run()
    assert param(at, "speaker") == name
    headers = [shown(m.value) for m in at.markdown if m.value.startswith("**Contribution")]
    assert len(headers) == counts[name]
    assert all(name in h for h in headers)


def test_who_else_spoke_is_one_click_from_an_answer_and_back(app: AppTest, engine: Engine) -> None:
    answer = engine.ask(ON_TOPIC)
    c = next(c for c in answer.citations if c.kind == "debate")
    at = ask(app, ON_TOPIC)
    next(b for b in at.button if b.key == f"who-{c.n}").click()
    at.run()
    assert param(at, "view") == "debate"
    assert param(at, "doc") == c.doc_id
    assert param(at, "q") == ON_TOPIC
    assert [s.value for s in at.subheader] == [render.escape(c.title or "")]
    assert any(shown(b.label).startswith("Baroness Pitkeathley ·") for b in at.button)
    button(at, "Back to the answer").click()
    at.run()
    assert "view" not in at.query_params and "doc" not in at.query_params
    assert param(at, "passage") == c.chunk_id  # back at the source the reader came from
    assert "[1]" in shown(at.markdown[0].value)


def test_debate_view_of_a_document_that_is_not_a_debate_names_the_debates(app: AppTest) -> None:
    at = app
    at.query_params["view"] = "debate"
    at.query_params["doc"] = "004_cbf5e1164febe16d"
    at.run()
    assert len(at.error) == 1
    assert "is not a debate" in errors(at) and DEBATE in errors(at)


def test_speaker_facet_in_the_sidebar_restricts_the_answer(app: AppTest, engine: Engine) -> None:
    q = "Should the importance of integration be included in initial clinical training?"
    at = ask(app, q)
    options = at.selectbox(key="f_speaker").options
    assert "Baroness Pitkeathley" in options
    at.selectbox(key="f_speaker").select("Baroness Pitkeathley")
    at.run()
    assert param(at, "speaker") == "Baroness Pitkeathley"
    expected = engine.ask(q, filters=Filters(speaker="Baroness Pitkeathley"))
    assert expected.citations
    assert all(c.speaker == "Baroness Pitkeathley" for c in expected.citations)
    assert references(at) == [c.reference for c in expected.citations]
    assert "spoken by Baroness Pitkeathley" in everything_shown(at)


# ---------------------------------------------------------------------------------------------
# Whole documents


def test_document_link_without_a_passage_shows_it_from_the_top(
    app: AppTest, engine: Engine
) -> None:
    corpus = app
    corpus.query_params["view"] = "corpus"
    corpus.run()
    table = shown(corpus.markdown[0].value)
    link = re.search(r"\[Lessons to learn from our integrated working\]\((\?[^)]*)\)", table)
    assert link, table
    at = open_link(AppTest.from_file(APP, default_timeout=120), link[1])
    assert not at.error
    doc = engine.index.documents["004_cbf5e1164febe16d"]
    assert [s.value for s in at.subheader] == [render.escape(doc.title or "")]
    body = " ".join(shown("\n".join(m.value for m in at.markdown)).split())
    assert body.startswith(" ".join(doc.text.split())[:80])  # from the top
    assert " ".join(doc.text.split()) in body  # and whole
    assert not any(f":{render.HIGHLIGHT}[" in m.value for m in at.markdown)
    assert not at.get("iframe")  # nothing to scroll to
    assert "?doc=004_cbf5e1164febe16d&view=document&v=" in links(at)[0]
    button(at, "Back to the question").click()
    at.run()
    assert "view" not in at.query_params and "doc" not in at.query_params


def test_whole_debate_offers_who_spoke(app: AppTest) -> None:
    at = app
    at.query_params["view"] = "document"
    at.query_params["doc"] = DEBATE
    at.run()
    headers = [m.value for m in at.markdown if m.value.startswith("**Contribution")]
    assert len(headers) == 17
    button(at, "Who spoke in this debate").click()
    at.run()
    assert param(at, "view") == "debate"
    button(at, "Back to the question").click()
    at.run()
    assert param(at, "view") == "document" and param(at, "doc") == DEBATE


# ---------------------------------------------------------------------------------------------
# What a filter hid


def test_date_filter_says_how_many_undated_documents_it_left_out(
    app: AppTest, engine: Engine
) -> None:
    q = "joint training"
    undated = sorted(d.doc_id for d in engine.index.documents.values() if not d.date)
    assert len(undated) == 2
    at = ask(app, q, since="2020")
    note = next(shown(i.value) for i in at.info if "undated" in i.value)
    assert "The date filter left out 2 undated documents" in note
    for i in undated:
        assert (engine.index.documents[i].title or "") in note
    cited = {c.doc_id for c in engine.ask(q, filters=Filters(since="2020")).citations}
    assert not cited & set(undated)
    button(at, "Include the 2 undated documents").click()
    at.run()
    assert param(at, "undated") == "include" and param(at, "since") == "2020"
    assert not [i for i in at.info if "undated" in i.value]
    expected = engine.ask(q, filters=Filters(since="2020", undated=True))
    assert {c.doc_id for c in expected.citations} & set(undated)
    assert references(at) == [c.reference for c in expected.citations]
    assert "undated documents included" in everything_shown(at)
    assert at.sidebar.checkbox(key="f_undated").value is True


def test_filters_that_leave_nothing_say_which_to_remove(app: AppTest, engine: Engine) -> None:
    at = ask(app, ON_TOPIC, kind="newsletter", speaker="Baroness Pitkeathley")
    assert len(at.warning) == 1
    assert "No passage in the index passes these filters together" in shown(at.warning[0].value)
    assert not at.subheader and not at.info
    loosen = [shown(b.label) for b in at.button if (b.key or "").startswith("loosen-")]
    hers = int(engine.allowed(Filters(speaker="Baroness Pitkeathley")).sum())
    newsletters = int(engine.allowed(Filters(kind="newsletter")).sum())
    assert loosen == [
        f"Remove the kind filter ({hers} passages)",
        f"Remove the speaker filter ({newsletters} passages)",
    ]
    button(at, loosen[0]).click()
    at.run()
    assert "kind" not in at.query_params and param(at, "speaker") == "Baroness Pitkeathley"
    assert "[1]" in shown(at.markdown[0].value)


# ---------------------------------------------------------------------------------------------
# Messages in the user's terms


def test_a_bad_date_typed_in_the_sidebar_is_answered_beside_the_field(app: AppTest) -> None:
    at = ask(app, ON_TOPIC)
    at.text_input(key="f_since").input("last year")
    at.run()
    assert "since" not in at.query_params  # the link is not spoiled
    assert not at.main.error  # the answer stays; nothing about "the link"
    assert "[1]" in shown(at.markdown[0].value)
    message = shown(at.sidebar.error[0].value)
    assert "“last year” is not a date" in message and "2023-04" in message
    assert at.text_input(key="f_since").value == "last year"  # kept, to correct it
    at.text_input(key="f_since").input("2020")
    at.run()
    assert param(at, "since") == "2020"
    assert not at.sidebar.error


def test_a_date_typed_then_ask_clicked_keeps_the_filter(app: AppTest) -> None:
    at = app.run()
    at.text_input(key="f_since").input("2023")
    at.text_input(key="q_input").input("How many integrated care systems were set up?")
    button(at, "Ask").click()
    at.run()
    assert param(at, "since") == "2023" and param(at, "q")
    assert all((c.value or "") for c in at.code)


def test_since_after_until_typed_in_the_sidebar(app: AppTest) -> None:
    at = ask(app, ON_TOPIC, until="2012")
    at.text_input(key="f_since").input("2024")
    at.run()
    assert "since" not in at.query_params
    assert "comes after “2012” in “Dated to”" in shown(at.sidebar.error[0].value)


def test_links_are_shown_whole(app: AppTest) -> None:
    at = ask(app, ON_TOPIC)
    assert links(at)
    assert all(c.proto.wrap_lines for c in at.code)


# ---------------------------------------------------------------------------------------------
# Uploads in the background: a busy build, a cancel


def test_upload_while_a_build_runs_says_so_at_once(
    sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index = sandbox
    monkeypatch.setenv("HEALTHQA_INDEX", str(index))
    monkeypatch.setenv("HEALTHQA_CORPUS", str(corpus))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120).run()
    with store.build_lock(index):
        at.file_uploader[0].upload("forward-plan.txt", NOTE.encode(), "text/plain")
        at.run()
        assert "upload_job" not in at.session_state  # nothing started, nothing waits
        assert "another document is being indexed right now" in errors(at)
    assert not (corpus / "forward-plan.txt").exists()


def test_cancelled_upload_changes_nothing(
    sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index = sandbox
    files = sorted(p.name for p in corpus.iterdir())
    manifest = (index / "manifest.json").read_bytes()
    monkeypatch.setenv("HEALTHQA_INDEX", str(index))
    monkeypatch.setenv("HEALTHQA_CORPUS", str(corpus))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120).run()
    long = "\n\n".join(f"Paragraph {i}. {NOTE}" for i in range(300))  # embedding takes a while
    at.file_uploader[0].upload("long-plan.txt", long.encode(), "text/plain")
    at.run()
    job = at.session_state["upload_job"]
    deadline = time.monotonic() + 120
    while "adding it to the corpus" not in job.stages:  # the file is in the corpus by now
        assert time.monotonic() < deadline and not job.done
        time.sleep(0.1)
    button(at, "Cancel").click()
    at.run()
    finished(at)
    assert "long-plan.txt was not added: cancelled" in errors(at)
    assert sorted(p.name for p in corpus.iterdir()) == files
    assert (index / "manifest.json").read_bytes() == manifest


def test_the_loaded_engine_is_kept_out_of_the_garbage_collectors_walks(app: AppTest) -> None:
    import gc

    ask(app, ON_TOPIC)
    # millions of model and index objects: a full collection walking them took 0.6-0.7 s
    assert gc.get_freeze_count() > 100_000
