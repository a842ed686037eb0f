"""Organisations for the actors stage: the knowledge base's organisations found in the text, and
an actor for every ORG entity.

Reads `article.doc`, `article.entities` and `article.places`; retypes or adds ORG entities the
knowledge base knows (an organisation spaCy called a place, one it missed), removes the places
they were taken for, and adds organisation actors to the cast.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Entity
from tacitus.kb.actors import STATE_SECTORS, KbActor, normalise_name
from tacitus.stages.actors.agents import Phrases
from tacitus.stages.actors.cast import Actor, Cast, Scene, new_entity

#: Parts of speech a sentence-initial word can have and still be a name ("Daesh fighters").
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X"})


class Organisations:
    """Finds the organisations of one article and codes them."""

    def __init__(self, scene: Scene, cast: Cast, phrases: Phrases) -> None:
        self.scene = scene
        self.article = scene.article
        self.doc = scene.doc
        self.tokens = scene.tokens
        self.kb = scene.kb
        self.cast = cast
        self.phrases = phrases
        self.geography = phrases.geography

    def fix_known(self) -> None:
        """Retype or add ORG mentions of organisations in the knowledge base."""
        doc, entities = self.doc, self.article.entities
        starts = self.kb.org_starts
        i = 0
        while i < len(doc):
            token = self.tokens[i]
            if not token.text[0].isupper() or normalise_name(token.text) not in starts:
                i += 1
                continue
            match = self.org_at(i)
            if match is None or token.lower_ == "the" and self._same_without_article(i, match):
                i += 1
                continue
            end_i, _ = match
            span = doc[i:end_i]
            start, end = span.start_char, span.end_char
            overlapping = [e for e in entities if e["start"] < end and start < e["end"]]
            if any(_keeps(e, start, end) for e in overlapping):
                i = end_i
                continue
            for entity in overlapping:
                entities.remove(entity)
                if (place := entity.get("place")) is not None:
                    self._drop_place(place)
            entities.append(new_entity(self.article.text, start, end, "ORG", "KB"))
            entities.sort(key=lambda e: (e["start"], e["end"]))
            i = end_i

    def _drop_place(self, index: int) -> None:
        """Remove a place the knowledge base shows to be an organisation; re-point entities."""
        del self.article.places[index]
        for entity in self.article.entities:
            place = entity.get("place")
            if place is not None and place > index:
                entity["place"] = place - 1
            elif place == index:
                entity["place"] = None

    def _same_without_article(self, i: int, match: tuple[int, KbActor]) -> bool:
        """Whether the organisation found from "The" at token `i` is found from the next
        token too ("The White House" is the White House): its name begins after the article."""
        after = self.org_at(i + 1) if i + 1 < match[0] else None
        return after is not None and after == match

    def org_at(self, i: int) -> tuple[int, KbActor] | None:
        """The longest knowledge-base organisation named from token `i` on.

        Args:
            i: a token index.

        Returns:
            (the index of the token after the name, the organisation), or None.
        """
        doc, tokens = self.doc, self.tokens
        first = tokens[i]
        for n in range(min(7, len(doc) - i), 0, -1):
            last = tokens[i + n - 1]
            attached = n > 1 and not tokens[i + n - 2].whitespace_
            if not (last.text[0].isupper() or attached) or last.is_punct or last.is_space:
                continue
            text = doc[i : i + n].text
            key = normalise_name(text)
            if (
                n == 1
                and not first.is_upper
                and (len(key) < 3 or first.is_sent_start and first.pos_ not in NAME_POS)
            ):
                continue
            if key in self.kb.country_words or key in self.kb.capitals:
                continue
            if key in self.kb.agents and not _proper_name(doc[i : i + n]):
                continue
            actor = self.kb.lookup(text, self.scene.date, self.scene.countries, kind="org")
            if actor is not None and actor.kind == "org":
                return i + n, actor
        return None

    def resolve(self) -> None:
        """ORG entities: the knowledge base's entry, else a generic organisation."""
        date, countries = self.scene.date, self.scene.countries
        for entity in self.article.entities:
            if entity["type"] != "ORG" or self.cast.is_claimed(entity["start"], entity["end"]):
                continue
            kb_actor = self.kb.lookup(entity["text"], date, countries, kind="org")
            if kb_actor is not None and self._another_states(entity, kb_actor):
                kb_actor = None  # "Ivory Coast's Supreme Court" is no US court
            if kb_actor is not None:
                role = kb_actor.role_at(date)
                actor = Actor(
                    entity["text"],
                    role.country if role else None,
                    role.sector if role else None,
                    kb_actor.kb_id,
                    kb_actor.source,
                )
                self.cast.add(("kb", kb_actor.kb_id), actor, entity["start"], entity["end"])
                continue
            self._generic(entity)

    def _another_states(self, entity: Entity, kb_actor: KbActor) -> bool:
        """Whether a knowledge-base state institution whose name holds no country ("Supreme
        Court", "Senate") is, here, another state's: the text gives it another country
        ("Ivory Coast's Supreme Court", "the Senate of Nigeria"), or never names the
        country the entry gives it (the entry is one state's institution of a name that
        many states' institutions bear). A name that is no agent phrase (no kind of body,
        as "senate" is) is one body's own: "the Kremlin" is Russia's in any article that
        gives it no other country."""
        role = kb_actor.role_at(self.scene.date)
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if role is None or not role.country or role.sector not in STATE_SECTORS or span is None:
            return False  # only a state's institution: not the UN, a party or a rebel group
        if self.phrases.code(list(span))[0] is not None:
            return False  # the name says whose it is ("U.S. Supreme Court")
        given = self._modifier_country(span)
        if given is not None:
            return given != role.country
        if normalise_name(entity["text"]) not in self.kb.agents:
            return False
        return role.country not in self.scene.countries

    def _modifier_country(self, span: Any) -> str | None:
        """The country a modifier before an organisation's name or an "of" after it gives it
        ("Ivory Coast's Supreme Court", "the Law Society of Kenya")."""
        country = None
        if span.start > 0:
            before = self.doc[span.start - 1]
            if before.tag_ == "POS" and span.start > 1:  # "Ivory Coast's Supreme Court"
                before = self.doc[span.start - 2]
            if before.dep_ in ("compound", "nmod", "amod", "poss") or before.ent_type_:
                country = self.geography.country_at(before)
        return country or self.geography.of_country(span.root)

    def _generic(self, entity: Entity) -> None:
        """An organisation the knowledge base does not know, coded from its name and context."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None:
            return
        country, sector = self.phrases.code(list(span))
        if country is None:
            country = self._modifier_country(span)
        key = ("org", normalise_name(entity["text"]))
        actor = self.cast.add(
            key, Actor(entity["text"], country, sector), entity["start"], entity["end"]
        )
        if actor.country is None and sector in STATE_SECTORS:
            # "the Health Ministry said": of the dateline's country
            self.geography.at_home(actor)


def _keeps(entity: Entity, start: int, end: int) -> bool:
    """Whether an entity stands against a knowledge-base organisation found at [start, end).

    A resolved place stands, except an acronym ("UN", "AQI"): gazetteers list acronyms as
    alternate names of small places, the knowledge base lists organisations' acronyms."""
    exact = (entity["start"], entity["end"]) == (start, end)
    acronym = entity["text"].isupper() and exact
    # spaCy and the knowledge base agree on an organisation ("Hamas"): a gazetteer's
    # alternate name of a small town does not outweigh them
    agreed = exact and entity.get("label") == "ORG"
    if entity["type"] == "PERSON" or entity.get("place") is not None and not (acronym or agreed):
        return True
    if entity["type"] == "ORG":
        return not (start <= entity["start"] and entity["end"] <= end)
    return (entity["start"], entity["end"]) != (start, end)


def _proper_name(span: Any) -> bool:
    """Whether words are written as a name: two or more, every word but "of", "and", "for"
    and "the" capitalised ("National Security Council"; not "national security council" or
    "Security forces"): a knowledge-base organisation so written is that body, not the
    agent phrase of the same words."""
    words = [t for t in span if t.lower_ not in ("of", "and", "for", "the")]
    return len(span) > 1 and all(t.text[:1].isupper() for t in words) and not span[0].is_sent_start
