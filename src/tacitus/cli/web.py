"""Explorer commands: `serve` (a store in the browser) and `demo` (the shipped example).

Thin wrappers around `tacitus.web.serve` and `tacitus.web.build_demo_store`: they parse the
options, check them before the slow part, and call the library.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tacitus.cli.store import default_db
from tacitus.core.errors import UsageError
from tacitus.web import build_demo_store, serve, server_token


def add_web_commands(sub: Any) -> None:
    """Register `serve` and `demo` on the `tacitus` sub-parsers."""
    serve_parser = sub.add_parser(
        "serve",
        help="explore a store in the browser (map, timeline, network, articles with evidence)",
    )
    serve_parser.add_argument(
        "--db",
        default=default_db(),
        metavar="PATH",
        help="the store to explore (default: $TACITUS_DB or tacitus.duckdb)",
    )
    _add_server_options(serve_parser)
    serve_parser.set_defaults(func=cmd_serve)

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
