"""Where the page finds its index and corpus: `-- --index DIR --corpus DIR`, else env."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from core.errors import InputError


def arguments(argv: list[str]) -> tuple[Path, Path]:
    """`--index DIR` and `--corpus DIR` after `--`; else $HEALTHQA_INDEX and $HEALTHQA_CORPUS;
    else index/ and corpus/."""
    p = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    p.add_argument("--index", default=os.environ.get("HEALTHQA_INDEX", "index"))
    p.add_argument("--corpus", default=os.environ.get("HEALTHQA_CORPUS", "corpus"))
    try:
        args, _ = p.parse_known_args(argv)
    except argparse.ArgumentError as e:
        raise InputError(f"{e}: use streamlit run app.py -- --index DIR --corpus DIR") from None
    return Path(args.index), Path(args.corpus)
