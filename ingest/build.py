"""The ingest pipeline: corpus folder in, index folder out, atomically and incrementally."""

from __future__ import annotations

import array
import contextlib
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import numpy as np

from core import checksum, lexical, store, swap, tokens
from core import embedder as embedding
from core.errors import IndexUnusableError, InputError
from core.types import SPOKEN_KINDS, Chunk, Document, Section, record_label
from ingest.abbrev import definitions, expanded
from ingest.chunk import (
    HEADING_WORDS,
    ChunkerSettings,
    Span,
    heading_runs,
    pack,
    passage_ids,
    under_headings,
)
from ingest.dedup import CopyFinder, SharedFinder
from ingest.load import RawFile, Skipped, corpus_files, read_or_skip, sidecar_path
from ingest.understand import Understood, understand_all

HERE = Path(__file__).parent
PIPELINE_FILES = sorted(HERE.glob("*.py")) + sorted((HERE.parent / "core").glob("*.py"))
# What a folded copy may fill in for the document it is folded into: what the text is (the same
# debate's title, kind, date, chamber). Not the publisher: that names where each copy was saved
# from ("Parallel Parliament (text of Lords Hansard)"), and the other file did not come from there.
MERGEABLE = ("title", "kind", "date", "chamber")
COMPARABLE = 0.9  # a copy at least this share of the other's length is not a partial copy
P = ParamSpec("P")
R = TypeVar("R")


# A build reads files one after another (Runner.map_files yields them in order) and chunks,
# embeds and writes documents DOCS_PER_BATCH at a time: memory holds a batch of texts, documents
# and vectors, and of the whole corpus only small things (fingerprints, ids, counts, the report).
DOCS_PER_BATCH = 256


@dataclass(frozen=True)
class Planned:
    """A file a build reads again to index its documents (see `kept_documents`)."""

    path: Path
    source: str
    content_hash: str


@dataclass(frozen=True)
class Plan:
    """What a build would index, worked out before any model is loaded: which files, which of
    their documents are copies folded into others, what metadata the copies filled in. It holds
    no document: they are read again, batch by batch, when indexed."""

    files: tuple[Planned, ...]  # in the order their documents are indexed
    reports: tuple[dict[str, Any], ...]  # what ingest did with each document, copies included
    skipped: tuple[Skipped, ...]
    merges: tuple[dict[str, Any], ...]
    inputs_sha256: str
    sidecar_problems: tuple[Skipped, ...] = ()  # source is the sidecar's file name
    inputs: dict[str, Any] = field(default_factory=dict)  # what inputs_sha256 is the hash of
    copies: frozenset[str] = frozenset()  # doc_ids folded into another document
    amended: Mapping[str, Understood] = field(default_factory=dict)  # filled in by a copy

    @property
    def documents(self) -> tuple[Document, ...]:
        """Every document the build indexes, read again (for tests and small corpora)."""
        return tuple(kept_documents(self))


def pipeline_sha256() -> str:
    digest = hashlib.sha256()
    for f in PIPELINE_FILES:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()


Read = tuple[RawFile, list[Understood]] | Skipped


def read_file(path: Path) -> Read:
    """One file read and understood (cleaned, structured), or why it was skipped: the work
    that is done file by file, here or on a cluster."""
    raw = read_or_skip(path)
    return raw if isinstance(raw, Skipped) else (raw, understand_all(raw))


T = TypeVar("T")


