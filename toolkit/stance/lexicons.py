"""Small word lists used by the stance features (cue words, not learned).

Refuting and hedging cues follow the FNC-1 baseline and the Athene / UCLMR feature sets; VADER's lexicon
comes from the ``vaderSentiment`` package.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

#: Words that deny or debunk a claim (FNC-1 baseline list, extended).
REFUTING: tuple[str, ...] = (
    "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "refute", "refutes", "refuted", "not",
    "despite", "nope", "doubt", "doubts", "bogus", "debunk", "debunks", "debunked", "pranks", "prank",
    "retract", "retracts", "retracted", "untrue", "myth", "rumor", "rumour", "rumors", "rumours", "satire",
    "satirical", "fabricated", "misleading", "no", "never", "dismissed", "dismisses", "rejects", "rejected",
    "contrary", "wrong", "lie", "lies", "lied", "baseless", "unfounded", "unconfirmed", "claimed", "alleged",
)
#: Words of reporting without commitment (typical of "discuss").
HEDGING: tuple[str, ...] = (
    "reportedly", "allegedly", "apparently", "supposedly", "purportedly", "rumored", "rumoured", "may",
    "might", "could", "possibly", "perhaps", "suggest", "suggests", "claim", "claims", "report", "reports",
    "according", "believe", "believed", "unclear", "unverified", "speculation", "seems", "appears", "if",
    "whether", "likely", "unconfirmed", "sources", "source", "say", "says", "said", "told",
)
#: Words of confirmation (typical of "agree").
CONFIRMING: tuple[str, ...] = (
    "confirmed", "confirms", "confirm", "announced", "announces", "revealed", "reveals", "official",
    "officially", "shows", "proved", "proves", "verified", "indeed", "true", "actually", "footage",
)
NEGATIONS: frozenset[str] = frozenset(
    "not no never none nobody nothing neither nor without n't cannot isn't wasn't aren't weren't don't "
    "doesn't didn't won't wouldn't can't couldn't shouldn't hasn't haven't hadn't".split())


@functools.lru_cache(maxsize=1)
def vader():
    """VADER's ``SentimentIntensityAnalyzer`` (loaded once). Needs the ``vaderSentiment`` package."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise ImportError("toolkit.stance needs the 'vaderSentiment' package (its lexicon): "
                          "pip install vaderSentiment") from exc
    return SentimentIntensityAnalyzer()


def vader_lexicon() -> dict[str, float]:
    """VADER word valences (−4 … +4), lower-cased words."""
    return vader().lexicon


@functools.lru_cache(maxsize=1)
def _boosters() -> dict[str, float]:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    return dict(BOOSTER_DICT)


def token_valences(tokens: list[str]) -> list[float]:
    """VADER valence of each token of a tokenised sentence, with VADER's main context rules.

    The rules of ``SentimentIntensityAnalyzer.sentiment_valence`` that matter in news text, applied to a token
    list the caller has already made (so a sentence is tokenised once, not once per VADER call, and the cost is
    linear in its length): the lexicon valence; booster and dampener words up to three tokens before (scaled 1,
    0.95, 0.9 by distance); a negation up to three tokens before flips and damps (× −0.74); an ALL-CAPS valence
    word in a sentence that is not all caps gains 0.733; after a contrastive "but", earlier valences count half
    and later ones 1.5 times. VADER's idiom list, "least" rule and punctuation emphasis are left out.
    Punctuation and one-letter tokens get 0.

    Parameters
    ----------
    tokens : list of str
        Tokens in sentence order, original case.

    Returns
    -------
    list of float, one valence per token.
    """
    from vaderSentiment.vaderSentiment import C_INCR, N_SCALAR

    lex, boost = vader_lexicon(), _boosters()
    low = [t.lower() for t in tokens]
    val = [0.0] * len(tokens)
    cap_diff = None
    for i, w in enumerate(low):
        v = lex.get(w)
        if v is None or len(w) < 2:
            continue
        if tokens[i].isupper():
            if cap_diff is None:
                words = [t for t in tokens if len(t) > 1 and t[0].isalpha()]
                cap_diff = not all(t.isupper() for t in words)
            if cap_diff:
                v += C_INCR if v > 0 else -C_INCR
        for k, damp in ((1, 1.0), (2, 0.95), (3, 0.9)):
            if i < k:
                break
            prev = low[i - k]
            if prev in lex:
                continue
            b = boost.get(prev)
            if b is not None:
                v += (b if v > 0 else -b) * damp
        if any(x in NEGATIONS or x.endswith("n't") for x in low[max(0, i - 3):i]):
            v *= N_SCALAR
        val[i] = v
    if "but" in low:
        b = low.index("but")
        val = [v * 0.5 for v in val[:b]] + [val[b]] + [v * 1.5 for v in val[b + 1:]]
    return val


