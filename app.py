"""Streamlit page: read the question from the URL, ask qa/, render the cited answer."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import streamlit as st

import app_render as render
from core.errors import HealthQAError, InputError
from qa.engine import Engine

TITLE = "Health and social care policy Q&A"
PLACEHOLDER = "What induction is being introduced for all health and care staff?"


def index_dir(argv: list[str]) -> Path:
    """`--index DIR` after `--`; else $HEALTHQA_INDEX; else index/."""
    p = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    p.add_argument("--index", default=os.environ.get("HEALTHQA_INDEX", "index"))
    try:
        args, _ = p.parse_known_args(argv)
    except argparse.ArgumentError as e:
        raise InputError(f"{e}: use streamlit run app.py -- --index DIR") from None
    return Path(args.index)


@st.cache_resource(show_spinner="Loading the model and the index…")
def load_engine(path: str) -> Engine:
    return Engine.load(Path(path))


st.set_page_config(page_title=TITLE, layout="centered")
st.title(TITLE)
st.caption(
    "Answers are sentences quoted verbatim from UK health and social care policy texts; "
    "every sentence is cited and its source passage shown below."
)

try:
    engine = load_engine(str(index_dir(sys.argv[1:])))
except HealthQAError as e:
    st.error(render.escape(f"The index cannot be used: {e}"))  # shown as text: paths have _ and *
    st.stop()

url_q = st.query_params.get("q", "")
with st.form("ask", border=False):
    col_q, col_go = st.columns([6, 1], vertical_alignment="bottom")
    typed = col_q.text_input("Question", value=url_q, placeholder=PLACEHOLDER)
    submitted = col_go.form_submit_button("Ask", type="primary", width="stretch")

if submitted:
    question = typed.strip()
    if question:
        st.query_params["q"] = question
    else:
        st.query_params.pop("q", None)
else:
    question = url_q

if submitted or question.strip():
    try:
        answer = engine.ask(question)
    except HealthQAError as e:
        st.error(render.escape(f"Cannot answer: {e}."))
        st.stop()

    st.subheader("Answer")
    st.caption(f"Question: {render.escape(answer.question)}")
    if answer.abstained:
        st.info(render.escape(answer.answer))
    else:
        st.markdown(render.answer_markdown(answer))
        st.subheader(f"Sources ({len(answer.citations)})")
        for c in answer.citations:
            with st.container(border=True):
                st.markdown(render.heading(c))
                st.caption(render.details(c))
                st.markdown(render.passage_markdown(c))
                st.caption(render.provenance(c))

st.divider()
st.caption(
    f"Index {render.escape(engine.version)} · {len(engine.index.documents)} documents · "
    f"{len(engine.index.chunks)} passages"
)
