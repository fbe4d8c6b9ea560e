"""Tests of distill.data: binary image tasks, noise, data roots, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import DATA, needs_data

from distill.data import DATASETS, load_pair, parse_classes, resolve_classes


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test writes its caches into its own temporary folder."""
    monkeypatch.setenv("DISTILL_CACHE", str(tmp_path / "cache"))


# -------------------------------------------------------------------- input


def test_unknown_dataset_is_named():
    with pytest.raises(ValueError, match=r"unknown dataset 'svhn'; choose one of mnist, fashion-mnist"):
        load_pair("svhn")


@pytest.mark.parametrize(
    "classes, message",
    [
        ([1, 12], r"classes: index 12 is out of range for mnist \(0 to 9\)"),
        ([-1, 7], r"classes: index -1 is out of range for mnist"),
        ([7, 7], r"classes must name two different classes; got \[7, 7\]"),
        (["one", "seven", "two"], r"classes must be a pair \(Y=1, Y=2\)"),
        (["one", "kitten"], r"classes: unknown class 'kitten' for mnist"),
    ],
)
def test_bad_classes_fail_with_one_line(classes, message):
    with pytest.raises(ValueError, match=message):
        load_pair("mnist", classes=classes, data_root="/nonexistent-is-never-reached")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(pixel_noise=1.5), r"pixel_noise must be None or a probability in \[0, 1\]; got 1.5"),
        (dict(pixel_noise="lots"), r"pixel_noise must be None or a probability in \[0, 1\]; got 'lots'"),
        (dict(label_noise=-0.1), r"label_noise must be a probability in \[0, 1\]; got -0.1"),
        (dict(label_noise=None), r"label_noise must be a probability in \[0, 1\]; got None"),
        (dict(split="val"), r"split must be 'train' or 'test'; got 'val'"),
        (dict(seed=-3), r"seed must be a non-negative integer; got -3"),
        (dict(limit=1), r"limit must be None or an integer >= 2"),
    ],
)
def test_bad_parameters_fail_with_one_line(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_pair("mnist", data_root="/nonexistent-is-never-reached", **kwargs)


def test_missing_data_root_is_named(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(FileNotFoundError, match=r"data root '.*no-such-folder' does not exist"):
        load_pair("mnist", data_root=missing)


@pytest.mark.parametrize(
    "dataset, expected",
    [
        ("mnist", r"incomplete: expected MNIST/raw/ with the uncompressed IDX files"),
        ("fashion-mnist", r"incomplete: expected FashionMNIST/raw/ with the uncompressed IDX"),
        ("cifar10", r"incomplete: expected cifar10-jpg/\{train,test\}/<class>/\*.jpg"),
    ],
)
def test_incomplete_data_root_says_what_is_missing(tmp_path, dataset, expected):
    with pytest.raises(FileNotFoundError, match=expected) as info:
        load_pair(dataset, data_root=tmp_path)
    assert str(tmp_path) in str(info.value)
    assert "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []  # nothing written into the data root


def test_incomplete_mnist_lists_the_missing_files(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / "train-images-idx3-ubyte").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"missing: train-labels-idx1-ubyte, t10k-images"):
        load_pair("mnist", data_root=tmp_path)


def test_failed_download_says_no_network(monkeypatch):
    import urllib.error

    from torchvision import datasets

    def offline(self):
        raise urllib.error.URLError("offline")

    monkeypatch.delenv("DISTILL_DATA", raising=False)
    monkeypatch.setattr(datasets.MNIST, "download", offline)
    with pytest.raises(ConnectionError, match=r"could not download MNIST into .*no network reachable"):
        load_pair("mnist", limit=4)


def test_imagefolder_needs_a_data_root(monkeypatch):
    monkeypatch.delenv("DISTILL_DATA", raising=False)
    with pytest.raises(ValueError, match=r"dataset 'imagefolder' needs data_root"):
        load_pair("imagefolder")


def test_parse_classes_reads_command_line_strings():
    assert parse_classes("[0, 6]") == [0, 6]
    assert parse_classes("(3, 5)") == [3, 5]
    assert parse_classes("cat, dog") == ["cat", "dog"]
    assert parse_classes("1,7") == [1, 7]
    assert parse_classes(None) is None and parse_classes("None") is None


def test_classes_by_name_index_and_plural_agree():
    assert resolve_classes("fashion-mnist", [0, 6]) == ((0, 6), ("T-shirt/top", "Shirt"))
    assert resolve_classes("fashion-mnist", ["T-shirt/top", "shirt"])[0] == (0, 6)
    assert resolve_classes("cifar10", "cats,dogs") == ((3, 5), ("cat", "dog"))
    assert resolve_classes("mnist", ["7", "one"]) == ((7, 1), ("seven", "one"))


def test_defaults_are_the_papers_pairs():
    assert resolve_classes("mnist")[1] == ("one", "seven")
    assert resolve_classes("fashion-mnist")[1] == ("Pullover", "Shirt")
    assert resolve_classes("cifar10")[1] == ("cat", "dog")
    assert DATASETS["mnist"].default_pixel_noise == 0.3


# ----------------------------------------------------------------- real data


@needs_data
def test_mnist_pair_is_balanced_binary_and_read_only():
    ds = load_pair("mnist", data_root=DATA, limit=40)
    assert ds.images.shape == (40, 1, 28, 28) and ds.images.dtype == np.float32
    assert ds.counts == (20, 20)
    assert ds.class_names == ("one", "seven")
    assert set(np.unique(ds.images)) <= {0.0, 1.0}  # binarized, then flipped
    assert np.all(np.diff(ds.index) > 0)
    assert not ds.images.flags.writeable and not ds.y.flags.writeable


@needs_data
def test_mnist_full_test_split_has_equal_counts():
    ds = load_pair("mnist", data_root=DATA)
    # 1,135 ones and 1,028 sevens in the test split: the first 1,028 of each
    assert ds.counts == (1028, 1028)


@needs_data
def test_mnist_labels_match_torchvision():
    from torchvision import datasets

    ds = load_pair("mnist", data_root=DATA, limit=30, pixel_noise=0.0)
    source = datasets.MNIST(str(DATA), train=False, download=False)
    labels = source.targets.numpy()[ds.index]
    np.testing.assert_array_equal(np.where(labels == 1, 1, np.where(labels == 7, 2, 0)), ds.y)
    np.testing.assert_array_equal(source.data.numpy()[ds.index] >= 128, ds.images[:, 0] == 1)


@needs_data
def test_pixel_noise_flips_the_requested_fraction():
    clean = load_pair("mnist", data_root=DATA, limit=60, pixel_noise=0.0)
    noisy = load_pair("mnist", data_root=DATA, limit=60, pixel_noise=0.3)
    flipped = np.mean(clean.images != noisy.images)
    assert abs(flipped - 0.3) < 0.01  # 47,040 pixels: standard error 0.002


@needs_data
def test_noise_is_reproducible_and_depends_on_seed_only():
    a = load_pair("mnist", data_root=DATA, limit=20, label_noise=0.2, seed=5)
    b = load_pair("mnist", data_root=DATA, limit=20, label_noise=0.2, seed=5)
    c = load_pair("mnist", data_root=DATA, limit=20, label_noise=0.2, seed=6)
    np.testing.assert_array_equal(a.images, b.images)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.images, c.images)


