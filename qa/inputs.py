"""Text a user typed, made safe to search, print and export: one line, valid Unicode, NFC."""

from __future__ import annotations

import re
import unicodedata

from core.errors import InputError

# Control characters (C0, DEL, C1) and line or paragraph separators: a question is one line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_question(text: str) -> str:
    """Control characters become spaces; text that is not Unicode (undecodable bytes arrive
    from a terminal as lone surrogates) is refused with one line saying so."""
    bad = _SURROGATE.search(text)
    if bad is not None:
        char = bad.group()
        # Python's argv decoding maps an undecodable byte b to U+DC00 + b.
        if "\udc80" <= char <= "\udcff":
            what = f"the byte 0x{ord(char) - 0xDC00:02x}"
        else:
            what = f"a lone surrogate U+{ord(char):04X}"
        raise InputError(
            f"the question is not valid UTF-8 text ({what} at character {bad.start() + 1}); "
            "type or paste it again as UTF-8"
        )
    return unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
