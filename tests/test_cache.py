"""toolkit.cache: a second fit with the same class, parameters and data loads instead of refitting;
changed parameters or data miss."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.utils.validation import check_is_fitted

from toolkit.cache import CacheKeyError, cache_key, cached_fit, data_hash, models_dir

TEXTS = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)],
                      "text": [("talks ceasefire envoy" if i % 2 else "tariff trade deficit") + f" item{i % 5}"
                               for i in range(40)]})
LABELS = np.array(["diplomacy" if i % 2 else "economy" for i in range(40)])


def _pipeline(C: float = 1.0):
    return make_pipeline(TfidfVectorizer(), LogisticRegression(C=C, random_state=0))


def _entries(cache_dir) -> list[str]:
    folder = models_dir(cache_dir)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_second_call_loads_without_refitting(tmp_path, capsys):
    first = cached_fit(_pipeline(), TEXTS["text"], LABELS, cache_dir=tmp_path)
    assert "fitted Pipeline" in capsys.readouterr().out
    assert len(_entries(tmp_path)) == 1 and _entries(tmp_path)[0].endswith(".skops")
    fresh = _pipeline()
    second = cached_fit(fresh, TEXTS["text"], LABELS, cache_dir=tmp_path)
    assert "loaded Pipeline" in capsys.readouterr().out
    with pytest.raises(NotFittedError):  # a hit leaves the estimator passed in untouched: nothing was fitted
        check_is_fitted(fresh)
    assert second is not fresh
    np.testing.assert_array_equal(first.predict_proba(TEXTS["text"]), second.predict_proba(TEXTS["text"]))


def test_changed_parameters_or_data_miss(tmp_path):
    cached_fit(_pipeline(), TEXTS["text"], LABELS, cache_dir=tmp_path)
    cached_fit(_pipeline(C=2.0), TEXTS["text"], LABELS, cache_dir=tmp_path)            # nested parameter
    cached_fit(_pipeline(), TEXTS["text"].str.upper(), LABELS, cache_dir=tmp_path)     # X
    cached_fit(_pipeline(), TEXTS["text"], LABELS[::-1].copy(), cache_dir=tmp_path)    # y
    assert len(_entries(tmp_path)) == 4
    cached_fit(_pipeline(C=2.0), TEXTS["text"], LABELS, cache_dir=tmp_path)            # seen before: a hit
    assert len(_entries(tmp_path)) == 4


def test_key_is_canonical():
    assert cache_key(_pipeline(), TEXTS, LABELS) == cache_key(_pipeline(), TEXTS.copy(), LABELS.copy())
    assert cache_key(_pipeline(), TEXTS, LABELS) != cache_key(_pipeline(), TEXTS.iloc[::-1], LABELS)
    tokens = [["a", "b"], ["c"]]
    assert data_hash(tokens) == data_hash([list(t) for t in tokens]) != data_hash([["a"], ["b", "c"]])
    with_lists = pd.DataFrame({"doc_id": ["x", "y"], "frames": [["a"], ["b", "c"]]})  # unhashable cells
    assert data_hash(with_lists) == data_hash(with_lists.copy())


def test_unstable_parameter_is_refused():
    class Opaque:  # default repr holds a memory address
        pass

    with pytest.raises(CacheKeyError, match="memory address"):
        cache_key(LogisticRegression(class_weight=Opaque()), TEXTS, LABELS)


def test_switch_off_and_unreadable_entry(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TOOLKIT_MODEL_CACHE", "off")
    cached_fit(_pipeline(), TEXTS["text"], LABELS, cache_dir=tmp_path)
    assert _entries(tmp_path) == []
    monkeypatch.delenv("TOOLKIT_MODEL_CACHE")
    cached_fit(_pipeline(), TEXTS["text"], LABELS, cache_dir=tmp_path)
    entry = models_dir(tmp_path) / _entries(tmp_path)[0]
    entry.write_bytes(b"not a skops file")
    capsys.readouterr()
    model = cached_fit(_pipeline(), TEXTS["text"], LABELS, cache_dir=tmp_path)
    assert "unreadable" in capsys.readouterr().out
    check_is_fitted(model)


def test_topic_model_is_cached_as_its_folder_and_transforms_identically(tmp_path):
    from toolkit.topics import LdaTopics

    docs = [["envoy", "talks", "ceasefire", "border"] * 3 if i % 2 else ["tariff", "trade", "deficit", "export"] * 3
            for i in range(30)]
    first = cached_fit(LdaTopics(n_topics=2, passes=2, no_below=1, no_above=1.0, random_state=0), docs,
                       cache_dir=tmp_path)
    second = cached_fit(LdaTopics(n_topics=2, passes=2, no_below=1, no_above=1.0, random_state=0), docs,
                        cache_dir=tmp_path)
    assert _entries(tmp_path)[0].endswith(".topics") and len(_entries(tmp_path)) == 1
    pd.testing.assert_frame_equal(first.transform(docs), second.transform(docs))


def test_k_sweep_fits_through_the_cache(tmp_path):
    from functools import partial

    from toolkit.topics import LdaTopics, k_sweep

    docs = [["envoy", "talks", "ceasefire", "border"] * 3 if i % 2 else ["tariff", "trade", "deficit", "export"] * 3
            for i in range(30)]
    template = LdaTopics(passes=1, no_below=1, no_above=1.0, random_state=0)
    fit = partial(cached_fit, cache_dir=tmp_path)
    a = k_sweep(docs, [2, 3], model=template, measures=["u_mass"], progress=False, fit=fit)
    assert len(_entries(tmp_path)) == 2
    b = k_sweep(docs, [2, 3], model=template, measures=["u_mass"], progress=False, fit=fit)
    pd.testing.assert_frame_equal(a, b)
    assert len(_entries(tmp_path)) == 2


def test_key_covers_the_models_toolkit_source(monkeypatch, tmp_path):
    from toolkit import cache
    from toolkit.topics import LdaTopics

    before = cache.cache_key(LdaTopics(n_topics=2), [["a"]])
    assert cache.code_hash(LdaTopics()) == cache.code_hash(LdaTopics(n_topics=3))
    real_read = Path.read_bytes

    def edited(self):  # as if toolkit/topics/lda.py had been edited
        data = real_read(self)
        return data + b"# edited" if self.name == "lda.py" and self.parent.name == "topics" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert cache.cache_key(LdaTopics(n_topics=2), [["a"]]) != before
    assert cache.code_hash(_pipeline()) == cache.code_hash(make_pipeline(TfidfVectorizer()))  # no toolkit class


def test_key_covers_thread_settings(monkeypatch):
    """dask.distributed sets OMP_NUM_THREADS=1 (and the BLAS equivalents) in the process that starts a cluster; a
    fit made there can differ in its last bits, so it must not be cached under the plain process's key."""
    from toolkit import cache
    from toolkit.topics import LdaTopics

    for var in cache.THREAD_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    plain = cache.cache_key(LdaTopics(n_topics=2), [["a"]])
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    one = cache.cache_key(LdaTopics(n_topics=2), [["a"]])
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    assert len({plain, one, cache.cache_key(LdaTopics(n_topics=2), [["a"]])}) == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    monkeypatch.setenv("TOOLKIT_UNRELATED", "1")  # other variables do not matter
    assert cache.cache_key(LdaTopics(n_topics=2), [["a"]]) == plain
