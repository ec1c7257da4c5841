"""Topic models: planted recovery, determinism, the scikit-learn contract, persistence, coherence, K sweep."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from topics_planted import planted_corpus, topic_of

from toolkit.datasets import load_demo
from toolkit.topics import (
    LdaTopics,
    NmfTopics,
    TopicModelError,
    best_k,
    coherence,
    k_sweep,
    load_topics,
    save_topics,
)


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return load_demo().articles


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    return planted_corpus()


@pytest.fixture(scope="module")
def planted_lda(planted) -> LdaTopics:
    return LdaTopics(4, passes=30, no_below=2, no_above=0.9, random_state=0).fit(planted)


def _matched_accuracy(labels: pd.Series, topics: np.ndarray) -> float:
    """Share of documents whose argmax topic is the topic matched one-to-one (Hungarian) to their label."""
    table = pd.crosstab(labels.to_numpy(), topics).to_numpy()
    r, c = linear_sum_assignment(-table)
    return table[r, c].sum() / len(labels)


# ----------------------------------------------------------------------------- planted truth
def test_lda_recovers_planted_demo_events(demo):
    # How measured: each article's argmax topic, topics matched one-to-one to the 16 planted events
    # (Hungarian assignment on the event x topic table); share of articles on their event's topic, and ARI.
    # Measured (K=16, 10 passes, alpha='auto', seed 0): matched accuracy 0.563, ARI 0.409 (chance ~0.1 / 0).
    lda = LdaTopics(16, passes=10, iterations=200, alpha="auto", no_below=2, random_state=0).fit(demo)
    z = lda.transform(demo).drop(columns="doc_id").to_numpy().argmax(axis=1)
    assert _matched_accuracy(demo["event_id"], z) >= 0.50
    assert adjusted_rand_score(demo["event_id"], z) >= 0.35


def test_nmf_recovers_planted_demo_events(demo):
    # Same measure; NMF on TF-IDF separates the demo's event vocabularies much better.
    # Measured (K=16, seed 0): matched accuracy 0.921, ARI 0.900.
    nmf = NmfTopics(16, no_below=2, random_state=0).fit(demo)
    z = nmf.transform(demo).drop(columns="doc_id").to_numpy().argmax(axis=1)
    assert adjusted_rand_score(demo["event_id"], z) >= 0.85
    assert _matched_accuracy(demo["event_id"], z) >= 0.90


def test_lda_recovers_planted_topic_shares(planted, planted_lda):
    names = sorted(topic_of(planted_lda, k) for k in range(4))
    assert names == planted_lda.topic_names_  # each planted topic has its own fitted topic
    shares = planted_lda.transform(planted)[topic_of(planted_lda, 0)]
    assert np.corrcoef(shares, planted["true_topic0"])[0, 1] >= 0.9  # measured 0.96


# ----------------------------------------------------------------------------- determinism and contract
@pytest.mark.parametrize("cls", [LdaTopics, NmfTopics])
def test_same_seed_same_topics_and_table(planted, cls):
    a = cls(4, no_below=2, no_above=0.9, random_state=3).fit(planted)
    b = cls(4, no_below=2, no_above=0.9, random_state=3).fit(planted)
    np.testing.assert_array_equal(a.topic_term_, b.topic_term_)
    pd.testing.assert_frame_equal(a.transform(planted), b.transform(planted))
    pd.testing.assert_frame_equal(a.transform(planted), a.transform(planted))  # transform itself is deterministic


def test_other_seed_other_topics(planted):
    a = LdaTopics(4, no_below=2, random_state=0).fit(planted)
    b = LdaTopics(4, no_below=2, random_state=1).fit(planted)
    assert not np.array_equal(a.topic_term_, b.topic_term_)


def test_transform_is_a_doc_topic_table_keyed_by_doc_id(planted, planted_lda):
    table = planted_lda.transform(planted.iloc[::-1])
    assert list(table.columns) == ["doc_id", "topic_01", "topic_02", "topic_03", "topic_04"]
    assert table["doc_id"].tolist() == planted["doc_id"].iloc[::-1].tolist()
    np.testing.assert_allclose(table.drop(columns="doc_id").sum(axis=1), 1.0)
    texts = planted_lda.transform(planted["text"].tolist())  # plain texts: positions as doc_id
    assert texts["doc_id"].tolist()[:2] == ["0", "1"]


def test_scikit_learn_contract(planted):
    est = LdaTopics(3, passes=2, no_below=2, random_state=0)
    assert clone(est).get_params() == est.get_params()
    assert est.set_params(n_topics=4) is est
    assert not any(k.endswith("_") for k in vars(LdaTopics(3)))  # __init__ only stores parameters
    assert est.fit(planted) is est
    pipe = Pipeline([("topics", NmfTopics(4, no_below=2, random_state=0))])
    assert pipe.fit_transform(planted).shape == (len(planted), 5)
    search = GridSearchCV(LdaTopics(passes=5, no_below=2, random_state=0), {"n_topics": [2, 4]}, cv=2)
    search.fit(planted)
    assert search.best_params_["n_topics"] in (2, 4) and np.isfinite(search.best_score_)


# ----------------------------------------------------------------------------- terms, labels, persistence
def test_top_terms_relevance(planted, planted_lda):
    t1 = planted_lda.top_terms(5)
    assert list(t1.columns) == ["topic", "label", "rank", "term", "weight", "relevance"]
    assert len(t1) == 20
    first = t1[t1["topic"] == "topic_01"]
    assert first["weight"].is_monotonic_decreasing
    t0 = planted_lda.top_terms(5, relevance=0.0)  # lift: log(phi / p)
    assert t0[t0["topic"] == "topic_01"]["relevance"].is_monotonic_decreasing
    with pytest.raises(TopicModelError, match="relevance"):
        planted_lda.top_terms(5, relevance=1.5)


@pytest.mark.parametrize("cls", [LdaTopics, NmfTopics])
def test_save_load_round_trip_without_pickle(planted, tmp_path, cls):
    model = cls(4, no_below=2, no_above=0.9, random_state=0).fit(planted)
    model.set_labels({"topic_02": "second"})
    with pytest.raises(TopicModelError, match="expected 4 labels"):
        model.set_labels(["only one"])
    folder = save_topics(model, tmp_path / "m")
    assert {p.suffix for p in folder.iterdir()} == {".json", ".npy", ".txt"}  # data only: no pickle
    for path in folder.glob("*.npy"):
        np.load(path, allow_pickle=False)
    loaded = load_topics(folder)
    assert type(loaded) is cls and loaded.labels_["topic_02"] == "second"
    np.testing.assert_allclose(loaded.topic_term_, model.topic_term_, rtol=1e-6)
    pd.testing.assert_frame_equal(loaded.transform(planted), model.transform(planted), rtol=1e-6)


def test_phrases_are_learned_and_saved(tmp_path):
    texts = ["the white house said the trade deal was close"] * 12 + ["white house officials met trade envoys"] * 12
    texts += ["farmers worried about the harvest and prices"] * 12
    model = LdaTopics(2, phrases=True, phrase_min_count=3, phrase_threshold=0.5, no_below=2, no_above=1.0).fit(texts)
    assert "white_house" in model.vocabulary_
    loaded = load_topics(save_topics(model, tmp_path / "p"))
    assert loaded.phrases_.phrases == model.phrases_.phrases
    pd.testing.assert_frame_equal(loaded.transform(texts), model.transform(texts), rtol=1e-6)


# ----------------------------------------------------------------------------- coherence and K selection
def test_coherence_and_k_sweep(planted, planted_lda):
    per_topic = coherence(planted_lda, planted, measures=["c_npmi", "u_mass"], topn=8)
    assert list(per_topic.columns) == ["topic", "label", "measure", "value"]
    assert len(per_topic) == 8
    sweep = k_sweep(planted, [2, 4, 8], model=LdaTopics(passes=30, no_below=2, no_above=0.9), measures=["c_npmi"],
                    topn=8, progress=False)
    assert list(sweep.columns) == ["k", "measure", "value", "value_sd", "n_topics"]
    assert sweep["k"].tolist() == [2, 4, 8]
    # the planted number of topics; measured mean c_npmi: K=2 0.028, K=4 0.152, K=8 0.093
    assert best_k(sweep, "c_npmi") == 4
    with pytest.raises(TopicModelError, match="measure"):
        best_k(sweep, "c_v")
