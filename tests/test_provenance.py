"""Manifests say where a figure comes from: notebook and version, its parameters and seed, the sha256s of the
datasets loaded, git commit and package versions; PNG and SVG are written, and reruns are byte-identical."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from toolkit import figures, provenance
from toolkit.datasets import load_demo
from toolkit.datasets.demo import DEMO_DIR
from toolkit.provenance import file_sha256


def _notebook(folder, name, first_markdown):
    path = folder / f"{name}.py"
    path.write_text(f'# %% [markdown]\n# {first_markdown}\n\n# %% tags=["parameters"]\ndataset = "demo"\n'
                    f'output_dir = "x"\nseed = 3\n\n# %%\nprint(dataset)\n', encoding="utf-8")
    return path


def test_notebook_version_is_read_or_refused(tmp_path):
    _notebook(tmp_path, "01-ok", "**Version 7.** What it shows.")
    assert provenance.notebook_version("01-ok", tmp_path) == 7
    _notebook(tmp_path, "02-none", "No version stated here.")
    with pytest.raises(ValueError, match=r"states no version: expected '\*\*Version N\.\*\*'"):
        provenance.notebook_version("02-none", tmp_path)
    with pytest.raises(FileNotFoundError, match="03-missing"):
        provenance.notebook_version("03-missing", tmp_path)
    assert figures.parameter_names("01-ok", tmp_path) == ["dataset", "output_dir", "seed"]


def test_loading_records_dataset_sha256s():
    provenance.clear_loaded()
    load_demo()
    loaded = provenance.loaded_datasets()
    assert list(loaded) == ["demo"]
    assert loaded["demo"]["articles.jsonl"] == file_sha256(DEMO_DIR / "articles.jsonl")
    provenance.clear_loaded()
    assert provenance.loaded_datasets() == {}


@pytest.mark.realdata
def test_load_dataset_records_the_cards_pinned_sha256s(realdata_dir):
    from toolkit.datasets import load_dataset
    from toolkit.datasets.cards import load_card

    provenance.clear_loaded()
    load_dataset("basil", download_missing=False)
    card = load_card("basil")
    assert provenance.loaded_datasets()["basil"] == {f.path: f.sha256 for f in sorted(card.files, key=lambda f: f.path)
                                                     if not f.optional or (realdata_dir / "basil" / f.path).exists()}


def test_saver_manifest_records_notebook_version_parameters_seed_and_versions(tmp_path):
    provenance.clear_loaded()
    load_demo()
    manifests = []
    for run in ("a", "b"):
        save = figures.saver(tmp_path / run, "01-corpus-overview", "demo",
                             parameters={"dataset": "demo", "output_dir": str(tmp_path / run), "max_events": 5,
                                         "seed": 11})
        fig, ax = plt.subplots()
        ax.bar(["x", "y"], [1, 2])
        manifests.append(save(ax, "bars", pd.DataFrame({"k": ["x", "y"], "n": [1, 2]}), shown="bars"))
        plt.close(fig)
    m = manifests[0]
    assert m["notebook"] == {"name": "01-corpus-overview", "version": 1,
                             "parameters": {"dataset": "demo", "max_events": 5, "seed": 11}}  # output_dir left out
    assert m["seed"] == 11 and m["parameters"] == {"notebook": "01-corpus-overview", "shown": "bars"}
    assert set(m["versions"]) == {"python", "toolkit", "numpy", "pandas", "scikit-learn", "gensim", "matplotlib",
                                  "seaborn"}
    assert m["datasets"]["demo"]["articles.jsonl"] == file_sha256(DEMO_DIR / "articles.jsonl")
    assert isinstance(m["git_commit"], str) and m["git_commit"]
    folder = tmp_path / "a" / "demo" / "01-corpus-overview"
    assert sorted(p.name for p in folder.iterdir()) == ["bars.csv", "bars.json", "bars.png", "bars.svg"]
    assert m["svg"]["sha256"] == file_sha256(folder / "bars.svg")
    # byte-identical reruns: manifest, PNG, SVG, CSV
    other = tmp_path / "b" / "demo" / "01-corpus-overview"
    for name in ("bars.json", "bars.png", "bars.svg", "bars.csv"):
        assert (folder / name).read_bytes() == (other / name).read_bytes(), name
    assert "synthetic demo data" in (folder / "bars.svg").read_text()
    assert json.loads((folder / "bars.json").read_text()) == m


def test_saver_data_label_names_an_evaluation_corpus_on_real_runs_only(tmp_path):
    """A figure of an evaluation corpus in a notebook run on another dataset says which data it shows."""
    for dataset, expected in (("basil", "data: fnc1 (one fold)"), ("demo", "data: demo")):
        save = figures.saver(tmp_path, "01-corpus-overview", dataset, parameters={"dataset": dataset, "seed": 0})
        fig, ax = plt.subplots()
        ax.bar(["x", "y"], [1, 2])
        m = save(ax, "bars", pd.DataFrame({"k": ["x", "y"], "n": [1, 2]}), data_label="fnc1 (one fold)")
        plt.close(fig)
        svg = (tmp_path / dataset / "01-corpus-overview" / "bars.svg").read_text()
        assert expected in svg
        assert m["dataset"] == dataset
        assert m.get("data_label") == ("fnc1 (one fold)" if dataset == "basil" else None)
        assert "data_label" not in m["parameters"]
