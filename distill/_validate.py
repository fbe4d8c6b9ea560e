"""Input checks shared by :mod:`distill.info`, :mod:`distill.binning` and
:mod:`distill.frontier`.

Each helper checks one kind of input and raises a one-line ``ValueError``
whose message names the parameter, the rule it broke and the value received,
so that a user can fix the call without reading the source.
"""

from __future__ import annotations

import numbers

import numpy as np

SUM_TOL = 1e-6
"""Default tolerance on ``|sum(p) - 1|`` for probability tables.

Tables written with 5-6 significant digits (as in the paper) sum to one only
to about this precision; anything further off is a mistake, not round-off.
"""


def _short(x) -> str:
    """A short printable form of a value for error messages."""
    a = np.asarray(x)
    if a.ndim == 0:
        return repr(a.item())
    return f"array of shape {a.shape}"


def as_float_array(x, name: str, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Convert ``x`` to a float array, checking dimension and finiteness."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric; got {type(x).__name__}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}; got shape {a.shape}")
    if a.size and not np.all(np.isfinite(a)):
        bad = a[~np.isfinite(a)].ravel()[0]
        raise ValueError(f"{name} must be finite; got {bad!r} (NaN or infinity) in {name}")
    return a


def check_probabilities(p, name: str = "p", ndim=None, tol: float = SUM_TOL,
                        normalized: bool = True) -> np.ndarray:
    """Check a table of probabilities: finite, non-negative and (optionally)
    summing to one within ``tol``.

    Returns the table as a float array (not renormalized).
    """
    a = as_float_array(p, name, ndim)
    if a.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {a.shape}")
    if np.any(a < 0):
        raise ValueError(
            f"{name} must be non-negative; got minimum {a.min():.6g}"
        )
    if normalized:
        total = float(a.sum())
        if abs(total - 1.0) > tol:
            raise ValueError(
                f"{name} must sum to 1 (within {tol:g}); got sum {total:.10g}, "
                f"off by {total - 1.0:+.3g}; normalize it first (p / p.sum())"
            )
    return a


def check_joint_table(p, name: str = "joint", tol: float = SUM_TOL) -> np.ndarray:
    """Check a 2-D joint probability table ``P[z, y]`` (rows: bins, columns: classes)."""
    a = check_probabilities(p, name, ndim=2, tol=tol)
    if a.shape[1] < 1 or a.shape[0] < 1:
        raise ValueError(f"{name} must have at least one row and one column; got shape {a.shape}")
    return a


def check_binary_joint(p, name: str = "p", tol: float = SUM_TOL) -> np.ndarray:
    """Check an (N, 2) joint table of a fine binning and two classes."""
    a = check_joint_table(p, name, tol)
    if a.shape[1] != 2:
        raise ValueError(
            f"{name} must have shape (N, 2): one column per class Y=1, Y=2; got shape {a.shape}"
        )
    for col, label in ((0, "Y=1"), (1, "Y=2")):
        if a[:, col].sum() <= 0:
            raise ValueError(
                f"{name}: class {label} has zero probability (column {col} sums to 0); "
                "a binary table needs both classes"
            )
    return a


def check_int(x, name: str, minimum: int | None = None) -> int:
    """Check that ``x`` is an integer (not a bool), at least ``minimum``."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise ValueError(f"{name} must be an integer; got {x!r}")
    x = int(x)
    if minimum is not None and x < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {x}")
    return x


def check_max_bins(max_bins, n_nonempty: int, name: str = "max_bins") -> int:
    """Check the number of coarse bins against the non-empty fine bins."""
    m = check_int(max_bins, name, minimum=1)
    if m > n_nonempty:
        raise ValueError(
            f"{name} must not exceed the number of non-empty fine bins ({n_nonempty}); "
            f"got {m}; use more fine bins or fewer coarse bins"
        )
    return m


def check_unit_interval(x, name: str = "w") -> np.ndarray:
    """Check values that must lie in [0, 1] (probabilities such as W)."""
    a = as_float_array(x, name)
    if a.size and (a.min() < 0 or a.max() > 1):
        bad = a.min() if a.min() < 0 else a.max()
        raise ValueError(
            f"{name} must lie in [0, 1] (a predicted probability); got {bad:.6g}"
        )
    return a


def binary_labels(y, name: str = "y") -> np.ndarray:
    """Map labels in {1, 2} or {0, 1} to a boolean array ``True`` for Y=1.

    Labels {1, 2}: 1 is Y=1, 2 is Y=2. Labels {0, 1}: 1 is Y=1 (the class whose
    probability W is), 0 is Y=2.
    """
    a = np.asarray(y)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D; got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} must not be empty")
    try:
        values = np.unique(a)
    except TypeError:
        raise ValueError(f"{name} must hold two class labels, {{1, 2}} or {{0, 1}}; got mixed types") from None
    vals = set(values.tolist())
    if vals <= {1, 2} and 2 in vals:
        is1 = a == 1
        classes = "{1, 2}"
    elif vals <= {0, 1} and 0 in vals:
        is1 = a == 1
        classes = "{0, 1}"
    elif vals == {1}:
        raise ValueError(
            f"{name} has a class with no samples: every label is 1; "
            "both classes must occur"
        )
    else:
        shown = sorted(vals)[:6]
        raise ValueError(
            f"{name} must hold two class labels, {{1, 2}} or {{0, 1}}; got values {shown}"
            + (" ..." if len(vals) > 6 else "")
        )
    if is1.all() or not is1.any():
        missing = ("2" if classes == "{1, 2}" else "0") if is1.all() else "1"
        raise ValueError(
            f"{name} has a class with no samples: label {missing} never occurs; "
            "both classes must occur"
        )
    return is1
