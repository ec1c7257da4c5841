"""Adapters for official statements: Kremlin/Ukrainian presidency, US government, UN General Debate.

Real-data tests read ``$TOOLKIT_DATA`` and skip without it; the synthetic tests at the end write
small fictional files (fictional states and offices) and need nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import pathlib
import struct

import pandas as pd
import pytest

from toolkit.datasets.adapters.official import (
    SPEAKER_COLUMNS,
    UNGD_FILE,
    UNGD_GZIP_MTIME,
    US_GOV_OUTLETS,
    derive_ungd,
    derive_us_gov,
    load_press_releases,
    load_ungd,
    load_us_gov,
    ungd_upstream_path,
)
from toolkit.datasets.cards import load_card
from toolkit.datasets.registry import load_dataset

from conftest import needs_data, realdata  # noqa: E402,F401

KREMLIN = "Kremlin (President of Russia)"
UKRAINE = "Office of the President of Ukraine"


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> pathlib.Path:
    return tmp_path_factory.mktemp("official-cache")


@pytest.fixture(scope="module")
def press(realdata_dir, cache):
    return load_dataset("kremlin_ukraine_president_press_releases", data_dir=realdata_dir, cache_dir=cache)


@pytest.fixture(scope="module")
def usgov(realdata_dir, cache):
    return load_dataset("us_gov_ukraine_statements_2022", data_dir=realdata_dir, cache_dir=cache)


@pytest.fixture(scope="module")
def ungd(realdata_dir, cache):
    return load_dataset("un_general_debate", data_dir=realdata_dir, cache_dir=cache)


def _check_canonical(ds, n):
    a = ds.articles
    assert ds.n_read == n == len(a) + len(ds.quarantine)
    assert a["doc_id"].is_unique and a["doc_id"].notna().all()
    assert a["text"].str.strip().str.len().gt(0).all()
    assert (a["language"] == "en").all()  # detected (every text is a long English one)
    assert (a["source_dataset"] == ds.name).all()
    assert (a["outlet"] == a["outlet_raw"]).all() or ds.name != "un_general_debate"
    assert str(a["published"].dtype).endswith("UTC]")
    assert sorted(ds.tables) == sorted(ds.card.tables)


# -- Kremlin vs Ukrainian presidency --------------------------------------------------------------

@pytest.mark.realdata
@needs_data
def test_press_releases_counts(press):
    _check_canonical(press, 1796)
    assert len(press.quarantine) == 0
    assert press.articles["outlet"].value_counts().to_dict() == {UKRAINE: 980, KREMLIN: 816}
    prefix = press.articles["doc_id"].str.split(":").str[0]
    assert set(prefix) == {"kremlin", "president_gov_ua"}
    assert ((prefix == "kremlin") == (press.articles["outlet"] == KREMLIN)).all()


@pytest.mark.realdata
@needs_data
def test_press_releases_dates_are_site_local_times_converted_to_utc(press):
    a = press.articles
    assert a["published"].notna().all()
    assert a["published"].min() >= pd.Timestamp("2021-10-23 21:00", tz="UTC")  # 24 Oct, Moscow/Kyiv midnight
    assert a["published"].max() < pd.Timestamp("2022-06-24 21:00", tz="UTC")
    kremlin = a[a["outlet"] == KREMLIN]
    local = pd.to_datetime(kremlin["published_local"]).dt.tz_localize("UTC")
    assert ((local - kremlin["published"]) == pd.Timedelta(hours=3)).all()  # Moscow: UTC+3 all year
    assert a["url"].str.startswith(("http://en.kremlin.ru/", "https://www.president.gov.ua/en/")).all()
    assert a.loc[a["outlet"] == UKRAINE, ["location", "summary"]].isna().all().all()


# -- US government statements ---------------------------------------------------------------------

@pytest.mark.realdata
@needs_data
def test_us_gov_counts(usgov):
    _check_canonical(usgov, 291)
    assert usgov.articles["outlet"].value_counts().to_dict() == {
        "The White House": 119, "U.S. Department of the Treasury": 67,
        "U.S. Department of Defense": 65, "U.S. Department of State": 40,
    }


@pytest.mark.realdata
@needs_data
def test_us_gov_quality_flags(usgov):
    a = usgov.articles
    treasury = a["outlet"] == "U.S. Department of the Treasury"
    assert a.loc[treasury, "published"].isna().all() and a.loc[~treasury, "published"].notna().all()
    assert set(a.loc[treasury, "date_raw"]) == {"April 17, 2023"}  # the collection date, not publication
    assert set(a.loc[a["template_text"], "outlet"]) == {"U.S. Department of State"}
    assert a["template_text"].sum() == 24
    dups = a[a["duplicate_of"].notna()]
    first = a.set_index("doc_id").loc[dups["duplicate_of"]]
    assert (first["text"].to_numpy() == dups["text"].to_numpy()).all()
    assert (first["outlet"].to_numpy() == dups["outlet"].to_numpy()).all()
    assert dups["outlet"].value_counts().to_dict() == {
        "U.S. Department of Defense": 25, "U.S. Department of the Treasury": 6, "U.S. Department of State": 2}
    assert a["text_truncated"].sum() == 4
    assert not a["text"].str.contains("_x000D_", regex=False).any()
    assert not a["title"].str.contains(r"\s{2,}|\t|\| U\.S\. Department", regex=True).any()


# -- UN General Debate ------------------------------------------------------------------------------

@pytest.mark.realdata
@needs_data
def test_ungd_speeches_sessions_states(ungd):
    _check_canonical(ungd, 4793)
    a = ungd.articles
    assert a["event_id"].nunique() == 25
    assert not a.duplicated(["outlet", "year"]).any()
    assert (a["event_id"] == "ungd:" + a["session"].astype(str)).all()
    assert (a["year"] - a["session"] == 1945).all()
    assert (a["published"].dt.year == a["year"]).all()
    assert (a["published"].dt.strftime("%m-%d") == "09-15").all()
    assert a["outlet"].str.fullmatch(r"[A-Z]{3}|EU").all()
    assert a["country"].notna().mean() > 0.99
    assert a.loc[a["outlet"] == "USA", "country"].nunique() == 1


@pytest.mark.realdata
@needs_data
def test_ungd_speakers_join_articles(ungd):
    s, a = ungd["speakers"], ungd.articles
    assert list(s.columns) == ["doc_id", *SPEAKER_COLUMNS]
    assert s["year"].between(2000, 2024).all()
    linked = s.dropna(subset=["doc_id"])
    assert linked["doc_id"].is_unique and linked["doc_id"].isin(a["doc_id"]).all()
    assert len(linked) == 4791  # speeches without a speaker row: COM 2001, EU 2014
    merged = linked.merge(a[["doc_id", "outlet", "year"]], on="doc_id", suffixes=("", "_a"))
    assert (merged["country_iso3"] == merged["outlet"]).all() and (merged["year"] == merged["year_a"]).all()


@pytest.mark.realdata
@needs_data
def test_parquet_cache_round_trip(press, realdata_dir, cache):
    again = load_dataset("kremlin_ukraine_president_press_releases", data_dir=realdata_dir, cache_dir=cache)
    pd.testing.assert_frame_equal(again.articles, press.articles, check_dtype=False)


# -- cards (no data needed) --------------------------------------------------------------------------

def test_cards_mark_derived_files_and_sources():
    us = load_card("us_gov_ukraine_statements_2022")
    assert [f.path for f in us.derived_files] == ["Government_Data.csv"]
    assert us.upstream_sources == ("data/Government_Data.xlsx",)
    un = load_card("un_general_debate")
    assert [f.path for f in un.derived_files] == [UNGD_FILE]
    assert len(un.upstream_sources) == 4793 and un.tables == ("speakers",)
    assert all(p.startswith("data/data_original/TXT/Session ") for p in un.upstream_sources)
    press = load_card("kremlin_ukraine_president_press_releases")
    assert {f.path: f.upstream_path for f in press.files}["putin.csv"] == "press_release_data/putin.csv"


# -- synthetic data (fictional) ---------------------------------------------------------------------

def test_ungd_upstream_path():
    assert ungd_upstream_path("ABC_58_2003.txt") == "data/data_original/TXT/Session 58 - 2003/ABC_58_2003.txt"
    with pytest.raises(ValueError):
        ungd_upstream_path("._ABC_58_2003.txt")


def _write_speech(up: pathlib.Path, name: str, text: str) -> None:
    path = up / ungd_upstream_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _fictional_upstream(root: pathlib.Path) -> None:
    up = root / "_upstream"
    _write_speech(up, "VEL_56_2001.txt", "\ufeffVeldra greets the Assembly.\nWe speak of rivers.\n")
    _write_speech(up, "ORB_56_2001.txt", "Orbania thanks the President — warmly.\n")
    _write_speech(up, "EU_55_2000.txt", "The Union of Stars speaks first.")
    _write_speech(up, "VEL_54_1999.txt", "Too early: not in 2000–2024.")
    (up / ungd_upstream_path("VEL_56_2001.txt")).with_name("._VEL_56_2001.txt").write_bytes(b"\x00\x05\x16\x07")


def test_derive_ungd_format(tmp_path):
    _fictional_upstream(tmp_path)
    derive_ungd(tmp_path)
    raw = (tmp_path / UNGD_FILE).read_bytes()
    assert raw[:4] == b"\x1f\x8b\x08\x08" and struct.unpack("<I", raw[4:8])[0] == UNGD_GZIP_MTIME
    assert raw[10:raw.index(b"\x00", 10)] == b"ungdc_2000-2024.jsonl"
    lines = gzip.decompress(raw).decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 4
    records = [json.loads(x) for x in lines[:-1]]
    assert [r["file"] for r in records] == ["EU_55_2000.txt", "ORB_56_2001.txt", "VEL_56_2001.txt"]
    assert list(records[0]) == ["country_iso3", "session", "year", "file", "text"]
    assert records[2]["text"].startswith("\ufeffVeldra") and "—" in lines[1]  # BOM kept, not ASCII-escaped
    assert lines[0] == json.dumps(records[0], ensure_ascii=False)
    first = raw
    derive_ungd(tmp_path)
    assert (tmp_path / UNGD_FILE).read_bytes() == first  # deterministic


def test_load_ungd_without_speakers_file(tmp_path):
    _fictional_upstream(tmp_path)
    derive_ungd(tmp_path)
    with pytest.warns(UserWarning, match="speakers"):
        table, tables = load_ungd(tmp_path)
    a = table.articles
    assert list(a["doc_id"]) == ["ungd:EU_55_2000", "ungd:ORB_56_2001", "ungd:VEL_56_2001"]
    assert list(a["event_id"]) == ["ungd:55", "ungd:56", "ungd:56"]
    assert a["published"].dt.strftime("%Y-%m-%d").tolist() == ["2000-09-15", "2001-09-15", "2001-09-15"]
    assert tables["speakers"].empty and list(tables["speakers"].columns) == ["doc_id", *SPEAKER_COLUMNS]


def test_load_ungd_speakers_fix_codes(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    _fictional_upstream(tmp_path)
    derive_ungd(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post", None])
    ws.append([2001, 56, "VEL", "Veldra ", "Ana Brask", "President", None])
    ws.append([2000, 55, "EC", "European Council", "Tomas Reel", "President", None])
    ws.append([2001, 56, "XXX", "Nowhere", None, None, None])
    ws.append([1999, 54, "VEL", "Veldra", "Old Speaker", None, None])
    wb.save(tmp_path / "Speakers_by_session.xlsx")
    table, tables = load_ungd(tmp_path)
    s = tables["speakers"]
    assert len(s) == 3  # 1999 is outside the corpus years
    assert s.set_index("iso_code_raw").loc["EC", "doc_id"] == "ungd:EU_55_2000"
    assert s.set_index("iso_code_raw").loc["VEL", "doc_id"] == "ungd:VEL_56_2001"
    assert pd.isna(s.set_index("iso_code_raw").loc["XXX", "doc_id"])
    assert table.articles.set_index("outlet").loc["VEL", "country"] == "Veldra"


def test_derive_us_gov_csv_format(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["source", "keyword", "date", "title", "url", "article"])
    ws.append(["whitehouse", "veldra", "March 3, 2022", "Statement on Veldra", "https://example.org/a",
               "Line one, with comma.\n\nSaid \"hello\" — twice."])
    ws.append(["department_of_state", "None", "May 7, 2022", " Title\t ", None, "Plain"])
    ws.cell(row=40, column=1).style = "Normal"  # formatted but empty rows below the data
    up = tmp_path / "_upstream"
    up.mkdir()
    wb.save(up / "Government_Data.xlsx")
    derive_us_gov(tmp_path)
    raw = (tmp_path / "Government_Data.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"Plain\r\n")
    assert raw.count(b"\r\n") == 3  # one per record; newlines inside fields stay \n
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[1][5] == "Line one, with comma.\n\nSaid \"hello\" — twice." and rows[2][4] == ""
    assert b'"Line one, with comma.\n\nSaid ""hello"" \xe2\x80\x94 twice."' in raw
    assert b"\r\nwhitehouse,veldra,\"March 3, 2022\",Statement on Veldra," in raw


def _write_us_csv(path: pathlib.Path, rows: list[list[str]]) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["source", "keyword", "date", "title", "url", "article"])
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def test_load_us_gov_flags_and_dates(tmp_path):
    template = "Our Mission\n\nThe office of Veldra serves the Minister."
    _write_us_csv(tmp_path / "Government_Data.csv", [
        ["whitehouse", "veldra", "Sept. 30, 2022", "Statement", "https://example.org/1", "Text_x000D_\nmore"],
        ["department_of_defense", "veldra", "Feb. 24, 2023", "Readout", "https://example.org/2", "Readout text"],
        ["department_of_defense", "orbania", "Feb. 24, 2023", "Readout", "https://example.org/2", "Readout text"],
        ["department_of_state", "None", "May 7, 2022", "\n\t\tAid for Veldra\n\t", "", template],
        ["department_of_state", "None", "May 9, 2022", "Aid for Orbania", "", template],
        ["department_of_treasury", "-", "April 17, 2023", " Sanctions | U.S. Department of the Treasury ",
         "https://example.org/3", "x" * 32767],
    ])
    table, tables = load_us_gov(tmp_path)
    a = table.articles.set_index("doc_id")
    assert tables == {} and table.n_read == 6 and len(a) == 6
    assert set(a["outlet"]) <= set(US_GOV_OUTLETS.values())
    assert a.loc["usgov:1", "published"] == pd.Timestamp("2022-09-30", tz="UTC")
    assert a.loc["usgov:1", "text"] == "Text\nmore"
    assert pd.isna(a.loc["usgov:6", "published"]) and a.loc["usgov:6", "date_raw"] == "April 17, 2023"
    assert a.loc["usgov:6", "title"] == "Sanctions" and a.loc["usgov:4", "title"] == "Aid for Veldra"
    assert a.loc["usgov:3", "duplicate_of"] == "usgov:2" and pd.isna(a.loc["usgov:5", "duplicate_of"])
    assert a["template_text"].tolist() == [False, False, False, True, True, False]
    assert a["text_truncated"].tolist() == [False] * 5 + [True]
    assert pd.isna(a.loc["usgov:4", "url"]) and pd.isna(a.loc["usgov:6", "keyword"])


def test_load_press_releases_fictional(tmp_path):
    with open(tmp_path / "putin.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["link", "headline", "date", "location", "summary", "body"])
        w.writerow(["http://en.kremlin.ru/events/president/news/101", "Talks", "2022-01-10T12:00:00Z", "NA", "",
                    "The president met the Veldran envoy."])
    with open(tmp_path / "zelenskyy.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["link", "headline", "date", "body"])
        w.writerow(["https://www.president.gov.ua/en/news/veldra-talks-202", "", "2022-07-10T12:00:00Z",
                    "An address about Orbania."])
        w.writerow(["https://www.president.gov.ua/en/news/broken-203", "Only two fields"])
    table, tables = load_press_releases(tmp_path)
    a = table.articles.set_index("doc_id")
    assert tables == {} and table.n_read == 3 and len(table.quarantine) == 1
    assert "wrong number of fields" in table.quarantine.loc[0, "reason"]
    assert a.loc["kremlin:101", "published"] == pd.Timestamp("2022-01-10 09:00", tz="UTC")  # Moscow UTC+3
    assert a.loc["president_gov_ua:202", "published"] == pd.Timestamp("2022-07-10 09:00", tz="UTC")  # Kyiv summer
    assert pd.isna(a.loc["kremlin:101", "location"]) and pd.isna(a.loc["kremlin:101", "summary"])
    assert a.loc["president_gov_ua:202", "title"] == ""
