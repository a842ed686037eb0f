"""Countries acting for the actors stage: a country in an agent's position ("Russia has been
carrying out ..."), a capital standing for its government ("offering Damascus help" -> SYR/GOV)
and a nationality used as a noun ("Palestinians protested").

Reads `article.entities` (PLACE and NORP, with the places stage's kinds) and `article.doc`;
adds country, government and people actors to the cast.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Entity
from tacitus.kb.actors import normalise_name, words
from tacitus.stages.actors.agents import Phrases
from tacitus.stages.actors.cast import Actor, Cast, Scene
from tacitus.syntax.phrases import ethnic

#: Dependencies of a word that does what the verb says.
AGENTIVE_DEPS = {"nsubj", "nsubjpass", "dative", "agent"}


class CountryActors:
    """Finds the countries, capitals and nationalities of one article that act."""

    def __init__(self, scene: Scene, cast: Cast, phrases: Phrases) -> None:
        self.article = scene.article
        self.doc = scene.doc
        self.cast = cast
        self.phrases = phrases
        self.geography = phrases.geography

    def resolve(self) -> None:
        """Countries in an agent's position and capitals standing for their governments;
        nationalities as nouns ("Palestinians protested")."""
        for entity in self.article.entities:
            if entity["type"] == "NORP":
                self._people_of(entity)
            if entity["type"] != "PLACE" or entity.get("role") == "dateline":
                continue
            if self.cast.is_claimed(entity["start"], entity["end"]):
                continue
            country, kind = self.geography.place_country(entity)
            if country is None or kind not in ("country", "capital", "metonymic"):
                continue
            span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            if span is None:
                continue
            if _opposed(span):
                continue  # "anti-Damascus" qualifies the group it modifies (see agent nouns)
            if kind != "metonymic" and not self._acts(span, capital=kind == "capital"):
                continue
            if kind == "country":
                key: tuple = ("country", country)
                actor = Actor(entity["text"], country, None)
            else:
                key = ("generic", country, "GOV")
                actor = Actor(entity["text"], country, "GOV")
            self.cast.add(key, actor, entity["start"], entity["end"])

    def _people_of(self, entity: Entity) -> None:
        """A nationality used as a noun, not a modifier: the people of that country."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or self.cast.is_claimed(entity["start"], entity["end"]):
            return
        root = span.root
        if root.pos_ not in ("NOUN", "PROPN") or root.dep_ in ("amod", "compound", "nmod", "poss"):
            return
        if ethnic(span[0]) or ethnic(root):
            # an ethnic group is of the country where the sentence places it, if any
            where = self.geography.sentence_country(root)
            actor = Actor(entity["text"], where, None, country_from="place")
            key = ("ethnic", normalise_name(entity["text"]), where)
            self.cast.add(key, actor, entity["start"], entity["end"])
            return
        country = self.geography.demonym(entity["text"])
        if country:
            actor = Actor(entity["text"], country, None)
            self.cast.add(("people", country), actor, entity["start"], entity["end"])

    def _acts(self, span: Any, capital: bool = False) -> bool:
        """Whether a place mention is in an agent's position rather than a location's."""
        token = span.root
        while token.dep_ in ("conj", "appos") and token.head is not token:
            token = token.head
        dep, head = token.dep_, token.head
        if dep in AGENTIVE_DEPS:
            return True
        if dep == "pobj":
            return head.lower_ in words()["acting_prepositions"]
        if head.lower_ in words()["place_nouns"]:
            return False
        if dep in ("dobj", "poss"):  # "Israel attacked Lebanon"; a capital taken is a city
            return not capital or dep == "poss"
        if dep in ("nmod", "compound"):
            if head.pos_ != "PROPN" and self.phrases.agent_of([head]) is not None:
                return True
            # a capital in front of what is given or done ("offering Damascus help")
            return capital and dep == "nmod" and head.pos_ == "NOUN"
        return False


def _opposed(span: Any) -> bool:
    """Whether a place is the X of "anti-X" (which names whom a group fights)."""
    doc = span.doc
    i = span.start
    return (
        i >= 2
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ == "anti"
        or (i >= 1 and doc[i - 1].lower_ in ("anti-",))
    )
