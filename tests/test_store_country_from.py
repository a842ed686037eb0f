"""Where a participant's country comes from, through the store (schema 4, issue 17).

A record says on each actor and participant whose country was inferred rather than stated
`country_from` (`place`, `dateline`, `article`); the store keeps it beside the country in
`actors`, `reports` and `events`, fills it together with the country when reports merge,
returns it from the events query and carries it into the exports. A store of schema 3 gets
the columns, `unrecorded` for the countries of its old rows (NULL keeps one meaning, stated).
The records are hand-written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tacitus.store import dedup
from tacitus.store.export import export_events
from tacitus.store.schema import SCHEMA_VERSION, TABLES, migrate
from tacitus.store.store import Store

NEW_COLUMNS = {
    "reports": {"actor_country_from", "recipient_country_from"},
    "events": {"actor_country_from", "recipient_country_from"},
    "actors": {"country_from"},
}


def record(
    number: int,
    actor: dict[str, Any],
    recipient: dict[str, Any] | None = None,
    actors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A record of one ASSAULT in the (made-up) town of Veltra on 2021-03-04."""
    text = f"Report {number}: shells fell on the market of Veltra on Thursday, officials said."
    return {
        "id": f"veltra-{number}",
        "source": f"Outlet {number}",
        "url": f"https://outlet{number}.example/veltra",
        "published": "2021-03-05",
        "language": "en",
        "text": text,
        "entities": [],
        "actors": actors or [],
        "events": [
            {
                "type": "ASSAULT",
                "status": "occurred",
                "date": "2021-03-04",
                "actor": actor,
                "recipient": recipient or {"name": "traders", "sector": "CVL"},
                "location": {"name": "Veltra", "lat": 41.5, "lon": 22.25},
                "evidence": [0, len(text)],
                "confidence": 0.9,
                "counts": [],
            }
        ],
    }


def only_event(store: Store) -> dict[str, Any]:
    (event,) = store.events(min_confidence=0)
    return event


def test_an_inferred_participant_country_comes_back_with_its_source(tmp_path: Path) -> None:
    actors = [
        {"id": "A1", "name": "the militia", "country": "MKD", "country_from": "place",
         "sector": "REB", "mentions": [[10, 21]]},
        {"id": "A2", "name": "the ministry", "country": "GRC", "country_from": "dateline",
         "sector": "GOV", "mentions": [[30, 42]]},
        {"id": "A3", "name": "Macedonian police", "country": "MKD", "sector": "COP"},
    ]  # fmt: skip
    # the actor names its country and its source; the recipient links to A2 and takes both
    # from it; A3 states its own (a demonym): no source
    item = record(
        1,
        {"actor": "A1", "name": "the militia", "country": "MKD", "country_from": "place"},
        {"actor": "A2", "name": "the ministry"},
        actors,
    )
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([item])
        event = only_event(store)
        report = store.sql("SELECT actor_country_from, recipient_country_from FROM reports")
        stored = store.sql("SELECT actor_id, country, country_from FROM actors ORDER BY actor_id")
    assert (event["actor_country"], event["actor_country_from"]) == ("MKD", "place")
    assert (event["recipient_country"], event["recipient_country_from"]) == ("GRC", "dateline")
    assert report == [{"actor_country_from": "place", "recipient_country_from": "dateline"}]
    assert [(a["actor_id"], a["country"], a["country_from"]) for a in stored] == [
        ("A1", "MKD", "place"), ("A2", "GRC", "dateline"), ("A3", "MKD", None),
    ]  # fmt: skip


def test_a_stated_country_takes_no_label_from_its_linked_actor(tmp_path: Path) -> None:
    actors = [{"id": "A1", "name": "gunmen", "country": "MKD", "country_from": "article"}]
    # the participant states a country of its own: the actor's inference is not its source
    item = record(1, {"actor": "A1", "name": "Albanian gunmen", "country": "ALB"}, None, actors)
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([item])
        event = only_event(store)
    assert (event["actor_country"], event["actor_country_from"]) == ("ALB", None)


