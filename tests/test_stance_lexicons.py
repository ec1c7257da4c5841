"""VADER's lexicon and rules applied to pre-tokenised text (toolkit.stance.lexicons): known answers against
VADER's own ``polarity_scores``, each context rule, and the vectorised per-span scores."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.stance.lexicons import text_polarity, token_valences, valence_scores, vader

# sentences without "!" or "?" (VADER's punctuation emphasis is the one rule left out)
SENTENCES = [
    "The minister sharply criticised the failed talks.",
    "Leaders praised a very good and historic agreement.",
    "It was not good at all.",
    "The delegation said nothing.",
    "The deal is GREAT but the process was terrible.",
    "Officials were extremely worried about the attack.",
    "The summit ended without agreement.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_text_polarity_follows_vader(sentence):
    """compound, pos and neg within 0.01 of VADER's polarity_scores on plain news sentences."""
    ours = text_polarity([sentence])[0]
    ref = vader().polarity_scores(sentence)
    np.testing.assert_allclose(ours, [ref["compound"], ref["pos"], ref["neg"]], atol=0.01)


def test_context_rules():
    def val(text, word):
        toks = text.split()
        return token_valences(toks)[toks.index(word)]

    base = val("the talks were good", "good")
    assert base == pytest.approx(vader().lexicon["good"])
    assert val("the talks were very good", "good") > base          # booster
    assert val("the talks were slightly good", "good") < base      # dampener
    assert val("the talks were not good", "good") == pytest.approx(-0.74 * base)   # negation
    assert val("the talks were GOOD today", "GOOD") > base          # caps in a mixed-case sentence
    before, after = token_valences("good talks but bad results".split())[0], token_valences(
        "good talks but bad results".split())[3]
    assert before == pytest.approx(0.5 * base)                       # before "but": half
    assert after == pytest.approx(1.5 * vader().lexicon["bad"])      # after "but": 1.5 times
    assert token_valences(["TGT", ",", "a", "."]) == [0.0] * 4       # unknown, punctuation, one letter


def test_valence_scores_per_span_match_single_span():
    texts = ["the talks were good", "a terrible and bad outcome", "nothing happened", ""]
    spans = [text_polarity([t])[0] for t in texts]
    np.testing.assert_allclose(text_polarity(texts), np.vstack(spans))
    assert np.all(text_polarity([""]) == 0.0)
    # a span with no tokens at all scores 0, whatever its neighbours
    out = valence_scores(np.array([2.0, 0.0]), np.array([True, True]), np.array([0, 0]), 3)
    assert out.shape == (3, 3) and np.all(out[1:] == 0.0)
    assert out[0, 0] == pytest.approx(2 / np.sqrt(4 + 15))
    assert out[0, 1] == pytest.approx(3 / 4) and out[0, 2] == 0.0
