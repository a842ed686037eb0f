"""Query filters of the store as parameterised SQL: `events`, `quotes`, `articles`, `errors`.

Reads filter values given by a user (command line or Python) and returns `(sql, params)`.
Every user value travels as a `?` parameter; the only words spliced into SQL come from the
fixed tables below (column names, sort orders), chosen by key, never copied from the input.
Bad values raise `UsageError` with a message that says what is expected; for the values
with a closed list (`EVENT_TYPES`, `STATUSES`, ISO 3166 alpha-3 countries) the message names
the valid ones (`check_event_type`, `check_status`, `check_country`), for the command line and
the web API alike.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from tacitus.core.errors import UsageError
from tacitus.store.schema import plover_scores

DEFAULT_NEAR_KM = 50.0
KM_PER_DEGREE = 111.195
CODE = re.compile(r"[A-Z]{3}(?:/?[A-Z]{3})?")
#: Event `status` values of the output contract.
STATUSES = ("occurred", "future", "hypothetical", "negated", "demanded")
#: PLOVER 2.0 event types (those of the PLOVER score table the store ships).
EVENT_TYPES: tuple[str, ...] = tuple(sorted({kind for kind, _ in plover_scores()}))
ISO3 = re.compile(r"[A-Z]{3}")

#: `*_country_from`: NULL when the country is the participant's own evidence, else how it was
#: inferred (place, dateline, article), or `unrecorded` for a country stored before schema 4.
EVENT_COLUMNS = (
    "event_id, type, mode, cameo, status, date, date_precision, date_start, date_end, "
    "date_is_fallback, actor_name, actor_country, actor_country_from, actor_sector, "
    "actor_entity, recipient_name, recipient_country, recipient_country_from, recipient_sector, "
    "recipient_entity, location_name, geonames_id, lat, lon, country, location_is_country, "
    "fatalities, injured, arrested, displaced, evacuated, confidence, num_reports, "
    "num_articles, num_sources, num_stories, quad_code, score"
)
#: Statuses of what happened: the default of exports (a call for X is a REQUEST that
#: happened); `future`, `hypothetical` and `negated` only on request.
HAPPENED = ("occurred", "demanded")
ORDERS = {
    "events": {
        "date": "date_start {d} NULLS LAST, date_end {d}, event_id",
        "confidence": "confidence {d} NULLS LAST, event_id",
        "num_articles": "num_articles {d}, event_id",
        "num_sources": "num_sources {d}, event_id",
        "event_id": "event_id {d}",
    },
    "quotes": {
        "published": "a.published_date {d} NULLS LAST, q.article_id, q.idx",
        "article": "q.article_id {d}, q.idx",
    },
    "articles": {
        "published": "published_date {d} NULLS LAST, article_id",
        "ingested": "ingested_at {d}, article_id",
        "article_id": "article_id {d}",
    },
    "errors": {"ingested": "ingested_at {d}, error_key", "kind": "kind {d}, error_key"},
}


PAGING = frozenset({"limit", "offset", "order_by", "descending"})
EVENT_FILTERS = PAGING | set(
    "type mode actor recipient country since until near status min_confidence event_id "
    "stated_countries".split()
)
QUOTE_FILTERS = PAGING | set("speaker contains since until direct article_id".split())
ARTICLE_FILTERS = PAGING | set("source url since until contains article_id with_text".split())
ERROR_FILTERS = PAGING | {"kind"}


@dataclass
class Query:
    """WHERE conditions and their parameters, built one filter at a time."""

    conditions: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def where(self) -> str:
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""


def check_event_type(value: Any, option: str = "type") -> str:
    """`value` as a PLOVER event type (upper case).

    Args:
        value: a filter value (`assault`, `ASSAULT`).
        option: the option's name, for the message.

    Returns:
        The type; `UsageError` naming the valid types when it is none of `EVENT_TYPES`.
    """
    kind = str(value).strip().upper()
    if kind not in EVENT_TYPES:
        raise UsageError(
            f"{option} {value!r} is not a PLOVER event type; choose one of "
            f"{', '.join(EVENT_TYPES)}."
        )
    return kind


def check_status(value: Any, option: str = "status") -> str:
    """`value` as an event status (lower case); `UsageError` naming `STATUSES` otherwise."""
    status = str(value).strip().lower()
    if status not in STATUSES:
        raise UsageError(f"{option} {value!r}: choose one of {', '.join(STATUSES)}.")
    return status


def check_statuses(value: Any, option: str = "status") -> list[str]:
    """A status filter as a list: one status, a comma-separated list, a list, or `all`.

    Args:
        value: `occurred`, `occurred,demanded`, `["occurred", "future"]` or `all`.
        option: the option's name, for the message.

    Returns:
        The statuses (every one of `STATUSES` for `all`); `UsageError` for an unknown one.
    """
    items = value if isinstance(value, list | tuple | set) else str(value).split(",")
    words = [str(item).strip() for item in items if str(item).strip()]
    if [w.lower() for w in words] == ["all"]:
        return list(STATUSES)
    return sorted({check_status(word, option) for word in words})


def check_country(value: Any, option: str = "country") -> str:
    """`value` as an ISO 3166 alpha-3 code (three letters, upper case).

    Args:
        value: a filter value (`SYR`, `syr`).
        option: the option's name, for the message.

    Returns:
        The code; `UsageError` otherwise, naming the code when `value` is a country's name
        (`Syria`: SYR).
    """
    code = str(value).strip().upper()
    if ISO3.fullmatch(code):
        return code
    guess = country_of_name(str(value))
    hint = f" ({str(value).strip()!r} is {guess})" if guess else ""
    raise UsageError(
        f"{option} {value!r}: give the country as an ISO 3166 alpha-3 code such as SYR, RUS "
        f"or USA{hint}."
    )


def country_of_name(name: str) -> str | None:
    """The ISO3 code of the country that `name` names or describes, for a helpful message.

    Args:
        name: a country's name or nationality word (`Syria`, `Syrian`).

    Returns:
        Its code (`SYR`), or None.
    """
    from tacitus.kb.gazetteer import demonym_country, gazetteer

    g = gazetteer()
    wanted = " ".join(name.split()).casefold()
    for iso3, entry in g.iso3_entry.items():
        if g.names[entry].casefold() == wanted:
            return str(iso3)
    return demonym_country(name)


def parse_day(value: Any, option: str) -> dt.date:
    """An ISO date (`2016-12-23`, or `2016-12` / `2016` meaning their first day)."""
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(value).strip())
    try:
        if match:
            return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        pass
    raise UsageError(f"{option} {value!r} is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY).")


def parse_near(value: str, resolve_place: Any) -> tuple[float, float, float]:
    """`LAT,LON[:KM]` or `PLACE[:KM]` -> (lat, lon, km); `resolve_place(name)` gives a place."""
    text, _, radius = str(value).rpartition(":") if ":" in str(value) else (str(value), "", "")
    try:
        km = float(radius) if radius else DEFAULT_NEAR_KM
    except ValueError:
        raise UsageError(f"--near {value!r}: the radius after ':' must be kilometres.") from None
    if not km > 0:
        raise UsageError(f"--near {value!r}: the radius must be positive.")
    numbers = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*", text)
    if numbers:
        lat, lon = float(numbers[1]), float(numbers[2])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise UsageError(f"--near {value!r}: latitude or longitude out of range.")
        return lat, lon, km
    found = resolve_place(text.strip())
    if found is None:
        raise UsageError(f"--near: unknown place {text!r}; give LAT,LON[:KM] instead.")
    return found[0], found[1], km


def add_near(query: Query, lat: float, lon: float, km: float) -> None:
    """A bounding-box prefilter (zone maps skip row groups), then the exact distance."""
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    query.add("lat BETWEEN ? AND ?", lat - dlat, lat + dlat)
    if -180 <= lon - dlon and lon + dlon <= 180:  # a box across the antimeridian: no lon box
        query.add("lon BETWEEN ? AND ?", lon - dlon, lon + dlon)
    query.add(
        "2 * 6371.0088 * asin(least(1, sqrt(pow(sin(radians(lat - ?) / 2), 2) + cos(radians(?))"
        " * cos(radians(lat)) * pow(sin(radians(lon - ?) / 2), 2)))) <= ?",
        lat,
        lat,
        lon,
        km,
    )


def add_period(query: Query, column: str, filters: dict[str, Any]) -> None:
    """`since` and `until` (inclusive) on a date column."""
    if filters.get("since"):
        query.add(f"{column} >= ?", parse_day(filters["since"], "since"))
    if filters.get("until"):
        query.add(f"{column} <= ?", parse_day(filters["until"], "until"))


def add_range(query: Query, filters: dict[str, Any]) -> None:
    """`since` and `until` (inclusive) on an event's date range: the whole range must lie
    inside the period, so a month or a year is found only by a period that holds all of it
    (`--since 2016-12-01` does not find "2016")."""
    if filters.get("since"):
        query.add("date_start >= ?", parse_day(filters["since"], "since"))
    if filters.get("until"):
        query.add("date_end <= ?", _period_end(filters["until"]))


def _period_end(value: Any) -> dt.date:
    """The last day of an `until` value: `2016-12` is December 31, `2016` the year's end."""
    day = parse_day(value, "until")
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return dt.date(day.year, 12, 31)
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with its own % _ \\ taken literally."""
    return "%" + re.sub(r"([%_\\])", r"\\\1", text) + "%"


def add_party(query: Query, prefix: str, value: str, stated: bool = False) -> None:
    """`RUS`, `MIL`, `RUS/MIL`, `RUSMIL` (codes) or a name (case-insensitive substring);
    `stated`: a country code matches only a country the text states, not one inferred from
    the place, the dateline or the article (`country_from`)."""
    value = str(value).strip()
    if CODE.fullmatch(value):
        codes = value.replace("/", "")
        country = f"{prefix}_country = ?"
        if stated:
            country = f"({country} AND {prefix}_country_from IS NULL)"
        if len(codes) == 6:
            query.add(f"{country} AND {prefix}_sector = ?", codes[:3], codes[3:])
        else:
            query.add(f"({country} OR {prefix}_sector = ?)", codes, codes)
    else:
        query.add(f"{prefix}_name ILIKE ? ESCAPE '\\'", _like(value))


def _order(table: str, order_by: str | None, descending: bool, default: str) -> str:
    choices = ORDERS[table]
    key = order_by or default
    if key not in choices:
        raise UsageError(f"order_by {key!r}: choose one of {', '.join(choices)}.")
    return " ORDER BY " + choices[key].format(d="DESC" if descending else "ASC")


def _page(limit: Any, offset: Any) -> tuple[str, list[int]]:
    try:
        lim = None if limit is None else int(limit)
        off = int(offset or 0)
    except (TypeError, ValueError):
        raise UsageError("limit and offset must be whole numbers.") from None
    if (lim is not None and lim < 0) or off < 0:
        raise UsageError("limit and offset must not be negative.")
    if lim is None:
        return " OFFSET ?", [off]
    return " LIMIT ? OFFSET ?", [lim, off]


def _confidence(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise UsageError(f"min-confidence {value!r} is not a number.") from None


def events_sql(resolve_place: Any, **filters: Any) -> tuple[str, list[Any]]:
    """SQL over canonical events for the filters of `tacitus events` (see Store.events)."""
    _check(filters, EVENT_FILTERS)
    q = Query()
    if filters.get("type"):
        q.add("type = ?", check_event_type(filters["type"]))
    if filters.get("mode"):
        q.add("mode = ?", str(filters["mode"]).lower())
    if filters.get("status"):
        statuses = check_statuses(filters["status"])
        if len(statuses) < len(STATUSES):
            q.add("list_contains(?, status)", statuses)
    if filters.get("stated_countries") and not (filters.get("actor") or filters.get("recipient")):
        raise UsageError(
            "stated countries narrow the actor and recipient filters: give --actor or "
            "--recipient with a country code as well."
        )
    for role in ("actor", "recipient"):
        if filters.get(role):
            add_party(q, role, filters[role], bool(filters.get("stated_countries")))
    if filters.get("country"):
        q.add("country = ?", check_country(filters["country"]))
    add_range(q, filters)
    if filters.get("near"):
        add_near(q, *parse_near(filters["near"], resolve_place))
    if filters.get("min_confidence") is not None:
        q.add("confidence >= ?", _confidence(filters["min_confidence"]))
    if filters.get("event_id"):
        q.add("event_id = ?", str(filters["event_id"]))
    return _finish(f"SELECT {EVENT_COLUMNS} FROM events", q, "events", filters, "date", True)


def quotes_sql(**filters: Any) -> tuple[str, list[Any]]:
    """SQL over quotes for `tacitus quotes` (speaker, contains, since, until, direct, article)."""
    _check(filters, QUOTE_FILTERS)
    q = Query()
    if filters.get("speaker"):
        value = str(filters["speaker"]).strip()
        if CODE.fullmatch(value):
            add_party(q, "q.speaker", value)
        else:
            q.add(
                "(q.speaker_name ILIKE ? ESCAPE '\\' OR q.source_text ILIKE ? ESCAPE '\\')",
                _like(value),
                _like(value),
            )
    if filters.get("contains"):
        q.add("q.content ILIKE ? ESCAPE '\\'", _like(str(filters["contains"])))
    add_period(q, "a.published_date", filters)
    if filters.get("direct") is not None:
        q.add("q.direct = ?", bool(filters["direct"]))
    if filters.get("article_id"):
        q.add("q.article_id = ?", str(filters["article_id"]))
    sql = (
        "SELECT q.article_id, q.idx, a.url, a.source, a.published, q.speaker_name, "
        "q.speaker_country, q.speaker_sector, q.source_text, q.cue, q.content, q.direct, "
        "q.content_start, q.content_end FROM quotes q JOIN articles a USING (article_id)"
    )
    return _finish(sql, q, "quotes", filters, "published", True)


def articles_sql(**filters: Any) -> tuple[str, list[Any]]:
    """SQL over articles (source, url, since, until, contains, with_text)."""
    _check(filters, ARTICLE_FILTERS)
    q = Query()
    if filters.get("source"):
        q.add("source ILIKE ? ESCAPE '\\'", _like(str(filters["source"])))
    if filters.get("url"):
        q.add("url = ?", str(filters["url"]))
    if filters.get("article_id"):
        q.add("article_id = ?", str(filters["article_id"]))
    add_period(q, "published_date", filters)
    if filters.get("contains"):
        pattern = _like(str(filters["contains"]))
        q.add("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')", pattern, pattern)
    columns = "article_id, input_id, url, source, title, published, language, n_events, n_quotes"
    columns += ", text" if filters.get("with_text") else ""
    return _finish(f"SELECT {columns} FROM articles", q, "articles", filters, "published", True)


def errors_sql(**filters: Any) -> tuple[str, list[Any]]:
    """SQL over stored errors (kind)."""
    _check(filters, ERROR_FILTERS)
    q = Query()
    if filters.get("kind"):
        q.add("kind = ?", str(filters["kind"]))
    sql = "SELECT input_id, article_id, url, kind, message, ingested_at FROM errors"
    return _finish(sql, q, "errors", filters, "ingested", False)


def _finish(
    select: str, q: Query, table: str, filters: dict[str, Any], order: str, descending: bool
) -> tuple[str, list[Any]]:
    """SELECT + WHERE + ORDER BY + LIMIT/OFFSET, and the parameters in their order."""
    descending = filters.get("descending", descending)
    ordering = _order(table, filters.get("order_by"), descending, order)
    page, page_params = _page(filters.get("limit"), filters.get("offset"))
    return select + q.where() + ordering + page, q.params + page_params


def _check(filters: dict[str, Any], known: frozenset[str]) -> None:
    unknown = sorted(set(filters) - known)
    if unknown:
        raise UsageError(
            f"Unknown filter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}."
        )
