"""Command line: python -m qa ask [--index DIR] [--k 5] [--json] (QUESTION | --batch FILE)
and python -m qa corpus [--index DIR] [--json]."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from core.embedder import DEFAULT_MODEL
from core.errors import HealthQAError, InputError
from core.types import KINDS
from qa.answer import render_text


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other bad input
        print(f"error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m qa", description="Ask the indexed corpus a question.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ask = sub.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question", nargs="?", help="the question (or use --batch)")
    ask.add_argument("--index", type=Path, default=Path("index"))
    ask.add_argument("--k", type=int, default=5, help="passages to draw the answer from (1-50)")
    ask.add_argument("--json", action="store_true", help="print the answer contract as JSON")
    ask.add_argument("--batch", type=Path, help="a file with one question per line")
    ask.add_argument("--format", choices=("md", "docx"), help="write a briefing note to --out")
    ask.add_argument("--out", type=Path, help="where --format writes the briefing")
    ask.add_argument("--model", default=DEFAULT_MODEL, help=argparse.SUPPRESS)
    ask.add_argument(
        "--verify",
        action="store_true",
        help="hash every index file before answering, however large the index",
    )
    where = ask.add_argument_group("filters (applied inside the search)")
    where.add_argument("--kind", help=", ".join(KINDS))
    where.add_argument("--doc", help="a document id or source file name")
    where.add_argument("--since", help="dated on or after YYYY[-MM[-DD]]")
    where.add_argument("--until", help="dated on or before YYYY[-MM[-DD]]")
    where.add_argument("--role", help="debate speakers: minister, question or member")
    where.add_argument(
        "--speaker", help='a speaker as the source names them, e.g. "Baroness Pitkeathley"'
    )
    corpus = sub.add_parser("corpus", help="list the indexed documents and their contributions")
    corpus.add_argument("--index", type=Path, default=Path("index"))
    corpus.add_argument("--json", action="store_true", help="one JSON object per document")
    return p


def corpus(args: argparse.Namespace) -> int:
    """Every indexed document's metadata, passage count and contributions; reads no model."""
    from core import store
    from qa.catalog import records, table

    _, documents, chunks = store.load_records(args.index)
    rows = records(documents, chunks)
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        print(table(rows))
    return 0


def _questions(args: argparse.Namespace) -> list[str]:
    if args.batch and args.question:
        raise InputError("give either a question or --batch FILE, not both")
    if args.batch:
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(
                f"cannot read --batch file {args.batch}: {e.__class__.__name__}"
            ) from None
        questions = [line for line in lines if line.strip()]
        if not questions:
            raise InputError(f"--batch file {args.batch} has no questions (one per line)")
        return questions
    if args.question is None:
        raise InputError('no question given: python -m qa ask "QUESTION"')
    return [args.question]


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "corpus":
        try:
            return corpus(args)
        except HealthQAError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    try:
        from qa.engine import Engine, validate
        from qa.query import Filters

        questions = _questions(args)
        for q in questions:
            validate(q)  # every question checked before the model loads
        if not 1 <= args.k <= 50:
            raise InputError(f"--k must be between 1 and 50, not {args.k}")
        filters = Filters(
            args.kind, args.doc, args.since, args.until, args.role, speaker=args.speaker
        )
        if bool(args.format) != bool(args.out):
            raise InputError("--format and --out go together: --format md|docx --out FILE")
        if args.format and len(questions) > 1:
            raise InputError("--format writes one briefing: ask one question, not --batch")
        engine = Engine.load(args.index, args.model, verify=args.verify)
        for q in questions:
            answer = engine.ask(q, k=args.k, filters=filters)
            if args.format:
                from qa.export import write

                write(answer, args.format, args.out)
                print(f"wrote {args.out} ({len(answer.citations)} references)", file=sys.stderr)
            if args.json:
                print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
            else:
                print(render_text(answer) + ("\n" if len(questions) > 1 else ""), flush=True)
    except HealthQAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # writing --out (a full disk, a missing folder): one line
        print(f"error: {e.strerror or e.__class__.__name__}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
