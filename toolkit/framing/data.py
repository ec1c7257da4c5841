"""Labelled framing corpora from the registry as ``(articles, labels, scheme)`` ready for a classifier.

=========================  ===========================================================================
``semeval2023_task3_en``   articles with subtask-2 labels (433), label lists in SemEval-2023 names
``narrative_frames_climate``  every article; label lists of the 5 narrative frames (may be empty)
``gvfc``                   relevant headlines with a first theme (``rank == 1``); one primary frame each
``demo``                   the synthetic demo corpus; label lists (scheme ``demo_policy``)
=========================  ===========================================================================
"""

from __future__ import annotations

import pandas as pd

from toolkit.framing.classifier import labels_from_table
from toolkit.framing.schemes import FrameScheme, load_scheme, scheme_from_dict

LABELLED = ("semeval2023_task3_en", "narrative_frames_climate", "gvfc", "demo")
#: The labelled datasets with one (primary) frame per text.
SINGLE_LABEL = ("gvfc",)

#: The demo corpus's own scheme (7 frames with policy-frame-like names).
DEMO_SCHEME = scheme_from_dict({
    "name": "demo_policy", "description": "Frames planted in the synthetic demo corpus.",
    "frames": ["Economic", "Security_and_defense", "Morality", "Legality", "Political", "Human_interest",
               "Public_opinion"],
})


def load_frame_dataset(name: str) -> tuple[pd.DataFrame, list, FrameScheme]:
    """Articles, aligned labels and the scheme of a labelled framing corpus.

    Returns
    -------
    articles : DataFrame
        Canonical article table (only the labelled documents).
    labels : list
        Label lists (multi-label corpora) or one frame name per article (``gvfc``: primary frame).
    scheme : FrameScheme
    """
    if name == "demo":
        from toolkit.datasets import load_demo

        demo = load_demo()
        articles = demo.articles.reset_index(drop=True)
        return articles, labels_from_table(demo.tables["frames"], articles["doc_id"]), DEMO_SCHEME
    if name not in LABELLED:
        raise ValueError(f"no frame labels known for dataset {name!r}; expected one of {list(LABELLED)}. For your "
                         f"own corpus, pass texts and label lists to FrameClassifier directly")
    from toolkit.datasets import load_dataset

    data = load_dataset(name)
    frames = data["frames"]
    if name == "semeval2023_task3_en":
        scheme = load_scheme("semeval2023")
        articles = data.articles[data.articles["doc_id"].isin(frames["doc_id"])].reset_index(drop=True)
        return articles, labels_from_table(frames, articles["doc_id"], scheme=scheme), scheme
    if name == "narrative_frames_climate":
        scheme = load_scheme("narrative_frames")
        articles = data.articles.reset_index(drop=True)
        return articles, labels_from_table(frames, articles["doc_id"], scheme=scheme), scheme
    scheme = load_scheme("gvfc")
    first = frames[frames["rank"] == 1]
    arts = data.articles
    articles = arts[arts["relevant"].fillna(False).astype(bool) & arts["doc_id"].isin(first["doc_id"])]
    articles = articles.reset_index(drop=True)
    primary = dict(zip(first["doc_id"], scheme.canonical_labels(first["frame"])))
    return articles, [primary[d] for d in articles["doc_id"]], scheme
