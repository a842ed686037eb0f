"""Collecting the mentions of places: spaCy's entities, retyped ones, and gazetteer finds.

`_collect` repairs the entities (`widening`), reads each entity as a place, a demonym or
neither (retyping it when spaCy's type was wrong), adds the capitalised names spaCy missed,
reads "X, Y and Z counties" as districts, and links "X, Y" pairs and lists of names.
Reads `article.entities`, `article.doc`, `article.dateline`; retypes and edits entities.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.core.article import Article, Entity, SpanIndex
from tacitus.kb.gazetteer import Gazetteer, demonym_country, normalise
from tacitus.stages.places.candidates import (
    _as_body,
    _by_own_name,
    _generic,
    _lookup_variants,
    _Mention,
    _own_name,
    _prominent,
    _regional_demonym,
    _unlisted_abbreviation,
    _without_codes,
)
from tacitus.stages.places.evidence import (
    _LIST_JOINT,
    _PARTY_NAME,
    _before_common_noun,
    _cue_before,
    _dateline_like,
    _determiner_noun,
    _is_dateline,
    _listed_with_place,
    _locative_object,
    _party_hometown,
    _place_noun,
    _retype,
    _title_before,
    _town_noun,
)
from tacitus.stages.places.nested import _compound_demonyms, _nested
from tacitus.stages.places.widening import _merge_split_names
from tacitus.stages.places.words import cues, place_words

#: Entity types in the order they are read: places first, so that organisations and then
#: persons can be recognised as places the article names elsewhere ("Gainesville Police",
#: then "Gainesville" tagged PERSON).
_PASSES = (("PLACE", "NORP"), ("ORG",), ("PERSON",))


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
            if _surname(g, entity, surnames):
                continue
            mentions.extend(_from_any(article, g, entity, place_names))
        place_names |= {normalise(m.text) for m in mentions if not m.demonym}
    mentions.extend(_missed(article, g, mentions, place_names))
    mentions = _county_lists(article, g, mentions)
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        m.hometown = not m.demonym and _party_hometown(article, m.start)
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
    local = cues()["local"]
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
            found.append(_Mention(start, end, name.group(), entity, candidates, cued=True))
    if not found:
        return mentions
    taken: SpanIndex[None] = SpanIndex((m.start, m.end, None) for m in found)
    kept = [m for m in mentions if not taken.overlaps(m.start, m.end)]
    return kept + found


def _surname(g: Gazetteer, entity: Entity, surnames: set[str]) -> bool:
    """ "Jones" after "Roy Jones": a person, whatever the gazetteer says; also where the
    tagger took the surname for an organisation ("Scott" tagged ORG), unless it is the own
    name of a prominent place (a town tagged ORG is common, "Village Malakal" a PERSON now
    and then; Scott County is "Scott" only as another of its names)."""
    if entity["type"] not in ("PERSON", "ORG") or normalise(entity["text"]) not in surnames:
        return False
    text = entity["text"]
    return entity["type"] == "PERSON" or not any(
        _prominent(g, e) for e in _by_own_name(g, text, g.lookup(text))
    )


def _from_any(
    article: Article, g: Gazetteer, entity: Entity, place_names: set[str]
) -> list[_Mention]:
    """The mentions one entity yields: itself, the place it narrows, or those inside it."""
    tagged = entity["type"]
    found = _from_entity_or_inside(article, g, entity, place_names)
    for m in found:
        if m.entity is entity:
            m.tagged = tagged
    return found


def _from_entity_or_inside(
    article: Article, g: Gazetteer, entity: Entity, place_names: set[str]
) -> list[_Mention]:
    party = _PARTY_NAME.fullmatch(entity["text"])
    if party is not None and entity["type"] in ("PERSON", "ORG", "NORP"):
        # "R-Marshall", "D-Pleasanton" tagged as one name: the legislator's home town
        text = party.group(1)
        candidates = _without_codes(g, text, g.lookup(text))
        if not candidates:
            return []
        entity.update({"start": entity["end"] - len(text), "text": text, "type": "PLACE"})
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


def _from_entity(
    article: Article, g: Gazetteer, entity: Entity, place_names: set[str]
) -> _Mention | None:
    """The mention an entity makes, retyping it when spaCy's type was wrong; None if none."""
    text = entity["text"]
    if _generic(text) or (entity["type"] != "PLACE" and _unlisted_abbreviation(g, text)):
        return None
    located = _locative_object(article, entity["start"], entity["end"])
    candidates = _as_body(g, text, _lookup_variants(g, text), located)
    if entity["type"] != "PLACE":
        candidates = _without_codes(g, text, candidates)
    own = _by_own_name(g, text, candidates)
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


def _narrowed(article: Article, g: Gazetteer, entity: Entity) -> _Mention | None:
    """The place a modified name names: "Texas" in "North Texas", "Fargo" in "Fargo City"."""
    words = entity["text"].split()
    if len(words) < 2:
        return None
    if words[0].lower() in cues()["modifier"]:
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
        lengths = (4, 3, 2) if token.lower_ in place_words()["leading_stop"] else (4, 3, 2, 1)
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
    located = _locative_object(article, start, end)
    candidates = _as_body(g, text, _without_codes(g, text, g.lookup(text)), located)
    if shouted and candidates and _dateline_like(article, end):
        return _Mention(start, end, text, None, candidates, cued=True)
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
            span[-1].lower_ in cues()["unit"]
            and any(g.feature_of(e) == "district" and _own_name(g, e, text) for e in candidates)
        )
    ):
        return _Mention(start, end, text, None, candidates)
    return None


def _link_containers(text: str, mentions: list[_Mention]) -> None:
    """Mark "X, Y" pairs (a place then the region or country it lies in)."""
    for i, (inner, outer) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if text[inner.end : outer.start].strip() == "," and outer.candidates:
            inner.container = i + 1
