"""The unnamed participants of local events.

A protest, an arrest, an attack or a mobilisation has a doer and a target even when the text
names neither: "he was arrested in Ohio" (by the police), "a stabbing on a Bay Area train"
(by an attacker), "shots were fired at protesters in Lagos". Coders of local events (ACLED's
"Police Forces of ...", "Unidentified Armed Group (...)", GDELT's country of an unnamed
actor) give such a participant the country of the place where the event happens, since a
local participant acts where it is. `unnamed_locals` adds that participant to the record,
with no name, no actor id and no sector: only the country, marked `country_from: place`.
With no place for the event, nothing is added: the country must come from the text. Nor is
a doer added whom the place does not tell: that of a state's measure, of an attack from afar
or of an attack on armed men (`_local_doer`).

The participant is added after the events are merged and before the confidence stage, which
does not count it as an actor (`tacitus.stages.confidence.event_features`): who did it is
not in the text.
"""

from __future__ import annotations

from tacitus.core.annotations import Event, Location, Party
from tacitus.core.article import Article
from tacitus.lexicons.triggers import event_mode

#: Event types whose participants act where the event happens (PLOVER's local events).
LOCAL_TYPES = {"PROTEST", "COERCE", "ASSAULT", "MOBILIZE"}

#: The modes of the local events whose doer is local too: a protest's protesters, an
#: attacker on the ground, the police who arrest or search. Not a state's measures (a ban,
#: a curfew, martial law, tariffs: the government's, wherever they apply), not troops
#: mobilised, and not an attack from the air or with heavy weapons (fired from afar, often
#: across a front line); their targets are still where the event happens.
LOCAL_DOERS: dict[str, frozenset[str | None] | None] = {
    "PROTEST": None,  # every mode
    "ASSAULT": None,
    "COERCE": frozenset({"arrest", "seize"}),
}

#: Modes of assault from afar (PLOVER), whose doer the place does not tell.
FROM_AFAR = frozenset({"aerial", "heavy-weapons"})

#: Armed targets (PLOVER sectors): an attack on them is combat, whose other side the place
#: does not tell either ("two soldiers were killed in ...": by whom, from where?).
ARMED = frozenset({"MIL", "REB", "UAF"})


def unnamed_locals(article: Article, events: list[Event]) -> list[Event]:
    """The events, each local event with no recipient, or no actor where its doer is local
    (`LOCAL_DOERS`), given an unnamed one of the country of its place (see the module
    docstring).

    Args:
        article: the article the events are of (its places give the countries).
        events: the article's event records.

    Returns:
        The same records, in order; those completed are new dicts.
    """
    done: list[Event] = []
    for event in events:
        location = event.get("location")
        missing = [r for r in ("actor", "recipient") if event.get(r) is None]
        if "actor" in missing and not _local_doer(article, event):
            missing.remove("actor")
        if event["type"] not in LOCAL_TYPES or location is None or not missing:
            done.append(event)
            continue
        country = place_country(article, location)
        if country is None:
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


def _local_doer(article: Article, event: Event) -> bool:
    """Whether the doer of an event is local (`LOCAL_DOERS`): not when its target is armed
    (`ARMED`), nor when the event or a noun of its clause names an attack from afar
    ("airstrikes hit a market": `FROM_AFAR`)."""
    kind, mode = event["type"], event.get("mode")
    if kind not in LOCAL_DOERS or mode in FROM_AFAR:
        return False
    modes = LOCAL_DOERS[kind]
    if modes is not None and mode not in modes:
        return False
    target = event.get("recipient")
    if target is not None and target.get("sector") in ARMED:
        return False
    start, end = event["evidence"]
    span = article.doc.char_span(start, end, alignment_mode="expand") if article.doc else None
    return span is None or not any(event_mode(token) in FROM_AFAR for token in span)


def place_country(article: Article, location: Location) -> str | None:
    """The country of the article's place that a record's location is."""
    for place in article.places:
        if place.get("geonames_id") == location.get("geonames_id") and (
            place.get("name") or place.get("text")
        ) == location.get("name"):
            return place.get("country")
    return None
