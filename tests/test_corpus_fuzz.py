"""Issue #12 item 6: arbitrary bytes and arbitrary records never crash a reader.

For every reader: the only exception that may escape is the documented
:class:`~toolkit.corpus.CorpusError` (a whole input that cannot be read), and whatever is read is
accounted for: ``read == kept + quarantined``. Fixed ``max_examples`` and ``derandomize=True``
keep the run deterministic and short.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.corpus import CorpusError, read

FUZZ = settings(max_examples=40, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIELDS = ["doc_id", "outlet", "published", "title", "text", "url", "lean", "language", "extra"]
OUTLET = "Ostmark Herald"


def check(path: Path, **kwargs) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            table = read(path, detect_languages=False, **kwargs)
        except CorpusError as exc:
            assert str(exc)  # the documented error, with a message
            return
    c = table.counts
    assert c["read"] == c["kept"] + c["quarantined"]
    assert table.articles["doc_id"].is_unique
    assert table.quarantine["reason"].notna().all()
    table.summary()


def in_tmp(name: str, data: bytes, **kwargs) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        if name.endswith("/"):
            path.mkdir()
            (path / "doc.txt").write_bytes(data)
            (path / "page.html").write_bytes(data) if b"<" in data else None
        else:
            path.write_bytes(data)
        check(path, **kwargs)


# bytes that look a little like the formats, so the fuzzer reaches past the first check
CSV_HEAD = st.sampled_from([b"", b"doc_id,outlet,text\n", b"doc_id,outlet,published,text\n",
                            b"doc_id,outlet,doc_id\n", b"\xef\xbb\xbfdoc_id,outlet,text\r\n"])
ANY_BYTES = st.binary(max_size=600)
TEXTY = st.text(alphabet=st.characters(codec="utf-8"), max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass"))


@FUZZ
@given(head=CSV_HEAD, body=st.one_of(ANY_BYTES, TEXTY))
def test_csv_arbitrary_bytes(head, body):
    in_tmp("a.csv", head + body)


@FUZZ
@given(body=st.one_of(ANY_BYTES, TEXTY), gz=st.booleans(), cut=st.integers(0, 400))
def test_jsonl_arbitrary_bytes(body, gz, cut):
    data = body
    if gz:
        packed = gzip.compress(body)
        data = packed[: max(1, len(packed) - cut % len(packed))]
    in_tmp("a.jsonl.gz" if gz else "a.jsonl", data)


@FUZZ
@given(data=st.one_of(ANY_BYTES, TEXTY))
def test_parquet_arbitrary_bytes(data):
    in_tmp("a.parquet", b"PAR1" + data + b"PAR1")


@FUZZ
@given(data=st.one_of(ANY_BYTES, TEXTY), outlet=st.sampled_from([None, OUTLET]))
def test_text_and_html_folders_arbitrary_bytes(data, outlet):
    in_tmp("site/", data, defaults={"outlet": outlet} if outlet else None)


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                         st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=60))
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)
RECORD = st.dictionaries(st.sampled_from(FIELDS), st.one_of(JSON_VALUES, st.sampled_from(
    ["2020-05-01", "05/01/2020", "0001-11-30", "1588291200", "not a date", OUTLET, "  ", "\ud800"])), max_size=7)


@FUZZ
@given(records=st.lists(RECORD, max_size=6), dayfirst=st.sampled_from([None, True]))
def test_arbitrary_records_as_jsonl(records, dayfirst):
    lines = [json.dumps(r, allow_nan=True) for r in records]
    in_tmp("r.jsonl", ("\n".join(lines) + "\n").encode("utf-8") if lines else b"\n", dayfirst=dayfirst)


@FUZZ
@given(records=st.lists(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=40), max_size=7), max_size=6),
       encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_arbitrary_records_as_csv(records, encoding):
    frame = pd.DataFrame(records, columns=sorted({k for r in records for k in r}) or ["doc_id"])
    text = frame.to_csv(index=False)
    in_tmp("r.csv", text.encode(encoding, "replace"))


@FUZZ
@given(records=st.lists(st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.text(max_size=40), st.none()),
                                        min_size=1, max_size=7), min_size=1, max_size=6))
def test_arbitrary_records_as_parquet(records):
    frame = pd.DataFrame(records)
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buf)
    in_tmp("r.parquet", buf.getvalue())
