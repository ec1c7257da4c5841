"""Frames by fine-tuning MiniLM end to end (optional ``embeddings`` extra).

:class:`FineTunedFrameClassifier` trains the sentence encoder of the optional extra together with a linear
head (:class:`toolkit.finetune.FineTunedEncoder`), checked against a frame scheme, in one of two modes chosen by
the labels, as :class:`~toolkit.framing.FrameClassifier` does:

* one label per text (**primary frame**): a softmax head on the whole text (128 tokens): headlines and short
  paragraphs (GVFC's headline primary frame);
* lists of labels (**several frames per article**): articles are cut into chunks of ``chunk_words`` words (at
  most ``max_chunks`` from the start, the title opening the first), every chunk is trained on its article's
  frames with a sigmoid head (positives weighted by the square root of the negative / positive ratio), and an
  article's probability of a frame is the mean over its chunks. Its probabilities are not calibrated; inside
  :class:`~toolkit.framing.FrameClassifier` (``finetune=True``) they are blended with the calibrated TF-IDF
  probabilities, whose out-of-fold thresholds decide.

>>> from toolkit.framing import FineTunedFrameClassifier                # doctest: +SKIP
>>> model = FineTunedFrameClassifier("gvfc").fit(headlines, primary_frames)   # doctest: +SKIP
>>> model.predict(["Lawmakers push universal background checks"])      # doctest: +SKIP
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..embeddings import DEFAULT_MODEL
from ..finetune import FineTunedEncoder
from .classifier import FramingWarning, _is_multilabel, as_texts
from .schemes import load_scheme


class FineTunedFrameClassifier(FineTunedEncoder):
    """Fine-tuned MiniLM: the primary frame of each text, in a frame scheme.

    Parameters
    ----------
    scheme : str, FrameScheme, dict, path or None, default None
        Frame scheme the labels must belong to (a built-in name such as ``"gvfc"``, a YAML/JSON file, ...);
        None accepts any labels.
    min_examples : int, default 5
        Frames with fewer training texts are left out with a :class:`FramingWarning` (never predicted).
    learning_rate : float, default 1e-4
    epochs : int, optional
        Default 10 for the primary frame, chosen by an inner 4-fold CV on the training part of GVFC's first random
        fold (1,040 headlines), of (epochs, learning rate) = (10, 5e-5): accuracy 0.805, (10, 1e-4): 0.815; the
        actor model's (3, 5e-5) scored 0.692 on the outer folds. Small coding sets need more passes than
        NewsMTSC's 8,700 targets. Default 4 for several frames per article (each article gives several chunks).
    chunk_words : int, default 90
        Several frames per article: words per chunk (about 120 tokens, under ``max_length``).
    max_chunks : int, default 12
        Several frames per article: chunks read per article, from the start.
    threshold : float, default 0.5
        Several frames per article: :meth:`predict` gives the frames whose probability reaches it (at least the
        most probable one).
    model, batch_size, max_length, weight_decay, warmup, dropout, class_weight,
    freeze_embeddings, n_threads, random_state, progress
        As in :class:`toolkit.finetune.FineTunedEncoder`.

    Attributes
    ----------
    classes_ : ndarray of str
        The frames seen in training (sorted).
    dropped_labels_ : list of str
        Frames left out for too few examples.
    multilabel_ : bool
        False for one frame per text, True for several (as :class:`~toolkit.framing.FrameClassifier`).
    weights_, base_sha256_, n_steps_
        As in :class:`toolkit.finetune.FineTunedEncoder`.
    """

    def __init__(self, scheme=None, *, min_examples: int = 5, model: str = DEFAULT_MODEL,
                 learning_rate: float = 1e-4, epochs: int | None = None, batch_size: int = 32, max_length: int = 128,
                 weight_decay: float = 0.01, warmup: float = 0.1, dropout: float = 0.1,
                 class_weight: str | None = "balanced", freeze_embeddings: bool = True, n_threads: int = 2,
                 random_state: int = 0, progress: bool = True, chunk_words: int = 90, max_chunks: int = 12,
                 threshold: float = 0.5):
        super().__init__(model=model, learning_rate=learning_rate, epochs=epochs, batch_size=batch_size,
                         max_length=max_length, weight_decay=weight_decay, warmup=warmup, dropout=dropout,
                         class_weight=class_weight, freeze_embeddings=freeze_embeddings, n_threads=n_threads,
                         random_state=random_state, progress=progress)
        self.scheme = scheme
        self.min_examples = min_examples
        self.chunk_words = chunk_words
        self.max_chunks = max_chunks
        self.threshold = threshold

    def _epochs(self, y=None) -> int:
        if self.epochs is not None:
            return int(self.epochs)
        multilabel = getattr(self, "multilabel_", False) if y is None else _is_multilabel(y)
        return 4 if multilabel else 10

    def _chunks(self, texts: list[str]) -> tuple[list[str], np.ndarray]:
        """Chunks of ``chunk_words`` words (at most ``max_chunks`` per text) and the text each belongs to."""
        from .embedding_features import document_chunks

        per_text = document_chunks(texts, int(self.chunk_words), int(self.max_chunks))
        owner = np.repeat(np.arange(len(per_text)), [len(parts) for parts in per_text])
        return [c for parts in per_text for c in parts], owner

    def _inputs(self, X):
        return as_texts(X), None

    def _labels(self, y) -> np.ndarray:
        if _is_multilabel(y):
            raise ValueError("FineTunedFrameClassifier predicts one (primary) frame per text and got lists of frames; "
                             "for several frames per document use FrameClassifier (optionally embeddings=True).")
        labels = [str(v) for v in y]
        if self.scheme is not None:
            labels = load_scheme(self.scheme).canonical_labels(labels)
        return np.asarray(labels, dtype=str)

    def _training_rows(self, X, y):
        """The texts and frames to train on: frames with fewer than ``min_examples`` texts are left out, with a
        :class:`FramingWarning`. Several frames per article: chunks and their article's 0/1 frame rows."""
        if _is_multilabel(y):
            return self._multilabel_rows(X, y)
        texts, _, labels = super()._training_rows(X, y)
        counts = pd.Series(labels).value_counts()
        rare = counts[counts < int(self.min_examples)]
        if len(rare):
            warnings.warn(f"{len(rare)} frame(s) have fewer than min_examples={self.min_examples} training texts and "
                          f"are left out: {rare.to_dict()}. Code more examples or lower min_examples.",
                          FramingWarning, stacklevel=4)
        self.dropped_labels_ = sorted(rare.index)
        keep = ~np.isin(labels, list(rare.index))
        if len(set(labels[keep])) < 2:
            raise ValueError(f"need at least two frames with min_examples={self.min_examples} texts; found "
                             f"{counts.to_dict()}")
        self.multilabel_ = False      # one frame per text (as FrameClassifier's primary mode; read by frame_table)
        return [t for t, k in zip(texts, keep) if k], None, labels[keep]

    def _multilabel_rows(self, X, y):
        from .classifier import FrameClassifier

        texts = as_texts(X)
        if len(texts) != len(y):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} label entries; give one per text.")
        helper = FrameClassifier(self.scheme, min_examples=int(self.min_examples))
        Y, names = helper._keep_trainable(*helper._indicator(y))
        self.dropped_labels_ = helper.dropped_labels_
        self.classes_ = np.asarray(names, dtype=object)
        self.multilabel_ = True
        chunks, owner = self._chunks(texts)
        return chunks, None, Y[owner].astype(np.float32)

    def predict_proba(self, X, batch_size: int = 128, chunk_size: int = 4096) -> np.ndarray:
        """Probabilities, columns in ``classes_`` order: softmax over frames (primary), or per frame the mean
        over the article's chunks (several frames per article)."""
        if not getattr(self, "multilabel_", False):
            return super().predict_proba(X, batch_size=batch_size, chunk_size=chunk_size)
        texts = as_texts(X)
        chunks, owner = self._chunks(texts)
        P = super().predict_proba(chunks, batch_size=batch_size, chunk_size=chunk_size)
        out = np.zeros((len(texts), P.shape[1]))
        np.add.at(out, owner, P)
        return out / np.bincount(owner, minlength=len(texts))[:, None]

    def predict(self, X) -> np.ndarray:
        """Primary: one frame name per text. Several frames: a 0/1 matrix (columns ``classes_``) of the frames
        reaching ``threshold``, at least the most probable one."""
        if not getattr(self, "multilabel_", False):
            return super().predict(X)
        P = self.predict_proba(X)
        Y = (P >= float(self.threshold)).astype(int)
        Y[np.arange(len(P)), P.argmax(axis=1)] = 1
        return Y

    def predict_labels(self, X) -> list[list[str]]:
        """Predicted frames of each text as lists of names."""
        Y = self.predict(X)
        if not getattr(self, "multilabel_", False):
            return [[v] for v in Y]
        return [list(self.classes_[row.astype(bool)]) for row in Y]

    def _scheme(self):
        """The frame scheme (None when labels are free)."""
        return None if self.scheme is None else load_scheme(self.scheme)

    def predict_primary(self, X) -> np.ndarray:
        """The most probable frame of each text (for one frame per text, the same as :meth:`predict`)."""
        if not getattr(self, "multilabel_", False):
            return self.predict(X)
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


__all__ = ["FineTunedFrameClassifier"]
