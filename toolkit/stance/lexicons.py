"""Small word lists used by the stance features (cue words, not learned).

Refuting and hedging cues follow the FNC-1 baseline and the Athene / UCLMR feature sets; VADER's lexicon
comes from the ``vaderSentiment`` package.
"""

from __future__ import annotations

import functools

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
