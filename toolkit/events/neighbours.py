"""Sparse candidate pairs for event alignment: text similarity, weighted by time, within a window.

No dense ``n × n`` matrix is ever built: rows are processed in chunks, and a dated article is only
compared with articles dated within ``window_days`` of it (plus every undated article). An undated
article is compared with every article, by text alone.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from tqdm.auto import tqdm

#: Rows per block of :func:`candidate_pairs` (a dated block's candidates span its rows' time window).
CHUNK = 512


def time_weight(delta_days: np.ndarray, *, tau_days: float, grace_days: float, window_days: float) -> np.ndarray:
    """Weight of a pair of articles ``delta_days`` apart: 1 within ``grace_days``, then ``exp(-(Δ-grace)/tau)``,
    0 beyond ``window_days``; ``nan`` (an undated article) gives 1 — text alone decides."""
    d = np.abs(delta_days)
    w = np.exp(-np.clip(d - grace_days, 0.0, None) / tau_days)
    w = np.where(d > window_days, 0.0, w)
    return np.where(np.isnan(d), 1.0, w)


def _blend(tfidf: np.ndarray, emb: np.ndarray, weight: float, floor: float) -> np.ndarray:
    """``(1-weight)·tfidf + weight·max(0, (emb - floor) / (1 - floor))`` (float64)."""
    e = np.clip((emb.astype(np.float64) - floor) / (1.0 - floor), 0.0, None)
    return (1.0 - weight) * tfidf + weight * e


def pair_kernel(f_rows: np.ndarray, f_cols: np.ndarray, *, grace_days: float, tau_days: float,
                min_tau_days: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-pair ``(grace, tau)`` from the two articles' factors (their mean; an undated side counts as 1).

    ``f_rows`` (shape (r, 1)) and ``f_cols`` (shape (1, c)) broadcast to the block of pairs.
    """
    f = (np.nan_to_num(f_rows, nan=1.0) + np.nan_to_num(f_cols, nan=1.0)) / 2
    return f * grace_days, np.maximum(min_tau_days, f * tau_days)


