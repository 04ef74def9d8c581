"""Streamlit page: read the state from the URL, ask qa/, render answers, documents, the corpus."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

import app_corpus as facts
import app_render as render
import app_url as url
from app_examples import examples
from app_upload import save_and_index
from core import store
from core.errors import HealthQAError, InputError
from core.types import Chunk, Document
from ingest.formats import SUFFIXES
from qa.answer import Answer, Citation
from qa.engine import Engine
from qa.export import to_docx, to_markdown
from qa.query import KINDS, ROLES, Filters

TITLE = "Health and social care policy Q&A"
PLACEHOLDER = "What induction is being introduced for all health and care staff?"
RECENT = 8
# Brings the selected passage into view. It runs in Streamlit's iframe (same origin as the page)
# and holds no text from a user or a document: only this fixed script.
SCROLL = """<script>
(function () {
  var tries = 0;
  function show() {
    var doc = window.parent.document;
    var el = doc.querySelector(".st-key-passage");
    if (!el) { if (++tries < 60) setTimeout(show, 50); return; }
    var tall = el.getBoundingClientRect().height > window.parent.innerHeight * 0.8;
    el.scrollIntoView({block: tall ? "start" : "center"});
  }
  show();
  setTimeout(show, 400);
})();
</script>"""


def arguments(argv: list[str]) -> tuple[Path, Path]:
    """`--index DIR` and `--corpus DIR` after `--`; else $HEALTHQA_INDEX and $HEALTHQA_CORPUS;
    else index/ and corpus/."""
    p = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    p.add_argument("--index", default=os.environ.get("HEALTHQA_INDEX", "index"))
    p.add_argument("--corpus", default=os.environ.get("HEALTHQA_CORPUS", "corpus"))
    try:
        args, _ = p.parse_known_args(argv)
    except argparse.ArgumentError as e:
        raise InputError(f"{e}: use streamlit run app.py -- --index DIR --corpus DIR") from None
    return Path(args.index), Path(args.corpus)


@st.cache_resource(show_spinner="Loading the model and the index…", max_entries=2)
def load_engine(path: str, version: str) -> Engine:
    """One engine per index version: a rebuilt index (after an upload) is loaded afresh."""
    return Engine.load(Path(path))


def current_engine(index: Path) -> Engine:
    manifest = store.read_manifest(index)  # cheap, every run: is the loaded index still current?
    return load_engine(str(index), str(manifest.get("index_version")))


@st.cache_data(show_spinner=False, max_entries=256)
def answer_for(
    _engine: Engine, version: str, question: str, where: tuple[str | None, ...]
) -> Answer:
    """Kept per index version, so going back and forth between views costs nothing."""
    return _engine.ask(question, filters=Filters(*where))


def filters_key(f: Filters) -> tuple[str | None, ...]:
    return (f.kind, f.doc, f.since, f.until, f.role)


# ---------------------------------------------------------------------------------------------
# The URL is the page's state: controls change it, and the page shows what it says.


def go(**changes: str | None) -> None:
    for key, value in changes.items():
        if value:
            st.query_params[key] = value
        else:
            st.query_params.pop(key, None)


def from_widget(param: str, key: str) -> None:
    value = st.session_state.get(key)
    go(**{param: str(value).strip() if value else None})


def ask_submitted() -> None:
    go(q=str(st.session_state.get("q_input", "")).strip() or None, view=None, passage=None)


def sync(key: str, value: str | None, options: list[str] | None = None) -> None:
    """Show the URL's value in a widget (before it is drawn)."""
    value = value or ""
    st.session_state[key] = value if options is None or value in options else ""


def share(link: str) -> str:
    """The link as the browser reaches this app, or relative when that is not known."""
    base = (st.context.url or "").split("?")[0].split("#")[0]  # None under AppTest
    if base and not urlsplit(base).path:
        base += "/"
    return base + link


def copy_box(label: str, text: str, wrap: bool = False) -> None:
    """A caption and a code block: Streamlit gives every code block a copy button. A link
    stays on one line (it scrolls), a reference wraps."""
    with st.container(gap="xxsmall"):
        st.caption(label)
        st.code(text, language=None, wrap_lines=wrap)


def scroll_to_passage() -> None:
    st.iframe(SCROLL, height=1)


def version_note(page: url.Page, engine: Engine, what: str) -> None:
    if page.v and page.v != engine.version:
        st.info(
            render.escape(
                f"This link was made with index {page.v}; the index is now {engine.version}, "
                f"so the {what} may differ."
            )
        )


# ---------------------------------------------------------------------------------------------
# Sidebar: filters, the corpus page, adding a document


