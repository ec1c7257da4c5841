"""Does the optional MiniLM extra help frame classification? Same folds, FrameClassifier with and without
an embedding block beside its TF-IDF (an experiment: a subclass here, nothing changed in toolkit.framing).

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing_embeddings.py semeval2023_task3_en

MiniLM reads at most 256 word pieces, so for an article the block embeds its title and lead.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from toolkit.embeddings import SentenceEmbedder
from toolkit.framing.classifier import FrameClassifier
from toolkit.framing.cli import estimator_for
from toolkit.framing.evaluate import cross_validate_frames, summarise


def _scale(X, s):
    return np.asarray(X) * s


class EmbeddingFrameClassifier(FrameClassifier):
    """FrameClassifier whose features are TF-IDF | scale * MiniLM(text)."""

    def __init__(self, scheme=None, *, embedding_scale: float = 1.0, **kw):
        super().__init__(scheme, **kw)
        self.embedding_scale = embedding_scale

    def _vectorizer(self):
        emb = Pipeline([("emb", SentenceEmbedder(progress=False)),
                        ("scale", FunctionTransformer(_scale, kw_args={"s": self.embedding_scale}))])
        return FeatureUnion([("tfidf", super()._vectorizer()), ("embeddings", emb)])

    @classmethod
    def _get_param_names(cls):
        return sorted(set(FrameClassifier._get_param_names()) | {"embedding_scale"})


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dataset")
    p.add_argument("--splits", default="random,topic")
    p.add_argument("--scales", nargs="+", type=float, default=[1.0, 2.0])
    args = p.parse_args(argv)
    base, X, y = estimator_for(args.dataset)
    rows = []
    models = [("tfidf", base)] + [(f"tfidf+minilm x{s:g}", EmbeddingFrameClassifier(**base.get_params(),
                                                                                     embedding_scale=s))
                                  for s in args.scales]
    for split in args.splits.split(","):
        for name, model in models:
            scores, _ = cross_validate_frames(X, y, model, split=split, progress=False)
            s = summarise(scores)
            s = s[s["model"] == "model"].assign(model=name)
            rows.append(s)
            print(s.round(3).to_string(index=False), flush=True)
    print(f"\n== {args.dataset}: {len(y)} documents, 5-fold CV")
    print(pd.concat(rows, ignore_index=True).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
