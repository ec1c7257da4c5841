"""Frame lexicons and weak labels: PMI lexicons from coded documents, word2vec expansion, intruder tests,
per-document lexicon scores.

Method (documented, deterministic):

1. :func:`pmi_lexicon` — for each frame, the terms whose document frequency in documents coded with the
   frame is highest relative to all documents: ``PMI(t, f) = log P(t | f) / P(t)`` on document frequencies with
   add-``smoothing`` counts, keeping terms in at least ``min_count`` documents of the frame (rare terms have
   unstable PMI), top ``top_n`` per frame.
2. :func:`expand_lexicon` — gensim word2vec trained on the corpus itself (:func:`word2vec_vectors`: one
   worker, fixed seed: the same corpus gives the same vectors); each frame gains the ``n`` nearest words to the centroid of its terms that
   are not in any frame's lexicon yet.
3. :func:`intruder_items` — validation by humans (Chang et al. 2009; Field et al. 2018): items of ``n_true``
   lexicon words plus one intruder from another frame's lexicon, shuffled; coders pick the odd one out;
   :func:`intruder_accuracy` scores their answers per frame (chance = 1 / (n_true + 1)).
4. :func:`lexicon_scores` — lexicon matches per 1,000 words per document: a wide table keyed by ``doc_id``
   that :func:`toolkit.compare.within_event_contrast` accepts, and a weak label where no coded data exist.

:func:`field2018_lexicon` returns the Field et al. (2018) lexicons from the registry (Russian terms, for Russian
text) in the same ``frame, term`` shape.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from toolkit.framing.classifier import as_texts
from toolkit.text import words

LEXICON_COLUMNS = ["frame", "term", "score", "n_docs", "source"]


def _binarised(labels, frames: list[str] | None) -> tuple[np.ndarray, list[str]]:
    label_sets = [list(ls) if not isinstance(ls, str) else [ls] for ls in labels]
    names = frames or sorted({x for ls in label_sets for x in ls})
    Y = np.array([[n in ls for n in names] for ls in label_sets], dtype=bool)
    return Y, names


def pmi_lexicon(X, labels, *, top_n: int = 50, min_count: int = 5, smoothing: float = 1.0,
                frames: list[str] | None = None) -> pd.DataFrame:
    """PMI lexicon per frame from coded documents.

    Parameters
    ----------
    X : texts or article table
    labels : label lists (or single labels) aligned with ``X``
    top_n, min_count, smoothing : see the module docstring

    Returns
    -------
    DataFrame
        ``frame, term, score (PMI), n_docs (documents of the frame containing the term), source='pmi'``.
    """
    texts = as_texts(X)
    if len(texts) != len(labels):
        raise ValueError(f"X has {len(texts)} documents but labels has {len(labels)} entries; they must align")
    Y, names = _binarised(labels, frames)
    vec = CountVectorizer(tokenizer=words, lowercase=False, token_pattern=None, binary=True, min_df=min_count)
    D = vec.fit_transform(texts).tocsc()
    vocab = np.array(vec.get_feature_names_out())
    df_all = np.asarray(D.sum(axis=0)).ravel()
    p_t = (df_all + smoothing) / (len(texts) + 2 * smoothing)
    rows = []
    for j, frame in enumerate(names):
        docs = Y[:, j]
        if docs.sum() == 0:
            continue
        df_f = np.asarray(D[docs].sum(axis=0)).ravel()
        p_tf = (df_f + smoothing) / (docs.sum() + 2 * smoothing)
        pmi = np.log(p_tf / p_t)
        ok = np.flatnonzero(df_f >= min_count)
        best = ok[np.lexsort((vocab[ok], -df_f[ok], -pmi[ok]))][:top_n]  # ties: more documents first
        rows += [{"frame": frame, "term": vocab[i], "score": float(pmi[i]), "n_docs": int(df_f[i]), "source": "pmi"}
                 for i in best]
    return pd.DataFrame(rows, columns=LEXICON_COLUMNS)


def word2vec_vectors(X, *, vector_size: int = 100, window: int = 5, min_count: int = 3, epochs: int = 10,
                     random_state: int = 0):
    """Word vectors trained on a corpus with gensim word2vec (CBOW), deterministically.

    Parameters
    ----------
    X : texts or article table
        Tokenised with :func:`toolkit.text.words` (lower case, stopwords and one-letter tokens removed).
    vector_size, window, min_count, epochs : int
        Passed to :class:`gensim.models.Word2Vec`; words seen fewer than ``min_count`` times get no vector.
    random_state : int
        Seed. Training uses one worker thread, so the same corpus and seed give the same vectors, in any
        process (gensim 4 draws the initial vectors from a seeded generator, not from Python's salted
        ``hash``: ``PYTHONHASHSEED`` does not matter).

    Returns
    -------
    gensim.models.KeyedVectors
    """
    from gensim.models import Word2Vec

    sentences = [words(t) for t in as_texts(X)]
    model = Word2Vec(sentences, vector_size=vector_size, window=window, min_count=min_count, epochs=epochs,
                     workers=1, seed=random_state)
    return model.wv


def expand_lexicon(lexicon: pd.DataFrame, X, *, n: int = 10, vector_size: int = 100, window: int = 5,
                   min_count: int = 3, epochs: int = 10, random_state: int = 0) -> pd.DataFrame:
    """Add word2vec neighbours (trained on ``X``) of each frame's lexicon centroid; ``source='word2vec'``.

    ``score`` of an added term is its cosine similarity to the centroid.
    """
    wv = word2vec_vectors(X, vector_size=vector_size, window=window, min_count=min_count, epochs=epochs,
                          random_state=random_state)
    taken = set(lexicon["term"])
    rows = []
    for frame, terms in lexicon.groupby("frame", sort=False)["term"]:
        known = [t for t in terms if t in wv]
        if not known:
            continue
        for term, sim in wv.most_similar(positive=known, topn=n + len(taken)):
            if term in taken:
                continue
            rows.append({"frame": frame, "term": term, "score": float(sim), "n_docs": pd.NA, "source": "word2vec"})
            taken.add(term)
            if sum(r["frame"] == frame for r in rows) >= n:
                break
    return pd.concat([lexicon, pd.DataFrame(rows, columns=LEXICON_COLUMNS)], ignore_index=True)


def lexicon_scores(articles: pd.DataFrame, lexicon: pd.DataFrame, *, per: int = 1000, client=None) -> pd.DataFrame:
    """Lexicon matches per ``per`` words per document: ``doc_id`` + one column per frame.

    Multi-word terms are matched as token sequences. ``client`` (a ``dask.distributed.Client``) scores blocks
    of rows on a Dask cluster with the same result (:mod:`toolkit.parallel`).
    """
    if "doc_id" not in articles:
        raise ValueError(f"expected an article table with doc_id, found columns {list(articles.columns)}")
    missing = {"frame", "term"} - set(lexicon.columns)
    if missing:
        raise ValueError(f"expected a lexicon with columns frame, term; missing {sorted(missing)}")
    if client is not None:
        from toolkit.parallel import map_partitions, n_workers, partitions

        parts = [articles.iloc[s] for s in partitions(len(articles), 2 * n_workers(client))]
        out = map_partitions(_lexicon_part, parts, client=client, broadcast={"lexicon": lexicon, "per": per})
        return pd.concat(out, ignore_index=True)
    tokens = [words(t) for t in as_texts(articles)]
    frames = list(dict.fromkeys(lexicon["frame"]))
    out = pd.DataFrame({"doc_id": articles["doc_id"].astype(str).to_numpy()})
    for frame in frames:
        terms = [tuple(words(t)) for t in lexicon.loc[lexicon["frame"] == frame, "term"].astype(str)]
        singles = {t[0] for t in terms if len(t) == 1}
        multi = [t for t in terms if len(t) > 1]
        counts = []
        for toks in tokens:
            c = sum(tok in singles for tok in toks)
            for m in multi:
                k = len(m)
                c += sum(tuple(toks[i:i + k]) == m for i in range(len(toks) - k + 1))
            counts.append(per * c / max(len(toks), 1))
        out[frame] = counts
    return out


def _lexicon_part(part: pd.DataFrame, lexicon: pd.DataFrame, per: int) -> pd.DataFrame:
    return lexicon_scores(part, lexicon, per=per)


def intruder_items(lexicon: pd.DataFrame, *, n_items: int = 5, n_true: int = 5, top: int = 20,
                   random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Word-intrusion items for coders: ``n_true`` words of a frame's top ``top`` terms plus one intruder.

    Returns
    -------
    items : DataFrame
        ``item, position, term`` — what coders see (no frame, no answer).
    key : DataFrame
        ``item, frame, intruder`` — kept away from coders.
    """
    rng = np.random.default_rng(random_state)
    frames = list(dict.fromkeys(lexicon["frame"]))
    if len(frames) < 2:
        raise ValueError(f"intruder tests need lexicons of at least two frames, found {frames}")
    pools = {f: lexicon.loc[lexicon["frame"] == f, "term"].astype(str).tolist()[:top] for f in frames}
    short = {f: len(p) for f, p in pools.items() if len(p) < n_true}
    if short:
        raise ValueError(f"frames with fewer than n_true={n_true} lexicon terms: {short}; lower n_true or grow them")
    items, key, item = [], [], 0
    for frame in frames:
        others = sorted(set().union(*(pools[f] for f in frames if f != frame)) - set(pools[frame]))
        for _ in range(n_items):
            item += 1
            chosen = list(rng.choice(pools[frame], n_true, replace=False))
            intruder = str(rng.choice(others))
            terms = chosen + [intruder]
            rng.shuffle(terms)
            items += [{"item": item, "position": p, "term": t} for p, t in enumerate(terms, start=1)]
            key.append({"item": item, "frame": frame, "intruder": intruder})
    return pd.DataFrame(items), pd.DataFrame(key)


