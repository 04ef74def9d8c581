"""Command line: python -m ingest [--corpus corpus] [--index index] [--force] [--ray ADDRESS]."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from core.embedder import DEFAULT_MODEL
from core.errors import HealthQAError

SHOWN = 20  # repeated findings listed on the terminal; report.json has them all


def summary(report: dict, had_index: bool = True) -> str:
    """What a build did, document by document. `had_index`: whether there was an index before,
    whose vectors could be reused."""
    lines = []
    for d in report["documents"]:
        name = d["doc_id"] if "#" in d.get("doc_id", "") else d["source"]  # a day file's item
        lines.append(f"{name}: {d['kind']}, {d['title']!r}")
        for r in d["removed"]:
            lines.append(f"  removed line {r['line']} ({r['reason']}): {r['text'][:70]}")
        if d["undetermined"]:
            lines.append(f"  could not determine: {', '.join(d['undetermined'])}")
    for m in report["merged"]:
        lines.append(f"merged {m['copy']} into {m['into']}: {m['why']}")
    shared = report.get("also_in", [])
    for d in shared[:SHOWN]:
        lines.append(f"passage {d['passage']} also in {d['also_in']} (near-identical; both kept)")
    if len(shared) > SHOWN:
        lines.append(f"... and {len(shared) - SHOWN} more (index/report.json)")
    for s in report["skipped"]:
        lines.append(f"skipped {s['source']}: {s['reason']}")
    for r in report.get("recovered", []):
        lines.append(f"recovered: {r}")
    for s in report.get("sidecar_problems", []):
        lines.append(f"sidecar {s['source']}: {s['problem']}")
    embedded = report.get("embedded")
    if isinstance(embedded, dict):
        line = f"embedded {embedded['passages']} passages and {embedded['sentences']} sentences"
        counts = report.get("counts") or {}
        reused = counts.get("chunks", 0) - embedded["passages"]
        if had_index and reused > 0:
            line += f"; {reused} unchanged passages were reused from the previous index"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest", description="Build the search index from the corpus."
    )
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        help="packaged model name or a sentence-transformers folder",
    )
    parser.add_argument(
        "--force", action="store_true", help="rebuild even when the index is up to date"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bar or per-document report"
    )
    parser.add_argument(
        "--wait",
        action="store_true",
        help="if another build of this index is running, wait for it instead of stopping",
    )
    parser.add_argument(
        "--ray",
        metavar="ADDRESS",
        help="read, clean and embed on the Ray cluster at ADDRESS (HOST:PORT, or auto); "
        "needs: pip install 'ray[data]==2.60.0'",
    )
    args = parser.parse_args(argv)
    had_index = (args.index / "manifest.json").exists()
    try:
        from ingest.build import build

        with contextlib.ExitStack() as stack:
            runner = None
            if args.ray:
                from ingest.distributed import connect

                runner = stack.enter_context(connect(args.ray, progress=not args.quiet))
            report = build(
                args.corpus,
                args.index,
                args.model,
                progress=not args.quiet,
                force=args.force,
                wait=args.wait,
                runner=runner,
            )
    except HealthQAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # e.g. no space even for the lock file: one line, index untouched
        print(f"error: {e.strerror or e.__class__.__name__}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the previous index, if any, is unchanged", file=sys.stderr)
        return 130
    if not args.quiet and report["status"] != "up to date":  # a no-op says so in one line
        print(summary(report, had_index))
    counts = report.get("counts")
    status = report["status"]
    print(
        f"{args.index}/: {status}"
        + (f" ({counts['documents']} documents, {counts['chunks']} passages)" if counts else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
