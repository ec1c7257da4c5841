"""Saving figures: PNG + the data table behind it + a manifest (parameters, hashes, git commit)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .style import (
    _SOURCE_GID,
    _SYNTHETIC_GID,
    DPI,
    SYNTHETIC_LABEL,
    house_style,
)

# -- saving ------------------------------------------------------------------------------------

def _table_for_csv(data: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(data.index, pd.RangeIndex) or data.index.name is not None:
        data = data.reset_index()
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set) else items
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Path):
        return str(value)
    return str(value)


def _below_everything(fig: Figure, gap_px: float = 6.0) -> float:
    """Figure y coordinate a few pixels below every axes and text already on ``fig``."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    others = [t for t in fig.texts if t.get_gid() not in (_SYNTHETIC_GID, _SOURCE_GID)]
    boxes = [b for b in (a.get_tightbbox(renderer) for a in fig.axes + others) if b is not None]
    bottom_px = min([b.y0 for b in boxes] + [0.0])
    return (bottom_px - gap_px) / (fig.dpi * fig.get_figheight())


def label_figure(fig: Figure, source_label: str, *, synthetic: bool = False) -> None:
    """Write the data source (bottom left) and, for synthetic data, a visible label (bottom right).

    The labels go below everything already drawn, so they never cover tick labels; saving with
    ``bbox_inches="tight"`` (as :func:`save_figure` does) keeps them in the image. Calling again
    replaces them.

    Parameters
    ----------
    fig : Figure
    source_label : str
        Dataset name, shown as ``data: <source_label>``.
    synthetic : bool, default False
        Also draw :data:`SYNTHETIC_LABEL`, boxed, at the bottom right.
    """
    for old in [t for t in fig.texts if t.get_gid() in (_SYNTHETIC_GID, _SOURCE_GID)]:
        old.remove()
    y = _below_everything(fig)
    fig.text(0.01, y, f"data: {source_label}", ha="left", va="top", fontsize=9, color="#555555", gid=_SOURCE_GID)
    if synthetic:
        fig.text(0.99, y, SYNTHETIC_LABEL, ha="right", va="top", fontsize=11, fontweight="bold", color="#B2182B",
                 gid=_SYNTHETIC_GID,
                 bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#B2182B", "linewidth": 1.0})


#: Salt for the ids matplotlib writes into SVG files (``svg.hashsalt``): fixed, so the SVG bytes are reproducible.
SVG_HASHSALT = "framing-toolkit"


def save_figure(
    fig: Figure,
    name: str,
    data: pd.DataFrame,
    *,
    out_dir: str | Path,
    params: Mapping[str, Any] | None,
    source_label: str,
    synthetic: bool = False,
    provenance: Mapping[str, Any] | None = None,
    data_label: str | None = None,
) -> dict[str, Any]:
    """Write ``<name>.png``, ``<name>.svg``, ``<name>.csv`` (the data table) and ``<name>.json`` (manifest).

    The images are deterministic: same data, code and library versions give the same bytes (no
    software or time stamps in the PNG metadata; the SVG has no date and fixed element ids). The
    manifest holds no wall-clock time, so it too only changes when the figure's inputs do; ``git
    log`` on the committed figure says when.

    Parameters
    ----------
    fig : Figure
        The figure to save (labels are added to it, see :func:`label_figure`).
    name : str
        File stem, e.g. ``"01-coverage"``.
    data : DataFrame
        The table the figure draws (a ``*_data`` function's result). A non-default index is
        written as columns.
    out_dir : str or Path
        Folder to write into (created when missing).
    params : mapping or None
        Parameters that produced the figure (recorded in the manifest; JSON-serialisable or
        converted with ``str``).
    source_label : str
        Dataset name, drawn on the image and recorded in the manifest.
    synthetic : bool, default False
        Data are synthetic: draws :data:`SYNTHETIC_LABEL` on the image.
    provenance : mapping, optional
        Further manifest fields (the study notebooks' saver passes ``notebook``: name, version,
        parameters; and ``seed``).
    data_label : str, optional
        What the image names as its data (``data: <data_label>``) when that is not ``source_label``, e.g. an
        evaluation corpus drawn in a notebook run on another dataset; recorded in the manifest too.

    Returns
    -------
    dict
        The manifest, also written to ``<name>.json``: ``name``, ``dataset``, ``synthetic``,
        ``parameters``, ``data`` (file, sha256, rows, columns), ``image`` (PNG: file, sha256, dpi),
        ``svg`` (file, sha256), ``datasets`` (every dataset loaded in this process so far, with the
        sha256 of each file read; see :mod:`toolkit.provenance`), ``git_commit`` (``"unknown"``
        outside git), ``git_dirty``, ``toolkit_version``, ``versions`` (python and the main
        libraries), plus the ``provenance`` fields.
    """
    from .. import __version__
    from ..provenance import git_state, loaded_datasets, package_versions

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = _table_for_csv(data)
    csv_bytes = table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    (out / f"{name}.csv").write_bytes(csv_bytes)

    with house_style(), mpl.rc_context({"svg.hashsalt": SVG_HASHSALT}):
        label_figure(fig, data_label or source_label, synthetic=synthetic)
        png = out / f"{name}.png"
        fig.savefig(png, dpi=DPI, format="png", metadata={"Software": None}, bbox_inches="tight",
                    pad_inches=0.15, facecolor="white")
        svg = out / f"{name}.svg"
        fig.savefig(svg, dpi=DPI, format="svg", metadata={"Date": None}, bbox_inches="tight",
                    pad_inches=0.15, facecolor="white")

    git = git_state(Path(__file__).resolve().parent)
    manifest = {
        "name": name,
        "dataset": source_label,
        **({"data_label": data_label} if data_label else {}),
        "synthetic": bool(synthetic),
        "parameters": _jsonable(dict(params or {})),
        "data": {
            "file": f"{name}.csv",
            "sha256": hashlib.sha256(csv_bytes).hexdigest(),
            "rows": int(len(table)),
            "columns": [str(c) for c in table.columns],
        },
        "image": {"file": png.name, "sha256": hashlib.sha256(png.read_bytes()).hexdigest(), "dpi": DPI},
        "svg": {"file": svg.name, "sha256": hashlib.sha256(svg.read_bytes()).hexdigest()},
        "datasets": loaded_datasets(),
        "git_commit": git["commit"],
        "git_dirty": git["dirty"],
        "toolkit_version": __version__,
        "versions": package_versions(),
        "created": {"by": "toolkit.plots.save_figure",
                    "note": "no wall-clock time recorded, so reruns with the same inputs are byte-identical"},
    }
    for key, value in (provenance or {}).items():
        manifest[str(key)] = _jsonable(value)
    (out / f"{name}.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest
