"""Adapters for frame codebooks and lexicons without article text: ``mfc`` and ``field2018_frame_lexicons``.

Both return an empty canonical article table (``n_read == 0``) and their content as tables.
Labels are normalised with :func:`.frames.normalise_label`; ``frame_id`` is the Policy Frames
Codebook / MFC dimension number (1-15), so these tables join each other and the
``semeval2023_task3_en`` frames even where the wording differs (Field et al. write "Public
Sentiment" and "Legality, Constitutionality, Jurisdiction" for MFC's "Public opinion" and
"Legality, constitutionality and jurisprudence").
"""

from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

import pandas as pd

from ...corpus.schema import CorpusError, empty_articles, empty_quarantine
from ...corpus.validate import CorpusTable
from ..registry import register
from .frames import normalise_label, string_table


def _no_articles() -> CorpusTable:
    return CorpusTable(empty_articles(), empty_quarantine(), n_read=0)


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _frame_id(code: str) -> int | None:
    """MFC dimension number of a frame code ``"N.0"`` (1 <= N <= 15), else None."""
    try:
        value = float(code)
    except ValueError:
        return None
    return int(value) if value == int(value) and 1 <= value <= 15 else None


# -- mfc -------------------------------------------------------------------------------------------

MFC = "mfc"
MFC_DEFINITIONS = "policy_frames_codebook_definitions.json"
MFC_ISSUES = ("immigration", "samesex", "smoking")
CODEBOOK_COLUMNS = ["scheme", "frame_id", "code", "frame", "name", "short", "definition"]


def _code_kind(code: str, name: str) -> str:
    value = float(code)
    if value >= 17:
        return "tone"
    if _frame_id(code) is not None:
        return "frame"
    if "irrelevant" in name.lower():
        return "irrelevant"
    return {1: "headline", 2: "primary"}.get(round(value % 1 * 10), "other")


def _mfc_issue(path: Path) -> dict:
    config = _read_json(path)
    terms = [t for group in config.get("search terms", []) for t in (group[0] if group else [])]
    date = "{year:04d}-{month:02d}-{day:02d}"
    return {"issue": config.get("name", path.stem.split("_")[0]), "first_date": date.format(**config["first date"]),
            "last_date": date.format(**config["last date"]), "n_expected": config.get("n_expected"),
            "search_terms": "; ".join(terms),
            "newspaper_csis": ";".join(str(c) for c in config.get("newspaper csis", []))}


