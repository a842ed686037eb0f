"""Ingest: every input kind, encodings, and one item (or failure) per input, in order."""

from __future__ import annotations

import gzip
import io
import json

from tacitus.core.article import Article, Failure
from tacitus.io.ingest import decode, parse_published, read_file, read_inputs, read_stream

PAGE = """<!DOCTYPE html><html><head><title>Floods hit the delta | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2024-03-09T08:15:00Z">
<link rel="canonical" href="https://planet.example/world/floods"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Floods hit the delta</h1>
<p>DHAKA (Planet) - Floods forced some 12,000 people from their homes in southern Bangladesh on
Friday, the disaster ministry said, as rivers rose after a week of heavy rain.</p>
<p>"We are moving families to shelters as fast as we can," a ministry spokesman told reporters in
Dhaka, adding that boats had been sent to the worst-hit villages.</p></article>
<footer>Copyright Daily Planet. Subscribe to our newsletter.</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "floods.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = list(read_file(path))
    assert isinstance(article, Article)
    assert "some 12,000 people" in article.text
    assert "Subscribe" not in article.text and "Home" not in article.text
    assert article.title == "Floods hit the delta"
    assert article.published == "2024-03-09"
    assert article.url == "https://planet.example/world/floods"
    assert article.source == "Daily Planet"


def test_a_text_that_is_an_html_page_is_read_as_the_page(tmp_path):
    # scrapers store whole pages in a JSON field: the article is the page's main text
    path = tmp_path / "scraped.jsonl"
    lines = [
        {"id": "p1", "text": PAGE},
        {"id": "p2", "text": PAGE, "title": "Our own title", "published": "2024-03-10"},
        {"id": "p3", "text": "<p>Police arrested two men.</p><script>alert(1)</script>"},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    page, own, fragment = list(read_file(path))
    assert isinstance(page, Article) and isinstance(own, Article)
    assert "some 12,000 people" in page.text and "<" not in page.text
    assert "Subscribe" not in page.text
    assert (page.id, page.title, page.published) == ("p1", "Floods hit the delta", "2024-03-09")
    assert page.url == "https://planet.example/world/floods"
    # the item's own fields stand before the page's
    assert (own.title, own.published) == ("Our own title", "2024-03-10")
    # a fragment of markup loses its tags and its scripts
    assert isinstance(fragment, Article) and fragment.text == "Police arrested two men."


def test_an_empty_html_page_in_a_text_is_one_error_and_the_next_item_is_read(tmp_path):
    # lxml asserts on a page without a body: that was a crash that lost the items after it
    path = tmp_path / "scraped.jsonl"
    lines = [{"id": "e", "text": "<!DOCTYPE html><html></html>"}, {"id": "ok", "text": "Hi."}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    empty, ok = list(read_file(path))
    assert isinstance(empty, Failure) and empty.kind == "empty"
    assert isinstance(ok, Article) and ok.text == "Hi."


def test_warc_yields_each_html_response(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number, (ctype, body) in enumerate(
            [("text/html; charset=utf-8", PAGE), ("image/png", "\x89PNG"), ("text/html", PAGE)]
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            payload = body.encode("utf-8")
            record = writer.create_warc_record(
                f"https://planet.example/{number}",
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=headers,
            )
            writer.write_record(record)
    items = list(read_file(path))
    assert len(items) == 2
    assert all(isinstance(i, Article) and "12,000" in i.text for i in items)
    assert items[0].url == "https://planet.example/0"
    # the same archive piped in: gzipped, and a web archive inside
    piped = list(read_stream(io.BytesIO(path.read_bytes()), "stdin"))
    assert [i.url for i in piped] == [i.url for i in items]


def test_a_gzipped_stream_is_read_as_what_it_holds():
    lines = [{"id": "a", "text": "Floods hit the delta."}, {"id": "b", "text": "Rain fell."}]
    data = "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")
    items = list(read_stream(io.BytesIO(gzip.compress(data)), "stdin"))
    assert [i.id for i in items] == ["a", "b"]
    text = list(read_stream(io.BytesIO(gzip.compress(b"Floods hit the delta.")), "stdin"))
    assert isinstance(text[0], Article) and text[0].text == "Floods hit the delta."
    # gzip inside gzip is not unpacked again: one failure, no crash
    twice = list(read_stream(io.BytesIO(gzip.compress(gzip.compress(data))), "stdin"))
    assert len(twice) == 1 and isinstance(twice[0], Failure)


def test_encodings_are_detected_not_guessed(tmp_path):
    text = (
        "Le ministre a déclaré que la réunion à Genève était très importante pour "
        "l'économie, même si les négociations étaient difficiles et longues."
    )
    assert decode(text.encode("cp1252")) == text
    assert decode(text.encode("utf-8")) == text
    assert decode(text.encode("utf-16")) == text
    assert decode(b"\x00\x01\x02binary\x00") is None


def test_jsonl_bad_line_has_its_number(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n{oops\n\n[1, 2]\n{"id": "b", "text": 5}\n')
    items = list(read_file(path))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Failure"]
    assert items[1].kind == "bad_json" and "Line 2" in items[1].message
    assert items[2].kind == "bad_json" and "Line 4" in items[2].message
    assert items[3].kind == "not_text" and items[3].id == "b"


def test_folder_is_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First article.")
    (tmp_path / "b" / "c.txt").write_text("Second article.")
    (tmp_path / ".hidden").write_text("never")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.text for i in items] == ["First article.", "Second article."]


def test_missing_file_is_a_failure_not_a_crash(tmp_path):
    [item] = list(read_inputs([str(tmp_path / "nope.txt")]))
    assert isinstance(item, Failure) and item.kind == "unreadable_file"


def test_published_dates():
    assert parse_published("2016-12-23") == "2016-12-23"
    assert parse_published("2016-12-23T00:00:00Z") == "2016-12-23"
    assert parse_published("1998-12-05T09:42") == "1998-12-05T09:42"
    assert parse_published("December 23, 2016") == "2016-12-23"
    assert parse_published("soon") is None
    assert parse_published(20161223) is None


def test_bad_published_date_keeps_the_article(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Words.", "published": "next-ish"}) + "\n")
    [article] = list(read_file(path))
    assert isinstance(article, Article) and article.published is None
    assert article.errors[0]["kind"] == "bad_date"


def test_an_atom_entry_without_a_link_has_no_url(tmp_path):
    path = tmp_path / "f.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x:feed</id>'
        "<updated>2024-04-02T10:00:00Z</updated>"
        "<entry><title>A</title><id>urn:x:entry:1</id><updated>2024-04-02T10:00:00Z</updated>"
        "<summary>The Dorvik bridge reopened on Sunday.</summary></entry>"
        "<entry><title>B</title><id>tag:x,2024:2</id><link href='javascript:alert(1)'/>"
        "<updated>2024-04-02T10:00:00Z</updated><summary>The ferry ran again.</summary></entry>"
        "<entry><title>C</title><id>urn:x:entry:3</id><link href='https://x.example/c'/>"
        "<updated>2024-04-02T10:00:00Z</updated><summary>The port opened.</summary></entry>"
        "</feed>"
    )
    items = list(read_file(path))
    assert [i.id for i in items] == ["urn:x:entry:1", "tag:x,2024:2", "urn:x:entry:3"]
    assert [i.url for i in items] == [None, None, "https://x.example/c"]
