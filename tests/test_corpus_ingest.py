"""Issue #12: encodings, damaged files, metadata for bare sources, the date policy, the CLI.

Every fixture is written here with fictional outlets (The Veldran Courier, Ostmark Herald …).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from toolkit.cli import main
from toolkit.corpus import read, read_csv, read_jsonl, read_parquet, read_txt_folder
from toolkit.corpus.dates import parse_published
from toolkit.corpus.readers import DAMAGED, is_damage

REPO = Path(__file__).resolve().parents[1]
SHARED_EXAMPLE = REPO.parent / "shared" / "examples" / "scraped-article.txt"
OUTLET = "Ostmark Herald"
FRENCH = ("Le ministre a visité l'école près de Genève. Les négociations reprennent à Zürich après l'été; "
          "café et crème pour les délégués.")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def records(n: int) -> list[dict]:
    return [{"doc_id": f"d{i}", "outlet": OUTLET, "published": "2024-03-05",
             "text": f"Envoys met in Korvath for round {i} of the grain corridor talks."} for i in range(n)]


def jsonl_bytes(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def check_accounting(table) -> None:
    assert table.counts["read"] == table.counts["kept"] + table.counts["quarantined"]


def damage_rows(table) -> pd.DataFrame:
    return table.quarantine[table.quarantine["reason"].map(is_damage)]


# --- 1. encodings -------------------------------------------------------------------------------

def latin1_csv(path: Path) -> Path:
    lines = ["doc_id,outlet,text"] + [f"fr-{i},{OUTLET},{FRENCH} ({i})" for i in range(12)]
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    return path


def test_latin1_csv_is_detected_read_whole_and_reported(tmp_path):
    t = read_csv(latin1_csv(tmp_path / "fr.csv"))
    assert t.counts == {"read": 12, "kept": 12, "quarantined": 0}
    assert "Genève" in t.articles["text"].iloc[0] and "été" in t.articles["text"].iloc[0]
    note = [n for n in t.notes if n.startswith("encoding:")]
    assert note and "cp1252 (detected, confidence" in note[0]
    assert "encoding: cp1252" in t.summary()


def test_encoding_override_wins_over_detection(tmp_path):
    p = latin1_csv(tmp_path / "fr.csv")
    t = read(p, encoding="latin-1")
    assert t.counts["kept"] == 12 and "Genève" in t.articles["text"].iloc[0]
    assert not any("detected" in n for n in t.notes)


def test_unknown_encoding_name_is_a_clear_error(tmp_path):
    from toolkit.corpus import CorpusError

    with pytest.raises(CorpusError, match="unknown encoding 'klingon'"):
        read(latin1_csv(tmp_path / "fr.csv"), encoding="klingon")


def test_latin1_text_files_and_utf16_with_bom(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "a.txt").write_bytes(f"---\noutlet: {OUTLET}\n---\n{FRENCH}\n".encode("latin-1"))
    (folder / "b.txt").write_bytes(f"---\noutlet: {OUTLET}\n---\n{FRENCH} Deux.\n".encode("utf-16"))
    t = read_txt_folder(folder, detect_languages=False)
    assert t.counts == {"read": 2, "kept": 2, "quarantined": 0}
    assert all("Genève" in x for x in t.articles["text"])


def test_rows_that_do_not_decode_are_quarantined_one_by_one(tmp_path):
    good = "\n".join(f"u-{i},{OUTLET},Hôtel talks in Korvath round {i}." for i in range(3))
    data = ("doc_id,outlet,text\n" + good + "\n").encode("utf-8") + f"bad,{OUTLET},caf".encode() + b"\xe9 talks\n"
    p = tmp_path / "mixed.csv"
    p.write_bytes(data)
    t = read_csv(p)
    check_accounting(t)
    assert t.counts["quarantined"] == 1 and t.quarantine["line"].tolist() == [5]
    assert t.quarantine["reason"].iloc[0].startswith("undecodable bytes (not valid utf-8)")


# --- 2. damaged files ---------------------------------------------------------------------------

def test_truncated_jsonl_gz_keeps_records_before_the_damage(tmp_path):
    gz = gzip.compress(jsonl_bytes(records(400)))
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(gz[: len(gz) // 2])
    t = read_jsonl(p, detect_languages=False)
    check_accounting(t)
    damage = damage_rows(t)
    assert len(damage) == 1 and t.counts["quarantined"] == 1
    assert 0 < t.counts["kept"] < 400
    assert t.articles["doc_id"].tolist() == [f"d{i}" for i in range(t.counts["kept"])]
    reason = damage["reason"].iloc[0]
    assert "truncated gzip stream" in reason and "decompressed byte" in reason
    assert damage["line"].iloc[0] == t.counts["kept"] + 1 and damage["source"].iloc[0] == str(p)


def test_corrupt_gzip_is_damage_not_a_traceback(tmp_path):
    gz = gzip.compress(jsonl_bytes(records(50)))
    p = tmp_path / "bad.jsonl.gz"
    p.write_bytes(gz[:30] + b"\x00garbage" * 40)
    t = read(p)
    check_accounting(t)
    assert damage_rows(t)["reason"].iloc[0].startswith(f"{DAMAGED}: corrupt gzip data")


def test_binary_garbage_named_csv(tmp_path):
    p = tmp_path / "photo.csv"
    p.write_bytes(bytes(range(256)) * 20)
    t = read(p)
    check_accounting(t)
    assert t.counts == {"read": 1, "kept": 0, "quarantined": 1}
    assert "binary data (NUL byte)" in t.quarantine["reason"].iloc[0]


def test_binary_tail_after_good_rows(tmp_path):
    head = b"doc_id,outlet,text\n" + b"".join(
        f"d{i},{OUTLET},Envoys met in Korvath for round {i}.\n".encode() for i in range(5))
    p = tmp_path / "tail.csv"
    p.write_bytes(head + b"d9,Ost\x00\x01\x02\xff" * 50)
    t = read_csv(p, detect_languages=False)
    assert t.counts == {"read": 6, "kept": 5, "quarantined": 1}
    q = t.quarantine.iloc[0]
    assert q["line"] == 7 and f"at byte {len(head) + 6}" in q["reason"]


def test_csv_that_ends_mid_record(tmp_path):
    p = tmp_path / "cut.csv"
    p.write_text(f'doc_id,outlet,text\na,{OUTLET},Envoys met in Korvath on Tuesday.\n'
                 f'b,{OUTLET},"Envoys met in Korvath and then the download stopp', encoding="utf-8")
    t = read_csv(p, detect_languages=False)
    check_accounting(t)
    assert t.articles["doc_id"].tolist() == ["a"]
    q = t.quarantine.iloc[0]
    assert q["line"] == 3 and q["reason"].startswith(f"{DAMAGED}: ends inside a quoted field opened on line 3")


def test_jsonl_that_ends_mid_record(tmp_path):
    p = tmp_path / "cut.jsonl"
    p.write_bytes(jsonl_bytes(records(5))[:-25])
    t = read_jsonl(p, detect_languages=False)
    assert t.counts == {"read": 5, "kept": 4, "quarantined": 1}
    assert t.quarantine["reason"].iloc[0].startswith(f"{DAMAGED}: ends mid-record")


def write_parquet(path: Path, n: int = 40, group: int = 10) -> Path:
    frame = pd.DataFrame(records(n))
    pq.write_table(pa.Table.from_pandas(frame), path, row_group_size=group)
    return path


def test_parquet_with_a_damaged_row_group_keeps_the_groups_before(tmp_path):
    p = write_parquet(tmp_path / "a.parquet")
    col = pq.ParquetFile(p).metadata.row_group(2).column(3)  # the text column of the third group
    data = bytearray(p.read_bytes())
    start = col.data_page_offset
    data[start + 2: start + col.total_compressed_size - 2] = b"\xff" * (col.total_compressed_size - 4)
    p.write_bytes(bytes(data))
    t = read_parquet(p, detect_languages=False)
    check_accounting(t)
    assert t.counts["kept"] == 20
    q = t.quarantine.iloc[-1]
    assert q["line"] == 21 and q["reason"].startswith(f"{DAMAGED}: row group 2 of 4 unreadable")
    assert "\n" not in q["reason"]


def test_truncated_parquet_is_one_damage_row(tmp_path):
    p = write_parquet(tmp_path / "a.parquet")
    p.write_bytes(p.read_bytes()[:-100])
    t = read(p)
    assert t.counts == {"read": 1, "kept": 0, "quarantined": 1}
    assert t.quarantine["reason"].iloc[0].startswith(f"{DAMAGED}: not a readable Parquet file")


def test_cli_damage_exits_1_with_one_line_and_no_traceback(tmp_path, capsys):
    gz = gzip.compress(jsonl_bytes(records(300)))
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(gz[: len(gz) // 2])
    assert main(["corpus", "validate", str(p), "--no-clean"]) == 1
    out, err = capsys.readouterr()
    assert out.strip().splitlines()[-1].startswith("read ")
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ") and "truncated gzip" in err
    assert "Traceback" not in err


def test_cli_binary_file_subprocess_no_traceback_unless_debug(tmp_path):
    p = tmp_path / "photo.csv"
    p.write_bytes(bytes(range(256)) * 4)
    cmd = [sys.executable, "-m", "toolkit", "corpus", "validate", str(p)]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert [line for line in r.stderr.splitlines() if line.startswith("error:")][0].count("binary data") == 1


def test_cli_unexpected_error_is_one_line_and_debug_shows_traceback(tmp_path, capsys, monkeypatch):
    p = latin1_csv(tmp_path / "fr.csv")

    def boom(*a, **k):
        raise RuntimeError("simulated\nfailure")

    monkeypatch.setattr("toolkit.corpus.read", boom)
    assert main(["corpus", "validate", str(p)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: simulated failure" in err and "--debug" in err
    with pytest.raises(RuntimeError):
        main(["corpus", "validate", str(p), "--debug"])


def test_cli_unreadable_file_exits_2(tmp_path, capsys):
    assert main(["corpus", "validate", str(tmp_path / "missing.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


# --- 3. metadata for bare sources ---------------------------------------------------------------

LOOKALIKE = (
    "Home / news / Envoys agree to reopen the Korvath grain corridor\n\n"
    "Envoys agree to reopen the Korvath grain corridor\n\n"
    "Envoys from Veldra and Ostmark agreed on Friday to reopen the grain corridor through Korvath, "
    "the foreign ministry said in a statement.\n\n"
    "The statement said the two sides discussed inspections and the schedule of the first convoys, "
    "and stressed the importance of continuing to exchange views.\n\n"
    "Source link\n\nLeave a Reply"
)


def test_bare_scraped_article_reads_with_one_call_and_is_cleaned(tmp_path):
    p = tmp_path / "scraped.txt"
    p.write_text(LOOKALIKE, encoding="utf-8")
    bare = read(p)
    assert bare.quarantine["reason"].tolist() == ["missing outlet"]
    t = read(p, defaults={"outlet": "The Veldran Courier", "published": "2020-10-01"})
    assert t.counts == {"read": 1, "kept": 1, "quarantined": 0}
    a = t.articles.iloc[0]
    assert a["outlet"] == "The Veldran Courier" and a["published"] == pd.Timestamp("2020-10-01", tz="UTC")
    assert a["doc_id"] == "scraped"
    assert not a["text"].startswith("Home /") and "Source link" not in a["text"] and "Leave a Reply" not in a["text"]
    assert a["text"].rstrip().endswith("continuing to exchange views.")


def test_cli_set_fills_missing_fields(tmp_path, capsys):
    p = tmp_path / "scraped.txt"
    p.write_text(LOOKALIKE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    rc = main(["corpus", "validate", str(p), "--set", "outlet=The Veldran Courier", "--set", "published=2020-10-01",
               "--output", str(out)])
    assert rc == 0 and capsys.readouterr().out.strip().endswith("read 1 kept 1 quarantined 0")
    assert json.loads(out.read_text().splitlines()[0])["outlet"] == "The Veldran Courier"
    assert main(["corpus", "validate", str(p), "--set", "outlet"]) == 2


def test_defaults_never_override_values_in_the_file(tmp_path):
    p = tmp_path / "a.jsonl"
    rows = records(2)
    rows[1]["outlet"] = ""
    p.write_bytes(jsonl_bytes(rows))
    t = read(p, defaults={"outlet": "Korvath Wire"}, detect_languages=False)
    assert t.articles["outlet"].tolist() == [OUTLET, "Korvath Wire"]


def test_outlet_from_url_domain_is_opt_in(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("doc_id,url,text\n"
                 "a,https://www.foxnews.com/politics/x,Envoys met in Korvath on Tuesday for talks.\n"
                 "b,https://news.veldran-courier.example/story,Envoys met in Ostmark on Friday for talks.\n"
                 "c,,Envoys met in Veldra on Monday for talks.\n", encoding="utf-8")
    from toolkit.corpus import CorpusError

    with pytest.raises(CorpusError, match=r"missing required column\(s\) \['outlet'\]"):
        read(p, detect_languages=False)
    t = read(p, outlet_from_url=True, defaults={"outlet": "Korvath Wire"}, detect_languages=False)
    got = dict(zip(t.articles["doc_id"], t.articles["outlet"]))
    assert got == {"a": "Fox News", "b": "news.veldran-courier.example", "c": "Korvath Wire"}


@pytest.mark.realdata
def test_shared_example_article_loads_with_one_command(capsys, tmp_path):
    if not SHARED_EXAMPLE.exists():
        pytest.skip(f"{SHARED_EXAMPLE} not present")
    out = tmp_path / "a.jsonl"
    rc = main(["corpus", "validate", str(SHARED_EXAMPLE), "--set", "outlet=Example Outlet",
               "--set", "published=2020-10-01", "--output", str(out)])
    assert rc == 0 and capsys.readouterr().out.strip().endswith("read 1 kept 1 quarantined 0")
    text = json.loads(out.read_text())["text"]
    assert not text.startswith("Home /") and "Source link" not in text and "Leave a Reply" not in text


# --- 4. dates -----------------------------------------------------------------------------------

NOW = pd.Timestamp("2026-01-01T00:00:00Z")


@pytest.mark.parametrize("raw, expected", [
    ("2024-03-05T10:00:00+02:00", "2024-03-05T08:00:00Z"),
    ("2024-03-05", "2024-03-05T00:00:00Z"),
    ("20240305", "2024-03-05T00:00:00Z"),
    ("Tue, 05 Mar 2024 08:00:00 GMT", "2024-03-05T08:00:00Z"),
    ("Tue, 05 Mar 2024 10:00:00 +0200", "2024-03-05T08:00:00Z"),
    ("March 5, 2024", "2024-03-05T00:00:00Z"),
    ("5 March 2024", "2024-03-05T00:00:00Z"),
    ("Mar 5 2024 10:30", "2024-03-05T10:30:00Z"),
    ("1709625600", "2024-03-05T08:00:00Z"),
    ("1709625600000", "2024-03-05T08:00:00Z"),
    (1709625600, "2024-03-05T08:00:00Z"),
    ("13/03/2024", "2024-03-13T00:00:00Z"),
    ("03/13/2024", "2024-03-13T00:00:00Z"),
    ("13.03.2024 09:15", "2024-03-13T09:15:00Z"),
])
def test_accepted_date_forms(raw, expected):
    got = parse_published(pd.Series([raw], dtype=object), now=NOW)
    assert got.published.iloc[0] == pd.Timestamp(expected)
    assert not got.bad.iloc[0] and not got.ambiguous.iloc[0] and pd.isna(got.issue.iloc[0])


def test_ambiguous_day_month_is_flagged_and_dayfirst_decides():
    values = pd.Series(["05/01/2020", "13/01/2020", "01/01/2020"])
    default = parse_published(values, now=NOW)
    assert default.published.iloc[0] == pd.Timestamp("2020-05-01", tz="UTC")
    assert default.ambiguous.tolist() == [True, False, False]
    dayfirst = parse_published(values, dayfirst=True, now=NOW)
    assert dayfirst.published.iloc[0] == pd.Timestamp("2020-01-05", tz="UTC")
    assert dayfirst.ambiguous.tolist() == [True, False, False]


def test_ambiguous_dates_are_counted_in_the_summary_and_column(tmp_path, capsys):
    p = tmp_path / "a.csv"
    p.write_text("doc_id,outlet,published,text\n"
                 f"a,{OUTLET},05/01/2020,Envoys met in Korvath on Tuesday for talks.\n"
                 f"b,{OUTLET},2020-01-05,Envoys met in Ostmark on Friday for talks.\n", encoding="utf-8")
    t = read(p, detect_languages=False)
    assert t.articles["date_ambiguous"].tolist() == [True, False]
    assert "ambiguous day/month dates: 1" in t.summary() and "--dayfirst" in t.summary()
    assert main(["corpus", "validate", str(p), "--dayfirst", "--output", str(tmp_path / "o.jsonl")]) == 0
    assert "day-first as asked" in capsys.readouterr().out
    assert json.loads((tmp_path / "o.jsonl").read_text().splitlines()[0])["published"].startswith("2020-01-05")


def test_implausible_dates_follow_one_rule_in_every_reader(tmp_path):
    dates = ["0001-11-30", "1899-12-31", "2050-09-30", "1900-01-01"]
    rows = [{**r, "published": d} for r, d in zip(records(4), dates)]
    csv_path = tmp_path / "a.csv"
    pd.DataFrame(rows).to_csv(csv_path, index=False)
    jsonl_path = tmp_path / "a.jsonl"
    jsonl_path.write_bytes(jsonl_bytes(rows))
    folder = tmp_path / "txt"
    folder.mkdir()
    for r in rows:
        (folder / f"{r['doc_id']}.txt").write_text(f"---\noutlet: {OUTLET}\npublished: '{r['published']}'\n---\n"
                                                   f"{r['text']}\n", encoding="utf-8")
    pq_path = write_parquet(tmp_path / "a.parquet", 4)
    frame = pd.read_parquet(pq_path)
    frame["published"] = dates
    frame.to_parquet(pq_path)
    for path in (csv_path, jsonl_path, folder, pq_path):
        t = read(path, detect_languages=False)
        assert t.counts == {"read": 4, "kept": 4, "quarantined": 0}, path
        a = t.articles.set_index("doc_id").sort_index()
        assert a["published"].isna().tolist() == [True, True, True, False], path
        assert a["date_issue"].tolist()[:3] == ["before 1900: 0001-11-30", "before 1900: 1899-12-31",
                                                "after load time: 2050-09-30"], path
        assert "implausible dates (before 1900 or after load time): 3" in t.summary()


def test_future_slack_is_one_day():
    got = parse_published(pd.Series(["2026-01-01T20:00:00Z", "2026-01-02T01:00:00Z"]), now=NOW)
    assert got.published.notna().tolist() == [True, False]
    assert got.issue.iloc[1].startswith("after load time")


def test_datetime_columns_follow_the_same_rule():
    values = pd.Series(pd.to_datetime(["2024-03-05", "1850-01-01"]))
    got = parse_published(values, now=NOW)
    assert got.published.notna().tolist() == [True, False] and got.issue.iloc[1].startswith("before 1900")


def test_no_date_columns_added_when_not_needed(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(jsonl_bytes(records(2)))
    cols = read(p, detect_languages=False).articles.columns
    assert "date_issue" not in cols and "date_ambiguous" not in cols


def test_mixed_date_forms_parse_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = parse_published(pd.Series(["March 5, 2024", "2024-03-05", "05.03.2024"]), now=NOW)
    assert got.published.notna().all()
