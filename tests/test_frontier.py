"""Tests of distill.frontier: corners and frontier against brute force."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from distill.binning import JointTable
from distill.frontier import (
    _Prefix,
    corners,
    enumerate_groupings,
    frontier,
    frontier_at,
    frontier_bound,
    grouping_points,
)
from distill.info import mutual_information


def random_table(rng, n, zero_frac=0.15):
    while True:
        p = rng.random((n, 2)) ** 2
        p[rng.random((n, 2)) < zero_frac] = 0.0
        if p[:, 0].sum() > 0 and p[:, 1].sum() > 0:
            return JointTable(p / p.sum())


@st.composite
def tables(draw, max_n=10):
    n = draw(st.integers(1, max_n))
    cells = draw(st.lists(st.sampled_from([0.0, 0.0, 0.01, 0.1, 0.3, 0.5, 1.0, 2.0, 3.0]) |
                          st.floats(0, 1), min_size=2 * n, max_size=2 * n))
    p = np.array(cells, dtype=float).reshape(n, 2)
    p[p < 1e-200] = 0.0          # no subnormal cells: they vanish on normalizing
    if p[:, 0].sum() <= 0 or p[:, 1].sum() <= 0:
        p[0] += 0.5
    return JointTable(p / p.sum())


@settings(max_examples=80, deadline=None)
@given(tables(), st.integers(1, 4), st.booleans())
def test_corners_equal_brute_force(t, M, sort):
    M = min(M, t.n_nonempty)
    H, I, bins, _ = enumerate_groupings(t, M, sort=sort)
    res = corners(t, M, sort=sort)
    for c in res.corners:
        best = I[bins <= c.bins].max()
        assert c.I == pytest.approx(best, abs=1e-12)
        assert c.joint.shape == (c.bins, 2)
        assert c.I <= min(c.H, res.H_Y) + 1e-12


@settings(max_examples=80, deadline=None)
@given(tables(), st.integers(1, 4), st.booleans())
def test_frontier_equals_brute_force(t, M, sort):
    M = min(M, t.n_nonempty)
    H, I, bins, _ = enumerate_groupings(t, M, sort=sort)
    fr = frontier(t, M, sort=sort)
    grid = np.unique(np.concatenate([H, fr.H, np.linspace(0, H.max() + 0.1, 17)]))
    brute = np.array([I[H <= h + 1e-12].max() for h in grid])
    assert np.allclose(fr.at(grid), brute, atol=1e-12)
    # every frontier point is attained by its grouping
    hh, ii = grouping_points(fr.table, np.array(fr.boundaries[-1]))
    assert hh[0] == pytest.approx(fr.H[-1], abs=1e-12) and ii[0] == pytest.approx(fr.I[-1], abs=1e-12)
    assert np.all(np.diff(fr.H) > 0) and np.all(np.diff(fr.I) > 0)


def test_unsorted_frontier_on_a_larger_table_matches_quadratic_bounds():
    """Regression: with sort=False the rows are not posterior-sorted, so the
    bounds must come from the quadratic program, not divide and conquer."""
    from distill.frontier import _exact_frontier, _frontier_result, _prepare

    rng = np.random.default_rng(7)
    t = random_table(rng, 60, zero_frac=0)
    fast = frontier(t, 4, sort=False)
    st_, keep, p = _prepare(t, False)
    bare_b, stats = _exact_frontier(p, 4, st_.H_Y, n_lambdas=0, seed=False)
    bare = _frontier_result(st_, keep, p, bare_b, 4, False, stats)
    h = np.linspace(0, 2.2, 300)
    assert np.allclose(fast.at(h), bare.at(h), atol=1e-12)
    assert corners(t, 4, sort=False).corners[-1].I == pytest.approx(fast.I[-1], abs=1e-12)


def test_methods_agree_on_larger_tables():
    rng = np.random.default_rng(0)
    for n in (30, 200):
        t = random_table(rng, n)
        a = corners(t, 8, method="dc")
        b = corners(t, 8, method="quadratic")
        for x, y in zip(a.corners, b.corners):
            assert x.I == pytest.approx(y.I, abs=1e-13)


def test_quadrangle_inequality_on_sorted_tables():
    """c(a,c) + c(b,d) <= c(a,d) + c(b,c) for a <= b <= c <= d on sorted rows
    (Iwata & Ozawa 2014), the property divide and conquer relies on."""
    rng = np.random.default_rng(1)
    worst = -np.inf
    for _ in range(200):
        t = random_table(rng, int(rng.integers(3, 40)), zero_frac=0).sorted()
        pre = _Prefix(t.p)
        n = t.n_bins
        q = np.sort(rng.integers(0, n + 1, size=(500, 4)), axis=1)
        a, b, c, d = q.T
        lhs = pre.cost(a, c) + pre.cost(b, d)
        rhs = pre.cost(a, d) + pre.cost(b, c)
        worst = max(worst, float(np.max(lhs - rhs)))
    assert worst <= 1e-14


def test_quadrangle_inequality_fails_without_sorting():
    """The property needs sorted posteriors: unsorted rows violate it."""
    p = np.array([[2, 2], [2, 3], [1, 3], [2, 0]]) / 15.0
    pre = _Prefix(p)
    assert pre.cost(0, 3) + pre.cost(1, 4) > pre.cost(0, 4) + pre.cost(1, 3) + 1e-2


def set_partitions(items, k_max):
    """All partitions of a list into at most k_max non-empty blocks."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in set_partitions(rest, k_max):
        for i in range(len(part)):
            yield part[:i] + [[first] + part[i]] + part[i + 1:]
        if len(part) < k_max:
            yield [[first]] + part


