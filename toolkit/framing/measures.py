"""Per-document frame tables keyed by ``doc_id``: the shape :mod:`toolkit.compare` and the plots accept.

``frame_table``  long: ``doc_id, scheme, frame, probability, primary`` — one row per predicted frame
                 (the same shape as gold frame tables, so an evaluation is a join).
``frame_measures``  wide: ``doc_id`` + one numeric column per frame (0/1 presence, or probabilities),
                 ready for :func:`toolkit.compare.within_event_contrast`.
``out_of_fold_frames``  predictions for a labelled corpus where every document is predicted by a model
                 that never saw it (for outlet comparisons on the corpus a model was trained on).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import KFold

from toolkit.framing.classifier import FrameClassifier, as_texts


def _doc_ids(articles: pd.DataFrame) -> list[str]:
    if not isinstance(articles, pd.DataFrame) or "doc_id" not in articles:
        raise ValueError("expected a canonical article table with a doc_id column; found "
                         f"{type(articles).__name__} {list(getattr(articles, 'columns', []))}")
    return articles["doc_id"].astype(str).tolist()


def frame_measures(model: FrameClassifier, articles: pd.DataFrame, *, kind: str = "presence") -> pd.DataFrame:
    """Wide per-document frame table: ``doc_id`` + one column per frame.

    Parameters
    ----------
    model : fitted FrameClassifier (multi-label)
    articles : canonical article table
    kind : {"presence", "probability"}
        0/1 predicted presence (after thresholds) or calibrated probability.
    """
    if kind not in ("presence", "probability"):
        raise ValueError(f"kind must be 'presence' or 'probability', found {kind!r}")
    values = model.predict(articles) if kind == "presence" else model.predict_proba(articles)
    out = pd.DataFrame(np.asarray(values, dtype=float), columns=list(model.classes_))
    out.insert(0, "doc_id", _doc_ids(articles))
    return out


def frame_table(model: FrameClassifier, articles: pd.DataFrame, *, scheme: str | None = None) -> pd.DataFrame:
    """Long table of predicted frames: ``doc_id, scheme, frame, probability, primary``."""
    ids = _doc_ids(articles)
    P = model.predict_proba(articles)
    Y = model.predict(articles)
    if not model.multilabel_:
        Y = (model.classes_[None, :] == np.asarray(Y, dtype=object)[:, None]).astype(int)
    primary = np.argmax(P, axis=1)
    name = scheme or (getattr(model._scheme(), "name", None) if model.scheme is not None else None) or "frames"
    rows = [{"doc_id": d, "scheme": name, "frame": model.classes_[j], "probability": float(P[i, j]),
             "primary": bool(j == primary[i])}
            for i, d in enumerate(ids) for j in np.flatnonzero(Y[i])]
    return pd.DataFrame(rows, columns=["doc_id", "scheme", "frame", "probability", "primary"])


def out_of_fold_frames(articles: pd.DataFrame, labels, estimator: FrameClassifier | None = None, *,
                       n_splits: int = 5, random_state: int = 0) -> pd.DataFrame:
    """Wide 0/1 frame presence for every labelled document, each predicted by a model trained on the other folds."""
    estimator = FrameClassifier() if estimator is None else estimator
    ids = _doc_ids(articles)
    texts = as_texts(articles)
    labels = list(labels)
    parts = []
    for tr, te in KFold(n_splits, shuffle=True, random_state=random_state).split(texts):
        model = clone(estimator).fit([texts[i] for i in tr], [labels[i] for i in tr])
        part = pd.DataFrame(model.predict([texts[i] for i in te]).astype(float), columns=list(model.classes_))
        part.insert(0, "doc_id", [ids[i] for i in te])
        parts.append(part)
    out = pd.concat(parts, ignore_index=True).fillna(0.0)
    return out.set_index("doc_id").loc[ids].reset_index()
