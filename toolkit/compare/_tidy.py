"""The one output shape of every contrast (documented in :mod:`toolkit.compare`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

#: Columns every contrast table starts with, in this order; method-specific columns follow.
TIDY_COLUMNS: tuple[str, ...] = ("group", "measure", "estimate", "ci_low", "ci_high", "n_articles", "n_events")

_DTYPES = {"group": "string", "measure": "string", "reference": "string", "n_articles": "Int64",
           "n_events": "Int64", "term": "string", "group_a": "string", "group_b": "string", "kind": "string",
           "method": "string", "actor": "string"}


def tidy(rows: pd.DataFrame | dict, extra_order: list[str] | None = None) -> pd.DataFrame:
    """Order columns as :data:`TIDY_COLUMNS` + the rest, and give them stable dtypes."""
    frame = pd.DataFrame(rows)
    missing = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if missing:  # a programming error inside the package, never a user error
        raise AssertionError(f"contrast table lacks tidy columns {missing}")
    rest = [c for c in (extra_order or []) if c in frame.columns and c not in TIDY_COLUMNS]
    rest += [c for c in frame.columns if c not in TIDY_COLUMNS and c not in rest]
    frame = frame[list(TIDY_COLUMNS) + rest]
    for col, dtype in _DTYPES.items():
        if col in frame.columns:
            frame[col] = frame[col].astype(dtype)
    for col in ("estimate", "ci_low", "ci_high"):
        frame[col] = frame[col].astype("float64")
    return frame.reset_index(drop=True)


def normal_quantile(ci: float) -> float:
    """Two-sided normal critical value for a ``ci`` interval (e.g. 1.96 for 0.95)."""
    return float(stats.norm.ppf(0.5 + ci / 2))


def check_ci(ci: float, func: str) -> None:
    """Raise a clear error unless 0 < ci < 1."""
    from toolkit.compare._checks import CompareError

    if not (isinstance(ci, (int, float)) and 0 < ci < 1):
        raise CompareError(f"{func}: ci must be a coverage level strictly between 0 and 1 (e.g. 0.95); found {ci!r}.")


def percentile_interval(draws: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over axis 0 of ``draws`` (NaN draws ignored)."""
    lo, hi = (1 - ci) / 2 * 100, (1 + ci) / 2 * 100
    return np.nanpercentile(draws, lo, axis=0), np.nanpercentile(draws, hi, axis=0)
