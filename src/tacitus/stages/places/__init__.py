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

The stage is split by concern: `widening` (entities spaCy cut or joined), `mentions` and
`nested` (finding the mentions), `evidence` (the words around a name that make it a place),
`candidates` (gazetteer look-ups), `scoring` (choosing an entry; its values in `settings`),
`support` (a small town found where spaCy saw no place needs words or the article's other
places to back it), `metonymy` (the kind of a place); the word lists are data files read by
`words`.
"""

from __future__ import annotations

from tacitus.core.article import Article, Entity, Place
from tacitus.core.stage import Context
from tacitus.kb.gazetteer import country_name, demonym_country, gazetteer, normalise
from tacitus.stages.places.candidates import _Mention
from tacitus.stages.places.mentions import _collect
from tacitus.stages.places.metonymy import _place
from tacitus.stages.places.scoring import _resolve
from tacitus.stages.places.settings import PlaceSettings
from tacitus.stages.places.support import _drop_unsupported

__all__ = [
    "PlaceSettings",
    "country_name",
    "demonym_country",
    "gazetteer",
    "normalise",
    "resolve_places",
]

_DEFAULTS = PlaceSettings()


def _entity_for(article: Article, m: _Mention) -> Entity | None:
    if m.entity is not None or m.nested:
        return m.entity
    entity: Entity = {
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


def resolve_places(
    article: Article, ctx: Context | None = None, *, settings: PlaceSettings | None = None
) -> Article:
    """Stage: resolve the article's toponyms and demonyms to GeoNames entries.

    Args:
        article: an article after `nlp.add_entities`.
        ctx: the pipeline context (unused: the gazetteer is process-wide).
        settings: the scoring values; the defaults of `PlaceSettings` when None.

    Returns:
        The article with `places` filled and its entities pointing to them.
    """
    g = gazetteer()
    mentions = _collect(article, g)
    settings = settings or _DEFAULTS
    _resolve(g, mentions, settings, article.text)
    _drop_unsupported(article, g, mentions, settings)
    places: list[Place] = []
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
