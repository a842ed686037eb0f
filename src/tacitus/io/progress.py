"""What a run shows its user on standard error: a progress bar and the end-of-run summary.

`progress` wraps an iterable in a tqdm bar when standard error is a terminal (never with
`-q`, never into a file or pipe); `count_items` sizes the bar up front when that is cheap
(a byte-level line count of JSON Lines files, one per other file), so the bar shows a total
and an ETA. `RunSummary` watches the records of `extract`, `ingest` and `run` go by and
prints, at the end, items read, records, error records by kind with the first message of
each kind, skipped files and ids the caller gave to more than one item. Every string from
an article goes through `terminal_safe` before it reaches the terminal. Nothing here reads
or adds to an `Article`.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from tacitus.core.textsafe import terminal_safe

T = TypeVar("T")

# Counting lines means reading the bytes once more: above this much, the bar goes without
# a total rather than delay the start.
_COUNT_LIMIT = 2 << 30
_LINE_SUFFIXES = (".jsonl", ".ndjson")
_UNKNOWN_SUFFIXES = (".gz", ".warc", ".arc", ".json", ".csv", ".rss", ".atom", ".xml")
_MESSAGE_CHARS = 200


def count_items(inputs: Iterable[str]) -> int | None:
    """The number of items `inputs` will give, when that is cheap to know; else None.

    A JSON Lines file counts its non-blank lines (bytes, not parsed); a text or HTML file
    counts one; a folder counts what it holds. Standard input, archives (WARC, gzip), feeds,
    CSV and JSON files hold an unknown number, so the total is then None.

    Args:
        inputs: the paths given on the command line (`-` is standard input).

    Returns:
        The count, or None when unknown or too costly.
    """
    total = 0
    budget = [_COUNT_LIMIT]
    for name in inputs:
        if name == "-":
            return None
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            count = _count_file(file, budget)
            if count is None:
                return None
            total += count
    return total


def _count_file(path: Path, budget: list[int]) -> int | None:
    name = path.name.lower()
    if name.endswith(_UNKNOWN_SUFFIXES):
        return None
    if not name.endswith(_LINE_SUFFIXES):
        return 1
    try:
        size = path.stat().st_size
        budget[0] -= size
        if budget[0] < 0:
            return None
        count = 0
        with path.open("rb") as handle:
            for line in handle:
                count += bool(line.strip())
        return count
    except OSError:
        return 1  # the reader turns it into one error record


def progress(
    items: Iterable[T], quiet: bool, total: int | None = None, unit: str = " articles"
) -> Iterator[T]:
    """`items`, shown as a progress bar on standard error when it is a terminal.

    Args:
        items: what to count as it goes by.
        quiet: no bar at all (`-q`).
        total: how many items to expect (gives the bar its ETA), or None.
        unit: what an item is called on the bar.

    Returns:
        An iterator over `items`.
    """
    if quiet or not sys.stderr.isatty():
        return iter(items)
    from tqdm import tqdm

    return iter(tqdm(items, total=total, unit=unit, file=sys.stderr, dynamic_ncols=True))


@dataclass
class RunSummary:
    """Counts of one run, for the lines printed at its end.

    Attributes:
        items: input items read.
        records: records written or stored.
        errors: error records by kind: [count, first message].
        skipped: files in folders skipped as plainly not articles.
        skipped_examples: a few of their names.
        notes: more lines to print (store totals, shards).
    """

    items: int = 0
    records: int = 0
    errors: dict[str, list[Any]] = field(default_factory=dict)
    skipped: int = 0
    skipped_examples: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _ids: Counter[str] = field(default_factory=Counter)

    def observe(self, record: dict[str, Any]) -> None:
        """Count one record (a contract record or `{"id", "error"}`) of one input item.

        Args:
            record: the record.
        """
        self.items += 1
        self.records += 1
        error = record.get("error")
        if isinstance(error, dict):
            self.add_error(str(error.get("kind")), str(error.get("message")))
        self.observe_id(record.get("id"))

    def observe_id(self, item_id: Any) -> None:
        """Count an item's id, to tell about repeats at the end (ids tacitus makes from
        paths are unique per run, so a repeat is one the caller gave)."""
        if item_id is not None:
            self._ids[repr(item_id)] += 1

    def add_error(self, kind: str, message: str, count: int = 1) -> None:
        """Count `count` error records of `kind`; keep the first message of each kind."""
        entry = self.errors.setdefault(kind, [0, message])
        entry[0] += count

    @property
    def failed(self) -> int:
        """How many error records the run gave."""
        return sum(count for count, _ in self.errors.values())

    @property
    def repeated_ids(self) -> int:
        """How many ids were given to more than one item."""
        return sum(1 for n in self._ids.values() if n > 1)

    def lines(self) -> list[str]:
        """The summary, as lines safe to print on a terminal."""
        lines = [
            f"tacitus: {_count(self.items, 'item')} read, {_count(self.records, 'record')}, "
            f"{_count(self.failed, 'error record')}"
        ]
        for kind, (count, message) in sorted(self.errors.items(), key=lambda kv: -kv[1][0]):
            text = " ".join(str(message).split())
            if len(text) > _MESSAGE_CHARS:
                text = text[: _MESSAGE_CHARS - 3] + "..."
            lines.append(f"  {count} {kind}: first: {text}")
        if self.skipped:
            shown = ", ".join(self.skipped_examples[:3])
            lines.append(
                f"  {_count(self.skipped, 'file')} skipped as not articles"
                + (f" (e.g. {shown})" if shown else "")
            )
        repeated = self.repeated_ids
        if repeated:
            were = "id was" if repeated == 1 else "ids were"
            lines.append(f"  {repeated} {were} given to more than one item (kept as given)")
        lines += [f"  {note}" for note in self.notes]
        return [terminal_safe(line) for line in lines]

    def print(self, quiet: bool, stream: TextIO | None = None) -> None:
        """Print the summary on standard error: always when anything failed, else unless
        `quiet`."""
        if quiet and not self.failed:
            return
        out = stream or sys.stderr
        for line in self.lines():
            print(line, file=out)
        out.flush()

    def exit_status(self) -> int:
        """0 when every item was analysed, 1 when some (or all) gave error records."""
        return 1 if self.failed else 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
