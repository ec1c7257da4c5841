"""Wire copies and near duplicates across outlets.

Agency copy (wire stories) is re-published by many outlets with small edits: a new headline,
a dropped paragraph, an added attribution line. Counting such copies as independent coverage
inflates some outlets and framings, so the toolkit finds them first:

:func:`find_near_duplicates`
    Candidate pairs of near-duplicate articles with their exact Jaccard similarity.
:func:`flag_wire_copies`
    A copy of the article table with ``dup_group``, ``dup_of``, ``is_wire_copy`` and ``direction``
    columns.
:func:`wire_copy_report`
    Who copies whom: number and share of copies per (original outlet, copying outlet, direction).

Which copy is the original
--------------------------
Publication times decide only where they can: two articles on different calendar days (UTC), or
two with a time of day (a ``published`` value that is not exactly midnight UTC) at different times,
are ordered, and that direction is ``"known"``. Two articles of the same day where either has no
time of day (date-only sources), identical timestamps, or a missing date are a *tie*. On a tie a
news agency (:data:`AGENCIES`, matched case-insensitively as whole words of the outlet name) is
preferred as the original and the direction is ``"agency-tie"``; otherwise it is ``"undirected"``:
one article of the group is still kept as its representative (so copies are counted once), but
the report makes no claim about who copied whom. The ``doc_id`` never decides a direction; it only
breaks ties between articles of the same outlet name, as a last deterministic resort.

How it works
------------
1. Each ``text`` is normalised (Unicode NFKC, case-folded, apostrophes dropped, other
   punctuation and underscores turned into spaces, whitespace collapsed) and cut into word
   shingles (``shingle_size`` consecutive words).
2. Every shingle is hashed exactly once to 64 bits (a polynomial hash of its normalised bytes,
   computed for all shingles of a text at once from prefix sums, then MurmurHash3's finaliser).
   A text with fewer words than ``shingle_size`` is a single shingle; an empty text has none and
   is never paired.
3. The shingle hashes feed :class:`datasketch.MinHash` sketches (``affine32`` scheme, computed
   for all permutations at once, stored as :class:`datasketch.LeanMinHash`) which are indexed
   in a :class:`datasketch.MinHashLSH`. The LSH bands are chosen so that a pair whose Jaccard
   similarity equals ``threshold`` is missed with probability at most 1 % (pairs above it even
   less often).
4. Every LSH candidate pair is verified with the *exact* Jaccard similarity of the two shingle
   sets (on the 64-bit shingle hashes); only pairs with similarity >= ``threshold`` are kept.

>>> pairs = find_near_duplicates(articles, threshold=0.5)        # doctest: +SKIP
>>> flagged = flag_wire_copies(articles, pairs)                   # doctest: +SKIP
>>> wire_copy_report(flagged).head()                              # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHash, MinHashLSH
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from tqdm.auto import tqdm

from .schema import CorpusError

__all__ = [
    "AGENCIES", "DIRECTIONS", "PAIR_COLUMNS", "REPORT_COLUMNS", "find_near_duplicates", "flag_wire_copies",
    "is_agency", "normalize_text", "shingle_hashes", "wire_copy_report",
]

#: Columns of the table returned by :func:`find_near_duplicates`.
PAIR_COLUMNS: tuple[str, ...] = ("doc_id_a", "doc_id_b", "outlet_a", "outlet_b", "similarity")
#: Columns of the table returned by :func:`wire_copy_report`.
REPORT_COLUMNS: tuple[str, ...] = ("outlet_original", "outlet_copy", "direction", "n_copies", "share")
#: Values of the ``direction`` column: times say who was first; a same-day tie resolved in favour of
#: a news agency; a tie (or missing date) with no agency to prefer.
DIRECTIONS: tuple[str, ...] = ("known", "agency-tie", "undirected")
#: News agencies preferred as the original of a same-day tie; each matches as whole words of the
#: outlet name, case-insensitively ("Reuters", "Thomson Reuters", "AP", "The Associated Press"). Names
#: ending in "news agency", "press agency" or "wire service" count too (e.g. a fictional
#: "Northwind Press Agency" in the demo corpus).
AGENCIES: tuple[str, ...] = (
    "Associated Press", "AP", "Reuters", "AFP", "Agence France-Presse", "Agence France Presse", "Bloomberg",
    "UPI", "United Press International", "dpa", "Deutsche Presse-Agentur", "ANSA", "EFE", "Xinhua", "TASS",
    "Interfax", "PA Media", "Press Association", "news agency", "press agency", "wire service",
)

#: Largest probability that the LSH step misses a pair whose Jaccard similarity equals the threshold.
LSH_MISS_RATE = 0.01

_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")
_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]+")
#: bytes.translate table: ASCII letters and digits stay, every other byte becomes a space.
_ASCII_TABLE = bytes((c if chr(c).isalnum() else 32) for c in range(128)) + bytes([32] * 128)
_U64 = np.uint64
_BASE = _U64(0x9E3779B97F4A7C15)  # odd, so invertible modulo 2**64
_BASE_INV = _U64(pow(int(_BASE), -1, 1 << 64))
_LOW32 = _U64(0xFFFFFFFF)


# --------------------------------------------------------------------------------------------
# normalisation and shingling
# --------------------------------------------------------------------------------------------
def normalize_text(text: str) -> str:
    """Normalise a text for shingling.

    Parameters
    ----------
    text : str
        Any text; a missing value (``None``/``NaN``) counts as empty.

    Returns
    -------
    str
        NFKC-normalised, case-folded text with apostrophes removed (``don't`` -> ``dont``),
        every other run of punctuation, symbols or underscores replaced by one space and
        whitespace collapsed to single spaces (no leading/trailing space).
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def _normalized_bytes(text) -> bytes:
    """``normalize_text(text)`` as UTF-8 bytes, except that words may be separated by several spaces.

    Faster than :func:`normalize_text`: punctuation outside ASCII (curly quotes, dashes) is removed
    with a regex that only visits non-ASCII characters, and a text that is then pure ASCII is
    mapped with :meth:`bytes.translate`.
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return b""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", str(text)).casefold())
    text = _NON_ASCII_NON_WORD.sub(" ", text)
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TABLE)
    return _NON_WORD.sub(" ", text).encode("utf-8")


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (a bijection that spreads every input bit over the output)."""
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (the pre-mix datasketch's ``affine32`` scheme applies)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class _Powers:
    """Powers of the polynomial-hash base ``_BASE`` and of its inverse modulo 2**64, grown on demand."""

    def __init__(self) -> None:
        self.up = np.ones(1, dtype=_U64)    # _BASE ** i
        self.down = np.ones(1, dtype=_U64)  # _BASE ** -i

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.up) < n:
            size = max(n, 2 * len(self.up), 4096)
            up = np.empty(size, dtype=_U64)
            down = np.empty(size, dtype=_U64)
            up[0] = down[0] = 1
            up[1:] = np.cumprod(np.full(size - 1, _BASE, dtype=_U64))  # wraps modulo 2**64
            down[1:] = np.cumprod(np.full(size - 1, _BASE_INV, dtype=_U64))
            self.up, self.down = up, down
        return self.up, self.down


_POWERS = _Powers()


def shingle_hashes(text: str, shingle_size: int = 5) -> np.ndarray:
    """Hash the word shingles of one text.

    Parameters
    ----------
    text : str
        Raw text; it is normalised as by :func:`normalize_text` first.
    shingle_size : int, default 5
        Number of consecutive words per shingle.

    Returns
    -------
    numpy.ndarray of uint64
        Sorted, distinct 64-bit shingle hashes. A text with fewer than ``shingle_size`` words
        gives a single shingle (all its words); an empty text gives an empty array. The hashes
        depend only on the shingle's words: not on the process (no Python ``hash`` salt), the
        platform or the other texts.

    Notes
    -----
    Each shingle ``w1 w2 ... wk`` is hashed once, as the polynomial hash of its normalised bytes
    (words joined by single spaces) modulo 2**64, followed by MurmurHash3's 64-bit finaliser.
    All shingles of a text are hashed together from prefix sums, without a Python loop.
    """
    data = np.frombuffer(_normalized_bytes(text), dtype=np.uint8)
    word = data != 32
    if not word.any():
        return np.empty(0, dtype=_U64)
    keep = word.copy()
    keep[1:] |= word[:-1]  # keep word bytes and the first space after each word
    data, word = data[keep], word[keep]
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)  # exclusive
    k = min(int(shingle_size), len(starts))
    first, last = starts[:len(starts) - k + 1], ends[k - 1:]
    up, down = _POWERS.get(len(data) + 1)
    # prefix[j] = sum_{i<j} c_i * BASE**-i, so the hash of bytes [s, e) is
    # BASE**(e-1) * (prefix[e] - prefix[s]) = sum_{s<=i<e} c_i * BASE**(e-1-i)
    prefix = np.zeros(len(data) + 1, dtype=_U64)
    np.cumsum(data.astype(_U64) * down[:len(data)], out=prefix[1:])
    h = _fmix64(up[last - 1] * (prefix[last] - prefix[first]))
    h.sort()
    if len(h) > 1:
        h = h[np.concatenate(([True], h[1:] != h[:-1]))]
    return h


