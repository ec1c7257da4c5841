"""Within-event contrasts: how groups (outlets) differ on the same events.

Model, per measure: ``y_d = alpha_group(d) + gamma_event(d) + e_d`` fitted by OLS (statsmodels) with event
fixed effects (absorbed by within-event demeaning, which gives the same estimates as one dummy per event),
so a group's effect is estimated only from comparisons with other groups inside the same events, never
from which events it chose to cover. Reported contrasts of the
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
  gives exactly the statsmodels point estimate on the original sample. ``resample="events"`` resamples
  events only.

Calibration on the demo's outlet x event structure (200 original articles, 9 outlets, 16 events; frame
indicators simulated from the planted propensities, 1000 seeds, 10,000 null pairs; share of null pairs
called different at nominal 5 %; ``benchmarks/compare.py --calibration --seeds 1000``): cluster 0.054
(power 0.975 for planted gaps >= 0.5); bootstrap events+articles (B=200) 0.016, power 0.932 (conservative:
the second stage adds within-event noise the first already carries); bootstrap events-only 0.103, power
0.985 (percentile intervals from 16 events are too narrow). The default is therefore ``method="cluster"``,
the one whose false-positive rate is near the nominal level; the bootstrap suits measures whose sampling
distribution is far from normal, and errs on the safe side.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from toolkit.compare._checks import EVENT, GROUP, CompareError, prepare_articles, prepare_measures, warn, warn_excluded
from toolkit.compare._tidy import check_ci, percentile_interval, tidy

METHODS = ("bootstrap", "cluster")
RESAMPLE = ("events+articles", "events")


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


def _group_dummies(g: np.ndarray, k: int) -> np.ndarray:
    """0/1 columns for groups 1..k-1 (group 0 is the base of the treatment coding)."""
    D = np.zeros((len(g), k - 1))
    nz = np.flatnonzero(g > 0)
    D[nz, g[nz] - 1] = 1.0
    return D


def demean_within(M: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Subtract each cluster's column means from ``M``; rows of a cluster are contiguous, from ``starts``."""
    sizes = np.diff(np.append(starts, len(M)))
    means = np.add.reduceat(M, starts, axis=0) / sizes[:, None]
    return M - np.repeat(means, sizes, axis=0)


def fe_coefficients(Y: np.ndarray, g: np.ndarray, starts: np.ndarray, k: int) -> np.ndarray:
    """Group coefficients (treatment vs group 0) of ``Y ~ group + cluster FE`` by demeaning + least squares.

    ``Y`` is (rows x measures), rows sorted so that each cluster is contiguous (``starts``). Returns a
    (k-1 x measures) array, all NaN when the group dummies are collinear after demeaning (a group absent,
    or never sharing a cluster with another group).
    """
    Z = demean_within(np.hstack([_group_dummies(g, k), Y]), starts)
    D_dm, Y_dm = Z[:, : k - 1], Z[:, k - 1:]
    B, _, rank, _ = np.linalg.lstsq(D_dm, Y_dm, rcond=None)
    if rank < k - 1:
        return np.full((k - 1, Y.shape[1]), np.nan)
    return B


def _resamples(ev: np.ndarray, n_boot: int, rng: np.random.Generator, articles: bool = True):
    """Row indices and event starts of each replicate of the two-stage bootstrap (events, then articles)."""
    n_ev = int(ev.max()) + 1
    size = np.bincount(ev, minlength=n_ev)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    for _ in range(n_boot):
        chosen = rng.integers(0, n_ev, size=n_ev)
        lengths = size[chosen]
        new_starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        if articles:
            within = np.floor(rng.random(lengths.sum()) * np.repeat(lengths, lengths)).astype(np.int64)
        else:
            within = np.arange(lengths.sum()) - np.repeat(new_starts, lengths)
        yield within + np.repeat(start[chosen], lengths), new_starts


def _boot_fits(block: list, Y: np.ndarray, g: np.ndarray, k: int, C: np.ndarray) -> np.ndarray:
    """Contrast draws of a block of replicates ``[(rows, starts), …]``."""
    out = np.full((len(block), C.shape[0], Y.shape[1]), np.nan)
    for r, (rows, new_starts) in enumerate(block):
        out[r] = C @ fe_coefficients(Y[rows], g[rows], new_starts, k)
    return out


