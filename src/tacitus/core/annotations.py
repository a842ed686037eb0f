"""The annotation dicts of the output contract (DESIGN.md, version 1), as typed dicts.

The stages put these on the `Article` (`tacitus.core.article`) and `tacitus.io.record`
writes them out as they are: each is a plain dict at run time, so a record is its
annotations serialised, with keys in the order the stage that builds one writes them.
A key a stage writes only sometimes is `NotRequired`; a key always written but possibly
empty has `| None` in its type. Offsets are half-open `str` indices into `article.text`;
a span inside a record is a two-item list `[start, end]` (JSON has no tuples).

Reads nothing; the stages that build each dict are named in its docstring.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Dateline(TypedDict):
    """The dateline place opening a wire story (`MOSCOW:`), found by the clean stage."""

    start: int
    end: int
    text: str


class Entity(TypedDict):
    """A named mention: spaCy's NER (nlp stage), corrected and added to by the places and
    actors stages.

    `type` is PERSON, ORG, PLACE or NORP; `label` says where it came from (spaCy's label,
    DATELINE, KB, SURNAME, TITLE ...); `actor` is the id of its actor, `place` the index of
    its place in `article.places`; `role` is "dateline" for the dateline's place.
    """

    start: int
    end: int
    text: str
    type: str
    label: str
    role: NotRequired[str]
    actor: str | None
    place: int | None


class Actor(TypedDict):
    """A participant of the article (actors stage), numbered A1, A2 ... by first mention.

    `kb_id` and `source` name its entry in the actor base when it has one; `person` says
    whether it is a person; `mentions` are its outermost `[start, end]` spans.

    `country_from` is there when no name, title, demonym or entry of its own gave the
    country: `place` (the country of the place its sentence is located in), `dateline` (an
    official or a body of the state with no nationality named, of the country the article
    is filed from) or `article` (the same, of the country most of the article's places lie
    in: a default an analyst may want to leave out).
    """

    id: str
    name: str
    country: str | None
    sector: str | None
    kb_id: str | None
    source: str | None
    person: bool
    mentions: list[list[int]]
    country_from: NotRequired[str]


class PlaceEntry(TypedDict):
    """What the gazetteer says of an entry (`Gazetteer.describe`): the contract fields of a
    place that do not depend on where the text names it."""

    name: str
    geonames_id: int | None
    lat: float
    lon: float
    country: str | None
    feature: str


class Place(TypedDict):
    """A resolved place mention (places stage): its span, the gazetteer entry it names,
    and `kind`, how the text uses it (literal, demonym, metonymic ...); `role` is "dateline"
    for the dateline's place."""

    start: int
    end: int
    text: str
    name: str
    geonames_id: int | None
    lat: float
    lon: float
    country: str | None
    feature: str
    kind: str
    role: NotRequired[str]


class TimeValue(TypedDict):
    """A temporal expression (times stage): TimeML `type` (DATE, TIME, DURATION, SET) and
    `value`."""

    start: int
    end: int
    text: str
    type: str
    value: str


class Quote(TypedDict):
    """A quotation or reported speech (quotes stage): `content`, `source` (the speaker's
    phrase) and `cue` spans, the speaker's actor id, whether it is in quotation marks; the
    cue's lemma, class and mode when the cue lexicon knows it, and the date that governs it."""

    content: list[int]
    source: list[int] | None
    speaker: str | None
    cue: list[int] | None
    direct: bool
    cue_lemma: NotRequired[str]
    cue_class: NotRequired[str]
    mode: NotRequired[str]
    date: NotRequired[str]


class Party(TypedDict):
    """The actor or the recipient of an event (`tacitus.syntax.role_codes`): the id of the
    article's actor it is (None: named only by a phrase), its name, country and sector;
    `text` is the phrase when an actor covers it; `country_from` says where a country not of
    its own comes from: `place` (the event's place, for a local participant, or the place of
    the actor's sentence), `dateline` or `article` (the actor's default: `Actor`); `co_actors` are
    the other actors of one side named together with this one ("Saraki, Melaye and
    Murray-Bruce", one country and sector), whose names `name` then lists. `name` is None
    for the unnamed participant of a local event (`tacitus.stages.events.unnamed`)."""

    actor: str | None
    name: str | None
    country: str | None
    sector: str | None
    text: NotRequired[str]
    country_from: NotRequired[str]
    co_actors: NotRequired[list[Party]]


class Location(TypedDict):
    """Where an event happened: the name, GeoNames id and coordinates of a place."""

    name: str
    geonames_id: int | None
    lat: float
    lon: float


class EventCount(TypedDict):
    """A number of people or things an event affected (`tacitus.syntax.counts`): "some
    34,000 people evacuated" is 34000, "people evacuated", approximate."""

    value: int
    what: str
    span: list[int]
    approximate: NotRequired[bool]
    at_least: NotRequired[bool]


class Intended(TypedDict):
    """The type and mode the trigger had before its status or participants changed them."""

    type: str
    mode: str | None


class Event(TypedDict):
    """An event (events stage): PLOVER `type` and `mode`, who did it to whom, where and
    when, its `status`, its `evidence` clause and trigger spans, and its `confidence`.

    Sometimes: `status_cue` (the words that set the status), `derived` (coded from another
    event's words), `intended` (the type before the status changed it), `quote` (the index of
    the quote it is reported in), `embedding_score` (the embedding check).
    """

    type: str
    mode: str | None
    actor: Party | None
    recipient: Party | None
    location: Location | None
    date: str | None
    date_is_fallback: bool
    status: str
    evidence: list[int]
    counts: list[EventCount]
    confidence: float
    trigger: list[int]
    trigger_text: str
    lexicon: str
    nominal: bool
    status_cue: NotRequired[str]
    derived: NotRequired[bool]
    intended: NotRequired[Intended]
    quote: NotRequired[int]
    embedding_score: NotRequired[float]
    also: NotRequired[list[list[int]]]
    cameo: NotRequired[str]


class ErrorNote(TypedDict):
    """A problem that did not stop the analysis (`Article.add_error`), e.g. `bad_date`."""

    kind: str
    message: str


class Incident(TypedDict):
    """Harm that nobody inflicted (events stage): deaths or injuries from a disaster or an
    accident ("floods killed 40", "killed in a car crash"). It is no PLOVER event and never
    in `events`; early-warning users keep it for its counts.

    `kind` is `disaster` (a disaster or an accident is named as the subject or cause: a
    flood, an earthquake, a crash) or `accident` (the text calls the harm accidental);
    `cause` is the word that says so; `trigger`, `evidence`, `location`, `date` and `counts` are as
    for an event.
    """

    kind: str
    cause: str
    trigger: list[int]
    trigger_text: str
    evidence: list[int]
    location: Location | None
    date: str | None
    date_is_fallback: bool
    counts: list[EventCount]
