"""Is W = P(Y=1|X) what the network claims? Reliability, recalibration, bounds.

* :func:`reliability`: the observed frequency of Y = 1 in bins of W, with
  binomial error bars (:func:`binomial_interval`), against the W the network
  claims in each bin; bins are equal-count, i.e. equal-width in the
  uniformized W (the paper's Figure 7).
* :func:`fit_isotonic`: recalibration by isotonic regression (pool adjacent
  violators), the monotone map f(W) closest to the labels in squared error;
  :func:`cross_fitted_isotonic` evaluates it honestly (fitted on one half,
  scored on the other).
* :func:`information_bounds`: the Fano bound (eq. 39) and the
  cross-entropy bound (eq. 41) on I(X;Y) from the network's error rate and
  test cross-entropy, beside direct estimates of I(W;Y).

All information quantities are in bits. numpy and scipy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from ._validate import as_float_array, binary_labels, check_int, check_unit_interval

__all__ = [
    "binomial_interval",
    "Reliability",
    "reliability",
    "IsotonicCalibration",
    "fit_isotonic",
    "pool_adjacent_violators",
    "cross_fitted_isotonic",
    "CrossFitted",
    "InformationBounds",
    "information_bounds",
    "PROB_CLIP",
]

PROB_CLIP = 1e-4
"""Recalibrated probabilities are clipped to ``[PROB_CLIP, 1 - PROB_CLIP]``
before a cross-entropy is taken: isotonic regression returns exactly 0 or 1
in its end blocks, and one held-out sample of the other class would cost
infinitely many bits. 1e-4 caps that cost at 13.3 bits, below what
1/(2 n) would allow for test sets up to n = 5,000 per half."""


# --------------------------------------------------------------------------
# binomial error bars


def _check_level(level: float) -> float:
    level = float(level)
    if not (0.0 < level < 1.0):
        raise ValueError(f"level must be a probability in (0, 1); got {level!r}")
    return level


def binomial_interval(k, n, level: float = 0.6827, method: str = "wilson"):
    """Confidence interval for a binomial proportion ``k / n``.

    Parameters
    ----------
    k, n : int or array_like
        Successes and trials, ``0 <= k <= n``, ``n >= 1``.
    level : float, default 0.6827
        Coverage (0.6827: the one-sigma bars of a plot).
    method : {"wilson", "jeffreys"}, default "wilson"
        Wilson score interval, or the equal-tailed Jeffreys interval (the
        quantiles of Beta(k + 1/2, n - k + 1/2)). Both stay inside [0, 1]
        and are sensible at ``k = 0`` and ``k = n``, unlike the normal
        approximation ``p +- sqrt(p (1 - p) / n)``.

    Returns
    -------
    lo, hi : numpy.ndarray
        Interval ends, same shape as ``k``.

    Examples
    --------
    >>> lo, hi = binomial_interval(50, 100)
    >>> round(float(lo), 3), round(float(hi), 3)
    (0.45, 0.55)
    """
    level = _check_level(level)
    k = as_float_array(k, "k")
    n = as_float_array(n, "n")
    if np.any(n < 1):
        raise ValueError(f"n must be >= 1 trial; got minimum {n.min():g}")
    if np.any(k < 0) or np.any(k > n):
        raise ValueError("k must satisfy 0 <= k <= n; got a count outside")
    if method == "wilson":
        z = stats.norm.ppf(0.5 + level / 2)
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        # exact ends at k = 0 and k = n (the formula gives them up to round-off)
        lo = np.where(k == 0, 0.0, np.clip(centre - half, 0, 1))
        hi = np.where(k == n, 1.0, np.clip(centre + half, 0, 1))
        return lo, hi
    if method == "jeffreys":
        a = (1 - level) / 2
        lo = np.where(k > 0, special.betaincinv(k + 0.5, n - k + 0.5, a), 0.0)
        hi = np.where(k < n, special.betaincinv(k + 0.5, n - k + 0.5, 1 - a), 1.0)
        return lo, hi
    raise ValueError(f"method must be 'wilson' or 'jeffreys'; got {method!r}")


# --------------------------------------------------------------------------
# reliability diagram on the uniformized scale


@dataclass(frozen=True)
class Reliability:
    """Observed P(Y=1|W) in bins of W, against the network's claim.

    Attributes
    ----------
    u_lo, u_hi : numpy.ndarray, shape (K,)
        Bin ends on the uniformized scale U = F(W) (fractions of the sample
        below the bin).
    w_lo, w_hi : numpy.ndarray, shape (K,)
        The same bins on the W scale (smallest and largest W inside).
    claimed : numpy.ndarray, shape (K,)
        Mean W in the bin: what the network says P(Y=1) is there.
    observed : numpy.ndarray, shape (K,)
        Fraction of the bin's samples with Y = 1.
    lo, hi : numpy.ndarray, shape (K,)
        Binomial interval of ``observed`` at ``level``.
    n, k : numpy.ndarray of int, shape (K,)
        Samples and samples with Y = 1 per bin.
    level : float
    ece : float
        Expected calibration error ``sum_b (n_b / n) |observed_b - claimed_b|``
        (a probability, not bits).
    """

    u_lo: np.ndarray
    u_hi: np.ndarray
    w_lo: np.ndarray
    w_hi: np.ndarray
    claimed: np.ndarray
    observed: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    n: np.ndarray
    k: np.ndarray
    level: float
    ece: float

    @property
    def u_mid(self) -> np.ndarray:
        return 0.5 * (self.u_lo + self.u_hi)


def _check_wy(w, y, name_w: str = "w", name_y: str = "y"):
    w = check_unit_interval(as_float_array(w, name_w, ndim=1), name_w)
    is1 = binary_labels(y, name_y)
    if is1.shape != w.shape:
        raise ValueError(f"{name_w} and {name_y} must have equal length; got {w.size} and {is1.size}")
    return w, is1


def reliability(w, y, n_bins: int = 20, level: float = 0.6827, method: str = "wilson") -> Reliability:
    """Observed frequency of Y = 1 in equal-count bins of W (Figure 7).

    Parameters
    ----------
    w : array_like, shape (n,)
        Classifier outputs P(Y=1|x).
    y : array_like, shape (n,)
        Labels in {1, 2} (or {0, 1} with 1 for Y=1).
    n_bins : int, default 20
        Number of bins; samples are sorted by W (ties broken by position)
        and cut into ``n_bins`` groups of (nearly) equal size, i.e.
        equal-width bins of the uniformized W.
    level : float, default 0.6827
        Coverage of the error bars (:func:`binomial_interval`).

    Returns
    -------
    Reliability
    """
    w, is1 = _check_wy(w, y)
    n = w.size
    n_bins = check_int(n_bins, "n_bins", minimum=1)
    if n_bins > n:
        raise ValueError(f"n_bins must not exceed the number of samples ({n}); got {n_bins}")
    order = np.argsort(w, kind="stable")
    ws, ys = w[order], is1[order]
    cuts = np.linspace(0, n, n_bins + 1).round().astype(int)
    counts = np.diff(cuts)
    k = np.add.reduceat(ys.astype(int), cuts[:-1])
    claimed = np.add.reduceat(ws, cuts[:-1]) / counts
    observed = k / counts
    lo, hi = binomial_interval(k, counts, level, method)
    return Reliability(
        u_lo=cuts[:-1] / n, u_hi=cuts[1:] / n,
        w_lo=ws[cuts[:-1]], w_hi=ws[cuts[1:] - 1],
        claimed=claimed, observed=observed, lo=lo, hi=hi,
        n=counts, k=k, level=level,
        ece=float(np.sum(counts / n * np.abs(observed - claimed))),
    )


# --------------------------------------------------------------------------
# isotonic recalibration


def pool_adjacent_violators(values, weights=None) -> np.ndarray:
    """Non-decreasing least-squares fit to ``values`` (in the given order).

    The pool-adjacent-violators algorithm: the sequence ``f`` minimizing
    ``sum_i weights_i (values_i - f_i)^2`` subject to ``f_1 <= f_2 <= ...``.

    Examples
    --------
    >>> pool_adjacent_violators([1, 3, 2, 4]).tolist()
    [1.0, 2.5, 2.5, 4.0]
    """
    v = as_float_array(values, "values", ndim=1)
    wt = np.ones_like(v) if weights is None else as_float_array(weights, "weights", ndim=1)
    if wt.shape != v.shape:
        raise ValueError(f"weights must have the length of values ({v.size}); got {wt.size}")
    if np.any(wt <= 0):
        raise ValueError("weights must be > 0; got a zero or negative weight")
    # blocks as a stack: (mean, weight, length)
    means, wts, lens = [], [], []
    for x, c in zip(v.tolist(), wt.tolist()):
        m, ww, ln = x, c, 1
        while means and means[-1] >= m:
            pm, pw, pl = means.pop(), wts.pop(), lens.pop()
            m = (pm * pw + m * ww) / (pw + ww)
            ww += pw
            ln += pl
        means.append(m)
        wts.append(ww)
        lens.append(ln)
    return np.repeat(np.asarray(means, dtype=float), lens)


@dataclass(frozen=True)
class IsotonicCalibration:
    """A non-decreasing recalibration map f(W) fitted by isotonic regression.

    Attributes
    ----------
    x : numpy.ndarray, shape (K,)
        Distinct W values of the fitting sample, increasing.
    f : numpy.ndarray, shape (K,)
        Fitted P(Y=1|W = x), non-decreasing.
    n : int
        Samples it was fitted on.

    Calling the object maps new W to f(W) by linear interpolation between
    the fitted points (constant beyond the ends).
    """

    x: np.ndarray
    f: np.ndarray
    n: int

    def __call__(self, w) -> np.ndarray:
        w = check_unit_interval(as_float_array(w, "w"), "w")
        return np.interp(w, self.x, self.f)

    @property
    def n_blocks(self) -> int:
        """Number of distinct fitted levels (steps of the map)."""
        return int(np.unique(self.f).size)


def fit_isotonic(w, y) -> IsotonicCalibration:
    """Recalibrate by isotonic regression of the label ``[Y = 1]`` on W.

    Ties in W are pooled first (a function of W must give tied samples one
    value). The result is the non-decreasing step function closest to the
    labels in squared error, which also maximizes the likelihood among
    monotone maps.

    Examples
    --------
    >>> cal = fit_isotonic([0.1, 0.2, 0.3, 0.4], [2, 1, 2, 1])
    >>> cal.f.tolist()
    [0.0, 0.5, 0.5, 1.0]
    """
    w, is1 = _check_wy(w, y)
    x, inv, counts = np.unique(w, return_inverse=True, return_counts=True)
    sums = np.bincount(inv.ravel(), weights=is1.astype(float), minlength=x.size)
    f = pool_adjacent_violators(sums / counts, counts.astype(float))
    return IsotonicCalibration(x=x, f=f, n=int(w.size))


@dataclass(frozen=True)
class CrossFitted:
    """Held-out cross-entropy of a recalibration, and the bound it gives.

    Attributes
    ----------
    cross_entropy : float
        Mean held-out cross-entropy in bits (averaged over both halves of
        every split).
    bound : float
        ``H(Y) - cross_entropy``, clipped at 0: a lower bound on I(W;Y) (and
        so on I(X;Y)) up to the sampling error of the held-out half.
    spread : float
        Standard deviation of the per-half bounds, bits.
    H_Y : float
    repeats : int
    """

    cross_entropy: float
    bound: float
    spread: float
    H_Y: float
    repeats: int


def _entropy_labels(is1: np.ndarray) -> float:
    p = float(np.mean(is1))
    return float((special.entr(p) + special.entr(1 - p)) / np.log(2))


def cross_fitted_isotonic(w, y, repeats: int = 5, seed: int = 0, clip: float = PROB_CLIP) -> CrossFitted:
    """Cross-entropy bound (eq. 41) after isotonic recalibration, honestly.

    Each of ``repeats`` random half splits (stratified by class) fits the
    isotonic map on one half and measures the cross-entropy of the other
    half's labels under it (probabilities clipped to ``[clip, 1 - clip]``),
    then swaps the halves.
    """
    w, is1 = _check_wy(w, y)
    repeats = check_int(repeats, "repeats", minimum=1)
    rng = np.random.default_rng(seed)
    H_Y = _entropy_labels(is1)
    ces = []
    for _ in range(repeats):
        half = np.zeros(w.size, dtype=bool)
        for cls in (True, False):
            members = np.flatnonzero(is1 == cls)
            half[rng.permutation(members)[: members.size // 2]] = True
        for fit_mask in (half, ~half):
            cal = fit_isotonic(w[fit_mask], np.where(is1[fit_mask], 1, 2))
            q = np.clip(cal(w[~fit_mask]), clip, 1 - clip)
            p_true = np.where(is1[~fit_mask], q, 1 - q)
            ces.append(float(-np.mean(np.log2(p_true))))
    ces = np.asarray(ces)
    return CrossFitted(
        cross_entropy=float(ces.mean()), bound=max(H_Y - float(ces.mean()), 0.0),
        spread=float(np.std(H_Y - ces)), H_Y=H_Y, repeats=repeats,
    )


# --------------------------------------------------------------------------
# bounds on I(X;Y) next to direct estimates


@dataclass(frozen=True)
class InformationBounds:
    """Lower bounds on I(X;Y) and direct estimates of I(W;Y), in bits.

    Attributes
    ----------
    H_Y : float
        Entropy of the labels.
    error_rate : float
        Fraction misclassified by the rule W > 1/2.
    cross_entropy : float
        Mean test cross-entropy of W, bits per sample.
    fano : float
        Fano bound ``H(Y) - h2(error_rate)`` (eq. 39).
    cross_entropy_bound : float
        ``H(Y) - cross_entropy`` (eq. 41), clipped at 0.
    recalibrated_bound : float
        The cross-entropy bound after cross-fitted isotonic recalibration.
    plugin : float
        Plug-in I(W';Y) on ``n_fine`` equal-count bins (biased upward by
        about ``plugin_bias``).
    plugin_bias : float
        ``(n_fine - 1) / (2 n ln 2)``.
    n_fine : int
    n : int
    """

    H_Y: float
    error_rate: float
    cross_entropy: float
    fano: float
    cross_entropy_bound: float
    recalibrated_bound: float
    plugin: float
    plugin_bias: float
    n_fine: int
    n: int


def information_bounds(w, y, n_fine: int | None = None, seed: int = 0,
                       eps: float = 1e-12) -> InformationBounds:
    """The Fano and cross-entropy bounds on I(X;Y) beside direct I(W;Y) estimates.

    Parameters
    ----------
    w, y : array_like, shape (n,)
        Outputs and labels.
    n_fine : int, optional
        Fine bins of the plug-in estimate; default about sqrt(n).
    seed : int
        Seed of the cross-fitted recalibration's splits.
    eps : float, default 1e-12
        W is clipped to ``[eps, 1 - eps]`` for the raw cross-entropy (one
        confident mistake costs at most ``log2(1/eps)`` bits, not infinity).
    """
    from .binning import joint_from_samples
    from .info import cross_entropy_bound, fano_bound

    w, is1 = _check_wy(w, y)
    n = w.size
    H_Y = _entropy_labels(is1)
    err = float(np.mean((w > 0.5) != is1))
    q = np.clip(np.where(is1, w, 1 - w), eps, 1.0)
    ce = float(-np.mean(np.log2(q)))
    table = joint_from_samples(w, np.where(is1, 1, 2), n_fine)
    N = table.n_bins
    return InformationBounds(
        H_Y=H_Y, error_rate=err, cross_entropy=ce,
        fano=float(fano_bound(err, H_Y=H_Y)),
        cross_entropy_bound=float(cross_entropy_bound(ce, H_Y=H_Y)),
        recalibrated_bound=cross_fitted_isotonic(w, np.where(is1, 1, 2), seed=seed).bound,
        plugin=float(table.I), plugin_bias=(N - 1) / (2 * n * np.log(2)),
        n_fine=int(N), n=int(n),
    )
