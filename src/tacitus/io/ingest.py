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
are skipped; the first are counted in `ReadStats`. Ids an item carries are kept as given;
ids made from paths are unique in a run (`ReadStats.claim_id`; docs/input.md, "Ids").
"""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO, TypeVar, cast

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

T = TypeVar("T")

__all__ = [
    "Item",
    "ReadStats",
    "decode",
    "from_bytes",
    "from_dict",
    "from_html",
    "guard",
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
    """What `read_inputs` passed over and made up, filled in as the inputs are read.

    One `ReadStats` is one run: the ids it makes from paths are unique within it (see
    `claim_id`), also across several calls of `read_inputs` given the same `ReadStats`.

    Attributes:
        skipped: files inside folders skipped as plainly not articles (by their suffix).
        skipped_examples: the first few of their paths.
        made_ids: the ids made from paths so far (those of one-article files and of
            failures that stand for a whole file or folder).
        bytes_done: bytes of the input files read (or passed over) so far, whole files.
    """

    skipped: int = 0
    skipped_examples: list[str] = field(default_factory=list)
    made_ids: set[str] = field(default_factory=set)
    bytes_done: int = 0
    _names: dict[str, int] = field(default_factory=dict)
    _stems: dict[str, set[str]] = field(default_factory=dict)
    _inputs: set[Path] = field(default_factory=set)
    _meet: bool = False
    _current: BinaryIO | None = None

    def skip(self, path: Path) -> None:
        """Count one skipped file."""
        self.skipped += 1
        if len(self.skipped_examples) < EXAMPLES:
            self.skipped_examples.append(str(path))

    def expect(self, names: Iterable[str]) -> None:
        """Note the inputs named on the command line (again for the same run: no harm).

        Two files with the same name (`site/a/index.html`, `site/b/index.html`) both get
        their path as id; inputs that meet (a file named twice, a folder and a file inside
        it) number their items apart (`claim_name`).
        """
        batch: set[Path] = set()
        for name in names:
            if name == "-":
                continue
            path = Path(name)
            if not path.is_dir():
                stem = _path_id(Path(path.name))
                self._stems.setdefault(stem, set()).add(path.as_posix())
            try:
                where = path.resolve()
            except (OSError, RuntimeError):
                where = path.absolute()
            self._meet = self._meet or where in batch
            batch.add(where)
        self._inputs |= batch
        self._meet = self._meet or any(
            parent in self._inputs for where in batch for parent in where.parents
        )

    def named_id(self, path: Path) -> str:
        """The id of a file named on the command line (before `claim_id`): its name without
        the kind suffix, or its path as given when another named file has that name."""
        stem = _path_id(Path(path.name))
        return path.as_posix() if len(self._stems.get(stem, ())) > 1 else stem

    def claim_id(self, wanted: str, given: str) -> str:
        """An id made from a path, unique in the run.

        Args:
            wanted: the id as usual (`page`, `a/index`).
            given: the file's path as given (the input folder joined with the path inside
                it), used when `wanted` is taken by an earlier item of the run.

        Returns:
            `wanted`; else `given`; else `given#2`, `given#3`, ... (the same file read twice).
        """
        for candidate in (wanted, given):
            if candidate not in self.made_ids:
                self.made_ids.add(candidate)
                return candidate
        number = 2
        while f"{given}#{number}" in self.made_ids:
            number += 1
        self.made_ids.add(f"{given}#{number}")
        return f"{given}#{number}"

    def claim_name(self, name: str) -> str:
        """The name a file's items are numbered under (`NAME:LINE`): its path as given, with
        `#2`, `#3`, ... when the same path is read again in the run."""
        if not self._meet:  # no path can be read twice: nothing to remember
            return name
        seen = self._names.get(name, 0) + 1
        self._names[name] = seen
        return name if seen == 1 else f"{name}#{seen}"

    def position(self) -> int:
        """Bytes of the inputs read so far: whole files done, plus the current file's."""
        current = self._current
        if current is None:
            return self.bytes_done
        try:
            return self.bytes_done + current.tell()
        except (OSError, ValueError):  # closed meanwhile, or a stream that cannot tell
            return self.bytes_done


