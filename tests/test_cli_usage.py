"""The command line under bad usage and bad data: one line on stderr and the documented exit
status (2 usage, 1 error records or a damaged database, 0 all analysed), never a traceback;
the end-of-run summary; article strings kept from terminals and spreadsheets."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tacitus.cli import main
from tacitus.cli.store import table, write_rows
from tacitus.io.progress import RunSummary, count_items

STORY = (
    "BEIRUT (AP) - Lebanese troops arrested {n} men on Sunday near the border with Syria, "
    "the army said, after a gunfight that wounded two soldiers."
)


def _batch(path: Path, middle: str, first_id: str = "good1", last_id: str = "good2") -> Path:
    """Two good items with `middle` (a raw line) between them."""
    good1 = json.dumps({"id": first_id, "text": STORY.format(n="three")})
    good2 = json.dumps({"id": last_id, "text": STORY.format(n="four")})
    path.write_text("\n".join([good1, middle, good2]) + "\n")
    return path


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tacitus: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    "options",
    [
        ["--batch-size", "0"],
        ["--batch-size", "-3"],
        ["--workers", "0"],
        ["--workers", "-1"],
        ["-o", "/nonexistent/dir/o.jsonl"],
    ],
)
def test_bad_options_of_extract_exit_two_with_one_line(tmp_path, capsys, options):
    src = tmp_path / "a.txt"
    src.write_text(STORY.format(n="three"))
    assert main(["extract", str(src), "-q", *options]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    line = _one_line_error(captured.err)
    assert options[0] in line or "does not exist" in line


@pytest.mark.parametrize(
    "variable, value",
    [
        ("TACITUS_WORKERS", "abc"),
        ("TACITUS_BATCH_SIZE", "0"),
        ("TACITUS_MAX_CHARS", "1e9x"),
        ("TACITUS_WORKERS", "-2"),
    ],
)
def test_bad_numbers_in_the_environment_exit_two(tmp_path, capsys, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    src = tmp_path / "a.txt"
    src.write_text(STORY.format(n="three"))
    assert main(["extract", str(src), "-q"]) == 2
    assert variable in _one_line_error(capsys.readouterr().err)


def test_ingest_and_run_refuse_batch_size_zero(tmp_path, capsys):
    for argv in (
        ["ingest", "--db", str(tmp_path / "t.duckdb"), "--batch-size", "0", "x.jsonl"],
        ["run", str(tmp_path), str(tmp_path / "out"), "--batch-size", "0"],
        ["run", str(tmp_path), str(tmp_path / "out"), "--workers", "0"],
    ):
        with pytest.raises(SystemExit) as info:
            code = main(argv)
            raise SystemExit(code)
        assert info.value.code == 2, argv
        assert "Traceback" not in capsys.readouterr().err


@pytest.fixture
def empty_db(tmp_path):
    from tacitus.store.store import Store

    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        store.ingest([])  # creates the schema
    return path


@pytest.mark.parametrize("value", ["2", "-0.1", "nan", "high"])
def test_min_confidence_is_a_probability(empty_db, capsys, value):
    with pytest.raises(SystemExit) as exit_:
        main(["events", "--db", str(empty_db), "--min-confidence", value])
    assert exit_.value.code == 2
    assert "is not a number from 0 to 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options, expected",
    [
        (["--type", "FIGHT"], "ASSAULT"),
        (["--country", "Syria"], "SYR"),
        (["--country", "Syrian"], "SYR"),
        (["--country", "XQZ"], "ISO 3166 alpha-3"),
        (["--near", "Qwzxville"], "Qwzxville"),  # Atlantis is a town (ZAF, USA)
    ],
)
def test_unknown_filter_values_name_what_is_valid(empty_db, capsys, options, expected):
    assert main(["events", "--db", str(empty_db), *options]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert expected in line


def test_valid_filter_values_still_query(empty_db, capsys):
    assert main(["events", "--db", str(empty_db), "--type", "assault", "--country", "syr"]) == 0
    assert capsys.readouterr().out.strip() == "(no rows)"


def test_table_output_to_a_missing_folder_is_a_usage_error(empty_db, capsys):
    assert main(["events", "--db", str(empty_db), "-o", "/nonexistent/dir/e.csv"]) == 2
    _one_line_error(capsys.readouterr().err)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_one_line_and_status_one(tmp_path, capsys, damage):
    from tacitus.store.store import Store

    path = tmp_path / "damaged.duckdb"
    if damage == "garbage":
        path.write_bytes(b"this is not a database\x00" * 500)
    else:
        with Store(path) as store:
            store.ingest([{"id": "a", "text": STORY.format(n="three")}])
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    for command in ("events", "errors", "articles"):
        assert main([command, "--db", str(path)]) == 1, command
        _one_line_error(capsys.readouterr().err)


def test_summary_names_each_error_kind_and_is_printed_with_quiet(tmp_path, capsys):
    batch = _batch(tmp_path / "b.jsonl", "{not json")
    assert main(["extract", str(batch), "-q"]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()][::2] == [
        "good1",
        "good2",
    ]
    assert "tacitus: 3 items read, 3 records, 1 error record" in captured.err
    assert "1 bad_json: first: Line 2 of" in captured.err


def test_no_summary_with_quiet_when_all_was_analysed(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(STORY.format(n="three"))
    assert main(["extract", str(src), "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["extract", str(src)]) == 0
    assert "1 item read, 1 record, 0 error records" in capsys.readouterr().err


def test_a_run_where_every_item_failed_exits_one_and_says_so(tmp_path, capsys):
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"id": "x", "text": 7}\n{"id": "y"}\n')
    assert main(["extract", str(batch), "-q"]) == 1
    err = capsys.readouterr().err
    assert "2 error records" in err and "not_text" in err


def test_repeated_caller_ids_are_kept_and_counted(tmp_path, capsys):
    batch = _batch(tmp_path / "b.jsonl", json.dumps({"id": "same", "text": STORY.format(n=5)}))
    batch.write_text(batch.read_text() + json.dumps({"id": "same", "text": STORY.format(n=6)}))
    assert main(["extract", str(batch)]) == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()].count("same") == 2
    assert "1 id was given to more than one item" in captured.err


def test_article_strings_reach_the_terminal_without_escapes(tmp_path, capsys):
    hostile = "\x1b]0;owned\x07\x1b[2J"
    middle = json.dumps({"id": f"evil{hostile}", "text": 42})
    batch = _batch(tmp_path / "b.jsonl", middle, first_id=f"good{hostile}")
    assert main(["extract", str(batch), "--summary"]) == 1
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out and "\x07" not in captured.out
    assert "\x1b" not in captured.err and "evil?]0;owned??" in captured.out
    assert "\x1b" not in table([{"name": f"x{hostile}", "n": 1}])


def test_ingest_summary_with_a_bad_item_between_good_ones(tmp_path, capsys):
    batch = _batch(tmp_path / "b.jsonl", "{not json")
    db = tmp_path / "t.duckdb"
    assert main(["ingest", "--db", str(db), str(batch), "-q"]) == 1
    err = capsys.readouterr().err
    assert "3 items read" in err and "1 bad_json" in err and "stored 2 articles" in err


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    out = tmp_path / "rows.csv"
    rows = [
        {"name": '=HYPERLINK("http://x")', "n": -3, "where": "@SUM(A1)", "list": ["+1"]},
        {"name": "plain", "n": 2, "where": "-", "list": []},
    ]
    assert write_rows(rows, "csv", str(out)) == 0
    with out.open(newline="") as handle:
        read = list(csv.DictReader(handle))
    assert read[0]["name"] == '\'=HYPERLINK("http://x")'
    assert read[0]["where"] == "'@SUM(A1)"
    assert read[0]["n"] == "-3"  # a number is no formula
    assert read[1] == {"name": "plain", "n": "2", "where": "'-", "list": "[]"}


def test_count_items_sizes_the_bar_when_cheap(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}')
    (folder / "b.txt").write_text("one article")
    assert count_items([str(folder)]) == 4
    assert count_items([str(folder / "a.jsonl"), str(folder / "b.txt")]) == 4
    (folder / "c.warc.gz").write_bytes(b"")
    assert count_items([str(folder)]) is None  # an archive holds an unknown number
    assert count_items(["-"]) is None


def test_summary_lines_by_kind():
    summary = RunSummary()
    for record in (
        {"id": 1, "error": {"kind": "empty", "message": "first empty"}},
        {"id": 2, "error": {"kind": "empty", "message": "second empty"}},
        {"id": 1, "text": "x"},
    ):
        summary.observe(record)
    lines = summary.lines()
    assert lines[0] == "tacitus: 3 items read, 3 records, 2 error records"
    assert "  2 empty: first: first empty" in lines
    assert summary.exit_status() == 1 and summary.repeated_ids == 1


def test_skipped_files_and_text_column_reach_the_summary(tmp_path, capsys):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY.format(n="three"))
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "style.css").write_text("body { color: red }")
    table_file = tmp_path / "items.csv"
    table_file.write_text(f'id,body\nc1,"{STORY.format(n="five")}"\n')
    argv = ["extract", str(folder), str(table_file), "--text-column", "body"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    ids = [json.loads(line)["id"] for line in captured.out.splitlines()]
    assert len(ids) == 2 and ids[-1] == "c1"
    assert "2 files skipped as not articles" in captured.err
    db = tmp_path / "t.duckdb"
    assert main(["ingest", "--db", str(db), str(table_file), "--text-column", "body"]) == 0
    assert "1 item read" in capsys.readouterr().err


def test_the_summary_tells_an_unnamed_participant_from_none(tmp_path, capsys):
    story = tmp_path / "arrest.txt"
    story.write_text("Two men were arrested in Lagos on Friday.\n")
    assert main(["extract", str(story), "--summary", "-q", "--published", "2024-03-08"]) == 0
    event = [line for line in capsys.readouterr().out.splitlines() if "event:" in line]
    assert event and "COERCE/arrest (unnamed, NGA) -> Two men at Lagos" in event[0]
