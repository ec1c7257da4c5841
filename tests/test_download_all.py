"""Every dataset whose files are all byte-identical upstream loads through the download path.

The upstream host is simulated by a local HTTP server that serves the shared copies at their
upstream paths at the pinned commit (copied at test time, never committed); the download is
verified against the cards and must give the same counts as loading from the mirror.
Datasets with derived files are covered by their adapters' derive tests.
"""

from __future__ import annotations

import shutil

import pytest


from conftest import serve_directory
from toolkit.datasets import registry
from toolkit.datasets.cards import card_names, load_card

PLAIN = [n for n in card_names() if not load_card(n).derived_files]


@pytest.fixture(scope="module")
def upstream(tmp_path_factory, realdata_dir):
    www = tmp_path_factory.mktemp("upstream")
    for name in PLAIN:
        card = load_card(name)
        for f in card.files:
            if f.upstream_path:
                target = www / card.repository / card.commit / f.upstream_path
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
