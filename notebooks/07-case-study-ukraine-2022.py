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
# # 07 — Case study: Russia's war on Ukraine, February–June 2022, through every lens
#
# **Version 2.** One diplomatic episode, official voices against news outlets on the *same* events:
# press releases of the Kremlin (President of Russia) and of the Office of the President of Ukraine,
# statements of the US government (White House, State, Defense, Treasury), and the headlines of RUWA's
# news outlets (Reuters, RT, Ukrinform, Censor.net, Al Jazeera, BBC News, MSNBC, TASS, News Front). The
# notebook
#
# 1. loads the four sources and keeps 1 February – 30 June 2022;
# 2. groups all of them into shared events with `toolkit.events.align_events` (its one default parameter
#    set, not tuned here) and keeps the events that **both** an official voice and a news outlet covered;
# 3. compares the sources *within* those events through `toolkit.compare`, with intervals, on three
#    lenses: **topics** (LDA fitted on the episode), **stance toward the main actors** (Putin, Zelensky,
#    NATO, sanctions; actor-stance model trained on NewsMTSC) and **frames** (the 14 SemEval-2023 policy
#    frames; classifier trained on SemEval-2023 Task 3 English);
# 4. says what differs, how sure we can be, and where the instruments are weak.
#
# When the real corpora are not available (no `$TOOLKIT_DATA`, nothing in the cache, or `dataset="demo"`)
# the notebook runs on the project's **synthetic demo corpus**: fictional outlets, with the state
# broadcaster standing in for the official voice, planted events, stance and frames (the classifiers are
# then trained on the demo's planted labels, each article predicted by a model that did not see it).
# Every figure made from it says "synthetic demo data".
#
# **Figures this notebook makes** (PNG + CSV data table + JSON manifest each), in
# `<output_dir>/ukraine_2022/07-case-study-ukraine-2022/` (demo: `<output_dir>/demo/07-case-study-ukraine-2022/`):
#
# | file | what it shows |
# |---|---|
# | `sources-per-week` | documents per source per week in the episode window |
# | `event-source-map` | shared events (official + news) found by alignment × sources: documents per cell |
# | `topic-terms` | the episode's LDA topics and their top terms |
# | `topic-contrasts` | within-event differences between sources in topic prevalence, 95 % intervals |
# | `keyword-contrasts` | words official voices and news outlets over-use in the shared events (log-odds, z) |
# | `actor-stance-by-source` | each source's mean stance toward each actor, 95 % bootstrap intervals |
# | `actor-stance-contrasts` | within-event differences between sources in stance toward each actor, 95 % intervals |
# | `frame-shares` | share of documents with each predicted frame, by source (shared events) |
# | `frame-contrasts` | within-event differences between sources in frame presence, 95 % intervals |
#
# Figure data tables hold counts, estimates, labels and single terms only, never the sources' text.
# Run headless with `make figures` or `python -m toolkit figures --notebook 07 [--dataset demo]`.

# %% tags=["parameters"]
dataset = "ukraine_2022"
output_dir = "../figures"
official_datasets = ["kremlin_ukraine_president_press_releases", "us_gov_ukraine_statements_2022"]
news_datasets = ["ruwa_headlines"]
frames_dataset = "semeval2023_task3_en"
stance_dataset = "newsmtsc"
word_vector_corpus = "article_bias_prediction"  # domain word vectors for the actor model; None: without
start = "2022-02-01"
end = "2022-06-30"
lead_words = 60
min_source_types = 2
min_source_articles = 15
n_topics = 8
lda_passes = 3
actors = ["Vladimir Putin", "Volodymyr Zelensky", "NATO", "sanctions"]
top_frames = 6
max_events = 30
n_boot = 500
seed = 0

# %%
# %matplotlib inline
import warnings

import pandas as pd

