"""The study notebooks run in JupyterLab in a real browser, the way a person runs them.

For every study notebook (``notebooks/[0-9][0-9]-*.ipynb``, so a new one is picked up without editing this
file): JupyterLab is started on 127.0.0.1 with a fresh token on a scratch copy of the notebooks (the demo
corpus injected as the ``dataset`` parameter, ``$TOOLKIT_DATA`` removed), headless chromium opens the
notebook, *Run → Run All Cells* is chosen from the menu bar, and once the kernel is idle the test asserts
that every code cell ran, that no cell shows an error, and that every figure the notebook makes is
rendered as an image. A screenshot of each notebook goes to ``build/browser/<notebook>.png``.

Needs ``playwright`` (the ``dev`` extra; its own browsers are not used) and Debian's ``chromium``
(``.ci/run`` installs it with apt). Skips, saying why, when either is missing.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from browser_lab import (
    CHROMIUM_ARGS,
    JupyterLab,
    LabError,
    NotebookRun,
    figures_listed,
    find_chromium,
    lab_environment,
    prepare_notebooks,
    run_notebook_in_lab,
    screenshot_notebook,
)

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
SCREENSHOTS = REPO / "build" / "browser"
#: Seconds one notebook may take from opening to the last cell (the demo needs 10-25 s each headless).
RUN_TIMEOUT = 300.0
VIEWPORT = {"width": 1400, "height": 1000}

pytestmark = [pytest.mark.browser, pytest.mark.notebook]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None and os.environ.get("CHROMIUM"):
        pytest.skip(f"$CHROMIUM={os.environ['CHROMIUM']} is not an executable file: point it at chromium, "
                    f"or unset it to use Debian's /usr/bin/chromium")
    if path is None:
        pytest.skip("browser test needs Debian's chromium: `apt-get install -y chromium` (as .ci/run does), "
                    "or point $CHROMIUM at a chromium executable")
    return path


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """Scratch folder of the lab: notebook copies, the figures they write, Jupyter's own folders, the log."""
    return tmp_path_factory.mktemp("browser-lab")


@pytest.fixture(scope="session")
def lab(lab_root, chromium_path):
    """JupyterLab on a scratch copy of the study notebooks, with the demo parameters injected; stopped at the end."""
    pytest.importorskip("jupyterlab", reason="browser test needs JupyterLab (pip install -e '.[dev]')")
    root = lab_root
    folder = root / "notebooks"
    prepare_notebooks(NOTEBOOKS, folder, {"dataset": "demo", "output_dir": str(root / "figures")})
    server = JupyterLab(root=folder, env=lab_environment(root / "jupyter", REPO), log=root / "jupyterlab.log")
    server.start()
    try:
        specs = server.kernelspecs()["kernelspecs"]
        for nb in NOTEBOOKS:
            wanted = json.loads(nb.read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]
            assert wanted in specs, (f"{nb.name} asks for kernel {wanted!r}; JupyterLab offers {sorted(specs)}. "
                                     f"Run `make install` (it installs the 'python3' kernelspec with --sys-prefix)")
        yield server
    finally:
        server.stop()
        assert server.proc.poll() is not None, "JupyterLab is still running after stop()"


