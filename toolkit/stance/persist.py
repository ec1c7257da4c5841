"""Save and load stance models with skops (typed; no arbitrary code runs on load).

A saved file holds ``{"format": "toolkit-stance", "format_version": N, "kind": ..., "toolkit_version": ...,
"model": estimator}``. :func:`load_model` refuses a file that names any type outside
:data:`TRUSTED_TYPES` (a tampered or foreign file), a file of another format, and a file written by a
newer format version, each with an error that says what was found and what to do.
"""

from __future__ import annotations

from pathlib import Path

#: Format version written by :func:`save_model`; files with a higher version are refused.
FORMAT_VERSION = 1

#: Types a stance model file may contain beyond skops' defaults. Anything else is refused.
TRUSTED_TYPES: tuple[str, ...] = (
    "toolkit.stance.headline.FNCScoreClassifier",
    "toolkit.stance.headline_features.HeadlineBodyFeatures",
    "toolkit.stance.headline_stages.TwoStageHeadlineModel",
    "toolkit.stance.headline_stages.SnippetVectorizer",
    "toolkit.stance.actor.ActorStanceClassifier",
    "toolkit.stance.actor_features.TargetContextFeatures",
    "toolkit.stance.actor_embeddings.TargetEmbeddingFeatures",
    "toolkit.stance.actor_finetune.FineTunedActorStance",
    "toolkit.embeddings.SentenceEmbedder",
    "toolkit.framing.word_vectors.WordVectors",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn._loss.loss.HalfMultinomialLoss",
    "sklearn._loss.link.MultinomialLogit",
    "sklearn._loss.link.Interval",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.decomposition._truncated_svd.TruncatedSVD",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "builtins.slice",
    "builtins.frozenset",
    "builtins.tuple",
)


class ModelFileError(ValueError):
    """A model file that cannot be trusted or read by this version of the toolkit."""


def save_model(model, path: str | Path, *, kind: str) -> Path:
    """Write ``model`` to ``path`` (``.skops``) with the format header; returns the path."""
    import skops.io as sio

    from .. import __version__

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump({"format": "toolkit-stance", "format_version": FORMAT_VERSION, "kind": kind,
              "toolkit_version": str(__version__), "model": model}, path)
    return path


def load_model(path: str | Path, *, kind: str | None = None):
    """Load a model saved by :func:`save_model`, refusing untrusted types, other formats and newer versions.

    Parameters
    ----------
    path : path to a ``.skops`` file
    kind : {"fnc1", "actor"}, optional
        Refuse a file of another kind (e.g. an actor model given to ``stance fnc1 evaluate``).
    """
    import skops.io as sio

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"model file {path} does not exist; train one with `python -m toolkit stance ... train`.")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:
        raise ModelFileError(f"{path} is not a skops model file ({type(exc).__name__}: {exc}); expected a file "
                             "written by `python -m toolkit stance ... train` or toolkit.stance.save_model.") from exc
    foreign = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if foreign:
        raise ModelFileError(f"{path} contains types this toolkit does not trust: {foreign[:6]}. It was not written "
                             "by toolkit.stance or has been altered; do not load it. Retrain the model instead.")
    obj = sio.load(path, trusted=[t for t in untrusted if t in TRUSTED_TYPES])
    if not isinstance(obj, dict) or obj.get("format") != "toolkit-stance":
        raise ModelFileError(f"{path} is a skops file but not a toolkit stance model (no 'toolkit-stance' header).")
    version = obj.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ModelFileError(f"{path} has model format version {version!r} (written by toolkit "
                             f"{obj.get('toolkit_version')}); this toolkit reads versions up to {FORMAT_VERSION}. "
                             "Upgrade the toolkit or retrain the model with this version.")
    if kind is not None and obj.get("kind") != kind:
        raise ModelFileError(f"{path} holds a {obj.get('kind')!r} stance model; expected a {kind!r} model.")
    return obj["model"]
