"""Tests of distill.models and distill.train: shapes, the I(W;Y) estimator,
training, the output cache and its corruption checks."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from conftest import DATA, needs_data
from scipy import integrate, stats

from distill.data import read_entry, write_entry
from distill.models import LeNet, ResNet9, build_model, count_parameters, resnet18
from distill.train import (
    _lr_factor,
    accuracy,
    classifier_outputs,
    cross_entropy_bits,
    information_estimate,
    settings_for,
)


# ------------------------------------------------------------------- models


def test_lenet_has_the_papers_layers_and_two_outputs():
    model = LeNet()
    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    assert [(c.out_channels, c.kernel_size, c.stride) for c in convs] == [
        (20, (5, 5), (1, 1)), (50, (5, 5), (1, 1))]
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(800, 500), (500, 2)]
    assert model(torch.rand(5, 1, 28, 28)).shape == (5, 2)


@pytest.mark.parametrize("make", [lambda: ResNet9(width=8), lambda: resnet18()])
def test_residual_networks_map_cifar_images_to_two_logits(make):
    model = make().eval()
    assert model(torch.rand(3, 3, 32, 32)).shape == (3, 2)


def test_resnet18_has_eleven_million_parameters():
    assert 11.1e6 < count_parameters(resnet18()) < 11.3e6


def test_build_model_rejects_unknown_names():
    with pytest.raises(ValueError, match=r"unknown model 'vgg'; choose one of lenet, resnet9"):
        build_model("vgg", 3, 32)


def test_paper_schedule_is_piecewise_constant():
    total = 350
    assert [_lr_factor("paper", e, total) for e in (0, 149, 150, 249, 250, 349)] == [
        1.0, 1.0, 0.1, 0.1, 0.01, 0.01]
    assert _lr_factor("onecycle", 0, 100) == 0.0 and _lr_factor("onecycle", 25, 100) == 1.0


# --------------------------------------------------------------- measures


def test_accuracy_and_cross_entropy_known_values():
    w, y = [0.9, 0.2, 0.5, 0.75], [1, 2, 2, 2]
    assert accuracy(w, y) == 0.75  # W = 1/2 counts as a vote for Y = 2
    expected = -np.mean(np.log2([0.9, 0.8, 0.5, 0.25]))
    assert cross_entropy_bits(w, y) == pytest.approx(expected)


def test_measures_reject_bad_input():
    with pytest.raises(ValueError, match=r"y must hold labels 1 and 2; got \[0, 1\]"):
        accuracy([0.2, 0.3], [0, 1])
    with pytest.raises(ValueError, match=r"w must hold probabilities P\(Y=1\|X\) in \[0, 1\]"):
        cross_entropy_bits([1.2, 0.3], [1, 2])
    with pytest.raises(ValueError, match=r"same length; got shapes \(2,\) and \(3,\)"):
        information_estimate([0.1, 0.2], [1, 2, 1])
    with pytest.raises(ValueError, match=r"at least 4 samples per bin; got n=8 for n_bins=10"):
        information_estimate(np.linspace(0, 1, 8), np.repeat([1, 2], 4), n_bins=10)


def _gaussian_task(n: int, mu: float, seed: int):
    """Y uniform on {1, 2}, X ~ N(+mu, 1) or N(-mu, 1); W = P(Y=1|X) exactly."""
    rng = np.random.default_rng(seed)
    y = rng.integers(1, 3, n)
    x = rng.normal(np.where(y == 1, mu, -mu), 1.0)
    w = 1 / (1 + np.exp(-2 * mu * x))
    h = lambda p: -(p * np.log2(p) + (1 - p) * np.log2(1 - p)) if 0 < p < 1 else 0.0
    mixture = lambda t: 0.5 * (stats.norm.pdf(t, mu) + stats.norm.pdf(t, -mu))
    H_YgX, _ = integrate.quad(lambda t: mixture(t) * h(1 / (1 + np.exp(-2 * mu * t))), -12, 12)
    return w, y, 1.0 - H_YgX


def _oracle(w, y):
    """H(Y) - CE of the true posterior on this very sample, in bits."""
    is1 = np.asarray(y) == 1
    p1 = is1.mean()
    H_Y = -(p1 * np.log2(p1) + (1 - p1) * np.log2(1 - p1))
    return H_Y + np.mean(np.log2(np.where(is1, w, 1 - w)))


@pytest.mark.parametrize("n, seed", [(2000, 0), (2000, 3), (20000, 1)])
def test_information_estimate_is_conservative_and_close(n, seed):
    w, y, truth = _gaussian_task(n, 1.0, seed=seed)
    oracle = _oracle(w, y)  # what a perfect recalibration would score here
    est = information_estimate(w, y, n_bins=20)
    assert est.method == "logistic" and est.bits == est.logistic
    # P(Y=1|W) is exactly logistic in logit(W): fitting two numbers costs little
    assert oracle - 0.006 < est.logistic < oracle + 0.001
    # binning loses more; the plug-in overshoots by about its bias
    assert oracle - 0.03 < est.binned < est.logistic
    assert abs(est.plugin - oracle) < 2 * est.plugin_bias + 0.003
    # the sample itself differs from the population value by about stderr
    assert abs(oracle - truth) < 4 * est.stderr


def test_information_estimate_small_sample_bias_direction():
    """With 2,000 samples the held-out binned estimate stays below the truth
    on average, while the plug-in on many bins overshoots."""
    truths, held_out, plugins = [], [], []
    for seed in range(8):
        w, y, truth = _gaussian_task(2000, 0.8, seed=seed)
        truths.append(truth)
        held_out.append(information_estimate(w, y, n_bins=10).binned)
        plugins.append(information_estimate(w, y, n_bins=100, repeats=1).plugin)
    assert np.mean(held_out) < np.mean(truths)
    assert np.mean(plugins) > np.mean(truths)


def test_logistic_estimate_ignores_the_scale_of_the_logit():
    """A temperature (W -> sigmoid(logit(W) / T)) changes no estimate."""
    w, y, _ = _gaussian_task(3000, 1.0, seed=2)
    hot = 1 / (1 + np.exp(-np.log(w / (1 - w)) / 3.0))
    a, b = information_estimate(w, y), information_estimate(hot, y)
    assert a.logistic == pytest.approx(b.logistic, abs=1e-6)
    assert a.binned == pytest.approx(b.binned) and a.plugin == pytest.approx(b.plugin)


def test_binned_estimates_use_only_the_order_of_w():
    w, y, _ = _gaussian_task(3000, 1.0, seed=2)
    a, b = information_estimate(w, y), information_estimate(np.sqrt(w), y)
    assert a.binned == pytest.approx(b.binned) and a.plugin == pytest.approx(b.plugin)


def test_information_estimate_rejects_bad_method():
    with pytest.raises(ValueError, match=r"method must be 'logistic' or 'bins'; got 'isotonic'"):
        information_estimate([0.2, 0.8] * 50, [1, 2] * 50, method="isotonic")


def test_information_estimate_of_noise_is_near_zero():
    rng = np.random.default_rng(3)
    est = information_estimate(rng.random(4000), rng.integers(1, 3, 4000))
    assert -0.02 < est.bits < 0.005 and -0.02 < est.binned < 0.005


# ------------------------------------------------------------ cache entries


def test_cache_entry_round_trip_and_corruption(tmp_path):
    entry = tmp_path / "entry"
    write_entry(entry, {"a.bin": b"abc", "b.json": b"{}"}, {"x": 1})
    files, meta = read_entry(entry)
    assert files == {"a.bin": b"abc", "b.json": b"{}"} and meta == {"x": 1}
    (entry / "a.bin").write_bytes(b"abd")
    assert read_entry(entry) is None  # checksum mismatch
    write_entry(entry, {"a.bin": b"abc"}, {"x": 1})
    (entry / "manifest.json").unlink()
    assert read_entry(entry) is None  # no completeness marker
    write_entry(entry, {"a.bin": b"abc"}, {"x": 1})
    assert read_entry(entry, ("a.bin", "c.npz")) is None  # a required file is absent


def test_settings_reject_bad_epochs():
    with pytest.raises(ValueError, match=r"epochs must be None or a positive integer; got 0"):
        settings_for("mnist", "quick", epochs=0)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(dataset="svhn"), ValueError, r"unknown dataset 'svhn'"),
        (dict(profile="fast"), ValueError, r"unknown profile 'fast'; choose one of quick, full"),
        (dict(classes=[1, 1]), ValueError, r"classes must name two different classes"),
        (dict(label_noise=2), ValueError, r"label_noise must be a probability in \[0, 1\]; got 2"),
        (dict(epochs=-1), ValueError, r"epochs must be None or a positive integer; got -1"),
        (dict(data_root="/no/such/root"), FileNotFoundError, r"data root '/no/such/root' does not"),
    ],
)
def test_classifier_outputs_bad_input(tmp_path, kwargs, error, message):
    kwargs = {"profile": "quick", "cache_dir": tmp_path, **kwargs}
    with pytest.raises(error, match=message):
        classifier_outputs(progress=False, **kwargs)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One quick Fashion-MNIST classifier (one epoch on 1,080 images)."""
    if DATA is None:
        pytest.skip("image data not found: set DISTILL_DATA or put the data root at ../shared/data")
    cache = tmp_path_factory.mktemp("cache")
    out = classifier_outputs("fashion-mnist", profile="quick", data_root=DATA, cache_dir=cache,
                             progress=False)
    return out, cache


