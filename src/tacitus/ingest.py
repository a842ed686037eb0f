"""Ingest: turn inputs (files, folders, standard input, Python dicts) into `Article`s.

Reads `.txt`, `.html`/`.htm` (trafilatura: main text, title, date, URL, site), `.jsonl`
(keys `text`, optionally `id`, `published`, `source`, `url`, `title`), `.warc`/`.warc.gz`
(warcio: every HTML response is an article), folders (recursively) and `-` (standard input).
Every input item yields exactly one `Article` or one `Failure` (`bad_json` with its line
number, `unreadable_file`, `not_text`, ...), in input order; nothing is skipped silently.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .article import Article, Failure

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}

Item = Article | Failure


def read_inputs(
    inputs: Iterable[str], published: str | None = None, source: str | None = None
) -> Iterator[Item]:
    """Articles (or failures) from paths, folders and `-`, in order.

    Args:
        inputs: paths; `-` means standard input. Empty means standard input.
        published: publication date for items that do not carry one.
        source: source name for items that do not carry one.
    """
    inputs = list(inputs) or ["-"]
    for name in inputs:
        if name == "-":
            yield from _read_stream(sys.stdin.buffer, "stdin", published, source)
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield from read_file(child, published, source)
        else:
            yield from read_file(path, published, source)


def read_file(
    path: Path, published: str | None = None, source: str | None = None
) -> Iterator[Item]:
    """Articles (or failures) from one file, chosen by its suffix."""
    suffix = (
        "".join(path.suffixes[-2:]).lower() if path.name.endswith(".gz") else path.suffix.lower()
    )
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Failure(str(path), "unreadable_file", f"Cannot read {path}: {exc.strerror or exc}.")
        return
    with handle:
        try:
            yield from _read_open(handle, suffix, path, published, source)
        except (OSError, EOFError, ValueError) as exc:  # truncated gzip, broken stream
            yield Failure(
                f"{path}:rest",
                "unreadable_file",
                f"{path} is damaged; the items after this point were not read: {exc}.",
            )


def _read_open(
    handle: BinaryIO, suffix: str, path: Path, published: str | None, source: str | None
) -> Iterator[Item]:
    if suffix in {".jsonl.gz", ".ndjson.gz", ".txt.gz"}:
        import gzip

        inner = gzip.GzipFile(fileobj=handle)
        if suffix == ".txt.gz":
            yield from _one(
                lambda: from_bytes(inner.read(), path.stem, published, source), path.stem
            )
        else:
            yield from read_jsonl(inner, str(path), published, source)  # type: ignore[arg-type]
    elif suffix in WARC_SUFFIXES:
        yield from read_warc(handle, str(path), published, source)
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl(handle, str(path), published, source)
    elif suffix in HTML_SUFFIXES:
        yield from _one(lambda: from_html(handle.read(), path.stem, published, source), path.stem)
    else:
        yield from _one(lambda: from_bytes(handle.read(), path.stem, published, source), path.stem)


def _one(make: Any, item_id: str) -> Iterator[Item]:
    try:
        yield make()
    except Exception as exc:  # noqa: BLE001 - a broken file is that file's error record
        yield Failure(item_id, "unreadable_file", f"{type(exc).__name__}: {exc}")


def _read_stream(
    stream: BinaryIO, name: str, published: str | None, source: str | None
) -> Iterator[Item]:
    data = stream.read()
    head = data.lstrip()[:1]
    if head == b"{":
        yield from read_jsonl(io.BytesIO(data), name, published, source)
    elif data[:4] == b"WARC" or data[:2] == b"\x1f\x8b":
        yield from read_warc(io.BytesIO(data), name, published, source)
    elif head == b"<":
        yield from _one(lambda: from_html(data, name, published, source), name)
    else:
        yield from _one(lambda: from_bytes(data, name, published, source), name)


def decode(data: bytes) -> str | None:
    """Text of `data`: UTF-8 when valid, else the encoding charset-normalizer detects.

    Returns None for binary data (NUL bytes or no plausible encoding).
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
    """An article from the bytes of a plain text file."""
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
    """An article from an HTML page: main text and metadata via trafilatura."""
    import trafilatura

    html = data if isinstance(data, str) else decode(data)
    if html is None:
        return Failure(item_id, "not_text", "The page is binary, not HTML.")
    doc: Any = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False
    )
    if doc is None or not (doc.text or "").strip():
        return Failure(item_id, "empty", "No article text could be extracted from the HTML page.")
    fields = {
        "id": item_id,
        "text": doc.text,
        "title": doc.title,
        "url": url or doc.url,
        "source": doc.sitename or doc.hostname,
        "published": doc.date,
    }
    return make_article(fields, published, source)


def read_jsonl(
    handle: BinaryIO, name: str, published: str | None, source: str | None
) -> Iterator[Item]:
    """Articles from JSON Lines; a line that is not a JSON object is a `bad_json` failure."""
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        item_id = f"{name}:{number}"
        try:
            obj = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Failure(item_id, "bad_json", f"Line {number} of {name} is not valid JSON: {exc}.")
            continue
        if not isinstance(obj, dict):
            yield Failure(item_id, "bad_json", f"Line {number} of {name} is not a JSON object.")
            continue
        yield from_dict(obj, item_id, published, source)


def from_dict(
    obj: dict[str, Any], default_id: str, published: str | None = None, source: str | None = None
) -> Item:
    """An article from a dict with `text` (and optionally id, published, source, url, title)."""
    item_id = str(obj.get("id") or default_id)
    text = obj.get("text")
    if text is None:
        return Failure(item_id, "not_text", "The item has no 'text' key.")
    if not isinstance(text, str):
        return Failure(item_id, "not_text", f"'text' is a {type(text).__name__}, not a string.")
    return make_article({**obj, "id": item_id}, published, source)


def read_warc(
    handle: BinaryIO, name: str, published: str | None, source: str | None
) -> Iterator[Item]:
    """One article per HTML response record of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                continue
            content_type = (
                (record.http_headers.get_header("Content-Type") or "")
                if record.http_headers
                else ""
            )
            if "html" not in content_type.lower():
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            item_id = record.rec_headers.get_header("WARC-Record-ID") or f"{name}:{count}"
            body = record.content_stream().read()
            yield from _one(
                lambda body=body, url=url, item_id=item_id: from_html(
                    body, item_id, published, source, url=url
                ),
                item_id,
            )
    except Exception as exc:  # noqa: BLE001 - a truncated archive keeps what was read
        yield Failure(f"{name}:{count + 1}", "unreadable_file", f"Broken WARC file {name}: {exc}.")


def make_article(fields: dict[str, Any], published: str | None, source: str | None) -> Article:
    """An `Article` from input fields; an unparseable `published` becomes a `bad_date` error."""
    known = {"id", "text", "published", "source", "url", "title", "gold", "raw"}
    article = Article(
        id=str(fields["id"]),
        text=fields["text"],
        source=fields.get("source") or source,
        url=fields.get("url"),
        title=fields.get("title"),
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
    """An ISO date (or date-time, kept as given to the minute) from `value`, or None."""
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
