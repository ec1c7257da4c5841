"""Outlet comparison: the one API every analysis (topics, stance, frames) is compared through.

Inputs are canonical tables: the article table (``doc_id, outlet, published, title, text, event_id``/
``event``, ``lean`` …) and, for :func:`within_event_contrast`, per-document measures keyed by ``doc_id``
(a wide table of numeric columns, or a long table ``doc_id, measure, value``).

The tidy contrast shape
-----------------------
Every function returns one row per contrast, starting with these columns (:data:`TIDY_COLUMNS`):

============  ===============================================================================
group         the group (outlet, lean value …) the row is about
measure       what is compared: a measure column, a term, ``"jsd"`` …
estimate      the contrast (difference in a measure, a log-odds ratio, a divergence)
ci_low        lower end of its interval (coverage ``ci``, default 0.95)
ci_high       upper end
n_articles    articles of ``group`` used
n_events      events of ``group`` used (``<NA>`` where no event column is used)
============  ===============================================================================

followed by method-specific columns: ``reference`` (what ``group`` is compared with: ``"(average)"`` for
effect coding, ``"(rest)"`` for one-vs-rest, or another group), ``se``, ``z``/``stat``, ``p_value`` and
counts. Groups are ordered as given in ``groups=`` or sorted; rows are sorted the same way, so a table
never depends on the input's row order, and the same ``random_state`` gives the same table.

Rows whose group is missing or ``"unknown"`` (:data:`toolkit.corpus.schema.UNKNOWN_OUTLET`) are
excluded with a :class:`CompareWarning` naming how many (``include_unknown=True`` keeps them as a group).
Bad input raises :class:`CompareError` (a ``ValueError``) saying what was expected, what was found and
what to do next: an empty table, fewer than two groups, a missing event column, duplicate ``doc_id``,
measures that are not numeric or not keyed by ``doc_id``.

Functions
---------
:func:`keyword_contrast`
    Words a group over-uses: log-odds ratio with informative Dirichlet prior and z (Monroe et al. 2008).
:func:`within_event_contrast`
    Differences in any per-document measure with event fixed effects (statsmodels), bootstrap or
    cluster-robust intervals.
:func:`divergence`
    Jensen–Shannon divergence between groups' term distributions, bootstrap intervals.
:func:`actor_word_choice`
    How each group names and describes one actor within shared events, with log-odds contrasts.
"""

from toolkit.compare._checks import CompareError, CompareWarning
from toolkit.compare._tidy import TIDY_COLUMNS
from toolkit.compare.divergence import divergence
from toolkit.compare.keywords import keyword_contrast
from toolkit.compare.within_event import within_event_contrast
from toolkit.compare.word_choice import actor_word_choice

__all__ = [
    "TIDY_COLUMNS",
    "CompareError",
    "CompareWarning",
    "actor_word_choice",
    "divergence",
    "keyword_contrast",
    "within_event_contrast",
]
