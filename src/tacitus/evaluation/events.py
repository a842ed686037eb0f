"""The event scorers: event types per document, by evidence, and on the news stream.

The event measures of `gold/FORMAT.md` ("How a set is scored"):

- **type sets** (every set with events): the document's predicted PLOVER types against its
  gold types (a gold type is found when one of its events' allowed types is predicted; a type
  whose every event has null among its `alt_types` is excused when missed). Each gold event's
  counterpart (`counterpart`) is then scored on its actor and recipient fields, and, when its
  evidence overlaps the gold's, on its status and date.
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
functions turn the summed counts into ratios (`score_events` and `figures_events` gather all
three). Reads records already carried onto the gold text by `tacitus.evaluation.alignment`;
adds nothing to articles.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tacitus.evaluation.common import Counts, Span, as_span, overlap, prf, ratio, same_name, snippet

#: Fields compared on found events, in report order: (figure name, count key).
FOUND_FIELDS = ("actor_country", "recipient_country", "date", "status", "location")
#: Event statuses that say the event did not (yet) happen.
NOT_OCCURRED = ("future", "hypothetical", "negated", "demanded")
#: Actor and recipient fields compared on an event's counterpart: (role, field).
_ROLE_FIELDS = (
    ("actor", "country"),
    ("actor", "sector"),
    ("recipient", "country"),
    ("recipient", "sector"),
)


def allowed_types(event: dict[str, Any]) -> set[str]:
    """The PLOVER types that code a gold event: its `type` and its non-null `alt_types`."""
    return {event["type"], *(t for t in event.get("alt_types") or [] if t)}


def _no_event_is_right(event: dict[str, Any]) -> bool:
    """An `alt_types` holding null: predicting no event for it is also right."""
    return None in (event.get("alt_types") or [])


# --------------------------------------------------------------------------- type sets


def _role_value(event: dict[str, Any], role: str, name: str) -> Any:
    return (event.get(role) or {}).get(name)


def _agreement(gold: dict[str, Any], pred: dict[str, Any]) -> int:
    return sum(
        _role_value(gold, r, f) is not None and _role_value(gold, r, f) == _role_value(pred, r, f)
        for r, f in _ROLE_FIELDS
    )


def counterpart(
    gold: dict[str, Any], pred: list[dict[str, Any]]
) -> tuple[dict[str, Any] | None, bool]:
    """The predicted event that codes this gold event, and whether their evidence overlaps.

    Among predictions of an acceptable type: the one whose evidence overlaps the gold
    evidence most; then the one that agrees on most actor and recipient fields.

    Args:
        gold: one gold event.
        pred: the document's predicted events, their `evidence` already on the gold text.

    Returns:
        The prediction (None when no prediction has an acceptable type) and whether its
        evidence overlaps the gold evidence.
    """
    candidates = [p for p in pred if p.get("type") in allowed_types(gold)]
    if not candidates:
        return None, False
    evidence = as_span(gold.get("evidence"))

    def evidence_overlap(p: dict[str, Any]) -> int:
        other = p.get("evidence")
        return overlap(evidence, other) if evidence and other else 0

    best = max(candidates, key=lambda p: (evidence_overlap(p), _agreement(gold, p)))
    return best, evidence_overlap(best) > 0


def score_events(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    """Score one document's events: type sets, fields of counterparts, by evidence, stream.

    Args:
        gold: the document's gold events, in file order.
        pred: the predicted events, their `evidence` already on the gold text.
        text: the gold text (for the details' snippets and the stream's words).

    Returns:
        Counts (to be summed over a file and read by `figures_events`) and details: types
        missed and spurious, wrong roles, statuses and dates, and the details by evidence.
    """
    predicted = {p["type"] for p in pred if p.get("type")}
    acceptable = set().union(*(allowed_types(g) for g in gold)) if gold else set()
    counts: Counts = Counter(pred=len(predicted), pred_right=len(predicted & acceptable))
    for kind in predicted:
        counts[f"pred:{kind}"] += 1
        counts[f"pred_right:{kind}"] += kind in acceptable
    detail: dict[str, Any] = {
        "missed_types": [],
        "spurious_types": sorted(predicted - acceptable),
        "wrong_roles": [],
        "wrong_status": [],
        "wrong_dates": [],
    }
    for kind in sorted({g["type"] for g in gold}):
        group = [g for g in gold if g["type"] == kind]
        if any(allowed_types(g) & predicted for g in group):
            counts["gold"] += 1
            counts["found"] += 1
            counts[f"gold:{kind}"] += 1
            counts[f"found:{kind}"] += 1
        elif not all(_no_event_is_right(g) for g in group):
            counts["gold"] += 1
            counts[f"gold:{kind}"] += 1
            detail["missed_types"].append(kind)
        else:
            counts["excused"] += 1
    for g in gold:
        best, on_evidence = counterpart(g, pred)
        where = snippet(text, as_span(g.get("evidence")), 60)
        _score_event_fields(g, best, counts, detail["wrong_roles"], where)
        on_it = best if on_evidence or not g.get("evidence") else None
        _score_event_status(g, on_it, counts, detail["wrong_status"], where)
        _score_event_date(g, on_it, counts, detail["wrong_dates"], where)
    by_evidence, detail["by_evidence"] = score_by_evidence(gold, pred, text)
    counts.update(by_evidence)
    counts.update(score_stream(pred, text))
    return counts, detail


def _score_event_date(
    gold: dict[str, Any],
    best: dict[str, Any] | None,
    counts: Counts,
    wrong: list[dict[str, Any]],
    where: str | None,
) -> None:
    """The event's date, to the day as the gold gives it (not the publication date's)."""
    expected = gold.get("date")
    if not expected or best is None:
        return
    counts["date"] += 1
    got = best.get("date")
    if got and str(got)[: len(expected)] == expected:
        counts["date_right"] += 1
    else:
        wrong.append({"type": gold["type"], "gold": expected, "pred": got, "evidence": where})


def _score_event_fields(
    gold: dict[str, Any],
    best: dict[str, Any] | None,
    counts: Counts,
    wrong: list[dict[str, Any]],
    where: str | None,
) -> None:
    if best is None:
        return
    for role, name in _ROLE_FIELDS:
        expected = _role_value(gold, role, name)
        if expected is None:
            continue
        counts[f"{role}_{name}"] += 1
        got = _role_value(best, role, name)
        if got == expected:
            counts[f"{role}_{name}_right"] += 1
        else:
            wrong.append(
                {
                    "type": gold["type"],
                    "field": f"{role}.{name}",
                    "gold": expected,
                    "pred": got,
                    "evidence": where,
                }
            )


def _score_event_status(
    gold: dict[str, Any],
    best: dict[str, Any] | None,
    counts: Counts,
    wrong: list[dict[str, Any]],
    where: str | None,
) -> None:
    status = gold.get("status")
    if status is None:
        return
    if status in NOT_OCCURRED:
        counts["not_occurred"] += 1
        counts["not_occurred_kept"] += best is None or best.get("status") != "occurred"
    if best is None:
        return
    counts["status"] += 1
    if best.get("status") == status:
        counts["status_right"] += 1
    else:
        wrong.append(
            {"type": gold["type"], "gold": status, "pred": best.get("status"), "evidence": where}
        )


def figures_events(c: Counts) -> dict[str, Any]:
    """P / R / F1 of event types, field accuracies, by type, by evidence and on the stream.

    Args:
        c: the counts of `score_events` summed over a file's documents.

    Returns:
        `{"gold", "excused", "pred", "p", "r", "f1"}`, the role, status and date accuracies,
        `"not_occurred_kept"`, `"by_type"`, `"by_evidence"` and `"stream"`.
    """
    kinds = sorted({k.split(":", 1)[1] for k in c if k.startswith(("gold:", "pred:"))})
    figures: dict[str, Any] = {
        "gold": c["gold"],
        "excused": c["excused"],
        "pred": c["pred"],
        **prf(c["pred_right"], c["pred"], c["found"], c["gold"]),
    }
    for role, name in _ROLE_FIELDS:
        figures[f"{role}_{name}_accuracy"] = ratio(c[f"{role}_{name}_right"], c[f"{role}_{name}"])
    figures["status_accuracy"] = ratio(c["status_right"], c["status"])
    figures["date_accuracy"] = ratio(c["date_right"], c["date"])
    figures["dated"] = c["date"]
    figures["not_occurred_kept"] = ratio(c["not_occurred_kept"], c["not_occurred"])
    figures["not_occurred"] = c["not_occurred"]
    figures["by_type"] = {
        kind: {
            "gold": c[f"gold:{kind}"],
            "pred": c[f"pred:{kind}"],
            **prf(
                c[f"pred_right:{kind}"], c[f"pred:{kind}"], c[f"found:{kind}"], c[f"gold:{kind}"]
            ),
        }
        for kind in kinds
    }
    figures["by_evidence"] = figures_by_evidence(c)
    figures["stream"] = figures_stream(c)
    return figures


# --------------------------------------------------------------------------- by evidence


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


def match_by_evidence(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[int | None]:
    """Which prediction each gold event takes (FORMAT.md): in file order, the unused
    prediction of an allowed type whose evidence overlaps the gold evidence (or an `also`
    span) the most. Predictions without evidence take part in nothing.

    Args:
        gold: the document's gold events, in file order.
        pred: the predicted events, their `evidence` already on the gold text.

    Returns:
        Per gold event, the index in `pred` of the prediction it takes, or None.
    """
    candidates = [(i, p) for i, p in enumerate(pred) if as_span(p.get("evidence")) is not None]
    used: set[int] = set()
    taken: list[int | None] = []
    for g in gold:
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
        if best is not None:
            used.add(best)
        taken.append(best)
    return taken


def found_by_evidence(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[int | None]:
    """Each prediction's label by evidence: 1 when it finds a gold event, 0 when it finds
    none, None when an optional gold event took it or it has no evidence (it counts
    neither way).

    Args:
        gold: the document's gold events, in file order.
        pred: the predicted events, their `evidence` already on the gold text.

    Returns:
        One label per prediction, in order.
    """
    labels: list[int | None] = [0 if as_span(p.get("evidence")) is not None else None for p in pred]
    for g, taken in zip(gold, match_by_evidence(gold, pred), strict=True):
        if taken is not None:
            labels[taken] = None if g.get("optional") else 1
    return labels


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
    candidates = [i for i, p in enumerate(pred) if as_span(p.get("evidence")) is not None]
    counts["byev_pred"] = len(candidates)
    missed: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    taken = match_by_evidence(gold, pred)
    for g, best in zip(gold, taken, strict=True):
        if g.get("optional"):
            counts["byev_pred"] -= best is not None  # its prediction counts neither way
            continue
        _count_gold_values(g, counts)
        if best is None:
            if _no_event_is_right(g):
                counts["byev_excused"] += 1
            else:
                counts["byev_gold"] += 1
                missed.append(
                    {"type": g["type"], "evidence": snippet(text, as_span(g["evidence"]), 60)}
                )
            continue
        counts["byev_gold"] += 1
        counts["byev_found"] += 1
        _compare_found(g, pred[best], counts, wrong)
    used = {i for i in taken if i is not None}
    spurious = [
        {"type": pred[i].get("type"), "evidence": snippet(text, as_span(pred[i]["evidence"]), 60)}
        for i in candidates
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


# --------------------------------------------------------------------------- the stream


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
