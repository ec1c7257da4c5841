"""Who speaks in an episode: official voices against news outlets, and texts cut to a comparable length.

A case study such as "official voices against news outlets on the same events" needs two columns
the canonical table does not have:

``source_type``
    ``"official"`` for government offices (press releases, readouts, statements), ``"news"`` for
    everything else. Taken from the outlet registry's ``kind`` (``toolkit/data/outlets.csv``), or
    from a mapping you pass (e.g. the demo corpus's own ``outlets`` table).
``source``
    The voice a comparison groups by: the outlet, except that several government offices of one
    country become one voice (``"US government"`` for the White House, State, Defense and the
    Treasury), so that a country's government is not split into departments with a handful of
    statements each.

:func:`title_and_lead` cuts every document to its title plus its first words, so full-text press
releases and headline-only news (titles and subheadings) are compared like for like.

>>> import pandas as pd
>>> t = pd.DataFrame({"doc_id": ["a", "b", "c"],
...                   "outlet": ["The White House", "U.S. Department of State", "Reuters"]})
>>> source_types(t)[["source", "source_type"]].values.tolist()
[['US government', 'official'], ['US government', 'official'], ['Reuters', 'news']]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from .text import lead

#: Registry kinds that count as official voices.
OFFICIAL_KINDS: tuple[str, ...] = ("government office",)
#: How a country's merged government offices are named (ISO 3166-1 alpha-2 → name).
COUNTRY_GOVERNMENT: dict[str, str] = {"US": "US government", "GB": "UK government", "RU": "Russian government",
                                      "UA": "Ukrainian government"}


def source_types(articles: pd.DataFrame, *, kinds: Mapping[str, str] | None = None,
                 countries: Mapping[str, str] | None = None, official: Iterable[str] = OFFICIAL_KINDS,
                 group_offices: bool = True) -> pd.DataFrame:
    """Each article's voice (``source``) and whether it is an official or a news source (``source_type``).

    Parameters
    ----------
    articles : DataFrame
        Canonical article table with ``doc_id`` and ``outlet``.
    kinds : mapping, optional
        Outlet → kind (e.g. ``{"Arvenian State Broadcasting": "state media"}``). Default: the kind in
        the packaged outlet registry; outlets it does not know are ``"news"``.
    countries : mapping, optional
        Outlet → country code, used to merge offices (default: the registry's ``country``).
    official : iterable of str, default :data:`OFFICIAL_KINDS`
        Kinds that count as official.
    group_offices : bool, default True
        Merge the official outlets of one country into one ``source`` when the table holds more than
        one of them (named by :data:`COUNTRY_GOVERNMENT`, else ``"<country> government"``).

    Returns
    -------
    DataFrame
        ``doc_id, outlet, source, source_type``, one row per article in input order.

    Raises
    ------
    ValueError
        When ``doc_id`` or ``outlet`` is missing.
    """
    missing = [c for c in ("doc_id", "outlet") if c not in articles.columns]
    if missing:
        raise ValueError(f"source_types needs columns doc_id and outlet; missing {missing} in "
                         f"{list(articles.columns)}. Pass a canonical article table.")
    outlet = articles["outlet"].astype("string")
    if kinds is None or countries is None:
        from .corpus.outlets import load_outlet_registry

        table = load_outlet_registry().outlets.set_index("outlet")
        if kinds is None:
            kinds = table["kind"].dropna().astype(str).to_dict()
        if countries is None:
            countries = table["country"].dropna().astype(str).to_dict()
    official = {k.strip().lower() for k in official}
    is_official = outlet.map(lambda o: str(kinds.get(o, "")).strip().lower() in official
                             if o is not pd.NA else False).astype(bool)
    source = outlet.copy()
    if group_offices:
        offices = pd.DataFrame({"outlet": outlet[is_official], "country": outlet[is_official].map(
            lambda o: countries.get(o))}).dropna().drop_duplicates()
        per_country = offices.groupby("country")["outlet"].nunique()
        for country in per_country[per_country > 1].index:
            name = COUNTRY_GOVERNMENT.get(country, f"{country} government")
            source = source.mask(outlet.isin(offices.loc[offices["country"] == country, "outlet"]), name)
    return pd.DataFrame({"doc_id": articles["doc_id"].to_numpy(), "outlet": outlet.to_numpy(),
                         "source": source.to_numpy(),
                         "source_type": pd.array(is_official.map({True: "official", False: "news"}).to_numpy(),
                                                 dtype="string")})


def title_and_lead(articles: pd.DataFrame, n_words: int = 60, *, text: str = "text",
                   title: str = "title") -> pd.Series:
    """Title plus the first ``n_words`` words of the text: one comparable unit per document.

    A headline-only source (title + subheading) is left as it is (its text is shorter than the
    lead); a press release is cut to its lead. Where the text starts with the title, the title is not
    repeated.

    Parameters
    ----------
    articles : DataFrame
        Canonical table (``text``; ``title`` optional).
    n_words : int, default 60
        Words of the text kept after the title.
    text, title : str
        Column names.

    Returns
    -------
    Series of str, aligned with ``articles``.
    """
    if text not in articles.columns:
        raise ValueError(f"title_and_lead needs a {text!r} column; found {list(articles.columns)}.")
    if n_words < 1:
        raise ValueError(f"n_words must be at least 1, found {n_words}.")
    body = articles[text].fillna("").astype(str).map(lambda s: lead(s, n_words))
    if title not in articles.columns:
        return body
    head = articles[title].fillna("").astype(str).str.strip()
    repeated = [b.startswith(h) for h, b in zip(head, body, strict=True)]
    out = [b if (not h or r) else f"{h}. {b}" for h, b, r in zip(head, body, repeated, strict=True)]
    return pd.Series(out, index=articles.index, dtype="string", name=text)


def drop_names(texts: pd.Series, names: Iterable[str]) -> pd.Series:
    """Remove names (typically the sources' own: "Ukrinform", "Censor.NET") from texts, case-insensitively.

    News headlines and subheadings often carry their outlet's name ("..., Ukrinform reports"); left in,
    that self-reference becomes the most "distinctive" word of the outlet and a topic of its own.

    Parameters
    ----------
    texts : Series of str
    names : iterable of str
        Names to remove as whole words (longest first; punctuation inside a name is matched literally).

    Returns
    -------
    Series of str, same index; runs of spaces left behind are collapsed.

    >>> drop_names(pd.Series(["Kyiv, Ukrinform. Censor.NET reports"]), ["Ukrinform", "Censor.net"]).tolist()
    ['Kyiv, . reports']
    """
    import re

    unique = sorted({n.strip() for n in names if isinstance(n, str) and n.strip()}, key=len, reverse=True)
    if not unique:
        return texts.astype("string")
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in unique) + r")(?!\w)", re.IGNORECASE)
    out = texts.fillna("").astype(str).map(lambda t: re.sub(r"[ \t]{2,}", " ", pattern.sub("", t)).strip())
    return out.astype("string")


__all__ = ["COUNTRY_GOVERNMENT", "OFFICIAL_KINDS", "drop_names", "source_types", "title_and_lead"]
