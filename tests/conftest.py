"""Shared test helpers: where the image data root is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_data() -> Path | None:
    """The image data root: $DISTILL_DATA, else ../shared/data next to the repo."""
    for candidate in (os.environ.get("DISTILL_DATA"), REPO.parent / "shared" / "data"):
        if candidate and (Path(candidate) / "MNIST" / "raw").is_dir():
            return Path(candidate)
    return None


DATA = shared_data()
needs_data = pytest.mark.skipif(
    DATA is None,
    reason="image data not found: set DISTILL_DATA or put the data root at ../shared/data",
)
