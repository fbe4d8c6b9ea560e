# %% [markdown]
# # The information bottleneck as a baseline
#
# The information bottleneck {cite}`tishby2000ib` compresses $X$ into a cluster
# variable $T$ by minimizing a Lagrangian; its deterministic variant (DIB)
# {cite}`strouse2017dib` asks for hard clusters, exactly the kind of compression
# studied in this book. Tegmark & Wu {cite}`tegmark2019pareto` compare their
# method with the DIB on the warm-up example (their Figure 9 and Table III).
# This chapter repeats the comparison on *the same* joint table for both
# methods: the exact Pareto frontier against the points the iterative
# bottleneck reaches. It also checks our bottleneck against an established
# implementation, and sorts out which distribution the paper's Table III
# numbers belong to.

# %% tags=["parameters"]
profile = "full"
data_root = None
seed = 0
n_clusters = 8  # the largest number of values of T (the paper: 8)

# %%
import time
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from myst_nb import glue

import distill
from distill import analytic, ib
from distill.binning import joint_from_cdf, read_cdf_csv
from distill.config import check_profile
from distill.frontier import corners, frontier, frontier_at, frontier_bound
from distill.info import binary_entropy
from distill.plots import use_style
from distill.plots._ib import plot_ib_against_frontier

check_profile(profile)
if not (isinstance(n_clusters, int) and 2 <= n_clusters <= 10):
    raise ValueError(f"n_clusters must be an integer from 2 to 10; got {n_clusters!r}")
settings = {
    # fine: equal-width W bins (the paper: 2,000); steps: log-spaced beta values
    # (the paper: 20,000); check_steps: a second run to show the result does not
    # depend on the number of steps; coarse: None = exact frontier program,
    # else its coarse-to-fine version (the whole exact frontier is out of reach at
    # 2,000 bins; its values at Table III's entropies are computed exactly)
    "quick": {"fine": 200, "steps": 200, "check_steps": 1_000, "restarts": 4, "coarse": None,
              "check_restarts": 8, "soft_iterations": 5_000},
    "full": {"fine": 2_000, "steps": 2_000, "check_steps": 20_000, "restarts": 10, "coarse": 400,
             "check_restarts": 20, "soft_iterations": 20_000},
    "paper": {"fine": 2_000, "steps": 20_000, "check_steps": 2_000, "restarts": 10, "coarse": 400,
              "check_restarts": 20, "soft_iterations": 20_000},
}[profile]
use_style()
REFERENCE = Path(distill.__file__).resolve().parents[2] / "shared" / "reference" / "tegmark-wu-2019"

# %% [markdown]
# ## The bottleneck
#
# For a discrete $X$ (here: the fine bins of $W$) with joint table $p(x, y)$, the
# generalized bottleneck of Strouse & Schwab minimizes, over encoders
# $q(t \mid x)$ with at most $M$ values of $t$,
#
# $$
# L = \H(T) - \alpha\, \H(T \mid X) - \beta\, \I(T;Y).
# $$
#
# $\alpha = 1$ is the original bottleneck ($\H(T) - \H(T|X) = \I(X;T)$), $\alpha = 0$
# the deterministic one, whose encoders are hard cluster assignments $t = f(x)$.
# `distill.ib` iterates the stationary equations
# $f(x) = \arg\max_t [\ln q(t) - \beta\, \KL(p(y|x) \,\|\, q(y|t))]$ (for $\alpha = 0$;
# a softmax with temperature $\alpha$ otherwise) with $q(t)$ and $q(y|t)$ updated from
# the encoder, until the assignment stops changing. It runs a batch of random
# starts together and anneals them along a sequence of $\beta$ values, each start
# warm-starting from its own previous fixed point, and records for every $\beta$
# whether the fixed point was reached.
#
# The paper writes the trade-off as maximizing $\I(Z;Y) - \gamma \H(Z)$, so its
# $\gamma$ is $1/\beta$ here; it scanned $\gamma$ from $10^{-10}$ to 1 over 20,000
# log-spaced steps, with $M = 8$, on the warm-up example binned into 2,000
# equal-width bins of $W$. That table is built exactly here (previous chapters):

