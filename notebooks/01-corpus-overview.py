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
# # 01 — Corpus overview: who covered what, when, at what length, and how clean
#
# **Version 1.** Before comparing how outlets *frame* the same diplomatic event, we check what the corpus holds:
# which outlets reported which events, when, how long their articles are, what the reader had to
# clean or reject, and how much of the coverage is republished wire copy rather than independent
# reporting. Every later comparison rests on these counts.
#
# **Data.** The `dataset` parameter picks the corpus. `"demo"` is the project's synthetic corpus
# (nine fictional outlets, sixteen fictional events, planted ground truth; its figures say
# *synthetic demo data*). A real corpus such as `"basil"` (100 real events, each reported by Fox
# News, the New York Times and HuffPost) is loaded through the dataset registry when
# `$TOOLKIT_DATA` points at the corpora folder.
#
# **Figures this notebook makes** (each as PNG + the CSV data table behind it + a JSON manifest
# with parameters, data hash and git commit), in `<output_dir>/<dataset>/01-corpus-overview/`:
#
# | file | what it shows |
# |---|---|
# | `coverage` | outlets × events: how many articles each outlet published on each event |
# | `articles-over-time` | articles per period (week, month, … chosen from the date span), one row per outlet |
# | `length-by-outlet` | words per article, one box per outlet |
# | `cleaning-steps` | how many documents each cleaning step changed |
# | `quarantine-reasons` | input rows the reader rejected, by reason |
# | `wire-copies` | articles flagged as near-copies of an earlier article, per outlet, split by the outlet copied |
#
# Run it headless with `make figures` (all study notebooks) or
# `python -m toolkit figures --dataset demo --notebook 01`.

# %% tags=["parameters"]
dataset = "demo"
output_dir = "../figures"
max_events = 30

# %%
# %matplotlib inline
import pandas as pd

from toolkit import plots
from toolkit.corpus import read, validate
from toolkit.corpus.schema import UNKNOWN_OUTLET
from toolkit.corpus.dedup import flag_wire_copies, wire_copy_report
from toolkit.datasets import load_dataset, load_demo
from toolkit.datasets.demo import DEMO_DIR
from toolkit.figures import describe, is_synthetic, saver

plots.set_house_style()
save = saver(output_dir, "01-corpus-overview", dataset)
print("dataset:", describe(dataset))

# %% [markdown]
# ## The corpus
#
# One row per article in the canonical table (`doc_id, outlet, published, title, text, url,
# event_id, lean, language`). `event_id` groups articles that report the same event; it is the
# gold grouping where the source provides one. `outlet` is the canonical name from the outlet
# registry (one outlet, one name; the spelling the source used is in `outlet_raw`). Rows whose
# source names no outlet say `unknown`: they are left out of the per-outlet figures below.

# %%
ds = load_dataset(dataset)
no_outlet = ds.articles["outlet"] == UNKNOWN_OUTLET
articles = ds.articles[~no_outlet].reset_index(drop=True)
print(f"{int(no_outlet.sum())} of {len(ds.articles)} articles name no outlet and are left out of the outlet figures")
print(f"{len(articles)} articles, {articles['outlet'].nunique()} outlets, {articles['event_id'].nunique()} events")
articles.groupby("outlet").agg(articles=("doc_id", "size"), events=("event_id", "nunique"),
                               first=("published", "min"), last=("published", "max"))

# %% [markdown]
# ## Who covered which event
#
# Rows are outlets, columns events in the order they first appeared in the news; each cell counts
# the outlet's articles on that event (the number is printed in the cell, darker means more).
# Blank-looking zeros are events an outlet skipped: comparisons of framing *across outlets* can
# only use events that both outlets covered. When a corpus has more than `max_events` events, the
# `max_events` with the most articles are shown; a corpus without event ids is shown by month.

# %%
data = plots.coverage_heatmap_data(articles, max_events=max_events)
ax = plots.coverage_heatmap(articles, data=data)
save(ax, "coverage", data, max_events=max_events)

# %% [markdown]
# ## When the articles appeared
#
# Articles per period, one row of bars per outlet; all rows share one scale (the tallest bar's
# count is printed above the chart, the exact counts are in the CSV). Bursts are events; an outlet
# with a gap where the others have bars did not cover that event. The period (day, week, month,
# quarter, year) is chosen from the corpus's date span.

