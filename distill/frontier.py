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
  contiguous groupings into at most M groups with H(Z) <= H, including the
  non-concave stretches that no weighted-sum method finds, by a
  bi-objective dynamic program. Layer m holds the partial paths with exactly
  m groups as flat arrays sorted by their last row; each node keeps the
  Pareto set of (H, cost) over all layers so far; a partial path is dropped
  when every completion is dominated by a known final grouping, using three
  exact lower bounds on what the remaining rows add (one group for H, a
  backward corners program for the cost, backward weighted-sum programs for
  ``cost + lam H``). Known groupings come from the corners, forward
  weighted-sum programs (exact supported points) and an approximate
  frontier on coarser blocks, refined. The work is output-sensitive (the
  Pareto sets hold thousands of points): measured, N = 200, M = 8 takes
  about a second and N = 1000, M = 8 from ten seconds to a minute (see
  ``bench/bench_frontier.py``). ``coarse=K`` gives the coarse-to-fine
  approximation for larger N.
* :func:`frontier_at`: the exact I*(h) at chosen entropies where the whole
  exact frontier is out of reach (thousands of fine bins): the same layered
  program with one objective, least cost under H <= h, pruned by branch and
  bound against the best known grouping with Lagrangian bounds on the rest.
* :func:`frontier_bound`: a certified upper bound on I*(h) by Lagrangian
  duality, per number of groups.

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
    "frontier_bound",
    "frontier_at",
    "FrontierPoints",
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


def _assign(t: JointTable, boundaries, w) -> np.ndarray:
    """Group index (0-based) of each value ``w`` under a grouping of the rows
    of ``t`` given by row ``boundaries``."""
    from .binning import contiguous_bin

    if t is None or t.edges is None:
        raise ValueError("assign needs a table with fine-bin edges (this one has none)")
    k = contiguous_bin(w, t.edges)            # original fine bin of each value
    row_of_bin = np.empty(t.n_bins, dtype=np.int64)
    row_of_bin[t.order] = np.arange(t.n_bins)
    b = np.asarray(boundaries)
    return np.searchsorted(b, row_of_bin[k], side="right") - 1


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
    table : JointTable
        The fine table the corners' boundaries index (sorted if ``sorted``).
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

    def assign(self, w, bins: int) -> np.ndarray:
        """The bin Z (0-based) of each value ``w`` under the corner with ``bins`` bins.

        Works whether or not sorting reordered the fine bins: each value goes
        to its fine bin (by the table's edges, on its scale), then to that
        bin's group.

        Parameters
        ----------
        w : array_like
            Values on the table's scale (W for tables built from W).
        bins : int
            Which corner (1..M).

        Returns
        -------
        numpy.ndarray of int
        """
        m = check_int(bins, "bins", minimum=1)
        if m > len(self.corners):
            raise ValueError(f"bins must be at most {len(self.corners)} (the largest corner); got {m}")
        return _assign(self.table, self.corners[m - 1].boundaries, w)

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
    table : JointTable
        The fine table the boundaries index (sorted if ``sorted``).
    exact : bool
        False for the coarse-to-fine approximation (``coarse=`` in
        :func:`frontier`): then every point is attained by its grouping, but
        the envelope may lie below the exact one.
    h_max : float
        The points cover H <= h_max only (``inf``: the whole frontier).
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
    exact: bool = True
    h_max: float = math.inf

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
        if ha.size and ha.max() > self.h_max + DOMINANCE_TOL:
            raise ValueError(f"this frontier was computed for H <= {self.h_max:.6g} bits only; "
                             f"got h = {ha.max():.6g} (compute it with a larger h_max)")
        k = np.searchsorted(self.points[:, 0], ha + DOMINANCE_TOL, side="right") - 1
        out = self.points[np.maximum(k, 0), 1]
        return float(out) if out.ndim == 0 else out

    def assign(self, w, index: int) -> np.ndarray:
        """The bin Z (0-based) of each value ``w`` under frontier point ``index``
        (see :meth:`CornersResult.assign`)."""
        k = check_int(index, "index")
        if not -len(self.boundaries) <= k < len(self.boundaries):
            raise ValueError(f"index must address one of {len(self.boundaries)} points; got {k}")
        return _assign(self.table, self.boundaries[k], w)

    def to_dict(self) -> dict:
        return {
            "I_total": float(self.I_total),
            "H_Y": float(self.H_Y),
            "points": self.points.tolist(),
            "bins": [int(b) for b in self.bins],
            "max_bins": int(self.max_bins),
            "n_fine": int(self.n_fine),
            "exact": bool(self.exact),
        }


