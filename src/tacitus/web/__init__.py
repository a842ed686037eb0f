"""The explorer: a web page and a read-only JSON API over a store.

`serve(db)` serves the store at http://127.0.0.1:8000/. Bound to any other address it
refuses to start without a token (`token` or TACITUS_TOKEN). `build_demo_store(db)` ingests
the example article shipped with the package into a fresh store. The commands `tacitus
serve` and `tacitus demo` (cli/web.py) are thin wrappers around them; nothing here imports
the command line.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

from tacitus.core.errors import UsageError

MIN_TOKEN_CHARS = 16


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only.

    Args:
        host: a host name or IP address (IPv6 possibly in brackets).

    Returns:
        True for 127.0.0.0/8, ::1 and localhost.
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def server_token(host: str, token: str | None) -> str | None:
    """The token to require: the given one or TACITUS_TOKEN; mandatory off loopback.

    Args:
        host: the address the server binds to.
        token: the token given by the caller, if any.

    Returns:
        The token, or None on loopback without one; `UsageError` when it is too short or
        missing off loopback.
    """
    token = token or os.environ.get("TACITUS_TOKEN") or None
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise UsageError(
            f"The token must be at least {MIN_TOKEN_CHARS} characters long "
            "(make one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe())')."
        )
    if token is None and not is_loopback(host):
        raise UsageError(
            f"Serving on {host} exposes the store to the network: give --token "
            "(or set TACITUS_TOKEN), or bind to 127.0.0.1."
        )
    return token


def serve(
    db: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    time_limit: float = 5.0,
) -> None:
    """Serve the explorer over the store at `db` until interrupted.

    Args:
        db: the store (DuckDB file) to explore, opened read-only.
        host: the address to bind; any but loopback needs a token.
        port: the port (1-65535).
        token: the token every API call must carry (default: TACITUS_TOKEN, if set).
        time_limit: the longest a query may run, in seconds (0-600).
    """
    import uvicorn

    from tacitus.web.app import create_app

    token = server_token(host, token)
    if not 0 < port < 65536:
        raise UsageError(f"--port {port} is not a port number (1-65535).")
    if not (0 < time_limit <= 600):
        raise UsageError("--time-limit must be between 0 and 600 seconds.")
    app = create_app(db, token=token, time_limit=time_limit, loopback_only=is_loopback(host))
    shown = "localhost" if is_loopback(host) else host
    suffix = "/?token=..." if token else "/"
    print(f"tacitus explorer on http://{shown}:{port}{suffix} (Ctrl-C to stop)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def build_demo_store(db: Path) -> Path:
    """(Re)build `db` from the example article shipped with the package.

    Args:
        db: the store to create; an existing file (and its WAL) is removed first.

    Returns:
        The path of the store.
    """
    from tacitus.examples import example_path
    from tacitus.io.ingest import read_inputs
    from tacitus.store.store import Store

    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    example = example_path()
    print(f"tacitus demo: analysing {example.name} into {db} ...", file=sys.stderr)
    with Store(db) as store:
        stats = store.ingest(read_inputs([str(example)]))
    print(
        f"tacitus demo: {stats.articles} article(s), {stats.reports} event report(s).",
        file=sys.stderr,
    )
    return db
