"""Readers for folders of documents: one ``.txt`` or ``.html`` file per article.

Metadata (outlet, published, title, url, …) comes from a CSV keyed by ``doc_id`` (the file
name without its extension) or, for text files, from a front-matter block at the top::

    ---
    outlet: The Veldran Courier
    published: 2024-03-05
    title: Talks resume
    ---
    Body text …
"""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import yaml

from .encoding import decode_bytes, has_undecodable
from .readers import DAMAGED, UNDECODABLE, _byte_at, _check_file, _cut_binary, _finish
from .schema import LINE_COL, SOURCE_COL, CorpusError

#: Largest document file read from a folder; bigger files are quarantined unread.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
#: Most files visited in one folder tree (a guard against runaway trees).
MAX_FILES = 1_000_000


def find_files(folder: Path, pattern: str) -> tuple[list[Path], list[str]]:
    """Files under ``folder`` matching ``pattern``, following symlinks but never into a loop.

    Returns ``(files, notes)``: each symlinked folder that leads back into a folder already
    visited (a loop) and each broken link is skipped and named in ``notes``.
    """
    files, notes, seen = [], [], set()
    stack = [folder]
    while stack:
        d = stack.pop()
        try:
            st = d.stat()
        except OSError as exc:
            notes.append(f"skipped {d}: {exc.strerror or exc} (broken link or symlink loop)")
            continue
        if (st.st_dev, st.st_ino) in seen:
            notes.append(f"skipped {d}: symbolic link back into a folder already read (symlink loop)")
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            notes.append(f"skipped {d}: cannot list it ({exc.strerror or exc})")
            continue
        for e in entries:
            p = Path(e.path)
            try:
                is_dir = e.is_dir()
                is_file = e.is_file()
            except OSError as exc:
                notes.append(f"skipped {p}: {exc.strerror or exc} (broken link or symlink loop)")
                continue
            if is_dir:
                stack.append(p)
            elif is_file and fnmatch.fnmatch(e.name.lower(), pattern.lower()):
                files.append(p)
            elif e.is_symlink() and not is_file and not is_dir:
                notes.append(f"skipped {p}: broken symbolic link (or a symlink loop)")
            if len(files) > MAX_FILES:
                raise CorpusError(f"{folder}: more than {MAX_FILES} files. Expected a corpus folder; read it "
                                  f"in parts.")
    return sorted(files), notes


def _folder(path: str | Path, pattern: str) -> tuple[list[Path], Path, list[str]]:
    """The files to read: a single file (read as one document) or the matching files under a folder."""
    folder = Path(path)
    if folder.is_file():
        _check_file(folder)
        return [folder], folder.parent, []
    if not folder.exists():
        if folder.is_symlink():
            raise CorpusError(f"{folder}: is a broken symbolic link (or a symlink loop). Expected a folder.")
        raise CorpusError(f"{folder}: folder does not exist. Expected a folder of {pattern} files.")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: is not a regular file or folder. Expected a folder of {pattern} files.")
    files, notes = find_files(folder, pattern)
    if not files:
        raise CorpusError(f"{folder}: no {pattern} files found. Expected one document per file.")
    return files, folder, notes


def _read_document(f: Path, encoding: str | None) -> tuple[str, str | None]:
    """Text of one document file and a summary note (detected encoding); ValueError for damage."""
    size = f.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise ValueError(f"document over {MAX_DOCUMENT_BYTES} bytes ({size} bytes); not read. Expected one "
                         f"article per file")
    data, damage = _cut_binary(f.read_bytes(), encoding)
    if damage is not None and not data.strip():
        raise ValueError(f"{DAMAGED}: {damage['what']} at byte {damage['offset']} (nothing readable before it)")
    decoded = decode_bytes(data, encoding)
    text = decoded.text.removeprefix("\ufeff")
    if has_undecodable(text):
        raise UnicodeError(UNDECODABLE.format(encoding=decoded.encoding)
                           + f" at byte {_byte_at(text, decoded.encoding)}")
    note = decoded.note(str(f))
    if damage is not None:
        note = (f"{f}: binary data from byte {damage['offset']}; the text before it was read")
    return text, note


