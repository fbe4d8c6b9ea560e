# %% [markdown]
# # The method's two pictures, computed
#
# Two steps of the method {cite}`tegmark2019pareto` are explained in the paper by
# drawings. Figure 3 shows that the fine bins of $W$ may be reordered by their
# conditional probability $P(Y{=}1 \mid \text{bin})$ ("vertical binning")
# without losing anything. Figure 4 illustrates the proof of the
# contiguous-binning theorem: a binning in which one bin is split around another
# can be improved by swapping slivers, at no cost in entropy. This chapter
# computes both pictures instead of drawing them: Figure 3 on the authors' own
# released $W$ distribution for CIFAR-10, Figure 4 on the exact warm-up example.

# %% tags=["parameters"]
profile = "full"
data_root = None
seed = 0
n_shown = 12  # fine bins in Figure 3

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from myst_nb import glue

import distill
from distill import analytic
from distill.binning import joint_from_cdf, read_cdf_csv
from distill.config import check_profile
from distill.frontier import corners
from distill.info import entropy, mutual_information
from distill.plots import use_style
from distill.plots._analytic import plot_grouping_strip, plot_posterior_bars

check_profile(profile)
if not (isinstance(n_shown, int) and 4 <= n_shown <= 30):
    raise ValueError(f"n_shown must be an integer from 4 to 30; got {n_shown!r}")
settings = {  # cells of the released grid merged into one fine bin
    "quick": {"cells_per_bin": 100},
    "full": {"cells_per_bin": 100},
    "paper": {"cells_per_bin": 100},
}[profile]
use_style()
REFERENCE = Path(distill.__file__).resolve().parents[2] / "shared" / "reference" / "tegmark-wu-2019"

# %% [markdown]
# ## Figure 3: sorting fine bins loses nothing
#
# The authors released the joint cumulative distributions $F_j(w) = P(W < w, Y{=}j)$
# of their CIFAR-10 classifier's output on a grid of 10,000 values of $w$
# (`CIFARF.csv`; the grid covers $W < 1$ and misses the 0.14% of the probability
# at $W = 1$ exactly, so the table is renormalized and the shortfall recorded).
# Merging every 100 grid cells gives fine bins of width 0.01 in $w$. This $W$
# is not calibrated and its estimated $P(Y{=}1 \mid \text{bin})$ is not monotone in
# $w$: below, the dozen consecutive fine bins with the most disorder.

# %%
w_grid, F1, F2 = read_cdf_csv(REFERENCE / "CIFARF.csv")
grid = joint_from_cdf(w_grid, F1, F2)
k = settings["cells_per_bin"]
cuts = np.unique(np.append(np.arange(0, grid.n_bins, k), grid.n_bins))
fine = grid.merge(cuts)
post, mass = fine.posterior, fine.mass
print(f"{fine.n_bins} fine bins of CIFARF.csv; mass missing from the grid: {grid.deficit:.4%}")


def disorder(start):
    """Pairs of bins out of order in the window starting at ``start`` (ties within 1e-9 do not count)."""
    win = post[start:start + n_shown]
    return int(np.sum(np.triu(win[:, None] > win[None, :] + 1e-9, 1)))


start = max((s for s in range(fine.n_bins - n_shown + 1) if np.all(mass[s:s + n_shown] > 0)), key=disorder)
sub_p = fine.p[start:start + n_shown]
sub = distill.binning.JointTable(sub_p / sub_p.sum(), fine.edges[start:start + n_shown + 1])
sub_sorted = sub.sorted()
numbers = np.arange(start, start + n_shown) + 1  # bins numbered from 1 in W order

fig, axes = plt.subplots(2, 1, figsize=(6.0, 4.6), sharey=True)
plot_posterior_bars(sub.posterior, numbers, ax=axes[0], title="in W order", xlabel="")
plot_posterior_bars(sub_sorted.posterior, numbers[sub_sorted.order], ax=axes[1], color="C1",
                    title="sorted by P(Y=1|bin)", xlabel="")
fig.tight_layout()
plt.show()

checks = pd.DataFrame(
    [
        ("the dozen bins", sub.H, sub_sorted.H, sub.I, sub_sorted.I),
        (f"all {fine.n_bins} fine bins", fine.H, fine.sorted().H, fine.I, fine.sorted().I),
    ],
    columns=["table", "H before [bits]", "H after [bits]", "I before [bits]", "I after [bits]"],
)
checks["|change in H|"] = (checks["H after [bits]"] - checks["H before [bits]"]).abs()
checks["|change in I|"] = (checks["I after [bits]"] - checks["I before [bits]"]).abs()
display(checks.style.format({c: "{:.12f}" for c in checks.columns[1:5]}
                            | {"|change in H|": "{:.1e}", "|change in I|": "{:.1e}"}).hide())
