"""Readers: files → canonical article table + quarantine.

Every reader returns a :class:`~toolkit.corpus.validate.CorpusTable` (unpacks as
``articles, quarantine``). Problems that spoil one row become quarantine rows naming the
file, the line (physical line number; for CSV the header is line 1) and the reason; problems
that spoil the whole file raise :class:`~toolkit.corpus.schema.CorpusError`.
"""

from __future__ import annotations

import contextlib
import csv
import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from .encoding import Decoded, decode_bytes, first_undecodable, has_undecodable, printable
from .schema import (
    LINE_COL,
    MAX_FIELD_BYTES,
    SOURCE_COL,
    CorpusError,
    check_columns,
    empty_articles,
    quarantine_frame,
)
from .validate import REASONS, CorpusTable, validate

FORMATS = ("csv", "jsonl", "parquet", "txt", "html")
UNDECODABLE = "undecodable bytes (not valid {encoding})"
#: Prefix of the quarantine reason for damage that ends a file early (truncated gzip, binary data,
#: a file ending mid-record, an unreadable Parquet file); ``corpus validate`` exits 1 when it occurs.
DAMAGED = "damaged file"
#: Largest decompressed size read from a ``.gz`` file (a bigger stream is treated as damage).
MAX_DECOMPRESSED_BYTES = 2 * 1024**3
#: Largest JSON nesting depth accepted in one record (deeper lines are quarantined).
MAX_JSON_DEPTH = 100
#: Longest CSV field read (characters); longer fields are quarantined as too large by the reader without
#: being held in memory (fields between 5 MB and this are read and quarantined by ``validate``, naming the field).
MAX_CSV_FIELD_CHARS = 4 * MAX_FIELD_BYTES


