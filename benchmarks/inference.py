"""Inference throughput of the stance and frame models: toolkit ``predict`` from raw input vs bare scikit-learn.

Models (fitted once, not timed, on the project's own synthetic data so no corpus text is involved):

* frames: :class:`toolkit.framing.FrameClassifier` on the demo frame dataset (215 articles, multi-label);
* actor stance: :class:`toolkit.stance.ActorStanceClassifier` on synthetic target sentences (tests/stance_synthetic);
* headline stance: :func:`toolkit.stance.make_headline_stance_model` on synthetic FNC-1 pairs (max_iter 100,
  100 LSA components).

Each model then predicts ``--n`` inputs resampled from its training data (documents for frames, target mentions for
actor stance, headline–body pairs for headline stance):

* ``toolkit``: the toolkit's ``predict`` on the raw input (features computed inside: TF-IDF, lexicons, LSA …), in
  this process (one core);
* ``toolkit+dask2``: the same through :func:`toolkit.parallel.predict` on a ``LocalCluster`` of 2 worker processes
  (both cores; ``--no-dask`` skips it), the model sent to the workers once beforehand with
  :func:`toolkit.parallel.share` (as for a stream of batches; sending it takes about 2 s for the 30–90 MB
  stance models and would otherwise be paid on every call);
* ``bare``: the final scikit-learn estimator's ``predict`` on the same features, computed beforehand (not timed).

Best of ``--repeats`` runs. Prints ``docs/s`` for each and the ratio toolkit / bare.

``--real`` (needs ``$TOOLKIT_DATA``) times the models the study notebooks use, on real input instead: the frame
classifier fitted on SemEval-2023 English predicting BASIL articles (notebook 05); the actor model fitted on NewsMTSC
train predicting devtest_mt target mentions; the headline model fitted on 300 FNC-1 training bodies of the first
claim-disjoint fold predicting pairs of the held-out claims (notebook 04). Fits go through
:func:`toolkit.cache.cached_fit`, so after ``make figures`` they load from the cache. Run::

    .venv/bin/python benchmarks/inference.py --n 20000
    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/inference.py --n 20000 --real
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _best(fn, repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def models(n: int, seed: int = 0):
    """(name, fitted model, input of n rows, features of that input, final sklearn estimator) for each model."""
    from stance_synthetic import fnc_pairs, target_sentences

    from toolkit.framing import FrameClassifier, as_texts
    from toolkit.framing.data import load_frame_dataset
    from toolkit.stance import ActorStanceClassifier, make_headline_stance_model

    rng = np.random.default_rng(seed)
    out = []

    articles, labels, scheme = load_frame_dataset("demo")
    frames = FrameClassifier(scheme).fit(articles, labels)
    X = articles.iloc[rng.integers(0, len(articles), n)].reset_index(drop=True)
    A = frames.vectorizer_.transform(as_texts(X))
    out.append(("frames", frames, X, A, _FrameHead(frames)))

    sentences = target_sentences(240)
    actor = ActorStanceClassifier().fit(sentences, sentences["label"])
    X = sentences.iloc[rng.integers(0, len(sentences), n)].reset_index(drop=True)
    F = actor.pipeline_[:-1].transform(X)
    out.append(("actor stance", actor, X, F, actor.pipeline_[-1]))

    pairs = fnc_pairs(n_claims=24)
    headline = make_headline_stance_model(max_iter=100).fit(pairs, pairs["label"])
    X = pairs.iloc[rng.integers(0, len(pairs), n)].reset_index(drop=True)
    out.append(("headline stance", headline, X, *_headline_parts(headline, X)))
    return out


def real_models(n: int, seed: int = 0):
    """As :func:`models`, on real corpora with the study notebooks' models (fitted once, cached)."""
    from toolkit.cache import cached_fit
    from toolkit.datasets import load_dataset
    from toolkit.framing import FrameClassifier, as_texts
    from toolkit.framing.data import load_frame_dataset
    from toolkit.stance import make_actor_stance_model, make_headline_stance_model
    from toolkit.stance.splits import claim_disjoint_folds

    from stance import fnc_pairs, newsmtsc_targets  # benchmarks/stance.py: the same tables as notebook 04

    rng = np.random.default_rng(seed)
    out = []

    train_articles, train_labels, scheme = load_frame_dataset("semeval2023_task3_en")
    frames = cached_fit(FrameClassifier(scheme, random_state=seed), train_articles, train_labels)
    corpus = load_dataset("basil").articles
    X = corpus.iloc[rng.integers(0, len(corpus), n)].reset_index(drop=True)
    out.append(("frames", frames, X, frames.vectorizer_.transform(as_texts(X)), _FrameHead(frames)))

    train_t, test_t = newsmtsc_targets("train"), newsmtsc_targets("devtest_mt")
    actor = cached_fit(make_actor_stance_model(random_state=seed), train_t, train_t["label"])
    X = test_t.iloc[rng.integers(0, len(test_t), n)].reset_index(drop=True)
    out.append(("actor stance", actor, X, actor.pipeline_[:-1].transform(X), actor.pipeline_[-1]))

    # notebook 04's headline model: 300 training bodies of the first claim-disjoint fold, 100 boosting rounds
    fnc_df = fnc_pairs()
    tr, te = next(claim_disjoint_folds(fnc_df, 5, random_state=seed))
    pick = np.random.default_rng(seed)
    keep = set(pick.choice(fnc_df["body_id"].iloc[tr].unique(), 300, replace=False))
    tr = tr[fnc_df["body_id"].iloc[tr].isin(keep).to_numpy()]
    headline = cached_fit(make_headline_stance_model(max_iter=100, random_state=seed), fnc_df.iloc[tr],
                          fnc_df["label"].iloc[tr])
    X = fnc_df.iloc[te].iloc[rng.integers(0, len(te), n)].reset_index(drop=True)
    out.append(("headline stance", headline, X, *_headline_parts(headline, X)))
    return out


