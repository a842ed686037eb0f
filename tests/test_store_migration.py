"""Migrating a store made before schema 3: nothing lost, dates re-derived, no day invented.

The old store is built as tacitus wrote it before issue 18: the migrations 001 and 002 only,
then rows inserted the way `store/write.py` and `store/flatten.py` inserted them then
(`git show 3072226^:src/tacitus/store/flatten.py`): `reports.date` and `events.date` a DATE,
the first day of whatever the record gave (`2016-W50` -> 2016-01-01, `2016-11` ->
2016-11-01, `2015` -> 2015-01-01; the publication day when the event had no date of its
own, flagged as a fallback), and the record's own value kept in `reports.date_text`.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tacitus import cli
from tacitus.store.backfill import backfill
from tacitus.store.schema import SCHEMA_VERSION, TABLES, migrate, score
from tacitus.store.store import Store

_spec = importlib.util.spec_from_file_location(
    "store_stories", Path(__file__).parent / "fixtures" / "store" / "stories.py"
)
assert _spec and _spec.loader
stories = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stories)

D = dt.date
FIXTURE = Path(__file__).parent / "fixtures" / "export" / "records.jsonl"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

STORY = (
    "PARIS (Courier) - Thousands of farmers marched through the centre of Paris on Monday "
    "against the new tax on diesel, blocking the ring road with tractors for several hours. "
    "Police said the march was peaceful and that no arrests were made. The farmers' union "
    "said it would return every week until the government withdrew the tax, and asked the "
    "prime minister to meet its leaders before the end of the month. Shops along the route "
    "closed early and several bus lines were diverted for the afternoon."
)
FOOTER = " Copyright 2016 Gazette. All rights reserved. Reporting by the wire desk."
OTHER = (
    "KHARMAZ (Herald) - Aid agencies delivered food and medicine to the besieged district of "
    "Kharmaz on Friday after a week of talks with the local council and the army command. "
    "Forty lorries crossed the river bridge at dawn, the first convoy in three months."
)
LATER = (
    "KHARMAZ (Tribune) - The second convoy of the month reached Kharmaz on Thursday, "
    "officials said, carrying fuel for the hospital generators and winter clothing."
)

#: article_id -> (source, url, published, text)
ARTICLES = {
    "a1": ("Courier", "https://courier.example/farmers", "2016-12-23", STORY),
    "b1": ("Gazette", "https://gazette.example/farmers", "2016-12-24", STORY + FOOTER),
    "c1": ("Herald", "https://herald.example/convoy", "2016-12-30", OTHER),
    "d1": ("Tribune", "https://tribune.example/convoy", "2016-12-31", LATER),
    # stored first, but sorting after its later copy: the event is z1:0's, dated by it
    "z1": ("Ledger", "https://ledger.example/shelling", "2016-12-06", "Shelling in Kharmaz."),
    "y1": ("Monitor", "https://monitor.example/shelling", "2016-12-07", "Kharmaz shelled."),
}

#: report_id -> (event_id, type, status, date_text as the record gave it, actor, kb_id)
REPORTS = {
    "a1:0": ("a1:0", "ASSAULT", "occurred", "2016-12-20", "Russia", "Q159"),
    "a1:1": ("a1:1", "PROTEST", "occurred", "2016-W50", "farmers", None),
    "a1:2": ("a1:2", "COERCE", "occurred", "2016-11", "police", None),
    "a1:3": ("a1:3", "ASSAULT", "occurred", "2015", "man", None),
    "a1:4": ("a1:4", "REQUEST", "demanded", None, "farmers' union", None),
    "a1:5": ("a1:5", "ASSAULT", "negated", "2016-12-22TEV", "police", None),
    "a1:6": ("a1:6", "PROTEST", "occurred", "2016-Q3", "farmers", None),
    "a1:7": ("a1:7", "COERCE", "occurred", "2016-10TNI", "police", None),
    "b1:0": ("a1:1", "PROTEST", "occurred", "2016-W50", "farmers", None),
    "c1:0": ("c1:0", "AID", "occurred", None, "aid agencies", None),
    "d1:0": ("c1:0", "AID", "occurred", "2016-12-29", "aid agencies", None),
    "z1:0": ("z1:0", "ASSAULT", "occurred", "2016-12-05", "army", None),
    "y1:0": ("z1:0", "ASSAULT", "occurred", "2016-12-06", "army", None),
}

#: What the migration must give each report: date, precision, first and last day, fallback.
EXPECTED = {
    "a1:0": ("2016-12-20", "day", D(2016, 12, 20), D(2016, 12, 20), False),
    "a1:1": ("2016-W50", "week", D(2016, 12, 12), D(2016, 12, 18), False),
    "a1:2": ("2016-11", "month", D(2016, 11, 1), D(2016, 11, 30), False),
    "a1:3": ("2015", "year", D(2015, 1, 1), D(2015, 12, 31), False),
    "a1:4": ("2016-12-23", "day", D(2016, 12, 23), D(2016, 12, 23), True),  # publication day
    "a1:5": ("2016-12-22", "day", D(2016, 12, 22), D(2016, 12, 22), False),  # time of day
    "a1:6": ("2016-Q3", "year", D(2016, 7, 1), D(2016, 9, 30), False),
    "a1:7": ("2016-10", "month", D(2016, 10, 1), D(2016, 10, 31), False),  # a night in it
    "b1:0": ("2016-W50", "week", D(2016, 12, 12), D(2016, 12, 18), False),
    "c1:0": ("2016-12-30", "day", D(2016, 12, 30), D(2016, 12, 30), True),
    "d1:0": ("2016-12-29", "day", D(2016, 12, 29), D(2016, 12, 29), False),
    "z1:0": ("2016-12-05", "day", D(2016, 12, 5), D(2016, 12, 5), False),
    "y1:0": ("2016-12-06", "day", D(2016, 12, 6), D(2016, 12, 6), False),
}
#: Each event's date comes from its first report with a date of its own.
EVENT_DATES = {
    "a1:0": EXPECTED["a1:0"],
    "a1:1": EXPECTED["a1:1"],
    "a1:2": EXPECTED["a1:2"],
    "a1:3": EXPECTED["a1:3"],
    "a1:4": EXPECTED["a1:4"],
    "a1:5": EXPECTED["a1:5"],
    "a1:6": EXPECTED["a1:6"],
    "a1:7": EXPECTED["a1:7"],
    "c1:0": EXPECTED["d1:0"],
    "z1:0": EXPECTED["z1:0"],
}


def old_parse_date(value: Any) -> dt.date | None:
    """`flatten.parse_date` before schema 3: the first day of whatever the value starts with."""
    if not isinstance(value, str):
        return None
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?![\d])", value.strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return dt.date(int(year), int(month), int(day))


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))


def build_old_store(path: Path) -> None:
    """A store of schema version 2, its rows as tacitus wrote them before schema 3."""
    with duckdb.connect(str(path)) as con:
        migrate(con, path, read_only=False, target=2)
        for number, (article_id, (source, url, published, text)) in enumerate(ARTICLES.items()):
            _insert(con, "articles", {
                "article_id": article_id, "input_id": f"in-{article_id}", "url": url,
                "source": source, "title": f"title {article_id}", "published": published,
                "published_date": D.fromisoformat(published), "language": "en", "text": text,
                "text_hash": f"hash-{article_id}", "input_hash": f"input-{article_id}",
                "n_events": sum(r.startswith(article_id) for r in REPORTS), "n_quotes": 0,
                "extra": '{"kept": true}',
                "ingested_at": dt.datetime(2017, 1, 1, 12, number),
            })  # fmt: skip
            _insert(con, "times", {
                "article_id": article_id, "idx": 0, "start": 0, "end": 6, "text": "Monday",
                "type": "DATE", "value": "2016-W50",
            })  # fmt: skip
        _insert(con, "actors", {
            "article_id": "a1", "actor_id": "A1", "name": "Russia", "country": "RUS",
            "sector": "GOV", "kb_id": "Q159", "mentions": "[[0, 6]]",
        })  # fmt: skip
        _insert(con, "actors", {
            "article_id": "a1", "actor_id": "A2", "name": "farmers", "country": "FRA",
            "sector": "AGR", "kb_id": None, "mentions": "[[40, 47]]",
        })  # fmt: skip
        _insert(con, "entities", {
            "article_id": "a1", "idx": 0, "start": 0, "end": 5, "text": "PARIS",
            "type": "PLACE", "label": "GPE", "actor": None, "place": 0,
        })  # fmt: skip
        _insert(con, "places", {
            "article_id": "a1", "idx": 0, "start": 0, "end": 5, "text": "PARIS",
            "name": "Paris", "geonames_id": 2988507, "lat": 48.85, "lon": 2.35, "country": "FRA",
            "feature": "city", "kind": "literal", "role": "dateline",
        })  # fmt: skip
        _insert(con, "quotes", {
            "article_id": "a1", "idx": 0, "content_start": 10, "content_end": 20,
            "content": "every week", "direct": False, "speaker_name": "farmers' union",
        })  # fmt: skip
        _insert(con, "errors", {
            "error_key": "k1", "article_id": None, "input_id": "broken", "kind": "empty",
            "message": "no text",
        })  # fmt: skip
        _insert(con, "counts", {
            "report_id": "a1:0", "article_id": "a1", "value": 23.0, "what": "people killed",
        })  # fmt: skip
        _insert(con, "counts", {
            "report_id": "a1:0", "article_id": "a1", "value": 140.0, "what": "people wounded",
        })  # fmt: skip
        _insert(con, "counts", {
            "report_id": "a1:0", "article_id": "a1", "value": 3.0, "what": "ambulances",
        })  # fmt: skip
        published = {a: D.fromisoformat(v[2]) for a, v in ARTICLES.items()}
        dates = {}
        for report_id, (event_id, kind, status, date_text, actor, kb_id) in REPORTS.items():
            article_id = report_id.split(":")[0]
            own = old_parse_date(date_text)
            date, fallback = own or published[article_id], own is None
            dates[report_id] = (date, fallback)
            _insert(con, "reports", {
                "report_id": report_id, "article_id": article_id,
                "idx": int(report_id.split(":")[1]), "event_id": event_id, "type": kind,
                "mode": None, "status": status, "actor_name": actor,
                "actor_country": "FRA" if actor == "farmers" else None, "actor_sector": None,
                "actor_kb_id": kb_id, "location_name": "Paris", "geonames_id": 2988507,
                "lat": 48.85, "lon": 2.35, "country": "FRA", "location_is_country": False,
                "date_text": date_text, "date": date, "date_is_fallback": fallback,
                "evidence_start": 0, "evidence_end": 5, "evidence": "PARIS",
                "confidence": 0.5, "outlet": ARTICLES[article_id][0],
            })  # fmt: skip
        for event_id in sorted({r[0] for r in REPORTS.values()}):
            # the old writer met an event's own report first, then the others as ingested
            members = [r for r, v in REPORTS.items() if v[0] == event_id]
            members.sort(key=lambda r: r != event_id)
            first = REPORTS[members[0]]
            # old dedup.merge_into: a fallback date gives way to a later report's own date
            own = [dates[r] for r in members if not dates[r][1]]
            date, fallback = (own or [dates[members[0]]])[0]
            quad, points = score({"type": first[1], "mode": None})
            _insert(con, "events", {
                "event_id": event_id, "type": first[1], "mode": None, "status": first[2],
                "actor_name": first[4], "actor_country": "FRA" if first[4] == "farmers" else None,
                "actor_kb_id": first[5], "location_name": "Paris", "geonames_id": 2988507,
                "lat": 48.85, "lon": 2.35, "country": "FRA", "location_is_country": False,
                "date": date, "date_is_fallback": fallback, "confidence": 0.5,
                "num_reports": len(members),
                "num_articles": len({m.split(":")[0] for m in members}),
                "num_sources": len({m.split(":")[0] for m in members}),
                "quad_code": quad, "score": points,
            })  # fmt: skip


def dump(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, list[Any]]:
    """Rows of every table (the given columns, else all), in a stable order."""
    with duckdb.connect(str(path), read_only=True) as con:
        out = {}
        for table in TABLES:
            names = (columns or {}).get(table) or [
                r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()
            ]
            keep = ", ".join(f'"{c}"' for c in names)
            out[table] = con.execute(f"SELECT {keep} FROM {table} ORDER BY ALL").fetchall()
        return out


def old_columns(path: Path) -> dict[str, list[str]]:
    """Every column of the old store but the dates that schema 3 re-derives."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            table: [
                r[0]
                for r in con.execute(f"DESCRIBE {table}").fetchall()
                if (table, r[0]) not in {("reports", "date"), ("events", "date")}
            ]
            for table in TABLES
        }


