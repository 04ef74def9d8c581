"""Near-duplicates by content fingerprints: MinHash over character shingles, with LSH candidates.

A document most of whose passages stand in a longer one is a partial copy: it is folded into that
document. A passage that also stands in another document stays in both (each with its own speaker
and context) and is reported as "also in" the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from core.types import Document

SHINGLE = 5  # characters
NUM_PERM = 64
CANDIDATE = 0.5  # LSH threshold: pairs above it are checked exactly
SAME = 0.8  # exact Jaccard of shingle sets at or above which two passages are one
CONTAINED = 0.9  # share of a document's passages found in another for it to be a copy


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


def shingles(text: str) -> frozenset[str]:
    norm = re.sub(r"\s+", " ", text).strip().lower()
    if len(norm) <= SHINGLE:
        return frozenset([norm]) if norm else frozenset()
    return frozenset(norm[i : i + SHINGLE] for i in range(len(norm) - SHINGLE + 1))


def numbers(text: str) -> frozenset[str]:
    """Figures, dates and identifiers: two passages that differ in one say different things."""
    return frozenset(re.findall(r"\d+(?:[.,]\d+)*", text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _minhash(sh: frozenset[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


class _Fingerprints:
    """Exact shingle sets plus an LSH index over them, to find near-equal texts quickly."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=CANDIDATE, num_perm=NUM_PERM)
        self.sets: dict[str, frozenset[str]] = {}
        self.numbers: dict[str, frozenset[str]] = {}

    def add(self, key: str, sh: frozenset[str], nums: frozenset[str]) -> None:
        if sh:
            self.lsh.insert(key, _minhash(sh))
            self.sets[key] = sh
            self.numbers[key] = nums

    def matches(self, sh: frozenset[str], nums: frozenset[str]) -> list[tuple[str, float]]:
        """Near-identical texts with the same figures (a changed number is a new statement)."""
        if not sh:
            return []
        found = [
            (k, jaccard(sh, self.sets[k]))
            for k in self.lsh.query(_minhash(sh))
            if self.numbers[k] == nums
        ]
        return sorted(((k, j) for k, j in found if j >= SAME), key=lambda kj: -kj[1])


def passages(doc: Document) -> list[str]:
    return [p for p in doc.text.split("\n\n") if p.strip()]


def find_copies(docs: Sequence[Document]) -> list[Copy]:
    """Each document mostly contained, passage by passage, in a longer one."""
    fp = _Fingerprints()
    sets = {d.source: [(shingles(p), numbers(p)) for p in passages(d)] for d in docs}
    for d in docs:
        for i, (sh, nums) in enumerate(sets[d.source]):
            fp.add(f"{i}\x00{d.source}", sh, nums)
    by_size = sorted(docs, key=lambda d: (len(d.text), d.source))
    rank = {d.source: i for i, d in enumerate(by_size)}
    copies: list[Copy] = []
    copied: set[str] = set()
    for d in by_size:
        mine = [(sh, nums) for sh, nums in sets[d.source] if sh]
        if not mine:
            continue
        shared: dict[str, int] = {}
        for sh, nums in mine:
            hosts = {k.split("\x00", 1)[1] for k, _ in fp.matches(sh, nums)}
            for host in hosts - {d.source}:
                if rank[host] > rank[d.source] and host not in copied:
                    shared[host] = shared.get(host, 0) + 1
        if shared:
            host, n = max(shared.items(), key=lambda kv: (kv[1], -rank[kv[0]]))
            if n / len(mine) >= CONTAINED:
                original = next(x for x in docs if x.source == host)
                copies.append(Copy(d, original, n, len(mine)))
                copied.add(d.source)
    return copies


def shared_passages(passages: Sequence[tuple[str, str]]) -> list[SharedPassage]:
    """(key, text) pairs whose text stands, near enough, in an earlier one: reported, both kept."""
    fp = _Fingerprints()
    out = []
    for key, text in passages:
        sh, nums = shingles(text), numbers(text)
        if len(text) < 40:
            continue  # a short line ("Good.") repeating is not a copied passage
        found = fp.matches(sh, nums)
        if found:
            out.append(SharedPassage(key, found[0][0], round(found[0][1], 3)))
        else:
            fp.add(key, sh, nums)
    return out
