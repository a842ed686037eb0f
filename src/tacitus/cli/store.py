"""Store commands: `ingest`, `events`, `quotes`, `articles`, `errors`, `export`.

Each command is a thin wrapper around the `Store` method of the same name: it parses options,
calls the method, and prints. `cli.main.build_parser` registers them through `add_store_commands`.
Usage errors (bad options, bad filter values) exit with status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from tacitus.cli.inputs import read_items
from tacitus.cli.options import (
    actor_files,
    add_actors_option,
    add_min_confidence_option,
    add_text_column_option,
    check_output,
)
from tacitus.core.errors import UsageError
from tacitus.core.textsafe import spreadsheet_safe, terminal_safe
from tacitus.io.ingest import ReadStats
from tacitus.io.progress import RunSummary, bar_size, progress
from tacitus.store import query

OUTPUT_FORMATS = ("table", "jsonl", "csv", "parquet")
CELL = 38


def default_db() -> str:
    """`TACITUS_DB`, else `tacitus.duckdb` in the working directory."""
    return os.environ.get("TACITUS_DB") or "tacitus.duckdb"


def add_store_commands(sub: Any) -> None:
    """Register the store commands on the `tacitus` sub-parsers."""
    ingest = sub.add_parser("ingest", help="analyse articles (or load records) into the database")
    ingest.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="articles as for `extract`, or its output records (.jsonl, also gzipped)",
    )
    _db(ingest)
    ingest.add_argument("--from-parquet", metavar="DIR", help="load record shards (*.parquet)")
    ingest.add_argument(
        "--published", metavar="DATE", help="publication date for items without one"
    )
    ingest.add_argument("--source", metavar="NAME", help="source name for items without one")
    add_text_column_option(ingest)
    ingest.add_argument("--model", help="spaCy pipeline to load (env TACITUS_MODEL)")
    ingest.add_argument("--batch-size", type=_positive, default=64, help="items per transaction")
    ingest.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar; a summary only on errors"
    )
    add_actors_option(ingest)
    ingest.set_defaults(func=cmd_ingest)

    events = sub.add_parser("events", help="canonical events matching filters")
    _db(events)
    _event_filters(events, status_help="occurred, future, hypothetical, negated, demanded "
                   "(comma-separated, or all)")  # fmt: skip
    events.add_argument(
        "--order-by", default="date", help="date, confidence, num_articles, num_sources, event_id"
    )
    events.add_argument("--ascending", action="store_true", help="oldest / smallest first")
    events.add_argument("--reports", action="store_true", help="include each event's reports")
    _output(events)
    events.set_defaults(func=cmd_events)

    quotes = sub.add_parser("quotes", help="quotes matching filters")
    _db(quotes)
    quotes.add_argument("--speaker", help="CODE or NAME of who spoke")
    quotes.add_argument("--contains", metavar="TEXT", help="words inside the quote")
    quotes.add_argument("--direct", action="store_true", default=None, help="direct quotes only")
    _dates_and_output(quotes)
    quotes.set_defaults(func=cmd_quotes)

    articles = sub.add_parser("articles", help="stored articles matching filters")
    _db(articles)
    articles.add_argument("--source", help="outlet (substring)")
    articles.add_argument("--url")
    articles.add_argument("--contains", metavar="TEXT", help="words in the title or text")
    _dates_and_output(articles)
    articles.set_defaults(func=cmd_articles)

    errors = sub.add_parser("errors", help="inputs that could not be analysed, and warnings")
    _db(errors)
    errors.add_argument("--kind", help="empty, not_text, not_english, bad_json, bad_date, ...")
    _output(errors)
    errors.set_defaults(func=cmd_errors)

    _add_export_command(sub)


def _add_export_command(sub: Any) -> None:
    """Register `tacitus export`."""
    export = sub.add_parser(
        "export",
        help="write events as PLOVER JSONL, POLECAT TSV, CSV, GeoJSON, GraphML or Parquet",
    )
    _db(export)
    export.add_argument(
        "--format",
        required=True,
        choices=["plover-jsonl", "polecat-tsv", "csv", "geojson", "graphml", "parquet"],
        help="parquet writes a folder: the store's tables restricted to the matching events",
    )
    export.add_argument(
        "-o", "--output", metavar="OUT", help="file to write (a folder for parquet)"
    )
    export.add_argument(
        "directory",
        metavar="DIR",
        nargs="?",
        help="deprecated: a folder to write the format's usual file name into; use -o",
    )
    _event_filters(export, status_help="statuses to export, comma-separated, or all "
                   "(default: occurred,demanded)")  # fmt: skip
    export.add_argument(
        "--bom", action="store_true", help="start CSV/TSV with a UTF-8 BOM (for spreadsheets)"
    )
    export.set_defaults(func=cmd_export)


def _event_filters(parser: argparse.ArgumentParser, status_help: str) -> None:
    """The filters `events` and `export` share."""
    parser.add_argument("--type", help="PLOVER event type (ASSAULT, PROTEST, ...)")
    parser.add_argument("--mode", help="PLOVER mode (aerial, demo, ...)")
    parser.add_argument("--actor", help="CODE (RUS, MIL, RUS/MIL) or NAME (substring)")
    parser.add_argument("--recipient", help="CODE or NAME, as --actor")
    parser.add_argument(
        "--stated-countries",
        action="store_true",
        help="--actor/--recipient country codes match only countries the text states, not "
        "those inferred from the place, dateline or article (country_from)",
    )
    parser.add_argument("--country", metavar="ISO3", help="country of the event's location")
    parser.add_argument("--near", metavar="PLACE_OR_LAT,LON[:KM]", help="within KM (default 50)")
    parser.add_argument("--status", help=status_help)
    add_min_confidence_option(parser)
    parser.add_argument("--since", metavar="DATE", help="dated on or after (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="dated on or before (YYYY-MM-DD)")


def _positive(text: str) -> int:
    """An option value that must be a whole number of at least 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=default_db(),
        metavar="PATH",
        help="database file (default: $TACITUS_DB or tacitus.duckdb)",
    )


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="table", choices=OUTPUT_FORMATS)
    parser.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    parser.add_argument("--limit", type=_positive, metavar="N")
    parser.add_argument("--offset", type=int, default=0, metavar="N")


