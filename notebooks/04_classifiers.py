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
# # A classifier for $W = P(Y{=}1 \mid X)$
#
# Everything the paper does with real images starts from one number per
# image: the output $W$ of a classifier trained to tell two classes apart
# {cite}`tegmark2019pareto`. If the classifier were perfect, $W$ would be the
# true posterior $P(Y{=}1 \mid X)$, and then $W$ is a *sufficient statistic*:
# it keeps all the information the image $X$ carries about its class $Y$
# (Theorem II.1 of the paper),
#
# $$
# \I(W;Y) = \I(X;Y).
# $$
#
# A real network only approximates the posterior, so its $W$ keeps at most
# $\I(X;Y)$. This chapter trains one network on one pair of classes, checks
# how good its $W$ is on images it never saw, and caches $W$ for the test set:
# the chapters that compress $W$ read that cache. The book runs it once for
# each of the paper's three tasks: MNIST ones against sevens with 30% of the
# pixels flipped {cite}`lecun1998mnist`, Fashion-MNIST pullovers against
# shirts {cite}`xiao2017fashion`, and CIFAR-10 cats against dogs
# {cite}`krizhevsky2009cifar`.

# %% tags=["parameters"]
dataset = "mnist"  # mnist, fashion-mnist, cifar10 or imagefolder
classes = None  # the pair (class of Y 1, class of Y 2) by index or name; None: the paper pair
pixel_noise = None  # None: 0.3 for MNIST (the paper), none for the others
label_noise = 0.0
profile = "full"
epochs = None  # None: the profile's number of epochs
seed = 0
data_root = None

# %%
from distill.config import check_profile

check_profile(profile)
show = {
    "quick": {"examples": 8, "hist_bins": 20, "bins_checked": (5, 10)},
    "full": {"examples": 16, "hist_bins": 40, "bins_checked": (5, 10, 20, 40)},
    "paper": {"examples": 16, "hist_bins": 40, "bins_checked": (5, 10, 20, 40)},
}[profile]

# %%
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display
from myst_nb import glue

from distill.data import DATASETS, resolve_classes
from distill.models import count_parameters
from distill.plots import use_style
from distill.plots._classifier import plot_examples, plot_learning_curves, plot_w_histogram
from distill.train import classifier_outputs, settings_for

use_style()

# %% [markdown]
# ## The task
#
# Two classes of one image dataset, with equal numbers of images per class (as
# in the paper), so that $\H(Y) = 1$ bit. For MNIST the paper makes the task
# harder on purpose: every pixel is first made black or white and then flipped
# with probability 0.3. Training images and test images come from the
# dataset's own training and test splits; the test images are used only to
# measure the finished network.

# %%
settings = settings_for(dataset, profile, epochs)
if dataset != "imagefolder":
    _, names = resolve_classes(dataset, classes)
    noise = DATASETS[dataset].default_pixel_noise if pixel_noise is None else pixel_noise
    display(Markdown(
        f"**This run:** `{dataset}`, Y = 1 is *{names[0]}*, Y = 2 is *{names[1]}*; "
        f"pixel noise {'none' if noise is None else noise}, label noise {label_noise}; "
        f"profile `{profile}` "
        f"({settings.get('members', 1)} x {settings['model']}, {settings['epochs']} epochs), seed {seed}."
    ))

# %% [markdown]
# ## The network and its training
#
# For MNIST and Fashion-MNIST the network is the paper's: two $5\times 5$
# convolutions with 20 and 50 channels, each followed by $2\times 2$
# max-pooling, a layer of 500 ReLU units and two outputs. For CIFAR-10 the
# paper uses ResNet-18 {cite}`he2016resnet` trained for 350 epochs on a GPU
# (the `paper` profile); the `full` profile, which builds this book on two CPU
# cores, trains a compact residual network of the same family (ResNet-9)
# {cite}`page2018resnet` for 40 epochs (10 to 15 minutes), on training pictures
# that are randomly shifted, mirrored and partly greyed out (cutout) so that
# the network cannot simply memorize them. With pixel noise, the training
# images get a new draw of the noise in every epoch, as a random transform in
# a data loader does; the held-out and test images keep one fixed, seeded draw.
# That noise limits what one network can learn, so for noisy MNIST the `full`
# profile trains three networks from different random starts on the same
# images and averages their logits (a small ensemble; the run line above
# shows the number of networks).
#
# Training minimizes the cross-entropy; the softmax output for $Y{=}1$ is $W$.
# A small part of the training split is held out to fit a single temperature
# $T$ that divides the logits, $W = \sigma(z / T)$ {cite}`guo2017calibration`:
# a monotone map, so it leaves $\I(W;Y)$ unchanged but makes $W$ a better
# probability. The call below trains the network, or, if a cached result for
# exactly these parameters exists and passes its checksums, loads it without
# training. (Its progress bar shows while the notebook runs; the rendered page
# leaves it out.)

