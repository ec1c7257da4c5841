"""Deterministic synthetic demo corpus: how nine fictional outlets report sixteen diplomatic events.

Everything in the corpus is invented (see :mod:`toolkit.datasets.demo_text` for the world:
Arvenia, Belmora, the Ostrel Valley, the Concord of Nations …). Articles are composed from
sentence templates and event facts with a seeded :class:`random.Random`, so outlets covering
the same event share the facts (names, places, dates, numbers) but differ in framing, stance
and wording. Re-running :func:`generate_demo` with the same seed writes byte-identical files.

Planted ground truth
--------------------
1. **Same-event groups** -- ``event_id`` of every article (``events.csv`` describes the events).
2. **Frames** -- each outlet has a declared propensity ``P(frame present)`` for seven Policy
   Frames Codebook frames (``frame_propensities.csv``). Each article samples its frames from
   its outlet's vector (at least one; if none is drawn, the outlet's most likely frame is used)
   and realises every frame with 1-3 sentences from a frame-specific bank whose vocabulary is
   distinctive (``demo_text.FRAME_KEYWORDS``). Gold labels: ``frames.csv`` (scheme
   ``demo_policy``) and ``primary_frames.csv`` (the frame given 2-3 sentences right after the
   lead, drawn among the article's frames with weights proportional to the propensities).
3. **Stance** toward two recurring actors, Aurel Vantos (President of Arvenia) and Teodor Halk
   (Foreign Minister of Belmora). Every article on an event in which the actor takes part gets
   a label drawn from the outlet's ``P(negative, neutral, positive)``
   (``stance_propensities.csv``), realised by 1-2 sentences naming the actor in full.
   An actor's surname appears in an article exactly when it has a row in ``actor_stance.csv``.
4. **Wire copies** -- about 7 % of the articles are republished copies of a Northwind Press
   Agency story by another outlet: new headline, changed dateline, one sentence removed and/or
   one added, and a "(Reporting by …)" attribution line. ``wire_copies.csv`` maps each copy
   to its original; copies inherit the original's ``event_id``, frames and stance labels (so
   the frame propensities describe originals only).

The raw variant (``articles_raw.jsonl``) carries planted scraper residue per document
(``raw_residue.csv``), and ``bad_rows.csv`` / ``bad_rows.jsonl`` exercise the validator
(``bad_rows_expected.csv`` lists the expected outcome per bad line).

Examples
--------
>>> from toolkit.datasets.demo import load_demo
>>> demo = load_demo()                                   # doctest: +SKIP
>>> demo.articles.groupby("event_id").size().head()      # doctest: +SKIP

Regenerate the committed files with ``python -m toolkit.datasets.demo``.
"""

from __future__ import annotations

import argparse
import copy
import csv
import html
import io
import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd

from . import demo_text as T

#: Where the committed demo corpus lives (``<repo>/corpora/demo``).
DEMO_DIR: Path = Path(__file__).resolve().parents[2] / "corpora" / "demo"
DEFAULT_SEED = 20261127
SCHEME = "demo_policy"

ARTICLE_COLUMNS: tuple[str, ...] = (
    "doc_id", "outlet", "published", "title", "text", "url", "event_id", "lean", "language",
)
STRING_COLUMNS: tuple[str, ...] = tuple(c for c in ARTICLE_COLUMNS if c != "published")

#: Table files read by :func:`load_demo` (key -> file name).
TABLE_FILES: dict[str, str] = {
    "outlets": "outlets.csv",
    "events": "events.csv",
    "frames": "frames.csv",
    "primary_frames": "primary_frames.csv",
    "frame_propensities": "frame_propensities.csv",
    "actor_stance": "actor_stance.csv",
    "stance_propensities": "stance_propensities.csv",
    "wire_copies": "wire_copies.csv",
    "actors": "actors.csv",
    "raw_residue": "raw_residue.csv",
}
_FLOAT_COLUMNS = {"probability", "negative", "neutral", "positive"}

MAX_WORDS_ORIGINAL = 460  # leaves room for the words a wire copy adds (limit 500)
MIN_WORDS = 130
STANCE_LABELS = ("negative", "neutral", "positive")

# ---------------------------------------------------------------------------------------------
# Template filling
# ---------------------------------------------------------------------------------------------

_ALT = re.compile(r"\[([^\[\]]*)\]")

