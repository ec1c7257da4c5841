"""Sentence-embedding features of a target mention (needs the optional ``embeddings`` extra).

Two texts per target are embedded with :class:`toolkit.embeddings.SentenceEmbedder`: the sentence with
every mention of the target replaced by a neutral placeholder (so the model learns how the sentence
treats *someone*, not who that someone is), and the window of words around the main mention (so a
sentence praising one actor and attacking another gives each its own local context). Optionally their
difference. The block is dense; :class:`toolkit.stance.ActorStanceClassifier` stacks it beside the
TF-IDF / lexicon features when ``embeddings=True``.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .actor_features import MASK, _tokenize, as_targets

#: Texts the block can embed, in output order.
PARTS: tuple[str, ...] = ("masked", "window", "diff")


def target_texts(X, *, window: int = 6, placeholder: str = "someone") -> dict[str, list[str]]:
    """The texts embedded for each target: ``masked`` sentence and the ``window`` around the main mention.

    Parameters
    ----------
    X : target table (``sentence``, ``start``, ``end``, optional ``further_mentions``)
    window : int
        Words each side of the main mention kept in the window text.
    placeholder : str
        What replaces each mention of the target.
    """
    df = as_targets(X)
    masked, windows = [], []
    for sent, mentions in zip(df["sentence"], df["mentions"]):
        out, pos = [], 0
        for s, e in sorted(set(mentions)):
            if s < pos:
                continue
            out.append(sent[pos:s])
            out.append(placeholder)
            pos = e
        out.append(sent[pos:])
        masked.append("".join(out))
        toks, flags = _tokenize(sent, mentions)
        main = int(np.flatnonzero(flags)[0]) if flags.any() else 0
        win = toks[max(0, main - window):main + window + 1]
        windows.append(" ".join(placeholder if t == MASK else t for t in win))
    return {"masked": masked, "window": windows}


class TargetEmbeddingFeatures(TransformerMixin, BaseEstimator):
    """Dense embedding block of a target mention: masked sentence | window around the mention [| difference].

    Parameters
    ----------
    embedder : SentenceEmbedder or None, default None
        None = ``SentenceEmbedder()`` (all-MiniLM-L6-v2 from the optional extra, default cache).
    window : int, default 6
        Words each side of the main mention in the window text.
    parts : tuple of str, default ("masked", "window")
        Any of ``"masked"``, ``"window"``, ``"diff"`` (window minus masked).
    scale : float, default 1.0
        Multiplier of the block (its weight against sparse features in a linear model).
    placeholder : str, default "someone"
        Replaces each mention of the target in the embedded texts.

    Attributes
    ----------
    embedder_ : SentenceEmbedder
        The fitted embedder.
    """

    def __init__(self, embedder=None, window: int = 6, parts: tuple[str, ...] = ("masked", "window"),
                 scale: float = 1.0, placeholder: str = "someone"):
        self.embedder = embedder
        self.window = window
        self.parts = parts
        self.scale = scale
        self.placeholder = placeholder

    def fit(self, X=None, y=None):
        """Check the parameters and fit (load) the embedder; returns self."""
        from sklearn.base import clone

        from ..embeddings import SentenceEmbedder

        bad = [p for p in self.parts if p not in PARTS]
        if bad or not self.parts:
            raise ValueError(f"parts must be a non-empty subset of {PARTS}; got {tuple(self.parts)!r}.")
        self.embedder_ = clone(self.embedder).fit() if self.embedder is not None else SentenceEmbedder().fit()
        return self

    def transform(self, X) -> np.ndarray:
        """Dense array (n_targets, n_parts * dimension), float32."""
        check_is_fitted(self, "embedder_")
        texts = target_texts(X, window=self.window, placeholder=self.placeholder)
        emb = {k: self.embedder_.transform(v) for k, v in texts.items()
               if k in self.parts or "diff" in self.parts}
        blocks = [emb["window"] - emb["masked"] if p == "diff" else emb[p] for p in self.parts]
        return (np.hstack(blocks) * float(self.scale)).astype(np.float32)
