"""Scale benchmark: N articles through ingest → clean → tokenise → LDA (one pass) → prevalence by outlet, streaming.

Input. N articles made by resampling a source corpus with replacement (seeded): the synthetic demo corpus's raw
records (``corpora/demo/articles_raw.jsonl``: scraper residue included, so cleaning has work to do), or with
``--dataset NAME`` a real corpus from :func:`toolkit.datasets.load_dataset` (needs ``$TOOLKIT_DATA``). Each draw
gets a distinct ``doc_id`` (``<id>~<draw>``) and its date shifted by a seeded number of days (-180 … 180), so the
rows are distinct articles to the store (texts repeat: resampling). The input is written once, in chunks, as a
JSON-lines file (not timed) and then read back by the pipeline like any user's file.

Pipeline (toolkit, one process, memory bounded by the batch size, vocabulary and model)::

    ingest     toolkit.store.ingest(jsonl → Parquet store, validate per batch, clean=False)
    clean      toolkit.store.clean_store(store → store)  (clean_articles per batch: residue, boilerplate, language)
    tokenise   toolkit.store.build_bow(store → gensim MmCorpus + filtered Dictionary)
    lda        toolkit.store.fit_lda(MmCorpus, one pass, chunksize 2000, 20 topics)
    prevalence toolkit.store.prevalence_by_outlet (inference chunk by chunk, mean shares by outlet, and 200
               streaming Poisson-bootstrap replicates over events for the intervals: more work than the bare step)

Baseline ("bare", the library doing the same step in memory, on the first ``--bare-n`` input articles, in a
separate process so it does not count in the pipeline's RSS):

    ingest     pandas.read_json(lines) + pyarrow.dataset.write_dataset partitioned by outlet (no validation)
    clean      toolkit.corpus.clean_articles on the in-memory table (the in-memory API; no bare library cleans)
    tokenise   gensim simple_preprocess + Dictionary.doc2bow + filter_extremes on in-memory lists
    lda        gensim LdaModel on an in-memory list of bag-of-words, same parameters
    prevalence gensim LdaModel.inference on the in-memory list + pandas groupby mean

Printed per stage: docs/s (toolkit), docs/s (bare), ratio (toolkit / bare; < 1 means the toolkit is slower),
peak RSS of the pipeline process sampled during the stage (psutil, every 0.2 s). The last line is exactly::

    docs N total_s T peak_rss_mb M

(T: the five pipeline stages; M: the pipeline process's peak RSS over them.) Run::

    .venv/bin/python benchmarks/scale.py --docs 10000
    .venv/bin/python benchmarks/scale.py --docs 100000
    nice -n 10 .venv/bin/python benchmarks/scale.py --docs 1000000 --bare-n 50000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "clean", "tokenise", "lda", "prevalence")
LDA = dict(n_topics=20, passes=1, iterations=50, chunksize=2000, random_state=0)
VOCAB = dict(no_below=5, no_above=0.5, keep_n=50_000)


# ---------------------------------------------------------------------------------------------- input
def _base(dataset: str | None) -> pd.DataFrame:
    if dataset is None:
        return pd.read_json(ROOT / "corpora/demo/articles_raw.jsonl", lines=True, dtype=False)
    from toolkit.datasets import load_dataset

    table = load_dataset(dataset)
    arts = table.articles if hasattr(table, "articles") else table
    return arts[[c for c in ("doc_id", "outlet", "published", "title", "text", "event_id", "url") if c in arts]]


def build_input(path: Path, n: int, *, dataset: str | None, seed: int = 0, chunk: int = 50_000) -> None:
    """Write ``n`` resampled articles to ``path`` (JSON lines), ``chunk`` at a time."""
    base = _base(dataset).reset_index(drop=True)
    base["published"] = pd.to_datetime(base["published"], utc=True, errors="coerce")
    rng = np.random.default_rng(seed)
    tmp = path.with_name(path.name + ".part")  # renamed when complete: a killed build is never taken as input
    with open(tmp, "w", encoding="utf-8") as fh:
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            idx = rng.integers(0, len(base), size=m)
            rows = base.iloc[idx].reset_index(drop=True)
            draws = np.arange(start, start + m)
            rows["doc_id"] = rows["doc_id"].astype(str) + "~" + pd.Series(draws).astype(str)
            rows["published"] = rows["published"] + pd.to_timedelta(rng.integers(-180, 181, size=m), unit="D")
            rows["published"] = rows["published"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
            text = rows.to_json(orient="records", lines=True, force_ascii=False)
            fh.write(text if text.endswith("\n") else text + "\n")
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------- memory
class PeakRSS:
    """Sample this process's RSS every ``interval`` s in a thread; ``peak_mb`` is the max seen."""

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20


