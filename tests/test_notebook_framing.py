"""Notebook 05 (framing by outlet) runs headless on the demo and, with the real corpora, on BASIL with a
classifier trained on SemEval-2023, writing every figure it promises."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import run_notebook

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAME = "05-framing-by-outlet"
FIGURES = ("frame-shares", "frame-contrasts", "microframe-contrasts")


def _run(tmp_path: Path, **parameters) -> Path:
    return run_notebook(NAME, tmp_path, **parameters)


def test_notebook_lists_its_figures():
    text = (NOTEBOOKS / f"{NAME}.py").read_text(encoding="utf-8")
    for name in FIGURES:
        assert f"`{name}`" in text


@pytest.mark.notebook
def test_framing_notebook_recovers_planted_propensities_on_demo(tmp_path):
    folder = _run(tmp_path, dataset="demo") / "demo" / NAME
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{s}" for n in FIGURES for s in ("csv", "json", "png", "svg"))
    assert json.loads((folder / "frame-shares.json").read_text())["synthetic"] is True
    contrasts = pd.read_csv(folder / "frame-contrasts.csv")
    assert (contrasts["ci_low"] <= contrasts["estimate"]).all() and (contrasts["estimate"] <= contrasts["ci_high"]).all()
    planted = pd.read_csv(REPO / "corpora" / "demo" / "frame_propensities.csv")
    planted["deviation"] = planted["probability"] - planted.groupby("frame")["probability"].transform("mean")
    joined = contrasts.merge(planted, left_on=["group", "measure"], right_on=["outlet", "frame"])
    assert len(joined) == 9 * 6  # top_frames = 6
    assert np.corrcoef(joined["estimate"], joined["deviation"])[0, 1] > 0.8  # measured 0.90 on all 7 frames
    microframes = pd.read_csv(folder / "microframe-contrasts.csv")
    assert len(microframes) == 9 * microframes["measure"].nunique() and microframes["measure"].nunique() >= 1
    assert (microframes["ci_low"] <= microframes["estimate"]).all()
    assert (microframes["estimate"] <= microframes["ci_high"]).all()


@pytest.mark.notebook
@pytest.mark.realdata
def test_framing_notebook_runs_on_basil(realdata_dir, tmp_path):
    folder = _run(tmp_path, dataset="basil") / "basil" / NAME
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{s}" for n in FIGURES for s in ("csv", "json", "png", "svg"))
    assert json.loads((folder / "frame-contrasts.json").read_text())["synthetic"] is False
    shares = pd.read_csv(folder / "frame-shares.csv")
    assert set(shares["group"]) == {"New York Times", "Fox News", "HuffPost"}
    assert shares["frame"].nunique() == 14 and (shares["n_articles"] == 100).all()
    contrasts = pd.read_csv(folder / "frame-contrasts.csv")
    assert len(contrasts) == 3 * 6 and (contrasts["n_events"] > 50).all()
    microframes = pd.read_csv(folder / "microframe-contrasts.csv")
    assert len(microframes) == 3 * 4 and (microframes["n_events"] > 50).all()  # top_axes = 4
