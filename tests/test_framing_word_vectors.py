"""Domain word vectors in the frame classifier (``FrameClassifier(word_vectors=...)``, core install).

The planted test: frame A's training documents use two words ("treaty", "accord"), frame B's two others
("tariff", "exports"); the test documents use only words the classifier never saw in training ("pact",
"ceasefire" / "duties", "levy"), whose vectors lie near their frame's words. TF-IDF alone has nothing to go on;
with the word vectors the frames are recovered.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from toolkit.cli import main
from toolkit.framing import FrameClassifier
from toolkit.framing.persist import load_model, save_model
from toolkit.framing.word_vectors import WordVectors, as_word_vectors, reference_word_vectors, train_word_vectors

A_SEEN, A_UNSEEN = ["treaty", "accord"], ["pact", "ceasefire"]
B_SEEN, B_UNSEEN = ["tariff", "exports"], ["duties", "levy"]
FILLER = ["minister", "capital", "talks", "statement", "officials", "week", "meeting", "report", "delegation",
          "spokesperson", "announced", "visit"]


def planted_vectors(dim: int = 16, seed: int = 0) -> WordVectors:
    rng = np.random.default_rng(seed)
    axis_a, axis_b = np.eye(dim)[0], np.eye(dim)[1]
    words, rows = [], []
    for group, axis in ((A_SEEN + A_UNSEEN, axis_a), (B_SEEN + B_UNSEEN, axis_b)):
        for w in group:
            words.append(w)
            rows.append(3 * axis + 0.3 * rng.normal(size=dim))
    for w in FILLER:
        words.append(w)
        v = rng.normal(size=dim)
        v[:2] = 0.0  # filler carries nothing about either frame
        rows.append(v)
    return WordVectors(np.array(words), np.array(rows), source="planted")


def documents(n: int, frame_words: dict[str, list[str]], seed: int) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for i in range(n):
        label = "A" if i % 2 == 0 else "B"
        body = list(rng.choice(FILLER, size=8)) + list(rng.choice(frame_words[label], size=2))
        rng.shuffle(body)
        texts.append(" ".join(body))
        labels.append(label)
    return texts, labels


@pytest.fixture(scope="module")
def planted():
    train = documents(80, {"A": A_SEEN, "B": B_SEEN}, seed=1)
    test = documents(40, {"A": A_UNSEEN, "B": B_UNSEEN}, seed=2)
    return planted_vectors(), train, test


def test_word_vectors_carry_frames_to_words_never_seen_in_training(planted):
    vectors, (Xtr, ytr), (Xte, yte) = planted
    plain = FrameClassifier(min_words=1, min_df=1).fit(Xtr, ytr)
    with_wv = FrameClassifier(min_words=1, min_df=1, word_vectors=vectors).fit(Xtr, ytr)
    acc_plain = np.mean(plain.predict(Xte) == np.array(yte, dtype=object))
    acc_wv = np.mean(with_wv.predict(Xte) == np.array(yte, dtype=object))
    assert acc_plain <= 0.6          # nothing in the TF-IDF vocabulary tells the unseen words apart
    assert acc_wv >= 0.95
    assert with_wv.embedding_dim_ == vectors.dim and plain.embedding_dim_ == 0


def test_primary_mode_with_two_frames_matches_the_binary_regression(planted):
    """Two frames: scikit-learn's binary regression has one coefficient row; the softmax rows are -w/2, +w/2."""
    from sklearn.linear_model import LogisticRegression

    _, (Xtr, ytr), _ = planted
    model = FrameClassifier(min_words=1, min_df=1).fit(Xtr, ytr)
    A = model.vectorizer_.transform(Xtr)
    ref = LogisticRegression(C=model.C, max_iter=2000).fit(A, np.asarray(ytr, dtype=object))
    np.testing.assert_allclose(model.predict_proba(Xtr), ref.predict_proba(A), atol=1e-10)
    assert list(model.classes_) == ["A", "B"]


def test_multilabel_mode_uses_the_block_too(planted):
    vectors, (Xtr, ytr), (Xte, yte) = planted
    model = FrameClassifier(min_words=1, min_df=1, word_vectors=vectors).fit(Xtr, [[y] for y in ytr])
    pred = model.predict_labels(Xte)
    assert np.mean([p == [y] for p, y in zip(pred, yte)]) >= 0.9


def test_save_load_round_trip_keeps_the_vectors(planted, tmp_path):
    vectors, (Xtr, ytr), (Xte, _) = planted
    model = FrameClassifier(min_words=1, min_df=1, word_vectors=vectors).fit(Xtr, [[y] for y in ytr])
    loaded = load_model(save_model(model, tmp_path / "m.skops"))
    np.testing.assert_array_equal(loaded.predict_proba(Xte), model.predict_proba(Xte))
    assert isinstance(loaded.word_vectors_, WordVectors) and len(loaded.word_vectors_) == len(vectors)


