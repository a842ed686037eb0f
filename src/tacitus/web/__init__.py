"""The explorer: a web page and a read-only JSON API over a store (`tacitus serve`, `tacitus demo`).

`tacitus serve --db PATH` serves the store at http://127.0.0.1:8000/. Bound to any other
address it refuses to start without a token (`--token` or TACITUS_TOKEN). `tacitus demo`
ingests the example article shipped with the package into a fresh store and serves it.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

from tacitus.core.errors import UsageError

MIN_TOKEN_CHARS = 16


def add_web_commands(sub: Any) -> None:
    """Register `serve` and `demo` on the CLI's subparsers."""
    serve = sub.add_parser(
        "serve",
        help="explore a store in the browser (map, timeline, network, articles with evidence)",
    )
    serve.add_argument("--db", required=True, metavar="PATH", help="the store to explore")
    _add_server_options(serve)
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="build a store from the shipped example and explore it")
    demo.add_argument(
        "--db",
        default="tacitus-demo.duckdb",
        metavar="PATH",
        help="the demo store to (re)build (default: tacitus-demo.duckdb)",
    )
    _add_server_options(demo)
    demo.set_defaults(func=cmd_demo)


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1; any other needs a token)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--token", help="require this token on every API call (env TACITUS_TOKEN)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="longest a query may run (default 5)",
    )


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def server_token(host: str, token: str | None) -> str | None:
    """The token to require: the given one or TACITUS_TOKEN; mandatory off loopback."""
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
    """Serve the explorer over the store at `db` until interrupted."""
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


def cmd_serve(args: argparse.Namespace) -> int:
    """`tacitus serve`: the explorer over an existing store."""
    if not Path(args.db).is_file():
        raise UsageError(
            f"No store at {args.db}: build one with `tacitus ingest ... --db "
            f"{args.db}` (or try `tacitus demo`)."
        )
    serve(args.db, args.host, args.port, args.token, args.time_limit)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """`tacitus demo`: ingest the shipped example into a fresh store, then serve it."""
    server_token(args.host, args.token)  # refuse before the slow part
    build_demo_store(Path(args.db))
    serve(args.db, args.host, args.port, args.token, args.time_limit)
    return 0


def build_demo_store(db: Path) -> Path:
    """(Re)build `db` from the example article shipped with the package; return its path."""
    from tacitus.cli.main import example_path
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
