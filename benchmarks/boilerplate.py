"""Benchmark: boilerplate left in Article-Bias-Prediction before / after cleaning (a script, not a test).

Prints, for ``article_bias_prediction`` read from ``$TOOLKIT_DATA``:

- the share of articles carrying one of the *named* boilerplate lines (``Advertisement``/
  ``Advertisement:``, ``Story Continued Below``, ``Sign up for Daily Newsletters``, ``CLICK HERE TO
  GET THE FOX NEWS APP``, a CNN/NPR gallery caption ``Hide Caption 3 of 43``) in the raw text,
  after cleaning with the patterns only (``boilerplate=False``) and after the full cleaning
  (patterns + the data-driven ``boilerplate`` step);
- how many lines the data-driven step removed, from how many articles and outlets;
- the wall time of the full cleaning against a bare ``pandas.read_json`` of the same file (ratio);

and writes a seeded random sample of removed lines to a file OUTSIDE the repository (default
``/tmp/abp-boilerplate-sample.tsv``; columns ``doc_id, outlet, n_stories, share, line``) for review by
eye. Never commit that file: it holds text from the corpus::

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/boilerplate.py [--sample 100] [--seed 13]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.corpus import validate  # noqa: E402
from toolkit.corpus.boilerplate import find_boilerplate, line_key  # noqa: E402
from toolkit.corpus.clean import clean_articles  # noqa: E402

NAMED = re.compile(
    r"^\s*(?:advertisement:?|story continued below|sign up for daily newsletters(?: manage newsletters)?|"
    r"click here to get the fox news app\.?)\s*$|hide caption \d+ of \d+",
    re.I | re.M,
)


def share_named(texts: pd.Series) -> float:
    """Share of texts with at least one named boilerplate line."""
    return float(texts.fillna("").map(lambda t: bool(NAMED.search(t))).mean())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=100, help="removed lines to write for review")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", default="/tmp/abp-boilerplate-sample.tsv")
    args = parser.parse_args(argv)
    data = os.environ.get("TOOLKIT_DATA")
    path = Path(data or "", "article_bias_prediction", "articles.jsonl.gz")
    if not data or not path.is_file():
        print(f"needs $TOOLKIT_DATA/article_bias_prediction/articles.jsonl.gz (see corpora/README.md)",
              file=sys.stderr)
        return 2
    if Path(args.out).resolve().is_relative_to(Path(__file__).resolve().parents[1]):
        print(f"--out must be outside the repository (it holds corpus text), found {args.out}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    raw = pd.read_json(path, lines=True, dtype=False)
    bare = time.perf_counter() - t0
    frame = pd.DataFrame({"doc_id": "abp:" + raw["ID"].astype(str), "outlet": raw["source"],
                          "published": raw["date"], "title": raw["title"].fillna(""),
                          "text": raw["content_original"]})
    table = validate(frame, clean=False, detect_languages=False)
    articles = table.articles
    print(f"articles: {len(articles)} (read {table.n_read}, quarantined {len(table.quarantine)})")

    t0 = time.perf_counter()
    patterns_only, _ = clean_articles(articles, detect_languages=False, boilerplate=False)
    t_patterns = time.perf_counter() - t0
    t0 = time.perf_counter()
    full, report = clean_articles(articles, detect_languages=False)
    t_full = time.perf_counter() - t0

    print(f"share with named boilerplate  raw: {share_named(articles['text']):.4f}  "
          f"patterns only: {share_named(patterns_only['text']):.4f}  "
          f"patterns + data-driven: {share_named(full['text']):.4f}")
    removed = report[report["step"] == "boilerplate"]
    outlet_of = dict(zip(articles["doc_id"], articles["outlet"]))
    print(f"data-driven step removed {len(removed)} lines from {removed['doc_id'].nunique()} articles "
          f"of {removed['doc_id'].map(outlet_of).nunique()} outlets")
    print(f"time  bare read_json: {bare:.1f}s  clean (patterns only): {t_patterns:.1f}s  "
          f"clean (full): {t_full:.1f}s  ratio full/bare: {t_full / bare:.1f}  "
          f"full/patterns-only: {t_full / t_patterns:.2f}")

    if len(removed):
        found = find_boilerplate(patterns_only["text"].tolist(), patterns_only["outlet"].tolist())
        stats = found.set_index(["outlet", "line"])
        sample = removed.sample(n=min(args.sample, len(removed)), random_state=args.seed)
        rows = []
        for doc_id, line in zip(sample["doc_id"], sample["removed"]):
            outlet = outlet_of[doc_id]
            s = stats.loc[(outlet, line_key(line))]
            rows.append({"doc_id": doc_id, "outlet": outlet, "n_stories": int(s["n_stories"]),
                         "share": round(float(s["share"]), 4), "line": line})
        pd.DataFrame(rows).to_csv(args.out, sep="\t", index=False)
        print(f"wrote {len(rows)} sampled removals (seed {args.seed}) to {args.out}: review them, never commit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
