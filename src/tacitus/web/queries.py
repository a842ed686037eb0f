"""Read-only queries of the explorer over a tacitus store (the DuckDB schema of docs/store.md).

Reads the `events`, `reports`, `articles`, `actors`, `places`, `times`, `entities` and
`quotes` tables; writes nothing. Every filter is a SQL parameter, never pasted into the SQL
text. Every query runs under a time limit: past it, DuckDB is interrupted and
`QueryTimeout` tells the caller to narrow the filters.

The aggregates (timeline, countries, network, map cells, GeoJSON) are in `aggregates`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from tacitus.core.errors import StoreError
from tacitus.store import query

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}  # fmt: skip
EVENT_COLUMNS = (
    "event_id", "type", "mode", "status", "quad_code", "score",
    "actor_name", "actor_country", "actor_sector", "actor_kb_id", "actor_country_from",
    "recipient_name", "recipient_country", "recipient_sector", "recipient_kb_id",
    "recipient_country_from",
    "location_name", "geonames_id", "lat", "lon", "country", "location_is_country",
    "date", "date_precision", "date_start", "date_end", "date_is_fallback", "confidence",
    "num_reports", "num_articles", "num_sources", "num_stories", "fatalities",
)  # fmt: skip
#: The statuses the explorer shows unless asked for others: what happened (`query.HAPPENED`,
#: the default of the exports too: a call for something, `demanded`, is a REQUEST that
#: happened); `future`, `hypothetical` and `negated` events are shown only on request.
DEFAULT_STATUSES: tuple[str, ...] = tuple(query.HAPPENED)
#: Orders of the event list. By date means by the first day of the event's range, the
#: narrower range first: a week or a year sorts where it begins, not on a made-up day, so a
#: year-precision event does not top a list of last week's events.
SORTS = {
    "-date": "date_start DESC NULLS LAST, date_end ASC, event_id",
    "date": "date_start ASC NULLS LAST, date_end ASC, event_id",
    "-num_articles": "num_articles DESC, date_start DESC NULLS LAST, event_id",
    "-confidence": "confidence DESC NULLS LAST, event_id",
}


#: The counts (value, what) of report `r`, as a list.
_COUNTS = (
    "coalesce((SELECT list({'value': c.value, 'what': c.what}) FROM counts c "
    "WHERE c.report_id = r.report_id), []) AS counts"
)


class QueryTimeout(StoreError):
    """A query ran past the explorer's time limit."""


