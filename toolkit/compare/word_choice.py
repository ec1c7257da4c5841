"""Actor word choice: the words each group uses to name and describe one actor (NewsWCL50 spirit).

For every mention of the actor (its name or an alias, as a whole word, case-sensitive) three kinds of
terms are collected:

``name``
    The naming phrase: the title-like words right before the mention plus the mention itself, e.g.
    "Belmoran Foreign Minister Teodor Halk", "terrorist leader Soleimani". Words are taken backwards
    while they are capitalised or look like nouns (lower-case, not a stopword, not ending in
    -ed/-ing/-ly), at most ``max_title_words``, and never across punctuation. A heuristic without a
    tagger: "praised Halk" gives "Halk", not "praised Halk".
``appositive``
    "Halk, the foreign minister, …": the words after ", the/a/an" up to the next punctuation.
``context``
    Content words (:func:`toolkit.text.words`) within ``window`` words either side of a mention, the
    actor's own name words excluded; a word near several mentions in one article counts once.

With ``shared_events=True`` only events in which at least two groups mention the actor are used, so
groups are compared on the same events. Each kind's counts are contrasted one group against the rest
with :func:`toolkit.compare.keywords.contrast_counts` (log-odds with informative prior, z).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.compare._checks import EVENT, GROUP, CompareError, prepare_articles
from toolkit.compare._tidy import check_ci, tidy
from toolkit.compare._tokens import word_spans
from toolkit.compare.keywords import contrast_counts
from toolkit.text import STOPWORDS, words

KINDS = ("name", "appositive", "context")
_NOT_NOUN = re.compile(r"(?:ed|ing|ly)$")
_POSSESSIVE = re.compile(r"['’]s$")
_APPOSITIVE = re.compile(r"^\s*,\s+((?:the|a|an)\s+[^,.;:!?()\"“”]{1,80})")


def _is_title_word(word: str) -> bool:
    if not word:
        return False
    low = word.lower()
    if word[0].isupper():
        return low not in STOPWORDS or low in {"president", "minister", "gov", "sen", "rep", "dr", "mr", "mrs", "ms"}
    return low not in STOPWORDS and len(low) > 2 and not _NOT_NOUN.search(low)


def _mentions(text: str, pattern: re.Pattern, name_words: set[str], window: int, max_title_words: int
              ) -> tuple[list[str], list[str], list[str]]:
    """Naming phrases, appositives and context words of one text."""
    spans = word_spans(text)
    starts = np.array([s for _, s, _ in spans], dtype=np.int64)
    names, appositives, context_idx = [], [], set()
    for m in pattern.finditer(text):
        first = int(np.searchsorted(starts, m.start()))          # first word of the mention
        last = int(np.searchsorted(starts, m.end())) - 1          # last word of the mention
        title: list[str] = []
        i, left = first - 1, m.start()
        while i >= 0 and len(title) < max_title_words:
            w, s, e = spans[i]
            if text[e:left].strip() or not _is_title_word(w):    # punctuation between, or not title-like
                break
            title.insert(0, w)
            left, i = s, i - 1
        while title and title[0].lower() in STOPWORDS and title[0].lower() not in {"president", "minister"}:
            title.pop(0)
        names.append(" ".join(title + [_POSSESSIVE.sub("", m.group())]).lower())
        app = _APPOSITIVE.match(text[m.end():])
        if app:
            appositives.append(" ".join(app.group(1).split()).lower())
        context_idx.update(range(max(0, first - window), first))
        context_idx.update(range(last + 1, min(len(spans), last + 1 + window)))
    context = [w for i in sorted(context_idx) for w in words(spans[i][0]) if w not in name_words]
    return names, appositives, context


def actor_word_choice(
    articles: pd.DataFrame,
    actor: str,
    *,
    aliases: Sequence[str] | None = None,
    by: str = "outlet",
    event: str | None = "event_id",
    window: int = 10,
    shared_events: bool = True,
    groups: Sequence[str] | None = None,
    min_count: int = 2,
    prior: float = 0.1,
    max_title_words: int = 4,
    text: str = "text",
    ci: float = 0.95,
    include_unknown: bool = False,
) -> pd.DataFrame:
    """How each group names and describes ``actor``: term counts and one-vs-rest log-odds contrasts.

    Parameters
    ----------
    articles
        Canonical article table.
    actor
        The actor's name as written in the texts, e.g. ``"Qassem Soleimani"``.
    aliases
        Other names of the actor (case-sensitive whole words); default the last word of ``actor``
        (the surname). The actor and aliases are matched longest first.
    by
        Group column.
    event
        Event column (``event_id`` / ``event``); None uses every article mentioning the actor.
    window
        Context words taken on each side of a mention.
    shared_events
        With ``event``: keep only events in which at least two groups mention the actor.
    groups
        Compare only these groups; default all groups that mention the actor.
    min_count
        Leave out terms counted fewer times over all groups (per kind).
    prior, ci
        Prior scale and interval coverage of the log-odds contrasts (see :func:`keyword_contrast`).
    max_title_words
        Longest title/descriptor run taken before a mention.
    text
        Text column.
    include_unknown
        Keep ``unknown``-outlet rows as a group of their own.

    Returns
    -------
    pandas.DataFrame
        Tidy shape (``measure`` = the term, ``estimate`` = log-odds of the group against the rest,
        ``n_articles`` / ``n_events`` = the group's articles / events mentioning the actor that were
        used) plus ``actor, kind, term, reference, count_group, count_rest, share, se, z, p_value``;
        ``share`` is the term's share of the group's terms of that kind. Sorted by kind, group, -z.
    """
    func = "actor_word_choice"
    check_ci(ci, func)
    if not isinstance(actor, str) or not actor.strip():
        raise CompareError(f"{func}: actor must be a non-empty name such as 'Aurel Vantos'; found {actor!r}.")
    if not (isinstance(window, (int, np.integer)) and window >= 0):
        raise CompareError(f"{func}: window must be an integer >= 0 (words each side); found {window!r}.")
    names = [actor.strip()] + [a.strip() for a in (aliases if aliases is not None else [actor.split()[-1]])]
    names = sorted({n for n in names if n}, key=lambda n: (-len(n), n))
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in names) + r")(?:['’]s)?(?![\w-])")
    name_words = {w for n in names for w in words(n)}

    table, _ = prepare_articles(articles, by=by, event=event, groups=None, include_unknown=include_unknown,
                                columns=[text], func=func)
    texts = table[text].fillna("").astype(str)
    mentioned = texts.map(lambda t: pattern.search(t) is not None).to_numpy(dtype=bool)
    table = table[mentioned]
    if event is not None and shared_events:
        n_groups = table.groupby(EVENT)[GROUP].transform("nunique")
        table = table[(n_groups >= 2).to_numpy()]
    if groups is not None:
        absent = [g for g in groups if g not in set(table[GROUP])]
        if absent:
            raise CompareError(f"{func}: groups {absent} have no article mentioning {actor!r}"
                               + (" in events shared with another group" if event is not None and shared_events
                                  else "") + ".")
        table = table[table[GROUP].isin(list(groups)).to_numpy()]
        order = [str(g) for g in groups]
    else:
        order = sorted(table[GROUP].unique())
    if len(order) < 2:
        where = " in events that two or more groups cover" if event is not None and shared_events else ""
        raise CompareError(f"{func}: a contrast needs at least 2 groups mentioning {actor!r}{where}; found "
                           f"{order or 'none'} (names searched: {names}). Check the spelling/aliases"
                           + (", or pass shared_events=False." if event is not None and shared_events else "."))
    counters = {kind: {g: Counter() for g in order} for kind in KINDS}
    for grp, body in zip(table[GROUP], table[text].fillna("").astype(str)):
        n, a, c = _mentions(body, pattern, name_words, int(window), int(max_title_words))
        counters["name"][grp].update(n)
        counters["appositive"][grp].update(a)
        counters["context"][grp].update(c)
    n_art = table.groupby(GROUP).size()
    n_ev = table.groupby(GROUP)[EVENT].nunique() if event is not None else None
    frames = []
    for kind in KINDS:
        terms = sorted(set().union(*counters[kind].values()))
        counts = np.array([[counters[kind][g][t] for t in terms] for g in order], dtype=float).reshape(len(order), -1)
        keep = counts.sum(axis=0) >= min_count
        if not keep.any():
            continue
        terms = np.array(terms, dtype=object)[keep]
        counts = counts[:, keep]
        out = contrast_counts(counts, terms, order, pairwise=False, prior=float(prior), ci=ci)
        totals = dict(zip(order, counts.sum(axis=1)))
        out["share"] = out["count_group"] / out["group"].map(totals).replace(0, np.nan)
        out["kind"] = kind
        frames.append(out)
    if not frames:
        raise CompareError(f"{func}: no term about {actor!r} occurs min_count={min_count} times; lower min_count.")
    out = pd.concat(frames, ignore_index=True)
    out["actor"] = actor
    out["measure"] = out["term"]
    out["n_articles"] = out["group"].map(n_art).astype("Int64")
    out["n_events"] = out["group"].map(n_ev).astype("Int64") if n_ev is not None else pd.NA
    rank = {g: i for i, g in enumerate(order)}
    out = out.assign(_k=out["kind"].map({k: i for i, k in enumerate(KINDS)}), _g=out["group"].map(rank))
    out = out.sort_values(["_k", "_g", "z", "term"], ascending=[True, True, False, True], kind="mergesort")
    return tidy(out.drop(columns=["_k", "_g"]),
                ["actor", "kind", "term", "reference", "count_group", "count_rest", "share", "se", "z", "p_value"])
