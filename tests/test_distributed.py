"""`python -m ingest --ray ADDRESS` on a local two-node Ray cluster (a head and a worker, each
a process of its own on loopback) writes the same passages and vectors as a local build."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from core import store
from ingest.build import build

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RAY = Path(sys.executable).parent / "ray"


def ingest(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it; Ray is imported only there, never into the test process."""
    return subprocess.run(
        [sys.executable, "-m", "ingest", "--quiet", *args],
        cwd=CORPUS.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ours(marker: str) -> set[int]:
    """Processes whose command line names this cluster's own temporary folder, and all their
    descendants (Ray's agents rename themselves, so only their parentage gives them away)."""
    found: set[int] = set()
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.add(int(entry.name))
            stat = (entry / "stat").read_text()
            parent[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    grew = True
    while grew:
        children = {pid for pid, ppid in parent.items() if ppid in found} - found
        found |= children
        grew = bool(children)
    return found


def stop(marker: str) -> None:
    """End this cluster's processes by id (`ray stop` would end every Ray cluster here)."""
    pids = ours(marker)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and any(alive(p) for p in pids):
            time.sleep(0.2)
        pids = {p for p in pids if alive(p)}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its parent can reap it


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A head (1 CPU) and a worker node (1 CPU) on 127.0.0.1; stopped whatever happens."""
    temp = tempfile.mkdtemp(prefix="rayt", dir="/tmp")  # short: Ray's socket paths are limited
    port = free_port()
    address = f"127.0.0.1:{port}"
    head = ["--include-dashboard=false"]
    common = ["--node-ip-address=127.0.0.1", "--num-cpus=1", "--disable-usage-stats"]
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    try:
        subprocess.run(
            [str(RAY), "start", "--head", f"--port={port}", f"--temp-dir={temp}", *head, *common],
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
        subprocess.run(
            [str(RAY), "start", f"--address={address}", *common],
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
        yield address
    finally:
        stop(temp)
        shutil.rmtree(temp, ignore_errors=True)


def test_ray_build_matches_the_local_build(cluster: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in ("000", "002"):
        for f in CORPUS.glob(f"{n}_*"):
            shutil.copy(f, corpus / f.name)
    build(corpus, tmp_path / "local", progress=False)
    done = ingest("--corpus", str(corpus), "--index", str(tmp_path / "ray"), "--ray", cluster)
    assert done.returncode == 0, done.stderr[-2000:]

    local, distributed = store.load(tmp_path / "local"), store.load(tmp_path / "ray")
    assert [c.to_dict() for c in distributed.chunks] == [c.to_dict() for c in local.chunks]
    assert distributed.documents == local.documents
    assert len(local.chunks) > 3
    np.testing.assert_allclose(distributed.chunk_vectors(), local.chunk_vectors(), atol=1e-5)
    np.testing.assert_allclose(distributed.sentence_vectors, local.sentence_vectors, atol=1e-5)
    assert distributed.manifest["counts"] == local.manifest["counts"]


def test_an_address_with_no_cluster_is_one_line_on_stderr(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(CORPUS.glob("000_*.txt")), corpus / "a.txt")
    nobody = f"127.0.0.1:{free_port()}"
    done = ingest("--corpus", str(corpus), "--index", str(tmp_path / "i"), "--ray", nobody)
    assert done.returncode == 2
    assert (
        done.stderr.startswith("error: no Ray cluster answers at")
        and "Traceback" not in done.stderr
    )
    assert not (tmp_path / "i").exists()


def test_without_ray_installed_the_cli_says_what_to_install(tmp_path: Path) -> None:
    hide_ray = "import sys; sys.modules['ray'] = None; from ingest.__main__ import main; "
    args = ["--corpus", str(CORPUS), "--index", str(tmp_path / "i"), "--ray", "127.0.0.1:1"]
    done = subprocess.run(
        [sys.executable, "-c", hide_ray + "sys.exit(main(sys.argv[1:]))", *args],
        cwd=CORPUS.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: --ray needs Ray, which is not installed: pip install 'ray[data]==2.60.0' "
        "(on this machine and every node of the cluster)"
    )
