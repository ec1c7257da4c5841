"""Event alignment of a corpus store, streamed from disk: the same groups as :func:`toolkit.events.align_events`.

:func:`align_store` runs :class:`toolkit.events.EventAligner`'s method (same features, same defaults, same functions)
on a corpus store (:func:`toolkit.store.ingest`) without loading its texts into memory at once:

0. **Order** (one pass over ``published, outlet, title, text``): each article's day and content hash, giving the
   aligner's content-derived order (date, then hash; undated last). The texts are then written once, reduced to what
   the aligner reads (title × 2 + lead, entity terms), into sorted *bucket* files of ``batch_size`` articles.
1. **Vocabulary** (a pass over the buckets in that order): document frequencies and the order in which terms first
   occur, counted batch by batch; the IDF is computed from them exactly as scikit-learn's ``TfidfTransformer`` does.
2. **Features** (a second pass): each bucket's TF-IDF rows (:func:`toolkit.events.features.combine_features`),
   written to disk, in the aligner's order.
3. **Time scale** (:mod:`toolkit.events.timescale`): each dated article's best and ``lag_neighbours`` most similar
   dated articles within the window, in the same blocks as the candidates below, set each article's time kernel.
4. **Candidates** (:func:`candidate_pairs_store`): blocks of 512 articles, as in
   :func:`toolkit.events.neighbours.candidate_pairs`; a dated block is compared with the articles inside its time
   window (a sliding window over the feature files: memory holds the window, not the corpus) and with the undated
   articles; a block holding undated articles is compared with every article (text alone, the in-memory aligner's
   policy), a few rows at a time against each feature file in turn. The candidate pairs go to a Parquet file in
   chunks.
5. **Clustering**: the candidate graph (deduplicated, background-corrected, undated pairs penalised) is clustered with
   :func:`toolkit.events.cluster.average_linkage`.

The result is the same partition as the in-memory aligner with the same parameters (the same floating-point
operations in the same order; tested on the demo corpus and on corpora with undated articles).

Memory. Bounded by the batch size, the vocabulary and the time window, plus: O(n) small arrays (about 70 bytes per
article: day, 20-byte content hash, outlet code, order, background, label, time factor), the time-scale
neighbours (``lag_neighbours`` positions per dated article, 8 bytes each, held during the time-scale pass and
freed before the candidates), the feature rows of the undated articles
(held while dated blocks are compared with them), the candidate graph during clustering (O(edges), at most ``k``
per article; :func:`toolkit.events.cluster.average_linkage` keeps it, and a dict, a set and a few integers per
article, in Python objects) and the returned ``doc_id, event`` table. The window is defined in days, so its size is
the number of articles published within ``window_days``: it grows with the corpus when the corpus gets denser in
time (more articles over the same dates), not when it gets longer. An undated article is
compared with every article, so a corpus with many undated articles costs time quadratic in their number (as in
memory), and each block of undated rows reads the feature files once more.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfTransformer
from tqdm.auto import tqdm

from toolkit.events.align import AlignmentWarning, EventAligner, _content_key, _days, _outlet_codes, corrected_scores
from toolkit.events.cluster import average_linkage
from toolkit.events.features import combine_features, entity_vectorizer, event_documents, word_vectorizer
from toolkit.events.neighbours import CHUNK, block_candidates, undirected_pairs
from toolkit.events.timescale import block_neighbours, window_rows
from toolkit.store.parquet_store import StoreError, counts, iter_batches, load_manifest

PAIRS = "pairs.parquet"
META = "meta.json"
#: Dense similarity rows held at once when a block of undated articles is compared with every article (bytes).
DENSE_BUDGET = 128 * 2**20


@dataclass(frozen=True)
class CandidatePairs:
    """What :func:`candidate_pairs_store` wrote to ``path``.

    Files: ``pairs.parquet`` (``i, j, sim``: directed candidate edges between positions in the aligner's order, in
    block order, time-weighted cosine before background correction; ``store_row_i, store_row_j``: the same articles
    as row numbers in :func:`toolkit.store.iter_batches` order), ``order.npy`` (store row of each aligner position),
    ``background.npy``, ``days.npy`` and ``outlet_codes.npy`` (per aligner position) and ``meta.json`` (counts,
    parameters, the time kernel used, and the seconds each pass took: ``order, sort, vocabulary, features, time scale,
    candidates``).
    """

    path: Path
    n: int
    n_dated: int
    n_edges: int

    def load(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The directed edges ``i, j, sim`` (in block order)."""
        t = pq.read_table(self.path / PAIRS, columns=["i", "j", "sim"])
        return (t.column("i").to_numpy(), t.column("j").to_numpy(), t.column("sim").to_numpy())

    def array(self, name: str) -> np.ndarray:
        """``order``, ``background``, ``days`` or ``outlet_codes``."""
        return np.load(self.path / f"{name}.npy")


