"""The carrier: one `Article` per input item, filled in by the stages in order.

Every annotation is a plain dict in the shape of the output contract (DESIGN.md, version 1),
with half-open character offsets into `article.text`, the cleaned text. Stages may add keys
to those dicts freely; `record.to_record` writes them out. The spaCy `Doc` (`article.doc`)
is built over `article.text` by the nlp stage and is never serialised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Article:
    """One news article and everything learnt about it so far.

    Attributes:
        id: the input's id, or one made from its position and origin.
        text: the text being analysed; raw until the clean stage, cleaned afterwards.
        raw: the text as it arrived (before cleaning).
        published: ISO date (or datetime) the article appeared, or None.
        source, url, title: metadata from the input, when known.
        language: ISO 639-1 code detected for the text.
        doc: the spaCy Doc over `text` (after the nlp stage).
        dateline: `{"start", "end", "text"}` of the dateline place (`MOSCOW:`), or None.
        entities, actors, places, times, quotes, events: annotations (contract dicts).
        errors: non-fatal problems, `{"kind", "message"}` each (e.g. `bad_date`).
        meta: other input keys kept for the caller (not analysed).
    """

    id: str
    text: str
    raw: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    language: str = "en"
    doc: Any = None
    dateline: dict[str, Any] | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    times: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def add_error(self, kind: str, message: str) -> None:
        """Record a problem that did not stop the analysis."""
        self.errors.append({"kind": kind, "message": message})

    def actor(self, actor_id: str | None) -> dict[str, Any] | None:
        """The actor with this id, or None."""
        for actor in self.actors:
            if actor["id"] == actor_id:
                return actor
        return None

    def actor_at(self, start: int, end: int) -> dict[str, Any] | None:
        """The actor with a mention overlapping [start, end), the longest overlap first."""
        best, best_overlap = None, 0
        for actor in self.actors:
            for m_start, m_end in actor["mentions"]:
                overlap = min(end, m_end) - max(start, m_start)
                if overlap > best_overlap:
                    best, best_overlap = actor, overlap
        return best

    def place_at(self, start: int, end: int) -> dict[str, Any] | None:
        """The resolved place overlapping [start, end), or None."""
        for place in self.places:
            if place["start"] < end and start < place["end"]:
                return place
        return None


@dataclass
class Failure:
    """An input item that could not be analysed: written as `{"id", "error": {...}}`."""

    id: str
    kind: str
    message: str
    meta: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The error line of the output contract."""
        return {"id": self.id, "error": {"kind": self.kind, "message": self.message}}
