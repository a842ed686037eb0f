"""The store against bad input: malformed records, two writers, a damaged file, formulas, filters.

Each bad input sits between good ones and the good ones must come through intact.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tacitus import cli
from tacitus.core.errors import StoreError, UsageError
from tacitus.store import query
from tacitus.store.export import export
from tacitus.store.flatten import validate_record
from tacitus.store.store import Store
from tacitus.store.write import IngestStats, load_known, write_batch

_spec = importlib.util.spec_from_file_location(
    "store_stories", Path(__file__).parent / "fixtures" / "store" / "stories.py"
)
assert _spec and _spec.loader
stories = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stories)

ROOT = Path(__file__).resolve().parents[1]
FORMULA = '=HYPERLINK("http://x","y")'


def good(number: int, **extra: Any) -> dict[str, Any]:
    """A small analysed record of our own making (one assault in Aleppo)."""
    text = f"Story {number}: an air strike hit a market in Aleppo on Monday."
    record = {
        "id": f"g{number}",
        "source": "Wire",
        "url": f"https://news.example/{number}",
        "published": "2020-03-0" + str(number % 9 + 1),
        "text": text,
        "entities": [{"start": 0, "end": 5, "text": "Story", "type": "ORG"}],
        "actors": [],
        "places": [],
        "times": [],
        "quotes": [],
        "events": [
            {
                "type": "ASSAULT",
                "mode": "aerial",
                "actor": {"name": "warplanes", "country": "RUS", "sector": "MIL"},
                "recipient": {"name": "market", "country": "SYR", "sector": "CVL"},
                "location": {
                    "name": "Aleppo",
                    "lat": 36.2 + number,
                    "lon": 37.16,
                    "country": "SYR",
                },
                "date": f"2020-0{number % 9 + 1}-02",
                "status": "occurred",
                "evidence": [0, 10],
                "counts": [],
                "confidence": 0.8,
            }
        ],
        "errors": [],
    }
    record.update(extra)
    return record


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


# -- malformed records (issue 14, item 7) ---------------------------------------------------


MALFORMED = [
    ({"id": "m4", "error": "just a string"}, "'error' is a string"),
    ({"id": "m5", "error": {"message": "no kind"}}, "'error.kind' is null"),
    ({**good(50), "id": "m6", "events": "notalist"}, "'events' is a string"),
    ({**good(51), "id": "m7", "text": None}, "'text' is null"),
    ({**good(52), "id": "m8", "entities": [1, 2]}, "'entities[0]' is a number"),
    ({**good(53), "id": "m9", "url": {"a": 1}}, "'url' is an object"),
    ({**good(54), "id": "m10", "events": [{"type": "AID", "counts": "3"}]}, "events[0].counts"),
    ({**good(55), "id": ["x"]}, "'id' is a list"),
    (42, "not a number"),
]


@pytest.mark.parametrize(("record", "problem"), MALFORMED)
def test_validate_record_names_the_problem(record: Any, problem: str) -> None:
    message = validate_record(record)
    assert message is not None and problem in message


def test_valid_records_pass_validation() -> None:
    assert validate_record(good(1)) is None
    assert validate_record({"id": 3, "error": {"kind": "empty", "message": "no text"}}) is None
    assert all(validate_record(r) is None for r in stories.load_records("airstrikes"))


def test_malformed_records_are_stored_as_bad_record_errors(tmp_path: Path) -> None:
    items: list[Any] = [good(1)]
    for number, (record, _) in enumerate(MALFORMED, start=2):
        items += [record, good(number)]
    with Store(tmp_path / "s.duckdb") as store:
        stats = store.ingest(items, batch_size=4)
        articles = store.articles(limit=100)
        errors = store.errors(kind="bad_record")
        again = store.ingest(items, batch_size=4)
    assert sorted(a["input_id"] for a in articles) == sorted(f"g{n}" for n in range(1, 11))
    assert all(a["n_events"] == 1 for a in articles)  # never the length of a string
    assert stats.articles == 10 and stats.bad_records == len(MALFORMED)
    assert stats.errors == len(MALFORMED)
    by_id = {e["input_id"]: e["message"] for e in errors}
    assert by_id["m4"].startswith("'error' is a string")
    assert "'events' is a string" in by_id["m6"] and "'text' is null" in by_id["m7"]
    assert None in by_id  # the bare number: stored too, without an id
    assert again.bad_records == 0 and again.errors == 0 and again.articles == 0  # idempotent


def test_cli_ingest_of_a_records_file_reports_bad_records(tmp_path: Path, capsys) -> None:
    source = write_jsonl(
        tmp_path / "records.jsonl",
        [
            good(1),
            {"id": "m4", "error": "just a string"},
            {**good(2), "events": "notalist", "id": "m5"},
            {**good(3), "text": None, "id": "m6"},
            good(4),
        ],
    )
    db = tmp_path / "cli.duckdb"
    assert cli.main(["ingest", str(source), "--db", str(db), "-q"]) == 1  # errors stored
    assert "3 bad_record" in capsys.readouterr().err  # the summary names the kind, even with -q
    with Store(db, read_only=True) as store:
        assert sorted(a["input_id"] for a in store.articles()) == ["g1", "g4"]
        kinds = {(e["input_id"], e["kind"]) for e in store.errors()}
    assert kinds == {("m4", "bad_record"), ("m5", "bad_record"), ("m6", "bad_record")}


# -- two writers (item 8) -------------------------------------------------------------------


def _ingest_command(source: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "tacitus", "ingest", str(source), "--db", str(db),
            "--batch-size", "20", "-q"]  # fmt: skip


def test_two_ingests_into_one_file_at_once_store_every_article_once(tmp_path: Path) -> None:
    records = stories.synthetic_records(300)
    first = write_jsonl(tmp_path / "first.jsonl", records[:200])
    second = write_jsonl(tmp_path / "second.jsonl", records[100:])  # 100 in common
    db = tmp_path / "shared.duckdb"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    processes = [
        subprocess.Popen(
            _ingest_command(source, db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for source in (first, second)
    ]
    outcomes = [process.communicate() + (process.returncode,) for process in processes]
    for _, stderr, code in outcomes:
        assert code == 0, stderr
        assert "Traceback" not in stderr and "Duplicate key" not in stderr
    with Store(db, read_only=True) as store:
        counts = store.counts()
        ids = [a["input_id"] for a in store.articles(limit=1000)]
    assert counts["articles"] == 300 and len(set(ids)) == 300
    assert counts["reports"] == sum(len(r["events"]) for r in records)


def test_a_batch_skips_articles_another_writer_stored_meanwhile(tmp_path: Path) -> None:
    db = tmp_path / "race.duckdb"
    with Store(db, hold=True) as mine:
        mine.ingest([good(1)])
        with mine.connection() as con:
            known = load_known(con)  # what this writer knew when its batch began
        mine.close()
        with Store(db) as other:  # meanwhile another writer stores good(2)
            other.ingest([good(2)])
        stats = IngestStats()
        with mine.connection() as con:
            write_batch(con, [(good(2), None), (good(3), None)], known, stats)
        assert stats.articles == 1 and stats.duplicates == 1
        assert sorted(a["input_id"] for a in mine.articles()) == ["g1", "g2", "g3"]


def test_a_file_held_by_another_process_is_refused_after_the_timeout(tmp_path: Path) -> None:
    db = tmp_path / "held.duckdb"
    with Store(db) as store:
        store.ingest([good(1)])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
            "print('held', flush=True); sys.stdin.read()",
            str(db),
        ],  # fmt: skip
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="being written by another process; try again"):
            Store(db, lock_timeout=0.3).ingest([good(2)])
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    with Store(db) as store:  # released: the write goes through
        assert store.ingest([good(2)]).articles == 1


# -- a damaged file (item 8) ----------------------------------------------------------------


@pytest.fixture()
def damaged_db(tmp_path: Path) -> Path:
    db = tmp_path / "damaged.duckdb"
    with Store(db) as store:
        store.ingest(stories.load_records("airstrikes"))
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    return db


@pytest.mark.parametrize("read_only", [True, False])
def test_a_truncated_store_is_refused_with_what_to_do(damaged_db: Path, read_only: bool) -> None:
    with pytest.raises(StoreError, match="is damaged") as caught:
        Store(damaged_db, read_only=read_only).counts()
    assert "re-ingest" in str(caught.value) and "backup" in str(caught.value)


def test_commands_on_a_truncated_store_end_with_one_line(
    damaged_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "more.jsonl", [good(1)])
    assert cli.main(["events", "--db", str(damaged_db)]) == 1
    assert cli.main(["ingest", str(source), "--db", str(damaged_db), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("is damaged") == 2 and "Traceback" not in err


def test_the_explorer_refuses_to_start_on_a_truncated_store(damaged_db: Path) -> None:
    from tacitus.web.app import create_app

    with pytest.raises(StoreError, match="is damaged"):
        create_app(damaged_db)


@pytest.fixture()
def overwritten_db(tmp_path: Path) -> Path:
    """A store whose middle half is overwritten with junk: as long as it was, but blocks
    fail their checksums when a query reads them (not when the file is opened)."""
    db = tmp_path / "overwritten.duckdb"
    with Store(db) as store:
        store.ingest(stories.load_records("airstrikes"))
    data = bytearray(db.read_bytes())
    start, end = len(data) // 4, 3 * len(data) // 4
    data[start:end] = b"\xab" * (end - start)
    db.write_bytes(bytes(data))
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "csv", "-o", "{out}/events.csv"],
        ["export", "--format", "geojson", "-o", "{out}/events.geojson"],
        ["events"],
        ["events", "--format", "csv"],
        ["quotes"],
        ["articles"],
        ["errors"],
        ["ingest", "{out}/more.jsonl", "-q"],
    ],
)
def test_every_store_command_on_a_store_damaged_in_the_middle_ends_with_one_line(
    overwritten_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    write_jsonl(tmp_path / "more.jsonl", [good(1)])
    argv = [part.replace("{out}", str(tmp_path)) for part in command]
    assert cli.main([*argv, "--db", str(overwritten_db)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("tacitus: error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "is damaged" in lines[0] and "--db NEW.duckdb" in lines[0]
    # an export that fails leaves no half-written file behind
    assert not list(tmp_path.glob("events.*")) and not list(tmp_path.glob(".*.partial"))


# -- spreadsheet formulas (CSV exports) -----------------------------------------------------


def test_polecat_tsv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    hostile = good(2, source="@SUM(A1:A9)")
    hostile["events"][0]["actor"]["name"] = FORMULA
    hostile["events"][0]["location"] = {"name": "+cmd|' /C calc'!A0", "lat": -33.9, "lon": 18.4}
    with Store(tmp_path / "x.duckdb") as store:
        store.ingest([good(1), hostile, good(3)])
        [path] = export(store, "polecat-tsv", tmp_path / "out")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == 3
    cells = [cell for row in rows for cell in row.values()]
    assert f"'{FORMULA}" in cells and "'+cmd|' /C calc'!A0" in cells and "'@SUM(A1:A9)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert "-33.9" in cells  # a negative number stays a number
    assert {row["Actor Name"] for row in rows} == {"warplanes", f"'{FORMULA}"}


# -- filter values (item 9, for the API and the web) ----------------------------------------


def test_filter_values_are_checked_and_the_valid_ones_named(tmp_path: Path) -> None:
    assert "ASSAULT" in query.EVENT_TYPES and "PROTEST" in query.EVENT_TYPES
    assert query.STATUSES == ("occurred", "future", "hypothetical", "negated", "demanded")
    with Store(tmp_path / "f.duckdb") as store:
        store.ingest([good(1), good(2)])
        assert len(store.events(type="assault", country="syr", status="OCCURRED")) == 2
        assert len(store.events(type="protest")) == 0
        with pytest.raises(UsageError, match="not a PLOVER event type; choose one of ACCUSE"):
            store.events(type="FIGHT")
        with pytest.raises(UsageError, match="ISO 3166 alpha-3.*'Syria' is SYR"):
            store.events(country="Syria")
        with pytest.raises(UsageError, match="choose one of occurred, future"):
            store.events(status="maybe")
