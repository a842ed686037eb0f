"""What resolving a time expression needs besides the expression: the anchor, the last date
mentioned, the reporting period and the tense of its clause.

Reads a `Candidate` of `tacitus.timex.rules` and the spaCy parse (through
`tacitus.timex.tense`). The resolvers of `tacitus.timex.values` share one `State` per
article: relative expressions count from its anchor (the publication date), anaphoric ones
from its last date; a relative expression in an article without an anchor raises
`Unanchored`, which `tacitus.timex.values.resolve` turns into a partial value (`XXXX-WXX`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tacitus.timex.calendar import Point
from tacitus.timex.rules import Candidate
from tacitus.timex.tense import perfect_at, tense_at

#: What a resolver returns: (TimeML type, a Point or a written value), or None when the
#: match is no time expression after all.
Resolved = tuple[str, "Point | str"] | None

_UNANCHORED = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX",
               "Q": "XXXX-QX", "H": "XXXX-HX", "Y": "XXXX", "E": "XXX", "C": "XX"}  # fmt: skip


@dataclass
class State:
    """What resolution needs besides the expression: the anchor, the last date, the parse."""

    anchor: date | None
    ref: Point | None
    doc: Any
    text: str = ""
    unanchored: int = 0
    period: Point | None = None  # the last quarter or half mentioned: the reporting period


class Unanchored(Exception):
    """A relative expression met a document without a publication date."""

    def __init__(self, grain: str, tod: str = "") -> None:
        super().__init__(grain)
        self.value = _UNANCHORED.get(grain, "XXXX") + (f"T{tod}" if tod else "")


def anchor_day(state: State, grain: str, tod: str = "") -> date:
    """The publication date.

    Args:
        state: the article's resolution state.
        grain: the granularity of the value being resolved (for the partial value).
        tod: its part of day or clock time, if any.

    Returns:
        The anchor; raises `Unanchored` (with the partial value) when there is none.
    """
    if state.anchor is None:
        raise Unanchored(grain, tod)
    return state.anchor


def reference(state: State, grain: str, tod: str = "") -> Point:
    """The last date mentioned, or the anchor."""
    if state.ref is not None:
        return state.ref
    return Point(anchor_day(state, grain, tod), "D")


def reporting_period(s: State) -> Point | None:
    """The quarter or half the story reports on, if it named one of the current year."""
    if s.period is None or (s.anchor is not None and s.period.day.year != s.anchor.year):
        return None
    return s.period


_FUTURE_PREPOSITION = re.compile(
    r"\b(?:by|(?P<until>until|till)|through|effective|starting|beginning|as\s+early\s+as|"
    r"as\s+soon\s+as)\s+(?:the\s+end\s+of\s+)?$",
    re.IGNORECASE,
)


def clause_tense(cand: Candidate, state: State) -> str | None:
    """The tense that places an expression: its clause's ("past", "present", "future"), but
    "future" after a deadline preposition ("effective Feb. 1", "until Tuesday")."""
    # "effective Feb. 1", "until Tuesday", "by February": deadlines lie ahead whatever the verb
    tense = tense_at(state.doc, cand.start, cand.end)
    deadline = _FUTURE_PREPOSITION.search(state.text, max(0, cand.start - 40), cand.start)
    if deadline:
        # ... except "until" in a past clause: "until Thursday, they had not called"
        past = tense == "past" and not perfect_at(state.doc, cand.start)
        return "past" if past and deadline.group("until") else "future"
    return tense
