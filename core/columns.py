"""Filter columns: per passage, the code of its document, the document's kind and date, and
its section's role and speaker, each code a row of that field's sorted list of values (-1:
none). Built once at ingest; a filter is then an array operation over every passage."""

from __future__ import annotations

import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.types import Chunk, Document

FIELDS = ("document", "kind", "date", "role", "speaker")


@dataclass(frozen=True)
class Columns:
    codes: dict[str, np.ndarray]  # field -> int32 per passage
    values: dict[str, np.ndarray]  # field -> its values (str), sorted but for "document"
    sources: np.ndarray  # per document (in "document" order), its source file name
    sentence_offsets: np.ndarray  # int64, passages + 1: where each passage's sentences start

    def __len__(self) -> int:
        return len(self.sentence_offsets) - 1

    def where(self, field: str, wanted: Callable[[str], bool]) -> np.ndarray:
        """Which passages' `field` has a value `wanted` accepts (a passage without one: no).
        The predicate runs once per distinct value, never once per passage."""
        ok = np.array([bool(wanted(str(v))) for v in self.values[field]] + [False], dtype=bool)
        return ok[self.codes[field]]  # -1, no value, reads the final False

    def document_codes(self, wanted: Callable[[str, str], bool]) -> np.ndarray:
        """Rows of the documents whose (doc_id, source) `wanted` accepts."""
        ids, sources = self.values["document"], self.sources
        return np.array(
            [i for i in range(len(ids)) if wanted(str(ids[i]), str(sources[i]))], dtype=np.int32
        )


def read(path: Path) -> Columns:
    with np.load(path, allow_pickle=False) as z:
        codes = {f: z[f] for f in FIELDS}
        values = {f: z[f"{f}_values"] for f in FIELDS}
        sources, offsets = z["document_sources"], z["sentence_offsets"]
    n = len(offsets) - 1
    if n < 0 or any(len(c) != n for c in codes.values()) or len(sources) != len(values["document"]):
        raise ValueError("columns.npz: columns of different lengths")
    for f in FIELDS:
        if n and (codes[f].min() < -1 or codes[f].max() >= len(values[f])):
            raise ValueError(f"columns.npz: {f} codes out of range")
    if n and (codes["document"].min() < 0 or np.any(np.diff(offsets) < 0) or offsets[0] != 0):
        raise ValueError("columns.npz: a passage without a document, or bad sentence offsets")
    return Columns(codes, values, sources, offsets)


class ColumnsWriter:
    """Collects the columns while documents, then passages, stream past; `save` writes them."""

    def __init__(self) -> None:
        self._docs: dict[str, int] = {}
        self._sources: list[str] = []
        self._sections: list[list[tuple[str | None, str | None]]] = []
        self._doc_fields: list[tuple[str | None, str | None]] = []
        self._speakers: set[str] = set()
        self._rows: dict[str, array.array] = {f: array.array("i") for f in FIELDS}
        self._raw: dict[str, list[str | None]] = {"kind": [], "date": [], "role": [], "speaker": []}
        self._sentences = array.array("q", [0])

    def add_document(self, doc: Document) -> None:
        if doc.doc_id in self._docs:
            raise ValueError(f"two documents with the id {doc.doc_id!r}")
        self._docs[doc.doc_id] = len(self._sources)
        self._sources.append(doc.source)
        self._doc_fields.append((doc.kind or None, doc.date or None))
        self._sections.append([(s.role, s.speaker) for s in doc.sections])
        self._speakers.update(s.speaker for s in doc.sections if s.speaker)

    def add_chunk(self, chunk: Chunk) -> None:
        row = self._docs[chunk.doc_id]
        sections = self._sections[row]
        role, speaker = sections[chunk.section] if sections else (None, None)
        kind, date = self._doc_fields[row]
        self._rows["document"].append(row)
        for f, v in (("kind", kind), ("date", date), ("role", role), ("speaker", speaker)):
            self._raw[f].append(v or None)
        self._sentences.append(self._sentences[-1] + len(chunk.sentences))

    def collected(self) -> dict[str, np.ndarray]:
        """The columns of what streamed past, as saved (codes into sorted values)."""
        out: dict[str, np.ndarray] = {
            "document": np.frombuffer(self._rows["document"], dtype=np.int32),
            "document_values": np.array(list(self._docs), dtype=str),
            "document_sources": np.array(self._sources, dtype=str),
            "sentence_offsets": np.frombuffer(self._sentences, dtype=np.int64),
        }
        for f, raw in self._raw.items():
            values = sorted({v for v in raw if v} | (self._speakers if f == "speaker" else set()))
            code = {v: i for i, v in enumerate(values)}
            out[f] = np.array([code[v] if v else -1 for v in raw], dtype=np.int32)
            out[f"{f}_values"] = np.array(values, dtype=str)
        return out

    def save(self, path: Path, after: Columns | None = None) -> None:
        """Write the columns; `after`: the columns of the passages before these (an append)."""
        out = self.collected()
        with path.open("wb") as fh:
            np.savez(fh, **(out if after is None else appended(after, out)))  # type: ignore[arg-type]


def _recode(codes: np.ndarray, values: np.ndarray, merged: np.ndarray) -> np.ndarray:
    if not len(values):
        return codes.astype(np.int32)
    to = np.searchsorted(merged, values).astype(np.int32)
    return np.where(codes >= 0, to[np.maximum(codes, 0)], -1).astype(np.int32)


def appended(old: Columns, new: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The columns of `old`'s passages followed by `new`'s (as `collected` gives them): the
    new documents' rows follow the old ones, each field's values merged and kept sorted."""
    n_docs = len(old.values["document"])
    out = {
        "document": np.concatenate([old.codes["document"], new["document"] + n_docs]),
        "document_values": np.concatenate([old.values["document"], new["document_values"]]),
        "document_sources": np.concatenate([old.sources, new["document_sources"]]),
        "sentence_offsets": np.concatenate(
            [old.sentence_offsets, old.sentence_offsets[-1] + new["sentence_offsets"][1:]]
        ),
    }
    for f in FIELDS[1:]:
        merged = np.array(sorted({*map(str, old.values[f]), *map(str, new[f"{f}_values"])}), str)
        out[f] = np.concatenate(
            [
                _recode(old.codes[f], old.values[f], merged),
                _recode(new[f], new[f"{f}_values"], merged),
            ]
        ).astype(np.int32)
        out[f"{f}_values"] = merged
    return out
