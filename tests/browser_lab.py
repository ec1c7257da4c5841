"""Drive the study notebooks in JupyterLab in a real (headless) browser, the way a person does.

Used by ``tests/test_browser.py``. Three parts:

* :class:`JupyterLab` starts ``python -m jupyter lab`` on 127.0.0.1 with a fresh token on a free port, in a
  private set of Jupyter folders (settings, workspaces, runtime), and stops it again with its kernels;
* :func:`prepare_notebooks` copies the study notebooks into a scratch folder and injects the demo
  parameters after each notebook's ``parameters`` cell (as papermill does), so the repository is untouched;
* :func:`run_notebook_in_lab` opens one notebook in the lab UI, chooses *Run → Run All Cells* from the menu
  bar, waits until every code cell has run and the kernel is idle, and reads back what the page shows:
  error outputs (with the cell they belong to) and rendered images; :func:`screenshot_notebook` saves it.

Playwright drives Debian's ``chromium`` (``/usr/bin/chromium``); ``playwright install`` is never needed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Flags for headless chromium in a container (no sandbox, no GPU, nothing phoning home).
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
#: Where Debian puts chromium; ``$CHROMIUM`` overrides.
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium")

#: JupyterLab user settings written into the private settings folder: every cell stays in the DOM
#: (no windowing, so the checks see every output), and the lab asks nothing and fetches nothing.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}

# DOM of JupyterLab 4 (checked against 4.6). Note: this version renders an error output (a traceback) with
# data-mime-type "application/vnd.jupyter.stderr", the same as a warning on stderr, so errors are read from
# the notebook model the page renders (output_type "error"), not from the DOM.
NOTEBOOK_PANEL = ".jp-NotebookPanel"
CODE_CELL = ".jp-Notebook .jp-CodeCell"
OUTPUT_IMAGE = ".jp-OutputArea-output img"


class LabError(RuntimeError):
    """JupyterLab could not be started, or did not do what the test asked."""


def find_chromium() -> str | None:
    """Path of a chromium executable (``$CHROMIUM`` first, then Debian's names), or None."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_environment(root: Path, repo: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for the lab and its kernels: the demo corpus, this repository's ``toolkit``, private Jupyter dirs.

    ``$TOOLKIT_DATA`` is removed and ``$TOOLKIT_CACHE`` points at an empty folder, so no real corpus can be
    found; ``PYTHONPATH`` is the repository under test (the kernel imports its ``toolkit``, as the
    editable install of a fresh clone does); ``MPLBACKEND`` is removed so matplotlib draws inline as for a
    person. Jupyter's settings, workspaces, config and runtime folders live under ``root`` so a user's own
    settings do not leak in and nothing is left behind.
    """
    env = dict(os.environ if base is None else base)
    for name in ("TOOLKIT_DATA", "MPLBACKEND", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(repo)
    env["TOOLKIT_CACHE"] = str(root / "toolkit-cache")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(root / "lab-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(root / "lab-workspaces")
    env["JUPYTER_CONFIG_DIR"] = str(root / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(root / "jupyter-runtime")
    env["IPYTHONDIR"] = str(root / "ipython")
    env["PYTHONHASHSEED"] = "0"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silence the debugger's frozen-modules note in outputs
    for key in ("TOOLKIT_CACHE", "JUPYTERLAB_WORKSPACES_DIR", "JUPYTER_CONFIG_DIR",
                "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    for rel, values in LAB_SETTINGS.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return env


def prepare_notebooks(sources: list[Path], dest: Path, parameters: dict[str, Any]) -> list[Path]:
    """Copy ``sources`` into ``dest`` with ``parameters`` injected after each notebook's ``parameters`` cell.

    The injected cell is tagged ``injected-parameters``, as papermill tags it, and holds one literal
    assignment per parameter. Returns the copies, in the order given.
    """
    dest.mkdir(parents=True, exist_ok=True)
    copies = []
    for src in sources:
        nb = json.loads(src.read_text(encoding="utf-8"))
        cells = nb["cells"]
        at = next((i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
        if at is None:
            raise LabError(f"{src.name}: expected a code cell tagged 'parameters' to inject the test parameters "
                           f"after, found none; tag the notebook's parameters cell (see notebooks/01-*.py)")
        source = "# Parameters injected by tests/test_browser.py\n" + "\n".join(
            f"{k} = {v!r}" for k, v in parameters.items())
        cells.insert(at + 1, {"cell_type": "code", "execution_count": None, "id": "injected-parameters",
                              "metadata": {"tags": ["injected-parameters"]}, "outputs": [],
                              "source": source})
        copy = dest / src.name
        copy.write_text(json.dumps(nb, indent=1), encoding="utf-8")
        copies.append(copy)
    return copies


def figures_listed(notebook: Path) -> list[str]:
    """Figure names in the table of the notebook's first markdown cell (rows like ``| `coverage` | ... |``)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    first = next((c for c in nb["cells"] if c["cell_type"] == "markdown"), None)
    if first is None:
        return []
    text = "".join(first["source"]) if isinstance(first["source"], list) else first["source"]
    return re.findall(r"^\|\s*`([^`|]+)`\s*\|", text, flags=re.M)


def _get_json(url: str, timeout: float = 5.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (loopback only)
        return json.loads(resp.read().decode("utf-8"))


def _request(url: str, method: str, timeout: float = 10.0) -> None:
    req = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(req, timeout=timeout):  # noqa: S310 (loopback only)
        pass


@dataclass
class JupyterLab:
    """A JupyterLab server on 127.0.0.1 serving ``root`` (start with :meth:`start`, stop with :meth:`stop`).

    Parameters
    ----------
    root : Path
        Folder the lab serves (its file browser root).
    env : dict
        Environment of the server and its kernels (see :func:`lab_environment`).
    log : Path
        File that receives the server's stdout and stderr.
    startup_timeout : float
        Seconds to wait for the server to answer.
    """

    root: Path
    env: dict[str, str]
    log: Path
    startup_timeout: float = 90.0
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, path: str) -> str:
        """URL of server API ``path`` with the token."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/api/{path}{sep}token={self.token}"

    def notebook_url(self, name: str) -> str:
        return f"{self.base_url}/lab/tree/{name}?token={self.token}&reset"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def start(self) -> JupyterLab:
        """Start ``python -m jupyter lab`` and wait until its API answers; raises :class:`LabError` otherwise."""
        self.port = free_port()
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--port-retries=0", f"--ServerApp.root_dir={self.root}",
               f"--IdentityProvider.token={self.token}", "--ServerApp.password=",
               "--LabApp.news_url=", "--LabApp.expose_app_in_browser=True",
               "--LabApp.extension_manager=readonly", "--LanguageServerManager.autodetect=False"]
        if hasattr(os, "getuid") and os.getuid() == 0:
            cmd.append("--allow-root")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=self.root, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise LabError(f"JupyterLab exited with code {self.proc.returncode} before answering on "
                               f"{self.base_url}; its log ends:\n{self.log_tail()}")
            try:
                _get_json(self.api("status"), timeout=2)
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
                time.sleep(0.5)
        self.stop()
        raise LabError(f"JupyterLab did not answer on {self.base_url} within {self.startup_timeout:.0f} s; "
                       f"its log ends:\n{self.log_tail()}")

    def kernelspecs(self) -> dict[str, Any]:
        """The server's kernel specs (``/api/kernelspecs``)."""
        return _get_json(self.api("kernelspecs"))

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel through the API (errors ignored: the server may be gone)."""
        try:
            for kernel in _get_json(self.api("kernels")):
                _request(self.api(f"kernels/{kernel['id']}"), "DELETE")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass

    def stop(self, timeout: float = 30.0) -> None:
        """Shut the kernels down, then the server (SIGTERM, then SIGKILL to its process group after ``timeout``)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.shutdown_kernels()
        try:
            _request(self.api("shutdown"), "POST")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@dataclass
class CellResult:
    """One code cell as the lab's notebook model holds it after the run."""

    code_index: int  # 1-based among code cells
    cell_index: int  # 1-based among all cells (JupyterLab's status bar "Cell n/N")
    first_line: str
    execution_count: int | None
    errors: list[dict[str, str]]  # output_type "error": ename, evalue, traceback tail (ANSI stripped)


@dataclass
class NotebookRun:
    """What JupyterLab showed after *Run → Run All Cells* for one notebook."""

    name: str
    cells: list[CellResult]
    images: list[dict[str, Any]]  # one per <img> in an output area: code cell, natural width / height
    tracebacks_in_page: list[dict[str, Any]]  # output text in the page that reads like a Python traceback
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)  # seconds: open, kernel, run

    @property
    def errors(self) -> list[tuple[CellResult, dict[str, str]]]:
        return [(cell, err) for cell in self.cells for err in cell.errors]

    @property
    def not_run(self) -> list[CellResult]:
        return [cell for cell in self.cells if cell.execution_count is None]


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# JavaScript run in the page. ``window.jupyterapp`` is exposed by ``--LabApp.expose_app_in_browser``; the
# notebook panel is found by its path, so the checks read the same model the page renders.
_FIND_PANEL = """
const findPanel = (path) => Array.from(window.jupyterapp.shell.widgets('main'))
  .find(w => w.context && w.context.path === path && w.content && w.content.model);
"""

