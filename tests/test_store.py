"""The store: idempotent ingest, crash safety, migrations, every query filter, CLI = API, export."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tacitus import cli
from tacitus.core.errors import StoreError, UsageError
from tacitus.stages.confidence import default_threshold
from tacitus.store.query import HAPPENED
from tacitus.store.store import SCHEMA_VERSION, TABLES, Store, migrate

_spec = importlib.util.spec_from_file_location(
    "store_stories", Path(__file__).parent / "fixtures" / "store" / "stories.py"
)
assert _spec and _spec.loader
stories = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stories)

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
INJECTION = "'; DROP TABLE events; --"


@pytest.fixture()
def records() -> list[dict[str, Any]]:
    return stories.load_records("airstrikes")


@pytest.fixture()
def store(tmp_path: Path, records: list[dict[str, Any]]) -> Store:
    db = Store(tmp_path / "store.duckdb")
    db.ingest(records)
    return db


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but the ingest time stamps), in a stable order."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {}
        for table in TABLES:
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            keep = ", ".join(f'"{c}"' for c in columns if c != "ingested_at")
            tables[table] = con.execute(f"SELECT {keep} FROM {table} ORDER BY ALL").fetchall()
        return tables


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["event_id"] for row in rows]


# -- ingest -------------------------------------------------------------------------------


def test_ingesting_twice_stores_once(store: Store, records: list[dict[str, Any]]) -> None:
    before = store.counts()
    stats = store.ingest(records)
    assert store.counts() == before
    assert stats.articles == 0 and stats.reports == 0
    assert before["articles"] == 12  # 14 analysed records, 2 of them already stored
    assert before["errors"] == 2


def test_same_normalised_text_or_same_url_is_one_article(store: Store) -> None:
    urls = {row["url"] for row in store.articles()}
    assert "https://mirror.example/levant/aleppo-market" not in urls  # same text, other case
    inputs = {row["input_id"] for row in store.articles()}
    assert "courier-0311-a-updated" not in inputs  # same URL, updated text


def test_failed_inputs_are_stored_as_errors(store: Store) -> None:
    errors = {row["input_id"]: row["kind"] for row in store.errors()}
    assert errors == {"broken-7": "not_english", "broken-8": "empty"}
    assert [row["input_id"] for row in store.errors(kind="empty")] == ["broken-8"]


def test_annotations_are_stored_with_their_text(store: Store) -> None:
    (quote,) = store.quotes()
    assert quote["content"] == '"The planes came twice,"' and quote["speaker_name"] == "Omar Haddad"
    counts = store.sql("SELECT value, what FROM counts ORDER BY value")
    assert [c["value"] for c in counts] == [10, 12, 15]
    places = store.sql("SELECT text, role FROM places WHERE role = 'dateline'")
    assert places == [{"text": "ALEPPO", "role": "dateline"}]


def test_parquet_shards_load_like_jsonl(tmp_path: Path, store: Store, records: list[Any]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    shards = tmp_path / "shards"
    shards.mkdir()
    for number in range(0, len(records), 5):
        chunk = records[number : number + 5]
        table = pa.table({"record": [json.dumps(r) for r in chunk]})
        pq.write_table(table, shards / f"part-{number:05d}.parquet")
    db = tmp_path / "parquet.duckdb"
    assert cli.main(["ingest", "--from-parquet", str(shards), "--db", str(db), "-q"]) == 1
    assert cli.main(["ingest", "--from-parquet", str(shards), "--db", str(db), "-q"]) == 0
    store.close()
    assert dump(db) == dump(store.path)


def test_records_file_ingest_via_cli(tmp_path: Path, records: list[Any]) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records) + "{broken\n")
    db = tmp_path / "cli.duckdb"
    assert cli.main(["ingest", str(source), "--db", str(db), "-q"]) == 1  # errors were stored
    with Store(db) as again:
        assert again.counts()["articles"] == 12
        assert "bad_json" in {e["kind"] for e in again.errors()}


def test_gzipped_records_are_stored_as_records_not_analysed_again(
    tmp_path: Path, records: list[Any]
) -> None:
    # `gzip records.jsonl`, then `tacitus ingest records.jsonl.gz`: the records' own content
    # (a record's events need not be what the pipeline would find in its text today)
    lines = "".join(json.dumps(r) + "\n" for r in records)
    plain, packed = tmp_path / "records.jsonl", tmp_path / "records.jsonl.gz"
    plain.write_text(lines, encoding="utf-8")
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write(lines)
    one, other = tmp_path / "plain.duckdb", tmp_path / "packed.duckdb"
    status = cli.main(["ingest", str(plain), "--db", str(one), "-q"])  # 1: it holds errors
    assert cli.main(["ingest", str(packed), "--db", str(other), "-q"]) == status
    assert dump(other) == dump(one)
    # cut short: the records before the cut are stored, the rest is one `truncated` error
    data = packed.read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    db = tmp_path / "cut.duckdb"
    assert cli.main(["ingest", str(cut), "--db", str(db), "-q"]) == 1
    with Store(db) as store:
        assert 0 < store.counts()["articles"] < len(records)
        assert "truncated" in {e["kind"] for e in store.errors()}


def test_gzipped_records_damaged_at_the_start_are_one_error(
    tmp_path: Path, records: list[Any]
) -> None:
    # the deflate data broken right after the gzip header: zlib's own error, not a crash
    packed = bytearray(gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode()))
    packed[12:20] = b"\xff" * 8
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(bytes(packed))
    db = tmp_path / "damaged.duckdb"
    assert cli.main(["ingest", str(damaged), "--db", str(db), "-q"]) == 1
    with Store(db) as store:
        assert store.counts()["articles"] == 0
        assert [e["kind"] for e in store.errors()] == ["unreadable_file"]


def test_raw_articles_are_analysed_then_skipped_on_rerun(tmp_path: Path) -> None:
    items = [
        {
            "id": "a",
            "text": "Police arrested ten protesters in Cairo on Friday.",
            "published": "2020-01-03",
        },
        {"id": "b", "text": "", "published": "2020-01-03"},
    ]
    db = Store(tmp_path / "raw.duckdb")
    first = db.ingest(items)
    assert (first.articles, first.errors) == (1, 1)
    second = db.ingest(items)
    assert second.duplicates == 2 and second.articles == 0  # the failed one too
    assert second.seconds["analyse"] < first.seconds["analyse"]


def _command(db: Path, source: Path, batch: int) -> list[str]:
    return [sys.executable, "-m", "tacitus", "ingest", str(source), "--db", str(db),
            "--batch-size", str(batch)]  # fmt: skip


def _ingest_process(
    db: Path, source: Path, batch: int, stdin: int | None = None
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = _command(db, source, batch)
    return subprocess.Popen(
        command,
        stdin=stdin,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
        preexec_fn=_hear_ctrl_c,
    )


def _hear_ctrl_c() -> None:
    """Let the ingest hear Ctrl-C even when the tests run in the background of a shell
    without job control, which starts them with SIGINT ignored (a child inherits that, and
    Python then installs no handler of its own)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _ingest(db: Path, source: Path, batch: int) -> int:
    return subprocess.run(_command(db, source, batch), capture_output=True, cwd=ROOT).returncode


