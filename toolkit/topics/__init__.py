"""Topic models with outlet, event and time effects.

* :class:`LdaTopics` — gensim ``LdaModel`` as a scikit-learn transformer; :class:`NmfTopics` — scikit-learn
  NMF behind the same interface. ``fit(articles)``; ``transform(articles)`` → doc-topic table
  (``doc_id`` + ``topic_01`` …); ``top_terms(n, relevance=λ)``; ``set_labels(...)``.
* :func:`coherence` (c_v, c_npmi, u_mass via gensim ``CoherenceModel``), :func:`k_sweep` and :func:`best_k`
  for choosing K (``toolkit.plots.k_sweep`` draws the sweep).
* :func:`topic_prevalence` — topic share ~ outlet with event (or time) fixed effects, per period for the
  outlet × time interaction, intervals carrying topic-model uncertainty (method of composition); returns
  the tidy table of :mod:`toolkit.compare`.
* :func:`save_topics` / :func:`load_topics` — a folder of JSON, gensim's text dictionary and ``.npy``
  arrays; no pickle.

Example
-------
>>> from toolkit.datasets import load_demo
>>> from toolkit.topics import LdaTopics, topic_prevalence
>>> articles = load_demo().articles                                   # doctest: +SKIP
>>> lda = LdaTopics(n_topics=16, passes=10, no_below=3).fit(articles)  # doctest: +SKIP
>>> lda.top_terms(8, relevance=0.6)                                   # doctest: +SKIP
>>> topic_prevalence(articles, lda, by="outlet", event="event_id")    # doctest: +SKIP
"""

from toolkit.topics._base import TopicModelError, TopicModelWarning
from toolkit.topics.coherence import MEASURES, best_k, coherence, k_sweep
from toolkit.topics.io import load_topics, save_topics
from toolkit.topics.lda import LdaTopics
from toolkit.topics.nmf import NmfTopics
from toolkit.topics.prevalence import topic_prevalence

__all__ = [
    "MEASURES",
    "LdaTopics",
    "NmfTopics",
    "TopicModelError",
    "TopicModelWarning",
    "best_k",
    "coherence",
    "k_sweep",
    "load_topics",
    "save_topics",
    "topic_prevalence",
]
