"""A bag-of-words corpus on disk, built batch by batch, that gensim streams from (Matrix Market format).

:func:`build_bow` tokenises a corpus store (or any iterable of canonical tables) one batch at a time with the
toolkit's tokeniser (:func:`toolkit.tokenize.iter_tokens`), counts the vocabulary into a gensim ``Dictionary``,
and writes the documents with ``MmCorpus.serialize``; then it applies the vocabulary filters (``no_below``,
``no_above``, ``keep_n``, as :class:`toolkit.topics.LdaTopics` does) in a second pass over the serialized file,
not over the texts. Memory holds the vocabulary and one batch, never the corpus.

The result, :class:`BowCorpus`, is a folder::

    bow/corpus.mm, corpus.mm.index   # documents (gensim MmCorpus; iterate it, or index it by position)
    bow/dictionary.txt               # the filtered vocabulary (gensim Dictionary text format)
    bow/term_frequency.npy           # token count of each kept term (for topic relevance)
    bow/documents.parquet            # one row per document in corpus order: doc_id and the kept columns
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from toolkit.store.parquet_store import StoreError, counts, iter_batches

CORPUS = "corpus.mm"
DICTIONARY = "dictionary.txt"
DOCUMENTS = "documents.parquet"
TERM_FREQUENCY = "term_frequency.npy"


class BowCorpus:
    """A serialized bag-of-words corpus: iterate it for gensim (one document's ``[(term_id, count), …]`` at a time).

    Parameters
    ----------
    path : path
        Folder written by :func:`build_bow`.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not (self.path / CORPUS).exists():
            raise StoreError(f"{self.path}: no {CORPUS}; expected a folder written by toolkit.store.build_bow.")
        self._mm = None
        self._dictionary = None

    @property
    def mm(self):
        """The gensim ``MmCorpus`` (streams from disk)."""
        if self._mm is None:
            from gensim.corpora import MmCorpus

            self._mm = MmCorpus(str(self.path / CORPUS))
        return self._mm

    @property
    def dictionary(self):
        """The filtered gensim ``Dictionary``."""
        if self._dictionary is None:
            from gensim.corpora import Dictionary

            self._dictionary = Dictionary.load_from_text(str(self.path / DICTIONARY))
        return self._dictionary

    @property
    def term_frequency(self) -> np.ndarray:
        """Training token count of each term of the filtered vocabulary."""
        return np.load(self.path / TERM_FREQUENCY)

    def __iter__(self) -> Iterator[list[tuple[int, float]]]:
        return iter(self.mm)

    def __len__(self) -> int:
        return len(self.mm)

    def chunks(self, size: int) -> Iterator[list[list[tuple[int, float]]]]:
        """Lists of ``size`` consecutive documents (the last one shorter)."""
        buf: list = []
        for doc in self.mm:
            buf.append(doc)
            if len(buf) == size:
                yield buf
                buf = []
        if buf:
            yield buf

    @property
    def document_columns(self) -> list[str]:
        """Columns of the per-document table (read from the Parquet schema, not the rows)."""
        return list(pq.read_schema(self.path / DOCUMENTS).names)

    def documents(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The per-document table (``doc_id`` and kept columns), in corpus order."""
        return pq.read_table(self.path / DOCUMENTS, columns=list(columns) if columns else None).to_pandas()

    def iter_documents(self, batch_size: int, columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
        """The per-document table in batches of ``batch_size`` rows."""
        f = pq.ParquetFile(self.path / DOCUMENTS)
        for b in f.iter_batches(batch_size=batch_size, columns=list(columns) if columns else None):
            yield b.to_pandas()


def _batches(source, batch_size: int, columns: list[str]) -> tuple[Iterable[pd.DataFrame], int | None]:
    if isinstance(source, (str, Path)):
        return iter_batches(source, batch_size=batch_size, columns=columns), counts(source).kept
    if isinstance(source, pd.DataFrame):
        return [source], len(source)
    return source, None


def build_bow(
    source,
    path: str | Path,
    *,
    text: str = "text",
    keep: Sequence[str] = ("outlet", "event_id", "published"),
    no_below: int = 5,
    no_above: float = 0.5,
    keep_n: int | None = 50_000,
    batch_size: int = 10_000,
    client=None,
    progress: bool = True,
) -> BowCorpus:
    """Tokenise a corpus batch by batch into a serialized, vocabulary-filtered bag-of-words corpus.

    Parameters
    ----------
    source : store path, DataFrame or iterable of DataFrames
        A corpus store (:func:`toolkit.store.ingest`), a canonical table, or canonical tables one batch at a time.
    path : path
        Output folder (created; overwritten).
    text : str
        Text column.
    keep : sequence of str
        Columns copied to ``documents.parquet`` beside ``doc_id`` (those present), e.g. for prevalence by outlet.
    no_below, no_above, keep_n
        Vocabulary filters (gensim ``Dictionary.filter_extremes``), the same as :class:`toolkit.topics.LdaTopics`.
    batch_size : int
        Documents tokenised at a time.
    client : dask.distributed.Client, optional
        Tokenise each batch on the cluster (same tokens as in-process).
    progress : bool
        tqdm bars.
    """
    from gensim.corpora import Dictionary, MmCorpus

    from toolkit.parallel import tokenize

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    dictionary = Dictionary()
    columns = ["doc_id", text, *[c for c in keep if c not in ("doc_id", text)]]
    batches, total = _batches(source, batch_size, columns)
    writer: pq.ParquetWriter | None = None
    schema = None
    n_docs = 0

    def raw_bows() -> Iterator[list[tuple[int, int]]]:
        nonlocal writer, schema, n_docs
        bar = tqdm(total=total, desc="tokenise", unit="doc", disable=not progress)
        for batch in batches:
            if "doc_id" not in batch or text not in batch:
                raise StoreError(f"build_bow: expected columns doc_id and {text!r}; found {list(batch.columns)}.")
            docs = batch[[c for c in columns if c in batch.columns and c != text]].copy()
            for c in docs.columns:
                if c != "published":
                    docs[c] = docs[c].astype("string")
            if "published" in docs:
                docs["published"] = pd.to_datetime(docs["published"], utc=True, errors="coerce")
            table = pa.Table.from_pandas(docs, preserve_index=False)
            if writer is None:
                schema = table.schema
                writer = pq.ParquetWriter(path / DOCUMENTS, schema)
            writer.write_table(table.cast(schema))
            for toks in tokenize(batch, text, client=client):
                yield dictionary.doc2bow(toks, allow_update=True)
            n_docs += len(batch)
            bar.update(len(batch))
        bar.close()

    raw_path = path / "raw.mm"
    try:
        MmCorpus.serialize(str(raw_path), raw_bows())
    finally:
        if writer is not None:
            writer.close()
    if n_docs == 0:
        raise StoreError("build_bow: the source has no documents.")
    before = len(dictionary)
    old = dict(dictionary.token2id)
    dictionary.filter_extremes(no_below=int(no_below), no_above=float(no_above), keep_n=keep_n)
    if len(dictionary) == 0:
        raise StoreError(f"build_bow: the vocabulary filters removed all {before} terms (no_below={no_below}, "
                         f"no_above={no_above}, over {n_docs} documents); lower no_below or raise no_above.")
    remap = np.full(before, -1, dtype=np.int64)
    for tok, new in dictionary.token2id.items():
        remap[old[tok]] = new

    def filtered() -> Iterator[list[tuple[int, int]]]:
        for doc in tqdm(MmCorpus(str(raw_path)), total=n_docs, desc="filter vocabulary", unit="doc",
                        disable=not progress):
            out = [(int(remap[i]), int(c)) for i, c in doc if remap[i] >= 0]
            out.sort()
            yield out

    MmCorpus.serialize(str(path / CORPUS), filtered())
    for f in (raw_path, Path(str(raw_path) + ".index")):
        f.unlink(missing_ok=True)
    dictionary.save_as_text(str(path / DICTIONARY))
    np.save(path / TERM_FREQUENCY, np.array([dictionary.cfs.get(i, 0) for i in range(len(dictionary))], dtype=float))
    return BowCorpus(path)
