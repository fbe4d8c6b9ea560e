"""The analytic warm-up example of Tegmark & Wu (2019), Section III.

``X = (x1, x2)`` lives on the unit square and ``Y`` in ``{1, 2}``, each class
with probability 1/2. The joint densities are

.. math::

    p(x, Y=1) = 2 x_1 x_2, \\qquad p(x, Y=2) = 2 (1 - x_1)(1 - x_2),

so that the lossless statistic of Theorem II.1 is

.. math::

    W = P(Y=1 \\mid X) = \\frac{x_1 x_2}{x_1 x_2 + (1 - x_1)(1 - x_2)}

and the whole problem is known in closed form: the joint cumulative
distributions ``F1(w) = P(W < w, Y = 1)`` and ``F2(w) = P(W < w, Y = 2)``,
and the information ``I(X;Y) = 1 - (pi^2 - 4) / (16 ln 2)`` bits.

Numerics
--------
Integrating ``2 x1 x2`` over ``{W < w}`` gives, with ``s = (1 - 2w)/w``,

.. math::

    F_1(w) = J(s) = \\int_0^1 \\frac{x (1-x)^2}{(1 + s x)^2}\\,dx
           = \\frac{(s^2 + 4s + 3)\\ln(1+s) - 3s - \\tfrac52 s^2}{s^4},

which is the paper's closed form (eq. 29) written in ``s``. Its numerator
vanishes like ``s^4/12`` at ``w = 1/2``: evaluated as written it loses
all digits there (the absolute error grows like ``eps / (1-2w)^4``), which
makes binned informations wander by ~1e-4 bits at 10^4 to 10^5 bins. Here
``J`` is evaluated as its Taylor series
``J(s) = sum_n (-1)^n 2(n+1) s^n / ((n+2)(n+3)(n+4))`` for ``|s| <= 0.95``
and by the closed form (with ``ln(1+s) = ln(1-w) - ln w``, exact at both
ends) elsewhere, where the cancellation costs at most a few units of
round-off. Bin probabilities are differences of this stable ``F1`` at the
bin edges; the class-2 column uses the symmetry
``P(a <= W < b, Y=2) = F1(1-a) - F1(1-b)`` so that no ``1/2 - F1``
cancellation enters a bin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np

__all__ = [
    "H_Y",
    "I_XY",
    "DEFAULT_FINE_BINS",
    "sample",
    "w_exact",
    "F1",
    "F2",
    "cdf",
    "density",
    "quantile",
    "bin_probabilities",
    "bin_edges",
    "joint_table",
    "F1_closed_form",
    "posterior_kl",
    "predictor_information",
    "PosteriorNetwork",
    "fit_posterior_network",
]

H_Y = 1.0
"""Entropy of the class ``Y`` in bits (two equally likely classes)."""

I_XY = 1.0 - (math.pi**2 - 4.0) / (16.0 * math.log(2.0))
"""Exact mutual information ``I(X;Y) = I(W;Y)`` in bits (paper eq. 26), 0.470747..."""

DEFAULT_FINE_BINS = 10_000
"""Default number of equal-mass fine bins for :func:`joint_table`.

