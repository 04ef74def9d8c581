"""The numpy query encoder: sentence-transformers' vectors, and no torch on the query path."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import embedder, minilm
from core.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


def _real_texts(engine, own_questions, offtopic_questions) -> list[str]:
    """Questions, passages as embedded, their sentences, Hansard paragraphs and whole documents
    (longer than the model's 256 wordpieces, so truncation is compared too)."""
    texts = [q["q"] for q in own_questions] + list(offtopic_questions)
    texts += [c.embed_text for c in engine.index.chunks]
    docs = engine.index.documents
    texts += [docs[c.doc_id].text[a:b] for c in engine.index.chunks for a, b in c.sentences]
    for f in sorted((ROOT / "tests" / "parliament").glob("*.txt")):
        texts += [p.strip() for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    texts += [d.text for d in docs.values()]
    return texts


def test_numpy_vectors_match_sentence_transformers_on_real_text(
    engine, own_questions, offtopic_questions
):
    texts = _real_texts(engine, own_questions, offtopic_questions)
    assert len(texts) >= 200
    fast = minilm.load(embedder.model_path(embedder.DEFAULT_MODEL)).encode(texts)
    reference = embedder.load().encode(texts)
    assert fast.dtype == np.float32 and fast.shape == reference.shape
    cosine = (fast * reference).sum(axis=1)
    assert cosine.min() >= 0.9999
    assert np.abs(fast - reference).max() <= 1e-4
    # Batching pads to the longest text: a text alone gets the same vector.
    alone = minilm.load(embedder.model_path(embedder.DEFAULT_MODEL)).encode(texts[:1])
    assert np.abs(alone[0] - fast[0]).max() <= 1e-5


def test_the_engine_embeds_questions_without_torch(built_index: Path):
    """As the CLI runs: a fresh interpreter answers without importing torch or transformers."""
    code = (
        "import sys, json\n"
        "from qa.engine import Engine\n"
        f"engine = Engine.load({str(built_index)!r})\n"
        "answer = engine.ask('How should the NHS and social care train staff together?')\n"
        "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers')\n"
        "         if m in sys.modules]\n"
        "print(json.dumps({'heavy': heavy, 'citations': len(answer.citations), "
        "'encoder': type(engine.model).__name__}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"heavy": [], "citations": result["citations"], "encoder": "QueryEncoder"}
    assert result["citations"] > 0


def test_the_query_encoder_can_be_sentence_transformers_and_refuses_unknown_names(monkeypatch):
    embedder.load_query.cache_clear()
    monkeypatch.setenv(embedder.QUERY_ENCODER_ENV, "sentence-transformers")
    assert isinstance(embedder.load_query(), embedder.Embedder)
    embedder.load_query.cache_clear()
    monkeypatch.setenv(embedder.QUERY_ENCODER_ENV, "onnx")
    with pytest.raises(InputError, match="numpy, sentence-transformers"):
        embedder.load_query()
    embedder.load_query.cache_clear()
    monkeypatch.delenv(embedder.QUERY_ENCODER_ENV)
    assert isinstance(embedder.load_query(), embedder.QueryEncoder)


def test_a_model_it_does_not_reproduce_is_left_to_sentence_transformers(tmp_path: Path):
    """CLS pooling is not what minilm.py computes: it says so, and load_query falls back."""
    source = embedder.model_path(embedder.DEFAULT_MODEL)
    folder = tmp_path / "cls-model"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.safetensors", "README.md"))
    (folder / "model.safetensors").symlink_to(source / "model.safetensors")
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_cls_token=True, pooling_mode_mean_tokens=False)
    pooling.write_text(json.dumps(config))
    with pytest.raises(minilm.Unsupported, match="cls"):
        minilm.check(folder)
    assert isinstance(embedder.load_query(str(folder)), embedder.Embedder)


def test_the_cold_start_bench_refuses_a_missing_index(tmp_path: Path, capsys) -> None:
    from bench import coldstart

    assert coldstart.main(["--index", str(tmp_path / "none"), "--no-browser"]) == 2
    assert "no built index" in capsys.readouterr().err


def test_concurrent_questions_get_their_own_vectors_and_blas_threads_come_back():
    """The app embeds questions from several sessions' threads at once."""
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    model = minilm.load(embedder.model_path(embedder.DEFAULT_MODEL))
    questions = [f"What did the review say about workforce plan number {i}?" for i in range(16)]
    alone = model.encode(questions)
    before = blas_threads()
    with ThreadPoolExecutor(max_workers=4) as pool:
        rows = list(pool.map(lambda q: model.encode([q])[0], questions))
    assert np.abs(np.stack(rows) - alone).max() <= 1e-5
    assert blas_threads() == before
