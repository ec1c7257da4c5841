"""FineTunedFrameClassifier: the primary frame of short texts by fine-tuning (optional ``embeddings`` extra).

A tiny random BERT (see ``finetune_fakes``) learns planted frames of fictional headlines; scheme checks,
warnings for rare frames, persistence and the CLI's ``--finetune`` run on it. Without torch, only the checks
that need no training run.
"""

from __future__ import annotations

import importlib.util
import random
import sys

import numpy as np
import pytest
from sklearn.metrics import accuracy_score

from toolkit.embeddings import EmbeddingsUnavailable
from toolkit.framing import FineTunedFrameClassifier, FramingWarning, SchemeError
from toolkit.framing.persist import load_model, save_model

from finetune_fakes import tiny_bert

FAST = {"learning_rate": 3e-3, "epochs": 10, "batch_size": 16, "warmup": 0.0, "progress": False}
CUES = {
    "gun_2nd_amendment_rights": ["constitutional right to bear arms", "second amendment defenders rally"],
    "mental_health": ["psychiatric care shortage", "counsellors warn of untreated illness"],
    "economic_consequences": ["costs taxpayers millions", "insurers raise premiums"],
}
TOWNS = ["Arvenia", "Belmora", "Costrava", "Drovania", "Galvora", "Lunmarra", "Keldor", "Ostrel"]

needs_torch = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("torch", "transformers")),
    reason="needs the optional extra 'embeddings' (torch + transformers)")


def headlines(n: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for i in range(n):
        frame = list(CUES)[i % len(CUES)]
        town = rng.choice(TOWNS)
        texts.append(f"In {town}, {rng.choice(CUES[frame])} after the {rng.choice(['Monday', 'Friday'])} shooting")
        labels.append(frame)
    return texts, labels


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    texts = headlines(300, 0)[0] + headlines(300, 1)[0]
    return tiny_bert(tmp_path_factory.mktemp("tiny_bert_frames"), texts)


@needs_torch
def test_learns_planted_frames_and_saves(tiny_base, tmp_path):
    X, y = headlines(150, 0)
    Xt, yt = headlines(60, 1)
    model = FineTunedFrameClassifier("gvfc", model=tiny_base, **FAST).fit(X, y)
    assert accuracy_score(yt, model.predict(Xt)) >= 0.9
    assert list(model.classes_) == sorted(CUES)
    np.testing.assert_array_equal(model.predict_primary(Xt), model.predict(Xt))
    from toolkit.framing.measures import frame_table
    import pandas as pd

    table = frame_table(model, pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(Xt))], "title": "", "text": Xt}))
    assert len(table) == len(Xt) and table["primary"].all() and set(table["frame"]) <= set(CUES)
    path = save_model(model, tmp_path / "frames.skops")
    np.testing.assert_allclose(load_model(path).predict_proba(Xt), model.predict_proba(Xt), atol=1e-6)


@needs_torch
def test_rare_frame_is_left_out_with_a_warning(tiny_base):
    X, y = headlines(60, 0)
    y[0] = "politics"              # one example only
    with pytest.warns(FramingWarning, match="politics"):
        model = FineTunedFrameClassifier("gvfc", model=tiny_base, **{**FAST, "epochs": 1}).fit(X, y)
    assert model.dropped_labels_ == ["politics"] and "politics" not in model.classes_


def test_labels_are_checked_before_any_training(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    X, y = headlines(30, 0)
    with pytest.raises(SchemeError):
        FineTunedFrameClassifier("gvfc").fit(X, ["not_a_frame"] * len(X))
    with pytest.raises(SchemeError):      # lists of frames (several per text) are checked the same way
        FineTunedFrameClassifier("gvfc").fit(X, [[label, "not_a_frame"] for label in y])
    with pytest.raises(ValueError, match="one per text"):
        FineTunedFrameClassifier("gvfc").fit(X, [[label] for label in y][:-1])
    with pytest.raises(ValueError, match="two frames"):
        FineTunedFrameClassifier("gvfc").fit(X, ["politics"] * len(X))
    with pytest.raises(EmbeddingsUnavailable, match="pip install"):
        FineTunedFrameClassifier("gvfc", progress=False).fit(X, y)


def test_cli_finetune_choice(monkeypatch, capsys):
    from argparse import Namespace

    from toolkit.cli import main
    from toolkit.framing import cli

    monkeypatch.setattr("toolkit.embeddings.embeddings_available", lambda: True)
    ask = lambda dataset, finetune="auto", embeddings=False: cli._finetune(  # noqa: E731
        Namespace(dataset=dataset, finetune=finetune, embeddings=embeddings))
    assert ask("gvfc") and not ask("demo") and not ask("semeval2023_task3_en")   # auto: single-label datasets only
    assert not ask("gvfc", embeddings=True) and not ask("gvfc", "no") and ask("demo", "yes")
    monkeypatch.setattr("toolkit.embeddings.embeddings_available", lambda: False)
    assert not ask("gvfc")
    # a multi-label dataset gets the FrameClassifier with the fine-tuned block blended in; --embeddings with it: exit 2
    model = cli.estimator_for("demo", finetune=True)[0]
    assert type(model).__name__ == "FrameClassifier" and model.finetune is True
    assert main(["framing", "cv", "--dataset", "demo", "--folds", "2", "--finetune", "--embeddings"]) == 2
    assert "does not take --embeddings" in capsys.readouterr().err
