"""The command line: thin wrappers that parse options, call the library, and print.

`tacitus extract` (ingest + pipeline -> JSON Lines), `tacitus evaluate` (scores against
gold files), and the store, explorer and scale commands registered by their modules.
Exit status: 0 when every item was analysed, 1 when some items yielded error records (a
summary on standard error says which) or the database is damaged, 2 for usage errors (bad
options or environment values, a model that is not installed), 130 after Ctrl-C and 143
after SIGTERM. Every `TacitusError` ends as one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from tacitus.about import __version__
from tacitus.core.errors import StoreError, TacitusError, UsageError
from tacitus.core.settings import Settings
from tacitus.core.textsafe import terminal_safe
from tacitus.io.progress import RunSummary, count_items, progress


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Args:
        argv: the arguments after `tacitus` (default: `sys.argv[1:]`).

    Returns:
        0 when every item was analysed, 1 when some items gave error records or the database
        is damaged, 2 for usage errors, 128 + the signal number when interrupted (130 for
        Ctrl-C, 143 for SIGTERM).
    """
    parser = build_parser()
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
        return 0
    except Exception as exc:
        # A database the store could not read raises duckdb's own errors; at the command
        # line they are one line, like a StoreError. Anything else is a bug: let it show.
        if type(exc).__module__.split(".")[0] != "duckdb":
            raise
        _error(StoreError(f"the database cannot be read or written ({exc}). {DAMAGED_DB}"))
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


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

    extract = sub.add_parser("extract", help="analyse articles; write one JSON record per article")
    extract.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help=".txt, .html, .jsonl, .warc(.gz), a folder, or - for standard input",
    )
    extract.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    extract.add_argument(
        "--published", metavar="DATE", help="publication date for items without one"
    )
    extract.add_argument("--source", metavar="NAME", help="source name for items without one")
    add_text_column_option(extract)
    _add_run_options(extract)
    extract.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="local processes (default) or a Ray cluster",
    )
    extract.add_argument("--address", help="Ray cluster address (with --engine ray)")
    extract.add_argument(
        "--summary", action="store_true", help="print a readable summary instead of JSON Lines"
    )
    extract.add_argument(
        "--example",
        action="store_true",
        help="also analyse the example article shipped with tacitus",
    )
    extract.set_defaults(func=cmd_extract)

    evaluate = sub.add_parser("evaluate", help="score tacitus against gold files")
    evaluate.add_argument("gold", nargs="+", metavar="GOLD.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument(
        "--predictions",
        nargs="+",
        metavar="RECORDS.jsonl",
        help="score these tacitus extract outputs (one per gold file, same order) "
        "instead of running the pipeline",
    )
    _add_run_options(evaluate)
    evaluate.set_defaults(func=cmd_evaluate)

    for register in _command_modules():
        register(sub)
    return parser


def _command_modules() -> Iterator[Any]:
    """`add_*_commands(subparsers)` of the store, explorer and scale modules."""
    from tacitus.cli.store import add_store_commands
    from tacitus.engines.ray import add_scale_commands
    from tacitus.web import add_web_commands

    return iter((add_store_commands, add_web_commands, add_scale_commands))


def _add_run_options(parser: argparse.ArgumentParser) -> None:
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


def add_text_column_option(parser: argparse.ArgumentParser) -> None:
    """`--text-column NAME`: the column of CSV/TSV inputs that holds the article's text."""
    parser.add_argument(
        "--text-column",
        metavar="NAME",
        help="the CSV/TSV column holding the article text (default: text)",
    )


def add_actors_option(parser: argparse.ArgumentParser) -> None:
    """`--actors FILE`: the users' actor files (JSON Lines, CSV or YAML; docs/actors.md)."""
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
    )


def actor_files(args: argparse.Namespace) -> tuple[Path, ...] | None:
    """The files of `--actors`, checked to exist; None when the option is not given."""
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


