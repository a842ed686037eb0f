"""Places: find every toponym of an article and resolve it to a GeoNames entry.

Reads `article.entities` (after `nlp.add_entities`), `article.doc` and `article.dateline`.
Adds `article.places` (contract dicts: start, end, text, name, geonames_id, lat, lon,
country (ISO3), feature, kind, and `role: "dateline"` on the dateline's place), retypes
entities spaCy got wrong ("Aleppo" as NORP), adds the toponyms and demonyms it missed, and
sets `entity["place"]` to the index of the entity's place.

How a mention is resolved: every gazetteer entry whose name or alternate name matches is a
candidate; each gets a prior (its kind of feature and population), then bonuses from the
article: the countries and first-level regions other mentions, the dateline and demonyms
point to, containment ("Pandi, Bulacan"), the readings of the other names of its list
("Oregon, Utah, Washington and Wisconsin"), the country of a capital being named, and
closeness to the article's other places.
A capital whose mention acts as a government ("Damascus said", "offering Damascus help",
"anti-Damascus") is `metonymic`; a nationality word ("Russian") is a `demonym` of its country.

The gazetteer (`tacitus.kb.gazetteer`, provenance in `docs/gazetteer.md`) is mapped into each
process once and shared by the processes of a machine.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from tacitus.core.article import Article, SpanIndex
from tacitus.kb.gazetteer import (
    Gazetteer,
    abbreviation,
    country_name,
    demonym_country,
    gazetteer,
    normalise,
)

__all__ = ["country_name", "demonym_country", "gazetteer", "normalise", "resolve_places"]

#: Prior of a feature class: a name that is a country is first read as the country.
_FEATURE_PRIOR = {
    "continent": 8.0,
    "country": 7.5,
    "region": 3.5,
    "district": 2.5,
    "city": 0.0,
    "water": 7.0,
    "landform": 7.0,
    "area": 7.0,
}
#: Population adds this much per power of ten (cities, regions, districts).
_POPULATION_WEIGHT = {"region": 0.4, "district": 0.3, "city": 1.0}
#: Bonus when the match is on the entry's own name rather than an alternate name.
_OWN_NAME = 2.0
#: A national capital is read first as the capital ("Washington", "Tripoli").
_CAPITAL = 0.5
#: A capital whose country the article names ("Syria" ... "Damascus") is read as it.
_CAPITAL_OF_NAMED = 3.0
#: Bonuses from the article's context.
_COUNTRY_CONTEXT = 3.0
_REGION_CONTEXT = 2.5
#: Readings scored this far below a mention's best take no part in its votes.
_BELIEF_RANGE = 6.0
#: Country votes (mentions) from which the article's country context counts in full.
_FULL_CONTEXT = 3.0
_CONTAINED = 6.0
#: The names of a list are alike ("Virginia, Washington and Wyoming" are states): a reading
#: of the kind and country of the others' readings gains up to this much.
_SIBLING = 4.0
_NEAR = ((50.0, 2.5), (150.0, 1.5), (400.0, 0.5))
#: Added mentions (not tagged by spaCy) must be at least this prominent.
_MIN_ADDED_POPULATION = 50_000
_ADDED_FEATURES = {"continent", "country", "region", "water", "landform", "area"}
#: Features whose names are places whatever spaCy tagged them (not towns or districts).
_NAMED_FEATURES = {"continent", "country", "region", "water", "landform", "area"}
#: Alternate names this short are codes (airports, postal abbreviations): an untagged word
#: matches them only when written in capitals.
_MAX_CODE = 3
#: A town named like a country or like a region of its own country ("Italy", Texas;
#: "California", Maryland) is read as the town only on strong evidence.
_SHADOWED = 4.0
_SHADOWED_BELOW = 500_000
#: A city this big named inside an organisation's name is a place of the article.
_MIN_NESTED_POPULATION = 100_000
#: A bare ORG name that is a town at least this big is read as the town.
_MIN_ORG_TOWN = 5_000
#: An organisation's acronym: a town only after a locative cue.
_ACRONYM = re.compile(r"[A-Z]{2,5}")
#: Dotted initials not in the abbreviation table stand only for a city this big ("L.A.").
_MIN_DOTTED_CITY = 100_000
#: Mention words that never start a toponym on their own when spaCy did not tag them.
_LEADING_STOP = {"the", "a", "an", "this", "that", "in", "of", "new"}

#: Verbs whose subject or object, when a capital, stands for its government.
_GOVERNMENT_VERBS = frozenset(
    """say tell announce accuse support back oppose warn urge demand insist deny claim reject
    refuse agree want offer help aid arm fund send deploy threaten criticize criticise condemn
    welcome praise respond react blame call ask seek push pressure sanction recognize recognise
    order decide insist hope fear believe expect plan try vow pledge promise negotiate sign
    approve allow ban block expel recall summon protest complain argue suggest propose""".split()
)
#: Verbs of giving whose indirect object, when a capital, is a government.
_GIVING_VERBS = frozenset("offer give provide send grant promise deny supply sell".split())
#: Nouns whose complement ("aid to Damascus", "ties with Ankara") is a government.
_GOVERNMENT_NOUNS = frozenset(
    """aid support help assistance ties relations talks pressure ally allies backing loyalty
    opposition envoy ambassador delegation demand demands request position stance policy
    government regime""".split()
)


# --------------------------------------------------------------------------- mentions


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    entity: dict[str, Any] | None
    candidates: list[int]
    demonym: str | None = None
    regional: bool = False  # a demonym of a region or town ("Ohioans", "New Londoners")
    dateline: bool = False
    container: int | None = None  # index of the mention that follows as "X, Y"
    siblings: tuple[int, ...] = ()  # indices of the other names of its list ("X, Y and Z")
    nested: bool = False  # inside an organisation's name: a place, but no entity of its own
    choice: int | None = None
    scores: dict[int, float] = field(default_factory=dict)


def _lookup_variants(g: Gazetteer, text: str) -> list[int]:
    found = g.lookup(text)
    if not found and text.lower().startswith("the "):
        found = g.lookup(text[4:])
    return found


#: Entity types in the order they are read: places first, so that organisations and then
#: persons can be recognised as places the article names elsewhere ("Gainesville Police",
#: then "Gainesville" tagged PERSON).
_PASSES = (("PLACE", "NORP"), ("ORG",), ("PERSON",))


#: What may stand between two pieces of one name that spaCy split ("Guinea-Bissau",
#: "Democratic Republic" + "of the" + "Congo", "Trinidad and Tobago").
_SPLIT_GAP = re.compile(r"-|\s+(?:(?:of|and)(?:\s+the)?\s+)?", re.IGNORECASE)


#: A tail that spaCy may leave out of a name: "-Bissau", " do Sul" ("Rio Grande do Sul").
_NAME_TAIL = re.compile(
    r"-[A-Z][\w']+|\s(?:do|da|dos|das|de|del|di|du|des)\s[A-Z][\w']+(?:\s[A-Z][\w']+)?"
)


def _names_feature(g: Gazetteer, text: str) -> bool:
    """Whether `text` is the own name of a country, region or named feature."""
    key = normalise(text)
    return any(
        g.feature_of(e) in _NAMED_FEATURES and normalise(g.names[e]) == key
        for e in _lookup_variants(g, text)
    )


def _merge_split_names(article: Article, g: Gazetteer) -> None:
    """Join neighbouring entities that together spell a country, region or named feature
    by its own name, when spaCy cut the name at a hyphen or a lowercase word."""
    entities = sorted(article.entities, key=lambda e: (e["start"], e["end"]))
    merged: list[dict[str, Any]] = []
    for entity in entities:
        last = merged[-1] if merged else None
        if last is not None and entity["start"] >= last["end"]:
            gap = article.text[last["end"] : entity["start"]]
            text = article.text[last["start"] : entity["end"]]
            if (_SPLIT_GAP.fullmatch(gap) and _names_feature(g, text)) or (
                gap == " " and last["type"] == entity["type"] == "PLACE" and _names_entry(g, text)
            ):
                last.update(end=entity["end"], text=text, type="PLACE")
                continue
        tail = _NAME_TAIL.match(article.text, entity["end"])
        if tail and _names_feature(g, article.text[entity["start"] : tail.end()]):
            entity.update(end=tail.end(), text=article.text[entity["start"] : tail.end()])
        merged.append(entity)
    if len(merged) < len(article.entities):
        article.entities[:] = merged
    _split_joined_places(article, g)
    _widen_places(article, g)
    for entity in article.entities:
        words = entity["text"].split(maxsplit=1)
        # "east Africa", "northern Nigeria": a lowercase word narrows the place, not names it
        if (
            entity["type"] == "PLACE"
            and len(words) == 2
            and words[0].islower()
            and words[0] in _cues()["modifier"]
            and words[1][:1].isupper()
        ):
            entity.update(start=entity["end"] - len(words[1]), text=words[1])


#: A spaced dash or "and" that spaCy took into a name: "Sri Lanka - approximately",
#: "Cattai and Wilberforce".
_DASH = re.compile(r"\s+[-–—]\s*")
_AND = re.compile(r"\s+and\s+")


def _split_joined_places(article: Article, g: Gazetteer) -> None:
    """Cut an entity at a spaced dash when what comes before names a place ("Sri Lanka -
    approximately 28,000"), and split a place entity at "and" when it names nothing and
    both sides are places by their own names ("Cattai and Wilberforce")."""
    added: list[dict[str, Any]] = []
    for entity in article.entities:
        text = entity["text"]
        dash = _DASH.search(text)
        if dash is not None and g.lookup(text[: dash.start()]) and not g.lookup(text):
            entity.update(end=entity["start"] + dash.start(), text=text[: dash.start()])
            continue
        joint = _AND.search(text)
        if entity["type"] != "PLACE" or joint is None or g.lookup(text):
            continue
        left, right = text[: joint.start()], text[joint.end() :]
        if _names_entry(g, left) and _names_entry(g, right):
            entity.update(end=entity["start"] + joint.start(), text=left)
            start = entity["start"] + joint.end()
            added.append({**entity, "start": start, "end": start + len(right), "text": right})
    if added:
        article.entities.extend(added)
        article.entities.sort(key=lambda e: (e["start"], e["end"]))


def _names_entry(g: Gazetteer, text: str) -> bool:
    """Whether `text` is the own name of some entry."""
    key = normalise(text)
    return any(normalise(g.names[e]) == key for e in g.lookup(text))


def _widen_places(article: Article, g: Gazetteer) -> None:
    """Widen a place entity by a capitalised word that spaCy left out of it, before or after,
    when the whole is some entry's own name ("Goz" + "Beida", "Mission" + "Viejo")."""
    doc = article.doc
    taken = {t.i for e in article.entities for t in _tokens(article, e)}
    for entity in article.entities:
        if entity["type"] not in ("PLACE", "PERSON", "ORG"):
            continue
        after = article.text[entity["end"] : entity["end"] + 3]
        if entity["type"] == "PLACE" and after[:1] == "." and not after[2:3].isdigit():
            # "W.Va" + ".": an abbreviation that spaCy cut before its dot ("W.Va. 61" is a road)
            dotted = entity["text"] + "."
            if g.keys.find(abbreviation(dotted)) is not None:
                entity.update(end=entity["end"] + 1, text=dotted)
                continue
        span = _tokens(article, entity)
        if span is None or not len(span):
            continue
        for i in (span.start - 1, span.end):
            if i < 0 or i >= len(doc) or i in taken:
                continue
            word = doc[i]
            if (
                word.pos_ != "PROPN"
                or not word.text[:1].isupper()
                or word.is_sent_start
                or word.lower_ in _cues()["place_noun"]  # "Dublin City Manager"
            ):
                continue
            start, end = min(word.idx, entity["start"]), max(word.idx + len(word), entity["end"])
            text = article.text[start:end]
            if _names_entry(g, text):
                entity.update(start=start, end=end, text=text)
                taken.add(i)
                break


def _tokens(article: Article, entity: dict[str, Any]) -> Any:
    return article.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")


def _collect(article: Article, g: Gazetteer) -> list[_Mention]:
    """Toponym and demonym mentions: spaCy's, retyped ones, and gazetteer finds."""
    _merge_split_names(article, g)
    place_names = {normalise(e["text"]) for e in article.entities if e["type"] == "PLACE"}
    surnames = {
        normalise(word)
        for e in article.entities
        if e["type"] == "PERSON"
        for word in e["text"].split()[1:]
    }
    mentions: list[_Mention] = []
    for types in _PASSES:
        for entity in [e for e in article.entities if e["type"] in types]:
            if entity["type"] == "PERSON" and normalise(entity["text"]) in surnames:
                continue  # "Jones" after "Roy Jones": a person, whatever the gazetteer says
            mentions.extend(_from_any(article, g, entity, place_names))
        place_names |= {normalise(m.text) for m in mentions if not m.demonym}
    mentions.extend(_missed(article, g, mentions, place_names))
    mentions = _county_lists(article, g, mentions)
    mentions.sort(key=lambda m: m.start)
    _named_as_regions(article.text, g, mentions)
    _named_as_towns(article.text, g, mentions)
    _link_containers(article.text, mentions)
    _link_lists(article.text, mentions)
    return mentions


#: "Washington state", "the state of Washington", "the provinces of Nyanza, ...".
_REGION_AFTER = re.compile(r"\s+(?:state|province)\b")
_REGION_BEFORE = re.compile(r"\b(?:states?|provinces?) of\s+(?:the\s+)?$", re.IGNORECASE)


def _named_as_towns(text: str, g: Gazetteer, mentions: list[_Mention]) -> None:
    """A country has no sheriff, mayor or elementary school: a country's name before such a
    word ("Jordan Elementary School", "the Lebanon mayor") keeps its other readings."""
    local = _cues()["local"]
    for m in mentions:
        after = re.match(r"\s+([A-Za-z']+)", text[m.end : m.end + 20])
        if m.demonym or after is None or after.group(1).lower() not in local:
            continue
        key = normalise(m.text)
        others = [
            e for e in m.candidates if g.feature_of(e) != "country" and normalise(g.names[e]) == key
        ]
        if others and len(others) < len(m.candidates):
            m.candidates = others


def _named_as_regions(text: str, g: Gazetteer, mentions: list[_Mention]) -> None:
    """A name called a state or province ("Washington state", "the state of New York") is
    read as a first-level region when the gazetteer has one of that name."""
    for m in mentions:
        if not m.candidates:
            continue
        if not (
            _REGION_AFTER.match(text, m.end)
            or _REGION_BEFORE.search(text[max(0, m.start - 20) : m.start])
        ):
            continue
        regions = [e for e in m.candidates if g.feature_of(e) == "region"]
        if regions:
            m.candidates = regions


#: What joins the names of a list: "X, Y and Z", "X or Y".
_LIST_JOINT = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def _link_lists(text: str, mentions: list[_Mention]) -> None:
    """Mark the names of a list ("Virginia, Washington and Wyoming"; "Ontario and New
    Brunswick"): a list has at least one "and" or "or", so "Springfield, Ill." is none."""
    chains: list[list[int]] = []
    for i, m in enumerate(mentions):
        previous = mentions[i - 1] if i else m
        joined = (
            previous is not m
            and previous.end <= m.start
            and not (m.demonym or previous.demonym)
            and _LIST_JOINT.fullmatch(text[previous.end : m.start]) is not None
        )
        if joined:
            chains[-1].append(i)
        else:
            chains.append([i])
    for chain in chains:
        if len(chain) < 2:
            continue
        joints = [
            text[mentions[a].end : mentions[b].start]
            for a, b in zip(chain, chain[1:], strict=False)
        ]
        if not any(re.search(r"\b(?:and|or)\b", j) for j in joints):
            continue
        for i in chain:
            mentions[i].siblings = tuple(j for j in chain if j != i)


_NAME = r"[A-Z][\w'.]+(?: [A-Z][\w'.]+)?"
#: "Barrow, Jackson and Madison counties": each name is "X County".
_COUNTY_LIST = re.compile(
    rf"((?:{_NAME}, )*{_NAME},? (?:and|or|&) {_NAME}) (counties|parishes|townships)\b"
)


def _county_lists(article: Article, g: Gazetteer, mentions: list[_Mention]) -> list[_Mention]:
    """The names of a list that ends in "counties" (or parishes, townships), each read as
    "X County"; they replace the other readings of those words."""
    found: list[_Mention] = []
    for match in _COUNTY_LIST.finditer(article.text):
        unit = match.group(2)[:-3] + "y" if match.group(2) == "counties" else match.group(2)[:-1]
        for name in re.finditer(_NAME, match.group(1)):
            start, end = match.start(1) + name.start(), match.start(1) + name.end()
            candidates = [
                e for e in g.lookup(f"{name.group()} {unit}") if g.feature_of(e) == "district"
            ]
            if not candidates:
                continue
            entity = next(
                (e for e in article.entities if (e["start"], e["end"]) == (start, end)), None
            )
            if entity is not None:
                entity["type"] = "PLACE"
            found.append(_Mention(start, end, name.group(), entity, candidates))
    if not found:
        return mentions
    taken: SpanIndex[None] = SpanIndex((m.start, m.end, None) for m in found)
    kept = [m for m in mentions if not taken.overlaps(m.start, m.end)]
    return kept + found


def _from_any(
    article: Article, g: Gazetteer, entity: dict[str, Any], place_names: set[str]
) -> list[_Mention]:
    """The mentions one entity yields: itself, the place it narrows, or those inside it."""
    party = _PARTY_NAME.fullmatch(entity["text"])
    if party is not None and entity["type"] in ("PERSON", "ORG", "NORP"):
        # "R-Marshall", "D-Pleasanton" tagged as one name: the legislator's home town
        text = party.group(1)
        candidates = _without_codes(g, text, g.lookup(text))
        if not candidates:
            return []
        entity.update(start=entity["end"] - len(text), text=text, type="PLACE")
        return [_Mention(entity["start"], entity["end"], text, entity, candidates)]
    mention = _from_entity(article, g, entity, place_names)
    if mention is None and entity["type"] == "PLACE":
        mention = _narrowed(article, g, entity)
    if mention is not None:
        return [mention]
    if entity["type"] in ("ORG", "PLACE"):
        return _nested(article, g, entity, place_names)
    if entity["type"] == "PERSON":
        return _nested(article, g, entity, set(), institutions_only=True)
    if entity["type"] == "NORP":
        return _compound_demonyms(entity)
    return []


def _is_dateline(article: Article, entity: dict[str, Any]) -> bool:
    dateline = article.dateline
    return entity.get("role") == "dateline" or (
        dateline is not None
        and (entity["start"], entity["end"]) == (dateline["start"], dateline["end"])
    )


def _from_entity(
    article: Article, g: Gazetteer, entity: dict[str, Any], place_names: set[str]
) -> _Mention | None:
    """The mention an entity makes, retyping it when spaCy's type was wrong; None if none."""
    text = entity["text"]
    if _generic(text) or (entity["type"] != "PLACE" and _unlisted_abbreviation(g, text)):
        return None
    candidates = _lookup_variants(g, text)
    if entity["type"] != "PLACE":
        candidates = _without_codes(g, text, candidates)
    own = [e for e in candidates if normalise(g.names[e]) == normalise(text)]
    demonym = demonym_country(text)
    if demonym is not None and (entity["type"] == "NORP" or not own):
        entity["type"] = "NORP"  # "Kazakh" (tagged ORG), "Sri Lankan" (tagged GPE)
        return _Mention(entity["start"], entity["end"], text, entity, [], demonym=demonym)
    if not candidates:
        if entity["type"] in ("NORP", "PLACE"):
            return _regional_demonym(g, entity["start"], entity["end"], text, entity)
        return None
    if entity["type"] == "NORP":
        if "-" in text:
            return None  # "Russian-American": its parts are found by _compound_demonyms
        # "Aleppo" tagged NORP by the small model; a smaller town where places stand
        # ("nuns in Pewaukee"), unless it modifies a noun as nationalities do ("in the
        # Arab world")
        if not any(_prominent(g, e) for e in candidates) and (
            _before_common_noun(article, entity["end"])
            or not _retype(article, g, entity, candidates, place_names)
        ):
            return None
        entity["type"] = "PLACE"
    elif entity["type"] in ("PERSON", "ORG"):
        if not _retype(article, g, entity, candidates, place_names):
            return None
        entity["type"] = "PLACE"
    elif entity["type"] != "PLACE":
        return None
    dateline = _is_dateline(article, entity)
    return _Mention(entity["start"], entity["end"], text, entity, candidates, dateline=dateline)


#: Endings of demonyms and what to put back to find the place: "Ohioans" (Ohio),
#: "Minnesotan" (Minnesota), "Texans" (Texas), "Bostonians" (Boston), "New Londoners",
#: "Richmondites", "Dagestani" (Dagestan).
_DEMONYM_ENDINGS = (
    ("ians", ""),
    ("ian", ""),
    ("ans", ""),
    ("an", ""),
    ("ans", "a"),
    ("ns", ""),
    ("n", ""),
    ("ns", "s"),
    ("n", "s"),
    ("ers", ""),
    ("er", ""),
    ("ites", ""),
    ("ite", ""),
    ("i", ""),
)


def _regional_demonym(
    g: Gazetteer,
    start: int,
    end: int,
    text: str,
    entity: dict[str, Any] | None,
) -> _Mention | None:
    """A demonym of a region or town ("Ohioans", "South Ossetian", "New Londoners"): a
    mention of that place, of kind `demonym`. The place must be a first-level or named
    region, or a prominent town, called by its own name."""
    if not text[:1].isupper() or not text[-1:].islower() or text.endswith(("man", "men")):
        return None  # "Gunman" is no Gunma native
    if normalise(text) in _cues()["party"]:
        return None  # "Republicans" are no natives of Republica
    for ending, restore in _DEMONYM_ENDINGS:
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
    return [e for e in candidates if normalise(g.names[e]) == normalise(text)]


def _generic(text: str) -> bool:
    """A lone word such as "Bay" or "West" that names some entry but is no toponym alone."""
    return normalise(text) in _cues()["generic"]


def _own_name(g: Gazetteer, entry: int, text: str) -> bool:
    """Whether a town is called by its own name (or an abbreviation: "St. Paul", "Phila.").
    A town known by another name ("Drug" for Durg, "Hamas" for Hamm) needs a cue."""
    return (
        g.feature_of(entry) != "city" or "." in text or normalise(g.names[entry]) == normalise(text)
    )


def _prominent(g: Gazetteer, entry: int) -> bool:
    feature = g.feature_of(entry)
    return feature in _ADDED_FEATURES or int(g.population[entry]) >= _MIN_ADDED_POPULATION


def _retype(
    article: Article,
    g: Gazetteer,
    entity: dict[str, Any],
    candidates: list[int],
    place_names: set[str],
) -> bool:
    """Whether a PERSON or ORG entity is really a place: a country, region or capital by
    name, or any gazetteer place that the article elsewhere uses as a place or that stands
    where places stand ("in X", "12 Main St., X")."""
    acronym = entity["type"] == "ORG" and _ACRONYM.fullmatch(entity["text"]) is not None
    for entry in candidates:
        feature = g.feature_of(entry)
        if feature in _NAMED_FEATURES or (entry in g.capitals and not acronym):
            return True
    if _title_before(article, entity["start"]):
        return False
    if acronym:
        # "CIA", "NATO", "ACLU": an organisation, whatever town shares the letters
        return _cue_before(article, entity["start"], "locative")
    if entity["type"] == "ORG" and any(
        g.feature_of(e) == "city" and int(g.population[e]) >= _MIN_ORG_TOWN for e in candidates
    ):
        return True  # a bare town name tagged ORG ("Gainesville", "Huntsville")
    return (
        normalise(entity["text"]) in place_names
        or _cue_before(article, entity["start"], "locative")
        or _after_street(article, entity["start"])
        or _party_hometown(article, entity["start"])
        or _possessed(article, g, entity["start"], candidates)
        or _determiner_noun(article, entity["start"], entity["end"])
        or _place_noun(article, entity["start"], entity["end"])
        or _town_noun(article, entity["end"])
        or (entity["text"].isupper() and _dateline_like(article, entity["end"]))
        or (
            _listed_with_place(article, entity["start"], entity["end"])
            and any(_own_name(g, e, entity["text"]) for e in candidates)
        )
    )


#: "R-Marshall", "(D-Braxton)", "DFL-Chisholm": a legislator's party and home town.
_PARTY_PREFIX = re.compile(r"(?:^|[\s(,])(?:R|D|I|DFL)-$")


#: "R-Marshall" tagged as one name.
_PARTY_NAME = re.compile(r"(?:R|D|I|DFL)-([A-Z][\w.' ]+)")

#: "said Amstutz, of Wooster": a person's home town after a comma.
_HOMETOWN_PREFIX = re.compile(r",\s+of\s+$")


#: "Mindy Miller of Ravenel": a person's home town right after the name.
_OF = re.compile(r"\s+of\s+$")


def _party_hometown(article: Article, start: int) -> bool:
    before = article.text[max(0, start - 6) : start]
    if _PARTY_PREFIX.search(before) is not None or _HOMETOWN_PREFIX.search(before) is not None:
        return True
    of = _OF.search(before)
    return of is not None and any(
        e["type"] == "PERSON" and e["end"] == start - len(of.group()) for e in article.entities
    )


def _possessed(article: Article, g: Gazetteer, start: int, candidates: list[int]) -> bool:
    """A town after the possessive of the country or region that holds it: "Kenya's
    overcrowded Dadaab camps"."""
    span = article.doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    while i > 0 and article.doc[i].pos_ == "ADJ" and article.doc[i].text.islower():
        i -= 1
    if i < 1 or article.doc[i].lower_ not in ("'s", "’s"):
        return False
    end = article.doc[i].idx
    holders = [
        e
        for other in article.entities
        if other["end"] == end and other["type"] == "PLACE"
        for e in g.lookup(other["text"])
        if g.feature_of(e) in ("country", "region")
    ]
    return any(_contains(g, h, c) for h in holders for c in candidates)


def _determiner_noun(article: Article, start: int, end: int) -> bool:
    """A name between a determiner and a common noun, as towns modify nouns: "a Gainesville
    restaurant", "the Lindsay community" (persons rarely do: "the Smith family" aside)."""
    span = article.doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.start == 0 or span.end >= len(article.doc):
        return False
    before, after = article.doc[span.start - 1], article.doc[span.end]
    return (
        before.lower_ in ("a", "an", "the")
        and after.pos_ == "NOUN"
        and after.text.islower()
        and after.lower_ not in _cues()["kin"]
    )


def _place_noun(article: Article, start: int, end: int) -> bool:
    """A name that a common noun calls a place: "Heze city", "Orientale province", "the
    island of Bohol", "the town of Camborne", "a village called Flumeri"."""
    nouns = _cues()["place_noun"]
    after = re.match(r"\s+([a-z]+)", article.text[end : end + 20])
    if after is not None and after.group(1) in nouns:
        return True
    before = re.search(
        r"\b([a-z]+),? (?:of|called|named)\s+(?:the\s+)?$", article.text[max(0, start - 25) : start]
    )
    return before is not None and before.group(1) in nouns


def _listed_with_place(article: Article, start: int, end: int) -> bool:
    """A name listed beside a place: "Harwinton, Bantam, Litchfield, Winsted and
    Torrington", "Heath and Pataskala". After a bare comma the name must go on as a list
    does ("Boston, Wagner said" is a clause, not a list)."""
    goes_on = re.match(r",|\s+(?:and|or)\s", article.text[end : end + 5]) is not None
    for other in article.entities:
        if other["type"] != "PLACE":
            continue
        # the gap's length from the offsets first: slicing the text between far-apart names
        # costs the length of the article for every name
        if other["end"] <= start:
            if start - other["end"] > 7:
                continue
            gap = article.text[other["end"] : start]
        elif end <= other["start"]:
            if other["start"] - end > 7:
                continue
            gap = article.text[end : other["start"]]
        else:
            continue
        if len(gap) > 7 or not _LIST_JOINT.fullmatch(gap):
            continue
        if re.search(r"\b(?:and|or)\b", gap) or goes_on:
            return True
    return False


def _before_common_noun(article: Article, end: int) -> bool:
    span = article.doc.char_span(end - 1, end, alignment_mode="expand")
    if span is None or span.end >= len(article.doc):
        return False
    after = article.doc[span.end]
    return after.pos_ == "NOUN" and after.text.islower()


def _town_noun(article: Article, end: int) -> bool:
    """A name before a noun that towns modify and persons do not: "Roswell police",
    "Tillsonburg Mayor", "a Meadow Grove man", "Chicopee residents", "Mabini Vice-Mayor"."""
    after = re.match(r"\s+(?:(?:vice|deputy)[- ])?([A-Za-z]+)", article.text[end : end + 26], re.I)
    return after is not None and after.group(1).lower() in _cues()["town_noun"]


def _previous_token(article: Article, start: int) -> Any:
    span = article.doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    token = article.doc[span.start - 1]
    if token.lower_ == "the" and token.i > 0:
        token = article.doc[token.i - 1]
    return token


def _cue_before(article: Article, start: int, kind: str) -> bool:
    token = _previous_token(article, start)
    return token is not None and token.lower_.rstrip(".") in _cues()[kind]


def _title_before(article: Article, start: int) -> bool:
    """A title before a name makes it a person's: "Mr. Jackson", "Miss Rochester"; titles
    are capitalised, so "to miss Rochester" is a verb before a town."""
    token = _previous_token(article, start)
    return (
        token is not None
        and token.text[:1].isupper()
        and token.lower_.rstrip(".") in _cues()["title"]
    )


def _after_street(article: Article, start: int) -> bool:
    token = _previous_token(article, start)
    if token is None or token.text != "," or token.i == 0:
        return False
    return article.doc[token.i - 1].lower_.rstrip(".") in _cues()["street"]


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    text = (resources.files("tacitus") / "data" / "gazetteer_cues.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, words = line.split("\t")
            table[kind] = frozenset(words.split())
    return table


def _compound_demonyms(entity: dict[str, Any]) -> list[_Mention]:
    """The demonyms of a hyphenated nationality: "Russian" and "American" in
    "Russian-American"."""
    found = []
    start = entity["start"]
    for part in entity["text"].split("-"):
        iso3 = demonym_country(part)
        if iso3 is not None and part:
            found.append(_Mention(start, start + len(part), part, None, [], demonym=iso3))
            found[-1].nested = True
        start += len(part) + 1
    return found if len(found) > 1 else []


def _nested(
    article: Article,
    g: Gazetteer,
    entity: dict[str, Any],
    place_names: set[str],
    institutions_only: bool = False,
) -> list[_Mention]:
    """Places and demonyms inside an organisation's name: "Mansfield" in "the Mansfield
    Police Department", "Georgia" in "University of Georgia", "Russian" in "the Russian
    Museum". They are places of the article but no entities of their own."""
    span = article.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
    if span is None:
        return []
    found: list[_Mention] = []
    i = span.start
    while i < span.end:
        match = _nested_at(article, g, span, i, place_names, institutions_only)
        if match is None:
            i += 1
            continue
        found.append(match)
        i = article.doc.char_span(match.start, match.end, alignment_mode="expand").end
    return found


def _nested_at(
    article: Article,
    g: Gazetteer,
    span: Any,
    i: int,
    place_names: set[str],
    institutions_only: bool,
) -> _Mention | None:
    doc = article.doc
    if not doc[i].text[:1].isupper():
        return None
    if i > span.start and _inside_name(doc[i - 1]):
        return None  # "London" in "New London Police": the name began earlier
    first = span.start + (1 if doc[span.start].lower_ == "the" else 0)
    institutions = _cues()["institution"]
    for length in (4, 3, 2) if doc[i].lower_ in _LEADING_STOP else (4, 3, 2, 1):
        if i + length > span.end:
            continue
        words = doc[i : i + length]
        if not all(t.text[:1].isupper() or t.text == "." for t in words):
            continue
        start, end = words.start_char, words.end_char
        text = article.text[start:end]
        if _generic(text) or _unlisted_abbreviation(g, text):
            continue
        iso3 = None if institutions_only else demonym_country(text)
        if iso3 is not None:
            return _Mention(start, end, text, None, [], demonym=iso3, nested=True)
        candidates = _without_codes(g, text, g.lookup(text))
        if not candidates:
            continue
        after = doc[i + length] if i + length < span.end else None
        before = doc[i - 1] if i > span.start else None
        heads = i == first and after is not None and after.lower_ in institutions
        # "Guernsey County Common Pleas Court", "Laurel County Clerk Dean Johnson": a name
        # ending in "County" (parish, township) that the gazetteer holds is that district
        unit = words[-1].lower_ in _cues()["unit"] and any(
            g.feature_of(e) == "district" for e in candidates
        )
        if institutions_only:
            if heads or unit:
                return _Mention(start, end, text, None, candidates, nested=True)
            continue
        if (
            heads
            or unit
            or any(g.feature_of(e) in _NAMED_FEATURES for e in candidates)
            or any(
                int(g.population[e]) >= _MIN_NESTED_POPULATION and _own_name(g, e, text)
                for e in candidates
            )
            or normalise(text) in place_names
            or (before is not None and before.lower_ in ("of", "in", "at"))
            or _hyphened_towns(g, span, i, i + length, candidates)
        ):
            return _Mention(start, end, text, None, candidates, nested=True)
    return None


#: Two towns joined by a hyphen ("Fargo-Moorhead") lie at most this far apart.
_TWIN_KM = 100.0


def _hyphened_towns(g: Gazetteer, span: Any, start: int, end: int, candidates: list[int]) -> bool:
    """Whether words are a town joined by a hyphen to a neighbouring town: "Fargo-Moorhead",
    "the Watertown-Mayer Lutheran Royals" (a school district of two towns)."""
    doc = span.doc
    if end + 1 < span.end and doc[end].text == "-" and not doc[end - 1].whitespace_:
        partner = doc[end + 1]
    elif start - 2 >= span.start and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
        partner = doc[start - 2]
    else:
        return False
    if not partner.text[:1].isupper():
        return False
    towns = [e for e in candidates if g.feature_of(e) in ("city", "district")]
    others = [
        e
        for e in g.lookup(partner.text)
        if g.feature_of(e) in ("city", "district")
        and normalise(g.names[e]) == normalise(partner.text)
    ]
    return bool(towns and others) and min(_closest_km(g, towns, others)) <= _TWIN_KM


def _inside_name(previous: Any) -> bool:
    """Whether the word before a token makes the token part of a longer name ("New London")."""
    return previous.text[:1].isupper() and previous.lower_.rstrip(".") in _cues()["prefix"]


def _narrowed(article: Article, g: Gazetteer, entity: dict[str, Any]) -> _Mention | None:
    """The place a modified name names: "Texas" in "North Texas", "Fargo" in "Fargo City"."""
    words = entity["text"].split()
    if len(words) < 2:
        return None
    if words[0].lower() in _cues()["modifier"]:
        text = entity["text"].split(maxsplit=1)[1]
        start = entity["end"] - len(text)
    elif words[-1].lower() in ("city", "town", "township", "village"):
        text = entity["text"].rsplit(maxsplit=1)[0]
        start = entity["start"]
    else:
        return None
    if _generic(text):
        return None
    candidates = g.lookup(text)
    if not candidates:
        return None
    return _Mention(start, start + len(text), text, entity, candidates)


def _missed(
    article: Article, g: Gazetteer, known: list[_Mention], place_names: set[str]
) -> list[_Mention]:
    """Capitalised proper nouns spaCy did not tag: demonyms, prominent places, and places
    the article names elsewhere or puts after a locative preposition."""
    spans = [(m.start, m.end) for m in known] + [(e["start"], e["end"]) for e in article.entities]
    taken: SpanIndex[None] = SpanIndex((s, e, None) for s, e in spans)
    doc = article.doc
    found: list[_Mention] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if not token.text[:1].isupper():
            i += 1
            continue
        match = None
        # "New" or "The" may begin a name ("New Zealand") but is none alone
        lengths = (4, 3, 2) if token.lower_ in _LEADING_STOP else (4, 3, 2, 1)
        for length in lengths:
            span = doc[i : i + length]
            if len(span) < length or not all(t.text[:1].isupper() or t.is_punct for t in span):
                continue
            match = _added_match(article, g, span, taken, place_names)
            if match is not None:
                break
        if match is None:
            i += 1
            continue
        found.append(match)
        taken.add(match.start, match.end, None)
        i += len(article.text[match.start : match.end].split()) or 1
    return found


def _added_match(
    article: Article,
    g: Gazetteer,
    span: Any,
    taken: SpanIndex[None],
    place_names: set[str],
) -> _Mention | None:
    start, end = span.start_char, span.end_char
    if taken.overlaps(start, end):
        return None
    text = span.text
    if _generic(text):
        return None
    iso3 = demonym_country(text) if len(span) == 1 else None
    if iso3 is not None:
        return _Mention(start, end, text, None, [], demonym=iso3)
    if not g.lookup(text):
        regional = _regional_demonym(g, start, end, text, None)
        if regional is not None:
            return regional
    prefixed = article.text[max(0, start - 5) : start].lower().endswith(("anti-", "pro-"))
    shouted = text.isupper() and len(text) >= 4  # "BEIRUT --", "TORRINGTON -"
    # "Heze city": a place noun after a name makes it one, whatever its tag
    named = _place_noun(article, start, end) and text.istitle()
    # "Chicopee residents", "Carthage Police Chief": before a noun that towns modify, a
    # capitalised word the article calls a place elsewhere, or a big town, whatever its tag
    modifying = (
        _town_noun(article, end)
        and all(t.is_alpha and t.is_title for t in span)
        and (
            normalise(text) in place_names
            or any(_prominent(g, e) and _own_name(g, e, text) for e in g.lookup(text))
        )
    )
    if not (prefixed or shouted or named or modifying) and not all(t.pos_ == "PROPN" for t in span):
        return None
    if _unlisted_abbreviation(g, text):
        return None
    candidates = _without_codes(g, text, g.lookup(text))
    if shouted and candidates and _dateline_like(article, end):
        return _Mention(start, end, text, None, candidates)
    if not candidates:
        return None
    if (
        any(_prominent(g, e) for e in candidates)
        or normalise(text) in place_names
        or (_cue_before(article, start, "locative") and not _title_before(article, start))
        or _party_hometown(article, start)
        or _determiner_noun(article, start, end)
        or _place_noun(article, start, end)
        or (_town_noun(article, end) and not article.text[:start].endswith("-"))
        or (
            _listed_with_place(article, start, end)
            and any(_own_name(g, e, text) for e in candidates)
        )
        # "the Avoyelles Parish Sheriff's Office": a district by its whole name
        or (
            span[-1].lower_ in _cues()["unit"]
            and any(g.feature_of(e) == "district" and _own_name(g, e, text) for e in candidates)
        )
    ):
        return _Mention(start, end, text, None, candidates)
    return None


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


def _dateline_like(article: Article, end: int) -> bool:
    """Whether a capitalised name is followed the way a dateline is: "BEIRUT --", "X (AP)"."""
    after = article.text[end : end + 4].lstrip(" ,")
    return after.startswith(("-", "—", "–", "(", ":"))


def _link_containers(text: str, mentions: list[_Mention]) -> None:
    """Mark "X, Y" pairs (a place then the region or country it lies in)."""
    for i, (inner, outer) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if text[inner.end : outer.start].strip() == "," and outer.candidates:
            inner.container = i + 1


# --------------------------------------------------------------------------- scoring


def _prior(g: Gazetteer, entry: int, text: str) -> float:
    feature = g.feature_of(entry)
    score = _FEATURE_PRIOR[feature]
    weight = _POPULATION_WEIGHT.get(feature)
    if weight:
        score += weight * math.log10(int(g.population[entry]) + 1)
    if normalise(g.names[entry]) == normalise(text):
        score += _OWN_NAME
    if entry in g.capitals:
        score += _CAPITAL
    if g.shadowed[entry] and int(g.population[entry]) < _SHADOWED_BELOW:
        score -= _SHADOWED
    return score


def _contains(g: Gazetteer, outer: int, inner: int) -> bool:
    if g.country[outer] != g.country[inner] or outer == inner:
        return False
    feature = g.feature_of(outer)
    if feature == "country":
        return True
    return feature == "region" and g.admin1[outer] == g.admin1[inner] != ""


def _km(g: Gazetteer, a: int, b: int) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, (float(g.lat[a]), float(g.lon[a]), float(g.lat[b]), float(g.lon[b]))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(min(1.0, h)))


Votes = dict[Any, float]


def _minus(total: Votes, part: Votes) -> Votes:
    return {k: v - part.get(k, 0.0) for k, v in total.items() if v - part.get(k, 0.0) > 1e-9}


def _vote(votes: Votes, key: Any, weight: float) -> None:
    votes[key] = votes.get(key, 0.0) + weight


@dataclass
class _Context:
    """Where the article's resolved mentions point, kept per mention name so that a name
    never supports its own reading ("Alexandria" twice must not vote for itself)."""

    countries: dict[str, Votes] = field(default_factory=dict)  # name -> {ISO3: weight}
    regions: dict[str, Votes] = field(default_factory=dict)  # name -> {(country, admin1): w}
    points: list[tuple[str, int]] = field(default_factory=list)  # (mention name, entry)
    country_total: Votes = field(default_factory=dict)
    region_total: Votes = field(default_factory=dict)
    _by_entry: dict[int, set[str]] = field(default_factory=dict, repr=False)  # entry -> names
    _counted: int = 0  # how many of `points` are in `_by_entry`

    def add_up(self) -> None:
        for votes in self.countries.values():
            for k, v in votes.items():
                _vote(self.country_total, k, v)
        for votes in self.regions.values():
            for k, v in votes.items():
                _vote(self.region_total, k, v)

    def countries_without(self, key: str) -> Votes:
        return _minus(self.country_total, self.countries.get(key, {}))

    def points_without(self, key: str) -> list[int]:
        """The distinct entries pointed at by mentions of names other than `key`.

        Kept per entry (with the names that point at it), updated as points are added:
        a long article repeats its places, and every mention is scored against them.
        """
        for name, entry in self.points[self._counted :]:
            self._by_entry.setdefault(entry, set()).add(name)
        self._counted = len(self.points)
        return [e for e, names in self._by_entry.items() if len(names) > 1 or key not in names]

    def regions_without(self, key: str) -> Votes:
        return _minus(self.region_total, self.regions.get(key, {}))


def _belief(scores: dict[int, float]) -> dict[int, float]:
    """How much each reading of a mention is believed: a softmax of the scores, pruned."""
    top = max(scores.values())
    weights = {e: math.exp(s - top) for e, s in scores.items() if s > top - _BELIEF_RANGE}
    total = sum(weights.values())
    return {e: w / total for e, w in weights.items()}


def _vote_key(text: str) -> str:
    """The name under which a mention votes: "Dublin City" votes as "Dublin", so that it
    cannot support the capital's reading of "Dublin" when the article means another one."""
    key = normalise(text)
    return key[:-5] if key.endswith(" city") and len(key) > 7 else key


def _context(g: Gazetteer, mentions: list[_Mention]) -> _Context:
    """What the article's resolved mentions say about where it is."""
    ctx = _Context()
    for m in mentions:
        key = _vote_key(m.text)
        countries = ctx.countries.setdefault(key, {})
        regions = ctx.regions.setdefault(key, {})
        weight = 2.0 if m.dateline else 1.0
        if m.demonym:
            _vote(countries, m.demonym, 0.5 * weight)
            continue
        if m.choice is None:
            continue
        for entry, p in _belief(m.scores).items():
            iso3 = g.country_of(entry)
            if iso3:
                _vote(countries, iso3, weight * p)
            feature = g.feature_of(entry)
            region = (int(g.country[entry]), g.admin1[entry])
            if feature == "region":
                _vote(regions, region, weight * p)
            elif feature in ("city", "district"):
                _vote(regions, region, 0.5 * weight * p)
        if g.feature_of(m.choice) in ("city", "district"):
            ctx.points.append((key, m.choice))
    ctx.add_up()
    return ctx


def _score(
    g: Gazetteer,
    m: _Mention,
    container: _Mention | None,
    ctx: _Context | None,
    near: bool,
    kin: tuple[int, ...] = (),
) -> dict[int, float]:
    """The score of each candidate of a mention, given the article's context and the
    readings of the other names of its list (`kin`)."""
    key = _vote_key(m.text)
    countries = ctx.countries_without(key) if ctx else {}
    regions = ctx.regions_without(key) if ctx else {}
    total = sum(countries.values())
    # distinct entries: the nearest distance and the regions held do not count repeats
    others = ctx.points_without(key) if ctx and near else []
    closest = _closest_km(g, m.candidates, others)
    held = {(int(g.country[p]), g.admin1[p]) for p in others}
    scores = {}
    for entry, km in zip(m.candidates, closest, strict=True):
        score = _prior(g, entry, m.text)
        if total:
            share = countries.get(g.country_of(entry) or "", 0.0) / total
            score += _COUNTRY_CONTEXT * share * min(1.0, total / _FULL_CONTEXT)
        if entry in g.capitals and countries.get(g.country_of(entry) or "", 0.0) >= 0.5:
            score += _CAPITAL_OF_NAMED
        feature = g.feature_of(entry)
        region = (int(g.country[entry]), g.admin1[entry])
        if feature in ("city", "district", "region"):
            score += _REGION_CONTEXT * min(1.0, regions.get(region, 0.0))
        if container is not None and any(_contains(g, o, entry) for o in container.candidates):
            score += _CONTAINED
        if kin and feature == "region":
            alike = sum(
                g.feature[k] == g.feature[entry] and g.country[k] == g.country[entry] for k in kin
            )
            score += _SIBLING * alike / len(kin)

        if feature in ("city", "district"):
            score += next((bonus for limit, bonus in _NEAR if km <= limit), 0.0)
        elif feature == "region" and region in held:
            score += _NEAR[0][1]
        scores[entry] = score
    return scores


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


def _name_key(text: str) -> tuple[str, bool]:
    """Mentions that name the same thing: "MO" and "Mo." do not (Mo, Norway; Missouri)."""
    return normalise(text), text.endswith(".")


def _resolve(g: Gazetteer, mentions: list[_Mention]) -> None:
    """Three passes: priors, then the article's countries and regions, then nearness.
    Mentions with the same name (and container) share their scores within a pass."""
    ctx: _Context | None = None
    for near in (False, False, True):
        done: dict[tuple[tuple[str, bool], int | None, tuple[int, ...]], dict[int, float]] = {}
        for m in mentions:
            container = mentions[m.container] if m.container is not None else None
            kin = (
                tuple(c for j in m.siblings if (c := mentions[j].choice) is not None) if ctx else ()
            )
            if container is not None and kin and _country_list(g, mentions, m):
                container = None  # "Ghana, Niger, Nigeria and Togo": no state of Nigeria
            memo = (_name_key(m.text), m.container if container else None, kin)
            if memo not in done:
                done[memo] = _score(g, m, container, ctx, near, kin)
            m.scores = done[memo]
            if m.scores:
                m.choice = max(m.scores, key=lambda e: m.scores[e])
        ctx = _context(g, mentions)
    _fix_containers(g, mentions)
    _one_reading_per_name(mentions)
    _city_suffix(g, mentions)


def _country_list(g: Gazetteer, mentions: list[_Mention], m: _Mention) -> bool:
    """Whether the name after `m` is the next country of a list of countries rather than
    the country holding `m`: more than half of the list's other names are countries."""
    outer = mentions[m.container] if m.container is not None else None
    if outer is None or m.container not in m.siblings or outer.choice is None:
        return False
    if g.feature_of(outer.choice) != "country":
        return False
    others = [c for j in m.siblings if j != m.container and (c := mentions[j].choice) is not None]
    return sum(g.feature_of(c) == "country" for c in others) * 2 > len(others)


def _city_suffix(g: Gazetteer, mentions: list[_Mention]) -> None:
    """ "Dublin City" ("Dublin City Schools") in an article whose "Dublin" is a town is that
    town, not the Irish county council that bears the full name."""
    towns = {
        normalise(m.text): m.choice
        for m in mentions
        if m.choice is not None and not m.demonym and g.feature_of(m.choice) == "city"
    }
    for m in mentions:
        bare = _vote_key(m.text)
        if bare == normalise(m.text) or bare not in towns:
            continue
        # a town that bears the full name keeps it ("Carson City" beside "Carson")
        if m.choice is None or not (
            g.feature_of(m.choice) == "city" and normalise(g.names[m.choice]) == normalise(m.text)
        ):
            m.choice = towns[bare]


def _one_reading_per_name(mentions: list[_Mention]) -> None:
    """An article means one place by one name: the reading of the name's best-scored
    mention ("Springfield, Ill.") holds for its other mentions ("Springfield")."""
    best: dict[tuple[str, bool], _Mention] = {}

    def score(m: _Mention) -> float:
        # A choice made by a rule rather than by scoring has no score of its own.
        return m.scores.get(m.choice, float("-inf")) if m.choice is not None else float("-inf")

    for m in mentions:
        if m.choice is None or m.demonym:
            continue
        key = _name_key(m.text)
        other = best.get(key)
        if other is None or score(m) > score(other):
            best[key] = m
    for m in mentions:
        winner = best.get(_name_key(m.text))
        if winner is not None and winner.choice in m.scores:
            m.choice = winner.choice


def _fix_containers(g: Gazetteer, mentions: list[_Mention]) -> None:
    """In "X, Y", read Y as the region or country that holds the chosen X."""
    for m in mentions:
        if m.container is None or m.choice is None:
            continue
        outer = mentions[m.container]
        holding = [o for o in outer.candidates if _contains(g, o, m.choice)]
        if holding:
            outer.choice = max(holding, key=lambda e: outer.scores.get(e, 0.0))


# --------------------------------------------------------------------------- metonymy


def _is_metonymic(article: Article, g: Gazetteer, m: _Mention) -> bool:
    """A capital standing for its government: subject or object of a government verb,
    complement of "aid to", "ties with", or prefixed "anti-"/"pro-"."""
    if m.choice not in g.capitals or m.dateline:
        return False
    before = article.text[max(0, m.start - 5) : m.start].lower()
    if before.endswith(("anti-", "pro-")):
        return True
    span = article.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    if head.dep_ in ("nsubj", "nsubjpass", "dative", "dobj", "iobj"):
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _GOVERNMENT_VERBS:
            return True
        return head.dep_ == "dative"
    if head.dep_ in ("nmod", "compound") and head.i < head.head.i:
        # "offering Damascus advisory help": a mis-parsed indirect object
        noun = head.head
        return noun.dep_ == "dobj" and noun.head.lemma_.lower() in _GIVING_VERBS
    if head.dep_ == "poss":
        return head.head.lemma_.lower() in _GOVERNMENT_NOUNS
    if head.dep_ == "pobj" and head.head.lower_ in ("to", "with", "for", "against", "from"):
        noun = head.head.head
        return noun.lemma_.lower() in _GOVERNMENT_NOUNS or (
            noun.lemma_.lower() in _GOVERNMENT_VERBS and head.head.lower_ != "from"
        )
    return False


# --------------------------------------------------------------------------- stage


def _place(article: Article, g: Gazetteer, m: _Mention) -> dict[str, Any] | None:
    if m.demonym:
        entry = g.iso3_entry.get(m.demonym)
        if entry is None:
            return None
        kind = "demonym"
    elif m.choice is not None:
        entry = m.choice
        if m.regional:
            kind = "demonym"
        else:
            kind = "metonymic" if _is_metonymic(article, g, m) else "literal"
    else:
        return None
    place = {"start": m.start, "end": m.end, "text": m.text, **g.describe(entry), "kind": kind}
    if m.dateline:
        place["role"] = "dateline"
    return place


def _entity_for(article: Article, m: _Mention) -> dict[str, Any] | None:
    if m.entity is not None or m.nested:
        return m.entity
    entity = {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "type": "NORP" if m.demonym else "PLACE",
        "label": "GAZETTEER",
        "actor": None,
        "place": None,
    }
    article.entities.append(entity)
    return entity


def resolve_places(article: Article, ctx: Any = None) -> Article:
    """Stage: resolve the article's toponyms and demonyms to GeoNames entries.

    Args:
        article: an article after `nlp.add_entities`.
        ctx: the pipeline context (unused: the gazetteer is process-wide).

    Returns:
        The article with `places` filled and its entities pointing to them.
    """
    g = gazetteer()
    mentions = _collect(article, g)
    _resolve(g, mentions)
    places: list[dict[str, Any]] = []
    for m in mentions:
        place = _place(article, g, m)
        if place is None:
            continue
        entity = _entity_for(article, m)
        if entity is not None:
            entity["place"] = len(places)
        places.append(place)
    article.entities.sort(key=lambda e: (e["start"], e["end"]))
    article.places = places
    return article
