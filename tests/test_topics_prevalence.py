"""Topic prevalence by outlet: the planted outlet effect is found with intervals excluding zero, in the tidy
shape of toolkit.compare, within events, per period and with time blocks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from topics_planted import planted_corpus, topic_of

from toolkit.compare import TIDY_COLUMNS
from toolkit.topics import LdaTopics, NmfTopics, TopicModelError, TopicModelWarning, topic_prevalence


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    return planted_corpus()


@pytest.fixture(scope="module")
def lda(planted) -> LdaTopics:
    return LdaTopics(4, passes=30, no_below=2, no_above=0.9, random_state=0).fit(planted)


@pytest.fixture(scope="module")
def effects(planted, lda) -> pd.DataFrame:
    return topic_prevalence(planted, lda, by="outlet", event="event_id", n_draws=10, random_state=0)


def test_planted_outlet_difference_found_with_interval_excluding_zero(lda, effects):
    # Planted: Alpha's mean share of topic 0 is 0.53, Beta's and Gamma's 0.18, so Alpha is 0.23 above the
    # average outlet. Measured (seed 0, 10 posterior draws): Alpha +0.29 [0.24, 0.34], Beta -0.17 [-0.22, -0.13],
    # Gamma -0.11 [-0.16, -0.07] (LDA's shares are sharper than the planted ones, so the gap comes out larger).
    rows = effects[effects["measure"] == topic_of(lda, 0)].set_index("group")
    assert rows.loc["Alpha", "ci_low"] > 0.15
    assert rows.loc["Beta", "ci_high"] < 0 and rows.loc["Gamma", "ci_high"] < 0
    # Shares sum to one, so Alpha's other topics are lower; its largest positive effect is the planted topic.
    alpha = effects[effects["group"] == "Alpha"].set_index("measure")["estimate"]
    assert alpha.idxmax() == topic_of(lda, 0)
    assert (alpha.drop(topic_of(lda, 0)) < 0).all()


def test_prevalence_table_is_the_compare_tidy_shape(lda, effects):
    assert list(effects.columns[: len(TIDY_COLUMNS)]) == list(TIDY_COLUMNS)
    assert {"label", "reference", "se", "p_value", "method", "n_draws"} <= set(effects.columns)
    assert (effects["method"] == "composition").all() and (effects["n_draws"] == 10).all()
    assert len(effects) == 3 * 4
    assert (effects["ci_low"] <= effects["estimate"]).all() and (effects["estimate"] <= effects["ci_high"]).all()
    assert effects["label"].iloc[0] == lda.labels_[effects["measure"].iloc[0]]


def test_composition_intervals_are_wider_than_sampling_only(planted, lda, effects):
    sampling = topic_prevalence(planted, lda, n_draws=0)
    assert (sampling["method"] == "cluster").all()
    np.testing.assert_allclose(sampling["estimate"], effects["estimate"])
    # Measured mean widths: 0.0918 (composition) against 0.0907 (sampling only): on this well-separated corpus
    # the posterior of the shares is narrow, so topic-model uncertainty adds little.
    width = (effects["ci_high"] - effects["ci_low"]).mean()
    assert width >= (sampling["ci_high"] - sampling["ci_low"]).mean() * 0.98


def test_prevalence_is_deterministic(planted, lda, effects):
    again = topic_prevalence(planted, lda, by="outlet", event="event_id", n_draws=10, random_state=0)
    pd.testing.assert_frame_equal(again, effects)


def test_outlet_by_time_and_time_blocks(planted, lda):
    name = topic_of(lda, 0)
    per = topic_prevalence(planted, lda, time="published", freq="Q", by_period=True, n_draws=5, topics=[name])
    assert per.columns[0] == "period" and sorted(per["period"].unique()) == ["2024Q1", "2024Q2"]
    assert (per[per["group"] == "Alpha"]["ci_low"] > 0).all()
    blocks = topic_prevalence(planted, lda, event=None, time="published", freq="M", n_draws=5, topics=[name])
    assert blocks.set_index("group").loc["Alpha", "ci_low"] > 0


def test_nmf_prevalence_warns_that_intervals_are_sampling_only(planted):
    nmf = NmfTopics(4, no_below=2, no_above=0.9, random_state=0).fit(planted)
    with pytest.warns(TopicModelWarning, match="sampling uncertainty only"):
        table = topic_prevalence(planted, nmf, method="bootstrap")
    alpha = table[(table["measure"] == topic_of(nmf, 0)) & (table["group"] == "Alpha")]
    assert alpha["ci_low"].iloc[0] > 0


def test_prevalence_bad_input(planted, lda):
    with pytest.raises(TopicModelError, match="by='outlet' has 1 group"):
        topic_prevalence(planted.assign(outlet="Alpha"), lda)
    with pytest.raises(TopicModelError, match="by='desk'"):
        topic_prevalence(planted, lda, by="desk")
    with pytest.raises(TopicModelError, match="event fixed effects"):
        topic_prevalence(planted, lda, event=None)
    with pytest.raises(TopicModelError, match="model="):
        topic_prevalence(planted)
    with pytest.raises(TopicModelError, match="by_period"):
        topic_prevalence(planted, lda, by_period=True)
