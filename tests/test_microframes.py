"""FrameAxis microframes (toolkit.framing.microframes): planted geometry, corpus-trained word2vec end to end,
the null model's calibration, determinism, the transformer contract, bad input, and the hand-over to
toolkit.compare.within_event_contrast. Synthetic data only (fictional countries and outlets), no network."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from gensim.models import KeyedVectors
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from toolkit.compare import TIDY_COLUMNS, CompareWarning, within_event_contrast
from toolkit.framing import (MICROFRAME_AXES, MicroframeAxis, MicroframeError, MicroframeScorer, MicroframeWarning,
                             load_axes, microframe_measures, microframe_scores)
from toolkit.framing.microframes import SCORE_COLUMNS
from toolkit.text import words

REPO = Path(__file__).resolve().parents[1]
AXIS = "peaceful_hostile"
POS_POLE = list(MICROFRAME_AXES[AXIS].positive)
NEG_POLE = list(MICROFRAME_AXES[AXIS].negative)
POS_WORDS = ["talks", "truce", "ceasefire", "dialogue", "harmony", "accord"]
NEG_WORDS = ["attack", "threat", "strike", "raid", "missile", "shelling"]
NEUTRAL = [f"{a}{b}" for a in ("dor", "vel", "mar", "ost", "kal") for b in ("ane", "ith", "ora", "usk", "ent", "ima")]


# -- planted geometry ------------------------------------------------------------------------------

def _planted_vectors(dim: int = 24, seed: int = 0) -> KeyedVectors:
    """Pole and side words along +/- the first coordinate (plus small noise); neutral words orthogonal to it."""
    rng = np.random.default_rng(seed)

    def near(side: float) -> np.ndarray:
        v = rng.normal(0.0, 0.25, dim)
        v[0] = side
        return v

    keys = POS_POLE + POS_WORDS + NEG_POLE + NEG_WORDS + NEUTRAL
    vecs = ([near(2.0) for _ in POS_POLE + POS_WORDS] + [near(-2.0) for _ in NEG_POLE + NEG_WORDS]
            + [near(0.0) for _ in NEUTRAL])
    kv = KeyedVectors(dim)
    kv.add_vectors(keys, np.vstack(vecs).astype(np.float32))
    return kv


def _bag(rng: np.random.Generator, pool: list[str], n: int) -> str:
    return " ".join(rng.choice(pool, n))


def _planted_articles(n: int = 30, length: int = 80, seed: int = 1) -> pd.DataFrame:
    """Outlet A: side words of the positive pole among neutral words; outlet B: the negative side; C: neutral.

    Every document also names both poles once (pole words are left out of their own axis).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, pool in (("Valmoran Herald", POS_WORDS * 2 + NEUTRAL), ("Ostrel Tribune", NEG_WORDS * 2 + NEUTRAL),
                         ("Kaldor Wire", NEUTRAL)):
        for i in range(n):
            text = _bag(rng, pool, length) + " peaceful hostile"
            rows.append({"doc_id": f"{outlet.split()[0].lower()}-{i:02d}", "outlet": outlet, "event_id": f"ev{i % 6}",
                         "title": "", "text": text})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def planted():
    articles = _planted_articles()
    scorer = MicroframeScorer([AXIS], vectors=_planted_vectors(), n_null=400, random_state=0).fit(articles)
    return articles, scorer, scorer.scores(articles).merge(articles[["doc_id", "outlet"]], on="doc_id")


def test_built_in_axes_are_well_formed():
    assert 12 <= len(MICROFRAME_AXES) <= 15
    for name, ax in MICROFRAME_AXES.items():
        assert ax.name == name and 2 <= len(ax.positive) <= 5 and 2 <= len(ax.negative) <= 5
        assert not set(ax.positive) & set(ax.negative)
        assert all(words(w) == [w] for w in ax.words), f"{name}: a pole word is not a single countable token"


def test_planted_bias_signs_intensity_and_p_values(planted):
    _, scorer, scores = planted
    assert list(scores.columns[:len(SCORE_COLUMNS)]) == list(SCORE_COLUMNS)
    by = scores.groupby("outlet")
    bias = by["bias"].mean()
    assert bias["Valmoran Herald"] > 0.2 and bias["Ostrel Tribune"] < -0.2
    assert (scores.loc[scores["outlet"] == "Valmoran Herald", "bias"] > 0).all()
    assert (scores.loc[scores["outlet"] == "Ostrel Tribune", "bias"] < 0).all()
    assert abs(bias["Kaldor Wire"]) < 0.05
    # intensity: planted documents stray further from the corpus baseline than neutral ones
    intensity = by["intensity"].mean()
    assert intensity["Valmoran Herald"] > 2 * intensity["Kaldor Wire"]
    assert intensity["Ostrel Tribune"] > 2 * intensity["Kaldor Wire"]
    assert (scores["intensity"] >= 0).all()
    # the null model: planted documents are far outside it, with the right sign of effect
    planted_rows = scores[scores["outlet"] != "Kaldor Wire"]
    assert (planted_rows["p_value"] < 0.01).all()
    assert (np.sign(planted_rows["effect"]) == np.sign(planted_rows["bias"] - scorer.baseline_bias_[0])).all()
    assert (scores["n_words"] == 80).all()  # the two pole words are not counted
    poles = scorer.pole_words_.set_index("word")
    assert poles.loc["peaceful", "count"] == poles.loc["hostile", "count"] == 90 and poles.loc["calm", "count"] == 0
    assert poles["has_vector"].all()
    assert np.isclose(scorer.word_probabilities_.sum(), 1.0)


