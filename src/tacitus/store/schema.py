"""The store's schema: versions, migrations and the PLOVER scores of canonical events.

Reads the migration scripts `data/store/NNN_*.sql` and `data/plover_scores.tsv` (through
`tacitus.core.resources`); writes the tables of a DuckDB database and its
`meta.schema_version`. Each migration runs in its own transaction; a database that cannot be
migrated (newer, foreign, opened read-only) is refused with a message saying what to do, and
left untouched.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import duckdb

from tacitus.core.errors import StoreError
from tacitus.core.resources import package_file, read_table

SCHEMA_VERSION = 4
MIGRATIONS = {
    1: "001_initial.sql",
    2: "002_scores.sql",
    3: "003_precision_stories.sql",
    4: "004_country_from.sql",  # no record is stored to backfill: old countries `unrecorded`
}
TABLES = ("articles", "entities", "actors", "places", "times", "quotes", "reports", "counts",
          "events", "errors")  # fmt: skip


@functools.lru_cache(maxsize=1)
def plover_scores() -> dict[tuple[str, str], tuple[int, float]]:
    """(type, mode or '') -> (quad code, PLOVER score), from `data/plover_scores.tsv`."""
    return {
        (row["type"], row["mode"]): (int(row["quad_code"]), float(row["score"]))
        for row in read_table("data/plover_scores.tsv")
    }


def score(event: dict[str, Any]) -> tuple[int | None, float | None]:
    table = plover_scores()
    found = table.get((event["type"] or "", event["mode"] or "")) or table.get(
        (event["type"] or "", "")
    )
    return found if found else (None, None)


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
        script = package_file(f"data/store/{MIGRATIONS[step]}").read_text("utf-8")
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in _statements(script):
                con.execute(statement)
            if step == 2:
                _backfill_scores(con)
            if step == 3:
                from tacitus.store.backfill import backfill  # it reads flatten, neardup

                backfill(con)
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
    updates = [(*score({"type": t, "mode": m}), e) for e, t, m in rows]
    if updates:
        con.executemany("UPDATE events SET quad_code = ?, score = ? WHERE event_id = ?", updates)