#: Random slot values drawn per sentence (same key twice in one sentence -> same value).
RANDOM_SLOTS: dict[str, Callable[[random.Random], str]] = {
    "pct": lambda r: str(r.randint(38, 74)),
    "pct_low": lambda r: str(r.randint(12, 31)),
    "pct_small": lambda r: f"{r.randint(11, 49) / 10:.1f}",
    "money": lambda r: f"{r.randint(15, 95) / 10:.1f}",
    "gdp": lambda r: f"0.{r.randint(2, 9)}",
    "troops": lambda r: f"{r.randint(12, 80) * 100:,}",
    "n_missiles": lambda r: str(r.randint(12, 48)),
    "n_soldiers": lambda r: str(r.randint(9, 60)),
    "n_sign": lambda r: f"{r.randint(8, 60) * 1000 + r.randint(0, 999):,}",
    "n_sign_small": lambda r: str(r.randint(40, 300)),
    "n_jobs": lambda r: f"{r.randint(8, 60) * 1000:,}",
    "n_kids": lambda r: r.choice(("two", "three", "four")),
    "age": lambda r: str(r.randint(24, 79)),
    "months": lambda r: str(r.randint(3, 19)),
    "art": lambda r: str(r.randint(3, 41)),
    "year": lambda r: str(r.choice((1994, 2003, 2009, 2011))),
    "month": lambda r: r.choice(T.MONTHS),
    "woman": lambda r: r.choice(T.WOMEN),
    "man": lambda r: r.choice(T.MEN),
    "town": lambda r: r.choice(T.TOWNS),
    "village": lambda r: r.choice(T.VILLAGES),
    "occupation": lambda r: r.choice(T.OCCUPATIONS),
    "pollster": lambda r: r.choice(T.POLLSTERS),
    "bank": lambda r: r.choice(T.BANKS),
    "cleric": lambda r: r.choice(T.CLERICS),
    "activist": lambda r: r.choice(T.ACTIVISTS),
}


class _Slots(dict):
    """Fixed slot values plus random ones drawn on first use."""

    def __init__(self, fixed: dict[str, str], rng: random.Random) -> None:
        super().__init__(fixed)
        self._rng = rng

    def __missing__(self, key: str) -> str:
        if key not in RANDOM_SLOTS:
            raise KeyError(f"unknown template slot {{{key}}}")
        value = RANDOM_SLOTS[key](self._rng)
        self[key] = value
        return value


def fill(template: str, slots: dict[str, str], rng: random.Random) -> str:
    """Expand ``[a|b]`` alternatives and ``{slot}`` placeholders in one template.

    Parameters
    ----------
    template : str
        Template text (syntax in :mod:`toolkit.datasets.demo_text`).
    slots : dict
        Fixed slot values; unknown slots are drawn from :data:`RANDOM_SLOTS`.
    rng : random.Random
        Source of every random choice.

    Returns
    -------
    str
        The realised sentence.
    """
    text = template
    while True:
        new = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), text)
        if new == text:
            break
        text = new
    return text.format_map(_Slots(slots, rng))


# ---------------------------------------------------------------------------------------------
# Article model
# ---------------------------------------------------------------------------------------------


@dataclass
class _Doc:
    event: T.Event
    outlet: T.Outlet
    published: datetime
    followup: bool
    title: str = ""
    dateline: str = ""
    paragraphs: list[list[tuple[str, str]]] = field(default_factory=list)  # (tag, sentence)
    frames: list[str] = field(default_factory=list)
    primary: str = ""
    stance: dict[str, str] = field(default_factory=dict)  # actor key -> label
    original: "_Doc | None" = None
    has_url: bool = True
    doc_id: str = ""

    @property
    def text(self) -> str:
        paras = [" ".join(s for _, s in p) for p in self.paragraphs if p]
        return self.dateline + "\n\n".join(paras)

    @property
    def n_words(self) -> int:
        return len(self.text.split())


_MONTH_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
               "Nov.", "Dec.")
_NUM_WORDS = ("", "A day", "Two days", "Three days", "Four days", "Five days")
_GAPS = {1: "a week", 2: "two weeks", 3: "three weeks", 4: "a month", 5: "five weeks",
         6: "six weeks", 7: "seven weeks"}


def _gap(days: int) -> str:
    weeks = max(1, round(days / 7))
    return _GAPS.get(weeks, "two months")


def _dateline(outlet: T.Outlet, city: str, when: datetime) -> str:
    city = city.upper()
    stamp = f"{_MONTH_ABBR[when.month - 1]} {when.day}"
    return {
        "full": f"{city}, {stamp} — ",
        "city": f"{city} — ",
        "agency": f"{city}, {stamp} ({outlet.agency_tag}) — ",
        "none": "",
    }[outlet.dateline]


def _base_slots(doc: _Doc, rng: random.Random) -> dict[str, str]:
    ev = doc.event
    a, b = T.COUNTRIES[ev.A], T.COUNTRIES[ev.B]
    others = [c for c in T.COUNTRIES.values() if c.name not in (a.name, b.name)]
    c = rng.choice(others)
    delay = (doc.published.date() - ev.date).days
    wd = ev.date.strftime("%A")
    slots = {
        "A": a.name, "B": b.name, "Aadj": a.adj, "Badj": b.adj, "Apeople": a.people,
        "Bpeople": b.people, "capA": a.capital, "capB": b.capital, "C": c.name, "capC": c.capital,
        "city": ev.city, "weekday": wd, "day": f"on {wd}", "act_past": ev.act_past, "noun": ev.noun,
        "tag": ev.tag.removeprefix("the "), "outlet": doc.outlet.name,
        "on_weekday_pub": f"on {doc.published.strftime('%A')}",
        "delay": _NUM_WORDS[min(delay, 5)] if delay else "Hours",
        "delay_lower": (_NUM_WORDS[min(delay, 5)] if delay else "Hours").lower(),
    }
    slots["Tag"] = slots["tag"][:1].upper() + slots["tag"][1:]
    return slots


def _quote(actor_key: str, q: str, slots: dict[str, str], rng: random.Random) -> str:
    actor = T.ACTORS[actor_key]
    who = f"{actor.title} {actor.name}"
    s = dict(slots, q=q, who=who, Who=who)
    return fill(rng.choice(T.QUOTE_FORMATS), s, rng)


