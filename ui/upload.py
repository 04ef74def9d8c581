"""Adding a document from the sidebar: checked and indexed by ingest in a process of its own."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ingest.add import BUSY, build_running, check_name
from ingest.formats import SUFFIXES
from ingest.load import MAX_BYTES
from ingest.names import safe_upload_name
from ui import jobs, render

JOB = "upload_job"
DONE = "upload_done"
STAGES = 7  # checking, saving, reading, loading the model, chunking, embedding, writing
GENERATION = "upload_generation"  # a new key gives a fresh, empty uploader


def show(index: Path, corpus: Path) -> None:
    done = st.session_state.pop(DONE, None)
    if done:
        (st.success if done[0] else st.error)(render.escape(done[1]))
    job: jobs.Job | None = st.session_state.get(JOB)
    with st.expander("Add a document", expanded=job is not None):
        if not corpus.is_dir():
            st.caption("No corpus folder: start the app with --corpus DIR to add documents.")
            return
        if job is not None:
            progress()
            return
        st.caption(
            render.escape(
                f"Saved into the corpus and indexed; readable: {', '.join(SUFFIXES)}; "
                f"at most {MAX_BYTES // 2**20} MB. A file that cannot be read changes nothing."
            )
        )
        generation = st.session_state.setdefault(GENERATION, 0)
        file = st.file_uploader(
            "Document", type=[s.lstrip(".") for s in SUFFIXES], key=f"upload-{generation}"
        )
        if file is None:
            return
        st.session_state[GENERATION] = generation + 1
        name = safe_upload_name(file.name)
        problem = check_name(name)
        if problem is None and build_running(index):
            problem = BUSY
        if problem:
            st.session_state[DONE] = (False, f"{name} was not added: {problem}.")
        else:
            st.session_state[JOB] = jobs.start(corpus, index, name, file.getvalue())
        st.rerun()


@st.fragment(run_every=1.0)
def progress() -> None:
    """Redrawn every second while the upload is indexed; the whole page reruns when it ends."""
    job: jobs.Job | None = st.session_state.get(JOB)
    if job is None:
        return
    if job.done:
        outcome = job.outcome()
        job.close()
        del st.session_state[JOB]
        st.session_state[DONE] = (outcome.ok, outcome.message + ".")
        st.rerun(scope="app")  # with the rebuilt index
    state = "cancelling" if job.cancelled else job.stage
    st.markdown(render.escape(f"Adding {job.name}: {state}…"))
    st.progress(min(len(job.stages), STAGES) / STAGES)
    st.button(
        "Cancel",
        key="upload-cancel",
        icon=":material/cancel:",
        on_click=job.cancel,
        disabled=not job.cancellable,
        help="Stops indexing and removes the file; the index stays as it was. "
        "Once the index is being written it finishes instead.",
    )
