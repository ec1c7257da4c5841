"""Outlets, leans, events and languages across every real dataset (skipped without $TOOLKIT_DATA).

Checks the contract of issue #13 on the loaded corpora: canonical outlets (no dataset names posing
as outlets), one lean scale with its source, ``source_dataset`` everywhere, ``event_id`` only for
same-event gold, languages detected, and a packaged lean table that is exactly what the datasets
publish.
"""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.corpus.outlets import lean_table, load_outlet_registry, outlet_report
from toolkit.corpus.schema import LEAN_SCALE, UNKNOWN_OUTLET
from toolkit.datasets import list_datasets, load_dataset

#: Datasets whose ``event_id`` is same-event gold (the rest have none; RUWA has a ``storyline``).
EVENT_GOLD = {"basil", "pac_partisan_events", "neus_allsides", "emergent", "un_general_debate"}
#: Datasets whose source names no outlet at all.
NO_OUTLETS = {"fnc1", "newsmtsc", "semeval2023_task3_en", "semeval2025_task10_narratives", "ukraine_news_bias"}


@pytest.fixture(scope="module")
def loaded(realdata_dir):
    names = [n for n in list_datasets()["name"]]
    out = {}
    for name in names:
        ds = load_dataset(name, data_dir=realdata_dir, download_missing=False)
        if len(ds.articles):
            out[name] = ds.articles
    return out


@pytest.mark.realdata
def test_every_dataset_follows_the_outlet_and_lean_contract(loaded):
    assert len(loaded) == 16
    for name, a in loaded.items():
        assert (a["source_dataset"] == name).all(), name
        assert a["outlet_raw"].notna().all(), name
        assert name not in set(a["outlet"]) and "neus_allsides" not in set(a["outlet"]), name
        assert set(a["lean"].dropna()) <= set(LEAN_SCALE), name
        assert (a["lean"].isna() | a["lean_source"].notna()).all(), name
        assert a["language"].notna().all() and "pcm" not in set(a["language"]), name
        if name in NO_OUTLETS:
            assert (a["outlet"] == UNKNOWN_OUTLET).all(), name
        if name not in EVENT_GOLD | {"demo"}:
            assert a["event_id"].isna().all(), name
    assert loaded["ruwa_headlines"]["storyline"].notna().all()
    assert "article_ideology" in loaded["pac_partisan_events"] and "lean" in loaded["pac_partisan_events"]


@pytest.mark.realdata
def test_packaged_lean_table_is_what_the_datasets_publish(loaded):
    frames = dict(loaded)
    nfc = frames["narrative_frames_climate"]
    frames["narrative_frames_climate"] = nfc.assign(lean_rating_raw=nfc["mbfc"])
    rebuilt = lean_table(frames).reset_index(drop=True)
    packaged = load_outlet_registry().leans.astype("string").reset_index(drop=True)
    pd.testing.assert_frame_equal(rebuilt, packaged[list(rebuilt.columns)], check_dtype=False)


@pytest.mark.realdata
def test_outlet_names_are_known_where_the_registry_covers_the_source(loaded):
    """Every outlet name of the datasets with named outlets is registered (Emergent/GVFC domains aside)."""
    for name, a in loaded.items():
        unknown = outlet_report(a).query("status == 'unknown'")
        if name in ("emergent", "gvfc", "article_bias_prediction"):
            continue  # unregistered web domains (Emergent's 700 sites; hosts of ABP bylines) are kept
        assert unknown.empty, (name, unknown.head().to_dict("records"))
