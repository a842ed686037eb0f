"""Scoring the places stage's mentions: choosing a gazetteer entry for each.

Every candidate entry of a mention gets a prior (its kind of feature, population, own name,
capital), then bonuses from the article in three passes: the countries and first-level
regions the other mentions point to, containment ("Pandi, Bulacan"), the readings of the
other names of its list, and closeness to the article's other places. The values are the
fields of `PlaceSettings`. Sets `_Mention.scores` and `_Mention.choice`; reads no article.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from tacitus.kb.gazetteer import Gazetteer, normalise
from tacitus.stages.places.candidates import _closest_km, _contains, _Mention
from tacitus.stages.places.settings import PlaceSettings


def _prior(
    g: Gazetteer, entry: int, text: str, settings: PlaceSettings, hometown: bool = False
) -> float:
    feature = g.feature_of(entry)
    score = settings.feature_prior[feature]
    weight = settings.population_weight.get(feature)
    if weight:
        # a person's home town is where local news finds people: size matters less
        scale = settings.hometown_population if hometown else 1.0
        score += scale * weight * math.log10(int(g.population[entry]) + 1)
    if normalise(g.names[entry]) == normalise(text):
        score += settings.own_name
    if entry in g.capitals and not hometown:
        score += settings.capital
    if g.shadowed[entry] and int(g.population[entry]) < settings.shadowed_below:
        score -= settings.shadowed
    return score


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


def _belief(scores: dict[int, float], settings: PlaceSettings) -> dict[int, float]:
    """How much each reading of a mention is believed: a softmax of the scores, pruned."""
    top = max(scores.values())
    weights = {e: math.exp(s - top) for e, s in scores.items() if s > top - settings.belief_range}
    total = sum(weights.values())
    return {e: w / total for e, w in weights.items()}


def _vote_key(text: str) -> str:
    """The name under which a mention votes: "Dublin City" votes as "Dublin", so that it
    cannot support the capital's reading of "Dublin" when the article means another one."""
    key = normalise(text)
    return key[:-5] if key.endswith(" city") and len(key) > 7 else key


def _context(g: Gazetteer, mentions: list[_Mention], settings: PlaceSettings) -> _Context:
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
        for entry, p in _belief(m.scores, settings).items():
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
    settings: PlaceSettings,
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
        score = _prior(g, entry, m.text, settings, m.hometown)
        if total:
            share = countries.get(g.country_of(entry) or "", 0.0) / total
            score += settings.country_context * share * min(1.0, total / settings.full_context)
        if entry in g.capitals and countries.get(g.country_of(entry) or "", 0.0) >= 0.5:
            score += settings.capital_of_named
        feature = g.feature_of(entry)
        region = (int(g.country[entry]), g.admin1[entry])
        if feature in ("city", "district", "region"):
            score += settings.region_context * min(1.0, regions.get(region, 0.0))
        if container is not None and any(_contains(g, o, entry) for o in container.candidates):
            score += settings.contained
        if kin and feature == "region":
            alike = sum(
                g.feature[k] == g.feature[entry] and g.country[k] == g.country[entry] for k in kin
            )
            score += settings.sibling * alike / len(kin)

        if feature in ("city", "district"):
            score += next((bonus for limit, bonus in settings.near if km <= limit), 0.0)
        elif feature == "region" and region in held:
            score += settings.near[0][1]
        scores[entry] = score
    return scores


def _name_key(text: str) -> tuple[str, bool]:
    """Mentions that name the same thing: "MO" and "Mo." do not (Mo, Norway; Missouri)."""
    return normalise(text), text.endswith(".")


def _resolve(g: Gazetteer, mentions: list[_Mention], settings: PlaceSettings, text: str) -> None:
    """Three passes: priors, then the article's countries and regions, then nearness.
    Mentions with the same name (and container) share their scores within a pass; `text` is
    the article's, for the words between two names."""
    ctx: _Context | None = None
    for near in (False, False, True):
        done: dict[
            tuple[tuple[str, bool], int | None, tuple[int, ...], bool], dict[int, float]
        ] = {}
        for m in mentions:
            container = mentions[m.container] if m.container is not None else None
            kin = (
                tuple(c for j in m.siblings if (c := mentions[j].choice) is not None) if ctx else ()
            )
            if container is not None and kin and _country_list(g, mentions, m):
                container = None  # "Ghana, Niger, Nigeria and Togo": no state of Nigeria
            memo = (_name_key(m.text), m.container if container else None, kin, m.hometown)
            if memo not in done:
                done[memo] = _score(g, m, container, ctx, near, settings, kin)
            m.scores = done[memo]
            if m.scores:
                m.choice = max(m.scores, key=lambda e: m.scores[e])
        ctx = _context(g, mentions, settings)
    _fix_containers(g, mentions)
    _part_of_the_next(text, g, mentions)
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


def _part_of_the_next(text: str, g: Gazetteer, mentions: list[_Mention]) -> None:
    """ "the Western District of New York", "the Kurdistan Region of Iraq": a district or
    region X of Y is a part of Y, so X is read in Y's country, and is no place when it has no
    reading there (no district of American Samoa). A town X of Y is a figure ("the Nice of
    Russia") and keeps its reading."""
    for m, outer in zip(mentions, mentions[1:], strict=False):
        if m.choice is None or outer.choice is None or m.demonym or outer.demonym:
            continue
        if g.feature_of(m.choice) not in ("district", "region"):
            continue
        country = g.country[outer.choice]
        if text[m.end : outer.start] != " of " or g.country[m.choice] == country:
            continue
        inside = [c for c in m.candidates if g.country[c] == country]
        if inside:
            m.choice = max(inside, key=lambda e: m.scores.get(e, 0.0))
        else:
            m.unplace()


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
