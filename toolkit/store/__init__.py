"""Corpora larger than memory: a Parquet corpus store read and written in batches, streaming LDA.

>>> from toolkit.store import ingest, clean_store, build_bow, fit_lda, prevalence_by_outlet
>>> ingest("articles.jsonl", "store/raw", clean=False)          # doctest: +SKIP
>>> clean_store("store/raw", "store/clean")                     # doctest: +SKIP
>>> bow = build_bow("store/clean", "store/bow")                  # doctest: +SKIP
>>> lda = fit_lda(bow, n_topics=20)                               # doctest: +SKIP
>>> prevalence_by_outlet(lda, bow)           # shares + event-bootstrap intervals  # doctest: +SKIP
>>> align_store("store/clean", output="events.csv")              # doctest: +SKIP

Peak memory is bounded by the batch size, the vocabulary and the model, not by the number of articles. The
in-memory API (:func:`toolkit.corpus.read`, :func:`toolkit.datasets.load_dataset`) is unchanged for small corpora.
"""

from toolkit.store.bow import BowCorpus, build_bow
from toolkit.store.duplicates import store_exact_duplicates
from toolkit.store.events import CandidatePairs, align_store, candidate_pairs_store
from toolkit.store.parquet_store import (StoreCounts, StoreError, clean_store, counts, ingest, iter_batches,
                                         load_manifest, map_store, read_quarantine, read_store, remove_store,
                                         write_batches)
from toolkit.store.topics import doc_topics, fit_lda, iter_doc_topics, prevalence_by_outlet

__all__ = [
    "BowCorpus", "CandidatePairs", "StoreCounts", "StoreError", "align_store", "build_bow", "candidate_pairs_store",
    "clean_store", "counts", "doc_topics", "fit_lda", "ingest", "iter_batches", "iter_doc_topics", "load_manifest",
    "map_store", "prevalence_by_outlet", "read_quarantine", "read_store", "remove_store", "store_exact_duplicates",
    "write_batches",
]