def _metadata(metadata: str | Path | pd.DataFrame | None) -> pd.DataFrame | None:
    if metadata is None:
        return None
    meta = metadata if isinstance(metadata, pd.DataFrame) else pd.read_csv(metadata, dtype="string")
    key = "doc_id" if "doc_id" in meta else "file" if "file" in meta else None
    if key is None:
        raise CorpusError(
            f"metadata table: expected a 'doc_id' (file name without extension) or 'file' column; "
            f"found {list(meta.columns)}."
        )
    meta = meta.copy()
    meta["doc_id"] = meta[key].map(lambda v: Path(str(v)).stem)
    return meta.drop_duplicates("doc_id").set_index("doc_id")


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split a leading ``---``-delimited YAML block off ``text``; return ``(fields, body)``."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            block = "\n".join(lines[1:i])
            try:
                events = yaml.parse(block, Loader=yaml.SafeLoader) if "*" in block else ()
                if any(isinstance(e, yaml.AliasEvent) for e in events):
                    raise ValueError("front matter uses YAML aliases (*name); not allowed (an alias bomb could expand "
                                     "without bound). Expected plain key: value lines")
                fields = yaml.safe_load(block) or {}
            except yaml.YAMLError as exc:
                raise ValueError(f"front matter is not valid YAML: {exc}") from exc
            if not isinstance(fields, dict):
                raise ValueError("front matter is not a mapping of key: value lines")
            return {str(k): v for k, v in fields.items()}, "\n".join(lines[i + 1:])
    return {}, text


def _records(files, folder, decode, meta, notes):
    records, parse_q = [], []
    for f in files:
        source = str(f)
        doc_id = str(f.relative_to(folder).with_suffix("")).replace("\\", "/")
        try:
            fields, note = decode(f)
        except (UnicodeError, ValueError, OSError, RecursionError) as exc:
            reason = str(exc) if not isinstance(exc, OSError) else f"cannot read the file ({exc.strerror or exc})"
            if isinstance(exc, RecursionError):
                reason = "page nested too deeply to parse"
            parse_q.append({"source": source, "line": 1, "doc_id": doc_id, "reason": reason, "raw": ""})
            continue
        if note:
            notes.append(note)
        rec = {"doc_id": doc_id, **fields}
        if meta is not None and Path(doc_id).name in meta.index:
            for k, v in meta.loc[Path(doc_id).name].items():
                if pd.notna(v) and (k not in rec or rec[k] in (None, "")):
                    rec[k] = v
        rec[SOURCE_COL] = source
        rec[LINE_COL] = 1
        records.append(rec)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["doc_id", "outlet", "text"])
    for col in ("outlet", "text"):
        if col not in frame:
            frame[col] = pd.NA
    return frame, parse_q


def _source_name(path: Path, files: list[Path]) -> str:
    return str(files[0]) if path.is_file() else str(path)


def decode_txt(f: Path, encoding: str | None = None) -> tuple[dict, str | None]:
    """Fields of one plain-text article file (YAML front matter, then ``text``) and a summary note.

    Raises ValueError / UnicodeError (quarantined by the callers) for damaged, oversized or undecodable files.
    """
    text, note = _read_document(f, encoding)
    fields, body = split_front_matter(text.replace("\r\n", "\n"))
    return {**fields, "text": body}, note


