"""The canonical article table: column names, dtypes and the quarantine table.

Every part of the toolkit reads and writes this table (see ``corpora/README.md``)::

    doc_id     str             unique, non-empty
    outlet     str             non-empty
    published  datetime (UTC)  missing only where the source has no date
    title      str             may be empty
    text       str             non-empty after cleaning
    url, event_id, lean, language   str or missing

Extra columns are kept as they are.

What the columns mean (issue #13):

``outlet``
    The canonical outlet name from the outlet registry (:mod:`toolkit.corpus.outlets`), which
    :func:`toolkit.corpus.validate` applies to every reader and dataset adapter; the value as
    given stays in ``outlet_raw``. Where the source names no outlet, ``outlet`` is
    :data:`UNKNOWN_OUTLET` (``"unknown"``) and ``source_dataset`` says which dataset the row
    comes from (every dataset adapter writes ``source_dataset``); a dataset's name is never an
    outlet. People and bylines found in an outlet field go to ``author``.
``lean``
    The *outlet's* lean on :data:`LEAN_SCALE`, with ``lean_source`` (``allsides``, ``mbfc``,
    ``allsides-3pt``, a dataset's name, ``input`` for a user's own value, or
    ``registry:<source>`` when filled from the registry). Non-lean labels (``questionable``,
    ``mixed``) are in ``outlet_rating``; article-level ideology in its own column
    (``article_ideology``); an author's rating in ``author_lean``.
``event_id``
    Only same-event gold given by the source (BASIL triplets, PAC story pairs, NeuS stories,
    Emergent claims, UN sessions, demo events). Looser groupings are a ``storyline`` (RUWA's
    keyword buckets).
``language``
    ISO 639-1 code detected from title and text (:mod:`toolkit.corpus.language`), ``und``
    when unsure.
"""

from __future__ import annotations

import pandas as pd

#: Columns every canonical table carries, in this order.
REQUIRED_COLUMNS: tuple[str, ...] = ("doc_id", "outlet", "published", "title", "text")
#: Optional canonical columns; added as missing values when a source lacks them.
OPTIONAL_COLUMNS: tuple[str, ...] = ("url", "event_id", "lean", "language")
CANONICAL_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
#: Columns a *source* must provide (``published``/``title`` may be absent and are filled as missing/empty).
SOURCE_REQUIRED: tuple[str, ...] = ("doc_id", "outlet", "text")

#: The quarantine table: one row per rejected input row.
QUARANTINE_COLUMNS: tuple[str, ...] = ("source", "line", "doc_id", "field", "reason", "raw")

#: Largest accepted size of any single text field, in bytes (UTF-8).
MAX_FIELD_BYTES = 5 * 1024 * 1024

#: Internal provenance columns readers attach; ``validate`` consumes and removes them.
SOURCE_COL = "_source"
LINE_COL = "_line"

#: Columns added by the outlet registry / dataset adapters (see the module docstring).
PROVENANCE_COLUMNS: tuple[str, ...] = ("outlet_raw", "lean_source", "source_dataset")
#: A grouping looser than a same-event group (e.g. RUWA's keyword buckets); never an ``event_id``.
STORYLINE_COLUMN = "storyline"

#: ``outlet`` value for rows whose source names no outlet (the dataset goes in ``source_dataset``).
#: Outlet comparisons (:mod:`toolkit.compare`) exclude it by default, with a warning.
UNKNOWN_OUTLET = "unknown"
#: The one outlet-lean scale (for the *outlet*, with ``lean_source``), left to right.
LEAN_SCALE: tuple[str, ...] = ("left", "lean-left", "center", "lean-right", "right")

STRING_COLUMNS = ("doc_id", "outlet", "title", "text", "url", "event_id", "lean", "language")


class CorpusError(ValueError):
    """A whole input (file or table) cannot be read as a corpus.

    Row-level problems never raise: they become quarantine rows. This error is for problems
    that make every row unreadable (a missing file, a missing required column, an empty file).
    """


def empty_quarantine() -> pd.DataFrame:
    """Return an empty quarantine table with the canonical columns and dtypes."""
    return pd.DataFrame(
        {
            "source": pd.Series([], dtype="string"),
            "line": pd.Series([], dtype="Int64"),
            "doc_id": pd.Series([], dtype="string"),
            "field": pd.Series([], dtype="string"),
            "reason": pd.Series([], dtype="string"),
            "raw": pd.Series([], dtype="string"),
        }
    )


def quarantine_frame(rows: list[dict]) -> pd.DataFrame:
    """Build a quarantine table from a list of dicts with (a subset of) :data:`QUARANTINE_COLUMNS`."""
    if not rows:
        return empty_quarantine()
    frame = pd.DataFrame(rows).reindex(columns=list(QUARANTINE_COLUMNS))
    return frame.astype(
        {"source": "string", "line": "Int64", "doc_id": "string", "field": "string",
         "reason": "string", "raw": "string"}
    )


def empty_articles() -> pd.DataFrame:
    """Return an empty canonical article table with the canonical dtypes."""
    frame = pd.DataFrame({c: pd.Series([], dtype="string") for c in CANONICAL_COLUMNS})
    frame["published"] = pd.Series([], dtype="datetime64[ns, UTC]")
    return frame


def check_columns(frame: pd.DataFrame, *, source: str, required: tuple[str, ...] = SOURCE_REQUIRED) -> None:
    """Raise :class:`CorpusError` when ``frame`` lacks a column every row needs.

    Parameters
    ----------
    frame : DataFrame
        Table as read from ``source``.
    source : str
        Where the table came from (file path or description), named in the error.
    required : tuple of str
        Column names that must be present.
    """
    missing = [c for c in required if c not in frame.columns]
    if missing:
        found = ", ".join(map(str, frame.columns)) or "(no columns)"
        raise CorpusError(
            f"{source}: missing required column(s) {missing}. Expected at least {list(required)}; "
            f"found: {found}. Rename the columns (e.g. with `columns={{'body': 'text'}}` in the reader) "
            f"or add them."
        )
