"""`tacitus extract`: ingest articles, run the pipeline, write one JSON record per article.

A thin wrapper around `tacitus.io.ingest.read_inputs` and the local or Ray engine; `--summary`
prints a few readable lines per record instead (`summarise`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from tacitus.cli.options import add_run_options, add_text_column_option, check_output, settings_from
from tacitus.core.errors import UsageError
from tacitus.core.textsafe import terminal_safe
from tacitus.examples import example_path
from tacitus.io.progress import BarSize, RunSummary, bar_size, progress


def add_extract_command(sub: Any) -> None:
    """Register `extract` on the `tacitus` sub-parsers."""
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
    add_run_options(extract)
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
    size = BarSize() if args.quiet or not sys.stderr.isatty() else bar_size(inputs)
    summary = RunSummary(made_ids=read_stats.made_ids)
    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    shown = progress(
        records, args.quiet, size.items, total_bytes=size.bytes, bytes_read=read_stats.position
    )
    try:
        for record in shown:
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
        actor = _side(event.get("actor"), "?")
        recipient = _side(event.get("recipient"), "-")
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


def _side(party: dict[str, Any] | None, nobody: str) -> str:
    """A participant as the summary shows it: its name; an unnamed one by the country the
    event's place gives it ("(unnamed, USA)"); `nobody` when there is none."""
    if not party:
        return nobody
    if party.get("name"):
        return str(party["name"])
    return f"(unnamed, {party.get('country') or '?'})"
