"""FrameClassifier: scikit-learn contract, bad input, calibration, skops round trip, CLI, and the planted
outlet frame propensities of the demo corpus recovered through toolkit.compare."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from toolkit.compare import within_event_contrast
from toolkit.datasets import load_demo
from toolkit.framing import (FrameClassifier, FramingWarning, SchemeError, cross_validate_frames, labels_from_table,
                             summarise)
from toolkit.framing.data import DEMO_SCHEME, load_frame_dataset
from toolkit.framing.measures import frame_measures, frame_table, out_of_fold_frames
from toolkit.framing.persist import load_model, save_model


@pytest.fixture(scope="module")
def demo():
    return load_frame_dataset("demo")


@pytest.fixture(scope="module")
def fitted(demo):
    articles, labels, scheme = demo
    return FrameClassifier(scheme).fit(articles.iloc[:150], labels[:150])


def test_estimator_contract(demo, fitted):
    articles, labels, scheme = demo
    est = FrameClassifier(scheme, C=2.0)
    assert est.get_params()["C"] == 2.0 and not hasattr(est, "classes_")  # __init__ stores params only
    assert est.fit(articles.iloc[:100], labels[:100]) is est
    assert list(est.classes_) == DEMO_SCHEME.names  # scheme order
    assert {"vectorizer_", "coef_", "calibration_", "thresholds_", "label_prior_"} <= set(vars(est))
    twin = clone(fitted)
    assert not hasattr(twin, "coef_") and twin.get_params() == fitted.get_params()
    again = clone(fitted).fit(articles.iloc[:150], labels[:150])  # deterministic
    np.testing.assert_array_equal(again.predict_proba(articles.iloc[150:]), fitted.predict_proba(articles.iloc[150:]))


def test_pipeline_and_grid_search(demo):
    articles, labels, scheme = demo
    pipe = Pipeline([("text", FunctionTransformer(lambda X: list(X["text"]))), ("frames", FrameClassifier(scheme))])
    grid = GridSearchCV(pipe, {"frames__C": [1.0, 4.0]}, cv=KFold(3, shuffle=True, random_state=0))
    grid.fit(articles, labels)
    assert grid.best_params_["frames__C"] in (1.0, 4.0) and grid.best_score_ > 0.7  # score() is micro-F1


def test_predictions_shapes_and_calibration(demo, fitted):
    articles, labels, scheme = demo
    test = articles.iloc[150:]
    Y, P = fitted.predict(test), fitted.predict_proba(test)
    assert Y.shape == P.shape == (len(test), 7) and set(np.unique(Y)) <= {0, 1}
    assert (Y.sum(axis=1) >= 1).all()  # min_frames=1
    assert ((P > 0) & (P < 1)).all()
    # calibrated: mean probability per frame is near the frame's share on unseen documents
    truth = FrameClassifier(scheme, min_examples=0)._indicator(labels[150:])[0]
    assert np.abs(P.mean(axis=0) - truth.mean(axis=0)).max() < 0.15
    assert fitted.score(test, labels[150:]) > 0.75
    assert set(fitted.predict_primary(test)) <= set(scheme.names)
    capped = clone(fitted).set_params(max_frames=1).fit(articles.iloc[:150], labels[:150]).predict(test)
    assert (capped.sum(axis=1) == 1).all()


def test_tables_keyed_by_doc_id(demo, fitted):
    articles = demo[0].iloc[150:]
    long = frame_table(fitted, articles)
    assert list(long.columns) == ["doc_id", "scheme", "frame", "probability", "primary"]
    assert set(long["doc_id"]) == set(articles["doc_id"]) and long.groupby("doc_id")["primary"].sum().le(1).all()
    wide = frame_measures(fitted, articles, kind="probability")
    assert list(wide.columns) == ["doc_id", *DEMO_SCHEME.names] and len(wide) == len(articles)


def test_labels_not_in_the_scheme_raise(demo):
    articles, labels, scheme = demo
    bad = [list(ls) for ls in labels[:60]]
    bad[3] = ["Economic", "Weather"]
    with pytest.raises(SchemeError, match="Weather"):
        FrameClassifier(scheme).fit(articles.iloc[:60], bad)


def test_rare_label_warns_and_is_never_predicted(demo):
    articles, labels, scheme = demo
    few = [[x for x in ls if x != "Morality"] for ls in labels[:120]]
    few[0] = few[0] + ["Morality"]
    with pytest.warns(FramingWarning, match="Morality"):
        model = FrameClassifier(scheme).fit(articles.iloc[:120], few)
    assert "Morality" not in model.classes_ and model.dropped_labels_ == ["Morality"]


def test_too_short_document_warns_and_gets_no_frames(fitted):
    with pytest.warns(FramingWarning, match="fewer than min_words=3"):
        Y = fitted.predict(["", "Sanctions", "The Commerce Daily reports the sanctions will cost billions in trade."])
    assert Y[0].sum() == 0 and Y[1].sum() == 0 and Y[2].sum() >= 1


def test_bad_inputs_are_explained(demo):
    articles, labels, scheme = demo
    with pytest.raises(ValueError, match="must align"):
        FrameClassifier(scheme).fit(articles.iloc[:10], labels[:9])
    with pytest.raises(ValueError, match="'text' column"):
        FrameClassifier(scheme).fit(articles[["doc_id"]].iloc[:10], labels[:10])
    with pytest.raises(ValueError, match="threshold must"):
        FrameClassifier(scheme, threshold="best").fit(articles.iloc[:80], labels[:80])


def test_primary_frame_mode(demo):
    articles = demo[0]
    primary = load_demo().tables["primary_frames"].set_index("doc_id")["frame"]
    y = [primary[d] for d in articles["doc_id"]]
    model = FrameClassifier(DEMO_SCHEME).fit(articles.iloc[:150], y[:150])
    assert model.multilabel_ is False and np.allclose(model.predict_proba(articles.iloc[150:]).sum(axis=1), 1)
    assert model.score(articles.iloc[150:], y[150:]) > 0.4  # 7 frames: chance ~0.14


def test_skops_round_trip(tmp_path, demo, fitted):
    articles = demo[0].iloc[150:]
    path = save_model(fitted, tmp_path / "frames.skops")
    assert fitted.scheme is demo[2]  # the caller's model is left alone
    back = load_model(path)
    np.testing.assert_allclose(back.predict_proba(articles), fitted.predict_proba(articles))
    with pytest.raises(FileNotFoundError, match="not found"):
        load_model(tmp_path / "missing.skops")


def test_cross_validation_reports_the_constant_baseline(demo):
    articles, labels, scheme = demo
    scores, per_frame = cross_validate_frames(articles, labels, FrameClassifier(scheme), n_splits=3, progress=False)
    summary = summarise(scores).set_index("model")
    assert summary.loc["model", "micro_f1_mean"] > 0.78  # measured 0.84 (5 folds)
    assert summary.loc["constant", "micro_f1_mean"] < summary.loc["model", "micro_f1_mean"] - 0.15
    assert set(per_frame["frame"]) == set(scheme.names)
    grouped, _ = cross_validate_frames(articles, labels, FrameClassifier(scheme), split="topic", n_splits=3,
                                       groups=articles["event_id"], progress=False)
    assert grouped["micro_f1"].mean() > 0.7  # whole events held out


def test_planted_outlet_frame_propensities_are_recovered(demo):
    """Out-of-fold predicted frames, compared within events, track the planted outlet propensities."""
    articles, labels, scheme = demo
    measures = out_of_fold_frames(articles, labels, FrameClassifier(scheme))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        contrasts = within_event_contrast(articles, measures, by="outlet", event="event_id", method="cluster")
    planted = load_demo().tables["frame_propensities"].copy()
    planted["deviation"] = planted["probability"] - planted.groupby("frame")["probability"].transform("mean")
    joined = contrasts.merge(planted, left_on=["group", "measure"], right_on=["outlet", "frame"])
    assert len(joined) == 63  # 9 outlets x 7 frames
    assert np.corrcoef(joined["estimate"], joined["deviation"])[0, 1] > 0.8  # measured 0.90
    # the strongest planted contrasts come out with the right sign and an interval excluding 0
    strong = joined[joined["deviation"].abs() >= 0.3]
    assert (np.sign(strong["estimate"]) == np.sign(strong["deviation"])).all()
    assert ((strong["ci_low"] > 0) | (strong["ci_high"] < 0)).mean() >= 0.6


def test_labels_from_table():
    frames = pd.DataFrame({"doc_id": ["a", "a", "b", "a"], "frame": ["economic", "Political", "Morality", "economic"]})
    assert labels_from_table(frames, ["a", "b", "c"], scheme="semeval2023") == [["Economic", "Political"],
                                                                               ["Morality"], []]