def _dates_and_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="DATE", help="on or after (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="on or before (YYYY-MM-DD)")
    _output(parser)


def _store(args: argparse.Namespace, read_only: bool = True) -> Any:
    from tacitus.store.store import Store

    return Store(args.db, read_only=read_only, hold=True)


def _query(args: argparse.Namespace, method: str, names: tuple[str, ...], **extra: Any) -> int:
    """Call `Store.<method>` with the options `names` (and paging); print the rows."""
    if args.offset < 0:
        raise UsageError("--offset must be 0 or more.")
    check_output(args.output)
    filters = {name: getattr(args, name) for name in names}
    filters.update(limit=args.limit, offset=args.offset, **extra)
    with _store(args) as store:
        rows = getattr(store, method)(**filters)
    return write_rows(rows, args.format, args.output)


def event_type(value: str | None) -> str | None:
    """A `--type` value checked against the PLOVER event types (any case), upper-cased.

    Args:
        value: the option as given, or None.

    Returns:
        The type, or None when not given; `UsageError` naming the valid types otherwise.
    """
    return query.check_event_type(value, "--type") if value else None


def country_code(value: str | None, option: str = "--country") -> str | None:
    """A country filter checked to be an ISO 3166 alpha-3 code the gazetteer knows.

    Args:
        value: the option as given (`SYR`, `syr`), or None.
        option: the option, for the message.

    Returns:
        The upper-case code, or None when not given; `UsageError` otherwise, suggesting the
        code when `value` is a country's name or nationality word (`Syria`, `Syrian`: SYR).
    """
    if not value:
        return None
    from tacitus.kb.gazetteer import gazetteer

    code = value.strip().upper()
    if code in gazetteer().iso3_entry:
        return code
    guess = query.country_of_name(value)
    hint = f" ({value.strip()!r} is {guess})" if guess else ""
    raise UsageError(
        f"{option} {value!r}: give the country as an ISO 3166 alpha-3 code such as SYR{hint}."
    )


