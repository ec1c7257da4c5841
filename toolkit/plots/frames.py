"""Figures for frames: share of articles carrying each frame, by group (outlet, lean).

Like every figure module, it draws tables it is given: ``frame_shares_data`` only averages a per-document
frame table (from :mod:`toolkit.framing.measures`) within groups; the analysis with intervals is
:func:`toolkit.compare.within_event_contrast`, drawn by :func:`toolkit.plots.contrast_intervals`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .style import _empty, _new_ax, _styled


def frame_shares_data(articles: pd.DataFrame, measures: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Tidy ``group, frame, share, n_articles``: mean of each frame column of ``measures`` per ``by`` group.

    Parameters
    ----------
    articles : DataFrame
        Article table with ``doc_id`` and ``by``.
    measures : DataFrame
        Wide per-document frame table: ``doc_id`` + one numeric column per frame.
    """
    for table, need, what in ((articles, ["doc_id", by], "articles"), (measures, ["doc_id"], "measures")):
        missing = [c for c in need if c not in table.columns]
        if missing:
            raise ValueError(f"{what} table lacks column(s) {missing}; found {list(table.columns)}")
    frames = [c for c in measures.columns if c != "doc_id"]
    joined = articles[["doc_id", by]].merge(measures, on="doc_id").dropna(subset=[by])
    long = joined.melt(id_vars=["doc_id", by], value_vars=frames, var_name="frame", value_name="value")
    out = long.groupby([by, "frame"], sort=False).agg(share=("value", "mean"), n_articles=("doc_id", "nunique"))
    out = out.reset_index().rename(columns={by: "group"})
    out["frame"] = pd.Categorical(out["frame"], categories=frames, ordered=True)
    return out.sort_values(["group", "frame"]).reset_index(drop=True).assign(frame=lambda d: d["frame"].astype(str))


@_styled
def frame_shares(articles: pd.DataFrame, measures: pd.DataFrame, ax: Axes | None = None, *, by: str = "outlet",
                 title: str = "Share of articles with each frame", data: pd.DataFrame | None = None) -> Axes:
    """Heat map group × frame with the share printed in each cell (reads in greyscale)."""
    data = frame_shares_data(articles, measures, by=by) if data is None else data
    if data.empty:
        return _empty(_new_ax(ax), "no frames to show", title)
    grid = data.pivot(index="group", columns="frame", values="share")
    grid = grid[list(dict.fromkeys(data["frame"]))]
    ax = _new_ax(ax, figsize=(max(6.0, 0.7 * grid.shape[1] + 3), max(2.5, 0.45 * grid.shape[0] + 1.5)))
    im = ax.imshow(grid.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for (i, j), v in np.ndenumerate(grid.to_numpy(dtype=float)):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8, color="white" if v > 0.6 else "black")
    ax.set_xticks(range(grid.shape[1]), [c.replace("_", " ") for c in grid.columns], rotation=40, ha="right",
                  fontsize=8)
    ax.set_yticks(range(grid.shape[0]), grid.index, fontsize=9)
    ax.grid(False)
    ax.figure.colorbar(im, ax=ax, fraction=0.03, label="share of articles")
    ax.set_title(title)
    return ax
