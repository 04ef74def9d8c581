"""The index folder's format: what ingest writes and qa reads, described by manifest.json."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from core import arrays, checksum, lexical, swap, vectors
from core.columns import Columns, ColumnsWriter
from core.columns import read as read_columns
from core.errors import BuildBusyError, IndexUnusableError, IndexWriteError
from core.types import Chunk, Document

# 4: a document records the line stating its date (Document.dated). Format 3 is read as it
# stands (no document has that line), so an index need not be rebuilt to be used.
FORMAT = 4
READABLE_FORMATS = (3, FORMAT)
VERSION = "0.1.0"
MANIFEST = "manifest.json"
DOCUMENTS = "documents.jsonl"  # one document a line, read lazily through DOCUMENT_ROWS
DOCUMENT_ROWS = "documents.rows.npy"  # where each line starts
CHUNKS = "chunks.jsonl"
CHUNK_ROWS = "chunks.rows.npy"
COLUMNS = "columns.npz"  # filter columns and sentence offsets (core/columns.py)
VECTORS = "chunks.npy"  # float32, memory-mapped: exact scores
CHUNK_VECTORS = "chunks.faiss"  # exact or approximate (core/vectors.py), by size
SENTENCE_VECTORS = "sentences.npy"  # memory-mapped; only candidates' sentences are scored
# float16 would halve disk and page cache at no cost in quality (SciFact test nDCG@10 0.7337
# either way, bench/results/scifact-ann.json), but numpy converts float16 at about 1 ns an
# element: 44 ms a query for the 37k sentences of 10k passages. So float32.
SENTENCE_DTYPE = np.float32
LEXICAL = "bm25"
BANDS = "bands.npy"  # sorted 64-bit keys of the MinHash bands of its long paragraphs
# The big append-only parts, one file (or folder) per segment; segment 0 keeps the plain names.
SEGMENT_PARTS = (DOCUMENTS, DOCUMENT_ROWS, CHUNKS, CHUNK_ROWS, VECTORS, SENTENCE_VECTORS, LEXICAL)
REBUILD = "rebuild it with: python -m ingest --corpus corpus --index {index}"
CACHED = 1024  # decoded records kept per store
WORDS_AT_ONCE = 4096  # passages analyzed for BM25 at a time when a segment is written


def segment_name(name: str, segment: int) -> str:
    """A segment's file: "chunks.jsonl" for segment 0, "chunks.2.jsonl" for segment 2."""
    if segment == 0:
        return name
    head, dot, rest = name.partition(".")
    return f"{head}.{segment}{dot}{rest}"


def segments(manifest: dict[str, Any]) -> list[dict[str, int]]:
    """The segments a manifest lists, each with its documents, passages and sentences; an
    index written before segments existed is one segment."""
    listed = manifest.get("segments")
    if isinstance(listed, list) and listed:
        return listed
    counts = manifest.get("counts", {})
    return [{k: counts.get(k, 0) for k in ("documents", "chunks", "sentences")}]


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


class Passages(arrays.Rows[Chunk]):
    """The passages of an index, each decoded from its line on disk when first asked for (the
    last CACHED kept; a pass over all of them keeps none)."""

    def __init__(self, lines: Sequence[bytes]) -> None:
        self._lines = lines
        self._row = lru_cache(maxsize=CACHED)(self._decode)  # type: ignore[method-assign]

    def _decode(self, i: int) -> Chunk:
        return Chunk.from_dict(json.loads(self._lines[i]))

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[Chunk]:
        return (self._decode(i) for i in range(len(self)))


class Documents(Mapping[str, Document]):
    """The documents of an index by doc_id, each decoded from its line when first asked for."""

    def __init__(self, lines: Sequence[bytes], ids: np.ndarray) -> None:
        self._lines = lines
        self._ids = ids
        self._get = lru_cache(maxsize=CACHED)(self._decode)

    @cached_property
    def _rows(self) -> dict[str, int]:
        return {str(d): i for i, d in enumerate(self._ids)}

    def _decode(self, row: int) -> Document:
        return Document.from_dict(json.loads(self._lines[row]))

    def __getitem__(self, doc_id: str) -> Document:
        return self._get(self._rows[doc_id])

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._rows

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def rows(self) -> int:
        """Lines on disk (equal to len() in an undamaged index)."""
        return len(self._lines)

    def __iter__(self) -> Iterator[str]:
        return (str(d) for d in self._ids)

    def values(self) -> Iterator[Document]:  # type: ignore[override]
        return (self._decode(i) for i in range(len(self._ids)))


