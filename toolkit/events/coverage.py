"""Which aligned events are shared: covered by at least k kinds of source (official and news, k outlets …).

A within-event comparison only learns from events that several groups covered. :func:`shared_events`
counts, per event, the distinct values of a group column (``source_type``, ``outlet``, ``lean``) and
keeps the events with at least ``min_groups`` of them.

>>> import pandas as pd
>>> t = pd.DataFrame({"doc_id": list("abcde"), "event": ["E1", "E1", "E2", "E2", "E3"],
...                   "source_type": ["official", "news", "news", "news", "official"]})
>>> shared_events(t, by="source_type")[["event", "n_articles", "n_groups"]].values.tolist()
[['E1', 2, 2]]
"""

from __future__ import annotations

import pandas as pd


def shared_events(aligned: pd.DataFrame, *, by: str = "source_type", event: str = "event",
                  min_groups: int = 2) -> pd.DataFrame:
    """Events covered by at least ``min_groups`` distinct values of ``by``.

    Parameters
    ----------
    aligned : DataFrame
        Articles with an event column (e.g. the canonical table merged with :func:`align_events`)
        and the group column.
    by : str, default "source_type"
        Group column whose distinct values are counted per event. Missing values and ``"unknown"``
        are not counted.
    event : str, default "event"
        Event column.
    min_groups : int, default 2
        Keep events with at least this many distinct groups.

    Returns
    -------
    DataFrame
        ``event, n_articles, n_groups, groups`` (the groups, ``" | "``-joined, sorted), one row per kept
        event, sorted by event; named by ``event``. Empty (same columns) when no event qualifies.

    Raises
    ------
    ValueError
        When a column is missing or ``min_groups`` < 1.
    """
    missing = [c for c in (event, by) if c not in aligned.columns]
    if missing:
        raise ValueError(f"shared_events needs columns {event!r} and {by!r}; missing {missing} in "
                         f"{list(aligned.columns)}. Merge the align_events output (doc_id, event) first.")
    if min_groups < 1:
        raise ValueError(f"min_groups must be at least 1, found {min_groups}.")
    table = pd.DataFrame({"event": aligned[event].astype("string"), "group": aligned[by].astype("string")})
    table = table[table["event"].notna()]
    counted = table[table["group"].notna() & (table["group"].str.lower() != "unknown")]
    n_articles = table.groupby("event").size()
    groups = {str(e): sorted(set(g.astype(str))) for e, g in counted.groupby("event")["group"]}
    names = [str(e) for e in n_articles.index]
    out = pd.DataFrame({"event": names, "n_articles": n_articles.to_numpy().astype("int64"),
                        "n_groups": [len(groups.get(e, [])) for e in names],
                        "groups": [" | ".join(groups.get(e, [])) for e in names]})
    out = out[out["n_groups"] >= min_groups].sort_values("event").reset_index(drop=True)
    out = out[["event", "n_articles", "n_groups", "groups"]]
    return out.rename(columns={"event": event}) if event != "event" else out


def comparable_groups(aligned: pd.DataFrame, *, by: str = "source", event: str = "event",
                      min_events: int = 2) -> list[str]:
    """Groups that share at least ``min_events`` events with some other group (the ones a within-event contrast can use).

    A group whose documents all sit in events no other group covered has no within-event contrast, and
    :func:`toolkit.compare.within_event_contrast` refuses the whole comparison when one is passed. This
    drops such groups repeatedly (dropping one can strand another) and returns the rest, sorted.

    Parameters
    ----------
    aligned : DataFrame
        Documents with the group and event columns (e.g. only the documents that mention an actor).
    by : str, default "source"
        Group column; missing values and ``"unknown"`` are ignored.
    event : str, default "event"
        Event column.
    min_events : int, default 2
        Shared events a group needs (cluster-robust intervals need at least 2).

    Returns
    -------
    list of str
        The groups left; fewer than two means no comparison is possible.

    >>> t = pd.DataFrame({"event": ["E1", "E1", "E2", "E2", "E3"], "source": ["a", "b", "a", "b", "c"]})
    >>> comparable_groups(t, by="source")
    ['a', 'b']
    """
    missing = [c for c in (event, by) if c not in aligned.columns]
    if missing:
        raise ValueError(f"comparable_groups needs columns {event!r} and {by!r}; missing {missing} in "
                         f"{list(aligned.columns)}.")
    pairs = pd.DataFrame({"event": aligned[event].astype("string"), "group": aligned[by].astype("string")}).dropna()
    pairs = pairs[pairs["group"].str.lower() != "unknown"].drop_duplicates()
    while True:
        per_event = pairs.groupby("event")["group"].transform("nunique")
        shared = pairs[per_event >= 2].groupby("group")["event"].nunique()
        keep = set(shared[shared >= min_events].index)
        if keep == set(pairs["group"]):
            return sorted(keep)
        pairs = pairs[pairs["group"].isin(keep)]
        if pairs.empty:
            return []


__all__ = ["comparable_groups", "shared_events"]
