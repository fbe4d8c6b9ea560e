"""Tests of distill.calibration: error bars, isotonic recalibration, bounds."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from distill.calibration import (
    binomial_interval,
    cross_fitted_isotonic,
    fit_isotonic,
    information_bounds,
    pool_adjacent_violators,
    reliability,
)
from distill.info import binary_entropy


def calibrated_sample(n, seed):
    """W uniform on (0, 1), Y = 1 with probability W: perfectly calibrated.

    I(W;Y) = H(Y) - E[h2(W)] = 1 - 1 / (2 ln 2) bits.
    """
    rng = np.random.default_rng(seed)
    w = rng.uniform(size=n)
    y = np.where(rng.uniform(size=n) < w, 1, 2)
    return w, y


I_CALIBRATED = 1 - 1 / (2 * np.log(2))


# -- binomial error bars --------------------------------------------------------

def test_wilson_interval_known_values():
    lo, hi = binomial_interval(0, 10, level=0.95)
    assert lo == 0.0 and hi == pytest.approx(0.27753, abs=1e-5)
    lo, hi = binomial_interval(5, 10, level=0.95)
    assert (lo, hi) == pytest.approx((0.23659, 0.76341), abs=1e-5)


def test_jeffreys_interval_is_the_beta_quantiles():
    lo, hi = binomial_interval(3, 20, level=0.9, method="jeffreys")
    assert lo == pytest.approx(stats.beta.ppf(0.05, 3.5, 17.5))
    assert hi == pytest.approx(stats.beta.ppf(0.95, 3.5, 17.5))


@given(st.integers(1, 500), st.floats(0.0, 1.0), st.sampled_from(["wilson", "jeffreys"]))
@settings(max_examples=60, deadline=None)
def test_interval_contains_the_estimate(n, frac, method):
    k = int(round(frac * n))
    lo, hi = binomial_interval(k, n, method=method)
    assert 0 <= lo <= k / n <= hi <= 1


def test_wilson_interval_covers_at_about_its_level():
    rng = np.random.default_rng(0)
    k = rng.binomial(200, 0.3, size=4000)
    lo, hi = binomial_interval(k, 200, level=0.9)
    assert 0.87 < np.mean((lo <= 0.3) & (0.3 <= hi)) < 0.93


# -- reliability -----------------------------------------------------------------

def test_reliability_of_a_calibrated_network():
    w, y = calibrated_sample(20000, 1)
    rel = reliability(w, y, n_bins=20)
    assert rel.n.sum() == 20000 and np.all(rel.n == 1000)
    np.testing.assert_allclose(rel.u_lo, np.arange(20) / 20)
    inside = (rel.lo <= rel.claimed) & (rel.claimed <= rel.hi)
    assert inside.mean() >= 0.5            # one-sigma bars: about 68 % expected
    assert rel.ece < 0.02


def test_reliability_detects_overconfidence():
    w, y = calibrated_sample(20000, 2)
    w_over = 1 / (1 + np.exp(-3 * np.log(w / (1 - w))))      # logits tripled
    rel = reliability(w_over, y, n_bins=20)
    assert rel.ece > 0.05
    assert rel.claimed[0] < rel.lo[0]      # claims near 0, truth well above


# -- isotonic recalibration --------------------------------------------------------

def test_pav_matches_scikit_learn():
    from sklearn.isotonic import IsotonicRegression

    rng = np.random.default_rng(3)
    v = rng.normal(size=300).cumsum() * 0.1 + rng.normal(size=300)
    wt = rng.uniform(0.5, 2, size=300)
    ref = IsotonicRegression().fit_transform(np.arange(300), v, sample_weight=wt)
    np.testing.assert_allclose(pool_adjacent_violators(v, wt), ref, atol=1e-10)


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=2, max_size=200))
@settings(max_examples=80, deadline=None)
def test_isotonic_recalibration_is_monotone_and_keeps_the_base_rate(pairs):
    w = np.array([p[0] for p in pairs])
    y = np.where([p[1] for p in pairs], 1, 2)
    if len(set(y.tolist())) < 2:
        y[0], y[-1] = 1, 2
    cal = fit_isotonic(w, y)
    assert np.all(np.diff(cal.f) >= -1e-12)
    assert np.all((cal.f >= 0) & (cal.f <= 1))
    f_samples = cal(w)
    assert np.all(np.diff(f_samples[np.argsort(w)]) >= -1e-12)
    # least squares under a monotone constraint preserves the mean label
    assert f_samples.mean() == pytest.approx(np.mean(y == 1), abs=1e-9)


def test_isotonic_undoes_a_monotone_distortion():
    w, y = calibrated_sample(20000, 4)
    distorted = w**3
    cal = fit_isotonic(distorted, y)
    grid = np.linspace(0.05, 0.95, 10)
    assert np.max(np.abs(cal(grid**3) - grid)) < 0.06


# -- bounds --------------------------------------------------------------------------

def test_bounds_on_a_calibrated_network():
    w, y = calibrated_sample(20000, 5)
    b = information_bounds(w, y, seed=0)
    # the cross-entropy of calibrated outputs is H(Y|W): the bound is tight
    assert b.cross_entropy_bound == pytest.approx(I_CALIBRATED, abs=0.01)
    assert b.recalibrated_bound == pytest.approx(I_CALIBRATED, abs=0.015)
    # Fano is a looser lower bound: error 1/4 -> 1 - h2(1/4)
    assert b.fano == pytest.approx(1 - binary_entropy(0.25), abs=0.01)
    assert b.fano < I_CALIBRATED
    assert b.plugin == pytest.approx(I_CALIBRATED, abs=0.01 + b.plugin_bias)


def test_recalibration_repairs_the_cross_entropy_bound():
    w, y = calibrated_sample(20000, 6)
    w_over = 1 / (1 + np.exp(-4 * np.log(w / (1 - w))))
    b = information_bounds(w_over, y)
    assert b.cross_entropy_bound < I_CALIBRATED - 0.05
    assert b.recalibrated_bound == pytest.approx(I_CALIBRATED, abs=0.02)


def test_cross_fitted_bound_is_not_optimistic_on_noise():
    rng = np.random.default_rng(7)
    w = rng.uniform(size=4000)
    y = np.where(rng.uniform(size=4000) < 0.5, 1, 2)        # W says nothing about Y
    assert cross_fitted_isotonic(w, y).bound < 0.01


# -- bad input --------------------------------------------------------------------------

def test_bad_inputs_have_clear_messages():
    with pytest.raises(ValueError, match=r"k must satisfy 0 <= k <= n"):
        binomial_interval(5, 3)
    with pytest.raises(ValueError, match=r"level must be a probability in \(0, 1\); got 1.5"):
        binomial_interval(1, 3, level=1.5)
    with pytest.raises(ValueError, match="method must be 'wilson' or 'jeffreys'; got 'normal'"):
        binomial_interval(1, 3, method="normal")
    with pytest.raises(ValueError, match=r"w must lie in \[0, 1\]"):
        reliability([0.1, 1.2], [1, 2])
    with pytest.raises(ValueError, match="w and y must have equal length; got 3 and 2"):
        fit_isotonic([0.1, 0.2, 0.3], [1, 2])
    with pytest.raises(ValueError, match="n_bins must not exceed the number of samples"):
        reliability([0.1, 0.9], [1, 2], n_bins=5)
    with pytest.raises(ValueError, match="y must hold two class labels"):
        fit_isotonic([0.1, 0.2], [3, 4])


def test_reliability_figure_draws(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from distill.plots._results import plot_reliability

    w, y = calibrated_sample(500, 8)
    fig = plot_reliability(reliability(w, y, n_bins=10))
    fig.savefig(tmp_path / "reliability.png")
    assert fig.axes[0].get_xlim() == (0.0, 1.0)
    plt.close("all")
