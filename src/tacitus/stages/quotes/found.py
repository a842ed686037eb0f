"""The attribution record of the quotes stage and the span helpers its passes share.

An `_Attribution` is a cue (or a mark) with its source and content, as character spans into
`article.text`; the passes build and widen them before the stage writes `article.quotes`.
Reads and writes no article.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from dataclasses import dataclass

from tacitus.core.article import SpanIndex
from tacitus.lexicons.cues import Cue

Span = tuple[int, int]


@dataclass
class _Attribution:
    content: Span
    source: Span | None
    cue: Span | None
    cue_entry: Cue | None
    direct: bool = False
    source_head: int | None = None  # token index of the source's head word
    pending: bool = False  # a speech cue with no content of its own yet ("...," he said)
    echo: _Attribution | None = None  # a subheading's quote: the body's quote it repeats


def _paragraph(text: str, position: int) -> Span:
    """The paragraph (line) holding a character position."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _touches(content: Span, quote: Span) -> bool:
    return abs(content[0] - quote[0]) <= 2 or abs(content[1] - quote[1]) <= 2


def _distance(a: Span, b: Span) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _index(spans: list[Span]) -> SpanIndex[Span]:
    return SpanIndex((s[0], s[1], s) for s in spans)


def _within_any(inner: Span, outer: SpanIndex[Span]) -> bool:
    """Whether `inner` lies inside one of the spans (which touch it, so are near it)."""
    near = outer.overlapping(inner[0] - 1, inner[1] + 1)
    return any(_inside(inner, q) for *_, q in near)


def _rstrip_at(text: str, end: int, chars: str | None = None) -> int:
    """`len(text[:end].rstrip(chars))` without copying the text before `end`."""
    while end > 0 and (text[end - 1] in chars if chars is not None else text[end - 1].isspace()):
        end -= 1
    return end


class Found:
    """The attributions found so far, in the order found, looked up by position.

    A direct quote asks which attributions have a cue or a content near it; scanning them
    all for every quote makes a long article quadratic. Cues never move, so they are kept
    sorted by start and by end; contents do, so every pass that changes one calls `moved`.
    Each lookup returns its candidates in the order found, so that a caller breaks ties as a
    scan of the whole list would.
    """

    def __init__(self, items: list[_Attribution]) -> None:
        self.items: list[_Attribution] = []
        self._order: dict[int, int] = {}
        self._cue_starts: list[tuple[int, int]] = []
        self._cue_ends: list[tuple[int, int]] = []
        self._content_starts: list[tuple[int, int]] = []
        self._content_ends: list[tuple[int, int]] = []
        self._indexed: dict[int, Span] = {}
        self._longest = 0  # the longest content ever indexed: a bound, never lowered
        for attribution in items:
            self.append(attribution)

    def __iter__(self) -> Iterator[_Attribution]:
        return iter(self.items)

    def append(self, attribution: _Attribution) -> None:
        """Add an attribution after every one found so far.

        Args:
            attribution: the new attribution.
        """
        order = len(self.items)
        self.items.append(attribution)
        self._order[id(attribution)] = order
        if attribution.cue is not None:
            insort(self._cue_starts, (attribution.cue[0], order))
            insort(self._cue_ends, (attribution.cue[1], order))
        self._index_content(order, attribution.content)

    def moved(self, attribution: _Attribution) -> None:
        """Re-index an attribution whose content has changed.

        Args:
            attribution: one of the attributions, with its new content.
        """
        order = self._order[id(attribution)]
        old = self._indexed[order]
        if old == attribution.content:
            return
        del self._content_starts[bisect_left(self._content_starts, (old[0], order))]
        del self._content_ends[bisect_left(self._content_ends, (old[1], order))]
        self._index_content(order, attribution.content)

    def _index_content(self, order: int, content: Span) -> None:
        insort(self._content_starts, (content[0], order))
        insort(self._content_ends, (content[1], order))
        self._indexed[order] = content
        self._longest = max(self._longest, content[1] - content[0])

    def _between(self, keys: list[tuple[int, int]], lo: int, hi: int) -> list[_Attribution]:
        first = bisect_left(keys, (lo, -1))
        last = bisect_right(keys, (hi, len(self.items)))
        return [self.items[i] for i in sorted(order for _, order in keys[first:last])]

    def cues_starting(self, lo: int, hi: int) -> list[_Attribution]:
        """The attributions whose cue starts in [lo, hi], in the order found."""
        return self._between(self._cue_starts, lo, hi)

    def cues_ending(self, lo: int, hi: int) -> list[_Attribution]:
        """The attributions whose cue ends in [lo, hi], in the order found."""
        return self._between(self._cue_ends, lo, hi)

    def contents_ending(self, lo: int, hi: int) -> list[_Attribution]:
        """The attributions whose content ends in [lo, hi], in the order found."""
        return self._between(self._content_ends, lo, hi)

    def contents_near(self, start: int, end: int) -> list[_Attribution]:
        """The attributions whose content may overlap [start, end), in the order found: every
        one that does, and some that do not (the caller tests the spans)."""
        return self._between(self._content_starts, start - self._longest, end)
