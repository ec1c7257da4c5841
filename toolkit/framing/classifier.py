"""``FrameClassifier``: multi-label (and primary-frame) frame classification of texts.

One TF-IDF vocabulary, one L2 logistic regression per frame (one-vs-rest, balanced class weights), then
two steps learned from **out-of-fold** decision scores of an inner cross-validation on the training data
(so nothing is tuned on the documents it is scored on):

1. *calibration*: per frame, a Platt sigmoid maps the decision score to a probability
   (``predict_proba`` is calibrated: a probability of 0.3 means about 30 % of such documents carry the frame);
2. *thresholds*: ``threshold="global"`` picks one probability threshold maximising micro-F1 on the
   out-of-fold probabilities; ``"per_label"`` picks one per frame, shrunk toward the global one in proportion
   to how few examples the frame has (``n / (n + shrinkage)``); a float fixes it.

``embeddings=True`` (optional extra ``embeddings``) adds a dense block beside the TF-IDF features: the
mean all-MiniLM-L6-v2 embedding of each document's chunks of ``chunk_words`` words (at most ``max_chunks``
from the start; :mod:`toolkit.framing.embedding_features`), times ``embedding_weight``. Everything after the
features (per-frame regressions, calibration, thresholds) is the same. Without the extra, fitting raises
:class:`toolkit.embeddings.EmbeddingsUnavailable` with the install command.

``word_vectors=`` (core install; :mod:`toolkit.framing.word_vectors`) adds another dense block: each document's
unit-length mean word2vec vector, from vectors trained on a large unlabelled news corpus
(:func:`~toolkit.framing.word_vectors.reference_word_vectors`), times ``word_vector_weight``. It carries what the
words of an unseen topic share with the training documents' words (topic-grouped SemEval-2023 micro-F1 0.600 ->
0.670, GVFC headline accuracy 0.724 -> 0.753; README).

``finetune=True`` (optional extra ``embeddings``; several frames per document) also fine-tunes MiniLM on the
training documents, cut into chunks (:class:`~toolkit.framing.FineTunedFrameClassifier`), and blends its
probabilities into the calibrated ones (``finetune_weight``, default 0.3) before the thresholds, which stay those
learnt from the TF-IDF model's out-of-fold probabilities.

``min_frames`` (default 1) guarantees that many frames per document (the most probable ones relative to
their thresholds); ``max_frames`` caps it. With a 1-D ``y`` (one label per document) the classifier is a
multinomial logistic regression for the **primary** frame instead (``predict`` returns names).

Input ``X``: a list / Series of strings, or a canonical article table (``title`` and ``text`` are joined).
``y``: a list of label collections (``[["Political", "Morality"], …]``), a 2-D 0/1 indicator array (columns in
``scheme`` order, or ``classes`` order), or a 1-D list of single labels (primary-frame mode).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted
from tqdm.auto import tqdm

from toolkit.framing.schemes import FrameScheme, SchemeError, load_scheme


class FramingWarning(UserWarning):
    """Something about the input weakens a framing result (rare labels, near-empty documents)."""


def as_texts(X) -> list[str]:
    """Texts from a list/Series of strings or an article table (``title`` + blank line + ``text``)."""
    if isinstance(X, pd.DataFrame):
        if "text" not in X:
            raise ValueError(f"expected an article table with a 'text' column, found columns {list(X.columns)}; "
                             f"pass a list of strings or a canonical article table")
        text = X["text"].fillna("").astype(str)
        if "title" in X:
            title = X["title"].fillna("").astype(str)
            text = (title + "\n\n" + text).str.strip()
        return text.tolist()
    if isinstance(X, str):
        raise ValueError("expected a sequence of texts, found one string; wrap it in a list")
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in X]


def _is_multilabel(y) -> bool:
    if isinstance(y, np.ndarray) or hasattr(y, "shape"):
        return np.ndim(y) == 2
    first = next(iter(y), None)
    return isinstance(first, (list, tuple, set, frozenset, np.ndarray))


def _best_threshold(y: np.ndarray, p: np.ndarray, grid: np.ndarray, average: str = "binary") -> float:
    scores = [f1_score(y, p >= t, average=average, zero_division=0) for t in grid]
    return float(grid[int(np.argmax(scores))])


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label frame classifier (TF-IDF + per-frame logistic regression, calibrated, thresholded).

    Parameters
    ----------
    scheme : str, path, dict or FrameScheme, optional
        Frame scheme; labels are checked against it (unknown labels raise :class:`SchemeError`) and
        ``classes_`` follow its order. None: the labels seen in ``y``, sorted.
    C : float, default 4.0
        Inverse L2 regularisation of each logistic regression.
    ngram_range : tuple, default (1, 1)
        Word n-grams of the TF-IDF vocabulary.
    min_df : int, default 2
        Minimum document frequency of a term.
    max_df : float, default 0.9
        Maximum document share of a term.
    max_features : int, optional
        Vocabulary cap.
    char_ngrams : tuple, optional
        Add character n-grams (within word boundaries) of this range, e.g. ``(2, 5)`` for headlines.
    threshold : {"global", "per_label"} or float, default "global"
        How the probability threshold of each frame is chosen (see the module docstring).
    shrinkage : float, default 30
        For ``threshold="per_label"``: a frame with n positives gets ``n/(n+shrinkage)`` of its own threshold
        and the rest of the global one.
    cv : int, default 4
        Inner folds for the out-of-fold scores behind calibration and thresholds.
    min_examples : int, default 5
        Frames with fewer positive (or negative) training examples are dropped with a :class:`FramingWarning`.
    min_frames, max_frames : int, default 1 and None
        Bounds on the number of frames predicted per document (multi-label mode).
    min_words : int, default 3
        Documents with fewer words get no frames from ``predict`` (with a :class:`FramingWarning`).
    random_state : int, default 0
        Seeds the inner folds.
    progress : bool, default False
        Show a tqdm progress bar over frames while fitting.
    embeddings : bool, default False
        Add sentence-embedding features (needs the optional extra: ``pip install -e ".[embeddings]"``).
    finetune : bool or FineTunedFrameClassifier, default False
        Several frames per document: also fine-tune MiniLM on the training documents (optional extra
        ``embeddings``; :class:`~toolkit.framing.FineTunedFrameClassifier` in its chunked multi-label mode, or the
        unfitted one given) and blend its probabilities into the calibrated ones, ``(1 - w)·P + w·P_finetuned``,
        before the thresholds (which stay those of the TF-IDF model's out-of-fold probabilities). Adds minutes
        per fit on 2 cores; see the README ("Several frames per article by fine-tuning").
    finetune_weight : float, default 0.3
        ``w`` above.
    embedding_weight : float, default 1.0
        Multiplier of the unit-length embedding block against the unit-length TF-IDF rows.
    chunk_words : int, default 150
        Words per embedded chunk of a document (the encoder reads about 190 words at most).
    max_chunks : int or None, default 8
        Chunks embedded per document, from its start (1: title and lead only; None: all).
    embedder : SentenceEmbedder or None, default None
        Encoder of the embedding block; None = ``SentenceEmbedder()`` (all-MiniLM-L6-v2, default disk cache).
    word_vectors : WordVectors, gensim KeyedVectors, path or None, default None
        Domain word vectors (:func:`toolkit.framing.word_vectors.reference_word_vectors`): adds each document's
        unit-length mean word vector as a dense block. None: no such block.
    word_vector_weight : float, default 1.0
        Multiplier of that block against the unit-length TF-IDF rows (0.5 and 2 scored lower in CV).

    Attributes
    ----------
    classes_ : ndarray of str
        Frame names, in scheme order.
    multilabel_ : bool
        True for multi-label ``y``; False in primary-frame mode.
    vectorizer_ : TfidfVectorizer or FeatureUnion
    embedder_ : SentenceEmbedder or None
        The fitted encoder of the embedding block (None without ``embeddings``). Its weights are the last
        ``embedding_dim_`` columns of ``coef_``.
    embedding_dim_ : int
        Width of the dense blocks after the TF-IDF columns (sentence embeddings, then word vectors; 0 without).
    word_vectors_ : WordVectors or None
        The word vectors of the fitted model (saved with it).
    coef_, intercept_ : ndarray
        Per-frame (multi-label) or multinomial (primary) logistic-regression weights.
    calibration_ : ndarray of shape (n_classes, 2)
        Platt slope and intercept per frame (multi-label mode).
    thresholds_ : ndarray of shape (n_classes,)
        Probability thresholds (multi-label mode).
    label_prior_ : ndarray
        Share of training documents carrying each frame.
    dropped_labels_ : list of str
        Frames left out for too few examples.
    finetuned_ : FineTunedFrameClassifier or None
        The fitted fine-tuned block (``finetune``).
    """

    def __init__(self, scheme=None, *, C: float = 4.0, ngram_range: tuple[int, int] = (1, 1), min_df: int = 2,
                 max_df: float = 0.9, max_features: int | None = None, char_ngrams: tuple[int, int] | None = None,
                 threshold: str | float = "global",
                 shrinkage: float = 30.0, cv: int = 4, min_examples: int = 5, min_frames: int = 1,
                 max_frames: int | None = None, min_words: int = 3, random_state: int | None = 0,
                 progress: bool = False, embeddings: bool = False, embedding_weight: float = 1.0,
                 chunk_words: int = 150, max_chunks: int | None = 8, embedder=None, word_vectors=None,
                 word_vector_weight: float = 1.0, finetune=False, finetune_weight: float = 0.3):
        self.scheme = scheme
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.char_ngrams = char_ngrams
        self.threshold = threshold
        self.shrinkage = shrinkage
        self.cv = cv
        self.min_examples = min_examples
        self.min_frames = min_frames
        self.max_frames = max_frames
        self.min_words = min_words
        self.random_state = random_state
        self.progress = progress
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight
        self.chunk_words = chunk_words
        self.max_chunks = max_chunks
        self.embedder = embedder
        self.word_vectors = word_vectors
        self.word_vector_weight = word_vector_weight
        self.finetune = finetune
        self.finetune_weight = finetune_weight

    # -- helpers ---------------------------------------------------------------------------------
    def _scheme(self) -> FrameScheme | None:
        return None if self.scheme is None else load_scheme(self.scheme)

    def _vectorizer(self):
        words = TfidfVectorizer(sublinear_tf=True, ngram_range=tuple(self.ngram_range), min_df=self.min_df,
                                max_df=self.max_df, max_features=self.max_features, stop_words="english")
        if self.char_ngrams is None:
            return words
        chars = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                min_df=self.min_df, max_df=self.max_df, max_features=self.max_features)
        return FeatureUnion([("words", words), ("chars", chars)])

    def _fit_features(self, texts: list[str]):
        """Fit the TF-IDF vocabulary (and load the encoder) and return the training feature matrix."""
        self.vectorizer_ = self._vectorizer()
        self.embedder_ = None
        self.embedding_dim_ = 0
        from toolkit.framing.word_vectors import as_word_vectors

        self.word_vectors_ = as_word_vectors(self.word_vectors)
        if self.embeddings:
            from toolkit.framing.embedding_features import make_embedder

            self.embedder_ = make_embedder(self.embedder)   # fails early, with the install command
        A = self.vectorizer_.fit_transform(texts)
        full = self._add_embeddings(A, texts)
        self.embedding_dim_ = full.shape[1] - A.shape[1]
        return full

    def _features(self, texts: list[str]):
        return self._add_embeddings(self.vectorizer_.transform(texts), texts)

    def _add_embeddings(self, A, texts: list[str]):
        blocks = [A]
        if getattr(self, "embedder_", None) is not None:
            from toolkit.framing.embedding_features import document_embeddings

            E = document_embeddings(texts, self.embedder_, self.chunk_words, self.max_chunks)
            blocks.append(sp.csr_matrix(E * float(self.embedding_weight)))
        if getattr(self, "word_vectors_", None) is not None:
            W = self.word_vectors_.document_vectors(texts)
            blocks.append(sp.csr_matrix(W * float(self.word_vector_weight)))
        return A if len(blocks) == 1 else sp.hstack(blocks, format="csr")

    def _indicator(self, y) -> tuple[np.ndarray, list[str]]:
        scheme = self._scheme()
        if isinstance(y, pd.DataFrame):
            return y.to_numpy(dtype=int), [str(c) for c in y.columns]
        if isinstance(y, np.ndarray) and y.ndim == 2 and y.dtype != object:
            names = scheme.names if scheme is not None else None
            if names is None or len(names) != y.shape[1]:
                raise ValueError(f"a 2-D indicator y needs a scheme with one frame per column: found {y.shape[1]} "
                                 f"columns and scheme {None if scheme is None else scheme.names}")
            return y.astype(int), list(names)
        label_sets = [list(labels) for labels in y]
        flat = [label for labels in label_sets for label in labels]
        if scheme is not None:
            canon = dict(zip(map(str, flat), scheme.canonical_labels(flat)))
            names = scheme.names
        else:
            canon = {str(x): str(x) for x in flat}
            names = sorted(set(canon.values()))
        index = {n: j for j, n in enumerate(names)}
        Y = np.zeros((len(label_sets), len(names)), dtype=int)
        for i, labels in enumerate(label_sets):
            for label in labels:
                Y[i, index[canon[str(label)]]] = 1
        return Y, names

    def _keep_trainable(self, Y: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str]]:
        pos = Y.sum(axis=0)
        neg = len(Y) - pos
        keep = (pos >= self.min_examples) & (neg >= self.min_examples)
        dropped = [f"{n} ({int(p)} of {len(Y)})" for n, p, k in zip(names, pos, keep) if not k]
        present = [n for n, p, k in zip(names, pos, keep) if not k and p > 0]
        if present or (dropped and self._scheme() is None):
            warnings.warn(f"{len(present)} frame(s) have fewer than min_examples={self.min_examples} positive or "
                          f"negative training documents and are left out (never predicted): "
                          f"{[d for d in dropped if int(d.rsplit('(', 1)[1].split()[0]) > 0]}. Code more examples, "
                          f"merge frames, or lower min_examples.", FramingWarning, stacklevel=3)
        self.dropped_labels_ = [n for n, k in zip(names, keep) if not k]
        if not keep.any():
            raise ValueError(f"no frame has at least min_examples={self.min_examples} positive and negative "
                             f"training documents (positives per frame: {dict(zip(names, pos.tolist()))}); "
                             f"code more documents or lower min_examples")
        return Y[:, keep], [n for n, k in zip(names, keep) if k]

    def _fit_binary(self, A, y: np.ndarray) -> LogisticRegression:
        return LogisticRegression(C=self.C, solver="liblinear", class_weight="balanced").fit(A, y)

    def _too_short(self, texts: list[str]) -> np.ndarray:
        """Documents with fewer than ``min_words`` words (split at most ``min_words - 1`` times: a long article is
        not split in full just to count past the floor)."""
        k = self.min_words
        return np.array([len(t.split(None, k - 1)) < k for t in texts] if k > 0 else [False] * len(texts),
                        dtype=bool)

    def _warn_short(self, texts: list[str]) -> np.ndarray:
        short = self._too_short(texts)
        if short.any():
            warnings.warn(f"{int(short.sum())} of {len(texts)} document(s) have fewer than min_words="
                          f"{self.min_words} words and get no frames (e.g. position {int(np.flatnonzero(short)[0])}); "
                          f"check the text column or lower min_words", FramingWarning, stacklevel=3)
        return short

    # -- fit -------------------------------------------------------------------------------------
    def fit(self, X, y) -> FrameClassifier:
        """Fit on texts ``X`` and frame labels ``y`` (see the module docstring for the accepted forms).

        Returns
        -------
        self
        """
        texts = as_texts(X)
        if len(texts) != len(y):
            raise ValueError(f"X has {len(texts)} documents but y has {len(y)} label entries; they must align")
        self.multilabel_ = _is_multilabel(y)
        A = self._fit_features(texts)
        if not self.multilabel_:
            return self._fit_primary(A, y)
        Y, names = self._keep_trainable(*self._indicator(y))
        self.classes_ = np.array(names, dtype=object)
        self.label_prior_ = Y.mean(axis=0)
        k = Y.shape[1]
        self.coef_ = np.zeros((k, A.shape[1]))
        self.intercept_ = np.zeros(k)
        oof = np.zeros(Y.shape, dtype=float)
        folds = list(KFold(self.cv, shuffle=True, random_state=self.random_state).split(A))
        for j in tqdm(range(k), desc="frames", disable=not self.progress):
            model = self._fit_binary(A, Y[:, j])
            self.coef_[j], self.intercept_[j] = model.coef_[0], model.intercept_[0]
            for tr, te in folds:
                if Y[tr, j].min() == Y[tr, j].max():
                    oof[te, j] = 0.0
                    continue
                oof[te, j] = self._fit_binary(A[tr], Y[tr, j]).decision_function(A[te])
        self.calibration_ = np.zeros((k, 2))
        for j in range(k):
            platt = LogisticRegression(C=1e4).fit(oof[:, [j]], Y[:, j])
            self.calibration_[j] = platt.coef_[0, 0], platt.intercept_[0]
        P = expit(oof * self.calibration_[:, 0] + self.calibration_[:, 1])
        self.thresholds_ = self._thresholds(Y, P)
        self.finetuned_ = self._fit_finetuned(texts, Y, names)
        return self

    def _fit_finetuned(self, texts: list[str], Y: np.ndarray, names: list[str]):
        """The fine-tuned MiniLM block (``finetune``), fitted on the frames kept; None without it."""
        if self.finetune is None or self.finetune is False:
            return None
        if not 0 < float(self.finetune_weight) <= 1:
            raise ValueError(f"finetune_weight must lie in (0, 1]; found {self.finetune_weight}.")
        from sklearn.base import clone

        from .finetune import FineTunedFrameClassifier

        if self.finetune is True:
            model = FineTunedFrameClassifier(min_examples=0, progress=self.progress)
        elif isinstance(self.finetune, FineTunedFrameClassifier):
            model = clone(self.finetune).set_params(scheme=None, min_examples=0)
        else:
            raise ValueError(f"finetune must be True, False or a FineTunedFrameClassifier; found {self.finetune!r}.")
        return model.fit(texts, pd.DataFrame(Y, columns=names))

    def _thresholds(self, Y: np.ndarray, P: np.ndarray) -> np.ndarray:
        k = Y.shape[1]
        if isinstance(self.threshold, (int, float)) and not isinstance(self.threshold, bool):
            if not 0 < float(self.threshold) < 1:
                raise ValueError(f"threshold must lie in (0, 1), found {self.threshold}")
            return np.full(k, float(self.threshold))
        if self.threshold not in ("global", "per_label"):
            raise ValueError(f"threshold must be 'global', 'per_label' or a float in (0, 1); found {self.threshold!r}")
        grid = np.linspace(0.05, 0.95, 91)
        best = _best_threshold(Y, P, grid, average="micro")
        if self.threshold == "global":
            return np.full(k, best)
        own = np.array([_best_threshold(Y[:, j], P[:, j], grid) for j in range(k)])
        w = Y.sum(axis=0) / (Y.sum(axis=0) + self.shrinkage)
        return w * own + (1 - w) * best

    def _fit_primary(self, A, y) -> FrameClassifier:
        if self.finetune is not None and self.finetune is not False:
            raise ValueError("finetune=... blends fine-tuned MiniLM into several frames per document; for one "
                             "(primary) frame per text use FineTunedFrameClassifier itself.")
        self.finetuned_ = None
        labels = [str(v) for v in y]
        scheme = self._scheme()
        if scheme is not None:
            labels = scheme.canonical_labels(labels)
        counts = pd.Series(labels).value_counts()
        rare = counts[counts < self.min_examples]
        if len(rare):
            warnings.warn(f"{len(rare)} frame(s) have fewer than min_examples={self.min_examples} training documents "
                          f"and are left out: {rare.to_dict()}. Code more examples or lower min_examples.",
                          FramingWarning, stacklevel=2)
        self.dropped_labels_ = sorted(rare.index)
        keep = ~pd.Series(labels).isin(rare.index).to_numpy()
        if len(set(np.asarray(labels)[keep])) < 2:
            raise ValueError(f"primary-frame mode needs at least two frames with min_examples={self.min_examples} "
                             f"documents; found {counts.to_dict()}")
        order = scheme.names if scheme is not None else sorted(counts.index)
        model = LogisticRegression(C=self.C, max_iter=2000).fit(A[keep], np.asarray(labels, dtype=object)[keep])
        self.classes_ = np.array([c for c in order if c in set(model.classes_)], dtype=object)
        idx = [list(model.classes_).index(c) for c in self.classes_]
        coef, intercept = model.coef_, model.intercept_
        if coef.shape[0] == 1:  # two frames: scikit-learn keeps one row (class 1 vs 0); as softmax rows: -w/2, +w/2
            coef, intercept = np.vstack([-coef / 2, coef / 2]), np.r_[-intercept / 2, intercept / 2]
        self.coef_, self.intercept_ = coef[idx], intercept[idx]
        self.label_prior_ = np.array([float(np.mean(np.asarray(labels)[keep] == c)) for c in self.classes_])
        return self

    # -- predict ---------------------------------------------------------------------------------
    def decision_function(self, X) -> np.ndarray:
        """Raw linear scores, shape (n_documents, n_classes)."""
        check_is_fitted(self, "coef_")
        A = self._features(as_texts(X))
        return np.asarray(A @ self.coef_.T) + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        """Calibrated probability of each frame (multi-label), or of each primary frame (rows sum to 1)."""
        S = self.decision_function(X)
        if not self.multilabel_:
            S = S - S.max(axis=1, keepdims=True)
            E = np.exp(S)
            return E / E.sum(axis=1, keepdims=True)
        P = expit(S * self.calibration_[:, 0] + self.calibration_[:, 1])
        finetuned = getattr(self, "finetuned_", None)
        if finetuned is not None:
            w = float(self.finetune_weight)
            F = finetuned.predict_proba(X)
            cols = {c: j for j, c in enumerate(finetuned.classes_)}
            for j, c in enumerate(self.classes_):
                if c in cols:
                    P[:, j] = (1 - w) * P[:, j] + w * F[:, cols[c]]
        return P

    def predict(self, X) -> np.ndarray:
        """Multi-label: 0/1 indicator matrix (columns = ``classes_``). Primary mode: one frame name per document."""
        texts = as_texts(X)
        P = self.predict_proba(texts)
        short = self._warn_short(texts)
        if not self.multilabel_:
            out = self.classes_[np.argmax(P, axis=1)].astype(object)
            out[short] = None
            return out
        margin = P - self.thresholds_
        Y = (margin >= 0).astype(int)
        order = np.argsort(-margin, axis=1)
        rows = np.arange(len(P))
        for r in range(min(self.min_frames, P.shape[1])):
            Y[rows, order[:, r]] = 1
        if self.max_frames is not None:
            for r in range(self.max_frames, P.shape[1]):
                Y[rows, order[:, r]] = 0
        Y[short] = 0
        return Y

    def predict_primary(self, X) -> np.ndarray:
        """The most probable frame of each document (``None`` for documents too short to classify)."""
        texts = as_texts(X)
        P = self.predict_proba(texts)
        short = self._too_short(texts)
        out = self.classes_[np.argmax(P, axis=1)].astype(object)
        out[short] = None
        return out

    def predict_labels(self, X) -> list[list[str]]:
        """Predicted frames of each document as lists of names."""
        Y = self.predict(X)
        if not self.multilabel_:
            return [[v] if v is not None else [] for v in Y]
        return [list(self.classes_[row.astype(bool)]) for row in Y]

    def score(self, X, y, sample_weight=None) -> float:
        """Micro-F1 (multi-label) or accuracy (primary mode) on ``X``, ``y``."""
        if not self.multilabel_:
            return float(np.mean(self.predict(X) == np.asarray([str(v) for v in y], dtype=object)))
        Y, names = self._indicator(y)
        cols = [names.index(c) for c in self.classes_ if c in names]
        return float(f1_score(Y[:, cols], self.predict(X), average="micro", zero_division=0))


def labels_from_table(frames: pd.DataFrame, doc_ids: Iterable[str], *, column: str = "frame",
                      scheme=None) -> list[list[str]]:
    """Label lists aligned to ``doc_ids`` from a long ``doc_id, frame`` table (documents without rows get ``[]``).

    With ``scheme``, names are made canonical (unknown labels raise :class:`SchemeError`).
    """
    missing = {"doc_id", column} - set(frames.columns)
    if missing:
        raise ValueError(f"expected a frame table with columns doc_id and {column!r}, missing {sorted(missing)}")
    names = frames[column].astype(str).tolist()
    if scheme is not None:
        names = load_scheme(scheme).canonical_labels(names)
    grouped: dict[str, list[str]] = {}
    for doc, name in zip(frames["doc_id"].astype(str), names):
        bucket = grouped.setdefault(doc, [])
        if name not in bucket:
            bucket.append(name)
    return [grouped.get(str(d), []) for d in doc_ids]


__all__ = ["FrameClassifier", "FramingWarning", "SchemeError", "as_texts", "labels_from_table"]
