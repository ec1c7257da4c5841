"""Human coding round trip: stratified sampling, CSV and Label Studio export/import, Krippendorff's alpha
(known answers), majority-vote gold."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from toolkit.annotate import (AnnotationError, export_csv, export_label_studio, gold_from_codes, import_csv,
                              import_label_studio, krippendorff_alpha, sample_for_coding)
from toolkit.datasets import load_demo
from toolkit.framing.data import DEMO_SCHEME


@pytest.fixture(scope="module")
def articles():
    return load_demo().articles


def test_sample_is_stratified_by_outlet_and_event(articles):
    sample = sample_for_coding(articles, 40, by=("outlet",))
    assert len(sample) == 40 and sample["doc_id"].is_unique
    assert sample["outlet"].nunique() == articles["outlet"].nunique()  # every outlet represented
    share = sample["outlet"].value_counts(normalize=True)
    expected = articles["outlet"].value_counts(normalize=True)
    assert (share - expected.loc[share.index]).abs().max() < 0.05
    again = sample_for_coding(articles, 40, by=("outlet",))
    assert sample["doc_id"].tolist() == again["doc_id"].tolist()  # deterministic
    both = sample_for_coding(articles, 150, by=("outlet", "event_id"))
    assert len(both) == 150 and both["stratum"].nunique() == both[["outlet", "event_id"]].drop_duplicates().shape[0]


def test_uncertainty_sampling_prefers_uncertain_documents(articles):
    uncertainty = pd.Series(np.linspace(0, 1, len(articles)), index=articles["doc_id"])
    sample = sample_for_coding(articles, 9, by=("outlet",), uncertainty=uncertainty)
    for outlet, row in sample.groupby("outlet"):
        pool = articles[articles["outlet"] == outlet]["doc_id"]
        assert uncertainty[row["doc_id"]].min() >= uncertainty[pool].max() - 1e-12  # the most uncertain one


def _fill(path, values):
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    for frame, column in values.items():
        sheet[frame] = column
    sheet.to_csv(path, index=False)


def test_csv_round_trip_and_alpha(tmp_path, articles):
    sample = sample_for_coding(articles, 10, by=("outlet",))
    a, b = export_csv(sample, DEMO_SCHEME, tmp_path / "ann.csv"), export_csv(sample, DEMO_SCHEME, tmp_path / "bob.csv")
    econ = ["1", "", "x", "", "1", "", "", "1", "", ""]
    _fill(a, {"Economic": econ, "Morality": ["1"] * 5 + [""] * 5})
    _fill(b, {"Economic": econ, "Morality": [""] * 5 + ["yes"] * 5})
    codes = pd.concat([import_csv(a, DEMO_SCHEME), import_csv(b, DEMO_SCHEME)], ignore_index=True)
    assert len(codes) == 2 * 10 * 7 and set(codes["coder"]) == {"ann", "bob"}
    alpha = krippendorff_alpha(codes).set_index("frame")["alpha"]
    assert alpha["Economic"] == pytest.approx(1.0)  # perfect agreement
    assert alpha["Morality"] < 0  # systematic disagreement
    assert np.isnan(alpha["Legality"])  # nobody used it: nothing to agree on
    gold = gold_from_codes(codes, scheme="demo_policy")
    assert set(gold["frame"]) == {"Economic"} and len(gold) == 4  # a single coder's Morality is no majority


def test_alpha_known_value():
    # Krippendorff (2011) nominal example subset: two coders, 0/1 values
    codes = pd.DataFrame({"doc_id": list("abcdef") * 2, "coder": ["x"] * 6 + ["y"] * 6, "frame": "F",
                          "value": [1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0]})
    import krippendorff
    data = np.array([[1, 1, 0, 0, 1, 0], [1, 1, 0, 0, 0, 0]], dtype=float)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    got = krippendorff_alpha(codes).set_index("frame")["alpha"]
    assert got["F"] == pytest.approx(expected) and got["(all frames)"] == pytest.approx(expected)


def test_bad_sheets_are_explained(tmp_path, articles):
    sample = sample_for_coding(articles, 3)
    path = export_csv(sample, DEMO_SCHEME, tmp_path / "c.csv")
    _fill(path, {"Economic": ["maybe", "", ""]})
    with pytest.raises(AnnotationError, match="line 2, column 'Economic'.*found 'maybe'"):
        import_csv(path, DEMO_SCHEME)
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False).rename(columns={"Economic": "Weather"})
    sheet.to_csv(path, index=False)
    with pytest.raises(AnnotationError, match="\\['Weather'\\] are not frames"):
        import_csv(path, DEMO_SCHEME)
    with pytest.raises(AnnotationError, match="two coders"):
        krippendorff_alpha(pd.DataFrame({"doc_id": ["a"], "coder": ["x"], "frame": ["F"], "value": [1]}))


def test_label_studio_round_trip(tmp_path, articles):
    sample = sample_for_coding(articles, 4)
    path = export_label_studio(sample, DEMO_SCHEME, tmp_path / "tasks.json")
    assert 'choice="multiple"' in path.with_suffix(".config.xml").read_text()
    tasks = json.loads(path.read_text())
    for i, task in enumerate(tasks):  # what Label Studio's JSON export adds
        task["annotations"] = [{"completed_by": c, "result": [{"value": {"choices": ["Economic"] if i % 2 else []}}]}
                               for c in (1, 2)]
    path.write_text(json.dumps(tasks))
    codes = import_label_studio(path, DEMO_SCHEME)
    assert len(codes) == 4 * 2 * 7
    assert codes[codes["value"] == 1]["frame"].unique().tolist() == ["Economic"]
    assert krippendorff_alpha(codes).set_index("frame").loc["Economic", "alpha"] == pytest.approx(1.0)
