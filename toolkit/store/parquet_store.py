"""A corpus store on disk: the canonical table as a partitioned Parquet dataset, written and read in batches.

Layout of a store folder::

    store/
      articles/outlet=<name>/batch-000000-0.parquet   # kept rows (hive partitions: outlet or month)
      quarantine/batch-000000.parquet                 # rejected rows of each batch (the quarantine table)
      cleaning/batch-000000.parquet                   # what cleaning removed, per document
      manifest.json                                   # completed batches, counts, parameters

Writing (:func:`ingest`, :func:`write_batches`) goes one batch at a time: each batch is validated
(:func:`toolkit.corpus.validate`), its files are written, then the manifest records the batch as complete
(written to a temporary file and renamed, so it is never half-written). Re-running the same call after a crash
or a kill skips the completed batches, deletes whatever the interrupted batch left and carries on, so the result
is the same rows as an uninterrupted run. Memory is bounded by the batch size, not by the corpus.

Corpus-level steps see one batch at a time: the cleaning step ``boilerplate`` (lines an outlet repeats) and the
``exact_dup_of`` flags look within a batch, not across the whole corpus. ``doc_id`` stays unique across the
whole store: a later row repeating a stored doc_id is quarantined (``duplicate doc_id``), through a set of 64-bit
hashes of the stored ids (8 bytes per article). Use a batch size of some thousands of
articles so an outlet's repeated lines are seen often enough.

Reading (:func:`iter_batches`, :func:`read_store`) yields canonical DataFrames, in a fixed order (partition, then
batch, then row).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from toolkit.corpus.schema import (LINE_COL, QUARANTINE_COLUMNS, CorpusError, empty_articles,
                                   quarantine_frame)
from toolkit.corpus.readers import apply_defaults
from toolkit.corpus.validate import REASONS, CorpusTable, validate
from toolkit.store.sources import iter_source

MANIFEST = "manifest.json"
ARTICLES = "articles"
QUARANTINE = "quarantine"
CLEANING = "cleaning"
PARTITIONS = ("outlet", "month", None)
#: Environment hook for tests of resumption: the process kills itself (SIGKILL) after writing the files of this
#: batch number and before recording it in the manifest, the worst moment for a crash.
KILL_ENV = "TOOLKIT_STORE_KILL_AT_BATCH"


class StoreError(CorpusError):
    """A store folder that cannot be written or read as asked (says what was expected and what to do)."""


@dataclass(frozen=True)
class StoreCounts:
    """Rows read, kept and quarantined over all completed batches (``read == kept + quarantined``)."""

    read: int
    kept: int
    quarantined: int
    batches: int


# ---------------------------------------------------------------------------------------------- manifest
def _manifest_path(store: Path) -> Path:
    return store / MANIFEST


def load_manifest(store: str | Path) -> dict:
    """The store's manifest (``params``, ``batches``: list of per-batch counts, ``complete``)."""
    path = _manifest_path(Path(store))
    if not path.exists():
        raise StoreError(f"{store}: no {MANIFEST}; expected a corpus store written by toolkit.store.ingest. "
                         "Ingest a corpus into it first.")
    return json.loads(path.read_text())


def _save_manifest(store: Path, manifest: dict) -> None:
    tmp = store / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1, default=str))
    os.replace(tmp, _manifest_path(store))


def _fingerprint(source) -> list:
    """What identifies the input, so a resume never mixes two different inputs in one store."""
    paths = [source] if isinstance(source, (str, Path)) else source if isinstance(source, (list, tuple)) else None
    if paths and all(isinstance(p, (str, Path)) for p in paths):
        out = []
        for p in paths:
            if Path(p).is_dir():  # a folder of documents: every file under it, by path, size and time
                h = hashlib.sha256()
                for f in sorted(q for q in Path(p).rglob("*") if q.is_file()):
                    st = f.stat()
                    h.update(f"{f.relative_to(p)}\0{st.st_size}\0{int(st.st_mtime)}\n".encode("utf-8", "replace"))
                out.append([str(Path(p).resolve()), "folder", h.hexdigest()])
                continue
            st = Path(p).stat()
            out.append([str(Path(p).resolve()), st.st_size, int(st.st_mtime)])
        return out
    return ["<tables>"]


def _check_params(store: Path, params: dict) -> dict:
    manifest = load_manifest(store)
    if manifest.get("params") != json.loads(json.dumps(params, default=str)):
        raise StoreError(f"{store}: holds a store written with other parameters or input "
                         f"({manifest.get('params')}); found {params}. Use a new folder, or delete this one "
                         "to start over.")
    return manifest