# %% tags=["remove-stderr"]
out = classifier_outputs(
    dataset, profile=profile, classes=classes, pixel_noise=pixel_noise,
    label_noise=label_noise, epochs=epochs, seed=seed, data_root=data_root,
)
info = out.params["info"]
print("trained now" if out.trained else "loaded from the cache (no training)")
print(f"network: {info.get('members', 1)} x {settings['model']}, {info['parameters']:,} parameters each; "
      f"{info['n_train']:,} training images, {info['n_holdout']:,} held out, "
      f"{len(out.w):,} test images")
print(f"training time when it was trained: {info['train_seconds'] / 60:.1f} min "
      f"on {info['device']} ({info['threads']} CPU thread(s))")
glue("n_test", len(out.w), display=False)
glue("n_train", info["n_train"], display=False)
glue("train_minutes", info["train_seconds"] / 60, display=False)
glue("temperature", info["temperature"], display=False)

# %% [markdown]
# Some test images with the network's $W$ and their true class:

# %%
test = out.test_set(data_root)
k = show["examples"] // 2
pick = np.concatenate([np.flatnonzero(out.y == 1)[:k], np.flatnonzero(out.y == 2)[:k]])
fig = plot_examples(test.images[pick], out.w[pick], out.y[pick], test.class_names)
plt.show()

# %% [markdown]
# **Learning curves.** Cross-entropy in bits per image (left) and accuracy
# (right) after each epoch: on the augmented training batches as they went by,
# on the held-out training images and on the test set (before the temperature
# and without mirrored test views). A test curve that turns up while the
# training curve keeps falling would mean over-fitting.

# %%
fig = plot_learning_curves(out.history)
plt.show()

# %% [markdown]
# ## Accuracy and cross-entropy on the test set
#
# The test accuracy counts $W > 1/2$ as a vote for $Y{=}1$. The test
# cross-entropy
#
# $$
# \mathrm{CE} = -\frac{1}{n}\sum_{i=1}^{n} \log_2 \hat P(y_i \mid x_i)
# $$
#
# bounds the information the images carry: for any predictor,
# $\mathbb{E}\,\mathrm{CE} \ge \H(Y \mid X)$, so $\H(Y) - \mathrm{CE}$ is a
# lower bound on $\I(X;Y)$ (up to sampling error) — the cross-entropy bound of
# the paper.

# %%
est = out.information()
ce = out.cross_entropy
print(f"test accuracy      {out.accuracy:.4f}")
print(f"test cross-entropy {ce:.4f} bits per image")
print(f"H(Y) - CE          {est.H_Y - ce:.4f} bits")
glue("accuracy", out.accuracy, display=False)
glue("cross_entropy", ce, display=False)
glue("ce_bound", est.H_Y - ce, display=False)

# %% [markdown]
# With {glue:text}`n_test:,` test images, the network is right on
# {glue:text}`accuracy:.1%` of them, and its cross-entropy is
# {glue:text}`cross_entropy:.3f` bits per image, so the images carry at least
# {glue:text}`ce_bound:.3f` bits about their class.
#
# ## How $W$ is distributed in each class
#
# A good classifier pushes $W$ towards 1 for class 1 and towards 0 for class
# 2; the overlap of the two histograms is what no threshold on $W$ can
# separate. The right panel shows the same outputs on the logit scale
# $\ln(W/(1-W))$, which spreads out the outputs piled up near 0 and 1.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
plot_w_histogram(out.w, out.y, test.class_names, ax=axes[0], bins=show["hist_bins"])
plot_w_histogram(out.w, out.y, test.class_names, ax=axes[1], bins=show["hist_bins"],
                 scale="logit")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## How much of $Y$'s information $W$ keeps
