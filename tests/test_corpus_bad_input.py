"""The bad-input catalogue: every case gets a clear error (file-level) or a quarantine row (row-level).

Fixtures are written here: fictional outlets (The Veldran Courier, Ostmark Herald …).
"""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from toolkit.corpus import REASONS, CorpusError, read, read_csv, read_jsonl, read_parquet, validate

GOOD = {
    "doc_id": "v-1",
    "outlet": "The Veldran Courier",
    "published": "2024-03-05T09:00:00Z",
    "title": "Envoys meet in Korvath",
    "text": "Envoys from Veldra and Ostmark met in Korvath on Tuesday to discuss the grain corridor.",
}


def write_csv(path, rows, header=("doc_id", "outlet", "published", "title", "text")):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(header), extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def row(**kw):
    return {**GOOD, **kw}


def only_reason(table, reason_key):
    assert len(table.quarantine) == 1, table.quarantine
    assert table.quarantine["reason"].iloc[0].startswith(REASONS[reason_key])
    return table.quarantine.iloc[0]


def test_missing_required_column_is_a_file_error(tmp_path):
    p = write_csv(tmp_path / "a.csv", [GOOD], header=("doc_id", "published", "title", "text"))
    with pytest.raises(CorpusError, match=r"missing required column\(s\) \['outlet'\].*found: doc_id"):
        read_csv(p)


def test_missing_column_can_be_renamed(tmp_path):
    p = write_csv(tmp_path / "a.csv", [{**GOOD, "source": "Ostmark Herald"}],
                  header=("doc_id", "source", "published", "title", "text"))
    kept, q = read_csv(p, columns={"source": "outlet"})
    assert kept["outlet"].tolist() == ["Ostmark Herald"] and q.empty


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_empty_or_whitespace_text(tmp_path, text):
    p = write_csv(tmp_path / "a.csv", [GOOD, row(doc_id="v-2", text=text)])
    t = read_csv(p)
    q = only_reason(t, "empty_text")
    assert (q["line"], q["doc_id"], q["source"]) == (3, "v-2", str(p))
    assert t.counts == {"read": 2, "kept": 1, "quarantined": 1}


def test_only_boilerplate_text(tmp_path):
    p = write_csv(tmp_path / "a.csv", [GOOD, row(doc_id="v-2", text="Source link\n\nLeave a Reply\nShare this:")])
    t = read_csv(p)
    q = only_reason(t, "only_boilerplate")
    assert q["doc_id"] == "v-2"
    assert set(t.cleaning.loc[t.cleaning.doc_id == "v-2", "step"]) == {"residue"}


def test_duplicate_doc_id_keeps_first(tmp_path):
    p = write_csv(tmp_path / "a.csv", [GOOD, row(text="A later, different version."), row(doc_id="v-3")])
    t = read_csv(p)
    q = only_reason(t, "duplicate_doc_id")
    assert q["line"] == 3
    assert t.articles.set_index("doc_id").loc["v-1", "text"] == GOOD["text"]


def test_missing_outlet(tmp_path):
    p = write_csv(tmp_path / "a.csv", [row(outlet="  ")])
    assert only_reason(read_csv(p), "missing_outlet")["line"] == 2


def test_missing_doc_id(tmp_path):
    p = write_csv(tmp_path / "a.csv", [row(doc_id="")])
    assert only_reason(read_csv(p), "missing_doc_id")["field"] == "doc_id"


@pytest.mark.parametrize("date", ["not a date", "2024-13-45", "32/32/2020"])
def test_unparseable_date(tmp_path, date):
    p = write_csv(tmp_path / "a.csv", [row(published=date)])
    q = only_reason(read_csv(p), "bad_date")
    assert q["raw"] == date and q["field"] == "published"


def test_missing_date_is_allowed(tmp_path):
    kept, q = read_csv(write_csv(tmp_path / "a.csv", [row(published="")]))
    assert q.empty and kept["published"].isna().all()


def test_dates_are_utc(tmp_path):
    rows = [row(doc_id="a", published="2024-03-05T10:00:00+02:00"), row(doc_id="b", published="March 5, 2024"),
            row(doc_id="c", published="Tue, 05 Mar 2024 08:00:00 GMT")]
    kept, q = read_csv(write_csv(tmp_path / "a.csv", rows))
    assert q.empty
    assert str(kept["published"].dt.tz) == "UTC"
    assert kept["published"].iloc[0] == pd.Timestamp("2024-03-05T08:00:00Z")


