"""Near-duplicate documents: a partial copy of another document is folded into it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.types import Document

CONTAINED = 0.9  # share of a document's passages found in another for it to be a copy


@dataclass(frozen=True)
class Merge:
    copy: str  # source of the partial copy, not indexed
    into: str  # source of the fuller document that is indexed
    shared: int
    total: int
    fields: tuple[str, ...]  # metadata fields the copy filled in


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _passages(doc: Document) -> list[str]:
    return [_norm(p) for p in doc.text.split("\n\n") if p.strip()]


def find_copies(docs: list[Document]) -> list[tuple[Document, Document, int, int]]:
    """(copy, original, shared, total) for each document mostly contained in a longer one."""
    out: list[tuple[Document, Document, int, int]] = []
    copies: set[str] = set()
    by_size = sorted(docs, key=lambda d: (len(d.text), d.source))
    for i, copy in enumerate(by_size):
        mine = _passages(copy)
        if not mine:
            continue
        for other in by_size[i + 1 :]:
            if other.source in copies:
                continue
            theirs = "\n".join(_passages(other))
            shared = sum(1 for p in mine if p in theirs)
            if shared / len(mine) >= CONTAINED:
                out.append((copy, other, shared, len(mine)))
                copies.add(copy.source)
                break
    return out
