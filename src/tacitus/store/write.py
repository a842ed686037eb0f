"""Writing a batch into the store: skip what is stored, analyse, flatten, dedup, insert.

Reads items (records, input dicts, `Article`/`Failure`), analyses the raw ones with the
pipeline, and writes one batch per transaction: the rows of `flatten`, the canonical events
of `dedup` (new ones inserted, changed ones updated, counts recomputed in SQL). Keys of what
is stored are kept in memory (`Known`) so duplicates are skipped before they are analysed;
inside each transaction the batch's keys are looked up again, so articles another process
stored meanwhile are skipped too (never a duplicate-key error). A record that breaks the
contract's shape (`flatten.validate_record`) is stored as one `bad_record` error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from tacitus.core.errors import UsageError
from tacitus.store import dedup, flatten
from tacitus.store.neardup import StoryIndex
from tacitus.store.schema import TABLES, score

if TYPE_CHECKING:
    from tacitus.pipeline import Pipeline

Row = dict[str, Any]


@dataclass
class IngestStats:
    """What one ingest did: counts of items by outcome."""

    articles: int = 0  # new articles stored
    duplicates: int = 0  # items already stored (same URL, input text or cleaned text)
    errors: int = 0  # error records stored (failed inputs, bad records among them)
    bad_records: int = 0  # records refused as malformed (stored as `bad_record` errors)
    reports: int = 0  # event reports stored
    new_events: int = 0  # canonical events created
    batches: int = 0  # transactions committed
    # error records stored, by kind: [count, first message]
    error_kinds: dict[str, list[Any]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=lambda: {"analyse": 0.0, "store": 0.0})


@dataclass
class Known:
    """Keys already stored, to skip duplicates before analysing them."""

    articles: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    inputs: set[str] = field(default_factory=set)
    errors: set[str] = field(default_factory=set)
    stories: StoryIndex | None = None  # signatures of stored articles (near-duplicates)


class Analyser:
    """Turns a chunk of mixed items into (record, input_hash) pairs, analysing raw articles."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self._pipeline: Pipeline | None = None

    def analyse(
        self, chunk: list[Any], known: Known, stats: IngestStats
    ) -> list[tuple[Row, str | None]]:
        from tacitus.core.article import Article, Failure

        slots: list[tuple[Row | None, str | None]] = []
        todo: list[Any] = []
        for number, item in enumerate(chunk):
            if flatten.is_record(item) or _is_json_value(item):
                # A JSON value that is no object (a records file's line `42` or `[]`) is kept
                # as it is: `write_batch` stores it as a `bad_record` error, not a crash.
                slots.append((item, None))
                continue
            if isinstance(item, dict):
                from tacitus.io.ingest import from_dict

                item = from_dict(item, f"item:{stats.batches}:{number}")
            if not isinstance(item, Article | Failure):
                raise UsageError(
                    f"Cannot ingest a {type(item).__name__}: give records or article dicts."
                )
            digest = flatten.text_hash(item.text) if isinstance(item, Article) else None
            url = item.url if isinstance(item, Article) else None
            if digest in known.inputs or (url and url in known.urls):
                stats.duplicates += 1
                continue
            slots.append((None, digest))
            todo.append(item)
        records = iter(self._run(todo))
        return [
            (record if record is not None else next(records), digest) for record, digest in slots
        ]

    def _run(self, items: list[Any]) -> list[Row]:
        if not items:
            return []
        if self._pipeline is None:
            # Imported here: a store that only reads records never loads a stage.
            from tacitus.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        return self._pipeline.analyse_batch(items)


def _is_json_value(item: Any) -> bool:
    return item is None or isinstance(item, list | str | int | float | bool)