@settings(max_examples=40, deadline=None)
@given(tables(max_n=7), st.integers(1, 4))
def test_sorted_contiguous_grouping_beats_every_set_partition(t, M):
    """Theorem II.2: after sorting by P(Y=1|bin), the best contiguous grouping
    into <= M bins is as good as the best of all groupings."""
    M = min(M, t.n_nonempty)
    best = 0.0
    for part in set_partitions(list(range(t.n_bins)), M):
        labels = np.empty(t.n_bins, dtype=int)
        for g, block in enumerate(part):
            labels[block] = g
        best = max(best, t.merge(labels=labels).I)
    assert corners(t, M).corners[-1].I >= best - 1e-12


def test_relabeling_fine_bins_changes_nothing_after_sorting():
    rng = np.random.default_rng(3)
    t = random_table(rng, 40, zero_frac=0)  # no tied posteriors
    perm = rng.permutation(40)
    u = JointTable(t.p[perm])
    a, b = corners(t, 6), corners(u, 6)
    assert np.allclose(a.I, b.I, atol=1e-13)
    fa, fb = frontier(t, 4), frontier(u, 4)
    assert np.allclose(fa.points, fb.points, atol=1e-12)
    h = np.linspace(0, 2.5, 101)
    assert np.allclose(fa.at(h), fb.at(h), atol=1e-12)


def test_monotone_table_thresholds_are_on_the_w_scale():
    w = np.linspace(0, 1, 101)
    from distill.binning import joint_from_cdf
    t = joint_from_cdf(w, w ** 2 / 2, w - w ** 2 / 2)
    res = corners(t, 3)
    assert not res.reordered
    c = res.corners[1]
    assert c.threshold_scale == "w"
    # the threshold is the W edge of the first fine bin of the second group
    assert c.thresholds[0] == pytest.approx(w[c.boundaries[1]])
    assert c.thresholds[0] == pytest.approx(0.5, abs=0.011)  # symmetric problem


def test_max_bins_larger_than_nonempty_bins_is_refused():
    t = JointTable([[0.5, 0.0], [0.0, 0.0], [0.0, 0.5]])
    with pytest.raises(ValueError, match=r"max_bins must not exceed the number of non-empty fine bins \(2\); got 3"):
        corners(t, 3)
    with pytest.raises(ValueError, match="max_bins must be at least 1; got 0"):
        frontier(t, 0)


def test_zero_mass_bins_are_harmless():
    rng = np.random.default_rng(4)
    t = random_table(rng, 12, zero_frac=0)
    p = np.insert(t.p, [0, 3, 3, 12], 0.0, axis=0)
    u = JointTable(p)
    a, b = corners(t, 4), corners(u, 4)
    assert np.allclose(a.I, b.I, atol=1e-14)
    assert np.allclose(frontier(t, 3).points, frontier(u, 3).points, atol=1e-12)
    for c in b.corners:
        assert len(c.boundaries) == c.bins + 1 and c.boundaries[-1] == u.n_bins


def test_corner_json_keys():
    t = JointTable([[0.4, 0.05], [0.05, 0.1], [0.05, 0.35]])
    d = corners(t, 2).to_dict()
    assert set(d) >= {"I_total", "H_Y", "corners"}
    assert set(d["corners"][0]) >= {"bins", "H", "I", "thresholds", "joint"}
    f = frontier(t, 2).to_dict()
    assert set(f) >= {"I_total", "points"}


