"""Streaming (Poisson) bootstrap weights: resampling that needs one pass and no list of the units.

The ordinary bootstrap draws n units with replacement, so it needs all n units in memory. The Poisson bootstrap
(Hanley & MacGibbon 2006; Chamandy et al. 2012, "Estimating uncertainty for massive data streams") gives every
unit an independent Poisson(1) weight in each replicate instead; for more than a few dozen units it matches the
multinomial bootstrap, and it can be computed chunk by chunk. Here the weight of a unit in replicate ``b`` is a
pure function of ``(seed, unit key, b)`` (a hash, not a random stream), so:

* the same unit gets the same weight wherever it appears (every article of a resampled event shares its weight:
  a cluster bootstrap when the key is the event), in whatever chunk and on whichever Dask worker;
* the result does not depend on the chunk size or the row order, and the same seed gives the same intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["poisson_weights", "unit_keys"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
# P(Poisson(1) <= k) for k = 0 … 19: the weight is the number of cumulative probabilities a uniform draw exceeds
_CDF = np.cumsum([np.exp(-1.0) / np.prod(np.arange(1, k + 1, dtype=float)) for k in range(20)])


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser (Steele et al. 2014): a well-mixed 64-bit hash of each value (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        x = x + _GOLDEN
        x = (x ^ (x >> np.uint64(30))) * _M1
        x = (x ^ (x >> np.uint64(27))) * _M2
        return x ^ (x >> np.uint64(31))


def unit_keys(values) -> np.ndarray:
    """64-bit keys of the resampling units (their values as strings; deterministic across processes)."""
    return pd.util.hash_array(np.asarray([str(v) for v in values], dtype=object))


def poisson_weights(keys: np.ndarray, n_boot: int, seed: int = 0) -> np.ndarray:
    """Poisson(1) bootstrap weights, shape ``(len(keys), n_boot)``, a function of ``(seed, key, replicate)`` only.

    Parameters
    ----------
    keys : ndarray of uint64
        One key per row (:func:`unit_keys`); rows with the same key get the same weights.
    n_boot : int
        Replicates.
    seed : int
        Different seeds give independent replicates.

    Returns
    -------
    ndarray of float, shape (n, n_boot)

    Examples
    --------
    >>> w = poisson_weights(unit_keys(range(20_000)), 50)
    >>> round(float(w.mean()), 2), round(float(w.var()), 1)
    (1.0, 1.0)
    """
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1; got {n_boot}.")
    keys = np.asarray(keys, dtype=np.uint64)
    salt = _splitmix64(np.asarray([seed], dtype=np.uint64))[0]
    with np.errstate(over="ignore"):
        base = _splitmix64(keys ^ salt)
        x = _splitmix64(base[:, None] + np.arange(n_boot, dtype=np.uint64)[None, :] * _GOLDEN)
    u = (x >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
    return np.searchsorted(_CDF, u, side="right").astype(np.float64)
