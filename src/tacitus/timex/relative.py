"""Values of relative and deictic time expressions: "yesterday", "last week", "on Tuesday",
"two years ago", "the following day", "recently".

One resolver per rule family of `tacitus.timex.rules` whose value depends on a date the
expression does not give: deictic words and bare weekdays count from the anchor (the
publication date) in the direction of their clause's tense; "the following day", "that
month", "a year earlier" count from the last date the story mentioned. Reads the relative
words (`lexicons/en/time_relative_words.tsv`), the deictic day words
(`lexicons/en/time_relative_deixis.tsv`) and the calendar units after a relative word
(`lexicons/en/time_relative_units.tsv`). Used through `RESOLVERS` by `tacitus.timex.values`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from tacitus.core.resources import read_table
from tacitus.timex.calendar import (
    Point,
    duration,
    number,
    part_of_day,
    shift,
    unit_code,
    weekday_number,
)
from tacitus.timex.rules import Candidate, lexicon
from tacitus.timex.state import (
    Resolved,
    State,
    anchor_day,
    clause_tense,
    reference,
    reporting_period,
)

_RELATIVE_WORDS = read_table("lexicons/en/time_relative_words.tsv")

#: Relative words that point to the unit before ("last week", "the previous day").
_BACK = {row["phrase"] for row in _RELATIVE_WORDS if row["step"] == "-1"}

#: Relative words that point to the unit after ("next week", "the following day").
_FORTH = {row["phrase"] for row in _RELATIVE_WORDS if row["step"] == "1"}

#: Relative words that count from the last date mentioned ("the following day", "that month").
_FROM_REF = {row["phrase"] for row in _RELATIVE_WORDS if row["counts_from"] == "reference"}

#: Deictic day words and their offset in days from the anchor ("yesterday": -1).
_DEIXIS = {
    row["word"]: int(row["days"]) for row in read_table("lexicons/en/time_relative_deixis.tsv")
}

#: The granularity of a calendar unit after a relative word ("last month": M).
_UNIT_GRAIN = {
    row["unit"]: row["grain"] for row in read_table("lexicons/en/time_relative_units.tsv")
}


def _weekday_date(state: State, weekday: int, tense: str | None, rel: str) -> date:
    anchor = anchor_day(state, "D")
    back = (anchor.isoweekday() - weekday) % 7
    forth = (weekday - anchor.isoweekday()) % 7
    if rel in ("last", "this past", "the previous"):
        return anchor - timedelta(days=back or 7)
    if rel in ("next", "the following", "the next"):
        return anchor + timedelta(days=forth or 7)
    if rel in ("this", "this coming", "coming") or tense == "future":
        return anchor + timedelta(days=forth)
    if tense == "present" and forth < back:
        return anchor + timedelta(days=forth)
    return anchor - timedelta(days=back)


def _weekday_rule(c: Candidate, s: State) -> Resolved:
    pod = part_of_day(c.groups.get("pod"))
    rel = re.sub(r"\s+", " ", c.groups.get("rel", "").lower())
    if s.anchor is None and rel not in _FROM_REF | {"the following", "the previous"}:
        s.unanchored += 1
        value = f"XXXX-WXX-{weekday_number(c.groups['wd'])}"
        return ("TIME", f"{value}T{pod}") if pod else ("DATE", value)
    if rel in ("the following", "the next", "the previous"):
        base = reference(s, "D", pod).day
        step = 1 if rel != "the previous" else -1
        day = base + timedelta(days=step)
        while day.isoweekday() != weekday_number(c.groups["wd"]):
            day += timedelta(days=step)
    else:
        # "Wednesday's ruling": a possessive weekday names something that has happened
        tense = "past" if c.text[-2:] in ("'s", "’s") else clause_tense(c, s)
        day = _weekday_date(s, weekday_number(c.groups["wd"]), tense, rel)
    return ("TIME" if pod else "DATE"), Point(day, "D", pod)


def _deictic(c: Candidate, s: State) -> Resolved:
    word = re.sub(r"\s+", " ", c.groups["deixis"].lower())
    pod = part_of_day(c.groups.get("pod")) or ("NI" if word == "tonight" else "")
    day = anchor_day(s, "D", pod) + timedelta(days=_DEIXIS[word])
    return ("TIME" if pod else "DATE"), Point(day, "D", pod)


def _this_pod(c: Candidate, s: State) -> Resolved:
    pod = part_of_day(c.groups["pod"])
    shift = {"this": 0, "last": -1, "tomorrow": 1, "yesterday": -1}[c.groups["rel"].lower()]
    return "TIME", Point(anchor_day(s, "D", pod) + timedelta(days=shift), "D", pod)


_GRAIN_OF_UNIT = {"D": "D", "W": "W", "M": "M", "Q": "Q", "Y": "Y", "E": "E", "C": "C"}


def _ago(c: Candidate, s: State) -> Resolved:
    amount = number(c.groups["num"])
    code, is_time = unit_code(c.groups["unit"])
    direction = re.sub(r"\s+", " ", c.groups["dir"].lower())
    back = direction in ("ago", "earlier", "before", "previously", "prior")
    if amount is None:
        return "DATE", "PAST_REF" if back else "FUTURE_REF"
    grain = "D" if is_time else _GRAIN_OF_UNIT.get(code, "D")
    if code == "2W":
        code, amount, grain = "W", amount * 2, "W"
    if direction in ("ago", "hence", "from now"):
        base = Point(anchor_day(s, grain), "D")
    else:
        base = reference(s, grain)
    period = reporting_period(s)
    if code == "Y" and amount == 1 and period is not None:
        # "compared with $5 million a year ago" after "the third quarter": that quarter, a year back
        return "DATE", Point(shift(period.day, "Y", -1 if back else 1), period.grain).value()
    n = int(amount) if amount == int(amount) else 0
    if is_time:
        return "DATE", Point(base.day, "D")
    if n == 0:
        months = round(amount * {"Y": 12, "M": 1, "Q": 3}.get(code, 0))
        day = base.day + relativedelta(months=-months if back else months)
        return "DATE", Point(day, "M")
    return "DATE", Point(shift(base.day, code, -n if back else n), grain)


#: "earlier in" / "later in" before "the day": news tells the rest of its own day so ("a
#: prospect he denied earlier in the day", like "earlier today"), while "that day" and "the
#: same day" refer back to a day named before.
_WITHIN_THE_DAY = re.compile(r"\b(?:earlier|later)\s+in\s+$", re.IGNORECASE)


def _rel_unit(c: Candidate, s: State) -> Resolved:
    rel = re.sub(r"\s+", " ", c.groups["rel"].lower())
    unit = c.groups["unit"].lower()
    pod = part_of_day(unit)
    if pod and rel == "the":
        return None
    if rel == "the" and "ended" in c.groups:
        code, is_time = unit_code(unit)
        return "DURATION", duration(1.0, code, is_time)
    grain = _UNIT_GRAIN.get(unit, "D")
    step = -1 if rel in _BACK else 1 if rel in _FORTH else 0
    if rel == "the" and unit == "day" and _WITHIN_THE_DAY.search(s.text[: c.start][-20:]):
        return "DATE", Point(anchor_day(s, grain), grain)  # "later in the day": today's
    if rel in _FROM_REF and not (rel == "the" and grain != "D"):
        base = reference(s, grain, pod)
        if grain == "D" and base.grain != "D" and rel == "the":
            return None
        start = base.day
    else:
        start = anchor_day(s, grain, pod)
    if unit == "night" and rel == "last":
        return "TIME", Point(start - timedelta(days=1), "D", "NI")
    if grain == "WE":
        return "DATE", _weekend(start, step, rel, clause_tense(c, s))
    if pod:
        return "TIME", Point(shift(start, "D", step), "D", pod)
    return "DATE", Point(shift(start, grain, step), grain)


def _weekend(start: date, step: int, rel: str, tense: str | None) -> Point:
    if step == 0 and rel not in ("this",) and start.isoweekday() < 6 and tense != "future":
        step = -1
    return Point(shift(start, "W", step), "WE")


def _reference_word(c: Candidate, s: State) -> Resolved:
    return "DATE", str(lexicon()["references"][re.sub(r"\s+", " ", c.groups["word"].lower())])


#: The resolver of each relative rule family, by rule name.
RESOLVERS: dict[str, Any] = {
    "weekday": _weekday_rule, "deictic": _deictic, "this_pod": _this_pod, "ago": _ago,
    "rel_unit": _rel_unit, "reference": _reference_word,
}  # fmt: skip
