"""What resolving a time expression needs besides the expression: the anchor, the last date
mentioned, the reporting period and the tense of its clause.

Reads a `Candidate` of `tacitus.timex.rules`, the spaCy parse (through
`tacitus.timex.tense`) and the deadline prepositions that put an expression ahead of its
clause (`lexicons/en/time_relative_deadlines.tsv`). The resolvers of `tacitus.timex.values`
share one `State` per article: relative expressions count from its anchor (the publication
date), anaphoric ones from its last date; a relative expression in an article without an
anchor raises `Unanchored`, which `tacitus.timex.values.resolve` turns into a partial value
(`XXXX-WXX`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tacitus.core.resources import read_table
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
    """The date anaphoric expressions count from.

    Args:
        state: the article's resolution state.
        grain: the granularity of the value being resolved (for the partial value).
        tod: its part of day or clock time, if any.

    Returns:
        The last date mentioned, or the anchor as a day.
    """
    if state.ref is not None:
        return state.ref
    return Point(anchor_day(state, grain, tod), "D")


def reporting_period(s: State) -> Point | None:
    """The quarter or half the story reports on, if it named one of the current year."""
    if s.period is None or (s.anchor is not None and s.period.day.year != s.anchor.year):
        return None
    return s.period


def _deadline_pattern() -> re.Pattern[str]:
    """A deadline preposition ending the text before an expression ("effective ", "by the end
    of "), from `lexicons/en/time_relative_deadlines.tsv`; group `until` holds those that
    keep a past clause past."""
    rows = read_table("lexicons/en/time_relative_deadlines.tsv")
    until = "|".join(_phrase(row["phrase"]) for row in rows if row["past_clause"] == "past")
    alternatives: list[str] = []
    for row in rows:
        if row["past_clause"] != "past":
            alternatives.append(_phrase(row["phrase"]))
        elif not any(a.startswith("(?P<until>") for a in alternatives):
            alternatives.append(f"(?P<until>{until})")
    words = "|".join(alternatives)
    return re.compile(rf"\b(?:{words})\s+(?:the\s+end\s+of\s+)?$", re.IGNORECASE)


def _phrase(words: str) -> str:
    """A pattern for a phrase of the table: its words, any run of spaces between them."""
    return r"\s+".join(re.escape(word) for word in words.split())


_FUTURE_PREPOSITION = _deadline_pattern()


def clause_tense(cand: Candidate, state: State) -> str | None:
    """The tense that places an expression: its clause's ("past", "present", "future"), but
    "future" after a deadline preposition ("effective Feb. 1", "until Tuesday").

    Args:
        cand: the expression.
        state: the article's state (its parse and text).

    Returns:
        "past", "present", "future", or None when the clause does not say.
    """
    # "effective Feb. 1", "until Tuesday", "by February": deadlines lie ahead whatever the verb
    tense = tense_at(state.doc, cand.start, cand.end)
    deadline = _FUTURE_PREPOSITION.search(state.text, max(0, cand.start - 40), cand.start)
    if deadline:
        # ... except "until" in a past clause: "until Thursday, they had not called"
        past = tense == "past" and not perfect_at(state.doc, cand.start)
        return "past" if past and deadline.group("until") else "future"
    return tense
