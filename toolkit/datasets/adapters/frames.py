"""Adapters for framing corpora: article-level frames, narratives, entity roles, sentence scores.

Datasets: ``semeval2023_task3_en``, ``narrative_frames_climate``, ``gvfc``,
``semeval2025_task10_narratives`` and ``ukraine_news_bias`` (codebook-only datasets live in
:mod:`.frames_lexicons`).

Label normalisation (every table of this module and of :mod:`.frames_lexicons`)
----------------------------------------------------------------------------------
Frame, narrative and role names keep each dataset's own vocabulary, normalised by
:func:`normalise_label`: lower case, every run of characters other than letters and digits
becomes one ``_``, no leading/trailing ``_`` (``"Legality, Constitutionality and jurisprudence"``
and ``"Legality_Constitutionality_and_jurisprudence"`` both become
``"legality_constitutionality_and_jurisprudence"``). Where a table also keeps the original
wording it is in a ``name`` / ``*_name`` column. Frame tables share the columns ``doc_id, scheme, frame``;
policy-frame tables (SemEval-2023, MFC, Field et al.) add ``frame_id`` (the MFC code 1-15) so
they join across datasets even where the wording differs.

Outlets go through the outlet registry (:mod:`toolkit.corpus.outlets`); where a dataset names no
outlet, ``outlet`` is ``unknown`` (:data:`~toolkit.corpus.schema.UNKNOWN_OUTLET`). Every table of
articles has ``source_dataset`` (the dataset's registry name) and a detected ``language``.
Character offsets (``start``/``end``) are Python slice bounds (end exclusive) into the
``text`` column; datasets that carry offsets are validated with ``clean=False`` so the text is
exactly the source text and the offsets stay valid.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from ...corpus import validate
from ...corpus.schema import (
    LINE_COL,
    SOURCE_COL,
    UNKNOWN_OUTLET,
    CorpusError,
    empty_articles,
    empty_quarantine,
    quarantine_frame,
)
from ...corpus.validate import CorpusTable
from ..cards import load_card
from ..registry import DatasetError, register

csv.field_size_limit(2**31 - 1)

#: The 15 dimensions of the Policy Frames Codebook, normalised, in MFC code order (1-15).
POLICY_FRAMES: tuple[str, ...] = (
    "economic", "capacity_and_resources", "morality", "fairness_and_equality",
    "legality_constitutionality_and_jurisprudence", "policy_prescription_and_evaluation",
    "crime_and_punishment", "security_and_defense", "health_and_safety", "quality_of_life",
    "cultural_identity", "public_opinion", "political", "external_regulation_and_reputation", "other",
)
POLICY_FRAME_IDS: dict[str, int] = {name: i for i, name in enumerate(POLICY_FRAMES, start=1)}

_NON_ALNUM = re.compile(r"[\W_]+")


# -- shared helpers ----------------------------------------------------------------------------

def normalise_label(name: object) -> str | None:
    """Normalise a frame / role / narrative name (see the module docstring).

    Examples
    --------
    >>> normalise_label("Legality, Constitutionality and jurisprudence")
    'legality_constitutionality_and_jurisprudence'
    >>> normalise_label("URW: Discrediting the West, Diplomacy")
    'urw_discrediting_the_west_diplomacy'
    >>> normalise_label(None) is None
    True
    """
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return None
    out = _NON_ALNUM.sub("_", str(name).lower()).strip("_")
    return out or None


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Join paragraphs with one blank line, skipping empty ones."""
    return "\n\n".join(p.strip() for p in paragraphs if p and p.strip())


def string_table(rows: list[dict], columns: list[str], *, ints: Iterable[str] = (),
                 floats: Iterable[str] = (), bools: Iterable[str] = ()) -> pd.DataFrame:
    """Build an annotation table with fixed columns: ``string`` dtype unless named otherwise.

    Integer columns become nullable ``Int64``, boolean columns nullable ``boolean``, so an
    empty table has the same schema as a full one (and Parquet round trips keep it).
    """
    frame = pd.DataFrame(rows, columns=columns)
    ints, floats, bools = set(ints), set(floats), set(bools)
    dtypes = {c: ("Int64" if c in ints else "float64" if c in floats else "boolean" if c in bools else "string")
              for c in columns}
    return frame.astype(dtypes).reset_index(drop=True)