assert checks["|change in H|"].max() < 1e-12 and checks["|change in I|"].max() < 1e-12
w_lo, w_hi = fine.edges[start], fine.edges[start + n_shown]
glue("w_lo", w_lo, display=False)
glue("w_hi", w_hi, display=False)
glue("n_inversions", disorder(start), display=False)
glue("n_shown", n_shown, display=False)

# %% [markdown]
# **Figure 3.** Top: $P(Y{=}1 \mid \text{bin})$ for {glue:text}`n_shown` fine bins
# of the CIFAR-10 classifier's $W$, $w$ from {glue:text}`w_lo:.2f` to
# {glue:text}`w_hi:.2f`, in $W$ order; {glue:text}`n_inversions` pairs are out of
# order. Bottom: the same bins sorted by $P(Y{=}1 \mid \text{bin})$; each bar
# carries its original number. Sorting only relabels the values of $W'$: the
# joint table keeps its rows, so $\H(W')$ and $\I(W';Y)$ are unchanged (table above, to
# round-off).
#
# What sorting does change is which groupings count as contiguous. By the
# contiguous-binning theorem below, the best grouping of the sorted bins is the
# best of all groupings, so it is at least as good as the best grouping of runs
# in $W$ order. For this classifier the disorder is confined to bins of little
# probability and the gain is small:

# %%
rows = []
for sort in (False, True):
    res = corners(fine, max_bins=4, sort=sort)
    for c in res.corners[1:]:
        rows.append({"bins": c.bins, "order": "sorted" if sort else "W order", "I(Z;Y) [bits]": c.I})
gain = pd.DataFrame(rows).pivot(index="bins", columns="order", values="I(Z;Y) [bits]")
gain["gain from sorting"] = gain["sorted"] - gain["W order"]
display(gain.style.format("{:.6f}"))
assert np.all(gain["gain from sorting"] >= -1e-12)

# %% [markdown]
# ## Figure 4: why the best bins are contiguous
#
# Theorem II.2 of the paper says that, with the fine bins sorted by
# $P(Y{=}1 \mid \text{bin})$ (for the warm-up example: in $W$ order), the
# groupings on the Pareto frontier are contiguous. The proof takes a grouping
# in which some bin $B$ is split around another bin $A$ and swaps a sliver of
# probability $\varepsilon$ of $A$ with a sliver of $B$. Both bins keep their
# probabilities, so $\H(Z)$ is unchanged. Their conditional probabilities
# $q_A = P(Y{=}1 \mid A)$ and $q_B$ move linearly in $\varepsilon$, in opposite
# directions, and
#
# $$
# \I(Z;Y) = \H(Y) - \sum_k P_k\, h_2(q_k)
# $$
#
# is convex in them ($h_2$ is concave). So moving the sliver in the direction
# that pushes $q_A$ and $q_B$ apart raises $\I$; repeating the swap until $B$ is no
# longer split never lowers it.
#
# Here on the warm-up example, with $W$ uniformized to $u = P(W < w)$ (so that a
# sliver of width $\varepsilon$ in $u$ has probability $\varepsilon$): bin 2 is
# split around bin 3.

# %%
def grouping_joint(intervals):
    """P(Z = k, Y = y) for bins given as lists of [u0, u1) intervals of uniformized W."""
    rows = []
    for pieces in intervals:
        total = np.zeros(2)
        for u0, u1 in pieces:
            if u1 > u0:
                total += analytic.bin_probabilities(analytic.quantile(np.array([u0, u1])))[0]
        rows.append(total)
    return np.array(rows)


def split_grouping(shift):
    """Bin 3 = [0.45, 0.65) shifted by ``shift`` in u; bin 2 gets what bin 3 leaves."""
    a, b = round(0.45 + shift, 12), round(0.65 + shift, 12)  # no round-off slivers
    return [[(0.0, 0.3)], [(0.3, a), (b, 0.8)], [(a, b)], [(0.8, 1.0)]]


