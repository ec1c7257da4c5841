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
