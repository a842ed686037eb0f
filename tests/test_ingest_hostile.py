"""Hostile and unusual inputs, each between two good items: one line per item, in order."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tacitus.core.article import Article, Failure
from tacitus.io.ingest import ReadStats, read_file, read_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = "Police arrested two men in Valmora on Thursday, a spokesman said."
GOOD2 = "The Dorvik council met on Friday to discuss the harbour budget."
DEEP = "[" * 100_000 + "]" * 100_000


def _kinds(items):
    return [("A" if isinstance(i, Article) else i.kind) for i in items]


def _warc(path: Path, bodies: list[str], gzipped: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        for number, body in enumerate(bodies):
            page = f"<html><body><article><p>{body}</p></article></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://w.example/{number}",
                "response",
                payload=io.BytesIO(page),
                length=len(page),
                http_headers=headers,
            )
            writer.write_record(record)


def test_deep_json_line_is_one_bad_json_and_the_rest_survives(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        DEEP,
        '{"text": ' + DEEP + "}",
        json.dumps({"id": "b", "text": GOOD2}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_inputs([str(path)]))
    assert _kinds(items) == ["A", "bad_json", "bad_json", "A"]
    assert "nested too deep" in items[1].message and "Line 2" in items[1].message
    assert items[0].text == GOOD and items[3].text == GOOD2


def test_truncated_warc_keeps_whole_records_then_one_truncated_line(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    _warc(whole, [f"{GOOD} Item {n} of the crawl, with more words to fill." for n in range(3)])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "z.txt").write_text(GOOD2)
    whole.unlink()
    items = list(read_inputs([str(tmp_path)]))
    assert _kinds(items) == ["A", "A", "truncated", "A"]
    assert "Item 0" in items[1].text
    assert items[0].text == GOOD and items[3].text == GOOD2


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.45, 0.6, 0.8, 0.97])
def test_uncompressed_warc_cut_anywhere_is_never_analysed_as_text(tmp_path, fraction):
    path = tmp_path / "x.warc"
    _warc(path, [f"{GOOD} Record {n}." for n in range(3)], gzipped=False)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    kinds = _kinds(read_file(path))
    assert kinds[-1] == "truncated" and set(kinds[:-1]) <= {"A"}


def test_jsonl_gz_cut_short_gives_complete_lines_then_truncated(tmp_path):
    lines = "".join(json.dumps({"id": n, "text": f"{GOOD} ({n})"}) + "\n" for n in range(200))
    data = gzip.compress(lines.encode())
    path = tmp_path / "b.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_file(path))
    assert _kinds(items)[-1] == "truncated" and set(_kinds(items)[:-1]) == {"A"}
    assert [i.id for i in items[:-1]] == list(range(len(items) - 1))  # integer ids kept


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_subfolder_is_one_error_line():
    # As root, permissions do not stop reading: the folder is read by an unprivileged child.
    root = Path(tempfile.mkdtemp())
    try:
        os.chmod(root, 0o755)
        (root / "a.txt").write_text(GOOD)
        (root / "b").mkdir()
        (root / "b" / "inside.txt").write_text("hidden")
        (root / "c.txt").write_text(GOOD2)
        os.chmod(root / "b", 0)
        # A forked child drops to an unprivileged user (as root, permissions stop nothing).
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                rows = [[i.id, getattr(i, "kind", "A")] for i in read_inputs([str(root)])]
                os.write(write_end, json.dumps(rows).encode())
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as handle:
            output = handle.read()
        os.waitpid(pid, 0)
        rows = json.loads(output)
        assert rows == [["a", "A"], ["b", "unreadable_file"], ["c", "A"]]
    finally:
        os.chmod(root / "b", 0o755)
        for path in sorted(root.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        root.rmdir()


def test_link_loop_in_a_folder_is_one_error_line(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b").symlink_to(tmp_path / "b")
    (tmp_path / "c.txt").write_text(GOOD2)
    assert _kinds(read_inputs([str(tmp_path)])) == ["A", "unreadable_file", "A"]


def _bomb(inner: bytes, copies: int) -> bytes:
    """Gzip of `copies` x `inner` without holding the inflated data."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as handle:
        for _ in range(copies):
            handle.write(inner)
    return out.getvalue()


