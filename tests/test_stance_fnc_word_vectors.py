"""Domain word vectors in the headline–body stance model (``make_headline_stance_model(word_vectors=...)``).

Planted: a headline and a body that share no word but whose words have nearly the same vectors (a paraphrase)
must get a higher word-vector cosine than a body about something else; the model with vectors saves, loads and
predicts exactly as before saving; the CLI trains with a saved ``.npz``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stance_synthetic import fnc_pairs
from toolkit.cli import main
from toolkit.framing.word_vectors import WordVectors
from toolkit.stance import load_model, make_headline_stance_model, save_model
from toolkit.stance.headline_features import HeadlineBodyFeatures
from toolkit.stance.headline_stages import SnippetVectorizer
from toolkit.text import words


def synthetic_vectors(texts, dim: int = 16, seed: int = 0) -> WordVectors:
    """Random vectors for every word of ``texts``, plus planted synonyms sharing one direction."""
    rng = np.random.default_rng(seed)
    vocab = sorted({w for t in texts for w in words(t)})
    rows = {w: rng.normal(size=dim) for w in vocab}
    for group in (["envoy", "diplomat"], ["rejected", "spurned"], ["treaty", "accord"]):
        base = rng.normal(size=dim) * 3
        for w in group:
            rows[w] = base + 0.1 * rng.normal(size=dim)
    names = sorted(rows)
    return WordVectors(np.array(names), np.array([rows[w] for w in names]), source="synthetic")


def test_vector_cosines_see_paraphrases():
    train = pd.DataFrame({"headline": ["Envoy rejected treaty", "Harvest festival opens"],
                          "body": ["The diplomat spurned the accord.", "Farmers sold apples at the fair."]})
    wv = synthetic_vectors(train["headline"].tolist() + train["body"].tolist())
    f = HeadlineBodyFeatures(word_vectors=wv).fit(train)
    names = list(f.get_feature_names_out())
    assert names[-2:] == ["wv_cos_body", "wv_cos_lead"]
    pairs = pd.DataFrame({"headline": ["Envoy rejected treaty"] * 2,
                          "body": ["The diplomat spurned the accord.", "Farmers sold apples at the fair."]})
    X = f.transform(pairs)
    assert X.shape[1] == len(names)
    assert X[0, names.index("wv_cos_body")] > 0.8 > X[1, names.index("wv_cos_body")]
    # no word shared: the word-overlap features cannot tell the two bodies apart
    assert X[0, names.index("ovl_words")] == X[1, names.index("ovl_words")] == 0
    plain = HeadlineBodyFeatures().fit(train)
    assert "wv_cos_body" not in plain.get_feature_names_out()
    np.testing.assert_allclose(plain.transform(pairs), X[:, :-2])


@pytest.mark.parametrize("snippet_weight", [0.0, 0.5])
def test_fnc_model_with_word_vectors_round_trips(tmp_path, snippet_weight):
    df = fnc_pairs(n_claims=10, bodies_per_claim=3, heads_per_claim=2)
    wv = synthetic_vectors(df["headline"].tolist() + df["body"].drop_duplicates().tolist())
    model = make_headline_stance_model(max_iter=30, word_vectors=wv, snippet_vector_weight=snippet_weight)
    model.fit(df[["headline", "body"]], df["label"])
    inner = model.estimator_
    assert isinstance(inner.snippet_vectorizer_, SnippetVectorizer) == (snippet_weight > 0)
    assert list(inner.features_.get_feature_names_out()[-2:]) == ["wv_cos_body", "wv_cos_lead"]
    loaded = load_model(save_model(model, tmp_path / "fnc.skops", kind="fnc1"), kind="fnc1")
    X = df[["headline", "body"]].iloc[:60]
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    assert (model.predict(df[["headline", "body"]]) == df["label"]).mean() > 0.8


def test_fnc1_train_cli_takes_a_word_vector_file(tmp_path, capsys):
    df = fnc_pairs(n_claims=8, bodies_per_claim=3, heads_per_claim=2)
    wv = synthetic_vectors(df["headline"].tolist() + df["body"].drop_duplicates().tolist())
    wv.save(tmp_path / "wv.npz")
    bodies = df.drop_duplicates("body_id")[["body_id", "body"]].rename(columns={"body_id": "Body ID",
                                                                              "body": "articleBody"})
    bodies.to_csv(tmp_path / "train_bodies.csv", index=False)
    df[["headline", "body_id", "label"]].rename(columns={"headline": "Headline", "body_id": "Body ID",
                                                         "label": "Stance"}).to_csv(tmp_path / "train_stances.csv",
                                                                                    index=False)
    assert main(["stance", "fnc1", "train", "--data", str(tmp_path), "--model", str(tmp_path / "m.skops"),
                 "--max-iter", "30", "--word-vectors", str(tmp_path / "wv.npz")]) == 0
    model = load_model(tmp_path / "m.skops", kind="fnc1")
    assert model.estimator_.features_.word_vectors_ is not None
    capsys.readouterr()
    assert main(["stance", "fnc1", "evaluate", "--model", str(tmp_path / "m.skops"),
                 "--bodies", str(tmp_path / "train_bodies.csv"), "--stances", str(tmp_path / "train_stances.csv")]) == 0
    name, value = capsys.readouterr().out.strip().splitlines()[-1].split()
    assert name == "fnc1_relative_score" and 0.8 < float(value) <= 1.0


def test_saved_model_holds_the_word_vectors_once(tmp_path):
    """clone() deep-copies parameters; word vectors are read-only values shared across clones, so a fitted model
    (unfitted template + fitted copy + snippet model) is saved with one copy of the vectors, not several."""
    from sklearn.base import clone

    df = fnc_pairs(n_claims=8, bodies_per_claim=3, heads_per_claim=2)
    small = synthetic_vectors(df["headline"].tolist() + df["body"].drop_duplicates().tolist(), dim=64)
    rng = np.random.default_rng(1)
    filler = [f"filler{i}" for i in range(20000)]
    wv = WordVectors(np.r_[small.words, filler], np.r_[small.vectors, rng.normal(size=(20000, small.dim))])
    one_copy = wv.vectors.nbytes + wv.words.nbytes
    X, y = df[["headline", "body"]], df["label"]
    model = make_headline_stance_model(max_iter=20, word_vectors=wv).fit(X, y)
    assert clone(model).estimator.features.word_vectors is wv
    size = save_model(model, tmp_path / "with.skops", kind="fnc1").stat().st_size
    base = save_model(make_headline_stance_model(max_iter=20).fit(X, y), tmp_path / "without.skops",
                      kind="fnc1").stat().st_size
    assert 0.9 * one_copy < size - base < 1.5 * one_copy
