"""Within-event contrasts: how groups (outlets) differ on the same events.

Model, per measure: ``y_d = alpha_group(d) + gamma_event(d) + e_d`` fitted by OLS (statsmodels) with event
fixed effects (absorbed by within-event demeaning, which gives the same estimates as one dummy per event), so a group's effect is estimated only from comparisons with other
groups inside the same events, never from which events it chose to cover. Reported contrasts of the
group effects ``alpha``:

* ``reference=None`` (effect coding): each group's deviation from the average group, ``alpha_g - mean(alpha)``;
* ``reference="X"``: treatment contrasts ``alpha_g - alpha_X`` for every other group;
* ``pairwise=True``: ``alpha_a - alpha_b`` for every pair of groups (a before b in group order).

Events covered by a single group carry no within-event information: they are always dropped (with the
rows whose measure is missing), and ``n_events`` reports what was used.

Intervals:

* ``method="cluster"``: cluster-robust (by event) covariance, t distribution with (events - 1) degrees of
  freedom (statsmodels' CR1 small-sample factor ``G/(G-1) * (N-1)/(N-K)``, where K counts the group
  coefficients only: the event effects are nested in the clusters, as in Stata's ``xtreg, fe vce(cluster)``);
* ``method="bootstrap"``: percentile intervals over ``n_boot`` replicates that resample events with
  replacement, then articles with replacement within each resampled event (two-stage cluster bootstrap).
  Each replicate is solved by within-event demeaning and numpy least squares (Frisch–Waugh–Lovell), which
  gives exactly the statsmodels point estimate on the original sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from toolkit.compare._checks import EVENT, GROUP, CompareError, prepare_articles, prepare_measures, warn_excluded
from toolkit.compare._tidy import check_ci, percentile_interval, tidy

METHODS = ("bootstrap", "cluster")


def _contrast_matrix(k: int, order: Sequence[str], reference: str | None, pairwise: bool
                     ) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Rows map the K-1 treatment coefficients (vs group 0) to the requested contrasts of alpha.

    Returns ``(C, labels)`` with ``labels[r] = (group, reference)``.
    """
    A = np.zeros((k, k - 1))  # alpha = A @ b, alpha_0 = 0
    A[1:, :] = np.eye(k - 1)
    if pairwise:
        pairs = list(combinations(range(k), 2))
        C = np.array([A[a] - A[b] for a, b in pairs])
        return C, [(order[a], order[b]) for a, b in pairs]
    if reference is None:
        C = A - A.mean(axis=0, keepdims=True)
        return C, [(g, "(average)") for g in order]
    r = list(order).index(reference)
    rows = [g for g in range(k) if g != r]
    return np.array([A[g] - A[r] for g in rows]), [(order[g], reference) for g in rows]


def _demeaned(y: np.ndarray, g: np.ndarray, cluster: np.ndarray, k: int, n_clusters: int
              ) -> tuple[np.ndarray, np.ndarray]:
    """Within-cluster demeaned ``y`` and group dummies 1..k-1 (FWL partialling-out of cluster dummies)."""
    size = np.bincount(cluster, minlength=n_clusters).astype(float)
    y_dm = y - (np.bincount(cluster, weights=y, minlength=n_clusters) / size)[cluster]
    D = np.zeros((len(y), k - 1))
    nz = g > 0
    D[np.flatnonzero(nz), g[nz] - 1] = 1.0
    flat = cluster[:, None] * (k - 1) + np.arange(k - 1)[None, :]
    sums = np.bincount(flat.ravel(), weights=D.ravel(), minlength=n_clusters * (k - 1)).reshape(n_clusters, k - 1)
    D_dm = D - (sums / size[:, None])[cluster]
    return y_dm, D_dm


def fe_coefficients(y: np.ndarray, g: np.ndarray, cluster: np.ndarray, k: int) -> tuple[np.ndarray, int]:
    """Group coefficients (treatment vs group 0) of ``y ~ group + cluster FE`` by demeaning + lstsq.

    Returns ``(b, rank)``; ``b`` is NaN when the group dummies are collinear after demeaning (a group
    absent, or never sharing a cluster with another group).
    """
    n_clusters = int(cluster.max()) + 1
    y_dm, D_dm = _demeaned(y, g, cluster, k, n_clusters)
    b, _, rank, _ = np.linalg.lstsq(D_dm, y_dm, rcond=None)
    if rank < k - 1:
        return np.full(k - 1, np.nan), int(rank)
    return b, int(rank)


