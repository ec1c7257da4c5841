"""Trained models cached by (estimator class, parameters, training data), so a second run does not retrain.

``model = cached_fit(estimator, X, y)`` fits ``estimator`` on ``(X, y)``, or, when a model with the
same class, the same ``get_params(deep=True)`` and the same training data was fitted before, loads it
from ``<cache>/models/`` instead (the study notebooks use it, so ``make figures`` and ``make verify``
train each model once). The key is the sha256 of a canonical JSON of

* the estimator's class (module and qualified name) and cache :data:`FORMAT`;
* its parameters, ``get_params(deep=True)``, rendered canonically (nested estimators as class and
  their own parameters, arrays by their bytes; a parameter whose only rendering holds a memory
  address refuses to be keyed);
* :func:`data_hash` of ``X`` and of ``y`` (DataFrames by columns, dtypes and every value; arrays
  by dtype, shape and bytes; lists element by element);
* the versions of the libraries that fit it (scikit-learn, numpy, scipy, gensim) and of the toolkit;
* :func:`code_hash`: the toolkit source of the estimator's subpackage(s), so editing a model's code
  refits rather than loading what the old code trained;
* the thread settings in the environment (:data:`THREAD_VARIABLES`, only those set): the number of
  BLAS / OpenMP threads can change a fit in its last bits, so a fit made with other settings (for
  example after a Dask ``LocalCluster`` started in the same process) is kept apart.

Files: skops (typed; no arbitrary code runs on load, and only types from this package, numpy, scipy
and scikit-learn are trusted) for every model; topic models (gensim inside) as the folder
:func:`toolkit.topics.save_topics` writes (no pickle either). Nothing is written at import.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: Bump when the key or the file layout changes: old entries are then ignored.
FORMAT = "toolkit-model-cache/1"
#: Environment variable that switches the cache off (``TOOLKIT_MODEL_CACHE=off``).
ENV_SWITCH = "TOOLKIT_MODEL_CACHE"
#: Type-name prefixes a cached skops file may hold; anything else is refused (the entry is refitted).
TRUSTED_PREFIXES = ("toolkit.", "sklearn.", "numpy.", "scipy.", "builtins.", "collections.")
#: Libraries whose versions are part of the key (a new version may fit differently).
FIT_LIBRARIES = ("scikit-learn", "numpy", "scipy", "gensim")
#: Thread settings that change a fit's last bits (BLAS / OpenMP reductions), part of the key. dask.distributed's
#: nannies set the first three to 1 in the process that starts a LocalCluster, so a model fitted there afterwards
#: is keyed apart from the same fit in a plain process.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "BLIS_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


class CacheKeyError(TypeError):
    """A parameter or training input that cannot be rendered into a stable cache key."""


def models_dir(cache_dir: str | Path | None = None) -> Path:
    """``<cache_dir>/models``; default cache: :func:`toolkit.datasets.registry.default_cache_dir`
    (``$TOOLKIT_CACHE``, else ``corpora/cache`` in a source checkout)."""
    if cache_dir is None:
        from .datasets.registry import default_cache_dir

        cache_dir = default_cache_dir()
    return Path(cache_dir) / "models"


# -- canonical renderings ------------------------------------------------------------------------

def _update(h, *parts: Any) -> None:
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")


def _hash_series(h, series: pd.Series) -> None:
    try:
        _update(h, pd.util.hash_pandas_object(series, index=False).to_numpy().tobytes())
    except TypeError:  # unhashable cells (lists of tokens, label lists): element by element
        for item in series.tolist():
            _hash_into(h, item)


def _hash_into(h, obj: Any) -> None:
    if obj is None or isinstance(obj, (bool, int, float, str, np.integer, np.floating, np.bool_)):
        _update(h, type(obj).__name__, repr(obj.item() if isinstance(obj, np.generic) else obj))
    elif isinstance(obj, pd.DataFrame):
        _update(h, "DataFrame", list(map(str, obj.columns)), list(map(str, obj.dtypes)), len(obj))
        for col in obj.columns:
            _hash_series(h, obj[col])
    elif isinstance(obj, pd.Series):
        _update(h, "Series", str(obj.name), str(obj.dtype), len(obj))
        _hash_series(h, obj)
    elif isinstance(obj, np.ndarray):
        if obj.dtype == object:
            _update(h, "objarray", obj.shape)
            for item in obj.ravel():
                _hash_into(h, item)
        else:
            _update(h, "ndarray", obj.dtype.str, obj.shape, np.ascontiguousarray(obj).tobytes())
    elif isinstance(obj, (list, tuple)):
        _update(h, type(obj).__name__, len(obj))
        for item in obj:
            _hash_into(h, item)
    elif isinstance(obj, (set, frozenset)):
        _update(h, "set", len(obj))
        for item in sorted(obj, key=repr):
            _hash_into(h, item)
    elif isinstance(obj, Mapping):
        _update(h, "mapping", len(obj))
        for key in sorted(obj, key=repr):
            _hash_into(h, key)
            _hash_into(h, obj[key])
    elif hasattr(obj, "__array__") and hasattr(obj, "shape"):  # sparse matrices and array-likes
        if hasattr(obj, "tocsr"):
            m = obj.tocsr()
            _update(h, "sparse", m.shape, m.dtype.str)
            for part in (m.data, m.indices, m.indptr):
                _update(h, np.ascontiguousarray(part).tobytes())
        else:
            _hash_into(h, np.asarray(obj))
    else:
        _update(h, "object", canonical(obj))


def data_hash(obj: Any) -> str:
    """sha256 of training data: DataFrame / Series (columns, dtypes, values), arrays, sparse matrices,
    nested lists / tuples / dicts of scalars (e.g. token lists, label lists)."""
    h = hashlib.sha256()
    _hash_into(h, obj)
    return h.hexdigest()


def canonical(value: Any) -> Any:
    """A JSON-able, run-independent rendering of an estimator parameter.

    Raises
    ------
    CacheKeyError
        When the only rendering is a ``repr`` holding a memory address (``<… at 0x…>``), which
        changes from run to run.
    """
    from sklearn.base import BaseEstimator

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, BaseEstimator):
        return {"__class__": f"{type(value).__module__}.{type(value).__qualname__}",
                "params": {k: canonical(v) for k, v in sorted(value.get_params(deep=False).items())}}
    if isinstance(value, Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))}
    if isinstance(value, (np.ndarray, pd.DataFrame, pd.Series)):
        return {"__data__": data_hash(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__class__": f"{type(value).__module__}.{type(value).__qualname__}",
                "fields": {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, Path):
        return str(value)
    if callable(value) and hasattr(value, "__qualname__") and "<locals>" not in value.__qualname__ \
            and "<lambda>" not in value.__qualname__:
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    text = repr(value)
    if " at 0x" in text:
        raise CacheKeyError(f"cannot key the model cache on the parameter value {text[:80]}: its repr holds a memory "
                            f"address, which changes every run. Expected plain values, estimators, dataclasses or "
                            f"module-level functions; pass cache=False to cached_fit to fit without the cache.")
    return {"__repr__": f"{type(value).__module__}.{type(value).__qualname__}", "repr": text}


def _versions() -> dict[str, str]:
    from . import __version__
    from .provenance import installed_versions

    return {"toolkit": str(__version__), **installed_versions(FIT_LIBRARIES)}


#: Toolkit modules every text model depends on (tokenising, stop words), hashed into every key.
SHARED_CODE: tuple[str, ...] = ("text.py", "tokenize.py")


def _toolkit_classes(value: Any, found: set[str]) -> None:
    if isinstance(value, Mapping):
        cls = value.get("__class__") or value.get("__repr__")
        if isinstance(cls, str):
            found.add(cls)
        for v in value.values():
            _toolkit_classes(v, found)
    elif isinstance(value, list):
        for v in value:
            _toolkit_classes(v, found)


def code_hash(estimator) -> str:
    """sha256 of the toolkit source the estimator's fit depends on (16 hex digits).

    The source files of the toolkit subpackage (e.g. ``toolkit/stance/``) of the estimator's class and
    of every toolkit class among its parameters, plus :data:`SHARED_CODE`: editing a model's code
    makes the next run refit instead of loading a model the old code trained.
    """
    package = Path(__file__).resolve().parent
    classes = {f"{type(estimator).__module__}.{type(estimator).__qualname__}"}
    _toolkit_classes(canonical(estimator.get_params(deep=True)), classes)
    files: set[Path] = {package / name for name in SHARED_CODE}
    for cls in classes:
        parts = cls.split(".")
        if parts[0] != "toolkit" or len(parts) < 3:
            continue
        sub = package / parts[1]
        files |= set(sub.rglob("*.py")) if sub.is_dir() else {package / f"{parts[1]}.py"}
    h = hashlib.sha256()
    for path in sorted(p for p in files if p.is_file()):
        _update(h, path.relative_to(package).as_posix(), path.read_bytes())
    return h.hexdigest()[:16]


def cache_key(estimator, X, y=None, **fit_params) -> str:
    """The cache key of fitting ``estimator`` on ``(X, y)`` (64 hex digits)."""
    record = {
        "format": FORMAT,
        "class": f"{type(estimator).__module__}.{type(estimator).__qualname__}",
        "params": canonical(estimator.get_params(deep=True)),
        "X": data_hash(X),
        "y": data_hash(y),
        "fit_params": data_hash(dict(fit_params)),
        "versions": _versions(),
        "code": code_hash(estimator),
    }
    threads = {v: os.environ[v] for v in THREAD_VARIABLES if v in os.environ}
    if threads:  # only then, so the keys of fits made with the default settings stay as they were
        record["threads"] = threads
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode("utf-8")).hexdigest()


# -- storage -------------------------------------------------------------------------------------

def _is_topics(model) -> bool:
    from .topics._base import TopicsBase

    return isinstance(model, TopicsBase)


def _save(model, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp) if tmp.is_dir() else tmp.unlink()
    if _is_topics(model):
        from .topics.io import save_topics

        save_topics(model, tmp)
    else:
        import skops.io as sio

        from .framing.classifier import FrameClassifier

        if isinstance(model, FrameClassifier):
            from .framing.persist import save_model

            save_model(model, tmp)
        else:
            sio.dump(model, tmp)
    if path.exists():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    tmp.replace(path)


def _load(path: Path):
    if path.is_dir():
        from .topics.io import load_topics

        return load_topics(path)
    import skops.io as sio

    untrusted = sio.get_untrusted_types(file=path)
    foreign = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
    if foreign:
        raise ValueError(f"{path} holds types the model cache does not trust: {foreign}")
    return sio.load(path, trusted=untrusted)


def entry_path(key: str, estimator, cache_dir: str | Path | None = None) -> Path:
    """Where the model of ``key`` is stored: a folder for topic models, else a ``.skops`` file."""
    folder = models_dir(cache_dir)
    return folder / (f"{key}.topics" if _is_topics(estimator) else f"{key}.skops")


def cached_fit(estimator, X, y=None, *, cache_dir: str | Path | None = None, cache: bool = True,
               verbose: bool = True, **fit_params):
    """``estimator.fit(X, y, **fit_params)``, or the same model fitted earlier, loaded from the cache.

    Parameters
    ----------
    estimator : scikit-learn style estimator
        Fitted in place on a miss (like ``fit``); on a hit it is left untouched and the loaded model
        is returned. Always use the return value.
    X, y
        Training data (``y`` may be None, e.g. topic models).
    cache_dir : path, optional
        Cache folder; models go to ``<cache_dir>/models/`` (default :func:`models_dir`).
    cache : bool, default True
        False (or ``$TOOLKIT_MODEL_CACHE=off``) fits without reading or writing the cache.
    verbose : bool, default True
        Print one line saying whether the model was loaded or fitted (and where it is cached).
    **fit_params
        Passed to ``fit`` (and part of the key).

    Returns
    -------
    estimator
        The fitted model. Its attribute ``cache_hit_`` is not set: see the printed line, or compare
        :func:`cache_key` with the files in :func:`models_dir`.

    Notes
    -----
    An entry that cannot be read (corrupt, foreign types, written by another format) is refitted
    and overwritten. A failure to write (read-only cache) is reported and the fitted model returned.
    """
    if not cache or os.environ.get(ENV_SWITCH, "").lower() in ("off", "0", "false", "no"):
        return estimator.fit(X, y, **fit_params) if y is not None else estimator.fit(X, **fit_params)
    key = cache_key(estimator, X, y, **fit_params)
    path = entry_path(key, estimator, cache_dir)
    name = type(estimator).__name__
    if path.exists():
        try:
            model = _load(path)
        except Exception as exc:  # noqa: BLE001 - any unreadable entry is refitted
            print(f"model cache: {path.name} unreadable ({type(exc).__name__}: {str(exc)[:120]}); refitting")
        else:
            if type(model) is type(estimator):
                if verbose:
                    print(f"model cache: loaded {name} from {path}")
                return model
            print(f"model cache: {path.name} holds a {type(model).__name__}, expected {name}; refitting")
    model = estimator.fit(X, y, **fit_params) if y is not None else estimator.fit(X, **fit_params)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _save(model, path)
    except Exception as exc:  # noqa: BLE001 - a cache that cannot be written must not lose the fitted model
        print(f"model cache: could not save {name} to {path} ({type(exc).__name__}: {str(exc)[:120]})")
    else:
        if verbose:
            print(f"model cache: fitted {name}; saved to {path}")
    return model


__all__ = ["CacheKeyError", "FORMAT", "cache_key", "cached_fit", "canonical", "code_hash", "data_hash", "entry_path",
           "models_dir"]
