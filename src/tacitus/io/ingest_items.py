"""Ingest, item level: one `Article` (or `Failure`) from bytes, HTML, a dict or a text field.

Shared by every input format of `ingest`: decoding (UTF-8 or detected), HTML main text
(trafilatura), HTML fragments of feeds (lxml), ids as the caller gave them, publication
dates, and the byte limits that keep a hostile input (a gzip bomb, a huge line) from being
read into memory: `read_bounded` stops at the limit and the caller streams past the rest.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from typing import Any, BinaryIO, cast

from tacitus.core.article import Article, Failure

Item = Article | Failure
#: An item's id: kept as the caller gave it when it is a string or an integer.
ItemId = str | int

#: Bytes per character allowed for an item before decoding (UTF-8 needs at most 4).
BYTES_PER_CHAR = 4
#: Characters of an article when TACITUS_MAX_CHARS is not set (as `Settings.max_chars`).
DEFAULT_MAX_CHARS = 1_000_000
#: Files parsed whole (a `.json` array, an RSS/Atom feed) may be this many item limits long.
CONTAINER_ITEMS = 4
#: Bytes read at a time when streaming past the rest of an over-long item.
CHUNK = 1 << 16


class TooLarge(Exception):
    """An item is longer than its byte limit; its rest has not been read."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def item_limit() -> int:
    """Bytes one item (a file, a line, a WARC record body) may have before decoding.

    Returns:
        4 x TACITUS_MAX_CHARS (4,000,000 by default): no longer text can pass the
        `too_large` check of the clean stage, so reading more would only cost memory.
    """
    raw = os.environ.get("TACITUS_MAX_CHARS", "")
    try:
        chars = int(raw) if raw.strip() else DEFAULT_MAX_CHARS
    except ValueError:
        chars = DEFAULT_MAX_CHARS
    return max(chars, 1) * BYTES_PER_CHAR


def container_limit() -> int:
    """Bytes a file that is parsed whole (`.json`, RSS/Atom) may have (16,000,000 by default)."""
    return item_limit() * CONTAINER_ITEMS


def read_bounded(stream: BinaryIO, limit: int) -> bytes:
    """All of `stream`, read in chunks, or `TooLarge` as soon as it passes `limit` bytes.

    Args:
        stream: a binary stream (a file, a gzip stream, a WARC record's content).
        limit: the most bytes to accept.

    Returns:
        The bytes. Raises `TooLarge` without reading the rest (the caller skips it).
    """
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(limit)


def buffered(stream: BinaryIO) -> BinaryIO:
    """`stream` itself when it can peek (files, gzip streams), else a buffered view of it."""
    if hasattr(stream, "peek"):
        return stream
    return cast(BinaryIO, io.BufferedReader(cast(Any, stream)))


