"""The command line's entry point: the parser of every command, exit statuses, signals.

Each command group lives in its own module and registers itself on the parser: `extract`
(cli/extract.py), `evaluate` (cli/evaluate.py), the store commands (cli/store.py), `serve`
and `demo` (cli/web.py) and `run` (cli/run.py). Each command is a thin wrapper that parses
options, calls the library function of the same name, and prints.
Exit status: 0 when every item was analysed, 1 when some items yielded error records (a
summary on standard error says which) or the database is damaged, 2 for usage errors (bad
options or environment values, a model that is not installed), 130 after Ctrl-C and 143
after SIGTERM. Every `TacitusError` ends as one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tacitus.about import __version__

# Re-exported for callers of the old paths (`tacitus.cli.main.settings_from`, ...).
from tacitus.cli.options import actor_files as actor_files
from tacitus.cli.options import add_actors_option as add_actors_option
from tacitus.cli.options import settings_from as settings_from
from tacitus.core.errors import StoreError, TacitusError
from tacitus.core.textsafe import terminal_safe


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Args:
        argv: the arguments after `tacitus` (default: `sys.argv[1:]`).

    Returns:
        0 when every item was analysed, 1 when some items gave error records or the database
        is damaged, 2 for usage errors, 128 + the signal number when interrupted (130 for
        Ctrl-C, 143 for SIGTERM, 141 when standard output's reader went away).
    """
    parser = build_parser()
    if argv is None:  # shell completion (docs/completion.md): answers and exits when asked
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    previous = _terminate_as_interrupt()
    try:
        return int(args.func(args) or 0)
    except StoreError as exc:
        _error(exc)
        return 1
    except TacitusError as exc:
        _error(exc)
        return 2
    except Interrupted as exc:
        print(f"tacitus: interrupted ({exc.name})", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("tacitus: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _pipe_closed()
    except Exception as exc:
        # A database damaged where the store's checks do not look (a block overwritten in
        # the middle fails its checksum only when a query reads it) raises duckdb's own
        # errors; at the command line they are one line, like a StoreError. Anything else
        # is a bug: let it show.
        if not _is_duckdb_error(exc):
            raise
        _error(_store_failure(args, exc))
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _pipe_closed() -> int:
    """The reader of standard output went away ("| head", a consumer that failed): what was
    asked for was not all written, so the status says so, as any Unix tool's killed by
    SIGPIPE does (141); the rest of the output goes nowhere, without a second error."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 128 + int(getattr(signal, "SIGPIPE", 13))


def _is_duckdb_error(exc: BaseException) -> bool:
    """Whether `exc` is one of duckdb's errors (their classes live in `_duckdb`)."""
    if type(exc).__module__.split(".")[0] in {"duckdb", "_duckdb"}:
        return True
    duckdb = sys.modules.get("duckdb")
    return duckdb is not None and isinstance(exc, duckdb.Error)


def _store_failure(args: argparse.Namespace, exc: BaseException) -> StoreError:
    """The one-line error for a duckdb error of the command's database: damaged (restore
    it or re-create it), or what else the store says of it."""
    db = getattr(args, "db", None)
    if not isinstance(db, str | os.PathLike):
        return StoreError(f"the database cannot be read or written ({exc}). {DAMAGED_DB}")
    from tacitus.store.store import failure

    path = Path(db)
    # The error of a damaged block may come second: a write that met it ends with duckdb's
    # "transaction is aborted", raised while the first error was being handled.
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        error = failure(path, seen)
        if str(error).startswith(f"{path} is damaged"):
            return error
        seen = seen.__cause__ or seen.__context__
    return failure(path, exc)


DAMAGED_DB = (
    "If the file is damaged or truncated, restore it from a copy or re-create it with "
    "'tacitus ingest --db NEW.duckdb ...'."
)


class Interrupted(KeyboardInterrupt):
    """A signal other than SIGINT (SIGTERM) stopping the run like Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


def _raise_interrupted(signum: int, frame: Any) -> None:
    raise Interrupted(signum)


def _terminate_as_interrupt() -> Any:
    """Let SIGTERM stop a command the way Ctrl-C does (clean-up runs, status 143); return
    the previous handler, or None when not in the main thread."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _raise_interrupted)


def _error(exc: Exception) -> None:
    text = " ".join(str(exc).split()) or type(exc).__name__
    print(terminal_safe(f"tacitus: error: {text}"), file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="tacitus", description="Event data from raw news articles, with evidence spans."
    )
    parser.add_argument("--version", action="version", version=f"tacitus {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for register in _command_modules():
        register(sub)
    return parser


def _command_modules() -> Iterator[Any]:
    """The `add_*_command(s)(subparsers)` of every command group, in the order of `--help`."""
    from tacitus.cli.evaluate import add_evaluate_command
    from tacitus.cli.extract import add_extract_command
    from tacitus.cli.run import add_scale_commands
    from tacitus.cli.store import add_store_commands
    from tacitus.cli.web import add_web_commands

    return iter(
        (
            add_extract_command,
            add_evaluate_command,
            add_store_commands,
            add_web_commands,
            add_scale_commands,
        )
    )
