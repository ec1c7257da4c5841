"""A fake sentence encoder for tests of toolkit.embeddings that must run without torch or the model."""

from __future__ import annotations

import hashlib

import numpy as np

#: Every call of :func:`fake_encoder`, in order (tests clear it before use).
CALLS: list[list[str]] = []
DIM = 256


def fake_encoder(texts: list[str]) -> np.ndarray:
    """Hashed bag of words in DIM dimensions (deterministic, no model); records every call in CALLS."""
    CALLS.append(list(texts))
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in t.lower().replace(",", " ").replace(".", " ").split():
            out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % (DIM - 1)] += 1.0
        out[i, DIM - 1] += 1.0   # never all zero
    return out


def fake_embedder(cache_dir=False, **kw):
    """A SentenceEmbedder that uses :func:`fake_encoder` under the model name ``fake-bow``."""
    from toolkit.embeddings import SentenceEmbedder

    return SentenceEmbedder(model="fake-bow", encoder=fake_encoder, cache_dir=cache_dir, progress=False, **kw)


def concept_embedder(concepts: dict[str, int], *, dim: int, shared: float):
    """A fake "semantic" SentenceEmbedder: words of one concept share a dimension (synonyms embed alike).

    Words not in ``concepts`` are ignored; the last of the ``dim`` dimensions holds ``shared`` for every text,
    like the common direction real sentence encoders give all news text. Records every call in CALLS.
    """
    from toolkit.embeddings import SentenceEmbedder

    def encode(texts: list[str]) -> np.ndarray:
        CALLS.append(list(texts))
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().replace(".", " ").replace(",", " ").split():
                if w in concepts:
                    out[i, concepts[w]] += 1.0
            out[i, dim - 1] = shared
        return out

    return SentenceEmbedder(model="fake-concepts", encoder=encode, cache_dir=False, progress=False)