# %%
table = analytic.joint_table(settings["fine"], spacing="width")
print(f"{table.n_bins} equal-width bins of W: I(W';Y) = {table.I:.8f} bits "
      f"(I(X;Y) = {analytic.I_XY:.8f})")


def run_dib(joint, steps, restarts, rng):
    """The annealed deterministic bottleneck, gamma = 1/beta from 1e-10 to 1."""
    betas = 1.0 / np.geomspace(1e-10, 1.0, steps)
    t0 = time.perf_counter()
    path = ib.ib_path(joint, betas, alpha=0.0, n_clusters=n_clusters, restarts=restarts, rng=rng)
    return path, time.perf_counter() - t0


path, dib_seconds = run_dib(table, settings["steps"], settings["restarts"], seed)
print(f"DIB: {path.n_steps} beta values, {path.restarts} chains, {dib_seconds:.1f} s; "
      f"all converged: {path.all_converged}; most iterations at one beta: {path.iterations.max()}; "
      f"distinct (H, I) points: {len(path.points())}")
assert path.all_converged
glue("n_clusters_glue", n_clusters, display=False)

# %% [markdown]
# ## The exact frontier on the same table

# %%
t0 = time.perf_counter()
if settings["coarse"] is None:
    fr = frontier(table, max_bins=n_clusters)
else:
    fr = frontier(table, max_bins=n_clusters, coarse=settings["coarse"], resolution=1e-7)
frontier_seconds = time.perf_counter() - t0
t0 = time.perf_counter()
cr = corners(table, max_bins=n_clusters)
corners_seconds = time.perf_counter() - t0
how = "exact program" if fr.exact else f"coarse-to-fine from {settings['coarse']} blocks"
print(f"frontier: {len(fr.points):,} Pareto points in {frontier_seconds:.1f} s ({how}); "
      f"corners: {corners_seconds * 1000:.0f} ms")

# %% [markdown]
# With more than a few hundred fine bins the whole exact frontier is out of
# reach (the bi-objective program's work grows with the number of Pareto points,
# hundreds of thousands for a smooth distribution on 2,000 bins), so the `full`
# profile draws its coarse-to-fine version: every point it returns is attained
# by a grouping of the fine bins, so it is a *lower* bound on the exact
# frontier. The values that Table III compares are exact all the same:
# `distill.frontier.frontier_at` finds $\I^*(h)$ at a given entropy $h$ by branch
# and bound. It runs the same layered program with one objective (least
# conditional entropy, that is most $\I(Z;Y)$, under $\H(Z) \le h$) and drops
# every partial grouping of the first rows that cannot beat the best grouping
# known so far: the remaining rows add at least the entropy of one group, at
# least the cost of their best grouping into the groups left, and, for every
# weight $\lambda \ge 0$, at least $W_\lambda - \lambda\,(h - \H)$, where
# $W_\lambda$ is their least $\mathrm{cost} + \lambda \H$ (a weighted-sum dynamic
# program). Started from the coarse-to-fine frontier, few partial groupings
# survive. A third, independent number brackets both: a certified *upper* bound
# (`distill.frontier.frontier_bound`), since for each number of groups $m$ every
# $m$-group grouping with $\H \le h$ has cost at least
# $\max_{\lambda \ge 0}\, \min_g[\mathrm{cost}(g) + \lambda \H(g)] - \lambda h$.
#
# ## Figure 9: the bottleneck against the frontier

# %%
def branch_picks(path):
    """Per cluster count, the DIB solutions of least and largest H (Table III's rows)."""
    picks = []
    for m in sorted(set(path.n_clusters.tolist())):
        sel = np.flatnonzero(path.n_clusters == m)
        picks += list(dict.fromkeys([sel[np.argmin(path.H_T[sel])], sel[np.argmax(path.H_T[sel])]]))
    return picks


H3 = path.H_T[branch_picks(path)]
t0 = time.perf_counter()
exact3 = frontier_at(table, H3, n_clusters, start=fr)
exact_at_seconds = time.perf_counter() - t0
fig = plot_ib_against_frontier(fr, path.H_T, path.I_TY, clusters=path.n_clusters, corners=cr, label="DIB",
                               frontier_label="exact frontier $I^*(H)$" if fr.exact else "frontier $I^*(H)$, coarse-to-fine",
                               exact=(H3, exact3.I))