from toolkit import plots
from toolkit.cache import cached_fit
from toolkit.compare import CompareWarning, keyword_contrast, within_event_contrast
from toolkit.datasets import load_dataset, load_demo
from toolkit.events import align_events, describe_events
from toolkit.events.coverage import comparable_groups, shared_events
from toolkit.figures import DEMO, describe, load_real
from toolkit.figures import saver as make_saver
from toolkit.framing.word_vectors import optional_word_vectors
from toolkit.framing import FrameClassifier
from toolkit.framing.data import load_frame_dataset
from toolkit.framing.measures import frame_measures, out_of_fold_frames
from toolkit.plots.frames import frame_shares, frame_shares_data
from toolkit.plots.topics import topic_terms, topic_terms_data
from toolkit.sources import drop_names, source_types, title_and_lead
from toolkit.stance import (Actor, actor_stance_contrast, actors_from_names, find_mentions, group_stance,
                            make_actor_stance_model, score_mentions)
from toolkit.topics import LdaTopics, topic_prevalence

plots.set_house_style()
NOTEBOOK = "07-case-study-ukraine-2022"
EPISODE = "ukraine_2022"  # the figures folder of the real run

# %% [markdown]
# ## The sources
#
# Official voices and news outlets come from three corpora (see `corpora/README.md` for their cards):
# full-text press releases and statements, and RUWA's **headline-only** news (title + subheading, no
# article body; `text_kind` below). The Kremlin's and the Ukrainian presidency's releases are the sites'
# own English editions (translations by the offices, not by us); RUWA's Ukrainian outlets (Ukrinform,
# Censor.net) publish English editions too, some visibly translated. `not_english` counts documents whose
# identified language is not English (a few untranslated or undetermined headlines). Each outlet's kind
# in the outlet registry says whether it is an official voice (`government office`) or news; the four US
# departments are one voice, "US government".

# %%
names = [*official_datasets, *news_datasets]
real = load_real(dataset, lambda: [load_dataset(n, download_missing=False).articles for n in names],
                 what="the Ukraine 2022 corpora")
source = DEMO if real is None else EPISODE
if real is not None:
    columns = ["doc_id", "outlet", "published", "title", "text", "language", "source_dataset"]
    articles = pd.concat([part[columns] for part in real], ignore_index=True)
    articles["text_kind"] = articles["source_dataset"].isin(news_datasets).map(
        {True: "title + subheading", False: "full text"})
    when = pd.to_datetime(articles["published"], utc=True)
    window = (when >= pd.Timestamp(start, tz="UTC")) & (when < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1))
    print(f"{len(articles)} documents loaded; {int(window.sum())} dated {start} .. {end}; "
          f"{int(when.isna().sum())} without a date (left out)")
    articles = articles[window].reset_index(drop=True)
    voices = source_types(articles)
else:
    demo = load_demo()
    articles = demo.articles.copy()
    articles["text_kind"] = "full text"
    kinds = demo.tables["outlets"].set_index("outlet")["kind"].to_dict()
    voices = source_types(articles, kinds=kinds, countries={}, official=("state media",))
articles = articles.merge(voices[["doc_id", "source", "source_type"]], on="doc_id", validate="one_to_one")
save = make_saver(output_dir, NOTEBOOK, source)
print("source:", describe(source))
summary = articles.groupby(["source_type", "source", "text_kind"]).agg(
    documents=("doc_id", "size"), median_words=("text", lambda s: int(s.str.split().str.len().median())),
    not_english=("language", lambda s: int((s.astype(str) != "en").sum())),
    first=("published", "min"), last=("published", "max"))
summary

# %%
ax = plots.articles_over_time(articles, freq="W", by="source", top=None)
data = plots.articles_over_time_data(articles, freq="W", by="source", top=None)
ax.set_title("Documents per source per week")
save(ax, "sources-per-week", data, window=[start, end] if source != DEMO else None, by="source")

# %% [markdown]
# ## Shared events
#
# `align_events` groups the documents of all sources into events (TF-IDF of title + lead and
# proper-noun overlap, weighted by time; the same default parameters as for every corpus, not tuned
# here). A comparison between official voices and news can only use events both covered, so we keep the
# events with at least `min_source_types` source types. `describe_events` labels each event with its top
# names and its dates. Alignment makes mistakes (merged neighbouring events, split long stories):
# read an event as "documents that share names and words within a few days".

