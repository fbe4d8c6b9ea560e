"""Tests of distill.binning: the steps from W to a joint table."""

from pathlib import Path

import numpy as np
import pytest

from distill.binning import (
    JointTable,
    contiguous_bin,
    default_fine_bins,
    fine_bin,
    joint_from_cdf,
    joint_from_samples,
    random_contiguous_binnings,
    read_cdf_csv,
    read_predictions_csv,
    sort_by_posterior,
    uniformize,
)

REF = Path("/work/shared/reference/tegmark-wu-2019")
needs_ref = pytest.mark.skipif(not REF.is_dir(), reason="authors' files not present")


# -- B(x, b) -------------------------------------------------------------------

def test_contiguous_bin_paper_convention():
    b = [0.0, 0.25, 0.5, 1.0]
    x = [0.0, 0.2499, 0.25, 0.5, 0.75, 1.0]
    # b_{k-1} <= x < b_k, and x = 1 in the last bin
    assert contiguous_bin(x, b).tolist() == [0, 0, 1, 2, 2, 2]


def test_contiguous_bin_repeated_boundaries_make_empty_bins():
    assert contiguous_bin([0.1, 0.5, 0.9], [0, 0.5, 0.5, 1]).tolist() == [0, 2, 2]


def test_fine_bin_equal_width():
    assert fine_bin([0.0, 0.099, 0.1, 0.95, 1.0], 10).tolist() == [0, 0, 1, 9, 9]


def test_uniformize_empirical_midranks_and_ties():
    u = uniformize([0.2, 0.2, 0.5, 0.9])
    assert u.tolist() == [0.25, 0.25, 0.625, 0.875]


def test_uniformize_analytic_cdf():
    u = uniformize(np.array([0.0, 0.5, 1.0]), cdf=lambda w: w ** 2)
    assert u.tolist() == [0.0, 0.25, 1.0]


# -- samples -------------------------------------------------------------------

def test_joint_from_samples_equal_count_bins():
    rng = np.random.default_rng(0)
    w = rng.random(1000)
    y = np.where(rng.random(1000) < w, 1, 2)
    t = joint_from_samples(w, y, n_bins=10)
    assert t.p.shape == (10, 2)
    assert np.allclose(t.mass, 0.1)
    # bins are B(w, edges)
    k = contiguous_bin(w, t.edges)
    assert np.allclose(np.bincount(k, minlength=10) / 1000, t.mass)
    assert t.p[:, 0].sum() == pytest.approx(np.mean(y == 1))


def test_joint_from_samples_labels_zero_one_mean_one_is_y1():
    w = [0.1, 0.2, 0.8, 0.9]
    a = joint_from_samples(w, [0, 0, 1, 1], n_bins=2)
    b = joint_from_samples(w, [2, 2, 1, 1], n_bins=2)
    assert np.array_equal(a.p, b.p)
    assert a.p.tolist() == [[0.0, 0.5], [0.5, 0.0]]


def test_joint_from_samples_default_bins_about_sqrt_n():
    rng = np.random.default_rng(1)
    w = rng.random(400)
    t = joint_from_samples(w, (rng.random(400) < w).astype(int))
    assert t.n_bins == default_fine_bins(400) == 20


def test_joint_from_samples_ties_stay_together():
    w = np.array([0.5] * 6 + [0.1, 0.9])
    y = np.array([1, 2, 1, 2, 1, 2, 2, 1])
    t = joint_from_samples(w, y, n_bins=4)
    assert sorted(np.round(t.mass[t.mass > 0] * 8).astype(int).tolist()) == [1, 1, 6]


@pytest.mark.parametrize(
    "w, y, message",
    [
        ([0.1, 1.2], [1, 2], r"w must lie in \[0, 1\] \(a predicted probability\); got 1.2"),
        ([0.1, np.nan], [1, 2], "w must be finite"),
        ([0.1, 0.2, 0.3], [1, 2, 3], r"y must hold two class labels, \{1, 2\} or \{0, 1\}; got values \[1, 2, 3\]"),
        ([0.1, 0.2], [2, 2], "y has a class with no samples: label 1 never occurs"),
        ([0.1, 0.2], [0, 0], "y has a class with no samples: label 1 never occurs"),
        ([0.1, 0.2], [1, 1], "y has a class with no samples: every label is 1"),
        ([0.1, 0.2, 0.3], [1, 2], "w and y must have equal length"),
    ],
)
def test_joint_from_samples_bad_input(w, y, message):
    with pytest.raises(ValueError, match=message):
        joint_from_samples(w, y, n_bins=2)


# -- the joint table ------------------------------------------------------------

