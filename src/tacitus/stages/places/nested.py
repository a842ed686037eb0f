"""Places inside other names: "Mansfield" in "the Mansfield Police Department", "Georgia"
in "University of Georgia", "Russian" and "American" in "Russian-American".

Such places are places of the article but no entities of their own (`_Mention.nested`).
Reads `article.text` and `article.doc`; writes nothing.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Article, Entity
from tacitus.kb.gazetteer import Gazetteer, demonym_country, normalise
from tacitus.stages.places.candidates import (
    _MAX_CODE,
    _as_body,
    _closest_km,
    _generic,
    _Mention,
    _organ_word,
    _own_name,
    _unlisted_abbreviation,
    _without_codes,
)
from tacitus.stages.places.words import cues, place_words

#: A city this big named inside an organisation's name is a place of the article.
_MIN_NESTED_POPULATION = 100_000


def _compound_demonyms(entity: Entity) -> list[_Mention]:
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
    entity: Entity,
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
    institutions = cues()["institution"]
    for length in (4, 3, 2) if doc[i].lower_ in place_words()["leading_stop"] else (4, 3, 2, 1):
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
        # a town inside another name is called by its own name, or is a city known by
        # another ("Westminster"): "NBC" (a code of Nizhnekamsk) and "Human" (an old name
        # of Uman) are words of the organisation's name
        candidates = [
            e
            for e in _as_body(g, text, _without_codes(g, text, g.lookup(text)))
            if _own_name(g, e, text) or (len(normalise(text)) > _MAX_CODE and _exonym(g, e))
        ]
        if not candidates:
            continue
        after = doc[i + length] if i + length < span.end else None
        before = doc[i - 1] if i > span.start else None
        heads = (
            i == first
            and after is not None
            and after.lower_ in institutions
            and not _kind_of_body(doc[i : i + length + 1])
        )
        # "Guernsey County Common Pleas Court", "Laurel County Clerk Dean Johnson": a name
        # ending in "County" (parish, township) that the gazetteer holds is that district
        unit = words[-1].lower_ in cues()["unit"] and any(
            g.feature_of(e) == "district" for e in candidates
        )
        if heads or unit:
            # the name heads an institution of a town ("Groton Town Council") or is a
            # district's whole name: words that call it a place
            return _Mention(start, end, text, None, candidates, nested=True, cued=True)
        if institutions_only:
            continue
        if (
            any(g.feature_of(e) in place_words()["named_feature"] for e in candidates)
            or any(
                int(g.population[e]) >= _MIN_NESTED_POPULATION and _own_name(g, e, text)
                for e in candidates
            )
            or normalise(text) in place_names
            # "University of Findlay": the town closes the name ("the Department of
            # Homeland Security" names no Homeland)
            or (before is not None and before.lower_ in ("of", "in", "at") and after is None)
            or _hyphened_towns(g, span, i, i + length, candidates)
        ):
            return _Mention(start, end, text, None, candidates, nested=True)
    return None


def _kind_of_body(words: Any) -> bool:
    """Whether a name and the institution word after it are a kind of body, not a town's
    ("Supreme Court", "State Department", "White House"), or the name is itself a body's
    word ("Police Department")."""
    return _organ_word(words.text) or _organ_word(words[:-1].text)


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


def _exonym(g: Gazetteer, entry: int) -> bool:
    """Whether an entry is big enough to be known by another of its names in a name."""
    return int(g.population[entry]) >= _MIN_NESTED_POPULATION


def _inside_name(previous: Any) -> bool:
    """Whether the word before a token makes the token part of a longer name ("New London")."""
    return previous.text[:1].isupper() and previous.lower_.rstrip(".") in cues()["prefix"]