@needs_data
def test_an_image_gets_the_same_noise_in_any_subset():
    small = load_pair("mnist", data_root=DATA, limit=10, seed=1)
    large = load_pair("mnist", data_root=DATA, limit=50, seed=1)
    common, i_small, i_large = np.intersect1d(small.index, large.index, return_indices=True)
    assert len(common) == 10
    np.testing.assert_array_equal(small.images[i_small], large.images[i_large])


@needs_data
def test_label_noise_swaps_labels_at_the_requested_rate():
    ds = load_pair("fashion-mnist", data_root=DATA, limit=2000, label_noise=0.25)
    rate = np.mean(ds.y != ds.y_clean)
    assert abs(rate - 0.25) < 0.04  # 2,000 labels: standard error 0.01
    assert set(np.unique(ds.y)) == {1, 2}
    quiet = load_pair("fashion-mnist", data_root=DATA, limit=20)
    np.testing.assert_array_equal(quiet.y, quiet.y_clean)


@needs_data
def test_fashion_tshirts_against_shirts_by_name_or_index():
    by_index = load_pair("fashion-mnist", classes="[0, 6]", data_root=DATA, limit=20)
    by_name = load_pair("fashion-mnist", classes=["T-shirt/top", "Shirt"], data_root=DATA, limit=20)
    assert by_index.class_names == ("T-shirt/top", "Shirt")
    np.testing.assert_array_equal(by_index.index, by_name.index)
    assert by_index.pixel_noise is None and by_index.images.max() <= 1.0


