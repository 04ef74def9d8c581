"""Frozen records that flow from ingest/ through index/ to qa/: documents, sections, chunks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = (
    "debate",
    "written_question",
    "article",
    "report",
    "newsletter",
    "transcript",
    "evidence",
    "note",
)
# Who speaks in a debate: the member who tabled or asked the question or moved the motion (all
# their contributions), the Minister answering or moving for the Government, anyone else.
ROLES = ("minister", "question", "member")
# Kinds whose sections are contributions, each with a speaker and a role.
SPOKEN_KINDS = ("debate", "written_question", "transcript")


def kind_label(kind: str | None) -> str:
    """'written_question' -> 'Written question'."""
    return (kind or "document").replace("_", " ").capitalize()


@dataclass(frozen=True)
class Section:
    """A structural unit of a cleaned document: a debate contribution, a paragraph or a page.

    `role` is one of ROLES for a debate contribution, else None. `speaker` is the name exactly
    as the source states it, or None where the copy names nobody (never guessed). `context` is
    retrieval-only text (for a Minister's answer, the question it answers): it is embedded and
    searched with the section's chunks but never cited.
    """

    start: int
    end: int
    number: int | None = None
    role: str | None = None
    speaker: str | None = None
    page: int | None = None
    context: str | None = None


@dataclass(frozen=True)
class Document:
    """A cleaned document: `text` is what citations point into, by character offsets."""

    doc_id: str
    source: str
    text: str
    content_hash: str
    title: str | None = None
    kind: str | None = None
    publisher: str | None = None
    date: str | None = None
    chamber: str | None = None
    sections: tuple[Section, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def section_count(self) -> int:
        return len(self.sections)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Document:
        d = dict(d)
        d["sections"] = tuple(Section(**s) for s in d.get("sections", ()))
        d["notes"] = tuple(d.get("notes", ()))
        return Document(**d)


@dataclass(frozen=True)
class Chunk:
    """A passage: `text == document.text[start:end]`; `sentences` are document offsets."""

    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str
    section: int
    sentences: tuple[tuple[int, int], ...] = field(default=())
    context: str = ""

    @property
    def embed_text(self) -> str:
        """What the embedding model and BM25 see: retrieval context, then the passage."""
        return f"{self.context}\n{self.text}" if self.context else self.text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["sentences"] = [list(s) for s in self.sentences]
        return d

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Chunk:
        d = dict(d)
        d["sentences"] = tuple((int(a), int(b)) for a, b in d.get("sentences", ()))
        return Chunk(**d)