class _Replayed(io.RawIOBase):
    """The bytes already read from a stream, then the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        # the head and what the stream has ready after it in one read, as a first read of
        # the stream itself would give: a reader that peeks once sees past the head
        data = self._head[: len(buffer)]
        self._head = self._head[len(data) :]
        if len(data) < len(buffer) and not self._head:
            data += self._rest.read1(len(buffer) - len(data))  # type: ignore[attr-defined]
        buffer[: len(data)] = data
        return len(data)


def replayed(head: bytes, rest: BinaryIO) -> BinaryIO:
    """A stream that gives `head` (read from `rest` to look at it) and then the rest of
    `rest`: standard input can be read once only, so what was looked at is given back."""
    return cast(BinaryIO, io.BufferedReader(_Replayed(head, buffered(rest))))


def read_whole(
    stream: BinaryIO, item_id: ItemId, name: str, what: str, limit: int
) -> bytes | Failure:
    """All of `stream` up to `limit` bytes, or the failure that stands for it.

    Args:
        stream: a binary stream read whole (a file, a gzip stream).
        item_id: the id of the failure.
        name: the file's name, for the `truncated` message.
        what: how the `too_large` message names the item.
        limit: the most bytes to accept.

    Returns:
        The bytes, or a `too_large` failure (over the limit) or a `truncated` one (a
        compressed stream cut short).
    """
    try:
        return read_bounded(stream, limit)
    except TooLarge:
        return too_large(item_id, what, limit)
    except EOFError as exc:
        return truncated(item_id, name, exc)


def too_large(item_id: ItemId, what: str, limit: int) -> Failure:
    """The `too_large` failure of an item over its byte limit."""
    return Failure(
        item_id,
        "too_large",
        f"{what} is over {limit:,} bytes (4 x TACITUS_MAX_CHARS); it was not read. "
        "Split it, or raise TACITUS_MAX_CHARS if it really is one article.",
    )


def truncated(item_id: ItemId, name: str, exc: BaseException | None = None) -> Failure:
    """The `truncated` failure that stands for a damaged item and everything after it."""
    detail = f" ({exc})" if exc is not None and str(exc) else ""
    return Failure(
        str(item_id),
        "truncated",
        f"{name} ends early{detail}: this item and anything after it in the file were not "
        "read. Download or copy the file again.",
    )


def decode(data: bytes) -> str | None:
    """Text of `data`: UTF-8 when valid, else the encoding charset-normalizer detects.

    Args:
        data: raw bytes of a text or page.

    Returns:
        The text, or None for binary data (NUL bytes or no plausible encoding).
    """
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes as detect

    best = detect(data).best()
    return str(best) if best is not None else None


def from_bytes(data: bytes, item_id: str, published: str | None, source: str | None) -> Item:
    """An article from the bytes of a plain text file.

    Args:
        data: the file's bytes.
        item_id: the id to give the article.
        published, source: defaults for the article's metadata.

    Returns:
        The article, or a `not_text` failure for binary data.
    """
    text = decode(data)
    if text is None:
        return Failure(item_id, "not_text", "The file is binary, not text.")
    return make_article({"id": item_id, "text": text}, published, source)


def from_html(
    data: bytes | str,
    item_id: str,
    published: str | None,
    source: str | None,
    url: str | None = None,
) -> Item:
    """An article from an HTML page: main text and metadata via trafilatura.

    Args:
        data: the page, as bytes (decoded here) or text.
        item_id: the id to give the article.
        published, source: defaults for the article's metadata.
        url: the page's address when known (a WARC record's target).

    Returns:
        The article, or a `not_text` / `empty` failure.
    """
    html = data if isinstance(data, str) else decode(data)
    if html is None:
        return Failure(item_id, "not_text", "The page is binary, not HTML.")
    fields = _page_fields(html, url)
    if fields is None:
        return Failure(item_id, "empty", _NO_PAGE_TEXT)
    return make_article({"id": item_id, **fields}, published, source)


_NO_PAGE_TEXT = "No article text could be extracted from the HTML page."


def _page_fields(html: str, url: str | None) -> dict[str, Any] | None:
    """A page's main text and metadata (trafilatura), or None when it has no text."""
    import trafilatura

    doc: Any = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False
    )
    if doc is None or not (doc.text or "").strip():
        return None
    return {
        "text": doc.text,
        "title": doc.title,
        "url": url or doc.url,
        "source": doc.sitename or doc.hostname,
        "published": doc.date,
    }


_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre")


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed item's content), one paragraph per block.

    Args:
        html: the fragment; scripts and styles are dropped, never run.

    Returns:
        Its text, paragraphs separated by blank lines.
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):
        try:  # a whole page ("<!DOCTYPE html><html></html>": lxml asserts one body)
            root = lxml_html.document_fromstring(html)
        except (etree.ParserError, ValueError):
            return html.strip()
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n")]
    paragraphs, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)


