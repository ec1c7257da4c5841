"""Topic figures draw the tables they are given and return them as their data twins."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from toolkit import plots  # noqa: E402

SWEEP = pd.DataFrame({"k": [4, 8, 4, 8], "measure": ["c_v", "c_v", "u_mass", "u_mass"],
                      "value": [0.4, 0.5, -2.0, -1.0], "value_sd": 0.1, "n_topics": [4, 8, 4, 8]})


def test_k_sweep_scales_each_measure_and_marks_the_choice():
    data = plots.k_sweep_data(SWEEP)
    assert data["scaled"].tolist() == [0.0, 1.0, 0.0, 1.0]
    ax = plots.k_sweep(SWEEP, chosen=8)
    assert len(ax.get_lines()) == 3  # two measures and the chosen-K line
    with pytest.raises(ValueError, match="k_sweep table lacks"):
        plots.k_sweep_data(SWEEP.drop(columns="value"))


def test_topic_terms_and_prevalence_over_time():
    terms = pd.DataFrame({"topic": ["topic_01"] * 3 + ["topic_02"] * 3, "label": ["a"] * 3 + ["b"] * 3,
                          "rank": [1, 2, 3] * 2, "term": list("xyzuvw"), "weight": 0.1, "relevance": 0.0})
    data = plots.topic_terms_data(terms, n=2)
    assert data["terms"].tolist() == ["x, y", "u, v"]
    plots.topic_terms(terms, n=2)
    table = pd.DataFrame({"period": ["2020", "2021", "2020", "2021"], "group": ["L", "L", "R", "R"],
                          "measure": "topic_01", "label": "a", "estimate": [0.1, 0.2, -0.1, -0.2],
                          "ci_low": [0.0, 0.1, -0.2, -0.3], "ci_high": [0.2, 0.3, 0.0, -0.1]})
    data = plots.prevalence_over_time_data(table, measure="topic_01")
    assert data["group"].tolist() == ["L", "L", "R", "R"]
    ax = plots.prevalence_over_time(table, measure="topic_01")
    assert "“a”" in ax.get_title(loc="left")
    with pytest.raises(ValueError, match="by_period=True"):
        plots.prevalence_over_time_data(table.drop(columns="period"), measure="topic_01")