def counts(store: str | Path) -> StoreCounts:
    """Totals over the completed batches of a store."""
    m = load_manifest(store)
    b = m["batches"]
    return StoreCounts(read=sum(x["read"] for x in b), kept=sum(x["kept"] for x in b),
                       quarantined=sum(x["quarantined"] for x in b), batches=len(b))


# ---------------------------------------------------------------------------------------------- writing
def _batch_name(i: int) -> str:
    return f"batch-{i:06d}"


def _remove_batch_files(store: Path, i: int) -> None:
    """Delete every file a (possibly interrupted) batch ``i`` wrote."""
    name = _batch_name(i)
    for sub in (ARTICLES, QUARANTINE, CLEANING):
        root = store / sub
        if root.exists():
            for f in root.rglob(f"{name}*.parquet"):
                f.unlink()


def _with_partition(articles: pd.DataFrame, partition_by: str | None) -> pd.DataFrame:
    if partition_by == "month":
        when = pd.to_datetime(articles["published"], utc=True, errors="coerce")
        month = when.dt.tz_convert(None).dt.strftime("%Y-%m")
        articles = articles.assign(month=month.where(when.notna(), "unknown").astype(str))
    elif partition_by == "outlet":
        articles = articles.assign(outlet=articles["outlet"].astype(str))
    return articles


def _to_arrow(frame: pd.DataFrame) -> pa.Table:
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object:  # mixed Python objects: store as text, never fail on one odd value
            frame[col] = frame[col].map(lambda v: v if v is None or isinstance(v, str) else
                                        (json.dumps(v, default=str) if isinstance(v, (list, dict)) else str(v)))
    return pa.Table.from_pandas(frame, preserve_index=False)


def _write_articles(store: Path, i: int, articles: pd.DataFrame, partition_by: str | None) -> None:
    if not len(articles):
        return
    table = _to_arrow(_with_partition(articles, partition_by))
    part = None
    if partition_by is not None:
        part = ds.partitioning(pa.schema([(partition_by, pa.string())]), flavor="hive")
    ds.write_dataset(table, store / ARTICLES, format="parquet", partitioning=part,
                     basename_template=_batch_name(i) + "-{i}.parquet", existing_data_behavior="overwrite_or_ignore",
                     max_rows_per_group=64 * 1024, use_threads=False)  # threads may reorder rows: keep order


def _write_table(store: Path, sub: str, i: int, frame: pd.DataFrame) -> None:
    if not len(frame):
        return
    (store / sub).mkdir(parents=True, exist_ok=True)
    pq.write_table(_to_arrow(frame), store / sub / f"{_batch_name(i)}.parquet")


def write_batches(
    batches: Iterable[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int]],
    store: str | Path,
    *,
    partition_by: str | None = "outlet",
    params: dict | None = None,
    total: int | None = None,
    desc: str = "store",
    progress: bool = True,
) -> StoreCounts:
    """Write ``(articles, quarantine, cleaning, n_read)`` batches to ``store``, resuming after completed batches.

    The low-level writer behind :func:`ingest` and :func:`clean_store`. ``params`` (JSON-able) identify the job:
    resuming with different ``params`` raises :class:`StoreError` instead of mixing two inputs in one store.
    Batches already recorded in the manifest are skipped without being written again (the iterable is still
    advanced past them, so pass a deterministic, re-iterable source; it may yield None for those batches).
    """
    if partition_by not in PARTITIONS:
        raise StoreError(f"partition_by must be one of {PARTITIONS}; found {partition_by!r}.")
    store = Path(store)
    store.mkdir(parents=True, exist_ok=True)
    params = {**(params or {}), "partition_by": partition_by}
    if _manifest_path(store).exists():
        manifest = _check_params(store, params)
    else:
        manifest = {"params": params, "batches": [], "complete": False}
    done = len(manifest["batches"])
    kill_at = os.environ.get(KILL_ENV)
    bar = tqdm(total=total, desc=desc, unit="batch", disable=not progress, initial=done)
    for i, item in enumerate(batches):
        if i < done:
            continue
        articles, quarantine, cleaning, n_read = item
        if n_read != len(articles) + len(quarantine):
            raise StoreError(f"batch {i}: read {n_read} rows but kept {len(articles)} + quarantined "
                             f"{len(quarantine)}; every row read must be kept or quarantined.")
        _remove_batch_files(store, i)  # leftovers of an interrupted attempt at this batch
        _write_articles(store, i, articles, partition_by)
        _write_table(store, QUARANTINE, i, quarantine)
        _write_table(store, CLEANING, i, cleaning)
        if kill_at is not None and int(kill_at) == i:
            import signal

            os.kill(os.getpid(), signal.SIGKILL)
        manifest["batches"].append({"batch": i, "read": int(n_read), "kept": len(articles),
                                    "quarantined": len(quarantine)})
        _save_manifest(store, manifest)
        bar.update(1)
    bar.close()
    manifest["complete"] = True
    _save_manifest(store, manifest)
    return counts(store)


