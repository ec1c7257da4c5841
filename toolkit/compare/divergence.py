"""Jensen–Shannon divergence between groups' term distributions, with bootstrap intervals.

For groups *a* and *b* with term distributions ``p`` and ``q`` (counts over the compared articles,
normalised) and ``m = (p + q) / 2``::

    JSD(p, q) = 1/2 KL(p || m) + 1/2 KL(q || m)      (base 2: 0 = identical, 1 = disjoint vocabularies)

``jsd`` is this divergence; ``js_distance`` the square root of the plug-in value, which is what
:func:`scipy.spatial.distance.jensenshannon` (``base=2``) returns. The plug-in JSD of finite samples is
biased upward (two samples of the same distribution differ by chance, more so for small groups), and a
resample is a smaller effective sample still, so bootstrap replicates sit above the plug-in value. The
reported ``estimate`` (= ``jsd``) is therefore bias-corrected, ``jsd_plugin - bias`` with ``bias`` = mean
of the replicates minus the plug-in value, and the interval is the basic (reverse-percentile) bootstrap
interval ``[2 jsd_plugin - q_hi, 2 jsd_plugin - q_lo]``, clipped at 0. Compare divergences of similar-sized
groups; small divergences between small groups are mostly sampling noise.

Intervals come from the bootstrap. With an event column, events are resampled with replacement (and,
with ``shared_events=True``, only events that both groups of a pair cover are used, so the divergence is
not driven by which events each group covered); without one, articles are resampled within each group.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import entr

from toolkit.compare._checks import EVENT, GROUP, CompareError, prepare_articles
from toolkit.compare._tidy import check_ci, tidy
from toolkit.compare._tokens import Tokenizer, doc_term_matrix


def jsd_rows(P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Base-2 Jensen–Shannon divergence between matching rows of two count (or probability) arrays.

    Computed as ``H(m) - (H(p) + H(q)) / 2`` (entropies in bits). A row with zero total gives NaN.
    """
    P = np.atleast_2d(np.asarray(P, dtype=float))
    Q = np.atleast_2d(np.asarray(Q, dtype=float))
    used = (P.sum(axis=0) + Q.sum(axis=0)) > 0
    P, Q = P[:, used], Q[:, used]
    sp_, sq = P.sum(axis=1, keepdims=True), Q.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p, q = P / sp_, Q / sq
        h = entr((p + q) / 2).sum(axis=1) - 0.5 * entr(p).sum(axis=1) - 0.5 * entr(q).sum(axis=1)
    out = np.clip(h / np.log(2), 0.0, 1.0)
    out[(sp_.ravel() == 0) | (sq.ravel() == 0)] = np.nan
    return out


def _unit_matrices(X: sp.csr_matrix, unit: np.ndarray, group: np.ndarray, n_units: int, n_groups: int
                   ) -> list[sp.csr_matrix]:
    """For each group, a (units x terms) sparse matrix of that group's term counts per unit."""
    mats = []
    for g in range(n_groups):
        rows = np.flatnonzero(group == g)
        ind = sp.csr_matrix((np.ones(len(rows)), (unit[rows], np.arange(len(rows)))), shape=(n_units, len(rows)))
        mats.append((ind @ X[rows]).tocsr())
    return mats