def test_frontier_at_is_a_step_function():
    rng = np.random.default_rng(5)
    fr = frontier(random_table(rng, 20), 4)
    assert fr.at(0.0) == 0.0
    assert fr.at(10.0) == pytest.approx(fr.I[-1])
    h = np.linspace(0, 3, 50)
    assert np.all(np.diff(fr.at(h)) >= 0)
    with pytest.raises(ValueError, match="h must be >= 0 bits"):
        fr.at(-1)


def _mnist_like(n, seed=0):
    """A smooth, noisy table: W uniform, P(Y=1|W) a logistic curve, with
    multiplicative noise so that sorting reorders some bins."""
    rng = np.random.default_rng(seed)
    w = (np.arange(n) + 0.5) / n
    post = 1 / (1 + np.exp(-12 * (w - 0.5)))
    post = np.clip(post * np.exp(0.3 * rng.standard_normal(n)), 1e-4, 1 - 1e-4)
    p = np.stack([post, 1 - post], axis=1) / n
    return JointTable(p / p.sum())


def test_seeding_and_weights_change_speed_not_result():
    from distill.frontier import _exact_frontier, _frontier_result, _prepare

    t = _mnist_like(150)
    full = frontier(t, 5)
    assert full.stats["seeds"] > 0 and full.stats["lambdas"] == 16
    st, keep, p = _prepare(t, True)
    bare_b, stats = _exact_frontier(p, 5, st.H_Y, n_lambdas=0, seed=False)
    bare = _frontier_result(st, keep, p, bare_b, 5, True, stats)
    assert stats["seeds"] == 0 and stats["lambdas"] == 0
    assert stats["candidates"] > full.stats["candidates"]
    h = np.linspace(0, full.H[-1] + 0.1, 400)
    assert np.array_equal(full.points.shape, bare.points.shape)
    assert np.allclose(full.at(h), bare.at(h), atol=1e-12)


def test_coarse_to_fine_is_attained_and_below_exact():
    t = _mnist_like(240, seed=1)
    ex = frontier(t, 4)
    approx = frontier(t, 4, coarse=30)
    assert ex.exact and not approx.exact
    assert approx.stats["coarse"] <= 31
    h = np.linspace(0, ex.H[-1], 300)
    gap = ex.at(h) - approx.at(h)
    assert gap.min() >= -1e-12          # never above the exact frontier
    assert gap.max() < 5e-3             # and close to it
    s = approx.table
    for b, (H, I) in zip(approx.boundaries, approx.points):
        hh, ii = grouping_points(s, np.array(b))
        assert hh[0] == pytest.approx(H, abs=1e-12) and ii[0] == pytest.approx(I, abs=1e-12)


def test_frontier_contains_the_corners():
    t = _mnist_like(100, seed=2)
    fr, cr = frontier(t, 6), corners(t, 6)
    for c in cr.corners:
        assert fr.at(c.H) >= c.I - 1e-12
    assert fr.I[-1] == pytest.approx(cr.corners[-1].I, abs=1e-12)


def test_frontier_plot_draws():
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    from distill.binning import random_contiguous_binnings
    from distill.plots._frontier import plot_binning_scatter, plot_frontier

    t = _mnist_like(60, seed=3)
    fr, cr = frontier(t, 4), corners(t, 4)
    fig = plot_frontier(fr, cr)
    ax = fig.axes[0]
    assert ax.get_xlim()[0] > ax.get_xlim()[1]      # H axis flipped
    assert len(ax.collections) >= 1                  # shaded region
    s = t.sorted()
    H, I = grouping_points(s, random_contiguous_binnings(s.n_bins, 3, 200, rng=0))
    fig2 = plot_binning_scatter(H, I, frontier=fr)
    assert fig2.axes[0].get_xlabel() == "$H(Z)$ [bits]"
    with pytest.raises(ValueError, match="needs a frontier, corners, or both"):
        plot_frontier()
    plt.close("all")


