"""The outlet registry: one canonical name per outlet, its aliases, kind, country and lean ratings.

Outlet names arrive spelled many ways ("Fox Online News", "Fox News (Online News)", ``foxnews``,
``foxnews.com``); authors and columnists arrive where an outlet should be; sources without an
outlet used to get the dataset's name. :func:`canonical_outlets` maps every ``outlet`` value
through the registry, and :func:`toolkit.corpus.validate` calls it for every reader and dataset
adapter, so a comparison between outlets compares outlets.

Packaged data (``toolkit/data``)
--------------------------------
``outlets.csv``
    One row per canonical outlet: ``outlet`` (the canonical name), ``kind`` (one of
    :data:`KINDS`), ``country`` (ISO 3166-1 alpha-2; for UN member states the alpha-3 code that
    is their ``outlet``), ``parent`` (for sections and opinion desks: the outlet they belong to),
    ``aliases`` and ``domains`` (``;``-separated). Rows of kind ``author`` list people and
    bylines (columnists, politicians, "Guest Writer - Right") that some datasets put in their
    outlet field: they are *not* outlets (see :func:`canonical_outlets`).
``outlet_leans.csv``
    Lean ratings **as the datasets publish them**, one row per (``outlet``, ``source``):
    ``lean`` (on :data:`~toolkit.corpus.schema.LEAN_SCALE`), ``rating`` (the value as
    published), ``datasets`` (where it is published, with row counts) and ``conflicts`` (other
    values the same source has for the outlet in the datasets, with row counts; the registry
    keeps the value on most rows). Sources: :data:`LEAN_SOURCES`. Nothing in it is the
    toolkit's own judgement; :func:`lean_table` rebuilds it from loaded datasets and a test
    checks the two agree.

Matching
--------
A name matches an alias or canonical name after :func:`name_key` (case, punctuation, spaces
and a leading "The" ignored), else, when it looks like a web address, by its host: the longest
registered domain the host ends with (``edition.cnn.com`` → ``cnn.com`` → CNN). Unknown names are
kept as given, listed in the load report (:attr:`CanonicalOutlets.unknown`) and in an
:class:`UnknownOutletWarning`; add them with ``load_outlet_registry(extra="my_outlets.csv")``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from .schema import LEAN_SCALE, UNKNOWN_OUTLET, CorpusError

#: Kinds of registry entries. ``author`` marks a person or byline, which is never an outlet.
KINDS: tuple[str, ...] = (
    "news agency", "newspaper", "magazine", "broadcaster", "online outlet", "government office", "state",
    "organisation", "section/opinion", "author",
)
#: Other spellings of kinds accepted in user files.
KIND_SYNONYMS: dict[str, str] = {
    "wire": "news agency", "agency": "news agency", "state media": "broadcaster", "tv": "broadcaster",
    "radio": "broadcaster", "website": "online outlet", "online": "online outlet", "blog": "online outlet",
    "opinion": "section/opinion", "section": "section/opinion", "government": "government office",
    "think tank": "organisation", "ngo": "organisation", "person": "author", "columnist": "author",
}
#: Where lean ratings come from, in the order :func:`canonical_outlets` prefers them when it fills
#: a missing lean from the registry. ``allsides``: AllSides' five-point media bias rating as
#: published in NeuS (``stance_specific``); ``mbfc``: Media Bias/Fact Check's bias rating as
#: published in the climate narrative-frames corpus; ``allsides-3pt``: AllSides' rating as
#: published in Article-Bias-Prediction, on three points (AllSides' lean-left counted as left,
#: lean-right as right); ``pac_partisan_events``: PAC's own ``media_ideology``.
LEAN_SOURCES: tuple[str, ...] = ("allsides", "mbfc", "allsides-3pt", "pac_partisan_events")
#: Kinds whose missing lean :func:`canonical_outlets` fills from the registry. Government offices
#: and states are left out: a rating of, say, whitehouse.gov describes one administration's site
#: at the time it was rated, not the office's statements in another year.
FILL_KINDS: frozenset[str] = frozenset({"news agency", "newspaper", "magazine", "broadcaster", "online outlet",
                                        "organisation", "section/opinion"})
#: Prefix of ``lean_source`` for leans filled from the registry (the row's source gave none).
REGISTRY_PREFIX = "registry:"
#: ``lean_source`` of leans that came with a user's own table.
INPUT_SOURCE = "input"

#: Lean vocabularies of the datasets and common spellings → :data:`LEAN_SCALE`.
LEAN_VOCABULARY: dict[str, str] = {
    "left": "left", "lean left": "lean-left", "center": "center", "centre": "center", "lean right": "lean-right",
    "right": "right", "left center": "lean-left", "center left": "lean-left", "centre left": "lean-left",
    "right center": "lean-right", "center right": "lean-right", "centre right": "lean-right",
    "left bias": "left", "left center bias": "lean-left", "least biased": "center", "right center bias": "lean-right",
    "right bias": "right", "liberal": "left", "conservative": "right", "far left": "left", "far right": "right",
}

OUTLET_COLUMNS: tuple[str, ...] = ("outlet", "kind", "country", "parent", "aliases", "domains")
LEAN_COLUMNS: tuple[str, ...] = ("outlet", "source", "lean", "rating", "datasets", "conflicts")
#: Columns :func:`canonical_outlets` always adds, right after the canonical ones.
ADDED_COLUMNS: tuple[str, ...] = ("outlet_raw", "lean_source")
#: Columns it adds only when some row has a value.
OPTIONAL_ADDED: tuple[str, ...] = ("outlet_rating", "author", "author_lean")


class UnknownOutletWarning(UserWarning):
    """Some outlet names are not in the registry (they are kept as given)."""


def name_key(name: object) -> str:
    """The matching key of an outlet name: lower case, letters and digits only, no leading "The".

    >>> name_key("The New York Times") == name_key("thenewyorktimes") == name_key("New York Times")
    True
    """
    if not isinstance(name, str):
        return ""
    s = name.strip().casefold()
    s = re.sub(r"^the\b\s*", "", s)
    s = re.sub(r"^the(?=[a-z])", "", s) if " " not in s and "." not in s and len(s) > 6 else s
    return re.sub(r"[\W_]+", "", s)


_HOST = re.compile(r"^(?:https?://)?(?:www\d?\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:/.*)?$", re.I)


def host_of(value: object) -> str | None:
    """The host of a URL or bare domain, lower case, without ``www.``; None if it is not one.

    >>> host_of("https://www.foxnews.com/politics/x"), host_of("Fox News")
    ('foxnews.com', None)
    """
    if not isinstance(value, str) or " " in value.strip():
        return None
    v = value.strip()
    if "://" in v:
        host = urlsplit(v).hostname or ""
    else:
        m = _HOST.match(v)
        host = m.group(1) if m else ""
    host = host.lower()
    host = re.sub(r"^www\d?\.", "", host)
    return host if "." in host and re.search(r"\.[a-z]{2,}$", host) else None


def normalise_lean(value: object) -> tuple[str | None, str | None]:
    """Split a lean label into ``(lean, other)``: a value on :data:`LEAN_SCALE`, or a non-lean label.

    >>> normalise_lean("left-center"), normalise_lean("right_center_bias"), normalise_lean("questionable")
    (('lean-left', None), ('lean-right', None), (None, 'questionable'))
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None, None
    raw = str(value).strip()
    if not raw:
        return None, None
    key = re.sub(r"[\s_\-]+", " ", raw.casefold()).strip()
    if key in LEAN_VOCABULARY:
        return LEAN_VOCABULARY[key], None
    key = re.sub(r"\s*(?:source|bias)$", "", key).strip()
    return None, key.replace(" ", "-") or None


