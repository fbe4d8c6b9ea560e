"""The steps of the flow from a classifier output W to a joint table.

    W --CDF--> uniform on [0, 1] --N fine bins--> W' --sort by P(Y=1|bin)--> ...

Everything downstream works on a :class:`JointTable`: an (N, 2) array
``P[i, y] = P(fine bin i, Y = y)`` (column 0 is Y=1, column 1 is Y=2), plus
the fine bins' edges on the W scale and which original bin each row is.

Binning convention (Tegmark & Wu 2019): with boundaries
b_0 <= b_1 <= ... <= b_m, bin k holds b_{k-1} <= x < b_k, and x = b_m (x = 1
for W) goes into the last bin. :func:`contiguous_bin` returns the bin index
counted from 0 (the paper's k minus one).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._validate import (
    SUM_TOL,
    as_float_array,
    binary_labels,
    check_binary_joint,
    check_int,
    check_unit_interval,
)
from .info import mutual_information, entropy

__all__ = [
    "JointTable",
    "joint_from_samples",
    "joint_from_cdf",
    "read_cdf_csv",
    "read_predictions_csv",
    "uniformize",
    "contiguous_bin",
    "fine_bin",
    "sort_by_posterior",
    "random_contiguous_binnings",
    "default_fine_bins",
    "MAX_DEFICIT",
]

MAX_DEFICIT = 0.01
"""Largest probability mass a joint CDF grid may miss before it is an error.

