"""Corpus-overview figures (coverage, time, length, cleaning, quarantine, wire copies), each with a ``*_data`` twin."""

from __future__ import annotations

import re

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .style import (
    BAR_COLOR,
    HATCHES,
    MARKERS,
    PALETTE,
    SEQUENTIAL_CMAP,
    _bar_labels,
    _empty,
    _make_room,
    _new_ax,
    _percent,
    _styled,
    _top_groups,
    _wrap,
)

# -- coverage: outlets x events ----------------------------------------------------------------

def coverage_heatmap_data(
    articles: pd.DataFrame,
    *,
    max_events: int | None = 30,
    max_outlets: int | None = 30,
    freq: str = "M",
) -> pd.DataFrame:
    """Article counts per outlet and event: the table behind :func:`coverage_heatmap`.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table.
    max_events : int or None, default 30
        Keep the events with the most articles (ties: earliest first, then event id); None keeps all.
    max_outlets : int or None, default 30
        Keep the outlets with the most articles; None keeps all.
    freq : str, default "M"
        Period used instead of events when no article has an ``event_id`` (pandas period alias).

    Returns
    -------
    DataFrame
        Tidy, one row per (outlet, column) cell including zeros: ``outlet``, ``column``
        (event id, or the period as ``YYYY-MM``, ``YYYY`` or its start date), ``articles``. Columns are ordered by
        the first publication date of the event (then id), outlets by name. ``attrs`` records
        ``column_kind`` (``"event"`` or ``"period"``), ``n_columns_total`` and
        ``n_articles_without_column``.
    """
    frame = articles
    has_events = "event_id" in frame and frame["event_id"].notna().any()
    if has_events:
        col = frame["event_id"].astype("string")
        kind = "event"
    else:
        fmt = {"Y": "%Y", "M": "%Y-%m"}.get(_PERIOD_ALIASES.get(freq, freq), "%Y-%m-%d")
        col = _period_start(frame.get("published"), freq).dt.strftime(fmt).astype("string")
        kind = "period"
    outlet = frame["outlet"].astype("string")
    cell = pd.DataFrame({"outlet": outlet, "column": col})
    if "published" in frame:
        cell["published"] = pd.to_datetime(frame["published"], utc=True)
    else:
        cell["published"] = pd.NaT
    missing = int(cell["column"].isna().sum())
    cell = cell.dropna(subset=["column"])
    n_total = int(cell["column"].nunique())

    sizes = cell["column"].value_counts()
    if max_events is not None and kind == "event" and len(sizes) > max_events:
        first = cell.groupby("column")["published"].min()
        keep = sorted(sizes.index, key=lambda k: (-sizes[k], _sortable(first.get(k)), k))[:max_events]
        cell = cell[cell["column"].isin(keep)]
    osizes = cell["outlet"].value_counts()
    if max_outlets is not None and len(osizes) > max_outlets:
        keep = sorted(osizes.index, key=lambda k: (-osizes[k], k))[:max_outlets]
        cell = cell[cell["outlet"].isin(keep)]

    first = cell.groupby("column")["published"].min()
    columns = sorted(first.index, key=lambda k: (_sortable(first[k]), k))
    outlets = sorted(cell["outlet"].unique())
    counts = cell.groupby(["outlet", "column"]).size()
    grid = pd.MultiIndex.from_product([outlets, columns], names=["outlet", "column"])
    table = counts.reindex(grid, fill_value=0).rename("articles").reset_index()
    table["articles"] = table["articles"].astype("int64")
    table.attrs.update(column_kind=kind, n_columns_total=n_total, n_articles_without_column=missing)
    return table


