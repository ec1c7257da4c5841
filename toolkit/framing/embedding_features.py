"""Document embeddings for frame classification (needs the optional ``embeddings`` extra).

A sentence encoder such as all-MiniLM-L6-v2 reads at most 256 word pieces (about 190 words), so a news
article is cut into chunks of ``chunk_words`` words (the title opens the first chunk), at most
``max_chunks`` of them from the start of the document, each chunk is embedded with
:class:`toolkit.embeddings.SentenceEmbedder` (cached on disk, so a second run reads the cache), and the
document vector is the mean of its chunk vectors, scaled back to unit length. ``max_chunks=1`` embeds the
title and lead only; a headline is one chunk.

:class:`~toolkit.framing.FrameClassifier` with ``embeddings=True`` stacks this dense block, times
``embedding_weight``, beside its TF-IDF features.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def document_chunks(texts: Sequence[str], chunk_words: int = 150, max_chunks: int | None = 8) -> list[list[str]]:
    """Each text cut into consecutive chunks of ``chunk_words`` whitespace words (at most ``max_chunks``).

    A text with no words gives one empty chunk (so every document has a vector).

    Examples
    --------
    >>> document_chunks(["a b c d e"], chunk_words=2)
    [['a b', 'c d', 'e']]
    >>> document_chunks(["a b c d e"], chunk_words=2, max_chunks=1)
    [['a b']]
    """
    if int(chunk_words) < 1:
        raise ValueError(f"chunk_words must be a positive number of words; found {chunk_words!r}")
    if max_chunks is not None and int(max_chunks) < 1:
        raise ValueError(f"max_chunks must be a positive integer or None (every chunk); found {max_chunks!r}")
    step = int(chunk_words)
    out = []
    for text in texts:
        words = str(text).split()
        chunks = [" ".join(words[i:i + step]) for i in range(0, len(words), step)] or [""]
        out.append(chunks if max_chunks is None else chunks[:int(max_chunks)])
    return out


def document_embeddings(texts: Sequence[str], embedder, chunk_words: int = 150,
                        max_chunks: int | None = 8) -> np.ndarray:
    """Unit-length mean of the chunk embeddings of each text, shape (n_texts, dimension), float32.

    Parameters
    ----------
    texts : sequence of str
    embedder : SentenceEmbedder (fitted)
        Embeds every distinct chunk once (and caches it on disk).
    chunk_words, max_chunks : see :func:`document_chunks`
    """
    chunks = document_chunks(texts, chunk_words, max_chunks)
    flat = [c for doc in chunks for c in doc]
    if not flat:
        return np.zeros((0, 0), dtype=np.float32)
    E = np.asarray(embedder.transform(flat), dtype=np.float32)
    ends = np.cumsum([len(doc) for doc in chunks])
    starts = np.concatenate([[0], ends[:-1]])
    out = np.vstack([E[s:e].mean(axis=0) for s, e in zip(starts, ends)])
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out.astype(np.float32)


def make_embedder(embedder=None):
    """A fitted copy of ``embedder`` (None: ``SentenceEmbedder()``, all-MiniLM-L6-v2 with the default cache).

    Raises :class:`toolkit.embeddings.EmbeddingsUnavailable` (an ImportError naming the install command)
    when the extra is missing.
    """
    from sklearn.base import clone

    from toolkit.embeddings import SentenceEmbedder

    return clone(embedder).fit() if embedder is not None else SentenceEmbedder().fit()


__all__ = ["document_chunks", "document_embeddings", "make_embedder"]
