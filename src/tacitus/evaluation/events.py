"""Whole-article event scorers: events by evidence, and events on the ordinary news stream.

Two of the event measures of `gold/FORMAT.md` ("How a set is scored"), used by
`tacitus.evaluation.evaluate` next to the per-document type sets:

- **by evidence** (article-level sets whose every gold event has `evidence`): a gold event is
  found by a predicted event of an allowed type whose evidence overlaps the gold evidence or
  one of its `also` spans. Gold events are taken in file order; each takes the unused allowed
  prediction with the largest overlap. An `optional` gold event takes its prediction too, and
  that pair counts neither way. A gold event whose `alt_types` hold null ("no event is also
  right") counts as found when predicted and is excused when not, so a prediction on it is
  never a false positive. Predictions without evidence are left out.
- **the stream** (events-negative-bbc, whose gold has no events): events of status
  `occurred` per 1,000 words (whitespace-separated tokens of the gold text) and the share of
  documents with at least one. Lower is better.

Each scorer returns counts (summed over the documents of a file) and details; the figure
functions turn the summed counts into ratios. Reads records already carried onto the gold
text by `tacitus.evaluation.evaluate`; adds nothing to articles.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tacitus.evaluation.common import Counts, Span, as_span, overlap, prf, ratio, same_name, snippet

#: Fields compared on found events, in report order: (figure name, count key).
FOUND_FIELDS = ("actor_country", "recipient_country", "date", "status", "location")


def allowed_types(event: dict[str, Any]) -> set[str]:
    """The PLOVER types that code a gold event: its `type` and its non-null `alt_types`."""
    return {event["type"], *(t for t in event.get("alt_types") or [] if t)}


def _no_event_is_right(event: dict[str, Any]) -> bool:
    return None in (event.get("alt_types") or [])


def _gold_spans(event: dict[str, Any]) -> list[Span]:
    spans = [as_span(event.get("evidence")), *map(as_span, event.get("also") or [])]
    return [s for s in spans if s is not None]


def _location_name(value: Any) -> Any:
    return value.get("name") if isinstance(value, dict) else value


def _country(event: dict[str, Any], role: str) -> Any:
    return (event.get(role) or {}).get("country")


def _compare_found(
    gold: dict[str, Any], pred: dict[str, Any], counts: Counts, wrong: list[dict[str, Any]]
) -> None:
    """Count, for each field the gold event gives, whether the prediction has it right.

    Only fields with a gold value are scored (a null gold country or date says the text does
    not tell, so nothing can be right or wrong about it).
    """
    checks: dict[str, tuple[Any, Any, bool]] = {}
    for role in ("actor", "recipient"):
        expected, got = _country(gold, role), _country(pred, role)
        checks[f"{role}_country"] = (expected, got, got == expected)
    expected, got = gold.get("date"), pred.get("date")
    checks["date"] = (expected, got, bool(got) and str(got).startswith(str(expected)))
    expected, got = gold.get("status"), pred.get("status")
    checks["status"] = (expected, got, got == expected)
    expected, got = gold.get("location"), _location_name(pred.get("location"))
    checks["location"] = (expected, got, same_name(expected, got))
    for field, (expected, got, right) in checks.items():
        if expected is None:
            continue
        counts[f"byev_{field}"] += 1
        if right:
            counts[f"byev_{field}_right"] += 1
        else:
            wrong.append({"type": gold["type"], "field": field, "gold": expected, "pred": got})


def _count_gold_values(gold: dict[str, Any], counts: Counts) -> None:
    """Count the scored gold event's fields that have a value (found or not), for the report."""
    values = {
        "actor_country": _country(gold, "actor"),
        "recipient_country": _country(gold, "recipient"),
        "date": gold.get("date"),
        "status": gold.get("status"),
        "location": gold.get("location"),
    }
    for field, value in values.items():
        counts[f"byev_{field}_gold"] += value is not None