# --------------------------------------------------------------------------------------------
# MinHash / LSH
# --------------------------------------------------------------------------------------------
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands ``b`` and rows ``r`` (``b * r <= num_perm``) for the LSH index.

    The largest ``r`` (fewest spurious candidates) whose probability of missing a pair with Jaccard
    similarity ``threshold``, ``(1 - threshold**r) ** b``, is at most :data:`LSH_MISS_RATE`.
    """
    best = (num_perm, 1)
    for r in range(1, num_perm + 1):
        b = num_perm // r
        if (1.0 - threshold ** r) ** b <= LSH_MISS_RATE:
            best = (b, r)
        else:
            break
    return best


class _Sketcher:
    """Turns shingle-hash arrays into LeanMinHash sketches, all permutations at once.

    With datasketch's ``affine32`` scheme the hash values are computed here with numpy exactly as
    :meth:`datasketch.MinHash.update_batch` would compute them (the tests check this), but without
    its per-element Python hash-function call. Other schemes (e.g. datasketch < 2, "legacy") go
    through ``update_batch`` itself.
    """

    def __init__(self, num_perm: int, seed: int) -> None:
        self.template = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)
        self.scheme = getattr(self.template, "scheme", "legacy")
        self.seed = seed
        if self.scheme == "affine32":
            a, b = self.template.permutations
            self.a = np.asarray(a, dtype=np.uint32)
            self.b = np.asarray(b, dtype=np.uint32)

    def __call__(self, hashes: np.ndarray) -> LeanMinHash:
        hv32 = (hashes & _LOW32).astype(np.uint32)
        if self.scheme == "affine32":
            values = np.full(len(self.a), np.uint32(0xFFFFFFFF), dtype=np.uint32)
            mixed = _fmix32(hv32)[:, None]
            for start in range(0, len(mixed), 2048):  # bounded memory for very long texts
                block = np.multiply(mixed[start:start + 2048], self.a)
                block += self.b  # wraps modulo 2**32, as in datasketch
                np.minimum(values, block.min(axis=0), out=values)
            return LeanMinHash(seed=self.seed, hashvalues=values, scheme="affine32")
        m = self.template.copy()
        m.update_batch(hv32.tolist())
        return LeanMinHash(m)


def _identity(x):
    return int(x)


# --------------------------------------------------------------------------------------------
# agencies and tie-breaking
# --------------------------------------------------------------------------------------------
def _agency_pattern(agencies: Sequence[str]) -> re.Pattern:
    names = sorted({a.strip() for a in agencies if a and a.strip()}, key=len, reverse=True)
    if not names:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I)


def is_agency(outlet: object, agencies: Sequence[str] = AGENCIES) -> bool:
    """True when the outlet name contains one of ``agencies`` as whole words (case-insensitive).

    >>> is_agency("Reuters"), is_agency("The Associated Press"), is_agency("Apex Daily")
    (True, True, False)
    """
    return isinstance(outlet, str) and bool(_agency_pattern(tuple(agencies)).search(outlet))


def _has_time(when: pd.Series) -> np.ndarray:
    """True where a timestamp carries a time of day (is not exactly midnight UTC)."""
    known = when.notna().to_numpy()
    midnight = (when.dt.tz_convert("UTC") == when.dt.tz_convert("UTC").dt.normalize()).fillna(True).to_numpy()
    return known & ~midnight


def _choose_original(members: np.ndarray, when: pd.Series, has_time: np.ndarray, agency: np.ndarray,
                     outlet_key: np.ndarray, ids: pd.Series) -> tuple[int, dict[int, str]]:
    """The group's original (a row position) and each other member's direction."""
    def first(a: int, b: int) -> bool:  # a is known to be earlier than b
        ta, tb = when.iat[a], when.iat[b]
        if pd.isna(ta) or pd.isna(tb):
            return False
        if ta.normalize() != tb.normalize():
            return ta < tb
        return bool(has_time[a] and has_time[b] and ta < tb)

    dated = [m for m in members if pd.notna(when.iat[m])] or list(members)
    candidates = [m for m in dated if not any(first(o, m) for o in members if o != m)]
    original = min(candidates, key=lambda m: (not agency[m], outlet_key[m], ids.iat[m]))
    direction = {}
    for m in members:
        if m == original:
            continue
        if first(original, m):
            direction[m] = "known"
        elif agency[original] and not agency[m]:
            direction[m] = "agency-tie"
        else:
            direction[m] = "undirected"
    return original, direction


# --------------------------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------------------------
def _require(articles, columns: Sequence[str], what: str) -> None:
    if not isinstance(articles, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame of articles, found {type(articles).__name__}.")
    missing = [c for c in columns if c not in articles.columns]
    if missing:
        found = ", ".join(map(str, articles.columns)) or "(no columns)"
        raise CorpusError(
            f"{what}: the article table lacks column(s) {missing}. Expected at least {list(columns)}; "
            f"found: {found}."
        )


def _doc_ids(articles: pd.DataFrame, what: str) -> pd.Series:
    ids = articles["doc_id"]
    if ids.isna().any():
        rows = list(np.flatnonzero(ids.isna().to_numpy())[:5])
        raise CorpusError(f"{what}: 'doc_id' is missing in {int(ids.isna().sum())} row(s) (positions {rows}); "
                          f"every article needs a unique doc_id.")
    ids = ids.astype(str)
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        raise CorpusError(f"{what}: 'doc_id' must be unique; found {dup.nunique()} repeated id(s), "
                          f"e.g. {sorted(dup.unique())[:5]}.")
    return ids.reset_index(drop=True)


def _published(articles: pd.DataFrame) -> pd.Series:
    """``published`` as UTC timestamps (unparseable or missing values become NaT)."""
    col = articles["published"]
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        out = col.dt.tz_convert("UTC")
    else:
        out = pd.to_datetime(col, utc=True, errors="coerce", format="mixed")
    return out.reset_index(drop=True)


def _check_params(threshold: float, shingle_size: int, num_perm: int, max_days) -> None:
    if not 0.0 < float(threshold) <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], found {threshold!r}.")
    if int(shingle_size) != shingle_size or shingle_size < 1:
        raise ValueError(f"shingle_size must be a positive integer, found {shingle_size!r}.")
    if int(num_perm) != num_perm or num_perm < 2:
        raise ValueError(f"num_perm must be an integer >= 2, found {num_perm!r}.")
    if max_days is not None and not max_days >= 0:
        raise ValueError(f"max_days must be None or a number >= 0, found {max_days!r}.")


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id_a": pd.Series([], dtype="string"),
        "doc_id_b": pd.Series([], dtype="string"),
        "outlet_a": pd.Series([], dtype="string"),
        "outlet_b": pd.Series([], dtype="string"),
        "similarity": pd.Series([], dtype="float64"),
    })


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------
def find_near_duplicates(
    articles: pd.DataFrame,
    *,
    threshold: float = 0.5,
    shingle_size: int = 5,
    num_perm: int = 128,
    seed: int = 1,
    cross_outlet_only: bool = True,
    max_days: float | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Find pairs of near-duplicate articles (wire copies, syndicated or re-published stories).

    Parameters
    ----------
    articles : DataFrame
        Canonical article table. Needs ``doc_id`` (unique), ``outlet`` and ``text``; ``published``
        too when ``max_days`` is set. Other columns are ignored. Missing or empty texts are never paired.
    threshold : float, default 0.5
        Smallest exact Jaccard similarity of the two texts' shingle sets for a pair to be reported,
        in (0, 1]. Copies with a new headline, a dropped sentence and an added credit line
        typically score 0.8-0.95; independent reports on the same event typically stay below 0.1.
    shingle_size : int, default 5
        Words per shingle. Larger values make the similarity stricter about word order.
    num_perm : int, default 128
        MinHash permutations used by the LSH candidate step. More permutations give more (and
        more selective) LSH bands at a higher cost; the reported similarity is exact regardless.
    seed : int, default 1
        Seed of the MinHash permutations. The same input and seed always give the same result.
    cross_outlet_only : bool, default True
        Only report pairs of articles from different outlets (``outlet_a != outlet_b``).
    max_days : float, optional
        When set, only report pairs published at most this many days apart. Pairs where either
        ``published`` is missing or unparseable are kept (their distance is unknown).
    progress : bool, optional
        Show a tqdm progress bar while sketching. ``None`` (default) shows it only on a terminal.

    Returns
    -------
    DataFrame
        One row per pair, columns ``doc_id_a``, ``doc_id_b``, ``outlet_a``, ``outlet_b`` (strings)
        and ``similarity`` (float, exact Jaccard similarity of the shingle sets). Within a pair
        ``doc_id_a < doc_id_b`` (as strings); rows are sorted by ``doc_id_a`` then ``doc_id_b``,
        with a fresh ``RangeIndex``. An empty table (same columns) when nothing matches.

    Raises
    ------
    CorpusError
        A required column is missing, or ``doc_id`` is missing or repeated.
    ValueError
        A parameter is out of range.

    Notes
    -----
    Candidates come from :class:`datasketch.MinHashLSH` over :class:`datasketch.MinHash` sketches
    of the shingles; the bands are chosen so that a pair exactly at ``threshold`` is missed with
    probability <= 1 %. Each candidate is then verified with the exact Jaccard similarity, so there
    are no false positives with respect to ``threshold`` (up to 64-bit hash collisions).
    """
    what = "find_near_duplicates"
    _check_params(threshold, shingle_size, num_perm, max_days)
    _require(articles, ["doc_id", "outlet", "text"] + (["published"] if max_days is not None else []), what)
    ids = _doc_ids(articles, what)
    n = len(ids)
    if n < 2:
        return _empty_pairs()
    outlets = articles["outlet"].astype("string").fillna("").reset_index(drop=True).to_numpy(dtype=object)
    texts = articles["text"].reset_index(drop=True)

    sketch = _Sketcher(int(num_perm), int(seed))
    bands, rows = _lsh_params(float(threshold), int(num_perm))
    lsh = MinHashLSH(num_perm=int(num_perm), params=(bands, rows))
    shingles: list[np.ndarray] = [None] * n  # type: ignore[list-item]
    with lsh.insertion_session() as session:
        for i, text in enumerate(tqdm(texts, total=n, desc="dedup: sketching", unit="doc",
                                      disable=(None if progress is None else not progress))):
            hashes = shingle_hashes(text, int(shingle_size))
            shingles[i] = hashes
            if len(hashes):
                session.insert(i, sketch(hashes))

    # Candidates: documents sharing a bucket in any band (what MinHashLSH.query returns for each
    # document, read off the band tables in one pass instead of one query per document).
    cand: set[tuple[int, int]] = set()
    for table in lsh.hashtables:
        for bucket, count in table.itemcounts().items():
            if count > 1:
                cand.update(itertools.combinations(sorted(table.get(bucket)), 2))
    if not cand:
        return _empty_pairs()
    pairs = np.array(sorted(cand), dtype=np.int64)
    a, b = pairs[:, 0], pairs[:, 1]
    keep = np.ones(len(pairs), dtype=bool)
    if cross_outlet_only:
        keep &= outlets[a] != outlets[b]
    if max_days is not None:
        when = _published(articles).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
        gap_days = np.abs((when[a] - when[b]) / np.timedelta64(1, "D"))
        keep &= ~(gap_days > float(max_days))  # NaN (a missing date) is kept
    a, b = a[keep], b[keep]

    sizes = np.array([len(s) for s in shingles], dtype=np.float64)
    # |A & B| <= min(|A|, |B|), so J <= min/max: skip pairs that cannot reach the threshold.
    possible = np.minimum(sizes[a], sizes[b]) >= threshold * np.maximum(sizes[a], sizes[b]) - 1e-9
    a, b = a[possible], b[possible]
    sim = np.empty(len(a), dtype=np.float64)
    for k, (i, j) in enumerate(zip(a.tolist(), b.tolist())):
        inter = len(np.intersect1d(shingles[i], shingles[j], assume_unique=True))
        sim[k] = inter / (sizes[i] + sizes[j] - inter)
    ok = sim >= threshold
    a, b, sim = a[ok], b[ok], sim[ok]
    if not len(a):
        return _empty_pairs()

    id_arr = ids.to_numpy(dtype=object)
    ida, idb = id_arr[a], id_arr[b]
    swap = ida > idb
    first = np.where(swap, b, a)
    second = np.where(swap, a, b)
    out = pd.DataFrame({
        "doc_id_a": pd.array(id_arr[first], dtype="string"),
        "doc_id_b": pd.array(id_arr[second], dtype="string"),
        "outlet_a": pd.array(outlets[first], dtype="string"),
        "outlet_b": pd.array(outlets[second], dtype="string"),
        "similarity": sim,
    })
    return out.sort_values(["doc_id_a", "doc_id_b"], kind="mergesort", ignore_index=True)


