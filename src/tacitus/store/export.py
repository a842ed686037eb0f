"""Interchange: write a store's canonical events for the tools analysts use.

Reads the store (`Store.events(with_reports=True)`, filtered like `tacitus events`; by
default only what happened, statuses `occurred` and `demanded`, at or above the fitted
confidence threshold) and writes one file (a folder for Parquet):

- `plover-jsonl`: one PLOVER record per event with the fields of the PLOVER manual's JSON
  table (id, date, actor, recipient, event, mode, context, event_loc, event_text, quad_code,
  event_scale, cite_info, coder, coded_date, comment), its casualty fields (`dead`,
  `injured`, `arrested`) and tacitus's additions (date precision and range, status,
  confidence, typed counts, num_reports, num_articles, num_sources, num_stories, reports,
  and whether each party's country code was inferred: `actor_country_from`,
  `recipient_country_from`).
- `polecat-tsv`: POLECAT's 40 columns first, in POLECAT's order and names
  (`data/polecat_columns.tsv` says where the list comes from and what fills each), then
  tacitus's own (`OWN_POLECAT_COLUMNS`).
- `csv`: one row per event, every column of `tacitus events` and the location's region,
  feature and precision.
- `geojson`: a FeatureCollection of points (events whose place was not resolved to a point
  are left out and counted).
- `graphml`: the actor network (`store.network`), for Gephi, networkx, igraph.
- `parquet`: the store's tables restricted to the matching events, one file per table.

No day is made up: `date` is the event's date at its precision (`2016-W50`), with
`date_precision`, `date_start` and `date_end`; where a format wants one day (POLECAT's
Event Date, PLOVER's `date`) it gets the first day and the precision says so. Text cells of
CSV and TSV pass through `textsafe.spreadsheet_safe` (a cell from an article that begins
with `=`, `+`, `-` or `@` would run as a formula); `bom=True` starts them with a UTF-8 byte
order mark so that a spreadsheet reads "Erdoğan" right.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tacitus.about import __version__
from tacitus.core.errors import UsageError
from tacitus.core.resources import read_table
from tacitus.core.textsafe import spreadsheet_safe
from tacitus.store import query
from tacitus.store.places import describe_places, location_fields

FORMATS = ("plover-jsonl", "polecat-tsv", "csv", "geojson", "graphml", "parquet")
FILE_NAMES = {
    "plover-jsonl": "events.plover.jsonl",
    "polecat-tsv": "events.polecat.tsv",
    "csv": "events.csv",
    "geojson": "events.geojson",
    "graphml": "actors.graphml",
}
CODEBOOK = "PLOVER 2.0 (tacitus contract v1)"
PAGE = 5000
QUADS = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT",
         4: "MATERIAL CONFLICT"}  # fmt: skip
#: tacitus's columns after POLECAT's: (name, event field).
OWN_POLECAT_COLUMNS = (
    ("Fatalities", "fatalities"), ("Injured", "injured"), ("Arrested", "arrested"),
    ("Displaced", "displaced"), ("Evacuated", "evacuated"), ("CAMEO Code", "cameo"),
    ("Date", "date"), ("Date Precision", "date_precision"), ("Date End", "date_end"),
    ("Date Is Publication Date", "date_is_fallback"),
    ("Location Precision", "location_precision"), ("Actor Entity", "actor_entity"),
    ("Recipient Entity", "recipient_entity"), ("Actor Country From", "actor_country_from"),
    ("Recipient Country From", "recipient_country_from"), ("Status", "status"),
    ("Confidence", "confidence"), ("Num Reports", "num_reports"),
    ("Num Articles", "num_articles"), ("Num Sources", "num_sources"),
    ("Num Stories", "num_stories"), ("Story IDs", "story_ids"), ("Source URLs", "urls"),
    ("Evidence", "evidence"),
)  # fmt: skip
CSV_EXTRA = ("feature", "admin1", "location_precision", "published", "story_ids", "urls")


@dataclass
class Exported:
    """What an export wrote and what it left out."""

    paths: list[Path]
    events: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> events


def polecat_columns() -> list[tuple[str, str]]:
    """POLECAT's columns in order, each with the event field that fills it ('' for none)."""
    return [(row["column"], row["field"]) for row in read_table("data/polecat_columns.tsv")]


