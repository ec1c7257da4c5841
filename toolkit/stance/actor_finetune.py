"""Stance toward a named actor by fine-tuning MiniLM end to end (optional ``embeddings`` extra).

:class:`FineTunedActorStance` trains the sentence encoder that ships in the optional extra together with a
linear head on NewsMTSC-style targets (:class:`toolkit.finetune.FineTunedEncoder`). The head reads the mean
of all the sentence's tokens and the mean of the tokens of the target's mentions, so the same sentence can be
negative toward one actor and positive toward another.

>>> from toolkit.stance import FineTunedActorStance                      # doctest: +SKIP
>>> model = FineTunedActorStance().fit(train, train["label"])            # doctest: +SKIP
>>> model.predict(test)                                                  # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np

from ..finetune import FineTunedEncoder
from .actor_features import as_targets
from .fnc_score import check_labels


class FineTunedActorStance(FineTunedEncoder):
    """Fine-tuned MiniLM with a target-pooled head: negative / neutral / positive toward a target mention.

    Input is the target table of :class:`~toolkit.stance.ActorStanceClassifier` (``sentence``, ``start``,
    ``end``, optional ``further_mentions``); :func:`toolkit.stance.find_mentions` makes one from raw articles.
    Parameters and attributes are those of :class:`toolkit.finetune.FineTunedEncoder` (defaults: 3 epochs,
    learning rate 5e-5, batches of 32, embeddings frozen, balanced class weights).

    On NewsMTSC (train → devtest_mt) and by grouped 5-fold CV on train: see the README ("Actor stance by
    fine-tuning"). Needs the optional extra ``embeddings``.
    """

    _unit = "targets"

    def _inputs(self, X):
        targets = as_targets(X)
        return targets["sentence"].tolist(), [list(m) for m in targets["mentions"]]

    def _labels(self, y) -> np.ndarray:
        from .actor import ACTOR_LABELS

        return check_labels(y, ACTOR_LABELS, what="actor stance labels").astype(str)


__all__ = ["FineTunedActorStance"]
