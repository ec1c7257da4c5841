"""`make verify`: comparing figure trees catches planted drifts, passes identical tables, tolerates float noise.

The trees are tiny fakes in tmp_path laid out like ``figures/`` (no notebook is run here)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from toolkit import cli, figures
from toolkit.published import END, START, figure_table, figure_table_markdown, update_readme
from toolkit.verify import Drift, cells_equal, compare_trees, runs_in, verify

TABLE = pd.DataFrame({
    "group": ["Outlet A", "Outlet B", "Outlet C"],
    "measure": ["security", "economy", "security"],
    "estimate": [0.123456789012345, -0.0421, 1.5e-3],
    "n_articles": [120, 87, 9],
})


def _figure(root: Path, source: str, notebook: str, name: str, table: pd.DataFrame, *, run: str | None = None,
            version: int = 1) -> Path:
    folder = root / source / notebook
    folder.mkdir(parents=True, exist_ok=True)
    table.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    manifest = {"name": name, "dataset": source,
                "notebook": {"name": notebook, "version": version, "parameters": {"dataset": run or source}}}
    (folder / f"{name}.json").write_text(json.dumps(manifest))
    return folder / f"{name}.csv"


def _tree(root: Path, table: pd.DataFrame = TABLE, **kw) -> Path:
    _figure(root, "basil", "05-framing", "frame-contrasts", table, **kw)
    _figure(root, "demo", "01-overview", "coverage", pd.DataFrame({"outlet": ["x", "y"], "articles": [3, 0]}))
    return root


def test_identical_trees_have_no_drift(tmp_path):
    assert compare_trees(_tree(tmp_path / "a"), _tree(tmp_path / "b")) == []


def test_float_noise_of_1e_12_is_tolerated(tmp_path):
    noisy = TABLE.assign(estimate=TABLE["estimate"] * (1 + 1e-12))
    assert (noisy["estimate"] != TABLE["estimate"]).all()  # the CSVs really differ
    assert compare_trees(_tree(tmp_path / "a"), _tree(tmp_path / "b", noisy)) == []


def test_planted_drifts_are_each_reported(tmp_path):
    planted = TABLE.copy()
    planted.loc[1, "n_articles"] = 88             # a count: exact
    planted.loc[2, "measure"] = "Economy"         # a label: exact
    planted.loc[0, "estimate"] = 0.1234568        # a float beyond 1e-9 relative
    drifts = compare_trees(_tree(tmp_path / "a"), _tree(tmp_path / "b", planted))
    assert {(d.kind, d.row, d.column, d.committed, d.new) for d in drifts} == {
        ("value", 1, "n_articles", "'87'", "'88'"),
        ("value", 2, "measure", "'security'", "'Economy'"),
        ("value", 0, "estimate", "'0.123456789012345'", "'0.1234568'"),
    }
    assert all(d.file == "basil/05-framing/frame-contrasts.csv" for d in drifts)
    assert any(str(d).endswith("row 1 column 'n_articles': committed '87' vs new '88'") for d in drifts)


def test_shape_columns_missing_extra_and_version_are_reported(tmp_path):
    a = _tree(tmp_path / "a")
    b = _tree(tmp_path / "b", TABLE.iloc[:2].rename(columns={"estimate": "effect"}), version=2)
    (b / "demo" / "01-overview" / "coverage.csv").unlink()
    _figure(b, "demo", "01-overview", "new-figure", pd.DataFrame({"k": [1]}))
    kinds = {(d.kind, d.file) for d in compare_trees(a, b)}
    assert ("missing", "demo/01-overview/coverage.csv") in kinds
    assert ("extra", "demo/01-overview/new-figure.csv") in kinds
    assert ("version", "basil/05-framing/frame-contrasts.json") in kinds
    assert ("shape", "basil/05-framing/frame-contrasts.csv") in kinds
    assert ("columns", "basil/05-framing/frame-contrasts.csv") in kinds


def test_cells_equal_rules():
    assert cells_equal("12", "12") and not cells_equal("12", "13")
    assert cells_equal("1", "1.0000000001")  # an integer against a float: compared as floats
    assert cells_equal("nan", "NaN") and not cells_equal("nan", "0.0")
    assert cells_equal("0.0", "1e-15")  # zero up to rounding noise
    assert not cells_equal("0.5", "0.5000001")
    assert not cells_equal("Fox News", "fox news")
    assert cells_equal("", "")


def test_run_filter_uses_the_manifests(tmp_path):
    a = _tree(tmp_path / "a")
    _figure(a, "article_bias_prediction", "03-topics", "k-sweep", pd.DataFrame({"k": [6]}), run="basil")
    assert runs_in(a) == ["basil", "demo"]
    b = tmp_path / "b"
    _figure(b, "basil", "05-framing", "frame-contrasts", TABLE)
    _figure(b, "article_bias_prediction", "03-topics", "k-sweep", pd.DataFrame({"k": [6]}), run="basil")
    assert compare_trees(a, b, run="basil") == []  # the demo run's figures are not this run's


def test_verify_reruns_each_committed_run_and_the_cli_exits_non_zero_on_drift(tmp_path, monkeypatch, capsys):
    committed = _tree(tmp_path / "figures")
    good = _tree(tmp_path / "reference")
    calls = []

    def fake_run(output, dataset, notebooks, executed_dir):  # stands in for papermill: copies one run's figures
        calls.append(dataset)
        for csv in good.glob("*/*/*.csv"):
            manifest = json.loads(csv.with_suffix(".json").read_text())
            if manifest["notebook"]["parameters"]["dataset"] == dataset:
                target = Path(output) / csv.relative_to(good).parent
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy(csv, target)
                shutil.copy(csv.with_suffix(".json"), target)
        return []

    monkeypatch.setattr(figures, "run_notebooks", fake_run)
    assert verify(committed, tmp_path / "scratch") == []
    assert calls == ["basil", "demo"]
    assert "verify: no drift" in capsys.readouterr().out
    args = ["verify", "--output", str(committed), "--scratch", str(tmp_path / "scratch")]
    assert cli.main(args) == 0
    # plant a drift in the reference the fake re-run copies
    drifted = TABLE.copy()
    drifted.loc[2, "n_articles"] = 10
    _figure(good, "basil", "05-framing", "frame-contrasts", drifted)
    assert cli.main(args) == 1
    out = capsys.readouterr().out
    assert "DRIFT value: basil/05-framing/frame-contrasts.csv row 2 column 'n_articles': committed '9' vs new '10'" \
        in out
    assert "verify: 1 drift(s) in 1 file(s)" in out


def test_drift_str_names_file_row_column_and_values():
    d = Drift("value", "x/y/z.csv", 3, "estimate", "'0.1'", "'0.2'")
    assert str(d) == "value: x/y/z.csv row 3 column 'estimate': committed '0.1' vs new '0.2'"


def test_figure_table_and_readme_markers(tmp_path, capsys):
    root = _tree(tmp_path / "figures")
    table = figure_table(root)
    assert list(table["figure"]) == ["basil/05-framing/frame-contrasts", "demo/01-overview/coverage"]
    assert list(table["notebook"]) == ["05-framing", "01-overview"] and list(table["version"]) == [1, 1]
    md = figure_table_markdown(root)
    assert "[basil/05-framing/frame-contrasts](figures/basil/05-framing/frame-contrasts.png)" in md
    assert "[manifest](figures/demo/01-overview/coverage.json)" in md
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\n{START}\nold\n{END}\n\nrest\n")
    assert update_readme(readme, root) is True
    text = readme.read_text()
    assert md in text and "old" not in text and text.endswith("rest\n")
    assert update_readme(readme, root) is False  # in sync: unchanged
    assert cli.main(["figures", "--table", "--output", str(root)]) == 0
    assert capsys.readouterr().out == md


@pytest.mark.parametrize("suffix", [".csv", ".json", ".png", ".svg"])
def test_clear_previous_removes_only_the_same_runs_figures(tmp_path, suffix):
    root = tmp_path / "figures"
    _figure(root, "demo", "03-topics", "k-sweep", pd.DataFrame({"k": [1]}), run="basil")  # basil run, demo fallback
    _figure(root, "demo", "03-topics", "topic-terms", pd.DataFrame({"k": [1]}), run="demo")
    (root / "demo" / "03-topics" / f"k-sweep{suffix}").touch()
    figures._clear_previous(root, "03-topics", "basil")
    left = sorted(p.name for p in (root / "demo" / "03-topics").iterdir())
    assert left == ["topic-terms.csv", "topic-terms.json"]
