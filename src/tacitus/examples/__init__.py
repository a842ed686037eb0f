"""The example article shipped with the package (`tacitus extract --example`, `tacitus demo`).

A data package: it imports only `tacitus.core.resources` (the one reader of package files, in
the lowest layer, as this package is), so any layer may ask for the example's path.
"""

from __future__ import annotations

from pathlib import Path

from tacitus.core.resources import package_file


def example_path() -> Path:
    """The example article shipped with the package.

    Returns:
        The path of `tripoli.jsonl` (JSON Lines, one article).
    """
    return Path(str(package_file("examples/tripoli.jsonl")))