@register(MFC)
def load_mfc(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """Media Frames Corpus codebook (no article text): the 15 policy frames, all codes, sources and issues.

    Tables: ``codebook`` (15 rows: ``scheme='mfc', frame_id, code, frame, name, short,
    definition``; ``short``/``definition`` from ``policy_frames_codebook_definitions.json``, a
    transcription of the Policy Frames Codebook made for the shared corpora: it is not in the
    MFC repository, so a downloaded copy lacks it and these two columns are empty),
    ``codes`` (every code of ``codes.json``: ``code, frame_id, kind, label, name``; kind is
    frame / headline / primary / irrelevant / tone), ``sources`` (``outlet, csi``: the newspaper
    names and Lexis-Nexis source ids of ``sources.json``) and ``issues`` (the three issue
    configs: ``issue, first_date, last_date, n_expected, search_terms, newspaper_csis``).
    """
    codes = _read_json(root / "codes.json")
    definitions_file = root / MFC_DEFINITIONS  # optional in the card: not in the MFC repository
    definitions = ({d["code"]: d for d in _read_json(definitions_file).get("frames", [])}
                   if definitions_file.is_file() else {})
    code_rows, book = [], []
    for code, name in codes.items():
        kind = _code_kind(code, name)
        code_rows.append({"code": code, "frame_id": _frame_id(code), "kind": kind,
                          "label": normalise_label(name), "name": name})
        if kind == "frame":
            d = definitions.get(code, {})
            book.append({"scheme": MFC, "frame_id": _frame_id(code), "code": code, "frame": normalise_label(name),
                         "name": name, "short": d.get("short"), "definition": d.get("definition")})
    sources = [{"outlet": k, "csi": v} for k, v in _read_json(root / "sources.json").items()]
    issues = [_mfc_issue(root / f"{issue}_config.json") for issue in MFC_ISSUES]
    return _no_articles(), {
        "codebook": string_table(book, CODEBOOK_COLUMNS, ints=["frame_id"]),
        "codes": string_table(code_rows, ["code", "frame_id", "kind", "label", "name"], ints=["frame_id"]),
        "sources": string_table(sources, ["outlet", "csi"], ints=["csi"]),
        "issues": string_table(issues, ["issue", "first_date", "last_date", "n_expected", "search_terms",
                                        "newspaper_csis"], ints=["n_expected"]),
    }


# -- field2018_frame_lexicons -----------------------------------------------------------------------

FIELD = "field2018_frame_lexicons"
FIELD_UPSTREAM_DIR = "src/log_odds_comp"
FIELD_CODES = tuple(f"{n}.0" for n in range(1, 16))
#: derived file -> upstream pickle(s) it is built from.
FIELD_DERIVED = {
    "frame_to_lex_ru.json": (f"{FIELD_UPSTREAM_DIR}/frame_to_lex.pickle",),
    "mfc_codes_cache.json": (f"{FIELD_UPSTREAM_DIR}/codes_cache.pickle",),
    "frame_code_wordlists_ru.json": tuple(f"{FIELD_UPSTREAM_DIR}/{c}.pickle" for c in FIELD_CODES),
}
FIELD_INTRUDER_FILES = {"lex1": "intruder_eval_frame_lex1.csv", "lex2": "intruder_eval_frame_lex2.csv"}


class PlainDataUnpickler(pickle.Unpickler):
    """Unpickler that refuses everything but plain containers and scalars.

    Upstream caches are pickles; loading an arbitrary pickle can run code, so only builtin
    containers (and ``collections`` dict subclasses) may be reconstructed. Python 2 byte
    strings are decoded as UTF-8.
    """

    ALLOWED = {
        ("builtins", n) for n in ("dict", "list", "set", "frozenset", "tuple", "str", "bytes", "int", "float", "bool")
    } | {("collections", n) for n in ("OrderedDict", "defaultdict", "Counter")}

    def find_class(self, module: str, name: str):
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}: only plain data (dict, list, str, "
                                     f"numbers) is accepted from upstream pickles")


def load_plain_pickle(path: Path):
    """Load a pickle holding only plain data (see :class:`PlainDataUnpickler`)."""
    with open(path, "rb") as fh:
        return PlainDataUnpickler(fh, encoding="utf-8").load()


def _plain(obj):
    """Containers as JSON sees them: dict keys kept (float keys print as ``"1.0"``), sets sorted."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (set, frozenset)):
        return sorted(_plain(v) for v in obj)
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def write_json_like_upstream(obj, path: Path) -> None:
    """The derived files' format: ``json.dumps(obj, indent=1, ensure_ascii=False)``, UTF-8, no final newline."""
    path.write_bytes(json.dumps(_plain(obj), indent=1, ensure_ascii=False).encode("utf-8"))


def derive_field2018(root: Path) -> None:
    """Rebuild the three JSON files from the upstream pickles in ``src/log_odds_comp/``.

    ``frame_to_lex_ru.json`` = ``frame_to_lex.pickle`` (frame name -> Russian lexicon, in the
    pickled order); ``mfc_codes_cache.json`` = ``codes_cache.pickle`` (float code -> name; JSON
    writes the keys as ``"1.0"``); ``frame_code_wordlists_ru.json`` = ``{"N.0": <N.0.pickle>}``
    for N = 1..15 (the 100 translated seed words per frame). Format checked against the
    committed files (indent 1, non-ASCII kept, no final newline); the content cannot be checked
    here without the upstream pickles.
    """
    up = {path: root / "_upstream" / path for paths in FIELD_DERIVED.values() for path in paths}
    write_json_like_upstream(load_plain_pickle(up[FIELD_DERIVED["frame_to_lex_ru.json"][0]]),
                             root / "frame_to_lex_ru.json")
    write_json_like_upstream(load_plain_pickle(up[FIELD_DERIVED["mfc_codes_cache.json"][0]]),
                             root / "mfc_codes_cache.json")
    wordlists = {code: load_plain_pickle(up[path])
                 for code, path in zip(FIELD_CODES, FIELD_DERIVED["frame_code_wordlists_ru.json"])}
    write_json_like_upstream(wordlists, root / "frame_code_wordlists_ru.json")


