"""Notebook 04 (stance) runs headless on the demo and, with the real corpora, on FNC-1 / Emergent /
NewsMTSC / BASIL, writing every figure it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_notebook

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAME = "04-stance"
FIGURES = ("fnc1-confusion", "emergent-confusion", "actor-confusion", "actor-stance-by-group", "actor-stance-contrasts")


def _run(tmp_path: Path, **parameters) -> Path:
    defaults = {"n_boot": 200}
    return run_notebook(NAME, tmp_path, **{**defaults, **parameters})


def test_notebook_lists_its_figures():
    text = (NOTEBOOKS / f"{NAME}.py").read_text(encoding="utf-8")
    for name in FIGURES:
        assert f"`{name}`" in text


def _check_folder(folder: Path, synthetic: bool) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{s}" for n in FIGURES for s in ("csv", "json", "png", "svg"))
    assert json.loads((folder / "actor-confusion.json").read_text())["synthetic"] is synthetic
    for name in ("actor-stance-by-group", "actor-stance-contrasts"):
        table = pd.read_csv(folder / f"{name}.csv")
        assert {"group", "measure", "estimate", "ci_low", "ci_high"} <= set(table.columns)
        assert len(table) > 0
        assert (table["ci_low"] <= table["estimate"] + 1e-12).all() and (table["estimate"] <= table["ci_high"] + 1e-12).all()


@pytest.mark.notebook
def test_stance_notebook_runs_on_demo(tmp_path):
    out = _run(tmp_path, dataset="demo")
    folder = out / "demo" / NAME
    _check_folder(folder, synthetic=True)
    conf = pd.read_csv(folder / "actor-confusion.csv")
    assert conf.loc[conf["gold"] == conf["predicted"], "count"].sum() / conf["count"].sum() > 0.6
    levels = pd.read_csv(folder / "actor-stance-by-group.csv").set_index(["group", "measure"])
    # planted: The Patriot Standard is hostile to Aurel Vantos and friendly to Teodor Halk
    assert levels.loc[("The Patriot Standard", "stance:Aurel Vantos"), "estimate"] < 0
    assert levels.loc[("The Patriot Standard", "stance:Teodor Halk"), "estimate"] > 0


@pytest.mark.notebook
@pytest.mark.realdata
def test_stance_notebook_runs_on_real_corpora(realdata_dir, tmp_path):
    out = _run(tmp_path, dataset="basil", fnc_train_bodies=150, fnc_test_bodies=80, fnc_max_iter=50)
    folder = out / "basil" / NAME
    _check_folder(folder, synthetic=False)
    fnc = pd.read_csv(folder / "fnc1-confusion.csv")
    assert fnc["count"].sum() > 500 and set(fnc["gold"]) == {"agree", "disagree", "discuss", "unrelated"}
    assert set(pd.read_csv(folder / "actor-stance-by-group.csv")["group"]) == {"Fox News", "HuffPost", "New York Times"}
