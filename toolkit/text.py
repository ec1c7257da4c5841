"""Text pieces shared by event alignment, topics and classifiers.

Small, dependency-light helpers: the lead of an article, the proper-noun ("entity") terms a news
story is about, and the stopword list. Heavier tokenising (phrases, lemmas) builds on these.

>>> lead("One two three. Four five six seven.", n_words=4)
'One two three. Four'
>>> entity_terms("Iran said on Friday that Qassem Soleimani was killed near Baghdad airport.")
['iran', 'qassem_soleimani', 'baghdad']
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: English stopwords (scikit-learn's list) plus words that are capitalised in news for reasons
#: other than naming something (weekdays, months, titles, sentence-initial function words).
STOPWORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr sen rep gov president minister said says
    according update updated read watch photo video getty images ap reuters afp""".split()
)

_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
# A run of capitalised words (allowing "of"/"the"/"al-" inside names), e.g. "Islamic Revolutionary Guard Corps".
_CAPRUN = re.compile(r"(?:[A-Z][\w'’\-]*)(?:\s+(?:of|the|de|al|bin|von|van)?\s*[A-Z][\w'’\-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n+\s*)$")


def lead(text: str, n_words: int = 120) -> str:
    """The first ``n_words`` words of ``text`` (whitespace-separated), as a string."""
    if n_words <= 0:
        return ""
    parts = str(text).split(maxsplit=n_words)
    return " ".join(parts[:n_words])


def _word_form(token: str) -> str:
    w = token.lower().replace("’", "'").strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    return w


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``, stopwords and one-letter tokens removed.

    Words start with a letter; digits and punctuation are dropped; curly and straight apostrophes
    are the same and a possessive ``'s`` is removed (``Iran’s`` and ``Iran's`` are both ``iran``).

    >>> words("Iran’s leaders and Iran's army met U.S. officials")
    ['iran', 'leaders', 'iran', 'army', 'met', 'officials']
    """
    forms = _FORMS  # token as written -> its word ("" when dropped): a pure function, so cached
    out = []
    for tok in _WORD.findall(str(text)):
        w = forms.get(tok)
        if w is None:
            w = _word_form(tok)
            if len(w) <= 1 or w in STOPWORDS:
                w = ""
            if len(forms) < _MAX_FORMS:
                forms[tok] = w
        if w:
            out.append(w)
    return out


#: Cache of :func:`words` (bounded; a plain dict, so each process has its own).
_FORMS: dict[str, str] = {}
_MAX_FORMS = 500_000


def entity_terms(text: str) -> list[str]:
    """Proper-noun terms of ``text``: runs of capitalised words, lower-cased and joined by ``_``.

    A run that starts a sentence keeps only its capitalised words after a stopword is removed, so
    "The Pentagon said" gives ``pentagon`` and "Officials met" gives nothing. Single stopwords and
    one-letter tokens are dropped. The order of first appearance is kept; repeats are kept (counts
    matter for TF-IDF).
    """
    text = str(text)
    out: list[str] = []
    for match in _CAPRUN.finditer(text):
        tokens = [t.strip("'’-").lower() for t in match.group().split()]
        tokens = [t for t in tokens if t]
        while tokens and (tokens[0] in STOPWORDS or len(tokens[0]) < 2):
            tokens.pop(0)
        while tokens and tokens[-1] in STOPWORDS:
            tokens.pop()
        if not tokens:
            continue
        at_start = bool(_SENTENCE_START.search(text[: match.start()])) or match.start() == 0
        if at_start and len(tokens) == 1 and match.group().split()[0].lower() == tokens[0]:
            # A lone capitalised word opening a sentence is usually just a sentence opening, unless it
            # recurs mid-sentence elsewhere; keep it only when it is not a common word form.
            if tokens[0].isalpha() and tokens[0] in _COMMON_OPENERS:
                continue
        out.append("_".join(tokens))
    return out


# Frequent sentence openers that are not names (beyond the stopword list).
_COMMON_OPENERS = frozenset(
    """but and the this that these those there here it its in on at as after before while when
    officials critics supporters some many several both however meanwhile still yet also instead
    earlier later today yesterday tonight last next new former other another analysts experts""".split()
)


def pattern_rates(articles, patterns: dict[str, str], *, per: int = 1000, text: str = "text"):
    """Per-document rate of each named regular expression, per ``per`` words: a simple dictionary measure.

    Parameters
    ----------
    articles : DataFrame
        Canonical table with ``doc_id`` and ``text``.
    patterns : dict of str to str
        Measure name → case-insensitive regular expression (e.g. ``{"terror": r"\\bterror"}``).
    per : int, default 1000
        Rates are matches per this many words.

    Returns
    -------
    DataFrame
        ``doc_id`` plus one float column per measure (a measure table for :mod:`toolkit.compare`).

    Examples
    --------
    >>> import pandas as pd
    >>> pattern_rates(pd.DataFrame({"doc_id": ["a"], "text": ["war and more war"]}), {"war": r"\\bwar\\b"}, per=4)
      doc_id  war
    0      a  2.0
    """
    import pandas as pd

    if not patterns:
        raise ValueError("pattern_rates needs at least one pattern, e.g. {'terror': r'\\bterror'}.")
    texts = articles[text].fillna("").astype(str)
    n_words = texts.str.split().str.len().clip(lower=1)
    out = {"doc_id": articles["doc_id"].to_numpy()}
    for name, pattern in patterns.items():
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"pattern for measure {name!r} is not a valid regular expression ({exc}): {pattern!r}") from exc
        out[name] = (texts.map(lambda t, c=compiled: len(c.findall(t))) / n_words * per).to_numpy(dtype=float)
    return pd.DataFrame(out)
