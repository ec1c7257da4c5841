"""Valences induced from VADER through word vectors (``toolkit.stance.lexicons.induced_valences``) and their
sums in the actor-stance features.

Planted: a small vocabulary whose vectors put VADER's positive words on one axis, its negative words on another
and frequent neutral words elsewhere; two words VADER does not list ("zorbished", "grimlaked") lie near the
positive and the negative words. The induced lexicon must give them the sign of their neighbours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit.framing.word_vectors import WordVectors
from toolkit.stance import ActorStanceClassifier
from toolkit.stance.actor_features import TargetContextFeatures
from toolkit.stance.lexicons import induced_valences, vader_lexicon

POSITIVE = "good great excellent happy love wonderful praise nice brilliant best".split()
NEGATIVE = "bad terrible awful hate horrible worst angry ugly sad evil".split()
NEUTRAL = "monday friday capital talks minister visit city week report meeting summit office".split()


def planted_vectors(dim: int = 16, seed: int = 0) -> WordVectors:
    rng = np.random.default_rng(seed)
    words, rows = [], []
    # neutral words first: the vocabulary is in frequency order, and frequent words count as valence 0
    for w in NEUTRAL:
        v = rng.normal(size=dim)
        v[:2] = 0.0
        words.append(w)
        rows.append(v)
    for axis, group in enumerate((POSITIVE + ["zorbished"], NEGATIVE + ["grimlaked"])):
        for w in group:
            v = 0.3 * rng.normal(size=dim)
            v[axis] += 3.0
            words.append(w)
            rows.append(v)
    return WordVectors(np.array(words), np.array(rows), source="planted")


def test_induced_valences_carry_the_lexicon_to_unlisted_words():
    wv = planted_vectors()
    assert "zorbished" not in vader_lexicon() and "grimlaked" not in vader_lexicon()
    val = dict(zip(wv.words.tolist(), induced_valences(wv, neutral_words=len(NEUTRAL)).tolist()))
    assert val["zorbished"] > 0.3
    assert val["grimlaked"] < -0.3
    assert max(abs(val[w]) for w in NEUTRAL) < 0.15
    # listed words get their out-of-fold prediction, with the sign of their group
    assert all(val[w] > 0 for w in POSITIVE) and all(val[w] < 0 for w in NEGATIVE)
    np.testing.assert_array_equal(induced_valences(wv, neutral_words=len(NEUTRAL)),
                                  induced_valences(wv, neutral_words=len(NEUTRAL)))


def test_induced_valences_need_listed_words():
    wv = WordVectors(np.array(["monday", "capital", "zorbished"]), np.eye(3), source="no lexicon words")
    assert not induced_valences(wv).any()


def _targets(sentences):
    rows = []
    for s in sentences:
        start = s.index("Halk")
        rows.append({"sentence": s, "start": start, "end": start + 4})
    return pd.DataFrame(rows)


def test_induced_sums_score_unlisted_stance_words_near_the_target():
    wv = planted_vectors()
    train = _targets(["Vantos zorbished Halk at the summit on Monday.", "Vantos grimlaked Halk at the summit.",
                      "Vantos met Halk in the capital."] * 4)
    features = TargetContextFeatures(char_window=0, word_vectors=wv).fit(train)
    names = list(features.get_feature_names_out())
    assert [n for n in names if n.startswith("ind_")] == ["ind_sum", "ind_mean", "ind_w3", "ind_w8", "ind_pos_w3",
                                                          "ind_neg_w3", "ind_left_w5", "ind_right_w5", "ind_clause",
                                                          "ind_max", "ind_min"]
    X = features.transform(train.iloc[:3]).toarray()
    w3 = X[:, names.index("ind_w3")]
    assert w3[0] > w3[2] > w3[1]
    off = TargetContextFeatures(char_window=0, word_vectors=wv, induced_lexicon_weight=0.0).fit(train)
    assert off.induced_valence_ is None
    assert not any(str(n).startswith("ind_") for n in off.get_feature_names_out())


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_actor_model_passes_the_induced_weight(weight):
    train = _targets(["Vantos zorbished Halk at the summit.", "Vantos grimlaked Halk at the summit.",
                      "Vantos met Halk in the capital."] * 4)
    y = ["positive", "negative", "neutral"] * 4
    model = ActorStanceClassifier(char_window=0, word_vectors=planted_vectors(),
                                  induced_lexicon_weight=weight).fit(train, y)
    names = model.pipeline_.named_steps["features"].get_feature_names_out()
    assert any(str(n).startswith("ind_") for n in names) == (weight != 0.0)
    assert model.get_params()["induced_lexicon_weight"] == weight
