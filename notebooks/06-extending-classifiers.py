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
# # 06 — Extending the classifiers: a new coding scheme end to end
#
# **Version 1.** A researcher brings their own frames. This notebook walks the whole path with the
# toolkit's pieces: a scheme written as a YAML file → a stratified sample for human coding → coding sheets
# (CSV) read back → agreement (Krippendorff's alpha per frame) → train a `FrameClassifier` → evaluate it
# against the constant baseline → save it (skops) and load it back → use it in an outlet comparison
# (`toolkit.compare`).
#
# **Data.** GVFC headlines (gun-violence news, 9 issue-specific frames; `load_dataset("gvfc")`), where the
# published codes stand in for coder A (`frames_dataset`; any real `dataset`, as `make figures` passes,
# means "use it"). **Coder B is simulated**: coder A's codes with a share
# `coder_b_noise` of the sheet's cells flipped at random — there is one set of published codes, so the
# agreement figure shows how the pipeline works, not the agreement of the original study. Without the real
# data (or with `dataset="demo"`) the synthetic demo corpus and its planted frames are used instead; every
# figure says so.
#
# **Figures this notebook makes** (PNG + CSV data table + JSON manifest each), in
# `<output_dir>/<source>/06-extending-classifiers/`:
#
# | file | what it shows |
# |---|---|
# | `agreement` | Krippendorff's alpha per frame between coder A and (simulated) coder B on the coded sample |
# | `cv-scores` | cross-validated scores of the new classifier beside the constant baseline |
# | `outlet-frames` | within-group differences between outlets in predicted frame presence, 95 % intervals |
#
# Run headless with `make figures` or `python -m toolkit figures --notebook 06 [--dataset demo]`.

# %% tags=["parameters"]
dataset = "gvfc"
output_dir = "../figures"
frames_dataset = "gvfc"
n_sample = 120
coder_b_noise = 0.05
top_outlets = 6
cv_folds = 3
seed = 0

# %%
# %matplotlib inline
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from toolkit import plots
from toolkit.cache import cached_fit
from toolkit.annotate import export_csv, gold_from_codes, import_csv, krippendorff_alpha, sample_for_coding
from toolkit.compare import CompareWarning, within_event_contrast
from toolkit.figures import DEMO, describe, load_real
from toolkit.figures import saver as make_saver
from toolkit.framing import FrameClassifier, cross_validate_frames, load_scheme, summarise, write_scheme
from toolkit.framing.data import DEMO_SCHEME, load_frame_dataset
from toolkit.framing.measures import frame_measures
from toolkit.framing.persist import load_model, save_model

plots.set_house_style()
NOTEBOOK = "06-extending-classifiers"
work = Path(tempfile.mkdtemp(prefix="nb06-"))

# %% [markdown]
# ## 1. The scheme, as a file
#
# A scheme is data: a name, frames with descriptions and optional seed words. Here we write it to YAML
# and read it back, as a researcher would after editing the file.

# %%
real = load_real(dataset, lambda: load_frame_dataset(frames_dataset), what=frames_dataset)
source = DEMO if real is None else frames_dataset
if real is not None:
    articles, primary, base = real
    articles = articles.assign(text=articles["title"])  # headlines only
    labels = [[p] for p in primary]
if source == DEMO:
    articles, labels, base = load_frame_dataset(DEMO)
    base = DEMO_SCHEME
save = make_saver(output_dir, NOTEBOOK, source)
print("source:", describe(source))
path = write_scheme(base, work / "my_scheme.yaml")
print(path.read_text()[:600])
scheme = load_scheme(path)
print(f"{len(articles)} documents; scheme {scheme.name!r} with {len(scheme)} frames")

# %% [markdown]
# ## 2. A sample for human coding, and the coded sheets back
#
# Stratified by outlet so that every outlet is represented in proportion. Each coder gets a CSV sheet with
# one column per frame (write 1 where the frame is present).

# %%
sample = sample_for_coding(articles, n_sample, by=("outlet",), random_state=seed)
sheets = {c: export_csv(sample, scheme, work / f"coder_{c}.csv") for c in ("A", "B")}
truth = dict(zip(articles["doc_id"], labels))
rng = np.random.default_rng(seed)
for coder, sheet_path in sheets.items():
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False)
    for name in scheme.names:
        marks = np.array([name in truth[d] for d in sheet["doc_id"]])
        if coder == "B":  # simulated second coder: flip a few cells
            marks ^= rng.random(len(marks)) < coder_b_noise
        sheet[name] = np.where(marks, "1", "")
    sheet.to_csv(sheet_path, index=False)