def ingest(
    source,
    store: str | Path,
    *,
    batch_size: int = 10_000,
    partition_by: str | None = "outlet",
    format: str | None = None,
    clean: bool = True,
    detect_languages: bool = True,
    dayfirst: bool | None = None,
    defaults: Mapping[str, object] | None = None,
    progress: bool = True,
) -> StoreCounts:
    """Read a corpus in batches, validate each batch, and write it to a Parquet corpus store (resumable).

    Parameters
    ----------
    source : path, list of paths, DataFrame or iterable of DataFrames
        ``.jsonl``/``.csv``/``.tsv`` (``.gz`` too) or ``.parquet`` files streamed ``batch_size`` records at a
        time, or folders of ``.txt`` / ``.html`` documents streamed ``batch_size`` files at a time
        (:mod:`toolkit.store.sources`), or record tables.
    store : path
        Output folder (created). If it already holds a manifest for the same input and parameters, the completed
        batches are skipped: an interrupted ingest resumes from the last completed batch. Files are recognised by
        path, size and modification time; tables cannot be, so resuming with tables trusts that they are the same.
    batch_size : int, default 10000
        Records per batch; memory grows with it, not with the corpus.
    partition_by : {"outlet", "month", None}
        Hive partitioning of the article files.
    clean, detect_languages, dayfirst
        As in :func:`toolkit.corpus.validate` (applied per batch).
    defaults : mapping, optional
        Field → value for records where the field is absent or blank, e.g. ``{"outlet": "The Veldran Courier"}``
        for a folder scraped from one site (:func:`toolkit.corpus.readers.apply_defaults`; ``--set`` on the
        command line).
    progress : bool
        Show a tqdm bar over batches.

    Returns
    -------
    StoreCounts
        ``read == kept + quarantined`` over all batches.
    """
    if not (isinstance(batch_size, int) and batch_size >= 1):
        raise StoreError(f"batch_size must be a positive integer; found {batch_size!r}.")
    params = {"job": "ingest", "input": _fingerprint(source), "batch_size": batch_size, "clean": clean,
              "detect_languages": detect_languages, "dayfirst": dayfirst}
    if defaults:  # only then, so stores written before this option resume as before
        params["defaults"] = {str(k): str(v) for k, v in dict(defaults).items()}

    done = _completed_batches(Path(store), params, partition_by)
    seen = _SeenIds(_stored_ids(Path(store), done))
    name = str(source) if isinstance(source, (str, Path)) else "<tables>"

    def validated():
        unknown: dict[str, int] = {}
        for i, (records, failures) in enumerate(iter_source(source, batch_size, format=format)):
            if i < done:
                yield None  # completed before an interruption: skipped by write_batches
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # per-batch outlet warnings would repeat; summarised below
                if len(records):
                    if defaults:
                        records = apply_defaults(records, defaults)
                    lines = dict(zip(records["doc_id"].astype(str), records[LINE_COL])) if "doc_id" in records \
                        else {}
                    table = validate(records, source=name, clean=clean, detect_languages=detect_languages,
                                     dayfirst=dayfirst)
                    table = _drop_seen(table, seen, lines, name).with_failures(failures)
                else:
                    table = CorpusTable(empty_articles(), quarantine_frame([]), n_read=0).with_failures(failures)
            rep = table.outlets
            if len(rep):
                for row in rep[rep["status"] == "unknown"].itertuples():
                    unknown[row.outlet_raw] = unknown.get(row.outlet_raw, 0) + int(row.n)
            yield table.articles, table.quarantine, table.cleaning, table.n_read
        if unknown:
            from toolkit.corpus.outlets import UnknownOutletWarning

            top = ", ".join(f"{k!r} ({v})" for k, v in sorted(unknown.items(), key=lambda kv: -kv[1])[:10])
            warnings.warn(f"ingest: {len(unknown)} outlet name(s) are not in the outlet registry and are kept as "
                          f"given: {top}. Pass a registry to map them (toolkit.corpus.load_outlet_registry).",
                          UnknownOutletWarning, stacklevel=3)

    return write_batches(validated(), store, partition_by=partition_by, params=params, desc="ingest",
                         progress=progress)