@_styled
def coverage_heatmap(
    articles: pd.DataFrame,
    ax: Axes | None = None,
    *,
    max_events: int | None = 30,
    max_outlets: int | None = 30,
    freq: str = "M",
    annotate: bool | None = None,
    data: pd.DataFrame | None = None,
) -> Axes:
    """Heatmap of how many articles each outlet published on each event.

    Rows are outlets, columns events in order of first publication. Where the corpus has no
    ``event_id`` the columns are periods (``freq``) instead. Each cell prints its count when the
    grid is small enough, so the figure reads without colour.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table.
    ax : Axes, optional
        Where to draw; a new figure when None.
    max_events, max_outlets, freq
        See :func:`coverage_heatmap_data`.
    annotate : bool, optional
        Print counts in cells; default: when the grid has at most 600 cells.
    data : DataFrame, optional
        A precomputed :func:`coverage_heatmap_data` table (skips recomputing it).

    Returns
    -------
    Axes
        ``ax.collections[0]`` is the mesh with one cell per outlet × column.
    """
    import seaborn as sns

    if data is None:
        data = coverage_heatmap_data(articles, max_events=max_events, max_outlets=max_outlets, freq=freq)
    kind = data.attrs.get("column_kind", "event")
    title = "Coverage: articles per outlet and event" if kind == "event" else "Coverage: articles per outlet and month"
    if data.empty:
        return _empty(_new_ax(ax), "no articles to count", title)
    columns = list(dict.fromkeys(data["column"]))
    outlets = list(dict.fromkeys(data["outlet"]))
    matrix = data.pivot(index="outlet", columns="column", values="articles").reindex(index=outlets, columns=columns)
    if ax is None:
        width = min(16.0, max(6.5, 2.5 + 0.32 * len(columns)))
        height = min(12.0, max(3.2, 1.6 + 0.38 * len(outlets)))
        ax = _new_ax(None, (width, height))
    if annotate is None:
        annotate = matrix.size <= 600
    vmax = max(1, int(matrix.to_numpy().max()))
    sns.heatmap(
        matrix, ax=ax, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=vmax, annot=annotate, fmt="d",
        annot_kws={"fontsize": 8 if len(columns) > 20 else 9.5}, linewidths=0.6, linecolor="white",
        cbar_kws={"label": "articles", "shrink": 0.8, "pad": 0.02},
        xticklabels=[_short(c, 12) for c in columns], yticklabels=outlets,
    )
    cbar = ax.collections[0].colorbar
    if cbar is not None:
        cbar.locator = mpl.ticker.MaxNLocator(integer=True)
        cbar.update_ticks()
    ax.set_title(title)
    shown, total = len(columns), data.attrs.get("n_columns_total", len(columns))
    what = "event" if kind == "event" else "month"
    xlabel = what if shown == total else f"{what} (top {shown} of {total} by articles)"
    ax.set_xlabel(xlabel + ("; ordered by first publication" if kind == "event" else ""))
    ax.set_ylabel("outlet")
    upright = len(columns) <= 10 and max(len(_short(c, 12)) for c in columns) <= 8
    ax.tick_params(axis="x", labelrotation=0 if upright else 90, labelsize=8 if len(columns) > 20 else 9.5)
    ax.tick_params(axis="y", labelrotation=0)
    return ax


def _sortable(when) -> tuple[bool, float]:
    """Sort key for a possibly missing timestamp: known dates first, in order."""
    return (True, 0.0) if when is None or pd.isna(when) else (False, pd.Timestamp(when).timestamp())


def _short(label: object, n: int = 18) -> str:
    s = str(label)
    return s if len(s) <= n else s[: n - 1] + "…"


# -- articles over time ------------------------------------------------------------------------

_PERIOD_ALIASES = {"W": "W", "D": "D", "M": "M", "MS": "M", "ME": "M", "Q": "Q", "QS": "Q", "QE": "Q",
                   "Y": "Y", "YS": "Y", "YE": "Y", "A": "Y"}


def _resolve_freq(published: pd.Series, freq: str) -> str:
    if freq != "auto":
        return freq
    dates = published.dropna()
    if dates.empty:
        return "W"
    span = (dates.max() - dates.min()).days
    return "D" if span <= 60 else "W" if span <= 200 else "M" if span <= 4 * 366 else "Q" if span <= 15 * 366 else "Y"


def _period_start(published: pd.Series | None, freq: str) -> pd.Series:
    if published is None:
        return pd.Series([], dtype="datetime64[ns]")
    dates = pd.to_datetime(published, utc=True).dt.tz_convert(None)
    pfreq = _PERIOD_ALIASES.get(freq, freq)
    return dates.dt.to_period(pfreq).dt.start_time


