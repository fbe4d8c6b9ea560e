"""Honest estimates of the frontier from a finite test set.

The corners of a sample are optimized on that sample: their I(Z;Y) is an
in-sample maximum and so overstates what the same thresholds achieve on new
data. Two remedies:

* :func:`split_half`: choose the corner thresholds on one half of the test
  set and evaluate I(Z;Y) on the other half (and the other way round, over
  several random splits, stratified by class).
* :func:`bootstrap_corners`: resample the test set with replacement,
  recompute the corners (and the frontier I*(h) on a grid of h), and report
  percentile bands.

Thresholds found on one sample are applied to another with
:meth:`distill.frontier.CornersResult.assign`, which maps W values to a
corner's clusters through the fine bins (whether or not sorting reordered
them).

All information quantities in bits; numpy and scipy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_float_array, binary_labels, check_int, check_unit_interval
from .binning import default_fine_bins, joint_from_samples
from .frontier import corners, frontier
from .info import mutual_information, entropy

__all__ = [
    "cluster_table",
    "SplitHalfResult",
    "split_half",
    "BootstrapResult",
    "bootstrap_corners",
]


def _check_wy(w, y):
    w = check_unit_interval(as_float_array(w, "w", ndim=1), "w")
    is1 = binary_labels(y, "y")
    if is1.shape != w.shape:
        raise ValueError(f"w and y must have equal length; got {w.size} and {is1.size}")
    return w, is1


def cluster_table(groups, is1, m: int) -> np.ndarray:
    """Joint relative frequencies P(Z = g, Y = y), shape (m, 2) (column 0: Y=1)."""
    out = np.zeros((m, 2))
    np.add.at(out[:, 0], groups[is1], 1.0)
    np.add.at(out[:, 1], groups[~is1], 1.0)
    return out / groups.size


def _HI(joint: np.ndarray) -> tuple[float, float]:
    mass = joint.sum(axis=1)
    return entropy(mass[mass > 0]), mutual_information(joint[mass > 0])


def _halves(is1: np.ndarray, rng) -> np.ndarray:
    half = np.zeros(is1.size, dtype=bool)
    for cls in (True, False):
        members = np.flatnonzero(is1 == cls)
        half[rng.permutation(members)[: members.size // 2]] = True
    return half


@dataclass(frozen=True)
class SplitHalfResult:
    """In-sample and held-out I(Z;Y) of the corners, in bits.

    Attributes
    ----------
    bins : numpy.ndarray of int, shape (M,)
        m = 1..M.
    I_in, H_in : numpy.ndarray, shape (2 R, M)
        Corner I and H on the half the thresholds were chosen on (one row
        per half of each of the R splits).
    I_out, H_out : numpy.ndarray, shape (2 R, M)
        I(Z;Y) and H(Z) of the same thresholds on the other half.
    I_full, H_full : numpy.ndarray, shape (M,)
        Corners chosen and evaluated on the whole sample (the in-sample
        frontier a chapter would report).
    I_total_full : float
        I(W';Y) of the whole sample's fine table.
    n, n_fine_half, n_fine_full, repeats : int
    """

    bins: np.ndarray
    I_in: np.ndarray
    H_in: np.ndarray
    I_out: np.ndarray
    H_out: np.ndarray
    I_full: np.ndarray
    H_full: np.ndarray
    I_total_full: float
    n: int
    n_fine_half: int
    n_fine_full: int
    repeats: int

    @property
    def honest(self) -> np.ndarray:
        """Mean held-out I(Z;Y) per m: the honest estimate."""
        return self.I_out.mean(axis=0)

    @property
    def honest_H(self) -> np.ndarray:
        return self.H_out.mean(axis=0)

    @property
    def honest_se(self) -> np.ndarray:
        """Spread (standard deviation over halves) of the held-out values."""
        return self.I_out.std(axis=0, ddof=1) if self.I_out.shape[0] > 1 else np.zeros(self.bins.size)

    @property
    def overstatement(self) -> np.ndarray:
        """``I_full - honest`` per m: how much the in-sample corners overstate."""
        return self.I_full - self.honest

    @property
    def half_gap(self) -> np.ndarray:
        """Mean ``I_in - I_out`` per m (both on half-size samples)."""
        return (self.I_in - self.I_out).mean(axis=0)


def split_half(w, y, max_bins: int = 8, repeats: int = 10, n_fine: int | None = None,
               seed: int = 0) -> SplitHalfResult:
    """Thresholds chosen on one half, I(Z;Y) evaluated on the other.

    Parameters
    ----------
    w, y : array_like, shape (n,)
        Classifier outputs and labels ({1, 2} or {0, 1}).
    max_bins : int, default 8
        Corners m = 1..M.
    repeats : int, default 10
        Random stratified splits; each is used in both directions.
    n_fine : int, optional
        Fine bins of each half's table; default about sqrt(n / 2) (and
        about sqrt(n) for the whole sample).
    seed : int, default 0

    Returns
    -------
    SplitHalfResult

    Notes
    -----
    For fixed thresholds, the held-out plug-in I(Z;Y) is an almost unbiased
    estimate of their population value (its upward bias is about
    ``(m - 1) / (n ln 2)`` bits on a half of n / 2 samples), and that value
    is at most the population corner. So the held-out mean errs low, by the
    loss of thresholds fitted on half the data, while the in-sample corners
    err high.
    """
    w, is1 = _check_wy(w, y)
    M = check_int(max_bins, "max_bins", minimum=1)
    repeats = check_int(repeats, "repeats", minimum=1)
    n = w.size
    if n < 8 * M:
        raise ValueError(f"split_half needs at least 8 samples per bin; got n={n} for max_bins={M}")
    labels = np.where(is1, 1, 2)
    N_half = default_fine_bins(n // 2) if n_fine is None else check_int(n_fine, "n_fine", minimum=M)
    N_full = default_fine_bins(n) if n_fine is None else N_half

    full = corners(joint_from_samples(w, labels, N_full), M)
    rng = np.random.default_rng(seed)
    rows_in, rows_hin, rows_out, rows_hout = [], [], [], []
    for _ in range(repeats):
        half = _halves(is1, rng)
        for fit_mask in (half, ~half):
            ev = ~fit_mask
            res = corners(joint_from_samples(w[fit_mask], labels[fit_mask], N_half), M)
            i_in, h_in, i_out, h_out = [], [], [], []
            for c in res.corners:
                g = res.assign(w[ev], c.bins)
                H, I = _HI(cluster_table(g, is1[ev], c.bins))
                i_in.append(c.I); h_in.append(c.H); i_out.append(I); h_out.append(H)
            rows_in.append(i_in); rows_hin.append(h_in)
            rows_out.append(i_out); rows_hout.append(h_out)
    return SplitHalfResult(
        bins=np.arange(1, M + 1),
        I_in=np.array(rows_in), H_in=np.array(rows_hin),
        I_out=np.array(rows_out), H_out=np.array(rows_hout),
        I_full=full.I, H_full=full.H, I_total_full=float(full.I_total),
        n=int(n), n_fine_half=int(N_half), n_fine_full=int(N_full), repeats=repeats,
    )


@dataclass(frozen=True)
class BootstrapResult:
    """Percentile bootstrap bands on the corners and the frontier, in bits.

    Attributes
    ----------
    bins : numpy.ndarray of int, shape (M,)
    I, H : numpy.ndarray, shape (M,)
        Corners of the original sample.
    I_boot, H_boot : numpy.ndarray, shape (B, M)
        Corners of each resample.
    h_grid : numpy.ndarray, shape (G,)
        Entropy budgets at which the frontier is evaluated.
    frontier : numpy.ndarray, shape (G,)
        I*(h) of the original sample.
    frontier_boot : numpy.ndarray, shape (B, G)
        I*(h) of each resample.
    level : float
        Nominal coverage of the bands (:meth:`I_band`, :meth:`frontier_band`).
    n, n_fine, n_boot : int
    """

    bins: np.ndarray
    I: np.ndarray
    H: np.ndarray
    I_boot: np.ndarray
    H_boot: np.ndarray
    h_grid: np.ndarray
    frontier: np.ndarray
    frontier_boot: np.ndarray
    level: float
    n: int
    n_fine: int
    n_boot: int

    def _band(self, est, boot, kind):
        lo_q = (1 - self.level) / 2
        q_lo = np.quantile(boot, lo_q, axis=0)
        q_hi = np.quantile(boot, 1 - lo_q, axis=0)
        if kind == "percentile":
            return q_lo, q_hi
        if kind == "basic":
            return np.maximum(2 * est - q_hi, 0.0), 2 * est - q_lo
        raise ValueError(f"kind must be 'basic' or 'percentile'; got {kind!r}")

    def I_band(self, kind: str = "basic") -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) band of each corner's I, shape (M,) each.

        ``kind="basic"`` (default): the basic bootstrap interval
        ``[2 I - q_hi, 2 I - q_lo]``, which corrects for the upward bias of
        an in-sample maximum (the resamples are biased upward relative to
        the sample by about as much as the sample is relative to the
        population). ``kind="percentile"``: ``[q_lo, q_hi]`` of the
        resamples, which inherits that bias and under-covers.
        """
        return self._band(self.I, self.I_boot, kind)

    def H_band(self, kind: str = "percentile") -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) percentile band of each corner's H(Z)."""
        return self._band(self.H, self.H_boot, kind)

    def frontier_band(self, kind: str = "basic") -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) band of I*(h) on ``h_grid`` (see :meth:`I_band`)."""
        return self._band(self.frontier, self.frontier_boot, kind)


def bootstrap_corners(w, y, max_bins: int = 8, n_boot: int = 200, n_fine: int | None = None,
                      h_grid=None, level: float = 0.9, seed: int = 0,
                      progress=None) -> BootstrapResult:
    """Bootstrap the corners and the frontier of a sample.

    Parameters
    ----------
    w, y : array_like, shape (n,)
        Classifier outputs and labels.
    max_bins : int, default 8
    n_boot : int, default 200
        Resamples (with replacement, n each).
    n_fine : int, optional
        Fine bins; default about sqrt(n).
    h_grid : array_like, optional
        Entropy budgets (bits) for the frontier band; default 41 points
        from 0 to log2(max_bins). ``h_grid=[]`` skips the frontier (faster).
    level : float, default 0.9
        Coverage of the percentile bands.
    seed : int, default 0
    progress : callable, optional
        Wraps the resample loop (e.g. ``tqdm.tqdm``) to show progress.

    Returns
    -------
    BootstrapResult
    """
    w, is1 = _check_wy(w, y)
    M = check_int(max_bins, "max_bins", minimum=1)
    B = check_int(n_boot, "n_boot", minimum=2)
    level = float(level)
    if not (0 < level < 1):
        raise ValueError(f"level must be in (0, 1); got {level!r}")
    n = w.size
    N = default_fine_bins(n) if n_fine is None else check_int(n_fine, "n_fine", minimum=M)
    if h_grid is None:
        h_grid = np.linspace(0.0, np.log2(M), 41) if M > 1 else np.array([0.0])
    h_grid = as_float_array(h_grid, "h_grid", ndim=1)
    labels = np.where(is1, 1, 2)

    def one(ws, ls):
        table = joint_from_samples(ws, ls, N)
        res = corners(table, M)
        fr = frontier(table, M).at(h_grid) if h_grid.size else np.empty(0)
        return res.I, res.H, fr

    I0, H0, F0 = one(w, labels)
    rng = np.random.default_rng(seed)
    loop = range(B) if progress is None else progress(range(B))
    Ib, Hb, Fb = [], [], []
    for _ in loop:
        while True:
            idx = rng.integers(0, n, n)
            if 0 < is1[idx].sum() < n:     # both classes present
                break
        i, h, f = one(w[idx], labels[idx])
        Ib.append(i); Hb.append(h); Fb.append(f)
    return BootstrapResult(
        bins=np.arange(1, M + 1), I=I0, H=H0, I_boot=np.array(Ib), H_boot=np.array(Hb),
        h_grid=h_grid, frontier=np.asarray(F0), frontier_boot=np.array(Fb).reshape(B, h_grid.size),
        level=level, n=int(n), n_fine=int(N), n_boot=B,
    )