plt.show()
used = sorted(set(path.n_clusters.tolist()))
glue("dib_clusters", ", ".join(str(m) for m in used), display=False)
glue("n_steps", path.n_steps, display=False)
glue("fine", table.n_bins, display=False)
glue("frontier_how", "the exact program" if fr.exact else
     f"the coarse-to-fine program from {settings['coarse']} blocks", display=False)

# %% [markdown]
# **Figure 9.** The frontier $\I^*(H)$ of the warm-up example on
# {glue:text}`fine:,` equal-width fine bins, by {glue:text}`frontier_how` (black
# curve, exact corners as dots, the impossible region shaded), the exact
# frontier $\I^*(H)$ at the entropies of Table III below (crosses, by branch and
# bound) and the solutions of the annealed deterministic
# bottleneck over {glue:text}`n_steps:,` values of $\beta$ (coloured by the number
# of clusters in use: {glue:text}`dib_clusters`).
#
# ## Table III: the bottleneck's points and the frontier
#
# For every number of clusters the bottleneck visits, the table shows the
# solutions with the smallest and the largest $\H(T)$ on that branch, the exact
# frontier $\I^*(H)$ at that entropy (branch and bound) and the gap; a second
# table puts the three frontier programs side by side at the same entropies:
# the drawn (attained) curve, the exact value (branch and bound) and the upper
# bound (Lagrangian), in bits. An independent check uses the
# contiguous-binning theorem: for a binary class the global minimum of the DIB
# Lagrangian $\H(T) - \beta \I(T;Y)$ over *all* hard clusterings is a dynamic program
# over contiguous runs of the sorted rows (`distill.ib.dib_optimum`). A bottleneck
# point whose Lagrangian equals that minimum lies exactly on the frontier; one
# whose Lagrangian is higher is a local optimum; the column $(L - L_{\min})/\beta$
# gives the shortfall in bits of $\I(T;Y)$ at that trade-off, and the last two
# columns the number of clusters $m$ and the information of the global optimum.

# %%
def branch_rows(path, frontier_result, joint):
    """Table III rows: per cluster count, the DIB points of least and largest H."""
    rows = []
    for k in branch_picks(path):
        opt = ib.dib_optimum(joint, path.betas[k], n_clusters)
        rows.append({
            "clusters": int(path.n_clusters[k]),
            "gamma = 1/beta": 1.0 / path.betas[k],
            "H(T) [bits]": path.H_T[k],
            "I(T;Y) DIB": path.I_TY[k],
            "I*(H) frontier": float(frontier_result.at(path.H_T[k])),
            # the Lagrangian shortfall in bits of I(T;Y): (L - L_min) / beta
            "(L - L_min)/beta": (path.objective[k] - opt.objective) / path.betas[k],
            "optimum: clusters": opt.n_clusters,
            "optimum: H": opt.H_T,
            "optimum: I": opt.I_TY,
        })
    return pd.DataFrame(rows)


t0 = time.perf_counter()
table3 = branch_rows(path, fr, table)
dib_optimum_seconds = (time.perf_counter() - t0) / len(table3)
assert np.array_equal(H3, table3["H(T) [bits]"].to_numpy())   # the rows Figure 9 marked
t0 = time.perf_counter()
upper3 = frontier_bound(table, H3, n_clusters, lower=exact3.I)
bound_seconds = time.perf_counter() - t0
coarse3 = table3["I*(H) frontier"].to_numpy()
table3["I*(H) exact"] = exact3.I
table3["gap I* - I"] = exact3.I - table3["I(T;Y) DIB"]
table3["exact - curve"] = exact3.I - coarse3
table3["bound - exact"] = upper3 - exact3.I
cols = {"clusters": "clusters", "gamma = 1/beta": "1/beta", "H(T) [bits]": "H(T)", "I(T;Y) DIB": "I(T;Y) DIB",
        "I*(H) exact": "I*(H) exact", "gap I* - I": "gap", "(L - L_min)/beta": "(L - L_min)/beta",
        "optimum: clusters": "optimum: m", "optimum: I": "optimum: I"}
