"""Adapters for same-event news datasets: several outlets reporting one story.

``basil``
    BASIL (Fan et al. 2019): 100 events x 3 outlets (Fox News, New York Times, HuffPost), full
    text, with phrase-level bias spans and article-level stance.
``pac_partisan_events``
    PAC (Zou et al. 2023): 152 stories x 2 outlets (one left, one right), full text, with
    partisan / counter-partisan event annotations.
``neus_allsides``
    NeuS / AllSides (Lee et al. 2022): lead snippets of a left, a center and a right outlet per
    story, plus AllSides' neutral roundup.
``ruwa_headlines``
    RUWA: titles and subheadings of 9 outlets on 9 Russia-Ukraine war events.
``article_bias_prediction``
    Article-Bias-Prediction (Baly et al. 2020): 37,554 articles of 491 outlets labelled
    left / center / right, with the media-based and random splits; no event groups.

Outlets, leans, events, language (shared by all five adapters)
--------------------------------------------------------------
outlet
    Mapped through the outlet registry (:mod:`toolkit.corpus.outlets`): canonical names, the
    value as given in ``outlet_raw``; people and bylines in the outlet field go to ``author``.
    ``unknown`` where the source names no outlet; ``source_dataset`` names the dataset.
lean
    The *outlet's* rating as the dataset publishes it, on ``left``, ``lean-left``, ``center``,
    ``lean-right``, ``right``, with ``lean_source`` (``allsides`` for NeuS, ``allsides-3pt`` for
    Article-Bias-Prediction, ``pac_partisan_events`` for PAC's ``media_ideology``); where the
    dataset rates no outlet, the outlet registry's rating (``lean_source`` ``registry:<source>``).
    Article-level ideology (PAC) is in ``article_ideology``.
event_id / storyline
    ``event_id`` only where the source gives same-event gold (BASIL triplets, PAC story pairs,
    NeuS stories); RUWA's keyword buckets are a ``storyline``.
language
    Detected per article (:func:`toolkit.corpus.language.detect_language`), never assumed.
polarity / sentiment / feeling
    ``negative``, ``neutral``, ``positive`` (BASIL's annotator feelings add
    ``slightly-``/``strongly-`` prefixes).

Span offsets
------------
Annotation tables with ``start``/``end`` columns give character offsets into the *cleaned*
``articles.text`` (for BASIL title spans, into ``title``): ``text[start:end]`` is the span text,
as the cleaning step leaves it (e.g. folded spaces) where cleaning changed it.
The sources give offsets into single sentences; the adapters add each sentence's position in
the joined document and, where cleaning changed a document, find the span again in the cleaned
text. Spans that cannot be found keep their sentence offsets and get missing ``start``/``end``.
"""

from __future__ import annotations

import ast
import gzip
import io
import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ...corpus import CorpusTable, clean_text, validate
from ...corpus.readers import read_csv_records, read_jsonl_records
from ...corpus.outlets import normalise_lean
from ...corpus.schema import LINE_COL, SOURCE_COL, UNKNOWN_OUTLET
from ..registry import register

#: Lean labels used by these adapters (AllSides' scale, lower case, hyphenated).
LEANS: tuple[str, ...] = ("left", "lean-left", "center", "lean-right", "right")
_LEAN = {"left": "left", "lean left": "lean-left", "center": "center", "lean right": "lean-right",
         "right": "right", "liberal": "left", "conservative": "right"}
_POLARITY = {"neg": "negative", "neu": "neutral", "pos": "positive", "negative": "negative",
             "neutral": "neutral", "positive": "positive"}


# -- shared helpers ------------------------------------------------------------------------------

def _lean(value: object) -> object:
    """Map a lean label (any case, ``Lean Left`` or ``lean left``) to :data:`LEANS`; NA if blank."""
    if not isinstance(value, str) or not value.strip():
        return pd.NA
    key = value.strip().lower().replace("-", " ").replace("_", " ")
    return _LEAN.get(key, key)


def _label(value: object, mapping: dict[str, str]) -> object:
    """Map a raw label through ``mapping`` (lower-cased); unknown labels stay, lower-cased; blank → NA."""
    if not isinstance(value, str) or not value.strip():
        return pd.NA
    key = value.strip().lower()
    return mapping.get(key, key)


def _blank_to_na(value: object) -> object:
    return value if isinstance(value, str) and value.strip() else pd.NA


def _int(value: object) -> int | None:
    """An int, or a string of digits as int; anything else → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _read_json(path: Path, root: Path, failures: list[dict]) -> object | None:
    """Parse one JSON file; on failure record a quarantine row and return None."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        failures.append({"source": str(path), "line": 1, "doc_id": None, "field": None,
                         "reason": f"unreadable JSON file: {exc}", "raw": str(path.relative_to(root))})
        return None


def _validate(frame: pd.DataFrame, root: Path, failures: list[dict] | None, dataset: str) -> CorpusTable:
    """Validate a raw frame (outlets mapped, language detected), adding unparseable rows to the quarantine."""
    failures = list(failures or [])
    frame = frame.copy()
    frame["source_dataset"] = dataset
    table = validate(frame, source=str(root))
    table.articles = _typed(table.articles)
    return table.with_failures(failures)


