"""Adapters for same-event news datasets: BASIL, PAC, NeuS/AllSides, RUWA, Article-Bias-Prediction.

Real-corpus tests load each dataset once per module (cold, into a temporary cache) and skip
without $TOOLKIT_DATA. The synthetic tests use fictional text written here.
"""

from __future__ import annotations

import csv
import gzip
import json
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from toolkit.corpus.schema import LEAN_SCALE, UNKNOWN_OUTLET
from toolkit.datasets import load_dataset
from toolkit.datasets.adapters import events_news as en

LEANS = set(en.LEANS)
#: Counts after outlet canonicalisation (see toolkit/data/outlets.csv).
PAC_OUTLETS, PAC_AUTHOR_ROWS, PAC_MEDIA_IDEOLOGY_ROWS = 59, 12, 170  # 58 outlets + "unknown" (the 12 people)
NEUS_OUTLETS, NEUS_AUTHOR_ROWS = 116, 44  # crawled collection: 145 names as given
ABP_OUTLETS, ABP_AUTHOR_ROWS = 372, 1241  # 491 names as given


def _load(name, data_dir, tmp_path_factory):
    return load_dataset(name, data_dir=data_dir, cache_dir=tmp_path_factory.mktemp(f"cache-{name}"),
                        download_missing=False)


def _check_canonical(ds):
    a = ds.articles
    assert ds.n_read == len(a) + len(ds.quarantine)
    assert a["doc_id"].is_unique and a["doc_id"].str.len().gt(0).all()
    assert a["outlet"].str.strip().str.len().gt(0).all()
    assert a["text"].str.strip().str.len().gt(0).all()
    assert set(a["lean"].dropna()) <= LEANS == set(LEAN_SCALE)
    assert (a["lean"].isna() | a["lean_source"].notna()).all()  # every lean says where it comes from
    assert (a["source_dataset"] == ds.name).all() and a["outlet_raw"].notna().all()
    assert a["language"].notna().all() and (a["language"] == "en").mean() > 0.95  # detected, not assumed


def _check_offsets(spans, articles, text_col, where=None):
    texts = dict(zip(articles["doc_id"], articles["text"]))
    if where is not None:
        spans = spans[where]
    spans = spans.dropna(subset=["start"])
    got = [texts[d][s:e] for d, s, e in zip(spans["doc_id"], spans["start"], spans["end"])]
    assert got == [en._normalise(t) for t in spans[text_col]]


# -- synthetic (no real data) ---------------------------------------------------------------------

def test_join_sentences_offsets():
    text, starts = en._join_sentences([["Talks opened.", "Both sides came."], ["", "Veldra left."]])
    assert text == "Talks opened. Both sides came.\n\nVeldra left."
    assert starts == [0, 14, None, 32]
    assert text[starts[3]:starts[3] + 6] == "Veldra"


def test_rebase_spans_after_cleaning():
    raw = "Summit in Veldra\n\nThe  summit in Veldra ended. Veldra  hosts again."
    clean = "The summit in Veldra ended. Veldra hosts again."
    arts = pd.DataFrame({"doc_id": ["d1"], "text": [clean]})
    second = raw.rindex("Veldra")
    spans = pd.DataFrame({"doc_id": ["d1", "d1", "d1"], "start": [second, raw.index("The"), 0],
                          "end": [second + 6, raw.index("ended") + 5, 3],
                          "text": ["Veldra", "The  summit in Veldra ended", "Sum"]})
    out = en._rebase_spans(spans, {"d1": raw}, arts, "text")
    assert clean[out.start[0]:out.end[0]] == "Veldra" and out.start[0] == clean.rindex("Veldra")
    assert clean[out.start[1]:out.end[1]] == "The summit in Veldra ended"
    assert pd.isna(out.start[2])  # the removed title line is not in the cleaned text


