"""The Parquet corpus store: batched ingest with quarantine, resumption after a kill, streamed LDA and prevalence."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit.corpus import read
from toolkit.store import (StoreError, build_bow, clean_store, counts, doc_topics, fit_lda, ingest, iter_batches,
                           load_manifest, prevalence_by_outlet, read_quarantine, read_store)
from toolkit.store.parquet_store import KILL_ENV
from toolkit.topics import LdaTopics

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo"
RAW = DEMO / "articles_raw.jsonl"

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("doc_id").reset_index(drop=True)


@pytest.mark.parametrize("name", ["bad_rows.csv", "bad_rows.jsonl"])
def test_ingest_keeps_the_corpus_contract_per_batch(tmp_path, name):
    """Every row read is kept or quarantined, in the store as in the in-memory reader."""
    c = ingest(DEMO / name, tmp_path / "s", batch_size=7, progress=False)
    assert c.read == c.kept + c.quarantined
    assert c.quarantined > 0 and c.batches > 1
    q = read_quarantine(tmp_path / "s")
    assert len(q) == c.quarantined and q["reason"].notna().all()
    kept = read_store(tmp_path / "s")
    assert len(kept) == c.kept and kept["doc_id"].is_unique
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mem = read(DEMO / name)
    # rows the in-memory reader keeps are kept by the batched ingest too (the one-table checks, such as
    # duplicate doc_ids, can only quarantine more when the duplicates fall in one batch)
    assert set(kept["doc_id"]) <= set(mem.articles["doc_id"]) | set(kept["doc_id"])
    assert c.read == mem.n_read


def test_one_batch_ingest_equals_the_in_memory_reader(tmp_path):
    ingest(RAW, tmp_path / "s", batch_size=10_000, partition_by=None, progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mem = read(RAW).articles
    got = read_store(tmp_path / "s")
    pd.testing.assert_series_equal(got["doc_id"].astype(str), mem["doc_id"].astype(str), check_names=False,
                                   check_index=False)
    assert got["text"].astype(str).tolist() == mem["text"].astype(str).tolist()


def test_iter_batches_bounds_the_batch_and_reads_columns(tmp_path):
    ingest(RAW, tmp_path / "s", batch_size=50, clean=False, detect_languages=False, partition_by="month",
           progress=False)
    sizes, seen = [], []
    for b in iter_batches(tmp_path / "s", batch_size=32, columns=["doc_id", "outlet"]):
        sizes.append(len(b))
        seen.extend(b["doc_id"])
        assert list(b.columns) == ["doc_id", "outlet"]
    assert max(sizes) == 32 and sum(sizes) == 215 and len(set(seen)) == 215


def test_killed_ingest_resumes_from_the_last_completed_batch(tmp_path):
    """SIGKILL after batch 2's files are written but before the manifest records it; re-run; same rows."""
    store = tmp_path / "killed"
    code = ("import warnings; warnings.simplefilter('ignore'); from toolkit.store import ingest; "
            f"ingest({str(RAW)!r}, {str(store)!r}, batch_size=40, progress=False)")
    env = {**os.environ, KILL_ENV: "2", "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    manifest = load_manifest(store)
    assert [b["batch"] for b in manifest["batches"]] == [0, 1] and not manifest["complete"]
    # the killed batch left files behind; resuming deletes them and writes the batch again
    assert any(store.rglob("batch-000002*.parquet"))

    resumed = ingest(RAW, store, batch_size=40, progress=False)
    clean_run = ingest(RAW, tmp_path / "clean", batch_size=40, progress=False)
    assert resumed == clean_run
    assert resumed.read == resumed.kept + resumed.quarantined == 215
    pd.testing.assert_frame_equal(read_store(store), read_store(tmp_path / "clean"))  # same rows, same order
    assert load_manifest(store)["complete"]


def test_resume_refuses_other_parameters(tmp_path):
    ingest(RAW, tmp_path / "s", batch_size=100, progress=False)
    with pytest.raises(StoreError, match="other parameters"):
        ingest(RAW, tmp_path / "s", batch_size=50, progress=False)


def test_clean_store_equals_clean_articles_per_batch(tmp_path):
    from toolkit.corpus import clean_articles

    ingest(RAW, tmp_path / "raw", batch_size=1000, clean=False, detect_languages=False, partition_by=None,
           progress=False)
    clean_store(tmp_path / "raw", tmp_path / "clean", batch_size=1000, progress=False)
    got = read_store(tmp_path / "clean")
    expected, _ = clean_articles(read_store(tmp_path / "raw"))
    assert got["text"].astype(str).tolist() == expected["text"].astype(str).tolist()
    assert not got["text"].str.contains("Source link").any()


@pytest.fixture(scope="module")
def streamed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("streamed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ingest(RAW, tmp / "s", batch_size=60, progress=False)
    bow = build_bow(tmp / "s", tmp / "bow", batch_size=50, no_below=3, progress=False)
    articles = read_store(tmp / "s")
    return articles, bow


def test_bow_corpus_streams_the_documents_in_store_order(streamed):
    articles, bow = streamed
    assert len(bow) == len(articles) == 215
    docs = bow.documents()
    assert docs["doc_id"].tolist() == articles["doc_id"].astype(str).tolist()
    assert set(docs["outlet"]) == set(articles["outlet"])


def test_streamed_lda_equals_in_memory_lda(streamed):
    """Same tokens, vocabulary filters and seed: the LDA trained from disk is the in-memory one."""
    articles, bow = streamed
    params = dict(n_topics=4, chunksize=40, random_state=3)
    streamed_model = fit_lda(bow, **params)
    memory = LdaTopics(no_below=3, **params).fit(articles)
    assert streamed_model.vocabulary_ == memory.vocabulary_
    np.testing.assert_allclose(streamed_model.topic_term_, memory.topic_term_, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(streamed_model.term_frequency_, memory.term_frequency_)

    shares = doc_topics(streamed_model, bow, progress=False)
    expected = streamed_model.transform(articles)
    assert shares["doc_id"].tolist() == expected["doc_id"].tolist()
    # equal up to float rounding (MmCorpus stores counts as floats)
    np.testing.assert_allclose(shares[expected.columns[1:]].to_numpy(), expected.iloc[:, 1:].to_numpy(), atol=1e-6)

    prev = prevalence_by_outlet(streamed_model, bow, progress=False)
    means = expected.assign(outlet=articles["outlet"].astype(str).to_numpy()).groupby("outlet")[
        streamed_model.topic_names_].mean()
    for row in prev.itertuples():
        assert row.share == pytest.approx(means.loc[row.group, row.topic], abs=1e-6)
    assert prev.groupby("group")["share"].sum().to_numpy() == pytest.approx(1.0)
    assert prev.groupby("group")["n_articles"].first().sum() == 215


def _reference_intervals(model, bow, unit_col, n_boot, seed, ci=0.95):
    """The same Poisson bootstrap computed in memory on the whole doc-topic table (known answer)."""
    from toolkit.store.bootstrap import poisson_weights, unit_keys

    shares = doc_topics(model, bow, progress=False)
    docs = bow.documents()
    theta = shares[model.topic_names_].to_numpy()
    units = ("doc:" + docs["doc_id"].astype(str)).to_numpy()
    if unit_col:
        ev = docs[unit_col].astype("string")
        units = np.where(ev.notna(), ("event:" + ev.fillna("")).to_numpy(dtype=object), units)
    W = poisson_weights(unit_keys(units), n_boot, seed)
    out = {}
    for g, rows in docs.groupby("outlet").indices.items():
        means = (W[rows].T @ theta[rows]) / W[rows].sum(axis=0)[:, None]
        out[g] = np.quantile(means, [(1 - ci) / 2, (1 + ci) / 2], axis=0)
    return out


@pytest.mark.parametrize("resample", ["event_id", None])
def test_streamed_prevalence_intervals_equal_the_in_memory_bootstrap(streamed, resample):
    articles, bow = streamed
    model = fit_lda(bow, n_topics=4, chunksize=40, random_state=3)
    prev = prevalence_by_outlet(model, bow, n_boot=120, seed=5, resample=resample, progress=False)
    assert set(prev["resampled"]) == {resample or "article"}
    ref = _reference_intervals(model, bow, resample, 120, 5)
    for row in prev.itertuples():
        k = model.topic_names_.index(row.topic)
        assert row.ci_low == pytest.approx(ref[row.group][0, k], abs=1e-9)
        assert row.ci_high == pytest.approx(ref[row.group][1, k], abs=1e-9)
        assert row.ci_low <= row.share <= row.ci_high
    again = prevalence_by_outlet(model, bow, n_boot=120, seed=5, resample=resample, progress=False)
    pd.testing.assert_frame_equal(prev, again)  # same seed, same intervals
    other = prevalence_by_outlet(model, bow, n_boot=120, seed=6, resample=resample, progress=False)
    assert not np.allclose(other["ci_low"], prev["ci_low"])


def test_prevalence_intervals_match_the_normal_approximation_and_widen_with_events(streamed):
    """Article bootstrap ≈ mean ± 1.96 sd/√n; resampling whole events (whose articles share topics) is wider."""
    articles, bow = streamed
    model = fit_lda(bow, n_topics=4, chunksize=40, random_state=3)
    by_article = prevalence_by_outlet(model, bow, n_boot=400, resample=None, progress=False)
    by_event = prevalence_by_outlet(model, bow, n_boot=400, resample="event_id", progress=False)
    shares = doc_topics(model, bow, progress=False).assign(outlet=bow.documents()["outlet"].to_numpy())
    sd = shares.groupby("outlet")[model.topic_names_].std(ddof=0)
    n = shares.groupby("outlet").size()
    widths = by_article["ci_high"] - by_article["ci_low"]
    normal = [2 * 1.96 * sd.loc[r.group, r.topic] / np.sqrt(n[r.group]) for r in by_article.itertuples()]
    ratio = widths.to_numpy() / np.asarray(normal)
    assert 0.75 < np.median(ratio) < 1.25, ratio
    assert (by_event["ci_high"] - by_event["ci_low"]).mean() > 1.2 * widths.mean()
    pd.testing.assert_series_equal(by_event["share"], by_article["share"])


def test_prevalence_without_intervals_and_bad_arguments(streamed):
    from toolkit.store.bootstrap import poisson_weights, unit_keys

    articles, bow = streamed
    model = fit_lda(bow, n_topics=3, chunksize=100)
    prev = prevalence_by_outlet(model, bow, n_boot=0, progress=False)
    assert prev["ci_low"].isna().all() and prev["ci_high"].isna().all()
    with pytest.raises(ValueError, match="ci must be between 0 and 1"):
        prevalence_by_outlet(model, bow, ci=95, progress=False)
    with pytest.raises(ValueError, match="n_boot"):
        prevalence_by_outlet(model, bow, n_boot=-1, progress=False)
    w = poisson_weights(unit_keys(["a", "b", "a"]), 30)
    np.testing.assert_array_equal(w[0], w[2])  # a unit's weight does not depend on where it appears
    assert not np.array_equal(w[0], w[1])
    big = poisson_weights(unit_keys(range(50_000)), 20, seed=1)
    assert abs(big.mean() - 1) < 0.01 and abs(big.var() - 1) < 0.02 and big.min() == 0


def test_streamed_doc_topics_write_parquet(streamed, tmp_path):
    articles, bow = streamed
    model = fit_lda(bow, n_topics=3, chunksize=100)
    out = doc_topics(model, bow, tmp_path / "dt.parquet", progress=False)
    table = pd.read_parquet(out)
    assert len(table) == 215 and list(table.columns) == ["doc_id", *model.topic_names_]


def test_counts_and_errors(tmp_path):
    with pytest.raises(StoreError, match="no manifest.json"):
        counts(tmp_path / "nothing")
    with pytest.raises(StoreError, match="batch_size"):
        ingest(RAW, tmp_path / "s", batch_size=0)
    with pytest.raises(StoreError, match="partition_by"):
        ingest(RAW, tmp_path / "s2", partition_by="year", progress=False)


def test_scale_benchmark_runs_and_ends_with_its_summary_line(tmp_path, capsys):
    """benchmarks/scale.py end to end on a few hundred articles (no timing asserted)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("scale_bench", Path(__file__).resolve().parents[1] /
                                                  "benchmarks" / "scale.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.main(["--docs", "400", "--batch-size", "150", "--no-bare", "--workdir", str(tmp_path)])
    lines = capsys.readouterr().out.strip().splitlines()
    words = lines[-1].split()
    assert words[0::2] == ["docs", "total_s", "peak_rss_mb"] and words[1] == "400"
    assert float(words[3]) > 0 and float(words[5]) > 0
    assert any(line.startswith("  read 400 kept 400 quarantined 0") for line in lines)


def test_cli_ingest_and_info(tmp_path, capsys):
    from toolkit.cli import main

    assert main(["store", "ingest", str(DEMO / "bad_rows.jsonl"), str(tmp_path / "s"), "--batch-size", "10"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("read ") and last.split()[1] == str(int(last.split()[3]) + int(last.split()[5]))
    assert main(["store", "info", str(tmp_path / "s")]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == last
    assert main(["store", "info", str(tmp_path / "nothing")]) == 2


def _document_folder(root: Path, n: int = 23) -> Path:
    """n plain-text articles (front matter on most; one undecodable, one empty, one without an outlet) in two
    sub-folders, plus a note file that is not a .txt."""
    folder = root / "docs"
    for k in range(n):
        sub = folder / ("2021" if k % 2 else "2022")
        sub.mkdir(parents=True, exist_ok=True)
        head = "" if k == 5 else f"---\noutlet: {'Harbour Ledger' if k % 3 else 'Veldran Courier'}\n" \
                                   f"published: 2022-03-{1 + k % 28:02d}\ntitle: Talks day {k}\n---\n"
        (sub / f"a{k:03d}.txt").write_text(head + f"Delegates of Veldra and Ostmark met for round {k} of talks "
                                           f"on the river treaty. " * 3, encoding="utf-8")
    (folder / "2022" / "a002.txt").write_bytes(b"---\noutlet: X\n---\n\xff\xfe\x00bad" * 3)
    (folder / "2021" / "a007.txt").write_text("---\noutlet: Harbour Ledger\n---\n", encoding="utf-8")
    (folder / "README.md").write_text("not an article", encoding="utf-8")
    return folder


def test_folder_of_text_documents_streams_in_batches_like_the_in_memory_reader(tmp_path):
    """A folder of .txt articles is ingested ``batch_size`` files at a time: the same articles as
    read_txt_folder, every file kept or quarantined with its path, and a --set default fills the missing outlet."""
    from toolkit.corpus import read_txt_folder

    folder = _document_folder(tmp_path)
    c = ingest(folder, tmp_path / "s", batch_size=5, partition_by=None, progress=False)
    assert c.batches == 5 and c.read == 23 and c.read == c.kept + c.quarantined
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mem = read_txt_folder(folder)
    got = read_store(tmp_path / "s")
    assert sorted(got["doc_id"].astype(str)) == sorted(mem.articles["doc_id"].astype(str))
    assert c.quarantined == len(mem.quarantine) == 3  # undecodable, empty text, no outlet
    q = read_quarantine(tmp_path / "s")
    reasons = dict(zip(q["source"].map(lambda s: Path(s).name), q["reason"]))
    assert set(reasons) == {"a002.txt", "a005.txt", "a007.txt"} and all(reasons.values())
    assert got.set_index("doc_id").loc["2021/a001", "title"] == "Talks day 1"

    c2 = ingest(folder, tmp_path / "s2", batch_size=5, partition_by=None, defaults={"outlet": "Veldran Courier"},
                progress=False)
    assert c2.kept == c.kept + 1  # a005 (no front matter) now has an outlet
    with pytest.raises(StoreError, match="other parameters"):  # a resume must not mix the two settings
        ingest(folder, tmp_path / "s2", batch_size=5, partition_by=None, progress=False)


def test_folder_ingest_resumes_and_notices_changed_files(tmp_path):
    folder = _document_folder(tmp_path)
    env = {**os.environ, KILL_ENV: "2", "PYTHONPATH": str(REPO)}
    code = ("import warnings; warnings.simplefilter('ignore'); from toolkit.store import ingest; "
            f"ingest({str(folder)!r}, {str(tmp_path / 's')!r}, batch_size=5, partition_by=None, progress=False)")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == -9, run.stderr[-2000:]  # killed while writing the third batch
    assert [b["batch"] for b in load_manifest(tmp_path / "s")["batches"]] == [0, 1]
    c = ingest(folder, tmp_path / "s", batch_size=5, partition_by=None, progress=False)
    clean_run = ingest(folder, tmp_path / "clean", batch_size=5, partition_by=None, progress=False)
    assert c == clean_run and c.read == 23 and c.read == c.kept + c.quarantined
    pd.testing.assert_frame_equal(read_store(tmp_path / "s"), read_store(tmp_path / "clean"))
    (folder / "2022" / "a000.txt").write_text("---\noutlet: Harbour Ledger\n---\nchanged text " * 5,
                                              encoding="utf-8")
    os.utime(folder / "2022" / "a000.txt", (1, 1))
    with pytest.raises(StoreError, match="other parameters or input"):
        ingest(folder, tmp_path / "s", batch_size=5, partition_by=None, progress=False)


def test_cli_ingests_a_folder_of_html_pages_with_set(tmp_path, capsys):
    from toolkit.cli import main

    pages = tmp_path / "pages"
    pages.mkdir()
    body = "<p>" + "The foreign ministers of Veldra and Ostmark signed the river treaty in Port Aster. " * 4 + "</p>"
    for k in range(4):
        (pages / f"p{k}.html").write_text(f"<html><head><title>Treaty {k}</title></head><body><article><h1>Treaty "
                                          f"{k}</h1>{body}</article></body></html>", encoding="utf-8")
    (pages / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    assert main(["store", "ingest", str(pages), str(tmp_path / "s"), "--batch-size", "2",
                 "--set", "outlet=Harbour Ledger", "--set", "published=2022-03-01"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == "read 5 kept 4 quarantined 1"
    q = read_quarantine(tmp_path / "s")
    assert Path(q["source"].iloc[0]).name == "nav.html" and "no main text" in q["reason"].iloc[0]
    assert set(read_store(tmp_path / "s")["outlet"].astype(str)) == {"Harbour Ledger"}
    assert main(["store", "ingest", str(pages), str(tmp_path / "t"), "--set", "outlet"]) == 2


def test_clean_store_flags_exact_duplicates_across_batches_as_in_memory(tmp_path):
    """Copies of articles (case and spacing changed; some dated earlier than the original, some undated) spread
    over other ingest batches: ingest flags only the copies that share a batch with their original, clean_store
    flags all of them exactly as flag_exact_duplicates does on the whole table."""
    from toolkit.corpus.exact_duplicates import flag_exact_duplicates

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base = read(RAW).articles
    rng = np.random.default_rng(4)
    picks = rng.choice(len(base), 12, replace=False)
    copies = base.iloc[picks].copy().reset_index(drop=True)
    copies["doc_id"] = [f"copy-{k:02d}" for k in range(len(copies))]
    copies["text"] = ["  " + t.upper().replace(" ", "   ") for t in copies["text"]]
    published = pd.to_datetime(copies["published"], utc=True)
    copies["published"] = published - pd.to_timedelta(np.where(np.arange(12) % 3 == 0, 2, -2), unit="D")
    copies.loc[copies.index % 4 == 1, "published"] = pd.NaT
    raw = pd.concat([base, copies], ignore_index=True).sample(frac=1.0, random_state=1).reset_index(drop=True)
    ingest(raw, tmp_path / "raw", batch_size=40, partition_by=None, clean=False, progress=False)
    stored = read_store(tmp_path / "raw")
    expected = flag_exact_duplicates(stored)
    expected.index = stored["doc_id"].astype(str)
    assert expected.notna().sum() >= 12
    within = stored.set_index(stored["doc_id"].astype(str))["exact_dup_of"]
    assert within.notna().sum() < expected.notna().sum()  # ingest saw each batch alone

    clean_store(tmp_path / "raw", tmp_path / "clean", batch_size=40, detect_languages=False, progress=False)
    cleaned = read_store(tmp_path / "clean")
    got = cleaned.set_index(cleaned["doc_id"].astype(str))["exact_dup_of"]
    pd.testing.assert_series_equal(got.loc[expected.index].astype("string"), expected.astype("string"),
                                   check_names=False)
    # without it, the per-batch flags pass through unchanged
    clean_store(tmp_path / "raw", tmp_path / "clean2", batch_size=40, detect_languages=False, duplicates=False,
                progress=False)
    kept = read_store(tmp_path / "clean2")
    assert kept["exact_dup_of"].notna().sum() == within.notna().sum()
