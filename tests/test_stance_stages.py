"""The two-stage headline–body model (toolkit.stance.headline_stages): claim-masked snippets (known answers),
out-of-fold snippet scores over claim-disjoint folds, the combination of the stages, fallbacks and the
estimator contract. Fictional pairs only (tests/stance_synthetic.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from stance_synthetic import fnc_pairs

from toolkit.stance import claim_disjoint_folds, fnc_relative_score, make_headline_stance_model
from toolkit.stance.headline import _default_head
from toolkit.stance.headline_features import HeadlineBodyFeatures
from toolkit.stance.headline_stages import RELATED_LABELS, TwoStageHeadlineModel
from toolkit.stance.splits import claim_groups

BODY = ("The weather in Ostrel was mild on Monday. Officials denied that a copper kettle was found in the harbour. "
        "The kettle story spread online, officials said. Markets were calm. A hoax about the copper kettle, "
        "the mayor of Ostrel called it.")


def _small(**kw) -> TwoStageHeadlineModel:
    return TwoStageHeadlineModel(features=HeadlineBodyFeatures(n_components=10), head=_default_head(0, 40), **kw)


def test_snippets_are_the_best_matching_sentences_in_body_order_with_the_claim_masked():
    head = "Copper kettle found in Ostrel harbour"
    pairs = pd.DataFrame({"headline": [head, "Markets calm in Ostrel"], "body": [BODY, BODY]})
    feats = HeadlineBodyFeatures(n_components=2).fit(pd.concat([pairs, fnc_pairs()], ignore_index=True))
    F, snippets = feats.transform_with_snippets(pairs, 2)
    np.testing.assert_array_equal(F, feats.transform(pairs))  # the same features, snippets beside them
    # the two sentences that share the most with the headline, in body order; "found" and "in" are stopwords
    assert snippets[0] == ("officials denied that a hw hw was found in the hw "
                           "a hoax about the hw hw the mayor of hw called it")
    assert snippets[1].startswith("the weather in hw was mild on monday") and "hw were hw" in snippets[1]
    _, one = feats.transform_with_snippets(pairs.head(1), 1)
    assert one == ["officials denied that a hw hw was found in the hw"]
    assert feats.transform_with_snippets(pairs, 0)[1] == ["", ""]


def test_two_stage_probabilities_combine_the_stages():
    df = fnc_pairs()
    tr, te = next(claim_disjoint_folds(df, 4))
    model = _small().fit(df.iloc[tr], df["label"].iloc[tr])
    P = model.predict_proba(df.iloc[te])
    assert set(model.classes_) == {"agree", "disagree", "discuss", "unrelated"}
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-9)
    unrelated = list(model.classes_).index("unrelated")
    p1 = model.stage1_.predict_proba(model.features_.transform(df.iloc[te]))
    np.testing.assert_allclose(P[:, unrelated], p1[:, list(model.stage1_.classes_).index("unrelated")])
    assert model.stage2_ is not None and set(model.stage2_.classes_) == set(RELATED_LABELS)
    # the planted fictional stances are learnt on claims never seen in training
    assert fnc_relative_score(df["label"].iloc[te], model.predict(df.iloc[te])) > 0.8


def test_snippet_scores_for_training_pairs_are_out_of_fold_by_claim(monkeypatch):
    df = fnc_pairs()
    seen = []
    original = TwoStageHeadlineModel._snippet_fit

    def spy(self, texts, y):
        seen.append(set(texts))
        return original(self, texts, y)

    monkeypatch.setattr(TwoStageHeadlineModel, "_snippet_fit", spy)
    model = _small(snippet_folds=3).fit(df, df["label"])
    assert len(seen) == 4  # three claim-disjoint folds, then the final model on all related pairs
    snippets = np.asarray(model.features_.transform_with_snippets(df, 3)[1], dtype=object)
    everything = set(snippets[(df["label"] != "unrelated").to_numpy()])
    assert seen[-1] == everything
    for fold in seen[:3]:
        assert fold < everything  # each fold model misses the snippets of the claims it scores


def test_one_related_label_falls_back_to_stage_one_with_a_warning():
    df = fnc_pairs()
    df = df[df["label"].isin(["agree", "unrelated"])]
    with pytest.warns(UserWarning, match="stage 1 alone"):
        model = _small().fit(df, df["label"])
    assert model.stage2_ is None
    np.testing.assert_allclose(model.predict_proba(df.head(5)),
                               model.stage1_.predict_proba(model.features_.transform(df.head(5))))


def test_related_pairs_of_a_single_claim_are_refused():
    df = fnc_pairs()
    heads, _ = claim_groups(df)
    related = df["label"] != "unrelated"
    df = df[(related & (heads == heads[np.flatnonzero(related)[0]])) | ~related]
    assert df.loc[df["label"] != "unrelated", "label"].nunique() >= 2
    with pytest.raises(ValueError, match="at least 2"):
        _small().fit(df, df["label"])


def test_contract_and_the_default_model_is_two_stage():
    model = make_headline_stance_model(max_iter=40, n_components=10)
    assert isinstance(model.estimator, TwoStageHeadlineModel)
    assert not isinstance(make_headline_stance_model(two_stage=False).estimator, TwoStageHeadlineModel)
    params = clone(model).get_params()
    assert params["estimator__snippet_sentences"] == 3 and params["class_weight"] == {"disagree": 6.0}
    df = fnc_pairs()
    fitted = model.fit(df, df["label"])
    again = clone(model).fit(df, df["label"])
    np.testing.assert_array_equal(fitted.predict_proba(df.head(30)), again.predict_proba(df.head(30)))
