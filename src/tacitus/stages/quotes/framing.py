"""Which attribution frames a direct quote: a content-less cue introducing it ('told
reporters: "..."'), an attribution whose content overlaps it, or the nearest cue beside it in
its sentences. Candidates are looked up by position (`Found`), not scanned. Writes no article.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.stages.quotes.found import (
    Found,
    Span,
    _Attribution,
    _distance,
    _inside,
    _paragraph,
    _rstrip_at,
)
from tacitus.stages.quotes.marks import OPENING_MARKS

#: What may stand between a content-less cue and the quote it introduces: an addressee of
#: up to four words, then a comma or a colon ('told reporters: "...').
ADDRESSEE_GAP = re.compile(r"(?:\s+[^\W\d][\w’'.-]*){0,4}\s*[,:]\s*")


def _introducing_cue(doc: Any, text: str, quote: Span, found: Found) -> _Attribution | None:
    """A speech cue with no content of its own, then at most its addressee and a comma or
    colon, right before a quote: the quote is what it says ('asked her, "..."', 'told
    reporters: "..."')."""
    for attribution in found.cues_ending(quote[0] - 59, quote[0]):
        cue = attribution.cue
        if not attribution.pending or cue is None or not cue[1] <= quote[0] < cue[1] + 60:
            continue
        gap = text[cue[1] : quote[0]]
        if "\n" in gap or not ADDRESSEE_GAP.fullmatch(gap):
            continue
        head = doc.char_span(cue[0], cue[1], alignment_mode="expand")[0]
        words = doc.char_span(cue[1], quote[0], alignment_mode="contract")
        within = {t.i for t in head.subtree}
        if words is None or all(t.i in within for t in words if t.is_alpha):
            return attribution
    return None


def _framing_attribution(doc: Any, text: str, quote: Span, found: Found) -> _Attribution | None:
    """The attribution whose content overlaps the quote, or whose cue sits beside it."""
    for attribution in found.contents_near(*quote):
        content, cue = attribution.content, attribution.cue
        if (
            content[0] < quote[1]
            and quote[0] < content[1]
            and not attribution.pending
            and cue is not None
            and not _inside(cue, quote)
        ):
            return attribution
    window = _frame_window(doc, text, quote)
    own = _sentences_of(doc, quote)
    beside = [
        (a, cue)
        for a in found.cues_starting(*window)
        if (cue := a.cue) is not None
        and window[0] <= cue[0]
        and cue[1] <= window[1]
        and not _inside(cue, quote)
        and not (cue[0] >= quote[1] and _introduces_quote(text, cue))
        and (a.pending or own[0] <= cue[0] < own[1])  # a cue with its own content elsewhere
    ]
    if not beside:
        return None
    root = _word_root(doc.char_span(quote[0], quote[1], alignment_mode="expand"))
    governing = [(a, cue) for a, cue in beside if _governs(doc, cue, root)]
    return min(governing or beside, key=lambda pair: _distance(pair[1], quote))[0]


def _word_root(span: Any) -> Any:
    """The highest word of a span in the parse: its marks and final stop, often hung on the
    verb outside, do not count ('X stressed Y and said: "Z."' is said's)."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    return min(words, key=lambda t: sum(1 for _ in t.ancestors)) if words else span.root


def _governs(doc: Any, cue: Span, token: Any) -> bool:
    """Whether the cue's verb is an ancestor of a token in the parse."""
    head = doc.char_span(cue[0], cue[1], alignment_mode="expand")[0]
    return head.i in {t.i for t in token.ancestors}


def _frame_window(doc: Any, text: str, quote: Span) -> Span:
    """The text around a quote where its cue may sit: its sentences within its paragraph,
    the sentence after it when the quote ends its own, or an introducing one ending in ':'."""
    span = doc.char_span(quote[0], quote[1], alignment_mode="expand")
    start_sent, end_sent = span[0].sent, span[-1].sent
    first_para, last_para = _paragraph(text, quote[0]), _paragraph(text, quote[1] - 1)
    start = max(start_sent.start_char, first_para[0])
    end = min(end_sent.end_char, last_para[1])
    lead = _rstrip_at(text, quote[0])  # where the text before the quote ends
    last = text[lead - 1] if lead else ""
    if text[start : quote[0]].strip() == "" and last in (":", ","):
        if last == ":" or lead >= first_para[0]:
            start = max(
                doc.char_span(lead - 1, lead, alignment_mode="expand")[0].sent.start_char,
                _paragraph(text, lead - 1)[0],
            )
    if text[quote[1] : end].strip() in ("", ".") and end_sent.end < len(doc):
        following = doc[end_sent.end].sent
        end = max(end, min(following.end_char, last_para[1]))
    return start, end


def _sentences_of(doc: Any, quote: Span) -> Span:
    span = doc.char_span(quote[0], quote[1], alignment_mode="expand")
    return span[0].sent.start_char, span[-1].sent.end_char


def _introduces_quote(text: str, cue: Span) -> bool:
    """Whether a cue opens the quote after it ('she said, "..."'), not the one before."""
    after = text[cue[1] : cue[1] + 4].lstrip(" ,:")
    return after[:1] in OPENING_MARKS or after[:1] == '"'
