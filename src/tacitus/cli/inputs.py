"""What `tacitus ingest` reads: records as records, everything else as articles.

A JSON Lines file whose first line is a record of the output contract (`tacitus extract`
output, plain or gzipped), or records piped in on standard input, are stored as they are: the
pipeline runs on nothing again. Every other input goes to `tacitus.io.ingest.read_inputs`.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from tacitus.io.ingest import JSONL_SUFFIXES, ReadStats, guard
from tacitus.io.ingest_items import CONTAINER_ITEMS, item_limit, replayed


def read_items(
    inputs: list[str],
    published: str | None,
    source: str | None,
    text_column: str | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Any]:
    """Items of every input: JSON Lines of records as records, everything else via `ingest`.

    Args:
        inputs: paths, folders, `-` (none: standard input).
        published: publication date for items without one.
        source: source name for items without one.
        text_column: the CSV/TSV column holding the text.
        stats: filled in with the files skipped inside folders.

    Returns:
        Records and `Article`/`Failure` items, in input order.
    """
    from tacitus.io.ingest import read_inputs

    stats = stats if stats is not None else ReadStats()
    stats.expect(inputs)  # ids made from paths are unique over all the inputs
    for name in inputs or ["-"]:
        path = Path(name)
        stdin = None
        if name == "-":  # `tacitus extract ... | tacitus ingest -`: records, not articles
            head = _first_lines(sys.stdin.buffer, CONTAINER_ITEMS * item_limit())
            if _is_record_line(head[-1] if head else b""):
                yield from _records(itertools.chain(head, sys.stdin.buffer), "stdin")
                continue
            stdin = replayed(b"".join(head), sys.stdin.buffer)
        if name != "-" and _records_kind(path) and _holds_records(path):
            yield from read_records(path)
            with contextlib.suppress(OSError):
                stats.bytes_done += path.stat().st_size
        else:
            yield from read_inputs([name], published, source, text_column, stats=stats, stdin=stdin)


def _records_kind(path: Path) -> bool:
    """Whether a file is JSON Lines by its name, plain or gzipped."""
    return Path(path.name.lower().removesuffix(".gz")).suffix in JSONL_SUFFIXES and path.is_file()


def _open_lines(path: Path, errors: str = "strict") -> IO[str]:
    """A JSON Lines file's text, decompressed when its name ends in `.gz`."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors=errors)
    return path.open(encoding="utf-8", errors=errors)


def _holds_records(path: Path) -> bool:
    try:
        with _open_lines(path, errors="replace") as handle:
            for line in handle:
                if line.strip():
                    return _is_record_line(line)
    except (OSError, EOFError, zlib.error):  # not gzip, cut short, damaged: the readers say so
        return False
    return False


def _first_lines(stream: Any, limit: int) -> list[bytes]:
    """The lines of a stream up to its first that is not blank, `limit` bytes at most (a
    hostile input's one huge line is left to the readers, which bound what they read)."""
    lines: list[bytes] = []
    size = 0
    while size < limit:
        line = stream.readline(limit - size)
        lines.append(line)
        size += len(line)
        if not line or line.strip():
            break
    return lines


def _is_record_line(line: str | bytes) -> bool:
    from tacitus.store.flatten import is_record

    try:
        return is_record(json.loads(line))
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested past any record
        return False


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a `tacitus extract` output file; a broken line becomes an error record.

    Args:
        path: a JSON Lines file of contract records (gzipped when its name ends in `.gz`).

    Returns:
        The records, in file order.
    """
    from tacitus.core.article import Failure

    with _open_lines(path) as handle:
        for item in guard(_records(handle, str(path)), str(path)):
            # a gzip stream cut short or damaged: one error for the records after the break
            yield item.to_record() if isinstance(item, Failure) else item


def _records(lines: Iterable[str | bytes], name: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield {"id": f"{name}:{number}", "error": {"kind": "bad_json", "message": str(exc)}}
            continue
        yield record
