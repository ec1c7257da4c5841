"""``python -m toolkit framing …``: train, predict and cross-validate frame classifiers.

``framing train --dataset NAME --model OUT.skops [--embeddings]``
    Fit a :class:`~toolkit.framing.FrameClassifier` on a labelled corpus (see :mod:`toolkit.framing.data`).
``framing predict --model M --input FILE.jsonl --output OUT.csv``
    Canonical JSON lines in; CSV ``doc_id,frame`` out, one row per predicted frame (names as in the model's
    scheme, e.g. ``Security_and_defense``).
``framing cv --dataset NAME [--split random|topic] [--embeddings]``
    5-fold cross-validation with the constant baseline beside; last line exactly ``micro_f1 F macro_f1 G``
    (for the single-label ``gvfc``: ``accuracy A macro_f1 G``).

``--embeddings`` adds the MiniLM sentence-embedding block (optional extra ``embeddings``); without the
extra the command exits 2 with the install command. ``--finetune auto|yes|no`` (train, cv) fine-tunes MiniLM end
to end (same extra): for a single-label dataset such as ``gvfc`` the model is
:class:`~toolkit.framing.FineTunedFrameClassifier`; for several frames per document, the FrameClassifier with a
chunked fine-tuned block blended into its probabilities (``FrameClassifier(finetune=True)``). The default ``auto``
fine-tunes a single-label dataset when the extra is installed; ``yes`` fine-tunes any.

``--word-vectors SOURCE`` (train, cv; core install) chooses the domain word vectors. Default ``auto``:
Article-Bias-Prediction's when that corpus is available locally (trained once, about 3 minutes, then cached),
none for the demo or when it is missing (a note says so); ``none`` switches them off; otherwise a registry
dataset to train them on, or the path of a ``.npz`` written by
:meth:`toolkit.framing.word_vectors.WordVectors.save`. The trained model records which (``word_vectors_.source``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .word_vectors import WORD_VECTORS_HELP, resolve_word_vectors

#: Settings per dataset (chosen by cross-validation on that dataset; see benchmarks/framing.py).
SETTINGS: dict[str, dict] = {
    "gvfc": {"C": 30.0, "min_df": 1, "min_words": 1, "char_ngrams": (2, 5)},
}


def estimator_for(name: str, embeddings: bool = False, word_vectors=None, finetune: bool = False):
    """The FrameClassifier used for a registry dataset (its scheme plus :data:`SETTINGS`), and its ``X``, ``y``.

    ``embeddings=True`` switches on the sentence-embedding block (default weight and chunking);
    ``word_vectors`` (see :func:`resolve_word_vectors`) the domain word-vector block. ``finetune=True`` returns a
    :class:`~toolkit.framing.FineTunedFrameClassifier` instead for single-label datasets such as ``gvfc``, and a
    FrameClassifier with the fine-tuned block blended in (``finetune=True``) for several frames per document.
    """
    from .classifier import FrameClassifier
    from .data import load_frame_dataset
    from .schemes import BUILTIN_SCHEMES

    articles, labels, scheme = load_frame_dataset(name)
    text = articles["title"] if name == "gvfc" else articles
    spec = scheme.name if BUILTIN_SCHEMES.get(scheme.name) == scheme else scheme.to_dict()
    if finetune:
        from .classifier import _is_multilabel
        from .finetune import FineTunedFrameClassifier

        if embeddings:
            raise ValueError("--finetune trains the encoder itself; it does not take --embeddings (drop one).")
        if not _is_multilabel(labels):
            return FineTunedFrameClassifier(spec), text, labels
    return (FrameClassifier(spec, **SETTINGS.get(name, {}), embeddings=embeddings,
                            word_vectors=resolve_word_vectors(word_vectors, name), finetune=bool(finetune)),
            text, labels)


EMBEDDINGS_HELP = 'add MiniLM sentence embeddings (optional extra: pip install -e ".[embeddings]")'
FINETUNE_HELP = ("fine-tune MiniLM end to end (optional extra: pip install -e \".[embeddings]\"): the primary frame "
                 "for a single-label dataset such as gvfc (FineTunedFrameClassifier), else a chunked fine-tuned block "
                 "blended into the FrameClassifier. Default auto: single-label datasets when the extra is installed; "
                 "yes: any dataset; no: the TF-IDF model")


def _finetune(args: argparse.Namespace) -> bool:
    """Resolve ``--finetune auto|yes|no`` for ``args.dataset``: ``auto`` fine-tunes a single-label dataset (one
    frame per text, e.g. gvfc) when the optional extra is installed and ``--embeddings`` was not asked for."""
    from ..finetune import use_finetuning
    from .data import SINGLE_LABEL

    if args.finetune == "auto" and args.dataset not in SINGLE_LABEL:
        return False
    return use_finetuning(args.finetune, args.embeddings)


def _train(args: argparse.Namespace) -> int:
    from .persist import save_model

    model, X, y = estimator_for(args.dataset, embeddings=args.embeddings, word_vectors=args.word_vectors,
                                finetune=_finetune(args))
    model.set_params(progress=True).fit(X, y)
    model.set_params(progress=False)
    save_model(model, args.model)
    print(f"trained on {len(y)} documents, frames {list(model.classes_)}; saved {args.model}")
    return 0


def _predict(args: argparse.Namespace) -> int:
    from ..corpus import CorpusError, read
    from .measures import frame_table
    from .persist import load_model

    model = load_model(args.model)
    try:
        table = read(args.input, format="jsonl")
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if len(table.quarantine):
        print(f"warning: {len(table.quarantine)} input row(s) quarantined (not predicted)", file=sys.stderr)
    out = frame_table(model, table.articles)[["doc_id", "frame"]]
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.output, index=False)
    print(f"{len(out)} frame rows for {out['doc_id'].nunique()} of {len(table.articles)} documents -> {args.output}")
    return 0


def _cv(args: argparse.Namespace) -> int:
    from .evaluate import cross_validate_frames, summarise

    finetune = _finetune(args)
    model, X, y = estimator_for(args.dataset, embeddings=args.embeddings, word_vectors=args.word_vectors,
                                finetune=finetune)
    if finetune:
        model.set_params(progress=False)
    scores, per_frame = cross_validate_frames(X, y, model, split=args.split, n_splits=args.folds)
    summary = summarise(scores)
    print(summary.to_string(index=False))
    if len(per_frame):
        wide = per_frame.pivot(index="frame", columns="model", values="f1").round(3)
        print(wide.to_string())
    row = summary[summary["model"] == "model"].iloc[0]
    if "micro_f1_mean" in row:
        print(f"micro_f1 {row['micro_f1_mean']:.4f} macro_f1 {row['macro_f1_mean']:.4f}")
    else:
        print(f"accuracy {row['accuracy_mean']:.4f} macro_f1 {row['macro_f1_mean']:.4f}")
    return 0


def _guarded(func):
    """Exit 2 with the message when the optional embedding extra is missing or the word vectors' source is not
    found (an unknown corpus name, a corpus not available locally, a missing file)."""
    def run(args) -> int:
        from ..datasets.registry import DatasetError
        from ..embeddings import EmbeddingsUnavailable

        try:
            return func(args)
        except (EmbeddingsUnavailable, DatasetError, FileNotFoundError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return run


def add_framing_commands(sub) -> None:
    """Register the ``framing`` command group on the top-level subparsers."""
    from .data import LABELLED

    framing = sub.add_parser("framing", help="train, apply and evaluate frame classifiers")
    fsub = framing.add_subparsers(dest="command", required=True)
    train = fsub.add_parser("train", help="fit a frame classifier on a labelled dataset and save it (skops)")
    train.add_argument("--dataset", required=True, choices=LABELLED)
    train.add_argument("--model", required=True, metavar="OUT.skops")
    train.add_argument("--embeddings", action="store_true", help=EMBEDDINGS_HELP)
    train.add_argument("--word-vectors", metavar="SOURCE", default="auto", help=WORD_VECTORS_HELP)
    train.add_argument("--finetune", nargs="?", const="yes", default="auto", choices=["auto", "yes", "no"],
                       help=FINETUNE_HELP)
    train.set_defaults(func=_guarded(_train))
    pred = fsub.add_parser("predict", help="predict frames; CSV doc_id,frame (one row per frame)")
    pred.add_argument("--model", required=True, metavar="M.skops")
    pred.add_argument("--input", required=True, metavar="FILE.jsonl")
    pred.add_argument("--output", required=True, metavar="OUT.csv")
    pred.set_defaults(func=_predict)
    cv = fsub.add_parser("cv", help="cross-validate; last line: micro_f1 F macro_f1 G")
    cv.add_argument("--dataset", required=True, choices=LABELLED)
    cv.add_argument("--split", choices=["random", "topic"], default="random")
    cv.add_argument("--folds", type=int, default=5)
    cv.add_argument("--embeddings", action="store_true", help=EMBEDDINGS_HELP)
    cv.add_argument("--word-vectors", metavar="SOURCE", default="auto", help=WORD_VECTORS_HELP)
    cv.add_argument("--finetune", nargs="?", const="yes", default="auto", choices=["auto", "yes", "no"],
                    help=FINETUNE_HELP)
    cv.set_defaults(func=_guarded(_cv))
