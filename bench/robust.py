"""Prints how long ingest takes on hostile input that used to tie it up, and what a load's
checksum check costs: repeated lines, near-identical numbered lines, a zip-bomb .docx.

Figures are wall times in this process (the embedding model loaded once beforehand and not
counted); the output goes to bench/results/robust.json.

    python bench/robust.py [--lines 1000 2000 4000 8000] [--corpus corpus]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LINE = "The NHS must work with social care partners on joint plans."


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return round(time.perf_counter() - start, 3), out


def bomb(path: Path, megabytes: int) -> None:
    paragraph = b"<w:p><w:r><w:t>" + LINE.encode() + b"</w:t></w:r></w:p>"
    block = paragraph * (2**20 // len(paragraph))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as part:
            for _ in range(megabytes):
                part.write(block)


def dedup_stages(corpus: Path) -> int:
    """Reading, copy detection and passage dedup: the steps that were quadratic."""
    from core.embedder import DEFAULT_MODEL
    from ingest.build import block_key, blocks, plan
    from ingest.chunk import ChunkerSettings
    from ingest.dedup import shared_passages

    p = plan(corpus, DEFAULT_MODEL, ChunkerSettings())
    found = shared_passages(
        (block_key(d, a, b), d.text[a:b]) for d in p.documents for a, b in blocks(d)
    )
    return len(found)


def many_sections(n: int) -> int:
    """Chunking a document of `n` one-paragraph sections (a long debate's contributions): was
    quadratic in sections times paragraphs."""
    from core import embedder
    from core.types import Document, Section
    from ingest.build import chunk_document
    from ingest.chunk import ChunkerSettings

    text = "\n\n".join(f"Lord {i}: my Lords, point {i} on care." for i in range(n))
    spans, pos = [], 0
    for part in text.split("\n\n"):
        spans.append(Section(pos, pos + len(part)))
        pos += len(part) + 2
    doc = Document("d", "d.txt", text, "h", sections=tuple(spans))
    return len(chunk_document(doc, ChunkerSettings(), embedder.load()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}/ not found: pass --corpus with the seed corpus folder")
        return 2

    if str(ROOT) not in sys.path:  # run as a script: python bench/robust.py
        sys.path.insert(0, str(ROOT))
    from core import checksum, embedder, store
    from ingest.build import build
    from ingest.load import load_corpus

    embedder.load()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n in args.lines:
            for shape, make in (
                ("repeated lines", lambda i: LINE),
                ("numbered lines", lambda i: f"Line {i}: {LINE}"),
            ):
                corpus = work / f"{shape}-{n}"
                corpus.mkdir()
                text = "T\n" + "".join(make(i) + "\n" for i in range(n))
                (corpus / "rep.txt").write_text(text)
                seconds, dupes = timed(lambda c=corpus: dedup_stages(c))
                row = {
                    "input": f"{shape} x {n} ({len(text.encode()) // 1024} KB)",
                    "plan_and_passage_dedup_seconds": seconds,
                    "duplicate_passages": dupes,
                }
                line = f"{row['input']:>34}: plan + dedup {seconds:6.2f} s, {dupes} indexed once"
                if shape == "repeated lines":  # the others' build time is embedding, linear
                    seconds, report = timed(
                        lambda c=corpus: build(c, c.with_suffix(".index"), progress=False)
                    )
                    row["build_seconds"] = seconds
                    row["indexed_passages"] = report["counts"]["chunks"]
                    line += f"; whole build {seconds:.2f} s, {row['indexed_passages']} indexed"
                rows.append(row)
                print(line)
        seconds, n_chunks = timed(lambda: many_sections(20_000))
        rows.append(
            {
                "input": "one document of 20,000 sections",
                "chunk_seconds": seconds,
                "chunks": n_chunks,
            }
        )
        print(f"{rows[-1]['input']:>34}: chunked in {seconds:.2f} s ({n_chunks} passages)")
        corpus = work / "bomb"
        corpus.mkdir()
        bomb(corpus / "bomb.docx", 1024)
        size_kb = (corpus / "bomb.docx").stat().st_size // 1024
        seconds, (_, skipped) = timed(lambda: load_corpus(corpus))
        rows.append(
            {
                "input": f"zip-bomb .docx ({size_kb} KB, 1 GB unpacked)",
                "read_seconds": seconds,
                "skipped": [s.reason for s in skipped],
            }
        )
        print(f"{rows[-1]['input']:>34}: refused in {seconds:.3f} s: {skipped[0].reason}")

        index = work / "seed.index"
        build(args.corpus, index, progress=False)
        load = {}
        for mode, limit in (("sizes and hashes", checksum.HASH_LIMIT), ("sizes only", 0)):
            checksum.HASH_LIMIT = limit
            best = min(timed(lambda: store.load(index))[0] for _ in range(5))
            load[mode] = best
            print(f"{'load of the seed index, ' + mode:>34}: {best:.3f} s (best of 5)")
        rows.append({"input": "store.load of the seed index (best of 5)", "seconds": load})

    out = ROOT / "bench" / "results" / "robust.json"
    out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
