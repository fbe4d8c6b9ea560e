# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Does $W$ mean what it says? Calibration and bounds on $\I(X;Y)$
#
# The theory treats the classifier output as the posterior, $W = P(Y{=}1 \mid
# X)$. A trained network only claims this. If the claim were true, then among
# images with $W \approx w$ a fraction $w$ would be of class 1:
#
# $$
# P(Y{=}1 \mid W{=}w) = w .
# $$
#
# This chapter checks the claim on the test sets (the paper's Figure 7
# {cite}`tegmark2019pareto`), repairs it with a monotone recalibration, and
# uses the network's accuracy and cross-entropy to put lower bounds on how
# much information the images carry about their class.
#
# Calibration matters less than one might think for what follows: the frontier
# depends on $W$ only through which images share a bin, and any strictly
# increasing function of $W$ gives the same bins of the uniformized output. A
# miscalibrated but monotone $W$ loses nothing. A $W$ whose true posterior is
# *not* monotone in $W$ is a different matter: then contiguous bins of $W$ are
# no longer optimal, and the fine bins must be sorted by their observed
# posterior first ("vertical binning"), as the paper does for CIFAR-10.

# %% tags=["parameters"]
profile = "full"
data_root = None
seed = 0
reference = None  # folder of the authors' released files; None: the default

# %%
from distill.config import check_profile, reference_dir

check_profile(profile)
settings = {
    "quick": {"bins": 10, "repeats": 2},
    "full": {"bins": 20, "repeats": 10},
    "paper": {"bins": 20, "repeats": 10},
}[profile]
REFERENCE = reference_dir(reference)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from myst_nb import glue

from distill.binning import joint_from_cdf, read_cdf_csv, uniformize
from distill.calibration import fit_isotonic, information_bounds, reliability
from distill.plots import use_style
from distill.plots._results import plot_reliability
from distill.train import information_estimate, paper_outputs

use_style()

# %%
outs = paper_outputs(profile, data_root=data_root, seed=seed)
for name, out in outs.items():
    print(f"{name}: {len(out.w)} test images, accuracy {out.accuracy:.4f}")

# %% [markdown]
# ## Observed against claimed
#
# We sort the test images by $W$ and cut them into {glue:text}`n_rel_bins`
# groups of equal size, which are equal-width bins of the uniformized output
# $U = F_W(W)$ (the fraction of test images with a smaller $W$). In each bin,
# the fraction of class-1 images estimates $P(Y{=}1 \mid W)$, with a binomial
# error bar (the Wilson score interval at one standard deviation, 68%, which
# stays inside $[0, 1]$ when a bin is pure). The grey curve is what the network
# claims, $W$ itself, drawn against $U$. The green steps are the isotonic
# recalibration $f(W)$: the non-decreasing function of $W$ closest to the labels
# in squared error (found by pooling adjacent violators), which is also the
# maximum-likelihood monotone estimate of $P(Y{=}1 \mid W)$.

# %%
glue("n_rel_bins", settings["bins"], display=False)
fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
rels, cals = {}, {}
for ax, (name, out) in zip(axes, outs.items()):
    rel = reliability(out.w, out.y, n_bins=settings["bins"])
    cal = fit_isotonic(out.w, out.y)
    rels[name], cals[name] = rel, cal
    order = np.argsort(out.w, kind="stable")
    u_sorted = (np.arange(len(out.w)) + 0.5) / len(out.w)
    plot_reliability(rel, ax=ax, recalibrated=(u_sorted, cal(out.w[order])),
                     w_grid=(u_sorted, out.w[order]),
                     title=f"{name}: P({out.params['class_names'][0]}) "
                           f"vs {out.params['class_names'][1]}")
fig.tight_layout()
glue("fig_calibration", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} fig_calibration
# :name: fig-calibration
#
# Calibration of our three classifiers on their test sets. Orange: the
# observed fraction of class-1 images in equal-count bins of $W$, with 68%
# binomial (Wilson) error bars; grey: the network's claim $W$; green: the
# isotonic recalibration $f(W)$. All are drawn against the uniformized output
# $U$.
# ```

# %%
cal_rows = []
for name, rel in rels.items():
    outside = (rel.claimed < rel.lo) | (rel.claimed > rel.hi)
    cal_rows.append({"dataset": name, "bins": len(rel.n), "ECE": rel.ece,
                     "bins where the claim misses the 68% bar": int(outside.sum()),
                     "expected by chance (about)": round(0.32 * len(rel.n), 1),
                     "isotonic steps": cals[name].n_blocks})
