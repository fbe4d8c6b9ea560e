"""Checks of the generalized information bottleneck (distill.ib)."""

import itertools

import numpy as np
import pytest

from distill import ib
from distill.binning import JointTable
from distill.frontier import frontier
from distill.info import binary_entropy, mutual_information

# a small table with a clear structure: P(Y=1|x) rises with x
TINY = np.array([
    [0.16, 0.01],
    [0.12, 0.03],
    [0.09, 0.06],
    [0.05, 0.08],
    [0.03, 0.12],
    [0.01, 0.24],
])
TINY = TINY / TINY.sum()


def brute_force_dib(joint, beta, n_clusters):
    """The least H(T) - beta I(T;Y) over all hard assignments (bits)."""
    best = np.inf
    for labels in itertools.product(range(n_clusters), repeat=joint.shape[0]):
        r = ib.ib_objective(joint, np.array(labels), beta=beta)
        best = min(best, r["objective"])
    return best


def test_deterministic_bottleneck_converges_to_hard_assignments():
    sol = ib.ib_solve(TINY, beta=5.0, alpha=0.0, n_clusters=3, rng=0)
    assert sol.converged and sol.iterations >= 1
    assert set(np.unique(sol.encoder)) <= {0.0, 1.0}
    np.testing.assert_array_equal(sol.encoder.sum(axis=1), 1.0)
    assert sol.H_T_given_X == 0.0 and sol.I_XT == pytest.approx(sol.H_T)
    # the reported numbers are those of the returned encoder
    direct = ib.ib_objective(TINY, sol.labels, beta=5.0)
    assert direct["I_TY"] == pytest.approx(sol.I_TY, abs=1e-14)
    assert direct["H_T"] == pytest.approx(sol.H_T, abs=1e-14)


@pytest.mark.parametrize("beta", [1.5, 3.0, 8.0, 100.0])
def test_deterministic_bottleneck_finds_the_brute_force_optimum(beta):
    sol = ib.ib_solve(TINY, beta=beta, n_clusters=3, restarts=40, rng=1)
    assert sol.objective == pytest.approx(brute_force_dib(TINY, beta, 3), abs=1e-12)


def test_hard_clusters_of_a_monotone_table_are_contiguous():
    sol = ib.ib_solve(TINY, beta=20.0, n_clusters=4, restarts=20, rng=2)
    labels = sol.labels
    # each cluster is a run of consecutive rows (P(Y=1|x) is monotone here)
    runs = [k for k, _ in itertools.groupby(labels.tolist())]
    assert len(runs) == len(set(runs))


def test_original_bottleneck_is_soft_and_consistent():
    sol = ib.ib_solve(TINY, beta=4.0, alpha=1.0, n_clusters=3, restarts=5, rng=0)
    assert sol.converged
    assert np.all(sol.encoder >= 0)
    np.testing.assert_allclose(sol.encoder.sum(axis=1), 1.0)
    assert 0 < sol.H_T_given_X and sol.I_XT <= sol.H_T + 1e-15
    # data processing: I(T;Y) <= I(X;Y), and I(T;Y) <= I(X;T)
    assert sol.I_TY <= mutual_information(TINY) + 1e-12
    assert sol.I_TY <= sol.I_XT + 1e-12


def test_annealed_path_stays_below_the_exact_frontier():
    betas = 1.0 / np.geomspace(1e-4, 1.0, 60)
    path = ib.ib_path(TINY, betas, alpha=0.0, n_clusters=4, restarts=8, rng=0)
    assert path.all_converged and path.converged.shape == (60,)
    fr = frontier(JointTable(TINY), max_bins=4)
    pts = path.points()
    assert np.all(pts[:, 1] <= fr.at(pts[:, 0]) + 1e-12)
    # clusters die as beta falls and never come back; at beta = 1 one is left
    assert np.all(np.diff(path.n_clusters) <= 0)
    assert path.n_clusters[-1] == 1 and path.I_TY[-1] == 0.0
    # the largest-beta solution is the 4-bin corner of this 6-row table
    assert path.I_TY[0] == pytest.approx(fr.at(path.H_T[0]), abs=1e-12)
    env = path.envelope()
    assert np.all(np.diff(env[:, 0]) > 0) and np.all(np.diff(env[:, 1]) > 0)


