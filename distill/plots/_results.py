"""Figures of the result chapters: calibration, frontiers, clusters, honest
estimates and the reproduction of the authors' distributions.

Each function draws on an Axes it is given (or makes a figure) and returns
the Figure; nothing here changes global state. Frontier plots put H(Z) on a
*flipped* horizontal axis (more compression to the right, as in the paper's
figures) and I(Z;Y) upward.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "plot_reliability",
    "plot_dataset_frontier",
    "add_accuracy_axis",
    "accuracy_from_information",
    "information_from_accuracy",
    "plot_cluster_images",
    "plot_honest",
    "H_LABEL",
    "I_LABEL",
]

H_LABEL = r"entropy $H(Z)$ (bits; compression increases to the right)"
I_LABEL = r"information $I(Z;Y)$ (bits)"


def _axes(ax, size=(5.2, 3.8)):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=size)
        return fig, ax
    return ax.figure, ax


# --------------------------------------------------------------------------
# calibration (Figure 7)


def plot_reliability(rel, ax=None, recalibrated=None, title: str | None = None,
                     w_grid=None):
    """Observed P(Y=1|W) with error bars and the network's claim, against U.

    Parameters
    ----------
    rel : distill.calibration.Reliability
        Bins of the outputs (equal-count, i.e. equal-width in the
        uniformized W, U).
    ax : matplotlib Axes, optional
    recalibrated : tuple (u, f), optional
        An isotonic recalibration drawn as a step line: uniformized W and
        f(W) at those points.
    title : str, optional
    w_grid : tuple (u, w), optional
        The network's claim as a curve: sorted uniformized values and the W
        at each (default: the per-bin mean W as points).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _axes(ax)
    if w_grid is not None:
        ax.plot(w_grid[0], w_grid[1], color="0.35", lw=1.2, label="claimed: $W$")
    else:
        ax.plot(rel.u_mid, rel.claimed, "s", color="0.35", ms=3.5, label="claimed: mean $W$ in bin")
    ax.errorbar(rel.u_mid, rel.observed, yerr=[rel.observed - rel.lo, rel.hi - rel.observed],
                fmt="o", ms=3.5, color="C1", ecolor="C1", elinewidth=1, capsize=2,
                label=f"observed $P(Y{{=}}1 \\mid W)$ ({rel.level:.0%} binomial)")
    if recalibrated is not None:
        ax.step(recalibrated[0], recalibrated[1], where="post", color="C2", lw=1.2,
                label="isotonic recalibration $f(W)$")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(r"uniformized output $U = F_W(W)$")
    ax.set_ylabel(r"$P(Y{=}1)$")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=7, loc="upper left")
    return fig


# --------------------------------------------------------------------------
# frontiers (Figure 8)


def _h2(p):
    p = np.clip(np.asarray(p, dtype=float), 1e-300, 1 - 1e-16)
    return -(p * np.log2(p) + (1 - p) * np.log2(1 - p))


_PE = np.linspace(0.0, 0.5, 20001)
_H2 = np.concatenate([[0.0], _h2(_PE[1:])])


def information_from_accuracy(acc, H_Y: float = 1.0):
    """``I = H(Y) - h2(1 - acc)``: the least information Fano allows at that accuracy."""
    acc = np.clip(np.asarray(acc, dtype=float), 0.5, 1.0)
    return H_Y - np.interp(1.0 - acc, _PE, _H2)


def accuracy_from_information(info, H_Y: float = 1.0):
    """Inverse of :func:`information_from_accuracy`: ``acc = 1 - h2^{-1}(H(Y) - I)``.

    The highest accuracy any classifier that sees only a variable with
    ``I`` bits about Y can reach, by Fano's inequality (for two classes).
    """
    rest = np.clip(H_Y - np.asarray(info, dtype=float), 0.0, 1.0)
    return 1.0 - np.interp(rest, _H2, _PE)


def add_accuracy_axis(ax, H_Y: float = 1.0, ticks=(0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)):
    """A right-hand axis that reads I(Z;Y) as the Fano accuracy ceiling.

    Returns the secondary axis.
    """
    sec = ax.secondary_yaxis(
        "right",
        functions=(lambda i: accuracy_from_information(i, H_Y),
                   lambda a: information_from_accuracy(a, H_Y)),
    )
    sec.set_yticks(list(ticks))
    sec.set_yticklabels([f"{t:g}" for t in ticks])
    sec.set_ylabel("accuracy ceiling (Fano)", fontsize=8)
    return sec


