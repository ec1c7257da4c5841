"""Benchmark of toolkit.corpus.dedup (a script, not a test).

Times :func:`toolkit.corpus.dedup.find_near_duplicates` on N synthetic long documents against a
bare datasketch loop doing the same work (word 5-shingles, one ``MinHash`` per document with
datasketch's default SHA-1 hashing, ``MinHashLSH`` insert, then a query per document), and prints
both times and their ratio::

    .venv/bin/python benchmarks/dedup.py --n 5000

With ``--abp`` it also runs the wire-copy detector on the Article-Bias-Prediction corpus
(``$TOOLKIT_DATA/article_bias_prediction/articles.jsonl.gz``) and prints the number of pairs,
groups and wire copies and the top outlet pairs::

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/dedup.py --abp
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.corpus.dedup import find_near_duplicates, flag_wire_copies, wire_copy_report  # noqa: E402


def synthetic_corpus(n: int, words: int = 800, copy_share: float = 0.1, seed: int = 0) -> pd.DataFrame:
    """``n`` long documents of ~``words`` words from a Zipf-like fictional vocabulary.

    A ``copy_share`` of them are edited copies (one 40-word passage dropped, a credit line added)
    of another document from a different outlet.
    """
    rng = np.random.default_rng(seed)
    syll = ["ka", "lo", "mer", "ta", "vin", "so", "dra", "el", "qu", "ost", "ni", "bar", "ru", "fen"]
    vocab = np.array(["".join(rng.choice(syll, size=rng.integers(1, 4))) + str(i % 7) for i in range(20000)])
    p = 1.0 / np.arange(1, len(vocab) + 1)
    p /= p.sum()
    texts = []
    n_orig = n - int(n * copy_share)
    for _ in range(n_orig):
        texts.append(" ".join(vocab[rng.choice(len(vocab), size=int(rng.integers(words // 2, words * 3 // 2)), p=p)]))
    for _ in range(n - n_orig):
        src = texts[int(rng.integers(0, n_orig))].split()
        cut = int(rng.integers(0, max(1, len(src) - 40)))
        texts.append(" ".join(src[:cut] + src[cut + 40:]) + " Reporting by Meridian Wire.")
    outlets = [f"Outlet {i % 25:02d}" for i in range(n)]
    return pd.DataFrame({
        "doc_id": [f"s{i:06d}" for i in range(n)],
        "outlet": outlets,
        "published": pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(np.arange(n), unit="min"),
        "title": "",
        "text": texts,
    })


def bare_datasketch(texts, threshold=0.5, num_perm=128, k=5) -> set[tuple[int, int]]:
    """The textbook datasketch loop: shingles -> MinHash.update_batch -> LSH insert, then query."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sketches = []
    for i, text in enumerate(texts):
        w = text.lower().split()
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch({" ".join(w[j:j + k]).encode("utf-8") for j in range(max(1, len(w) - k + 1))})
        lsh.insert(i, m)
        sketches.append(m)
    return {(i, j) for i, m in enumerate(sketches) for j in lsh.query(m) if j > i}


def run_synthetic(n: int) -> None:
    articles = synthetic_corpus(n)
    words = articles["text"].str.count(" ").mean() + 1
    print(f"synthetic corpus: {n} documents, {words:.0f} words on average")
    t0 = time.perf_counter()
    pairs = find_near_duplicates(articles, cross_outlet_only=False, progress=False)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    cand = bare_datasketch(articles["text"].tolist())
    t_bare = time.perf_counter() - t0
    print(f"find_near_duplicates : {t_ours:8.2f} s  ({len(pairs)} verified pairs)")
    print(f"bare datasketch loop : {t_bare:8.2f} s  ({len(cand)} unverified LSH candidates)")
    print(f"speed-up (bare / find_near_duplicates): {t_bare / t_ours:.2f}x")


def load_abp(data: Path) -> pd.DataFrame:
    raw = pd.read_json(data / "article_bias_prediction" / "articles.jsonl.gz", lines=True,
                       compression="gzip", dtype=False)
    return pd.DataFrame({
        "doc_id": raw["ID"].astype(str),
        "outlet": raw["source"].astype(str),
        "published": pd.to_datetime(raw["date"], utc=True, errors="coerce"),
        "title": raw["title"].fillna(""),
        "text": raw["content_original"].fillna(""),
        "lean": raw["bias_text"],
    })


def run_abp(threshold: float) -> None:
    data = os.environ.get("TOOLKIT_DATA")
    path = Path(data or "") / "article_bias_prediction" / "articles.jsonl.gz"
    if not data or not path.exists():
        sys.exit(f"--abp needs TOOLKIT_DATA pointing at a folder with {path.relative_to(data or '.')}; "
                 f"TOOLKIT_DATA={data!r}")
    t0 = time.perf_counter()
    articles = load_abp(Path(data))
    t_load = time.perf_counter() - t0
    print(f"\nABP: {len(articles)} articles, {articles['outlet'].nunique()} outlets (loaded in {t_load:.1f} s)")
    t0 = time.perf_counter()
    pairs = find_near_duplicates(articles, threshold=threshold, progress=None)
    t_pairs = time.perf_counter() - t0
    t0 = time.perf_counter()
    flagged = flag_wire_copies(articles, pairs)
    report = wire_copy_report(flagged)
    t_flag = time.perf_counter() - t0
    print(f"find_near_duplicates (threshold={threshold}): {t_pairs:.1f} s; flag + report: {t_flag:.1f} s")
    print(f"pairs: {len(pairs)}  groups: {flagged['dup_group'].nunique()}  "
          f"articles in groups: {int(flagged['dup_group'].notna().sum())}  "
          f"wire copies: {int(flagged['is_wire_copy'].sum())}")
    if len(pairs):
        print(f"pair similarity: median {pairs['similarity'].median():.3f}, "
              f"share >= 0.9: {(pairs['similarity'] >= 0.9).mean():.2f}")
    with pd.option_context("display.width", 200, "display.max_colwidth", 40):
        print("top outlet pairs:")
        print(report.head(15).to_string(index=False))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="synthetic documents (default 5000)")
    ap.add_argument("--abp", action="store_true", help="also run on $TOOLKIT_DATA's Article-Bias-Prediction corpus")
    ap.add_argument("--skip-synthetic", action="store_true", help="only the --abp run")
    ap.add_argument("--threshold", type=float, default=0.5, help="similarity threshold for --abp (default 0.5)")
    args = ap.parse_args(argv)
    if not args.skip_synthetic:
        run_synthetic(args.n)
    if args.abp:
        run_abp(args.threshold)


if __name__ == "__main__":
    main()
