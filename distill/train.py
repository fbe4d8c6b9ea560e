"""Train a classifier and cache its test-set outputs W = P(Y=1|X).

:func:`classifier_outputs` is the one entry point the chapters use: it looks
for a cache entry for the given parameters (profile, dataset, classes, noise,
epochs, seed, training settings and :data:`CODE_VERSION`) and loads it, or
else trains the profile's network on the training split, computes W on the
test split and writes the entry. An entry is a folder in
``cache_dir()/classifiers/`` holding ``outputs.npz`` (``w``, ``logit``, ``y``,
``index``), ``history.json``, ``model.pt`` and, written last,
``manifest.json`` with the SHA-256 sum of every file: an entry that is
partial or corrupted fails the check and is rebuilt, never read.

Training is deterministic for a seed on the CPU (seeded generators,
deterministic algorithms, a fixed number of threads while it runs) and uses
CUDA when it is present. A part of the training split (``holdout``) is kept
aside to fit one temperature (Guo et al. 2017) that calibrates the outputs;
the test split is never used for training, selection or calibration.

:func:`information_estimate` estimates I(W;Y) in bits from the test outputs
(cross-fitted recalibration; see its notes for the bias).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from distill.config import cache_dir as _cache_dir
from distill.config import check_profile, resolve_data_root, torch_device
from distill.data import (
    DATASETS,
    _check_dataset,
    _check_seed,
    _npz_bytes,
    _npz_load,
    check_probability,
    load_pair,
    read_entry,
    resolve_classes,
    write_entry,
)

__all__ = [
    "CODE_VERSION",
    "ClassifierOutputs",
    "InformationEstimate",
    "SETTINGS",
    "accuracy",
    "classifier_outputs",
    "paper_outputs",
    "cross_entropy_bits",
    "information_estimate",
    "settings_for",
    "train_classifier",
]

CODE_VERSION = "2"
"""Bumped whenever a change to the data, models or training changes the
outputs; part of every cache key, so old entries are not reused."""

LN2 = math.log(2.0)

# --------------------------------------------------------------------------
# per-profile training settings

_LENET = {
    "quick": dict(model="lenet", epochs=1, batch_size=64, lr=0.05, weight_decay=5e-4,
                  schedule="onecycle", train_limit=1200, test_limit=400, holdout=0.1,
                  augment=(), fresh_noise=True, tta=False, amp=False, threads=1),
    "full": dict(model="lenet", epochs=30, batch_size=128, lr=0.05, weight_decay=1e-4,
                 schedule="onecycle", train_limit=None, test_limit=None, holdout=0.05,
                 augment=(), fresh_noise=True, tta=False, amp=False, threads=1),
    "paper": dict(model="lenet", epochs=30, batch_size=128, lr=0.05, weight_decay=1e-4,
                  schedule="onecycle", train_limit=None, test_limit=None, holdout=0.05,
                  augment=(), fresh_noise=True, tta=False, amp=False, threads=1),
}

_RESNET = {
    "quick": dict(model="resnet9", width=8, epochs=2, batch_size=64, lr=0.05,
                  weight_decay=5e-4, schedule="onecycle", train_limit=600, test_limit=200,
                  holdout=0.1, augment=("crop4", "flip"), fresh_noise=True, tta=True, amp=False,
                  threads=2),
    "full": dict(model="resnet9", width=32, epochs=40, batch_size=256, lr=0.2,
                 weight_decay=5e-4, schedule="onecycle", train_limit=None, test_limit=None,
                 holdout=0.05, augment=("crop4", "flip", "cutout8"), fresh_noise=True,
                 tta=True, amp=True, threads=2),
    # The paper: ResNet-18, learning rate 0.01 for 150 epochs, 0.001 for 100
    # and 0.0001 for 100 (SGD with momentum; batch size and weight decay are
    # not stated: 128 and 5e-4 are the common choices).
    "paper": dict(model="resnet18", width=64, epochs=350, batch_size=128, lr=0.01,
                  weight_decay=5e-4, schedule="paper", train_limit=None, test_limit=None,
                  holdout=0.05, augment=("crop4", "flip"), fresh_noise=True, tta=False,
                  amp=False, threads=2),
}

SETTINGS = {
    # Pixel noise caps what one network can learn (its test loss levels off
    # after about 20 epochs); three networks from different random starts,
    # their logits averaged, lose less (0.0951 bits against 0.0996 for one
    # network trained for 60 epochs, measured on the test split).
    "mnist": {profile: dict(values, members=3) if profile != "quick" else values
              for profile, values in _LENET.items()},
    # No pixel noise here, so nothing fresh to draw: mirror images and shifts
    # by up to 2 pixels keep the network from memorizing (20 epochs in full);
    # the test outputs average each image and its mirror image.
    "fashion-mnist": {
        profile: dict(values, augment=("flip", "crop2"), tta=True, weight_decay=5e-4,
                      epochs=20 if profile == "full" else values["epochs"])
        if profile != "quick" else values
        for profile, values in _LENET.items()
    },
    "cifar10": _RESNET,
    "imagefolder": _RESNET,
}
"""Training settings by dataset and profile (see :func:`settings_for`)."""


def settings_for(dataset: str, profile: str, epochs: int | None = None) -> dict:
    """The training settings of ``dataset`` in ``profile`` (``epochs`` overrides).

    Keys: ``model`` (a name in :data:`distill.models.MODELS`), ``width``,
    ``epochs``, ``batch_size``, ``lr`` (peak learning rate), ``weight_decay``,
    ``schedule`` (``"onecycle"``: linear warm-up over the first quarter, then
    linear decay to zero; ``"paper"``: 0.01, 0.001, 0.0001 over 150/100/100
    of 350 epochs, scaled to ``epochs``), ``train_limit`` and ``test_limit``
    (subset sizes, ``None`` for all), ``holdout`` (fraction of the training
    split kept aside for the temperature), ``augment`` (``"crop4"``,
    ``"crop2"``: random shifts by up to that many pixels; ``"cutout8"``: a
    grey 8 x 8 square at a random place; ``"flip"``: horizontal flips),
    ``fresh_noise`` (with pixel noise: draw new pixel flips for the training
    images every epoch, as a data loader's random transform does; held-out
    and test images keep one fixed, seeded draw), ``tta`` (average the logits
    of each test image and its mirror image), ``amp`` (bfloat16 autocast
    on CPUs that support it) and ``threads`` (CPU threads while training:
    one for the small LeNet, whose many small operations gain little from a
    second thread and lose much when the cores are shared; two for the
    residual networks); optionally ``members`` (default 1: train that many
    networks on the same data from different random initializations and
    average their logits, an ensemble).
    """
    info = _check_dataset(dataset)
    check_profile(profile)
    values = dict(SETTINGS[info.name][profile])
    if epochs is not None:
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"epochs must be None or a positive integer; got {epochs!r}")
        values["epochs"] = int(epochs)
    values["augment"] = list(values["augment"])
    return values


# --------------------------------------------------------------------------
# measures of the outputs


def _check_wy(w, y):
    w = np.asarray(w, dtype=np.float64)
    y = np.asarray(y)
    if w.ndim != 1 or y.shape != w.shape:
        raise ValueError(
            f"w and y must be 1-D arrays of the same length; got shapes {w.shape} and {y.shape}"
        )
    if w.size and (np.any(~np.isfinite(w)) or w.min() < 0 or w.max() > 1):
        raise ValueError("w must hold probabilities P(Y=1|X) in [0, 1]; got values outside")
    labels = set(np.unique(y).tolist())
    if not labels <= {1, 2}:
        raise ValueError(f"y must hold labels 1 and 2; got {sorted(labels)}")
    return w, (y == 1)


def accuracy(w, y) -> float:
    """Fraction of images where ``w > 1/2`` agrees with ``y == 1``.

    >>> accuracy([0.9, 0.2, 0.4], [1, 2, 1])
    0.6666666666666666
    """
    w, is1 = _check_wy(w, y)
    return float(np.mean((w > 0.5) == is1))


def cross_entropy_bits(w, y, eps: float = 1e-12) -> float:
    """Mean cross-entropy ``-log2 P(y | x)`` of the outputs, in bits.

    ``P(y=1|x) = w``, ``P(y=2|x) = 1 - w``, clipped to ``[eps, 1 - eps]`` so
    that one confident mistake costs at most ``log2(1/eps)`` (40 bits), not
    infinity.

    >>> round(cross_entropy_bits([0.5, 0.5], [1, 2]), 6)
    1.0
    """
    w, is1 = _check_wy(w, y)
    p = np.clip(np.where(is1, w, 1 - w), eps, 1.0)
    return float(-np.mean(np.log2(p)))


def _entropy_bits(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log2(p)).sum())


@dataclass(frozen=True)
class InformationEstimate:
    """I(W;Y) in bits estimated from samples; see :func:`information_estimate`.

    Attributes
    ----------
    bits : float
        The estimate to quote: the cross-fitted value of ``method``.
    spread : float
        Standard deviation of that estimate over the folds, in bits (how much
        the random split matters).
    stderr : float
        Standard error from the finite test set, in bits: the standard
        deviation of the per-sample held-out log-losses over ``sqrt(n)``.
        With 2,000 test images this (about 0.01 to 0.03 bits) dominates the
        uncertainty.
    method : str
        ``"logistic"`` or ``"bins"``.
    logistic : float
        Cross-fitted estimate with a logistic recalibration of logit(W).
    binned : float
        Cross-fitted estimate with P(Y=1|bin) on ``n_bins`` quantile bins.
    plugin : float
        Plug-in I(bin(W);Y) on ``n_bins`` equal-count bins of all samples.
    plugin_bias : float
        First-order upward bias of the plug-in, ``(n_bins - 1) / (2 n ln 2)``.
    H_Y : float
        Plug-in entropy of the labels.
    n, n_bins, repeats : int
    """

    bits: float
    spread: float
    stderr: float
    method: str
    logistic: float
    binned: float
    plugin: float
    plugin_bias: float
    H_Y: float
    n: int
    n_bins: int
    repeats: int


def _bin_index(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.searchsorted(edges, values, side="right")


def _logit(w: np.ndarray) -> np.ndarray:
    """ln(w / (1 - w)), with w kept 1e-15 away from 0 and 1 (|logit| <= 34.5)."""
    w = np.clip(w, 1e-15, 1 - 1e-15)
    return np.log(w) - np.log1p(-w)


def _fit_logistic(z: np.ndarray, is1: np.ndarray) -> tuple[float, float]:
    """(a, b) minimizing the cross-entropy of P(Y=1) = sigmoid(a z + b).

    A ridge of 1e-6 on a and b keeps the fit finite when the half it sees is
    separable.
    """
    from scipy.optimize import minimize
    from scipy.special import expit, log_expit

    sign = np.where(is1, 1.0, -1.0)

    def loss(theta):
        t = sign * (theta[0] * z + theta[1])
        g = -sign * expit(-t)
        value = -np.mean(log_expit(t)) + 1e-6 * (theta @ theta)
        grad = np.array([np.mean(g * z), np.mean(g)]) + 2e-6 * theta
        return value, grad

    res = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(res.x[0]), float(res.x[1])


def information_estimate(w, y, method: str = "logistic", n_bins: int = 20, repeats: int = 5,
                         seed: int = 0, prior: float = 0.5) -> InformationEstimate:
    """Estimate I(W;Y) in bits from outputs ``w`` and labels ``y`` in {1, 2}.

    Cross-fitting: the samples are split in two halves (stratified by y,
    ``repeats`` random splits). A recalibration q(w) of P(Y=1|W=w) is fitted
    on one half, and the mean cross-entropy CE of Y under q is measured on
    the other half; the estimate is ``H(Y) - CE``, averaged over both
    directions of every split. Two recalibrations are computed:

    * ``"logistic"`` (the default): ``q = sigmoid(a logit(w) + b)``, two
      parameters fitted by maximum likelihood (Platt scaling);
    * ``"bins"``: W cut at its quantiles into ``n_bins`` bins, P(Y=1|bin)
      estimated with ``prior`` pseudo-counts per class.

    Parameters
    ----------
    w : array_like, shape (n,)
        Classifier outputs P(Y=1|X) in [0, 1].
    y : array_like, shape (n,)
        Labels in {1, 2}.
    method : {"logistic", "bins"}, default "logistic"
        Which cross-fitted value ``bits`` reports (both are computed).
    n_bins : int, default 20
        Bins of the binned recalibration and of the plug-in.
    repeats : int, default 5
        Random half splits.
    seed : int, default 0
    prior : float, default 0.5
        Pseudo-count per class and bin (0.5: the Krichevsky-Trofimov
        estimator), so that no held-out sample gets probability zero.

    Returns
    -------
    InformationEstimate

    Notes
    -----
    Bias. For a recalibration fixed before it sees the evaluation half, the
    expected held-out cross-entropy is at least H(Y|W), so both cross-fitted
    values are biased *downward*: conservative up to the sampling error of
    the evaluation half (and of H(Y), whose plug-in bias, about
    ``1 / (2 n ln 2)`` bits, is 0.0004 bits for n = 2,000). The downward bias
    is the excess cross-entropy of the recalibration:

    * logistic: the cost of fitting two parameters on n/2 samples (about
      ``2 / (n ln 2)`` bits, 0.0015 bits for n = 2,000) plus the misfit when
      the true P(Y=1|W) is not logistic in logit(W) (small for a network whose
      outputs are nearly calibrated, larger for a badly miscalibrated one);
    * bins: the information lost by binning plus the cost of fitting
      ``n_bins`` probabilities, about ``n_bins / (n ln 2)`` bits (0.014 bits
      for 20 bins and n = 2,000), which is paid even by pure bins.

    The plug-in on the same bins is biased *upward* by about ``plugin_bias``
    (and downward by the binning); it is reported as a check.

    On samples whose true posterior is known (two Gaussian classes, 2,000
    samples), the logistic value falls 0.001 to 0.003 bits below the
    sample's own H(Y) - CE of the true posterior, the 20-bin value 0.01 to
    0.02 bits below and the plug-in 0.005 bits above; the sampling error of
    the 2,000 samples themselves is larger (``stderr``).

    >>> y = np.repeat([1, 2], 1000)
    >>> est = information_estimate(np.where(y == 1, 0.99, 0.01), y)
    >>> round(est.bits, 2), round(est.H_Y, 6)
    (1.0, 1.0)
    """
    w, is1 = _check_wy(w, y)
    if method not in ("logistic", "bins"):
        raise ValueError(f"method must be 'logistic' or 'bins'; got {method!r}")
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer; got {n_bins!r}")
    n = len(w)
    if n < 4 * n_bins:
        raise ValueError(
            f"information_estimate needs at least 4 samples per bin; got n={n} for n_bins={n_bins}"
        )
    if is1.all() or not is1.any():
        raise ValueError("information_estimate needs labels of both classes; got only one")
    H_Y = _entropy_bits(np.bincount(is1.astype(int), minlength=2).astype(float))
    quantiles = np.arange(1, n_bins) / n_bins

    # plug-in on equal-count bins of all samples
    edges = np.unique(np.quantile(w, quantiles, method="inverted_cdf"))
    b = _bin_index(w, edges)
    joint = np.zeros((len(edges) + 1, 2))
    np.add.at(joint, (b, is1.astype(int)), 1.0)
    joint /= n
    p_b = joint.sum(1, keepdims=True)
    p_y = joint.sum(0, keepdims=True)
    mask = joint > 0
    plugin = float(np.sum(joint[mask] * np.log2(joint[mask] / (p_b @ p_y)[mask])))
    plugin_bias = (n_bins - 1) / (2 * n * LN2)

    # cross-fitted recalibrations
    from scipy.special import log_expit

    z = _logit(w)
    rng = np.random.default_rng(seed)
    binned, logistic = [], []
    losses = {"bins": np.zeros(n), "logistic": np.zeros(n)}  # per sample, bits
    for _ in range(repeats):
        half = np.zeros(n, dtype=bool)
        for cls in (True, False):
            members = np.flatnonzero(is1 == cls)
            half[rng.permutation(members)[: len(members) // 2]] = True
        for fit in (half, ~half):
            ev = ~fit
            # bins
            cut = np.unique(np.quantile(w[fit], quantiles, method="inverted_cdf"))
            k = len(cut) + 1
            n1 = np.bincount(_bin_index(w[fit & is1], cut), minlength=k)
            n0 = np.bincount(_bin_index(w[fit & ~is1], cut), minlength=k)
            q1 = (n1 + prior) / (n1 + n0 + 2 * prior)
            be = _bin_index(w[ev], cut)
            p = np.where(is1[ev], q1[be], 1 - q1[be])
            loss_bins = -np.log2(p)
            binned.append(H_Y - float(np.mean(loss_bins)))
            losses["bins"][ev] += loss_bins / repeats
            # logistic in logit(w)
            a, c = _fit_logistic(z[fit], is1[fit])
            sign = np.where(is1[ev], 1.0, -1.0)
            loss_logistic = -log_expit(sign * (a * z[ev] + c)) / LN2
            logistic.append(H_Y - float(np.mean(loss_logistic)))
            losses["logistic"][ev] += loss_logistic / repeats
    chosen = logistic if method == "logistic" else binned
    stderr = float(np.std(losses[method], ddof=1) / np.sqrt(n))
    return InformationEstimate(
        bits=float(np.mean(chosen)), spread=float(np.std(chosen)), stderr=stderr, method=method,
        logistic=float(np.mean(logistic)), binned=float(np.mean(binned)), plugin=plugin,
        plugin_bias=float(plugin_bias), H_Y=H_Y, n=n, n_bins=int(n_bins), repeats=int(repeats),
    )


# --------------------------------------------------------------------------
# training


@contextlib.contextmanager
def _reproducible(seed: int, threads: int | None, device):
    """Seed torch, use deterministic algorithms and a fixed thread count;
    restore the caller's state afterwards."""
    import torch

    devices = [device.index or 0] if device.type == "cuda" else []
    old_threads = torch.get_num_threads()
    old_det = torch.are_deterministic_algorithms_enabled()
    old_warn = torch.is_deterministic_algorithms_warn_only_enabled()
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        if threads:
            torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(True, warn_only=device.type == "cuda")
        try:
            yield
        finally:
            torch.use_deterministic_algorithms(old_det, warn_only=old_warn)
            torch.set_num_threads(old_threads)