# %%
events = align_events(articles)
aligned = articles.merge(events, on="doc_id", validate="one_to_one")
kept = shared_events(aligned, by="source_type", event="event", min_groups=min_source_types)
shared = aligned[aligned["event"].isin(kept["event"])].copy()
labels = describe_events(articles[articles["doc_id"].isin(shared["doc_id"])], events)
print(f"{events['event'].nunique()} events found; {len(kept)} covered by official voices and news "
      f"({len(shared)} documents)")
print(shared.groupby(["source_type", "source"]).size().to_string())
labels[labels["event"].isin(kept["event"])].sort_values("n_articles", ascending=False).head(15)[
    ["event", "short_label", "start", "end", "n_articles", "n_outlets"]]

# %%
view = shared.assign(event_id=shared["event"].map(labels.set_index("event")["short_label"]) + " · "
                     + shared["event"], outlet=shared["source"])
data = plots.coverage_heatmap_data(view, max_events=max_events)
ax = plots.coverage_heatmap(view, max_events=max_events, data=data)
ax.set_title("Shared events (official + news, found by alignment) × sources")
ax.set_ylabel("source")
save(ax, "event-source-map", data, max_events=max_events, min_source_types=min_source_types,
     n_shared_events=len(kept))

# %% [markdown]
# ## What is compared
#
# Press releases run to thousands of words; RUWA gives a headline and a subheading. To compare like with
# like, every document is cut to its **title + first `lead_words` words** before topics, stance and
# frames (the demo, where every source is full text, is compared whole), and the sources' own names are
# removed (headlines often end with "…, Ukrinform reports", which would otherwise be an outlet's most
# "distinctive" word and a topic of its own). Sources with fewer than `min_source_articles` documents in
# the shared events are left out of the comparisons (their intervals would span everything). Every
# contrast below is a source's deviation from the average source **within the same events** (event fixed
# effects, `toolkit.compare`), with 95 % intervals clustered by event.

# %%
if source == DEMO:  # the demo has no headline-only source: its documents are compared whole
    lead_words = max(lead_words, int(articles["text"].str.split().str.len().max()))
self_names = sorted(set(articles["outlet"].dropna()) | set(articles["source"].dropna()))
compared = shared.assign(text=drop_names(title_and_lead(shared, lead_words), self_names))
counts = compared["source"].value_counts()
order = sorted(counts[counts >= min_source_articles].index)
compared = compared[compared["source"].isin(order)].reset_index(drop=True)
print(f"compared sources ({len(order)}):", ", ".join(f"{s} ({counts[s]})" for s in order))
print(f"{len(compared)} documents in {compared['event'].nunique()} shared events")

# %% [markdown]
# ## Lens 1: topics
#
# An LDA model with `n_topics` topics is fitted on the whole episode window (all sources, title + lead),
# so topics are not fitted to the comparison; then each shared-event document's topic shares are
# compared between sources within events (`topic_prevalence`, whose intervals also carry the topic model's
# own uncertainty).

# %%
episode = articles.assign(text=drop_names(title_and_lead(articles, lead_words), self_names))
lda = LdaTopics(n_topics=n_topics, passes=lda_passes, no_below=5, no_above=0.4, random_state=seed).fit(episode)
terms = lda.top_terms(8, relevance=0.6)
data = topic_terms_data(terms, n=8)
ax = topic_terms(terms, n=8, title=f"The episode's {n_topics} topics (LDA, top terms)")
save(ax, "topic-terms", data, n_topics=n_topics, passes=lda_passes, lead_words=lead_words, seed=seed)

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    topics_by_source = topic_prevalence(compared, lda, by="source", event="event", groups=order,
                                        n_draws=10, n_sims=20, random_state=seed)
topics_by_source["measure"] = topics_by_source["measure"].map(lambda t: f"{t}: {lda.labels_.get(t, t)}")
data = plots.contrast_intervals_data(topics_by_source)
ax = plots.contrast_intervals(topics_by_source, data=data, title="Topic prevalence by source, within shared events",
                              xlabel="deviation from the average source, topic share (95% interval)")