def sidebar(engine: Engine, page: url.Page, index: Path, corpus: Path) -> None:
    docs = engine.index.documents
    with st.sidebar:
        st.header("Filters")
        kinds = ["", *KINDS]
        sync("f_kind", page.params.get("kind"), kinds)
        st.selectbox(
            "Kind of source",
            kinds,
            key="f_kind",
            format_func=lambda k: url.KIND_LABELS.get(k, "Any kind"),
            on_change=from_widget,
            args=("kind", "f_kind"),
        )
        ids = ["", *sorted(docs, key=lambda i: (docs[i].title or docs[i].source).lower())]
        sync("f_doc", page.filters.doc, ids)
        st.selectbox(
            "Document",
            ids,
            key="f_doc",
            format_func=lambda i: (docs[i].title or docs[i].source) if i else "Any document",
            on_change=from_widget,
            args=("doc", "f_doc"),
        )
        since, until = st.columns(2)
        sync("f_since", page.params.get("since"))
        since.text_input(
            "Dated from",
            key="f_since",
            placeholder="YYYY-MM-DD",
            help="YYYY, YYYY-MM or YYYY-MM-DD; undated sources are left out",
            on_change=from_widget,
            args=("since", "f_since"),
        )
        sync("f_until", page.params.get("until"))
        until.text_input(
            "Dated to",
            key="f_until",
            placeholder="YYYY-MM-DD",
            help="YYYY, YYYY-MM or YYYY-MM-DD, inclusive",
            on_change=from_widget,
            args=("until", "f_until"),
        )
        roles = ["", *ROLES]
        sync("f_role", page.params.get("role"), roles)
        st.selectbox(
            "Speaker role (debates)",
            roles,
            key="f_role",
            format_func=lambda r: url.role_label(r) if r else "Anyone",
            on_change=from_widget,
            args=("role", "f_role"),
        )
        if any(f in page.params for f in url.FILTERS):
            st.button("Clear filters", on_click=go, kwargs=dict.fromkeys(url.FILTERS))
        st.divider()
        if page.view == "corpus":
            st.button("Back to the question", on_click=go, kwargs={"view": None, "passage": None})
        else:
            st.button("Browse the corpus", on_click=go, kwargs={"view": "corpus"})
        upload(index, corpus)
        st.caption(
            f"Index {render.escape(engine.version)} · {len(docs)} documents · "
            f"{len(engine.index.chunks)} passages"
        )


def upload(index: Path, corpus: Path) -> None:
    done = st.session_state.pop("upload_done", None)
    if done:
        (st.success if done[0] else st.error)(render.escape(done[1]))
    with st.expander("Add a document"):
        if not corpus.is_dir():
            st.caption(render.escape(f"No corpus folder at {corpus}/: start the app with --corpus"))
            return
        st.caption(
            render.escape(
                f"Saved into {corpus}/ and indexed; readable: {', '.join(SUFFIXES)}. "
                "A file that cannot be read changes nothing."
            )
        )
        generation = st.session_state.setdefault("upload_generation", 0)
        file = st.file_uploader(
            "Document", type=[s.lstrip(".") for s in SUFFIXES], key=f"upload-{generation}"
        )
        if file is None:
            return
        with st.status(render.escape(f"Adding {file.name}…"), expanded=True) as status:

            def stage(text: str) -> None:
                status.update(label=render.escape(f"{file.name}: {text}…"))
                st.write(render.escape(text.capitalize()))

            try:
                added = save_and_index(corpus, index, file.name, file.getvalue(), stage)
                done = (added.ok, added.message + ".")
            except HealthQAError as e:
                done = (False, f"{file.name} was not added: {e}.")
            status.update(state="complete" if done[0] else "error")
        st.session_state["upload_done"] = done
        st.session_state["upload_generation"] = generation + 1  # a fresh, empty uploader
        st.rerun()  # with the rebuilt index


# ---------------------------------------------------------------------------------------------
# The answer view


def ask_form(page: url.Page) -> bool:
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
    st.markdown("**Try a question the corpus answers**")
    for i, q in enumerate(examples(engine.index.documents)):
        st.button(
            render.escape(q),
            key=f"example-{i}",
            type="tertiary",
            icon=":material/arrow_forward:",
            on_click=go,
            kwargs={"q": q},
        )
    recent = st.session_state.get("recent", [])
    if recent:
        st.markdown("**Your recent questions**")
        for i, q in enumerate(recent):
            st.button(
                render.escape(q),
                key=f"recent-{i}",
                type="tertiary",
                icon=":material/history:",
                on_click=go,
                kwargs={"q": q},
            )


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:8]
    return "-".join(["briefing", *words])


