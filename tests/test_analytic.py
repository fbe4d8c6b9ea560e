"""Numeric checks of the analytic warm-up example (distill.analytic)."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from distill import analytic as A
from distill.binning import JointTable
from distill.info import binary_entropy, mutual_information

mpmath.mp.dps = 50


def F1_reference(w):
    """F1 from the closed form in 50-digit arithmetic (the truth to compare with)."""
    w = mpmath.mpf(float(w))
    if w == 0:
        return mpmath.mpf(0)
    if w == 1:
        return mpmath.mpf(1) / 2
    s = (1 - 2 * w) / w
    if s == 0:
        return mpmath.mpf(1) / 12
    return ((s * s + 4 * s + 3) * mpmath.log((1 - w) / w) - 3 * s - mpmath.mpf(5) / 2 * s * s) / s**4


def F_quadrature(w, cls):
    """P(W < w, Y = cls) by two-dimensional quadrature of the class density."""
    r = w / (1 - w)

    def top(x1):  # W < w  <=>  x2 < r (1 - x1) / (x1 + r (1 - x1))
        return r * (1 - x1) / (x1 + r * (1 - x1))

    if cls == 1:
        f = lambda x2, x1: 2 * x1 * x2  # noqa: E731
    else:
        f = lambda x2, x1: 2 * (1 - x1) * (1 - x2)  # noqa: E731
    val, _ = integrate.dblquad(f, 0, 1, 0, top, epsabs=1e-13, epsrel=1e-12)
    return val


@pytest.fixture(scope="module")
def edges_1e5():
    return A.bin_edges(100_000)


# -- F1, F2 ------------------------------------------------------------------


@pytest.mark.parametrize("w", [0.01, 0.2, 1 / 3, 0.49, 0.5, 0.5001, 0.7, 0.95, 0.999])
def test_F1_and_F2_match_two_dimensional_quadrature(w):
    assert A.F1(w) == pytest.approx(F_quadrature(w, 1), abs=1e-11)
    assert A.F2(w) == pytest.approx(F_quadrature(w, 2), abs=1e-11)


def test_F1_matches_high_precision_everywhere():
    rng = np.random.default_rng(3)
    w = np.concatenate([
        rng.random(400),
        0.5 + rng.normal(0, 1e-3, 200),
        0.5 + rng.normal(0, 1e-7, 100),
        rng.random(100) ** 10,
        1 - rng.random(100) ** 10,
        [0.0, 1.0, 0.5, 1 / 3, 1 / 1.95, 1 / 2.95, 1 / 1.05, 1 / 0.05],  # series/closed-form seams
    ])
    w = w[(w >= 0) & (w <= 1)]
    got = A.F1(w)
    want = np.array([float(F1_reference(v)) for v in w])
    assert np.max(np.abs(got - want)) < 3e-15


def test_paper_closed_form_cancels_near_one_half_but_F1_does_not():
    w = 0.5 + np.array([1e-3, -1e-4, 3e-5, -1e-5])
    want = np.array([float(F1_reference(v)) for v in w])
    naive_error = np.max(np.abs(A.F1_closed_form(w) - want))
    stable_error = np.max(np.abs(A.F1(w) - want))
    assert naive_error > 1e-6  # round-off divided by (1 - 2w)^4
    assert stable_error < 1e-16


def test_F2_is_the_mirror_of_F1():
    w = np.linspace(0, 1, 101)
    np.testing.assert_allclose(A.F2(w), 0.5 - A.F1(1 - w), atol=0)
    assert A.F1(0.5) == 1 / 12 and A.F2(0.5) == 0.5 - 1 / 12
    assert A.F1(1.0) == 0.5 and A.F2(1.0) == 0.5 and A.F1(0.0) == 0.0
    assert A.cdf(0.5) == 0.5


def test_F1_is_monotone_and_density_is_its_derivative():
    w = np.linspace(0, 1, 20001)
    assert np.all(np.diff(A.F1(w)) >= 0)
    for a, b in [(0.0, 0.1), (0.3, 0.5), (0.45, 0.55), (0.9, 1.0)]:
        mass, _ = integrate.quad(lambda v: A.density(v)[0], a, b, epsabs=1e-14, epsrel=1e-12)
        assert mass == pytest.approx(A.F1(b) - A.F1(a), abs=1e-12)
    np.testing.assert_allclose(A.density(0.5), [4 / 15, 4 / 15], rtol=1e-14)


def test_quantile_inverts_the_cdf():
    p = np.concatenate([[0.0, 1e-9, 1e-5, 0.5, 1.0], np.linspace(0.01, 0.99, 99)])
    np.testing.assert_allclose(A.cdf(A.quantile(p)), p, atol=2e-15)


# -- exact information -------------------------------------------------------


def test_exact_information_matches_quadrature_of_conditional_entropy():
    # I(X;Y) = H(Y) - E[h2(W)] with X spread by p(x) = 2 (x1 x2 + (1-x1)(1-x2))
    def integrand(x2, x1):
        a, b = x1 * x2, (1 - x1) * (1 - x2)
        return 2 * (a + b) * float(binary_entropy(a / (a + b)))

    H_Y_given_X, _ = integrate.dblquad(integrand, 0, 1, 0, 1, epsabs=1e-12, epsrel=1e-11)
    assert A.I_XY == pytest.approx(1 - H_Y_given_X, abs=1e-9)
    assert A.I_XY == pytest.approx(0.470747, abs=5e-7)
    assert A.I_XY == 1 - (math.pi**2 - 4) / (16 * math.log(2))


# -- binned information --------------------------------------------------------


def test_bin_probabilities_of_narrow_bins_keep_their_relative_accuracy():
    a = 0.5 - 3e-9
    edges = np.array([a, a + 1e-9, a + 2e-9, a + 3e-9, 0.5 + 1e-9])
    got = A.bin_probabilities(edges)
    ref = [float(F1_reference(b) - F1_reference(c)) for b, c in zip(edges[1:], edges[:-1])]
    np.testing.assert_allclose(got[:, 0], ref, rtol=1e-5)


def test_binned_information_rises_monotonically_with_nested_refinements(edges_1e5):
    Is = []
    for n in (10, 100, 1000, 10_000):
        edges = A.bin_edges(n)
        np.testing.assert_array_equal(edges, edges_1e5[:: 100_000 // n])  # nested
        Is.append(mutual_information(A.bin_probabilities(edges)))
    Is.append(mutual_information(A.bin_probabilities(edges_1e5)))
    assert np.all(np.diff(Is) > 0)
    assert Is[-1] < A.I_XY


def test_binned_information_at_1e5_equal_mass_bins_is_within_1e6_bits(edges_1e5):
    P = A.bin_probabilities(edges_1e5)
    assert P.sum() == pytest.approx(1.0, abs=1e-14)
    np.testing.assert_allclose(P.sum(axis=1), 1e-5, rtol=1e-8)  # equal mass
    gap = A.I_XY - mutual_information(P)
    assert 0 < gap < 1e-6


def test_binned_information_near_one_half_does_not_wander():
    # 2^k bins around w = 1/2, where the closed form would lose every digit:
    # refinements gain ~1e-13 bits or less here, and the computed gains must
    # not go negative by more than the round-off of the sum (1e-14)
    Is = []
    for k in range(4, 15, 2):
        inner = 0.4995 + np.arange(2**k + 1) * (1e-3 / 2**k)
        edges = np.concatenate([[0.0], inner, [1.0]])
        Is.append(mutual_information(A.bin_probabilities(edges)))
    assert np.all(np.diff(Is) > -1e-14)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.001, 0.999), min_size=1, max_size=12, unique=True),
       st.integers(1, 4))
def test_splitting_bins_never_loses_information(cuts, splits):
    coarse = np.unique(np.concatenate([[0.0], cuts, [1.0]]))
    fine = coarse
    I_prev = mutual_information(A.bin_probabilities(fine))
    for _ in range(splits):
        fine = np.unique(np.concatenate([fine, 0.5 * (fine[1:] + fine[:-1])]))
        I_new = mutual_information(A.bin_probabilities(fine))
        assert I_new >= I_prev - 1e-15
        I_prev = I_new
    assert I_prev <= A.I_XY


def test_two_bins_at_one_half_give_one_minus_h2_of_one_sixth():
    P = A.bin_probabilities([0, 0.5, 1])
    assert mutual_information(P) == pytest.approx(1 - float(binary_entropy(1 / 6)), abs=1e-15)


def test_joint_table_is_a_JointTable_with_edges():
    t = A.joint_table(500)
    assert isinstance(t, JointTable) and t.p.shape == (500, 2)
    assert t.edges[0] == 0 and t.edges[-1] == 1
    np.testing.assert_allclose(t.mass, 1 / 500, rtol=1e-9)
    w = A.joint_table(200, spacing="width")
    np.testing.assert_allclose(w.edges, np.linspace(0, 1, 201))
    assert t.is_posterior_sorted  # W is monotone: P(Y=1|bin) increases with w


# -- sampling ------------------------------------------------------------------


def test_samples_follow_the_exact_distribution_of_W():
    x, y = A.sample(100_000, rng=11)
    assert x.shape == (100_000, 2) and set(np.unique(y)) == {1, 2}
    w = A.w_exact(x)
    # W of the samples against the exact cdf, and per class against F_j / (1/2)
    assert stats.kstest(w, A.cdf).pvalue > 1e-3
    assert stats.kstest(w[y == 1], lambda v: 2 * A.F1(v)).pvalue > 1e-3
    assert stats.kstest(w[y == 2], lambda v: 2 * A.F2(v)).pvalue > 1e-3
    # calibration: in bins of W the fraction of Y = 1 is the bins' exact P(Y=1|bin)
    edges = np.linspace(0, 1, 11)
    P = A.bin_probabilities(edges)
    idx = np.clip(np.searchsorted(edges, w, side="right") - 1, 0, 9)
    frac = np.array([np.mean(y[idx == k] == 1) for k in range(10)])
    counts = np.bincount(idx, minlength=10)
    post = P[:, 0] / P.sum(axis=1)
    z = (frac - post) / np.sqrt(post * (1 - post) / counts)
    assert np.max(np.abs(z)) < 4.5


def test_sample_is_reproducible_from_a_seed():
    a = A.sample(10, rng=5)
    b = A.sample(10, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_w_exact_values():
    assert A.w_exact([0.5, 0.5]) == 0.5
    assert A.w_exact([1.0, 1.0]) == 1.0 and A.w_exact([0.0, 0.3]) == 0.0
    assert A.w_exact([0.0, 1.0]) == 0.5  # both densities vanish: the prior
    np.testing.assert_allclose(A.w_exact([[0.9, 0.8]]), [0.72 / 0.74])


# -- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: A.F1(1.5), r"w must lie in \[0, 1\]; got values in \[1.5, 1.5\]"),
        (lambda: A.F2([0.2, np.nan]), r"w must be finite"),
        (lambda: A.quantile(-0.1), r"p must lie in \[0, 1\]"),
        (lambda: A.bin_probabilities([0.5, 0.2]), r"edges must be strictly increasing"),
        (lambda: A.bin_probabilities([0.5]), r"edges must be a 1-D array of at least 2"),
        (lambda: A.bin_edges(0), r"n_bins must be a positive integer; got 0"),
        (lambda: A.joint_table(10.5), r"n_bins must be a positive integer; got 10.5"),
        (lambda: A.joint_table(10, spacing="log"), r"spacing must be 'mass' or 'width'; got 'log'"),
        (lambda: A.w_exact([0.1, 0.2, 0.3]), r"x must have shape \(n, 2\) or \(2,\); got shape \(3,\)"),
        (lambda: A.w_exact([0.1, 1.2]), r"x must be finite and lie in the unit square"),
        (lambda: A.sample(0), r"n must be a positive integer; got 0"),
        (lambda: A.sample(5, rng="seed"), r"rng must be a numpy Generator, an integer seed or None; got str"),
    ],
)
def test_bad_input_is_named_in_one_line(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# -- a learned W (Figure 5) ------------------------------------------------------


def test_posterior_kl_known_values_and_bound_on_information_cost():
    assert float(A.posterior_kl(0.9, 0.5)) == pytest.approx(1 - float(binary_entropy(0.9)))
    assert np.all(A.posterior_kl([0.0, 0.3, 1.0], [0.0, 0.3, 1.0]) == 0)
    x, _ = A.sample(50_000, rng=2)
    w = A.w_exact(x)
    # a distorted posterior loses information, at most its mean KL
    w_bad = np.clip(0.5 + 0.8 * (w - 0.5) + 0.05 * np.sin(7 * x[:, 0]), 1e-9, 1 - 1e-9)
    cost = A.predictor_information(w, w, n_bins=200) - A.predictor_information(w_bad, w, n_bins=200)
    assert 0 < cost <= np.mean(A.posterior_kl(w, w_bad))
    # the exact W binned finely loses almost nothing against the exact I(X;Y)
    assert abs(A.predictor_information(w, w, n_bins=200) - A.I_XY) < 0.01


def test_a_small_network_learns_W_roughly():
    pytest.importorskip("torch")
    x, y = A.sample(3000, rng=0)
    net = A.fit_posterior_network(x, y, hidden=(32, 32), epochs=15, batch_size=128, lr=3e-3, seed=0)
    assert net.losses.shape == (15,) and net.losses[-1] < net.losses[0]
    x_test, _ = A.sample(5000, rng=1)
    kl = np.mean(A.posterior_kl(A.w_exact(x_test), np.clip(net.predict(x_test), 1e-12, 1 - 1e-12)))
    assert kl < 0.05  # an untrained (constant 1/2) predictor has mean KL I(X;Y) = 0.47 bits
    again = A.fit_posterior_network(x, y, hidden=(32, 32), epochs=15, batch_size=128, lr=3e-3, seed=0)
    np.testing.assert_allclose(again.predict(x_test[:10]), net.predict(x_test[:10]))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: A.posterior_kl([0.1, 0.2], [0.1]), r"w_true and w_pred must have the same shape"),
        (lambda: A.predictor_information([0.1, 0.2], [0.1, 0.3], n_bins=5), r"n_bins must not exceed the number of samples \(2\); got 5"),
        (lambda: A.fit_posterior_network(np.zeros((3, 3)), [1, 2, 1]), r"x must have shape \(n, 2\); got shape \(3, 3\)"),
        (lambda: A.fit_posterior_network(np.zeros((3, 2)), [0, 1, 1]), r"y must hold one class in \{1, 2\}"),
    ],
)
def test_bad_input_to_the_network_helpers(call, match):
    with pytest.raises(ValueError, match=match):
        call()