display(table3[list(cols)].rename(columns=cols).style.format(
    {"1/beta": "{:.3g}", "H(T)": "{:.4f}", "I(T;Y) DIB": "{:.6f}", "I*(H) exact": "{:.6f}", "gap": "{:+.1e}",
     "(L - L_min)/beta": "{:.1e}", "optimum: I": "{:.6f}"}).hide())
# the three frontier programs at the same entropies
programs = pd.DataFrame({"H [bits]": H3, "curve": coarse3, "exact": exact3.I, "upper bound": upper3,
                         "exact - curve": table3["exact - curve"], "bound - exact": table3["bound - exact"]})
display(programs.style.format({"H [bits]": "{:.4f}", "curve": "{:.8f}", "exact": "{:.8f}", "upper bound": "{:.8f}",
                               "exact - curve": "{:.1e}", "bound - exact": "{:.1e}"}).hide())
# the three programs bracket each other: attained curve <= exact <= upper bound
assert (table3["exact - curve"] >= -1e-12).all(), table3["exact - curve"].min()
assert (table3["bound - exact"] >= -1e-9).all(), table3["bound - exact"].min()
assert (table3["gap I* - I"] >= -1e-12).all(), table3["gap I* - I"].min()
if fr.exact:
    assert np.allclose(exact3.I, coarse3, atol=1e-12)
width = table3["bound - exact"].to_numpy()
curve_short = table3["exact - curve"].to_numpy()
print(f"exact I*(H) at {len(table3)} entropies in {exact_at_seconds:.1f} s (branch and bound; "
      f"{sum(s['candidates'] for s in exact3.stats['per_budget']):,} partial groupings generated); "
      f"the frontier curve falls short of it by at most {curve_short.max():.1e} bits there; the upper "
      f"bound ({bound_seconds:.1f} s) lies above it by up to {width.max():.1e} bits and meets it (to 1e-9) "
      f"at {int(np.sum(width <= 1e-9))} of {len(table3)}")
glue("bound_exact_rows", int(np.sum(width <= 1e-9)), display=False)
glue("bound_max_width", float(width.max()), display=False)
glue("curve_max_short", float(curve_short.max()), display=False)
glue("exact_at_seconds", exact_at_seconds, display=False)
all_gaps = fr.at(path.H_T) - path.I_TY
print(f"over all {path.n_steps} beta values: largest gap {all_gaps.max():.2e} bits, "
      f"smallest {all_gaps.min():+.2e}, median {np.median(all_gaps):.2e}")
worst = int(np.argmax(table3["gap I* - I"]))
glue("max_gap_all", float(all_gaps.max()), display=False)
glue("median_gap_all", float(np.median(all_gaps)), display=False)
glue("min_gap_all", float(all_gaps.min()), display=False)
glue("worst_gap", float(table3["gap I* - I"].iloc[worst]), display=False)
glue("worst_H", float(table3["H(T) [bits]"].iloc[worst]), display=False)
glue("worst_clusters", int(table3["clusters"].iloc[worst]), display=False)
glue("n_local", int(np.sum(table3["(L - L_min)/beta"] > 1e-12)), display=False)
glue("n_rows", len(table3), display=False)
missing = sorted(set(range(1, n_clusters + 1)) - set(path.n_clusters.tolist()))
glue("missing_counts", ", ".join(map(str, missing)) if missing else "none", display=False)

