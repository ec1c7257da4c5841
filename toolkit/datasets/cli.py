"""``python -m toolkit datasets list|load`` — the registry from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _list(args: argparse.Namespace) -> int:
    from .cards import card_names, load_card

    for name in card_names():
        card = load_card(name)
        n = "?" if card.n_articles is None else str(card.n_articles)
        tables = ",".join(("articles", *card.tables))
        print(f"{name}\t{n}\t{tables}")
    return 0


def _load(args: argparse.Namespace) -> int:
    from ..corpus import write_jsonl
    from .registry import DatasetError, load_dataset

    try:
        ds = load_dataset(args.name, data_dir=args.data_dir, download_missing=not args.offline)
        table = ds[args.table]
    except (DatasetError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.output)
    if out.suffix == ".parquet":
        table.to_parquet(out, index=False)
    elif args.table == "articles":
        write_jsonl(table, out)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        table.to_json(out, orient="records", lines=True, force_ascii=False, date_format="iso")
    print(f"{args.name}: wrote {len(table)} rows of {args.table} to {out}")
    if args.table == "articles":
        print(f"read {ds.n_read} kept {len(ds.articles)} quarantined {len(ds.quarantine)}")
    return 0


def add_datasets_commands(sub) -> None:
    """Add the ``datasets`` command group to the top-level parser's subparsers."""
    ds = sub.add_parser("datasets", help="list and load the registered real corpora")
    dsub = ds.add_subparsers(dest="command", required=True)
    lst = dsub.add_parser("list", help="one line per dataset: name, articles, tables (tab-separated)")
    lst.set_defaults(func=_list)
    load = dsub.add_parser("load", help="load a dataset and write one of its tables")
    load.add_argument("name")
    load.add_argument("--output", required=True, metavar="FILE.jsonl", help=".jsonl (canonical JSON lines) or .parquet")
    load.add_argument("--table", default="articles", help="articles (default), quarantine or an annotation table")
    load.add_argument("--data-dir", help="folder laid out like the shared corpora (default: $TOOLKIT_DATA)")
    load.add_argument("--offline", action="store_true", help="never download")
    load.set_defaults(func=_load)