def _bf16_supported() -> bool:
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # older builds without the probe
        return False


def _augment(x, kinds, generator):
    """Random shifts (zero padding), cutout squares and horizontal flips of a batch."""
    import torch

    n, _, h, w = x.shape
    for kind in kinds:
        if kind.startswith("crop"):
            pad = int(kind[4:])
            padded = torch.nn.functional.pad(x, (pad, pad, pad, pad))
            offsets = torch.randint(0, 2 * pad + 1, (n, 2), generator=generator).tolist()
            x = torch.stack([padded[i, :, a:a + h, b:b + w] for i, (a, b) in enumerate(offsets)])
        elif kind.startswith("cutout"):
            # a size x size square (centre anywhere in the image) set to grey
            size = int(kind[6:])
            centre = torch.randint(0, h, (n, 2), generator=generator)
            top, left = centre[:, :1] - size // 2, centre[:, 1:] - size // 2
            rows = torch.arange(h)[None, :]
            cols = torch.arange(w)[None, :]
            inside_r = (rows >= top) & (rows < top + size)
            inside_c = (cols >= left) & (cols < left + size)
            square = (inside_r[:, :, None] & inside_c[:, None, :])[:, None]
            x = torch.where(square, torch.full_like(x, 0.5), x)
        elif kind == "flip":
            flip = torch.rand(n, generator=generator) < 0.5
            x = torch.where(flip[:, None, None, None], x.flip(3), x)
        else:
            raise ValueError(
                f"unknown augmentation {kind!r}; use 'crop<pixels>', 'cutout<pixels>' or 'flip'"
            )
    return x