# %% [markdown]
# The exact values took {glue:text}`exact_at_seconds:.1f` s for all
# {glue:text}`n_rows` entropies. At these entropies the drawn frontier curve is
# at most {glue:text}`curve_max_short:.1e` bits below the exact frontier, so the
# curve of Figure 9 is the exact frontier to within the width of its line. The
# Lagrangian upper bound, by contrast, meets the exact value (to 1e-9 bits) at
# only {glue:text}`bound_exact_rows` of the {glue:text}`n_rows` entropies and
# lies up to {glue:text}`bound_max_width:.1e` bits above it elsewhere: that is
# how far the frontier departs from its concave hull there, and why a bound of
# that kind alone could not settle the comparison.
#
# The bottleneck never rises above the frontier: its smallest gap to the drawn
# curve over the whole sweep, {glue:text}`min_gap_all:+.1e` bits, is within the
# curve's resolution (in the `full` profile its points are thinned to about
# 1e-7 bits) or round-off. Over the whole sweep it stays within
# {glue:text}`max_gap_all:.1e` bits of the curve (median
# {glue:text}`median_gap_all:.1e`). Its largest shortfall in the table,
# {glue:text}`worst_gap:.4f` bits below the exact frontier, is at
# $\H =$ {glue:text}`worst_H:.3f` bits with {glue:text}`worst_clusters` clusters.
# In {glue:text}`n_local` of the {glue:text}`n_rows` rows the annealed bottleneck
# sits in a local optimum of its own Lagrangian ($L > L_{\min}$); there the global
# optimum at the same $\beta$ often uses another number of clusters. Cluster
# counts the annealed bottleneck never reaches: {glue:text}`missing_counts`.
# (Annealing down from {glue:text}`n_clusters_glue` clusters on a distribution
# symmetric under $W \to 1 - W$, clusters tend to die in pairs, and a two-cluster
# split at $W = 1/2$ is a fixed point of the iteration for every $\beta$.) And
# because it minimizes a Lagrangian, even a perfect bottleneck could only find
# points on the frontier's concave hull, never the stretches just right of each
# corner where the frontier is convex.
#
# **Does the number of steps matter?** The same sweep with a different number of
# $\beta$ values, branch by branch:

# %%
check_path, check_seconds = run_dib(table, settings["check_steps"], settings["restarts"], seed)
check3 = branch_rows(check_path, fr, table)
best_main = table3.groupby("clusters")["I(T;Y) DIB"].max()
best_check = check3.groupby("clusters")["I(T;Y) DIB"].max()
steps_table = pd.DataFrame({f"best I, {path.n_steps:,} steps": best_main,
                            f"best I, {check_path.n_steps:,} steps": best_check})
steps_table["difference"] = steps_table.iloc[:, 1] - steps_table.iloc[:, 0]
display(steps_table.style.format("{:.2e}", subset=["difference"], na_rep="n/a").format("{:.6f}", subset=steps_table.columns[:2], na_rep="n/a"))
same_counts = set(best_main.index) == set(best_check.index)
check_gaps = fr.at(check_path.H_T) - check_path.I_TY
print(f"{check_path.n_steps} steps: {check_seconds:.1f} s, all converged: {check_path.all_converged}; "
      f"same cluster counts: {same_counts}; largest gap to the frontier {check_gaps.max():.2e} bits")
glue("check_steps", check_path.n_steps, display=False)
glue("steps_max_diff", float(np.nanmax(np.abs(steps_table["difference"]))), display=False)
glue("steps_counts", "the same cluster counts" if same_counts else
     f"other cluster counts ({sorted(best_check.index)} against {sorted(best_main.index)})", display=False)
glue("check_max_gap", float(check_gaps.max()), display=False)

# %% [markdown]
# With {glue:text}`check_steps:,` steps instead of {glue:text}`n_steps:,` the
# bottleneck visits {glue:text}`steps_counts`; where both runs have a branch, its
# best information differs by at most {glue:text}`steps_max_diff:.1e` bits, and
# the largest gap to the frontier over that sweep is
# {glue:text}`check_max_gap:.1e` bits.
#
# **Wall time.**

# %%
timing = pd.DataFrame([
    ("annealed DIB", f"{path.n_steps:,} beta values x {path.restarts} chains", dib_seconds),
    ("exact corners", f"M = 1..{n_clusters}", corners_seconds),
    ("frontier", "exact" if fr.exact else f"coarse-to-fine, {settings['coarse']} blocks", frontier_seconds),
    ("DIB global optimum", "one beta (dynamic program)", dib_optimum_seconds),
    ("exact frontier at given entropies", f"{len(table3)} entropies (branch and bound)", exact_at_seconds),
    ("frontier upper bound", f"{len(table3)} entropies", bound_seconds),
], columns=["computation", "size", "seconds"])
display(timing.style.format({"seconds": "{:.2f}"}).hide())
glue("dib_seconds", dib_seconds, display=False)
glue("frontier_seconds", frontier_seconds, display=False)
glue("corners_seconds", corners_seconds, display=False)

