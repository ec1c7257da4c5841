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


def prevalence_by_outlet(model: LdaTopics, bow: BowCorpus, *, by: str = "outlet",
                         progress: bool = True) -> pd.DataFrame:
    """Mean topic share per group (outlet), accumulated chunk by chunk (memory: one chunk).

    Returns
    -------
    DataFrame
        ``group, topic, label, share, n_articles``: the mean share of each topic over the group's documents
        that have topic shares (documents with no known term are left out), sorted by group then topic.
        For contrasts with intervals within events, pass a sample of the doc-topic table
        (:func:`doc_topics`) to :func:`toolkit.topics.topic_prevalence`.
    """
    sums: dict[str, np.ndarray] = {}
    ns: dict[str, int] = {}
    K = len(model.topic_names_)
    for frame in iter_doc_topics(model, bow, columns=[by], progress=progress):
        theta = frame[model.topic_names_].to_numpy()
        ok = ~np.isnan(theta).any(axis=1)
        groups = frame[by].astype("string").fillna("(missing)").to_numpy()[ok]
        if not ok.any():
            continue
        codes, uniq = pd.factorize(groups, sort=True)
        part = np.zeros((len(uniq), K))
        np.add.at(part, codes, theta[ok])
        cnt = np.bincount(codes, minlength=len(uniq))
        for j, g in enumerate(uniq):
            sums[g] = sums.get(g, np.zeros(K)) + part[j]
            ns[g] = ns.get(g, 0) + int(cnt[j])
    rows = [{"group": g, "topic": name, "label": model.labels_[name], "share": sums[g][k] / ns[g],
             "n_articles": ns[g]} for g in sorted(sums) for k, name in enumerate(model.topic_names_)]
    return pd.DataFrame(rows, columns=["group", "topic", "label", "share", "n_articles"])