_KERNEL_STATE_JS = _FIND_PANEL + """
(path) => {
  const dialog = document.querySelector('.jp-Dialog');
  if (dialog) return {dialog: dialog.innerText.slice(0, 500)};
  if (!window.jupyterapp) return {state: 'no app'};
  const panel = findPanel(path);
  if (!panel) return {state: 'no panel'};
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel) return {state: 'no kernel'};
  return {state: kernel.status, connection: kernel.connectionStatus, name: kernel.name};
}
"""

_RUN_STATE_JS = _FIND_PANEL + """
(path) => {
  const dialog = document.querySelector('.jp-Dialog');
  const panel = findPanel(path);
  if (!panel) return {dialog: dialog ? dialog.innerText.slice(0, 500) : null, missing: true};
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = Array.from(panel.content.widgets);
  const state = {dialog: dialog ? dialog.innerText.slice(0, 500) : null, kernel: kernel ? kernel.status : 'none',
                 total: 0, executed: 0, queued: [], errors: 0};
  cells.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    state.total += 1;
    if (cell.model.executionCount !== null) state.executed += 1;
    const prompt = cell.node.querySelector('.jp-InputArea-prompt');
    if (prompt && prompt.textContent.includes('*')) state.queued.push(i + 1);
    for (let k = 0; k < cell.model.outputs.length; k++) {
      if (cell.model.outputs.get(k).type === 'error') state.errors += 1;
    }
  });
  return state;
}
"""