def _aligner(aligner: EventAligner | None, params: dict) -> EventAligner:
    if aligner is None:
        aligner = EventAligner(**params)
    elif params:
        raise TypeError("pass either a configured `aligner` or EventAligner parameters, not both")
    if not isinstance(aligner, EventAligner):
        raise TypeError(f"aligner must be a toolkit.events.EventAligner; found {type(aligner).__name__}.")
    if aligner.embeddings:
        raise ValueError("align_store streams the TF-IDF aligner only; the optional sentence-embedding similarity "
                         "(embeddings=True) is not streamed yet. Use embeddings=False here, or align in memory "
                         "with toolkit.events.align_events(articles, embeddings=True).")
    return aligner


# ---------------------------------------------------------------------------------------------- pass 0: order
def _order_pass(store: Path, batch_size: int, progress: bool):
    """Day, content hash and outlet of every stored article (store order) -> the aligner's order."""
    days_parts, key_parts, outlet_parts = [], [], []
    names: dict[str, int] = {}
    total = counts(store).kept
    columns = [c for c in ("published", "outlet", "title", "text") if _has_column(store, c)]
    if "text" not in columns:
        raise StoreError(f"{store}: the store's articles have no 'text' column; event alignment needs it.")
    bar = tqdm(total=total, desc="align: order", unit="doc", disable=not progress)
    has_published = "published" in columns
    for batch in iter_batches(store, batch_size=batch_size, columns=columns):
        n = len(batch)
        days_parts.append(_days(batch["published"] if has_published else None, n))
        outlets = (batch["outlet"].fillna("").astype(str) if "outlet" in batch
                   else pd.Series([""] * n)).to_numpy()
        titles = batch["title"].fillna("").astype(str).to_numpy() if "title" in batch else np.full(n, "")
        texts = batch["text"].fillna("").astype(str).to_numpy()
        key_parts.append(np.array([bytes.fromhex(_content_key(o, t, x)) for o, t, x in zip(outlets, titles, texts)],
                                  dtype="S20"))
        outlet_parts.append(np.array([names.setdefault(o, len(names)) for o in outlets], dtype=np.int64))
        bar.update(n)
    bar.close()
    if not days_parts:
        raise StoreError(f"{store}: the store holds no articles; there is nothing to align.")
    days = np.concatenate(days_parts)
    keys = np.concatenate(key_parts)
    # the same order as EventAligner.fit: dated by time, then undated; ties by content hash (hex order = byte order)
    order = np.lexsort((keys, np.nan_to_num(days, nan=np.inf)))
    name_codes = _outlet_codes(np.array(list(names), dtype=object))
    codes = name_codes[np.concatenate(outlet_parts)][order] if len(names) else np.full(len(days), -1)
    return order, days[order], codes, has_published


def _has_column(store: Path, column: str) -> bool:
    from toolkit.store.parquet_store import _dataset

    return column in _dataset(store).schema.names


