"""Adapters for the stance datasets: FNC-1, Emergent, NewsMTSC.

Real-data tests read ``$TOOLKIT_DATA`` and skip without it; the synthetic tests at the end
write small fictional files and need nothing.
"""

from __future__ import annotations

import json
import pathlib

import pandas as pd
import pytest

from toolkit.datasets.adapters.stance import (
    EMERGENT_LABELS,
    FNC1_LABELS,
    SENTIMENT_LABELS,
    load_emergent,
    load_fnc1,
    load_newsmtsc,
)
from toolkit.datasets.cards import load_card
from toolkit.datasets.registry import load_dataset

from conftest import needs_data, realdata  # noqa: E402,F401

#: Distinct outlets of Emergent after mapping its 724 source domains through the outlet registry.
EMERGENT_OUTLETS = 683


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> pathlib.Path:
    return tmp_path_factory.mktemp("stance-cache")


def _load(name, data, cache):
    return load_dataset(name, data_dir=data, cache_dir=cache)


@pytest.fixture(scope="module")
def fnc1(realdata_dir, cache):
    return _load("fnc1", realdata_dir, cache)


@pytest.fixture(scope="module")
def emergent(realdata_dir, cache):
    return _load("emergent", realdata_dir, cache)


@pytest.fixture(scope="module")
def newsmtsc(realdata_dir, cache):
    return _load("newsmtsc", realdata_dir, cache)


def _check_canonical(ds, outlet=None):
    a = ds.articles
    assert ds.n_read == len(a) + len(ds.quarantine)
    assert a["doc_id"].notna().all() and a["doc_id"].is_unique
    assert (a["doc_id"].str.strip() != "").all()
    assert a["outlet"].notna().all() and (a["outlet"].str.strip() != "").all()
    assert a["text"].notna().all() and (a["text"].str.strip() != "").all()
    # language is detected, not assumed: English nearly everywhere, some "und" on short texts
    assert a["language"].notna().all() and (a["language"].isin(["en", "und"])).mean() > 0.99
    assert (a["source_dataset"] == ds.name).all() and a["outlet_raw"].notna().all()
    if outlet is not None:
        assert (a["outlet"] == outlet).all()
    assert list(ds.tables) == list(load_card(ds.name).tables)


# -- FNC-1 -------------------------------------------------------------------------------------------

@pytest.mark.realdata
@needs_data
def test_fnc1_counts_and_labels(fnc1):
    _check_canonical(fnc1, outlet="unknown")  # FNC-1 bodies name no outlet
    assert set(fnc1.articles["language"]) >= {"en", "fr"}  # the French bodies are found
    pairs = fnc1["pairs"]
    assert len(fnc1.articles) == 1683 and len(fnc1.quarantine) == 0
    assert len(pairs) == 49972
    assert (fnc1.articles["title"] == "").all()
    assert fnc1.articles["doc_id"].str.fullmatch(r"fnc1:body:\d+").all()
    dist = pairs["label"].value_counts(normalize=True).round(3).to_dict()
    assert dist == {"unrelated": 0.731, "discuss": 0.178, "agree": 0.074, "disagree": 0.017}
    assert set(pairs["label"]) == set(FNC1_LABELS)


@pytest.mark.realdata
@needs_data
def test_fnc1_pairs_join_and_ids(fnc1):
    pairs = fnc1["pairs"]
    assert pairs["doc_id"].isin(fnc1.articles["doc_id"]).all()
    assert pairs["pair_id"].is_unique
    assert pairs["pair_id"].iloc[0] == "fnc1:pair:0" and pairs["pair_id"].iloc[-1] == "fnc1:pair:49971"
    # headline_id is one-to-one with the headline text
    assert pairs.groupby("headline_id")["headline"].nunique().max() == 1
    assert pairs.groupby("headline")["headline_id"].nunique().max() == 1
    assert pairs["headline_id"].nunique() == pairs["headline"].nunique() == 1648
    assert (pairs["body_id"].astype(str) == pairs["doc_id"].str.removeprefix("fnc1:body:")).all()
    # the training file repeats some (headline, body, label) rows; they are kept and flagged
    dups = pairs.duplicated(["headline", "doc_id", "label"])
    assert (pairs["is_duplicate"] == dups).all() and dups.sum() == 402
    # no (headline, body) pair carries two labels
    assert pairs.groupby(["headline_id", "doc_id"])["label"].nunique().max() == 1


