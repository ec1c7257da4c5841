"""Human coding round trip: sample documents, export for coders (CSV, Label Studio), import their codes,
and measure agreement (Krippendorff's alpha, nominal, any number of coders, missing codes allowed).

Codes are a long table ``doc_id, coder, frame, value`` (``value`` 1 = the coder marked the frame, 0 = not),
one row per document x coder x frame of the scheme: the same shape whether the codes came from a CSV sheet
or a Label Studio export. :func:`gold_from_codes` turns them into a gold frame table (``doc_id, scheme, frame``)
by majority vote, ready to train a :class:`toolkit.framing.FrameClassifier`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from toolkit.framing.schemes import SchemeError, load_scheme

CODE_COLUMNS = ["doc_id", "coder", "frame", "value"]


class AnnotationError(ValueError):
    """A coding sheet or export does not have the expected shape."""


# -- sampling ------------------------------------------------------------------------------------

def sample_for_coding(articles: pd.DataFrame, n: int, *, by: Sequence[str] = ("outlet", "event_id"),
                      uncertainty: pd.Series | None = None, random_state: int = 0) -> pd.DataFrame:
    """Pick ``n`` articles for human coding, spread over the strata of ``by`` (e.g. outlet x event).

    Each stratum gets a share of ``n`` proportional to its size (largest remainders; every stratum at
    least one while ``n`` allows, taken in random order). Within a stratum the articles are random or, with
    ``uncertainty`` (a Series indexed by ``doc_id``, e.g. ``1 - |p - 0.5| * 2`` from a classifier), the most
    uncertain first. Columns of ``by`` that are missing are ignored; missing values form their own stratum.

    Returns
    -------
    DataFrame
        The chosen rows of ``articles`` (all columns) in stratum order, plus ``stratum``.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, found {n}")
    if "doc_id" not in articles:
        raise AnnotationError(f"expected an article table with doc_id, found columns {list(articles.columns)}")
    n = min(n, len(articles))
    rng = np.random.default_rng(random_state)
    cols = [c for c in by if c in articles.columns]
    frame = articles.copy()
    frame["stratum"] = (frame[cols].astype("string").fillna("(missing)").agg(" | ".join, axis=1)
                        if cols else "(all)")
    frame["_r"] = rng.random(len(frame))
    if uncertainty is not None:
        frame["_u"] = frame["doc_id"].map(uncertainty).astype(float).fillna(-np.inf)
        frame = frame.sort_values(["stratum", "_u", "_r"], ascending=[True, False, True])
    else:
        frame = frame.sort_values(["stratum", "_r"])
    sizes = frame.groupby("stratum").size()
    quota = sizes / sizes.sum() * n
    take = np.floor(quota).astype(int)
    if n >= len(sizes):
        take = take.clip(lower=1)
    order = list(sizes.index)
    rng.shuffle(order)
    rest = (quota - np.floor(quota)).loc[order].sort_values(ascending=False, kind="stable")
    for stratum in rest.index:
        if take.sum() >= n:
            break
        if take[stratum] < sizes[stratum]:
            take[stratum] += 1
    while take.sum() > n:  # minimum-one rule overshot: trim the largest strata
        take[take.idxmax()] -= 1
    rank = frame.groupby("stratum", sort=False).cumcount()
    picked = frame[rank < frame["stratum"].map(take)]
    return picked.drop(columns=[c for c in ("_r", "_u") if c in picked]).reset_index(drop=True)


# -- CSV round trip ------------------------------------------------------------------------------

def export_csv(sample: pd.DataFrame, scheme, path: str | Path, *, text_column: str = "text") -> Path:
    """A coding sheet: ``doc_id, title, text`` and one empty column per frame (coders write 1 or leave blank)."""
    scheme = load_scheme(scheme)
    sheet = pd.DataFrame({"doc_id": sample["doc_id"].astype(str),
                          "title": sample["title"] if "title" in sample else "",
                          "text": sample[text_column]})
    for name in scheme.names:
        sheet[name] = ""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.to_csv(path, index=False)
    return path


def import_csv(path: str | Path, scheme, *, coder: str | None = None) -> pd.DataFrame:
    """Codes from a filled coding sheet (see :func:`export_csv`) as ``doc_id, coder, frame, value``.

    Cells ``1``/``x``/``yes``/``true`` mean the frame is present; blank/``0``/``no``/``false`` mean absent.
    The coder is ``coder`` or the file name's stem.

    Raises
    ------
    AnnotationError
        A frame column unknown to the scheme, a missing frame column, or a cell that is not a yes/no value.
    """
    scheme = load_scheme(scheme)
    path = Path(path)
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    fixed = {"doc_id", "title", "text"}
    if "doc_id" not in sheet:
        raise AnnotationError(f"{path}: expected a doc_id column, found {list(sheet.columns)}")
    frame_cols = [c for c in sheet.columns if c not in fixed]
    unknown = [c for c in frame_cols if c not in scheme]
    if unknown:
        raise AnnotationError(f"{path}: column(s) {unknown} are not frames of scheme {scheme.name!r} "
                              f"({scheme.names}); rename them or fix the scheme")
    canon = {c: scheme.canonical(c) for c in frame_cols}
    missing = [n for n in scheme.names if n not in canon.values()]
    if missing:
        raise AnnotationError(f"{path}: no column for frame(s) {missing}; the sheet must have one column per frame")
    yes, no = {"1", "x", "yes", "true", "y"}, {"", "0", "no", "false", "n"}
    rows = []
    for i, rec in sheet.iterrows():
        for col in frame_cols:
            cell = str(rec[col]).strip().lower()
            if cell not in yes | no:
                raise AnnotationError(f"{path}: line {i + 2}, column {col!r}: expected 1/x/yes or blank/0/no, "
                                      f"found {rec[col]!r}")
            rows.append({"doc_id": rec["doc_id"], "coder": coder or path.stem, "frame": canon[col],
                         "value": int(cell in yes)})
    return pd.DataFrame(rows, columns=CODE_COLUMNS)


