"""The committed figures/ tree: data tables hold aggregates, labels and short terms, never corpus text;
every figure has its four files; the README table is in sync. (The slower check that no real figure's table
quotes a title of the datasets it was made from is `python -m toolkit figures --check-text`.)"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from toolkit.figures import FIGURE_SUFFIXES
from toolkit.published import END, START, figure_table_markdown

REPO = Path(__file__).resolve().parents[1]
FIGURES = REPO / "figures"
#: A figure-table cell longer than this is treated as text, not a label or term.
MAX_WORDS, MAX_CHARS = 10, 100


def _tables() -> list[Path]:
    return sorted(FIGURES.glob("*/*/*.csv"))


def _string_cells(path: Path) -> list[str]:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return [v for col in table.columns for v in table[col].tolist() if v] + list(map(str, table.columns))


def test_figure_tables_hold_no_text():
    offenders = [(p.relative_to(FIGURES).as_posix(), v[:80]) for p in _tables() for v in _string_cells(p)
                 if len(v.split()) > MAX_WORDS or len(v) > MAX_CHARS]
    assert not offenders, f"figure tables must hold aggregates, labels and short terms, not text: {offenders[:5]}"


def test_every_figure_is_complete_and_versioned():
    from toolkit.provenance import notebook_version

    for csv in _tables():
        manifest = json.loads(csv.with_suffix(".json").read_text())
        for suffix in FIGURE_SUFFIXES:
            if suffix == ".svg" and "svg" not in manifest:
                continue  # made before SVGs were written; `make figures` adds them
            assert csv.with_suffix(suffix).is_file(), f"{csv.with_suffix(suffix)} is missing"
        nb = manifest.get("notebook")
        if isinstance(nb, dict) and (REPO / "notebooks" / f"{nb['name']}.py").exists():
            assert nb["version"] == notebook_version(nb["name"]), (
                f"{csv.with_suffix('.json')}: made by {nb['name']} version {nb['version']}, the notebook is now version "
                f"{notebook_version(nb['name'])}: re-publish its figures (make figures)")


def test_readme_figure_table_is_in_sync():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    if START not in readme:
        pytest.skip("README has no generated figure table")
    table = readme.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"
    assert table == figure_table_markdown(FIGURES), (
        "README figure table is out of date: run `make figures` (or paste `python -m toolkit figures --table`)")
