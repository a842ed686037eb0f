"""The explorer's aggregates: counts by date, country, actor pair and map cell, and GeoJSON.

Reads the `events` table of a store through `queries.Explorer` (every filter a parameter,
every query under its time limit); writes nothing. The counting is done in the database, so
a page over 100,000 events gets hundreds of rows: the timeline's counts by bucket and type
(with imprecise dates as ranges and far outliers left out of its window), the actor network
(nodes keyed by `store.network`, the GraphML export's rule), map cells on a grid that follows
the zoom, and the located events or the cells as GeoJSON (RFC 7946).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tacitus.web.queries import EVENT_COLUMNS, SORTS, EventFilter, Explorer, jsonable

#: Map cells per 256-pixel tile: a cell is about 40 pixels wide on screen.
CELLS_PER_TILE = 6
MAX_MAP_CELLS = 4000
#: The timeline's window is at most `OUTLIER_STRETCH` times as wide as the span of the
#: precise events between the `OUTLIER_SHARE` and 1 - `OUTLIER_SHARE` quantiles, so a few far
#: outliers (a 1967 event in a 2016 store) do not squeeze the rest into one bar.
OUTLIER_SHARE = 0.05
OUTLIER_STRETCH = 3
MAX_RANGES = 300


def timeline(explorer: Explorer, filters: EventFilter, bucket: str) -> dict[str, Any]:
    """Counts of events by date bucket (day, week or month) and type, over a window that
    outliers do not stretch, and the events of imprecise dates as ranges.

    An event whose range falls in one bucket (a day; a week by week) is counted in it
    (`items`); one whose range spans several buckets (a month by day, a year) is one of
    the `ranges` (its date as written, first and last day, type, count), never spread
    over made-up days. The `window` is the events' real range, unless a few events lie
    far outside the rest: it is at most `OUTLIER_STRETCH` times as wide as the middle of
    the precise events (day or week; those between the `OUTLIER_SHARE` and
    1 - `OUTLIER_SHARE` quantiles), and `before` and `after` count the events left
    wholly outside it (a range that crosses its edge is drawn cut).
    """
    where, params = filters.where()
    dated = f"FROM events WHERE {where} AND date_start IS NOT NULL"
    precise = "FILTER (WHERE date_precision IN ('day', 'week'))"
    lo, hi = (f"quantile_disc(date_start, {OUTLIER_SHARE})",
              f"quantile_disc(date_end, {1 - OUTLIER_SHARE})")  # fmt: skip
    stats = explorer.rows(
        f"SELECT min(date_start) AS first, max(date_end) AS last, count(*) AS n, "
        f"coalesce({lo} {precise}, {lo}) AS lo, coalesce({hi} {precise}, {hi}) AS hi {dated}",
        params,
    )[0]
    undated = explorer.rows(
        f"SELECT count(*) AS n FROM events WHERE {where} AND date_start IS NULL", params
    )[0]["n"]
    if not stats["n"]:
        return {"bucket": "day" if bucket == "auto" else bucket, "items": [], "ranges": [],
                "window": None, "first": None, "last": None, "before": 0, "after": 0,
                "undated": undated}  # fmt: skip
    # The window reaches past the middle of the precise events (days, weeks) by as much
    # again on each side at most, so it is never more than OUTLIER_STRETCH times as wide.
    core = max((stats["hi"] - stats["lo"]).days, 7)
    reach = dt.timedelta(days=core * (OUTLIER_STRETCH - 1) // 2)
    start = max(stats["first"], stats["lo"] - reach)
    end = min(stats["last"], stats["hi"] + reach)
    if bucket == "auto":
        days = (end - start).days
        bucket = "day" if days <= 400 else "week" if days <= 3 * 365 else "month"
    trunc = f"date_trunc('{bucket}', {{}})::DATE"
    one = f"{trunc.format('date_start')} = {trunc.format('date_end')}"
    window = [*params, start, end]
    rows = explorer.rows(
        f"SELECT {trunc.format('date_start')} AS date, type, count(*) AS count {dated} "
        f"AND {one} AND date_start >= ? AND date_start <= ? GROUP BY ALL ORDER BY date, type",
        window,
    )
    ranges = explorer.rows(
        f"SELECT date AS label, date_precision AS precision, date_start AS start, "
        f"date_end AS end, type, count(*) AS count {dated} AND NOT ({one}) "
        "AND date_end >= ? AND date_start <= ? GROUP BY ALL "
        "ORDER BY count DESC, start, type LIMIT ?",
        [*window, MAX_RANGES],
    )
    outside = explorer.rows(
        "SELECT count(*) FILTER (WHERE date_end < ?) AS before, "
        f"count(*) FILTER (WHERE date_start > ?) AS after {dated}",
        [start, end, *params],
    )[0]
    return {
        "bucket": bucket,
        "items": [jsonable(r) for r in rows],
        "ranges": [jsonable(r) for r in ranges],
        "window": [start.isoformat(), end.isoformat()],
        "first": stats["first"].isoformat(),
        "last": stats["last"].isoformat(),
        "before": outside["before"],
        "after": outside["after"],
        "undated": undated,
    }


def countries(explorer: Explorer, filters: EventFilter) -> dict[str, Any]:
    """Counts of events by the ISO alpha-3 country of their location."""
    where, params = filters.where()
    rows = explorer.rows(
        f"SELECT country, count(*) AS count FROM events WHERE {where} AND country IS NOT NULL "
        "GROUP BY country ORDER BY count DESC, country",
        params,
    )
    return {"items": rows}


def network(explorer: Explorer, filters: EventFilter, limit: int) -> dict[str, Any]:
    """Who acts on whom: the `limit` heaviest actor-to-recipient pairs of resolved actors
    and the nodes they join.

    Nodes are keyed as the GraphML export keys them (`store.network.node_key`): a
    knowledge-base id or a named actor's normalised name; unnamed participants ("man", "a
    group") are grouped under their country and sector, or left out when they have neither.
    The keys are computed once per distinct participant and the counting is done in the
    database (a store of 100,000 events sends 40 pairs, not 100,000 rows). A node's `events`
    and `label` (the name most used for it) are those of `store.network.actor_network`; a
    pair's `count` is its events (all types), `type` the most frequent, `types` the count of
    each, `stories` the independent stories behind them, `score` the mean PLOVER score.
    """
    from tacitus.store.network import node_key

    where, params = filters.where()
    participants = explorer.rows(
        f"SELECT DISTINCT actor_entity AS e, actor_country AS c, actor_sector AS s "
        f"FROM events WHERE {where} UNION SELECT recipient_entity, recipient_country, "
        f"recipient_sector FROM events WHERE {where}",
        [*params, *params],
    )
    keyed = [(p, node_key(p["e"], p["c"], p["s"])) for p in participants]
    found = [(p, key) for p, key in keyed if key is not None]
    if not found:
        return {"nodes": [], "edges": [], "pairs": 0}
    columns = [[p[c] for p, _ in found] for c in ("e", "c", "s")]
    lists = [*columns, [key for _, (key, _) in found], [resolved for _, (_, resolved) in found]]
    # Equality on coalesced values (no participant field is ever ''): a hash join, where
    # IS NOT DISTINCT FROM would compare every event with every participant.
    join = " AND ".join(f"coalesce({{0}}.k_{c}, '') = coalesce(events.{{1}}_{c}, '')"
                        for c in ("entity", "country", "sector"))  # fmt: skip
    tagged = (
        "WITH keys AS (SELECT unnest(?::VARCHAR[]) AS k_entity, unnest(?::VARCHAR[]) AS "
        "k_country, unnest(?::VARCHAR[]) AS k_sector, unnest(?::VARCHAR[]) AS k_key, "
        "unnest(?::BOOLEAN[]) AS k_resolved), tagged AS (SELECT events.*, a.k_key AS "
        "actor_key, r.k_key AS recipient_key FROM events "
        f"LEFT JOIN keys a ON {join.format('a', 'actor')} "
        f"LEFT JOIN keys r ON {join.format('r', 'recipient')} WHERE {where}) "
    )
    edges = explorer.rows(
        tagged + "SELECT actor_key AS source, recipient_key AS target, count(*) AS count, "
        "sum(coalesce(num_stories, 1))::BIGINT AS stories, histogram(type) AS types, "
        "mode(type) AS type, round(avg(score), 3) AS score, count(*) OVER () AS pairs_ "
        "FROM tagged WHERE actor_key IS NOT NULL AND recipient_key IS NOT NULL "
        "AND actor_key <> recipient_key GROUP BY ALL ORDER BY count DESC, source, target LIMIT ?",
        [*lists, *params, limit],
    )
    pairs = edges[0]["pairs_"] if edges else 0
    shown = sorted({key for e in edges for key in (e["source"], e["target"])})
    for edge in edges:
        del edge["pairs_"]
        edge["types"] = dict(sorted(edge["types"].items(), key=lambda t: (-t[1], t[0])))
    nodes = explorer.rows(
        tagged + ", roles AS (SELECT actor_key AS key, actor_name AS name, actor_country AS "
        "country, actor_sector AS sector FROM tagged UNION ALL SELECT recipient_key, "
        "recipient_name, recipient_country, recipient_sector FROM tagged), "
        "named AS (SELECT key, name, count(*) AS n FROM roles WHERE key = ANY(?) "
        "AND name IS NOT NULL GROUP BY ALL), "
        "best AS (SELECT key, first(name ORDER BY n DESC, name) AS name FROM named GROUP BY key) "
        "SELECT key, best.name, any_value(country) AS country, any_value(sector) AS sector, "
        "count(*) AS events FROM roles LEFT JOIN best USING (key) WHERE key = ANY(?) "
        "GROUP BY key, best.name ORDER BY events DESC, key",
        [*lists, *params, shown, shown],
    )
    resolved = {key: flag for _, (key, flag) in found}
    for node in nodes:
        node["resolved"] = resolved[node["key"]]
        node["label"] = _label(node)
        del node["name"]
    return {"nodes": nodes, "edges": edges, "pairs": pairs}


def _label(node: dict[str, Any]) -> str:
    """A node's label as `store.network` gives it: the name most used for a resolved actor
    (its key when it has none), `CCC SSS (unnamed)` for a group."""
    if node["resolved"]:
        return str(node["name"] or node["key"])
    return f"{node['country'] or '-'} {node['sector'] or '-'} (unnamed)"


def map_cells(explorer: Explorer, filters: EventFilter, zoom: int) -> dict[str, Any]:
    """Events with coordinates, grouped on a grid about 40 screen pixels wide at `zoom`.

    Each cell has its events' mean position, count, most frequent quad class and type,
    and the event id when it holds one event.
    """
    where, params = filters.where()
    size = 360.0 / (2**zoom) / CELLS_PER_TILE
    rows = explorer.rows(
        "SELECT avg(lat) AS lat, avg(lon) AS lon, count(*) AS count, "
        "mode(quad_code) AS quad_code, mode(type) AS type, min(event_id) AS event_id, "
        "min(location_name) AS location_name, "
        "count(DISTINCT location_name) AS places "
        f"FROM events WHERE {where} AND lat IS NOT NULL AND lon IS NOT NULL "
        "GROUP BY floor(lat / ?), floor(lon / ?) ORDER BY count DESC LIMIT ?",
        [*params, size, size, MAX_MAP_CELLS],
    )
    for row in rows:
        if row["count"] > 1:
            row["event_id"] = None
        if row["places"] > 1:
            row["location_name"] = None
        row["lat"], row["lon"] = round(row["lat"], 5), round(row["lon"], 5)
    return {"cell_degrees": size, "items": rows}


def map_geojson(explorer: Explorer, filters: EventFilter, zoom: int) -> dict[str, Any]:
    """The map cells of `map_cells` as a GeoJSON FeatureCollection of points (RFC 7946:
    `[lon, lat]`), each with its count, quad class, type and, for one event, its id."""
    cells = map_cells(explorer, filters, zoom)
    features = [_point(cell.pop("lon"), cell.pop("lat"), cell) for cell in cells["items"]]
    return {"type": "FeatureCollection", "features": features,
            "cell_degrees": cells["cell_degrees"]}  # fmt: skip


def events_geojson(
    explorer: Explorer, filters: EventFilter, limit: int, offset: int
) -> dict[str, Any]:
    """One page of the located events as a GeoJSON FeatureCollection of points with
    their fields; `total` counts the located events matching, `unlocated` those left out
    because their place has no coordinates."""
    where, params = filters.where()
    fields = [c for c in EVENT_COLUMNS if c not in ("lat", "lon")]
    items = explorer.rows(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {where} "
        f"AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY {SORTS['-date']} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    counts = explorer.rows(
        "SELECT count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) AS located, "
        f"count(*) FILTER (WHERE lat IS NULL OR lon IS NULL) AS unlocated FROM events "
        f"WHERE {where}",
        params,
    )[0]
    features = [
        _point(item["lon"], item["lat"], {k: item[k] for k in fields}, item["event_id"])
        for item in map(jsonable, items)
    ]
    return {"type": "FeatureCollection", "features": features, "total": counts["located"],
            "unlocated": counts["unlocated"], "limit": limit, "offset": offset}  # fmt: skip


def _point(
    lon: float, lat: float, properties: dict[str, Any], feature_id: str | None = None
) -> dict[str, Any]:
    """A GeoJSON point feature (coordinates longitude first, as RFC 7946 orders them)."""
    feature: dict[str, Any] = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }
    if feature_id is not None:
        feature["id"] = feature_id
    return feature