# %% [markdown]
# The corners, the points that matter most, take {glue:text}`corners_seconds:.2f`
# s; the bottleneck sweep {glue:text}`dib_seconds:.1f` s and the frontier
# {glue:text}`frontier_seconds:.1f` s (on this machine, for this table).
#
# ## A check against `embo`
#
# The `embo` package (Piasini, Filipowicz, Levine and Gold, 2021) implements the
# generalized bottleneck for $\alpha = 0$ and $\alpha = 1$. Its update weighs a
# divergence in bits against the natural logarithm of $q(t)$, so its $\beta$ is
# ours times $\ln 2$; and it picks the best of its random starts by a cost that
# uses its own $\beta$ in bits, which is not the Lagrangian its update minimizes.
# To compare like with like, `embo` is run here from
# {glue:text}`check_restarts` single random starts and the start with the lowest
# Lagrangian $L$ (ours, in bits) is kept; `distill.ib` runs the same number of
# random starts (batched). Both run at fixed $\beta$ (no annealing) on the same
# table with at most {glue:text}`n_clusters_glue` clusters. For $\alpha = 0$ the
# exact minimum $L_{\min}$ is known; for $\alpha = 1$ the quantities compared are
# $\I(T;Y)$ and $\I(X;T)$, which do not depend on how equivalent clusters are
# split (the entropy $\H(T)$ of a soft encoder does).

# %%
def embo_runs(joint, beta, alpha, n_starts, iterations):
    """embo's best start by our Lagrangian. embo sets numpy's error state when
    imported and draws from the global numpy random state: both are restored."""
    state, err = np.random.get_state(), np.geterr()
    try:
        from embo.core import InformationBottleneck

        p_x = joint.sum(axis=1)
        best = None
        for start in range(n_starts):
            np.random.seed(start)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                i_x, i_y, h_m, _ = InformationBottleneck.beta_iter(
                    alpha, beta * np.log(2), p_x, joint.sum(axis=0), joint.T / p_x, n_clusters,
                    1, iterations, rtol=1e-12)
            # alpha = 0: L = H(T) - beta I(T;Y); alpha = 1: L = I(X;T) - beta I(T;Y)
            L = (h_m if alpha == 0 else i_x) - beta * i_y
            if best is None or L < best[0]:
                best = (L, float(h_m), float(i_y), float(i_x))
    finally:
        np.random.set_state(state)
        np.seterr(**err)
    return best


rows = []
p = np.asarray(table.p)
for alpha, betas in [(0.0, (3.0, 10.0, 30.0)), (1.0, (3.0, 10.0))]:
    for beta in betas:
        t0 = time.perf_counter()
        ours = ib.ib_solve(p, beta=beta, alpha=alpha, n_clusters=n_clusters, restarts=settings["check_restarts"],
                           rng=seed, max_iter=settings["soft_iterations"] if alpha else None, tol=1e-9)
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        L_embo, h_embo, i_embo, ix_embo = embo_runs(p, beta, alpha, settings["check_restarts"],
                                                    settings["soft_iterations"] if alpha else 1_000)
        t_embo = time.perf_counter() - t0
        L_ours = ours.H_T - beta * ours.I_TY if alpha == 0 else ours.I_XT - beta * ours.I_TY
        L_min = ib.dib_optimum(p, beta, n_clusters).objective if alpha == 0 else np.nan
        rows.append({"alpha": alpha, "beta": beta,
                     "I(T;Y) ours": ours.I_TY, "I(T;Y) embo": i_embo,
                     "H(T) or I(X;T) ours": ours.H_T if alpha == 0 else ours.I_XT,
                     "H(T) or I(X;T) embo": h_embo if alpha == 0 else ix_embo,
                     "(L - L_min)/beta ours": (L_ours - L_min) / beta, "(L - L_min)/beta embo": (L_embo - L_min) / beta,
                     "converged (ours)": ours.converged, "s ours": t_ours, "s embo": t_embo})
