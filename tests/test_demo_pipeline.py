"""The demo corpus through the canonical layer: the pipeline finds what was planted."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.corpus import REASONS, read, validate
from toolkit.datasets import load_dataset, load_demo
from toolkit.datasets.demo import DEMO_DIR

PARSE_REASONS = {"invalid_json": ("invalid JSON", "truncated JSON"), "not_an_object": ("not a JSON object",),
                 "undecodable": ("undecodable bytes",)}


def _expected(file: str) -> pd.DataFrame:
    exp = pd.read_csv(DEMO_DIR / "bad_rows_expected.csv")
    return exp[exp["file"] == file]


@pytest.mark.parametrize("file", ["bad_rows.csv", "bad_rows.jsonl"])
def test_bad_rows_quarantined_exactly_as_planted(file):
    t = read(DEMO_DIR / file)
    # the invariant: rows read = kept + quarantined
    assert t.n_read == len(t.articles) + len(t.quarantine)
    exp = _expected(file)
    bad = exp[~exp["expected_reason_key"].str.startswith("kept_")]
    assert sorted(t.quarantine["line"].tolist()) == sorted(bad["line"].tolist())
    got = dict(zip(t.quarantine["line"], t.quarantine["reason"]))
    for line, key in zip(bad["line"], bad["expected_reason_key"]):
        prefixes = PARSE_REASONS.get(key) or (REASONS[key],)
        assert got[line].startswith(prefixes), (line, key, got[line])
    assert (t.quarantine["source"] == str(DEMO_DIR / file)).all()
    assert t.counts["quarantined"] >= 10


@pytest.mark.parametrize("file", ["bad_rows.csv", "bad_rows.jsonl"])
def test_html_and_mojibake_rows_are_kept_cleaned_and_flagged(file):
    t = read(DEMO_DIR / file)
    flagged = t.cleaning[t.cleaning["step"].isin(["html", "mojibake"])]
    assert flagged["doc_id"].isin(t.articles["doc_id"]).all()
    kept_html = (t.cleaning["step"] == "html").sum()
    kept_moji = (t.cleaning["step"] == "mojibake").sum()
    exp = _expected(file)["expected_reason_key"].value_counts()
    assert kept_html == exp.get("kept_html", 0) and kept_moji == exp.get("kept_mojibake", 0)
    for doc_id in flagged["doc_id"]:
        text = t.articles.set_index("doc_id").loc[doc_id, "text"]
        assert "<p>" not in text and "â€" not in text


def test_cleaner_recovers_the_clean_texts_from_the_raw_variant():
    raw = load_demo(raw=True).articles
    clean = load_demo().articles.set_index("doc_id")
    t = validate(raw, source="articles_raw.jsonl", detect_languages=False)
    assert t.counts == {"read": len(raw), "kept": len(raw), "quarantined": 0}
    got = t.articles.set_index("doc_id")["text"]
    assert (got == clean.loc[got.index, "text"]).all()
    # every planted kind of residue is reported by the step that should remove it
    planted = load_demo().tables["raw_residue"]
    step_of = {"html": "html", "mojibake": "mojibake", "title_repeat": "title_repeat"}
    reported = set(zip(t.cleaning["doc_id"], t.cleaning["step"]))
    for doc_id, kind in zip(planted["doc_id"], planted["kind"]):
        assert (doc_id, step_of.get(kind, "residue")) in reported, (doc_id, kind)


def test_language_is_identified_as_english():
    raw = load_demo(raw=True).articles.drop(columns=["language"])
    t = validate(raw.head(20))
    assert (t.articles["language"] == "en").all()


def test_load_dataset_demo_matches_load_demo():
    ds = load_dataset("demo")
    assert len(ds.articles) == len(load_demo().articles) and ds.quarantine.empty
    assert {"frames", "actor_stance", "wire_copies", "events"} <= set(ds.tables)
    assert ds["wire_copies"]["doc_id"].isin(ds.articles["doc_id"]).all()
