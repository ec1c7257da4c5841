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
# # 03 — Topics by outlet: what outlets write about, within the same events and over time
#
# **Version 1.** A topic model (LDA, gensim) of foreign-policy coverage, with the number of topics chosen
# by coherence, and then the question this toolkit is for: do outlets (and leans) give different topics
# different weight *when they cover the same events*? Topic shares are compared through `toolkit.compare`
# (event fixed effects), with intervals that carry the topic model's own uncertainty (draws of every
# article's topic shares from its posterior, the method of composition as in R's stm).
#
# **Corpus.** Article-Bias-Prediction's foreign-policy coverage (its `topic` labels `foreign_policy`,
# `middle_east`, `world`, `north_korea`, `national_security`), many outlets rated left / center / right.
# Events are found by `toolkit.events` (the corpus has no gold events). When the real corpus is not
# available (no `$TOOLKIT_DATA`, nothing in the cache) the notebook runs on the project's **synthetic demo
# corpus** instead (gold events, planted frames), and every figure says so.
#
# **Figures this notebook makes** (PNG + CSV data table + JSON manifest each), in
# `<output_dir>/<source>/03-topics-by-outlet/`:
#
# | file | what it shows |
# |---|---|
# | `k-sweep` | coherence (c_v, c_npmi, u_mass) against the number of topics K, and the K chosen |
# | `topic-terms` | the topics, labelled, with their most relevant terms (LDAvis relevance, λ = 0.6) |
# | `prevalence-by-lean` | each lean's topic shares against the average lean, within events, 95 % intervals |
# | `prevalence-by-outlet` | the same for the outlets with most articles in shared events |
# | `prevalence-over-time` | the lean differences in one topic, period by period (lean × time) |
#
# Run headless with `make figures` or `python -m toolkit figures --notebook 03 [--dataset demo]`.

# %% tags=["parameters"]
dataset = "article_bias_prediction"
output_dir = "../figures"
case_dataset = "article_bias_prediction"
case_topics = ["foreign_policy", "middle_east", "world", "north_korea", "national_security"]
max_articles = 1500
max_words = 300
ks = [6, 9, 12, 15]
demo_ks = [8, 12, 16, 20]
coherence_sample = 500
passes = 3
no_below = 5
no_above = 0.4
topic_labels = {}
n_outlets = 6
n_draws = 20
freq = "Y"
seed = 0

# %%
# %matplotlib inline
import warnings

import pandas as pd

from toolkit import plots
from toolkit.cache import cached_fit
from toolkit.compare import CompareWarning
from toolkit.corpus.schema import LEAN_SCALE
from toolkit.datasets import load_dataset, load_demo
from toolkit.events import align_events
from toolkit.figures import DEMO, describe, load_real
from toolkit.figures import saver as make_saver
from toolkit.text import lead
from toolkit.topics import LdaTopics, TopicModelWarning, best_k, k_sweep, topic_prevalence

plots.set_house_style()
warnings.simplefilter("ignore", CompareWarning)  # excluded rows (single-lean events …): n_articles says what was used
warnings.simplefilter("ignore", TopicModelWarning)
NOTEBOOK = "03-topics-by-outlet"

# %% [markdown]
# ## The corpus
#
# The real corpus is the foreign-policy part of Article-Bias-Prediction (at most `max_articles`, taken
# evenly over time, exact duplicates left out). To keep the notebook quick, each article is modelled by
# its first `max_words` words (the lead, where news puts what the story is about); the events are aligned
# on title and lead anyway. The demo has gold events and needs no alignment.

# %%
corpus = load_real(dataset, lambda: load_dataset(case_dataset, download_missing=False).articles, what=case_dataset)
source = DEMO if corpus is None else case_dataset
if source == DEMO:
    articles = load_demo().articles
    ks, coherence_sample, passes, no_below, no_above, freq = demo_ks, None, 10, 2, 0.5, "Q"
    event = "event_id"
else:
    articles = corpus[corpus["topic"].isin(case_topics) & corpus["published"].notna()
                      & corpus["exact_dup_of"].isna()].sort_values(["published", "doc_id"])
    if len(articles) > max_articles:  # evenly over time, deterministic
        step = len(articles) / max_articles
        articles = articles.iloc[[int(i * step) for i in range(max_articles)]]
    articles = articles.reset_index(drop=True)
    articles["text"] = articles["text"].map(lambda t: lead(t, max_words))
    del corpus
    events = align_events(articles)
    articles = articles.merge(events, on="doc_id")
    event = "event"
save = make_saver(output_dir, NOTEBOOK, source)
print("source:", describe(source))
shared = articles.groupby(event)["lean"].transform("nunique") >= 2
print(f"{len(articles)} articles, {articles['outlet'].nunique()} outlets, {articles[event].nunique()} events; "
      f"{int(shared.sum())} articles in events covered by more than one lean")
# leans compared: those (left to right) with articles in at least 3 events that another lean also covers;
# a lean seen only in events no other lean covers has no within-event contrast
lean_events = articles[shared].groupby("lean")[event].nunique()
leans = [g for g in LEAN_SCALE if lean_events.get(g, 0) >= 3]
print("leans compared:", leans)
articles["lean"].value_counts()

# %% [markdown]
# ## How many topics? A coherence sweep
#
# One LDA per K with the same vocabulary filters, passes and seed (each model is cached by its data and
# parameters, `toolkit.cache.cached_fit`, so a rerun loads instead of refitting); each topic's coherence is computed
# from its 10 most probable terms on a sample of the articles (`coherence_sample`), then averaged.
# c_v and c_npmi use word co-occurrence in sliding windows (higher is better), u_mass document
# co-occurrence (negative; closer to zero is better). We choose the K with the highest c_v.

