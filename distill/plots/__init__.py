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