def flag_wire_copies(articles: pd.DataFrame, pairs: pd.DataFrame | None = None, *,
                     agencies: Sequence[str] = AGENCIES, **kw) -> pd.DataFrame:
    """Group near duplicates and mark every member but the original as a wire copy.

    Parameters
    ----------
    articles : DataFrame
        Canonical article table; needs ``doc_id`` (unique), ``outlet`` and ``published`` (and
        ``text`` when ``pairs`` is not given). ``published`` may be datetimes or date strings;
        missing/unparseable dates sort after every known date.
    pairs : DataFrame, optional
        Near-duplicate pairs with columns ``doc_id_a`` and ``doc_id_b``, e.g. the output of
        :func:`find_near_duplicates` (possibly filtered). Every id must occur in ``articles``.
        When omitted, the pairs are computed with :func:`find_near_duplicates`.
    agencies : sequence of str, default :data:`AGENCIES`
        Outlet names (whole words, case-insensitive) preferred as the original of a tie.
    **kw
        Keyword arguments for :func:`find_near_duplicates` (``threshold``, ``shingle_size``,
        ``num_perm``, ``seed``, ``cross_outlet_only``, ``max_days``, ``progress``); only allowed
        when ``pairs`` is omitted.

    Returns
    -------
    DataFrame
        A copy of ``articles`` (same rows, order and index; nothing dropped) with four added
        (or replaced) columns:

        ``dup_group`` : string
            Id of the connected component of the near-duplicate graph (``"dup00000"``, ...,
            numbered by the component's first row), missing for articles without near duplicates.
        ``dup_of`` : string
            ``doc_id`` of the group's original: among the members no other member is known to
            precede (see the module docstring; members with a date before undated ones), a news
            agency first, then the outlet name (case-folded), then ``doc_id`` (same outlet only).
            Missing for the original itself and for singletons.
        ``is_wire_copy`` : bool
            True for every group member except the original.
        ``direction`` : string
            For copies: ``"known"`` (times show the original came first), ``"agency-tie"`` (a tie
            resolved in favour of a news agency) or ``"undirected"`` (a tie: either may be the
            original; ``dup_of`` only names the group's representative). Missing otherwise.

    Raises
    ------
    CorpusError
        A required column is missing, ``doc_id`` is missing or repeated, or ``pairs`` lacks
        ``doc_id_a``/``doc_id_b`` or names ids not in ``articles``.
    TypeError
        Both ``pairs`` and keyword arguments for :func:`find_near_duplicates` were given.

    Notes
    -----
    Groups are connected components, so two articles can share a group through a third one
    without being near duplicates of each other themselves.
    """
    what = "flag_wire_copies"
    _require(articles, ["doc_id", "outlet", "published"] + (["text"] if pairs is None else []), what)
    if pairs is None:
        pairs = find_near_duplicates(articles, **kw)
    elif kw:
        raise TypeError(f"{what}: got both `pairs` and find_near_duplicates options {sorted(kw)}; "
                        f"pass options only when the pairs are computed here (pairs=None).")
    if not isinstance(pairs, pd.DataFrame) or not {"doc_id_a", "doc_id_b"} <= set(pairs.columns):
        found = list(pairs.columns) if isinstance(pairs, pd.DataFrame) else type(pairs).__name__
        raise CorpusError(f"{what}: `pairs` must be a DataFrame with columns 'doc_id_a' and 'doc_id_b' "
                          f"(as returned by find_near_duplicates); found {found}.")
    ids = _doc_ids(articles, what)
    n = len(ids)
    out = articles.copy()
    position = pd.Series(np.arange(n), index=pd.Index(ids))
    pa = pairs["doc_id_a"].astype(str)
    pb = pairs["doc_id_b"].astype(str)
    unknown = sorted(set(pa[~pa.isin(position.index)]) | set(pb[~pb.isin(position.index)]))
    if unknown:
        raise CorpusError(f"{what}: `pairs` names {len(unknown)} doc_id(s) not in the article table, "
                          f"e.g. {unknown[:5]}; compute the pairs on the same table.")

    group = np.full(n, None, dtype=object)
    dup_of = np.full(n, None, dtype=object)
    direction = np.full(n, None, dtype=object)
    is_copy = np.zeros(n, dtype=bool)
    if len(pairs) and n:
        ia = position.loc[pa].to_numpy()
        ib = position.loc[pb].to_numpy()
        graph = coo_matrix((np.ones(len(ia), dtype=np.int8), (ia, ib)), shape=(n, n)).tocsr()
        _, labels = connected_components(graph, directed=False)
        sizes = np.bincount(labels)
        in_group = sizes[labels] > 1
        # Number the groups by their first row, so the ids follow the table's order.
        firsts = pd.Series(np.arange(n)[in_group]).groupby(labels[in_group]).min().sort_values()
        number = {lab: k for k, lab in enumerate(firsts.index)}
        published = _published(articles)
        has_time = _has_time(published)
        outlet_names = articles["outlet"].astype("string").fillna("").to_numpy(dtype=object)
        pattern = _agency_pattern(tuple(agencies))
        agency = np.array([bool(pattern.search(o)) for o in outlet_names], dtype=bool)
        outlet_key = np.array([o.casefold() for o in outlet_names], dtype=object)
        members_of = pd.Series(np.flatnonzero(in_group)).groupby(labels[in_group]).agg(list)
        for lab, members in members_of.items():
            original, directions = _choose_original(np.asarray(members), published, has_time, agency,
                                                    outlet_key, ids)
            for pos in members:
                group[pos] = f"dup{number[lab]:05d}"
                if pos != original:
                    dup_of[pos] = ids.iat[original]
                    direction[pos] = directions[pos]
                    is_copy[pos] = True
    out["dup_group"] = pd.array(group, dtype="string")
    out["dup_of"] = pd.array(dup_of, dtype="string")
    out["is_wire_copy"] = is_copy
    out["direction"] = pd.array(direction, dtype="string")
    return out


