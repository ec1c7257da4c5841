"""Microframes after FrameAxis (Kwak et al. 2021): where a document's words lie on antonym axes.

A **microframe** is a semantic axis between two antonymous poles (peaceful – hostile, legal – illegal …).
Each word gets a position on it from word vectors; a document's **bias** on the axis is where its words lie on
average, its **intensity** how far they stray from the corpus' average position (in either direction), and a
**null model** says whether either is more than a random bag of words of the same length would show.

Method (deterministic; every step vectorised over documents):

1. **Axes.** :data:`MICROFRAME_AXES` holds 14 built-in axes for diplomacy and conflict news, each pole a short
   list of synonyms (FrameAxis builds its axes from WordNet antonym pairs; short synonym lists make an axis
   less dependent on one word's vector). User axes come from a dict or a YAML/JSON file (:func:`load_axes`)::

       axes:
         peaceful_hostile:            # name: positive pole first
           positive: [peaceful, calm]
           negative: [hostile, aggressive]

   Pole words must be single tokens as :func:`toolkit.text.words` produces them (lower case, no stopwords);
   the two poles of an axis must not share a word.
2. **Word vectors.** Any gensim ``KeyedVectors`` (or a ``Word2Vec`` model) passed as ``vectors``, else word2vec
   trained on the corpus being scored (:func:`toolkit.framing.lexicons.word2vec_vectors`: one worker, fixed
   seed, the same vectors in every process).
3. **Axis vector** ``a = mean(unit vectors of the positive pole) - mean(unit vectors of the negative pole)``,
   over the pole words that have a vector. An axis with no such word on a pole is dropped with a
   :class:`MicroframeWarning` naming the missing words; if no axis is left, :class:`MicroframeError`.
4. **Word contribution** ``c_w = cos(v_w, a)``: positive words lean to the positive (first-named) pole.
5. **Bias** of document ``d`` on axis ``a``: ``sum_w n_dw c_w / sum_w n_dw`` over the document's words that have
   a vector (``n_dw`` = count), **leaving out the axis' own pole words**. FrameAxis does this because a pole
   word's position is the axis by construction: counting it would make an article that names the pole
   ("hostile") score on the axis whatever the rest of its wording, and would measure the lexicon rather than
   the framing around it. **Intensity** ``sum_w n_dw (c_w - B_a)^2 / sum_w n_dw``, where the baseline ``B_a``
   is the bias of the whole fitted corpus (all its documents as one). Both are a sparse (documents x
   vocabulary) count matrix times a (vocabulary x axes) matrix. Documents with no counted word get NaN and
   are reported in a warning, never dropped.
6. **Null model** (Kwak et al. 2021, section 3.3). For a document with ``L`` in-vocabulary tokens (pole
   words included), ``n_null`` random bags of ``L`` tokens are drawn **with replacement from the fitted
   corpus' word distribution** (the relative frequency of each vocabulary word over all fitted documents),
   and each bag is scored exactly as a document (pole words left out again). What is resampled is thus the
   words, not the documents: the null is "a document of this length whose words are picked at random from
   the corpus", and ``effect = bias - mean(null biases)`` (likewise for intensity) is what the document's
   word choice adds to that. ``p_value`` is the two-sided empirical p, ``min(1, 2 min(1 + #{null >= obs},
   1 + #{null <= obs}) / (n_null + 1))``, and ``z = effect / sd(null biases)``. For speed the bags are nested:
   bag ``b`` of length ``L`` is the first ``L`` draws of one long random sequence ``b``, so documents of every
   length share the same ``n_null`` sequences (each document's null is exact; the p-values of different
   documents are not independent of each other). The sequences come from ``random_state`` in fixed blocks,
   so a document's null does not depend on which other documents are scored with it.

The vocabulary is fixed at ``fit``: the words of the fitted corpus that have a vector. Words of new
documents outside it are not counted (as in scikit-learn's ``CountVectorizer``).

Entry points: :class:`MicroframeScorer` (scikit-learn transformer: ``fit`` on texts or an article table,
``transform`` to a wide per-document table, :meth:`MicroframeScorer.scores` to the long table with the null
model), :func:`microframe_scores` (the long table in one call) and :func:`microframe_measures` (the wide
``doc_id`` + one column per axis table that :func:`toolkit.compare.within_event_contrast` takes).

Reference: Kwak, H., An, J., Jing, E., & Ahn, Y.-Y. (2021). FrameAxis: characterizing microframe bias and
intensity with word embedding. *PeerJ Computer Science* 7:e644.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer

from toolkit.framing.classifier import FramingWarning, as_texts
from toolkit.framing.lexicons import word2vec_vectors
from toolkit.framing.schemes import read_data_file
from toolkit.text import words

#: Columns of the long table of :meth:`MicroframeScorer.scores` / :func:`microframe_scores`, in order.
SCORE_COLUMNS = ("doc_id", "axis", "bias", "intensity", "n_words", "null_bias_mean", "null_bias_sd", "effect", "z",
                 "p_value", "null_intensity_mean", "intensity_effect", "intensity_p_value")

_NULL_BLOCK = 256  # tokens per block of the null sequences (each block has its own seeded generator)
_CHUNK_FLOATS = 4_000_000  # elements per intermediate array of the null model (~32 MB of float64)


class MicroframeError(ValueError):
    """Microframe input is unusable: empty corpus, unknown or malformed axes, no usable axis."""


class MicroframeWarning(FramingWarning):
    """Something weakens a microframe result: an axis dropped, documents without scorable words."""


@dataclass(frozen=True)
class MicroframeAxis:
    """One antonym axis.

    Attributes
    ----------
    name : str
        Axis name (``axis`` column; wide column names). Conventionally ``positive_negative``.
    positive : tuple of str
        Words of the positive pole (bias > 0 leans here).
    negative : tuple of str
        Words of the negative pole.
    """

    name: str
    positive: tuple[str, ...]
    negative: tuple[str, ...]

    def __post_init__(self) -> None:
        name = str(self.name).strip()
        if not name:
            raise MicroframeError("a microframe axis needs a non-empty name; found an empty one")
        object.__setattr__(self, "name", name)
        for side in ("positive", "negative"):
            pole = getattr(self, side)
            if isinstance(pole, str):
                pole = pole.replace(",", " ").split()
            pole = tuple(dict.fromkeys(str(w).strip().lower() for w in pole if str(w).strip()))
            if not pole:
                raise MicroframeError(f"axis {name!r}: the {side} pole has no words; give at least one word per pole")
            bad = {w: words(w) for w in pole if words(w) != [w]}
            if bad:
                raise MicroframeError(
                    f"axis {name!r}: {side} pole word(s) {sorted(bad)} are not single tokens as toolkit.text.words "
                    f"splits text (it gives {bad}); stopwords, one-letter words and multi-word phrases are never "
                    "counted. Use single non-stopword words.")
            object.__setattr__(self, side, pole)
        both = sorted(set(self.positive) & set(self.negative))
        if both:
            raise MicroframeError(f"axis {name!r}: word(s) {both} are on both poles (positive {list(self.positive)}, "
                                  f"negative {list(self.negative)}); a word can lie on one side only. Remove them "
                                  "from one pole.")

    @property
    def words(self) -> frozenset[str]:
        """All pole words (left out of the axis' own bias and intensity)."""
        return frozenset(self.positive) | frozenset(self.negative)


_BUILTIN = [
    ("peaceful_hostile", "peaceful peaceable calm nonviolent", "hostile aggressive belligerent violent"),
    ("legal_illegal", "legal lawful legitimate constitutional", "illegal unlawful illegitimate unconstitutional"),
    ("strong_weak", "strong powerful mighty robust", "weak powerless feeble fragile"),
    ("cooperative_confrontational", "cooperative conciliatory collaborative constructive",
     "confrontational combative defiant provocative"),
    ("safe_dangerous", "safe secure harmless protected", "dangerous unsafe risky perilous"),
    ("honest_deceptive", "honest truthful candid transparent", "dishonest deceptive misleading deceitful"),
    ("moral_immoral", "moral ethical righteous decent", "immoral unethical corrupt wicked"),
    ("stable_unstable", "stable steady orderly balanced", "unstable volatile chaotic turbulent"),
    ("friendly_adversarial", "friendly amicable cordial allied", "unfriendly adversarial antagonistic rival"),
    ("successful_failed", "successful effective productive fruitful", "failed unsuccessful ineffective futile"),
    ("fair_unfair", "fair equitable impartial evenhanded", "unfair unjust inequitable biased"),
    ("rational_irrational", "rational reasonable sensible prudent", "irrational unreasonable reckless erratic"),
    ("hopeful_fearful", "optimistic hopeful confident upbeat", "pessimistic fearful anxious gloomy"),
    ("innocent_guilty", "innocent blameless guiltless exonerated", "guilty culpable blameworthy convicted"),
]

#: Built-in axes, by name: short synonym lists per pole for diplomacy / conflict news (positive pole first).
MICROFRAME_AXES: dict[str, MicroframeAxis] = {n: MicroframeAxis(n, tuple(p.split()), tuple(q.split()))
                                              for n, p, q in _BUILTIN}


# -- axes ----------------------------------------------------------------------------------------

def axes_from_dict(data: Mapping, *, source: str = "<dict>") -> list[MicroframeAxis]:
    """Axes from a mapping ``{name: {"positive": [...], "negative": [...]}}`` (or ``{"axes": {...}}``).

    A pole may be a list or a comma/space-separated string; an axis may also be a pair ``[positive, negative]``.

    Raises
    ------
    MicroframeError
        A malformed entry (the message shows the expected layout).
    """
    if not isinstance(data, Mapping):
        raise MicroframeError(f"{source}: expected a mapping of axis names to poles, found {type(data).__name__}")
    if set(data) == {"axes"}:
        data = data["axes"]
        if not isinstance(data, Mapping):
            raise MicroframeError(f"{source}: 'axes' must map axis names to poles, found {type(data).__name__}")
    if not data:
        raise MicroframeError(f"{source}: no axes found; expected {{name: {{positive: [...], negative: [...]}}}}")
    out = []
    for name, spec in data.items():
        if isinstance(spec, MicroframeAxis):
            out.append(spec if spec.name == str(name) else MicroframeAxis(str(name), spec.positive, spec.negative))
            continue
        if isinstance(spec, Mapping) and {"positive", "negative"} <= set(spec) and len(spec) == 2:
            pos, neg = spec["positive"], spec["negative"]
        elif isinstance(spec, Sequence) and not isinstance(spec, str) and len(spec) == 2:
            pos, neg = spec
        else:
            raise MicroframeError(f"{source}: axis {name!r} is {spec!r}; expected {{positive: [words], negative: "
                                  "[words]}} or a pair [positive words, negative words]")
        out.append(MicroframeAxis(str(name), pos, neg))
    return out


def _is_file(value) -> bool:
    return isinstance(value, Path) or (isinstance(value, str) and (
        Path(value).suffix.lower() in (".yaml", ".yml", ".json") or Path(value).is_file()))


def load_axes(axes=None) -> list[MicroframeAxis]:
    """Resolve an ``axes`` argument to a list of :class:`MicroframeAxis`.

    Parameters
    ----------
    axes : None, str, Path, MicroframeAxis, mapping or sequence
        None: all of :data:`MICROFRAME_AXES`. A built-in axis name, or a list of names and/or
        :class:`MicroframeAxis` objects. A mapping (see :func:`axes_from_dict`). A path to a YAML/JSON file
        holding such a mapping.

    Raises
    ------
    MicroframeError
        Unknown axis names (all listed, with the available ones), duplicate axis names, malformed axes.
    """
    if axes is None:
        return list(MICROFRAME_AXES.values())
    if isinstance(axes, MicroframeAxis):
        return [axes]
    if isinstance(axes, Mapping):
        out = axes_from_dict(axes)
    elif isinstance(axes, str) and axes in MICROFRAME_AXES:
        out = [MICROFRAME_AXES[axes]]
    elif _is_file(axes):
        out = axes_from_dict(read_data_file(axes, what="axes", error=MicroframeError), source=str(axes))
    elif isinstance(axes, str):
        raise MicroframeError(f"unknown microframe axis {axes!r}: expected a built-in name {sorted(MICROFRAME_AXES)}, "
                              "a list of them, a dict of axes or a .yaml/.json axes file")
    elif isinstance(axes, Sequence):
        unknown = [a for a in axes if isinstance(a, str) and a not in MICROFRAME_AXES]
        other = [a for a in axes if not isinstance(a, (str, MicroframeAxis))]
        if unknown or other:
            raise MicroframeError(
                f"unknown microframe axes {unknown + other}: expected built-in names {sorted(MICROFRAME_AXES)} or "
                "MicroframeAxis objects. Define other axes with a dict {name: {positive: [...], negative: [...]}}.")
        out = [MICROFRAME_AXES[a] if isinstance(a, str) else a for a in axes]
    else:
        raise MicroframeError(f"axes must be None, a name, a list, a dict or a file path; found {type(axes).__name__}")
    if not out:
        raise MicroframeError("no axes given: pass None for the built-in axes, or at least one axis")
    names = [a.name for a in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise MicroframeError(f"duplicate axis name(s) {dup}; give every axis a distinct name")
    return out


# -- the scorer ----------------------------------------------------------------------------------

def _keyed_vectors(vectors):
    """KeyedVectors from KeyedVectors or a model that has ``.wv`` (Word2Vec, FastText)."""
    wv = getattr(vectors, "wv", vectors)
    if not (hasattr(wv, "key_to_index") and hasattr(wv, "get_vector")):
        raise MicroframeError(f"vectors must be gensim KeyedVectors (or a Word2Vec model); found "
                              f"{type(vectors).__name__}. Pass None to train word2vec on the corpus.")
    return wv


def _doc_ids(X, n: int) -> np.ndarray:
    if isinstance(X, pd.DataFrame) and "doc_id" in X:
        return X["doc_id"].astype(str).to_numpy()
    return np.array([str(i) for i in range(n)], dtype=object)


def _seed(random_state) -> int:
    if random_state is None:
        return int(np.random.SeedSequence().entropy % (2 ** 63))
    if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool) and random_state >= 0:
        return int(random_state)
    raise MicroframeError(f"random_state must be a non-negative integer or None; found {random_state!r}")


class MicroframeScorer(TransformerMixin, BaseEstimator):
    """FrameAxis microframe bias and intensity per document (scikit-learn transformer).

    Parameters
    ----------
    axes : None, str, list, dict or path, default None
        Axes to score (:func:`load_axes`); None = all :data:`MICROFRAME_AXES`.
    vectors : gensim KeyedVectors or Word2Vec model, optional
        Word vectors; None trains word2vec on the texts given to ``fit``.
    vector_size, window, min_count, epochs : int
        word2vec settings when ``vectors`` is None (words seen fewer than ``min_count`` times get no vector).
    n_null : int, default 1000
        Random bags per document in the null model (:meth:`scores`); 0 skips it (null columns NaN).
    random_state : int or None, default 0
        Seed of word2vec and of the null model: the same seed gives the same table.
    progress : bool, default False
        Show a tqdm progress bar while drawing the null model.

    Attributes
    ----------
    axes_ : list of MicroframeAxis
        The usable axes (those with a known word on both poles), in the order given.
    dropped_axes_ : dict
        ``{axis name: pole words without a vector}`` for the axes dropped.
    pole_words_ : DataFrame
        ``axis, pole, word, has_vector, count`` for every pole word of the requested axes (``count``: its
        occurrences in the fitted corpus; an axis whose poles are rare has a noisy vector).
    vocabulary_ : ndarray of str
        Words counted: the fitted corpus' words that have a vector (sorted).
    contributions_ : ndarray (n_words, n_axes)
        ``c_w = cos(v_w, axis)``.
    baseline_bias_ : ndarray (n_axes,)
        Bias of the whole fitted corpus per axis (the intensity baseline).
    word_probabilities_ : ndarray (n_words,)
        Relative frequency of each vocabulary word in the fitted corpus (the null model's distribution).
    n_documents_ : int
        Documents seen by ``fit``.
    """

    def __init__(self, axes=None, *, vectors=None, vector_size: int = 100, window: int = 5, min_count: int = 5,
                 epochs: int = 10, n_null: int = 1000, random_state: int | None = 0, progress: bool = False):
        self.axes = axes
        self.vectors = vectors
        self.vector_size = vector_size
        self.window = window
        self.min_count = min_count
        self.epochs = epochs
        self.n_null = n_null
        self.random_state = random_state
        self.progress = progress

    # -- fit -------------------------------------------------------------------------------------
    def fit(self, X, y=None):
        """Learn the vocabulary, the word vectors (unless given), the axes and the corpus baseline.

        Parameters
        ----------
        X : texts or canonical article table (``title`` + ``text``)
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        MicroframeError
            Empty corpus, no word with a vector, no axis with known words on both poles, bad parameters.
        """
        requested = load_axes(self.axes)
        texts = as_texts(X)
        if not texts:
            raise MicroframeError("cannot fit microframes on an empty corpus (0 documents); pass the texts or the "
                                  "article table to score")
        seed = _seed(self.random_state)
        vec = CountVectorizer(analyzer=words)
        try:
            counts = vec.fit_transform(texts)
        except ValueError as exc:  # "empty vocabulary"
            raise MicroframeError(f"the corpus of {len(texts)} document(s) has no word tokens (after removing "
                                  "stopwords, digits and one-letter tokens); expected article text") from exc
        corpus_words = vec.get_feature_names_out()
        if self.vectors is None:
            try:
                wv = word2vec_vectors(texts, vector_size=self.vector_size, window=self.window,
                                      min_count=self.min_count, epochs=self.epochs, random_state=seed)
            except RuntimeError as exc:  # gensim: "you must first build vocabulary before training the model"
                raise MicroframeError(
                    f"word2vec found no word seen at least min_count={self.min_count} times in {len(texts)} "
                    "document(s); lower min_count, fit on a larger corpus, or pass pretrained vectors=") from exc
        else:
            wv = _keyed_vectors(self.vectors)
        has = np.array([w in wv.key_to_index for w in corpus_words], dtype=bool)
        if not has.any():
            raise MicroframeError(f"none of the {len(corpus_words)} corpus words has a vector; expected vectors with "
                                  "lower-case word keys (as toolkit.text.words gives). Pass other vectors= or None.")
        corpus_count = dict(zip(corpus_words, np.asarray(counts.sum(axis=0)).ravel().astype(np.int64)))
        self.vocabulary_ = corpus_words[has]
        counts = counts.tocsc()[:, np.flatnonzero(has)].tocsr().astype(np.float64)

        rows, usable, axis_vectors, self.dropped_axes_ = [], [], [], {}
        for ax in requested:
            known = {}
            for side in ("positive", "negative"):
                pole = getattr(ax, side)
                rows += [{"axis": ax.name, "pole": side, "word": w, "has_vector": w in wv.key_to_index,
                          "count": int(corpus_count.get(w, 0))} for w in pole]
                known[side] = [w for w in pole if w in wv.key_to_index]
            missing = {s: [w for w in getattr(ax, s) if w not in known[s]] for s in known}
            empty = [s for s in known if not known[s]]
            vector = None
            if not empty:
                pos = np.mean([wv.get_vector(w, norm=True) for w in known["positive"]], axis=0)
                neg = np.mean([wv.get_vector(w, norm=True) for w in known["negative"]], axis=0)
                vector = (pos - neg).astype(np.float64)
            if vector is None or not np.linalg.norm(vector) > 1e-12:
                pole = "neither pole has a word" if len(empty) == 2 else f"its {empty[0]} pole has no word"
                why = (f"{pole} with a vector (missing: {', '.join(w for s in empty for w in missing[s])})"
                       if empty else "its two poles have the same mean vector")
                self.dropped_axes_[ax.name] = [w for s in missing for w in missing[s]]
                warnings.warn(f"microframe axis {ax.name!r} dropped: {why}. Add pole words that occur in the corpus, "
                              f"lower min_count (now {self.min_count}), or pass larger vectors=.",
                              MicroframeWarning, stacklevel=2)
                continue
            usable.append(ax)
            axis_vectors.append(vector / np.linalg.norm(vector))
        self.pole_words_ = pd.DataFrame(rows, columns=["axis", "pole", "word", "has_vector", "count"])
        if not usable:
            raise MicroframeError(
                f"none of the {len(requested)} microframe axes is usable: each needs at least one word with a vector "
                f"on both poles (missing: {self.dropped_axes_}). Fit on a larger corpus, lower min_count (now "
                f"{self.min_count}), pass pretrained vectors=, or choose axes whose words occur in the corpus.")
        self.axes_ = usable
        V = np.vstack([wv.get_vector(w, norm=True) for w in self.vocabulary_]).astype(np.float64)
        self.contributions_ = V @ np.vstack(axis_vectors).T
        index = {w: i for i, w in enumerate(self.vocabulary_)}
        include = np.ones_like(self.contributions_, dtype=bool)
        for j, ax in enumerate(usable):
            pole_ids = [index[w] for w in ax.words if w in index]
            include[pole_ids, j] = False
        self._include = include.astype(np.float64)
        totals = np.asarray(counts.sum(axis=0)).ravel()
        with np.errstate(invalid="ignore", divide="ignore"):
            self.baseline_bias_ = (totals @ (self.contributions_ * self._include)) / (totals @ self._include)
        self.word_probabilities_ = totals / totals.sum()
        self._index = index
        self.n_documents_ = len(texts)
        return self

    # -- helpers ---------------------------------------------------------------------------------
    @property
    def axis_names_(self) -> list[str]:
        """Names of the usable axes, in order."""
        return [a.name for a in self.axes_]

    def _check_fitted(self) -> None:
        if not hasattr(self, "contributions_"):
            raise MicroframeError("this MicroframeScorer is not fitted yet; call fit(texts or articles) first")

    def _counts(self, texts: list[str]) -> sparse.csr_matrix:
        vec = CountVectorizer(analyzer=words, vocabulary=self._index)
        return vec.transform(texts).astype(np.float64).tocsr()

    def _observed(self, counts: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bias, intensity and counted words per (document, axis)."""
        C, W = self.contributions_, self._include
        Q = (C - self.baseline_bias_[None, :]) ** 2 * W
        n = np.asarray(counts @ W)
        with np.errstate(invalid="ignore", divide="ignore"):
            bias = np.asarray(counts @ (C * W)) / n
            intensity = np.asarray(counts @ Q) / n
        bias[n == 0] = np.nan
        intensity[n == 0] = np.nan
        return bias, intensity, n

    def _warn_empty(self, n: np.ndarray, ids: np.ndarray, stacklevel: int) -> None:
        empty = (n == 0).any(axis=1)
        if empty.any():
            none = (n == 0).all(axis=1)
            warnings.warn(
                f"{int(empty.sum())} of {len(n)} document(s) have no counted word on at least one axis "
                f"({int(none.sum())} with no in-vocabulary word at all; e.g. doc_id {list(ids[empty][:5])}): their "
                "bias and intensity are NaN there (kept, not dropped). Such documents are empty, very short, or "
                "use only words without a vector.", MicroframeWarning, stacklevel=stacklevel)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Column names of :meth:`transform`: ``bias_<axis>`` then ``intensity_<axis>`` for each axis."""
        self._check_fitted()
        return np.array([f"bias_{a}" for a in self.axis_names_] + [f"intensity_{a}" for a in self.axis_names_],
                        dtype=object)

    # -- transform -------------------------------------------------------------------------------
    def transform(self, X) -> pd.DataFrame:
        """Wide per-document table: index ``doc_id``, columns ``bias_<axis>`` and ``intensity_<axis>``.

        Parameters
        ----------
        X : texts or canonical article table
            ``doc_id`` of an article table becomes the index; for plain texts it is the position (``"0"`` …).

        Returns
        -------
        DataFrame
            One row per document, in input order. Documents with no counted word have NaN (with a
            :class:`MicroframeWarning`).
        """
        self._check_fitted()
        texts = as_texts(X)
        ids = _doc_ids(X, len(texts))
        bias, intensity, n = self._observed(self._counts(texts))
        self._warn_empty(n, ids, stacklevel=4)  # past scikit-learn's set_output wrapper
        out = pd.DataFrame(np.hstack([bias, intensity]), columns=self.get_feature_names_out(),
                           index=pd.Index(ids, name="doc_id"))
        return out

    def scores(self, X) -> pd.DataFrame:
        """Long table with the null model: one row per (document, axis), columns :data:`SCORE_COLUMNS`.

        Parameters
        ----------
        X : texts or canonical article table

        Returns
        -------
        DataFrame
            ``doc_id, axis, bias, intensity, n_words`` (tokens counted on the axis), the null model's
            ``null_bias_mean, null_bias_sd``, ``effect`` (bias minus null mean), ``z`` (effect / null sd),
            ``p_value`` (two-sided, empirical), ``null_intensity_mean, intensity_effect, intensity_p_value``.
            Documents in input order, axes in axis order. See the module docstring for the null model.
        """
        self._check_fitted()
        if not (isinstance(self.n_null, (int, np.integer)) and self.n_null >= 0):
            raise MicroframeError(f"n_null must be a non-negative integer; found {self.n_null!r}")
        texts = as_texts(X)
        ids = _doc_ids(X, len(texts))
        counts = self._counts(texts)
        bias, intensity, n = self._observed(counts)
        self._warn_empty(n, ids, stacklevel=3)
        lengths = np.asarray(counts.sum(axis=1)).ravel().astype(np.int64)
        null = self._null(lengths, bias, intensity) if self.n_null > 0 and len(texts) else None
        D, A = bias.shape
        out = pd.DataFrame({"doc_id": np.repeat(ids, A), "axis": np.tile(self.axis_names_, D),
                            "bias": bias.ravel(), "intensity": intensity.ravel(),
                            "n_words": n.ravel().astype(np.int64)})
        cols = ("null_bias_mean", "null_bias_sd", "effect", "z", "p_value", "null_intensity_mean",
                "intensity_effect", "intensity_p_value")
        for col in cols:
            out[col] = np.nan if null is None else null[col].ravel()
        out["doc_id"] = out["doc_id"].astype("string")
        out["axis"] = out["axis"].astype("string")
        return out[list(SCORE_COLUMNS)]

    # -- null model ------------------------------------------------------------------------------
    def _null_tokens(self, n_null: int, length: int, seed: int) -> np.ndarray:
        """(n_null x length) token ids drawn from the corpus distribution, block by seeded block."""
        cum = np.cumsum(self.word_probabilities_)
        cum[-1] = 1.0
        n_blocks = -(-length // _NULL_BLOCK)
        ids = np.empty((n_null, n_blocks * _NULL_BLOCK), dtype=np.int32)
        for j in range(n_blocks):
            u = np.random.default_rng([seed, j]).random((n_null, _NULL_BLOCK))
            ids[:, j * _NULL_BLOCK:(j + 1) * _NULL_BLOCK] = np.minimum(np.searchsorted(cum, u, side="right"),
                                                                       len(cum) - 1)
        return ids[:, :length]

    def _null(self, lengths: np.ndarray, bias: np.ndarray, intensity: np.ndarray) -> dict[str, np.ndarray]:
        """Null-model summaries per (document, axis); streaming over chunks of random bags."""
        from tqdm.auto import tqdm

        B = int(self.n_null)
        D, A = bias.shape
        C, W = self.contributions_, self._include
        table = np.hstack([C * W, W, (C - self.baseline_bias_[None, :]) ** 2 * W])  # V x 3A
        uniq = np.unique(lengths[lengths > 0])
        stats = {k: np.zeros((D, A)) for k in ("n", "sb", "ssb", "geb", "leb", "si", "ssi", "gei", "lei")}
        if len(uniq):
            L = int(uniq[-1])
            tokens = self._null_tokens(B, L, _seed(self.random_state))
            pos = np.searchsorted(uniq, lengths)  # documents of length 0 get position 0 and are masked below
            has_words = lengths > 0
            starts = np.r_[0, uniq[:-1]]
            chunk = max(1, min(B, _CHUNK_FLOATS // max(1, L * 3 * A), _CHUNK_FLOATS // max(1, D * A)))
            for s in tqdm(range(0, B, chunk), desc="null model", unit="chunk", disable=not self.progress):
                G = table[tokens[s:s + chunk]]  # chunk x L x 3A
                sums = np.cumsum(np.add.reduceat(G, starts, axis=1), axis=1)  # chunk x U x 3A: bags of each length
                with np.errstate(invalid="ignore", divide="ignore"):
                    nb = sums[:, :, :A] / sums[:, :, A:2 * A]
                    ni = sums[:, :, 2 * A:] / sums[:, :, A:2 * A]
                nb, ni = nb[:, pos, :], ni[:, pos, :]  # chunk x D x A
                ok = np.isfinite(nb) & has_words[None, :, None]
                nb, ni = np.where(ok, nb, 0.0), np.where(ok, ni, 0.0)
                stats["n"] += ok.sum(axis=0)
                stats["sb"] += nb.sum(axis=0)
                stats["ssb"] += (nb ** 2).sum(axis=0)
                stats["si"] += ni.sum(axis=0)
                stats["ssi"] += (ni ** 2).sum(axis=0)
                stats["geb"] += (ok & (nb >= bias[None])).sum(axis=0)
                stats["leb"] += (ok & (nb <= bias[None])).sum(axis=0)
                stats["gei"] += (ok & (ni >= intensity[None])).sum(axis=0)
                stats["lei"] += (ok & (ni <= intensity[None])).sum(axis=0)
        k = stats["n"]
        with np.errstate(invalid="ignore", divide="ignore"):
            mb, mi = stats["sb"] / k, stats["si"] / k
            sdb = np.sqrt(np.maximum(stats["ssb"] - k * mb ** 2, 0.0) / (k - 1))
            pb = np.minimum(1.0, 2 * np.minimum(stats["geb"] + 1, stats["leb"] + 1) / (k + 1))
            pi = np.minimum(1.0, 2 * np.minimum(stats["gei"] + 1, stats["lei"] + 1) / (k + 1))
            z = (bias - mb) / sdb
        undefined = (k == 0) | np.isnan(bias)
        out = {"null_bias_mean": mb, "null_bias_sd": sdb, "effect": bias - mb, "z": z, "p_value": pb,
               "null_intensity_mean": mi, "intensity_effect": intensity - mi, "intensity_p_value": pi}
        return {key: np.where(undefined, np.nan, v) for key, v in out.items()}


# -- one-call functions ----------------------------------------------------------------------------

def microframe_scores(articles: pd.DataFrame, axes=None, *, vectors=None, n_null: int = 1000, random_state: int = 0,
                      progress: bool = False, **word2vec) -> pd.DataFrame:
    """Microframe bias, intensity and null model per (document, axis) of an article table, in one call.

    Fits a :class:`MicroframeScorer` on ``articles`` (word2vec trained on them unless ``vectors`` is given)
    and scores the same articles.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table (``doc_id``, ``text``; ``title`` is prepended when present).
    axes : see :func:`load_axes`
    vectors : gensim KeyedVectors or Word2Vec model, optional
    n_null, random_state, progress : see :class:`MicroframeScorer`
    **word2vec
        ``vector_size``, ``window``, ``min_count``, ``epochs`` for corpus-trained vectors.

    Returns
    -------
    DataFrame
        Long table, columns :data:`SCORE_COLUMNS`; :func:`microframe_measures` turns it into the wide
        per-document table :func:`toolkit.compare.within_event_contrast` takes.
    """
    if not isinstance(articles, pd.DataFrame) or "doc_id" not in articles or "text" not in articles:
        raise MicroframeError("expected a canonical article table with doc_id and text columns; found "
                              f"{type(articles).__name__} {list(getattr(articles, 'columns', []))}. "
                              "For plain texts use MicroframeScorer().fit(texts).scores(texts).")
    unknown = sorted(set(word2vec) - {"vector_size", "window", "min_count", "epochs"})
    if unknown:
        raise MicroframeError(f"unknown keyword argument(s) {unknown}; expected vector_size, window, min_count, epochs")
    scorer = MicroframeScorer(axes, vectors=vectors, n_null=n_null, random_state=random_state, progress=progress,
                              **word2vec)
    return scorer.fit(articles).scores(articles)


def microframe_measures(scores: pd.DataFrame, value: str = "bias") -> pd.DataFrame:
    """Wide per-document table ``doc_id`` + one column per axis, for :func:`toolkit.compare.within_event_contrast`.

    Parameters
    ----------
    scores : DataFrame
        The long table of :func:`microframe_scores` / :meth:`MicroframeScorer.scores`.
    value : str, default "bias"
        Which numeric column to spread: ``bias``, ``intensity``, ``effect``, ``intensity_effect``, ``z`` …

    Returns
    -------
    DataFrame
        ``doc_id`` then one float column per axis (axis order kept); NaN stays NaN (``within_event_contrast``
        leaves those articles out of that axis, with a warning).
    """
    need = {"doc_id", "axis", value}
    if not isinstance(scores, pd.DataFrame) or not need <= set(scores.columns):
        found = list(getattr(scores, "columns", []))
        raise MicroframeError(f"expected the long microframe table with columns doc_id, axis, {value}; found {found}. "
                              "Make it with microframe_scores() or MicroframeScorer.scores().")
    if not pd.api.types.is_numeric_dtype(scores[value]) or value in ("doc_id", "axis"):
        raise MicroframeError(f"value {value!r} is not a numeric column of the microframe table; expected one of "
                              f"{[c for c in scores.columns if pd.api.types.is_numeric_dtype(scores[c])]}")
    dup = scores.duplicated(["doc_id", "axis"])
    if dup.any():
        raise MicroframeError(f"{int(dup.sum())} duplicate (doc_id, axis) rows, e.g. "
                              f"{scores.loc[dup, 'doc_id'].astype(str).iloc[0]!r}; doc_id must be unique per document")
    axes = list(dict.fromkeys(scores["axis"].astype(str)))
    ids = list(dict.fromkeys(scores["doc_id"].astype(str)))
    wide = scores.assign(doc_id=scores["doc_id"].astype(str), axis=scores["axis"].astype(str)).pivot(
        index="doc_id", columns="axis", values=value)
    wide = wide.reindex(index=ids, columns=axes).astype(float)
    wide.columns.name = None
    return wide.reset_index()


__all__ = ["MICROFRAME_AXES", "SCORE_COLUMNS", "MicroframeAxis", "MicroframeError", "MicroframeScorer",
           "MicroframeWarning", "axes_from_dict", "load_axes", "microframe_measures", "microframe_scores"]
