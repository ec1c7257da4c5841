"""Turn any table of articles into the canonical table plus a quarantine table.

Nothing vanishes: every input row is either kept or quarantined with the file, line and
reason, so ``n_read == len(articles) + len(quarantine)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .clean import clean_articles, looks_like_html
from .dates import AMBIGUOUS_COLUMN, ISSUE_COLUMN, parse_dates, parse_published
from .exact_duplicates import EXACT_DUP_COLUMN, flag_exact_duplicates
from .language import detect_languages as _detect_languages
from .outlets import OutletRegistry, canonical_outlets, empty_outlet_report
from .raw_text import cleaning_enabled
from .schema import (
    CANONICAL_COLUMNS,
    LINE_COL,
    MAX_FIELD_BYTES,
    OPTIONAL_COLUMNS,
    SOURCE_COL,
    STRING_COLUMNS,
    CorpusError,
    check_columns,
    empty_quarantine,
    quarantine_frame,
)

#: Quarantine reasons, as they appear in the ``reason`` column.
REASONS = {
    "too_large": "field over 5 MB",
    "missing_doc_id": "missing doc_id",
    "missing_outlet": "missing outlet",
    "empty_text": "empty or whitespace-only text",
    "bad_date": "unparseable date",
    "only_boilerplate": "text is only boilerplate (nothing left after cleaning)",
    "duplicate_doc_id": "duplicate doc_id (first occurrence kept)",
}


@dataclass
class CorpusTable:
    """What every reader and :func:`validate` return.

    Unpacks as ``articles, quarantine = read_csv(...)``.

    Attributes
    ----------
    articles : DataFrame
        The canonical article table (kept rows).
    quarantine : DataFrame
        One row per rejected input row: ``source, line, doc_id, field, reason, raw``.
    cleaning : DataFrame
        One row per cleaning change on a kept or quarantined document: ``doc_id, step, removed``.
    n_read : int
        Rows read from the input; always ``len(articles) + len(quarantine)``.
    outlets : DataFrame
        The outlet report: one row per outlet name as given, ``outlet_raw, outlet, status, n``
        (status ``unknown`` for names the outlet registry does not know; see
        :func:`toolkit.corpus.outlets.canonical_outlets`).
    notes : list of str
        Lines for the summary from reading and validation (detected encoding and confidence,
        ambiguous or implausible dates, skipped symlinks …).

    Notes
    -----
    ``articles`` carries an ``exact_dup_of`` column (see :mod:`toolkit.corpus.exact_duplicates`):
    the ``doc_id`` of the first article with the same normalised text, for later copies; they are
    kept, and counted in :attr:`counts` and :meth:`summary`.
    """

    articles: pd.DataFrame
    quarantine: pd.DataFrame
    cleaning: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["doc_id", "step", "removed"]))
    n_read: int = 0
    outlets: pd.DataFrame = field(default_factory=empty_outlet_report)
    notes: list[str] = field(default_factory=list)

    def __iter__(self):
        yield self.articles
        yield self.quarantine

    @property
    def counts(self) -> dict[str, int]:
        """``{'read': N, 'kept': K, 'quarantined': Q}``."""
        return {"read": self.n_read, "kept": len(self.articles), "quarantined": len(self.quarantine)}

    @property
    def n_exact_duplicates(self) -> int:
        """Kept articles whose normalised text repeats an earlier article's (``exact_dup_of`` set)."""
        if EXACT_DUP_COLUMN not in self.articles:
            return 0
        return int(self.articles[EXACT_DUP_COLUMN].notna().sum())

    def summary(self) -> str:
        """Human-readable summary; the last line is exactly ``read N kept K quarantined Q``."""
        lines = []
        if len(self.quarantine):
            lines.append("quarantined rows by reason:")
            for reason, n in self.quarantine["reason"].value_counts().sort_index().items():
                lines.append(f"  {n:6d}  {reason}")
        if len(self.cleaning):
            lines.append("cleaning changes by step:")
            for step, n in self.cleaning["step"].value_counts().sort_index().items():
                lines.append(f"  {n:6d}  {step}")
        if self.n_exact_duplicates:
            n_first = self.articles[EXACT_DUP_COLUMN].nunique()
            lines.append(f"exact duplicate texts: {self.n_exact_duplicates} kept articles repeat the text of "
                         f"{n_first} earlier one(s) (flagged in exact_dup_of, not dropped)")
        unknown = self.outlets[self.outlets["status"] == "unknown"] if len(self.outlets) else self.outlets
        if len(unknown):
            lines.append(f"outlets not in the registry (kept as given): {len(unknown)}")
            for row in unknown.head(20).itertuples():
                lines.append(f"  {row.n:6d}  {row.outlet_raw}")
            if len(unknown) > 20:
                lines.append(f"  … and {len(unknown) - 20} more (CorpusTable.outlets)")
        lines.extend(dict.fromkeys(self.notes))
        c = self.counts
        lines.append(f"read {c['read']} kept {c['kept']} quarantined {c['quarantined']}")
        return "\n".join(lines)

    def with_failures(self, failures: list[dict], notes: list[str] = ()) -> "CorpusTable":
        """Add rows that could not be parsed at all (see :func:`toolkit.corpus.readers.parse_failure`).

        They join the quarantine (sorted by line) and count as read, keeping
        ``n_read == len(articles) + len(quarantine)``.
        """
        if not failures:
            return self if not notes else CorpusTable(self.articles, self.quarantine, self.cleaning, self.n_read,
                                                      self.outlets, [*self.notes, *notes])
        q = pd.concat([quarantine_frame(failures), self.quarantine], ignore_index=True)
        q = q.sort_values(["source", "line"], kind="stable", na_position="last").reset_index(drop=True)
        return CorpusTable(self.articles, q, self.cleaning, n_read=self.n_read + len(failures), outlets=self.outlets,
                           notes=[*self.notes, *notes])

    @classmethod
    def concat(cls, parts: list["CorpusTable"]) -> "CorpusTable":
        """Combine tables read from several files (doc_ids must already be unique across them)."""
        if not parts:
            raise CorpusError("nothing to combine: expected at least one table, found none.")
        articles = pd.concat([p.articles for p in parts], ignore_index=True)
        if EXACT_DUP_COLUMN in articles:  # a text may repeat one read from another file
            articles[EXACT_DUP_COLUMN] = flag_exact_duplicates(articles)
        return cls(
            articles=articles,
            quarantine=pd.concat([p.quarantine for p in parts], ignore_index=True),
            cleaning=pd.concat([p.cleaning for p in parts], ignore_index=True),
            n_read=sum(p.n_read for p in parts),
            outlets=_merge_reports([p.outlets for p in parts]),
            notes=[n for p in parts for n in p.notes],
        )


