"""The labelled questions abstention is calibrated on, each with the index it is asked against.

Three sets, each built on a principle rather than picked by hand:
- SciFact train claims asked with their gold abstracts in the index (answerable) and with the
  gold hidden at query time (a near-domain twin the corpus cannot answer). The index holds the
  gold abstracts of the first N train claims plus as many seeded-random other abstracts.
- ../shared/realworld-dev/questions.jsonl over its corpus, built with the product's ingest.
- ../shared/eval/dev.jsonl (plus the repo's own labelled questions) over the seed corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import scifact  # noqa: E402
from qa.engine import Engine  # noqa: E402
from qa.query import Filters  # noqa: E402

CACHE = ROOT / "bench" / "cache"
SEED = 13


@dataclass(frozen=True)
class Labelled:
    """One question, whether the corpus (as masked) answers it, and where it came from."""

    q: str
    answerable: bool
    set: str
    hidden: frozenset[str] = frozenset()  # doc_ids hidden while asking (SciFact twins)
    record: dict | None = None


class HidingEngine(Engine):
    """The engine with some documents hidden from every search: removing a claim's gold
    abstracts without rebuilding the index."""

    hidden: frozenset[str] = frozenset()

    def allowed(self, filters: Filters) -> np.ndarray:
        mask = super().allowed(filters)
        if self.hidden:
            mask = mask & np.array([d not in self.hidden for d in self.doc_of])
        return mask


def hiding(engine: Engine, hidden: frozenset[str]) -> Engine:
    e = HidingEngine(engine.index, engine.model, engine.offsets)
    object.__setattr__(e, "hidden", hidden)
    return e


def scifact_set(
    data: Path, claims: int, cache: Path = CACHE / "calibrate-scifact"
) -> tuple[Path, list[Labelled]]:
    """Build (or reuse) the SciFact subset index; return it and the labelled claims."""
    from ingest.build import build

    sf = scifact.load(data)
    ids = sorted(sf.train, key=int)[:claims]
    gold = {d for q in ids for d in sf.train_qrels[q]}
    others = sorted(a.doc_id for a in sf.corpus if a.doc_id not in gold)
    distract = set(random.Random(SEED).sample(others, len(gold)))
    chosen = [a for a in sf.corpus if a.doc_id in gold or a.doc_id in distract]
    scifact.write_corpus(chosen, cache / "corpus")
    build(cache / "corpus", cache / "index", progress=True)
    out: list[Labelled] = []
    for q in ids:
        # ingest names a document by its file stem
        hidden = frozenset(sf.train_qrels[q])
        out.append(Labelled(sf.train[q], True, "scifact"))
        out.append(Labelled(sf.train[q], False, "scifact", hidden))
    return cache / "index", out


def jsonl_set(path: Path, name: str, indexed: set[str] | None = None) -> list[Labelled]:
    """The questions of a JSONL file. With `indexed` (the source files the index holds), a
    question whose gold document (`doc`, or a copy in `also_in`) is not indexed is labelled
    unanswerable: the index cannot answer it, exactly like a SciFact claim with its gold hidden.
    """
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    out = []
    for r in rows:
        answerable = r["kind"] != "unanswerable"
        if answerable and indexed is not None and r.get("doc"):
            answerable = bool({r["doc"], *r.get("also_in", ())} & indexed)
            if not answerable:
                r = {**r, "kind": "unanswerable", "why": "gold document not in the index"}
        out.append(Labelled(r["q"], answerable, name, record=r))
    return out


def indexed_sources(index: Path) -> set[str]:
    """The source file names an index holds."""
    docs = (index / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["source"] for line in docs if line.strip()}


def realworld_index(realworld: Path, cache: Path = CACHE / "realworld") -> Path:
    from ingest.build import build

    build(realworld / "corpus", cache / "index", progress=True)
    return cache / "index"


def seed_index(cache: Path = CACHE / "seed") -> Path:
    from ingest.build import build

    build(ROOT / "corpus", cache / "index", progress=False)
    return cache / "index"


def code_hash() -> str:
    """What a draft depends on besides the index and the question: the qa/ and core/ code."""
    h = hashlib.sha256()
    for path in sorted([*(ROOT / "qa").rglob("*.py"), *(ROOT / "core").rglob("*.py")]):
        h.update(path.relative_to(ROOT).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def cached(path: Path, key: Any, make: Callable[[], Any]) -> Any:
    """`make()`, kept in `path` and reused while `key` (with the qa/ and core/ code) is the
    same: a question's retrieval depends on the index, the question and that code."""
    digest = hashlib.sha256(json.dumps([key, code_hash()], default=str).encode()).hexdigest()
    if path.exists():
        try:
            kept = pickle.loads(path.read_bytes())
            if kept.get("key") == digest:
                return kept["value"]
        except Exception:  # an unreadable cache is made again
            pass
    value = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"key": digest, "value": value}))
    return value


def questions_of(folder: Path) -> Path:
    for name in ("questions.frozen.jsonl", "questions.jsonl"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"{folder}: no questions.frozen.jsonl or questions.jsonl")


def named_set(text: str) -> tuple[str, Path]:
    name, sep, folder = text.partition("=")
    if not sep or not name or not folder:
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=DIR")
    return name, Path(folder)


def add_sets(parser: argparse.ArgumentParser) -> None:
    """The `--set NAME=DIR` option: another labelled set, DIR holding corpus/ and questions."""
    parser.add_argument(
        "--set",
        type=named_set,
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="another labelled set: DIR holds corpus/ and questions(.frozen).jsonl",
    )


def missing(extra: list[tuple[str, Path]], names: list[str], paths: list[Path]) -> str | None:
    """Why the sets cannot be used (a name given twice, a file or folder not found), if so."""
    every = [*names, *(n for n, _ in extra)]
    if len(set(every)) != len(every):
        return f"set names must differ from each other and from {names}"
    for path in [*paths, *(d / "corpus" for _, d in extra)]:
        if not path.exists():
            return f"{path} not found: pass the shared data paths (../shared/...)"
    for _, folder in extra:
        try:
            questions_of(folder)
        except FileNotFoundError as e:
            return str(e)
    return None


if __name__ == "__main__":  # build the caches ahead of time
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    index, items = scifact_set(Path(sys.argv[1]), n)
    print(index, len(items))
