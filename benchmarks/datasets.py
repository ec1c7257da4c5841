"""Benchmark: loading a real corpus through the registry vs a bare pandas read (a script, not a test).

Prints, in one run, for one dataset (default Article-Bias-Prediction, the largest):

- ``bare``: ``pandas.read_json(lines=True)`` of the same file(s), no validation, no cleaning;
- ``cold``: ``load_dataset`` with an empty cache (sha256 check, adapter, validation, cleaning,
  Parquet cache write);
- ``warm``: ``load_dataset`` again (sha256 memo hit, Parquet read);

and the ratios cold/bare and warm/bare::

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/datasets.py [--name NAME]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.datasets import load_dataset  # noqa: E402
from toolkit.datasets.cards import load_card  # noqa: E402


def bare_read(root: Path, name: str) -> int:
    """Read the dataset's main data files with plain pandas; return the rows read."""
    rows = 0
    for f in load_card(name).files:
        p = root / f.path
        if p.name.endswith((".jsonl", ".jsonl.gz")):
            rows += len(pd.read_json(p, lines=True))
        elif p.suffix == ".csv":
            rows += len(pd.read_csv(p))
    return rows


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--name", default="article_bias_prediction")
    args = parser.parse_args(argv)
    data = os.environ.get("TOOLKIT_DATA")
    if not data or not Path(data, args.name).is_dir():
        print(f"needs $TOOLKIT_DATA/{args.name}/ (see corpora/README.md)", file=sys.stderr)
        return 2
    rows, bare = timed(lambda: bare_read(Path(data, args.name), args.name))
    with tempfile.TemporaryDirectory() as cache:
        ds, cold = timed(lambda: load_dataset(args.name, data_dir=data, cache_dir=cache))
        ds2, warm = timed(lambda: load_dataset(args.name, data_dir=data, cache_dir=cache))
    assert len(ds.articles) == len(ds2.articles)
    print(f"dataset {args.name}: {rows} rows in the source files; {ds.n_read} read, {len(ds.articles)} kept, "
          f"{len(ds.quarantine)} quarantined")
    print(f"bare pandas read    {bare:8.2f} s   1.00x")
    print(f"load_dataset cold   {cold:8.2f} s   {cold / bare:6.2f}x  (verify + adapter + validate + clean + Parquet write)")
    print(f"load_dataset warm   {warm:8.2f} s   {warm / bare:6.2f}x  (Parquet cache)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