@dataclass(frozen=True)
class EventFilter:
    """The filters of `tacitus events`, plus several types, quad classes, text and a map box.

    `actor` and `recipient` are a code (`RUS`, `MIL`, `RUS/MIL`) or part of a name, exactly as
    for `tacitus events` (the store's `query.add_party`); `country` is the ISO 3166 alpha-3
    code of the event's location; `near` is (lat, lon, km); `text` is looked for in the
    evidence of every report and in the actor, recipient and location names.
    """

    types: tuple[str, ...] = ()
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    near: tuple[float, float, float] | None = None
    statuses: tuple[str, ...] | None = DEFAULT_STATUSES
    min_confidence: float | None = None
    quads: tuple[int, ...] = ()
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition over `events` and its parameters."""
        q = query.Query(["TRUE"])
        if self.types:
            q.add(f"type IN ({', '.join('?' for _ in self.types)})", *self.types)
        if self.quads:
            q.add(f"quad_code IN ({', '.join('?' for _ in self.quads)})", *self.quads)
        if self.statuses is not None:
            q.add(f"status IN ({', '.join('?' for _ in self.statuses) or 'NULL'})", *self.statuses)
        for column, value in (("mode", self.mode), ("country", self.country)):
            if value is not None:
                q.add(f"{column} = ?", value)
        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value is not None:
                query.add_party(q, role, value)
        # As `tacitus events`: the event's whole range lies in since..until (a week is found
        # by a period holding all of it); an undated event is in no period.
        query.add_range(q, {"since": self.since, "until": self.until})
        if self.min_confidence is not None:
            q.add("confidence >= ?", self.min_confidence)
        if self.bbox is not None:
            _add_box(q, self.bbox)
        if self.near is not None:
            query.add_near(q, *self.near)
        if self.text:
            sql = {
                c: has_text(c, self.text)
                for c in ("actor_name", "recipient_name", "location_name", "evidence")
            }
            q.add(
                f"({sql['actor_name']} OR {sql['recipient_name']} OR {sql['location_name']} OR "
                f"event_id IN (SELECT event_id FROM reports WHERE {sql['evidence']}))",
                *[text_param(self.text)] * 4,
            )
        return " AND ".join(q.conditions), q.params


def has_text(column: str, text: str | None) -> str:
    """SQL: `column` contains the parameter (`text_param(text)`), ignoring case.

    ILIKE when `text` has no wildcard (`%`, `_`), else `contains(lower(...))`: both take the
    text literally, and plain ILIKE is the faster (an ESCAPE clause would halve its speed).
    """
    if text is not None and not set(text) & {"%", "_"}:
        return f"{column} ILIKE ?"
    return f"contains(lower({column}), lower(?))"


def text_param(text: str | None) -> str | None:
    """The parameter of `has_text(column, text)`."""
    if text is None:
        return None
    return f"%{text}%" if not set(text) & {"%", "_"} else text


def _add_box(q: query.Query, box: tuple[float, float, float, float]) -> None:
    south, west, north, east = box
    q.add("lat BETWEEN ? AND ?", south, north)
    if west <= east:
        q.add("lon BETWEEN ? AND ?", west, east)
    else:  # a box across the antimeridian: two longitude ranges
        q.add("(lon >= ? OR lon <= ?)", west, east)


class Explorer:
    """Read-only queries over one store file, each under a time limit.

    One read-only DuckDB connection is held for the life of the object; each query runs in
    its own cursor, so requests in several threads do not share a result set.
    """

    def __init__(self, db_path: str | Path, time_limit: float = 5.0) -> None:
        from tacitus.store.store import Store

        self.path = Path(db_path)
        if not self.path.is_file():
            raise StoreError(
                f"No store at {self.path}: create one with `tacitus ingest ... --db {self.path}`."
            )
        self.store = Store(self.path, read_only=True, hold=True, lock_timeout=2.0)
        with self.store.connection() as con:  # opens, checks the schema version, and holds
            self._con = con
        self.time_limit = time_limit
        self._lock = threading.Lock()

    def resolve_place(self, name: str) -> tuple[float, float] | None:
        """Coordinates of a place name, as `tacitus events --near PLACE` finds them."""
        from tacitus.store.store import resolve_place

        cursor = self._cursor()
        try:
            return resolve_place(cursor, name)
        finally:
            cursor.close()

    def close(self) -> None:
        """Release the database file."""
        self.store.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one query (making one touches the shared connection)."""
        with self._lock:
            return self._con.cursor()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run `sql` with `params` under the time limit; rows as dicts."""
        cursor = self._cursor()
        timer = threading.Timer(self.time_limit, cursor.interrupt)
        timer.start()
        try:
            result = cursor.execute(sql, list(params))
            names = [d[0] for d in result.description or []]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        except duckdb.InterruptException as exc:
            raise QueryTimeout(
                f"The query took longer than {self.time_limit:g} s: narrow the filters "
                "(dates, type, country) and try again."
            ) from exc
        except (duckdb.IOException, duckdb.InternalException) as exc:
            # Damage the opening check could not see (a block overwritten in place): a 503
            # saying what to do, not a 500.
            from tacitus.store.store import failure

            raise failure(self.path, exc) from exc
        finally:
            timer.cancel()
            cursor.close()

    # ----- events -----

    def events(
        self, filters: EventFilter, limit: int, offset: int, sort: str = "-date"
    ) -> dict[str, Any]:
        """One page of canonical events, each with its first report's article and evidence."""
        where, params = filters.where()
        # One scan gives the page and the total (a window count); past the end, count apart.
        items = self.rows(
            f"SELECT {', '.join(EVENT_COLUMNS)}, count(*) OVER () AS total_ FROM events "
            f"WHERE {where} ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        if items:
            total = items[0]["total_"]
        else:
            total = self.rows(f"SELECT count(*) AS n FROM events WHERE {where}", params)[0]["n"]
        for item in items:
            del item["total_"]
        firsts = self._first_reports([item["event_id"] for item in items])
        for item in items:
            jsonable(item)
            item["report"] = firsts.get(item["event_id"])
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    def _first_reports(self, event_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The first report of each event: the one whose report_id is the event_id (the
        store's rule, found through its key), else the smallest report_id of the event."""
        if not event_ids:
            return {}
        marks = ", ".join("?" for _ in event_ids)
        rows = self.rows(
            "SELECT event_id, report_id, article_id, evidence FROM reports "
            f"WHERE report_id IN ({marks}) AND event_id = report_id",
            event_ids,
        )
        found = {row.pop("event_id"): row for row in rows}
        missing = [e for e in event_ids if e not in found]
        if missing:
            marks = ", ".join("?" for _ in missing)
            rows = self.rows(
                "SELECT event_id, min(report_id) AS report_id, "
                "arg_min(article_id, report_id) AS article_id, "
                "arg_min(evidence, report_id) AS evidence "
                f"FROM reports WHERE event_id IN ({marks}) GROUP BY event_id",
                missing,
            )
            found.update({row.pop("event_id"): row for row in rows})
        return found

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One canonical event with every report (article, evidence span, confidence)."""
        found = self.rows(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE event_id = ?", [event_id]
        )
        if not found:
            return None
        event = jsonable(found[0])
        reports = self.rows(
            "SELECT r.report_id, r.article_id, r.idx, r.type, r.mode, r.status, r.actor_name, "
            "r.recipient_name, r.location_name, r.date, r.evidence_start, r.evidence_end, "
            f"r.evidence, r.confidence, r.outlet, {_COUNTS}, a.title, a.source, a.url, a.published "
            "FROM reports r LEFT JOIN articles a USING (article_id) "
            "WHERE r.event_id = ? ORDER BY r.report_id",
            [event_id],
        )
        event["reports"] = [jsonable(r) for r in reports]
        return event

    # ----- entities of the articles -----

    def page(self, select: str, order: str, params: list[Any], limit: int, offset: int
             ) -> dict[str, Any]:  # fmt: skip
        """One page of the rows of `select` in `order`, with the count of all its rows."""
        total = self.rows(f"SELECT count(*) AS n FROM ({select})", params)[0]["n"]
        items = self.rows(f"{select} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    def actors(self, text: str | None, country: str | None, sector: str | None, limit: int,
               offset: int) -> dict[str, Any]:  # fmt: skip
        """Actors named in the articles, most-mentioned first, with their counts of articles."""
        where, params = _conditions(
            _any_text(("name",), text), ("country = ?", country), ("sector = ?", sector)
        )
        select = ("SELECT name, country, sector, kb_id, count(DISTINCT article_id) AS articles, "
                  "sum(json_array_length(mentions)) AS mentions "
                  f"FROM actors WHERE {where} GROUP BY ALL")  # fmt: skip
        return self.page(select, "articles DESC, mentions DESC, name", params, limit, offset)

    def places(self, text: str | None, country: str | None, limit: int, offset: int
               ) -> dict[str, Any]:  # fmt: skip
        """Resolved places named in the articles, with their counts of articles."""
        where, params = _conditions(
            ("lat IS NOT NULL", True), _any_text(("name", "text"), text), ("country = ?", country)
        )
        select = ("SELECT name, geonames_id, round(lat, 5) AS lat, round(lon, 5) AS lon, country, "
                  "feature, count(DISTINCT article_id) AS articles, count(*) AS mentions "
                  f"FROM places WHERE {where} GROUP BY ALL")  # fmt: skip
        return self.page(select, "articles DESC, mentions DESC, name", params, limit, offset)

    def quotes(self, speaker: str | None, contains: str | None, article_id: str | None,
               limit: int, offset: int) -> dict[str, Any]:  # fmt: skip
        """Quotes with their speaker and article."""
        where, params = _conditions(
            _any_text(("speaker_name", "source_text"), speaker),
            _any_text(("content",), contains),
            ("article_id = ?", article_id),
        )
        select = ("SELECT article_id, idx, content, content_start, content_end, source_text, "
                  "speaker, speaker_name, speaker_country, speaker_sector, cue, direct "
                  f"FROM quotes WHERE {where}")  # fmt: skip
        return self.page(select, "article_id, idx", params, limit, offset)

    # ----- articles -----

    def articles(self, text: str | None, source: str | None, since: dt.date | None,
                 until: dt.date | None, limit: int, offset: int) -> dict[str, Any]:  # fmt: skip
        """Articles without their text: title, source, date and counts."""
        where, params = _conditions(
            _any_text(("title", "text"), text),
            ("source = ?", source),
            ("published_date >= ?", since),
            ("published_date <= ?", until),
        )
        select = ("SELECT article_id, input_id, title, source, url, published, published_date, "
                  f"language, n_events, n_quotes FROM articles WHERE {where}")  # fmt: skip
        page = self.page(select, "published_date DESC NULLS LAST, article_id", params, limit,
                         offset)  # fmt: skip
        for item in page["items"]:
            del item["published_date"]
        return page

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article: its text and every span on it (entities, places, times, quotes,
        event reports with evidence), offsets into `text`."""
        found = self.rows(
            "SELECT article_id, input_id, title, source, url, published, language, text "
            "FROM articles WHERE article_id = ?",
            [article_id],
        )
        if not found:
            return None
        article = found[0]
        key = [article_id]
        article["entities"] = self.rows(
            'SELECT "start", "end", text, type, actor, place FROM entities '
            "WHERE article_id = ? ORDER BY idx",
            key,
        )
        article["actors"] = [
            jsonable(r, json_keys=("mentions",))
            for r in self.rows(
                "SELECT actor_id AS id, name, country, sector, kb_id, mentions FROM actors "
                "WHERE article_id = ? ORDER BY actor_id",
                key,
            )
        ]
        article["places"] = self.rows(
            'SELECT "start", "end", text, name, geonames_id, lat, lon, country, feature, kind, '
            "role FROM places WHERE article_id = ? ORDER BY idx",
            key,
        )
        article["times"] = self.rows(
            'SELECT "start", "end", text, type, value FROM times WHERE article_id = ? ORDER BY idx',
            key,
        )
        article["quotes"] = self.rows(
            "SELECT content_start, content_end, source_start, source_end, cue_start, cue_end, "
            "speaker, speaker_name, direct FROM quotes WHERE article_id = ? ORDER BY idx",
            key,
        )
        article["reports"] = [
            jsonable(r)
            for r in self.rows(
                "SELECT r.report_id, r.event_id, r.idx, r.type, r.mode, r.status, r.actor_name, "
                "r.recipient_name, r.location_name, r.date, r.evidence_start, r.evidence_end, "
                f"r.confidence, {_COUNTS} FROM reports r WHERE r.article_id = ? ORDER BY r.idx",
                key,
            )
        ]
        return article

    def meta(self) -> dict[str, Any]:
        """What the store holds: totals, date range, the box of located events (south, west,
        north, east), event types and statuses, and what the defaults hide (events below the
        confidence threshold, events of statuses other than `DEFAULT_STATUSES`)."""
        totals = self.rows(
            "SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM reports) "
            "AS reports, (SELECT count(*) FROM articles) AS articles, "
            "(SELECT min(date_start) FROM events) AS first_date, "
            "(SELECT max(date_end) FROM events) AS last_date"
        )[0]
        types = self.rows(
            "SELECT type, count(*) AS count FROM events GROUP BY type ORDER BY count DESC, type"
        )
        statuses = self.rows(
            "SELECT status, count(*) AS count FROM events GROUP BY status ORDER BY count DESC"
        )
        box = self.rows("SELECT min(lat) AS s, min(lon) AS w, max(lat) AS n, max(lon) AS e "
                        "FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL")[0]  # fmt: skip
        from tacitus.stages.confidence import default_threshold

        threshold = default_threshold()
        below = self.rows("SELECT count(*) AS n FROM events WHERE confidence < ?", [threshold])[0][
            "n"
        ]
        marks = ", ".join("?" for _ in DEFAULT_STATUSES)
        other_status = self.rows(
            f"SELECT count(*) AS n FROM events WHERE status NOT IN ({marks})", DEFAULT_STATUSES
        )[0]["n"]
        return {
            **jsonable(totals),
            "bounds": None if box["s"] is None else [box["s"], box["w"], box["n"], box["e"]],
            "types": types,
            "statuses": statuses,
            "quads": {str(k): v for k, v in QUAD_NAMES.items()},
            "min_confidence_default": threshold,
            "events_below_default": below,
            "default_statuses": list(DEFAULT_STATUSES),
            "events_of_other_statuses": other_status,
        }


def _any_text(columns: tuple[str, ...], text: str | None) -> tuple[str, list[Any] | None]:
    """A `_conditions` pair: one of `columns` contains `text` (no condition when None)."""
    sql = " OR ".join(has_text(column, text) for column in columns)
    return f"({sql})", [text_param(text)] * len(columns) if text is not None else None


def _conditions(*pairs: tuple[str, Any]) -> tuple[str, list[Any]]:
    """AND of the conditions whose value is not None; a list value fills several marks."""
    parts, params = ["TRUE"], []
    for sql, value in pairs:
        if value is None:
            continue
        parts.append(sql)
        if isinstance(value, list):
            params.extend(value)
        elif value is not True:
            params.append(value)
    return " AND ".join(parts), params


def jsonable(row: dict[str, Any], json_keys: tuple[str, ...] = ()) -> dict[str, Any]:
    """Dates as ISO strings and JSON columns parsed, in place."""
    import json

    for key, value in row.items():
        if isinstance(value, dt.date):
            row[key] = value.isoformat()
        elif key in json_keys and isinstance(value, str):
            row[key] = json.loads(value)
    return row
