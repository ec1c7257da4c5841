"""Language identification that stays honest on short texts.

py3langid (langid.py) knows 97 languages, several of them close to English on a handful of
words (Nigerian Pidgin ``pcm``, Scots, Danish on three-word headlines). News headlines are short,
so :func:`detect_language`

* reads the title together with the text (more words, better odds);
* restricts the model to :data:`NEWS_LANGUAGES`, the languages news corpora in this project's
  scope are written in (py3langid's ``set_languages``), so an English headline cannot come
  back as ``pcm``;
* returns :data:`UNDETERMINED` (``"und"``, ISO 639-2 "undetermined") when the text is too short
  or the normalised probability of the best language is below ``min_prob``.

It is deterministic (no sampling), and a per-process cache keeps the model loaded once.

Accuracy on a labelled sample of the project's multilingual sources is measured by
``tests/test_language.py`` (sample in ``tests/data/language_sample.csv``: dataset, doc_id and
label only, labelled by the rule documented there).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

#: The value for "language could not be determined" (ISO 639-2 ``und``).
UNDETERMINED = "und"

#: Languages :func:`detect_language` chooses from (ISO 639-1): the major languages of news
#: in Europe, the Americas, the Middle East and Asia. Pass ``languages=`` to widen or narrow it.
NEWS_LANGUAGES: tuple[str, ...] = (
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he", "hi", "hr", "hu",
    "id", "it", "ja", "ka", "ko", "lt", "lv", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sr",
    "sv", "tr", "uk", "ur", "vi", "zh",
)

#: Characters of text given to the model (the start of title + text).
MAX_CHARS = 2000


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...] | None):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages is not None:
        unknown = sorted(set(languages) - set(ident.nb_classes))
        if unknown:
            raise ValueError(f"py3langid does not know the language code(s) {unknown}; expected ISO 639-1 codes "
                             f"from its model, e.g. {sorted(ident.nb_classes)[:12]}…")
        ident.set_languages(list(languages))
    return ident


def language_scores(text: str, *, languages: Iterable[str] | None = NEWS_LANGUAGES) -> tuple[str, float]:
    """Return py3langid's best language for ``text`` and its normalised probability.

    Parameters
    ----------
    text : str
        Text to identify (only the first :data:`MAX_CHARS` characters are read).
    languages : iterable of str or None
        Candidate languages; None lets the model choose among all 97 it knows.
    """
    langs = tuple(sorted(set(languages))) if languages is not None else None
    lang, prob = _identifier(langs).classify(text[:MAX_CHARS])
    return str(lang), float(prob)


def detect_language(
    text: str | None,
    *,
    title: str | None = None,
    min_chars: int = 20,
    min_prob: float = 0.8,
    languages: Iterable[str] | None = NEWS_LANGUAGES,
) -> str:
    """Return the ISO 639-1 code of the language of ``title`` + ``text``, or ``"und"`` when unsure.

    Parameters
    ----------
    text : str or None
        The article text.
    title : str, optional
        The title; read before the text (a headline-only document still has some words).
    min_chars : int, default 20
        Fewer letters than this (title and text together) → ``"und"``.
    min_prob : float, default 0.8
        Normalised probability the best language must reach, else ``"und"``.
    languages : iterable of str or None, default :data:`NEWS_LANGUAGES`
        Candidate languages (py3langid ``set_languages``); None allows every language the model knows.

    Returns
    -------
    str
        A language code, or :data:`UNDETERMINED`.

    Examples
    --------
    >>> detect_language("The foreign ministers agreed on Friday to reopen the border crossing.")
    'en'
    >>> detect_language("short")
    'und'
    """
    parts = [p.strip() for p in (title, text) if isinstance(p, str) and p.strip()]
    if len(parts) == 2 and parts[1].startswith(parts[0]):
        parts = parts[1:]  # the text already starts with its headline
    joined = "\n".join(parts)
    if sum(ch.isalpha() for ch in joined[:MAX_CHARS]) < min_chars:
        return UNDETERMINED
    lang, prob = language_scores(joined, languages=languages)
    return lang if prob >= min_prob else UNDETERMINED


def detect_languages(texts: Iterable[str | None], titles: Iterable[str | None] | None = None, **kwargs) -> list[str]:
    """:func:`detect_language` over parallel sequences of texts and titles (keyword arguments passed on)."""
    texts = list(texts)
    titles = list(titles) if titles is not None else [None] * len(texts)
    if len(titles) != len(texts):
        raise ValueError(f"expected one title per text, found {len(titles)} titles for {len(texts)} texts")
    return [detect_language(t, title=h, **kwargs) for t, h in zip(texts, titles)]


__all__ = ["MAX_CHARS", "NEWS_LANGUAGES", "UNDETERMINED", "detect_language", "detect_languages", "language_scores"]
