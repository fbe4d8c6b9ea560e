"""Exact corners and the exact Pareto frontier of H(Z) against I(Z;Y).

Given a joint table of N fine bins and a binary class (a
:class:`~distill.binning.JointTable`, sorted by P(Y=1|bin) unless
``sort=False``), a compression Z groups the rows into m contiguous groups.
For a grouping into groups g,

    H(Z)   = sum_g -P_g log2 P_g,
    I(Z;Y) = H(Y) - sum_g c(g),   c(g) = P_g h2(P(Y=1|g)) >= 0,

and both sums are additive over groups, so both objectives are shortest-path
costs on the DAG of (groups used, last row).

* :func:`corners`: for each m = 1..M, the grouping maximizing I(Z;Y)
  (minimizing sum c). On posterior-sorted rows the group cost satisfies the
  quadrangle (Monge) inequality c(a,c) + c(b,d) <= c(a,d) + c(b,c) for
  a <= b <= c <= d (Iwata & Ozawa 2014), so the optimal last cut is monotone
  in the end row and each layer of the dynamic program is solved by
  divide and conquer in O(N log N): O(M N log N) in all, vectorized level by
  level in numpy. ``method="quadratic"`` is the plain O(M N^2) program.
* :func:`frontier`: the whole upper envelope I*(H) = max I(Z;Y) over
  contiguous groupings into at most M groups with H(Z) <= H, by a
  bi-objective dynamic program that keeps the Pareto set of (H, cost) at
  every node and prunes states whose optimistic completion is dominated by
  an already known final point.

Zero-mass rows carry no probability and cannot change H or I; they are
dropped before the programs run and each one is put back into the group of
the non-empty row before it (the first group for leading ones).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from ._validate import check_int, check_max_bins, as_float_array
from .binning import JointTable

__all__ = [
    "Corner",
    "CornersResult",
    "FrontierResult",
    "corners",
    "frontier",
    "grouping_points",
    "enumerate_groupings",
    "group_cost",
]

DOMINANCE_TOL = 1e-12
"""Two (H, I) values closer than this (bits) count as equal when pruning.

