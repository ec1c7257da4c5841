"""Command line: ``python -m toolkit …`` for batch work.

Commands
--------
``corpus validate FILE [--format F] [--encoding E] [--set FIELD=VALUE ...] [--outlet-from-url] [--dayfirst]
[--quarantine OUT.csv] [--output OUT.(jsonl|parquet)] [--debug]``
    Read FILE through the canonical layer; print a summary whose last line is exactly
    ``read N kept K quarantined Q``. Exit status 0 (quarantined rows are not an error);
    1 when the file is damaged (records before the damage are kept and the summary is printed,
    with a one-line error on stderr) or reading fails unexpectedly; 2 when the file cannot be
    read at all. Tracebacks only with ``--debug``.
``datasets list`` / ``datasets load NAME --output FILE.jsonl [--table TABLE]``
    The real-corpora registry (see :mod:`toolkit.datasets`).
``events align INPUT.jsonl --output OUT.csv`` / ``events score PRED.csv GOLD.jsonl``
    Same-event alignment (see :mod:`toolkit.events`): CSV with exactly ``doc_id,event``; the score's
    last line is exactly ``bcubed_precision P bcubed_recall R bcubed_f1 F``.
``topics fit INPUT --k K --model DIR [--doc-topics OUT.csv]`` / ``topics transform DIR INPUT --output OUT.csv``
    Topic models (see :mod:`toolkit.topics`): saved as a folder of JSON and arrays (no pickle); the
    doc-topic table is CSV ``doc_id, topic_01, …``.
``framing train|predict|cv``
    Frame classifiers (see :mod:`toolkit.framing.cli`); ``cv``'s last line is exactly ``micro_f1 F macro_f1 G``.
``stance fnc1|actor train|evaluate|predict …``
    Stance classifiers (see :mod:`toolkit.stance.cli`): ``fnc1 evaluate`` ends with ``fnc1_relative_score S``,
    ``actor evaluate`` with ``macro_f1 F``.
``figures [--output DIR] [--dataset NAME ...] [--notebook NAME ...]``
    Run the study notebooks headless, once per dataset (default: the real corpora, then the demo);
    each writes PNG + SVG + data table + manifest under DIR (see :mod:`toolkit.figures`) and the
    README's figure table is regenerated. Exit status 1 when a notebook fails.
``figures --table [--output DIR]`` / ``figures --check-text [--output DIR]``
    Print the figure → notebook → data → manifest table (Markdown) of DIR; check that no real figure's
    data table quotes a title of the datasets it was made from (exit 1 if one does).
``verify [--output DIR] [--scratch DIR] [--dataset NAME ...] [--notebook NAME ...]`` (also ``figures --verify``)
    Re-run the notebooks into the scratch folder and compare every figure's data table with the
    committed one (see :mod:`toolkit.verify`); prints each drift; exit status 1 on any drift, 2 when
    a notebook fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parse_sets(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--set {pair!r}: expected FIELD=VALUE, e.g. --set outlet=\"The Veldran Courier\"")
        out[key.strip()] = value.strip()
    return out


def _corpus_validate(args: argparse.Namespace) -> int:
    from .corpus import CorpusError, read, write_jsonl, write_parquet
    from .corpus.readers import is_damage

    try:
        defaults = _parse_sets(args.set)
        table = read(args.file, format=args.format, clean=not args.no_clean, encoding=args.encoding,
                     defaults=defaults or None, outlet_from_url=args.outlet_from_url, dayfirst=args.dayfirst)
        if args.quarantine:
            Path(args.quarantine).parent.mkdir(parents=True, exist_ok=True)
            table.quarantine.to_csv(args.quarantine, index=False)
        if args.output:
            out = Path(args.output)
            (write_parquet if out.suffix == ".parquet" else write_jsonl)(table.articles, out)
    except (CorpusError, ValueError) as exc:
        if args.debug:
            raise
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except (Exception, RecursionError, MemoryError) as exc:  # never a traceback unless asked
        if args.debug:
            raise
        print(f"error: reading {args.file} failed: {type(exc).__name__}: {_one_line(exc)} "
              f"(run again with --debug for the traceback)", file=sys.stderr)
        return 1
    print(table.summary())
    damage = table.quarantine[table.quarantine["reason"].map(is_damage)]
    if len(damage):
        first = damage.iloc[0]
        line = "" if first["line"] is None or str(first["line"]) == "<NA>" else f" line {first['line']}:"
        print(f"error: {first['source']}:{line} {first['reason']} ({table.counts['kept']} articles kept; "
              f"see the quarantine)", file=sys.stderr)
        return 1
    return 0


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:1000]


def _figures(args: argparse.Namespace) -> int:
    if args.table:
        from .published import figure_table_markdown

        print(figure_table_markdown(args.output), end="")
        return 0
    if args.check_text:
        from .published import quoted_titles

        found = quoted_titles(args.output)
        for file, cell in found:
            print(f"TEXT {file}: {cell[:100]!r}")
        print(f"check-text: {len(found)} cell(s) quote dataset titles" if found else "check-text: no titles quoted")
        return 1 if found else 0
    if args.verify:
        return _verify(args)
    from .figures import publish

    try:
        publish(output=args.output, datasets=args.dataset, notebooks=args.notebook, fetch=args.fetch,
                readme=Path("README.md") if Path(args.output).resolve().parent == Path.cwd() else None)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # papermill's execution error names the failing cell
        print(f"error: a notebook failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .verify import verify

    try:
        drifts = verify(args.output, args.scratch, datasets=args.dataset, notebooks=args.notebook)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a notebook failed: papermill's error names the cell
        print(f"error: a notebook failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    return 1 if drifts else 0


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
    val.add_argument("--encoding",
                     help="text encoding (default: UTF-8, or the detected one when the file is not UTF-8)")
    val.add_argument("--set", action="append", metavar="FIELD=VALUE",
                     help='fill a field the source lacks or leaves blank, e.g. --set outlet="The Veldran Courier" '
                          "--set published=2020-10-01; repeatable")
    val.add_argument("--outlet-from-url", action="store_true",
                     help="take a missing outlet from the url's domain (via the outlet registry)")
    val.add_argument("--dayfirst", action="store_true", default=None,
                     help="read ambiguous numeric dates (05/01/2020) day-first; they are flagged either way")
    val.add_argument("--debug", action="store_true", help="show the Python traceback on errors")
    val.set_defaults(func=_corpus_validate)

    fig = sub.add_parser("figures", help="run the study notebooks and write every figure (make figures)")
    ver = sub.add_parser("verify", help="re-run the notebooks and compare every figure's data table with the "
                                        "committed one (make verify); exit 1 on any drift")
    for p in (fig, ver):
        p.add_argument("--output", default="figures", metavar="DIR", help="figures folder (default: figures)")
        p.add_argument("--dataset", action="append", metavar="NAME",
                       help="notebook dataset parameter; repeatable (figures default: the real corpora when "
                            "$TOOLKIT_DATA/cache has them, then demo; verify default: every run committed)")
        p.add_argument("--notebook", action="append", metavar="NAME",
                       help="only this notebook (name, prefix such as 01, or path); repeatable")
        p.add_argument("--scratch", default="build/verify", metavar="DIR",
                       help="verify: where the notebooks are re-run (default: build/verify; emptied first)")
    fig.add_argument("--table", action="store_true",
                     help="print the figure -> notebook -> data -> manifest table (Markdown) and exit")
    fig.add_argument("--verify", action="store_true", help="same as `python -m toolkit verify`")
    fig.add_argument("--fetch", action="store_true",
                     help="first download the pinned, checksummed datasets the notebooks need that are not in "
                          "$TOOLKIT_DATA or the cache (make figures does); one that cannot be had -> demo fallback")
    fig.add_argument("--check-text", action="store_true",
                     help="check that no real figure's data table quotes a title of its datasets (slow); exit 1 if one does")
    fig.set_defaults(func=_figures)
    ver.set_defaults(func=_verify)

    from .datasets.cli import add_datasets_commands
    from .events.cli import add_events_commands
    from .framing.cli import add_framing_commands
    from .stance.cli import add_stance_commands
    from .store.cli import add_store_commands
    from .topics.cli import add_topics_commands

    add_datasets_commands(sub)
    add_events_commands(sub)
    add_topics_commands(sub)
    add_stance_commands(sub)
    add_framing_commands(sub)
    add_store_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m toolkit`` and the ``framing-toolkit`` script."""
    args = build_parser().parse_args(argv)
    return args.func(args)