def batched(items: Iterable[T], n: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for x in items:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def read_batches(paths: Sequence[Path], runner: Runner) -> Iterator[tuple[Path, Read]]:
    """Each file read and understood, in order, as the runner yields them."""
    return zip(paths, runner.map_files(read_file, paths), strict=True)


def plan(corpus: Path, model: str, settings: ChunkerSettings, runner: Runner | None = None) -> Plan:
    """The first pass over the corpus: every file read and understood, one after another, and
    kept only as copy fingerprints, its documents' reports and where to read it again."""
    files: list[Planned] = []
    skipped: list[Skipped] = []
    problems: list[Skipped] = []
    reports: dict[str, dict[str, Any]] = {}
    where: dict[str, Path] = {}
    finder = CopyFinder()
    for path, done in read_batches(corpus_files(corpus), runner or LOCAL):
        if isinstance(done, Skipped):
            skipped.append(done)
            continue
        raw, found = done
        files.append(Planned(path, raw.source, raw.content_hash))
        problems += [Skipped(sidecar_path(Path(raw.source)).name, w) for w in raw.sidecar_problems]
        # Ids depend on each file alone (see load.doc_id_for), so adding a file renames nothing.
        # Copies are found between documents, several of which may come from one file.
        for u in found:
            where[u.document.doc_id] = path
            finder.add(u.document.doc_id, u.document.text)
            reports[u.document.doc_id] = document_report(u)
    amended: dict[str, Understood] = {}
    reread = functools.lru_cache(maxsize=4)(read_file)

    def understood(doc_id: str) -> Understood:
        if doc_id in amended:
            return amended[doc_id]
        done = reread(where[doc_id])
        assert not isinstance(done, Skipped)
        return next(u for u in done[1] if u.document.doc_id == doc_id)

    copies: set[str] = set()
    merges = []
    for copy_id, original_id, shared, total in finder.copies():
        copy, target = understood(copy_id), understood(original_id)
        if _named(copy.document) > _named(target.document) and len(copy.document.text) >= (
            COMPARABLE * len(target.document.text)
        ):
            # Of two copies of about the same length, keep the one that names its speakers:
            # folding it away would lose who spoke. A partial copy is still folded.
            copy, target = target, copy
        filled = {
            f: getattr(copy.document, f)
            for f in MERGEABLE
            if getattr(target.document, f) is None and getattr(copy.document, f)
        }
        if copy.tabled_by and not target.tabled_by:
            filled_names = [*sorted(filled), "tabled_by"]
        else:
            filled_names = sorted(filled)
        filled_in = target.amended(target.tabled_by or copy.tabled_by, **filled)
        amended[filled_in.document.doc_id] = filled_in
        reports[filled_in.document.doc_id] = document_report(filled_in)
        copies.add(copy.document.doc_id)
        merges.append(
            {
                "copy": copy.document.source,
                "into": target.document.source,
                "shared_passages": shared,
                "passages_in_copy": total,
                "fields_filled": filled_names,
                "why": f"{shared} of {total} passages of {copy.document.source} "
                f"stand, near-identical (MinHash, Jaccard >= 0.8), in {target.document.source}",
            }
        )
    fingerprint = inputs_of([(f.source, f.content_hash) for f in files], model, settings)
    return Plan(
        tuple(sorted(files, key=lambda f: f.source)),
        tuple(sorted(reports.values(), key=lambda r: (r["source"], _item(r["doc_id"])))),
        tuple(skipped),
        tuple(merges),
        inputs_sha256(fingerprint),
        tuple(problems),
        fingerprint,
        frozenset(copies),
        amended,
    )


def kept_documents(p: Plan, runner: Runner | None = None) -> Iterator[Document]:
    """The second pass: the documents `p` indexes, in order (by file, then item), its files
    read again one after another (reading is deterministic: the same documents)."""
    reads = read_batches([f.path for f in p.files], runner or LOCAL)
    for planned, (_, done) in zip(p.files, reads, strict=True):
        if isinstance(done, Skipped) or done[0].content_hash != planned.content_hash:
            raise InputError(f"{planned.source} changed while it was being indexed: build again")
        for u in sorted(done[1], key=lambda u: item_number(u.document)):
            if u.document.doc_id not in p.copies:
                yield p.amended.get(u.document.doc_id, u).document


def inputs_of(
    files: list[tuple[str, str]], model: str, settings: ChunkerSettings
) -> dict[str, Any]:
    """Everything an index is built from: the files (name, content hash), the model, the
    chunker, the pipeline's code. Two builds of equal inputs give the same index."""
    return {
        "documents": sorted([source, digest] for source, digest in files),
        "model": model,
        "weights": embedding.weights_sha256(model),
        "chunker": vars(settings),
        "pipeline": pipeline_sha256(),
        "format": store.FORMAT,
        "vector_index": store.forced_vector_index(),
    }


def inputs_sha256(inputs: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _named(doc: Document) -> int:
    return sum(1 for s in doc.sections if s.speaker)


def item_number(doc: Document) -> int:
    """A day file's documents in the order of the record ("<file>#<n>")."""
    return _item(doc.doc_id)


def _item(doc_id: str) -> int:
    _, _, n = doc_id.rpartition("#")
    return int(n) if n.isdigit() else 0


def up_to_date(index: Path, p: Plan) -> bool:
    """Built from these very inputs, and undamaged: "rebuild it" must never be a no-op."""
    try:
        manifest = store.read_manifest(index)
        checksum.verify(swap.resolve(index), manifest, index)
    except IndexUnusableError:
        return False
    return manifest.get("inputs_sha256") == p.inputs_sha256


# How a role reads in a passage's retrieval context ("Who answered for the Government?").
ROLE_WORDS = {
    "minister": "the Minister, answering for the Government",
    "question": "the member who asked the question",
    "member": "a member",
}


def spelled_date(date: str | None) -> str:
    """An ISO date as questions and references write it: "2026-02-09" -> "9 February 2026"."""
    if not date:
        return ""
    parts = [int(x) for x in date.split("-")]
    words = [str(parts[0])]
    if len(parts) > 1:
        words.insert(0, dt.date(2000, parts[1], 1).strftime("%B"))
    if len(parts) > 2:
        words.insert(0, str(parts[2]))
    return " ".join(words)


def context_for(doc: Document, section_no: int) -> str:
    """Retrieval-only words for a passage: its source and, for an answer, what was asked. A
    sitting is known by its chamber and day ("the February 2026 Lords question", "HL Deb 9
    February 2026"), so a spoken record's passages carry both; the record's lines above a
    contribution carry who spoke it and its first words."""
    section = doc.sections[section_no]
    head = doc.title or doc.source
    if doc.publisher and doc.kind not in SPOKEN_KINDS and doc.publisher not in head:
        # Who issued a policy or report is how questions name it ("NHS England's policy",
        # "according to HEE"), and its cover states it once, on the first page only.
        head = f"{head} ({doc.publisher})"
    if doc.kind in SPOKEN_KINDS:
        what = record_label(doc)
        who = _who(section)
        when = f", {spelled_date(doc.date)}" if doc.date else ""
        head = f"{head} ({doc.chamber + ' ' if doc.chamber else ''}{what}{when})."
        if who:
            head += f" {who}:"
        if section.context:
            head += f" replying to: {section.context}"
        elif (headed := _headed(doc, section_no)) is not None:
            # The record's lines over a contribution (a written question's "Asked on: 12 May
            # 2020", department and subject; a debate's heading and sitting date) are about it:
            # "When did X ask ...?" finds them by the member's name and what they asked.
            words = doc.text[headed.start : headed.end].split()[:HEADED_WORDS]
            head += f" Heading of {_who(headed) or 'the speech'}: {' '.join(words)}"
    return head


HEADED_WORDS = 40  # a tabled question is one sentence, of 20 to 40 words in the dev corpora


def _who(section: Section) -> str:
    """A contribution's speaker and role as the retrieval context names them."""
    return ", ".join(x for x in (section.speaker, ROLE_WORDS.get(section.role or "")) if x)


def _headed(doc: Document, section_no: int) -> Section | None:
    """The contribution a section of no one's words stands directly above, if any."""
    section = doc.sections[section_no]
    if section.number is not None or section_no + 1 >= len(doc.sections):
        return None
    following = doc.sections[section_no + 1]
    return following if following.number is not None else None


def block_key(doc: Document, a: int, b: int) -> str:
    return f"{doc.doc_id}@{a}-{b}"


def chunk_document(
    doc: Document, settings: ChunkerSettings, model: embedding.Embedder
) -> list[Chunk]:
    """Passages that, with their context, fit the model's own max_seq_length."""
    enc = tokens.encoding(settings.encoding)

    def n_tokens(s: str) -> int:
        return len(enc.encode(s, disallowed_special=()))

    limit = model.max_seq_length

    def fit(a: int, b: int, budget: int) -> list[tuple[Span, tuple[Span, ...]]]:
        # Only a passage with far more wordpieces than tiktoken tokens (a table rule, a URL) is
        # packed again, tighter: the rest of the section keeps the full budget.
        out: list[tuple[Span, tuple[Span, ...]]] = []
        for (pa, pb), sentences in pack(doc.text, a, b, n_tokens, budget):
            if budget >= 16 and model.token_count(doc.text[pa:pb]) > limit:
                out.extend(fit(pa, pb, budget // 2))
            else:
                out.append(((pa, pb), sentences))
        return out

    # A document's own headings part it: a passage stops at a heading, and one that goes on
    # under a heading it does not show carries the heading in its retrieval context.
    runs = [] if doc.kind in SPOKEN_KINDS else heading_runs(doc.text, blocks(doc))
    chunks: list[Chunk] = []
    for s_no, section in enumerate(doc.sections):
        source = context_for(doc, s_no)
        for start, end, run in under_headings(section.start, section.end, runs):
            for (a, b), sentences in fit(start, end, settings.max_tokens):
                context = source
                if run is not None and a != run[0]:
                    context = f"{source} Under: {_heading_words(doc, run)}."
                chunks.append(_chunk(doc, s_no, a, b, sentences, context, model))
    ids = passage_ids(doc.doc_id, [c.text for c in chunks])
    return [replace(c, chunk_id=i) for c, i in zip(chunks, ids, strict=True)]


def _heading_words(doc: Document, run: Span) -> str:
    words = doc.text[run[0] : run[1]].replace("\n\n", " / ").split()
    return " ".join(words[: 2 * HEADING_WORDS])


def _chunk(
    doc: Document,
    s_no: int,
    a: int,
    b: int,
    sentences: tuple[Span, ...],
    context: str,
    model: embedding.Embedder,
) -> Chunk:
    text = doc.text[a:b]
    return Chunk(
        chunk_id="",
        doc_id=doc.doc_id,
        start=a,
        end=b,
        text=text,
        section=s_no,
        sentences=sentences,
        context=_fit_context(context, text, model),
    )


def blocks(doc: Document) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of a cleaned document (they are joined by blank lines)."""
    out, pos = [], 0
    for part in doc.text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def _fit_context(context: str, text: str, model: embedding.Embedder) -> str:
    words = context.split()
    while words and model.token_count(" ".join(words) + "\n" + text) > model.max_seq_length:
        words = words[: max(0, len(words) - max(1, len(words) // 8))]
    return " ".join(words)


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


# Where a text's vector already is, by the text's hash: (array, row), or, for a text this build
# has embedded, (the name of the vector file it is written to, row). Rows, never copies.
Known = dict[bytes, tuple[np.ndarray | str, int]]
BATCH = 2048  # texts per call to the model, which sorts each call's texts by length


def previous_vectors(index: Path, model: str, weights: str) -> Known:
    """Where the existing index holds vectors of texts it embedded with this very model (its
    sentences as its manifest says they were embedded: see SENTENCE_FORM)."""
    try:
        old = store.reusable(index, model, weights)
        chunker = store.read_manifest(index).get("chunker", {})
    except IndexUnusableError:
        return {}
    known: Known = {}
    for i, chunk in enumerate(old.chunks):
        known[_key(chunk.embed_text)] = (old.chunk_vectors, i)
    form = chunker.get("sentences")
    if form == SENTENCE_FORM:
        texts = sentence_texts(old.chunks, old.documents)
    elif form is None:  # built before sentences had a form: embedded as they stand
        texts = (old.documents[c.doc_id].text[a:b] for c in old.chunks for a, b in c.sentences)
    else:  # embedded in a form this code does not know: its sentence vectors cannot be reused
        return known
    for row, text in enumerate(texts):
        known[_key(text)] = (old.sentence_vectors, row)
    return known


# How a sentence is embedded (the manifest says so, for the next build to reuse its vectors).
SENTENCE_FORM = "the sentence, a short form its document defines followed by the name"


def sentence_texts(chunks: Iterable[Chunk], documents: Mapping[str, Document]) -> Iterator[str]:
    """What the model embeds for each sentence of the chunks, in order: the sentence, with the
    abbreviations its document defines read beside their names (ingest/abbrev.py)."""
    doc_id, defined = None, {}
    for c in chunks:
        text = documents[c.doc_id].text
        if c.doc_id != doc_id:  # a document's chunks are consecutive
            doc_id, defined = c.doc_id, definitions(text)
        for a, b in c.sentences:
            yield expanded(text[a:b], defined)


# Texts in, (positions among those texts, their vectors) out, batch by batch.
Encode = Callable[[list[str]], Iterator[tuple[np.ndarray, np.ndarray]]]


def local_encoder(model: embedding.Embedder, batch: int = BATCH) -> Encode:
    def encode(texts: list[str]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for i in range(0, len(texts), batch):
            part = texts[i : i + batch]
            yield np.arange(i, i + len(part)), model.encode(part)

    return encode


def embed_into(
    out: np.ndarray,
    texts: Iterable[str],
    encode: Encode,
    known: Known,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Fill the rows of `out`, in order, with the vectors of `texts`: a text whose vector
    `known` holds is copied, any other embedded once (and `known` learns where it is). Vectors
    go straight into `out` as they come: none is held twice. Returns how many were embedded."""
    return embed_rows(out, texts, encode, known, on_batch)[0]


def embed_rows(
    out: np.ndarray,
    texts: Iterable[str],
    encode: Encode,
    known: Known,
    on_batch: Callable[[int], None] | None = None,
    part: str | None = None,
    base: int = 0,
) -> tuple[int, list[store.Repeat]]:
    """embed_into for rows `base`... of the vector file `part` that a build writes batch by
    batch (`out` holding this batch): `known` learns (part, row), and a text embedded in an
    earlier batch is left as a store.Repeat, copied once every batch is written."""
    todo: list[str] = []
    todo_rows = array.array("q")
    copies: dict[int | str, tuple[np.ndarray | str, array.array, array.array]] = {}
    for row, text in enumerate(texts):
        k = _key(text)
        if k in known:
            src, i = known[k]
            key = src if isinstance(src, str) else id(src)
            _, rows, at = copies.setdefault(key, (src, array.array("q"), array.array("q")))
            rows.append(row)
            at.append(i)
        else:
            known[k] = (out, row) if part is None else (part, base + row)
            todo.append(text)
            todo_rows.append(row)
    rows_of = np.frombuffer(todo_rows, dtype=np.int64) if todo_rows else np.zeros(0, np.int64)
    for positions, vecs in encode(todo):
        out[rows_of[positions]] = vecs
        if on_batch:
            on_batch(len(positions))
    later: list[store.Repeat] = []
    for src, rows, at in copies.values():  # repeats and reused vectors, once all are made
        to, fro = np.frombuffer(rows, dtype=np.int64), np.frombuffer(at, dtype=np.int64)
        if isinstance(src, str):  # in the files being written
            here = (fro >= base) if src == part else np.zeros(len(fro), dtype=bool)
            out[to[here]] = out[fro[here] - base]
            if not here.all():
                later.append(store.Repeat(str(part), src, to[~here] + base, fro[~here]))
            continue
        for j in range(0, len(to), BATCH):
            out[to[j : j + BATCH]] = src[fro[j : j + BATCH]]
    return len(todo), later


def scratch_array(folder: Path, name: str, rows: int, dim: int) -> np.ndarray:
    """A float32 array on disk (memory-mapped), so vectors need not all fit in memory."""
    if rows == 0:
        return np.zeros((0, dim), dtype=np.float32)
    return np.lib.format.open_memmap(
        folder / f"{name}.npy", mode="w+", dtype=np.float32, shape=(rows, dim)
    )


def embed_chunks(
    folder: Path,
    chunks: list[Chunk],
    documents: Iterable[Document],
    dim: int,
    encode: Encode,
    known: Known,
    tick: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """The vectors of the passages (with their context) and of their sentences, in scratch
    files in `folder`, and how many of each were embedded rather than copied from `known`
    (which is emptied after: the previous index's vectors are no longer needed)."""
    n_sentences = sum(len(c.sentences) for c in chunks)
    chunk_vectors = scratch_array(folder, "chunks", len(chunks), dim)
    sentence_vectors = scratch_array(folder, "sentences", n_sentences, dim)
    embedded = {
        "passages": embed_into(chunk_vectors, (c.embed_text for c in chunks), encode, known, tick),
        "sentences": embed_into(
            sentence_vectors,
            sentence_texts(chunks, {d.doc_id: d for d in documents}),
            encode,
            known,
            tick,
        ),
    }
    known.clear()
    return chunk_vectors, sentence_vectors, embedded


@dataclass(frozen=True)
class Runner:
    """Where the file-by-file work and the embedding run: in this process (LOCAL), or on a
    cluster (ingest/distributed.py). Both give the same results in the same order."""

    # fn over files, results yielded in the order of the files as they come (never all held)
    map_files: Callable[[Callable[[Path], Read], Sequence[Path]], Iterable[Read]]
    encoder: Callable[[str], Encode]  # a model's name -> how to embed with it


LOCAL = Runner(
    map_files=lambda fn, paths: (fn(p) for p in paths),
    encoder=lambda name: local_encoder(embedding.load(name)),
)


@contextlib.contextmanager
def _progress(show: bool) -> Iterator[Callable[[int], None]]:
    if not show:
        yield lambda n: None
        return
    from tqdm import tqdm

    with tqdm(desc="embedding", unit="text") as bar:
        yield bar.update


def _one_at_a_time(
    fn: Callable[Concatenate[Path, Path, P], R],
) -> Callable[Concatenate[Path, Path, P], R]:
    """Builds of one index run one at a time, so concurrent uploads cannot interleave; with
    `wait=False` a build that cannot have the lock says so at once (BuildBusyError)."""

    @functools.wraps(fn)
    def locked(corpus: Path, index: Path, *args: P.args, **kwargs: P.kwargs) -> R:
        with store.build_lock(index, wait=bool(kwargs.get("wait", True))):
            return fn(corpus, index, *args, **kwargs)

    return locked


@_one_at_a_time
def build(
    corpus: Path,
    index: Path,
    model_name: str = embedding.DEFAULT_MODEL,
    settings: ChunkerSettings | None = None,
    progress: bool = True,
    force: bool = False,
    on_stage: Callable[[str], None] | None = None,
    wait: bool = True,
    runner: Runner | None = None,
) -> dict[str, Any]:
    """Build `index` from `corpus`; returns the ingest report. A no-op when nothing changed;
    otherwise only texts the previous index has not embedded with this model are embedded.
    `wait=False`: raise BuildBusyError at once if another build of `index` is running.
    `runner`: where reading and embedding run (default: this process)."""
    runner = runner or LOCAL
    settings = settings or ChunkerSettings()
    say = on_stage or (lambda stage: None)
    recovered = swap.recover(index)  # we hold the lock: anything half-done is a crash's
    say("reading the corpus")
    p = plan(corpus, model_name, settings, runner)
    report = {**make_report(p), "recovered": recovered}
    if not force and up_to_date(index, p):
        return {**report, "status": "up to date", "embedded": 0}
    say("loading the embedding model")
    model = embedding.load(model_name)
    weights = embedding.weights_sha256(model_name)
    known = {} if force else previous_vectors(index, model_name, weights)
    tally = Tally()
    report["also_in"] = tally.also_in

    def write(folder: Path) -> dict[str, Any]:
        # Each batch of documents is chunked, embedded and written before the next is read:
        # its vectors go once, straight to the index's files.
        with _progress(progress) as tick:
            encode = runner.encoder(model_name)
            batches = indexed(p, settings, model, runner, encode, known, tally, tick)
            written = store.write_files(
                folder,
                lambda: make_manifest(p, settings, model, weights, tally),
                _staged(batches, say),
                model.dim,
            )
        known.clear()  # the previous index's vectors are no longer needed
        report.update(status="built", counts=written["counts"], embedded=tally.embedded)
        return written

    write_with_report(index, write, report)
    return report


def _staged(batches: Iterator[store.Batch], say: Callable[[str], None]) -> Iterator[store.Batch]:
    say("chunking")
    say("embedding")
    yield from batches
    say("writing the index")  # from here on nothing is cancelled (ingest/add.py)


@dataclass
class Tally:
    """What a build counts as its batches go by, for the manifest and the report: per source
    its doc_ids, content hash and passages (as the manifest lists them), and totals."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, int] = field(
        default_factory=lambda: {"documents": 0, "chunks": 0, "sentences": 0}
    )
    embedded: dict[str, int] = field(default_factory=lambda: {"passages": 0, "sentences": 0})
    also_in: list[dict[str, Any]] = field(default_factory=list)

    def add(self, docs: list[Document], chunks: list[Chunk], n_sentences: int) -> None:
        source_of = {d.doc_id: d.source for d in docs}
        for d in docs:
            entry = self.sources.setdefault(
                d.source, {"doc_ids": [], "sha256": d.content_hash, "chunks": 0}
            )
            entry["doc_ids"].append(d.doc_id)
        for c in chunks:
            self.sources[source_of[c.doc_id]]["chunks"] += 1
        self.counts["documents"] += len(docs)
        self.counts["chunks"] += len(chunks)
        self.counts["sentences"] += n_sentences


def indexed(
    p: Plan,
    settings: ChunkerSettings,
    model: embedding.Embedder,
    runner: Runner,
    encode: Encode,
    known: Known,
    tally: Tally,
    tick: Callable[[int], None],
) -> Iterator[store.Batch]:
    """The documents of `p`, DOCS_PER_BATCH at a time, chunked and embedded: what the index
    writer takes. `tally` counts them as they go."""
    bands: set[int] = set()  # kept with the index, to check uploads for copies (ingest/append.py)
    shared = SharedFinder(bands)
    for docs in batched(kept_documents(p, runner), DOCS_PER_BATCH):
        # A paragraph standing in two documents is indexed in both, so each keeps its speaker.
        for d in docs:
            for a, b in blocks(d):
                x = shared.add(block_key(d, a, b), d.text[a:b])
                if x is not None:
                    tally.also_in.append(
                        {"passage": x.passage, "also_in": x.also_in, "jaccard": x.jaccard}
                    )
        chunks = [c for d in docs for c in chunk_document(d, settings, model)]
        sentences = list(sentence_texts(chunks, {d.doc_id: d for d in docs}))
        chunk_vectors = np.zeros((len(chunks), model.dim), dtype=np.float32)
        sentence_vectors = np.zeros((len(sentences), model.dim), dtype=np.float32)
        n, repeats = embed_rows(
            chunk_vectors,
            (c.embed_text for c in chunks),
            encode,
            known,
            tick,
            store.VECTORS,
            tally.counts["chunks"],
        )
        m, more = embed_rows(
            sentence_vectors,
            sentences,
            encode,
            known,
            tick,
            store.SENTENCE_VECTORS,
            tally.counts["sentences"],
        )
        tally.embedded["passages"] += n
        tally.embedded["sentences"] += m
        tally.add(docs, chunks, len(sentences))
        yield store.Batch(
            docs, chunks, chunk_vectors, sentence_vectors, band_array(bands), (*repeats, *more)
        )
        bands.clear()


def band_array(bands: set[int]) -> np.ndarray:
    """Band keys as the index stores them (store.BANDS)."""
    return np.fromiter(bands, dtype=np.uint64, count=len(bands))


def write_with_report(
    index: Path,
    write: Callable[[Path], dict[str, Any]],
    report: dict[str, Any],
    known: dict[str, Any] | None = None,
) -> None:
    """The index `write` fills a folder with, published atomically with the build's report."""

    def fill(folder: Path) -> None:
        written = write(folder)
        report["vector_index"] = written["embedding"]["type"]
        (folder / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))

    store.write_atomic(index, fill, known)


def make_manifest(
    p: Plan,
    settings: ChunkerSettings,
    model: embedding.Embedder,
    weights: str,
    tally: Tally,
) -> dict[str, Any]:
    return {
        "format": store.FORMAT,
        "index_version": p.inputs_sha256[:12],
        "inputs_sha256": p.inputs_sha256,
        "inputs": p.inputs,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code_version": store.code_version(),
        "pipeline_sha256": pipeline_sha256(),
        "embedding": {
            "model": model.name,
            "weights_sha256": weights,
            "dim": model.dim,
            "max_seq_length": model.max_seq_length,
            "normalized": True,
        },
        "tokenizer": {"library": "tiktoken", "encoding": settings.encoding},
        "lexical": {**lexical.SETTINGS, "indexes": "passage with its retrieval context"},
        "chunker": {
            **vars(settings),
            "unit": "whole sentences (nupunkt), never across sections",
            "sentences": SENTENCE_FORM,
            "context": (
                "title; in papers the publisher; in debates chamber, speaker, role, and the "
                "question answered"
            ),
        },
        "documents": tally.sources,
        "counts": dict(tally.counts),
    }


def make_report(p: Plan) -> dict[str, Any]:
    return {
        "documents": list(p.reports),
        "merged": list(p.merges),
        "skipped": [{"source": s.source, "reason": s.reason} for s in p.skipped],
        "sidecar_problems": [{"source": s.source, "problem": s.reason} for s in p.sidecar_problems],
    }


def document_reports(understood: Iterable[Understood]) -> list[dict[str, Any]]:
    """What ingest did with each document: what it removed, the evidence of its metadata."""
    return [document_report(u) for u in understood]


def document_report(u: Understood) -> dict[str, Any]:
    return {
        "source": u.document.source,
        "doc_id": u.document.doc_id,
        "kind": u.document.kind,
        "title": u.document.title,
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in u.removed],
        "metadata_evidence": [{"field": f, "evidence": e} for f, e in u.evidence],
        "undetermined": [
            f for f in ("title", "kind", "publisher", "date") if getattr(u.document, f) is None
        ],
    }
