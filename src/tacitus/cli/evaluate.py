"""`tacitus evaluate`: score tacitus against gold files, per file and capability.

A thin wrapper around `tacitus.evaluation.evaluate.evaluate_files` and `format_report`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from tacitus.cli.options import add_min_confidence_option, add_run_options, settings_from
from tacitus.core.errors import UsageError


def add_evaluate_command(sub: Any) -> None:
    """Register `evaluate` on the `tacitus` sub-parsers."""
    evaluate = sub.add_parser("evaluate", help="score tacitus against gold files")
    evaluate.add_argument("gold", nargs="+", metavar="GOLD.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument(
        "--predictions",
        nargs="+",
        metavar="RECORDS.jsonl",
        help="score these tacitus extract outputs (one per gold file, same order) "
        "instead of running the pipeline",
    )
    add_run_options(evaluate)
    add_min_confidence_option(evaluate)
    evaluate.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    """`tacitus evaluate`: figures per gold file and capability."""
    from tacitus.evaluation.evaluate import evaluate_files, format_report

    paths = [Path(p) for p in args.gold]
    for path in paths:
        if not path.exists():
            raise UsageError(f"No such gold file: {path}")
    predictions = [Path(p) for p in args.predictions] if args.predictions else None
    result = evaluate_files(paths, settings_from(args), predictions=predictions)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_report(result))
    return 0
