"""`make figures` fetches the datasets each notebook needs before running it (#10 item 1).

The upstream host is a local HTTP server (no network in tests); a dataset that cannot be had is
reported, never raised, so the notebooks fall back to the demo.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import serve_directory
from toolkit.datasets import registry
from toolkit.datasets.cards import load_card
from toolkit.figures import find_notebooks
from toolkit.notebook_data import FETCHED, PRESENT, UNAVAILABLE, datasets_needed, fetch_needed


def _notebook(tmp_path, body: str):
    path = tmp_path / "99-test.py"
    path.write_text("# %% [markdown]\n# **Version 1.** test\n\n# %% tags=['parameters']\n" + body)
    return path


def test_study_notebooks_name_the_datasets_they_load():
    needed = {nb.stem: datasets_needed(nb) for nb in find_notebooks()}
    assert needed["06-extending-classifiers"] == ["gvfc"]
    assert {"fnc1", "newsmtsc"} <= set(needed["04-stance"])
    assert {"kremlin_ukraine_president_press_releases", "us_gov_ukraine_statements_2022",
            "ruwa_headlines"} <= set(needed["07-case-study-ukraine-2022"])
    assert all("demo" not in names for names in needed.values())


def test_aliases_and_non_dataset_strings(tmp_path):
    nb = _notebook(tmp_path, 'dataset = "demo"\nother = "basil"\nlabel = "left"\nx = load("usgov")\n')
    assert datasets_needed(nb) == ["basil", "us_gov_ukraine_statements_2022"]


def test_present_datasets_are_not_downloaded(tmp_path, monkeypatch):
    card = load_card("gvfc")
    data = tmp_path / "data"
    for f in card.required_files:  # existence is what "present" means; load_dataset verifies checksums later
        (data / "gvfc" / f.path).parent.mkdir(parents=True, exist_ok=True)
        (data / "gvfc" / f.path).write_text("x")
    monkeypatch.setenv("TOOLKIT_DATA", str(data))
    monkeypatch.setenv(registry.ENV_BASE_URL, "http://127.0.0.1:9")  # would fail if it were used
    status = fetch_needed([_notebook(tmp_path, 'name = "gvfc"\n')], progress=False, cache_dir=tmp_path / "cache")
    assert status == {"gvfc": PRESENT}


def test_unavailable_dataset_is_reported_not_raised(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    www = tmp_path / "www"
    www.mkdir()
    with serve_directory(www) as base:  # an upstream host that has nothing
        monkeypatch.setenv(registry.ENV_BASE_URL, base)
        status = fetch_needed([_notebook(tmp_path, 'name = "gvfc"\n')], progress=False,
                              cache_dir=tmp_path / "cache")
    assert status == {"gvfc": UNAVAILABLE}
    assert "gvfc cannot be had" in capsys.readouterr().err


@pytest.mark.realdata
def test_missing_dataset_is_fetched_and_then_loads(tmp_path, monkeypatch, realdata_dir):
    card = load_card("emergent")
    assert not card.derived_files
    www = tmp_path / "www"
    for f in card.files:
        if f.upstream_path:
            repo, commit = card.pin_of(f)
            target = www / repo / commit / f.upstream_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(realdata_dir / "emergent" / f.path, target)
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    cache = tmp_path / "cache"
    with serve_directory(www) as base:
        monkeypatch.setenv(registry.ENV_BASE_URL, base)
        nb = _notebook(tmp_path, 'name = "emergent"\n')
        assert fetch_needed([nb], progress=False, cache_dir=cache) == {"emergent": FETCHED}
        # a second run finds it in the cache: nothing is downloaded again
        assert fetch_needed([nb], progress=False, cache_dir=cache) == {"emergent": PRESENT}
    ds = registry.load_dataset("emergent", data_dir=tmp_path / "nowhere", cache_dir=cache, download_missing=False)
    assert len(ds.articles) > 0