@dataclass(frozen=True)
class IndexData:
    """What qa needs from an index folder: small parts in memory, the rest memory-mapped."""

    path: Path
    manifest: dict[str, Any]
    documents: Mapping[str, Document]
    chunks: Sequence[Chunk]
    chunk_index: Any
    sentence_vectors: np.ndarray
    lexical: Any
    columns: Columns
    vectors: np.ndarray  # float32 per passage, memory-mapped

    @property
    def version(self) -> str:
        return str(self.manifest["index_version"])

    @property
    def exact(self) -> bool:
        return vectors.is_exact(self.chunk_index)

    def chunk_vectors(self) -> np.ndarray:
        return self.vectors


def forced_vector_index() -> str:
    """The vector index type the environment forces at build ("" when chosen by size)."""
    return vectors.kind_for(0) if os.environ.get(vectors.CHOICE) else ""


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
    if not isinstance(manifest, dict) or manifest.get("format") not in READABLE_FORMATS:
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
    data = load(index_dir)
    try:
        return data.manifest, list(data.documents.values()), list(data.chunks)
    except (ValueError, KeyError, TypeError) as e:
        raise _corrupt(index_dir, e) from None


def _corrupt(index_dir: Path, e: Exception) -> IndexUnusableError:
    return IndexUnusableError(
        f"{index_dir}/ is incomplete or corrupt ({e.__class__.__name__}: {str(e)[:80]}): "
        + REBUILD.format(index=index_dir)
    )


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
        columns = read_columns(folder / COLUMNS)
        parts = range(len(segments(manifest)))

        def each(name: str) -> list[Path]:
            return [folder / segment_name(name, k) for k in parts]

        def lines(name: str, rows: str) -> Sequence[bytes]:
            return arrays.chain_lines(
                [arrays.Lines(a, b) for a, b in zip(each(name), each(rows), strict=True)]
            )

        documents = Documents(lines(DOCUMENTS, DOCUMENT_ROWS), columns.values["document"])
        chunks = Passages(lines(CHUNKS, CHUNK_ROWS))
        chunk_index = vectors.read(folder / CHUNK_VECTORS)
        chunk_vectors = arrays.stack_rows([arrays.open_matrix(p) for p in each(VECTORS)])
        sentence_vectors = arrays.stack_rows(
            [arrays.open_matrix(p) for p in each(SENTENCE_VECTORS)]
        )
        bm25 = lexical.load(each(LEXICAL))
        # A damaged line shows at its first read: read the first and last of each now.
        for i in {0, len(chunks) - 1} if len(chunks) else ():
            chunks[i]
        ids = columns.values["document"]
        for i in {0, len(ids) - 1} if len(ids) else ():
            documents[str(ids[i])]
    except Exception as e:  # whatever a damaged file makes a parser raise: one clear line
        raise _corrupt(index_dir, e) from None
    dim = manifest["embedding"]["dim"]
    n, n_sentences = len(chunks), int(columns.sentence_offsets[-1])
    if (
        chunk_index.ntotal != n
        or len(columns) != n
        or chunk_vectors.shape != (n, dim)
        or sentence_vectors.ndim != 2
        or len(sentence_vectors) != n_sentences
        or chunk_index.d != dim
        or (n_sentences and sentence_vectors.shape[1] != dim)
        or documents.rows != len(columns.values["document"])
        or bm25.n_docs != n
    ):
        raise IndexUnusableError(
            f"{index_dir}/ is inconsistent (vectors, passages and documents disagree): "
            + REBUILD.format(index=index_dir)
        )
    return IndexData(
        index_dir,
        manifest,
        documents,
        chunks,
        chunk_index,
        sentence_vectors,
        bm25,
        columns,
        chunk_vectors,
    )


@dataclass(frozen=True)
class Reusable:
    """What a build may copy from the index it replaces: passages, documents, their vectors."""

    chunks: Iterable[Chunk]
    documents: Mapping[str, Document]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray


LEGACY_FORMAT = 2  # all JSON lines and an exact faiss index: read only for its vectors


