"""The place scorer: detected place names and where they were resolved (FORMAT.md).

A gold place is detected when a predicted place overlaps it (one-to-one); it is resolved
right when the prediction that overlaps it most lies within 161 km of the gold point
(`ACCURACY_KM`), and has the right id when both give the same GeoNames id. Reads records
already carried onto the gold text by `tacitus.evaluation.alignment`; adds nothing.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from tacitus.evaluation.common import (
    Counts,
    Span,
    leftovers,
    match_one_to_one,
    overlap,
    prf,
    ratio,
    snippet,
)

#: Distance within which a resolved place counts as right (the geoparsing literature's 161 km).
ACCURACY_KM = 161.0
#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees.

    Args:
        lat1: latitude of the first point.
        lon1: longitude of the first point.
        lat2: latitude of the second point.
        lon2: longitude of the second point.

    Returns:
        The distance along the Earth's surface (a sphere of radius `EARTH_RADIUS_KM`), in km.
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _best_overlapping(span: Span, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    best, best_overlap = None, 0
    for item in items:
        size = overlap(span, (item["start"], item["end"]))
        if size > best_overlap:
            best, best_overlap = item, size
    return best


def _same_id(a: Any, b: Any) -> bool:
    try:
        return a is not None and b is not None and int(a) == int(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def score_places(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    """Score one document's places: detection, distance to the gold point, GeoNames id.

    Args:
        gold: the document's gold places (`start`, `end`, and `lat`/`lon`, `geonames_id`
            when known).
        pred: the predicted places, their spans already on the gold text.
        text: the gold text (for the details' snippets).

    Returns:
        Counts (to be summed over a file and read by `figures_places`) and details: places
        resolved too far or to another id, gold places missed, predictions that matched none.
    """
    counts: Counts = Counter(gold=len(gold), pred=len(pred))
    matched = match_one_to_one(
        len(gold),
        len(pred),
        lambda g, p: overlap(
            (gold[g]["start"], gold[g]["end"]), (pred[p]["start"], pred[p]["end"])
        ),
    )
    counts["detected"] = len(matched)
    detail: dict[str, Any] = {"far": [], "wrong_id": []}
    for g in gold:
        span = (g["start"], g["end"])
        best = _best_overlapping(span, pred)
        if g.get("lat") is not None and g.get("lon") is not None:
            counts["with_coords"] += 1
            if best is not None:
                counts["with_coords_detected"] += 1
                km = None
                if best.get("lat") is not None and best.get("lon") is not None:
                    km = haversine_km(g["lat"], g["lon"], best["lat"], best["lon"])
                if km is not None and km <= ACCURACY_KM:
                    counts["within"] += 1
                else:
                    detail["far"].append(
                        {
                            "text": snippet(text, span),
                            "gold": g.get("name"),
                            "pred": best.get("name"),
                            "km": None if km is None else round(km),
                        }
                    )
        if g.get("geonames_id") is not None:
            counts["with_id"] += 1
            if best is not None and _same_id(best.get("geonames_id"), g["geonames_id"]):
                counts["same_id"] += 1
            elif best is not None:
                detail["wrong_id"].append(
                    {
                        "text": snippet(text, span),
                        "gold": g["geonames_id"],
                        "pred": best.get("geonames_id"),
                    }
                )
    hit_preds = set(matched.values())
    detail["missed"] = leftovers(text, [(g["start"], g["end"]) for g in gold], set(matched))
    detail["spurious"] = leftovers(text, [(p["start"], p["end"]) for p in pred], hit_preds)
    return counts, detail


def figures_places(c: Counts) -> dict[str, Any]:
    """Accuracy within 161 km, id accuracy and detection P / R / F1, from summed counts.

    Args:
        c: the counts of `score_places` summed over a file's documents.

    Returns:
        `{"gold", "pred", "acc_161km", "acc_161km_detected", "with_coords", "id_accuracy",
        "with_id", "detection"}`.
    """
    return {
        "gold": c["gold"],
        "pred": c["pred"],
        "acc_161km": ratio(c["within"], c["with_coords"]),
        "acc_161km_detected": ratio(c["within"], c["with_coords_detected"]),
        "with_coords": c["with_coords"],
        "id_accuracy": ratio(c["same_id"], c["with_id"]),
        "with_id": c["with_id"],
        "detection": prf(c["detected"], c["pred"], c["detected"], c["gold"]),
    }
