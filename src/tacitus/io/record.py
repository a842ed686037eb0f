"""The output record (contract version 1): one JSON-ready dict per analysed article.

Reads every annotation on the `Article` and writes the keys of DESIGN.md in their order.
Keys may be added freely; the contract's keys are never renamed.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Article

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
        "events": article.events,
        "incidents": article.incidents,
        "errors": article.errors,
    }
    return record