def export(store: Any, fmt: str, output: str | Path, **filters: Any) -> list[Path]:
    """Write the store's events in `fmt` to `output` (see `export_events`).

    Returns:
        The files written.
    """
    return export_events(store, fmt, output, **filters).paths


def export_events(
    store: Any, fmt: str, output: str | Path, *, bom: bool = False, **filters: Any
) -> Exported:
    """Write the store's events (filtered like `Store.events`) in `fmt`.

    Args:
        store: an open `Store`.
        fmt: one of `FORMATS`.
        output: the file to write; an existing folder (or, for Parquet, any folder) gets
            the format's usual file names inside.
        bom: start CSV and TSV with a UTF-8 byte order mark (for spreadsheets).
        **filters: those of `Store.events`; `status` defaults to occurred and demanded
            (`"all"` for every status), `min_confidence` to the fitted threshold.

    Returns:
        The files written, the number of events, and what was left out and why.
    """
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    filters = default_filters(filters)
    target = Path(output)
    if fmt == "parquet":
        target.mkdir(parents=True, exist_ok=True)
        return write_parquet(store, target, filters)
    if target.is_dir():
        target = target / FILE_NAMES[fmt]
    if not target.parent.is_dir():
        raise UsageError(f"-o {output}: the folder {target.parent} does not exist.")
    if fmt == "graphml":
        return _write_graphml(store, target, filters)
    done = Exported([target])
    encoding = "utf-8-sig" if bom and fmt in ("csv", "polecat-tsv") else "utf-8"
    # written beside the target and moved into place when whole: a failure on the way (a
    # damaged store) leaves no half-written file
    partial = target.with_name(f".{target.name}.partial")
    try:
        _write_text(store, fmt, filters, done, partial, encoding)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return done


def _write_text(
    store: Any,
    fmt: str,
    filters: dict[str, Any],
    done: Exported,
    target: Path,
    encoding: str,
) -> None:
    """Write the events in one of the text formats (JSON Lines, GeoJSON, CSV, TSV)."""
    with target.open("w", encoding=encoding, newline="") as out:
        if fmt == "plover-jsonl":
            for event in _events(store, filters, done):
                out.write(json.dumps(plover_record(event), ensure_ascii=False, default=str))
                out.write("\n")
        elif fmt == "geojson":
            _write_geojson(out, _events(store, filters, done), done)
        else:
            polecat = fmt == "polecat-tsv"
            writer = csv.writer(out, delimiter="\t" if polecat else ",", lineterminator="\n")
            writer.writerow(polecat_header() if polecat else list(CSV_HEADER))
            for event in _events(store, filters, done):
                if polecat:
                    writer.writerow(polecat_row(event))
                else:
                    writer.writerow([spreadsheet_safe(_cell(v)) for v in csv_row(event).values()])


def default_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The export's filters: what happened, above the fitted threshold, unless told."""
    out = {k: v for k, v in filters.items() if v is not None}
    out.setdefault("status", list(query.HAPPENED))
    if "min_confidence" not in out:
        from tacitus.stages.confidence import default_threshold

        out["min_confidence"] = default_threshold()
    return out


def _events(store: Any, filters: dict[str, Any], done: Exported) -> Iterator[dict[str, Any]]:
    """Every matching event with its reports and gazetteer fields, a page at a time."""
    filters = dict(filters)
    offset, limit = int(filters.pop("offset", 0) or 0), filters.pop("limit", None)
    filters.setdefault("order_by", "event_id")
    filters.setdefault("descending", False)
    while True:
        size = PAGE if limit is None else min(PAGE, int(limit))
        page = store.events(with_reports=True, limit=size, offset=offset, **filters)
        places = describe_places(e["geonames_id"] for e in page)
        for event in page:
            event.update(location_fields(event, places))
            _summarise_reports(event)
            done.events += 1
            yield event
        offset += len(page)
        if limit is not None:
            limit = int(limit) - len(page)
        if len(page) < size or limit == 0:
            return


