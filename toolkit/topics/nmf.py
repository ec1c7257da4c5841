"""Non-negative matrix factorisation (scikit-learn) behind the same interface as :class:`LdaTopics`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from toolkit.topics._base import TopicsBase


def _csr(bows, V: int) -> sp.csr_matrix:
    indptr = np.zeros(len(bows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(b) for b in bows])
    idx = np.fromiter((i for b in bows for i, _ in b), dtype=np.int64, count=int(indptr[-1]))
    val = np.fromiter((c for b in bows for _, c in b), dtype=float, count=int(indptr[-1]))
    return sp.csr_matrix((val, idx, indptr), shape=(len(bows), V))


class NmfTopics(TopicsBase):
    """NMF topics (scikit-learn :class:`~sklearn.decomposition.NMF`) on TF-IDF of the filtered vocabulary.

    Same tokenising, vocabulary filters, ``transform`` table, terms, labels, coherence and persistence
    as :class:`~toolkit.topics.LdaTopics`. Doc-topic shares are the NMF weights scaled to sum to one;
    ``topic_term_`` rows are the components scaled to sum to one. NMF has no posterior, so prevalence
    intervals from it carry sampling uncertainty only.

    Parameters
    ----------
    n_topics, no_below, no_above, keep_n, phrases, phrase_min_count, phrase_threshold, lemmatize, text, random_state
        As in :class:`~toolkit.topics.LdaTopics`.
    tfidf : bool, default True
        Weight counts by smoothed IDF and L2-normalise rows (else raw counts).
    max_iter : int, default 400
        NMF iterations.
    init : str, default "nndsvda"
        NMF initialisation.
    """

    backend = "nmf"

    def __init__(self, n_topics: int = 10, *, no_below: int = 5, no_above: float = 0.5, keep_n: int | None = 50000,
                 tfidf: bool = True, max_iter: int = 400, init: str = "nndsvda", phrases: bool = False,
                 phrase_min_count: int = 5, phrase_threshold: float = 10.0,
                 lemmatize: Callable[[str], str] | None = None, text: str = "text",
                 random_state: int = 0) -> None:
        self.n_topics = n_topics
        self.no_below = no_below
        self.no_above = no_above
        self.keep_n = keep_n
        self.tfidf = tfidf
        self.max_iter = max_iter
        self.init = init
        self.phrases = phrases
        self.phrase_min_count = phrase_min_count
        self.phrase_threshold = phrase_threshold
        self.lemmatize = lemmatize
        self.text = text
        self.random_state = random_state

    def _weights(self, bows) -> sp.csr_matrix:
        X = _csr(bows, len(self.vocabulary_))
        if self.tfidf:
            X = X.multiply(self.idf_[None, :]).tocsr()
            norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1))).ravel()
            norms[norms == 0] = 1.0
            X = sp.diags(1.0 / norms) @ X
        return sp.csr_matrix(X)

    def _fit_bows(self, bows, V: int) -> None:
        from sklearn.decomposition import NMF

        df = np.zeros(V)
        for b in bows:
            for i, _ in b:
                df[i] += 1
        self.idf_ = np.log((1 + len(bows)) / (1 + df)) + 1.0
        self.model_ = NMF(n_components=int(self.n_topics), init=self.init, max_iter=self.max_iter,
                          random_state=self.random_state)
        self.model_.fit(self._weights(bows))
        H = self.model_.components_
        self.topic_term_ = H / np.maximum(H.sum(axis=1, keepdims=True), 1e-300)

    def _infer(self, bows) -> np.ndarray:
        W = self.model_.transform(self._weights(bows))
        s = W.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            theta = W / s
        theta[(s == 0).ravel()] = 1.0 / self.n_topics  # no weight on any topic: uniform (empty docs become NaN)
        return theta

    def score(self, X, y=None) -> float:
        """Minus the Frobenius reconstruction error of ``X``'s weights per document (higher is better)."""
        bows = self.bows(X)
        V = self._weights(bows)
        W = self.model_.transform(V)
        R = V - sp.csr_matrix(W @ self.model_.components_)
        return -float(np.sqrt(R.multiply(R).sum())) / max(1, len(bows))

    def _arrays(self) -> dict[str, np.ndarray]:
        return {"components": self.model_.components_, "idf": self.idf_}

    def _restore(self, arrays: dict[str, np.ndarray]) -> None:
        from sklearn.decomposition import NMF

        model = NMF(n_components=int(self.n_topics), init=self.init, max_iter=self.max_iter,
                    random_state=self.random_state)
        model.components_ = arrays["components"]
        model.n_components_ = int(self.n_topics)
        model.n_features_in_ = arrays["components"].shape[1]
        model._n_components = int(self.n_topics)
        self.model_ = model
        self.idf_ = arrays["idf"]
        H = model.components_
        self.topic_term_ = H / np.maximum(H.sum(axis=1, keepdims=True), 1e-300)