def _term_rows(frame_id: int | None, frame_name: str, terms: list[str], **extra) -> list[dict]:
    return [{"frame_id": frame_id, "frame": normalise_label(frame_name), "frame_name": frame_name, **extra,
             "rank": rank, "term": term} for rank, term in enumerate(terms, start=1)]


def _intruder_rows(path: Path, test_set: str) -> list[dict]:
    """Blocks of ``frame, w1..w6`` then ``Annotations, a1..a6`` (blank separator rows)."""
    rows, item, terms = [], 0, None
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        for row in reader:
            if not row or not any(c.strip() for c in row):
                continue
            if row[0] == "Annotations":
                if terms is None:
                    raise CorpusError(f"{path}:{reader.line_num}: 'Annotations' row without a word row before it")
                frame_name, words = terms
                marks = row[1:] + [""] * (len(words) - len(row) + 1)
                rows += [{"test_set": test_set, "item": item, "frame": normalise_label(frame_name),
                          "frame_name": frame_name, "position": i, "term": w,
                          "annotation": int(m) if m.strip() else None}
                         for i, (w, m) in enumerate(zip(words, marks), start=1)]
                terms = None
            else:
                if terms is not None:
                    raise CorpusError(f"{path}:{reader.line_num}: word row without the 'Annotations' row of the "
                                      f"previous item")
                item += 1
                terms = (row[0], [w for w in row[1:]])
    if terms is not None:
        raise CorpusError(f"{path}: the last item has no 'Annotations' row")
    return rows


@register(FIELD, derive=derive_field2018)
def load_field2018(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """Field et al. 2018 Russian frame lexicons for the 15 MFC frames, seed word lists and intruder tests.

    Tables: ``lexicons`` (``frame_id, frame, frame_name, rank, term``: the induced lexicon of
    each frame in upstream order; ``frame`` is Field et al.'s frame name normalised),
    ``seed_words`` (``frame_id, frame, frame_name, code, rank, term``: the 100 translated seed
    words per frame code) and ``intruder_tests`` (``test_set, item, frame, frame_name,
    position, term, annotation``: one row per word shown in the intruder-detection evaluation,
    ``annotation`` the 0/1 mark in the file, missing where the file leaves it blank).
    ``frame_id`` comes from ``mfc_codes_cache.json``.
    """
    codes = _read_json(root / "mfc_codes_cache.json")
    name_to_id = {name: _frame_id(code) for code, name in codes.items() if _frame_id(code)}
    lexicon_rows = []
    for frame_name, terms in _read_json(root / "frame_to_lex_ru.json").items():
        lexicon_rows += _term_rows(name_to_id.get(frame_name), frame_name, terms)
    seed_rows = []
    for code, terms in _read_json(root / "frame_code_wordlists_ru.json").items():
        seed_rows += _term_rows(_frame_id(code), codes.get(code, code), terms, code=code)
    intruders = [r for test_set, name in FIELD_INTRUDER_FILES.items() for r in _intruder_rows(root / name, test_set)]
    return _no_articles(), {
        "lexicons": string_table(lexicon_rows, ["frame_id", "frame", "frame_name", "rank", "term"],
                                 ints=["frame_id", "rank"]),
        "seed_words": string_table(seed_rows, ["frame_id", "frame", "frame_name", "code", "rank", "term"],
                                   ints=["frame_id", "rank"]),
        "intruder_tests": string_table(intruders, ["test_set", "item", "frame", "frame_name", "position", "term",
                                                   "annotation"], ints=["item", "position", "annotation"]),
    }