def score_by_evidence(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    """Score one document's events by evidence (FORMAT.md).

    Args:
        gold: the document's gold events, in file order.
        pred: the predicted events, their `evidence` already on the gold text.
        text: the gold text (for the details' snippets).

    Returns:
        Counts (`byev_*`, to be summed over a file and read by `figures_by_evidence`) and
        details: the gold events missed, the predictions that found nothing, and the wrong
        fields of found events.
    """
    counts: Counts = Counter()
    counts["byev_gold_events"] = len(gold)
    counts["byev_unevidenced"] = sum(as_span(g.get("evidence")) is None for g in gold)
    candidates = [(i, p) for i, p in enumerate(pred) if as_span(p.get("evidence")) is not None]
    counts["byev_pred"] = len(candidates)
    used: set[int] = set()
    missed: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    for g in gold:
        if not g.get("optional"):
            _count_gold_values(g, counts)
        spans, allowed = _gold_spans(g), allowed_types(g)
        best, best_overlap = None, 0
        for i, p in candidates:
            if i in used or p.get("type") not in allowed:
                continue
            evidence = as_span(p["evidence"])
            assert evidence is not None
            size = max((overlap(s, evidence) for s in spans), default=0)
            if size > best_overlap:
                best, best_overlap = i, size
        if g.get("optional"):
            if best is not None:
                used.add(best)
                counts["byev_pred"] -= 1  # its prediction counts neither way
            continue
        if best is None:
            if _no_event_is_right(g):
                counts["byev_excused"] += 1
            else:
                counts["byev_gold"] += 1
                missed.append(
                    {"type": g["type"], "evidence": snippet(text, as_span(g["evidence"]), 60)}
                )
            continue
        used.add(best)
        counts["byev_gold"] += 1
        counts["byev_found"] += 1
        _compare_found(g, pred[best], counts, wrong)
    spurious = [
        {"type": p.get("type"), "evidence": snippet(text, as_span(p["evidence"]), 60)}
        for i, p in candidates
        if i not in used
    ]
    return counts, {"missed": missed, "spurious": spurious, "wrong": wrong}


def figures_by_evidence(c: Counts) -> dict[str, Any] | None:
    """P / R / F1 over events and the field shares on found events, from summed counts.

    Args:
        c: the counts of `score_by_evidence` summed over a file's documents.

    Returns:
        `{"gold", "excused", "pred", "found", "p", "r", "f1"}` and, per field,
        `<field>_accuracy`, `<field>_scored` (found events with a gold value) and
        `<field>_gold` (scored gold events with a value, found or not); None when the file
        has no gold event or one without evidence (a set not annotated by evidence).
    """
    if not c["byev_gold_events"] or c["byev_unevidenced"]:
        return None
    figures: dict[str, Any] = {
        "gold": c["byev_gold"],
        "excused": c["byev_excused"],
        "pred": c["byev_pred"],
        "found": c["byev_found"],
        **prf(c["byev_found"], c["byev_pred"], c["byev_found"], c["byev_gold"]),
    }
    for field in FOUND_FIELDS:
        figures[f"{field}_accuracy"] = ratio(c[f"byev_{field}_right"], c[f"byev_{field}"])
        figures[f"{field}_scored"] = c[f"byev_{field}"]
        figures[f"{field}_gold"] = c[f"byev_{field}_gold"]
    return figures


def score_stream(pred: list[dict[str, Any]], text: str) -> Counts:
    """Count one document's words and predicted events of status `occurred`.

    Args:
        pred: the predicted events (all of them, with or without evidence).
        text: the gold text; its words are its whitespace-separated tokens.

    Returns:
        Counts (`stream_*`) to be summed over a file and read by `figures_stream`.
    """
    occurred = sum(p.get("status") == "occurred" for p in pred)
    return Counter(
        stream_docs=1,
        stream_words=len(text.split()),
        stream_occurred=occurred,
        stream_docs_with_occurred=int(occurred > 0),
    )


def figures_stream(c: Counts) -> dict[str, Any]:
    """Occurred events per 1,000 words and the share of documents with one (lower is better).

    Args:
        c: the counts of `score_stream` summed over a file's documents.

    Returns:
        `{"occurred", "words", "occurred_per_1000_words", "docs_with_occurred"}`.
    """
    per_1000 = ratio(1000 * c["stream_occurred"], c["stream_words"])
    return {
        "occurred": c["stream_occurred"],
        "words": c["stream_words"],
        "occurred_per_1000_words": per_1000,
        "docs_with_occurred": ratio(c["stream_docs_with_occurred"], c["stream_docs"]),
    }
