"""What an article looks like to the event aligner: TF-IDF of title + lead, and of the names it mentions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from ..text import STOPWORDS, entity_terms, lead


def _identity(tokens):
    return tokens


def event_documents(articles: pd.DataFrame, *, lead_words: int, title_weight: int) -> tuple[list[str], list[list[str]]]:
    """Text (title repeated ``title_weight`` times + lead) and entity terms of each article."""
    titles = articles["title"].fillna("").astype(str).tolist() if "title" in articles else [""] * len(articles)
    texts = articles["text"].fillna("").astype(str).tolist()
    docs, ents = [], []
    for title, text in zip(titles, texts):
        head = lead(text, lead_words)
        docs.append(((title + "\n") * title_weight) + head)
        ents.append(entity_terms(title) * title_weight + entity_terms(head))
    return docs, ents


def word_vectorizer(ngram_max: int) -> TfidfVectorizer:
    """The (unfitted) TF-IDF vectoriser of the words of title + lead (shared by the in-memory and streamed aligners)."""
    return TfidfVectorizer(
        lowercase=True, stop_words=sorted(STOPWORDS), token_pattern=r"(?u)\b[^\W\d_][\w\-]+\b",
        sublinear_tf=True, ngram_range=(1, ngram_max), min_df=1, dtype=np.float64,
    )


def entity_vectorizer() -> TfidfVectorizer:
    """The (unfitted) TF-IDF vectoriser of the entity terms (lists of terms, taken as they are)."""
    return TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=1, dtype=np.float64)


def combine_features(Xw: sp.spmatrix, Xe: sp.spmatrix, entity_weight: float) -> sp.csr_matrix:
    """Row-wise: ``[sqrt(1-w)·words, sqrt(w)·entities]``, renormalised to unit length (rows are independent)."""
    X = sp.hstack([np.sqrt(1 - entity_weight) * Xw, np.sqrt(entity_weight) * Xe], format="csr")
    # Renormalise so a document without entities still has unit length (then it is matched on words alone).
    return normalize(X, norm="l2", copy=False)


def embedding_documents(articles: pd.DataFrame, *, lead_words: int) -> list[str]:
    """The text a sentence encoder sees for each article: title, a newline, then the lead (first ``lead_words`` words).

    The same title and lead the TF-IDF reads (the title once: an encoder needs no repetition to weigh it).
    """
    titles = articles["title"].fillna("").astype(str).tolist() if "title" in articles else [""] * len(articles)
    texts = articles["text"].fillna("").astype(str).tolist()
    return [(f"{title.strip()}\n" if title.strip() else "") + lead(text, lead_words)
            for title, text in zip(titles, texts)]


def event_features(
    articles: pd.DataFrame, *, lead_words: int, title_weight: int, entity_weight: float, ngram_max: int
) -> tuple[sp.csr_matrix, list[str], TfidfVectorizer, TfidfVectorizer]:
    """L2-normalised document vectors whose dot product is ``(1-w)·cos(words) + w·cos(entities)``.

    Returns the matrix, the feature names (``w:term`` / ``e:entity``) and the two fitted vectorisers.
    """
    docs, ents = event_documents(articles, lead_words=lead_words, title_weight=title_weight)
    words = word_vectorizer(ngram_max)
    try:
        Xw = words.fit_transform(docs)
    except ValueError:  # every document empty after stopwords
        Xw = sp.csr_matrix((len(docs), 0))
    ent_vec = entity_vectorizer()
    try:
        Xe = ent_vec.fit_transform(ents)
    except ValueError:
        Xe = sp.csr_matrix((len(docs), 0))
    X = combine_features(Xw, Xe, entity_weight)
    names = [f"w:{t}" for t in _names(words, Xw)] + [f"e:{t}" for t in _names(ent_vec, Xe)]
    return X, names, words, ent_vec


def _names(vec: TfidfVectorizer, X) -> list[str]:
    return list(vec.get_feature_names_out()) if X.shape[1] else []