def intruder_accuracy(answers: pd.DataFrame, key: pd.DataFrame) -> pd.DataFrame:
    """Share of answers that found the intruder, per frame: ``frame, n_answers, accuracy``.

    ``answers``: ``item, term`` (one row per coder answer; a ``coder`` column may be present).
    """
    joined = answers.merge(key, on="item", how="inner")
    if joined.empty:
        raise ValueError("no answer matches an item of the key; expected columns item, term with the key's items")
    joined["correct"] = joined["term"].astype(str) == joined["intruder"].astype(str)
    out = joined.groupby("frame", sort=False)["correct"].agg(n_answers="size", accuracy="mean").reset_index()
    return out


def field2018_lexicon() -> pd.DataFrame:
    """Field et al. (2018) frame lexicons (Russian terms) as ``frame, term, score, n_docs, source``.

    ``score`` is minus the rank (higher = earlier in the published list); frame names are the normalised
    policy-frame names of the registry table.
    """
    from toolkit.datasets import load_dataset

    lex = load_dataset("field2018_frame_lexicons")["lexicons"]
    return pd.DataFrame({"frame": lex["frame"].astype(str), "term": lex["term"].astype(str),
                         "score": -lex["rank"].astype(float), "n_docs": pd.NA, "source": "field2018"})
