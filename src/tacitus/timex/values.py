"""Values of temporal expressions: TimeML for every rule family of `tacitus.timex.rules`.

Reads a `Candidate` (which rule matched, which groups it captured), the anchor (the
publication date), the last date mentioned and the spaCy parse (for tense), and returns the
expression's TimeML type and value. Relative expressions resolve against the anchor with the
tense of their clause; anaphoric ones ("the following day", "a year earlier") against the last
date mentioned; without an anchor they keep partial values (`XXXX-12-15`, `XXXX-WXX-5`).
Used by `tacitus.stages.times`, which owns the stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from tacitus.timex.rules import Candidate, lexicon
from tacitus.timex.tense import perfect_at, tense_at

_TIME_UNITS = {"second", "minute", "hour"}
_FRACTION = {"Y": (12, "M", False), "M": (30, "D", False), "W": (7, "D", False),
             "D": (24, "H", True), "H": (60, "M", True), "TM": (60, "S", True),
             "E": (10, "Y", False), "C": (100, "Y", False)}  # fmt: skip
_SEASON_OF_MONTH = ["WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI"]
_SEASONS = ["WI", "SP", "SU", "FA"]
_BACK = {"last", "past", "the past", "the previous", "the last", "previous", "the prior",
         "this past", "the latest"}  # fmt: skip
_FORTH = {"next", "the coming", "the following", "the next", "coming", "this coming"}
_FROM_REF = {"the following", "the next", "the previous", "the prior", "that", "the same",
             "that same", "the"}  # fmt: skip


@dataclass(frozen=True)
class Point:
    """A calendar value: a day inside it and its granularity (D, W, WE, M, Q, H, Y, E, C, or a
    season code), optionally a part of day or clock time (`tod`, e.g. "MO" or "14:30")."""

    day: date
    grain: str
    tod: str = ""

    def value(self) -> str:
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


class _Unanchored(Exception):
    """A relative expression met a document without a publication date."""

    def __init__(self, grain: str, tod: str = "") -> None:
        super().__init__(grain)
        self.value = _UNANCHORED.get(grain, "XXXX") + (f"T{tod}" if tod else "")


def resolve(cand: Candidate, state: State) -> tuple[str, str] | None:
    """The (type, value) of a candidate, or None when it is not a time expression after all."""
    try:
        result = _RESOLVERS[cand.rule](cand, state)
    except _Unanchored as missing:
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


# --- words --------------------------------------------------------------------------------


def _month(word: str) -> int:
    return int(lexicon()["months"][word.lower().rstrip(".")])


def _weekday(word: str) -> int:
    return int(lexicon()["weekdays"][word.lower().rstrip(".")])


def _day(word: str) -> int:
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    return int(lexicon()["ordinals"][word.lower()])


def _number(word: str) -> float | None:
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


def _unit(word: str) -> tuple[str, bool]:
    """TimeML code of a unit word and whether it is a time-of-day unit (PT...)."""
    lex = lexicon()
    name = word.lower()
    name = lex["unit_plurals"].get(name, name)
    if name not in lex["units"] and name.endswith("s"):
        name = name[:-1]
    code = lex["units"][name]
    return code, name in _TIME_UNITS


def _duration(amount: float | None, code: str, is_time: bool) -> str:
    """A TimeML duration value: P3D, PT2H, P2Y6M, PXY."""
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
    step = {"D": relativedelta(days=1), "W": relativedelta(weeks=1), "WE": relativedelta(weeks=1),
            "M": relativedelta(months=1), "Q": relativedelta(months=3),
            "H": relativedelta(months=6), "Y": relativedelta(years=1),
            "E": relativedelta(years=10), "C": relativedelta(years=100)}[grain]  # fmt: skip
    result: date = day + step * n
    return result


def _anchor(state: State, grain: str, tod: str = "") -> date:
    if state.anchor is None:
        raise _Unanchored(grain, tod)
    return state.anchor


def _reference(state: State, grain: str, tod: str = "") -> Point:
    """The last date mentioned, or the anchor."""
    if state.ref is not None:
        return state.ref
    return Point(_anchor(state, grain, tod), "D")


def _closest_year(state: State, tense: str | None, month: int, day: int, slack: int) -> date:
    """The date of month/day nearest the anchor on the side the tense points to."""
    anchor = _anchor(state, "D")
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


def _weekday_date(state: State, weekday: int, tense: str | None, rel: str) -> date:
    anchor = _anchor(state, "D")
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


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _holiday(name: str, year: int) -> date:
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


def _year_of(g: dict[str, str], *keys: str) -> int | None:
    for key in keys:
        if key in g:
            year = int(g[key])
            return year + (1900 if year >= 30 else 2000) if year < 100 else year
    return None


def _part_of_day(word: str | None) -> str:
    if not word:
        return ""
    word = re.sub(r"\s+", " ", word.lower())
    return str(lexicon()["parts_of_day"].get(word.rstrip("s"), ""))


# --- resolvers (one per rule of timex_rules) ----------------------------------------------

Resolved = tuple[str, "Point | str"] | None


_FUTURE_PREPOSITION = re.compile(
    r"\b(?:by|(?P<until>until|till)|through|effective|starting|beginning|as\s+early\s+as|"
    r"as\s+soon\s+as)\s+(?:the\s+end\s+of\s+)?$",
    re.IGNORECASE,
)


def _tense(cand: Candidate, state: State) -> str | None:
    # "effective Feb. 1", "until Tuesday", "by February": deadlines lie ahead whatever the verb
    tense = tense_at(state.doc, cand.start, cand.end)
    deadline = _FUTURE_PREPOSITION.search(state.text, max(0, cand.start - 40), cand.start)
    if deadline:
        # ... except "until" in a past clause: "until Thursday, they had not called"
        past = tense == "past" and not perfect_at(state.doc, cand.start)
        return "past" if past and deadline.group("until") else "future"
    return tense


def _full_date(c: Candidate, s: State) -> Resolved:
    month = int(c.groups["mnum"]) if "mnum" in c.groups else _month(c.groups["month"])
    year = _year_of(c.groups, "year")
    assert year is not None
    return "DATE", Point(date(year, month, _day(c.groups["day"])), "D")


def _month_day(c: Candidate, s: State) -> Resolved:
    month, day = _month(c.groups["month"]), _day(c.groups["day"])
    date(2000, month, day)  # raises ValueError when there is no such day
    if s.anchor is None:
        s.unanchored += 1
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    return "DATE", Point(_closest_year(s, _tense(c, s) or "past", month, day, 60), "D")


def _month_year(c: Candidate, s: State) -> Resolved:
    year = _year_of(c.groups, "year") or _written_year(c.groups)
    return "DATE", Point(date(year, _month(c.groups["month"]), 1), "M")


def _month_relyear(c: Candidate, s: State) -> Resolved:
    shift = {"last": -1, "this": 0, "next": 1}[c.groups["rel"].lower()]
    year = _anchor(s, "M").year + shift
    return "DATE", Point(date(year, _month(c.groups["month"]), 1), "M")


def _month_alone(c: Candidate, s: State) -> Resolved:
    month = _month(c.groups["month"])
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
        tense = {"this past": "past", "this coming": "future"}.get(rel) or _tense(c, s) or "past"
        year = _closest_year(s, tense, month, 15, 45).year
    return "DATE", Point(date(year, month, 1), "M")


def _year(c: Candidate, s: State) -> Resolved:
    year = int(c.groups["year"])
    if year < 1500:
        return None
    return "DATE", Point(date(year, 1, 1), "Y")


def _year_written(c: Candidate, s: State) -> Resolved:
    return "DATE", Point(date(_written_year(c.groups), 1, 1), "Y")


def _written_year(g: dict[str, str]) -> int:
    """1996 for "nineteen ninety-six" (groups `tens` and `ones`)."""
    return 1900 + int((_number(g["tens"]) or 0) + (_number(g.get("ones", "")) or 0))


def _year_2000(c: Candidate, s: State) -> Resolved:
    return "DATE", Point(date(2000 + int(_number(c.groups.get("ones", "")) or 0), 1, 1), "Y")


def _decade(c: Candidate, s: State) -> Resolved:
    return "DATE", f"{int(c.groups['decade']) // 10:03d}"


def _decade_word(c: Candidate, s: State) -> Resolved:
    tens = _number(c.groups["decword"].lower().replace("ies", "y")) or 0
    return "DATE", f"19{int(tens) // 10}"


def _century(c: Candidate, s: State) -> Resolved:
    return "DATE", f"{_day(c.groups['ord']) - 1:02d}"


def _quarter(c: Candidate, s: State) -> Resolved:
    n = _day(c.groups["ord"])
    year = _year_of(c.groups, "y1", "y2")
    if year is None and "rel" in c.groups:
        year = _anchor(s, "Q").year + {"last": -1, "this": 0, "next": 1}[c.groups["rel"].lower()]
    if year is None:
        if s.anchor is None:
            s.unanchored += 1
            return "DATE", f"XXXX-Q{n}"
        current = (s.anchor.month - 1) // 3 + 1
        year = s.anchor.year
        if n > current and _tense(c, s) != "future":
            year -= 1
    if "period" in c.text.lower():
        return None if n > 2 else ("DATE", Point(date(year, 1 + 6 * (n - 1), 1), "H"))
    return "DATE", Point(date(year, 3 * n - 2, 1), "Q")


def _quarter_rel(c: Candidate, s: State) -> Resolved:
    det = c.groups["det"].lower()
    rel = re.sub(r"\s+", " ", c.groups.get("rel", "").lower()) or (det if det != "the" else "")
    if c.groups["noun"].lower() == "period" and not rel:
        return None
    current = _quarter_start(_anchor(s, "Q"))
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
    if not rel and _tense(c, s) == "future":
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
        latest = shift(_quarter_start(_anchor(s, "Q")), "Q", -1)
        return "DATE", Point(latest.replace(year=year), "Q").value()
    return "DATE", Point(date(year, 1, 1), "Y")


def _half(c: Candidate, s: State) -> Resolved:
    year = _year_of(c.groups, "year")
    if year is None:
        shift = {"last": -1, "next": 1}.get(c.groups.get("rel", "").lower(), 0)
        year = _anchor(s, "H").year + shift
    first = c.groups["ord"].lower() == "first"
    return "DATE", Point(date(year, 1 if first else 7, 1), "H")


def _year_end(c: Candidate, s: State) -> Resolved:
    shift = {"last": -1, "next": 1}.get(c.groups.get("rel", "").lower(), 0)
    return "DATE", Point(date(_anchor(s, "Y").year + shift, 1, 1), "Y")


def _reporting_period(s: State) -> Point | None:
    """The quarter or half the story reports on, if it named one of the current year."""
    if s.period is None or (s.anchor is not None and s.period.day.year != s.anchor.year):
        return None
    return s.period


def _year_ago_adj(c: Candidate, s: State) -> Resolved:
    base = _reporting_period(s) or Point(_anchor(s, "Y"), "Y")
    if c.groups.get("noun", "").lower() == "quarter" and base.grain != "Q":
        base = Point(shift(_quarter_start(_anchor(s, "Q")), "Q", -1), "Q")
    # a string, not a Point: "year-ago" points back once, the story's reference stays put
    return "DATE", Point(shift(base.day, "Y", -1), base.grain).value()


def _season(c: Candidate, s: State) -> Resolved:
    code = lexicon()["seasons"][c.groups["season"].lower()]
    year = _year_of(c.groups, "y1", "y2")
    if year is None and "tens" in c.groups:
        year = _written_year(c.groups)
    rel = re.sub(r"\s+", " ", c.groups.get("rel", "").lower())
    if year is None and not rel and "the" not in c.groups:
        return None
    if year is None:
        if s.anchor is None:
            s.unanchored += 1
            return "DATE", f"XXXX-{code}"
        index, current = _SEASONS.index(code), _SEASONS.index(_SEASON_OF_MONTH[s.anchor.month - 1])
        year = s.anchor.year
        tense = "past" if rel == "this past" else _tense(c, s)
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
    year = _year_of(c.groups, "year")
    if year is None:
        anchor = _anchor(s, "D")
        tense = _tense(c, s)
        rel = c.groups.get("rel", "").lower()
        options = [_holiday(c.groups["holiday"], y) for y in (anchor.year - 1, anchor.year)]
        options.append(_holiday(c.groups["holiday"], anchor.year + 1))
        if rel == "last" or (not rel and tense == "past"):
            options = [d for d in options if d <= anchor] or options
        elif rel == "next" or tense == "future":
            options = [d for d in options if d >= anchor] or options
        return "DATE", Point(min(options, key=lambda d: abs((d - anchor).days)), "D")
    return "DATE", Point(_holiday(c.groups["holiday"], year), "D")


def _weekday_rule(c: Candidate, s: State) -> Resolved:
    pod = _part_of_day(c.groups.get("pod"))
    rel = re.sub(r"\s+", " ", c.groups.get("rel", "").lower())
    if s.anchor is None and rel not in _FROM_REF | {"the following", "the previous"}:
        s.unanchored += 1
        value = f"XXXX-WXX-{_weekday(c.groups['wd'])}"
        return ("TIME", f"{value}T{pod}") if pod else ("DATE", value)
    if rel in ("the following", "the next", "the previous"):
        base = _reference(s, "D", pod).day
        step = 1 if rel != "the previous" else -1
        day = base + timedelta(days=step)
        while day.isoweekday() != _weekday(c.groups["wd"]):
            day += timedelta(days=step)
    else:
        # "Wednesday's ruling": a possessive weekday names something that has happened
        tense = "past" if c.text[-2:] in ("'s", "’s") else _tense(c, s)
        day = _weekday_date(s, _weekday(c.groups["wd"]), tense, rel)
    return ("TIME" if pod else "DATE"), Point(day, "D", pod)


def _weekday_set(c: Candidate, s: State) -> Resolved:
    pod = _part_of_day(c.groups.get("pod"))
    value = f"XXXX-WXX-{_weekday(c.groups['wd'])}"
    return "SET", f"{value}T{pod}" if pod else value


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
    return "TIME", Point(_anchor(s, "D", clock), "D", clock)


_DEIXIS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
           "the day before yesterday": -2, "the day after tomorrow": 2}  # fmt: skip


def _deictic(c: Candidate, s: State) -> Resolved:
    word = re.sub(r"\s+", " ", c.groups["deixis"].lower())
    pod = _part_of_day(c.groups.get("pod")) or ("NI" if word == "tonight" else "")
    day = _anchor(s, "D", pod) + timedelta(days=_DEIXIS[word])
    return ("TIME" if pod else "DATE"), Point(day, "D", pod)


def _this_pod(c: Candidate, s: State) -> Resolved:
    pod = _part_of_day(c.groups["pod"])
    shift = {"this": 0, "last": -1, "tomorrow": 1, "yesterday": -1}[c.groups["rel"].lower()]
    return "TIME", Point(_anchor(s, "D", pod) + timedelta(days=shift), "D", pod)


_GRAIN_OF_UNIT = {"D": "D", "W": "W", "M": "M", "Q": "Q", "Y": "Y", "E": "E", "C": "C"}


def _ago(c: Candidate, s: State) -> Resolved:
    amount = _number(c.groups["num"])
    code, is_time = _unit(c.groups["unit"])
    direction = re.sub(r"\s+", " ", c.groups["dir"].lower())
    back = direction in ("ago", "earlier", "before", "previously", "prior")
    if amount is None:
        return "DATE", "PAST_REF" if back else "FUTURE_REF"
    grain = "D" if is_time else _GRAIN_OF_UNIT.get(code, "D")
    if code == "2W":
        code, amount, grain = "W", amount * 2, "W"
    if direction in ("ago", "hence", "from now"):
        base = Point(_anchor(s, grain), "D")
    else:
        base = _reference(s, grain)
    period = _reporting_period(s)
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


_UNIT_GRAIN = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "decade": "E",
               "century": "C", "day": "D"}  # fmt: skip


def _rel_unit(c: Candidate, s: State) -> Resolved:
    rel = re.sub(r"\s+", " ", c.groups["rel"].lower())
    unit = c.groups["unit"].lower()
    pod = _part_of_day(unit)
    if pod and rel == "the":
        return None
    if rel == "the" and "ended" in c.groups:
        code, is_time = _unit(unit)
        return "DURATION", _duration(1.0, code, is_time)
    grain = _UNIT_GRAIN.get(unit, "D")
    step = -1 if rel in _BACK else 1 if rel in _FORTH else 0
    if rel in _FROM_REF and not (rel == "the" and grain != "D"):
        base = _reference(s, grain, pod)
        if grain == "D" and base.grain != "D" and rel == "the":
            return None
        start = base.day
    else:
        start = _anchor(s, grain, pod)
    if unit == "night" and rel == "last":
        return "TIME", Point(start - timedelta(days=1), "D", "NI")
    if grain == "WE":
        return "DATE", _weekend(start, step, rel, _tense(c, s))
    if pod:
        return "TIME", Point(shift(start, "D", step), "D", pod)
    return "DATE", Point(shift(start, grain, step), grain)


def _weekend(start: date, step: int, rel: str, tense: str | None) -> Point:
    if step == 0 and rel not in ("this",) and start.isoweekday() < 6 and tense != "future":
        step = -1
    return Point(shift(start, "W", step), "WE")


_QUARTER_NOT_TIME = re.compile(r"\s+of\b|-")


def _duration_rule(c: Candidate, s: State) -> Resolved:
    amount = _number(c.groups["num"])
    code, is_time = _unit(c.groups["unit"])
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
    return "DURATION", _duration(amount, code, is_time)


def _bare_units(c: Candidate, s: State) -> Resolved:
    code, is_time = _unit(c.groups["unit"])
    return "DURATION", _duration(None, code, is_time)


def _set_every(c: Candidate, s: State) -> Resolved:
    if "month" in c.groups:
        return "SET", f"XXXX-{_month(c.groups['month']):02d}"
    if "season" in c.groups:
        return "SET", f"XXXX-{lexicon()['seasons'][c.groups['season'].lower()]}"
    amount = _number(c.groups["num"]) if "num" in c.groups else 1.0
    if "other" in c.text.lower():
        amount = 2.0
    code, is_time = _unit(c.groups["unit"])
    return "SET", _duration(amount if amount is not None else 1.0, code, is_time)


def _set_rate(c: Candidate, s: State) -> Resolved:
    code, is_time = _unit(c.groups["unit"])
    return "SET", _duration(1.0, code, is_time)


def _set_word(c: Candidate, s: State) -> Resolved:
    return "SET", str(lexicon()["set_words"][re.sub(r"\s+", " ", c.groups["word"].lower())])


def _reference_word(c: Candidate, s: State) -> Resolved:
    return "DATE", str(lexicon()["references"][re.sub(r"\s+", " ", c.groups["word"].lower())])


_RESOLVERS: dict[str, Any] = {
    "date_mdy": _full_date, "date_dmy": _full_date, "date_iso": _full_date,
    "date_slash": _full_date, "date_md": _month_day, "date_dm": _month_day,
    "month_year": _month_year, "month_relyear": _month_relyear, "month": _month_alone,
    "year": _year, "year_written": _year_written, "year_2000": _year_2000,
    "year_2000_bare": _year_2000, "decade": _decade,
    "decade_word": _decade_word, "century": _century, "quarter": _quarter,
    "quarter_rel": _quarter_rel, "period_year": _period_year, "half": _half,
    "year_ago_adj": _year_ago_adj, "year_end": _year_end, "season": _season,
    "holiday": _holiday_date,
    "weekday": _weekday_rule, "weekday_set": _weekday_set, "weekday_every": _weekday_set,
    "clock": _clock,
    "deictic": _deictic, "this_pod": _this_pod, "set_every": _set_every,
    "set_times": _set_rate, "set_rate": _set_rate, "ago": _ago, "rel_unit": _rel_unit,
    "duration": _duration_rule, "bare_units": _bare_units, "set_word": _set_word,
    "reference": _reference_word,
}  # fmt: skip

_DAY_RULES = {"weekday", "deictic", "date_md", "date_mdy", "date_dm", "date_dmy"}
_CLOCK_THEN_DAY = re.compile(r"\s*,?\s*(?:on\s+)?$")
_DAY_THEN_CLOCK = re.compile(r"\s*,?\s*(?:at\s+)?$")


def merge_clock_and_day(cands: list[Candidate], text: str) -> list[Candidate]:
    """Join a clock time and the day next to it ("9 a.m. Tuesday") into one TIME."""
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
