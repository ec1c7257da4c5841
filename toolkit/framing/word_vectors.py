"""Domain word vectors for frame classifiers: gensim word2vec trained on a large unlabelled news corpus.

Frame-coded corpora are small (a few hundred to a few thousand documents), so a bag of words only knows the
words its training documents happened to use: a held-out topic ("unseen issue") speaks of its frames in other
words. Word vectors trained on a large corpus of news *without* frame labels carry what those words have in
common (``outbreak`` near ``epidemic`` and ``vaccine``; ``tariff`` near ``trade`` and ``economy``). A document's
mean word vector (unit length), beside its TF-IDF row, lets the per-frame regressions generalise to such words
(:class:`~toolkit.framing.FrameClassifier` ``word_vectors=``). Everything stays in the core install (gensim,
CPU, no network once the corpus is local).

:func:`reference_word_vectors` trains them on a registry corpus (default: Article-Bias-Prediction, 37.5k US
political news articles, 2012–2020) and caches the result as a plain ``.npz`` (words and a float32 matrix; no
pickle) keyed by the corpus files' checksums and the training settings; :func:`train_word_vectors` does the same
for your own corpus. Measured gains are in the README (frame classification with domain word vectors).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import weakref
from pathlib import Path

import numpy as np

from toolkit.text import words

#: Training settings of :func:`reference_word_vectors` (chosen once: 200 dimensions, 5 epochs, words seen 5+ times).
DEFAULTS = {"vector_size": 200, "window": 5, "min_count": 5, "epochs": 5}
#: Bump when the training or the file layout changes: cached vectors are then retrained.
FORMAT = "toolkit-word-vectors/1"
#: The corpus ``word_vectors="auto"`` (the CLIs' default) trains the word vectors on: 37.5k US political news
#: articles, 2012–2020, used without labels.
AUTO_SOURCE = "article_bias_prediction"


@dataclasses.dataclass(eq=False, repr=False)
class WordVectors:
    """Word vectors as plain arrays: ``words[i]`` has the vector ``vectors[i]`` (float32).

    A read-only value: copies (``copy.copy``, ``copy.deepcopy``, ``sklearn.base.clone`` of a model holding them)
    are the object itself, so do not modify ``words`` or ``vectors`` in place.

    Parameters
    ----------
    words : ndarray of str
    vectors : ndarray of float32, shape (len(words), dim)
    source : str
        Where they come from (a corpus name and settings), for reports.
    """

    words: np.ndarray
    vectors: np.ndarray
    source: str = ""

    def __post_init__(self):
        self.words = np.asarray(self.words, dtype=str)
        self.vectors = np.asarray(self.vectors, dtype=np.float32)
        if self.vectors.ndim != 2 or len(self.words) != self.vectors.shape[0]:
            raise ValueError(f"expected one vector per word: found {len(self.words)} words and vectors of shape "
                             f"{self.vectors.shape}")
        if len(set(self.words.tolist())) != len(self.words):
            raise ValueError("expected each word once in WordVectors.words; found duplicates")

    def __copy__(self) -> WordVectors:
        return self

    def __deepcopy__(self, memo) -> WordVectors:
        """The object itself: word vectors are read-only values, so ``sklearn.base.clone`` (which deep-copies
        parameters) shares them instead of copying tens of megabytes per clone, and a saved model holds them once."""
        return self

    @property
    def dim(self) -> int:
        """Vector length."""
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.words)

    def __repr__(self) -> str:
        return f"WordVectors({len(self)} words x {self.dim}{', ' + self.source if self.source else ''})"

    @classmethod
    def from_keyed_vectors(cls, kv, source: str = "") -> WordVectors:
        """From a gensim ``KeyedVectors`` (e.g. ``Word2Vec(...).wv``)."""
        return cls(np.asarray(kv.index_to_key, dtype=str), np.asarray(kv.vectors, dtype=np.float32), source)

    def save(self, path: str | Path) -> Path:
        """Write ``path`` (``.npz``: the words, the float32 matrix and the source; no pickle)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part.npz")
        np.savez(tmp, words=self.words, vectors=self.vectors, source=np.asarray(self.source))
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path: str | Path) -> WordVectors:
        """Read a file written by :meth:`save` (``allow_pickle=False``)."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"word-vector file {path} not found; write one with WordVectors.save, "
                                    f"train_word_vectors or reference_word_vectors")
        with np.load(path, allow_pickle=False) as data:
            missing = {"words", "vectors"} - set(data.files)
            if missing:
                raise ValueError(f"{path} is not a word-vector file: it lacks {sorted(missing)} (found "
                                 f"{data.files}); write one with WordVectors.save")
            return cls(data["words"], data["vectors"], str(data["source"]) if "source" in data.files else "")

    def index(self) -> dict[str, int]:
        """``{word: row}``, built once per object (held beside it, not in it: not saved, not part of cache keys)."""
        index = _INDEX.get(self)
        if index is None:
            index = _INDEX[self] = {w: i for i, w in enumerate(self.words.tolist())}
        return index

    def document_vectors(self, texts) -> np.ndarray:
        """Unit-length mean vector of each text's words (:func:`toolkit.text.words`); zeros for texts without
        a known word. Shape ``(len(texts), dim)``, float64."""
        index = self.index()
        out = np.zeros((len(texts), self.dim))
        for r, text in enumerate(texts):
            rows = [index[w] for w in words(text) if w in index]
            if rows:
                out[r] = self.vectors[rows].mean(axis=0)
        norm = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norm > 0, norm, 1.0)


_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def as_word_vectors(value) -> WordVectors | None:
    """A :class:`WordVectors` from itself, a gensim ``KeyedVectors`` or the path of a saved ``.npz``; None for None
    (an estimator's ``word_vectors=None``: no word-vector block)."""
    if value is None:
        return None
    if isinstance(value, WordVectors):
        return value
    if isinstance(value, (str, Path)):
        return WordVectors.load(value)
    if hasattr(value, "index_to_key") and hasattr(value, "vectors"):
        return WordVectors.from_keyed_vectors(value)
    raise TypeError(f"word_vectors: expected WordVectors, a gensim KeyedVectors or the path of a saved .npz; "
                    f"found {type(value).__name__}. Build them with reference_word_vectors() or train_word_vectors().")


def train_word_vectors(X, *, vector_size: int = DEFAULTS["vector_size"], window: int = DEFAULTS["window"],
                       min_count: int = DEFAULTS["min_count"], epochs: int = DEFAULTS["epochs"],
                       random_state: int = 0, source: str = "") -> WordVectors:
    """Word2vec (CBOW, one worker thread: deterministic) on texts or an article table ``X``.

    Tokenised as :func:`toolkit.text.words` tokenises (the same tokens :meth:`WordVectors.document_vectors`
    looks up). See :func:`toolkit.framing.lexicons.word2vec_vectors`, which this wraps.
    """
    from toolkit.framing.lexicons import word2vec_vectors

    kv = word2vec_vectors(X, vector_size=vector_size, window=window, min_count=min_count, epochs=epochs,
                          random_state=random_state)
    settings = f"dim {vector_size}, window {window}, min_count {min_count}, epochs {epochs}, seed {random_state}"
    return WordVectors.from_keyed_vectors(kv, source=f"{source or 'word2vec'} ({settings})")


def reference_word_vectors(dataset: str = AUTO_SOURCE, *, cache_dir: str | Path | None = None,
                           random_state: int = 0, **settings) -> WordVectors:
    """Word vectors trained on a registry corpus, cached on disk (first call: about 3 minutes for the default).

    Parameters
    ----------
    dataset : str, default "article_bias_prediction"
        A registry dataset with an article table (titles and texts are used; no labels).
    cache_dir : path, optional
        Cache folder (default: the registry's cache, ``$TOOLKIT_CACHE`` or ``corpora/cache``); the file is
        ``word_vectors/<dataset>-<key>.npz``, the key covering the corpus files' checksums, the settings and
        :data:`FORMAT`.
    random_state : int
    **settings
        ``vector_size``, ``window``, ``min_count``, ``epochs`` (default :data:`DEFAULTS`).

    Returns
    -------
    WordVectors
    """
    from toolkit.datasets import load_dataset
    from toolkit.datasets.registry import default_cache_dir

    unknown = set(settings) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown word2vec setting(s) {sorted(unknown)}; expected some of {sorted(DEFAULTS)}")
    params = {**DEFAULTS, **settings, "random_state": random_state}
    data = load_dataset(dataset, download_missing=False)
    card = getattr(data, "card", None)
    files = {f.path: f.sha256 for f in card.files} if card is not None else {"articles": _table_hash(data.articles)}
    key_src = json.dumps({"format": FORMAT, "dataset": dataset, "params": params, "files": files}, sort_keys=True)
    key = hashlib.sha256(key_src.encode()).hexdigest()[:16]
    path = Path(cache_dir if cache_dir is not None else default_cache_dir()) / "word_vectors" / f"{dataset}-{key}.npz"
    if path.is_file():
        return WordVectors.load(path)
    vectors = train_word_vectors(data.articles, source=dataset, **params)
    try:
        vectors.save(path)
    except OSError:
        pass  # a read-only cache: the vectors are still returned, and trained again next time
    return vectors


WORD_VECTORS_HELP = ("domain word vectors: 'auto' (default: article_bias_prediction's when that corpus is available "
                     "locally, else none), 'none', a registry corpus to train them on once (cached), or a saved .npz")


def resolve_word_vectors(source, dataset: str | None = None) -> WordVectors | None:
    """The word vectors ``source`` names (the CLIs' ``--word-vectors``).

    None or ``"none"``: none. :class:`WordVectors`: as they are. The path of a saved ``.npz``: loaded. ``"auto"``:
    :data:`AUTO_SOURCE`'s vectors when that corpus is available locally (``$TOOLKIT_DATA`` or the download cache;
    trained once and cached); none for the synthetic ``dataset="demo"`` or when the corpus is not available (a
    note on stderr says so). Any other string: a registry corpus to train them on (:func:`reference_word_vectors`).
    """
    if source is None or source == "none":
        return None
    if isinstance(source, WordVectors):
        return source
    if source == "auto":
        return None if dataset == "demo" else optional_word_vectors(AUTO_SOURCE)
    if Path(str(source)).suffix == ".npz" or Path(str(source)).is_file():
        return WordVectors.load(source)
    return _announced(str(source))


def optional_word_vectors(corpus: str | None = AUTO_SOURCE) -> WordVectors | None:
    """:func:`reference_word_vectors` of ``corpus`` when it is available locally, else None with a note on stderr
    (the study notebooks and ``--word-vectors auto`` use it: a missing corpus never stops a run). None: None."""
    from toolkit.datasets.registry import DatasetError

    if not corpus:
        return None
    try:
        return _announced(corpus)
    except DatasetError as exc:
        print(f"note: no word vectors ({corpus} is not available locally: {str(exc).splitlines()[0]}); the model "
              f"goes without them. Download it once (pinned, checksummed) with "
              f"toolkit.datasets.load_dataset({corpus!r}), or pass --word-vectors none to silence this.",
              file=sys.stderr)
        return None


def _announced(name: str) -> WordVectors:
    print(f"word vectors: {name} (word2vec, trained once and cached; the first time takes minutes)", file=sys.stderr)
    return reference_word_vectors(name)


def _table_hash(articles) -> str:
    from toolkit.cache import data_hash

    return data_hash(articles[[c for c in ("title", "text") if c in articles]])


__all__ = ["AUTO_SOURCE", "DEFAULTS", "WordVectors", "as_word_vectors", "optional_word_vectors",
           "reference_word_vectors", "resolve_word_vectors", "train_word_vectors"]
