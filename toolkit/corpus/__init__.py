"""Corpus layer: the canonical article table, readers with quarantine, cleaning, writers.

>>> from toolkit.corpus import read
>>> articles, quarantine = read("corpora/demo/bad_rows.csv")   # doctest: +SKIP
"""

from .clean import STEPS, CleanResult, clean_articles, clean_text, clean_title, detect_language
from .folders import read_html_folder, read_txt_folder
from .outlets import canonical_outlets, load_outlet_registry, outlet_report
from .readers import read, read_csv, read_jsonl, read_parquet
from .schema import (
    CANONICAL_COLUMNS,
    OPTIONAL_COLUMNS,
    QUARANTINE_COLUMNS,
    REQUIRED_COLUMNS,
    CorpusError,
)
from .validate import REASONS, CorpusTable, validate
from .writers import write_jsonl, write_parquet

__all__ = [
    "CANONICAL_COLUMNS", "OPTIONAL_COLUMNS", "QUARANTINE_COLUMNS", "REQUIRED_COLUMNS", "REASONS", "STEPS",
    "CleanResult", "CorpusError", "CorpusTable", "canonical_outlets", "clean_articles", "clean_text", "clean_title",
    "detect_language", "load_outlet_registry", "outlet_report", "read",
    "read_csv", "read_html_folder", "read_jsonl", "read_parquet", "read_txt_folder", "validate",
    "write_jsonl", "write_parquet",
]
