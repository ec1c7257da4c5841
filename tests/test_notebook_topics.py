"""Notebook 03 (topics by outlet) runs headless on the demo and, with the real corpora, on the
Article-Bias-Prediction foreign-policy coverage, writing every figure it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_notebook

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAME = "03-topics-by-outlet"
FIGURES = ("k-sweep", "topic-terms", "prevalence-by-lean", "prevalence-by-outlet", "prevalence-over-time")


def _run(tmp_path: Path, **parameters) -> Path:
    return run_notebook(NAME, tmp_path, **{"n_draws": 5, **parameters})


def _check_tables(folder: Path) -> None:
    expected = sorted(f"{n}.{s}" for n in FIGURES for s in ("csv", "json", "png", "svg"))
    assert sorted(p.name for p in folder.iterdir()) == expected
    sweep = pd.read_csv(folder / "k-sweep.csv")
    assert set(sweep["measure"]) == {"c_v", "c_npmi", "u_mass"}
    chosen = json.loads((folder / "k-sweep.json").read_text())["parameters"]["chosen"]
    assert chosen in set(sweep["k"])
    assert len(pd.read_csv(folder / "topic-terms.csv")) == chosen
    for name in ("prevalence-by-lean", "prevalence-by-outlet", "prevalence-over-time"):
        table = pd.read_csv(folder / f"{name}.csv")
        assert {"group", "measure", "estimate", "ci_low", "ci_high"} <= set(table.columns)
        assert len(table) and (table["ci_low"] <= table["estimate"]).all()
        assert (table["estimate"] <= table["ci_high"]).all()


def test_notebook_lists_its_figures():
    text = (NOTEBOOKS / f"{NAME}.py").read_text(encoding="utf-8")
    for name in FIGURES:
        assert f"`{name}`" in text


@pytest.mark.notebook
def test_topics_notebook_runs_on_demo(tmp_path):
    out = _run(tmp_path, dataset="demo", demo_ks=[12, 16])
    folder = out / "demo" / NAME
    _check_tables(folder)
    assert json.loads((folder / "k-sweep.json").read_text())["synthetic"] is True


@pytest.mark.notebook
@pytest.mark.realdata
def test_topics_notebook_runs_on_the_real_corpus(realdata_dir, tmp_path):
    out = _run(tmp_path, dataset="article_bias_prediction", ks=[5, 8], max_articles=400)
    folder = out / "article_bias_prediction" / NAME
    _check_tables(folder)
    assert json.loads((folder / "prevalence-by-lean.json").read_text())["synthetic"] is False
    by_lean = pd.read_csv(folder / "prevalence-by-lean.csv")
    assert set(by_lean["group"]) == {"left", "center", "right"}