def divergence(
    articles: pd.DataFrame,
    by: str = "outlet",
    *,
    event: str | None = None,
    groups: Sequence[str] | None = None,
    shared_events: bool = True,
    n_boot: int = 1000,
    random_state: int = 0,
    ci: float = 0.95,
    min_count: int = 1,
    text: str = "text",
    tokenizer: Tokenizer | None = None,
    include_unknown: bool = False,
) -> pd.DataFrame:
    """Pairwise Jensen–Shannon divergence between groups' term distributions, with bootstrap intervals.

    Parameters
    ----------
    articles
        Canonical article table (``doc_id``, ``text``, the ``by`` column; the ``event`` column if given).
    by
        Group column.
    event
        Event column to resample (``event_id`` or ``event`` from alignment); None resamples articles
        within each group.
    groups
        Compare only these groups (in this order); default all, sorted.
    shared_events
        With ``event``: use, for each pair, only the events both groups cover.
    n_boot, random_state
        Bootstrap replicates (>= 10) and seed.
    ci
        Interval coverage.
    min_count
        Leave out terms counted fewer times over all compared articles.
    text, tokenizer
        Text column and ``str -> list[str]`` tokenizer (default :func:`toolkit.text.words`).
    include_unknown
        Keep ``unknown``-outlet rows as a group of their own.

    Returns
    -------
    pandas.DataFrame
        One row per pair: the tidy shape (``group`` = ``group_a``, ``measure`` = ``"jsd"``, ``estimate`` =
        JSD in bits, ``n_articles`` / ``n_events`` of ``group_a`` used) plus ``reference`` (= ``group_b``),
        ``group_a, group_b, jsd`` (bias-corrected), ``jsd_plugin``, ``bias``, ``js_distance`` (of the plug-in),
        ``n_articles_reference, n_events_shared, unit, n_boot``.
    """
    func = "divergence"
    check_ci(ci, func)
    if not (isinstance(n_boot, (int, np.integer)) and n_boot >= 10):
        raise CompareError(f"{func}: n_boot must be an integer >= 10; found {n_boot!r}.")
    table, order = prepare_articles(articles, by=by, event=event, groups=groups, include_unknown=include_unknown,
                                    columns=[text], func=func)
    X, vocab = doc_term_matrix(table[text].fillna("").to_numpy(), tokenizer=tokenizer, min_count=min_count)
    if len(vocab) == 0:
        raise CompareError(f"{func}: no term occurs at least min_count={min_count} times in column {text!r}.")
    k = len(order)
    g = pd.Categorical(table[GROUP], categories=order).codes.astype(np.int64)
    rng = np.random.default_rng(random_state)
    rows = []
    if event is not None:
        ev_labels = sorted(table[EVENT].unique())
        ev = pd.Categorical(table[EVENT], categories=ev_labels).codes.astype(np.int64)
        mats = _unit_matrices(X, ev, g, len(ev_labels), k)
        cover = np.zeros((k, len(ev_labels)), dtype=bool)
        cover[g, ev] = True
        weights = np.stack([np.bincount(rng.integers(0, len(ev_labels), len(ev_labels)), minlength=len(ev_labels))
                            for _ in range(n_boot)]).astype(float)
        n_art_ev = np.zeros((k, len(ev_labels)), dtype=np.int64)
        np.add.at(n_art_ev, (g, ev), 1)
        for a, b in combinations(range(k), 2):
            mask = (cover[a] & cover[b]) if shared_events else np.ones(len(ev_labels), dtype=bool)
            if not mask.any():
                raise CompareError(f"{func}: groups {order[a]!r} and {order[b]!r} share no event; pass "
                                   "shared_events=False or leave one out with groups=[...].")
            full = jsd_rows(mats[a].T @ mask.astype(float), mats[b].T @ mask.astype(float))[0]
            W = weights * mask[None, :]
            draws = jsd_rows(np.asarray(sp.csr_matrix(W) @ mats[a].todense()),
                             np.asarray(sp.csr_matrix(W) @ mats[b].todense()))
            rows.append(_row(order, a, b, full, draws, ci,
                             int(n_art_ev[a, mask].sum()), int(n_art_ev[b, mask].sum()),
                             int((cover[a] & mask).sum()), int(mask.sum()), "event"))
    else:
        per_group = [X[np.flatnonzero(g == c)] for c in range(k)]
        boot = []
        for c in range(k):
            n_c = per_group[c].shape[0]
            W = np.stack([np.bincount(rng.integers(0, n_c, n_c), minlength=n_c) for _ in range(n_boot)]).astype(float)
            boot.append(np.asarray(sp.csr_matrix(W) @ per_group[c].todense()))
        for a, b in combinations(range(k), 2):
            full = jsd_rows(np.asarray(per_group[a].sum(axis=0)), np.asarray(per_group[b].sum(axis=0)))[0]
            draws = jsd_rows(boot[a], boot[b])
            rows.append(_row(order, a, b, full, draws, ci, per_group[a].shape[0], per_group[b].shape[0],
                             pd.NA, pd.NA, "article"))
    out = pd.DataFrame(rows)
    for col in ("n_articles_reference", "n_events_shared", "n_boot"):
        out[col] = out[col].astype("Int64")
    return tidy(out)


def _row(order, a, b, full, draws, ci, n_a, n_b, n_ev_a, n_shared, unit) -> dict:
    """One output row: bias-corrected JSD with a basic (reverse-percentile) bootstrap interval."""
    ok = draws[~np.isnan(draws)]
    if len(ok):
        q_lo, q_hi = np.percentile(ok, [(1 - ci) / 2 * 100, (1 + ci) / 2 * 100])
        bias = float(ok.mean() - full)
        est, lo, hi = max(full - bias, 0.0), max(2 * full - q_hi, 0.0), max(2 * full - q_lo, 0.0)
    else:
        bias, est, lo, hi = np.nan, np.nan, np.nan, np.nan
    return {"group": order[a], "measure": "jsd", "estimate": est, "ci_low": lo, "ci_high": hi,
            "n_articles": n_a, "n_events": n_ev_a, "reference": order[b], "group_a": order[a], "group_b": order[b],
            "jsd": est, "jsd_plugin": full, "bias": bias, "js_distance": float(np.sqrt(full)),
            "n_articles_reference": n_b, "n_events_shared": n_shared, "unit": unit, "n_boot": len(ok)}
