"""`tacitus run CORPUS_DIR OUT_DIR`: analyse a sharded corpus on Ray into output shards.

A thin wrapper around `tacitus.engines.ray.run_corpus`: parses the options, runs the corpus
and prints a JSON report of what was done (and the run's summary on standard error). Reads
and adds nothing to an Article: the engine runs the pipeline.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import replace
from pathlib import Path
from typing import Any

from tacitus.cli.options import actor_files, add_actors_option
from tacitus.core.settings import Settings
from tacitus.engines.ray import RunReport, run_corpus


def add_scale_commands(sub: Any) -> None:
    """Register `tacitus run`."""
    run = sub.add_parser(
        "run",
        help="analyse a sharded corpus on Ray into output shards",
        description="Analyse every shard of CORPUS_DIR into OUT_DIR "
        "(resumable: finished shards are skipped).",
    )
    run.add_argument("corpus", metavar="CORPUS_DIR", type=Path)
    run.add_argument("out_dir", metavar="OUT_DIR", type=Path)
    run.add_argument("--engine", choices=["ray"], default="ray")
    run.add_argument("--address", help="Ray cluster address (default: start a local Ray)")
    run.add_argument("--workers", type=int, default=None, help="Ray actors (default 2)")
    run.add_argument("--batch-size", type=int, help="articles per batch")
    run.add_argument("--model", help="spaCy pipeline to load")
    run.add_argument("--format", choices=["parquet", "jsonl"], default="parquet")
    add_actors_option(run)
    run.add_argument("-q", "--quiet", action="store_true")
    run.set_defaults(func=cmd_run)


def cmd_run(args: Any) -> int:
    """`tacitus run`: print a JSON report of what was done, and the summary on stderr.

    Ctrl-C or SIGTERM stops the run: what finished is reported, Ray is shut down and the
    command exits 130 (143 for SIGTERM) through `cli.main`.
    """
    settings = Settings.from_env(
        model=args.model,
        batch_size=args.batch_size,
        workers=args.workers,
        extra_actors=actor_files(args),
    )
    if args.workers is None and "TACITUS_WORKERS" not in os.environ:
        settings = replace(settings, workers=2)
    # A shell starts background commands with SIGINT ignored, and Python keeps that; a run
    # is long, and the signal is the way to stop it between shards.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    report = RunReport()
    try:
        run_corpus(
            args.corpus,
            args.out_dir,
            settings,
            address=args.address,
            fmt=args.format,
            report=report,
            quiet=args.quiet,
        )
    finally:
        # Also when interrupted: what finished is in OUT_DIR and counts.
        print(json.dumps(report.to_dict()), flush=True)
        _print_summary(report, args.quiet)
    return 1 if report.errors else 0


def _print_summary(report: RunReport, quiet: bool) -> None:
    summary = report.summary
    summary.items = summary.records = report.records
    summary.notes.append(
        f"shards: {len(report.shards_done)} done, {len(report.shards_skipped)} skipped as "
        f"finished before"
        + ("; interrupted: run again to finish the rest" if report.interrupted else "")
    )
    summary.print(quiet and not report.interrupted)