save(ax, "topic-contrasts", data, by="source", event="event", n_topics=n_topics, seed=seed)
topics_by_source[["group", "measure", "estimate", "ci_low", "ci_high", "n_articles", "n_events"]].round(3)

# %% [markdown]
# Which words separate official voices from news on the same events? Log-odds ratios with an
# informative Dirichlet prior (Monroe et al.), each source type against the other.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    keywords = keyword_contrast(compared, by="source_type", event="event", min_count=5, top=12)
data = plots.word_choice_data(keywords, top=12, term_col="measure", score_col="z")
ax = plots.word_choice(keywords, top=12, term_col="measure", score_col="z",
                       title="Words official voices and news over-use in shared events")
save(ax, "keyword-contrasts", data, by="source_type", min_count=5)
keywords[["group", "measure", "estimate", "ci_low", "ci_high", "z"]].round(2)

# %% [markdown]
# ## Lens 2: stance toward the main actors
#
# `find_mentions` finds each actor's mentions (names, surnames after a title, aliases) in the title + lead
# of every shared-event document; the actor-stance model scores each mention sentence (negative / neutral /
# positive toward the mention); a document's stance toward an actor is the mean of P(positive) −
# P(negative) over its mentions. The model is trained on **NewsMTSC** (sentences from US and European
# news of roughly 2016–2020 about people), so "NATO" and "sanctions" are outside what it was trained on:
# read those two as the tone of the sentence around the word.
#
# The model is the one notebook 04 evaluates (NewsMTSC devtest_mt macro-F1 0.680), with the domain word vectors
# (word2vec on Article-Bias-Prediction, no labels) and the valences they induce from VADER's lexicon when that
# corpus is available.
#
# **The fit below is the slow step**: the model trained on NewsMTSC train is cached by
# `toolkit.cache.cached_fit` (keyed by the model's code, parameters, training data and library versions, so a
# rerun loads it and a code change refits it), else fitted (about a minute). On the demo it is trained on the demo's planted stance, two folds by event (each document
# scored by the model trained on the other events).

# %%
# --- model fit (cacheable): actor stance ---
if source == DEMO:
    actors = ["Aurel Vantos", "Teodor Halk"]
    targets = actors_from_names(actors)
else:
    extra = {"NATO": Actor("NATO", aliases=("North Atlantic Alliance",), person=False),
             "sanctions": Actor("sanctions", aliases=("Sanctions",), person=False)}
    targets = [extra.get(a) or actors_from_names([a])[0] for a in actors]
mentions = find_mentions(compared, targets)
if source == DEMO:
    gold = demo.tables["actor_stance"].astype(str)
    labelled = find_mentions(demo.articles, targets).merge(gold, on=["doc_id", "target"], how="inner")
    ev = demo.articles.set_index("doc_id")["event_id"].astype(str)
    halves = sorted(ev.unique())[::2]
    parts = []
    for fold in (True, False):
        train_side = labelled[labelled["doc_id"].map(ev).isin(halves) == fold]
        model = make_actor_stance_model(random_state=seed).fit(train_side, train_side["label"])
        parts.append(score_mentions(model, mentions[mentions["doc_id"].map(ev).isin(halves) != fold]))
    scored = pd.concat(parts, ignore_index=True)
else:
    newsmtsc = load_dataset(stance_dataset, download_missing=False)
    text = newsmtsc.articles.set_index("doc_id")["text"]
    train_t = newsmtsc["targets"]
    train_t = train_t[train_t["split"] == "train"]
    train_t = train_t.assign(sentence=text.loc[train_t["doc_id"]].astype(str).to_numpy(),
                             label=train_t["label"].astype(str))
    word_vectors = optional_word_vectors(word_vector_corpus)   # trained once (minutes), then cached
    actor_model = cached_fit(make_actor_stance_model(random_state=seed, word_vectors=word_vectors), train_t,
                             train_t["label"])
    scored = score_mentions(actor_model, mentions)
# --- end of model fit ---
print(f"{len(mentions)} mentions in {mentions['doc_id'].nunique()} of {len(compared)} documents")
mentions.merge(compared[["doc_id", "source"]], on="doc_id").pivot_table(
    index="source", columns="target", values="doc_id", aggfunc="nunique", fill_value=0)

