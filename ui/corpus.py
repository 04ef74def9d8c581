"""The corpus view: every document, linked to its whole text, and what ingest did with each file."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from qa.engine import Engine
from ui import cache, facts, render
from ui import url as urls
from ui.facts import IndexFacts


def document_table(engine: Engine, index_facts: IndexFacts) -> str:
    rows = []
    for doc, row in facts.document_rows(engine.index.documents, index_facts.passages):
        title = render.Link(str(row[0]), urls.link({"view": "document", "doc": doc.doc_id}))
        speakers = (
            render.Link("who spoke", urls.link({"view": "debate", "doc": doc.doc_id}))
            if doc.kind == "debate"
            else None
        )
        rows.append([title, *row[1:], speakers])
    return render.table(["Title", "Kind", "Date", "Publisher", "Passages", "File", "Debate"], rows)


def show(engine: Engine, index: Path, index_facts: IndexFacts) -> None:
    docs = engine.index.documents
    st.subheader("The corpus")
    manifest = engine.index.manifest
    st.caption(
        render.escape(
            f"{len(docs)} documents · {len(engine.index.chunks)} passages · index "
            f"{engine.version}, built {manifest.get('built_at', 'at an unknown time')}. "
            "Open a title to read the whole document; add a document from the sidebar."
        )
    )
    st.markdown(document_table(engine, index_facts))
    report = cache.report(engine, index)
    if report is None:
        st.info(f"This index has no readable {facts.REPORT}: rebuild it to see what ingest did.")
        return
    st.subheader("What ingest removed")
    missing = facts.undetermined(report)
    copies = {m.get("copy"): m.get("into") for m in report.get("merged") or []}
    for source, title, lines in facts.removed(report):
        copy = f" (a copy, folded into {copies[source]})" if source in copies else ""
        label = f"{title or source} · {source}{copy} · {len(lines)} lines removed"
        with st.expander(render.escape(label)):
            if missing.get(source):
                st.caption(render.escape("Not stated in the text: " + ", ".join(missing[source])))
            if lines:
                rows = [[r.get("line"), r.get("text"), r.get("reason")] for r in lines]
                st.markdown(render.table(["Line", "Text removed", "Why"], rows))
            else:
                st.caption("Nothing removed.")
    st.subheader("Merged copies")
    merged = report.get("merged") or []
    if merged:
        rows = [[m.get("copy"), m.get("into"), m.get("why")] for m in merged]
        st.markdown(render.table(["Copy", "Folded into", "Why"], rows))
    else:
        st.caption("No file was a copy of another.")
    shared = report.get("also_in") or []
    if shared:
        rows = [[d.get("passage"), d.get("also_in"), d.get("jaccard")] for d in shared]
        st.markdown(render.table(["Paragraph", "Also in", "Similarity"], rows))
    st.subheader("Skipped files")
    skipped = report.get("skipped") or []
    if skipped:
        rows = [[s.get("source"), s.get("reason")] for s in skipped]
        st.markdown(render.table(["File", "Why it was not indexed"], rows))
    else:
        st.caption("Every file in the corpus could be read.")
