"""Save and load frame classifiers with skops (typed; no arbitrary code runs on load, unlike pickle)."""

from __future__ import annotations

import copy
from pathlib import Path

from toolkit.framing.classifier import FrameClassifier
from toolkit.framing.schemes import FrameScheme

#: Type-name prefixes trusted on load: this package's classifier and the numeric / sklearn types it holds.
TRUSTED_PREFIXES = ("toolkit.framing.", "toolkit.embeddings.SentenceEmbedder", "sklearn.", "numpy.", "scipy.",
                    "builtins.")


def save_model(model: FrameClassifier, path: str | Path) -> Path:
    """Write a fitted classifier to ``path`` (``.skops``). A scheme object is stored as its dict."""
    from skops.io import dump

    path = Path(path)
    if isinstance(model.scheme, FrameScheme):
        model = copy.copy(model)  # the caller's model keeps its scheme object
        model.scheme = model.scheme.to_dict()
    path.parent.mkdir(parents=True, exist_ok=True)
    dump(model, path)
    return path


def load_model(path: str | Path) -> FrameClassifier:
    """Read a classifier written by :func:`save_model` (a FrameClassifier or a FineTunedFrameClassifier).

    Only types from :data:`TRUSTED_PREFIXES` are accepted; a file holding any other type raises
    ``ValueError`` naming it (inspect such a file with ``skops.io.get_untrusted_types`` before trusting it).
    """
    from skops.io import get_untrusted_types, load

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"model file {path} not found; write one with save_model or "
                                f"`python -m toolkit framing train`")
    untrusted = get_untrusted_types(file=path)
    unknown = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
    if unknown:
        raise ValueError(f"{path} holds types this loader does not trust: {unknown}; expected only "
                         f"{TRUSTED_PREFIXES}. Inspect the file before loading it with skops.io.load yourself.")
    model = load(path, trusted=untrusted)
    from .finetune import FineTunedFrameClassifier

    if not isinstance(model, (FrameClassifier, FineTunedFrameClassifier)):
        raise ValueError(f"{path} holds a {type(model).__name__}, expected a FrameClassifier or a "
                         "FineTunedFrameClassifier")
    return model
