"""Arrays on disk, read through memory maps: matrices in .npy files, and records stored as
lines of bytes with a table of where each line starts (so record i is read without parsing
the others)."""

from __future__ import annotations

import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, overload

import numpy as np

T = TypeVar("T")


def open_matrix(path: Path) -> np.ndarray:
    """A .npy array, memory-mapped read-only (a file holding no rows is simply read)."""
    matrix = np.load(path, mmap_mode="r", allow_pickle=False)
    return np.load(path, allow_pickle=False) if matrix.size == 0 else matrix


class Rows(Sequence[T]):
    """Row i by `_row(i)` for i in range(len(self)): negative rows count from the end, a row
    past it raises IndexError, a slice gives a list."""

    def _row(self, i: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._row(range(len(self))[i])

    def __iter__(self) -> Iterator[T]:
        return (self._row(i) for i in range(len(self)))


class Lines(Rows[bytes]):
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

    def _row(self, i: int) -> bytes:
        return self._data[int(self.offsets[i]) : int(self.offsets[i + 1])].tobytes()


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


class ChainedLines(Rows[bytes]):
    """Several `Lines` read as one: row i is in the part whose rows cover it."""

    def __init__(self, parts: Sequence[Lines]) -> None:
        self._parts = list(parts)
        self._starts = np.cumsum([0, *(len(p) for p in self._parts)])

    def __len__(self) -> int:
        return int(self._starts[-1])

    def _row(self, i: int) -> bytes:
        part = int(np.searchsorted(self._starts, i, side="right")) - 1
        return self._parts[part][i - int(self._starts[part])]

    def __iter__(self) -> Iterator[bytes]:
        return (line for p in self._parts for line in p)


def chain_lines(parts: Sequence[Lines]) -> Sequence[bytes]:
    """One part as itself (today's single-segment index reads exactly as before), more chained."""
    return parts[0] if len(parts) == 1 else ChainedLines(parts)


class StackedRows:
    """The rows of several matrices (memory-mapped .npy files) read as one matrix, never
    copied whole: what search uses of a matrix (len, shape, slices, an array of rows)."""

    def __init__(self, parts: Sequence[np.ndarray]) -> None:
        if len({p.shape[1:] for p in parts}) != 1:
            raise ValueError("stacked matrices of different widths")
        self._parts = list(parts)
        self._starts = np.cumsum([0, *(len(p) for p in self._parts)])
        self.shape = (int(self._starts[-1]), *parts[0].shape[1:])
        self.dtype = np.result_type(*(p.dtype for p in parts))
        self.ndim = len(self.shape)
        self.size = int(np.prod(self.shape))

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: int | slice | np.ndarray) -> np.ndarray:
        if isinstance(key, slice):
            return self._take(np.arange(*key.indices(len(self))))
        if isinstance(key, (int, np.integer)):
            return self._take(np.array([range(len(self))[key]]))[0]
        rows = np.asarray(key)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        rows = np.where(rows < 0, rows + len(self), rows).astype(np.int64)
        if len(rows) and (rows.min() < 0 or rows.max() >= len(self)):
            raise IndexError(f"row out of range for {len(self)} rows")
        return self._take(rows)

    def _take(self, rows: np.ndarray) -> np.ndarray:
        """Rows in the order asked, each part read once (a contiguous run as a slice)."""
        out = np.empty((len(rows), *self.shape[1:]), dtype=self.dtype)
        part = np.searchsorted(self._starts, rows, side="right") - 1
        for k in np.unique(part):
            at = np.flatnonzero(part == k)
            local = rows[at] - self._starts[k]
            lo, hi = int(local.min()), int(local.max()) + 1
            if hi - lo == len(local) and np.all(np.diff(local) == 1):
                out[at] = self._parts[k][lo:hi]
            else:
                out[at] = self._parts[k][local]
        return out

    def __array__(self, dtype: Any = None, copy: object = None) -> np.ndarray:
        whole = self[:]
        return whole if dtype is None else whole.astype(dtype)


def stack_rows(parts: Sequence[np.ndarray]) -> np.ndarray:
    """One matrix as itself, more as a StackedRows view (typed as the array it stands for)."""
    return parts[0] if len(parts) == 1 else StackedRows(parts)  # type: ignore[return-value]