def test_table_rejects_bad_probabilities():
    with pytest.raises(ValueError, match="p must be non-negative; got minimum -0.1"):
        JointTable([[0.6, -0.1], [0.3, 0.2]])
    with pytest.raises(ValueError, match="p must be finite"):
        JointTable([[np.nan, 0.5], [0.3, 0.2]])
    with pytest.raises(ValueError, match=r"p must sum to 1 .*got sum 0.9, off by -0.1"):
        JointTable([[0.4, 0.1], [0.2, 0.2]])
    with pytest.raises(ValueError, match=r"p must have shape \(N, 2\)"):
        JointTable([[0.2, 0.3, 0.5]])
    with pytest.raises(ValueError, match="class Y=2 has zero probability"):
        JointTable([[0.5, 0.0], [0.5, 0.0]])


def test_sorted_is_stable_and_records_order():
    t = JointTable([[0.1, 0.1], [0.3, 0.1], [0.05, 0.15], [0.1, 0.1]])
    s = t.sorted()
    assert s.order.tolist() == [2, 0, 3, 1]
    assert np.all(np.diff(s.posterior) >= 0)
    assert s.I == pytest.approx(t.I)


def test_zero_mass_rows_get_neighbour_posterior_and_stay_in_place():
    t = JointTable([[0.1, 0.3], [0.0, 0.0], [0.3, 0.3]])
    assert t.posterior.tolist() == [0.25, 0.25, 0.5]
    assert t.sorted().order.tolist() == [0, 1, 2]


def test_merge_boundaries_and_labels():
    t = JointTable([[0.1, 0.1], [0.2, 0.1], [0.05, 0.15], [0.2, 0.1]])
    m = t.merge([0, 2, 4])
    assert np.allclose(m.p, [[0.3, 0.2], [0.25, 0.25]])
    assert m.edges.tolist() == [0.0, 0.5, 1.0]
    lab = t.merge(labels=[0, 1, 0, 1])
    assert np.allclose(lab.p, [[0.15, 0.25], [0.4, 0.2]])
    assert lab.edges is None


def test_merging_never_increases_information():
    rng = np.random.default_rng(2)
    for _ in range(50):
        p = rng.random((8, 2)); p /= p.sum()
        t = JointTable(p)
        labels = rng.integers(0, 3, 8)
        assert t.merge(labels=labels).I <= t.I + 1e-12


def test_sort_by_posterior_on_arrays():
    p, order = sort_by_posterior(np.array([[0.3, 0.1], [0.1, 0.3], [0.1, 0.1]]))
    assert order.tolist() == [1, 2, 0]
    assert np.allclose(p[0], [0.1, 0.3])


def test_random_contiguous_binnings_are_valid_and_seeded():
    b = random_contiguous_binnings(50, 5, 200, rng=3)
    assert b.shape == (200, 6)
    assert np.all(np.diff(b, axis=1) > 0)
    assert np.array_equal(b, random_contiguous_binnings(50, 5, 200, rng=3))
    small = random_contiguous_binnings(5, 5, 3, rng=0)
    assert small.tolist() == [[0, 1, 2, 3, 4, 5]] * 3


# -- joint CDF grids -------------------------------------------------------------

def _grid(n=101):
    w = np.linspace(0, 1, n)
    # W uniform; P(Y=1|w) = w  => F1 = w^2/2, F2 = w - w^2/2
    return w, w ** 2 / 2, w - w ** 2 / 2


def test_joint_from_cdf_grid_cells():
    w, f1, f2 = _grid(11)
    t = joint_from_cdf(w, f1, f2)
    assert t.n_bins == 10
    assert t.deficit == pytest.approx(0.0, abs=1e-12)
    assert np.allclose(t.edges, w)
    assert np.all(np.diff(t.posterior) > 0)


def test_joint_from_cdf_resampling_equal_mass_and_width():
    w, f1, f2 = _grid(1001)
    a = joint_from_cdf(w, f1, f2, n_bins=20)
    assert np.allclose(a.mass, 0.05, atol=1e-9)
    b = joint_from_cdf(w, f1, f2, n_bins=20, spacing="width")
    assert np.allclose(np.diff(b.edges), 0.05)


def test_binned_information_rises_towards_the_continuum_value():
    # I(W;Y) for W uniform, P(Y=1|W)=W: H(Y) - E[h2(W)] = 1 - 1/(2 ln 2)
    exact = 1 - 1 / (2 * np.log(2))
    w, f1, f2 = _grid(20001)
    sizes = (2, 4, 16, 64, 256)
    values = [joint_from_cdf(w, f1, f2, n_bins=n).I for n in sizes]
    assert np.all(np.diff(values) > 0)
    # Theorem A.1: N uniform fine bins lose less than 6/N bits
    assert all(exact - v < 6 / n for v, n in zip(values, sizes))
    assert values[-1] < exact
    assert exact - values[-1] < 1e-4


