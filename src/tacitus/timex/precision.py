"""The precision and real range of a TimeML date value, so that no day is ever made up.

Reads a TimeML `value` (`2016-12-23`, `2016-W50`, `2016-12`, `2016`, `2016-Q3`,
`2019-11-18TEV`, ...) and returns a `DateRange`: the value at its own precision (a time of
day gives its day; on a coarser value, `2016-W50TNI`, it gives that week), the precision
(`day`, `week`, `month`, `year`) and the first and last days it covers. Used by the output
record (`io/record.py`) and the store (`store/flatten.py`).

Quarters, halves and seasons (`2016-Q3`, `2016-H2`, `2016-SU`) have no precision of their own
in this list: they are labelled `year` (nothing finer is claimed) and keep their own, real
range (July 1 to September 30 for Q3; seasons are the northern meteorological ones, winter
running from December into the next year). A week is the ISO week (Monday to Sunday); a
weekend (`2016-W50-WE`) is its week. Values that name no calendar period (`PRESENT_REF`,
`XXXX-12-23`, a decade `201`, a duration) give None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "week", "month", "year")

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: A time of day or clock time after the calendar part ("T" is in no calendar code).
_TIME = re.compile(r"(\d{4}[^T]*)T.*")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(?:-WE)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_PART = re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)")
#: Part of a year -> (first month, number of months).
_PARTS = {
    "Q1": (1, 3), "Q2": (4, 3), "Q3": (7, 3), "Q4": (10, 3), "H1": (1, 6), "H2": (7, 6),
    "SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3),
}  # fmt: skip


@dataclass(frozen=True)
class DateRange:
    """A date at its own precision and the real days it covers."""

    value: str  # the TimeML value at its precision: "2016-12-23", "2016-W50", "2016-12", "2016"
    precision: str  # one of PRECISIONS
    start: dt.date  # its first day
    end: dt.date  # its last day (inclusive)


def date_range(value: object) -> DateRange | None:
    """The precision and range of a TimeML date value.

    Args:
        value: a TimeML value (`2016-12-23`, `2019-11-18TEV`, `2016-W50`, `2016-12`,
            `2016`, `2016-Q3`), or anything else.

    Returns:
        The `DateRange`; None when the value names no calendar period or no real date
        (`2016-02-30`).
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if found := _TIME.fullmatch(text):
        text = found[1]
    try:
        return _parse(text)
    except ValueError:  # a month 13, a day 30 of February, a week 54
        return None


def _parse(text: str) -> DateRange | None:
    if found := _DAY.fullmatch(text):
        day = dt.date(int(found[1]), int(found[2]), int(found[3]))
        return DateRange(day.isoformat(), "day", day, day)
    if found := _WEEK.fullmatch(text):
        year, week = int(found[1]), int(found[2])
        start = dt.date.fromisocalendar(year, week, 1)
        return DateRange(f"{year:04d}-W{week:02d}", "week", start, start + dt.timedelta(days=6))
    if found := _PART.fullmatch(text):
        year = int(found[1])
        first, months = _PARTS[found[2]]
        start = dt.date(year, first, 1)
        return DateRange(f"{year:04d}-{found[2]}", "year", start, _month_end(start, months))
    if found := _MONTH.fullmatch(text):
        start = dt.date(int(found[1]), int(found[2]), 1)
        return DateRange(f"{start.year:04d}-{start.month:02d}", "month", start, _month_end(start))
    if found := _YEAR.fullmatch(text):
        year = int(found[1])
        return DateRange(f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    return None


def _month_end(start: dt.date, months: int = 1) -> dt.date:
    """The last day of the `months` months that begin with `start`'s month."""
    index = start.year * 12 + start.month - 1 + months - 1
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def day_range(day: dt.date) -> DateRange:
    """A single day as a `DateRange` (a publication date used as an event's date)."""
    return DateRange(day.isoformat(), "day", day, day)
