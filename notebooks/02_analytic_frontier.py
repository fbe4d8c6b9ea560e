# %% [markdown]
# # The warm-up frontier
#
# With the warm-up distribution known exactly (previous chapter), the whole
# Pareto frontier of compressions $Z = g(W)$ can be computed without any
# estimation error: how much class information $\I(Z;Y)$ is kept for a given
# entropy $\H(Z)$. This chapter draws the paper's Figure 1
# {cite}`tegmark2019pareto` (the frontier, its corners, thousands of random
# binnings underneath, and what a corner looks like on the unit square), tabulates
# the corners, and repeats the paper's Figure 5: how well a neural network
# trained on samples learns $W$, and what its errors cost in bits.

# %% tags=["parameters"]
profile = "full"
data_root = None
seed = 0
max_bins = 8  # corners and frontier up to this many bins
picture_bins = 4  # the corner drawn on the unit square

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from myst_nb import glue

from distill import analytic
from distill.binning import random_contiguous_binnings
from distill.config import check_profile
from distill.frontier import corners, frontier, grouping_points
from distill.plots import use_style
from distill.plots._analytic import plot_frontier_with_binnings, plot_likelihood_binning, plot_w_contours

check_profile(profile)
if not (isinstance(max_bins, int) and 2 <= max_bins <= 10):
    raise ValueError(f"max_bins must be an integer from 2 to 10; got {max_bins!r}")
if not (isinstance(picture_bins, int) and 2 <= picture_bins <= max_bins):
    raise ValueError(f"picture_bins must be an integer from 2 to max_bins={max_bins}; got {picture_bins!r}")
settings = {
    # frontier_bins: fine bins for the exact frontier (its cost grows fast with N);
    # corner_bins: fine bins for the corners table; n_random: random binnings per m
    "quick": {"frontier_bins": 60, "corner_bins": 2_000, "n_random": 400,
              "n_train": 4_000, "epochs": 4, "n_eval": 100_000},
    "full": {"frontier_bins": 300, "corner_bins": analytic.DEFAULT_FINE_BINS, "n_random": 6_000,
             "n_train": 50_000, "epochs": 20, "n_eval": 1_000_000},
    "paper": {"frontier_bins": 300, "corner_bins": 100_000, "n_random": 6_000,
              "n_train": 200_000, "epochs": 40, "n_eval": 4_000_000},
}[profile]
use_style()
rng = np.random.default_rng(seed)

# %% [markdown]
# ## The corners
#
# The fine table bins $W$ into $N$ equal-mass bins (equal bins of the
# uniformized $W$); its information $\I(W';Y)$ is below $\I(X;Y)$ by the binning
# loss. $W$ is monotone in the posterior, so the fine bins are already sorted by
# $P(Y{=}1 \mid \text{bin})$ and every contiguous grouping is an interval
# binning of $W$. For each number of bins $m$ the **corner** is the grouping with
# the largest $\I(Z;Y)$, found exactly by dynamic programming; its thresholds
# are on the $W$ scale.

# %%
fine = analytic.joint_table(settings["corner_bins"])
cr = corners(fine, max_bins=max_bins)
rows = []
for c in cr.corners:
    rows.append({
        "M": c.bins,
        "thresholds on W": ", ".join(f"{t:.4f}" for t in c.thresholds) or "-",
        "H(Z) [bits]": c.H,
        "I(Z;Y) [bits]": c.I,
        "fraction of I(X;Y)": c.I / analytic.I_XY,
    })
corner_table = pd.DataFrame(rows)
display(corner_table.style.format({"H(Z) [bits]": "{:.4f}", "I(Z;Y) [bits]": "{:.4f}",
                                   "fraction of I(X;Y)": "{:.2%}"}).hide())