def dict_rows(cursor: Any) -> list[Row]:
    """The rows of a DuckDB result as dicts."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def load_known(con: duckdb.DuckDBPyConnection) -> Known:
    stories = StoryIndex()
    known = Known(stories=stories)
    for article_id, url, input_hash, story_id, minhash in con.execute(
        "SELECT article_id, url, input_hash, story_id, minhash FROM articles "
        "ORDER BY ingested_at, article_id"
    ).fetchall():
        stories.add(article_id, minhash, story_id or article_id)
        known.articles.add(article_id)
        known.urls.add(url) if url else None
        known.inputs.add(input_hash) if input_hash else None
    known.errors = {r[0] for r in con.execute("SELECT error_key FROM errors").fetchall()}
    known.inputs |= {
        r[0]
        for r in con.execute(
            "SELECT input_hash FROM errors WHERE input_hash IS NOT NULL"
        ).fetchall()
    }
    return known


@dataclass
class Plan:
    """The rows one batch will insert, the keys it adds, and what it found along the way."""

    rows: dict[str, list[Row]]
    keys: Known
    duplicates: int = 0
    bad_records: int = 0


def plan_batch(work: list[tuple[Any, str | None]], known: Known) -> Plan:
    """Validate and flatten a batch, leaving out what `known` (or the batch itself) holds."""
    plan = Plan({table: [] for table in TABLES}, Known())
    rows, batch = plan.rows, plan.keys
    for record, input_hash in work:
        problem = flatten.validate_record(record)
        if problem:
            input_hash = input_hash or flatten.record_hash(record)
            record = flatten.bad_record(record, problem)
        if "error" in record and "text" not in record:
            fresh = [
                e
                for e in flatten.error_rows(record, None, input_hash)
                if e["error_key"] not in known.errors | batch.errors
            ]
            rows["errors"] += fresh
            plan.bad_records += 1 if problem and fresh else 0
            batch.errors |= {e["error_key"] for e in fresh}
            batch.inputs.add(input_hash) if input_hash else None
            continue
        article = flatten.article_row(record, input_hash)
        url = article["url"]
        if article["article_id"] in known.articles | batch.articles or (
            url and url in known.urls | batch.urls
        ):
            plan.duplicates += 1
            continue
        batch.articles.add(article["article_id"])
        batch.urls.add(url) if url else None
        batch.inputs.add(input_hash) if input_hash else None
        rows["articles"].append(article)
        for table, table_rows in flatten.annotation_rows(record, article["article_id"]).items():
            rows[table] += table_rows
        reports, counts = flatten.report_rows(record, article)
        rows["reports"] += reports
        rows["counts"] += counts
        rows["errors"] += flatten.error_rows(record, article["article_id"], input_hash)
    return plan


def learn_stored(con: duckdb.DuckDBPyConnection, plan: Plan, known: Known) -> bool:
    """Add to `known` the keys of `plan` that are stored already; whether there were any.

    Another process may have stored some of this batch's articles since `load_known` (two
    `tacitus ingest` into one file take turns, batch by batch); looking the batch's keys up
    inside the transaction, where this process holds the file alone, catches them.
    """
    ids = [a["article_id"] for a in plan.rows["articles"]]
    urls = [a["url"] for a in plan.rows["articles"] if a["url"]]
    errors = [e["error_key"] for e in plan.rows["errors"]]
    found = False
    if ids or urls:
        for article_id, url, input_hash in con.execute(
            "SELECT article_id, url, input_hash FROM articles WHERE article_id IN "
            "(SELECT unnest(?::VARCHAR[])) OR url IN (SELECT unnest(?::VARCHAR[]))",
            [ids, urls],
        ).fetchall():
            found = True
            known.articles.add(article_id)
            known.urls.add(url) if url else None
            known.inputs.add(input_hash) if input_hash else None
    if errors:
        stored = con.execute(
            "SELECT error_key FROM errors WHERE error_key IN (SELECT unnest(?::VARCHAR[]))",
            [errors],
        ).fetchall()
        found = found or bool(stored)
        known.errors |= {r[0] for r in stored}
    return found


def write_batch(
    con: duckdb.DuckDBPyConnection,
    work: list[tuple[Any, str | None]],
    known: Known,
    stats: IngestStats,
) -> None:
    """Validate, flatten, dedup and insert one batch in one transaction; remember its keys."""
    con.execute("BEGIN TRANSACTION")
    try:
        plan = plan_batch(work, known)
        if learn_stored(con, plan, known):
            plan = plan_batch(work, known)
        rows = plan.rows
        _assign_stories(rows["articles"], known)
        candidates = _candidates(con, rows["reports"])
        events, touched = dedup.assign_events(rows["reports"], candidates)
        old = {e["event_id"] for e in candidates}
        for event in (events[i] for i in touched):
            event["quad_code"], event["score"] = score(event)
        rows["events"] = [events[i] for i in sorted(touched - old)]
        for table in TABLES:
            _insert(con, table, rows[table])
        _update_events(con, [events[i] for i in sorted(touched & old)], sorted(touched))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    known.articles |= plan.keys.articles
    known.urls |= plan.keys.urls
    known.inputs |= plan.keys.inputs
    known.errors |= plan.keys.errors
    stats.duplicates += plan.duplicates
    stats.bad_records += plan.bad_records
    stats.articles += len(rows["articles"])
    for error in rows["errors"]:
        if error["article_id"] is None:
            stats.errors += 1
            entry = stats.error_kinds.setdefault(error["kind"], [0, error["message"] or ""])
            entry[0] += 1
    stats.reports += len(rows["reports"])
    stats.new_events += len(rows["events"])


def _assign_stories(articles: list[Row], known: Known) -> None:
    """Each new article's `story_id`: a stored near-duplicate's story, else its own id."""
    if known.stories is None:
        known.stories = StoryIndex()
    for article in articles:
        story = known.stories.story_of(article["article_id"], article["minhash"])
        article["story_id"] = story
        known.stories.add(article["article_id"], article["minhash"], story)


def _candidates(con: duckdb.DuckDBPyConnection, reports: list[Row]) -> list[Row]:
    """Stored events that some report of the batch could join (same type, near in time)."""
    keys = sorted({(r["type"], r["date_start"]) for r in reports if r["type"] and r["date_start"]})
    if not keys:
        return []
    bounds = [dedup.window_bounds(day) for _, day in keys]
    spans = {
        "type": [k for k, _ in keys],
        "lo": [b[0] for b in bounds],
        "hi": [b[1] for b in bounds],
    }
    with _registered(con, "_keys", spans):
        cur = con.execute(
            "SELECT DISTINCT e.* FROM events e JOIN _keys k ON e.type = k.type "
            "AND e.date_start BETWEEN k.lo AND k.hi ORDER BY e.event_id"
        )
        return dict_rows(cur)


@contextmanager
def _registered(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list[Any]]
) -> Iterator[None]:
    """Columns of Python values visible to SQL as the view `name` (through Arrow)."""
    import pyarrow as pa

    con.register(name, pa.table({c: pa.array(v, type=_arrow_type(v)) for c, v in columns.items()}))
    try:
        yield
    finally:
        con.unregister(name)


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    sql = (
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = 'main' ORDER BY ordinal_position"
    )
    return [r[0] for r in con.execute(sql, [table]).fetchall()]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> None:
    """Insert rows in one statement (columns matched by name)."""
    if not rows:
        return
    columns = [c for c in _table_columns(con, table) if c in rows[0]]
    with _registered(con, "_rows", {c: [r[c] for r in rows] for c in columns}):
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM _rows")


def _arrow_type(values: list[Any]) -> Any:
    import pyarrow as pa

    for value in values:
        if value is not None:
            if isinstance(value, bool):
                return pa.bool_()
            if isinstance(value, int):
                return pa.int64()
            if isinstance(value, float):
                return pa.float64()
            return None  # strings and dates: let Arrow infer
    return pa.null()


#: Canonical event fields that a merge may change.
CHANGING = (
    *dedup.FILLABLE,
    *dedup.COUNTRY_FROM,
    *dedup.LOCATION,
    *dedup.DATE,
    *dedup.COUNTS,
    "quad_code",
    "score",
)


def _update_events(con: duckdb.DuckDBPyConnection, changed: list[Row], touched: list[str]) -> None:
    """Write changed canonical fields, then recount reports, articles and sources."""
    if changed:
        columns = {f: [e[f] for e in changed] for f in ("event_id", *CHANGING)}
        assignments = ", ".join(f"{f} = u.{f}" for f in CHANGING)
        with _registered(con, "_changed", columns):
            con.execute(
                f"UPDATE events SET {assignments} FROM _changed u "
                "WHERE events.event_id = u.event_id"
            )
    if touched:
        with _registered(con, "_touched", {"event_id": touched}):
            con.execute(
                "UPDATE events SET num_reports = s.n, num_articles = s.na, num_sources = s.ns, "
                "num_stories = s.st, confidence = s.c FROM (SELECT r.event_id, count(*) AS n, "
                "count(DISTINCT r.article_id) AS na, count(DISTINCT r.outlet) AS ns, "
                "count(DISTINCT coalesce(a.story_id, a.article_id)) AS st, "
                "max(r.confidence) AS c FROM reports r JOIN articles a USING (article_id) "
                "JOIN _touched t ON r.event_id = t.event_id GROUP BY r.event_id) s "
                "WHERE events.event_id = s.event_id"
            )


def read_parquet_records(directory: str | Path) -> Iterator[Row]:
    """Records from Parquet shards under `directory`, in file-name then row order."""
    import pyarrow.parquet as pq

    root = Path(directory)
    if not root.is_dir():
        raise UsageError(f"--from-parquet {root}: no such folder.")
    for path in sorted(root.rglob("*.parquet")):
        shard = pq.ParquetFile(path)
        for batch in shard.iter_batches():
            for row in batch.to_pylist():
                yield json.loads(row["record"]) if "record" in row else row
