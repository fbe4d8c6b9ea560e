"""Figures of the warm-up example and of the method's pictures (Figures 1, 3, 4, 5).

Each function draws on an Axes it is given (or makes a figure) and returns
the Figure; nothing here changes global state.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "BIN_CMAP",
    "plot_frontier_with_binnings",
    "plot_likelihood_binning",
    "plot_w_contours",
    "plot_posterior_bars",
    "plot_grouping_strip",
]

BIN_CMAP = "viridis"
"""Colour map of the M values of Z (Figure 1, bottom) and of the M of random binnings."""


def _axes(ax, size=(5.2, 3.8)):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=size)
        return fig, ax
    return ax.figure, ax


def plot_frontier_with_binnings(frontier, corners, binnings, ax=None, *, s: float = 1.5,
                                cmap: str = BIN_CMAP, h_max: float | None = None):
    """The paper's Figure 1 (top): random contiguous binnings under the frontier.

    Parameters
    ----------
    frontier : distill.frontier.FrontierResult
        Drawn as a step curve with the impossible region above it shaded.
    corners : distill.frontier.CornersResult
        Drawn as black dots labelled with their number of bins.
    binnings : dict
        ``{m: (H, I)}``: arrays of H(Z) and I(Z;Y) in bits of random
        binnings into m bins, one colour per m.
    ax : matplotlib Axes, optional
    s : float
        Marker size of the random binnings.
    cmap : str
        Colour map for the values of m.
    h_max : float, optional
        Largest H on the (flipped) horizontal axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from ._frontier import plot_frontier

    fig, ax = _axes(ax)
    ms = sorted(binnings)
    colors = plt.get_cmap(cmap)(np.linspace(0.1, 0.9, max(len(ms), 1)))
    if h_max is None:
        h_max = 1.03 * max([np.log2(max(ms + [2]))] + [float(np.max(binnings[m][0])) for m in ms])
    for color, m in zip(colors, ms):
        H, I = binnings[m]
        ax.scatter(H, I, s=s, color=color, lw=0, label=f"{m} bins",
                   rasterized=np.size(H) > 2000, zorder=2)
    plot_frontier(frontier, corners, ax=ax, color="k", h_max=h_max, annotate=True)
    ax.set_ylim(0, 1.12 * float(frontier.I_total))
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, markerscale=4, fontsize=7, loc="lower left", ncol=2)
    return fig


