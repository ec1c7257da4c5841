"""Shared machinery of the topic-model backends: input handling, the gensim dictionary, checks, terms, labels."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from toolkit.tokenize import PhraseDetector, iter_tokens, learn_phrases


class TopicModelError(ValueError):
    """Bad input to a topic model: says what was expected, what was found and which parameter to change."""


class TopicModelWarning(UserWarning):
    """Something in the input was left out or looks unreliable (documents empty after tokenising …)."""


def _is_token_lists(X) -> bool:
    if isinstance(X, (pd.DataFrame, str, bytes)):
        return False
    try:
        first = next(iter(X))
    except (StopIteration, TypeError):
        return False
    return isinstance(first, (list, tuple))


def doc_ids_of(X, n: int | None = None) -> list[str]:
    """``doc_id`` of each input document: the table's column, else positions ``"0", "1", …``."""
    if isinstance(X, pd.DataFrame):
        if "doc_id" not in X.columns:
            raise TopicModelError(f"expected a canonical article table with a doc_id column; found columns "
                                  f"{list(X.columns)}. Add doc_id (unique per article) or pass a list of texts.")
        return X["doc_id"].astype(str).tolist()
    if n is None:
        n = len(X)
    return [str(i) for i in range(n)]


def topic_names(k: int) -> list[str]:
    """Column names of the doc-topic table: ``topic_01`` … (zero-padded so they sort)."""
    width = max(2, len(str(k)))
    return [f"topic_{i + 1:0{width}d}" for i in range(k)]


