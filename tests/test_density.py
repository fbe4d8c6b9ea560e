"""Tests of distill.density: the families normalize, fits recover known members."""

import numpy as np
import pytest
from scipy import integrate, special, stats

from distill.density import (
    EPS,
    BetaExpPoly,
    TwoPieceLogit,
    _log_norm_jacobi,
    binned_kl,
    fit_density,
    fit_density_cdf,
    merge_bins,
    sample_kl,
)


def rejection_sample(a, b, coef, n, seed):
    """Draws from exp(poly) w^a (1-w)^b by rejection from Beta(a+1, b+1).

    Independent of the package's CDF machinery, so recovery tests do not
    check the code against itself.
    """
    rng = np.random.default_rng(seed)

    def poly(w):
        return sum(c * w ** (k + 1) for k, c in enumerate(coef))

    top = poly(np.linspace(0, 1, 2001)).max()
    out, have = [], 0
    while have < n:
        w = rng.beta(a + 1, b + 1, size=n)
        keep = w[rng.uniform(size=n) < np.exp(poly(w) - top)]
        out.append(keep)
        have += keep.size
    return np.concatenate(out)[:n]


def smooth_part(model):
    """exp(c0 + c1 w + ... + cd w^d), written out here from the parameters."""
    return lambda w: np.exp(model.c0 + sum(c * w ** (k + 1) for k, c in enumerate(model.coef)))


def integral(model, x=1.0):
    """int_0^x f(w) dw by QUADPACK's algebraic-singularity rule (weight w^a (1-w)^b)."""
    g = smooth_part(model)
    if x >= 1.0:
        return integrate.quad(g, 0, 1, weight="alg", wvar=(model.a, model.b))[0]
    return integrate.quad(lambda w: g(w) * (1 - w) ** model.b, 0, x, weight="alg",
                          wvar=(model.a, 0.0))[0]


# -- the beta-exp-poly family ---------------------------------------------------

@pytest.mark.parametrize("a, b, coef", [
    (-0.5, 0.8, (2.0, -3.0, 1.5)),
    (-0.97, -0.9, (-10.0, 5.0, 3.0)),
    (3.0, 0.2, ()),
    (-0.6, -0.6, (30.0, -60.0, 40.0)),
])
def test_beta_exp_poly_normalizes_to_one(a, b, coef):
    m = BetaExpPoly(a=a, b=b, coef=coef)
    assert integral(m) == pytest.approx(1.0, abs=1e-7)
    assert m.cdf(0.0) == 0.0 and m.cdf(1.0) == pytest.approx(1.0, abs=1e-12)
    # the grid normalization agrees with Gauss-Jacobi quadrature
    assert m.log_norm == pytest.approx(_log_norm_jacobi(a, b, np.array(coef)), abs=1e-7)


@pytest.mark.parametrize("a, b", [(-0.97, -0.9), (0.5, 3.0), (-0.5, -0.99), (4.0, 4.0)])
def test_beta_exp_poly_without_polynomial_is_the_beta_distribution(a, b):
    m = BetaExpPoly(a=a, b=b)
    x = np.array([1e-30, 1e-12, 1e-5, 0.01, 0.3, 0.5, 0.99, 1 - 1e-9])
    np.testing.assert_allclose(m.cdf(x), stats.beta.cdf(x, a + 1, b + 1), atol=1e-5)
    inner = np.array([1e-5, 0.01, 0.3, 0.99])
    np.testing.assert_allclose(m.logpdf(inner), stats.beta.logpdf(inner, a + 1, b + 1), atol=1e-8)


def test_cdf_is_the_integral_of_the_pdf():
    m = BetaExpPoly(a=-0.7, b=0.4, coef=(3.0, -2.0, -1.0))
    for x in (1e-9, 0.05, 0.4, 0.9):
        assert m.cdf(x) == pytest.approx(integral(m, x), abs=1e-7)
    w = np.linspace(0.01, 0.99, 9)
    np.testing.assert_allclose(m.pdf(w), smooth_part(m)(w) * w**m.a * (1 - w) ** m.b, rtol=1e-12)


