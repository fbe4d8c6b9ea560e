"""Parametric fits of the class-conditional densities P(W | Y).

Two families, both fitted by maximum likelihood (the paper's eq. 33):

``beta-exp-poly`` (the paper's eq. 31)
    ``f(w) = exp(c_1 w + ... + c_d w^d) w^a (1 - w)^b / Z`` on ``0 < w < 1``
    with ``a, b > -1``, degree ``d = 3`` by default. The normalization
    ``Z`` is computed numerically on the logit scale, where the endpoint
    singularities ``w^a (1 - w)^b`` become exponential tails that are
    integrated exactly (checked against Gauss-Jacobi quadrature).

``two-piece`` (for extremely peaked W, as the paper needs for CIFAR-10)
    Our reconstruction of the paper's special family (its eqs. 34-38, which
    we do not reproduce verbatim): on the logit scale ``t = ln(w / (1 - w))``
    the density is a mixture of two split-Laplace pieces,
    ``p(t) = (1 - pi) q(t; mu_1, l_1, r_1) + pi q(t; mu_2, l_2, r_2)`` with
    ``q(t; mu, l, r) = l r / (l + r) * exp(l (t - mu))`` for ``t < mu`` and
    ``exp(-r (t - mu))`` above. One piece holds the images the network
    classifies confidently and correctly, the other (weight ``pi``) the
    confident mistakes near the opposite end. On the W scale each piece is
    a broken power law, ``w^(l-1) (1-w)^(-l-1)`` below the break
    ``w = 1 / (1 + exp(-mu))`` and ``w^(-r-1) (1-w)^(r-1)`` above it, so
    densities that diverge like ``w^(-0.9)`` at 0 are natural; the CDF is
    in closed form.

Both can be fitted to samples ``w`` (the exact likelihood) or to binned
data (bin edges and masses, e.g. from the authors' released cumulative
distributions; the multinomial likelihood of the bins). The goodness of fit
is reported as the Kullback-Leibler divergence, in bits, between observed
and fitted bin probabilities (:func:`binned_kl`).

Numerics: all work is in log space. Samples at or beyond ``0`` and ``1``
(a float32 sigmoid returns exactly 1.0 above a logit of about 17) are
clipped to ``[eps, 1 - eps]`` with ``eps = 1e-12`` by default (:data:`EPS`);
this changes nothing for samples inside, and bounds the log density of a
saturated sample at ``a ln(eps)`` instead of ``-inf``.

Only numpy and scipy are used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from scipy import interpolate, optimize, special

__all__ = [
    "EPS",
    "BetaExpPoly",
    "TwoPieceLogit",
    "DensityFit",
    "fit_density",
    "fit_density_cdf",
    "merge_bins",
    "binned_kl",
    "sample_kl",
    "FAMILIES",
]

EPS = 1e-12
"""Default clip for samples: ``w`` is used as ``min(max(w, EPS), 1 - EPS)``.

