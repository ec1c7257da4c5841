"""The outlet registry: matching, authors, the lean scale, user extensions, and the path through validate.

Fictional outlets only (Veldra, Korvath …); real outlet *names* from the packaged registry are facts,
not corpus text.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from toolkit.corpus import read_csv, validate
from toolkit.corpus.outlets import (
    KINDS,
    LEAN_SOURCES,
    UnknownOutletWarning,
    canonical_outlets,
    host_of,
    load_outlet_registry,
    name_key,
    normalise_lean,
    outlet_report,
)
from toolkit.corpus.schema import LEAN_SCALE, UNKNOWN_OUTLET, CorpusError


@pytest.fixture(scope="module")
def registry():
    return load_outlet_registry()


def frame(**cols) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = {"doc_id": [f"d{i}" for i in range(n)], "text": ["Talks resumed in Veldra on Monday."] * n}
    return pd.DataFrame({**base, **cols})


# -- the packaged data ----------------------------------------------------------------------------

def test_packaged_registry_is_consistent(registry):
    o = registry.outlets
    assert o["outlet"].is_unique
    assert set(o["kind"]) <= set(KINDS)
    assert set(o["parent"][o["parent"] != ""]) <= set(o["outlet"])  # parents are registered outlets
    for row in o.itertuples():  # every alias and domain leads back to its own row, never to another one
        for alias in [a for a in row.aliases.split(";") if a]:
            assert registry.lookup(alias) == row.outlet, (alias, row.outlet)
        for domain in [d for d in row.domains.split(";") if d]:
            assert registry.lookup_domain(domain) == row.outlet, (domain, row.outlet)
    leans = registry.leans
    assert not leans.duplicated(["outlet", "source"]).any()  # one lean per (outlet, source)
    assert set(leans["lean"]) <= set(LEAN_SCALE) and set(leans["source"]) <= set(LEAN_SOURCES)
    assert set(leans["outlet"]) <= set(o["outlet"])
    assert "unknown" not in set(o["outlet"]) and "UNKNOWN" not in {name_key(x) for x in o["outlet"]}


@pytest.mark.parametrize("given, canonical", [
    ("Fox Online News", "Fox News"), ("Fox News (Online News)", "Fox News"), ("foxnews", "Fox News"),
    ("foxnews.com", "Fox News"), ("https://www.foxnews.com/politics/a-story", "Fox News"),
    ("New York Times - News", "New York Times"), ("New York Times (Online News)", "New York Times"),
    ("thenewyorktimes", "New York Times"), ("New York Times - Opinion", "New York Times (Opinion)"),
    ("The Washington Post", "Washington Post"), ("cnn", "CNN"), ("CNN (Web News)", "CNN"),
    ("edition.cnn.com", "CNN"), ("us.cnn.com", "CNN"), ("money.cnn.com", "CNN Business"),
    ("sg.finance.yahoo.com", "Yahoo Finance"), ("nz.news.yahoo.com", "Yahoo News"),
    ("thehuffingtonpost", "HuffPost"), ("www.msnbc.com", "MSNBC"), ("en.news-front.info", "News Front"),
])
def test_spellings_and_domains_map_to_one_name(registry, given, canonical):
    assert registry.lookup(given) == canonical


def test_keys_hosts_and_lean_vocabulary():
    assert name_key("The Hill") == name_key("thehill") == "hill"
    assert host_of("https://edition.cnn.com/x") == "edition.cnn.com" and host_of("www.bbc.co.uk") == "bbc.co.uk"
    assert host_of("Veldra Daily") is None and host_of(None) is None
    assert normalise_lean("Lean Left") == ("lean-left", None)
    assert normalise_lean("left-center") == ("lean-left", None)
    assert normalise_lean("center-right") == ("lean-right", None)
    assert normalise_lean("left_center_bias") == ("lean-left", None)
    assert normalise_lean("least_biased") == ("center", None)
    assert normalise_lean("questionable_source") == (None, "questionable")
    assert normalise_lean("mixed") == (None, "mixed")
    assert normalise_lean(pd.NA) == (None, None) and normalise_lean("  ") == (None, None)


# -- canonical_outlets -----------------------------------------------------------------------------

def test_canonical_outlets_maps_keeps_raw_and_reports_unknown(registry):
    f = frame(outlet=["Fox Online News", "foxnews.com", "Veldra Daily", UNKNOWN_OUTLET, "Veldra Daily"],
              lean=["right", None, "left-center", None, "questionable"])
    with pytest.warns(UnknownOutletWarning, match="'Veldra Daily' \\(2\\)"):
        res = canonical_outlets(f, registry, fill_lean=False)
    a = res.articles
    assert a["outlet"].tolist() == ["Fox News", "Fox News", "Veldra Daily", UNKNOWN_OUTLET, "Veldra Daily"]
    assert a["outlet_raw"].tolist() == f["outlet"].tolist()
    assert a["lean"].tolist()[:3] == ["right", pd.NA, "lean-left"] or a["lean"].iloc[2] == "lean-left"
    assert a["lean"].isna().tolist() == [False, True, False, True, True]
    assert a["outlet_rating"].iloc[4] == "questionable"
    assert a["lean_source"].iloc[0] == "input" and pd.isna(a["lean_source"].iloc[1])
    assert set(a["lean"].dropna()) <= set(LEAN_SCALE)
    assert res.unknown[["outlet_raw", "n"]].values.tolist() == [["Veldra Daily", 2]]
    status = dict(zip(res.report["outlet_raw"], res.report["status"]))
    assert status == {"Fox Online News": "alias", "foxnews.com": "domain", "Veldra Daily": "unknown",
                      UNKNOWN_OUTLET: "no outlet"}
    assert res.report["n"].sum() == len(f)  # every row is accounted for
    assert list(a.columns[:4]) == ["doc_id", "outlet", "text", "lean"] or "outlet_raw" in a.columns


def test_authors_are_not_outlets(registry):
    f = frame(outlet=["Guest Writer - Right", "Paul Krugman", "Ann Coulter"],
              url=["https://www.nationalreview.com/2020/01/a", None, "https://veldra-daily.example/x"],
              lean=["right", "left", "right"], lean_source=["allsides-3pt"] * 3)
    a = canonical_outlets(f, registry, fill_lean=False, warn=False).articles
    assert a["outlet"].tolist() == ["National Review", UNKNOWN_OUTLET, "veldra-daily.example"]
    assert a["author"].tolist() == ["Guest Writer - Right", "Paul Krugman", "Ann Coulter"]
    assert a["author_lean"].tolist() == ["right", "left", "right"]  # the rating was the author's …
    assert a["lean"].isna().all() and a["lean_source"].isna().all()  # … not the outlet's


def test_lean_filled_from_the_registry_says_so():
    reg = load_outlet_registry(extra=pd.DataFrame({
        "outlet": ["Veldra Daily", "Korvath Wire"], "kind": ["newspaper", "wire"], "aliases": ["veldradaily", ""],
        "domains": ["veldra-daily.example", ""], "lean": ["left-center", ""], "lean_source": ["mbfc", ""]}))
    f = frame(outlet=["veldradaily", "Veldra Daily", "Korvath Wire"], lean=[None, "right", None])
    a = canonical_outlets(f, reg).articles
    assert a["outlet"].tolist() == ["Veldra Daily", "Veldra Daily", "Korvath Wire"]
    assert a["lean"].tolist()[:2] == ["lean-left", "right"] and pd.isna(a["lean"].iloc[2])
    assert a["lean_source"].tolist()[:2] == ["registry:mbfc", "input"]  # a row's own rating wins
    assert reg.kind("Korvath Wire") == "news agency"  # "wire" is a synonym


def test_user_registry_overrides_and_errors(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text("outlet,kind,country,aliases\nFox News Channel,broadcaster,US,Fox Online News;Fox News\n")
    reg = load_outlet_registry(extra=p)
    assert reg.lookup("Fox Online News") == "Fox News Channel" and reg.lookup("foxnews.com") == "Fox News Channel"
    assert reg.lookup("Fox News (Online News)") == "Fox News Channel"  # inherited from the packaged row
    assert "Fox News" not in set(reg.outlets["outlet"])
    assert reg.lookup("The Washington Post") == "Washington Post"  # the rest of the packaged registry stays
    y = tmp_path / "mine.yaml"
    y.write_text("- outlet: Korvath Wire\n  kind: news agency\n  aliases: [KW, Korvath Press]\n")
    assert load_outlet_registry(extra=y).lookup("korvath press") == "Korvath Wire"
    bad = tmp_path / "bad.csv"
    bad.write_text("outlet,kind\nVeldra Daily,tabloidish\n")
    with pytest.raises(CorpusError, match="unknown kind.*Expected one of"):
        load_outlet_registry(extra=bad)
    with pytest.raises(CorpusError, match="missing column"):
        load_outlet_registry(extra=pd.DataFrame({"name": ["x"]}))
    with pytest.raises(CorpusError, match="no such outlet registry file"):
        load_outlet_registry(extra=tmp_path / "absent.csv")


# -- through validate and the readers -----------------------------------------------------------

def test_readers_map_outlets_and_report_unknown(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("doc_id,outlet,title,text,lean\n"
                 "a,Fox Online News,Talks,Talks resumed in Veldra on Monday after a long pause.,right\n"
                 "b,Veldra Daily,Talks,Talks resumed in Veldra on Monday after a long pause.,center-left\n"
                 "c,,Talks,Talks resumed.,left\n")
    with pytest.warns(UnknownOutletWarning):
        t = read_csv(p)
    a = t.articles
    assert a["outlet"].tolist() == ["Fox News", "Veldra Daily"] and a["outlet_raw"].tolist() == ["Fox Online News",
                                                                                                 "Veldra Daily"]
    assert a["lean"].tolist() == ["right", "lean-left"]
    assert t.counts == {"read": 3, "kept": 2, "quarantined": 1}
    assert t.outlets.loc[t.outlets.status == "unknown", "outlet_raw"].tolist() == ["Veldra Daily"]
    assert "outlets not in the registry (kept as given): 1" in t.summary()
    assert t.summary().splitlines()[-1] == "read 3 kept 2 quarantined 1"
    assert outlet_report(a)["n"].sum() == 2


def test_validate_can_leave_outlets_alone():
    f = frame(outlet=["Fox Online News"], lean=["center-left"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = validate(f, outlets=False, detect_languages=False).articles
    assert a["outlet"].tolist() == ["Fox Online News"] and a["lean"].tolist() == ["center-left"]
    assert "outlet_raw" not in a


def test_no_lean_filled_for_government_offices_or_states():
    reg = load_outlet_registry(extra=pd.DataFrame({
        "outlet": ["Veldra Foreign Ministry", "Korvath Daily"], "kind": ["government office", "newspaper"],
        "lean": ["right", "right"], "lean_source": ["allsides", "allsides"]}))
    a = canonical_outlets(frame(outlet=["Veldra Foreign Ministry", "Korvath Daily"]), reg).articles
    assert pd.isna(a["lean"].iloc[0]) and a["lean"].iloc[1] == "right"
