"""Figures for stance evaluations: confusion matrices (counts printed, rows shaded by recall share).

Like every figure function here, :func:`confusion_matrix` draws the table it is given and has a
``*_data`` twin returning the exact table drawn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .style import SEQUENTIAL_CMAP, _empty, _new_ax, _styled


def confusion_matrix_data(confusion: pd.DataFrame, *, evaluation: str = "") -> pd.DataFrame:
    """Long table ``evaluation, gold, predicted, count, row_share`` of a confusion matrix (rows = gold)."""
    if confusion.shape[0] == 0:
        return pd.DataFrame(columns=["evaluation", "gold", "predicted", "count", "row_share"])
    counts = confusion.astype(int)
    share = counts.div(counts.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
    long = counts.stack().rename("count").to_frame().join(share.stack().rename("row_share"))
    long.index.names = ["gold", "predicted"]
    return long.reset_index().assign(evaluation=evaluation)[["evaluation", "gold", "predicted", "count", "row_share"]]


@_styled
def confusion_matrix(confusion: pd.DataFrame, ax: Axes | None = None, *, title: str = "Confusion matrix",
                     data: pd.DataFrame | None = None) -> Axes:
    """Heat map of a confusion matrix: cell shade = share of the gold row, cell text = count (reads in greyscale)."""
    data = confusion_matrix_data(confusion) if data is None else data
    ax = _new_ax(ax, figsize=(4.8, 4.2))
    if data.empty:
        return _empty(ax, "nothing to show", title)
    gold = list(dict.fromkeys(data["gold"]))
    pred = list(dict.fromkeys(data["predicted"]))
    share = data.pivot(index="gold", columns="predicted", values="row_share").loc[gold, pred].to_numpy(dtype=float)
    count = data.pivot(index="gold", columns="predicted", values="count").loc[gold, pred].to_numpy()
    ax.imshow(share, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=1, aspect="auto")
    for i in range(len(gold)):
        for j in range(len(pred)):
            ax.text(j, i, f"{int(count[i, j])}", ha="center", va="center", fontsize=9,
                    color="white" if share[i, j] > 0.55 else "black")
    ax.set_xticks(range(len(pred)), pred, rotation=30, ha="right")
    ax.set_yticks(range(len(gold)), gold)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.grid(False)
    ax.set_title(title)
    return ax
