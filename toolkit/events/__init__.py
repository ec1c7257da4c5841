"""Cross-outlet event alignment: which articles, from which outlets, report the same event.

>>> from toolkit.events import align_events, score_alignment    # doctest: +SKIP
>>> events = align_events(articles)          # doc_id, event, event_label   (one row per article)
>>> score_alignment(events, articles)        # BCubed P/R/F1 and ARI against gold event_id
"""

from .align import AlignmentWarning, EventAligner
from .api import align_events, describe_events
from .score import bcubed, score_alignment

__all__ = ["AlignmentWarning", "EventAligner", "align_events", "bcubed", "describe_events", "score_alignment"]
