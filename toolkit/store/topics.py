"""LDA trained from a serialized bag-of-words corpus, and topic prevalence by outlet, both streaming from disk.

:func:`fit_lda` returns an ordinary :class:`toolkit.topics.LdaTopics` (so ``top_terms``, labels, ``save`` and
``transform`` on new texts all work) whose gensim model was trained by streaming :class:`~toolkit.store.BowCorpus`
(online variational Bayes, ``chunksize`` documents per update). :func:`doc_topics` and
:func:`prevalence_by_outlet` infer each document's topic shares chunk by chunk; the shares equal
``model.transform`` on the same documents held in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from toolkit.store.bow import BowCorpus
from toolkit.topics import LdaTopics
from toolkit.topics._base import topic_names


def fit_lda(bow: BowCorpus | str | Path, n_topics: int = 10, *, passes: int = 1, iterations: int = 50,
            chunksize: int = 2000, alpha="symmetric", eta=None, random_state: int = 0) -> LdaTopics:
    """Fit LDA (gensim ``LdaModel``) by streaming a serialized bag-of-words corpus from disk.

    Parameters
    ----------
    bow : BowCorpus or path
        Written by :func:`toolkit.store.build_bow` (its vocabulary filters apply).
    n_topics, passes, iterations, chunksize, alpha, eta, random_state
        As in :class:`toolkit.topics.LdaTopics`. One pass over a large corpus is usually enough (online LDA).

    Returns
    -------
    LdaTopics
        Fitted; ``n_documents_`` is the corpus size.
    """
    bow = bow if isinstance(bow, BowCorpus) else BowCorpus(bow)
    model = LdaTopics(n_topics, passes=passes, iterations=iterations, chunksize=chunksize, alpha=alpha, eta=eta,
                      random_state=random_state)
    model._check_params()
    dictionary = bow.dictionary
    model.phrases_ = None
    model.dictionary_ = dictionary
    model.vocabulary_ = [dictionary[i] for i in range(len(dictionary))]
    model.term_frequency_ = bow.term_frequency
    model.n_documents_ = len(bow)
    model.topic_names_ = topic_names(n_topics)
    model._fit_bows(bow.mm, len(dictionary))
    model.labels_ = {name: model._default_label(k) for k, name in enumerate(model.topic_names_)}
    return model


def iter_doc_topics(model: LdaTopics, bow: BowCorpus, *, columns: Sequence[str] = (),
                    progress: bool = True) -> Iterator[pd.DataFrame]:
    """Doc-topic tables (``doc_id``, kept ``columns``, one share column per topic), one chunk at a time.

    Deterministic and equal to ``model.transform`` on the same documents: inference restarts from
    ``model.random_state`` and walks the corpus in ``model.chunksize`` chunks, as ``transform`` does.
    Documents with no term in the vocabulary get NaN shares.
    """
    from gensim.utils import get_random_state

    model.model_.random_state = get_random_state(model.random_state)
    step = max(1, int(model.chunksize))
    docs = bow.iter_documents(step, columns=["doc_id", *columns])
    bar = tqdm(total=len(bow), desc="topic shares", unit="doc", disable=not progress)
    for chunk, meta in zip(bow.chunks(step), docs):
        gamma, _ = model.model_.inference(chunk)
        theta = gamma / gamma.sum(axis=1, keepdims=True)
        theta[[not d for d in chunk]] = np.nan
        out = pd.DataFrame(theta, columns=model.topic_names_)
        for i, c in enumerate(["doc_id", *columns]):
            out.insert(i, c, meta[c].to_numpy())
        bar.update(len(chunk))
        yield out
    bar.close()


def doc_topics(model: LdaTopics, bow: BowCorpus, path: str | Path | None = None, *,
               progress: bool = True) -> pd.DataFrame | Path:
    """All documents' topic shares: a DataFrame, or written chunk by chunk to the Parquet file ``path``."""
    if path is None:
        return pd.concat(list(iter_doc_topics(model, bow, progress=progress)), ignore_index=True)
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    try:
        for frame in iter_doc_topics(model, bow, progress=progress):
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return Path(path)


