"""The entity scorer: named-entity spans and types against the gold entities (FORMAT.md).

A prediction matches exactly when its span and type are the gold's; by overlap when its span
shares characters with a gold entity of the same type (one-to-one, `common.match_one_to_one`);
"untyped" overlap ignores the type. Reads records already carried onto the gold text by
`tacitus.evaluation.alignment`; adds nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tacitus.evaluation.common import Counts, leftovers, match_one_to_one, overlap, prf


def score_entities(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    """Score one document's named entities: exact, overlapping (typed and untyped), by type.

    Args:
        gold: the document's gold entities (`start`, `end`, `type`).
        pred: the predicted entities, their spans already on the gold text.
        text: the gold text (for the details' snippets).

    Returns:
        Counts (to be summed over a file and read by `figures_entities`) and details: the
        gold entities missed and the predictions that matched none.
    """
    gold_spans = [(g["start"], g["end"], g["type"]) for g in gold]
    pred_spans = [(p["start"], p["end"], p.get("type")) for p in pred]
    counts: Counts = Counter(gold=len(gold_spans), pred=len(pred_spans))
    counts["exact"] = sum((Counter(gold_spans) & Counter(pred_spans)).values())

    def typed(g: int, p: int) -> float:
        same_type = gold_spans[g][2] == pred_spans[p][2]
        return overlap(gold_spans[g][:2], pred_spans[p][:2]) if same_type else 0

    def untyped(g: int, p: int) -> float:
        return overlap(gold_spans[g][:2], pred_spans[p][:2])

    matched = match_one_to_one(len(gold_spans), len(pred_spans), typed)
    counts["overlap"] = len(matched)
    counts["untyped"] = len(match_one_to_one(len(gold_spans), len(pred_spans), untyped))
    for kind in {s[2] for s in gold_spans + pred_spans}:
        counts[f"gold:{kind}"] = sum(s[2] == kind for s in gold_spans)
        counts[f"pred:{kind}"] = sum(s[2] == kind for s in pred_spans)
        counts[f"overlap:{kind}"] = sum(gold_spans[g][2] == kind for g in matched)
    hit_preds = set(matched.values())
    detail = {
        "missed": leftovers(text, [s[:2] for s in gold_spans], set(matched), gold_spans),
        "spurious": leftovers(text, [s[:2] for s in pred_spans], hit_preds, pred_spans),
    }
    return counts, detail


def figures_entities(c: Counts) -> dict[str, Any]:
    """P / R / F1 of entities, exact and by overlap, overall and by type, from summed counts.

    Args:
        c: the counts of `score_entities` summed over a file's documents.

    Returns:
        `{"gold", "pred", "exact", "overlap", "untyped_overlap", "by_type"}`.
    """
    kinds = sorted(k.split(":", 1)[1] for k in c if k.startswith("gold:"))
    return {
        "gold": c["gold"],
        "pred": c["pred"],
        "exact": prf(c["exact"], c["pred"], c["exact"], c["gold"]),
        "overlap": prf(c["overlap"], c["pred"], c["overlap"], c["gold"]),
        "untyped_overlap": prf(c["untyped"], c["pred"], c["untyped"], c["gold"]),
        "by_type": {
            kind: {
                "gold": c[f"gold:{kind}"],
                "pred": c[f"pred:{kind}"],
                **prf(
                    c[f"overlap:{kind}"], c[f"pred:{kind}"], c[f"overlap:{kind}"], c[f"gold:{kind}"]
                ),
            }
            for kind in kinds
        },
    }