def test_assign_reproduces_the_corner_tables_from_samples():
    from distill.binning import joint_from_samples

    rng = np.random.default_rng(6)
    w = rng.beta(0.5, 0.5, 4000)
    # a posterior that is not monotone in w, so sorting reorders bins
    post = 0.5 + 0.45 * np.sin(6 * w)
    y = np.where(rng.random(w.size) < post, 1, 2)
    t = joint_from_samples(w, y, n_bins=40)
    res = corners(t, 4)
    assert res.reordered and res.corners[2].threshold_scale == "posterior"
    for m in (2, 3, 4):
        z = res.assign(w, m)
        joint = np.zeros((m, 2))
        np.add.at(joint, (z, (y == 2).astype(int)), 1.0 / w.size)
        assert np.allclose(joint, res.corners[m - 1].joint, atol=1e-12)
    fr = frontier(t, 3)
    z = fr.assign(w, -1)
    joint = np.zeros((fr.bins[-1], 2))
    np.add.at(joint, (z, (y == 2).astype(int)), 1.0 / w.size)
    assert mutual_information(joint) == pytest.approx(fr.I[-1], abs=1e-12)
    with pytest.raises(ValueError, match="bins must be at most 4"):
        res.assign(w, 5)


def test_exact_frontier_refuses_too_many_fine_bins():
    t = _mnist_like(3000, seed=8)
    with pytest.raises(ValueError, match=r"exact frontier of 3000 non-empty fine bins is out of reach .*coarse=200"):
        frontier(t, 4)
    approx = frontier(t, 4, coarse=100)
    assert not approx.exact and approx.points.shape[0] > 10


def test_divide_and_conquer_with_many_tied_posteriors():
    """Ties (pure bins, repeated rows) make many optimal cuts; the leftmost
    choice must keep the cut monotone so that divide and conquer stays exact."""
    rng = np.random.default_rng(9)
    for _ in range(5):
        rows = rng.choice(4, size=300)
        base = np.array([[1.0, 0.0], [0.0, 1.0], [0.3, 0.3], [0.2, 0.6]])
        p = base[rows] * rng.choice([1.0, 2.0], size=(300, 1))
        t = JointTable(p / p.sum())
        a, b = corners(t, 8), corners(t, 8, method="quadratic")
        assert np.allclose(a.I, b.I, atol=1e-13)


def test_sorted_table_stays_sorted_when_renormalization_flips_ties_by_one_ulp():
    # Many rows with the same class ratio (as in the authors' 5-digit CDF
    # files): renormalizing the sorted copy perturbs tied posteriors in the
    # last place, which once made a sorted table look unsorted and sent
    # corners() to the slow quadratic program with row-index thresholds.
    rng = np.random.default_rng(3)
    m = rng.integers(1, 50, size=3000).astype(float)
    k = np.repeat(rng.integers(1, 40, size=300), 10).astype(float)
    p = np.column_stack([k * m, (40 - k) * m]) * 1e-6
    p /= p.sum() * (1 + 3e-9)  # a total just off 1
    t = JointTable(p).sorted()
    assert t.is_posterior_sorted
    fast = corners(t, max_bins=4)
    slow = corners(t, max_bins=4, method="quadratic")
    assert fast.method == "dc"
    assert fast.corners[-1].threshold_scale == "posterior"
    np.testing.assert_allclose([c.I for c in fast.corners], [c.I for c in slow.corners], atol=1e-12)


def _hull_bound_brute(H, I, bins, h):
    """max over m of the concave hull, at h, of the m-group points with free
    disposal of H (any mix of two groupings whose mean H is at most h)."""
    best = -np.inf
    for m in np.unique(bins):
        Hm, Im = H[bins == m], I[bins == m]
        fits = Hm <= h + 1e-12
        if not fits.any():
            continue
        value = Im[fits].max()
        if (~fits).any():
            H1, I1 = Hm[fits][:, None], Im[fits][:, None]
            H2, I2 = Hm[~fits][None, :], Im[~fits][None, :]
            value = max(value, float((I1 + (I2 - I1) * (h - H1) / (H2 - H1)).max()))
        best = max(best, value)
    return best


@settings(max_examples=60, deadline=None)
@given(tables(max_n=8), st.integers(1, 4))
def test_frontier_bound_is_the_per_m_concave_hull(t, M):
    M = min(M, t.n_nonempty)
    # on the non-empty rows, so that m counts groups that carry mass
    t = JointTable(t.p[t.p.sum(axis=1) > 0])
    H, I, bins, _ = enumerate_groupings(t, M)
    grid = np.unique(np.concatenate([H, np.linspace(0, H.max() + 0.2, 13)]))
    ub = frontier_bound(t, grid, M)
    exact = np.array([I[H <= h + 1e-12].max() for h in grid])
    hull = np.array([_hull_bound_brute(H, I, bins, h) for h in grid])
    hull = np.minimum(hull, np.minimum(grid, t.H_Y))
    assert np.all(ub >= exact - 1e-12)              # a valid bound
    assert np.allclose(ub, hull, atol=1e-9)          # and the tightest of its kind


