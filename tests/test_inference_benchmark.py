"""benchmarks/inference.py end to end on a few hundred synthetic inputs, in process (no timing asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _bench():
    spec = importlib.util.spec_from_file_location(
        "inference_bench", Path(__file__).resolve().parents[1] / "benchmarks" / "inference.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def _rows(out: str, n: int, n_rates: int) -> None:
    lines = out.strip().splitlines()
    assert lines[0] == f"input: synthetic (project data), n = {n}"
    rows = {line.split("  ")[0].strip(): line.split() for line in lines[2:]}
    assert set(rows) == {"frames", "actor stance", "headline stance"}
    for words in rows.values():
        rates = [float(w) for w, nxt in zip(words, words[1:]) if nxt == "docs/s"]
        assert len(rates) == n_rates and all(r > 0 for r in rates)
        assert float(words[-1]) > 0  # the toolkit / bare ratio is printed (its size is a timing: not asserted)


def test_inference_benchmark_prints_one_row_per_model(capsys):
    _bench().main(["--n", "300", "--repeats", "1", "--no-dask"])
    _rows(capsys.readouterr().out, 300, 2)  # toolkit, bare sklearn


def test_inference_benchmark_on_a_local_cluster_with_a_shared_model(capsys):
    pytest.importorskip("distributed")
    _bench().main(["--n", "200", "--repeats", "1"])
    _rows(capsys.readouterr().out, 200, 3)  # toolkit, toolkit+dask2 (model shared once), bare sklearn
