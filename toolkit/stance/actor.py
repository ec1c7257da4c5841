"""Stance toward a named actor: negative / neutral / positive toward a target mention in a sentence.

Trained on NewsMTSC (sentence, target span, polarity). Input is a table with ``sentence``, ``start``,
``end`` (character offsets of the mention) and optionally ``further_mentions`` (other mentions of the
same target); :func:`toolkit.stance.find_mentions` makes such a table from raw articles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from .actor_features import TargetContextFeatures
from .fnc_score import check_labels

#: Actor-stance labels, and NewsMTSC's polarity codes for them.
ACTOR_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
POLARITY_TO_LABEL: dict[float, str] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
LABEL_TO_POLARITY: dict[str, float] = {v: k for k, v in POLARITY_TO_LABEL.items()}


class ActorStanceClassifier(ClassifierMixin, BaseEstimator):
    """Target-masked context features → logistic regression.

    Parameters
    ----------
    C : float, default 0.5
        Inverse regularisation of the logistic regression (chosen by grouped 5-fold CV on NewsMTSC train, folds
        disjoint in sentences: macro-F1 0.663 at 0.35–0.5, 0.660 at 0.25 and at 1, 0.659 at 2;
        ``benchmarks/stance.py actor-cv``-style runs).
    window : int, default 8
        Words each side of a mention for the window lexicon score.
    class_weight : None or "balanced", default "balanced"
    dense_scale : float, default 1.0
        Weight of the lexicon / position features against the word features.
    char_window : int, default 6
        Character n-grams of the words within this many tokens of the mention (0: off).
    embeddings : bool, default False
        Add a sentence-embedding block (:class:`TargetEmbeddingFeatures`: masked sentence and window
        around the mention) beside the TF-IDF / lexicon features. Needs the optional extra
        (``pip install -e ".[embeddings]"``).
    embedding_scale : float, default 1.0
        Weight of the embedding block against the other features.
    embedder : SentenceEmbedder or None, default None
        The embedder of that block; None = ``SentenceEmbedder()`` (all-MiniLM-L6-v2, default cache).
    word_vectors : WordVectors, gensim KeyedVectors, path or None, default None
        Domain word vectors (core install; :func:`toolkit.framing.word_vectors.reference_word_vectors`, word2vec
        on a large unlabelled news corpus): mean vectors of the masked sentence and of the words near the mention
        beside the other features (:class:`TargetContextFeatures`). Grouped 5-fold CV on NewsMTSC train with
        Article-Bias-Prediction's vectors: see the README.
    word_vector_weight : float, default 0.5
        Weight of each word-vector block (0.5 scored best of 0.5 / 1 / 2 in that CV).
    induced_lexicon_weight : float, default 1.0
        With ``word_vectors``: weight of the lexicon sums over valences induced from VADER through the vectors
        (:func:`toolkit.stance.lexicons.induced_valences`; 0: off). Grouped CV macro-F1 0.689 → 0.695.
    random_state : int, default 0

    Attributes
    ----------
    pipeline_ : Pipeline
    classes_ : ndarray of str
    """

    def __init__(self, C: float = 0.5, window: int = 8, class_weight: str | None = "balanced",
                 dense_scale: float = 1.0, char_window: int = 6, embeddings: bool = False,
                 embedding_scale: float = 1.0, embedder=None, word_vectors=None, word_vector_weight: float = 0.5,
                 induced_lexicon_weight: float = 1.0, random_state: int = 0):
        self.C = C
        self.induced_lexicon_weight = induced_lexicon_weight
        self.word_vectors = word_vectors
        self.word_vector_weight = word_vector_weight
        self.embeddings = embeddings
        self.embedding_scale = embedding_scale
        self.embedder = embedder
        self.char_window = char_window
        self.window = window
        self.class_weight = class_weight
        self.dense_scale = dense_scale
        self.random_state = random_state

    def fit(self, X, y):
        """Fit on a target table ``X`` (see module docstring) and labels negative / neutral / positive."""
        y = check_labels(y, ACTOR_LABELS, what="actor stance labels")
        features = TargetContextFeatures(window=self.window, dense_scale=self.dense_scale,
                                         char_window=self.char_window, word_vectors=self.word_vectors,
                                         word_vector_weight=self.word_vector_weight,
                                         induced_lexicon_weight=self.induced_lexicon_weight)
        if self.embeddings:
            from sklearn.pipeline import FeatureUnion

            from .actor_embeddings import TargetEmbeddingFeatures

            features = FeatureUnion([("context", features),
                                     ("embeddings", TargetEmbeddingFeatures(embedder=self.embedder,
                                                                            scale=self.embedding_scale))])
        self.pipeline_ = Pipeline([
            ("features", features),
            ("model", LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000,
                                         random_state=self.random_state)),
        ]).fit(X, y)
        self.classes_ = np.asarray(self.pipeline_.classes_, dtype=object)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities, columns in ``classes_`` order."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        """Labels negative / neutral / positive."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def newsmtsc_targets(records) -> pd.DataFrame:
    """Flatten NewsMTSC JSON-lines records (one sentence, several targets) to one row per target.

    Returns ``line, target_index, sentence, start, end, mention, further_mentions, label`` (label is
    missing where a target has no ``polarity``). Raises ``ValueError`` on a polarity outside 2 / 4 / 6.
    """
    rows = []
    for i, rec in enumerate(records):
        sentence = rec.get("sentence_normalized", rec.get("sentence"))
        if sentence is None:
            raise ValueError(f"NewsMTSC line {i + 1}: expected a 'sentence_normalized' field; found keys {sorted(rec)}.")
        for j, t in enumerate(rec.get("targets", [])):
            pol = t.get("polarity")
            if pol is not None and float(pol) not in POLARITY_TO_LABEL:
                raise ValueError(f"NewsMTSC line {i + 1}, target {j + 1}: polarity {pol!r} is not one of 2.0 "
                                 "(negative), 4.0 (neutral), 6.0 (positive).")
            rows.append({"line": i, "target_index": j, "sentence": sentence, "start": t["from"], "end": t["to"],
                         "mention": t.get("mention"), "further_mentions": t.get("further_mentions") or [],
                         "label": POLARITY_TO_LABEL.get(float(pol)) if pol is not None else None})
    return pd.DataFrame(rows, columns=["line", "target_index", "sentence", "start", "end", "mention",
                                       "further_mentions", "label"])


def make_actor_stance_model(**params) -> ActorStanceClassifier:
    """The default actor-stance model (parameters chosen on NewsMTSC train by cross-validation)."""
    return ActorStanceClassifier(**params)
