"""Your own corpus, end to end into notebook 02: a corpus file in place of a dataset name.

The stand-in for a researcher's scrape is the demo corpus written to a JSON lines file (fictional text,
gold events), run through `toolkit.corpus.read` by the notebook like any file of yours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_notebook
from toolkit import figures, provenance
from toolkit.corpus import write_jsonl
from toolkit.datasets import load_demo

NAME = "02-events-and-outlets"
#: The demo case, as a researcher would set it for their own corpus.
CASE = {"case_start": "2024-01-01", "case_end": "2025-01-01", "case_pattern": "Ostrel|Kessany|Port Wenna|Arvenia|Belmora",
        "actor": "Aurel Vantos", "actor_aliases": ["Vantos", "President Vantos"], "gold_datasets": [],
        "framing_terms": {"security": r"\btroops|\bmissile", "economy": r"\btariff|\bmarket"}, "n_boot": 200}


@pytest.fixture(scope="module")
def my_corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mine") / "my_scrape.jsonl"
    write_jsonl(load_demo().articles, path)
    return path


def test_load_corpus_reads_a_file_and_records_its_sha256(my_corpus):
    provenance.clear_loaded()
    articles = figures.load_corpus(my_corpus)
    assert len(articles) == len(load_demo().articles)
    assert figures.corpus_label(my_corpus) == "my_scrape" and figures.corpus_label("basil") == "basil"
    assert provenance.loaded_datasets()["my_scrape"] == {"my_scrape.jsonl": provenance.file_sha256(my_corpus)}
    with pytest.raises(FileNotFoundError, match="dataset name"):
        figures.load_corpus(my_corpus.with_name("absent.csv"))


@pytest.mark.notebook
def test_notebook_02_runs_on_your_own_corpus_file(my_corpus, tmp_path):
    out = run_notebook(NAME, tmp_path, dataset="mine", case_dataset=str(my_corpus), **CASE)
    folder = out / "my_scrape" / NAME
    manifest = json.loads((folder / "alignment-scores.json").read_text())
    assert manifest["synthetic"] is False and manifest["dataset"] == "my_scrape"
    assert manifest["datasets"]["my_scrape"] == {"my_scrape.jsonl": provenance.file_sha256(my_corpus)}
    scores = (folder / "alignment-scores.csv").read_text()
    assert "my_scrape" in scores  # the file's own gold events are scored
    assert sorted(p.stem for p in folder.glob("*.png")) == sorted(
        ["event-outlet-map", "lean-contrasts", "lean-keywords", "actor-word-choice", "alignment-scores"])