def given_id(value: Any) -> ItemId | None:
    """The id an input item carries, kept as given; None when it carries none.

    Args:
        value: the item's `id` value.

    Returns:
        Strings and integers as they are (0 is an id, not a missing one); other JSON values
        (floats, booleans, lists) as their JSON text; None for a missing, null or empty id.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        return str(value)


def from_dict(
    obj: dict[str, Any], default_id: str, published: str | None = None, source: str | None = None
) -> Item:
    """An article from a dict with `text` (and optionally id, published, source, url, title).

    Args:
        obj: the item; other keys are kept in the article's `meta`.
        default_id: the id when the item has none.
        published, source: defaults for items that carry none.

    Returns:
        The article, or a `not_text` failure when `text` is missing or not a string.
    """
    given = given_id(obj.get("id"))
    item_id: ItemId = default_id if given is None else given
    text = obj.get("text")
    if text is None:
        why = "'text' is null" if "text" in obj else "The item has no 'text' key"
        return Failure(item_id, "not_text", f"{why}; give the article's text as a string.")
    if not isinstance(text, str):
        return Failure(
            item_id,
            "not_text",
            f"'text' is a {type(text).__name__}, not a string.",
        )
    if _HTML_DOCUMENT.match(text):
        return _from_page_text(obj, item_id, text, published, source)
    if _HTML_FRAGMENT.match(text):  # "<p>The ministry said ...</p>": markup is no prose
        return make_article({**obj, "id": item_id, "text": fragment_text(text)}, published, source)
    return make_article({**obj, "id": item_id}, published, source)


#: A text that is a whole HTML page, as scrapers store it ("<!DOCTYPE html>", "<html>").
_HTML_DOCUMENT = re.compile(r"\s*(?:<!--[^>]*-->\s*)?<(?:!doctype\s+html|html)\b", re.I)
#: A text that opens with a block element of HTML: a fragment of a page.
_HTML_FRAGMENT = re.compile(
    r"\s*<(?:p|div|article|section|body|main|h[1-6]|blockquote|ul|ol|table)\b[^>]*>", re.I
)


def _from_page_text(
    obj: dict[str, Any], item_id: ItemId, html: str, published: str | None, source: str | None
) -> Item:
    """An item whose `text` is a whole HTML page: its main text (trafilatura), as for an
    HTML file; the item's own title, date, URL and source stand before the page's."""
    page = _page_fields(html, _text_or_none(obj.get("url")))
    if page is None:
        text = fragment_text(html)  # a page too short for trafilatura: its text, no markup
        if not text.strip():
            return Failure(item_id, "empty", _NO_PAGE_TEXT)
        return make_article({**obj, "id": item_id, "text": text}, published, source)
    given = {k: v for k, v in obj.items() if v and k != "text"}
    fields = {k: v for k, v in page.items() if v} | given
    return make_article({**fields, "id": item_id}, published, source)


def _text_or_none(value: Any) -> str | None:
    # Metadata from an input is untrusted: only strings are kept as strings.
    if value is None or isinstance(value, str):
        return value
    return str(value)


def make_article(fields: dict[str, Any], published: str | None, source: str | None) -> Article:
    """An `Article` from input fields; an unparseable `published` becomes a `bad_date` error.

    Args:
        fields: id, text and optionally published, source, url, title; others go to `meta`.
        published, source: defaults for fields that are missing.

    Returns:
        The article (its id kept as given: a string or an integer).
    """
    known = {"id", "text", "published", "source", "url", "title", "gold", "raw"}
    item_id = fields["id"]
    if not isinstance(item_id, int) or isinstance(item_id, bool):
        item_id = str(item_id)
    article = Article(
        id=item_id,
        text=fields["text"],
        source=_text_or_none(fields.get("source")) or source,
        url=_text_or_none(fields.get("url")),
        title=_text_or_none(fields.get("title")),
        meta={k: v for k, v in fields.items() if k not in known},
    )
    given = fields.get("published") or published
    if given is not None:
        value = parse_published(given)
        if value is None:
            article.add_error(
                "bad_date",
                f"Cannot read the publication date {given!r}; "
                "relative dates are left unanchored. Use ISO 8601 (2016-12-23).",
            )
        article.published = value
    return article


def parse_published(value: Any) -> str | None:
    """An ISO date (or date-time, kept as given to the minute) from `value`, or None.

    Args:
        value: a date, datetime or string (ISO 8601 or anything dateutil reads).

    Returns:
        `YYYY-MM-DD` (or `YYYY-MM-DDTHH:MM` when a time of day is given), or None.
    """
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return (
            stamp.isoformat(timespec="minutes")
            if (stamp.hour or stamp.minute)
            else stamp.date().isoformat()
        )
    except ValueError:
        pass
    from dateutil import parser

    try:
        stamp = parser.parse(text, dayfirst=False, yearfirst=True)
    except (ValueError, OverflowError):
        return None
    return stamp.date().isoformat()
