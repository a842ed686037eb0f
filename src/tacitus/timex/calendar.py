"""Calendar values and durations: the arithmetic under the TimeML values of `tacitus.timex`.

A `Point` is a calendar value (a day and its granularity: day, week, month, quarter, year,
decade, season...) written as TimeML (`2021-W08`, `2021-Q3`, `2021-03-05TMO`); `shift` moves
a day by whole units of a granularity; `duration` writes an amount of a unit as a TimeML
duration (`P3D`, `PT2H`, `P2Y6M`). The word readers turn the words a rule captured (month
and weekday names, ordinals, number words, unit words, parts of day, holidays) into numbers
and codes through the time lexicon (`lexicons/en/time_lexicon.json`, read by
`tacitus.timex.rules`).
Used by the resolvers of `tacitus.timex.values`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from tacitus.timex.rules import lexicon

#: Unit words counted in time of day (`PT2H`), not in calendar days (`P2D`).
_TIME_UNITS = {"second", "minute", "hour"}

#: How a fraction of a unit is written in the next smaller one: unit code -> (how many of the
#: smaller unit make one, its code, whether it is a time-of-day unit). "TM" is the minute.
_FRACTION = {"Y": (12, "M", False), "M": (30, "D", False), "W": (7, "D", False),
             "D": (24, "H", True), "H": (60, "M", True), "TM": (60, "S", True),
             "E": (10, "Y", False), "C": (100, "Y", False)}  # fmt: skip


@dataclass(frozen=True)
class Point:
    """A calendar value: a day inside it and its granularity (D, W, WE, M, Q, H, Y, E, C, or a
    season code), optionally a part of day or clock time (`tod`, e.g. "MO" or "14:30")."""

    day: date
    grain: str
    tod: str = ""

    def value(self) -> str:
        """The TimeML value: "2021-03-05", "2021-W08-WE", "2021-Q3", "198", "2021-03-05TMO"."""
        y, m = self.day.year, self.day.month
        iso = self.day.isocalendar()
        text = {
            "D": self.day.isoformat(),
            "W": f"{iso.year:04d}-W{iso.week:02d}",
            "WE": f"{iso.year:04d}-W{iso.week:02d}-WE",
            "M": f"{y:04d}-{m:02d}",
            "Q": f"{y:04d}-Q{(m - 1) // 3 + 1}",
            "H": f"{y:04d}-H{1 if m <= 6 else 2}",
            "Y": f"{y:04d}",
            "E": f"{y // 10:03d}",
            "C": f"{y // 100:02d}",
        }.get(self.grain, f"{y:04d}-{self.grain}")
        return f"{text}T{self.tod}" if self.tod else text


# --- words --------------------------------------------------------------------------------


def month_number(word: str) -> int:
    """The month (1-12) a month name or abbreviation names ("Feb." -> 2)."""
    return int(lexicon()["months"][word.lower().rstrip(".")])


def weekday_number(word: str) -> int:
    """The ISO weekday (1 Monday - 7 Sunday) a weekday name or abbreviation names."""
    return int(lexicon()["weekdays"][word.lower().rstrip(".")])


def day_number(word: str) -> int:
    """The number of a day or an ordinal, in digits or words ("5th" -> 5, "third" -> 3)."""
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    return int(lexicon()["ordinals"][word.lower()])


def number(word: str) -> float | None:
    """The number a numeral or number word stands for; None for vague ones ("several")."""
    text = re.sub(r"\s+", " ", word.lower().strip())
    whole_fraction = re.fullmatch(r"(\d+) (\d)/(\d)", text)
    if whole_fraction:
        a, b, c = whole_fraction.groups()
        return int(a) + int(b) / int(c)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    numbers = lexicon()["numbers"]
    if text in numbers:
        return float(numbers[text])
    parts = re.split(r"[- ]", text)
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return float(numbers[parts[0]] + numbers[parts[1]])
    return None


def unit_code(word: str) -> tuple[str, bool]:
    """TimeML code of a unit word and whether it is a time-of-day unit (PT...)."""
    lex = lexicon()
    name = word.lower()
    name = lex["unit_plurals"].get(name, name)
    if name not in lex["units"] and name.endswith("s"):
        name = name[:-1]
    code = lex["units"][name]
    return code, name in _TIME_UNITS


def part_of_day(word: str | None) -> str:
    """The TimeML code of a part of day ("morning" -> "MO"); "" for none."""
    if not word:
        return ""
    word = re.sub(r"\s+", " ", word.lower())
    return str(lexicon()["parts_of_day"].get(word.rstrip("s"), ""))


def duration(amount: float | None, code: str, is_time: bool) -> str:
    """A TimeML duration value: P3D, PT2H, P2Y6M, PXY.

    Args:
        amount: how many units (fractions go to the next smaller unit); None for "some".
        code: the unit's TimeML code (`unit_code`).
        is_time: whether the unit is counted in time of day (PT...).

    Returns:
        The duration value.
    """
    prefix = "PT" if is_time else "P"
    if code == "2W":
        code, amount = "W", None if amount is None else amount * 2
    if amount is None:
        return f"{prefix}X{code}"
    if code in ("E", "C", "L"):  # "two decades" is P20Y: counted decades are counted years
        amount, code = amount * {"E": 10, "C": 100, "L": 1000}[code], "Y"
    whole = int(amount)
    rest = amount - whole
    if rest and (code if not is_time or code != "M" else "TM") in _FRACTION:
        factor, smaller, smaller_time = _FRACTION[code if not is_time or code != "M" else "TM"]
        part = round(rest * factor)
        if smaller_time and not is_time:
            return f"P{whole}{code}T{part}{smaller}" if whole else f"PT{part}{smaller}"
        return f"{prefix}{whole}{code}{part}{smaller}" if whole else f"{prefix}{part}{smaller}"
    return f"{prefix}{whole}{code}"


# --- calendar -----------------------------------------------------------------------------


def shift(day: date, grain: str, n: int) -> date:
    """The day `n` units of a granularity later (earlier when `n` is negative).

    Args:
        day: the day to move.
        grain: D, W, WE, M, Q, H, Y, E or C.
        n: how many units.

    Returns:
        The moved day.
    """
    step = {"D": relativedelta(days=1), "W": relativedelta(weeks=1), "WE": relativedelta(weeks=1),
            "M": relativedelta(months=1), "Q": relativedelta(months=3),
            "H": relativedelta(months=6), "Y": relativedelta(years=1),
            "E": relativedelta(years=10), "C": relativedelta(years=100)}[grain]  # fmt: skip
    result: date = day + step * n
    return result


def quarter_start(day: date) -> date:
    """The first day of the quarter a day is in."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def holiday(name: str, year: int) -> date:
    """The date of a named holiday in a year, by its rule in the time lexicon (a fixed day,
    Easter plus days, the US election day, or the nth or last weekday of a month)."""
    rule = lexicon()["holidays"][re.sub(r"\s+", " ", name.lower()).replace("’", "'")].split()
    if rule[0] == "fixed":
        month, day = rule[1].split("-")
        return date(year, int(month), int(day))
    if rule[0] == "easter":
        return easter(year) + timedelta(days=int(rule[1]))
    if rule[0] == "election":  # the Tuesday after the first Monday of November
        first = date(year, 11, 1)
        monday = first + timedelta(days=(7 - first.weekday()) % 7)
        return monday + timedelta(days=1)
    month, weekday, nth = int(rule[1]), int(rule[2]), int(rule[3])
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, 1) + relativedelta(months=1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def year_of(g: dict[str, str], *keys: str) -> int | None:
    """The year in the first of the groups `keys` a rule captured; two digits are 1930-2029."""
    for key in keys:
        if key in g:
            year = int(g[key])
            return year + (1900 if year >= 30 else 2000) if year < 100 else year
    return None


def written_year(g: dict[str, str]) -> int:
    """1996 for "nineteen ninety-six" (groups `tens` and `ones`)."""
    return 1900 + int((number(g["tens"]) or 0) + (number(g.get("ones", "")) or 0))
