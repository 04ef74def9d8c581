"""Upload names made safe to save in the corpus: the base name only, NFC, within 255 bytes."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from core.errors import InputError
from ingest import formats
from ingest.load import SIDECAR

NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows file systems
# The saved name leaves room for its sidecar, `<name>.meta.json`, in the same 255 bytes.
MAX_BYTES = NAME_MAX - len(SIDECAR.encode("utf-8"))
# Control characters and what Windows or a shell would read as part of a path or a pattern.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\u2028\u2029]')


def _fit(stem: str, budget: int) -> str:
    """The longest prefix of `stem` within `budget` UTF-8 bytes, cut between characters and
    never leaving a combining mark without its base."""
    out = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    while out and unicodedata.combining(out[-1]) and len(out) < len(stem):
        out = out[:-1]
    return out


def safe_upload_name(name: str, max_bytes: int = MAX_BYTES) -> str:
    """The name an uploaded file is saved under in the corpus.

    Any folder part is dropped (a browser may send one), the name is NFC-normalised, control
    and path characters become "_", leading dots and spaces go (no hidden files), and a long
    stem is shortened so the whole name fits `max_bytes` UTF-8 bytes with its extension kept.
    Raises InputError, naming only the file, when nothing usable is left or the type is not
    one ingest reads. Pure: it never looks at the disk.
    """
    base = PureWindowsPath(PurePosixPath(name).name).name  # "C:\\x\\a.txt" and "a/b.txt" too
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE.sub("_", base).strip().lstrip(". ").rstrip(". ")
    suffix = PurePosixPath(base).suffix
    stem = base[: len(base) - len(suffix)] if suffix else base
    if suffix.lower() not in formats.READERS:
        shown = _fit(base, 60) or "(no name)"
        raise InputError(
            f"{shown}: unsupported file type {suffix or '(none)'}; "
            f"readable: {', '.join(formats.SUFFIXES)}"
        )
    stem = stem.strip()
    if not stem:
        raise InputError(f"the file name {name[:60]!r} has no name before its extension")
    budget = max_bytes - len(suffix.encode("utf-8"))
    fitted = _fit(stem, budget).rstrip(". ")
    if not fitted:
        raise InputError("the file name's extension alone is too long")
    return fitted + suffix


def fit_upload_name(name: str) -> str:
    """`name` in NFC, its stem shortened (never mid-character) to fit 255 UTF-8 bytes with its
    extension. Characters are not otherwise changed: whether the name is usable is for the
    caller to decide, with a reason."""
    name = unicodedata.normalize("NFC", name)
    if len(name.encode("utf-8", "surrogatepass")) <= NAME_MAX:
        return name
    suffix = PurePosixPath(name).suffix
    if len(suffix.encode("utf-8", "surrogatepass")) > 16:  # not an extension: a long dotted tail
        suffix = ""
    stem = name[: len(name) - len(suffix)]
    budget = NAME_MAX - len(suffix.encode("utf-8", "surrogatepass"))
    cut = stem.encode("utf-8", "surrogatepass")[:budget].decode("utf-8", "ignore")
    return unicodedata.normalize("NFC", cut) + suffix
