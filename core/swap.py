"""Crash-safe index swaps: `index` is a symlink to a versioned folder, switched by one rename.

Beside an index called `index` live:
  .index.building-*   a build in progress (or one a crash interrupted: removed at the next build)
  .index.v-<stamp>    a complete index, checksummed; `index` points at one of them
  .index.link-*       a symlink about to replace `index` (the rename that follows is atomic)
  .index.old-*        left by the earlier two-rename swap; recovered like a version folder
At every instant `index` names a complete index, or is missing only because a crash hit the
one-time move of an old-style folder (then readers fall back to the newest complete version and
the next build restores the link).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from core.errors import IndexUnusableError, IndexWriteError

MANIFEST = "manifest.json"


def checkpoint(step: str) -> None:
    """Named points in a swap; tests replace this to kill the process exactly there."""


def _stamp() -> str:
    """Sorts in time order (to the nanosecond), then a random tail against collisions."""
    ns = time.time_ns()
    day = time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 10**9))
    return f"{day}.{ns % 10**9:09d}-{secrets.token_hex(3)}"


def absolute(index: Path) -> Path:
    """The index's own path made absolute, without following its symlink."""
    return Path(os.path.abspath(index))


def _siblings(index: Path, kind: str) -> list[Path]:
    return sorted(index.parent.glob(f".{index.name}.{kind}-*"))


def _complete(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / MANIFEST).is_file()


def versions(index: Path) -> list[Path]:
    """Complete version folders beside `index`, oldest first (their names sort by time)."""
    return [p for p in _siblings(index, "v") if _complete(p)]


def resolve(index: Path) -> Path:
    """The folder a reader should read now: what `index` points at, or, when a crash left no
    `index`, the newest complete version. Resolved once per load, so one load reads one version."""
    index = absolute(index)
    if index.exists():
        return index.resolve()
    # A crash during the one-time move of an old-style folder, or the earlier two-rename swap.
    found = versions(index) or [p for p in _siblings(index, "old") if _complete(p)]
    if found:
        return found[-1]
    raise IndexUnusableError(
        f"no index at {index}/: rebuild it with: python -m ingest --corpus corpus --index {index}"
    )


def new_folder(index: Path) -> Path:
    index = absolute(index)
    index.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{index.name}.building-", dir=index.parent))
    # mkdtemp's 0700 would hide the index from a server running as another user; the
    # umask is not read here because os.umask changes it for every thread while it looks.
    folder.chmod(0o755)
    return folder


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(folder: Path) -> None:
    """Data on disk before the rename that publishes it, so a power cut cannot publish holes."""
    for root, _, files in os.walk(folder):
        for name in files:
            _fsync(Path(root) / name)
        _fsync(Path(root))


def _link(index: Path, target: Path) -> None:
    """Point `index` at `target` with one atomic rename of a fresh symlink over it."""
    link = index.with_name(f".{index.name}.link-{_stamp()}")
    os.symlink(target.name, link)  # relative: the pair of them can be moved together
    checkpoint("linked")
    os.replace(link, index)
    _fsync(index.parent)


def publish(index: Path, built: Path) -> Path:
    """Make the complete folder `built` the index; returns its version folder.

    The version it replaces is kept (a reader may be loading it this moment); older ones go.
    """
    index = absolute(index)
    if index.exists() and not index.is_dir():
        raise IndexWriteError(f"{index.name} is a file, not an index: move it away and build again")
    _sync_tree(built)
    previous = None
    if index.is_symlink():
        previous = index.resolve()
    elif index.is_dir():  # an old-style folder: give it a version name first (an older one)
        previous = index.with_name(f".{index.name}.v-{_stamp()}-moved")
        os.rename(index, previous)
        checkpoint("moved")
    version = index.with_name(f".{index.name}.v-{_stamp()}")
    os.rename(built, version)
    checkpoint("renamed")
    _link(index, version)
    checkpoint("swapped")
    prune(index, keep={version, *([previous] if previous else [])})
    return version


def prune(index: Path, keep: set[Path]) -> None:
    for folder in _siblings(index, "v") + _siblings(index, "old"):
        if folder not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def recover(index: Path) -> list[str]:
    """At the start of a build (under the build lock): restore `index` if a crash left none,
    and remove what crashed builds left behind. Returns what it did, for the report."""
    index = absolute(index)
    done: list[str] = []
    for folder in _siblings(index, "building"):
        shutil.rmtree(folder, ignore_errors=True)
        done.append(f"removed {folder.name}, left by an interrupted build")
    for link in _siblings(index, "link"):
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
    if not index.exists():
        found = versions(index)
        if not found:
            olds = [p for p in _siblings(index, "old") if _complete(p)]
            if olds:  # the earlier swap's renames were interrupted: its index is here
                moved = index.with_name(f".{index.name}.v-{_stamp()}-recovered")
                os.rename(olds[-1], moved)
                found = [moved]
        if found:
            if index.is_symlink():
                index.unlink()
            _link(index, found[-1])
            done.append(f"restored {index.name} -> {found[-1].name} after an interrupted swap")
    current = index.resolve() if index.exists() else None
    others = [v for v in versions(index) if v != current]
    # The newest other version stays: a reader may be loading it right now.
    prune(index, keep={*([current] if current else []), *others[-1:]})
    return done
