"""One event per happening: link reports of the same event from several articles.

Reads report rows (one per event coded in one article, as `flatten.report_rows` makes them)
and candidate canonical events (rows of the `events` table), and decides which canonical
event each report belongs to. The rule (docs/store.md) is:

- same PLOVER `type`; `mode` and `status` equal or one of them unknown;
- dates within `DATE_WINDOW_DAYS` (`FALLBACK_WINDOW_DAYS` when either date is only the
  article's publication date); a week, month or year only with the same week, month or
  year; a report without any date starts its own event;
- compatible actor and recipient: countries equal or one unknown, sectors equal or one
  unknown (state sectors GOV, MIL, COP, SPY, LEG, JUD count as one family, so "Russia" and
  "Russian warplanes" match but a government and rebels do not); with no country on either
  side, names must be equal or one contain the other;
- compatible location: one unknown, or one a whole country containing the other, or both
  points within `MAX_DISTANCE_KM`;
- and at least one positive anchor, so that reports sharing nothing but a type and a day stay
  apart: both locations known points within the distance, or an actor or recipient country
  known on both sides and equal.

Among several matching events the closest in time, then in space, then the one with most
reports, then the smallest id wins. The
canonical event keeps its first report's values and fills in what was unknown from later ones;
a participant's country is filled with its `country_from` (whether it was inferred), and a
country the event only inferred becomes stated when a later report states the same one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

DATE_WINDOW_DAYS = 1
FALLBACK_WINDOW_DAYS = 2
MAX_DISTANCE_KM = 50.0
EARTH_RADIUS_KM = 6371.0088
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})

ROLES = ("actor", "recipient")
#: Canonical fields filled from a later report when the event does not know them yet.
FILLABLE = (
    "mode",
    "cameo",
    "status",
    *(
        f"{role}_{key}"
        for role in ROLES
        for key in ("name", "country", "sector", "kb_id", "entity")
    ),
)
#: Where each participant's country comes from (None: its own evidence; `place`, `dateline`,
#: `article`: inferred). Filled only with the country it belongs to (`_merge_country`).
COUNTRY_FROM = tuple(f"{role}_country_from" for role in ROLES)
LOCATION = ("location_name", "geonames_id", "lat", "lon", "country", "location_is_country")
#: An event's date: its text at its precision, the real range, the precision.
DATE = ("date", "date_start", "date_end", "date_precision", "date_is_fallback")
#: Typed counts: the canonical event takes the largest its reports give.
COUNTS = ("fatalities", "injured", "arrested", "displaced", "evacuated")

Row = dict[str, Any]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _agree(a: Any, b: Any) -> bool:
    return a is None or b is None or a == b


def _sector_family(sector: str | None) -> str | None:
    return "STATE" if sector in STATE_SECTORS else sector


def _name_key(name: str | None) -> str:
    words = (name or "").lower().replace("'s", "").split()
    return " ".join(w for w in words if w not in {"the", "a", "an"})


def side_compatible(report: Row, event: Row, role: str) -> bool:
    """Whether the report's actor (or recipient) can be the event's."""
    r_country, e_country = report[f"{role}_country"], event[f"{role}_country"]
    if not _agree(r_country, e_country):
        return False
    if not _agree(
        _sector_family(report[f"{role}_sector"]), _sector_family(event[f"{role}_sector"])
    ):
        return False
    r_name, e_name = _name_key(report[f"{role}_name"]), _name_key(event[f"{role}_name"])
    if r_country is None and e_country is None and r_name and e_name:
        return r_name in e_name or e_name in r_name
    return True


def _is_point(row: Row) -> bool:
    return row["lat"] is not None and row["lon"] is not None and not row["location_is_country"]


def location_compatible(report: Row, event: Row) -> bool:
    """Whether the two locations can be the same place (unknown is compatible)."""
    if report["lat"] is None or event["lat"] is None:
        return True
    if report["location_is_country"] or event["location_is_country"]:
        return _agree(report["country"], event["country"])
    return _distance(report, event) <= MAX_DISTANCE_KM


def _distance(a: Row, b: Row) -> float:
    return distance_km(a["lat"], a["lon"], b["lat"], b["lon"])


def _window(report: Row, event: Row) -> int:
    fallback = report["date_is_fallback"] or event["date_is_fallback"]
    return FALLBACK_WINDOW_DAYS if fallback else DATE_WINDOW_DAYS


def _days_apart(report: Row, event: Row) -> int | None:
    """Days between two days; for a week, month or year, 0 when both give the same period
    and None otherwise (a week is not matched with a day inside it: nothing says it is)."""
    if report["date_start"] is None or event["date_start"] is None:
        return None
    if report["date_precision"] != "day" or event["date_precision"] != "day":
        return 0 if report["date"] == event["date"] else None
    return abs((report["date_start"] - event["date_start"]).days)


def anchored(report: Row, event: Row) -> bool:
    """At least one positive piece of evidence that the two describe the same happening."""
    if _is_point(report) and _is_point(event) and _distance(report, event) <= MAX_DISTANCE_KM:
        return True
    return any(
        report[f"{role}_country"] is not None
        and report[f"{role}_country"] == event[f"{role}_country"]
        for role in ROLES
    )


def same_happening(report: Row, event: Row) -> bool:
    """The dedup rule: whether `report` describes the canonical `event`."""
    days = _days_apart(report, event)
    return (
        report["type"] == event["type"]
        and days is not None
        and days <= _window(report, event)
        and _agree(report["mode"], event["mode"])
        and _agree(report["status"], event["status"])
        and all(side_compatible(report, event, role) for role in ROLES)
        and location_compatible(report, event)
        and anchored(report, event)
    )


def new_event(report: Row) -> Row:
    """A canonical event made from its first report (event_id = the report's id)."""
    event = {key: report[key] for key in ("type", *DATE, *COUNTS)}
    # rows of older code lack some
    event.update({key: report.get(key) for key in (*FILLABLE, *COUNTRY_FROM)})
    event.update({key: report[key] for key in LOCATION})
    event["event_id"] = report["report_id"]
    event["confidence"] = report["confidence"]
    return event


def merge_into(event: Row, report: Row) -> None:
    """Fill what the event does not know from the report; keep the better location and date."""
    for role in ROLES:  # before FILLABLE, which would fill a country without its source
        _merge_country(event, report, role)
    for key in FILLABLE:
        if event.get(key) is None and report.get(key) is not None:
            event[key] = report[key]
    unknown = event["lat"] is None and report["lat"] is not None
    if unknown or (event["location_is_country"] and _is_point(report)):
        event.update({key: report[key] for key in LOCATION})
    if event["date_is_fallback"] and not report["date_is_fallback"]:
        event.update({key: report[key] for key in DATE})
    for key in COUNTS:
        if report[key] is not None and (event[key] is None or report[key] > event[key]):
            event[key] = report[key]
    if report["confidence"] is not None:
        event["confidence"] = max(event["confidence"] or 0.0, report["confidence"])


def _merge_country(event: Row, report: Row, role: str) -> None:
    """A participant's country and its `country_from`, filled together from one report.

    An unknown country takes the report's with the report's source, so a stated country
    never wears another report's "inferred" label, nor an inferred one passes for stated.
    When the report states the very country the event has only inferred, the event's
    becomes stated.
    """
    country, source = f"{role}_country", f"{role}_country_from"
    if report.get(country) is None:
        return
    if event.get(country) is None:
        event[country], event[source] = report[country], report.get(source)
    elif event[country] == report[country] and report.get(source) is None:
        event[source] = None


def _rank(report: Row, event: Row, support: dict[str, int]) -> tuple[int, float, int, str]:
    days = _days_apart(report, event)
    far = _distance(report, event) if _is_point(report) and _is_point(event) else MAX_DISTANCE_KM
    return (days or 0, far, -support.get(event["event_id"], 0), event["event_id"])


def assign_events(
    reports: Iterable[Row], candidates: Iterable[Row]
) -> tuple[dict[str, Row], set[str]]:
    """Link each report to a canonical event, creating events as needed.

    Args:
        reports: report rows in ingest order; each gets its `event_id` set.
        candidates: existing canonical events that the reports may join.

    Returns:
        (events by id, including the candidates, ids of the events created or changed).
    """
    events = {event["event_id"]: event for event in candidates}
    index = _DayIndex(events.values())
    touched: set[str] = set()
    support = {i: e.get("num_reports") or 0 for i, e in events.items()}
    for report in reports:
        matches = [e for e in index.near(report) if same_happening(report, e)]
        if matches:
            event = min(matches, key=lambda e: _rank(report, e, support))
            before = event["date_start"]
            merge_into(event, report)
            index.moved(event, before)
        else:
            event = new_event(report)
            events[event["event_id"]] = event
            index.add(event)
        report["event_id"] = event["event_id"]
        support[event["event_id"]] = support.get(event["event_id"], 0) + 1
        touched.add(event["event_id"])
    return events, touched


class _DayIndex:
    """Canonical events by (type, date), to compare a report with the few near it in time."""

    def __init__(self, events: Iterable[Row]) -> None:
        self.buckets: dict[tuple[str, dt.date], list[Row]] = {}
        for event in events:
            self.add(event)

    def add(self, event: Row) -> None:
        if event["date_start"] is not None:
            self.buckets.setdefault((event["type"], event["date_start"]), []).append(event)

    def moved(self, event: Row, before: dt.date | None) -> None:
        if event["date_start"] != before:
            if before is not None:
                self.buckets[(event["type"], before)].remove(event)
            self.add(event)

    def near(self, report: Row) -> list[Row]:
        if report["date_start"] is None:
            return []
        days = range(-FALLBACK_WINDOW_DAYS, FALLBACK_WINDOW_DAYS + 1)
        found: list[Row] = []
        for shift in days:
            found += self.buckets.get(
                (report["type"], report["date_start"] + dt.timedelta(days=shift)), []
            )
        return found


def window_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a canonical event may have to be a candidate for a report on `day`."""
    span = dt.timedelta(days=FALLBACK_WINDOW_DAYS)
    return day - span, day + span
