"""Ingest: turn inputs (files, folders, standard input, Python dicts) into `Article`s.

Reads plain text (`.txt`, `.text`, `.md`, no suffix), HTML (`.html`, `.htm`, `.xhtml`,
`.shtml`; trafilatura: main text, title, date, URL, site), JSON Lines (`.jsonl`, `.ndjson`),
JSON (`.json`: an array gives its items, an object is one item), CSV and TSV (a `text`
column), RSS/Atom feeds (`.rss`, `.atom`, an `.xml` whose root is a feed: one article per
item), web archives (`.warc`, `.arc`, optionally gzipped: every HTML response), any of the
text kinds gzipped (`.jsonl.gz`, `.txt.gz`, ...), folders (recursively, in name order) and
`-` (standard input, its kind sniffed). `docs/input.md` describes each kind and limit.

Every input item yields exactly one `Article` or one `Failure`, in input order; nothing is
skipped silently. Failure kinds made here: `bad_json` (with its line or item number),
`not_text`, `too_large` (over 4 x TACITUS_MAX_CHARS bytes; never read into memory whole),
`truncated` (a compressed or archive file cut short: one failure for the damaged item and
the rest), `unreadable_file` (a file or folder that cannot be read), `unsupported_format`
(a file named on the command line that is none of these kinds). Inside a folder, files that
are plainly not articles (images, stylesheets, scripts, fonts, PDFs, ...) and hidden files
are skipped; the first are counted in `ReadStats`.
"""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, cast

from tacitus.core.article import Failure
from tacitus.io.ingest_formats import is_feed, read_csv, read_feed, read_json, read_jsonl
from tacitus.io.ingest_items import (
    Item,
    buffered,
    decode,
    from_bytes,
    from_dict,
    from_html,
    item_limit,
    make_article,
    parse_published,
    read_whole,
    truncated,
)
from tacitus.io.ingest_warc import read_warc

__all__ = [
    "Item",
    "ReadStats",
    "decode",
    "from_bytes",
    "from_dict",
    "from_html",
    "make_article",
    "parse_published",
    "read_file",
    "read_inputs",
    "read_jsonl",
    "read_warc",
]

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}
#: Kinds that may also come gzipped (`.jsonl.gz`, `.txt.gz`, ...).
GZIP_INNER = (
    TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES
) - {""}
KNOWN_SUFFIXES = (
    TEXT_SUFFIXES
    | HTML_SUFFIXES
    | JSONL_SUFFIXES
    | JSON_SUFFIXES
    | CSV_SUFFIXES
    | FEED_SUFFIXES
    | WARC_SUFFIXES
    | {s + ".gz" for s in GZIP_INNER}
)
#: Inside a folder these are skipped (and counted), never made into error lines: they are
#: the images, styles, scripts, fonts, documents, media and archives of a saved site.
NOT_ARTICLE_SUFFIXES = set(
    (
        ".png .jpg .jpeg .gif .webp .svg .ico .bmp .tif .tiff .avif .heic "
        ".css .js .mjs .map .woff .woff2 .ttf .otf .eot "
        ".pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp .epub .rtf "
        ".mp3 .mp4 .m4a .wav .ogg .oga .webm .avi .mov .mkv .flac "
        ".zip .tar .tgz .bz2 .xz .7z .rar .zst .gz .tar.gz "
        ".exe .dll .so .dylib .bin .pyc .class .jar .wasm "
        ".parquet .duckdb .db .sqlite .pkl .npy .cdx .idx"
    ).split()
)
#: How many skipped paths `ReadStats` keeps as examples.
EXAMPLES = 5


@dataclass
class ReadStats:
    """What `read_inputs` passed over, filled in as the inputs are read.

    Attributes:
        skipped: files inside folders skipped as plainly not articles (by their suffix).
        skipped_examples: the first few of their paths.
    """

    skipped: int = 0
    skipped_examples: list[str] = field(default_factory=list)

    def skip(self, path: Path) -> None:
        """Count one skipped file."""
        self.skipped += 1
        if len(self.skipped_examples) < EXAMPLES:
            self.skipped_examples.append(str(path))


