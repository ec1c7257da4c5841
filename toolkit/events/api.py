"""One-call alignment on a canonical table: ``align_events`` → (doc_id, event) and ``describe_events``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .align import AlignmentWarning, EventAligner, _days
from .features import event_features


def _check_doc_ids(articles: pd.DataFrame) -> pd.Series:
    if "doc_id" not in articles.columns:
        raise ValueError(
            f"align_events needs a 'doc_id' column to key its output; found columns {list(articles.columns)}. "
            "Use EventAligner().fit(articles).labels_ for positional labels instead."
        )
    ids = articles["doc_id"].astype("string")
    if ids.isna().any():
        raise ValueError(f"{int(ids.isna().sum())} articles have no doc_id; give every article a unique doc_id.")
    dup = ids[ids.duplicated()]
    if len(dup):
        raise ValueError(
            f"doc_id must be unique, found {len(dup)} repeated (e.g. {dup.unique()[:5].tolist()}). "
            "Deduplicate the table (toolkit.corpus.validate quarantines repeats) before aligning."
        )
    return ids


def align_events(articles: pd.DataFrame, aligner: EventAligner | None = None, **params) -> pd.DataFrame:
    """Group the articles of a canonical table into same-event groups across outlets.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table: ``doc_id`` and ``text`` required; ``title``, ``outlet`` and
        ``published`` used when present (articles without a date are aligned by text alone).
    aligner : EventAligner, optional
        A configured aligner; default ``EventAligner(**params)`` (the one default parameter set).
    **params
        Parameters of :class:`EventAligner` (only when ``aligner`` is not given).

    Returns
    -------
    DataFrame
        One row per input article, in input order: ``doc_id``, ``event`` (``"E00001"``, … numbered
        in time order of their first article; undated-only events last).

    Warns
    -----
    AlignmentWarning
        When no article has a date (text-only alignment), when some dates cannot be parsed (those
        articles are treated as undated), or when there is only one outlet.

    Raises
    ------
    ValueError
        Empty table, no ``text`` / ``doc_id`` column, missing or repeated ``doc_id``.
    """
    if aligner is None:
        aligner = EventAligner(**params)
    elif params:
        raise TypeError("pass either a configured `aligner` or parameters, not both")
    if not isinstance(articles, pd.DataFrame):
        raise TypeError(f"align_events expects a pandas DataFrame (canonical article table); found {type(articles).__name__}.")
    if len(articles) == 0:
        raise ValueError("align_events got an empty table (0 articles); there is nothing to align.")
    ids = _check_doc_ids(articles)
    _warn_about_input(articles)
    labels = aligner.fit(articles).labels_
    return pd.DataFrame({"doc_id": ids.to_numpy(), "event": pd.array([f"E{i + 1:05d}" for i in labels], dtype="string")})


def _warn_about_input(articles: pd.DataFrame) -> None:
    n = len(articles)
    if "published" not in articles.columns:
        warnings.warn("no 'published' column: every article is aligned by text alone (expect lower precision "
                      "on corpora with many similar events).", AlignmentWarning, stacklevel=3)
    else:
        raw = articles["published"]
        days = _days(raw, n)
        given = raw.notna().to_numpy() & (raw.astype("string").str.strip().fillna("") != "").to_numpy()
        bad = int((given & np.isnan(days)).sum())
        if bad:
            warnings.warn(f"{bad} of {n} 'published' values could not be read as dates; those articles are aligned "
                          "by text alone.", AlignmentWarning, stacklevel=3)
        if np.isnan(days).all():
            warnings.warn("no article has a date: every article is aligned by text alone (expect lower precision "
                          "on corpora with many similar events).", AlignmentWarning, stacklevel=3)
    if "outlet" in articles.columns and articles["outlet"].nunique(dropna=True) < 2:
        warnings.warn("only one outlet in the table: events are found, but no cross-outlet comparison is possible.",
                      AlignmentWarning, stacklevel=3)


def describe_events(articles: pd.DataFrame, events: pd.DataFrame, *, n_terms: int = 4) -> pd.DataFrame:
    """One row per event: a readable label (top entities and terms + date span) and its coverage.

    Parameters
    ----------
    articles : DataFrame
        The canonical table that was aligned.
    events : DataFrame
        ``doc_id, event`` (output of :func:`align_events`).
    n_terms : int
        Terms in the label.

    Returns
    -------
    DataFrame
        ``event, label, short_label, top_terms, start, end, n_articles, n_outlets, outlets``, sorted by
        event. ``label`` reads "Soleimani · Baghdad · strike (2020-01-03–01-05)"; ``short_label``
        ("Jan 03 Soleimani") fits an axis.
    """
    merged = articles.merge(events[["doc_id", "event"]], on="doc_id", how="inner", validate="one_to_one")
    if len(merged) == 0:
        raise ValueError("describe_events: no doc_id of `events` is in `articles`; pass the table that was aligned.")
    X, names, _, _ = event_features(merged, lead_words=150, title_weight=2, entity_weight=0.5, ngram_max=1)
    codes, uniques = pd.factorize(merged["event"], sort=True)
    M = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(uniques), len(codes)))
    centroid = (M @ X).tocsr()
    names = np.asarray(names, dtype=object)
    labels, tops = [], []
    for e in range(len(uniques)):
        row = centroid.getrow(e)
        order = np.argsort(-row.data, kind="stable")
        terms = [names[row.indices[i]] for i in order[: 4 * n_terms]]
        ents: list[str] = []
        for t in terms:
            if t.startswith("e:"):
                ent = t[2:].replace("_", " ").title()
                if not any(ent.lower() in e.lower() or e.lower() in ent.lower() for e in ents):
                    ents.append(ent)
        wrds = [t[2:] for t in terms if t.startswith("w:")]
        pick = list(dict.fromkeys(ents[:2] + [w for w in wrds if all(w not in x.lower() for x in ents[:2])]))[:n_terms]
        tops.append(", ".join(pick))
        labels.append(pick)
    published = pd.to_datetime(merged["published"], utc=True, errors="coerce") if "published" in merged else None
    rows = []
    for e, name in enumerate(uniques):
        member = codes == e
        start = end = pd.NaT
        if published is not None and published[member].notna().any():
            start, end = published[member].min(), published[member].max()
        span = "undated" if pd.isna(start) else (
            f"{start:%Y-%m-%d}" if start.date() == end.date() else f"{start:%Y-%m-%d}–{end:%m-%d}")
        outlets = sorted(merged.loc[member, "outlet"].dropna().astype(str).unique()) if "outlet" in merged else []
        first = labels[e][0] if labels[e] else "?"
        short = f"{start:%b %d} {first}" if not pd.isna(start) else f"undated {first}"
        rows.append({"event": name, "label": f"{' · '.join(labels[e][:3])} ({span})", "short_label": short,
                     "top_terms": tops[e],
                     "start": start, "end": end, "n_articles": int(member.sum()), "n_outlets": len(outlets),
                     "outlets": "; ".join(outlets)})
    out = pd.DataFrame(rows)
    out["start"] = pd.to_datetime(out["start"], utc=True)
    out["end"] = pd.to_datetime(out["end"], utc=True)
    return out.astype({"event": "string", "label": "string", "short_label": "string", "top_terms": "string",
                       "outlets": "string"})
