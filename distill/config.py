"""Profiles, data root, cache folder and device: the settings every chapter shares.

The library never reads these on import; notebooks and the command line call
the helpers below explicitly.
"""

from __future__ import annotations

import os
from pathlib import Path

PROFILES = ("quick", "full", "paper")
"""Run profiles: ``quick`` (CI, seconds per notebook), ``full`` (the book on a
2-core CPU) and ``paper`` (the paper's own settings, for a GPU)."""


def check_profile(profile: str) -> str:
    """Return ``profile`` if it is a known profile, else raise ``ValueError``.

    >>> check_profile("quick")
    'quick'
    """
    if profile not in PROFILES:
        raise ValueError(
            f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}"
        )
    return profile


def resolve_data_root(data_root: str | os.PathLike | None = None) -> Path | None:
    """The data root: the argument, else ``$DISTILL_DATA``, else ``None``.

    ``None`` means "let torchvision download into the cache folder", which
    needs internet. A root that is given but does not exist is an error.
    """
    if data_root is None or str(data_root) == "":
        data_root = os.environ.get("DISTILL_DATA") or None
    if data_root is None:
        return None
    root = Path(data_root).expanduser().resolve()
    if not root.is_dir():
        raise FileNotFoundError(
            f"data root {str(root)!r} does not exist; pass an existing folder "
            "(make ... DATA=path, -p data_root path or DISTILL_DATA=path) "
            "or leave it unset to download with torchvision"
        )
    return root


def cache_dir(cache: str | os.PathLike | None = None) -> Path:
    """The folder for cached classifier outputs and downloads.

    The argument, else ``$DISTILL_CACHE``, else ``~/.cache/distill``. Created
    if missing.
    """
    if cache is None or str(cache) == "":
        cache = os.environ.get("DISTILL_CACHE") or Path.home() / ".cache" / "distill"
    path = Path(cache).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def torch_device(prefer: str | None = None):
    """``torch.device('cuda')`` when a GPU is present, else the CPU.

    ``prefer`` ("cpu" or "cuda") overrides the choice; asking for CUDA on a
    machine without it is an error.
    """
    import torch

    if prefer is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if prefer == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("device 'cuda' requested but no CUDA GPU is available; use 'cpu'")
    if prefer not in ("cpu", "cuda"):
        raise ValueError(f"unknown device {prefer!r}; choose 'cpu' or 'cuda'")
    return torch.device(prefer)


def reference_dir(path: str | os.PathLike | None = None) -> Path:
    """The folder with the authors' released distributions (``*F.csv``).

    The argument, else ``$DISTILL_REFERENCE``, else
    ``../shared/reference/tegmark-wu-2019`` beside this checkout.
    """
    if path is None or str(path) == "":
        path = os.environ.get("DISTILL_REFERENCE") or (
            Path(__file__).resolve().parents[2] / "shared" / "reference" / "tegmark-wu-2019"
        )
    folder = Path(path).expanduser().resolve()
    if not (folder / "MNISTF.csv").is_file():
        raise FileNotFoundError(
            f"no authors' distributions (MNISTF.csv, ...) in {str(folder)!r}; set "
            "DISTILL_REFERENCE to the folder holding the files of "
            "github.com/tailintalent/distillation (data/)"
        )
    return folder
