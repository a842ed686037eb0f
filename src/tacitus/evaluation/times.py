"""The time scorer: time expressions (TIMEX3 spans, types and values) against the gold.

Spans match strictly (same offsets) or by overlap (one-to-one); on matched spans the type and
the normalised value are compared (case and surrounding space ignored). Reads records already
carried onto the gold text by `tacitus.evaluation.alignment`; adds nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tacitus.evaluation.common import (
    Counts,
    leftovers,
    match_one_to_one,
    overlap,
    prf,
    ratio,
    snippet,
)


def _same_value(a: Any, b: Any) -> bool:
    return a is not None and b is not None and str(a).strip().upper() == str(b).strip().upper()


def score_times(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    """Score one document's time expressions: strict and overlapping spans, type and value.

    Args:
        gold: the document's gold times (`start`, `end`, `type`, `value`).
        pred: the predicted times, their spans already on the gold text.
        text: the gold text (for the details' snippets).

    Returns:
        Counts (to be summed over a file and read by `figures_times`) and details: gold
        times missed, predictions that matched none, matched times with another value.
    """
    gold_spans = [(g["start"], g["end"]) for g in gold]
    pred_spans = [(p["start"], p["end"]) for p in pred]
    counts: Counts = Counter(gold=len(gold), pred=len(pred))
    counts["strict"] = sum((Counter(gold_spans) & Counter(pred_spans)).values())
    matched = match_one_to_one(
        len(gold), len(pred), lambda g, p: overlap(gold_spans[g], pred_spans[p])
    )
    counts["overlap"] = len(matched)
    wrong = []
    for g, p in matched.items():
        counts["same_type"] += gold[g].get("type") == pred[p].get("type")
        if _same_value(gold[g].get("value"), pred[p].get("value")):
            counts["same_value"] += 1
        else:
            wrong.append(
                {
                    "text": snippet(text, gold_spans[g]),
                    "gold": gold[g].get("value"),
                    "pred": pred[p].get("value"),
                }
            )
    hit_preds = set(matched.values())
    detail = {
        "missed": leftovers(text, gold_spans, set(matched)),
        "spurious": leftovers(text, pred_spans, hit_preds),
        "wrong_value": wrong,
    }
    return counts, detail


def figures_times(c: Counts) -> dict[str, Any]:
    """P / R / F1 of time spans (strict and by overlap), type and value accuracy, value F1.

    Args:
        c: the counts of `score_times` summed over a file's documents.

    Returns:
        `{"gold", "pred", "strict", "overlap", "value_accuracy", "type_accuracy",
        "value_f1"}`; value F1 is the overlap F1 times the value accuracy.
    """
    on_overlap = prf(c["overlap"], c["pred"], c["overlap"], c["gold"])
    value_accuracy = ratio(c["same_value"], c["overlap"])
    value_f1 = None
    if on_overlap["f1"] is not None:
        value_f1 = round(on_overlap["f1"] * (value_accuracy or 0.0), 4)
    return {
        "gold": c["gold"],
        "pred": c["pred"],
        "strict": prf(c["strict"], c["pred"], c["strict"], c["gold"]),
        "overlap": on_overlap,
        "value_accuracy": value_accuracy,
        "type_accuracy": ratio(c["same_type"], c["overlap"]),
        "value_f1": value_f1,
    }