def wire_copy_report(flagged: pd.DataFrame) -> pd.DataFrame:
    """Count wire copies per (original outlet, copying outlet).

    Parameters
    ----------
    flagged : DataFrame
        Output of :func:`flag_wire_copies`: needs ``doc_id``, ``outlet``, ``dup_of`` and
        ``is_wire_copy``; ``direction`` when present (a table without it counts every copy as
        ``"undirected"``: nothing says who was first).

    Returns
    -------
    DataFrame
        Columns ``outlet_original`` (outlet of the group's original, or of its representative when
        ``direction`` is ``"undirected"``), ``outlet_copy`` (outlet of the copy), ``direction``
        (one of :data:`DIRECTIONS`), ``n_copies`` (int, number of its articles flagged as copies of
        that outlet's articles, with that direction) and ``share`` (``n_copies`` divided by the
        copying outlet's number of articles in ``flagged``, in [0, 1]). Sorted by ``n_copies``
        then ``share`` descending (ties by outlet names, then direction in :data:`DIRECTIONS`
        order), with a fresh ``RangeIndex``. Empty (same columns) when there are no copies.

    Raises
    ------
    CorpusError
        A required column is missing (run :func:`flag_wire_copies` first), or a ``dup_of`` id is
        not in the table.
    """
    what = "wire_copy_report"
    _require(flagged, ["doc_id", "outlet", "dup_of", "is_wire_copy"], what + " (run flag_wire_copies first)")
    outlet = flagged["outlet"].astype("string").fillna("")
    outlet_of = pd.Series(outlet.to_numpy(), index=flagged["doc_id"].astype(str).to_numpy())
    copies = flagged[flagged["is_wire_copy"].fillna(False).astype(bool).to_numpy()]
    if copies.empty:
        return pd.DataFrame({"outlet_original": pd.Series([], dtype="string"),
                             "outlet_copy": pd.Series([], dtype="string"),
                             "direction": pd.Series([], dtype="string"),
                             "n_copies": pd.Series([], dtype="int64"),
                             "share": pd.Series([], dtype="float64")})
    orig_ids = copies["dup_of"].astype(str)
    unknown = sorted(set(orig_ids[~orig_ids.isin(outlet_of.index)]))
    if unknown:
        raise CorpusError(f"{what}: 'dup_of' names {len(unknown)} doc_id(s) not in the table, e.g. {unknown[:5]}.")
    if "direction" in copies:
        direction = copies["direction"].astype("string").fillna("undirected")
        bad = sorted(set(direction) - set(DIRECTIONS))
        if bad:
            raise CorpusError(f"{what}: 'direction' must be one of {list(DIRECTIONS)}; found {bad[:5]}.")
    else:
        direction = pd.Series("undirected", index=copies.index, dtype="string")
    table = pd.DataFrame({
        "outlet_original": pd.array(outlet_of.loc[orig_ids.to_numpy()].to_numpy(), dtype="string"),
        "outlet_copy": pd.array(copies["outlet"].astype("string").fillna("").to_numpy(), dtype="string"),
        "direction": pd.array(direction.to_numpy(), dtype="string"),
    })
    counts = table.groupby(["outlet_original", "outlet_copy", "direction"]).size().rename("n_copies").reset_index()
    totals = outlet.value_counts()
    counts["n_copies"] = counts["n_copies"].astype("int64")
    counts["share"] = (counts["n_copies"] / counts["outlet_copy"].map(totals).astype("float64")).astype("float64")
    counts["_rank"] = counts["direction"].map({d: i for i, d in enumerate(DIRECTIONS)}).astype("int64")
    counts = counts.sort_values(["n_copies", "share", "outlet_original", "outlet_copy", "_rank"],
                                ascending=[False, False, True, True, True], kind="mergesort", ignore_index=True)
    return counts.drop(columns="_rank")[list(REPORT_COLUMNS)]
