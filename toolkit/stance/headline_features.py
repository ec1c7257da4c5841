"""Features of a (headline, body) pair for FNC-1 stance, in the spirit of the strongest FNC-1 systems.

Similarity (TF-IDF cosine of the headline with the body, its lead and its best-matching sentences; LSA
cosine), overlap (words, word n-grams, character n-grams, numbers, capitalised names), cue words
(refuting, hedging, confirming, negation — in the headline, the body and the sentences that match the
headline best), polarity (VADER's lexicon and rules, :func:`~toolkit.stance.lexicons.text_polarity`) and
lengths. Everything is computed once per unique body / headline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from ..text import STOPWORDS
from .lexicons import CONFIRMING, HEDGING, NEGATIONS, REFUTING, text_polarity

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENT = re.compile(r"(?<=[.!?])\s+|\n+")
_NUM = re.compile(r"\d+(?:[.,]\d+)?")
_CAP = re.compile(r"\b[A-Z][a-zA-Z]+")


class PairInputError(ValueError):
    """Headline–body input of the wrong shape or with empty texts."""


def as_pairs(X) -> pd.DataFrame:
    """Coerce ``X`` to a DataFrame with string columns ``headline`` and ``body``.

    Accepts a DataFrame with those columns, or a sequence of ``(headline, body)`` pairs. Raises
    :class:`PairInputError` naming the offending rows when a headline or body is empty.
    """
    if isinstance(X, pd.DataFrame):
        missing = {"headline", "body"} - set(X.columns)
        if missing:
            raise PairInputError(f"expected a table with columns 'headline' and 'body'; missing {sorted(missing)} "
                                 f"(found {list(X.columns)[:8]}).")
        df = X[["headline", "body"]].copy()
    else:
        rows = list(X)
        if rows and (not hasattr(rows[0], "__len__") or len(rows[0]) != 2):
            raise PairInputError(f"expected (headline, body) pairs; found an element like {rows[0]!r:.80}.")
        df = pd.DataFrame(rows, columns=["headline", "body"])
    df = df.reset_index(drop=True)
    for col in ("headline", "body"):
        values = df[col].astype(object).where(df[col].notna(), "")
        df[col] = values.map(str)
        empty = np.flatnonzero(df[col].str.strip().eq("").to_numpy())
        if len(empty):
            raise PairInputError(f"{len(empty)} pair(s) have an empty {col} (rows {empty[:5].tolist()}); every pair "
                                 f"needs a non-empty headline and body. Drop or fill those rows.")
    return df


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _content(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t not in STOPWORDS and len(t) > 1]


def _stem(t: str) -> str:
    for suf in ("ing", "ed", "es", "s"):
        if len(t) > len(suf) + 3 and t.endswith(suf):
            return t[: -len(suf)]
    return t


def _ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def _chargrams(text: str, n: int = 4) -> set[str]:
    s = " ".join(_tokens(text))
    return {s[i:i + n] for i in range(len(s) - n + 1)}


def _sentences(body: str) -> list[str]:
    sents = [s.strip() for s in _SENT.split(body) if s.strip()]
    return sents or [body]


def _cue_counts(tokens: Sequence[str]) -> np.ndarray:
    toks = set(tokens)
    return np.array([len(toks & set(REFUTING)), len(toks & set(HEDGING)), len(toks & set(CONFIRMING)),
                     len(toks & NEGATIONS)], dtype=float)


_FEATURE_NAMES: list[str] = (
    ["cos_body", "cos_lead", "cos_sent_max", "cos_sent_top3", "cos_sent_mean", "lsa_body", "lsa_lead",
     "lsa_sent_max", "ovl_words", "ovl_words_lead", "ovl_stems", "jaccard", "ovl_bigram", "ovl_trigram",
     "ovl_bigram_lead", "ovl_char4", "ovl_char4_lead", "ovl_numbers", "n_numbers_head", "ovl_caps", "n_caps_head",
     "first_match_pos", "n_matching_sents", "frac_matching_sents"]
    + [f"head_{c}" for c in ("refute", "hedge", "confirm", "neg")]
    + [f"body_{c}_rate" for c in ("refute", "hedge", "confirm", "neg")]
    + [f"top_{c}" for c in ("refute", "hedge", "confirm", "neg")]
    + [f"lead_{c}" for c in ("refute", "hedge", "confirm", "neg")]
    + [f"head_w_{w}" for w in REFUTING[:24]]
    + [f"top_w_{w}" for w in REFUTING[:24]]
    + ["head_vader", "head_vader_neg", "head_vader_pos", "body_vader", "top_vader", "top_vader_neg",
       "top_vader_pos", "lead_vader", "vader_agree", "head_question", "head_quote", "head_len", "body_len_log",
       "n_sents_log"]
)


#: Features added with word vectors (:class:`HeadlineBodyFeatures` ``word_vectors``).
_WV_FEATURES: list[str] = ["wv_cos_body", "wv_cos_lead"]
_WV_LEAD_CHARS = 600

_BODY_BATCH = 256  # bodies whose texts share one TF-IDF / LSA transform
_MASK = "hw"  # the token that replaces the headline's content words in a claim-masked snippet


class HeadlineBodyFeatures(TransformerMixin, BaseEstimator):
    """Dense similarity / overlap / cue / polarity features of headline–body pairs.

    Parameters
    ----------
    max_features : int, default 50000
        TF-IDF vocabulary size (word 1–2-grams, fitted on the training headlines and bodies).
    n_components : int, default 100
        LSA (truncated SVD) dimensions for the latent-similarity features.
    lead_sentences : int, default 3
        Sentences counted as the body's lead.
    random_state : int, default 0
        Seed of the SVD.
    progress : bool, default False
        Show tqdm progress over bodies.
    word_vectors : WordVectors, gensim KeyedVectors, path or None, default None
        Domain word vectors (:func:`toolkit.framing.word_vectors.reference_word_vectors`): adds two features, the
        cosine of the headline's mean word vector with the body's (``wv_cos_body``) and with the first
        600 characters of the body's (``wv_cos_lead``), so paraphrases count as related where no word is shared.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer
        Vocabulary of the LSA.
    idf_ : TfidfTransformer
        IDF of hashed word 1–2-grams for the cosine features (unseen words get the highest IDF).
    svd_ : TruncatedSVD
    word_vectors_ : WordVectors or None
    feature_names_out_ : ndarray of str
    """

    def __init__(self, max_features: int = 50000, n_components: int = 100, lead_sentences: int = 3,
                 random_state: int = 0, progress: bool = False, word_vectors=None):
        self.word_vectors = word_vectors
        self.max_features = max_features
        self.n_components = n_components
        self.lead_sentences = lead_sentences
        self.random_state = random_state
        self.progress = progress

    def fit(self, X, y=None):
        """Fit the TF-IDF vocabulary and the LSA on the unique headlines and bodies of ``X``."""
        df = as_pairs(X)
        texts = pd.concat([df["headline"].drop_duplicates(), df["body"].drop_duplicates()]).tolist()
        self.vectorizer_ = TfidfVectorizer(ngram_range=(1, 2), max_features=self.max_features, sublinear_tf=True,
                                           stop_words="english", min_df=2 if len(texts) > 50 else 1)
        tf = self.vectorizer_.fit_transform(texts)
        # cosine features use hashed n-grams so words never seen in training (new names) still count,
        # with the highest IDF (they are rare by definition)
        self.idf_ = TfidfTransformer(sublinear_tf=True).fit(self._hash(texts))
        k = max(1, min(self.n_components, tf.shape[1] - 1, tf.shape[0] - 1))
        self.svd_ = TruncatedSVD(n_components=k, random_state=self.random_state).fit(tf)
        from toolkit.framing.word_vectors import as_word_vectors

        self.word_vectors_ = as_word_vectors(self.word_vectors)
        self.feature_names_out_ = np.asarray(_FEATURE_NAMES + (_WV_FEATURES if self.word_vectors_ is not None else []),
                                             dtype=object)
        self.n_features_in_ = 2
        return self

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "vectorizer_")
        return self.feature_names_out_

    @staticmethod
    def _hash(texts):
        return HashingVectorizer(ngram_range=(1, 2), n_features=2 ** 18, alternate_sign=False, norm=None,
                                 stop_words="english").transform(texts)

    def _tfidf(self, texts):
        return self.idf_.transform(self._hash(texts))

    def _lsa(self, tf):
        return normalize(self.svd_.transform(tf))

    def _body_infos(self, bodies: list[str]) -> list[dict]:
        """:meth:`_body_info` of several bodies, with one TF-IDF and one LSA transform for all their texts.

        Both transforms are row-wise, so the rows are the same as one call per body; batching removes the
        per-call overhead (the LSA's projection matrix is copied on each call), which dominated short bodies.
        """
        sents = [_sentences(body) for body in bodies]
        texts = [[body, " ".join(ss[: self.lead_sentences])] + ss for body, ss in zip(bodies, sents)]
        flat = [t for group in texts for t in group]
        tf = self._tfidf(flat)
        lsa = self._lsa(self.vectorizer_.transform(flat))
        ends = np.cumsum([len(group) for group in texts])
        return [self._body_info(body, ss, tf[e - len(group):e], lsa[e - len(group):e])
                for body, ss, group, e in zip(bodies, sents, texts, ends)]

    def _body_info(self, body: str, sents: list[str], tf, lsa) -> dict:
        """Everything about one body its pairs need; ``tf`` and ``lsa`` are the rows of body, lead, sentences."""
        lead = " ".join(sents[: self.lead_sentences])
        toks = _tokens(body)
        lead_toks = _tokens(lead)
        pol = text_polarity(sents[:60] + [body[:5000]])[:, [0, 2, 1]]  # compound, neg, pos
        sent_vader = pol[:-1]
        return {
            "sents": sents, "tf": tf, "lsa": lsa, "toks": set(toks), "stems": {_stem(t) for t in toks},
            "lead_toks": set(lead_toks), "bi": _ngrams(toks, 2), "tri": _ngrams(toks, 3),
            "bi_lead": _ngrams(lead_toks, 2), "char": _chargrams(body), "char_lead": _chargrams(lead),
            "nums": set(_NUM.findall(body)), "caps": {c.lower() for c in _CAP.findall(body)},
            "sent_toks": [_tokens(s) for s in sents], "cues": _cue_counts(toks) / max(len(toks), 1) * 100,
            "lead_cues": _cue_counts(lead_toks), "vader": pol[-1, 0],
            "sent_vader": sent_vader, "lead_vader": sent_vader[: self.lead_sentences, 0].mean(),
            "len": np.log1p(len(toks)), "n_sents": np.log1p(len(sents)),
        }

    def _head_info(self, head: str, v: np.ndarray) -> dict:
        """Everything about one headline its pairs need; ``v`` is its compound, neg, pos polarity."""
        toks = _tokens(head)
        content = _content(toks)
        return {
            "toks": toks, "content": set(content),
            "stems": {_stem(t) for t in content}, "bi": _ngrams(toks, 2), "tri": _ngrams(toks, 3),
            "char": _chargrams(head), "nums": set(_NUM.findall(head)),
            "caps": {c.lower() for c in _CAP.findall(head)} - STOPWORDS, "cues": _cue_counts(toks),
            "words": set(toks), "vader": tuple(v),
            "question": float("?" in head), "quote": float(any(q in head for q in "'\"‘“")), "len": len(toks),
        }

    def transform(self, X) -> np.ndarray:
        """Feature matrix, one row per pair (columns: :meth:`get_feature_names_out`)."""
        return self.transform_with_snippets(X, 0)[0]

    def transform_with_snippets(self, X, n_sentences: int = 3) -> tuple[np.ndarray, list[str]]:
        """Feature matrix and each pair's **claim-masked snippet**, in one pass over the bodies.

        The snippet is the body's ``n_sentences`` sentences most similar to the headline (the TF-IDF cosine of
        the ``cos_sent_*`` features; ties: earlier first), in body order, as lower-cased tokens joined by spaces,
        with every content word of the headline replaced by ``hw`` (used by
        :class:`toolkit.stance.headline_stages.TwoStageHeadlineModel`). ``n_sentences=0``: no snippets (``""``).
        """
        check_is_fitted(self, "vectorizer_")
        from tqdm.auto import tqdm

        df = as_pairs(X)
        head_list = list(df["headline"].unique())
        polarity = text_polarity(head_list)[:, [0, 2, 1]]  # compound, neg, pos
        heads = {h: self._head_info(h, v) for h, v in zip(head_list, polarity)}
        # every headline's TF-IDF and LSA rows in one matrix each (row-wise transforms, so batching changes
        # nothing), then one product per body against all of its headlines instead of one per pair
        head_tf = self._tfidf(head_list).tocsr()
        head_lsa = self._lsa(self.vectorizer_.transform(head_list))
        position = {h: i for i, h in enumerate(head_list)}
        head_of_row = df["headline"].map(position).to_numpy()
        out = np.zeros((len(df), len(_FEATURE_NAMES)))
        snippets = [""] * len(df)
        groups = list(df.groupby("body", sort=False).indices.items())
        bar = tqdm(total=len(groups), disable=not self.progress, desc="stance features")
        for start in range(0, len(groups), _BODY_BATCH):
            batch = groups[start:start + _BODY_BATCH]
            for (body, rows), b in zip(batch, self._body_infos([body for body, _ in batch])):
                self._body_pairs(b, rows, head_of_row, head_list, heads, head_tf, head_lsa, out, snippets,
                                 n_sentences)
            bar.update(len(batch))
        bar.close()
        if getattr(self, "word_vectors_", None) is not None:
            out = np.hstack([out, self._vector_cosines(df, head_list, head_of_row)])
        return out, snippets

    def _vector_cosines(self, df: pd.DataFrame, head_list: list[str], head_of_row: np.ndarray) -> np.ndarray:
        """``wv_cos_body`` and ``wv_cos_lead`` of each pair (mean word vectors of each unique text once)."""
        wv = self.word_vectors_
        body_list = list(df["body"].unique())
        body_of_row = df["body"].map({b: i for i, b in enumerate(body_list)}).to_numpy()
        H = wv.document_vectors(head_list)[head_of_row]
        B = wv.document_vectors(body_list)[body_of_row]
        L = wv.document_vectors([b[:_WV_LEAD_CHARS] for b in body_list])[body_of_row]
        return np.column_stack([(H * B).sum(axis=1), (H * L).sum(axis=1)])

    def _body_pairs(self, b, rows, head_of_row, head_list, heads, head_tf, head_lsa, out, snippets,
                    n_sentences) -> None:
        """Fill ``out[rows]`` (and ``snippets``): the pairs of one body with all its headlines."""
        idx = head_of_row[rows]
        uniq, inverse = np.unique(idx, return_inverse=True)
        cos = (b["tf"] @ head_tf[uniq].T).toarray()  # body, lead, sentences x headlines
        lsa = b["lsa"] @ head_lsa[uniq].T
        for j, r in enumerate(rows):
            k = inverse[j]
            h = heads[head_list[idx[j]]]
            out[r] = self._pair(h, cos[:, k], lsa[:, k], b)
            if n_sentences:
                top = np.sort(np.argsort(-cos[2:, k], kind="stable")[:n_sentences])
                mask = h["content"]
                snippets[r] = " ".join(_MASK if t in mask else t for i in top for t in b["sent_toks"][i])

    def _pair(self, h: dict, cos: np.ndarray, lsa: np.ndarray, b: dict) -> np.ndarray:
        """Features of one pair; ``cos`` and ``lsa`` are the headline's similarities to body, lead, sentences."""
        sent_cos = cos[2:]
        order = np.argsort(-sent_cos)
        top = order[:3]
        top3 = float(np.sort(sent_cos)[::-1][:3].mean())
        matching = sent_cos > 0.1
        first = int(np.argmax(matching)) / len(sent_cos) if matching.any() else 1.0
        content = h["content"] or set(h["toks"])
        nc = max(len(content), 1)
        top_toks = [t for i in top for t in b["sent_toks"][i]]
        top_set = set(top_toks)
        sv = b["sent_vader"]
        top_v = sv[[i for i in top if i < len(sv)]] if len(sv) else np.zeros((1, 3))
        if len(top_v) == 0:
            top_v = np.zeros((1, 3))
        head_v = h["vader"]
        feats = [
            cos[0], cos[1], sent_cos.max(), top3, sent_cos.mean(), lsa[0], lsa[1], lsa[2:].max(),
            len(content & b["toks"]) / nc, len(content & b["lead_toks"]) / nc, len(h["stems"] & b["stems"]) / max(len(h["stems"]), 1),
            len(content & b["toks"]) / max(len(content | b["toks"]), 1),
            len(h["bi"] & b["bi"]) / max(len(h["bi"]), 1), len(h["tri"] & b["tri"]) / max(len(h["tri"]), 1),
            len(h["bi"] & b["bi_lead"]) / max(len(h["bi"]), 1),
            len(h["char"] & b["char"]) / max(len(h["char"]), 1), len(h["char"] & b["char_lead"]) / max(len(h["char"]), 1),
            len(h["nums"] & b["nums"]) / len(h["nums"]) if h["nums"] else -1.0, len(h["nums"]),
            len(h["caps"] & b["caps"]) / len(h["caps"]) if h["caps"] else -1.0, len(h["caps"]),
            first, float(matching.sum()), float(matching.mean()),
        ]
        feats += list(h["cues"]) + list(b["cues"]) + list(_cue_counts(top_toks)) + list(b["lead_cues"])
        feats += [float(w in h["words"]) for w in REFUTING[:24]]
        feats += [float(w in top_set) for w in REFUTING[:24]]
        feats += [head_v[0], head_v[1], head_v[2], b["vader"], top_v[:, 0].mean(), top_v[:, 1].mean(),
                  top_v[:, 2].mean(), b["lead_vader"], head_v[0] * top_v[:, 0].mean(), h["question"], h["quote"],
                  h["len"], b["len"], b["n_sents"]]
        return np.asarray(feats, dtype=float)
