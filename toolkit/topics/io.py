"""Save and load topic models without pickle: gensim's text dictionary, ``.npy`` arrays and a JSON sidecar.

gensim's own ``LdaModel.save`` pickles the model object, and loading a pickle runs whatever code it
names, so a model received from someone else could run code on load. Here a model is a folder:

* ``model.json`` — backend, parameters, topic names, editable labels, phrases, format version;
* ``dictionary.txt`` — the vocabulary in gensim's text format (``Dictionary.save_as_text``);
* ``term_frequency.npy`` and the backend's arrays (LDA: ``lambda``, ``alpha``, ``eta``; NMF:
  ``components``, ``idf``) — read with ``numpy.load(allow_pickle=False)``.

Loading rebuilds the gensim / scikit-learn model from these numbers: the loaded model's ``transform``
gives the same table as the saved one.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.utils.validation import check_is_fitted

from toolkit.topics._base import TopicModelError, TopicsBase
from toolkit.topics.lda import LdaTopics
from toolkit.topics.nmf import NmfTopics

FORMAT = "toolkit-topics/1"
_BACKENDS = {"lda": LdaTopics, "nmf": NmfTopics}


def save_topics(model: TopicsBase, path: str | Path) -> Path:
    """Write a fitted topic model to the folder ``path`` (created; existing model files are replaced)."""
    check_is_fitted(model, "topic_term_")
    if model.lemmatize is not None:
        raise TopicModelError("save_topics: the model has a lemmatize function, which cannot be saved as data. "
                              "Set lemmatize=None (lemmatise the texts before fitting) to save it.")
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    params = {k: v for k, v in model.get_params().items() if k != "lemmatize"}
    for key, value in params.items():
        if isinstance(value, np.ndarray):
            params[key] = value.tolist()
    phrases = None
    if model.phrases_ is not None:
        phrases = {"phrasegrams": {k: float(v) for k, v in model.phrases_.frozen.phrasegrams.items()},
                   "delimiter": model.phrases_.frozen.delimiter, "threshold": float(model.phrases_.frozen.threshold)}
    meta = {"format": FORMAT, "backend": model.backend, "params": params, "topic_names": model.topic_names_,
            "labels": model.labels_, "n_documents": int(model.n_documents_), "phrases": phrases}
    model.dictionary_.save_as_text(str(folder / "dictionary.txt"))
    np.save(folder / "term_frequency.npy", model.term_frequency_, allow_pickle=False)
    for name, arr in model._arrays().items():
        np.save(folder / f"{name}.npy", np.asarray(arr), allow_pickle=False)
    (folder / "model.json").write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
    return folder


def load_topics(path: str | Path) -> TopicsBase:
    """Load a model written by :func:`save_topics` (no pickle: numbers, text and JSON only)."""
    from gensim.corpora import Dictionary

    folder = Path(path)
    meta_path = folder / "model.json"
    if not meta_path.exists():
        raise FileNotFoundError(f"load_topics: expected a model folder with model.json (written by save_topics); "
                                f"found no {meta_path}.")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT or meta.get("backend") not in _BACKENDS:
        raise TopicModelError(f"load_topics: {meta_path} has format {meta.get('format')!r} / backend "
                              f"{meta.get('backend')!r}; expected {FORMAT!r} with backend one of {sorted(_BACKENDS)}.")
    cls = _BACKENDS[meta["backend"]]
    model = cls(**meta["params"])
    model.dictionary_ = Dictionary.load_from_text(str(folder / "dictionary.txt"))
    model.vocabulary_ = [model.dictionary_[i] for i in range(len(model.dictionary_))]
    model.term_frequency_ = np.load(folder / "term_frequency.npy", allow_pickle=False)
    model.n_documents_ = meta["n_documents"]
    model.topic_names_ = list(meta["topic_names"])
    model.labels_ = dict(meta["labels"])
    model.phrases_ = None
    if meta.get("phrases"):
        from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

        from toolkit.tokenize import PhraseDetector

        frozen = Phrases([], connector_words=ENGLISH_CONNECTOR_WORDS, delimiter=meta["phrases"]["delimiter"]).freeze()
        frozen.phrasegrams = dict(meta["phrases"]["phrasegrams"])
        frozen.threshold = float(meta["phrases"]["threshold"])
        model.phrases_ = PhraseDetector(frozen)
    names = {"lda": ("lambda", "alpha", "eta"), "nmf": ("components", "idf")}[meta["backend"]]
    model._restore({n: np.load(folder / f"{n}.npy", allow_pickle=False) for n in names})
    return model
