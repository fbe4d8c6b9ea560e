# %% [markdown]
# # Your own classifier
#
# Everything in this book after the classifier works on one object: the
# predictions $w_i = \hat P(Y{=}1 \mid x_i)$ of some classifier on a test set,
# with the true labels $y_i$. This chapter shows the whole path for a
# practitioner, from a CSV of predictions to the best $M$-cluster roundings,
# with the command line and with the Python API, and checks the answer against
# a case where the truth is known exactly.
#
# **The example.** A score $s$ is Gaussian with mean $+\mu$ for class $Y{=}1$
# and $-\mu$ for $Y{=}2$ (unit variance, equal priors). Its calibrated
# classifier output is $W = P(Y{=}1 \mid s) = 1/(1 + e^{-2\mu s})$, so every
# quantity below has an exact value to compare with.

# %% tags=["parameters"]
profile = "full"
data_root = None
seed = 0
mu = 1.0  # separation of the two score distributions
max_bins = 5  # the largest number of clusters to report

# %%
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from myst_nb import glue
from scipy import integrate, stats

from distill.binning import joint_from_samples, read_predictions_csv
from distill.config import check_profile
from distill.frontier import corners, frontier
from distill.info import mutual_information
from distill.plots import use_style

check_profile(profile)
settings = {
    "quick": {"n_test": 2000},
    "full": {"n_test": 2000},
    "paper": {"n_test": 2000},
}[profile]
use_style()
rng = np.random.default_rng(seed)

# %% [markdown]
# ## Predictions in a CSV
#
# A test set of the size of the paper's (about 2,000 examples), written the way
# any classifier's outputs can be: one row per example, columns `w` and `y`.

# %%
n = settings["n_test"]
y = rng.integers(1, 3, size=n)  # classes 1 and 2, equal priors
s = rng.normal(np.where(y == 1, mu, -mu), 1.0)
w = 1.0 / (1.0 + np.exp(-2.0 * mu * s))

workdir = Path(tempfile.mkdtemp(prefix="distill-your-data-"))
csv = workdir / "predictions.csv"
pd.DataFrame({"w": w, "y": y}).to_csv(csv, index=False)
print(csv.read_text().splitlines()[:4])

# %% [markdown]
# ## The command line
#
# `python -m distill corners --predictions FILE --max-bins M` prints, for each
# number of clusters $m \le M$, the optimal thresholds, $\H(Z)$, $\I(Z;Y)$ and
# the joint table of $Z$ and $Y$, as JSON.