print(f"N = {fine.n_bins} fine bins: I(W';Y) = {fine.I:.9f} bits, I(X;Y) = {analytic.I_XY:.9f} bits")
# the 2-bin corner splits at W = 1/2 (symmetry) and keeps 1 - h2(1/6) bits
assert abs(cr.corners[1].thresholds[0] - 0.5) < 1e-3
glue("corner_fine_bins", fine.n_bins, display=False)
glue("two_bin_I", cr.corners[1].I, display=False)
glue("two_bin_fraction", 100 * cr.corners[1].I / analytic.I_XY, display=False)
glue("eight_bin_fraction", 100 * cr.corners[-1].I / analytic.I_XY, display=False)
glue("max_bins", max_bins, display=False)

# %% [markdown]
# Corners of the warm-up example on {glue:text}`corner_fine_bins:,` equal-mass
# fine bins. Two bins, split at $W = 1/2$, keep
# {glue:text}`two_bin_I:.4f` bits, {glue:text}`two_bin_fraction:.1f`% of
# $\I(X;Y)$; {glue:text}`max_bins` bins keep
# {glue:text}`eight_bin_fraction:.1f`%. The thresholds are symmetric about
# $1/2$ ($w \leftrightarrow 1 - w$ swaps the classes).
#
# ## Figure 1: the frontier and random binnings
#
# Each random binning into $m$ bins cuts the sorted fine bins at $m - 1$ random
# places. None of them can rise above the frontier $\I^*(h)$, the best
# information of any grouping into at most $M$ bins with $\H(Z) \le h$; the
# corners sit on it, each just left of the line $\H = \log_2 m$ (the largest
# entropy $m$ bins can have). The exact frontier is a bi-objective program whose
# cost grows quickly with the number of fine bins, so it is computed here on a
# coarser equal-mass table.

# %%
table = analytic.joint_table(settings["frontier_bins"])
t0 = time.perf_counter()
fr = frontier(table, max_bins=max_bins)
frontier_seconds = time.perf_counter() - t0
cr_coarse = corners(table, max_bins=max_bins)
binnings = {}
for m in range(3, max_bins + 1):
    b = random_contiguous_binnings(table.n_bins, m, settings["n_random"], rng=rng)
    binnings[m] = grouping_points(table, b)
excess = max(float(np.max(I - fr.at(H))) for H, I in binnings.values())
print(f"frontier on {table.n_bins} fine bins: {len(fr.points)} Pareto points in {frontier_seconds:.1f} s")
print(f"largest I(Z;Y) - I*(H(Z)) over {sum(len(H) for H, _ in binnings.values())} random binnings: {excess:.2e} bits")
assert excess <= 1e-12

fig, axes = plt.subplots(2, 1, figsize=(6.0, 8.6), gridspec_kw={"height_ratios": [1.15, 1]})
plot_frontier_with_binnings(fr, cr_coarse, binnings, ax=axes[0])
pick = cr.corners[picture_bins - 1]
plot_likelihood_binning(pick.thresholds, analytic.w_exact, ax=axes[1],
                        title=f"the {picture_bins}-bin corner on the unit square")
fig.tight_layout()
plt.show()
glue("frontier_bins", table.n_bins, display=False)
glue("n_random", settings["n_random"], display=False)
glue("frontier_points", len(fr.points), display=False)
glue("frontier_seconds", frontier_seconds, display=False)
glue("picture_bins", picture_bins, display=False)

# %% [markdown]
# **Figure 1.** Top: the Pareto frontier of the warm-up example (black curve,
# the impossible region shaded; {glue:text}`frontier_points:,` Pareto points on
# {glue:text}`frontier_bins` fine bins, computed in
# {glue:text}`frontier_seconds:.1f` s) with its corners (black dots, labelled
# by $m$), above {glue:text}`n_random:,` random contiguous binnings for each
# $m = 3, \dots, M$ (coloured dots). $\H$ grows to the left, as in the paper:
# moving right compresses more. Dotted lines mark $\H = \log_2 m$. Bottom: the
# {glue:text}`picture_bins`-bin corner drawn on the unit square: each point $x$ is
# coloured by the bin of $W(x)$, so the bins are bands between level curves of
# the likelihood ratio ("likelihood binning").
#
# ## Figure 5: a network learns $W$
#
# In practice $W$ is learned. Following the paper, a fully connected network (two
# hidden layers of 256 ReLU units, softmax output) is trained with cross-entropy
# on samples $(x, y)$ of the warm-up distribution. Its output
# $\hat W(x) = Q(Y{=}1 \mid x)$ is compared with the exact $W(x)$ by the mean
# Kullback-Leibler divergence $\langle \KL(P(Y|x) \,\|\, Q(Y|x)) \rangle_x$, and by
# the information it costs, $\I(X;Y) - \I(\hat W;Y)$. Since
# $\H(Y \mid \hat W) \le$ the cross-entropy
# $= \H(Y \mid X) + \langle \KL \rangle$, the cost is at most the mean KL.