def plot_dataset_frontier(ax=None, frontier=None, corners=None, I_total=None, label: str | None = None,
                  color: str = "C0", title: str | None = None, h_max: float | None = None,
                  annotate: bool = True, accuracy_axis: bool = True, H_Y: float = 1.0,
                  band=None, ls: str = "-", marker: str = "o"):
    """One frontier: the step curve I*(H), its corners and the I(X;Y) asymptote.

    Parameters
    ----------
    ax : matplotlib Axes, optional
    frontier : distill.frontier.FrontierResult, optional
        Drawn as the step function I*(h) (best I with H(Z) <= h).
    corners : distill.frontier.CornersResult or pair of arrays (H, I), optional
        Corners for m = 2..M, drawn as markers (labelled with m when
        ``annotate``).
    I_total : float, optional
        The information ceiling, drawn as a dashed horizontal line.
    label, color, ls, marker : str
        Legend text and style.
    title : str, optional
    h_max : float, optional
        Right end (before flipping) of the H axis; default from the data.
    annotate : bool, default True
    accuracy_axis : bool, default True
        Add the Fano accuracy axis on the right (:func:`add_accuracy_axis`).
    H_Y : float, default 1
        H(Y) for the accuracy axis.
    band : tuple (h, lo, hi), optional
        A shaded band of I*(h) (e.g. a bootstrap band).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = _axes(ax)
    hs = []
    if frontier is not None:
        pts = np.asarray(frontier.points)
        top = h_max if h_max is not None else pts[-1, 0] * 1.05 + 0.05
        x = np.concatenate([pts[:, 0], [top]])
        y = np.concatenate([pts[:, 1], [pts[-1, 1]]])
        ax.step(x, y, where="post", color=color, lw=1.3, ls=ls, label=label)
        hs.append(top)
        label = None
    if band is not None:
        h, lo, hi = band
        ax.fill_between(h, lo, hi, step="post", color=color, alpha=0.2, lw=0)
    if corners is not None:
        if hasattr(corners, "corners"):
            Hc = np.array([c.H for c in corners.corners])
            Ic = np.array([c.I for c in corners.corners])
            mc = np.array([c.bins for c in corners.corners])
        else:
            Hc, Ic = (np.asarray(v, dtype=float) for v in corners)
            mc = np.arange(1, Hc.size + 1)
        keep = mc >= 2
        ax.plot(Hc[keep], Ic[keep], marker, color=color, ms=4.5, ls="none" if frontier is not None else ls,
                lw=1.0, label=label)
        if annotate:
            for h, i, m in zip(Hc[keep], Ic[keep], mc[keep]):
                ax.annotate(str(m), (h, i), textcoords="offset points", xytext=(0, -11),
                            ha="center", fontsize=7, color=color)
        hs.append(Hc.max())
    if I_total is not None:
        ax.axhline(I_total, color=color, ls="--", lw=0.9, alpha=0.8)
    # several frontiers may share the Axes: the limits cover all of them
    i_top = [float(np.max(frontier.points[:, 1]))] if frontier is not None else []
    if corners is not None:
        i_top.append(float(np.max(Ic)))
    if I_total is not None:
        i_top.append(float(I_total))
    top = h_max if h_max is not None else (max(hs) * 1.05 + 0.05 if hs else 3.0)
    top = max(top, getattr(ax, "_distill_hmax", 0.0))
    i_max = max(i_top + [getattr(ax, "_distill_imax", 0.0)])
    ax._distill_hmax, ax._distill_imax = top, i_max
    ax.set_xlim(top, 0.0)       # flipped: H decreases to the right
    ax.set_ylim(0.0, i_max * 1.06 if i_max > 0 else 1.0)
    ax.set_xlabel(H_LABEL)
    ax.set_ylabel(I_LABEL)
    if title:
        ax.set_title(title)
    if accuracy_axis and not getattr(ax, "_distill_accuracy_axis", False):
        add_accuracy_axis(ax, H_Y)
        ax._distill_accuracy_axis = True
    return fig


# --------------------------------------------------------------------------
# clusters (Figure 2)


def plot_cluster_images(images, groups, p_y1, fig=None, n_per_cluster: int = 8,
                        title: str | None = None, class_name: str = "Y=1", seed: int = 0,
                        outline=None):
    """Sample images from each cluster, one row per cluster.

    Parameters
    ----------
    images : numpy.ndarray, shape (n, C, H, W)
        Images (any value range; each is scaled to [0, 1] for display).
    groups : numpy.ndarray of int, shape (n,)
        Cluster of each image (0 .. m - 1, ordered by P(Y=1|cluster)).
    p_y1 : sequence of float, shape (m,)
        P(Y=1 | cluster), printed as the row label (as a percentage of
        ``class_name``).
    fig : matplotlib Figure or SubFigure, optional
    n_per_cluster : int, default 8
        Images drawn at random (seeded) from each cluster.
    outline : numpy.ndarray of bool, shape (n,), optional
        Images to frame in the Y=1 colour (e.g. those of class Y=1), so that
        a reader sees which images of a cluster are of which class.

    Returns
    -------
    matplotlib.figure.Figure (or the SubFigure given)
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    m = len(p_y1)
    if fig is None:
        fig = plt.figure(figsize=(n_per_cluster * 0.8 + 1.6, m * 0.85 + 0.5))
    axes = fig.subplots(m, n_per_cluster, squeeze=False)
    rng = np.random.default_rng(seed)
    for g in range(m):
        members = np.flatnonzero(groups == g)
        pick = rng.choice(members, size=min(n_per_cluster, members.size), replace=False) \
            if members.size else []
        for k in range(n_per_cluster):
            ax = axes[g, k]
            ax.set_xticks([])
            ax.set_yticks([])
            for side in ax.spines.values():
                side.set_visible(False)
            if k < len(pick):
                img = images[pick[k]].astype(float)
                lo, hi = img.min(), img.max()
                img = (img - lo) / (hi - lo) if hi > lo else np.zeros_like(img)
                if img.shape[0] == 1:
                    ax.imshow(img[0], cmap="gray_r" if img.mean() < 0.5 else "gray", vmin=0, vmax=1)
                else:
                    ax.imshow(np.transpose(img, (1, 2, 0)))
                if outline is not None:
                    for side in ax.spines.values():
                        side.set_visible(True)
                        side.set_linewidth(2.0)
                        side.set_color("C0" if outline[pick[k]] else "C3")
        axes[g, 0].set_ylabel(f"{p_y1[g]:.1%} {class_name}\n(n={members.size})", rotation=0,
                              ha="right", va="center", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


# --------------------------------------------------------------------------
# honest estimates


def plot_honest(split, boot=None, ax=None, title: str | None = None, color: str = "C0",
                accuracy_axis: bool = True, legend: bool = True):
    """In-sample corners, held-out (honest) corners and a bootstrap band.

    Parameters
    ----------
    split : distill.estimate.SplitHalfResult
    boot : distill.estimate.BootstrapResult, optional
        Its (basic) frontier band is shaded and its corner bands drawn as
        error bars on the in-sample corners.
    """
    fig, ax = _axes(ax)
    m = split.bins >= 2
    if boot is not None and boot.h_grid.size:
        lo, hi = boot.frontier_band()
        ax.fill_between(boot.h_grid, lo, hi, step="post", color=color, alpha=0.18, lw=0,
                        label=f"bootstrap band of $I^*(h)$ ({boot.level:.0%})")
        ax.step(boot.h_grid, boot.frontier, where="post", color=color, lw=0.8, alpha=0.7,
                label="in-sample frontier $I^*(h)$")
    yerr = None
    if boot is not None:
        blo, bhi = boot.I_band()
        yerr = [np.maximum(split.I_full[m] - blo[m], 0), np.maximum(bhi[m] - split.I_full[m], 0)]
    ax.errorbar(split.H_full[m], split.I_full[m], yerr=yerr, fmt="o-", color=color, ms=4,
                lw=1, capsize=2, label="in-sample corners (whole test set)")
    ax.errorbar(split.honest_H[m], split.honest[m], yerr=split.honest_se[m], fmt="s--",
                color="C3", ms=4, lw=1, capsize=2,
                label="held-out: thresholds from the other half")
    ax.axhline(split.I_total_full, color="0.4", ls=":", lw=0.9, label="$I(W';Y)$, fine bins")
    for h, i, k in zip(split.H_full[m], split.I_full[m], split.bins[m]):
        ax.annotate(str(k), (h, i), textcoords="offset points", xytext=(0, 6), ha="center",
                    fontsize=7, color=color)
    top = max(split.H_full.max(), split.honest_H.max()) * 1.05 + 0.05
    ax.set_xlim(top, 0)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(H_LABEL)
    ax.set_ylabel(I_LABEL)
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(fontsize=7, loc="upper right")
    if accuracy_axis:
        add_accuracy_axis(ax)
    return fig