# %%
levels = group_stance(compared, scored, by="source", event="event", n_boot=n_boot, random_state=seed,
                      min_articles=5)
data = plots.contrast_intervals_data(levels)
ax = plots.contrast_intervals(levels, data=data, title="Stance toward actors by source (shared events)",
                              xlabel="mean P(positive) − P(negative) per document (95% interval)")
save(ax, "actor-stance-by-source", data, actors=actors, by="source", n_boot=n_boot, min_articles=5, seed=seed)
levels.round(3)

# %% [markdown]
# Levels mix *what* a source writes about with *how*. Within the same events (only documents that
# mention the actor, only events where at least two sources did):

# %%
frames = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    for name in sorted(scored["target"].unique()):
        mentioned = compared[compared["doc_id"].isin(scored.loc[scored["target"] == name, "doc_id"])]
        usable = comparable_groups(mentioned, by="source", event="event", min_events=2)
        if len(usable) < 2:
            print(f"{name}: no within-event contrast (fewer than two sources mention it in 2+ shared events)")
            continue
        print(f"{name}: {', '.join(usable)}")
        frames.append(actor_stance_contrast(compared, scored, target=name, by="source", event="event",
                                            groups=usable))
stance_contrasts = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
    columns=["group", "measure", "estimate", "ci_low", "ci_high", "n_articles", "n_events"])
data = plots.contrast_intervals_data(stance_contrasts)
ax = plots.contrast_intervals(stance_contrasts, data=data, title="Stance toward actors: sources within shared events",
                              xlabel="deviation from the average source (95% interval)")
save(ax, "actor-stance-contrasts", data, actors=actors, by="source", method="cluster")
stance_contrasts[["group", "measure", "estimate", "ci_low", "ci_high", "n_articles", "n_events"]].round(3)

# %% [markdown]
# ## Lens 3: frames
#
# `FrameClassifier` (TF-IDF + one calibrated logistic regression per frame) is trained on the 433 coded
# articles of **SemEval-2023 Task 3 English** (14 generic policy frames; 2022 news, much of it on
# Russia/Ukraine/NATO, full articles) and predicts the frames of every shared-event document's title +
# lead. Its cross-validated micro-F1 is about 0.60 on topic-held-out folds (README, "Frames"): the shares
# are *model-estimated* frames, and short headlines give it fewer words than it was trained on. On the
# demo it is trained on the planted frames, out of fold.

# %%
# --- model fit (cacheable): frames ---
if source == DEMO:
    frame_docs, frame_labels, scheme = load_frame_dataset(DEMO)
    frame_docs = frame_docs.assign(text=title_and_lead(frame_docs, lead_words))
    measures = out_of_fold_frames(frame_docs, frame_labels, FrameClassifier(scheme, random_state=seed),
                                  random_state=seed)
    measures = measures[measures["doc_id"].isin(compared["doc_id"])]
else:
    train_docs, train_labels, scheme = load_frame_dataset(frames_dataset)
    frame_model = FrameClassifier(scheme, random_state=seed).fit(train_docs, train_labels)
    measures = frame_measures(frame_model, compared)
# --- end of model fit ---
frame_names = [c for c in measures.columns if c != "doc_id"]
print(f"frames per document: {measures[frame_names].sum(axis=1).mean():.2f} on average; "
      f"{int((measures[frame_names].sum(axis=1) == 0).sum())} documents with no frame")
data = frame_shares_data(compared, measures, by="source")
ax = frame_shares(compared, measures, by="source", data=data,
                  title="Share of documents with each predicted frame, by source (shared events)")
save(ax, "frame-shares", data, by="source", lead_words=lead_words,
     train_dataset=None if source == DEMO else frames_dataset)

# %%
common = measures[frame_names].mean().sort_values(ascending=False).index[:top_frames].tolist()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    frame_contrasts = within_event_contrast(compared, measures[["doc_id", *common]], by="source", event="event",
                                            groups=order, method="cluster")