def _bootstrap(y: np.ndarray, g: np.ndarray, ev: np.ndarray, k: int, C: np.ndarray, n_boot: int,
               rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` x contrasts draws of the two-stage (events, then articles within events) bootstrap.

    Rows must be sorted by event code ``ev`` (0..E-1).
    """
    n_ev = int(ev.max()) + 1
    size = np.bincount(ev, minlength=n_ev)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    draws = np.full((n_boot, C.shape[0]), np.nan)
    for r in range(n_boot):
        chosen = rng.integers(0, n_ev, size=n_ev)
        lengths = size[chosen]
        cluster = np.repeat(np.arange(n_ev), lengths)
        rows = (np.floor(rng.random(lengths.sum()) * np.repeat(lengths, lengths)).astype(np.int64)
                + np.repeat(start[chosen], lengths))
        b, _ = fe_coefficients(y[rows], g[rows], cluster, k)
        draws[r] = C @ b
    return draws


def _one_measure(name: str, data: pd.DataFrame, order: list[str], *, reference: str | None, pairwise: bool,
                 method: str, n_boot: int, random_state: int, ci: float, func: str) -> pd.DataFrame:
    """Fit one measure; ``data`` has doc_id, _group, _event, y sorted by (event, group, doc_id)."""
    missing = data["y"].isna().to_numpy()
    if missing.any():
        warn_excluded(int(missing.sum()), f"measure {name!r} is missing for these articles")
        data = data[~missing]
    n_groups_in_event = data.groupby(EVENT)[GROUP].transform("nunique")
    single = (n_groups_in_event < 2).to_numpy()
    n_single_events = data.loc[single, EVENT].nunique()
    data = data[~single]
    if n_single_events:
        warn_excluded(int(single.sum()), f"measure {name!r}: {n_single_events} event(s) are covered by a single "
                                         "group, so they carry no within-event comparison (n_events counts the "
                                         "events used)")
    present = [g for g in order if g in set(data[GROUP])]
    lost = [g for g in order if g not in present]
    if lost:
        raise CompareError(f"{func}: measure {name!r}: group(s) {lost} share no event with another group (after "
                           "dropping single-group events and missing values), so no within-event contrast exists "
                           "for them. Leave them out with groups=[...] or check the event column.")
    k = len(order)
    g = pd.Categorical(data[GROUP], categories=order).codes.astype(np.int64)
    ev_labels = sorted(data[EVENT].unique())
    ev = pd.Categorical(data[EVENT], categories=ev_labels).codes.astype(np.int64)
    y = data["y"].to_numpy(dtype=float)
    C, labels = _contrast_matrix(k, order, reference, pairwise)

    # statsmodels fit on the within-event demeaned design (Frisch–Waugh–Lovell: the same group coefficients
    # and residuals as OLS with one dummy per event, without an N x events dense matrix).
    y_dm, D_dm = _demeaned(y, g, ev, k, len(ev_labels))
    if np.linalg.matrix_rank(D_dm) < k - 1:
        raise CompareError(f"{func}: measure {name!r}: the groups cannot be separated from the event effects "
                           "(collinear design: the groups' shared events do not connect them). Compare fewer groups.")
    model = sm.OLS(y_dm, D_dm)
    L = C
    if method == "cluster":
        if len(ev_labels) < 2:
            raise CompareError(f"{func}: measure {name!r}: cluster-robust intervals need at least 2 events with "
                               f"several groups; found {len(ev_labels)}. Use method='bootstrap' or more events.")
        res = model.fit(cov_type="cluster", cov_kwds={"groups": ev}, use_t=True)
        test = res.t_test(L)
        est = np.asarray(test.effect).ravel()
        se = np.asarray(test.sd).ravel()
        lo, hi = np.asarray(test.conf_int(alpha=1 - ci)).T
        stat = np.asarray(test.tvalue).ravel()
        p = np.asarray(test.pvalue).ravel()
        n_ok = pd.NA
    else:
        res = model.fit()
        est = L @ res.params
        rng = np.random.default_rng(random_state)
        draws = _bootstrap(y, g, ev, k, C, n_boot, rng)
        ok = ~np.isnan(draws).any(axis=1)
        draws = draws[ok]
        n_ok = int(ok.sum())
        if n_ok < max(10, n_boot // 2):
            raise CompareError(f"{func}: measure {name!r}: only {n_ok} of {n_boot} bootstrap replicates could be "
                               "fitted (groups missing from resampled events); use method='cluster' or fewer groups.")
        lo, hi = percentile_interval(draws, ci)
        se = draws.std(axis=0, ddof=1)
        stat = est / np.where(se > 0, se, np.nan)
        p = np.minimum(1.0, 2 * np.minimum((draws <= 0).mean(axis=0), (draws >= 0).mean(axis=0)))
        p = np.maximum(p, 1.0 / n_ok)
    n_art = data.groupby(GROUP).size()
    n_evg = data.groupby(GROUP)[EVENT].nunique()
    pair_ev = data.groupby(EVENT)[GROUP].agg(lambda s: frozenset(s))
    rows = []
    for r, (grp, ref) in enumerate(labels):
        shared = int(sum(1 for s in pair_ev if grp in s and ref in s)) if ref in n_art.index else pd.NA
        rows.append({
            "group": grp, "measure": name, "estimate": est[r], "ci_low": lo[r], "ci_high": hi[r],
            "n_articles": int(n_art[grp]), "n_events": int(n_evg[grp]), "reference": ref,
            "se": se[r], "stat": stat[r], "p_value": p[r],
            "n_articles_reference": int(n_art[ref]) if ref in n_art.index else pd.NA,
            "n_events_shared": shared,
            "n_articles_model": len(y), "n_events_model": len(ev_labels), "method": method, "n_boot": n_ok,
        })
    return pd.DataFrame(rows)


def within_event_contrast(
    articles: pd.DataFrame,
    measures: pd.DataFrame | Sequence[str],
    *,
    by: str = "outlet",
    event: str = "event_id",
    reference: str | None = None,
    groups: Sequence[str] | None = None,
    pairwise: bool = False,
    method: str = "bootstrap",
    n_boot: int = 1000,
    random_state: int = 0,
    ci: float = 0.95,
    include_unknown: bool = False,
) -> pd.DataFrame:
    """Group (outlet) differences on per-document measures, within events (event fixed effects), with intervals.

    Parameters
    ----------
    articles
        Canonical article table with ``doc_id``, the ``by`` column and the ``event`` column.
    measures
        Per-document measures keyed by ``doc_id``: a wide table (one numeric or boolean column per
        measure), a long table with exactly ``doc_id, measure, value``, or a list of numeric columns of
        ``articles``. Articles without a measure value and measure rows without an article are left
        out with a warning.
    by
        Group column (``outlet``, ``lean`` or any column).
    event
        Event column: gold ``event_id``, or ``event`` from :mod:`toolkit.events` alignment.
    reference
        None: each group's deviation from the average group (effect coding). A group name: every other
        group's difference from it.
    groups
        Compare only these groups (in this order); default all, sorted.
    pairwise
        True: all pairs of groups (``group`` minus ``reference``), instead of the contrasts above.
    method
        ``"bootstrap"`` (percentile intervals, events then articles resampled) or ``"cluster"``
        (cluster-robust by event, t with events - 1 df).
    n_boot, random_state
        Bootstrap replicates and seed (same seed, same table).
    ci
        Interval coverage.
    include_unknown
        Keep ``unknown``-outlet rows as a group of their own.

    Returns
    -------
    pandas.DataFrame
        Tidy shape (``group, measure, estimate, ci_low, ci_high, n_articles, n_events``) plus
        ``reference`` (``"(average)"`` for effect coding), ``se`` (cluster-robust, or bootstrap SD),
        ``stat`` (t, or estimate / bootstrap SD), ``p_value`` (t test, or two-sided bootstrap
        percentile p), ``n_articles_reference``, ``n_events_shared`` (events with both groups),
        ``n_articles_model``, ``n_events_model`` (used in the fit), ``method``, ``n_boot`` (replicates
        fitted). ``n_articles`` / ``n_events`` count the group's articles / events used in the fit.
    """
    func = "within_event_contrast"
    check_ci(ci, func)
    if method not in METHODS:
        raise CompareError(f"{func}: method must be one of {METHODS}; found {method!r}.")
    if method == "bootstrap" and not (isinstance(n_boot, (int, np.integer)) and n_boot >= 10):
        raise CompareError(f"{func}: n_boot must be an integer >= 10 for method='bootstrap'; found {n_boot!r}.")
    if event is None:
        raise CompareError(f"{func}: a within-event contrast needs an event column; run the event alignment "
                           "(toolkit.events) and pass event='event', or use event='event_id' for gold events.")
    table, order = prepare_articles(articles, by=by, event=event, groups=groups, include_unknown=include_unknown,
                                    func=func)
    if reference is not None and reference not in order:
        raise CompareError(f"{func}: reference {reference!r} is not among the compared groups {order}.")
    if reference is not None and pairwise:
        raise CompareError(f"{func}: pass either reference=... or pairwise=True, not both.")
    wide = prepare_measures(measures, articles, func)
    known = set(table["doc_id"])
    extra = ~wide.index.isin(list(known))
    n_all_ids = int((~wide.index.isin(list(articles["doc_id"].astype("string")))).sum())
    if n_all_ids:
        warn_excluded(n_all_ids, "their doc_id is not in the article table",
                      "Check that the measures were computed on this article table.")
    wide = wide[~extra]
    no_measure = ~table["doc_id"].isin(list(wide.index))
    if no_measure.any():
        warn_excluded(int(no_measure.sum()), "these articles have no row in the measures table")
        table = table[~no_measure.to_numpy()]
    frames = []
    for name in wide.columns:
        data = table.assign(y=wide[name].reindex(table["doc_id"].to_numpy()).to_numpy())
        frames.append(_one_measure(name, data, order, reference=reference, pairwise=pairwise, method=method,
                                   n_boot=n_boot, random_state=random_state, ci=ci, func=func))
    out = pd.concat(frames, ignore_index=True)
    for col in ("n_articles_reference", "n_events_shared", "n_boot"):
        out[col] = out[col].astype("Int64")
    return tidy(out)