def candidate_pairs(
    X: sp.csr_matrix,
    days: np.ndarray,
    *,
    k: int,
    min_sim: float,
    window_days: float,
    tau_days: float,
    grace_days: float,
    background_k: int = 0,
    chunk: int = CHUNK,
    progress: bool = False,
    embeddings: np.ndarray | None = None,
    embedding_weight: float = 0.0,
    embedding_floor: float = 0.0,
    time_factor: np.ndarray | None = None,
    min_tau_days: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each article's ``k`` most similar others (time-weighted cosine ≥ ``min_sim``), as undirected edges.

    Parameters
    ----------
    X : csr_matrix
        L2-normalised document vectors (cosine = dot product); rows sorted by ``days`` with undated
        (``nan``) rows last.
    days : ndarray of float
        Publication time in days (``nan`` when unknown), ascending with ``nan`` last.
    k, min_sim, window_days, tau_days, grace_days
        See :class:`toolkit.events.EventAligner`.
    background_k : int
        Also return each row's background similarity: the sum of its ``background_k`` largest
        weighted similarities divided by ``background_k`` (0 when ``background_k`` is 0).
    chunk : int
        Rows per block (memory is about ``chunk × candidates × 8`` bytes).
    progress : bool
        Show a progress bar.
    embeddings : ndarray (n, d), optional
        Unit-length sentence embeddings of the same rows. When given, a pair's text similarity is
        ``(1-embedding_weight)·cos(X) + embedding_weight·g(cos(E))`` with
        ``g(c) = max(0, (c - embedding_floor) / (1 - embedding_floor))``, before the time weight:
        unrelated news articles have embedding cosines well above 0 (about 0.5 between different
        events of one topic), and the floor maps them to 0 as their TF-IDF cosines are. Only each
        chunk's candidates are compared (no dense ``n × n``).
    embedding_weight, embedding_floor : float
        See ``embeddings``.
    time_factor : ndarray (n,), optional
        Per-row factor of the time kernel (:mod:`toolkit.events.timescale`): a pair uses
        ``grace = f·grace_days``, ``tau = max(min_tau_days, f·tau_days)`` with ``f`` the mean of its
        two rows' factors. None: ``grace_days`` and ``tau_days`` as given, for every pair.
    min_tau_days : float
        Floor of the scaled ``tau`` (with ``time_factor``).

    Returns
    -------
    rows, cols, sims : ndarray
        Each unordered pair once (``rows < cols``), with its weighted similarity.
    background : ndarray
        Background similarity of each row (see ``background_k``).
    """
    n = X.shape[0]
    dated = ~np.isnan(days)
    n_dated = int(dated.sum())
    if n_dated and not np.all(np.diff(days[:n_dated]) >= 0):
        raise ValueError("candidate_pairs expects rows sorted by date with undated rows last")
    Xt = X.T.tocsc()
    out_r: list[np.ndarray] = []
    out_c: list[np.ndarray] = []
    out_s: list[np.ndarray] = []
    background = np.zeros(n)
    starts = range(0, n, chunk)
    for start in tqdm(starts, desc="event candidates", unit="block", disable=not progress, leave=False):
        stop = min(start + chunk, n)
        block = np.arange(start, stop)
        if stop <= n_dated:
            lo = int(np.searchsorted(days[:n_dated], days[start] - window_days, side="left"))
            hi = int(np.searchsorted(days[:n_dated], days[stop - 1] + window_days, side="right"))
            cand = np.concatenate([np.arange(lo, hi), np.arange(n_dated, n)])
        else:
            cand = np.arange(n)
        sims = (X[block] @ Xt[:, cand]).toarray()
        if embeddings is not None:
            sims = _blend(sims, embeddings[block] @ embeddings[cand].T, embedding_weight, embedding_floor)
        r, c, v, background[block] = block_candidates(
            sims, block, cand, days, k=k, min_sim=min_sim, window_days=window_days, tau_days=tau_days,
            grace_days=grace_days, background_k=background_k, time_factor=time_factor, min_tau_days=min_tau_days)
        out_r.append(r)
        out_c.append(c)
        out_s.append(v)
    return undirected_pairs(out_r, out_c, out_s, n, background)


def block_candidates(
    sims: np.ndarray,
    block: np.ndarray,
    cand: np.ndarray,
    days: np.ndarray,
    *,
    k: int,
    min_sim: float,
    window_days: float,
    tau_days: float,
    grace_days: float,
    background_k: int = 0,
    time_factor: np.ndarray | None = None,
    min_tau_days: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One block of :func:`candidate_pairs`: time-weight the block's raw cosines, take each row's top ``k``.

    Parameters
    ----------
    sims : ndarray, shape (len(block), len(cand))
        Cosine similarities of the block's rows (global positions ``block``) with the candidates
        (global positions ``cand``); modified in place.
    block, cand : ndarray of int
        Global row positions.
    days : ndarray of float
        Publication day of every row (global, ``nan`` when unknown).

    Returns
    -------
    rows, cols, sims, background
        Directed edges of the block (row-major, each row's kept top-``k`` in ``argpartition`` order)
        and the background similarity of each block row. Each row's result depends only on its own
        similarities with ``cand`` (and on the order of ``cand``), not on the other rows of the block.
    """
    delta = days[block][:, None] - days[cand][None, :]
    if time_factor is not None:
        grace_days, tau_days = pair_kernel(time_factor[block][:, None], time_factor[cand][None, :],
                                           grace_days=grace_days, tau_days=tau_days, min_tau_days=min_tau_days)
    sims *= time_weight(delta, tau_days=tau_days, grace_days=grace_days, window_days=window_days)
    sims[block[:, None] == cand[None, :]] = 0.0
    background = np.zeros(len(block))
    bk = min(background_k, len(cand) - 1)
    if bk > 0:
        # divided by background_k, not bk: in a small corpus the missing candidates count as 0,
        # so a handful of articles about one event is not mistaken for background
        background = -np.partition(-sims, bk - 1, axis=1)[:, :bk].sum(axis=1) / background_k
    kk = min(k, len(cand) - 1)
    if kk <= 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float), background
    top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
    vals = np.take_along_axis(sims, top, axis=1)
    keep = vals >= min_sim
    r = np.repeat(block, kk).reshape(len(block), kk)[keep]
    c = cand[top][keep]
    return r, c, vals[keep], background


def undirected_pairs(out_r: list[np.ndarray], out_c: list[np.ndarray], out_s: list[np.ndarray], n: int,
                     background: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Concatenate directed block edges (in block order) and keep each unordered pair once (its first edge)."""
    if not out_r:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float), background
    r = np.concatenate(out_r)
    c = np.concatenate(out_c)
    s = np.concatenate(out_s)
    lo, hi = np.minimum(r, c), np.maximum(r, c)
    key = lo.astype(np.int64) * n + hi
    _, first = np.unique(key, return_index=True)
    return lo[first], hi[first], s[first], background
