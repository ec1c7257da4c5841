"""Figures for topic models: the K sweep, topic terms, prevalence over time.

Each figure function draws a table it is given (from :mod:`toolkit.topics`; it computes no analysis) and
has a ``*_data`` twin returning the exact table drawn. Prevalence by outlet is drawn by
:func:`toolkit.plots.contrast_intervals` (the prevalence table has the tidy contrast shape).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .style import MARKERS, PALETTE, _empty, _new_ax, _styled, _wrap


def k_sweep_data(sweep: pd.DataFrame, *, measures: list[str] | None = None) -> pd.DataFrame:
    """The K-sweep table drawn by :func:`k_sweep`: raw coherence plus ``scaled`` (0 = worst K, 1 = best K).

    Parameters
    ----------
    sweep : DataFrame
        :func:`toolkit.topics.k_sweep` output (``k, measure, value`` …).
    measures : list of str, optional
        Measures to draw, in order (default all). Higher is better for all three gensim measures
        (u_mass is negative; closer to 0 is better).
    """
    missing = [c for c in ("k", "measure", "value") if c not in sweep.columns]
    if missing:
        raise ValueError(f"k_sweep table lacks column(s) {missing}; expected toolkit.topics.k_sweep output "
                         f"(k, measure, value); found {list(sweep.columns)}.")
    order = measures if measures is not None else list(dict.fromkeys(sweep["measure"].astype(str)))
    data = sweep[sweep["measure"].astype(str).isin(order)].copy()
    lo = data.groupby("measure")["value"].transform("min")
    hi = data.groupby("measure")["value"].transform("max")
    data["scaled"] = np.where(hi > lo, (data["value"] - lo) / (hi - lo).where(hi > lo, 1), 1.0)
    data["_m"] = data["measure"].astype(str).map({m: i for i, m in enumerate(order)})
    return data.sort_values(["_m", "k"]).drop(columns="_m").reset_index(drop=True)


@_styled
def k_sweep(sweep: pd.DataFrame, ax: Axes | None = None, *, chosen: int | None = None,
            measures: list[str] | None = None, title: str = "Choosing the number of topics",
            data: pd.DataFrame | None = None) -> Axes:
    """Coherence against K, one line (colour + marker) per measure, each scaled to its own range (the legend
    gives the raw range); the chosen K is marked."""
    data = k_sweep_data(sweep, measures=measures) if data is None else data
    ax = _new_ax(ax, figsize=(6.5, 3.8))
    if data.empty:
        return _empty(ax, "no K sweep to show", title)
    for i, (m, rows) in enumerate(data.groupby("measure", sort=False)):
        ax.plot(rows["k"], rows["scaled"], color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)],
                label=f"{m} ({rows['value'].min():.3g} to {rows['value'].max():.3g})")
    if chosen is not None:
        ax.axvline(chosen, color="#555555", lw=0.9, ls="--")
        ax.text(chosen, 1.04, f" chosen K = {chosen}", ha="left", va="bottom", fontsize=9, color="#555555",
                transform=ax.get_xaxis_transform())
    ax.set_xticks(sorted(data["k"].unique()))
    ax.set_xlabel("number of topics K")
    ax.set_ylabel("coherence (scaled: 0 worst, 1 best K)")
    ax.set_ylim(-0.05, 1.1)
    ax.set_title(title)
    ax.legend(loc="best", fontsize=8, frameon=False)
    return ax


def topic_terms_data(terms: pd.DataFrame, *, n: int = 8) -> pd.DataFrame:
    """One row per topic: ``topic, label, terms`` (the top ``n`` terms joined), from ``model.top_terms(...)``."""
    missing = [c for c in ("topic", "label", "rank", "term") if c not in terms.columns]
    if missing:
        raise ValueError(f"terms table lacks column(s) {missing}; expected model.top_terms() output "
                         f"(topic, label, rank, term, weight, relevance); found {list(terms.columns)}.")
    top = terms[terms["rank"] <= n].sort_values(["topic", "rank"])
    return (top.groupby(["topic", "label"], sort=True)["term"].agg(lambda t: ", ".join(t)).rename("terms")
            .reset_index())


@_styled
def topic_terms(terms: pd.DataFrame, ax: Axes | None = None, *, n: int = 8, title: str = "Topics and their terms",
                data: pd.DataFrame | None = None) -> Axes:
    """A labelled list of topics: label in bold, then the top terms (by the relevance used in ``top_terms``)."""
    data = topic_terms_data(terms, n=n) if data is None else data
    ax = _new_ax(ax, figsize=(8.5, 0.42 * max(len(data), 1) + 1.0))
    ax.set_axis_off()
    ax.set_title(title, loc="left")
    if data.empty:
        return _empty(ax, "no topics to show", title)
    step = 1.0 / max(len(data), 1)
    for i, row in enumerate(data.itertuples(index=False)):
        y = 1 - (i + 0.5) * step
        ax.text(0.0, y, f"{row.topic}  {_wrap(row.label, 40)}", fontsize=9, fontweight="bold", va="center",
                transform=ax.transAxes)
        ax.text(0.42, y, _wrap(row.terms, 70), fontsize=8.5, va="center", transform=ax.transAxes)
    return ax


def prevalence_over_time_data(table: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """Rows of a ``topic_prevalence(..., by_period=True)`` table for one topic, sorted by group and period."""
    missing = [c for c in ("period", "group", "measure", "estimate", "ci_low", "ci_high") if c not in table.columns]
    if missing:
        raise ValueError(f"prevalence table lacks column(s) {missing}; expected topic_prevalence(..., "
                         f"by_period=True) output; found {list(table.columns)}.")
    keep = [c for c in ("period", "group", "measure", "label", "estimate", "ci_low", "ci_high", "n_articles",
                        "n_events") if c in table.columns]
    data = table.loc[table["measure"] == measure, keep]
    return data.sort_values(["group", "period"]).reset_index(drop=True)


@_styled
def prevalence_over_time(table: pd.DataFrame, ax: Axes | None = None, *, measure: str, title: str | None = None,
                         data: pd.DataFrame | None = None) -> Axes:
    """One topic's group effects per period (outlet × time): a line and interval band per group, told
    apart by colour and marker; zero dashed."""
    data = prevalence_over_time_data(table, measure=measure) if data is None else data
    label = data["label"].iloc[0] if "label" in data.columns and len(data) else measure
    title = title or f"Topic “{label}” by period: difference from the average group"
    ax = _new_ax(ax, figsize=(7.5, 4.0))
    if data.empty:
        return _empty(ax, f"no periods for {measure}", title)
    periods = sorted(data["period"].astype(str).unique())
    x_of = {p: i for i, p in enumerate(periods)}
    groups = list(dict.fromkeys(data["group"].astype(str)))
    width = 0.5 / max(len(groups), 1)
    for gi, (g, rows) in enumerate(data.groupby(data["group"].astype(str), sort=False)):
        x = rows["period"].astype(str).map(x_of).to_numpy() + (gi - (len(groups) - 1) / 2) * width
        color, marker = PALETTE[groups.index(g) % len(PALETTE)], MARKERS[groups.index(g) % len(MARKERS)]
        ax.vlines(x, rows["ci_low"], rows["ci_high"], color=color, lw=1.4)
        ax.plot(x, rows["estimate"], color=color, marker=marker, lw=1.0, label=_wrap(g, 28))
    ax.axhline(0, color="#555555", lw=0.8, ls="--")
    ax.set_xticks(range(len(periods)), periods, rotation=45 if len(periods) > 6 else 0)
    ax.set_ylabel("difference in topic share (95% interval)")
    ax.set_title(title)
    ax.legend(loc="best", fontsize=8, frameon=False)
    return ax