def test_fit_recovers_a_beta_distribution():
    w = np.random.default_rng(1).beta(2.0, 5.0, size=5000)
    fit = fit_density(w, degree=0)
    assert fit.converged
    assert fit.model.a == pytest.approx(1.0, abs=0.15)
    assert fit.model.b == pytest.approx(4.0, abs=0.4)


def test_fit_recovers_a_member_of_the_family():
    true = BetaExpPoly(a=-0.4, b=0.5, coef=(2.0, -4.0, 1.5))
    w = rejection_sample(true.a, true.b, true.coef, 10000, seed=2)
    fit = fit_density(w)
    assert fit.model.a == pytest.approx(true.a, abs=0.1)
    assert fit.model.b == pytest.approx(true.b, abs=0.3)
    # the cubic's coefficients trade off against a and b; the density itself
    # is pinned down tightly
    np.testing.assert_allclose(fit.model.coef, true.coef, atol=2.5)
    e = np.linspace(0, 1, 101)
    assert binned_kl(fit.model, e, np.diff(true.cdf(e))) < 1e-3
    # the maximum likelihood beats the truth on its own sample
    assert fit.log_likelihood >= np.mean(true.logpdf(w)) - 1e-9


def test_binned_fit_of_exact_masses_recovers_the_parameters():
    true = BetaExpPoly(a=-0.8, b=-0.6, coef=(-8.0, 6.0, 1.0))
    grid = np.linspace(0, 1, 2001)
    fit = fit_density_cdf(grid, 0.5 * true.cdf(grid))       # a joint CDF ending at 1/2
    e = np.linspace(0, 1, 101)
    assert binned_kl(fit.model, e, np.diff(true.cdf(e))) < 1e-5
    assert fit.model.a == pytest.approx(true.a, abs=0.02)
    assert fit.model.b == pytest.approx(true.b, abs=0.02)


def test_sampler_matches_the_cdf():
    m = BetaExpPoly(a=-0.9, b=0.3, coef=(1.0, 2.0, -3.0))
    w = m.sample(20000, seed=3)
    assert stats.kstest(w, m.cdf).pvalue > 0.01


# -- the two-piece family -------------------------------------------------------

TWO = TwoPieceLogit(weight=0.1, loc=(-4.0, 3.0), left=(0.3, 1.0), right=(1.0, 0.6))


def test_two_piece_normalizes_and_cdf_integrates_pdf():
    total = integrate.quad(lambda t: float(np.exp(TWO.logpdf_logit(t))), -np.inf, np.inf)[0]
    assert total == pytest.approx(1.0, abs=1e-7)
    for x in (1e-6, 0.01, 0.5, 0.97):
        num = integrate.quad(lambda t: float(np.exp(TWO.logpdf_logit(t))), -np.inf,
                             special.logit(x), points=None, limit=400)[0]
        assert TWO.cdf(x) == pytest.approx(num, abs=1e-7)
    assert TWO.cdf(0.0) == 0.0 and TWO.cdf(1.0) == 1.0


def test_two_piece_fit_recovers_its_parameters():
    w = TWO.sample(6000, seed=4)
    fit = fit_density(w, family="two-piece")
    got = fit.params()
    assert got["pi"] == pytest.approx(0.1, abs=0.02)
    assert got["mu1"] == pytest.approx(-4.0, abs=0.2)
    assert got["l1"] == pytest.approx(0.3, rel=0.1)
    assert got["r1"] == pytest.approx(1.0, rel=0.15)
    assert got["mu2"] == pytest.approx(3.0, abs=0.5)
    e = np.linspace(0, 1, 101)
    assert binned_kl(fit.model, e, np.diff(TWO.cdf(e))) < 1e-3


def test_two_piece_fit_from_logits_needs_no_clipping():
    # logits far beyond what float64 W could hold away from 0 and 1
    t = special.logit(TWO.sample(2000, seed=5)) - 40.0
    fit = fit_density(logit=t, family="two-piece")
    assert fit.params()["mu1"] == pytest.approx(-44.0, abs=0.5)


# -- goodness of fit -------------------------------------------------------------

