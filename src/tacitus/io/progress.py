"""What a run shows its user on standard error: a progress bar and the end-of-run summary.

`progress` wraps an iterable in a tqdm bar when standard error is a terminal (never with
`-q`, never into a file or pipe). `bar_size` sizes the bar up front: in items when that is
cheap (`count_items`: a byte-level line count of JSON Lines files, one per other file),
else in bytes of input when the inputs are files of known size (WARC, gzip, feeds, CSV,
JSON: the bar then advances by the bytes the reader has consumed, and still shows the
articles and articles/s), so the bar shows a total and an ETA whenever it can.
`RunSummary` watches the records of `extract`, `ingest` and `run` go by and prints, at the
end, items read, records, error records by kind with the first message of each kind,
skipped files and ids the caller gave to more than one item. Every string from an article
goes through `terminal_safe` before it reaches the terminal. Nothing here reads or adds to
an `Article`.
"""

from __future__ import annotations

import ast
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
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
    counts one; a folder counts what it holds (hidden files and files skipped as not
    articles left out). Standard input, archives (WARC, gzip), feeds, CSV and JSON files
    hold an unknown number, so the total is then None.

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
        for file in _files(Path(name)):
            count = _count_file(file, budget)
            if count is None:
                return None
            total += count
    return total


def input_bytes(inputs: Iterable[str]) -> int | None:
    """The bytes of every file `inputs` name (files below folders included); None when one
    of them is standard input."""
    total = 0
    for name in inputs:
        if name == "-":
            return None
        for file in _files(Path(name), skipped=True):
            try:
                total += file.stat().st_size
            except OSError:
                pass
    return total


@dataclass(frozen=True)
class BarSize:
    """What a progress bar counts towards: items, or bytes of input, or nothing known.

    Attributes:
        items: how many items the inputs hold, when cheap to count.
        bytes: how many bytes the inputs have, when `items` is unknown.
    """

    items: int | None = None
    bytes: int | None = None


def bar_size(inputs: Iterable[str]) -> BarSize:
    """The total for the bar over `inputs`: items when cheap to count, else bytes of input
    when the inputs are files (not standard input), else none."""
    names = list(inputs) or ["-"]
    items = count_items(names)
    if items is not None:
        return BarSize(items=items)
    return BarSize(bytes=input_bytes(names))


def _files(path: Path, skipped: bool = False) -> list[Path]:
    """The files `read_inputs` reads for `path`: the file itself, or those below a folder
    (hidden ones left out, and, unless `skipped`, those skipped as not articles)."""
    if not path.is_dir():
        return [path]
    from tacitus.io.ingest import NOT_ARTICLE_SUFFIXES, _suffix

    files = []
    for file in sorted(path.rglob("*")):
        relative = file.relative_to(path)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if not skipped and _suffix(file) in NOT_ARTICLE_SUFFIXES:
            continue
        try:
            if file.is_file():
                files.append(file)
        except OSError:
            continue
    return files


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
    items: Iterable[T],
    quiet: bool,
    total: int | None = None,
    unit: str = " articles",
    *,
    total_bytes: int | None = None,
    bytes_read: Callable[[], int] | None = None,
) -> Iterator[T]:
    """`items`, shown as a progress bar on standard error when it is a terminal.

    Args:
        items: what to count as it goes by.
        quiet: no bar at all (`-q`).
        total: how many items to expect (gives the bar its ETA), or None.
        unit: what an item is called on the bar.
        total_bytes: with `total` None, the bytes of the inputs: the bar then shows the
            bytes read of that total (and so an ETA), with the items and items/s beside.
        bytes_read: how many of `total_bytes` have been read so far (asked per item).

    Returns:
        An iterator over `items`.
    """
    if quiet or not sys.stderr.isatty():
        return iter(items)
    from tqdm import tqdm

    if total is None and total_bytes and bytes_read is not None:
        return _byte_bar(items, total_bytes, bytes_read, unit)
    return iter(tqdm(items, total=total, unit=unit, file=sys.stderr, dynamic_ncols=True))


def _byte_bar(
    items: Iterable[T], total_bytes: int, bytes_read: Callable[[], int], unit: str
) -> Iterator[T]:
    """A bar over the bytes of the input, with the count and rate of `items` beside."""
    from tqdm import tqdm

    bar = tqdm(
        total=total_bytes,
        unit="B",
        unit_scale=True,
        file=sys.stderr,
        dynamic_ncols=True,
        bar_format="{l_bar}{bar}| {n_fmt}B/{total_fmt}B [{elapsed}<{remaining}{postfix}]",
    )
    name = unit.strip() or "items"
    start = time.monotonic()
    count = 0
    try:
        for item in items:
            count += 1
            rate = count / max(time.monotonic() - start, 1e-9)
            bar.set_postfix_str(f"{count:,} {name}, {rate:.1f} {name}/s", refresh=False)
            bar.update(max(min(bytes_read(), total_bytes) - bar.n, 0))
            yield item
        bar.update(max(min(bytes_read(), total_bytes) - bar.n, 0))
    finally:
        bar.close()


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
        made_ids: the ids tacitus made from paths in this run (`ReadStats.made_ids`): each
            is unique in the run, so it never counts as an id given twice.
    """

    items: int = 0
    records: int = 0
    errors: dict[str, list[Any]] = field(default_factory=dict)
    skipped: int = 0
    skipped_examples: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    made_ids: set[str] = field(default_factory=set)
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
        """How many ids the caller gave to more than one item (an id tacitus made from a
        path is unique in the run: a caller's id equal to it is not counted twice)."""
        return sum(1 for key, n in self._ids.items() if n > 1 and n - self._made(key) > 1)

    def _made(self, key: str) -> int:
        """1 when the id counted under `key` (its repr) is one tacitus made, else 0."""
        if not self.made_ids:
            return 0
        try:
            value = ast.literal_eval(key)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return 0
        return int(isinstance(value, str) and value in self.made_ids)

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
