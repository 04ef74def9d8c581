"""Session fixtures: one real index built from corpus/ with the real model, loaded once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ingest.build import build

    index = tmp_path_factory.mktemp("built") / "index"
    build(CORPUS, index, progress=False)
    return index


@pytest.fixture(scope="session")
def engine(built_index: Path):
    from qa.engine import Engine

    return Engine.load(built_index)


@pytest.fixture(scope="session")
def own_questions() -> list[dict]:
    path = ROOT / "tests" / "questions.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def offtopic_questions() -> list[str]:
    path = ROOT / "tests" / "offtopic.txt"
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]