# %%
x_train, y_train = analytic.sample(settings["n_train"], rng=rng)
t0 = time.perf_counter()
net = analytic.fit_posterior_network(x_train, y_train, epochs=settings["epochs"], batch_size=512, seed=seed)
train_seconds = time.perf_counter() - t0
x_eval, _ = analytic.sample(settings["n_eval"], rng=rng)
w_true = analytic.w_exact(x_eval)
w_net = np.clip(net.predict(x_eval), 1e-15, 1 - 1e-15)
mean_kl = float(np.mean(analytic.posterior_kl(w_true, w_net)))
# paired Monte Carlo: the same sample points for the exact and the learned W, so
# that the sampling error of each estimate cancels in the difference
I_true_binned = analytic.predictor_information(w_true, w_true)
I_net_binned = analytic.predictor_information(w_net, w_true)
info_cost = I_true_binned - I_net_binned
print(f"trained on {settings['n_train']:,} samples for {settings['epochs']} epochs in {train_seconds:.1f} s; "
      f"final training cross-entropy {net.losses[-1]:.4f} bits (H(Y|X) = {1 - analytic.I_XY:.4f})")
print(f"mean KL(P || Q) = {mean_kl:.5f} bits = {mean_kl * np.log(2):.5f} nats over {settings['n_eval']:,} points")
print(f"information cost I(W';Y) - I(What';Y) = {info_cost:.5f} bits (<= mean KL: {info_cost <= mean_kl + 3e-4})")

fig = plot_w_contours(analytic.w_exact, lambda p: net.predict(p))
plt.show()
glue("n_train", settings["n_train"], display=False)
glue("epochs", settings["epochs"], display=False)
glue("train_seconds", train_seconds, display=False)
glue("mean_kl_bits", mean_kl, display=False)
glue("mean_kl_nats", mean_kl * np.log(2), display=False)
glue("info_cost", info_cost, display=False)
glue("n_eval", settings["n_eval"], display=False)

# %% [markdown]
# **Figure 5.** Contours $W = 0.1, \dots, 0.9$ of the exact posterior (solid) and
# of the network trained on {glue:text}`n_train:,` samples for
# {glue:text}`epochs` epochs ({glue:text}`train_seconds:.0f` s on the CPU; dashed).
#
# Over {glue:text}`n_eval:,` fresh points the mean KL divergence between the true
# and the predicted $P(Y \mid X)$ is {glue:text}`mean_kl_bits:.4f` bits
# ({glue:text}`mean_kl_nats:.4f` nats; the paper reports about 0.004 for its
# network). The information the network's $\hat W$ loses, estimated from the
# same points with the exact posteriors as soft labels (1,000 equal-count bins
# of each output), is {glue:text}`info_cost:.4f` bits, within the KL bound: the
# learned $W$ keeps almost all of the $\I(X;Y)$ the frontier is built on. The
# learned contours bend away from the exact ones mostly in the corners
# $(0, 1)$ and $(1, 0)$, where both classes are rare and the network sees few
# samples.
#
# ## Summary
#
# * The corners of the warm-up example keep from
#   {glue:text}`two_bin_fraction:.0f`% (two bins) to
#   {glue:text}`eight_bin_fraction:.0f`% ({glue:text}`max_bins` bins) of the
#   class information.
# * Random binnings all lie below the exact frontier, and the corners sit on it.
# * A small network learns $W$ well enough that its errors cost only about a
#   thousandth of a bit.
