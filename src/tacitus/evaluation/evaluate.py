"""Evaluation: score tacitus's records against gold files in the `gold/FORMAT.md` format.

Reads gold JSON Lines files (`id`, `text`, `published`, `source`, `gold`), runs the pipeline
over their documents (`evaluate_files`) or takes records already made (`score_file`), and
scores every capability present in `gold`: entities, places, times, quotes and events, with
the figures FORMAT.md names. Adds nothing to articles; every result is a plain,
JSON-serialisable dict, and `format_report` (`tacitus.evaluation.report`, re-exported here)
prints it as one table per file.

This module reads the files and dispatches; the rest of `tacitus.evaluation` does the work:
`alignment` (record spans onto the gold text), one scorer per capability (`entities`,
`places`, `times`, `quotes`, `events`, each a `score_*` and a `figures_*`), `common` (spans,
matching, ratios) and `report`. Their public names are re-exported here for callers.

Conventions of this scorer (`tests/test_evaluate.py` pins each of them on hand-made cases):
- Predicted spans are offsets into the record's `text`; when that differs from the gold text
  (cleaning changed whitespace), they are carried over by aligning the two texts (words, then
  characters inside the words that differ).
- "Overlap" matching is one-to-one: each gold item is matched to at most one prediction and
  each prediction to at most one gold item, the largest overlap preferred.
- Figures are micro-averaged over the documents of a file; a figure whose denominator is zero
  is None ("—" in the report), never a made-up 0 or 1.
- A record that is an error line (`{"id", "error"}`) scores as a document with no predictions.
- Events below the confidence threshold (`Settings.min_confidence`, by default the fitted
  one) are hidden before scoring, as the store and the explorer hide them; the events
  figures also give precision and recall at other thresholds (`at_thresholds`).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tacitus.core.errors import UsageError
from tacitus.core.settings import Settings
from tacitus.evaluation.alignment import align_record
from tacitus.evaluation.common import CAPABILITIES, Counts, match_one_to_one
from tacitus.evaluation.entities import figures_entities, score_entities
from tacitus.evaluation.events import NOT_OCCURRED, figures_events, score_events
from tacitus.evaluation.places import (
    ACCURACY_KM,
    EARTH_RADIUS_KM,
    figures_places,
    haversine_km,
    score_places,
)
from tacitus.evaluation.quotes import (
    QUOTE_THRESHOLDS,
    SPEECH_CUE_FORMS,
    figures_quotes,
    is_speech,
    score_quotes,
)
from tacitus.evaluation.report import format_report
from tacitus.evaluation.times import figures_times, score_times

# Public names, those of the scorer modules included, for callers of this module.
__all__ = [
    "ACCURACY_KM",
    "CAPABILITIES",
    "EARTH_RADIUS_KM",
    "NOT_OCCURRED",
    "QUOTE_THRESHOLDS",
    "SPEECH_CUE_FORMS",
    "evaluate_files",
    "format_report",
    "haversine_km",
    "is_speech",
    "match_one_to_one",
    "read_gold",
    "read_records",
    "score_file",
]

_SCORERS = {
    "entities": (score_entities, figures_entities),
    "places": (score_places, figures_places),
    "times": (score_times, figures_times),
    "quotes": (score_quotes, figures_quotes),
    "events": (score_events, figures_events),
}


#: The other confidence thresholds the events figures are given at.
OTHER_THRESHOLDS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)


def _confident(events: list[dict[str, Any]], min_confidence: float) -> list[dict[str, Any]]:
    """The events at or above the threshold (an event without a confidence is kept)."""
    return [e for e in events if e.get("confidence") is None or e["confidence"] >= min_confidence]


def score_file(
    records: Sequence[dict[str, Any]],
    gold_docs: Sequence[dict[str, Any]],
    details: bool = False,
    min_confidence: float = 0.0,
) -> dict[str, Any]:
    """Score records (in the output contract) against the gold documents they were made from.

    Args:
        records: one record per gold document, in the same order (error lines allowed).
        gold_docs: the gold file's documents (`id`, `text`, `gold`).
        details: also return, per document, what was missed, spurious or wrong.
        min_confidence: events below this confidence are hidden before scoring.

    Returns:
        `{"documents", "failed", "min_confidence", "scores": {capability: figures}}` and, with
        details, `"details": [{"id", capability: {...}}]`; only capabilities present in the
        gold. The events figures carry `at_thresholds`: the same figures at other thresholds.
    """
    if len(records) != len(gold_docs):
        raise ValueError(f"{len(records)} records for {len(gold_docs)} gold documents")
    totals: dict[str, Counts] = {}
    at: dict[float, Counts] = {}
    per_doc = []
    for record, doc in zip(records, gold_docs, strict=True):
        if record.get("id") is not None and str(record["id"]) != str(doc.get("id")):
            raise ValueError(f"record {record['id']!r} is not gold document {doc.get('id')!r}")
        predictions = align_record(record, doc["text"])
        every_event = predictions["events"]
        predictions["events"] = _confident(every_event, min_confidence)
        doc_detail: dict[str, Any] = {"id": doc.get("id")}
        if "error" in record:
            doc_detail["error"] = record["error"]
        for capability, (scorer, _) in _SCORERS.items():
            if capability not in doc.get("gold", {}):
                continue
            counts, found = scorer(doc["gold"][capability], predictions[capability], doc["text"])
            totals.setdefault(capability, Counter()).update(counts)
            doc_detail[capability] = found
        if "events" in doc.get("gold", {}):
            for threshold in OTHER_THRESHOLDS:
                counts, _ = score_events(
                    doc["gold"]["events"], _confident(every_event, threshold), doc["text"]
                )
                at.setdefault(threshold, Counter()).update(counts)
        per_doc.append(doc_detail)
    scores = {c: _SCORERS[c][1](totals[c]) for c in CAPABILITIES if c in totals}
    if "events" in scores:
        scores["events"]["at_thresholds"] = {
            str(t): _threshold_figures(figures_events(c)) for t, c in at.items()
        }
    result: dict[str, Any] = {
        "documents": len(gold_docs),
        "failed": sum("error" in r for r in records),
        "min_confidence": min_confidence,
        "scores": scores,
    }
    if details:
        result["details"] = per_doc
    return result


def _threshold_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The headline event figures at one threshold: type P/R/F1, by evidence, the stream."""
    by_evidence = figures.get("by_evidence")
    return {
        "type": {k: figures[k] for k in ("p", "r", "f1")},
        "by_evidence": {k: by_evidence[k] for k in ("p", "r", "f1")} if by_evidence else None,
        "stream": figures["stream"],
    }


