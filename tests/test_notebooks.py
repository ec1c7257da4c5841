"""Study notebooks: committed without outputs, literal-only parameters, in sync with their py:percent
source, and they run headless (papermill) writing every figure they promise."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from pathlib import Path

import pytest

from toolkit import figures

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
OVERVIEW = "01-corpus-overview"
#: Figures 01-corpus-overview promises in its first markdown cell.
OVERVIEW_FIGURES = ("coverage", "articles-over-time", "length-by-outlet", "cleaning-steps",
                    "quarantine-reasons", "wire-copies")
PARAMETERS = {"dataset": "demo", "output_dir": "../figures", "max_events": 30}


def _pairs() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_notebook_is_a_pair():
    assert _pairs(), "no study notebooks found"
    for ipynb in _pairs():
        assert ipynb.with_suffix(".py").exists(), f"{ipynb.name} has no py:percent source"
    assert 'formats = "ipynb,py:percent"' in (NOTEBOOKS / "jupytext.toml").read_text()


@pytest.mark.parametrize("ipynb", _pairs(), ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(ipynb):
    nb = _read_json(ipynb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{ipynb.name}: a code cell carries outputs"
            assert cell["execution_count"] is None
    assert "papermill" not in nb["metadata"]


@pytest.mark.parametrize("ipynb", _pairs(), ids=lambda p: p.stem)
def test_one_parameters_cell_with_literals_only(ipynb):
    nb = _read_json(ipynb)
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{ipynb.name}: expected one cell tagged 'parameters', found {len(cells)}"
    source = "".join(cells[0]["source"])
    values = {}
    for stmt in ast.parse(source).body:
        assert isinstance(stmt, ast.Assign) and len(stmt.targets) == 1, ast.dump(stmt)
        assert isinstance(stmt.targets[0], ast.Name)
        values[stmt.targets[0].id] = ast.literal_eval(stmt.value)  # raises on anything but a literal
    assert {"dataset", "output_dir"} <= set(values)
    if ipynb.stem == OVERVIEW:
        assert values == PARAMETERS


@pytest.mark.parametrize("ipynb", _pairs(), ids=lambda p: p.stem)
def test_py_and_ipynb_are_in_sync(ipynb):
    jupytext = pytest.importorskip("jupytext")
    a = jupytext.read(ipynb)
    b = jupytext.read(ipynb.with_suffix(".py"))
    cells = lambda nb: [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", []))) for c in nb.cells]  # noqa: E731
    assert cells(a) == cells(b), f"{ipynb.stem}: run `jupytext --sync notebooks/{ipynb.stem}.py`"


def _first_markdown(ipynb: Path) -> str:
    return "".join(next(c for c in _read_json(ipynb)["cells"] if c["cell_type"] == "markdown")["source"])


@pytest.mark.parametrize("ipynb", _pairs(), ids=lambda p: p.stem)
def test_notebook_states_its_version(ipynb):
    assert re.search(r"\*\*Version \d+\.\*\*", _first_markdown(ipynb)), (
        f"{ipynb.name}: state '**Version N.**' in the first markdown cell (bump it when a figure changes meaning)")
    from toolkit.provenance import notebook_version

    assert notebook_version(ipynb.stem, NOTEBOOKS) >= 1


#: ``save(ax, "name", ...)`` calls: the figures a notebook writes.
SAVE_CALL = re.compile(r"""\bsave\(\s*\w+\s*,\s*["']([\w.-]+)["']""")
#: Rows of the figure table in the first markdown cell: ``| `name` | what it shows |``.
TABLE_ROW = re.compile(r"^\|\s*`([\w.-]+)`\s*\|", re.MULTILINE)


@pytest.mark.parametrize("ipynb", _pairs(), ids=lambda p: p.stem)
def test_figure_table_lists_exactly_the_figures_saved(ipynb):
    nb = _read_json(ipynb)
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    saved = SAVE_CALL.findall(code)
    listed = TABLE_ROW.findall(_first_markdown(ipynb))
    assert saved, f"{ipynb.name}: no save(ax, \"name\", ...) call found"
    assert len(saved) == len(set(saved)), f"{ipynb.name}: a figure name is saved twice: {saved}"
    assert sorted(listed) == sorted(saved), (
        f"{ipynb.name}: the first markdown cell lists {sorted(listed)} but the notebook saves {sorted(saved)}")


def test_overview_says_which_figures_it_makes():
    nb = _read_json(NOTEBOOKS / f"{OVERVIEW}.ipynb")
    first = "".join(next(c for c in nb["cells"] if c["cell_type"] == "markdown")["source"])
    for name in OVERVIEW_FIGURES:
        assert f"`{name}`" in first


def test_find_notebooks_and_choose_dataset():
    found = figures.find_notebooks()
    assert NOTEBOOKS / f"{OVERVIEW}.py" in found
    assert figures.find_notebooks(["01"]) == [NOTEBOOKS / f"{OVERVIEW}.py"]
    with pytest.raises(FileNotFoundError, match=OVERVIEW):
        figures.find_notebooks(["no-such-notebook"])
    assert figures.choose_dataset("demo") == ("demo", "chosen explicitly")


def test_choose_dataset_without_real_data_is_demo(monkeypatch, tmp_path):
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "empty-cache"))
    name, reason = figures.choose_dataset()
    assert name == "demo", reason


