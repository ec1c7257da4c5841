"""``python -m toolkit stance fnc1|actor train|evaluate|predict``.

``stance fnc1 train --data DIR --model OUT [--word-vectors auto|none|CORPUS|FILE.npz]``
    DIR holds FNC-1's ``train_bodies.csv`` and ``train_stances.csv``.
``stance fnc1 evaluate --model M --bodies BODIES.csv --stances STANCES.csv``
    Prints per-class F1 and the confusion matrix; last line exactly ``fnc1_relative_score S``.
``stance fnc1 predict --model M --bodies B.csv --stances S.csv --output OUT.csv``
    ``Headline,Body ID,Stance`` in input order (an input Stance column is ignored).
``stance actor train --data DIR --model OUT [--embeddings] [--word-vectors auto|none|CORPUS|FILE.npz]``
``stance actor train --data DIR --model OUT [--finetune auto|yes|no] [--epochs N] [--learning-rate R] [--base-model NAME|DIR]``
    DIR holds NewsMTSC's ``train.jsonl``. ``--finetune`` (default ``auto``: when the optional extra ``embeddings``
    is installed) trains :class:`FineTunedActorStance` (MiniLM fine-tuned end to end) instead of the TF-IDF /
    lexicon model; ``--finetune no`` always trains the latter.
``stance actor evaluate --model M --input FILE.jsonl``
    Last line exactly ``macro_f1 F``.
``stance actor predict --model M --input FILE.jsonl --output OUT.jsonl``
    The input lines with each target's ``polarity`` replaced by the prediction (2.0 / 4.0 / 6.0).

Exit status 0 on success, 2 on bad input (the error says what was expected and found).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from ..finetune import use_finetuning
from ..framing.word_vectors import WORD_VECTORS_HELP, resolve_word_vectors


def _read_jsonl(path: str | Path) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}, line {i}: not valid JSON ({exc.msg}); expected one NewsMTSC record per line.") from exc
    return records


def _fnc_train(args) -> int:
    from .headline import make_headline_stance_model
    from .persist import save_model

    data = Path(args.data)
    pairs = read_pairs(data / "train_bodies.csv", data / "train_stances.csv", require_labels=True)
    model = make_headline_stance_model(max_iter=args.max_iter, random_state=args.random_state, progress=True,
                                       word_vectors=resolve_word_vectors(args.word_vectors))
    model.fit(pairs[["headline", "body"]], pairs["label"])
    save_model(model, args.model, kind="fnc1")
    print(f"trained on {len(pairs)} pairs -> {args.model}")
    return 0


def read_pairs(bodies, stances, require_labels=False):
    from .fnc_io import read_fnc_pairs

    return read_fnc_pairs(bodies, stances, require_labels=require_labels)


def _fnc_predict_pairs(args, require_labels: bool):
    from .persist import load_model

    model = load_model(args.model, kind="fnc1")
    pairs = read_pairs(args.bodies, args.stances, require_labels=require_labels)
    return pairs, model.predict(pairs[["headline", "body"]])


def _fnc_evaluate(args) -> int:
    from .fnc_score import fnc_report

    pairs, pred = _fnc_predict_pairs(args, require_labels=True)
    rep = fnc_report(pairs["label"], pred)
    print(rep["per_class"].to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    print("confusion (rows gold, columns predicted):")
    print(rep["confusion"].to_string())
    print(f"macro_f1 {rep['macro_f1']:.4f}")
    print(f"fnc1_relative_score {rep['relative_score']:.4f}")
    return 0


def _fnc_predict(args) -> int:
    pairs, pred = _fnc_predict_pairs(args, require_labels=False)
    out = pd.DataFrame({"Headline": pairs["headline"], "Body ID": pairs["body_id"], "Stance": pred})
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.output, index=False)
    print(f"predicted {len(out)} pairs -> {args.output}")
    return 0


def _actor_train(args) -> int:
    from .actor import make_actor_stance_model, newsmtsc_targets
    from .persist import save_model

    targets = newsmtsc_targets(_read_jsonl(Path(args.data) / "train.jsonl")).dropna(subset=["label"])
    if use_finetuning(args.finetune, args.embeddings):
        from .actor_finetune import FineTunedActorStance

        print(f"fine-tuning {args.base_model} on {len(targets)} targets (FineTunedActorStance; a few minutes on 2 "
              "cores; --finetune no for the TF-IDF / lexicon model)", file=sys.stderr)
        model = FineTunedActorStance(model=args.base_model, epochs=args.epochs, learning_rate=args.learning_rate,
                                     random_state=args.random_state).fit(targets, targets["label"])
    else:
        if args.finetune == "auto" and not args.embeddings:
            print("note: the TF-IDF / lexicon model (the optional 'embeddings' extra, which --finetune auto would "
                  "fine-tune, is not installed)", file=sys.stderr)
        model = make_actor_stance_model(random_state=args.random_state, embeddings=args.embeddings,
                                        word_vectors=resolve_word_vectors(args.word_vectors))
        model.fit(targets, targets["label"])
    save_model(model, args.model, kind="actor")
    print(f"trained on {len(targets)} targets -> {args.model}")
    return 0


def _actor_evaluate(args) -> int:
    from sklearn.metrics import classification_report, f1_score

    from .actor import ACTOR_LABELS, newsmtsc_targets
    from .persist import load_model

    model = load_model(args.model, kind="actor")
    targets = newsmtsc_targets(_read_jsonl(args.input))
    if targets["label"].isna().any():
        raise ValueError(f"{args.input}: {int(targets['label'].isna().sum())} target(s) have no polarity; "
                         "evaluation needs gold polarities.")
    pred = model.predict(targets)
    print(classification_report(targets["label"], pred, labels=list(ACTOR_LABELS), digits=4, zero_division=0))
    print(f"macro_f1 {f1_score(targets['label'], pred, labels=list(ACTOR_LABELS), average='macro'):.4f}")
    return 0


def _actor_predict(args) -> int:
    from .actor import LABEL_TO_POLARITY, newsmtsc_targets
    from .persist import load_model

    model = load_model(args.model, kind="actor")
    records = _read_jsonl(args.input)
    targets = newsmtsc_targets(records)
    pred = model.predict(targets) if len(targets) else []
    for (line, j), label in zip(targets[["line", "target_index"]].itertuples(index=False), pred):
        records[line]["targets"][j]["polarity"] = LABEL_TO_POLARITY[label]
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"predicted {len(targets)} targets in {len(records)} lines -> {args.output}")
    return 0


def _guarded(func):
    def run(args) -> int:
        from ..datasets.registry import DatasetError
        from ..embeddings import EmbeddingsUnavailable
        from .persist import ModelFileError

        try:
            return func(args)
        except (ValueError, FileNotFoundError, ModelFileError, EmbeddingsUnavailable, DatasetError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return run


def add_stance_commands(sub) -> None:
    """Register the ``stance`` command group on the top-level subparsers."""
    stance = sub.add_parser("stance", help="headline-body stance (FNC-1) and stance toward a named actor (NewsMTSC)")
    groups = stance.add_subparsers(dest="task", required=True)

    fnc = groups.add_parser("fnc1", help="headline-body stance: agree / disagree / discuss / unrelated")
    fsub = fnc.add_subparsers(dest="command", required=True)
    t = fsub.add_parser("train", help="train on DIR/train_bodies.csv + DIR/train_stances.csv")
    t.add_argument("--data", required=True, metavar="DIR")
    t.add_argument("--model", required=True, metavar="OUT.skops")
    t.add_argument("--max-iter", type=int, default=300, help="boosting iterations (default 300)")
    t.add_argument("--random-state", type=int, default=0)
    t.add_argument("--word-vectors", metavar="SOURCE", default="auto", help=WORD_VECTORS_HELP)
    t.set_defaults(func=_guarded(_fnc_train))
    for name, func, helptext in (("evaluate", _fnc_evaluate, "last line: fnc1_relative_score S"),
                                 ("predict", _fnc_predict, "write Headline,Body ID,Stance")):
        p = fsub.add_parser(name, help=helptext)
        p.add_argument("--model", required=True, metavar="M")
        p.add_argument("--bodies", required=True, metavar="BODIES.csv")
        p.add_argument("--stances", required=True, metavar="STANCES.csv")
        if name == "predict":
            p.add_argument("--output", required=True, metavar="OUT.csv")
        p.set_defaults(func=_guarded(func))

    actor = groups.add_parser("actor", help="stance toward a named actor: negative / neutral / positive")
    asub = actor.add_subparsers(dest="command", required=True)
    t = asub.add_parser("train", help="train on DIR/train.jsonl (NewsMTSC format)")
    t.add_argument("--data", required=True, metavar="DIR")
    t.add_argument("--model", required=True, metavar="OUT.skops")
    t.add_argument("--random-state", type=int, default=0)
    t.add_argument("--embeddings", action="store_true",
                   help='add MiniLM sentence embeddings (optional extra: pip install -e ".[embeddings]")')
    t.add_argument("--word-vectors", metavar="SOURCE", default="auto", help=WORD_VECTORS_HELP)
    t.add_argument("--finetune", nargs="?", const="yes", default="auto", choices=["auto", "yes", "no"],
                   help="fine-tune MiniLM end to end (FineTunedActorStance; optional extra: "
                        'pip install -e ".[embeddings]"; about 6 minutes on 2 cores for NewsMTSC train). Default '
                        "auto: when the extra is installed; no: the TF-IDF / lexicon model")
    t.add_argument("--epochs", type=int, default=3, help="with --finetune: passes over the training data (default 3)")
    t.add_argument("--learning-rate", type=float, default=5e-5, help="with --finetune: peak learning rate (default 5e-5)")
    t.add_argument("--base-model", default="all-MiniLM-L6-v2", metavar="NAME|DIR",
                   help="with --finetune: the packaged all-MiniLM-L6-v2 (default) or a local Hugging Face model folder")
    t.set_defaults(func=_guarded(_actor_train))
    for name, func, helptext in (("evaluate", _actor_evaluate, "last line: macro_f1 F"),
                                 ("predict", _actor_predict, "write the input with predicted polarities")):
        p = asub.add_parser(name, help=helptext)
        p.add_argument("--model", required=True, metavar="M")
        p.add_argument("--input", required=True, metavar="FILE.jsonl")
        if name == "predict":
            p.add_argument("--output", required=True, metavar="OUT.jsonl")
        p.set_defaults(func=_guarded(func))
