"""Ingest, container formats: JSON Lines, JSON, CSV/TSV and RSS/Atom feeds, item by item.

Each reader yields one `Article` or `Failure` per item of the file, in order: a bad JSON line
or array item is a `bad_json` failure (with its number; "nested too deep" for nesting that
would exhaust Python's recursion), a line or CSV row over the byte limit is `too_large` (its
rest is streamed past, never held in memory), a CSV row or feed item without text is
`not_text`, and a compressed file that ends early gives a `truncated` failure after the
complete items.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from tacitus.core.article import Failure
from tacitus.io.ingest_items import (
    CHUNK,
    Item,
    buffered,
    container_limit,
    fragment_text,
    from_dict,
    item_limit,
    make_article,
    read_whole,
    too_large,
    truncated,
)

#: First element names of RSS 0.9x/2.0, Atom and RSS 1.0 (RDF) documents.
FEED_ROOTS = {"rss", "feed", "rdf"}
_FIRST_ELEMENT = re.compile(
    rb"^\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:[\w.-]+:)?([\w.-]+)", re.S | re.I
)


def is_feed(head: bytes) -> bool:
    """Whether a document starting with `head` (its first few KB) is an RSS or Atom feed."""
    match = _FIRST_ELEMENT.match(head.removeprefix(b"\xef\xbb\xbf"))
    return match is not None and match.group(1).decode("ascii", "replace").lower() in FEED_ROOTS


def _loads(raw: bytes | str, where: str) -> tuple[Any, str | None]:
    """The JSON value of `raw`, or None and the reason it is not valid JSON."""
    try:
        return json.loads(raw), None
    except RecursionError:
        # The C decoder recurses once per level: 100,000 nested brackets exhaust the stack.
        return None, f"{where} is nested too deep to read as JSON"
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{where} is not valid JSON: {exc}"


def _lines(handle: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of `handle`; None for a line over `limit` bytes, whose rest is skipped."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # stream past the rest of the line, a chunk at a time
                rest = handle.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line


def read_jsonl(
    handle: BinaryIO, name: str, published: str | None, source: str | None
) -> Iterator[Item]:
    """Articles from JSON Lines, one per non-blank line.

    Args:
        handle: the binary stream (a file, a gzip stream, standard input).
        name: the file's name, for ids (`name:line`) and messages.
        published, source: defaults for items that carry none.

    Returns:
        An iterator of articles and failures (`bad_json`, `not_text`, `too_large`, and
        `truncated` when a compressed stream ends early).
    """
    limit = item_limit()
    number = 0
    try:
        for number, raw in enumerate(_lines(handle, limit), start=1):
            item_id = f"{name}:{number}"
            if raw is None:
                yield too_large(item_id, f"Line {number} of {name}", limit)
                continue
            if not raw.strip():
                continue
            obj, problem = _loads(raw, f"Line {number} of {name}")
            if problem is not None:
                yield Failure(item_id, "bad_json", problem + ".")
            elif not isinstance(obj, dict):
                yield Failure(item_id, "bad_json", f"Line {number} of {name} is not a JSON object.")
            else:
                yield from_dict(obj, item_id, published, source)
            del obj  # a huge parsed line is not kept while the next one is read
    except EOFError as exc:  # a gzip stream cut short: the partial line is lost with the rest
        yield truncated(f"{name}:{number + 1}", name, exc)


def read_json(
    handle: BinaryIO,
    name: str,
    item_id: str | Callable[[], str],
    published: str | None,
    source: str | None,
) -> Iterator[Item]:
    """Articles from a `.json` file: an array gives its items, an object is one item.

    A file of several JSON values, one per line, is read as JSON Lines.

    Args:
        handle: the binary stream.
        name: the file's name, for ids (`name:N` for the Nth array item) and messages.
        item_id: the id of a single object that carries none (or of the file's failure), or
            a function that makes it, called only when it is needed.
        published, source: defaults for items that carry none.

    Returns:
        An iterator of articles and failures (`bad_json` per bad item, `too_large`).
    """
    what = f"{name} (read whole as JSON; use JSON Lines for more)"
    data = read_whole(handle, _made(item_id), name, what, container_limit())
    if isinstance(data, Failure):
        yield data
        return
    obj, problem = _loads(data, name)
    if problem is not None and "Extra data" in problem:
        yield from read_jsonl(io.BytesIO(data), name, published, source)
        return
    del data
    if problem is not None:
        yield Failure(_made(item_id), "bad_json", problem + ".")
    elif isinstance(obj, dict):
        yield from_dict(obj, _made(item_id), published, source)
    elif isinstance(obj, list):
        for number, value in enumerate(obj, start=1):
            if isinstance(value, dict):
                yield from_dict(value, f"{name}:{number}", published, source)
            else:
                yield Failure(
                    f"{name}:{number}", "bad_json", f"Item {number} of {name} is not a JSON object."
                )
    else:
        yield Failure(
            _made(item_id), "bad_json", f"{name} holds a {type(obj).__name__}, not items."
        )


def _made(item_id: str | Callable[[], str]) -> str:
    """An id given, or made now by the function given for it."""
    return item_id() if callable(item_id) else item_id


def _text_stream(handle: BinaryIO) -> io.TextIOWrapper:
    """A text view of `handle`: UTF-8, else the encoding detected on its first 64 KB."""
    stream: Any = buffered(handle)
    head = stream.peek(CHUNK)[:CHUNK]
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the sample's end
            from charset_normalizer import from_bytes as detect

            best = detect(head).best()
            encoding = best.encoding if best is not None else "latin-1"
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


# Stands for a line over the limit (noncharacters: no real text holds them).
_MARK = "\ufdd0tacitus:oversized-line\ufdd0"
_OVERSIZED = _MARK + "\n"


def _csv_lines(text: io.TextIOWrapper, limit: int) -> Iterator[str]:
    """Lines for the csv reader; a line over `limit` characters becomes a marker line."""
    while True:
        line = text.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith("\n"):
            while True:
                rest = text.readline(CHUNK)
                if not rest or rest.endswith("\n"):
                    break
            yield _OVERSIZED
        else:
            yield line


CSV_FIELDS = ("id", "published", "title", "url", "source")


def read_csv(
    handle: BinaryIO,
    name: str,
    published: str | None,
    source: str | None,
    text_column: str | None = None,
    delimiter: str = ",",
) -> Iterator[Item]:
    """Articles from a CSV (or TSV) file with a header row, one per row.

    Args:
        handle: the binary stream.
        name: the file's name, for ids (`name:line`) and messages.
        published, source: defaults for rows that carry none.
        text_column: the column holding the article text (default `text`).
        delimiter: `,` for CSV, a tab for TSV.

    Returns:
        An iterator of articles and failures: `not_text` for a row without text (or one
        failure for the file when it has no such column), `too_large`, `bad_json` never.
    """
    limit = item_limit()
    # The csv module's field limit is process-wide; an article's text may be this long.
    csv.field_size_limit(max(csv.field_size_limit(), limit))
    wanted = text_column or "text"
    text = _text_stream(handle)
    try:
        yield from _csv_rows(text, name, published, source, wanted, delimiter, limit)
    finally:
        text.detach()  # the caller owns (and closes) the file under the text view


def _csv_rows(
    text: io.TextIOWrapper,
    name: str,
    published: str | None,
    source: str | None,
    wanted: str,
    delimiter: str,
    limit: int,
) -> Iterator[Item]:
    reader = csv.reader(_csv_lines(text, limit), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield Failure(f"{name}:1", "not_text", f"Cannot read the header of {name}: {exc}.")
        return
    columns = {c.strip().casefold(): i for i, c in reversed(list(enumerate(header or [])))}
    if wanted.casefold() not in columns:
        yield Failure(
            f"{name}:1",
            "not_text",
            f"{name} has no column {wanted!r} (columns: {', '.join(header or [])[:300]}). "
            "Name the text column with --text-column NAME.",
        )
        return
    text_at = columns[wanted.casefold()]
    names = [c.strip() for c in header or []]
    while True:
        item_id = f"{name}:{reader.line_num + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Failure(item_id, "not_text", f"Row at line {reader.line_num} of {name}: {exc}.")
            continue
        except EOFError as exc:  # a gzip stream cut short
            yield truncated(item_id, name, exc)
            return
        if any(_MARK in value for value in row):
            yield too_large(item_id, f"Line {reader.line_num} of {name}", limit)
            continue
        if not row:
            continue
        body = row[text_at] if text_at < len(row) else ""
        if not body.strip():
            row_id = _column(row, columns, "id") or item_id
            yield Failure(row_id, "not_text", f"The row has no text in column {wanted!r}.")
            continue
        # Other columns are kept aside in the article's meta, as JSON Lines keys are.
        fields: dict[str, Any] = {
            key: value
            for i, (key, value) in enumerate(zip(names, row, strict=False))
            if i != text_at and key.casefold() not in CSV_FIELDS
        }
        for key in CSV_FIELDS:
            fields[key] = _column(row, columns, key)
        fields["id"] = fields["id"] or item_id
        fields["text"] = body
        yield make_article(fields, published, source)


def _column(row: list[str], columns: dict[str, int], key: str) -> str | None:
    at = columns.get(key)
    return row[at].strip() or None if at is not None and at < len(row) else None


def read_feed(
    handle: BinaryIO,
    name: str,
    item_id: str | Callable[[], str],
    published: str | None,
    source: str | None,
) -> Iterator[Item]:
    """Articles from an RSS or Atom feed, one per item (feedparser).

    Args:
        handle: the binary stream.
        name: the file's name, for ids (`name:N` for an item without id or link) and messages.
        item_id: the id of the failure when the whole feed cannot be read (or a function
            that makes it, called only then).
        published, source: defaults for items that carry none (the feed's title is the
            source when it has one).

    Returns:
        An iterator of articles and failures (`not_text` for an item without content).
    """
    import feedparser

    data = read_whole(handle, _made(item_id), name, f"The feed {name}", container_limit())
    if isinstance(data, Failure):
        yield data
        return
    # A stream, never a string: feedparser treats a string as a URL or file name to open.
    parsed = feedparser.parse(io.BytesIO(data))
    del data
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield Failure(
            _made(item_id),
            "empty",
            f"The feed {name} has no items"
            + (f" (it is not well-formed: {problem})" if problem else "")
            + ".",
        )
        return
    feed_title = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield _feed_item(entry, f"{name}:{number}", published, feed_title or source)


def web_link(value: Any) -> str | None:
    """`value` when it is an http(s) address, else None: feedparser gives an Atom entry
    without a link its `<id>` (`urn:...`, `tag:...`) as its link, and that is no URL."""
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def _feed_item(entry: Any, default_id: str, published: str | None, source: str | None) -> Item:
    item_id = entry.get("id") or entry.get("link") or default_id
    body = ""
    for detail in list(entry.get("content") or []) + [entry.get("summary_detail") or {}]:
        value = detail.get("value") or ""
        if value.strip():
            kind = (detail.get("type") or "text/html").lower()
            body = fragment_text(value) if "html" in kind else value.strip()
            if body:
                break
    if not body:
        return Failure(item_id, "not_text", "The feed item has no content or summary.")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    when = dt.datetime(*stamp[:6]).isoformat(timespec="minutes") if stamp else None
    fields = {
        "id": item_id,
        "text": body,
        "title": entry.get("title") or None,
        "url": web_link(entry.get("link")),
        "published": when or entry.get("published") or entry.get("updated"),
    }
    return make_article(fields, published, source)
