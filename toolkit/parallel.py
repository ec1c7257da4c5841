"""Run the parallel stages on a Dask cluster: the same functions, a ``client=`` argument, identical results.

``client=None`` (the default everywhere) runs in this process. A ``dask.distributed.Client`` spreads the work
over its workers: a laptop's cores (``Client(LocalCluster(n_workers=2, threads_per_worker=1))``) or a cluster
(``Client("tcp://scheduler:8786")``). Results are identical to the in-process path because every piece of work is
a pure function of its input (rows are split into contiguous partitions, or by outlet where a step looks at a
whole outlet, and put back in the original order) and random draws are made on the caller's side from the same
seed (bootstrap resamples).

Stages that take ``client=``:

* cleaning: :func:`toolkit.corpus.clean_articles` (partitioned by outlet, since boilerplate detection looks at
  all of an outlet's articles), :func:`toolkit.store.clean_store`;
* tokenising: :func:`tokenize`, :func:`toolkit.store.build_bow`;
* classifier inference: :func:`predict` (any fitted estimator: FrameClassifier, actor / headline stance …;
  :func:`share` sends a model to the workers once for many calls);
* lexicon scoring: :func:`toolkit.framing.lexicons.lexicon_scores`;
* bootstrap resamples: :func:`toolkit.compare.within_event_contrast` with ``method="bootstrap"``.

Dask is an optional dependency (``pip install "framing-toolkit[scale]"``); nothing here imports it unless a
client is passed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

__all__ = ["n_workers", "partitions", "group_partitions", "map_partitions", "tokenize", "share", "SharedModel",
           "predict"]


def n_workers(client) -> int:
    """Number of worker threads of a Dask client (at least 1)."""
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 — a client-like object without nthreads
        return 1


def partitions(n: int, n_parts: int) -> list[slice]:
    """``n_parts`` (or fewer) contiguous slices covering ``range(n)``, sizes differing by at most one."""
    n_parts = max(1, min(int(n_parts), n)) if n else 1
    bounds = np.linspace(0, n, n_parts + 1).round().astype(int)
    return [slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]


def _check_client(client) -> None:
    if not (hasattr(client, "map") and hasattr(client, "gather") and hasattr(client, "scatter")):
        raise TypeError(f"client= expected a dask.distributed.Client (or None to run in this process); found "
                        f"{type(client).__name__}. Create one with dask.distributed.Client(<scheduler address>).")


def _send(client, value):
    """``value`` for the workers: small plain values as they are, anything else scattered to every worker under a
    key of its own (``hash=False``). With content-hashed keys, two calls that scatter the same object share one
    key, and the first call's release can race the second call's tasks ("lost dependencies")."""
    if value is None or isinstance(value, (str, bytes, int, float, bool)):
        return value
    return client.scatter(value, broadcast=True, hash=False)


def map_partitions(func: Callable, parts: Sequence, *, client=None, broadcast: dict | None = None) -> list:
    """``[func(part, **broadcast) for part in parts]``, on the cluster when ``client`` is given (order kept).

    ``broadcast`` values (a fitted model, a lexicon) are sent to every worker once.
    """
    broadcast = dict(broadcast or {})
    if client is None:
        return [func(p, **{k: _local(v) for k, v in broadcast.items()}) for p in parts]
    _check_client(client)
    shared = {k: v.on(client) if isinstance(v, SharedModel) else _send(client, v) for k, v in broadcast.items()}
    futures = client.map(func, list(parts), pure=False, **shared)
    return client.gather(futures)


# ---------------------------------------------------------------------------------------------- tokenising
def _tokens(texts: list[str], phrases=None, lemmatize=None) -> list[list[str]]:
    from toolkit.tokenize import iter_tokens

    return list(iter_tokens(texts, phrases=phrases, lemmatize=lemmatize))


def tokenize(source, column: str = "text", *, phrases=None, lemmatize=None, client=None,
             n_partitions: int | None = None) -> list[list[str]]:
    """Token lists of every text (:func:`toolkit.tokenize.iter_tokens`), on a Dask cluster when ``client`` is given.

    Parameters
    ----------
    source : DataFrame or sequence of str
        A canonical table (its ``column``) or texts.
    column : str
        Text column of a table.
    phrases, lemmatize
        As in :func:`toolkit.tokenize.iter_tokens`.
    client : dask.distributed.Client, optional
        None tokenises in this process.
    n_partitions : int, optional
        Pieces the texts are cut into (default: twice the cluster's worker threads).
    """
    from toolkit.tokenize import iter_texts

    texts = list(iter_texts(source, column))
    if client is None:
        return _tokens(texts, phrases, lemmatize)
    parts = [texts[s] for s in partitions(len(texts), n_partitions or 2 * n_workers(client))]
    out = map_partitions(_tokens, parts, client=client, broadcast={"phrases": phrases, "lemmatize": lemmatize})
    return [t for part in out for t in part]


# ---------------------------------------------------------------------------------------------- inference
def _rows(X, s):
    """Rows ``s`` (a slice or an index array) of a table, array, sparse matrix or list."""
    if isinstance(X, (pd.DataFrame, pd.Series)):
        return X.iloc[s]
    if isinstance(X, list) and not isinstance(s, slice):
        return [X[i] for i in s]
    return X[s]


def _call(part, model, method: str):
    return getattr(model, method)(part)


def group_partitions(keys, n_parts: int) -> list[np.ndarray]:
    """Row indices of about ``n_parts`` partitions in which all rows with the same key stay together.

    Groups are taken in order of first appearance and cut into partitions of about equal row counts (a group
    larger than a partition is one partition). Concatenated, the partitions are a permutation of ``range(n)``.

    Examples
    --------
    >>> [p.tolist() for p in group_partitions(["a", "b", "a", "c", "b", "c"], 2)]
    [[0, 2, 1, 4], [3, 5]]
    """
    codes, _ = pd.factorize(pd.Series(np.asarray(keys, dtype=object)), use_na_sentinel=False)
    n = len(codes)
    if n == 0:
        return [np.arange(0)]
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes))
    target = n / max(1, int(n_parts))
    parts, start, next_cut = [], 0, target
    for end in ends:
        if end >= next_cut or end == n:
            parts.append(order[start:end])
            start = int(end)
            next_cut = (len(parts) + 1) * target
    return [p for p in parts if len(p)]


class SharedModel:
    """A fitted model already sent to every worker of a Dask cluster (made by :func:`share`).

    Pass it to :func:`predict` in place of the model: calls on the same cluster then reuse the workers' copy
    instead of sending the model again (a few seconds for a model of tens of MB, on every call otherwise).
    It holds the model itself too, so ``client=None`` and other clusters still work.

    Attributes
    ----------
    model : estimator
        The model (refitting it does NOT update the workers' copy: share the refitted model again).
    future : distributed.Future
        The workers' copy.
    """

    def __init__(self, model, client, future) -> None:
        self.model, self.client, self.future = model, client, future

    def on(self, client):
        """The workers' copy on ``client``'s cluster (sent there first if it is another cluster)."""
        if client is self.client:
            return self.future
        return _send(client, self.model)

    def __getattr__(self, name):  # parallel_group_by, classes_ … of the model
        if name in ("model", "client", "future"):
            raise AttributeError(name)
        return getattr(self.model, name)

    def __repr__(self) -> str:
        return f"SharedModel({type(self.model).__name__}, key={getattr(self.future, 'key', None)!r})"


def _local(value):
    """The object itself, or the model inside a :class:`SharedModel` (for running here, without a cluster)."""
    return value.model if isinstance(value, SharedModel) else value


def share(model, client) -> SharedModel:
    """Send a fitted model to every worker once, for repeated :func:`predict` calls on the same cluster.

    Examples
    --------
    >>> shared = share(frame_model, client)                     # doctest: +SKIP
    >>> for batch in batches:                                   # doctest: +SKIP
    ...     labels = predict(shared, batch, client=client)
    """
    _check_client(client)
    return SharedModel(model, client, _send(client, model))


def predict(model, X, *, method: str = "predict", client=None, n_partitions: int | None = None,
            group_by: str | None = None):
    """``model.<method>(X)`` with the rows split over a Dask cluster; the same output as calling it directly.

    Parameters
    ----------
    model : fitted estimator or SharedModel
        Any fitted scikit-learn-style model (FrameClassifier, ActorStanceClassifier, FNC headline stance …), or
        the same already sent to the workers by :func:`share` (repeated calls then skip sending it).
    X : DataFrame, array, sparse matrix or list
        Its input, split into contiguous row blocks.
    method : str
        ``predict``, ``predict_proba``, ``decision_function``, ``transform`` …
    client : dask.distributed.Client, optional
        None calls the model here.
    n_partitions : int, optional
        Row blocks (default: twice the cluster's worker threads).
    group_by : str, optional
        A column of ``X`` whose equal values must stay in one partition, for models that compute features once
        per group (the FNC-1 headline-stance model computes each body's features once for all its headlines).
        Default: the model's ``parallel_group_by`` attribute if it has one, else contiguous row blocks. The
        output is put back in the input's row order either way.

    Returns
    -------
    The pieces joined back in order: arrays stacked (``np.concatenate``), tables concatenated, lists joined.
    """
    if client is None:
        return getattr(_local(model), method)(X)
    n = X.shape[0] if hasattr(X, "shape") else len(X)
    n_parts = n_partitions or 2 * n_workers(client)
    group_by = group_by if group_by is not None else getattr(model, "parallel_group_by", None)
    order = None
    if group_by is not None and isinstance(X, pd.DataFrame) and group_by in X.columns:
        index_parts = group_partitions(X[group_by].to_numpy(), n_parts)
        order = np.concatenate(index_parts)
    else:
        index_parts = partitions(n, n_parts)
    parts = [_rows(X, s) for s in index_parts]
    out = map_partitions(_call, parts, client=client, broadcast={"model": model, "method": method})
    first = out[0]
    if isinstance(first, pd.DataFrame):
        joined = pd.concat(out, ignore_index=True)
    elif isinstance(first, np.ndarray):
        joined = np.concatenate(out, axis=0)
    elif hasattr(first, "tocsr"):
        import scipy.sparse as sp

        joined = sp.vstack(out).tocsr()
    else:
        joined = [x for part in out for x in part]
    if order is None:
        return joined
    back = np.empty(n, dtype=np.int64)
    back[order] = np.arange(n)  # where each input row landed in the partitioned output
    if isinstance(joined, pd.DataFrame):
        return joined.iloc[back].reset_index(drop=True)
    if isinstance(joined, list):
        return [joined[i] for i in back]
    return joined[back]


# ---------------------------------------------------------------------------------------------- cleaning
def _clean_part(part: pd.DataFrame, detect_languages: bool, boilerplate: bool):
    from toolkit.corpus.clean import clean_articles

    return clean_articles(part, detect_languages=detect_languages, boilerplate=boilerplate)


def clean_articles_parallel(articles: pd.DataFrame, client, *, detect_languages: bool = True,
                            boilerplate: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`toolkit.corpus.clean_articles` with the outlets spread over a Dask cluster (same result).

    Boilerplate detection looks at all of one outlet's articles, so the partitions are whole outlets (articles
    without an outlet form one more partition); without boilerplate removal the rows are cut into contiguous
    blocks. Rows and report come back in the table's order.
    """
    _check_client(client)
    n = len(articles)
    work = articles.reset_index(drop=True)
    pos_col = "__pos__"
    work = work.assign(**{pos_col: np.arange(n)})
    ids = work["doc_id"].copy()
    work["doc_id"] = work[pos_col].astype(str)  # unique keys for putting the report back in order
    if boilerplate and "outlet" in work:
        key = work["outlet"].astype("string").fillna("\0missing")
        groups = [g.index.to_numpy() for _, g in work.groupby(key, sort=True, dropna=False)]
        parts = [work.iloc[idx] for idx in groups]
    else:
        parts = [work.iloc[s] for s in partitions(n, 2 * n_workers(client))]
    results = map_partitions(_clean_part, parts, client=client,
                             broadcast={"detect_languages": detect_languages, "boilerplate": boilerplate})
    cleaned = pd.concat([r[0] for r in results], ignore_index=True)
    cleaned = cleaned.sort_values(pos_col, kind="stable").reset_index(drop=True)
    cleaned["doc_id"] = ids.array  # the original values and dtype
    cleaned = cleaned.drop(columns=pos_col)
    cleaned.index = articles.index
    report = pd.concat([r[1] for r in results], ignore_index=True)
    if len(report):
        pos = report["doc_id"].astype(int).to_numpy()
        report = report.iloc[np.argsort(pos, kind="stable")].reset_index(drop=True)
        report["doc_id"] = pd.array(ids.to_numpy()[np.sort(pos)].astype(str), dtype="string")
    report = report.astype("string") if len(report) else pd.DataFrame(
        columns=["doc_id", "step", "removed"]).astype("string")
    return cleaned, report
