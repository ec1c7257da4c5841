"""Event alignment streamed from a corpus store gives exactly the in-memory aligner's groups (no real data needed)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit.datasets import load_dataset, load_demo
from toolkit.events import AlignmentWarning, EventAligner, align_events
from toolkit.events.align import _content_key, _days
from toolkit.events.features import event_features
from toolkit.events.neighbours import candidate_pairs, undirected_pairs
from toolkit.store import StoreError, align_store, candidate_pairs_store, ingest, read_store

pytestmark = pytest.mark.filterwarnings("ignore::toolkit.corpus.outlets.UnknownOutletWarning")


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return load_demo().articles


def _synthetic(demo: pd.DataFrame, n: int, *, undated: float, seed: int = 1) -> pd.DataFrame:
    """``n`` articles resampled from the demo, dates shifted by -40…40 days, a share made undated."""
    rng = np.random.default_rng(seed)
    s = demo.iloc[rng.integers(0, len(demo), n)].reset_index(drop=True)
    s["doc_id"] = s["doc_id"] + "~" + pd.Series(np.arange(n)).astype(str)
    s["published"] = pd.to_datetime(s["published"], utc=True) + pd.to_timedelta(rng.integers(-40, 41, n), unit="D")
    s.loc[rng.random(n) < undated, "published"] = pd.NaT
    return s


def _stored(articles: pd.DataFrame, path: Path, batch_size: int) -> pd.DataFrame:
    ingest(articles, path, batch_size=batch_size, clean=False, progress=False)
    return read_store(path)


def _same(table: pd.DataFrame, store: Path, batch_size: int, **params) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AlignmentWarning)
        mem = align_events(table, **params)
        got = align_store(store, batch_size=batch_size, progress=False, **params)
    assert len(got) == len(table)  # rows in = rows out
    assert got["doc_id"].tolist() == table["doc_id"].astype(str).tolist()
    pd.testing.assert_frame_equal(got, mem)  # same partition, same event numbers
    return got


def test_demo_store_gives_the_in_memory_partition(demo, tmp_path):
    table = _stored(demo, tmp_path / "demo", batch_size=40)
    got = _same(table, tmp_path / "demo", batch_size=40)
    assert got["event"].nunique() > 5


def test_several_batches_window_and_undated_articles(demo, tmp_path):
    # 1300 articles: three 512-blocks, feature files of 150 articles (the time window spans several), 8 % undated
    table = _stored(_synthetic(demo, 1300, undated=0.08), tmp_path / "s", batch_size=150)
    assert table["published"].isna().sum() > 50
    _same(table, tmp_path / "s", batch_size=150)


def test_candidate_pairs_are_bitwise_the_in_memory_ones(demo, tmp_path):
    table = _stored(_synthetic(demo, 700, undated=0.1, seed=2), tmp_path / "s", batch_size=120)
    a = EventAligner()
    n = len(table)
    days = _days(table["published"], n)
    cols = (table["outlet"].astype(str), table["title"].fillna("").astype(str), table["text"].astype(str))
    keys = np.array([_content_key(o, t, x) for o, t, x in zip(*cols)])
    order = np.lexsort((keys, np.nan_to_num(days, nan=np.inf)))
    X, *_ = event_features(table.iloc[order], lead_words=a.lead_words, title_weight=a.title_weight,
                           entity_weight=a.entity_weight, ngram_max=a.ngram_max)
    r, c, s, bg = candidate_pairs(X, days[order], k=a.k, min_sim=a.min_sim, window_days=a.window_days,
                                  tau_days=a.tau_days, grace_days=a.grace_days, background_k=a.background_k)
    pairs = candidate_pairs_store(tmp_path / "s", tmp_path / "pairs", batch_size=120, progress=False)
    assert (pairs.n, pairs.n_dated) == (n, int((~np.isnan(days)).sum()))
    np.testing.assert_array_equal(pairs.array("order"), order)
    i, j, v = pairs.load()
    r2, c2, s2, _ = undirected_pairs([i], [j], [v], n, pairs.array("background"))
    np.testing.assert_array_equal(r2, r)
    np.testing.assert_array_equal(c2, c)
    assert np.array_equal(s2, s) and np.array_equal(pairs.array("background"), bg)  # bit for bit
    assert (tmp_path / "pairs" / "pairs.parquet").exists() and not list((tmp_path / "pairs").glob("features-*"))


def test_all_dates_missing(demo, tmp_path):
    arts = _synthetic(demo, 600, undated=1.0, seed=3)
    table = _stored(arts, tmp_path / "u", batch_size=100)
    with pytest.warns(AlignmentWarning, match="no article has a date"):
        align_store(tmp_path / "u", batch_size=100, progress=False)
    _same(table, tmp_path / "u", batch_size=100)


def test_other_parameters_and_a_configured_aligner(demo, tmp_path):
    table = _stored(_synthetic(demo, 400, undated=0.1, seed=4), tmp_path / "p", batch_size=64)
    _same(table, tmp_path / "p", batch_size=64, threshold=0.06, entity_weight=0.5, ngram_max=2, window_days=5.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AlignmentWarning)
        a = align_store(tmp_path / "p", batch_size=64, aligner=EventAligner(k=5), progress=False)
        b = align_events(table, k=5)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(TypeError, match="not both"):
        align_store(tmp_path / "p", aligner=EventAligner(), k=5)


def test_output_files_and_errors(demo, tmp_path):
    table = _stored(demo, tmp_path / "d", batch_size=50)
    events = align_store(tmp_path / "d", output=tmp_path / "ev.csv", batch_size=50, progress=False)
    csv = pd.read_csv(tmp_path / "ev.csv", dtype=str)
    assert list(csv.columns) == ["doc_id", "event"] and len(csv) == len(table)
    assert csv["event"].tolist() == events["event"].tolist()
    align_store(tmp_path / "d", output=tmp_path / "ev.parquet", batch_size=50, progress=False)
    assert pd.read_parquet(tmp_path / "ev.parquet")["event"].tolist() == events["event"].tolist()
    with pytest.raises(StoreError, match=".csv or .parquet"):
        align_store(tmp_path / "d", output=tmp_path / "ev.txt", progress=False)
    with pytest.raises(StoreError, match="no manifest.json"):
        align_store(tmp_path / "nothing", progress=False)


def test_cli_store_align(demo, tmp_path, capsys):
    from toolkit.cli import main

    ingest(demo, tmp_path / "d", batch_size=100, clean=False, progress=False)
    out = tmp_path / "ev.csv"
    assert main(["store", "align", str(tmp_path / "d"), "--output", str(out), "--batch-size", "60"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith(f"articles {len(demo)} events ")
    got = pd.read_csv(out, dtype=str)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AlignmentWarning)
        mem = align_events(read_store(tmp_path / "d"))
    assert got.columns.tolist() == ["doc_id", "event"] and got["event"].tolist() == mem["event"].tolist()
    assert main(["store", "align", str(tmp_path / "none"), "--output", str(out)]) == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.realdata
def test_real_corpus_store_gives_the_in_memory_partition(realdata_dir, tmp_path):
    # PAC (304 articles; real text: unicode, empty titles), a tenth of the dates withheld, several batches
    articles = load_dataset("pac_partisan_events", data_dir=realdata_dir).articles.copy()
    articles.loc[np.random.default_rng(0).random(len(articles)) < 0.1, "published"] = pd.NaT
    table = _stored(articles, tmp_path / "pac", batch_size=70)
    _same(table, tmp_path / "pac", batch_size=70)


def test_candidates_hold_the_time_window_not_the_corpus(demo, tmp_path, monkeypatch):
    from toolkit.store import events as store_events

    # 2000 articles over about a year (dates shifted by -150…150 days), feature files of 50 articles: a 512-article
    # block with its ±14-day window spans about a third of the 40 files, never all of them
    rng = np.random.default_rng(5)
    arts = _synthetic(demo, 2000, undated=0.0, seed=5)
    arts["published"] = arts["published"] + pd.to_timedelta(rng.integers(-110, 111, len(arts)), unit="D")
    _stored(arts, tmp_path / "w", batch_size=50)
    held: list[int] = []
    original = store_events._Rows.file

    def spy(self, b):
        out = original(self, b)
        held.append(len(self.cache))
        return out

    monkeypatch.setattr(store_events._Rows, "file", spy)
    pairs = candidate_pairs_store(tmp_path / "w", tmp_path / "pairs", batch_size=50, progress=False)
    assert pairs.n == 2000 and pairs.n_edges > 0
    assert 0 < max(held) <= 16  # of 40 feature files (13 measured)


def test_align_store_refuses_the_embedding_option_it_does_not_stream(demo, tmp_path):
    _stored(demo, tmp_path / "s", batch_size=100)
    with pytest.raises(ValueError, match="not streamed"):
        align_store(tmp_path / "s", embeddings=True, progress=False)
