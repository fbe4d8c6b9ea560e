"""Information measures in bits: entropy, mutual information, KL divergence,
and the Fano and cross-entropy lower bounds on I(X;Y).

All quantities use base-2 logarithms and the convention 0 log 0 = 0.
Functions named ``*_from_samples`` are plug-in estimates: they build the
empirical (relative-frequency) distribution and apply the table formula.
Plug-in estimates of entropy are biased low and of mutual information biased
high for small samples; see Paninski (2003).
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    SUM_TOL,
    as_float_array,
    check_joint_table,
    check_probabilities,
)

__all__ = [
    "entropy",
    "binary_entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "kl_divergence",
    "entropy_from_samples",
    "joint_from_labels",
    "conditional_entropy_from_samples",
    "mutual_information_from_samples",
    "fano_bound",
    "cross_entropy_bound",
]


def _xlog2x(p: np.ndarray) -> np.ndarray:
    """Elementwise ``p * log2(p)`` with 0 log 0 = 0 (for p >= 0)."""
    p = np.asarray(p, dtype=float)
    out = np.zeros_like(p)
    pos = p > 0
    out[pos] = p[pos] * np.log2(p[pos])
    return out


def entropy(p, *, tol: float = SUM_TOL) -> float:
    """Shannon entropy H = -sum p log2 p of a probability table, in bits.

    Parameters
    ----------
    p : array_like
        Probabilities of any shape (a joint table is treated as one
        distribution over its cells). Must be non-negative and sum to one
        within ``tol``.
    tol : float, default 1e-6
        Allowed ``|sum(p) - 1|``.

    Returns
    -------
    float
        The entropy in bits (0 log 0 = 0).

    Examples
    --------
    >>> entropy([0.5, 0.5])
    1.0
    >>> entropy([0.25, 0.25, 0.5])
    1.5
    """
    a = check_probabilities(p, "p", tol=tol)
    return float(max(-_xlog2x(a).sum(), 0.0))


def binary_entropy(p):
    """Binary entropy h2(p) = -p log2 p - (1-p) log2 (1-p), in bits.

    Parameters
    ----------
    p : float or array_like
        Probabilities in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        h2(p) in bits, same shape as ``p``; h2(0) = h2(1) = 0.

    Examples
    --------
    >>> binary_entropy(0.5)
    1.0
    >>> binary_entropy([0.0, 1.0]).tolist()
    [0.0, 0.0]
    """
    a = as_float_array(p, "p")
    if a.size and (a.min() < 0 or a.max() > 1):
        bad = a.min() if a.min() < 0 else a.max()
        raise ValueError(f"p must lie in [0, 1]; got {bad:.6g}")
    h = -_xlog2x(a) - _xlog2x(1.0 - a)
    h = np.maximum(h, 0.0)
    return float(h) if h.ndim == 0 else h


def joint_entropy(joint, *, tol: float = SUM_TOL) -> float:
    """Joint entropy H(A, B) of a 2-D table ``joint[a, b] = P(A=a, B=b)``, in bits.

    Examples
    --------
    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]])
    2.0
    """
    a = check_joint_table(joint, "joint", tol)
    return float(max(-_xlog2x(a).sum(), 0.0))


def conditional_entropy(joint, *, tol: float = SUM_TOL) -> float:
    """Conditional entropy H(B|A) of ``joint[a, b] = P(A=a, B=b)``, in bits.

    The column variable is conditioned on the row variable:
    H(B|A) = H(A, B) - H(A). For a binned table ``P[z, y]`` this is H(Y|Z).

    Examples
    --------
    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])
    0.0
    >>> conditional_entropy([[0.25, 0.25], [0.25, 0.25]])
    1.0
    """
    a = check_joint_table(joint, "joint", tol)
    h_ab = -_xlog2x(a).sum()
    h_a = -_xlog2x(a.sum(axis=1)).sum()
    return float(max(h_ab - h_a, 0.0))


def mutual_information(joint, *, tol: float = SUM_TOL) -> float:
    """Mutual information I(A;B) of ``joint[a, b] = P(A=a, B=b)``, in bits.

    Computed as H(B) - H(B|A), summed cell by cell as
    sum P(a,b) log2 [P(a,b) / (P(a) P(b))] with 0 log 0 = 0. Round-off below
    zero (at most about 1e-16 per cell) is clipped to 0, since I >= 0.

    Parameters
    ----------
    joint : array_like, shape (n_a, n_b)
        Joint probabilities, non-negative, summing to one within ``tol``.
    tol : float, default 1e-6
        Allowed ``|sum(joint) - 1|``.

    Returns
    -------
    float
        I(A;B) in bits.

    Examples
    --------
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]])
    1.0
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])
    0.0
    >>> round(mutual_information([[0.454555, 0.042725], [0.045445, 0.457275]]), 5)
    0.56971
    """
    a = check_joint_table(joint, "joint", tol)
    pa = a.sum(axis=1, keepdims=True)
    pb = a.sum(axis=0, keepdims=True)
    pos = a > 0
    la = np.log2(np.broadcast_to(pa, a.shape)[pos])
    lb = np.log2(np.broadcast_to(pb, a.shape)[pos])
    mi = float(np.sum(a[pos] * (np.log2(a[pos]) - la - lb)))
    return max(mi, 0.0)


def kl_divergence(p, q, *, tol: float = SUM_TOL) -> float:
    """Kullback-Leibler divergence D(p || q) = sum p log2 (p / q), in bits.

    Infinite when some cell has p > 0 and q = 0.

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([1.0, 0.0], [0.5, 0.5])
    1.0
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    a = check_probabilities(p, "p", tol=tol)
    b = check_probabilities(q, "q", tol=tol)
    if a.shape != b.shape:
        raise ValueError(f"p and q must have the same shape; got {a.shape} and {b.shape}")
    pos = a > 0
    if np.any(b[pos] == 0):
        return float("inf")
    return float(max(np.sum(a[pos] * np.log2(a[pos] / b[pos])), 0.0))