base = grouping_joint(split_grouping(0.0))
q = base[:, 0] / base.sum(axis=1)
# pushing q_3 away from q_2: shift bin 3 towards higher W when q_3 > q_2
direction = 1.0 if q[2] > q[1] else -1.0
rows = []
for eps in (0.001, 0.01, 0.02, 0.05, 0.1, 0.15):
    moved = grouping_joint(split_grouping(direction * eps))
    other = grouping_joint(split_grouping(-direction * eps))
    rows.append({
        "epsilon": eps,
        "H before": entropy(base.sum(axis=1)),
        "H after": entropy(moved.sum(axis=1)),
        "I before": mutual_information(base),
        "I after": mutual_information(moved),
        "I, other direction": mutual_information(other),
    })
swaps = pd.DataFrame(rows)
swaps["I gain"] = swaps["I after"] - swaps["I before"]
display(swaps.style.format({"epsilon": "{:.3f}", "I gain": "{:+.2e}"}
                           | {c: "{:.8f}" for c in ["H before", "H after", "I before", "I after", "I, other direction"]}).hide())
assert np.allclose(swaps["H after"], swaps["H before"], atol=1e-12)
assert np.all(swaps["I gain"] > 0) and np.all(np.diff(swaps["I gain"]) > 0)
final = grouping_joint(split_grouping(direction * 0.15))
best4 = corners(analytic.joint_table(2000), max_bins=4).corners[3]
glue("q2", q[1], display=False)
glue("q3", q[2], display=False)
glue("direction_word", "up" if direction > 0 else "down", display=False)
glue("I_split", mutual_information(base), display=False)
glue("I_contiguous", mutual_information(final), display=False)
glue("I_corner4", best4.I, display=False)
glue("H_split", entropy(base.sum(axis=1)), display=False)
glue("H_corner4", best4.H, display=False)

u_fine = np.linspace(0, 1, 401)


def strip_labels(intervals):
    mids = 0.5 * (u_fine[1:] + u_fine[:-1])
    lab = np.zeros(mids.size, dtype=int)
    for k, pieces in enumerate(intervals):
        for u0, u1 in pieces:
            lab[(mids >= u0) & (mids < u1)] = k
    return lab


eps_shown = 0.05
fig, axes = plt.subplots(2, 1, figsize=(6.0, 3.8), sharex=True)
s0, s1 = (0.45, 0.45 + eps_shown), (0.65, 0.65 + eps_shown)
if direction < 0:
    s0, s1 = (0.45 - eps_shown, 0.45), (0.65 - eps_shown, 0.65)
plot_grouping_strip(u_fine, strip_labels(split_grouping(0.0)), ax=axes[0], highlight=[s0, s1],
                    posterior=analytic.quantile, title="bin 2 split around bin 3")
plot_grouping_strip(u_fine, strip_labels(split_grouping(direction * eps_shown)), ax=axes[1],
                    highlight=[s0, s1], title=f"after swapping slivers of probability {eps_shown}")
axes[1].set_xlabel("uniformized $W$")
axes[0].set_xlabel("")
fig.tight_layout()
plt.show()

# %% [markdown]
# **Figure 4.** Top: a 4-bin grouping of the warm-up example in which bin 2 is
# split around bin 3 (uniformized $W$ on the horizontal axis, with
# $P(Y{=}1 \mid W)$ above; the red boxes are the slivers to be swapped). Bottom:
# after swapping slivers of probability 0.05, bin 3 has moved
# {glue:text}`direction_word`: $q_3 =$ {glue:text}`q3:.3f` starts above
# $q_2 =$ {glue:text}`q2:.3f`, so it is moved towards higher $W$.
#
# The table above gives, for several $\varepsilon$, the entropy (the same before
# and after, to round-off) and the information: every swap in the direction that
# separates $q_2$ and $q_3$ gains, the more the larger $\varepsilon$. Small swaps
# the other way lose; since $\I$ is convex in the shift, large enough swaps
# either way end up un-splitting bin 2 and gain too. With $\varepsilon = 0.15$ bin 2 is no longer split
# (it becomes a single interval); its information, {glue:text}`I_contiguous:.5f` bits,
# is above the split grouping's {glue:text}`I_split:.5f`. The best 4-bin
# grouping of all (the corner, {glue:text}`I_corner4:.5f` bits at
# $\H =$ {glue:text}`H_corner4:.4f` bits, against this grouping's
# {glue:text}`H_split:.4f` bits) is contiguous too, as the theorem says.
#
# ## Summary
#
# * Sorting fine bins by $P(Y{=}1 \mid \text{bin})$ is a relabelling: $\H$ and $\I$
#   are unchanged, and contiguous groupings of the sorted bins can only be better.
# * A bin split around another can always be improved by swapping equal slivers,
#   at fixed $\H(Z)$: the frontier is made of contiguous binnings.
