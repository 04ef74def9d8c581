"""Checksums of every file of an index folder, recorded in its manifest and checked at load."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from core.errors import IndexUnusableError

MANIFEST = "manifest.json"
KEY = "files"
# Hashing reads every byte: done at each load up to this total size (a few seconds at most),
# beyond it only on request (`--verify`); sizes are always checked.
HASH_LIMIT = 256 * 1024 * 1024
# The build's report (what was removed, merged, skipped) is for people: no answer is read from
# it, and the page's corpus view reads it defensively, so a changed report never refuses the index.
NOT_VERIFIED = frozenset({"report.json"})
REBUILD = "rebuild it with: python -m ingest --corpus corpus --index {index}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_of(folder: Path) -> list[str]:
    """Every file under `folder` but the manifest, as sorted POSIX relative paths."""
    out = []
    for root, _, names in os.walk(folder):
        for name in names:
            rel = (Path(root) / name).relative_to(folder).as_posix()
            if rel != MANIFEST:
                out.append(rel)
    return sorted(out)


def record(folder: Path, known: Mapping[str, Any] | None = None) -> None:
    """Add the size and SHA-256 of every file in `folder` to its manifest (written last).
    `known`: entries of files linked from a verified version, kept when the size agrees."""
    manifest_path = folder / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    known = known or {}

    def entry(rel: str) -> dict[str, Any]:
        size = (folder / rel).stat().st_size
        old = known.get(rel)
        if isinstance(old, dict) and old.get("bytes") == size and old.get("sha256"):
            return {"bytes": size, "sha256": old["sha256"]}
        return {"bytes": size, "sha256": sha256_file(folder / rel)}

    manifest[KEY] = {rel: entry(rel) for rel in files_of(folder)}
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, manifest_path)


def _damaged(index: Path, what: str) -> IndexUnusableError:
    return IndexUnusableError(f"{index}/ is corrupt ({what}): " + REBUILD.format(index=index))


def check_manifest(manifest: dict[str, Any], index: Path) -> None:
    """The fields every reader relies on, with the types it relies on."""
    embedding = manifest.get("embedding")
    problems = []
    if not isinstance(manifest.get("index_version"), str):
        problems.append("index_version missing or not a string")
    if not isinstance(embedding, dict):
        problems.append("embedding is not an object")
    else:
        for field, kind in (("model", str), ("weights_sha256", str), ("dim", int)):
            if not isinstance(embedding.get(field), kind) or isinstance(embedding[field], bool):
                problems.append(f"embedding.{field} missing or not a {kind.__name__}")
    if not isinstance(manifest.get(KEY), dict) or not manifest[KEY]:
        problems.append("no file checksums (built by an older version?)")
    if problems:
        raise _damaged(index, "manifest.json: " + "; ".join(problems))


def verify(folder: Path, manifest: dict[str, Any], index: Path, full: bool = False) -> None:
    """Every recorded file present with its recorded size, and, when the index is small enough
    or `full` is asked, its recorded SHA-256. `index` is the name the user knows it by."""
    files = manifest.get(KEY)
    if not isinstance(files, dict) or not files:
        raise _damaged(index, "manifest.json records no file checksums")
    files = {rel: meta for rel, meta in files.items() if rel not in NOT_VERIFIED}
    total = 0
    for rel, meta in files.items():
        if not isinstance(meta, dict) or not isinstance(meta.get("bytes"), int):
            raise _damaged(index, f"manifest.json: bad checksum entry for {rel!r}")
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
            raise _damaged(index, f"manifest.json names a file outside the index: {rel!r}")
        try:
            size = (folder / rel).stat().st_size
        except OSError:
            raise _damaged(index, f"{rel} is missing") from None
        if size != meta["bytes"]:
            raise _damaged(index, f"{rel} is {size} bytes, it was built as {meta['bytes']}")
        total += size
    if not full and total > HASH_LIMIT:
        return
    for rel, meta in files.items():
        try:
            same = sha256_file(folder / rel) == meta.get("sha256")
        except OSError as e:
            raise _damaged(index, f"{rel} cannot be read: {e.strerror}") from None
        if not same:
            raise _damaged(index, f"{rel} has changed since it was built")