# ---------------------------------------------------------------------------------------------- doc_id uniqueness
class _SeenIds:
    """64-bit hashes of the doc_ids already stored (8 bytes per article), to keep doc_id unique across batches."""

    def __init__(self, hashes: np.ndarray) -> None:
        self.hashes = np.unique(hashes)

    def contains(self, h: np.ndarray) -> np.ndarray:
        return np.isin(h, self.hashes)

    def add(self, h: np.ndarray) -> None:
        self.hashes = np.union1d(self.hashes, h)


def _hash_ids(ids) -> np.ndarray:
    return pd.util.hash_array(np.asarray([str(x) for x in ids], dtype=object))


def _batch_number(path: Path) -> int:
    return int(path.name.split("-")[1])


def _stored_ids(store: Path, done: int) -> np.ndarray:
    """Hashes of the doc_ids of the completed batches (for a resumed ingest)."""
    root = store / ARTICLES
    if not done or not root.exists():
        return np.empty(0, dtype=np.uint64)
    parts = [_hash_ids(pq.read_table(f, columns=["doc_id"]).column(0).to_pylist())
             for f in sorted(root.rglob("batch-*.parquet")) if _batch_number(f) < done]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)


def _completed_batches(store: Path, params: dict, partition_by) -> int:
    if not _manifest_path(store).exists():
        return 0
    return len(_check_params(store, {**params, "partition_by": partition_by})["batches"])


def _drop_seen(table: CorpusTable, seen: _SeenIds, lines: dict, source: str) -> CorpusTable:
    """Quarantine kept rows whose doc_id an earlier batch already stored (first occurrence kept)."""
    arts = table.articles
    if not len(arts):
        return table
    h = _hash_ids(arts["doc_id"])
    dup = seen.contains(h)
    seen.add(h[~dup])
    if not dup.any():
        return table
    rows = [{"source": source, "line": lines.get(str(d)), "doc_id": str(d)[:200], "field": "doc_id",
             "reason": REASONS["duplicate_doc_id"], "raw": f"doc_id {str(d)[:200]!r} (already in an earlier batch)"}
            for d in arts["doc_id"][dup]]
    quarantine = pd.concat([table.quarantine, quarantine_frame(rows)], ignore_index=True)
    return CorpusTable(arts[~dup].reset_index(drop=True), quarantine, table.cleaning, table.n_read, table.outlets,
                       table.notes)


# ---------------------------------------------------------------------------------------------- reading
def _article_files(store: Path) -> list[str]:
    root = store / ARTICLES
    return sorted(str(p) for p in root.rglob("*.parquet")) if root.exists() else []


def _dataset(store: str | Path) -> ds.Dataset:
    store = Path(store)
    manifest = load_manifest(store)
    files = _article_files(store)
    partition_by = manifest["params"].get("partition_by")
    if not files:
        raise StoreError(f"{store}: the store holds no articles (all rows quarantined, or nothing ingested).")
    schemas = [pq.read_schema(f) for f in files]
    schema = pa.unify_schemas(schemas, promote_options="permissive")
    part = None
    if partition_by is not None:
        schema = schema.append(pa.field(partition_by, pa.string())) if partition_by not in schema.names else schema
        part = ds.partitioning(pa.schema([(partition_by, pa.string())]), flavor="hive")
    return ds.dataset(files, schema=schema, format="parquet", partitioning=part,
                      partition_base_dir=str(store / ARTICLES))


def _canonical(frame: pd.DataFrame, partition_by: str | None) -> pd.DataFrame:
    if partition_by == "month" and "month" in frame:
        frame = frame.drop(columns="month")
    from toolkit.corpus.schema import CANONICAL_COLUMNS

    first = [c for c in CANONICAL_COLUMNS if c in frame.columns]
    return frame[first + [c for c in frame.columns if c not in first]]


