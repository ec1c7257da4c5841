"""Writers: the canonical table to Parquet and JSON lines (readable back by the readers)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .schema import CorpusError, REQUIRED_COLUMNS


def _check(articles: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in articles]
    if missing:
        raise CorpusError(f"cannot write: the table lacks canonical column(s) {missing}; "
                          f"found {list(articles.columns)}. Pass it through toolkit.corpus.validate first.")


def write_parquet(articles: pd.DataFrame, path: str | Path) -> Path:
    """Write a canonical table to Parquet (zstd-compressed, no index). Returns the path."""
    _check(articles)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    articles.to_parquet(path, index=False, compression="zstd")
    return path


def _jsonable(value):
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ") if value.tzinfo else value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def write_jsonl(articles: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as JSON lines, one object per row, keys in column order, dates as ISO 8601 UTC.

    Byte-stable: the same table always gives the same file.
    """
    _check(articles)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = list(articles.columns)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in articles.itertuples(index=False, name=None):
            fh.write(json.dumps({c: _jsonable(v) for c, v in zip(cols, row)}, ensure_ascii=False) + "\n")
    return path