def prevalence_by_outlet(model: LdaTopics, bow: BowCorpus, *, by: str = "outlet", n_boot: int = 200,
                         ci: float = 0.95, resample: str | None = "event_id", seed: int = 0,
                         progress: bool = True) -> pd.DataFrame:
    """Mean topic share per group (outlet) with bootstrap intervals, accumulated chunk by chunk (memory: one chunk).

    Parameters
    ----------
    model : LdaTopics
        Fitted topic model (e.g. :func:`fit_lda`).
    bow : BowCorpus
        The documents (:func:`toolkit.store.build_bow`).
    by : str, default "outlet"
        Per-document column of ``bow`` that names the groups.
    n_boot : int, default 200
        Bootstrap replicates (0: no intervals, ``ci_low``/``ci_high`` are NaN).
    ci : float, default 0.95
        Interval coverage (percentile interval).
    resample : str or None, default "event_id"
        Per-document column naming the unit that is resampled: with ``"event_id"`` every article of an event
        gets the same weight (a cluster bootstrap over events, as :func:`toolkit.compare.within_event_contrast`
        resamples events), so articles of one event are not counted as independent evidence. Articles with
        no value there are their own unit. ``None``, or a column the corpus does not have, resamples articles;
        the ``resampled`` column of the result says which was done.
    seed : int, default 0
        Same seed, same intervals.
    progress : bool, default True

    Returns
    -------
    DataFrame
        ``group, topic, label, share, ci_low, ci_high, n_articles, resampled``: the mean share of each topic
        over the group's documents that have topic shares (documents with no known term are left out), sorted
        by group then topic.

    Notes
    -----
    Intervals come from a streaming Poisson bootstrap (:mod:`toolkit.store.bootstrap`): each unit's weight in
    each replicate is a hash of (seed, unit, replicate), so one pass suffices, memory holds ``n_boot`` sums per
    group and topic, and the result does not depend on chunking or row order. For contrasts between outlets
    *within* events (event fixed effects), pass the doc-topic table (:func:`doc_topics`) to
    :func:`toolkit.compare.within_event_contrast`.
    """
    from toolkit.store.bootstrap import poisson_weights, unit_keys

    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1 (e.g. 0.95); got {ci}.")
    if n_boot < 0:
        raise ValueError(f"n_boot must be 0 (no intervals) or more; got {n_boot}.")
    columns = bow.document_columns
    unit_col = resample if resample is not None and resample in columns and resample != by else None
    resampled = unit_col or "article"
    sums: dict[str, np.ndarray] = {}
    ns: dict[str, int] = {}
    boot_w: dict[str, np.ndarray] = {}
    boot_wt: dict[str, np.ndarray] = {}
    K = len(model.topic_names_)
    extra = [by] + ([unit_col] if unit_col else [])
    for frame in iter_doc_topics(model, bow, columns=extra, progress=progress):
        theta = frame[model.topic_names_].to_numpy()
        ok = ~np.isnan(theta).any(axis=1)
        if not ok.any():
            continue
        groups = frame[by].astype("string").fillna("(missing)").to_numpy()[ok]
        theta = theta[ok]
        codes, uniq = pd.factorize(groups, sort=True)
        part = np.zeros((len(uniq), K))
        np.add.at(part, codes, theta)
        cnt = np.bincount(codes, minlength=len(uniq))
        if n_boot:
            doc_units = ("doc:" + frame["doc_id"].astype(str)).to_numpy()[ok]
            if unit_col:
                units = frame[unit_col].astype("string").to_numpy()[ok]
                has = pd.notna(units)
                doc_units = np.where(has, np.asarray(["event:" + str(u) for u in units], dtype=object), doc_units)
            W = poisson_weights(unit_keys(doc_units), n_boot, seed)
        for j, g in enumerate(uniq):
            sums[g] = sums.get(g, np.zeros(K)) + part[j]
            ns[g] = ns.get(g, 0) + int(cnt[j])
            if n_boot:
                rows = codes == j
                boot_w[g] = boot_w.get(g, np.zeros(n_boot)) + W[rows].sum(axis=0)
                boot_wt[g] = boot_wt.get(g, np.zeros((n_boot, K))) + W[rows].T @ theta[rows]
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    rows = []
    for g in sorted(sums):
        if n_boot:
            w = boot_w[g]
            means = np.full((n_boot, K), np.nan)
            np.divide(boot_wt[g], w[:, None], out=means, where=w[:, None] > 0)  # a replicate may miss the group
            lo, hi = np.nanquantile(means, lo_q, axis=0), np.nanquantile(means, hi_q, axis=0)
        else:
            lo = hi = np.full(K, np.nan)
        for k, name in enumerate(model.topic_names_):
            rows.append({"group": g, "topic": name, "label": model.labels_[name], "share": sums[g][k] / ns[g],
                         "ci_low": float(lo[k]), "ci_high": float(hi[k]), "n_articles": ns[g],
                         "resampled": resampled})
    return pd.DataFrame(rows, columns=["group", "topic", "label", "share", "ci_low", "ci_high", "n_articles",
                                       "resampled"])
