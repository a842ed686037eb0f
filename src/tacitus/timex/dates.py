"""Values of calendar expressions: dates, months, years, decades, centuries, quarters, halves,
seasons and holidays.

One resolver per rule family of `tacitus.timex.rules` that names a calendar unit: it reads
the groups the rule captured and returns the TimeML type and value (a `Point` when the value
becomes the story's last date). A full date needs nothing else; a month, a weekday-less day
("March 5"), a season or a quarter without a year takes the year nearest the anchor on the
side the clause's tense points to. Used through `RESOLVERS` by `tacitus.timex.values`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from tacitus.timex.calendar import (
    Point,
    day_number,
    holiday,
    month_number,
    number,
    quarter_start,
    shift,
    written_year,
    year_of,
)
from tacitus.timex.rules import Candidate, lexicon
from tacitus.timex.state import (
    Resolved,
    State,
    anchor_day,
    clause_tense,
    reporting_period,
)

#: TimeML season codes by month (January is winter) and in the order of the year.
_SEASON_OF_MONTH = ["WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI"]
_SEASONS = ["WI", "SP", "SU", "FA"]


def _closest_year(state: State, tense: str | None, month: int, day: int, slack: int) -> date:
    """The date of month/day nearest the anchor on the side the tense points to."""
    anchor = anchor_day(state, "D")
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if tense == "past":
        options = [d for d in options if d <= anchor + timedelta(days=slack)] or options
    elif tense == "future":
        options = [d for d in options if d >= anchor - timedelta(days=slack)] or options
    return min(options, key=lambda d: abs((d - anchor).days))


def _full_date(c: Candidate, s: State) -> Resolved:
    month = int(c.groups["mnum"]) if "mnum" in c.groups else month_number(c.groups["month"])
    year = year_of(c.groups, "year")
    assert year is not None
    return "DATE", Point(date(year, month, day_number(c.groups["day"])), "D")


def _month_day(c: Candidate, s: State) -> Resolved:
    month, day = month_number(c.groups["month"]), day_number(c.groups["day"])
    date(2000, month, day)  # raises ValueError when there is no such day
    if s.anchor is None:
        s.unanchored += 1
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    return "DATE", Point(_closest_year(s, clause_tense(c, s) or "past", month, day, 60), "D")


def _month_year(c: Candidate, s: State) -> Resolved:
    year = year_of(c.groups, "year") or written_year(c.groups)
    return "DATE", Point(date(year, month_number(c.groups["month"]), 1), "M")


def _month_relyear(c: Candidate, s: State) -> Resolved:
    shift = {"last": -1, "this": 0, "next": 1}[c.groups["rel"].lower()]
    year = anchor_day(s, "M").year + shift
    return "DATE", Point(date(year, month_number(c.groups["month"]), 1), "M")


def _month_alone(c: Candidate, s: State) -> Resolved:
    month = month_number(c.groups["month"])
    if s.anchor is None:
        s.unanchored += 1
        return "DATE", f"XXXX-{month:02d}"
    rel = re.sub(r"\s+", " ", c.groups.get("rel", "").lower())
    anchor = s.anchor
    if rel == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        tense = (
            {"this past": "past", "this coming": "future"}.get(rel) or clause_tense(c, s) or "past"
        )
        year = _closest_year(s, tense, month, 15, 45).year
    return "DATE", Point(date(year, month, 1), "M")


def _year(c: Candidate, s: State) -> Resolved:
    year = int(c.groups["year"])
    if year < 1500:
        return None
    return "DATE", Point(date(year, 1, 1), "Y")


def _year_written(c: Candidate, s: State) -> Resolved:
    return "DATE", Point(date(written_year(c.groups), 1, 1), "Y")


def _year_2000(c: Candidate, s: State) -> Resolved:
    return "DATE", Point(date(2000 + int(number(c.groups.get("ones", "")) or 0), 1, 1), "Y")


def _decade(c: Candidate, s: State) -> Resolved:
    return "DATE", f"{int(c.groups['decade']) // 10:03d}"


def _decade_word(c: Candidate, s: State) -> Resolved:
    tens = number(c.groups["decword"].lower().replace("ies", "y")) or 0
    return "DATE", f"19{int(tens) // 10}"


def _century(c: Candidate, s: State) -> Resolved:
    return "DATE", f"{day_number(c.groups['ord']) - 1:02d}"


def _quarter(c: Candidate, s: State) -> Resolved:
    n = day_number(c.groups["ord"])
    year = year_of(c.groups, "y1", "y2")
    if year is None and "rel" in c.groups:
        year = anchor_day(s, "Q").year + {"last": -1, "this": 0, "next": 1}[c.groups["rel"].lower()]
    if year is None:
        if s.anchor is None:
            s.unanchored += 1
            return "DATE", f"XXXX-Q{n}"
        current = (s.anchor.month - 1) // 3 + 1
        year = s.anchor.year
        if n > current and clause_tense(c, s) != "future":
            year -= 1
    if "period" in c.text.lower():
        return None if n > 2 else ("DATE", Point(date(year, 1 + 6 * (n - 1), 1), "H"))
    return "DATE", Point(date(year, 3 * n - 2, 1), "Q")


def _quarter_rel(c: Candidate, s: State) -> Resolved:
    det = c.groups["det"].lower()
    rel = re.sub(r"\s+", " ", c.groups.get("rel", "").lower()) or (det if det != "the" else "")
    if c.groups["noun"].lower() == "period" and not rel:
        return None
    current = quarter_start(anchor_day(s, "Q"))
    if rel == "that" and s.ref is not None and s.ref.grain == "Q":
        return "DATE", s.ref
    if rel in ("current", "this"):
        return "DATE", Point(current, "Q")
    if rel in ("next", "coming"):
        return "DATE", Point(shift(current, "Q", 1), "Q")
    if rel.split()[-1:] and rel.split()[-1] in (
        "year-ago",
        "year-earlier",
        "comparable",
        "corresponding",
        "same",
    ):
        base = s.ref if s.ref is not None and s.ref.grain == "Q" else None
        if base is not None and base.day.year < current.year:
            base = None
        start = base.day if base else shift(current, "Q", -1)
        return "DATE", Point(shift(start, "Y", -1), "Q").value()
    if not rel and clause_tense(c, s) == "future":
        return "DATE", Point(current, "Q")
    if not rel and s.ref is not None and s.ref.grain == "Q":
        return "DATE", s.ref
    return "DATE", Point(shift(current, "Q", -1), "Q")


def _period_year(c: Candidate, s: State) -> Resolved:
    year = int(c.groups["year"])
    noun = c.text.lower().split()[-1]
    if s.ref is not None and s.ref.grain == "Q" and noun in ("period", "quarter"):
        return "DATE", Point(s.ref.day.replace(year=year), "Q").value()
    if noun == "quarter":
        latest = shift(quarter_start(anchor_day(s, "Q")), "Q", -1)
        return "DATE", Point(latest.replace(year=year), "Q").value()
    return "DATE", Point(date(year, 1, 1), "Y")


def _half(c: Candidate, s: State) -> Resolved:
    year = year_of(c.groups, "year")
    if year is None:
        shift = {"last": -1, "next": 1}.get(c.groups.get("rel", "").lower(), 0)
        year = anchor_day(s, "H").year + shift
    first = c.groups["ord"].lower() == "first"
    return "DATE", Point(date(year, 1 if first else 7, 1), "H")


def _year_end(c: Candidate, s: State) -> Resolved:
    shift = {"last": -1, "next": 1}.get(c.groups.get("rel", "").lower(), 0)
    return "DATE", Point(date(anchor_day(s, "Y").year + shift, 1, 1), "Y")


def _year_ago_adj(c: Candidate, s: State) -> Resolved:
    base = reporting_period(s) or Point(anchor_day(s, "Y"), "Y")
    if c.groups.get("noun", "").lower() == "quarter" and base.grain != "Q":
        base = Point(shift(quarter_start(anchor_day(s, "Q")), "Q", -1), "Q")
    # a string, not a Point: "year-ago" points back once, the story's reference stays put
    return "DATE", Point(shift(base.day, "Y", -1), base.grain).value()


def _season(c: Candidate, s: State) -> Resolved:
    code = lexicon()["seasons"][c.groups["season"].lower()]
    year = year_of(c.groups, "y1", "y2")
    if year is None and "tens" in c.groups:
        year = written_year(c.groups)
    rel = re.sub(r"\s+", " ", c.groups.get("rel", "").lower())
    if year is None and not rel and "the" not in c.groups:
        return None
    if year is None:
        if s.anchor is None:
            s.unanchored += 1
            return "DATE", f"XXXX-{code}"
        index, current = _SEASONS.index(code), _SEASONS.index(_SEASON_OF_MONTH[s.anchor.month - 1])
        year = s.anchor.year
        tense = "past" if rel == "this past" else clause_tense(c, s)
        if rel == "last":
            year -= 1 if index >= current else 0
        elif rel == "next":
            year += 1 if index <= current else 0
        elif rel != "this" and tense == "past" and index > current:
            year -= 1
        elif rel != "this" and tense == "future" and index < current:
            year += 1
    return "DATE", f"{year:04d}-{code}"


def _holiday_date(c: Candidate, s: State) -> Resolved:
    year = year_of(c.groups, "year")
    if year is None:
        anchor = anchor_day(s, "D")
        tense = clause_tense(c, s)
        rel = c.groups.get("rel", "").lower()
        options = [holiday(c.groups["holiday"], y) for y in (anchor.year - 1, anchor.year)]
        options.append(holiday(c.groups["holiday"], anchor.year + 1))
        if rel == "last" or (not rel and tense == "past"):
            options = [d for d in options if d <= anchor] or options
        elif rel == "next" or tense == "future":
            options = [d for d in options if d >= anchor] or options
        return "DATE", Point(min(options, key=lambda d: abs((d - anchor).days)), "D")
    return "DATE", Point(holiday(c.groups["holiday"], year), "D")


#: The resolver of each calendar rule family, by rule name.
RESOLVERS: dict[str, Any] = {
    "date_mdy": _full_date, "date_dmy": _full_date, "date_iso": _full_date,
    "date_slash": _full_date, "date_md": _month_day, "date_dm": _month_day,
    "month_year": _month_year, "month_relyear": _month_relyear, "month": _month_alone,
    "year": _year, "year_written": _year_written, "year_2000": _year_2000,
    "year_2000_bare": _year_2000, "decade": _decade,
    "decade_word": _decade_word, "century": _century, "quarter": _quarter,
    "quarter_rel": _quarter_rel, "period_year": _period_year, "half": _half,
    "year_ago_adj": _year_ago_adj, "year_end": _year_end, "season": _season,
    "holiday": _holiday_date,
}  # fmt: skip
