"""The document view: a whole cleaned document, from the top or at a highlighted passage."""

from __future__ import annotations

import streamlit as st

from core.errors import HealthQAError
from core.types import Chunk, Document
from qa.answer import Citation
from qa.engine import Engine
from ui import cache, render
from ui import url as urls
from ui.facts import IndexFacts
from ui.nav import copy_box, go_back, go_from, scroll_to_passage, share, version_note


def cited(engine: Engine, page: urls.Page, chunk_id: str) -> Citation | None:
    """The answer's citation of this passage, when the link carries the question."""
    if not page.q:
        return None
    try:
        answer = cache.answer(engine, page.q, page.filters)
    except HealthQAError:
        return None
    return next((c for c in answer.citations if c.chunk_id == chunk_id), None)


def back_button(page: urls.Page, **fallback: str | None) -> None:
    label = "Back to the answer" if page.q else "Back to the question"
    st.button(label, icon=":material/arrow_back:", on_click=go_back, kwargs=fallback)


def show(engine: Engine, page: urls.Page, index_facts: IndexFacts) -> None:
    chunk = index_facts.chunks[page.passage] if page.passage else None
    doc_id = chunk.doc_id if chunk else page.filters.doc
    assert doc_id is not None  # url.read refuses view=document with neither
    doc = engine.index.documents[doc_id]
    if chunk and page.q:
        back_button(page, view=None)  # the answer comes back at this passage
    elif chunk:
        back_button(page, view=None, passage=None)
    else:
        back_button(page, view=None, doc=None)
    version_note(page, engine.version, "passage" if chunk else "document")
    st.subheader(render.escape(doc.title or doc.source))
    st.caption(render.document_details(doc))
    if doc.kind == "debate":
        here = page.link(v=engine.version)
        st.button(
            "Who spoke in this debate",
            key="to-debate",
            icon=":material/groups:",
            on_click=go_from,
            args=(here,),
            kwargs={"view": "debate", "doc": doc.doc_id, "passage": None},
        )
    if chunk is None:
        st.caption(f"{index_facts.passages.get(doc.doc_id, 0)} passages · the whole document")
        copy_box(
            "Link to this document",
            share(urls.link({"view": "document", "doc": doc.doc_id, "v": engine.version})),
        )
        st.divider()
        whole(doc)
        return
    citation = cited(engine, page, chunk.chunk_id)
    where = f"passage {chunk.chunk_id} · characters {chunk.start}–{chunk.end}"
    label = f"Cited as [{citation.n}] in the answer" if citation else "Selected passage"
    st.caption(render.escape(f"{label}: {where}, highlighted below."))
    copy_box(
        "Link to this passage",
        share(page.link(view="document", passage=chunk.chunk_id, v=engine.version)),
    )
    st.divider()
    at_passage(doc, chunk, citation)
    scroll_to_passage()


def whole(doc: Document) -> None:
    for header, a, b in render.segments(doc):
        if header:
            st.markdown(f"**{render.escape(header)}**")
        st.markdown(render.text_markdown(doc.text[a:b]))


def at_passage(doc: Document, chunk: Chunk, citation: Citation | None) -> None:
    label = f"[{citation.n}] cited in the answer" if citation else "The selected passage"
    quote = (citation.quote_start, citation.quote_end) if citation else None
    keyed = False
    for header, a, b in render.segments(doc):
        if header:
            st.markdown(f"**{render.escape(header)}**")
        lo, hi = max(a, chunk.start), min(b, chunk.end)
        if lo >= hi:
            st.markdown(render.text_markdown(doc.text[a:b]))
            continue
        if doc.text[a:lo].strip():
            st.markdown(render.text_markdown(doc.text[a:lo]))
        with st.container(border=True, key=None if keyed else "passage"):
            st.caption(render.escape(f"{label} · {chunk.chunk_id}"))
            mark = None
            if quote and quote[0] < hi and lo < quote[1]:
                mark = (max(quote[0], lo) - lo, min(quote[1], hi) - lo)
            st.markdown(render.span_markdown(doc.text[lo:hi], mark))
        keyed = True
        if doc.text[hi:b].strip():
            st.markdown(render.text_markdown(doc.text[hi:b]))