# ---------------------------------------------------------------------------------------------- bare baselines
def _bare(path: str, n: int, batch_size: int, work: str, out) -> None:
    """Time the bare-library version of each stage on the first ``n`` input articles (child process)."""
    warnings.simplefilter("ignore")
    import pyarrow as pa
    import pyarrow.dataset as ds
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel
    from gensim.utils import get_random_state, simple_preprocess

    from toolkit.corpus import clean_articles

    res = {}
    t = time.perf_counter()
    reader = pd.read_json(path, lines=True, chunksize=batch_size, dtype=False, nrows=n)
    target = Path(work) / "bare_store"
    frames = []
    for i, chunk in enumerate(reader):
        frames.append(chunk)
        ds.write_dataset(pa.Table.from_pandas(chunk.astype({"outlet": str}), preserve_index=False), target,
                         format="parquet", partitioning=["outlet"], partitioning_flavor="hive",
                         basename_template=f"b{i}-{{i}}.parquet", existing_data_behavior="overwrite_or_ignore")
    res["ingest"] = time.perf_counter() - t
    table = pd.concat(frames, ignore_index=True)
    table["title"] = table["title"].astype(object)
    t = time.perf_counter()
    cleaned, _ = clean_articles(table)
    res["clean"] = time.perf_counter() - t
    texts = cleaned["text"].astype(str).tolist()
    t = time.perf_counter()
    d = Dictionary()
    raw = [d.doc2bow(simple_preprocess(x), allow_update=True) for x in texts]
    d.filter_extremes(**VOCAB)
    bows = [d.doc2bow(simple_preprocess(x)) for x in texts]
    res["tokenise"] = time.perf_counter() - t
    del raw
    t = time.perf_counter()
    lda = LdaModel(corpus=bows, id2word=d, num_topics=LDA["n_topics"], passes=1, iterations=LDA["iterations"],
                   chunksize=LDA["chunksize"], eval_every=None, random_state=0)
    res["lda"] = time.perf_counter() - t
    t = time.perf_counter()
    lda.random_state = get_random_state(0)
    gamma = np.vstack([lda.inference(bows[s:s + 2000])[0] for s in range(0, len(bows), 2000)])
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    pd.DataFrame(theta).groupby(cleaned["outlet"].astype(str).to_numpy()).mean()
    res["prevalence"] = time.perf_counter() - t
    out.put({"n": len(table), **res})


# ---------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="number of articles N")
    ap.add_argument("--dataset", default=None, help="resample this real dataset (load_dataset name) instead of demo")
    ap.add_argument("--batch-size", type=int, default=10_000)
    ap.add_argument("--bare-n", type=int, default=20_000, help="articles for the bare-library baselines")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare-library baselines")
    ap.add_argument("--workdir", default=None, help="folder for the input and the stores (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")

    from toolkit.store import build_bow, clean_store, counts, fit_lda, ingest, prevalence_by_outlet

    work = Path(args.workdir or tempfile.mkdtemp(prefix="toolkit-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"input-{args.docs}.jsonl"
    t = time.perf_counter()
    if not src.exists():
        build_input(src, args.docs, dataset=args.dataset)
    print(f"input: {args.docs} articles resampled from {args.dataset or 'the demo corpus'} -> {src} "
          f"({src.stat().st_size / 2**20:.0f} MB, {time.perf_counter() - t:.1f} s, not timed)", flush=True)

    bare = None
    if not args.no_bare:
        ctx = mp.get_context("spawn")
        q = ctx.Queue()
        p = ctx.Process(target=_bare, args=(str(src), min(args.bare_n, args.docs), args.batch_size, str(work), q))
        p.start()
        bare = q.get()
        p.join()
        print(f"bare baselines on {bare['n']} articles (separate process): " +
              ", ".join(f"{s} {bare['n'] / bare[s]:.0f} docs/s" for s in STAGES), flush=True)

    for sub in ("raw", "clean", "bow"):
        shutil.rmtree(work / sub, ignore_errors=True)
    results = {}
    peak = 0.0
    n = args.docs

    def run(stage, fn):
        nonlocal peak
        t0 = time.perf_counter()
        with PeakRSS() as mem:
            out = fn()
        dt = time.perf_counter() - t0
        results[stage] = (dt, mem.peak_mb)
        peak = max(peak, mem.peak_mb)
        rate = n / dt
        line = f"stage {stage:<10s} {dt:9.1f} s {rate:9.0f} docs/s"
        if bare:
            b = bare["n"] / bare[stage]
            line += f"  bare {b:9.0f} docs/s  ratio {rate / b:5.2f}"
        line += f"  peak_rss_mb {mem.peak_mb:7.0f}"
        print(line, flush=True)
        return out

    bs = args.batch_size
    c = run("ingest", lambda: ingest(src, work / "raw", batch_size=bs, clean=False, detect_languages=False,
                                     progress=False))
    print(f"  read {c.read} kept {c.kept} quarantined {c.quarantined} batches {c.batches}", flush=True)
    run("clean", lambda: clean_store(work / "raw", work / "clean", batch_size=bs, progress=False))
    bow = run("tokenise", lambda: build_bow(work / "clean", work / "bow", batch_size=bs, progress=False, **VOCAB))
    print(f"  documents {len(bow)} vocabulary {len(bow.dictionary)}", flush=True)
    lda = run("lda", lambda: fit_lda(bow, **LDA))
    prev = run("prevalence", lambda: prevalence_by_outlet(lda, bow, progress=False))
    print(f"  prevalence rows {len(prev)} outlets {prev['group'].nunique()}; kept {counts(work / 'clean').kept}",
          flush=True)
    (work / f"result-{n}.json").write_text(json.dumps({k: {"s": v[0], "peak_rss_mb": v[1]}
                                                       for k, v in results.items()}, indent=1))
    if not args.keep and args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(v[0] for v in results.values())
    print(f"docs {n} total_s {total:.1f} peak_rss_mb {peak:.0f}", flush=True)


if __name__ == "__main__":
    main()
