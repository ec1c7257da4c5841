"""Read FNC-1's CSV files (``*_bodies.csv``: Body ID, articleBody; ``*_stances.csv``: Headline, Body ID[, Stance])."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .fnc_score import FNC_LABELS, check_labels


def read_fnc_pairs(bodies: str | Path, stances: str | Path, *, require_labels: bool = False) -> pd.DataFrame:
    """Join an FNC-1 stances file with its bodies file.

    Returns
    -------
    DataFrame
        ``headline, body_id, body`` and ``label`` (missing when the stances file has no Stance column),
        rows in the stances file's order.

    Raises
    ------
    ValueError
        Missing columns, a Body ID absent from the bodies file, an empty headline or body, or (when labels
        are present) a Stance outside agree / disagree / discuss / unrelated.
    """
    b = pd.read_csv(bodies, dtype=str, keep_default_na=False)
    s = pd.read_csv(stances, dtype=str, keep_default_na=False)
    for name, df, cols in ((bodies, b, ("Body ID", "articleBody")), (stances, s, ("Headline", "Body ID"))):
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ValueError(f"{name}: expected FNC-1 columns {list(cols)}; missing {missing} (found {list(df.columns)}).")
    body_text = dict(zip(b["Body ID"].str.strip(), b["articleBody"]))
    ids = s["Body ID"].str.strip()
    unknown = sorted(set(ids) - set(body_text))
    if unknown:
        raise ValueError(f"{stances}: {len(unknown)} Body ID(s) not in {bodies}: {unknown[:5]}. "
                         "Pass the bodies file that belongs to this stances file.")
    out = pd.DataFrame({"headline": s["Headline"], "body_id": ids, "body": ids.map(body_text)})
    for col in ("headline", "body"):
        empty = out.index[out[col].str.strip() == ""].tolist()
        if empty:
            raise ValueError(f"{stances}: {len(empty)} pair(s) with an empty {col} (data rows {[i + 1 for i in empty[:5]]}); "
                             "every pair needs a headline and a body. Drop or fix those rows.")
    if "Stance" in s.columns:
        out["label"] = check_labels(s["Stance"], FNC_LABELS, what=f"{stances} Stance column")
    elif require_labels:
        raise ValueError(f"{stances}: no Stance column; evaluation needs the gold labels.")
    else:
        out["label"] = None
    return out
