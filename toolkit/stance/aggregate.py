"""From mention-level actor stance to articles and outlets, with intervals, in toolkit.compare's tidy shape.

The per-article measure is the mean over the article's mentions of ``P(positive) − P(negative)``
(between −1 and 1), one measure per target (``stance:<target>``). :func:`actor_stance_contrast` hands
that measure table to :func:`toolkit.compare.within_event_contrast` (outlet differences within events);
:func:`group_stance` gives each group's level with a bootstrap interval over articles, in the same columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..compare import TIDY_COLUMNS, within_event_contrast


def score_mentions(model, mentions: pd.DataFrame) -> pd.DataFrame:
    """Add ``p_negative, p_neutral, p_positive, label, stance`` (= p_positive − p_negative) to a mention table."""
    out = mentions.copy()
    if len(out) == 0:
        for c in ("p_negative", "p_neutral", "p_positive", "stance"):
            out[c] = pd.Series(dtype=float)
        out["label"] = pd.Series(dtype=object)
        return out
    proba = model.predict_proba(out)
    classes = list(model.classes_)
    for c in ("negative", "neutral", "positive"):
        out[f"p_{c}"] = proba[:, classes.index(c)]
    out["label"] = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
    out["stance"] = out["p_positive"] - out["p_negative"]
    return out


def article_stance(scored: pd.DataFrame) -> pd.DataFrame:
    """Per-article stance measures, wide: ``doc_id`` plus ``stance:<target>`` (mean over its mentions).

    Articles without a mention of a target have a missing value for that target.
    """
    needed = {"doc_id", "target", "stance"}
    if not needed <= set(scored.columns):
        raise ValueError(f"article_stance expects scored mentions with {sorted(needed)} (see score_mentions); "
                         f"found {list(scored.columns)}.")
    wide = scored.pivot_table(index="doc_id", columns="target", values="stance", aggfunc="mean")
    wide.columns = [f"stance:{c}" for c in wide.columns]
    return wide.reset_index()


def actor_stance_contrast(articles: pd.DataFrame, scored: pd.DataFrame, *, target: str, by: str = "outlet",
                          event: str = "event", **kwargs) -> pd.DataFrame:
    """Group differences in stance toward ``target`` within events, via :func:`toolkit.compare.within_event_contrast`.

    Only articles that mention the target take part. Extra keyword arguments (``n_boot``, ``method``,
    ``random_state``, ``reference`` …) go to ``within_event_contrast``.
    """
    measures = article_stance(scored[scored["target"] == target])
    if measures.shape[1] < 2:
        raise ValueError(f"no mention of {target!r} in the scored mentions; targets found: "
                         f"{sorted(scored['target'].unique())[:10]}.")
    keep = articles[articles["doc_id"].astype(str).isin(measures["doc_id"].astype(str))]
    return within_event_contrast(keep, measures, by=by, event=event, **kwargs)


def group_stance(articles: pd.DataFrame, scored: pd.DataFrame, *, by: str = "outlet", event: str | None = None,
                 n_boot: int = 1000, ci: float = 0.95, random_state: int = 0, min_articles: int = 1) -> pd.DataFrame:
    """Each group's mean article stance toward each target, with a percentile bootstrap interval over articles.

    Returns the tidy columns (``group, measure, estimate, ci_low, ci_high, n_articles, n_events``) plus
    ``n_mentions``. Groups that are missing or ``"unknown"`` are left out.
    """
    measures = article_stance(scored).melt(id_vars="doc_id", var_name="measure", value_name="value").dropna()
    cols = ["doc_id", by] + ([event] if event else [])
    table = measures.merge(articles[cols].astype({"doc_id": str}), on="doc_id", how="inner")
    table = table[table[by].notna() & (table[by].astype(str).str.lower() != "unknown")]
    n_mentions = scored.groupby(["doc_id", "target"]).size()
    rng = np.random.default_rng(random_state)
    alpha = (1 - ci) / 2
    rows = []
    for (group, measure), sub in table.groupby([by, "measure"], sort=True):
        if len(sub) < min_articles:
            continue
        v = sub["value"].to_numpy(dtype=float)
        boot = rng.choice(v, size=(n_boot, len(v)), replace=True).mean(axis=1) if len(v) > 1 else np.repeat(v, 2)
        target = measure.split(":", 1)[1]
        rows.append({"group": group, "measure": measure, "estimate": float(v.mean()),
                     "ci_low": float(np.quantile(boot, alpha)), "ci_high": float(np.quantile(boot, 1 - alpha)),
                     "n_articles": len(v), "n_events": sub[event].nunique() if event else pd.NA,
                     "n_mentions": int(sum(n_mentions.get((d, target), 0) for d in sub["doc_id"]))})
    return pd.DataFrame(rows, columns=[*TIDY_COLUMNS, "n_mentions"])