# -- the registry ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class OutletRegistry:
    """Canonical outlets and their lean ratings (see the module docstring for the columns).

    Attributes
    ----------
    outlets : DataFrame
        One row per canonical outlet (:data:`OUTLET_COLUMNS`).
    leans : DataFrame
        One row per (outlet, source) (:data:`LEAN_COLUMNS`).
    """

    outlets: pd.DataFrame
    leans: pd.DataFrame
    _by_key: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _by_domain: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _kind: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _lean: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for row in self.outlets.itertuples(index=False):
            names = [row.outlet, *_split(row.aliases)]
            for n in names:
                self._by_key.setdefault(name_key(n), row.outlet)
            for d in _split(row.domains):
                self._by_domain.setdefault(d.lower().removeprefix("www."), row.outlet)
            self._kind[row.outlet] = row.kind
        rank = {s: i for i, s in enumerate(LEAN_SOURCES)}
        best: dict[str, tuple[int, str, str]] = {}
        for row in self.leans.itertuples(index=False):
            r = (rank.get(row.source, len(rank)), row.source, row.lean)
            if row.outlet not in best or r < best[row.outlet]:
                best[row.outlet] = r
        self._lean.update({o: (lean, src) for o, (_, src, lean) in best.items()})

    def __len__(self) -> int:
        return len(self.outlets)

    def __repr__(self) -> str:
        kinds = self.outlets["kind"].value_counts()
        return (f"OutletRegistry({len(self.outlets)} entries: "
                + ", ".join(f"{n} {k}" for k, n in kinds.items()) + f"; {len(self.leans)} lean ratings)")

    def lookup(self, name: object) -> str | None:
        """Canonical name for ``name`` (an alias, a canonical name or a web address), or None."""
        if not isinstance(name, str) or not name.strip():
            return None
        hit = self._by_key.get(name_key(name))
        if hit is not None:
            return hit
        host = host_of(name)
        return self.lookup_domain(host) if host else None

    def lookup_domain(self, host: str | None) -> str | None:
        """Canonical outlet of a host: the longest registered domain it ends with, or None."""
        if not host:
            return None
        parts = host.lower().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            hit = self._by_domain.get(".".join(parts[i:]))
            if hit is not None:
                return hit
        return None

    def kind(self, outlet: str) -> str | None:
        """The kind of a canonical outlet (None if not registered)."""
        return self._kind.get(outlet)

    def lean(self, outlet: str) -> tuple[str, str] | None:
        """``(lean, source)`` of the preferred rating of a canonical outlet (see :data:`LEAN_SOURCES`)."""
        return self._lean.get(outlet)


