"""The answer view: the question, its cited answer, its sources, and what the filters hid."""

from __future__ import annotations

import re
import time

import streamlit as st

from core.errors import HealthQAError
from qa.answer import Answer, Citation
from qa.engine import Engine
from qa.export import to_docx, to_markdown
from ui import cache, render
from ui import url as urls
from ui.examples import examples
from ui.hidden import Hidden
from ui.nav import copy_box, go, go_from, scroll_to_passage, share, sync, version_note

PLACEHOLDER = "What induction is being introduced for all health and care staff?"
RECENT = 8
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ask_submitted() -> None:
    go(q=str(st.session_state.get("q_input", "")).strip() or None, view=None, passage=None)


def ask_form(page: urls.Page) -> bool:
    sync("q_input", page.q)
    with st.form("ask", border=False):
        col_q, col_go = st.columns([6, 1], vertical_alignment="bottom")
        col_q.text_input("Question", key="q_input", placeholder=PLACEHOLDER)
        return col_go.form_submit_button(
            "Ask", type="primary", width="stretch", on_click=ask_submitted
        )


def remember(question: str) -> None:
    recent = [q for q in st.session_state.get("recent", []) if q != question]
    st.session_state["recent"] = [question, *recent][:RECENT]


def empty_page(engine: Engine) -> None:
    _question_buttons(
        "Try a question the corpus answers",
        examples(engine.index.documents),
        "example",
        ":material/arrow_forward:",
    )
    recent = st.session_state.get("recent", [])
    if recent:
        _question_buttons("Your recent questions", recent, "recent", ":material/history:")


def _question_buttons(heading: str, questions: list[str], key: str, icon: str) -> None:
    st.markdown(f"**{heading}**")
    for i, q in enumerate(questions):
        st.button(
            render.escape(q),
            key=f"{key}-{i}",
            type="tertiary",
            icon=icon,
            on_click=go,
            kwargs={"q": q},
        )


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:8]
    return "-".join(["briefing", *words])


NAMES = {
    "md": ("Briefing note (Markdown)", "text/markdown"),
    "docx": ("Briefing note (Word)", DOCX),
}


def briefing(answer: Answer, ext: str) -> bytes:
    """A briefing note's bytes: built only when its download is clicked."""
    return to_markdown(answer).encode() if ext == "md" else to_docx(answer)


FILTER_NAMES = {
    "kind": "kind",
    "doc": "document",
    "since": "“Dated from”",
    "until": "“Dated to”",
    "role": "speaker role",
    "speaker": "speaker",
}


def filter_notes(engine: Engine, page: urls.Page, hid: Hidden) -> None:
    """Say what the filters left out, each with a one-click way to let it back in."""
    docs = engine.index.documents
    if hid.undated:
        titles = "; ".join(docs[i].title or docs[i].source for i in hid.undated)
        n = len(hid.undated)
        st.info(
            render.escape(
                f"The date filter left out {n} undated document{'s' if n > 1 else ''} "
                f"(the source states no date): {titles}."
            ),
            icon=":material/event_busy:",
        )
        st.button(
            f"Include the {n} undated document{'s' if n > 1 else ''}",
            key="include-undated",
            on_click=go,
            kwargs={"undated": urls.INCLUDE},
        )
    if hid.passages == 0:
        st.warning(
            render.escape(
                "No passage in the index passes these filters together ("
                + urls.describe(page.filters, docs)
                + "), so there is nothing to search."
            )
        )
        for name, left in hid.loosen:
            st.button(
                f"Remove the {FILTER_NAMES[name]} filter ({left} passages)",
                key=f"loosen-{name}",
                on_click=go,
                kwargs={name: None},
            )


def show(engine: Engine, page: urls.Page, submitted: bool) -> None:
    hid = None
    if page.filters.active:
        st.caption(
            "Searching " + render.escape(urls.describe(page.filters, engine.index.documents))
        )
        hid = cache.what_filters_hid(engine, page.filters)
    if not page.q:
        if submitted:
            st.error("Cannot answer: the question is empty: type a question about the corpus.")
        if hid is not None:
            filter_notes(engine, page, hid)
        empty_page(engine)
        return
    version_note(page, engine.version, "answer")
    if hid is not None:
        filter_notes(engine, page, hid)
        if hid.passages == 0:
            return
    started = time.perf_counter()
    try:
        with st.spinner("Searching the corpus…"):
            answer = cache.answer(engine, page.q, page.filters)
    except HealthQAError as e:
        st.error(render.escape(f"Cannot answer: {e}."))
        return
    seconds = time.perf_counter() - started
    remember(page.q)
    go(v=engine.version)  # the link now names the index that made this answer
    here = urls.Page({**page.params, "v": engine.version})
    show_answer(answer, seconds, here, page.passage)


def show_answer(answer: Answer, seconds: float, page: urls.Page, selected: str | None) -> None:
    st.subheader("Answer")
    st.caption(f"Question: {render.escape(answer.question)}")
    timing = f"answered in {seconds:.2f} s · index {render.escape(answer.index_version)}"
    if answer.abstained:
        st.info(render.escape(answer.answer))
        st.caption(timing)
        return
    if not answer.direct:
        st.warning(
            "Not a direct answer: the corpus does not answer this question itself. Below is the "
            "closest passage it holds; read it in its source before relying on it."
        )
    st.markdown(render.answer_markdown(answer))
    st.caption(timing)
    with st.container(horizontal=True):
        for ext, (label, mime) in NAMES.items():
            st.download_button(
                label,
                lambda ext=ext: briefing(answer, ext),  # type: ignore[misc]
                file_name=f"{slug(answer.question)}.{ext}",
                mime=mime,
                on_click="ignore",
                icon=":material/download:",
                key=f"download-{ext}",
            )
    copy_box("Link to this answer", share(page.link(view=None, passage=None)))
    st.subheader(f"Sources ({len(answer.citations)})")
    for c in answer.citations:
        citation_card(c, page, c.chunk_id == selected)
    if answer.see_also:
        st.subheader("See also (retrieved, not quoted in the answer)")
        for i, s in enumerate(answer.see_also):
            left, right = st.columns([5, 2], vertical_alignment="center")
            left.markdown(
                f"{render.escape(s.title or s.source)}  \n"
                f":small[{render.escape(s.source)} · passage {render.escape(s.chunk_id)}]"
            )
            right.button(
                "Open in document",
                key=f"see-{i}",
                on_click=go,
                kwargs={"view": "document", "passage": s.chunk_id},
            )
    if selected and any(c.chunk_id == selected for c in answer.citations):
        scroll_to_passage()


def citation_card(c: Citation, page: urls.Page, selected: bool) -> None:
    with st.container(border=True, key="passage" if selected else f"cite-{c.n}"):
        st.markdown(render.heading(c))
        st.caption(render.details(c))
        st.markdown(render.passage_markdown(c))
        st.caption(render.provenance(c))
        with st.container(horizontal=True):
            st.button(
                "Open in document",
                key=f"open-{c.n}",
                icon=":material/article:",
                on_click=go,
                kwargs={"view": "document", "passage": c.chunk_id},
            )
            if c.kind == "debate":
                st.button(
                    "Who else spoke on this",
                    key=f"who-{c.n}",
                    icon=":material/groups:",
                    on_click=go_from,
                    args=(page.link(passage=c.chunk_id),),
                    kwargs={"view": "debate", "doc": c.doc_id, "speaker": None, "passage": None},
                )
        copy_box("Reference for a briefing", c.reference)
        copy_box("Link to this passage", share(page.link(view="document", passage=c.chunk_id)))
