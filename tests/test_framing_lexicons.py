"""Lexicons and weak labels on the demo corpus's planted frames: PMI lexicons learned on some articles
score held-out articles of their frame higher; word2vec expansion is deterministic; intruder tests."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.framing.data import load_frame_dataset
from toolkit.framing.lexicons import (expand_lexicon, field2018_lexicon, intruder_accuracy, intruder_items,
                                      lexicon_scores, pmi_lexicon)


@pytest.fixture(scope="module")
def demo():
    articles, labels, scheme = load_frame_dataset("demo")
    return articles, labels, scheme, pmi_lexicon(articles.iloc[:150], labels[:150], top_n=30)


def test_pmi_lexicon_scores_held_out_articles_of_its_frame_higher(demo):
    articles, labels, scheme, lexicon = demo
    assert set(lexicon["frame"]) == set(scheme.names) and (lexicon.groupby("frame").size() == 30).all()
    held = articles.iloc[150:]
    scores = lexicon_scores(held, lexicon)
    for frame in scheme.names:
        has = pd.Series([frame in ls for ls in labels[150:]], index=scores.index)
        assert scores.loc[has, frame].mean() > 1.5 * scores.loc[~has, frame].mean(), frame


def test_word2vec_expansion_is_deterministic_and_adds_new_terms(demo):
    articles, _, _, lexicon = demo
    a = expand_lexicon(lexicon, articles, n=3, epochs=3)
    b = expand_lexicon(lexicon, articles, n=3, epochs=3)
    pd.testing.assert_frame_equal(a, b)
    added = a[a["source"] == "word2vec"]
    assert len(added) > 0 and not set(added["term"]) & set(lexicon["term"])


def test_intruder_items_hide_the_answer_and_score_coders(demo):
    lexicon = demo[3]
    items, key = intruder_items(lexicon, n_items=2, n_true=4)
    assert list(items.columns) == ["item", "position", "term"] and items.groupby("item").size().eq(5).all()
    perfect = key.rename(columns={"intruder": "term"})[["item", "term"]]
    assert (intruder_accuracy(perfect, key)["accuracy"] == 1.0).all()
    wrong = items[~items["term"].isin(key["intruder"])].groupby("item").head(1)
    assert (intruder_accuracy(wrong, key)["accuracy"] == 0.0).all()
    with pytest.raises(ValueError, match="at least two frames"):
        intruder_items(lexicon[lexicon["frame"] == "Economic"])


def test_lexicon_errors_are_explained(demo):
    articles, labels = demo[0], demo[1]
    with pytest.raises(ValueError, match="must align"):
        pmi_lexicon(articles.iloc[:5], labels[:4])
    with pytest.raises(ValueError, match="frame, term"):
        lexicon_scores(articles, pd.DataFrame({"word": ["x"]}))


@pytest.mark.realdata
def test_field2018_lexicons(realdata_dir):
    lex = field2018_lexicon()
    assert lex["frame"].nunique() >= 14 and len(lex) > 2000
