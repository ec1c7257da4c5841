"""Exact duplicate texts across a whole corpus store, streamed: the store-wide ``exact_dup_of``.

:func:`toolkit.corpus.validate` flags exact duplicates (:mod:`toolkit.corpus.exact_duplicates`) within the table it
is given, so a store ingested in batches flags them within each batch only. :func:`store_exact_duplicates` applies
the same definition to the whole store in two streamed passes:

1. every article's normalised-text hash (8-byte BLAKE2b of :func:`~toolkit.corpus.exact_duplicates.exact_text_key`)
   and publication time, 16 bytes per article;
2. for the articles whose hash occurs more than once only: their ``doc_id`` and a second, independent 128-bit
   BLAKE2b digest of the normalised text, which groups them (a 64-bit collision alone never pairs two texts; both
   colliding has probability about 2⁻¹⁹²). Columnar, so memory stays at a few dozen bytes per candidate even
   when most of a corpus repeats.

"First" is as in memory: earliest ``published`` (missing dates last), then the smaller ``doc_id``.
:func:`toolkit.store.clean_store` writes the result into the cleaned store's ``exact_dup_of`` column.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from toolkit.corpus.exact_duplicates import EXACT_DUP_COLUMN, exact_text_key, later_copies
from toolkit.store.parquet_store import counts, iter_batches

__all__ = ["store_exact_duplicates"]

_NO_DATE = np.iinfo(np.int64).max


_IDS = pd.StringDtype("pyarrow")  # doc_ids of the candidates, stored compactly


def _hash(key: str) -> int:
    """64-bit hash of a normalised text, never 0 (0 marks an empty text)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True) or 1


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16, person=b"exact-dup-group").digest()


def store_exact_duplicates(store: str | Path, *, batch_size: int = 10_000, progress: bool = True) -> pd.Series:
    """The first article of every later article whose normalised text repeats another's, over the whole store.

    Parameters
    ----------
    store : path
        A corpus store (:func:`toolkit.store.ingest`).
    batch_size : int
        Rows read at a time.
    progress : bool
        tqdm bars over the two passes.

    Returns
    -------
    Series of string
        Indexed by ``doc_id`` (only the later duplicates), value: the ``doc_id`` of the group's first article,
        named ``exact_dup_of``. Empty texts are never duplicates. Equal to
        :func:`~toolkit.corpus.exact_duplicates.flag_exact_duplicates` on the whole table read into memory.
    """
    total = -(-counts(store).kept // batch_size)
    hashes, times = [], []
    for batch in tqdm(iter_batches(store, batch_size=batch_size, columns=["text", "published"]), total=total,
                      desc="duplicates: hash", unit="batch", disable=not progress):
        keys = [exact_text_key(t) for t in batch["text"]]
        hashes.append(np.fromiter((_hash(k) if k else 0 for k in keys), dtype=np.int64, count=len(keys)))
        published = pd.to_datetime(batch["published"], utc=True, errors="coerce")
        ns = published.to_numpy(dtype="datetime64[ns]").view(np.int64).copy()
        ns[published.isna().to_numpy()] = _NO_DATE
        times.append(ns)
    h = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.int64)
    t = np.concatenate(times) if times else np.zeros(0, dtype=np.int64)
    empty = pd.Series(pd.array([], dtype="string"), index=pd.Index([], dtype="string", name="doc_id"),
                      name=EXACT_DUP_COLUMN)
    _, inverse, n_of = np.unique(h, return_inverse=True, return_counts=True)
    candidate = (n_of[inverse] > 1) & (h != 0)
    del inverse
    if not candidate.any():
        return empty
    parts = []
    start = 0
    for batch in tqdm(iter_batches(store, batch_size=batch_size, columns=["doc_id", "text"]), total=total,
                      desc="duplicates: groups", unit="batch", disable=not progress):
        pos = np.flatnonzero(candidate[start:start + len(batch)])
        if len(pos):
            digests = np.frombuffer(b"".join(_digest(exact_text_key(batch["text"].iat[p])) for p in pos.tolist()),
                                    dtype=np.int64).reshape(-1, 2)
            parts.append(pd.DataFrame({"key1": digests[:, 0], "key2": digests[:, 1], "published": t[start + pos],
                                       "doc_id": batch["doc_id"].iloc[pos].astype(_IDS).reset_index(drop=True),
                                       "pos": start + pos}))
        start += len(batch)
    later = later_copies(pd.concat(parts, ignore_index=True), ["key1", "key2"])  # missing dates: int64 max, last
    if later.empty:
        return empty
    out = pd.Series(pd.array(later["first"].to_numpy(dtype=object), dtype="string"),
                    index=pd.Index(later["doc_id"].to_numpy(dtype=object), dtype="string", name="doc_id"),
                    name=EXACT_DUP_COLUMN)
    return out.sort_index()