def test_gzip_bombs_are_too_large_not_empty(tmp_path, monkeypatch):
    # A small limit keeps the test fast; the full-size bomb is benchmarks/hostile_inputs.py.
    monkeypatch.setenv("TACITUS_MAX_CHARS", "10000")
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt.gz").write_bytes(_bomb(b" " * 65536, 64))
    line = b'{"text": "' + b"a" * 65536
    jsonl = json.dumps({"text": GOOD2}).encode() + b"\n" + line
    (tmp_path / "c.jsonl.gz").write_bytes(
        gzip.compress(jsonl) + _bomb(b"a" * 65536, 64) + gzip.compress(b'"}\n{"text": "ok"}\n')
    )
    _warc(tmp_path / "d.warc.gz", [GOOD, "x" * 200_000, GOOD2])
    (tmp_path / "e.txt").write_text(GOOD2)
    items = list(read_inputs([str(tmp_path)]))
    assert _kinds(items) == ["A", "too_large", "A", "too_large", "A", "A", "too_large", "A", "A"]
    assert items[0].text == GOOD and items[-1].text == GOOD2
    assert "TACITUS_MAX_CHARS" in items[1].message


def test_feeds_json_and_csv_give_one_item_each():
    items = list(
        read_inputs([str(FIXTURES / n) for n in ("feed.rss", "feed.atom", "articles.json")])
    )
    assert _kinds(items) == ["A", "A", "A", "A", "A", "bad_json", "A"]
    first = items[0]
    assert first.id == "gazette-1001" and first.url == "https://gazette.example/ferry-strike"
    assert first.title == "Ferry workers strike in Valmora" and first.source == "Harbour Gazette"
    assert first.published == "2024-03-05T09:30" and "<p>" not in first.text
    assert items[1].id == "https://gazette.example/sea-wall"  # no guid: the link
    assert "alert" not in items[2].text and items[3].published == "2024-04-01T08:00"
    assert items[4].id == 7 and items[6].id == "j2"


def test_csv_rows_columns_and_text_column(tmp_path):
    items = list(read_inputs([str(FIXTURES / "articles.csv")]))
    assert _kinds(items) == ["A", "not_text", "A"]
    assert items[0].id == "c1" and items[0].source == "Csv Wire"
    assert items[0].meta == {"section": "labour"} and items[1].id == "c2"
    path = tmp_path / "t.tsv"
    path.write_text(f"body\tkey\n{GOOD}\tk1\n\tk2\n{GOOD2}\tk3\n")
    items = list(read_inputs([str(path)], text_column="body"))
    assert _kinds(items) == ["A", "not_text", "A"] and items[2].text == GOOD2
    [missing] = read_inputs([str(path)])
    assert missing.kind == "not_text" and "--text-column" in missing.message


def test_unsupported_named_file_but_skipped_and_counted_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "sitemap.xml").write_text("<urlset></urlset>")
    (tmp_path / "z").write_text(GOOD2)  # no suffix: plain text
    stats = ReadStats()
    items = list(read_inputs([str(tmp_path)], stats=stats))
    assert _kinds(items) == ["A", "A"] and stats.skipped == 3
    assert stats.skipped_examples[0].endswith("b.pdf")
    named = list(read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "b.pdf")]))
    assert _kinds(named) == ["A", "unsupported_format"]


def test_path_ids_are_unique_and_given_ids_keep_their_type(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(GOOD)
    assert [i.id for i in read_inputs([str(tmp_path)])] == ["a/index", "b/index"]
    path = tmp_path / "ids.jsonl"
    path.write_text('{"id": 0, "text": "x"}\n{"id": "0", "text": "y"}\n{"text": "z"}\n')
    assert [i.id for i in read_file(path)] == [0, "0", f"{path}:3"]


def _cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tacitus", "extract", "-q", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_cli_one_line_per_item_and_exit_status(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        "\n".join([json.dumps({"id": 0, "text": GOOD}), DEEP, json.dumps({"text": GOOD2})]) + "\n"
    )
    other = tmp_path / "notes.docx"
    other.write_bytes(b"PK\x03\x04")
    done = _cli(str(path), str(other), str(FIXTURES / "feed.rss"))
    assert done.returncode == 1, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    kinds = [r.get("error", {}).get("kind", "A") for r in rows]
    assert kinds == ["A", "bad_json", "A", "unsupported_format", "A", "A"]
    assert rows[0]["id"] == 0 and rows[4]["id"] == "gazette-1001"