def _frame(rows: list[dict], columns: Iterable[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` (also when ``rows`` is empty)."""
    return pd.DataFrame(rows, columns=list(columns))


def _join_sentences(paragraphs: list[list[str]]) -> tuple[str, list[int | None]]:
    """Join paragraphs of sentences: sentences by a space, paragraphs by a blank line.

    Returns the text and, per sentence (flattened, in order), its start offset in the text
    (None for empty sentences, which are left out).
    """
    parts: list[str] = []
    starts: list[int | None] = []
    pos = 0
    for para in paragraphs:
        in_para = False
        for sent in para:
            if not isinstance(sent, str) or not sent.strip():
                starts.append(None)
                continue
            sep = " " if in_para else ("\n\n" if parts else "")
            pos += len(sep)
            parts.append(sep + sent)
            starts.append(pos)
            pos += len(sent)
            in_para = True
    return "".join(parts), starts


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")


def _normalise(text: str) -> str:
    """``text`` as the cleaning step leaves it (:func:`toolkit.corpus.clean.clean_text`, no title).

    Falls back to NFC and folded spaces when cleaning removes everything (a span that looks
    like a residue line).
    """
    cleaned = clean_text(text).text
    return cleaned or _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _common_suffix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a[::-1], b[::-1]]))


def _find_again(raw: str, clean: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets in ``clean`` of the span ``raw[start:end]``, or None when it is not there.

    Among several occurrences the one whose preceding text best matches the raw context wins
    (ties: the one nearest the proportional position).
    """
    needle = _normalise(raw[start:end])
    if not needle:
        return None
    hits = []
    i = clean.find(needle)
    while i >= 0:
        hits.append(i)
        i = clean.find(needle, i + 1)
    if not hits:
        return None
    if len(hits) > 1:
        context = _normalise(raw[max(0, start - 200):start] + "x")[:-1].rstrip()
        guess = start * len(clean) / max(len(raw), 1)
        hits.sort(key=lambda h: (-_common_suffix(context, clean[:h].rstrip()), abs(h - guess)))
    return hits[0], hits[0] + len(needle)


def _rebase_spans(spans: pd.DataFrame, raw_text: dict[str, str], articles: pd.DataFrame,
                  text_col: str) -> pd.DataFrame:
    """Turn raw-document offsets (``start``/``end``) into offsets in the cleaned ``articles.text``.

    Rows of documents that were not kept, or spans not found again, get missing offsets.
    """
    spans = spans.copy()
    clean_text = dict(zip(articles["doc_id"], articles["text"]))
    starts, ends = [], []
    for doc_id, start, end, text in zip(spans["doc_id"], spans["start"], spans["end"], spans[text_col]):
        clean = clean_text.get(doc_id)
        raw = raw_text.get(doc_id)
        if clean is None or raw is None or pd.isna(start):
            starts.append(pd.NA)
            ends.append(pd.NA)
            continue
        start, end = int(start), int(end)
        if raw == clean or clean[start:end] == text and raw[:start] == clean[:start]:
            starts.append(start)
            ends.append(end)
            continue
        found = _find_again(raw, clean, start, end)
        starts.append(found[0] if found else pd.NA)
        ends.append(found[1] if found else pd.NA)
    spans["start"] = pd.array(starts, dtype="Int64")
    spans["end"] = pd.array(ends, dtype="Int64")
    return spans


def _nan_string(dtype: object) -> bool:
    """True for pandas' ``str`` dtype (NaN for missing) as opposed to ``"string"`` (pd.NA)."""
    return isinstance(dtype, pd.StringDtype) and dtype.na_value is not pd.NA


def _typed(frame: pd.DataFrame, ints: Iterable[str] = (), bools: Iterable[str] = ()) -> pd.DataFrame:
    """Nullable dtypes: listed columns as Int64 / boolean, other text columns as ``"string"`` (pd.NA)."""
    ints, bools = set(ints), set(bools)
    for col in frame.columns:
        if col in ints:
            frame[col] = pd.array(frame[col], dtype="Int64")
        elif col in bools:
            frame[col] = pd.array(frame[col], dtype="boolean")
        elif frame[col].dtype == object or _nan_string(frame[col].dtype):
            frame[col] = frame[col].astype("string")
    return frame


# -- BASIL ---------------------------------------------------------------------------------------

#: BASIL source codes → outlet names (BASIL rates no outlet: ``lean`` comes from the outlet registry).
BASIL_OUTLETS: dict[str, str] = {"fox": "Fox News", "nyt": "New York Times", "hpo": "HuffPost"}
_BASIL_BIAS = {"lex": "lexical", "inf": "informational"}
_BASIL_AIM = {"dir": "direct", "ind_pro": "indirect-pro", "ind_anti": "indirect-anti",
              "ind_general": "indirect-general"}
_BASIL_FEELING = {**_POLARITY, "str-neg": "strongly-negative", "sli-neg": "slightly-negative",
                  "sli-pos": "slightly-positive", "str-pos": "strongly-positive"}
BASIL_SPAN_COLUMNS = ("doc_id", "span", "field", "sentence", "sent_start", "sent_end", "start", "end", "text",
                      "bias", "polarity", "target", "aim", "quote", "speaker", "indirect_target",
                      "indirect_sentiment", "notes")


@register("basil")
def load_basil(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """BASIL: 300 articles on 100 events from Fox News, NYT and HuffPost, with bias spans and stance.

    One article per ``articles/<year>/<triplet-uuid>_<n>.json``; ``doc_id`` is
    ``basil:<triplet-uuid>_<n>`` and ``event_id`` the triplet uuid. Outlet codes are spelled out
    (``fox`` → Fox News, ``nyt`` → New York Times, ``hpo`` → HuffPost; the code stays in
    ``outlet_raw``). BASIL publishes no outlet rating, so ``lean`` is the outlet registry's
    (AllSides, as published by NeuS; ``lean_source`` ``registry:allsides``). The text is the
    body paragraphs, sentences joined by a space and paragraphs by a blank line.

    Parameters
    ----------
    root : Path
        Folder laid out like ``$TOOLKIT_DATA/basil``.

    Returns
    -------
    table : CorpusTable
    tables : dict
        ``spans``
            One row per phrase-level annotation: ``doc_id, span`` (its position in the file),
            ``field`` (``text`` or ``title``), ``sentence`` (index of the body sentence, the
            ``p<N>`` id in BASIL), ``sent_start, sent_end`` (BASIL's offsets in that sentence),
            ``start, end`` (offsets in ``articles.text``, or in ``title`` for title spans),
            ``text``, ``bias`` (``lexical``/``informational``), ``polarity``
            (``negative``/``positive``), ``target``, ``aim`` (``direct``, ``indirect-pro``,
            ``indirect-anti``, ``indirect-general``), ``quote`` (bool), ``speaker``,
            ``indirect_target``, ``indirect_sentiment``, ``notes``. Entity names keep BASIL's
            underscores (``Barack_Obama``).
        ``article_stance``
            Tidy article-level annotations: ``doc_id, aspect, target, label, raw``.
            ``aspect`` is ``relative_stance`` (target missing; label ``left``/``center``/
            ``right``; BASIL's ``liberal``/``conservative`` are mapped to left/right),
            ``author_feeling`` (target ``main_event`` or an entity; label
            ``negative``/``neutral``/``positive``) or ``annotator_feeling`` (BASIL's
            ``you_feeling_*``; labels with ``slightly-``/``strongly-`` prefixes).
        ``events``
            ``event_id, doc_id, main_event, main_entities`` (entities joined by ``"; "``).
            BASIL records the main event per article and the three articles of an event do
            not always agree, hence one row per article.
    """
    failures: list[dict] = []
    rows, spans, stance, events = [], [], [], []
    raw_text: dict[str, str] = {}
    for path in sorted((root / "articles").glob("*/*.json")):
        art = _read_json(path, root, failures)
        if art is None:
            continue
        doc_id = f"basil:{path.stem}"
        text, starts = _join_sentences(art.get("body-paragraphs") or [])
        raw_text[doc_id] = text
        code = str(art.get("source", "")).strip().lower()
        rows.append({"doc_id": doc_id, "outlet": BASIL_OUTLETS.get(code, code), "outlet_raw": code,
                     "published": art.get("date"), "title": art.get("title") or "", "text": text,
                     "url": art.get("url"), "event_id": art.get("triplet-uuid"),
                     SOURCE_COL: str(path), LINE_COL: 1})
        events.append({"event_id": art.get("triplet-uuid"), "doc_id": doc_id,
                       "main_event": art.get("main-event"),
                       "main_entities": "; ".join(art.get("main-entities") or [])})
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        ann = _read_json(ann_path, root, []) if ann_path.exists() else None
        if ann is None:
            continue
        sentences = [s for para in art.get("body-paragraphs") or [] for s in para]
        spans += _basil_spans(doc_id, ann.get("phrase-level-annotations") or [], sentences, starts,
                              art.get("title") or "")
        stance += _basil_stance(doc_id, ann.get("article-level-annotations") or {})
    table = _validate(pd.DataFrame(rows), root, failures, "basil")
    span_frame = _frame(spans, BASIL_SPAN_COLUMNS)
    in_text = span_frame["field"] == "text"
    rebased = _rebase_spans(span_frame[in_text], raw_text, table.articles, "text")
    span_frame = pd.concat([rebased, span_frame[~in_text]]).sort_index()
    tables = {
        "spans": _typed(span_frame.reset_index(drop=True),
                        ints=("span", "sentence", "sent_start", "sent_end", "start", "end"), bools=("quote",)),
        "article_stance": _typed(_frame(stance, ("doc_id", "aspect", "target", "label", "raw"))),
        "events": _typed(_frame(events, ("event_id", "doc_id", "main_event", "main_entities"))),
    }
    return table, tables


def _basil_spans(doc_id: str, anns: list[dict], sentences: list[str], starts: list[int | None],
                 title: str) -> list[dict]:
    """Tidy rows for BASIL's phrase-level annotations, with document offsets."""
    out = []
    for k, a in enumerate(anns):
        s, e, txt = a.get("start"), a.get("end"), a.get("txt", "")
        m = re.fullmatch(r"p(\d+)", str(a.get("id", "")))
        field, sentence, start, end = "text", None, None, None
        if a.get("id") == "title":
            field = "title"
            if isinstance(s, int) and title[s:e] == txt:
                start, end = s, e
        elif m:
            sentence = int(m.group(1))
            ok = sentence < len(sentences) and starts[sentence] is not None and sentences[sentence][s:e] == txt
            if ok:
                start, end = starts[sentence] + s, starts[sentence] + e
        out.append({
            "doc_id": doc_id, "span": k, "field": field, "sentence": sentence, "sent_start": s, "sent_end": e,
            "start": start, "end": end, "text": txt,
            "bias": _label(a.get("bias"), _BASIL_BIAS), "polarity": _label(a.get("polarity"), _POLARITY),
            "target": _blank_to_na(a.get("target")), "aim": _label(a.get("aim"), _BASIL_AIM),
            "quote": {"yes": True, "no": False}.get(str(a.get("quote", "")).strip().lower()),
            "speaker": _blank_to_na(a.get("speaker")),
            "indirect_target": _blank_to_na(a.get("indirect-target-name")),
            "indirect_sentiment": _label(a.get("indirect-ally-opponent-sentiment"), _POLARITY),
            "notes": _blank_to_na(a.get("notes")),
        })
    return out


def _basil_stance(doc_id: str, ann: dict) -> list[dict]:
    """Tidy rows for BASIL's article-level annotations (notes are left out)."""
    out = []
    for key, value in ann.items():
        if key == "relative_stance":
            out.append({"doc_id": doc_id, "aspect": "relative_stance", "target": None,
                        "label": _lean(value), "raw": value})
        elif key.startswith("author_feeling_"):
            out.append({"doc_id": doc_id, "aspect": "author_feeling", "target": key[len("author_feeling_"):],
                        "label": _label(value, _BASIL_FEELING), "raw": value})
        elif key.startswith("you_feeling_"):
            out.append({"doc_id": doc_id, "aspect": "annotator_feeling", "target": key[len("you_feeling_"):],
                        "label": _label(value, _BASIL_FEELING), "raw": value})
    return out


# -- PAC -----------------------------------------------------------------------------------------

_PAC_PARTISANSHIP = {"partisan": "partisan", "counter-partisan": "counter-partisan", "neutral": "neutral",
                     "uncertain": "uncertain"}
_PAC_IDEOLOGY = {"left": "left", "right": "right", "neutral": "neutral", "uncertain": "uncertain", "n/a": None}
_PAC_ROLE = {"agent": "agent", "patient": "patient", "others": "other"}
PAC_EVENT_COLUMNS = ("doc_id", "e_id", "sentence", "sent_start", "sent_end", "start", "end", "token",
                     "partisanship", "ideology", "intensity", "removed")


def _pac_key(path: Path) -> tuple[int, int]:
    m = re.fullmatch(r"STORY_(\d+)_DOCUMENT_(\d+)", path.stem)
    return (int(m.group(1)), int(m.group(2))) if m else (1 << 30, 0)


@register("pac_partisan_events")
def load_pac_partisan_events(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """PAC: 304 articles on 152 stories (a left and a right outlet each) with partisan event labels.

    One article per ``data/merged_annotations/STORY_<s>_DOCUMENT_<d>.json``; ``doc_id`` is
    ``pac:STORY_<s>_DOCUMENT_<d>``, ``event_id`` ``pac:STORY_<s>``. Text = the ``news``
    sentences joined by a space. ``outlet`` is PAC's ``source`` through the outlet registry;
    where PAC names a person (columnists, politicians) the person is in ``author`` and
    ``outlet`` is ``unknown`` (PAC gives no URL). ``lean`` is the outlet's ``media_ideology``
    (``lean_source`` ``pac_partisan_events``; often missing, then the registry's rating).
    Article-level labels have their own columns: ``article_ideology`` (``absolute_ideology``,
    five-point scale, see :data:`LEANS`) and ``relative_ideology`` (``left``/``right`` within
    the story pair; STORY_84 has ``right`` twice in the data). Also ``split``
    (train/dev/test), ``topic``, ``old_id``. Titles that only repeat ``old_id`` (a placeholder
    in a few files) become empty. ``data/dev.json`` and ``data/test.json`` hold the same
    documents tokenised and are not read.

    Returns
    -------
    table : CorpusTable
    tables : dict
        ``events``
            One row per annotated event trigger: ``doc_id, e_id, sentence, sent_start,
            sent_end`` (PAC's offsets in the sentence), ``start, end`` (offsets in
            ``articles.text``), ``token``, ``partisanship`` (``partisan``,
            ``counter-partisan``, ``neutral``, ``uncertain``), ``ideology`` (``left``,
            ``right``, ``neutral``), ``intensity`` (``weak``/``strong``, often missing),
            ``removed`` (the annotators' ``remove`` flag: keep ``removed == False`` for the
            final annotation).
        ``event_entities``
            ``doc_id, e_id, entity_id, entity, ideology, sentiment, role`` (role ``agent``,
            ``patient``, ``other``; sentiment ``negative``/``neutral``/``positive``/
            ``uncertain``; ideology ``N/A`` becomes missing).
        ``entities``
            ``doc_id, entity_id, entity, ideology``: the per-document entity list.
    """
    failures: list[dict] = []
    rows, events, links, entities = [], [], [], []
    raw_text: dict[str, str] = {}
    for path in sorted((root / "data" / "merged_annotations").glob("*.json"), key=_pac_key):
        doc = _read_json(path, root, failures)
        if doc is None:
            continue
        doc_id = f"pac:{doc.get('id') or path.stem}"
        story = re.sub(r"_DOCUMENT_\d+$", "", doc.get("id") or path.stem)
        sentences = [n.get("text", "") for n in doc.get("news") or []]
        text, starts = _join_sentences([sentences])
        raw_text[doc_id] = text
        title = doc.get("title") or ""
        rows.append({"doc_id": doc_id, "outlet": doc.get("source"), "published": doc.get("date"),
                     "title": "" if title == doc.get("old_id") else title, "text": text,
                     "event_id": f"pac:{story}", "lean": _lean(doc.get("media_ideology")),
                     "lean_source": "pac_partisan_events" if _blank_to_na(doc.get("media_ideology")) is not pd.NA
                     else None,
                     "article_ideology": _lean(doc.get("absolute_ideology")),
                     "relative_ideology": _lean(doc.get("relative_ideology")), "split": doc.get("split"),
                     "topic": _blank_to_na(doc.get("topic")), "old_id": doc.get("old_id"),
                     SOURCE_COL: str(path), LINE_COL: 1})
        for ev in doc.get("events") or []:
            events.append(_pac_event(doc_id, ev, sentences, starts))
            for ent in ev.get("entity") or []:
                links.append({"doc_id": doc_id, "e_id": _int(ev.get("e_id")), "entity_id": _int(ent.get("entity_id")),
                              "entity": ent.get("text"), "ideology": _label(ent.get("ideology"), _PAC_IDEOLOGY),
                              "sentiment": _label(ent.get("sentiment"), _POLARITY),
                              "role": _label(ent.get("entityType"), _PAC_ROLE)})
        for ent in doc.get("entity_list") or []:
            entities.append({"doc_id": doc_id, "entity_id": _int(ent.get("id")), "entity": ent.get("text"),
                             "ideology": _label(ent.get("ideology"), _PAC_IDEOLOGY)})
    table = _validate(pd.DataFrame(rows), root, failures, "pac_partisan_events")
    event_frame = _rebase_spans(_frame(events, PAC_EVENT_COLUMNS), raw_text, table.articles, "token")
    tables = {
        "events": _typed(event_frame, ints=("e_id", "sentence", "sent_start", "sent_end", "start", "end"),
                         bools=("removed",)),
        "event_entities": _typed(_frame(links, ("doc_id", "e_id", "entity_id", "entity", "ideology", "sentiment",
                                                "role")), ints=("e_id", "entity_id")),
        "entities": _typed(_frame(entities, ("doc_id", "entity_id", "entity", "ideology")), ints=("entity_id",)),
    }
    return table, tables


def _pac_event(doc_id: str, ev: dict, sentences: list[str], starts: list[int | None]) -> dict:
    """One tidy event row with document offsets (missing when the sentence offsets do not fit)."""
    sid, s, e, token = ev.get("sentence_id"), ev.get("start"), ev.get("end"), ev.get("token", "")
    start = end = None
    if isinstance(sid, int) and 0 <= sid < len(sentences) and starts[sid] is not None \
            and sentences[sid][s:e] == token:
        start, end = starts[sid] + s, starts[sid] + e
    return {"doc_id": doc_id, "e_id": _int(ev.get("e_id")), "sentence": sid, "sent_start": s, "sent_end": e,
            "start": start, "end": end, "token": token,
            "partisanship": _label(ev.get("partisanship"), _PAC_PARTISANSHIP),
            "ideology": _label(ev.get("ideology"), _PAC_IDEOLOGY), "intensity": _label(ev.get("intensity"), {}),
            "removed": ev.get("remove")}


# -- NeuS / AllSides -----------------------------------------------------------------------------

NEUS_CRAWL = "raw_crawled/headline_11_2021-10-19_crawled_all.jsonl"
NEUS_PROBE_DIR = "naacl2022_lrc_roundup_random_order_probe"
NEUS_SPLITS = ("train", "val", "test")
#: Outlet given to probe snippets: the benchmark files do not name outlets (nor sides).
NEUS_UNNAMED_OUTLET = UNKNOWN_OUTLET
_PROBE_PART = re.compile(r"^\s*TITLE=>\s?(.*?)\.?\s+ARTICLE=>\s?(.*?)\s*$", re.S)
NEUS_STORY_COLUMNS = ("event_id", "collection", "split", "story_id", "line", "title", "topic", "published",
                      "url", "n_articles", "same_story_as")


@register("neus_allsides")
def load_neus_allsides(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """NeuS/AllSides: left/center/right lead snippets of the same story, plus the neutral roundup.

    Two collections, told apart by the ``collection`` column:

    ``crawled``
        ``raw_crawled/headline_11_2021-10-19_crawled_all.jsonl``: 506 AllSides stories
        (2021-04 to 2021-10). One article per side present (1,479): ``doc_id``
        ``neus:<story id>:<side>``, ``event_id`` ``neus:<story id>``, ``outlet`` the named
        outlet (``newsSource`` through the outlet registry; ``unknown`` when absent; columnists
        go to ``author`` and the outlet comes from the article URL), ``side`` the column of
        the AllSides page the snippet sits in (``left``/``center``/``right``), ``lean``
        AllSides' rating of the outlet (``stance_specific``, five-point, ``lean_source``
        ``allsides``; ``mixed`` goes to ``outlet_rating``), ``opinion_tag``, ``topic``. ``published`` is the
        *story's* AllSides date (the snippets carry none). Text = the snippet paragraphs joined
        by blank lines (lead snippets, not full articles).
    ``probe``
        The NeuS benchmark files ``naacl2022_lrc_roundup_random_order_probe/{train,val,test}``
        (2,452 / 307 / 307 clusters): three snippets per cluster in random order, so neither
        side nor outlet is known: ``outlet`` is ``"unknown"`` and ``lean`` is missing.
        ``doc_id`` ``neus:probe:<split>:<line>:<k>``, ``event_id`` ``neus:probe:<split>:<line>``,
        extra columns ``split`` and ``position`` (k). ``crawled_doc_id`` names the crawled
        article with the same title, when exactly one exists: those snippets appear twice, so
        drop them (or use one collection) when counting.

    Returns
    -------
    table : CorpusTable
    tables : dict
        ``stories``
            One row per story / cluster: ``event_id, collection, split, story_id`` (AllSides
            id, crawled only), ``line`` (line in the probe files), ``title`` (AllSides
            headline), ``topic, published, url`` (AllSides story page), ``n_articles``,
            ``same_story_as`` (for a probe cluster whose roundup headline equals exactly one
            crawled story's headline: that story's ``event_id``).
        ``roundups``
            AllSides' neutral summary per story: ``event_id, title, text`` (crawled: the
            roundup paragraphs joined by blank lines; probe: the ``.target`` line).
    """
    failures: list[dict] = []
    rows, stories, roundups = _neus_crawled(root, failures)
    prows, pstories, proundups = _neus_probe(root, failures)
    _link_probe_to_crawled(prows, pstories, rows, stories)
    table = _validate(pd.DataFrame(rows + prows), root, failures, "neus_allsides")
    table.articles["position"] = pd.array(table.articles["position"], dtype="Int64")
    story_frame = _frame(stories + pstories, NEUS_STORY_COLUMNS)
    story_frame["published"] = pd.to_datetime(story_frame["published"], utc=True, errors="coerce",
                                              format="mixed")
    tables = {
        "stories": _typed(story_frame, ints=("story_id", "line", "n_articles")),
        "roundups": _typed(_frame(roundups + proundups, ("event_id", "title", "text"))),
    }
    return table, tables


def _neus_crawled(root: Path, failures: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    path = root / NEUS_CRAWL
    rows, stories, roundups = [], [], []
    for lineno, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            story = json.loads(line)
            event_id = f"neus:{story['id']}"
            news = story.get("news") or {}
        except (ValueError, KeyError, TypeError) as exc:
            failures.append({"source": str(path), "line": lineno, "reason": f"unreadable story record: {exc}",
                             "raw": line[:500].decode("utf-8", "replace")})
            continue
        url = f"https://www.allsides.com{story['link']}" if story.get("link") else None
        for side in ("left", "center", "right"):
            item = news.get(side)
            if not isinstance(item, dict):
                continue
            body = item.get("newBody")
            text = "\n\n".join(p for p in body if isinstance(p, str)) if isinstance(body, list) else body
            rating = _blank_to_na(item.get("stance_specific"))
            rows.append({"doc_id": f"{event_id}:{side}", "outlet": item.get("newsSource") or UNKNOWN_OUTLET,
                         "published": story.get("date"), "title": item.get("newsTitle") or "", "text": text,
                         "url": item.get("newsLink"), "event_id": event_id, "side": side,
                         "lean": _lean(rating), "lean_source": None if rating is pd.NA else "allsides",
                         "opinion_tag": _blank_to_na(item.get("opinionTag")), "topic": story.get("topic"),
                         "collection": "crawled", SOURCE_COL: str(path), LINE_COL: lineno})
        stories.append({"event_id": event_id, "collection": "crawled", "story_id": story["id"],
                        "title": story.get("issue"), "topic": story.get("topic"), "published": story.get("date"),
                        "url": url, "n_articles": sum(isinstance(news.get(s), dict) for s in ("left", "center",
                                                                                                "right"))})
        roundup = story.get("roundup")
        roundups.append({"event_id": event_id, "title": story.get("issue"),
                         "text": "\n\n".join(roundup) if isinstance(roundup, list) else roundup})
    return rows, stories, roundups


def _parse_probe_part(part: str) -> tuple[str, str]:
    """``'TITLE=> t. ARTICLE=> a'`` → ``(t, a)``; text without the markers is all article."""
    m = _PROBE_PART.match(part)
    return (m.group(1).strip(), m.group(2)) if m else ("", part.strip())


def _neus_probe(root: Path, failures: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    rows, stories, roundups = [], [], []
    for split in NEUS_SPLITS:
        src_path = root / NEUS_PROBE_DIR / f"{split}.source"
        tgt_path = root / NEUS_PROBE_DIR / f"{split}.target"
        sources = src_path.read_text(encoding="utf-8").split("\n")
        targets = tgt_path.read_text(encoding="utf-8").split("\n")
        for lineno, source in enumerate(sources, start=1):
            if not source.strip():
                continue
            event_id = f"neus:probe:{split}:{lineno}"
            parts = source.split("[SEP]")
            for k, part in enumerate(parts):
                title, text = _parse_probe_part(part)
                rows.append({"doc_id": f"{event_id}:{k}", "outlet": NEUS_UNNAMED_OUTLET, "title": title,
                             "text": text, "event_id": event_id, "collection": "probe", "split": split,
                             "position": k, SOURCE_COL: str(src_path), LINE_COL: lineno})
            target = targets[lineno - 1] if lineno <= len(targets) else ""
            if not target.strip():
                failures.append({"source": str(tgt_path), "line": lineno, "doc_id": None, "field": "roundup",
                                 "reason": f"missing roundup for {split}.source line {lineno} "
                                           "(the cluster's snippets are kept)", "raw": ""})
            rtitle, rtext = _parse_probe_part(target)
            stories.append({"event_id": event_id, "collection": "probe", "split": split, "line": lineno,
                            "title": rtitle, "n_articles": len(parts)})
            roundups.append({"event_id": event_id, "title": rtitle, "text": rtext})
    return rows, stories, roundups


def _link_probe_to_crawled(prows: list[dict], pstories: list[dict], rows: list[dict],
                           stories: list[dict]) -> None:
    """Fill ``crawled_doc_id`` / ``same_story_as`` where a title matches exactly one crawled item."""
    def unique(pairs):
        seen: dict[str, str | None] = {}
        for key, value in pairs:
            key = key.strip().rstrip(".").strip()
            seen[key] = value if key not in seen else None
        return seen

    by_title = unique((r["title"], r["doc_id"]) for r in rows if r["title"])
    by_issue = unique((s["title"], s["event_id"]) for s in stories if s["title"])
    for r in prows:
        r["crawled_doc_id"] = by_title.get(r["title"].strip().rstrip(".").strip())
    for s in pstories:
        s["same_story_as"] = by_issue.get(s["title"].strip().rstrip(".").strip()) if s["title"] else None


# -- RUWA ----------------------------------------------------------------------------------------

RUWA_CSV = "RUWA_04.08.23.csv"
RUWA_ZIP = "RUWA_01.08.23.csv.zip"
#: RUWA ``Site`` → (outlet name, home country, ISO 3166). Country is the toolkit's metadata,
#: not part of RUWA.
RUWA_OUTLETS: dict[str, tuple[str, str]] = {
    "ukrinform.net": ("Ukrinform", "UA"),
    "censor.net": ("Censor.net", "UA"),
    "reuters.com": ("Reuters", "GB"),
    "rt.com": ("RT", "RU"),
    "aljazeera.com": ("Al Jazeera", "QA"),
    "bbc.co.uk": ("BBC", "GB"),
    "www.msnbc.com": ("MSNBC", "US"),
    "en.news-front.info": ("News Front", "RU"),
    "tass.com": ("TASS", "RU"),
}
RUWA_COLUMNS = ("", "Unnamed: 0", "src", "desc", "title", "ref", "Date", "Site", "Event", "KW")


def _ruwa_date(value: str) -> str | None:
    """RUWA's ``MM/DD/YYYY`` → ISO ``YYYY-MM-DD`` (other forms are passed on unchanged)."""
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value or "")
    return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}" if m else (value or None)


def _ruwa_records(path: Path, failures: list[dict]) -> list[tuple[int, dict]]:
    """``(line, record)`` pairs from the RUWA CSV; unreadable records go to ``failures``."""
    frame, bad = read_csv_records(path)
    failures.extend(bad)
    header = [c for c in frame.columns if c not in (SOURCE_COL, LINE_COL, "_record")]
    return [(line, dict(zip(header, rec))) for line, rec in
            zip(frame[LINE_COL], frame[header].itertuples(index=False, name=None))]


def derive_ruwa_headlines(root: Path) -> None:
    """Unzip ``RUWA_04.08.23.csv`` from the upstream ``RUWA_01.08.23.csv.zip``.

    The zip (``root/_upstream/RUWA_01.08.23.csv.zip``) must hold exactly one CSV (macOS
    ``__MACOSX/`` entries are ignored); its bytes are written unchanged to
    ``root/RUWA_04.08.23.csv``.
    """
    zpath = Path(root) / "_upstream" / RUWA_ZIP
    with zipfile.ZipFile(zpath) as zf:
        members = [m for m in zf.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")
                   and not m.filename.startswith("__MACOSX/")]
        if len(members) != 1:
            raise ValueError(f"{zpath}: expected exactly one CSV member, found {[m.filename for m in members]}")
        data = zf.read(members[0])
    target = Path(root) / RUWA_CSV
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


@register("ruwa_headlines", derive=derive_ruwa_headlines)
def load_ruwa_headlines(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """RUWA: 16,545 headlines (+ subheadings) of 9 outlets on 9 Russia-Ukraine war events, 2022.

    One article per CSV row: ``doc_id`` ``ruwa:<row number>`` (the file's unnamed first
    column), ``outlet`` the registry name of ``Site`` (the domain; ``site`` and ``outlet_raw``
    keep it, ``country`` is the outlet's home country, added by the toolkit, see
    :data:`RUWA_OUTLETS`), ``storyline`` ``ruwa:<Event>`` (RUWA assigned events by keyword
    search, so these are broad storylines, not same-event groups: ``event_id`` is missing),
    ``published`` from ``Date`` (``MM/DD/YYYY``), ``url`` = ``src``, ``title`` = the headline and
    ``text`` = headline and subheading (``desc``) separated by a blank line. There is no lean
    rating in RUWA (``lean`` is the registry's, where it has one). Rows with neither headline nor subheading (some BBC, RT and Al Jazeera rows) are
    quarantined as empty text. The title is withheld from the cleaning step's title-repeat
    rule, which would otherwise empty every headline-only text.

    Returns
    -------
    table : CorpusTable
    tables : dict
        ``keyword_hits``
            RUWA's ``ref`` column, tidy: ``doc_id, site, event, keyword, date`` (one row per
            keyword match that put the row in the data set; ``event`` can differ from the
            row's own event, e.g. ``general``), for kept articles only.
    """
    path = root / RUWA_CSV
    failures: list[dict] = []
    rows, hits = [], []
    for lineno, rec in _ruwa_records(path, failures):
        doc_id = f"ruwa:{rec.get('') or rec.get('Unnamed: 0')}"
        site = rec.get("Site", "").strip()
        country = RUWA_OUTLETS.get(site, (site, None))[1]
        title, desc = rec.get("title", "").strip(), rec.get("desc", "").strip()
        rows.append({"doc_id": doc_id, "outlet": site, "published": _ruwa_date(rec.get("Date", "")),
                     "text": "\n\n".join(p for p in (title, desc) if p), "url": rec.get("src"),
                     "storyline": f"ruwa:{rec['Event']}" if rec.get("Event") else None,
                     "headline": title, "site": site, "country": country, "event": rec.get("Event"),
                     SOURCE_COL: str(path), LINE_COL: lineno})
        hits += _ruwa_hits(doc_id, rec.get("ref", ""))
    frame = pd.DataFrame(rows)
    table = _validate(frame, root, failures, "ruwa_headlines")
    articles = table.articles
    articles["title"] = articles.pop("headline").fillna("").astype("string")
    table = CorpusTable(articles, table.quarantine, table.cleaning, table.n_read, outlets=table.outlets)
    hit_frame = _frame(hits, ("doc_id", "site", "event", "keyword", "date"))
    hit_frame = hit_frame[hit_frame["doc_id"].isin(set(articles["doc_id"]))].reset_index(drop=True)
    hit_frame["date"] = pd.to_datetime(hit_frame["date"], format="%m/%d/%Y", utc=True, errors="coerce")
    return table, {"keyword_hits": _typed(hit_frame)}


def _ruwa_hits(doc_id: str, ref: str) -> list[dict]:
    """Tidy rows from one ``ref`` cell (a Python-literal list of dicts); unparseable cells → none."""
    try:
        items = ast.literal_eval(ref) if ref.strip() else []
    except (ValueError, SyntaxError):
        return []
    return [{"doc_id": doc_id, "site": it.get("site"), "event": it.get("event"), "keyword": it.get("kw"),
             "date": it.get("dt")} for it in items if isinstance(it, dict)]


# -- Article-Bias-Prediction ---------------------------------------------------------------------

ABP_FILE = "articles.jsonl.gz"
ABP_UPSTREAM_DIR = "data/jsons"
#: Header mtime of the shared ``articles.jsonl.gz`` (2026-11-27 09:15:46 UTC); reused so that
#: :func:`derive_article_bias_prediction` rebuilds the file byte for byte.
ABP_GZIP_MTIME = 1795770946
ABP_SCHEMES = ("media", "random")
ABP_SPLITS = ("train", "valid", "test")


def derive_article_bias_prediction(root: Path) -> None:
    """Rebuild ``articles.jsonl.gz`` from upstream ``data/jsons/<ID>.json`` files.

    As SOURCE.md describes: every ``root/_upstream/data/jsons/*.json``, in order of file name
    (= ID, code-point order), one JSON object per line with the upstream key order and the
    tokenised ``content`` field dropped (``json.dumps(..., ensure_ascii=False)``, default
    separators, ``"\\n"`` after every line). The gzip stream is written the way the shared copy
    was: Python's :class:`gzip.GzipFile` at level 9, header file name ``articles.jsonl`` and
    mtime :data:`ABP_GZIP_MTIME`, fed line by line through a UTF-8 :class:`io.TextIOWrapper`
    (the deflate stream depends on how the input is chunked). Checked byte-identical with
    Python 3.11 / zlib 1.2.13; other zlib builds may compress differently, and the registry's
    sha256 check then says so.
    """
    root = Path(root)
    paths = sorted((root / "_upstream" / ABP_UPSTREAM_DIR).glob("*.json"), key=lambda p: p.stem)
    if not paths:
        raise FileNotFoundError(f"{root / '_upstream' / ABP_UPSTREAM_DIR}: no upstream JSON files to merge")
    target = root / ABP_FILE
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "wb") as fh:
        gz = gzip.GzipFile(filename="articles.jsonl", mode="wb", fileobj=fh, compresslevel=9, mtime=ABP_GZIP_MTIME)
        with io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as out:
            for path in paths:
                record = json.loads(path.read_bytes())
                record.pop("content", None)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(target)


def abp_upstream_sources(root: Path) -> list[str]:
    """Upstream paths the derive step needs, from the IDs in a local ``articles.jsonl.gz``.

    Used when (re)building the card's ``upstream_sources`` (IDs only; no corpus text).
    """
    ids = [json.loads(line)["ID"] for line in gzip.decompress((Path(root) / ABP_FILE).read_bytes()).split(b"\n")
           if line.strip()]
    return [f"{ABP_UPSTREAM_DIR}/{i}.json" for i in sorted(ids)]


@register("article_bias_prediction", derive=derive_article_bias_prediction)
def load_article_bias_prediction(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """Article-Bias-Prediction: 37,554 articles of 491 outlets labelled left/center/right (no events).

    One article per line of ``articles.jsonl.gz``: ``doc_id`` ``abp:<ID>``, ``outlet`` =
    ``source`` through the outlet registry (``New York Times - News`` → ``New York Times``;
    the value as given in ``outlet_raw``), ``lean`` = ``bias_text`` (AllSides' rating,
    three-point, ``lean_source`` ``allsides-3pt``), ``text`` = ``content_original``,
    ``event_id`` missing (the data set has no story ids). Where ``source`` is a person or a
    byline ("Guest Writer - Right", columnists), it goes to ``author``, its rating to
    ``author_lean``, and ``outlet`` is the outlet of the article's ``url``. Extra columns: ``topic``, ``authors``,
    ``source_url``. Implausible dates (two ``0001-11-30``, one ``2050-09-30``) follow the corpus date policy
    (:mod:`toolkit.corpus.dates`): kept, ``published`` missing, the value in ``date_issue``. Cleaning every text (:func:`toolkit.corpus.clean.clean_text`)
    dominates the cold load; later loads read the Parquet cache.

    Returns
    -------
    table : CorpusTable
    tables : dict
        ``splits``
            ``doc_id, scheme, split``: membership in the upstream evaluation splits
            (``scheme`` ``media`` = outlet-disjoint or ``random``; ``split`` ``train``,
            ``valid``, ``test``).
    """
    records, failures = read_jsonl_records(root / ABP_FILE)
    rows = [{"doc_id": f"abp:{rec.get('ID')}" if rec.get("ID") else None, "outlet": rec.get("source"),
             "published": rec.get("date"), "title": rec.get("title") or "",
             "text": rec.get("content_original"), "url": rec.get("url"),
             "lean": _lean(rec.get("bias_text")),
             "lean_source": "allsides-3pt" if _blank_to_na(rec.get("bias_text")) is not pd.NA else None,
             "topic": rec.get("topic"),
             "authors": _blank_to_na(rec.get("authors")), "source_url": rec.get("source_url"),
             SOURCE_COL: rec[SOURCE_COL], LINE_COL: rec[LINE_COL]} for rec in records]
    table = _validate(pd.DataFrame(rows), root, failures, "article_bias_prediction")
    return table, {"splits": _abp_splits(root)}


def _abp_splits(root: Path) -> pd.DataFrame:
    parts = []
    for scheme in ABP_SCHEMES:
        for split in ABP_SPLITS:
            ids = pd.read_csv(root / "splits" / scheme / f"{split}.tsv", sep="\t", dtype=str)["ID"]
            parts.append(pd.DataFrame({"doc_id": "abp:" + ids.str.strip(), "scheme": scheme, "split": split}))
    return _typed(pd.concat(parts, ignore_index=True))
