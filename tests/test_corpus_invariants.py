"""Properties of the canonical layer, with hypothesis: nothing vanishes; kept rows only change by cleaning."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.corpus import (
    clean_text,
    clean_title,
    read,
    read_csv,
    read_html_folder,
    read_jsonl,
    read_txt_folder,
    validate,
    write_jsonl,
    write_parquet,
)

OUTLETS = ["The Veldran Courier", "Ostmark Herald", "Korvath Wire", "", None]
DATES = ["2024-03-05", "2024-03-05T09:00:00Z", "not a date", "", None, "2023-13-01"]
TEXTS = st.one_of(
    st.sampled_from(["", "   ", "Source link\nLeave a Reply", "<p>Envoys met.</p><p>Talks went on.</p>"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=120),
    st.lists(st.sampled_from(["Envoys met in Korvath.", "Home / news / Talks", "Share this:",
                              "The minister said talks would resume.", "Related: Earlier talks"]),
             min_size=1, max_size=6).map("\n".join),
)
ROWS = st.lists(
    st.fixed_dictionaries({
        "doc_id": st.sampled_from(["a", "b", "c", "d", "", " e "]),
        "outlet": st.sampled_from(OUTLETS),
        "published": st.sampled_from(DATES),
        "title": st.sampled_from(["", "Talks", "Envoys meet"]),
        "text": TEXTS,
    }),
    min_size=0, max_size=25,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROWS)
def test_read_equals_kept_plus_quarantined(rows):
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "published", "title", "text"])
    t = validate(frame, detect_languages=False)
    assert t.n_read == len(rows) == len(t.articles) + len(t.quarantine)
    assert t.articles["doc_id"].is_unique
    assert not (t.articles["text"].str.strip() == "").any()
    # every input line is accounted for exactly once
    kept_lines = len(t.articles)
    assert sorted(t.quarantine["line"].tolist()) == sorted(set(t.quarantine["line"].tolist()))
    assert kept_lines + t.quarantine["line"].nunique() == len(rows)
    # kept rows are unchanged except for documented cleaning
    quarantined = set(t.quarantine["line"].tolist())
    sources = [r for i, r in enumerate(rows, start=1) if i not in quarantined]
    for (_, k), src in zip(t.articles.iterrows(), sources, strict=True):
        assert k["doc_id"] == src["doc_id"].strip()
        assert k["outlet"] == src["outlet"].strip()
        assert k["title"] == clean_title(src["title"])
        expected = clean_text(src["text"], title=src["title"] or None).text
        # the corpus-level boilerplate step may also drop lines an outlet repeats in many stories
        dropped = set(t.cleaning.loc[(t.cleaning["doc_id"] == k["doc_id"]) & (t.cleaning["step"] == "boilerplate"),
                                     "removed"])
        if dropped:
            kept_lines = [ln for ln in k["text"].split("\n") if ln.strip()]
            assert [ln for ln in expected.split("\n") if ln.strip() and ln.strip() not in dropped] == kept_lines
        else:
            assert k["text"] == expected


@settings(max_examples=40, deadline=None)
@given(ROWS)
def test_invariant_holds_through_csv_and_jsonl_files(tmp_path_factory, rows):
    d = tmp_path_factory.mktemp("inv")
    p = d / "a.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["doc_id", "outlet", "published", "title", "text"])
        w.writeheader()
        w.writerows(rows)
    j = d / "a.jsonl"
    j.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for path, reader in ((p, read_csv), (j, read_jsonl)):
        if not rows:
            continue
        try:
            t = reader(path, detect_languages=False)
        except Exception as exc:  # only the documented file-level error is allowed
            assert type(exc).__name__ == "CorpusError"
            continue
        # blank CSV records are not rows; everything else is accounted for
        assert t.n_read == len(t.articles) + len(t.quarantine)


def test_writers_round_trip(tmp_path):
    frame = pd.DataFrame({
        "doc_id": ["a", "b"], "outlet": ["Korvath Wire", "Ostmark Herald"],
        "published": ["2024-03-05T09:00:00Z", None], "title": ["Talks", ""],
        "text": ["Envoys met in Korvath on Tuesday.", "Talks resumed on Friday in Veldra."],
        "section": ["World", "Politics"],
    })
    kept = validate(frame, detect_languages=False).articles
    for path, writer in ((tmp_path / "a.parquet", write_parquet), (tmp_path / "a.jsonl", write_jsonl)):
        writer(kept, path)
        back = read(path, detect_languages=False).articles
        pd.testing.assert_frame_equal(back, kept, check_dtype=False)
    # JSON lines output is byte-stable
    write_jsonl(kept, tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_txt_folder_with_front_matter_and_metadata(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "---\noutlet: Ostmark Herald\npublished: 2024-03-05\ntitle: Envoys meet\n---\n"
        "Home / world / Envoys meet\n\nEnvoys met in Korvath.\n\nSource link\n", encoding="utf-8")
    (folder / "two.txt").write_text("Talks resumed in Veldra on Friday.\n", encoding="utf-8")
    (folder / "three.txt").write_text("No outlet is known for this one.\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes("Caf\u00e9 talks, ".encode() + b"caf\xe9 talks\n")  # UTF-8 with a bad byte
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet,published\ntwo.txt,Korvath Wire,2024-03-08\n", encoding="utf-8")
    t = read_txt_folder(folder, metadata=meta, detect_languages=False)
    assert t.counts == {"read": 4, "kept": 2, "quarantined": 2}
    a = t.articles.set_index("doc_id")
    assert a.loc["one", "text"] == "Envoys met in Korvath."
    assert a.loc["one", "title"] == "Envoys meet"
    assert a.loc["two", "outlet"] == "Korvath Wire"
    reasons = dict(zip(t.quarantine["doc_id"], t.quarantine["reason"]))
    assert reasons["three"] == "missing outlet"
    assert reasons["bad"].startswith("undecodable bytes")
    assert read(folder, outlet="Veldra Daily", detect_languages=False).counts["kept"] == 3


def test_html_folder(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    body = " ".join(["The foreign ministers of Veldra and Ostmark met in Korvath on Tuesday and agreed to "
                     "reopen the grain corridor, officials said."] * 4)
    (folder / "p1.html").write_text(
        f"<html><head><title>Ministers meet in Korvath</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Ministers meet in Korvath</h1><p>{body}</p><p>{body}</p></article>"
        f"<footer>Leave a Reply</footer></body></html>", encoding="utf-8")
    (folder / "p2.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    t = read_html_folder(folder, outlet="Korvath Wire", detect_languages=False)
    assert t.counts == {"read": 2, "kept": 1, "quarantined": 1}
    text = t.articles["text"].iloc[0]
    assert "grain corridor" in text and "Leave a Reply" not in text and "Home" not in text


def test_cli_validate_last_line(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("doc_id,outlet,published,title,text\n"
                 "a,Korvath Wire,2024-03-05,Talks,Envoys met in Korvath.\n"
                 "b,,2024-03-05,Talks,Envoys met in Veldra.\n"
                 "c,Korvath Wire,someday,Talks,Envoys met again.\n", encoding="utf-8")
    q = tmp_path / "q.csv"
    out = subprocess.run([sys.executable, "-m", "toolkit", "corpus", "validate", str(p), "--quarantine", str(q)],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "read 3 kept 1 quarantined 2"
    assert pd.read_csv(q)["reason"].tolist() == ["missing outlet", "unparseable date"]
    bad = subprocess.run([sys.executable, "-m", "toolkit", "corpus", "validate", str(tmp_path / "nope.csv")],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "does not exist" in bad.stderr