def articles_over_time_data(
    articles: pd.DataFrame, freq: str = "W", by: str | None = "outlet", *, top: int | None = 20
) -> pd.DataFrame:
    """Articles per period and group: the table behind :func:`articles_over_time`.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table; rows without ``published`` are counted in ``attrs`` only.
    freq : str, default "W"
        Period: ``"D"``, ``"W"`` (weeks starting Monday), ``"M"``, ``"Q"``, ``"Y"``, or ``"auto"``
        (chosen from the date span).
    by : str or None, default "outlet"
        Column to split by; None counts all articles together.
    top : int or None, default 20
        Keep the ``top`` largest groups and lump the rest as ``"other"``.

    Returns
    -------
    DataFrame
        ``period`` (period start, naive UTC), ``group``, ``articles``; every period between
        the first and last date appears for every group (zeros included). ``attrs``: ``freq``
        (resolved), ``n_undated``.
    """
    published = pd.to_datetime(articles["published"], utc=True) if "published" in articles else pd.Series(
        pd.NaT, index=articles.index, dtype="datetime64[ns, UTC]")
    freq = _resolve_freq(published, freq)
    groups = _top_groups(articles[by], top) if by else pd.Series("all articles", index=articles.index, dtype="string")
    dated = published.notna()
    frame = pd.DataFrame({"period": _period_start(published[dated], freq), "group": groups[dated]})
    if frame.empty:
        table = pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"),
                              "group": pd.Series([], dtype="string"), "articles": pd.Series([], dtype="int64")})
    else:
        pfreq = _PERIOD_ALIASES.get(freq, freq)
        periods = pd.period_range(frame["period"].min(), frame["period"].max(), freq=pfreq).start_time
        order = _group_order(frame["group"])
        grid = pd.MultiIndex.from_product([periods, order], names=["period", "group"])
        table = frame.groupby(["period", "group"]).size().reindex(grid, fill_value=0).rename("articles").reset_index()
        table["articles"] = table["articles"].astype("int64")
    table.attrs.update(freq=freq, n_undated=int((~dated).sum()), by=by or "")
    return table


def _group_order(groups: pd.Series) -> list[str]:
    counts = groups.value_counts()
    order = sorted(counts.index, key=lambda k: (k == "other", -counts[k], k))
    return [str(g) for g in order]


_FREQ_WORDS = {"D": "day", "W": "week", "M": "month", "MS": "month", "ME": "month", "Q": "quarter",
               "QS": "quarter", "QE": "quarter", "Y": "year", "YS": "year", "YE": "year", "A": "year"}


@_styled
def articles_over_time(
    articles: pd.DataFrame,
    freq: str = "W",
    by: str | None = "outlet",
    ax: Axes | None = None,
    *,
    top: int | None = 20,
    kind: str = "rows",
    data: pd.DataFrame | None = None,
) -> Axes:
    """Articles per period for each group: one row of bars per group, or overlaid lines.

    ``kind="rows"`` (default) gives every group its own baseline with bars on one shared scale:
    readable for many outlets, and outlets that publish in lockstep (same-event triplets) do not
    hide each other. ``kind="lines"`` overlays one line per group (colour *and* marker identify
    it), for a few groups whose peaks should be compared directly.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table.
    freq, by, top
        See :func:`articles_over_time_data`.
    ax : Axes, optional
        Where to draw; a new figure when None.
    kind : {"rows", "lines"}, default "rows"
    data : DataFrame, optional
        A precomputed :func:`articles_over_time_data` table.

    Returns
    -------
    Axes
        Lines: one ``Line2D`` per group in ``ax.get_lines()``. Rows: one bar per (group, period)
        in ``ax.patches``.
    """
    if data is None:
        data = articles_over_time_data(articles, freq=freq, by=by, top=top)
    groups = list(dict.fromkeys(data["group"]))
    if kind not in ("lines", "rows"):
        raise ValueError(f"articles_over_time: kind must be 'rows' or 'lines', found {kind!r}.")
    if ax is None:
        height = 4.6 if kind == "lines" else min(12.0, max(3.2, 1.5 + 0.5 * len(groups)))
        ax = _new_ax(None, (8.0, height))
    freq = data.attrs.get("freq", freq)
    unit = _FREQ_WORDS.get(freq, freq)
    title = f"Articles per {unit}" + (f" by {by}" if by else "")
    if data.empty:
        return _empty(ax, "no dated articles", title)
    notes = []
    if kind == "lines":
        _time_lines(ax, data, groups, by)
        ax.set_ylabel(f"articles per {unit}")
    else:
        notes.append(_time_rows(ax, data, groups))
        ax.set_ylabel(by or "")
    ax.set_title(title)
    ax.set_xlabel(f"{unit} starting" if unit != "day" else "date")
    locator = mpl.dates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mpl.dates.ConciseDateFormatter(locator))
    if data.attrs.get("n_undated", 0):
        notes.append(f"{data.attrs['n_undated']} article(s) without a date not shown")
    if notes:  # under the axis label: above the axes it ran into a long title
        ax.set_xlabel(ax.get_xlabel() + "\n" + "; ".join(notes))
    return ax