class TopicsBase(TransformerMixin, BaseEstimator):
    """Common part of :class:`~toolkit.topics.LdaTopics` and :class:`~toolkit.topics.NmfTopics`.

    Subclasses implement ``_fit_bows(bows, V)`` (setting ``topic_term_``) and ``_infer(bows)`` (doc-topic
    shares, rows summing to one).
    """

    # ------------------------------------------------------------------ input
    def tokens(self, X) -> Iterable[list[str]]:
        """Token lists of ``X`` as this model tokenises them (phrases applied once fitted).

        ``X`` is a canonical table (its ``text`` column, or the column named by ``text``), a sequence of
        strings, or a sequence of token lists (used as they are, apart from learned phrases).
        """
        phrases = getattr(self, "phrases_", None)
        if _is_token_lists(X):
            as_list = (t if isinstance(t, list) else list(t) for t in X)
            return (phrases(t) for t in as_list) if phrases is not None else as_list
        if isinstance(X, pd.DataFrame) and self.text not in X.columns:
            raise TopicModelError(f"{type(self).__name__}: the table has no text column {self.text!r} "
                                  f"(columns: {list(X.columns)}); pass text=<column> when creating the model.")
        return iter_tokens(X, self.text, phrases=phrases, lemmatize=self.lemmatize)

    def _learn_phrases(self, X) -> None:
        self.phrases_ = None
        if self.phrases:
            if _is_token_lists(X):
                from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

                self.phrases_ = PhraseDetector(Phrases([list(t) for t in X], min_count=self.phrase_min_count,
                                                       threshold=self.phrase_threshold,
                                                       connector_words=ENGLISH_CONNECTOR_WORDS).freeze())
            else:
                self.phrases_ = learn_phrases(X, self.text, min_count=self.phrase_min_count,
                                             threshold=self.phrase_threshold, lemmatize=self.lemmatize)

    def _check_params(self) -> None:
        name = type(self).__name__
        if not (isinstance(self.n_topics, (int, np.integer)) and self.n_topics >= 2):
            raise TopicModelError(f"{name}: n_topics must be an integer >= 2; found {self.n_topics!r}.")
        if not (isinstance(self.no_below, (int, np.integer)) and self.no_below >= 1):
            raise TopicModelError(f"{name}: no_below (minimum document frequency of a term) must be an integer "
                                  f">= 1; found {self.no_below!r}.")
        if not (0 < float(self.no_above) <= 1):
            raise TopicModelError(f"{name}: no_above (maximum share of documents a term may appear in) must be in "
                                  f"(0, 1]; found {self.no_above!r}.")

    def _build_dictionary(self, X):
        """One streaming pass: count terms into a gensim Dictionary, filter, return (dictionary, bows)."""
        from gensim.corpora import Dictionary

        name = type(self).__name__
        dictionary = Dictionary()
        raw = [dictionary.doc2bow(toks, allow_update=True) for toks in self.tokens(X)]
        n_docs = len(raw)
        if n_docs == 0:
            raise TopicModelError(f"{name}.fit: no documents were given (an empty table or list).")
        n_empty_tok = sum(1 for b in raw if not b)
        if n_empty_tok == n_docs:
            raise TopicModelError(f"{name}.fit: all {n_docs} documents are empty after tokenising (stopwords, digits "
                                  "and one-letter tokens are removed); check the text column "
                                  f"(text={self.text!r}).")
        before = len(dictionary)
        old_token2id = dict(dictionary.token2id)
        dictionary.filter_extremes(no_below=int(self.no_below), no_above=float(self.no_above),
                                   keep_n=self.keep_n, keep_tokens=None)
        if len(dictionary) == 0:
            raise TopicModelError(
                f"{name}.fit: the vocabulary filters removed all {before} terms (no_below={self.no_below}: a term "
                f"must be in at least that many of the {n_docs} documents; no_above={self.no_above}: and in at most "
                "that share of them). Lower no_below or raise no_above.")
        remap = np.full(before, -1, dtype=np.int64)
        for tok, new in dictionary.token2id.items():
            remap[old_token2id[tok]] = new
        remap = remap.tolist()
        bows = raw  # filtered in place: never two bag-of-words copies of the corpus
        for d, bow in enumerate(raw):
            out = [(remap[i], c) for i, c in bow if remap[i] >= 0]
            out.sort()
            bows[d] = out
        empty = sum(1 for b in bows if not b)
        if empty:
            warnings.warn(f"{name}.fit: {empty} of {n_docs} documents have no term left after tokenising and the "
                          f"vocabulary filters ({n_empty_tok} were empty after tokenising); they do not inform the "
                          "topics and get NaN topic shares. Lower no_below / raise no_above to keep more terms.",
                          TopicModelWarning, stacklevel=3)
        usable = n_docs - empty
        V = len(dictionary)
        if self.n_topics >= usable or self.n_topics > V:
            raise TopicModelError(
                f"{name}.fit: n_topics={self.n_topics} is more than this corpus supports ({usable} non-empty "
                f"documents, {V} terms after filtering); choose n_topics below both (a K sweep, "
                "toolkit.topics.k_sweep, helps choose).")
        return dictionary, bows

    # ------------------------------------------------------------------ fit / transform
    def fit(self, X, y=None):
        """Tokenise ``X``, build and filter the vocabulary, fit the topics. Returns ``self``.

        Parameters
        ----------
        X : DataFrame, sequence of str, or sequence of token lists
            Canonical article table (text in column ``text``), texts, or pre-tokenised documents.
        y : ignored
        """
        self._check_params()
        self._learn_phrases(X)
        dictionary, bows = self._build_dictionary(X)
        self.dictionary_ = dictionary
        self.vocabulary_ = [dictionary[i] for i in range(len(dictionary))]
        self.term_frequency_ = np.array([dictionary.cfs.get(i, 0) for i in range(len(dictionary))], dtype=float)
        self.n_documents_ = len(bows)
        self.topic_names_ = topic_names(self.n_topics)
        self._fit_bows(bows, len(dictionary))
        self.labels_ = {name: self._default_label(k) for k, name in enumerate(self.topic_names_)}
        return self

    def bows(self, X) -> list[list[tuple[int, int]]]:
        """Bag-of-words of ``X`` in the fitted vocabulary (gensim format)."""
        check_is_fitted(self, "dictionary_")
        return [self.dictionary_.doc2bow(t) for t in self.tokens(X)]

    def transform(self, X) -> pd.DataFrame:
        """Doc-topic table keyed by ``doc_id``: ``doc_id`` plus one share column per topic (rows sum to 1).

        Documents with no term in the vocabulary get NaN shares (so :mod:`toolkit.compare` leaves them
        out with a warning). Deterministic: the same model and input give the same table.
        """
        check_is_fitted(self, "topic_term_")
        bows = self.bows(X)
        theta = self._infer(bows)
        empty = np.array([not b for b in bows], dtype=bool)
        theta[empty] = np.nan
        out = pd.DataFrame(theta, columns=self.topic_names_)
        out.insert(0, "doc_id", doc_ids_of(X, len(bows)))
        return out

    def fit_transform(self, X, y=None, **fit_params) -> pd.DataFrame:
        """``fit(X)`` then ``transform(X)``: the training documents' doc-topic table."""
        return self.fit(X).transform(X)

    # ------------------------------------------------------------------ terms and labels
    def top_terms(self, n: int = 10, *, relevance: float = 1.0) -> pd.DataFrame:
        """Top ``n`` terms of each topic ranked by LDAvis relevance (Sievert & Shirley 2014).

        ``relevance(w, k) = λ log φ_kw + (1 - λ) log(φ_kw / p_w)`` with ``p_w`` the term's share of all
        training tokens; ``λ = 1`` ranks by probability in the topic, smaller λ favours terms specific to it
        (LDAvis suggests about 0.6).

        Returns
        -------
        DataFrame
            ``topic, label, rank, term, weight, relevance`` (``weight`` = φ_kw), ``n`` rows per topic.
        """
        check_is_fitted(self, "topic_term_")
        if not 0 <= relevance <= 1:
            raise TopicModelError(f"top_terms: relevance (λ) must be in [0, 1]; found {relevance!r}.")
        phi = self.topic_term_
        p = self.term_frequency_ / self.term_frequency_.sum()
        with np.errstate(divide="ignore"):
            logphi = np.log(phi)
            score = relevance * logphi + (1 - relevance) * (logphi - np.log(p)[None, :])
        rows = []
        n = min(n, phi.shape[1])
        for k, name in enumerate(self.topic_names_):
            order = np.lexsort((np.arange(phi.shape[1]), -score[k]))[:n]
            for r, j in enumerate(order):
                rows.append({"topic": name, "label": self.labels_.get(name, name), "rank": r + 1,
                             "term": self.vocabulary_[j], "weight": float(phi[k, j]), "relevance": float(score[k, j])})
        return pd.DataFrame(rows)

    def _default_label(self, k: int, n: int = 3) -> str:
        order = np.lexsort((np.arange(self.topic_term_.shape[1]), -self.topic_term_[k]))[:n]
        return " · ".join(self.vocabulary_[j] for j in order)

    def set_labels(self, labels: Mapping[str, str] | Sequence[str]):
        """Name topics (stored with the model and saved with it). Returns ``self``.

        ``labels`` maps topic names (``topic_01`` …) to labels, or lists one label per topic in order.
        """
        check_is_fitted(self, "topic_term_")
        if isinstance(labels, Mapping):
            unknown = [k for k in labels if k not in self.topic_names_]
            if unknown:
                raise TopicModelError(f"set_labels: unknown topic name(s) {unknown}; the topics are "
                                      f"{self.topic_names_}.")
            self.labels_ = {**self.labels_, **{k: str(v) for k, v in labels.items()}}
        else:
            labels = list(labels)
            if len(labels) != len(self.topic_names_):
                raise TopicModelError(f"set_labels: expected {len(self.topic_names_)} labels (one per topic), "
                                      f"found {len(labels)}; or pass a dict {{'topic_01': 'label', …}}.")
            self.labels_ = dict(zip(self.topic_names_, map(str, labels)))
        return self

    def topic_words(self, n: int = 10) -> list[list[str]]:
        """The ``n`` most probable terms of each topic (input for coherence)."""
        t = self.top_terms(n)
        return [t.loc[t["topic"] == name, "term"].tolist() for name in self.topic_names_]
