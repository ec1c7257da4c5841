"""Notebook 02 (events and outlets) runs headless on the demo and, with the real corpora, on the
Article-Bias-Prediction case study, writing every figure it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_notebook

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAME = "02-events-and-outlets"
FIGURES = ("event-outlet-map", "lean-contrasts", "lean-keywords", "actor-word-choice", "alignment-scores")


def _run(tmp_path: Path, **parameters) -> Path:
    return run_notebook(NAME, tmp_path, **parameters)


def test_notebook_lists_its_figures():
    text = (NOTEBOOKS / f"{NAME}.py").read_text(encoding="utf-8")
    for name in FIGURES:
        assert f"`{name}`" in text


@pytest.mark.notebook
def test_events_notebook_runs_on_demo(tmp_path):
    out = _run(tmp_path, dataset="demo")
    folder = out / "demo" / NAME
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{s}" for n in FIGURES for s in ("csv", "json", "png", "svg"))
    manifest = json.loads((folder / "event-outlet-map.json").read_text())
    assert manifest["synthetic"] is True
    scores = pd.read_csv(folder / "alignment-scores.csv")
    f1 = scores[(scores["corpus"] == "demo") & (scores["metric"] == "BCubed f1")]["value"].iloc[0]
    assert f1 >= 0.95
    contrasts = pd.read_csv(folder / "lean-contrasts.csv")
    assert {"group", "measure", "estimate", "ci_low", "ci_high"} <= set(contrasts.columns)
    assert (contrasts["ci_low"] <= contrasts["estimate"]).all() and (contrasts["estimate"] <= contrasts["ci_high"]).all()
    # the committed demo figures are reproduced: same data tables, byte for byte
    committed = REPO / "figures" / "demo" / NAME
    for name in FIGURES:
        assert (folder / f"{name}.csv").read_bytes() == (committed / f"{name}.csv").read_bytes(), name


@pytest.mark.notebook
@pytest.mark.realdata
def test_events_notebook_runs_on_the_real_case_study(realdata_dir, tmp_path):
    out = _run(tmp_path, dataset="article_bias_prediction")
    folder = out / "article_bias_prediction" / NAME
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{s}" for n in FIGURES for s in ("csv", "json", "png", "svg"))
    assert json.loads((folder / "lean-contrasts.json").read_text())["synthetic"] is False
    scores = pd.read_csv(folder / "alignment-scores.csv")
    assert set(scores["corpus"]) >= {"basil", "pac_partisan_events"}
    coverage = pd.read_csv(folder / "event-outlet-map.csv")
    assert coverage["articles"].sum() >= 20  # the Soleimani / embassy coverage is found and aligned
