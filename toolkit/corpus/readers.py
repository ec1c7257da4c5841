"""Readers: files → canonical article table + quarantine.

Every reader returns a :class:`~toolkit.corpus.validate.CorpusTable` (unpacks as
``articles, quarantine``). Problems that spoil one row become quarantine rows naming the
file, the line (physical line number; for CSV the header is line 1) and the reason; problems
that spoil the whole file raise :class:`~toolkit.corpus.schema.CorpusError`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .schema import LINE_COL, SOURCE_COL, CorpusError, check_columns, empty_articles, quarantine_frame
from .validate import CorpusTable, validate

FORMATS = ("csv", "jsonl", "parquet", "txt", "html")
UNDECODABLE = "undecodable bytes (not valid {encoding})"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _check_file(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise CorpusError(
            f"{path}: file does not exist. Expected a corpus file; check the path "
            f"(working directory is {Path.cwd()})."
        )
    if path.is_dir():
        raise CorpusError(f"{path}: is a folder. Use read_txt_folder / read_html_folder for folders of documents.")
    if path.stat().st_size == 0:
        raise CorpusError(f"{path}: file is empty (0 bytes). Expected at least a header or one record.")
    return path


def _finish(
    records: pd.DataFrame,
    parse_q: list[dict],
    *,
    source: str,
    columns: Mapping[str, str] | None,
    **kwargs,
) -> CorpusTable:
    if columns:
        records = records.rename(columns=dict(columns))
    if len(records) == 0 and not parse_q:
        raise CorpusError(f"{source}: no records found. Expected at least one article.")
    if len(records):
        check_columns(records, source=source)
        table = validate(records, source=source, **kwargs)
    else:
        table = CorpusTable(empty_articles(), quarantine_frame([]), n_read=0)
    return table.with_failures(parse_q)


_SURROGATE = re.compile("[\udc80-\udcff]")  # bytes that did not decode (errors="surrogateescape")


def parse_failure(source: str, line: int | None, reason: str, raw: str = "") -> dict:
    """A quarantine row for input that could not even be parsed into a record."""
    return {"source": source, "line": line, "doc_id": None, "field": None, "reason": reason, "raw": raw[:500]}


def read_csv_records(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    required: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, list[dict]]:
    """Parse a CSV file (header row first) into string records with provenance; no validation.

    The building block of :func:`read_csv`, also used by dataset adapters whose files are not in
    canonical form.

    Parameters
    ----------
    path : str or Path
    encoding : str, default "utf-8"
        Records holding bytes that do not decode are returned as parse failures.
    delimiter : str, default ","
    required : tuple of str
        Header names the file must have (:class:`CorpusError` otherwise).

    Returns
    -------
    records : DataFrame
        The file's columns as strings (empty fields as ``""``) plus ``_source``, ``_line``
        (physical line where the record starts; the header is line 1) and ``_record`` (0-based
        position among all records, readable or not). Blank lines are not records.
    failures : list of dict
        Quarantine rows (see :func:`parse_failure`) for malformed records, records with the wrong
        number of fields and records with undecodable bytes.
    """
    path = _check_file(path)
    source = str(path)
    text = path.read_bytes().decode(encoding, errors="surrogateescape").removeprefix("\ufeff")
    has_surrogates = _SURROGATE.search(text) is not None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise CorpusError(f"{source}: missing column(s) {missing}. Expected {list(required)}; found {header}.")
    rows, lines, ordinals, failures = [], [], [], []
    end, ordinal = reader.line_num, 0
    while True:
        start = end + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            failures.append(parse_failure(source, start, f"malformed CSV: {exc}"))
            end, ordinal = reader.line_num, ordinal + 1
            continue
        end = reader.line_num
        if not rec or all(not f.strip() for f in rec):
            continue  # blank line: not a record
        raw = delimiter.join(rec)
        if has_surrogates and _SURROGATE.search(raw):
            failures.append(parse_failure(source, start, UNDECODABLE.format(encoding=encoding),
                                          raw.encode(encoding, "surrogateescape").decode(encoding, "replace")))
        elif len(rec) != len(header):
            failures.append(parse_failure(
                source, start, f"wrong number of fields: expected {len(header)}, found {len(rec)}", raw))
        else:
            rows.append(rec)
            lines.append(start)
            ordinals.append(ordinal)
        ordinal += 1
    frame = pd.DataFrame(rows, columns=header, dtype="string") if rows else pd.DataFrame(columns=header, dtype="string")
    frame[SOURCE_COL] = source
    frame[LINE_COL] = lines
    frame["_record"] = ordinals
    return frame, failures


def read_jsonl_records(path: str | Path, *, encoding: str = "utf-8") -> tuple[list[dict], list[dict]]:
    """Parse a JSON-lines file (``.gz`` decompressed) into dict records with ``_source``/``_line``.

    Returns ``(records, failures)``: failures are quarantine rows for lines that do not decode,
    are not JSON (``truncated JSON`` when the line ends mid-value) or are not JSON objects.
    Blank lines are not records.
    """
    path = _check_file(path)
    source = str(path)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    records, failures = [], []
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            failures.append(parse_failure(source, lineno, UNDECODABLE.format(encoding=encoding)
                                          + f" at byte {exc.start}", raw.decode(encoding, "replace")))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            truncated = exc.pos >= len(line.rstrip()) - 1 or "Unterminated" in exc.msg
            kind = "truncated JSON" if truncated else "invalid JSON"
            failures.append(parse_failure(source, lineno, f"{kind}: {exc.msg} at column {exc.colno}", line))
            continue
        if not isinstance(obj, dict):
            failures.append(parse_failure(source, lineno, f"not a JSON object (found {type(obj).__name__})", line))
            continue
        obj[SOURCE_COL], obj[LINE_COL] = source, lineno
        records.append(obj)
    return records, failures


def read_csv(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    delimiter: str = ",",
    **kwargs,
) -> CorpusTable:
    """Read a CSV file of articles (header row required).

    Parameters
    ----------
    path : str or Path
        The CSV file.
    columns : mapping, optional
        Renames applied before validation, e.g. ``{"body": "text", "source": "outlet"}``.
    encoding : str, default "utf-8"
        Text encoding. Rows with bytes that do not decode are quarantined (reason names the
        encoding); pass e.g. ``encoding="cp1252"`` for legacy files.
    delimiter : str, default ","
        Field separator (``"\\t"`` for TSV).
    **kwargs
        Passed to :func:`~toolkit.corpus.validate.validate` (``clean``, ``detect_languages``).

    Returns
    -------
    CorpusTable
    """
    frame, failures = read_csv_records(path, encoding=encoding, delimiter=delimiter)
    frame = frame.drop(columns="_record").replace("", pd.NA)
    if columns:
        frame = frame.rename(columns=dict(columns))
    check_columns(frame, source=str(path))
    return _finish(frame, failures, source=str(path), columns=None, **kwargs)


def read_jsonl(
    path: str | Path, *, columns: Mapping[str, str] | None = None, encoding: str = "utf-8", **kwargs
) -> CorpusTable:
    """Read a JSON-lines file (one JSON object per line; ``.gz`` is decompressed).

    Invalid or truncated JSON, lines that are not objects and lines with undecodable bytes
    are quarantined with their line number. Blank lines are not records and are skipped.

    Parameters
    ----------
    path : str or Path
        The ``.jsonl`` (or ``.jsonl.gz``) file.
    columns : mapping, optional
        Renames applied before validation.
    encoding : str, default "utf-8"
    **kwargs
        Passed to :func:`~toolkit.corpus.validate.validate`.
    """
    records, failures = read_jsonl_records(path, encoding=encoding)
    source = str(path)
    if not records and not failures:
        raise CorpusError(f"{source}: no JSON records (only blank lines). Expected one JSON object per line.")
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(
        columns=["doc_id", "outlet", "text", SOURCE_COL, LINE_COL])
    return _finish(frame, failures, source=source, columns=columns, **kwargs)


def read_parquet(path: str | Path, *, columns: Mapping[str, str] | None = None, **kwargs) -> CorpusTable:
    """Read a Parquet file of articles; ``line`` in quarantine rows is the 1-based row number."""
    path = _check_file(path)
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types
        raise CorpusError(f"{path}: not a readable Parquet file ({exc}). Expected a Parquet table.") from exc
    frame[SOURCE_COL] = str(path)
    frame[LINE_COL] = range(1, len(frame) + 1)
    return _finish(frame, [], source=str(path), columns=columns, **kwargs)


def read(path: str | Path, *, format: str | None = None, **kwargs) -> CorpusTable:
    """Read a corpus file or folder, choosing the reader by ``format`` or by the file name.

    Parameters
    ----------
    path : str or Path
        A ``.csv``/``.tsv``, ``.jsonl``/``.jsonl.gz``/``.ndjson``, ``.parquet`` file, or a folder
        of ``.txt`` or ``.html`` documents.
    format : {"csv", "jsonl", "parquet", "txt", "html"}, optional
        Overrides the guess from the file name.
    """
    from .folders import read_html_folder, read_txt_folder

    p = Path(path)
    fmt = format or _guess_format(p)
    if fmt == "csv":
        if p.suffix == ".tsv":
            kwargs.setdefault("delimiter", "\t")
        return read_csv(p, **kwargs)
    if fmt == "jsonl":
        return read_jsonl(p, **kwargs)
    if fmt == "parquet":
        return read_parquet(p, **kwargs)
    if fmt == "txt":
        return read_txt_folder(p, **kwargs)
    if fmt == "html":
        return read_html_folder(p, **kwargs)
    raise CorpusError(f"{path}: unknown format {fmt!r}. Expected one of {FORMATS}.")


def _guess_format(p: Path) -> str:
    name = p.name.lower()
    if p.is_dir():
        if any(p.glob("*.htm*")):
            return "html"
        return "txt"
    for suffixes, fmt in (((".csv", ".tsv"), "csv"), ((".jsonl", ".jsonl.gz", ".ndjson", ".json"), "jsonl"),
                          ((".parquet", ".pq"), "parquet")):
        if name.endswith(suffixes):
            return fmt
    if not p.exists():
        _check_file(p)
    raise CorpusError(
        f"{p}: cannot tell the format from the file name. Expected a name ending in .csv, .tsv, .jsonl, "
        f".parquet, or a folder; pass format='csv'|'jsonl'|'parquet'|'txt'|'html'."
    )
