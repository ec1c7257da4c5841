# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (toolkit)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 — Framing by outlet: which frames do outlets use for the same events?
#
# **Version 2.** A frame classifier (`toolkit.framing.FrameClassifier`: TF-IDF + one calibrated logistic
# regression per frame, thresholds learned out of fold; with the real corpora also each article's mean *domain
# word vector*, word2vec trained without labels on Article-Bias-Prediction's 37.5k US political news articles,
# which carries frames to words the coded articles never used) is trained on articles coded with the 14 policy
# frames of SemEval-2023 Task 3, then applied to a corpus with outlets and gold same-event groups (BASIL:
# 100 events, each covered by the New York Times, Fox News and HuffPost). Each article gets a set of frames;
# outlets are compared **within events** with `toolkit.compare.within_event_contrast`, so a difference is
# not just a difference in which events an outlet covered.
#
# How good is the classifier? On SemEval-2023 (5-fold cross-validation, `benchmarks/framing.py --word-vectors
# article_bias_prediction`) micro-F1 0.710 / macro-F1 0.534 on random folds and 0.670 / 0.353 when whole topics
# are held out (TF-IDF alone: 0.696 / 0.520 and 0.600 / 0.279; always predicting the most common frames: 0.548
# and 0.541): well above the constant baseline but far from perfect, and it was trained on other news (2022,
# mostly Russia/Ukraine) than BASIL (2010-2019 US politics): read the shares as *model-estimated* frames, and the
# contrasts as differences in what the model detects.
#
# Any real `dataset` (what `make figures` passes) means: compare on `compare_dataset` (needs outlets and gold
# events). When the real corpora are not available (or `dataset="demo"`), the notebook runs on the project's
# **synthetic demo corpus**: the classifier is trained on the demo's planted frames and every article is
# predicted by a model that did not see it (5-fold out-of-fold predictions); the planted outlet propensities
# are shown beside the estimates. Every figure made from it says "synthetic demo data".
#
# **Figures this notebook makes** (PNG + CSV data table + JSON manifest each), in
# `<output_dir>/<source>/05-framing-by-outlet/`:
#
# | file | what it shows |
# |---|---|
# | `frame-shares` | share of articles with each predicted frame, by outlet |
# | `frame-contrasts` | within-event differences between outlets in frame presence, 95 % cluster-robust intervals |
# | `microframe-contrasts` | within-event differences between outlets in FrameAxis microframe bias, 95 % intervals |
#
# Run headless with `make figures` or `python -m toolkit figures --notebook 05 [--dataset demo]`.

# %% tags=["parameters"]
dataset = "basil"
output_dir = "../figures"
compare_dataset = "basil"
train_dataset = "semeval2023_task3_en"
word_vector_corpus = "article_bias_prediction"  # domain word vectors for the classifier; None: TF-IDF only
group_by = "outlet"
event_column = "event_id"
top_frames = 6
top_axes = 4
microframe_min_count = 3
n_null = 1000
seed = 0

# %%
# %matplotlib inline
import warnings

import pandas as pd

from toolkit import plots
from toolkit.cache import cached_fit
from toolkit.compare import CompareWarning, within_event_contrast
from toolkit.datasets import load_dataset, load_demo
from toolkit.figures import DEMO, describe, load_real
from toolkit.figures import saver as make_saver
from toolkit.framing import FrameClassifier, MicroframeScorer, MicroframeWarning, microframe_measures
from toolkit.framing.data import load_frame_dataset
from toolkit.framing.word_vectors import optional_word_vectors
from toolkit.framing.lexicons import word2vec_vectors
from toolkit.framing.measures import frame_measures, out_of_fold_frames
from toolkit.plots.frames import frame_shares, frame_shares_data

plots.set_house_style()
NOTEBOOK = "05-framing-by-outlet"

# %% [markdown]
# ## Corpus and training data

# %%
real = load_real(dataset, lambda: (load_dataset(compare_dataset, download_missing=False).articles,
                                   load_frame_dataset(train_dataset)), what=f"{compare_dataset} / {train_dataset}")
source = DEMO if real is None else compare_dataset
if real is not None:
    corpus, (train_articles, train_labels, scheme) = real
if source == DEMO:
    corpus, labels, scheme = load_frame_dataset(DEMO)
save = make_saver(output_dir, NOTEBOOK, source)
print("source:", describe(source))
print(f"{len(corpus)} articles, {corpus[group_by].nunique()} {group_by}s, {corpus[event_column].nunique()} events")

# %% [markdown]
# ## Frames per article
#
# Real data: fit on all coded SemEval-2023 articles, predict the corpus. Demo: out-of-fold predictions (the
# demo's fictional world has no reference corpus for word vectors: TF-IDF only). The word vectors are trained
# once (about 3 minutes) and cached.

# %%
word_vectors = None if source == DEMO else optional_word_vectors(word_vector_corpus)
print("word vectors:", word_vectors)
model = FrameClassifier(scheme, random_state=seed, word_vectors=word_vectors)
if source == DEMO:
    measures = out_of_fold_frames(corpus, labels, model, random_state=seed)
else:
    model = cached_fit(model, train_articles, train_labels)  # loaded when fitted on an earlier run
    measures = frame_measures(model, corpus)
frames = [c for c in measures.columns if c != "doc_id"]
print(f"frames per article: {measures[frames].sum(axis=1).mean():.2f} on average")
measures[frames].mean().sort_values(ascending=False).round(3)

