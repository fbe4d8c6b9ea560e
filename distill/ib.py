"""The generalized information bottleneck by iteration: the baseline.

Strouse & Schwab (2017) define, for an encoder ``q(t|x)`` of a discrete ``X``
with joint ``p(x, y)``, the generalized bottleneck Lagrangian

.. math::

    L = H(T) - \\alpha\\, H(T \\mid X) - \\beta\\, I(T; Y),

minimized over encoders with at most ``n_clusters`` values of ``T``.
``alpha = 1`` is the original bottleneck of Tishby et al. (``H(T) - H(T|X) =
I(X;T)``), ``alpha = 0`` the deterministic bottleneck (DIB), whose encoders
are hard assignments. The stationary equations give the iteration

.. math::

    q(t|x) \\propto \\exp\\Big[\\tfrac{1}{\\alpha}\\big(\\ln q(t)
        - \\beta\\, D_{KL}[p(y|x)\\,\\|\\,q(y|t)]\\big)\\Big] \\quad (\\alpha > 0),

    f(x) = \\arg\\max_t\\, \\big[\\ln q(t) - \\beta\\, D_{KL}[p(y|x)\\,\\|\\,q(y|t)]\\big]
        \\quad (\\alpha = 0),

alternated with ``q(t) = sum_x p(x) q(t|x)`` and
``q(y|t) = sum_x q(t|x) p(x, y) / q(t)``. The KL divergence is in nats in the
update (``beta`` has no unit: every term of ``L`` is in the same unit);
everything reported is in bits.

Tegmark & Wu (2019) write the same trade-off as maximizing
``I(Z;Y) - gamma H(Z)``; for ``alpha = 0`` their ``gamma`` is ``1 / beta``
here (their scan, gamma from 1e-10 to 1, is beta from 1e10 down to 1).

This module iterates a batch of independent chains at once (``restarts``
random starts, vectorized over the batch), anneals them along a sequence of
``beta`` values (each chain warm-starts from its own previous solution) and
reports, for each ``beta``, the chain with the lowest Lagrangian. Every
fixed point is checked: a ``beta`` whose chains did not all converge within
``max_iter`` is marked in ``converged`` and announced with an
:class:`IBConvergenceWarning`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np
from scipy.special import logsumexp, rel_entr

__all__ = [
    "IBConvergenceWarning",
    "IBSolution",
    "IBPath",
    "ib_solve",
    "ib_path",
    "ib_objective",
    "dib_optimum",
]

_LN2 = np.log(2.0)


class IBConvergenceWarning(UserWarning):
    """Some ``beta`` of a bottleneck run hit ``max_iter`` before its fixed point."""


# --------------------------------------------------------------------------
# validation


def _as_joint(joint):
    """Return the joint table as a float array of shape (N, K), normalized."""
    table = getattr(joint, "p", joint)
    arr = np.asarray(table, dtype=float)
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 2:
        raise ValueError(
            f"joint must be 2-D with shape (n_x, n_y), n_y >= 2; got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("joint must be finite; got nan or inf entries")
    if np.any(arr < 0):
        raise ValueError(f"joint must be non-negative; got minimum {arr.min():g}")
    total = arr.sum()
    if total <= 0:
        raise ValueError("joint must have positive total mass; got all zeros")
    return arr / total


def _check_alpha(alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or not 0 <= alpha <= 1:
        raise ValueError(f"alpha must be a number in [0, 1]; got {alpha!r}")
    return float(alpha)


def _check_beta(beta, name="beta"):
    if isinstance(beta, bool) or not isinstance(beta, Real) or not np.isfinite(beta) or beta <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {beta!r}")
    return float(beta)


def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def _check_tol(tol):
    if isinstance(tol, bool) or not isinstance(tol, Real) or not tol > 0:
        raise ValueError(f"tol must be a positive number; got {tol!r}")
    return float(tol)


# --------------------------------------------------------------------------
# the batched iteration


@dataclass(frozen=True)
class _Problem:
    p_x: np.ndarray  # (N,)
    p_xy: np.ndarray  # (N, K)
    p_y_x: np.ndarray  # (N, K)
    p_y: np.ndarray  # (K,)


def _problem(p_xy):
    p_x = p_xy.sum(axis=1)
    p_y = p_xy.sum(axis=0)
    # a row without mass has no posterior; give it the marginal (it weighs 0)
    p_y_x = np.where(p_x[:, None] > 0, p_xy / np.where(p_x > 0, p_x, 1.0)[:, None], p_y)
    return _Problem(p_x, p_xy, p_y_x, p_y)


# Internally an encoder batch is stored as (R, T, N): R chains, T clusters,
# N values of x, with x on the last (contiguous) axis so that every
# elementwise pass runs over long rows.


def _decoder(prob, enc):
    """q(t) (R, T), q(t, y) (R, T, K), q(y|t) (R, T, K) and the used clusters."""
    q_t = enc @ prob.p_x
    q_ty = enc @ prob.p_xy
    alive = q_t > 0
    q_y_t = np.where(alive[..., None], q_ty / np.where(alive, q_t, 1.0)[..., None], 0.0)
    return q_t, q_ty, q_y_t, alive


def _scores(prob, q_t, q_y_t, alive, beta):
    """ln q(t) - beta KL(p(y|x) || q(y|t)) + c(x) in nats, shape (R, T, N).

    ``c(x) = beta H(Y|x)`` does not depend on ``t`` and drops out of the
    argmax and of the normalization, so only the cross term
    ``sum_y p(y|x) ln q(y|t)`` is formed (a matrix product). A cluster with
    ``q(y|t) = 0`` where ``p(y|x) > 0`` is at infinite divergence (-inf), and
    unused clusters get -inf.
    """
    positive = q_y_t > 0
    log_q = np.log(np.where(positive, q_y_t, 1.0))  # (R, T, K); 0 where q = 0
    s = log_q @ prob.p_y_x.T  # (R, T, N)
    s *= beta
    with np.errstate(divide="ignore"):
        s += np.log(q_t)[..., None]  # -inf for unused clusters
    zero = ~positive & alive[..., None]
    if np.any(zero):
        blocked = zero.astype(float) @ (prob.p_y_x > 0).T.astype(float)
        s[blocked > 0] = -np.inf
    return s


def _argmax_clusters(s):
    """argmax over the cluster axis of (R, T, N), first index on ties."""
    best = s[:, 0, :].copy()
    arg = np.zeros(best.shape, dtype=np.intp)
    for t in range(1, s.shape[1]):
        better = s[:, t, :] > best
        best[better] = s[:, t, :][better]
        arg[better] = t
    return arg


def _measures(prob, enc, alpha, beta):
    """H(T), H(T|X), I(T;Y), I(X;T) and L in bits for a batch of encoders."""
    q_t, q_ty, _, _ = _decoder(prob, enc)
    H_T = -np.sum(np.where(q_t > 0, q_t * np.log2(np.where(q_t > 0, q_t, 1.0)), 0.0), axis=1)
    if np.all((enc == 0) | (enc == 1)):
        H_T_X = np.zeros(enc.shape[0])  # hard assignments
    else:
        h_x = -np.sum(np.where(enc > 0, enc * np.log2(np.where(enc > 0, enc, 1.0)), 0.0), axis=1)
        H_T_X = h_x @ prob.p_x
    indep = q_t[..., None] * prob.p_y[None, None, :]
    I_TY = np.sum(rel_entr(q_ty, indep), axis=(1, 2)) / _LN2
    # round-off can leave -1e-17 where the exact value is 0 (one cluster)
    I_TY = np.maximum(I_TY, 0.0)
    H_T_X = np.maximum(H_T_X, 0.0)
    I_XT = np.maximum(H_T - H_T_X, 0.0)
    L = H_T - alpha * H_T_X - beta * I_TY
    return H_T, H_T_X, I_TY, I_XT, L, q_t


def _one_hot(labels, n_clusters):
    """Hard labels (R, N) -> encoders (R, T, N)."""
    enc = np.zeros((labels.shape[0], n_clusters, labels.shape[1]))
    np.put_along_axis(enc, labels[:, None, :], 1.0, axis=1)
    return enc


def _hard_decoder(prob, labels, n_clusters):
    """q(t), q(y|t) and the used clusters for hard labels (R, N), by bincount."""
    R = labels.shape[0]
    K = prob.p_xy.shape[1]
    flat = (labels + n_clusters * np.arange(R)[:, None]).ravel()
    size = R * n_clusters
    q_t = np.bincount(flat, weights=np.tile(prob.p_x, R), minlength=size)
    q_ty = np.stack(
        [np.bincount(flat, weights=np.tile(prob.p_xy[:, k], R), minlength=size)
         for k in range(K)],
        axis=-1,
    )
    q_t = q_t.reshape(R, n_clusters)
    q_ty = q_ty.reshape(R, n_clusters, K)
    alive = q_t > 0
    q_y_t = np.where(alive[..., None], q_ty / np.where(alive, q_t, 1.0)[..., None], 0.0)
    return q_t, q_y_t, alive


def _update(prob, enc, alpha, beta):
    q_t, _, q_y_t, alive = _decoder(prob, enc)
    logits = _scores(prob, q_t, q_y_t, alive, beta) / alpha
    return np.exp(logits - logsumexp(logits, axis=1, keepdims=True))


def _iterate(prob, enc, alpha, beta, max_iter, tol):
    """Iterate a batch to its fixed points; returns (enc, converged (R,), iterations (R,)).

    For ``alpha = 0`` the state is the hard labels and a chain has converged
    when an update leaves every label unchanged; for ``alpha > 0`` when the
    largest change of ``q(t|x)`` is below ``tol``.
    """
    R, T, _ = enc.shape
    converged = np.zeros(R, dtype=bool)
    iterations = np.zeros(R, dtype=int)
    hard = alpha == 0.0
    state = np.argmax(enc, axis=1) if hard else enc
    for it in range(1, max_iter + 1):
        idx = np.flatnonzero(~converged)
        current = state[idx]
        if hard:
            q_t, q_y_t, alive = _hard_decoder(prob, current, T)
            new = _argmax_clusters(_scores(prob, q_t, q_y_t, alive, beta))
            done = np.all(new == current, axis=1)
        else:
            new = _update(prob, current, alpha, beta)
            done = np.max(np.abs(new - current), axis=(1, 2)) < tol
        state[idx] = new
        iterations[idx] = it
        converged[idx[done]] = True
        if converged.all():
            break
    enc = _one_hot(state, T) if hard else state
    return enc, converged, iterations


def _random_encoders(rng, restarts, n_x, n_clusters, alpha):
    if alpha == 0.0:
        return _one_hot(rng.integers(0, n_clusters, size=(restarts, n_x)), n_clusters)
    enc = rng.random((restarts, n_clusters, n_x)) + 0.5
    return enc / enc.sum(axis=1, keepdims=True)


def _initial_encoders(init, rng, restarts, n_x, n_clusters, alpha):
    """Random starts, or the given labels (N,) / encoders (N, T) or (R, N, T)."""
    if init is None:
        return _random_encoders(rng, restarts, n_x, n_clusters, alpha)
    arr = np.asarray(init)
    if arr.ndim == 1 and arr.shape[0] == n_x and np.issubdtype(arr.dtype, np.integer):
        if arr.min() < 0 or arr.max() >= n_clusters:
            raise ValueError(
                f"init labels must lie in 0..{n_clusters - 1}; got {arr.min()}..{arr.max()}"
            )
        return _one_hot(arr[None, :], n_clusters)
    if arr.shape == (n_x, n_clusters):
        arr = arr[None]
    if arr.ndim == 3 and arr.shape[1:] == (n_x, n_clusters):
        arr = np.asarray(arr, dtype=float)
        if np.any(arr < 0) or not np.allclose(arr.sum(axis=2), 1.0):
            raise ValueError("init encoders must be non-negative with rows summing to 1")
        return np.ascontiguousarray(arr.transpose(0, 2, 1))
    raise ValueError(
        f"init must be labels of shape ({n_x},) or encoders of shape "
        f"({n_x}, {n_clusters}) or (R, {n_x}, {n_clusters}); got shape {arr.shape}"
    )


# --------------------------------------------------------------------------
# results


@dataclass(frozen=True)
class IBSolution:
    """A fixed point of the bottleneck iteration at one ``beta``.

    Attributes
    ----------
    alpha, beta : float
        The Lagrangian's parameters.
    encoder : ndarray, shape (N, T)
        ``q(t|x)``; one-hot rows for ``alpha = 0``.
    p_t : ndarray, shape (T,)
        ``q(t)``; clusters with ``p_t == 0`` are unused.
    p_y_given_t : ndarray, shape (T, K)
        ``q(y|t)``; rows of unused clusters are 0.
    H_T, H_T_given_X, I_TY, I_XT : float
        In bits.
    objective : float
        ``H(T) - alpha H(T|X) - beta I(T;Y)`` in bits.
    n_clusters : int
        Number of clusters in use.
    converged : bool
        Whether the fixed point was reached (hard assignment unchanged for
        ``alpha = 0``; encoder change below ``tol`` otherwise).
    iterations : int
        Iterations taken by the chain that was kept.
    """

    alpha: float
    beta: float
    encoder: np.ndarray = field(repr=False)
    p_t: np.ndarray = field(repr=False)
    p_y_given_t: np.ndarray = field(repr=False)
    H_T: float
    H_T_given_X: float
    I_TY: float
    I_XT: float
    objective: float
    n_clusters: int
    converged: bool
    iterations: int

    @property
    def labels(self):
        """``argmax_t q(t|x)`` for each ``x``, shape (N,) (the DIB assignment)."""
        return np.argmax(self.encoder, axis=1)


@dataclass(frozen=True)
class IBPath:
    """A bottleneck run annealed along a sequence of ``beta`` values.

    Arrays have one entry per ``beta`` (in the order run) and describe the
    best of the ``restarts`` chains at that ``beta`` (lowest Lagrangian).

    Attributes
    ----------
    alpha : float
    betas : ndarray, shape (S,)
    H_T, I_TY, I_XT, objective : ndarray, shape (S,)
        In bits.
    n_clusters : ndarray of int, shape (S,)
        Clusters in use.
    converged : ndarray of bool, shape (S,)
        Whether every chain reached its fixed point at that ``beta``.
    iterations : ndarray of int, shape (S,)
        The largest iteration count among the chains at that ``beta``.
    restarts : int
        Number of chains.
    final : IBSolution
        The kept solution at the last ``beta``.
    """

    alpha: float
    betas: np.ndarray = field(repr=False)
    H_T: np.ndarray = field(repr=False)
    I_TY: np.ndarray = field(repr=False)
    I_XT: np.ndarray = field(repr=False)
    objective: np.ndarray = field(repr=False)
    n_clusters: np.ndarray = field(repr=False)
    converged: np.ndarray = field(repr=False)
    iterations: np.ndarray = field(repr=False)
    restarts: int
    final: IBSolution = field(repr=False)

    @property
    def all_converged(self) -> bool:
        """True when every ``beta`` reached its fixed point."""
        return bool(np.all(self.converged))

    @property
    def n_steps(self) -> int:
        return int(self.betas.size)

    def points(self, decimals=12):
        """Distinct ``(H(T), I(T;Y))`` pairs visited, sorted by ``H``; shape (P, 2), bits.

        Pairs equal after rounding to ``decimals`` are merged.
        """
        pts = np.column_stack([self.H_T, self.I_TY])
        rounded = np.round(pts, decimals)
        _, first = np.unique(rounded, axis=0, return_index=True)
        out = pts[np.sort(first)]
        return out[np.lexsort((out[:, 1], out[:, 0]))]

    def envelope(self, decimals=12):
        """The Pareto-optimal subset of :meth:`points`: no other point has
        ``H`` <= and ``I`` > it. Sorted by ``H``; shape (Q, 2), bits."""
        pts = self.points(decimals)
        keep = []
        best = -np.inf
        for h, i in pts:
            if i > best + 10.0 ** (-decimals):
                keep.append((h, i))
                best = i
        return np.array(keep).reshape(-1, 2)

    def to_dict(self):
        """Plain-Python summary (JSON-ready): parameters, diagnostics, points."""
        return {
            "alpha": self.alpha,
            "n_steps": self.n_steps,
            "restarts": self.restarts,
            "all_converged": self.all_converged,
            "n_not_converged": int(np.sum(~self.converged)),
            "max_iterations": int(self.iterations.max()),
            "points": self.points().tolist(),
        }


# --------------------------------------------------------------------------
# public functions


def ib_objective(joint, encoder, beta, alpha=0.0):
    """The generalized bottleneck Lagrangian of one encoder, in bits.

    ``L = H(T) - alpha H(T|X) - beta I(T;Y)``.

    Parameters
    ----------
    joint : array_like, shape (N, K), or a JointTable
        ``p(x, y)``; normalized if it does not sum to 1.
    encoder : array_like, shape (N, T), or labels of shape (N,)
        ``q(t|x)``, or hard cluster labels ``0..T-1``.
    beta : float
        Weight of ``I(T;Y)`` (> 0).
    alpha : float in [0, 1]
        Weight of ``H(T|X)``.

    Returns
    -------
    dict
        ``H_T``, ``H_T_given_X``, ``I_TY``, ``I_XT``, ``objective`` (bits).

    Examples
    --------
    >>> joint = [[0.4, 0.1], [0.1, 0.4]]
    >>> r = ib_objective(joint, [0, 1], beta=2.0)
    >>> round(r["H_T"], 6), round(r["I_TY"], 6)
    (1.0, 0.278072)
    """
    p_xy = _as_joint(joint)
    beta = _check_beta(beta)
    alpha = _check_alpha(alpha)
    arr = np.asarray(encoder)
    n_x = p_xy.shape[0]
    if arr.ndim == 1:
        labels = _check_labels(arr, n_x)
        enc = _one_hot(labels[None, :], int(labels.max()) + 1)
    else:
        enc = _initial_encoders(arr.astype(float), None, 1, n_x, arr.shape[-1], alpha)
    H_T, H_T_X, I_TY, I_XT, L, _ = _measures(_problem(p_xy), enc, alpha, beta)
    return {
        "H_T": float(H_T[0]),
        "H_T_given_X": float(H_T_X[0]),
        "I_TY": float(I_TY[0]),
        "I_XT": float(I_XT[0]),
        "objective": float(L[0]),
    }


def _check_labels(arr, n_x):
    if arr.shape != (n_x,) or not np.issubdtype(arr.dtype, np.integer) or arr.min() < 0:
        raise ValueError(
            f"encoder labels must be non-negative integers of shape ({n_x},); "
            f"got shape {arr.shape} and dtype {arr.dtype}"
        )
    return arr


def _solution(prob, enc, alpha, beta, converged, iterations):
    """Pick the chain with the lowest Lagrangian and wrap it."""
    H_T, H_T_X, I_TY, I_XT, L, q_t = _measures(prob, enc, alpha, beta)
    r = int(np.argmin(L))
    _, _, q_y_t, _ = _decoder(prob, enc[r : r + 1])
    return r, IBSolution(
        alpha=alpha,
        beta=beta,
        encoder=enc[r].T.copy(),
        p_t=q_t[r].copy(),
        p_y_given_t=q_y_t[0].copy(),
        H_T=float(H_T[r]),
        H_T_given_X=float(H_T_X[r]),
        I_TY=float(I_TY[r]),
        I_XT=float(I_XT[r]),
        objective=float(L[r]),
        n_clusters=int(np.sum(q_t[r] > 0)),
        converged=bool(converged[r]),
        iterations=int(iterations[r]),
    )


def ib_solve(
    joint,
    beta,
    alpha=0.0,
    n_clusters=8,
    restarts=10,
    init=None,
    max_iter=None,
    tol=1e-10,
    rng=None,
):
    """Run the bottleneck iteration to a fixed point at one ``beta``.

    Parameters
    ----------
    joint : array_like, shape (N, K), or a JointTable
        ``p(x, y)``; normalized if it does not sum to 1.
    beta : float
        Weight of ``I(T;Y)`` in ``L = H(T) - alpha H(T|X) - beta I(T;Y)``.
    alpha : float in [0, 1], default 0
        0: deterministic bottleneck (hard assignments); 1: original bottleneck.
    n_clusters : int, default 8
        Largest number of values of ``T``.
    restarts : int, default 10
        Number of random starts, iterated together; the one with the lowest
        Lagrangian is returned. Ignored when ``init`` is given.
    init : array_like, optional
        Starting labels (N,) or encoder(s) (N, T) / (R, N, T).
    max_iter : int, optional
        Iteration limit per start; default 1000 for ``alpha = 0``, 20000 otherwise.
    tol : float, default 1e-10
        Convergence threshold on the largest change of ``q(t|x)`` (``alpha > 0``).
    rng : numpy.random.Generator, int or None
        Random starts.

    Returns
    -------
    IBSolution
        With ``converged`` and ``iterations``; an
        :class:`IBConvergenceWarning` is issued if the kept start did not converge.

    Examples
    --------
    >>> joint = [[0.3, 0.0], [0.2, 0.05], [0.05, 0.2], [0.0, 0.2]]
    >>> sol = ib_solve(joint, beta=50.0, n_clusters=2, rng=0)
    >>> sol.converged, sorted(np.bincount(sol.labels).tolist())
    (True, [2, 2])
    """
    p_xy = _as_joint(joint)
    beta = _check_beta(beta)
    alpha, n_clusters, restarts, max_iter, tol, gen = _solver_args(
        alpha, n_clusters, restarts, max_iter, tol, rng)
    prob = _problem(p_xy)
    enc = _initial_encoders(init, gen, restarts, p_xy.shape[0], n_clusters, alpha)
    enc, converged, iterations = _iterate(prob, enc, alpha, beta, max_iter, tol)
    _, sol = _solution(prob, enc, alpha, beta, converged, iterations)
    if not sol.converged:
        warnings.warn(
            f"bottleneck iteration did not converge at beta={beta:g} within "
            f"max_iter={max_iter}; raise max_iter",
            IBConvergenceWarning,
            stacklevel=2,
        )
    return sol


def _solver_args(alpha, n_clusters, restarts, max_iter, tol, rng):
    """The checked solver arguments shared by :func:`ib_solve` and :func:`ib_path`."""
    alpha = _check_alpha(alpha)
    return (alpha, _check_int(n_clusters, "n_clusters", 1), _check_int(restarts, "restarts", 1),
            _default_max_iter(max_iter, alpha), _check_tol(tol),
            rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng))


def _default_max_iter(max_iter, alpha):
    if max_iter is None:
        return 1000 if alpha == 0.0 else 20000
    return _check_int(max_iter, "max_iter", 1)


def ib_path(
    joint,
    betas,
    alpha=0.0,
    n_clusters=8,
    restarts=10,
    max_iter=None,
    tol=1e-10,
    rng=None,
    progress=None,
):
    """Anneal the bottleneck along ``betas``, warm-starting each step.

    ``restarts`` chains start from random encoders at ``betas[0]``; at each
    later ``beta`` every chain starts from its own fixed point at the
    previous ``beta``. The usual schedule for the deterministic bottleneck
    runs ``beta`` downwards (clusters merge and die as ``beta`` falls and,
    once unused, never come back).

    Parameters
    ----------
    joint : array_like, shape (N, K), or a JointTable
        ``p(x, y)``.
    betas : array_like, shape (S,)
        Positive values, run in the order given.
    alpha, n_clusters, restarts, max_iter, tol, rng
        As in :func:`ib_solve`.
    progress : callable, optional
        Wraps the iterable of steps (e.g. ``tqdm.tqdm``); the library itself
        prints nothing.

    Returns
    -------
    IBPath
        Per-``beta`` best chain, with ``converged`` and ``iterations``; an
        :class:`IBConvergenceWarning` counts the steps that did not converge.

    Examples
    --------
    >>> joint = [[0.3, 0.0], [0.2, 0.05], [0.05, 0.2], [0.0, 0.2]]
    >>> path = ib_path(joint, np.geomspace(100, 1, 20), n_clusters=3, rng=0)
    >>> path.all_converged, int(path.n_clusters[0]), int(path.n_clusters[-1])
    (True, 3, 1)
    """
    p_xy = _as_joint(joint)
    beta_arr = np.asarray(betas, dtype=float)
    if beta_arr.ndim != 1 or beta_arr.size < 1:
        raise ValueError(f"betas must be a non-empty 1-D sequence; got shape {beta_arr.shape}")
    if not np.all(np.isfinite(beta_arr)) or np.any(beta_arr <= 0):
        raise ValueError("betas must be positive and finite; got a value <= 0 or non-finite")
    alpha, n_clusters, restarts, max_iter, tol, gen = _solver_args(
        alpha, n_clusters, restarts, max_iter, tol, rng)
    prob = _problem(p_xy)

    S = beta_arr.size
    out = {k: np.empty(S) for k in ("H_T", "I_TY", "I_XT", "objective")}
    n_used = np.empty(S, dtype=int)
    conv = np.empty(S, dtype=bool)
    iters = np.empty(S, dtype=int)
    enc = _random_encoders(gen, restarts, p_xy.shape[0], n_clusters, alpha)
    steps = range(S) if progress is None else progress(range(S))
    sol = None
    for k in steps:
        beta = float(beta_arr[k])
        enc, converged, iterations = _iterate(prob, enc, alpha, beta, max_iter, tol)
        _, sol = _solution(prob, enc, alpha, beta, converged, iterations)
        out["H_T"][k] = sol.H_T
        out["I_TY"][k] = sol.I_TY
        out["I_XT"][k] = sol.I_XT
        out["objective"][k] = sol.objective
        n_used[k] = sol.n_clusters
        conv[k] = converged.all()
        iters[k] = iterations.max()
    n_bad = int(np.sum(~conv))
    if n_bad:
        warnings.warn(
            f"bottleneck iteration did not converge at {n_bad} of {S} beta values "
            f"within max_iter={max_iter}; see IBPath.converged",
            IBConvergenceWarning,
            stacklevel=2,
        )
    return IBPath(
        alpha=alpha,
        betas=beta_arr.copy(),
        H_T=out["H_T"],
        I_TY=out["I_TY"],
        I_XT=out["I_XT"],
        objective=out["objective"],
        n_clusters=n_used,
        converged=conv,
        iterations=iters,
        restarts=restarts,
        final=sol,
    )


def _xlog2x(v):
    v = np.maximum(v, 0.0)  # differences of prefix sums can round to -1e-17
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(v > 0, v * np.log2(np.where(v > 0, v, 1.0)), 0.0)


def dib_optimum(joint, beta, n_clusters=8):
    """The global minimum of the deterministic-bottleneck Lagrangian, for a binary class.

    Minimizes ``L = H(T) - beta I(T;Y)`` over all hard assignments of the
    ``N`` rows to at most ``n_clusters`` clusters. For a binary ``Y`` the
    contiguous-binning theorem (Tegmark & Wu 2019, Theorem II.2) lets the
    search run over contiguous runs of the rows sorted by ``P(Y=1|x)``: with
    prefix sums, the dynamic program
    ``F_m(j) = min_{i<j} F_{m-1}(i) + w(i, j)`` (``w`` the Lagrangian term of
    one group, ``h(P) + beta P h2(q)``) is exact in ``O(n_clusters N^2)`` time
    and ``O(N^2)`` memory. This is the answer the iteration of
    :func:`ib_solve` (``alpha = 0``) looks for; a point it returns is on the
    Pareto frontier of ``(H(T), I(T;Y))`` exactly when its Lagrangian equals
    this minimum.

    Parameters
    ----------
    joint : array_like, shape (N, 2), or a JointTable
        ``p(x, y)`` with a binary ``y``.
    beta : float
        Weight of ``I(T;Y)`` (> 0).
    n_clusters : int, default 8
        Largest number of clusters.

    Returns
    -------
    IBSolution
        ``alpha = 0``, a one-hot encoder in the rows' original order,
        ``converged = True`` and ``iterations = 0`` (nothing is iterated).
        Cluster 0 holds the rows of least ``P(Y=1|x)``.

    Examples
    --------
    >>> joint = [[0.3, 0.0], [0.2, 0.05], [0.05, 0.2], [0.0, 0.2]]
    >>> opt = dib_optimum(joint, beta=50.0, n_clusters=2)
    >>> opt.labels.tolist(), round(opt.I_TY, 6)
    ([1, 1, 0, 0], 0.524585)
    """
    p_xy = _as_joint(joint)
    if p_xy.shape[1] != 2:
        raise ValueError(
            f"dib_optimum needs a binary class (joint of shape (N, 2)); got shape {p_xy.shape}"
        )
    beta = _check_beta(beta)
    n_clusters = _check_int(n_clusters, "n_clusters", 1)
    n = p_xy.shape[0]
    T = min(n_clusters, n)
    mass = p_xy.sum(axis=1)
    post = np.where(mass > 0, p_xy[:, 0] / np.where(mass > 0, mass, 1.0), p_xy[:, 0].sum())
    order = np.argsort(post, kind="stable")
    S = np.vstack([np.zeros((1, 2)), np.cumsum(p_xy[order], axis=0)])
    # w[i, j]: the Lagrangian term of the group of sorted rows i .. j-1 (bits);
    # H(T) - beta I(T;Y) = sum_groups [(beta - 1) X(P) - beta (X(P1) + X(P2))] - beta H(Y)
    P1 = S[None, :, 0] - S[:, None, 0]
    P2 = S[None, :, 1] - S[:, None, 1]
    w = (beta - 1.0) * _xlog2x(P1 + P2) - beta * (_xlog2x(P1) + _xlog2x(P2))
    w[np.tril_indices(n + 1)] = np.inf  # groups need i < j
    del P1, P2
    F = np.full((T + 1, n + 1), np.inf)
    arg = np.zeros((T + 1, n + 1), dtype=np.intp)
    F[0, 0] = 0.0
    for m in range(1, T + 1):
        total = F[m - 1][:, None] + w
        arg[m] = np.argmin(total, axis=0)
        F[m] = total[arg[m], np.arange(n + 1)]
    m_best = int(np.argmin(F[1:, n])) + 1
    cuts = [n]
    for m in range(m_best, 0, -1):
        cuts.append(int(arg[m, cuts[-1]]))
    cuts = cuts[::-1]  # 0 = b_0 < b_1 < ... < b_m = n
    labels_sorted = np.repeat(np.arange(m_best), np.diff(cuts))
    labels = np.empty(n, dtype=np.intp)
    labels[order] = labels_sorted
    enc = _one_hot(labels[None, :], T)
    prob = _problem(p_xy)
    _, sol = _solution(prob, enc, 0.0, beta, np.array([True]), np.array([0]))
    return sol
