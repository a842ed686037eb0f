"""Interchange: write a store's canonical events as PLOVER JSON Lines, POLECAT-like TSV, Parquet.

Reads the store (`Store.events(with_reports=True)` and, for Parquet, every table) and writes
files into a folder:

- `plover-jsonl` -> `events.plover.jsonl`: one PLOVER record per canonical event with the
  fields of the PLOVER manual's JSON table (id, date, actor, recipient, event, mode, context,
  event_loc, event_text, quad_code, event_scale, cite_info, coder, coded_date, comment) and
  tacitus's additions (status, confidence, num_reports, num_articles, num_sources, reports).
- `polecat-tsv` -> `events.polecat.tsv`: one row per canonical event, columns named after
  the POLECAT release files (`POLECAT_COLUMNS`); lists are joined with `;`. Every cell passes
  through `textsafe.spreadsheet_safe`: names and evidence come from articles, and a cell
  that begins with `=`, `+`, `-` or `@` would run as a formula in a spreadsheet.
- `parquet` -> one `TABLE.parquet` per table, for Spark, DuckDB or Polars.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tacitus.about import __version__
from tacitus.core.errors import UsageError
from tacitus.core.textsafe import spreadsheet_safe

FORMATS = ("plover-jsonl", "polecat-tsv", "parquet")
CODEBOOK = "PLOVER 2.0 (tacitus contract v1)"
PAGE = 5000
POLECAT_COLUMNS = (
    ("Event ID", "event_id"),
    ("Event Date", "date"),
    ("Event Type", "type"),
    ("Event Mode", "mode"),
    ("Quad Code", "quad_code"),
    ("Event Intensity", "score"),
    ("Actor Name", "actor_name"),
    ("Actor Country", "actor_country"),
    ("Primary Actor Sector", "actor_sector"),
    ("Recipient Name", "recipient_name"),
    ("Recipient Country", "recipient_country"),
    ("Primary Recipient Sector", "recipient_sector"),
    ("Placename", "location_name"),
    ("Country", "country"),
    ("Latitude", "lat"),
    ("Longitude", "lon"),
    ("GeoNames ID", "geonames_id"),
    ("Status", "status"),
    ("Confidence", "confidence"),
    ("Num Reports", "num_reports"),
    ("Num Articles", "num_articles"),
    ("Num Sources", "num_sources"),
)
REPORT_COLUMNS = (
    ("Story IDs", "article_id"),
    ("Source URLs", "url"),
    ("Publications", "source"),
    ("Evidence", "evidence"),
)


def export(store: Any, fmt: str, directory: str | Path, **filters: Any) -> list[Path]:
    """Write the store's events (filtered like `Store.events`) in `fmt` under `directory`.

    Returns:
        The files written.
    """
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return write_parquet(store, folder)
    path = folder / ("events.plover.jsonl" if fmt == "plover-jsonl" else "events.polecat.tsv")
    with path.open("w", encoding="utf-8", newline="") as out:
        if fmt == "plover-jsonl":
            for event in _all_events(store, filters):
                out.write(json.dumps(plover_record(event), ensure_ascii=False, default=str) + "\n")
        else:
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            writer.writerow([name for name, _ in (*POLECAT_COLUMNS, *REPORT_COLUMNS)])
            for event in _all_events(store, filters):
                writer.writerow(polecat_row(event))
    return [path]


def _all_events(store: Any, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every matching event with its reports, a page at a time (memory stays flat)."""
    offset, limit = int(filters.pop("offset", 0) or 0), filters.pop("limit", None)
    filters.setdefault("order_by", "event_id")
    filters.setdefault("descending", False)
    while True:
        size = PAGE if limit is None else min(PAGE, int(limit))
        page = store.events(with_reports=True, limit=size, offset=offset, **filters)
        yield from page
        offset += len(page)
        if limit is not None:
            limit = int(limit) - len(page)
        if len(page) < size or limit == 0:
            return


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
        }
    return {
        "id": event["event_id"],
        "date": _iso(event["date"]),
        "actor": _party(event, "actor"),
        "recipient": _party(event, "recipient"),
        "event": [event["type"]],
        "mode": [event["mode"]] if event["mode"] else [],
        "context": [],
        "event_loc": location,
        "event_text": [r["evidence"] for r in reports if r["evidence"]],
        "quad_code": event["quad_code"],
        "event_scale": event["score"],
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
        "comment": "date is the publication date" if event["date_is_fallback"] else None,
        "status": event["status"],
        "confidence": event["confidence"],
        "num_reports": event["num_reports"],
        "num_articles": event["num_articles"],
        "num_sources": event["num_sources"],
        "reports": [
            {
                "article_id": r["article_id"],
                "url": r["url"],
                "published": r["published"],
                "evidence": [r["evidence_start"], r["evidence_end"]],
                "confidence": r["confidence"],
            }
            for r in reports
        ],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(_iso(value)).split())  # no tabs or line breaks inside a cell


def polecat_row(event: dict[str, Any]) -> list[str]:
    """One canonical event as a row of `POLECAT_COLUMNS` + `REPORT_COLUMNS`.

    Args:
        event: a canonical event with its `reports` (`Store.events(with_reports=True)`).

    Returns:
        The cells, each safe to open in a spreadsheet (`textsafe.spreadsheet_safe`).
    """
    reports = event.get("reports") or []
    row = [_cell(event[key]) for _, key in POLECAT_COLUMNS]
    for _, key in REPORT_COLUMNS:
        row.append(";".join(dict.fromkeys(_cell(r[key]) for r in reports if r[key])))
    return [spreadsheet_safe(cell) for cell in row]


def write_parquet(store: Any, folder: Path) -> list[Path]:
    """One Parquet file per table of the store."""
    import pyarrow.parquet as pq

    from tacitus.store.store import TABLES

    written = []
    with store.connection() as con:
        for table in TABLES:
            path = folder / f"{table}.parquet"
            relation = con.sql(f"SELECT * FROM {table}")
            # DuckDB 2 names it to_arrow_table; DuckDB 1 returns a Table from arrow().
            to_table = getattr(relation, "to_arrow_table", None) or relation.arrow
            pq.write_table(to_table(), path)
            written.append(path)
    return written