def _sample_frames(outlet: str, rng: random.Random) -> tuple[list[str], str]:
    probs = T.FRAME_PROPENSITY[outlet]
    frames = [f for f, p in zip(T.FRAMES, probs) if rng.random() < p]
    if not frames:
        frames = [T.FRAMES[max(range(len(probs)), key=probs.__getitem__)]]
    weights = [probs[T.FRAMES.index(f)] for f in frames]
    primary = rng.choices(frames, weights=weights, k=1)[0]
    return frames, primary


def _compose(doc: _Doc, rng: random.Random, prev: T.Event | None) -> None:
    """Write headline, dateline and tagged paragraphs for one original article."""
    ev, outlet = doc.event, doc.outlet
    slots = _base_slots(doc, rng)
    doc.frames, doc.primary = _sample_frames(outlet.name, rng)
    for key in T.STANCE_TARGETS:
        if key in ev.actors:
            doc.stance[key] = rng.choices(STANCE_LABELS, weights=T.STANCE_PROPENSITY[outlet.name][key])[0]

    if doc.followup:
        doc.title = fill(rng.choice(T.FOLLOWUP_HEADLINES), slots, rng)
    else:
        doc.title = rng.choice(ev.headlines)
    doc.dateline = _dateline(outlet, ev.city, doc.published)

    def frame_sents(frame: str, k: int) -> list[tuple[str, str]]:
        return [(f"frame:{frame}", fill(t, slots, rng)) for t in rng.sample(T.FRAME_BANK[frame], k)]

    paras: list[list[tuple[str, str]]] = []
    if doc.followup:
        paras.append([("lead", fill(rng.choice(T.FOLLOWUP_LEADS), slots, rng))])
        paras.append([("detail", fill(rng.choice(ev.leads), slots, rng))])
    else:
        paras.append([("lead", fill(rng.choice(ev.leads), slots, rng))])
    paras.append(frame_sents(doc.primary, rng.randint(2, 3)))
    quotes = rng.sample(ev.quotes, min(2, len(ev.quotes)))
    paras.append([("quote", _quote(*quotes[0], slots, rng))])
    paras.append([("detail", fill(t, slots, rng)) for t in rng.sample(ev.details, rng.randint(1, 2))])
    for key, label in doc.stance.items():
        actor = T.ACTORS[key]
        n = 1 if label == "neutral" else rng.randint(1, 2)
        s = dict(slots, full=actor.name, short=actor.surname)
        paras.append([(f"stance:{key}", fill(t, s, rng)) for t in rng.sample(T.STANCE_BANK[label], n)])
    others = [f for f in doc.frames if f != doc.primary]
    rng.shuffle(others)
    for frame in others:
        paras.append(frame_sents(frame, rng.randint(1, 2)))
    if len(quotes) > 1 and rng.random() < 0.7:
        paras.append([("quote2", _quote(*quotes[1], slots, rng))])
    if rng.random() < 0.6:
        name, affil = rng.choice(T.ANALYSTS)
        q = rng.choice(T.ANALYST_QUOTES)
        line = rng.choice((f"“{q},” said {name}, {affil}.", f"“{q},” {name}, {affil}, said.",
                           f"{name}, {affil}, put it plainly: “{q}.”"))
        paras.append([("analyst", line)])
    background = [("background", fill(rng.choice(T.BACKGROUND), slots, rng))]
    if prev is not None:
        s = dict(slots, prev_noun=prev.noun, gap=_gap((ev.date - prev.date).days))
        background.insert(0, ("background_prev", fill(rng.choice(T.BACKGROUND_PREV), s, rng)))
    paras.append(background)
    if ev.next_steps and rng.random() < 0.4:
        paras.append([("closing", fill(rng.choice(ev.next_steps), slots, rng))])
    else:
        paras.append([("closing", fill(rng.choice(T.CLOSINGS), slots, rng))])
    doc.paragraphs = paras
    _fit_length(doc, rng)


_TRIM_ORDER = ("analyst", "quote2", "background", "detail", "frame_extra")


def _fit_length(doc: _Doc, rng: random.Random) -> None:
    """Drop optional sentences until the article fits; pad with background when too short."""
    for tag in _TRIM_ORDER:
        if doc.n_words <= MAX_WORDS_ORIGINAL:
            break
        for p in reversed(doc.paragraphs):
            if tag == "frame_extra":
                if len(p) > 1 and p[-1][0].startswith("frame:"):
                    p.pop()
            elif tag == "detail":
                if len(p) > 1 and p[-1][0] == "detail":
                    p.pop()
            else:
                for i, (t, _) in enumerate(p):
                    if t == tag:
                        del p[i]
                        break
            if doc.n_words <= MAX_WORDS_ORIGINAL:
                break
        doc.paragraphs = [p for p in doc.paragraphs if p]
    pool = list(T.BACKGROUND)
    while doc.n_words < MIN_WORDS and pool:
        doc.paragraphs.insert(-1, [("background", fill(pool.pop(rng.randrange(len(pool))), {}, rng))])
    if not MIN_WORDS <= doc.n_words <= MAX_WORDS_ORIGINAL:
        raise AssertionError(f"cannot fit article length: {doc.n_words} words")


