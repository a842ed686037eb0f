"""The explorer's API on honest dates, statuses, resolved actors and GeoJSON (issue 18).

A store of the hand-made fixtures and `dated_records()` (an event dated to a week, one to a
year, a demand and a denial): the events list opens on real dates and sorts a range where it
begins; what did not happen is hidden unless asked for; the timeline draws ranges as ranges
and keeps far outliers out of its window; the network is keyed on resolved actors; the map
and the events come as GeoJSON that a validator accepts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geojson
import pytest
from fastapi.testclient import TestClient

from tacitus.store.store import Store
from tacitus.web.app import create_app
from web_fixtures import OMDURMAN, build_dated_store, record, side, span


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_dated_store(tmp_path_factory.mktemp("dated") / "store.duckdb", with_example=False)


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    page = client.get("/api/events", params={"limit": 500, **params})
    assert page.status_code == 200, page.text
    return list(page.json()["items"])


def test_dates_keep_their_precision_and_range(client: TestClient) -> None:
    by_type = {(e["type"], e["date_precision"]): e for e in events(client)}
    week = by_type["ASSAULT", "week"]
    assert (week["date"], week["date_start"], week["date_end"]) == (
        "2024-W10",
        "2024-03-04",
        "2024-03-10",
    )
    year = by_type["SEIZE", "year"]
    assert (year["date"], year["date_start"], year["date_end"]) == (
        "2023",
        "2023-01-01",
        "2023-12-31",
    )


def test_the_list_opens_on_real_dates_and_sorts_ranges_where_they_begin(
    client: TestClient,
) -> None:
    listed = events(client)
    assert listed[0]["date_precision"] == "day"  # not the year, not a made-up 1 January
    starts = [e["date_start"] for e in listed]
    assert starts == sorted(starts, reverse=True)
    assert listed[-1]["date"] == "2023"  # the year sorts where it begins
    # The week (4-10 March) comes after the day events of its first day (the narrower first).
    order = [(e["date_start"], e["date_precision"]) for e in listed]
    assert order.index(("2024-03-04", "day")) < order.index(("2024-03-04", "week"))
    oldest = events(client, sort="date")
    assert oldest[0]["date"] == "2023"


def test_since_and_until_take_events_whose_whole_range_is_inside(client: TestClient) -> None:
    """As `tacitus events`: a week or a year is found by a period that holds all of it."""
    march = {e["date"] for e in events(client, since="2024-03-04", until="2024-03-10")}
    assert "2024-W10" in march and "2023" not in march
    assert "2024-W10" not in {e["date"] for e in events(client, since="2024-03-05")}
    assert {e["date"] for e in events(client, until="2023-12-31")} == {"2023"}
    assert not events(client, since="2023-06-01", until="2023-06-30")


def test_the_default_statuses_are_what_happened(client: TestClient) -> None:
    shown = {e["status"] for e in events(client)}
    assert shown == {"occurred", "demanded"}
    assert {e["status"] for e in events(client, status="negated")} == {"negated"}
    every = events(client, status="all")
    assert {e["status"] for e in every} == {"occurred", "demanded", "negated"}
    both = events(client, status=["occurred", "negated"])
    assert {e["status"] for e in both} == {"occurred", "negated"}
    meta = client.get("/api/meta").json()
    assert meta["default_statuses"] == ["occurred", "demanded"]
    assert meta["events_of_other_statuses"] == 1
    # The aggregates follow the same default: the denied strike is on no map cell.
    cells = client.get("/api/aggregates/map", params={"zoom": 2}).json()["items"]
    assert sum(c["count"] for c in cells) == len(events(client))
    assert client.get("/api/events?status=maybe").status_code == 422


def test_the_timeline_draws_ranges_and_keeps_outliers_out(client: TestClient) -> None:
    timeline = client.get("/api/aggregates/timeline").json()
    assert timeline["bucket"] == "day"
    # The year 2023 is far from the March 2024 events: counted before the window, not drawn.
    assert timeline["before"] == 1 and timeline["first"] == "2023-01-01"
    start, end = (dt.date.fromisoformat(d) for d in timeline["window"])
    assert start.year == 2024 and (end - start).days < 30
    # The week is a range, never a bar on a made-up day.
    assert [(r["label"], r["start"], r["end"]) for r in timeline["ranges"]] == [
        ("2024-W10", "2024-03-04", "2024-03-10")
    ]
    assert sum(i["count"] for i in timeline["items"]) == len(events(client)) - 2
    # Asked for the year alone, the window is its range.
    alone = client.get("/api/aggregates/timeline", params={"until": "2023-12-31"}).json()
    assert alone["window"] == ["2023-01-01", "2023-12-31"] and alone["before"] == 0
    assert [r["label"] for r in alone["ranges"]] == ["2023"]
    # Week buckets: the week fits one bucket and becomes a bar of its Monday.
    weekly = client.get("/api/aggregates/timeline", params={"bucket": "week"}).json()
    assert not weekly["ranges"]
    assert {i["date"] for i in weekly["items"]} == {"2024-03-04"}


def network_article() -> dict[str, Any]:
    """An article with a knowledge-base actor, "a man" with a country and "someone"."""
    text = (
        "OMDURMAN - The Rapid Support Forces shelled Omdurman on Monday; a man fired at "
        "soldiers, and someone attacked a convoy, residents said."
    )
    rsf = {"id": "A1", "name": "Rapid Support Forces", "country": "SDN", "sector": "REB",
           "kb_id": "test:RSF", "mentions": [span(text, "Rapid Support Forces")]}  # fmt: skip
    event = {"mode": None, "location": OMDURMAN, "date": "2024-03-04", "status": "occurred",
             "counts": [], "confidence": 0.8}  # fmt: skip
    article = record(
        "network", text, "2024-03-05", "Wire", "Shelling", places=[], actors=[rsf],
        events=[
            {**event, "type": "ASSAULT", "evidence": span(text, "shelled Omdurman"),
             "actor": side("Rapid Support Forces", "SDN", "REB", "A1"),
             "recipient": side("residents", "SDN", "CVL")},
            {**event, "type": "ASSAULT", "evidence": span(text, "a man fired at soldiers"),
             "actor": side("man", "SDN", "CVL"), "recipient": side("soldiers", "SDN", "MIL")},
            {**event, "type": "ASSAULT", "evidence": span(text, "someone attacked a convoy"),
             "actor": side("someone", None, None), "recipient": side("convoy", "SDN", "MIL")},
        ],
    )  # fmt: skip
    return article


def test_the_network_is_keyed_on_resolved_actors(tmp_path: Path) -> None:
    """Named actors are nodes of their own; "a man" with a country joins its group; a
    participant with neither a name nor a code is left out."""
    with Store(tmp_path / "network.duckdb") as store:
        store.ingest([network_article()])
    with TestClient(create_app(tmp_path / "network.duckdb")) as client:
        network = client.get("/api/aggregates/edges").json()
    nodes = {n["key"]: n for n in network["nodes"]}
    assert set(nodes) == {"test:RSF", "group:SDN/CVL", "group:SDN/MIL"}
    assert nodes["test:RSF"]["label"] == "Rapid Support Forces" and nodes["test:RSF"]["resolved"]
    assert not nodes["group:SDN/CVL"]["resolved"]
    assert nodes["group:SDN/CVL"]["events"] == 2  # residents and the man
    pairs = {(e["source"], e["target"]): e for e in network["edges"]}
    assert set(pairs) == {("test:RSF", "group:SDN/CVL"), ("group:SDN/CVL", "group:SDN/MIL")}
    assert pairs["test:RSF", "group:SDN/CVL"]["types"] == {"ASSAULT": 1}
    assert pairs["test:RSF", "group:SDN/CVL"]["score"] < 0  # conflict


def test_the_map_and_the_events_as_valid_geojson(client: TestClient) -> None:
    cells = client.get("/api/aggregates/map", params={"zoom": 3, "format": "geojson"})
    assert cells.headers["content-type"] == "application/geo+json"
    collection = geojson.loads(cells.text)
    assert collection.is_valid, collection.errors()
    plain = client.get("/api/aggregates/map", params={"zoom": 3}).json()["items"]
    assert len(collection["features"]) == len(plain)
    assert sorted(f["geometry"]["coordinates"] for f in collection["features"]) == sorted(
        [c["lon"], c["lat"]] for c in plain
    )  # longitude first (RFC 7946)
    located = client.get("/api/geojson")
    collection = geojson.loads(located.text)
    assert collection.is_valid, collection.errors()
    shown = events(client)
    assert located.json()["total"] == sum(e["lat"] is not None for e in shown)
    assert located.json()["unlocated"] == sum(e["lat"] is None for e in shown)
    by_id = {f["id"]: f for f in collection["features"]}
    for event in shown:
        if event["lat"] is not None:
            feature = by_id[event["event_id"]]
            assert feature["geometry"]["coordinates"] == [event["lon"], event["lat"]]
            assert feature["properties"]["date"] == event["date"]
            assert feature["properties"]["date_precision"] == event["date_precision"]
    assert client.get("/api/geojson", params={"limit": 5001}).status_code == 422
    assert client.get("/api/aggregates/map", params={"format": "kml"}).status_code == 422


@pytest.mark.parametrize("params", [{"status": "all"}, {}, {"type": "ASSAULT"}, {"limit": 3}])
def test_the_network_counts_as_the_graphml_export_does(
    tmp_path_factory: pytest.TempPathFactory, params: dict[str, Any]
) -> None:
    """The panel's nodes, labels and weights are those of `store.network.actor_network` (the
    GraphML export's) over the same events, although the panel counts in the database."""
    from tacitus.store.network import NETWORK_COLUMNS, actor_network
    from web_fixtures import dated_records, hostile_records, records

    db = tmp_path_factory.getbasetemp() / "network-check.duckdb"
    if not db.exists():
        with Store(db) as store:
            store.ingest(records() + dated_records() + hostile_records() + [network_article()])
    with TestClient(create_app(db)) as client:
        panel = client.get("/api/aggregates/edges", params=params).json()
        ids = [e["event_id"] for e in events(client, **{k: v for k, v in params.items()
                                                        if k != "limit"})]  # fmt: skip
    with Store(db, read_only=True) as store, store.connection() as con:
        cursor = con.execute(
            f"SELECT {NETWORK_COLUMNS} FROM events WHERE list_contains(?, event_id)", [ids]
        )
        names = [d[0] for d in cursor.description]
        expected = actor_network(dict(zip(names, row, strict=True)) for row in cursor.fetchall())
    pairs: dict[tuple[str, str], dict[str, int]] = {}
    for edge in expected.edges:
        pairs.setdefault((edge.source, edge.target), {})[edge.type] = edge.weight
    heaviest = sorted(pairs, key=lambda p: (-sum(pairs[p].values()), p))[: params.get("limit", 100)]
    assert [(e["source"], e["target"]) for e in panel["edges"]] == heaviest
    assert panel["pairs"] == len(pairs)
    for edge in panel["edges"]:
        assert edge["types"] == pairs[edge["source"], edge["target"]]
        assert edge["count"] == sum(edge["types"].values())
    shown = {key for pair in heaviest for key in pair}
    assert {n["key"] for n in panel["nodes"]} == shown
    for node in panel["nodes"]:
        truth = expected.nodes[node["key"]]
        assert (node["label"], node["events"], node["resolved"]) == (
            truth.label,
            truth.events,
            truth.resolved,
        )