The authors' released grids end at F1 + F2 between 0.9986 and 1 (the mass at
W = 1 exactly, and round-off of 5-digit values, fall outside
``P(W < 1)``); a larger shortfall means a truncated or wrong file.
"""

MONOTONE_TOL = 1e-12
"""Largest decrease tolerated in a cumulative column (pure round-off)."""


# ----------------------------------------------------------------------------
# the joint table

POSTERIOR_TIE_TOL = 1e-12
"""Posteriors closer than this count as tied when checking the sort order."""


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class JointTable:
    """Joint distribution of fine bins and a binary class, in a fixed row order.

    Parameters
    ----------
    p : array_like, shape (N, 2)
        ``p[i, y] = P(row i, Y = y)``; column 0 is Y=1, column 1 is Y=2.
        Non-negative, summing to one within ``tol``; rows of zero mass are
        allowed. Stored renormalized to sum exactly to one.
    edges : array_like, shape (N + 1,), optional
        Boundaries of the fine bins on the W scale (or the scale named by
        ``scale``) in their original order: original bin ``k`` spans
        ``edges[k] <= w < edges[k + 1]``. Default: ``N + 1`` equal-width
        edges on [0, 1]. ``None`` is kept when a merge made bins that are not
        W-intervals.
    order : array_like of int, shape (N,), optional
        ``order[i]`` is the original (W-ordered) fine bin that row ``i`` is.
        Default: the identity.
    scale : str, default "w"
        Name of the scale of ``edges`` ("w", or e.g. "f" for a recalibrated
        grid).
    deficit : float, default 0
        Probability mass the source missed before renormalization (for a
        joint-CDF grid, ``1 - F1(end) - F2(end) + F1(start) + F2(start)``).
    tol : float, default 1e-6
        Allowed ``|sum(p) - 1|``.

    Notes
    -----
    ``posterior`` of a zero-mass row is undefined; it is filled with the
    posterior of the nearest non-empty bin before it in the original W order
    (after it, for leading empty bins). The rule keeps empty bins harmless:
    they carry no probability, never change H(Z) or I(Z;Y), and under a
    stable sort they stay next to their W neighbour, so a monotone table
    stays in W order.
    """

    p: np.ndarray
    edges: np.ndarray | None = None
    order: np.ndarray | None = None
    scale: str = "w"
    deficit: float = 0.0
    tol: float = field(default=SUM_TOL, repr=False)

    def __post_init__(self):
        p = check_binary_joint(self.p, "p", self.tol)
        p = p / p.sum()
        n = p.shape[0]
        object.__setattr__(self, "p", _readonly(p))
        if self.order is None:
            order = np.arange(n)
        else:
            order = np.asarray(self.order)
            if order.shape != (n,) or not np.issubdtype(order.dtype, np.integer) \
                    or not np.array_equal(np.sort(order), np.arange(n)):
                raise ValueError(
                    f"order must be a permutation of 0..{n - 1} (one entry per row of p); "
                    f"got {order.shape[0] if order.ndim == 1 else order.shape} entries"
                )
        object.__setattr__(self, "order", _readonly(order.astype(np.int64)))
        edges = self.edges
        if edges is not None or self.scale == "w":
            if edges is None:
                edges = np.linspace(0.0, 1.0, n + 1)
            edges = as_float_array(edges, "edges", ndim=1)
            if edges.shape != (n + 1,):
                raise ValueError(
                    f"edges must have N + 1 = {n + 1} entries for {n} fine bins; got {edges.size}"
                )
            if np.any(np.diff(edges) < 0):
                raise ValueError("edges must be non-decreasing; got a decreasing step")
            edges = _readonly(edges)
        object.__setattr__(self, "edges", edges)

    # -- basic properties --------------------------------------------------
    @property
    def n_bins(self) -> int:
        """Number of fine bins N (rows)."""
        return self.p.shape[0]

    def __len__(self) -> int:
        return self.n_bins

    @property
    def mass(self) -> np.ndarray:
        """P(bin) for each row, shape (N,)."""
        return self.p.sum(axis=1)

    @property
    def n_nonempty(self) -> int:
        """Number of rows with positive probability."""
        return int(np.count_nonzero(self.mass > 0))

    @property
    def p_y(self) -> np.ndarray:
        """Class probabilities (P(Y=1), P(Y=2))."""
        return self.p.sum(axis=0)

    @property
    def H_Y(self) -> float:
        """H(Y) in bits."""
        return entropy(self.p_y)

    @property
    def I(self) -> float:
        """I(W';Y) of the fine binning, in bits."""
        return mutual_information(self.p)

    @property
    def H(self) -> float:
        """H(W') of the fine binning, in bits."""
        return entropy(self.mass)

    @property
    def posterior(self) -> np.ndarray:
        """P(Y=1 | bin) for each row, shape (N,); zero-mass rows filled (see Notes)."""
        mass = self.mass
        post_rows = np.full(self.n_bins, np.nan)
        pos = mass > 0
        post_rows[pos] = self.p[pos, 0] / mass[pos]
        # fill in the original W order: previous non-empty bin, else next one
        inv = np.argsort(self.order)          # rows in original order
        post = post_rows[inv]
        good = ~np.isnan(post)
        idx = np.where(good, np.arange(post.size), -1)
        idx = np.maximum.accumulate(idx)
        first = np.flatnonzero(good)[0]
        idx[idx < 0] = first
        post = post[idx]
        out = np.empty_like(post)
        out[inv] = post
        return out

    @property
    def is_w_ordered(self) -> bool:
        """True when rows are in their original W order."""
        return bool(np.all(np.diff(self.order) > 0))

    @property
    def is_posterior_sorted(self) -> bool:
        """True when P(Y=1|row) is non-decreasing down the rows.

        Differences of a few units in the last place are ties: building a
        table renormalizes it, which can flip equal posteriors by one ulp.
        """
        return bool(np.all(np.diff(self.posterior) >= -POSTERIOR_TIE_TOL))

    # -- operations --------------------------------------------------------
    def sorted(self) -> "JointTable":
        """The table with rows sorted by P(Y=1|bin), ascending (stable: ties
        keep the current row order)."""
        idx = np.argsort(self.posterior, kind="stable")
        return JointTable(self.p[idx], self.edges, self.order[idx], self.scale,
                          self.deficit, tol=self.tol)

    def row_edges(self) -> np.ndarray | None:
        """(N, 2) array of each row's [left, right) edges on the table's scale."""
        if self.edges is None:
            return None
        return np.stack([self.edges[self.order], self.edges[self.order + 1]], axis=1)

    def merge(self, boundaries=None, *, labels=None) -> "JointTable":
        """Merge rows into coarser bins.

        Parameters
        ----------
        boundaries : array_like of int, optional
            Increasing cut positions into the rows, ``0 = b_0 < b_1 < ... <
            b_m = N`` (the leading 0 and trailing N may be omitted): group
            ``g`` holds rows ``b_g .. b_{g+1} - 1``.
        labels : array_like of int, shape (N,), optional
            Group label of each row (any integers; groups are ordered by
            label). Use for non-contiguous groupings.

        Returns
        -------
        JointTable
            The coarse table. Its edges are on the W scale when the merged
            rows were in W order and contiguous; otherwise ``edges`` is None.
        """
        n = self.n_bins
        if (boundaries is None) == (labels is None):
            raise ValueError("merge needs exactly one of boundaries or labels")
        if boundaries is not None:
            b = np.asarray(boundaries)
            if b.ndim != 1 or not np.issubdtype(b.dtype, np.integer):
                raise ValueError(f"boundaries must be a 1-D integer array; got {b!r}")
            if b.size == 0 or b[0] != 0:
                b = np.concatenate([[0], b])
            if b[-1] != n:
                b = np.concatenate([b, [n]])
            if np.any(np.diff(b) <= 0) or b[0] < 0 or b[-1] > n:
                raise ValueError(
                    f"boundaries must increase strictly from 0 to N = {n}; got {b.tolist()}"
                )
            cs = np.vstack([np.zeros((1, 2)), np.cumsum(self.p, axis=0)])
            p_new = np.diff(cs[b], axis=0)
            p_new = np.maximum(p_new, 0.0)
            if self.is_w_ordered and self.edges is not None:
                e = self.edges[self.order[0]: self.order[-1] + 2]
                edges = e[b]
                return JointTable(p_new, edges, None, self.scale, self.deficit, tol=self.tol)
            return JointTable(p_new, None, None, "none", self.deficit, tol=self.tol)
        lab = np.asarray(labels)
        if lab.shape != (n,):
            raise ValueError(f"labels must have one entry per row ({n}); got shape {lab.shape}")
        _, inv = np.unique(lab, return_inverse=True)
        p_new = np.zeros((inv.max() + 1, 2))
        np.add.at(p_new, inv.ravel(), self.p)
        return JointTable(p_new, None, None, "none", self.deficit, tol=self.tol)

    def to_dict(self) -> dict:
        """A JSON-ready dictionary."""
        return {
            "p": self.p.tolist(),
            "edges": None if self.edges is None else self.edges.tolist(),
            "order": self.order.tolist(),
            "scale": self.scale,
            "deficit": float(self.deficit),
        }


# ----------------------------------------------------------------------------
# uniformization and contiguous binning

def uniformize(w, cdf=None) -> np.ndarray:
    """Map W to U = F(W), uniform on [0, 1] when F is the CDF of W.

    Parameters
    ----------
    w : array_like, shape (n,)
        Values of W.
    cdf : callable, optional
        The analytic CDF ``F(w)``. Without it the empirical mid-rank CDF is
        used: ``u_i = (#{w_j < w_i} + #{w_j = w_i} / 2) / n``, which lies in
        (0, 1), is uniform over the distinct values, and gives tied values
        the same ``u`` (so a binning of ``u`` is still a function of W).

    Returns
    -------
    numpy.ndarray, shape (n,)
        The uniformized values in [0, 1].

    Examples
    --------
    >>> uniformize([0.3, 0.1, 0.2, 0.9]).tolist()
    [0.625, 0.125, 0.375, 0.875]
    """
    a = as_float_array(w, "w", ndim=1)
    if cdf is not None:
        u = as_float_array(cdf(a), "cdf(w)")
        if u.shape != a.shape:
            raise ValueError(f"cdf(w) must have the shape of w {a.shape}; got {u.shape}")
        return check_unit_interval(u, "cdf(w)")
    n = a.size
    if n == 0:
        raise ValueError("w must not be empty")
    s = np.sort(a)
    less = np.searchsorted(s, a, side="left")
    leq = np.searchsorted(s, a, side="right")
    return (less + (leq - less) / 2.0) / n


def contiguous_bin(x, b) -> np.ndarray:
    """The contiguous binning function B(x, b), counted from 0.

    Bin ``k`` (0-based) holds ``b[k] <= x < b[k+1]``; ``x == b[-1]`` goes into
    the last bin. Repeated boundaries make empty bins.

    Parameters
    ----------
    x : array_like
        Values in ``[b[0], b[-1]]``.
    b : array_like, shape (m + 1,)
        Non-decreasing boundaries b_0 <= ... <= b_m with b_0 < b_m.

    Returns
    -------
    numpy.ndarray of int
        Bin indices in 0..m-1, same shape as ``x``.

    Examples
    --------
    >>> contiguous_bin([0.0, 0.25, 0.5, 0.99, 1.0], [0, 0.5, 1]).tolist()
    [0, 0, 1, 1, 1]
    """
    b = as_float_array(b, "b", ndim=1)
    if b.size < 2:
        raise ValueError(f"b must have at least 2 boundaries; got {b.size}")
    if np.any(np.diff(b) < 0) or b[-1] <= b[0]:
        raise ValueError(f"b must be non-decreasing with b[0] < b[-1]; got {b.tolist()[:6]}")
    xa = as_float_array(x, "x")
    if xa.size and (xa.min() < b[0] or xa.max() > b[-1]):
        bad = xa.min() if xa.min() < b[0] else xa.max()
        raise ValueError(f"x must lie in [b[0], b[-1]] = [{b[0]:g}, {b[-1]:g}]; got {bad:.6g}")
    k = np.searchsorted(b, xa, side="right") - 1
    return np.minimum(k, b.size - 2).astype(np.int64)


def fine_bin(u, n_bins: int) -> np.ndarray:
    """Fine-bin index of uniformized values: ``B(u, (0, 1/N, ..., 1))``, from 0."""
    n = check_int(n_bins, "n_bins", minimum=1)
    u = check_unit_interval(u, "u")
    return np.minimum((u * n).astype(np.int64), n - 1)


def default_fine_bins(n_samples: int) -> int:
    """Default number of equal-count fine bins for ``n`` samples: round(sqrt(n)).

    One bin per sample would make every bin pure after sorting, so binned
    information would be overestimated; about sqrt(n) bins balance the
    binning loss (< 6/N bits, Theorem A.1) against the plug-in bias of
    bins holding about sqrt(n) samples each.
    """
    return max(1, int(round(math.sqrt(n_samples))))


def joint_from_samples(w, y, n_bins: int | None = None, *, spacing: str = "mass") -> JointTable:
    """Joint table of fine bins of W and the class, from samples.

    Parameters
    ----------
    w : array_like, shape (n,)
        Predicted probabilities P(Y=1|x) in [0, 1].
    y : array_like, shape (n,)
        Labels in {1, 2} (1 is Y=1) or {0, 1} (1 is Y=1, the class W is the
        probability of; 0 is Y=2). Both classes must occur.
    n_bins : int, optional
        Number of fine bins N; default :func:`default_fine_bins` (about
        sqrt(n)).
    spacing : {"mass", "width"}, default "mass"
        "mass": equal-count bins, i.e. equal-width bins of the empirical
        CDF U = F(W) (:func:`uniformize`); "width": equal-width bins of W.

    Returns
    -------
    JointTable
        Relative frequencies; ``edges`` on the W scale (for "mass", the
        smallest sample value of each bin), so that bin ``k`` is
        ``B(w, edges) == k``.

    Examples
    --------
    >>> t = joint_from_samples([0.1, 0.2, 0.8, 0.9], [2, 2, 1, 1], n_bins=2)
    >>> t.p.tolist()
    [[0.0, 0.5], [0.5, 0.0]]
    >>> t.edges.tolist()
    [0.0, 0.8, 1.0]
    """
    wa = check_unit_interval(as_float_array(w, "w", ndim=1), "w")
    is1 = binary_labels(y, "y")
    if is1.shape != wa.shape:
        raise ValueError(f"w and y must have equal length; got {wa.size} and {is1.size}")
    n = wa.size
    N = default_fine_bins(n) if n_bins is None else check_int(n_bins, "n_bins", minimum=1)
    if spacing == "width":
        edges = np.linspace(0.0, 1.0, N + 1)
    elif spacing == "mass":
        k0 = fine_bin(uniformize(wa), N)
        # edge k: the smallest w that falls in bin >= k (1 when none does)
        order = np.argsort(wa, kind="stable")
        ws, ks = wa[order], k0[order]
        first = np.searchsorted(ks, np.arange(N + 1), side="left")
        edges = np.ones(N + 1)
        inside = first < n
        edges[inside] = ws[first[inside]]
        edges[0] = 0.0
        edges[N] = 1.0
        edges = np.maximum.accumulate(edges)
    else:
        raise ValueError(f"spacing must be 'mass' or 'width'; got {spacing!r}")
    k = contiguous_bin(wa, edges)
    counts = np.zeros((N, 2))
    np.add.at(counts[:, 0], k[is1], 1.0)
    np.add.at(counts[:, 1], k[~is1], 1.0)
    return JointTable(counts / n, edges)


# ----------------------------------------------------------------------------
# joint CDF grids (the authors' released files)

def _check_cdf_columns(w_grid, F1, F2):
    w = as_float_array(w_grid, "w_grid", ndim=1)
    f1 = as_float_array(F1, "F1", ndim=1)
    f2 = as_float_array(F2, "F2", ndim=1)
    if not (w.shape == f1.shape == f2.shape):
        raise ValueError(
            f"w_grid, F1 and F2 must have equal length; got {w.size}, {f1.size}, {f2.size}"
        )
    if w.size < 2:
        raise ValueError(f"a joint CDF grid needs at least 2 points; got {w.size}")
    if w[0] < 0 or w[-1] > 1:
        bad = w[0] if w[0] < 0 else w[-1]
        raise ValueError(
            f"column w must lie in [0, 1] (a probability W, or a recalibrated one); got {bad:.6g}"
        )
    dw = np.diff(w)
    if np.any(dw <= 0):
        i = int(np.flatnonzero(dw <= 0)[0]) + 1
        raise ValueError(
            f"column w must increase strictly; it does not at row {i + 1} (w={w[i]:.6g})"
        )
    for name, f in (("F1", f1), ("F2", f2)):
        df = np.diff(f)
        if np.any(df < -MONOTONE_TOL):
            i = int(np.flatnonzero(df < -MONOTONE_TOL)[0]) + 1
            raise ValueError(
                f"column {name} must be non-decreasing (a cumulative distribution); "
                f"it decreases by {-df[i - 1]:.3g} at row {i + 1} (w={w[i]:.6g})"
            )
        if f[0] < 0 or f[-1] > 1 + SUM_TOL:
            bad = f[0] if f[0] < 0 else f[-1]
            raise ValueError(f"column {name} must lie in [0, 1] (a probability); got {bad:.6g}")
    return w, np.maximum.accumulate(f1), np.maximum.accumulate(f2)


def read_cdf_csv(path: str | os.PathLike):
    """Read a joint-CDF grid: three columns ``w, F1, F2`` with
    ``F_j(w) = P(W < w, Y = j)``.

    The format of the authors' released files (no header). A header line
    naming the columns is also accepted.

    Parameters
    ----------
    path : str or path-like
        The CSV file.

    Returns
    -------
    w_grid, F1, F2 : numpy.ndarray, each shape (G,)
        ``w_grid`` strictly increasing; ``F1``, ``F2`` non-decreasing.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        For a file that is not three numeric columns, holds NaN, or whose
        cumulative columns decrease.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"CDF file {str(path)!r} does not exist; give a CSV with columns w, F1, F2")
    data = _read_numeric_csv(path, ("w", "F1", "F2"))
    return _check_cdf_columns(data[:, 0], data[:, 1], data[:, 2])


def _read_numeric_csv(path: Path, columns: tuple[str, ...]) -> np.ndarray:
    """Read a numeric CSV with exactly ``len(columns)`` columns (optional header)."""
    want = len(columns)
    names = ", ".join(columns)
    with open(path, "r", encoding="utf-8-sig") as fh:
        lines = [ln.strip() for ln in fh if ln.strip()]
    if not lines:
        raise ValueError(f"{path.name}: the file is empty; expected columns {names}")
    first = [c.strip() for c in lines[0].split(",")]
    try:
        [float(c) for c in first]
    except ValueError:
        lines = lines[1:]          # a header line
        if not lines:
            raise ValueError(f"{path.name}: only a header, no data rows; expected columns {names}") from None
    rows = []
    for i, ln in enumerate(lines):
        cells = ln.split(",")
        if len(cells) != want:
            raise ValueError(
                f"{path.name}: expected {want} columns ({names}); got {len(cells)} in data row {i + 1}"
            )
        try:
            rows.append([float(c) for c in cells])
        except ValueError:
            raise ValueError(f"{path.name}: non-numeric value in data row {i + 1}: {ln[:60]!r}") from None
    data = np.asarray(rows, dtype=float)
    if not np.all(np.isfinite(data)):
        i = int(np.flatnonzero(~np.all(np.isfinite(data), axis=1))[0])
        raise ValueError(f"{path.name}: NaN or infinite value in data row {i + 1}")
    return data


def read_predictions_csv(path: str | os.PathLike):
    """Read predictions: two columns ``w, y`` (W = P(Y=1|x) and the label).

    Returns
    -------
    w, y : numpy.ndarray
        Predicted probabilities and integer labels (validated later by
        :func:`joint_from_samples`).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"predictions file {str(path)!r} does not exist; give a CSV with columns w, y"
        )
    data = _read_numeric_csv(path, ("w", "y"))
    y = data[:, 1]
    if np.any(y != np.round(y)):
        raise ValueError(f"{path.name}: column y must hold integer labels {{1, 2}} or {{0, 1}}")
    return data[:, 0], y.astype(np.int64)