agree = pd.DataFrame(rows)
agree["|dI(T;Y)|"] = (agree["I(T;Y) ours"] - agree["I(T;Y) embo"]).abs()
agree["|dH or dI(X;T)|"] = (agree["H(T) or I(X;T) ours"] - agree["H(T) or I(X;T) embo"]).abs()
display(agree.style.format({c: "{:.6f}" for c in ["I(T;Y) ours", "I(T;Y) embo", "H(T) or I(X;T) ours", "H(T) or I(X;T) embo"]}
                           | {"|dI(T;Y)|": "{:.1e}", "|dH or dI(X;T)|": "{:.1e}", "s ours": "{:.2f}", "s embo": "{:.2f}",
                              "(L - L_min)/beta ours": "{:.1e}", "(L - L_min)/beta embo": "{:.1e}",
                              "beta": "{:g}", "alpha": "{:g}"}, na_rep="n/a").hide())
assert agree["converged (ours)"].all()
glue("check_restarts", settings["check_restarts"], display=False)
glue("embo_max_dI", float(agree["|dI(T;Y)|"].max()), display=False)
glue("embo_max_dI_soft", float(agree.loc[agree["alpha"] == 1, "|dI(T;Y)|"].max()), display=False)
glue("embo_max_dIX_soft", float(agree.loc[agree["alpha"] == 1, "|dH or dI(X;T)|"].max()), display=False)
glue("embo_max_dI_hard", float(agree.loc[agree["alpha"] == 0, "|dI(T;Y)|"].max()), display=False)
glue("embo_worst_hard", float(agree.loc[agree["alpha"] == 0, "(L - L_min)/beta embo"].max()), display=False)
glue("ours_worst_hard", float(agree.loc[agree["alpha"] == 0, "(L - L_min)/beta ours"].max()), display=False)

# %% [markdown]
# For the original bottleneck ($\alpha = 1$) the two implementations agree to
# {glue:text}`embo_max_dI_soft:.0e` bits in $\I(T;Y)$ and
# {glue:text}`embo_max_dIX_soft:.0e` bits in $\I(X;T)$. For the deterministic
# bottleneck both iterate the same fixed-point map from random starts and stop in
# the best fixed point they happen to reach: the largest difference in
# $\I(T;Y)$ is {glue:text}`embo_max_dI_hard:.1e` bits, and measured against the
# exact minimum of the Lagrangian the worst start kept falls short by
# {glue:text}`ours_worst_hard:.1e` bits (ours) and
# {glue:text}`embo_worst_hard:.1e` bits (`embo`) of $\I(T;Y)$.
#
# ## Which distribution is the paper's Table III about?
#
# The paper's Table III lists, for the entropies its bottleneck run reached, the
# information of its own method: 0.3421 bits at $\H = 0.9652$ and 0.3622 bits at
# $\H = 0.9998$, among others. On the exact warm-up distribution no compression
# with $\H(Z) \le 1$ bit can have that much: the best two bins (split at $W = 1/2$)
# keep $1 - h_2(1/6)$ bits. The authors also released a neural-network estimate
# of the same example's joint distribution, `analyticF.csv`, whose
# $\I(W;Y)$ is larger than the exact $\I(X;Y)$. Both methods are run on both.

# %%
w_grid, F1, F2 = read_cdf_csv(REFERENCE / "analyticF.csv")
released = joint_from_cdf(w_grid, F1, F2, n_bins=settings["fine"], spacing="width")
if settings["coarse"] is None:
    fr_released = frontier(released, max_bins=n_clusters)
else:
    fr_released = frontier(released, max_bins=n_clusters, coarse=settings["coarse"], resolution=1e-7)
path_released, _ = run_dib(released, settings["steps"], settings["restarts"], seed)
two_bins = 1 - float(binary_entropy(1 / 6))
paper_rows = [(0.9652, 0.3421), (0.9998, 0.3622)]
paper_H = [h for h, _ in paper_rows]
at_released = frontier_at(released, paper_H, n_clusters, start=fr_released).I
at_exact = frontier_at(table, paper_H, n_clusters, start=fr).I
which = pd.DataFrame([{
    "H [bits]": h,
    "paper, 'our method'": paper_I,
    "frontier I*(H), analyticF.csv": at_released[k],
    "frontier I*(H), exact distribution": at_exact[k],
} for k, (h, paper_I) in enumerate(paper_rows)])
display(which.style.format("{:.4f}").hide())


