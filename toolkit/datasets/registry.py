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
import re
import shutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..corpus.schema import empty_quarantine
from ..corpus.validate import CorpusTable
from ..provenance import record_dataset
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


@dataclass(repr=False)
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
    clean : bool
        False when loaded with ``clean=False`` (text as the files hold it).
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
    clean: bool = True

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

    def __repr__(self) -> str:
        """A few lines (under ~500 characters): size, outlets, tables with row counts, where from."""
        n_outlets = self.articles["outlet"].nunique() if "outlet" in self.articles else 0
        text = "" if self.clean else ", raw text"
        parts = [f"{t} {len(df):,}" for t, df in (("articles", self.articles), ("quarantine", self.quarantine),
                                                   *self.tables.items())]
        tables = ", ".join(parts)
        if len(tables) > 200:
            tables = tables[:200].rsplit(", ", 1)[0] + ", …"
        where = str(self.root) if self.root is not None else "(in memory)"
        if len(where) > 120:
            where = "…" + where[-119:]
        pin = f"{self.card.repository} @ {self.card.commit[:10]}" if self.card.commit else self.card.repository
        return (f"<Dataset {self.name!r}: {len(self.articles):,} articles, {n_outlets:,} outlets{text}\n"
                f"  tables: {tables}\n  from: {where}\n  upstream: {pin[:100]}>")


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
    """One row per registered dataset: name, aliases, description, repository, licence, tables, local."""
    _import_adapters()
    rows = []
    for name in card_names():
        card = load_card(name)
        rows.append({
            "name": name,
            "aliases": ", ".join(a for a, n in sorted(ALIASES.items()) if n == name),
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
                f"modified; delete it and load again to re-download, or restore it from {card.pin_of(f)[0]} "
                f"at {card.pin_of(f)[1][:10]}."
            )
        got = sha256_file(p)
        if got != f.sha256:
            raise ChecksumError(
                f"{card.name}: sha256 mismatch for {p}: expected {f.sha256}, found {got}. The file is "
                f"corrupted or modified; delete it and load again to re-download, or restore it from "
                f"{card.pin_of(f)[0]} at {card.pin_of(f)[1][:10]}."
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

class DownloadError(DatasetError):
    """Some files of a dataset could not be downloaded; ``failures`` lists each one.

    Attributes
    ----------
    failures : list of DownloadFailure
        Every file that failed, with its URL, the reason and where it belongs in the cache.
    folder : Path
        The dataset's cache folder (files fetched by hand go here, at the paths listed).
    """

    def __init__(self, message: str, failures: list["DownloadFailure"], folder: Path):
        super().__init__(message)
        self.failures = failures
        self.folder = folder


@dataclass(frozen=True)
class DownloadFailure:
    """One file that could not be fetched: card path, URL, reason and target path in the cache."""

    path: str
    url: str
    reason: str
    target: Path


def describe_download_error(exc: BaseException) -> str:
    """A one-line reason for a failed fetch (HTTP status, hash mismatch, unreachable host …)."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(exc, "code", None)
    if isinstance(status, int):
        reasons = {404: "not found at the pinned commit", 403: "access refused", 429: "rate-limited, retry later"}
        return f"HTTP {status} ({reasons.get(status, getattr(response, 'reason', '') or 'error')})"
    text = str(exc)
    if "hash" in text.lower() and "does not match" in text.lower():
        found = re.search(r"got ([0-9a-f]{64})", text)
        return "hash mismatch: the upstream file's sha256 is " + (found.group(1) if found else "different") + \
            ", not the card's"
    name = type(exc).__name__
    if "Connection" in name or "Timeout" in name or isinstance(exc, OSError):
        first = text.split("\n")[0]
        return f"{name}: cannot reach the host ({first[:160]})"
    return f"{name}: {text[:200]}"


#: After this many fetches in a row fail to reach the host (and none has succeeded), the rest are not tried.
UNREACHABLE_AFTER = 3
#: Failed files listed one by one in a DownloadError message (all are in ``DownloadError.failures``).
MAX_LISTED = 50


@dataclass
class _Fetcher:
    """Fetches files with pooch, recording every failure instead of stopping at the first."""

    progress: bool = False
    failures: list[DownloadFailure] = field(default_factory=list)
    n_ok: int = 0
    unreachable: int = 0  # consecutive failures to reach the host while nothing has succeeded
    not_tried: int = 0

    def fetch(self, path: str, url: str, target: Path, sha256: str | None) -> bool:
        import pooch

        if self.n_ok == 0 and self.unreachable >= UNREACHABLE_AFTER:
            self.not_tried += 1
            return False
        try:
            pooch.retrieve(url, known_hash=f"sha256:{sha256}" if sha256 else None, fname=target.name,
                           path=target.parent, progressbar=self.progress)
        except Exception as exc:  # noqa: BLE001 - network errors come in many types; each is reported
            reason = describe_download_error(exc)
            self.failures.append(DownloadFailure(path, url, reason, target))
            self.unreachable = self.unreachable + 1 if "cannot reach the host" in reason else 0
            return False
        self.n_ok += 1
        self.unreachable = 0
        return True


def download_failed_message(card: DatasetCard, fetcher: _Fetcher, n_tried: int, folder: Path) -> str:
    """The message of a :class:`DownloadError`: every failed file, its URL and reason, and what to do."""
    failures = fetcher.failures
    lines = [f"{card.name}: {len(failures)} of {n_tried} files could not be downloaded:"]
    for f in failures[:MAX_LISTED]:
        lines.append(f"  - {f.path}\n      url:    {f.url}\n      reason: {f.reason}\n      save as: {f.target}")
    if len(failures) > MAX_LISTED:
        lines.append(f"  … and {len(failures) - MAX_LISTED} more (every one is in the exception's .failures).")
    if fetcher.not_tried:
        lines.append(f"  {fetcher.not_tried} further files were not tried: the first {UNREACHABLE_AFTER} could not "
                     f"reach the host and none succeeded (no network?).")
    lines.append(
        f"What to do: set {ENV_DATA} to a folder holding {card.name}/ (the layout of the project's shared corpora); "
        f"or fetch the files above by hand and save each at its 'save as' path under {folder}, then load again "
        f"(files already there are checked, not fetched again). If upstream has moved, a maintainer re-pins the "
        f"card (README: 'Re-pinning a dataset'; `python -m toolkit datasets verify-upstream {card.name}`)."
    )
    return "\n".join(lines)


def download(card: DatasetCard, cache_dir: Path | str | None = None, *, base_url: str | None = None,
             progress: bool = False) -> Path:
    """Fetch a dataset into ``<cache_dir>/<name>/`` from upstream at the pinned commit.

    Byte-identical files are fetched with their sha256 checked by pooch (each from its own
    repository and commit where the card says so); derived files are then rebuilt by the
    adapter's ``derive`` from files fetched into ``_upstream/`` and checked against the card like
    every other file. Every file is tried before anything is reported: one failure does not hide
    the next.

    Parameters
    ----------
    card : DatasetCard
    cache_dir : path, optional
    base_url : str, optional
        Host replacing ``https://raw.githubusercontent.com`` (``$TOOLKIT_DOWNLOAD_BASE``); used by
        mirrors and by the tests' local HTTP server. ``file://`` URLs work too.
    progress : bool
        Show pooch's progress bars.

    Raises
    ------
    DownloadError
        Listing every file that failed (URL, reason, where to save it by hand) and what to do.
    ChecksumError
        When a rebuilt derived file differs from the card.
    """
    import pooch

    _import_adapters()
    base_url = base_url or os.environ.get(ENV_BASE_URL)
    root = Path(cache_dir or default_cache_dir()) / card.name
    root.mkdir(parents=True, exist_ok=True)
    jobs, optional_jobs = [], []
    by_pin = {}  # (repository, commit, upstream path) -> card file, to reuse verified copies as derive inputs
    for f in card.files:
        if f.derived or f.upstream_path is None:
            if not (f.derived or f.optional):
                raise DatasetError(f"{card.name}: {f.path} has no upstream path in the card, so it cannot be "
                                   f"downloaded; the card is incomplete (mark it derived or optional, or give "
                                   f"its upstream_path).")
            continue
        (optional_jobs if f.optional else jobs).append((f.path, card.file_url(f, base_url), root / f.path, f.sha256))
        by_pin[(*card.pin_of(f), f.upstream_path)] = f
    upstream_jobs, reused = [], []
    if card.derived_files:
        upstream = root / "_upstream"
        for up in card.upstream_sources:
            same = by_pin.get((card.repository, card.commit, up))
            if same is not None:
                reused.append((root / same.path, upstream / up))
            elif not (upstream / up).exists():
                upstream_jobs.append((f"_upstream/{up}", card.url(up, base_url), upstream / up, None))
    fetcher = _Fetcher(progress=progress)
    for job in jobs:
        fetcher.fetch(*job)
    for path, url, target, sha in optional_jobs:  # documentation only: a failure is a warning, not an error
        try:
            pooch.retrieve(url, known_hash=f"sha256:{sha}", fname=target.name, path=target.parent,
                           progressbar=progress)
        except Exception as exc:  # noqa: BLE001
            warnings.warn(f"{card.name}: optional file {path} not downloaded from {url}: "
                          f"{describe_download_error(exc)}", stacklevel=2)
    if upstream_jobs:
        # Upstream files at a pinned commit are immutable; the derived result is checked against the card below.
        from tqdm.auto import tqdm

        logger = pooch.get_logger()
        level = logger.level
        logger.setLevel("WARNING")
        fetcher.progress = False
        try:
            for job in tqdm(upstream_jobs, desc=f"{card.name}: upstream files", unit="file",
                            disable=len(upstream_jobs) < 20):
                fetcher.fetch(*job)
        finally:
            logger.setLevel(level)
    if fetcher.failures or fetcher.not_tried:
        n_tried = len(jobs) + len(upstream_jobs) - fetcher.not_tried
        raise DownloadError(download_failed_message(card, fetcher, n_tried, root), fetcher.failures, root)
    if card.derived_files:
        adapter = ADAPTERS.get(card.name)
        if adapter is None or adapter.derive is None:
            raise DatasetError(f"{card.name}: derived files {[f.path for f in card.derived_files]} need a derive "
                               f"step, and none is registered.")
        for source, target in reused:  # a derive input that is also a checked card file: copy, not fetch twice
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
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
    card = load_card(canonical_name(name))
    root = _local_root(card, data_dir, cache_dir)
    if root is not None:
        verify_files(card, root, Path(cache_dir or default_cache_dir()))
        return root
    looked = _candidates(card, data_dir, cache_dir)
    if not download_missing:
        raise DatasetError(_not_found(card, looked, "downloads are switched off (download_missing=False)"))
    try:
        return download(card, cache_dir, base_url=base_url)
    except DownloadError as exc:
        message = _not_found(card, looked, "download failed; see below", advice=False,
                             base_url=base_url or os.environ.get(ENV_BASE_URL)) + "\n" + str(exc)
        raise DownloadError(message, exc.failures, exc.folder) from exc


def _not_found(card: DatasetCard, looked: list[Path], why: str, *, advice: bool = True,
               base_url: str | None = None) -> str:
    places = "\n".join(f"  - {p}" for p in looked)
    text = f"dataset {card.name!r} not found. Looked in:\n{places}\n  - {card.url('…', base_url)} ({why})"
    if advice:
        text += (f"\nTo get it: set {ENV_DATA} to a folder holding {card.name}/ (the layout of the project's "
                 f"shared corpora), or run load_dataset({card.name!r}) once with network access to download it "
                 f"from {card.repository} at commit {card.commit[:10]}.")
    return text


# -- names ---------------------------------------------------------------------------------------

#: Short names accepted wherever a dataset name is (``load_dataset``, the CLI); ``datasets list`` shows them.
ALIASES: dict[str, str] = {
    "abp": "article_bias_prediction",
    "pac": "pac_partisan_events",
    "neus": "neus_allsides",
    "un": "un_general_debate",
    "ungd": "un_general_debate",
    "ruwa": "ruwa_headlines",
    "semeval2023": "semeval2023_task3_en",
    "semeval2025": "semeval2025_task10_narratives",
    "kremlin": "kremlin_ukraine_president_press_releases",
    "usgov": "us_gov_ukraine_statements_2022",
    "field2018": "field2018_frame_lexicons",
    "climate": "narrative_frames_climate",
    "ukraine_bias": "ukraine_news_bias",
}


class UnknownDatasetError(DatasetError):
    """A dataset name that is neither registered nor an alias."""


def dataset_names() -> list[str]:
    """Every name ``load_dataset`` accepts besides aliases: the cards, registered adapters, and ``demo``."""
    _import_adapters()
    return sorted(set(card_names()) | set(ADAPTERS) | {"demo"})


def canonical_name(name: str) -> str:
    """The registered name for ``name`` (itself, an alias from :data:`ALIASES`, or a different case).

    Raises
    ------
    UnknownDatasetError
        With the closest names ("did you mean …") and the list of every name and alias.
    """
    import difflib

    names = dataset_names()
    if name in names:
        return name
    key = name.strip().lower()
    if key in ALIASES:
        return ALIASES[key]
    lower = {n.lower(): n for n in names}
    if key in lower:
        return lower[key]
    close = [ALIASES.get(c, c) for c in difflib.get_close_matches(key, [*names, *ALIASES], n=5, cutoff=0.6)]
    close += [n for n in names if key and key in n]  # a prefix such as "semeval"
    close = list(dict.fromkeys(close))[:3]
    hint = f" Did you mean {' or '.join(map(repr, close))}?" if close else ""
    aliases = ", ".join(f"{a} = {n}" for a, n in sorted(ALIASES.items()))
    raise UnknownDatasetError(f"no dataset named {name!r}.{hint} Known datasets: {', '.join(names)}. "
                              f"Aliases: {aliases}. `python -m toolkit datasets list` shows them all.")


# -- the Parquet cache key -----------------------------------------------------------------------

#: Code whose change alters what a load returns: cleaning, validation, readers (``toolkit/corpus``)
#: and the adapters. Folders relative to the ``toolkit`` package (absolute paths work too); every
#: file under them (``.py`` and data files) is hashed into the Parquet cache key.
CODE_SOURCES: tuple[str | Path, ...] = ("corpus", "datasets/adapters", "data")

#: Libraries whose version can change the text a load returns; their versions are in the cache key.
TEXT_LIBRARIES: tuple[str, ...] = ("ftfy", "trafilatura", "py3langid", "pandas", "pyarrow")


def code_version(sources: tuple[str | Path, ...] | None = None) -> str:
    """Hash of the cleaning/adapter sources and of the text libraries' versions (16 hex digits).

    Part of the Parquet cache key, so editing a residue pattern or upgrading ftfy makes the next
    load rebuild its tables instead of serving old text. Costs reading ~0.3 MB of source.
    """
    from importlib import metadata

    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for src in CODE_SOURCES if sources is None else sources:
        folder = package / src
        for p in sorted(folder.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"):
                h.update(f"{Path(src).name}/{p.relative_to(folder).as_posix()}\0".encode())
                h.update(p.read_bytes())
    for lib in TEXT_LIBRARIES:
        try:
            version = metadata.version(lib)
        except metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"\0{lib}=={version}".encode())
    return h.hexdigest()[:16]


def _parquet_key(card: DatasetCard, clean: bool = True) -> str:
    h = hashlib.sha256()
    h.update(CACHE_VERSION.encode())
    h.update(code_version().encode())
    h.update(b"clean" if clean else b"raw")
    for f in card.files:
        h.update(f"{f.path}:{f.sha256}\n".encode())
    return h.hexdigest()[:16]


# -- loading -------------------------------------------------------------------------------------

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
        shutil.rmtree(folder)
    tmp.replace(folder)


def _read_parquet_cache(folder: Path, card: DatasetCard, root: Path, clean: bool) -> Dataset:
    meta = json.loads((folder / "meta.json").read_text())
    tables = {t: pd.read_parquet(folder / f"table-{t}.parquet") for t in meta["tables"]}
    return Dataset(card.name, pd.read_parquet(folder / "articles.parquet"), tables,
                   pd.read_parquet(folder / "quarantine.parquet"), meta["n_read"], card, root,
                   pd.read_parquet(folder / "cleaning.parquet"), clean)


def load_dataset(
    name: str,
    *,
    clean: bool = True,
    data_dir: Path | str | None = None,
    cache_dir: Path | str | None = None,
    download_missing: bool = True,
    use_cache: bool = True,
    base_url: str | None = None,
) -> Dataset:
    """Load a registered dataset as canonical tables.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`, an alias from :data:`ALIASES` (e.g. ``"abp"``), or
        ``"demo"`` for the project's synthetic corpus.
    clean : bool, default True
        False returns the text and titles as the files hold them (no residue, HTML, mojibake or
        whitespace cleaning; rows are still validated and quarantined). Cached separately.
        Adapters whose annotations hold character offsets never clean, so for them both are equal.
    data_dir : path, optional
        Folder laid out like the shared corpora (default ``$TOOLKIT_DATA``).
    cache_dir : path, optional
        Download and Parquet cache (default: see :func:`default_cache_dir`).
    download_missing : bool, default True
        Download from upstream when no local copy exists.
    use_cache : bool, default True
        Read/write the Parquet cache of the canonical tables. Its key covers the files' sha256s,
        :data:`CACHE_VERSION`, the cleaning/adapter code (:func:`code_version`) and ``clean``.
    base_url : str, optional
        Download host replacing GitHub's (default ``$TOOLKIT_DOWNLOAD_BASE``; see :func:`download`).

    Returns
    -------
    Dataset

    Raises
    ------
    UnknownDatasetError
        For a name that is neither registered nor an alias ("did you mean …").
    DatasetError
        When the files cannot be found or downloaded (every failed file is listed).
    """
    name = canonical_name(name)
    if name == "demo":
        from .demo import load_demo, load_demo_dataset

        ds = load_demo_dataset()
        if not clean:
            ds.articles, ds.clean = load_demo(raw=True).articles, False
        return ds
    if name not in ADAPTERS:
        raise DatasetError(f"dataset {name!r} has a card but no adapter, so it cannot be loaded as tables; "
                           f"its files are listed in toolkit/datasets/cards/{name}.json.")
    card = load_card(name)
    root = resolve(name, data_dir=data_dir, cache_dir=cache_dir, download_missing=download_missing,
                   base_url=base_url)
    # provenance for figure manifests: the card's pinned sha256s, just verified by resolve()
    record_dataset(name, {f.path: f.sha256 for f in card.files if not f.optional or (root / f.path).exists()})
    cache_root = Path(cache_dir or default_cache_dir())
    pq = cache_root / "_parquet" / f"{name}{'' if clean else '-raw'}-{_parquet_key(card, clean)}"
    if use_cache and (pq / "meta.json").exists():
        return _read_parquet_cache(pq, card, root, clean)
    if clean:
        table, tables = ADAPTERS[name].load(root)
    else:
        from ..corpus.raw_text import raw_text

        with raw_text():
            table, tables = ADAPTERS[name].load(root)
    ds = Dataset(name, table.articles, dict(tables), table.quarantine if len(table.quarantine) else empty_quarantine(),
                 table.n_read, card, root, table.cleaning.astype("string").reset_index(drop=True), clean)
    if use_cache:
        try:
            _write_parquet_cache(pq, ds)
        except OSError:
            pass
    return ds
