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
# # What the clusters look like
#
# A corner of the frontier is a clustering of the images: it puts each image
# into one of $m$ clusters, using nothing but the classifier's output $W$, so as
# to keep as much information about the class as $m$ clusters can. The paper
# shows such clusterings as grids of sample images (its Figure 2
# {cite}`tegmark2019pareto`): three clusters for MNIST, five for Fashion-MNIST
# and five for CIFAR-10. This chapter draws the same grids for our classifiers.
# Each row is a cluster, labelled with the fraction of its images that belong
# to class $Y{=}1$; a frame around each image shows its true class (blue for
# $Y{=}1$, red for $Y{=}2$).

# %% tags=["parameters"]
profile = "full"
data_root = None
seed = 0
mnist_bins = 3
fashion_bins = 5
cifar_bins = 5

# %%
from distill.config import check_profile

check_profile(profile)
for _name, _m in (("mnist_bins", mnist_bins), ("fashion_bins", fashion_bins),
                  ("cifar_bins", cifar_bins)):
    if not (isinstance(_m, int) and 2 <= _m <= 8):
        raise ValueError(f"{_name} must be an integer from 2 to 8; got {_m!r}")
settings = {
    "quick": {"per_cluster": 6},
    "full": {"per_cluster": 10},
    "paper": {"per_cluster": 10},
}[profile]

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from myst_nb import glue

from distill.binning import joint_from_samples
from distill.data import load_pair
from distill.estimate import cluster_table
from distill.frontier import corners
from distill.plots import use_style
from distill.plots._results import plot_cluster_images
from distill.train import classifier_outputs

use_style()

# %% [markdown]
# ## Clusters from corners
#
# For each dataset we build the joint table of fine bins of $W$ and $Y$ on the
# test set (as in the frontiers chapter), find the corner with the requested
# number of clusters, and map every test image to its cluster through its fine
# bin. The images are read again from the data root, in the same order the
# classifier saw them.

# %%
TASKS = {"MNIST": ("mnist", mnist_bins), "Fashion-MNIST": ("fashion-mnist", fashion_bins),
         "CIFAR-10": ("cifar10", cifar_bins)}
clusters = {}
for name, (key, m) in TASKS.items():
    out = classifier_outputs(key, profile=profile, data_root=data_root, seed=seed, progress=False)
    p = out.params
    data = load_pair(p["dataset"], classes=p["classes"], split="test", data_root=data_root,
                     pixel_noise=p["pixel_noise"], label_noise=p["label_noise"], seed=p["seed"],
                     limit=p["settings"]["test_limit"])
    position = {int(v): i for i, v in enumerate(data.index)}
    rows = np.array([position[int(i)] for i in out.index])
    assert np.array_equal(data.y[rows], out.y), "images and outputs disagree on the labels"
    res = corners(joint_from_samples(out.w, out.y), m)
    corner = res.corners[m - 1]
    groups = res.assign(out.w, m)
    joint = cluster_table(groups, out.y == 1, m)
    assert np.allclose(joint, corner.joint)
    clusters[name] = dict(out=out, images=data.images[rows], groups=groups, corner=corner,
                          p_y1=joint[:, 0] / joint.sum(axis=1), class_names=p["class_names"])
    print(f"{name}: {m}-bin corner, I = {corner.I:.4f} bits, H = {corner.H:.4f} bits; "
          f"P({p['class_names'][0]}) per cluster:",
          ", ".join(f"{q:.3f}" for q in clusters[name]["p_y1"]))

# %% [markdown]
# ## The grids

# %%
heights = [len(c["p_y1"]) + 0.6 for c in clusters.values()]
fig = plt.figure(figsize=(settings["per_cluster"] * 0.8 + 1.8, sum(heights) * 0.85))
subfigs = fig.subfigures(len(clusters), 1, height_ratios=heights, hspace=0.02)
for sub, (name, c) in zip(np.atleast_1d(subfigs), clusters.items()):
    plot_cluster_images(c["images"], c["groups"], c["p_y1"], fig=sub,
                        n_per_cluster=settings["per_cluster"], seed=seed,
                        class_name=c["class_names"][0], outline=c["out"].y == 1,
                        title=f"{name}: {len(c['p_y1'])} clusters "
                              f"({c['class_names'][0]} vs {c['class_names'][1]})")
glue("fig_clusters", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} fig_clusters
# :name: fig-clusters
#
# Sample test images from each cluster of a corner: 3 clusters for MNIST
# (ones against sevens, with 30% of the pixels flipped), 5 for Fashion-MNIST
# (pullovers against shirts) and 5 for CIFAR-10 (cats against dogs). Rows are
# ordered by the clusters' share of class $Y{=}1$, printed on the left with
# the number of test images in the cluster; frames give each image's true
# class (blue: $Y{=}1$, red: $Y{=}2$).
# ```

# %% [markdown]
# ## The clusters in numbers

# %%
rows = []
for name, c in clusters.items():
    for g, q in enumerate(c["p_y1"]):
        w = c["out"].w[c["groups"] == g]
        rows.append({"dataset": name, "cluster": g + 1, "images": int(w.size),
                     f"% Y=1": 100 * q, "Y=1 is": c["class_names"][0],
                     "W from": float(w.min()) if w.size else np.nan,
                     "W to": float(w.max()) if w.size else np.nan})
summary = pd.DataFrame(rows)
pd.set_option("display.float_format", lambda v: f"{v:.4g}")
display(summary)
cifar = clusters["CIFAR-10"]
glue("cifar_cluster_low", 100 * float(cifar["p_y1"][0]), display=False)
glue("cifar_cluster_high", 100 * float(cifar["p_y1"][-1]), display=False)
glue("cifar_cluster_m", len(cifar["p_y1"]), display=False)

# %% [markdown]
# ## Check
#
# The clusters are nested in $P(Y{=}1)$: each row's share of class 1 is at
# least the row above's (the corners group fine bins sorted by their posterior),
# and the cluster table rebuilt from the images equals the corner's joint table
# (asserted above).

# %%
monotone = all(np.all(np.diff(c["p_y1"]) >= -1e-12) for c in clusters.values())
print("clusters ordered by P(Y=1):", monotone)
assert monotone

# %% [markdown]
# For CIFAR-10, the {glue:text}`cifar_cluster_m` clusters range from
# {glue:text}`cifar_cluster_low:.1f`% to {glue:text}`cifar_cluster_high:.1f`%
# cats. The end clusters hold the images the network is sure about, the middle
# ones those it is unsure about; the frames in {numref}`fig-clusters` show how
# mixed each cluster is.
#
# ## Summary
#
# - A corner is an information-optimal clustering of the images that uses
#   only the classifier's output; {numref}`fig-clusters` shows samples of each
#   cluster with its share of class 1.
