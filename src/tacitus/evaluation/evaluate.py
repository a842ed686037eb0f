"""Evaluation: score tacitus's records against gold files in the `gold/FORMAT.md` format.

Reads gold JSON Lines files (`id`, `text`, `published`, `source`, `gold`), runs the pipeline
over their documents (`evaluate_files`) or takes records already made (`score_file`), and
scores every capability present in `gold`: entities, places, times, quotes and events, with
the figures FORMAT.md names. Adds nothing to articles; every result is a plain,
JSON-serialisable dict, and `format_report` (`tacitus.evaluation.report`, re-exported here)
prints it as one table per file.

Conventions of this scorer (`tests/test_evaluate.py` pins each of them on hand-made cases):
- Predicted spans are offsets into the record's `text`; when that differs from the gold text
  (cleaning changed whitespace), they are carried over by aligning the two texts (words, then
  characters inside the words that differ).
- "Overlap" matching is one-to-one: each gold item is matched to at most one prediction and
  each prediction to at most one gold item, the largest overlap preferred.
- Figures are micro-averaged over the documents of a file; a figure whose denominator is zero
  is None ("—" in the report), never a made-up 0 or 1.
- A record that is an error line (`{"id", "error"}`) scores as a document with no predictions.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from tacitus.core.errors import UsageError
from tacitus.core.settings import Settings
from tacitus.evaluation.common import NOWHERE, Counts, Span, same_name
from tacitus.evaluation.common import as_span as _span
from tacitus.evaluation.common import leftovers as _leftovers
from tacitus.evaluation.common import overlap as _overlap
from tacitus.evaluation.common import prf as _prf
from tacitus.evaluation.common import ratio as _ratio
from tacitus.evaluation.common import snippet as _snippet
from tacitus.evaluation.events import (
    figures_by_evidence,
    figures_stream,
    score_by_evidence,
    score_stream,
)
from tacitus.evaluation.report import format_report as format_report  # re-exported for callers

CAPABILITIES = ("entities", "places", "times", "quotes", "events")

#: Distance within which a resolved place counts as right (the geoparsing literature's 161 km).
ACCURACY_KM = 161.0
#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088
#: Share of the gold content's characters a predicted quote must cover to find it.
QUOTE_THRESHOLDS = (0.3, 0.8)
#: Event statuses that say the event did not (yet) happen.
NOT_OCCURRED = ("future", "hypothetical", "negated", "demanded")

# FORMAT.md, "How a set is scored", quotes: the cue words that make an attribution one of
# speech or writing. Inflected forms are generated below; these need their own.
_SPEECH_WORDS = (
    "say tell according write add ask note announce report tweet reply respond claim argue "
    "declare state statement insist warn explain call urge deny accuse describe confirm suggest "
    "acknowledge admit vow promise predict comment remark testify blast praise criticize criticise "
    "condemn threaten demand recall quote interview express reiterate emphasize emphasise stress"
).split()
_IRREGULAR_FORMS = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "admit": ("admits", "admitted", "admitting"),
    "according": (),
    "statement": ("statements",),
}


def _inflections(word: str) -> tuple[str, ...]:
    """The word and its regular verb (or noun plural) forms: -s, -ed, -ing."""
    if word in _IRREGULAR_FORMS:
        return (word, *_IRREGULAR_FORMS[word])
    if word.endswith("e"):
        return word, word + "s", word + "d", word[:-1] + "ing"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word, word[:-1] + "ies", word[:-1] + "ied", word + "ing"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word, word + "es", word + "ed", word + "ing"
    return word, word + "s", word + "ed", word + "ing"


SPEECH_CUE_FORMS = frozenset(form for word in _SPEECH_WORDS for form in _inflections(word))


# --------------------------------------------------------------------------- small helpers


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


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


# --------------------------------------------------------------------------- text alignment


class _Aligner:
    """Carries spans over from the record's text onto the gold text (identity when equal).

    Words are aligned first (fast on long texts); inside the stretches where words differ
    (`BERLIN:` against `BERLIN :`, a removed artifact), characters are aligned.
    """

    _WORD = re.compile(r"\S+")
    #: Longest differing stretch aligned character by character (the cost is quadratic).
    _MAX_STRETCH = 4000

    def __init__(self, pred_text: str, gold_text: str) -> None:
        self.identity = pred_text == gold_text
        self.to_gold: list[int] = []
        if self.identity:
            return
        self.to_gold = [-1] * len(pred_text)
        pred_words = [(m.start(), m.end()) for m in self._WORD.finditer(pred_text)]
        gold_words = [(m.start(), m.end()) for m in self._WORD.finditer(gold_text)]
        matcher = difflib.SequenceMatcher(
            None,
            [pred_text[s:e] for s, e in pred_words],
            [gold_text[s:e] for s, e in gold_words],
            autojunk=False,
        )
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                for (p_start, p_end), (g_start, _) in zip(
                    pred_words[a1:a2], gold_words[b1:b2], strict=True
                ):
                    self._link(p_start, g_start, p_end - p_start)
            elif op == "replace":
                p_from, p_to = pred_words[a1][0], pred_words[a2 - 1][1]
                g_from, g_to = gold_words[b1][0], gold_words[b2 - 1][1]
                if max(p_to - p_from, g_to - g_from) <= self._MAX_STRETCH:
                    chars = difflib.SequenceMatcher(
                        None, pred_text[p_from:p_to], gold_text[g_from:g_to], autojunk=False
                    )
                    for block in chars.get_matching_blocks():
                        self._link(p_from + block.a, g_from + block.b, block.size)

    def _link(self, pred_start: int, gold_start: int, size: int) -> None:
        for i in range(size):
            self.to_gold[pred_start + i] = gold_start + i

    def span(self, value: Any) -> Span | None:
        """The gold-text span of a record span (None stays None).

        A span none of whose characters align becomes `NOWHERE`: it still counts as a
        prediction, one that overlaps nothing, so that misalignment never raises precision.
        """
        span = _span(value)
        if span is None or self.identity:
            return span
        start, end = span
        mapped = [self.to_gold[i] for i in range(max(start, 0), min(end, len(self.to_gold)))]
        mapped = [i for i in mapped if i >= 0]
        return (mapped[0], mapped[-1] + 1) if mapped else NOWHERE


def _predictions(record: dict[str, Any], gold_text: str) -> dict[str, list[dict[str, Any]]]:
    """The record's annotations with every span carried onto the gold text."""
    if "error" in record and "text" not in record:
        return {capability: [] for capability in CAPABILITIES}
    align = _Aligner(record.get("text") or "", gold_text)
    mentions = {
        actor.get("id"): [s for s in map(align.span, actor.get("mentions") or []) if s]
        for actor in record.get("actors") or []
    }
    names = {actor.get("id"): actor.get("name") for actor in record.get("actors") or []}

    def located(items: Iterable[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
        out = []
        for item in items:
            copy = dict(item)
            for key in keys:
                copy[key] = align.span(item.get(key))
            out.append(copy)
        return out

    def flat(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            start, end = align.span((item["start"], item["end"])) or NOWHERE
            out.append({**item, "start": start, "end": end})
        return out

    quotes = [
        {
            **q,
            "content": q["content"] or NOWHERE,
            "speaker_spans": mentions.get(q.get("speaker"), []),
            "speaker_name": names.get(q.get("speaker")),
        }
        for q in located(record.get("quotes") or [], "content", "source", "cue")
    ]
    return {
        "entities": flat(record.get("entities") or []),
        "places": flat(record.get("places") or []),
        "times": flat(record.get("times") or []),
        "quotes": quotes,
        "events": located(record.get("events") or [], "evidence"),
    }


# --------------------------------------------------------------------------- entities


def _score_entities(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    gold_spans = [(g["start"], g["end"], g["type"]) for g in gold]
    pred_spans = [(p["start"], p["end"], p.get("type")) for p in pred]
    counts: Counts = Counter(gold=len(gold_spans), pred=len(pred_spans))
    counts["exact"] = sum((Counter(gold_spans) & Counter(pred_spans)).values())

    def typed(g: int, p: int) -> float:
        same_type = gold_spans[g][2] == pred_spans[p][2]
        return _overlap(gold_spans[g][:2], pred_spans[p][:2]) if same_type else 0

    def untyped(g: int, p: int) -> float:
        return _overlap(gold_spans[g][:2], pred_spans[p][:2])

    matched = match_one_to_one(len(gold_spans), len(pred_spans), typed)
    counts["overlap"] = len(matched)
    counts["untyped"] = len(match_one_to_one(len(gold_spans), len(pred_spans), untyped))
    for kind in {s[2] for s in gold_spans + pred_spans}:
        counts[f"gold:{kind}"] = sum(s[2] == kind for s in gold_spans)
        counts[f"pred:{kind}"] = sum(s[2] == kind for s in pred_spans)
        counts[f"overlap:{kind}"] = sum(gold_spans[g][2] == kind for g in matched)
    hit_preds = set(matched.values())
    detail = {
        "missed": _leftovers(text, [s[:2] for s in gold_spans], set(matched), gold_spans),
        "spurious": _leftovers(text, [s[:2] for s in pred_spans], hit_preds, pred_spans),
    }
    return counts, detail


def _figures_entities(c: Counts) -> dict[str, Any]:
    kinds = sorted(k.split(":", 1)[1] for k in c if k.startswith("gold:"))
    return {
        "gold": c["gold"],
        "pred": c["pred"],
        "exact": _prf(c["exact"], c["pred"], c["exact"], c["gold"]),
        "overlap": _prf(c["overlap"], c["pred"], c["overlap"], c["gold"]),
        "untyped_overlap": _prf(c["untyped"], c["pred"], c["untyped"], c["gold"]),
        "by_type": {
            kind: {
                "gold": c[f"gold:{kind}"],
                "pred": c[f"pred:{kind}"],
                **_prf(
                    c[f"overlap:{kind}"], c[f"pred:{kind}"], c[f"overlap:{kind}"], c[f"gold:{kind}"]
                ),
            }
            for kind in kinds
        },
    }


# --------------------------------------------------------------------------- places


def _best_overlapping(span: Span, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    best, best_overlap = None, 0
    for item in items:
        overlap = _overlap(span, (item["start"], item["end"]))
        if overlap > best_overlap:
            best, best_overlap = item, overlap
    return best


def _same_id(a: Any, b: Any) -> bool:
    try:
        return a is not None and b is not None and int(a) == int(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def _score_places(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    counts: Counts = Counter(gold=len(gold), pred=len(pred))
    matched = match_one_to_one(
        len(gold),
        len(pred),
        lambda g, p: _overlap(
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
                            "text": _snippet(text, span),
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
                        "text": _snippet(text, span),
                        "gold": g["geonames_id"],
                        "pred": best.get("geonames_id"),
                    }
                )
    hit_preds = set(matched.values())
    detail["missed"] = _leftovers(text, [(g["start"], g["end"]) for g in gold], set(matched))
    detail["spurious"] = _leftovers(text, [(p["start"], p["end"]) for p in pred], hit_preds)
    return counts, detail


def _figures_places(c: Counts) -> dict[str, Any]:
    return {
        "gold": c["gold"],
        "pred": c["pred"],
        "acc_161km": _ratio(c["within"], c["with_coords"]),
        "acc_161km_detected": _ratio(c["within"], c["with_coords_detected"]),
        "with_coords": c["with_coords"],
        "id_accuracy": _ratio(c["same_id"], c["with_id"]),
        "with_id": c["with_id"],
        "detection": _prf(c["detected"], c["pred"], c["detected"], c["gold"]),
    }


# --------------------------------------------------------------------------- times


def _same_value(a: Any, b: Any) -> bool:
    return a is not None and b is not None and str(a).strip().upper() == str(b).strip().upper()


def _score_times(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    gold_spans = [(g["start"], g["end"]) for g in gold]
    pred_spans = [(p["start"], p["end"]) for p in pred]
    counts: Counts = Counter(gold=len(gold), pred=len(pred))
    counts["strict"] = sum((Counter(gold_spans) & Counter(pred_spans)).values())
    matched = match_one_to_one(
        len(gold), len(pred), lambda g, p: _overlap(gold_spans[g], pred_spans[p])
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
                    "text": _snippet(text, gold_spans[g]),
                    "gold": gold[g].get("value"),
                    "pred": pred[p].get("value"),
                }
            )
    hit_preds = set(matched.values())
    detail = {
        "missed": _leftovers(text, gold_spans, set(matched)),
        "spurious": _leftovers(text, pred_spans, hit_preds),
        "wrong_value": wrong,
    }
    return counts, detail


def _figures_times(c: Counts) -> dict[str, Any]:
    overlap = _prf(c["overlap"], c["pred"], c["overlap"], c["gold"])
    value_accuracy = _ratio(c["same_value"], c["overlap"])
    value_f1 = None
    if overlap["f1"] is not None:
        value_f1 = round(overlap["f1"] * (value_accuracy or 0.0), 4)
    return {
        "gold": c["gold"],
        "pred": c["pred"],
        "strict": _prf(c["strict"], c["pred"], c["strict"], c["gold"]),
        "overlap": overlap,
        "value_accuracy": value_accuracy,
        "type_accuracy": _ratio(c["same_type"], c["overlap"]),
        "value_f1": value_f1,
    }


# --------------------------------------------------------------------------- quotes


def is_speech(quote: dict[str, Any], text: str) -> bool:
    """Whether a gold attribution is of speech or writing (FORMAT.md): direct, or its cue
    holds a speech word (say, tell, according to, ...) or is a bare colon."""
    if quote.get("direct") is True:
        return True
    cue = _span(quote.get("cue"))
    if cue is None:
        return False
    cue_text = text[cue[0] : cue[1]]
    if cue_text.strip() == ":":
        return True
    return any(word in SPEECH_CUE_FORMS for word in re.findall(r"[a-z]+", cue_text.lower()))


def _speaker_right(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Speaker correct: the predicted source span (or a mention of the predicted speaker
    actor) overlaps the gold source span, or both sources are null."""
    gold_source = _span(gold.get("source"))
    pred_source = pred.get("source")
    if gold_source is None:
        return pred_source is None
    spans = ([pred_source] if pred_source else []) + list(pred.get("speaker_spans") or [])
    return any(_overlap(gold_source, s) > 0 for s in spans)


def _score_quotes(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    contents = [_span(g["content"]) or (0, 0) for g in gold]
    speech = [is_speech(g, text) for g in gold]
    # Speech attributions first, so that a belief attribution never takes their prediction.
    order = sorted(range(len(gold)), key=lambda g: not speech[g])
    counts: Counts = Counter(
        gold=len(gold),
        speech=sum(speech),
        pred=len(pred),
        direct=sum(g.get("direct") is True for g in gold),
    )
    detail: dict[str, Any] = {}
    for threshold in QUOTE_THRESHOLDS:

        def weight(g: int, p: int, threshold: float = threshold) -> float:
            length = contents[g][1] - contents[g][0]
            share = _overlap(contents[g], pred[p]["content"]) / length if length > 0 else 0.0
            return share if share >= threshold else 0.0

        matched = match_one_to_one(len(gold), len(pred), weight, order)
        tag = f"{round(threshold * 100)}"
        counts[f"pred_matched@{tag}"] = len(matched)
        counts[f"speech_found@{tag}"] = sum(speech[g] for g in matched)
        counts[f"direct_found@{tag}"] = sum(gold[g].get("direct") is True for g in matched)
        if threshold != QUOTE_THRESHOLDS[0]:
            continue
        wrong_speaker, wrong_name = [], []
        for g, p in matched.items():
            if gold[g].get("speaker") is not None:
                # FORMAT.md: the speaker's name is scored on every found quote that has one.
                counts["named"] += 1
                if same_name(gold[g]["speaker"], pred[p].get("speaker_name")):
                    counts["name_right"] += 1
                else:
                    wrong_name.append(
                        {
                            "content": _snippet(text, contents[g], 60),
                            "gold": gold[g]["speaker"],
                            "pred": pred[p].get("speaker_name"),
                        }
                    )
            if not speech[g]:
                continue
            if _speaker_right(gold[g], pred[p]):
                counts["speaker_right"] += 1
            else:
                wrong_speaker.append(
                    {
                        "content": _snippet(text, contents[g], 60),
                        "gold": _snippet(text, _span(gold[g].get("source"))),
                        "pred": _snippet(text, pred[p].get("source")),
                    }
                )
        hit_preds = set(matched.values())
        detail = {
            "missed": [
                {
                    "start": contents[g][0],
                    "content": _snippet(text, contents[g], 60),
                    "cue": _snippet(text, _span(gold[g].get("cue"))),
                }
                for g in range(len(gold))
                if speech[g] and g not in matched
            ],
            "spurious": _leftovers(text, [p["content"] for p in pred], hit_preds),
            "wrong_speaker": wrong_speaker,
            "wrong_speaker_name": wrong_name,
        }
    return counts, detail


def _figures_quotes(c: Counts) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "gold": c["gold"],
        "speech": c["speech"],
        "direct": c["direct"],
        "pred": c["pred"],
    }
    for threshold in QUOTE_THRESHOLDS:
        tag = f"{round(threshold * 100)}"
        figures[f"at{tag}"] = {
            **_prf(c[f"pred_matched@{tag}"], c["pred"], c[f"speech_found@{tag}"], c["speech"]),
            "direct_recall": _ratio(c[f"direct_found@{tag}"], c["direct"]),
        }
    tag = f"{round(QUOTE_THRESHOLDS[0] * 100)}"
    figures["speaker_accuracy"] = _ratio(c["speaker_right"], c[f"speech_found@{tag}"])
    figures["speaker_name_accuracy"] = _ratio(c["name_right"], c["named"])
    figures["named"] = c["named"]
    return figures


# --------------------------------------------------------------------------- events

_ROLE_FIELDS = (
    ("actor", "country"),
    ("actor", "sector"),
    ("recipient", "country"),
    ("recipient", "sector"),
)


def _acceptable(event: dict[str, Any]) -> set[str]:
    return {event["type"], *(t for t in event.get("alt_types") or [] if t)}


def _optional(event: dict[str, Any]) -> bool:
    """An `alt_types` holding null: predicting no event for it is also right."""
    return None in (event.get("alt_types") or [])


def _role_value(event: dict[str, Any], role: str, name: str) -> Any:
    return (event.get(role) or {}).get(name)


def _agreement(gold: dict[str, Any], pred: dict[str, Any]) -> int:
    return sum(
        _role_value(gold, r, f) is not None and _role_value(gold, r, f) == _role_value(pred, r, f)
        for r, f in _ROLE_FIELDS
    )


def _counterpart(
    gold: dict[str, Any], pred: list[dict[str, Any]]
) -> tuple[dict[str, Any] | None, bool]:
    """The predicted event that codes this gold event, and whether their evidence overlaps.

    Among predictions of an acceptable type: the one whose evidence overlaps the gold
    evidence most; then the one that agrees on most actor and recipient fields.
    """
    candidates = [p for p in pred if p.get("type") in _acceptable(gold)]
    if not candidates:
        return None, False
    evidence = _span(gold.get("evidence"))

    def evidence_overlap(p: dict[str, Any]) -> int:
        other = p.get("evidence")
        return _overlap(evidence, other) if evidence and other else 0

    best = max(candidates, key=lambda p: (evidence_overlap(p), _agreement(gold, p)))
    return best, evidence_overlap(best) > 0


def _score_events(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    predicted = {p["type"] for p in pred if p.get("type")}
    acceptable = set().union(*(_acceptable(g) for g in gold)) if gold else set()
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
        if any(_acceptable(g) & predicted for g in group):
            counts["gold"] += 1
            counts["found"] += 1
            counts[f"gold:{kind}"] += 1
            counts[f"found:{kind}"] += 1
        elif not all(_optional(g) for g in group):
            counts["gold"] += 1
            counts[f"gold:{kind}"] += 1
            detail["missed_types"].append(kind)
        else:
            counts["excused"] += 1
    for g in gold:
        best, on_evidence = _counterpart(g, pred)
        where = _snippet(text, _span(g.get("evidence")), 60)
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


def _figures_events(c: Counts) -> dict[str, Any]:
    kinds = sorted({k.split(":", 1)[1] for k in c if k.startswith(("gold:", "pred:"))})
    figures: dict[str, Any] = {
        "gold": c["gold"],
        "excused": c["excused"],
        "pred": c["pred"],
        **_prf(c["pred_right"], c["pred"], c["found"], c["gold"]),
    }
    for role, name in _ROLE_FIELDS:
        figures[f"{role}_{name}_accuracy"] = _ratio(c[f"{role}_{name}_right"], c[f"{role}_{name}"])
    figures["status_accuracy"] = _ratio(c["status_right"], c["status"])
    figures["date_accuracy"] = _ratio(c["date_right"], c["date"])
    figures["dated"] = c["date"]
    figures["not_occurred_kept"] = _ratio(c["not_occurred_kept"], c["not_occurred"])
    figures["not_occurred"] = c["not_occurred"]
    figures["by_type"] = {
        kind: {
            "gold": c[f"gold:{kind}"],
            "pred": c[f"pred:{kind}"],
            **_prf(
                c[f"pred_right:{kind}"], c[f"pred:{kind}"], c[f"found:{kind}"], c[f"gold:{kind}"]
            ),
        }
        for kind in kinds
    }
    figures["by_evidence"] = figures_by_evidence(c)
    figures["stream"] = figures_stream(c)
    return figures


# --------------------------------------------------------------------------- files

_SCORERS = {
    "entities": (_score_entities, _figures_entities),
    "places": (_score_places, _figures_places),
    "times": (_score_times, _figures_times),
    "quotes": (_score_quotes, _figures_quotes),
    "events": (_score_events, _figures_events),
}


def score_file(
    records: Sequence[dict[str, Any]], gold_docs: Sequence[dict[str, Any]], details: bool = False
) -> dict[str, Any]:
    """Score records (in the output contract) against the gold documents they were made from.

    Args:
        records: one record per gold document, in the same order (error lines allowed).
        gold_docs: the gold file's documents (`id`, `text`, `gold`).
        details: also return, per document, what was missed, spurious or wrong.

    Returns:
        `{"documents", "failed", "scores": {capability: figures}}` and, with details,
        `"details": [{"id", capability: {...}}]`; only capabilities present in the gold.
    """
    if len(records) != len(gold_docs):
        raise ValueError(f"{len(records)} records for {len(gold_docs)} gold documents")
    totals: dict[str, Counts] = {}
    per_doc = []
    for record, doc in zip(records, gold_docs, strict=True):
        if record.get("id") is not None and str(record["id"]) != str(doc.get("id")):
            raise ValueError(f"record {record['id']!r} is not gold document {doc.get('id')!r}")
        predictions = _predictions(record, doc["text"])
        doc_detail: dict[str, Any] = {"id": doc.get("id")}
        if "error" in record:
            doc_detail["error"] = record["error"]
        for capability, (scorer, _) in _SCORERS.items():
            if capability not in doc.get("gold", {}):
                continue
            counts, found = scorer(doc["gold"][capability], predictions[capability], doc["text"])
            totals.setdefault(capability, Counter()).update(counts)
            doc_detail[capability] = found
        per_doc.append(doc_detail)
    result: dict[str, Any] = {
        "documents": len(gold_docs),
        "failed": sum("error" in r for r in records),
        "scores": {c: _SCORERS[c][1](totals[c]) for c in CAPABILITIES if c in totals},
    }
    if details:
        result["details"] = per_doc
    return result


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
    files = []
    for number, path in enumerate(map(Path, paths)):
        docs = read_gold(path, limit)
        started = time.perf_counter()
        if predictions is None:
            records = _records(docs, settings)
        else:
            records = read_records(Path(predictions[number]), limit)
        try:
            scored = score_file(records, docs, details)
        except ValueError as exc:
            # Only a predictions file can disagree with its gold file (the pipeline cannot).
            raise UsageError(
                f"{exc}: the predictions file must be `tacitus extract {path}` output"
            ) from exc
        seconds = round(time.perf_counter() - started, 1)
        files.append({"file": str(path), "name": path.name, "seconds": seconds, **scored})
    return {"files": files}
