"""Readers: files → canonical article table + quarantine.

Every reader returns a :class:`~toolkit.corpus.validate.CorpusTable` (unpacks as
``articles, quarantine``). Problems that spoil one row become quarantine rows naming the
file, the line (physical line number; for CSV the header is line 1) and the reason; problems
that spoil the whole file raise :class:`~toolkit.corpus.schema.CorpusError`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .schema import LINE_COL, SOURCE_COL, CorpusError, check_columns, quarantine_frame
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
        table = CorpusTable(records.iloc[0:0], quarantine_frame([]), n_read=0)
    if parse_q:
        q = pd.concat([quarantine_frame(parse_q), table.quarantine], ignore_index=True)
        q = q.sort_values(["line"], kind="stable", na_position="last").reset_index(drop=True)
        table = CorpusTable(table.articles, q, table.cleaning, n_read=table.n_read + len(parse_q))
    return table


def _has_surrogates(value: object) -> bool:
    return isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value)


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
    path = _check_file(path)
    source = str(path)
    text = path.read_bytes().decode(encoding, errors="surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:  # pragma: no cover - empty handled above
        raise CorpusError(f"{source}: no header row.") from None
    header = [h.strip() for h in header]
    rows, lines, parse_q = [], [], []
    prev_end = reader.line_num
    while True:
        start = prev_end + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            parse_q.append({"source": source, "line": start, "reason": f"malformed CSV: {exc}", "raw": ""})
            prev_end = reader.line_num
            continue
        prev_end = reader.line_num
        if not rec or all(not f.strip() for f in rec):
            continue  # blank line: not a record
        raw = delimiter.join(rec)
        if any(_has_surrogates(f) for f in rec):
            parse_q.append(
                {"source": source, "line": start, "reason": UNDECODABLE.format(encoding=encoding),
                 "raw": raw.encode(encoding, "surrogateescape").decode(encoding, "replace")[:500]}
            )
            continue
        if len(rec) != len(header):
            parse_q.append(
                {"source": source, "line": start,
                 "reason": f"wrong number of fields: expected {len(header)}, found {len(rec)}", "raw": raw[:500]}
            )
            continue
        rows.append(rec)
        lines.append(start)
    frame = pd.DataFrame(rows, columns=header, dtype="string") if rows else pd.DataFrame(columns=header)
    frame = frame.replace("", pd.NA) if len(frame) else frame
    frame[SOURCE_COL] = source
    frame[LINE_COL] = lines
    if columns:
        frame = frame.rename(columns=dict(columns))
    check_columns(frame, source=source)
    return _finish(frame, parse_q, source=source, columns=None, **kwargs)


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
    path = _check_file(path)
    source = str(path)
    data = path.read_bytes()
    if path.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    records, lines, parse_q = [], [], []
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            parse_q.append({"source": source, "line": lineno,
                            "reason": UNDECODABLE.format(encoding=encoding) + f" at byte {exc.start}",
                            "raw": raw.decode(encoding, "replace")[:500]})
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            kind = "truncated JSON" if "Unterminated" in exc.msg or "Expecting" in exc.msg and exc.pos >= len(line.rstrip()) - 1 else "invalid JSON"
            parse_q.append({"source": source, "line": lineno, "reason": f"{kind}: {exc.msg} at column {exc.colno}",
                            "raw": line[:500]})
            continue
        if not isinstance(obj, dict):
            parse_q.append({"source": source, "line": lineno,
                            "reason": f"not a JSON object (found {type(obj).__name__})", "raw": line[:500]})
            continue
        records.append(obj)
        lines.append(lineno)
    if not records and not parse_q:
        raise CorpusError(f"{source}: no JSON records (only blank lines). Expected one JSON object per line.")
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["doc_id", "outlet", "text"])
    frame[SOURCE_COL] = source
    frame[LINE_COL] = lines
    return _finish(frame, parse_q, source=source, columns=columns, **kwargs)


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
