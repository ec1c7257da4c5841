"""Honest evaluation of frame classifiers: random and topic-grouped folds, with the constant baseline beside.

:func:`cross_validate_frames` returns per-fold scores of a model **and** of the constant baseline
(:class:`MostFrequentFrames`: always predict the k most common training frames, k chosen on the training
fold) on the same folds, plus per-frame F1 pooled over folds. ``split="topic"`` holds out whole topics:
documents are grouped by :func:`topic_groups` (k-means on TF-IDF/LSA vectors of the texts; no labels used)
and folds are :class:`~sklearn.model_selection.GroupKFold` over those groups, so no topic is in both the
training and the test fold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold
from sklearn.preprocessing import normalize
from tqdm.auto import tqdm

from toolkit.framing.classifier import FrameClassifier, as_texts
from toolkit.framing.schemes import load_scheme


class MostFrequentFrames(ClassifierMixin, BaseEstimator):
    """Constant baseline: every document gets the ``k`` most frequent training frames.

    Parameters
    ----------
    k : int or None, default None
        Number of frames; None chooses the k that maximises micro-F1 on the training labels.
    """

    def __init__(self, k: int | None = None):
        self.k = k

    def fit(self, X, y) -> MostFrequentFrames:
        """Count frames in ``y`` (label lists, or single labels for primary-frame mode)."""
        clf = FrameClassifier(min_examples=0)
        self.multilabel_ = not isinstance(next(iter(y)), str)
        if not self.multilabel_:
            counts = pd.Series([str(v) for v in y]).value_counts()
            self.classes_ = np.array(sorted(counts.index), dtype=object)
            self.top_ = np.array([counts.index[0]], dtype=object)
            return self
        Y, names = clf._indicator(y)
        self.classes_ = np.array(names, dtype=object)
        order = np.argsort(-Y.sum(axis=0), kind="stable")
        if self.k is None:
            scores = []
            for k in range(1, len(names) + 1):
                P = np.zeros_like(Y)
                P[:, order[:k]] = 1
                scores.append(f1_score(Y, P, average="micro", zero_division=0))
            k = int(np.argmax(scores)) + 1
        else:
            k = int(self.k)
        self.top_ = self.classes_[order[:k]]
        return self

    def predict(self, X) -> np.ndarray:
        n = len(as_texts(X))
        if not self.multilabel_:
            return np.array([self.top_[0]] * n, dtype=object)
        row = np.isin(self.classes_, self.top_).astype(int)
        return np.tile(row, (n, 1))


def topic_groups(X, n_topics: int = 8, random_state: int = 0) -> np.ndarray:
    """Topic id per document: k-means (``n_topics``) on length-normalised LSA (100 d) of TF-IDF vectors.

    Unsupervised (no labels): used to build folds that hold out whole topics.
    """
    texts = as_texts(X)
    A = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.8, stop_words="english").fit_transform(texts)
    dims = max(2, min(100, A.shape[1] - 1, len(texts) - 1))
    Z = normalize(TruncatedSVD(dims, random_state=random_state).fit_transform(A))
    return KMeans(n_topics, n_init=10, random_state=random_state).fit_predict(Z)


def _folds(n: int, split: str, n_splits: int, groups, labels, random_state: int):
    idx = np.arange(n)
    if split == "random":
        if labels is not None:
            return list(StratifiedKFold(n_splits, shuffle=True, random_state=random_state).split(idx, labels))
        return list(KFold(n_splits, shuffle=True, random_state=random_state).split(idx))
    if split == "topic":
        return list(GroupKFold(n_splits).split(idx, groups=groups))
    raise ValueError(f"split must be 'random' or 'topic', found {split!r}")


def cross_validate_frames(X, y, estimator=None, *, split: str = "random", n_splits: int = 5, groups=None,
                          n_topics: int = 8, random_state: int = 0, progress: bool = True
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cross-validate a frame classifier and the constant baseline on the same folds.

    Parameters
    ----------
    X : texts or article table
    y : label lists (multi-label) or single labels (primary frame)
    estimator : estimator, default ``FrameClassifier()``
    split : {"random", "topic"}
        Random (stratified for single labels) folds, or folds holding out whole topics.
    groups : array-like, optional
        Topic (or outlet / event) id per document for ``split="topic"``; default :func:`topic_groups`.

    Returns
    -------
    scores : DataFrame
        ``model, split, fold, micro_f1, macro_f1`` (multi-label) or ``model, split, fold, accuracy, macro_f1``.
    per_frame : DataFrame
        ``model, split, frame, f1, support`` pooled over folds (multi-label only; empty otherwise).
    """
    texts = as_texts(X)
    y = list(y)
    estimator = FrameClassifier() if estimator is None else estimator
    multilabel = not isinstance(y[0], str)
    if split == "topic" and groups is None:
        groups = topic_groups(texts, n_topics=n_topics, random_state=random_state)
    folds = _folds(len(texts), split, n_splits, groups, None if multilabel else y, random_state)
    models = {"model": estimator, "constant": MostFrequentFrames()}
    names = None
    if multilabel:
        y = [list(labels) for labels in y]
        names = FrameClassifier(scheme=getattr(estimator, "scheme", None), min_examples=0)._indicator(y)[1]
        scheme = getattr(estimator, "scheme", None)
        if scheme is not None:
            y = [load_scheme(scheme).canonical_labels(labels) for labels in y]
    rows, pooled = [], {m: [] for m in models}
    for fold, (tr, te) in enumerate(tqdm(folds, desc=f"{split} folds", disable=not progress)):
        for label, est in models.items():
            model = clone(est).fit([texts[i] for i in tr], [y[i] for i in tr])
            Xte = [texts[i] for i in te]
            if multilabel:
                Yp = _align(model.predict(Xte), model.classes_, names)
                Yt = _binarize([y[i] for i in te], names)
                pooled[label].append((Yt, Yp))
                rows.append({"model": label, "split": split, "fold": fold,
                             "micro_f1": f1_score(Yt, Yp, average="micro", zero_division=0),
                             "macro_f1": f1_score(Yt, Yp, average="macro", zero_division=0)})
            else:
                pred = model.predict(Xte)
                truth = [y[i] for i in te]
                rows.append({"model": label, "split": split, "fold": fold,
                             "accuracy": accuracy_score(truth, pred.astype(str)),
                             "macro_f1": f1_score(truth, pred.astype(str), average="macro", zero_division=0)})
    per_frame = []
    if multilabel:
        for label, parts in pooled.items():
            Yt = np.vstack([p[0] for p in parts])
            Yp = np.vstack([p[1] for p in parts])
            f1 = f1_score(Yt, Yp, average=None, zero_division=0)
            per_frame += [{"model": label, "split": split, "frame": n, "f1": float(f), "support": int(s)}
                          for n, f, s in zip(names, f1, Yt.sum(axis=0))]
    return pd.DataFrame(rows), pd.DataFrame(per_frame, columns=["model", "split", "frame", "f1", "support"])


def _binarize(label_lists: list[list[str]], names: list[str]) -> np.ndarray:
    index = {n: j for j, n in enumerate(names)}
    Y = np.zeros((len(label_lists), len(names)), dtype=int)
    for i, labels in enumerate(label_lists):
        for label in labels:
            Y[i, index[label]] = 1
    return Y


def _align(Y: np.ndarray, classes, names: list[str]) -> np.ndarray:
    """Indicator columns reordered to ``names`` (frames the model dropped are all 0)."""
    out = np.zeros((Y.shape[0], len(names)), dtype=int)
    for j, c in enumerate(classes):
        out[:, names.index(c)] = Y[:, j]
    return out


def summarise(scores: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard deviation over folds per model and split."""
    metrics = [c for c in ("micro_f1", "macro_f1", "accuracy") if c in scores]
    agg = scores.groupby(["model", "split"], sort=False)[metrics].agg(["mean", "std"])
    agg.columns = [f"{m}_{s}" for m, s in agg.columns]
    return agg.reset_index()
