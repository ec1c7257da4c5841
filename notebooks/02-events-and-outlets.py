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
# # 02 — Events and outlets: the same event, told by different outlets
#
# **Version 1.** To compare how outlets report the *same* diplomatic event we first have to know which
# articles are about the same event. This notebook groups articles from different outlets into events
# without gold labels (`toolkit.events`), checks the grouping against gold events, and then compares
# outlets *within* events (`toolkit.compare`), so that differences are not just differences in which
# events an outlet chose to cover.
#
# **Case study.** Article-Bias-Prediction's coverage of December 2019 – January 2020: the siege of the
# US embassy in Baghdad (31 December) and the US strike that killed Qassem Soleimani (3 January), with
# Iran's retaliation. Outlets are grouped by the lean their source rates them with (left / center /
# right). When the real corpus is not available (no `$TOOLKIT_DATA`, nothing in the cache) the notebook
# runs on the project's **synthetic demo corpus** instead, and every figure says so.
#
# **Figures this notebook makes** (PNG + CSV data table + JSON manifest each), in
# `<output_dir>/<source>/02-events-and-outlets/`:
#
# | file | what it shows |
# |---|---|
# | `event-outlet-map` | the case-study events found by alignment × outlets: articles per cell |
# | `lean-contrasts` | within-event differences between leans in the rate of a few framing terms, 95 % intervals |
# | `lean-keywords` | words each lean over-uses in the case-study events (log-odds with informative prior, z) |
# | `actor-word-choice` | how each lean names and describes the central actor within shared events |
# | `alignment-scores` | BCubed precision / recall / F1 of the alignment against gold events (BASIL, PAC; demo) |
#
# Run headless with `make figures` or `python -m toolkit figures --notebook 02 [--dataset demo]`.

# %% tags=["parameters"]
dataset = "article_bias_prediction"
output_dir = "../figures"
case_dataset = "article_bias_prediction"
case_start = "2019-12-01"
case_end = "2020-02-01"
case_pattern = "Soleimani|Suleimani|Baghdad|Iran"
actor = "Soleimani"
actor_aliases = ["Qassem Soleimani", "Qasem Soleimani", "Suleimani"]
framing_terms = {
    "terror": r"\bterror",
    "assassination": r"\bassassinat",
    "war / escalation": r"\bwar\b|\bescalat",
    "retaliation": r"\bretaliat|\brevenge",
    "killed": r"\bkill",
}
gold_datasets = ["basil", "pac_partisan_events"]
group_by = "lean"
ci_method = "cluster"
n_boot = 1000
seed = 0
max_events = 20

# %%
# %matplotlib inline
import warnings

import pandas as pd

from toolkit import plots
from toolkit.compare import CompareWarning, actor_word_choice, divergence, keyword_contrast, within_event_contrast
from toolkit.corpus.schema import LEAN_SCALE
from toolkit.datasets import load_dataset, load_demo
from toolkit.events import align_events, describe_events, score_alignment
from toolkit.figures import DEMO, corpus_label, describe, load_corpus, load_real
from toolkit.figures import saver as make_saver
from toolkit.text import pattern_rates

plots.set_house_style()
NOTEBOOK = "02-events-and-outlets"

# %% [markdown]
# ## The corpus
#
# The real case study needs `case_dataset`; without it (or when `dataset="demo"`) the synthetic demo
# corpus stands in, with its own actor (President Aurel Vantos) and its own event vocabulary.
# `case_dataset` may also be **your own corpus**: a path to a CSV / JSON lines / Parquet file or a folder
# of `.txt` / saved `.html` pages (see the README, "Bring your own corpus"); set the case parameters
# (`case_start`, `case_end`, `case_pattern`, `actor`, `actor_aliases`, `framing_terms`) to your case.

# %%
corpus = load_real(dataset, lambda: load_corpus(case_dataset), what=case_dataset)  # a dataset name or your file
source = DEMO if corpus is None else corpus_label(case_dataset)
if source == DEMO:
    corpus = load_demo().articles
    case_start, case_end = "2024-01-01", "2025-01-01"
    case_pattern = "Ostrel|Kessany|Port Wenna|Arvenia|Belmora"
    actor, actor_aliases = "Aurel Vantos", ["Vantos", "President Vantos"]
    framing_terms = {"security": r"\btroops|\bmissile|\bdeterren", "economy": r"\btariff|\binvestor|\bmarket",
                     "law": r"\bcourt\b|\binternational law|\blawyer", "people": r"\bfamil|\bchildren|\brelatives"}
    gold_datasets = []
save = make_saver(output_dir, NOTEBOOK, source)
print("source:", describe(source))
window = corpus[(corpus["published"] >= pd.Timestamp(case_start, tz="UTC"))
                & (corpus["published"] < pd.Timestamp(case_end, tz="UTC"))].reset_index(drop=True)
print(f"{len(window)} articles from {window['outlet'].nunique()} outlets between {case_start} and {case_end}")

# %% [markdown]
# ## Aligning articles into events
#
# `align_events` uses no gold labels and one default parameter set for every corpus: TF-IDF of title
# and lead plus proper-noun overlap, weighted by time (full weight within a day, decaying after; the
# decay sharpens by itself when the corpus's best-matching articles are nearly always published on the
# same day), with a background correction and average linkage; a pair with a missing date is aligned by
# text alone and needs slightly more similarity (see `toolkit.events`). It returns one event per article.

