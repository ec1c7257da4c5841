"""Reproduce every figure with one command: run the study notebooks headless.

``make figures`` (``python -m toolkit figures --output figures``) executes each study notebook in
``notebooks/`` with papermill, passing ``dataset`` and ``output_dir``. Each notebook writes its
figures (PNG + data table CSV + JSON manifest, see :func:`toolkit.plots.save_figure`) under
``<output>/<dataset>/<notebook name>/``; the executed notebooks, with their outputs, go to
``build/notebooks/`` (not committed).

Which data: an explicit ``dataset``; else the real gold same-event corpus (:data:`DEFAULT_REAL`)
when ``$TOOLKIT_DATA`` or the local cache holds it; else the synthetic ``"demo"`` corpus. Figures
from the demo say "synthetic demo data" on the image.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

#: Real corpus used by default when one is available (BASIL: 100 events × 3 outlets, gold event ids).
DEFAULT_REAL = "basil"
#: Name of the synthetic corpus.
DEMO = "demo"
#: Notebook kernel papermill starts (installed by ``make install``).
KERNEL = "python3"


def is_synthetic(dataset: str) -> bool:
    """True when ``dataset`` names the synthetic demo corpus (its figures must say so)."""
    return dataset == DEMO


def notebooks_dir() -> Path:
    """The study notebooks folder: ``notebooks/`` of the source checkout, else of the working directory."""
    from .datasets.registry import repo_root

    root = repo_root()
    return (root / "notebooks") if root is not None else Path("notebooks").resolve()


def find_notebooks(names: Iterable[str] | None = None, folder: Path | None = None) -> list[Path]:
    """Study notebooks to run, as paths to their source files.

    A study notebook is a jupytext pair ``NN-name.py`` / ``NN-name.ipynb``; the ``py:percent``
    file is the source of truth and is what runs (the ``.ipynb`` when there is no ``.py``).

    Parameters
    ----------
    names : iterable of str, optional
        Notebooks to run: paths, or names matched against the file stems (``"01-corpus-overview"``,
        or a prefix such as ``"01"``). Default: every study notebook, in name order.
    folder : Path, optional
        Where to look (default :func:`notebooks_dir`).

    Returns
    -------
    list of Path

    Raises
    ------
    FileNotFoundError
        When a name matches no notebook (the message lists the available ones).
    """
    folder = Path(folder or notebooks_dir())
    stems = sorted({p.stem for p in folder.glob("[0-9]*.ipynb")} | {p.stem for p in folder.glob("[0-9]*.py")})

    def source(stem: str) -> Path:
        py = folder / f"{stem}.py"
        return py if py.exists() else folder / f"{stem}.ipynb"

    if names is None:
        return [source(s) for s in stems]
    chosen: list[Path] = []
    for name in names:
        path = Path(name)
        if path.suffix in (".py", ".ipynb") and path.exists():
            chosen.append(path.resolve())
            continue
        matches = [s for s in stems if s == path.stem] or [s for s in stems if s.startswith(path.stem)]
        if not matches:
            raise FileNotFoundError(
                f"no study notebook matches {name!r} in {folder}. Expected a path to a .py/.ipynb file or one of: "
                f"{', '.join(stems) or '(none)'}."
            )
        chosen.extend(source(s) for s in matches)
    return list(dict.fromkeys(chosen))


def choose_dataset(dataset: str | None = None, *, default_real: str = DEFAULT_REAL) -> tuple[str, str]:
    """Decide which dataset the figures use, and say why.

    Parameters
    ----------
    dataset : str, optional
        Explicit choice; used as given.
    default_real : str, default :data:`DEFAULT_REAL`
        Real corpus tried when ``$TOOLKIT_DATA`` or the cache provides it. Any failure to load it
        (missing files, checksum mismatch, no adapter, ...) is reported and the demo is used.

    Returns
    -------
    (name, reason) : tuple of str
    """
    if dataset:
        return dataset, "chosen explicitly"
    from .datasets.registry import ENV_DATA, ChecksumError, DatasetError, data_dir_from_env, load_dataset

    env = data_dir_from_env()
    try:
        load_dataset(default_real, download_missing=False)
    except Exception as exc:  # any failure means: fall back to the demo, saying why
        quiet = env is None and isinstance(exc, DatasetError) and not isinstance(exc, ChecksumError)
        if quiet:
            return DEMO, f"no real corpus: ${ENV_DATA} is not set and {default_real!r} is not in the cache"
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        why = f"could not load {default_real!r} ({type(exc).__name__}: {first_line})"
        print(f"figures: {why}; falling back to {DEMO!r}", file=sys.stderr)
        return DEMO, why
    where = f"${ENV_DATA}={env}" if env is not None else "the local cache"
    return default_real, f"real corpus found in {where}"


def load_real(dataset: str, loader: Callable[[], Any], *, what: str) -> Any | None:
    """Load a notebook's real data unless ``dataset`` is the demo; ``None`` (saying why) when it cannot be had.

    The one fallback policy of the study notebooks: any failure to get the real corpus (not in
    ``$TOOLKIT_DATA`` or the cache, a checksum mismatch, …) is printed and the caller uses the
    synthetic demo corpus instead, whose figures say so.

    Parameters
    ----------
    dataset : str
        The notebook's ``dataset`` parameter; :data:`DEMO` skips the real data.
    loader : callable
        Loads and returns the real data (e.g. ``lambda: load_dataset("basil", download_missing=False)``).
    what : str
        What is being loaded, for the message.

    Returns
    -------
    Whatever ``loader`` returns, or None.
    """
    if is_synthetic(dataset):
        return None
    try:
        return loader()
    except Exception as exc:  # any failure means: fall back to the demo, saying why
        first_line = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
        print(f"could not load {what} ({type(exc).__name__}: {first_line}); using the synthetic demo corpus")
        return None


def is_corpus_file(name_or_path: str | Path) -> bool:
    """True when ``name_or_path`` names a corpus file or folder (has a suffix or exists), not a dataset."""
    path = Path(name_or_path)
    return path.exists() or path.suffix.lower() in {".csv", ".tsv", ".jsonl", ".json", ".ndjson", ".gz", ".parquet",
                                                    ".txt", ".html", ".htm"}


def corpus_label(name_or_path: str | Path) -> str:
    """Folder and image label for a corpus: the dataset name, or a file's / folder's name without suffixes."""
    if not is_corpus_file(name_or_path):
        return str(name_or_path)
    name = Path(name_or_path).name
    return name.split(".")[0] or name


def load_corpus(name_or_path: str | Path, *, download_missing: bool = False):
    """The canonical article table of a registered dataset or of your own corpus file / folder.

    Parameters
    ----------
    name_or_path : str or Path
        A dataset name (``"basil"``, an alias such as ``"abp"``) or a path to a corpus file or folder
        that :func:`toolkit.corpus.read` reads (CSV / JSON lines / Parquet, a folder of ``.txt`` or
        saved ``.html`` pages; e.g. the ``--output`` of ``python -m toolkit corpus validate``).
    download_missing : bool, default False
        For a dataset name: download it when it is not local.

    Returns
    -------
    DataFrame
        The kept articles (a file's quarantined rows are reported, not returned). The file's
        sha256 is recorded for the figure manifests like a dataset's (:mod:`toolkit.provenance`).

    Raises
    ------
    FileNotFoundError
        When a path does not exist (says what was expected).
    """
    if not is_corpus_file(name_or_path):
        from .datasets.registry import load_dataset

        return load_dataset(str(name_or_path), download_missing=download_missing).articles
    from .corpus import read
    from .provenance import file_sha256, record_dataset

    path = Path(name_or_path)
    if not path.exists():
        raise FileNotFoundError(f"corpus {path} not found: expected a dataset name (`python -m toolkit datasets "
                                f"list`) or a path to a CSV / JSON lines / Parquet file or a folder of .txt / .html")
    table = read(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    record_dataset(corpus_label(path), {p.relative_to(path).as_posix() if path.is_dir() else p.name: file_sha256(p)
                                        for p in files})
    if len(table.quarantine):
        print(f"{path}: {len(table.quarantine)} rows quarantined (`python -m toolkit corpus validate {path}` lists "
              f"them); {len(table.articles)} kept")
    return table.articles


def describe(dataset: str) -> str:
    """Label printed for a dataset: ``"demo (synthetic demo data)"`` or ``"basil (real corpus)"``."""
    return f"{dataset} ({'synthetic demo data' if is_synthetic(dataset) else 'real corpus'})"


def parameter_names(notebook: str, folder: str | Path | None = None) -> list[str]:
    """Names assigned in a study notebook's ``parameters`` cell, in order.

    Raises
    ------
    ValueError
        When the notebook has no cell tagged ``parameters``.
    """
    import ast

    import jupytext

    from .provenance import notebook_source

    path = notebook_source(notebook, folder)
    nb = jupytext.read(path)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ValueError(f"{path} has no cell tagged 'parameters'; expected one (papermill's parameters cell).")
    names: list[str] = []
    for stmt in ast.parse(cells[0].source).body:
        if isinstance(stmt, ast.Assign):
            names.extend(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return list(dict.fromkeys(names))


#: Notebook parameters that say where output goes, not what it is: left out of manifests (so a verify
#: run into a scratch folder writes the same manifests as ``make figures``).
LOCATION_PARAMETERS = ("output_dir",)


def saver(output_dir: str | Path, notebook: str, dataset: str, *,
          parameters: Mapping[str, Any] | None = None, seed: Any = None) -> Callable[..., dict[str, Any]]:
    """A ``save(ax_or_fig, name, data, **params)`` function for one study notebook.

    Figures go to ``<output_dir>/<dataset>/<notebook>/<name>.{png,svg,csv,json}``, labelled with
    ``dataset`` (and "synthetic demo data" for the demo). Each manifest records the figure's
    ``params``, the notebook's name, version (its ``**Version N.**``) and parameters, the seed, the
    sha256s of the datasets loaded in this kernel, the git commit and package versions (see
    :func:`toolkit.plots.save_figure`).

    Parameters
    ----------
    output_dir : str or Path
        The figures folder (the notebook's ``output_dir`` parameter).
    notebook : str
        Notebook name, e.g. ``"01-corpus-overview"`` (its source in :func:`notebooks_dir` gives the version).
    dataset : str
        Dataset the figures are drawn from (the notebook's source, e.g. ``"demo"`` after a fallback).
    parameters : mapping, optional
        The notebook's parameters. Default: the current values, in the calling notebook's namespace,
        of the names its ``parameters`` cell assigns (``output_dir`` left out).
    seed : optional
        Random seed recorded in the manifests (default: the ``seed`` parameter, if any).

    Returns
    -------
    callable
        ``save(ax_or_fig, name, data, *, data_label=None, **params) -> manifest`` (``data_label``: what the image
        names as its data when it is not ``dataset``, e.g. an evaluation corpus; see
        :func:`toolkit.plots.save_figure`).

    Raises
    ------
    ValueError
        When the notebook states no version (``**Version N.**``) or has no parameters cell.
    """
    from matplotlib.figure import Figure

    from .plots import save_figure
    from .provenance import notebook_version

    version = notebook_version(notebook)
    if parameters is None:
        namespace = sys._getframe(1).f_globals  # the notebook's globals: its parameter values as injected
        parameters = {n: namespace[n] for n in parameter_names(notebook) if n in namespace}
    parameters = {k: v for k, v in dict(parameters).items() if k not in LOCATION_PARAMETERS}
    provenance = {"notebook": {"name": notebook, "version": version, "parameters": parameters},
                  "seed": parameters.get("seed") if seed is None else seed}
    out = Path(output_dir) / dataset / notebook

    def save(ax_or_fig, name: str, data, *, data_label: str | None = None, **params) -> dict[str, Any]:
        fig = ax_or_fig if isinstance(ax_or_fig, Figure) else ax_or_fig.figure
        manifest = save_figure(fig, name, data, out_dir=out, params={"notebook": notebook, **params},
                               source_label=dataset, synthetic=is_synthetic(dataset), provenance=provenance,
                               data_label=None if is_synthetic(dataset) else data_label)
        print(f"saved {out / name}.png (+ .svg, .csv, .json)")
        return manifest

    return save


#: Files a figure consists of (image, vector image, data table, manifest).
FIGURE_SUFFIXES = (".png", ".svg", ".csv", ".json")


def run_of(manifest: Mapping[str, Any], folder_dataset: str) -> str:
    """The ``dataset`` a figure's notebook run was given (its manifest), else the folder it is in."""
    nb = manifest.get("notebook")
    if isinstance(nb, Mapping) and isinstance(nb.get("parameters"), Mapping) and nb["parameters"].get("dataset"):
        return str(nb["parameters"]["dataset"])
    return folder_dataset


def _read_manifest(path: Path) -> dict[str, Any]:
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _clear_previous(output: Path, notebook: str, run: str) -> None:
    """Remove the figures an earlier run with the same ``dataset`` wrote for ``notebook`` (any folder)."""
    for folder in output.glob(f"*/{notebook}"):
        if not folder.is_dir():
            continue
        stems = {p.stem for p in folder.iterdir() if p.is_file() and p.suffix in FIGURE_SUFFIXES}
        for stem in stems:
            if run_of(_read_manifest(folder / f"{stem}.json"), folder.parent.name) == run:
                for suffix in FIGURE_SUFFIXES:
                    (folder / f"{stem}{suffix}").unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()
        if not any(folder.parent.iterdir()):
            folder.parent.rmdir()


def run_notebooks(
    output: str | Path = "figures",
    dataset: str | None = None,
    notebooks: Iterable[str] | None = None,
    executed_dir: str | Path = "build/notebooks",
    *,
    parameters: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Execute the study notebooks headless; each writes its figures under ``output``.

    Parameters
    ----------
    output : str or Path, default "figures"
        Figures folder, passed to every notebook as the absolute path ``output_dir``. Figures a
        notebook wrote there on an earlier run with the same ``dataset`` (in any
        ``<output>/<source>/<notebook>/`` folder) are removed first, so the folder matches this run.
    dataset : str, optional
        Dataset passed to every notebook. Default: :data:`DEFAULT_REAL` when ``$TOOLKIT_DATA`` or
        the cache provides it (falling back to ``"demo"``, with the reason printed, if it fails
        to load), else ``"demo"``. See :func:`choose_dataset`.
    notebooks : iterable of str, optional
        Which notebooks (see :func:`find_notebooks`); default all.
    executed_dir : str or Path, default "build/notebooks"
        Where the executed copies (with outputs) are written.
    parameters : mapping, optional
        Further papermill parameters for every notebook.

    Returns
    -------
    list of Path
        The executed notebooks.

    Raises
    ------
    papermill.PapermillExecutionError
        When a cell fails; the executed copy shows where.
    """
    import jupytext
    import papermill as pm
    from tqdm.auto import tqdm

    sources = find_notebooks(notebooks)
    if not sources:
        print(f"figures: no study notebooks found in {notebooks_dir()}")
        return []
    name, reason = choose_dataset(dataset)
    print(f"figures: dataset {describe(name)}: {reason}")
    out = Path(output).resolve()
    out.mkdir(parents=True, exist_ok=True)
    executed = Path(executed_dir).resolve()
    executed.mkdir(parents=True, exist_ok=True)
    params = {"dataset": name, "output_dir": str(out), **dict(parameters or {})}

    done: list[Path] = []
    for src in tqdm(sources, desc="notebooks", unit="notebook"):
        nb = jupytext.read(src)
        nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
        target = executed / f"{src.stem}.ipynb"
        _clear_previous(out, src.stem, name)
        tqdm.write(f"figures: running {src.name} -> {target}")
        pm.execute_notebook(nb, str(target), parameters=params, kernel_name=KERNEL, cwd=str(src.parent),
                            progress_bar=False, log_output=False)
        # a notebook may write under the dataset it actually used (e.g. 02 runs its case study on
        # Article-Bias-Prediction whatever the default corpus), so report every folder it wrote to
        for folder in sorted(p for p in out.glob(f"*/{src.stem}") if p.is_dir()):
            tqdm.write(f"figures: {src.stem}: {len(list(folder.glob('*')))} files in {folder}")
        done.append(target)
    print(f"figures: done; dataset {describe(name)}; figures in {out}; executed notebooks in {executed}")
    return done


def default_runs(datasets: Iterable[str] | None = None) -> list[str]:
    """The ``dataset`` values a full publication runs the notebooks with.

    Default: the real corpora (:func:`choose_dataset`, which falls back to the demo when they are
    missing) and then the synthetic demo, so ``figures/`` holds both the published real figures and
    the demo figures a fresh clone without data reproduces.
    """
    if datasets:
        return list(dict.fromkeys(datasets))
    return list(dict.fromkeys([choose_dataset()[0], DEMO]))


def publish(
    output: str | Path = "figures",
    datasets: Iterable[str] | None = None,
    notebooks: Iterable[str] | None = None,
    executed_dir: str | Path = "build/notebooks",
    *,
    readme: str | Path | None = None,
    fetch: bool = False,
) -> list[Path]:
    """Run the study notebooks once per dataset of :func:`default_runs` (``make figures``).

    Parameters
    ----------
    output : str or Path, default "figures"
        Figures folder.
    datasets : iterable of str, optional
        ``dataset`` values to run with (default :func:`default_runs`).
    notebooks : iterable of str, optional
        Which notebooks (see :func:`find_notebooks`); default all.
    executed_dir : str or Path
        Executed notebooks go to ``<executed_dir>/<dataset>/``.
    readme : path, optional
        A README holding the figure table markers (see :func:`toolkit.published.update_readme`); its
        table is regenerated from ``output`` after the runs.
    fetch : bool, default False
        First make every real dataset the notebooks name available, downloading the pinned,
        checksummed files of those missing from ``$TOOLKIT_DATA`` and the cache
        (:func:`toolkit.notebook_data.fetch_needed`; ``make figures`` sets it). A dataset that cannot
        be had is reported; the notebooks needing it fall back to the demo and say so.

    Returns
    -------
    list of Path
        The executed notebooks.
    """
    if fetch:
        from .notebook_data import fetch_needed

        fetch_needed(find_notebooks(notebooks), also=[DEFAULT_REAL])
    done: list[Path] = []
    for run in default_runs(datasets):
        done += run_notebooks(output, run, notebooks, Path(executed_dir) / run)
    if readme is not None and Path(readme).is_file():
        from .published import update_readme

        if update_readme(readme, output):
            print(f"figures: updated the figure table in {readme}")
    return done


__all__ = ["DEFAULT_REAL", "DEMO", "FIGURE_SUFFIXES", "choose_dataset", "corpus_label", "default_runs", "describe",
           "find_notebooks", "is_corpus_file", "load_corpus", "is_synthetic", "notebooks_dir", "parameter_names", "publish", "run_notebooks", "run_of",
           "saver"]
