"""Tests of distill.estimate: cluster maps, split-half and bootstrap estimates."""

import numpy as np
import pytest
from scipy import stats

from distill.binning import joint_from_cdf, joint_from_samples
from distill.estimate import bootstrap_corners, cluster_table, split_half
from distill.frontier import corners

# A known population: Y = 1 or 2 with probability 1/2, W | Y=1 ~ Beta(4, 1.5),
# W | Y=2 ~ Beta(1.5, 4). Its corners, computed on 4,000 exact fine bins, are
# the truth the sample estimates aim at.
GRID = np.linspace(0, 1, 4001)
TRUTH = corners(joint_from_cdf(GRID, 0.5 * stats.beta.cdf(GRID, 4, 1.5),
                               0.5 * stats.beta.cdf(GRID, 1.5, 4)), 4).I


def sample(n, seed):
    rng = np.random.default_rng(seed)
    y = np.where(rng.uniform(size=n) < 0.5, 1, 2)
    w = np.where(y == 1, rng.beta(4, 1.5, size=n), rng.beta(1.5, 4, size=n))
    return w, y


def test_assigned_clusters_reproduce_each_corner_on_its_own_sample():
    # a non-monotone posterior, so sorting reorders the fine bins
    rng = np.random.default_rng(0)
    w = rng.uniform(size=3000)
    p1 = 0.5 + 0.45 * np.sin(6 * w)
    y = np.where(rng.uniform(size=3000) < p1, 1, 2)
    res = corners(joint_from_samples(w, y, 40), 6)
    assert res.reordered
    for c in res.corners:
        g = res.assign(w, c.bins)
        np.testing.assert_allclose(cluster_table(g, y == 1, c.bins), c.joint, atol=1e-12)


def test_split_half_is_roughly_unbiased_and_in_sample_is_optimistic():
    honest, full = [], []
    for s in range(6):
        w, y = sample(2000, 10 + s)
        r = split_half(w, y, max_bins=4, repeats=3, seed=s)
        honest.append(r.honest)
        full.append(r.I_full)
        assert np.all(r.half_gap[1:] > 0)          # in-sample beats held-out on every m
    honest, full = np.mean(honest, axis=0), np.mean(full, axis=0)
    # held-out thresholds cannot beat the population corners (up to noise),
    # and lose little; the in-sample corners overstate
    assert np.all(np.abs(honest[1:] - TRUTH[1:]) < 0.03)
    assert np.all(honest[1:] < TRUTH[1:] + 0.01)
    assert np.all(full[1:] > honest[1:])


def test_bootstrap_band_covers_the_truth():
    covered = []
    for s in range(8):
        w, y = sample(2000, 30 + s)
        b = bootstrap_corners(w, y, max_bins=4, n_boot=60, h_grid=[], level=0.9, seed=s)
        lo, hi = b.I_band()
        covered.append((lo[1:] <= TRUTH[1:]) & (TRUTH[1:] <= hi[1:]))
    assert np.mean(covered) >= 0.7


def test_bootstrap_frontier_band_brackets_the_sample_frontier():
    w, y = sample(1000, 50)
    b = bootstrap_corners(w, y, max_bins=3, n_boot=20, h_grid=[0.0, 0.5, 1.0, 1.5], seed=0)
    lo, hi = b.frontier_band(kind="percentile")
    assert b.frontier_boot.shape == (20, 4)
    assert np.all(lo <= hi) and b.frontier[0] == 0.0


def test_bad_inputs_have_clear_messages():
    with pytest.raises(ValueError, match="split_half needs at least 8 samples per bin"):
        split_half([0.1, 0.9, 0.2, 0.8], [1, 2, 1, 2], max_bins=2)
    with pytest.raises(ValueError, match=r"level must be in \(0, 1\)"):
        bootstrap_corners(*sample(100, 0), level=2)
    w, y = sample(200, 0)
    b = bootstrap_corners(w, y, max_bins=2, n_boot=3, h_grid=[])
    with pytest.raises(ValueError, match="kind must be 'basic' or 'percentile'; got 'bca'"):
        b.I_band(kind="bca")


def test_command_line_corners_match_the_library_on_a_released_file():
    import json
    import subprocess
    import sys

    from distill.binning import read_cdf_csv
    from distill.config import reference_dir

    try:
        folder = reference_dir()
    except FileNotFoundError:
        pytest.skip("the authors' released distributions are not available")
    path = folder / "CIFARQ.csv"
    proc = subprocess.run([sys.executable, "-m", "distill", "corners", "--cdf", str(path),
                           "--max-bins", "8"], capture_output=True, text=True, check=True)
    cli = json.loads(proc.stdout)
    lib = corners(joint_from_cdf(*read_cdf_csv(path)), 8).to_dict()
    assert cli["I_total"] == pytest.approx(lib["I_total"], abs=1e-12)
    for a, b in zip(cli["corners"], lib["corners"], strict=True):
        assert (a["bins"], a["thresholds"]) == (b["bins"], b["thresholds"])
        assert a["I"] == pytest.approx(b["I"], abs=1e-12)
        assert a["H"] == pytest.approx(b["H"], abs=1e-12)


def test_result_figures_draw(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from distill.frontier import frontier
    from distill.plots._results import (accuracy_from_information, information_from_accuracy,
                                        plot_dataset_frontier, plot_honest)

    w, y = sample(600, 60)
    table = joint_from_samples(w, y)
    fig = plot_dataset_frontier(frontier=frontier(table, 4), corners=corners(table, 4), I_total=table.I,
                                label="sample")
    ax = fig.axes[0]
    assert ax.get_xlim()[0] > ax.get_xlim()[1] == 0.0          # H axis flipped
    fig.savefig(tmp_path / "frontier.png")
    r = split_half(w, y, max_bins=4, repeats=2)
    b = bootstrap_corners(w, y, max_bins=4, n_boot=5, h_grid=np.linspace(0, 2, 9))
    plot_honest(r, b).savefig(tmp_path / "honest.png")
    plt.close("all")
    acc = np.array([0.5, 0.8, 0.99])
    np.testing.assert_allclose(accuracy_from_information(information_from_accuracy(acc)), acc,
                               atol=1e-4)
