"""Shared fixtures: the gold folder, settings, and one pipeline context per test session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tacitus.core.settings import Settings
from tacitus.pipeline import Context

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """`../shared/gold` (the evaluation sets); tests that need it skip nothing: CI has it."""
    assert GOLD.is_dir(), f"the evaluation sets are expected in {GOLD}"
    return GOLD


@pytest.fixture(scope="session")
def seed(gold_dir: Path) -> dict[str, Any]:
    """The acceptance example (measuring only: never copied into the project)."""
    return json.loads((gold_dir / "seed.jsonl").read_text("utf-8").splitlines()[0])


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def ctx(settings: Settings) -> Context:
    """One context (and one spaCy model) for the whole test session."""
    return Context(settings)
