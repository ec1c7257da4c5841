"""Frame-classifier evaluations: model vs constant baseline, random and topic-grouped folds.

Usage (prints tables; the numbers quoted in the issue note come from these commands)::

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py semeval2023_task3_en
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py narrative_frames_climate
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py gvfc          # headline primary frame
    .venv/bin/python benchmarks/framing.py demo

    # the optional sentence-embedding block (extra `embeddings`), without and with, side by side:
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py semeval2023_task3_en --embeddings
    # domain word vectors (core install; trained once on Article-Bias-Prediction and cached), weights side by side:
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py semeval2023_task3_en \
        --word-vectors article_bias_prediction --word-vector-weights 0.5,1,2
    # MiniLM fine-tuned end to end (optional extra; single-label datasets), beside the word-vector model:
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py gvfc --word-vectors article_bias_prediction \
        --finetune
    # how its settings were chosen: inner 4-fold CV on the TRAINING part of random fold 0 only
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py semeval2023_task3_en --select-embeddings

Multi-label corpora get 5-fold random CV and 5-fold topic-grouped CV (k-means topics on LSA of TF-IDF,
``toolkit.framing.topic_groups``; whole topics held out); GVFC gets stratified 5-fold accuracy. With
``--embeddings`` both models are scored on the same folds. Embeddings come from the disk cache after the
first run (``$TOOLKIT_CACHE/embeddings``, else ``corpora/cache/embeddings``).
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np
import pandas as pd
from sklearn.base import clone

from toolkit.framing.cli import estimator_for
from toolkit.framing.evaluate import _folds, cross_validate_frames, summarise

#: The grid searched by ``--select-embeddings`` (inner CV on the training part of random fold 0).
GRID = {"embedding_weight": [0.25, 0.5, 1.0, 2.0], "max_chunks": [1, 2, 8]}


def _evaluate(args, models: dict) -> None:
    _, X, y = estimator_for(args.dataset)
    multilabel = not isinstance(y[0], str)
    splits = args.splits.split(",") if multilabel else ["random"]
    summaries, frames = [], []
    for split in splits:
        for i, (label, model) in enumerate(models.items()):
            scores, per_frame = cross_validate_frames(X, y, model, split=split, n_topics=args.n_topics)
            if i:   # the constant baseline is scored once, beside the first model
                scores = scores[scores["model"] == "model"]
                per_frame = per_frame[per_frame["model"] == "model"]
            scores = scores.assign(model=scores["model"].replace("model", label))
            per_frame = per_frame.assign(model=per_frame["model"].replace("model", label))
            summaries.append(summarise(scores))
            frames.append(per_frame)
    pd.set_option("display.width", 200)
    print(f"== {args.dataset}: {len(y)} documents")
    for label, model in models.items():
        print(f"   {label}: {model!r}")
    print(pd.concat(summaries, ignore_index=True).round(3).to_string(index=False))
    if multilabel:
        per = pd.concat(frames, ignore_index=True)
        wide = per.pivot_table(index=["frame"], columns=["split", "model"], values="f1", sort=False).round(3)
        first = next(iter(models))
        support = per[(per["model"] == first) & (per["split"] == splits[0])].set_index("frame")["support"]
        wide[("support", "")] = support
        print(wide.sort_values("support", ascending=False).to_string())


def _select(args, base) -> None:
    """Inner 4-fold CV of each embedding setting on the training part of random fold 0 (its test part unseen)."""
    _, X, y = estimator_for(args.dataset)
    texts = list(X) if not isinstance(X, pd.DataFrame) else X
    multilabel = not isinstance(y[0], str)
    tr, _ = _folds(len(y), "random", 5, None, None if multilabel else list(y), 0)[0]
    Xtr = texts.iloc[tr] if isinstance(texts, pd.DataFrame) else [texts[i] for i in tr]
    ytr = [y[i] for i in tr]
    metric = "micro_f1" if multilabel else "accuracy"
    rows = []
    configs = [{"embeddings": False}] + [dict(embeddings=True, embedding_weight=w, max_chunks=m)
                                         for w, m in itertools.product(GRID["embedding_weight"], GRID["max_chunks"])]
    if not multilabel:   # headlines are one chunk: max_chunks changes nothing
        configs = [c for c in configs if c.get("max_chunks", 1) == 1]
    for cfg in configs:
        model = base.set_params(**{"embedding_weight": 1.0, "max_chunks": 8, **cfg})
        scores, _ = cross_validate_frames(Xtr, ytr, model, split="random", n_splits=4, progress=False)
        s = scores[scores["model"] == "model"]
        rows.append({**cfg, metric: round(float(s[metric].mean()), 4),
                     "macro_f1": round(float(s["macro_f1"].mean()), 4)})
        print(rows[-1], flush=True)
    table = pd.DataFrame(rows)
    print(f"== {args.dataset}: inner 4-fold CV on the {len(tr)} training documents of random fold 0")
    print(table.round(4).to_string(index=False))
    best = table.iloc[int(np.argmax(table[metric] + table["macro_f1"]))]
    print(f"best by {metric} + macro_f1: {best.to_dict()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset")
    parser.add_argument("--splits", default="random,topic", help="comma-separated: random,topic")
    parser.add_argument("--n-topics", type=int, default=8)
    parser.add_argument("--embeddings", action="store_true",
                        help="also the model with the MiniLM embedding block (optional extra), side by side")
    parser.add_argument("--word-vectors", metavar="SOURCE", default=None,
                        help="also the model with domain word vectors (core install): a registry corpus to train "
                             "them on, e.g. article_bias_prediction (cached), or a saved .npz; side by side")
    parser.add_argument("--word-vector-weights", default="1.0",
                        help="comma-separated word_vector_weight values to score (with --word-vectors)")
    parser.add_argument("--finetune", action="store_true",
                        help="also MiniLM fine-tuned end to end (optional extra), side by side: FineTunedFrameClassifier "
                             "for single-label datasets such as gvfc, else the FrameClassifier with the fine-tuned "
                             "block blended in (with --word-vectors: the word-vector model's)")
    parser.add_argument("--select-embeddings", action="store_true",
                        help="grid of embedding settings by inner CV on the training part of random fold 0")
    args = parser.parse_args(argv)
    model, _, _ = estimator_for(args.dataset)
    if args.select_embeddings:
        _select(args, model)
        return 0
    models = {"model": model}
    if args.embeddings:
        models = {"tfidf": model, "tfidf+emb": estimator_for(args.dataset, embeddings=True)[0]}
    if args.word_vectors:
        wv_model = estimator_for(args.dataset, word_vectors=args.word_vectors)[0]
        models = {"tfidf": model} if not args.embeddings else models
        for w in (float(x) for x in args.word_vector_weights.split(",")):
            models[f"tfidf+wv{w:g}"] = clone(wv_model).set_params(word_vector_weight=w)
    if args.finetune:
        # progress=False also quietens the fine-tuned block a FrameClassifier builds
        models["finetuned"] = estimator_for(args.dataset, finetune=True,
                                            word_vectors=args.word_vectors)[0].set_params(progress=False)
    _evaluate(args, models)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
