"""Input checks shared by every comparison function.

Each check either returns a cleaned, sorted working table or raises :class:`CompareError` with a
message that says what was expected, what was found and what to do next. Rows that are excluded
(unknown outlets, missing event, missing measure values) are counted in a :class:`CompareWarning`,
never dropped silently.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.corpus.schema import UNKNOWN_OUTLET

#: Column names of the internal working table (public outputs use the names in ``toolkit.compare``).
GROUP, EVENT = "_group", "_event"


class CompareError(ValueError):
    """The input to a comparison function cannot be compared as given (see the message for the fix)."""


class CompareWarning(UserWarning):
    """Rows were left out of a comparison (the message says how many and why)."""


def _examples(values: Sequence, k: int = 5) -> str:
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:k])
    return shown + (f" … ({len(values)} in all)" if len(values) > k else "")


def warn(message: str) -> None:
    """Issue a :class:`CompareWarning` attributed to the user's call (the first frame outside this package)."""
    frame, level = sys._getframe(0), 1
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("toolkit.compare"):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, CompareWarning, stacklevel=level)


def warn_excluded(n: int, why: str, fix: str = "") -> None:
    """Warn that ``n`` rows were excluded (no warning when ``n`` is 0)."""
    if n:
        msg = f"{n} row{'s' if n != 1 else ''} excluded: {why}."
        if fix:
            msg += f" {fix}"
        warn(msg)


def prepare_articles(
    articles: pd.DataFrame,
    *,
    by: str,
    event: str | None,
    groups: Sequence[str] | None,
    include_unknown: bool,
    columns: Sequence[str] = (),
    func: str,
) -> tuple[pd.DataFrame, list[str]]:
    """Check ``articles`` and return ``(table, group_order)``.

    The table has ``doc_id``, ``_group`` (str), ``_event`` (str, only when ``event`` is given) and
    the extra ``columns``, sorted by (event, group, doc_id) so that results never depend on the
    input's row order. ``group_order`` is ``groups`` when given, else the sorted group values.

    Raises
    ------
    CompareError
        Not a DataFrame, empty, missing ``doc_id`` / ``by`` / ``event`` / ``columns``, duplicate
        ``doc_id``, unknown names in ``groups``, or fewer than two groups left to compare.
    """
    if not isinstance(articles, pd.DataFrame):
        raise CompareError(f"{func}: expected the article table as a pandas DataFrame, "
                           f"found {type(articles).__name__}.")
    if len(articles) == 0:
        raise CompareError(f"{func}: the article table is empty (0 rows); there is nothing to compare. "
                           "Check the filter or the file that produced it.")
    needed = ["doc_id", by] + ([event] if event is not None else []) + list(columns)
    missing = [c for c in dict.fromkeys(needed) if c not in articles.columns]
    if event is not None and event in missing:
        raise CompareError(
            f"{func}: the article table has no event column {event!r} (columns: {list(articles.columns)}). "
            "Run the event alignment first (toolkit.events, or `python -m toolkit events align`) and join its "
            "`event` column, pass event='event' for alignment output or event=<your column>"
            + (", or event=None to compare without events." if func in ("divergence", "actor_word_choice",
                                                                        "keyword_contrast") else ".")
        )
    if missing:
        raise CompareError(f"{func}: the article table lacks column(s) {missing}; found {list(articles.columns)}. "
                           f"Pass by=<column> naming the group column, or add the missing column.")
    doc = articles["doc_id"]
    if doc.isna().any():
        raise CompareError(f"{func}: {int(doc.isna().sum())} article(s) have a missing doc_id; every article "
                           "needs a unique, non-empty doc_id (validate the table with toolkit.corpus first).")
    doc = doc.astype("string")
    dup = doc[doc.duplicated(keep=False)]
    if len(dup):
        raise CompareError(f"{func}: doc_id must be unique, found {dup.nunique()} duplicated doc_id(s): "
                           f"{_examples(sorted(dup.unique()))}. Drop or rename the duplicates "
                           "(e.g. articles.drop_duplicates('doc_id')).")
    table = pd.DataFrame({"doc_id": doc.to_numpy()})
    group = articles[by].astype("string").str.strip().to_numpy()
    table[GROUP] = pd.array(group, dtype="string")
    for col in columns:
        table[col] = articles[col].to_numpy()
    if event is not None:
        table[EVENT] = articles[event].astype("string").str.strip().to_numpy()

    unknown = table[GROUP].isna() | (table[GROUP] == "")
    if not include_unknown:
        unknown = unknown | (table[GROUP].str.casefold() == UNKNOWN_OUTLET)
    n_unknown = int(unknown.sum())
    if n_unknown:
        table = table[~unknown.to_numpy()]
        warn_excluded(n_unknown, f"{by!r} is missing or {UNKNOWN_OUTLET!r}"
                      + ("" if include_unknown else f" (pass include_unknown=True to compare {UNKNOWN_OUTLET!r} "
                                                    "as a group of its own)"),
                      "Add the outlet to the outlet registry to include these articles.")
    if event is not None:
        no_event = table[EVENT].isna() | (table[EVENT] == "")
        if no_event.any():
            table = table[~no_event.to_numpy()]
            warn_excluded(int(no_event.sum()), f"no value in the event column {event!r}",
                          "Align them with toolkit.events or give them an event id.")
    if groups is not None:
        groups = [str(g) for g in groups]
        if len(set(groups)) != len(groups):
            raise CompareError(f"{func}: groups has repeated names: {groups}.")
        present = set(table[GROUP].unique())
        absent = [g for g in groups if g not in present]
        if absent:
            raise CompareError(f"{func}: groups {absent} do not occur in column {by!r} (after exclusions); "
                               f"it has {_examples(sorted(present), 12)}.")
        table = table[table[GROUP].isin(groups).to_numpy()]
        order = groups
    else:
        order = sorted(table[GROUP].unique())
    if len(order) < 2:
        found = f"only {order[0]!r}" if order else "none"
        raise CompareError(f"{func}: a contrast needs at least 2 groups in column {by!r}; found {found} "
                           f"({len(table)} usable article(s)). Add articles from another group or compare by "
                           "another column (by=...).")
    sort_cols = ([EVENT] if event is not None else []) + [GROUP, "doc_id"]
    table = table.sort_values(sort_cols, kind="mergesort").reset_index(drop=True)
    return table, order