def test_invalid_and_truncated_json_lines(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [json.dumps(GOOD), '{"doc_id": "v-2", "outlet": "X", "text": "cut off', "{not json}",
             json.dumps(["an", "array"]), "", json.dumps(row(doc_id="v-5"))]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = read_jsonl(p)
    assert t.counts == {"read": 5, "kept": 2, "quarantined": 3}
    q = t.quarantine.set_index("line")
    assert q.loc[2, "reason"].startswith("truncated JSON")
    assert q.loc[3, "reason"].startswith("invalid JSON")
    assert q.loc[4, "reason"] == "not a JSON object (found list)"


def test_undecodable_bytes_jsonl(tmp_path):
    # a UTF-8 file (it holds a valid "ô") with one Latin-1 byte: that line alone is quarantined
    p = tmp_path / "a.jsonl"
    bad = json.dumps(row(doc_id="v-2", text="Caf\u00e9 talks"), ensure_ascii=False).encode("utf-8")
    bad = bad.replace(b"\xc3\xa9", b"\xe9")
    first = json.dumps(row(title="H\u00f4tel talks"), ensure_ascii=False).encode("utf-8")
    p.write_bytes(first + b"\n" + bad + b"\n")
    t = read_jsonl(p)
    q = t.quarantine.iloc[0]
    assert q["line"] == 2 and "undecodable bytes (not valid utf-8)" in q["reason"]
    assert t.counts["kept"] == 1


def test_undecodable_bytes_csv_and_encoding_option(tmp_path):
    p = tmp_path / "a.csv"
    write_csv(p, [row(title="H\u00f4tel talks"),
                  row(doc_id="v-2", text="Caf\u00e9 talks in Korvath resumed on Monday.")])
    data = p.read_bytes().replace("\u00e9".encode("utf-8"), b"\xe9")  # one latin-1 byte in a utf-8 file
    p.write_bytes(data)
    t = read_csv(p)
    assert t.quarantine["line"].tolist() == [3]
    assert "undecodable bytes" in t.quarantine["reason"].iloc[0]
    kept, q = read_csv(p, encoding="cp1252")
    assert q.empty and "Café" in kept.set_index("doc_id").loc["v-2", "text"]


def test_field_over_5mb(tmp_path):
    big = "word " * (5 * 1024 * 1024 // 5 + 10)
    p = write_csv(tmp_path / "a.csv", [GOOD, row(doc_id="v-2", text=big)])
    t = read_csv(p)
    q = only_reason(t, "too_large")
    assert q["field"] == "text" and "bytes" in q["raw"] and len(q["raw"]) < 100


def test_html_where_text_expected_is_cleaned_and_flagged(tmp_path):
    html = "<div><p>Envoys met in <b>Korvath</b> on Tuesday.</p><p>Talks resume &amp; continue.</p></div>"
    kept, q = read_csv(write_csv(tmp_path / "a.csv", [row(text=html)]))
    t = read_csv(tmp_path / "a.csv")
    assert q.empty
    assert kept["text"].iloc[0] == "Envoys met in Korvath on Tuesday.\n\nTalks resume & continue."
    assert "html" in set(t.cleaning["step"])


def test_mojibake_is_repaired_and_reported(tmp_path):
    broken = "The minister\u2019s visit".encode("utf-8").decode("cp1252")
    t = read_csv(write_csv(tmp_path / "a.csv", [row(text=broken + " to Korvath was cut short.")]))
    assert t.articles["text"].iloc[0].startswith("The minister\u2019s visit")
    assert "mojibake" in set(t.cleaning["step"])


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_empty_file(tmp_path, suffix):
    p = tmp_path / f"empty{suffix}"
    p.write_bytes(b"")
    with pytest.raises(CorpusError, match="file is empty"):
        read(p)


def test_header_only_csv_has_no_records(tmp_path):
    p = write_csv(tmp_path / "a.csv", [])
    with pytest.raises(CorpusError, match="no records"):
        read_csv(p)


@pytest.mark.parametrize("reader", [read, read_csv, read_jsonl, read_parquet])
def test_file_that_does_not_exist(tmp_path, reader):
    with pytest.raises(CorpusError, match="does not exist"):
        reader(tmp_path / "nope.csv")


def test_ragged_csv_row(tmp_path):
    p = tmp_path / "a.csv"
    write_csv(p, [GOOD])
    with open(p, "a", encoding="utf-8") as fh:
        fh.write("v-2,Ostmark Herald,2024-01-01\n")
    t = read_csv(p)
    assert t.quarantine["reason"].iloc[0] == "wrong number of fields: expected 5, found 3"


def test_multiline_csv_fields_keep_physical_line_numbers(tmp_path):
    rows = [row(doc_id="a", text="Para one.\n\nPara two.\nPara three."), row(doc_id="b", text="")]
    t = read_csv(write_csv(tmp_path / "a.csv", rows))
    assert t.quarantine["line"].tolist() == [6]


def test_validate_on_a_dataframe_without_required_columns():
    with pytest.raises(CorpusError, match="Expected at least"):
        validate(pd.DataFrame({"doc_id": ["a"], "text": ["b"]}), source="my table")


def test_extra_columns_are_kept(tmp_path):
    p = write_csv(tmp_path / "a.csv", [{**GOOD, "section": "World"}], header=(*GOOD, "section"))
    kept, _ = read_csv(p)
    assert kept["section"].tolist() == ["World"]
    assert list(kept.columns[:9]) == ["doc_id", "outlet", "published", "title", "text", "url", "event_id",
                                      "lean", "language"]
