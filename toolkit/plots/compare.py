"""Figures for outlet comparisons and event alignment: intervals, word choice, alignment scores.

Each figure function draws a table it is given (it computes no analysis) and has a ``*_data`` twin
returning the exact table drawn, for the figure's CSV.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .style import MARKERS, PALETTE, _empty, _new_ax, _styled, _wrap

_CONTRAST_COLUMNS = ("group", "measure", "estimate", "ci_low", "ci_high")


def contrast_intervals_data(table: pd.DataFrame, *, measures: list[str] | None = None) -> pd.DataFrame:
    """The rows of a :mod:`toolkit.compare` contrast table drawn by :func:`contrast_intervals`.

    Parameters
    ----------
    table : DataFrame
        Tidy contrast table (``group, measure, estimate, ci_low, ci_high`` and optionally
        ``n_articles, n_events``).
    measures : list of str, optional
        Measures to keep, in this order (default: all, in order of appearance).
    """
    missing = [c for c in _CONTRAST_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"contrast table lacks column(s) {missing}; expected the tidy shape of toolkit.compare "
                         f"({', '.join(_CONTRAST_COLUMNS)}); found {list(table.columns)}.")
    keep = [c for c in (*_CONTRAST_COLUMNS, "n_articles", "n_events") if c in table.columns]
    data = table[keep].copy()
    order = measures if measures is not None else list(dict.fromkeys(data["measure"].astype(str)))
    data = data[data["measure"].astype(str).isin(order)]
    data["_m"] = data["measure"].astype(str).map({m: i for i, m in enumerate(order)})
    # groups keep the table's order (toolkit.compare orders them as given in ``groups=``, e.g. left to right)
    group_order = {g: i for i, g in enumerate(dict.fromkeys(data["group"].astype(str)))}
    data["_g"] = data["group"].astype(str).map(group_order)
    data = data.sort_values(["_m", "_g"], kind="stable").drop(columns=["_m", "_g"]).reset_index(drop=True)
    data["excludes_zero"] = (data["ci_low"] > 0) | (data["ci_high"] < 0)
    return data


@_styled
def contrast_intervals(table: pd.DataFrame, ax: Axes | None = None, *, measures: list[str] | None = None,
                       title: str = "Within-event differences between outlets", xlabel: str = "estimate (95% interval)",
                       data: pd.DataFrame | None = None) -> Axes:
    """Dot-and-whisker plot: one row per (measure, group), estimate with its interval; zero marked.

    Groups are told apart by marker and colour; filled markers are intervals that exclude zero,
    hollow ones include it (said in the axis note), so the figure reads in greyscale.
    """
    data = contrast_intervals_data(table, measures=measures) if data is None else data
    groups = list(dict.fromkeys(data["group"].astype(str)))
    labels = [f"{m} · {g}" if len(groups) > 1 else str(m)
              for m, g in zip(data["measure"].astype(str), data["group"].astype(str))]
    # a new figure is as wide as its row labels and legend need, so the intervals keep about 4 inches
    longest = max((len(label) for label in labels), default=0)
    width = max(7.5, 4.2 + 0.075 * longest + (2.4 if len(groups) > 1 else 0.0))
    ax = _new_ax(ax, figsize=(width, max(2.5, 0.32 * len(data) + 1.2)))
    if data.empty:
        return _empty(ax, "no contrasts to show", title)
    y = np.arange(len(data))[::-1]
    for gi, g in enumerate(groups):
        rows = (data["group"].astype(str) == g).to_numpy()
        # the marker advances once per full turn of the palette, so a 9th group is not a copy of the 1st
        color, marker = PALETTE[gi % len(PALETTE)], MARKERS[(gi + gi // len(PALETTE)) % len(MARKERS)]
        ax.hlines(y[rows], data.loc[rows, "ci_low"], data.loc[rows, "ci_high"], color=color, lw=1.6)
        filled = rows & data["excludes_zero"].to_numpy()
        hollow = rows & ~data["excludes_zero"].to_numpy()
        if filled.any():
            ax.scatter(data.loc[filled, "estimate"], y[filled], color=color, marker=marker, s=36, zorder=3,
                       label=_wrap(g, 30))
        if hollow.any():
            ax.scatter(data.loc[hollow, "estimate"], y[hollow], facecolor="white", edgecolor=color, marker=marker,
                       s=36, zorder=3, label=None if filled.any() else _wrap(g, 30))
    ax.axvline(0, color="#555555", lw=0.8, ls="--")
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlabel(f"{xlabel}\nfilled marker: interval excludes 0; hollow: includes 0")
    ax.set_title(title)
    if len(groups) > 1:
        # outside the axes: with many rows no spot inside is free of intervals
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0, fontsize=8, frameon=False)
    return ax


def word_choice_data(table: pd.DataFrame, *, top: int = 8, group_col: str = "group", term_col: str = "term",
                     score_col: str = "z") -> pd.DataFrame:
    """The ``top`` highest-scoring terms of each group in a word-choice / keyword table (groups in table order)."""
    missing = [c for c in (group_col, term_col, score_col) if c not in table.columns]
    if missing:
        raise ValueError(f"word-choice table lacks column(s) {missing}; found {list(table.columns)}.")
    group_order = {g: i for i, g in enumerate(dict.fromkeys(table[group_col].astype(str)))}
    data = (table.assign(_g=table[group_col].astype(str).map(group_order))
            .sort_values(["_g", score_col, term_col], ascending=[True, False, True], kind="stable")
            .groupby("_g", sort=True).head(top).drop(columns="_g").reset_index(drop=True))
    chosen = {group_col: "group", term_col: "term", score_col: "score"}
    rest = [c for c in data.columns if c not in chosen and c not in ("group", "term", "score")]
    return pd.concat([data[list(chosen)].set_axis(list(chosen.values()), axis=1), data[rest]], axis=1)


@_styled
def word_choice(table: pd.DataFrame, ax: Axes | None = None, *, top: int = 8, title: str = "Distinctive words by outlet",
                xlabel: str = "log-odds z-score", data: pd.DataFrame | None = None, **cols) -> Axes:
    """Horizontal bars of each group's most distinctive terms (one panel row per group)."""
    data = word_choice_data(table, top=top, **cols) if data is None else data
    ax = _new_ax(ax, figsize=(7.5, max(2.5, 0.24 * len(data) + 1.2)))
    if data.empty:
        return _empty(ax, "no terms to show", title)
    groups = list(dict.fromkeys(data["group"].astype(str)))
    y = np.arange(len(data))[::-1]
    for gi, g in enumerate(groups):
        rows = (data["group"].astype(str) == g).to_numpy()
        ax.barh(y[rows], data.loc[rows, "score"], color=PALETTE[gi % len(PALETTE)],
                hatch=("", "//", "..", "xx")[gi % 4], edgecolor="white", label=_wrap(g, 30))
    ax.set_yticks(y, data["term"].astype(str), fontsize=9)
    ax.axvline(0, color="#555555", lw=0.8)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return ax