@pytest.fixture(scope="session")
def browser(chromium_path):
    """Headless chromium driven by Playwright (Debian's binary; `playwright install` is never needed)."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser test needs playwright (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=chromium_path, headless=True, args=list(CHROMIUM_ARGS))
        except Exception as exc:
            pytest.fail(f"Playwright could not launch {chromium_path} with {' '.join(CHROMIUM_ARGS)}: {exc}")
        try:
            yield chromium
        finally:
            chromium.close()


def _describe_errors(run: NotebookRun) -> str:
    parts = []
    for cell, err in run.errors:
        parts.append(f"  code cell {cell.code_index} (cell {cell.cell_index}, starting {cell.first_line!r}): "
                     f"{err['ename']}: {err['evalue']}\n{err['traceback'][-1200:]}")
    for tb in run.tracebacks_in_page:
        parts.append(f"  code cell {tb['code_cell']} (cell {tb['cell']}) shows a traceback ({tb['mime']}):\n"
                     f"{tb['text'][-1200:]}")
    return "\n".join(parts)


@pytest.mark.skipif(not NOTEBOOKS, reason="no study notebooks in notebooks/")
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_jupyterlab(notebook: Path, browser, lab: JupyterLab, lab_root: Path):
    page = browser.new_page(viewport=VIEWPORT)
    shot = SCREENSHOTS / f"{notebook.stem}.png"
    started = time.monotonic()
    try:
        try:
            run = run_notebook_in_lab(page, lab, notebook.name, timeout=RUN_TIMEOUT)
        except LabError as exc:
            pytest.fail(f"{exc}\nJupyterLab log ends:\n{lab.log_tail(15)}")
    finally:
        try:
            screenshot_notebook(page, shot)  # also when the run failed: it shows where
        except Exception as exc:  # noqa: BLE001 - a screenshot must not hide the real failure
            print(f"no screenshot of {notebook.name}: {exc}")
        print(f"{notebook.name}: {time.monotonic() - started:.0f} s with the screenshot")
        lab.shutdown_kernels()  # before closing the page, so the server is not left writing to a closed socket
        page.close()

    phases = ", ".join(f"{k} {v:.0f} s" for k, v in run.phases.items())
    print(f"{notebook.name}: {len(run.cells)} code cells, {len(run.images)} images, {run.seconds:.0f} s ({phases})")
    errors = _describe_errors(run)
    assert not errors, f"{notebook.name} shows errors in JupyterLab:\n{errors}"
    assert not run.not_run, (f"{notebook.name}: code cells without an execution count after Run All Cells: "
                             f"{[(c.code_index, c.first_line) for c in run.not_run]}")

    listed = figures_listed(notebook)
    saved = sorted(p.stem for p in (lab_root / "figures").glob(f"*/{notebook.stem}/*.png"))
    expected = max(1, len(listed), len(saved))
    assert len(run.images) >= expected, (
        f"{notebook.name}: {len(run.images)} images rendered in the output areas, expected at least {expected} "
        f"(figures listed in its first markdown cell: {listed}; PNGs it saved: {saved})")
    blank = [img for img in run.images if not img["complete"] or img["width"] <= 0 or img["height"] <= 0]
    assert not blank, f"{notebook.name}: images that did not render (natural size 0) in code cells " \
                      f"{[img['code_cell'] for img in blank]}"
    assert shot.is_file() and shot.stat().st_size > 0, f"no screenshot written to {shot}"


def test_chromium_flags_are_the_headless_ones():
    """The flags the browser test runs chromium with (no sandbox or GPU in CI containers, nothing phoning home)."""
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        assert flag in CHROMIUM_ARGS


def test_prepare_notebooks_injects_parameters_after_the_parameters_cell(tmp_path):
    """The scratch copies carry the demo parameters right after the tagged cell; the repository is untouched."""
    before = {p: p.read_bytes() for p in NOTEBOOKS}
    copies = prepare_notebooks(NOTEBOOKS, tmp_path, {"dataset": "demo", "output_dir": "/tmp/x"})
    assert [c.name for c in copies] == [p.name for p in NOTEBOOKS]
    for copy in copies:
        cells = json.loads(copy.read_text())["cells"]
        tags = [c.get("metadata", {}).get("tags", []) for c in cells]
        at = next(i for i, t in enumerate(tags) if "parameters" in t)
        assert "injected-parameters" in tags[at + 1]
        assert "dataset = 'demo'" in cells[at + 1]["source"]
    assert before == {p: p.read_bytes() for p in NOTEBOOKS}


def test_figures_listed_reads_the_first_markdown_table():
    overview = REPO / "notebooks" / "01-corpus-overview.ipynb"
    assert figures_listed(overview) == ["coverage", "articles-over-time", "length-by-outlet", "cleaning-steps",
                                        "quarantine-reasons", "wire-copies"]


def test_lab_environment_hides_real_data(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_DATA", str(tmp_path))
    env = lab_environment(tmp_path / "jupyter", REPO)
    assert "TOOLKIT_DATA" not in env
    assert env["PYTHONPATH"] == str(REPO)
    assert not any(Path(env["TOOLKIT_CACHE"]).iterdir())
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    assert json.loads(settings.read_text())["windowingMode"] == "none"
    assert os.environ["TOOLKIT_DATA"] == str(tmp_path)  # the test process itself is left alone


def _planted_notebook(path: Path) -> None:
    """A tiny notebook with one figure, one warning on stderr, then a cell that raises, then one never run."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (toolkit)", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# planted failure (tests/test_browser.py)"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0]);"),
        nbformat.v4.new_code_cell("import warnings\nwarnings.warn('a warning is not an error')"),
        nbformat.v4.new_code_cell("raise ValueError('planted failure')"),
        nbformat.v4.new_code_cell("print('never reached')"),
    ]
    nbformat.write(nb, str(path))


def test_a_failing_cell_is_caught_and_a_warning_is_not(browser, lab: JupyterLab, lab_root: Path):
    """The checks above, against the real page: the raising cell is named, the warning passes, the image counts."""
    _planted_notebook(lab_root / "notebooks" / "planted-failure.ipynb")
    page = browser.new_page(viewport=VIEWPORT)
    try:
        run = run_notebook_in_lab(page, lab, "planted-failure.ipynb", timeout=120)
    finally:
        lab.shutdown_kernels()
        page.close()
    assert [(cell.code_index, err["ename"], err["evalue"]) for cell, err in run.errors] == [
        (3, "ValueError", "planted failure")]
    assert "planted failure" in run.errors[0][1]["traceback"]
    assert [tb["code_cell"] for tb in run.tracebacks_in_page] == [3]  # the warning (code cell 2) is not one
    assert [cell.code_index for cell in run.not_run] == [4]
    assert len(run.images) == 1 and run.images[0]["width"] > 0
    assert "code cell 3" in _describe_errors(run) and "raise ValueError" in _describe_errors(run)
