"""Exports a data user can take away (issue 18): a store of the shipped example and
hand-written fixtures (a week-precision and a year-precision event, a demanded and a negated
event, a wire story and its syndicated copy with a footer), exported in every format.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import geojson
import networkx as nx
import pandas as pd
import pytest

import tacitus
from tacitus.cli import main
from tacitus.examples import example_path
from tacitus.store.export import FORMATS, export_events, polecat_columns
from tacitus.store.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "export"
#: A day that is the first of a month or of a year, only ever written as a real day.
INVENTED = ("2016-01-01", "2016-12-01", "2016-12-12")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "events.duckdb"
    example = tacitus.extract(example_path().read_text("utf-8"), published="2025-05-14")
    lines = (FIXTURES / "records.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    with Store(path) as store:
        store.ingest([example, *records])
    return path


@pytest.fixture(scope="module")
def exports(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("out")
    written = {}
    with Store(store_path, read_only=True) as store:
        for fmt in FORMATS:
            target = folder / ("parquet" if fmt == "parquet" else f"events.{fmt}")
            done = export_events(store, fmt, target, min_confidence=0)
            written[fmt] = target
            assert done.events > 0
    return written


def test_the_syndicated_copies_are_one_story_with_two_sources(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        [event] = store.events(
            type="ASSAULT", country="SYR", since="2016-12-22", until="2016-12-22"
        )
        articles = store.sql("SELECT article_id, story_id FROM articles WHERE source IS NOT NULL")
    assert (event["num_articles"], event["num_sources"], event["num_stories"]) == (2, 2, 1)
    assert event["fatalities"] == 12 and event["injured"] == 30
    stories = {
        a["story_id"] for a in articles if a["article_id"] in {a["story_id"] for a in articles}
    }
    assert len(articles) == 3 and len(stories) == 2


def test_week_and_year_dates_keep_their_precision_and_range(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        rows = store.sql("SELECT date, date_precision, date_start, date_end FROM events")
        december = store.events(since="2016-12-01", until="2016-12-31", min_confidence=0)
        newest = store.events(min_confidence=0, limit=3)
    by_value = {r["date"]: r for r in rows}
    week, year = by_value["2016-W50"], by_value["2016"]
    assert (week["date_precision"], str(week["date_start"]), str(week["date_end"])) == (
        "week", "2016-12-12", "2016-12-18")  # fmt: skip
    assert (year["date_precision"], str(year["date_start"]), str(year["date_end"])) == (
        "year", "2016-01-01", "2016-12-31")  # fmt: skip
    assert "2016" not in {e["date"] for e in december}  # a year is not inside December
    assert "2016-W50" in {e["date"] for e in december}
    assert all(e["date_precision"] == "day" for e in newest)  # no year tops the list


def test_no_export_invents_a_day(exports: dict[str, Path]) -> None:
    for fmt in ("csv", "polecat-tsv", "plover-jsonl", "geojson"):
        text = exports[fmt].read_text("utf-8")
        assert "2016-W50" in text and '"2016"' in text or "\t2016\t" in text or ",2016," in text
    frame = pd.read_csv(exports["csv"], dtype={"date": str})
    for _, row in frame.iterrows():
        if row["date_precision"] != "day":
            assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]), row["date"]
    plover = [json.loads(line) for line in exports["plover-jsonl"].read_text("utf-8").splitlines()]
    week = next(p for p in plover if p["date_value"] == "2016-W50")
    assert week["date"] == "2016-12-12" and week["date_precision"] == "week"
    assert "first day of 2016-W50" in week["comment"]


def test_default_exports_hold_only_what_happened(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert main(["export", "--db", str(store_path), "--format", "csv", "-o", str(out)]) == 0
    statuses = set(pd.read_csv(out)["status"])
    assert statuses == {"occurred", "demanded"}
    every = tmp_path / "all.csv"
    args = ["export", "--db", str(store_path), "--format", "csv", "-o", str(every)]
    assert main([*args, "--status", "all", "--min-confidence", "0"]) == 0
    assert {"negated", "hypothetical"} <= set(pd.read_csv(every)["status"])
    parquet = tmp_path / "pq"
    assert main(["export", "--db", str(store_path), "--format", "parquet", "-o", str(parquet)]) == 0
    assert set(pd.read_parquet(parquet / "events.parquet")["status"]) <= {"occurred", "demanded"}


def test_fatalities_in_plover_polecat_and_csv(exports: dict[str, Path]) -> None:
    plover = [json.loads(line) for line in exports["plover-jsonl"].read_text("utf-8").splitlines()]
    assert {p["dead"] for p in plover} >= {12, 23}
    assert any(p["injured"] == 140 for p in plover)
    polecat = pd.read_csv(exports["polecat-tsv"], sep="\t")
    assert set(polecat["Fatalities"].dropna()) >= {12, 23}
    frame = pd.read_csv(exports["csv"])
    assert set(frame["fatalities"].dropna()) >= {12, 23}


def test_polecat_header_begins_with_polecat_s_columns(exports: dict[str, Path]) -> None:
    header = next(
        csv.reader(exports["polecat-tsv"].read_text("utf-8").splitlines(), delimiter="\t")
    )
    names = [name for name, _ in polecat_columns()]
    assert len(names) == 40 and names[:3] == ["Event ID", "Event Date", "Event Type"]
    assert header[:40] == names
    assert header[40] == "Fatalities"
    frame = pd.read_csv(exports["polecat-tsv"], sep="\t", dtype={"Date": str})
    tripoli = frame[frame["Placename"] == "Tripoli"].iloc[0]
    assert tripoli["Location Precision"] == "city" and tripoli["Province"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", frame["Event Date"].iloc[0])


def test_geojson_validates_and_counts_what_it_leaves_out(
    store_path: Path, exports: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    collection = geojson.loads(exports["geojson"].read_text("utf-8"))
    assert collection.is_valid and collection["type"] == "FeatureCollection"
    assert all(f.is_valid and f["geometry"]["type"] == "Point" for f in collection["features"])
    assert all("location_precision" in f["properties"] for f in collection["features"])
    out = exports["geojson"].with_name("cli.geojson")
    main(
        [
            "export",
            "--db",
            str(store_path),
            "--format",
            "geojson",
            "-o",
            str(out),
            "--status",
            "all",
        ]
    )
    err = capsys.readouterr().err
    assert re.search(r"left out: \d+ \(no resolved place\)", err)


def test_graphml_loads_with_resolved_actor_nodes(exports: dict[str, Path]) -> None:
    graph = nx.read_graphml(exports["graphml"])
    assert "test:syrian_army" in graph and graph.nodes["test:syrian_army"]["resolved"]
    assert "name:hanna tetteh" in graph
    assert not any(re.fullmatch(r"(a |the )?(man|group|head)", str(n), re.I) for n in graph)
    assert graph.has_edge("test:syrian_army", "group:SYR/CVL")


def test_every_export_opens_in_pandas_with_the_right_dtypes(exports: dict[str, Path]) -> None:
    frame = pd.read_csv(exports["csv"], parse_dates=["date_start", "date_end"])
    assert pd.api.types.is_datetime64_any_dtype(frame["date_start"])
    assert pd.api.types.is_float_dtype(frame["lat"]) and pd.api.types.is_float_dtype(
        frame["confidence"]
    )
    assert pd.api.types.is_integer_dtype(frame["num_stories"])
    tsv = pd.read_csv(exports["polecat-tsv"], sep="\t", parse_dates=["Event Date"])
    assert pd.api.types.is_datetime64_any_dtype(tsv["Event Date"])
    assert pd.api.types.is_float_dtype(tsv["Latitude"])
    plover = pd.read_json(exports["plover-jsonl"], lines=True)
    assert pd.api.types.is_float_dtype(plover["confidence"])
    events = pd.read_parquet(exports["parquet"] / "events.parquet")
    start = events["date_start"]
    assert pd.api.types.is_datetime64_any_dtype(start) or isinstance(start.iloc[0], dt.date)
    assert pd.api.types.is_string_dtype(events["date"])  # text at its precision
    points = pd.json_normalize(json.loads(exports["geojson"].read_text("utf-8"))["features"])
    assert pd.api.types.is_float_dtype(points["properties.confidence"])


def test_bom_only_when_asked(store_path: Path, tmp_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        export_events(store, "csv", tmp_path / "plain.csv")
        export_events(store, "csv", tmp_path / "excel.csv", bom=True)
    assert not (tmp_path / "plain.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "excel.csv").read_bytes().startswith(b"\xef\xbb\xbf")
