"""The unnamed participants of local events.

An arrest, a search, a protest or a beating has a doer and a target even when the text names
neither: "he was arrested in Ohio" (by the police there), "shots were fired at protesters in
Lagos" (protesters there). Coders of local events (ACLED's "Police Forces of ...", "Civilians
(...)", GDELT's country of an unnamed actor) give such a participant the country of the place
where the event happens, since a local participant acts where it is. `unnamed_locals` adds
that participant to the record, with no name, no actor id and no sector: only the country,
marked `country_from: place`. With no place for the event, nothing is added: the country
must come from the text.

The place tells the doer only where the doer must have been there and be of there: the
police who arrest or search, protesters, and whoever beats, tortures, rapes or disperses a
crowd with their own hands (`LOCAL_DOERS`). It does not tell who fired a rocket, laid a bomb
or attacked a town (from afar, or across a front line), nor who issued a ban or a curfew (a
government, wherever it applies), nor who fought soldiers or fighters (`ARMED`). The target
of an arrest, an attack or a protest is where it happens, except the target of people
protesting abroad ("Ethiopians protested in Washington": their own government, perhaps),
which the place does not tell.

The participant is added after the events are merged and before the confidence stage, which
does not count it as an actor (`tacitus.stages.confidence.event_features`): who did it is
not in the text.
"""

from __future__ import annotations

from tacitus.core.annotations import Event, Location, Party
from tacitus.core.article import Article

#: Event types whose participants act where the event happens (PLOVER's local events).
LOCAL_TYPES = {"PROTEST", "COERCE", "ASSAULT", "MOBILIZE"}

#: Event types whose unnamed target is where the event happens (troops mobilised have none).
LOCAL_TARGETS = frozenset({"PROTEST", "COERCE", "ASSAULT"})

#: The (type, modes) whose unnamed doer is of where the event happens (None: every mode):
#: protesters, the police who arrest or search, and an assault by hand (PLOVER modes).
LOCAL_DOERS: dict[str, frozenset[str] | None] = {
    "PROTEST": None,
    "COERCE": frozenset({"arrest", "seize"}),
    "ASSAULT": frozenset({"beat", "torture", "sexual", "crowd-control"}),
}

#: Armed targets (PLOVER sectors): an attack on them is combat, whose other side the place
#: does not tell ("two soldiers were beaten to death in ...": by whom, from where?).
ARMED = frozenset({"MIL", "REB", "UAF"})


def unnamed_locals(article: Article, events: list[Event]) -> list[Event]:
    """The events, each local event with no doer or no target given an unnamed one of the
    country of its place where the place tells it (see the module docstring).

    Args:
        article: the article the events are of (its places give the countries).
        events: the article's event records.

    Returns:
        The same records, in order; those completed are new dicts.
    """
    done: list[Event] = []
    for event in events:
        location = event.get("location")
        if event["type"] not in LOCAL_TARGETS or location is None:
            done.append(event)  # no local event, or nowhere: nothing to tell
            continue
        country = place_country(article, location)
        missing = []
        if event.get("actor") is None and _local_doer(event):
            missing.append("actor")
        if event.get("recipient") is None and _local_target(event, country):
            missing.append("recipient")
        if country is None or not missing:
            done.append(event)
            continue
        completed: Event = {**event}
        for role in missing:
            unnamed: Party = {
                "actor": None,
                "name": None,
                "country": country,
                "sector": None,
                "country_from": "place",
            }
            completed[role] = unnamed  # type: ignore[literal-required]
        done.append(completed)
    return done


def _local_doer(event: Event) -> bool:
    """Whether the place tells the unnamed doer of an event (`LOCAL_DOERS`, `ARMED`)."""
    kind, mode = event["type"], event.get("mode")
    if kind not in LOCAL_DOERS:
        return False
    modes = LOCAL_DOERS[kind]
    if modes is not None and mode not in modes:
        return False
    target = event.get("recipient")
    return target is None or target.get("sector") not in ARMED


def _local_target(event: Event, country: str | None) -> bool:
    """Whether the place (in `country`) tells the unnamed target of a local event: not that
    of people of another country protesting abroad."""
    if event["type"] != "PROTEST":
        return True
    doer = event.get("actor")
    if doer is None or doer.get("country_from") == "place" or not doer.get("country"):
        return True
    return doer.get("country") == country


def place_country(article: Article, location: Location) -> str | None:
    """The country of the article's place that a record's location is."""
    for place in article.places:
        if place.get("geonames_id") == location.get("geonames_id") and (
            place.get("name") or place.get("text")
        ) == location.get("name"):
            return place.get("country")
    return None