data = plots.contrast_intervals_data(frame_contrasts)
ax = plots.contrast_intervals(frame_contrasts, data=data, title="Frame presence by source, within shared events",
                              xlabel="deviation from the average source, share of documents (95% interval)")
save(ax, "frame-contrasts", data, by="source", event="event", frames=common, method="cluster")
frame_contrasts[["group", "measure", "estimate", "ci_low", "ci_high", "n_articles", "n_events"]].round(3)

# %% [markdown]
# ## How sure are we?
#
# The contrasts whose 95 % interval excludes zero, with the number of shared events behind them. With
# many contrasts, about one in twenty would exclude zero by chance alone: read single hits with care,
# and trust patterns that recur across lenses.

# %%
everything = pd.concat([topics_by_source.assign(lens="topic"), stance_contrasts.assign(lens="stance"),
                        frame_contrasts.assign(lens="frame")], ignore_index=True)
clear = everything[(everything["ci_low"] > 0) | (everything["ci_high"] < 0)]
print(f"{len(clear)} of {len(everything)} contrasts exclude zero (about {0.05 * len(everything):.0f} "
      "would by chance alone at 95 %)")
if source == DEMO:  # the demo knows the truth: compare the estimates with the planted propensities
    planted = demo.tables["stance_propensities"].assign(
        measure=lambda t: "stance:" + t["target"], planted=lambda t: t["positive"] - t["negative"])
    got = levels.merge(planted, left_on=["group", "measure"], right_on=["outlet", "measure"])
    print("stance levels vs planted P(positive) − P(negative): correlation "
          f"{got['estimate'].corr(got['planted']):.2f}")
    planted = demo.tables["frame_propensities"].assign(
        deviation=lambda t: t["probability"] - t.groupby("frame")["probability"].transform("mean"))
    got = frame_contrasts.merge(planted, left_on=["group", "measure"], right_on=["outlet", "frame"])
    print(f"frame contrasts vs planted deviations: correlation {got['estimate'].corr(got['deviation']):.2f}")
clear[["lens", "group", "measure", "estimate", "ci_low", "ci_high", "n_articles", "n_events"]].sort_values(
    ["lens", "measure", "estimate"]).round(3)