# -- Emergent ----------------------------------------------------------------------------------------

@pytest.mark.realdata
@needs_data
def test_emergent_counts(emergent):
    _check_canonical(emergent)
    a, pairs, claims = emergent.articles, emergent["pairs"], emergent["claims"]
    assert len(a) == len(pairs) == 2595 and len(emergent.quarantine) == 0
    assert len(claims) == 300 and claims["claim_id"].is_unique
    assert a["outlet_raw"].nunique() == 724 and a["outlet"].nunique() == EMERGENT_OUTLETS
    assert a.loc[a["outlet_raw"] == "www.foxnews.com", "outlet"].eq("Fox News").all()
    assert pairs["split"].value_counts().to_dict() == {"train": 2071, "test": 524}
    assert a["split"].value_counts().to_dict() == {"train": 2071, "test": 524}
    assert set(pairs["label"]) == set(EMERGENT_LABELS)
    assert set(claims["truth"]) == {"true", "false", "unknown"}
    assert claims["n_articles"].sum() == 2595


@pytest.mark.realdata
@needs_data
def test_emergent_joins(emergent):
    a, pairs, claims = emergent.articles, emergent["pairs"], emergent["claims"]
    assert pairs["pair_id"].is_unique and pairs["doc_id"].is_unique
    assert pairs["doc_id"].isin(a["doc_id"]).all()
    assert pairs["claim_id"].isin(claims["claim_id"]).all()
    merged = pairs.merge(a[["doc_id", "event_id", "split"]], on="doc_id", suffixes=("", "_article"))
    assert (merged["event_id"] == merged["claim_id"]).all()
    assert (merged["split"] == merged["split_article"]).all()
    # the split is claim-disjoint
    assert pairs.groupby("claim_id")["split"].nunique().max() == 1
    assert set(claims["split"]) == {"train", "test"}
    # every claim's articles form one event group
    assert a.groupby("event_id").size().sort_index().tolist() == \
        claims.set_index("claim_id")["n_articles"].sort_index().tolist()


# -- NewsMTSC ----------------------------------------------------------------------------------------

@pytest.mark.realdata
@needs_data
def test_newsmtsc_counts_and_labels(newsmtsc):
    _check_canonical(newsmtsc, outlet="unknown")  # NewsMTSC names no outlet
    a, t = newsmtsc.articles, newsmtsc["targets"]
    assert len(newsmtsc.quarantine) == 0
    assert a["split"].value_counts().to_dict() == {"train": 7758, "devtest_mt": 721}
    assert t["split"].value_counts().to_dict() == {"train": 8739, "devtest_mt": 1476}
    assert set(t["label"]) == set(SENTIMENT_LABELS)
    assert (t["polarity"].map({2.0: "negative", 4.0: "neutral", 6.0: "positive"}) == t["label"]).all()
    assert t["target_id"].is_unique
    assert t["doc_id"].isin(a["doc_id"]).all()
    assert set(a["collection"]) == {"allsides", "polusa"}
    # devtest_mt is the multi-target split: every sentence there has at least two targets
    per_doc = t[t["split"] == "devtest_mt"].groupby("doc_id").size()
    assert per_doc.min() >= 2