def _merge_reports(reports: list[pd.DataFrame]) -> pd.DataFrame:
    reports = [r for r in reports if len(r)]
    if not reports:
        return empty_outlet_report()
    merged = pd.concat(reports, ignore_index=True).groupby(["outlet_raw", "outlet", "status"], sort=True)["n"].sum()
    return (merged.reset_index().sort_values(["status", "n", "outlet_raw"], ascending=[True, False, True],
                                             kind="stable").reset_index(drop=True))


def _raw_repr(row: pd.Series, limit: int = 500) -> str:
    items = {k: v for k, v in row.items() if k not in (SOURCE_COL, LINE_COL)}
    text = repr(items)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def _as_string(v: object) -> object:
    """A cell of a text column as str (lists, dicts and numbers as their text), missing as is."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (list, tuple, dict, set)):
        return str(v)
    try:
        return v if pd.isna(v) else str(v)
    except (TypeError, ValueError):  # array-likes
        return str(v)


def _blank(values: pd.Series) -> pd.Series:
    s = values.astype("string")
    return s.isna() | (s.str.strip() == "")


def validate(
    frame: pd.DataFrame,
    *,
    source: str = "<table>",
    clean: bool = True,
    detect_languages: bool = True,
    first_line: int = 1,
    outlets: OutletRegistry | bool = True,
    dayfirst: bool | None = None,
) -> CorpusTable:
    """Check a table against the canonical schema; quarantine bad rows, clean the rest.

    Parameters
    ----------
    frame : DataFrame
        At least ``doc_id``, ``outlet`` and ``text`` columns. ``published``, ``title`` and the
        optional canonical columns are added when absent. Readers attach ``_source``/``_line``
        provenance columns; without them, rows are numbered from ``first_line``.
    source : str
        Name of the input, used in quarantine rows and errors.
    clean : bool, default True
        Run :func:`toolkit.corpus.clean.clean_articles` on the text (never inside a
        :func:`toolkit.corpus.raw_text.raw_text` block).
    detect_languages : bool, default True
        Fill missing ``language`` values with :func:`toolkit.corpus.language.detect_language`
        (title and text; ``"und"`` when unsure), whether or not the text is cleaned.
    first_line : int, default 1
        Number given to the first row when the frame has no ``_line`` column.
    outlets : OutletRegistry or bool, default True
        Map ``outlet`` and ``lean`` of the kept rows through the outlet registry
        (:func:`toolkit.corpus.outlets.canonical_outlets`; True = the packaged registry):
        adds ``outlet_raw`` and ``lean_source`` (and ``outlet_rating``, ``author``,
        ``author_lean`` where any row has one); unknown outlet names are kept, reported in
        ``CorpusTable.outlets`` and warned about. False leaves both columns as given.
    dayfirst : bool, optional
        Order of ambiguous numeric day/month dates (``05/01/2020``); None reads them month-first.
        Either way they are flagged (``date_ambiguous``) and counted in the summary. The whole
        date policy is in :mod:`toolkit.corpus.dates`.

    Returns
    -------
    CorpusTable
        Kept articles, quarantine, cleaning report and the count of rows read. The kept articles
        carry an ``exact_dup_of`` column (:func:`toolkit.corpus.exact_duplicates.flag_exact_duplicates`,
        computed on the cleaned text, with or without ``clean``): exact duplicates are flagged, never
        dropped.

    Raises
    ------
    CorpusError
        When a required column is missing (every row would fail).
    """
    check_columns(frame, source=source)
    n = len(frame)
    df = frame.copy()
    df.index = pd.RangeIndex(n)
    if SOURCE_COL not in df:
        df[SOURCE_COL] = source
    if LINE_COL not in df:
        df[LINE_COL] = range(first_line, first_line + n)
    for col in ("published", "title", *OPTIONAL_COLUMNS):
        if col not in df:
            df[col] = pd.NA
    for col in STRING_COLUMNS:
        if not pd.api.types.is_string_dtype(df[col]) or df[col].dtype == object:
            df[col] = df[col].map(_as_string)
        df[col] = df[col].astype("string")
    df["doc_id"] = df["doc_id"].str.strip()
    df["outlet"] = df["outlet"].str.strip()
    df["title"] = df["title"].fillna("")

    reason = pd.Series(pd.NA, index=df.index, dtype="string")
    bad_field = pd.Series(pd.NA, index=df.index, dtype="string")

    def flag(mask: pd.Series, key: str, column: str) -> None:
        mask = mask.fillna(False).astype(bool) & reason.isna()
        reason[mask] = REASONS[key]
        bad_field[mask] = column

    for col in [c for c in df.columns if c not in (SOURCE_COL, LINE_COL)]:
        if pd.api.types.is_string_dtype(df[col]) or df[col].dtype == object:
            lengths = df[col].map(lambda v: len(v.encode("utf-8", "surrogatepass")) if isinstance(v, str) else 0)
            flag(lengths > MAX_FIELD_BYTES, "too_large", col)
    flag(_blank(df["doc_id"]), "missing_doc_id", "doc_id")
    flag(_blank(df["outlet"]), "missing_outlet", "outlet")
    flag(_blank(df["text"]), "empty_text", "text")
    dates = parse_published(df["published"], dayfirst=dayfirst)
    published, bad_date = dates.published, dates.bad
    flag(bad_date, "bad_date", "published")

    raw_published = df["published"]
    df["published"] = published
    ok = reason.isna()
    cleaning = pd.DataFrame(columns=["doc_id", "step", "removed"]).astype("string")
    if clean and cleaning_enabled() and ok.any():
        cleaned, cleaning = clean_articles(df.loc[ok], detect_languages=False)
        df.loc[ok, "text"] = cleaned["text"]
        df.loc[ok, "title"] = cleaned["title"]
        flag(ok & _blank(df["text"]), "only_boilerplate", "text")
    ok = reason.isna()
    if detect_languages:
        todo = ok & df["language"].isna()
        if todo.any():
            df.loc[todo, "language"] = _detect_languages(df.loc[todo, "text"], df.loc[todo, "title"])
    dup = ok & df["doc_id"].where(ok).duplicated(keep="first") & df["doc_id"].notna()
    flag(dup, "duplicate_doc_id", "doc_id")
    ok = reason.isna()

    q_idx = df.index[~ok]
    raw_frame = frame.copy()
    raw_frame.index = pd.RangeIndex(n)
    qrows = []
    for i in q_idx:
        raw_row = raw_frame.loc[i]
        col = bad_field[i]
        if reason[i] == REASONS["bad_date"]:
            raw = str(raw_published[i])
        elif reason[i] == REASONS["too_large"]:
            raw = f"<{col}: {len(str(raw_row[col]).encode('utf-8', 'surrogatepass'))} bytes>"
        else:
            raw = _raw_repr(raw_row)
        qrows.append(
            {
                "source": str(df.at[i, SOURCE_COL]),
                "line": int(df.at[i, LINE_COL]),
                "doc_id": None if pd.isna(df.at[i, "doc_id"]) else str(df.at[i, "doc_id"])[:200],
                "field": col,
                "reason": reason[i],
                "raw": raw,
            }
        )
    quarantine = quarantine_frame(qrows) if qrows else empty_quarantine()

    notes = []
    if dates.ambiguous[ok].any():
        df[AMBIGUOUS_COLUMN] = dates.ambiguous
        n_amb = int(dates.ambiguous[ok].sum())
        order = "day-first as asked (dayfirst=True)" if dayfirst else (
            "month-first as asked (dayfirst=False)" if dayfirst is False
            else "month-first; pass --dayfirst / dayfirst=True if the source writes day/month")
        notes.append(f"ambiguous day/month dates: {n_amb} (read {order}; flagged in {AMBIGUOUS_COLUMN})")
    if dates.issue[ok].notna().any():
        df[ISSUE_COLUMN] = dates.issue
        n_issue = int(dates.issue[ok].notna().sum())
        notes.append(f"implausible dates (before 1900 or after load time): {n_issue} kept with published "
                     f"missing (value in {ISSUE_COLUMN})")
    kept = df.loc[ok].drop(columns=[SOURCE_COL, LINE_COL])
    kept[EXACT_DUP_COLUMN] = flag_exact_duplicates(kept)  # replaces a column of that name from the input
    extra = [c for c in kept.columns if c not in CANONICAL_COLUMNS]
    kept = kept[list(CANONICAL_COLUMNS) + extra].reset_index(drop=True)
    report = empty_outlet_report()
    if outlets is not False:
        mapped = canonical_outlets(kept, None if outlets is True else outlets, source=source)
        kept, report = mapped.articles, mapped.report
    if len(cleaning):
        cleaning = cleaning.reset_index(drop=True)
    return CorpusTable(kept, quarantine, cleaning, n_read=n, outlets=report, notes=notes)


__all__ = ["CorpusTable", "validate", "parse_dates", "REASONS", "looks_like_html"]
