"""One adapter per real dataset; importing this package registers them all.

Each adapter reads a folder laid out like ``$TOOLKIT_DATA/<name>/`` and returns the canonical
article table (validated through :func:`toolkit.corpus.validate`, so bad rows are quarantined,
never dropped) plus tidy annotation tables keyed by ``doc_id``.
"""

from . import events_news, frames, frames_lexicons, official, stance  # noqa: F401