def cmd_events(args: argparse.Namespace) -> int:
    """`tacitus events`: canonical events, newest first."""
    args.type = event_type(args.type)
    args.country = country_code(args.country)
    names = (
        "type",
        "mode",
        "actor",
        "recipient",
        "stated_countries",
        "country",
        "since",
        "until",
        "near",
        "status",
        "min_confidence",
        "order_by",
    )
    given = args.min_confidence
    args.min_confidence = _min_confidence(given)
    status = _query(args, "events", names, descending=not args.ascending, with_reports=args.reports)
    _say_hidden(given, args.min_confidence)
    return status


def _min_confidence(given: float | None) -> float:
    """The threshold below which events are hidden: the option's, or the fitted default."""
    if given is not None:
        return given
    from tacitus.stages.confidence import default_threshold

    return default_threshold()


def _say_hidden(given: float | None, threshold: float) -> None:
    """Say on standard error which events were hidden, so that nobody takes the list (or the
    file) for every event."""
    if given is None:
        print(
            f"events with confidence below {threshold} hidden (the default threshold, "
            "docs/confidence.md; --min-confidence 0 shows all)",
            file=sys.stderr,
        )
    elif threshold > 0:
        print(f"events with confidence below {threshold} hidden", file=sys.stderr)


def cmd_quotes(args: argparse.Namespace) -> int:
    """`tacitus quotes`: who said what."""
    return _query(args, "quotes", ("speaker", "contains", "since", "until", "direct"))


def cmd_articles(args: argparse.Namespace) -> int:
    """`tacitus articles`: what is stored."""
    return _query(args, "articles", ("source", "url", "contains", "since", "until"))


def cmd_errors(args: argparse.Namespace) -> int:
    """`tacitus errors`: failed inputs and warnings, oldest first."""
    return _query(args, "errors", ("kind",))


def cmd_export(args: argparse.Namespace) -> int:
    """`tacitus export`: one interchange file (a folder for Parquet) of the matching events."""
    from tacitus.store.export import FILE_NAMES, export_events

    if args.output and args.directory:
        raise UsageError("Give -o OUT or DIR, not both (DIR is deprecated).")
    if not args.output and not args.directory:
        raise UsageError("Give -o OUT (the file to write; a folder for parquet).")
    output = args.output
    if args.directory:
        print(
            "tacitus: export DIR is deprecated; use -o "
            f"{Path(args.directory) / FILE_NAMES.get(args.format, '')}".rstrip("/"),
            file=sys.stderr,
        )
        if not Path(args.directory).is_dir() and args.format != "parquet":
            Path(args.directory).mkdir(parents=True, exist_ok=True)
        output = args.directory
    filters = {
        "type": event_type(args.type),
        "mode": args.mode,
        "actor": args.actor,
        "recipient": args.recipient,
        "stated_countries": args.stated_countries,
        "country": country_code(args.country),
        "near": args.near,
        "status": args.status,
        "since": args.since,
        "until": args.until,
        "min_confidence": _min_confidence(args.min_confidence),
    }
    with _store(args) as store:
        done = export_events(store, args.format, output, bom=args.bom, **filters)
    for path in done.paths:
        print(path, file=sys.stderr)
    print(f"{done.events} events exported", file=sys.stderr)
    for reason, count in done.left_out.items():
        print(f"left out: {count} ({reason})", file=sys.stderr)
    if not args.status:
        print(
            "only events that happened (status occurred, demanded); --status all for every one",
            file=sys.stderr,
        )
    _say_hidden(args.min_confidence, filters["min_confidence"])
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """`tacitus ingest`: analyse and store; skip what is stored; commit every batch."""
    from tacitus.core.settings import Settings
    from tacitus.store.store import Store

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1.")
    if args.inputs and args.from_parquet:
        raise UsageError("Give INPUT files or --from-parquet DIR, not both.")
    if not args.inputs and not args.from_parquet and sys.stdin.isatty():
        raise UsageError("Give INPUT files, - for standard input, or --from-parquet DIR.")
    for name in args.inputs:
        if name != "-" and not Path(name).exists():
            raise UsageError(f"No such file or folder: {name}")
    settings = Settings.from_env(model=args.model, extra_actors=actor_files(args))
    summary = RunSummary()
    quiet = args.quiet or not sys.stderr.isatty()
    with Store(args.db, hold=False) as store:
        if args.from_parquet:
            stats = store.ingest_parquet(args.from_parquet, batch_size=args.batch_size)
        else:
            read_stats = ReadStats()
            summary.made_ids = read_stats.made_ids
            read = read_items(
                args.inputs, args.published, args.source, args.text_column, read_stats
            )
            items = _watch(read, summary)
            if not quiet:  # the same bar as extract's: items, or bytes of input, and ETA
                size = bar_size(args.inputs)
                items = progress(
                    items,
                    quiet,
                    size.items,
                    total_bytes=size.bytes,
                    bytes_read=read_stats.position,
                )
            stats = store.ingest(items, settings, batch_size=args.batch_size)
    if args.from_parquet:  # records in, records stored: nothing was read item by item
        summary.items = stats.articles + stats.duplicates + stats.errors
    else:
        summary.skipped = read_stats.skipped
        summary.skipped_examples = read_stats.skipped_examples
    summary.records = stats.articles + stats.errors
    # Kinds counted while reading are already in the summary; the rest come from the analysis
    # (or, for records files, from the records themselves: `bad_record` among them).
    for kind, (count, message) in stats.error_kinds.items():
        unseen = count - summary.errors.get(kind, [0])[0]
        if unseen > 0:
            summary.add_error(kind, message, unseen)
    summary.notes.append(
        f"stored {stats.articles} articles, {stats.reports} event reports "
        f"({stats.new_events} new events), {stats.errors} errors; skipped {stats.duplicates} "
        f"already stored"
    )
    summary.print(args.quiet)
    return summary.exit_status()