def test_pole_words_are_left_out_of_their_own_axis():
    kv = _planted_vectors()
    neutral = " ".join(NEUTRAL)
    scorer = MicroframeScorer([AXIS], vectors=kv, n_null=0).fit([neutral, neutral + " talks attack"])
    with_poles = scorer.transform([neutral + " peaceful peaceful calm calm peaceable"])
    without = scorer.transform([neutral])
    assert np.allclose(with_poles.to_numpy(), without.to_numpy())
    with pytest.warns(MicroframeWarning, match="1 of 1 document"):
        only_poles = scorer.transform(["peaceful hostile calm"])
    assert only_poles.isna().all().all()


def test_null_p_values_are_roughly_uniform_for_documents_drawn_from_the_corpus(planted):
    _, scorer, _ = planted
    rng = np.random.default_rng(7)
    docs = [" ".join(rng.choice(scorer.vocabulary_, size=int(n), p=scorer.word_probabilities_))
            for n in rng.integers(20, 120, size=400)]
    scores = scorer.scores(docs)
    p = scores["p_value"].to_numpy()
    assert 0.0 <= (p < 0.05).mean() <= 0.15  # measured 0.053 on average over 10 seeds (intensity: 0.053)
    assert 0.0 <= (scores["intensity_p_value"] < 0.05).mean() <= 0.15
    assert 0.35 <= (p < 0.5).mean() <= 0.65
    assert ((p > 0) & (p <= 1)).all()


def test_null_does_not_depend_on_the_other_documents_scored(planted):
    articles, scorer, scores = planted
    part = scorer.scores(articles.iloc[[5, 40, 70]])
    full = scores.set_index("doc_id").loc[part["doc_id"]]
    for col in ("null_bias_mean", "null_bias_sd", "p_value", "intensity_p_value"):
        assert np.allclose(part[col].to_numpy(), full[col].to_numpy())


def test_bias_goes_to_within_event_contrast(planted):
    articles, _, scores = planted
    measures = microframe_measures(scores)
    assert list(measures.columns) == ["doc_id", AXIS] and len(measures) == len(articles)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CompareWarning)
        table = within_event_contrast(articles, measures, by="outlet", event="event_id")
    assert list(table.columns[:len(TIDY_COLUMNS)]) == list(TIDY_COLUMNS)
    est = table.set_index("group")["estimate"]
    assert est["Valmoran Herald"] > 0 > est["Ostrel Tribune"]
    row = table.set_index("group").loc["Valmoran Herald"]
    assert row["ci_low"] > 0
    intensity = microframe_measures(scores, value="intensity")
    assert intensity[AXIS].notna().all()


# -- corpus-trained word2vec, end to end ---------------------------------------------------------------

CALM = ["peaceful talks resumed", "the ceasefire held and calm returned", "calm returned after the ceasefire",
        "peaceful dialogue on the truce", "negotiators praised the peaceful truce", "talks toward a calm settlement",
        "the truce brought calm and dialogue", "peaceful negotiators met for talks"]
WAR = ["hostile troops launched an attack", "the attack was a hostile threat", "aggressive missile strikes",
       "an aggressive raid on the border", "the threat of a hostile missile attack", "troops staged an aggressive raid",
       "hostile forces threatened another strike", "missile strikes and raids"]
SHARED = "officials border ministry envoy capital region week statement delegation government".split()


def fictional_corpus(n_per_outlet: int = 60, seed: int = 0) -> pd.DataFrame:
    """Two fictional outlets on the same fictional events: one writes of talks and calm, one of attacks."""
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, pool, place in (("Valmoran Herald", CALM, "Valmora"), ("Ostrel Tribune", WAR, "Ostrelia")):
        for i in range(n_per_outlet):
            text = " ".join(f"{rng.choice(pool)} near {place} {' '.join(rng.choice(SHARED, 3))}." for _ in range(8))
            rows.append({"doc_id": f"{outlet.split()[0].lower()}-{i:02d}", "outlet": outlet,
                         "event_id": f"ev{i % 10}", "title": f"Report {i}", "text": text})
    return pd.DataFrame(rows)


