"""Values of durations and sets: "three days", "two and a half years", "weeks", "every
Monday", "twice a year", "daily".

One resolver per rule family of `tacitus.timex.rules` that measures time rather than placing
it: the value is a TimeML duration (`P3D`, `P2Y6M`, `PXW` for an unnumbered "weeks") or, for
a set, the duration of its period or the calendar value it repeats (`XXXX-WXX-1`). Nothing
here depends on the anchor. Used through `RESOLVERS` by `tacitus.timex.values`.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.timex.calendar import (
    duration,
    month_number,
    number,
    part_of_day,
    unit_code,
    weekday_number,
)
from tacitus.timex.rules import Candidate, lexicon
from tacitus.timex.state import Resolved, State


def _weekday_set(c: Candidate, s: State) -> Resolved:
    pod = part_of_day(c.groups.get("pod"))
    value = f"XXXX-WXX-{weekday_number(c.groups['wd'])}"
    return "SET", f"{value}T{pod}" if pod else value


_QUARTER_NOT_TIME = re.compile(r"\s+of\b|-")


def _duration_rule(c: Candidate, s: State) -> Resolved:
    amount = number(c.groups["num"])
    code, is_time = unit_code(c.groups["unit"])
    if code == "Q" and (_QUARTER_NOT_TIME.match(s.text, c.end) and "pl" not in c.groups):
        return None  # "a quarter of the shares", "a quarter-century" (not "two quarters of losses")
    if "-quarters" in c.text.lower():
        return None  # "three-quarters"
    if code == "S" and c.groups["num"].lower() in ("a", "an"):
        return None  # "a second ballot", "a second time"
    if c.groups.get("half") and amount is not None:
        amount += 0.5
    if amount is not None and amount > 5000:
        return None
    return "DURATION", duration(amount, code, is_time)


def _bare_units(c: Candidate, s: State) -> Resolved:
    code, is_time = unit_code(c.groups["unit"])
    return "DURATION", duration(None, code, is_time)


def _set_every(c: Candidate, s: State) -> Resolved:
    if "month" in c.groups:
        return "SET", f"XXXX-{month_number(c.groups['month']):02d}"
    if "season" in c.groups:
        return "SET", f"XXXX-{lexicon()['seasons'][c.groups['season'].lower()]}"
    amount = number(c.groups["num"]) if "num" in c.groups else 1.0
    if "other" in c.text.lower():
        amount = 2.0
    code, is_time = unit_code(c.groups["unit"])
    return "SET", duration(amount if amount is not None else 1.0, code, is_time)


def _set_rate(c: Candidate, s: State) -> Resolved:
    code, is_time = unit_code(c.groups["unit"])
    return "SET", duration(1.0, code, is_time)


def _set_word(c: Candidate, s: State) -> Resolved:
    return "SET", str(lexicon()["set_words"][re.sub(r"\s+", " ", c.groups["word"].lower())])


#: The resolver of each duration and set rule family, by rule name.
RESOLVERS: dict[str, Any] = {
    "weekday_set": _weekday_set, "weekday_every": _weekday_set, "set_every": _set_every,
    "set_times": _set_rate, "set_rate": _set_rate, "duration": _duration_rule,
    "bare_units": _bare_units, "set_word": _set_word,
}  # fmt: skip
