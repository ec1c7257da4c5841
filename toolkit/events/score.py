"""Scores of predicted event groups against gold groups: BCubed precision / recall / F1 and ARI."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score


def _codes(labels) -> np.ndarray:
    return pd.factorize(pd.Series(labels, dtype="object"), use_na_sentinel=False)[0]


def bcubed(pred, gold) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin 1998; Amigó et al. 2009) of a clustering.

    For each item, precision is the share of items in its predicted group that share its gold
    group (itself included), recall the share of its gold group found in its predicted group;
    both are averaged over items, and F1 is their harmonic mean.

    Parameters
    ----------
    pred, gold : array-like
        Group labels of the same items, in the same order (any hashable values).

    Returns
    -------
    (precision, recall, f1) : tuple of float

    Examples
    --------
    >>> bcubed([1, 1, 2, 2], ["a", "a", "b", "b"])
    (1.0, 1.0, 1.0)
    >>> p, r, f = bcubed([1, 1, 1, 1], ["a", "a", "b", "b"]); (p, r)
    (0.5, 1.0)
    """
    p, g = _codes(pred), _codes(gold)
    if len(p) != len(g):
        raise ValueError(f"bcubed: {len(p)} predicted labels but {len(g)} gold labels; pass one of each per item.")
    if len(p) == 0:
        raise ValueError("bcubed: no items to score.")
    # contingency counts n(pred, gold) for each item's cell
    cell = pd.Series(1, index=pd.MultiIndex.from_arrays([p, g])).groupby(level=[0, 1]).transform("size").to_numpy()
    size_p = np.bincount(p)[p]
    size_g = np.bincount(g)[g]
    precision = float(np.mean(cell / size_p))
    recall = float(np.mean(cell / size_g))
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, float(f1)


def score_alignment(pred: pd.DataFrame, gold: pd.DataFrame, *, pred_col: str = "event",
                    gold_col: str = "event_id") -> dict[str, float]:
    """Score predicted events against gold, joined on ``doc_id``.

    Parameters
    ----------
    pred : DataFrame
        ``doc_id`` and ``pred_col`` (e.g. the output of :func:`toolkit.events.align_events`).
    gold : DataFrame
        ``doc_id`` and ``gold_col`` (a canonical table with gold ``event_id``). Articles without a gold
        event are not scored.

    Returns
    -------
    dict
        ``bcubed_precision, bcubed_recall, bcubed_f1, ari, n_scored, n_pred_events, n_gold_events``.

    Raises
    ------
    ValueError
        When a gold article has no prediction (the message lists up to five such doc_ids).
    """
    for frame, col, what in ((pred, pred_col, "predictions"), (gold, gold_col, "gold")):
        missing = [c for c in ("doc_id", col) if c not in frame.columns]
        if missing:
            raise ValueError(f"{what} table lacks column(s) {missing}; found {list(frame.columns)}.")
    g = gold.loc[gold[gold_col].notna(), ["doc_id", gold_col]].astype({"doc_id": str})
    pr = pred[["doc_id", pred_col]].astype({"doc_id": str})
    if pr["doc_id"].duplicated().any():
        dup = pr.loc[pr["doc_id"].duplicated(), "doc_id"].head(5).tolist()
        raise ValueError(f"predictions name some doc_ids more than once (e.g. {dup}); expected one row per article.")
    joined = g.merge(pr, on="doc_id", how="left", suffixes=("_gold", "_pred"))
    gcol = gold_col if gold_col != pred_col else f"{gold_col}_gold"
    pcol = pred_col if gold_col != pred_col else f"{pred_col}_pred"
    lost = joined.loc[joined[pcol].isna(), "doc_id"]
    if len(lost):
        raise ValueError(
            f"{len(lost)} gold articles have no predicted event (e.g. {lost.head(5).tolist()}); "
            "align the same articles you score."
        )
    p, r, f = bcubed(joined[pcol].astype(str), joined[gcol].astype(str))
    return {
        "bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f,
        "ari": float(adjusted_rand_score(_codes(joined[gcol].astype(str)), _codes(joined[pcol].astype(str)))),
        "n_scored": int(len(joined)), "n_pred_events": int(joined[pcol].nunique()),
        "n_gold_events": int(joined[gcol].nunique()),
    }
