"""Every dataset whose files are all byte-identical upstream loads through the download path.

The upstream host is simulated by a local HTTP server that serves the shared copies at their
upstream paths at the pinned commit (copied at test time, never committed); the download is
verified against the cards and must give the same counts as loading from the mirror.
Datasets with derived files whose derive inputs are all checksummed card files (so the shared
copies can stand in for upstream) go through download + derive too; the others (ABP, RUWA, UN
debates, field2018: inputs not in the shared copies) are covered by their adapters' derive tests.
"""

from __future__ import annotations

import shutil

import pytest


from conftest import serve_directory
from toolkit.datasets import registry
from toolkit.datasets.cards import card_names, load_card

PLAIN = [n for n in card_names() if not load_card(n).derived_files]


def _derivable_from_card_files(name: str) -> bool:
    card = load_card(name)
    own_pin = (card.repository, card.commit)
    pinned = {f.upstream_path for f in card.files if f.upstream_path and card.pin_of(f) == own_pin}
    return bool(card.derived_files) and set(card.upstream_sources) <= pinned


DERIVED = [n for n in card_names() if _derivable_from_card_files(n)]


@pytest.fixture(scope="module")
def upstream(tmp_path_factory, realdata_dir):
    www = tmp_path_factory.mktemp("upstream")
    for name in PLAIN + DERIVED:
        card = load_card(name)
        for f in card.files:
            if f.upstream_path:
                repo, commit = card.pin_of(f)  # a file may live in a sibling repository
                target = www / repo / commit / f.upstream_path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(realdata_dir / name / f.path, target)
    with serve_directory(www) as base:
        yield base


def test_plain_datasets_are_most_of_the_registry():
    assert len(PLAIN) >= 10


@pytest.mark.realdata
@pytest.mark.parametrize("name", PLAIN)
def test_download_path_gives_the_mirror_counts(name, upstream, tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    monkeypatch.setenv(registry.ENV_BASE_URL, upstream)
    ds = registry.load_dataset(name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache")
    assert ds.root == tmp_path / "cache" / name
    card = load_card(name)
    assert len(ds.articles) == card.n_articles
    assert list(ds.tables) == list(card.tables)


def test_derived_datasets_served_by_card_files_are_the_three_expected():
    assert DERIVED == ["gvfc", "semeval2023_task3_en", "us_gov_ukraine_statements_2022"]


@pytest.mark.realdata
@pytest.mark.parametrize("name", DERIVED)
def test_download_and_derive_give_the_mirror_files(name, upstream, tmp_path, monkeypatch):
    """Download at the cards' (corrected) upstream paths, rebuild the derived files, check them byte for byte."""
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    monkeypatch.setenv(registry.ENV_BASE_URL, upstream)
    card = load_card(name)
    kw = dict(data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache")
    if name == "gvfc":  # codebook.json is a hand-written summary: no upstream, so the download stops, clearly
        with pytest.raises(registry.DatasetError, match="codebook.json cannot be rebuilt"):
            registry.load_dataset(name, **kw)
        rebuilt = tmp_path / "cache" / name / "GVFC_headlines_and_annotations.csv"
        assert registry.sha256_file(rebuilt) == card.file("GVFC_headlines_and_annotations.csv").sha256
        return
    ds = registry.load_dataset(name, **kw)
    assert ds.root == tmp_path / "cache" / name
    assert len(ds.articles) == card.n_articles and list(ds.tables) == list(card.tables)
    for f in card.derived_files:
        assert registry.sha256_file(ds.root / f.path) == f.sha256, f.path
