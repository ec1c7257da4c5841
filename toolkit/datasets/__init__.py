"""Datasets: the synthetic demo corpus and the registry of real corpora.

>>> from toolkit.datasets import list_datasets, load_dataset, load_demo
>>> ds = load_dataset("basil")            # doctest: +SKIP
>>> ds.articles, ds["spans"]               # doctest: +SKIP

Nothing touches the filesystem or network at import.
"""

from .registry import (
    ALIASES,
    ChecksumError,
    Dataset,
    DatasetError,
    DownloadError,
    UnknownDatasetError,
    list_datasets,
    load_dataset,
    resolve,
)


def load_demo(*args, **kwargs):
    """Load the synthetic demo corpus (see :func:`toolkit.datasets.demo.load_demo`)."""
    from .demo import load_demo as _load_demo

    return _load_demo(*args, **kwargs)


__all__ = ["ALIASES", "ChecksumError", "Dataset", "DatasetError", "DownloadError", "UnknownDatasetError",
           "list_datasets", "load_dataset", "load_demo", "resolve"]