# %%
data = frame_shares_data(corpus, measures, by=group_by)
ax = frame_shares(corpus, measures, by=group_by, data=data,
                  title=f"Share of articles with each predicted frame, by {group_by}")
save(ax, "frame-shares", data, by=group_by, train_dataset=None if source == DEMO else train_dataset)

# %% [markdown]
# ## Within-event differences between outlets
#
# For the `top_frames` most common predicted frames: each outlet's deviation from the average outlet in
# the probability that an article carries the frame, estimated with event fixed effects (only events that
# several outlets covered count). 95 % intervals are cluster-robust by event. Filled markers: the interval
# excludes zero.

# %%
keep = measures[frames].mean().sort_values(ascending=False).index[:top_frames].tolist()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    contrasts = within_event_contrast(corpus, measures[["doc_id", *keep]], by=group_by, event=event_column,
                                      method="cluster")
if source == DEMO:  # the planted truth, beside the estimates
    planted = load_demo().tables["frame_propensities"].copy()
    planted["planted_deviation"] = planted["probability"] - planted.groupby("frame")["probability"].transform("mean")
    contrasts = contrasts.merge(planted[["outlet", "frame", "planted_deviation"]],
                                left_on=["group", "measure"], right_on=["outlet", "frame"], how="left"
                                ).drop(columns=["outlet", "frame"])
    print("correlation of estimates with planted deviations:",
          round(contrasts["estimate"].corr(contrasts["planted_deviation"]), 3))
data = plots.contrast_intervals_data(contrasts)
ax = plots.contrast_intervals(contrasts, data=data, title=f"Frame presence by {group_by}, within events",
                              xlabel="deviation from the average outlet, share of articles (95% interval)")
save(ax, "frame-contrasts", data, by=group_by, event=event_column, frames=keep, method="cluster")
contrasts.round(3)

# %% [markdown]
# ## Microframes: where the outlets' words lie on antonym axes
#
# Frames say *what* an article is about; microframes (FrameAxis, Kwak et al. 2021;
# `toolkit.framing.microframes`) say *how* its words lean. Each built-in axis runs between two short lists of
# antonyms (peaceful – hostile, legal – illegal, strong – weak, …). Every word gets a position on an axis, the
# cosine of its word2vec vector with the axis (positive = towards the first-named pole), and an article's
# **bias** is the average position of its words, leaving out the axis' own pole words. The word vectors are
# trained here on the compared corpus (real data: plus the SemEval-2023 training articles, for more text);
# axes whose poles have no word with a vector are dropped. We show the `top_axes` usable axes whose rarer pole
# occurs most often in the corpus (the best-estimated axes; chosen before looking at any outlet difference).
# On BASIL with SemEval-2023 all 14 axes are usable; the synthetic demo's small vocabulary leaves two
# (peaceful – hostile and friendly – adversarial).
#
# A **null model** draws, for each article, `n_null` random bags of as many words from the corpus' word
# distribution: `p_value` says whether the article leans more than such a bag would. Real articles almost
# always do (their words are about one story, not a random draw), so this is a check that an article has a
# lean at all, not an outlet comparison: outlets are compared, as above, within events.

# %%
texts = corpus if source == DEMO else pd.concat([corpus, train_articles], ignore_index=True)
vectors = word2vec_vectors(texts, min_count=microframe_min_count, random_state=seed)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", MicroframeWarning)  # dropped axes are listed below
    scorer = MicroframeScorer(vectors=vectors, n_null=n_null, random_state=seed).fit(corpus)
    scores = scorer.scores(corpus)
print(f"{len(scorer.axis_names_)} usable axes; dropped (a pole without a word with a vector): "
      f"{sorted(scorer.dropped_axes_) or 'none'}")
rarer_pole = scorer.pole_words_.groupby(["axis", "pole"])["count"].sum().unstack().min(axis=1)
axes = rarer_pole[scorer.axis_names_].sort_values(ascending=False, kind="stable").index[:top_axes].tolist()
scores = scores[scores["axis"].isin(axes)]
summary = scores.groupby("axis", sort=False).agg(mean_bias=("bias", "mean"), sd_bias=("bias", "std"),
                                                  share_p_below_05=("p_value", lambda p: (p < 0.05).mean()))
summary.join(rarer_pole.rename("rarer_pole_count")).round(4)

# %% [markdown]
# Each outlet's deviation from the average outlet in microframe bias, within events (event fixed effects,
# cluster-robust 95 % intervals, as for the frames above). The unit is a cosine: differences are small
# because most words of any article lie near the middle of every axis.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    microframe_contrasts = within_event_contrast(corpus, microframe_measures(scores), by=group_by,
                                                 event=event_column, method="cluster")
data = plots.contrast_intervals_data(microframe_contrasts)
ax = plots.contrast_intervals(microframe_contrasts, data=data, title=f"Microframe bias by {group_by}, within events",
                              xlabel="deviation from the average outlet in bias (cosine; 95% interval)")
ax.locator_params(axis="x", nbins=5)  # estimates of a few thousandths: fewer ticks keep their labels apart
save(ax, "microframe-contrasts", data, by=group_by, event=event_column, axes=axes, method="cluster", n_null=n_null,
     min_count=microframe_min_count, vectors="word2vec on " + ("the corpus" if source == DEMO else
                                                               f"{compare_dataset} + {train_dataset}"))
microframe_contrasts[["group", "measure", "estimate", "ci_low", "ci_high", "p_value"]].round(4)