# ---------------------------------------------------------------------------------------------- buckets
def _write_buckets(store: Path, work: Path, order: np.ndarray, *, bucket: int, lead_words: int, title_weight: int,
                   batch_size: int, progress: bool) -> int:
    """Write what the aligner reads of each article into bucket files of ``bucket`` articles, by aligner position."""
    n = len(order)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    schema = pa.schema([("pos", pa.int64()), ("doc", pa.string()), ("ents", pa.list_(pa.string()))])
    writers: dict[int, pq.ParquetWriter] = {}
    columns = ["text"] + (["title"] if _has_column(store, "title") else [])
    start = 0
    bar = tqdm(total=n, desc="align: sort", unit="doc", disable=not progress)
    try:
        for batch in iter_batches(store, batch_size=batch_size, columns=columns):
            pos = rank[start:start + len(batch)]
            start += len(batch)
            docs, ents = event_documents(batch, lead_words=lead_words, title_weight=title_weight)
            table = pa.table({"pos": pos, "doc": docs, "ents": ents}, schema=schema)
            b_of = pos // bucket
            for b in np.unique(b_of):
                if b not in writers:
                    writers[b] = pq.ParquetWriter(work / f"bucket-{b:06d}.parquet", schema)
                writers[b].write_table(table.filter(pa.array(b_of == b)))
            bar.update(len(batch))
    finally:
        for w in writers.values():
            w.close()
        bar.close()
    return -(-n // bucket)


def _iter_buckets(work: Path, n_buckets: int) -> Iterator[tuple[list[str], list[list[str]]]]:
    for b in range(n_buckets):
        t = pq.read_table(work / f"bucket-{b:06d}.parquet")
        t = t.take(pa.array(np.argsort(t.column("pos").to_numpy(), kind="stable")))
        yield t.column("doc").to_pylist(), [e or [] for e in t.column("ents").to_pylist()]


# ---------------------------------------------------------------------------------------------- passes 1 and 2
class _Vocabulary:
    """Terms in order of first occurrence (in the aligner's order, as scikit-learn's ``CountVectorizer`` assigns
    them) and their document frequencies, counted batch by batch."""

    def __init__(self, analyzer) -> None:
        self.analyzer = analyzer
        self.index: dict[str, int] = {}
        self.df: list[int] = []
        self.n_docs = 0

    def count(self, docs) -> None:
        index, df = self.index, self.df
        for doc in docs:
            for term in dict.fromkeys(self.analyzer(doc)):
                i = index.get(term)
                if i is None:
                    index[term] = len(df)
                    df.append(1)
                else:
                    df[i] += 1
        self.n_docs += len(docs)

    def freeze(self, vectorizer) -> None:
        """Sort the vocabulary by term (columns as scikit-learn numbers them) and compute the IDF as it does."""
        terms = sorted(self.index)
        self.column = np.empty(len(terms), dtype=np.int64)  # first-occurrence index -> column
        for col, term in enumerate(terms):
            self.column[self.index[term]] = col
        self.transformer = None
        if not terms:
            return
        df = np.empty(len(terms), dtype=np.float64)
        df[self.column] = np.asarray(self.df, dtype=np.float64)
        # TfidfTransformer.fit, step by step (smooth_idf: one extra document containing every term)
        n_samples = self.n_docs
        df += float(vectorizer.smooth_idf)
        n_samples += int(vectorizer.smooth_idf)
        idf = np.full_like(df, fill_value=n_samples, dtype=np.float64)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        tt = TfidfTransformer(norm=vectorizer.norm, use_idf=vectorizer.use_idf, smooth_idf=vectorizer.smooth_idf,
                              sublinear_tf=vectorizer.sublinear_tf)
        tt.idf_ = idf
        tt.n_features_in_ = len(terms)
        self.transformer = tt

    def transform(self, docs) -> sp.csr_matrix:
        """TF-IDF rows with the same entries, in the same storage order, as ``fit_transform`` on the whole corpus."""
        if self.transformer is None:
            return sp.csr_matrix((len(docs), 0))
        indptr = [0]
        indices: list[int] = []
        values: list[int] = []
        index = self.index
        for doc in docs:
            counter: dict[int, int] = {}
            for term in self.analyzer(doc):
                i = index[term]
                counter[i] = counter.get(i, 0) + 1
            firsts = sorted(counter)  # CountVectorizer: sort_indices on first-occurrence ids, then renumber
            indices.extend(firsts)
            values.extend(counter[i] for i in firsts)
            indptr.append(len(indices))
        cols = self.column[np.asarray(indices, dtype=np.int64)].astype(np.int32)
        X = sp.csr_array((np.asarray(values, dtype=np.float64), cols, np.asarray(indptr, dtype=np.int32)),
                         shape=(len(docs), len(self.column)))
        return self.transformer.transform(X, copy=False)


def _features(work: Path, n_buckets: int, a: EventAligner, progress: bool, lap) -> None:
    wv = word_vectorizer(a.ngram_max)
    ev = entity_vectorizer()
    words, ents = _Vocabulary(wv.build_analyzer()), _Vocabulary(ev.build_analyzer())
    for docs, ent in tqdm(_iter_buckets(work, n_buckets), total=n_buckets, desc="align: vocabulary", unit="batch",
                          disable=not progress):
        words.count(docs)
        ents.count(ent)
    words.freeze(wv)
    ents.freeze(ev)
    lap("vocabulary")
    for b, (docs, ent) in enumerate(tqdm(_iter_buckets(work, n_buckets), total=n_buckets, desc="align: features",
                                         unit="batch", disable=not progress)):
        X = combine_features(words.transform(docs), ents.transform(ent), a.entity_weight)
        sp.save_npz(work / f"features-{b:06d}.npz", sp.csr_matrix(X), compressed=False)
        (work / f"bucket-{b:06d}.parquet").unlink()
    lap("features")


class _Rows:
    """Feature rows by aligner position, read from the feature files; keeps only the files still needed."""

    def __init__(self, work: Path, bucket: int, n: int) -> None:
        self.work, self.bucket, self.n = work, bucket, n
        self.cache: dict[int, sp.csr_matrix] = {}

    def file(self, b: int) -> sp.csr_matrix:
        if b not in self.cache:
            self.cache[b] = sp.load_npz(self.work / f"features-{b:06d}.npz").tocsr()
        return self.cache[b]

    def rows(self, lo: int, hi: int) -> sp.csr_matrix:
        parts = []
        for b in range(lo // self.bucket, (hi - 1) // self.bucket + 1):
            first = b * self.bucket
            parts.append(self.file(b)[max(lo, first) - first:min(hi, first + self.bucket) - first])
        return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")

    def forget_below(self, lo: int) -> None:
        for b in [b for b in self.cache if (b + 1) * self.bucket <= lo]:
            del self.cache[b]

    def n_files(self) -> int:
        return -(-self.n // self.bucket)


# ---------------------------------------------------------------------------------------------- candidates
def candidate_pairs_store(
    store: str | Path,
    path: str | Path,
    *,
    batch_size: int = 10_000,
    aligner: EventAligner | None = None,
    progress: bool = True,
    **params,
) -> CandidatePairs:
    """Write a store's event-alignment candidate pairs to ``path`` in chunks (the streaming ``candidate_pairs``).

    Parameters
    ----------
    store : path
        A corpus store (:func:`toolkit.store.ingest`): ``text`` required; ``title``, ``outlet``, ``published`` used.
    path : path
        Output folder (created; its previous contents are replaced). See :class:`CandidatePairs` for the files.
    batch_size : int, default 10000
        Articles read, featurised and held per feature file; the sliding time window holds the files it spans.
    aligner : EventAligner, optional
        A configured aligner; default ``EventAligner(**params)`` (the same defaults as in memory).
    progress : bool
        tqdm bars per pass.
    **params
        :class:`toolkit.events.EventAligner` parameters (only without ``aligner``).

    Returns
    -------
    CandidatePairs

    Notes
    -----
    O(n) small arrays (order, day, outlet code, background, time factor: about 80 bytes per article; during the
    time-scale pass also ``lag_neighbours`` positions per article) are held in memory; texts
    and feature rows are not, except those of the current time window and of the undated articles.
    """
    a = _aligner(aligner, params)
    if not (isinstance(batch_size, int) and batch_size >= 1):
        raise StoreError(f"batch_size must be a positive integer; found {batch_size!r}.")
    store = Path(store)
    load_manifest(store)
    path = Path(path)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 3)
        clock = now

    order, days, codes, has_published = _order_pass(store, batch_size, progress)
    lap("order")
    n = len(order)
    n_dated = int((~np.isnan(days)).sum())
    n_buckets = _write_buckets(store, path, order, bucket=batch_size, lead_words=a.lead_words,
                               title_weight=a.title_weight, batch_size=batch_size, progress=progress)
    lap("sort")
    _features(path, n_buckets, a, progress, lap)
    rows = _Rows(path, batch_size, n)
    factor, kernel = _time_factors(rows, days, n_dated, a, progress)
    lap("time scale")
    background = np.zeros(n)
    opts = dict(k=a.k, min_sim=a.min_sim, window_days=a.window_days, tau_days=a.tau_days,
                grace_days=a.grace_days, background_k=a.background_k, time_factor=factor,
                min_tau_days=a.min_tau_days)
    schema = pa.schema([("i", pa.int64()), ("j", pa.int64()), ("sim", pa.float64()),
                        ("store_row_i", pa.int64()), ("store_row_j", pa.int64())])
    n_edges = 0
    undated = None
    with pq.ParquetWriter(path / PAIRS, schema) as writer:
        def emit(r, c, s):
            nonlocal n_edges
            writer.write_table(pa.table({"i": r.astype(np.int64), "j": c.astype(np.int64), "sim": s,
                                         "store_row_i": order[r], "store_row_j": order[c]}, schema=schema))
            n_edges += len(r)

        for start in tqdm(range(0, n, CHUNK), desc="align: candidates", unit="block", disable=not progress):
            stop = min(start + CHUNK, n)
            block = np.arange(start, stop)
            if stop <= n_dated:
                # the in-memory blocks exactly: window rows lo..hi, then every undated row
                lo = int(np.searchsorted(days[:n_dated], days[start] - a.window_days, side="left"))
                hi = int(np.searchsorted(days[:n_dated], days[stop - 1] + a.window_days, side="right"))
                rows.forget_below(min(lo, start))
                if undated is None and n_dated < n:
                    undated = _Rows(path, batch_size, n).rows(n_dated, n)
                cand = np.concatenate([np.arange(lo, hi), np.arange(n_dated, n)])
                Xc = rows.rows(lo, hi)
                if n_dated < n:
                    Xc = sp.vstack([Xc, undated], format="csr")
                sims = (rows.rows(start, stop) @ Xc.T).toarray()
                r, c, s, background[block] = block_candidates(sims, block, cand, days, **opts)
                emit(r, c, s)
            else:
                # compared with every article: a few rows at a time against each feature file in turn
                undated = None
                rows.cache.clear()
                cand = np.arange(n)
                step = int(max(1, min(CHUNK, DENSE_BUDGET // (8 * n))))
                for s0 in range(start, stop, step):
                    sub = np.arange(s0, min(s0 + step, stop))
                    Xs = _Rows(path, batch_size, n).rows(int(sub[0]), int(sub[-1]) + 1)  # a few rows
                    sims = np.hstack([(Xs @ rows.file(b).T).toarray() for b in _drop_each(rows)])
                    r, c, s, background[sub] = block_candidates(sims, sub, cand, days, **opts)
                    emit(r, c, s)
    for name, arr in (("order", order), ("background", background), ("days", days), ("outlet_codes", codes)):
        np.save(path / f"{name}.npy", arr)
    for f in path.glob("features-*.npz"):
        f.unlink()
    lap("candidates")
    meta = {"seconds": seconds, "n": n, "n_dated": n_dated, "n_edges": n_edges, "has_published": has_published,
            "time_kernel": kernel,
            "params": {k: v for k, v in a.get_params().items() if k != "progress"}}
    (path / META).write_text(json.dumps(meta, indent=1))
    return CandidatePairs(path, n, n_dated, n_edges)


def _time_factors(rows: _Rows, days: np.ndarray, n_dated: int, a: EventAligner, progress: bool):
    """The aligner's per-article time-kernel factors (:mod:`toolkit.events.timescale`), streamed like the candidates.

    The dated blocks and their window rows are those of :func:`toolkit.events.timescale.lag_neighbourhoods`, so
    the factors are the in-memory aligner's. Returns ``(factors or None, summary dict for meta.json)``.
    """
    summary = {"adaptive_time": bool(a.adaptive_time), "lag_share": None, "n_lag_pairs": 0,
               "median_grace_days": float(a.grace_days), "median_tau_days": float(a.tau_days)}
    if not a.adaptive_time:
        return None, summary
    best = np.full(len(days), -1, dtype=np.int64)
    top = np.full((len(days), a.lag_neighbours), -1, dtype=np.int64)
    for start in tqdm(range(0, n_dated, CHUNK), desc="align: time scale", unit="block", disable=not progress):
        stop = min(start + CHUNK, n_dated)
        lo, hi = window_rows(days, n_dated, start, stop, a.window_days)
        rows.forget_below(min(lo, start))
        sims = (rows.rows(start, stop) @ rows.rows(lo, hi).T).toarray()
        best[start:stop], top[start:stop] = block_neighbours(sims, np.arange(start, stop), np.arange(lo, hi), days,
                                                             window_days=a.window_days, k=a.lag_neighbours,
                                                             best_min_sim=a.lag_min_sim)
    rows.cache.clear()
    probe = clone(a)
    factor = probe._factors(best, top, days)
    summary.update(lag_share=probe.lag_share_, n_lag_pairs=probe.n_lag_pairs_, median_grace_days=probe.grace_days_,
                   median_tau_days=probe.tau_days_)
    return factor, summary


def _drop_each(rows: _Rows) -> Iterator[int]:
    """Feature file numbers in order, each dropped from memory after use (one file held at a time)."""
    for b in range(rows.n_files()):
        yield b
        rows.cache.pop(b, None)


# ---------------------------------------------------------------------------------------------- align
def align_store(
    store: str | Path,
    *,
    output: str | Path | None = None,
    batch_size: int = 10_000,
    aligner: EventAligner | None = None,
    workdir: str | Path | None = None,
    progress: bool = True,
    **params,
) -> pd.DataFrame:
    """Group a corpus store's articles into same-event groups, streaming from disk (see the module docstring).

    Parameters
    ----------
    store : path
        A corpus store (:func:`toolkit.store.ingest`).
    output : path, optional
        Also write ``doc_id,event`` to this ``.csv`` or ``.parquet`` file (streamed, store order).
    batch_size : int, default 10000
        Articles per feature file and per read.
    aligner : EventAligner, optional
        A configured aligner; default ``EventAligner(**params)``, the same defaults as
        :func:`toolkit.events.align_events`, which this reproduces exactly.
    workdir : path, optional
        Where the temporary files (sorted features, candidate pairs) go; default a temporary folder, deleted after.
    progress : bool
        tqdm bars.
    **params
        :class:`toolkit.events.EventAligner` parameters (only without ``aligner``).

    Returns
    -------
    DataFrame
        ``doc_id, event`` (``"E00001"`` …, numbered like :func:`toolkit.events.align_events`), one row per stored
        article, in :func:`toolkit.store.iter_batches` order.

    Warns
    -----
    AlignmentWarning
        No article has a date, or only one outlet.
    """
    a = _aligner(aligner, params)
    _check_output(output)
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="align-store-")) if own else Path(workdir)
    try:
        pairs = candidate_pairs_store(store, work / "candidates", batch_size=batch_size, aligner=a,
                                      progress=progress)
        labels = _cluster(pairs, a)
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    return _write_events(Path(store), labels, output, batch_size)


def _cluster(pairs: CandidatePairs, a: EventAligner) -> np.ndarray:
    """Event label of every article, in store order."""
    n = pairs.n
    background = pairs.array("background")
    codes = pairs.array("outlet_codes")
    order = pairs.array("order")
    if pairs.n_dated == 0:
        warnings.warn("no article has a date: every article is aligned by text alone (expect lower precision "
                      "on corpora with many similar events).", AlignmentWarning, stacklevel=3)
    if len(set(codes.tolist()) - {-1}) < 2 and (codes >= 0).any():
        warnings.warn("only one outlet in the store: events are found, but no cross-outlet comparison is "
                      "possible.", AlignmentWarning, stacklevel=3)
    i, j, s = pairs.load()
    r, c, s, _ = undirected_pairs([i], [j], [s], n, background)
    del i, j
    s = corrected_scores(r, c, s, background, pairs.array("days"), background_weight=a.background_weight,
                         undated_penalty=a.undated_penalty)
    keep = s > 0
    r, c, s = r[keep], c[keep], s[keep]
    labels_sorted = average_linkage(n, r, c, s, a.threshold, groups=codes,
                                    shared_group_factor=a.shared_outlet_factor,
                                    small_merge_margin=a.small_merge_margin)
    labels = np.empty(n, dtype=np.int64)
    labels[order] = labels_sorted
    return labels


def _check_output(output) -> Path | None:
    out = Path(output) if output is not None else None
    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise StoreError(f"output must be a .csv or .parquet file (doc_id,event); found {out.name!r}. "
                         "Give a file name ending in .csv or .parquet.")
    return out


def _write_events(store: Path, labels: np.ndarray, output, batch_size: int) -> pd.DataFrame:
    frames = []
    start = 0
    writer = None
    out = _check_output(output)
    try:
        for batch in iter_batches(store, batch_size=batch_size, columns=["doc_id"]):
            lab = labels[start:start + len(batch)]
            start += len(batch)
            frame = pd.DataFrame({"doc_id": batch["doc_id"].astype("string").to_numpy(),
                                  "event": pd.array([f"E{x + 1:05d}" for x in lab], dtype="string")})
            frames.append(frame)
            if out is not None:
                if out.suffix.lower() == ".csv":
                    frame.to_csv(out, mode="w" if writer is None else "a", header=writer is None, index=False)
                    writer = True
                else:
                    table = pa.Table.from_pandas(frame, preserve_index=False)
                    if writer is None:
                        writer = pq.ParquetWriter(out, table.schema)
                    writer.write_table(table)
    finally:
        if writer is not None and writer is not True:
            writer.close()
    if start != len(labels):
        raise StoreError(f"{store}: the store changed while it was aligned ({len(labels)} articles aligned, "
                         f"{start} read back); run align_store again.")
    return pd.concat(frames, ignore_index=True)
