"""Passages from sections: whole sentences packed up to a tiktoken budget, never across sections."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from core.sentences import HEADING_WORDS, sentence_spans

Span = tuple[int, int]


@dataclass(frozen=True)
class ChunkerSettings:
    max_tokens: int = 180
    encoding: str = "cl100k_base"


def split_long(text: str, span: Span, count: Callable[[str], int], max_tokens: int) -> list[Span]:
    """Cut a sentence longer than the budget at spaces (or anywhere, for a run with none)."""
    a, b = span
    if count(text[a:b]) <= max_tokens:
        return [span]
    out: list[Span] = []
    while a < b:
        lo, hi = a + 1, b
        while lo < hi:  # the longest prefix text[a:end] within budget
            mid = (lo + hi + 1) // 2
            if count(text[a:mid]) <= max_tokens:
                lo = mid
            else:
                hi = mid - 1
        end = lo
        if end < b:
            space = text.rfind(" ", a + 1, end)
            end = space if space > a else end
        out.append((a, end))
        a = end
        while a < b and text[a].isspace():
            a += 1
    return out


def pack(
    text: str, start: int, end: int, count: Callable[[str], int], max_tokens: int
) -> list[tuple[Span, tuple[Span, ...]]]:
    """Group the sentences of text[start:end] into passages of at most max_tokens tokens.

    Returns (passage span, its sentence spans). Passages are contiguous in the text: together
    they cover every sentence of the range.
    """
    sentences = [
        piece
        for span in sentence_spans(text, start, end)
        for piece in split_long(text, span, count, max_tokens)
    ]
    out: list[tuple[Span, tuple[Span, ...]]] = []
    group: list[Span] = []
    for s in sentences:
        if group and count(text[group[0][0] : s[1]]) > max_tokens:
            out.append(((group[0][0], group[-1][1]), tuple(group)))
            group = []
        group.append(s)
    if group:
        out.append(((group[0][0], group[-1][1]), tuple(group)))
    return out


ID_HEX = 10  # hex digits of a passage id's hash: 40 bits, unique among a document's passages


def passage_ids(doc_id: str, texts: list[str]) -> list[str]:
    """Ids for a document's passages, in order, from their text alone: "<doc_id>:<hash>", and
    "<doc_id>:<hash>.<n>" for the n-th repeat (n >= 2). A passage keeps its id when other
    passages, earlier ones in its own document included, or other documents change."""
    seen: dict[str, int] = {}
    out = []
    for text in texts:
        short = hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_HEX]
        seen[short] = seen.get(short, 0) + 1
        out.append(f"{doc_id}:{short}" + (f".{seen[short]}" if seen[short] > 1 else ""))
    return out


# A heading paragraph: one short line that does not end a sentence ("Dosage and
# Administration", "6. Quoracy", "Appendix eight – Funding for continuation requests"); not a
# bulleted item or a table row, which are content.
_HEADING = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?\s+)?[A-Z]")
_NOT_HEADING = re.compile(r"^[•▪◦●*–—|-]|[.!?:;,]['\"’”)]*$|^\d+$")


def is_heading(paragraph: str) -> bool:
    return (
        "\n" not in paragraph
        and len(paragraph.split()) <= HEADING_WORDS
        and bool(_HEADING.match(paragraph))
        and not _NOT_HEADING.search(paragraph)
    )


LIST_RUN = 3  # more short lines in a row than a heading with its sub-headings: a list


def heading_runs(text: str, paragraphs: list[Span]) -> list[Span]:
    """Spans of the runs of consecutive heading paragraphs, in order (a heading with the
    sub-heading under it is one run), each followed by at least one paragraph of content.
    Short lines after a lead-in ending in a colon, or more than LIST_RUN of them in a row,
    are a list's items ("jointly nominated by: / Cambridgeshire County Council / ..."),
    not headings."""
    runs: list[Span] = []
    run: list[Span] = []
    lead_in = False  # the paragraph before the run ends in a colon
    previous = ""
    for a, b in paragraphs:
        line = text[a:b]
        if is_heading(line):
            if not run:
                lead_in = previous.rstrip().endswith(":")
            run.append((a, b))
        else:
            if run and len(run) <= LIST_RUN and not lead_in:
                runs.append((run[0][0], run[-1][1]))
            run = []
        previous = line
    return runs


def under_headings(start: int, end: int, runs: list[Span]) -> list[tuple[int, int, Span | None]]:
    """text[start:end] cut where a heading run opens, so that no passage runs on across a
    heading into the next part: each piece with the run it opens under (None before the first
    heading)."""
    cuts = [(a, (a, b)) for a, b in runs if start < a < end]
    before = [r for r in runs if r[0] <= start]
    pieces: list[tuple[int, int, Span | None]] = []
    at, run = start, (before[-1] if before else None)
    for a, r in cuts:
        pieces.append((at, a, run))
        at, run = a, r
    pieces.append((at, end, run))
    return [(a, b, r) for a, b, r in pieces if b > a]