def _time_lines(ax: Axes, data: pd.DataFrame, groups: list[str], by: str | None) -> None:
    many = data["period"].nunique() > 60
    for i, group in enumerate(groups):
        rows = data[data["group"] == group]
        other = group == "other"
        ax.plot(rows["period"], rows["articles"], label=group, color="#777777" if other else PALETTE[i % len(PALETTE)],
                linestyle="--" if other else "-", marker=MARKERS[i % len(MARKERS)],
                markersize=4 if many else 5.5, markevery=max(1, len(rows) // 30), linewidth=1.4 if many else 1.8,
                markeredgecolor="white", markeredgewidth=0.6)
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(title=by or None, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)


def _time_rows(ax: Axes, data: pd.DataFrame, groups: list[str]) -> str:
    peak = max(1, int(data["articles"].max()))
    periods = pd.DatetimeIndex(sorted(data["period"].unique()))
    step = (periods[1:] - periods[:-1]).min() if len(periods) > 1 else pd.Timedelta(days=7)
    width = 0.8 * step / pd.Timedelta(days=1)
    for i, group in enumerate(groups):
        rows = data[data["group"] == group]
        base = len(groups) - 1 - i
        heights = rows["articles"].to_numpy() / peak * 0.85
        ax.bar(rows["period"] + step / 2, heights, width=width, bottom=base, color=BAR_COLOR, align="center",
               linewidth=0)
        ax.axhline(base, color="#bbbbbb", linewidth=0.8, zorder=0)
    ax.set_yticks([i + 0.4 for i in range(len(groups))], [_short(g, 28) for g in reversed(groups)])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.2, len(groups) - 0.05)
    ax.grid(axis="y", visible=False)
    return f"bars share one scale: tallest = {peak} articles"


# -- lengths -----------------------------------------------------------------------------------

def length_distribution_data(articles: pd.DataFrame, by: str = "outlet", *, top: int | None = 20) -> pd.DataFrame:
    """Words per article: the table behind :func:`length_distribution`.

    Words are whitespace-separated tokens of ``text``.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table.
    by : str, default "outlet"
        Column to group by.
    top : int or None, default 20
        Keep the ``top`` largest groups, lumping the rest as ``"other"``.

    Returns
    -------
    DataFrame
        One row per article: ``doc_id``, ``group``, ``words``; groups ordered by median length
        (longest first).
    """
    words = articles["text"].astype("string").fillna("").str.split().str.len().fillna(0).astype("int64")
    table = pd.DataFrame({
        "doc_id": articles["doc_id"].astype("string") if "doc_id" in articles else pd.Series(range(len(articles))),
        "group": _top_groups(articles[by], top),
        "words": words,
    }).reset_index(drop=True)
    med = table.groupby("group")["words"].median()
    order = sorted(med.index, key=lambda g: (g == "other", -med[g], g))
    table["group"] = pd.Categorical(table["group"], categories=order)
    table = table.sort_values(["group", "doc_id"], kind="stable").reset_index(drop=True)
    table["group"] = table["group"].astype("string")
    table.attrs.update(by=by, order=order)
    return table


