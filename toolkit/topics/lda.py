"""gensim LDA as a scikit-learn transformer."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.utils.validation import check_is_fitted

from toolkit.topics._base import TopicsBase


class LdaTopics(TopicsBase):
    """Latent Dirichlet allocation (gensim :class:`~gensim.models.LdaModel`) with a scikit-learn interface.

    ``fit`` tokenises (:mod:`toolkit.tokenize`), builds a gensim ``Dictionary`` filtered with
    ``no_below`` / ``no_above`` / ``keep_n`` and fits ``LdaModel`` (online variational Bayes, one
    process: on 2 cores it beats ``LdaMulticore``). ``transform`` returns the doc-topic table keyed by
    ``doc_id``. The same ``random_state`` and data give identical topics and doc-topic tables.

    Parameters
    ----------
    n_topics : int, default 10
        Number of topics K.
    no_below : int, default 5
        Keep terms in at least this many documents.
    no_above : float, default 0.5
        Keep terms in at most this share of documents.
    keep_n : int or None, default 50000
        Keep at most this many terms (most frequent by document frequency).
    passes : int, default 1
        Passes over the corpus.
    iterations : int, default 50
        Maximum inference iterations per document (gensim ``iterations``).
    alpha, eta : str, float or array, default "symmetric" / None
        Dirichlet priors (gensim's ``alpha`` and ``eta``; ``"auto"`` learns them).
    chunksize : int, default 2000
        Documents per online update.
    phrases : bool, default False
        Learn two-word phrases (gensim ``Phrases``) before building the vocabulary.
    phrase_min_count, phrase_threshold : int, float, default 5, 10.0
        gensim ``Phrases`` ``min_count`` and ``threshold`` (default scoring).
    lemmatize : callable or None, default None
        Optional ``str -> str`` applied to every token (not saved with the model).
    text : str, default "text"
        Text column of a table input.
    random_state : int, default 0
        Seed of gensim's initialisation and of inference in ``transform``.

    Attributes
    ----------
    model_ : gensim.models.LdaModel
    dictionary_ : gensim.corpora.Dictionary
    vocabulary_ : list of str
    topic_term_ : ndarray (K, V)
        φ: each topic's term distribution.
    term_frequency_ : ndarray (V,)
        Training token counts per term (for relevance).
    topic_names_ : list of str
        Doc-topic column names, ``topic_01`` …
    labels_ : dict
        Topic name → label (editable with :meth:`set_labels`; default: its three top terms).
    phrases_ : PhraseDetector or None
    """

    backend = "lda"

    def __init__(self, n_topics: int = 10, *, no_below: int = 5, no_above: float = 0.5, keep_n: int | None = 50000,
                 passes: int = 1, iterations: int = 50, alpha="symmetric", eta=None, chunksize: int = 2000,
                 phrases: bool = False, phrase_min_count: int = 5, phrase_threshold: float = 10.0,
                 lemmatize: Callable[[str], str] | None = None,
                 text: str = "text", random_state: int = 0) -> None:
        self.n_topics = n_topics
        self.no_below = no_below
        self.no_above = no_above
        self.keep_n = keep_n
        self.passes = passes
        self.iterations = iterations
        self.alpha = alpha
        self.eta = eta
        self.chunksize = chunksize
        self.phrases = phrases
        self.phrase_min_count = phrase_min_count
        self.phrase_threshold = phrase_threshold
        self.lemmatize = lemmatize
        self.text = text
        self.random_state = random_state

    def _fit_bows(self, bows, V: int) -> None:
        from gensim.models import LdaModel

        self.model_ = LdaModel(corpus=bows, id2word=self.dictionary_, num_topics=int(self.n_topics),
                               passes=self.passes, iterations=self.iterations, alpha=self.alpha, eta=self.eta,
                               chunksize=self.chunksize, eval_every=None, random_state=self.random_state)
        self.topic_term_ = self.model_.get_topics()

    def _gamma(self, bows) -> np.ndarray:
        """Variational Dirichlet parameters of each document's topic shares (deterministic)."""
        from gensim.utils import get_random_state

        self.model_.random_state = get_random_state(self.random_state)  # inference draws its start values
        gamma = np.empty((len(bows), self.n_topics))
        step = max(1, int(self.chunksize))
        for s in range(0, len(bows), step):
            gamma[s:s + step], _ = self.model_.inference(bows[s:s + step])
        return gamma

    def _infer(self, bows) -> np.ndarray:
        gamma = self._gamma(bows)
        return gamma / gamma.sum(axis=1, keepdims=True)

    def score(self, X, y=None) -> float:
        """Per-word variational lower bound of the log-likelihood of ``X`` (gensim ``log_perplexity``; higher is
        better), so ``GridSearchCV`` can choose parameters on held-out documents."""
        check_is_fitted(self, "topic_term_")
        from gensim.utils import get_random_state

        self.model_.random_state = get_random_state(self.random_state)
        bows = [b for b in self.bows(X) if b]
        if not bows:
            raise ValueError("LdaTopics.score: no document of X has a term in the vocabulary.")
        return float(self.model_.log_perplexity(bows))

    def sample_doc_topics(self, X, n_draws: int = 20, *, random_state: int = 0) -> np.ndarray:
        """Draws of each document's topic shares from its variational posterior ``Dirichlet(γ_d)``.

        Used for intervals that carry topic-model uncertainty (method of composition, as in stm).

        Returns
        -------
        ndarray (n_draws, n_documents, K)
            Rows of documents with no known term are NaN.
        """
        check_is_fitted(self, "topic_term_")
        bows = self.bows(X)
        gamma = self._gamma(bows)
        rng = np.random.default_rng(random_state)
        g = rng.standard_gamma(np.broadcast_to(gamma, (n_draws, *gamma.shape)))
        draws = g / g.sum(axis=2, keepdims=True)
        draws[:, [not b for b in bows], :] = np.nan
        return draws

    # ------------------------------------------------------------------ persistence (see toolkit.topics.io)
    def _arrays(self) -> dict[str, np.ndarray]:
        return {"lambda": self.model_.state.get_lambda(), "alpha": np.asarray(self.model_.alpha, dtype=float),
                "eta": np.asarray(self.model_.eta, dtype=float)}

    def _restore(self, arrays: dict[str, np.ndarray]) -> None:
        from gensim.models import LdaModel

        model = LdaModel(id2word=self.dictionary_, num_topics=int(self.n_topics), alpha=arrays["alpha"],
                         eta=arrays["eta"], chunksize=self.chunksize, iterations=self.iterations, eval_every=None,
                         random_state=self.random_state)
        model.state.sstats[...] = arrays["lambda"] - arrays["eta"]
        model.sync_state()
        self.model_ = model
        self.topic_term_ = model.get_topics()