W2V = {"min_count": 3, "vector_size": 32, "epochs": 30}


def test_corpus_trained_word2vec_separates_outlets_by_sign():
    articles = fictional_corpus()
    scores = microframe_scores(articles, [AXIS], n_null=200, random_state=0, **W2V)
    bias = scores.merge(articles[["doc_id", "outlet"]]).groupby("outlet")["bias"]
    assert bias.mean()["Valmoran Herald"] > 0 > bias.mean()["Ostrel Tribune"]
    assert bias.min()["Valmoran Herald"] > bias.max()["Ostrel Tribune"]


def test_same_seed_same_table_and_built_in_axes_dropped_with_named_words():
    articles = fictional_corpus(n_per_outlet=30)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MicroframeWarning)
        a = microframe_scores(articles, None, n_null=100, random_state=3, **W2V)
        b = microframe_scores(articles, None, n_null=100, random_state=3, **W2V)
        c = microframe_scores(articles, None, n_null=100, random_state=4, **W2V)
    dropped = [str(w.message) for w in caught if issubclass(w.category, MicroframeWarning)]
    assert len(dropped) == 3 * (len(MICROFRAME_AXES) - 1)
    assert any("'legal_illegal' dropped: neither pole has a word with a vector (missing: legal, lawful" in m
               for m in dropped)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["axis"]) == {AXIS}  # the only built-in axis whose two poles occur in this corpus
    assert not np.allclose(a["null_bias_mean"], c["null_bias_mean"])


def test_word2vec_vectors_are_the_same_in_processes_with_different_hash_seeds():
    script = textwrap.dedent(f"""
        import hashlib, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_microframes import fictional_corpus
        from toolkit.framing.lexicons import word2vec_vectors
        wv = word2vec_vectors(fictional_corpus(20), vector_size=16, min_count=3, epochs=3, random_state=5)
        print(hashlib.sha256(wv.vectors.tobytes() + "|".join(wv.index_to_key).encode()).hexdigest())
    """)
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": os.pathsep.join(
            [str(REPO), os.environ.get("PYTHONPATH", "")])}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        digests.add(done.stdout.strip())
    assert len(digests) == 1


# -- the scikit-learn contract ---------------------------------------------------------------------

def test_transformer_contract():
    kv = _planted_vectors()
    scorer = MicroframeScorer([AXIS], vectors=kv, n_null=50, random_state=2)
    params = scorer.get_params()
    assert params["axes"] == [AXIS] and params["n_null"] == 50 and params["random_state"] == 2
    twin = clone(scorer)
    assert twin is not scorer and twin.get_params()["n_null"] == 50 and not hasattr(twin, "contributions_")
    assert twin.set_params(n_null=10) is twin and twin.n_null == 10
    articles = _planted_articles(n=10)
    assert scorer.fit(articles) is scorer
    wide = scorer.transform(articles)
    assert wide.index.name == "doc_id" and list(wide.index) == articles["doc_id"].tolist()
    assert list(wide.columns) == [f"bias_{AXIS}", f"intensity_{AXIS}"] == list(scorer.get_feature_names_out())
    pd.testing.assert_frame_equal(scorer.fit_transform(articles), wide)
    texts = articles["text"].tolist()[:20]
    y = articles["outlet"].to_numpy()[:20]
    pipe = Pipeline([("microframes", clone(scorer)), ("model", LogisticRegression())]).fit(texts, y)
    assert (pipe.predict(texts) == y).mean() > 0.9
    with pytest.raises(MicroframeError, match="not fitted"):
        MicroframeScorer().transform(["text"])


# -- axes and bad input ------------------------------------------------------------------------------