def plot_likelihood_binning(thresholds, w_of_x, ax=None, *, n_grid: int = 400,
                            cmap: str = BIN_CMAP, title: str | None = None):
    """The unit square coloured by the bin of ``W(x)`` (Figure 1, bottom).

    Parameters
    ----------
    thresholds : array_like, shape (m - 1,)
        Interior thresholds of a binning on the W scale.
    w_of_x : callable
        ``w_of_x(points)`` with points of shape (n, 2) returns W, shape (n,).
    ax : matplotlib Axes, optional
    n_grid : int
        Pixels per side.
    cmap : str
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm

    fig, ax = _axes(ax, size=(3.8, 3.6))
    th = np.sort(np.asarray(thresholds, dtype=float))
    m = th.size + 1
    grid = (np.arange(n_grid) + 0.5) / n_grid
    g1, g2 = np.meshgrid(grid, grid)
    w = w_of_x(np.column_stack([g1.ravel(), g2.ravel()])).reshape(g1.shape)
    z = np.searchsorted(th, w, side="right")  # bin b_{k-1} <= w < b_k
    colors = plt.get_cmap(cmap)(np.linspace(0.1, 0.9, m))
    from matplotlib.colors import ListedColormap

    image = ax.imshow(z, origin="lower", extent=(0, 1, 0, 1), cmap=ListedColormap(colors),
                      norm=BoundaryNorm(np.arange(m + 1) - 0.5, m), interpolation="nearest")
    ax.contour(g1, g2, w, levels=th, colors="w", linewidths=0.6)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    ax.grid(False)
    cbar = fig.colorbar(image, ax=ax, ticks=np.arange(m), fraction=0.046, pad=0.04)
    cbar.set_ticklabels([str(k + 1) for k in range(m)])
    cbar.set_label("bin $Z$")
    if title:
        ax.set_title(title)
    return fig


def plot_w_contours(w_true, w_model, ax=None, *, n_grid: int = 200,
                    levels=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                    labels=("exact $W$", "network"), title: str | None = None):
    """Contours of two posteriors on the unit square: exact solid, model dashed (Figure 5).

    Parameters
    ----------
    w_true, w_model : callable
        Functions of points (n, 2) returning P(Y=1|x), shape (n,).
    ax : matplotlib Axes, optional
    n_grid : int
        Grid points per side.
    levels : sequence of float
        Contour levels.
    labels : pair of str
        Legend texts.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.lines import Line2D

    fig, ax = _axes(ax, size=(4.0, 3.8))
    grid = np.linspace(0.0, 1.0, n_grid)
    g1, g2 = np.meshgrid(grid, grid)
    pts = np.column_stack([g1.ravel(), g2.ravel()])
    cs = ax.contour(g1, g2, w_true(pts).reshape(g1.shape), levels=levels, colors="C0",
                    linestyles="solid", linewidths=1.0)
    ax.clabel(cs, fmt="%.1f", fontsize=7)
    ax.contour(g1, g2, w_model(pts).reshape(g1.shape), levels=levels, colors="C3",
               linestyles="dashed", linewidths=1.0)
    ax.legend([Line2D([], [], color="C0"), Line2D([], [], color="C3", ls="--")], list(labels),
              loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return fig


def plot_posterior_bars(posterior, bin_numbers, mass=None, ax=None, *, color="C0",
                        title: str | None = None, xlabel: str = "position"):
    """P(Y=1|bin) as bars, each labelled with its original bin number (Figure 3).

    Parameters
    ----------
    posterior : array_like, shape (n,)
        P(Y=1|bin) in the order to draw.
    bin_numbers : array_like of int, shape (n,)
        The bins' original numbers, written on the bars.
    mass : array_like, shape (n,), optional
        P(bin): when given, bar widths are proportional to it.
    ax : matplotlib Axes, optional
    color : str
    title : str, optional
    xlabel : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _axes(ax, size=(5.0, 2.6))
    post = np.asarray(posterior, dtype=float)
    n = post.size
    if mass is None:
        widths = np.full(n, 0.9)
        lefts = np.arange(n) + 0.05
    else:
        m = np.asarray(mass, dtype=float)
        widths = 0.95 * n * m / m.sum()
        lefts = np.concatenate([[0.0], np.cumsum(n * m / m.sum())[:-1]]) + 0.025 * n * m / m.sum()
    ax.bar(lefts, post, width=widths, align="edge", color=color, edgecolor="k", lw=0.4)
    for left, width, p, k in zip(lefts, widths, post, bin_numbers):
        ax.text(left + width / 2, p + 0.02, str(int(k)), ha="center", va="bottom", fontsize=7)
    ax.set_xlim(0, n)
    ax.set_ylim(0, min(1.12, 1.25 * float(post.max()) + 0.02))
    ax.set_xticks([])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("$P(Y{=}1 \\mid \\mathrm{bin})$")
    if title:
        ax.set_title(title)
    return fig


def plot_grouping_strip(edges, groups, ax=None, *, highlight=None, cmap: str = BIN_CMAP,
                        posterior=None, title: str | None = None):
    """A grouping of fine W-bins drawn as a coloured strip along W (Figure 4).

    Parameters
    ----------
    edges : array_like, shape (n + 1,)
        Fine-bin edges on the horizontal scale (W, or uniformized W).
    groups : array_like of int, shape (n,)
        Group (value of Z) of each fine bin, 0-based.
    ax : matplotlib Axes, optional
    highlight : sequence of (left, right), optional
        Intervals to outline (the swapped slivers).
    cmap : str
    posterior : callable, optional
        If given, ``posterior(w)`` is drawn as a curve above the strip.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    fig, ax = _axes(ax, size=(5.4, 1.9))
    e = np.asarray(edges, dtype=float)
    g = np.asarray(groups, dtype=int)
    k = int(g.max()) + 1
    colors = plt.get_cmap(cmap)(np.linspace(0.1, 0.9, k))
    for left, right, grp in zip(e[:-1], e[1:], g):
        ax.add_patch(Rectangle((left, 0), right - left, 0.35, color=colors[grp], lw=0))
    # the group labels at the middle of each run
    start = 0
    for i in range(1, g.size + 1):
        if i == g.size or g[i] != g[start]:
            ax.text(0.5 * (e[start] + e[i]), 0.175, str(g[start] + 1), ha="center", va="center",
                    color="w", fontsize=8, fontweight="bold")
            start = i
    for left, right in highlight or ():
        ax.add_patch(Rectangle((left, -0.03), right - left, 0.41, fill=False, ec="r", lw=1.2))
    if posterior is not None:
        w = np.linspace(e[0], e[-1], 400)
        ax.plot(w, 0.45 + 0.5 * posterior(w), color="k", lw=1.0)
        ax.text(e[0], 0.97, "$P(Y{=}1 \\mid W)$", fontsize=7, va="top")
    ax.set_xlim(e[0], e[-1])
    ax.set_ylim(-0.05, 1.0)
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("$W$")
    if title:
        ax.set_title(title)
    return fig