def test_kl_of_a_perfect_fit_is_zero():
    m = BetaExpPoly(a=-0.3, b=1.2, coef=(0.5, 0.5, -1.0))
    e = np.linspace(0, 1, 51)
    assert binned_kl(m, e, np.diff(m.cdf(e))) == pytest.approx(0.0, abs=1e-12)


def test_sample_kl_of_the_true_model_is_at_its_noise_floor():
    m = BetaExpPoly(a=0.5, b=0.5)
    kls = [sample_kl(m, m.sample(2000, seed=s)) for s in range(10)]
    mean_kl = np.mean([k for k, _ in kls])
    floor = kls[0][1]
    assert 0.3 * floor < mean_kl < 3 * floor


def test_kl_of_a_wrong_model_is_large():
    w = np.random.default_rng(6).beta(5.0, 1.0, size=4000)
    kl, floor = sample_kl(BetaExpPoly(a=0.0, b=0.0), w)
    assert kl > 20 * floor


def test_merge_bins_keeps_mass_and_edges():
    e = np.linspace(0, 1, 1001)
    m = np.random.default_rng(7).uniform(size=1000)
    e2, m2 = merge_bins(e, m, 40)
    assert e2.size <= 41 and e2[0] == 0 and e2[-1] == 1
    assert np.all(np.isin(e2, e))
    assert m2.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(m2, np.diff(np.interp(e2, e, np.concatenate([[0], np.cumsum(m / m.sum())]))))


def test_saturated_samples_are_clipped_not_infinite():
    w = np.concatenate([np.random.default_rng(8).beta(0.5, 0.5, 3000), np.ones(20), np.zeros(20)])
    fit = fit_density(w, degree=1)
    assert np.isfinite(fit.log_likelihood)
    assert np.isfinite(fit.model.logpdf(1.0)) and fit.model.logpdf(1.0) == fit.model.logpdf(1 - EPS)


# -- bad input ----------------------------------------------------------------------

def test_bad_inputs_have_clear_messages():
    with pytest.raises(ValueError, match=r"w must lie in \[0, 1\]; got values from"):
        fit_density([0.2, 1.5, 0.3])
    with pytest.raises(ValueError, match="w must be a 1-D array"):
        fit_density(np.ones((3, 2)) / 2)
    with pytest.raises(ValueError, match="family must be one of beta-exp-poly, two-piece; got 'gauss'"):
        fit_density([0.1, 0.2], family="gauss")
    with pytest.raises(ValueError, match="degree must be an integer from 0 to 8; got 9"):
        fit_density([0.1, 0.2], degree=9)
    with pytest.raises(ValueError, match="give exactly one of samples w"):
        fit_density([0.1, 0.2], edges=[0, 0.5, 1], masses=[0.5, 0.5])
    with pytest.raises(ValueError, match="a and b must exceed -1"):
        BetaExpPoly(a=-1.0, b=0.0)
    with pytest.raises(ValueError, match="edges must have one more entry than masses"):
        fit_density(edges=[0, 0.5, 1], masses=[1.0])
    with pytest.raises(ValueError, match="eps must be in"):
        fit_density([0.1, 0.2], eps=0.5)
    with pytest.raises(ValueError, match="left and right rates must be > 0"):
        TwoPieceLogit(weight=0.1, loc=(0, 1), left=(0.0, 1.0), right=(1.0, 1.0))
    with pytest.raises(ValueError, match="w must be finite"):
        sample_kl(BetaExpPoly(a=0, b=0), [0.1, np.nan, 0.3])


def test_cdf_figure_draws(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from distill.plots._density import empirical_cdf, plot_cdf_fits

    w = TWO.sample(300, seed=9)
    fig = plot_cdf_fits([empirical_cdf(w), empirical_cdf(1 - w)], [TWO, None])
    fig.savefig(tmp_path / "cdf.png")
    with pytest.raises(ValueError, match="scale must be 'w' or 'logit'; got 'log'"):
        plot_cdf_fits([empirical_cdf(w)] * 2, [TWO, TWO], scale="log")
    plt.close("all")