def _headline_parts(headline, X):
    """Features of ``X`` (computed beforehand, not timed) and the bare estimator(s) that predict from them.

    One-stage model: the pipeline's features and its gradient boosting. Two-stage model
    (:class:`toolkit.stance.headline_stages.TwoStageHeadlineModel`): its ``stage_features`` (the pair features and
    the snippet model's log-probabilities), and :class:`_TwoStageHead` (both boosting stages on them).
    """
    from toolkit.stance.headline_stages import TwoStageHeadlineModel

    est = headline.estimator_
    if not isinstance(est, TwoStageHeadlineModel):
        return est[:-1].transform(X), est[-1]
    return est.stage_features(X), _TwoStageHead(est)


class _TwoStageHead:
    """The bare scikit-learn part of a fitted two-stage headline model: both stages on precomputed features."""

    def __init__(self, model) -> None:
        self.model = model

    def predict(self, features):
        F, snip = features
        return self.model.classes_[self.model.combine(F, snip).argmax(axis=1)]


class _FrameHead:
    """The bare linear part of a fitted FrameClassifier: one scikit-learn-style ``predict`` on TF-IDF features."""

    def __init__(self, model) -> None:
        from sklearn.linear_model import LogisticRegression

        # an equivalent one-vs-rest linear model: the fitted coefficients, scikit-learn's predict
        self.heads = []
        for k in range(model.coef_.shape[0]):
            lr = LogisticRegression()
            lr.classes_ = np.array([0, 1])
            lr.coef_ = model.coef_[k:k + 1]
            lr.intercept_ = np.atleast_1d(model.intercept_[k])
            self.heads.append(lr)

    def predict(self, A):
        return np.column_stack([h.predict(A) for h in self.heads])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20_000, help="inputs to predict per model")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--real", action="store_true", help="the notebooks' models on real corpora ($TOOLKIT_DATA)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    from toolkit.parallel import predict, share

    n = args.n
    # fit (or load) every model BEFORE starting the cluster: distributed's nannies set OMP_NUM_THREADS=1 (and the
    # BLAS equivalents) in this process's environment, and a model fitted after that can differ in the last bits
    # from the one the notebooks fit, and would then be cached under the same key
    fitted = (real_models if args.real else models)(n)
    client = cluster = None
    if not args.no_dask:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        client = Client(cluster)
    print(f"input: {'real corpora (notebook models)' if args.real else 'synthetic (project data)'}, n = {n}")
    print(f"{'model':<16s} {'toolkit':>12s} {'toolkit+dask2':>14s} {'bare sklearn':>13s} {'ratio':>6s}")
    for name, model, X, F, head in fitted:
        t_tool = _best(lambda: model.predict(X), args.repeats)
        t_bare = _best(lambda: head.predict(F), args.repeats)
        dask_rate = ""
        if client is not None:
            shared = share(model, client)  # the model goes to the workers once, as for a stream of batches
            predict(shared, X, client=client)  # warm-up
            t_dask = _best(lambda: predict(shared, X, client=client), args.repeats)
            dask_rate = f"{n / t_dask:9.0f} docs/s"
        print(f"{name:<16s} {n / t_tool:7.0f} docs/s {dask_rate:>14s} {n / t_bare:7.0f} docs/s "
              f"{(n / t_tool) / (n / t_bare):6.3f}", flush=True)
    if client is not None:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