_REPORT_JS = _FIND_PANEL + """
(path) => {
  const panel = findPanel(path);
  const report = {notebook: panel.context.model.toJSON(), images: [], tracebacks: []};
  const cells = Array.from(panel.content.widgets);
  let code = 0;
  cells.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    code += 1;
    cell.node.querySelectorAll('.jp-OutputArea-output img').forEach(img => report.images.push(
      {code_cell: code, cell: i + 1, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight}));
    cell.node.querySelectorAll('.jp-OutputArea-output').forEach(out => {
      const text = out.innerText || '';
      if (/Traceback \\(most recent call last\\)/.test(text))
        report.tracebacks.push({code_cell: code, cell: i + 1, mime: out.getAttribute('data-mime-type'),
                                text: text.slice(-1500)});
    });
  });
  return report;
}
"""


def _wait_kernel_ready(page: Any, name: str, *, timeout: float) -> None:
    """Wait until the notebook's kernel is connected and idle; fail on any dialog (e.g. *Select Kernel*)."""
    deadline = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = page.evaluate(_KERNEL_STATE_JS, name)
        if state.get("dialog"):
            raise LabError(f"{name}: JupyterLab opened a dialog instead of starting the kernel: "
                           f"{state['dialog']!r}. The notebook's kernelspec must be installed for this Python "
                           f"(`make install` runs `python -m ipykernel install --sys-prefix --name python3`)")
        if state.get("state") == "idle" and state.get("connection") == "connected":
            return
        time.sleep(0.5)
    raise LabError(f"{name}: the kernel was not connected and idle within {timeout:.0f} s (last state {state}); "
                   f"check that the kernelspec named in the notebook is installed for this Python")