def _summarise_reports(event: dict[str, Any]) -> None:
    reports = event.get("reports") or []

    def joined(key: str) -> str:
        return ";".join(dict.fromkeys(_cell(r[key]) for r in reports if r.get(key)))

    event["story_ids"] = joined("story_id")
    event["urls"] = joined("url")
    event["publications"] = joined("source")
    event["evidence"] = joined("evidence")
    published = sorted(str(r["published"])[:10] for r in reports if r.get("published"))
    event["published"] = published[0] if published else None
    languages = [r["language"] for r in reports if r.get("language")]
    event["language"] = languages[0] if languages else None
    event["quad_label"] = QUADS.get(event.get("quad_code") or 0)
    event["version"] = f"tacitus {__version__}"
    event.setdefault("cameo", None)  # only verbs CAMEO reads as the same type have one


def _party(event: dict[str, Any], role: str) -> list[dict[str, Any]]:
    party = {
        "code": event[f"{role}_country"],
        "sector": event[f"{role}_sector"],
        "entity_text": event[f"{role}_name"],
    }
    return [party] if any(party.values()) else []


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """One canonical event as a PLOVER JSON record (manual, table "PLOVER JSON")."""
    reports = event.get("reports") or []
    location = None
    if event["location_name"] or event["lat"] is not None:
        location = {
            "extracted_place": event["location_name"],
            "resolved_place": event["location_name"],
            "geonameid": event["geonames_id"],
            "lat": event["lat"],
            "lon": event["lon"],
            "country_code": event["country"],
            "admin1": event.get("admin1"),
            "location_precision": event.get("location_precision"),
        }
    comment = None
    if event["date_is_fallback"]:
        comment = "date is the publication date"
    elif event.get("date_precision") not in (None, "day"):
        comment = f"date is the first day of {event['date']} ({event['date_precision']})"
    return {
        "id": event["event_id"],
        "date": _iso(event.get("date_start")),
        "actor": _party(event, "actor"),
        "recipient": _party(event, "recipient"),
        "event": [event["type"]],
        "mode": [event["mode"]] if event["mode"] else [],
        "context": [],
        "event_loc": location,
        "event_text": [r["evidence"] for r in reports if r["evidence"]],
        "quad_code": event["quad_code"],
        "event_scale": event["score"],
        # the manual's size object: number killed, injured, arrested
        "dead": event.get("fatalities"),
        "injured": event.get("injured"),
        "arrested": event.get("arrested"),
        "cite_info": [
            {
                "url": r["url"],
                "title": r["title"],
                "publication": r["source"],
                "coder": f"tacitus {__version__}",
                "codebook": CODEBOOK,
            }
            for r in reports
        ],
        "coder": f"tacitus {__version__}",
        "coded_date": dt.date.today().isoformat(),
        "comment": comment,
        "date_value": event["date"],
        "date_precision": event.get("date_precision"),
        "date_start": _iso(event.get("date_start")),
        "date_end": _iso(event.get("date_end")),
        # how each party's `code` was inferred (place, dateline, article); null: stated
        "actor_country_from": event.get("actor_country_from"),
        "recipient_country_from": event.get("recipient_country_from"),
        "status": event["status"],
        "confidence": event["confidence"],
        "displaced": event.get("displaced"),
        "evacuated": event.get("evacuated"),
        "num_reports": event["num_reports"],
        "num_articles": event["num_articles"],
        "num_sources": event["num_sources"],
        "num_stories": event.get("num_stories"),
        "reports": [
            {
                "article_id": r["article_id"],
                "story_id": r.get("story_id"),
                "url": r["url"],
                "published": r["published"],
                "evidence": [r["evidence_start"], r["evidence_end"]],
                "confidence": r["confidence"],
            }
            for r in reports
        ],
    }


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(_iso(value)).split())  # no tabs or line breaks inside a cell


def polecat_header() -> list[str]:
    """POLECAT's column names in order, then tacitus's own."""
    return [name for name, _ in polecat_columns()] + [name for name, _ in OWN_POLECAT_COLUMNS]


def polecat_row(event: dict[str, Any]) -> list[str]:
    """One canonical event as a row of `polecat_header()`.

    Args:
        event: a canonical event with its reports and gazetteer fields (as `_events` gives).

    Returns:
        The cells, each safe to open in a spreadsheet (`textsafe.spreadsheet_safe`).
    """
    fields = [key for _, key in polecat_columns()] + [key for _, key in OWN_POLECAT_COLUMNS]
    return [spreadsheet_safe(_cell(event.get(key)) if key else "") for key in fields]


