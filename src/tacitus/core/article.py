"""The carrier: one `Article` per input item, filled in by the stages in order.

Every annotation is a plain dict in the shape of the output contract (DESIGN.md, version 1),
typed in `tacitus.core.annotations` (re-exported here), with half-open character offsets into
`article.text`, the cleaned text. A stage that adds a key to one declares it there;
`record.to_record` writes the dicts out. The spaCy `Doc` (`article.doc`) is built over
`article.text` by the nlp stage and is never serialised.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tacitus.core.annotations import (
    Actor,
    Dateline,
    Entity,
    ErrorNote,
    Event,
    EventCount,
    Incident,
    Intended,
    Location,
    Party,
    Place,
    PlaceEntry,
    Quote,
    TimeValue,
)

__all__ = [
    "Actor",
    "Article",
    "Dateline",
    "Entity",
    "ErrorNote",
    "Event",
    "EventCount",
    "Incident",
    "Failure",
    "Intended",
    "Location",
    "Party",
    "Place",
    "PlaceEntry",
    "Quote",
    "SpanIndex",
    "TimeValue",
    "actor_index",
    "best_actor",
    "entity_index",
    "place_index",
]

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Half-open spans with payloads, found by overlap without scanning them all.

    Stages ask "what overlaps [start, end)?" once per token, trigger or quote; scanning every
    mention each time makes a long article quadratic. The spans are kept sorted by start, and
    a span can only overlap [start, end) if it starts after `start - longest`, so a lookup is
    a bisect plus the few spans near the query. Each span keeps the order it was added in, so
    a caller can break ties exactly as a scan in that order would.
    """

    def __init__(self, spans: Iterable[tuple[int, int, T]] = ()) -> None:
        # sorted once (stably: as `add` one by one would place them), not inserted one by one
        self._entries: list[tuple[int, int, int, T]] = sorted(
            ((start, end, n, payload) for n, (start, end, payload) in enumerate(spans)),
            key=lambda entry: entry[0],
        )
        self._starts: list[int] = [entry[0] for entry in self._entries]
        self._longest = max([0, *(end - start for start, end, _, _ in self._entries)])
        self._added = len(self._entries)

    def __len__(self) -> int:
        return self._added

    def add(self, start: int, end: int, payload: T) -> None:
        """Add the span [start, end) carrying `payload`, after every span added so far."""
        at = bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._entries.insert(at, (start, end, self._added, payload))
        self._added += 1
        self._longest = max(self._longest, end - start)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, int, T]]:
        """The spans with `s < end and start < e`, as (s, e, order added, payload), in order.

        Args:
            start, end: the query span.

        Returns:
            The overlapping entries, in the order they were added.
        """
        lo = bisect_right(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        found = [e for e in self._entries[lo:hi] if e[0] < end and start < e[1]]
        found.sort(key=lambda e: e[2])
        return found

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span overlaps [start, end) (`s < end and start < e`)."""
        lo = bisect_right(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return any(e[0] < end and start < e[1] for e in self._entries[lo:hi])


def actor_index(actors: list[Actor]) -> SpanIndex[Actor]:
    """Every mention of every actor (contract dicts), in actor then mention order."""
    return SpanIndex((m[0], m[1], actor) for actor in actors for m in actor["mentions"])


def best_actor(index: SpanIndex[Actor], start: int, end: int) -> Actor | None:
    """The actor with the longest mention overlap with [start, end); the first on ties."""
    best, best_overlap = None, 0
    for m_start, m_end, _, actor in index.overlapping(start, end):
        overlap = min(end, m_end) - max(start, m_start)
        if overlap > best_overlap:
            best, best_overlap = actor, overlap
    return best


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
        incidents: harm that nobody inflicted (a disaster, an accident): no PLOVER event.
        errors: non-fatal problems, `{"kind", "message"}` each (e.g. `bad_date`).
        meta: other input keys kept for the caller (not analysed).
        title_span: [start, end) of the headline at the top of `text`, when there is one.
    """

    id: str | int
    text: str
    raw: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    language: str = "en"
    doc: Any = None
    dateline: Dateline | None = None
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeValue] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    errors: list[ErrorNote] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    title_span: tuple[int, int] | None = None
    # lookup structures derived from the annotations, rebuilt when an annotation list changes
    _indexes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(
        self,
        name: str,
        source: list[Any],
        build: Callable[[list[Any]], T],
        grow: Callable[[T, Actor, list[list[int]]], None] | None = None,
    ) -> T:
        """A structure built from one annotation list, built once and reused while that list
        is the same object with the same length (stages replace lists or add to them; a list
        edited in place to the same length, or a span moved inside it, would not be seen).

        Args:
            name: the structure's name (one per kind of structure).
            source: the annotation list it is built from (e.g. `self.actors`).
            build: makes the structure from `source`.
            grow: for a structure of `actors`, adds an actor's new mentions to it in place
                (`add_actor`, `add_mentions`); without it, the structure is rebuilt instead.
                A grown structure answers as a rebuilt one would, but that a new mention
                comes after every earlier one: of two mentions that tie (the same overlap
                with a span), the one added first wins, where a rebuild takes actor order.

        Returns:
            The structure.
        """
        cached = self._indexes.get(name)
        if cached is None or cached[0] is not source or cached[1] != len(source):
            cached = (source, len(source), build(source), grow)
            self._indexes[name] = cached
        return cached[2]  # type: ignore[no-any-return]

    def add_actor(self, actor: Actor) -> None:
        """Add a new actor to `actors`, growing what was derived from them rather than
        rebuilding it: a stage that adds actors one at a time (the quotes stage's speakers)
        stays linear in the article's length."""
        self.actors.append(actor)
        self._grown(actor, actor["mentions"], added=1)

    def add_mentions(self, actor: Actor, spans: list[list[int]]) -> None:
        """Add new mentions to an actor of `actors` (kept in order), growing what was derived
        from the actors as `add_actor` does."""
        actor["mentions"] = sorted([*actor["mentions"], *spans])
        self._grown(actor, spans, added=0)

    def _grown(self, actor: Actor, spans: list[list[int]], added: int) -> None:
        for name, (source, length, structure, grow) in list(self._indexes.items()):
            if source is not self.actors:
                continue
            if grow is None or length != len(source) - added:
                del self._indexes[name]  # rebuilt when next asked for (it missed a change)
            else:
                grow(structure, actor, spans)
                self._indexes[name] = (source, len(source), structure, grow)

    def add_error(self, kind: str, message: str) -> None:
        """Record a problem that did not stop the analysis."""
        self.errors.append({"kind": kind, "message": message})

    def actor(self, actor_id: str | None) -> Actor | None:
        """The actor with this id, or None."""
        by_id = self.derived("actor_ids", self.actors, _by_id, _grow_by_id)
        return by_id.get(actor_id)  # type: ignore[arg-type]

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping [start, end), the longest overlap first."""
        return best_actor(self.mention_index(), start, end)

    def mention_index(self) -> SpanIndex[Actor]:
        """Every mention of every actor, by span (`actor_index`), once per article."""
        return self.derived("actors", self.actors, actor_index, _grow_index)

    def place_at(self, start: int, end: int) -> Place | None:
        """The resolved place overlapping [start, end), or None (the first in list order)."""
        index = self.derived("places", self.places, place_index)
        found = index.overlapping(start, end)
        return found[0][3] if found else None


def _by_id(actors: list[Actor]) -> dict[str, Actor]:
    by_id: dict[str, Actor] = {}
    for actor in actors:
        by_id.setdefault(actor["id"], actor)  # the first actor with an id, as a scan finds
    return by_id


def _grow_by_id(by_id: dict[str, Actor], actor: Actor, spans: list[list[int]]) -> None:
    by_id.setdefault(actor["id"], actor)


def _grow_index(index: SpanIndex[Actor], actor: Actor, spans: list[list[int]]) -> None:
    for start, end in spans:
        index.add(start, end, actor)


def entity_index(entities: list[Entity]) -> SpanIndex[Entity]:
    """Every entity mention (contract dicts) by its span, in list order."""
    return SpanIndex((e["start"], e["end"], e) for e in entities)


def place_index(places: list[Place]) -> SpanIndex[Place]:
    """Every place (contract dicts) by its span, in list order."""
    return SpanIndex((p["start"], p["end"], p) for p in places)


@dataclass
class Failure:
    """An input item that could not be analysed: written as `{"id", "error": {...}}`."""

    id: str | int
    kind: str
    message: str
    meta: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The error line of the output contract."""
        return {"id": self.id, "error": {"kind": self.kind, "message": self.message}}
