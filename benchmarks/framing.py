"""Frame-classifier evaluations: model vs constant baseline, random and topic-grouped folds.

Usage (prints tables; the numbers quoted in the issue note come from these commands)::

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py semeval2023_task3_en
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py narrative_frames_climate
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/framing.py gvfc          # headline primary frame
    .venv/bin/python benchmarks/framing.py demo

Multi-label corpora get 5-fold random CV and 5-fold topic-grouped CV (k-means topics on LSA of TF-IDF,
``toolkit.framing.topic_groups``; whole topics held out); GVFC gets stratified 5-fold accuracy.
"""

from __future__ import annotations

import argparse

import pandas as pd

from toolkit.framing.cli import estimator_for
from toolkit.framing.evaluate import cross_validate_frames, summarise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset")
    parser.add_argument("--splits", default="random,topic", help="comma-separated: random,topic")
    parser.add_argument("--n-topics", type=int, default=8)
    args = parser.parse_args(argv)
    model, X, y = estimator_for(args.dataset)
    multilabel = not isinstance(y[0], str)
    splits = args.splits.split(",") if multilabel else ["random"]
    summaries, frames = [], []
    for split in splits:
        scores, per_frame = cross_validate_frames(X, y, model, split=split, n_topics=args.n_topics)
        summaries.append(summarise(scores))
        frames.append(per_frame)
    pd.set_option("display.width", 200)
    print(f"== {args.dataset}: {len(y)} documents; model {model!r}")
    print(pd.concat(summaries, ignore_index=True).round(3).to_string(index=False))
    if multilabel:
        per = pd.concat(frames, ignore_index=True)
        wide = per.pivot_table(index=["frame"], columns=["split", "model"], values="f1").round(3)
        support = per[(per["model"] == "model") & (per["split"] == splits[0])].set_index("frame")["support"]
        wide[("support", "")] = support
        print(wide.sort_values("support", ascending=False).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
