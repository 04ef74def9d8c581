"""The debate view: who spoke and how often, and the contributions in order, for one member."""

from __future__ import annotations

import streamlit as st

from core.types import Document
from qa.engine import Engine
from ui import facts, render
from ui import url as urls
from ui.nav import copy_box, go, go_back, share, version_note


def show(engine: Engine, page: urls.Page) -> None:
    assert page.filters.doc is not None  # url.read refuses view=debate without a debate
    doc = engine.index.documents[page.filters.doc]
    label = "Back to the answer" if page.q else "Back to the question"
    st.button(
        label,
        icon=":material/arrow_back:",
        on_click=go_back,
        kwargs={"view": None, "doc": None, "speaker": None},
    )
    version_note(page, engine.version, "debate")
    st.subheader(render.escape(doc.title or doc.source))
    st.caption(render.document_details(doc))
    everyone = facts.contributions(doc)
    speaker = page.filters.speaker
    shown = facts.spoken_by(doc, speaker)
    who_spoke(doc, speaker)
    copy_box(
        "Link to this view",
        share(urls.link({"view": "debate", "doc": doc.doc_id, "speaker": speaker})),
    )
    st.divider()
    if speaker and not shown:
        st.info(render.escape(f"{speaker} did not speak in this debate; everyone is shown."))
        shown = everyone
    elif speaker:
        st.caption(
            render.escape(
                f"Showing the {len(shown)} of {len(everyone)} contributions made by {speaker}."
            )
        )
    for s in shown:
        with st.container(key=f"contribution-{s.number}"):
            st.markdown(f"**{render.escape(render.contribution_label(s, len(everyone)))}**")
            st.markdown(render.text_markdown(doc.text[s.start : s.end]))


def who_spoke(doc: Document, speaker: str | None) -> None:
    """Each speaker with their number of contributions; a click shows only theirs."""
    st.markdown("**Who spoke**")
    with st.container(horizontal=True, key="speakers"):
        for i, (name, count) in enumerate(facts.speakers(doc)):
            times = f"{count} contribution{'s' if count > 1 else ''}"
            if name is None:
                st.caption(render.escape(f"Speaker {render.UNNAMED}: {times}"))
                continue
            st.button(
                render.escape(f"{name} · {times}"),
                key=f"speaker-{i}",
                type="primary"
                if speaker and name.casefold() == speaker.casefold()
                else "secondary",
                on_click=go,
                kwargs={"speaker": name},
            )
        if speaker:
            st.button("Everyone", key="speaker-all", on_click=go, kwargs={"speaker": None})
