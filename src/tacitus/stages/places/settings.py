"""The tuning values of the places stage: how a mention's readings are scored.

A frozen dataclass with the values the stage was tuned with as defaults; `resolve_places`
takes one (the defaults when none is given). Reads and adds nothing to the article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def _feature_prior() -> dict[str, float]:
    return {
        "continent": 8.0,
        "country": 7.5,
        "region": 3.5,
        "district": 2.5,
        "city": 0.0,
        "water": 7.0,
        "landform": 7.0,
        "area": 7.0,
    }


def _population_weight() -> dict[str, float]:
    return {"region": 0.4, "district": 0.3, "city": 1.0}


@dataclass(frozen=True)
class PlaceSettings:
    """How the places stage scores the readings (gazetteer entries) of a mention.

    Every value is a bonus (or malus) added to a reading's score, unless said otherwise.
    """

    #: Prior of a feature class: a name that is a country is first read as the country.
    feature_prior: Mapping[str, float] = field(default_factory=_feature_prior)
    #: Population adds this much per power of ten (cities, regions, districts).
    population_weight: Mapping[str, float] = field(default_factory=_population_weight)
    #: When the match is on the entry's own name rather than an alternate name.
    own_name: float = 2.0
    #: A national capital is read first as the capital ("Washington", "Tripoli").
    capital: float = 0.5
    #: A capital whose country the article names ("Syria" ... "Damascus") is read as it.
    capital_of_named: float = 3.0
    #: At most this much for the reading in the country the article's mentions point to.
    country_context: float = 3.0
    #: At most this much for a reading in the first-level region the article points to.
    region_context: float = 2.5
    #: Readings scored this far below a mention's best take no part in its votes.
    belief_range: float = 6.0
    #: Country votes (mentions) from which the article's country context counts in full.
    full_context: float = 3.0
    #: "X, Y": a reading of X that Y's readings contain.
    contained: float = 6.0
    #: The names of a list are alike ("Virginia, Washington and Wyoming" are states): a
    #: reading of the kind and country of the others' readings gains up to this much.
    sibling: float = 4.0
    #: A town within (km) of another place of the article gains (bonus); nearest first.
    near: tuple[tuple[float, float], ...] = ((50.0, 2.5), (150.0, 1.5), (400.0, 0.5))
    #: A town named like a country or like a region of its own country ("Italy", Texas;
    #: "California", Maryland) loses this much, read as the town only on strong evidence...
    shadowed: float = 4.0
    #: ... unless it has at least this many inhabitants.
    shadowed_below: int = 500_000
    #: A town or district with fewer inhabitants than this, found where spaCy saw no place,
    #: needs support: words that call it a place, or the article's other places...
    weak_below: int = 250_000
    #: ... that is, at least this many votes (mentions) for its country from the others ...
    supporting_votes: float = 0.5
    #: ... or another place of the article within this many km.
    supported_within_km: float = 150.0
    #: A person's home town ("Guy Evans, 26, of Paris") weighs population by this share
    #: and gets no capital bonus: people in local news live in local towns.
    hometown_population: float = 0.5