#
# $\I(W;Y) = \H(Y) - \H(Y \mid W)$ depends on the joint distribution of $W$ and
# $Y$, which we only know through the test sample. A plug-in estimate on many
# fine bins of $W$ overstates it (by about $(N - 1)/(2 n \ln 2)$ bits for $N$
# bins and $n$ samples). We use cross-fitting instead: split the test set in
# two halves, fit a recalibration $q(w) \approx P(Y{=}1 \mid W{=}w)$ on one
# half, and measure the cross-entropy of $Y$ under $q$ on the *other* half:
#
# $$
# \hat\I(W;Y) = \H(Y) - \mathrm{CE}_\text{held out}(q),
# $$
#
# averaged over both directions of several random splits. Because $q$ never
# sees the half it is scored on, its expected cross-entropy is at least
# $\H(Y \mid W)$: the estimate errs on the low side, by the excess
# cross-entropy of $q$. The recalibration we quote is logistic in the logit of
# $W$, $q = \sigma(a \ln\frac{W}{1-W} + b)$ (two numbers to fit, so the
# fitting costs about $2/(n \ln 2)$ bits); next to it, a recalibration on
# equal-count bins of $W$ (it pays about $N/(n \ln 2)$ bits for fitting $N$
# bin probabilities, even where the bins are pure) and the plug-in on the same
# bins with its first-order bias. The standard error comes from the finite
# test set: it is the largest uncertainty here.

# %%
rows = []
for n_bins in show["bins_checked"]:
    e = out.information(n_bins=n_bins)
    rows.append({"bins": n_bins, "binned, cross-fitted": e.binned, "plug-in": e.plugin,
                 "plug-in bias": e.plugin_bias})
table = pd.DataFrame(rows).set_index("bins")
display(table.round(4))
print(f"I(W;Y) ~ {est.bits:.4f} bits (cross-fitted logistic recalibration), "
      f"standard error {est.stderr:.4f}, spread over splits {est.spread:.4f}")
glue("I_WY", est.bits, display=False)
glue("I_WY_stderr", est.stderr, display=False)
glue("I_WY_binned", est.binned, display=False)
glue("I_WY_bins", est.n_bins, display=False)

# %% [markdown]
# The cross-fitted estimate is $\hat\I(W;Y) \approx$ {glue:text}`I_WY:.3f`
# bits (standard error {glue:text}`I_WY_stderr:.3f` bits) of the
# $\H(Y) = 1$ bit there is to know; with {glue:text}`I_WY_bins` bins instead of
# the logistic map it is {glue:text}`I_WY_binned:.3f` bits, lower as expected.
#
# ## Where the outputs live
#
# The test-set outputs are cached in the folder below, keyed by a hash of every
# parameter that affects them (dataset, classes, noise, profile and its
# training settings, epochs, seed, code version). A manifest with SHA-256 sums
# is written last: an entry that is incomplete or damaged is retrained, never
# read. The chapters that compress $W$ call the same function with the same
# parameters and get this entry.

# %%
print(out.path)
for f in sorted(out.path.iterdir()):
    print(f"  {f.name:14s} {f.stat().st_size:>12,d} bytes")
shown = {k: out.params[k] for k in ("dataset", "class_names", "pixel_noise", "label_noise",
                                    "profile", "epochs", "seed", "code_version", "key")}
print(json.dumps(shown, indent=1))
glue("cache_path", str(out.path), display=False)

# %% [markdown]
# ## Summary
#
# The network's output $W$ on {glue:text}`n_test:,` test images reaches an
# accuracy of {glue:text}`accuracy:.1%`, a cross-entropy of
# {glue:text}`cross_entropy:.3f` bits and keeps about {glue:text}`I_WY:.3f`
# bits of information about the class (standard error
# {glue:text}`I_WY_stderr:.3f` bits). The next chapters take these $W$ as
# given and ask how far they can be compressed.
