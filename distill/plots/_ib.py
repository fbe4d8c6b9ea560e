"""Figures of the information-bottleneck comparison (the paper's Figure 9).

Each function draws on an Axes it is given (or makes a figure) and returns
the Figure; nothing here changes global state.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_ib_against_frontier"]


def _axes(ax, size=(5.6, 4.0)):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=size)
        return fig, ax
    return ax.figure, ax


def plot_ib_against_frontier(frontier, H, I, ax=None, *, clusters=None, corners=None,
                             flip_h: bool = True, label: str = "bottleneck solutions",
                             frontier_label: str = "frontier $I^*(H)$",
                             cmap: str = "viridis", title: str | None = None, exact=None):
    """The exact frontier as a curve and a bottleneck's solutions as dots (Figure 9).

    Parameters
    ----------
    frontier : distill.frontier.FrontierResult
        Drawn as the step curve ``I*(h)``, with the impossible region shaded.
    H, I : array_like, shape (K,)
        ``H(T)`` and ``I(T;Y)`` of the bottleneck's solutions, in bits.
    ax : matplotlib Axes, optional
    clusters : array_like of int, shape (K,), optional
        Clusters used by each solution: colours the dots.
    corners : distill.frontier.CornersResult, optional
        Drawn as dots on the curve.
    flip_h : bool, default True
        ``H`` increasing to the left, as in the paper.
    label : str
        Legend text of the bottleneck's dots.
    frontier_label : str
        Legend text of the curve.
    cmap : str
    title : str, optional
    exact : tuple of array_like, optional
        ``(h, I*(h))``: exact frontier values at chosen entropies (for example
        from :func:`distill.frontier.frontier_at`), drawn as crosses on the
        curve.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from ._frontier import plot_frontier

    fig, ax = _axes(ax)
    H = np.asarray(H, dtype=float)
    I = np.asarray(I, dtype=float)
    if H.shape != I.shape:
        raise ValueError(f"H and I must have the same shape; got {H.shape} and {I.shape}")
    h_max = 1.04 * max(float(frontier.points[-1, 0]), float(H.max(initial=0.0))) + 0.02
    plot_frontier(frontier, corners, ax=ax, color="k", h_max=h_max, flip_h=flip_h,
                  annotate=corners is not None, label=frontier_label)
    if clusters is None:
        ax.scatter(H, I, s=28, facecolors="none", edgecolors="C3", lw=0.9, zorder=4, label=label)
    else:
        c = np.asarray(clusters, dtype=int)
        values = np.unique(c)
        colors = plt.get_cmap(cmap)(np.linspace(0.1, 0.9, values.size))
        for color, m in zip(colors, values):
            sel = c == m
            ax.scatter(H[sel], I[sel], s=28, facecolors="none", edgecolors=[color], lw=0.9,
                       zorder=4, label=f"{label}, {m} cluster{'s' if m > 1 else ''}")
    if exact is not None:
        hx, ix = (np.asarray(a, dtype=float) for a in exact)
        if hx.shape != ix.shape:
            raise ValueError(f"exact must be two arrays of one shape; got {hx.shape} and {ix.shape}")
        ax.scatter(hx, ix, s=40, marker="x", color="k", lw=1.1, zorder=6,
                   label="exact $I^*(H)$ at these $H$ (branch and bound)")
    ax.set_ylim(0, 1.12 * float(frontier.I_total))
    ax.legend(fontsize=7, loc="lower left", markerscale=1.5)
    if title:
        ax.set_title(title)
    return fig
