"""The quote scorer: attributions of speech and writing against the gold (FORMAT.md).

A prediction finds a gold attribution when it covers at least a share of the gold content's
characters (`QUOTE_THRESHOLDS`, one-to-one, speech attributions matched first). Precision and
recall count speech and writing only (`is_speech`); on found quotes the speaker's span and
name are scored. Reads records already carried onto the gold text by
`tacitus.evaluation.alignment`; adds nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from tacitus.evaluation.common import (
    Counts,
    Span,
    as_span,
    leftovers,
    match_one_to_one,
    overlap,
    prf,
    ratio,
    same_name,
    snippet,
)

#: Share of the gold content's characters a predicted quote must cover to find it.
QUOTE_THRESHOLDS = (0.3, 0.8)

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


#: Every form of the speech words that a cue may hold (lower case).
SPEECH_CUE_FORMS = frozenset(form for word in _SPEECH_WORDS for form in _inflections(word))


def is_speech(quote: dict[str, Any], text: str) -> bool:
    """Whether a gold attribution is of speech or writing (FORMAT.md).

    Args:
        quote: a gold attribution (`direct`, `cue`).
        text: the gold text.

    Returns:
        True when the quote is direct, or its cue holds a speech word (say, tell, according
        to, ...) or is a bare colon.
    """
    if quote.get("direct") is True:
        return True
    cue = as_span(quote.get("cue"))
    if cue is None:
        return False
    cue_text = text[cue[0] : cue[1]]
    if cue_text.strip() == ":":
        return True
    return any(word in SPEECH_CUE_FORMS for word in re.findall(r"[a-z]+", cue_text.lower()))


def _speaker_right(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Speaker correct: the predicted source span (or a mention of the predicted speaker
    actor) overlaps the gold source span, or both sources are null."""
    gold_source = as_span(gold.get("source"))
    pred_source = pred.get("source")
    if gold_source is None:
        return pred_source is None
    spans = ([pred_source] if pred_source else []) + list(pred.get("speaker_spans") or [])
    return any(overlap(gold_source, s) > 0 for s in spans)


def _score_speakers(
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
    matched: dict[int, int],
    contents: list[Span],
    speech: list[bool],
    text: str,
    counts: Counts,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Count right speaker names (every found quote) and spans (speech only) on matched quotes.

    Returns the details: wrong speaker spans, then wrong speaker names.
    """
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
                        "content": snippet(text, contents[g], 60),
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
                    "content": snippet(text, contents[g], 60),
                    "gold": snippet(text, as_span(gold[g].get("source"))),
                    "pred": snippet(text, pred[p].get("source")),
                }
            )
    return wrong_speaker, wrong_name


def score_quotes(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str
) -> tuple[Counts, dict[str, Any]]:
    """Score one document's quotes: content found at each threshold, speaker span and name.

    Args:
        gold: the document's gold attributions (`content`, `source`, `cue`, `direct`,
            `speaker`).
        pred: the predicted quotes, their spans already on the gold text, with the speaker
            actor's `speaker_spans` and `speaker_name`.
        text: the gold text (for the details' snippets and the speech cues).

    Returns:
        Counts (to be summed over a file and read by `figures_quotes`) and details: speech
        attributions missed, predictions that matched none, wrong speakers and names.
    """
    contents = [as_span(g["content"]) or (0, 0) for g in gold]
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
            share = overlap(contents[g], pred[p]["content"]) / length if length > 0 else 0.0
            return share if share >= threshold else 0.0

        matched = match_one_to_one(len(gold), len(pred), weight, order)
        tag = f"{round(threshold * 100)}"
        counts[f"pred_matched@{tag}"] = len(matched)
        counts[f"speech_found@{tag}"] = sum(speech[g] for g in matched)
        counts[f"direct_found@{tag}"] = sum(gold[g].get("direct") is True for g in matched)
        if threshold != QUOTE_THRESHOLDS[0]:
            continue
        wrong_speaker, wrong_name = _score_speakers(
            gold, pred, matched, contents, speech, text, counts
        )
        hit_preds = set(matched.values())
        detail = {
            "missed": [
                {
                    "start": contents[g][0],
                    "content": snippet(text, contents[g], 60),
                    "cue": snippet(text, as_span(gold[g].get("cue"))),
                }
                for g in range(len(gold))
                if speech[g] and g not in matched
            ],
            "spurious": leftovers(text, [p["content"] for p in pred], hit_preds),
            "wrong_speaker": wrong_speaker,
            "wrong_speaker_name": wrong_name,
        }
    return counts, detail


def figures_quotes(c: Counts) -> dict[str, Any]:
    """P / R / F1 of quotes at each threshold, direct recall and speaker accuracy.

    Args:
        c: the counts of `score_quotes` summed over a file's documents.

    Returns:
        `{"gold", "speech", "direct", "pred", "at30", "at80", "speaker_accuracy",
        "speaker_name_accuracy", "named"}`.
    """
    figures: dict[str, Any] = {
        "gold": c["gold"],
        "speech": c["speech"],
        "direct": c["direct"],
        "pred": c["pred"],
    }
    for threshold in QUOTE_THRESHOLDS:
        tag = f"{round(threshold * 100)}"
        figures[f"at{tag}"] = {
            **prf(c[f"pred_matched@{tag}"], c["pred"], c[f"speech_found@{tag}"], c["speech"]),
            "direct_recall": ratio(c[f"direct_found@{tag}"], c["direct"]),
        }
    tag = f"{round(QUOTE_THRESHOLDS[0] * 100)}"
    figures["speaker_accuracy"] = ratio(c["speaker_right"], c[f"speech_found@{tag}"])
    figures["speaker_name_accuracy"] = ratio(c["name_right"], c["named"])
    figures["named"] = c["named"]
    return figures
