"""Shared fixtures. Real-corpus tests use ``realdata_dir`` and skip cleanly without $TOOLKIT_DATA."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _data_dir() -> Path | None:
    env = os.environ.get("TOOLKIT_DATA")
    return Path(env) if env and Path(env).is_dir() else None


@pytest.fixture(scope="session")
def realdata_dir() -> Path:
    """The real corpora folder ($TOOLKIT_DATA); skips the test when absent (a fresh clone)."""
    d = _data_dir()
    if d is None:
        pytest.skip("needs the real corpora: set TOOLKIT_DATA to a folder laid out like ../shared/corpora "
                    "(see corpora/README.md)")
    return d


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Keep tests from writing into corpora/cache: every test session gets its own cache folder."""
    if "TOOLKIT_CACHE" not in os.environ:
        monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path_factory.getbasetemp() / "toolkit-cache"))