def joint_from_cdf(w_grid, F1, F2, n_bins: int | None = None, *, spacing: str = "mass",
                   max_deficit: float = MAX_DEFICIT, scale: str = "w") -> JointTable:
    """Joint table of fine bins from a joint-CDF grid ``F_j(w) = P(W < w, Y = j)``.

    Bin ``[b_{k-1}, b_k)`` gets ``P[k, j] = F_j(b_k) - F_j(b_{k-1})``.

    Parameters
    ----------
    w_grid, F1, F2 : array_like, shape (G,)
        The grid (strictly increasing) and the two cumulative columns
        (non-decreasing), as returned by :func:`read_cdf_csv`.
    n_bins : int, optional
        Number of fine bins. Default: the grid's own G - 1 cells. Otherwise
        the CDFs are interpolated linearly between grid points onto new
        edges: equal-mass edges (``spacing="mass"``, F1 + F2 split into equal
        steps) or equal-width edges (``spacing="width"``).
    spacing : {"mass", "width"}, default "mass"
    max_deficit : float, default 0.01
        Largest tolerated missing mass (see Notes).
    scale : str, default "w"
        Name of the grid's scale, recorded in the table ("f" for a
        recalibrated-probability grid such as ``CIFARQ.csv``).

    Returns
    -------
    JointTable
        Renormalized to sum to one; ``deficit`` records the missing mass.

    Notes
    -----
    The grid covers ``w_grid[0] <= W < w_grid[-1]`` only, so it misses
    ``F1(start) + F2(start)`` below and ``1 - F1(end) - F2(end)`` at or above
    the end (for the released files: the mass at W = 1 exactly, and
    round-off; up to 0.0014 for ``CIFARF.csv``). The class split of that mass
    is unknown, so the table is renormalized over the covered range and the
    shortfall is kept in ``JointTable.deficit``. A shortfall above
    ``max_deficit`` (or a total above one) is an error.
    """
    w, f1, f2 = _check_cdf_columns(w_grid, F1, F2)
    total = (f1[-1] - f1[0]) + (f2[-1] - f2[0])
    deficit = 1.0 - total
    if total > 1.0 + SUM_TOL:
        raise ValueError(
            f"F1 + F2 must not exceed 1; the grid holds total probability {total:.6g} "
            f"(over by {total - 1:.3g})"
        )
    if deficit > max_deficit:
        raise ValueError(
            f"the joint CDF covers only {total:.6g} of the probability: {deficit:.4g} is "
            f"missing, more than max_deficit={max_deficit:g}; check that F1 and F2 are "
            "joint (not class-conditional) CDFs ending near 1/2 each"
        )
    if n_bins is None:
        edges = w
        c1, c2 = f1, f2
    else:
        N = check_int(n_bins, "n_bins", minimum=1)
        if spacing == "width":
            edges = np.linspace(w[0], w[-1], N + 1)
        elif spacing == "mass":
            T = f1 + f2
            levels = T[0] + (T[-1] - T[0]) * np.arange(N + 1) / N
            idx = np.searchsorted(T, levels, side="left")
            idx = np.clip(idx, 1, T.size - 1)
            lo, hi = T[idx - 1], T[idx]
            frac = np.where(hi > lo, (levels - lo) / np.where(hi > lo, hi - lo, 1.0), 1.0)
            edges = w[idx - 1] + np.clip(frac, 0.0, 1.0) * (w[idx] - w[idx - 1])
            edges[0], edges[-1] = w[0], w[-1]
            edges = np.maximum.accumulate(edges)
        else:
            raise ValueError(f"spacing must be 'mass' or 'width'; got {spacing!r}")
        c1 = np.interp(edges, w, f1)
        c2 = np.interp(edges, w, f2)
    p = np.stack([np.diff(c1), np.diff(c2)], axis=1)
    p = np.maximum(p, 0.0)
    return JointTable(p / p.sum(), edges, None, scale, float(deficit))