def rows(path: Path, sql: str) -> dict[str, tuple[Any, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {r[0]: tuple(r[1:]) for r in con.execute(sql).fetchall()}


def store_events(path: Path) -> list[dict[str, Any]]:
    with Store(path, read_only=True) as store:
        return list(store.events(min_confidence=0))


@pytest.fixture()
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "v2.duckdb"
    build_old_store(path)
    return path


def test_the_old_store_is_as_earlier_versions_made_it(old_store: Path) -> None:
    dates = rows(old_store, "SELECT report_id, date, date_is_fallback FROM reports")
    assert dates["a1:1"] == (D(2016, 1, 1), False)  # the week made the 1st of January
    assert dates["a1:2"] == (D(2016, 11, 1), False)
    assert dates["a1:3"] == (D(2015, 1, 1), False)
    assert dates["a1:4"] == (D(2016, 12, 23), True)
    with duckdb.connect(str(old_store), read_only=True) as con:
        assert con.execute("SELECT value FROM meta").fetchall() == [("2",)]


def test_an_older_store_is_migrated_without_losing_anything(old_store: Path) -> None:
    columns = old_columns(old_store)
    before = dump(old_store, columns)
    with pytest.raises(Exception, match="schema version 2"):
        Store(old_store, read_only=True).counts()
    with Store(old_store) as store:
        assert store.counts()["events"] == len(EVENT_DATES)
    with duckdb.connect(str(old_store), read_only=True) as con:
        assert con.execute("SELECT value FROM meta").fetchall() == [(str(SCHEMA_VERSION),)]
    assert dump(old_store, columns) == before  # every old value but the re-derived dates


def test_week_month_and_year_dates_are_re_derived_from_the_stored_values(
    old_store: Path,
) -> None:
    with Store(old_store) as store:
        store.counts()
    sql = "SELECT {}, date, date_precision, date_start, date_end, date_is_fallback FROM {}"
    assert rows(old_store, sql.format("report_id", "reports")) == EXPECTED
    assert rows(old_store, sql.format("event_id", "events")) == EVENT_DATES
    # the record's own value stays where it was
    texts = rows(old_store, "SELECT report_id, date_text FROM reports")
    assert {k: v[0] for k, v in texts.items()} == {k: v[3] for k, v in REPORTS.items()}


def test_no_day_is_invented_by_the_migration(old_store: Path) -> None:
    with Store(old_store) as store:
        store.counts()
    published = {a: D.fromisoformat(v[2]) for a, v in ARTICLES.items()}
    for table, key in (("reports", "report_id"), ("events", "event_id")):
        found = rows(
            old_store,
            f"SELECT {key}, date, date_precision, date_start, date_end, date_is_fallback "
            f"FROM {table}",
        )
        for row_id, (date, precision, start, end, fallback) in found.items():
            if precision == "day":
                assert start == end and date == start.isoformat()
                # a day is the event's own day or its article's publication day, flagged
                source = row_id if table == "reports" else None
                if fallback:
                    assert source is None or start == published[source.split(":")[0]]
                else:
                    own = {v[3][:10] for k, v in REPORTS.items() if v[3]}
                    assert date in own
            else:
                assert not ISO_DAY.fullmatch(date), (row_id, date)
                assert start < end and date != "2016-01-01"


def test_a_migrated_store_counts_types_entities_and_stories(old_store: Path) -> None:
    with Store(old_store) as store:
        (assault,) = store.events(event_id="a1:0", min_confidence=0)
        (protest,) = store.events(event_id="a1:1", min_confidence=0)
        kinds = store.sql("SELECT what, kind FROM counts ORDER BY value")
        stories = store.sql("SELECT article_id, story_id FROM articles ORDER BY article_id")
        signed = store.sql("SELECT count(*) AS n FROM articles WHERE len(minhash) > 0")
    assert (assault["fatalities"], assault["injured"]) == (23, 140)
    assert assault["actor_entity"] == "Q159"
    assert [k["kind"] for k in kinds] == [None, "killed", "wounded"]
    # the syndicated copy with a footer: two articles, two sources, one story
    assert {s["article_id"]: s["story_id"] for s in stories} == {
        "a1": "a1", "b1": "a1", "c1": "c1", "d1": "d1", "y1": "y1", "z1": "z1",
    }  # fmt: skip
    assert signed == [{"n": len(ARTICLES)}]
    assert (protest["num_articles"], protest["num_sources"], protest["num_stories"]) == (2, 2, 1)


def test_a_migrated_store_sorts_and_filters_on_the_real_range(old_store: Path) -> None:
    with Store(old_store) as store:
        newest = store.events(min_confidence=0, limit=1)
        december = store.events(since="2016-12-01", until="2016-12-31", min_confidence=0)
        in_2015 = store.events(since="2015", until="2015", min_confidence=0)
        in_june = store.events(since="2015-06-01", until="2015-06-30", min_confidence=0)
    assert newest[0]["event_id"] == "c1:0"  # 2016-12-29; no fabricated day sorts first
    assert {e["event_id"] for e in december} == {"a1:0", "a1:1", "a1:4", "a1:5", "c1:0", "z1:0"}
    ordered = [e["event_id"] for e in store_events(old_store)]
    assert ordered == [
        "c1:0", "a1:4", "a1:5", "a1:0", "a1:1", "z1:0", "a1:2", "a1:7", "a1:6", "a1:3",
    ]  # fmt: skip
    # the whole range must lie in the period: the year 2015 is in 2015, not in its June
    assert [e["event_id"] for e in in_2015] == ["a1:3"] and in_june == []


def test_a_migrated_store_exports_no_invented_day(old_store: Path, tmp_path: Path) -> None:
    with Store(old_store) as store:
        store.counts()
    out = tmp_path / "events.csv"
    args = ["export", "--db", str(old_store), "--format", "csv", "-o", str(out)]
    assert cli.main([*args, "--status", "all", "--min-confidence", "0"]) == 0
    with out.open(encoding="utf-8") as handle:
        exported = {r["event_id"]: r for r in csv.DictReader(handle)}
    assert set(exported) == set(EVENT_DATES)
    for event_id, (date, precision, start, end, _) in EVENT_DATES.items():
        row = exported[event_id]
        assert (row["date"], row["date_precision"]) == (date, precision)
        assert (row["date_start"], row["date_end"]) == (start.isoformat(), end.isoformat())


def test_a_migrated_store_takes_new_records(old_store: Path) -> None:
    record = {
        "id": "new-1",
        "source": "Post",
        "url": "https://post.example/farmers",
        "published": "2016-12-19",
        "language": "en",
        "text": "Farmers marched in Paris again this week, the Post reports.",
        "entities": [],
        "actors": [],
        "events": [
            {
                "type": "PROTEST",
                "status": "occurred",
                "date": "2016-W50",
                "actor": {"name": "farmers", "country": "FRA"},
                "location": {"name": "Paris", "geonames_id": 2988507, "lat": 48.85,
                             "lon": 2.35, "country": "FRA"},
                "confidence": 0.5,
                "counts": [],
            }
        ],
    }  # fmt: skip
    with Store(old_store) as store:
        stats = store.ingest([record])
        (protest,) = store.events(event_id="a1:1", min_confidence=0)
    assert stats.articles == 1 and stats.new_events == 0
    assert (protest["num_reports"], protest["num_stories"]) == (3, 2)
    assert (protest["date"], protest["date_precision"]) == ("2016-W50", "week")


def test_opening_a_migrated_store_again_changes_nothing(old_store: Path) -> None:
    with Store(old_store) as store:
        store.counts()
    first = dump(old_store)
    with Store(old_store) as store:
        store.counts()
    with Store(old_store, read_only=True) as store:
        store.counts()
    assert dump(old_store) == first
    with duckdb.connect(str(old_store)) as con:
        migrate(con, old_store, read_only=False)  # at the current version: nothing to do
    assert dump(old_store) == first


def test_re_running_the_backfill_is_a_no_op(old_store: Path) -> None:
    with Store(old_store) as store:
        store.counts()
    first = dump(old_store)
    with duckdb.connect(str(old_store)) as con:
        backfill(con)
    assert dump(old_store) == first


def test_a_current_store_opened_twice_or_backfilled_again_is_unchanged(tmp_path: Path) -> None:
    """A store this version wrote: reopening changes nothing, and the migration's data step
    re-derives exactly what the writer stored (so a migrated store is like a new one)."""
    records = stories.load_records("airstrikes")
    records += [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines()]
    path = tmp_path / "current.duckdb"
    with Store(path) as store:
        store.ingest(records)
        assert store.counts()["events"] > 0
    first = dump(path)
    with Store(path) as store:
        store.counts()
    assert dump(path) == first
    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT value FROM meta").fetchall() == [(str(SCHEMA_VERSION),)]
        backfill(con)
    assert dump(path) == first


def test_a_migration_that_fails_leaves_the_old_store_as_it_was(
    old_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(old_store)

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("tacitus.store.backfill.backfill", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        Store(old_store).counts()
    assert dump(old_store) == before  # schema 2, the old columns and values
    monkeypatch.undo()
    with Store(old_store) as store:
        assert store.counts()["events"] == len(EVENT_DATES)
