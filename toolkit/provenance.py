"""Where a figure comes from: datasets loaded (with sha256s), notebook version, git state, package versions.

Everything here goes into a figure's manifest (:func:`toolkit.plots.save_figure`) and none of it is a
wall-clock time, so a rerun with the same inputs writes the same bytes.

* :func:`record_dataset` is called by :func:`toolkit.datasets.load_dataset` and
  :func:`toolkit.datasets.load_demo` with the sha256 of every file the load read (the card's pinned
  checksums, which the registry has just verified; for the demo, the committed files' hashes).
  :func:`loaded_datasets` returns what this Python process (a notebook's kernel) has loaded so far.
* :func:`notebook_version` reads ``**Version N.**`` from a study notebook's first markdown cell.
* :func:`package_versions` and :func:`git_state` describe the software.
"""

from __future__ import annotations

import hashlib
import platform
import re
import subprocess
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

#: Libraries whose versions a manifest records (besides python and toolkit).
RECORDED_PACKAGES: tuple[str, ...] = ("numpy", "pandas", "scikit-learn", "gensim", "matplotlib", "seaborn")

#: ``**Version N.**`` as the first markdown cell of every study notebook states it.
VERSION_PATTERN = re.compile(r"\*\*Version (\d+)\.\*\*")

_LOADED: dict[str, dict[str, str]] = {}


def record_dataset(name: str, files: Mapping[str, str]) -> None:
    """Note that dataset ``name`` was loaded from ``files`` (relative path -> sha256) in this process."""
    _LOADED.setdefault(name, {}).update({str(k): str(v) for k, v in files.items()})


def loaded_datasets() -> dict[str, dict[str, str]]:
    """Datasets loaded in this process so far: ``{name: {file: sha256}}``, sorted by name and file."""
    return {name: dict(sorted(files.items())) for name, files in sorted(_LOADED.items())}


def clear_loaded() -> None:
    """Forget the datasets recorded so far (tests; a long-lived kernel starting a new analysis)."""
    _LOADED.clear()


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def notebook_source(notebook: str, folder: str | Path | None = None) -> Path:
    """The source file of study notebook ``notebook`` (the ``py:percent`` file, else the ``.ipynb``).

    Raises
    ------
    FileNotFoundError
        When neither ``<folder>/<notebook>.py`` nor ``.ipynb`` exists.
    """
    if folder is None:
        from .figures import notebooks_dir

        folder = notebooks_dir()
    folder = Path(folder)
    for suffix in (".py", ".ipynb"):
        path = folder / f"{notebook}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"study notebook {notebook!r} not found: expected {folder / notebook}.py or .ipynb. "
                            f"Pass the notebook's file stem (e.g. '01-corpus-overview') to the saver.")


def notebook_version(notebook: str, folder: str | Path | None = None) -> int:
    """The version a study notebook states in its first markdown cell (``**Version N.**``).

    A notebook bumps its version when a figure changes meaning; ``make verify`` reports manifests
    whose recorded version differs from the notebook's.

    Raises
    ------
    ValueError
        When the notebook states no version (says where to add it).
    """
    import jupytext

    path = notebook_source(notebook, folder)
    first = next((c.source for c in jupytext.read(path).cells if c.cell_type == "markdown"), "")
    found = VERSION_PATTERN.search(first)
    if found is None:
        raise ValueError(f"{path} states no version: expected '**Version N.**' (e.g. '**Version 1.**') in its first "
                         f"markdown cell, found none. Add it there; bump it whenever a figure changes meaning.")
    return int(found.group(1))


def installed_versions(names) -> dict[str, str]:
    """``{name: installed version}`` for each distribution in ``names`` (``"absent"`` when not installed)."""
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def package_versions() -> dict[str, str]:
    """Versions of python, toolkit and :data:`RECORDED_PACKAGES` (``"absent"`` when not installed)."""
    from . import __version__

    return {"python": platform.python_version(), "toolkit": str(__version__), **installed_versions(RECORDED_PACKAGES)}


#: Paths whose uncommitted changes make a run's code differ from its recorded commit.
CODE_PATHS: tuple[str, ...] = ("toolkit", "notebooks", "pyproject.toml")


def git_state(cwd: str | Path | None = None) -> dict[str, object]:
    """``{"commit": sha or "unknown", "dirty": bool or None}`` of the checkout holding this package.

    ``dirty`` is True when tracked files under :data:`CODE_PATHS` differ from the commit (the figures
    then come from code no commit holds); figures written during a run do not count.
    """
    here = Path(cwd) if cwd is not None else Path(__file__).resolve().parent

    def git(*args: str) -> subprocess.CompletedProcess | None:
        try:
            return subprocess.run(["git", *args], cwd=here, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return None

    head = git("rev-parse", "HEAD")
    commit = head.stdout.strip() if head is not None and head.returncode == 0 else ""
    if len(commit) != 40:
        return {"commit": "unknown", "dirty": None}
    top = git("rev-parse", "--show-toplevel")
    status = git("-C", top.stdout.strip(), "status", "--porcelain", "--untracked-files=no", "--", *CODE_PATHS) \
        if top is not None and top.returncode == 0 else None
    dirty = None if status is None or status.returncode != 0 else bool(status.stdout.strip())
    return {"commit": commit, "dirty": dirty}


__all__ = ["CODE_PATHS", "RECORDED_PACKAGES", "clear_loaded", "file_sha256", "git_state", "installed_versions", "loaded_datasets",
           "notebook_source", "notebook_version", "package_versions", "record_dataset"]
