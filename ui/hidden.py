"""What a filter hid: undated documents a date filter left out, and which filter leaves nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from core.types import Document
from qa.query import Filters

# Each filter a user can take off on its own, as its URL parameter.
REMOVABLE = ("kind", "doc", "since", "until", "role", "speaker")


@dataclass(frozen=True)
class Hidden:
    passages: int  # passages the filters let through
    undated: tuple[str, ...] = ()  # ids of undated documents only the date filter left out
    loosen: tuple[tuple[str, int], ...] = ()  # when nothing passes: (filter, passages without it)


def without(filters: Filters, name: str) -> Filters:
    values: dict[str, Any] = {name: None}
    return replace(filters, **values)


def hidden(
    filters: Filters,
    allowed: Callable[[Filters], np.ndarray],
    doc_of: Sequence[str],
    documents: Mapping[str, Document],
) -> Hidden:
    """`allowed` is the search's own mask of passages, so this says exactly what search did."""
    passages = int(allowed(filters).sum())
    undated: tuple[str, ...] = ()
    if (filters.since or filters.until) and not filters.undated:
        mask = allowed(replace(filters, since=None, until=None))
        ids = {doc_of[int(i)] for i in np.flatnonzero(mask)}
        undated = tuple(sorted(i for i in ids if not documents[i].date))
    loosen: list[tuple[str, int]] = []
    if passages == 0:
        for name in REMOVABLE:
            if getattr(filters, name):
                left = int(allowed(without(filters, name)).sum())
                if left:
                    loosen.append((name, left))
    return Hidden(passages, undated, tuple(loosen))
