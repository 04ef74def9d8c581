"""Near-duplicates by content fingerprints: MinHash over character shingles, with LSH candidates.

A document most of whose passages stand in a longer one is a partial copy: it is folded into that
document. A passage that also stands in another document stays in both (each with its own speaker
and context) and is reported as "also in" the other.

The work is near-linear whatever the input: identical passages (after case and whitespace) are
bucketed by an exact hash and fingerprinted once, each LSH bucket holds at most BUCKET_CAP keys and
each lookup checks at most MAX_CANDIDATES of them exactly, so a file of 8,000 repeated lines costs
about what 8,000 different lines cost.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from core.types import Document

SHINGLE = 5  # characters
NUM_PERM = 64
# 14 bands of 4 rows: datasketch's optimum for a candidate threshold of 0.5 at 64 permutations;
# pairs above about 0.5 Jaccard become candidates and are checked exactly.
BANDS, ROWS = 14, 4
SAME = 0.8  # exact Jaccard of shingle sets at or above which two passages are one
CONTAINED = 0.9  # share of a document's passages found in another for it to be a copy
# A near-identical text almost always shares several bands with the first few keys of a bucket,
# so keeping the first BUCKET_CAP keys per bucket and checking MAX_CANDIDATES keys per lookup
# loses nothing on real text and bounds the work on pathological text (thousands of lines
# that differ only in a number).
BUCKET_CAP = 32
LONG = 40  # characters: a shorter paragraph ("My Lords,") repeating is no copied passage
MAX_CANDIDATES = 64


@dataclass(frozen=True)
class Copy:
    copy: Document
    original: Document
    shared: int
    total: int


@dataclass(frozen=True)
class SharedPassage:
    passage: str  # block key of a paragraph ...
    also_in: str  # ... that stands, near-identical, earlier in this block
    jaccard: float


def normal_form(text: str) -> str:
    """What near-duplicate checks compare: case and whitespace runs do not matter."""
    return re.sub(r"\s+", " ", text).strip().lower()


def shingles(text: str) -> frozenset[str]:
    norm = normal_form(text)
    if len(norm) <= SHINGLE:
        return frozenset([norm]) if norm else frozenset()
    return frozenset(norm[i : i + SHINGLE] for i in range(len(norm) - SHINGLE + 1))


def numbers(text: str) -> frozenset[str]:
    """Figures, dates and identifiers: two passages that differ in one say different things."""
    return frozenset(re.findall(r"\d+(?:[.,]\d+)*", text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM)  # its permutations are drawn once and shared


def _bands(sh: frozenset[str]) -> list[bytes]:
    t = _template()
    m = MinHash(num_perm=NUM_PERM, permutations=t.permutations, scheme=t.scheme)
    m.update_batch([s.encode("utf-8") for s in sh])
    values = np.asarray(m.hashvalues, dtype=np.uint64)
    return [bytes([b]) + values[b * ROWS : (b + 1) * ROWS].tobytes() for b in range(BANDS)]


def _exact(text: str) -> bytes:
    return hashlib.sha256(normal_form(text).encode("utf-8")).digest()


class _Spilled:
    """Texts kept in a temporary file, read back by key when asked for: in memory only where
    each one is, so holding every paragraph of a corpus costs its offsets, not its text."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - open as long as the finder
        self._at: dict[str, tuple[int, int]] = {}
        self._end = 0

    def __setitem__(self, key: str, text: str) -> None:
        data = text.encode("utf-8")
        os.pwrite(self._file.fileno(), data, self._end)
        self._at[key] = (self._end, len(data))
        self._end += len(data)

    def __getitem__(self, key: str) -> str:
        at, n = self._at[key]
        return os.pread(self._file.fileno(), n, at).decode("utf-8")


class _Fingerprints:
    """Capped LSH buckets over texts, to find near-equal texts quickly; a candidate's shingle set
    is made again when it is checked, since holding every text's set took ~130 KB a passage,
    from its text read back from a temporary file (_Spilled)."""

    def __init__(self) -> None:
        self.buckets: dict[bytes, list[str]] = {}
        self.texts = _Spilled()
        self.numbers: dict[str, frozenset[str]] = {}

    def add(self, key: str, text: str, nums: frozenset[str], bands: list[bytes]) -> None:
        if not bands:
            return
        self.texts[key] = text
        self.numbers[key] = nums
        for band in bands:
            bucket = self.buckets.setdefault(band, [])
            if len(bucket) < BUCKET_CAP:
                bucket.append(key)

    def matches(
        self, text: str, nums: frozenset[str], bands: list[bytes]
    ) -> list[tuple[str, float]]:
        """Near-identical texts with the same figures (a changed number is a new statement)."""
        if not bands:
            return []
        seen: dict[str, None] = {}
        for band in bands:
            for key in self.buckets.get(band, ()):
                seen.setdefault(key)
            if len(seen) >= MAX_CANDIDATES:
                break
        same_figures = [k for k in list(seen)[:MAX_CANDIDATES] if self.numbers[k] == nums]
        sh = shingles(text) if same_figures else frozenset()
        found = [(k, jaccard(sh, shingles(self.texts[k]))) for k in same_figures]
        return sorted(((k, j) for k, j in found if j >= SAME), key=lambda kj: -kj[1])


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


