"""``make verify``: re-run the study notebooks and compare every figure's data table with the committed one.

:func:`compare_trees` compares two figures folders (``<root>/<dataset>/<notebook>/<name>.csv`` with
their ``.json`` manifests) and returns one :class:`Drift` per difference:

* ``value`` — a cell differs: exactly for integers, labels and other strings; floats within a
  relative tolerance of :data:`REL_TOL` (1e-9; with an absolute floor of :data:`ABS_TOL` for values
  that should be zero);
* ``shape`` / ``columns`` — the tables have different rows or columns;
* ``missing`` — a committed figure the re-run did not produce; ``extra`` — a figure it produced
  that is not committed;
* ``version`` — the notebook version recorded in the manifests differs (a notebook bumped its
  version: its figures changed meaning and must be re-published).

:func:`verify` re-runs the notebooks into a scratch folder (``build/verify/``) once per notebook
``dataset`` the committed manifests were made with, compares, prints every drift and returns the
list; ``python -m toolkit verify`` exits 1 on any drift.
"""

from __future__ import annotations

import csv
import math
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Relative tolerance for floating-point cells.
REL_TOL = 1e-9
#: Absolute tolerance for floating-point cells (values that are zero up to rounding noise).
ABS_TOL = 1e-12

_INT = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class Drift:
    """One difference between a committed figure and its re-run.

    Attributes
    ----------
    kind : str
        ``value``, ``shape``, ``columns``, ``missing``, ``extra`` or ``version``.
    file : str
        The figure's data table, relative to the figures folder (``basil/04-stance/actor-confusion.csv``).
    row : int or None
        Data row (0-based, header excluded) for ``value`` drifts.
    column : str or None
        Column name for ``value`` drifts.
    committed, new : str
        The committed and the re-run value (or a description).
    """

    kind: str
    file: str
    row: int | None = None
    column: str | None = None
    committed: str = ""
    new: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f" column {self.column!r}"
        return f"{self.kind}: {where}: committed {self.committed} vs new {self.new}"


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def cells_equal(committed: str, new: str, *, rel_tol: float = REL_TOL, abs_tol: float = ABS_TOL) -> bool:
    """Whether two CSV cells agree: exactly, unless both are numbers and at least one is not an integer.

    Integers (counts) and strings (labels, terms) must be identical; other numbers may differ by
    ``rel_tol`` relative (or ``abs_tol`` absolute) and NaN equals NaN.
    """
    if committed == new:
        return True
    if _INT.match(committed) and _INT.match(new):
        return False
    a, b = _float(committed), _float(new)
    if a is None or b is None:
        return False
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return (rows[0], rows[1:]) if rows else ([], [])


def compare_tables(committed: Path, new: Path, name: str, *, rel_tol: float = REL_TOL,
                   abs_tol: float = ABS_TOL) -> list[Drift]:
    """Drifts between two data tables (CSV files written by :func:`toolkit.plots.save_figure`).

    Cells are compared row by row in file order (the tables are written in a deterministic order);
    with different row counts the common rows are still compared and a ``shape`` drift is added.
    """
    head_a, rows_a = _read_csv(committed)
    head_b, rows_b = _read_csv(new)
    drifts: list[Drift] = []
    if head_a != head_b:
        drifts.append(Drift("columns", name, committed=",".join(head_a), new=",".join(head_b)))
    if len(rows_a) != len(rows_b):
        drifts.append(Drift("shape", name, committed=f"{len(rows_a)} rows", new=f"{len(rows_b)} rows"))
    shared = [c for c in head_a if c in head_b]
    ia, ib = {c: i for i, c in enumerate(head_a)}, {c: i for i, c in enumerate(head_b)}
    for r, (ra, rb) in enumerate(zip(rows_a, rows_b)):
        for col in shared:
            va = ra[ia[col]] if ia[col] < len(ra) else ""
            vb = rb[ib[col]] if ib[col] < len(rb) else ""
            if not cells_equal(va, vb, rel_tol=rel_tol, abs_tol=abs_tol):
                drifts.append(Drift("value", name, r, col, repr(va), repr(vb)))
    return drifts


def figure_tables(root: str | Path, run: str | None = None) -> dict[str, Path]:
    """The data tables in a figures folder, keyed by path relative to ``root``.

    Parameters
    ----------
    root : path
        Figures folder laid out ``<dataset>/<notebook>/<name>.csv`` (+ ``.json``).
    run : str, optional
        Only figures whose notebook was run with this ``dataset`` (as their manifest records it; see
        :func:`toolkit.figures.run_of`).
    """
    from .figures import _read_manifest, run_of

    root = Path(root)
    out: dict[str, Path] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.glob("*/*/*.csv")):
        if run is not None and run_of(_read_manifest(path.with_suffix(".json")), path.parent.parent.name) != run:
            continue
        out[path.relative_to(root).as_posix()] = path
    return out