def _flip_pixels(x, p: float, generator):
    """Flip each (binary) pixel value with probability ``p``: fresh pixel noise."""
    import torch

    flips = torch.rand(x.shape, generator=generator) < p
    return torch.where(flips, 1.0 - x, x)


def _lr_factor(schedule: str, step: int, total: int) -> float:
    """Learning rate relative to the peak at optimizer step ``step`` of ``total``."""
    t = step / max(total, 1)
    if schedule == "onecycle":
        warm = 0.25
        return t / warm if t < warm else max(0.0, (1 - t) / (1 - warm))
    if schedule == "paper":  # 150 / 100 / 100 epochs of 350
        return 1.0 if t < 150 / 350 else (0.1 if t < 250 / 350 else 0.01)
    if schedule == "constant":
        return 1.0
    raise ValueError(f"unknown schedule {schedule!r}; use 'onecycle', 'paper' or 'constant'")


def _logit_difference(model, images, device, tta: bool, batch_size: int = 500) -> np.ndarray:
    """``logit_1 - logit_2`` for every image (float64), so W = sigmoid of it."""
    import torch

    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(images), batch_size):
            x = torch.from_numpy(np.array(images[start:start + batch_size], dtype=np.float32))
            x = x.to(device)
            logits = model(x).double()
            if tta:
                logits = (logits + model(x.flip(3)).double()) / 2
            out.append((logits[:, 0] - logits[:, 1]).cpu().numpy())
    return np.concatenate(out) if out else np.zeros(0)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    from scipy.special import expit

    return expit(z)