def test_estimator_contract_with_word_vectors(planted):
    vectors = planted[0]
    model = FrameClassifier(word_vectors=vectors, word_vector_weight=0.5)
    params = model.get_params()
    assert params["word_vectors"] is vectors and params["word_vector_weight"] == 0.5
    copy = clone(model)
    assert copy.get_params()["word_vector_weight"] == 0.5 and len(copy.get_params()["word_vectors"]) == len(vectors)
    assert "planted" in repr(vectors)


def test_word_vector_files_round_trip_and_bad_input_is_named(tmp_path, planted):
    vectors = planted[0]
    path = vectors.save(tmp_path / "wv.npz")
    again = WordVectors.load(path)
    np.testing.assert_array_equal(again.vectors, vectors.vectors)
    assert again.words.tolist() == vectors.words.tolist() and again.source == "planted"
    assert as_word_vectors(str(path)).dim == vectors.dim
    with pytest.raises(FileNotFoundError, match="not found"):
        WordVectors.load(tmp_path / "missing.npz")
    with pytest.raises(ValueError, match="one vector per word"):
        WordVectors(np.array(["a", "b"]), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="duplicates"):
        WordVectors(np.array(["a", "a"]), np.zeros((2, 4)))
    with pytest.raises(TypeError, match="expected WordVectors"):
        as_word_vectors(42)
    np.savez(tmp_path / "other.npz", something=np.zeros(3))
    with pytest.raises(ValueError, match="not a word-vector file"):
        WordVectors.load(tmp_path / "other.npz")


def test_document_vectors_are_unit_length_and_zero_without_known_words(planted):
    vectors = planted[0]
    D = vectors.document_vectors(["Treaty talks, the minister's accord", "zzz qqq", ""])
    np.testing.assert_allclose(np.linalg.norm(D[0]), 1.0)
    assert not D[1].any() and not D[2].any()


def test_training_is_deterministic_and_uses_the_toolkit_tokens():
    texts = [" ".join(["treaty", "accord", "ceasefire", "talks", "delegation"][i % 5:] * 3) for i in range(60)]
    a = train_word_vectors(texts, vector_size=8, min_count=2, epochs=2, source="tiny")
    b = train_word_vectors(texts, vector_size=8, min_count=2, epochs=2, source="tiny")
    np.testing.assert_array_equal(a.vectors, b.vectors)
    assert set(a.words) == {"treaty", "accord", "ceasefire", "talks", "delegation"} and a.dim == 8
    assert a.source.startswith("tiny (dim 8")


def test_reference_vectors_are_cached_by_corpus_and_settings(tmp_path):
    first = reference_word_vectors("demo", cache_dir=tmp_path, vector_size=8, min_count=3, epochs=1)
    files = list((tmp_path / "word_vectors").glob("demo-*.npz"))
    assert len(files) == 1
    again = reference_word_vectors("demo", cache_dir=tmp_path, vector_size=8, min_count=3, epochs=1)
    np.testing.assert_array_equal(again.vectors, first.vectors)
    reference_word_vectors("demo", cache_dir=tmp_path, vector_size=8, min_count=3, epochs=2)
    assert len(list((tmp_path / "word_vectors").glob("demo-*.npz"))) == 2   # other settings, other file
    with pytest.raises(TypeError, match="unknown word2vec setting"):
        reference_word_vectors("demo", cache_dir=tmp_path, dims=8)


def test_cli_reports_a_missing_word_vector_source(capsys, tmp_path):
    assert main(["framing", "cv", "--dataset", "demo", "--folds", "2",
                 "--word-vectors", str(tmp_path / "missing.npz")]) == 2
    assert "not found" in capsys.readouterr().err


def test_cli_cv_with_word_vectors_from_a_file(capsys, tmp_path):
    path = reference_word_vectors("demo", cache_dir=tmp_path, vector_size=16, min_count=2, epochs=3).save(
        tmp_path / "demo.npz")
    assert main(["framing", "cv", "--dataset", "demo", "--folds", "2", "--word-vectors", str(path)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1].split()
    assert last[0] == "micro_f1" and 0.0 < float(last[1]) <= 1.0 and last[2] == "macro_f1"


def test_auto_word_vectors_are_none_for_the_demo_and_when_the_corpus_is_missing(tmp_path, monkeypatch, capsys):
    from toolkit.framing.word_vectors import resolve_word_vectors

    assert resolve_word_vectors("auto", "demo") is None and resolve_word_vectors("none", "gvfc") is None
    monkeypatch.setenv("TOOLKIT_DATA", str(tmp_path / "no-corpora"))   # nothing local, and no download
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    assert resolve_word_vectors("auto", "gvfc") is None
    assert "goes without them" in capsys.readouterr().err
