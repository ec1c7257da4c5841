"""Event alignment: quality on the gold corpora and speed / memory on the large ones.

Usage (real corpora through $TOOLKIT_DATA)::

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/events.py quality
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/events.py distractors
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/events.py speed --dataset ruwa_headlines
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/events.py speed --dataset article_bias_prediction
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/events.py quality --embeddings   # optional extra
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/events.py speed --dataset ruwa_headlines --embeddings

``quality`` prints BCubed P/R/F1 and ARI with the ONE default parameter set on the demo, BASIL, PAC and
NeuS (its 506 crawled stories with named outlets: the benchmark snippets have neither outlet nor date),
with dates and with dates withheld, on one mixed input (BASIL + PAC + NeuS shuffled, opaque ids), and on
the demo squeezed into a fortnight (its 16 events on consecutive days, 30 % of dates removed). Beside the
scores: the time kernel the aligner chose for that input (``lags``: share of mutual-best-neighbour pairs
published on different days; ``grace`` and ``tau`` in days; see ``toolkit.events.timescale``).

``distractors`` hides a multi-day corpus (the demo, squeezed or not) among same-day-story corpora (NeuS in the
same weeks, or BASIL + PAC + NeuS at their own dates) and prints how well the hidden corpus is still aligned, with
the default (per-article adaptive time kernel) and with ``adaptive_time=False``.

``speed`` aligns a whole corpus and prints wall time and peak RSS, beside the bare-library step it builds
on (scikit-learn ``TfidfVectorizer`` + ``NearestNeighbors(metric="cosine")`` k-NN over the same texts)
as a ratio measured in the same run. The toolkit runs first, so its peak RSS is its own.

``--embeddings`` (needs the optional extra) switches on ``EventAligner(embeddings=True)``: ``quality`` then
prints the scores with the option beside the default's F1 (``F1 off``); ``speed`` first embeds the corpus
(the one-off encoding, cached on disk, timed on its own), then times the alignment from the warm cache.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import time

import numpy as np
import pandas as pd

from toolkit.datasets import load_dataset, load_demo
from toolkit.events import EventAligner, bcubed, score_alignment


def gold_sets() -> dict[str, pd.DataFrame]:
    neus = load_dataset("neus_allsides").articles
    return {
        "demo": load_demo().articles,
        "basil": load_dataset("basil").articles,
        "pac": load_dataset("pac_partisan_events").articles,
        "neus": neus[neus["collection"] == "crawled"],
    }


def _score(articles: pd.DataFrame, **params) -> dict:
    aligner = EventAligner(**params).fit(articles)
    pred = pd.DataFrame({"doc_id": articles["doc_id"].to_numpy(), "event": aligner.labels_.astype(str)})
    share = aligner.lag_share_
    return {**score_alignment(pred, articles), "kernel": f"{'-' if share is None else f'{share:.2f}':>5s} "
            f"{aligner.grace_days_:5.2f} {aligner.tau_days_:5.2f}"}


def mixed(sets: dict[str, pd.DataFrame], seed: int = 0) -> pd.DataFrame:
    parts = []
    for name in ("basil", "pac", "neus"):
        part = sets[name].copy()
        part["event_id"] = name + ":" + part["event_id"].astype(str)
        parts.append(part)
    allx = pd.concat(parts, ignore_index=True).sample(frac=1.0, random_state=seed).reset_index(drop=True)
    allx["doc_id"] = [hashlib.sha1(f"{seed}:{i}".encode()).hexdigest()[:12] for i in range(len(allx))]
    return allx


def squeezed_demo(spacing_days: float = 1.0, undated: float = 0.3, seed: int = 0) -> pd.DataFrame:
    """The demo with its 16 events moved to consecutive days (each article keeps its offset from its
    event's day) and a share of dates removed: thematically close events inside one fortnight."""
    from toolkit.datasets.demo import DEMO_DIR

    demo = load_demo().articles.copy()
    day0 = pd.to_datetime(pd.read_csv(DEMO_DIR / "events.csv").set_index("event_id")["date"], utc=True)
    new = pd.Timestamp("2024-03-01", tz="UTC") + pd.to_timedelta(np.arange(len(day0)) * spacing_days, unit="D")
    shift = dict(zip(day0.index, new - pd.DatetimeIndex(day0)))
    demo["published"] = demo["published"] + demo["event_id"].map(shift)
    drop = np.random.default_rng(seed).random(len(demo)) < undated
    demo.loc[drop, "published"] = pd.NaT
    return demo


def quality(embeddings: bool = False) -> None:
    sets = gold_sets()
    print(f"{'corpus':24s} {'n':>6s} {'P':>7s} {'R':>7s} {'F1':>7s} {'ARI':>7s} {'s':>6s} {'lags':>5s} {'grace':>5s} {'tau':>5s}"
          + (f" {'F1 off':>7s}" if embeddings else ""))
    runs = [(name, a) for name, a in sets.items()]
    runs += [(f"{name} (no dates)", a.assign(published=pd.NaT)) for name, a in sets.items() if name != "demo"]
    runs += [("mixed basil+pac+neus", mixed(sets))]
    runs += [("demo squeezed, 30% undated", squeezed_demo()), ("demo squeezed, half-day", squeezed_demo(0.5, 0.0))]
    for name, a in runs:
        t = time.perf_counter()
        r = _score(a, embeddings=embeddings)
        took = time.perf_counter() - t
        off = f" {_score(a)['bcubed_f1']:7.4f}" if embeddings else ""
        print(f"{name:24s} {len(a):6d} {r['bcubed_precision']:7.4f} {r['bcubed_recall']:7.4f} "
              f"{r['bcubed_f1']:7.4f} {r['ari']:7.4f} {took:6.1f} {r['kernel']}{off}", flush=True)


def hidden(target: pd.DataFrame, distractors: list[pd.DataFrame], seed: int = 0) -> pd.DataFrame:
    """``target`` (event ids prefixed ``target:``) shuffled among distractor corpora, opaque ids."""
    parts = [target.assign(event_id="target:" + target["event_id"].astype(str))]
    parts += [d.assign(event_id=f"d{i}:" + d["event_id"].astype(str)) for i, d in enumerate(distractors)]
    allx = pd.concat(parts, ignore_index=True).sample(frac=1.0, random_state=seed).reset_index(drop=True)
    allx["doc_id"] = [hashlib.sha1(f"{seed}:{i}".encode()).hexdigest()[:12] for i in range(len(allx))]
    return allx


def distractors() -> None:
    """A multi-day corpus hidden among same-day-story corpora: is it still aligned?

    Targets: the demo, and the demo squeezed into a fortnight (30 % undated; half-day spacing). Distractors:
    NeuS (same-day stories) moved into the target's weeks; NeuS at its own dates; BASIL + PAC + NeuS at their
    own dates. Prints the BCubed F1 of the target's articles (the clustering restricted to them) and of the whole
    input, with the default aligner and with ``adaptive_time=False``.
    """
    sets = gold_sets()
    neus = sets["neus"]
    neus_start = pd.to_datetime(neus["published"], utc=True).min()
    print(f"{'target':10s} {'distractors':26s} {'target F1':>9s} {'all F1':>7s} {'fixed: target':>13s} {'all':>6s}")
    for tname, target in (("demo", sets["demo"]), ("sq 30%", squeezed_demo()), ("sq half", squeezed_demo(0.5, 0.0))):
        t_pub = pd.to_datetime(target["published"], utc=True)
        moved = target.assign(published=t_pub + ((neus_start + pd.Timedelta(days=60)) - t_pub.min()))
        for dname, t, dis in (("NeuS, same weeks", moved, [neus]), ("NeuS, own dates", target, [neus]),
                              ("BASIL+PAC+NeuS, own dates", target, [sets["basil"], sets["pac"], neus])):
            a = hidden(t, dis)
            is_t = a["event_id"].str.startswith("target:").to_numpy()
            gold = a["event_id"].to_numpy()
            row = []
            for params in ({}, {"adaptive_time": False}):
                lab = EventAligner(**params).fit(a).labels_
                row += [bcubed(lab[is_t], gold[is_t])[2], bcubed(lab, gold)[2]]
            print(f"{tname:10s} {dname:26s} {row[0]:9.4f} {row[1]:7.4f} {row[2]:13.4f} {row[3]:6.4f}", flush=True)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speed(dataset: str, k: int = 30, embeddings: bool = False) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    articles = load_dataset(dataset).articles
    print(f"{dataset}: {len(articles)} articles; peak RSS after load {_peak_mb():.0f} MB", flush=True)
    if embeddings:
        from toolkit.embeddings import SentenceEmbedder
        from toolkit.events.features import embedding_documents

        t = time.perf_counter()
        emb = SentenceEmbedder().fit()
        emb.transform(embedding_documents(articles, lead_words=EventAligner().lead_words))
        print(f"one-off encoding (title + lead): {time.perf_counter() - t:.1f} s, {emb.n_computed_} texts embedded, "
              f"{emb.n_cached_} from the disk cache; peak RSS {_peak_mb():.0f} MB", flush=True)
    t = time.perf_counter()
    aligner = EventAligner(progress=True, embeddings=embeddings).fit(articles)
    took = time.perf_counter() - t
    sizes = np.bincount(aligner.labels_)
    print(f"EventAligner: {took:.1f} s ({len(articles) / took:.0f} articles/s); {aligner.n_events_} events, "
          f"{int((sizes > 1).sum())} with 2+ articles; candidate pairs {aligner.n_edges_}; "
          f"peak RSS {_peak_mb():.0f} MB")
    t = time.perf_counter()
    texts = (articles["title"].fillna("") + "\n" + articles["text"].fillna("")).tolist()
    X = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    NearestNeighbors(n_neighbors=min(k, len(texts) - 1), metric="cosine", algorithm="brute").fit(X).kneighbors(X)
    bare = time.perf_counter() - t
    print(f"bare TfidfVectorizer + NearestNeighbors k-NN: {bare:.1f} s; peak RSS {_peak_mb():.0f} MB "
          "(measured after the toolkit run, so the toolkit's peak above is its own)", flush=True)
    print(f"ratio toolkit / bare k-NN: {took / bare:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    q = sub.add_parser("quality")
    sub.add_parser("distractors", help="a multi-day corpus hidden among same-day-story corpora")
    sp = sub.add_parser("speed")
    sp.add_argument("--dataset", default="ruwa_headlines")
    for p in (q, sp):
        p.add_argument("--embeddings", action="store_true",
                       help="EventAligner(embeddings=True): blend MiniLM similarity in (optional extra)")
    args = parser.parse_args()
    if args.what == "quality":
        quality(args.embeddings)
    elif args.what == "distractors":
        distractors()
    else:
        speed(args.dataset, embeddings=args.embeddings)


if __name__ == "__main__":
    main()