def alignment_scores_data(scores: pd.DataFrame) -> pd.DataFrame:
    """Long table ``corpus, metric, value`` of BCubed precision / recall / F1 per corpus."""
    need = ["corpus", "bcubed_precision", "bcubed_recall", "bcubed_f1"]
    missing = [c for c in need if c not in scores.columns]
    if missing:
        raise ValueError(f"scores table lacks column(s) {missing}; expected one row per corpus with {need}.")
    long = scores[need].melt(id_vars="corpus", var_name="metric", value_name="value")
    long["metric"] = long["metric"].str.replace("bcubed_", "BCubed ", regex=False)
    return long


@_styled
def alignment_scores(scores: pd.DataFrame, ax: Axes | None = None, *, title: str = "Event alignment against gold events",
                     data: pd.DataFrame | None = None) -> Axes:
    """Grouped bars: BCubed precision, recall and F1 per corpus, values printed on the bars."""
    data = alignment_scores_data(scores) if data is None else data
    ax = _new_ax(ax, figsize=(7.5, 3.6))
    corpora = list(dict.fromkeys(data["corpus"]))
    metrics = list(dict.fromkeys(data["metric"]))
    width = 0.8 / max(len(metrics), 1)
    x = np.arange(len(corpora))
    for mi, m in enumerate(metrics):
        vals = [float(data.loc[(data["corpus"] == c) & (data["metric"] == m), "value"].iloc[0]) for c in corpora]
        bars = ax.bar(x + (mi - (len(metrics) - 1) / 2) * width, vals, width, label=m, color=PALETTE[mi],
                      hatch=("", "//", "..")[mi % 3], edgecolor="white")
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in vals], padding=2, fontsize=8)
    ax.set_xticks(x, [_wrap(c, 16) for c in corpora])
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("score")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8, frameon=True)
    return ax