def _ingest_piped(db: Path, source: Path) -> int:
    """Ingest a file given on standard input, in batches of 100."""
    with source.open("rb") as stdin:
        command = _command(db, Path("-"), 100)
        return subprocess.run(command, stdin=stdin, capture_output=True, cwd=ROOT).returncode


def _finish(process: subprocess.Popen[str]) -> int:
    assert process.stderr is not None
    process.stderr.read()
    process.stderr.close()
    return process.wait()


def _wait_for_articles(process: subprocess.Popen[str], db: Path, articles: int) -> None:
    """Poll the database (between two of the ingest's batches) until it holds `articles`."""
    while process.poll() is None:
        try:
            with Store(db, read_only=True, hold=False) as reader:
                if reader.counts()["articles"] >= articles:
                    return
        except (StoreError, UsageError):  # not created yet, or not migrated yet
            pass
        time.sleep(0.05)
    raise AssertionError(f"the ingest ended before storing {articles} articles")


#: Articles in the synthetic file of the ingest tests.
SYNTHETIC = 4000


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "records.jsonl"
    # enough batches that a reader meets the ingest still running, even on a loaded machine
    # whose polling is slow
    path.write_text("".join(json.dumps(r) + "\n" for r in stories.synthetic_records(SYNTHETIC)))
    return path