@needs_data
def test_cifar_jpeg_tree_matches_imagefolder_order():
    from PIL import Image
    from torchvision import datasets

    ds = load_pair("cifar10", data_root=DATA, limit=8)
    assert ds.images.shape == (8, 3, 32, 32) and ds.class_names == ("cat", "dog")
    tree = datasets.ImageFolder(str(DATA / "cifar10-jpg" / "test"))
    for k, i in enumerate(ds.index):
        path, label = tree.samples[i]
        assert label == (3 if ds.y[k] == 1 else 5)
        pixels = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255
        np.testing.assert_array_equal(pixels.transpose(2, 0, 1), ds.images[k])


# ----------------------------------------------------------- image folders


def _make_tree(root: Path, n: int = 10) -> None:
    from PIL import Image

    for name, colour in (("apples", (200, 20, 20)), ("pears", (20, 200, 20))):
        folder = root / name
        folder.mkdir(parents=True)
        for i in range(n):
            Image.new("RGB", (40, 36), colour).save(folder / f"{i:03d}.png")


def test_imagefolder_splits_every_fifth_file_into_test(tmp_path):
    root = tmp_path / "fruit"
    _make_tree(root)
    before = sorted(p for p in root.rglob("*"))
    test = load_pair("imagefolder", data_root=root)
    train = load_pair("imagefolder", data_root=root, split="train")
    assert test.class_names == ("apples", "pears")
    assert test.counts == (2, 2) and train.counts == (8, 8)
    assert test.images.shape == (4, 3, 32, 32)
    red = test.images[:, 0].mean(axis=(1, 2)) > test.images[:, 1].mean(axis=(1, 2))
    np.testing.assert_array_equal(red, test.y == 1)
    assert sorted(p for p in root.rglob("*")) == before  # nothing written into the data root
    swapped = load_pair("imagefolder", data_root=root, classes=["pears", "apples"])
    assert swapped.class_names == ("pears", "apples")
    np.testing.assert_array_equal(swapped.y, 3 - test.y)


def test_imagefolder_with_three_folders_asks_for_classes(tmp_path):
    root = tmp_path / "fruit"
    _make_tree(root)
    (root / "plums").mkdir()
    with pytest.raises(FileNotFoundError, match=r"must hold exactly two class subfolders"):
        load_pair("imagefolder", data_root=root)


def test_decoded_image_cache_survives_corruption(tmp_path):
    root = tmp_path / "fruit"
    _make_tree(root)
    first = load_pair("imagefolder", data_root=root, split="train")
    entries = list((tmp_path / "cache" / "images").glob("*/images.npz"))
    assert entries, "a whole class folder is cached as decoded arrays"
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:50])  # truncate: checksum no longer matches
    again = load_pair("imagefolder", data_root=root, split="train")
    np.testing.assert_array_equal(first.images, again.images)
