"""Small helpers shared by the scorers of `tacitus.evaluation` (one module per capability).

The capabilities scored, spans and their overlap, the one-to-one matching of gold items to
predictions, ratios and precision / recall / F1 with None for an empty denominator, snippets
of text for the details, and the loose name match that FORMAT.md uses for quote speakers and
event locations. Reads and adds nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

#: The capabilities a gold file may score, in report order (FORMAT.md).
CAPABILITIES = ("entities", "places", "times", "quotes", "events")

Span = tuple[int, int]
#: Where a predicted span lands when it cannot be carried onto the gold text: overlaps nothing.
NOWHERE: Span = (-1, -1)
Counts = Counter[str]

_NAME_WORD = re.compile(r"[^\W_]+")
#: Generational suffixes that follow a surname ("Patrick Carlineo Jr." has the surname Carlineo).
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def overlap(a: Span, b: Span) -> int:
    """The number of characters two half-open spans share (0 when apart)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def as_span(value: Any) -> Span | None:
    """`[start, end]` (any sequence of two integers) as a tuple; None stays None."""
    if value is None:
        return None
    start, end = value
    return int(start), int(end)


def match_one_to_one(
    n_gold: int,
    n_pred: int,
    weight: Callable[[int, int], float],
    order: Sequence[int] | None = None,
) -> dict[int, int]:
    """A one-to-one matching of gold items to predictions: `{gold index: pred index}`.

    Pairs with `weight <= 0` cannot match. The matching has as many pairs as possible for the
    gold items taken in `order` (earlier ones are never displaced by later ones), and each gold
    item tries its heaviest predictions first.

    Args:
        n_gold: the number of gold items.
        n_pred: the number of predictions.
        weight: how well gold item `g` and prediction `p` match (`weight(g, p)`).
        order: the order in which gold items take their predictions (index order when None).

    Returns:
        `{gold index: prediction index}` for every matched pair.
    """
    edges = {}
    for g in range(n_gold):
        weights = [(weight(g, p), p) for p in range(n_pred)]
        edges[g] = [p for w, p in sorted(weights, key=lambda wp: (-wp[0], wp[1])) if w > 0]
    gold_of: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in gold_of or augment(gold_of[p], seen):
                gold_of[p] = g
                return True
        return False

    for g in order if order is not None else range(n_gold):
        augment(g, set())
    return {g: p for p, g in gold_of.items()}


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator to 4 places, or None when there is nothing to divide by."""
    return round(numerator / denominator, 4) if denominator else None


def prf(
    pred_correct: float, n_pred: float, gold_found: float, n_gold: float
) -> dict[str, float | None]:
    """Precision, recall and F1; P and R may have different numerators (one-to-many cases).

    Args:
        pred_correct: predictions that are right.
        n_pred: predictions.
        gold_found: gold items found.
        n_gold: gold items.

    Returns:
        `{"p", "r", "f1"}`, each None when its denominator is zero (F1 is 0.0 when either P or
        R is 0).
    """
    p = pred_correct / n_pred if n_pred else None
    r = gold_found / n_gold if n_gold else None
    if p is None or r is None:
        f1 = 0.0 if (p == 0 or r == 0) else None
    else:
        f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return {"p": ratio(pred_correct, n_pred), "r": ratio(gold_found, n_gold), "f1": f1}


def snippet(text: str, span: Span | None, limit: int = 80) -> str | None:
    """The text of a span on one line, cut to `limit` characters (for details)."""
    if span is None:
        return None
    if span == NOWHERE:
        return "(not in the gold text)"
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def leftovers(
    text: str, spans: Sequence[Span], hit: set[int], typed: Sequence[tuple[Any, ...]] = ()
) -> list[list[Any]]:
    """`[start, snippet(, type)]` of the spans whose index is not in `hit` (for details)."""
    return [
        [span[0], snippet(text, span), *(typed[i][2:3] if typed else ())]
        for i, span in enumerate(spans)
        if i not in hit
    ]


def same_name(gold: Any, pred: Any) -> bool:
    """FORMAT.md's loose name match: one name's words inside the other's, or the same surname.

    Case, punctuation and generational suffixes (Jr., III) are ignored ("The Nigerian Senate"
    matches "Senate"; "Gordon Sondland" matches "Sondland" and "Ambassador Sondland"; "Ann
    Lee Jr." matches "Ann B. Lee"). A missing name matches nothing.

    Args:
        gold: the gold name (a string or None).
        pred: the predicted name (a string or None).

    Returns:
        Whether the two names are the same by that rule.
    """
    if not isinstance(gold, str) or not isinstance(pred, str):
        return False
    gold_words = [w for w in _NAME_WORD.findall(gold.casefold()) if w not in _SUFFIXES]
    pred_words = [w for w in _NAME_WORD.findall(pred.casefold()) if w not in _SUFFIXES]
    if not gold_words or not pred_words:
        return False
    if set(gold_words) <= set(pred_words) or set(pred_words) <= set(gold_words):
        return True
    return gold_words[-1] == pred_words[-1]