# %%
data = plots.articles_over_time_data(articles, freq="auto", by="outlet")
ax = plots.articles_over_time(articles, by="outlet", data=data)
save(ax, "articles-over-time", data, freq=data.attrs["freq"], by="outlet")

# %% [markdown]
# ## How long the articles are
#
# Words per article for each outlet (box: middle half of the articles; line: median; dots: single
# articles), outlets ordered by median length. Length matters downstream: longer articles carry
# more frames and more sentences about each actor, so raw counts favour long-form outlets.

# %%
data = plots.length_distribution_data(articles, by="outlet")
ax = plots.length_distribution(articles, by="outlet", data=data)
save(ax, "length-by-outlet", data, by="outlet")

# %% [markdown]
# ## What the reader cleaned and what it rejected
#
# Scraped news arrives with breadcrumbs, share buttons, repeated headlines, broken encodings
# and broken rows. The reader cleans texts step by step and never drops a row silently: rows it
# cannot keep go to a *quarantine* table with file, line and reason.
#
# For the demo we replay this on the raw variant of the corpus (`articles_raw.jsonl`, the same
# articles as a scraper would deliver them) and on the demo's deliberately broken files
# (`bad_rows.csv`, `bad_rows.jsonl`). For a real corpus we show the cleaning report and the
# quarantine its adapter produced when it loaded the source files.

# %%
if is_synthetic(dataset):
    replay = validate(load_demo(raw=True).articles, source="corpora/demo/articles_raw.jsonl")
    bad = [read(DEMO_DIR / "bad_rows.csv"), read(DEMO_DIR / "bad_rows.jsonl")]
    quarantine = pd.concat([replay.quarantine] + [b.quarantine for b in bad], ignore_index=True)
    cleaning, n_documents = replay.cleaning, replay.n_read
    print(replay.summary())
else:
    quarantine, cleaning, n_documents = ds.quarantine, ds.cleaning, ds.n_read
    print(f"read {ds.n_read} kept {len(ds.articles)} quarantined {len(ds.quarantine)}")

# %% [markdown]
# Each bar counts the documents a cleaning step changed (label: documents, share of all cleaned
# documents, characters removed). Steps run top to bottom.

# %%
data = plots.cleaning_steps_data(cleaning)
ax = plots.cleaning_steps(cleaning, n_documents=n_documents, data=data)
save(ax, "cleaning-steps", data, n_documents=n_documents)

# %% [markdown]
# Rejected input rows by reason (row-specific detail such as "expected 9 fields, found 7" is
# grouped under its kind of problem; the full reasons are in the quarantine table).

# %%
data = plots.quarantine_reasons_data(quarantine)
ax = plots.quarantine_reasons(quarantine, data=data)
save(ax, "quarantine-reasons", data)
quarantine[["source", "line", "reason"]].head(20)

# %% [markdown]
# ## Wire copies
#
# Agency stories republished by several outlets would count as independent coverage and inflate
# those outlets' frames. `toolkit.corpus.dedup` finds near-duplicate articles across outlets
# (MinHash candidates, exact Jaccard similarity of 5-word shingles ≥ 0.5), groups them, and marks
# every member but the earliest as a copy. Each bar is a copying outlet, split by the outlet whose
# article it copies (colour *and* hatch); the label gives the share of the outlet's articles that
# are copies. On the demo, compare with the planted copies (`wire_copies.csv`).

# %%
flagged = flag_wire_copies(articles)
report = wire_copy_report(flagged)
data = plots.wire_copies_by_outlet_data(report)
ax = plots.wire_copies_by_outlet(report, data=data)
save(ax, "wire-copies", data, threshold=0.5, shingle_size=5)
print(f"flagged as copies: {int(flagged['is_wire_copy'].sum())}")
if is_synthetic(dataset):
    print(f"planted copies:    {len(load_demo().tables['wire_copies'])}")
report

# %% [markdown]
# ## Reading these figures together
#
# - Framing comparisons should use events each compared outlet covered (coverage), count wire
#   copies once (wire copies), and allow for length differences (lengths).
# - The manifests beside each PNG record the dataset, parameters, the sha256 of the data table
#   and the git commit, so `make figures` reproduces every number shown here.