def _click_run_all(page: Any) -> None:
    """Run → Run All Cells, from the menu bar, as a person does."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def _source_line(cell: dict[str, Any]) -> str:
    src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    lines = [ln for ln in src.splitlines() if ln.strip()]
    return lines[0][:100] if lines else ""


def run_notebook_in_lab(page: Any, lab: JupyterLab, name: str, *, timeout: float = 300.0,
                        kernel_timeout: float = 120.0) -> NotebookRun:
    """Open ``name`` in the lab UI, choose *Run → Run All Cells*, wait until done, and report what it shows.

    Done means: the kernel is idle, no cell is queued or running (``[*]``), and either every code cell has
    an execution count or a cell raised (JupyterLab then stops the run). Raises :class:`LabError` naming
    the notebook (and the cell still running) when it does not open, the kernel does not start, or the run
    does not finish within ``timeout`` seconds.
    """
    start = time.monotonic()
    page.goto(lab.notebook_url(name), wait_until="domcontentloaded", timeout=60_000)
    try:
        page.wait_for_selector(f"{NOTEBOOK_PANEL} {CODE_CELL}", state="attached", timeout=90_000)
    except Exception as exc:
        raise LabError(f"{name}: the notebook did not open in JupyterLab within 90 s ({exc})") from exc
    opened = time.monotonic()
    _wait_kernel_ready(page, name, timeout=kernel_timeout)
    ready = time.monotonic()

    state: dict[str, Any] = {}
    for attempt in range(3):  # a click the page swallows (still settling) is retried, at most twice
        _click_run_all(page)
        started = time.monotonic()
        while time.monotonic() - started < 30:
            state = page.evaluate(_RUN_STATE_JS, name)
            if state.get("queued") or state.get("executed") or state.get("kernel") == "busy":
                break
            time.sleep(0.5)
        else:
            continue
        break
    else:
        raise LabError(f"{name}: Run → Run All Cells started nothing (3 tries; last state {state})")

    deadline = time.monotonic() + timeout
    settled = 0
    while True:
        state = page.evaluate(_RUN_STATE_JS, name)
        if state.get("dialog"):
            raise LabError(f"{name}: a dialog appeared during the run: {state['dialog']!r}")
        finished = (state["kernel"] == "idle" and not state["queued"]
                    and (state["executed"] == state["total"] or state["errors"] > 0))
        settled = settled + 1 if finished else 0
        if settled >= 2:  # the same answer twice, a second apart: not a gap between two queued cells
            break
        if time.monotonic() > deadline:
            nb = page.evaluate(_REPORT_JS, name)["notebook"]
            running = [f"cell {i} ({_source_line(nb['cells'][i - 1])!r})" for i in state["queued"][:3]]
            raise LabError(f"{name}: the run did not finish within {timeout:.0f} s; {state['executed']} of "
                           f"{state['total']} code cells ran; still queued or running: {running or 'none'}; "
                           f"kernel {state['kernel']}")
        time.sleep(1.0)

    try:  # let the last images decode
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll(%s)).every(i => i.complete)" % json.dumps(OUTPUT_IMAGE),
            polling=250, timeout=30_000)
    except Exception:
        pass  # reported below: an incomplete image has natural width 0
    report = page.evaluate(_REPORT_JS, name)
    cells = []
    code = 0
    for i, cell in enumerate(report["notebook"]["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        code += 1
        errors = [{"ename": o.get("ename", ""), "evalue": o.get("evalue", ""),
                   "traceback": _ANSI.sub("", "\n".join(o.get("traceback", [])))[-2000:]}
                  for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        cells.append(CellResult(code_index=code, cell_index=i, first_line=_source_line(cell),
                                execution_count=cell.get("execution_count"), errors=errors))
    end = time.monotonic()
    return NotebookRun(name=name, cells=cells, images=report["images"], tracebacks_in_page=report["tracebacks"],
                       seconds=end - start,
                       phases={"open": opened - start, "kernel": ready - opened, "run": end - ready})


def screenshot_notebook(page: Any, path: Path, *, max_height: int = 16_000) -> None:
    """Save a screenshot of the whole notebook: the window is made as tall as the notebook's content.

    JupyterLab scrolls inside the notebook panel (the page itself does not scroll), so the viewport is
    grown to the panel's scroll height (at most ``max_height`` pixels) before a full-page screenshot.
    """
    viewport = page.viewport_size or {"width": 1400, "height": 1000}
    page.evaluate("() => window.jupyterapp && window.jupyterapp.shell.collapseLeft()")  # the notebook, wide
    page.wait_for_timeout(300)
    extra = page.evaluate(_SCROLLER_JS + "return o ? Math.max(0, o.scrollHeight - o.clientHeight) : 0; }")
    height = min(max_height, viewport["height"] + int(extra))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.wait_for_timeout(500)  # let the lab lay out at the new size
        page.evaluate(_SCROLLER_JS + "if (o) o.scrollTop = 0; }")  # from the first cell down
        page.wait_for_timeout(200)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(viewport)


_SCROLLER_JS = "() => { const o = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer'); "
