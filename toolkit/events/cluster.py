"""Average-linkage agglomerative clustering on a sparse similarity graph.

SciPy and scikit-learn implement average linkage on dense distance matrices (``n²`` memory), or,
with a connectivity graph, average only over the pairs in the graph. Here a missing edge means
similarity 0, so the score of two clusters is the true average pairwise similarity
``sum(edges between A and B) / (|A| · |B|)`` — the UPGMA criterion — computed from a sparse graph
of candidate pairs in ``O(E log E)`` time and ``O(E)`` memory.
"""

from __future__ import annotations

import heapq

import numpy as np


def average_linkage(n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, threshold: float, *,
                    groups: np.ndarray | None = None, shared_group_factor: float = 1.0,
                    max_shared: int = 1, small_merge_margin: float = 0.0) -> np.ndarray:
    """Cluster ``n`` items by average linkage, stopping when no pair of clusters scores ``≥ threshold``.

    Parameters
    ----------
    n : int
        Number of items (nodes ``0 … n-1``).
    rows, cols, sims : ndarray
        Undirected weighted edges ``(rows[e], cols[e], sims[e])``; each unordered pair at most once,
        no self-loops. Pairs without an edge count as similarity 0.
    threshold : float
        Merge two clusters only while their score is at least this.
    groups : ndarray of int, optional
        A group code per item (e.g. its outlet; ``-1`` = no group). With ``shared_group_factor < 1``,
        the score of two clusters is their average similarity times ``shared_group_factor ** c``,
        where ``c`` is the number of groups present in both, capped at ``max_shared``: a soft
        preference for one item per group per cluster, never a hard rule.
    shared_group_factor : float, default 1.0
        See ``groups`` (1.0: plain average linkage).
    small_merge_margin : float, default 0.0
        Subtracted from the score as ``margin / sqrt(|A|·|B|)``: a merge resting on a single pair of
        items must clear ``threshold + margin``, while a merge backed by many pairs (two halves of a
        large event) needs little more than ``threshold`` — an average over many pairs is better
        evidence than one similarity.
    max_shared : int, default 1
        Cap on ``c``: with 1, two clusters sharing outlets pay the factor once, however many they
        share (events with several articles per outlet still merge).

    Returns
    -------
    ndarray of int
        Cluster label of every item, ``0 … n_clusters-1``, numbered by each cluster's smallest item.

    Notes
    -----
    Ties between equally similar pairs are broken by the smaller item indices, so the result
    depends on the order of the items; callers that must not depend on row order put the items
    in a content-derived order first.
    """
    adj: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, s in zip(rows.tolist(), cols.tolist(), sims.tolist()):
        if a == b:
            continue
        adj[a][b] = s
        adj[b][a] = s
    size = [1] * n
    parent = list(range(n))
    use_groups = groups is not None and shared_group_factor != 1.0
    members: list[set[int]] = [({int(groups[i])} - {-1}) if use_groups else set() for i in range(n)]

    def score(a: int, b: int, total: float) -> float:
        avg = total / (size[a] * size[b])
        if use_groups:
            shared = len(members[a] & members[b]) if len(members[a]) <= len(members[b]) else len(members[b] & members[a])
            if shared:
                avg *= shared_group_factor ** min(shared, max_shared)
        if small_merge_margin:
            avg -= small_merge_margin / (size[a] * size[b]) ** 0.5
        return avg

    heap = [(-score(a, b, s), a, b) for a in range(n) for b, s in adj[a].items() if a < b]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if parent[a] != a or parent[b] != b:
            continue
        total = adj[a].get(b)
        if total is None:
            continue
        avg = score(a, b, total)
        if abs(avg + neg) > 1e-12:
            continue  # stale entry: the pair's average changed after an earlier merge
        if avg < threshold:
            break
        keep, gone = (a, b) if len(adj[a]) >= len(adj[b]) else (b, a)
        del adj[keep][gone]
        for c, s in adj[gone].items():
            if c == keep:
                continue
            del adj[c][gone]
            merged = adj[keep].get(c, 0.0) + s
            adj[keep][c] = merged
            adj[c][keep] = merged
        adj[gone] = {}
        parent[gone] = keep
        size[keep] += size[gone]
        if use_groups:
            members[keep] |= members[gone]
            members[gone] = set()
        for c, s in adj[keep].items():
            lo, hi = (keep, c) if keep < c else (c, keep)
            heapq.heappush(heap, (-score(keep, c, s), lo, hi))
    roots = np.array([_find(parent, i) for i in range(n)], dtype=np.int64)
    _, labels = np.unique(roots, return_inverse=True)
    # number clusters by their smallest member
    first = np.full(labels.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(n))
    rank = np.empty_like(first)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[labels] if n else labels


def _find(parent: list[int], i: int) -> int:
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root