# %%
events = align_events(window)
table = describe_events(window, events)
aligned = window.merge(events, on="doc_id")
# an article belongs to the case when its headline or lead (first 100 words) names the case
heads = aligned["title"].fillna("") + " " + aligned["text"].str.split().str[:100].str.join(" ")
matches = heads.str.contains(case_pattern, case=False, regex=True)
share = matches.groupby(aligned["event"]).mean()
case_events = table[(table["event"].map(share) >= 0.5) & (table["n_outlets"] >= 2)]
case = aligned[aligned["event"].isin(case_events["event"])].copy()
print(f"{table.shape[0]} events in the window; {len(case_events)} case-study events "
      f"({len(case)} articles, {case['outlet'].nunique()} outlets)")
case_events.sort_values("n_articles", ascending=False).head(max_events)[["event", "label", "n_articles", "n_outlets",
                                                                         "outlets"]]

# %% [markdown]
# ## Who covered which case-study event

# %%
view = case.assign(event_id=case["event"].map(table.set_index("event")["short_label"]))
data = plots.coverage_heatmap_data(view, max_events=max_events)
ax = plots.coverage_heatmap(view, max_events=max_events, data=data)
ax.set_title("Case-study events (found by alignment) × outlets")
save(ax, "event-outlet-map", data, max_events=max_events, case_pattern=case_pattern, window=[case_start, case_end])

# %% [markdown]
# ## Within-event differences between leans
#
# A measure per article (here: how often it uses a few framing terms, per 1,000 words), compared between
# leans with event fixed effects: each estimate is a lean's deviation from the average lean *on the same
# events*. Intervals are 95 % cluster-robust (by event) intervals: on the demo's structure they call a
# null difference significant 5.4 % of the time (nominal 5 %); the two-stage bootstrap
# (`method="bootstrap"`, events then articles resampled) is available and more conservative (1.6 %).
# Filled markers: the interval excludes zero.

# %%
rates = pattern_rates(case, framing_terms)
present = set(case[group_by].dropna().astype(str))
order = [g for g in LEAN_SCALE if g in present] if group_by == "lean" else None  # left to right
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)  # unknown/missing leans are excluded; counted below
    contrasts = within_event_contrast(case, rates, by=group_by, event="event", groups=order, method=ci_method,
                                      n_boot=n_boot, random_state=seed)
print(f"articles without a {group_by}: {int(case[group_by].isna().sum())} (excluded)")
data = plots.contrast_intervals_data(contrasts)
ax = plots.contrast_intervals(contrasts, data=data, title=f"Framing-term rates by {group_by}, within events",
                              xlabel="deviation from the average lean, per 1,000 words (95% interval)")
save(ax, "lean-contrasts", data, by=group_by, method=ci_method, n_boot=n_boot, seed=seed, terms=framing_terms)
contrasts

# %% [markdown]
# ## Words each lean over-uses, and how far apart their vocabularies are

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    keywords = keyword_contrast(case, by=group_by, groups=order, min_count=3)
    jsd = divergence(case, by=group_by, groups=order, event="event", n_boot=min(n_boot, 500), random_state=seed)
data = plots.word_choice_data(keywords, top=8, term_col="measure")
ax = plots.word_choice(keywords, top=8, term_col="measure", data=data, title=f"Words each {group_by} over-uses")
save(ax, "lean-keywords", data, by=group_by, min_count=3)
jsd

# %% [markdown]
# ## Word choice for the same actor
#
# Within events that several leans cover, the words used to name the actor (the title words right before
# a mention, appositives) and to describe them (words near a mention), contrasted across leans.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    words = actor_word_choice(case, actor, aliases=actor_aliases, by=group_by, groups=order, event="event")
data = plots.word_choice_data(words, top=8, term_col="measure")
ax = plots.word_choice(words, top=8, term_col="measure", data=data, title=f"How each {group_by} writes about {actor}")
save(ax, "actor-word-choice", data, actor=actor, aliases=actor_aliases, by=group_by)

# %% [markdown]
# ## How good is the alignment? Scores against gold events
#
# BCubed precision (are the articles grouped with an article really about its event?) and recall (are
# the other articles about its event grouped with it?), on corpora with gold same-event groups, with the
# same default parameters as above. Without dates the aligner works from text alone.

# %%
gold = {DEMO: load_demo().articles} if source == DEMO else {}
if source != DEMO and "event_id" in corpus and corpus["event_id"].notna().any():  # your corpus, with gold events
    gold[source] = corpus[corpus["event_id"].notna()]
for name in gold_datasets:
    try:
        gold[name] = load_dataset(name, download_missing=False).articles
    except Exception as exc:
        print(f"skipping {name}: {type(exc).__name__}")
rows = []
for name, arts in gold.items():
    for dated in (True, False):
        frame = arts if dated else arts.assign(published=pd.NaT)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = score_alignment(align_events(frame), arts)
        rows.append({"corpus": name if dated else f"{name} (no dates)", **res})
scores = pd.DataFrame(rows)
data = plots.alignment_scores_data(scores)
ax = plots.alignment_scores(scores, data=data)
save(ax, "alignment-scores", data, corpora=list(gold))
scores
