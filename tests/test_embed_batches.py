"""The build's embedding loop: batches straight into the output rows, each text embedded once."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from core import embedder
from ingest.build import LOCAL, _key, embed_into, local_encoder


class Counting:
    """An encoder with the real interface that records what it was asked to embed."""

    def __init__(self, batch: int) -> None:
        self.model = embedder.load(embedder.DEFAULT_MODEL)
        self.asked: list[list[str]] = []
        self.inner = local_encoder(self.model, batch)

    def __call__(self, texts: list[str]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        self.asked.append(list(texts))
        return self.inner(texts)


def test_each_text_is_embedded_once_and_known_vectors_are_copied():
    old = np.full((2, 384), 0.5, dtype=np.float32)
    known = {_key("kept from the last build"): (old, 1)}
    texts = [
        "Joint training for health and social care staff.",
        "kept from the last build",
        "The Care Certificate sets the standards.",
        "Joint training for health and social care staff.",
        "A third sentence about integrated care systems.",
    ]
    encode = Counting(batch=2)
    out = np.zeros((len(texts), 384), dtype=np.float32)
    embedded = embed_into(out, texts, encode, known)
    assert embedded == 3
    assert encode.asked == [[texts[0], texts[2], texts[4]]]
    assert np.array_equal(out[1], old[1]) and np.array_equal(out[3], out[0])
    bare = encode.model.encode([texts[0], texts[2], texts[4]])
    np.testing.assert_allclose(out[[0, 2, 4]], bare, atol=1e-6)
    # What it embedded it now knows: a second call embeds nothing.
    again = np.zeros((2, 384), dtype=np.float32)
    assert embed_into(again, [texts[4], texts[0]], encode, known) == 0
    assert np.array_equal(again, out[[4, 0]])


def test_the_local_encoder_works_in_batches_in_order():
    texts = [f"Sentence {i} on social care workforce pay." for i in range(5)]
    parts = list(local_encoder(embedder.load(embedder.DEFAULT_MODEL), batch=2)(texts))
    assert [list(p) for p, _ in parts] == [[0, 1], [2, 3], [4]]
    out = np.zeros((5, 384), dtype=np.float32)
    embed_into(out, texts, LOCAL.encoder(embedder.DEFAULT_MODEL), {})
    np.testing.assert_allclose(np.concatenate([v for _, v in parts]), out, atol=1e-6)
