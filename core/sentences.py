"""Sentence boundaries with character offsets, from nupunkt (offline, abbreviation-aware)."""

from __future__ import annotations

import re

import nupunkt

_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# A heading or label line is at most this many words ("Dosage and Administration", "Motion to
# Take Note"): ingest parts passages at such lines, qa knows a passage of them says nothing.
HEADING_WORDS = 12


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Tight (start, end) offsets into `text` of the sentences in text[start:end]."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text, start, end):
        piece = text[line_start:line_end]
        if _TABLE_ROW.match(piece):  # a Markdown table row is one unit, full stops and all
            spans.append(_tight(text, line_start, line_end))
            continue
        for a, b in nupunkt.sent_spans(piece):
            s, e = line_start + a, line_start + b
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
    return spans


def _tight(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # A line break ends a sentence: headings and list items have no full stop, and ingest's
    # cleaner has already joined the lines that were only wrapped mid-sentence.
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        pos = stop + 1
    return out
