"""Adapters for official statements: presidential press releases, US government statements, UN speeches.

Three datasets where the "outlet" is a government voice rather than a newspaper:

``kremlin_ukraine_president_press_releases``
    English press releases of the Kremlin and of the Ukrainian presidency, 24 Oct 2021 – 24 Jun 2022.
``us_gov_ukraine_statements_2022``
    Statements on Russia–Ukraine by the White House and the State, Defense and Treasury departments.
``un_general_debate``
    UN General Debate speeches 2000–2024, one per state per session; the state is the outlet and
    the session is the shared event.

Outlet names go through the outlet registry (:mod:`toolkit.corpus.outlets`; offices are of kind
``government office``, UN members of kind ``state``); ``source_dataset`` names the dataset and
``language`` is detected per document, never assumed.

Corpus text never enters the repository: everything here reads the files at load time.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from ...corpus import validate
from ...corpus.readers import read_csv_records, read_jsonl_records
from ...corpus.schema import LINE_COL, SOURCE_COL
from ...corpus.validate import CorpusTable
from ..registry import register

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# -- shared helpers ------------------------------------------------------------------------------


def _squash(values: pd.Series) -> pd.Series:
    """Fold every run of whitespace (tabs, line breaks, no-break spaces) to one space and strip."""
    return values.str.replace(r"\s+", " ", regex=True).str.strip()


# -- Kremlin vs Ukrainian presidency ---------------------------------------------------------------

#: Per file: doc_id prefix, outlet name, pattern of the site's numeric id in the link, site time zone.
PRESS_RELEASE_FILES = {
    "putin.csv": ("kremlin", "Kremlin (President of Russia)", r"/(\d+)$", "Europe/Moscow"),
    "zelenskyy.csv": ("president_gov_ua", "Office of the President of Ukraine", r"-(\d+)$", "Europe/Kyiv"),
}


def _local_to_utc(wall_clock: pd.Series, zone: str) -> pd.Series:
    """Read site wall-clock times (written with a spurious ``Z``) as local time in ``zone``; return UTC."""
    naive = pd.to_datetime(wall_clock.str.rstrip("Z"), errors="coerce", format="ISO8601")
    local = naive.dt.tz_localize(zone, ambiguous=np.zeros(len(naive), dtype=bool), nonexistent="shift_forward")
    return local.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")


def _read_csv(path: Path) -> tuple[pd.DataFrame, list[dict]]:
    """A CSV as string records with provenance, plus parse failures (see ``read_csv_records``)."""
    frame, problems = read_csv_records(path)
    return frame.drop(columns="_record"), problems


def _press_release_frame(root: Path, name: str) -> tuple[pd.DataFrame, list[dict]]:
    """One site's CSV as canonical columns (see :func:`load_press_releases`) plus parse problems."""
    prefix, outlet, id_pattern, zone = PRESS_RELEASE_FILES[name]
    raw, problems = _read_csv(root / name)
    site_id = raw["link"].str.extract(id_pattern, expand=False).fillna(raw["link"])
    frame = pd.DataFrame({
        "doc_id": prefix + ":" + site_id,
        "outlet": outlet,
        "published": _local_to_utc(raw["date"], zone),
        "title": raw["headline"].fillna(""),
        "text": raw["body"],
        "url": raw["link"],
        "source_dataset": "kremlin_ukraine_president_press_releases",
        "published_local": raw["date"].str.rstrip("Z"),
        "site_timezone": pd.Series(zone, index=raw.index, dtype="string"),
    })
    for col in ("location", "summary"):  # Kremlin only; R wrote missing values as "NA"
        values = raw[col] if col in raw else pd.Series(pd.NA, index=raw.index, dtype="string")
        frame[col] = values.mask(values.isin(["NA", ""]))
    frame[SOURCE_COL] = raw[SOURCE_COL]
    frame[LINE_COL] = raw[LINE_COL]
    return frame, problems


