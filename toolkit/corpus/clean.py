"""Text cleaning for scraped news: every step says what it removed, per document.

Steps, in order (names as they appear in the cleaning report's ``step`` column):

``html``
    Markup where plain text was expected (two or more known HTML tags): the text is parsed with
    the standard library's :class:`html.parser.HTMLParser` (block tags become line breaks,
    ``script``/``style`` content is dropped, entities decoded). A ``<`` that does not open a tag
    (``<2% of GDP``, ``>5%``) is text, with or without markup around it. The document is flagged.
``mojibake``
    Encoding damage repaired with :func:`ftfy.fix_text` (e.g. ``â€™`` → ``’``). ftfy is slow on long
    texts, so it only runs where a cheap pattern finds the marks of UTF-8 read as Windows-1252 /
    Latin-1 (a lead byte ``Â``–``ï`` followed by a continuation character, or a C1 control).
    C1 controls take their Windows-1252 meaning (``\x97`` → ``—``), except the remains of a
    three-byte UTF-8 punctuation mark that lost its lead byte: ``\x80`` + a continuation
    character (``\x80\x94``) is decoded as ``\xe2\x80\x94`` (``—``), and a ``\x80`` just
    before a character of the General Punctuation block (``\x80—``) is dropped, so a stray
    fragment never becomes ``€”``.
``unicode``
    Zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF) removed, not turned into
    spaces, and the text put in NFC normal form.
``residue``
    Whole lines of scraper residue: breadcrumbs (``Home / news / …``), ``Source link``,
    ``Leave a Reply``, share / subscribe / follow / related-links / advertisement lines, news-site
    furniture (``Story Continued Below``, ``Sign up for Daily Newsletters``, ``CLICK HERE TO GET
    THE … APP``, ``Advertisement Continue reading the main story``) and photo-gallery caption
    runs (a line holding ``Hide Caption 3 of 43`` or ``1 of 9 i View slideshow``).
``title_repeat``
    A first body line that only repeats the title, when other text follows it (a text that is
    nothing but its title keeps it).
``whitespace``
    Runs of spaces and tabs folded, lines stripped, three or more line breaks folded to one blank line.
``boilerplate``
    Corpus-level (:func:`clean_articles` only): short lines that repeat verbatim across many
    articles of the same outlet (see :mod:`toolkit.corpus.boilerplate` for the thresholds). Each
    removed line is listed in the report.
``title``
    The title (not the text): the same mojibake repair and zero-width removal as the text, NFC,
    whitespace folded to single spaces.

Language identification (:func:`detect_language`) fills the ``language`` column; it removes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

import ftfy
import pandas as pd

from .language import detect_language  # noqa: F401  (re-exported; language identification lives there)

STEPS: tuple[str, ...] = (
    "html", "mojibake", "unicode", "residue", "title_repeat", "whitespace", "boilerplate", "title",
)

_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|b|i|em|strong|html|body|head|article|section|ul|ol|li|h[1-6]|table|tr|td|script|style|img|figure|nav|footer|header)\b[^>]*>", re.I)
#: Tags after which the parser starts a new line.
_BLOCK_TAGS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr article section ul ol table figure header footer nav "
                        "blockquote figcaption aside main".split())
#: Tags whose content is not text.
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})

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
    r"advertisement:?(?:\s+advertisement:?)*",  # "Advertisement:", "ADVERTISEMENT Advertisement"
    r"(?:advertisement\s+)?continue reading (?:the|this) (?:main )?(?:story|article)",
    r"(?:advertisement\s+)?thanks for watching!?(?:\s+visit website)?",
    r"story continue[sd] below(?: advertisement)?",
    r"sign up for (?:our )?daily newsletters?(?:\s+manage newsletters?)?|manage newsletters?",
    r"click here to (?:get|download) the [\w .&'-]{1,40} app\.?",
    r"all rights reserved\.?.*|©.*|copyright © .*|copyright \d{4}.*",
    r"previous (?:article|post)|next (?:article|post)",
    r"tags?:[^.?!]{0,120}",  # a tag list, not a sentence
    r"posted in:[^.?!]{0,60}",
    r"(?:photo|image) (?:credit|courtesy):.*",
)
#: Residue lines are short (a menu item or a breadcrumb), never a hard-wrapped paragraph line.
MAX_RESIDUE_LINE = 200
_RESIDUE = re.compile(r"^\s*(?:" + "|".join(RESIDUE_PATTERNS) + r")\s*$", re.I)
#: A photo gallery flattened into one line: captions each ending in "Hide Caption 3 of 43" (CNN) or
#: "1 of 9 i View slideshow" (NPR). The whole line is captions, however long, so it goes.
GALLERY_PATTERN = re.compile(r"\bhide caption\s+\d+\s+of\s+\d+\b|\b\d+\s+of\s+\d+\s+i\s+view slideshow\b", re.I)
# UTF-8 lead byte decoded as cp1252/latin-1, followed by a continuation byte so decoded; or C1 controls.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a]+")
#: Zero-width characters: removed (a zero-width space inside a word must not split it).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
# The tail of a three-byte UTF-8 punctuation mark (E2 80 xx) whose lead byte was lost.
# (Not after "â" or "Â": there the lead byte is still present and ftfy repairs the whole sequence.)
_LOST_LEAD = re.compile("(?<![\u00c2\u00e2])\x80([\x80-\xbf])")
_STRAY_80 = re.compile("(?<![\u00c2\u00e2])\x80(?=[\u2000-\u206f])")
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


class _TextExtractor(HTMLParser):
    """Collect the text of an HTML fragment: block tags give line breaks, scripts and styles vanish."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """Return the text of an HTML fragment, parsed with :class:`html.parser.HTMLParser`.

    Block tags become line breaks, ``script``/``style`` content is dropped and entities are decoded.
    A ``<`` or ``>`` that is not part of a tag (``<2% of GDP``) stays as text.

    Examples
    --------
    >>> strip_html("<p>Debt fell to <2% of GDP.</p><p>It was >5%.</p>")
    '\\nDebt fell to <2% of GDP.\\n\\nIt was >5%.\\n'
    """
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def repair_mojibake(text: str) -> str:
    """Repair encoding damage the way the ``mojibake`` step does (see the module docstring).

    Returns ``text`` itself when no mark of damage is found.

    Examples
    --------
    >>> repair_mojibake("Obama\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s")
    'Obama’s'
    >>> repair_mojibake("Talks \x97 and reforms \x80\x94 resumed")
    'Talks — and reforms — resumed'
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    fixed = text
    if "\x80" in fixed:
        fixed = _LOST_LEAD.sub(lambda m: (b"\xe2\x80" + bytes([ord(m.group(1))])).decode("utf-8"), fixed)
        fixed = _STRAY_80.sub("", fixed)
    return ftfy.fix_text(fixed, uncurl_quotes=False, normalization="NFC")


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
    ['residue', 'whitespace']
    """
    removed: list[tuple[str, str]] = []
    if looks_like_html(text):
        stripped = strip_html(text)
        removed.append(("html", f"{len(text) - len(stripped)} characters of markup"))
        text = stripped
    fixed = repair_mojibake(text)
    if fixed != text:
        removed.append(("mojibake", _diff_summary(text, fixed)))
        text = fixed
    if not text.isascii():
        normal = _normalise_unicode(text)
        if normal != text:
            removed.append(("unicode", _diff_summary(text, normal)))
            text = normal
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    kept_lines = []
    for line in lines:
        if line.strip() and (
            (len(line) <= MAX_RESIDUE_LINE and _RESIDUE.match(line))
            or (("aption" in line or "slideshow" in line) and GALLERY_PATTERN.search(line))  # cheap test first
        ):
            removed.append(("residue", line.strip()))
        else:
            kept_lines.append(line)
    if title:
        t = _norm(title)
        content = [i for i, line in enumerate(kept_lines) if line.strip()]
        # only when something else follows: a text that is nothing but its title keeps it
        if t and len(content) > 1 and _norm(kept_lines[content[0]]) == t:
            removed.append(("title_repeat", kept_lines[content[0]].strip()))
            del kept_lines[content[0]]
    text = "\n".join(kept_lines)
    normalised = _normalise_whitespace(text)
    if normalised != text:
        removed.append(("whitespace", f"{len(text) - len(normalised)} characters folded or stripped"))
    return CleanResult(normalised, removed)


def clean_title(title: str) -> str:
    """Normalise a title: mojibake repaired as in texts, zero-width characters removed, NFC,
    whitespace folded to single spaces.

    Examples
    --------
    >>> clean_title("  Obama\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s\u200b  visit ")
    'Obama’s visit'
    """
    return " ".join(_normalise_unicode(repair_mojibake(title)).split())


def _normalise_unicode(text: str) -> str:
    """Zero-width characters removed, then NFC."""
    return unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))


def _normalise_whitespace(text: str) -> str:
    lines = [ln.strip() for ln in _SPACES.sub(" ", text).split("\n")]  # one regex pass, not one per line
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
    articles: pd.DataFrame, *, detect_languages: bool = True, boilerplate: bool = True, client=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean the ``text`` column of a canonical table and report every change.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table (``doc_id``, ``title``, ``text`` at least; ``outlet`` for the
        ``boilerplate`` step).
    detect_languages : bool, default True
        Fill missing ``language`` values with :func:`detect_language`.
    boilerplate : bool, default True
        Run the corpus-level ``boilerplate`` step (:mod:`toolkit.corpus.boilerplate`): remove short
        lines an outlet repeats across many of its stories. Skipped when there is no ``outlet``
        column. It looks at the whole table, so an article's cleaned text can depend on the other
        articles of its outlet in the table.

    Returns
    -------
    cleaned : DataFrame
        Copy of ``articles`` with cleaned ``text`` (and ``language`` filled).
        Rows are never dropped here: texts that clean to empty stay empty, and
        :func:`toolkit.corpus.validate` quarantines them.
    report : DataFrame
        One row per change: ``doc_id``, ``step``, ``removed``; sorted by document (table order),
        then step (pipeline order).
    """
    if client is not None:
        from toolkit.parallel import clean_articles_parallel

        return clean_articles_parallel(articles, client, detect_languages=detect_languages, boilerplate=boilerplate)
    from .boilerplate import remove_boilerplate

    out = articles.copy()
    doc_ids = out["doc_id"].tolist()
    changes: list[list[tuple[str, str]]] = []  # per document, in step order
    texts = []
    titles = out["title"] if "title" in out else pd.Series([None] * len(out), index=out.index)
    new_titles = []
    for text, title in zip(out["text"], titles):
        title = title if isinstance(title, str) else None
        res = clean_text(text, title=title)
        texts.append(res.text)
        changes.append(list(res.removed))
        fixed = clean_title(title) if title else title
        if fixed != title:
            changes[-1].append(("title", _diff_summary(title, fixed)))
        new_titles.append(fixed)
    if boilerplate and "outlet" in out and len(out):
        outlets = [o if isinstance(o, str) else None for o in out["outlet"]]
        texts, extra = remove_boilerplate(texts, outlets, range(len(out)), titles=new_titles)
        for r in extra:
            doc = changes[r["doc_id"]]
            at = next((k for k, (s, _) in enumerate(doc) if s == "title"), len(doc))
            doc.insert(at, ("boilerplate", r["removed"]))
            # before the title entry, after earlier boilerplate rows: line order is kept
    rows = [{"doc_id": d, "step": s, "removed": r} for d, doc in zip(doc_ids, changes) for s, r in doc]
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