def valence_scores(val: np.ndarray, words: np.ndarray, segments: np.ndarray, n: int) -> np.ndarray:
    """VADER-style ``compound, pos, neg`` of ``n`` spans from their tokens' valences, in one vectorised pass.

    Parameters
    ----------
    val : ndarray of float
        Token valences (:func:`token_valences`) of all spans, concatenated.
    words : ndarray of bool
        Which tokens are words (punctuation does not count towards the neutral share).
    segments : ndarray of int
        The span (0 … n−1) of each token.
    n : int
        Number of spans (spans without tokens score 0).

    Returns
    -------
    ndarray of shape (n, 3)
        compound = s / sqrt(s² + 15) of the valence sum s (VADER's normalisation); pos and neg are the shares
        of positive and negative valence (each word's absolute valence + 1) among the span's words, neutral words
        counting 1.
    """
    val = np.asarray(val, dtype=float)
    s = np.bincount(segments, val, minlength=n)
    pos = np.bincount(segments, np.where(val > 0, val + 1, 0.0), minlength=n)
    neg = np.bincount(segments, np.where(val < 0, 1 - val, 0.0), minlength=n)
    neu = np.bincount(segments, words & (val == 0), minlength=n)
    total = pos + neg + neu
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.column_stack([s / np.sqrt(s * s + 15.0), np.where(total > 0, pos / total, 0.0),
                                np.where(total > 0, neg / total, 0.0)])


_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+")


def text_polarity(texts: Sequence[str]) -> np.ndarray:
    """VADER-style ``compound, pos, neg`` of each text, from :func:`token_valences` of its words (n × 3).

    Linear in the text's length (VADER's own ``polarity_scores`` is quadratic in long texts); for whole
    sentences and short passages the scores follow VADER's closely.
    """
    vals, segs = [], []
    for k, text in enumerate(texts):
        v = token_valences(_WORD.findall(text))
        vals += v
        segs += [k] * len(v)
    val = np.asarray(vals, dtype=float)
    return valence_scores(val, np.ones(len(val), bool), np.asarray(segs, dtype=np.intp), len(texts))


def induced_valences(word_vectors, *, neutral_words: int = 30000, alpha: float = 1.0, folds: int = 5) -> np.ndarray:
    """A valence for every word of a word-vector vocabulary, induced from VADER's lexicon (−1 … +1 scale).

    News writes stance with words VADER does not list ("slammed", "lauded", "denounced"). A ridge regression
    from unit-length word vectors to VADER's valence / 4 learns where the lexicon's positive and negative words
    lie in the domain's vector space and gives each word of the vocabulary the valence its vector implies (in
    the spirit of lexicon induction from embeddings, e.g. Hamilton et al. 2016). Training words are VADER's
    words present in the vocabulary plus the ``neutral_words`` most frequent other words with valence 0 (so
    frequent neutral words stay near 0); each training word gets its *out-of-fold* prediction (``folds``-fold,
    in vocabulary order), so a listed word's induced valence is what its vector says, not its listed value.

    Parameters
    ----------
    word_vectors : WordVectors, gensim KeyedVectors or path
        Vocabulary assumed in decreasing frequency order (as gensim and :func:`train_word_vectors` write it).
    neutral_words : int, default 30000
    alpha : float, default 1.0
        Ridge penalty.
    folds : int, default 5

    Returns
    -------
    ndarray of float32, one valence per word of ``word_vectors.words`` (all 0 when fewer than ``2·folds`` of
    VADER's words are in the vocabulary: nothing to learn from).

    Examples
    --------
    >>> from toolkit.framing.word_vectors import reference_word_vectors   # doctest: +SKIP
    >>> wv = reference_word_vectors()                                      # doctest: +SKIP
    >>> v = dict(zip(wv.words, induced_valences(wv)))                      # doctest: +SKIP
    >>> v["slammed"] < 0 < v["lauded"]                                     # doctest: +SKIP
    True
    """
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold, cross_val_predict

    from toolkit.framing.word_vectors import as_word_vectors

    wv = as_word_vectors(word_vectors)
    lex = vader_lexicon()
    words = wv.words.tolist()
    out = np.zeros(len(words), dtype=np.float32)
    listed = np.array([w in lex for w in words], dtype=bool)
    if listed.sum() < 2 * folds:
        return out
    norms = np.linalg.norm(wv.vectors, axis=1, keepdims=True)
    V = wv.vectors / np.where(norms > 0, norms, 1.0)
    train = np.flatnonzero(listed | (np.arange(len(words)) < neutral_words))
    target = np.array([lex.get(words[i], 0.0) / 4.0 for i in train])
    out[:] = Ridge(alpha=alpha).fit(V[train], target).predict(V)
    out[train] = cross_val_predict(Ridge(alpha=alpha), V[train], target, cv=KFold(folds))
    return out
