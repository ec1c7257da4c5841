"""Which real datasets the study notebooks need, and fetching them before ``make figures`` runs.

A study notebook names the datasets it loads as string literals (its ``parameters`` cell, e.g.
``case_dataset = "article_bias_prediction"``, or a call such as ``load_dataset("gvfc")``). Every
such literal that is a registered dataset card (or one of its aliases) counts as a dataset the
notebook needs. :func:`fetch_needed` makes each of them available before the notebooks run: already
present in ``$TOOLKIT_DATA`` or the cache → nothing to do; otherwise the pinned, checksummed
upstream files are downloaded into the cache (pooch, with progress bars; files already fetched and
verified are kept, so an interrupted fetch resumes where it stopped). A dataset that cannot be had
is reported on the console; the notebooks that need it then fall back to the synthetic demo corpus
(:func:`toolkit.figures.load_real`), and their figures say so.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

#: Outcome of :func:`fetch_needed` for one dataset.
PRESENT, FETCHED, UNAVAILABLE = "present", "fetched", "unavailable"


def _known_names() -> dict[str, str]:
    """Exact spellings that name a dataset card → the card name (card names and aliases)."""
    from .datasets.cards import card_names
    from .datasets.registry import ALIASES

    cards = set(card_names())
    known = {name: name for name in cards}
    known.update({alias: target for alias, target in ALIASES.items() if target in cards})
    return known


def datasets_needed(notebook: str | Path) -> list[str]:
    """Dataset cards a study notebook names in its code, in order of first mention.

    Parameters
    ----------
    notebook : str or Path
        A study notebook (``.py`` jupytext source or ``.ipynb``).

    Returns
    -------
    list of str
        Canonical dataset names (``"demo"`` and strings that are not dataset names are ignored).

    Raises
    ------
    SyntaxError
        When a code cell is not valid Python (the message names the notebook).
    """
    import jupytext

    path = Path(notebook)
    known = _known_names()
    found: list[str] = []
    for cell in jupytext.read(path).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            raise SyntaxError(f"{path}: a code cell is not valid Python ({exc.msg}, line {exc.lineno}); "
                              "fix the cell so the datasets it loads can be found") from exc
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known:
                found.append(known[node.value])
    return list(dict.fromkeys(found))


def fetch_needed(notebooks: Iterable[str | Path], *, also: Iterable[str] = (), progress: bool = True,
                 cache_dir: str | Path | None = None) -> dict[str, str]:
    """Make every dataset the notebooks need available, downloading what is missing.

    Parameters
    ----------
    notebooks : iterable of str or Path
        Study notebooks (see :func:`toolkit.figures.find_notebooks`).
    also : iterable of str
        Further datasets to make available (e.g. the default real corpus the ``dataset`` parameter
        receives, :data:`toolkit.figures.DEFAULT_REAL`).
    progress : bool, default True
        Show pooch's download progress bars.
    cache_dir : path, optional
        Download cache (default: the registry's cache, ``$TOOLKIT_CACHE`` or ``corpora/cache``).

    Returns
    -------
    dict
        Dataset name → :data:`PRESENT`, :data:`FETCHED` or :data:`UNAVAILABLE`. Nothing raises for
        an unavailable dataset: the reason is printed and the notebooks fall back to the demo.
    """
    from tqdm.auto import tqdm

    from .datasets.cards import load_card
    from .datasets.registry import ChecksumError, DatasetError, _local_root, data_dir_from_env, download

    known = _known_names()
    wanted: list[str] = [known.get(name, name) for name in also]
    for nb in notebooks:
        wanted.extend(datasets_needed(nb))
    wanted = list(dict.fromkeys(wanted))
    status: dict[str, str] = {}
    for name in tqdm(wanted, desc="datasets", unit="dataset", disable=not progress or not wanted):
        card = load_card(name)
        if _local_root(card, data_dir_from_env(), cache_dir) is not None:
            status[name] = PRESENT
            continue
        tqdm.write(f"figures: fetching {name} (pinned upstream files, sha256-checked) ...")
        try:
            download(card, cache_dir, progress=progress)
        except (DatasetError, ChecksumError, OSError) as exc:
            first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
            print(f"figures: {name} cannot be had ({type(exc).__name__}: {first}); notebooks that need it "
                  "fall back to the synthetic demo corpus, and their figures say so", file=sys.stderr)
            status[name] = UNAVAILABLE
        else:
            status[name] = FETCHED
    if wanted:
        counts = {s: sum(v == s for v in status.values()) for s in (PRESENT, FETCHED, UNAVAILABLE)}
        print("figures: datasets " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return status


__all__ = ["FETCHED", "PRESENT", "UNAVAILABLE", "datasets_needed", "fetch_needed"]