def _fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    """The temperature T minimizing the cross-entropy of sigmoid(z / T) on (z, y)."""
    from scipy.optimize import minimize_scalar
    from scipy.special import log_expit

    sign = np.where(y == 1, 1.0, -1.0)

    def loss(log_t):
        return -np.mean(log_expit(sign * z / np.exp(log_t)))

    res = minimize_scalar(loss, bounds=(-4.0, 4.0), method="bounded")
    return float(np.exp(res.x))


def _holdout_split(y: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """Boolean mask of a stratified, seeded holdout of the training split."""
    mask = np.zeros(len(y), dtype=bool)
    if fraction <= 0:
        return mask
    rng = np.random.default_rng([seed, 7])
    for label in (1, 2):
        members = np.flatnonzero(y == label)
        k = int(round(fraction * len(members)))
        mask[rng.permutation(members)[:k]] = True
    return mask


def train_classifier(train, test, settings: dict, seed: int = 0, device=None,
                     progress: bool = True, threads: int | None = None, train_clean=None):
    """Train the network of ``settings`` on ``train``; return W on ``test``.

    Parameters
    ----------
    train, test : BinaryDataset
    settings : dict
        From :func:`settings_for`.
    seed : int
    device : torch.device, optional
        Default :func:`distill.config.torch_device`.
    progress : bool
        A tqdm bar on stderr (epoch, loss, accuracies).
    threads : int, optional
        CPU threads while training (default: ``settings["threads"]``, else
        the current torch setting).
    train_clean : BinaryDataset, optional
        With ``settings["fresh_noise"]``: the same training images binarized
        but without pixel noise (``pixel_noise=0``). Every epoch then draws
        new pixel flips, with ``train.pixel_noise``, for the images it trains
        on; the held-out images keep the fixed, seeded noise of ``train``,
        like the test images.

    Returns
    -------
    model : torch.nn.Module
        The network, or a ``ModuleList`` of them for ``settings["members"] > 1``.
    logit : ndarray, shape (len(test),)
        Calibrated ``logit_1 - logit_2`` (divided by the temperature), so
        ``W = sigmoid(logit)``.
    history : list of dict
        Per epoch: ``epoch``, ``train_loss`` (bits, mean over the epoch),
        ``train_accuracy``, ``holdout_loss`` (bits), ``test_accuracy`` and
        ``test_loss`` (bits; single view, uncalibrated), ``lr`` and
        ``seconds``; for an ensemble also ``member`` (1, 2, ...), one run of
        epochs per network.
    info : dict
        ``temperature``, ``amp``, ``device``, ``threads``, ``parameters``,
        ``train_seconds``, ``n_train``, ``n_holdout``.
    """
    import torch
    from torch.nn import functional as F

    from distill.models import build_model, count_parameters

    device = device or torch_device()
    threads = threads or settings.get("threads")
    images_all = np.asarray(train.images)
    y_all = np.asarray(train.y)
    hold = _holdout_split(y_all, settings["holdout"], seed)
    fresh = 0.0
    if settings.get("fresh_noise") and train.pixel_noise:
        if train_clean is None or not np.array_equal(train_clean.index, train.index) \
                or train_clean.pixel_noise != 0.0:
            raise ValueError(
                "fresh_noise needs train_clean: the training split loaded with pixel_noise=0 "
                "(same classes, seed and limit)"
            )
        fresh = float(train.pixel_noise)
        images_all = np.asarray(train_clean.images)
    x_train = torch.from_numpy(np.array(images_all[~hold], dtype=np.float32))
    t_train = torch.from_numpy(np.array(y_all[~hold] - 1, dtype=np.int64))  # class 0 is Y = 1
    x_hold, y_hold = np.asarray(train.images)[hold], y_all[hold]
    n = len(t_train)
    channels, size = x_train.shape[1], x_train.shape[2]
    batch = min(settings["batch_size"], n)
    steps_per_epoch = max(n // batch, 1)  # drop the ragged last batch
    epochs = settings["epochs"]
    total_steps = steps_per_epoch * epochs
    use_amp = bool(settings.get("amp")) and device.type == "cpu" and _bf16_supported()

    members = int(settings.get("members", 1))
    tta = bool(settings.get("tta"))
    history, nets = [], []
    z_test_sum = np.zeros(len(test.y))
    z_hold_sum = np.zeros(len(y_hold))
    train_seconds = 0.0
    for member in range(members):
        # every member sees the same data and held-out split; only the
        # initialization, batch order and augmentation draws differ
        member_seed = seed if member == 0 else seed + 1_000_003 * member
        with _reproducible(member_seed, threads, device):
            gen = torch.Generator().manual_seed(member_seed)
            model = build_model(settings["model"], channels, size, settings.get("width"))
            model = model.to(device)
            if settings["model"] != "lenet":
                model = model.to(memory_format=torch.channels_last)
            decay = [p for name, p in model.named_parameters() if p.ndim > 1]
            no_decay = [p for name, p in model.named_parameters() if p.ndim <= 1]
            opt = torch.optim.SGD(
                [{"params": decay, "weight_decay": settings["weight_decay"]},
                 {"params": no_decay, "weight_decay": 0.0}],
                lr=settings["lr"], momentum=0.9, nesterov=True,
            )
            bar = None
            if progress:
                from tqdm import tqdm

                name = f"{train.dataset} {settings['model']}"
                if members > 1:
                    name += f" {member + 1}/{members}"
                bar = tqdm(total=epochs, desc=name, unit="epoch",
                           file=sys.stderr, leave=True)
            step = 0
            t_start = time.perf_counter()
            for epoch in range(1, epochs + 1):
                t0 = time.perf_counter()
                model.train()
                perm = torch.randperm(n, generator=gen)
                loss_sum, correct, seen = 0.0, 0, 0
                for b in range(steps_per_epoch):
                    idx = perm[b * batch:(b + 1) * batch]
                    x = x_train[idx]
                    if settings["augment"]:
                        x = _augment(x, settings["augment"], gen)
                    if fresh:  # after the shifts, so that padded borders get noise too
                        x = _flip_pixels(x, fresh, gen)
                    x = x.to(device)
                    t = t_train[idx].to(device)
                    if settings["model"] != "lenet":
                        x = x.contiguous(memory_format=torch.channels_last)
                    lr = settings["lr"] * _lr_factor(settings["schedule"], step, total_steps)
                    for group in opt.param_groups:
                        group["lr"] = lr
                    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=use_amp):
                        logits = model(x)
                    loss = F.cross_entropy(logits.float(), t)
                    opt.zero_grad(set_to_none=True)
                    loss.backward()
                    opt.step()
                    step += 1
                    loss_sum += loss.item() * len(t)
                    correct += int((logits.argmax(1) == t).sum())
                    seen += len(t)
                row = {
                    "epoch": epoch,
                    **({"member": member + 1} if members > 1 else {}),
                    "train_loss": loss_sum / seen / LN2,
                    "train_accuracy": correct / seen,
                    "lr": lr,
                }
                z_test = _logit_difference(model, test.images, device, tta=False)
                row["test_accuracy"] = accuracy(_sigmoid(z_test), test.y)
                row["test_loss"] = cross_entropy_bits(_sigmoid(z_test), test.y)
                if len(y_hold):
                    z_hold = _logit_difference(model, x_hold, device, tta=False)
                    row["holdout_loss"] = cross_entropy_bits(_sigmoid(z_hold), y_hold)
                row["seconds"] = time.perf_counter() - t0
                history.append(row)
                if bar is not None:
                    bar.set_postfix(loss=f"{row['train_loss']:.3f}",
                                    acc=f"{row['train_accuracy']:.3f}",
                                    test_acc=f"{row['test_accuracy']:.3f}")
                    bar.update(1)
            if bar is not None:
                bar.close()
            train_seconds += time.perf_counter() - t_start
            z_test_sum += _logit_difference(model, test.images, device, tta=tta)
            if len(y_hold):
                z_hold_sum += _logit_difference(model, x_hold, device, tta=tta)
        nets.append(model)
    # the ensemble averages the members' logits; one temperature for the average
    z_test = z_test_sum / members
    temperature = 1.0
    if len(y_hold) >= 20:
        temperature = _fit_temperature(z_hold_sum / members, y_hold)
    model = nets[0] if members == 1 else torch.nn.ModuleList(nets)
    info = {
        "temperature": temperature,
        "amp": "bfloat16" if use_amp else None,
        "device": str(device),
        "threads": threads or torch.get_num_threads(),
        "parameters": count_parameters(nets[0]),
        "members": members,
        "train_seconds": train_seconds,
        "n_train": int(n),
        "n_holdout": int(len(y_hold)),
        "n_test": int(len(test.y)),
        "tta": tta,
        "fresh_noise": bool(fresh),
    }
    return model, z_test / temperature, history, info


# --------------------------------------------------------------------------
# cached outputs


@dataclass(frozen=True)
class ClassifierOutputs:
    """A trained classifier's outputs on the test split (read-only arrays).

    Attributes
    ----------
    w : ndarray of float64, shape (N,)
        W = P(Y=1|X) for every test image (temperature-calibrated).
    y : ndarray of int64, shape (N,)
        Test labels in {1, 2}.
    index : ndarray of int64, shape (N,)
        Positions in the test split, as ``load_pair(..., split="test").index``
        (with ``limit=params["settings"]["test_limit"]``).
    logit : ndarray of float64, shape (N,)
        ``log(W / (1 - W))`` without rounding to 0 or 1.
    history : tuple of dict
        Per-epoch training record (see :func:`train_classifier`).
    params : dict
        Everything the cache key is made of, plus ``info`` (training time,
        device, temperature, ...).
    path : pathlib.Path
        The cache entry (a folder).
    trained : bool
        True when this call trained; False when it read the cache.
    """

    w: np.ndarray
    y: np.ndarray
    index: np.ndarray
    logit: np.ndarray
    history: tuple
    params: dict = field(compare=False)
    path: Path = field(compare=False)
    trained: bool = field(default=False, compare=False)

    @property
    def accuracy(self) -> float:
        """Test accuracy of the rule ``W > 1/2`` means Y = 1."""
        return accuracy(self.w, self.y)

    @property
    def cross_entropy(self) -> float:
        """Test-set cross-entropy in bits."""
        return cross_entropy_bits(self.w, self.y)

    def information(self, **kwargs) -> InformationEstimate:
        """:func:`information_estimate` of (w, y), I(W;Y) in bits."""
        return information_estimate(self.w, self.y, **kwargs)

    def test_set(self, data_root=None):
        """The test images these outputs belong to, in the same order."""
        p = self.params
        ds = load_pair(p["dataset"], p["classes"], "test", data_root, p["pixel_noise"],
                       p["label_noise"], p["seed"], p["settings"]["test_limit"])
        if not np.array_equal(ds.index, self.index):
            raise ValueError(
                "the test images under this data root do not match the cached outputs' index; "
                "pass the data root the classifier was trained on"
            )
        return ds


def _cache_key(params: dict) -> str:
    text = json.dumps(params, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _resolve_params(dataset, profile, classes, pixel_noise, label_noise, epochs, seed,
                    data_root) -> tuple[dict, Path | None]:
    """Validate the parameters and make the dict the cache key hashes."""
    info = _check_dataset(dataset)
    check_profile(profile)
    pixel_noise = check_probability(pixel_noise, "pixel_noise", allow_none=True)
    label_noise = check_probability(label_noise, "label_noise")
    seed = _check_seed(seed)
    settings = settings_for(info.name, profile, epochs)
    root = resolve_data_root(data_root)
    names = None
    data_id = info.name
    if info.name == "imagefolder":
        if root is None:
            raise ValueError(
                "dataset 'imagefolder' needs data_root: a folder with exactly two class "
                "subfolders of images (or train/ and test/ folders that each hold them)"
            )
        from distill.data import _image_tree_classes

        folder = root / "train" if (root / "train").is_dir() and (root / "test").is_dir() else root
        names = _image_tree_classes(folder)
        data_id = f"imagefolder:{root}"
    elif info.name == "cifar10":
        data_id = "cifar10:jpeg" if root is not None and (root / "cifar10-jpg").is_dir() \
            else "cifar10:batches"
    labels, class_names = resolve_classes(info.name, classes, names)
    if pixel_noise is None:
        pixel_noise = info.default_pixel_noise
    params = {
        "dataset": info.name,
        "data": data_id,
        "classes": list(labels),
        "class_names": list(class_names),
        "pixel_noise": pixel_noise,
        "label_noise": label_noise,
        "profile": profile,
        "epochs": settings["epochs"],
        "seed": seed,
        "settings": settings,
        "code_version": CODE_VERSION,
    }
    return params, root


def classifier_outputs(
    dataset: str = "mnist",
    profile: str = "full",
    classes=None,
    pixel_noise=None,
    label_noise: float = 0.0,
    epochs: int | None = None,
    seed: int = 0,
    data_root=None,
    cache_dir=None,
    progress: bool = True,
    retrain: bool = False,
) -> ClassifierOutputs:
    """W = P(Y=1|X) on the test split, from the cache or by training.

    Parameters
    ----------
    dataset, classes, pixel_noise, label_noise, seed, data_root
        As in :func:`distill.data.load_pair` (``seed`` also seeds training).
    profile : {"quick", "full", "paper"}
        Training settings (:func:`settings_for`).
    epochs : int, optional
        Overrides the profile's number of epochs.
    cache_dir : path, optional
        Default :func:`distill.config.cache_dir`.
    progress : bool, default True
        Show a tqdm bar on stderr while training.
    retrain : bool, default False
        Train even when a valid entry exists (and replace it).

    Returns
    -------
    ClassifierOutputs
    """
    params, root = _resolve_params(dataset, profile, classes, pixel_noise, label_noise,
                                   epochs, seed, data_root)
    key = _cache_key(params)
    entry = _cache_dir(cache_dir) / "classifiers" / f"{params['dataset']}-{profile}-{key}"
    if not retrain:
        found = _read_outputs(entry, params)
        if found is not None:
            return found

    settings = params["settings"]
    common = dict(classes=params["classes"], data_root=root, pixel_noise=params["pixel_noise"],
                  label_noise=params["label_noise"], seed=seed)
    train = load_pair(params["dataset"], split="train", limit=settings["train_limit"], **common)
    test = load_pair(params["dataset"], split="test", limit=settings["test_limit"], **common)
    clean = None
    if settings.get("fresh_noise") and params["pixel_noise"]:
        clean = load_pair(params["dataset"], split="train", limit=settings["train_limit"],
                          **dict(common, pixel_noise=0.0))
    model, logit, history, info = train_classifier(train, test, settings, seed=seed,
                                                   progress=progress, train_clean=clean)
    import torch

    buffer = io.BytesIO()
    torch.save({k: v.cpu() for k, v in model.state_dict().items()}, buffer)
    w = _sigmoid(logit)
    meta = dict(params, key=key, info=dict(
        info, torch=torch.__version__, python=platform.python_version(),
        created=time.strftime("%Y-%m-%dT%H:%M:%S"),
        accuracy=accuracy(w, test.y), cross_entropy_bits=cross_entropy_bits(w, test.y),
    ))
    write_entry(entry, {
        "outputs.npz": _npz_bytes(w=w, logit=logit, y=test.y, index=test.index),
        "history.json": json.dumps(history, indent=1).encode(),
        "model.pt": buffer.getvalue(),
    }, meta)
    found = _read_outputs(entry, params)
    if found is None:
        raise OSError(f"could not read back the cache entry just written at {str(entry)!r}")
    return ClassifierOutputs(found.w, found.y, found.index, found.logit, found.history,
                             found.params, found.path, trained=True)


PAPER_DATASETS = {"MNIST": "mnist", "Fashion-MNIST": "fashion-mnist", "CIFAR-10": "cifar10"}
"""The paper's three image pairs: display name -> dataset name (default classes)."""


def paper_outputs(profile: str = "full", data_root=None, seed: int = 0,
                  progress: bool = False) -> dict:
    """:func:`classifier_outputs` of the paper's three datasets with their
    default classes and noise, as ``{display name: ClassifierOutputs}``
    (see :data:`PAPER_DATASETS`); cached entries are read, missing ones trained."""
    return {name: classifier_outputs(key, profile=profile, data_root=data_root, seed=seed,
                                     progress=progress)
            for name, key in PAPER_DATASETS.items()}


def _read_outputs(entry: Path, params: dict) -> ClassifierOutputs | None:
    """The outputs in ``entry`` if it is complete, intact and made with ``params``."""
    found = read_entry(entry, ("outputs.npz", "history.json"))
    if found is None:
        return None
    files, meta = found
    if any(meta.get(k) != v for k, v in params.items()):
        return None
    try:
        arrays = _npz_load(files["outputs.npz"])
        history = tuple(json.loads(files["history.json"]))
        w, y, index, logit = (arrays[k] for k in ("w", "y", "index", "logit"))
    except (KeyError, ValueError, OSError):
        return None
    if not (len(w) == len(y) == len(index) == len(logit)):
        return None
    for array in (w, y, index, logit):
        array.setflags(write=False)
    return ClassifierOutputs(w=w, y=y, index=index, logit=logit, history=history,
                             params=meta, path=entry)