def _check_file(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        if path.is_symlink():
            raise CorpusError(f"{path}: is a broken symbolic link (or a symlink loop). Expected a corpus file.")
        raise CorpusError(
            f"{path}: file does not exist. Expected a corpus file; check the path "
            f"(working directory is {Path.cwd()})."
        )
    if path.is_dir():
        raise CorpusError(f"{path}: is a folder. Use read_txt_folder / read_html_folder for folders of documents.")
    if path.stat().st_size == 0:
        raise CorpusError(f"{path}: file is empty (0 bytes). Expected at least a header or one record.")
    return path


def is_damage(reason: object) -> bool:
    """True for a quarantine reason that reports damage to the file itself (see :data:`DAMAGED`)."""
    return isinstance(reason, str) and reason.startswith(DAMAGED)


def apply_defaults(
    records: pd.DataFrame,
    defaults: Mapping[str, object] | None = None,
    *,
    outlet_from_url: bool = False,
) -> pd.DataFrame:
    """Fill missing fields of bare sources: ``outlet`` from the URL's domain (opt-in), then ``defaults``.

    Parameters
    ----------
    records : DataFrame
        Records as read (before validation).
    defaults : mapping, optional
        Field → value for rows where the field is absent, missing or blank, e.g.
        ``{"outlet": "The Veldran Courier", "published": "2020-10-01"}`` (``--set`` on the command line).
        Values given in the file always win.
    outlet_from_url : bool, default False
        Where ``outlet`` is missing and ``url`` holds a URL, take the outlet from its domain:
        the registry's outlet for that domain (:mod:`toolkit.corpus.outlets`) or else the host
        itself (``example.org``). Applied before ``defaults``.
    """
    frame = records.copy()
    if outlet_from_url and "url" in frame:
        from .outlets import host_of, load_outlet_registry

        registry = load_outlet_registry()
        if "outlet" not in frame:
            frame["outlet"] = pd.NA
        blank = _blank_mask(frame["outlet"])
        found = {}
        for i, u in frame.loc[blank, "url"].items():
            host = host_of(u) if isinstance(u, str) else None
            if host:
                found[i] = registry.lookup_domain(host) or host
        if found:
            frame["outlet"] = frame["outlet"].astype(object)
            frame.loc[list(found), "outlet"] = list(found.values())
    for key, value in (defaults or {}).items():
        if key not in frame:
            frame[key] = value
            continue
        blank = _blank_mask(frame[key])
        if blank.any():
            frame[key] = frame[key].astype(object)
            frame.loc[blank, key] = value
    return frame


def _blank_mask(values: pd.Series) -> pd.Series:
    return values.map(lambda v: v is None or (isinstance(v, str) and not v.strip())
                      or (not isinstance(v, (str, list, dict)) and pd.isna(v))).astype(bool)


def _finish(
    records: pd.DataFrame,
    parse_q: list[dict],
    *,
    source: str,
    columns: Mapping[str, str] | None,
    defaults: Mapping[str, object] | None = None,
    outlet_from_url: bool = False,
    notes: list[str] = (),
    **kwargs,
) -> CorpusTable:
    if columns:
        records = records.rename(columns=dict(columns))
    if records.columns.duplicated().any():
        dup = sorted({str(c) for c in records.columns[records.columns.duplicated()]})
        raise CorpusError(f"{source}: duplicate column name(s) {dup}. Expected each column once; rename them.")
    if len(records) == 0 and not parse_q:
        raise CorpusError(f"{source}: no records found. Expected at least one article.")
    if len(records):
        records = apply_defaults(records, defaults, outlet_from_url=outlet_from_url)
        check_columns(records, source=source)
        table = validate(records, source=source, **kwargs)
    else:
        table = CorpusTable(empty_articles(), quarantine_frame([]), n_read=0)
    return table.with_failures(parse_q, notes=[n for n in notes if n])


def parse_failure(source: str, line: int | None, reason: str, raw: str = "") -> dict:
    """A quarantine row for input that could not even be parsed into a record."""
    reason = " ".join(reason.split())  # one line, whatever the library's message looked like
    return {"source": source, "line": line, "doc_id": None, "field": None, "reason": reason,
            "raw": printable(raw[:500])}


def read_bytes(path: Path) -> tuple[bytes, dict | None]:
    """The bytes of ``path`` (``.gz`` decompressed) and a damage description or None.

    A truncated or corrupt gzip stream yields every byte decompressed before the damage; the
    damage dict has ``offset`` (decompressed bytes read) and ``what``.
    """
    if path.suffix.lower() != ".gz":
        return path.read_bytes(), None
    out = bytearray()
    inflate = zlib.decompressobj(wbits=31)  # gzip container; a new one per member
    try:
        with open(path, "rb") as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                while chunk:
                    out += inflate.decompress(chunk, MAX_DECOMPRESSED_BYTES + 1 - len(out))
                    if len(out) > MAX_DECOMPRESSED_BYTES:
                        del out[MAX_DECOMPRESSED_BYTES:]
                        return bytes(out), {"offset": len(out), "unit": "decompressed byte",
                                            "what": f"decompressed size over {MAX_DECOMPRESSED_BYTES} bytes "
                                                    f"(stopped reading)"}
                    if inflate.unconsumed_tail:
                        chunk = inflate.unconsumed_tail
                    elif inflate.eof and inflate.unused_data.strip(b"\x00"):
                        chunk = inflate.unused_data  # another gzip member follows
                        inflate = zlib.decompressobj(wbits=31)
                    else:
                        chunk = b""
    except zlib.error as exc:
        return bytes(out), {"offset": len(out), "unit": "decompressed byte", "what": f"corrupt gzip data ({exc})"}
    if not inflate.eof:
        return bytes(out), {"offset": len(out), "unit": "decompressed byte",
                            "what": "truncated gzip stream (compressed file ends early)"}
    return bytes(out), None


def _cut_binary(data: bytes, encoding: str | None) -> tuple[bytes, dict | None]:
    """Cut ``data`` at the first NUL byte (binary garbage) back to the last line end before it."""
    if encoding is not None and ("16" in encoding or "32" in encoding):
        return data, None
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data, None  # UTF-16/32 with a byte-order mark
    nul = data.find(b"\x00")
    if nul < 0:
        return data, None
    keep = data.rfind(b"\n", 0, nul) + 1
    return data[:keep], {"offset": nul, "what": "binary data (NUL byte) where text was expected"}


def _damage_row(source: str, text_before: str, damage: dict, raw: str = "") -> dict:
    line = text_before.count("\n") + 1  # the line the damage is on
    unit = damage.get("unit", "byte")
    return parse_failure(source, line, f"{DAMAGED}: {damage['what']} at {unit} {damage['offset']}; "
                                       f"records before it were kept", raw)


def _load_text(path: Path, encoding: str | None) -> tuple[Decoded, dict | None, str]:
    data, damage = read_bytes(path)
    data, binary = _cut_binary(data, encoding)
    damage = damage or binary
    decoded = decode_bytes(data, encoding)
    text = decoded.text.removeprefix("\ufeff")
    if damage is not None:  # a partial last line belongs to the damage, not to a record
        text = text[:text.rfind("\n") + 1]
    return decoded, damage, text


@contextlib.contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_records(path, *, encoding, delimiter, required, max_field_chars=MAX_CSV_FIELD_CHARS):
    path = _check_file(path)
    source = str(path)
    decoded, damage, text = _load_text(path, encoding)
    enc = decoded.encoding
    notes = [decoded.note(source)]
    failures: list[dict] = []
    with _csv_field_limit(max_field_chars):
        reader = csv.reader(_lines(text), delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            header = []
        except csv.Error as exc:
            raise CorpusError(f"{source}: the header row is not valid CSV ({exc}). Expected a header row of "
                              f"column names; check the delimiter (delimiter=) and the file.") from exc
        if not any(header):
            if damage is not None:  # nothing readable before the damage
                return (pd.DataFrame(columns=[SOURCE_COL, LINE_COL, "_record"]),
                        [_damage_row(source, text, damage)], notes)
            raise CorpusError(f"{source}: no header row (the first line is blank). Expected a header row of "
                              f"column names.")
        if damage is not None and (not any(header) or any(has_undecodable(h) for h in header)):
            return (pd.DataFrame(columns=[SOURCE_COL, LINE_COL, "_record"]), [_damage_row(source, "", damage)], notes)
        if any(has_undecodable(h) for h in header):
            raise CorpusError(f"{source}: the header row has bytes that are not valid {enc}. Expected a text "
                              f"file; pass the right encoding (--encoding / encoding=).")
        missing = [c for c in required if c not in header]
        if missing:
            raise CorpusError(f"{source}: missing column(s) {missing}. Expected {list(required)}; found {header}.")
        rows, lines, ordinals = [], [], []
        last = None  # (start line, index into failures or rows) of the last record
        end, ordinal = reader.line_num, 0
        while True:
            start = end + 1
            try:
                rec = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                msg = str(exc)
                if "field larger than field limit" in msg:
                    reason = f"{REASONS['too_large']} (a CSV field over {max_field_chars} characters; not read)"
                else:
                    reason = f"malformed CSV: {msg}"
                failures.append(parse_failure(source, start, reason))
                end, ordinal = reader.line_num, ordinal + 1
                last = (start, "failure")
                continue
            end = reader.line_num
            if not rec or all(not f.strip() for f in rec):
                continue  # blank line: not a record
            raw = delimiter.join(rec)
            if has_undecodable(raw):
                failures.append(parse_failure(source, start, UNDECODABLE.format(encoding=enc)
                                              + f" at byte {_byte_at(raw, enc)}", raw))
                last = (start, "failure")
            elif len(rec) != len(header):
                failures.append(parse_failure(
                    source, start, f"wrong number of fields: expected {len(header)}, found {len(rec)}", raw))
                last = (start, "failure")
            else:
                rows.append(rec)
                lines.append(start)
                ordinals.append(ordinal)
                last = (start, "row")
            ordinal += 1
    if last is not None and '"' in text:
        start = last[0]
        offset = _line_offset(text, start)
        if text.count('"', offset) % 2 == 1:  # the last record opens a quote the file never closes
            what = (f"ends inside a quoted field opened on line {start} (the file ends mid-record, "
                    f"or a stray quote swallowed the rest of the file)")
            if last[1] == "row":
                rows.pop(), lines.pop(), ordinals.pop()
            else:
                failures.pop()
            failures.append(parse_failure(source, start, f"{DAMAGED}: {what}", text[offset:offset + 500]))
    if damage is not None:
        failures.append(_damage_row(source, text, damage))
    frame = pd.DataFrame(rows, columns=header, dtype="string") if rows else pd.DataFrame(columns=header, dtype="string")
    frame[SOURCE_COL] = source
    frame[LINE_COL] = lines
    frame["_record"] = ordinals
    return frame, failures, notes


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, without copying the whole text (as ``io.StringIO`` would)."""
    pos, n = 0, len(text)
    while pos < n:
        nxt = text.find("\n", pos)
        end = n if nxt < 0 else nxt + 1
        yield text[pos:end]
        pos = end


def _byte_at(record: str, encoding: str) -> int:
    """Byte offset, within its record (line), of the first undecodable byte in ``record``."""
    pos = first_undecodable(record) or 0
    return len(record[:pos].encode(encoding, "surrogateescape"))


def _line_offset(text: str, line: int) -> int:
    """Character offset where physical ``line`` (1-based) starts."""
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def read_csv_records(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str = ",",
    required: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, list[dict]]:
    """Parse a CSV file (header row first) into string records with provenance; no validation.

    The building block of :func:`read_csv`, also used by dataset adapters whose files are not in
    canonical form.

    Parameters
    ----------
    path : str or Path
    encoding : str, optional
        Default: UTF-8, or the detected encoding when the file is not UTF-8
        (:mod:`toolkit.corpus.encoding`). Records holding bytes that do not decode are returned
        as parse failures.
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
        number of fields, records with undecodable bytes, fields over the size limit, and damage
        (binary data, a truncated ``.gz``, a file ending inside a quoted field: reason starts
        with :data:`DAMAGED`; the records before it are returned).
    """
    frame, failures, _ = _csv_records(path, encoding=encoding, delimiter=delimiter, required=required)
    return frame, failures


def _json_depth(obj: object) -> int:
    depth, stack = 0, [(obj, 1)]
    while stack:
        node, d = stack.pop()
        if isinstance(node, (dict, list)):
            depth = max(depth, d)
            if depth > MAX_JSON_DEPTH:
                return depth
            stack.extend((v, d + 1) for v in (node.values() if isinstance(node, dict) else node))
    return depth


def _jsonl_records(path: str | Path, *, encoding: str | None = None):
    path = _check_file(path)
    source = str(path)
    decoded, damage, text = _load_text(path, encoding)
    enc = decoded.encoding
    records, failures = [], []
    lines = text.split("\n")
    ends_open = not text.endswith("\n")
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        last = lineno == len(lines) and ends_open
        if has_undecodable(line):
            failures.append(parse_failure(source, lineno, UNDECODABLE.format(encoding=enc)
                                          + f" at byte {_byte_at(line, enc)}", line))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            truncated = exc.pos >= len(line.rstrip()) - 1 or "Unterminated" in exc.msg
            kind = "truncated JSON" if truncated else "invalid JSON"
            if last and truncated:
                kind = f"{DAMAGED}: ends mid-record (truncated JSON on the last line)"
            failures.append(parse_failure(source, lineno, f"{kind}: {exc.msg} at column {exc.colno}", line))
            continue
        except RecursionError:
            failures.append(parse_failure(source, lineno, f"JSON nested too deeply (over {MAX_JSON_DEPTH} levels)",
                                          line[:200]))
            continue
        if not isinstance(obj, dict):
            failures.append(parse_failure(source, lineno, f"not a JSON object (found {type(obj).__name__})", line))
            continue
        if line.count("[") + line.count("{") > MAX_JSON_DEPTH and _json_depth(obj) > MAX_JSON_DEPTH:
            failures.append(parse_failure(source, lineno, f"JSON nested too deeply (over {MAX_JSON_DEPTH} levels)",
                                          line[:200]))
            continue
        if "\\u" in line and has_undecodable(json.dumps(obj, ensure_ascii=False)):
            failures.append(parse_failure(source, lineno, "invalid unicode: a lone surrogate (\\ud800-\\udfff) "
                                          "in a JSON string", line))
            continue
        obj[SOURCE_COL], obj[LINE_COL] = source, lineno
        records.append(obj)
    if damage is not None:
        failures.append(_damage_row(source, text, damage))
    return records, failures, [decoded.note(source)]


def read_jsonl_records(path: str | Path, *, encoding: str | None = None) -> tuple[list[dict], list[dict]]:
    """Parse a JSON-lines file (``.gz`` decompressed) into dict records with ``_source``/``_line``.

    Returns ``(records, failures)``: failures are quarantine rows for lines that do not decode,
    are not JSON (``truncated JSON`` when the line ends mid-value), are not JSON objects, are
    nested deeper than :data:`MAX_JSON_DEPTH` or hold lone surrogates, and for damage (a
    truncated ``.gz``, binary data, a last line cut mid-record: reason starts with
    :data:`DAMAGED`; every record before it is returned). Blank lines are not records.
    """
    records, failures, _ = _jsonl_records(path, encoding=encoding)
    return records, failures


_COMMON_PARAMS = """defaults : mapping, optional
        Values for fields the source lacks or leaves blank, e.g. ``{"outlet": "The Veldran Courier",
        "published": "2020-10-01"}`` (see :func:`apply_defaults`; ``--set`` on the command line).
    outlet_from_url : bool, default False
        Take a missing ``outlet`` from the ``url`` column's domain (opt-in; before ``defaults``).
    **kwargs
        Passed to :func:`~toolkit.corpus.validate.validate` (``clean``, ``detect_languages``,
        ``dayfirst``, ``outlets``)."""


def read_csv(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    delimiter: str = ",",
    **kwargs,
) -> CorpusTable:
    """Read a CSV file of articles (header row required; ``.csv.gz`` is decompressed).

    Parameters
    ----------
    path : str or Path
        The CSV file.
    columns : mapping, optional
        Renames applied before validation, e.g. ``{"body": "text", "source": "outlet"}``.
    encoding : str, optional
        Text encoding. Default: UTF-8, or the encoding detected when the file is not UTF-8
        (reported with its confidence in the summary; :mod:`toolkit.corpus.encoding`). Rows
        with bytes that still do not decode are quarantined one by one (the reason names the
        encoding).
    delimiter : str, default ","
        Field separator (``"\\t"`` for TSV).
    %s

    Returns
    -------
    CorpusTable
        Damage (binary data, a truncated ``.gz``, a file ending inside a quoted field) becomes
        one quarantine row whose reason starts with ``"damaged file"``; records before it are kept.
    """
    frame, failures, notes = _csv_records(path, encoding=encoding, delimiter=delimiter, required=())
    frame = frame.drop(columns="_record").replace("", pd.NA)
    return _finish(frame, failures, source=str(path), columns=columns, notes=notes, **kwargs)


def read_jsonl(
    path: str | Path, *, columns: Mapping[str, str] | None = None, encoding: str | None = None, **kwargs
) -> CorpusTable:
    """Read a JSON-lines file (one JSON object per line; ``.gz`` is decompressed).

    Invalid or truncated JSON, lines that are not objects, lines nested deeper than
    :data:`MAX_JSON_DEPTH`, lone surrogates and lines with undecodable bytes are quarantined with
    their line number. Blank lines are not records and are skipped. Damage (a truncated ``.gz``,
    binary data, a last line cut mid-record) becomes a quarantine row whose reason starts with
    ``"damaged file"``; every record before it is kept.

    Parameters
    ----------
    path : str or Path
        The ``.jsonl`` (or ``.jsonl.gz``) file.
    columns : mapping, optional
        Renames applied before validation.
    encoding : str, optional
        As for :func:`read_csv`.
    %s
    """
    records, failures, notes = _jsonl_records(path, encoding=encoding)
    source = str(path)
    if not records and not failures:
        raise CorpusError(f"{source}: no JSON records (only blank lines). Expected one JSON object per line.")
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(
        columns=["doc_id", "outlet", "text", SOURCE_COL, LINE_COL])
    return _finish(frame, failures, source=source, columns=columns, notes=notes, **kwargs)


def read_parquet(path: str | Path, *, columns: Mapping[str, str] | None = None, **kwargs) -> CorpusTable:
    """Read a Parquet file of articles; ``line`` in quarantine rows is the 1-based row number.

    The file is read one row group at a time: when a row group is unreadable, the rows of the
    groups before it are kept and one quarantine row (reason ``"damaged file: …"``) names the
    group and its first row. A file whose footer cannot be read (not Parquet, truncated) gives
    that one quarantine row and no articles.

    Parameters
    ----------
    path : str or Path
    columns : mapping, optional
        Renames applied before validation.
    %s
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = _check_file(path)
    source = str(path)
    failures: list[dict] = []
    parts: list = []
    try:
        pf = pq.ParquetFile(path)
        n_groups = pf.num_row_groups
    except Exception as exc:  # pyarrow raises several types (ArrowInvalid, OSError, ...)
        n_groups, pf = 0, None
        failures.append(parse_failure(source, None, f"{DAMAGED}: not a readable Parquet file "
                                      f"({type(exc).__name__}: {str(exc)[:200]})"))
    first_row = 1
    for g in range(n_groups):
        try:
            parts.append(pf.read_row_group(g))
        except Exception as exc:
            failures.append(parse_failure(source, first_row, f"{DAMAGED}: row group {g} of {n_groups} unreadable "
                                          f"({type(exc).__name__}: {str(exc)[:200]}); rows before it were kept"))
            break
        first_row += parts[-1].num_rows
    try:
        frame = pa.concat_tables(parts).to_pandas() if parts else pd.DataFrame(columns=["doc_id", "outlet", "text"])
    except Exception as exc:
        raise CorpusError(f"{source}: the Parquet columns cannot be converted to a table ({exc}). Expected "
                          f"plain columns (strings, numbers, timestamps).") from exc
    frame[SOURCE_COL] = source
    frame[LINE_COL] = range(1, len(frame) + 1)
    return _finish(frame, failures, source=source, columns=columns, **kwargs)


read_csv.__doc__ = read_csv.__doc__ % _COMMON_PARAMS
read_jsonl.__doc__ = read_jsonl.__doc__ % _COMMON_PARAMS
read_parquet.__doc__ = read_parquet.__doc__ % _COMMON_PARAMS


def read(path: str | Path, *, format: str | None = None, **kwargs) -> CorpusTable:
    """Read a corpus file or folder, choosing the reader by ``format`` or by the file name.

    Parameters
    ----------
    path : str or Path
        A ``.csv``/``.tsv`` (``.gz`` too), ``.jsonl``/``.jsonl.gz``/``.ndjson``, ``.parquet`` file,
        a single ``.txt``/``.html`` article, or a folder of ``.txt`` or ``.html`` documents.
    format : {"csv", "jsonl", "parquet", "txt", "html"}, optional
        Overrides the guess from the file name.
    **kwargs
        Passed to the reader: ``encoding``, ``defaults``, ``outlet_from_url``, ``columns``,
        ``dayfirst``, ``clean`` … (see :func:`read_csv`).

    Examples
    --------
    One scraped article with no metadata, as on the command line
    ``python -m toolkit corpus validate article.txt --set outlet="The Veldran Courier"``:

    >>> table = read("article.txt", defaults={"outlet": "The Veldran Courier"})  # doctest: +SKIP
    """
    from .folders import read_html_folder, read_txt_folder

    p = Path(path)
    fmt = format or _guess_format(p)
    if fmt == "csv":
        if p.name.lower().endswith((".tsv", ".tsv.gz")):
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
        from .folders import find_files

        files, _ = find_files(p, "*")
        if any(f.suffix.lower() in (".htm", ".html") for f in files):
            return "html"
        return "txt"
    for suffixes, fmt in (((".csv", ".tsv", ".csv.gz", ".tsv.gz"), "csv"),
                          ((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json"), "jsonl"),
                          ((".parquet", ".pq"), "parquet"), ((".txt", ".text", ".md"), "txt"),
                          ((".html", ".htm"), "html")):
        if name.endswith(suffixes):
            return fmt
    if not p.exists():
        _check_file(p)
    raise CorpusError(
        f"{p}: cannot tell the format from the file name. Expected a name ending in .csv, .tsv, .jsonl, "
        f".parquet, .txt, .html, or a folder; pass format='csv'|'jsonl'|'parquet'|'txt'|'html'."
    )