def _bootstrap(Y: np.ndarray, g: np.ndarray, ev: np.ndarray, k: int, C: np.ndarray, n_boot: int,
               rng: np.random.Generator, articles: bool = True, client=None) -> np.ndarray:
    """(n_boot x contrasts x measures) draws of the two-stage bootstrap: events, then articles within events.

    Rows must be sorted by event code ``ev`` (0..E-1). ``articles=False`` keeps each resampled event's
    articles as they are (events-only cluster bootstrap). With a Dask ``client`` the resamples are drawn
    here, from the same generator in the same order, and only the fits run on the cluster, in blocks: the
    draws are identical to the in-process ones.
    """
    resamples = _resamples(ev, n_boot, rng, articles)
    if client is None:
        draws = np.full((n_boot, C.shape[0], Y.shape[1]), np.nan)
        for r, (rows, new_starts) in enumerate(resamples):
            draws[r] = C @ fe_coefficients(Y[rows], g[rows], new_starts, k)
        return draws
    from toolkit.parallel import n_workers, partitions

    shared = {name: client.scatter(v, broadcast=True) for name, v in (("Y", Y), ("g", g), ("C", C))}
    futures = []
    for part in partitions(n_boot, 4 * n_workers(client)):  # blocks sent as they are drawn
        block = [next(resamples) for _ in range(part.stop - part.start)]
        futures.append(client.submit(_boot_fits, block, k=k, pure=False, **shared))
    return np.concatenate(client.gather(futures), axis=0)