def _write_basil(root: Path) -> None:
    for n, (src, body) in enumerate([("fox", [["Ministers met in Veldra.", "They spoke."], ["Talks ended."]]),
                                     ("NYT", [["Veldra summit"], ["Ministers  met in Veldra on Monday."]])], 1):
        (root / "articles" / "2020").mkdir(parents=True, exist_ok=True)
        (root / "annotations" / "2020").mkdir(parents=True, exist_ok=True)
        art = {"title": "Veldra summit", "date": "2020-01-0%d" % n, "source": src, "url": f"http://example.org/{n}",
               "main-event": "summit", "main-entities": ["Veldra"], "triplet-uuid": "abc", "body-paragraphs": body}
        (root / "articles" / "2020" / f"abc_{n}.json").write_text(json.dumps(art))
        sid = 2 if n == 1 else 1
        sent = [s for p in body for s in p][sid]
        word = sent.split()[-1].rstrip(".")
        ann = {"article-level-annotations": {"relative_stance": "conservative", "author_feeling_Veldra": "neg",
                                             "you_feeling_Veldra": "sli-pos"},
               "phrase-level-annotations": [
                   {"id": f"p{sid}", "start": sent.index(word), "end": sent.index(word) + len(word), "txt": word,
                    "bias": "lex", "polarity": "neg", "target": "Veldra", "aim": "dir", "quote": "no",
                    "speaker": "", "notes": "", "indirect-ally-opponent-sentiment": ""},
                   {"id": "title", "start": 0, "end": 6, "txt": "Veldra", "bias": "inf", "polarity": "pos",
                    "target": "Veldra", "aim": "ind_pro", "quote": "yes", "speaker": "x",
                    "indirect-ally-opponent-sentiment": "neu"}]}
        (root / "annotations" / "2020" / f"abc_{n}_ann.json").write_text(json.dumps(ann))


def test_basil_synthetic(tmp_path):
    _write_basil(tmp_path)
    table, tables = en.load_basil(tmp_path)
    a = table.articles.set_index("doc_id")
    assert list(a.index) == ["basil:abc_1", "basil:abc_2"]
    assert list(a["outlet"]) == ["Fox News", "New York Times"] and list(a["outlet_raw"]) == ["fox", "nyt"]
    # BASIL rates no outlet: the leans are the registry's (AllSides as published by NeuS), and say so
    assert list(a["lean"]) == ["right", "lean-left"] and set(a["lean_source"]) == {"registry:allsides"}
    assert a.loc["basil:abc_1", "text"] == "Ministers met in Veldra. They spoke.\n\nTalks ended."
    # doc 2: the first paragraph repeats the title and is cleaned away; spans follow the text
    assert a.loc["basil:abc_2", "text"] == "Ministers met in Veldra on Monday."
    spans = tables["spans"]
    _check_offsets(spans, table.articles, "text", spans["field"] == "text")
    assert spans["start"].notna().all()
    assert set(spans["bias"]) == {"lexical", "informational"} and set(spans["aim"]) == {"direct", "indirect-pro"}
    st = tables["article_stance"]
    assert set(st.loc[st.aspect == "relative_stance", "label"]) == {"right"}
    assert set(st.loc[st.aspect == "annotator_feeling", "label"]) == {"slightly-positive"}