# ----------------------------------------------------------------------------
# sorting and random binnings

def sort_by_posterior(table):
    """Sort fine bins by P(Y=1|bin), ascending and stable ("vertical" binning).

    Parameters
    ----------
    table : JointTable or array_like, shape (N, 2)

    Returns
    -------
    JointTable, or (p_sorted, order) for an array input
        For an array, ``order[i]`` is the input row that sorted row ``i`` is.

    Examples
    --------
    >>> p, order = sort_by_posterior([[0.3, 0.1], [0.1, 0.3], [0.1, 0.1]])
    >>> order.tolist()
    [1, 2, 0]
    """
    if isinstance(table, JointTable):
        return table.sorted()
    t = JointTable(table)
    s = t.sorted()
    return np.array(s.p), np.array(s.order)


def random_contiguous_binnings(n_fine: int, m: int, size: int, rng=None) -> np.ndarray:
    """Random contiguous groupings of ``n_fine`` fine bins into ``m`` bins.

    The ``m - 1`` cut points are drawn uniformly without replacement from
    ``1 .. n_fine - 1`` (every grouping into ``m`` non-empty contiguous bins
    equally likely), as for scatter plots like Figure 1 of the paper.

    Parameters
    ----------
    n_fine : int
        Number of fine bins N.
    m : int
        Number of coarse bins, 1 <= m <= N.
    size : int
        Number of groupings.
    rng : numpy.random.Generator or int, optional
        Random generator or seed.

    Returns
    -------
    numpy.ndarray of int, shape (size, m + 1)
        Boundaries ``0 = b_0 < b_1 < ... < b_m = n_fine`` per row, usable with
        :meth:`JointTable.merge` or :func:`distill.frontier.grouping_points`.

    Examples
    --------
    >>> b = random_contiguous_binnings(10, 3, 4, rng=0)
    >>> b.shape, bool((b[:, 0] == 0).all()), bool((b[:, -1] == 10).all())
    ((4, 4), True, True)
    """
    n_fine = check_int(n_fine, "n_fine", minimum=1)
    m = check_int(m, "m", minimum=1)
    size = check_int(size, "size", minimum=0)
    if m > n_fine:
        raise ValueError(f"m must not exceed n_fine ({n_fine}); got {m}")
    rng = np.random.default_rng(rng)
    k = m - 1
    cuts = np.empty((size, k), dtype=np.int64)
    if k > 0:
        if n_fine - 1 <= 4 * k:
            for r in range(size):
                cuts[r] = np.sort(rng.choice(n_fine - 1, k, replace=False)) + 1
        else:
            todo = np.arange(size)
            while todo.size:
                draw = np.sort(rng.integers(1, n_fine, size=(todo.size, k)), axis=1)
                ok = np.all(np.diff(draw, axis=1) > 0, axis=1) if k > 1 else np.ones(todo.size, bool)
                cuts[todo[ok]] = draw[ok]
                todo = todo[~ok]
    out = np.empty((size, m + 1), dtype=np.int64)
    out[:, 0] = 0
    out[:, -1] = n_fine
    out[:, 1:-1] = cuts
    return out
