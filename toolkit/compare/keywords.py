"""Keyword contrasts: log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

For a term *w*, a group *i* and its reference *j* (the rest of the groups, or one other group),
with counts ``y`` and group totals ``n``, prior pseudo-counts ``a_w`` and ``a0 = sum_w a_w``::

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior is informative: ``a_w = prior * (count of w over all compared groups)``, so rare terms are
shrunk toward no difference and the z-score ranks terms by how surely a group over-uses them
("Fightin' Words", eq. 16–22).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from toolkit.compare._checks import EVENT, GROUP, CompareError, prepare_articles
from toolkit.compare._tidy import check_ci, normal_quantile, tidy
from toolkit.compare._tokens import Tokenizer, doc_term_matrix, group_sums

REST = "(rest)"


def log_odds(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Prior-smoothed log-odds ratio of ``y_i`` over ``y_j`` (count vectors over the same terms) and its variance.

    Parameters
    ----------
    y_i, y_j
        Term counts of the group and of its reference.
    alpha
        Prior pseudo-counts per term (all > 0).

    Returns
    -------
    (delta, var)
        ``delta`` is NaN for a term that makes up all of a group's counts (no odds to compare).
    """
    a0 = alpha.sum()
    n_i, n_j = y_i.sum(), y_j.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log(y_i + alpha) - np.log(n_i + a0 - y_i - alpha)
                 - np.log(y_j + alpha) + np.log(n_j + a0 - y_j - alpha))
    var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    # A term that is all of both groups' counts (a one-term vocabulary) has no odds: NaN, not inf.
    return np.where(np.isfinite(delta), delta, np.nan), var


def contrast_counts(
    counts: np.ndarray,
    terms: np.ndarray,
    group_names: Sequence[str],
    *,
    pairwise: bool,
    prior: float,
    ci: float,
) -> pd.DataFrame:
    """Log-odds contrasts from a (groups x terms) count array: one row per (group, reference, term).

    Columns ``group, reference, term, estimate, se, z, p_value, ci_low, ci_high, count_group,
    count_rest``; used by :func:`keyword_contrast` and :func:`toolkit.compare.actor_word_choice`.
    """
    total = counts.sum(axis=0)
    alpha = prior * total
    if np.any(alpha <= 0):
        alpha = np.where(alpha > 0, alpha, prior)  # terms absent from all groups (custom vocabularies)
    crit = normal_quantile(ci)
    if pairwise:
        pairs = list(combinations(range(len(group_names)), 2))
    else:
        pairs = [(i, None) for i in range(len(group_names))]
    frames = []
    for i, j in pairs:
        y_i = counts[i]
        y_j = total - y_i if j is None else counts[j]
        delta, var = log_odds(y_i, y_j, alpha)
        se = np.sqrt(var)
        z = delta / se
        frames.append(pd.DataFrame({
            "group": group_names[i],
            "reference": REST if j is None else group_names[j],
            "term": terms,
            "estimate": delta,
            "se": se,
            "z": z,
            "p_value": 2 * stats.norm.sf(np.abs(z)),
            "ci_low": delta - crit * se,
            "ci_high": delta + crit * se,
            "count_group": y_i.astype(np.int64),
            "count_rest": y_j.astype(np.int64),
        }))
    return pd.concat(frames, ignore_index=True)


def keyword_contrast(
    articles: pd.DataFrame,
    by: str = "outlet",
    *,
    groups: Sequence[str] | None = None,
    pairwise: bool = False,
    prior: float = 0.1,
    min_count: int = 5,
    text: str = "text",
    event: str | None = None,
    tokenizer: Tokenizer | None = None,
    top: int | None = None,
    ci: float = 0.95,
    include_unknown: bool = False,
) -> pd.DataFrame:
    """Which words each group over-uses: log-odds ratios with an informative Dirichlet prior, and z-scores.

    Parameters
    ----------
    articles
        Canonical article table (``doc_id``, ``text`` and the ``by`` column).
    by
        Group column (``outlet``, ``lean`` or any column).
    groups
        Compare only these groups (in this order); default every group.
    pairwise
        False: each group against the rest of the compared groups (``reference`` = ``"(rest)"``).
        True: every pair (a, b) of groups, a before b in group order (``reference`` = b).
    prior
        Scale of the informative prior: the pseudo-count of a term is ``prior`` times its count over
        all compared groups. Larger values shrink rare terms harder toward zero.
    min_count
        Terms counted fewer than this many times over all compared groups are left out.
    text
        Text column to tokenise.
    event
        Optional event column, used only to count ``n_events`` (events a group covers).
    tokenizer
        ``str -> list[str]``; default :func:`toolkit.text.words` (lower-case, stopwords removed).
    top
        Keep only the ``top`` terms with the largest z per (group, reference); default all.
    ci
        Coverage of the Wald interval ``estimate ± q * se``.
    include_unknown
        Keep rows whose group is ``"unknown"`` as a group of their own.

    Returns
    -------
    pandas.DataFrame
        The tidy contrast shape (``measure`` = the term) plus ``reference, term, log_odds, se, z, p_value,
        count_group, count_rest``; sorted by group, reference and descending z. ``n_articles`` /
        ``n_events`` count the group's articles / events.
    """
    func = "keyword_contrast"
    check_ci(ci, func)
    if not (isinstance(prior, (int, float)) and prior > 0):
        raise CompareError(f"{func}: prior must be a positive number (scale of the prior pseudo-counts); "
                           f"found {prior!r}.")
    if not (isinstance(min_count, (int, np.integer)) and min_count >= 1):
        raise CompareError(f"{func}: min_count must be an integer >= 1; found {min_count!r}.")
    table, order = prepare_articles(articles, by=by, event=event, groups=groups, include_unknown=include_unknown,
                                    columns=[text], func=func)
    X, vocab = doc_term_matrix(table[text].fillna("").to_numpy(), tokenizer=tokenizer, min_count=min_count)
    if len(vocab) == 0:
        raise CompareError(f"{func}: no term occurs at least min_count={min_count} times in column {text!r} "
                           f"of the {len(table)} compared articles; lower min_count or check the text column.")
    codes = pd.Categorical(table[GROUP], categories=order).codes
    counts = group_sums(X, codes, len(order))
    out = contrast_counts(counts, vocab, order, pairwise=pairwise, prior=float(prior), ci=ci)
    n_art = pd.Series(codes).value_counts().reindex(range(len(order)), fill_value=0).to_numpy()
    out["n_articles"] = out["group"].map(dict(zip(order, n_art)))
    if event is not None:
        n_ev = table.groupby(GROUP)[EVENT].nunique()
        out["n_events"] = out["group"].map(n_ev).astype("Int64")
    else:
        out["n_events"] = pd.NA
    out["measure"] = out["term"]
    out["log_odds"] = out["estimate"]
    rank = {g: k for k, g in enumerate(order)}
    out = out.assign(_g=out["group"].map(rank), _r=out["reference"].map(rank).fillna(-1))
    out = out.sort_values(["_g", "_r", "z", "term"], ascending=[True, True, False, True], kind="mergesort")
    if top is not None:
        out = out.groupby(["_g", "_r"], sort=False).head(top)
    out = out.drop(columns=["_g", "_r"])
    return tidy(out, ["reference", "term", "log_odds", "se", "z", "p_value", "count_group", "count_rest"])
