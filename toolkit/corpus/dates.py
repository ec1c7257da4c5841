"""The one date policy of the corpus layer: how ``published`` values become UTC timestamps.

Every reader and every dataset adapter goes through :func:`parse_published` (via
:func:`toolkit.corpus.validate`), so the rules below are the same for all sources.

Accepted forms
    * ISO 8601, with or without a zone (``2024-03-05``, ``2024-03-05T09:00:00+02:00``,
      ``20240305``); a value without a zone is taken as UTC.
    * RFC 2822 (``Tue, 05 Mar 2024 08:00:00 GMT``).
    * Month-name forms (``March 5, 2024``, ``5 March 2024``, ``Mar 5 2024 10:00``).
    * Epoch seconds (9–10 digits, e.g. ``1709625600``) and epoch milliseconds (12–13 digits),
      as text or numbers; a fractional part is allowed.
    * Numeric day/month forms with the year last (``05/03/2024``, ``5.3.2024``, ``05-03-2024``,
      two-digit years read as 20xx/19xx by the usual pivot).

Day/month order
    When the first number is above 12 the value is day-first, when the second is, month-first:
    no guess is needed. When both are 12 or below and differ (``05/01/2020``) the value is
    *ambiguous*: it is read month-first unless ``dayfirst=True`` is given, and flagged — the row
    carries ``date_ambiguous = True`` and the summary counts such rows, naming the option.

The plausibility rule (one rule for every source)
    A date before **1900-01-01** or after **the time of loading plus one day** (the day of slack
    covers local dates east of UTC) is not trusted: the row is **kept**, ``published`` is set
    missing and the value as given goes into the ``date_issue`` column, prefixed with why
    (``before 1900: 0001-11-30``, ``after load time: 2050-09-30``). Placeholders such as
    ``0001-01-01`` and far-future typos are thus never treated as real dates, and never cost an
    article. Values that are no date at all (``not a date``, ``2024-13-45``) are quarantined with
    reason ``unparseable date``.

The ``date_ambiguous`` and ``date_issue`` columns are only added to a table where some row
needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

#: Earliest date trusted as a publication date.
EARLIEST = pd.Timestamp("1900-01-01T00:00:00Z")
#: Slack allowed after the time of loading (local dates east of UTC).
FUTURE_SLACK = pd.Timedelta(days=1)
#: Column flagging ambiguous day/month values.
AMBIGUOUS_COLUMN = "date_ambiguous"
#: Column holding implausible dates (before 1900 / after load time) as given.
ISSUE_COLUMN = "date_issue"

_EPOCH = re.compile(r"^[+-]?(\d+)(?:\.\d+)?$")
_NUMERIC_DMY = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[ T])(.*)$")


@dataclass
class ParsedDates:
    """What :func:`parse_published` returns; all Series share the input's index.

    Attributes
    ----------
    published : Series of datetime64[ns, UTC]
        Parsed dates; NaT where missing, unparseable or implausible.
    bad : Series of bool
        Present but not a date at all (to be quarantined).
    ambiguous : Series of bool
        Day/month order not determined by the value itself.
    issue : Series of string
        ``"before 1900: RAW"`` / ``"after load time: RAW"`` for implausible dates, else missing.
    """

    published: pd.Series
    bad: pd.Series
    ambiguous: pd.Series
    issue: pd.Series


def _as_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, (list, tuple, dict, set)):
        return str(v)  # no date: quarantined as unparseable
    try:
        if not isinstance(v, str) and pd.isna(v):
            return None
    except (TypeError, ValueError):  # array-likes
        return str(v)
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v).strip()
    return s or None


def _epoch(digits: str, whole: str) -> pd.Timestamp | None:
    n = len(digits)
    unit = "s" if 9 <= n <= 10 else "ms" if 12 <= n <= 13 else None
    if unit is None:
        return None
    try:
        return pd.Timestamp(float(whole), unit=unit, tz="UTC")
    except (ValueError, OverflowError):
        return None


def _numeric_dmy(m: re.Match, dayfirst: bool | None) -> tuple[str, bool]:
    a, b, year, rest = int(m.group(1)), int(m.group(3)), m.group(4), m.group(5)
    if len(year) == 2:
        y = int(year)
        year = str(2000 + y if y < 69 else 1900 + y)
    if a > 12:
        day, month, ambiguous = a, b, False
    elif b > 12:
        day, month, ambiguous = b, a, False
    else:
        ambiguous = a != b
        day, month = (a, b) if dayfirst else (b, a)
    return f"{year}-{month:02d}-{day:02d}{rest}", ambiguous


def _parse_one(text: str) -> pd.Timestamp | None:
    """Parse one non-numeric-order value; None when it is no date. Out-of-ns-range years parse via dateutil."""
    try:
        ts = pd.Timestamp(text)
    except (ValueError, OverflowError, TypeError):
        ts = None
    except Exception:  # pandas raises OutOfBoundsDatetime (a ValueError) and a few parser errors
        ts = None
    if ts is not None and not pd.isna(ts):
        return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return None


def _out_of_range_year(text: str) -> int | None:
    """Year of a date pandas cannot hold (e.g. ``0001-11-30``), or None when it is no date."""
    from dateutil import parser

    try:
        return parser.parse(text, default=datetime(2000, 1, 1)).year
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        return None


def parse_published(values: pd.Series, *, dayfirst: bool | None = None, now: pd.Timestamp | None = None
                    ) -> ParsedDates:
    """Apply the date policy (module docstring) to a column of ``published`` values.

    Parameters
    ----------
    values : Series
        Strings, numbers (epoch), datetimes, or a mix; missing or blank values stay missing.
    dayfirst : bool, optional
        Order for ambiguous numeric day/month values; None (default) reads them month-first.
        Either way they are flagged in ``ambiguous``.
    now : Timestamp, optional
        The time of loading (default: now, UTC); dates after ``now + 1 day`` are implausible.

    Returns
    -------
    ParsedDates
    """
    now = pd.Timestamp.now(tz="UTC") if now is None else pd.Timestamp(now)
    now = now.tz_localize("UTC") if now.tzinfo is None else now.tz_convert("UTC")
    latest = now + FUTURE_SLACK
    idx = values.index
    published = pd.Series(pd.NaT, index=idx, dtype="datetime64[ns, UTC]")
    bad = pd.Series(False, index=idx)
    ambiguous = pd.Series(False, index=idx)
    issue = pd.Series(pd.NA, index=idx, dtype="string")
    if len(values) == 0:
        return ParsedDates(published, bad, ambiguous, issue)

    if pd.api.types.is_datetime64_any_dtype(values):
        got = pd.to_datetime(values, utc=True).astype("datetime64[ns, UTC]")
        texts = pd.Series([None if pd.isna(t) else t.isoformat() for t in got], index=idx, dtype=object)
        stamps: dict = {i: t for i, t in got.items() if not pd.isna(t)}
    else:
        texts = pd.Series([_as_text(v) for v in values], index=idx, dtype=object)
        stamps = {}
        pending: dict = {}
        for i, text in texts.items():
            if text is None:
                continue
            m = _EPOCH.match(text)
            if m and len(m.group(1)) != 8:  # 8 digits is ISO basic YYYYMMDD
                ts = _epoch(m.group(1), text)
                if ts is None:
                    bad[i] = True
                else:
                    stamps[i] = ts
                continue
            m = _NUMERIC_DMY.match(text)
            if m:
                text, ambiguous[i] = _numeric_dmy(m, dayfirst)
            pending[i] = text
        if pending:
            keys = list(pending)
            raw = pd.Series([pending[k] for k in keys], index=keys, dtype=object)
            got = pd.to_datetime(raw, utc=True, errors="coerce", format="mixed")
            for i, ts in got.items():
                if not pd.isna(ts):
                    stamps[i] = ts
                    continue
                one = _parse_one(pending[i])
                if one is not None:
                    stamps[i] = one
                    continue
                year = _out_of_range_year(pending[i])
                if year is None:
                    bad[i] = True
                elif year < EARLIEST.year:
                    issue[i] = f"before 1900: {texts[i]}"
                else:
                    issue[i] = f"after load time: {texts[i]}"
    ok_rows, ok_stamps = [], []
    for i, ts in stamps.items():
        if ts < EARLIEST:
            issue[i] = f"before 1900: {texts[i]}"
        elif ts > latest:
            issue[i] = f"after load time: {texts[i]}"
        else:
            ok_rows.append(i)
            ok_stamps.append(ts)
    if ok_rows:  # one assignment: a per-row Series.__setitem__ was most of the time on large batches
        published.loc[ok_rows] = pd.to_datetime(ok_stamps, utc=True).astype(published.dtype)
    return ParsedDates(published, bad, ambiguous, issue)


def parse_dates(values: pd.Series, *, dayfirst: bool | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse dates to UTC under the policy; return ``(parsed, bad)`` (see :func:`parse_published`).

    ``bad`` marks present values that are no date at all; implausible dates are NaT in
    ``parsed`` and not ``bad``.
    """
    got = parse_published(values, dayfirst=dayfirst)
    return got.published, got.bad


__all__ = ["AMBIGUOUS_COLUMN", "EARLIEST", "FUTURE_SLACK", "ISSUE_COLUMN", "ParsedDates", "parse_dates",
           "parse_published"]

