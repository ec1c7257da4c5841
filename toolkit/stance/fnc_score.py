"""FNC-1 scoring: the relative score, per-class F1, the confusion matrix, and the expected-score decision.

The FNC-1 score gives 0.25 for a correct related/unrelated decision and a further 0.75 for the exact
label (agree / disagree / discuss) of a related pair; the *relative* score divides by the best possible.

>>> fnc_relative_score(["agree", "unrelated"], ["agree", "unrelated"])
1.0
>>> round(fnc_relative_score(["agree", "unrelated"], ["discuss", "unrelated"]), 4)
0.4
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: FNC-1 labels in the order used for matrices and probability columns.
FNC_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED: frozenset[str] = frozenset({"agree", "disagree", "discuss"})


class StanceLabelError(ValueError):
    """A label outside the expected label set."""


def check_labels(labels: Sequence[str], allowed: Sequence[str] = FNC_LABELS, *, what: str = "labels") -> np.ndarray:
    """Return ``labels`` as an array of str, raising :class:`StanceLabelError` if any is not in ``allowed``."""
    arr = np.asarray([str(x).strip().lower() if x is not None else "" for x in labels], dtype=object)
    bad = sorted(set(arr) - set(allowed))
    if bad:
        raise StanceLabelError(
            f"{what}: expected only {list(allowed)}, found {len(bad)} other value(s): {bad[:5]}. "
            "Fix or drop those rows before scoring / training.")
    return arr


def score_matrix(labels: Sequence[str] = FNC_LABELS) -> np.ndarray:
    """``S[i, j]`` = FNC-1 points for predicting ``labels[i]`` when the truth is ``labels[j]``."""
    n = len(labels)
    s = np.zeros((n, n))
    for i, p in enumerate(labels):
        for j, t in enumerate(labels):
            if (p in RELATED) == (t in RELATED):
                s[i, j] += 0.25
            if p == t and t in RELATED:
                s[i, j] += 0.75
    return s


def fnc_relative_score(y_true: Sequence[str], y_pred: Sequence[str], sample_weight=None) -> float:
    """FNC-1 relative score: points earned / best possible points (between 0 and 1).

    ``sample_weight`` (optional) weights pairs, e.g. to restore the unrelated share of a test set.
    """
    t = check_labels(y_true, what="y_true")
    p = check_labels(y_pred, what="y_pred")
    if len(t) != len(p):
        raise ValueError(f"y_true and y_pred differ in length ({len(t)} vs {len(p)}).")
    if len(t) == 0:
        raise ValueError("fnc_relative_score needs at least one pair; found none.")
    rel_t = np.isin(t, list(RELATED))
    rel_p = np.isin(p, list(RELATED))
    w = np.ones(len(t)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    earned = (w * (0.25 * (rel_t == rel_p) + 0.75 * ((t == p) & rel_t))).sum()
    best = (w * (0.25 + 0.75 * rel_t)).sum()
    return float(earned / best)


def fnc_report(y_true: Sequence[str], y_pred: Sequence[str]) -> dict:
    """Relative score, per-class precision / recall / F1, macro-F1 and the confusion matrix.

    Returns
    -------
    dict
        ``relative_score`` (float), ``per_class`` (DataFrame label, precision, recall, f1, support),
        ``macro_f1`` (float), ``confusion`` (DataFrame, rows = gold, columns = predicted).
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    t = check_labels(y_true, what="y_true")
    p = check_labels(y_pred, what="y_pred")
    prec, rec, f1, sup = precision_recall_fscore_support(t, p, labels=list(FNC_LABELS), zero_division=0)
    per_class = pd.DataFrame({"label": FNC_LABELS, "precision": prec, "recall": rec, "f1": f1, "support": sup})
    cm = pd.DataFrame(confusion_matrix(t, p, labels=list(FNC_LABELS)),
                      index=pd.Index(FNC_LABELS, name="gold"), columns=pd.Index(FNC_LABELS, name="predicted"))
    return {"relative_score": fnc_relative_score(t, p), "per_class": per_class,
            "macro_f1": float(np.mean(f1)), "confusion": cm}


def expected_score_decision(proba: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """The label with the highest expected FNC-1 score under the class probabilities ``proba``.

    Predicting related label ``l`` earns ``0.25 * P(related) + 0.75 * P(l)``; predicting unrelated earns
    ``0.25 * P(unrelated)``. This differs from the arg-max when the related mass is split across labels.

    >>> expected_score_decision(np.array([[0.2, 0.0, 0.2, 0.6]]), FNC_LABELS).tolist()
    ['agree']
    """
    classes = list(classes)
    s = score_matrix(classes)
    expected = np.asarray(proba) @ s.T  # (n, predicted label)
    return np.asarray(classes, dtype=object)[expected.argmax(axis=1)]


def unrelated_share_weights(y_true: Sequence[str], share: float = 0.731) -> np.ndarray:
    """Pair weights giving unrelated pairs the share ``share`` (FNC-1 train: 0.731; competition test: 0.722).

    Claim-disjoint folds keep few unrelated pairs (both sides must be in the fold); weighting makes
    their scores comparable with the official split's class mix.
    """
    t = check_labels(y_true, what="y_true")
    unrel = t == "unrelated"
    n_u, n_r = unrel.sum(), (~unrel).sum()
    if n_u == 0 or n_r == 0:
        return np.ones(len(t))
    return np.where(unrel, share / n_u, (1 - share) / n_r) * len(t)
