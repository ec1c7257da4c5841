"""Command line: ``python -m toolkit …`` for batch work.

Commands
--------
``corpus validate FILE [--format F] [--quarantine OUT.csv] [--output OUT.(jsonl|parquet)]``
    Read FILE through the canonical layer; print a summary whose last line is exactly
    ``read N kept K quarantined Q``. Exit status 0 (quarantined rows are not an error);
    2 when the file cannot be read at all.
``datasets list`` / ``datasets load NAME --output FILE.jsonl [--table TABLE]``
    The real-corpora registry (see :mod:`toolkit.datasets`).
``events align INPUT.jsonl --output OUT.csv`` / ``events score PRED.csv GOLD.jsonl``
    Same-event alignment (see :mod:`toolkit.events`): CSV with exactly ``doc_id,event``; the score's
    last line is exactly ``bcubed_precision P bcubed_recall R bcubed_f1 F``.
``stance fnc1|actor train|evaluate|predict …``
    Stance classifiers (see :mod:`toolkit.stance.cli`): ``fnc1 evaluate`` ends with ``fnc1_relative_score S``,
    ``actor evaluate`` with ``macro_f1 F``.
``figures [--output DIR] [--dataset NAME] [--notebook NAME ...]``
    Run the study notebooks headless; each writes PNG + data table + manifest under DIR
    (see :mod:`toolkit.figures`). Exit status 1 when a notebook fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _corpus_validate(args: argparse.Namespace) -> int:
    from .corpus import CorpusError, read, write_jsonl, write_parquet

    try:
        table = read(args.file, format=args.format, clean=not args.no_clean)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.quarantine:
        Path(args.quarantine).parent.mkdir(parents=True, exist_ok=True)
        table.quarantine.to_csv(args.quarantine, index=False)
    if args.output:
        out = Path(args.output)
        (write_parquet if out.suffix == ".parquet" else write_jsonl)(table.articles, out)
    print(table.summary())
    return 0


def _figures(args: argparse.Namespace) -> int:
    from .figures import run_notebooks

    try:
        run_notebooks(output=args.output, dataset=args.dataset, notebooks=args.notebook)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # papermill's execution error names the failing cell
        print(f"error: a notebook failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m toolkit", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="group", required=True)

    corpus = sub.add_parser("corpus", help="read and validate corpus files")
    csub = corpus.add_subparsers(dest="command", required=True)
    val = csub.add_parser("validate", help="validate a corpus file; last line: read N kept K quarantined Q")
    val.add_argument("file", help="a .csv/.tsv, .jsonl(.gz), .parquet file or a folder of .txt/.html")
    val.add_argument("--format", choices=["csv", "jsonl", "parquet", "txt", "html"])
    val.add_argument("--quarantine", metavar="OUT.csv", help="write the quarantine table here")
    val.add_argument("--output", metavar="OUT", help="write kept articles (.jsonl or .parquet)")
    val.add_argument("--no-clean", action="store_true", help="validate only; do not clean the text")
    val.set_defaults(func=_corpus_validate)

    fig = sub.add_parser("figures", help="run the study notebooks and write every figure (make figures)")
    fig.add_argument("--output", default="figures", metavar="DIR", help="figures folder (default: figures)")
    fig.add_argument("--dataset", help="dataset name (default: basil when $TOOLKIT_DATA/cache has it, else demo)")
    fig.add_argument("--notebook", action="append", metavar="NAME",
                     help="run only this notebook (name, prefix such as 01, or path); repeatable")
    fig.set_defaults(func=_figures)

    from .datasets.cli import add_datasets_commands
    from .events.cli import add_events_commands
    from .stance.cli import add_stance_commands

    add_datasets_commands(sub)
    add_events_commands(sub)
    add_stance_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m toolkit`` and the ``framing-toolkit`` script."""
    args = build_parser().parse_args(argv)
    return args.func(args)
