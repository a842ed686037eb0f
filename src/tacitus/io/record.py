"""The output record (contract version 1): one JSON-ready dict per analysed article.

Reads every annotation on the `Article` and writes the keys of DESIGN.md in their order.
Keys may be added freely; the contract's keys are never renamed.

A post-pass adds to each event and incident (copies; the article is not changed):

- `date` at its own precision (a time of day such as `2019-11-18TEV` gives its day; a week,
  month or year stays one), `date_precision` (`day`, `week`, `month`, `year`) and
  `date_start`/`date_end`, the real first and last days it covers
  (`tacitus.timex.precision`); a value that names no period keeps its `date` and gets
  nulls, so no day is ever made up;
- `typed_counts`: the largest count of each kind (`killed`, `wounded`, `arrested`,
  `detained`, `displaced`, `evacuated`, ... the `what` column of
  `lexicons/en/count_verbs.tsv`), read from the last word of each count's `what`, and each
  count's `kind`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tacitus.core.article import Article
from tacitus.core.resources import load_once, read_table
from tacitus.timex.precision import date_range

CONTRACT_VERSION = 1


def to_record(article: Article) -> dict[str, Any]:
    """The contract record of `article`, ready for `json.dumps`."""
    record: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "title_span": list(article.title_span) if article.title_span else None,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "dateline": article.dateline,
        "entities": article.entities,
        "actors": article.actors,
        "places": article.places,
        "times": article.times,
        "quotes": article.quotes,
        "events": [with_fields(e) for e in article.events],
        "incidents": [with_fields(e) for e in article.incidents],
        "errors": article.errors,
    }
    return record


@load_once
def count_kinds() -> frozenset[str]:
    """The kinds of typed counts: what counted people undergo (`count_verbs.tsv`)."""
    return frozenset(row["what"] for row in read_table("lexicons/en/count_verbs.tsv"))


def count_kind(what: Any) -> str | None:
    """The kind of a count from its `what` ("people killed" -> killed), or None."""
    words = str(what or "").lower().split()
    return words[-1] if words and words[-1] in count_kinds() else None


def with_fields(event: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of an event (or incident) with its date range and its typed counts.

    Args:
        event: an event dict of the article (its `date` a TimeML value, its `counts`).

    Returns:
        The copy, with `date` at its precision, `date_precision`, `date_start`, `date_end`
        (ISO days, or None when the value names no period), `typed_counts` and each
        count's `kind`.
    """
    out = dict(event)
    found = date_range(out.get("date"))
    if found is not None:
        out["date"] = found.value
    out["date_precision"] = found.precision if found else None
    out["date_start"] = found.start.isoformat() if found else None
    out["date_end"] = found.end.isoformat() if found else None
    counts: list[dict[str, Any]] = []
    typed: dict[str, float] = {}
    for count in out.get("counts") or []:
        count = dict(count)
        kind = count_kind(count.get("what"))
        count["kind"] = kind
        value = count.get("value")
        if kind and isinstance(value, int | float) and not isinstance(value, bool):
            typed[kind] = max(typed.get(kind, value), value)
        counts.append(count)
    out["counts"] = counts
    out["typed_counts"] = typed
    return out