def test_path_accepts_a_joint_table_and_reports_diagnostics():
    path = ib.ib_path(JointTable(TINY), [10.0, 2.0], n_clusters=2, restarts=3, rng=0)
    d = path.to_dict()
    assert d["n_steps"] == 2 and d["all_converged"] and d["n_not_converged"] == 0
    assert d["max_iterations"] >= 1


def test_two_hard_clusters_of_a_symmetric_table():
    joint = [[0.4, 0.1], [0.1, 0.4]]
    r = ib.ib_objective(joint, np.array([0, 1]), beta=2.0)
    assert r["H_T"] == pytest.approx(1.0)
    assert r["I_TY"] == pytest.approx(1 - float(binary_entropy(0.2)))
    assert r["objective"] == pytest.approx(r["H_T"] - 2.0 * r["I_TY"])


def test_hitting_the_iteration_limit_is_reported_not_silent():
    with pytest.warns(ib.IBConvergenceWarning, match="did not converge at beta=3"):
        sol = ib.ib_solve(TINY, beta=3.0, alpha=1.0, n_clusters=3, max_iter=2, rng=0)
    assert not sol.converged and sol.iterations == 2
    with pytest.warns(ib.IBConvergenceWarning, match="did not converge at 2 of 2 beta values"):
        path = ib.ib_path(TINY, [3.0, 2.0], alpha=1.0, n_clusters=3, max_iter=2, rng=0)
    assert not path.all_converged


@pytest.mark.parametrize("beta", [1.2, 2.0, 5.0, 30.0, 1e4])
def test_dib_optimum_is_the_brute_force_minimum_over_all_assignments(beta):
    # rows shuffled: the optimum over contiguous runs of the sorted rows must
    # equal the optimum over every assignment (Theorem II.2)
    joint = TINY[np.random.default_rng(0).permutation(6)]
    opt = ib.dib_optimum(joint, beta, n_clusters=3)
    assert opt.objective == pytest.approx(brute_force_dib(joint, beta, 3), abs=1e-12)
    direct = ib.ib_objective(joint, opt.labels, beta=beta)
    assert direct["objective"] == pytest.approx(opt.objective, abs=1e-13)
    assert opt.n_clusters <= 3 and opt.converged and opt.iterations == 0


def test_the_iteration_never_beats_the_exact_optimum():
    rng = np.random.default_rng(4)
    joint = rng.random((40, 2)) ** 3
    joint /= joint.sum()
    for beta in (1.5, 4.0, 20.0):
        sol = ib.ib_solve(joint, beta=beta, n_clusters=4, restarts=5, rng=1)
        opt = ib.dib_optimum(joint, beta, n_clusters=4)
        assert sol.objective >= opt.objective - 1e-12


def test_dib_optimum_needs_a_binary_class():
    with pytest.raises(ValueError, match=r"dib_optimum needs a binary class \(joint of shape \(N, 2\)\); got shape \(2, 3\)"):
        ib.dib_optimum(np.full((2, 3), 1 / 6), beta=2.0)


@pytest.fixture
def embo_ib():
    """embo's InformationBottleneck, imported without keeping its global numpy error state."""
    old = np.geterr()
    try:
        from embo.core import InformationBottleneck
    except ImportError:  # pragma: no cover
        pytest.skip("embo is not installed")
    finally:
        np.seterr(**old)
    return InformationBottleneck