@pytest.mark.realdata
@needs_data
def test_newsmtsc_offsets_index_the_unchanged_sentence(newsmtsc, realdata_dir):
    a, t = newsmtsc.articles, newsmtsc["targets"]
    text = t["doc_id"].map(a.set_index("doc_id")["text"])
    got = [s[b:e] for s, b, e in zip(text, t["start"], t["end"])]
    mismatches = int((pd.Series(got, index=t.index) != t["target"]).sum())
    assert mismatches == 0
    assert t["span_ok"].all()
    fm_bad = sum(
        s[m["start"]:m["end"]] != m["mention"]
        for s, fm in zip(text, t["further_mentions"]) for m in json.loads(fm)
    )
    assert fm_bad == 0
    assert (t["further_mentions"].map(lambda s: len(json.loads(s))) == t["n_further_mentions"]).all()
    # the article text is byte-for-byte the file's sentence_normalized (no cleaning)
    for split, fname in (("train", "train.jsonl"), ("devtest_mt", "devtest_mt.jsonl")):
        with open(realdata_dir / "newsmtsc" / fname, encoding="utf-8") as fh:
            raw = {f"newsmtsc:{r['primary_gid']}": r["sentence_normalized"] for r in map(json.loads, fh)}
        part = a[a["split"] == split].set_index("doc_id")["text"]
        assert part.to_dict() == raw


# -- Parquet cache -------------------------------------------------------------------------------------

@pytest.mark.realdata
@needs_data
def test_cached_load_matches(fnc1, emergent, newsmtsc, realdata_dir, cache):
    for first in (fnc1, emergent, newsmtsc):
        again = _load(first.name, realdata_dir, cache)
        assert again.n_read == first.n_read
        pd.testing.assert_frame_equal(again.articles, first.articles, check_dtype=False)
        for name, table in first.tables.items():
            pd.testing.assert_frame_equal(again[name], table, check_dtype=False)


# -- synthetic (no real data needed) -------------------------------------------------------------------

def _write(path: pathlib.Path, text: str) -> pathlib.Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fnc1_synthetic_quarantine_and_ids(tmp_path):
    _write(tmp_path / "train_bodies.csv",
           'Body ID,articleBody\n'
           '7,"Officials in Veldra said the harbour reopened.\n\nTalks continue."\n'
           '8,"   "\n'
           '9,extra,field\n'
           '10,Ministers of Orsk met on Tuesday.\n')
    _write(tmp_path / "train_stances.csv",
           'Headline,Body ID,Stance\n'
           'Veldra harbour reopens,7,agree\n'
           ' Veldra harbour reopens ,10,Unrelated\n'
           'Orsk ministers meet,10,discuss\n'
           'Orsk ministers meet,10,discuss\n'
           'broken,row\n')
    table, tables = load_fnc1(tmp_path)
    pairs = tables["pairs"]
    assert table.n_read == len(table.articles) + len(table.quarantine) == 5  # 4 bodies + 1 bad pair
    assert list(table.articles["doc_id"]) == ["fnc1:body:7", "fnc1:body:10"]
    q = table.quarantine
    got = sorted(zip(q["source"].map(lambda s: pathlib.Path(s).name), q["line"], q["reason"].str[:20]))
    assert got == [("train_bodies.csv", 5, "empty or whitespace-"),  # body 7 spans lines 2-4
                   ("train_bodies.csv", 6, "wrong number of fiel"),
                   ("train_stances.csv", 6, "wrong number of fiel")]
    assert list(pairs["pair_id"]) == ["fnc1:pair:0", "fnc1:pair:1", "fnc1:pair:2", "fnc1:pair:3"]
    assert pairs["headline_id"].iloc[0] == pairs["headline_id"].iloc[1]  # whitespace-stripped text
    assert pairs["headline_id"].iloc[0] != pairs["headline_id"].iloc[2]
    assert list(pairs["label"]) == ["agree", "unrelated", "discuss", "discuss"]
    assert list(pairs["is_duplicate"]) == [False, False, False, True]


