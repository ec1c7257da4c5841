"""Two-stage headline–body stance: related or not from the pair features, then the stance among related pairs
with a claim-masked snippet model beside them.

Stage 1 is the gradient-boosting model on :class:`~toolkit.stance.headline_features.HeadlineBodyFeatures` over
all four FNC-1 labels; only its "unrelated" probability is used. Stage 2 is a second gradient-boosting model,
fitted on the related pairs only, that tells agree / disagree / discuss apart from the same features plus the
log-probabilities of a **snippet model**:

* the *snippet* of a pair is the body's ``snippet_sentences`` sentences most similar to the headline (in body
  order), with every content word of the headline replaced by ``hw``
  (:meth:`~toolkit.stance.headline_features.HeadlineBodyFeatures.transform_with_snippets`, computed in the
  same pass as the features). Masking leaves the words *around* the claim — "reportedly", "denied", "hoax",
  "confirmed", "according to" — and hides the claim itself, so what the model learns carries over to claims it
  has never seen;
* the snippet model is TF-IDF (words) + multinomial logistic regression over agree / disagree /
  discuss. Its log-probabilities for the training pairs are **out of fold**, over folds disjoint in claims
  (:func:`~toolkit.stance.splits.claim_groups`), so stage 2 sees them as noisy as they are on a new claim.

The output is ``P(unrelated)`` from stage 1 and ``(1 - P(unrelated)) · P(label | related)`` from stage 2.

Measured on FNC-1's training data, 5 claim-disjoint folds (``benchmarks/stance.py fnc --run-folds 5``; the
competition test set was never read): see the README's stance section for the numbers and the one-stage
model beside them.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from .fnc_score import FNC_LABELS, RELATED, check_labels
from .headline_features import HeadlineBodyFeatures, as_pairs

#: The label order of stage 2 and of the snippet model.
RELATED_LABELS: tuple[str, ...] = tuple(label for label in FNC_LABELS if label in RELATED)


class SnippetVectorizer(TransformerMixin, BaseEstimator):
    """A snippet's TF-IDF row beside its unit-length mean word vector times ``weight`` (sparse).

    Parameters
    ----------
    tfidf : TfidfVectorizer
        Unfitted; fitted by :meth:`fit`.
    word_vectors : WordVectors
    weight : float
    """

    def __init__(self, tfidf, word_vectors, weight: float = 1.0):
        self.tfidf = tfidf
        self.word_vectors = word_vectors
        self.weight = weight

    def fit(self, texts, y=None):
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts, y=None):
        self.tfidf_ = clone(self.tfidf)
        return self._stack(self.tfidf_.fit_transform(texts), texts)

    def transform(self, texts):
        check_is_fitted(self, "tfidf_")
        return self._stack(self.tfidf_.transform(texts), texts)

    def _stack(self, tf, texts):
        from scipy.sparse import csr_matrix, hstack

        return hstack([tf, csr_matrix(self.word_vectors.document_vectors(list(texts)) * float(self.weight))]).tocsr()


class TwoStageHeadlineModel(ClassifierMixin, BaseEstimator):
    """Related-or-not, then agree / disagree / discuss with a claim-masked snippet model (module docstring).

    Parameters
    ----------
    features : HeadlineBodyFeatures, optional
        Pair features of both stages (default ``HeadlineBodyFeatures()``).
    head : classifier, optional
        Model of each stage (cloned twice); default: the gradient boosting of
        :func:`~toolkit.stance.make_headline_stance_model`.
    snippet_sentences : int, default 3
    snippet_C : float, default 1.0
        Inverse regularisation of the snippet model.
    snippet_folds : int, default 4
        Claim-disjoint folds for the snippet model's out-of-fold log-probabilities.
    snippet_ngram_max : int, default 1
        Longest word n-gram of the snippet model's TF-IDF. Bigrams measured the same on 5 claim-disjoint folds
        (relative score 0.753 against 0.754, reweighted 0.803 against 0.804, with snippets ranked by word
        overlap) and cost twice the time.
    snippet_vector_weight : float, default 0.0
        When the pair features have word vectors (``HeadlineBodyFeatures(word_vectors=...)``): weight of the
        snippet's unit-length mean word vector beside its TF-IDF in the snippet model (0: TF-IDF only).

    Attributes
    ----------
    features_, stage1_, stage2_ : fitted estimators (``stage2_`` is None when the training pairs hold fewer than
        two related labels; then stage 1's probabilities are returned as they are)
    snippet_vectorizer_, snippet_model_ : the snippet model fitted on all related training pairs
    classes_ : ndarray of str
    """

    def __init__(self, features=None, head=None, snippet_sentences: int = 3, snippet_C: float = 1.0,
                 snippet_folds: int = 4, snippet_ngram_max: int = 1, snippet_vector_weight: float = 0.0):
        self.snippet_vector_weight = snippet_vector_weight
        self.features = features
        self.head = head
        self.snippet_sentences = snippet_sentences
        self.snippet_C = snippet_C
        self.snippet_folds = snippet_folds
        self.snippet_ngram_max = snippet_ngram_max

    def _head(self):
        if self.head is not None:
            return clone(self.head)
        from .headline import _default_head

        return _default_head()

    def _snippet_fit(self, texts: list[str], y: np.ndarray):
        # snippets are lower-cased tokens joined by spaces: split on spaces, nothing else to normalise
        vec = TfidfVectorizer(ngram_range=(1, self.snippet_ngram_max), min_df=2, sublinear_tf=True,
                              max_features=50000, token_pattern=r"\S+", lowercase=False)
        vectors = getattr(self.features_, "word_vectors_", None)
        if vectors is not None and float(self.snippet_vector_weight) > 0:
            vec = SnippetVectorizer(vec, vectors, float(self.snippet_vector_weight))
        model = LogisticRegression(C=self.snippet_C, max_iter=2000, class_weight="balanced")
        return vec, model.fit(vec.fit_transform(texts), y)

    @staticmethod
    def _log_proba(vec, model, texts: list[str]) -> np.ndarray:
        """Snippet log-probabilities in :data:`RELATED_LABELS` order (a label the model never saw: log 1e-6)."""
        out = np.full((len(texts), len(RELATED_LABELS)), np.log(1e-6))
        if len(texts):
            lp = model.predict_log_proba(vec.transform(texts))
            for j, label in enumerate(model.classes_):
                out[:, RELATED_LABELS.index(label)] = lp[:, j]
        return out

    def _oof(self, pairs: pd.DataFrame, texts: list[str], y: np.ndarray) -> np.ndarray:
        from .splits import claim_groups

        heads, _ = claim_groups(pairs.assign(label=y), headline="headline", body="body", label="label")
        n_splits = min(self.snippet_folds, len(np.unique(heads)))
        if n_splits < 2:
            raise ValueError(f"the related training pairs hold {len(np.unique(heads))} claim(s); the snippet model's "
                             "out-of-fold scores need at least 2. Train on pairs about more than one claim.")
        out = np.zeros((len(texts), len(RELATED_LABELS)))
        for tr, te in GroupKFold(n_splits).split(texts, groups=heads):
            if len(np.unique(y[tr])) < 2:
                out[te] = np.log(1.0 / len(RELATED_LABELS))
                continue
            vec, model = self._snippet_fit([texts[i] for i in tr], y[tr])
            out[te] = self._log_proba(vec, model, [texts[i] for i in te])
        return out

    def fit(self, X, y, sample_weight=None) -> TwoStageHeadlineModel:
        """Fit both stages on pairs ``X`` (``headline``, ``body``) and FNC-1 labels ``y``."""
        y = np.asarray(check_labels(y, FNC_LABELS, what="FNC-1 stance labels"), dtype=object)
        pairs = as_pairs(X)
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        features = self.features if self.features is not None else HeadlineBodyFeatures()
        self.features_ = clone(features).fit(pairs)
        F, snippets = self.features_.transform_with_snippets(pairs, self.snippet_sentences)
        self.stage1_ = self._head().fit(F, y, sample_weight=weight)
        self.classes_ = np.asarray(self.stage1_.classes_, dtype=object)
        related = np.flatnonzero(np.isin(y, RELATED_LABELS))
        self.stage2_ = self.snippet_vectorizer_ = self.snippet_model_ = None
        if len(np.unique(y[related])) < 2:
            warnings.warn(f"the training pairs hold {len(np.unique(y[related]))} related label(s); stage 2 needs two "
                          "or more, so the model is stage 1 alone", UserWarning, stacklevel=2)
            return self
        texts = [snippets[i] for i in related]
        oof = self._oof(pairs.iloc[related].reset_index(drop=True), texts, y[related])
        self.snippet_vectorizer_, self.snippet_model_ = self._snippet_fit(texts, y[related])
        self.stage2_ = self._head().fit(np.hstack([F[related], oof]), y[related], sample_weight=weight[related])
        return self

    def stage_features(self, X) -> tuple[np.ndarray, np.ndarray | None]:
        """The pair features of ``X`` and the snippet model's log-probabilities (None without stage 2)."""
        check_is_fitted(self, "stage1_")
        if self.stage2_ is None:
            return self.features_.transform(as_pairs(X)), None
        F, snippets = self.features_.transform_with_snippets(as_pairs(X), self.snippet_sentences)
        return F, self._log_proba(self.snippet_vectorizer_, self.snippet_model_, snippets)

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities in ``classes_`` order."""
        F, snip = self.stage_features(X)
        return self.combine(F, snip)

    def combine(self, F: np.ndarray, snip: np.ndarray | None) -> np.ndarray:
        """Probabilities from :meth:`stage_features`' output: stage 1's P(unrelated), stage 2 for the rest."""
        p1 = self.stage1_.predict_proba(F)
        if self.stage2_ is None:
            return p1
        p2 = self.stage2_.predict_proba(np.hstack([F, snip]))
        classes = list(self.classes_)
        unrelated = p1[:, classes.index("unrelated")] if "unrelated" in classes else np.zeros(len(p1))
        out = np.zeros_like(p1)
        stage2 = list(self.stage2_.classes_)
        for j, label in enumerate(classes):
            if label == "unrelated":
                out[:, j] = unrelated
            elif label in stage2:
                out[:, j] = (1.0 - unrelated) * p2[:, stage2.index(label)]
        return out

    def predict(self, X) -> np.ndarray:
        """The most probable label (:class:`~toolkit.stance.FNCScoreClassifier` adds the expected-score rule)."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


__all__ = ["RELATED_LABELS", "SnippetVectorizer", "TwoStageHeadlineModel"]
