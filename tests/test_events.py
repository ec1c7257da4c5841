"""Event alignment: scoring known answers, the clustering criterion, planted demo events, invariances,
bad input, the CLI, and floors on the real gold corpora."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score

from toolkit.datasets import load_demo
from toolkit.events import AlignmentWarning, EventAligner, align_events, bcubed, describe_events, score_alignment
from toolkit.events.cluster import average_linkage
from toolkit.events.neighbours import time_weight

from conftest import REPO, realdata


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return load_demo().articles


# -- scoring -------------------------------------------------------------------------------------------

def test_bcubed_known_answer():
    # gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}
    p, r, f = bcubed([1, 1, 2, 2, 2], ["x", "x", "x", "y", "y"])
    # precision: a,b 1; c 1/3; d,e 2/3 -> (1+1+1/3+2/3+2/3)/5
    assert p == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    # recall: a,b 2/3; c 1/3; d,e 1 -> (2/3+2/3+1/3+1+1)/5
    assert r == pytest.approx((4 / 3 + 1 / 3 + 2) / 5)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_bcubed_extremes_and_errors():
    assert bcubed(["a", "b", "c"], [1, 2, 3]) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed(["a", "b", "c", "d"], [1, 1, 2, 2])
    assert (p, r) == (1.0, 0.5)
    with pytest.raises(ValueError, match="2 predicted labels but 3 gold"):
        bcubed([1, 2], [1, 2, 3])


def test_score_alignment_requires_predictions_for_gold():
    gold = pd.DataFrame({"doc_id": ["a", "b", "c"], "event_id": ["x", "x", None]})
    pred = pd.DataFrame({"doc_id": ["a"], "event": ["E1"]})
    with pytest.raises(ValueError, match="have no predicted event"):
        score_alignment(pred, gold)
    pred = pd.DataFrame({"doc_id": ["a", "b"], "event": ["E1", "E1"]})
    res = score_alignment(pred, gold)  # c has no gold event: not scored
    assert res["n_scored"] == 2 and res["bcubed_f1"] == 1.0


# -- the clustering criterion -------------------------------------------------------------------------

def test_average_linkage_uses_true_average_with_missing_edges_as_zero():
    # triangle 0-1-2 strongly linked; 3 linked only to 2
    rows, cols, sims = np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3]), np.array([0.9, 0.8, 0.85, 0.9])
    # {2,3} merge first (0.9 ties 0-1; lower index pair 0-1 first), then {0,1} with {2,3}:
    # average over 4 pairs = (0.8 + 0.85 + 0 + 0) / 4 = 0.4125
    assert len(set(average_linkage(4, rows, cols, sims, 0.5))) == 2
    assert len(set(average_linkage(4, rows, cols, sims, 0.41))) == 1
    assert list(average_linkage(4, rows, cols, sims, 0.95)) == [0, 1, 2, 3]


def test_time_weight_policy():
    w = time_weight(np.array([0.0, 1.0, 2.5, 20.0, np.nan]), tau_days=1.5, grace_days=1, window_days=14)
    assert w[0] == w[1] == 1.0 and 0 < w[2] < 1 and w[3] == 0.0
    assert w[4] == 1.0  # undated: text alone decides, no penalty and no bonus


# -- planted truth -------------------------------------------------------------------------------------

def test_demo_planted_events_recovered(demo):
    res = score_alignment(align_events(demo), demo)
    assert res["bcubed_f1"] >= 0.95
    assert res["bcubed_precision"] >= 0.95


def test_demo_text_only_alignment(demo):
    with pytest.warns(AlignmentWarning, match="no article has a date"):
        events = align_events(demo.assign(published=pd.NaT))
    assert score_alignment(events, demo)["bcubed_f1"] >= 0.9


def test_undated_article_joins_its_event_by_text(demo):
    undated = demo.copy()
    undated["published"] = undated["published"].astype("object")
    picks = undated.groupby("event_id").head(1).index[:5]
    undated.loc[picks, "published"] = None
    events = align_events(undated).set_index("doc_id")["event"]
    for i in picks:
        doc = undated.at[i, "doc_id"]
        mates = undated.loc[(undated["event_id"] == undated.at[i, "event_id"]) & (undated.index != i), "doc_id"]
        assert events[doc] == events[mates].mode().iloc[0], doc  # it sits with most of its gold event


def test_shuffling_rows_and_renaming_ids_gives_the_same_events(demo):
    base = align_events(demo)
    shuffled = demo.sample(frac=1.0, random_state=3).reset_index(drop=True)
    mapping = {d: f"zz{i:04d}" for i, d in enumerate(reversed(demo["doc_id"].tolist()))}
    shuffled["doc_id"] = shuffled["doc_id"].map(mapping)
    again = align_events(shuffled)
    again["doc_id"] = again["doc_id"].map({v: k for k, v in mapping.items()})
    joined = base.merge(again, on="doc_id")
    assert adjusted_rand_score(joined["event_x"], joined["event_y"]) == 1.0


def test_deterministic(demo):
    pd.testing.assert_frame_equal(align_events(demo), align_events(demo))


def test_one_per_outlet_is_soft_not_hard(demo):
    # a second copy of an article under the same outlet still joins its event
    row = demo.iloc[[0]].copy()
    row["doc_id"] = "extra-copy"
    row["title"] = row["title"] + " (update)"
    extended = pd.concat([demo, row], ignore_index=True)
    ev = align_events(extended).set_index("doc_id")["event"]
    assert ev["extra-copy"] == ev[demo.iloc[0]["doc_id"]]


def test_unrelated_article_is_its_own_event(demo):
    odd = pd.DataFrame([{"doc_id": "odd", "outlet": "Lakeshore Broadcasting", "published": pd.Timestamp("2024-03-20", tz="UTC"),
                         "title": "Local bakery wins regional bread contest",
                         "text": "A family bakery in a small harbour town won the annual sourdough prize on Saturday, "
                                 "beating forty entrants with a rye loaf baked in a wood oven."}])
    ev = align_events(pd.concat([demo, odd], ignore_index=True)).set_index("doc_id")["event"]
    assert (ev == ev["odd"]).sum() == 1


def test_event_labels_are_readable(demo):
    events = align_events(demo)
    table = describe_events(demo, events)
    assert len(table) == events["event"].nunique()
    assert table["n_articles"].sum() == len(demo)
    gold_of = demo.set_index("doc_id")["event_id"]
    kessany = table.loc[table["label"].str.contains("Kessany")]
    assert len(kessany) >= 1
    docs = events.loc[events["event"].isin(kessany["event"]), "doc_id"]
    assert set(gold_of[docs]) <= {"ev06", "ev16"}  # the prisoner swap / detainee release at the Kessany crossing
    assert table["label"].str.contains(r"\(\d{4}-\d{2}-\d{2}").all()


def test_estimator_contract():
    est = EventAligner(threshold=0.1)
    assert clone(est).get_params() == est.get_params()
    assert est.set_params(k=5).k == 5
    assert not hasattr(est, "labels_")


# -- bad input -----------------------------------------------------------------------------------------

def test_empty_input():
    with pytest.raises(ValueError, match="empty table"):
        align_events(pd.DataFrame({"doc_id": [], "text": []}))


def test_not_a_table_and_missing_text():
    with pytest.raises(TypeError, match="DataFrame"):
        align_events(["a text"])
    with pytest.raises(ValueError, match="'text' column"):
        EventAligner().fit(pd.DataFrame({"doc_id": ["a"], "body": ["x"]}))


def test_duplicate_doc_ids(demo):
    dup = pd.concat([demo.head(3), demo.head(1)], ignore_index=True)
    with pytest.raises(ValueError, match="doc_id must be unique.*demo-0001"):
        align_events(dup)


def test_single_outlet_warns(demo):
    one = demo[demo["outlet"] == demo["outlet"].iloc[0]]
    with pytest.warns(AlignmentWarning, match="only one outlet"):
        events = align_events(one)
    assert len(events) == len(one)


def test_single_article():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AlignmentWarning)
        events = align_events(pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["One lone article."]}))
    assert events.to_dict("list") == {"doc_id": ["a"], "event": ["E00001"]}


def test_mixed_time_zones_and_unparseable_dates():
    base = "Talks on the Ostrel Valley ceasefire resumed in Port Wenna with Lunmarran mediators present."
    frame = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "outlet": ["X", "Y", "Z", "W"],
        "published": ["2024-01-01T23:00:00-05:00", "2024-01-02T04:00:00Z", "2024-01-02 04:00", "not a date"],
        "text": [base, base + " Delegates arrived.", base + " Officials met.", base + " More later."],
    })
    with pytest.warns(AlignmentWarning, match="1 of 4 'published' values could not be read"):
        events = align_events(frame)
    assert events["event"].nunique() == 1  # same instant in three zones; the undated one joins by text


# -- CLI -------------------------------------------------------------------------------------------------

def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_align_and_score(tmp_path):
    src = REPO / "corpora" / "demo" / "articles.jsonl"
    out = tmp_path / "pred.csv"
    res = _cli("events", "align", str(src), "--output", str(out), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    pred = pd.read_csv(out, dtype=str)
    assert list(pred.columns) == ["doc_id", "event"]
    assert len(pred) == sum(1 for _ in open(src, encoding="utf-8"))
    res = _cli("events", "score", str(out), str(src), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    last = res.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"bcubed_precision (\d\.\d+) bcubed_recall (\d\.\d+) bcubed_f1 (\d\.\d+)", last)
    assert m and float(m.group(3)) >= 0.95


def test_cli_align_without_published(tmp_path):
    src = tmp_path / "in.jsonl"
    load_demo().articles.drop(columns=["published"]).head(40).to_json(src, orient="records", lines=True)
    res = _cli("events", "align", str(src), "--output", str(tmp_path / "o.csv"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "aligned by text alone" in res.stderr
    assert len(pd.read_csv(tmp_path / "o.csv")) == 40


def test_cli_score_bad_input(tmp_path):
    (tmp_path / "p.csv").write_text("doc_id,event\na,E1\n")
    (tmp_path / "g.jsonl").write_text('{"doc_id": "b", "event_id": "x"}\n')
    res = _cli("events", "score", str(tmp_path / "p.csv"), str(tmp_path / "g.jsonl"), cwd=tmp_path)
    assert res.returncode == 2 and "no predicted event" in res.stderr


# -- real gold corpora (floors at the measured level; targets in the issue note) -------------------------

@pytest.mark.parametrize(("name", "subset", "floor"), [
    ("basil", None, 0.99),
    ("pac_partisan_events", None, 0.93),
    ("neus_allsides", "crawled", 0.94),
])
@pytest.mark.realdata
def test_real_gold_alignment(realdata_dir, name, subset, floor):
    from toolkit.datasets import load_dataset

    articles = load_dataset(name, data_dir=realdata_dir).articles
    if subset:
        articles = articles[articles["collection"] == subset]
    res = score_alignment(align_events(articles), articles)
    assert res["bcubed_f1"] >= floor, res


def test_shared_outlet_factor_is_a_soft_preference():
    # two pairs of near-identical texts; the pairs differ. Items 0 and 2 share an outlet.
    rows, cols, sims = np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.array([0.9, 0.5, 0.5, 0.9])
    groups = np.array([0, 1, 0, 2])
    # plain average linkage merges {0,1} and {2,3} at (0.5 + 0.5) / 4 = 0.25
    assert len(set(average_linkage(4, rows, cols, sims, 0.2))) == 1
    # sharing outlet 0 costs the factor once: 0.25 * 0.7 = 0.175 < 0.2
    assert len(set(average_linkage(4, rows, cols, sims, 0.2, groups=groups, shared_group_factor=0.7))) == 2
    # ... but a strong enough link still merges (soft, not hard)
    assert len(set(average_linkage(4, rows, cols, sims, 0.17, groups=groups, shared_group_factor=0.7))) == 1
    # unknown outlets (-1) never count as shared
    assert len(set(average_linkage(4, rows, cols, sims, 0.2, groups=np.array([-1, 1, -1, 2]),
                                   shared_group_factor=0.7))) == 1


def test_small_merge_margin_needs_more_evidence_from_single_pairs():
    rows, cols, sims = np.array([0]), np.array([1]), np.array([0.1])
    assert len(set(average_linkage(2, rows, cols, sims, 0.05))) == 1
    assert len(set(average_linkage(2, rows, cols, sims, 0.05, small_merge_margin=0.07))) == 2


def test_close_events_in_one_fortnight_with_missing_dates(demo):
    """The demo's 16 events moved to 16 consecutive days, 30 % of dates removed: text must separate them."""
    from toolkit.datasets.demo import DEMO_DIR

    day0 = pd.to_datetime(pd.read_csv(DEMO_DIR / "events.csv").set_index("event_id")["date"], utc=True)
    new = pd.Timestamp("2024-03-01", tz="UTC") + pd.to_timedelta(np.arange(len(day0)), unit="D")
    squeezed = demo.copy()
    squeezed["published"] = squeezed["published"] + squeezed["event_id"].map(dict(zip(day0.index, new - pd.DatetimeIndex(day0))))
    squeezed.loc[np.random.default_rng(0).random(len(squeezed)) < 0.3, "published"] = pd.NaT
    res = score_alignment(align_events(squeezed), squeezed)
    assert res["bcubed_f1"] >= 0.95, res