def test_choose_dataset_falls_back_when_real_corpus_fails(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("TOOLKIT_DATA", str(tmp_path))  # exists, but holds no corpus
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "empty-cache"))
    name, reason = figures.choose_dataset()
    assert name == "demo"
    assert "could not load 'basil'" in reason
    assert "falling back to 'demo'" in capsys.readouterr().err


@pytest.mark.notebook
def test_overview_notebook_runs_on_demo(tmp_path):
    pm = pytest.importorskip("papermill")
    out = tmp_path / "figures"
    pm.execute_notebook(
        str(NOTEBOOKS / f"{OVERVIEW}.ipynb"), str(tmp_path / "executed.ipynb"),
        parameters={"dataset": "demo", "output_dir": str(out)}, kernel_name="python3",
        cwd=str(NOTEBOOKS), progress_bar=False,
    )
    folder = out / "demo" / OVERVIEW
    written = sorted(p.name for p in folder.iterdir())
    assert written == sorted(f"{n}.{s}" for n in OVERVIEW_FIGURES for s in ("csv", "json", "png", "svg"))
    for name in OVERVIEW_FIGURES:
        manifest = _read_json(folder / f"{name}.json")
        assert manifest["dataset"] == "demo" and manifest["synthetic"] is True
        assert manifest["parameters"]["notebook"] == OVERVIEW
        assert manifest["data"]["sha256"] == hashlib.sha256((folder / f"{name}.csv").read_bytes()).hexdigest()
        assert (folder / f"{name}.png").stat().st_size > 10_000
    coverage = (folder / "coverage.csv").read_text().splitlines()
    assert coverage[0] == "outlet,column,articles"
    assert len(coverage) - 1 == 9 * 16  # demo: nine outlets x sixteen events, zeros included
    # the committed demo figures are reproduced: same data tables, byte for byte
    committed = REPO / "figures" / "demo" / OVERVIEW
    for name in OVERVIEW_FIGURES:
        assert (folder / f"{name}.csv").read_bytes() == (committed / f"{name}.csv").read_bytes(), name


@pytest.mark.notebook
@pytest.mark.realdata
@pytest.mark.parametrize("dataset", ["basil", "kremlin_ukraine_president_press_releases"])
def test_overview_notebook_runs_on_real_corpora(realdata_dir, tmp_path, dataset):
    """Any registered dataset by parameter: gold events (BASIL) and no event ids (readouts, by month)."""
    pm = pytest.importorskip("papermill")
    out = tmp_path / "figures"
    pm.execute_notebook(
        str(NOTEBOOKS / f"{OVERVIEW}.ipynb"), str(tmp_path / "executed.ipynb"),
        parameters={"dataset": dataset, "output_dir": str(out)}, kernel_name="python3",
        cwd=str(NOTEBOOKS), progress_bar=False,
    )
    folder = out / dataset / OVERVIEW
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{n}.{s}" for n in OVERVIEW_FIGURES for s in ("csv", "json", "png", "svg"))
    manifest = _read_json(folder / "coverage.json")
    assert manifest["dataset"] == dataset and manifest["synthetic"] is False
    if dataset == "basil":
        coverage = (folder / "coverage.csv").read_text().splitlines()
        assert len(coverage) - 1 == 3 * 30  # three outlets x the 30 largest of 100 events (max_events)