def runs_in(root: str | Path) -> list[str]:
    """The notebook ``dataset`` values the figures in ``root`` were made with (sorted)."""
    from .figures import _read_manifest, run_of

    return sorted({run_of(_read_manifest(p.with_suffix(".json")), p.parent.parent.name)
                   for p in Path(root).glob("*/*/*.csv")})


def _version(manifest_path: Path) -> object:
    from .figures import _read_manifest

    nb = _read_manifest(manifest_path).get("notebook")
    return nb.get("version") if isinstance(nb, dict) else None


def compare_trees(committed: str | Path, new: str | Path, *, run: str | None = None, rel_tol: float = REL_TOL,
                  abs_tol: float = ABS_TOL) -> list[Drift]:
    """Every drift between a committed figures folder and a re-run's.

    Parameters
    ----------
    committed, new : path
        Figures folders (``<dataset>/<notebook>/<name>.csv|json``).
    run : str, optional
        Compare only the committed figures made with this notebook ``dataset`` (``new`` holds one run).
    rel_tol, abs_tol : float
        Tolerances for floating-point cells (see :func:`cells_equal`).

    Returns
    -------
    list of Drift
        In file order: ``missing`` and ``extra`` figures, ``version`` changes, then table drifts.
    """
    a, b = figure_tables(committed, run), figure_tables(new)
    drifts: list[Drift] = []
    for name in sorted(a.keys() | b.keys()):
        if name not in b:
            drifts.append(Drift("missing", name, committed="present", new="not produced"))
            continue
        if name not in a:
            drifts.append(Drift("extra", name, committed="not committed", new="produced"))
            continue
        va, vb = _version(a[name].with_suffix(".json")), _version(b[name].with_suffix(".json"))
        if va != vb:
            drifts.append(Drift("version", name.rsplit(".", 1)[0] + ".json", committed=f"notebook version {va}",
                                new=f"notebook version {vb}"))
        drifts += compare_tables(a[name], b[name], name, rel_tol=rel_tol, abs_tol=abs_tol)
    return drifts


def report(drifts: list[Drift], *, max_per_file: int = 20, stream=None) -> None:
    """Print each drift (at most ``max_per_file`` per file, then a count of the rest) and a summary line."""
    import sys

    stream = stream or sys.stdout
    shown: dict[str, int] = {}
    for d in drifts:
        shown[d.file] = shown.get(d.file, 0) + 1
        if shown[d.file] <= max_per_file:
            print(f"DRIFT {d}", file=stream)
    for file, n in shown.items():
        if n > max_per_file:
            print(f"DRIFT {file}: … and {n - max_per_file} more drifts", file=stream)
    files = len(shown)
    print(f"verify: {len(drifts)} drift(s) in {files} file(s)" if drifts else "verify: no drift", file=stream)


def verify(
    committed: str | Path = "figures",
    scratch: str | Path = "build/verify",
    *,
    datasets: Iterable[str] | None = None,
    notebooks: Iterable[str] | None = None,
) -> list[Drift]:
    """Re-run the study notebooks into ``scratch`` and compare with the committed figures.

    The notebooks run once per ``dataset`` the committed manifests record (:func:`runs_in`; when
    nothing is committed, :func:`toolkit.figures.default_runs`), each into ``<scratch>/<dataset>/``.
    Trained models come from the model cache (:mod:`toolkit.cache`) when their data and parameters
    are unchanged. When a real corpus is missing the notebooks fall back to the demo (saying so),
    and its committed figures are then reported missing.

    Parameters
    ----------
    committed : path, default "figures"
    scratch : path, default "build/verify"
        Emptied first.
    datasets : iterable of str, optional
        Runs to verify (default: all committed).
    notebooks : iterable of str, optional
        Only these notebooks (then only their committed figures are compared).

    Returns
    -------
    list of Drift
        Empty when every committed figure is reproduced.
    """
    from .figures import default_runs, find_notebooks, run_notebooks

    committed, scratch = Path(committed), Path(scratch)
    runs = list(datasets or runs_in(committed) or default_runs())
    if scratch.exists():
        shutil.rmtree(scratch)
    stems = {p.stem for p in find_notebooks(notebooks)} if notebooks else None
    drifts: list[Drift] = []
    for run in runs:
        print(f"verify: re-running the notebooks with dataset={run!r} into {scratch / run}")
        run_notebooks(scratch / run, run, notebooks, scratch / "notebooks" / run)
        found = compare_trees(committed, scratch / run, run=run)
        if stems is not None:
            found = [d for d in found if d.file.split("/")[1] in stems]
        drifts += found
    report(drifts)
    return drifts


__all__ = ["ABS_TOL", "REL_TOL", "Drift", "cells_equal", "compare_tables", "compare_trees", "figure_tables",
           "report", "runs_in", "verify"]
