"""The cast of one article: its actors while they are being found, and every mention by position.

The resolvers of the actors stage (people, organisations, agent nouns, countries acting) add
actors here by key and claim the text they take; `finish` turns the cast into the article's
`actors` contract dicts and sets `entity["actor"]`. Reads `article.entities`; writes nothing
until `finish`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tacitus.core.article import Actor as ActorRecord
from tacitus.core.article import Article, Entity, SpanIndex, actor_index, best_actor
from tacitus.kb.actors import STATE_SECTORS, KnowledgeBase

#: Sectors whose differently named generic mentions in one article are one actor.
GROUP_SECTORS = STATE_SECTORS | {"REB", "UAF"}


@dataclass
class Scene:
    """What every resolver reads of one article: the article, its tokens, the knowledge base,
    the publication date (ISO day, for roles held) and the countries of its places."""

    article: Article
    kb: KnowledgeBase
    tokens: list[Any]
    date: str | None
    countries: set[str]

    @classmethod
    def of(cls, article: Article, kb: KnowledgeBase) -> Scene:
        """The scene of an article as it arrives at the stage."""
        return cls(
            article,
            kb,
            list(article.doc),
            (article.published or "")[:10] or None,
            {country for p in article.places if (country := p.get("country"))},
        )

    @property
    def doc(self) -> Any:
        """The article's spaCy Doc."""
        return self.article.doc


@dataclass
class Actor:
    """One actor of the article: its name, country, sector, knowledge-base entry and mentions."""

    name: str
    country: str | None
    sector: str | None
    kb_id: str | None = None
    source: str | None = None
    person: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    # where a country no name, title or entry gave comes from (`ActorRecord.country_from`)
    country_from: str | None = None
    # a set beside the list, and the first start: an actor named thousands of times in a
    # long article is checked once per new mention, not against every earlier one
    _seen: set[tuple[int, int]] = field(default_factory=set, repr=False, compare=False)
    first_start: float = field(default=float("inf"), repr=False, compare=False)

    def __post_init__(self) -> None:
        self._seen.update(self.mentions)
        self.first_start = min((s for s, _ in self.mentions), default=float("inf"))

    def mention(self, start: int, end: int) -> None:
        """Record a mention at [start, end) once."""
        if (start, end) not in self._seen:
            self._seen.add((start, end))
            self.mentions.append((start, end))
            self.first_start = min(self.first_start, start)


class Cast:
    """The actors of one article by key, the text they claim, and their mentions by position."""

    def __init__(self) -> None:
        self.actors: dict[tuple, Actor] = {}
        self.claimed: SpanIndex[None] = SpanIndex()
        # every mention by position, and each actor's rank in `actors` (the order a scan of
        # the actors would meet them in)
        self.mention_index: SpanIndex[Actor] = SpanIndex()
        self.rank: dict[int, int] = {}

    def add(self, key: tuple, actor: Actor, start: int, end: int) -> Actor:
        """Add `actor` under `key` (or the actor already there) with a mention; claim the text.

        Args:
            key: what makes two mentions one actor (a kb id, a name, a country and sector).
            actor: the actor to add when `key` is new.
            start: the mention's first character.
            end: the character after it.

        Returns:
            The actor under `key`.
        """
        found = self.actors.setdefault(key, actor)
        if found is actor:
            self.rank[id(actor)] = len(self.rank)
        if found is not actor and not found.person and start < found.first_start:
            found.name = actor.name  # a generic actor is named by its first mention
        self.mention(found, start, end)
        self.claimed.add(start, end, None)
        return found

    def mention(self, actor: Actor, start: int, end: int) -> None:
        """Give `actor` a mention at [start, end) without claiming the text."""
        actor.mention(start, end)
        self.mention_index.add(start, end, actor)

    def claim(self, start: int, end: int) -> None:
        """Mark [start, end) as taken by an actor."""
        self.claimed.add(start, end, None)

    def is_claimed(self, start: int, end: int) -> bool:
        """Whether an actor already took text overlapping [start, end)."""
        return self.claimed.overlaps(start, end)

    def extend_group(self, start: int, end: int) -> None:
        """ "Daesh militants": the group noun after an organisation's name is its mention too."""
        best: Actor | None = None
        for *_, actor in self.mention_index.overlapping(start, end):
            if not actor.person and (best is None or self.rank[id(actor)] < self.rank[id(best)]):
                best = actor
        if best is not None:
            self.mention(best, start, end)

    def antecedent(
        self,
        country: str | None,
        sector: str | None,
        before: int,
        unlike: Callable[[Actor], bool] | None = None,
    ) -> Actor | None:
        """The nearest person mentioned before `before` whose country and sector agree; none
        that `unlike(actor)` says holds another office than the description's."""
        best, best_at = None, -1
        for actor in self.actors.values():
            if not actor.person or (unlike is not None and unlike(actor)):
                continue
            if country and actor.country and actor.country != country:
                continue
            if sector and actor.sector and actor.sector != sector:
                continue
            if not (country and actor.country or sector and actor.sector):
                continue
            last = max((s for s, _ in actor.mentions if s < before), default=-1)
            if last > best_at:
                best, best_at = actor, last
        return best

    def finish(self, article: Article) -> list[ActorRecord]:
        """The article's actors as contract dicts, and each entity linked to its actor.

        Args:
            article: the article the cast was found in; its entities get `actor` set.

        Returns:
            Contract dicts in order of first mention, numbered A1, A2, ...
        """
        ordered = sorted(
            (a for a in self.actors.values() if a.mentions), key=lambda a: min(a.mentions)
        )
        actors: list[ActorRecord] = []
        for number, actor in enumerate(ordered, 1):
            outer = outer_mentions(actor.mentions)
            record: ActorRecord = {
                "id": f"A{number}",
                "name": actor.name,
                "country": actor.country,
                "sector": actor.sector,
                "kb_id": actor.kb_id,
                "source": actor.source,
                "person": actor.person,
                "mentions": [list(m) for m in sorted(outer)],
            }
            if actor.country and actor.country_from:
                record["country_from"] = actor.country_from
            actors.append(record)
        index = actor_index(actors)
        for entity in article.entities:
            found = best_actor(index, entity["start"], entity["end"])
            entity["actor"] = found["id"] if found is not None else None
        return actors


def outer_mentions(mentions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The mentions not inside another mention of the same actor, sorted.

    Sorted by start, then longest first, a mention lies inside another exactly when an
    earlier one reaches as far as it does: one pass, not every pair.

    Args:
        mentions: (start, end) pairs, perhaps repeated.

    Returns:
        The outermost mentions, by start.
    """
    kept, reach = [], -1
    for start, end in sorted(set(mentions), key=lambda m: (m[0], -m[1])):
        if end > reach:
            kept.append((start, end))
        reach = max(reach, end)
    return kept


def new_entity(text: str, start: int, end: int, kind: str, label: str) -> Entity:
    """An entity dict the actors stage adds (`label` says why: KB, SURNAME, TITLE).

    Args:
        text: the article's text.
        start: the entity's first character.
        end: the character after it.
        kind: PERSON or ORG.
        label: the reason for it.

    Returns:
        The entity, linked to no actor or place yet.
    """
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "type": kind,
        "label": label,
        "actor": None,
        "place": None,
    }
