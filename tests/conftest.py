"""Shared fixtures. Real-corpus tests use ``realdata_dir`` and skip cleanly without $TOOLKIT_DATA."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
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


NOTEBOOKS = REPO / "notebooks"


def run_notebook(name: str, tmp_path: Path, **parameters) -> Path:
    """Execute study notebook ``name`` headless (papermill, kernel ``python3``) with ``output_dir`` in ``tmp_path``.

    Returns the figures folder the notebook wrote under (``tmp_path / "figures"``).
    """
    pm = pytest.importorskip("papermill")
    out = tmp_path / "figures"
    pm.execute_notebook(
        str(NOTEBOOKS / f"{name}.ipynb"), str(tmp_path / "executed.ipynb"),
        parameters={"output_dir": str(out), **parameters}, kernel_name="python3",
        cwd=str(NOTEBOOKS), progress_bar=False,
    )
    return out


@contextlib.contextmanager
def serve_directory(folder: Path):
    """Serve ``folder`` over HTTP on a free loopback port; yields the base URL. Stands in for the upstream host."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def upstream_server(tmp_path):
    """``(www, base_url)``: a local HTTP server serving ``tmp_path/www`` (no network in tests)."""
    www = tmp_path / "www"
    www.mkdir()
    with serve_directory(www) as base:
        yield www, base
