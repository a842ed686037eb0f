"""Alignment: carries a record's spans from its own text onto the gold text.

When cleaning changed the text (whitespace, a removed artifact), a record's character offsets
no longer point into the gold text; `align_record` maps every span of the record (entities,
places, times, quotes, events' evidence, actors' mentions) onto the gold text by aligning the
two texts: words first, then characters inside the stretches where words differ. Reads a
record of the output contract; adds nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from tacitus.evaluation.common import CAPABILITIES, NOWHERE, Span, as_span


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
        span = as_span(value)
        if span is None or self.identity:
            return span
        start, end = span
        mapped = [self.to_gold[i] for i in range(max(start, 0), min(end, len(self.to_gold)))]
        mapped = [i for i in mapped if i >= 0]
        return (mapped[0], mapped[-1] + 1) if mapped else NOWHERE


def align_record(record: dict[str, Any], gold_text: str) -> dict[str, list[dict[str, Any]]]:
    """The record's annotations, by capability, with every span carried onto the gold text.

    Args:
        record: one record of the output contract (an error line gives no annotations).
        gold_text: the gold document's text.

    Returns:
        `{capability: [annotation, ...]}` for every capability of `CAPABILITIES`; quotes also
        carry `speaker_spans` (the speaker actor's mentions) and `speaker_name`.
    """
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
