"""The index folder's format: what ingest writes and qa reads, described by manifest.json."""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core import checksum, lexical, swap, vectors
from core.errors import BuildBusyError, IndexUnusableError, IndexWriteError
from core.types import Chunk, Document

FORMAT = 2
VERSION = "0.1.0"
MANIFEST = "manifest.json"
DOCUMENTS = "documents.jsonl"
CHUNKS = "chunks.jsonl"
CHUNK_VECTORS = "chunks.faiss"
SENTENCE_VECTORS = "sentences.npy"
LEXICAL = "bm25"
REBUILD = "rebuild it with: python -m ingest --corpus corpus --index {index}"


def code_version() -> str:
    """The package version, plus the git commit when running from a checkout."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{VERSION}+{commit}" if commit else VERSION


@dataclass(frozen=True)
class IndexData:
    """Everything qa needs from an index folder, loaded once."""

    path: Path
    manifest: dict[str, Any]
    documents: dict[str, Document]
    chunks: tuple[Chunk, ...]
    chunk_index: Any
    sentence_vectors: np.ndarray
    lexical: Any

    @property
    def version(self) -> str:
        return str(self.manifest["index_version"])

    def chunk_vectors(self) -> np.ndarray:
        return vectors.reconstruct_all(self.chunk_index)


def read_manifest(index_dir: Path, folder: Path | None = None) -> dict[str, Any]:
    """The manifest of the index `index_dir` points at now (or of its version `folder`)."""
    path = (folder or swap.resolve(index_dir)) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexUnusableError(
            f"{index_dir}/ has no {MANIFEST}: " + REBUILD.format(index=index_dir)
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise IndexUnusableError(
            f"{path} is corrupt ({e.__class__.__name__}): " + REBUILD.format(index=index_dir)
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise IndexUnusableError(
            f"{index_dir}/ has index format {found!r}, this code reads format {FORMAT}: "
            + REBUILD.format(index=index_dir)
        )
    checksum.check_manifest(manifest, index_dir)
    return manifest


def check_model(manifest: dict[str, Any], model: str, weights: str, index_dir: Path) -> None:
    """Refuse an index whose vectors came from another model than the one in use."""
    built = manifest.get("embedding", {})
    if built.get("model") != model or built.get("weights_sha256") != weights:
        raise IndexUnusableError(
            f"{index_dir}/ was built with embedding model {built.get('model')!r} "
            f"(weights {str(built.get('weights_sha256'))[:12]}), but the model in use is {model!r} "
            f"(weights {weights[:12]}): " + REBUILD.format(index=index_dir)
        )


def load_records(index_dir: Path) -> tuple[dict[str, Any], list[Document], list[Chunk]]:
    """The manifest, documents and passages of an index, without its vectors (no model needed)."""
    manifest = read_manifest(index_dir)
    try:
        documents = [Document.from_dict(r) for r in _read_jsonl(index_dir / DOCUMENTS)]
        chunks = [Chunk.from_dict(r) for r in _read_jsonl(index_dir / CHUNKS)]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise IndexUnusableError(
            f"{index_dir}/ is incomplete or corrupt ({e.__class__.__name__}: {str(e)[:80]}): "
            + REBUILD.format(index=index_dir)
        ) from None
    return manifest, documents, chunks


def load(index_dir: Path, full_check: bool = False) -> IndexData:
    """The index `index_dir` points at, all read from one version folder after its files pass
    their checksums (hashes too when small or `full_check`)."""
    folder = swap.resolve(index_dir)
    try:
        return _load(index_dir, folder, full_check)
    except IndexUnusableError:
        if swap.resolve(index_dir) == folder:
            raise
        # Two builds finished while this one loaded and its version was pruned: load the new one.
        return _load(index_dir, swap.resolve(index_dir), full_check)


def _load(index_dir: Path, folder: Path, full_check: bool) -> IndexData:
    manifest = read_manifest(index_dir, folder)
    checksum.verify(folder, manifest, index_dir, full_check)
    try:
        documents = {
            d.doc_id: d for d in (Document.from_dict(r) for r in _read_jsonl(folder / DOCUMENTS))
        }
        chunks = tuple(Chunk.from_dict(r) for r in _read_jsonl(folder / CHUNKS))
        chunk_index = vectors.read(folder / CHUNK_VECTORS)
        sentence_vectors = np.load(folder / SENTENCE_VECTORS)
        bm25 = lexical.load(folder / LEXICAL)
    except Exception as e:  # whatever a damaged file makes a parser raise: one clear line
        raise IndexUnusableError(
            f"{index_dir}/ is incomplete or corrupt ({e.__class__.__name__}: {str(e)[:80]}): "
            + REBUILD.format(index=index_dir)
        ) from None
    dim = manifest["embedding"]["dim"]
    n_sentences = sum(len(c.sentences) for c in chunks)
    if (
        chunk_index.ntotal != len(chunks)
        or sentence_vectors.ndim != 2
        or len(sentence_vectors) != n_sentences
        or chunk_index.d != dim
        or (n_sentences and sentence_vectors.shape[1] != dim)
        or any(c.doc_id not in documents for c in chunks)
    ):
        raise IndexUnusableError(
            f"{index_dir}/ is inconsistent (vectors, passages and documents disagree): "
            + REBUILD.format(index=index_dir)
        )
    return IndexData(index_dir, manifest, documents, chunks, chunk_index, sentence_vectors, bm25)


@contextlib.contextmanager
def build_lock(index_dir: Path, wait: bool = True) -> Iterator[None]:
    """One build of an index at a time, across processes. A second waits for the first, or,
    with `wait=False`, raises BuildBusyError at once."""
    index_dir = swap.absolute(index_dir)  # not resolve(): that would follow the version link
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(index_dir.parent / f".{index_dir.name}.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BuildBusyError(
                f"another build of {index_dir.name}/ is running; "
                "try again when it has finished (its index stays usable meanwhile)"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_atomic(index_dir: Path, fill: Callable[[Path], None]) -> None:
    """Write a new index into a temporary folder beside `index_dir`, checksum every file it
    holds, then switch `index_dir` to it with one atomic rename (core/swap.py).

    Until the switch the previous index stays where it was, so an interrupted or failed build
    (a full disk included) leaves it loadable.
    """
    tmp = swap.new_folder(index_dir)
    try:
        fill(tmp)
        swap.checkpoint("filled")
        checksum.record(tmp)
        swap.checkpoint("checksummed")
        swap.publish(index_dir, tmp)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexWriteError(
            f"could not write the new index ({e.strerror or e.__class__.__name__}); "
            "the previous index is unchanged and still answers"
        ) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_files(
    folder: Path,
    manifest: dict[str, Any],
    documents: list[Document],
    chunks: list[Chunk],
    chunk_vectors: np.ndarray,
    sentence_vectors: np.ndarray,
) -> None:
    _write_jsonl(folder / DOCUMENTS, [d.to_dict() for d in documents])
    _write_jsonl(folder / CHUNKS, [c.to_dict() for c in chunks])
    vectors.write(vectors.build(chunk_vectors), folder / CHUNK_VECTORS)
    np.save(folder / SENTENCE_VECTORS, sentence_vectors.astype(np.float32))
    lexical.save(lexical.build([c.embed_text for c in chunks]), folder / LEXICAL)
    # The manifest goes last: a folder without one is never mistaken for a finished index.
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
