"""A small corpus drawn from the LDA generative process with a planted outlet effect (for the topic tests).

Four topics, each with its own 40-word vocabulary (``t0w0`` … ``t3w39``). Three outlets cover the same
30 events, two articles per outlet per event. Every event leans towards one of topics 1-3 (event
effect); outlet ``Alpha`` writes more about topic 0 than ``Beta`` and ``Gamma`` (the planted outlet
effect: Dirichlet weight 3.0 against 0.6).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

OUTLETS = ("Alpha", "Beta", "Gamma")
N_TOPICS = 4
N_WORDS = 40


def planted_corpus(seed: int = 0, n_events: int = 30, per_outlet: int = 2, length: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    vocab = [[f"t{k}w{j}" for j in range(N_WORDS)] for k in range(N_TOPICS)]
    word_p = [rng.dirichlet(np.full(N_WORDS, 0.5)) for _ in range(N_TOPICS)]
    rows = []
    for e in range(n_events):
        focus = 1 + e % 3
        for outlet in OUTLETS:
            for i in range(per_outlet):
                alpha = np.full(N_TOPICS, 0.4)
                alpha[focus] += 1.5
                alpha[0] = 3.0 if outlet == "Alpha" else 0.6
                theta = rng.dirichlet(alpha)
                z = rng.choice(N_TOPICS, size=length, p=theta)
                words = [vocab[k][rng.choice(N_WORDS, p=word_p[k])] for k in z]
                rows.append({"doc_id": f"p{e:02d}-{outlet}-{i}", "outlet": outlet, "event_id": f"ev{e:02d}",
                             "published": pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(days=6 * e),
                             "title": "", "text": " ".join(words), "true_topic0": theta[0]})
    return pd.DataFrame(rows)


def topic_of(model, planted: int = 0) -> str:
    """The fitted topic whose terms carry the most weight on the planted topic's vocabulary."""
    prefix = f"t{planted}w"
    cols = [j for j, w in enumerate(model.vocabulary_) if w.startswith(prefix)]
    return model.topic_names_[int(np.argmax(model.topic_term_[:, cols].sum(axis=1)))]
