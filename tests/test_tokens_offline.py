"""tiktoken loads offline from the bundled file, with its own hash check intact."""

from __future__ import annotations

import pytest


def test_tiktoken_loads_with_no_network(tmp_path, monkeypatch):
    import requests
    import tiktoken.registry

    def no_network(*args, **kwargs):
        raise AssertionError("tiktoken tried the network")

    monkeypatch.setattr(requests, "get", no_network)
    monkeypatch.setattr(requests.Session, "request", no_network)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    from core import tokens

    tokens.encoding.cache_clear()
    enc = tokens.encoding("cl100k_base")
    assert enc.decode(enc.encode("Integrated care systems")) == "Integrated care systems"
    assert len(list(tmp_path.iterdir())) == 1


def test_corrupt_cache_file_is_replaced(tmp_path, monkeypatch):
    from core import tokens

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    target = tokens.install_offline("cl100k_base")
    target.write_bytes(b"garbage")
    assert tokens.install_offline("cl100k_base") == target
    assert target.stat().st_size > 1_000_000


def test_unknown_encoding_is_refused():
    from core import tokens

    with pytest.raises(ValueError, match="valid: cl100k_base, o200k_base"):
        tokens.install_offline("p50k_base")
