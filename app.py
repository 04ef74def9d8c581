"""Streamlit entry point: read the state from the URL, then show the view it names (from ui/)."""

from __future__ import annotations

import sys

import streamlit as st

from core.errors import HealthQAError
from ui import answer, cache, corpus, debate, document, render, sidebar
from ui import url as urls
from ui.args import arguments
from ui.nav import go

TITLE = "Health and social care policy Q&A"

wide = st.query_params.get("view") == "corpus"  # its tables need the room
st.set_page_config(page_title=TITLE, layout="wide" if wide else "centered")
st.title(TITLE)
st.caption(
    "Answers are sentences quoted verbatim from UK health and social care policy texts; "
    "every sentence is cited and its source passage shown below."
)

try:
    index, corpus_dir = arguments(sys.argv[1:])
    engine = cache.engine(index)
except HealthQAError as e:
    st.error(render.escape(f"The index cannot be used: {e}"))  # shown as text: paths have _ and *
    st.stop()

known = cache.index_facts(engine, engine.version)
page = urls.read(st.query_params.to_dict(), engine.index.documents, known.chunks, engine.speakers)
sidebar.show(engine, page, known, index, corpus_dir)

if page.problems:
    answer.ask_form(page)
    for problem in page.problems:
        st.error(render.escape(f"The link's {problem}"))
    st.button(
        "Remove what is not valid from the link", on_click=go, kwargs=dict.fromkeys(page.invalid)
    )
elif page.view == "corpus":
    corpus.show(engine, index, known)
elif page.view == "debate":
    debate.show(engine, page)
elif page.view == "document":
    document.show(engine, page, known)
else:
    answer.show(engine, page, answer.ask_form(page))