Sums of a few hundred terms carry round-off of order 1e-15; a completion that
could beat a known point by less than 1e-12 bits is treated as tied, so the
frontier is exact to 1e-12 bits.
"""


_DEDUP_TOL = 1e-14
"""Frontier points whose I differs by less than this are the same point."""


# ----------------------------------------------------------------------------
# group terms from prefix sums

def _xlog2x(x):
    x = np.maximum(x, 0.0)
    return x * np.log2(np.where(x > 0, x, 1.0))


class _Prefix:
    """Prefix sums of the two class columns of the non-empty rows."""

    def __init__(self, p: np.ndarray):
        self.n = p.shape[0]
        self.S1 = np.concatenate([[0.0], np.cumsum(p[:, 0])])
        self.S2 = np.concatenate([[0.0], np.cumsum(p[:, 1])])
        self.S = np.concatenate([[0.0], np.cumsum(p[:, 0] + p[:, 1])])

    def cost(self, i, j):
        """c(rows i..j-1) = P h2(P(Y=1|group)) in bits, for arrays i < j."""
        a = np.maximum(self.S1[j] - self.S1[i], 0.0)
        b = np.maximum(self.S2[j] - self.S2[i], 0.0)
        return np.maximum(_xlog2x(a + b) - _xlog2x(a) - _xlog2x(b), 0.0)

    def hterm(self, i, j):
        """-P log2 P of rows i..j-1, in bits."""
        return -_xlog2x(np.maximum(self.S[j] - self.S[i], 0.0))


def group_cost(p, i, j):
    """Cost c(g) = P_g h2(P(Y=1|g)) of the group of rows ``i .. j-1``, in bits.

    ``I(Z;Y) = H(Y) - sum_g c(g)``. Vectorized over arrays ``i < j``.

    Examples
    --------
    >>> float(group_cost([[0.25, 0.25], [0.5, 0.0]], 0, 2))
    0.8112781244591328
    """
    p = np.asarray(p, dtype=float)
    return _Prefix(p).cost(np.asarray(i), np.asarray(j))


# ----------------------------------------------------------------------------
# preparing a table

def _as_table(table) -> JointTable:
    if isinstance(table, JointTable):
        return table
    return JointTable(as_float_array(table, "table", ndim=2))


def _prepare(table, sort: bool):
    t = _as_table(table)
    if sort:
        t = t.sorted()
    mass = t.mass
    keep = np.flatnonzero(mass > 0)
    return t, keep, t.p[keep]


def _rows_from_kept(b_kept: np.ndarray, keep: np.ndarray, n_rows: int) -> np.ndarray:
    """Map boundaries in the non-empty rows to boundaries in all rows.

    An interior boundary before kept row k sits right before that row, so
    empty rows join the group before them.
    """
    b_kept = np.asarray(b_kept)
    out = np.empty_like(b_kept)
    inner = (b_kept > 0) & (b_kept < keep.size)
    out[inner] = keep[b_kept[inner]]
    out[b_kept == 0] = 0
    out[b_kept == keep.size] = n_rows
    return out


def _thresholds(t: JointTable, keep: np.ndarray, b_rows: np.ndarray, b_kept: np.ndarray):
    """Interior thresholds of a grouping and the scale they are on."""
    inner_rows = b_rows[1:-1]
    if t.is_w_ordered and t.edges is not None:
        return [float(t.edges[t.order[r]]) for r in inner_rows], t.scale
    post = t.posterior
    if t.is_posterior_sorted:
        kk = b_kept[1:-1]
        lo = post[keep[kk - 1]]
        hi = post[keep[kk]]
        return [float(x) for x in (lo + hi) / 2], "posterior"
    return [float(r) for r in inner_rows], "row"


# ----------------------------------------------------------------------------
# corners

@dataclass(frozen=True, eq=False)
class Corner:
    """The best grouping into ``bins`` contiguous groups.

    Attributes
    ----------
    bins : int
        Number of groups m.
    H : float
        H(Z) in bits.
    I : float
        I(Z;Y) in bits.
    thresholds : tuple of float
        The m - 1 interior boundaries b_1 < ... < b_{m-1}: on the W scale
        (``threshold_scale == "w"``, or the grid's own scale such as "f")
        when the groups are W-intervals; on the posterior P(Y=1|bin) scale
        (``"posterior"``, midpoints between neighbouring groups) when sorting
        reordered the fine bins; row indices (``"row"``) for an unsorted
        table that is in neither order.
    joint : numpy.ndarray, shape (m, 2)
        P(Z = g, Y = y).
    boundaries : tuple of int
        Row boundaries ``0 = r_0 < ... < r_m = N`` into the (sorted) fine
        table: group g is rows r_g .. r_{g+1} - 1.
    threshold_scale : str
        See ``thresholds``.
    """

    bins: int
    H: float
    I: float
    thresholds: tuple
    joint: np.ndarray
    boundaries: tuple
    threshold_scale: str = "w"

    def to_dict(self) -> dict:
        return {
            "bins": int(self.bins),
            "H": float(self.H),
            "I": float(self.I),
            "thresholds": [float(x) for x in self.thresholds],
            "joint": np.asarray(self.joint).tolist(),
            "boundaries": [int(b) for b in self.boundaries],
            "threshold_scale": self.threshold_scale,
        }


@dataclass(frozen=True, eq=False)
class CornersResult:
    """Corners for m = 1..M on one joint table.

    Attributes
    ----------
    I_total : float
        I(W';Y) of the fine table, the ceiling of every corner (bits).
    H_Y : float
        H(Y) in bits.
    corners : tuple of Corner
        One per m = 1..M, I non-decreasing in m.
    n_fine : int
        Number of fine bins N.
    n_nonempty : int
        Fine bins with positive probability.
    sorted : bool
        Whether the fine bins were sorted by P(Y=1|bin).
    reordered : bool
        Whether sorting changed the W order (then thresholds are on the
        posterior scale).
    method : str
        "dc" (divide and conquer) or "quadratic".
    """

    I_total: float
    H_Y: float
    corners: tuple
    n_fine: int
    n_nonempty: int
    sorted: bool
    reordered: bool
    method: str
    table: JointTable = field(repr=False, default=None)

    @property
    def H(self) -> np.ndarray:
        return np.array([c.H for c in self.corners])

    @property
    def I(self) -> np.ndarray:
        return np.array([c.I for c in self.corners])

    @property
    def bins(self) -> np.ndarray:
        return np.array([c.bins for c in self.corners])

    def to_dict(self) -> dict:
        return {
            "I_total": float(self.I_total),
            "H_Y": float(self.H_Y),
            "corners": [c.to_dict() for c in self.corners],
            "n_fine": int(self.n_fine),
            "n_nonempty": int(self.n_nonempty),
            "sorted": bool(self.sorted),
            "reordered": bool(self.reordered),
        }


def _segmented_argmin(v: np.ndarray, starts: np.ndarray, lens: np.ndarray):
    """Leftmost minimum of each consecutive segment of ``v``."""
    mins = np.minimum.reduceat(v, starts)
    seg = np.repeat(np.arange(starts.size), lens)
    hit = np.flatnonzero(v == mins[seg])
    first = np.ones(hit.size, dtype=bool)
    first[1:] = seg[hit[1:]] != seg[hit[:-1]]
    return mins, hit[first]


def _layer_dc(prev: np.ndarray, pre: _Prefix, m: int, only_last: bool = False):
    """One layer of the corners program by divide and conquer.

    F_m(j) = min_{m-1 <= i < j} F_{m-1}(i) + c(i, j) for j = m..n, using that
    the leftmost optimal i is non-decreasing in j (quadrangle inequality).
    All intervals of one recursion depth are processed together.
    """
    n = pre.n
    F = np.full(n + 1, np.inf)
    arg = np.full(n + 1, -1, dtype=np.int64)
    if only_last:
        i = np.arange(m - 1, n)
        v = prev[i] + pre.cost(i, np.full(i.size, n))
        k = int(np.argmin(v))
        F[n], arg[n] = v[k], i[k]
        return F, arg
    jlo = np.array([m]); jhi = np.array([n])
    olo = np.array([m - 1]); ohi = np.array([n - 1])
    while jlo.size:
        mid = (jlo + jhi) // 2
        hi = np.minimum(ohi, mid - 1)
        lens = hi - olo + 1
        starts = np.cumsum(lens) - lens
        total = int(lens.sum())
        i = np.arange(total) - np.repeat(starts - olo, lens)
        j = np.repeat(mid, lens)
        v = prev[i] + pre.cost(i, j)
        mins, best = _segmented_argmin(v, starts, lens)
        bi = i[best]
        F[mid] = mins
        arg[mid] = bi
        left = jlo <= mid - 1
        right = mid + 1 <= jhi
        jlo, jhi, olo, ohi = (
            np.concatenate([jlo[left], (mid + 1)[right]]),
            np.concatenate([(mid - 1)[left], jhi[right]]),
            np.concatenate([olo[left], bi[right]]),
            np.concatenate([bi[left], ohi[right]]),
        )
    return F, arg


def _layer_quadratic(prev: np.ndarray, pre: _Prefix, m: int, only_last: bool = False):
    """One layer of the plain O(N^2) program (reference)."""
    n = pre.n
    F = np.full(n + 1, np.inf)
    arg = np.full(n + 1, -1, dtype=np.int64)
    js = [n] if only_last else range(m, n + 1)
    for j in js:
        i = np.arange(m - 1, j)
        v = prev[i] + pre.cost(i, np.full(i.size, j))
        k = int(np.argmin(v))
        F[j], arg[j] = v[k], i[k]
    return F, arg


def _min_cost_layers(p: np.ndarray, M: int, method: str = "dc", last_only_final: bool = True):
    """F[m][j]: least total cost of rows 0..j-1 in exactly m groups (m = 1..M),
    and the argmin tables for backtracking."""
    pre = _Prefix(p)
    n = pre.n
    layer = _layer_dc if method == "dc" else _layer_quadratic
    F1 = np.full(n + 1, np.inf)
    j = np.arange(1, n + 1)
    F1[1:] = pre.cost(np.zeros_like(j), j)
    Fs, args = [F1], [np.zeros(n + 1, dtype=np.int64)]
    for m in range(2, M + 1):
        F, arg = layer(Fs[-1], pre, m, only_last=(last_only_final and m == M))
        Fs.append(F)
        args.append(arg)
    return Fs, args, pre


def _backtrack(args, m: int, n: int) -> np.ndarray:
    b = [n]
    j = n
    for k in range(m, 0, -1):
        j = int(args[k - 1][j])
        b.append(j)
    return np.array(b[::-1], dtype=np.int64)


def _grouping_joint(p: np.ndarray, b: np.ndarray) -> np.ndarray:
    cs = np.vstack([np.zeros((1, 2)), np.cumsum(p, axis=0)])
    return np.maximum(np.diff(cs[b], axis=0), 0.0)


def _HI_of_joint(joint: np.ndarray, H_Y: float):
    """H(Z) and I(Z;Y) of a grouped table (one group: exactly 0 and 0)."""
    if joint.shape[0] == 1:
        return 0.0, 0.0
    joint = joint / joint.sum()
    mass = joint.sum(axis=1)
    H = float(max(-_xlog2x(mass).sum(), 0.0))
    cost = float(np.sum(_xlog2x(mass) - _xlog2x(joint[:, 0]) - _xlog2x(joint[:, 1])))
    I = min(max(H_Y - cost, 0.0), H, H_Y)
    return H, I


def corners(table, max_bins: int = 8, *, sort: bool = True, method: str = "dc") -> CornersResult:
    """The corners: for each m = 1..M, the contiguous grouping into m bins that
    maximizes I(Z;Y), found as a global optimum by dynamic programming.

    Parameters
    ----------
    table : JointTable or array_like, shape (N, 2)
        Joint table of fine bins and the class (column 0 is Y=1).
    max_bins : int, default 8
        Largest number of bins M; at most the number of non-empty fine bins.
    sort : bool, default True
        Sort the fine bins by P(Y=1|bin) first (Theorem II.2: with sorting,
        contiguous groupings are optimal among all groupings). With
        ``sort=False`` the groups are contiguous in the table's row order.
    method : {"dc", "quadratic"}, default "dc"
        "dc": divide and conquer on the monotone optimal cut,
        O(M N log N); exact when the group cost satisfies the quadrangle
        inequality, which holds on posterior-sorted rows. "quadratic": the
        plain O(M N^2) program (exact for any row order; used automatically
        when ``sort=False`` and the rows are not posterior-sorted).

    Returns
    -------
    CornersResult

    Examples
    --------
    >>> t = JointTable([[0.4, 0.05], [0.05, 0.1], [0.05, 0.35]])
    >>> res = corners(t, max_bins=2)
    >>> [c.bins for c in res.corners], res.corners[1].boundaries
    ([1, 2], (0, 2, 3))
    """
    if method not in ("dc", "quadratic"):
        raise ValueError(f"method must be 'dc' or 'quadratic'; got {method!r}")
    t, keep, p = _prepare(table, sort)
    M = check_max_bins(max_bins, keep.size)
    if not t.is_posterior_sorted:
        method = "quadratic"  # divide and conquer needs the sorted order
    H_Y = t.H_Y
    I_total = t.I
    # every m needs F_m(n): compute all layers for all j except the last
    Fs, args, pre = _min_cost_layers(p, M, method, last_only_final=True)
    out = []
    for m in range(1, M + 1):
        b_kept = _backtrack(args, m, keep.size)
        b_rows = _rows_from_kept(b_kept, keep, t.n_bins)
        joint = _grouping_joint(p, b_kept)
        H, I = _HI_of_joint(joint, H_Y)
        th, scale = _thresholds(t, keep, b_rows, b_kept)
        joint.setflags(write=False)
        out.append(Corner(m, H, I, tuple(th), joint, tuple(int(x) for x in b_rows), scale))
    return CornersResult(I_total, H_Y, tuple(out), t.n_bins, int(keep.size), bool(sort),
                         bool(sort and not t.is_w_ordered), method, t)


# ----------------------------------------------------------------------------
# evaluating and enumerating groupings

def grouping_points(table, boundaries):
    """H(Z) and I(Z;Y) of contiguous groupings of a table's rows, in bits.

    Parameters
    ----------
    table : JointTable or array_like, shape (N, 2)
        Used in its current row order (sort it first for vertical binning).
    boundaries : array_like of int, shape (K, m + 1) or (m + 1,)
        Row boundaries ``0 = b_0 < ... < b_m = N`` of K groupings.

    Returns
    -------
    H, I : numpy.ndarray, shape (K,)

    Examples
    --------
    >>> H, I = grouping_points([[0.5, 0.0], [0.0, 0.5]], [[0, 1, 2], [0, 0, 2]])
    >>> H.tolist(), I.tolist()
    ([1.0, 0.0], [1.0, 0.0])
    """
    t = _as_table(table)
    b = np.atleast_2d(np.asarray(boundaries))
    if not np.issubdtype(b.dtype, np.integer):
        raise ValueError("boundaries must be integers")
    if b.size and (b.min() < 0 or b.max() > t.n_bins or np.any(np.diff(b, axis=1) < 0)):
        raise ValueError(f"boundaries must be non-decreasing row indices in 0..{t.n_bins}")
    pre = _Prefix(t.p)
    i, j = b[:, :-1], b[:, 1:]
    H = pre.hterm(i, j).sum(axis=1)
    cost = pre.cost(i, j).sum(axis=1)
    H_Y = t.H_Y
    I = np.clip(H_Y - cost, 0.0, None)
    return np.maximum(H, 0.0), np.minimum(I, np.minimum(H, H_Y) + 0.0)


def enumerate_groupings(table, max_bins: int, *, sort: bool = True):
    """All contiguous groupings of the rows into 1..max_bins groups (brute force).

    There are sum_m C(N-1, m-1) of them: use only for small N.

    Returns
    -------
    H, I, bins : numpy.ndarray
        H(Z), I(Z;Y) in bits and the number of groups of each grouping.
    boundaries : list of tuple
        Row boundaries of each grouping (in the sorted table if ``sort``).
    """
    t = _as_table(table)
    if sort:
        t = t.sorted()
    n = t.n_bins
    M = check_int(max_bins, "max_bins", minimum=1)
    M = min(M, n)
    bs = []
    for m in range(1, M + 1):
        for cuts in itertools.combinations(range(1, n), m - 1):
            bs.append((0,) + cuts + (n,))
    H = np.empty(len(bs)); I = np.empty(len(bs)); bins = np.empty(len(bs), dtype=np.int64)
    for m in range(1, M + 1):
        idx = [k for k, b in enumerate(bs) if len(b) == m + 1]
        if idx:
            h, i = grouping_points(t, np.array([bs[k] for k in idx]))
            H[idx], I[idx], bins[idx] = h, i, m
    return H, I, bins, bs


# ----------------------------------------------------------------------------
# the frontier

@dataclass(frozen=True, eq=False)
class FrontierResult:
    """The exact upper envelope of (H(Z), I(Z;Y)) over contiguous groupings.

    Attributes
    ----------
    points : numpy.ndarray, shape (K, 2)
        Pareto-optimal [H, I] in bits, H ascending (and I ascending): no
        grouping into at most ``max_bins`` groups has H <= H_k and I > I_k.
    bins : numpy.ndarray of int, shape (K,)
        Number of groups each point uses.
    boundaries : tuple of tuple of int
        Row boundaries of each point's grouping in the (sorted) fine table.
    I_total, H_Y : float
        I(W';Y) of the fine table and H(Y), in bits.
    max_bins, n_fine : int
    sorted : bool
    stats : dict
        Work counters (states kept per layer, candidates generated, pruned).
    """

    points: np.ndarray
    bins: np.ndarray
    boundaries: tuple
    I_total: float
    H_Y: float
    max_bins: int
    n_fine: int
    sorted: bool
    stats: dict = field(default_factory=dict, repr=False)
    table: JointTable = field(repr=False, default=None)

    @property
    def H(self) -> np.ndarray:
        return self.points[:, 0]

    @property
    def I(self) -> np.ndarray:
        return self.points[:, 1]

    def at(self, h):
        """I*(h): the best I(Z;Y) with H(Z) <= h, in bits (a step function).

        Parameters
        ----------
        h : float or array_like
            Entropy budgets in bits, >= 0.

        Returns
        -------
        float or numpy.ndarray
        """
        ha = as_float_array(h, "h")
        if ha.size and ha.min() < 0:
            raise ValueError(f"h must be >= 0 bits (an entropy budget); got {ha.min():.6g}")
        k = np.searchsorted(self.points[:, 0], ha + DOMINANCE_TOL, side="right") - 1
        out = self.points[np.maximum(k, 0), 1]
        return float(out) if out.ndim == 0 else out

    def to_dict(self) -> dict:
        return {
            "I_total": float(self.I_total),
            "H_Y": float(self.H_Y),
            "points": self.points.tolist(),
            "bins": [int(b) for b in self.bins],
            "max_bins": int(self.max_bins),
            "n_fine": int(self.n_fine),
        }


def _pareto_mask(H: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Indices of the (H, C) points not dominated (minimizing both), H ascending."""
    if H.size == 0:
        return np.empty(0, dtype=np.int64)
    o = np.lexsort((C, H))
    Cs = C[o]
    run = np.minimum.accumulate(Cs)
    keep = np.ones(o.size, dtype=bool)
    keep[1:] = Cs[1:] < run[:-1]
    return o[keep]


class _Staircase:
    """Known final points (H, C), for dominance tests."""

    def __init__(self, H, C):
        idx = _pareto_mask(np.asarray(H, float), np.asarray(C, float))
        self.H = np.asarray(H, float)[idx]
        self.C = np.asarray(C, float)[idx]

    def dominated(self, h, c):
        k = np.searchsorted(self.H, h + DOMINANCE_TOL, side="right") - 1
        ok = k >= 0
        out = np.zeros(np.shape(h), dtype=bool)
        out[ok] = self.C[k[ok]] <= c[ok] + DOMINANCE_TOL
        return out


def frontier(table, max_bins: int = 8, *, sort: bool = True) -> FrontierResult:
    """The exact Pareto frontier I*(H) over contiguous groupings of the fine bins.

    Parameters
    ----------
    table : JointTable or array_like, shape (N, 2)
    max_bins : int, default 8
        Largest number of groups M.
    sort : bool, default True
        Sort fine bins by P(Y=1|bin) first.

    Returns
    -------
    FrontierResult

    Notes
    -----
    A bi-objective dynamic program on the DAG of (groups used, last row):
    each node keeps the Pareto set of partial (H, cost) sums of paths with at
    most m groups. A state is dropped when its optimistic completion,
    (H + hmin(j), cost + Rmin(M - m, j)), is dominated by a known final
    point, where Rmin is the exact least cost of the remaining rows (a
    backward corners program) and hmin(j) = -Q log2 Q with Q the remaining
    mass (one group is the least entropy the rest can add). Known final
    points start with the corners and grow layer by layer.

    Examples
    --------
    >>> fr = frontier([[0.4, 0.05], [0.05, 0.1], [0.05, 0.35]], max_bins=3)
    >>> fr.points.shape[1], fr.points[0].tolist()
    (2, [0.0, 0.0])
    """
    t, keep, p = _prepare(table, sort)
    M = check_max_bins(max_bins, keep.size)
    n = keep.size
    H_Y = t.H_Y
    pre = _Prefix(p)
    method = "dc" if t.is_posterior_sorted else "quadratic"

    # lower bounds on what the rows j..n-1 can still add
    Fs_rev, _, _ = _min_cost_layers(p[::-1], max(M - 1, 1), method, last_only_final=False)
    R = np.full((M + 1, n + 1), np.inf)   # R[k, j]: least cost of rows j.. in <= k groups
    R[0, n] = 0.0
    for k in range(1, M):
        Fk = Fs_rev[k - 1][::-1]            # rows j..n-1 in exactly k groups
        Fk = np.where(np.arange(n + 1) == n, 0.0, Fk)
        R[k] = np.minimum(R[k - 1], Fk)
    Q = pre.S[-1] - pre.S
    hmin = -_xlog2x(Q)

    # incumbents: the corners
    cres = corners(JointTable(p), M, sort=False, method=method)
    incH = [c.H for c in cres.corners]
    incC = [H_Y - c.I for c in cres.corners]
    stair = _Staircase(incH, incC)

    stats = {"layers": [], "candidates": 0, "pruned": 0}
    # layer 0: the empty path at node 0
    L_end = np.array([0]); L_H = np.array([0.0]); L_C = np.array([0.0])
    L_m = np.array([0]); L_start = np.array([-1]); L_parent = np.array([-1])
    history = []
    for m in range(1, M + 1):
        left = M - m
        off = np.searchsorted(L_end, np.arange(n + 2), side="left")
        js = [n] if m == M else range(1, n + 1)
        parts = []
        for j in js:
            k = off[j]
            src = np.arange(k)
            s = L_end[src]
            h = L_H[src] + pre.hterm(s, np.full(k, j))
            c = L_C[src] + pre.cost(s, np.full(k, j))
            carry = np.arange(off[j], off[j + 1])
            h = np.concatenate([h, L_H[carry]])
            c = np.concatenate([c, L_C[carry]])
            par = np.concatenate([src, carry])
            start = np.concatenate([s, np.full(carry.size, -1)])
            mm = np.concatenate([L_m[src] + 1, L_m[carry]])
            stats["candidates"] += h.size
            if j < n:
                alive = ~stair.dominated(h + hmin[j], c + R[left, j])
                stats["pruned"] += int(h.size - alive.sum())
                h, c, par, start, mm = h[alive], c[alive], par[alive], start[alive], mm[alive]
            sel = _pareto_mask(h, c)
            parts.append((np.full(sel.size, j), h[sel], c[sel], par[sel], start[sel], mm[sel]))
        history.append((L_end, L_start, L_parent))
        L_end = np.concatenate([x[0] for x in parts])
        L_H = np.concatenate([x[1] for x in parts])
        L_C = np.concatenate([x[2] for x in parts])
        L_parent = np.concatenate([x[3] for x in parts])
        L_start = np.concatenate([x[4] for x in parts])
        L_m = np.concatenate([x[5] for x in parts])
        stats["layers"].append(int(L_end.size))
        fin = L_end == n
        if fin.any():
            stair = _Staircase(np.concatenate([stair.H, L_H[fin]]),
                               np.concatenate([stair.C, L_C[fin]]))
    history.append((L_end, L_start, L_parent))

    # final states at node n (<= M groups) plus incumbents that are corners
    fin = np.flatnonzero(L_end == n)
    H_all = np.concatenate([L_H[fin], incH])
    C_all = np.concatenate([L_C[fin], incC])
    sel = _pareto_mask(H_all, C_all)
    pts, bins, bnds = [], [], []
    for s in sel:
        if s < fin.size:
            b_kept = _path(history, int(fin[s]))
        else:
            b_kept = np.array(cres.corners[s - fin.size].boundaries)
        joint = _grouping_joint(p, b_kept)
        H, I = _HI_of_joint(joint, H_Y)
        pts.append((H, I))
        bins.append(b_kept.size - 1)
        bnds.append(tuple(int(x) for x in _rows_from_kept(b_kept, keep, t.n_bins)))
    pts = np.array(pts)
    # recomputed values differ from the path sums by round-off: filter again
    o = np.lexsort((-pts[:, 1], pts[:, 0]))
    best = -np.inf
    kept = []
    for k in o:
        if pts[k, 1] > best + _DEDUP_TOL:
            kept.append(k)
            best = pts[k, 1]
    points = pts[kept]
    points.setflags(write=False)
    return FrontierResult(points, np.array(bins)[kept], tuple(bnds[k] for k in kept), t.I, H_Y,
                          M, t.n_bins, bool(sort), stats, t)


def _path(history, idx: int) -> np.ndarray:
    """Boundaries (in kept rows) of the path ending at state ``idx`` of the last layer."""
    cuts = []
    ends, starts, parents = history[-1]
    cuts.append(int(ends[idx]))
    layer = len(history) - 1
    while layer > 0:
        ends, starts, parents = history[layer]
        st = int(starts[idx])
        if st >= 0:
            cuts.append(st)
        idx = int(parents[idx])
        layer -= 1
    b = sorted(set(cuts))
    return np.array(b, dtype=np.int64)