def decode_html(f: Path, encoding: str | None = None, min_chars: int = 40,
                outlet: str | None = None) -> tuple[dict, str | None]:
    """Fields of one saved HTML page (main text and metadata by trafilatura) and a summary note.

    The outlet is ``outlet``, else the page's site name. Raises ValueError when fewer than ``min_chars``
    characters of main text are found (a navigation page), and as :func:`decode_txt` for damaged files.
    """
    html, note = _read_document(f, encoding)
    fields = extract_html(html)
    n = len((fields.get("text") or "").strip())
    if n < min_chars:
        raise ValueError(f"no main text found in the page ({n} characters extracted, expected >= {min_chars})")
    site = fields.pop("site", None)
    fields["outlet"] = outlet or site
    return {k: v for k, v in fields.items() if v is not None}, note


def read_txt_folder(
    path: str | Path,
    *,
    metadata: str | Path | pd.DataFrame | None = None,
    pattern: str = "*.txt",
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    **kwargs,
):
    """Read a folder of plain-text articles, one per file (searched recursively), or one file.

    Parameters
    ----------
    path : str or Path
        The folder, or a single ``.txt`` file (read as one article). Symbolic links are
        followed except into a loop (skipped and named in the summary).
    metadata : path or DataFrame, optional
        Table with a ``doc_id`` (or ``file``) column matching file names without extension,
        and any canonical columns (``outlet``, ``published``, ``title``, ``url`` …).
        Front matter in a file wins over the table.
    pattern : str, default "*.txt"
    outlet : str, optional
        Outlet for files that name none (e.g. a folder scraped from one site); the same as
        ``defaults={"outlet": ...}``.
    encoding : str, optional
        Default: UTF-8, or the detected encoding for files that are not UTF-8 (each file on its
        own; :mod:`toolkit.corpus.encoding`).
    **kwargs
        ``defaults``, ``outlet_from_url`` (see :func:`toolkit.corpus.readers.read_csv`) and
        arguments of :func:`~toolkit.corpus.validate.validate`.

    Returns
    -------
    CorpusTable
        Files without an outlet, with undecodable bytes, over :data:`MAX_DOCUMENT_BYTES` or with
        empty text are quarantined.
    """
    folder = Path(path)
    files, root, notes = _folder(folder, pattern)
    frame, parse_q = _records(files, root, functools.partial(decode_txt, encoding=encoding), _metadata(metadata),
                              notes)
    if outlet is not None:
        frame["outlet"] = frame["outlet"].astype(object).where(frame["outlet"].notna(), outlet)
    return _finish(frame, parse_q, source=_source_name(folder, files), columns=columns, notes=notes, **kwargs)


def extract_html(html: str, *, url: str | None = None) -> dict:
    """Extract main text and metadata from one HTML page with trafilatura.

    Returns a dict with ``text``, ``title``, ``published``, ``url``, ``site`` (any may be None).
    """
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return {"text": None}
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    return {"text": get("text"), "title": get("title"), "published": get("date"),
            "url": get("url") or url, "site": get("sitename") or get("hostname")}


def read_html_folder(
    path: str | Path,
    *,
    metadata: str | Path | pd.DataFrame | None = None,
    pattern: str = "*.htm*",
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    min_chars: int = 40,
    encoding: str | None = None,
    **kwargs,
):
    """Read a folder of saved HTML pages; the main text is extracted with trafilatura.

    Outlet comes from ``metadata``, else ``outlet``, else the page's site name. Pages where
    no main text is found (fewer than ``min_chars`` characters extracted, e.g. a navigation
    page) are quarantined with that reason.

    Parameters are as for :func:`read_txt_folder` (``path`` may be one page), plus
    ``min_chars`` (default 40). Pages over :data:`MAX_DOCUMENT_BYTES` are quarantined unread;
    entity declarations are never expanded (lxml's HTML parser does not resolve them), so an
    entity-expansion page ("billion laughs") costs no more than its size.
    """
    folder = Path(path)
    files, root, notes = _folder(folder, pattern)
    decode = functools.partial(decode_html, encoding=encoding, min_chars=min_chars, outlet=outlet)
    frame, parse_q = _records(files, root, decode, _metadata(metadata), notes)
    return _finish(frame, parse_q, source=_source_name(folder, files), columns=columns, notes=notes, **kwargs)
