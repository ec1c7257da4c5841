"""Stance evaluations: FNC-1 (claim-disjoint folds + the official body-only hold-out), NewsMTSC devtest_mt,
Emergent as a second headline-stance check. Prints the numbers; a script, not a test.

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/stance.py fnc --run-folds 1 [--word-vectors article_bias_prediction]
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/stance.py actor [--embeddings] [--word-vectors article_bias_prediction]
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/stance.py actor-cv   # embeddings: grouped CV on train
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/stance.py emergent --model corpora/cache/fnc1.skops

Every feature extractor is fitted on the training side of its split only (inductive), so new claims'
words are unseen as they would be on the competition test.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from toolkit.framing.word_vectors import resolve_word_vectors


def fnc_pairs() -> pd.DataFrame:
    from toolkit.datasets import load_dataset

    d = load_dataset("fnc1")
    pairs = d["pairs"]
    bodies = d.articles.set_index("doc_id")["text"]
    return pd.DataFrame({"headline": pairs["headline"].astype(str).to_numpy(),
                         "body_id": pairs["body_id"].astype(str).to_numpy(),
                         "body": bodies.loc[pairs["doc_id"]].astype(str).to_numpy(),
                         "label": pairs["label"].astype(str).to_numpy()})


def _fit_eval(df, tr, te, *, max_iter, tag, two_stage=True, word_vectors=None):
    from toolkit.stance import (expected_score_decision, fnc_relative_score, fnc_report, make_headline_stance_model,
                                unrelated_share_weights)

    t0 = time.time()
    y = df["label"].to_numpy()
    # the shipped model (label weights, two stages unless --one-stage), fitted on the training side only
    clf = make_headline_stance_model(max_iter=max_iter, two_stage=two_stage, progress=True, word_vectors=word_vectors)
    clf.fit(df.iloc[tr][["headline", "body"]], y[tr])
    proba = clf.predict_proba(df.iloc[te][["headline", "body"]])
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
    vectors = resolve_word_vectors(args.word_vectors)
    results = []
    for k, (tr, te) in enumerate(claim_disjoint_folds(df, args.folds, random_state=args.seed)):
        if k >= args.run_folds:
            break
        results.append(_fit_eval(df, tr, te, max_iter=args.max_iter, tag=f"claim-disjoint fold {k + 1}/{args.folds}",
                                  two_stage=not args.one_stage, word_vectors=vectors))
    r = pd.DataFrame(results)
    print("\nclaim-disjoint mean over folds run:\n" + r.mean().to_string(float_format=lambda v: f"{v:.4f}"))
    if not args.no_official:
        tr, te = official_holdout(df, random_state=args.seed)
        _fit_eval(df, tr, te, max_iter=args.max_iter, tag="official-style body-only hold-out (20% of bodies)",
                  two_stage=not args.one_stage, word_vectors=vectors)


def newsmtsc_targets(split: str) -> pd.DataFrame:
    from toolkit.datasets import load_dataset

    d = load_dataset("newsmtsc")
    t = d["targets"]
    text = d.articles.set_index("doc_id")["text"]
    t = t.assign(sentence=text.loc[t["doc_id"]].astype(str).to_numpy(), label=t["label"].astype(str))
    return t[t["split"] == split].reset_index(drop=True)


def _actor_report(test, pred, tag: str) -> float:
    from sklearn.metrics import classification_report, confusion_matrix, f1_score

    from toolkit.stance import ACTOR_LABELS

    print(f"\n== {tag}")
    print(classification_report(test["label"], pred, labels=list(ACTOR_LABELS), digits=4))
    print(pd.DataFrame(confusion_matrix(test["label"], pred, labels=list(ACTOR_LABELS)),
                       index=ACTOR_LABELS, columns=ACTOR_LABELS))
    f1 = f1_score(test["label"], pred, average="macro")
    print(f"macro_f1 devtest_mt {f1:.4f}  ({tag})")
    return f1


def run_actor(args) -> None:
    from toolkit.stance import make_actor_stance_model

    train, test = newsmtsc_targets("train"), newsmtsc_targets("devtest_mt")
    print(f"NewsMTSC: train {len(train)} targets, devtest_mt {len(test)} targets")
    configs = [("TF-IDF + lexicon (default)", {})]
    if args.embeddings:
        configs.append(("TF-IDF + lexicon + MiniLM embeddings (embeddings=True)", {"embeddings": True}))
    if args.word_vectors:
        configs.append((f"TF-IDF + lexicon + {args.word_vectors} word vectors",
                        {"word_vectors": resolve_word_vectors(args.word_vectors)}))
    for tag, params in configs:
        t0 = time.time()
        model = make_actor_stance_model(**params).fit(train, train["label"])
        pred = model.predict(test)
        _actor_report(test, pred, f"{tag}; fit + predict {time.time() - t0:.0f} s")


def run_actor_cv(args) -> None:
    """Choose the embedding block by grouped CV on NewsMTSC train (folds disjoint in sentences).

    Feature blocks are computed once per fold (TF-IDF / lexicon fitted on the training folds only; the
    embeddings are pre-trained and need no fitting), then each configuration is a logistic regression on
    their weighted concatenation.
    """
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from toolkit.embeddings import SentenceEmbedder
    from toolkit.stance.actor_embeddings import target_texts
    from toolkit.stance.actor_features import TargetContextFeatures

    train = newsmtsc_targets("train")
    y = train["label"].to_numpy()
    groups = pd.factorize(train["sentence"].str.strip().str.lower())[0]
    emb = SentenceEmbedder().fit()
    blocks = {k: emb.transform(v) for k, v in target_texts(train, window=args.window).items()}
    blocks["diff"] = blocks["window"] - blocks["masked"]
    part_sets = [p.split("+") for p in args.parts]
    rows = []
    for k, (tr, te) in enumerate(GroupKFold(n_splits=args.folds).split(train, y, groups)):
        if k + 1 not in (args.only_folds or range(1, args.folds + 1)):
            continue
        ctx = TargetContextFeatures().fit(train.iloc[tr])
        Xtr, Xte = ctx.transform(train.iloc[tr]), ctx.transform(train.iloc[te])
        for parts in part_sets:
            E = np.hstack([blocks[p] for p in parts])
            for scale in args.scales:
                for C in args.C:
                    if scale == 0 and parts != part_sets[0]:
                        continue
                    A = hstack([Xtr, csr_matrix(E[tr] * scale)]).tocsr() if scale else Xtr
                    B = hstack([Xte, csr_matrix(E[te] * scale)]).tocsr() if scale else Xte
                    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=0).fit(A, y[tr])
                    f1 = f1_score(y[te], lr.predict(B), average="macro")
                    rows.append({"fold": k, "parts": "+".join(parts) if scale else "none", "scale": scale, "C": C,
                                 "macro_f1": f1})
                    print(f"fold {k + 1}/{args.folds} parts={rows[-1]['parts']:<20} scale={scale:<4} C={C:<4} "
                          f"macro_f1 {f1:.4f}", flush=True)
    r = pd.DataFrame(rows).groupby(["parts", "scale", "C"])["macro_f1"].agg(["mean", "std", "count"])
    print("\ngrouped 5-fold CV on NewsMTSC train (folds disjoint in sentences):")
    print(r.sort_values("mean", ascending=False).to_string(float_format=lambda v: f"{v:.4f}"))


def run_actor_params(args) -> None:
    """Grouped CV (folds disjoint in sentences) of the full actor model over a grid of its parameters."""
    import itertools

    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from toolkit.stance import make_actor_stance_model

    train = newsmtsc_targets("train")
    y = train["label"].to_numpy()
    groups = pd.factorize(train["sentence"].str.strip().str.lower())[0]
    base = {"word_vectors": resolve_word_vectors(args.word_vectors)}
    grid = {}
    for item in args.grid:
        name, _, values = item.partition("=")
        grid[name] = [float(v) for v in values.split(",")]
    configs = [dict(zip(grid, combo)) for combo in itertools.product(*grid.values())] or [{}]
    rows = []
    for k, (tr, te) in enumerate(GroupKFold(n_splits=args.folds).split(train, y, groups)):
        for params in configs:
            model = make_actor_stance_model(**base, **params).fit(train.iloc[tr], y[tr])
            f1 = f1_score(y[te], model.predict(train.iloc[te]), average="macro")
            rows.append({**params, "fold": k, "macro_f1": f1})
            print(f"fold {k + 1}/{args.folds} {params} macro_f1 {f1:.4f}", flush=True)
    keys = list(grid) or ["fold"]
    r = pd.DataFrame(rows).groupby(keys)["macro_f1"].agg(["mean", "std", "count"]) if grid else \
        pd.DataFrame(rows)["macro_f1"].agg(["mean", "std", "count"])
    print(f"\ngrouped {args.folds}-fold CV on NewsMTSC train (folds disjoint in sentences), "
          f"word vectors: {args.word_vectors or 'none'}:")
    print(r.to_string(float_format=lambda v: f"{v:.4f}"))


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
    f.add_argument("--one-stage", action="store_true", help="make_headline_stance_model(two_stage=False)")
    f.add_argument("--word-vectors", metavar="CORPUS", help="the model with this corpus's word vectors, e.g. "
                   "article_bias_prediction (the CLI's default when that corpus is local)")
    f.set_defaults(func=run_fnc)
    a = sub.add_parser("actor")
    a.add_argument("--embeddings", action="store_true", help="also the model with the MiniLM block (optional extra)")
    a.add_argument("--word-vectors", metavar="CORPUS", help="also the model with this corpus's word vectors (core), "
                   "e.g. article_bias_prediction")
    a.set_defaults(func=run_actor)
    c = sub.add_parser("actor-cv")
    c.add_argument("--folds", type=int, default=5)
    c.add_argument("--window", type=int, default=6)
    c.add_argument("--parts", nargs="+", default=["masked+window", "masked", "window", "masked+window+diff"])
    c.add_argument("--scales", nargs="+", type=float, default=[0.0, 0.5, 1.0, 2.0])
    c.add_argument("--C", nargs="+", type=float, default=[1.0])
    c.add_argument("--only-folds", nargs="+", type=int, help="run only these folds (1-based; time)")
    c.set_defaults(func=run_actor_cv)
    g = sub.add_parser("actor-params", help="grouped CV of the actor model over a parameter grid")
    g.add_argument("--folds", type=int, default=5)
    g.add_argument("--word-vectors", metavar="CORPUS", help="e.g. article_bias_prediction")
    g.add_argument("--grid", nargs="*", default=[], metavar="NAME=V1,V2",
                   help="numeric parameters of ActorStanceClassifier, e.g. induced_lexicon_weight=0,1")
    g.set_defaults(func=run_actor_params)
    e = sub.add_parser("emergent")
    e.add_argument("--model", required=True)
    e.set_defaults(func=run_emergent)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
