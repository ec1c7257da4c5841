"""Tokenising for comparisons: a sparse document-term matrix and word positions in a text.

Terms come from :func:`toolkit.text.words` (lower-cased words, stopwords removed) unless a
``tokenizer`` (``str -> list[str]``) is given, so keyword contrasts, divergences and actor word
choice count the same words that event alignment and topics see.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from toolkit.text import words

Tokenizer = Callable[[str], list[str]]

# Same word shape as toolkit.text.words (letters first), but keeping positions and stopwords.
_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)


def doc_term_matrix(
    texts: Sequence[str], *, tokenizer: Tokenizer | None = None, min_count: int = 1
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Count terms per document.

    Parameters
    ----------
    texts
        One string per document.
    tokenizer
        ``str -> list[str]``; default :func:`toolkit.text.words`.
    min_count
        Keep terms whose total count over all documents is at least this.

    Returns
    -------
    (X, vocabulary)
        ``X`` is a CSR matrix of int64 counts (documents x terms); ``vocabulary`` the terms, sorted.
    """
    vec = CountVectorizer(analyzer=tokenizer or words, lowercase=False, dtype=np.int64)
    try:
        X = vec.fit_transform([str(t) for t in texts])
    except ValueError:  # sklearn: "empty vocabulary" when no document has a token
        return sp.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
    vocab = vec.get_feature_names_out()
    if min_count > 1:
        keep = np.flatnonzero(np.asarray(X.sum(axis=0)).ravel() >= min_count)
        X, vocab = X[:, keep], vocab[keep]
    return X.tocsr(), np.asarray(vocab, dtype=object)


def group_sums(X: sp.csr_matrix, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum the rows of ``X`` by integer ``codes`` (0..n_groups-1): a dense (n_groups x terms) array."""
    indicator = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n_groups, len(codes)))
    return np.asarray((indicator @ X).todense(), dtype=float)


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Every word of ``text`` (stopwords included) as ``(word, start, end)``; ``word`` keeps its case."""
    return [(m.group().strip("'’-"), m.start(), m.end()) for m in _WORD.finditer(str(text))]