# -- Label Studio --------------------------------------------------------------------------------

def label_studio_config(scheme) -> str:
    """Label Studio labelling interface: the text plus a multiple-choice list of the scheme's frames."""
    scheme = load_scheme(scheme)
    choices = "\n".join(f'    <Choice value="{escape(f.name)}" hint="{escape(f.description)}"/>' for f in scheme)
    return ('<View>\n  <Text name="text" value="$text"/>\n'
            '  <Choices name="frames" toName="text" choice="multiple" showInLine="false">\n'
            f"{choices}\n  </Choices>\n</View>\n")


def export_label_studio(sample: pd.DataFrame, scheme, path: str | Path) -> Path:
    """Label Studio import file (JSON list of tasks ``{"data": {"doc_id", "text"}}``); the config goes beside
    it as ``<stem>.config.xml``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    title = sample["title"].fillna("") if "title" in sample else pd.Series("", index=sample.index)
    tasks = [{"data": {"doc_id": str(d), "text": (f"{t}\n\n{x}" if t else str(x))}}
             for d, t, x in zip(sample["doc_id"], title, sample["text"])]
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    path.with_suffix(".config.xml").write_text(label_studio_config(scheme), encoding="utf-8")
    return path


def import_label_studio(path: str | Path, scheme) -> pd.DataFrame:
    """Codes from a Label Studio JSON export as ``doc_id, coder, frame, value`` (coder = ``completed_by``)."""
    scheme = load_scheme(scheme)
    path = Path(path)
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise AnnotationError(f"{path}: not valid JSON ({exc.msg}); expected a Label Studio JSON export") from exc
    rows = []
    for task in tasks:
        doc = (task.get("data") or {}).get("doc_id")
        if doc is None:
            raise AnnotationError(f"{path}: task {task.get('id')} has no data.doc_id; export the tasks this "
                                  f"toolkit wrote (export_label_studio)")
        for ann in task.get("annotations") or []:
            if ann.get("was_cancelled"):
                continue
            chosen = [c for r in ann.get("result") or [] for c in (r.get("value") or {}).get("choices") or []]
            try:
                chosen = set(scheme.canonical_labels(chosen))
            except SchemeError as exc:
                raise AnnotationError(f"{path}: task for {doc}: {exc}") from exc
            coder = str(ann.get("completed_by", "unknown"))
            rows += [{"doc_id": str(doc), "coder": coder, "frame": n, "value": int(n in chosen)} for n in scheme.names]
    return pd.DataFrame(rows, columns=CODE_COLUMNS)


# -- agreement and gold --------------------------------------------------------------------------

def krippendorff_alpha(codes: pd.DataFrame, *, frames: Iterable[str] | None = None) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per frame and overall: ``frame, alpha, n_documents, n_coders, n_codes``.

    Per frame, the units are documents and the values a coder's 0/1; overall, the units are document x frame
    pairs. Documents coded by only one coder carry no agreement information (alpha ignores them). Alpha is
    NaN where it is undefined (e.g. every code identical: no variation to agree on).
    """
    import krippendorff

    missing = set(CODE_COLUMNS) - set(codes.columns)
    if missing:
        raise AnnotationError(f"expected codes with columns {CODE_COLUMNS}, missing {sorted(missing)}")
    if codes["coder"].nunique() < 2:
        raise AnnotationError(f"agreement needs at least two coders, found {codes['coder'].nunique()}")
    names = list(frames) if frames is not None else list(dict.fromkeys(codes["frame"]))

    def alpha(sub: pd.DataFrame, unit: list[str]) -> float:
        matrix = sub.pivot_table(index="coder", columns=unit, values="value", aggfunc="first")
        data = matrix.to_numpy(dtype=float)
        if np.unique(data[~np.isnan(data)]).size < 2:
            return float("nan")
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))

    rows = []
    for name in names:
        sub = codes[codes["frame"] == name]
        rows.append({"frame": name, "alpha": alpha(sub, ["doc_id"]), "n_documents": sub["doc_id"].nunique(),
                     "n_coders": sub["coder"].nunique(), "n_codes": len(sub)})
    sub = codes[codes["frame"].isin(names)]
    rows.append({"frame": "(all frames)", "alpha": alpha(sub, ["doc_id", "frame"]),
                 "n_documents": sub["doc_id"].nunique(), "n_coders": sub["coder"].nunique(), "n_codes": len(sub)})
    return pd.DataFrame(rows)


def gold_from_codes(codes: pd.DataFrame, *, scheme: str = "coded", min_share: float = 0.5) -> pd.DataFrame:
    """Majority-vote gold frames: ``doc_id, scheme, frame, share`` where more than ``min_share`` of coders marked it."""
    share = codes.groupby(["doc_id", "frame"], sort=False)["value"].mean().reset_index(name="share")
    gold = share[share["share"] > min_share].assign(scheme=scheme)
    return gold[["doc_id", "scheme", "frame", "share"]].reset_index(drop=True)