# %%
template = LdaTopics(passes=passes, no_below=no_below, no_above=no_above, random_state=seed)
tokens = list(template.tokens(articles))
reference = tokens if coherence_sample is None else pd.Series(tokens).sample(
    min(coherence_sample, len(tokens)), random_state=seed).tolist()
sweep = k_sweep(tokens, ks, model=template, reference=reference, progress=False, fit=cached_fit)
k = best_k(sweep, "c_v")
data = plots.k_sweep_data(sweep)
ax = plots.k_sweep(sweep, chosen=k, data=data)
save(ax, "k-sweep", data, ks=ks, chosen=k, passes=passes, no_below=no_below, no_above=no_above, seed=seed,
     coherence_sample=coherence_sample)
sweep.pivot(index="k", columns="measure", values="value").round(3)

# %% [markdown]
# ## The topics
#
# The model with the chosen K, fitted on all articles. Labels start as each topic's three most probable
# terms; name them by editing `topic_labels` (a dict `{"topic_01": "label", …}`, a notebook parameter),
# and the labels are stored with the model (`toolkit.topics.save_topics`). Terms are ranked by LDAvis
# relevance with λ = 0.6, which lifts terms specific to a topic above words common everywhere.

# %%
lda = cached_fit(template.set_params(n_topics=k), tokens)
terms = lda.top_terms(12, relevance=0.6)
lda.set_labels({t: " · ".join(terms[terms["topic"] == t]["term"].head(3)) for t in lda.topic_names_})
if topic_labels:
    lda.set_labels(topic_labels)
terms = lda.top_terms(12, relevance=0.6)
data = plots.topic_terms_data(terms, n=8)
ax = plots.topic_terms(terms, n=8, data=data, title=f"{k} topics (top terms by relevance, λ = 0.6)")
save(ax, "topic-terms", data, k=k, relevance=0.6, labels=lda.labels_)
data

# %% [markdown]
# ## Topic shares by lean, within shared events
#
# For each topic: share ~ lean + event fixed effects, so a lean's estimate is how much more (or less) of
# its articles' words go to the topic than the average lean's *on the same events*. The 95 % intervals
# pool `n_draws` draws of the topic shares from the model's posterior with the regression's sampling
# uncertainty (cluster-robust by event). Filled markers: the interval excludes zero.

# %%
shares = lda.transform(articles)
by_lean = topic_prevalence(articles, lda, doc_topics=shares, by="lean", groups=leans, event=event, n_draws=n_draws,
                           random_state=seed)
shown = by_lean.assign(measure=by_lean["label"])  # draw topics by their labels
data = plots.contrast_intervals_data(shown)
ax = plots.contrast_intervals(shown, data=data, title="Topic shares by lean, within events",
                              xlabel="difference from the average lean in topic share (95% interval)")
save(ax, "prevalence-by-lean", data, by="lean", event=event, n_draws=n_draws, seed=seed, k=k)
by_lean[["group", "label", "estimate", "ci_low", "ci_high", "n_articles", "n_events"]].round(3)

# %% [markdown]
# ## Topic shares by outlet
#
# The `n_outlets` outlets with most articles in events that several of them cover, compared in the same
# way (each against the average of these outlets, within events). Only the topics where some outlet's
# interval excludes zero are drawn.

# %%
multi = articles[articles.groupby(event)["outlet"].transform("nunique") >= 2]
top = multi["outlet"].value_counts().head(n_outlets).index.tolist()
subset = articles[articles["outlet"].isin(top)]
subset = subset[subset.groupby(event)["outlet"].transform("nunique") >= 2]
by_outlet = topic_prevalence(subset, lda, doc_topics=shares, by="outlet", event=event, n_draws=n_draws,
                             random_state=seed)
by_outlet = by_outlet.assign(measure=by_outlet["label"])
differs = by_outlet.groupby("measure")[["ci_low", "ci_high"]].apply(
    lambda r: ((r["ci_low"] > 0) | (r["ci_high"] < 0)).any())
shown = by_outlet[by_outlet["measure"].isin(differs[differs].index)] if differs.any() else by_outlet
data = plots.contrast_intervals_data(shown)
ax = plots.contrast_intervals(shown, data=data, title="Topic shares by outlet, within events",
                              xlabel="difference from the average outlet in topic share (95% interval)")
save(ax, "prevalence-by-outlet", data, by="outlet", outlets=top, event=event, n_draws=n_draws, seed=seed, k=k)
by_outlet[["group", "label", "estimate", "ci_low", "ci_high", "n_articles", "n_events"]].round(3)

# %% [markdown]
# ## Over time: lean × period
#
# The lean differences estimated separately in every period (`freq`), still within events, for the
# topic whose lean differences are largest overall. Periods without enough shared events are left out.

# %%
topic = by_lean.groupby("measure")["estimate"].agg(lambda e: e.abs().max()).idxmax()
over_time = topic_prevalence(articles, lda, doc_topics=shares, by="lean", groups=leans, event=event, time="published",
                             freq=freq, by_period=True, topics=[topic], n_draws=n_draws, random_state=seed)
data = plots.prevalence_over_time_data(over_time, measure=topic)
ax = plots.prevalence_over_time(over_time, measure=topic, data=data)
save(ax, "prevalence-over-time", data, by="lean", topic=topic, label=lda.labels_[topic], freq=freq,
     n_draws=n_draws, seed=seed)
data.round(3)