Smaller than any W a float64 network output distinguishes from 0 or 1 in
practice (float32 saturates at about 6e-8 from 1) and large enough that
``ln(EPS)`` is finite and moderate (-27.6)."""

FAMILIES = ("beta-exp-poly", "two-piece")

_QUAD_NODES = 160
"""Gauss-Jacobi nodes of the independent cross-check of the normalization
(:func:`_log_norm_jacobi`, used by the tests)."""

_CDF_GRID = 6001
"""Points of the logit-scale grid on which the ``beta-exp-poly`` CDF is
integrated by the trapezoid rule (spacing 0.012 in ``t``)."""

_T_MAX = 36.0
"""Half-width of that grid in ``t = logit(w)``: ``|t| <= 36`` spans
``w`` from 2.3e-16 to ``1 - 2.3e-16``; beyond, the tails are exact power
laws ``w^(a+1)`` and ``(1-w)^(b+1)`` to relative accuracy ``~2e-16``."""


# --------------------------------------------------------------------------
# validation helpers (one per kind of input)


def _check_samples(w, name: str = "w") -> np.ndarray:
    arr = np.asarray(w, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of probabilities; got shape {arr.shape}")
    if arr.size < 2:
        raise ValueError(f"{name} must hold at least 2 samples; got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; got {int(np.sum(~np.isfinite(arr)))} NaN/inf values")
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(
            f"{name} must lie in [0, 1]; got values from {arr.min():.6g} to {arr.max():.6g}"
        )
    return arr


def _check_eps(eps: float) -> float:
    eps = float(eps)
    if not (0 < eps < 0.01):
        raise ValueError(f"eps must be in (0, 0.01); got {eps!r}")
    return eps


def _check_bins(edges, masses) -> tuple[np.ndarray, np.ndarray]:
    e = np.asarray(edges, dtype=float)
    m = np.asarray(masses, dtype=float)
    if e.ndim != 1 or m.ndim != 1 or e.size != m.size + 1:
        raise ValueError(
            f"edges must have one more entry than masses (both 1-D); got shapes {e.shape} and {m.shape}"
        )
    if m.size < 2:
        raise ValueError(f"masses must hold at least 2 bins; got {m.size}")
    if np.any(np.diff(e) <= 0) or e[0] < 0 or e[-1] > 1:
        raise ValueError("edges must increase strictly within [0, 1]; got a decreasing or out-of-range edge")
    if np.any(m < 0) or not np.all(np.isfinite(m)) or m.sum() <= 0:
        raise ValueError("masses must be finite, non-negative and not all zero; got a negative, NaN or zero total")
    return e, m / m.sum()


def _check_family(family: str) -> str:
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}; got {family!r}")
    return family


def _check_degree(degree) -> int:
    if not isinstance(degree, (int, np.integer)) or isinstance(degree, bool) or not (0 <= degree <= 8):
        raise ValueError(f"degree must be an integer from 0 to 8; got {degree!r}")
    return int(degree)


# --------------------------------------------------------------------------
# the beta-times-exp-polynomial family (eq. 31)


def _poly(coef: np.ndarray, w: np.ndarray) -> np.ndarray:
    """sum_{k=1}^d coef[k-1] w^k (no constant: it is absorbed by Z)."""
    out = np.zeros_like(w, dtype=float)
    for c in coef[::-1]:
        out = (out + c) * w
    return out


def _log_norm_jacobi(a: float, b: float, coef: np.ndarray) -> float:
    """ln Z = ln int_0^1 exp(poly(w)) w^a (1-w)^b dw by Gauss-Jacobi quadrature.

    With w = (1 + x)/2 the weight (1 - x)^b (1 + x)^a is the Jacobi weight
    with alpha = b, beta = a, and Z = 2^-(a+b+1) sum_i v_i exp(poly(w_i)).
    """
    x, v = special.roots_jacobi(_QUAD_NODES, b, a)
    w = 0.5 * (1.0 + x)
    return float(special.logsumexp(_poly(coef, w), b=v) - (a + b + 1.0) * np.log(2.0))


@dataclass(frozen=True)
class BetaExpPoly:
    """``f(w) = exp(sum_k c_k w^k) w^a (1 - w)^b / Z`` on ``(0, 1)`` (eq. 31).

    Parameters
    ----------
    a, b : float
        Endpoint exponents, both > -1 (else ``f`` cannot be normalized).
    coef : tuple of float
        ``(c_1, ..., c_d)``; the constant ``c_0`` is fixed by normalization
        and reported as :attr:`c0` (``= -ln Z``).

    Examples
    --------
    >>> f = BetaExpPoly(a=1.0, b=1.0, coef=())   # Beta(2, 2): 6 w (1 - w)
    >>> round(float(f.pdf(0.5)), 6)
    1.5
    """

    a: float
    b: float
    coef: tuple = ()
    log_norm: float = field(init=False, repr=False)
    _table: tuple = field(init=False, repr=False, compare=False)

    family = "beta-exp-poly"

    def __post_init__(self):
        if not (self.a > -1 and self.b > -1):
            raise ValueError(f"a and b must exceed -1 for a normalizable density; got a={self.a}, b={self.b}")
        object.__setattr__(self, "a", float(self.a))
        object.__setattr__(self, "b", float(self.b))
        object.__setattr__(self, "coef", tuple(float(c) for c in self.coef))
        object.__setattr__(self, "_table", self._cdf_table())
        object.__setattr__(self, "log_norm", self._table[4])

    @property
    def c0(self) -> float:
        """The constant term ``c_0 = -ln Z`` of the exponent."""
        return -self.log_norm

    @property
    def n_params(self) -> int:
        return 2 + len(self.coef)

    def logpdf(self, w, eps: float = EPS) -> np.ndarray:
        """Natural log of the density at ``w`` (clipped to ``[eps, 1-eps]``)."""
        w = np.clip(np.asarray(w, dtype=float), eps, 1 - eps)
        return (
            _poly(np.asarray(self.coef), w)
            + self.a * np.log(w)
            + self.b * np.log1p(-w)
            - self.log_norm
        )

    def pdf(self, w, eps: float = EPS) -> np.ndarray:
        return np.exp(self.logpdf(w, eps))

    def _cdf_table(self) -> tuple[np.ndarray, np.ndarray, float, float]:
        # Integrate on the logit scale t = ln(w / (1 - w)), where the density
        # of t, exp(poly(w)) w^(a+1) (1-w)^(b+1) / Z, is smooth and decays
        # like exp((a+1) t) and exp(-(b+1) t) at the two ends. The trapezoid
        # rule covers |t| <= T; the two tails beyond are integrated exactly
        # for that exponential decay. Returns the grid, the CDF on it and
        # the two tail masses (all normalized so that F(1) = 1).
        t = np.linspace(-_T_MAX, _T_MAX, _CDF_GRID)
        log_w, log_1mw = -np.logaddexp(0.0, -t), -np.logaddexp(0.0, t)
        w = np.exp(log_w)
        coef = np.asarray(self.coef)
        L = _poly(coef, w) + (self.a + 1) * log_w + (self.b + 1) * log_1mw
        g = np.exp(L - L.max())
        # dL/dt, with dw/dt = w (1 - w)
        dpoly = np.zeros_like(w)              # poly'(w) = sum_k k c_k w^(k-1), Horner
        for k in range(coef.size, 0, -1):
            dpoly = dpoly * w + k * coef[k - 1]
        dL = dpoly * w * np.exp(log_1mw) + (self.a + 1) * np.exp(log_1mw) - (self.b + 1) * w
        dg = g * dL
        left = g[0] / (self.a + 1.0)
        right = g[-1] / (self.b + 1.0)
        dt = t[1] - t[0]
        # trapezoid with the Hermite end correction: exact for cubics, O(dt^4)
        pieces = 0.5 * dt * (g[1:] + g[:-1]) + dt**2 / 12.0 * (dg[:-1] - dg[1:])
        G = left + np.concatenate([[0.0], np.cumsum(pieces)])
        total = G[-1] + right
        return t, G / total, left / total, right / total, float(L.max() + np.log(total)), g / total

    def cdf(self, w) -> np.ndarray:
        """``P(W < w)``; exactly 0 at ``w = 0`` and 1 at ``w = 1``."""
        w = np.clip(np.asarray(w, dtype=float), 0.0, 1.0)
        t_grid, G, left, right, _, g = self._table
        with np.errstate(divide="ignore"):
            t = np.log(w) - np.log1p(-w)
        # cubic Hermite interpolation between grid points (slopes: the density of t)
        inside = interpolate.CubicHermiteSpline(t_grid, G, g, extrapolate=False)(
            np.clip(t, t_grid[0], t_grid[-1]))
        with np.errstate(over="ignore", under="ignore"):
            low = left * np.exp((self.a + 1.0) * (np.minimum(t, -_T_MAX) + _T_MAX))
            high = 1.0 - right * np.exp(-(self.b + 1.0) * (np.maximum(t, _T_MAX) - _T_MAX))
        return np.where(t < -_T_MAX, low, np.where(t > _T_MAX, high, inside))

    def sample(self, n: int, seed=None) -> np.ndarray:
        """``n`` draws by inverting the CDF (seeded by ``seed``)."""
        rng = np.random.default_rng(seed)
        t_grid, G, left, right, _, _ = self._table
        p = rng.uniform(size=int(n))
        with np.errstate(divide="ignore"):
            t_low = -_T_MAX + np.log(p / left) / (self.a + 1.0)
            t_high = _T_MAX - np.log((1.0 - p) / right) / (self.b + 1.0)
        t = np.where(p < left, t_low, np.where(p > 1.0 - right, t_high, np.interp(p, G, t_grid)))
        return special.expit(t)

    def params(self) -> dict:
        """Fitted coefficients by name (``c0`` normalizes)."""
        out = {"a": self.a, "b": self.b, "c0": self.c0}
        out.update({f"c{k + 1}": c for k, c in enumerate(self.coef)})
        return out


def _bep_from_theta(theta: np.ndarray) -> BetaExpPoly:
    # a = -1 + exp(theta_0) keeps a > -1 without bounds
    return BetaExpPoly(a=-1.0 + np.exp(theta[0]), b=-1.0 + np.exp(theta[1]), coef=tuple(theta[2:]))


def _BEP_BOUNDS(degree: int) -> list[tuple[float, float]]:
    """Search box: ``a + 1, b + 1`` in [1e-4, 1e4], ``|c_k| <= 500``.

    Wide enough for every real output distribution we have met (exponents
    near -1 for saturated networks, coefficients of a few tens), finite so
    that a degenerate sample (all W nearly equal) cannot drive the optimizer
    to overflow.
    """
    return [(np.log(1e-4), np.log(1e4))] * 2 + [(-500.0, 500.0)] * degree


def _bep_start(mean: float, var: float, degree: int) -> np.ndarray:
    """Method-of-moments Beta(a+1, b+1) start, polynomial zero."""
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    var = min(max(var, 1e-6), 0.99 * mean * (1 - mean))
    k = mean * (1 - mean) / var - 1
    alpha, beta = max(mean * k, 0.05), max((1 - mean) * k, 0.05)
    return np.concatenate([[np.log(alpha), np.log(beta)], np.zeros(degree)])


# --------------------------------------------------------------------------
# the two-piece family (logit scale)


def _split_laplace_logpdf(t, mu, lam, rho):
    d = t - mu
    return np.log(lam) + np.log(rho) - np.log(lam + rho) + np.where(d < 0, lam * d, -rho * d)


def _split_laplace_cdf(t, mu, lam, rho):
    d = np.asarray(t - mu, dtype=float)
    with np.errstate(over="ignore"):
        below = rho / (lam + rho) * np.exp(np.minimum(lam * d, 0.0))
        above = 1.0 - lam / (lam + rho) * np.exp(np.minimum(-rho * d, 0.0))
    return np.where(d < 0, below, above)


def _logit(w: np.ndarray) -> np.ndarray:
    return np.log(w) - np.log1p(-w)


@dataclass(frozen=True)
class TwoPieceLogit:
    """Mixture of two split-Laplace pieces on the logit scale (see module doc).

    Parameters
    ----------
    weight : float
        ``pi`` in ``[0, 1]``, the mass of the second piece.
    loc, left, right : tuple of 2 floats
        Break points ``mu_j`` (logit scale) and the left/right exponential
        rates ``l_j, r_j > 0`` of each piece.

    Examples
    --------
    >>> f = TwoPieceLogit(weight=0.0, loc=(0.0, 0.0), left=(1.0, 1.0), right=(1.0, 1.0))
    >>> float(f.cdf(0.5))      # symmetric piece centred on w = 1/2
    0.5
    """

    weight: float
    loc: tuple
    left: tuple
    right: tuple

    family = "two-piece"

    def __post_init__(self):
        object.__setattr__(self, "weight", float(self.weight))
        if not (0.0 <= self.weight <= 1.0):
            raise ValueError(f"weight must be in [0, 1]; got {self.weight}")
        for name in ("loc", "left", "right"):
            v = tuple(float(x) for x in getattr(self, name))
            if len(v) != 2:
                raise ValueError(f"{name} must hold 2 numbers (one per piece); got {len(v)}")
            object.__setattr__(self, name, v)
        if min(self.left + self.right) <= 0:
            raise ValueError(f"left and right rates must be > 0; got left={self.left}, right={self.right}")

    @property
    def n_params(self) -> int:
        return 7

    def logpdf_logit(self, t) -> np.ndarray:
        """Natural log of the density of ``t = logit(W)``."""
        t = np.asarray(t, dtype=float)
        parts = []
        for j, wt in enumerate((1.0 - self.weight, self.weight)):
            if wt > 0:
                parts.append(np.log(wt) + _split_laplace_logpdf(t, self.loc[j], self.left[j], self.right[j]))
        return np.logaddexp.reduce(np.stack(parts), axis=0) if len(parts) > 1 else parts[0]

    def logpdf(self, w, eps: float = EPS) -> np.ndarray:
        """Natural log of the density of W at ``w`` (clipped to ``[eps, 1-eps]``)."""
        w = np.clip(np.asarray(w, dtype=float), eps, 1 - eps)
        return self.logpdf_logit(_logit(w)) - np.log(w) - np.log1p(-w)

    def pdf(self, w, eps: float = EPS) -> np.ndarray:
        return np.exp(self.logpdf(w, eps))

    def cdf(self, w) -> np.ndarray:
        """``P(W < w)`` in closed form; 0 at ``w = 0``, 1 at ``w = 1``."""
        w = np.clip(np.asarray(w, dtype=float), 0.0, 1.0)
        with np.errstate(divide="ignore"):
            t = _logit(w)
        out = np.zeros_like(t)
        for j, wt in enumerate((1.0 - self.weight, self.weight)):
            out = out + wt * _split_laplace_cdf(t, self.loc[j], self.left[j], self.right[j])
        return np.clip(out, 0.0, 1.0)

    def sample(self, n: int, seed=None) -> np.ndarray:
        """``n`` draws (seeded by ``seed``), by piece then by side."""
        rng = np.random.default_rng(seed)
        n = int(n)
        piece = (rng.uniform(size=n) < self.weight).astype(int)
        mu, lam, rho = (np.asarray(v)[piece] for v in (self.loc, self.left, self.right))
        left_side = rng.uniform(size=n) < rho / (lam + rho)
        e = rng.exponential(size=n)
        t = np.where(left_side, mu - e / lam, mu + e / rho)
        return special.expit(t)

    def params(self) -> dict:
        return {
            "pi": self.weight,
            "mu1": self.loc[0], "l1": self.left[0], "r1": self.right[0],
            "mu2": self.loc[1], "l2": self.left[1], "r2": self.right[1],
        }


def _tp_from_theta(theta: np.ndarray) -> TwoPieceLogit:
    return TwoPieceLogit(
        weight=float(special.expit(theta[0])),
        loc=(theta[1], theta[4]),
        left=(np.exp(theta[2]), np.exp(theta[5])),
        right=(np.exp(theta[3]), np.exp(theta[6])),
    )


def _tp_bounds(t_spread: float) -> list[tuple[float, float]]:
    """Search box of the two-piece family.

    Logit of the weight in [-30, 30]; break points within 60 of 0 on the
    logit scale; rates from 1e-3 up to ``20 / spread`` with ``spread`` the
    interquartile range of the logits. The cap keeps each piece at least
    1/20 of the data's spread wide: a mixture's likelihood grows without
    bound when one piece collapses onto a few samples, and a cap relative to
    the data keeps that degenerate direction out of reach.
    """
    top = np.log(20.0 / max(t_spread, 1e-6))
    rate = (np.log(1e-3), max(top, np.log(1e-3) + 1.0))
    return [(-30.0, 30.0), (-60.0, 60.0), rate, rate, (-60.0, 60.0), rate, rate]


def _tp_starts(t_median: float, t_spread: float) -> list[np.ndarray]:
    """A few starts: main piece at the median, minority piece mirrored."""
    s = np.log(1.0 / max(t_spread, 0.3))
    starts = []
    for pi0 in (0.05, 0.2):
        for mirror in (-1.0, 0.0):
            mu2 = mirror * t_median if mirror else t_median + (4.0 if t_median < 0 else -4.0)
            starts.append(np.array([special.logit(pi0), t_median, s, s, mu2, s, s]))
    return starts


# --------------------------------------------------------------------------
# fitting


@dataclass(frozen=True)
class DensityFit:
    """A maximum-likelihood fit of one class-conditional density.

    Attributes
    ----------
    model : BetaExpPoly or TwoPieceLogit
        The fitted density (``.pdf``, ``.logpdf``, ``.cdf``, ``.params()``).
    family : str
    log_likelihood : float
        Mean log-likelihood per sample (samples: ``mean ln f(w_i)``, in nats
        per sample; bins: ``sum_i P_i ln F_i``, the negative cross-entropy
        of the bin masses, in nats).
    n : int
        Number of samples (0 for a binned fit).
    converged : bool
        Whether the optimizer reported success on the best start.
    iterations : int
        Optimizer iterations of the best start.
    message : str
        The optimizer's message for the best start.
    """

    model: object
    family: str
    log_likelihood: float
    n: int
    converged: bool
    iterations: int
    message: str

    def params(self) -> dict:
        return self.model.params()


def _minimize(objective, starts, bounds, maxiter=2000):
    """Best of L-BFGS-B runs from several starts, within ``bounds``.

    A start whose run reports failure (e.g. a kink where finite-difference
    gradients mislead) is polished by Nelder-Mead from where it stopped.
    """
    best = None
    for x0 in starts:
        x0 = np.clip(x0, [b[0] for b in bounds], [b[1] for b in bounds])
        with np.errstate(all="ignore"):
            res = optimize.minimize(objective, x0, method="L-BFGS-B", bounds=bounds,
                                    options={"maxiter": maxiter})
            nit = res.nit
            if not res.success:
                polish = optimize.minimize(objective, res.x, method="Nelder-Mead", bounds=bounds,
                                           options={"maxiter": 300 * len(x0), "xatol": 1e-7,
                                                    "fatol": 1e-12})
                nit += polish.nit
                if np.isfinite(polish.fun) and polish.fun <= res.fun:
                    res = polish
        if not np.isfinite(res.fun) or res.fun >= 1e299:
            continue
        if best is None or res.fun < best[1]:
            best = (res.x, float(res.fun), bool(res.success), int(nit), str(res.message))
    if best is None:
        raise RuntimeError("density fit failed: the likelihood was not finite at any starting point")
    return best


def _safe(f):
    def wrapped(theta):
        try:
            v = f(theta)
        except (ValueError, FloatingPointError):
            return 1e300
        return v if np.isfinite(v) else 1e300
    return wrapped


def fit_density(
    w=None,
    *,
    logit=None,
    edges=None,
    masses=None,
    family: str = "beta-exp-poly",
    degree: int = 3,
    eps: float = EPS,
) -> DensityFit:
    """Fit ``P(W | Y)`` for one class by maximum likelihood (eq. 33).

    Give either samples ``w`` (the likelihood ``prod_i f(w_i)``) or binned
    data ``edges``, ``masses`` (the multinomial likelihood
    ``prod_i F_i^(N P_i)`` with ``F_i`` the fitted bin probabilities).

    Parameters
    ----------
    w : array of shape (n,), optional
        Classifier outputs of one class, in ``[0, 1]``.
    logit : array of shape (n,), optional
        The same samples as logits ``ln(w / (1 - w))`` (instead of ``w``):
        exact for saturated outputs, no clipping needed.
    edges : array of shape (k + 1,), optional
        Increasing bin boundaries in ``[0, 1]`` (e.g. ``[0, ..., 1]``).
    masses : array of shape (k,), optional
        Probability (or count) in each bin; normalized to sum to 1.
    family : {"beta-exp-poly", "two-piece"}
        Which family (see the module docstring).
    degree : int, default 3
        Degree ``d`` of the polynomial (``beta-exp-poly`` only).
    eps : float, default :data:`EPS`
        Clip for samples at 0 and 1.

    Returns
    -------
    DensityFit

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> fit = fit_density(rng.beta(2.0, 5.0, size=4000), degree=0)
    >>> round(fit.model.a), round(fit.model.b)     # Beta(2, 5): a = 1, b = 4
    (1, 4)
    """
    family = _check_family(family)
    degree = _check_degree(degree)
    eps = _check_eps(eps)
    given = [x is not None for x in (w, logit, edges if edges is not None else masses)]
    if sum(given) != 1:
        raise ValueError("give exactly one of samples w, logit= or binned data edges= and masses=")

    if w is not None or logit is not None:
        if logit is not None:
            t = np.asarray(logit, dtype=float)
            if t.ndim != 1 or t.size < 2 or not np.all(np.isfinite(t)):
                raise ValueError(f"logit must be a finite 1-D array of at least 2 samples; got shape {t.shape}")
            lw, l1w = -np.logaddexp(0.0, -t), -np.logaddexp(0.0, t)
            w = np.exp(lw)
        else:
            w = np.clip(_check_samples(w), eps, 1 - eps)
            lw, l1w = np.log(w), np.log1p(-w)
            t = lw - l1w
        n = w.size
        mean, var = float(w.mean()), float(w.var())
        if family == "beta-exp-poly":
            def nll(theta):
                m = _bep_from_theta(theta)
                return -float(np.mean(_poly(np.asarray(m.coef), w) + m.a * lw + m.b * l1w)) + m.log_norm
            starts = [_bep_start(mean, var, degree)]
            starts.append(np.concatenate([[np.log(0.5), np.log(0.5)], np.zeros(degree)]))
            build = _bep_from_theta
        else:
            def nll(theta):
                m = _tp_from_theta(theta)
                return -float(np.mean(m.logpdf_logit(t) - lw - l1w))
            q25, q50, q75 = np.percentile(t, [25, 50, 75])
            starts = _tp_starts(q50, (q75 - q25) / 2)
            spread = q75 - q25
            build = _tp_from_theta
    else:
        e, m_obs = _check_bins(edges, masses)
        n = 0
        keep = m_obs > 0
        centers = 0.5 * (e[1:] + e[:-1])
        mean = float(np.sum(m_obs * centers))
        var = float(np.sum(m_obs * (centers - mean) ** 2))
        tiny = 1e-300

        def binned_nll(model):
            F = model.cdf(e)
            p = np.diff(F)
            return -float(np.sum(m_obs[keep] * np.log(np.maximum(p[keep], tiny))))

        if family == "beta-exp-poly":
            def nll(theta):
                return binned_nll(_bep_from_theta(theta))
            starts = [_bep_start(mean, var, degree)]
            starts.append(np.concatenate([[np.log(0.5), np.log(0.5)], np.zeros(degree)]))
            build = _bep_from_theta
        else:
            def nll(theta):
                return binned_nll(_tp_from_theta(theta))
            F_obs = np.concatenate([[0.0], np.cumsum(m_obs)])
            inner = np.clip(e, 1e-6, 1 - 1e-6)
            te = np.log(inner) - np.log1p(-inner)
            q25, q50, q75 = np.interp([0.25, 0.5, 0.75], F_obs, te)
            starts = _tp_starts(q50, (q75 - q25) / 2)
            spread = q75 - q25
            build = _tp_from_theta

    bounds = _BEP_BOUNDS(degree) if family == "beta-exp-poly" else _tp_bounds(spread)
    theta, fun, converged, nit, msg = _minimize(_safe(nll), starts, bounds)
    model = build(theta)
    return DensityFit(
        model=model, family=family, log_likelihood=-float(fun), n=int(n),
        converged=converged, iterations=int(nit), message=msg,
    )


def merge_bins(edges, masses, max_bins: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """Merge adjacent bins into at most ``max_bins`` bins of about equal mass.

    Used to speed up binned fits on fine grids (10,000 cells) and to compute
    a goodness of fit that is not dominated by empty or noisy cells.
    Returns the kept edges (a subset of ``edges``, first and last kept) and
    the summed masses, normalized to 1.
    """
    e, m = _check_bins(edges, masses)
    if not isinstance(max_bins, (int, np.integer)) or isinstance(max_bins, bool) or max_bins < 2:
        raise ValueError(f"max_bins must be an integer >= 2; got {max_bins!r}")
    if m.size <= max_bins:
        return e, m
    c = np.concatenate([[0.0], np.cumsum(m)])
    cut = np.searchsorted(c, np.linspace(0, 1, max_bins + 1)[1:-1], side="left")
    cut = np.unique(np.clip(cut, 1, m.size - 1))
    keep = np.concatenate([[0], cut, [m.size]])
    return e[keep], np.diff(c[keep])


def fit_density_cdf(w_grid, F, *, family: str = "beta-exp-poly", degree: int = 3,
                    max_bins: int | None = 400) -> DensityFit:
    """Fit to a cumulative distribution tabulated on a grid (binned likelihood).

    ``F`` is ``P(W < w)`` (or the joint ``P(W < w, Y = j)``; it is
    normalized by its total) on the increasing grid ``w_grid`` within
    [0, 1], as in the authors' released files. The grid is merged into at
    most ``max_bins`` bins of about equal mass first (:func:`merge_bins`;
    ``None`` keeps every cell), which loses nothing the data resolve and
    makes the fit fast.
    """
    g = np.asarray(w_grid, dtype=float)
    F = np.asarray(F, dtype=float)
    if g.ndim != 1 or F.shape != g.shape:
        raise ValueError(f"w_grid and F must be 1-D of the same length; got shapes {g.shape} and {F.shape}")
    masses = np.diff(F)
    if np.any(masses < -1e-12):
        raise ValueError("F must be non-decreasing along w_grid; got a decrease")
    e, m = g, np.maximum(masses, 0.0)
    if max_bins is not None:
        e, m = merge_bins(e, m, max_bins)
    return fit_density(edges=e, masses=m, family=family, degree=degree)


# --------------------------------------------------------------------------
# goodness of fit


def _kl_bits(p: np.ndarray, q: np.ndarray) -> float:
    keep = p > 0
    if np.any(q[keep] <= 0):
        return float("inf")
    return float(np.sum(p[keep] * np.log2(p[keep] / q[keep])))


def binned_kl(model, edges, masses) -> float:
    """``D(P_obs || P_fit)`` over the given bins, in bits.

    ``P_obs`` are the observed bin probabilities (``masses`` normalized),
    ``P_fit`` the fitted model's probabilities of the same bins. Zero for a
    perfect fit; infinite if the model gives zero probability to an
    occupied bin.

    Examples
    --------
    >>> f = BetaExpPoly(a=0.0, b=0.0)        # uniform
    >>> e = np.linspace(0, 1, 11)
    >>> binned_kl(f, e, np.full(10, 0.1))
    0.0
    """
    e, m = _check_bins(edges, masses)
    q = np.diff(model.cdf(e))
    return max(_kl_bits(m, q / q.sum()), 0.0)


def sample_kl(model, w, n_bins: int | None = None) -> tuple[float, float]:
    """Binned ``D(P_obs || P_fit)`` for samples, in bits, and its noise floor.

    The samples are cut into ``n_bins`` equal-count bins (default
    ``round(sqrt(n))``, at most 100); the KL divergence of the observed
    bin frequencies from the fitted bin probabilities is returned with
    ``(n_bins - 1) / (2 n ln 2)``, the value a perfect fit would show on
    average from sampling noise alone.
    """
    w = np.sort(_check_samples(w))
    n = w.size
    if n_bins is None:
        n_bins = int(min(100, max(2, round(np.sqrt(n)))))
    if not isinstance(n_bins, (int, np.integer)) or not (2 <= n_bins <= n):
        raise ValueError(f"n_bins must be an integer from 2 to the number of samples ({n}); got {n_bins!r}")
    idx = np.linspace(0, n, n_bins + 1).round().astype(int)
    inner = 0.5 * (w[idx[1:-1] - 1] + w[idx[1:-1]])
    # saturated outputs can repeat a boundary: keep distinct edges only
    edges = np.unique(np.concatenate([[0.0], inner, [1.0]]))
    if edges.size - 1 < 2:
        raise ValueError("w must take at least 2 distinct values for a binned KL; got (nearly) constant samples")
    counts = np.histogram(w, edges)[0].astype(float)
    return binned_kl(model, edges, counts), float((edges.size - 2) / (2 * n * np.log(2)))
