"""How sharply time should separate events, estimated from the corpus itself (no gold labels).

Corpora differ in how the articles about one event spread over time. In some (NeuS, PAC) the articles
of a story are published on the same day, and a story on the next day is a different story; in others
(BASIL, a wire-service corpus with follow-ups) the same event is covered over two or three days. A
time weight that suits the second kind merges next-day stories in the first; one that suits the first
splits events in the second.

The aligner therefore looks at pairs of dated articles that are very likely about the same event —
**mutual best text neighbours**: each is the other's most similar dated article (by text alone) within
``window_days`` — and measures how often such a pair was published on *different* days
(``|Δ| ≥ 0.5`` day). That share ``s`` (shrunk towards 0.5 by ``prior`` pseudo-pairs, so a corpus with few
pairs keeps the default kernel) scales the time kernel:

    ``factor = min(1, s / reference) ** power``;
    ``grace_days = factor · grace_days``, ``tau_days = max(min_tau_days, factor · tau_days)``.

A corpus whose same-event pairs spread over days as often as ``reference`` or more keeps the default
kernel; a corpus whose pairs are nearly all same-day gets a sharp one. The rule has three numbers
(``reference = 0.4``, ``power = 2`` and the floor of 0.5 day), chosen once with every other default on the
benchmark corpora (``benchmarks/events.py quality``), not per corpus: ``power = 2`` rather than 1 (a
linear scaling) lifted NeuS from 0.926 to 0.951 and the mixed input from 0.904 to 0.923, with BASIL, PAC and
the demos unchanged. Only the lags of the pairs are used: no ``doc_id``,
no row order, no gold.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from tqdm.auto import tqdm

from .neighbours import CHUNK


def block_best(sims: np.ndarray, block: np.ndarray, cand: np.ndarray, days: np.ndarray, *,
               window_days: float) -> tuple[np.ndarray, np.ndarray]:
    """Each block row's most similar candidate within ``window_days`` (raw cosine; itself excluded).

    Parameters
    ----------
    sims : ndarray, shape (len(block), len(cand))
        Raw cosine similarities of the block's rows with the candidates; modified in place.
    block, cand : ndarray of int
        Global positions (``cand`` ascending: ties go to the earliest candidate).
    days : ndarray of float
        Day of every row (global).

    Returns
    -------
    best : ndarray of int
        Global position of each row's best candidate, ``-1`` when no candidate has a similarity > 0.
    best_sim : ndarray of float
    """
    far = np.abs(days[block][:, None] - days[cand][None, :]) > window_days
    sims[far] = 0.0
    sims[block[:, None] == cand[None, :]] = 0.0
    if sims.shape[1] == 0:
        return np.full(len(block), -1, dtype=np.int64), np.zeros(len(block))
    j = np.argmax(sims, axis=1)
    val = sims[np.arange(len(block)), j]
    best = np.where(val > 0, cand[j], -1).astype(np.int64)
    return best, val


def best_dated_neighbours(X: sp.csr_matrix, days: np.ndarray, *, window_days: float, chunk: int = CHUNK,
                          progress: bool = False) -> np.ndarray:
    """Each dated row's most similar other dated row within ``window_days`` (``-1``: none; undated rows: ``-1``).

    ``X`` holds L2-normalised rows sorted by ``days``, undated (``nan``) rows last, as in
    :func:`toolkit.events.neighbours.candidate_pairs`; no dense ``n × n`` matrix is built.
    """
    n = X.shape[0]
    n_dated = int((~np.isnan(days)).sum())
    best = np.full(n, -1, dtype=np.int64)
    Xt = X[:n_dated].T.tocsc()
    for start in tqdm(range(0, n_dated, chunk), desc="event time scale", unit="block", disable=not progress,
                      leave=False):
        stop = min(start + chunk, n_dated)
        block = np.arange(start, stop)
        lo = int(np.searchsorted(days[:n_dated], days[start] - window_days, side="left"))
        hi = int(np.searchsorted(days[:n_dated], days[stop - 1] + window_days, side="right"))
        cand = np.arange(lo, hi)
        sims = (X[block] @ Xt[:, cand]).toarray()
        best[block] = block_best(sims, block, cand, days, window_days=window_days)[0]
    return best


def mutual_lags(best: np.ndarray, days: np.ndarray) -> np.ndarray:
    """``|Δ days|`` of every pair of rows that are each other's best neighbour (each pair once)."""
    i = np.flatnonzero(best >= 0)
    i = i[(best[i] > i) & (best[best[i]] == i)]
    return np.abs(days[best[i]] - days[i])


def lag_share(lags: np.ndarray, *, prior: float = 5.0) -> float:
    """Share of pairs published on different days (``|Δ| ≥ 0.5``), shrunk towards 0.5 by ``prior`` pseudo-pairs."""
    lags = np.asarray(lags, dtype=float)
    return float(((lags >= 0.5).sum() + 0.5 * prior) / (len(lags) + prior))


def scaled_kernel(share: float, *, grace_days: float, tau_days: float, reference: float, power: float,
                  min_tau_days: float) -> tuple[float, float]:
    """``(grace, tau)`` of the time weight for a corpus whose same-event pairs span days with share ``share``."""
    if not reference > 0:
        raise ValueError(f"lag_reference must be > 0; got {reference!r}.")
    if not power > 0:
        raise ValueError(f"lag_power must be > 0; got {power!r}.")
    factor = min(1.0, share / reference) ** power
    return factor * grace_days, max(min_tau_days, factor * tau_days)
