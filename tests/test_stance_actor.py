"""Stance toward a named actor: the mention matcher, target input checks, NewsMTSC parsing, aggregation
through toolkit.compare (planted demo truth), and (real data) a small model's macro-F1 floor."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stance_synthetic import target_sentences
from toolkit.stance import (ACTORS, Actor, ActorStanceClassifier, TargetInputError, actor_stance_contrast,
                            article_stance, as_targets, find_mentions, group_stance, newsmtsc_targets,
                            score_mentions, sentences)


# --- mention matcher ---------------------------------------------------------------------------------

#: measured score minus a margin (see the test docstring)
FLOOR_ACTOR_SMALL = 0.58  # measured 0.612 with VADER calls, 0.616 with token valences (2026-11-30)


def test_matcher_finds_name_variants_and_skips_other_people():
    text = ("Donald Trump arrived on Monday. Ivanka Trump and Donald Trump Jr. stayed home. "
            "Later President Trump's aides said Mr. Trump was tired. But Trump spoke anyway.")
    m = find_mentions(text, ACTORS["trump"])
    assert m["mention"].tolist() == ["Donald Trump", "President Trump", "Trump"]
    assert m["sentence_index"].tolist() == [0, 2, 3]
    row = m.iloc[1]
    assert row["sentence"][row["start"]:row["end"]] == "President Trump"
    assert row["further_mentions"] == [{"from": row["sentence"].index("Mr. Trump"),
                                        "to": row["sentence"].index("Mr. Trump") + len("Mr. Trump")}]


def test_matcher_aliases_countries_and_word_boundaries():
    pompeo = Actor("Mike Pompeo", aliases=("the Secretary of State",))
    text = "The U.S. Secretary said the Secretary of State would visit. Pompeo's trip to Iranian towns was short."
    m = find_mentions(text, [pompeo, ACTORS["iran"]])
    assert m["mention"].tolist() == ["the Secretary of State", "Pompeo"]  # "Iranian" is not "Iran"
    m = find_mentions("Tehran rejected the offer; Iran said no.", ACTORS["iran"])
    assert m["mention"].tolist() == ["Tehran"] and len(m["further_mentions"][0]) == 1
    assert find_mentions("A trump card and a trumpet.", ACTORS["trump"]).empty


def test_sentence_splitter_keeps_abbreviations():
    text = "Mr. Smith met U.S. officials. They left."
    assert [text[s:e].strip() for s, e in sentences(text)] == ["Mr. Smith met U.S. officials.", "They left."]


def test_matcher_output_feeds_the_model():
    train = target_sentences(120)
    model = ActorStanceClassifier(C=2.0).fit(train, train["label"])
    articles = pd.DataFrame({"doc_id": ["a", "b"], "text": ["On Monday, Nadia Quell slammed Livia Sarn in Keldor.",
                                                             "On Friday, Nadia Quell praised Livia Sarn in Ostrel."]})
    scored = score_mentions(model, find_mentions(articles, Actor("Livia Sarn")))
    assert scored["label"].tolist() == ["negative", "positive"]
    assert scored["stance"].iloc[0] < 0 < scored["stance"].iloc[1]


# --- input checks ------------------------------------------------------------------------------------

def test_target_span_outside_sentence_is_refused():
    bad = pd.DataFrame({"sentence": ["Short one."], "start": [3], "end": [40]})
    with pytest.raises(TargetInputError, match="outside their sentence.*3–40.*10 characters"):
        as_targets(bad)
    with pytest.raises(TargetInputError, match="missing \\['start'\\]"):
        as_targets(pd.DataFrame({"sentence": ["x"], "end": [1]}))


def test_labels_outside_the_set_are_refused():
    df = target_sentences(9)
    with pytest.raises(ValueError, match="expected only.*'great'"):
        ActorStanceClassifier().fit(df, ["great"] * 9)


def test_newsmtsc_records_flatten_and_check_polarity():
    recs = [{"sentence_normalized": "Alba praised Brin.", "targets": [
        {"from": 0, "to": 4, "mention": "Alba", "polarity": 4.0},
        {"from": 13, "to": 17, "mention": "Brin", "polarity": 6.0, "further_mentions": []}]}]
    t = newsmtsc_targets(recs)
    assert t[["start", "end", "label"]].values.tolist() == [[0, 4, "neutral"], [13, 17, "positive"]]
    recs[0]["targets"][0]["polarity"] = 3.0
    with pytest.raises(ValueError, match="polarity 3.0 is not one of"):
        newsmtsc_targets(recs)


# --- aggregation on the demo's planted stance ----------------------------------------------------------

def test_aggregation_recovers_planted_outlet_differences():
    from toolkit.datasets import load_demo

    demo = load_demo()
    articles = demo.articles
    gold = demo.tables["actor_stance"]
    target = "Aurel Vantos"
    # a perfect "model": planted labels as mention scores, so the test checks the aggregation itself
    value = gold["label"].map({"negative": -1.0, "neutral": 0.0, "positive": 1.0})
    scored = pd.DataFrame({"doc_id": gold["doc_id"].astype(str), "target": gold["target"].astype(str),
                           "stance": value.astype(float)})
    wide = article_stance(scored)
    assert f"stance:{target}" in wide.columns
    levels = group_stance(articles, scored, by="outlet", event="event_id", n_boot=200)
    lv = levels[levels["measure"] == f"stance:{target}"].set_index("group")
    assert (lv["ci_low"] <= lv["estimate"]).all() and (lv["estimate"] <= lv["ci_high"]).all()
    props = demo.tables["stance_propensities"]
    props = props[props["target"] == target].set_index("outlet")
    planted = (props["positive"] - props["negative"]).astype(float)
    common = lv.index.intersection(planted.index)
    assert len(common) >= 5
    assert np.corrcoef(lv.loc[common, "estimate"], planted.loc[common])[0, 1] > 0.7
    contrast = actor_stance_contrast(articles, scored, target=target, by="outlet", event="event_id", n_boot=200)
    assert {"group", "measure", "estimate", "ci_low", "ci_high", "n_articles", "n_events"} <= set(contrast.columns)
    most_negative = planted.loc[common].idxmin()
    assert contrast.set_index("group").loc[most_negative, "estimate"] < 0


# --- real NewsMTSC --------------------------------------------------------------------------------------

@pytest.mark.realdata
def test_real_newsmtsc_small_model_floor(realdata_dir):
    """Trained on 3,000 NewsMTSC train targets, scored on devtest_mt: macro-F1 floor."""
    from sklearn.metrics import f1_score

    from toolkit.datasets import load_dataset

    d = load_dataset("newsmtsc")
    t = d["targets"]
    text = d.articles.set_index("doc_id")["text"]
    t = t.assign(sentence=text.loc[t["doc_id"]].astype(str).to_numpy())
    train = t[t["split"] == "train"].sample(3000, random_state=0)
    test = t[t["split"] == "devtest_mt"]
    model = ActorStanceClassifier().fit(train, train["label"].astype(str))
    f1 = f1_score(test["label"].astype(str), model.predict(test), average="macro")
    assert f1 > FLOOR_ACTOR_SMALL