CSV_HEADER = tuple(c.strip() for c in query.EVENT_COLUMNS.split(",")) + CSV_EXTRA


def csv_row(event: dict[str, Any]) -> dict[str, Any]:
    """One canonical event as the CSV's row (`CSV_HEADER`)."""
    return {key: event.get(key) for key in CSV_HEADER}


def _write_geojson(out: Any, events: Iterator[dict[str, Any]], done: Exported) -> None:
    """A FeatureCollection, one Point per located event; the others counted in `done`."""
    out.write('{"type": "FeatureCollection", "features": [')
    first = True
    for event in events:
        if event["lat"] is None or event["lon"] is None:
            done.left_out["no resolved place"] = done.left_out.get("no resolved place", 0) + 1
            continue
        properties = {k: _iso(v) for k, v in csv_row(event).items()}
        feature = {
            "type": "Feature",
            "id": event["event_id"],
            "geometry": {"type": "Point", "coordinates": [event["lon"], event["lat"]]},
            "properties": properties,
        }
        out.write(("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
        first = False
    out.write("\n]}\n")


def _write_graphml(store: Any, target: Path, filters: dict[str, Any]) -> Exported:
    import networkx as nx

    from tacitus.store.network import actor_network, to_graph

    done = Exported([target])
    rows = []
    for event in _events(store, filters, done):
        rows.append(event)
    network = actor_network(rows)
    left = sum(
        1
        for row in rows
        for role in ("actor", "recipient")
        if row[f"{role}_name"]
        and not row[f"{role}_entity"]
        and not row[f"{role}_country"]
        and not row[f"{role}_sector"]
    )
    if left:
        done.left_out["participants without a name, country or sector"] = left
    nx.write_graphml(to_graph(network), target)
    return done


def write_parquet(store: Any, folder: Path, filters: dict[str, Any] | None = None) -> Exported:
    """The store's tables as Parquet, restricted to the events matching `filters`.

    `events` holds the matching events; `reports`, `counts` their reports and counts;
    `articles` and its annotation tables (`entities`, `actors`, `places`, `times`,
    `quotes`) the articles that report them; `errors` those articles' errors and every
    failed input. With no filters (`filters=None`) every row is written.
    """
    import pyarrow.parquet as pq

    from tacitus.store.store import TABLES, resolve_place

    done = Exported([])
    with store.connection() as con:
        if filters is not None:
            wanted = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
            sql, params = query.events_sql(lambda name: resolve_place(con, name), **wanted)
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _export_ids AS SELECT event_id FROM ({sql})",
                params,
            )
        for table in TABLES:
            path = folder / f"{table}.parquet"
            relation = con.sql(_parquet_select(table, filters is not None))
            # DuckDB 2 names it to_arrow_table; DuckDB 1 returns a Table from arrow().
            to_table = getattr(relation, "to_arrow_table", None) or relation.arrow
            pq.write_table(to_table(), path)
            done.paths.append(path)
        if filters is not None:
            done.events = con.execute("SELECT count(*) FROM _export_ids").fetchall()[0][0]
            con.execute("DROP TABLE _export_ids")
    return done


def _parquet_select(table: str, filtered: bool) -> str:
    if not filtered:
        return f"SELECT * FROM {table}"
    reports = (
        "SELECT report_id, article_id FROM reports "
        "WHERE event_id IN (SELECT event_id FROM _export_ids)"
    )
    if table == "events":
        return "SELECT * FROM events WHERE event_id IN (SELECT event_id FROM _export_ids)"
    if table in ("reports", "counts"):
        return f"SELECT * FROM {table} WHERE report_id IN (SELECT report_id FROM ({reports}))"
    if table == "errors":
        return (
            f"SELECT * FROM errors WHERE article_id IS NULL OR article_id IN "
            f"(SELECT article_id FROM ({reports}))"
        )
    return f"SELECT * FROM {table} WHERE article_id IN (SELECT article_id FROM ({reports}))"