def read_inputs(
    inputs: Iterable[str],
    published: str | None = None,
    source: str | None = None,
    text_column: str | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Item]:
    """Articles (or failures) from paths, folders and `-`, in order.

    Args:
        inputs: paths; `-` means standard input. Empty means standard input.
        published: publication date for items that do not carry one.
        source: source name for items that do not carry one.
        text_column: the CSV/TSV column holding the text (default `text`).
        stats: filled in with the files skipped inside folders, when given.

    Returns:
        An iterator of one `Article` or `Failure` per item, in input order.
    """
    stats = stats if stats is not None else ReadStats()
    for name in list(inputs) or ["-"]:
        if name == "-":
            yield from read_stream(sys.stdin.buffer, "stdin", published, source, text_column)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_folder(path, published, source, text_column, stats)
        else:
            yield from read_file(path, published, source, text_column=text_column)


def _read_folder(
    root: Path,
    published: str | None,
    source: str | None,
    text_column: str | None,
    stats: ReadStats,
) -> Iterator[Item]:
    """Every file under `root` in name order (as sorted paths), hidden ones left out."""
    seen: set[tuple[int, int]] = set()
    # A stack of sorted entries, walked depth first: the order of sorted(root.rglob("*")).
    stack: list[list[Path]] = [[root]]
    while stack:
        if not stack[-1]:
            stack.pop()
            continue
        path = stack[-1].pop(0)
        relative = path.relative_to(root)
        if path is not root and relative.name.startswith("."):
            continue
        try:
            is_dir = path.is_dir()
            if is_dir:
                key = (path.stat().st_dev, path.stat().st_ino)
                if key in seen:  # a symbolic link back up the tree
                    continue
                seen.add(key)
                with os.scandir(path) as entries:
                    children = sorted(Path(entry.path) for entry in entries)
                stack.append(children)
                continue
            is_file = path.is_file()
        except OSError as exc:
            yield _unreadable(relative.as_posix(), path, exc)
            continue
        if not is_file:
            if not path.exists():  # a dangling link or a loop of links
                yield _unreadable(relative.as_posix(), path, None)
            continue
        item_id = _path_id(relative)
        yield from read_file(
            path, published, source, text_column=text_column, item_id=item_id, stats=stats
        )


def _unreadable(item_id: str, path: Path, exc: OSError | None) -> Failure:
    reason = (exc.strerror or str(exc)) if exc is not None else "a broken link"
    what = "folder" if exc is not None and path.is_dir() else "path"
    return Failure(
        item_id,
        "unreadable_file",
        f"Cannot read the {what} {path}: {reason}; what it holds was not read. "
        "Check its permissions.",
    )


def _suffix(path: Path) -> str:
    """The kind suffix: `.warc.gz`, `.jsonl.gz`, `.html`, or `` for none (lower case)."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return suffixes[-2] + ".gz"
    return path.suffix.lower()


def _path_id(relative: Path) -> str:
    """An id from a path: the path (relative to its input folder) without its kind suffix."""
    text = relative.as_posix()
    suffix = _suffix(relative)
    if suffix and text.lower().endswith(suffix):
        text = text[: -len(suffix)]
    return text or relative.as_posix()


def read_file(
    path: Path,
    published: str | None = None,
    source: str | None = None,
    *,
    text_column: str | None = None,
    item_id: str | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Item]:
    """Articles (or failures) from one file, chosen by its suffix.

    Args:
        path: the file.
        published, source: defaults for items that carry none.
        text_column: the CSV/TSV column holding the text.
        item_id: the id of a one-article file; default its name without the kind suffix.
        stats: given for a file found inside a folder: a file that is plainly not an
            article is then counted there and skipped; without it (a file named by the
            user) such a file is an `unsupported_format` failure.

    Returns:
        An iterator of one `Article` or `Failure` per item of the file.
    """
    suffix = _suffix(path)
    item_id = item_id or _path_id(Path(path.name))
    if suffix not in KNOWN_SUFFIXES:
        if stats is not None and suffix in NOT_ARTICLE_SUFFIXES:
            stats.skip(path)
        else:
            yield _unsupported(item_id, path, suffix)
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Failure(item_id, "unreadable_file", f"Cannot read {path}: {exc.strerror or exc}.")
        return
    with handle:
        if suffix == ".xml" or suffix == ".xml.gz":
            stream = _open_inner(handle, suffix)
            if not is_feed(_peek(stream)):
                if stats is not None:
                    stats.skip(path)
                else:
                    yield _unsupported(item_id, path, suffix + " (not an RSS or Atom feed)")
                return
            yield from _guard(read_feed(stream, str(path), item_id, published, source), path)
            return
        yield from _guard(
            _read_kind(
                _open_inner(handle, suffix),
                suffix,
                str(path),
                item_id,
                published,
                source,
                text_column,
            ),
            path,
        )


def _unsupported(item_id: str, path: Path, suffix: str) -> Failure:
    return Failure(
        item_id,
        "unsupported_format",
        f"{path}: tacitus does not read {suffix or 'this kind of'} files. It reads text "
        "(.txt, .md), HTML, JSON Lines, JSON, CSV/TSV, RSS/Atom and WARC files (also gzipped); "
        "rename a plain text file to .txt.",
    )


def _open_inner(handle: BinaryIO, suffix: str) -> BinaryIO:
    """The decompressed stream of a gzipped text kind (warcio decompresses WARC itself)."""
    if suffix.endswith(".gz") and suffix not in WARC_SUFFIXES:
        # GzipFile reads a bounded amount per call: a bomb inflates only as far as we read.
        return cast(BinaryIO, gzip.GzipFile(fileobj=handle))
    return handle


def _peek(stream: BinaryIO) -> bytes:
    try:
        return stream.peek(4096)[:4096]  # type: ignore[attr-defined, no-any-return]
    except (OSError, EOFError, zlib.error):
        return b""


def _guard(items: Iterator[Item], path: Path) -> Iterator[Item]:
    """The items of a file; a stream that breaks part way gives one failure for the rest."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except EOFError as exc:  # a gzip stream cut short, met outside the readers' own checks
        yield truncated(f"{path}:{count + 1}", str(path), exc)
    except (OSError, ValueError, zlib.error) as exc:  # corrupt compressed data, I/O errors
        yield Failure(
            f"{path}:{count + 1}",
            "unreadable_file",
            f"{path} is damaged; the items after this point were not read: {exc}.",
        )


