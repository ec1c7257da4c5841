"""Domain word vectors in the actor-stance model (``ActorStanceClassifier(word_vectors=...)``, core install).

Planted: training sentences express stance toward the target with verbs outside VADER's lexicon ("embraced",
"courted" / "rebuffed", "shunned" / "met", "phoned"); test sentences use only verbs never seen in training
("feted", "toasted" / "spurned", "stonewalled" / "visited", "briefed") whose vectors lie near their class's
verbs. Without the vectors the model has nothing to go on; with them it recovers the stance.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import f1_score

from toolkit.framing.word_vectors import WordVectors
from toolkit.stance import ActorStanceClassifier, load_model, save_model

SEEN = {"positive": ["embraced", "courted"], "negative": ["rebuffed", "shunned"], "neutral": ["met", "phoned"]}
UNSEEN = {"positive": ["feted", "toasted"], "negative": ["spurned", "stonewalled"], "neutral": ["visited", "briefed"]}
NAMES = ["Aurel Vantos", "Teodor Halk", "Livia Sarn", "Matthias Orrin"]
PLACES = ["Arvenia", "Belmora", "Costrava", "Drovania"]


def vectors(dim: int = 12, seed: int = 0) -> WordVectors:
    rng = np.random.default_rng(seed)
    words, rows = [], []
    for axis, label in enumerate(("positive", "negative", "neutral")):
        for w in SEEN[label] + UNSEEN[label]:
            v = 0.3 * rng.normal(size=dim)
            v[axis] += 3.0
            words.append(w)
            rows.append(v)
    for w in ["monday", "friday", "capital", "talks"] + [p.lower() for p in PLACES]:
        v = rng.normal(size=dim)
        v[:3] = 0.0
        words.append(w)
        rows.append(v)
    return WordVectors(np.array(words), np.array(rows), source="planted")


def sentences(n: int, verbs: dict[str, list[str]], seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = ["positive", "negative", "neutral"][i % 3]
        a, b = rng.sample(NAMES, 2)
        verb = rng.choice(verbs[label])
        sentence = f"On {rng.choice(['Monday', 'Friday'])}, {a} {verb} {b} in {rng.choice(PLACES)} after talks."
        start = sentence.index(b, sentence.index(verb))
        rows.append({"sentence": sentence, "start": start, "end": start + len(b), "label": label})
    return pd.DataFrame(rows)


def test_word_vectors_carry_stance_to_verbs_never_seen_in_training():
    train, test = sentences(150, SEEN, seed=1), sentences(90, UNSEEN, seed=2)
    plain = ActorStanceClassifier(char_window=0).fit(train, train["label"])
    with_wv = ActorStanceClassifier(char_window=0, word_vectors=vectors()).fit(train, train["label"])
    f1_plain = f1_score(test["label"], plain.predict(test), average="macro")
    f1_wv = f1_score(test["label"], with_wv.predict(test), average="macro")
    assert f1_plain <= 0.5
    assert f1_wv >= 0.9
    names = with_wv.pipeline_.named_steps["features"].get_feature_names_out()
    assert sum(str(n).startswith("wv_") for n in names) == 3 * 12


def test_actor_model_with_word_vectors_saves_loads_and_clones(tmp_path):
    train = sentences(60, SEEN, seed=3)
    model = ActorStanceClassifier(word_vectors=vectors(), word_vector_weight=1.0).fit(train, train["label"])
    loaded = load_model(save_model(model, tmp_path / "actor.skops", kind="actor"), kind="actor")
    np.testing.assert_array_equal(loaded.predict_proba(train), model.predict_proba(train))
    copy = clone(model)
    assert copy.get_params()["word_vector_weight"] == 1.0 and len(copy.get_params()["word_vectors"]) == len(vectors())
