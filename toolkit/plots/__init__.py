"""Figures in one house style, each backed by a data table that can be saved beside it.

Every figure function takes canonical tables (see :mod:`toolkit.corpus`), draws on ``ax`` (a new
figure when ``ax`` is None) and returns the Axes. Its companion ``*_data`` function returns the
exact table the figure draws, so :func:`save_figure` can write the image, the table and a
manifest together::

    >>> from toolkit import plots
    >>> plots.set_house_style()
    >>> ax = plots.coverage_heatmap(articles)                       # doctest: +SKIP
    >>> plots.save_figure(ax.figure, "coverage", plots.coverage_heatmap_data(articles),
    ...                   out_dir="figures", params={}, source_label="demo", synthetic=True)  # doctest: +SKIP

House style: seaborn's ``whitegrid`` look, the Okabe–Ito colour-blind-safe palette, fonts large
enough for print, and a second channel (marker, hatch or printed count) wherever colour carries
meaning, so figures still read in greyscale. Figure functions always draw in the house style;
:func:`set_house_style` / :func:`house_style` give a notebook's own plots the same look.
"""

from .overview import (
    articles_over_time,
    articles_over_time_data,
    cleaning_steps,
    cleaning_steps_data,
    coverage_heatmap,
    coverage_heatmap_data,
    length_distribution,
    length_distribution_data,
    quarantine_reasons,
    quarantine_reasons_data,
    wire_copies_by_outlet,
    wire_copies_by_outlet_data,
)
from .save import (
    label_figure,
    save_figure,
)
from .compare import (
    alignment_scores,
    alignment_scores_data,
    contrast_intervals,
    contrast_intervals_data,
    word_choice,
    word_choice_data,
)
from .topics import (
    k_sweep,
    k_sweep_data,
    prevalence_over_time,
    prevalence_over_time_data,
    topic_terms,
    topic_terms_data,
)
from .style import (
    BAR_COLOR,
    DPI,
    HATCHES,
    MARKERS,
    PALETTE,
    SEQUENTIAL_CMAP,
    SYNTHETIC_LABEL,
    house_rc,
    house_style,
    set_house_style,
)

__all__ = [
    "alignment_scores",
    "alignment_scores_data",
    "contrast_intervals",
    "contrast_intervals_data",
    "word_choice",
    "word_choice_data",
    "BAR_COLOR",
    "DPI",
    "HATCHES",
    "MARKERS",
    "PALETTE",
    "SEQUENTIAL_CMAP",
    "SYNTHETIC_LABEL",
    "articles_over_time",
    "articles_over_time_data",
    "cleaning_steps",
    "cleaning_steps_data",
    "coverage_heatmap",
    "coverage_heatmap_data",
    "house_rc",
    "house_style",
    "label_figure",
    "length_distribution",
    "length_distribution_data",
    "quarantine_reasons",
    "quarantine_reasons_data",
    "save_figure",
    "set_house_style",
    "wire_copies_by_outlet",
    "wire_copies_by_outlet_data",
    "k_sweep",
    "k_sweep_data",
    "prevalence_over_time",
    "prevalence_over_time_data",
    "topic_terms",
    "topic_terms_data",
]
