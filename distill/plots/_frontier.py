"""Figures of Pareto frontiers: I(Z;Y) against H(Z), corners, random binnings.

Each function draws on an Axes it is given (or makes a figure) and returns
the Figure; nothing here changes global state.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_frontier", "plot_binning_scatter"]


def _axes(ax, size=(5.2, 3.8)):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=size)
        return fig, ax
    return ax.figure, ax


def _step_xy(H, I, h_max):
    """Vertices of the step function I*(h) = max{I_k : H_k <= h} on [0, h_max]."""
    H = np.asarray(H, float)
    I = np.asarray(I, float)
    xs = np.repeat(H, 2)[1:]
    ys = np.repeat(I, 2)[:-1]
    xs = np.concatenate([xs, [max(h_max, H[-1])]])
    ys = np.concatenate([ys, [I[-1]]])
    return xs, ys


def plot_frontier(frontier=None, corners=None, ax=None, *, label: str | None = None,
                  color: str = "C0", flip_h: bool = True, shade: bool = True,
                  log2m_lines: bool = True, annotate: bool = True, h_max: float | None = None,
                  title: str | None = None):
    """The Pareto frontier I*(H) with its corners, as in the paper's figures.

    Parameters
    ----------
    frontier : distill.frontier.FrontierResult, optional
        Drawn as the step function I*(h) = best I(Z;Y) with H(Z) <= h, with
        the region above it (impossible for a contiguous binning with at
        most ``max_bins`` bins) shaded.
    corners : distill.frontier.CornersResult, optional
        Drawn as dots, labelled with their number of bins m.
    ax : matplotlib Axes, optional
    label : str, optional
        Legend text of the frontier.
    color : str, default "C0"
    flip_h : bool, default True
        Draw H(Z) increasing to the left (the paper's orientation: moving
        right means compressing more).
    shade : bool, default True
        Shade the impossible region above the frontier.
    log2m_lines : bool, default True
        Vertical dotted lines at H = log2 m, the most entropy m bins can
        have (every corner with m bins lies left of, or on, its line).
    annotate : bool, default True
        Write m next to each corner.
    h_max : float, optional
        Right end of the H range (default: a little beyond the data).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if frontier is None and corners is None:
        raise ValueError("plot_frontier needs a frontier, corners, or both")
    fig, ax = _axes(ax)
    Hs = []
    if frontier is not None:
        Hs.append(float(frontier.points[-1, 0]))
    if corners is not None:
        Hs.append(float(max(c.H for c in corners.corners)))
    if h_max is None:
        h_max = 1.05 * max(Hs) + 0.05
    src = frontier if frontier is not None else corners
    top = float(src.H_Y)
    if frontier is not None:
        xs, ys = _step_xy(frontier.points[:, 0], frontier.points[:, 1], h_max)
        ax.plot(xs, ys, color=color, lw=1.4, label=label or "frontier $I^*(H)$")
        if shade:
            ax.fill_between(xs, ys, top, color="0.85", lw=0, zorder=0,
                            label="impossible")
    if corners is not None:
        Hc = np.array([c.H for c in corners.corners])
        Ic = np.array([c.I for c in corners.corners])
        ax.plot(Hc, Ic, "o", color=color, ms=4.5, mec="k", mew=0.5, zorder=3,
                label=None if frontier is not None else (label or "corners"))
        if annotate:
            for c in corners.corners:
                ax.annotate(f"{c.bins}", (c.H, c.I), textcoords="offset points",
                            xytext=(0, 5), ha="center", fontsize=8)
        M = max(c.bins for c in corners.corners)
    else:
        M = int(frontier.max_bins)
    if log2m_lines:
        for m in range(2, M + 1):
            x = np.log2(m)
            if x <= h_max:
                ax.axvline(x, color="0.6", lw=0.6, ls=":", zorder=1)
    ax.axhline(src.I_total, color="0.4", lw=0.8, ls="--", zorder=1)
    ax.annotate("$I(W';Y)$", (1, src.I_total), xycoords=("axes fraction", "data"),
                xytext=(-3, 3), textcoords="offset points", fontsize=8, color="0.3",
                ha="right")
    ax.set_xlim((h_max, 0) if flip_h else (0, h_max))
    ax.set_ylim(0, top * 1.02)
    ax.set_xlabel("$H(Z)$ [bits]")
    ax.set_ylabel("$I(Z;Y)$ [bits]")
    if title:
        ax.set_title(title)
    return fig


def plot_binning_scatter(H, I, ax=None, *, frontier=None, color="0.5", s: float = 2.0,
                         flip_h: bool = True, label: str | None = "random binnings",
                         title: str | None = None):
    """Scatter of (H(Z), I(Z;Y)) for many binnings (the paper's Figure 1 style),
    optionally under the frontier.

    Parameters
    ----------
    H, I : array_like, shape (K,)
        Entropy and information of each binning in bits (see
        :func:`distill.frontier.grouping_points` with
        :func:`distill.binning.random_contiguous_binnings`).
    ax : matplotlib Axes, optional
    frontier : FrontierResult, optional
        Drawn on top with :func:`plot_frontier`.
    color, s : marker colour and size.
    flip_h : bool, default True
    label, title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _axes(ax)
    H = np.asarray(H, float)
    I = np.asarray(I, float)
    if H.shape != I.shape:
        raise ValueError(f"H and I must have the same shape; got {H.shape} and {I.shape}")
    ax.scatter(H, I, s=s, color=color, lw=0, label=label, rasterized=H.size > 5000)
    h_max = 1.05 * float(H.max(initial=0.0)) + 0.05
    if frontier is not None:
        h_max = max(h_max, 1.05 * float(frontier.points[-1, 0]) + 0.05)
        plot_frontier(frontier, ax=ax, flip_h=flip_h, h_max=h_max, shade=True)
    else:
        ax.set_xlim((h_max, 0) if flip_h else (0, h_max))
        ax.set_xlabel("$H(Z)$ [bits]")
        ax.set_ylabel("$I(Z;Y)$ [bits]")
    if title:
        ax.set_title(title)
    return fig
