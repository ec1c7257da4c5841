"""Source types (official vs news), like-for-like texts, and which aligned events / groups a comparison can use."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.events.coverage import comparable_groups, shared_events
from toolkit.sources import drop_names, source_types, title_and_lead


def test_source_types_from_registry_merge_one_countrys_offices():
    t = pd.DataFrame({"doc_id": list("abcdef"),
                      "outlet": ["The White House", "U.S. Department of the Treasury", "Kremlin (President of Russia)",
                                 "Office of the President of Ukraine", "Reuters", "Some Blog Nobody Registered"]})
    out = source_types(t)
    assert out["doc_id"].tolist() == list("abcdef")
    assert out["source"].tolist() == ["US government", "US government", "Kremlin (President of Russia)",
                                      "Office of the President of Ukraine", "Reuters", "Some Blog Nobody Registered"]
    assert out["source_type"].tolist() == ["official"] * 4 + ["news"] * 2


def test_source_types_single_office_keeps_its_name_and_grouping_can_be_off():
    t = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["The White House", "Reuters"]})
    assert source_types(t)["source"].tolist() == ["The White House", "Reuters"]
    t = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["The White House", "U.S. Department of State"]})
    assert source_types(t, group_offices=False)["source"].tolist() == ["The White House", "U.S. Department of State"]


def test_source_types_with_own_kinds():
    t = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["State TV", "Daily", "Other"]})
    out = source_types(t, kinds={"State TV": "state media", "Daily": "newspaper"}, countries={},
                       official=("State Media",))
    assert out["source_type"].tolist() == ["official", "news", "news"]
    with pytest.raises(ValueError, match="doc_id and outlet"):
        source_types(t.drop(columns="outlet"))


def test_title_and_lead_cuts_long_texts_and_does_not_repeat_titles():
    t = pd.DataFrame({"title": ["Talks resume", "Short one", ""],
                      "text": ["one two three four five six", "Short one. said nothing", "no title here"]})
    assert title_and_lead(t, 3).tolist() == ["Talks resume. one two three", "Short one. said",
                                             "no title here"]
    with pytest.raises(ValueError, match="n_words"):
        title_and_lead(t, 0)


def test_drop_names_whole_words_case_insensitive():
    s = pd.Series(["Kyiv, UKRINFORM. Censor.NET says", "Reutersville stays", None])
    assert drop_names(s, ["Ukrinform", "Censor.net", "Reuters"]).tolist() == ["Kyiv, . says", "Reutersville stays", ""]
    assert drop_names(s, []).tolist()[1] == "Reutersville stays"


def test_shared_events_counts_distinct_groups_ignoring_unknown():
    t = pd.DataFrame({"event": ["E1", "E1", "E2", "E2", "E3", "E3", "E3"],
                      "source_type": ["official", "news", "news", "unknown", "news", "official", None]})
    out = shared_events(t)
    assert out["event"].tolist() == ["E1", "E3"]
    assert out["n_articles"].tolist() == [2, 3] and out["n_groups"].tolist() == [2, 2]
    assert out["groups"].tolist() == ["news | official", "news | official"]
    assert shared_events(t, min_groups=3).empty
    assert shared_events(t, min_groups=1)["event"].tolist() == ["E1", "E2", "E3"]
    with pytest.raises(ValueError, match="missing"):
        shared_events(t, by="outlet")


def test_comparable_groups_drops_groups_without_shared_events_repeatedly():
    # c shares only E3 with d; d shares only E3 with c: both gone (min_events=2); a and b share E1, E2
    t = pd.DataFrame({"event": ["E1", "E1", "E2", "E2", "E3", "E3", "E4"],
                      "source": ["a", "b", "a", "b", "c", "d", "c"]})
    assert comparable_groups(t) == ["a", "b"]
    assert comparable_groups(t, min_events=1) == ["a", "b", "c", "d"]
    assert comparable_groups(t, min_events=3) == []


@pytest.mark.realdata
def test_ukraine_sources_types_and_shared_events_on_real_data(realdata_dir):
    from toolkit.datasets import load_dataset
    from toolkit.events import align_events

    names = ["kremlin_ukraine_president_press_releases", "us_gov_ukraine_statements_2022", "ruwa_headlines"]
    parts = [load_dataset(n, download_missing=False).articles for n in names]
    cols = ["doc_id", "outlet", "published", "title", "text"]
    a = pd.concat([p[cols] for p in parts], ignore_index=True)
    when = pd.to_datetime(a["published"], utc=True)
    a = a[(when >= "2022-02-01") & (when < "2022-07-01")].reset_index(drop=True)
    voices = source_types(a)
    official = set(voices.loc[voices["source_type"] == "official", "source"])
    assert official == {"Kremlin (President of Russia)", "Office of the President of Ukraine", "US government"}
    news = set(voices.loc[voices["source_type"] == "news", "source"])
    assert {"Reuters", "RT", "Ukrinform", "Censor.net", "Al Jazeera", "BBC News", "MSNBC"} <= news
    assert "unknown" not in news
    aligned = a.merge(voices[["doc_id", "source_type"]], on="doc_id").merge(align_events(a), on="doc_id")
    kept = shared_events(aligned, by="source_type")
    assert len(kept) > 150  # measured 260 with the default alignment parameters (225 before the adaptive time kernel)
    assert (kept["groups"] == "news | official").all()
