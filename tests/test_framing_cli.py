"""`python -m toolkit framing train|predict|cv` on the demo corpus."""

from __future__ import annotations

import re

import pandas as pd

from toolkit.cli import main
from toolkit.framing.data import DEMO_SCHEME

REPO_DEMO = __import__("pathlib").Path(__file__).resolve().parents[1] / "corpora" / "demo" / "articles.jsonl"


def test_cv_last_line(capsys):
    assert main(["framing", "cv", "--dataset", "demo", "--folds", "3"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    m = re.fullmatch(r"micro_f1 (\d\.\d+) macro_f1 (\d\.\d+)", last)
    assert m and float(m.group(1)) > 0.75


def test_train_then_predict(tmp_path, capsys):
    model = tmp_path / "demo.skops"
    assert main(["framing", "train", "--dataset", "demo", "--model", str(model)]) == 0 and model.is_file()
    out = tmp_path / "frames.csv"
    assert main(["framing", "predict", "--model", str(model), "--input", str(REPO_DEMO), "--output", str(out)]) == 0
    pred = pd.read_csv(out)
    assert list(pred.columns) == ["doc_id", "frame"] and set(pred["frame"]) <= set(DEMO_SCHEME.names)
    assert pred["doc_id"].nunique() == 215  # min_frames=1: every article gets a frame
