"""The real-corpora registry: ``list_datasets()``, ``load_dataset(name)``.

Where the files come from, in order:

1. ``data_dir`` argument, else ``$TOOLKIT_DATA``: a folder laid out like ``../shared/corpora``
   (``<data_dir>/<name>/<file>``);
2. the local cache (``cache_dir`` argument, else ``$TOOLKIT_CACHE``, else ``corpora/cache`` in a
   source checkout, else the user cache folder);
3. a download from the upstream repository at the pinned commit, sha256-verified with pooch;
   files marked *derived* in the card are then rebuilt from the upstream files by the
   adapter's ``derive`` function.

Every file is checked against the card's sha256 before use (results memoised by size and mtime),
so a tampered or corrupted copy is refused. The canonical table and annotation tables are cached
as Parquet keyed by the files' hashes: repeat loads read Parquet only.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..corpus.schema import empty_quarantine
from ..corpus.validate import CorpusTable
from .cards import DatasetCard, card_names, load_card

#: Bump when an adapter's output changes, to invalidate Parquet caches.
CACHE_VERSION = "5"

ENV_DATA = "TOOLKIT_DATA"
ENV_CACHE = "TOOLKIT_CACHE"
ENV_BASE_URL = "TOOLKIT_DOWNLOAD_BASE"


class DatasetError(RuntimeError):
    """A dataset cannot be found, downloaded or verified."""


class ChecksumError(DatasetError):
    """A file's sha256 differs from the one its card records."""


@dataclass
class Dataset:
    """A loaded dataset: the canonical ``articles`` table plus named annotation tables.

    Attributes
    ----------
    name : str
    articles : DataFrame
        Canonical article table (may be empty for codebook-only datasets).
    tables : dict of str to DataFrame
        Annotation tables keyed by name (e.g. ``"stances"``, ``"frames"``), keyed by ``doc_id``.
    quarantine : DataFrame
        Rows the adapter could not keep, with file, line and reason.
    n_read : int
        Article rows read (``len(articles) + len(quarantine)``).
    card : DatasetCard
    root : Path
        Folder the files were read from.
    cleaning : DataFrame
        The cleaning report of the load (``doc_id, step, removed``; see :mod:`toolkit.corpus.clean`).
    """

    name: str
    articles: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    quarantine: pd.DataFrame
    n_read: int
    card: DatasetCard
    root: Path | None = None
    cleaning: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["doc_id", "step", "removed"]).astype("string"))

    def __getitem__(self, table: str) -> pd.DataFrame:
        if table == "articles":
            return self.articles
        if table == "quarantine":
            return self.quarantine
        try:
            return self.tables[table]
        except KeyError:
            raise KeyError(f"{self.name} has no table {table!r}; it has: articles, quarantine, "
                           f"{', '.join(self.tables)}") from None


@dataclass
class Adapter:
    """How to turn a dataset folder into canonical tables.

    ``load(root)`` reads ``root`` (laid out like ``$TOOLKIT_DATA/<name>``) and returns a
    :class:`CorpusTable` (already validated) and a dict of annotation tables.
    ``derive(root)`` (optional) builds the card's derived files in ``root`` from the upstream
    files downloaded into ``root / "_upstream"``.
    """

    name: str
    load: Callable[[Path], tuple[CorpusTable, dict[str, pd.DataFrame]]]
    derive: Callable[[Path], None] | None = None
    summary: str = ""


ADAPTERS: dict[str, Adapter] = {}


