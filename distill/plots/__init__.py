"""Plotting: one function per figure kind.

Every function draws on a Matplotlib ``Axes`` it is given (or makes one) and
returns the ``Figure``. Importing this package changes no global state: call
:func:`use_style` once, explicitly, in a notebook.
"""

from __future__ import annotations

STYLE = {
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
}


def use_style() -> None:
    """Apply the book's Matplotlib style (call once per notebook)."""
    import matplotlib as mpl

    mpl.rcParams.update(STYLE)


# One function per figure kind, by chapter. Each draws on the Axes it is given
# (or a new one) and returns the Figure.
from ._frontier import plot_frontier, plot_binning_scatter  # noqa: E402
from ._analytic import (  # noqa: E402
    BIN_CMAP,
    plot_frontier_with_binnings,
    plot_grouping_strip,
    plot_likelihood_binning,
    plot_posterior_bars,
    plot_w_contours,
)
from ._classifier import plot_examples, plot_learning_curves, plot_w_histogram  # noqa: E402
from ._density import plot_cdf_fits, plot_logit_density_fits  # noqa: E402
from ._ib import plot_ib_against_frontier  # noqa: E402
from ._results import (  # noqa: E402
    add_accuracy_axis,
    plot_cluster_images,
    plot_honest,
    plot_reliability,
)
from ._results import plot_dataset_frontier  # noqa: E402

__all__ = [
    "STYLE", "use_style", "plot_frontier", "plot_binning_scatter", "BIN_CMAP",
    "plot_frontier_with_binnings", "plot_grouping_strip", "plot_likelihood_binning",
    "plot_posterior_bars", "plot_w_contours", "plot_examples", "plot_learning_curves",
    "plot_w_histogram", "plot_cdf_fits", "plot_logit_density_fits",
    "plot_ib_against_frontier", "add_accuracy_axis", "plot_cluster_images",
    "plot_honest", "plot_reliability", "plot_dataset_frontier",
]
