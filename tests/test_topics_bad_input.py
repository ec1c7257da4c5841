"""Bad input to the topic models: clear errors and warnings naming the parameter to change; tokenising."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit.tokenize import iter_texts, iter_tokens, learn_phrases
from toolkit.topics import LdaTopics, NmfTopics, TopicModelError, TopicModelWarning, coherence, k_sweep

TEXTS = [f"alpha{i % 5} beta{i % 3} gamma{i % 7} delta{i % 2} shared words here" for i in range(40)]


def _table(texts):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})


@pytest.mark.parametrize("cls", [LdaTopics, NmfTopics])
def test_documents_empty_after_tokenising_warn_and_get_nan(cls):
    texts = TEXTS + ["the and of 123", "!!!"]
    with pytest.warns(TopicModelWarning, match="2 of 42 documents have no term left"):
        model = cls(3, no_below=2, passes=2).fit(_table(texts)) if cls is LdaTopics else cls(3, no_below=2).fit(
            _table(texts))
    table = model.transform(_table(texts))
    assert table.iloc[-2:, 1:].isna().all().all()
    assert table.iloc[:-2, 1:].notna().all().all()


def test_all_documents_empty():
    with pytest.raises(TopicModelError, match="all 3 documents are empty after tokenising"):
        LdaTopics(2).fit(_table(["the", "and of", "42"]))


def test_vocabulary_emptied_by_filters_names_the_parameters():
    with pytest.raises(TopicModelError, match="no_below=100.*Lower no_below or raise no_above"):
        LdaTopics(2, no_below=100).fit(_table(TEXTS))


def test_too_many_topics_names_n_topics():
    with pytest.raises(TopicModelError, match="n_topics=50 is more than this corpus supports"):
        LdaTopics(50, no_below=1).fit(_table(TEXTS))


@pytest.mark.parametrize("kwargs, match", [({"n_topics": 1}, "n_topics must be"), ({"no_below": 0}, "no_below"),
                                           ({"no_above": 0}, "no_above")])
def test_bad_parameters(kwargs, match):
    with pytest.raises(TopicModelError, match=match):
        LdaTopics(**kwargs).fit(_table(TEXTS))


def test_missing_columns_and_unfitted():
    with pytest.raises(TopicModelError, match="no text column 'body'.*pass text="):
        LdaTopics(2, text="body").fit(_table(TEXTS))
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        LdaTopics(2).transform(_table(TEXTS))
    model = LdaTopics(2, no_below=2, passes=2).fit(TEXTS)
    with pytest.raises(TopicModelError, match="doc_id"):
        model.transform(pd.DataFrame({"text": TEXTS}))
    with pytest.raises(TopicModelError, match="coherence measures"):
        coherence(model, TEXTS, measures=["c_uci"])
    with pytest.raises(TopicModelError, match="ks is empty"):
        k_sweep(TEXTS, [])


def test_iter_tokens_streams_tables_texts_and_parquet(tmp_path):
    table = _table(["Iran's leaders met.", None, "White House officials"])
    assert list(iter_tokens(table)) == [["iran", "leaders", "met"], [], ["white", "house", "officials"]]
    path = tmp_path / "a.parquet"
    table.to_parquet(path)
    assert list(iter_texts(path, batch_size=1)) == ["Iran's leaders met.", "", "White House officials"]
    assert list(iter_tokens(path)) == list(iter_tokens(table))
    gen = iter_tokens(iter(["a b", "one two"]))  # any iterable, consumed lazily
    assert next(gen) == []
    with pytest.raises(FileNotFoundError, match="Parquet"):
        list(iter_texts(tmp_path / "missing.parquet"))
    with pytest.raises(KeyError, match="column='body'|text column 'body'"):
        list(iter_texts(table, "body"))


def test_learn_phrases_and_lemmatize():
    texts = ["white house staff", "the white house", "white house again", "green fields"] * 5
    phrases = learn_phrases(texts, min_count=2, threshold=0.1)
    assert "white_house" in phrases.phrases
    assert next(iter_tokens(texts, phrases=phrases)) == ["white_house", "staff"]
    assert next(iter_tokens(["cats running"], lemmatize=lambda w: w.rstrip("s"))) == ["cat", "running"]
    assert np.isfinite(len(phrases.phrases))


def test_cli_fit_and_transform(tmp_path, capsys):
    from toolkit.cli import main

    demo = Path(__file__).resolve().parents[1] / "corpora" / "demo" / "articles.jsonl"
    model = tmp_path / "model"
    assert main(["topics", "fit", str(demo), "--k", "8", "--model", str(model), "--passes", "2", "--no-below", "2",
                 "--doc-topics", str(tmp_path / "dt.csv")]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("documents 215 terms")
    assert main(["topics", "transform", str(model), str(demo), "--output", str(tmp_path / "again.csv")]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "dt.csv"), pd.read_csv(tmp_path / "again.csv"))
    assert main(["topics", "fit", str(demo), "--k", "500", "--model", str(tmp_path / "m2")]) == 2
    assert "n_topics=500" in capsys.readouterr().err
