"""Streaming tokenising for topics and classifiers, built on :func:`toolkit.text.words`.

One pipeline: lower-casing, stopwords and token filters (:func:`toolkit.text.words`), optional
lemmatising (any ``str -> str`` callable, e.g. a WordNet lemmatiser's ``lemmatize``), and optional
phrase detection (gensim :class:`~gensim.models.phrases.Phrases`, frozen). Everything streams:
:func:`iter_texts` yields texts from a DataFrame or from a Parquet file batch by batch, and
:func:`iter_tokens` yields token lists one at a time, so the corpus is never held twice in memory.

>>> list(iter_tokens(["The embassy closed.", "Embassy staff left!"]))
[['embassy', 'closed'], ['embassy', 'staff', 'left']]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd

from toolkit.text import words

__all__ = ["PhraseDetector", "iter_texts", "iter_tokens", "learn_phrases"]


def iter_texts(source: pd.DataFrame | str | Path | Iterable[str], column: str = "text", *,
               batch_size: int = 2048) -> Iterator[str]:
    """Yield the texts of ``source`` one at a time.

    Parameters
    ----------
    source
        A canonical article table (DataFrame), a path to a Parquet file (read ``batch_size`` rows at
        a time with pyarrow, only ``column``), or any iterable of strings.
    column
        Text column of a table or Parquet file.
    batch_size
        Rows per Parquet batch.

    Yields
    ------
    str
        Each text; a missing value yields ``""``.
    """
    if isinstance(source, pd.DataFrame):
        if column not in source.columns:
            raise KeyError(f"iter_texts: the table has no text column {column!r} (columns: {list(source.columns)}); "
                           "pass column=<name of the text column>.")
        for value in source[column]:
            yield "" if value is None or (isinstance(value, float) and value != value) or value is pd.NA else str(value)
        return
    if isinstance(source, (str, Path)):
        import pyarrow.parquet as pq

        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"iter_texts: no Parquet file at {str(path)!r}; pass a table or an existing path.")
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=[column]):
            for value in batch.column(0).to_pylist():
                yield "" if value is None else str(value)
        return
    for value in source:
        yield "" if value is None else str(value)


def _base_tokens(texts: Iterable[str], lemmatize: Callable[[str], str] | None) -> Iterator[list[str]]:
    for text in texts:
        toks = words(text)
        if lemmatize is not None:
            toks = [lemmatize(t) for t in toks]
        yield toks


class PhraseDetector:
    """Frozen gensim phrase model: joins frequent collocations (``white house`` → ``white_house``).

    Build it with :func:`learn_phrases`; call it on a token list. It keeps only the phrase table
    (gensim ``FrozenPhrases``), not the corpus.
    """

    def __init__(self, frozen) -> None:
        self.frozen = frozen

    def __call__(self, tokens: list[str]) -> list[str]:
        return self.frozen[tokens]

    @property
    def phrases(self) -> list[str]:
        """The detected phrases, sorted."""
        return sorted(self.frozen.phrasegrams)


def learn_phrases(source, column: str = "text", *, min_count: int = 5, threshold: float = 10.0,
                  lemmatize: Callable[[str], str] | None = None) -> PhraseDetector:
    """Learn two-word phrases from a streamed corpus (gensim ``Phrases``, default scoring), frozen.

    Parameters
    ----------
    source, column
        As in :func:`iter_texts`.
    min_count, threshold
        gensim ``Phrases`` parameters: a pair must occur ``min_count`` times and score above ``threshold``.
    lemmatize
        Optional ``str -> str`` applied to every token before phrase counting.
    """
    from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

    model = Phrases(_base_tokens(iter_texts(source, column), lemmatize), min_count=min_count, threshold=threshold,
                    connector_words=ENGLISH_CONNECTOR_WORDS)
    return PhraseDetector(model.freeze())


def iter_tokens(source, column: str = "text", *, phrases: PhraseDetector | None = None,
                lemmatize: Callable[[str], str] | None = None) -> Iterator[list[str]]:
    """Yield the token list of each text in ``source`` (lower-cased, stopwords and one-letter tokens removed).

    Parameters
    ----------
    source, column
        As in :func:`iter_texts`.
    phrases
        A :class:`PhraseDetector` from :func:`learn_phrases` to join collocations, or None.
    lemmatize
        Optional ``str -> str`` applied to every token (before phrases).
    """
    for toks in _base_tokens(iter_texts(source, column), lemmatize):
        yield phrases(toks) if phrases is not None else toks