def _wire_copy(orig: _Doc, copier: T.Outlet, rng: random.Random) -> _Doc:
    """Republish a wire story under another outlet with small edits."""
    ev = orig.event
    doc = _Doc(ev, copier, orig.published + timedelta(hours=rng.randint(1, 7), minutes=5 * rng.randint(0, 11)),
               orig.followup, frames=list(orig.frames), primary=orig.primary, stance=dict(orig.stance),
               original=orig, has_url=rng.random() >= copier.url_missing)
    doc.title = rng.choice([h for h in ev.headlines if h != orig.title])
    city = ev.city.upper()
    doc.dateline = rng.choice((f"{city} (Northwind) — ", f"{city} — ", ""))
    doc.paragraphs = copy.deepcopy(orig.paragraphs)
    removable = [(i, j) for i, p in enumerate(doc.paragraphs) for j, (t, _) in enumerate(p)
                 if t in ("background", "background_prev", "analyst", "closing")]
    remove = bool(removable) and rng.random() < 0.7
    add = not remove or rng.random() < 0.4
    if remove:
        i, j = rng.choice(removable)
        del doc.paragraphs[i][j]
        doc.paragraphs = [p for p in doc.paragraphs if p]
    if add:
        extra = fill(rng.choice(T.WIRE_ADDITIONS), {"outlet": copier.name}, rng)
        doc.paragraphs.append([("wire_addition", extra)])
    r1, r2 = rng.sample(T.WIRE_REPORTERS, 2)
    doc.paragraphs.append([("attribution", f"(Reporting by {r1} in {ev.city}; editing by {r2}; {T.WIRE_OUTLET})")])
    return doc


# ---------------------------------------------------------------------------------------------
# Corpus generation
# ---------------------------------------------------------------------------------------------


def _plan(rng: random.Random) -> list[_Doc]:
    """Decide which outlet covers which event, how often and when."""
    n_events = len(T.EVENTS)
    docs: list[_Doc] = []
    for outlet in T.OUTLETS:
        covered = [ev for ev in T.EVENTS if rng.random() < outlet.coverage]
        while len(covered) < math.ceil(0.7 * n_events):
            covered.append(rng.choice([ev for ev in T.EVENTS if ev not in covered]))
        while len(covered) >= n_events:  # nobody covers everything
            covered.remove(rng.choice(covered))
        covered.sort(key=lambda e: e.event_id)
        for ev in covered:
            first_delay = 0 if rng.random() < 0.75 else 1
            first = datetime.combine(ev.date + timedelta(days=first_delay), datetime.min.time(), timezone.utc)
            first += timedelta(hours=rng.randint(6, 21), minutes=5 * rng.randint(0, 11))
            docs.append(_Doc(ev, outlet, first, False, has_url=rng.random() >= outlet.url_missing))
            n_followups = (rng.random() < outlet.second_article) + (rng.random() < outlet.second_article / 3)
            for k in range(n_followups):
                later = first + timedelta(days=rng.randint(1, 2) + k, hours=rng.randint(-4, 4))
                if later.date() <= ev.date:
                    later += timedelta(days=1)
                docs.append(_Doc(ev, outlet, later, True, has_url=rng.random() >= outlet.url_missing))
    return docs


def _build_corpus(seed: int) -> list[_Doc]:
    plan_rng = random.Random(f"{seed}:plan")
    docs = _plan(plan_rng)
    prev_of = {ev.event_id: (T.EVENTS[i - 1] if i else None) for i, ev in enumerate(T.EVENTS)}
    for doc in docs:
        _compose(doc, random.Random(plan_rng.getrandbits(64)), prev_of[doc.event.event_id])

    copy_rng = random.Random(f"{seed}:wire")
    outlets = {o.name: o for o in T.OUTLETS}
    covered = {(d.outlet.name, d.event.event_id) for d in docs}
    wire_docs = [d for d in docs if d.outlet.name == T.WIRE_OUTLET]
    copy_rng.shuffle(wire_docs)
    n_copies = math.ceil(0.075 * len(docs))
    copies: list[_Doc] = []
    used: set[tuple[str, str]] = set()
    for orig in wire_docs:
        if len(copies) >= n_copies:
            break
        # copiers are outlets that also cover the event themselves, so copies never fill gaps
        candidates = [n for n in T.WIRE_COPIERS if (n, orig.event.event_id) in covered
                      and (n, orig.event.event_id) not in used]
        if not candidates:
            continue
        name = copy_rng.choice(candidates)
        used.add((name, orig.event.event_id))
        copies.append(_wire_copy(orig, outlets[name], copy_rng))
    docs = docs + copies
    docs.sort(key=lambda d: (d.published, d.outlet.name, d.title))
    for i, d in enumerate(docs, 1):
        d.doc_id = f"demo-{i:04d}"
    _self_check(docs)
    return docs