# %%
def distill_cli(*args):
    """Run ``python -m distill`` and return its parsed JSON output."""
    proc = subprocess.run(
        [sys.executable, "-m", "distill", *map(str, args)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip())
    return json.loads(proc.stdout)


cli = distill_cli("corners", "--predictions", csv, "--max-bins", max_bins, "--no-sort")
rows = [
    {
        "M": c["bins"],
        "thresholds on w": ", ".join(f"{t:.3f}" for t in c["thresholds"]),
        "H(Z) [bits]": c["H"],
        "I(Z;Y) [bits]": c["I"],
        "kept": c["I"] / cli["I_total"],
    }
    for c in cli["corners"]
]
pd.DataFrame(rows).style.format(
    {"H(Z) [bits]": "{:.4f}", "I(Z;Y) [bits]": "{:.4f}", "kept": "{:.1%}"}
).hide(axis="index")

# %% [markdown]
# Here `--no-sort` keeps the fine bins in the order of $w$, so each cluster is
# an interval of $w$ and the thresholds are on the $w$ scale. That is right when
# the classifier is calibrated, or at least monotone: then $P(Y{=}1 \mid w)$
# rises with $w$ and sorting the fine bins by their observed $P(Y{=}1 \mid
# \text{bin})$ mostly reorders noise. Without `--no-sort` the fine bins are
# sorted by their observed class fractions first (the paper's "vertical"
# binning, which pays off when the classifier is *not* monotone) and the
# thresholds are reported on the scale of $P(Y{=}1 \mid \text{bin})$.
#
# ## The same in Python
#
# The command line is a thin layer over two calls: build the joint table of
# fine bins and classes, then ask for the corners or the frontier.

# %%
w_read, y_read = read_predictions_csv(csv)
table = joint_from_samples(w_read, y_read)
api = corners(table, max_bins=max_bins, sort=False)
assert np.allclose([c.I for c in api.corners], [c["I"] for c in cli["corners"]])
sorted_api = corners(table, max_bins=max_bins, sort=True)
print(f"{table.n_bins} fine bins of about {n // table.n_bins} examples each")
print(f"I(W';Y) on the fine bins: {api.I_total:.4f} bits")
for a, b in zip(api.corners, sorted_api.corners):
    print(f"M = {a.bins}: I = {a.I:.4f} bits in w order, {b.I:.4f} bits after sorting")

# %% [markdown]
# ## Against the truth
#
# For this model every quantity is known. With $\phi_{\pm}$ the score densities,
# the information in $W$ (equivalently in $s$) is
#
# $$
# \I(W;Y) = 1 - \int \tfrac12\left[\phi_+(s) + \phi_-(s)\right]
#   h_2\!\left(\frac{\phi_+(s)}{\phi_+(s) + \phi_-(s)}\right) ds,
# $$
#
# and a set of thresholds on $w$ defines intervals of $s$ whose class
# probabilities follow from the normal CDF. So we can evaluate the thresholds
# found on 2,000 examples on the *population*, which is what a user deploying
# them gets.


# %%
def h2(p):
    p = np.clip(p, 1e-300, 1 - 1e-16)
    return -(p * np.log2(p) + (1 - p) * np.log2(1 - p))


def true_information():
    def integrand(t):
        a, b = stats.norm.pdf(t, mu, 1), stats.norm.pdf(t, -mu, 1)
        return 0.5 * (a + b) * h2(a / (a + b))

    return 1.0 - integrate.quad(integrand, -12 - mu, 12 + mu, limit=200)[0]


def population_information(thresholds_w):
    """I(Z;Y) in bits on the population for cut points on the w scale."""
    cuts_s = np.log(np.asarray(thresholds_w) / (1 - np.asarray(thresholds_w))) / (2 * mu)
    edges = np.concatenate([[-np.inf], cuts_s, [np.inf]])
    p1 = 0.5 * np.diff(stats.norm.cdf(edges, mu, 1))
    p2 = 0.5 * np.diff(stats.norm.cdf(edges, -mu, 1))
    return mutual_information(np.column_stack([p1, p2]))


I_true = true_information()
check = pd.DataFrame(
    {
        "M": [c.bins for c in api.corners],
        "I in sample": [c.I for c in api.corners],
        "I on the population": [population_information(c.thresholds) for c in api.corners],
    }
)
check["optimism"] = check["I in sample"] - check["I on the population"]
print(f"exact I(W;Y) = {I_true:.4f} bits")
check.style.format("{:.4f}", subset=["I in sample", "I on the population", "optimism"]).hide(
    axis="index"
)

# %%
last = check.iloc[-1]
glue("yd_I_true", float(I_true), display=False)
glue("yd_M", int(last["M"]), display=False)
glue("yd_in_sample", float(last["I in sample"]), display=False)
glue("yd_population", float(last["I on the population"]), display=False)
glue("yd_kept", float(last["I on the population"] / I_true * 100), display=False)
print(
    f"M = {int(last['M'])}: {last['I in sample']:.4f} bits in sample, "
    f"{last['I on the population']:.4f} on the population, "
    f"{last['I on the population'] / I_true:.1%} of I(W;Y) = {I_true:.4f} bits"
)

# %% [markdown]
# With {glue:text}`yd_M` clusters, the thresholds chosen on this test set keep
# {glue:text}`yd_population:.4f` bits on the population, {glue:text}`yd_kept:.1f`%
# of all the information $\I(W;Y)$ = {glue:text}`yd_I_true:.4f` bits, while the
# test set itself reports {glue:text}`yd_in_sample:.4f` bits. The in-sample
# number can land above or below the population value: the thresholds are
# fitted to this sample (which biases it up) and the fine bins lose a little
# (which biases it down). The chapter *Honest estimates* measures the gap on
# the image classifiers with split halves and the bootstrap.
#
# ## The frontier
#
# The corners are the best groupings for each number of clusters; the frontier
# adds every grouping that is best for its entropy, including the stretches
# between corners.

# %%
fr = frontier(table, max_bins=max_bins, sort=False)
fig, ax = plt.subplots(figsize=(6, 4))
ax.step(fr.H, fr.I, where="post", color="k", lw=1.2, label="exact frontier $I^*(H)$")
ax.plot([c.H for c in api.corners], [c.I for c in api.corners], "o", color="C3",
        label="corners")
for c in api.corners:
    ax.annotate(f"M={c.bins}", (c.H, c.I), textcoords="offset points", xytext=(4, -12),
                fontsize=8)
ax.axhline(I_true, ls="--", color="C0", label=r"exact $I(W;Y)$")
ax.set_xlim(np.log2(max_bins) + 0.1, 0)  # flipped: more compression to the right
ax.set_xlabel("H(Z) [bits] (compression increases to the right)")
ax.set_ylabel("I(Z;Y) [bits]")
ax.legend(loc="lower left")
ax.set_title("Frontier of a CSV of predictions")
plt.show()

# %% [markdown]
# ## When the input is wrong
#
# Bad input gets one line that says what is wrong, on standard error, and exit
# status 2. A prediction above 1, for example:

# %%
bad = workdir / "bad.csv"
bad.write_text("w,y\n0.2,1\n1.3,2\n0.7,1\n")
proc = subprocess.run(
    [sys.executable, "-m", "distill", "corners", "--predictions", str(bad), "--max-bins", "2"],
    capture_output=True, text=True,
)
print(f"exit status {proc.returncode}: {proc.stderr.strip()}")
assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1

# %% [markdown]
# ## Summary
#
# - `python -m distill corners --predictions FILE --max-bins M` gives the
#   provably best $M$-cluster roundings of any classifier's outputs, and
#   `frontier` the whole trade-off curve; both print JSON.
# - On 2,000 examples the chosen thresholds are close to optimal on the
#   population, but the in-sample information is an estimate with an error of
#   the order shown above; split the data to measure it.