def _embo_point(embo_ib, joint, beta, alpha, n_clusters, seed):
    """embo's (H(T), I(T;Y)) at our beta; embo's update weighs a KL in bits
    against ln q(t), so its beta is ours times ln 2."""
    old = np.geterr()
    np.random.seed(seed)
    try:
        p_x = joint.sum(axis=1)
        p_y = joint.sum(axis=0)
        i_x, i_y, h_m, _ = embo_ib.beta_iter(
            alpha, beta * np.log(2), p_x, p_y, joint.T / p_x, n_clusters,
            restarts=20, iterations=5000, rtol=1e-12)
    finally:
        np.seterr(**old)
    return h_m, i_y


@pytest.mark.parametrize("alpha, beta", [(0.0, 2.0), (0.0, 6.0), (1.0, 3.0), (1.0, 10.0)])
def test_agrees_with_embo_on_a_tiny_table(embo_ib, alpha, beta):
    ours = ib.ib_solve(TINY, beta=beta, alpha=alpha, n_clusters=3, restarts=20, rng=0)
    h_m, i_y = _embo_point(embo_ib, TINY, beta, alpha, 3, seed=0)
    assert i_y == pytest.approx(ours.I_TY, abs=1e-6)
    if alpha == 0.0:
        assert h_m == pytest.approx(ours.H_T, abs=1e-6)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ib.ib_solve([0.5, 0.5], beta=1.0), r"joint must be 2-D with shape \(n_x, n_y\), n_y >= 2; got shape \(2,\)"),
        (lambda: ib.ib_solve([[0.5, -0.1], [0.3, 0.3]], beta=1.0), r"joint must be non-negative; got minimum -0.1"),
        (lambda: ib.ib_solve([[0, 0], [0, 0]], beta=1.0), r"joint must have positive total mass"),
        (lambda: ib.ib_solve(TINY, beta=-1.0), r"beta must be a positive finite number; got -1.0"),
        (lambda: ib.ib_solve(TINY, beta=1.0, alpha=2), r"alpha must be a number in \[0, 1\]; got 2"),
        (lambda: ib.ib_solve(TINY, beta=1.0, n_clusters=0), r"n_clusters must be an integer >= 1; got 0"),
        (lambda: ib.ib_solve(TINY, beta=1.0, restarts=2.5), r"restarts must be an integer >= 1; got 2.5"),
        (lambda: ib.ib_solve(TINY, beta=1.0, tol=0), r"tol must be a positive number; got 0"),
        (lambda: ib.ib_solve(TINY, beta=1.0, init=np.zeros((2, 2))), r"init must be labels of shape \(6,\)"),
        (lambda: ib.ib_solve(TINY, beta=1.0, n_clusters=2, init=np.arange(6)), r"init labels must lie in 0..1; got 0..5"),
        (lambda: ib.ib_path(TINY, []), r"betas must be a non-empty 1-D sequence; got shape \(0,\)"),
        (lambda: ib.ib_path(TINY, [1.0, 0.0]), r"betas must be positive and finite"),
    ],
)
def test_bad_input_is_named_in_one_line(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_figure_9_draws_exact_values_as_crosses():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from distill.frontier import frontier_at
    from distill.plots._ib import plot_ib_against_frontier

    betas = 1.0 / np.geomspace(1e-4, 1.0, 20)
    path = ib.ib_path(TINY, betas, alpha=0.0, n_clusters=4, restarts=4, rng=0)
    fr = frontier(JointTable(TINY), max_bins=4)
    fp = frontier_at(JointTable(TINY), path.H_T[:3], 4)
    fig = plot_ib_against_frontier(fr, path.H_T, path.I_TY, clusters=path.n_clusters,
                                   exact=(path.H_T[:3], fp.I))
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert any("branch and bound" in s for s in labels)
    plt.close(fig)
    with pytest.raises(ValueError, match="exact must be two arrays of one shape"):
        plot_ib_against_frontier(fr, path.H_T, path.I_TY, exact=([1.0, 2.0], [0.1]))
    plt.close("all")
