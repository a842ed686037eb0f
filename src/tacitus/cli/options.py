"""Options shared by several commands, and turning them into settings.

`--model`, `--workers`, `--batch-size`, `-q`, `--actors`, `--embeddings` (the run options),
`--text-column`, and the checks done before any work starts (actor files exist, the output
file can be written).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from tacitus.core.errors import UsageError
from tacitus.core.settings import Settings


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options of a command that runs the pipeline (`extract`, `evaluate`).

    Args:
        parser: the command's parser.
    """
    parser.add_argument("--model", help="spaCy pipeline to load (env TACITUS_MODEL)")
    parser.add_argument("--workers", type=int, help="worker processes (default 1)")
    parser.add_argument("--batch-size", type=int, help="articles per spaCy batch")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_actors_option(parser)
    parser.add_argument(
        "--embeddings",
        action="store_true",
        default=None,
        help="check coded events with the sentence-embedding model (tacitus[embeddings])",
    )


def probability(text: str) -> float:
    """An option's value as a probability (0 to 1), or an argparse error (exit status 2)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1")
    return value


def add_min_confidence_option(parser: argparse.ArgumentParser) -> None:
    """`--min-confidence X`: hide events below this confidence (default: the fitted threshold).

    Args:
        parser: the command's parser.
    """
    parser.add_argument(
        "--min-confidence",
        type=probability,
        metavar="X",
        help="hide events whose confidence is below X (0 shows all; default: the fitted "
        "threshold, see docs/confidence.md)",
    )


def add_text_column_option(parser: argparse.ArgumentParser) -> None:
    """`--text-column NAME`: the column of CSV/TSV inputs that holds the article's text.

    Args:
        parser: the command's parser.
    """
    parser.add_argument(
        "--text-column",
        metavar="NAME",
        help="the CSV/TSV column holding the article text (default: text)",
    )


def add_actors_option(parser: argparse.ArgumentParser) -> None:
    """`--actors FILE`: the users' actor files (JSON Lines, CSV or YAML; docs/actors.md).

    Args:
        parser: the command's parser.
    """
    parser.add_argument(
        "--actors",
        action="append",
        metavar="FILE",
        help="your own actors and agent phrases (.jsonl, .csv, .yaml; repeatable; env TACITUS_KB)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the environment and the command's options.

    Args:
        args: the parsed options (`--model`, `--workers`, `--batch-size`, ...).

    Returns:
        The settings; `UsageError` when a number is below 1 or an environment value is not
        a number.
    """
    workers = getattr(args, "workers", None)
    return Settings.from_env(
        model=getattr(args, "model", None),
        workers=workers,
        batch_size=getattr(args, "batch_size", None),
        use_embeddings=getattr(args, "embeddings", None),
        extra_actors=actor_files(args),
        min_confidence=getattr(args, "min_confidence", None),
    )


def actor_files(args: argparse.Namespace) -> tuple[Path, ...] | None:
    """The files of `--actors`, checked to exist.

    Args:
        args: the parsed options.

    Returns:
        The paths, or None when the option is not given; `UsageError` for a missing file.
    """
    names = getattr(args, "actors", None)
    if not names:
        return None
    for name in names:
        if not Path(name).is_file():
            raise UsageError(f"--actors {name}: no such file.")
    return tuple(Path(name) for name in names)


def check_output(name: str | None, option: str = "-o") -> None:
    """Refuse an output file that cannot be written before any work is done.

    Args:
        name: the output path (None: standard output).
        option: the option that named it, for the message.
    """
    if not name:
        return
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"{option} {name}: is a folder; give a file name.")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{option} {name}: the folder {parent} does not exist; create it first.")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {name}: cannot write there; choose another file.")