def _watch(items: Iterator[Any], summary: RunSummary) -> Iterator[Any]:
    """`items`, counted into `summary` as they are read (ids, and failures by kind)."""
    from tacitus.core.article import Failure

    for item in items:
        summary.items += 1
        if isinstance(item, Failure):
            summary.add_error(item.kind, item.message)
            summary.observe_id(item.id)
        elif isinstance(item, dict):
            error = item.get("error")
            if isinstance(error, dict):
                summary.add_error(str(error.get("kind")), str(error.get("message")))
            summary.observe_id(item.get("id"))
        else:
            summary.observe_id(getattr(item, "id", None))
        yield item


# -- output -------------------------------------------------------------------------------


def write_rows(rows: list[dict[str, Any]], fmt: str, output: str | None) -> int:
    """Print or save rows as an aligned table, JSON Lines, CSV or Parquet.

    Every CSV cell goes through `spreadsheet_safe` and every table cell through
    `terminal_safe`: the strings come from articles.

    Args:
        rows: the rows (dicts with the same keys).
        fmt: `table`, `jsonl`, `csv` or `parquet`.
        output: a file to write (required for Parquet), or None for standard output.

    Returns:
        The exit status, 0.
    """
    check_output(output)
    if fmt == "parquet":
        if not output:
            raise UsageError("--format parquet needs -o OUT.parquet.")
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), output)
        return 0
    out: TextIO = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        elif fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [])
            writer.writeheader()
            # A cell an article wrote could run as a formula in a spreadsheet.
            writer.writerows(
                {k: spreadsheet_safe(_flat(v)) for k, v in row.items()} for row in rows
            )
        else:
            out.write(table(rows) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def _flat(value: Any) -> Any:
    return json.dumps(value, default=str) if isinstance(value, list | dict) else value


def table(rows: list[dict[str, Any]]) -> str:
    """Rows as aligned columns for reading (long cells cut, lists shown as counts).

    Args:
        rows: the rows to show, all with the keys of the first.

    Returns:
        The table as text, or `(no rows)`.
    """
    if not rows:
        return "(no rows)"
    names = [k for k in rows[0] if k != "reports"]

    def cell(value: Any) -> str:
        text = "" if value is None else terminal_safe(" ".join(str(value).split()))
        return text if len(text) <= CELL else text[: CELL - 3] + "..."

    cells = [[cell(row[k]) for k in names] for row in rows]
    widths = [max(len(n), *(len(c[i]) for c in cells)) for i, n in enumerate(names)]
    names = [terminal_safe(n) for n in names]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in cells]
    return "\n".join(line.rstrip() for line in lines)
