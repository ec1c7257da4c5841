"""Data-driven boilerplate: short lines one outlet repeats across many of its articles.

Patterns (:data:`toolkit.corpus.clean.RESIDUE_PATTERNS`) catch the residue we know about. Every site
also has its own furniture ("Story Continued Below", a newsletter plug, a standing credit line) that
no list anticipates. It shows up as the *same short line in many articles of one outlet*, which is
what :func:`find_boilerplate` looks for, corpus-wide, and :func:`remove_boilerplate` removes, saying
which line it removed from which document (step ``boilerplate`` of the cleaning report).

A line of an article is boilerplate of its outlet when, after digits are replaced by ``0`` and
whitespace is collapsed (so "Hide Caption 3 of 43" and "Hide Caption 7 of 12" are one line, but
case and wording must match exactly):

- it is at most :data:`MAX_LINE_CHARS` (120) characters long: menu items, plugs, credits and
  captions are short; a hard-wrapped paragraph or a long quote is not touched;
- it occurs in at least :data:`MIN_ARTICLES` (5) articles of the outlet, and in at least
  :data:`MIN_SHARE` (2 %) of them: a line in 5 of 20,000 articles is more likely a reused quote
  than site furniture;
- those articles are *different stories*: articles are grouped by their longest line, and only
  distinct groups count toward both thresholds. Wire copies and re-published stories share their
  whole text (and so their longest line), so a sentence that only recurs inside near-identical
  documents never qualifies;
- a line that reads like a body sentence (ends in ``.``, ``!``, ``?`` or a closing quote and has
  at least :data:`SENTENCE_MIN_WORDS` (8) words) must clear stricter thresholds,
  :data:`SENTENCE_MIN_ARTICLES` (20) distinct stories and :data:`SENTENCE_MIN_SHARE` (5 %).

Only texts of at least :data:`MIN_TEXT_LINES` (4) non-blank lines take part, in finding and in
removing: a shorter text is a headline-and-summary record (headline corpora), where a line that
recurs is a recurring headline ("Transcript: <show>, 2/17/22"), not site furniture.

A document is never emptied by this step: when every one of its lines would go, none does (the
pattern steps and :func:`toolkit.corpus.validate` decide about documents that are all residue). A
line that is the document's own title stays too (a headline corpus repeats the headline in the
text, and one show's headlines differ only in their date).
The result depends only on the input table's content and order (no randomness).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = [
    "MAX_LINE_CHARS", "MIN_ARTICLES", "MIN_SHARE", "SENTENCE_MIN_ARTICLES", "SENTENCE_MIN_SHARE",
    "SENTENCE_MIN_WORDS", "MIN_TEXT_LINES", "find_boilerplate", "line_key", "remove_boilerplate",
]

#: Texts with fewer non-blank lines are left alone (headline and summary records).
MIN_TEXT_LINES = 4
#: Longest line (characters, after stripping) that can be boilerplate.
MAX_LINE_CHARS = 120
#: A line must occur in at least this many distinct stories of an outlet ...
MIN_ARTICLES = 5
#: ... and in at least this share of the outlet's distinct stories.
MIN_SHARE = 0.02
#: Words from which a line ending in sentence punctuation counts as a possible body sentence.
SENTENCE_MIN_WORDS = 8
#: Stricter thresholds for such sentence-like lines.
SENTENCE_MIN_ARTICLES = 20
SENTENCE_MIN_SHARE = 0.05

_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$|[\"\u201d]$")

#: Columns of :func:`find_boilerplate`'s table.
BOILERPLATE_COLUMNS = ("outlet", "line", "n_articles", "n_stories", "share")


def line_key(line: str) -> str:
    """The form in which lines are compared: digits -> ``0``, whitespace collapsed, stripped."""
    return _DIGITS.sub("0", " ".join(line.split()))


def _sentence_like(key: str) -> bool:
    return bool(_SENTENCE_END.search(key)) and len(key.split()) >= SENTENCE_MIN_WORDS


def _short_keys(text: str) -> tuple[set[str], str]:
    """The keys of a text's short lines, and its longest line's key (the story signature).

    No keys for a text of fewer than :data:`MIN_TEXT_LINES` non-blank lines.
    """
    keys: set[str] = set()
    longest = ""
    n_lines = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        n_lines += 1
        if len(stripped) <= MAX_LINE_CHARS:
            keys.add(line_key(stripped))
        if len(stripped) > len(longest):
            longest = stripped
    return (keys if n_lines >= MIN_TEXT_LINES else set()), line_key(longest)


def find_boilerplate(texts: Sequence[str], outlets: Sequence[object]) -> pd.DataFrame:
    """Find the lines each outlet repeats across many of its stories (see the module docstring).

    Parameters
    ----------
    texts : sequence of str
        Article texts (already cleaned of known residue; lines separated by ``\\n``). Missing
        values count as empty.
    outlets : sequence
        The outlet of each text, same length. Articles with a missing outlet are skipped.

    Returns
    -------
    DataFrame
        One row per boilerplate line: ``outlet``, ``line`` (its key, see :func:`line_key`),
        ``n_articles`` (articles of the outlet carrying it), ``n_stories`` (distinct stories among
        them), ``share`` (``n_stories`` over the outlet's distinct stories). Sorted by outlet, then
        ``n_stories`` descending, then line.
    """
    if len(texts) != len(outlets):
        raise ValueError(f"find_boilerplate: expected one outlet per text, found {len(texts)} texts and "
                         f"{len(outlets)} outlets.")
    per_doc: list[tuple[object, set[str], str]] = []
    counts: dict[object, dict[str, int]] = {}
    stories: dict[object, set[str]] = {}
    for i, (text, outlet) in enumerate(zip(texts, outlets)):
        if outlet is None or (not isinstance(outlet, str) and pd.isna(outlet)):
            per_doc.append((None, set(), ""))
            continue
        keys, signature = _short_keys(text if isinstance(text, str) else "")
        signature = signature or f"\x00empty-{i}"
        per_doc.append((outlet, keys, signature))
        stories.setdefault(outlet, set()).add(signature)
        c = counts.setdefault(outlet, {})
        for k in keys:
            c[k] = c.get(k, 0) + 1
    # Cheap pre-filter on article counts, then the distinct stories of the survivors.
    candidates = {o: {k for k, n in c.items() if n >= MIN_ARTICLES} for o, c in counts.items()}
    story_sets: dict[tuple[object, str], set[str]] = {}
    for outlet, keys, signature in per_doc:
        if outlet is None:
            continue
        for k in keys & candidates[outlet]:
            story_sets.setdefault((outlet, k), set()).add(signature)
    rows = []
    for (outlet, key), sigs in story_sets.items():
        n_stories = len(sigs)
        share = n_stories / len(stories[outlet])
        min_n, min_share = ((SENTENCE_MIN_ARTICLES, SENTENCE_MIN_SHARE) if _sentence_like(key)
                            else (MIN_ARTICLES, MIN_SHARE))
        if n_stories >= min_n and share >= min_share:
            rows.append({"outlet": str(outlet), "line": key, "n_articles": counts[outlet][key],
                         "n_stories": n_stories, "share": share})
    table = pd.DataFrame(rows, columns=list(BOILERPLATE_COLUMNS))
    table = table.astype({"outlet": "string", "line": "string", "n_articles": "int64", "n_stories": "int64",
                          "share": "float64"})
    return table.sort_values(["outlet", "n_stories", "line"], ascending=[True, False, True],
                             kind="mergesort", ignore_index=True)


def remove_boilerplate(
    texts: Sequence[str], outlets: Sequence[object], doc_ids: Iterable[object],
    boilerplate: pd.DataFrame | None = None, *, titles: Sequence[object] | None = None,
) -> tuple[list[str], list[dict]]:
    """Remove each outlet's boilerplate lines from its texts.

    Parameters
    ----------
    texts, outlets : sequence
        As for :func:`find_boilerplate`.
    doc_ids : iterable
        The document ids, named in the report.
    boilerplate : DataFrame, optional
        A :func:`find_boilerplate` table; computed from ``texts`` and ``outlets`` when omitted.
    titles : sequence, optional
        Each text's title: a line equal to it (case-insensitively, digits and spaces as in
        :func:`line_key`) is never removed from that text.

    Returns
    -------
    texts : list of str
        The texts without their outlet's boilerplate lines (blank-line runs folded again); a text
        whose every line is boilerplate, or of fewer than :data:`MIN_TEXT_LINES` non-blank lines,
        is returned unchanged.
    report : list of dict
        One ``{"doc_id", "step": "boilerplate", "removed": line}`` per removed line, in document
        and line order.
    """
    if boilerplate is None:
        boilerplate = find_boilerplate(texts, outlets)
    lines_of: dict[str, set[str]] = {}
    for outlet, key in zip(boilerplate["outlet"], boilerplate["line"]):
        lines_of.setdefault(str(outlet), set()).add(str(key))
    out: list[str] = []
    report: list[dict] = []
    if titles is None:
        titles = [None] * len(texts)
    for text, outlet, doc_id, title in zip(texts, outlets, doc_ids, titles):
        drop = lines_of.get(outlet) if isinstance(outlet, str) else None
        if not drop or not isinstance(text, str):
            out.append(text)
            continue
        own_title = line_key(title).casefold() if isinstance(title, str) and title.strip() else None
        if sum(1 for line in text.split("\n") if line.strip()) < MIN_TEXT_LINES:
            out.append(text)
            continue
        kept, removed = [], []
        for line in text.split("\n"):
            stripped = line.strip()
            if (stripped and len(stripped) <= MAX_LINE_CHARS and line_key(stripped) in drop
                    and line_key(stripped).casefold() != own_title):
                removed.append(stripped)
            else:
                kept.append(line)
        if not removed or not any(line.strip() for line in kept):
            out.append(text)
            continue
        out.append(re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip())
        report.extend({"doc_id": doc_id, "step": "boilerplate", "removed": r} for r in removed)
    return out, report
