"""Shared fixtures. Real-corpus tests use ``realdata_dir`` and skip cleanly without $TOOLKIT_DATA."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _data_dir() -> Path | None:
    env = os.environ.get("TOOLKIT_DATA")
    return Path(env) if env and Path(env).is_dir() else None


#: The real corpora folder, or None on a fresh clone.
DATA_DIR = _data_dir()
SKIP_REASON = ("needs the real corpora: set TOOLKIT_DATA to a folder laid out like ../shared/corpora "
               "(see corpora/README.md)")
#: Mark for tests that read the real corpora: skipped cleanly without them.
needs_data = pytest.mark.skipif(DATA_DIR is None, reason=SKIP_REASON)
realdata = [needs_data, pytest.mark.realdata]


@pytest.fixture(scope="session")
def realdata_dir() -> Path:
    """The real corpora folder ($TOOLKIT_DATA); skips the test when absent (a fresh clone)."""
    if DATA_DIR is None:
        pytest.skip(SKIP_REASON)
    return DATA_DIR


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Keep tests from writing into corpora/cache: every test session gets its own cache folder."""
    if "TOOLKIT_CACHE" not in os.environ:
        monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path_factory.getbasetemp() / "toolkit-cache"))
