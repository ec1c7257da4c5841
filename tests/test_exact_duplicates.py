"""Exact duplicate texts: flagged in ``exact_dup_of`` by every path through validate, never dropped."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.corpus import CorpusTable, read, validate
from toolkit.corpus.exact_duplicates import exact_text_key, flag_exact_duplicates

def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["d3", "d1", "d2", "d4", "d5", "d6"],
        "outlet": ["Veldra Courier", "Ostmark Herald", "Brenn Daily", "Veldra Courier", "Brenn Daily", "Korvath Wire"],
        "published": ["2024-03-02", "2024-03-03", "2024-03-02", None, "2024-03-01", "2024-03-02"],
        "title": "",
        "text": ["Envoys met in Korvath.", "ENVOYS met  in\nKorvath.", "Envoys met in Korvath.",
                 "Envoys met in Korvath.", "Talks collapsed.", "Envoys met in Korvath!"],
    })

def test_key_is_casefolded_and_whitespace_collapsed():
    assert exact_text_key(" Envoys  MET\n in Korvath. ") == exact_text_key("envoys met in korvath.")
    assert exact_text_key("Envoys met.") != exact_text_key("Envoys met!")
    assert exact_text_key(None) == "" and exact_text_key(pd.NA) == ""

def test_first_by_published_then_doc_id_and_nothing_dropped():
    t = _table()
    got = flag_exact_duplicates(t)
    # d2 and d3 share the earliest date (03-02): d2 wins on doc_id; d1 is later, d4 undated (sorts last)
    assert got.tolist() == ["d2", "d2", pd.NA, "d2", pd.NA, pd.NA]
    assert got.index.equals(t.index) and got.name == "exact_dup_of" and got.dtype == "string"
    shuffled = t.sample(frac=1.0, random_state=4)
    assert flag_exact_duplicates(shuffled).reindex(t.index).tolist() == got.tolist()

def test_validate_adds_the_flag_and_summary_counts_it():
    t = validate(_table(), detect_languages=False)
    assert t.counts == {"read": 6, "kept": 6, "quarantined": 0}
    assert dict(zip(t.articles["doc_id"], t.articles["exact_dup_of"].astype(object))) == {
        "d3": "d2", "d1": "d2", "d2": pd.NA, "d4": "d2", "d5": pd.NA, "d6": pd.NA}
    assert t.n_exact_duplicates == 3
    lines = t.summary().splitlines()
    assert "exact duplicate texts: 3 kept articles repeat the text of 1 earlier one(s)" in t.summary()
    assert lines[-1] == "read 6 kept 6 quarantined 0"
    # also without cleaning, and an input column of that name is replaced
    raw = validate(_table().assign(exact_dup_of="stale"), clean=False, detect_languages=False)
    assert raw.articles["exact_dup_of"].notna().sum() == 3 and "stale" not in set(raw.articles["exact_dup_of"])

def test_texts_equal_only_after_cleaning_are_duplicates():
    t = validate(pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["Veldra Courier", "Brenn Daily"],
                               "text": ["Envoys met.\n\nShare this:", "<p>Envoys met.</p><p>Source link</p>"]}),
                 detect_languages=False)
    assert t.articles["exact_dup_of"].tolist() == [pd.NA, "a"]

def test_every_reader_flags(tmp_path):
    frame = _table()
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.to_json(tmp_path / "a.jsonl", orient="records", lines=True)
    for name in ("a.csv", "a.jsonl"):
        t = read(tmp_path / name, detect_languages=False)
        assert t.n_exact_duplicates == 3, name
    folder = tmp_path / "txt"
    folder.mkdir()
    for i, text in enumerate(["Envoys met in Korvath.", "envoys met in Korvath.", "Talks collapsed."]):
        (folder / f"doc{i}.txt").write_text(f"---\noutlet: Veldra Courier\n---\n{text}\n", encoding="utf-8")
    t = read(folder, detect_languages=False)
    assert t.n_exact_duplicates == 1

def test_concat_flags_across_parts():
    a = validate(_table().iloc[:3], detect_languages=False)
    b = validate(_table().iloc[3:], detect_languages=False)
    both = CorpusTable.concat([a, b])
    assert both.n_exact_duplicates == 3
    assert both.articles.set_index("doc_id").at["d4", "exact_dup_of"] == "d2"

@pytest.mark.parametrize("name", ["newsmtsc", "emergent"])
@pytest.mark.realdata
def test_real_datasets_carry_the_flag(name, realdata_dir):
    from toolkit.datasets import load_dataset

    ds = load_dataset(name, data_dir=realdata_dir)
    col = ds.articles["exact_dup_of"]
    assert col.notna().sum() > 0
    assert col.dropna().isin(ds.articles["doc_id"]).all()
    assert not ds.articles.loc[col.notna(), "doc_id"].isin(col.dropna()).any()  # a copy is never a first
