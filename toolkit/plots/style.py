"""House style: palette, markers, hatches, rc settings and small drawing helpers shared by the figures."""

from __future__ import annotations

import contextlib
import functools
import textwrap
from collections.abc import Iterator
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes

#: Okabe–Ito colours, ordered so neighbours differ in lightness too (yellow last: weak on white).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442")
#: Markers paired with :data:`PALETTE` position by position (greyscale second channel for lines).
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Hatches paired with :data:`PALETTE` for bars whose colour encodes a category.
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
#: Sequential colour map for counts: one hue, lightness falls monotonically (prints in greyscale).
SEQUENTIAL_CMAP = "Blues"
#: Single colour for bars and boxes where colour carries no meaning.
BAR_COLOR = PALETTE[0]
#: Text drawn on every figure made from the synthetic demo corpus.
SYNTHETIC_LABEL = "synthetic demo data"
#: Resolution of saved PNGs.
DPI = 200

_SYNTHETIC_GID = "toolkit-synthetic-label"
_SOURCE_GID = "toolkit-source-label"


# -- house style -------------------------------------------------------------------------------

def house_rc() -> dict[str, Any]:
    """Return the house style as a dict of Matplotlib rcParams.

    Returns
    -------
    dict
        seaborn ``whitegrid`` axes style and ``notebook`` context, overridden by the house
        fonts, palette and figure defaults.
    """
    import seaborn as sns

    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context("notebook"))
    rc.update({
        "figure.figsize": (7.5, 4.6),
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.15,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "sans-serif"],
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.titlepad": 10,
        "axes.labelsize": 11.5,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "legend.title_fontsize": 10.5,
        "legend.frameon": False,
        "axes.prop_cycle": cycler(color=list(PALETTE)),
        "axes.edgecolor": "#9a9a9a",
        "axes.labelcolor": "#222222",
        "text.color": "#222222",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "grid.color": "#dddddd",
        "lines.linewidth": 1.8,
        "lines.markersize": 5.5,
        "image.cmap": SEQUENTIAL_CMAP,
        "hatch.linewidth": 0.8,
        "svg.hashsalt": "toolkit",
    })
    return rc


def set_house_style() -> None:
    """Apply the house style globally (for a notebook session or script)."""
    mpl.rcParams.update(house_rc())


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Context manager applying the house style only inside the ``with`` block.

    Examples
    --------
    >>> with house_style():                     # doctest: +SKIP
    ...     ax = coverage_heatmap(articles)
    """
    with mpl.rc_context(house_rc()):
        yield


def _styled(fn):
    """Run a figure function inside :func:`house_style`, so its figure looks the same wherever it is called."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with house_style():
            return fn(*args, **kwargs)

    return wrapper


def _new_ax(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize or mpl.rcParams["figure.figsize"], layout="constrained")
    return ax


def _wrap(label: object, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _empty(ax: Axes, message: str, title: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=11, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _bar_labels(ax: Axes, bars, labels: list[str]) -> list:
    return ax.bar_label(bars, labels=labels, padding=3, fontsize=10)


def _make_room(ax: Axes, texts) -> None:
    """Widen the x axis so texts placed right of horizontal bars stay inside the axes."""
    ax.set_xlim(left=0)
    for _ in range(4):  # the texts have a fixed size in pixels, so re-measure after each widening
        ax.figure.draw_without_rendering()
        box = ax.get_window_extent()
        right = max((t.get_window_extent().x1 for t in texts if t.get_text()), default=box.x1)
        if right <= box.x1 - 4:
            break
        lo, hi = ax.get_xlim()
        share_needed = (right - box.x0 + 8) / box.width  # fraction of the axes the labels need
        ax.set_xlim(lo, lo + (hi - lo) * share_needed)


def _percent(x: float) -> str:
    return f"{x:.1%}" if 0 < x < 0.1 else f"{x:.0%}"


def _top_groups(values: pd.Series, top: int | None, other: str = "other") -> pd.Series:
    """Keep the ``top`` most frequent values (ties by name); lump the rest as ``other``."""
    values = values.astype("string").fillna("(missing)")
    if top is None:
        return values
    counts = values.value_counts()
    order = sorted(counts.index, key=lambda k: (-counts[k], k))
    if len(order) <= top + 1:  # lumping a single group into "other" hides it for nothing
        return values
    keep = set(order[:top])
    return values.where(values.isin(keep), other)
