"""Ingest on a Ray cluster: the only module that imports ray.

Reading and cleaning (file by file) and embedding (batch by batch, one model per actor) run as
Ray Data `map_batches`; this process plans, chunks and writes the index exactly as a local build
does (ingest/build.py with a Runner), so the index has the same format, passages and vectors.
Every node needs the project's requirements installed and the corpus at the same path (shared
storage); the project's own code (core/, ingest/) is shipped to the workers by Ray.
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import core
import ingest
from core.errors import InputError, MissingDependencyError
from ingest.build import Encode, Read, Runner

try:
    import ray
    import ray.data
except ImportError as e:
    raise MissingDependencyError(
        "--ray needs Ray, which is not installed: pip install 'ray[data]==2.60.0' "
        "(on this machine and every node of the cluster)"
    ) from e

FILES_PER_TASK = 8
TEXTS_PER_BATCH = 256  # texts an embedding actor takes at a time


def _read_batch(batch: dict[str, np.ndarray], fn: Callable[[Path], Read]) -> dict[str, Any]:
    results = [pickle.dumps(fn(Path(str(p)))) for p in batch["path"]]
    return {"i": batch["i"], "result": np.array(results, dtype=object)}


def map_files(fn: Callable[[Path], Read], paths: Sequence[Path]) -> Iterator[Read]:
    """`fn` over every file, as Ray tasks; results yielded in the order of `paths` as they are
    streamed back (one that arrives early waits, pickled, for those before it)."""
    if not paths:
        return
    items = [{"i": i, "path": str(p.resolve())} for i, p in enumerate(paths)]
    ds = ray.data.from_items(items).map_batches(
        _read_batch,  # type: ignore[arg-type]  # fn arrives through fn_kwargs
        fn_kwargs={"fn": fn},
        batch_size=FILES_PER_TASK,
        batch_format="numpy",
    )
    waiting: dict[int, bytes] = {}
    following = 0
    for row in ds.iter_rows():
        waiting[int(row["i"])] = row["result"]
        while following in waiting:
            yield pickle.loads(waiting.pop(following))
            following += 1


class _Embed:
    """A Ray actor holding one loaded model."""

    def __init__(self, model_name: str) -> None:
        from core import embedder

        self.model = embedder.load(model_name)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self.model.encode([str(t) for t in batch["text"]])
        return {"i": batch["i"], "vector": vectors}


def encoder(model_name: str) -> Encode:
    """Embedding by a pool of actors, one per CPU of the cluster."""

    def encode(texts: list[str]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        if not texts:
            return
        actors = max(1, int(ray.cluster_resources().get("CPU", 1)))
        ds = ray.data.from_items([{"i": i, "text": t} for i, t in enumerate(texts)])
        done = ds.map_batches(
            _Embed,
            fn_constructor_args=(model_name,),
            batch_size=TEXTS_PER_BATCH,
            batch_format="numpy",
            concurrency=actors,
            num_cpus=1,
        )
        for batch in done.iter_batches(batch_size=None, batch_format="numpy"):
            yield np.asarray(batch["i"], dtype=np.int64), np.asarray(batch["vector"], np.float32)

    return encode


def _check_reachable(address: str) -> None:
    """Fail at once, not after Ray's minutes of retries, when nothing listens at HOST:PORT."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", or a ray:// client address: Ray itself says what is wrong
    try:
        socket.create_connection((host, int(port)), timeout=10).close()
    except OSError as e:
        raise InputError(
            f"no Ray cluster answers at {address!r} ({e.strerror or e.__class__.__name__}): "
            "start one with `ray start --head` and pass the address it prints (HOST:PORT)"
        ) from None


@contextlib.contextmanager
def connect(address: str, progress: bool = False) -> Iterator[Runner]:
    """A Runner on the Ray cluster at `address` ("HOST:PORT", or "auto" for the cluster this
    machine belongs to), connected for the length of the `with` block."""
    _check_reachable(address)
    try:
        ray.init(
            address=address,
            runtime_env={"py_modules": [core, ingest], "env_vars": {"HF_HUB_OFFLINE": "1"}},
            logging_level=logging.ERROR,
            log_to_driver=False,
        )
    except ConnectionError as e:
        raise InputError(
            f"no Ray cluster answers at {address!r} ({e}): start one with `ray start --head` "
            "and pass its address (HOST:PORT)"
        ) from None
    try:
        ray.data.DataContext.get_current().enable_progress_bars = progress
        yield Runner(map_files=map_files, encoder=encoder)
    finally:
        ray.shutdown()