def _split(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return [v.strip() for v in value.split(";") if v.strip()]


def _read_table(source, columns: tuple[str, ...], required: tuple[str, ...], what: str) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        name = f"<{what} table>"
    else:
        path = Path(source)
        name = str(path)
        if not path.is_file():
            raise CorpusError(f"{path}: no such {what} file. Expected a CSV (or YAML list) with columns "
                              f"{list(columns)}; check the path.")
        if path.suffix.lower() in (".yml", ".yaml"):
            import yaml

            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            frame = pd.DataFrame([{k: ";".join(v) if isinstance(v, list) else v for k, v in d.items()} for d in data])
        else:
            frame = pd.read_csv(path, dtype="string", keep_default_na=False)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise CorpusError(f"{name}: missing column(s) {missing}. Expected at least {list(required)} "
                          f"(optional: {[c for c in columns if c not in required]}); found {list(frame.columns)}.")
    for c in columns:
        if c not in frame:
            frame[c] = ""
    frame = frame.astype({c: "string" for c in frame.columns}).fillna("")
    for c in frame.columns:
        frame[c] = frame[c].str.strip()
    return frame


def _check_outlets(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    frame = frame.copy()
    frame["kind"] = frame["kind"].str.casefold().map(lambda k: KIND_SYNONYMS.get(k, k)).astype("string")
    bad = frame[(frame["kind"] != "") & ~frame["kind"].isin(KINDS)]
    if len(bad):
        raise CorpusError(f"{name}: unknown kind(s) {sorted(set(bad['kind']))} (outlets {bad['outlet'].tolist()[:5]}). "
                          f"Expected one of {list(KINDS)}; fix the kind column.")
    blank = frame["outlet"] == ""
    if blank.any():
        raise CorpusError(f"{name}: {int(blank.sum())} row(s) with an empty outlet name; every row needs one.")
    return frame


def _user_leans(frame: pd.DataFrame) -> pd.DataFrame:
    """Lean ratings given beside the outlets in a user file (``lean`` [+ ``lean_source``] columns)."""
    if "lean" not in frame:
        return pd.DataFrame(columns=list(LEAN_COLUMNS), dtype="string")
    rows = []
    for outlet, raw, src in zip(frame["outlet"], frame["lean"],
                                frame["lean_source"] if "lean_source" in frame else [""] * len(frame)):
        lean, _ = normalise_lean(raw)
        if lean:
            rows.append({"outlet": outlet, "source": src or INPUT_SOURCE, "lean": lean, "rating": raw,
                         "datasets": "", "conflicts": ""})
    return pd.DataFrame(rows, columns=list(LEAN_COLUMNS)).astype("string")


def _data_file(name: str):
    return resources.files("toolkit") / "data" / name


@lru_cache(maxsize=1)
def _packaged() -> OutletRegistry:
    with resources.as_file(_data_file("outlets.csv")) as p:
        outlets = _check_outlets(_read_table(p, OUTLET_COLUMNS, ("outlet", "kind"), "outlet registry"), str(p))
    with resources.as_file(_data_file("outlet_leans.csv")) as p:
        leans = _read_table(p, LEAN_COLUMNS, ("outlet", "source", "lean"), "lean ratings")
    return OutletRegistry(outlets.reset_index(drop=True), leans.reset_index(drop=True))


def load_outlet_registry(extra: str | Path | pd.DataFrame | None = None, *,
                         leans: str | Path | pd.DataFrame | None = None) -> OutletRegistry:
    """The packaged outlet registry, with a user's own entries merged over it.

    Parameters
    ----------
    extra : path or DataFrame, optional
        A CSV or YAML list of outlets with at least ``outlet`` and ``kind``, optionally
        ``country, parent, aliases, domains`` (``;``-separated; YAML lists work too) and
        ``lean`` (+ ``lean_source``, default ``"input"``). A row whose ``outlet``, an alias or
        a domain names a packaged outlet replaces that outlet's row and inherits its aliases,
        domains and lean ratings (so a user can rename an outlet without listing every spelling).
    leans : path or DataFrame, optional
        Extra lean ratings with ``outlet, source, lean`` (+ ``rating, datasets, conflicts``),
        replacing packaged ratings with the same (outlet, source).

    Returns
    -------
    OutletRegistry

    Raises
    ------
    CorpusError
        When a file is missing, lacks a required column, or names an unknown ``kind``.
    """
    base = _packaged()
    if extra is None and leans is None:
        return base
    outlets, lean_table = base.outlets, base.leans
    if extra is not None:
        name = "<outlet table>" if isinstance(extra, pd.DataFrame) else str(extra)
        raw = _read_table(extra, OUTLET_COLUMNS, ("outlet", "kind"), "outlet registry")
        user = _check_outlets(raw, name)
        user = user[list(OUTLET_COLUMNS)].copy()
        packaged = outlets.set_index("outlet")
        renamed: dict[str, str] = {}
        for i, row in user.iterrows():
            hits = {base._by_key.get(name_key(n)) for n in [row["outlet"], *_split(row["aliases"])]} - {None}
            hits |= {base.lookup_domain(d) for d in _split(row["domains"])} - {None}
            if not hits:
                continue
            # the user's row replaces these packaged rows and inherits their names and domains
            names = [*_split(row["aliases"])] + [n for h in sorted(hits) for n in [h, *_split(packaged.at[h, "aliases"])]
                                                 if name_key(n) != name_key(row["outlet"])]
            domains = [*_split(row["domains"])] + [d for h in sorted(hits) for d in _split(packaged.at[h, "domains"])]
            user.at[i, "aliases"] = ";".join(dict.fromkeys(names))
            user.at[i, "domains"] = ";".join(dict.fromkeys(domains))
            renamed.update({h: row["outlet"] for h in hits})
        outlets = pd.concat([user, outlets[~outlets["outlet"].isin(renamed)]], ignore_index=True)
        lean_table = lean_table.assign(outlet=lean_table["outlet"].replace(renamed))
        lean_table = pd.concat([_user_leans(raw), lean_table], ignore_index=True)
    if leans is not None:
        lean_table = pd.concat([_read_table(leans, LEAN_COLUMNS, ("outlet", "source", "lean"), "lean ratings"),
                                lean_table], ignore_index=True)
    lean_table = lean_table.drop_duplicates(["outlet", "source"], keep="first").reset_index(drop=True)
    bad = lean_table[~lean_table["lean"].isin(LEAN_SCALE)]
    if len(bad):
        raise CorpusError(f"lean ratings: {bad['lean'].tolist()[:5]} are not on the lean scale {list(LEAN_SCALE)}; "
                          f"map them first (see normalise_lean).")
    return OutletRegistry(outlets.reset_index(drop=True), lean_table)


# -- mapping a table ------------------------------------------------------------------------------

@dataclass
class CanonicalOutlets:
    """What :func:`canonical_outlets` returns.

    Attributes
    ----------
    articles : DataFrame
        The table with canonical ``outlet`` and ``lean`` plus :data:`ADDED_COLUMNS` (and
        :data:`OPTIONAL_ADDED` where any row has a value).
    report : DataFrame
        One row per distinct ``outlet_raw``: ``outlet_raw, outlet, status, n`` with status
        ``canonical`` (already the registry name), ``alias``, ``domain``, ``author`` (a person
        or byline, moved to ``author``), ``unknown`` (kept as given) or ``no outlet``
        (:data:`~toolkit.corpus.schema.UNKNOWN_OUTLET`).
    """

    articles: pd.DataFrame
    report: pd.DataFrame

    @property
    def unknown(self) -> pd.DataFrame:
        """The report's rows whose outlet is not in the registry (name and row count)."""
        return self.report[self.report["status"] == "unknown"].reset_index(drop=True)


def empty_outlet_report() -> pd.DataFrame:
    """An empty outlet report (see :class:`CanonicalOutlets`)."""
    return pd.DataFrame({"outlet_raw": pd.Series([], dtype="string"), "outlet": pd.Series([], dtype="string"),
                         "status": pd.Series([], dtype="string"), "n": pd.Series([], dtype="int64")})


def _resolve(name: str, registry: OutletRegistry) -> tuple[str, str]:
    """``(canonical or given name, status)`` for one outlet value."""
    if name == UNKNOWN_OUTLET:
        return name, "no outlet"
    hit = registry._by_key.get(name_key(name))
    if hit is not None:
        if registry.kind(hit) == "author":
            return hit, "author"
        return hit, "canonical" if hit == name else "alias"
    host = host_of(name)
    hit = registry.lookup_domain(host) if host else None
    if hit is not None:
        return hit, "domain"
    return name, "unknown"


def canonical_outlets(
    articles: pd.DataFrame,
    registry: OutletRegistry | None = None,
    *,
    fill_lean: bool = True,
    warn: bool = True,
    source: str = "<table>",
) -> CanonicalOutlets:
    """Map ``outlet`` through the registry and put ``lean`` on the one lean scale.

    Row by row:

    * ``outlet_raw`` keeps the value as given (an existing ``outlet_raw`` column is kept).
    * ``outlet`` becomes the registry's canonical name (alias, spelling or web domain matched, see
      the module docstring). Unknown names stay as given and are reported. ``"unknown"``
      (:data:`~toolkit.corpus.schema.UNKNOWN_OUTLET`, a source without outlets) stays.
    * A name the registry lists as an ``author`` (columnist, politician, "Guest Writer") goes to
      ``author``; ``outlet`` becomes the outlet of the row's ``url`` (its registry name, or the
      host when unregistered), else ``"unknown"``. A lean given on such a row rated the author:
      it moves to ``author_lean``.
    * ``lean`` labels are mapped to :data:`~toolkit.corpus.schema.LEAN_SCALE` (``left-center`` →
      ``lean-left``, ``right_center_bias`` → ``lean-right`` …, see :data:`LEAN_VOCABULARY`);
      other labels (``questionable``, ``mixed``) move to ``outlet_rating``. ``lean_source`` keeps
      a given source, else ``"input"``.
    * With ``fill_lean``, a row without a lean gets the registry's preferred rating of its
      outlet (media and organisations only, see :data:`FILL_KINDS`), with ``lean_source``
      ``"registry:<source>"``.

    Parameters
    ----------
    articles : DataFrame
        A table with an ``outlet`` column (``lean``, ``lean_source``, ``url`` used when present).
    registry : OutletRegistry, optional
        Default: :func:`load_outlet_registry` (the packaged one).
    fill_lean : bool, default True
        Fill missing leans from the registry.
    warn : bool, default True
        Emit an :class:`UnknownOutletWarning` naming unknown outlets.
    source : str
        Named in the warning.

    Returns
    -------
    CanonicalOutlets
        The mapped table (a copy) and the per-name report.
    """
    registry = registry if registry is not None else load_outlet_registry()
    out = articles.copy()
    n = len(out)
    raw = (out["outlet_raw"] if "outlet_raw" in out else out["outlet"]).astype("string")
    given = out["outlet"].astype("string").fillna("")
    resolved = {name: _resolve(name, registry) for name in pd.unique(given)}
    outlet = [resolved[g][0] for g in given]
    status = [resolved[g][1] for g in given]

    lean_in = out["lean"] if "lean" in out else pd.Series([None] * n, index=out.index)
    src_in = out["lean_source"] if "lean_source" in out else pd.Series([None] * n, index=out.index)
    rating_in = out["outlet_rating"] if "outlet_rating" in out else pd.Series([None] * n, index=out.index)
    author_in = out["author"] if "author" in out else pd.Series([None] * n, index=out.index)
    author_lean_in = out["author_lean"] if "author_lean" in out else pd.Series([None] * n, index=out.index)
    urls = out["url"] if "url" in out else pd.Series([None] * n, index=out.index)

    leans, sources, ratings, authors, author_leans = [], [], [], [], []
    for i, (st, lv, sv, rv, av, alv, url, g) in enumerate(zip(status, lean_in, src_in, rating_in, author_in,
                                                            author_lean_in, urls, given)):
        lean, other = normalise_lean(lv)
        src = sv if isinstance(sv, str) and sv.strip() else (INPUT_SOURCE if lean or other else None)
        rating = rv if isinstance(rv, str) and rv.strip() else other
        author = av if isinstance(av, str) and av.strip() else None
        author_lean = alv if isinstance(alv, str) and alv.strip() else None
        if st == "author":
            author = author or g
            author_lean = author_lean or lean
            lean, src, rating = None, None, None
            host = host_of(url) if isinstance(url, str) else None
            if host:
                hit = registry.lookup_domain(host)
                if hit is not None and registry.kind(hit) != "author":
                    outlet[i], status[i] = hit, "author"
                else:
                    outlet[i] = host
            else:
                outlet[i] = UNKNOWN_OUTLET
        if lean is None and fill_lean and registry.kind(outlet[i]) in FILL_KINDS:
            found = registry.lean(outlet[i])
            if found is not None:
                lean, src = found[0], REGISTRY_PREFIX + found[1]
        leans.append(lean)
        sources.append(src if lean else None)
        ratings.append(rating)
        authors.append(author)
        author_leans.append(author_lean)

    out["outlet"] = pd.array(outlet, dtype="string")
    out["outlet_raw"] = raw.to_numpy()
    out["lean"] = pd.array(leans, dtype="string")
    out["lean_source"] = pd.array(sources, dtype="string")
    for col, values in (("outlet_rating", ratings), ("author", authors), ("author_lean", author_leans)):
        if col in out or any(v is not None for v in values):
            out[col] = pd.array(values, dtype="string")
    out = _order(out)

    report = pd.DataFrame({"outlet_raw": raw.fillna("").to_numpy(), "outlet": outlet, "status": status})
    report = (report.groupby(["outlet_raw", "outlet", "status"], sort=True).size().rename("n").reset_index()
              .astype({"outlet_raw": "string", "outlet": "string", "status": "string", "n": "int64"}))
    report = report.sort_values(["status", "n", "outlet_raw"], ascending=[True, False, True], kind="stable")
    report = report.reset_index(drop=True)
    result = CanonicalOutlets(out, report)
    unknown = result.unknown
    if warn and len(unknown):
        shown = ", ".join(f"{r.outlet_raw!r} ({r.n})" for r in unknown.head(10).itertuples())
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        warnings.warn(
            f"{source}: {len(unknown)} outlet name(s) on {int(unknown['n'].sum())} rows are not in the outlet "
            f"registry and are kept as given: {shown}{more}. To map them, list them (with aliases, kind, "
            f"country) in a CSV and pass load_outlet_registry(extra='my_outlets.csv'); the full list is in the "
            f"load report (CorpusTable.outlets).", UnknownOutletWarning, stacklevel=2)
    return result


def _order(frame: pd.DataFrame) -> pd.DataFrame:
    """Put :data:`ADDED_COLUMNS` and the optional added columns right after the canonical columns."""
    from .schema import CANONICAL_COLUMNS

    added = [c for c in (*ADDED_COLUMNS, *OPTIONAL_ADDED) if c in frame]
    head = [c for c in CANONICAL_COLUMNS if c in frame]
    rest = [c for c in frame.columns if c not in head and c not in added]
    return frame[head + added + rest]


def outlet_report(articles: pd.DataFrame, registry: OutletRegistry | None = None) -> pd.DataFrame:
    """The outlet report of a table already mapped (needs ``outlet_raw``): see :class:`CanonicalOutlets`.

    Use it on a loaded dataset (``outlet_report(ds.articles)``) to list names the registry does
    not know, e.g. after a cached load, which emits no warning.
    """
    registry = registry if registry is not None else load_outlet_registry()
    if "outlet_raw" not in articles:
        raise CorpusError("expected a table with an 'outlet_raw' column (the output of canonical_outlets); "
                          f"found columns {list(articles.columns)}. Call canonical_outlets(table) first.")
    frame = pd.DataFrame({"outlet_raw": articles["outlet_raw"].astype("string").fillna(""),
                          "outlet": articles["outlet"].astype("string")})
    status = []
    for raw, canon in zip(frame["outlet_raw"], frame["outlet"]):
        st = _resolve(raw, registry)[1]
        if st == "author" or canon == UNKNOWN_OUTLET:
            st = "author" if st == "author" else "no outlet"
        status.append(st)
    frame["status"] = pd.array(status, dtype="string")
    return (frame.groupby(["outlet_raw", "outlet", "status"], sort=True).size().rename("n").reset_index()
            .sort_values(["status", "n", "outlet_raw"], ascending=[True, False, True], kind="stable")
            .reset_index(drop=True))


# -- rebuilding the lean table from datasets ------------------------------------------------------

def lean_table(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The lean ratings the datasets publish, one row per (outlet, source) (:data:`LEAN_COLUMNS`).

    Parameters
    ----------
    frames : dict of str to DataFrame
        Dataset name → its loaded ``articles`` (canonical outlets, ``lean``, ``lean_source``,
        and where present ``lean_rating_raw``, the value as published). Rows whose lean was filled
        from the registry (``lean_source`` starting ``registry:``), rows without a lean and rows
        of :data:`~toolkit.corpus.schema.UNKNOWN_OUTLET` are ignored.

    Returns
    -------
    DataFrame
        Sorted by outlet and source. ``lean`` is the value on most rows (ties: the one nearer the
        centre of the scale, then the left); ``conflicts`` lists the other values with their row
        counts per dataset.
    """
    parts = []
    for name, a in frames.items():
        if "lean_source" not in a or not len(a):
            continue
        own = a["lean"].notna() & a["lean_source"].notna() & ~a["lean_source"].str.startswith(REGISTRY_PREFIX) \
            & (a["outlet"] != UNKNOWN_OUTLET)
        raw = a["lean_rating_raw"] if "lean_rating_raw" in a else a["lean"]
        parts.append(pd.DataFrame({"outlet": a.loc[own, "outlet"].astype(str), "source": a.loc[own, "lean_source"].astype(str),
                                   "lean": a.loc[own, "lean"].astype(str), "rating": raw[own].astype(str),
                                   "dataset": name}))
    if not parts:
        return pd.DataFrame(columns=list(LEAN_COLUMNS), dtype="string")
    rows = pd.concat(parts, ignore_index=True)
    centre = {v: (abs(i - 2), i) for i, v in enumerate(LEAN_SCALE)}
    out = []
    for (outlet, src), g in rows.groupby(["outlet", "source"], sort=True):
        counts = g.groupby("lean").size()
        best = sorted(counts.index, key=lambda v: (-counts[v], centre[v]))[0]
        chosen = g[g["lean"] == best]
        rating = chosen["rating"].value_counts().sort_index().idxmax()
        per_ds = chosen.groupby("dataset").size()
        others = g[g["lean"] != best].groupby(["lean", "dataset"]).size()
        out.append({"outlet": outlet, "source": src, "lean": best, "rating": rating,
                    "datasets": "; ".join(f"{d} ({k})" for d, k in per_ds.items()),
                    "conflicts": "; ".join(f"{v} ({d}, {k})" for (v, d), k in others.items())})
    return pd.DataFrame(out, columns=list(LEAN_COLUMNS)).astype("string")


__all__ = [
    "ADDED_COLUMNS", "KINDS", "LEAN_SOURCES", "LEAN_VOCABULARY", "CanonicalOutlets", "OutletRegistry",
    "UnknownOutletWarning", "canonical_outlets", "host_of", "lean_table", "load_outlet_registry", "name_key",
    "normalise_lean", "outlet_report",
]