class CopyFinder:
    """Documents given one at a time (by key, with their text); `copies()` then says which is
    mostly contained, passage by passage, in a longer one. Only fingerprints and each distinct
    passage's place in a temporary file are kept, never a document."""

    def __init__(self) -> None:
        # One fingerprint per distinct passage text, remembering every document that holds it.
        self.holders: dict[bytes, set[str]] = {}
        self.per_doc: dict[str, list[bytes]] = {}
        self.length: dict[str, int] = {}
        self.probes: dict[bytes, tuple[frozenset[str], list[bytes]]] = {}
        self.fp = _Fingerprints()

    def add(self, key: str, text: str) -> None:
        parts = paragraphs(text)
        keys = [_exact(p) for p in parts]
        self.per_doc[key] = keys
        self.length[key] = len(text)
        for k, p in zip(keys, parts, strict=True):
            self.holders.setdefault(k, set()).add(key)
            if k not in self.probes:
                sh = shingles(p)
                self.probes[k] = (numbers(p), _bands(sh) if sh else [])
                self.fp.add(k.hex(), p, *self.probes[k])

    def copies(self) -> list[tuple[str, str, int, int]]:
        """(copy, original, passages shared, passages of the copy), smallest copy first."""
        holders, probes, fp = self.holders, self.probes, self.fp
        hosts_of: dict[bytes, set[str]] = {}
        for key, (nums, bands) in probes.items():
            # Every holder of the very same text counts, even when capped buckets left it out.
            found = fp.matches(fp.texts[key.hex()], nums, bands) if bands else []
            hosts_of[key] = set(holders[key]).union(*(holders[bytes.fromhex(k)] for k, _ in found))
        by_size = sorted(self.per_doc, key=lambda d: (self.length[d], d))
        rank = {d: i for i, d in enumerate(by_size)}
        out: list[tuple[str, str, int, int]] = []
        copied: set[str] = set()
        for d in by_size:
            mine = [k for k in self.per_doc[d] if probes[k][1]]  # texts with shingles
            if not mine:
                continue
            shared: dict[str, int] = {}
            for key in mine:
                for host in hosts_of[key] - {d}:
                    if rank[host] > rank[d] and host not in copied:
                        shared[host] = shared.get(host, 0) + 1
            if shared:
                host, n = max(shared.items(), key=lambda kv: (kv[1], -rank[kv[0]]))
                if n / len(mine) >= CONTAINED:
                    out.append((d, host, n, len(mine)))
                    copied.add(d)
        return out


def find_copies(docs: Sequence[Document]) -> list[Copy]:
    """Each document mostly contained, passage by passage, in a longer one."""
    finder = CopyFinder()
    by_source: dict[str, Document] = {}
    for d in docs:
        finder.add(d.source, d.text)
        by_source.setdefault(d.source, d)
    return [Copy(by_source[c], by_source[o], n, t) for c, o, n, t in finder.copies()]


def band_keys(bands: list[bytes]) -> list[int]:
    """A paragraph's LSH bands as 64-bit keys: an index keeps them per segment, so that an
    upload can be checked against what the index holds without reading its documents."""
    return [int.from_bytes(hashlib.blake2b(b, digest_size=8).digest(), "little") for b in bands]


class SharedFinder:
    """Paragraphs given one at a time, in order: `add` says whether one stands, near enough,
    in an earlier one (reported, both kept). `keys` collects the band keys of every text long
    enough to be compared. Earlier texts are read back from a temporary file (_Spilled)."""

    def __init__(self, keys: set[int] | None = None) -> None:
        self.keys = keys
        self.fp = _Fingerprints()
        self.first: dict[bytes, tuple[str, float]] = {}  # exact normal form -> its first key

    def add(self, key: str, text: str) -> SharedPassage | None:
        if len(text) < LONG:
            return None  # a short line ("Good.") repeating is not a copied passage
        exact = _exact(text)
        if exact in self.first:
            return SharedPassage(key, *self.first[exact])
        sh, nums = shingles(text), numbers(text)
        bands = _bands(sh) if sh else []
        if self.keys is not None:
            self.keys.update(band_keys(bands))
        found = self.fp.matches(text, nums, bands)
        self.first[exact] = (found[0][0], round(found[0][1], 3)) if found else (key, 1.0)
        if found:
            return SharedPassage(key, *self.first[exact])
        self.fp.add(key, text, nums, bands)
        return None


def shared_passages(
    passages: Iterable[tuple[str, str]], keys: set[int] | None = None
) -> list[SharedPassage]:
    """(key, text) pairs whose text stands, near enough, in an earlier one: reported, both kept.
    `keys` collects the band keys of every text long enough to be compared."""
    finder = SharedFinder(keys)
    return [x for key, text in passages if (x := finder.add(key, text)) is not None]