def read_gold(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The documents of a gold file (the first `limit` ones when given)."""
    docs: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if limit is not None and len(docs) >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    docs.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise UsageError(
                        f"{path}:{number}: not a JSON line ({exc.msg}); "
                        "gold files are JSON Lines, see gold/FORMAT.md"
                    ) from exc
    except OSError as exc:
        raise UsageError(f"cannot read gold file {path}: {exc.strerror}") from exc
    return docs


def _records(docs: list[dict[str, Any]], settings: Settings) -> list[dict[str, Any]]:
    """Run the pipeline over the gold documents as plain input items (`gold` never read)."""
    from tacitus.io.ingest import from_dict
    from tacitus.pipeline import run

    inputs = ("id", "text", "published", "source")
    items = [
        from_dict({k: doc[k] for k in inputs if k in doc}, f"gold:{number}")
        for number, doc in enumerate(docs, 1)
    ]
    return list(run(items, settings))


def read_records(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The records of a `tacitus extract` output file (the first `limit` ones when given).

    Args:
        path: a JSON Lines file of records (the output contract), one per gold document.
        limit: keep only the first `limit` records.

    Returns:
        The records, in file order.
    """
    # The same reader as for gold files: both are JSON Lines of one object a line.
    try:
        return read_gold(path, limit)
    except UsageError as exc:
        raise UsageError(f"{exc} (a predictions file is the output of tacitus extract)") from exc


def evaluate_files(
    paths: Sequence[Path],
    settings: Settings | None = None,
    details: bool = False,
    limit: int | None = None,
    predictions: Sequence[Path] | None = None,
) -> dict[str, Any]:
    """Run the pipeline over each gold file's documents (or read its records) and score them.

    Args:
        paths: gold files in the `gold/FORMAT.md` format.
        settings: pipeline settings (defaults and environment when None).
        details: keep, per document, what was missed, spurious or wrong.
        limit: score only the first `limit` documents of each file (quick checks).
        predictions: for each gold file, in the same order, a file of records already made
            from it by `tacitus extract` (one record per gold document, in gold order); the
            pipeline is then not run, so a baseline can be pinned and scored again later.

    Returns:
        `{"files": [{"file", "name", "seconds", "documents", "failed", "scores"[, "details"]}]}`.
    """
    if predictions is not None and len(predictions) != len(paths):
        raise UsageError(
            f"{len(predictions)} predictions files for {len(paths)} gold files: give one each"
        )
    settings = settings or Settings.from_env()
    min_confidence = settings.min_confidence
    if min_confidence is None:
        from tacitus.stages.confidence import default_threshold

        min_confidence = default_threshold()
    files = []
    for number, path in enumerate(map(Path, paths)):
        docs = read_gold(path, limit)
        started = time.perf_counter()
        if predictions is None:
            records = _records(docs, settings)
        else:
            records = read_records(Path(predictions[number]), limit)
        try:
            scored = score_file(records, docs, details, min_confidence)
        except ValueError as exc:
            # Only a predictions file can disagree with its gold file (the pipeline cannot).
            raise UsageError(
                f"{exc}: the predictions file must be `tacitus extract {path}` output"
            ) from exc
        seconds = round(time.perf_counter() - started, 1)
        files.append({"file": str(path), "name": path.name, "seconds": seconds, **scored})
    return {"files": files}
