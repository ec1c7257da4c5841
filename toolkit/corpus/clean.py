"""Text cleaning for scraped news: every step says what it removed, per document.

Steps, in order (names as they appear in the cleaning report's ``step`` column):

``html``
    Markup where plain text was expected: tags are stripped (block tags become line breaks),
    entities decoded. The document is flagged.
``mojibake``
    Encoding damage repaired with :func:`ftfy.fix_text` (e.g. ``â€™`` → ``’``). ftfy is slow on long
    texts, so it only runs where a cheap pattern finds the marks of UTF-8 read as Windows-1252 /
    Latin-1 (a lead byte ``Â``–``ï`` followed by a continuation character, or a C1 control).
``unicode``
    Byte-order marks removed and the text put in NFC normal form.
``residue``
    Whole lines of scraper residue: breadcrumbs (``Home / news / …``), ``Source link``,
    ``Leave a Reply``, share / subscribe / follow / related-links / advertisement lines.
``title_repeat``
    A first body line that only repeats the title.
``whitespace``
    Runs of spaces and tabs folded, lines stripped, three or more line breaks folded to one blank line.
``title``
    The title (not the text): byte-order marks removed, NFC, whitespace folded to single spaces.

Language identification (:func:`detect_language`) fills the ``language`` column; it removes nothing.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import ftfy
import pandas as pd

from .language import detect_language  # noqa: F401  (re-exported; language identification lives there)

STEPS: tuple[str, ...] = ("html", "mojibake", "unicode", "residue", "title_repeat", "whitespace", "title")

_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|b|i|em|strong|html|body|head|article|section|ul|ol|li|h[1-6]|table|tr|td|script|style|img|figure|nav|footer|header)\b[^>]*>", re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|article|section|ul|ol|table|figure|header|footer|nav)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]+>")

#: Line patterns that are scraper residue when they make up a whole line (case-insensitive).
RESIDUE_PATTERNS: tuple[str, ...] = (
    r"home\s*(?:/|»|>|›|\|)\s*.*",  # breadcrumb: Home / news / Title
    r"source\s*link:?",
    r"source:\s*link.*",
    r"leave a (?:reply|comment)\.?",
    r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?",
    r"(?:click to )?share(?: this(?: article| story| post)?)?(?: on \w+)?(?:\s*\(.*\))?:?",
    r"share (?:on|via) (?:facebook|twitter|x|linkedin|whatsapp|telegram|email|reddit|pinterest)\b.*",
    r"(?:tweet|pin it|email|print|whatsapp|telegram|facebook|twitter|linkedin|reddit)(?:\s*[|·•]\s*\w+)*",
    r"subscribe(?: now| here| today)?[.!]?",
    r"subscribe to (?:our|the) (?:newsletter|channel|podcast|feed|mailing list|daily|weekly)\b.*",
    r"sign up (?:for|to) (?:our|the) .*newsletter.*",
    r"follow us on .*",
    r"related(?: posts| articles| stories| news| content| coverage| links)?:?",
    r"related(?: posts| articles| stories| news| content| coverage| links)?:\s.*",
    r"read (?:more|also|next):.*",
    r"read more\W*",
    r"you (?:may|might) also like(?::.*)?",
    r"advertisement|sponsored(?: content)?",
    r"all rights reserved\.?.*|©.*|copyright © .*|copyright \d{4}.*",
    r"previous (?:article|post)|next (?:article|post)",
    r"tags?:[^.?!]{0,120}",  # a tag list, not a sentence
    r"posted in:[^.?!]{0,60}",
    r"(?:photo|image) (?:credit|courtesy):.*",
)
#: Residue lines are short (a menu item or a breadcrumb), never a hard-wrapped paragraph line.
MAX_RESIDUE_LINE = 200
_RESIDUE = re.compile(r"^\s*(?:" + "|".join(RESIDUE_PATTERNS) + r")\s*$", re.I)
# UTF-8 lead byte decoded as cp1252/latin-1, followed by a continuation byte so decoded; or C1 controls.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")
_BLANKS = re.compile(r"\n{3,}")


@dataclass
class CleanResult:
    """The cleaned text and what each step removed.

    Attributes
    ----------
    text : str
        Cleaned text (may be empty when the input was only residue).
    removed : list of (step, removed_text) tuples
        One entry per change, in the order the steps ran.
    """

    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def steps(self) -> list[str]:
        """Names of the steps that changed the text."""
        return sorted({s for s, _ in self.removed}, key=STEPS.index)


def looks_like_html(text: str) -> bool:
    """Return True when ``text`` carries HTML markup (two or more known tags)."""
    return len(_HTML_TAG.findall(text[:20000])) >= 2


def strip_html(text: str) -> str:
    """Strip tags from an HTML fragment; block tags become line breaks, entities are decoded."""
    text = _SCRIPT.sub("\n", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    return _html.unescape(text)


def clean_text(text: str, *, title: str | None = None) -> CleanResult:
    """Clean one article text and report what was removed.

    Parameters
    ----------
    text : str
        Raw article text (plain text, possibly with scraper residue, mojibake or markup).
    title : str, optional
        The article's title; a first body line repeating it is removed.

    Returns
    -------
    CleanResult
        Cleaned text plus ``(step, removed_text)`` entries.

    Examples
    --------
    >>> r = clean_text("Home / news / Talks\\n\\nTalks resume in Veldra.\\n\\nSource link\\n\\nLeave a Reply")
    >>> r.text
    'Talks resume in Veldra.'
    >>> r.steps
    ['residue']
    """
    removed: list[tuple[str, str]] = []
    if looks_like_html(text):
        stripped = strip_html(text)
        removed.append(("html", f"{len(text) - len(stripped)} characters of markup"))
        text = stripped
    if _MOJIBAKE_HINT.search(text):
        fixed = ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
        if fixed != text:
            removed.append(("mojibake", _diff_summary(text, fixed)))
            text = fixed
    if not text.isascii():
        normal = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
        if normal != text:
            removed.append(("unicode", _diff_summary(text, normal)))
            text = normal
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    kept_lines = []
    for line in lines:
        if line.strip() and len(line) <= MAX_RESIDUE_LINE and _RESIDUE.match(line):
            removed.append(("residue", line.strip()))
        else:
            kept_lines.append(line)
    if title:
        t = _norm(title)
        for i, line in enumerate(kept_lines):
            if not line.strip():
                continue
            if t and _norm(line) == t:
                removed.append(("title_repeat", line.strip()))
                del kept_lines[i]
            break
    text = "\n".join(kept_lines)
    normalised = _normalise_whitespace(text)
    if normalised != text:
        removed.append(("whitespace", f"{len(text) - len(normalised)} characters folded or stripped"))
    return CleanResult(normalised, removed)


def clean_title(title: str) -> str:
    """Normalise a title: byte-order marks removed, NFC, whitespace folded to single spaces."""
    return " ".join(unicodedata.normalize("NFC", title.replace("\ufeff", "")).split())


def _normalise_whitespace(text: str) -> str:
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def _diff_summary(before: str, after: str) -> str:
    """Say briefly what ftfy changed (first differing snippet)."""
    for i, (a, b) in enumerate(zip(before, after)):
        if a != b:
            return f"{before[i:i + 12]!r} -> {after[i:i + 8]!r}"
    return f"{len(before) - len(after)} characters"


def clean_articles(
    articles: pd.DataFrame, *, detect_languages: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean the ``text`` column of a canonical table and report every change.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table (``doc_id``, ``title``, ``text`` at least).
    detect_languages : bool, default True
        Fill missing ``language`` values with :func:`detect_language`.

    Returns
    -------
    cleaned : DataFrame
        Copy of ``articles`` with cleaned ``text`` (and ``language`` filled).
        Rows are never dropped here: texts that clean to empty stay empty, and
        :func:`toolkit.corpus.validate` quarantines them.
    report : DataFrame
        One row per change: ``doc_id``, ``step``, ``removed``.
    """
    out = articles.copy()
    rows = []
    texts = []
    titles = out["title"] if "title" in out else pd.Series([None] * len(out), index=out.index)
    new_titles = []
    for doc_id, text, title in zip(out["doc_id"], out["text"], titles):
        title = title if isinstance(title, str) else None
        res = clean_text(text, title=title)
        texts.append(res.text)
        rows.extend({"doc_id": doc_id, "step": s, "removed": r} for s, r in res.removed)
        fixed = clean_title(title) if title else title
        if fixed != title:
            rows.append({"doc_id": doc_id, "step": "title", "removed": f"{len(title) - len(fixed)} characters"})
        new_titles.append(fixed)
    out["text"] = pd.array(texts, dtype="string")
    if "title" in out:
        out["title"] = pd.array(new_titles, dtype="string")
    if detect_languages:
        if "language" not in out:
            out["language"] = pd.array([None] * len(out), dtype="string")
        missing = out["language"].isna()
        if missing.any():
            out.loc[missing, "language"] = [detect_language(t) for t in out.loc[missing, "text"]]
        out["language"] = out["language"].astype("string")
    report = pd.DataFrame(rows, columns=["doc_id", "step", "removed"]).astype("string")
    return out, report