def _pareto_mask(H: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Indices of the (H, C) points not dominated (minimizing both), H ascending.

    Of exact duplicates the first one is kept.
    """
    if H.size == 0:
        return np.empty(0, dtype=np.int64)
    o = np.argsort(H, kind="stable")
    Cs = C[o]
    run = np.minimum.accumulate(Cs)
    keep = np.ones(o.size, dtype=bool)
    keep[1:] = Cs[1:] < run[:-1]
    idx = o[keep]
    # equal H: only the last kept one (the least cost) survives
    Hk = H[idx]
    last = np.ones(idx.size, dtype=bool)
    last[:-1] = Hk[1:] != Hk[:-1]
    return idx[last]


LAMBDA_MAX_ROWS = 2500
"""Largest number of non-empty rows for which the frontier program builds the
(N+1)^2 edge matrices behind its weighted-sum bounds (about 50 MB each at
this size); beyond it only the cheaper box bounds prune."""


class _Staircase:
    """Known final points (H, C) and the test whether a partial path can still
    reach a point that none of them dominates.

    The points not dominated by the staircase h_0 < h_1 < ... (costs
    c_0 > c_1 > ...) lie strictly below-left of one of its nadirs
    (h_{t+1}, c_t), or left of h_0, or below c_{-1}. A partial path's
    completions (x, y) obey x >= x0, y >= y0 and, for each weight lam,
    y + lam x >= r_lam; it can be dropped when no nadir satisfies all of
    them (tested per weight with range-maximum queries on a sparse table).
    """

    def __init__(self, H, C, lambdas: np.ndarray, kills=None):
        self.kills = np.zeros(lambdas.size) if kills is None else kills
        H = np.asarray(H, float)
        C = np.asarray(C, float)
        idx = _pareto_mask(H, C)
        self.h, self.c = H[idx], C[idx]
        self.lambdas = lambdas
        n = self.h.size
        self.levels = None
        if n >= 2 and lambdas.size:
            vals = self.c[None, :-1] + lambdas[:, None] * self.h[None, 1:]   # (L, n-1)
            levels = [vals]
            width = 1
            while 2 * width <= n - 1:
                prev = levels[-1]
                nxt = np.full_like(prev, -np.inf)
                nxt[:, : prev.shape[1] - width] = np.maximum(prev[:, :-width], prev[:, width:])
                levels.append(nxt)
                width *= 2
            self.levels = np.stack(levels)            # (K, L, n-1)

    def alive(self, h, c, h_rest: float, c_rest: float, w_rest=None):
        """Which partial paths (H = h, cost = c) can still reach a final point
        that no known point dominates.

        h_rest, c_rest : least H and least cost the remaining rows can add;
        w_rest : (L,) least ``cost + lam * H`` they can add, per weight, or None.
        """
        tol = DOMINANCE_TOL
        hs, cs = self.h, self.c
        n = hs.size
        x0 = h + h_rest
        y0 = c + c_rest
        keep = (x0 <= hs[0] + tol) | (y0 <= cs[-1] + tol)
        if n < 2:
            return keep
        # nadir t = lo has the largest cost among nadirs with H >= x0
        lo = np.maximum(np.searchsorted(hs, x0 - tol, side="left") - 1, 0)
        test = (lo <= n - 2) & (cs[np.minimum(lo, n - 2)] >= y0 - tol) & ~keep
        if w_rest is not None and self.levels is not None:
            q = np.flatnonzero(test)
            l = lo[q]
            u = np.minimum(np.searchsorted(-cs, -(y0[q] - tol), side="right") - 1, n - 2)
            k = np.floor(np.log2(u - l + 1)).astype(np.int64)
            u2 = u - (1 << k) + 1
            # weights that pruned most so far go first
            for li in np.argsort(-self.kills, kind="stable"):
                if q.size == 0:
                    break
                lev = self.levels[:, li, :]
                best = np.maximum(lev[k, l], lev[k, u2])
                ok = best >= c[q] + self.lambdas[li] * h[q] + w_rest[li] - tol
                if not ok.all():
                    self.kills[li] += q.size - np.count_nonzero(ok)
                    q, l, u2, k = q[ok], l[ok], u2[ok], k[ok]
            test[:] = False
            test[q] = True
        return keep | test


def _edge_matrices(pre: _Prefix):
    """(n+1, n+1) matrices of group cost and group entropy for rows i..j-1
    (inf below the diagonal)."""
    n = pre.n
    i = np.arange(n + 1)[:, None]
    j = np.arange(n + 1)[None, :]
    valid = j > i
    ii, jj = np.broadcast_arrays(i, j)
    cost = np.full((n + 1, n + 1), np.inf)
    hmat = np.full((n + 1, n + 1), np.inf)
    cost[valid] = pre.cost(ii[valid], jj[valid])
    hmat[valid] = pre.hterm(ii[valid], jj[valid])
    return cost, hmat


def _weighted_programs(pre: _Prefix, M: int, lambdas: np.ndarray, emat):
    """For each weight lam: the groupings minimizing cost + lam * H with exactly
    m = 1..M groups (exact supported points, as boundaries), and the least
    ``cost + lam * H`` of rows j..n-1 in at most k groups, W[l, k, j]."""
    n = pre.n
    cost, hmat = emat
    W = np.full((lambdas.size, M, n + 1), np.inf)
    W[:, 0, n] = 0.0
    found = []
    for li, lam in enumerate(lambdas):
        E = cost + lam * hmat
        # forward: exactly m groups covering rows 0..j-1
        F = E[0].copy()
        args = [np.zeros(n + 1, dtype=np.int64)]
        for m in range(1, M + 1):
            if m > 1:
                T = F[:, None] + E
                a = np.argmin(T, axis=0)
                F = T[a, np.arange(n + 1)]
                args.append(a)
            if np.isfinite(F[n]):
                found.append(_backtrack(args, m, n))
        # backward: rows j..n-1 in at most k groups (G[n] = 0: nothing left)
        G = np.full(n + 1, np.inf)
        G[n] = 0.0
        for k in range(1, M):
            G = np.minimum(G, np.min(E + G[None, :], axis=1))
            G[n] = 0.0
            W[li, k] = G
        del E
    return found, W


def _rest_bounds(p: np.ndarray, pre: _Prefix, M: int, method: str):
    """Box bounds on what rows j..n-1 can still add: R[k, j], their least cost
    in at most k groups, and hmin[j], the least entropy (one group)."""
    n = pre.n
    Fs_rev, _, _ = _min_cost_layers(p[::-1], max(M - 1, 1), method, last_only_final=False)
    R = np.full((M + 1, n + 1), np.inf)
    R[0, n] = 0.0
    for k in range(1, M):
        Fk = Fs_rev[k - 1][::-1].copy()
        Fk[n] = 0.0
        R[k] = np.minimum(R[k - 1], Fk)
    hmin = -_xlog2x(pre.S[-1] - pre.S)
    return R, hmin


def _groupings_HC(pre: _Prefix, groupings):
    """H and cost of each grouping (boundary arrays), batched by size."""
    H = np.empty(len(groupings))
    C = np.empty(len(groupings))
    sizes = np.array([b.size for b in groupings], dtype=np.int64)
    for size in np.unique(sizes):
        idx = np.flatnonzero(sizes == size)
        B = np.stack([groupings[k] for k in idx])
        H[idx] = pre.hterm(B[:, :-1], B[:, 1:]).sum(axis=1)
        C[idx] = pre.cost(B[:, :-1], B[:, 1:]).sum(axis=1)
    return H, C


def _stack_layer(parts):
    """One layer's states from its per-row parts (end, H, cost, start, parent)."""
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return empty, np.empty(0), np.empty(0), empty, empty
    return tuple(np.concatenate([x[i] for x in parts]) for i in range(5))


SEED_MIN_ROWS = 120
"""Tables with more rows than this first get an approximate frontier (on blocks
of ``SEED_BLOCK`` rows, refined) whose groupings serve as known points."""
SEED_BLOCK = 4


def _exact_frontier(p: np.ndarray, M: int, H_Y: float, n_lambdas: int, seed: bool = True,
                    h_max: float = np.inf):
    """Pareto-optimal groupings of the rows of ``p`` into at most M contiguous
    groups (minimizing H and cost), those with H <= ``h_max`` only (partial
    paths that cannot end there are dropped). Returns (list of boundaries,
    stats)."""
    n = p.shape[0]
    pre = _Prefix(p)
    # divide and conquer needs posterior-sorted rows (all rows here are non-empty)
    post = p[:, 0] / p.sum(axis=1)
    method = "dc" if np.all(np.diff(post) >= 0) else "quadratic"
    seeds = []
    if seed and n > SEED_MIN_ROWS:
        # a near-frontier from coarser blocks, refined: attained groupings
        # that make the bounds below bite from the first layer on
        cb = _equal_mass_blocks(pre, max(n // SEED_BLOCK, M))
        pc = np.diff(np.stack([pre.S1[cb], pre.S2[cb]], axis=1), axis=0)
        coarse_b, _ = _exact_frontier(pc, M, H_Y, n_lambdas, seed=True, h_max=h_max)
        seeds, _ = _refine(pre, [cb[g] for g in coarse_b], int(np.max(np.diff(cb))), 2)
    stats = {"layers": [], "candidates": 0, "pruned": 0, "lambdas": 0}

    # box bounds on what rows j..n-1 can still add
    R, hmin = _rest_bounds(p, pre, M, method)

    # incumbents: the corners and the weighted-sum optima
    Fs, args, _ = _min_cost_layers(p, M, method, last_only_final=True)
    inc_b = [_backtrack(args, m, n) for m in range(1, M + 1)]
    use_lambdas = M >= 2 and n_lambdas > 0 and n <= LAMBDA_MAX_ROWS
    lambdas = np.geomspace(1e-4, 2.0, n_lambdas) if use_lambdas else np.empty(0)
    emat = _edge_matrices(pre) if n <= LAMBDA_MAX_ROWS else None
    if use_lambdas:
        found, W = _weighted_programs(pre, M, lambdas, emat)
        inc_b += found
        stats["lambdas"] = int(lambdas.size)
    inc_b += list(seeds)
    # column j of the edge matrices as a contiguous row, for the gathers below
    ematT = None if emat is None else (np.ascontiguousarray(emat[0].T),
                                       np.ascontiguousarray(emat[1].T))
    stats["seeds"] = len(seeds)
    inc_H, inc_C = _groupings_HC(pre, inc_b)
    stair = _Staircase(inc_H, inc_C, lambdas)

    # the layered program: layer m holds paths with exactly m groups; node j
    # keeps the Pareto set over all layers so far (fewer groups dominate)
    B_H = [np.empty(0)] * (n + 1)
    B_C = [np.empty(0)] * (n + 1)
    B_ref = [np.empty((0, 2), dtype=np.int64)] * (n + 1)
    L_end = np.array([0]); L_H = np.array([0.0]); L_C = np.array([0.0])
    hist = [(L_end, np.array([-1]), np.array([-1]))]
    for m in range(1, M + 1):
        left = M - m
        off = np.searchsorted(L_end, np.arange(n + 2), side="left")
        js = [n] if m == M else range(m, n + 1)
        parts = []
        n_layer = 0
        for j in js:
            k = int(off[j])
            if k == 0:
                continue
            s = L_end[:k]
            if emat is not None:
                h = L_H[:k] + ematT[1][j][s]
                c = L_C[:k] + ematT[0][j][s]
            else:
                jj = np.full(k, j)
                h = L_H[:k] + pre.hterm(s, jj)
                c = L_C[:k] + pre.cost(s, jj)
            par = np.arange(k)
            stats["candidates"] += k
            if j < n or h_max < np.inf:
                alive = h + hmin[j] <= h_max + DOMINANCE_TOL
                if j < n:
                    alive &= stair.alive(h, c, hmin[j], R[left, j],
                                         W[:, left, j] if lambdas.size else None)
                stats["pruned"] += int(k - alive.sum())
                if not alive.all():
                    h, c, par = h[alive], c[alive], par[alive]
                    if h.size == 0:
                        continue
            nb = B_H[j].size
            allH = np.concatenate([B_H[j], h])
            allC = np.concatenate([B_C[j], c])
            sel = _pareto_mask(allH, allC)
            new = sel[sel >= nb] - nb
            # store only the new Pareto states; they get the next indices of
            # this layer's arrays
            refs_new = np.stack([np.full(new.size, m), n_layer + np.arange(new.size)], axis=1)
            n_layer += new.size
            pos = np.full(h.size, -1, dtype=np.int64)
            pos[new] = np.arange(new.size)
            refs = np.concatenate([B_ref[j], refs_new])
            ref_idx = np.where(sel < nb, sel, nb + pos[np.maximum(sel - nb, 0)])
            B_H[j], B_C[j], B_ref[j] = allH[sel], allC[sel], refs[ref_idx]
            if new.size:
                parts.append((np.full(new.size, j), h[new], c[new], s[par[new]], par[new]))
        L_end, L_H, L_C, starts, pars = _stack_layer(parts)
        hist.append((L_end, starts, pars))
        stats["layers"].append(int(L_end.size))
        if B_H[n].size:
            stair = _Staircase(np.concatenate([stair.h, B_H[n]]),
                               np.concatenate([stair.c, B_C[n]]), lambdas, stair.kills)

    # final points: node n's Pareto set plus the incumbents
    fin_b = [_path_ref(hist, int(mm), int(ii)) for mm, ii in B_ref[n]]
    all_b = fin_b + inc_b
    H_all = np.concatenate([B_H[n], inc_H])
    C_all = np.concatenate([B_C[n], inc_C])
    sel = _pareto_mask(H_all, C_all)
    sel = sel[H_all[sel] <= h_max + DOMINANCE_TOL]
    return [all_b[s] for s in sel], stats


def _path_ref(hist, m: int, idx: int) -> np.ndarray:
    """Boundaries of the path ending at state ``idx`` of layer ``m``."""
    ends, starts, parents = hist[m]
    b = [int(ends[idx])]
    while m >= 1:
        ends, starts, parents = hist[m]
        b.append(int(starts[idx]))
        idx = int(parents[idx])
        m -= 1
    return np.array(b[::-1], dtype=np.int64)


def frontier(table, max_bins: int = 8, *, sort: bool = True, n_lambdas: int = 16,
             coarse: int | None = None, refine_rounds: int = 4,
             resolution: float = 1e-5, max_exact_rows: int | None = LAMBDA_MAX_ROWS,
             h_max: float | None = None) -> FrontierResult:
    """The exact Pareto frontier I*(H) over contiguous groupings of the fine bins.

    Parameters
    ----------
    table : JointTable or array_like, shape (N, 2)
    max_bins : int, default 8
        Largest number of groups M.
    sort : bool, default True
        Sort fine bins by P(Y=1|bin) first.
    n_lambdas : int, default 16
        Number of weights lam in the weighted-sum programs that seed the
        known points and bound the rest of each path (0: box bounds only).
        Changes the speed, never the result.
    coarse : int, optional
        Coarse-to-fine approximation for large N: merge the (sorted) fine
        bins into ``coarse`` equal-mass contiguous blocks, find the exact
        frontier of the blocks, then move each boundary of each frontier
        grouping over the fine bins within one block either side, keeping
        every Pareto improvement, for up to ``refine_rounds`` rounds. The
        result has ``exact=False``; every point is attained, and its gap to
        the exact envelope is measured in the benchmark.
    refine_rounds : int, default 4
        Rounds of boundary moves per step size for ``coarse``.
    resolution : float, default 1e-5
        For ``coarse`` only: keep refined points whose information differs by
        at least about this many bits (a noisy table with 10^4 or more fine
        bins has hundreds of thousands of Pareto points a few nanobits
        apart); the envelope drops by less than ``resolution``. 0 keeps all.
    max_exact_rows : int or None, default 2500
        Refuse the exact program on more non-empty fine bins than this (its
        cost grows fast with N: seconds at a few hundred bins, up to minutes
        at 1000 on noisy tables); ``None`` lifts the limit.
    h_max : float, optional
        Only the part of the frontier with H <= ``h_max`` bits: partial
        groupings that cannot end there are dropped, which makes the exact
        program far cheaper at small H. :meth:`FrontierResult.at` then
        refuses larger budgets.

    Returns
    -------
    FrontierResult

    Notes
    -----
    A bi-objective dynamic program on the DAG of (groups used, last row).
    Layer m holds partial paths with exactly m groups; every node keeps the
    Pareto set of its (H, cost) sums over all layers so far, since a path
    with fewer groups that is as good in both can be extended in every way
    the other can. A partial path ending at row j is dropped when every
    completion is dominated by a known final grouping. Its completions are
    bounded below by (i) one group, -Q log2 Q, for H (Q the mass left), (ii)
    the least cost of the remaining rows in the groups left (a backward
    corners program) and (iii) for each weight lam, the least
    ``cost + lam H`` of the remaining rows (backward weighted programs, exact
    supported points of the rest). Known final groupings start with the
    corners and the forward weighted-sum optima (exact supported points of
    the frontier) and grow with every layer's complete paths. Pruning treats
    values within 1e-12 bits as equal, so the envelope is exact to 1e-12.

    Examples
    --------
    >>> fr = frontier([[0.4, 0.05], [0.05, 0.1], [0.05, 0.35]], max_bins=3)
    >>> fr.points.shape[1], fr.points[0].tolist()
    (2, [0.0, 0.0])
    """
    t, keep, p = _prepare(table, sort)
    M = check_max_bins(max_bins, keep.size)
    n_lambdas = check_int(n_lambdas, "n_lambdas", minimum=0)
    H_Y = t.H_Y
    if coarse is not None:
        coarse = check_int(coarse, "coarse", minimum=M)
        refine_rounds = check_int(refine_rounds, "refine_rounds", minimum=0)
    if (coarse is None or coarse >= keep.size) and max_exact_rows is not None \
            and keep.size > max_exact_rows:
        raise ValueError(
            f"the exact frontier of {keep.size} non-empty fine bins is out of reach "
            f"(limit max_exact_rows={max_exact_rows}); resample to fewer fine bins "
            "(n_bins=1000, --fine-bins 1000) or use the coarse-to-fine approximation "
            "(coarse=200, --coarse 200)"
        )
    if h_max is None:
        h_max = np.inf
    elif not (h_max >= 0):
        raise ValueError(f"h_max must be a number of bits >= 0; got {h_max!r}")
    if coarse is None or coarse >= keep.size:
        groupings, stats = _exact_frontier(p, M, H_Y, n_lambdas, h_max=float(h_max))
        return _frontier_result(t, keep, p, groupings, M, sort, stats, exact=True,
                                h_max=float(h_max))
    if h_max < np.inf:
        raise ValueError("h_max applies to the exact program; leave coarse unset")
    pre = _Prefix(p)
    cb = _equal_mass_blocks(pre, coarse)
    pc = np.diff(np.stack([pre.S1[cb], pre.S2[cb]], axis=1), axis=0)
    groupings, stats = _exact_frontier(pc, M, H_Y, n_lambdas)
    groupings = [cb[g] for g in groupings]
    window = int(np.max(np.diff(cb)))
    resolution = float(resolution)
    if not (resolution >= 0 and np.isfinite(resolution)):
        raise ValueError(f"resolution must be a finite number of bits >= 0; got {resolution!r}")
    groupings, rstats = _refine(pre, groupings, window, refine_rounds, resolution)
    stats.update(rstats, coarse=int(cb.size - 1), window=window)
    return _frontier_result(t, keep, p, groupings, M, sort, stats, exact=False)


def _equal_mass_blocks(pre: _Prefix, n_blocks: int) -> np.ndarray:
    """Boundaries of about ``n_blocks`` contiguous blocks of (nearly) equal mass,
    each holding at least one row."""
    n = pre.n
    targets = np.linspace(0.0, pre.S[-1], n_blocks + 1)[1:-1]
    cuts = np.searchsorted(pre.S, targets, side="left")
    cuts = np.clip(cuts, 1, n - 1)
    return np.unique(np.concatenate([[0], cuts, [n]]))


_ROW_HASH = np.random.default_rng(20190823).integers(1, 2**62, size=64, dtype=np.int64) | 1
"""Fixed odd multipliers for hashing boundary rows (deterministic)."""


def _unique_rows(B: np.ndarray) -> np.ndarray:
    """Distinct rows of an integer matrix (by a 64-bit hash of each row; a
    collision, of probability about K^2 / 2^64, would only drop a candidate
    from the heuristic refinement)."""
    if B.shape[0] <= 1:
        return B
    with np.errstate(over="ignore"):
        key = (B.astype(np.int64) * _ROW_HASH[: B.shape[1]]).sum(axis=1)
    _, first = np.unique(key, return_index=True)
    return B[np.sort(first)]


def _thin(H: np.ndarray, C: np.ndarray, idx: np.ndarray, resolution: float) -> np.ndarray:
    """Of Pareto points ``idx`` (H ascending, cost descending) keep, in each
    run whose cost falls in one ``resolution``-wide bucket, the first (least
    H): the envelope drops by less than ``resolution`` bits."""
    if resolution <= 0 or idx.size <= 1:
        return idx
    bucket = np.floor(C[idx] / resolution)
    first = np.ones(idx.size, dtype=bool)
    first[1:] = bucket[1:] != bucket[:-1]
    return idx[first]


def _refine(pre: _Prefix, groupings, window: int, rounds: int, resolution: float = 0.0):
    """Local refinement of groupings over the rows of ``pre``.

    Moves one boundary at a time by +-s rows, for step sizes s = window,
    window/2, ..., 1, keeping the Pareto set (least H, least cost) of every
    grouping seen; at each step size, repeats up to ``rounds`` times while the
    set changes. With ``resolution`` > 0 the set is thinned to points whose
    information differs by at least about that much (bits). Returns the final
    set (list of boundary arrays).
    """
    cur = {}
    for b in groupings:
        b = np.asarray(b, dtype=np.int64)
        cur.setdefault(b.size - 1, []).append(b)
    cur = {m: _unique_rows(np.array(v)) for m, v in cur.items()}
    scales = sorted({max(1, int(window) >> k) for k in range(64)}, reverse=True)
    evaluated = 0
    done = 0

    def score(B):
        return pre.hterm(B[:, :-1], B[:, 1:]).sum(axis=1), pre.cost(B[:, :-1], B[:, 1:]).sum(axis=1)

    for s in scales:
        for _ in range(rounds):
            cand = {}
            for m, B in cur.items():
                parts = [B]
                for g in range(1, m):
                    for d in (-s, s):
                        nb = B.copy()
                        nb[:, g] += d
                        ok = (nb[:, g] > nb[:, g - 1]) & (nb[:, g] < nb[:, g + 1])
                        parts.append(nb[ok])
                cand[m] = _unique_rows(np.concatenate(parts))
                evaluated += cand[m].shape[0]
            ms = sorted(cand)
            HC = [score(cand[m]) for m in ms]
            H = np.concatenate([x[0] for x in HC])
            C = np.concatenate([x[1] for x in HC])
            owner = np.concatenate([np.full(cand[m].shape[0], m) for m in ms])
            row = np.concatenate([np.arange(cand[m].shape[0]) for m in ms])
            sel = _thin(H, C, _pareto_mask(H, C), resolution)
            new = {}
            for m in ms:
                pick = row[sel][owner[sel] == m]
                if pick.size:
                    new[m] = _unique_rows(cand[m][pick])
            done += 1
            same = set(new) == set(cur) and all(
                new[m].shape == cur[m].shape and np.array_equal(new[m], cur[m]) for m in new)
            cur = new
            if same:
                break
    out = [b for m in sorted(cur) for b in cur[m]]
    return out, {"refine_rounds": done, "refine_evaluated": int(evaluated)}


def _frontier_result(t, keep, p, groupings, M, sort, stats, exact=True,
                     h_max: float = np.inf) -> FrontierResult:
    """Recompute each grouping's (H, I) in one pass and keep the envelope."""
    H_Y = t.H_Y
    pre = _Prefix(p)
    pts = np.empty((len(groupings), 2))
    sizes = np.array([b.size for b in groupings])
    for size in np.unique(sizes):
        idx = np.flatnonzero(sizes == size)
        B = np.stack([groupings[k] for k in idx])
        if size == 2:                      # one group: H = I = 0 exactly
            pts[idx] = 0.0
            continue
        H = np.maximum(pre.hterm(B[:, :-1], B[:, 1:]).sum(axis=1), 0.0)
        I = H_Y - pre.cost(B[:, :-1], B[:, 1:]).sum(axis=1)
        pts[idx, 0] = H
        pts[idx, 1] = np.clip(I, 0.0, np.minimum(H, H_Y))
    o = np.lexsort((-pts[:, 1], pts[:, 0]))
    best = -np.inf
    kept = []
    for k in o:
        if pts[k, 1] > best + _DEDUP_TOL:
            kept.append(k)
            best = pts[k, 1]
    points = pts[kept]
    points.setflags(write=False)
    bins = np.array([groupings[k].size - 1 for k in kept])
    bins.setflags(write=False)
    bnds = tuple(tuple(int(x) for x in _rows_from_kept(groupings[k], keep, t.n_bins)) for k in kept)
    return FrontierResult(points, bins, bnds, t.I, H_Y, M, t.n_bins, bool(sort), stats, t, exact,
                          h_max)


# ----------------------------------------------------------------------------
# a certified upper bound on the frontier (Lagrangian duality)

class _WeightedOracle:
    """Least ``cost + lam H`` over groupings into exactly m = 1..M contiguous
    groups, for one weight at a time (a quadratic dynamic program on the
    edge matrices), with the H and cost of each minimizer; memoized."""

    def __init__(self, pre: _Prefix, M: int):
        self.pre, self.M, self.n = pre, M, pre.n
        self.cost, self.hmat = _edge_matrices(pre)
        self.hmat[~np.isfinite(self.hmat)] = 0.0    # cost is inf there: no 0 * inf
        self.memo = {}

    def __call__(self, lam: float):
        """(H, C) arrays of shape (M,): a minimizer of C + lam H for each m
        (inf where m groups do not fit)."""
        if lam in self.memo:
            return self.memo[lam]
        n, M = self.n, self.M
        E = self.cost + lam * self.hmat
        F = E[0].copy()
        args = [np.zeros(n + 1, dtype=np.int64)]
        H = np.full(M, np.inf)
        C = np.full(M, np.inf)
        cols = np.arange(n + 1)
        for m in range(1, M + 1):
            if m > 1:
                T = F[:, None] + E
                a = np.argmin(T, axis=0)
                F = T[a, cols]
                args.append(a)
            if np.isfinite(F[n]):
                b = _backtrack(args, m, n)
                H[m - 1] = self.pre.hterm(b[:-1], b[1:]).sum()
                C[m - 1] = self.pre.cost(b[:-1], b[1:]).sum()
        self.memo[lam] = (H, C)
        return H, C


def _dual_bound_m(oracle: _WeightedOracle, m: int, h: float, stop: float, max_iter: int):
    """max over lam >= 0 of min_g [C(g) + lam H(g)] - lam h over exactly-m
    groupings g: a lower bound on the least cost with H <= h (inf when no
    m-grouping has H <= h), by the chord (Newton) method on the two minimizers
    that bracket h. Stops early once the bound reaches ``stop``."""
    tol = DOMINANCE_TOL
    H0, C0 = oracle(0.0)
    h_lo, c_lo = H0[m - 1], C0[m - 1]
    if not np.isfinite(h_lo):
        return np.inf, 1
    if h_lo <= h + tol:                     # the corner itself fits: exact
        return c_lo, 1
    best = c_lo - 0.0                       # lam = 0 bound
    lam, calls = 1.0, 1
    while True:                             # a weight whose minimizer fits
        Hl, Cl = oracle(lam)
        calls += 1
        best = max(best, Cl[m - 1] + lam * (Hl[m - 1] - h))
        if Hl[m - 1] <= h + tol or best >= stop:
            break
        if lam > 1e8:                       # no m-grouping has H <= h
            return np.inf, calls
        lam *= 8.0
    if best >= stop or Hl[m - 1] >= h - tol:
        return best, calls
    h_hi, c_hi = Hl[m - 1], Cl[m - 1]
    for _ in range(max_iter):
        lam = (c_hi - c_lo) / (h_lo - h_hi)   # where the two lines cross
        Hl, Cl = oracle(lam)
        calls += 1
        value = Cl[m - 1] + lam * Hl[m - 1]
        best = max(best, value - lam * h)
        if value >= c_lo + lam * h_lo - tol or best >= stop:
            break                             # no grouping below the chord
        if Hl[m - 1] > h:
            h_lo, c_lo = Hl[m - 1], Cl[m - 1]
        elif Hl[m - 1] < h:
            h_hi, c_hi = Hl[m - 1], Cl[m - 1]
        else:
            best = max(best, Cl[m - 1])
            break
    return best, calls


def frontier_bound(table, h, max_bins: int = 8, *, sort: bool = True, lower=None,
                   max_iter: int = 100, max_rows: int | None = LAMBDA_MAX_ROWS):
    """Certified upper bounds on the frontier I*(h), from Lagrangian duality.

    For each number of groups m and weight lam >= 0, every contiguous grouping
    g into m groups with H(g) <= h has
    ``cost(g) >= min_g' [cost(g') + lam H(g')] - lam h`` (a weighted-sum
    program gives the minimum exactly), so ``I*(h) <= max_m (H(Y) -
    max_lam [...])``. Per m this is the concave hull of the m-group frontier at
    h, found by the chord method on the weight; it equals I*(h) wherever the
    frontier point at h is a supported point of the m-group frontier (for
    example any point a converged Lagrangian method such as the deterministic
    bottleneck reaches) and lies above it in the frontier's convex stretches.
    Together with any attained grouping (a lower bound), it brackets the
    exact frontier where the exact program is out of reach.

    Parameters
    ----------
    table : JointTable or array_like, shape (N, 2)
    h : float or array_like
        Entropy budgets in bits, >= 0.
    max_bins : int, default 8
    sort : bool, default True
        Sort fine bins by P(Y=1|bin) first.
    lower : float or array_like, optional
        Known attained values of I*(h) (lower bounds, same shape as ``h``):
        an m whose bound falls below them is not refined further, which
        saves time; the result stays a valid upper bound.
    max_iter : int, default 100
        Chord steps per (h, m); stopping early still gives a valid bound.
    max_rows : int or None, default 2500
        Refuse more non-empty fine bins than this (the program holds two
        (N+1)^2 matrices); None lifts the limit.

    Returns
    -------
    numpy.ndarray or float
        Upper bounds on I*(h) in bits, shaped like ``h``.

    Examples
    --------
    >>> t = [[0.4, 0.05], [0.05, 0.1], [0.05, 0.35]]
    >>> round(float(frontier_bound(t, 1.0, max_bins=3)), 6) >= round(float(frontier(t, 3).at(1.0)), 6)
    True
    """
    t, keep, p = _prepare(table, sort)
    M = check_max_bins(max_bins, keep.size)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    ha = as_float_array(h, "h")
    if ha.size and ha.min() < 0:
        raise ValueError(f"h must be >= 0 bits (an entropy budget); got {ha.min():.6g}")
    if max_rows is not None and keep.size > max_rows:
        raise ValueError(
            f"the bound on {keep.size} non-empty fine bins needs two {keep.size + 1}^2 matrices "
            f"(limit max_rows={max_rows}); resample to fewer fine bins or pass max_rows=None"
        )
    flat = ha.ravel()
    if lower is None:
        low = np.full(flat.size, -np.inf)
    else:
        low = np.broadcast_to(as_float_array(lower, "lower"), ha.shape).ravel()
    H_Y = t.H_Y
    oracle = _WeightedOracle(_Prefix(p), M)
    out = np.empty(flat.size)
    calls = 0
    for k, hk in enumerate(flat):
        # stop refining m once its cost bound shows it cannot beat lower[k]
        stop = H_Y - low[k] + DOMINANCE_TOL if np.isfinite(low[k]) else np.inf
        best_cost = np.inf
        for m in range(1, M + 1):
            c, used = _dual_bound_m(oracle, m, float(hk), stop, max_iter)
            calls += used
            best_cost = min(best_cost, c)
        out[k] = min(H_Y - best_cost, t.I, min(float(hk), H_Y)) if hk > 0 else 0.0
    out = out.reshape(ha.shape)
    return float(out) if out.ndim == 0 else out


# ----------------------------------------------------------------------------
# the exact frontier at given entropies (branch and bound)

@dataclass(frozen=True, eq=False)
class FrontierPoints:
    """Exact values I*(h) of the frontier at chosen entropy budgets.

    Attributes
    ----------
    h : numpy.ndarray
        The budgets asked for, bits.
    I : numpy.ndarray
        I*(h) = max I(Z;Y) over contiguous groupings into at most ``max_bins``
        groups with H(Z) <= h, bits (exact to 1e-12 bits).
    H : numpy.ndarray
        H(Z) of an optimal grouping (<= h), bits.
    bins : numpy.ndarray of int
        Its number of groups.
    boundaries : tuple of tuple of int
        Its row boundaries in the (sorted) fine table.
    stats : dict
        Work counters: partial groupings generated and pruned per budget.
    """

    h: np.ndarray
    I: np.ndarray
    H: np.ndarray
    bins: np.ndarray
    boundaries: tuple
    stats: dict = field(default_factory=dict, repr=False)


def _best_within(pre: _Prefix, M: int, h: float, inc_c: float, inc_b, R, hmin, lambdas, W, ematT):
    """Least cost over contiguous groupings into at most M groups with H <= h,
    by a layered program that drops every partial grouping whose completions
    cannot beat the incumbent cost ``inc_c`` (grouping ``inc_b``) by more than
    1e-12 bits. Returns (cost, boundaries, stats)."""
    tol = DOMINANCE_TOL
    n = pre.n
    stats = {"candidates": 0, "pruned": 0, "layers": []}
    B_H = [np.empty(0)] * (n + 1)
    B_C = [np.empty(0)] * (n + 1)
    L_end = np.array([0]); L_H = np.array([0.0]); L_C = np.array([0.0])
    hist = [(L_end, np.array([-1]), np.array([-1]))]
    best_b = None
    kills = np.zeros(lambdas.size)
    for m in range(1, M + 1):
        left = M - m
        off = np.searchsorted(L_end, np.arange(n + 2), side="left")
        parts = []
        order = np.argsort(-kills, kind="stable")
        for j in ([n] if m == M else range(m, n + 1)):
            k = int(off[j])
            if k == 0:
                continue
            s = L_end[:k]
            hh = L_H[:k] + ematT[1][j][s]
            cc = L_C[:k] + ematT[0][j][s]
            stats["candidates"] += k
            if j == n:
                ok = (hh <= h + tol) & (cc < inc_c)
                if ok.any():
                    q = np.flatnonzero(ok)
                    q = int(q[np.argmin(cc[q])])
                    inc_c = float(cc[q])
                    # state q of layer m - 1, then the last group up to row n
                    best_b = np.concatenate([_path_ref(hist, m - 1, q), [n]])
                continue
            alive = (hh + hmin[j] <= h + tol) & (cc + R[left, j] < inc_c - tol)
            q = np.flatnonzero(alive)
            if q.size and lambdas.size:
                # cost of any completion >= c + W_lam - lam (h - H); the weights
                # that pruned most so far go first
                cq, slack = cc[q], h - hh[q]
                wj = W[:, left, j]
                for li in order:
                    ok = cq + wj[li] - lambdas[li] * slack < inc_c - tol
                    if not ok.all():
                        kills[li] += ok.size - np.count_nonzero(ok)
                        q, cq, slack = q[ok], cq[ok], slack[ok]
                        if q.size == 0:
                            break
            stats["pruned"] += k - q.size
            if q.size == 0:
                continue
            hq, cq = hh[q], cc[q]
            nb = B_H[j].size
            allH = np.concatenate([B_H[j], hq])
            allC = np.concatenate([B_C[j], cq])
            sel = _pareto_mask(allH, allC)
            new = sel[sel >= nb] - nb
            B_H[j], B_C[j] = allH[sel], allC[sel]
            if new.size:
                parts.append((np.full(new.size, j), hq[new], cq[new], s[q[new]], q[new]))
        L_end, L_H, L_C, starts, pars = _stack_layer(parts)
        hist.append((L_end, starts, pars))
        stats["layers"].append(int(L_end.size))
        if L_end.size == 0:
            break
    if best_b is None:
        return inc_c, np.asarray(inc_b, dtype=np.int64), stats
    return inc_c, best_b.astype(np.int64), stats


def frontier_at(table, h, max_bins: int = 8, *, sort: bool = True, n_lambdas: int = 32,
                start: FrontierResult | None = None,
                max_rows: int | None = LAMBDA_MAX_ROWS) -> FrontierPoints:
    """The exact frontier I*(h) at a few entropy budgets, by branch and bound.

    Where the whole exact frontier is out of reach (thousands of fine bins
    of a smooth distribution have millions of Pareto points), its value at a
    given budget h often is not: only partial groupings that could still
    beat the best known grouping with H <= h need to be kept.

    Parameters
    ----------
    table : JointTable or array_like, shape (N, 2)
    h : float or array_like
        Entropy budgets in bits, >= 0.
    max_bins : int, default 8
    sort : bool, default True
        Sort fine bins by P(Y=1|bin) first.
    n_lambdas : int, default 32
        Weights of the Lagrangian bounds on what the remaining rows add
        (changes the speed, never the result).
    start : FrontierResult, optional
        A frontier of the same table (for example the coarse-to-fine one)
        whose groupings are the first incumbents; without it the corners
        and the weighted-sum optima are.
    max_rows : int or None, default 2500
        Refuse more non-empty fine bins than this (the program holds two
        (N+1)^2 matrices); None lifts the limit.

    Returns
    -------
    FrontierPoints

    Notes
    -----
    For each budget: the layered program of :func:`frontier` with one
    objective, least cost ``sum_g P_g h2(P(Y=1|g))`` (so most I(Z;Y)) under
    H(Z) <= h. A partial grouping of rows 0..j-1 with entropy H and cost C is
    dropped when H plus the least entropy the rest can add exceeds h, or when
    every completion costs at least the incumbent: the rest adds at least the
    least cost of rows j.. in the groups left, and for every weight lam >= 0
    at least ``W_lam(j) - lam (h - H)``, where W_lam(j) is the least
    ``cost + lam H`` of rows j.. (backward weighted programs). Partial
    groupings at the same row keep only their (H, C) Pareto set. Complete
    groupings that beat the incumbent replace it. The work depends on how
    tight the bounds are near h, not on the size of the whole frontier.

    Examples
    --------
    >>> t = [[0.4, 0.05], [0.05, 0.1], [0.05, 0.35]]
    >>> fp = frontier_at(t, [0.5, 1.0, 1.5], max_bins=3)
    >>> bool(np.allclose(fp.I, frontier(t, 3).at([0.5, 1.0, 1.5])))
    True
    """
    t, keep, p = _prepare(table, sort)
    M = check_max_bins(max_bins, keep.size)
    n_lambdas = check_int(n_lambdas, "n_lambdas", minimum=0)
    ha = np.atleast_1d(as_float_array(h, "h")).ravel()
    if ha.size and ha.min() < 0:
        raise ValueError(f"h must be >= 0 bits (an entropy budget); got {ha.min():.6g}")
    if max_rows is not None and keep.size > max_rows:
        raise ValueError(
            f"the exact frontier at given budgets on {keep.size} non-empty fine bins needs two "
            f"{keep.size + 1}^2 matrices (limit max_rows={max_rows}); resample to fewer fine bins "
            "or pass max_rows=None"
        )
    n = keep.size
    H_Y = t.H_Y
    pre = _Prefix(p)
    post = p[:, 0] / p.sum(axis=1)
    method = "dc" if np.all(np.diff(post) >= 0) else "quadratic"

    # incumbents: corners, weighted-sum optima, the starting frontier
    Fs, args, _ = _min_cost_layers(p, M, method, last_only_final=True)
    inc = [_backtrack(args, m, n) for m in range(1, M + 1)]
    emat = _edge_matrices(pre)
    lambdas = np.geomspace(1e-4, 2.0, n_lambdas) if n_lambdas and M >= 2 else np.empty(0)
    W = None
    if lambdas.size:
        found, W = _weighted_programs(pre, M, lambdas, emat)
        inc += found
    if start is not None:
        if not isinstance(start, FrontierResult) or start.n_fine != t.n_bins \
                or start.sorted != bool(sort) or start.max_bins > M:
            raise ValueError("start must be a FrontierResult of the same table, sort and at most "
                             "max_bins groups (from frontier(table, max_bins, ...))")
        # boundaries in all rows -> in the non-empty rows (each sits before a kept row)
        for b in start.boundaries:
            inc.append(np.unique(np.searchsorted(keep, np.asarray(b), side="left")))
    inc = [b for b in inc if b[0] == 0 and b[-1] == n and b.size >= 2]
    inc_H, inc_C = _groupings_HC(pre, inc)

    R, hmin = _rest_bounds(p, pre, M, method)
    ematT = (np.ascontiguousarray(emat[0].T), np.ascontiguousarray(emat[1].T))
    del emat

    I_out = np.empty(ha.size)
    H_out = np.empty(ha.size)
    bins = np.empty(ha.size, dtype=np.int64)
    bnds = []
    per = []
    for k, hk in enumerate(ha):
        fits = inc_H <= hk + DOMINANCE_TOL
        q = int(np.flatnonzero(fits)[np.argmin(inc_C[fits])])   # one group always fits
        c, b, st = _best_within(pre, M, float(hk), float(inc_C[q]), inc[q], R, hmin, lambdas,
                                W, ematT)
        Hb = float(max(pre.hterm(b[:-1], b[1:]).sum(), 0.0)) if b.size > 2 else 0.0
        Ib = float(np.clip(H_Y - pre.cost(b[:-1], b[1:]).sum(), 0.0, min(Hb, H_Y))) if b.size > 2 else 0.0
        I_out[k], H_out[k], bins[k] = Ib, Hb, b.size - 1
        bnds.append(tuple(int(x) for x in _rows_from_kept(b, keep, t.n_bins)))
        st["h"] = float(hk)
        per.append(st)
    return FrontierPoints(ha, I_out, H_out, bins, tuple(bnds), {"per_budget": per,
                                                                "lambdas": int(lambdas.size)})
