"""Support for weak toponyms: a name only a small place bears needs the article's backing.

A word that spaCy did not tag as a place (a person's or organisation's name, a word inside
another name, a capitalised word the gazetteer alone found) and whose reading is a small town
or district (by its own name, another of its names such as "Human" for Uman, or a code such
as "CBP" for Coimbra), is a place of the article only with support:
- the same name read as a place where spaCy tagged it so, elsewhere in the article;
- words around it that call it a place: a locative preposition whose object it is ("in
  Hayward", not "in CBP custody"), an address, a place or town noun ("the town of X",
  "X police", "X Town Council"), a legislator's home town, a dateline's dash after a name
  in capitals ("CROMWELL —"), "X, Y", a list with places spaCy tagged;
- or the article's other places: its reading lies in a country or first-level region that
  the places spaCy tagged (and the dateline) point to, or near one of them.
A name spaCy tagged as a place, a country, region or named feature, a demonym and the
dateline need none. With no other place in the article, a weak name is kept unless it is, as a
word, a body of the state or a group the actor knowledge base knows ("the Commissioner of
Police": not Police in Poland). Reads `article.text`, `article.doc`; unsets
`_Mention.choice` and gives back the type spaCy gave an entity that the stage had retyped as
a place.
"""

from __future__ import annotations

from tacitus.core.article import Article
from tacitus.kb.gazetteer import Gazetteer, normalise
from tacitus.stages.places.candidates import _closest_km, _Mention, _organ_word, _prominent
from tacitus.stages.places.evidence import (
    _after_street,
    _dateline_like,
    _locative_object,
    _party_hometown,
    _place_noun,
    _possessed,
    _town_noun,
)
from tacitus.stages.places.scoring import _Context, _context, _vote_key
from tacitus.stages.places.settings import PlaceSettings


def _weak(g: Gazetteer, m: _Mention, settings: PlaceSettings) -> bool:
    """Whether a mention needs support: one word, not tagged a place by spaCy, read as a
    town or district of fewer inhabitants than `settings.weak_below`."""
    if m.choice is None or m.demonym or m.regional or m.dateline:
        return False
    if m.tagged == "PLACE" or len(m.text.split()) > 1:
        return False
    if g.feature_of(m.choice) not in ("city", "district"):
        return False
    return int(g.population[m.choice]) < settings.weak_below


def _cued(article: Article, m: _Mention, g: Gazetteer) -> bool:
    """Words around the name that call it a place."""
    return (
        _locative_object(article, m.start, m.end)
        or _after_street(article, m.start)
        or _party_hometown(article, m.start)
        or _place_noun(article, m.start, m.end)
        or _town_noun(article, m.end)
        or _possessed(article, g, m.start, m.candidates)
        or (m.text.isupper() and len(m.text) > 3 and _dateline_like(article, m.end))
    )


def _person_words(article: Article) -> set[str]:
    """The words of the full names of the persons the article names ("Gordon" and
    "Sondland" of "Gordon Sondland")."""
    return {
        normalise(word)
        for e in article.entities
        if e["type"] == "PERSON" and len(e["text"].split()) > 1
        for word in e["text"].split()
        if word[:1].isupper() and not word.endswith(".")
    }


def _supported(
    g: Gazetteer,
    ctx: _Context,
    m: _Mention,
    choice: int,
    points: list[int],
    settings: PlaceSettings,
) -> bool:
    """Whether the article's other places lie in the reading's country or first-level
    region, or near it."""
    key = _vote_key(m.text)
    votes = ctx.countries_without(key).get(g.country_of(choice) or "", 0.0)
    region = (int(g.country[choice]), g.admin1[choice])
    return (
        votes >= settings.supporting_votes
        or ctx.regions_without(key).get(region, 0.0) >= 0.5
        or min(_closest_km(g, [choice], points)) <= settings.supported_within_km
    )


def _drop_unsupported(
    article: Article, g: Gazetteer, mentions: list[_Mention], settings: PlaceSettings
) -> None:
    """Unset the reading of each weak mention that neither its words nor the article's
    other places support (see the module's docstring)."""
    small = {i for i, m in enumerate(mentions) if _weak(g, m, settings)}
    weak = {i for i in small if not (mentions[i].cued or _cued(article, mentions[i], g))}
    if not weak:
        return
    # the article's geography is read from its anchored places: a small town kept for the
    # words around it ("Reid Memorial Hospital") was read without the article's backing
    ctx = _context(g, [m for i, m in enumerate(mentions) if i not in small], settings)
    if sum(ctx.country_total.values()) < settings.supporting_votes:
        # no other place to go by: nothing says the name is not the town, unless the name is
        # a word for a body of the state or a group ("the Commissioner of Police": Police,
        # a town in Poland), which names an organisation first
        for i in weak:
            if _organ_word(mentions[i].text):
                mentions[i].unplace()
        return
    points = [e for _, e in ctx.points]
    kept = {
        _vote_key(m.text) for i, m in enumerate(mentions) if i not in weak and m.choice is not None
    }
    persons = _person_words(article)
    for i in sorted(weak):
        m = mentions[i]
        choice = m.choice
        if choice is None or _vote_key(m.text) in kept:
            continue
        if any(j is not None and j not in weak for j in (*m.siblings, m.container)):
            continue  # "X, Y", or a list with a place
        # a word of a person's name ("Gordon" of "Gordon Sondland") matching a town that is
        # not prominent: the article's geography does not make it the town
        person = normalise(m.text) in persons and not _prominent(g, choice)
        if not person and _supported(g, ctx, m, choice, points, settings):
            continue
        m.unplace()
