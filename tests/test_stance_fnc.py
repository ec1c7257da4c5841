"""Headline–body stance: FNC-1 score known answers, expected-score decision, claim-disjoint splits,
features on planted fictional pairs, bad input, and (real data) a small model's score floor."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stance_synthetic import fnc_pairs
from toolkit.stance import (FNC_LABELS, HeadlineBodyFeatures, PairInputError, StanceLabelError,
                            claim_disjoint_folds, claim_groups, expected_score_decision, fnc_relative_score,
                            fnc_report, make_headline_stance_model, official_holdout, read_fnc_pairs,
                            unrelated_share_weights)


#: measured score minus a margin (see the test docstring)
FLOOR_SMALL = 0.75  # measured 0.795 (2026-11-30)


def test_relative_score_known_answers():
    gold = ["agree", "disagree", "discuss", "unrelated"]
    assert fnc_relative_score(gold, gold) == 1.0
    # best = 0.25*4 + 0.75*3 = 3.25; all "unrelated" earns only the unrelated pair's 0.25
    assert fnc_relative_score(gold, ["unrelated"] * 4) == pytest.approx(0.25 / 3.25)
    # right relatedness, wrong related label: 0.25 each for 3 related + 0.25 for unrelated
    assert fnc_relative_score(gold, ["discuss", "agree", "agree", "unrelated"]) == pytest.approx(1.0 / 3.25)
    w = unrelated_share_weights(gold, share=0.5)
    assert w[3] * 1 == pytest.approx(w[:3].sum())


def test_report_has_per_class_f1_and_confusion():
    rep = fnc_report(["agree", "disagree", "unrelated"], ["agree", "agree", "unrelated"])
    pc = rep["per_class"].set_index("label")
    assert pc.loc["disagree", "recall"] == 0 and pc.loc["agree", "precision"] == 0.5
    assert rep["confusion"].loc["disagree", "agree"] == 1
    assert list(rep["confusion"].columns) == list(FNC_LABELS)


def test_expected_score_decision_differs_from_argmax():
    proba = np.array([[0.30, 0.05, 0.10, 0.55],   # related mass .45 -> agree earns .3375 > unrelated .1375
                      [0.02, 0.01, 0.02, 0.95]])
    assert expected_score_decision(proba, FNC_LABELS).tolist() == ["agree", "unrelated"]
    assert np.asarray(FNC_LABELS)[proba.argmax(1)].tolist() == ["unrelated", "unrelated"]


def test_labels_outside_the_set_are_refused():
    with pytest.raises(StanceLabelError, match="expected only.*'maybe'"):
        fnc_relative_score(["agree"], ["maybe"])


def test_claim_disjoint_folds_share_no_headline_body_or_claim():
    df = fnc_pairs()
    hg, bg = claim_groups(df)
    for tr, te in claim_disjoint_folds(df, 4, random_state=1):
        assert len(te) and len(tr)
        assert not set(df.headline.iloc[tr]) & set(df.headline.iloc[te])
        assert not set(df.body_id.iloc[tr]) & set(df.body_id.iloc[te])
        assert not (set(hg[tr]) | set(bg[tr])) & (set(hg[te]) | set(bg[te]))
    tr, te = official_holdout(df)
    assert not set(df.body_id.iloc[tr]) & set(df.body_id.iloc[te])
    assert set(df.headline.iloc[tr]) & set(df.headline.iloc[te])  # the official split repeats headlines


def test_features_separate_planted_stances():
    df = fnc_pairs()
    f = HeadlineBodyFeatures(n_components=5).fit(df)
    X = pd.DataFrame(f.transform(df), columns=f.get_feature_names_out())
    assert X.shape == (len(df), len(f.get_feature_names_out()))
    by = X.groupby(df["label"].to_numpy()).mean()
    assert by.loc["unrelated", "cos_body"] < by.loc[["agree", "disagree", "discuss"], "cos_body"].min()
    assert by.loc["disagree", "top_refute"] > by.loc[["agree", "discuss"], "top_refute"].max()
    assert by.loc["discuss", "top_hedge"] > by.loc["agree", "top_hedge"]


def test_small_model_on_held_out_fictional_claims():
    df = fnc_pairs(n_claims=24)
    tr, te = next(claim_disjoint_folds(df, 3))
    model = make_headline_stance_model(max_iter=40, n_components=10).fit(df.iloc[tr], df.label.iloc[tr])
    assert fnc_relative_score(df.label.iloc[te], model.predict(df.iloc[te])) > 0.9


def test_empty_headline_or_body_is_refused():
    df = fnc_pairs(n_claims=2)
    df.loc[3, "body"] = "  "
    with pytest.raises(PairInputError, match="empty body.*rows \\[3\\]"):
        HeadlineBodyFeatures().fit(df)
    with pytest.raises(PairInputError, match="columns 'headline' and 'body'"):
        HeadlineBodyFeatures().fit(df.rename(columns={"body": "text"}))


def test_read_fnc_pairs_checks_its_files(tmp_path):
    (tmp_path / "b.csv").write_text('Body ID,articleBody\n1,"Some body text."\n', encoding="utf-8")
    (tmp_path / "s.csv").write_text("Headline,Body ID,Stance\nA headline,1,agree\nOther,2,discuss\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Body ID.*not in.*\\['2'\\]"):
        read_fnc_pairs(tmp_path / "b.csv", tmp_path / "s.csv")
    (tmp_path / "s.csv").write_text("Headline,Body ID,Stance\nA headline,1,perhaps\n", encoding="utf-8")
    with pytest.raises(StanceLabelError, match="perhaps"):
        read_fnc_pairs(tmp_path / "b.csv", tmp_path / "s.csv")
    (tmp_path / "s.csv").write_text("Headline,Body ID\n,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="empty headline"):
        read_fnc_pairs(tmp_path / "b.csv", tmp_path / "s.csv")


@pytest.mark.realdata
def test_real_fnc1_small_model_beats_floor_on_claim_disjoint_fold(realdata_dir):
    """A small model (200 claims' worth of pairs, 60 boosting rounds) on one claim-disjoint fold."""
    from toolkit.datasets import load_dataset

    d = load_dataset("fnc1")
    pairs = d["pairs"]
    bodies = d.articles.set_index("doc_id")["text"]
    df = pd.DataFrame({"headline": pairs["headline"].astype(str), "body_id": pairs["body_id"].astype(str),
                       "body": bodies.loc[pairs["doc_id"]].astype(str).to_numpy(), "label": pairs["label"].astype(str)})
    tr, te = next(claim_disjoint_folds(df, 5, random_state=0))
    rng = np.random.default_rng(0)
    keep_bodies = set(rng.choice(df.body_id.iloc[tr].unique(), 250, replace=False))
    tr = tr[df.body_id.iloc[tr].isin(keep_bodies).to_numpy()]
    te_bodies = set(rng.choice(df.body_id.iloc[te].unique(), min(120, df.body_id.iloc[te].nunique()), replace=False))
    te = te[df.body_id.iloc[te].isin(te_bodies).to_numpy()]
    model = make_headline_stance_model(max_iter=60, n_components=50).fit(df.iloc[tr], df.label.iloc[tr])
    pred = model.predict(df.iloc[te])
    score = fnc_relative_score(df.label.iloc[te], pred, unrelated_share_weights(df.label.iloc[te]))
    assert score > FLOOR_SMALL