def test_training_writes_a_complete_entry(trained):
    out, _ = trained
    assert out.trained
    assert out.w.dtype == np.float64 and out.w.shape == out.y.shape == out.index.shape
    assert np.all((out.w >= 0) & (out.w <= 1)) and set(np.unique(out.y)) == {1, 2}
    assert len(out.history) == 1 and {"train_loss", "train_accuracy", "test_accuracy"} <= set(
        out.history[0])
    manifest = json.loads((out.path / "manifest.json").read_text())
    assert set(manifest["files"]) == {"outputs.npz", "history.json", "model.pt"}
    assert manifest["meta"]["class_names"] == ["Pullover", "Shirt"]


def test_second_call_reads_the_cache_without_training(trained):
    out, cache = trained
    again = classifier_outputs("fashion-mnist", profile="quick", data_root=DATA, cache_dir=cache,
                               progress=False)
    assert not again.trained and again.path == out.path
    np.testing.assert_array_equal(again.w, out.w)
    np.testing.assert_array_equal(again.index, out.index)


def test_outputs_line_up_with_the_test_images(trained):
    out, _ = trained
    test = out.test_set(DATA)
    np.testing.assert_array_equal(test.y, out.y)
    np.testing.assert_array_equal(test.index, out.index)


def test_a_changed_parameter_gets_its_own_entry(trained, tmp_path):
    out, cache = trained
    from distill.train import _cache_key, _resolve_params

    params, _ = _resolve_params("fashion-mnist", "quick", None, None, 0.0, None, 0, DATA)
    assert _cache_key(params) in out.path.name
    for change in (dict(seed=1), dict(label_noise=0.1), dict(epochs=2), dict(classes=[0, 6])):
        args = dict(dataset="fashion-mnist", profile="quick", classes=None, pixel_noise=None,
                    label_noise=0.0, epochs=None, seed=0, data_root=DATA)
        args.update(change)
        other, _ = _resolve_params(*args.values())
        assert _cache_key(other) != _cache_key(params), change