def register(name: str, *, derive: Callable[[Path], None] | None = None, summary: str = ""):
    """Decorator registering an adapter's ``load`` function under ``name``."""

    def deco(fn):
        ADAPTERS[name] = Adapter(name, fn, derive, summary or (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return deco


def _import_adapters() -> None:
    from . import adapters  # noqa: F401  (registers on import)


def list_datasets() -> pd.DataFrame:
    """One row per registered dataset: name, description, repository, licence, tables, available locally."""
    _import_adapters()
    rows = []
    for name in card_names():
        card = load_card(name)
        rows.append({
            "name": name,
            "description": card.description[:160],
            "repository": card.repository,
            "commit": card.commit[:10],
            "licence": card.licence,
            "tables": ", ".join(card.tables),
            "adapter": name in ADAPTERS,
            "local": _local_root(card, None) is not None,
        })
    return pd.DataFrame(rows)


# -- where things are --------------------------------------------------------------------------

def repo_root() -> Path | None:
    """The source checkout this package runs from, if any (has ``pyproject.toml`` and ``corpora/``)."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "pyproject.toml").exists() and (here / "corpora").is_dir() else None


def default_cache_dir() -> Path:
    """``$TOOLKIT_CACHE``, else ``corpora/cache`` in a source checkout, else the user cache folder."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env)
    root = repo_root()
    if root is not None:
        return root / "corpora" / "cache"
    import pooch

    return Path(pooch.os_cache("framing-toolkit"))


def data_dir_from_env() -> Path | None:
    """The ``$TOOLKIT_DATA`` folder, or None when unset or missing."""
    env = os.environ.get(ENV_DATA)
    return Path(env) if env and Path(env).is_dir() else None


def _candidates(card: DatasetCard, data_dir: Path | str | None, cache_dir: Path | str | None) -> list[Path]:
    places = []
    if data_dir is not None:
        places.append(Path(data_dir) / card.name)
    elif (env := data_dir_from_env()) is not None:
        places.append(env / card.name)
    places.append(Path(cache_dir or default_cache_dir()) / card.name)
    return places


def _local_root(card: DatasetCard, data_dir, cache_dir=None) -> Path | None:
    for place in _candidates(card, data_dir, cache_dir):
        if all((place / f.path).is_file() for f in card.required_files):
            return place
    return None


# -- verification --------------------------------------------------------------------------------

def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _memo_path(cache_dir: Path) -> Path:
    return cache_dir / "_verified.json"


def verify_files(card: DatasetCard, root: Path, cache_dir: Path | None = None) -> None:
    """Check every file of ``card`` under ``root`` against its sha256; raise :class:`ChecksumError`.

    Hashes are memoised in ``<cache_dir>/_verified.json`` by (path, size, mtime), so a repeat
    check of unchanged files costs a ``stat`` each.
    """
    cache_dir = Path(cache_dir or default_cache_dir())
    memo_file = _memo_path(cache_dir)
    try:
        memo = json.loads(memo_file.read_text())
    except (OSError, ValueError):
        memo = {}
    changed = False
    for f in card.files:
        p = (root / f.path).resolve()
        if f.optional and not p.exists():
            continue
        st = p.stat()
        key = str(p)
        stamp = [st.st_size, st.st_mtime_ns, f.sha256]
        if memo.get(key) == stamp:
            continue
        if st.st_size != f.size:
            raise ChecksumError(
                f"{card.name}: {p} is {st.st_size} bytes, the card expects {f.size}. The file is truncated or "
                f"modified; delete it and load again to re-download, or restore it from {card.repository} "
                f"at {card.commit[:10]}."
            )
        got = sha256_file(p)
        if got != f.sha256:
            raise ChecksumError(
                f"{card.name}: sha256 mismatch for {p}: expected {f.sha256}, found {got}. The file is "
                f"corrupted or modified; delete it and load again to re-download, or restore it from "
                f"{card.repository} at {card.commit[:10]}."
            )
        memo[key] = stamp
        changed = True
    if changed:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = memo_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(memo, indent=0, sort_keys=True))
            tmp.replace(memo_file)
        except OSError:
            pass  # read-only cache: verification still happened, just not memoised


# -- download ------------------------------------------------------------------------------------

def download(card: DatasetCard, cache_dir: Path | str | None = None, *, base_url: str | None = None,
             progress: bool = False) -> Path:
    """Fetch a dataset into ``<cache_dir>/<name>/`` from upstream at the pinned commit.

    Byte-identical files are fetched with their sha256 checked by pooch; derived files are then
    rebuilt by the adapter's ``derive`` from files fetched into ``_upstream/`` and checked against
    the card like every other file.

    Parameters
    ----------
    card : DatasetCard
    cache_dir : path, optional
    base_url : str, optional
        Host replacing ``https://raw.githubusercontent.com`` (``$TOOLKIT_DOWNLOAD_BASE``); used by
        mirrors and by the tests' local HTTP server. ``file://`` URLs work too.
    progress : bool
        Show pooch's progress bars.
    """
    import pooch

    _import_adapters()
    base_url = base_url or os.environ.get(ENV_BASE_URL)
    root = Path(cache_dir or default_cache_dir()) / card.name
    root.mkdir(parents=True, exist_ok=True)
    for f in card.files:
        if f.derived or (f.optional and f.upstream_path is None):
            continue
        if f.upstream_path is None:
            raise DatasetError(f"{card.name}: {f.path} has no upstream path in the card, so it cannot be downloaded.")
        target = root / f.path
        pooch.retrieve(
            card.url(f.upstream_path, base_url), known_hash=f"sha256:{f.sha256}",
            fname=target.name, path=target.parent, progressbar=progress,
        )
    if card.derived_files:
        adapter = ADAPTERS.get(card.name)
        if adapter is None or adapter.derive is None:
            raise DatasetError(f"{card.name}: derived files {[f.path for f in card.derived_files]} need a derive "
                               f"step, and none is registered.")
        from tqdm.auto import tqdm

        upstream = root / "_upstream"
        # Upstream files at a pinned commit are immutable; the derived result is checked against the card below.
        logger = pooch.get_logger()
        level = logger.level
        logger.setLevel("WARNING")
        try:
            for up in tqdm(card.upstream_sources, desc=f"{card.name}: upstream files", unit="file",
                           disable=len(card.upstream_sources) < 20):
                target = upstream / up
                if not target.exists():
                    pooch.retrieve(card.url(up, base_url), known_hash=None, fname=target.name,
                                   path=target.parent, progressbar=False)
        finally:
            logger.setLevel(level)
        adapter.derive(root)
    verify_files(card, root, Path(cache_dir or default_cache_dir()))
    return root


def resolve(name: str, *, data_dir: Path | str | None = None, cache_dir: Path | str | None = None,
            download_missing: bool = True, base_url: str | None = None) -> Path:
    """Return a verified folder holding every file of dataset ``name``.

    Raises
    ------
    DatasetError
        Naming every place looked and how to get the data, when absent and not downloadable.
    ChecksumError
        When a file differs from its card.
    """
    card = load_card(name)
    root = _local_root(card, data_dir, cache_dir)
    if root is not None:
        verify_files(card, root, Path(cache_dir or default_cache_dir()))
        return root
    looked = _candidates(card, data_dir, cache_dir)
    if not download_missing:
        raise DatasetError(_not_found(card, looked, "downloads are switched off (download_missing=False)"))
    try:
        return download(card, cache_dir, base_url=base_url)
    except ChecksumError:
        raise
    except Exception as exc:  # network errors come in many types
        raise DatasetError(_not_found(card, looked, f"download failed: {type(exc).__name__}: {exc}")) from exc


def _not_found(card: DatasetCard, looked: list[Path], why: str) -> str:
    places = "\n".join(f"  - {p}" for p in looked)
    return (
        f"dataset {card.name!r} not found. Looked in:\n{places}\n  - {card.url('…')} ({why})\n"
        f"To get it: set {ENV_DATA} to a folder holding {card.name}/ (the layout of the project's shared "
        f"corpora), or run load_dataset({card.name!r}) once with network access to download it from "
        f"{card.repository} at commit {card.commit[:10]}."
    )


# -- loading -------------------------------------------------------------------------------------

def _parquet_key(card: DatasetCard) -> str:
    h = hashlib.sha256()
    h.update(CACHE_VERSION.encode())
    for f in card.files:
        h.update(f"{f.path}:{f.sha256}\n".encode())
    return h.hexdigest()[:16]


def _write_parquet_cache(folder: Path, ds: Dataset) -> None:
    tmp = folder.with_name(folder.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    ds.articles.to_parquet(tmp / "articles.parquet", index=False)
    ds.quarantine.to_parquet(tmp / "quarantine.parquet", index=False)
    ds.cleaning.to_parquet(tmp / "cleaning.parquet", index=False)
    for tname, table in ds.tables.items():
        table.to_parquet(tmp / f"table-{tname}.parquet", index=False)
    (tmp / "meta.json").write_text(json.dumps({"n_read": ds.n_read, "tables": list(ds.tables)}))
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    tmp.replace(folder)


def _read_parquet_cache(folder: Path, card: DatasetCard, root: Path) -> Dataset:
    meta = json.loads((folder / "meta.json").read_text())
    tables = {t: pd.read_parquet(folder / f"table-{t}.parquet") for t in meta["tables"]}
    return Dataset(card.name, pd.read_parquet(folder / "articles.parquet"), tables,
                   pd.read_parquet(folder / "quarantine.parquet"), meta["n_read"], card, root,
                   pd.read_parquet(folder / "cleaning.parquet"))


def load_dataset(
    name: str,
    *,
    data_dir: Path | str | None = None,
    cache_dir: Path | str | None = None,
    download_missing: bool = True,
    use_cache: bool = True,
) -> Dataset:
    """Load a registered dataset as canonical tables.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`, or ``"demo"`` for the project's synthetic corpus.
    data_dir : path, optional
        Folder laid out like the shared corpora (default ``$TOOLKIT_DATA``).
    cache_dir : path, optional
        Download and Parquet cache (default: see :func:`default_cache_dir`).
    download_missing : bool, default True
        Download from upstream when no local copy exists.
    use_cache : bool, default True
        Read/write the Parquet cache of the canonical tables.

    Returns
    -------
    Dataset
    """
    if name == "demo":
        from .demo import load_demo_dataset

        return load_demo_dataset()
    _import_adapters()
    if name not in ADAPTERS:
        raise KeyError(f"no adapter for dataset {name!r}; registered: {sorted(ADAPTERS)}")
    card = load_card(name)
    root = resolve(name, data_dir=data_dir, cache_dir=cache_dir, download_missing=download_missing)
    cache_root = Path(cache_dir or default_cache_dir())
    pq = cache_root / "_parquet" / f"{name}-{_parquet_key(card)}"
    if use_cache and (pq / "meta.json").exists():
        return _read_parquet_cache(pq, card, root)
    table, tables = ADAPTERS[name].load(root)
    ds = Dataset(name, table.articles, dict(tables), table.quarantine if len(table.quarantine) else empty_quarantine(),
                 table.n_read, card, root, table.cleaning.astype("string").reset_index(drop=True))
    if use_cache:
        try:
            _write_parquet_cache(pq, ds)
        except OSError:
            pass
    return ds