def test_user_axes_from_dict_and_yaml(tmp_path):
    axes = load_axes({"calm_tense": {"positive": ["calm", "quiet"], "negative": "tense, nervous"}})
    assert axes == [MicroframeAxis("calm_tense", ("calm", "quiet"), ("tense", "nervous"))]
    path = tmp_path / "axes.yaml"
    path.write_text("axes:\n  truce_war:\n    positive: [truce, talks]\n    negative: [attack, raid]\n")
    (ax,) = load_axes(path)
    assert ax.name == "truce_war" and ax.negative == ("attack", "raid")
    assert [a.name for a in load_axes(["strong_weak", ax])] == ["strong_weak", "truce_war"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("axes: [unclosed\n")
    with pytest.raises(MicroframeError, match="not valid YAML"):
        load_axes(bad)


def test_unknown_axis_names_are_listed():
    with pytest.raises(MicroframeError, match=r"unknown microframe axes \['peace_war', 'nice_mean'\].*strong_weak"):
        load_axes(["peaceful_hostile", "peace_war", "nice_mean"])
    with pytest.raises(MicroframeError, match="unknown microframe axis 'peace_war'"):
        MicroframeScorer("peace_war", vectors=_planted_vectors()).fit(["talks truce"])


def test_overlapping_poles_and_bad_pole_words_are_errors():
    with pytest.raises(MicroframeError, match=r"\['calm'\] are on both poles"):
        MicroframeAxis("x", ("calm", "quiet"), ("calm", "tense"))
    with pytest.raises(MicroframeError, match="on both poles"):
        load_axes({"x": {"positive": "calm", "negative": ["Calm"]}})
    with pytest.raises(MicroframeError, match="not single tokens"):
        MicroframeAxis("x", ("cease fire",), ("war",))
    with pytest.raises(MicroframeError, match="not single tokens"):
        MicroframeAxis("x", ("sincere",), ("war",))  # a scikit-learn stopword: never counted
    with pytest.raises(MicroframeError, match="negative pole has no words"):
        MicroframeAxis("x", ("calm",), ())
    with pytest.raises(MicroframeError, match="duplicate axis"):
        load_axes(["strong_weak", "strong_weak"])
    with pytest.raises(MicroframeError, match="expected"):
        load_axes({"x": ["calm"]})


def test_empty_corpus_and_unusable_axes_are_errors():
    kv = _planted_vectors()
    with pytest.raises(MicroframeError, match="empty corpus"):
        MicroframeScorer(vectors=kv).fit([])
    with pytest.raises(MicroframeError, match="empty corpus"):
        microframe_scores(pd.DataFrame({"doc_id": [], "text": []}), vectors=kv)
    with pytest.raises(MicroframeError, match="no word tokens"):
        MicroframeScorer(vectors=kv).fit(["", "the and of 42"])
    with pytest.raises(MicroframeError, match="none of the .* corpus words has a vector"):
        MicroframeScorer(vectors=kv).fit(["unknown words only"])
    with (pytest.raises(MicroframeError, match=r"none of the 2 microframe axes is usable.*pass pretrained vectors"),
          pytest.warns(MicroframeWarning)):
        MicroframeScorer(["legal_illegal", "strong_weak"], vectors=kv).fit([" ".join(NEUTRAL)])
    one_pole = KeyedVectors(2)
    one_pole.add_vectors(["strong", "talks"], np.eye(2, dtype=np.float32))
    with (pytest.warns(MicroframeWarning, match=r"'strong_weak' dropped: its negative pole has no word with a vector \(missing: weak"),
          pytest.raises(MicroframeError, match="none of the 1 microframe axes")):
        MicroframeScorer(["strong_weak"], vectors=one_pole).fit(["strong talks"])
    with pytest.raises(MicroframeError, match="min_count"):
        MicroframeScorer(min_count=50).fit(["peaceful talks", "hostile attack"])
    with pytest.raises(MicroframeError, match="doc_id and text"):
        microframe_scores(["peaceful talks"], vectors=kv)
    with pytest.raises(MicroframeError, match="random_state"):
        MicroframeScorer([AXIS], vectors=kv, random_state=-1).fit([" ".join(NEUTRAL)])


def test_documents_without_known_words_get_nan_and_are_counted():
    articles = _planted_articles(n=5)
    extra = pd.DataFrame({"doc_id": ["empty", "unknown"], "outlet": "Kaldor Wire", "event_id": "ev0", "title": "",
                          "text": ["", "zzz qqq unknownword"]})
    articles = pd.concat([articles, extra], ignore_index=True)
    with pytest.warns(MicroframeWarning, match=r"2 of 17 document\(s\).*'empty', 'unknown'"):
        scores = microframe_scores(articles, [AXIS], vectors=_planted_vectors(), n_null=50)
    assert len(scores) == len(articles)  # kept, not dropped
    empty = scores[scores["doc_id"].isin(["empty", "unknown"])]
    assert empty[["bias", "intensity", "effect", "p_value"]].isna().all().all() and (empty["n_words"] == 0).all()
    assert scores.loc[~scores["doc_id"].isin(["empty", "unknown"]), "p_value"].notna().all()


def test_microframe_measures_bad_input():
    with pytest.raises(MicroframeError, match="columns doc_id, axis, bias"):
        microframe_measures(pd.DataFrame({"doc_id": ["a"]}))
    table = pd.DataFrame({"doc_id": ["a", "a"], "axis": ["x", "x"], "bias": [0.1, 0.2]})
    with pytest.raises(MicroframeError, match="duplicate"):
        microframe_measures(table)
    with pytest.raises(MicroframeError, match="not a numeric column"):
        microframe_measures(table, value="axis")
