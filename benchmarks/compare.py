"""Benchmark and calibration of toolkit.compare (a script, not a test).

Speed: prints the toolkit's time next to the bare library call doing the core of the same work, and
their ratio, all measured in one run::

    .venv/bin/python benchmarks/compare.py                # demo corpus + a synthetic 10k-article table
    .venv/bin/python benchmarks/compare.py --n 50000      # a larger synthetic table

* ``keyword_contrast`` vs ``CountVectorizer(analyzer=toolkit.text.words).fit_transform`` on the same texts;
* ``within_event_contrast(method="cluster")`` vs one ``statsmodels`` OLS fit per measure with one dummy per
  event and cluster-robust covariance (what a user would write by hand);
* ``within_event_contrast(method="bootstrap", n_boot=B)`` vs B statsmodels fits with event dummies (timed on
  a few replicates and scaled to B), i.e. the naive bootstrap.

Calibration (``--calibration``): simulates frame indicators from the planted propensities on the demo's
real outlet x event structure (200 originals) for ``--seeds`` seeds and prints, per method, the share of
null pairs (equal planted propensity) whose interval excludes zero at nominal 5 %, and the share of pairs
with a planted gap >= 0.5 recovered with the right sign::

    .venv/bin/python benchmarks/compare.py --calibration --seeds 1000
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import statsmodels.api as sm  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402

from toolkit.compare import keyword_contrast, within_event_contrast  # noqa: E402
from toolkit.datasets import load_demo  # noqa: E402
from toolkit.text import words  # noqa: E402


def _timed(func, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best


def _row(label: str, toolkit_s: float, bare_s: float, bare_label: str) -> None:
    print(f"{label:<46} toolkit {toolkit_s:8.3f} s   {bare_label:<34} {bare_s:8.3f} s   "
          f"ratio {toolkit_s / bare_s:6.2f}", flush=True)


def _demo_originals():
    d = load_demo()
    copies = set(d.tables["wire_copies"]["doc_id"])
    originals = d.articles[~d.articles["doc_id"].isin(copies)].reset_index(drop=True)
    prop = d.tables["frame_propensities"].pivot(index="outlet", columns="frame", values="probability")
    return originals, prop


def _synthetic(n: int, n_events: int, n_outlets: int = 9, n_measures: int = 7, seed: int = 0):
    rng = np.random.default_rng(seed)
    art = pd.DataFrame({"doc_id": [f"s{i:07d}" for i in range(n)],
                        "outlet": [f"Outlet {k}" for k in rng.integers(0, n_outlets, n)],
                        "event_id": [f"e{k:05d}" for k in rng.integers(0, n_events, n)]})
    meas = pd.DataFrame(rng.random((n, n_measures)) < 0.4, columns=[f"m{j}" for j in range(n_measures)]).astype(float)
    meas.insert(0, "doc_id", art["doc_id"])
    return art, meas


def _bare_ols(art: pd.DataFrame, meas: pd.DataFrame, cluster: bool) -> None:
    X = pd.get_dummies(art[["event_id", "outlet"]], drop_first=False, dtype=float)
    X = X.drop(columns=[c for c in X.columns if c.startswith("outlet_")][:1])   # base outlet
    groups = pd.factorize(art["event_id"])[0]
    for col in meas.columns[1:]:
        model = sm.OLS(meas[col].to_numpy(), X.to_numpy())
        model.fit(cov_type="cluster", cov_kwds={"groups": groups}) if cluster else model.fit()


def speed(n: int, n_events: int, n_boot: int) -> None:
    originals, prop = _demo_originals()
    texts = originals["text"].tolist()
    print(f"# keyword_contrast: demo originals ({len(texts)} texts) and the same texts x 20", flush=True)
    for mult in (1, 20):
        art = pd.concat([originals] * mult, ignore_index=True)
        art["doc_id"] = [f"k{i}" for i in range(len(art))]
        t_tk = _timed(lambda: keyword_contrast(art), repeat=3 if mult == 1 else 1)
        t_cv = _timed(lambda: CountVectorizer(analyzer=words).fit_transform(art["text"].tolist()),
                      repeat=3 if mult == 1 else 1)
        _row(f"keyword_contrast, {len(art)} articles", t_tk, t_cv, "CountVectorizer.fit_transform")

    frames = pd.get_dummies(load_demo().tables["frames"].set_index("doc_id")["frame"]).groupby(level=0).max()
    meas = frames.reindex(originals["doc_id"], fill_value=False).astype(float).reset_index()
    datasets = [("demo originals", originals[["doc_id", "outlet", "event_id"]], meas)]
    datasets.append((f"synthetic {n}", *_synthetic(n, n_events)))
    for label, art, m in datasets:
        print(f"# within_event_contrast: {label} ({len(art)} articles, {art['event_id'].nunique()} events, "
              f"{m.shape[1] - 1} measures)", flush=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_tk = _timed(lambda: within_event_contrast(art, m, method="cluster"))
            t_sm = _timed(lambda: _bare_ols(art, m, cluster=True))
            _row("within_event_contrast cluster", t_tk, t_sm, "statsmodels OLS+event dummies")
            t_tk = _timed(lambda: within_event_contrast(art, m, method="bootstrap", n_boot=n_boot))
            reps = 3
            t_one = _timed(lambda: [_bare_ols(art, m, cluster=False) for _ in range(reps)]) / reps
            _row(f"within_event_contrast bootstrap B={n_boot}", t_tk, t_one * n_boot, f"{n_boot} x statsmodels fits")


def calibration(seeds: int, n_boot: int) -> None:
    originals, prop = _demo_originals()
    art = originals[["doc_id", "outlet", "event_id"]]
    P = prop.loc[art["outlet"]].to_numpy(dtype=float)
    frames = list(prop.columns)
    for method, resample in (("cluster", "events+articles"), ("bootstrap", "events+articles"),
                             ("bootstrap", "events")):
        calls = nulls = hits = bigs = 0
        t0 = time.perf_counter()
        for seed in range(seeds):
            rng = np.random.default_rng(seed)
            sim = pd.DataFrame((rng.random(P.shape) < P).astype(float), columns=frames)
            sim.insert(0, "doc_id", art["doc_id"].to_numpy())
            out = within_event_contrast(art, sim, pairwise=True, method=method, n_boot=n_boot,
                                        random_state=seed, resample=resample)
            gap = np.array([prop.loc[g, m] - prop.loc[r, m] for g, r, m in
                            zip(out["group"], out["reference"], out["measure"])])
            called = ((out["ci_low"] > 0) | (out["ci_high"] < 0)).to_numpy()
            null, big = np.isclose(gap, 0), np.abs(gap) >= 0.5
            calls, nulls = calls + called[null].sum(), nulls + null.sum()
            hits += (called & (np.sign(out["estimate"].to_numpy()) == np.sign(gap)))[big].sum()
            bigs += big.sum()
        name = method if method == "cluster" else f"bootstrap ({resample}, B={n_boot})"
        print(f"{name:<40} seeds {seeds}: null pairs {nulls}, called different {calls} -> false-positive rate "
              f"{calls / nulls:.3f} (nominal 0.05); power for gaps >= 0.5: {hits / bigs:.3f}; "
              f"{time.perf_counter() - t0:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="articles in the synthetic within-event table")
    parser.add_argument("--events", type=int, default=300, help="events in the synthetic table")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates for the speed run")
    parser.add_argument("--calibration", action="store_true", help="run the null-calibration simulation instead")
    parser.add_argument("--seeds", type=int, default=1000, help="seeds for --calibration")
    parser.add_argument("--calibration-boot", type=int, default=200, help="bootstrap replicates per seed")
    args = parser.parse_args()
    if args.calibration:
        calibration(args.seeds, args.calibration_boot)
    else:
        speed(args.n, args.events, args.n_boot)


if __name__ == "__main__":
    main()
