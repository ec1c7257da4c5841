"""``python -m toolkit datasets list|load|verify-upstream`` — the registry from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _list(args: argparse.Namespace) -> int:
    from .cards import card_names, load_card
    from .registry import ALIASES

    aliases: dict[str, list[str]] = {}
    for alias, name in sorted(ALIASES.items()):
        aliases.setdefault(name, []).append(alias)
    for name in card_names():
        card = load_card(name)
        n = "?" if card.n_articles is None else str(card.n_articles)
        tables = ",".join(("articles", *card.tables))
        print(f"{name}\t{n}\t{tables}\t{','.join(aliases.get(name, []))}")
    return 0


def _load(args: argparse.Namespace) -> int:
    from ..corpus import write_jsonl
    from .registry import DatasetError, load_dataset

    try:
        ds = load_dataset(args.name, data_dir=args.data_dir, download_missing=not args.offline, clean=not args.raw)
        table = ds[args.table]
    except (DatasetError, KeyError) as exc:
        print(f"error: {exc.args[0] if isinstance(exc, KeyError) and exc.args else exc}", file=sys.stderr)
        return 2
    out = Path(args.output)
    if out.suffix == ".parquet":
        table.to_parquet(out, index=False)
    elif args.table == "articles":
        write_jsonl(table, out)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        table.to_json(out, orient="records", lines=True, force_ascii=False, date_format="iso")
    print(f"{ds.name}: wrote {len(table)} rows of {args.table} to {out}")
    if args.table == "articles":
        print(f"read {ds.n_read} kept {len(ds.articles)} quarantined {len(ds.quarantine)}")
    return 0


def _verify_upstream(args: argparse.Namespace) -> int:
    from .cards import card_names, load_card
    from .registry import DatasetError, canonical_name
    from .upstream import verify_upstream

    try:
        names = [canonical_name(n) for n in args.names] if args.names else card_names()
        cards = [load_card(n) for n in dict.fromkeys(names)]
    except (DatasetError, KeyError) as exc:
        print(f"error: {exc.args[0] if isinstance(exc, KeyError) and exc.args else exc}", file=sys.stderr)
        return 2
    report = verify_upstream(cards, download=args.download, base_url=args.base_url, workers=args.workers,
                             on_problem=lambda p: print(p.line(), flush=True), progress=sys.stderr.isatty())
    print(report.summary())
    return report.exit_code


def add_datasets_commands(sub) -> None:
    """Add the ``datasets`` command group to the top-level parser's subparsers."""
    ds = sub.add_parser("datasets", help="list and load the registered real corpora")
    dsub = ds.add_subparsers(dest="command", required=True)
    lst = dsub.add_parser("list", help="one line per dataset: name, articles, tables, aliases (tab-separated)")
    lst.set_defaults(func=_list)
    load = dsub.add_parser("load", help="load a dataset and write one of its tables")
    load.add_argument("name", help="a dataset name or alias (see `datasets list`)")
    load.add_argument("--output", required=True, metavar="FILE.jsonl", help=".jsonl (canonical JSON lines) or .parquet")
    load.add_argument("--table", default="articles", help="articles (default), quarantine or an annotation table")
    load.add_argument("--data-dir", help="folder laid out like the shared corpora (default: $TOOLKIT_DATA)")
    load.add_argument("--offline", action="store_true", help="never download")
    load.add_argument("--raw", action="store_true", help="text as the files hold it (no cleaning)")
    load.set_defaults(func=_load)
    ver = dsub.add_parser(
        "verify-upstream",
        help="check every card's upstream URLs (exit 0 good, 1 problems, 2 no network)",
        description="Ask the upstream host for every file a card pins (HEAD; sizes compared). One line per "
                    "problem, then a summary line. Exit status 0 when all are fine, 1 when a file is missing "
                    "or differs, 2 without network.")
    ver.add_argument("names", nargs="*", metavar="NAME", help="datasets (default: every card)")
    ver.add_argument("--download", action="store_true", help="fetch every file and compare its sha256 too")
    ver.add_argument("--base-url", help="host replacing raw.githubusercontent.com (default: $TOOLKIT_DOWNLOAD_BASE)")
    ver.add_argument("--workers", type=int, default=8, help="requests in flight (default 8)")
    ver.set_defaults(func=_verify_upstream)