def _read_kind(
    stream: BinaryIO,
    suffix: str,
    name: str,
    item_id: str,
    published: str | None,
    source: str | None,
    text_column: str | None,
) -> Iterator[Item]:
    kind = suffix.removesuffix(".gz") if suffix not in WARC_SUFFIXES else suffix
    if kind in WARC_SUFFIXES:
        yield from read_warc(stream, name, published, source)
    elif kind in JSONL_SUFFIXES:
        yield from read_jsonl(stream, name, published, source)
    elif kind in JSON_SUFFIXES:
        yield from read_json(stream, name, item_id, published, source)
    elif kind in CSV_SUFFIXES:
        delimiter = "\t" if kind == ".tsv" else ","
        yield from read_csv(stream, name, published, source, text_column, delimiter)
    elif kind in FEED_SUFFIXES:
        yield from read_feed(stream, name, item_id, published, source)
    elif kind in HTML_SUFFIXES:
        yield _whole(stream, name, item_id, lambda d: from_html(d, item_id, published, source))
    else:
        yield _whole(stream, name, item_id, lambda d: from_bytes(d, item_id, published, source))


def _whole(stream: BinaryIO, name: str, item_id: str, make: Callable[[bytes], Item]) -> Item:
    """The one item of a single-article file, read up to the byte limit."""
    data = read_whole(stream, item_id, name, name, item_limit())
    if isinstance(data, Failure):
        return data
    try:
        return make(data)
    except Exception as exc:  # noqa: BLE001 - a broken file is that file's error record
        return Failure(item_id, "unreadable_file", f"{type(exc).__name__}: {exc}")


def read_stream(
    stream: BinaryIO,
    name: str,
    published: str | None = None,
    source: str | None = None,
    text_column: str | None = None,
) -> Iterator[Item]:
    """Articles from a stream whose kind is sniffed from its first bytes (standard input).

    Args:
        stream: the binary stream.
        name: its name for ids and messages (`stdin`).
        published, source: defaults for items that carry none.
        text_column: unused unless a later version sniffs CSV; kept for symmetry.

    Returns:
        WARC (`WARC/` or gzip magic), JSON Lines (`{`), JSON (`[`), a feed or HTML (`<`),
        else one plain-text article.
    """
    stream = buffered(stream)
    head = _peek(stream)
    start = head.lstrip().removeprefix(b"\xef\xbb\xbf")[:1]
    if head[:4] == b"WARC" or head[:2] == b"\x1f\x8b":
        yield from _guard(read_warc(stream, name, published, source), Path(name))
    elif start == b"{":
        yield from _guard(read_jsonl(stream, name, published, source), Path(name))
    elif start == b"[":
        yield from read_json(stream, name, name, published, source)
    elif start == b"<" and is_feed(head):
        yield from read_feed(stream, name, name, published, source)
    elif start == b"<":
        yield _whole(stream, name, name, lambda d: from_html(d, name, published, source))
    else:
        yield _whole(stream, name, name, lambda d: from_bytes(d, name, published, source))