# ----------------------------------------------------------------------------
# plug-in estimates from samples

def joint_from_labels(a, b) -> np.ndarray:
    """Empirical joint table of two discrete samples.

    Parameters
    ----------
    a, b : array_like, shape (n,)
        Paired samples of two discrete variables (any hashable labels that
        numpy can sort).

    Returns
    -------
    numpy.ndarray, shape (n_values_a, n_values_b)
        Relative frequencies; rows follow ``numpy.unique(a)``, columns
        ``numpy.unique(b)``.

    Examples
    --------
    >>> joint_from_labels([0, 0, 1, 1], [1, 1, 2, 2]).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    a = np.asarray(a)
    b = np.asarray(b)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError(f"samples must be 1-D; got shapes {a.shape} and {b.shape}")
    if a.shape != b.shape:
        raise ValueError(f"paired samples must have equal length; got {a.size} and {b.size}")
    if a.size == 0:
        raise ValueError("samples must not be empty")
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    counts = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(counts, (ia.ravel(), ib.ravel()), 1.0)
    return counts / a.size


def entropy_from_samples(a) -> float:
    """Plug-in entropy of a discrete sample, in bits.

    Examples
    --------
    >>> entropy_from_samples([1, 2, 1, 2])
    1.0
    """
    a = np.asarray(a)
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"samples must be a non-empty 1-D array; got shape {a.shape}")
    _, counts = np.unique(a, return_counts=True)
    return entropy(counts / a.size)


def conditional_entropy_from_samples(a, b) -> float:
    """Plug-in conditional entropy H(B|A) from paired samples, in bits."""
    return conditional_entropy(joint_from_labels(a, b))


def mutual_information_from_samples(a, b) -> float:
    """Plug-in mutual information I(A;B) from paired samples, in bits.

    Examples
    --------
    >>> mutual_information_from_samples([0, 0, 1, 1], [1, 1, 2, 2])
    1.0
    """
    return mutual_information(joint_from_labels(a, b))


# ----------------------------------------------------------------------------
# bounds on I(X;Y) from a classifier's performance

def fano_bound(error_rate, H_Y: float = 1.0, n_classes: int = 2):
    """Fano lower bound on I(X;Y) from a classifier's error rate, in bits.

    Any estimate of Y from X with error probability eps satisfies Fano's
    inequality H(Y|X) <= h2(eps) + eps log2(K - 1), hence

        I(X;Y) >= H(Y) - h2(eps) - eps log2(K - 1)

    (Tegmark & Wu 2019, eq. 39; for binary tasks, K = 2, the last term
    vanishes). The result is clipped at 0, because I >= 0 is itself a bound.

    Parameters
    ----------
    error_rate : float or array_like
        Error probability eps in [0, 1].
    H_Y : float, default 1.0
        Entropy of the class variable in bits (1 for balanced binary classes).
    n_classes : int, default 2
        Number of classes K >= 2.

    Returns
    -------
    float or numpy.ndarray
        The lower bound in bits.

    Examples
    --------
    >>> fano_bound(0.0)
    1.0
    >>> fano_bound(0.5)
    0.0
    >>> round(fano_bound(0.11), 4)
    0.5001
    """
    eps = as_float_array(error_rate, "error_rate")
    if eps.size and (eps.min() < 0 or eps.max() > 1):
        bad = eps.min() if eps.min() < 0 else eps.max()
        raise ValueError(f"error_rate must lie in [0, 1]; got {bad:.6g}")
    if isinstance(n_classes, bool) or int(n_classes) != n_classes or n_classes < 2:
        raise ValueError(f"n_classes must be an integer >= 2; got {n_classes!r}")
    H_Y = float(H_Y)
    if not np.isfinite(H_Y) or H_Y < 0:
        raise ValueError(f"H_Y must be a finite entropy >= 0 bits; got {H_Y!r}")
    bound = H_Y - binary_entropy(eps) - eps * np.log2(n_classes - 1)
    bound = np.maximum(bound, 0.0)
    return float(bound) if np.ndim(bound) == 0 else bound


def cross_entropy_bound(cross_entropy_bits, H_Y: float = 1.0):
    """Cross-entropy lower bound on I(X;Y), in bits.

    For any predicted distribution q(y|x), the expected cross-entropy loss
    CE = E[-log2 q(Y|X)] is at least H(Y|X) (the gap is an expected KL
    divergence), so I(X;Y) = H(Y) - H(Y|X) >= H(Y) - CE (Tegmark & Wu 2019,
    eq. 41). Clipped at 0.

    Parameters
    ----------
    cross_entropy_bits : float or array_like
        Mean cross-entropy loss **in bits** (divide a loss in nats by ln 2).
    H_Y : float, default 1.0
        Entropy of the class variable in bits.

    Examples
    --------
    >>> cross_entropy_bound(0.25)
    0.75
    >>> cross_entropy_bound(1.5)
    0.0
    """
    ce = as_float_array(cross_entropy_bits, "cross_entropy_bits")
    if ce.size and ce.min() < 0:
        raise ValueError(f"cross_entropy_bits must be >= 0; got {ce.min():.6g}")
    H_Y = float(H_Y)
    if not np.isfinite(H_Y) or H_Y < 0:
        raise ValueError(f"H_Y must be a finite entropy >= 0 bits; got {H_Y!r}")
    bound = np.maximum(H_Y - ce, 0.0)
    return float(bound) if np.ndim(bound) == 0 else bound