def test_joint_from_cdf_deficit_is_renormalized_or_refused():
    w, f1, f2 = _grid(11)
    t = joint_from_cdf(w, f1 * 0.999, f2)
    assert t.deficit == pytest.approx(0.0005)
    assert t.p.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"covers only 0.75 of the probability: 0.25 is missing"):
        joint_from_cdf(w, f1 * 0.5, f2)


def test_joint_from_cdf_rejects_w_outside_the_unit_interval():
    w, f1, f2 = _grid(11)
    with pytest.raises(ValueError, match=r"column w must lie in \[0, 1\] .*got 2"):
        joint_from_cdf(w * 2, f1, f2)


def test_joint_from_cdf_rejects_non_monotone_columns():
    w, f1, f2 = _grid(11)
    f1 = f1.copy(); f1[5] = f1[6] + 0.01
    with pytest.raises(ValueError, match="column F1 must be non-decreasing .* at row 7"):
        joint_from_cdf(w, f1, f2)


def test_read_cdf_csv_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_cdf_csv(tmp_path / "missing.csv")
    two = tmp_path / "two.csv"
    two.write_text("0,0\n1,0.5\n")
    with pytest.raises(ValueError, match=r"expected 3 columns \(w, F1, F2\); got 2"):
        read_cdf_csv(two)
    nan = tmp_path / "nan.csv"
    nan.write_text("0,0,0\n0.5,nan,0.2\n1,0.5,0.5\n")
    with pytest.raises(ValueError, match="NaN or infinite value in data row 2"):
        read_cdf_csv(nan)
    dec = tmp_path / "dec.csv"
    dec.write_text("w,F1,F2\n0,0,0\n0.5,0.3,0.2\n1,0.2,0.5\n")
    with pytest.raises(ValueError, match="column F1 must be non-decreasing"):
        read_cdf_csv(dec)


def test_read_predictions_csv(tmp_path):
    f = tmp_path / "pred.csv"
    f.write_text("w,y\n0.1,2\n0.9,1\n")
    w, y = read_predictions_csv(f)
    assert w.tolist() == [0.1, 0.9] and y.tolist() == [2, 1]


@needs_ref
@pytest.mark.parametrize("name", ["analyticF", "MNISTF", "FashionMNISTF", "CIFARF", "CIFARQ"])
def test_authors_files_load(name):
    t = joint_from_cdf(*read_cdf_csv(REF / f"{name}.csv"))
    assert t.n_bins > 9000
    assert 0 <= t.deficit < 0.0015
    assert 0.4 < t.I < 1.0


# -- properties ------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.5, 0.9, 1.0]) | st.floats(0, 1),
                min_size=2, max_size=60),
       st.integers(1, 12), st.randoms(use_true_random=False))
def test_samples_table_is_b_of_w_with_its_edges(ws, n_bins, rnd):
    w = np.array(ws)
    y = np.array([1, 2] + [rnd.choice([1, 2]) for _ in range(w.size - 2)])
    t = joint_from_samples(w, y, n_bins=n_bins)
    assert t.p.shape == (n_bins, 2)
    assert t.p.sum() == pytest.approx(1.0)
    k = contiguous_bin(w, t.edges)
    counts = np.zeros((n_bins, 2))
    np.add.at(counts, (k, (y == 2).astype(int)), 1.0)
    assert np.allclose(counts / w.size, t.p)
    # equal values share a bin; binning never beats the samples' own information
    from distill.info import mutual_information_from_samples
    assert t.I <= mutual_information_from_samples(w, y) + 1e-12


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=50))
def test_uniformize_lies_in_the_open_interval_and_keeps_order(ws):
    w = np.array(ws)
    u = uniformize(w)
    assert np.all((u > 0) & (u < 1))
    o = np.argsort(w, kind="stable")
    assert np.all(np.diff(u[o]) >= 0)
    assert np.all((np.diff(w[o]) == 0) == (np.diff(u[o]) == 0))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_random_binnings_are_valid(n_fine, m, seed):
    m = min(m, n_fine)
    b = random_contiguous_binnings(n_fine, m, 25, rng=seed)
    assert b.shape == (25, m + 1)
    assert np.all(b[:, 0] == 0) and np.all(b[:, -1] == n_fine)
    assert np.all(np.diff(b, axis=1) >= 1)
