"""Primary frame of short texts (e.g. headlines) by fine-tuning MiniLM end to end (optional ``embeddings`` extra).

:class:`FineTunedFrameClassifier` trains the sentence encoder of the optional extra together with a linear
head (:class:`toolkit.finetune.FineTunedEncoder`) to predict ONE frame per text, checked against a frame scheme.
It suits headlines and short paragraphs (GVFC's headline primary frame); for several frames per article use
:class:`~toolkit.framing.FrameClassifier` (optionally with ``embeddings=True``).

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
    epochs : int, default 10
        Chosen by an inner 4-fold CV on the training part of GVFC's first random fold (1,040 headlines), of
        (epochs, learning rate) = (10, 5e-5): accuracy 0.805, (10, 1e-4): 0.815; the actor model's (3, 5e-5)
        scored 0.692 on the outer folds. Small coding sets need more passes than NewsMTSC's 8,700 targets.
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
        Always False (one frame per text), as in :class:`~toolkit.framing.FrameClassifier`'s primary mode.
    weights_, base_sha256_, n_steps_
        As in :class:`toolkit.finetune.FineTunedEncoder`.
    """

    def __init__(self, scheme=None, *, min_examples: int = 5, model: str = DEFAULT_MODEL,
                 learning_rate: float = 1e-4, epochs: int = 10, batch_size: int = 32, max_length: int = 128,
                 weight_decay: float = 0.01, warmup: float = 0.1, dropout: float = 0.1,
                 class_weight: str | None = "balanced", freeze_embeddings: bool = True, n_threads: int = 2,
                 random_state: int = 0, progress: bool = True):
        super().__init__(model=model, learning_rate=learning_rate, epochs=epochs, batch_size=batch_size,
                         max_length=max_length, weight_decay=weight_decay, warmup=warmup, dropout=dropout,
                         class_weight=class_weight, freeze_embeddings=freeze_embeddings, n_threads=n_threads,
                         random_state=random_state, progress=progress)
        self.scheme = scheme
        self.min_examples = min_examples

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
        :class:`FramingWarning`."""
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

    def _scheme(self):
        """The frame scheme (None when labels are free)."""
        return None if self.scheme is None else load_scheme(self.scheme)

    def predict_primary(self, X) -> np.ndarray:
        """The primary frame of each text (the same as :meth:`predict`; named like FrameClassifier's)."""
        return self.predict(X)


__all__ = ["FineTunedFrameClassifier"]