# %% [markdown]
# ## What differs (real corpora, version 1)
#
# Measured in the version-1 run on the real corpora (the tables above give the live numbers; the demo
# gives other ones). Intervals are 95 %, cluster-robust by event; "vs the average" means the deviation from
# the average of the compared sources within the same events.
#
# * **Who meets whom.** Of 10,372 documents dated February–June 2022, alignment finds 4,963 events, and
#   only **260 are covered by both an official voice and a news outlet** (978 documents). Those shared
#   events are mostly the Ukrainian presidency (332 documents) meeting Ukrinform (334), Ukraine's national
#   news agency, which reports the presidency's statements. The Kremlin (42 documents, 28 events) and the US
#   government (31, 22) meet the news far more rarely; RT (9 documents), BBC News (9), News Front (4) and
#   TASS (0) fall below `min_source_articles`, so **this episode cannot compare the Kremlin with Russian
#   state media within events** — the most tempting contrast is the one the data do not carry.
# * **Topics.** Official voices weight the diplomacy topic (`zelensky · russia · volodymyr`: security,
#   assistance, support, foreign) far more than news on the same events — the Kremlin +0.19 topic share
#   [0.10, 0.27] and the Ukrainian presidency +0.12 [0.07, 0.17] vs the average source, Reuters −0.19
#   [−0.25, −0.10] and Al Jazeera −0.15 [−0.30, −0.05] — while Reuters leans to the invasion / weapons
#   topic (+0.07 [0.01, 0.13]) and Censor.net to the Mariupol / occupation topic (+0.05 [0.03, 0.09]).
# * **Words.** Within shared events the news write *zelensky*, *kramatorsk*, *mariupol*, *shelling*,
#   *war*, *russia*; official voices write *zelenskyy*, *volodymyr*, *today*, *meeting*, *address*,
#   *conversation*. The strongest single marker is a transliteration (the presidency's "Zelenskyy" against
#   the news' "Zelensky"), not a frame; beyond it, officials report meetings and calls, news report attacks.
# * **Stance.** Levels (documents of the shared events): the US government's documents are negative toward
#   Putin (−0.42 [−0.67, −0.14], 9 documents) and the Kremlin's positive (+0.16 [0.04, 0.28], 26 documents);
#   the Ukrainian presidency is positive toward Zelensky (+0.14 [0.10, 0.17], 229 documents), Censor.net's
#   headlines negative (−0.13 [−0.25, −0.03], 28 documents) and Ukrinform's about neutral (+0.05 [−0.02, 0.14],
#   147 documents). **Within the same events no source differs from the average in stance toward any actor**
#   with an interval that excludes zero (the presidency toward Zelensky +0.02 [−0.08, 0.12], 102 events; most
#   contrasts rest on 2–24 documents). These results depend on the model: with the first actor model
#   (NewsMTSC devtest_mt macro-F1 0.653, without the domain word vectors) the presidency (+0.14) and Ukrinform
#   (+0.12) came out warmer toward Zelensky within events, with intervals excluding zero; with the word vectors
#   (0.675) the presidency's contrast fell to +0.07 and the Kremlin's level toward Putin touched zero (+0.11
#   [−0.01, 0.23]); with the induced valences (0.680, this run) the contrast is +0.02 and the Kremlin's level
#   excludes zero again. Read the stance lens as fragile: levels keep their signs, within-event differences
#   do not survive a change of model.
#   "Sanctions" come out negative for Censor.net, the presidency and Ukrinform (−0.55, −0.35, −0.36): the
#   model scores the tone of the sentence (aggression, war) around the word, not a position *for or against*
#   sanctions.
# * **Frames.** Within events the Ukrainian presidency uses *External regulation and reputation* (+0.25
#   [0.17, 0.33]) and *Morality* (+0.21 [0.13, 0.30]) more than the average source and *Crime and
#   punishment* less (−0.13 [−0.20, −0.06]); Reuters uses *External regulation and reputation* less
#   (−0.17 [−0.30, −0.04]); Censor.net more *Legality* (+0.12 [0.02, 0.21]) and less *Morality* (−0.13);
#   MSNBC more *Crime and punishment* (+0.31 [0.14, 0.48], 15 documents). *Security and defense* (90–100 %)
#   and *Political* (85–100 %) are predicted for nearly every document of every source, so they hardly
#   separate them; eight of the 14 frames are (almost) never predicted on these short texts.
#
# ## Limits
#
# * **Headline-only and translated sources.** RUWA gives titles and subheadings, not articles, so every
#   source is cut to title + lead; what a source says further down is invisible here. The Kremlin's and the
#   Ukrainian presidency's English releases are their own translations, and Ukrinform's and Censor.net's
#   English editions are (partly) translated too: word choice ("Zelenskyy"/"Zelensky") partly measures
#   translation conventions.
# * **Class imbalance.** Ukrinform and Censor.net contribute two thirds of RUWA's headlines and the
#   presidency most official documents; the shared events are dominated by them. Small sources get wide
#   intervals or drop out; the stance comparisons rest on few mentions (Putin: 15 Kremlin documents in 11
#   events).
# * **The classifiers' training domains.** The actor-stance model learnt from NewsMTSC (US and European news
#   sentences about people, roughly 2016–2020; macro-F1 0.680 on its own held-out devtest_mt) — not official
#   rhetoric, not headlines, not organisations or policies (NATO, sanctions). The frame classifier learnt
#   from 433 SemEval-2023 articles (full texts; micro-F1 about 0.60 on unseen topics) and predicts frames
#   for headlines and leads here; frame shares are model estimates, not codes.
# * **Alignment errors.** Events are found without gold labels by one default parameter set (BCubed F1 on
#   gold corpora in `benchmarks/events.py`); with headlines of a day's war news, neighbouring events merge
#   and long stories split. A contrast "within events" is as good as the events.
# * **What the intervals do not cover.** They carry sampling uncertainty over events (and, for topics, the
#   topic model's posterior), not classifier error or alignment error.
