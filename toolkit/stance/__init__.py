"""Stance classifiers: headline–body stance (FNC-1 labels) and stance toward a named actor (NewsMTSC labels).

Headline–body stance
--------------------
>>> from toolkit.stance import make_headline_stance_model, fnc_report          # doctest: +SKIP
>>> model = make_headline_stance_model().fit(train[["headline", "body"]], train["label"])  # doctest: +SKIP
>>> fnc_report(test["label"], model.predict(test[["headline", "body"]]))["relative_score"]  # doctest: +SKIP

Features in the spirit of the strongest FNC-1 systems (:class:`HeadlineBodyFeatures`) feed gradient
boosting; :class:`FNCScoreClassifier` predicts the label of highest expected FNC-1 score. Choose models
with :func:`claim_disjoint_folds` (disjoint in bodies AND claims), not the official body-only hold-out.

Stance toward a named actor
---------------------------
>>> mentions = find_mentions(articles, [ACTORS["trump"], ACTORS["iran"]])    # doctest: +SKIP
>>> scored = score_mentions(make_actor_stance_model().fit(train, train["label"]), mentions)  # doctest: +SKIP
>>> actor_stance_contrast(articles.merge(events), scored, target="Iran", by="outlet")  # doctest: +SKIP

Models save and load with :func:`save_model` / :func:`load_model` (skops; untrusted types refused).
"""

from .actor import (ACTOR_LABELS, LABEL_TO_POLARITY, POLARITY_TO_LABEL, ActorStanceClassifier,
                    make_actor_stance_model, newsmtsc_targets)
from .actor_features import TargetContextFeatures, TargetInputError, as_targets
from .actor_finetune import FineTunedActorStance
from .aggregate import actor_stance_contrast, article_stance, group_stance, score_mentions
from .fnc_io import read_fnc_pairs
from .fnc_score import (FNC_LABELS, StanceLabelError, expected_score_decision, fnc_relative_score, fnc_report,
                        unrelated_share_weights)
from .headline import FNCScoreClassifier, make_headline_stance_model
from .headline_features import HeadlineBodyFeatures, PairInputError, as_pairs
from .mentions import ACTORS, Actor, actors_from_names, find_mentions, sentences
from .persist import ModelFileError, load_model, save_model
from .splits import claim_disjoint_folds, claim_groups, official_holdout

__all__ = [
    "ACTORS", "ACTOR_LABELS", "Actor", "ActorStanceClassifier", "FNCScoreClassifier", "FNC_LABELS", "FineTunedActorStance",
    "HeadlineBodyFeatures", "LABEL_TO_POLARITY", "ModelFileError", "POLARITY_TO_LABEL", "PairInputError",
    "StanceLabelError", "TargetContextFeatures", "TargetInputError", "actor_stance_contrast", "actors_from_names",
    "article_stance", "as_pairs", "as_targets", "claim_disjoint_folds", "claim_groups", "expected_score_decision",
    "find_mentions", "fnc_relative_score", "fnc_report", "group_stance", "load_model", "make_actor_stance_model",
    "make_headline_stance_model", "newsmtsc_targets", "official_holdout", "read_fnc_pairs", "save_model",
    "score_mentions", "sentences", "unrelated_share_weights",
]
