"""The scikit-learn contract for the toolkit's raw-text estimators (``check_estimator`` skips raw text).

Add an estimator by appending a ``Case`` to ``CASES``: a factory, raw-text training data (X, y) and a
small parameter grid. The framing classifiers can join here when they land.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline

from stance_synthetic import fnc_pairs, target_sentences


@dataclass
class Case:
    name: str
    factory: Callable[[], Any]
    data: Callable[[], tuple[Any, Any]]
    grid: dict


def _fnc_data():
    df = fnc_pairs(n_claims=8, bodies_per_claim=3, heads_per_claim=2)
    return df[["headline", "body"]], df["label"].to_numpy()


def _actor_data():
    df = target_sentences(90)
    return df[["sentence", "start", "end"]], df["label"].to_numpy()


def _fnc_model():
    from toolkit.stance import make_headline_stance_model
    return make_headline_stance_model(max_iter=15, n_components=5)


def _actor_model():
    from toolkit.stance import ActorStanceClassifier
    return ActorStanceClassifier(C=1.0)


def _actor_embeddings_model():
    from embedding_fakes import fake_embedder
    from toolkit.stance import ActorStanceClassifier
    return ActorStanceClassifier(C=1.0, embeddings=True, embedder=fake_embedder())  # fake encoder: no torch


def _frames_data():
    from toolkit.datasets import load_demo
    from toolkit.framing.data import load_frame_dataset

    articles = load_frame_dataset("demo")[0].iloc[:120]
    primary = load_demo().tables["primary_frames"].set_index("doc_id")["frame"]
    return articles, np.array([primary[d] for d in articles["doc_id"]], dtype=object)


def _frames_embeddings_model():
    from embedding_fakes import fake_embedder
    from toolkit.framing import FrameClassifier
    return FrameClassifier(embeddings=True, embedder=fake_embedder(), chunk_words=80)  # fake encoder: no torch


CASES = [
    Case("fnc1", _fnc_model, _fnc_data, {"decision": ["argmax", "expected_score"]}),
    Case("actor", _actor_model, _actor_data, {"C": [0.5, 2.0]}),
    Case("actor+embeddings", _actor_embeddings_model, _actor_data, {"embedding_scale": [0.5, 2.0]}),
    Case("frames+embeddings", _frames_embeddings_model, _frames_data, {"embedding_weight": [0.5, 2.0]}),
]


@pytest.fixture(params=CASES, ids=lambda c: c.name)
def case(request):
    return request.param


def test_init_only_stores_params_and_clone_round_trips(case):
    est = case.factory()
    params = est.get_params(deep=False)
    sig = inspect.signature(type(est).__init__)
    assert set(params) == {p for p in sig.parameters if p != "self"}
    for name, value in params.items():
        assert getattr(est, name) is value
    assert not [a for a in vars(est) if a.endswith("_")], "no learned attributes before fit"
    twin = clone(est)
    assert twin.get_params(deep=False).keys() == params.keys()
    key = next(iter(case.grid))
    twin.set_params(**{key: case.grid[key][0]})
    assert twin.get_params()[key] == case.grid[key][0]


def test_fit_returns_self_learned_attrs_and_determinism(case):
    X, y = case.data()
    est = case.factory()
    assert est.fit(X, y) is est
    assert hasattr(est, "classes_") and set(est.classes_) == set(y)
    proba = est.predict_proba(X)
    assert proba.shape == (len(y), len(est.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    assert (est.predict(X) == y).mean() > 0.8  # learns its own (easy, planted) training data
    again = case.factory().fit(X, y).predict_proba(X)
    np.testing.assert_allclose(proba, again)  # same random_state -> same model
    assert est.score(X, y) > 0.8


def test_pipeline_and_grid_search(case):
    X, y = case.data()
    est = case.factory()
    pipe = Pipeline([("clf", est)]).fit(X, y)
    assert len(pipe.predict(X)) == len(y)
    grid = {f"clf__{k}": v for k, v in case.grid.items()}
    search = GridSearchCV(Pipeline([("clf", case.factory())]), grid, cv=KFold(2, shuffle=True, random_state=0))
    search.fit(X, y)
    assert search.best_params_.keys() == grid.keys()