def test_frontier_bound_meets_the_exact_frontier_at_supported_points():
    t = random_table(np.random.default_rng(5), 60, zero_frac=0.0)
    fr = frontier(t, 5)
    ub = frontier_bound(t, fr.H, 5, lower=fr.I)
    assert np.all(ub >= fr.I - 1e-12)
    # the M-group corner minimizes cost + 0 * H over everything: the bound is
    # exact there and beyond
    top = corners(t, 5).corners[-1]
    assert np.allclose(frontier_bound(t, [top.H, top.H + 0.5], 5), top.I, atol=1e-12)
    # somewhere the frontier is not concave and the bound lies strictly above
    assert np.any(ub > fr.I + 1e-6)


def test_frontier_bound_bad_input():
    t = random_table(np.random.default_rng(6), 20)
    with pytest.raises(ValueError, match="h must be >= 0"):
        frontier_bound(t, -0.5, 3)
    with pytest.raises(ValueError, match="max_rows"):
        frontier_bound(t, 1.0, 3, max_rows=5)


@settings(max_examples=40, deadline=None)
@given(tables(max_n=9), st.integers(1, 4), st.floats(0, 2.5))
def test_frontier_up_to_h_max_agrees_with_the_whole_frontier(t, M, h):
    M = min(M, t.n_nonempty)
    whole = frontier(t, M)
    part = frontier(t, M, h_max=h)
    assert np.all(part.H <= h + 1e-12)
    grid = np.linspace(0, h, 7)
    assert np.allclose(part.at(grid), whole.at(grid), atol=1e-12)


def test_frontier_up_to_h_max_refuses_larger_budgets():
    t = random_table(np.random.default_rng(8), 40, zero_frac=0.0)
    part = frontier(t, 4, h_max=1.2)
    with pytest.raises(ValueError, match="H <= 1.2 bits only"):
        part.at(1.5)
    with pytest.raises(ValueError, match="leave coarse unset"):
        frontier(t, 4, h_max=1.2, coarse=10)


@settings(max_examples=80, deadline=None)
@given(tables(max_n=9), st.integers(1, 4), st.booleans(), st.sampled_from([0, 1, 8]),
       st.lists(st.floats(0, 3.0), min_size=1, max_size=4))
def test_frontier_at_equals_brute_force(t, M, sort, n_lambdas, hs):
    M = min(M, t.n_nonempty)
    H, I, bins, _ = enumerate_groupings(t, M, sort=sort)
    hs = np.array(hs + [float(H.max()), float(np.median(H))])
    fp = frontier_at(t, hs, M, sort=sort, n_lambdas=n_lambdas)
    brute = np.array([I[H <= h + 1e-12].max() for h in hs])
    assert np.allclose(fp.I, brute, atol=1e-12)
    # each value is attained by the grouping returned with it, within the budget
    assert np.all(fp.H <= hs + 1e-12) and np.all(fp.bins <= M)
    for b, Hb, Ib in zip(fp.boundaries, fp.H, fp.I):
        Hg, Ig = grouping_points(t.sorted() if sort else t, b)
        assert Hg[0] == pytest.approx(Hb, abs=1e-12) and Ig[0] == pytest.approx(Ib, abs=1e-12)


def test_frontier_at_starting_from_a_coarse_frontier_is_exact():
    # a table large enough that the coarse-to-fine frontier falls short somewhere
    t = random_table(np.random.default_rng(11), 150, zero_frac=0.1)
    exact = frontier(t, 5)
    approx = frontier(t, 5, coarse=15, refine_rounds=0)
    hs = np.linspace(0.05, exact.H.max(), 25)
    assert np.any(approx.at(hs) < exact.at(hs) - 1e-6)
    for start in (None, approx, exact):
        fp = frontier_at(t, hs, 5, start=start)
        assert np.allclose(fp.I, exact.at(hs), atol=1e-12)


def test_frontier_at_bad_input():
    t = random_table(np.random.default_rng(12), 20)
    with pytest.raises(ValueError, match="h must be >= 0"):
        frontier_at(t, [1.0, -0.5], 3)
    with pytest.raises(ValueError, match="max_rows"):
        frontier_at(t, 1.0, 3, max_rows=5)
    other = frontier(random_table(np.random.default_rng(13), 25), 3)
    with pytest.raises(ValueError, match="same table"):
        frontier_at(t, 1.0, 3, start=other)
