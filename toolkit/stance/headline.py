"""Headline–body stance (FNC-1 labels: agree / disagree / discuss / unrelated).

>>> from toolkit.stance import make_headline_stance_model       # doctest: +SKIP
>>> model = make_headline_stance_model().fit(pairs[["headline", "body"]], pairs["label"])  # doctest: +SKIP
>>> model.predict(new_pairs)                                      # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from .fnc_score import FNC_LABELS, check_labels, expected_score_decision
from .headline_features import HeadlineBodyFeatures
from .headline_stages import TwoStageHeadlineModel


class FNCScoreClassifier(ClassifierMixin, BaseEstimator):
    """Wrap a probabilistic classifier so that ``predict`` returns the label of highest expected FNC-1 score.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
        Fitted on FNC-1 labels (a clone is fitted; the argument is left untouched).
    decision : {"expected_score", "argmax"}, default "expected_score"
    class_weight : dict of str to float, optional
        Weight of each label's training pairs (e.g. ``{"disagree": 3.0}``; labels not named weigh 1),
        passed to the final step as ``sample_weight``. Raises the recall of a rare label at some cost
        in calibration.

    Attributes
    ----------
    estimator_ : fitted clone of ``estimator``
    classes_ : ndarray of str
    parallel_group_by : str
        ``"body"``: :func:`toolkit.parallel.predict` keeps each body's pairs in one partition, because the
        features of a body are computed once for all of its headlines.
    """

    parallel_group_by = "body"

    def __init__(self, estimator=None, decision: str = "expected_score", class_weight: dict | None = None):
        self.estimator = estimator
        self.decision = decision
        self.class_weight = class_weight

    def fit(self, X, y, **fit_params):
        """Check the labels and fit the wrapped estimator."""
        y = check_labels(y, FNC_LABELS, what="FNC-1 stance labels")
        if self.decision not in ("expected_score", "argmax"):
            raise ValueError(f"decision must be 'expected_score' or 'argmax'; found {self.decision!r}.")
        est = clone(self.estimator if self.estimator is not None else _default_head())
        if self.class_weight:
            unknown = sorted(set(self.class_weight) - set(FNC_LABELS))
            if unknown:
                raise ValueError(f"class_weight names labels outside {list(FNC_LABELS)}: {unknown}.")
            w = np.asarray([float(self.class_weight.get(label, 1.0)) for label in y])
            key = f"{est.steps[-1][0]}__sample_weight" if isinstance(est, Pipeline) else "sample_weight"
            fit_params = {**fit_params, key: w}
        self.estimator_ = est.fit(X, y, **fit_params)
        self.classes_ = np.asarray(self.estimator_.classes_, dtype=object)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        """FNC-1 labels (expected-score decision by default)."""
        proba = self.predict_proba(X)
        if self.decision == "argmax":
            return self.classes_[proba.argmax(axis=1)]
        return expected_score_decision(proba, self.classes_)


#: Training weight of the rare "disagree" label in :func:`make_headline_stance_model`.
DEFAULT_CLASS_WEIGHT: dict[str, float] = {"disagree": 6.0}


def _default_head(random_state: int = 0, max_iter: int = 300):
    return HistGradientBoostingClassifier(max_iter=max_iter, learning_rate=0.08, max_leaf_nodes=31,
                                          l2_regularization=1.0, random_state=random_state)


def make_headline_stance_model(*, random_state: int = 0, max_iter: int = 300, n_components: int = 100,
                               decision: str = "expected_score", class_weight: dict | None = "default",
                               two_stage: bool = True, progress: bool = False, word_vectors=None,
                               snippet_vector_weight: float = 1.0) -> FNCScoreClassifier:
    """Headline–body stance model: :class:`HeadlineBodyFeatures` → gradient boosting, expected-score decision.

    By default the gradient boosting is two-staged (:class:`~toolkit.stance.headline_stages.TwoStageHeadlineModel`):
    related or not, then agree / disagree / discuss among related pairs with a claim-masked snippet model beside
    the pair features.

    Parameters
    ----------
    random_state : int, default 0
    max_iter : int, default 300
        Boosting iterations (fewer for quick tests).
    n_components : int, default 100
        LSA dimensions of the similarity features.
    decision : {"expected_score", "argmax"}
    class_weight : dict or None, default ``{"disagree": 6.0}``
        Label weights for training (see :class:`FNCScoreClassifier`). The default was chosen on a
        claim-disjoint fold: disagree recall 0.01 → 0.13 and the FNC-1 score 0.795 → 0.802.
    two_stage : bool, default True
        False: one gradient-boosting model over all four labels (the model before the two stages; 5 claim-disjoint
        folds: relative score 0.744 against 0.754, agree F1 0.478 against 0.522; see the README).
    progress : bool, default False
        tqdm progress while computing features.
    word_vectors : WordVectors, gensim KeyedVectors, path or None, default None
        Domain word vectors (:func:`toolkit.framing.word_vectors.reference_word_vectors`): headline–body cosines of
        mean word vectors join the pair features (:class:`HeadlineBodyFeatures`), and the snippet model reads the
        snippet's mean word vector beside its TF-IDF. 5 claim-disjoint folds with Article-Bias-Prediction's vectors
        (``benchmarks/stance.py fnc --no-official --word-vectors article_bias_prediction``): relative score 0.754
        -> 0.759, see the README for the variants measured.
    snippet_vector_weight : float, default 1.0
        With ``word_vectors`` and two stages: weight of the snippet's mean word vector in the snippet model
        (0: TF-IDF only).

    Returns
    -------
    FNCScoreClassifier
        Unfitted; ``fit(X, y)`` with ``X`` a table of ``headline, body`` and ``y`` FNC-1 labels.
    """
    features = HeadlineBodyFeatures(n_components=n_components, random_state=random_state, progress=progress,
                                    word_vectors=word_vectors)
    head = _default_head(random_state, max_iter)
    if two_stage:
        model = TwoStageHeadlineModel(features=features, head=head, snippet_vector_weight=snippet_vector_weight)
    else:
        model = Pipeline([("features", features), ("model", head)])
    if class_weight == "default":
        class_weight = dict(DEFAULT_CLASS_WEIGHT)
    return FNCScoreClassifier(model, decision=decision, class_weight=class_weight)