def reusable(index_dir: Path, model: str, weights: str) -> Reusable:
    """The vectors `index_dir` holds from this very model, with the texts they belong to; an
    index of the previous format too, so that a new format does not mean embedding again."""
    folder = swap.resolve(index_dir)
    try:
        legacy = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        legacy = None
    if not isinstance(legacy, dict) or legacy.get("format") != LEGACY_FORMAT:
        manifest = read_manifest(index_dir)
        check_model(manifest, model, weights, index_dir)
        data = load(index_dir)
        return Reusable(data.chunks, data.documents, data.vectors, data.sentence_vectors)
    checksum.check_manifest(legacy, index_dir)
    checksum.verify(folder, legacy, index_dir)
    check_model(legacy, model, weights, index_dir)
    try:
        docs = (Document.from_dict(json.loads(x)) for x in _lines_of(folder / DOCUMENTS))
        documents = {d.doc_id: d for d in docs}
        chunks = [Chunk.from_dict(json.loads(x)) for x in _lines_of(folder / CHUNKS)]
        chunk_vectors = vectors.reconstruct_all(vectors.read(folder / CHUNK_VECTORS))
        sentence_vectors = np.load(folder / SENTENCE_VECTORS, allow_pickle=False)
    except Exception as e:  # a damaged old index: nothing to reuse
        raise _corrupt(index_dir, e) from None
    return Reusable(chunks, documents, chunk_vectors, sentence_vectors)


def _lines_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [line for line in f if line.strip()]


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


def write_atomic(
    index_dir: Path, fill: Callable[[Path], None], known: Mapping[str, Any] | None = None
) -> None:
    """Write a new index into a temporary folder beside `index_dir`, checksum every file it
    holds, then switch `index_dir` to it with one atomic rename (core/swap.py).

    Until the switch the previous index stays where it was, so an interrupted or failed build
    (a full disk included) leaves it loadable. `known`: checksums of files that `fill` links
    from a previous version, taken as they are.
    """
    tmp = swap.new_folder(index_dir)
    try:
        fill(tmp)
        swap.checkpoint("filled")
        checksum.record(tmp, known)
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


@dataclass(frozen=True)
class Repeat:
    """Rows of vector file `into` to fill, once every batch is written, with rows `of` of vector
    file `source` (VECTORS or SENTENCE_VECTORS): a text met twice in a build is embedded once."""

    into: str
    source: str
    rows: np.ndarray
    of: np.ndarray