cal_table = pd.DataFrame(cal_rows)
display(cal_table)
for name, rel in rels.items():
    glue(f"ece_{name.replace('-', '')}", rel.ece, display=False)

# %% [markdown]
# The expected calibration error (ECE, the bin-weighted mean of
# $|\text{observed} - \text{claimed}|$) is {glue:text}`ece_MNIST:.3f` for MNIST,
# {glue:text}`ece_FashionMNIST:.3f` for Fashion-MNIST and
# {glue:text}`ece_CIFAR10:.3f` for CIFAR-10. With one-sigma error bars, a
# perfectly calibrated network would miss about a third of them by chance; the
# table above counts the misses. Our networks were calibrated with one
# temperature fitted on held-out training images (see the classifier chapter),
# so large systematic departures are not expected; the paper's CIFAR-10
# network, trained without such a step, was visibly overconfident.

# %% [markdown]
# ## The authors' networks
#
# The released distributions let us draw the same comparison for the paper's
# own networks ({numref}`fig-calibration-authors`), from 20 bins of equal
# probability on each file's grid. There are no counts behind these files, so
# there are no error bars.

# %%
REF = {"MNISTF": "MNIST", "FashionMNISTF": "Fashion-MNIST", "CIFARF": "CIFAR-10"}
fig, axes = plt.subplots(1, 3, figsize=(14, 4.0))
ref_rows = []
for ax, (fname, label) in zip(axes, REF.items()):
    wg, F1, F2 = read_cdf_csv(REFERENCE / f"{fname}.csv")
    t = joint_from_cdf(wg, F1, F2, n_bins=settings["bins"])
    mass = t.mass
    cum = np.concatenate([[0], np.cumsum(mass)])
    mid_u = 0.5 * (cum[1:] + cum[:-1])
    # the median W of each bin: where the total CDF crosses the bin's middle
    T = (F1 + F2) / (F1[-1] + F2[-1])
    median_w = np.interp(mid_u, T, wg)
    ax.plot(mid_u, median_w, "s", color="0.35", ms=3.5, label="claimed: median $W$ in bin")
    ax.plot(mid_u, t.posterior, "o", color="C1", ms=4, label="observed $P(Y{=}1 \\mid W)$")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(r"uniformized output $U = F_W(W)$")
    ax.set_ylabel(r"$P(Y{=}1)$")
    ax.set_title(f"authors' {label} ({fname})")
    ax.legend(fontsize=7, loc="upper left")
    ref_rows.append({"file": fname, "monotone posterior": bool(np.all(np.diff(t.posterior) >= 0)),
                     "ECE": float(np.sum(mass * np.abs(t.posterior - median_w)))})
fig.tight_layout()
glue("fig_calibration_authors", fig, display=False)
plt.close(fig)
display(pd.DataFrame(ref_rows))

# %% [markdown]
# ```{glue:figure} fig_calibration_authors
# :name: fig-calibration-authors
#
# Calibration of the paper's networks, read off the released cumulative
# distributions: observed $P(Y{=}1 \mid W)$ in 20 equal-probability bins
# (orange) against the median $W$ of each bin (grey).
# ```

# %% [markdown]
# ## Lower bounds on $\I(X;Y)$
#
# A classifier that errs on a fraction $\epsilon$ of the images bounds the
# information in them through Fano's inequality, $H(Y \mid X) \le
# h_2(\epsilon)$ for two classes (the paper's eq. 39):
#
# $$
# \I(X;Y) \;\ge\; \H(Y) - h_2(\epsilon), \qquad
# h_2(\epsilon) = -\epsilon\log_2\epsilon - (1-\epsilon)\log_2(1-\epsilon).
# $$
#
# Its predicted probabilities give a tighter bound: the mean cross-entropy
# $\mathrm{CE} = \mathbb{E}[-\log_2 q(Y \mid X)]$ of any predictor $q$ exceeds
# $\H(Y \mid X)$ by an expected KL divergence, so (eq. 41)
#
# $$
# \I(X;Y) \;\ge\; \H(Y) - \mathrm{CE} .
# $$
#
# Recalibrating $q$ can only help this bound if it is done honestly: we fit the
# isotonic map on one half of the test set and measure the cross-entropy on the
# other (both ways, over {glue:text}`n_repeats` random splits), clipping the
# recalibrated probabilities to $[10^{-4}, 1 - 10^{-4}]$ so that one surprise
# costs at most 13.3 bits. Beside the bounds: two direct estimates of
# $\I(W;Y)$, the plug-in value on about $\sqrt{n}$ equal-count fine bins (biased
# *upward* by about $(\text{bins}-1)/(2n\ln 2)$ bits, shown) and the
# cross-fitted estimate of the classifier chapter (biased *downward*).

