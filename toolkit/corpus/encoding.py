"""Decode a text file's bytes: UTF-8 when it is, the detected legacy encoding when it is not.

Rules (the same for CSV, JSON lines and folders of ``.txt``/``.html``):

* ``encoding=`` given → decode with it (``--encoding`` on the command line).
* A UTF-8 (or UTF-16/32) byte-order mark → that encoding.
* Valid UTF-8 → UTF-8.
* Not valid UTF-8 but holding valid multi-byte UTF-8 sequences → a UTF-8 file with some damaged
  bytes: decoded as UTF-8, and the records holding the bad bytes are quarantined one by one
  (legacy single-byte text almost never forms valid UTF-8 sequences by chance).
* Otherwise → the encoding charset-normalizer detects (e.g. ``cp1252`` for a Latin-1 CSV),
  reported with its confidence in the summary.

Bytes that still do not decode become lone surrogates (``errors="surrogateescape"``), so a reader
can find the records that hold them: :func:`has_undecodable` / :func:`printable`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .schema import CorpusError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# a lead byte followed by the right number of continuation bytes
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SURROGATE = re.compile("[\udc80-\udcff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Tie-break among equally good detections: the more widely used encoding first.
_PREFERRED = {name: i for i, name in enumerate(
    ["utf-8", "cp1252", "iso8859-1", "iso8859-15", "cp1250", "iso8859-2", "cp1251", "koi8-r", "cp1253", "cp1254",
     "cp1256", "shift_jis", "euc_jp", "gb2312", "gb18030", "big5", "euc_kr"])}
#: Bytes given to the detector (it samples; more only slows it down).
DETECT_BYTES = 1_000_000


@dataclass(frozen=True)
class Decoded:
    """A decoded file: ``text`` (undecodable bytes as lone surrogates) and how it was decoded."""

    text: str
    encoding: str
    confidence: float | None  # None when not detected (given, BOM or valid UTF-8)
    how: str  # "given", "bom", "utf-8", "utf-8 with bad bytes", "detected"

    def note(self, source: str) -> str | None:
        """A summary line for encodings worth telling the user about (None for plain UTF-8)."""
        if self.how == "detected":
            return (f"encoding: {self.encoding} (detected, confidence {self.confidence:.2f}) for {source}; "
                    f"pass --encoding / encoding= to override")
        if self.how == "utf-8 with bad bytes":
            return f"encoding: utf-8 with undecodable bytes in {source} (those records quarantined)"
        if self.how in ("given", "bom") and self.encoding not in ("utf-8", "utf-8-sig"):
            how = "as given" if self.how == "given" else "byte-order mark"
            return f"encoding: {self.encoding} ({how}) for {source}"
        return None


def check_encoding(encoding: str) -> str:
    """Return ``encoding`` if Python knows it, else raise :class:`CorpusError` naming what to pass."""
    try:
        return codecs.lookup(encoding).name
    except (LookupError, TypeError) as exc:
        raise CorpusError(f"unknown encoding {encoding!r}. Expected a Python codec name such as 'utf-8', "
                          f"'cp1252', 'latin-1' or 'utf-16'.") from exc


def detect_encoding(data: bytes) -> tuple[str, float]:
    """The most likely encoding of non-UTF-8 ``data`` and a confidence in [0, 1] (charset-normalizer).

    Falls back to ``cp1252`` with confidence 0 when nothing fits (every byte decodes in it, except
    five that become undecodable and are quarantined with their records).
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:DETECT_BYTES]))
    if not matches:
        return "cp1252", 0.0
    # charset-normalizer's own order is not stable between near-ties (cp1250 vs cp1252 for French):
    # least mess first, then most coherent language, then the more common encoding
    best = min(matches, key=lambda m: (round(float(m.chaos), 2), -round(float(m.coherence), 3),
                                       _PREFERRED.get(codecs.lookup(m.encoding).name, len(_PREFERRED))))
    name = codecs.lookup(best.encoding).name
    return name, round(max(0.0, 1.0 - float(best.chaos)), 2)


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data`` by the module rules; never raises on bad bytes."""
    if encoding is not None:
        enc = check_encoding(encoding)
        if enc == "utf-8" and data.startswith(codecs.BOM_UTF8):
            enc = "utf-8-sig"
        return Decoded(data.decode(enc, errors="surrogateescape"), enc, None, "given")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(enc, errors="surrogateescape"), enc, None, "bom")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", None, "utf-8")
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTI.search(data):
        return Decoded(data.decode("utf-8", errors="surrogateescape"), "utf-8", None, "utf-8 with bad bytes")
    enc, conf = detect_encoding(data)
    return Decoded(data.decode(enc, errors="surrogateescape"), enc, conf, "detected")


def has_undecodable(text: str) -> bool:
    """True when ``text`` holds bytes that did not decode, or lone surrogates (e.g. from JSON ``\\ud800``)."""
    return _LONE_SURROGATE.search(text) is not None


def printable(text: str) -> str:
    """``text`` with undecodable bytes / lone surrogates shown as U+FFFD (safe to write anywhere)."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def first_undecodable(text: str) -> int | None:
    """Character offset of the first undecodable byte in ``text``, or None."""
    m = _SURROGATE.search(text) or _LONE_SURROGATE.search(text)
    return m.start() if m else None


__all__ = ["Decoded", "check_encoding", "decode_bytes", "detect_encoding", "first_undecodable", "has_undecodable",
           "printable"]
