"""Figures of the classifier chapter: learning curves, W per class, examples.

Each function draws on Axes it is given (or makes a figure) and returns the
Figure; nothing here changes global state.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_learning_curves", "plot_w_histogram", "plot_examples"]


def _figure(ax, ncols: int = 1, size=(5.0, 3.2)):
    import matplotlib.pyplot as plt

    if ax is not None:
        axes = np.atleast_1d(ax)
        return axes[0].figure, list(axes)
    fig, axes = plt.subplots(1, ncols, figsize=(size[0] * ncols, size[1]), squeeze=False)
    return fig, list(axes[0])


def plot_learning_curves(history, axes=None):
    """Loss (bits per image) and accuracy against epoch.

    Parameters
    ----------
    history : sequence of dict
        Per-epoch records with ``epoch``, ``train_loss``, ``test_loss``,
        ``train_accuracy``, ``test_accuracy`` and optionally ``holdout_loss``
        and ``member`` (the network of an ensemble; as in
        :attr:`distill.train.ClassifierOutputs.history`).
    axes : pair of matplotlib Axes, optional
        Loss on the first, accuracy on the second.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax_loss, ax_acc) = _figure(axes, ncols=2)
    # an ensemble's history holds one run of epochs per member: one line each,
    # in the same colour, labelled once
    members = sorted({row.get("member", 1) for row in history})
    for k, member in enumerate(members):
        rows = [row for row in history if row.get("member", 1) == member]
        epoch = [row["epoch"] for row in rows]
        style = dict(marker="o" if len(epoch) < 3 else None, alpha=1.0 if k == 0 else 0.5)

        def label(text):
            return text if k == 0 else None

        ax_loss.plot(epoch, [row["train_loss"] for row in rows], color="C0",
                     label=label("training (augmented, running mean)"), **style)
        if all("holdout_loss" in row for row in rows):
            ax_loss.plot(epoch, [row["holdout_loss"] for row in rows], color="C1",
                         label=label("held-out training images"), **style)
        ax_loss.plot(epoch, [row["test_loss"] for row in rows], color="C2", label=label("test"),
                     **style)
        ax_acc.plot(epoch, [row["train_accuracy"] for row in rows], color="C0",
                    label=label("training"), **style)
        ax_acc.plot(epoch, [row["test_accuracy"] for row in rows], color="C2", label=label("test"),
                    **style)
    if len(members) > 1:
        ax_loss.set_title(f"{len(members)} networks (one line each)")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("cross-entropy (bits per image)")
    ax_loss.legend()
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy")
    ax_acc.legend()
    fig.tight_layout()
    return fig


def plot_w_histogram(w, y, class_names=("Y = 1", "Y = 2"), ax=None, bins: int = 40,
                     scale: str = "w"):
    """Histogram of the classifier output W for each class.

    Parameters
    ----------
    w : array_like, shape (n,)
        Outputs P(Y=1|X).
    y : array_like, shape (n,)
        Labels in {1, 2}.
    class_names : pair of str
        Names of Y = 1 and Y = 2 (legend).
    ax : matplotlib Axes, optional
    bins : int, default 40
    scale : {"w", "logit"}
        Bin W itself on [0, 1], or its logit ``ln(W / (1 - W))`` (which
        spreads out the outputs piled up near 0 and 1).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if scale not in ("w", "logit"):
        raise ValueError(f"scale must be 'w' or 'logit'; got {scale!r}")
    fig, (ax,) = _figure(ax)
    w = np.asarray(w, dtype=float)
    y = np.asarray(y)
    if scale == "logit":
        eps = 1e-12
        values = np.log(np.clip(w, eps, 1) / np.clip(1 - w, eps, 1))
        edges = np.linspace(values.min(), values.max(), bins + 1)
        xlabel = "logit of W = ln(W / (1 - W))"
    else:
        values = w
        edges = np.linspace(0, 1, bins + 1)
        xlabel = "W = P(Y=1|X)"
    for label, name in zip((1, 2), class_names):
        ax.hist(values[y == label], bins=edges, histtype="stepfilled", alpha=0.45,
                label=f"Y = {label} ({name})")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("test images")
    ax.set_yscale("log")
    ax.legend(frameon=True, framealpha=0.95, edgecolor="none", loc="upper center")
    return fig


def plot_examples(images, w, y, class_names=("Y = 1", "Y = 2"), ax=None, per_row: int = 8):
    """A mosaic of test images, each titled with its W and its true class.

    Parameters
    ----------
    images : array_like, shape (n, C, H, W)
        Pixel values in [0, 1]; C is 1 (grey) or 3 (colour).
    w, y : array_like, shape (n,)
        Outputs P(Y=1|X) and labels in {1, 2}.
    class_names : pair of str
    ax : matplotlib Axes, optional
    per_row : int, default 8

    Returns
    -------
    matplotlib.figure.Figure
    """
    images = np.asarray(images, dtype=float)
    n, c, h, wd = images.shape
    rows = -(-n // per_row)
    gap = 2
    band = max(gap, int(round(0.35 * h)))  # room above each tile for its two-line title
    if ax is None:
        import matplotlib.pyplot as plt

        inch = 1.15 / (wd + gap)  # inches per pixel at 1.15 inch per column
        fig, ax = plt.subplots(figsize=(1.15 * per_row, rows * (h + band) * inch + 0.1))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
    fig = ax.figure
    canvas = np.ones(((h + band) * rows, (wd + gap) * per_row, 3))
    for k in range(n):
        r, col = divmod(k, per_row)
        tile = images[k].transpose(1, 2, 0)
        if c == 1:
            tile = np.repeat(tile, 3, axis=2)
        top = r * (h + band) + band
        canvas[top:top + h, col * (wd + gap):col * (wd + gap) + wd] = tile
    ax.imshow(canvas, interpolation="nearest")
    for k in range(n):
        r, col = divmod(k, per_row)
        ax.text(col * (wd + gap) + wd / 2, r * (h + band) + band - 0.5,
                f"{class_names[int(y[k]) - 1]}\nW={w[k]:.2f}", ha="center", va="bottom",
                fontsize=6.5)
    ax.set_axis_off()
    return fig
