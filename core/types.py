"""Frozen records that flow from ingest/ through index/ to qa/: documents, sections, chunks."""

from __future__ import annotations

import re
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
# Kinds that are a House's own record (a transcript is not): a chamber, a Hansard citation.
PARLIAMENTARY_KINDS = ("debate", "written_question")


def kind_label(kind: str | None) -> str:
    """'written_question' -> 'Written question'."""
    return (kind or "document").replace("_", " ").capitalize()


# A minister's statement says so as it opens, in either House: "With permission, I would like
# to make a statement on ..." (Commons), "My Lords, with the leave of the House, I shall now
# repeat in the form of a Statement ..." (Lords); a member's "personal statement" too. (A Commons
# question asking the minister "if he will make a statement" is not one.)
_STATEMENT_OPENING = re.compile(
    r"^[^.?!]{0,120}\bI\b[^.?!]{0,40}\b(?:make|repeat)\b[^.?!]{0,80}\bstatement\b", re.IGNORECASE
)


def record_label(doc: Document) -> str:
    """What a reference calls a document's kind, in lower case: "debate", "written question",
    or "statement" for a debate whose first contribution opens by making one."""
    first = next((s for s in doc.sections if s.number), None)
    opening = doc.text[first.start : first.end] if first else ""
    if doc.kind == "debate" and _STATEMENT_OPENING.match(opening):
        return "statement"
    return kind_label(doc.kind).lower()


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
    # Where `text` states the document's own date on a line of its own (start, end offsets):
    # the line a "when was it debated / published?" question is answered from. None where the
    # date was read elsewhere (a version table, the file's metadata) or not at all.
    dated: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Document:
        d = dict(d)
        d["sections"] = tuple(Section(**s) for s in d.get("sections", ()))
        d["notes"] = tuple(d.get("notes", ()))
        d["dated"] = tuple(d["dated"]) if d.get("dated") else None
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
