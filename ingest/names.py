"""Upload file names as the corpus can hold them: NFC, at most 255 UTF-8 bytes, extension kept."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

MAX_BYTES = 255  # a file name's limit on Linux file systems (ext4, XFS, btrfs)


def safe_upload_name(name: str) -> str:
    """`name` in NFC, its stem shortened (never mid-character) to fit 255 UTF-8 bytes with its
    extension. Characters are not otherwise changed: whether the name is usable is for the
    caller to decide, with a reason."""
    name = unicodedata.normalize("NFC", name)
    if len(name.encode("utf-8", "surrogatepass")) <= MAX_BYTES:
        return name
    suffix = PurePosixPath(name).suffix
    if len(suffix.encode("utf-8", "surrogatepass")) > 16:  # not an extension: a long dotted tail
        suffix = ""
    stem = name[: len(name) - len(suffix)]
    budget = MAX_BYTES - len(suffix.encode("utf-8", "surrogatepass"))
    cut = stem.encode("utf-8", "surrogatepass")[:budget].decode("utf-8", "ignore")
    return unicodedata.normalize("NFC", cut) + suffix
