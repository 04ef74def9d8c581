"""Abbreviations a document defines for itself, read where the embedding model meets them.

Reports, constitutions and web pages name a body once in full with its short form in brackets
("Integrated Care Systems (ICSs)", "NHS Cambridgeshire and Peterborough (NHS C&P or the ICB)",
"the Integrated Care Board (“the ICB”)") and use the short form after. A sentence that says
"The ICB was established on 1 July 2022" is about the body a question names in full, but the
model cannot know that from the sentence alone: it embeds the sentence with the document's own
definition beside the short form. Pure functions; the cited text is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# A name: capitalised words, with the small words names hold ("Secretary of State for Health").
_NAME = r"(?:[A-Z][\w&’'-]*\s+(?:(?:and|of|for|the|in|on|to)\s+)*){0,9}[A-Z][\w&’'-]*"
_DEFINED = re.compile(rf"(?P<name>{_NAME})\s+\((?P<inside>[^()\n]{{1,40}})\)")
_SHORT = re.compile(r"^[A-Z][A-Z&]{1,6}s?$")
_QUOTES = "\"'“”‘’"
_SMALL = {"and", "of", "for", "the", "in", "on", "to"}


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w not in _SMALL).upper()


def definitions(text: str) -> dict[str, str]:
    """Each short form the text defines -> the name it stands for (the first definition wins).
    A short form is the name's initials ("Lower-layer Super Output Areas (LSOAs)"), or any
    capitals the text introduces as a defined term, with "the" or in quotes ("(the ICB)")."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        name = " ".join(m.group("name").split())
        if name.split()[0] in ("The", "A", "An", "This", "These", "Our"):
            name = name.split(" ", 1)[1] if " " in name else ""
        for alt in re.split(r",\s*|\s+or\s+", m.group("inside")):
            alt = alt.strip()
            defined = alt.startswith(("the ", "The ")) or alt[:1] in _QUOTES
            short = alt.removeprefix("the ").removeprefix("The ").strip(_QUOTES + " ")
            short = short.removeprefix("the ").strip(_QUOTES + " ")
            if not _SHORT.match(short) or short in out or len(name.split()) < 2:
                continue
            if defined or _initials(name).startswith(short.rstrip("s").replace("&", "")):
                out[short] = name
    return out


def expanded(sentence: str, defined: Mapping[str, str]) -> str:
    """The sentence as the embedding model reads it: a short form the document defines is
    followed by its name in brackets, at its first use in the sentence, unless the sentence
    gives the name itself."""
    for short, name in defined.items():
        if name in sentence:
            continue
        m = re.search(rf"(?<![\w&]){re.escape(short)}(?![\w&])(?!\s*\()", sentence)
        if m:
            sentence = f"{sentence[: m.end()]} ({name}){sentence[m.end() :]}"
    return sentence
