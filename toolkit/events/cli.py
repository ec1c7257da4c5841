"""``python -m toolkit events align|score``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd


def _align(args: argparse.Namespace) -> int:
    from ..corpus import CorpusError, read
    from .api import align_events

    try:
        table = read(args.input, format=args.format)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    articles = table.articles
    if len(table.quarantine):
        print(f"warning: {len(table.quarantine)} input rows were quarantined and are not aligned "
              f"(reasons: {table.quarantine['reason'].value_counts().to_dict()})"
              + (f"; written to {args.quarantine}" if args.quarantine else "; see --quarantine"), file=sys.stderr)
        if args.quarantine:
            table.quarantine.to_csv(args.quarantine, index=False)
    if len(articles) == 0:
        print(f"error: {args.input}: no article could be read (read {table.n_read}, all quarantined).", file=sys.stderr)
        return 2
    from ..embeddings import EmbeddingsUnavailable

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            events = align_events(articles, progress=args.progress,
                                  **({"embeddings": True} if args.embeddings else {}))
        except EmbeddingsUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    events[["doc_id", "event"]].to_csv(out, index=False)
    sizes = events["event"].value_counts()
    print(f"articles {len(events)} events {len(sizes)} singletons {int((sizes == 1).sum())} -> {out}")
    return 0


def _score(args: argparse.Namespace) -> int:
    from .score import score_alignment

    try:
        pred = pd.read_csv(args.pred, dtype={"doc_id": "string", "event": "string"}, keep_default_na=False)
        gold = pd.read_json(args.gold, lines=True, dtype={"doc_id": "string", "event_id": "string"})
        if "doc_id" in gold:
            gold["doc_id"] = gold["doc_id"].astype("string")
        result = score_alignment(pred, gold)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"scored {result['n_scored']} articles: {result['n_pred_events']} predicted events, "
          f"{result['n_gold_events']} gold events; adjusted Rand index {result['ari']:.4f}")
    print(f"bcubed_precision {result['bcubed_precision']:.4f} bcubed_recall {result['bcubed_recall']:.4f} "
          f"bcubed_f1 {result['bcubed_f1']:.4f}")
    return 0


def add_events_commands(sub) -> None:
    """Register ``events align`` and ``events score`` on the top-level subparsers."""
    ev = sub.add_parser("events", help="same-event alignment across outlets")
    esub = ev.add_subparsers(dest="command", required=True)
    al = esub.add_parser("align", help="group articles into events; writes CSV doc_id,event")
    al.add_argument("input", help="canonical JSON lines (or any file `corpus validate` reads); `published` optional")
    al.add_argument("--output", required=True, metavar="OUT.csv")
    al.add_argument("--format", choices=["csv", "jsonl", "parquet", "txt", "html"])
    al.add_argument("--quarantine", metavar="Q.csv", help="write rows that could not be read here")
    al.add_argument("--progress", action="store_true", help="show progress bars")
    al.add_argument("--embeddings", action="store_true",
                    help='blend MiniLM sentence-embedding similarity into the text similarity (optional extra: '
                         'pip install -e ".[embeddings]"; embeddings cached on disk)')
    al.set_defaults(func=_align)
    sc = esub.add_parser("score", help="BCubed P/R/F1 of predicted events against gold event_id")
    sc.add_argument("pred", help="CSV with doc_id,event (output of `events align`)")
    sc.add_argument("gold", help="canonical JSON lines with doc_id and event_id")
    sc.set_defaults(func=_score)
