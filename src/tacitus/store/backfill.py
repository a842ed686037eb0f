"""Migration 003's data step: re-derive what earlier versions of the store did not keep.

Reads the rows a store made before schema version 3 holds (`reports.date_text`, the
articles' publication dates and texts, `counts.what`, `actors`, `entities`) and fills the
columns `data/store/003_precision_stories.sql` adds: each report's and event's date at its
precision with its real range (a week, month or year stored as its first day before is
re-derived from the record's own value, so `2016-W50` is no longer 2016-01-01), the count
kinds and typed counts, the participants' entities, each article's MinHash signature and
story, and each event's `num_stories`. Nothing is deleted; the text of the old `date`
column is replaced by the re-derived value (the record's value stays in `date_text`).
"""

from __future__ import annotations

from typing import Any

import duckdb

from tacitus.io.record import count_kind
from tacitus.store import flatten
from tacitus.store.dedup import COUNTS, DATE
from tacitus.store.neardup import StoryIndex, signature
from tacitus.store.network import participant_entity

Row = dict[str, Any]


def backfill(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the columns of schema version 3 from the stored rows (inside the migration)."""
    _counts(con)
    # the dates as stored before, read before the reports' are replaced: they tell which
    # report each event took its date from
    stored = {
        report_id: (date, bool(fallback))
        for report_id, date, fallback in con.execute(
            "SELECT report_id, date, date_is_fallback FROM reports"
        ).fetchall()
    }
    reports = _reports(con)
    _update(con, "reports", "report_id", reports)
    _stories(con)
    _events(con, reports, stored)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[Row]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _update(con: duckdb.DuckDBPyConnection, table: str, key: str, rows: list[Row]) -> None:
    """`UPDATE table` from Python rows (all with the same keys), through Arrow."""
    if not rows:
        return
    import pyarrow as pa

    columns = [c for c in rows[0] if c != key]
    data = pa.Table.from_pylist(rows)
    con.register("_backfill", data)
    try:
        assignments = ", ".join(f"{c} = b.{c}" for c in columns)
        con.execute(
            f"UPDATE {table} SET {assignments} FROM _backfill b WHERE {table}.{key} = b.{key}"
        )
    finally:
        con.unregister("_backfill")


def _counts(con: duckdb.DuckDBPyConnection) -> None:
    whats = [r[0] for r in con.execute("SELECT DISTINCT what FROM counts").fetchall()]
    kinds = [{"what": w, "kind": count_kind(w)} for w in whats if w is not None]
    _update(con, "counts", "what", kinds)


def _reports(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Each report's new columns (and its old `date` and `date_is_fallback`, for events)."""
    named = {
        (a, str(e))
        for a, e in con.execute(
            "SELECT DISTINCT article_id, actor FROM entities WHERE actor IS NOT NULL"
        ).fetchall()
    }
    actors: dict[tuple[str, str], tuple[str, str | None, bool]] = {}
    for article_id, actor_id, name, kb_id in con.execute(
        "SELECT article_id, actor_id, name, kb_id FROM actors"
    ).fetchall():
        if name:
            actors[(article_id, name)] = (name, kb_id, (article_id, str(actor_id)) in named)
    counts: dict[str, list[Row]] = {}
    for count in _rows(con, "SELECT report_id, value, kind FROM counts"):
        counts.setdefault(count["report_id"], []).append(count)
    out = []
    for r in _rows(
        con,
        "SELECT r.report_id, r.article_id, r.date_text, r.date_is_fallback, r.actor_name, "
        "r.actor_kb_id, r.recipient_name, r.recipient_kb_id, a.published_date "
        "FROM reports r JOIN articles a USING (article_id)",
    ):
        found, fallback = flatten.event_date(r["date_text"], r["published_date"])
        row: Row = {
            "report_id": r["report_id"],
            "date": found.value if found else None,
            "date_start": found.start if found else None,
            "date_end": found.end if found else None,
            "date_precision": found.precision if found else None,
            "date_is_fallback": bool(fallback or r["date_is_fallback"]),
        }
        for role in ("actor", "recipient"):
            name, kb_id = r[f"{role}_name"], r[f"{role}_kb_id"]
            canonical, known_kb, is_named = actors.get(
                (r["article_id"], name or ""), (name, None, False)
            )
            row[f"{role}_entity"] = participant_entity(kb_id or known_kb, canonical, is_named)
        row.update(flatten.typed_count_fields(counts.get(r["report_id"], [])))
        out.append(row)
    return out


def _stories(con: duckdb.DuckDBPyConnection) -> None:
    index = StoryIndex()
    rows = []
    for article_id, text in con.execute(
        "SELECT article_id, text FROM articles ORDER BY ingested_at, article_id"
    ).fetchall():
        values = signature(text or "")
        story = index.story_of(article_id, values)
        index.add(article_id, values, story)
        rows.append({"article_id": article_id, "story_id": story, "minhash": values})
    _update(con, "articles", "article_id", rows)


def _events(
    con: duckdb.DuckDBPyConnection, reports: list[Row], stored: dict[str, tuple[Any, bool]]
) -> None:
    """Each event's date from the report it took it from; entities; counts; stories."""
    by_id = {r["report_id"]: r for r in reports}
    members: dict[str, list[Row]] = {}
    # In the order the writer met them: the event's own (first) report, then by ingest.
    for report_id, event_id, actor_name, recipient_name in con.execute(
        "SELECT r.report_id, r.event_id, r.actor_name, r.recipient_name "
        "FROM reports r JOIN articles a USING (article_id) "
        "ORDER BY r.event_id, r.report_id <> r.event_id, a.ingested_at, r.article_id, r.idx"
    ).fetchall():
        member = dict(
            by_id[report_id],
            actor_name=actor_name,
            recipient_name=recipient_name,
            stored=stored.get(report_id, (None, False)),
        )
        members.setdefault(event_id, []).append(member)
    updates = []
    for event in _rows(
        con, "SELECT event_id, actor_name, recipient_name, date, date_is_fallback FROM events"
    ):
        group = members.get(event["event_id"], [])
        if not group:
            continue
        source = _date_source(event, group)
        row: Row = {"event_id": event["event_id"], **{k: source[k] for k in DATE}}
        for role in ("actor", "recipient"):
            same = [r for r in group if r[f"{role}_name"] == event[f"{role}_name"]]
            row[f"{role}_entity"] = next(
                (r[f"{role}_entity"] for r in same or group if r[f"{role}_entity"]), None
            )
        for key in COUNTS:
            values = [r[key] for r in group if r[key] is not None]
            row[key] = max(values) if values else None
        updates.append(row)
    _update(con, "events", "event_id", updates)
    con.execute(
        "UPDATE events SET num_stories = s.st FROM (SELECT r.event_id, "
        "count(DISTINCT coalesce(a.story_id, a.article_id)) AS st FROM reports r "
        "JOIN articles a USING (article_id) GROUP BY r.event_id) s "
        "WHERE events.event_id = s.event_id"
    )


def _date_source(event: Row, group: list[Row]) -> Row:
    """The report whose date the event took (`group` in the writer's order).

    The stored event's date names it: the report whose stored date and fallback flag are
    the event's (before schema 3 the stored dates are first days, so a week and a year of
    one event may both give 2016-01-01: the earlier report wins, as it did when written).
    Failing that, the writer's rule: the first report, unless its date is only the
    publication day and a later one has a date of its own.
    """
    stored = (event["date"], bool(event["date_is_fallback"]))
    same = [r for r in group if r["stored"][0] is not None and r["stored"] == stored]
    if same:
        return same[0]
    own = [r for r in group if not r["date_is_fallback"]]
    return (own or group)[0]
