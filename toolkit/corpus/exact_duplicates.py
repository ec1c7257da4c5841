"""Exact duplicate texts: flagged, never dropped.

Some corpora hold the same article text more than once (a story filed under two ids, a headline
collected twice). :func:`flag_exact_duplicates` names, for every article whose *normalised* text
(case-folded, whitespace collapsed) equals an earlier article's, the ``doc_id`` of the first one.
:func:`toolkit.corpus.validate` adds the result as the ``exact_dup_of`` column of every canonical
table (every reader and every dataset adapter goes through it), so analyses can drop or down-weight
the copies explicitly: ``articles[articles["exact_dup_of"].isna()]``.

"First" means earliest ``published`` (missing dates after every known date), then the smaller
``doc_id`` (as a string) as the final, deterministic tie-break among articles published at the same
time, so the result does not depend on the row order. Near duplicates (wire copies with edits) are
:mod:`toolkit.corpus.dedup`'s job.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["EXACT_DUP_COLUMN", "exact_text_key", "flag_exact_duplicates", "later_copies"]

#: Column added to canonical tables by :func:`toolkit.corpus.validate`.
EXACT_DUP_COLUMN = "exact_dup_of"


def exact_text_key(text: object) -> str:
    """The form in which texts are compared: case-folded, whitespace collapsed ("" when missing)."""
    if not isinstance(text, str):
        return ""
    return " ".join(text.casefold().split())


def flag_exact_duplicates(articles: pd.DataFrame) -> pd.Series:
    """Return, per article, the ``doc_id`` of the first article with the same normalised text.

    Parameters
    ----------
    articles : DataFrame
        Needs ``doc_id`` and ``text``; ``published`` (datetimes) is used when present.

    Returns
    -------
    Series of string
        Aligned with ``articles.index``, named ``exact_dup_of``: the first article's ``doc_id``
        for every later article with the same normalised text; missing for first occurrences,
        unique texts and empty texts.

    Raises
    ------
    KeyError
        When ``doc_id`` or ``text`` is missing.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["b", "a", "c"], "text": ["Talks  resume.", "talks resume.", "Other."]})
    >>> flag_exact_duplicates(t).tolist()
    ['a', <NA>, <NA>]
    """
    for col in ("doc_id", "text"):
        if col not in articles.columns:
            raise KeyError(f"flag_exact_duplicates: expected a '{col}' column; found {list(articles.columns)}.")
    n = len(articles)
    result = pd.Series(pd.array([pd.NA] * n, dtype="string"), index=articles.index, name=EXACT_DUP_COLUMN)
    if n < 2:
        return result
    if "published" in articles.columns:
        published = pd.to_datetime(articles["published"], utc=True, errors="coerce").reset_index(drop=True)
    else:
        published = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns, UTC]")
    order = pd.DataFrame({
        "key": [exact_text_key(t) for t in articles["text"]],
        "published": published,
        "doc_id": articles["doc_id"].astype("string").fillna("").to_numpy(),
        "pos": range(n),
    })
    later = later_copies(order[order["key"] != ""], "key")
    if later.empty:
        return result
    values = result.to_numpy(dtype=object, na_value=None)
    values[later["pos"].to_numpy()] = later["first"].to_numpy(dtype=object)
    return pd.Series(pd.array(values, dtype="string"), index=articles.index, name=EXACT_DUP_COLUMN)


def later_copies(rows: pd.DataFrame, key) -> pd.DataFrame:
    """The rows that repeat an earlier row's ``key``, each with the ``doc_id`` of its group's first row.

    The one rule for "first" (shared by :func:`flag_exact_duplicates` and the store-wide
    :func:`toolkit.store.store_exact_duplicates`): earliest ``published`` (missing last), then the smaller
    ``doc_id``, then ``pos``.

    Parameters
    ----------
    rows : DataFrame
        Columns ``key`` (one or several, named by ``key``), ``published`` (sortable), ``doc_id``, ``pos``.
    key : str or list of str

    Returns
    -------
    DataFrame
        ``pos``, ``doc_id`` and ``first`` of every later copy (empty when no key repeats).
    """
    rows = rows[rows.duplicated(key, keep=False)]
    rows = rows.sort_values(["published", "doc_id", "pos"], na_position="last", kind="mergesort")
    groups = rows.groupby(key, sort=False)
    later = rows["pos"] != groups["pos"].transform("first")
    return pd.DataFrame({"pos": rows.loc[later, "pos"], "doc_id": rows.loc[later, "doc_id"],
                         "first": groups["doc_id"].transform("first")[later]})