def test_emergent_synthetic(tmp_path):
    header = ",claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId"
    rows = [
        ("0", "Orsk will build a bridge", "Orsk to build bridge, officials say", "for", "a1", "c1",
         "http://news.example.org/a1", "news.example.org", "unknown"),
        ("1", "Orsk will build a bridge", "No bridge for Orsk", "against", "a2", "c1",
         "http://www.example.com/a2", "", "unknown"),
        ("2", "Veldra mayor resigns", "Reports: Veldra mayor to resign", "observing", "a3", "c2",
         "http://daily.example.net/a3", "daily.example.net", "false"),
    ]
    full = header + ",url,source,claimTruth,claimCount,articleCount,sourceCount\n" + "".join(
        ",".join(f'"{v}"' if "," in v else v for v in r) + ",1,1,1\n" for r in rows)
    _write(tmp_path / "edata_all_with_source_and_truth.csv", full)
    _write(tmp_path / "url-versions-2015-06-14-clean-train.csv",
           header + "\n" + "".join(",".join(f'"{v}"' if "," in v else v for v in r[:6]) + "\n" for r in rows[:2]))
    _write(tmp_path / "url-versions-2015-06-14-clean-test.csv",
           header + "\n" + ",".join(rows[2][:6]) + "\n")
    table, tables = load_emergent(tmp_path)
    a = table.articles
    assert table.n_read == 3 and len(a) == 3
    assert list(a["outlet"]) == ["news.example.org", "www.example.com", "daily.example.net"]  # blank → URL host
    assert set(table.outlets["status"]) == {"unknown"}  # unregistered domains are kept and reported
    assert list(a["event_id"]) == ["c1", "c1", "c2"]
    assert list(a["split"]) == ["train", "train", "test"]
    assert list(tables["pairs"]["label"]) == ["for", "against", "observing"]
    claims = tables["claims"].set_index("claim_id")
    assert claims.loc["c1", "n_articles"] == 2 and claims.loc["c2", "truth"] == "false"


def test_newsmtsc_synthetic_offsets_survive(tmp_path):
    # a decomposed "é" and a double space before the mention: ftfy's NFC normalisation or
    # whitespace folding would shift the offsets if the adapter cleaned the text
    sentence = "Cafe\u0301 owners  said Mayor Ilka Varn praised the plan."
    start = sentence.index("Mayor Ilka Varn")
    rec = {"primary_gid": f"allsides_1_2_3_Ilka Varn_{start}_{start + 15}", "sentence_normalized": sentence,
           "targets": [{"Input.gid": f"allsides_1_2_3_Ilka Varn_{start}_{start + 15}", "from": start,
                        "to": start + 15, "mention": "Mayor Ilka Varn", "polarity": 6.0,
                        "further_mentions": [{"from": 0, "to": 5, "mention": "Cafe\u0301"}]},
                       {"Input.gid": "allsides_1_2_3_wrong_0_3", "from": 0, "to": 3, "mention": "XYZ",
                        "polarity": 2.0}]}
    rec2 = {"primary_gid": "polusa_v1_99_-1_4_Orsk_0_4", "sentence_normalized": "Orsk agreed.",
            "targets": [{"Input.gid": "polusa_v1_99_-1_4_Orsk_0_4", "from": 0, "to": 4, "mention": "Orsk",
                         "polarity": 4.0}]}
    _write(tmp_path / "train.jsonl", json.dumps(rec, ensure_ascii=False) + "\n{not json\n")
    _write(tmp_path / "devtest_mt.jsonl", json.dumps(rec2) + "\n")
    with pytest.warns(UserWarning, match="1 target span"):
        table, tables = load_newsmtsc(tmp_path)
    a, t = table.articles, tables["targets"]
    assert table.n_read == 3 and len(a) == 2 and len(table.quarantine) == 1
    assert table.quarantine["reason"].iloc[0].startswith("invalid JSON")
    assert a["text"].iloc[0] == sentence  # unchanged, not NFC-normalised
    assert list(a["collection"]) == ["allsides", "polusa"]
    assert list(a["sentence_id"]) == ["allsides_1_2_3", "polusa_v1_99_-1_4"]
    assert list(t["span_ok"]) == [True, False, True]
    assert list(t["label"]) == ["positive", "negative", "neutral"]
    assert json.loads(t["further_mentions"].iloc[0]) == [{"start": 0, "end": 5, "mention": "Cafe\u0301"}]
    assert list(t["split"]) == ["train", "train", "devtest_mt"]
