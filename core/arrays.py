"""Arrays on disk, read through memory maps: matrices in .npy files, and records stored as
lines of bytes with a table of where each line starts (so record i is read without parsing
the others)."""

from __future__ import annotations

import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, overload

import numpy as np


def open_matrix(path: Path) -> np.ndarray:
    """A .npy array, memory-mapped read-only (a file holding no rows is simply read)."""
    matrix = np.load(path, mmap_mode="r", allow_pickle=False)
    return np.load(path, allow_pickle=False) if matrix.size == 0 else matrix


class Lines(Sequence[bytes]):
    """Line i of a file of lines, memory-mapped; `offsets[i]` is where line i starts."""

    def __init__(self, path: Path, offsets_path: Path) -> None:
        self.offsets = np.load(offsets_path, mmap_mode="r", allow_pickle=False)
        size = path.stat().st_size
        if self.offsets.ndim != 1 or len(self.offsets) == 0 or self.offsets.dtype.kind != "i":
            raise ValueError(f"{offsets_path.name} is not a table of offsets")
        if int(self.offsets[0]) != 0 or int(self.offsets[-1]) != size:
            raise ValueError(f"{offsets_path.name} does not match {path.name}")
        if len(self.offsets) > 1 and not bool(np.all(np.diff(self.offsets) > 0)):
            raise ValueError(f"{offsets_path.name} is out of order")
        self._data = np.memmap(path, dtype=np.uint8, mode="r") if size else np.zeros(0, np.uint8)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, i: int) -> bytes: ...
    @overload
    def __getitem__(self, i: slice) -> list[bytes]: ...
    def __getitem__(self, i: int | slice) -> bytes | list[bytes]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = range(len(self))[i]  # negative rows count from the end; IndexError past it
        return self._data[int(self.offsets[i]) : int(self.offsets[i + 1])].tobytes()

    def __iter__(self) -> Iterator[bytes]:
        return (self[i] for i in range(len(self)))


class LinesWriter:
    """Appends lines to an open file and records where each starts; `close` saves the table."""

    def __init__(self, path: Path, offsets_path: Path) -> None:
        self._file: BinaryIO = path.open("wb")
        self._offsets_path = offsets_path
        self._offsets = array.array("q", [0])

    def write(self, line: bytes) -> int:
        """Writes one line (it must end with a newline); returns its row."""
        self._file.write(line)
        self._offsets.append(self._offsets[-1] + len(line))
        return len(self._offsets) - 2

    def close(self) -> None:
        self._file.close()
        np.save(self._offsets_path, np.frombuffer(self._offsets, dtype=np.int64))

    def abandon(self) -> None:
        self._file.close()