With 10^4 bins the binning loss ``I(X;Y) - I(W';Y)`` is below 1e-8 bits
(it falls roughly like ``1/N^2`` for this smooth distribution), far below
any difference the frontier chapters discuss, and the exact frontier on the
table takes well under a second.
"""

# Series / closed-form switch for J(s): the series converges for |s| < 1 with
# terms ~ 2 |s|^n / n^2; at |s| = 0.95, 640 terms reach 1e-19. Outside, the
# closed form loses at most ~10 units of round-off (its largest term over
# s^4 is < 10 there).
_SERIES_RADIUS = 0.95
_N_TERMS = 640
_n = np.arange(_N_TERMS, dtype=float)
_J_COEF = (-1.0) ** _n * 2.0 * (_n + 1.0) / ((_n + 2.0) * (_n + 3.0) * (_n + 4.0))
_DJ_COEF = _n[1:] * _J_COEF[1:]  # coefficients of J'(s) = sum n c_n s^(n-1)


# --------------------------------------------------------------------------
# validation helpers


def _as_w(w, name="w"):
    arr = np.asarray(w, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; got non-finite values")
    if arr.size and (arr.min() < 0.0 or arr.max() > 1.0):
        raise ValueError(
            f"{name} must lie in [0, 1]; got values in [{arr.min():g}, {arr.max():g}]"
        )
    return arr


def _check_n_bins(n_bins, name="n_bins"):
    if isinstance(n_bins, bool) or not isinstance(n_bins, Integral) or n_bins < 1:
        raise ValueError(f"{name} must be a positive integer; got {n_bins!r}")
    return int(n_bins)


def _rng(rng):
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, Integral):
        return np.random.default_rng(rng)
    raise ValueError(
        f"rng must be a numpy Generator, an integer seed or None; got {type(rng).__name__}"
    )


# --------------------------------------------------------------------------
# sampling and the lossless statistic


def sample(n, rng=None):
    """Draw ``n`` samples ``(x, y)`` of the warm-up distribution.

    ``Y`` is 1 or 2 with probability 1/2 each. Given ``Y = 1`` the two
    coordinates are independent with density ``2 x``, so ``x = sqrt(U)``;
    given ``Y = 2`` they are ``1 - sqrt(U)``.

    Parameters
    ----------
    n : int
        Number of samples (>= 1).
    rng : numpy.random.Generator, int or None
        Random generator or seed. ``None`` draws fresh entropy from the OS.

    Returns
    -------
    x : ndarray, shape (n, 2)
        Points in the unit square.
    y : ndarray of int, shape (n,)
        Classes in ``{1, 2}``.

    Examples
    --------
    >>> x, y = sample(4, rng=0)
    >>> x.shape, sorted(set(y.tolist())) <= [1, 2]
    ((4, 2), True)
    """
    n = _check_n_bins(n, "n")
    gen = _rng(rng)
    y = gen.integers(1, 3, size=n)
    root_u = np.sqrt(gen.random((n, 2)))
    x = np.where((y == 1)[:, None], root_u, 1.0 - root_u)
    return x, y


def w_exact(x):
    """The lossless statistic ``W = P(Y=1 | X)`` of the warm-up example (eq. 27).

    ``W = x1 x2 / (x1 x2 + (1-x1)(1-x2))``. At the two corners ``(0, 1)``
    and ``(1, 0)`` both class densities vanish and the posterior is undefined;
    there (a set of measure zero) the prior 1/2 is returned.

    Parameters
    ----------
    x : array_like, shape (n, 2) or (2,)
        Points in the unit square.

    Returns
    -------
    ndarray, shape (n,) or ()
        ``P(Y=1 | X=x)``, a probability (no unit).

    Examples
    --------
    >>> float(w_exact([0.5, 0.5]))
    0.5
    >>> round(float(w_exact([0.9, 0.8])), 6)
    0.972973
    """
    arr = np.asarray(x, dtype=float)
    if arr.ndim not in (1, 2) or arr.shape[-1] != 2:
        raise ValueError(f"x must have shape (n, 2) or (2,); got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or (arr.size and (arr.min() < 0 or arr.max() > 1)):
        raise ValueError("x must be finite and lie in the unit square [0, 1]^2")
    a = arr[..., 0] * arr[..., 1]
    b = (1.0 - arr[..., 0]) * (1.0 - arr[..., 1])
    total = a + b
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(total > 0, a / np.where(total > 0, total, 1.0), 0.5)
    return w


# --------------------------------------------------------------------------
# the joint cumulative distributions


def _series(s, coef):
    """Horner sum of a power series, truncated where the terms fall below 1e-19."""
    s_max = float(np.max(np.abs(s)))
    if s_max == 0.0:
        return np.full_like(s, coef[0])
    n = np.arange(1, coef.size + 1)
    tail = 2.0 * (n + 1.0) * s_max**n / n**2  # bound on the size of term n (and beyond)
    keep = int(np.argmax(tail < 1e-19)) + 1 if np.any(tail < 1e-19) else coef.size
    out = np.full_like(s, coef[keep - 1])
    for c in coef[keep - 2 :: -1]:
        out = out * s + c
    return out


def _banded_series(s, coef):
    """:func:`_series` on bands of ``|s|``, so that small ``|s|`` needs few terms."""
    out = np.empty_like(s)
    a = np.abs(s)
    lower = -1.0
    for upper in (0.3, 0.6, 0.8, _SERIES_RADIUS):
        band = (a > lower) & (a <= upper)
        if np.any(band):
            out[band] = _series(s[band], coef)
        lower = upper
    return out


def _J(w):
    """``F1(w)`` for ``w`` in (0, 1] through the stable evaluation of J(s)."""
    s = (1.0 - 2.0 * w) / w  # 1 - 2w is exact for w >= 1/4
    out = np.full_like(s, 0.5)  # F1(1) = 1/2, where the closed form is 0 * inf
    small = np.abs(s) <= _SERIES_RADIUS
    if np.any(small):
        out[small] = _banded_series(s[small], _J_COEF)
    big = ~small & (w < 1.0)
    if np.any(big):
        sb, wb = s[big], w[big]
        c = (1.0 - wb) / wb  # 1 + s, computed without cancelling near w = 1
        log_c = np.log1p(-wb) - np.log(wb)  # ln(1 + s) = ln((1 - w)/w)
        num = c * (c + 2.0) * log_c - 3.0 * sb - 2.5 * sb * sb
        out[big] = num / sb**4
    return out


def F1(w):
    """Joint cumulative distribution ``F1(w) = P(W < w, Y = 1)`` (paper eq. 29).

    Evaluated stably (series near ``w = 1/2``, closed form elsewhere); the
    absolute error is a few units of double round-off for every ``w``.

    Parameters
    ----------
    w : array_like
        Values in [0, 1].

    Returns
    -------
    ndarray
        Probabilities in [0, 1/2]; ``F1(0) = 0``, ``F1(1/2) = 1/12``,
        ``F1(1) = 1/2``.

    Examples
    --------
    >>> float(F1(0.5)) == 1 / 12
    True
    >>> round(float(F1(1 / 3)), 10)  # 8 ln 2 - 11/2
    0.0451774445
    """
    arr = _as_w(w)
    flat = np.atleast_1d(arr).astype(float).ravel()
    out = np.zeros_like(flat)
    pos = flat > 0
    out[pos] = _J(flat[pos])
    return out.reshape(arr.shape) if arr.ndim else out[0]


def F2(w):
    """Joint cumulative distribution ``F2(w) = P(W < w, Y = 2) = 1/2 - F1(1 - w)``.

    The symmetry ``x -> 1 - x``, ``Y = 1 <-> Y = 2`` maps ``W`` to ``1 - W``.
    For bin probabilities use :func:`bin_probabilities`, which avoids the
    ``1/2 - F1`` cancellation.

    Examples
    --------
    >>> float(F2(0.5)) == 0.5 - 1 / 12
    True
    """
    arr = _as_w(w)
    return 0.5 - F1(1.0 - arr)


def cdf(w):
    """``P(W < w) = F1(w) + F2(w)``, the distribution function of ``W``.

    Examples
    --------
    >>> float(cdf(0.5))
    0.5
    """
    arr = _as_w(w)
    return F1(arr) + 0.5 - F1(1.0 - arr)


def _dJ(w):
    """``dF1/dw`` for ``w`` in (0, 1)."""
    s = (1.0 - 2.0 * w) / w
    dj = np.empty_like(s)
    small = np.abs(s) <= _SERIES_RADIUS
    if np.any(small):
        dj[small] = _banded_series(s[small], _DJ_COEF)
    big = ~small
    if np.any(big):
        sb, wb = s[big], w[big]
        log_c = np.log1p(-wb) - np.log(wb)
        num = -(2.0 * sb * sb + 12.0 * sb + 12.0) * log_c + 6.0 * sb * sb + 12.0 * sb
        dj[big] = num / sb**5
    return -dj / (w * w)  # ds/dw = -1/w^2


def density(w):
    """Joint densities ``f_y(w) = dF_y/dw`` of ``W`` and the class.

    Parameters
    ----------
    w : array_like
        Values in [0, 1].

    Returns
    -------
    ndarray, shape ``w.shape + (2,)``
        ``[..., 0]`` is ``f1(w)`` (Y = 1), ``[..., 1]`` is ``f2(w) = f1(1 - w)``.
        Both vanish at ``w = 0`` and ``w = 1``.

    Examples
    --------
    >>> [round(v, 12) for v in density(0.5).tolist()]  # 4/15 each
    [0.266666666667, 0.266666666667]
    """
    arr = _as_w(w)
    flat = np.atleast_1d(arr).astype(float).ravel()
    out = np.zeros((flat.size, 2))
    for col, v in enumerate((flat, 1.0 - flat)):
        inside = (v > 0) & (v < 1)
        out[inside, col] = _dJ(v[inside])
    return out.reshape(arr.shape + (2,))


def quantile(p):
    """Inverse of :func:`cdf`: the ``w`` with ``P(W < w) = p``.

    Computed by bisection and Newton steps on the stable ``cdf``,
    using the symmetry ``quantile(p) = 1 - quantile(1 - p)`` above 1/2.
    ``quantile(i / N)`` for ``i = 0..N`` are the edges of ``N`` equal-mass bins,
    i.e. of ``N`` equal bins of the uniformized ``W``.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1].

    Returns
    -------
    ndarray
        Values of ``w`` in [0, 1].

    Examples
    --------
    >>> float(quantile(0.5))
    0.5
    >>> round(float(cdf(quantile(0.1))), 12)
    0.1
    """
    arr = _as_w(p, "p")
    flat = np.atleast_1d(arr).astype(float).ravel()
    upper = flat > 0.5
    target = np.where(upper, 1.0 - flat, flat)  # exact for p >= 1/2 (Sterbenz)
    lo = np.zeros_like(target)
    hi = np.full_like(target, 0.5)
    # 32 halvings of [0, 1/2] bracket the root to 1e-10; Newton steps on the
    # stable cdf (derivative: the density), kept inside the bracket, then
    # take it to round-off. The work is fixed, so results are reproducible.
    for _ in range(32):
        mid = 0.5 * (lo + hi)
        below = cdf(mid) < target
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    w = 0.5 * (lo + hi)
    for _ in range(3):
        slope = density(w).sum(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(slope > 0, (cdf(w) - target) / slope, 0.0)
        w = np.clip(w - step, lo, hi)
    w[target == 0.0] = 0.0
    w[target == 0.5] = 0.5
    w = np.where(upper, 1.0 - w, w)
    return w.reshape(arr.shape) if arr.ndim else w[0]


def F1_closed_form(w):
    """The paper's closed form of ``F1`` evaluated as written (eq. 29); unstable.

    ``F1(w) = w^2 [(1 - w^2) ln((1-w)/w) - 4w^2 + 7w - 5/2] / (1 - 2w)^4``.
    Kept to show why :func:`F1` exists: near ``w = 1/2`` the bracket cancels
    to ``(1-2w)^4 / (12 w^2)`` and its round-off is divided by ``(1-2w)^4``.
    Do not use it for bin probabilities. Undefined (nan) at ``w = 1/2``.
    """
    arr = _as_w(w)
    with np.errstate(divide="ignore", invalid="ignore"):
        bracket = (
            (1.0 - arr**2) * (np.log1p(-arr) - np.log(arr))
            - 4.0 * arr**2
            + 7.0 * arr
            - 2.5
        )
        out = arr**2 * bracket / (1.0 - 2.0 * arr) ** 4
    out = np.where(arr == 0.0, 0.0, out)
    out = np.where(arr == 1.0, 0.5, out)
    out = np.where(arr == 0.5, np.nan, out)
    return out


# --------------------------------------------------------------------------
# binning


def _check_edges(edges):
    arr = np.asarray(edges, dtype=float)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(
            f"edges must be a 1-D array of at least 2 boundaries; got shape {arr.shape}"
        )
    _as_w(arr, "edges")
    if np.any(np.diff(arr) <= 0):
        raise ValueError("edges must be strictly increasing; got a non-increasing step")
    return arr


def bin_probabilities(edges):
    """Joint probabilities ``P(edges[i] <= W < edges[i+1], Y = y)``.

    Parameters
    ----------
    edges : array_like, shape (N + 1,)
        Strictly increasing bin boundaries in [0, 1]. To cover all of ``W``
        start at 0 and end at 1.

    Returns
    -------
    ndarray, shape (N, 2)
        Column 0 is ``Y = 1``, column 1 is ``Y = 2``. Each entry is a
        difference of the stable :func:`F1` (the class-2 column at the mirrored
        edges ``1 - w``), so narrow bins keep their relative accuracy; a
        difference that round-off would make negative (only possible when
        it is ~1e-17) is set to 0.

    Examples
    --------
    >>> P = bin_probabilities([0, 0.5, 1])
    >>> [[round(v, 12) for v in row] for row in P.tolist()]
    [[0.083333333333, 0.416666666667], [0.416666666667, 0.083333333333]]
    """
    arr = _check_edges(edges)
    f1 = F1(arr)
    f1_mirror = F1(1.0 - arr)
    p = np.empty((arr.size - 1, 2))
    p[:, 0] = np.diff(f1)
    p[:, 1] = f1_mirror[:-1] - f1_mirror[1:]
    return np.maximum(p, 0.0)


def bin_edges(n_bins, spacing="mass"):
    """Edges of ``n_bins`` fine bins of ``W`` covering [0, 1].

    Parameters
    ----------
    n_bins : int
        Number of bins (>= 1).
    spacing : {"mass", "width"}
        ``"mass"``: equal probability ``1/n_bins`` per bin (equal bins of the
        uniformized ``W``); ``"width"``: equal width ``1/n_bins`` in ``W``.

    Returns
    -------
    ndarray, shape (n_bins + 1,)
        Increasing, from 0 to 1. Equal-mass edges of ``N`` bins are exactly
        a subset of those of ``k N`` bins (the same quantiles are computed
        from the same doubles), so refinements are nested.
    """
    n_bins = _check_n_bins(n_bins)
    i = np.arange(n_bins + 1)
    if spacing == "width":
        return i / n_bins
    if spacing == "mass":
        return quantile(i / n_bins)
    raise ValueError(f"spacing must be 'mass' or 'width'; got {spacing!r}")


def joint_table(n_bins=DEFAULT_FINE_BINS, spacing="mass"):
    """The warm-up example as a fine-binned joint table of ``W`` and ``Y``.

    Parameters
    ----------
    n_bins : int, default 10000
        Number of fine bins (see :data:`DEFAULT_FINE_BINS`).
    spacing : {"mass", "width"}, default "mass"
        Equal-mass bins (uniformized ``W``) or equal-width bins in ``W``.

    Returns
    -------
    distill.binning.JointTable
        ``p`` of shape (n_bins, 2) (column 0 is ``Y = 1``) and the bin edges
        on the ``W`` scale.

    Examples
    --------
    >>> t = joint_table(100)
    >>> t.p.shape
    (100, 2)
    """
    from distill.binning import JointTable

    edges = bin_edges(n_bins, spacing)
    return JointTable(bin_probabilities(edges), edges)


# --------------------------------------------------------------------------
# a learned W (Figure 5 of the paper)


def posterior_kl(w_true, w_pred):
    """Pointwise ``KL(P(Y|x) || Q(Y|x))`` in bits for binary posteriors.

    Parameters
    ----------
    w_true, w_pred : array_like, same shape
        ``P(Y=1|x)`` and a model's ``Q(Y=1|x)``; ``w_pred`` must lie in the
        open interval (0, 1) wherever ``w_true`` does not vanish on that side.

    Returns
    -------
    ndarray
        ``w ln(w/q) + (1-w) ln((1-w)/(1-q))`` over ``ln 2``, >= 0 (bits).

    Examples
    --------
    >>> float(posterior_kl(0.5, 0.5))
    0.0
    >>> round(float(posterior_kl(0.9, 0.5)), 6)  # 1 - h2(0.9)
    0.531004
    """
    from scipy.special import rel_entr

    p = _as_w(w_true, "w_true")
    q = _as_w(w_pred, "w_pred")
    if p.shape != q.shape:
        raise ValueError(f"w_true and w_pred must have the same shape; got {p.shape} and {q.shape}")
    return (rel_entr(p, q) + rel_entr(1.0 - p, 1.0 - q)) / math.log(2.0)


def predictor_information(w_pred, w_true, n_bins=1000):
    """``I(W';Y)`` of a model's output ``w_pred``, using the exact posteriors as labels.

    The samples are cut into ``n_bins`` equal-count bins of ``w_pred``; in
    each bin ``P(Y=1 | bin)`` is the mean of the exact ``w_true`` (which
    removes the label noise of drawn classes), and
    ``I = H(Y) - sum_bins P(bin) h2(P(Y=1 | bin))``, in bits. By data
    processing this is at most ``I(X;Y)`` (up to Monte Carlo error) and at
    least ``I(X;Y)`` minus the mean :func:`posterior_kl`.

    Parameters
    ----------
    w_pred, w_true : array_like, shape (n,)
        Model outputs and exact posteriors at the same sample points ``x``.
    n_bins : int
        Equal-count bins of ``w_pred`` (at most ``n``).

    Returns
    -------
    float
        Bits.
    """
    q = _as_w(w_pred, "w_pred").ravel()
    p = _as_w(w_true, "w_true").ravel()
    if p.shape != q.shape:
        raise ValueError(f"w_true and w_pred must have the same shape; got {p.shape} and {q.shape}")
    n_bins = _check_n_bins(n_bins)
    if n_bins > q.size:
        raise ValueError(f"n_bins must not exceed the number of samples ({q.size}); got {n_bins}")
    order = np.argsort(q, kind="stable")
    groups = np.array_split(p[order], n_bins)
    mass = np.array([g.size for g in groups], dtype=float) / q.size
    post = np.array([g.mean() for g in groups])
    p_y1 = float(np.sum(mass * post))

    def h2(v):
        v = np.clip(v, 0.0, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = -(v * np.log2(v) + (1 - v) * np.log2(1 - v))
        return np.nan_to_num(out)

    return float(h2(p_y1) - np.sum(mass * h2(post)))


@dataclass(frozen=True, eq=False)
class PosteriorNetwork:
    """A fully connected network trained to output ``Q(Y=1|x)`` for the warm-up.

    Attributes
    ----------
    model : torch.nn.Module
        Two inputs, ReLU hidden layers, two logits (softmax over Y = 1, 2).
    hidden : tuple of int
    epochs : int
    losses : ndarray, shape (epochs,)
        Mean training cross-entropy per epoch, in bits.
    seed : int
    """

    model: object = field(repr=False)
    hidden: tuple
    epochs: int
    losses: np.ndarray = field(repr=False)
    seed: int

    def predict(self, x, batch_size=65536, threads=1):
        """``Q(Y=1 | x)`` for points of shape (n, 2), as a numpy array (n,).

        ``threads`` CPU threads are used (restored afterwards).
        """
        import torch

        arr = np.asarray(x, dtype=np.float32)
        if arr.ndim != 2 or arr.shape[1] != 2:
            raise ValueError(f"x must have shape (n, 2); got shape {arr.shape}")
        out = np.empty(arr.shape[0])
        old_threads = torch.get_num_threads()
        torch.set_num_threads(_check_n_bins(threads, "threads"))
        try:
            self.model.eval()
            with torch.no_grad():
                for start in range(0, arr.shape[0], batch_size):
                    logits = self.model(torch.from_numpy(arr[start:start + batch_size]))
                    out[start:start + batch_size] = torch.softmax(logits.double(), dim=1)[:, 0].numpy()
        finally:
            torch.set_num_threads(old_threads)
        return out


def fit_posterior_network(x, y, hidden=(256, 256), epochs=20, batch_size=256, lr=1e-3,
                          seed=0, threads=1, progress=None):
    """Train a fully connected ReLU network with cross-entropy on samples ``(x, y)``.

    The paper's Figure 5 network: two hidden layers of 256 ReLU units and a
    softmax output, trained on draws of the warm-up distribution. Trained on
    the CPU with Adam and a seeded generator (torch is imported here, not when
    this module is imported).

    Parameters
    ----------
    x : array_like, shape (n, 2)
    y : array_like of int, shape (n,)
        Classes in {1, 2}.
    hidden : tuple of int
        Widths of the hidden layers.
    epochs : int
        Passes over the data.
    batch_size : int
    lr : float
        Adam learning rate, decayed by cosine annealing to 0.
    seed : int
        Seeds initialization and batch order.
    threads : int, default 1
        CPU threads for torch during training (restored afterwards). For a
        network this small one thread is fastest; more threads only contend.
    progress : callable, optional
        Wraps the iterable of epochs (e.g. ``tqdm.tqdm``).

    Returns
    -------
    PosteriorNetwork
    """
    import torch
    from torch import nn

    xa = np.asarray(x, dtype=np.float32)
    ya = np.asarray(y)
    if xa.ndim != 2 or xa.shape[1] != 2:
        raise ValueError(f"x must have shape (n, 2); got shape {xa.shape}")
    if ya.shape != (xa.shape[0],) or not np.all(np.isin(ya, (1, 2))):
        raise ValueError("y must hold one class in {1, 2} per row of x")
    epochs = _check_n_bins(epochs, "epochs")
    batch_size = _check_n_bins(batch_size, "batch_size")
    threads = _check_n_bins(threads, "threads")
    old_threads = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        gen = torch.Generator().manual_seed(int(seed))
        torch.manual_seed(int(seed))
        layers, width = [], 2
        for h in hidden:
            layers += [nn.Linear(width, int(h)), nn.ReLU()]
            width = int(h)
        layers.append(nn.Linear(width, 2))
        model = nn.Sequential(*layers)
        xt = torch.from_numpy(xa)
        yt = torch.from_numpy((ya - 1).astype(np.int64))  # class 1 -> logit 0
        opt = torch.optim.Adam(model.parameters(), lr=lr)
        steps_per_epoch = max(1, math.ceil(xa.shape[0] / batch_size))
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * steps_per_epoch)
        loss_fn = nn.CrossEntropyLoss()
        losses = np.empty(epochs)
        epoch_iter = range(epochs) if progress is None else progress(range(epochs))
        for e in epoch_iter:
            model.train()
            perm = torch.randperm(xa.shape[0], generator=gen)
            total = 0.0
            for start in range(0, xa.shape[0], batch_size):
                idx = perm[start:start + batch_size]
                opt.zero_grad()
                loss = loss_fn(model(xt[idx]), yt[idx])
                loss.backward()
                opt.step()
                sched.step()
                total += loss.detach().item() * idx.numel()
            losses[e] = total / xa.shape[0] / math.log(2.0)
        model.eval()
    finally:
        torch.set_num_threads(old_threads)
    return PosteriorNetwork(model, tuple(int(h) for h in hidden), epochs, losses, int(seed))
