"""``python -m toolkit stance …``: train / evaluate / predict round trips on fictional data, exact last
lines, prediction files in input order, and clear errors (exit 2) on bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from stance_synthetic import fnc_pairs, target_sentences
from toolkit.cli import main


@pytest.fixture(scope="module")
def fnc_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("fnc")
    df = fnc_pairs(n_claims=12, bodies_per_claim=3, heads_per_claim=2)
    bodies = df.drop_duplicates("body_id")[["body_id", "body"]].rename(columns={"body_id": "Body ID", "body": "articleBody"})
    bodies.to_csv(d / "train_bodies.csv", index=False)
    df[["headline", "body_id", "label"]].rename(columns={"headline": "Headline", "body_id": "Body ID", "label": "Stance"}) \
        .to_csv(d / "train_stances.csv", index=False)
    assert main(["stance", "fnc1", "train", "--data", str(d), "--model", str(d / "m.skops"), "--max-iter", "30",
                 "--word-vectors", "none"]) == 0
    return d


def test_fnc1_evaluate_last_line(fnc_files, capsys):
    d = fnc_files
    capsys.readouterr()
    assert main(["stance", "fnc1", "evaluate", "--model", str(d / "m.skops"), "--bodies", str(d / "train_bodies.csv"),
                 "--stances", str(d / "train_stances.csv")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    name, value = last.split()
    assert name == "fnc1_relative_score" and 0.9 < float(value) <= 1.0


def test_fnc1_predict_keeps_input_order_and_ignores_stance(fnc_files, tmp_path):
    d = fnc_files
    stances = pd.read_csv(d / "train_stances.csv", dtype=str).sample(40, random_state=0)
    stances["Stance"] = "unrelated"  # must be ignored
    stances.to_csv(tmp_path / "s.csv", index=False)
    assert main(["stance", "fnc1", "predict", "--model", str(d / "m.skops"), "--bodies", str(d / "train_bodies.csv"),
                 "--stances", str(tmp_path / "s.csv"), "--output", str(tmp_path / "out.csv")]) == 0
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert list(out.columns) == ["Headline", "Body ID", "Stance"]
    assert out["Headline"].tolist() == stances["Headline"].tolist()
    assert out["Body ID"].tolist() == stances["Body ID"].tolist()
    assert set(out["Stance"]) > {"unrelated"}


def test_fnc1_bad_input_exits_2(fnc_files, tmp_path, capsys):
    d = fnc_files
    (tmp_path / "s.csv").write_text("Headline,Body ID,Stance\nSome headline,0,sideways\n", encoding="utf-8")
    assert main(["stance", "fnc1", "evaluate", "--model", str(d / "m.skops"), "--bodies", str(d / "train_bodies.csv"),
                 "--stances", str(tmp_path / "s.csv")]) == 2
    assert "sideways" in capsys.readouterr().err
    assert main(["stance", "fnc1", "evaluate", "--model", str(tmp_path / "none.skops"),
                 "--bodies", str(d / "train_bodies.csv"), "--stances", str(d / "train_stances.csv")]) == 2


def _newsmtsc_lines(df: pd.DataFrame) -> list[dict]:
    pol = {"negative": 2.0, "neutral": 4.0, "positive": 6.0}
    return [{"primary_gid": f"x{i}", "sentence_normalized": r.sentence,
             "targets": [{"Input.gid": f"x{i}", "from": int(r.start), "to": int(r.end),
                          "mention": r.sentence[r.start:r.end], "polarity": pol[r.label]}]}
            for i, r in enumerate(df.itertuples())]


def test_actor_train_evaluate_predict(tmp_path, capsys):
    lines = _newsmtsc_lines(target_sentences(150))
    (tmp_path / "train.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    model = tmp_path / "a.skops"
    assert main(["stance", "actor", "train", "--data", str(tmp_path), "--model", str(model),
                 "--word-vectors", "none", "--finetune", "no"]) == 0
    capsys.readouterr()
    assert main(["stance", "actor", "evaluate", "--model", str(model), "--input", str(tmp_path / "train.jsonl")]) == 0
    name, value = capsys.readouterr().out.strip().splitlines()[-1].split()
    assert name == "macro_f1" and float(value) > 0.9
    assert main(["stance", "actor", "predict", "--model", str(model), "--input", str(tmp_path / "train.jsonl"),
                 "--output", str(tmp_path / "out.jsonl")]) == 0
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o["primary_gid"] for o in out] == [x["primary_gid"] for x in lines]
    assert {o["targets"][0]["polarity"] for o in out} == {2.0, 4.0, 6.0}
    # a model of the wrong kind, and a span outside its sentence, are clear errors
    assert main(["stance", "fnc1", "evaluate", "--model", str(model), "--bodies", "b.csv", "--stances", "s.csv"]) == 2
    assert "expected a 'fnc1' model" in capsys.readouterr().err
    lines[0]["targets"][0]["to"] = 999
    (tmp_path / "bad.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert main(["stance", "actor", "evaluate", "--model", str(model), "--input", str(tmp_path / "bad.jsonl")]) == 2
    assert "outside their sentence" in capsys.readouterr().err
