"""Splits for honest FNC-1 model choice: disjoint in bodies AND in claims (headlines).

FNC-1's official hold-out splits by body only, so the same headlines (claims) appear on both sides and a
model that memorises headline content looks better than it is. Here headlines and bodies are grouped
into *claims*: connected components of the related (agree / disagree / discuss) pairs. A fold holds
whole claims; a pair is used for training only when neither its headline's nor its body's claim is in
the test fold, and for testing only when both are. Pairs that straddle the two sides are left out.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from .fnc_score import RELATED


def claim_groups(pairs: pd.DataFrame, *, headline: str = "headline", body: str = "body_id",
                 label: str = "label") -> tuple[np.ndarray, np.ndarray]:
    """Claim id of each pair's headline and of its body (connected components of related pairs).

    Returns
    -------
    head_group, body_group : ndarray of int
        One entry per row of ``pairs``.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    h_codes, h_uni = pd.factorize(pairs[headline].astype(str))
    b_codes, b_uni = pd.factorize(pairs[body].astype(str))
    nh, nb = len(h_uni), len(b_uni)
    rel = pairs[label].astype(str).isin(RELATED).to_numpy()
    rows, cols = h_codes[rel], nh + b_codes[rel]
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(nh + nb, nh + nb))
    _, comp = connected_components(graph, directed=False)
    return comp[h_codes], comp[nh + b_codes]


def claim_disjoint_folds(pairs: pd.DataFrame, n_splits: int = 5, *, random_state: int = 0,
                         **columns) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(train_index, test_index)`` for ``n_splits`` folds disjoint in bodies and claims.

    Claims are assigned to folds at random (seeded); see the module docstring for which pairs are used.
    """
    if n_splits < 2:
        raise ValueError(f"n_splits must be at least 2; found {n_splits}.")
    hg, bg = claim_groups(pairs, **columns)
    uni = np.unique(np.concatenate([hg, bg]))
    rng = np.random.default_rng(random_state)
    fold_of = dict(zip(uni, rng.permutation(len(uni)) % n_splits))
    hf = np.array([fold_of[g] for g in hg])
    bf = np.array([fold_of[g] for g in bg])
    for k in range(n_splits):
        yield np.flatnonzero((hf != k) & (bf != k)), np.flatnonzero((hf == k) & (bf == k))


def official_holdout(pairs: pd.DataFrame, *, body: str = "body_id", test_size: float = 0.2,
                     random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Body-disjoint hold-out as FNC-1's baseline makes it (a random ``test_size`` of bodies); headlines repeat."""
    bodies = np.unique(pairs[body].astype(str))
    rng = np.random.default_rng(random_state)
    test_bodies = set(rng.choice(bodies, size=int(round(test_size * len(bodies))), replace=False))
    is_test = pairs[body].astype(str).isin(test_bodies).to_numpy()
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)