def _fit_block(names: list[str], data: pd.DataFrame, order: list[str], *, reference: str | None, pairwise: bool,
               method: str, n_boot: int, random_state: int, ci: float, resample: str, func: str,
               client=None) -> pd.DataFrame:
    """Fit measures that share the same usable rows.

    ``data`` has ``doc_id, _group, _event`` and one column per name, no missing values, sorted by
    (event, group, doc_id).
    """
    label = repr(names[0]) if len(names) == 1 else f"{names[0]!r} (and {len(names) - 1} more)"
    n_groups_in_event = data.groupby(EVENT)[GROUP].transform("nunique")
    single = (n_groups_in_event < 2).to_numpy()
    n_single_events = data.loc[single, EVENT].nunique()
    data = data[~single]
    if n_single_events:
        warn_excluded(int(single.sum()), f"measure {label}: {n_single_events} event(s) are covered by a single "
                                         "group (or have one article), so they carry no within-event comparison "
                                         "(n_events_model counts the events used)")
    lost = [grp for grp in order if grp not in set(data[GROUP])]
    if lost:
        raise CompareError(f"{func}: measure {label}: group(s) {lost} share no event with another group (after "
                           "dropping single-group events and missing values), so no within-event contrast exists "
                           "for them. Leave them out with groups=[...] or check the event column.")
    k = len(order)
    g = pd.Categorical(data[GROUP], categories=order).codes.astype(np.int64)
    ev_labels = sorted(data[EVENT].unique())
    ev = pd.Categorical(data[EVENT], categories=ev_labels).codes.astype(np.int64)
    starts = np.flatnonzero(np.r_[True, ev[1:] != ev[:-1]])
    Y = data[names].to_numpy(dtype=float)
    C, labels = _contrast_matrix(k, order, reference, pairwise)

    # statsmodels fits on the within-event demeaned design (Frisch–Waugh–Lovell: the same group coefficients
    # and residuals as OLS with one dummy per event, without an N x events dense matrix).
    Z = demean_within(np.hstack([_group_dummies(g, k), Y]), starts)
    D_dm = Z[:, : k - 1]
    if np.linalg.matrix_rank(D_dm) < k - 1:
        raise CompareError(f"{func}: measure {label}: the groups cannot be separated from the event effects "
                           "(collinear design: the groups' shared events do not connect them). Compare fewer groups.")
    if method == "cluster" and len(ev_labels) < 2:
        raise CompareError(f"{func}: measure {label}: cluster-robust intervals need at least 2 events with "
                           f"several groups; found {len(ev_labels)}. Use method='bootstrap' or more events.")
    if method == "bootstrap":
        draws_all = _bootstrap(Y, g, ev, k, C, n_boot, np.random.default_rng(random_state),
                               articles=resample == "events+articles", client=client)
    n_art = data.groupby(GROUP).size()
    n_evg = data.groupby(GROUP)[EVENT].nunique()
    covers = data.groupby(EVENT)[GROUP].agg(frozenset)
    rows = []
    for m, name in enumerate(names):
        if method == "cluster":
            res = sm.OLS(Z[:, k - 1 + m], D_dm).fit(cov_type="cluster", cov_kwds={"groups": ev}, use_t=True)
            with np.errstate(invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                test = res.t_test(C)
            est = np.asarray(test.effect).ravel()
            se = np.asarray(test.sd).ravel()
            lo, hi = np.asarray(test.conf_int(alpha=1 - ci)).T
            stat = np.asarray(test.tvalue).ravel()
            p = np.asarray(test.pvalue).ravel()
            n_ok = pd.NA
            degenerate = ~(se > 1e-12 * max(1.0, float(np.abs(est).max())))
            if degenerate.any():
                lo, hi, se, stat, p = (np.where(degenerate, np.nan, v) for v in (lo, hi, se, stat, p))
                warn(f"measure {name!r}: the cluster-robust variance is zero or undefined for "
                              f"{int(degenerate.sum())} contrast(s) (a group in too few events to estimate it); "
                              "their intervals are NaN. Use method='bootstrap' or more events.")
        else:
            est = C @ sm.OLS(Z[:, k - 1 + m], D_dm).fit().params
            draws = draws_all[:, :, m]
            draws = draws[~np.isnan(draws).any(axis=1)]
            n_ok = len(draws)
            if n_ok < max(10, n_boot // 2):
                raise CompareError(f"{func}: measure {name!r}: only {n_ok} of {n_boot} bootstrap replicates could be "
                                   "fitted (groups missing from resampled events); use method='cluster' or fewer "
                                   "groups.")
            lo, hi = percentile_interval(draws, ci)
            se = draws.std(axis=0, ddof=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                stat = est / se
            p = 2 * np.minimum((draws <= 0).mean(axis=0), (draws >= 0).mean(axis=0))
            p = np.clip(p, 1.0 / n_ok, 1.0)
        for r, (grp, ref) in enumerate(labels):
            is_group = ref in n_art.index
            rows.append({
                "group": grp, "measure": name, "estimate": est[r], "ci_low": lo[r], "ci_high": hi[r],
                "n_articles": int(n_art[grp]), "n_events": int(n_evg[grp]), "reference": ref,
                "se": se[r], "stat": stat[r], "p_value": p[r],
                "n_articles_reference": int(n_art[ref]) if is_group else pd.NA,
                "n_events_shared": int(sum(grp in c and ref in c for c in covers)) if is_group else pd.NA,
                "n_articles_model": len(Y), "n_events_model": len(ev_labels), "method": method, "n_boot": n_ok,
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
    method: str = "cluster",
    n_boot: int = 1000,
    random_state: int = 0,
    ci: float = 0.95,
    resample: str = "events+articles",
    include_unknown: bool = False,
    client=None,
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
        ``"cluster"`` (default: cluster-robust by event, t with events - 1 df; calibrated, see above)
        or ``"bootstrap"`` (percentile intervals, events then articles resampled; conservative).
    n_boot, random_state
        Bootstrap replicates and seed (same seed, same table).
    ci
        Interval coverage.
    resample
        Bootstrap scheme: ``"events+articles"`` (events with replacement, then articles with replacement
        within each resampled event; conservative) or ``"events"`` (events only, each with all its articles).
    include_unknown
        Keep ``unknown``-outlet rows as a group of their own.
    client
        A ``dask.distributed.Client``: the bootstrap fits run on the Dask cluster (resamples drawn here from
        ``random_state``, so the result is identical to ``client=None``). Ignored for ``method="cluster"``.

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
    if resample not in RESAMPLE:
        raise CompareError(f"{func}: resample must be one of {RESAMPLE}; found {resample!r}.")
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
    values = wide.reindex(table["doc_id"].to_numpy())
    missing = values.isna().to_numpy()
    for m, name in enumerate(wide.columns):
        if missing[:, m].any():
            warn_excluded(int(missing[:, m].sum()), f"measure {name!r} is missing for these articles")
    # Measures with the same missing rows share one bootstrap (the same resamples; results do not depend
    # on which other measures are passed, because every block restarts the generator at random_state).
    blocks: dict[bytes, list[int]] = {}
    for m in range(missing.shape[1]):
        blocks.setdefault(np.packbits(missing[:, m]).tobytes(), []).append(m)
    frames = []
    for cols in blocks.values():
        keep = ~missing[:, cols[0]]
        names = [str(wide.columns[m]) for m in cols]
        data = table[keep].reset_index(drop=True)
        for m, name in zip(cols, names):
            data[name] = values.iloc[:, m].to_numpy()[keep]
        frames.append(_fit_block(names, data, order, reference=reference, pairwise=pairwise, method=method,
                                 n_boot=n_boot, random_state=random_state, ci=ci, resample=resample, func=func,
                                 client=client))
    out = pd.concat(frames, ignore_index=True)
    rank = {str(c): i for i, c in enumerate(wide.columns)}
    out = out.iloc[np.argsort(out["measure"].map(rank).to_numpy(), kind="stable")]
    for col in ("n_articles_reference", "n_events_shared", "n_boot"):
        out[col] = out[col].astype("Int64")
    return tidy(out)
