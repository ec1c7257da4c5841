"""Topic prevalence by outlet, within events and over time, with intervals carrying topic-model uncertainty.

The Python counterpart of stm's ``estimateEffect`` for media research, expressed through
:func:`toolkit.compare.within_event_contrast` so the result is the same tidy table as every other outlet
comparison (``group, measure, estimate, ci_low, ci_high, n_articles, n_events`` …; ``measure`` is the
topic name and ``label`` its label).

Model, per topic ``k``: ``θ_dk = α_group(d) + γ_block(d) + e_d`` where the block is the event (event
fixed effects: outlets are compared on the same events) or, with ``event=None, time=...``, the time
period (time fixed effects). With ``by_period=True`` the group effects are estimated separately in each
period (the outlet × time interaction), one set of rows per ``period``.

Intervals (``n_draws > 0``, LDA): the method of composition (Treier & Jackman 2008, as in stm): for each of
``n_draws`` draws of every document's topic shares from its variational posterior ``Dirichlet(γ_d)``, fit
the fixed-effects regression (cluster-robust by block), then draw ``n_sims`` coefficients from its
sampling distribution (t with blocks − 1 df); the interval is the percentile interval of the pooled
draws, so it carries both topic-model and sampling uncertainty. The point estimate is the fit on the
posterior-mean shares (what ``transform`` returns). With ``n_draws=0`` (or an NMF model, which has no
posterior) the intervals are :func:`~toolkit.compare.within_event_contrast`'s own (``method=``), which
carry sampling uncertainty only.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from toolkit.compare import CompareWarning, within_event_contrast
from toolkit.topics._base import TopicModelError, TopicModelWarning, TopicsBase

PERIOD = "period"


def _periods(articles: pd.DataFrame, time: str, freq: str) -> pd.Series:
    if time not in articles.columns:
        raise TopicModelError(f"topic_prevalence: time={time!r} is not a column of the article table "
                              f"(columns: {list(articles.columns)}); pass time='published' or time=None.")
    when = pd.to_datetime(articles[time], utc=True, errors="coerce")
    try:
        period = when.dt.tz_convert(None).dt.to_period(freq).astype(str)
    except (ValueError, TypeError) as exc:
        raise TopicModelError(f"topic_prevalence: freq={freq!r} is not a pandas period frequency ({exc}); "
                              "use e.g. 'M', 'Q' or 'Y'.") from exc
    return period.where(when.notna(), None)


def _composition(articles, draws, names, point, *, by, block, n_sims, ci, rng, kwargs, progress):
    """Replace the intervals of ``point`` by method-of-composition intervals over posterior draws."""
    pooled = []
    key = ["group", "reference", "measure"]
    for m in tqdm(range(draws.shape[0]), desc="posterior draws", disable=not progress):
        table = pd.DataFrame(draws[m], columns=names)
        table.insert(0, "doc_id", articles["doc_id"].astype(str).to_numpy())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CompareWarning)  # the same exclusions as the point fit, said once
            res = within_event_contrast(articles, table, by=by, event=block, method="cluster", ci=ci, **kwargs)
        res = point[key].merge(res, on=key, how="left")
        df = np.maximum(res["n_events_model"].to_numpy(dtype=float) - 1, 1)
        t = rng.standard_t(df[:, None], size=(len(res), n_sims))
        pooled.append(res["estimate"].to_numpy(dtype=float)[:, None] + res["se"].to_numpy(dtype=float)[:, None] * t)
    sims = np.concatenate(pooled, axis=1)
    ok = ~np.isnan(sims)
    alpha = (1 - ci) / 2
    lo = np.array([np.quantile(s[o], alpha) if o.any() else np.nan for s, o in zip(sims, ok)])
    hi = np.array([np.quantile(s[o], 1 - alpha) if o.any() else np.nan for s, o in zip(sims, ok)])
    out = point.copy()
    out["ci_low"], out["ci_high"] = lo, hi
    with np.errstate(invalid="ignore"):
        out["se"] = np.nanstd(sims, axis=1, ddof=1)
        below, above = np.nanmean(sims <= 0, axis=1), np.nanmean(sims >= 0, axis=1)
    out["stat"] = out["estimate"] / out["se"]
    out["p_value"] = np.clip(2 * np.minimum(below, above), 1.0 / sims.shape[1], 1.0)
    out["method"] = "composition"
    out["n_draws"] = draws.shape[0]
    out["n_boot"] = sims.shape[1]
    return out


def topic_prevalence(
    articles: pd.DataFrame,
    model: TopicsBase | None = None,
    *,
    doc_topics: pd.DataFrame | None = None,
    by: str = "outlet",
    event: str | None = "event_id",
    time: str | None = None,
    freq: str = "Q",
    by_period: bool = False,
    topics: Sequence[str] | None = None,
    reference: str | None = None,
    pairwise: bool = False,
    groups: Sequence[str] | None = None,
    n_draws: int = 20,
    n_sims: int = 50,
    method: str = "cluster",
    ci: float = 0.95,
    random_state: int = 0,
    progress: bool = False,
) -> pd.DataFrame:
    """How topic shares differ between outlets (or leans), within events or periods, with intervals.

    Parameters
    ----------
    articles
        Canonical article table with ``doc_id``, the ``by`` column, the ``event`` column and/or ``time``.
    model
        A fitted :class:`LdaTopics` / :class:`NmfTopics`; ``transform(articles)`` gives the shares.
    doc_topics
        A doc-topic table (``doc_id`` + topic columns) to use instead of ``model.transform(articles)``.
    by
        Group column (``outlet``, ``lean`` …); needs at least two groups.
    event
        Event column (gold ``event_id`` or ``event`` from :mod:`toolkit.events`): event fixed effects.
        None: use time periods as the fixed-effect blocks (needs ``time``).
    time, freq
        Date column and pandas period frequency (``"M"``, ``"Q"``, ``"Y"``) for time blocks or
        ``by_period``.
    by_period
        Estimate the group effects separately in every period (outlet × time); adds a ``period`` column.
    topics
        Topic columns to compare (default all).
    reference, pairwise, groups, ci
        As in :func:`toolkit.compare.within_event_contrast` (default: each group against the average group).
    n_draws, n_sims
        Posterior draws of the topic shares and coefficient draws per posterior draw (method of composition).
        ``n_draws=0`` gives intervals without topic-model uncertainty.
    method
        Interval method of :func:`~toolkit.compare.within_event_contrast` when ``n_draws=0`` or the model
        has no posterior (``"cluster"`` or ``"bootstrap"``).
    random_state
        Seed of the posterior and coefficient draws (same seed, same table).

    Returns
    -------
    DataFrame
        The tidy shape of :mod:`toolkit.compare` (``group, measure, estimate, ci_low, ci_high, n_articles,
        n_events``, ``reference``, ``se``, ``p_value`` …) plus ``label`` (the topic's label), ``method``
        (``"composition"`` or the sampling-only method), ``n_draws`` and, with ``by_period``, ``period``.
    """
    if model is None and doc_topics is None:
        raise TopicModelError("topic_prevalence: pass a fitted topic model (model=...) or a doc-topic table "
                              "(doc_topics=model.transform(articles)).")
    if not isinstance(articles, pd.DataFrame) or len(articles) == 0:
        raise TopicModelError("topic_prevalence: expected a non-empty canonical article table (DataFrame).")
    if by not in articles.columns:
        raise TopicModelError(f"topic_prevalence: by={by!r} is not a column of the article table "
                              f"(columns: {list(articles.columns)}); pass by='outlet' or by='lean'.")
    n_groups = articles[by].dropna().astype(str).str.strip().replace("unknown", pd.NA).dropna().nunique()
    if n_groups < 2:
        raise TopicModelError(f"topic_prevalence: by={by!r} has {n_groups} group(s) in this table; a comparison "
                              "needs at least two (choose another by= column, or a corpus with several outlets).")
    if event is None and time is None:
        raise TopicModelError("topic_prevalence: give event fixed effects (event='event_id', or 'event' from "
                              "toolkit.events) or time blocks (event=None, time='published').")
    if doc_topics is None:
        doc_topics = model.transform(articles)
    names = list(topics) if topics is not None else [c for c in doc_topics.columns if c != "doc_id"]
    missing = [t for t in names if t not in doc_topics.columns]
    if missing:
        raise TopicModelError(f"topic_prevalence: topics {missing} are not columns of the doc-topic table "
                              f"({[c for c in doc_topics.columns if c != 'doc_id']}).")
    arts = articles.reset_index(drop=True).copy()
    if time is not None:
        arts[PERIOD] = _periods(arts, time, freq)
    block = event if event is not None else PERIOD
    if event is None:
        n_undated = int(arts[PERIOD].isna().sum())
        if n_undated:
            warnings.warn(f"topic_prevalence: {n_undated} article(s) have no {time!r} and are left out of the "
                          "time blocks.", TopicModelWarning, stacklevel=2)
            arts = arts[arts[PERIOD].notna()].reset_index(drop=True)
    use_draws = n_draws > 0 and hasattr(model, "sample_doc_topics")
    if n_draws > 0 and not use_draws:
        warnings.warn("topic_prevalence: the model has no posterior over topic shares (NMF, or only doc_topics "
                      f"given), so the intervals ({method}) carry sampling uncertainty only.",
                      TopicModelWarning, stacklevel=2)
    shares = doc_topics.set_index(doc_topics["doc_id"].astype(str))[names]
    rng = np.random.default_rng(random_state)
    kwargs = {"reference": reference, "pairwise": pairwise, "groups": groups}

    def one(part: pd.DataFrame) -> pd.DataFrame:
        mean = shares.reindex(part["doc_id"].astype(str).to_numpy()).reset_index()
        mean.columns = ["doc_id", *names]
        point = within_event_contrast(part, mean, by=by, event=block, method="cluster" if use_draws else method,
                                      ci=ci, random_state=random_state, **kwargs)
        if not use_draws:
            point["n_draws"] = 0
            return point
        draws = model.sample_doc_topics(part, n_draws, random_state=int(rng.integers(2**32)))
        cols = [model.topic_names_.index(t) for t in names]
        return _composition(part, draws[:, :, cols], names, point, by=by, block=block, n_sims=n_sims, ci=ci,
                            rng=rng, kwargs=kwargs, progress=progress)

    if by_period:
        if time is None or event is None:
            raise TopicModelError("topic_prevalence: by_period=True needs time='published' (or another date column) "
                                  "and an event column: within each period the outlets are compared on the same "
                                  "events (with event=None a period is a single block and has no within-period "
                                  "variance to estimate from).")
        frames = []
        for period, part in arts[arts[PERIOD].notna()].groupby(PERIOD, sort=True):
            part = part.reset_index(drop=True)
            try:
                res = one(part)
            except ValueError as exc:  # too few groups / events in this period
                warnings.warn(f"topic_prevalence: period {period} is left out: {exc}", TopicModelWarning,
                              stacklevel=2)
                continue
            res.insert(0, PERIOD, period)
            frames.append(res)
        if not frames:
            raise TopicModelError(f"topic_prevalence: no period (freq={freq!r}) has enough groups and events for a "
                                  "comparison; use a coarser freq (e.g. 'Y') or by_period=False.")
        out = pd.concat(frames, ignore_index=True)
    else:
        out = one(arts)
    labels = getattr(model, "labels_", {}) if model is not None else {}
    out.insert(out.columns.get_loc("n_events") + 1, "label", out["measure"].map(lambda m: labels.get(m, m)))
    return out
