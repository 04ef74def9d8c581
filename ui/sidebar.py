"""The sidebar: filters (each checked where it is typed), the corpus page, adding a document."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.errors import InputError
from qa.engine import Engine
from qa.query import KINDS, ROLES
from ui import render, upload
from ui import url as urls
from ui.facts import IndexFacts
from ui.nav import go, sync

DATES = {"since": "f_since", "until": "f_until"}
LABELS = {"since": "Dated from", "until": "Dated to"}


def error_key(key: str) -> str:
    return f"{key}_error"


def chosen(param: str, key: str) -> None:
    value = st.session_state.get(key)
    go(**{param: str(value).strip() if value else None})


def typed_date(param: str, key: str) -> None:
    """A date typed into the sidebar goes into the URL only when it is one; otherwise the field
    keeps what was typed and says, beside it, what it accepts."""
    value = str(st.session_state.get(key) or "").strip()
    st.session_state.pop(error_key(key), None)
    if not value:
        go(**{param: None})
        return
    problem = urls.typed_problem(param, value)
    if problem is None:
        other = "until" if param == "since" else "since"
        bounds = {param: value, other: st.query_params.get(other)}
        try:
            urls.filters_of(bounds)
        except InputError:
            problem = (
                f"“{value}” comes after “{bounds['until']}” in “Dated to”"
                if param == "since"
                else f"“{value}” comes before “{bounds['since']}” in “Dated from”"
            )
    if problem:
        st.session_state[error_key(key)] = problem
        return
    go(**{param: value})


def date_field(column: st.delta_generator.DeltaGenerator, param: str, page: urls.Page) -> None:
    key = DATES[param]
    if error_key(key) not in st.session_state:  # else keep what the user typed, to correct it
        sync(key, page.params.get(param))
    column.text_input(
        LABELS[param],
        key=key,
        placeholder="YYYY-MM-DD",
        help="A year (2023), a month (2023-04) or a day (2023-04-04)"
        + ("; inclusive" if param == "until" else ""),
        on_change=typed_date,
        args=(param, key),
    )
    problem = st.session_state.get(error_key(key))
    if problem:
        column.error(render.escape(problem), icon=":material/error:")


def show(
    engine: Engine, page: urls.Page, index_facts: IndexFacts, index: Path, corpus: Path
) -> None:
    docs = engine.index.documents
    with st.sidebar:
        st.header("Filters")
        kinds = ["", *KINDS]
        sync("f_kind", page.params.get("kind"), kinds)
        st.selectbox(
            "Kind of source",
            kinds,
            key="f_kind",
            format_func=lambda k: urls.KIND_LABELS.get(k, "Any kind"),
            on_change=chosen,
            args=("kind", "f_kind"),
        )
        ids = ["", *sorted(docs, key=lambda i: (docs[i].title or docs[i].source).lower())]
        sync("f_doc", page.filters.doc, ids)
        st.selectbox(
            "Document",
            ids,
            key="f_doc",
            format_func=lambda i: (docs[i].title or docs[i].source) if i else "Any document",
            on_change=chosen,
            args=("doc", "f_doc"),
        )
        since, until = st.columns(2)
        date_field(since, "since", page)
        date_field(until, "until", page)
        if page.filters.since or page.filters.until:
            st.session_state["f_undated"] = page.filters.undated
            st.checkbox(
                "Include undated documents",
                key="f_undated",
                help="Documents that state no date are left out by a date filter unless ticked",
                on_change=lambda: go(
                    undated=urls.INCLUDE if st.session_state["f_undated"] else None
                ),
            )
        roles = ["", *ROLES]
        sync("f_role", page.params.get("role"), roles)
        st.selectbox(
            "Speaker role (debates)",
            roles,
            key="f_role",
            format_func=lambda r: urls.role_label(r) if r else "Anyone",
            on_change=chosen,
            args=("role", "f_role"),
        )
        speakers = ["", *engine.speakers]
        sync("f_speaker", page.filters.speaker, speakers)
        st.selectbox(
            "Speaker (debates)",
            speakers,
            key="f_speaker",
            format_func=lambda s: s or "Anyone",
            on_change=chosen,
            args=("speaker", "f_speaker"),
            help="Everyone the debates in the index name as speaking",
        )
        if any(f in page.params for f in urls.FILTERS):
            st.button("Clear filters", on_click=clear_filters)
        st.divider()
        if page.view == "corpus":
            st.button("Back to the question", on_click=go, kwargs={"view": None, "passage": None})
        else:
            st.button("Browse the corpus", on_click=go, kwargs={"view": "corpus", "passage": None})
        upload.show(index, corpus)
        st.caption(
            f"Index {render.escape(engine.version)} · {len(docs)} documents · "
            f"{len(engine.index.chunks)} passages"
        )


def clear_filters() -> None:
    for key in DATES.values():
        st.session_state.pop(error_key(key), None)
    view = st.query_params.get("view")
    needs_doc = view == "debate" or (view == "document" and "passage" not in st.query_params)
    go(**dict.fromkeys(urls.FILTERS), **({"view": None} if needs_doc else {}))
