"""Figures of the densities chapter: observed against fitted P(W | Y).

Each function draws on an Axes it is given (or makes a figure) and returns
the Figure; nothing here changes global state.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_cdf_fits", "plot_logit_density_fits", "empirical_cdf", "CLASS_COLORS"]

CLASS_COLORS = ("C0", "C3")
"""Line colours of Y = 1 and Y = 2 in every figure of these chapters."""


def _axes(ax, size=(4.6, 3.4)):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=size)
        return fig, ax
    return ax.figure, ax


def empirical_cdf(w) -> tuple[np.ndarray, np.ndarray]:
    """Sorted values and the fraction of samples at or below each: a step CDF."""
    x = np.sort(np.asarray(w, dtype=float))
    return x, np.arange(1, x.size + 1) / x.size


def plot_cdf_fits(observed, fits, ax=None, scale: str = "w", title: str | None = None,
                  labels=("Y = 1", "Y = 2"), logit_range=(-16.0, 16.0), fit_labels=None,
                  legend: bool = True):
    """Cumulative distributions of W per class: observed (solid), fitted (dashed).

    Parameters
    ----------
    observed : sequence of 2 pairs (x, F)
        Observed class-conditional CDF per class: points ``x`` on the
        plotted scale (W for ``scale="w"``, the logit ``ln(W / (1 - W))``
        for ``scale="logit"``; infinite logits are drawn at the axis ends)
        and ``F = P(W <= x | Y)``; see :func:`empirical_cdf`, or a released
        grid's ``F_j / F_j[-1]``.
    fits : sequence of 2 fitted models
        Objects with ``.cdf(w)`` (``distill.density.BetaExpPoly`` or
        ``TwoPieceLogit``); ``None`` skips a class.
    ax : matplotlib Axes, optional
    scale : {"w", "logit"}
        Horizontal axis: W on [0, 1], or ``ln(W / (1 - W))`` (which spreads
        out the outputs piled up near 0 and 1).
    title : str, optional
    labels : pair of str
        Names of the two classes.
    logit_range : pair of float
        Horizontal range for ``scale="logit"``.
    fit_labels : pair of str, optional
        Legend text of the fitted curves (default "<label> fit").
    legend : bool, default True

    Returns
    -------
    matplotlib.figure.Figure
    """
    if scale not in ("w", "logit"):
        raise ValueError(f"scale must be 'w' or 'logit'; got {scale!r}")
    fig, ax = _axes(ax)
    if scale == "w":
        grid = np.linspace(0.0, 1.0, 1001)
        xf = grid
    else:
        t = np.linspace(*logit_range, 1001)
        grid = 1.0 / (1.0 + np.exp(-t))
        xf = t
    if fit_labels is None:
        fit_labels = [f"{name} fit" for name in labels]
    for j, ((x, F), model, name) in enumerate(zip(observed, fits, labels)):
        color = CLASS_COLORS[j]
        xo = np.asarray(x, dtype=float)
        if scale == "logit":
            xo = np.clip(xo, logit_range[0] - 1, logit_range[1] + 1)
        ax.plot(xo, F, color=color, lw=1.6, label=f"{name} observed", drawstyle="steps-post")
        if model is not None:
            ax.plot(xf, model.cdf(grid), color=color, lw=1.4, ls="--", label=fit_labels[j])
    if scale == "w":
        ax.set_xlim(0, 1)
        ax.set_xlabel("$w$")
    else:
        ax.set_xlim(*logit_range)
        ax.set_xlabel(r"$\ln\,[w / (1 - w)]$")
    ax.set_ylim(0, 1.0)
    ax.set_ylabel(r"$P(W \leq w \mid Y)$")
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(fontsize=7, loc="best")
    return fig


def plot_logit_density_fits(samples, fits, ax=None, title: str | None = None,
                            labels=("Y = 1", "Y = 2"), bins: int = 40,
                            logit_range=(-16.0, 16.0)):
    """Histogram of ``t = logit(W)`` per class with the fitted densities of t.

    Parameters
    ----------
    samples : sequence of 2 arrays
        Logits (not W) of each class.
    fits : sequence of 2 fitted models
        Objects with ``.logpdf(w)`` on the W scale; the density of t is
        ``f(w) w (1 - w)``.
    """
    fig, ax = _axes(ax)
    edges = np.linspace(*logit_range, bins + 1)
    t = np.linspace(*logit_range, 801)
    w = 1.0 / (1.0 + np.exp(-t))
    for j, (s, model, name) in enumerate(zip(samples, fits, labels)):
        color = CLASS_COLORS[j]
        s = np.clip(np.asarray(s, dtype=float), *logit_range)
        ax.hist(s, bins=edges, density=True, histtype="stepfilled", alpha=0.25, color=color,
                label=f"{name} observed")
        if model is not None:
            dens = np.exp(model.logpdf(w) + np.log(w) + np.log1p(-w))
            ax.plot(t, dens, color=color, ls="--", lw=1.4, label=f"{name} fit")
    ax.set_xlabel(r"$t = \ln\,[w / (1 - w)]$ (values beyond the axis piled at its ends)")
    ax.set_ylabel(r"density of $t$ given $Y$")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return fig