def test_ruwa_synthetic_keeps_or_quarantines_every_row(tmp_path):
    rows = [["0", "0", "http://example.org/a", "Sub A", "Head A", "[{'site': 's', 'event': 'e', 'kw': 'k', "
             "'dt': '03/04/2022'}]", "03/04/2022", "tass.com", "bucha", "['k']"],
            ["1", "1", "http://example.org/b", "", "Head only", "[]", "03/05/2022", "rt.com", "bucha", "[]"],
            ["2", "2", "http://example.org/c", "", "", "[]", "03/06/2022", "bbc.co.uk", "theatre", "[]"]]
    with open(tmp_path / en.RUWA_CSV, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(en.RUWA_COLUMNS)
        w.writerows(rows)
    table, tables = en.load_ruwa_headlines(tmp_path)
    a = table.articles
    assert table.n_read == 3 and len(a) == 2 and list(table.quarantine["line"]) == [4]
    assert list(a["text"]) == ["Head A\n\nSub A", "Head only"] and list(a["title"]) == ["Head A", "Head only"]
    assert list(a["outlet"]) == ["TASS", "RT"] and a["published"].iloc[0] == pd.Timestamp("2022-03-04", tz="UTC")
    assert list(a["outlet_raw"]) == ["tass.com", "rt.com"]
    assert a["event_id"].isna().all() and list(a["storyline"]) == ["ruwa:bucha", "ruwa:bucha"]  # buckets, not events
    assert list(tables["keyword_hits"]["keyword"]) == ["k"]


def test_derive_ruwa_unzips_the_csv(tmp_path):
    up = tmp_path / "_upstream"
    up.mkdir()
    payload = b",Unnamed: 0,src\n0,0,http://example.org\n"
    with zipfile.ZipFile(up / en.RUWA_ZIP, "w") as zf:
        zf.writestr("RUWA_04.08.23.csv", payload)
        zf.writestr("__MACOSX/._RUWA_04.08.23.csv", b"junk")
    en.derive_ruwa_headlines(tmp_path)
    assert (tmp_path / en.RUWA_CSV).read_bytes() == payload


def _write_abp_upstream(root: Path) -> list[dict]:
    jsons = root / "_upstream" / "data" / "jsons"
    jsons.mkdir(parents=True)
    records = []
    for i, (ident, lean) in enumerate([("b2", "right"), ("B1", "left"), ("a3", "center")]):
        rec = {"topic": "diplomacy", "source": f"Outlet {i}", "bias": {"left": 0, "center": 1, "right": 2}[lean],
               "url": f"http://example.org/{ident}", "title": f"Veldra talks {i}", "date": "2020-02-0%d" % (i + 1),
               "authors": "", "content": "tokenised text , dropped",
               "content_original": f"Talks in Veldra – day {i}.", "source_url": "www.example.org",
               "bias_text": lean, "ID": ident}
        (jsons / f"{ident}.json").write_text(json.dumps(rec, indent=4), encoding="utf-8")
        records.append(rec)
    return records


def test_derive_abp_format(tmp_path):
    records = _write_abp_upstream(tmp_path)
    en.derive_article_bias_prediction(tmp_path)
    raw = (tmp_path / en.ABP_FILE).read_bytes()
    # gzip header: FNAME flag, fixed mtime, XFL=2 (level 9), OS=255, file name articles.jsonl
    assert raw[:4] == b"\x1f\x8b\x08\x08" and struct.unpack("<I", raw[4:8])[0] == en.ABP_GZIP_MTIME
    assert raw[8:10] == b"\x02\xff" and raw[10:25] == b"articles.jsonl\x00"
    text = gzip.decompress(raw).decode("utf-8")
    assert text.endswith("\n") and "–" in text  # ensure_ascii=False
    lines = text.split("\n")[:-1]
    assert [json.loads(x)["ID"] for x in lines] == ["B1", "a3", "b2"]  # code-point order
    first = json.loads(lines[0])
    assert list(first) == ["topic", "source", "bias", "url", "title", "date", "authors", "content_original",
                           "source_url", "bias_text", "ID"]
    assert lines[0] == json.dumps(first, ensure_ascii=False)
    en.derive_article_bias_prediction(tmp_path)
    assert (tmp_path / en.ABP_FILE).read_bytes() == raw  # deterministic
    assert en.abp_upstream_sources(tmp_path) == ["data/jsons/B1.json", "data/jsons/a3.json", "data/jsons/b2.json"]
    # and the loader reads it
    for scheme in en.ABP_SCHEMES:
        (tmp_path / "splits" / scheme).mkdir(parents=True)
        for split in en.ABP_SPLITS:
            ids = [r["ID"] for r in records][: 1 if split == "test" else 0]
            (tmp_path / "splits" / scheme / f"{split}.tsv").write_text("ID\tbias\n" + "".join(f"{i}\t0\n" for i in ids))
    table, tables = en.load_article_bias_prediction(tmp_path)
    assert table.n_read == 3 and set(table.articles["lean"]) == {"left", "center", "right"}
    assert list(tables["splits"]["doc_id"]) == ["abp:b2", "abp:b2"]


# -- real data ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def basil(realdata_dir, tmp_path_factory):
    return _load("basil", realdata_dir, tmp_path_factory)


@pytest.fixture(scope="module")
def pac(realdata_dir, tmp_path_factory):
    return _load("pac_partisan_events", realdata_dir, tmp_path_factory)


@pytest.fixture(scope="module")
def neus(realdata_dir, tmp_path_factory):
    return _load("neus_allsides", realdata_dir, tmp_path_factory)


@pytest.fixture(scope="module")
def ruwa(realdata_dir, tmp_path_factory):
    return _load("ruwa_headlines", realdata_dir, tmp_path_factory)


@pytest.fixture(scope="module")
def abp(realdata_dir, tmp_path_factory):
    return _load("article_bias_prediction", realdata_dir, tmp_path_factory)


@pytest.mark.realdata
def test_basil_counts_and_events(basil):
    a = basil.articles
    _check_canonical(basil)
    assert len(a) == 300 and basil.n_read == 300 and a["event_id"].nunique() == 100
    assert set(a["outlet"]) == {"Fox News", "New York Times", "HuffPost"}
    groups = a.groupby("event_id")["outlet"]
    assert (groups.size() == 3).all() and (groups.nunique() == 3).all()
    assert dict(a.groupby("outlet")["lean"].first()) == {"Fox News": "right", "New York Times": "lean-left",
                                                         "HuffPost": "left"}
    assert set(a["lean_source"]) == {"registry:allsides"} and set(a["outlet_raw"]) == {"fox", "nyt", "hpo"}
    assert a["published"].notna().all()
    ev = basil["events"]
    assert len(ev) == 300 and set(ev["doc_id"]) == set(a["doc_id"])
    assert dict(zip(ev["doc_id"], ev["event_id"])) == dict(zip(a["doc_id"], a["event_id"]))


@pytest.mark.realdata
def test_basil_spans_and_stance(basil):
    a, spans, st = basil.articles, basil["spans"], basil["article_stance"]
    assert len(spans) == 1726 and set(spans["doc_id"]) <= set(a["doc_id"])
    assert spans[["doc_id", "span"]].drop_duplicates().shape[0] == len(spans)
    assert spans["start"].notna().all()
    _check_offsets(spans, a, "text", spans["field"] == "text")
    titles = dict(zip(a["doc_id"], a["title"]))
    t = spans[spans["field"] == "title"]
    assert [titles[d][s:e] for d, s, e in zip(t["doc_id"], t["start"], t["end"])] == list(t["text"])
    assert set(spans["bias"]) == {"lexical", "informational"}
    assert set(spans["polarity"]) == {"negative", "positive"}
    assert set(spans["aim"]) == {"direct", "indirect-pro", "indirect-anti", "indirect-general"}
    assert spans["quote"].notna().all()
    rel = st[st["aspect"] == "relative_stance"]
    assert len(rel) == 300 and set(rel["label"]) == {"left", "center", "right"}
    assert set(st.loc[st["aspect"] == "author_feeling", "label"]) == {"negative", "neutral", "positive"}
    assert st.loc[st["aspect"] == "author_feeling", "target"].eq("main_event").sum() == 300
    assert set(st["doc_id"]) <= set(a["doc_id"])


@pytest.mark.realdata
def test_pac_counts_and_pairs(pac):
    a = pac.articles
    _check_canonical(pac)
    assert len(a) == 304 and pac.n_read == 304 and a["event_id"].nunique() == 152
    assert a["outlet_raw"].nunique() == 71 and a["outlet"].nunique() == PAC_OUTLETS
    # people are not outlets: columnists and politicians go to `author`, the outlet is unknown (no URL)
    people = a["author"].notna()
    assert people.sum() == PAC_AUTHOR_ROWS and (a.loc[people, "outlet"] == UNKNOWN_OUTLET).all()
    assert {"Paul Krugman", "Donald Trump", "Guest Writer - Right"} <= set(a.loc[people, "author"])
    # the outlet lean is PAC's media_ideology; the article's own ideology has its own column
    own = (a["lean_source"] == "pac_partisan_events").fillna(False).astype(bool)
    assert own.sum() == PAC_MEDIA_IDEOLOGY_ROWS
    assert set(a["article_ideology"].dropna()) <= LEANS and a["article_ideology"].notna().all()
    assert (a["article_ideology"] != a["lean"]).any()
    assert (a.groupby("event_id").size() == 2).all()
    pairs = a.groupby("event_id")["relative_ideology"].agg(lambda s: "/".join(sorted(s)))
    assert pairs.value_counts().to_dict() == {"left/right": 151, "right/right": 1}  # STORY_84: as in the data
    assert set(a["split"]) == {"train", "dev", "test"}


@pytest.mark.realdata
def test_pac_events(pac):
    a, ev, links, ents = pac.articles, pac["events"], pac["event_entities"], pac["entities"]
    assert len(ev) == 26976 and set(ev["doc_id"]) <= set(a["doc_id"])
    assert ev[["doc_id", "e_id"]].drop_duplicates().shape[0] == len(ev)
    assert ev["start"].notna().all()
    _check_offsets(ev, a, "token")
    assert set(ev["partisanship"]) <= {"partisan", "counter-partisan", "neutral", "uncertain"}
    assert set(ev["ideology"]) == {"left", "right", "neutral"}
    assert set(ev["intensity"].dropna()) == {"weak", "strong"}
    keys = set(zip(ev["doc_id"], ev["e_id"]))
    assert set(zip(links["doc_id"], links["e_id"])) <= keys
    assert set(links["role"]) == {"agent", "patient", "other"}
    assert set(links["sentiment"]) <= {"negative", "neutral", "positive", "uncertain"}
    assert ents[["doc_id", "entity_id"]].drop_duplicates().shape[0] == len(ents) == 4585


@pytest.mark.realdata
def test_neus_counts(neus):
    a, stories, roundups = neus.articles, neus["stories"], neus["roundups"]
    _check_canonical(neus)
    crawled, probe = a[a["collection"] == "crawled"], a[a["collection"] == "probe"]
    assert len(crawled) == 1479 and crawled["outlet_raw"].nunique() == 145 and crawled["outlet"].nunique() == NEUS_OUTLETS
    assert set(crawled["side"]) == {"left", "center", "right"}
    assert (crawled.groupby("event_id")["side"].agg(lambda s: s.is_unique)).all()
    # the lean is AllSides' rating of the outlet (five points), not the column of the page
    assert set(crawled["lean"].dropna()) == set(LEAN_SCALE)
    assert set(crawled["lean_source"].dropna()) <= {"allsides", "registry:allsides", "registry:allsides-3pt"}
    assert (crawled["lean_source"] == "allsides").sum() == 1431
    assert set(crawled["outlet_rating"].dropna()) == {"mixed"}
    assert crawled["author"].notna().sum() == NEUS_AUTHOR_ROWS
    assert en.NEUS_UNNAMED_OUTLET == UNKNOWN_OUTLET
    assert probe["lean"].isna().all() and set(probe["outlet"]) == {UNKNOWN_OUTLET}
    assert neus.n_read == 1479 + 3 * (2452 + 307 + 307)
    assert set(neus.quarantine["doc_id"].str.startswith("neus:probe:")) == {True}
    sc = stories.groupby(["collection", stories["split"].fillna("-")]).size().to_dict()
    assert sc == {("crawled", "-"): 506, ("probe", "train"): 2452, ("probe", "val"): 307, ("probe", "test"): 307}
    assert stories["event_id"].is_unique and set(a["event_id"]) <= set(stories["event_id"])
    assert set(roundups["event_id"]) == set(stories["event_id"])
    assert roundups["text"].str.strip().str.len().gt(0).all()
    linked = probe["crawled_doc_id"].dropna()
    assert len(linked) > 0 and set(linked) <= set(crawled["doc_id"])
    assert set(stories["same_story_as"].dropna()) <= set(stories.loc[stories.collection == "crawled", "event_id"])


@pytest.mark.realdata
def test_ruwa_counts(ruwa):
    a, q = ruwa.articles, ruwa.quarantine
    _check_canonical(ruwa)
    assert ruwa.n_read == 16545 and len(a) + len(q) == 16545
    assert set(q["reason"]) == {"empty or whitespace-only text"}
    assert a["outlet"].nunique() == 9 and a["country"].notna().all()
    # RUWA's events are keyword buckets: a storyline, not a same-event group
    assert a["event_id"].isna().all() and a["storyline"].nunique() == 9
    assert set(a["language"]) >= {"en", "uk"}  # Censor.net carries Ukrainian rows
    assert a["published"].notna().all()
    has_title = a["title"].str.len() > 0
    # titles are not cleaned, texts are: compare after the same normalisation
    assert all(t.startswith(en._normalise(h)) for t, h in zip(a.loc[has_title, "text"], a.loc[has_title, "title"]))
    hits = ruwa["keyword_hits"]
    assert len(hits) > len(a) * 0.9 and set(hits["doc_id"]) <= set(a["doc_id"])


@pytest.mark.realdata
def test_parquet_cache_round_trip(realdata_dir, tmp_path):
    first = load_dataset("basil", data_dir=realdata_dir, cache_dir=tmp_path, download_missing=False)
    again = load_dataset("basil", data_dir=realdata_dir, cache_dir=tmp_path, download_missing=False)
    pd.testing.assert_frame_equal(first.articles, again.articles)
    for name, table in first.tables.items():
        pd.testing.assert_frame_equal(table, again[name])


@pytest.mark.realdata
def test_abp_counts_and_splits(abp, realdata_dir):
    a, splits = abp.articles, abp["splits"]
    _check_canonical(abp)
    assert abp.n_read == 37554 and len(a) + len(abp.quarantine) == 37554
    assert a["outlet_raw"].nunique() == 491 and a["outlet"].nunique() == ABP_OUTLETS
    assert (a["outlet"] != UNKNOWN_OUTLET).all()  # every ABP row has a URL
    # one outlet under one name: the spellings the review found
    raw_to = a.groupby("outlet_raw")["outlet"].first()
    assert raw_to[["Fox News", "Fox Online News", "Fox News (Online)"]].eq("Fox News").all()
    assert raw_to[["New York Times - News", "New York Times (Online News)"]].eq("New York Times").all()
    # authors and bylines are not outlets: the outlet comes from the article URL
    people = a["author"].notna()
    assert people.sum() == ABP_AUTHOR_ROWS and a.loc[people, "author_lean"].notna().all()
    assert not a.loc[people, "outlet"].str.startswith("Guest Writer").any()
    own = (a["lean_source"] == "allsides-3pt").fillna(False).astype(bool)
    assert set(a.loc[own, "lean"]) == {"left", "center", "right"} and (~own).sum() == ABP_AUTHOR_ROWS
    assert a["event_id"].isna().all()
    # the date policy (toolkit.corpus.dates): implausible dates are kept with published missing
    assert abp.quarantine.empty and len(a) == 37554
    issues = a.set_index("doc_id")["date_issue"].dropna()
    assert sorted(issues) == ["after load time: 2050-09-30", "before 1900: 0001-11-30", "before 1900: 0001-11-30"]
    assert a.set_index("doc_id").loc[issues.index, "published"].isna().all()
    assert int(a["date_ambiguous"].fillna(False).astype(bool).sum()) == 11  # e.g. 05/07 forms, read month-first
    assert set(splits["doc_id"]) <= set(a["doc_id"])
    assert not splits.duplicated(["doc_id", "scheme"]).any()
    rating = a["lean"].where(own, a["author_lean"])  # the dataset's label: the outlet's, or the author's
    lean_of = dict(zip(a["doc_id"], rating.map({"left": "0", "center": "1", "right": "2"})))
    for (scheme, split), group in splits.groupby(["scheme", "split"]):
        tsv = Path(realdata_dir) / "article_bias_prediction" / "splits" / scheme / f"{split}.tsv"
        labels = pd.read_csv(tsv, sep="\t", dtype=str)
        assert len(group) == len(labels)
        pairs = [(lean_of[f"abp:{i}"], b) for i, b in zip(labels["ID"], labels["bias"]) if f"abp:{i}" in lean_of]
        assert len(pairs) >= len(labels) - 2 and all(x == y for x, y in pairs)