def _self_check(docs: list[_Doc]) -> None:
    """Invariants the ground truth relies on (raises AssertionError)."""
    for d in docs:
        text = d.text
        if not 120 <= d.n_words <= 500:
            raise AssertionError(f"{d.doc_id}: {d.n_words} words")
        for key in T.STANCE_TARGETS:
            named = T.ACTORS[key].surname in text
            if named != (key in d.stance):
                raise AssertionError(f"{d.doc_id}: mention of {key} and stance label disagree")
        for tag, sent in (x for p in d.paragraphs for x in p):
            if not tag.startswith("frame:"):
                hit = _keyword_frames(sent)
                if hit:
                    raise AssertionError(f"{d.doc_id}: frame vocabulary {hit} outside a frame sentence: {sent}")


def _keyword_frames(sentence: str) -> list[str]:
    low = sentence.lower()
    return [f for f, words in T.FRAME_KEYWORDS.items()
            if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words)]


def _url(doc: _Doc) -> str | None:
    if not doc.has_url:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", doc.title.lower().replace("’", "")).strip("-")
    p = doc.published
    return f"https://{doc.outlet.domain}/world/{p:%Y/%m/%d}/{slug}-{doc.doc_id.split('-')[1]}"


def _iso(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def _record(doc: _Doc, text: str | None = None) -> dict[str, str | None]:
    return {
        "doc_id": doc.doc_id, "outlet": doc.outlet.name, "published": _iso(doc.published),
        "title": doc.title, "text": doc.text if text is None else text, "url": _url(doc),
        "event_id": doc.event.event_id, "lean": doc.outlet.lean, "language": "en",
    }


# ---------------------------------------------------------------------------------------------
# Raw (scraped) variant
# ---------------------------------------------------------------------------------------------

RESIDUE_KINDS = ("breadcrumb", "title_repeat", "advertisement", "share_this", "related", "source_link",
                 "leave_a_reply", "subscribe", "mojibake", "html")
N_MOJIBAKE = 6
N_HTML = 4


def mojibake(s: str) -> str:
    """Encode ``s`` as UTF-8 and decode it as cp1252 (``’`` becomes ``â€™``)."""
    return s.encode("utf-8").decode("cp1252")


def _mojibake_candidate(doc: _Doc) -> str | None:
    for _, sent in (x for p in doc.paragraphs for x in p):
        if "’" in sent and "”" not in sent and "“" not in sent:
            return sent
    return None


def _raw_variant(docs: list[_Doc], seed: int) -> tuple[list[dict], list[tuple[str, str]]]:
    rng = random.Random(f"{seed}:raw")
    moj_pool = [d for d in docs if _mojibake_candidate(d)]
    moj_docs = {d.doc_id for d in rng.sample(moj_pool, N_MOJIBAKE)}
    html_docs = {d.doc_id for d in rng.sample([d for d in docs if d.doc_id not in moj_docs], N_HTML)}
    records, residue = [], []
    for d in docs:
        kinds = {"breadcrumb", "title_repeat"}
        section = rng.choice(("world", "world", "politics", "diplomacy"))
        body = [" ".join(s for _, s in p) for p in d.paragraphs]
        body[0] = d.dateline + body[0]
        if d.doc_id in moj_docs:
            sent = _mojibake_candidate(d)
            body = [b.replace(sent, mojibake(sent), 1) for b in body]
            kinds.add("mojibake")
        if rng.random() < 0.35:
            body.insert(rng.randint(1, len(body) - 1), "Advertisement")
            kinds.add("advertisement")
        tail = []
        if rng.random() < 0.45:
            tail.append("Share this:")
            kinds.add("share_this")
        if rng.random() < 0.4:
            other = docs[rng.randrange(len(docs))]
            tail.append(f"Related: {other.title}")
            kinds.add("related")
        if rng.random() < 0.85:
            tail.append("Source link")
            kinds.add("source_link")
        if rng.random() < 0.5:
            tail.append("Leave a Reply")
            kinds.add("leave_a_reply")
        if rng.random() < 0.4:
            tail.append("Subscribe to our newsletter")
            kinds.add("subscribe")
        head = [f"Home / {section} / {d.title}", d.title]
        if d.doc_id in html_docs:
            blocks = head + body + tail
            text = "<article>\n" + "\n".join(f"<p>{html.escape(b, quote=False)}</p>" for b in blocks) + "\n</article>"
            kinds.add("html")
        else:
            text = "\n".join(head) + "\n\n" + "\n\n".join(body) + ("\n\n" + "\n".join(tail) if tail else "")
        records.append(_record(d, text))
        residue.extend((d.doc_id, k) for k in RESIDUE_KINDS if k in kinds)
    return records, residue


# ---------------------------------------------------------------------------------------------
# Bad rows for the validator
# ---------------------------------------------------------------------------------------------


def _bad_rows(docs: list[_Doc], seed: int) -> tuple[str, bytes, list[tuple[str, int, str]]]:
    """Return (bad_rows.csv text, bad_rows.jsonl bytes, expected rows)."""
    rng = random.Random(f"{seed}:bad")
    originals = [d for d in docs if d.original is None]
    pick = rng.sample(originals, 40)

    def row(i: int, prefix: str, **over: str | None) -> dict[str, str | None]:
        d = pick[i % len(pick)]
        text = " ".join(" ".join(s for _, s in p) for p in d.paragraphs[:2])
        r = {"doc_id": f"{prefix}-{i:04d}", "outlet": d.outlet.name, "published": _iso(d.published),
             "title": d.title, "text": text, "url": f"https://{d.outlet.domain}/world/{prefix}-{i:04d}",
             "event_id": d.event.event_id, "lean": d.outlet.lean, "language": "en"}
        r.update(over)
        return r

    moj_src = next(d for d in pick if _mojibake_candidate(d))
    moj_text = mojibake(_mojibake_candidate(moj_src))
    html_text = "".join(f"<p>{html.escape(' '.join(s for _, s in p), quote=False)}</p>"
                        for p in pick[5].paragraphs[:3])
    boiler_single = "Subscribe to our newsletter"
    boiler_multi = "Source link\nLeave a Reply\nShare this:"

    # ---- CSV: every record on one physical line except the last (multi-line boilerplate) ----
    csv_specs: list[tuple[dict, str | None]] = []
    bad_csv = {
        3: ({"doc_id": ""}, "missing_doc_id"),
        5: ({"text": ""}, "empty_text"),
        7: ({"outlet": ""}, "missing_outlet"),
        9: ({"published": "not a date"}, "bad_date"),
        11: ({"text": "   "}, "empty_text"),
        13: ({"doc_id": "csv-0008"}, "duplicate_doc_id"),
        15: ({"text": html_text}, "kept_html"),
        17: ({"published": "2024-13-45"}, "bad_date"),
        19: ({"text": f"{row(19, 'csv')['text']} {moj_text}"}, "kept_mojibake"),
        21: ({"doc_id": "   "}, "missing_doc_id"),
        23: ({"outlet": "  "}, "missing_outlet"),
        25: ({"text": " \t  \t "}, "empty_text"),
        27: ({"published": "32/13/2024"}, "bad_date"),
        29: ({"doc_id": "csv-0002"}, "duplicate_doc_id"),
        31: ({"text": boiler_single}, "only_boilerplate"),
        32: ({"text": boiler_multi}, "only_boilerplate"),
    }
    for i in range(1, 33):
        over, key = bad_csv.get(i, ({}, None))
        csv_specs.append((row(i, "csv", **over), key))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(ARTICLE_COLUMNS), lineterminator="\n")
    writer.writeheader()
    expected: list[tuple[str, int, str]] = []
    line = 2
    for r, key in csv_specs:
        if key:
            expected.append(("bad_rows.csv", line, key))
        writer.writerow(r)
        line += 1 + sum(str(v).count("\n") for v in r.values() if v is not None)
    csv_text = buf.getvalue()

    # ---- JSONL ----
    def js(r: dict) -> bytes:
        return json.dumps(r, ensure_ascii=False).encode("utf-8")

    good = lambda i, **o: js(row(i, "jsonl", **o))  # noqa: E731
    r9 = row(9, "jsonl")
    del r9["doc_id"]
    jsonl_specs: list[tuple[bytes, str | None]] = [
        (good(1), None),
        (good(2), None),
        (js(row(3, "jsonl"))[:-1].replace(b'"outlet": "', b"'outlet': '", 1) + b", }", "invalid_json"),
        (good(4), None),
        (js(row(5, "jsonl"))[:70], "invalid_json"),
        (json.dumps(list(row(6, "jsonl").values()), ensure_ascii=False).encode("utf-8"), "not_an_object"),
        (good(7), None),
        (b'{"doc_id": "jsonl-0008", "outlet": "Harbour Ledger", "published": "2024-03-20T10:00:00Z", '
         b'"title": "Talks in Seravelle", "text": "Delegates met in Seravelle \xff\xfe caf\xe9 '
         b'and agreed to meet again.", "url": null, "event_id": "ev04", "lean": "left", "language": "en"}',
         "undecodable"),
        (js(r9), "missing_doc_id"),
        (good(10), None),
        (good(11, outlet=None), "missing_outlet"),
        (good(12, text=""), "empty_text"),
        (good(13, text="  \n  \t "), "empty_text"),
        (good(14), None),
        (good(15, doc_id="jsonl-0014"), "duplicate_doc_id"),
        (good(16, published="not a date"), "bad_date"),
        (good(17, text="Source link\nLeave a Reply"), "only_boilerplate"),
        (good(18, text=html_text), "kept_html"),
        (good(19, text=f"{row(19, 'jsonl')['text']} {moj_text}"), "kept_mojibake"),
        (b'"just a string, not an article"', "not_an_object"),
        (good(21), None),
        (good(22, published="2024-13-45"), "bad_date"),
        (good(23), None),
        (good(24), None),
    ]
    for n, (_, key) in enumerate(jsonl_specs, 1):
        if key:
            expected.append(("bad_rows.jsonl", n, key))
    jsonl_bytes = b"".join(b + b"\n" for b, _ in jsonl_specs)
    return csv_text, jsonl_bytes, expected


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _csv_text(header: list[str], rows: list[tuple]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _write(path: Path, content: str | bytes) -> Path:
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    return path


def generate_demo(out_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Generate the synthetic demo corpus and write every file into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Target directory (created if needed). Existing files of the same names are overwritten.
    seed : int, default 20261127
        Seed of every random choice; the same seed always gives byte-identical files.

    Returns
    -------
    dict of str to Path
        File key (e.g. ``'articles'``, ``'frames'``, ``'readme'``) -> written path.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = _build_corpus(seed)
    f3 = "{:.2f}".format

    files: dict[str, Path] = {}
    jl = lambda recs: "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)  # noqa: E731
    files["articles"] = _write(out / "articles.jsonl", jl(_record(d) for d in docs))
    raw_records, residue = _raw_variant(docs, seed)
    files["articles_raw"] = _write(out / "articles_raw.jsonl", jl(raw_records))
    files["raw_residue"] = _write(out / "raw_residue.csv", _csv_text(["doc_id", "kind"], residue))

    csv_text, jsonl_bytes, expected = _bad_rows(docs, seed)
    files["bad_rows_csv"] = _write(out / "bad_rows.csv", csv_text)
    files["bad_rows_jsonl"] = _write(out / "bad_rows.jsonl", jsonl_bytes)
    files["bad_rows_expected"] = _write(out / "bad_rows_expected.csv",
                                        _csv_text(["file", "line", "expected_reason_key"], expected))

    files["outlets"] = _write(out / "outlets.csv", _csv_text(
        ["outlet", "lean", "country", "kind", "description"],
        [(o.name, o.lean, o.country, o.kind, o.description) for o in T.OUTLETS]))
    files["events"] = _write(out / "events.csv", _csv_text(
        ["event_id", "date", "kind", "title", "countries", "summary"],
        [(e.event_id, e.date.isoformat(), e.kind, e.title, ";".join(e.countries), e.summary) for e in T.EVENTS]))
    files["frames"] = _write(out / "frames.csv", _csv_text(
        ["doc_id", "scheme", "frame"],
        [(d.doc_id, SCHEME, f) for d in docs for f in T.FRAMES if f in d.frames]))
    files["primary_frames"] = _write(out / "primary_frames.csv", _csv_text(
        ["doc_id", "frame"], [(d.doc_id, d.primary) for d in docs]))
    files["frame_propensities"] = _write(out / "frame_propensities.csv", _csv_text(
        ["outlet", "frame", "probability"],
        [(o, f, f3(p)) for o, ps in T.FRAME_PROPENSITY.items() for f, p in zip(T.FRAMES, ps)]))
    files["actor_stance"] = _write(out / "actor_stance.csv", _csv_text(
        ["doc_id", "target", "label"],
        [(d.doc_id, T.ACTORS[k].name, d.stance[k]) for d in docs for k in T.STANCE_TARGETS if k in d.stance]))
    files["stance_propensities"] = _write(out / "stance_propensities.csv", _csv_text(
        ["outlet", "target", "negative", "neutral", "positive"],
        [(o, T.ACTORS[k].name, *map(f3, ps)) for o, per in T.STANCE_PROPENSITY.items() for k, ps in per.items()]))
    copies = [(d.doc_id, d.original.doc_id) for d in docs if d.original is not None]
    files["wire_copies"] = _write(out / "wire_copies.csv", _csv_text(["doc_id", "original_doc_id"], copies))
    files["actors"] = _write(out / "actors.csv", _csv_text(
        ["actor", "role", "country"], [(a.name, a.role, a.country) for a in T.ACTORS.values()]))
    files["readme"] = _write(out / "README.md", _readme(docs, residue, expected, seed))
    return files


def _readme(docs: list[_Doc], residue: list[tuple[str, str]],
            expected: list[tuple[str, int, str]], seed: int) -> str:
    n_copies = sum(d.original is not None for d in docs)
    n_stance = sum(len(d.stance) for d in docs)
    words = [d.n_words for d in docs]
    cov = {(d.outlet.name, d.event.event_id) for d in docs}
    n_cells = len(T.OUTLETS) * len(T.EVENTS)
    kinds: dict[str, int] = {}
    for _, k in residue:
        kinds[k] = kinds.get(k, 0) + 1
    bad = {f: sum(1 for ff, _, k in expected if ff == f and not k.startswith("kept_")) for f in
           ("bad_rows.csv", "bad_rows.jsonl")}
    kept = {f: sum(1 for ff, _, k in expected if ff == f and k.startswith("kept_")) for f in
            ("bad_rows.csv", "bad_rows.jsonl")}
    outlet_lines = "\n".join(f"| {o.name} | {o.lean} | {o.country} | {o.kind} |" for o in T.OUTLETS)
    event_lines = "\n".join(f"| {e.event_id} | {e.date.isoformat()} | {e.kind} | {e.title} |" for e in T.EVENTS)
    residue_lines = ", ".join(f"{k} {kinds.get(k, 0)}" for k in RESIDUE_KINDS)
    return T.README_TEMPLATE.format(
        n_articles=len(docs), n_originals=len(docs) - n_copies, n_copies=n_copies,
        min_words=min(words), max_words=max(words), n_outlets=len(T.OUTLETS), n_events=len(T.EVENTS),
        n_cells_covered=len(cov), n_cells=n_cells, n_frame_rows=sum(len(d.frames) for d in docs),
        n_frames=len(T.FRAMES), n_stance=n_stance, pct_copies=f"{100 * n_copies / len(docs):.1f}",
        bad_csv=bad["bad_rows.csv"], kept_csv=kept["bad_rows.csv"], bad_jsonl=bad["bad_rows.jsonl"],
        kept_jsonl=kept["bad_rows.jsonl"], seed=seed, scheme=SCHEME, frame_names=", ".join(T.FRAMES),
        outlet_lines=outlet_lines, event_lines=event_lines, residue_lines=residue_lines,
    )


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


@dataclass
class DemoCorpus:
    """The demo corpus as loaded by :func:`load_demo`.

    Attributes
    ----------
    articles : DataFrame
        Canonical article table (string columns as pandas ``"string"``, ``published`` as
        ``datetime64[ns, UTC]``).
    tables : dict of str to DataFrame
        Ground-truth and metadata tables: ``outlets, events, frames, primary_frames,
        frame_propensities, actor_stance, stance_propensities, wire_copies, actors, raw_residue``.
    """

    articles: pd.DataFrame
    tables: dict[str, pd.DataFrame]


def read_articles_jsonl(path: Path) -> pd.DataFrame:
    """Read a demo articles JSONL file into the canonical table, through the canonical layer.

    The texts are validated but not cleaned (the raw variant must stay raw); a file that does not
    validate completely is an error, since the demo is generated by this project.

    Parameters
    ----------
    path : Path
        ``articles.jsonl`` or ``articles_raw.jsonl``.

    Returns
    -------
    DataFrame
        Columns :data:`ARTICLE_COLUMNS` with canonical dtypes.
    """
    from ..corpus import read_jsonl
    from ..corpus.outlets import load_outlet_registry

    # The demo's fictional outlets extend the packaged registry (and map the demo's ``center-left``
    # / ``center-right`` to the lean scale; ``state`` is not a lean and is dropped from ``lean``).
    registry_file = Path(path).parent / TABLE_FILES["outlets"]
    outlets = load_outlet_registry(extra=registry_file) if registry_file.is_file() else True
    table = read_jsonl(path, clean=False, detect_languages=False, outlets=outlets)
    if len(table.quarantine):
        raise ValueError(f"{path}: the demo corpus should validate completely, but {len(table.quarantine)} rows "
                         f"were quarantined:\n{table.quarantine.head().to_string()}\nRegenerate it with "
                         f"`make demo`.")
    frame = table.articles[list(ARTICLE_COLUMNS)].copy()
    frame["published"] = frame["published"].astype("datetime64[ns, UTC]")
    return frame


def _read_table(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype="string", keep_default_na=False)
    for col in frame.columns:
        if col in _FLOAT_COLUMNS:
            frame[col] = frame[col].astype("float64")
    if "date" in frame.columns:
        frame["date"] = pd.to_datetime(frame["date"], utc=True).astype("datetime64[ns, UTC]")
    return frame


def load_demo(raw: bool = False, data_dir: Path | str | None = None) -> DemoCorpus:
    """Load the committed synthetic demo corpus.

    Parameters
    ----------
    raw : bool, default False
        Read ``articles_raw.jsonl`` (uncleaned scraper-style texts) instead of ``articles.jsonl``.
    data_dir : Path or str, optional
        Folder written by :func:`generate_demo`; defaults to :data:`DEMO_DIR`.

    Returns
    -------
    DemoCorpus
        ``articles`` plus the ground-truth ``tables``. ``events['date']`` is parsed to
        ``datetime64[ns, UTC]`` (midnight); probability columns are floats; all other table
        columns are pandas ``"string"``.
    """
    from ..provenance import file_sha256, record_dataset

    folder = Path(data_dir) if data_dir is not None else DEMO_DIR
    articles_file = "articles_raw.jsonl" if raw else "articles.jsonl"
    articles = read_articles_jsonl(folder / articles_file)
    tables = {key: _read_table(folder / name) for key, name in TABLE_FILES.items()}
    # provenance for figure manifests: the sha256 of every file read
    record_dataset("demo", {name: file_sha256(folder / name) for name in (articles_file, *TABLE_FILES.values())})
    return DemoCorpus(articles, tables)


def load_demo_dataset(data_dir: Path | str | None = None):
    """The demo corpus as a :class:`toolkit.datasets.Dataset` (what ``load_dataset("demo")`` returns).

    ``tables`` holds the planted ground truth; ``quarantine`` is empty (the clean file validates fully).
    """
    from .cards import DatasetCard
    from .registry import Dataset
    from ..corpus.schema import empty_quarantine

    demo = load_demo(data_dir=data_dir)
    card = DatasetCard(
        name="demo", description="Synthetic demo corpus: fictional outlets, events and people, with planted "
        "ground truth (events, frames, stance, wire copies). Not real news.",
        repository="(this project)", commit="", licence="same as the project",
        citation="framing-toolkit synthetic demo corpus", tables=tuple(demo.tables),
        n_articles=len(demo.articles),
    )
    return Dataset("demo", demo.articles, demo.tables, empty_quarantine(), len(demo.articles), card,
                   Path(data_dir) if data_dir else DEMO_DIR)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m toolkit.datasets.demo [--out DIR] [--seed N]``."""
    parser = argparse.ArgumentParser(description="Generate the synthetic demo corpus.")
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help=f"output folder (default: {DEMO_DIR})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    files = generate_demo(args.out, seed=args.seed)
    for key, path in files.items():
        print(f"{key:20s} {path}")
    return 0


__all__ = ["DEMO_DIR", "DEFAULT_SEED", "DemoCorpus", "generate_demo", "load_demo", "read_articles_jsonl",
           "fill", "mojibake"]

if __name__ == "__main__":
    raise SystemExit(main())