def briefing_files(answer: Answer) -> list[tuple[str, str, bytes, str]]:
    """(label, file name, data, MIME type) of each briefing-note download."""
    name = slug(answer.question)
    return [
        ("Briefing note (Markdown)", f"{name}.md", to_markdown(answer).encode(), "text/markdown"),
        (
            "Briefing note (Word)",
            f"{name}.docx",
            to_docx(answer),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]


def answer_view(engine: Engine, page: url.Page, submitted: bool) -> None:
    if page.filters.active:
        st.caption("Searching " + render.escape(url.describe(page.filters, engine.index.documents)))
    if not page.q:
        if submitted:
            st.error("Cannot answer: the question is empty: type a question about the corpus.")
        empty_page(engine)
        return
    version_note(page, engine, "answer")
    started = time.perf_counter()
    try:
        with st.spinner("Searching the corpus…"):
            answer = answer_for(engine, engine.version, page.q, filters_key(page.filters))
    except HealthQAError as e:
        st.error(render.escape(f"Cannot answer: {e}."))
        return
    seconds = time.perf_counter() - started
    remember(page.q)
    go(v=engine.version)  # the link now names the index that made this answer
    here = url.Page({**page.params, "v": engine.version})
    show_answer(answer, seconds, here, page.passage)


def show_answer(answer: Answer, seconds: float, page: url.Page, selected: str | None) -> None:
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
        for label, name, data, mime in briefing_files(answer):
            st.download_button(
                label,
                data,
                file_name=name,
                mime=mime,
                on_click="ignore",
                icon=":material/download:",
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


def citation_card(c: Citation, page: url.Page, selected: bool) -> None:
    with st.container(border=True, key="passage" if selected else f"cite-{c.n}"):
        st.markdown(render.heading(c))
        st.caption(render.details(c))
        st.markdown(render.passage_markdown(c))
        st.caption(render.provenance(c))
        st.button(
            "Open in document",
            key=f"open-{c.n}",
            icon=":material/article:",
            on_click=go,
            kwargs={"view": "document", "passage": c.chunk_id},
        )
        copy_box("Reference for a briefing", c.reference, wrap=True)
        copy_box("Link to this passage", share(page.link(view="document", passage=c.chunk_id)))


# ---------------------------------------------------------------------------------------------
# The document view: the whole cleaned document, the passage highlighted and in view


def cited(engine: Engine, page: url.Page, chunk_id: str) -> Citation | None:
    """The answer's citation of this passage, when the link carries the question."""
    if not page.q:
        return None
    try:
        answer = answer_for(engine, engine.version, page.q, filters_key(page.filters))
    except HealthQAError:
        return None
    return next((c for c in answer.citations if c.chunk_id == chunk_id), None)


def document_view(engine: Engine, page: url.Page) -> None:
    chunk = next(c for c in engine.index.chunks if c.chunk_id == page.passage)
    doc = engine.index.documents[chunk.doc_id]
    if page.q:
        st.button(
            "Back to the answer", icon=":material/arrow_back:", on_click=go, kwargs={"view": None}
        )
    else:
        st.button(
            "Back to the question",
            icon=":material/arrow_back:",
            on_click=go,
            kwargs={"view": None, "passage": None},
        )
    version_note(page, engine, "passage")
    go(v=engine.version)
    citation = cited(engine, page, chunk.chunk_id)
    st.subheader(render.escape(doc.title or doc.source))
    st.caption(render.document_details(doc))
    where = f"passage {chunk.chunk_id} · characters {chunk.start}–{chunk.end}"
    label = f"Cited as [{citation.n}] in the answer" if citation else "Selected passage"
    st.caption(render.escape(f"{label}: {where}, highlighted below."))
    copy_box(
        "Link to this passage",
        share(page.link(view="document", passage=chunk.chunk_id, v=engine.version)),
    )
    st.divider()
    show_document(doc, chunk, citation)
    scroll_to_passage()


def show_document(doc: Document, chunk: Chunk, citation: Citation | None) -> None:
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


# ---------------------------------------------------------------------------------------------
# The corpus view


def corpus_view(engine: Engine, index: Path) -> None:
    docs = engine.index.documents
    st.subheader("The corpus")
    manifest = engine.index.manifest
    st.caption(
        render.escape(
            f"{len(docs)} documents · {len(engine.index.chunks)} passages · index "
            f"{engine.version}, built {manifest.get('built_at', 'at an unknown time')}. "
            "Add a document from the sidebar."
        )
    )
    st.markdown(
        render.table(
            ["Title", "Kind", "Date", "Publisher", "Passages", "File"],
            facts.document_rows(docs, engine.index.chunks),
        )
    )
    report = facts.read_report(index)
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


# ---------------------------------------------------------------------------------------------

wide = st.query_params.get("view") == "corpus"  # its tables need the room
st.set_page_config(page_title=TITLE, layout="wide" if wide else "centered")
st.title(TITLE)
st.caption(
    "Answers are sentences quoted verbatim from UK health and social care policy texts; "
    "every sentence is cited and its source passage shown below."
)

try:
    index, corpus = arguments(sys.argv[1:])
    engine = current_engine(index)
except HealthQAError as e:
    st.error(render.escape(f"The index cannot be used: {e}"))  # shown as text: paths have _ and *
    st.stop()

page = url.read(
    st.query_params.to_dict(), engine.index.documents, {c.chunk_id for c in engine.index.chunks}
)
sidebar(engine, page, index, corpus)

if page.problems:
    ask_form(page)
    for problem in page.problems:
        st.error(render.escape(f"The link's {problem}"))
    st.button(
        "Remove what is not valid from the link",
        on_click=go,
        kwargs=dict.fromkeys(page.invalid),
    )
elif page.view == "corpus":
    corpus_view(engine, index)
elif page.view == "document":
    document_view(engine, page)
else:
    answer_view(engine, page, ask_form(page))