def cmd_extract(args: argparse.Namespace) -> int:
    """`tacitus extract`: records for every input item, in order."""
    from tacitus.io.ingest import ReadStats, read_inputs

    settings = settings_from(args)
    for name in args.inputs:
        if name != "-" and not Path(name).exists():
            raise UsageError(f"No such file or folder: {name}")
    if args.published is not None:
        from tacitus.io.ingest import parse_published

        if parse_published(args.published) is None:
            raise UsageError(f"--published {args.published!r} is not a date (use 2016-12-23).")
    check_output(args.output)
    inputs = list(args.inputs)
    if args.example:
        inputs.append(str(example_path()))
    read_stats = ReadStats()
    items = read_inputs(
        inputs,
        published=args.published,
        source=args.source,
        text_column=args.text_column,
        stats=read_stats,
    )
    if args.engine == "ray":
        from tacitus.engines.ray import run_ray

        records: Iterator[dict[str, Any]] = run_ray(items, settings, address=args.address)
    else:
        from tacitus.engines.local import run_local

        records = run_local(items, settings)
    total = None if args.quiet or not sys.stderr.isatty() else count_items(inputs)
    summary = RunSummary()
    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for record in progress(records, args.quiet, total):
            summary.observe(record)
            if args.summary:
                out.write(terminal_safe(summarise(record)) + "\n")
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush() if out is sys.stdout else None
    except KeyboardInterrupt:
        summary.notes.append("interrupted: the records above were written, the rest were not")
        summary.print(quiet=False)
        raise
    finally:
        if out is not sys.stdout:
            out.close()
    summary.skipped, summary.skipped_examples = read_stats.skipped, read_stats.skipped_examples
    summary.print(args.quiet)
    return summary.exit_status()


def example_path() -> Path:
    """The example article shipped with the package (JSON Lines, one article)."""
    from importlib import resources

    return Path(str(resources.files("tacitus.examples").joinpath("tripoli.jsonl")))


def summarise(record: dict[str, Any]) -> str:
    """A few readable lines about one record (for people, not programs).

    Args:
        record: a contract record or an error record.

    Returns:
        The lines, with article strings as they are: pass them through `terminal_safe`
        before they reach a terminal.
    """
    if "error" in record:
        return f"{record['id']}: error {record['error']['kind']}: {record['error']['message']}"
    text = record["text"]
    lines = [f"{record['id']} (published {record.get('published') or 'unknown'})"]
    actors = ", ".join(
        f"{a['name']} [{a.get('country') or '?'}/{a.get('sector') or '?'}]"
        for a in record["actors"][:12]
    )
    lines.append(f"  actors: {actors or '-'}")
    places = ", ".join(
        f"{p['text']} ({p.get('lat') or 0:.2f}, {p.get('lon') or 0:.2f})"
        for p in record["places"][:12]
        if p.get("lat") is not None
    )
    lines.append(f"  places: {places or '-'}")
    times = ", ".join(f"{t['text']}={t['value']}" for t in record["times"][:12])
    lines.append(f"  times:  {times or '-'}")
    names = {a["id"]: a["name"] for a in record["actors"]}
    for quote in record["quotes"]:
        s, e = quote["content"]
        snippet = text[s:e] if e - s <= 90 else text[s : s + 87] + "..."
        lines.append(f"  quote:  {names.get(quote.get('speaker'), '?')}: {snippet!r}")
    for event in record["events"]:
        actor = (event.get("actor") or {}).get("name") or "?"
        recipient = (event.get("recipient") or {}).get("name") or "-"
        where = (event.get("location") or {}).get("name") or "-"
        counts = "; ".join(f"{c['value']} {c['what']}" for c in event.get("counts") or [])
        lines.append(
            f"  event:  {event['type']}{'/' + event['mode'] if event.get('mode') else ''}"
            f" {actor} -> {recipient} at {where} on {event.get('date') or '?'}"
            f" [{event.get('status')}]{' ' + counts if counts else ''}"
        )
    for problem in record["errors"]:
        lines.append(f"  note:   {problem['kind']}: {problem['message']}")
    return "\n".join(lines)


def cmd_evaluate(args: argparse.Namespace) -> int:
    """`tacitus evaluate`: figures per gold file and capability."""
    from tacitus.evaluation.evaluate import evaluate_files, format_report

    paths = [Path(p) for p in args.gold]
    for path in paths:
        if not path.exists():
            raise UsageError(f"No such gold file: {path}")
    predictions = [Path(p) for p in args.predictions] if args.predictions else None
    result = evaluate_files(paths, settings_from(args), predictions=predictions)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_report(result))
    return 0
