"""Several frames per article by fine-tuning (chunked FineTunedFrameClassifier, and FrameClassifier(finetune=...)).

A tiny random BERT (``finetune_fakes``) learns planted frames of fictional articles: each frame has its own cue
words, placed in half of an article's chunks (any of them) among neutral filler. Without torch, only the checks that need no training run.
"""

from __future__ import annotations

import importlib.util
import random
import sys

import numpy as np
import pytest
from sklearn.metrics import f1_score

from toolkit.finetune import FineTunedEncoder
from toolkit.framing import FineTunedFrameClassifier, FrameClassifier
from toolkit.framing.persist import load_model, save_model

from finetune_fakes import tiny_bert

CUES = {
    "Economic": ["budget deficit widens", "tax revenue falls", "inflation squeezes wages"],
    "Security_and_defense": ["troops mass at border", "artillery shells hit outpost", "navy patrols strait"],
    "Legality_Constitutionality_and_jurisprudence": ["court strikes down decree", "judges hear appeal",
                                                     "supreme tribunal ruling"],
}
FILLER = ("officials in Arvenia and Belmora met on Tuesday while reporters waited outside the hall and the "
          "delegations exchanged notes about the schedule for the coming week").split()
WORDS = 15          # words per chunk in these tests (tiny BERT: 64 positions)
FAST = {"learning_rate": 3e-3, "epochs": 8, "batch_size": 16, "warmup": 0.0, "progress": False,
        "chunk_words": WORDS, "max_length": 40}

needs_torch = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("torch", "transformers")),
    reason="needs the optional extra 'embeddings' (torch + transformers)")


def articles(n: int, seed: int) -> tuple[list[str], list[list[str]]]:
    """Articles of 6 chunks; each planted frame's cues sit in 3 random chunks (early or late), the rest is filler."""
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(n):
        frames = rng.sample(sorted(CUES), rng.choice([1, 1, 2]))
        chunks = [rng.sample(FILLER, WORDS) for _ in range(6)]
        for frame in frames:
            for c in rng.sample(range(6), 3):
                cue = rng.choice(CUES[frame]).split()
                chunks[c] = chunks[c][: WORDS - len(cue)] + cue
        texts.append(" ".join(w for chunk in chunks for w in chunk))
        labels.append(frames)
    return texts, labels


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    return tiny_bert(tmp_path_factory.mktemp("tiny_bert_articles"), articles(200, 0)[0] + articles(200, 1)[0])


def _indicator(labels, classes):
    return np.array([[c in row for c in classes] for row in labels], dtype=int)


@needs_torch
def test_chunked_model_finds_frames_anywhere_in_the_article(tiny_base, tmp_path):
    X, y = articles(100, 0)
    Xt, yt = articles(60, 1)
    model = FineTunedFrameClassifier("semeval2023", model=tiny_base, **FAST).fit(X, y)
    assert model.multilabel_ and list(model.classes_) == sorted(CUES)
    # each article gives 6 chunks, each trained on its article's frames
    assert model.n_steps_ == FAST["epochs"] * int(np.ceil(len(X) * 6 / FAST["batch_size"]))
    P = model.predict_proba(Xt)
    assert P.shape == (len(Xt), 3) and ((P >= 0) & (P <= 1)).all()
    Y = model.predict(Xt)
    assert Y.sum(axis=1).min() >= 1                            # at least the most probable frame
    assert f1_score(_indicator(yt, model.classes_), Y, average="micro") >= 0.8
    assert model.predict_labels(Xt[:2]) == [list(model.classes_[row.astype(bool)]) for row in Y[:2]]
    path = save_model(model, tmp_path / "chunked.skops")
    np.testing.assert_allclose(load_model(path).predict_proba(Xt), P, atol=1e-6)


@needs_torch
def test_article_probability_is_the_mean_over_its_chunks(tiny_base):
    X, y = articles(60, 0)
    model = FineTunedFrameClassifier(model=tiny_base, **{**FAST, "epochs": 1}).fit(X, y)
    one = X[0]
    chunks = [" ".join(one.split()[i:i + WORDS]) for i in range(0, len(one.split()), WORDS)]
    per_chunk = FineTunedEncoder.predict_proba(model, chunks)       # the engine: one row per text given
    np.testing.assert_allclose(model.predict_proba([one])[0], per_chunk.mean(axis=0), atol=1e-6)
    # max_chunks reads only the start of an article
    capped = model.set_params(max_chunks=2)
    np.testing.assert_allclose(capped.predict_proba([one])[0], per_chunk[:2].mean(axis=0), atol=1e-6)


@needs_torch
def test_frame_classifier_blends_the_finetuned_block(tiny_base, tmp_path):
    X, y = articles(100, 0)
    Xt, yt = articles(60, 1)
    block = FineTunedFrameClassifier(model=tiny_base, **FAST)
    plain = FrameClassifier("semeval2023", min_examples=3).fit(X, y)
    blended = FrameClassifier("semeval2023", min_examples=3, finetune=block, finetune_weight=0.4).fit(X, y)
    assert blended.finetuned_.multilabel_ and plain.finetuned_ is None
    np.testing.assert_allclose(blended.thresholds_, plain.thresholds_)       # thresholds: the TF-IDF model's
    F = blended.finetuned_.predict_proba(Xt)
    cols = [list(blended.finetuned_.classes_).index(c) for c in blended.classes_]
    np.testing.assert_allclose(blended.predict_proba(Xt), 0.6 * plain.predict_proba(Xt) + 0.4 * F[:, cols],
                               atol=1e-9)
    assert blended.score(Xt, yt) >= 0.85
    path = save_model(blended, tmp_path / "blended.skops")
    np.testing.assert_allclose(load_model(path).predict_proba(Xt), blended.predict_proba(Xt), atol=1e-6)


def test_finetune_settings_are_checked_before_training(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    X, y = articles(30, 0)
    with pytest.raises(ValueError, match="finetune_weight"):
        FrameClassifier(min_examples=3, finetune=True, finetune_weight=1.5).fit(X, y)
    with pytest.raises(ValueError, match="FineTunedFrameClassifier"):
        FrameClassifier(min_examples=3, finetune="yes").fit(X, y)
    with pytest.raises(ValueError, match="primary"):          # one frame per text: use the fine-tuned model itself
        FrameClassifier(finetune=True).fit(X, [labels[0] for labels in y])
    with pytest.raises(ValueError, match="chunk_words"):
        FineTunedFrameClassifier(chunk_words=0).fit(X, y)
