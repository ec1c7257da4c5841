"""Stream records out of corpus files in fixed-size batches, without reading a whole file into memory.

Each batch is ``(records, failures)``: a DataFrame of raw records carrying the readers' provenance columns
(``_source``, ``_line``) ready for :func:`toolkit.corpus.validate`, and a list of quarantine rows for lines
that could not be parsed at all (:func:`toolkit.corpus.readers.parse_failure`). So the corpus contract holds
per batch: ``read == kept + quarantined``.

Formats: JSON lines (``.jsonl``, ``.ndjson``, ``.gz`` too), CSV / TSV (``.gz`` too), Parquet (read one record batch
at a time with pyarrow), and folders of documents, one article per file: plain text (``.txt``, with optional YAML
front matter) or saved HTML pages (main text by trafilatura), ``batch_size`` files at a time, each file read as
:func:`toolkit.corpus.read_txt_folder` / :func:`~toolkit.corpus.read_html_folder` read it (a file that cannot be
read is a quarantine row naming it). Record files are decoded as UTF-8; a line with bytes that are not UTF-8 is
quarantined (the in-memory readers also detect other encodings; convert such a file first). Document files are
decoded like the in-memory folder readers do (UTF-8, else the detected encoding, per file). Any iterable of
DataFrames (already parsed records) is also accepted.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from toolkit.corpus.readers import UNDECODABLE, parse_failure
from toolkit.corpus.schema import LINE_COL, SOURCE_COL, CorpusError

Batch = tuple[pd.DataFrame, list[dict]]

STREAM_FORMATS = ("jsonl", "csv", "parquet", "txt", "html")


def guess_stream_format(path: Path) -> str:
    """``jsonl``, ``csv`` or ``parquet`` from the file name (``.gz`` allowed for the first two); ``txt`` or
    ``html`` for a ``.txt`` / ``.html`` file or a folder (``html`` if it holds any ``.htm*`` file)."""
    name = path.name.lower()
    if path.is_dir():
        from toolkit.corpus.readers import _guess_format

        return _guess_format(path)  # the in-memory reader's rule for folders
    if name.endswith((".txt", ".text", ".md")):
        return "txt"
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
        return "jsonl"
    if name.endswith((".csv", ".csv.gz", ".tsv", ".tsv.gz")):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise CorpusError(f"{path}: cannot stream this file type. Expected one of {STREAM_FORMATS} "
                      "(.jsonl[.gz], .csv[.gz], .tsv[.gz], .parquet, .txt, .html, or a folder of .txt / .html "
                      "documents); pass format= if the name does not say.")


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")  # noqa: SIM115
    # surrogateescape keeps undecodable bytes visible as lone surrogates, so one bad line is quarantined
    return io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # how surrogateescape shows an undecodable byte


def _has_surrogate(text: str) -> bool:
    """Does ``text`` hold an undecodable byte (a lone surrogate from ``surrogateescape``)?"""
    try:
        text.encode("utf-8")  # C speed; only lone surrogates fail
    except UnicodeEncodeError:
        return _ESCAPED_BYTE.search(text) is not None
    return False


def _frame(records: list[dict]) -> pd.DataFrame:
    if not records:
        return pd.DataFrame(columns=["doc_id", "outlet", "text", SOURCE_COL, LINE_COL])
    return pd.DataFrame.from_records(records)


def iter_jsonl(path: str | Path, batch_size: int) -> Iterator[Batch]:
    """Batches of ``batch_size`` non-blank lines of a JSON-lines file."""
    path = Path(path)
    source = str(path)
    records: list[dict] = []
    failures: list[dict] = []
    n = 0
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            n += 1
            if _has_surrogate(line):
                failures.append(parse_failure(source, lineno, UNDECODABLE.format(encoding="utf-8"), line))
            else:
                try:
                    obj = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    failures.append(parse_failure(source, lineno, f"invalid JSON: {exc}", line))
                else:
                    if isinstance(obj, dict):
                        obj[SOURCE_COL], obj[LINE_COL] = source, lineno
                        records.append(obj)
                    else:
                        failures.append(parse_failure(source, lineno,
                                                      f"not a JSON object (found {type(obj).__name__})", line))
            if n == batch_size:
                yield _frame(records), failures
                records, failures, n = [], [], 0
    if n:
        yield _frame(records), failures


def iter_csv(path: str | Path, batch_size: int, *, delimiter: str | None = None) -> Iterator[Batch]:
    """Batches of ``batch_size`` records of a CSV/TSV file with a header row (header is line 1)."""
    path = Path(path)
    source = str(path)
    if delimiter is None:
        delimiter = "\t" if path.name.lower().endswith((".tsv", ".tsv.gz")) else ","
    with _open_text(path) as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration as exc:
            raise CorpusError(f"{source}: file is empty. Expected a header row and records.") from exc
        records: list[dict] = []
        failures: list[dict] = []
        n = 0
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                failures.append(parse_failure(source, line, f"malformed CSV: {exc}"))
                n += 1
                row = None
            if row is not None:
                if not any(f.strip() for f in row):
                    continue  # blank line: not a record
                n += 1
                raw = delimiter.join(row)
                if len(row) != len(header):
                    failures.append(parse_failure(source, line, f"expected {len(header)} fields, found {len(row)}",
                                                  raw))
                elif _has_surrogate(raw):
                    failures.append(parse_failure(source, line, UNDECODABLE.format(encoding="utf-8"), raw))
                else:
                    rec = {h: (v if v != "" else None) for h, v in zip(header, row)}
                    rec[SOURCE_COL], rec[LINE_COL] = source, line
                    records.append(rec)
            if n == batch_size:
                yield _frame(records), failures
                records, failures, n = [], [], 0
        if n:
            yield _frame(records), failures


def iter_parquet(path: str | Path, batch_size: int) -> Iterator[Batch]:
    """Batches of a Parquet file, read with pyarrow ``iter_batches`` (``_line`` is the 1-based row number)."""
    import pyarrow.parquet as pq

    path = Path(path)
    row = 1
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
        frame = batch.to_pandas()
        frame[SOURCE_COL] = str(path)
        frame[LINE_COL] = range(row, row + len(frame))
        row += len(frame)
        yield frame, []


def iter_documents(path: str | Path, batch_size: int, *, kind: str = "txt", encoding: str | None = None,
                   pattern: str | None = None) -> Iterator[Batch]:
    """Batches of ``batch_size`` document files (one article each) from a folder, searched recursively.

    Parameters
    ----------
    path : path
        A folder (or one document file).
    kind : {"txt", "html"}
        Plain text with optional YAML front matter (:func:`toolkit.corpus.folders.decode_txt`), or saved HTML
        pages (:func:`toolkit.corpus.folders.decode_html`).
    encoding : str, optional
        As in :func:`toolkit.corpus.read_txt_folder`.
    pattern : str, optional
        File name pattern (default ``*.txt`` or ``*.htm*``).

    Yields
    ------
    (records, failures)
        ``doc_id`` is the file's path under the folder without its extension; ``_source`` the file, ``_line`` 1.
        A file that cannot be read (damaged, over the size limit, undecodable, no main text) is a failure row.
    """
    import functools

    from toolkit.corpus.folders import _folder, _records, decode_html, decode_txt

    if kind not in ("txt", "html"):
        raise CorpusError(f"kind must be 'txt' or 'html'; found {kind!r}.")
    files, root, notes = _folder(Path(path), pattern or ("*.txt" if kind == "txt" else "*.htm*"))
    decode = functools.partial(decode_txt if kind == "txt" else decode_html, encoding=encoding)
    for start in range(0, len(files), batch_size):
        frame, parse_q = _records(files[start:start + batch_size], root, decode, None, notes)
        failures = []
        for q in parse_q:
            row = parse_failure(q["source"], q["line"], q["reason"])
            row["doc_id"] = q["doc_id"]
            failures.append(row)
        yield frame, failures


def iter_frames(frames: Iterable[pd.DataFrame], batch_size: int, source: str = "<tables>") -> Iterator[Batch]:
    """Re-batch an iterable of record tables (rows numbered across all of them, from 1)."""
    row = 1
    buf: list[pd.DataFrame] = []
    held = 0
    for frame in frames:
        frame = frame.copy()
        if SOURCE_COL not in frame:
            frame[SOURCE_COL] = source
        if LINE_COL not in frame:
            frame[LINE_COL] = range(row, row + len(frame))
        row += len(frame)
        buf.append(frame)
        held += len(frame)
        while held >= batch_size:
            whole = pd.concat(buf, ignore_index=True)
            yield whole.iloc[:batch_size].reset_index(drop=True), []
            rest = whole.iloc[batch_size:].reset_index(drop=True)
            buf, held = ([rest] if len(rest) else []), len(rest)
    if held:
        yield pd.concat(buf, ignore_index=True), []


def iter_source(source, batch_size: int, *, format: str | None = None) -> Iterator[Batch]:
    """Batches of records from a file or folder path, a list of paths, a DataFrame or an iterable of DataFrames."""
    if isinstance(source, pd.DataFrame):
        yield from iter_frames([source], batch_size)
        return
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not (path.is_file() or path.is_dir()):
            raise CorpusError(f"{path}: no such file or folder. Expected a .jsonl, .csv or .parquet corpus file, "
                              "or a folder of .txt or .html documents.")
        fmt = format or guess_stream_format(path)
        if fmt in ("txt", "html"):
            yield from iter_documents(path, batch_size, kind=fmt)
            return
        if path.is_dir():
            raise CorpusError(f"{path}: is a folder; format {fmt!r} is read from a file. Give the file, or "
                              "format='txt' / 'html' for a folder of documents.")
        if fmt == "jsonl":
            yield from iter_jsonl(path, batch_size)
        elif fmt == "csv":
            yield from iter_csv(path, batch_size)
        elif fmt == "parquet":
            yield from iter_parquet(path, batch_size)
        else:
            raise CorpusError(f"{path}: format {fmt!r} cannot be streamed; expected one of {STREAM_FORMATS}.")
        return
    items = list(source) if isinstance(source, (list, tuple)) else source
    if isinstance(items, list) and items and all(isinstance(s, (str, Path)) for s in items):
        for p in items:
            yield from iter_source(p, batch_size, format=format)
        return
    yield from iter_frames(items, batch_size)