def frames_table(rows: list[dict], extra: Iterable[str] = (), ints: Iterable[str] = ()) -> pd.DataFrame:
    """A ``frames`` table: ``doc_id, scheme, frame`` plus ``extra`` columns."""
    return string_table(rows, ["doc_id", "scheme", "frame", *extra], ints=ints)


def validated(records: list[dict], root: Path, *, dataset: str, parse_errors: list[dict] = (), clean: bool = True,
              types: dict[str, str] | None = None) -> CorpusTable:
    """Validate raw article records (canonical names, ``_source``/``_line`` set) into a CorpusTable.

    Parameters
    ----------
    records : list of dict
        One dict per article row read.
    root : Path
        The dataset folder (named in quarantine rows).
    dataset : str
        The dataset's registry name, written to ``source_dataset``.
    parse_errors : list of dict
        Quarantine rows for input the adapter could not even parse; added to the quarantine
        and to ``n_read``.
    clean : bool
        Passed to :func:`~toolkit.corpus.validate`; False where annotations hold text offsets.
    types : dict, optional
        Dtypes for extra columns (``"string"``, ``"boolean"``, ``"Int64"``), so a fresh load and a
        Parquet-cached load give the same schema.
    """
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["doc_id", "outlet", "text"])
    frame["source_dataset"] = dataset
    if len(frame):
        table = validate(frame, source=str(root), clean=clean)
    else:
        table = CorpusTable(empty_articles(), empty_quarantine(), n_read=0)
    if parse_errors:
        q = pd.concat([quarantine_frame(list(parse_errors)), table.quarantine], ignore_index=True)
        table = CorpusTable(table.articles, q, table.cleaning, n_read=table.n_read + len(parse_errors),
                            outlets=table.outlets)
    for column, dtype in (types or {}).items():
        if column not in table.articles:
            table.articles[column] = pd.NA
        table.articles[column] = table.articles[column].astype(dtype)
    return table


def jsonl_records(path: Path, errors: list[dict]) -> Iterator[tuple[int, dict]]:
    """Yield ``(line_number, object)`` per JSON line; unreadable lines go to ``errors``."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append({"source": str(path), "line": lineno, "field": "json",
                               "reason": f"invalid JSON: {exc.msg}", "raw": line[:500]})
                continue
            if not isinstance(obj, dict):
                errors.append({"source": str(path), "line": lineno, "field": "json",
                               "reason": "not a JSON object", "raw": line[:500]})
                continue
            yield lineno, obj


def tsv_lines(path: Path, n_min: int) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, fields)`` of a tab-separated annotation file (no header, no quoting).

    Raises
    ------
    CorpusError
        When a non-blank line has fewer than ``n_min`` fields (the files are checksum-verified,
        so this means the format changed and the adapter must be updated).
    """
    with open(path, encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) < n_min:
                raise CorpusError(f"{path}:{lineno}: expected at least {n_min} tab-separated fields, "
                                  f"found {len(fields)}: {line[:200]!r}")
            yield lineno, fields


def input_file(root: Path, local: str, upstream: str | None = None) -> Path:
    """Where a derive step reads an input: ``root/_upstream/<upstream>`` if fetched, else ``root/<local>``."""
    if upstream is not None and (root / "_upstream" / upstream).is_file():
        return root / "_upstream" / upstream
    return root / local


def not_derivable(name: str, path: str, why: str) -> DatasetError:
    """The error a derive step raises for a file that cannot be rebuilt from upstream."""
    return DatasetError(
        f"{name}: {path} cannot be rebuilt from the upstream repository ({why}). Copy it from the "
        f"project's shared corpora (set TOOLKIT_DATA to that folder) instead of downloading."
    )


# -- semeval2023_task3_en ------------------------------------------------------------------------