def two_cluster_branch(dib_path, frontier_result, name):
    sel = dib_path.n_clusters == 2
    if not np.any(sel):
        return {"distribution": name, "DIB 2-cluster H from": np.nan, "to": np.nan, "I at least H": np.nan,
                "I at largest H": np.nan, "largest gap to frontier": np.nan}
    H, I = dib_path.H_T[sel], dib_path.I_TY[sel]
    return {"distribution": name, "DIB 2-cluster H from": H.min(), "to": H.max(),
            "I at least H": I[np.argmin(H)], "I at largest H": I[np.argmax(H)],
            "largest gap to frontier": float(np.max(frontier_result.at(H) - I))}


branches = pd.DataFrame([two_cluster_branch(path, fr, "exact"),
                         two_cluster_branch(path_released, fr_released, "analyticF.csv")])
display(branches.style.format({c: "{:.4f}" for c in branches.columns[1:5]} | {"largest gap to frontier": "{:.1e}"}).hide())
print(f"I(W;Y) of analyticF.csv on {released.n_bins} bins: {released.I:.4f} bits; exact I(X;Y): {analytic.I_XY:.4f} bits; "
      f"best two bins on the exact distribution: 1 - h2(1/6) = {two_bins:.4f} bits")
assert np.all(which["frontier I*(H), exact distribution"] <= two_bins + 1e-9)
glue("two_bins", two_bins, display=False)
glue("released_I", released.I, display=False)
glue("released_at_9652", float(at_released[0]), display=False)
glue("released_at_9998", float(at_released[1]), display=False)
glue("exact_at_9652", float(at_exact[0]), display=False)
glue("exact_at_9998", float(at_exact[1]), display=False)
glue("I_XY_glue", analytic.I_XY, display=False)

# %% [markdown]
# On the released estimate (`analyticF.csv`, binned the same way), the frontier at
# $\H = 0.9652$ is {glue:text}`released_at_9652:.4f` bits and at $\H = 0.9998$ it
# is {glue:text}`released_at_9998:.4f` bits: the paper's 0.3421 and 0.3622 to
# within the binning of the file (the 10,000-cell grid itself gives slightly
# more at the second point). On the exact distribution the frontier at these
# entropies is {glue:text}`exact_at_9652:.4f` and {glue:text}`exact_at_9998:.4f`
# bits, below the two-bin bound of {glue:text}`two_bins:.4f` bits.
#
# **Which is which.** The "our method" column of the paper's Table III is the
# frontier of the released network estimate of the warm-up distribution, whose
# $\I(W;Y)$ ({glue:text}`released_I:.4f` bits on this binning) exceeds the true
# $\I(X;Y) =$ {glue:text}`I_XY_glue:.4f` bits; it is not a property of the exact
# warm-up example. A comparison with a bottleneck is only meaningful on one
# table. Both methods on the exact distribution are Table III and Figure 9 above;
# both on the released estimate are in the second table here, where the
# bottleneck's two-cluster solutions again lie on or below the frontier of the
# same table. The exact distribution is symmetric under $W \to 1 - W$, so there
# its two-cluster solutions split at $W = 1/2$ with $\H = 1$ bit; the estimate is
# not symmetric, and there they reach entropies just below 1 bit, like the
# $\H$ values of the paper's table.

# ## Summary
#
# * On the same 2,000-bin table, the annealed deterministic bottleneck reaches
#   points on or just below the exact frontier, but only where the frontier is
#   concave and only for the cluster counts its annealing visits; the exact
#   corners and frontier are computed directly, in less time.
# * `distill.ib` agrees with `embo` for $\alpha = 0$ and $\alpha = 1$.
# * The paper's Table III compares its method on the released network estimate
#   with the bottleneck on the exact distribution; computed on one distribution,
#   the comparison is the one above.
