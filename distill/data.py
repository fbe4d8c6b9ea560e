"""Image datasets as binary classification tasks: Y = 1 or Y = 2.

The paper's three real-data tasks are pairs of classes from standard image
datasets (Tegmark & Wu 2019, Sec. IV):

* MNIST ones (Y = 1) against sevens (Y = 2), each pixel binarized and then
  flipped with probability 0.3, so that the task is not trivially easy;
* Fashion-MNIST pullovers (Y = 1) against shirts (Y = 2);
* CIFAR-10 cats (Y = 1) against dogs (Y = 2).

:func:`load_pair` returns one split of such a task as a frozen
:class:`BinaryDataset`, with equal numbers of images per class. Any other pair
of classes, any pixel and label noise, and a user's own folder of images
(``"imagefolder"``) work the same way.

Where the images come from
--------------------------
A *data root* (the ``data_root`` argument, else ``$DISTILL_DATA``) holds the
datasets in torchvision's layout: ``MNIST/raw/`` and ``FashionMNIST/raw/``
with the four IDX files each, and CIFAR-10 either as the JPEG tree
``cifar10-jpg/{train,test}/<class>/*.jpg`` or as torchvision's
``cifar-10-batches-py/``. Without a data root, torchvision downloads the
datasets into the cache folder (:func:`distill.config.cache_dir`), which needs
internet. Nothing is ever written into a data root. Decoded JPEG trees are
cached (as checked ``uint8`` arrays) in the cache folder, keyed by the files'
names, sizes and modification times.

Noise
-----
Pixel noise with probability ``p`` binarizes every pixel value (every channel
value of a colour image) at half intensity and then flips it with probability
``p``; ``pixel_noise=None`` leaves the images as they are, ``0.0`` only
binarizes. Label noise with probability ``q`` swaps Y = 1 and Y = 2. Both are
drawn from NumPy generators seeded by ``(seed, split, source index)``, so a
rerun gives identical data and an image gets the same noise whichever subset
(``limit``) it is loaded in.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from distill.config import cache_dir, resolve_data_root

__all__ = [
    "BinaryDataset",
    "DatasetInfo",
    "DATASETS",
    "SPLITS",
    "load_pair",
    "resolve_classes",
    "parse_classes",
    "check_probability",
]

SPLITS = ("train", "test")

_IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)

_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp")

_TEST_EVERY = 5
"""A single-folder image tree (no ``train/`` and ``test/``) puts every fifth
file of each class (sorted by name) in the test split: 20 per cent."""

_IMAGE_CACHE_VERSION = 1


@dataclass(frozen=True)
class DatasetInfo:
    """What :func:`load_pair` knows about a dataset.

    Attributes
    ----------
    name : str
        The name :func:`load_pair` takes.
    class_names : tuple of str or None
        Names of the source classes, in label order (``None`` for
        ``"imagefolder"``: the subfolders' names, sorted).
    default_classes : tuple of int or None
        The paper's pair (Y = 1 first).
    default_pixel_noise : float or None
        Pixel-flip probability used when ``pixel_noise`` is not given.
    channels, size : int
        Image channels and side length in pixels.
    aliases : tuple of (str, int)
        Extra accepted class names (e.g. ``"7"`` for MNIST's sevens).
    """

    name: str
    class_names: tuple[str, ...] | None
    default_classes: tuple[int, int] | None
    default_pixel_noise: float | None
    channels: int
    size: int
    aliases: tuple[tuple[str, int], ...] = ()


DATASETS: dict[str, DatasetInfo] = {
    "mnist": DatasetInfo(
        "mnist", _DIGITS, (1, 7), 0.3, 1, 28,
        aliases=tuple((str(i), i) for i in range(10)),
    ),
    "fashion-mnist": DatasetInfo(
        "fashion-mnist",
        ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
        (2, 6), None, 1, 28,
        aliases=(("t-shirt", 0), ("tshirt", 0), ("top", 0), ("ankle-boot", 9)),
    ),
    "cifar10": DatasetInfo(
        "cifar10",
        ("airplane", "automobile", "bird", "cat", "deer",
         "dog", "frog", "horse", "ship", "truck"),
        (3, 5), None, 3, 32,
        aliases=(("plane", 0), ("car", 1)),
    ),
    "imagefolder": DatasetInfo("imagefolder", None, (0, 1), None, 3, 32),
}
"""The datasets :func:`load_pair` reads, by name."""


@dataclass(frozen=True)
class BinaryDataset:
    """One split of a two-class image task (read-only arrays).

    Attributes
    ----------
    images : ndarray of float32, shape (N, C, H, W)
        Pixel values in [0, 1] (after pixel noise, if any).
    y : ndarray of int64, shape (N,)
        Labels in {1, 2} (after label noise, if any).
    class_names : tuple of str
        ``(name of Y = 1, name of Y = 2)``.
    index : ndarray of int64, shape (N,)
        Position of each image in the source split (torchvision's dataset
        order, or the sorted file order of an image tree). Increasing.
    y_clean : ndarray of int64, shape (N,)
        Labels before label noise.
    dataset, split : str
        Where the images come from.
    classes : tuple of int
        Source labels of Y = 1 and Y = 2.
    pixel_noise : float or None
        Pixel-flip probability applied (``None``: none, no binarization).
    label_noise : float
        Label-swap probability applied.
    seed : int
        Seed of the noise.
    source : str
        The folder (or download cache) the images were read from.
    """

    images: np.ndarray
    y: np.ndarray
    class_names: tuple[str, str]
    index: np.ndarray
    y_clean: np.ndarray
    dataset: str
    split: str
    classes: tuple[int, int]
    pixel_noise: float | None
    label_noise: float
    seed: int
    source: str = field(default="", compare=False)

    def __len__(self) -> int:
        return len(self.y)

    @property
    def counts(self) -> tuple[int, int]:
        """Number of images with Y = 1 and with Y = 2."""
        return int(np.sum(self.y == 1)), int(np.sum(self.y == 2))


# --------------------------------------------------------------------------
# validation


def _check_dataset(dataset: str) -> DatasetInfo:
    if not isinstance(dataset, str) or dataset.lower() not in DATASETS:
        raise ValueError(
            f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}"
        )
    return DATASETS[dataset.lower()]


def check_probability(value, name: str, allow_none: bool = False):
    """Return ``value`` as a float in [0, 1] (or ``None`` if allowed), else raise.

    >>> check_probability(0.3, "pixel_noise")
    0.3
    """
    if value is None and allow_none:
        return None
    what = "None or a probability" if allow_none else "a probability"
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {what} in [0, 1]; got {value!r}") from None
    if isinstance(value, bool) or not (0.0 <= p <= 1.0):
        raise ValueError(f"{name} must be {what} in [0, 1]; got {value!r}")
    return p


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    return int(seed)


def _check_split(split: str) -> str:
    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'test'; got {split!r}")
    return split


def _check_limit(limit):
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)) or limit < 2:
        raise ValueError(
            f"limit must be None or an integer >= 2 (images in total, half per class); got {limit!r}"
        )
    return int(limit)


def parse_classes(classes):
    """Turn a ``classes`` parameter into ``None`` or a list.

    Notebook parameters arrive as strings from the command line, so
    ``"[0, 6]"``, ``"0,6"`` and ``"cat, dog"`` are read as lists.

    >>> parse_classes("[0, 6]")
    [0, 6]
    >>> parse_classes("cat,dog")
    ['cat', 'dog']
    """
    if classes is None:
        return None
    if isinstance(classes, str):
        text = classes.strip()
        if text in ("", "None", "null"):
            return None
        if text[0] in "[(":
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                raise ValueError(
                    f"classes must be a pair such as [1, 7] or ['cat', 'dog']; got {classes!r}"
                ) from None
            return list(value) if isinstance(value, (list, tuple)) else [value]
        parts = [part.strip() for part in text.split(",")]
        return [int(part) if part.lstrip("-").isdigit() else part for part in parts]
    if isinstance(classes, (list, tuple, np.ndarray)):
        return list(classes)
    raise ValueError(
        f"classes must be a pair such as [1, 7] or ['cat', 'dog']; got {classes!r}"
    )


def resolve_classes(dataset: str, classes=None, names: tuple[str, ...] | None = None):
    """Source labels and names of the pair ``classes`` (Y = 1 first).

    Parameters
    ----------
    dataset : str
        A name in :data:`DATASETS`.
    classes : pair of int or str, or None
        Class indices or names; ``None`` gives the paper's pair.
    names : tuple of str, optional
        The class names (needed for ``"imagefolder"``, whose names are its
        subfolders).

    Returns
    -------
    labels : tuple of int
    class_names : tuple of str

    >>> resolve_classes("cifar10")
    ((3, 5), ('cat', 'dog'))
    >>> resolve_classes("fashion-mnist", "[0, 6]")
    ((0, 6), ('T-shirt/top', 'Shirt'))
    """
    info = _check_dataset(dataset)
    names = tuple(names) if names is not None else info.class_names
    pair = parse_classes(classes)
    if pair is None:
        pair = list(info.default_classes)
    if len(pair) != 2:
        raise ValueError(f"classes must be a pair (Y=1, Y=2); got {classes!r}")
    lookup = {}
    if names is not None:
        lookup.update({name.lower(): i for i, name in enumerate(names)})
        # plural forms: "cats", "sevens", "pullovers"
        lookup.update({name.lower() + "s": i for i, name in enumerate(names)})
    lookup.update({alias.lower(): i for alias, i in info.aliases})
    n_classes = len(names) if names is not None else None
    labels = []
    for item in pair:
        if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if n_classes is not None and not 0 <= item < n_classes:
                raise ValueError(
                    f"classes: index {item} is out of range for {info.name} "
                    f"(0 to {n_classes - 1}); got {classes!r}"
                )
            labels.append(int(item))
        elif isinstance(item, str) and item.strip().lower() in lookup:
            labels.append(lookup[item.strip().lower()])
        else:
            choices = ", ".join(names) if names is not None else "the subfolders' names"
            raise ValueError(
                f"classes: unknown class {item!r} for {info.name}; choose indices or names "
                f"from {choices}"
            )
    if labels[0] == labels[1]:
        raise ValueError(f"classes must name two different classes; got {classes!r}")
    if names is None:
        return tuple(labels), (str(labels[0]), str(labels[1]))
    return tuple(labels), (names[labels[0]], names[labels[1]])


# --------------------------------------------------------------------------
# checked, atomically written cache entries (shared with distill.train)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


MANIFEST = "manifest.json"


def write_entry(directory: Path, files: dict[str, bytes], meta: dict) -> Path:
    """Write a cache entry: the files, then a manifest with their checksums.

    The manifest is written last (and removed first when an entry is
    rewritten), so an entry without a manifest, or whose files do not match
    the manifest's SHA-256 sums, is incomplete or corrupted:
    :func:`read_entry` rejects it.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / MANIFEST
    if manifest.exists():
        manifest.unlink()
    sums = {}
    for name, data in files.items():
        _atomic_write(directory / name, data)
        sums[name] = _sha256(data)
    body = {"meta": meta, "files": sums, "complete": True}
    _atomic_write(manifest, json.dumps(body, indent=1, sort_keys=True).encode())
    return directory


def read_entry(directory: Path, names: tuple[str, ...] = ()) -> tuple[dict[str, bytes], dict] | None:
    """Read a cache entry written by :func:`write_entry`.

    Returns ``(files, meta)``, or ``None`` when the entry is missing,
    incomplete or corrupted (any file's checksum differs, a file in ``names``
    is absent).
    """
    directory = Path(directory)
    try:
        body = json.loads((directory / MANIFEST).read_text())
        if body.get("complete") is not True:
            return None
        sums = body["files"]
        if any(name not in sums for name in names):
            return None
        files = {}
        for name, digest in sums.items():
            data = (directory / name).read_bytes()
            if _sha256(data) != digest:
                return None
            files[name] = data
        return files, body["meta"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _npz_load(data: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


# --------------------------------------------------------------------------
# sources


def _missing(root: Path, what: str, how: str) -> FileNotFoundError:
    return FileNotFoundError(
        f"data root {str(root)!r} is incomplete: expected {what}; {how}"
    )


def _download_failed(name: str, where: Path, error: Exception) -> ConnectionError:
    return ConnectionError(
        f"could not download {name} into {str(where)!r} (no network reachable? "
        f"{type(error).__name__}: {error}); pass a data root holding it "
        "(data_root=..., DISTILL_DATA=... or make ... DATA=...)"
    )


def _load_idx(info: DatasetInfo, root: Path | None, split: str):
    """uint8 images (N, 1, 28, 28) and int labels of MNIST or Fashion-MNIST."""
    from torchvision import datasets

    cls = datasets.MNIST if info.name == "mnist" else datasets.FashionMNIST
    folder = cls.__name__
    if root is not None:
        raw = root / folder / "raw"
        missing = [name for name in _IDX_FILES if not (raw / name).is_file()]
        if missing:
            raise _missing(
                root,
                f"{folder}/raw/ with the uncompressed IDX files {', '.join(_IDX_FILES)} "
                f"(missing: {', '.join(missing)})",
                f"get them with torchvision.datasets.{folder}(root, download=True) on a "
                "machine with internet, or leave the data root unset to download",
            )
        ds = cls(str(root), train=(split == "train"), download=False)
        source = raw
    else:
        where = cache_dir() / "torchvision"
        try:
            ds = cls(str(where), train=(split == "train"), download=True)
        except Exception as error:  # torchvision raises several kinds
            raise _download_failed(folder, where, error) from None
        source = where / folder / "raw"
    images = ds.data.numpy()[:, None, :, :]
    labels = np.asarray(ds.targets, dtype=np.int64)
    return images, labels, info.class_names, str(source)


def _image_tree_classes(folder: Path) -> list[str]:
    with os.scandir(folder) as entries:
        return sorted(entry.name for entry in entries if entry.is_dir())


def _image_files(folder: Path) -> list[str]:
    """Names of the image files in ``folder``, sorted."""
    with os.scandir(folder) as entries:
        return sorted(
            entry.name for entry in entries
            if entry.is_file() and os.path.splitext(entry.name)[1].lower() in _IMAGE_EXTENSIONS
        )


def _decode(paths: list[str], size: int, channels: int) -> np.ndarray:
    from PIL import Image

    mode = "RGB" if channels == 3 else "L"
    out = np.empty((len(paths), channels, size, size), dtype=np.uint8)
    for k, path in enumerate(paths):
        with Image.open(path) as image:
            image = image.convert(mode)
            if image.size != (size, size):
                image = image.resize((size, size), Image.BILINEAR)
            array = np.asarray(image, dtype=np.uint8)
        out[k] = array.reshape(size, size, channels).transpose(2, 0, 1)
    return out


def _decoded_cached(paths: list[str], size: int, channels: int) -> np.ndarray:
    """Decode image files, through a checked cache entry in the cache folder."""
    h = hashlib.sha256()
    h.update(f"v{_IMAGE_CACHE_VERSION} size={size} channels={channels}\n".encode())
    for path in paths:
        stat = os.stat(path)
        h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    key = h.hexdigest()[:24]
    entry = cache_dir() / "images" / key
    found = read_entry(entry, ("images.npz",))
    if found is not None:
        images = _npz_load(found[0]["images.npz"]).get("images")
        if images is not None and images.shape == (len(paths), channels, size, size):
            return images
    images = _decode(paths, size, channels)
    write_entry(
        entry,
        {"images.npz": _npz_bytes(images=images)},
        {"n": len(paths), "size": size, "channels": channels, "first": str(paths[0]) if paths else ""},
    )
    return images


class _Tree:
    """An image tree: class subfolders, files sorted, labels in sorted class order."""

    def __init__(self, folder: Path, class_names: list[str], files: list[list[Path]]):
        self.folder = folder
        self.class_names = tuple(class_names)
        self.files = files
        offsets = np.cumsum([0] + [len(f) for f in files])
        self.offsets = offsets

    def labels(self) -> np.ndarray:
        return np.concatenate(
            [np.full(len(f), c, dtype=np.int64) for c, f in enumerate(self.files)]
        ) if self.files else np.zeros(0, dtype=np.int64)


def _read_tree(folder: Path, split: str | None, root: Path, expected: str) -> _Tree:
    """The class folders and files of ``folder`` (``split`` None: every file)."""
    names = _image_tree_classes(folder)
    files = [_image_files(folder / name) for name in names]
    if split is not None:  # single-folder tree: every fifth file is a test image
        keep = (lambda i: i % _TEST_EVERY == _TEST_EVERY - 1) if split == "test" else (
            lambda i: i % _TEST_EVERY != _TEST_EVERY - 1)
        files = [[p for i, p in enumerate(f) if keep(i)] for f in files]
    return _Tree(folder, names, files)


def _load_tree(info: DatasetInfo, root: Path | None, split: str, classes, limit_per_class):
    """Images of two classes from an ImageFolder tree (CIFAR-10 JPEGs or a user's own)."""
    if info.name == "cifar10":
        folder = root / "cifar10-jpg" / split
        tree = _read_tree(folder, None, root, "")
        if len(tree.class_names) != 10 or any(len(f) == 0 for f in tree.files):
            raise _missing(
                root,
                f"cifar10-jpg/{split}/ with the ten class folders "
                f"{', '.join(info.class_names)} of JPEG images",
                "copy the whole tree, or use torchvision's cifar-10-batches-py/ instead",
            )
        if tuple(tree.class_names) != info.class_names:
            raise _missing(
                root,
                f"cifar10-jpg/{split}/ class folders {', '.join(info.class_names)}; "
                f"found {', '.join(tree.class_names)}",
                "rename the folders to CIFAR-10's class names",
            )
    else:
        if root is None:
            raise ValueError(
                "dataset 'imagefolder' needs data_root: a folder with exactly two class "
                "subfolders of images (or train/ and test/ folders that each hold them)"
            )
        if {"train", "test"} <= set(_image_tree_classes(root)):
            tree = _read_tree(root / split, None, root, "")
        else:
            tree = _read_tree(root, split, root, "")
        if len(tree.class_names) < 2 or (len(tree.class_names) != 2 and classes is None):
            raise FileNotFoundError(
                f"data root {str(tree.folder)!r} must hold exactly two class subfolders of "
                f"images; found {len(tree.class_names)} ({', '.join(tree.class_names) or 'none'}); "
                "make one folder per class, or pass classes=[...] naming two of them"
            )
        empty = [name for name, f in zip(tree.class_names, tree.files) if not f]
        if empty:
            raise FileNotFoundError(
                f"data root {str(tree.folder)!r}: class folder(s) {', '.join(empty)} hold no "
                f"images ({', '.join(_IMAGE_EXTENSIONS)}) for split {split!r}; add images"
            )
    labels, names = resolve_classes(info.name, classes, tree.class_names)
    n = min(len(tree.files[c]) for c in labels)
    if limit_per_class is not None:
        n = min(n, limit_per_class)
    chosen = {}
    for c in labels:
        folder = os.path.abspath(tree.folder / tree.class_names[c])
        paths = [os.path.join(folder, name) for name in tree.files[c][:n]]
        whole = len(paths) == len(tree.files[c])
        chosen[c] = _decoded_cached(paths, info.size, info.channels) if whole or n > 500 \
            else _decode(paths, info.size, info.channels)
    index = np.concatenate([tree.offsets[c] + np.arange(n) for c in labels])
    images = np.concatenate([chosen[c] for c in labels])
    source_labels = np.concatenate([np.full(n, c, dtype=np.int64) for c in labels])
    order = np.argsort(index, kind="stable")
    return images[order], source_labels[order], index[order], labels, names, str(tree.folder)


def _load_cifar_batches(info: DatasetInfo, root: Path | None, split: str):
    from torchvision import datasets

    if root is not None:
        ds = datasets.CIFAR10(str(root), train=(split == "train"), download=False)
        source = root / "cifar-10-batches-py"
    else:
        where = cache_dir() / "torchvision"
        try:
            ds = datasets.CIFAR10(str(where), train=(split == "train"), download=True)
        except Exception as error:
            raise _download_failed("CIFAR10", where, error) from None
        source = where / "cifar-10-batches-py"
    images = np.ascontiguousarray(ds.data.transpose(0, 3, 1, 2))
    return images, np.asarray(ds.targets, dtype=np.int64), info.class_names, str(source)


def _select_equal(labels: np.ndarray, pair: tuple[int, int], limit_per_class):
    """Source positions of the first n images of each class, n equal for both."""
    where = [np.flatnonzero(labels == c) for c in pair]
    n = min(len(w) for w in where)
    if limit_per_class is not None:
        n = min(n, limit_per_class)
    return np.sort(np.concatenate([w[:n] for w in where]))


# --------------------------------------------------------------------------
# noise

_SPLIT_CODE = {"train": 0, "test": 1}
_PIXEL_STREAM, _LABEL_STREAM = 0, 1


def _pixel_noise(images: np.ndarray, index: np.ndarray, p: float, seed: int, split: str) -> np.ndarray:
    """Binarize at half intensity, then flip each value with probability ``p``."""
    binary = images >= 128
    if p > 0:
        code = _SPLIT_CODE[split]
        for k, i in enumerate(index):
            rng = np.random.default_rng([seed, code, _PIXEL_STREAM, int(i)])
            binary[k] ^= rng.random(binary.shape[1:]) < p
    return binary.astype(np.float32)


def _label_noise(y: np.ndarray, index: np.ndarray, q: float, seed: int, split: str) -> np.ndarray:
    """Swap 1 and 2 with probability ``q``; the draw for image i depends only on i."""
    if q == 0:
        return y.copy()
    rng = np.random.default_rng([seed, _SPLIT_CODE[split], _LABEL_STREAM])
    size = int(index.max()) + 1 if len(index) else 0
    flip = rng.random(size)[index] < q
    return np.where(flip, 3 - y, y)


# --------------------------------------------------------------------------


def load_pair(
    dataset: str = "mnist",
    classes=None,
    split: str = "test",
    data_root=None,
    pixel_noise=None,
    label_noise: float = 0.0,
    seed: int = 0,
    limit: int | None = None,
) -> BinaryDataset:
    """One split of a two-class image task, equal numbers per class.

    Parameters
    ----------
    dataset : {"mnist", "fashion-mnist", "cifar10", "imagefolder"}
        The source. ``"imagefolder"`` reads ``data_root`` itself: two class
        subfolders of images (every fifth file, by name, is a test image), or
        ``train/`` and ``test/`` folders that each hold the two class folders.
        Its images are resized to 32 x 32 RGB.
    classes : pair of int or str, optional
        Source classes of Y = 1 and Y = 2, by index or name (``[0, 6]``,
        ``["T-shirt/top", "Shirt"]``, ``"cat,dog"``). Default: the paper's
        pair (MNIST 1 and 7, Fashion-MNIST pullover and shirt, CIFAR-10 cat
        and dog; an image folder's two subfolders in sorted order).
    split : {"test", "train"}
    data_root : path, optional
        The data root; default ``$DISTILL_DATA``, else a torchvision download
        into the cache folder (needs internet).
    pixel_noise : float or None, optional
        Probability of flipping each pixel value after binarizing at half
        intensity. ``None`` (default) means 0.3 for MNIST (the paper) and no
        binarization and no noise for the others.
    label_noise : float, default 0
        Probability of swapping Y = 1 and Y = 2.
    seed : int, default 0
        Seed of the noise draws.
    limit : int, optional
        At most this many images in total (``limit // 2`` per class).

    Returns
    -------
    BinaryDataset
        Images sorted by source position; the first ``n`` images of each
        class are used, ``n`` being the smaller class count (or the limit).

    Raises
    ------
    ValueError
        Unknown dataset, bad classes, noise probabilities, split, seed, limit.
    FileNotFoundError
        A data root that is missing or lacks the dataset.
    ConnectionError
        No data root and the download failed.
    """
    info = _check_dataset(dataset)
    split = _check_split(split)
    pixel_noise = check_probability(pixel_noise, "pixel_noise", allow_none=True)
    label_noise = check_probability(label_noise, "label_noise")
    seed = _check_seed(seed)
    limit = _check_limit(limit)
    per_class = None if limit is None else limit // 2
    if pixel_noise is None:
        pixel_noise = info.default_pixel_noise
    if info.name != "imagefolder":  # check the pair before touching any file
        resolve_classes(info.name, classes)
    root = resolve_data_root(data_root)

    if info.name in ("mnist", "fashion-mnist"):
        raw, labels, names_all, source = _load_idx(info, root, split)
        pair, names = resolve_classes(info.name, classes, names_all)
        index = _select_equal(labels, pair, per_class)
        raw, source_labels = raw[index], labels[index]
    elif info.name == "cifar10" and root is not None and (root / "cifar10-jpg").is_dir():
        raw, source_labels, index, pair, names, source = _load_tree(
            info, root, split, classes, per_class)
    elif info.name == "cifar10":
        if root is not None and not (root / "cifar-10-batches-py").is_dir():
            raise _missing(
                root,
                "cifar10-jpg/{train,test}/<class>/*.jpg (an ImageFolder tree) or "
                "torchvision's cifar-10-batches-py/",
                "get it with torchvision.datasets.CIFAR10(root, download=True) on a machine "
                "with internet, or leave the data root unset to download",
            )
        raw, labels, names_all, source = _load_cifar_batches(info, root, split)
        pair, names = resolve_classes(info.name, classes, names_all)
        index = _select_equal(labels, pair, per_class)
        raw, source_labels = raw[index], labels[index]
    else:
        raw, source_labels, index, pair, names, source = _load_tree(
            info, root, split, classes, per_class)

    index = np.asarray(index, dtype=np.int64)
    y_clean = np.where(source_labels == pair[0], 1, 2).astype(np.int64)
    if pixel_noise is None:
        images = raw.astype(np.float32) / np.float32(255)
    else:
        images = _pixel_noise(raw, index, pixel_noise, seed, split)
    y = _label_noise(y_clean, index, label_noise, seed, split).astype(np.int64)
    for array in (images, y, y_clean, index):
        array.setflags(write=False)
    return BinaryDataset(
        images=images, y=y, class_names=tuple(names), index=index, y_clean=y_clean,
        dataset=info.name, split=split, classes=tuple(int(c) for c in pair),
        pixel_noise=pixel_noise, label_noise=label_noise, seed=seed, source=source,
    )
