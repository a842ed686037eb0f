"""Quotation marks: the passages in double (or single) marks, and which of them are quotes.

`quoted_spans` reads the text alone; `_is_quotation` tells somebody's words from a scare
quote or a title with the parse. Reads `article.text` and `article.doc` through its callers;
writes nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from tacitus.stages.quotes.found import Span, _paragraph, _rstrip_at

#: Fewest words a quoted passage needs to stand alone; shorter ones are scare quotes or titles.
MIN_QUOTE_WORDS = 4


OPENING_MARKS = "“„«"


CLOSING_MARKS = "”»"


#: A passage in single marks: opens after a non-word, may hold apostrophes ("Trump’s").
SINGLE_QUOTED = re.compile(r"(?<![\w'’])[‘'](?=\w)(?:[^‘’'\n]|[’'](?=\w))+[’'](?!\w)")


def quoted_spans(text: str) -> list[Span]:
    """Spans of quoted passages, quotation marks included, in text order.

    Double marks (straight, curly, and the typewriter pairs '', `` and two curly single marks)
    open and close passages;
    a passage left open at the end of a paragraph continues when the next paragraph opens
    with a quotation mark (the journalistic convention), otherwise it ends with its paragraph.
    Single-quoted passages (headlines: It's 'in Their Heads') count where no double mark is.
    """
    spans: list[Span] = []
    start: int | None = None
    i, n = 0, len(text)
    while i < n:
        ch, width = text[i], 1
        if text.startswith(("''", "``"), i):
            ch, width = '"', 2
        elif text.startswith(("‘‘", "’’"), i):  # two curly single marks typed for a double
            ch, width = ("“" if ch == "‘" else "”"), 2
        if ch == "\n" and start is not None:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j] in OPENING_MARKS or text[j] == '"' or text.startswith("''", j)):
                i = j + (2 if text.startswith("''", j) else 1)  # the quote goes on
                continue
            spans.append((start, _rstrip_at(text, i)))
            start = None
        elif start is None and (
            ch in OPENING_MARKS or (ch in CLOSING_MARKS and _line_start(text, i))
        ):
            start = i  # a closing mark opening a line is a typo for an opening one
        elif ch in CLOSING_MARKS and start is not None:
            spans.append((start, i + 1))
            start = None
        elif ch == '"':
            if start is None:
                if not _closes_only(text, i, width):
                    start = i  # a mark glued to the word before it closed a lost passage
            else:
                spans.append((start, i + width))
                start = None
        i += width
    if start is not None:
        spans.append((start, n))
    # the double-marked passages follow one another without overlapping: only the last one
    # starting at or before a single mark can hold it
    starts = [a for a, _ in spans]
    singles = []
    for m in SINGLE_QUOTED.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k < 0 or not spans[k][0] <= m.start() < spans[k][1]:
            singles.append((m.start(), m.end()))
    return sorted(spans + singles)


def _closes_only(text: str, i: int, width: int) -> bool:
    """Whether a straight mark can only close a passage: a word before it, none after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and before not in "([{—–-/" and not after.isalnum()


def _line_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] == "\n"


def _is_quotation(doc: Any, text: str, span: Span) -> bool:
    """Whether a quoted passage is somebody's words rather than a scare quote or a title:
    long enough, or a short utterance of its own ('"It's fine," Trump said')."""
    inner = doc.char_span(span[0], span[1], alignment_mode="expand")
    if inner is None:
        return False
    words = [t for t in inner if t.is_alpha]
    if len(words) >= MIN_QUOTE_WORDS:
        return True
    before = _rstrip_at(text, span[0])  # where the text before it ends
    own_clause = not before or text[before - 1] in ":\n.?!" or text[span[0] - 1 : span[0]] == "\n"
    inner_end = _rstrip_at(text, span[1], " \"”’'»")
    return bool(words) and own_clause and text[max(inner_end - 1, 0) : inner_end] in ",?!"


def _closes_quoting_paragraph(text: str, span: Span, marked: list[Span]) -> bool:
    """'"I would," she said. "I would, Tom."': a short quoted sentence of its own that ends
    a paragraph in which somebody is already quoted goes on with their words."""
    at = bisect_left(marked, span)  # `marked` is sorted
    if at < len(marked) and marked[at] == span:
        return False
    paragraph = _paragraph(text, span[0])
    if text[span[1] : paragraph[1]].strip() or span[1] > paragraph[1]:
        return False
    inner = text[span[0] : span[1]].rstrip(" \"”’'»")
    before = text[paragraph[0] : span[0]].rstrip()
    return (
        inner[-1:] in ".?!"
        and before[-1:] in ".?!"
        and any(
            q[1] <= span[0]
            for q in marked[
                bisect_left(marked, (paragraph[0], -1)) : bisect_right(
                    marked, (span[0], len(text) + 1)
                )
            ]
        )
    )
