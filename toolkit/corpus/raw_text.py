"""Switch text cleaning off for a block of code: ``with raw_text(): ...``.

Dataset adapters call :func:`toolkit.corpus.validate` with the cleaning their source needs;
``load_dataset(name, clean=False)`` wraps the adapter in :func:`raw_text` so every
``validate`` inside it keeps the text and title exactly as read (validation and quarantine
still run: rows read = kept + quarantined). A context variable, so threads and async tasks
do not leak the setting into each other.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

_CLEANING = contextvars.ContextVar("toolkit_cleaning", default=True)


def cleaning_enabled() -> bool:
    """False inside a :func:`raw_text` block, else True."""
    return _CLEANING.get()


@contextlib.contextmanager
def raw_text() -> Iterator[None]:
    """Inside this block :func:`toolkit.corpus.validate` does not clean text or titles.

    Examples
    --------
    >>> from toolkit.corpus.raw_text import cleaning_enabled, raw_text
    >>> with raw_text():
    ...     cleaning_enabled()
    False
    >>> cleaning_enabled()
    True
    """
    token = _CLEANING.set(False)
    try:
        yield
    finally:
        _CLEANING.reset(token)
