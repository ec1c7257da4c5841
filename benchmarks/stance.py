"""Stance evaluations: FNC-1 (claim-disjoint folds + the official body-only hold-out), NewsMTSC devtest_mt,
Emergent as a second headline-stance check. Prints the numbers; a script, not a test.

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/stance.py fnc --run-folds 1
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/stance.py actor
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/stance.py emergent --model corpora/cache/fnc1.skops

Every feature extractor is fitted on the training side of its split only (inductive), so new claims'
words are unseen as they would be on the competition test.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd


def fnc_pairs() -> pd.DataFrame:
    from toolkit.datasets import load_dataset

    d = load_dataset("fnc1")
    pairs = d["pairs"]
    bodies = d.articles.set_index("doc_id")["text"]
    return pd.DataFrame({"headline": pairs["headline"].astype(str).to_numpy(),
                         "body_id": pairs["body_id"].astype(str).to_numpy(),
                         "body": bodies.loc[pairs["doc_id"]].astype(str).to_numpy(),
                         "label": pairs["label"].astype(str).to_numpy()})


def _fit_eval(df, tr, te, *, max_iter, tag):
    from toolkit.stance import (HeadlineBodyFeatures, expected_score_decision, fnc_relative_score, fnc_report,
                                unrelated_share_weights)
    from toolkit.stance.headline import _default_head

    t0 = time.time()
    feats = HeadlineBodyFeatures(progress=True).fit(df.iloc[tr])
    both = np.concatenate([tr, te])
    F = feats.transform(df.iloc[both])
    Ftr, Fte = F[: len(tr)], F[len(tr):]
    y = df["label"].to_numpy()
    clf = _default_head(0, max_iter).fit(Ftr, y[tr])
    proba = clf.predict_proba(Fte)
    classes = clf.classes_
    exp = expected_score_decision(proba, classes)
    arg = classes[proba.argmax(1)]
    w = unrelated_share_weights(y[te])
    rep = fnc_report(y[te], exp)
    print(f"\n== {tag}: train {len(tr)} pairs, test {len(te)} pairs ({time.time() - t0:.0f} s)")
    print(f"relative score, expected-score decision: {rep['relative_score']:.4f}  (argmax {fnc_relative_score(y[te], arg):.4f})")
    print(f"relative score, unrelated share reweighted to 0.731: expected {fnc_relative_score(y[te], exp, w):.4f}  "
          f"argmax {fnc_relative_score(y[te], arg, w):.4f}")
    print(rep["per_class"].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(rep["confusion"].to_string())
    return {"score": rep["relative_score"], "score_w": fnc_relative_score(y[te], exp, w),
            "argmax_w": fnc_relative_score(y[te], arg, w),
            "disagree_recall": float(rep["per_class"].set_index("label").loc["disagree", "recall"]),
            "macro_f1": rep["macro_f1"]}


def run_fnc(args) -> None:
    from toolkit.stance import claim_disjoint_folds, official_holdout

    df = fnc_pairs()
    results = []
    for k, (tr, te) in enumerate(claim_disjoint_folds(df, args.folds, random_state=args.seed)):
        if k >= args.run_folds:
            break
        results.append(_fit_eval(df, tr, te, max_iter=args.max_iter, tag=f"claim-disjoint fold {k + 1}/{args.folds}"))
    r = pd.DataFrame(results)
    print("\nclaim-disjoint mean over folds run:\n" + r.mean().to_string(float_format=lambda v: f"{v:.4f}"))
    if not args.no_official:
        tr, te = official_holdout(df, random_state=args.seed)
        _fit_eval(df, tr, te, max_iter=args.max_iter, tag="official-style body-only hold-out (20% of bodies)")


def newsmtsc_targets(split: str) -> pd.DataFrame:
    from toolkit.datasets import load_dataset

    d = load_dataset("newsmtsc")
    t = d["targets"]
    text = d.articles.set_index("doc_id")["text"]
    t = t.assign(sentence=text.loc[t["doc_id"]].astype(str).to_numpy(), label=t["label"].astype(str))
    return t[t["split"] == split].reset_index(drop=True)


def run_actor(args) -> None:
    from sklearn.metrics import classification_report, confusion_matrix, f1_score

    from toolkit.stance import ACTOR_LABELS, make_actor_stance_model

    train, test = newsmtsc_targets("train"), newsmtsc_targets("devtest_mt")
    t0 = time.time()
    model = make_actor_stance_model().fit(train, train["label"])
    pred = model.predict(test)
    print(f"NewsMTSC: train {len(train)} targets, devtest_mt {len(test)} targets ({time.time() - t0:.0f} s)")
    print(classification_report(test["label"], pred, labels=list(ACTOR_LABELS), digits=4))
    print(pd.DataFrame(confusion_matrix(test["label"], pred, labels=list(ACTOR_LABELS)),
                       index=ACTOR_LABELS, columns=ACTOR_LABELS))
    print(f"macro_f1 devtest_mt {f1_score(test['label'], pred, average='macro'):.4f}")


def run_emergent(args) -> None:
    from sklearn.metrics import classification_report, f1_score

    from toolkit.datasets import load_dataset
    from toolkit.stance import load_model

    model = load_model(args.model, kind="fnc1")
    d = load_dataset("emergent")
    pairs = d["pairs"]
    heads = d.articles.set_index("doc_id")["text"]
    X = pd.DataFrame({"headline": pairs["claim"].astype(str).to_numpy(),
                      "body": heads.loc[pairs["doc_id"]].astype(str).to_numpy()})
    gold = pairs["label"].astype(str).map({"for": "agree", "against": "disagree", "observing": "discuss"})
    proba = model.predict_proba(X)
    classes = list(model.classes_)
    related = [classes.index(c) for c in ("agree", "disagree", "discuss")]
    pred = np.asarray(["agree", "disagree", "discuss"], dtype=object)[proba[:, related].argmax(1)]
    print(f"Emergent (claim vs article headline; {len(X)} pairs), FNC-1 model restricted to related labels:")
    print(classification_report(gold, pred, digits=4))
    print(f"emergent_macro_f1 {f1_score(gold, pred, average='macro'):.4f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="what", required=True)
    f = sub.add_parser("fnc")
    f.add_argument("--folds", type=int, default=5)
    f.add_argument("--run-folds", type=int, default=5, help="evaluate only the first N folds (time)")
    f.add_argument("--max-iter", type=int, default=300)
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--no-official", action="store_true")
    f.set_defaults(func=run_fnc)
    sub.add_parser("actor").set_defaults(func=run_actor)
    e = sub.add_parser("emergent")
    e.add_argument("--model", required=True)
    e.set_defaults(func=run_emergent)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
