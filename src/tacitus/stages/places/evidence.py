"""Evidence in the text that a name is a place: the words around it.

A name spaCy tagged as a person or organisation, or did not tag at all, is read as a place
when the text around it says so: a locative preposition ("in X"), an address ("12 Main St.,
X"), a legislator's home town ("R-Marshall"), a possessive country ("Kenya's Dadaab"), a
place or town noun ("Heze city", "Roswell police"), a list of places, a dateline's dashes.
Reads `article.text`, `article.doc` and `article.entities`; writes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.core.article import Article, Entity
from tacitus.kb.gazetteer import Gazetteer, normalise
from tacitus.stages.places.candidates import _contains, _own_name
from tacitus.stages.places.words import cues, place_words

#: Dependency labels of a word that modifies the next noun ("CBP" in "in CBP custody"):
#: the preposition before such a name governs the noun, not the name.
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
#: An organisation's acronym: a town only after a locative cue.
_ACRONYM = re.compile(r"[A-Z]{2,5}")
#: A bare ORG name that is a town at least this big is read as the town.
_MIN_ORG_TOWN = 5_000

#: What joins the names of a list: "X, Y and Z", "X or Y".
_LIST_JOINT = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def _is_dateline(article: Article, entity: Entity) -> bool:
    dateline = article.dateline
    return entity.get("role") == "dateline" or (
        dateline is not None
        and (entity["start"], entity["end"]) == (dateline["start"], dateline["end"])
    )


def _retype(
    article: Article,
    g: Gazetteer,
    entity: Entity,
    candidates: list[int],
    place_names: set[str],
) -> bool:
    """Whether a PERSON or ORG entity is really a place: a country, region or capital by
    name, or any gazetteer place that the article elsewhere uses as a place or that stands
    where places stand ("in X", "12 Main St., X")."""
    acronym = entity["type"] == "ORG" and _ACRONYM.fullmatch(entity["text"]) is not None
    for entry in candidates:
        feature = g.feature_of(entry)
        if feature in place_words()["named_feature"] or (entry in g.capitals and not acronym):
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
    if of is None:
        return False
    ending = article.derived("entities_by_end", article.entities, _by_end)
    return any(e["type"] == "PERSON" for e in ending.get(start - len(of.group()), ()))


def _by_end(entities: list[Entity]) -> dict[int, list[Entity]]:
    """The entities by the offset where they end (a look-up, not a scan, per mention)."""
    found: dict[int, list[Entity]] = {}
    for entity in entities:
        found.setdefault(entity["end"], []).append(entity)
    return found


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
        and after.lower_ not in cues()["kin"]
    )


def _place_noun(article: Article, start: int, end: int) -> bool:
    """A name that a common noun calls a place: "Heze city", "Orientale province", "the
    island of Bohol", "the town of Camborne", "a village called Flumeri"."""
    nouns = cues()["place_noun"]
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
    return after is not None and after.group(1).lower() in cues()["town_noun"]


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
    return token is not None and token.lower_.rstrip(".") in cues()[kind]


def _locative_object(article: Article, start: int, end: int) -> bool:
    """A locative preposition whose object is the name itself: "in Hayward", "at the White
    House"; not "in CBP custody" or "to NBC News" (the name modifies the noun the
    preposition governs), nor "to Mr. Jackson"."""
    if not _cue_before(article, start, "locative") or _title_before(article, start):
        return False
    span = article.doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.root.dep_ not in _MODIFIER_DEPS


def _title_before(article: Article, start: int) -> bool:
    """A title before a name makes it a person's: "Mr. Jackson", "Miss Rochester"; titles
    are capitalised, so "to miss Rochester" is a verb before a town."""
    token = _previous_token(article, start)
    return (
        token is not None
        and token.text[:1].isupper()
        and token.lower_.rstrip(".") in cues()["title"]
    )


def _after_street(article: Article, start: int) -> bool:
    token = _previous_token(article, start)
    if token is None or token.text != "," or token.i == 0:
        return False
    return article.doc[token.i - 1].lower_.rstrip(".") in cues()["street"]


def _dateline_like(article: Article, end: int) -> bool:
    """Whether a capitalised name is followed the way a dateline is: "BEIRUT --", "X (AP)"."""
    after = article.text[end : end + 4].lstrip(" ,")
    return after.startswith(("-", "—", "–", "(", ":"))