SEMEVAL23 = "semeval2023_task3_en"
SEMEVAL23_SPLITS = ("train", "dev", "test")
SEMEVAL23_TEMPLATE = "upstream_paragraph_templates/{split}-labels-subtask-3.template"
SEMEVAL23_LABELS = "train-labels-subtask-2.txt"


def derive_semeval2023(root: Path) -> None:
    """Rebuild ``articles_en.jsonl`` from the subtask-3 paragraph templates and subtask-2 labels.

    One JSON object per article, in template order (train, dev, test): ``article_id``,
    ``split``, ``title`` (the article's first template row), ``paragraphs`` (the other rows),
    ``line_numbers`` (of all rows, title included) and ``frames_subtask2`` (the label list from
    ``train-labels-subtask-2.txt``, or null). Templates are read in universal-newline mode (the
    test template has CRLF line ends); output is ``json.dumps(..., ensure_ascii=False)`` plus
    ``\\n`` per line. Checked byte-identical against the committed file. Inputs are the card's
    own files, read from ``_upstream/<upstream_path>`` when downloaded there, else from ``root``.
    """
    card = load_card(SEMEVAL23)

    def source(local: str) -> Path:
        return input_file(root, local, card.file(local).upstream_path)

    labels = {}
    with open(source(SEMEVAL23_LABELS), encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                article, frames = line.rstrip("\n").split("\t")
                labels[article] = frames.split(",")
    out = []
    for split in SEMEVAL23_SPLITS:
        articles: dict[str, list[tuple[int, str]]] = {}
        with open(source(SEMEVAL23_TEMPLATE.format(split=split)), encoding="utf-8") as fh:
            for line in fh:
                article, number, text = line.rstrip("\n").split("\t", 2)
                articles.setdefault(article, []).append((int(number), text))
        for article, rows in articles.items():
            out.append(json.dumps({
                "article_id": article, "split": split, "title": rows[0][1],
                "paragraphs": [t for _, t in rows[1:]], "line_numbers": [n for n, _ in rows],
                "frames_subtask2": labels.get(article),
            }, ensure_ascii=False) + "\n")
    (root / "articles_en.jsonl").write_bytes("".join(out).encode("utf-8"))


@register(SEMEVAL23, derive=derive_semeval2023)
def load_semeval2023(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """SemEval-2023 Task 3 English articles (train/dev/test) with multi-label policy frames (subtask 2).

    Articles: ``doc_id`` ``semeval2023:<article_id>``, ``title``, ``text`` = paragraphs joined
    with blank lines, ``split``; ``outlet`` is ``unknown`` (the files name no outlet).
    Table ``frames``: ``doc_id, scheme='semeval2023', frame, frame_id`` (one row per label;
    ``frame_id`` = MFC code).
    """
    path = root / "articles_en.jsonl"
    errors: list[dict] = []
    records, frames = [], []
    for lineno, obj in jsonl_records(path, errors):
        doc_id = f"semeval2023:{obj.get('article_id', '')}"
        records.append({
            "doc_id": doc_id, "outlet": UNKNOWN_OUTLET, "title": obj.get("title") or "",
            "text": join_paragraphs(obj.get("paragraphs") or []), "split": obj.get("split"),
            SOURCE_COL: str(path), LINE_COL: lineno,
        })
        for label in obj.get("frames_subtask2") or []:
            frame = normalise_label(label)
            frames.append({"doc_id": doc_id, "scheme": "semeval2023", "frame": frame,
                           "frame_id": POLICY_FRAME_IDS.get(frame)})
    table = validated(records, root, dataset=SEMEVAL23, parse_errors=errors, types={"split": "string"})
    return table, {"frames": frames_table(frames, ["frame_id"], ["frame_id"])}


# -- narrative_frames_climate --------------------------------------------------------------------

NFC = "narrative_frames_climate"
#: Column code -> frame name (README.upstream.md, "Question to frame mappings").
NFC_FRAMES = {"RE": "resolution", "HI": "human_interest", "CO": "conflict", "MO": "moral", "EC": "economic"}
#: MBFC bias rating -> canonical ``lean`` (on :data:`~toolkit.corpus.schema.LEAN_SCALE`); MBFC's
#: ``questionable_source`` is not a lean: it goes to ``outlet_rating`` as ``questionable``.
MBFC_LEAN = {"left_bias": "left", "left_center_bias": "lean-left", "least_biased": "center",
             "right_center_bias": "lean-right", "right_bias": "right", "questionable_source": "questionable"}


def _flag(value: str | None) -> bool | None:
    """'True'/'False' (also with stray punctuation, e.g. ``False)``) -> bool; blank -> None."""
    word = re.sub(r"[^a-z]", "", (value or "").lower())
    return {"true": True, "false": False}.get(word)


def _nfc_role_rows(path: Path) -> tuple[list[dict], dict[str, dict[str, bool]]]:
    """Entity roles and, per article, the frame flags the role file repeats on every row."""
    roles, flags = [], defaultdict(dict)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            doc_id = f"nfc:{row['ID']}"
            roles.append({"doc_id": doc_id, "entity": row["entity"], "group": normalise_label(row["group"]),
                          "main_role": normalise_label(row["role"])})
            for code in NFC_FRAMES:
                flags[doc_id].setdefault(code, _flag(row[code]))
    return roles, flags


@register(NFC)
def load_narrative_frames_climate(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """Climate-change articles (63 outlets, 2017-2019) with 5 narrative frames and hero/villain/victim roles.

    Articles from ``data/articles_metadata.tsv``: ``doc_id`` ``nfc:<ID>``, ``outlet`` the
    registry name of ``source`` (spelling varies, e.g. ``breitbart``/``Breitbart``; the value as
    written in ``outlet_raw``, a lower-case alphanumeric key in ``outlet_key``), ``published``,
    ``lean`` from the MBFC rating (``lean_source`` ``mbfc``; ``left_center_bias`` → ``lean-left``,
    ``right_center_bias`` → ``lean-right``; ``questionable_source`` → ``outlet_rating``
    ``questionable``; raw rating in ``mbfc``), ``opinion`` from ``full_annotations.json``. The text starts with the headline
    run into the body, so ``title`` is empty.
    Table ``frames``: ``doc_id, scheme='narrative_frames', frame, code`` — one row per frame the
    aggregated annotation marks True (frames are binary, not graded). One article (ID 405) has a
    short row without frame columns in the metadata file; its flags come from
    ``role_and_frame_annoations.tsv``, which repeats them per entity (a stray ``False)`` is read as False).
    Table ``entity_roles``: ``doc_id, entity, group, main_role`` (hero / villain / victim).
    """
    data = root / "data"
    roles, role_flags = _nfc_role_rows(data / "role_and_frame_annoations.tsv")
    opinions = {f"nfc:{k}": _flag(v.get("_opinion"))
                for k, v in json.loads((data / "full_annotations.json").read_text(encoding="utf-8")).items()}
    path = data / "articles_metadata.tsv"
    records, frames, errors = [], [], []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if len(row) > len(header):
                errors.append({"source": str(path), "line": line, "field": "row",
                               "reason": f"wrong number of fields: expected {len(header)}, found {len(row)}",
                               "raw": "\t".join(row)[:500]})
                continue
            rec = dict(zip(header, row + [""] * (len(header) - len(row))))
            doc_id = f"nfc:{rec['ID']}"
            records.append({
                "doc_id": doc_id, "outlet": rec["source"], "published": rec["date"], "text": rec["text"],
                "lean": MBFC_LEAN.get(rec["mbfc"], normalise_label(rec["mbfc"])), "mbfc": rec["mbfc"],
                "lean_source": "mbfc" if rec["mbfc"] else None,
                "outlet_key": normalise_label(rec["source"]).replace("_", "") if rec["source"] else None,
                "opinion": opinions.get(doc_id), SOURCE_COL: str(path), LINE_COL: line,
            })
            for code, frame in NFC_FRAMES.items():
                flag = _flag(rec[code])
                if flag is None:
                    flag = role_flags.get(doc_id, {}).get(code)
                if flag:
                    frames.append({"doc_id": doc_id, "scheme": "narrative_frames", "frame": frame, "code": code})
    table = validated(records, root, dataset=NFC, parse_errors=errors,
                      types={"mbfc": "string", "outlet_key": "string", "opinion": "boolean"})
    return table, {
        "frames": frames_table(frames, ["code"]),
        "entity_roles": string_table(roles, ["doc_id", "entity", "group", "main_role"]),
    }


# -- gvfc ----------------------------------------------------------------------------------------

GVFC = "gvfc"
GVFC_XLSX = "GVFC_headlines_and_annotations.xlsx"
GVFC_CSV = "GVFC_headlines_and_annotations.csv"
GVFC_NOT_APPLICABLE = "99"


def derive_gvfc(root: Path) -> None:
    """Rebuild ``GVFC_headlines_and_annotations.csv`` from the upstream ``.xlsx``.

    The single sheet's cells, as openpyxl reads them (ints stay ints), written with
    :func:`csv.writer` in its default dialect (minimal quoting, CRLF line ends), UTF-8, no BOM.
    Checked byte-identical against the committed file. ``codebook.json`` is a hand-written
    summary of the GVFC codebook, not derivable: the function raises after writing the CSV.
    """
    import openpyxl  # optional dependency, needed only here

    workbook = openpyxl.load_workbook(input_file(root, GVFC_XLSX, GVFC_XLSX), read_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    (root / GVFC_CSV).write_bytes(buf.getvalue().encode("utf-8"))
    if not (root / "codebook.json").is_file():
        raise not_derivable(GVFC, "codebook.json", "it is a hand-written summary of the GVFC codebook")


def _outlet_from_url(url: str | None) -> str | None:
    host = urlsplit(url).netloc.lower() if url else ""
    return host[4:] if host.startswith("www.") else (host or None)


def _gvfc_extension(path: Path) -> dict[str, deque]:
    """Extension rows (url, lead) queued by headline, in file order."""
    by_headline: dict[str, deque] = defaultdict(deque)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_headline[row["headline"]].append(row)
    return by_headline


def _gvfc_codebook(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    book = json.loads(path.read_text(encoding="utf-8"))
    rows, themes = [], {}
    for question, codes in book.items():
        if not isinstance(codes, dict):
            continue  # the "source" note
        is_theme = question.lower().startswith("q3")
        for code, name in codes.items():
            if code.startswith("_"):
                continue
            is_frame = is_theme and code != GVFC_NOT_APPLICABLE
            if is_frame:
                themes[code] = name
            rows.append({"scheme": GVFC, "question": normalise_label(question), "code": code, "name": name,
                         "frame_id": int(code) if is_frame else None,
                         "frame": normalise_label(name) if is_frame else None, "note": codes.get("_note")})
    table = string_table(rows, ["scheme", "question", "code", "frame_id", "frame", "name", "note"], ints=["frame_id"])
    return table, themes


@register(GVFC, derive=derive_gvfc)
def load_gvfc(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """Gun Violence Frame Corpus: 2,990 news headlines (2,609 relevant) with up to two of 9 gun-violence frames.

    Articles are the headlines (``text`` = ``title`` = the headline, the unit the frames were
    coded on; ``doc_id`` ``gvfc:<row>`` with ``row`` the 0-based data row of the CSV).
    ``relevant`` (Q1 == 1) and ``focus`` (Q2 code, meaning in ``codebook``) are kept.
    The headline file names no outlet: where ``GVFC_extension_multimodal.csv`` has the same
    headline (1,300 rows; each extension row is used once, repeated headlines are paired in
    file order) ``url`` is its ``article_url``, ``outlet`` the URL's host without ``www.``
    (e.g. ``thehill.com``, ``edition.cnn.com``) mapped through the outlet registry (``The Hill``,
    ``CNN``; the host stays in ``outlet_raw``) and ``lead`` its lead-3 sentences; elsewhere
    ``outlet`` is ``unknown``. The German openFraming headlines are not loaded.
    Tables ``frames`` (``doc_id, scheme='gvfc', frame, frame_id, rank``; rank 1 = Theme1,
    2 = Theme2; code 99 "not applicable" gives no row; names from ``codebook.json``) and
    ``codebook`` (``scheme, question, code, frame_id, frame, name, note``).
    """
    codebook, themes = _gvfc_codebook(root / "codebook.json")
    extension = _gvfc_extension(root / "GVFC_extension_multimodal.csv")
    path = root / GVFC_CSV
    records, frames = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for i, row in enumerate(reader):
            doc_id = f"gvfc:{i}"
            matches = extension.get(row["news_title"])
            ext = matches.popleft() if matches else {}
            records.append({
                "doc_id": doc_id, "outlet": _outlet_from_url(ext.get("article_url")) or UNKNOWN_OUTLET,
                "text": row["news_title"], "url": ext.get("article_url"),
                "relevant": row["Q1 Relevant"] == "1", "focus": int(row["Q2 Focus"]) if row["Q2 Focus"] else None,
                "lead": ext.get("lead_3_sentences_summary_of_full_article_text") or None,
                SOURCE_COL: str(path), LINE_COL: reader.line_num,
            })
            for rank, column in ((1, "Q3 Theme1"), (2, "Q3 Theme2")):
                code = (row[column] or "").strip()
                if code and code != GVFC_NOT_APPLICABLE:
                    frames.append({"doc_id": doc_id, "scheme": GVFC, "frame": normalise_label(themes.get(code)),
                                   "frame_id": int(code), "rank": rank})
    table = validated(records, root, dataset=GVFC, types={"relevant": "boolean", "focus": "Int64", "lead": "string"})
    table.articles["title"] = table.articles["text"]  # after cleaning, so the title is never stripped as a repeat
    return table, {"frames": frames_table(frames, ["frame_id", "rank"], ["frame_id", "rank"]), "codebook": codebook}


# -- semeval2025_task10_narratives -----------------------------------------------------------------

SEMEVAL25 = "semeval2025_task10_narratives"
SEMEVAL25_LANGUAGES = ("EN",)
SEMEVAL25_TOPICS = {"CC": "climate_change", "UA": "ukraine_war"}


def _semeval25_doc(file_name: str) -> str:
    return f"semeval2025:{Path(file_name).stem}"


def _semeval25_articles(folder: Path, language: str) -> tuple[list[dict], dict[str, str]]:
    records, texts = [], {}
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        doc_id = _semeval25_doc(path.name)
        texts[doc_id] = raw
        title = next((ln.strip() for ln in raw.splitlines() if ln.strip()), "")
        topic = path.stem.split("_")[1] if path.stem.count("_") >= 2 else None
        records.append({"doc_id": doc_id, "outlet": UNKNOWN_OUTLET, "title": title, "text": raw,
                        "topic": SEMEVAL25_TOPICS.get(topic, topic), "folder_language": language.lower(),
                        SOURCE_COL: str(path), LINE_COL: 1})
    return records, texts


def _semeval25_roles(path: Path, texts: dict[str, str]) -> list[dict]:
    rows = []
    for _, f in tsv_lines(path, 5):
        doc_id, start, end = _semeval25_doc(f[0]), int(f[2]), int(f[3]) + 1  # upstream end is inclusive
        rows.append({"doc_id": doc_id, "entity": f[1], "start": start, "end": end,
                     "main_role": normalise_label(f[4]),
                     "fine_roles": ";".join(normalise_label(r) for r in f[5:] if r.strip()) or None,
                     "span_matches": texts.get(doc_id, "")[start:end] == f[1]})
    return rows


def _semeval25_pairs(narratives: str, subnarratives: str) -> Iterator[tuple[str, str]]:
    subs = subnarratives.split(";")
    for i, narrative in enumerate(narratives.split(";")):
        yield narrative.strip(), (subs[i] if i < len(subs) else "").strip()


def _narrative_row(doc_id: str, narrative: str, sub: str) -> dict:
    domain = narrative.split(":", 1)[0] if ":" in narrative else None
    return {"doc_id": doc_id, "domain": normalise_label(domain), "narrative": normalise_label(narrative),
            "subnarrative": normalise_label(sub), "narrative_name": narrative, "subnarrative_name": sub or None}


@register(SEMEVAL25)
def load_semeval2025(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """SemEval-2025 Task 10 English news (Ukraine war, climate) with entity roles and narrative labels.

    Articles: the 399 documents of ``data/EN/raw-documents`` (``doc_id``
    ``semeval2025:<file stem>``; ``text`` exactly the file, so offsets hold, ``clean=False``;
    ``title`` its first line; ``topic`` climate_change / ukraine_war; outlet is the dataset
    ``unknown``: the files name no outlet). Russian documents and the unlabelled dev folders are not loaded.
    Tables ``entity_roles`` (``doc_id, entity, start, end, main_role, fine_roles, span_matches``:
    ``end`` exclusive, i.e. upstream's inclusive end + 1; ``fine_roles`` ``;``-joined;
    ``span_matches`` False for the few upstream offsets that are off by a character or two),
    ``narratives`` (``doc_id, domain, narrative, subnarrative, narrative_name,
    subnarrative_name``; one row per narrative/subnarrative pair) and ``narrative_explanations``
    (subtask 3: ``doc_id, narrative, subnarrative, explanation``).
    """
    records, texts, roles, narratives, explanations = [], {}, [], [], []
    for lang in SEMEVAL25_LANGUAGES:
        base = root / "data" / lang
        recs, txt = _semeval25_articles(base / "raw-documents", lang)
        records += recs
        texts.update(txt)
        roles += _semeval25_roles(base / "subtask-1-annotations.txt", texts)
        for _, f in tsv_lines(base / "subtask-2-annotations.txt", 3):
            narratives += [_narrative_row(_semeval25_doc(f[0]), n, s) for n, s in _semeval25_pairs(f[1], f[2])]
        for _, f in tsv_lines(base / "subtask-3-annotations.txt", 4):
            row = _narrative_row(_semeval25_doc(f[0]), f[1], f[2])
            explanations.append({k: row[k] for k in ("doc_id", "narrative", "subnarrative")}
                                | {"explanation": "\t".join(f[3:])})
    table = validated(records, root, dataset=SEMEVAL25, clean=False,
                      types={"topic": "string", "folder_language": "string"})
    return table, {
        "entity_roles": string_table(roles, ["doc_id", "entity", "start", "end", "main_role", "fine_roles",
                                             "span_matches"], ints=["start", "end"], bools=["span_matches"]),
        "narratives": string_table(narratives, ["doc_id", "domain", "narrative", "subnarrative",
                                                "narrative_name", "subnarrative_name"]),
        "narrative_explanations": string_table(explanations, ["doc_id", "narrative", "subnarrative", "explanation"]),
    }


# -- ukraine_news_bias -----------------------------------------------------------------------------

UNB = "ukraine_news_bias"
UNB_SENTENCE_COLUMNS = ["doc_id", "sentence_id", "position", "start", "end", "dimension", "target",
                        "avg", "maj", "intensified", "n_judgements"]
UNB_ARTICLE_COLUMNS = ["doc_id", "dimension", "target", "polarity", "avg", "maj", "intensified"]


def _unb_scores(doc_id: str, sentence: dict, start: int, end: int) -> Iterator[dict]:
    base = {"doc_id": doc_id, "sentence_id": sentence.get("id"), "position": sentence.get("position_in_article"),
            "start": start, "end": end}
    for dimension in ("subjectivity", "hidden_assumptions", "framing", "bias"):
        block = sentence.get(dimension) or {}
        score, judgements = block.get("score") or {}, block.get("judgements")
        targets = score.items() if "avg" not in score else [(None, score)]
        for target, value in targets:
            judged = judgements.get(target) if isinstance(judgements, dict) else judgements
            yield base | {"dimension": dimension, "target": normalise_label(target), "avg": value.get("avg"),
                          "maj": value.get("maj"), "intensified": value.get("intensified"),
                          "n_judgements": len(judged) if judged is not None else None}


def _unb_article_scores(doc_id: str, article: dict) -> Iterator[dict]:
    for dimension in ("subjectivity", "hidden_assumptions", "framing", "bias"):
        block = article.get(dimension) or {}
        if "avg" in block:
            yield {"doc_id": doc_id, "dimension": dimension, "target": None, "polarity": None} | block
            continue
        for target, values in block.items():
            polarities = values.items() if "avg" not in values else [(None, values)]
            for polarity, v in polarities:
                yield {"doc_id": doc_id, "dimension": dimension, "target": normalise_label(target),
                       "polarity": normalise_label(polarity), "avg": v.get("avg"), "maj": v.get("maj"),
                       "intensified": v.get("intensified")}


def _article_number(path: Path) -> int:
    digits = re.sub(r"\D", "", path.stem)
    return int(digits) if digits else -1


@register(UNB)
def load_ukraine_news_bias(root: Path) -> tuple[CorpusTable, dict[str, pd.DataFrame]]:
    """Ukraine-crisis news (90 articles, 2,057 sentences) with crowd scores of framing toward Russia/Ukraine/the West.

    Articles from ``all-data-as-json/article_<n>.json``: ``doc_id`` ``ukrbias:article_<n>``,
    ``text`` = the sentences in ``position_in_article`` order joined by single spaces
    (``clean=False`` so sentence offsets hold), empty title, ``outlet`` ``unknown`` (the files
    name no outlets).
    Table ``sentence_scores``: ``doc_id, sentence_id, position, start, end, dimension, target,
    avg, maj, intensified, n_judgements`` — one row per sentence × dimension (subjectivity,
    hidden_assumptions, framing, bias) × target (framing: russia / ukraine / west; bias:
    pro_russia / pro_west; none for the others). Scores are the upstream avg / majority /
    intensified votes on the scales of ``all-data-as-json/Codebook.md``.
    Table ``article_scores``: the per-article ratios, ``doc_id, dimension, target, polarity, avg,
    maj, intensified`` (polarity pos_sent / neutral_sent / neg_sent for framing).
    """
    folder = root / "all-data-as-json"
    records, sentence_rows, article_rows, errors = [], [], [], []
    for path in sorted(folder.glob("article_*.json"), key=_article_number):
        try:
            article = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            errors.append({"source": str(path), "line": 1, "field": "json", "reason": f"invalid JSON: {exc}",
                           "raw": ""})
            continue
        doc_id = f"ukrbias:{article.get('id') or path.stem}"
        sentences = sorted(article.get("sentences") or [], key=lambda s: s.get("position_in_article", 0))
        parts, offset = [], 0
        for sentence in sentences:
            content = sentence.get("content") or ""
            sentence_rows += _unb_scores(doc_id, sentence, offset, offset + len(content))
            parts.append(content)
            offset += len(content) + 1
        article_rows += _unb_article_scores(doc_id, article)
        records.append({"doc_id": doc_id, "outlet": UNKNOWN_OUTLET, "text": " ".join(parts), "n_sentences": len(sentences),
                        SOURCE_COL: str(path), LINE_COL: 1})
    table = validated(records, root, dataset=UNB, parse_errors=errors, clean=False, types={"n_sentences": "Int64"})
    scores = ["avg", "maj", "intensified"]
    return table, {
        "sentence_scores": string_table(sentence_rows, UNB_SENTENCE_COLUMNS,
                                        ints=["position", "start", "end", "n_judgements"], floats=scores),
        "article_scores": string_table(article_rows, UNB_ARTICLE_COLUMNS, floats=scores),
    }


__all__ = [
    "POLICY_FRAMES", "POLICY_FRAME_IDS", "derive_gvfc", "derive_semeval2023", "frames_table", "join_paragraphs",
    "normalise_label", "string_table", "validated",
]