@register("kremlin_ukraine_president_press_releases")
def load_press_releases(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """Kremlin vs Ukrainian presidency English press releases, Oct 2021 – Jun 2022 (two official outlets).

    Parameters
    ----------
    root : Path
        Folder holding ``putin.csv`` (en.kremlin.ru) and ``zelenskyy.csv`` (president.gov.ua/en).

    Returns
    -------
    table : CorpusTable
        One article per press release. ``doc_id`` is ``kremlin:<site id>`` or
        ``president_gov_ua:<site id>`` (the number ending each link). ``outlet`` is
        ``"Kremlin (President of Russia)"`` or ``"Office of the President of Ukraine"``.
        The scrapers stored each site's *local* wall-clock time with a ``Z`` suffix (lubridate's
        default zone); ``published`` reads it as Europe/Moscow or Europe/Kyiv time and converts to
        UTC; ``published_local`` keeps the time as shown on the site and ``site_timezone`` its zone.
        Extra columns: ``location`` and ``summary`` (Kremlin only; missing elsewhere).
    tables : dict
        Empty: the dataset has no annotations.
    """
    parts, problems = [], []
    for name in PRESS_RELEASE_FILES:
        frame, bad = _press_release_frame(root, name)
        parts.append(frame)
        problems.extend(bad)
    frame = pd.concat(parts, ignore_index=True)
    table = validate(frame, source=str(root))
    return table.with_failures(problems), {}


# -- US government statements ---------------------------------------------------------------------

#: ``source`` values of Government_Data.csv → outlet names.
US_GOV_OUTLETS = {
    "whitehouse": "The White House",
    "department_of_state": "U.S. Department of State",
    "department_of_defense": "U.S. Department of Defense",
    "department_of_treasury": "U.S. Department of the Treasury",
}
#: Sources whose ``date`` column is not the statement's date: every Treasury row carries the
#: same collection date (April 17, 2023), so ``published`` is left missing for them.
US_GOV_UNDATED = ("department_of_treasury",)
#: Excel's escape for a carriage return, left in the text by the xlsx → csv conversion.
EXCEL_CR = "_x000D_"
#: Longest text an Excel cell holds; texts of exactly this length were cut off by Excel.
EXCEL_CELL_LIMIT = 32767
#: Site pages (not statements) that the scraper stored as the text of some State rows; each is
#: recognised by its first line. Rows whose text is shared verbatim by differently titled rows
#: are flagged as templates too (see :func:`_us_gov_flags`).
STATE_TEMPLATE_OPENERS = ("Countries & Areas", "Contact Us")


def _us_date(values: pd.Series) -> pd.Series:
    """Parse ``September 30, 2022`` / ``Feb. 24, 2023`` / ``Sept. 30, 2022`` to ISO dates (strings)."""
    norm = values.str.replace(".", "", regex=False).str.replace(r"^Sept\b", "Sep", regex=True)
    parsed = pd.to_datetime(norm, errors="coerce", format="mixed")
    return parsed.dt.strftime("%Y-%m-%d").astype("string").fillna(values)


def _us_gov_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``duplicate_of``, ``template_text`` and ``text_truncated`` quality columns.

    ``duplicate_of``: the doc_id of the first row with the same url, title and text (the same
    page collected twice, e.g. under two search keywords). ``template_text``: the text is a site
    page (mission statement, A–Z index, biography…) rather than the statement, i.e. the same text
    appears under two or more different titles, or it opens with a known site-page heading.
    ``text_truncated``: the text was cut at Excel's cell limit.
    """
    key = frame["url"].fillna("") + "\x00" + frame["title"] + "\x00" + frame["text"]
    first = frame.groupby(key, sort=False)["doc_id"].transform("first")
    frame["duplicate_of"] = first.where(first != frame["doc_id"]).astype("string")
    titles_per_text = frame.groupby("text")["title"].transform("nunique")
    opener = frame["text"].str.split("\n", n=1).str[0].str.strip()
    frame["template_text"] = (titles_per_text > 1) | opener.isin(STATE_TEMPLATE_OPENERS)
    frame["text_truncated"] = frame["text"].str.len() == EXCEL_CELL_LIMIT
    return frame


def _first_existing(*paths: Path) -> Path:
    """The first of ``paths`` that is a file; raise FileNotFoundError naming them all."""
    for p in paths:
        if p.is_file():
            return p
    raise FileNotFoundError(f"none of these files exists: {[str(p) for p in paths]}. Expected the upstream "
                            f"file downloaded under _upstream/; download the dataset again.")


def xlsx_rows(path: Path) -> list[list]:
    """Values of the first worksheet of ``path``, up to the last row that holds any value.

    Needs ``openpyxl``. Trailing empty rows (the sheet is formatted down to row ~1,048,000)
    are dropped; empty rows inside the data are kept.
    """
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("reading .xlsx files needs openpyxl: pip install openpyxl") from exc
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows, last = [], 0
        for row in wb.worksheets[0].iter_rows(values_only=True):
            rows.append(list(row))
            if any(v is not None for v in row):
                last = len(rows)
    finally:
        wb.close()
    return rows[:last]


def _cell_text(value) -> str:
    return "" if value is None else str(value)


def derive_us_gov(root: Path) -> None:
    """Rebuild ``Government_Data.csv`` from the upstream ``Government_Data.xlsx``.

    Format of the shared copy (reproduced byte for byte): the first sheet's cells as text, empty
    cells as empty fields, Python ``csv`` default dialect (minimal quoting with ``"``, ``\\r\\n``
    after each record, ``\\n`` kept inside quoted fields), UTF-8 without BOM.

    Parameters
    ----------
    root : Path
        Dataset folder; reads ``_upstream/Government_Data.xlsx`` (or ``Government_Data.xlsx``
        beside it), writes ``Government_Data.csv``.
    """
    root = Path(root)
    source = _first_existing(root / "_upstream" / "Government_Data.xlsx", root / "Government_Data.xlsx")
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in xlsx_rows(source):
        writer.writerow([_cell_text(v) for v in row])
    target = root / "Government_Data.csv"
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(buf.getvalue().encode("utf-8"))
    tmp.replace(target)


@register("us_gov_ukraine_statements_2022", derive=derive_us_gov)
def load_us_gov(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """US government statements on Russia–Ukraine, 2022–23 (White House, State, Defense, Treasury).

    Parameters
    ----------
    root : Path
        Folder holding ``Government_Data.csv`` (derived from ``Government_Data.xlsx``).

    Returns
    -------
    table : CorpusTable
        One article per row (291). ``doc_id`` is ``usgov:<record number>`` (1-based, file order).
        ``outlet`` is the issuing office (see :data:`US_GOV_OUTLETS`); ``source_key`` keeps the raw
        value and ``keyword`` the search term (missing for State/Treasury). Titles are whitespace-
        folded and lose the ``| U.S. Department of the Treasury`` suffix. Excel's ``_x000D_``
        escapes are removed from the text, then the canonical cleaning runs (on this corpus it
        only folds whitespace: the end marker ``###`` and the State Department's site pages are
        not residue patterns it knows). ``published`` is missing for Treasury rows
        (their date is the collection date); ``date_raw`` keeps every row's date as written.
        Quality columns: ``duplicate_of``, ``template_text``, ``text_truncated``
        (see :func:`_us_gov_flags`). Nothing is dropped: filter on these columns as needed.
    tables : dict
        Empty: the dataset has no annotations.
    """
    raw, problems = _read_csv(root / "Government_Data.csv")
    undated = raw["source"].isin(US_GOV_UNDATED)
    frame = pd.DataFrame({
        "doc_id": "usgov:" + pd.Series(range(1, len(raw) + 1), dtype="string"),
        "outlet": raw["source"].map(US_GOV_OUTLETS).fillna(raw["source"]).astype("string"),
        "outlet_raw": raw["source"],
        "published": _us_date(raw["date"]).mask(undated),
        "title": _squash(raw["title"].fillna("")).str.replace(r"\s*\|\s*U\.S\. Department of the Treasury$", "",
                                                              regex=True),
        "text": raw["article"].str.replace(EXCEL_CR, "", regex=False),
        "url": raw["url"].mask(raw["url"].fillna("").str.strip() == ""),
        "source_dataset": "us_gov_ukraine_statements_2022",
        "source_key": raw["source"],
        "keyword": raw["keyword"].mask(raw["keyword"].isin(["-", "None", ""])),
        "date_raw": raw["date"],
    })
    frame = _us_gov_flags(frame)
    frame[SOURCE_COL] = raw[SOURCE_COL]
    frame[LINE_COL] = raw[LINE_COL]
    table = validate(frame, source=str(root))
    return table.with_failures(problems), {}


# -- UN General Debate ---------------------------------------------------------------------------

UNGD_FILE = "ungdc_2000-2024.jsonl.gz"
UNGD_YEARS = range(2000, 2025)
#: Folder of the speech files in the upstream repository.
UNGD_TXT_DIR = "data/data_original/TXT"
#: gzip header of the shared file (name and mtime), reproduced so a rebuilt file has the same bytes.
UNGD_GZIP_NAME = "ungdc_2000-2024.jsonl"
UNGD_GZIP_MTIME = 1795771849
_SPEECH_FILE = re.compile(r"^([A-Z]{2,3})_(\d{1,2})_(\d{4})\.txt$")
#: Day of the nominal ``published`` date. The General Debate opens in the second half of
#: September (November in 2001); the corpus gives only the session and year.
UNGD_NOMINAL_DAY = "09-15"
#: Misspelt codes in Speakers_by_session.xlsx (none is an ISO 3166 code) → the corpus code.
SPEAKER_CODE_FIXES = {"EC": "EU", "POR": "PRT", "ZFA": "ZAF", "PKR": "PRK"}
#: Valid codes written beside another state's name (2001: Sweden as CHE, Swaziland as SWE),
#: keyed by (code, country as written) → the corpus code.
SPEAKER_NAME_FIXES = {("CHE", "Sweden"): "SWE", ("SWE", "Swaziland"): "SWZ"}


def ungd_upstream_path(file: str) -> str:
    """Upstream path of speech file ``file`` (e.g. ``USA_75_2020.txt``)."""
    m = _SPEECH_FILE.match(file)
    if not m:
        raise ValueError(f"not a UNGDC speech file name: {file!r}; expected ISO_SESSION_YEAR.txt")
    return f"{UNGD_TXT_DIR}/Session {int(m.group(2)):02d} - {m.group(3)}/{file}"


def _ungd_speech_files(txt_dir: Path) -> list[Path]:
    """Speech files of the 2000–2024 sessions, sorted by (year, file name); ``._`` AppleDouble files skipped."""
    found = []
    for p in txt_dir.glob("Session */*.txt"):
        m = _SPEECH_FILE.match(p.name)
        if m and int(m.group(3)) in UNGD_YEARS:
            found.append((int(m.group(3)), p.name, p))
    return [p for _, _, p in sorted(found)]


def derive_ungd(root: Path) -> None:
    """Rebuild ``ungdc_2000-2024.jsonl.gz`` from the upstream speech ``.txt`` files.

    One JSON object per speech, ``{"country_iso3", "session", "year", "file", "text"}`` in that
    key order, sorted by year then file name; ``text`` is the file read as UTF-8 text (a leading
    BOM kept, line ends normalised to ``\\n``); ``json.dumps(..., ensure_ascii=False)`` plus
    ``\\n``; gzip level 9 written through a text wrapper, with the shared file's header name and
    mtime so the bytes match the card's sha256.

    Parameters
    ----------
    root : Path
        Dataset folder; reads ``_upstream/data/data_original/TXT/Session NN - YYYY/*.txt``.
    """
    root = Path(root)
    files = _ungd_speech_files(root / "_upstream" / UNGD_TXT_DIR)
    if not files:
        raise FileNotFoundError(f"no speech files under {root / '_upstream' / UNGD_TXT_DIR}; expected "
                                f"'Session NN - YYYY/ISO_NN_YYYY.txt' files for 2000–2024.")
    target = root / UNGD_FILE
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename=UNGD_GZIP_NAME, mode="wb", fileobj=raw,
                                              compresslevel=9, mtime=UNGD_GZIP_MTIME) as gz:
        out = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        for path in files:
            iso, session, year = _SPEECH_FILE.match(path.name).groups()
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            record = {"country_iso3": iso, "session": int(session), "year": int(year), "file": path.name,
                      "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        out.detach()
    tmp.replace(target)


def _ungd_records(path: Path) -> tuple[pd.DataFrame, list[dict]]:
    """Read the JSON-lines speeches with line numbers; unreadable lines become quarantine rows."""
    records, problems = read_jsonl_records(path)
    return pd.DataFrame.from_records(records), problems


SPEAKER_COLUMNS = ("year", "session", "country_iso3", "iso_code_raw", "country", "speaker", "post")


def ungd_speakers(path: Path) -> pd.DataFrame:
    """Speakers_by_session.xlsx as a tidy table for the sessions held in 2000–2024.

    Columns: ``year``, ``session``, ``country_iso3`` (code as in the corpus, after
    :data:`SPEAKER_CODE_FIXES` and :data:`SPEAKER_NAME_FIXES`), ``iso_code_raw`` (as written),
    ``country`` (as written, stripped), ``speaker``, ``post``. The file is optional in the card
    (its upstream location is not pinned): when absent, the table is empty and a warning says so.
    """
    if not Path(path).is_file():
        warnings.warn(f"{path} is missing: the 'speakers' table is empty and 'country' is missing. Copy "
                      f"Speakers_by_session.xlsx (UNGDC, Harvard Dataverse doi:10.7910/DVN/0TJX8Y) there.",
                      stacklevel=2)
        empty = pd.DataFrame({c: pd.Series([], dtype="string") for c in SPEAKER_COLUMNS})
        return empty.astype({"year": "int64", "session": "int64"})
    rows = xlsx_rows(path)
    header = [_cell_text(h).strip() for h in rows[0]]
    sheet = pd.DataFrame(rows[1:], columns=header)
    sheet = sheet[pd.to_numeric(sheet["Year"], errors="coerce").isin(UNGD_YEARS)]
    strip = lambda col: sheet[col].map(lambda v: None if v is None else str(v).strip() or None)  # noqa: E731
    out = pd.DataFrame({
        "year": sheet["Year"].astype(int),
        "session": sheet["Session"].astype(int),
        "iso_code_raw": strip("ISO Code"),
        "country": strip("Country"),
        "speaker": strip("Name of Person Speaking"),
        "post": strip("Post"),
    })
    fixed = [SPEAKER_NAME_FIXES.get((c, n), SPEAKER_CODE_FIXES.get(c, c))
             for c, n in zip(out["iso_code_raw"], out["country"])]
    out.insert(2, "country_iso3", fixed)
    return out.astype({c: "string" for c in ("country_iso3", "iso_code_raw", "country", "speaker", "post")})


def _country_names(speakers: pd.DataFrame) -> dict[str, str]:
    """One name per code: the one written most often in 2000–2024 (ties: alphabetical)."""
    names: dict[str, Counter] = {}
    for code, name in zip(speakers["country_iso3"], speakers["country"]):
        if isinstance(code, str) and isinstance(name, str):
            names.setdefault(code, Counter())[name] += 1
    return {code: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for code, c in names.items()}


@register("un_general_debate", derive=derive_ungd)
def load_ungd(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """UN General Debate speeches 2000–2024, one per state per session; states as outlets, sessions as events.

    Parameters
    ----------
    root : Path
        Folder holding ``ungdc_2000-2024.jsonl.gz`` and ``Speakers_by_session.xlsx``.

    Returns
    -------
    table : CorpusTable
        One article per speech. ``doc_id`` is ``ungd:<ISO>_<session>_<year>`` (the upstream file
        name); ``outlet`` is the ISO 3166 alpha-3 code (``EU`` for the European Union);
        ``country`` the name most often used for that code in Speakers_by_session.xlsx;
        ``event_id`` is ``ungd:<session>`` (every state addresses the same annual debate).
        ``published`` is a *nominal* date, 15 September of the session's year (UTC midnight):
        the corpus has no day; use ``year``/``session`` for grouping. ``title`` is empty.
    tables : dict
        ``speakers``: one row per speaker entry of 2000–2024 in Speakers_by_session.xlsx, with
        ``doc_id`` of the matching speech (missing where the corpus has no speech for that state
        and year) — see :func:`ungd_speakers`. Empty, with ``country`` missing on the articles,
        when the (optional) xlsx is absent.
    """
    raw, problems = _ungd_records(root / UNGD_FILE)
    speakers = ungd_speakers(root / "Speakers_by_session.xlsx")
    names = _country_names(speakers)
    stem = raw["file"].astype("string").str.replace(r"\.txt$", "", regex=True)
    frame = pd.DataFrame({
        "doc_id": "ungd:" + stem,
        "outlet": raw["country_iso3"].astype("string"),
        "published": raw["year"].astype(int).astype(str) + "-" + UNGD_NOMINAL_DAY,
        "title": "",
        "text": raw["text"].astype("string"),
        "event_id": "ungd:" + raw["session"].astype(int).astype(str),
        "source_dataset": "un_general_debate",
        "country": raw["country_iso3"].map(names).astype("string"),
        "year": raw["year"].astype("Int64"),
        "session": raw["session"].astype("Int64"),
        "file": raw["file"].astype("string"),
    })
    frame[SOURCE_COL] = raw[SOURCE_COL]
    frame[LINE_COL] = raw[LINE_COL]
    table = validate(frame, source=str(root))
    kept = table.articles
    lookup = dict(zip(zip(kept["year"].astype(int), kept["outlet"]), kept["doc_id"]))
    doc_ids = [lookup.get((year, code)) for year, code in zip(speakers["year"], speakers["country_iso3"])]
    speakers.insert(0, "doc_id", pd.array(doc_ids, dtype="string"))
    return table.with_failures(problems), {"speakers": speakers.reset_index(drop=True)}