def read_inputs(
    inputs: Iterable[str],
    published: str | None = None,
    source: str | None = None,
    text_column: str | None = None,
    stats: ReadStats | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Articles (or failures) from paths, folders and `-`, in order.

    Args:
        inputs: paths; `-` means standard input. Empty means standard input.
        published: publication date for items that do not carry one.
        source: source name for items that do not carry one.
        text_column: the CSV/TSV column holding the text (default `text`).
        stats: the run's: filled in with the files skipped inside folders, the ids made
            from paths (unique in the run, over every call given this `stats`) and the
            bytes read so far (for the progress bar).
        stdin: what `-` reads (default: standard input's bytes).

    Returns:
        An iterator of one `Article` or `Failure` per item, in input order.
    """
    stats = stats if stats is not None else ReadStats()
    names = list(inputs) or ["-"]
    stats.expect(names)
    for name in names:
        if name == "-":
            label = stats.claim_id("stdin", "stdin")
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(stream, label, published, source, text_column)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_folder(path, published, source, text_column, stats)
        else:
            wanted = stats.named_id(path)
            yield from _read_claimed(path, wanted, published, source, text_column, stats, False)


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
            yield _unreadable(_folder_id(root, path, stats), path, exc)
            continue
        if not is_file:
            if not path.exists():  # a dangling link or a loop of links
                yield _unreadable(_folder_id(root, path, stats), path, None)
            continue
        wanted = _path_id(relative)
        yield from _read_claimed(path, wanted, published, source, text_column, stats, True)


def _read_claimed(
    path: Path,
    wanted: str,
    published: str | None,
    source: str | None,
    text_column: str | None,
    stats: ReadStats,
    in_folder: bool,
) -> Iterator[Item]:
    """The items of a file of this run, its id claimed in `stats` (`wanted` unless taken)."""
    yield from _read_path(
        path,
        published,
        source,
        text_column,
        partial(stats.claim_id, wanted, path.as_posix()),
        stats.claim_name(str(path)),
        stats,
        in_folder=in_folder,
    )


def _folder_id(root: Path, path: Path, stats: ReadStats) -> str:
    """The id of a path below `root` that cannot be read: its path relative to `root`, or,
    for `root` itself, the folder as given."""
    wanted = root.as_posix() if path == root else path.relative_to(root).as_posix()
    return stats.claim_id(wanted, path.as_posix())


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
    wanted = item_id or _path_id(Path(path.name))
    yield from _read_path(
        path,
        published,
        source,
        text_column,
        lambda: wanted,
        str(path),
        stats,
        in_folder=stats is not None,
    )


def _read_path(
    path: Path,
    published: str | None,
    source: str | None,
    text_column: str | None,
    make_id: Callable[[], str],
    name: str,
    stats: ReadStats | None,
    *,
    in_folder: bool,
) -> Iterator[Item]:
    """The items of one file.

    `make_id()` gives the id of a one-article file, a single JSON object or a failure of the
    whole file; it is called once, and only when such an id is needed (a JSON Lines file's
    items are `NAME:LINE`, so the file's own id stays free for another file). `name` is
    the file's name in messages and numbered ids.
    """
    suffix = _suffix(path)
    made: list[str] = []

    def file_id() -> str:
        if not made:
            made.append(make_id())
        return made[0]

    try:
        if suffix not in KNOWN_SUFFIXES:
            if in_folder and stats is not None and suffix in NOT_ARTICLE_SUFFIXES:
                stats.skip(path)
            else:
                yield _unsupported(file_id(), path, suffix)
            return
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield Failure(
                file_id(), "unreadable_file", f"Cannot read {path}: {exc.strerror or exc}."
            )
            return
        with handle:
            if stats is not None:
                stats._current = handle
            if suffix == ".xml" or suffix == ".xml.gz":
                stream = _open_inner(handle, suffix)
                if not is_feed(_peek(stream)):
                    if in_folder and stats is not None:
                        stats.skip(path)
                    else:
                        yield _unsupported(file_id(), path, suffix + " (not an RSS or Atom feed)")
                    return
                yield from guard(read_feed(stream, name, file_id, published, source), name)
                return
            yield from guard(
                _read_kind(
                    _open_inner(handle, suffix),
                    suffix,
                    name,
                    file_id,
                    published,
                    source,
                    text_column,
                ),
                name,
            )
    finally:
        if stats is not None:
            stats._current = None
            stats.bytes_done += _size(path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


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


def guard(items: Iterator[T], path: str) -> Iterator[T | Failure]:
    """The items a reader yields from the file `path` (articles, or the records `tacitus
    ingest` reads), then, if the stream breaks part way, one failure for the rest."""
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
    file_id: Callable[[], str],
    published: str | None,
    source: str | None,
    text_column: str | None,
) -> Iterator[Item]:
    kind = suffix.removesuffix(".gz") if suffix not in WARC_SUFFIXES else suffix
    if kind in WARC_SUFFIXES:
        yield from read_warc(stream, name, published, source)
    elif kind in JSONL_SUFFIXES:
        yield from read_jsonl(stream, name, published, source)
    elif kind in CSV_SUFFIXES:
        delimiter = "\t" if kind == ".tsv" else ","
        yield from read_csv(stream, name, published, source, text_column, delimiter)
    elif kind in JSON_SUFFIXES:
        yield from read_json(stream, name, file_id, published, source)
    elif kind in FEED_SUFFIXES:
        yield from read_feed(stream, name, file_id, published, source)
    else:
        item_id = file_id()
        if kind in HTML_SUFFIXES:
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
        WARC (`WARC/`, or gzipped), JSON Lines (`{`), JSON (`[`), a feed or HTML (`<`),
        else one plain-text article; any of them gzipped (sniffed inside the gzip stream).
    """
    stream = buffered(stream)
    head = _peek(stream)
    start = head.lstrip().removeprefix(b"\xef\xbb\xbf")[:1]
    gzipped = head[:2] == b"\x1f\x8b"
    if gzipped and isinstance(stream, gzip.GzipFile):
        message = f"{name} is gzipped twice: unpack it once before giving it to tacitus."
        yield Failure(f"{name}:1", "unsupported_format", message)
    elif gzipped and not _gzipped_warc(head):
        # `gzip -c page.jsonl | tacitus extract -`: the kind is that of what it holds
        inner = cast(BinaryIO, gzip.GzipFile(fileobj=stream))
        yield from guard(read_stream(inner, name, published, source, text_column), name)
    elif head[:4] == b"WARC" or gzipped:
        yield from guard(read_warc(stream, name, published, source), name)
    elif start == b"{":
        yield from guard(read_jsonl(stream, name, published, source), name)
    elif start == b"[":
        yield from read_json(stream, name, name, published, source)
    elif start == b"<" and is_feed(head):
        yield from read_feed(stream, name, name, published, source)
    elif start == b"<":
        yield _whole(stream, name, name, lambda d: from_html(d, name, published, source))
    else:
        yield _whole(stream, name, name, lambda d: from_bytes(d, name, published, source))


def _gzipped_warc(head: bytes) -> bool:
    """Whether the first bytes of a gzip stream open a web archive (or cannot be read: the
    WARC reader says what is wrong with them)."""
    try:
        inner = zlib.decompressobj(wbits=31).decompress(head, 64)
    except zlib.error:
        return True
    return inner[:4] == b"WARC" or not inner
