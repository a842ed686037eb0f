"""Gazetteer look-ups of the places stage: a mention and the entries it may name.

`_Mention` is what the stage collects (a span, its entity if any, its candidate entries, and
later its scores and choice); the helpers here ask the gazetteer (`tacitus.kb.gazetteer`)
whether a text names an entry, which entries, and how prominent they are. Reads no article.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from tacitus.core.article import Entity
from tacitus.kb.actors import load_kb, normalise_name
from tacitus.kb.gazetteer import Gazetteer, abbreviation, normalise
from tacitus.stages.places.words import cues, demonym_endings, place_words

#: Added mentions (not tagged by spaCy) must be at least this prominent.
_MIN_ADDED_POPULATION = 50_000
#: Alternate names this short are codes (airports, postal abbreviations): an untagged word
#: matches them only when written in capitals.
_MAX_CODE = 3
#: Dotted initials not in the abbreviation table stand only for a city this big ("L.A.").
_MIN_DOTTED_CITY = 100_000


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    entity: Entity | None
    candidates: list[int]
    demonym: str | None = None
    regional: bool = False  # a demonym of a region or town ("Ohioans", "New Londoners")
    dateline: bool = False
    container: int | None = None  # index of the mention that follows as "X, Y"
    siblings: tuple[int, ...] = ()  # indices of the other names of its list ("X, Y and Z")
    nested: bool = False  # inside an organisation's name: a place, but no entity of its own
    #: the type spaCy gave the entity (PLACE, ORG, PERSON, NORP); None for a name found by
    #: the gazetteer alone or inside another name
    tagged: str | None = None
    cued: bool = False  # found by a pattern that calls it a place ("X, Y and Z counties")
    hometown: bool = False  # a person's home town ("Guy Evans, 26, of Paris", "R-Marshall")
    choice: int | None = None
    scores: dict[int, float] = field(default_factory=dict)

    def unplace(self) -> None:
        """Read the name as no place after all: no reading, and the entity the stage had
        retyped as a place gets back the type spaCy gave it."""
        self.choice = None
        if self.entity is not None and self.tagged is not None:
            self.entity["type"] = self.tagged  # type: ignore[typeddict-item]


def _lookup_variants(g: Gazetteer, text: str) -> list[int]:
    found = g.lookup(text)
    if not found and text.lower().startswith("the "):
        found = g.lookup(text[4:])
    return found


def _names_feature(g: Gazetteer, text: str) -> bool:
    """Whether `text` is the own name of a country, region or named feature."""
    key = normalise(text)
    return any(
        g.feature_of(e) in place_words()["named_feature"] and normalise(g.names[e]) == key
        for e in _lookup_variants(g, text)
    )


def _names_entry(g: Gazetteer, text: str) -> bool:
    """Whether `text` is the own name of some entry."""
    return bool(_by_own_name(g, text, g.lookup(text)))


def _regional_demonym(
    g: Gazetteer,
    start: int,
    end: int,
    text: str,
    entity: Entity | None,
) -> _Mention | None:
    """A demonym of a region or town ("Ohioans", "South Ossetian", "New Londoners"): a
    mention of that place, of kind `demonym`. The place must be a first-level or named
    region, or a prominent town, called by its own name."""
    if not text[:1].isupper() or not text[-1:].islower() or text.endswith(("man", "men")):
        return None  # "Gunman" is no Gunma native
    if normalise(text) in cues()["party"]:
        return None  # "Republicans" are no natives of Republica
    for ending, restore in demonym_endings():
        if not text.endswith(ending) or len(text) - len(ending) < 4:
            continue
        stem = text[: len(text) - len(ending)] + restore
        if _generic(stem):
            continue  # "Southerner"
        # the place's own name, accents and all ("Further" is not Fürth), and a town only
        # when it is prominent ("Asian" is not Asia, the Philippine town)
        found = [
            e
            for e in g.lookup(stem)
            if g.names[e] == stem
            and (
                g.feature_of(e) in ("region", "area")
                or (g.feature_of(e) == "city" and _prominent(g, e))
            )
        ]
        if found:
            mention = _Mention(start, end, text, entity, found, regional=True)
            if entity is not None:
                entity["type"] = "NORP"
            return mention
    return None


def _without_codes(g: Gazetteer, text: str, candidates: list[int]) -> list[int]:
    """A short alternate name is a code ("MAD" for Madrid, "TOY" for Toyama): a word that
    spaCy did not tag as a place ("Mad", "Toy") matches only entries of its own name."""
    if len(normalise(text)) > _MAX_CODE or text.isupper():
        return candidates
    return _by_own_name(g, text, candidates)


def _generic(text: str) -> bool:
    """A lone word such as "Bay" or "West" that names some entry but is no toponym alone."""
    return normalise(text) in cues()["generic"]


def _organ_word(text: str) -> bool:
    """Whether words are, as words, a body of the state or a group of the actor knowledge
    base's agents ("Police", "Army", "Supreme Court", "Workers"), or the own name of one of
    its bodies of the state ("White House", "Kremlin"; `KnowledgeBase.own_body`)."""
    kb = load_kb()
    return kb.agents.get(normalise_name(text)) is not None or kb.own_body(text) is not None


def _as_body(g: Gazetteer, text: str, candidates: list[int], located: bool = True) -> list[int]:
    """A name that is, as words, a body of the state or a group ("White House", "Police")
    names that body first. It reads as a place only where the text puts something at it
    (`located`: the object of a locative preposition, "a meeting at the White House"; not
    "the White House said"), and there only as the place's own name (the town of Police),
    never as another of a place's names (Casablanca is "the White House" in Arabic, and
    GeoNames lists the translation)."""
    if not _organ_word(text):
        return candidates
    return _by_own_name(g, text, candidates) if located else []


def _by_own_name(g: Gazetteer, text: str, candidates: list[int]) -> list[int]:
    """The entries among `candidates` whose own name is `text` (not another of their names)."""
    key = normalise(text)
    return [e for e in candidates if normalise(g.names[e]) == key]


def _own_name(g: Gazetteer, entry: int, text: str) -> bool:
    """Whether a town is called by its own name (or an abbreviation: "St. Paul", "Phila.").
    A town known by another name ("Drug" for Durg, "Hamas" for Hamm) needs a cue."""
    return (
        g.feature_of(entry) != "city" or "." in text or normalise(g.names[entry]) == normalise(text)
    )


def _prominent(g: Gazetteer, entry: int) -> bool:
    feature = g.feature_of(entry)
    return (
        feature in place_words()["added_feature"]
        or int(g.population[entry]) >= _MIN_ADDED_POPULATION
    )


def _unlisted_abbreviation(g: Gazetteer, text: str) -> bool:
    """A dotted abbreviation ("Dec.", "Sen.", "Inc.") that the abbreviation table does not
    list: a month, title or company word, whatever town shares its letters. GeoNames'
    initials of big cities ("L.A.") stand."""
    if " " in text or not text.endswith(".") or g.keys.find(abbreviation(text)) is not None:
        return False
    letters = normalise(text)
    return not any(
        int(g.population[e]) >= _MIN_DOTTED_CITY
        and "".join(w[0] for w in normalise(g.names[e]).split()) == letters
        for e in g.lookup(text)
    )


def _contains(g: Gazetteer, outer: int, inner: int) -> bool:
    if g.country[outer] != g.country[inner] or outer == inner:
        return False
    feature = g.feature_of(outer)
    if feature == "country":
        return True
    return feature == "region" and g.admin1[outer] == g.admin1[inner] != ""


def _closest_km(g: Gazetteer, entries: list[int], others: list[int]) -> list[float]:
    """For each entry, the distance in km to the nearest of `others` (inf when none)."""
    if not others or not entries:
        return [math.inf] * len(entries)
    lat1 = np.radians(g.lat[entries].astype(np.float64))[:, None]
    lon1 = np.radians(g.lon[entries].astype(np.float64))[:, None]
    unique = sorted(set(others))
    lat2 = np.radians(g.lat[unique].astype(np.float64))[None, :]
    lon2 = np.radians(g.lon[unique].astype(np.float64))[None, :]
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return (12742.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))).min(axis=1).tolist()
