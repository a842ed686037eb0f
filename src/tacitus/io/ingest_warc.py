"""Ingest, web archives: one article per HTML response record of a WARC (or ARC) file.

Reads with warcio, streaming: a record body over the byte limit is a `too_large` failure
and the rest of it is skipped chunk by chunk (a gzip bomb never sits in memory). A file cut
short (a record with fewer bytes than its Content-Length, a gzip member that ends early, a
header block that cannot be parsed at the end) gives one `truncated` failure in place of the
damaged record and everything after it; the records before it are intact.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from tacitus.io.ingest_items import (
    Item,
    TooLarge,
    from_html,
    item_limit,
    read_bounded,
    too_large,
    truncated,
)


def _iterator(handle: BinaryIO) -> Any:
    """A warcio ArchiveIterator that remembers whether its last gzip member was whole."""
    from warcio.archiveiterator import ArchiveIterator

    class _Iterator(ArchiveIterator):  # type: ignore[misc]
        complete = True

        def close(self) -> None:
            # warcio ends quietly when a gzip member stops half way; the decompressor knows.
            decompressor = getattr(self.reader, "decompressor", None)
            if decompressor is not None and not getattr(decompressor, "eof", True):
                self.complete = False
            # Uncompressed, it ends quietly inside a header block: bytes read past the end
            # of the last whole record, or a header line it had started on.
            if decompressor is None and self.next_line:
                self.complete = False
            try:
                if decompressor is None and self.fh.tell() > self.offset:
                    self.complete = False
            except (OSError, ValueError, AttributeError):
                pass  # a stream that cannot tell (standard input): next_line must do
            super().close()

    return _Iterator(handle)


def _content_type(record: Any) -> str:
    headers = record.http_headers
    return ((headers.get_header("Content-Type") or "") if headers else "").lower()


def _header_cut(record: Any) -> bool:
    """Whether a WARC record's header block stopped early (every record has a length)."""
    return str(getattr(record, "format", "")).startswith("warc") and (
        record.rec_type is None or record.rec_headers.get_header("Content-Length") is None
    )


def _is_short(record: Any) -> bool:
    """Whether the record's block ended before its Content-Length (a cut file)."""
    return int(getattr(record.raw_stream, "limit", 0) or 0) > 0


def _drain(record: Any) -> None:
    """Read the rest of the record's block, a chunk at a time, to learn whether it is whole."""
    while record.raw_stream.read(1 << 16):
        pass


def read_warc(
    handle: BinaryIO, name: str, published: str | None, source: str | None
) -> Iterator[Item]:
    """One article per HTML response record of a WARC file.

    Args:
        handle: the binary stream (compressed or not; warcio tells).
        name: the file's name, for ids (`name:N` when a record has no WARC-Record-ID).
        published, source: defaults for pages that carry none.

    Returns:
        An iterator of articles and failures (`too_large`, `not_text`, `empty`, and one
        `truncated` for a damaged end).
    """
    limit = item_limit()
    count = 0
    records = _iterator(handle)
    try:
        for record in records:
            if _header_cut(record):
                yield truncated(f"{name}:{count + 1}", name)
                return
            wanted = record.rec_type == "response" and "html" in _content_type(record)
            if wanted:
                count += 1
            item_id = record.rec_headers.get_header("WARC-Record-ID") or f"{name}:{count}"
            if not wanted:
                _drain(record)
                if _is_short(record):
                    yield truncated(f"{name}:{count + 1}", name)
                    return
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            try:
                body = read_bounded(record.content_stream(), limit)
            except TooLarge:
                _drain(record)
                if _is_short(record):
                    yield truncated(item_id, name)
                    return
                yield too_large(item_id, f"The WARC record {item_id}", limit)
                continue
            _drain(record)
            if _is_short(record):
                # The text would be a fragment of the page: not analysed, reported instead.
                yield truncated(item_id, name)
                return
            try:
                yield from_html(body, item_id, published, source, url=url)
            except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor
                from tacitus.core.article import Failure

                yield Failure(item_id, "unreadable_file", f"{type(exc).__name__}: {exc}")
            del body
        if not records.complete:
            yield truncated(f"{name}:{count + 1}", name)
    except EOFError as exc:
        yield truncated(f"{name}:{count + 1}", name, exc)
    except Exception as exc:  # noqa: BLE001 - warcio's parse errors at a damaged end
        yield truncated(f"{name}:{count + 1}", name, exc)
