"""The progress bar (issue 14): a total and an ETA whenever the input's size is known, in
items when they are cheap to count, else in bytes of input read; `ingest` shows the same."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from tacitus.cli import main
from tacitus.io.ingest import ReadStats, read_inputs
from tacitus.io.progress import BarSize, bar_size, progress

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
STORY = (
    "BEIRUT (AP) - Lebanese troops arrested {n} men on Sunday near the border with Syria, "
    "the army said, after a gunfight that wounded two soldiers."
)
#: `12.3kB/45.6kB [00:01<00:02` or `3/3 [00:01<00:00`: a total and an ETA.
TOTAL_AND_ETA = re.compile(r"(\d+(\.\d+)?[kMG]?B)/(\d+(\.\d+)?[kMG]?B) \[\d\d:\d\d<\d\d:\d\d")
ITEMS_AND_ETA = re.compile(r"(\d+)/(\d+) \[\d\d:\d\d<\d\d:\d\d")


class Terminal(io.StringIO):
    """Standard error as a terminal: tqdm draws its bar into it."""

    def isatty(self) -> bool:
        return True


@contextlib.contextmanager
def on_terminal() -> Iterator[Terminal]:
    """Standard error is a terminal inside the block (set in the test itself: pytest sets
    its own capture again between a fixture and the test)."""
    stream, saved = Terminal(), sys.stderr
    sys.stderr = stream
    try:
        yield stream
    finally:
        sys.stderr = saved


def _last_bar(text: str) -> str:
    frames = [f for f in re.split(r"[\r\n]", text) if "|" in f]
    assert frames, text
    return frames[-1]


def test_extract_of_a_warc_shows_bytes_of_a_total_and_an_eta(capsys):
    warc = FIXTURES / "crawl.warc.gz"
    with on_terminal() as terminal:
        assert main(["extract", str(warc)]) == 0
    bar = _last_bar(terminal.getvalue())
    found = TOTAL_AND_ETA.search(bar)
    assert found, bar
    assert found.group(1) == found.group(3)  # read to the end: done = total
    assert "3 articles" in bar and "articles/s" in bar
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_extract_of_a_gz_file_shows_a_total_and_an_eta(tmp_path, capsys):
    lines = "".join(json.dumps({"id": n, "text": STORY.format(n=n)}) + "\n" for n in range(3))
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(lines.encode()))
    with on_terminal() as terminal:
        assert main(["extract", str(path)]) == 0
    bar = _last_bar(terminal.getvalue())
    assert TOTAL_AND_ETA.search(bar) and "3 articles" in bar, bar


def test_ingest_uses_the_same_bar(tmp_path):
    db = tmp_path / "t.duckdb"
    with on_terminal() as terminal:
        assert main(["ingest", "--db", str(db), str(FIXTURES / "crawl.warc.gz")]) == 0
    bar = _last_bar(terminal.getvalue())
    assert TOTAL_AND_ETA.search(bar) and "3 articles" in bar, bar


def test_items_cheap_to_count_keep_an_item_total(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY.format(n="three"))
    db = tmp_path / "t.duckdb"
    with on_terminal() as terminal:
        assert main(["ingest", "--db", str(db), str(path)]) == 0
    found = ITEMS_AND_ETA.search(_last_bar(terminal.getvalue()))
    assert found and found.group(1) == found.group(2) == "1"


def test_bar_size_items_else_bytes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n')
    (folder / "logo.png").write_bytes(b"\x89PNG")  # skipped: no item, but bytes read past
    (folder / ".hidden.txt").write_text("never read")
    assert bar_size([str(folder)]) == BarSize(items=2)
    (folder / "c.csv").write_text("text\nx\n")
    size = (folder / "a.jsonl").stat().st_size + 4 + (folder / "c.csv").stat().st_size
    assert bar_size([str(folder)]) == BarSize(bytes=size)
    assert bar_size(["-"]) == BarSize()


def test_bytes_read_reach_the_total(tmp_path):
    (tmp_path / "a.csv").write_text(f'text\n"{STORY.format(n=1)}"\n"{STORY.format(n=2)}"\n')
    (tmp_path / "b.png").write_bytes(b"\x89PNG" * 10)
    (tmp_path / "c.txt").write_text(STORY.format(n=3))
    stats = ReadStats()
    seen = [stats.position() for _ in read_inputs([str(tmp_path)], stats=stats)]
    total = bar_size([str(tmp_path)]).bytes
    assert seen == sorted(seen) and 0 < seen[0] and stats.position() == total


def test_no_bar_when_quiet():
    with on_terminal() as terminal:
        shown = progress([1, 2], quiet=True, total_bytes=10, bytes_read=lambda: 5)
        assert list(shown) == [1, 2]
    assert terminal.getvalue() == ""
