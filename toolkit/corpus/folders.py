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

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import yaml

from .schema import LINE_COL, SOURCE_COL, CorpusError
from .readers import UNDECODABLE, _finish


def _folder(path: str | Path, pattern: str) -> list[Path]:
    folder = Path(path)
    if not folder.exists():
        raise CorpusError(f"{folder}: folder does not exist. Expected a folder of {pattern} files.")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: is a file, expected a folder of {pattern} files. Use read() for single files.")
    files = sorted(p for p in folder.rglob(pattern) if p.is_file())
    if not files:
        raise CorpusError(f"{folder}: no {pattern} files found. Expected one document per file.")
    return files


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
            try:
                fields = yaml.safe_load("\n".join(lines[1:i])) or {}
            except yaml.YAMLError as exc:
                raise ValueError(f"front matter is not valid YAML: {exc}") from exc
            if not isinstance(fields, dict):
                raise ValueError("front matter is not a mapping of key: value lines")
            return {str(k): v for k, v in fields.items()}, "\n".join(lines[i + 1:])
    return {}, text


def _records(files, folder, decode, meta):
    records, parse_q = [], []
    for f in files:
        source = str(f)
        doc_id = str(f.relative_to(folder).with_suffix("")).replace("\\", "/")
        try:
            fields = decode(f)
        except UnicodeDecodeError as exc:
            parse_q.append({"source": source, "line": 1, "doc_id": doc_id,
                            "reason": UNDECODABLE.format(encoding="utf-8") + f" at byte {exc.start}", "raw": ""})
            continue
        except ValueError as exc:
            parse_q.append({"source": source, "line": 1, "doc_id": doc_id, "reason": str(exc), "raw": ""})
            continue
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


def read_txt_folder(
    path: str | Path,
    *,
    metadata: str | Path | pd.DataFrame | None = None,
    pattern: str = "*.txt",
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    **kwargs,
):
    """Read a folder of plain-text articles, one per file (searched recursively).

    Parameters
    ----------
    path : str or Path
        The folder.
    metadata : path or DataFrame, optional
        Table with a ``doc_id`` (or ``file``) column matching file names without extension,
        and any canonical columns (``outlet``, ``published``, ``title``, ``url`` …).
        Front matter in a file wins over the table.
    pattern : str, default "*.txt"
    outlet : str, optional
        Outlet for files that name none (e.g. a folder scraped from one site).
    **kwargs
        Passed to :func:`~toolkit.corpus.validate.validate`.

    Returns
    -------
    CorpusTable
        Files without an outlet, with undecodable bytes or with empty text are quarantined.
    """
    folder = Path(path)
    files = _folder(folder, pattern)

    def decode(f: Path) -> dict:
        fields, body = split_front_matter(f.read_bytes().decode("utf-8").replace("\r\n", "\n"))
        return {**fields, "text": body}

    frame, parse_q = _records(files, folder, decode, _metadata(metadata))
    if outlet is not None:
        frame["outlet"] = frame["outlet"].fillna(outlet)
    return _finish(frame, parse_q, source=str(folder), columns=columns, **kwargs)


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
    **kwargs,
):
    """Read a folder of saved HTML pages; the main text is extracted with trafilatura.

    Outlet comes from ``metadata``, else ``outlet``, else the page's site name. Pages where
    no main text is found (fewer than ``min_chars`` characters extracted, e.g. a navigation
    page) are quarantined with that reason.

    Parameters are as for :func:`read_txt_folder`, plus ``min_chars`` (default 40).
    """
    folder = Path(path)
    files = _folder(folder, pattern)

    def decode(f: Path) -> dict:
        fields = extract_html(f.read_bytes().decode("utf-8"))
        n = len((fields.get("text") or "").strip())
        if n < min_chars:
            raise ValueError(f"no main text found in the page ({n} characters extracted, expected >= {min_chars})")
        site = fields.pop("site", None)
        fields["outlet"] = outlet or site
        return {k: v for k, v in fields.items() if v is not None}

    frame, parse_q = _records(files, folder, decode, _metadata(metadata))
    return _finish(frame, parse_q, source=str(folder), columns=columns, **kwargs)
