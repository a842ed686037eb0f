"""Values of temporal expressions: TimeML for every rule family of `tacitus.timex.rules`.

Reads a `Candidate` (which rule matched, which groups it captured), the anchor (the
publication date), the last date mentioned and the spaCy parse (for tense), and returns the
expression's TimeML type and value. Relative expressions resolve against the anchor with the
tense of their clause; anaphoric ones ("the following day", "a year earlier") against the last
date mentioned; without an anchor they keep partial values (`XXXX-12-15`, `XXXX-WXX-5`).
Used by `tacitus.stages.times`, which owns the stage.

The resolvers live by concern: calendar expressions in `tacitus.timex.dates`, relative and
deictic ones in `tacitus.timex.relative`, durations and sets in `tacitus.timex.durations`;
clock times, which attach to the day next to them, here. `Point` and `shift` come from
`tacitus.timex.calendar`, `State` from `tacitus.timex.state`; they are importable from here.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.timex import dates, durations, relative
from tacitus.timex.calendar import Point, shift
from tacitus.timex.rules import Candidate, lexicon
from tacitus.timex.state import Resolved, State, Unanchored, anchor_day

__all__ = ["Point", "State", "merge_clock_and_day", "resolve", "shift"]


def resolve(cand: Candidate, state: State) -> tuple[str, str] | None:
    """The TimeML type and value of a candidate.

    Args:
        cand: a match of a rule of `tacitus.timex.rules`.
        state: the article's resolution state; its last date (and reporting period) becomes
            this expression's value when that is a calendar point.

    Returns:
        (type, value), e.g. ("DATE", "2021-03-05"); None when it is not a time expression
        after all (an impossible date, "a quarter of the shares").
    """
    try:
        result = _RESOLVERS[cand.rule](cand, state)
    except Unanchored as missing:
        state.unanchored += 1
        kind = "TIME" if "T" in missing.value else "DATE"
        return kind, missing.value
    except (ValueError, OverflowError, KeyError):
        return None  # an impossible date ("February 30") is not a time expression
    if result is None:
        return None
    kind, value = result
    if isinstance(value, Point):
        state.ref = value
        if value.grain in ("Q", "H"):
            state.period = value
        return kind, value.value()
    return kind, value


def _clock_time(g: dict[str, str]) -> str:
    if "clockword" in g:
        return str(lexicon()["clock_words"][g["clockword"].lower()])
    if "h24" in g:
        return f"{int(g['h24']):02d}:{g['mi24']}"
    hour = int(g.get("h", g.get("hoc", "0")))
    if g.get("ap", "").lower().startswith("p") and hour < 12:
        hour += 12
    if g.get("ap", "").lower().startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{g.get('mi', '00')}"


def _clock(c: Candidate, s: State) -> Resolved:
    clock = _clock_time(c.groups)
    if "h24" in c.groups and int(c.groups["h24"]) > 24:
        return None
    day_part = c.groups.get("_day_rule")
    if day_part:
        day_cand = Candidate(day_part, c.start, c.end, c.groups, c.text)
        resolved = _RESOLVERS[day_part](day_cand, s)
        if resolved and isinstance(resolved[1], Point):
            return "TIME", Point(resolved[1].day, "D", clock)
        return None
    if s.ref is not None and s.ref.grain == "D":
        return "TIME", Point(s.ref.day, "D", clock)
    return "TIME", Point(anchor_day(s, "D", clock), "D", clock)


_RESOLVERS: dict[str, Any] = {
    **dates.RESOLVERS,
    **relative.RESOLVERS,
    **durations.RESOLVERS,
    "clock": _clock,
}

_DAY_RULES = {"weekday", "deictic", "date_md", "date_mdy", "date_dm", "date_dmy"}
_CLOCK_THEN_DAY = re.compile(r"\s*,?\s*(?:on\s+)?$")
_DAY_THEN_CLOCK = re.compile(r"\s*,?\s*(?:at\s+)?$")


def merge_clock_and_day(cands: list[Candidate], text: str) -> list[Candidate]:
    """Join a clock time and the day next to it ("9 a.m. Tuesday") into one TIME.

    Args:
        cands: the selected candidates, in text order.
        text: the article's text.

    Returns:
        The candidates, each clock-and-day pair replaced by one "clock" candidate whose groups
        name the day's rule (`_day_rule`).
    """
    merged: list[Candidate] = []
    for cand in cands:
        prev = merged[-1] if merged else None
        if prev is not None:
            gap = text[prev.end : cand.start]
            pair = None
            if prev.rule == "clock" and cand.rule in _DAY_RULES and _CLOCK_THEN_DAY.match(gap):
                pair = (prev, cand)
            elif prev.rule in _DAY_RULES and cand.rule == "clock" and _DAY_THEN_CLOCK.match(gap):
                pair = (cand, prev)
            if pair is not None and "_day_rule" not in prev.groups:
                clock, day = pair
                groups = {**day.groups, **clock.groups, "_day_rule": day.rule}
                merged[-1] = Candidate(
                    "clock", prev.start, cand.end, groups, text[prev.start : cand.end]
                )
                continue
        merged.append(cand)
    return merged
