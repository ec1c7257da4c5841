"""Stance and target-sentiment datasets: FNC-1, Emergent, NewsMTSC.

All three are pair or sentence datasets, so the *documents* are the texts that carry the
stance (FNC-1 article bodies, Emergent article headlines, NewsMTSC sentences) and the
annotations are tidy tables keyed by ``doc_id``:

========  ===============================  =======================================================
dataset   articles (one row per)           tables
========  ===============================  =======================================================
fnc1      article body                     ``pairs``: headline x body stance
emergent  article headline                 ``pairs``: claim x article-headline stance; ``claims``
newsmtsc  (sentence, primary target) row   ``targets``: sentiment toward a mention, with offsets
========  ===============================  =======================================================

Label vocabularies (lower-case, as later predictions must use them):

* FNC-1: :data:`FNC1_LABELS` ``agree, disagree, discuss, unrelated``.
* Emergent: :data:`EMERGENT_LABELS` ``for, against, observing`` (the dataset's own labels;
  :data:`EMERGENT_TO_FNC1` maps them onto the FNC-1 names where a shared scale is wanted).
* NewsMTSC: :data:`SENTIMENT_LABELS` ``negative, neutral, positive`` (upstream polarity
  2.0 / 4.0 / 6.0).

Input rows that cannot be parsed at all (malformed CSV records, invalid JSON lines, undecodable
bytes) go to the quarantine table with file, line and reason, and count in ``n_read``, so
``n_read == len(articles) + len(quarantine)`` still holds. Annotation rows that parse are always
kept, even when their document was quarantined (they then fail the join to ``articles``; the
tests check that this does not happen on the real data).

Outlets go through the outlet registry (:mod:`toolkit.corpus.outlets`); FNC-1 and NewsMTSC name
no outlet, so ``outlet`` is ``unknown`` and ``source_dataset`` names the dataset. ``language`` is
detected per document (:func:`toolkit.corpus.language.detect_language`): FNC-1 has French bodies.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from ...corpus import validate
from ...corpus.readers import read_csv_records, read_jsonl_records
from ...corpus.schema import LINE_COL, SOURCE_COL, UNKNOWN_OUTLET
from ...corpus.validate import CorpusTable
from ..registry import register

#: FNC-1 stance labels.
FNC1_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
#: Emergent stance labels (article headline toward the claim).
EMERGENT_LABELS: tuple[str, ...] = ("for", "against", "observing")
#: Emergent labels on the FNC-1 scale (FNC-1 was built from Emergent's claims and articles).
EMERGENT_TO_FNC1: dict[str, str] = {"for": "agree", "against": "disagree", "observing": "discuss"}
#: Target-sentiment labels (NewsMTSC).
SENTIMENT_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
#: NewsMTSC ``polarity`` values and their labels.
NEWSMTSC_POLARITY: dict[float, str] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}

#: The Emergent file the adapter reads (see :func:`load_emergent` for why this one).
EMERGENT_FILE = "edata_all_with_source_and_truth.csv"
#: Emergent's train / test split files (same pairs, fewer columns).
EMERGENT_SPLIT_FILES = {"train": "url-versions-2015-06-14-clean-train.csv",
                        "test": "url-versions-2015-06-14-clean-test.csv"}
#: NewsMTSC files and the ``split`` value their rows get.
NEWSMTSC_SPLITS = {"train": "train.jsonl", "devtest_mt": "devtest_mt.jsonl"}

def _prefixed(values: pd.Series, prefix: str) -> pd.Series:
    """``prefix + value`` with surrounding whitespace removed; missing where the value is blank."""
    v = values.astype("string").str.strip()
    return (prefix + v).where(v.notna() & (v != ""))


def _stable_id(text: str, prefix: str) -> str:
    """A short content hash: the same text always gets the same id, whatever the file order."""
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# -- FNC-1 ------------------------------------------------------------------------------------------

@register("fnc1", derive=None)
def load_fnc1(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """FNC-1 training set: 1,683 article bodies as documents, 49,972 headline-body stance pairs.

    Parameters
    ----------
    root : Path
        Folder holding ``train_bodies.csv`` and ``train_stances.csv``.

    Returns
    -------
    table : CorpusTable
        One article per body: ``doc_id`` ``"fnc1:body:<Body ID>"``, ``outlet`` ``"unknown"``
        (bodies carry no outlet, URL or date; ``source_dataset`` ``"fnc1"``), empty ``title``
        (the body's own headline is not in the data), ``text`` the cleaned body, ``language``
        detected, extra column ``body_id`` (int).
    tables : dict
        ``pairs``: one row per line of ``train_stances.csv`` (duplicates kept), columns

        - ``pair_id`` ``"fnc1:pair:<n>"`` with ``n`` the 0-based row in ``train_stances.csv``
          (the stance ids the official baseline's folds use);
        - ``headline`` (surrounding whitespace stripped);
        - ``headline_id`` ``"fnc1:headline:<sha1[:12]>"`` of the headline text, the same for
          every pair with that headline: group by it for headline-disjoint splits, by
          ``doc_id`` for body-disjoint ones (the official hold-out split is body-disjoint);
        - ``doc_id`` the body's document; ``body_id`` (int);
        - ``label`` in :data:`FNC1_LABELS`;
        - ``is_duplicate``: True for the 2nd and later copies of an identical
          (headline, body, label) row (the training file repeats 402 pairs).
    """
    table = _fnc1_articles(root / "train_bodies.csv")
    pairs, bad = _fnc1_pairs(root / "train_stances.csv")
    return table.with_failures(bad), {"pairs": pairs}


def _fnc1_articles(path: Path) -> CorpusTable:
    bodies, bad = read_csv_records(path, required=("Body ID", "articleBody"))
    frame = pd.DataFrame({
        "doc_id": _prefixed(bodies["Body ID"], "fnc1:body:"),
        "outlet": UNKNOWN_OUTLET,
        "title": "",
        "text": bodies["articleBody"],
        "source_dataset": "fnc1",
        "body_id": pd.to_numeric(bodies["Body ID"].str.strip(), errors="coerce").astype("Int64"),
        SOURCE_COL: bodies[SOURCE_COL],
        LINE_COL: bodies[LINE_COL],
    })
    table = validate(frame, source=str(path))
    return table.with_failures(bad)


def _fnc1_pairs(path: Path) -> tuple[pd.DataFrame, list[dict]]:
    stances, bad = read_csv_records(path, required=("Headline", "Body ID", "Stance"))
    headline = stances["Headline"].str.strip()
    pairs = pd.DataFrame({
        "pair_id": "fnc1:pair:" + stances["_record"].astype(str),
        "headline": headline,
        "headline_id": headline.map(lambda h: _stable_id(h, "fnc1:headline:")),
        "doc_id": _prefixed(stances["Body ID"], "fnc1:body:"),
        "body_id": pd.to_numeric(stances["Body ID"].str.strip(), errors="coerce").astype("Int64"),
        "label": stances["Stance"].str.strip().str.lower(),
    })
    pairs["is_duplicate"] = pairs.duplicated(["headline", "doc_id", "label"], keep="first")
    return pairs.astype({"pair_id": "string", "headline_id": "string"}).reset_index(drop=True), bad


# -- Emergent ---------------------------------------------------------------------------------------

_EMERGENT_COLUMNS = ("claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId",
                     "url", "source", "claimTruth")


@register("emergent", derive=None)
def load_emergent(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """Emergent: 2,595 article headlines (724 outlets) with their stance toward 300 claims.

    The adapter reads ``edata_all_with_source_and_truth.csv`` (upstream ``edata_all.csv`` of
    thanhan/fc-aaai18, byte-identical, renamed): it holds the same 2,595 pairs, in the same
    order and with the same values, as Ferreira & Vlachos' ``url-versions-2015-06-14-clean.csv``
    and adds the article URL, the source domain and the claim's truth label. The ``split``
    (train 2,071 / test 524, claim-disjoint) is taken from the ``-clean-train`` / ``-clean-test``
    files by ``articleId``. The running counters ``claimCount``, ``articleCount`` and
    ``sourceCount`` are not kept.

    Parameters
    ----------
    root : Path
        The dataset folder.

    Returns
    -------
    table : CorpusTable
        One article per article headline (the data has no bodies): ``doc_id``
        ``"emergent:<articleId>"``, ``outlet`` the source domain (the URL's host when the source
        is blank) through the outlet registry (``www.foxnews.com`` → ``Fox News``; unregistered
        domains are kept and reported), ``url``, ``event_id`` the claim id (articles about one claim are one gold
        story group), empty ``title`` (the headline is the ``text``; putting it in both would
        make cleaning drop it as a title repeat), ``language`` detected, extra ``split``.
        29 URLs recur under a second claim (with another ``articleId``): separate documents.
    tables : dict
        ``pairs``: ``pair_id`` ``"emergent:pair:<articleId>"``, ``claim_id``, ``claim`` (the claim
        headline), ``doc_id``, ``label`` in :data:`EMERGENT_LABELS`, ``split``.
        ``claims``: ``claim_id``, ``claim``, ``truth`` (``true``/``false``/``unknown``),
        ``n_articles``, ``split``.
    """
    path = root / EMERGENT_FILE
    rows, bad = read_csv_records(path, required=_EMERGENT_COLUMNS)
    split = rows["articleId"].str.strip().map(_emergent_splits(root)).astype("string")
    outlet = rows["source"].where(rows["source"].str.strip() != "", rows["url"].map(_host))
    frame = pd.DataFrame({
        "doc_id": _prefixed(rows["articleId"], "emergent:"),
        "outlet": outlet,
        "title": "",
        "text": rows["articleHeadline"],
        "url": rows["url"].replace("", pd.NA),
        "event_id": rows["claimId"].str.strip().replace("", pd.NA),
        "split": split,
        "source_dataset": "emergent",
        SOURCE_COL: rows[SOURCE_COL],
        LINE_COL: rows[LINE_COL],
    })
    table = validate(frame, source=str(path)).with_failures(bad)
    pairs = pd.DataFrame({
        "pair_id": _prefixed(rows["articleId"], "emergent:pair:"),
        "claim_id": rows["claimId"].str.strip(),
        "claim": rows["claimHeadline"].str.strip(),
        "doc_id": frame["doc_id"],
        "label": rows["articleHeadlineStance"].str.strip().str.lower(),
        "split": split,
    }).reset_index(drop=True)
    return table, {"pairs": pairs, "claims": _emergent_claims(pairs, rows["claimTruth"])}


def _host(url: object) -> str | None:
    return urlsplit(url).hostname if isinstance(url, str) and url.strip() else None


def _emergent_splits(root: Path) -> dict[str, str]:
    """``articleId -> "train" | "test"`` from the split files."""
    split = {}
    for name, fname in EMERGENT_SPLIT_FILES.items():
        rows, _ = read_csv_records(root / fname, required=("articleId",))
        split.update(dict.fromkeys(rows["articleId"].str.strip(), name))
    return split


def _emergent_claims(pairs: pd.DataFrame, truth: pd.Series) -> pd.DataFrame:
    """One row per claim (first occurrence's text and truth label)."""
    claims = pairs.assign(truth=truth.str.strip().str.lower().replace("", pd.NA).to_numpy())
    n = claims.groupby("claim_id").size().rename("n_articles")
    splits = claims.groupby("claim_id")["split"].agg(lambda s: "/".join(sorted(s.dropna().unique())) or pd.NA)
    first = claims.drop_duplicates("claim_id")[["claim_id", "claim", "truth"]].set_index("claim_id")
    out = first.join(n).join(splits).reset_index()
    return out.astype({"claim_id": "string", "claim": "string", "truth": "string", "split": "string"})


# -- NewsMTSC ---------------------------------------------------------------------------------------

@register("newsmtsc", derive=None)
def load_newsmtsc(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """NewsMTSC: sentiment toward named people in news sentences (7,758 train + 721 devtest_mt).

    The text is NOT cleaned: the target offsets index into ``sentence_normalized`` by character,
    and cleaning (ftfy's NFC normalisation, whitespace folding) could move them. The adapter
    therefore validates with ``clean=False``, keeps the text exactly as in the file, and checks
    every span against the kept text (``span_ok``; a warning names the count of mismatches).

    Parameters
    ----------
    root : Path
        Folder holding ``train.jsonl`` and ``devtest_mt.jsonl``.

    Returns
    -------
    table : CorpusTable
        One article per JSON line, i.e. per (sentence, primary target); the same sentence
        occurs on several lines when it was annotated for different primary targets.
        ``doc_id`` ``"newsmtsc:<primary_gid>"`` (unique within NewsMTSC), ``outlet``
        ``"unknown"`` (the data names no outlet; ``source_dataset`` ``"newsmtsc"``), empty
        ``title``, ``text`` = ``sentence_normalized`` unchanged, ``language`` detected; extra columns ``split``
        (``train`` / ``devtest_mt``), ``collection`` (``allsides`` / ``polusa``, the corpus the
        sentence was sampled from; not an outlet) and ``sentence_id`` (the gid up to the
        sentence number, e.g. ``allsides_1192_476_17``: rows sharing it hold the same sentence;
        group by it before re-splitting. Upstream, 2 sentence_ids occur in both train and
        devtest_mt, and a few identical sentences recur under different ids).
    tables : dict
        ``targets``: one row per target: ``doc_id``, ``target_id`` (upstream ``Input.gid``),
        ``target`` (the mention), ``start``, ``end`` (0-based, end-exclusive character offsets:
        ``text[start:end] == target``; upstream ``from`` / ``to``), ``label`` in
        :data:`SENTIMENT_LABELS`, ``polarity`` (upstream value), ``further_mentions`` (JSON list
        of ``{"start", "end", "mention"}``, automatically found coreferences; ``"[]"`` if none),
        ``n_further_mentions``, ``split``, ``span_ok`` (offsets match the kept text; missing when
        the sentence was quarantined).
    """
    frames, target_rows, bad = [], [], []
    for split, fname in NEWSMTSC_SPLITS.items():
        records, file_bad = read_jsonl_records(root / fname)
        bad += file_bad
        frames.append(_newsmtsc_frame(records, split))
        target_rows += [t for rec in records for t in _newsmtsc_targets(rec, split)]
    frame = pd.concat(frames, ignore_index=True)
    table = validate(frame, source=str(root), clean=False)
    table = table.with_failures(bad)
    targets = _check_spans(pd.DataFrame(target_rows, columns=_TARGET_COLUMNS), table.articles)
    return table, {"targets": targets}


_TARGET_COLUMNS = ["doc_id", "target_id", "target", "start", "end", "label", "polarity",
                   "further_mentions", "n_further_mentions", "split"]


def _gid_parts(gid: object) -> tuple[str | None, str | None]:
    """``(collection, sentence_id)`` from a primary gid.

    gids look like ``allsides_<n>_<n>_<sentence>_<target>_<from>_<to>`` or
    ``polusa_v1_<n>_<n>_<sentence>_<target>_<from>_<to>`` (the target name may hold ``_``).
    """
    if not isinstance(gid, str) or "_" not in gid:
        return None, None
    parts = gid.split("_")
    n = 5 if parts[0] == "polusa" else 4
    return parts[0], "_".join(parts[:n])


def _newsmtsc_frame(records: list[dict], split: str) -> pd.DataFrame:
    gids = [r.get("primary_gid") for r in records]
    parts = [_gid_parts(g) for g in gids]
    return pd.DataFrame({
        "doc_id": _prefixed(pd.Series(gids, dtype="string"), "newsmtsc:"),
        "outlet": UNKNOWN_OUTLET,
        "title": "",
        "text": pd.Series([r.get("sentence_normalized") for r in records], dtype="string"),
        "source_dataset": "newsmtsc",
        "split": pd.Series(split, index=range(len(records)), dtype="string"),
        "collection": pd.Series([p[0] for p in parts], dtype="string"),
        "sentence_id": pd.Series([p[1] for p in parts], dtype="string"),
        SOURCE_COL: [r[SOURCE_COL] for r in records],
        LINE_COL: [r[LINE_COL] for r in records],
    })


def _newsmtsc_targets(record: dict, split: str) -> list[dict]:
    gid = record.get("primary_gid")
    doc_id = f"newsmtsc:{gid.strip()}" if isinstance(gid, str) and gid.strip() else None
    rows = []
    targets = record.get("targets")
    for t in targets if isinstance(targets, list) else []:
        if not isinstance(t, dict):
            t = {}
        further = [{"start": m.get("from"), "end": m.get("to"), "mention": m.get("mention")}
                   for m in t.get("further_mentions") or [] if isinstance(m, dict)]
        polarity = t.get("polarity")
        rows.append({
            "doc_id": doc_id,
            "target_id": t.get("Input.gid"),
            "target": t.get("mention"),
            "start": t.get("from"),
            "end": t.get("to"),
            "label": NEWSMTSC_POLARITY.get(float(polarity)) if isinstance(polarity, (int, float)) else None,
            "polarity": polarity,
            "further_mentions": json.dumps(further, ensure_ascii=False),
            "n_further_mentions": len(further),
            "split": split,
        })
    return rows


def _check_spans(targets: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Add ``span_ok``: does ``text[start:end]`` of the kept article equal the mention?"""
    targets = targets.astype({"doc_id": "string", "target_id": "string", "target": "string",
                              "start": "Int64", "end": "Int64", "label": "string", "polarity": "Float64",
                              "further_mentions": "string", "n_further_mentions": "Int64", "split": "string"})
    text = targets["doc_id"].map(articles.set_index("doc_id")["text"])
    ok = [
        pd.NA if not isinstance(t, str) else (pd.notna(s) and pd.notna(e) and t[int(s):int(e)] == m)
        for t, s, e, m in zip(text, targets["start"], targets["end"], targets["target"])
    ]
    targets["span_ok"] = pd.array(ok, dtype="boolean")
    bad = int((~targets["span_ok"]).sum())
    if bad:
        warnings.warn(f"newsmtsc: {bad} target span(s) do not match the sentence text "
                      f"(text[start:end] != mention); see targets.span_ok", stacklevel=2)
    return targets