def iter_batches(store: str | Path, *, batch_size: int = 10_000, columns: Sequence[str] | None = None,
                 filter=None, progress: bool = False) -> Iterator[pd.DataFrame]:
    """Yield the store's articles as canonical DataFrames of at most ``batch_size`` rows.

    Parameters
    ----------
    store : path
        A store folder written by :func:`ingest`.
    batch_size : int
        Rows per DataFrame.
    columns : sequence of str, optional
        Only these columns (e.g. ``["doc_id", "outlet", "text"]``: much less memory and I/O).
    filter : pyarrow.compute.Expression, optional
        Row filter pushed down to the files, e.g. ``pc.field("outlet") == "Harbour Ledger"``.
    progress : bool
        tqdm bar over rows.
    """
    store = Path(store)
    partition_by = load_manifest(store)["params"].get("partition_by")
    dataset = _dataset(store)
    cols = list(columns) if columns is not None else None
    scanner = dataset.scanner(columns=cols, filter=filter, batch_size=batch_size, use_threads=False)
    bar = tqdm(total=counts(store).kept if filter is None else None, desc="read store", unit="doc",
               disable=not progress)
    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in scanner.to_batches():
        if not batch.num_rows:
            continue
        pending.append(batch)
        held += batch.num_rows
        if held >= batch_size:
            table = pa.Table.from_batches(pending)
            for s in range(0, table.num_rows - table.num_rows % batch_size, batch_size):
                frame = table.slice(s, batch_size).to_pandas()
                bar.update(len(frame))
                yield _canonical(frame, partition_by)
            rest = table.num_rows % batch_size
            pending = table.slice(table.num_rows - rest).to_batches() if rest else []
            held = rest
    if held:
        frame = pa.Table.from_batches(pending).to_pandas()
        bar.update(len(frame))
        yield _canonical(frame, partition_by)
    bar.close()


def read_store(store: str | Path, **kwargs) -> pd.DataFrame:
    """The whole store as one canonical DataFrame (for small corpora; see :func:`iter_batches`)."""
    frames = list(iter_batches(store, **kwargs))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def read_quarantine(store: str | Path) -> pd.DataFrame:
    """All quarantined rows of the store (one table; usually small)."""
    root = Path(store) / QUARANTINE
    files = sorted(root.glob("*.parquet")) if root.exists() else []
    if not files:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in QUARANTINE_COLUMNS})
    return pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)


# ---------------------------------------------------------------------------------------------- transforming
def map_store(
    func: Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
    source: str | Path,
    target: str | Path,
    *,
    batch_size: int = 10_000,
    job: str = "map",
    progress: bool = True,
) -> StoreCounts:
    """Apply ``func(batch) -> (articles, report)`` to every batch of ``source``, writing a new store (resumable).

    Rows are never dropped (``articles`` must have as many rows as the batch); ``report`` goes to ``cleaning/``.
    """
    source = Path(source)
    partition_by = load_manifest(source)["params"].get("partition_by")
    n_kept = counts(source).kept
    params = {"job": job, "input": [str(source.resolve()), n_kept], "batch_size": batch_size}

    def mapped():
        empty_q = pd.DataFrame({c: pd.Series(dtype="object") for c in QUARANTINE_COLUMNS})
        for batch in iter_batches(source, batch_size=batch_size):
            out, report = func(batch)
            if len(out) != len(batch):
                raise StoreError(f"{job}: a batch of {len(batch)} rows came back with {len(out)}; the function "
                                 "must keep every row (empty texts are quarantined when the corpus is validated).")
            yield out, empty_q, report, len(batch)

    total = -(-n_kept // batch_size)
    return write_batches(mapped(), target, partition_by=partition_by, params=params, total=total, desc=job,
                         progress=progress)


def clean_store(source: str | Path, target: str | Path, *, batch_size: int = 10_000, detect_languages: bool = True,
                boilerplate: bool = True, duplicates: bool = True, client=None, progress: bool = True) -> StoreCounts:
    """Clean every article of a store batch by batch (:func:`toolkit.corpus.clean_articles`) into a new store.

    ``client`` (a ``dask.distributed.Client``) spreads each batch over the cluster with the same result. With
    ``duplicates`` (the default), ``exact_dup_of`` is set over the whole store
    (:func:`toolkit.store.duplicates.store_exact_duplicates`: two streamed passes first) instead of within each
    ingest batch. Boilerplate lines are still found within each batch.
    """
    from toolkit.corpus.clean import clean_articles
    from toolkit.corpus.exact_duplicates import EXACT_DUP_COLUMN

    dup_of = None
    if duplicates:
        from toolkit.store.duplicates import store_exact_duplicates

        dup_of = store_exact_duplicates(source, batch_size=batch_size, progress=progress)

    def func(batch: pd.DataFrame):
        extra = {"client": client} if client is not None else {}
        out, report = clean_articles(batch, detect_languages=detect_languages, boilerplate=boilerplate, **extra)
        if dup_of is not None:
            out[EXACT_DUP_COLUMN] = pd.array(out["doc_id"].astype("string").map(dup_of), dtype="string")
        return out, report

    return map_store(func, source, target, batch_size=batch_size, job="clean", progress=progress)


def remove_store(store: str | Path) -> None:
    """Delete a store folder (refuses a folder that has no store manifest)."""
    store = Path(store)
    if store.exists():
        if not _manifest_path(store).exists():
            raise StoreError(f"{store}: not a corpus store (no {MANIFEST}); refusing to delete it.")
        shutil.rmtree(store)