@dataclass(frozen=True)
class Batch:
    """Some documents of a segment, their passages and those passages' vectors (rows in order),
    and the band keys of their long paragraphs (store.BANDS). Documents and passages may be
    iterators (read once) and the vectors memory-mapped."""

    documents: Iterable[Document]
    chunks: Iterable[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    bands: np.ndarray | None = None
    repeats: tuple[Repeat, ...] = ()


def write_files(
    folder: Path,
    manifest: Callable[[], dict[str, Any]],
    batches: Iterable[Batch],
    dim: int,
) -> dict[str, Any]:
    """Write an index of one segment into `folder` from `batches`, each written as it comes:
    records streamed to disk one at a time, vectors appended to their files, BM25 indexed from
    the passages' word ids. Memory holds one batch, never the corpus. `manifest` is asked for
    once every batch is written. Returns the manifest as written, with the vector index chosen
    for its size."""
    cols = ColumnsWriter()
    segment = _write_segment(folder, 0, cols, batches, dim)
    cols.save(folder / COLUMNS)
    index = vectors.build(arrays.open_matrix(folder / VECTORS), vectors.kind_for(segment["chunks"]))
    return _finish(folder, manifest(), index, [segment])


def append_files(
    folder: Path,
    previous: Path,
    manifest: dict[str, Any],
    documents: Iterable[Document],
    chunks: Iterable[Chunk],
    chunk_vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    bands: np.ndarray,
) -> dict[str, Any]:
    """Write into `folder` the index of version folder `previous` with one more segment: the
    previous segments' files hard-linked (they are never written again), the new segment's
    written, the whole-index parts (columns, vector index) extended. The vector index is the
    previous one with the new vectors added: an IVF-PQ index is not trained again."""
    before = segments(read_manifest(previous, previous))
    for rel in segment_files(previous, len(before)):
        link_or_copy(previous / rel, folder / rel)
    cols = ColumnsWriter()
    batch = Batch(documents, chunks, chunk_vectors, sentence_vectors, bands)
    segment = _write_segment(folder, len(before), cols, [batch], chunk_vectors.shape[1])
    cols.save(folder / COLUMNS, after=read_columns(previous / COLUMNS))
    index = vectors.read(previous / CHUNK_VECTORS)
    vectors.add(index, arrays.open_matrix(folder / segment_name(VECTORS, len(before))))
    return _finish(folder, manifest, index, [*before, segment])


def segment_files(folder: Path, n_segments: int) -> list[str]:
    """The files of the first `n_segments` segments of a version folder, as relative paths."""
    tops = {segment_name(p, k) for p in (*SEGMENT_PARTS, BANDS) for k in range(n_segments)}
    return [rel for rel in checksum.files_of(folder) if rel.split("/")[0] in tops]


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link (the file is immutable, so two versions can share it), a copy where the
    file system has none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write_segment(
    folder: Path, k: int, cols: ColumnsWriter, batches: Iterable[Batch], dim: int
) -> dict[str, int]:
    def name(part: str) -> Path:
        return folder / segment_name(part, k)

    words = lexical.Words()
    bands: list[np.ndarray] = []
    repeats: list[Repeat] = []
    n_docs = 0
    with (
        _lines(name(DOCUMENTS), name(DOCUMENT_ROWS)) as documents,
        _lines(name(CHUNKS), name(CHUNK_ROWS)) as chunks,
        _Matrix(name(VECTORS), dim, np.float32) as chunk_vectors,
        _Matrix(name(SENTENCE_VECTORS), dim, SENTENCE_DTYPE) as sentence_vectors,
    ):
        for batch in batches:
            for d in batch.documents:
                cols.add_document(d)
                documents.write(_line(d.to_dict()))
                n_docs += 1
            texts: list[str] = []
            for c in batch.chunks:
                cols.add_chunk(c)
                chunks.write(_line(c.to_dict()))
                texts.append(c.embed_text)
                if len(texts) >= WORDS_AT_ONCE:
                    words.add(texts)
                    texts = []
            words.add(texts)
            chunk_vectors.append(batch.chunk_vectors)
            sentence_vectors.append(batch.sentence_vectors)
            if batch.bands is not None:
                bands.append(np.asarray(batch.bands, dtype=np.uint64))
            repeats.extend(batch.repeats)
        n_chunks, n_sentences = chunk_vectors.rows, sentence_vectors.rows
    for r in repeats:
        _copy_rows(name(r.into), name(r.source), r.rows, r.of)
    lexical.save(lexical.build(words), name(LEXICAL))
    if bands:
        np.save(name(BANDS), np.unique(np.concatenate(bands)))
    return {"documents": n_docs, "chunks": n_chunks, "sentences": n_sentences}


class _Matrix:
    """A .npy file of rows of `dim` values, written a block at a time with plain writes (so the
    rows go to the page cache, not to this process's memory); its header says how many rows
    once it is closed."""

    def __init__(self, path: Path, dim: int, dtype: Any) -> None:
        self.path, self.dim, self.dtype, self.rows = path, dim, np.dtype(dtype), 0
        self._file = path.open("wb")
        self._header = self._write_header()

    def _write_header(self) -> int:
        self._file.seek(0)
        header = {"descr": self.dtype.str, "fortran_order": False, "shape": (self.rows, self.dim)}
        np.lib.format.write_array_header_1_0(self._file, header)
        return self._file.tell()

    def append(self, block: np.ndarray, batch: int = 65536) -> None:
        for i in range(0, len(block), batch):  # a memory-mapped block stays on disk
            self._file.write(np.ascontiguousarray(block[i : i + batch], dtype=self.dtype).data)
        self.rows += len(block)

    def __enter__(self) -> _Matrix:
        return self

    def __exit__(self, *failed: object) -> None:
        try:
            if failed[0] is None:
                end = self._file.seek(0, os.SEEK_END)
                if self._write_header() != self._header:  # numpy leaves room for any count
                    raise IndexWriteError(f"{self.path.name}: the .npy header grew")
                self._file.seek(end)
        finally:
            self._file.close()


def _copy_rows(into: Path, source: Path, rows: np.ndarray, of: np.ndarray) -> None:
    """Rows `of` of the .npy `source` copied to rows `rows` of the .npy `into`, in batches."""
    out = np.load(into, mmap_mode="r+")
    src = out if into == source else np.load(source, mmap_mode="r")
    for i in range(0, len(rows), 65536):
        out[rows[i : i + 65536]] = src[of[i : i + 65536]]
    out.flush()
    del out, src


def _finish(
    folder: Path, manifest: dict[str, Any], index: Any, parts: list[dict[str, int]]
) -> dict[str, Any]:
    vectors.write(index, folder / CHUNK_VECTORS)
    described = vectors.describe(index)
    del index
    manifest = {
        **manifest,
        "embedding": {
            **manifest["embedding"],
            **described,
            "sentence_dtype": np.dtype(SENTENCE_DTYPE).name,
        },
        "segments": parts,
    }
    # The manifest goes last: a folder without one is never mistaken for a finished index.
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


@contextlib.contextmanager
def _lines(path: Path, rows: Path) -> Iterator[arrays.LinesWriter]:
    out = arrays.LinesWriter(path, rows)
    try:
        yield out
    except BaseException:
        out.abandon()
        raise
    out.close()


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