@_styled
def length_distribution(
    articles: pd.DataFrame,
    by: str = "outlet",
    ax: Axes | None = None,
    *,
    top: int | None = 20,
    log: bool = False,
    data: pd.DataFrame | None = None,
) -> Axes:
    """Box plot of words per article for each group, with every article as a dot.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table.
    by, top
        See :func:`length_distribution_data`.
    ax : Axes, optional
        Where to draw; a new figure when None.
    log : bool, default False
        Log-scale the word axis (for corpora mixing briefs and long reads).
    data : DataFrame, optional
        A precomputed :func:`length_distribution_data` table.

    Returns
    -------
    Axes
        One box per group (horizontal), groups ordered by median length.
    """
    import seaborn as sns

    if data is None:
        data = length_distribution_data(articles, by=by, top=top)
    order = list(data.attrs.get("order") or dict.fromkeys(data["group"]))
    if ax is None:
        ax = _new_ax(None, (7.5, min(11.0, max(3.2, 1.4 + 0.45 * len(order)))))
    title = f"Article length by {by}"
    if data.empty:
        return _empty(ax, "no articles", title)
    plot = data.assign(group=data["group"].astype(object))
    sns.boxplot(data=plot, x="words", y="group", order=order, ax=ax, color="#c6dbef", linecolor="#1f3b57",
                linewidth=1.2, showfliers=False, width=0.6)
    # every article as a dot, jittered with a fixed seed (seaborn's stripplot uses the global RNG,
    # which would make the PNG differ between runs)
    rows = plot["group"].map({g: i for i, g in enumerate(order)}).to_numpy(dtype=float)
    jitter = np.random.default_rng(0).uniform(-0.2, 0.2, size=len(plot))
    ax.scatter(plot["words"], rows + jitter, s=7, color="#1f3b57", alpha=0.45, linewidths=0, zorder=3)
    counts = plot.groupby("group").size()
    ax.set_yticks(range(len(order)), [f"{_short(g, 28)}  (n={counts.get(g, 0)})" for g in order])
    if log:
        ax.set_xscale("log")
    ax.set_xlim(left=0 if not log else None)
    ax.set_title(title)
    ax.set_xlabel("words per article (box: quartiles; line: median)")
    ax.set_ylabel(by)
    return ax


# -- quarantine and cleaning -------------------------------------------------------------------

def _reason_category(reason: object) -> str:
    """Drop row-specific detail from a quarantine reason (``'wrong number of fields: …'``)."""
    text = str(reason)
    text = text.split(": ", 1)[0]
    text = re.sub(r" at (byte|column|line) \d+$", "", text)
    text = re.sub(r" \(found [^)]*\)$", "", text)
    return text