def test_corrupted_entry_is_rebuilt_identically(trained):
    """A damaged outputs file is detected, never read; retraining with the
    same seed on the CPU reproduces the outputs bit for bit."""
    out, cache = trained
    npz = out.path / "outputs.npz"
    npz.write_bytes(npz.read_bytes()[:-100])
    rebuilt = classifier_outputs("fashion-mnist", profile="quick", data_root=DATA,
                                 cache_dir=cache, progress=False)
    assert rebuilt.trained
    np.testing.assert_array_equal(rebuilt.w, out.w)


def test_partial_or_foreign_entry_is_not_read(trained):
    from distill.train import _read_outputs

    out, _ = trained
    params = {k: out.params[k] for k in ("dataset", "profile", "seed", "settings", "code_version")}
    assert _read_outputs(out.path, params) is not None
    assert _read_outputs(out.path, dict(params, code_version="0")) is None  # older code
    manifest = out.path / "manifest.json"
    saved = manifest.read_bytes()
    manifest.unlink()  # as if training stopped before the completeness marker
    assert _read_outputs(out.path, params) is None
    manifest.write_bytes(saved)


# ------------------------------------------------------------ augmentation


def test_cutout_greys_one_square_per_image():
    from distill.train import _augment

    x = torch.zeros(64, 3, 32, 32)
    out = _augment(x, ["cutout8"], torch.Generator().manual_seed(0))
    grey = (out == 0.5).all(dim=1).sum(dim=(1, 2))  # pixels greyed in all channels
    assert torch.all((grey >= 16) & (grey <= 64))  # 4 x 4 at a corner ... 8 x 8 inside
    assert torch.all((out == 0) | (out == 0.5))


def test_fresh_pixel_noise_flips_the_requested_fraction():
    from distill.train import _flip_pixels

    x = torch.zeros(50, 1, 28, 28)
    flipped = _flip_pixels(x, 0.3, torch.Generator().manual_seed(1))
    assert abs(float(flipped.mean()) - 0.3) < 0.01  # 39,200 pixels


@needs_data
def test_fresh_noise_needs_the_clean_images():
    from distill.data import load_pair
    from distill.train import train_classifier

    train = load_pair("mnist", split="train", data_root=DATA, limit=20)
    settings = settings_for("mnist", "quick")
    with pytest.raises(ValueError, match=r"fresh_noise needs train_clean: the training split"):
        train_classifier(train, train, settings, progress=False)


@needs_data
def test_ensemble_averages_members_and_its_first_member_is_the_single_network():
    from distill.data import load_pair
    from distill.train import train_classifier

    train = load_pair("fashion-mnist", split="train", data_root=DATA, limit=300)
    test = load_pair("fashion-mnist", split="test", data_root=DATA, limit=100)
    settings = dict(settings_for("fashion-mnist", "quick"), holdout=0.0)
    _, single, hist1, _ = train_classifier(train, test, settings, seed=3, progress=False)
    model, both, hist2, info = train_classifier(train, test, dict(settings, members=2), seed=3,
                                                progress=False)
    assert info["members"] == 2 and len(model) == 2
    assert [row["member"] for row in hist2] == [1] * len(hist1) + [2] * len(hist1)
    # member 1 is the single network, trained the same way
    assert hist2[0]["train_loss"] == hist1[0]["train_loss"]
    z1 = single
    z2 = 2 * both - z1               # no held-out images: temperature 1
    with torch.no_grad():
        logits = model[1].eval()(torch.from_numpy(np.array(test.images, dtype=np.float32)))
        own = (logits[:, 0] - logits[:, 1]).double().numpy()
    assert np.allclose(z2, own, atol=1e-4)
    assert not np.allclose(z1, own, atol=1e-3)  # a different network
