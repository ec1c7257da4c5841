"""``python -m toolkit topics fit|transform``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path


def _read(path: str, fmt: str | None):
    from ..corpus import CorpusError, read

    try:
        table = read(path, format=fmt)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    if len(table.quarantine):
        print(f"warning: {len(table.quarantine)} input rows were quarantined and are left out", file=sys.stderr)
    if len(table.articles) == 0:
        print(f"error: {path}: no article could be read (read {table.n_read}, all quarantined).", file=sys.stderr)
        return None
    return table.articles


def _write(doc_topics, output: str) -> None:
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc_topics.to_csv(out, index=False)


def _fit(args: argparse.Namespace) -> int:
    from . import LdaTopics, NmfTopics, TopicModelError, save_topics

    articles = _read(args.input, args.format)
    if articles is None:
        return 2
    cls = LdaTopics if args.backend == "lda" else NmfTopics
    params = {"no_below": args.no_below, "no_above": args.no_above, "random_state": args.seed}
    if args.backend == "lda":
        params["passes"] = args.passes
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = cls(args.k, **params).fit(articles)
        except TopicModelError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    for w in caught:
        if "too few updates" not in str(w.message):
            print(f"warning: {w.message}", file=sys.stderr)
    folder = save_topics(model, args.model)
    terms = model.top_terms(8, relevance=0.6)
    for name in model.topic_names_:
        print(f"{name}: {' '.join(terms[terms['topic'] == name]['term'])}")
    if args.doc_topics:
        _write(model.transform(articles), args.doc_topics)
    print(f"documents {model.n_documents_} terms {len(model.vocabulary_)} topics {args.k} -> {folder}")
    return 0


def _transform(args: argparse.Namespace) -> int:
    from . import load_topics

    articles = _read(args.input, args.format)
    if articles is None:
        return 2
    try:
        model = load_topics(args.model)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    table = model.transform(articles)
    _write(table, args.output)
    print(f"documents {len(table)} topics {len(model.topic_names_)} -> {args.output}")
    return 0


def add_topics_commands(sub) -> None:
    """Register ``topics fit`` and ``topics transform`` on the top-level subparsers."""
    tp = sub.add_parser("topics", help="topic models (LDA / NMF): fit, save, doc-topic tables")
    tsub = tp.add_subparsers(dest="command", required=True)
    fit = tsub.add_parser("fit", help="fit a topic model and save it (a folder: JSON + arrays, no pickle)")
    fit.add_argument("input", help="canonical JSON lines (or any file `corpus validate` reads)")
    fit.add_argument("--k", type=int, required=True, help="number of topics")
    fit.add_argument("--model", required=True, metavar="DIR", help="folder the model is saved to")
    fit.add_argument("--backend", choices=["lda", "nmf"], default="lda")
    fit.add_argument("--passes", type=int, default=5)
    fit.add_argument("--no-below", type=int, default=5, help="keep terms in at least this many documents")
    fit.add_argument("--no-above", type=float, default=0.5, help="keep terms in at most this share of documents")
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument("--doc-topics", metavar="OUT.csv", help="also write the doc-topic table here")
    fit.add_argument("--format", choices=["csv", "jsonl", "parquet", "txt", "html"])
    fit.set_defaults(func=_fit)
    tr = tsub.add_parser("transform", help="doc-topic table (doc_id, topic_01 …) of INPUT with a saved model")
    tr.add_argument("model", metavar="MODEL_DIR")
    tr.add_argument("input")
    tr.add_argument("--output", required=True, metavar="OUT.csv")
    tr.add_argument("--format", choices=["csv", "jsonl", "parquet", "txt", "html"])
    tr.set_defaults(func=_transform)
