"""Work the page keeps between reruns: the engine per index version, its facts, answers."""

from __future__ import annotations

import functools
import gc
import os
from dataclasses import astuple
from pathlib import Path
from typing import Any

import streamlit as st

from core import store
from qa.answer import Answer
from qa.engine import Engine
from qa.query import Filters
from ui import facts
from ui.hidden import Hidden, hidden

ANSWERS = 1024  # bookmarked links repeat: a few MB of answers at most


@functools.lru_cache(maxsize=8)
def _version(path: str, stamp: tuple[int, int, int]) -> str:
    return str(store.read_manifest(Path(path)).get("index_version"))


def index_version(index: Path) -> str:
    """The index's version, read from its manifest only when the file has changed: a rebuild
    swaps in a new folder, so the manifest's inode, size or time changes with it."""
    try:
        s = os.stat(index / store.MANIFEST)
    except OSError:
        return str(store.read_manifest(index).get("index_version"))  # says what is wrong
    return _version(str(index), (s.st_ino, s.st_size, s.st_mtime_ns))


@st.cache_resource(show_spinner="Loading the model and the index…", max_entries=2)
def _engine(path: str, version: str) -> Engine:
    """One engine per index version: a rebuilt index (after an upload) is loaded afresh."""
    loaded = Engine.load(Path(path))
    # The model and the index are millions of long-lived objects; every full collection walked
    # them all (0.6-0.7 s, about once per page run, stalling every session). Frozen, the
    # collector skips them; they are still freed by reference counting when dropped.
    gc.collect()
    gc.freeze()
    return loaded


def engine(index: Path) -> Engine:
    return _engine(str(index), index_version(index))


@st.cache_resource(show_spinner=False, max_entries=2)
def index_facts(_engine: Engine, version: str) -> facts.IndexFacts:
    return facts.index_facts(_engine.index)


@st.cache_resource(show_spinner=False, max_entries=4)
def _report(path: str, version: str) -> dict[str, Any] | None:
    return facts.read_report(Path(path))


def report(engine: Engine, index: Path) -> dict[str, Any] | None:
    """The ingest report beside the index, read once per index version."""
    return _report(str(index), engine.version)


def key(f: Filters) -> tuple[object, ...]:
    return astuple(f)


@st.cache_resource(show_spinner=False, max_entries=ANSWERS)
def _answer(_engine: Engine, version: str, question: str, where: tuple[object, ...]) -> Answer:
    return _engine.ask(question, filters=Filters(*where))  # type: ignore[arg-type]


def answer(engine: Engine, question: str, filters: Filters) -> Answer:
    """Kept per index version, question and filters: links that repeat cost nothing."""
    return _answer(engine, engine.version, question, key(filters))


@st.cache_resource(show_spinner=False, max_entries=256)
def _hidden(_engine: Engine, version: str, where: tuple[object, ...]) -> Hidden:
    f = Filters(*where)  # type: ignore[arg-type]
    return hidden(f, _engine.allowed, _engine.doc_of, _engine.index.documents)


def what_filters_hid(engine: Engine, filters: Filters) -> Hidden:
    return _hidden(engine, engine.version, key(filters))