@pytest.mark.slow
def test_cli_html_and_warc_fixtures_have_no_error():
    done = _cli(str(FIXTURES / "page.html"), str(FIXTURES / "crawl.warc.gz"))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 4 and not any("error" in r for r in rows)


def test_failure_ids_of_dict_items():
    from tacitus.io.ingest import from_dict

    item = from_dict({"id": 0, "text": None}, "item:1")
    assert isinstance(item, Failure) and item.id == 0


# A `tacitus extract` process over a batch, the bad items between good ones. As root,
# permissions stop nothing: the process then reads the batch once (which imports every
# reader and loads the model), drops to an unprivileged user and runs the command again.
_AS_NOBODY = """
import os, sys
from tacitus.cli.main import main
argv = sys.argv[1:]
if os.geteuid() == 0:
    warm = [a for a in argv if not a.endswith("locked")]
    saved = os.dup(1), os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        os.dup2(null.fileno(), 2)
        main(warm)
        sys.stdout.flush()
        sys.stderr.flush()
    os.dup2(saved[0], 1)
    os.dup2(saved[1], 2)
    os.setgid(65534)
    os.setuid(65534)
sys.exit(main(argv))
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_cli_hostile_batch_one_line_per_item_in_order_and_status_one():
    root = Path(tempfile.mkdtemp())
    try:
        os.chmod(root, 0o755)
        (root / "a.txt").write_text(GOOD)
        whole = root / "whole.warc.gz"
        _warc(whole, [f"{GOOD} Item {n} of the crawl, with more words to fill." for n in range(3)])
        data = whole.read_bytes()
        whole.unlink()
        (root / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.6)])
        (root / "bomb.txt.gz").write_bytes(_bomb(b" " * 65536, 64))
        (root / "locked").mkdir()
        (root / "locked" / "inside.txt").write_text(GOOD)
        (root / "z.txt").write_text(GOOD2)
        os.chmod(root / "locked", 0)
        names = ["a.txt", "cut.warc.gz", "bomb.txt.gz", "locked", "z.txt"]
        done = subprocess.run(
            [sys.executable, "-c", _AS_NOBODY, "extract", "-q", *names],
            capture_output=True,
            text=True,
            cwd=root,
            env={**os.environ, "TACITUS_MAX_CHARS": "10000"},
            timeout=600,
        )
        assert "Traceback" not in done.stderr, done.stderr
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        kinds = [r.get("error", {}).get("kind", "A") for r in rows]
        # The cut archive: its intact record, then one `truncated` line for the rest.
        assert kinds == ["A", "A", "truncated", "too_large", "unreadable_file", "A"], kinds
        assert rows[0]["id"] == "a" and rows[-1]["id"] == "z"
        assert "Item 0" in rows[1]["text"] and rows[3]["id"] == "bomb"
        assert rows[4]["id"] == "locked"
        assert done.returncode == 1, done.stderr
        assert "3 error records" in done.stderr
    finally:
        os.chmod(root / "locked", 0o755)
        for path in sorted(root.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        root.rmdir()


@pytest.mark.slow
def test_cli_all_good_batch_exits_zero(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(GOOD2.encode()))
    _warc(tmp_path / "c.warc.gz", [f"{GOOD} Item {n} of the crawl." for n in range(2)])
    done = _cli(*(str(tmp_path / n) for n in ("a.txt", "b.txt.gz", "c.warc.gz")))
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r.get("error") for r in rows] == [None] * 4, done.stdout
    assert [r["id"] for r in rows[:2]] == ["a", "b"]
    assert done.returncode == 0, done.stderr