def test_the_events_command_prints_the_source(tmp_path: Path) -> None:
    from tacitus.cli import main

    db, out = tmp_path / "s.duckdb", tmp_path / "events.jsonl"
    with Store(db) as store:
        store.ingest([record(1, {"name": "troops", "country": "MKD", "country_from": "place"})])
    args = ["events", "--db", str(db), "--min-confidence", "0", "--format", "jsonl"]
    assert main([*args, "-o", str(out)]) == 0
    (row,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert (row["actor_country"], row["actor_country_from"]) == ("MKD", "place")
    assert row["recipient_country_from"] is None


def test_stated_countries_leaves_out_inferred_ones_from_the_country_filters(
    tmp_path: Path,
) -> None:
    from tacitus.cli import main

    db = tmp_path / "s.duckdb"
    later = record(2, {"name": "Macedonian troops", "country": "MKD", "sector": "MIL"})
    later["events"][0]["date"] = "2021-05-04"  # two months later: another shelling
    with Store(db) as store:
        store.ingest(
            [record(1, {"name": "troops", "country": "MKD", "country_from": "place"}), later]
        )
        inferred_too = store.events(actor="MKD", min_confidence=0)
        stated = store.events(actor="MKD", stated_countries=True, min_confidence=0)
        by_sector = store.events(actor="MIL", stated_countries=True, min_confidence=0)
    assert len(inferred_too) == 2
    assert [e["actor_name"] for e in stated] == ["Macedonian troops"]
    assert [e["actor_name"] for e in by_sector] == ["Macedonian troops"]
    out = tmp_path / "events.jsonl"
    args = ["events", "--db", str(db), "--min-confidence", "0", "--format", "jsonl"]
    assert main([*args, "--actor", "MKD", "--stated-countries", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["actor_name"] for r in rows] == ["Macedonian troops"]
    # alone, the option would filter nothing: said, not ignored
    assert main([*args, "--stated-countries", "-o", str(out)]) == 2


# -- merging reports ----------------------------------------------------------------------


def test_a_merged_event_fills_a_country_with_its_source(tmp_path: Path) -> None:
    # the first report knows no actor country; the second infers it from the place: the
    # event takes both (through an UPDATE: the second is ingested in a later batch)
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([record(1, {"name": "troops"})])
        store.ingest([record(2, {"name": "troops", "country": "MKD", "country_from": "place"})])
        event = only_event(store)
    assert event["num_reports"] == 2
    assert (event["actor_country"], event["actor_country_from"]) == ("MKD", "place")


def test_a_stated_country_keeps_no_later_inferred_label(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([record(1, {"name": "troops"})])
        store.ingest([record(2, {"name": "Macedonian troops", "country": "MKD"})])
        store.ingest([record(3, {"name": "troops", "country": "MKD", "country_from": "place"})])
        event = only_event(store)
    assert event["num_reports"] == 3
    assert (event["actor_country"], event["actor_country_from"]) == ("MKD", None)


def test_a_later_report_stating_the_inferred_country_makes_it_stated(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([record(1, {"name": "troops", "country": "MKD", "country_from": "article"})])
        store.ingest([record(2, {"name": "Macedonian troops", "country": "MKD"})])
        event = only_event(store)
    assert event["num_reports"] == 2
    assert (event["actor_country"], event["actor_country_from"]) == ("MKD", None)
    assert event["actor_name"] == "troops"  # the rest is the first report's, as before


def report_row(report_id: str, **values: Any) -> dict[str, Any]:
    """A report row as `flatten.report_rows` makes it (only the fields dedup reads)."""
    row: dict[str, Any] = {
        "report_id": report_id, "type": "ASSAULT", "mode": None, "cameo": None,
        "status": "occurred", "date": "2021-03-04", "date_start": dt.date(2021, 3, 4),
        "date_end": dt.date(2021, 3, 4), "date_precision": "day", "date_is_fallback": False,
        "confidence": 0.5, "location_name": "Veltra", "geonames_id": None, "lat": 41.5,
        "lon": 22.25, "country": "MKD", "location_is_country": False,
    }  # fmt: skip
    for role in dedup.ROLES:
        for key in ("name", "country", "country_from", "sector", "kb_id", "entity"):
            row[f"{role}_{key}"] = None
    row.update(dict.fromkeys(dedup.COUNTS))
    row.update(values)
    return row


def test_dedup_fills_each_country_with_its_own_source() -> None:
    first = report_row("a:0", recipient_country="GRC")  # stated
    second = report_row(
        "b:0",
        actor_country="MKD",
        actor_country_from="dateline",
        recipient_country="GRC",
        recipient_country_from="article",
    )
    events, _ = dedup.assign_events([first, second], [])
    (event,) = events.values()
    assert (event["actor_country"], event["actor_country_from"]) == ("MKD", "dateline")
    assert (event["recipient_country"], event["recipient_country_from"]) == ("GRC", None)


def test_dedup_keeps_the_first_of_two_inferred_sources() -> None:
    first = report_row("a:0", actor_country="MKD", actor_country_from="place")
    second = report_row("b:0", actor_country="MKD", actor_country_from="article")
    events, _ = dedup.assign_events([first, second], [])
    (event,) = events.values()
    assert (event["actor_country"], event["actor_country_from"]) == ("MKD", "place")


# -- migration from schema 3 ---------------------------------------------------------------


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(f'"{c}"' for c in row)
    con.execute(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )


def build_v3_store(path: Path) -> None:
    """A store of schema version 3 holding one article, actor, report and event."""
    with duckdb.connect(str(path)) as con:
        migrate(con, path, read_only=False, target=3)
        _insert(con, "articles", {
            "article_id": "v1", "url": "https://old.example/veltra", "source": "Old",
            "published": "2021-03-05", "published_date": dt.date(2021, 3, 5),
            "text": "Shells fell on Veltra.", "text_hash": "hash-v1", "story_id": "v1",
        })  # fmt: skip
        _insert(con, "actors", {
            "article_id": "v1", "actor_id": "A1", "name": "troops", "country": "MKD",
            "sector": "MIL", "mentions": "[]",
        })  # fmt: skip
        common = {
            "type": "ASSAULT", "status": "occurred", "actor_name": "troops",
            "actor_country": "MKD", "actor_sector": "MIL", "location_name": "Veltra",
            "lat": 41.5, "lon": 22.25, "location_is_country": False, "date": "2021-03-04",
            "date_start": dt.date(2021, 3, 4), "date_end": dt.date(2021, 3, 4),
            "date_precision": "day", "date_is_fallback": False, "confidence": 0.9,
        }  # fmt: skip
        _insert(con, "reports", {
            "report_id": "v1:0", "article_id": "v1", "idx": 0, "event_id": "v1:0",
            "date_text": "2021-03-04", "outlet": "old", **common,
        })  # fmt: skip
        _insert(con, "events", {
            "event_id": "v1:0", "num_reports": 1, "num_articles": 1, "num_sources": 1,
            "num_stories": 1, **common,
        })  # fmt: skip


def columns(path: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()] for t in TABLES}


def dump(path: Path, names: dict[str, list[str]]) -> dict[str, list[Any]]:
    out = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for table in TABLES:
            quoted = ", ".join(f'"{c}"' for c in names[table])
            out[table] = con.execute(f"SELECT {quoted} FROM {table} ORDER BY ALL").fetchall()
    return out


@pytest.fixture()
def v3_store(tmp_path: Path) -> Path:
    path = tmp_path / "v3.duckdb"
    build_v3_store(path)
    return path


def test_a_version_3_store_gets_the_columns_and_keeps_its_rows(v3_store: Path) -> None:
    old = columns(v3_store)
    before = dump(v3_store, old)
    assert not any(NEW_COLUMNS[t] & set(old[t]) for t in NEW_COLUMNS)
    with Store(v3_store) as store:
        event = only_event(store)
    with duckdb.connect(str(v3_store), read_only=True) as con:
        assert con.execute("SELECT value FROM meta").fetchall() == [(str(SCHEMA_VERSION),)]
    assert SCHEMA_VERSION == 4
    new = columns(v3_store)
    for table, added in NEW_COLUMNS.items():
        assert set(new[table]) - set(old[table]) == added
    assert dump(v3_store, old) == before  # every old value kept
    # no record is stored to say where an old country came from: not recorded, not stated
    assert event["actor_country"] == "MKD" and event["actor_country_from"] == "unrecorded"
    with duckdb.connect(str(v3_store), read_only=True) as con:
        for table in ("reports", "events"):
            for role in ("actor", "recipient"):
                rows = con.execute(
                    f"SELECT {role}_country IS NULL, {role}_country_from FROM {table}"
                ).fetchall()
                assert all(f == (None if empty else "unrecorded") for empty, f in rows)
        rows = con.execute("SELECT country IS NULL, country_from FROM actors").fetchall()
        assert all(f == (None if empty else "unrecorded") for empty, f in rows)
    with Store(v3_store) as store:  # an old country is not taken for a stated one
        assert store.events(actor="MKD", stated_countries=True, min_confidence=0) == []


def test_a_migrated_store_records_the_source_of_new_reports(v3_store: Path) -> None:
    with Store(v3_store) as store:
        store.ingest([record(1, {"name": "troops", "country": "MKD", "country_from": "place"})])
        event = only_event(store)
        reports = store.sql("SELECT report_id, actor_country_from FROM reports ORDER BY ALL")
    # merged into the old event, whose country (stored before schema 4) is taken as it is
    assert event["num_reports"] == 2
    assert (event["actor_country"], event["actor_country_from"]) == ("MKD", "unrecorded")
    assert [r["actor_country_from"] for r in reports] == ["place", "unrecorded"]


# -- exports --------------------------------------------------------------------------------


def test_exports_say_which_participant_countries_were_inferred(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([record(1, {"name": "troops", "country": "MKD", "country_from": "place"})])
        for fmt in ("csv", "plover-jsonl", "polecat-tsv"):
            export_events(store, fmt, tmp_path / f"out.{fmt}", min_confidence=0)
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["actor_country"], row["actor_country_from"]) == ("MKD", "place")
    assert row["recipient_country_from"] == ""
    (plover,) = [json.loads(x) for x in (tmp_path / "out.plover-jsonl").read_text().splitlines()]
    assert plover["actor"][0]["code"] == "MKD" and plover["actor_country_from"] == "place"
    assert plover["recipient_country_from"] is None
    with (tmp_path / "out.polecat-tsv").open(encoding="utf-8") as handle:
        (tsv,) = list(csv.DictReader(handle, delimiter="\t"))
    assert (tsv["Actor Country"], tsv["Actor Country From"]) == ("MKD", "place")