def quarantine_reasons_data(quarantine: pd.DataFrame, *, detail: bool = False) -> pd.DataFrame:
    """Quarantined rows per reason: the table behind :func:`quarantine_reasons`.

    Parameters
    ----------
    quarantine : DataFrame
        A quarantine table (``source, line, doc_id, field, reason, raw``), possibly the
        concatenation of several.
    detail : bool, default False
        Keep row-specific detail in reasons (``"wrong number of fields: expected 9, found 7"``);
        by default reasons are cut at the first ``": "`` so rows group by kind of problem.

    Returns
    -------
    DataFrame
        ``reason``, ``rows``, ``sources`` (number of distinct input files), most frequent first.
    """
    if quarantine is None or len(quarantine) == 0:
        return pd.DataFrame({"reason": pd.Series([], dtype="string"), "rows": pd.Series([], dtype="int64"),
                             "sources": pd.Series([], dtype="int64")})
    reason = quarantine["reason"].astype("string").fillna("(no reason)")
    if not detail:
        reason = reason.map(_reason_category).astype("string")
    source = quarantine["source"] if "source" in quarantine else pd.Series("", index=quarantine.index)
    frame = pd.DataFrame({"reason": reason, "source": source.astype("string")})
    table = frame.groupby("reason").agg(rows=("source", "size"), sources=("source", "nunique")).reset_index()
    table = table.sort_values(["rows", "reason"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return table.astype({"rows": "int64", "sources": "int64"})


@_styled
def quarantine_reasons(quarantine: pd.DataFrame, ax: Axes | None = None, *, detail: bool = False,
                       data: pd.DataFrame | None = None) -> Axes:
    """Horizontal bars: how many input rows were quarantined, by reason.

    Parameters
    ----------
    quarantine : DataFrame
        A quarantine table (see :data:`toolkit.corpus.QUARANTINE_COLUMNS`).
    ax : Axes, optional
        Where to draw; a new figure when None.
    detail : bool, default False
        See :func:`quarantine_reasons_data`.
    data : DataFrame, optional
        A precomputed :func:`quarantine_reasons_data` table.

    Returns
    -------
    Axes
        One bar per reason, labelled with its count.
    """
    if data is None:
        data = quarantine_reasons_data(quarantine, detail=detail)
    if ax is None:
        ax = _new_ax(None, (7.5, min(10.0, max(2.8, 1.4 + 0.5 * len(data)))))
    title = "Quarantined input rows by reason"
    if data.empty:
        return _empty(ax, "no rows quarantined", title)
    y = np.arange(len(data))
    bars = ax.barh(y, data["rows"], color=BAR_COLOR, height=0.6)
    ax.set_yticks(y, [_wrap(r) for r in data["reason"]])
    ax.invert_yaxis()
    texts = _bar_labels(ax, bars, [str(int(v)) for v in data["rows"]])
    ax.set_title(title)
    ax.set_xlabel(f"rows quarantined (total {int(data['rows'].sum())})")
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _make_room(ax, texts)
    return ax


def cleaning_steps_data(cleaning: pd.DataFrame, *, steps: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Documents changed per cleaning step: the table behind :func:`cleaning_steps`.

    Parameters
    ----------
    cleaning : DataFrame
        A cleaning report (``doc_id, step, removed``), as in ``CorpusTable.cleaning``.
    steps : tuple of str, optional
        Steps to show, in order; default :data:`toolkit.corpus.STEPS` plus any other step found.

    Returns
    -------
    DataFrame
        ``step``, ``documents`` (distinct doc_ids changed), ``changes`` (report rows),
        ``chars_removed`` (total length of removed text), in pipeline order, zeros included.
    """
    from ..corpus import STEPS

    order = list(steps or STEPS)
    if cleaning is not None and len(cleaning):
        order += sorted(set(cleaning["step"].astype(str)) - set(order))
        frame = cleaning.assign(
            step=cleaning["step"].astype("string"),
            chars=cleaning["removed"].astype("string").fillna("").str.len().astype("int64"),
        )
        agg = frame.groupby("step").agg(documents=("doc_id", "nunique"), changes=("doc_id", "size"),
                                        chars_removed=("chars", "sum"))
    else:
        agg = pd.DataFrame(columns=["documents", "changes", "chars_removed"])
    table = agg.reindex(order, fill_value=0).rename_axis("step").reset_index()
    table["step"] = table["step"].astype("string")
    return table.astype({"documents": "int64", "changes": "int64", "chars_removed": "int64"})


@_styled
def cleaning_steps(cleaning: pd.DataFrame, ax: Axes | None = None, *, n_documents: int | None = None,
                   data: pd.DataFrame | None = None) -> Axes:
    """Horizontal bars: how many documents each cleaning step changed.

    Parameters
    ----------
    cleaning : DataFrame
        A cleaning report (``doc_id, step, removed``).
    ax : Axes, optional
        Where to draw; a new figure when None.
    n_documents : int, optional
        Documents cleaned in total; when given, bar labels add the share.
    data : DataFrame, optional
        A precomputed :func:`cleaning_steps_data` table.

    Returns
    -------
    Axes
        One bar per step in pipeline order, labelled with documents and characters removed.
    """
    if data is None:
        data = cleaning_steps_data(cleaning)
    if ax is None:
        ax = _new_ax(None, (7.5, min(8.0, max(2.8, 1.4 + 0.5 * len(data)))))
    title = "Cleaning: documents changed by each step"
    if data.empty:
        return _empty(ax, "no cleaning steps", title)
    y = np.arange(len(data))
    bars = ax.barh(y, data["documents"], color=BAR_COLOR, height=0.6)
    ax.set_yticks(y, list(data["step"]))
    ax.invert_yaxis()
    labels = []
    for docs, chars in zip(data["documents"], data["chars_removed"]):
        share = f" ({_percent(docs / n_documents)})" if n_documents else ""
        labels.append(f"{docs}{share} · {chars:,} chars" if docs else "0")
    texts = _bar_labels(ax, bars, labels)
    ax.set_title(title)
    suffix = f" (of {n_documents:,} cleaned)" if n_documents else ""
    ax.set_xlabel("documents changed" + suffix)
    ax.set_ylabel("step (in pipeline order)")
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _make_room(ax, texts)
    return ax


# -- wire copies -------------------------------------------------------------------------------

def wire_copies_by_outlet_data(pairs_or_report: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Wire copies per (copying outlet, original outlet): the table behind :func:`wire_copies_by_outlet`.

    Parameters
    ----------
    pairs_or_report : DataFrame
        One of

        - a report from :func:`toolkit.corpus.dedup.wire_copy_report` (``outlet_original``,
          ``outlet_copy``, ``n_copies``, ``share``), used as is;
        - a flagged article table from :func:`toolkit.corpus.dedup.flag_wire_copies`
          (``is_wire_copy``, ``dup_of``), summarised with ``wire_copy_report``;
        - near-duplicate pairs (``doc_id_a``, ``doc_id_b``, e.g. from
          :func:`toolkit.corpus.dedup.find_near_duplicates`) together with ``articles``: flagged
          first (the earliest article of each group is the original).
    articles : DataFrame, optional
        Canonical article table; required for pairs.

    Returns
    -------
    DataFrame
        ``outlet_copy``, ``outlet_original``, ``direction`` (``known``, ``agency-tie`` or
        ``undirected``, see :mod:`toolkit.corpus.dedup`; a report without the column counts as
        ``undirected``), ``n_copies`` and ``share`` (copies over the copying outlet's articles),
        copying outlets with the most copies first.

    Raises
    ------
    ValueError
        When the table has none of these shapes (or pairs come without ``articles``).
    """
    from ..corpus.dedup import REPORT_COLUMNS, flag_wire_copies, wire_copy_report

    df = pairs_or_report
    cols = set(df.columns)
    if {"outlet_original", "outlet_copy", "n_copies"} <= cols:
        report = df
    elif {"is_wire_copy", "dup_of", "doc_id", "outlet"} <= cols:
        report = wire_copy_report(df)
    elif {"doc_id_a", "doc_id_b"} <= cols and articles is not None:
        report = wire_copy_report(flag_wire_copies(articles, df))
    else:
        raise ValueError(
            f"wire_copies_by_outlet: expected a wire_copy_report table ({list(REPORT_COLUMNS)}), a "
            f"flag_wire_copies table (with is_wire_copy, dup_of) or doc_id_a/doc_id_b pairs with articles=; "
            f"found columns {list(df.columns)}"
            + ("" if articles is not None else " and no articles") + ". See toolkit.corpus.dedup."
        )
    from ..corpus.dedup import DIRECTIONS

    table = report.reindex(columns=["outlet_copy", "outlet_original", "direction", "n_copies", "share"]).copy()
    table["outlet_copy"] = table["outlet_copy"].astype("string")
    table["outlet_original"] = table["outlet_original"].astype("string")
    table["direction"] = table["direction"].astype("string").fillna("undirected")
    table["n_copies"] = table["n_copies"].astype("int64")
    table["share"] = table["share"].astype("float64").round(6)
    totals = table.groupby("outlet_copy")["n_copies"].sum()
    table["_total"] = table["outlet_copy"].map(totals)
    table["_rank"] = table["direction"].map({d: i for i, d in enumerate(DIRECTIONS)}).fillna(len(DIRECTIONS))
    table = table.sort_values(["_total", "outlet_copy", "_rank", "n_copies", "outlet_original"],
                              ascending=[False, True, True, False, True], kind="stable")
    return table.drop(columns=["_total", "_rank"]).reset_index(drop=True)


#: Legend labels of the wire-copy segments whose direction the times do not show.
TIE_LABELS = {"agency-tie": "same day: agency presumed original", "undirected": "same day: direction unknown"}


@_styled
def wire_copies_by_outlet(pairs_or_report: pd.DataFrame, ax: Axes | None = None, *,
                          articles: pd.DataFrame | None = None, top: int | None = 7,
                          data: pd.DataFrame | None = None) -> Axes:
    """Stacked horizontal bars: each outlet's wire copies, split by the outlet they copy where that is known.

    Copies whose original is known from publication times are split by original outlet, coloured
    *and* hatched, so the split reads in greyscale. Same-day ties are not attributed: they form two
    grey segments, "same day: agency presumed original" (a tie resolved in favour of a news agency)
    and "same day: direction unknown". Each bar ends with the outlet's total and the share of its
    articles that are copies.

    Parameters
    ----------
    pairs_or_report : DataFrame
        A wire-copy report, flagged table or pairs; see :func:`wire_copies_by_outlet_data`.
    ax : Axes, optional
        Where to draw; a new figure when None.
    articles : DataFrame, optional
        Canonical article table (needed for pairs).
    top : int or None, default 7
        Original outlets shown separately; the rest are lumped as ``"other"``.
    data : DataFrame, optional
        A precomputed :func:`wire_copies_by_outlet_data` table.

    Returns
    -------
    Axes
        One bar segment per (copying outlet, known original outlet) in ``ax.patches``, then one per
        copying outlet for each kind of same-day tie present in the data.
    """
    if data is None:
        data = wire_copies_by_outlet_data(pairs_or_report, articles)
    copiers = list(dict.fromkeys(data["outlet_copy"]))
    if ax is None:
        ax = _new_ax(None, (7.5, min(11.0, max(3.0, 1.8 + 0.45 * len(copiers)))))
    title = "Wire copies by outlet"
    if data.empty:
        return _empty(ax, "no wire copies found", title)
    direction = data["direction"] if "direction" in data else pd.Series("undirected", index=data.index)
    known = data[(direction == "known").to_numpy()]
    y = np.arange(len(copiers))
    left = np.zeros(len(copiers))
    if len(known):
        original = _top_groups(known["outlet_original"], top)
        matrix = (known.assign(original=original).pivot_table(index="outlet_copy", columns="original",
                                                              values="n_copies", aggfunc="sum", fill_value=0)
                  .reindex(index=copiers, fill_value=0))
        sources = _group_order(original.repeat(known["n_copies"].to_numpy()))
        sources = [s for s in sources if s in matrix.columns]
        for i, src in enumerate(sources):
            values = matrix[src].to_numpy(dtype=float)
            ax.barh(y, values, left=left, height=0.62, label=src, color=PALETTE[i % len(PALETTE)],
                    hatch=HATCHES[i % len(HATCHES)], edgecolor="white", linewidth=0.8)
            left += values
    for kind, colour, hatch in (("agency-tie", "#9E9E9E", "//"), ("undirected", "#D9D9D9", "..")):
        ties = data[(direction == kind).to_numpy()]
        if ties.empty:
            continue
        values = ties.groupby("outlet_copy")["n_copies"].sum().reindex(copiers, fill_value=0).to_numpy(dtype=float)
        ax.barh(y, values, left=left, height=0.62, label=TIE_LABELS[kind], color=colour, hatch=hatch,
                edgecolor="white", linewidth=0.8)
        left += values
    share = data.groupby("outlet_copy")["share"].sum().reindex(copiers)
    texts = []
    for yi, total, sh in zip(y, left, share):
        label = f"{int(total)}" + (f" ({_percent(sh)} of its articles)" if pd.notna(sh) else "")
        texts.append(ax.annotate(label, xy=(total, yi), xytext=(4, 0), textcoords="offset points", va="center",
                                 fontsize=10))
    ax.set_yticks(y, [_short(o, 30) for o in copiers])
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel("articles flagged as near duplicates of another outlet's article")
    ax.set_ylabel("outlet of the flagged copy")
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="copied from (known from times)", loc="lower right")
    _make_room(ax, texts)
    return ax
