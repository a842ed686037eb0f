"""The example article shipped with the package (`tacitus extract --example`, `tacitus demo`).

A data package: it imports nothing from tacitus, so any layer may ask for the example's path.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def example_path() -> Path:
    """The example article shipped with the package.

    Returns:
        The path of `tripoli.jsonl` (JSON Lines, one article).
    """
    return Path(str(resources.files("tacitus.examples").joinpath("tripoli.jsonl")))
