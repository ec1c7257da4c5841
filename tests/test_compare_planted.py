"""toolkit.compare recovers the demo corpus's planted outlet differences, and null differences stay null.

Frame contrasts use original articles only: wire copies inherit their original's frame labels, and the
planted propensities describe originals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit.compare import actor_word_choice, keyword_contrast, within_event_contrast
from toolkit.datasets import load_demo

BIG = 0.5  # planted propensity gaps at least this large must be recovered


@pytest.fixture(scope="module")
def demo():
    d = load_demo()
    copies = set(d.tables["wire_copies"]["doc_id"])
    originals = d.articles[~d.articles["doc_id"].isin(copies)].reset_index(drop=True)
    prop = d.tables["frame_propensities"].pivot(index="outlet", columns="frame", values="probability")
    frames = d.tables["frames"]
    indicators = (pd.crosstab(frames["doc_id"], frames["frame"]).clip(upper=1)
                  .reindex(index=originals["doc_id"], columns=prop.columns, fill_value=0).reset_index())
    return originals, indicators, prop


def _planted_gap(table: pd.DataFrame, prop: pd.DataFrame) -> np.ndarray:
    return np.array([prop.loc[g, m] - prop.loc[r, m] for g, r, m in
                     zip(table["group"], table["reference"], table["measure"])])


def _called(table: pd.DataFrame) -> np.ndarray:
    return ((table["ci_low"] > 0) | (table["ci_high"] < 0)).to_numpy()


def test_frame_indicators_cover_every_original(demo):
    originals, indicators, prop = demo
    assert len(indicators) == len(originals) == 200
    assert indicators[list(prop.columns)].sum(axis=1).min() >= 1   # every original has at least one frame


def test_cluster_pairwise_recovers_every_big_planted_gap_with_the_right_sign(demo):
    originals, indicators, prop = demo
    out = within_event_contrast(originals, indicators, pairwise=True, method="cluster")
    gap = _planted_gap(out, prop)
    big = np.abs(gap) >= BIG
    assert big.sum() >= 40
    recovered = _called(out) & (np.sign(out["estimate"].to_numpy()) == np.sign(gap))
    assert recovered[big].all(), out[big & ~recovered]
    # No planted gap of 0.2 or more is ever called in the wrong direction.
    wrong = _called(out) & (np.abs(gap) >= 0.2) & (np.sign(out["estimate"].to_numpy()) != np.sign(gap))
    assert not wrong.any()


def test_bootstrap_pairwise_recovers_most_big_gaps_and_no_wrong_signs(demo):
    originals, indicators, prop = demo
    out = within_event_contrast(originals, indicators, pairwise=True, method="bootstrap", n_boot=400)
    gap = _planted_gap(out, prop)
    big = np.abs(gap) >= BIG
    same_sign = np.sign(out["estimate"].to_numpy()) == np.sign(gap)
    recovered = _called(out) & same_sign
    assert recovered[big].mean() >= 0.85     # the two-stage bootstrap is conservative (see calibration)
    assert same_sign[big].all()
    assert not (_called(out) & ~same_sign & (np.abs(gap) >= 0.2)).any()


@pytest.mark.parametrize("method", ["cluster", "bootstrap"])
def test_equal_propensities_are_not_called_different(demo, method):
    originals, indicators, prop = demo
    out = within_event_contrast(originals, indicators, pairwise=True, method=method, n_boot=400)
    gap = _planted_gap(out, prop)
    null = np.isclose(gap, 0)
    assert null.sum() >= 8
    row = out[(out["group"] == "Continental Courier") & (out["reference"] == "Northwind Press Agency")
              & (out["measure"] == "Political")]
    assert len(row) == 1 and row["ci_low"].iloc[0] < 0 < row["ci_high"].iloc[0]
    assert _called(out)[null].sum() <= 2     # of ~10 null pairs: nominal 5 % allows an occasional call


@pytest.mark.parametrize("method", ["cluster", "bootstrap"])
def test_commerce_daily_economic_is_the_big_deviation_from_the_average(demo, method):
    originals, indicators, prop = demo
    out = within_event_contrast(originals, indicators[["doc_id", "Economic"]], method=method, n_boot=400)
    out = out.set_index("group")
    assert out["reference"].eq("(average)").all()
    cd = out.loc["The Commerce Daily"]
    assert cd["ci_low"] > 0.3 and cd["estimate"] == out["estimate"].max()
    planted = prop["Economic"] - prop["Economic"].mean()
    assert cd["estimate"] == pytest.approx(planted["The Commerce Daily"], abs=0.15)
    # The estimates track the planted deviations across all nine outlets.
    assert np.corrcoef(out["estimate"], planted.reindex(out.index))[0, 1] > 0.8


def _simulated_null_rate(originals, prop, seeds, method, n_boot=100):
    """Share of null (equal-propensity) pairs called different when indicators are drawn from the plan."""
    P = prop.loc[originals["outlet"]].to_numpy(dtype=float)
    frames = list(prop.columns)
    calls = nulls = power_hits = bigs = 0
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        sim = pd.DataFrame((rng.random(P.shape) < P).astype(float), columns=frames)
        sim.insert(0, "doc_id", originals["doc_id"].to_numpy())
        out = within_event_contrast(originals, sim, pairwise=True, method=method, n_boot=n_boot,
                                    random_state=seed)
        gap = _planted_gap(out, prop)
        called = _called(out)
        null = np.isclose(gap, 0)
        calls, nulls = calls + called[null].sum(), nulls + null.sum()
        big = np.abs(gap) >= BIG
        power_hits += (called & (np.sign(out["estimate"].to_numpy()) == np.sign(gap)))[big].sum()
        bigs += big.sum()
    return calls / nulls, power_hits / bigs


def test_null_calibration_over_seeds_cluster(demo):
    """benchmarks/compare.py --calibration runs the longer version (1000 seeds, both methods)."""
    originals, _, prop = demo
    rate, power = _simulated_null_rate(originals[["doc_id", "outlet", "event_id"]], prop, seeds=100,
                                       method="cluster")
    assert 0.01 <= rate <= 0.10, rate
    assert power >= 0.9, power


def test_keyword_contrast_recovers_planted_frame_vocabulary(demo):
    originals, _, _ = demo
    vs_rest = keyword_contrast(originals)
    cd = vs_rest[vs_rest["group"] == "The Commerce Daily"].reset_index(drop=True)
    assert "investors" in set(cd["term"].head(5))
    z = cd.set_index("term")["z"]
    assert (z[["tariffs", "investors", "markets"]] > 1.5).all()
    assert (z[["conscience", "families", "children"]] < 0).all()
    pair = keyword_contrast(originals, groups=["The Commerce Daily", "Harbour Ledger"], pairwise=True)
    pz = pair.set_index("term")["z"]
    # Two outlets of ~19 articles each: fewer counts, so weaker z than against the rest, same signs.
    assert (pz[["tariffs", "investors", "markets"]] > 1.0).all()
    assert (pz[["relatives", "conscience"]] < -1.0).all()   # Human_interest / Morality: Harbour Ledger
    assert pz.head(15).index.isin(["tariffs", "investors", "markets"]).any()
    ml = vs_rest[vs_rest["group"] == "The Meridian Post"]
    assert {"court", "lawyers"} <= set(ml["term"].head(5))


@pytest.mark.parametrize("actor, outlet, up, down", [
    # Arvenian State Broadcasting: positive 0.85 on Vantos, negative 0.85 on Halk.
    ("Aurel Vantos", "Arvenian State Broadcasting", ["praised"], ["condemned", "reckless"]),
    ("Teodor Halk", "Arvenian State Broadcasting", ["condemned", "reckless"], ["praised"]),
    # The Patriot Standard: negative 0.85 on Vantos.
    ("Aurel Vantos", "The Patriot Standard", ["reckless", "condemned"], ["praised"]),
])
def test_actor_word_choice_finds_planted_stance_words(demo, actor, outlet, up, down):
    originals, _, _ = demo
    out = actor_word_choice(originals, actor)
    ctx = out[(out["kind"] == "context") & (out["group"] == outlet)].set_index("term")
    assert (ctx.loc[up, "z"] > 0).all() and (ctx.loc[down, "z"] < 0).all()
    assert ctx.loc[up, "z"].max() > 1.0
    names = out[out["kind"] == "name"]
    surname = actor.split()[-1].lower()
    assert names["term"].str.endswith(surname).all()
    assert (out["n_events"] >= 2).all()