def prepare_measures(measures: pd.DataFrame | Sequence[str], articles: pd.DataFrame, func: str) -> pd.DataFrame:
    """Return a wide float table indexed by ``doc_id``, one column per measure.

    ``measures`` is a table keyed by ``doc_id`` with one or more numeric (or boolean) columns, a long
    table with exactly the columns ``doc_id, measure, value``, or a list of numeric column names of
    ``articles``.
    """
    if isinstance(measures, str):
        measures = [measures]
    if isinstance(measures, (list, tuple)):
        missing = [m for m in measures if m not in articles.columns]
        if missing:
            raise CompareError(f"{func}: measure column(s) {missing} are not in the article table "
                               f"(columns: {list(articles.columns)}).")
        measures = articles[["doc_id", *measures]]
    if not isinstance(measures, pd.DataFrame):
        raise CompareError(f"{func}: expected measures as a DataFrame keyed by doc_id (or a list of article "
                           f"columns), found {type(measures).__name__}.")
    if "doc_id" not in measures.columns:
        if measures.index.name == "doc_id":
            measures = measures.reset_index()
        else:
            raise CompareError(f"{func}: the measures table must be keyed by doc_id (a doc_id column or index); "
                               f"found columns {list(measures.columns)}. Join your per-document results to the "
                               "article doc_ids first.")
    if len(measures) == 0:
        raise CompareError(f"{func}: the measures table is empty (0 rows).")
    if set(measures.columns) == {"doc_id", "measure", "value"}:
        dup = measures.duplicated(["doc_id", "measure"], keep=False)
        if dup.any():
            ex = measures.loc[dup, ["doc_id", "measure"]].astype(str).agg("/".join, axis=1).unique()
            raise CompareError(f"{func}: the long measures table has repeated (doc_id, measure) pairs: "
                               f"{_examples(sorted(ex))}. Aggregate them first (one value per doc and measure).")
        value = pd.to_numeric(measures["value"], errors="coerce")
        bad = value.isna() & measures["value"].notna()
        if bad.any():
            raise CompareError(f"{func}: measure values must be numeric; found {int(bad.sum())} non-numeric "
                               f"value(s), e.g. {_examples(measures.loc[bad, 'value'].unique())}.")
        measures = (measures.assign(value=value, doc_id=measures["doc_id"].astype("string"),
                                    measure=measures["measure"].astype("string"))
                    .pivot(index="doc_id", columns="measure", values="value"))
        measures.columns = [str(c) for c in measures.columns]
        measures = measures.reset_index()
    names = [c for c in measures.columns if c != "doc_id"]
    if not names:
        raise CompareError(f"{func}: the measures table has no measure column besides doc_id.")
    non_numeric = [c for c in names if not (pd.api.types.is_numeric_dtype(measures[c])
                                            or pd.api.types.is_bool_dtype(measures[c]))]
    if non_numeric:
        raise CompareError(f"{func}: measure columns must be numeric (or boolean); {non_numeric} are "
                           f"{[str(measures[c].dtype) for c in non_numeric]}. Convert them (e.g. one 0/1 column "
                           "per label) or pass a long table doc_id, measure, value.")
    ids = measures["doc_id"].astype("string")
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        raise CompareError(f"{func}: the measures table must have one row per doc_id; found {dup.nunique()} "
                           f"repeated doc_id(s): {_examples(sorted(dup.unique()))}.")
    wide = pd.DataFrame({c: measures[c].astype("float64").to_numpy() for c in names}, index=ids.to_numpy())
    wide.index.name = "doc_id"
    if not np.isfinite(wide.to_numpy(dtype=float, na_value=np.nan)[~wide.isna().to_numpy()]).all():
        raise CompareError(f"{func}: measure values must be finite; found infinite values.")
    return wide
