"""toolkit.compare on small synthetic tables: the tidy shape, bad input, determinism, shuffle invariance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from toolkit.compare import (
    TIDY_COLUMNS,
    CompareError,
    CompareWarning,
    actor_word_choice,
    divergence,
    keyword_contrast,
    within_event_contrast,
)
from toolkit.compare.divergence import jsd_rows

OUTLETS = ["Alder Gazette", "Birch Tribune", "Cedar Wire"]
PLACES = ["Varnholm", "Ostrik", "Pelmar", "Quenby", "Rusmark", "Selvaan", "Tornby", "Ulvik"]
FILLER = ["ferry", "bridge", "winter", "harbour", "railway", "valley", "market", "river"]
WORDS = {
    "Alder Gazette": "harvest farmers grain",
    "Birch Tribune": "missiles troops border",
    "Cedar Wire": "court judges ruling",
}


def _articles(n_events: int = 8, per_cell: int = 2, seed: int = 3) -> pd.DataFrame:
    """Three fictional outlets x n_events events; each outlet has its own vocabulary and a measure offset."""
    rng = np.random.default_rng(seed)
    rows = []
    for e in range(n_events):
        for o, outlet in enumerate(OUTLETS):
            for j in range(per_cell):
                text = (f"Officials in {PLACES[e % len(PLACES)]} met. The envoy Mira Toller spoke. "
                        + " ".join(rng.choice(FILLER, size=3)) + ". "
                        f"{WORDS[outlet]} {WORDS[outlet]} talks summit delegation envoy.")
                if outlet == "Birch Tribune":
                    text += " Critics condemned Mira Toller as reckless."
                else:
                    text += " Observers praised Mira Toller for patience."
                rows.append({"doc_id": f"d{e:02d}-{o}-{j}", "outlet": outlet, "event_id": f"ev{e:02d}",
                             "text": text, "score": 0.5 * o + 0.3 * e + rng.normal(0, 0.2)})
    return pd.DataFrame(rows).astype({"doc_id": "string", "outlet": "string", "event_id": "string",
                                      "text": "string"})


def _measures(articles: pd.DataFrame) -> pd.DataFrame:
    return articles[["doc_id", "score"]].copy()


# ---------------------------------------------------------------- the tidy shape


def test_every_function_returns_the_tidy_shape():
    art = _articles()
    tables = [
        keyword_contrast(art, min_count=1),
        keyword_contrast(art, min_count=1, pairwise=True),
        within_event_contrast(art, _measures(art), method="cluster"),
        within_event_contrast(art, _measures(art), method="bootstrap", n_boot=50),
        divergence(art, event="event_id", n_boot=20),
        divergence(art, n_boot=20),
        actor_word_choice(art, "Mira Toller", min_count=1),
    ]
    for table in tables:
        assert tuple(table.columns[: len(TIDY_COLUMNS)]) == TIDY_COLUMNS
        assert table["group"].dtype == "string" and table["estimate"].dtype == "float64"
        assert len(table) > 0
        finite = table["ci_low"].notna()
        assert (table.loc[finite, "ci_low"] <= table.loc[finite, "ci_high"]).all()


# ---------------------------------------------------------------- within-event: estimates and statsmodels


@pytest.mark.parametrize("reference", [None, "Birch Tribune"])
def test_within_event_point_estimates_equal_statsmodels_with_event_dummies(reference):
    art = _articles()
    boot = within_event_contrast(art, _measures(art), reference=reference, method="bootstrap", n_boot=50)
    clus = within_event_contrast(art, _measures(art), reference=reference, method="cluster")
    ref = reference or "Alder Gazette"
    fit = smf.ols(f"score ~ C(outlet, Treatment('{ref}')) + C(event_id)", data=art.astype({"outlet": object,
                                                                                            "event_id": object})).fit()
    alpha = {ref: 0.0}
    for name, value in fit.params.items():
        if name.startswith("C(outlet"):
            alpha[name.split("[T.")[1].rstrip("]")] = value
    if reference is None:
        mean = np.mean(list(alpha.values()))
        expected = {g: alpha[g] - mean for g in OUTLETS}
    else:
        expected = {g: alpha[g] for g in OUTLETS if g != ref}
    for table in (boot, clus):
        got = dict(zip(table["group"], table["estimate"]))
        assert got.keys() == expected.keys()
        for g in expected:
            assert got[g] == pytest.approx(expected[g], abs=1e-10)
    # The planted offsets: 0.5 per outlet step, average-group deviations -0.5, 0, +0.5.
    if reference is None:
        assert clus.set_index("group").loc["Cedar Wire", "ci_low"] > 0
        assert clus.set_index("group").loc["Alder Gazette", "ci_high"] < 0


def test_within_event_pairwise_and_long_measures():
    art = _articles()
    long = pd.DataFrame({"doc_id": art["doc_id"], "measure": "score", "value": art["score"]})
    wide = within_event_contrast(art, _measures(art), pairwise=True, method="cluster")
    from_long = within_event_contrast(art, long, pairwise=True, method="cluster")
    pd.testing.assert_frame_equal(wide, from_long)
    assert list(zip(wide["group"], wide["reference"])) == [
        ("Alder Gazette", "Birch Tribune"), ("Alder Gazette", "Cedar Wire"), ("Birch Tribune", "Cedar Wire")]
    assert (wide["n_events_shared"] == 8).all()
    as_columns = within_event_contrast(art, ["score"], pairwise=True, method="cluster")
    pd.testing.assert_frame_equal(wide, as_columns)


def test_single_group_events_are_dropped_and_counted():
    art = _articles()
    lonely = pd.DataFrame({"doc_id": ["solo-1", "solo-2"], "outlet": ["Cedar Wire"] * 2, "event_id": ["ev99"] * 2,
                           "text": ["Cedar only text."] * 2, "score": [9.0, 9.5]}).astype(art.dtypes.to_dict())
    with pytest.warns(CompareWarning, match="2 rows excluded.*1 event"):
        out = within_event_contrast(pd.concat([art, lonely]), ["score"], method="cluster")
    plain = within_event_contrast(art, ["score"], method="cluster")
    assert (out["n_events_model"] == 8).all()
    np.testing.assert_allclose(out["estimate"], plain["estimate"])


def test_missing_measure_values_are_excluded_with_a_warning():
    art = _articles()
    meas = _measures(art)
    meas.loc[0, "score"] = np.nan
    with pytest.warns(CompareWarning, match="1 row excluded: measure 'score' is missing"):
        out = within_event_contrast(art, meas, method="cluster")
    assert out["n_articles_model"].iloc[0] == len(art) - 1


# ---------------------------------------------------------------- determinism and shuffle invariance


def _all_outputs(art: pd.DataFrame, seed: int) -> list[pd.DataFrame]:
    return [
        keyword_contrast(art, min_count=1, pairwise=True),
        within_event_contrast(art, _measures(art), method="bootstrap", n_boot=60, random_state=seed),
        within_event_contrast(art, _measures(art), method="cluster"),
        divergence(art, event="event_id", n_boot=30, random_state=seed),
        divergence(art, n_boot=30, random_state=seed),
        actor_word_choice(art, "Mira Toller", min_count=1),
    ]


def test_same_seed_same_table_and_row_order_does_not_matter():
    art = _articles()
    first = _all_outputs(art, 7)
    again = _all_outputs(art, 7)
    shuffled = _all_outputs(art.sample(frac=1, random_state=11).reset_index(drop=True).set_axis(
        np.arange(len(art))[::-1]), 7)
    for a, b, c in zip(first, again, shuffled):
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(a, c)
    other = within_event_contrast(art, _measures(art), method="bootstrap", n_boot=60, random_state=8)
    assert not np.allclose(other["ci_low"], first[1]["ci_low"])


# ---------------------------------------------------------------- unknown outlets


def test_unknown_and_missing_outlets_are_excluded_with_a_warning():
    art = _articles()
    extra = art.iloc[:3].copy()
    extra["doc_id"] = ["u1", "u2", "u3"]
    extra["outlet"] = pd.array(["unknown", "unknown", None], dtype="string")
    both = pd.concat([art, extra], ignore_index=True)
    funcs = [
        lambda t, **k: keyword_contrast(t, min_count=1, **k),
        lambda t, **k: within_event_contrast(t, ["score"], method="cluster", **k),
        lambda t, **k: divergence(t, n_boot=10, **k),
        lambda t, **k: actor_word_choice(t, "Mira Toller", min_count=1, **k),
    ]
    for func in funcs:
        with pytest.warns(CompareWarning, match="3 rows excluded: 'outlet' is missing or 'unknown'"):
            out = func(both)
        assert "unknown" not in set(out["group"]) | set(out["reference"])
        with pytest.warns(CompareWarning, match="1 row excluded"):
            kept = func(both, include_unknown=True)
        assert "unknown" in set(kept["group"]) | set(kept["reference"])


# ---------------------------------------------------------------- bad input: clear errors


@pytest.mark.parametrize("func", [
    lambda t: keyword_contrast(t, min_count=1),
    lambda t: within_event_contrast(t, ["score"]),
    lambda t: divergence(t, n_boot=10),
    lambda t: actor_word_choice(t, "Mira Toller"),
])
def test_empty_and_single_group_and_duplicates_raise_clear_errors(func):
    art = _articles()
    with pytest.raises(CompareError, match="empty"):
        func(art.iloc[:0])
    with pytest.raises(CompareError, match="at least 2 groups.*'Alder Gazette'"):
        func(art[art["outlet"] == "Alder Gazette"])
    dup = pd.concat([art, art.iloc[[0, 1]]], ignore_index=True)
    with pytest.raises(CompareError, match="doc_id must be unique.*'d00-0-0'"):
        func(dup)
    with pytest.raises(CompareError, match="not a DataFrame|as a pandas DataFrame"):
        func(art.to_dict("records"))


def test_missing_event_column_says_to_run_alignment():
    art = _articles().drop(columns="event_id")
    with pytest.raises(CompareError, match="no event column 'event_id'.*toolkit.events"):
        within_event_contrast(art, ["score"])
    with pytest.raises(CompareError, match="event=None"):
        divergence(art, event="event_id")
    with pytest.raises(CompareError, match="event=None"):
        actor_word_choice(art, "Mira Toller")
    assert len(divergence(art, n_boot=10)) == 3 and len(actor_word_choice(art, "Mira Toller", event=None)) > 0


def test_bad_measures_raise_clear_errors():
    art = _articles()
    with pytest.raises(CompareError, match="keyed by doc_id"):
        within_event_contrast(art, art[["score"]])
    with pytest.raises(CompareError, match="must be numeric.*'label'"):
        within_event_contrast(art, art[["doc_id"]].assign(label="positive"))
    with pytest.raises(CompareError, match="one row per doc_id.*'d00-0-0'"):
        within_event_contrast(art, pd.concat([_measures(art), _measures(art).iloc[:1]]))
    long = pd.DataFrame({"doc_id": ["d00-0-0", "d00-0-0"], "measure": ["m", "m"], "value": [1.0, 2.0]})
    with pytest.raises(CompareError, match="repeated \\(doc_id, measure\\)"):
        within_event_contrast(art, long)
    with pytest.raises(CompareError, match="not in the article table"):
        within_event_contrast(art, ["nope"])
    with pytest.warns(CompareWarning, match="1 row excluded: their doc_id is not in the article table"):
        within_event_contrast(art, pd.concat([_measures(art), pd.DataFrame({"doc_id": ["zz"], "score": [1.0]})]),
                              method="cluster")


def test_one_article_events_and_parameter_errors():
    art = _articles()
    one = art.iloc[[0]].assign(doc_id="single", event_id="ev-one")
    with pytest.warns(CompareWarning, match="1 row excluded"):
        within_event_contrast(pd.concat([art, one], ignore_index=True), ["score"], method="cluster")
    with pytest.raises(CompareError, match="method must be one of"):
        within_event_contrast(art, ["score"], method="ols")
    with pytest.raises(CompareError, match="reference 'Nope'"):
        within_event_contrast(art, ["score"], reference="Nope")
    with pytest.raises(CompareError, match="ci must be"):
        keyword_contrast(art, ci=95)
    with pytest.raises(CompareError, match="groups \\['Nope'\\] do not occur"):
        keyword_contrast(art, groups=["Alder Gazette", "Nope"])
    # Groups that never meet in an event cannot be compared within events.
    apart = art[~((art["outlet"] == "Cedar Wire") & (art["event_id"] < "ev04"))
                & ~((art["outlet"] != "Cedar Wire") & (art["event_id"] >= "ev04"))]
    with pytest.raises(CompareError, match="share no event"), pytest.warns(CompareWarning, match="single group"):
        within_event_contrast(apart, ["score"], method="cluster")


# ---------------------------------------------------------------- keyword, divergence, word choice basics


def test_keyword_contrast_finds_each_outlets_own_words():
    art = _articles()
    out = keyword_contrast(art, min_count=1, top=3)
    for outlet, vocab in WORDS.items():
        assert set(out.loc[out["group"] == outlet, "term"]) == set(vocab.split())
    shared = keyword_contrast(art, min_count=1).set_index(["group", "term"])
    assert abs(shared.loc[("Alder Gazette", "summit"), "z"]) < 1e-9   # used equally by everyone


def test_jsd_matches_scipy_and_divergence_orders_pairs():
    from scipy.spatial.distance import jensenshannon

    rng = np.random.default_rng(0)
    P, Q = rng.integers(0, 5, (4, 30)), rng.integers(0, 5, (4, 30))
    expected = [jensenshannon(p, q, base=2) ** 2 for p, q in zip(P, Q)]
    np.testing.assert_allclose(jsd_rows(P, Q), expected, atol=1e-12)
    art = _articles()
    out = divergence(art, event="event_id", n_boot=50)
    assert list(zip(out["group_a"], out["group_b"])) == [
        ("Alder Gazette", "Birch Tribune"), ("Alder Gazette", "Cedar Wire"), ("Birch Tribune", "Cedar Wire")]
    assert ((out["jsd"] >= out["ci_low"] - 1e-12) & (out["jsd"] <= out["ci_high"] + 1e-12)).all()
    assert (out["ci_high"] > out["ci_low"]).all()
    assert (out["ci_low"] > 0).all()


def test_actor_word_choice_names_and_descriptions():
    art = _articles()
    art.loc[art["outlet"] == "Cedar Wire", "text"] += " Envoy Mira Toller, the chief negotiator, left."
    out = actor_word_choice(art, "Mira Toller", min_count=1)
    ctx = out[out["kind"] == "context"].set_index(["group", "term"])
    assert ctx.loc[("Birch Tribune", "reckless"), "z"] > 1.96
    assert ctx.loc[("Birch Tribune", "praised"), "z"] < 0
    names = out[out["kind"] == "name"]
    assert "envoy mira toller" in set(names["term"])
    app = out[out["kind"] == "appositive"]
    assert set(app["term"]) == {"the chief negotiator"}
    assert app.set_index("group").loc["Cedar Wire", "count_group"] == 16  # 8 events x 2 articles
    with pytest.raises(CompareError, match="at least 2 groups mentioning 'Nobody Here'"):
        actor_word_choice(art, "Nobody Here")
