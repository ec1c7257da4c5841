"""Topic coherence (gensim ``CoherenceModel``) and the K-selection sweep."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.utils.validation import check_is_fitted
from tqdm.auto import tqdm

from toolkit.topics._base import TopicModelError, TopicsBase, _is_token_lists

MEASURES = ("c_v", "c_npmi", "u_mass")


def _check_measures(measures: Sequence[str]) -> list[str]:
    measures = [measures] if isinstance(measures, str) else list(measures)
    bad = [m for m in measures if m not in MEASURES]
    if bad or not measures:
        raise TopicModelError(f"coherence measures must be among {MEASURES}; found {measures}.")
    return measures


def coherence(model: TopicsBase, X, *, measures: Sequence[str] = MEASURES, topn: int = 10) -> pd.DataFrame:
    """Coherence of each topic's top ``topn`` terms on the documents ``X`` (gensim ``CoherenceModel``).

    ``c_v`` and ``c_npmi`` use sliding windows over the token lists (higher is better; c_npmi in
    [-1, 1]); ``u_mass`` uses document co-occurrence (negative; closer to 0 is better).

    Parameters
    ----------
    model
        A fitted :class:`LdaTopics` / :class:`NmfTopics`.
    X
        Reference documents, as for ``model.fit`` (usually the training documents).
    measures
        Any of ``"c_v"``, ``"c_npmi"``, ``"u_mass"``.
    topn
        Top terms per topic that are scored.

    Returns
    -------
    DataFrame
        ``topic, label, measure, value``, one row per topic and measure.
    """
    from gensim.models import CoherenceModel

    check_is_fitted(model, "topic_term_")
    measures = _check_measures(measures)
    texts = [t for t in model.tokens(X)]
    known = model.dictionary_.token2id
    texts = [[w for w in t if w in known] for t in texts]
    corpus = [model.dictionary_.doc2bow(t) for t in texts]
    topics = model.topic_words(topn)
    rows = []
    for measure in measures:
        cm = CoherenceModel(topics=topics, texts=texts if measure != "u_mass" else None,
                            corpus=corpus if measure == "u_mass" else None, dictionary=model.dictionary_,
                            coherence=measure, topn=topn, processes=1)
        for name, value in zip(model.topic_names_, cm.get_coherence_per_topic()):
            rows.append({"topic": name, "label": model.labels_.get(name, name), "measure": measure,
                         "value": float(value)})
    return pd.DataFrame(rows)


def k_sweep(X, ks: Iterable[int], *, model: TopicsBase | None = None, measures: Sequence[str] = MEASURES,
            topn: int = 10, reference=None, progress: bool = True,
            fit: Callable[[TopicsBase, object], TopicsBase] | None = None) -> pd.DataFrame:
    """Fit one model per K and score its coherence: a tidy table for choosing K.

    The documents are tokenised once and every K is fitted on the same token lists with the same
    parameters and ``random_state`` (a clone of ``model`` with ``n_topics=k``).

    Parameters
    ----------
    X
        Documents, as for ``fit``.
    ks
        Candidate numbers of topics.
    model
        Template estimator (default ``LdaTopics()``); its parameters other than ``n_topics`` are kept.
    measures, topn
        As in :func:`coherence`.
    reference
        Documents the coherence is computed on (default ``X``); a sample of ``X`` makes c_v / c_npmi on a
        large corpus much faster.
    fit
        ``fit(estimator, tokens) -> fitted`` used for every K (default ``estimator.fit(tokens)``);
        pass :func:`toolkit.cache.cached_fit` to load models fitted on an earlier run.

    Returns
    -------
    DataFrame
        ``k, measure, value, value_sd, n_topics`` — the mean and SD over topics of each coherence
        measure, one row per K and measure. :func:`best_k` reads it; ``toolkit.plots.k_sweep`` draws it.
    """
    from toolkit.topics.lda import LdaTopics

    measures = _check_measures(measures)
    ks = sorted({int(k) for k in ks})
    if not ks:
        raise TopicModelError("k_sweep: ks is empty; pass candidate numbers of topics, e.g. ks=[5, 10, 15, 20].")
    template = model if model is not None else LdaTopics()
    if template.phrases and not _is_token_lists(X):
        tokens = X  # phrases are learned per fit from the raw texts
    else:
        probe = clone(template)
        tokens = [t for t in probe.tokens(X)] if not _is_token_lists(X) else X
    rows = []
    for k in tqdm(ks, desc="K sweep", disable=not progress):
        candidate = clone(template).set_params(n_topics=k)
        fitted = candidate.fit(tokens) if fit is None else fit(candidate, tokens)
        per_topic = coherence(fitted, tokens if reference is None else reference, measures=measures, topn=topn)
        for measure, grp in per_topic.groupby("measure", sort=False):
            rows.append({"k": k, "measure": measure, "value": float(grp["value"].mean()),
                         "value_sd": float(grp["value"].std(ddof=1)) if len(grp) > 1 else np.nan,
                         "n_topics": k})
    return pd.DataFrame(rows)


def best_k(sweep: pd.DataFrame, measure: str = "c_v") -> int:
    """The K with the highest mean coherence ``measure`` in a :func:`k_sweep` table (smallest K on ties)."""
    rows = sweep[sweep["measure"] == measure]
    if rows.empty:
        raise TopicModelError(f"best_k: the sweep has no rows for measure {measure!r}; it has "
                              f"{sorted(sweep['measure'].unique())}.")
    rows = rows.sort_values(["value", "k"], ascending=[False, True])
    return int(rows["k"].iloc[0])
