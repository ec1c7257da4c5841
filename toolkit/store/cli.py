"""``python -m toolkit store ingest|clean|info|align``: large corpora into a Parquet corpus store, in batches."""

from __future__ import annotations

import argparse
import sys


def _ingest(args: argparse.Namespace) -> int:
    from toolkit.corpus import CorpusError

    from . import ingest

    from toolkit.cli import _parse_sets

    try:
        c = ingest(args.input, args.store, batch_size=args.batch_size, partition_by=args.partition_by or None,
                   clean=not args.no_clean, detect_languages=not args.no_language, format=args.format,
                   defaults=_parse_sets(args.set) or None)
    except (CorpusError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"batches {c.batches}")
    print(f"read {c.read} kept {c.kept} quarantined {c.quarantined}")
    return 0


def _clean(args: argparse.Namespace) -> int:
    from toolkit.corpus import CorpusError

    from . import clean_store

    try:
        c = clean_store(args.store, args.output, batch_size=args.batch_size, detect_languages=not args.no_language)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"cleaned {c.kept} articles in {c.batches} batches -> {args.output}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from toolkit.corpus import CorpusError

    from . import counts, load_manifest

    try:
        m = load_manifest(args.store)
        c = counts(args.store)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"job {m['params'].get('job')} partition_by {m['params'].get('partition_by')} "
          f"complete {m['complete']} batches {c.batches}")
    print(f"read {c.read} kept {c.kept} quarantined {c.quarantined}")
    return 0


def _align(args: argparse.Namespace) -> int:
    import warnings

    from toolkit.corpus import CorpusError
    from toolkit.events import AlignmentWarning

    from . import align_store

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", AlignmentWarning)
            events = align_store(args.store, output=args.output, batch_size=args.batch_size)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    print(f"articles {len(events)} events {events['event'].nunique()} -> {args.output}")
    return 0


def add_store_commands(sub) -> None:
    """Register ``store ingest|clean|info|align`` on the top-level parser's subparsers."""
    store = sub.add_parser("store", help="large corpora: a Parquet corpus store written and read in batches")
    ssub = store.add_subparsers(dest="store_command", required=True)
    ing = ssub.add_parser("ingest", help="stream a .jsonl/.csv/.parquet corpus or a folder of .txt/.html "
                                         "documents into a store (resumable); last line: read N kept K quarantined Q")
    ing.add_argument("input")
    ing.add_argument("store")
    ing.add_argument("--batch-size", type=int, default=10_000)
    ing.add_argument("--partition-by", choices=["outlet", "month", ""], default="outlet")
    ing.add_argument("--no-clean", action="store_true", help="validate only (clean later with `store clean`)")
    ing.add_argument("--no-language", action="store_true", help="do not detect missing languages")
    ing.add_argument("--format", choices=["jsonl", "csv", "parquet", "txt", "html"], default=None,
                     help="input format (default: from the file name; a folder: txt, or html if it holds pages)")
    ing.add_argument("--set", action="append", metavar="FIELD=VALUE",
                     help='fill a field the source lacks or leaves blank, e.g. --set outlet="The Veldran Courier"; '
                          "repeatable")
    ing.set_defaults(func=_ingest)
    cl = ssub.add_parser("clean", help="clean every article of a store into a new store (resumable)")
    cl.add_argument("store")
    cl.add_argument("output")
    cl.add_argument("--batch-size", type=int, default=10_000)
    cl.add_argument("--no-language", action="store_true")
    cl.set_defaults(func=_clean)
    info = ssub.add_parser("info", help="counts of a store (read, kept, quarantined, batches)")
    info.add_argument("store")
    info.set_defaults(func=_info)
    al = ssub.add_parser("align", help="same-event groups of a store's articles, streamed from disk (the same groups "
                                       "as `events align` in memory); CSV or Parquet doc_id,event")
    al.add_argument("store")
    al.add_argument("--output", required=True, help="OUT.csv or OUT.parquet")
    al.add_argument("--batch-size", type=int, default=10_000)
    al.set_defaults(func=_align)
