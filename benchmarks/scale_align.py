"""Scale benchmark for event alignment: ``toolkit.store.align_store`` (streamed) vs ``align_events`` (in memory).

Input: N articles resampled from the demo corpus as in ``benchmarks/scale.py`` (``build_input``: seeded draws with
replacement, distinct doc_ids, dates shifted by -180…180 days, so about 8 % of the corpus falls in any article's
±14-day window), ingested once into a Parquet store (``toolkit.store.ingest``, ``clean=False``; not timed).

Both aligners run in their own child process (each process's peak RSS is sampled every 0.2 s with psutil, from
its start, imports included):

    streamed   toolkit.store.align_store(store): order → sort → vocabulary → features → candidates → cluster
    in memory  toolkit.store.read_store(store) then toolkit.events.align_events(table)

Printed: per stage of the streamed aligner, docs/s; the totals of both and their ratio (in-memory time / streamed
time: < 1 means the streamed path is slower); each peak RSS (and the streamed aligner's per stage); whether the two
partitions are identical. The last line is exactly ``docs N total_s T peak_rss_mb M`` (T, M: the streamed
aligner). Run::

    nice -n 10 .venv/bin/python benchmarks/scale_align.py --docs 10000
    nice -n 10 .venv/bin/python benchmarks/scale_align.py --docs 100000 [--no-memory]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import PeakRSS, build_input  # noqa: E402

STAGES = ("order", "sort", "vocabulary", "features", "candidates", "cluster")


class TracedRSS(PeakRSS):
    """:class:`PeakRSS` that also keeps every sample ``(time, rss)``, to find each stage's peak."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(interval)
        self.samples: list[tuple[float, int]] = []

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            rss = self.proc.memory_info().rss
            self.samples.append((time.perf_counter(), rss))
            self.peak = max(self.peak, rss)

    def peak_between(self, t0: float, t1: float) -> float:
        inside = [r for t, r in self.samples if t0 <= t <= t1 + self.interval]
        return max(inside) / 2**20 if inside else float("nan")


def _streamed(store: str, work: str, batch_size: int, out) -> None:
    warnings.simplefilter("ignore")
    with TracedRSS() as rss:
        from toolkit.store import align_store

        t = time.perf_counter()
        events = align_store(store, batch_size=batch_size, workdir=work, output=Path(work) / "streamed.parquet",
                             progress=False)
        total = time.perf_counter() - t
    meta = json.loads((Path(work) / "candidates" / "meta.json").read_text())
    seconds = dict(meta["seconds"])
    seconds["cluster"] = total - sum(seconds.values())  # dedupe, background correction, average linkage, output
    stage_rss, t0 = {}, t
    for stage in STAGES:
        stage_rss[stage] = rss.peak_between(t0, t0 + seconds[stage])
        t0 += seconds[stage]
    out.put({"total": total, "rss": rss.peak_mb, "seconds": seconds, "stage_rss": stage_rss, "n": len(events),
             "n_edges": meta["n_edges"], "n_events": int(events["event"].nunique())})


def _in_memory(store: str, work: str, out) -> None:
    warnings.simplefilter("ignore")
    with PeakRSS() as rss:
        from toolkit.events import align_events
        from toolkit.store import read_store

        t = time.perf_counter()
        table = read_store(store)
        read = time.perf_counter() - t
        events = align_events(table)
        total = time.perf_counter() - t
    events.to_parquet(Path(work) / "memory.parquet")
    out.put({"total": total, "read": read, "rss": rss.peak_mb, "n": len(events)})


def _run(target, *args):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    res = q.get()
    p.join()
    return res


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="number of articles N")
    ap.add_argument("--batch-size", type=int, default=10_000)
    ap.add_argument("--no-memory", action="store_true", help="skip the in-memory aligner")
    ap.add_argument("--workdir", default=None, help="folder for the input and the store (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    import pandas as pd

    from toolkit.store import ingest

    work = Path(args.workdir or tempfile.mkdtemp(prefix="toolkit-scale-align-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"input-{args.docs}.jsonl"
    store = work / f"store-{args.docs}"
    t = time.perf_counter()
    if not src.exists():
        build_input(src, args.docs, dataset=None)
    if not (store / "manifest.json").exists():
        ingest(src, store, batch_size=args.batch_size, clean=False, detect_languages=False, progress=False)
    print(f"input: {args.docs} articles resampled from the demo corpus, ingested into {store} "
          f"({time.perf_counter() - t:.1f} s, not timed)", flush=True)
    try:
        s = _run(_streamed, str(store), str(work), args.batch_size)
        n = s["n"]
        print(f"streamed  align_store: {n} articles, {s['n_edges']} directed candidate edges, {s['n_events']} events")
        for stage in STAGES:
            sec = s["seconds"][stage]
            print(f"  {stage:<11} {sec:8.1f} s  {n / max(sec, 1e-9):10.0f} docs/s  "
                  f"peak_rss_mb {s['stage_rss'][stage]:.0f}")
        print(f"  total       {s['total']:8.1f} s  {n / s['total']:10.0f} docs/s  peak_rss_mb {s['rss']:.0f}")
        if not args.no_memory:
            m = _run(_in_memory, str(store), str(work))
            print(f"in memory read_store + align_events: {m['total']:.1f} s ({m['n'] / m['total']:.0f} docs/s; "
                  f"read {m['read']:.1f} s)  peak_rss_mb {m['rss']:.0f}")
            print(f"ratio (in-memory time / streamed time) {m['total'] / s['total']:.2f}   "
                  f"peak RSS streamed / in-memory {s['rss'] / m['rss']:.2f}")
            same = pd.read_parquet(work / "streamed.parquet").equals(pd.read_parquet(work / "memory.parquet"))
            print(f"identical partitions: {same}")
        print(f"docs {n} total_s {s['total']:.1f} peak_rss_mb {s['rss']:.0f}")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