def test_records_piped_in_are_stored_as_records_not_analysed_again(
    tmp_path: Path, synthetic_file: Path
) -> None:
    # `tacitus extract ... | tacitus ingest -`: the records' own events, as from a file
    source = tmp_path / "records.jsonl"
    with synthetic_file.open(encoding="utf-8") as lines:
        source.write_text("".join(next(lines) for _ in range(200)), encoding="utf-8")
    from_file, piped = tmp_path / "file.duckdb", tmp_path / "piped.duckdb"
    assert _ingest(from_file, source, 100) == 0
    assert _ingest_piped(piped, source) == 0
    assert dump(piped) == dump(from_file)
    # blank lines first change nothing (a file's first record is found past them too)
    spaced = tmp_path / "spaced.jsonl"
    spaced.write_text("\n\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    assert _ingest_piped(tmp_path / "spaced.duckdb", spaced) == 0
    assert dump(tmp_path / "spaced.duckdb") == dump(from_file)


def test_articles_piped_in_are_read_whole_after_their_first_line_was_looked_at(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.xml"  # an XML declaration alone on the first line
    feed.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Arrests</title><description>Police arrested two protesters in Kabul on"
        " Monday.</description></item><item><title>Shelling</title><description>Rebels"
        " shelled the town of Goma on Monday.</description></item></channel></rss>\n",
        encoding="utf-8",
    )
    db = tmp_path / "feed.duckdb"
    assert _ingest_piped(db, feed) == 0
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 2
    nested = tmp_path / "nested.jsonl"  # deeper than any record: a bad line, no crash
    nested.write_text("[" * 100_000 + "\n", encoding="utf-8")
    with nested.open("rb") as stdin:
        done = subprocess.run(
            _command(tmp_path / "nested.duckdb", Path("-"), 100),
            stdin=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    assert done.returncode == 1 and "bad_json" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_ingest_resumes_to_the_same_database(
    tmp_path: Path, synthetic_file: Path, sig: signal.Signals
) -> None:
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    source = tmp_path / "records.jsonl"  # 1,000 records (of the 4,000), enough batches
    with synthetic_file.open(encoding="utf-8") as lines:
        source.write_text("".join(next(lines) for _ in range(1000)), encoding="utf-8")
    assert _ingest_piped(clean, source) == 0

    # the first 500 records through a pipe left open: the ingest stores them and waits for
    # more, so the signal lands while it runs however fast the machine is (with the whole
    # file, a quick ingest could finish between two polls of the database); every run reads
    # standard input, so that the stored inputs are named alike
    process = _ingest_process(killed, Path("-"), 100, stdin=subprocess.PIPE)
    assert process.stdin is not None
    with source.open(encoding="utf-8") as lines:
        process.stdin.write("".join(next(lines) for _ in range(500)))
    process.stdin.flush()
    _wait_for_articles(process, killed, 300)
    process.send_signal(sig)
    status = _finish(process)
    try:
        process.stdin.close()
    except BrokenPipeError:
        pass
    assert status in (-sig, 130)
    with Store(killed, read_only=True) as partial:
        stored = partial.counts()["articles"]
    assert 300 <= stored < 1000  # the committed batches survived; the rest is missing

    assert _ingest_piped(killed, source) == 0
    assert dump(killed) == dump(clean)


def test_readers_can_query_while_an_ingest_runs(tmp_path: Path, synthetic_file: Path) -> None:
    db = tmp_path / "busy.duckdb"
    process = _ingest_process(db, synthetic_file, 50)
    _wait_for_articles(process, db, 100)
    seen = []
    for _ in range(3):
        with Store(db, read_only=True, hold=False) as reader:
            seen.append(reader.counts()["articles"])
        time.sleep(0.2)
    assert _finish(process) == 0
    assert seen[0] >= 100 and seen == sorted(seen)


# -- schema -------------------------------------------------------------------------------


def test_older_schema_is_migrated_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, path, read_only=False, target=1)
        con.execute(
            "INSERT INTO events (event_id, type, mode, num_reports) "
            "VALUES ('e1', 'PROTEST', 'riot', 1)"
        )
    with pytest.raises(StoreError, match="schema version 1"):
        Store(path, read_only=True).counts()
    with Store(path) as store:
        (event,) = store.events()
    assert (event["event_id"], event["quad_code"], event["score"]) == ("e1", 4, -7.0)
    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT value FROM meta").fetchall() == [(str(SCHEMA_VERSION),)]


def test_newer_or_foreign_databases_are_refused_untouched(tmp_path: Path) -> None:
    newer = tmp_path / "newer.duckdb"
    with Store(newer) as store:
        store.counts()
    with duckdb.connect(str(newer)) as con:
        con.execute("UPDATE meta SET value = '99'")
    with pytest.raises(StoreError, match="newer"):
        Store(newer).counts()
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE mine (x INTEGER)")
    with pytest.raises(StoreError, match="not a tacitus store"):
        Store(foreign).counts()
    with duckdb.connect(str(foreign)) as con:
        assert con.execute("SHOW TABLES").fetchall() == [("mine",)]
    not_db = tmp_path / "text.duckdb"
    not_db.write_text("hello")
    with pytest.raises(StoreError):
        Store(not_db).counts()
    with pytest.raises(UsageError, match="No database"):
        Store(tmp_path / "missing.duckdb", read_only=True).counts()


def test_read_only_store_refuses_to_ingest(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError, match="read-only"):
        Store(store.path, read_only=True).ingest([])


# -- query filters ------------------------------------------------------------------------


def test_filter_type_and_mode(store: Store) -> None:
    assert {r["type"] for r in store.events(type="protest")} == {"PROTEST"}
    assert {r["mode"] for r in store.events(type="ASSAULT", mode="heavy-weapons")} == {
        "heavy-weapons"
    }


def test_filter_actor_by_code_sector_pair_and_name(store: Store) -> None:
    assert {r["actor_country"] for r in store.events(actor="RUS")} == {"RUS"}
    assert {r["actor_sector"] for r in store.events(actor="REB")} == {"REB"}
    both = store.events(actor="RUS/MIL")
    assert both and {(r["actor_country"], r["actor_sector"]) for r in both} == {("RUS", "MIL")}
    assert ids(store.events(actor="RUSMIL")) == ids(both)
    assert [r["actor_name"] for r in store.events(actor="led coal")] == ["US-led coalition"]


def test_filter_recipient(store: Store) -> None:
    assert [r["recipient_name"] for r in store.events(recipient="IMG")] == ["Islamic State"]
    assert {r["recipient_name"] for r in store.events(recipient="civil")} == {"civilians"}


def test_filter_country(store: Store) -> None:
    assert {r["location_name"] for r in store.events(country="lbn")} == {"Beirut"}


def test_filter_since_and_until(store: Store) -> None:
    march = store.events(since="2019-03-12", until="2019-03-18")
    assert {str(r["date"]) for r in march} == {"2019-03-12", "2019-03-13", "2019-03-18"}
    assert {str(r["date"]) for r in store.events(since="2019-10")} == {"2019-10-17"}


def test_filter_near_coordinates_place_and_radius(store: Store) -> None:
    idlib = store.events(near="35.93,36.63:10")
    assert [r["location_name"] for r in idlib] == ["Idlib"]
    assert ids(store.events(near="Idlib:10")) == ids(idlib)
    wide = {r["location_name"] for r in store.events(near="Idlib:60")}
    assert wide == {"Idlib", "Aleppo"}  # Aleppo lies 56 km away
    assert {r["location_name"] for r in store.events(near="Beirut")} == {"Beirut"}
    assert store.events(near="36.2,179.9:100") == []  # a box across the antimeridian


def test_filter_status_and_min_confidence(store: Store) -> None:
    assert [r["status"] for r in store.events(status="future")] == ["future"]
    assert {r["confidence"] >= 0.8 for r in store.events(min_confidence=0.8)} == {True}
    assert len(store.events(min_confidence=0.8)) < len(store.events())


def test_paging_and_order(store: Store) -> None:
    everything = ids(store.events(order_by="event_id", descending=False))
    assert everything == sorted(everything)
    page = ids(store.events(order_by="event_id", descending=False, limit=3, offset=2))
    assert page == everything[2:5]
    by_articles = store.events(order_by="num_articles", limit=1)
    assert by_articles[0]["num_articles"] == 4


def test_quote_and_article_filters(store: Store) -> None:
    assert len(store.quotes(speaker="haddad")) == 1
    assert len(store.quotes(speaker="SYR")) == 1
    assert store.quotes(contains="planes") and not store.quotes(contains="tanks")
    assert store.quotes(direct=True) and not store.quotes(until="2019-01-01")
    assert {a["source"] for a in store.articles(source="courier")} == {"Daily Courier"}
    assert {a["input_id"] for a in store.articles(contains="bakery")} == {"courier-0311-idlib"}
    assert "text" in store.articles(limit=1, with_text=True)[0]


@pytest.mark.parametrize(
    "filters",
    [
        {"since": "yesterday"},
        {"near": "Xqzzyville"},
        {"near": "95,10"},
        {"near": "1,2:-5"},
        {"status": "maybe"},
        {"min_confidence": "high"},
        {"limit": -1},
        {"order_by": "text"},
        {"colour": "red"},
    ],
)
def test_bad_filter_values_are_usage_errors(store: Store, filters: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        store.events(**filters)


@pytest.mark.parametrize("value", [INJECTION, "%", "_", "\\", "RUS' OR '1'='1"])
def test_injection_shaped_values_are_plain_values(store: Store, value: str) -> None:
    before = store.counts()
    for key in ("type", "mode", "actor", "recipient", "country", "status", "event_id"):
        try:
            assert store.events(**{key: value}) == []
        except UsageError:  # checked filters refuse a value that is none of theirs
            assert key in ("type", "country", "status")
    assert store.quotes(speaker=value, contains=value) == []
    assert store.articles(source=value, contains=value, url=value) == []
    assert store.errors(kind=value) == []
    assert store.counts() == before


# -- command line -------------------------------------------------------------------------


def _cli_rows(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    assert cli.main(list(argv)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize(
    ("argv", "filters"),
    [
        ([], {"min_confidence": default_threshold()}),  # the default hides low confidence
        (["--min-confidence", "0"], {}),
        (["--type", "ASSAULT", "--actor", "RUS/MIL"], {"type": "ASSAULT", "actor": "RUS/MIL"}),
        (
            ["--near", "Aleppo:20", "--since", "2019-03-11"],
            {"near": "Aleppo:20", "since": "2019-03-11"},
        ),
        (
            ["--recipient", "civilians", "--status", "occurred"],
            {"recipient": "civilians", "status": "occurred"},
        ),
        (
            ["--country", "SYR", "--min-confidence", "0.7", "--limit", "3"],
            {"country": "SYR", "min_confidence": 0.7, "limit": 3},
        ),
        (
            [
                "--mode",
                "aerial",
                "--until",
                "2019-03-12",
                "--order-by",
                "confidence",
                "--ascending",
            ],
            {
                "mode": "aerial",
                "until": "2019-03-12",
                "order_by": "confidence",
                "descending": False,
            },
        ),
    ],
)
def test_cli_and_api_return_the_same_events(
    store: Store, capsys: pytest.CaptureFixture[str], argv: list[str], filters: dict[str, Any]
) -> None:
    if "--min-confidence" not in argv:
        filters = {"min_confidence": default_threshold(), **filters}
    expected = store.events(**filters)
    store.close()
    rows = _cli_rows(capsys, "events", "--db", str(store.path), "--format", "jsonl", *argv)
    assert [r["event_id"] for r in rows] == ids(expected)
    assert rows == json.loads(json.dumps(expected, default=str))


def test_events_says_which_confidence_it_hides_below(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    db = str(store.path)
    assert cli.main(["events", "--db", db, "--format", "jsonl"]) == 0
    assert f"below {default_threshold()} hidden (the default threshold" in capsys.readouterr().err
    assert cli.main(["events", "--db", db, "--format", "jsonl", "--min-confidence", "0.5"]) == 0
    assert "below 0.5 hidden" in capsys.readouterr().err
    assert cli.main(["events", "--db", db, "--format", "jsonl", "--min-confidence", "0"]) == 0
    assert "hidden" not in capsys.readouterr().err


def test_cli_output_formats(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = len(store.events())
    store.close()
    db = str(store.path)
    out = tmp_path / "events.csv"
    assert cli.main(["events", "--db", db, "--format", "csv", "-o", str(out)]) == 0
    with out.open() as handle:
        assert len(list(csv.DictReader(handle))) == expected
    parquet = tmp_path / "events.parquet"
    assert cli.main(["events", "--db", db, "--format", "parquet", "-o", str(parquet)]) == 0
    assert duckdb.sql(f"SELECT count(*) FROM '{parquet}'").fetchall() == [(expected,)]
    assert cli.main(["events", "--db", db, "--format", "parquet"]) == 2
    assert cli.main(["events", "--db", db, "--since", "soon"]) == 2
    assert cli.main(["events", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert cli.main(["events", "--db", db, "--reports", "--limit", "1"]) == 0
    assert cli.main(["quotes", "--db", db, "--contains", "planes"]) == 0
    assert cli.main(["articles", "--db", db, "--source", "courier"]) == 0
    assert cli.main(["errors", "--db", db]) == 0
    assert "broken-7" in capsys.readouterr().out


def test_every_store_command_is_registered_with_help_and_db(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("ingest", "events", "quotes", "articles", "errors", "export"):
        with pytest.raises(SystemExit) as done:
            cli.main([name, "--help"])
        assert done.value.code == 0
        assert "--db PATH" in capsys.readouterr().out


def test_as_frame_matches_rows(store: Store) -> None:
    pytest.importorskip("pandas")
    frame = store.events(as_frame=True, type="ASSAULT")
    assert list(frame["event_id"]) == ids(store.events(type="ASSAULT"))


# -- export -------------------------------------------------------------------------------


def test_export_plover_polecat_parquet(store: Store, tmp_path: Path) -> None:
    every = store.counts()["events"]
    # exports default to what happened (occurred, demanded) at the fitted threshold
    happened = list(HAPPENED)
    expected = len(
        store.events(min_confidence=default_threshold(), status=happened, limit=every + 1)
    )
    assert 0 < expected < every
    store.close()
    db = str(store.path)
    assert cli.main(["export", "--db", db, "--format", "plover-jsonl", str(tmp_path)]) == 0
    plover = [json.loads(x) for x in (tmp_path / "events.plover.jsonl").read_text().splitlines()]
    assert len(plover) == expected
    market = next(p for p in plover if p["num_articles"] == 4)
    assert market["event"] == ["ASSAULT"] and market["mode"] == ["aerial"]
    assert market["actor"] == [{"code": "RUS", "sector": "MIL", "entity_text": "Russia"}]
    assert market["event_loc"]["geonameid"] == 170063 and market["quad_code"] == 4
    assert market["date"] == "2019-03-11" and len(market["event_text"]) == 4
    assert cli.main(["export", "--db", db, "--format", "polecat-tsv", str(tmp_path)]) == 0
    with (tmp_path / "events.polecat.tsv").open() as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == len(plover) and {r["Event Type"] for r in rows} >= {"ASSAULT", "PROTEST"}
    assert cli.main(["export", "--db", db, "--format", "parquet", str(tmp_path / "pq")]) == 0
    events = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'pq' / 'events.parquet'}'").fetchall()
    assert events == [(expected,)]  # Parquet keeps the export's filters too
    assert cli.main(["export", "--db", db, "--format", "parquet", "-o", str(tmp_path / "all"),
                     "--status", "all", "--min-confidence", "0"]) == 0  # fmt: skip
    events = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'all' / 'events.parquet'}'").fetchall()
    assert events == [(every,)]


def test_export_hides_events_below_the_threshold(store: Store, tmp_path: Path) -> None:
    every = store.counts()["events"]
    high = len(store.events(min_confidence=0.9, status=list(HAPPENED), limit=every + 1))
    store.close()
    db = str(store.path)
    assert cli.main(["export", "--db", db, "--format", "plover-jsonl", str(tmp_path),
                     "--min-confidence", "0.9"]) == 0  # fmt: skip
    assert len((tmp_path / "events.plover.jsonl").read_text().splitlines()) == high
    assert cli.main(["export", "--db", db, "--format", "plover-jsonl", str(tmp_path),
                     "--min-confidence", "0", "--status", "all"]) == 0  # fmt: skip
    assert len((tmp_path / "events.plover.jsonl").read_text().splitlines()) == every


# -- gold sets (extraction) ---------------------------------------------------------------


@pytest.mark.slow
def test_seed_and_dev_gold_sets_twice_give_the_same_rows(tmp_path: Path) -> None:
    names = [
        "seed.jsonl",
        "events-wikievents-dev.jsonl",
        "entities-re3d-dev.jsonl",
        "quotes-polnear-dev.jsonl",
    ]
    inputs = [str(GOLD / name) for name in names]
    db = tmp_path / "gold.duckdb"
    assert cli.main(["ingest", *inputs, "--db", str(db), "-q"]) in (0, 1)
    first = dump(db)
    assert cli.main(["ingest", *inputs, "--db", str(db), "-q"]) == 0
    assert dump(db) == first
    assert len(first["articles"]) + len(first["errors"]) >= 1 + 20 + 65 + 84 - 5


def test_a_reader_that_goes_away_is_a_failed_write_not_a_success(
    tmp_path: Path, synthetic_file: Path
) -> None:
    # `tacitus events | head -1`, or a consumer that dies: the rows were not all written, so
    # the status is SIGPIPE's (141), as for any Unix tool, with no traceback on stderr
    db = tmp_path / "many.duckdb"
    assert _ingest(db, synthetic_file, 1000) == 0
    command = [sys.executable, "-m", "tacitus", "events", "--db", str(db), "--format", "jsonl",
               "--min-confidence", "0", "--limit", "4000"]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True
    )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["type"]
    process.stdout.close()  # far more than a pipe's buffer is still to come
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in process.stderr.read()
    process.stderr.close()