codes = pd.concat([import_csv(p, scheme, coder=c) for c, p in sheets.items()], ignore_index=True)
print(f"{codes['doc_id'].nunique()} documents x {codes['coder'].nunique()} coders x {len(scheme)} frames")

# %% [markdown]
# ## 3. Agreement

# %%
alpha = krippendorff_alpha(codes, frames=scheme.names)
fig, ax = plt.subplots(figsize=(7, 0.35 * len(alpha) + 1.2), layout="constrained")
ax.barh(alpha["frame"][::-1], alpha["alpha"][::-1], color="#0072B2")
for y, v in enumerate(alpha["alpha"][::-1]):
    ax.text(0.01 if np.isnan(v) else v + 0.01, y, "n/a" if np.isnan(v) else f"{v:.2f}", va="center", fontsize=8)
ax.axvline(0.667, color="#555555", ls="--", lw=0.8)
ax.set_xlim(-0.2, 1.1)
ax.set_xlabel("Krippendorff's alpha (nominal); dashed: 0.667")
ax.set_title("Agreement per frame (coder B simulated)")
save(ax, "agreement", alpha, n_sample=n_sample, coder_b_noise=coder_b_noise, simulated_coder="B")
alpha

# %% [markdown]
# ## 4. Train and evaluate
#
# The coded sample's majority codes join the rest of the coded corpus; `cv_folds`-fold cross-validation compares
# the classifier with always predicting the most common frames.

# %%
gold = gold_from_codes(codes, scheme=scheme.name)
coded = gold.groupby("doc_id")["frame"].apply(list).to_dict()
train_labels = [coded.get(d, truth[d]) if d in set(sample["doc_id"]) else truth[d] for d in articles["doc_id"]]
# headlines are short: keep rare words; (benchmarks/framing.py adds character n-grams, slower)
settings = {"C": 10.0, "min_df": 1, "min_words": 1} if source != DEMO else {}
model = FrameClassifier(scheme, random_state=seed, **settings)
scores, per_frame = cross_validate_frames(articles, train_labels, model, n_splits=cv_folds, progress=False)
summary = summarise(scores)
data = summary.melt(id_vars=["model", "split"], value_vars=["micro_f1_mean", "macro_f1_mean"],
                    var_name="metric", value_name="score")
fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
for i, (name, part) in enumerate(data.groupby("model", sort=False)):
    ax.barh(np.arange(len(part)) + 0.4 * i, part["score"], height=0.4, label=name,
            color=["#0072B2", "#BBBBBB"][i], hatch=["", "//"][i])
ax.set_yticks(np.arange(2) + 0.2, ["micro-F1", "macro-F1"])
ax.set_xlim(0, 1)
ax.legend(frameon=False)
ax.set_title(f"{cv_folds}-fold cross-validation: classifier vs constant baseline")
save(ax, "cv-scores", data, settings=settings, cv_folds=cv_folds)
summary.round(3)

# %% [markdown]
# ## 5. Save, load, use: frames by outlet
#
# The model is saved with skops and loaded back; the loaded model's frames are compared across the
# outlets with the most documents. GVFC has no same-event groups, so all headlines form one group of
# comparison (the contrasts are plain outlet differences, not within-event ones); the demo has events.

# %%
model = cached_fit(model, articles, train_labels)  # loaded when fitted on an earlier run (toolkit.cache)
loaded = load_model(save_model(model, work / "my_frames.skops"))
measures = frame_measures(loaded, articles)
outlets = articles["outlet"].value_counts().index[:top_outlets]
subset = articles[articles["outlet"].isin(outlets)].copy()
event = "event_id" if source == DEMO else "_all"
subset["_all"] = "all"
frames = measures.drop(columns="doc_id").mean().sort_values(ascending=False).index[:4].tolist()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CompareWarning)
    contrasts = within_event_contrast(subset, measures[["doc_id", *frames]], by="outlet", event=event,
                                      method="bootstrap", n_boot=500, random_state=seed)
data = plots.contrast_intervals_data(contrasts)
ax = plots.contrast_intervals(contrasts, data=data, title="Frame presence by outlet (new scheme)",
                              xlabel="deviation from the average outlet, share of documents (95% interval)")
save(ax, "outlet-frames", data, frames=frames, outlets=list(outlets), event=event)
contrasts.round(3)