# %%
glue("n_repeats", settings["repeats"], display=False)
bound_rows = []
for name, out in outs.items():
    b = information_bounds(out.w, out.y, seed=seed)
    est = information_estimate(out.w, out.y, n_bins=min(10, len(out.w) // 8), repeats=settings["repeats"],
                               seed=seed)
    bound_rows.append({
        "dataset": name, "n": b.n, "H(Y)": b.H_Y, "error rate": b.error_rate,
        "CE (bits)": b.cross_entropy, "Fano bound": b.fano, "CE bound": b.cross_entropy_bound,
        "CE bound, recalibrated": b.recalibrated_bound, "cross-fitted I(W;Y)": est.bits,
        "plug-in I(W';Y)": b.plugin, "plug-in bias": b.plugin_bias, "fine bins": b.n_fine,
    })
    key = name.replace("-", "")
    glue(f"fano_{key}", b.fano, display=False)
    glue(f"ceb_{key}", b.cross_entropy_bound, display=False)
    glue(f"recal_{key}", b.recalibrated_bound, display=False)
    glue(f"plugin_{key}", b.plugin, display=False)
    glue(f"xfit_{key}", est.bits, display=False)
bounds = pd.DataFrame(bound_rows)
pd.set_option("display.float_format", lambda v: f"{v:.4f}")
display(bounds)

# %% [markdown]
# For CIFAR-10, Fano's inequality guarantees at least
# {glue:text}`fano_CIFAR10:.3f` bits, the network's cross-entropy at least
# {glue:text}`ceb_CIFAR10:.3f` bits, and its honestly recalibrated
# cross-entropy at least {glue:text}`recal_CIFAR10:.3f` bits; the direct
# estimates of $\I(W;Y)$ are {glue:text}`xfit_CIFAR10:.3f` bits (cross-fitted)
# and {glue:text}`plugin_CIFAR10:.3f` bits (plug-in). For MNIST the same
# numbers are {glue:text}`fano_MNIST:.3f`, {glue:text}`ceb_MNIST:.3f`,
# {glue:text}`recal_MNIST:.3f`, {glue:text}`xfit_MNIST:.3f` and
# {glue:text}`plugin_MNIST:.3f` bits; for Fashion-MNIST
# {glue:text}`fano_FashionMNIST:.3f`, {glue:text}`ceb_FashionMNIST:.3f`,
# {glue:text}`recal_FashionMNIST:.3f`, {glue:text}`xfit_FashionMNIST:.3f` and
# {glue:text}`plugin_FashionMNIST:.3f` bits.

# %% [markdown]
# ## Check
#
# The bounds are ordered as theory says they should be, up to sampling error:
# the Fano bound is the weakest, and no lower bound on $\I(X;Y)$ should exceed
# the plug-in estimate of $\I(W;Y)$ by more than its noise.

# %%
checks = []
for row in bound_rows:
    slack = 3 * np.sqrt(row["plug-in bias"]) + row["plug-in bias"]   # generous noise allowance
    checks.append({
        "dataset": row["dataset"],
        "Fano <= CE bound (recalibrated)": row["Fano bound"] <= row["CE bound, recalibrated"] + slack,
        "bounds <= plug-in + noise": max(row["Fano bound"], row["CE bound"],
                                          row["CE bound, recalibrated"]) <= row["plug-in I(W';Y)"] + slack,
    })
check_table = pd.DataFrame(checks)
display(check_table)
print("all checks hold:", bool(check_table.drop(columns="dataset").all().all()))

# %% [markdown]
# ## Summary
#
# - Observed $P(Y{=}1 \mid W)$ against the claimed $W$, on the uniformized
#   axis with binomial error bars, shows how far each network is from
#   calibrated ({numref}`fig-calibration`); the released files show the paper's
#   networks ({numref}`fig-calibration-authors`).
# - Isotonic regression gives a monotone recalibration; fitted on one half and
#   scored on the other, it gives an honest cross-entropy bound on $\I(X;Y)$.
# - The Fano bound (eq. 39) and the cross-entropy bound (eq. 41) bracket the
#   information from below; the plug-in estimate of $\I(W;Y)$ on fine bins sits
#   above them by design.
