"""People for the actors stage: names grouped into persons ("Shoigu" joins "Sergei Shoigu"),
coded from the knowledge base (the role held at publication) and the titles around them.

Reads `article.doc`, `article.entities` and `article.published`; retypes entities the names of
the article settle (an ORG that is a person's surname, "the Assad regime" as an ORG), adds
PERSON entities for untagged surnames, and adds person actors to the cast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tacitus.core.article import Entity, SpanIndex
from tacitus.kb.actors import STATE_SECTORS, KbActor, normalise_name, words
from tacitus.stages.actors.cast import Actor, Cast, Scene, new_entity
from tacitus.stages.actors.titles import Titles

#: Sectors of a state's civil offices (government, legislature, courts): a former holder of
#: one, with no nationality named, is of the article's country like a serving one.
CIVIL_SECTORS = {"GOV", "LEG", "JUD"}


class People:
    """Finds the people of one article and codes them."""

    def __init__(self, scene: Scene, cast: Cast, titles: Titles) -> None:
        self.scene = scene
        self.article = scene.article
        self.doc = scene.doc
        self.kb = scene.kb
        self.cast = cast
        self.titles = titles
        self.phrases = titles.phrases
        self.geography = titles.geography

    def fix_types(self) -> None:
        """Retype ORG mentions that name a person of the article ("Qanbar" after "Abboud
        Qanbar"), and make "the Assad regime" an ORG rather than a PERSON."""
        entities = self.article.entities
        full_names, surnames = self._full_names()
        self._add_surnames(surnames)
        for entity in list(entities):
            span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            if span is None:
                continue
            key = " ".join(name_tokens(entity["text"]))
            modifier = span.root.dep_ in ("compound", "amod", "nmod")
            if entity["type"] == "ORG" and entity.get("label") != "KB" and not modifier:
                if key in surnames or any(key.endswith(name) for name in full_names):
                    entity["type"] = "PERSON"
                elif self._known_person(key):
                    entity["type"] = "PERSON"
            if entity["type"] in ("ORG", "PLACE") and self.titles.after_office(entity):
                entity["type"], entity["place"] = "PERSON", None
            elif entity["type"] == "PERSON" and modifier and span.root.head.i > span.root.i:
                head = span.root.head
                agent = self.phrases.agent_of([head])
                if agent and agent[0] in STATE_SECTORS and not agent[1]:
                    entities.remove(entity)
                    end = head.idx + len(head.text)
                    entities.append(
                        new_entity(self.article.text, entity["start"], end, "ORG", "KB")
                    )
        # full names spaCy called organisations and the knowledge base knows as people
        # ("Volodymyr Zelenskyy") lend their surnames too
        self._add_surnames(self._full_names()[1] - surnames)
        entities.sort(key=lambda e: (e["start"], e["end"]))

    def _full_names(self) -> tuple[set[str], set[str]]:
        """The full names (two words or more) of the article's PERSON mentions, and their
        surnames."""
        full_names, surnames = set(), set()
        for entity in self.article.entities:
            tokens = name_tokens(entity["text"]) if entity["type"] == "PERSON" else []
            if len(tokens) >= 2:
                full_names.add(" ".join(tokens))
                surnames.add(tokens[-1])
        return full_names, surnames

    def _known_person(self, key: str) -> bool:
        """Whether a name is a person of the knowledge base (and no organisation of it)."""
        date, countries = self.scene.date, self.scene.countries
        found = self.kb.lookup(key, date, countries, kind="person")
        if found is None or found.kind != "person":
            return False
        org = self.kb.lookup(key, date, countries, kind="org")
        return org is None or org is found  # no organisation bears the name

    def _add_surnames(self, surnames: set[str]) -> None:
        """PERSON mentions for surnames spaCy left untagged ("Velikova thanked ...")."""
        entities = self.article.entities
        taken = SpanIndex((e["start"], e["end"], None) for e in entities)
        for token in self.scene.tokens:
            if not token.is_title or token.ent_type_ or normalise_name(token.text) not in surnames:
                continue
            start, end = token.idx, token.idx + len(token.text)
            if not taken.overlapping(start, end):
                entities.append(new_entity(self.article.text, start, end, "PERSON", "SURNAME"))
                taken.add(start, end, None)

    def resolve(self) -> None:
        """Group PERSON mentions (full name, surname), code them from the KB and their titles."""
        people = [
            e for e in self.article.entities if e["type"] == "PERSON" and e.get("label") != "TITLE"
        ]
        by_length = sorted(people, key=lambda e: -len(name_tokens(e["text"])))
        groups: list[tuple[list[str], list[Entity]]] = []
        # a mention joins the first group whose name ends with it (the same name, or its
        # surname(s)): the groups by every ending of their names, so that each mention is a
        # look-up rather than a pass over every person of the article
        by_ending: dict[tuple[str, ...], int] = {}
        by_surname: dict[str, list[int]] = {}  # groups of a first name and a surname
        for entity in by_length:
            tokens = core_name(name_tokens(entity["text"]))
            if not tokens:
                continue
            group = by_ending.get(tuple(tokens))
            if group is None and len(tokens) == 2:  # "Pat Carlineo" after "Patrick Carlineo"
                group = _short_form(tokens, groups, by_surname.get(tokens[1], []))
            if group is not None:
                groups[group][1].append(entity)
                continue
            for n in range(1, len(tokens) + 1):
                by_ending.setdefault(tuple(tokens[-n:]), len(groups))
            if len(tokens) == 2:
                by_surname.setdefault(tokens[1], []).append(len(groups))
            groups.append((tokens, [entity]))
        for names, members in sorted(groups, key=lambda g: min(e["start"] for e in g[1])):
            self._person(names, sorted(members, key=lambda e: e["start"]))

    def _person(self, names: list[str], members: list[Entity]) -> None:
        """Add one person: the knowledge base's entry for the group's names, else a new one."""
        date = self.scene.date
        full = max(members, key=lambda e: len(name_tokens(e["text"])))
        kb_actor = None
        for entity in [full, *members]:
            name = " ".join(name_tokens(entity["text"]))
            kb_actor = self.kb.lookup(name, date, self.scene.countries, kind="person")
            if kb_actor is not None:
                break
        if kb_actor is None and len(names) == 1 and date:
            kb_actor = self._titled_holder(names[0], members, date)
        role = kb_actor.role_at(date) if kb_actor else None
        country, sector = (role.country, role.sector) if role else (None, None)
        spans: list[tuple[int, int]] = []
        for entity in members:
            country, sector = self._read_titles(entity, country, sector, spans)
        key = ("kb", kb_actor.kb_id) if kb_actor else ("person", " ".join(names))
        actor = Actor(
            name=" ".join(re.split(r"[(\[]", full["text"])[0].strip(" ,;:").split())
            if len(names) > 1 or not kb_actor
            else kb_actor.name,
            country=country,
            sector=sector,
            kb_id=kb_actor.kb_id if kb_actor else None,
            source=kb_actor.source if kb_actor else None,
            person=True,
        )
        for start, end in spans:
            actor = self.cast.add(key, actor, start, end)
        actor.country, actor.sector = actor.country or country, actor.sector or sector
        if actor.country is None and (actor.sector in STATE_SECTORS or self._former_office(actor)):
            # "Defence Minister X", "former envoy X" with no nationality: an official (or a
            # former civil one) of the country the article is filed from, else of the one it
            # is about; never of the country a title sends him to ("envoy to Ukraine": the
            # title's phrase may end before its "to")
            sent = {self.geography.sent_to(word) for word in self._words(actor)}
            self.geography.at_home(actor, sent)

    def _former_office(self, actor: Actor) -> bool:
        """Whether a "former" in the actor's titles qualifies a civil office of a state ("the
        former special envoy", "a former senator"), not a rank in an armed group ("former
        rebel leader")."""
        for word in self._words(actor):
            if word.lower_ != "former" or word.head.i <= word.i:
                continue
            agent = self.phrases.agent_of(list(self.doc[word.i : word.head.i + 1]))
            if agent is not None and agent[0] in CIVIL_SECTORS:
                return True
        return False

    def _words(self, actor: Actor) -> Iterator[Any]:
        """The words of every mention of an actor (its names and titles)."""
        for start, end in actor.mentions:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            yield from span if span is not None else ()

    def _titled_holder(self, surname: str, members: list[Entity], date: str) -> KbActor | None:
        """ "President Trump", "Chancellor Scholz": a surname alone after the title of an
        office is the one person of the knowledge base with that surname in office on the
        article's date; a bare surname ("Johnson said") is left alone."""
        if not any(self.titles.title_before(entity) for entity in members):
            return None
        return self.kb.office_holder(surname, date)

    def _read_titles(
        self,
        entity: Entity,
        country: str | None,
        sector: str | None,
        spans: list[tuple[int, int]],
    ) -> tuple[str | None, str | None]:
        """Country and sector a mention's titles and appositives give; their extents and the
        mention's own go to `spans`."""
        title = self.titles.title_before(entity)
        if title is not None:
            t_country, t_sector, t_start = title[0], title[1], title[2]
            country = t_country or country
            sector = t_sector or sector
            self.titles.drop_title_entities(t_start, entity["start"])
            spans.append((t_start, entity["end"]))
        spans.append((entity["start"], entity["end"]))
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is not None and span.end + 1 < len(self.doc):
            if self.doc[span.end].lower_ == "of":
                country = self.geography.country_at(self.doc[span.end + 1]) or country
        if self.titles.party_tag(entity):  # "Rep. Ilhan Omar (D-Minn.)": a US legislator
            country, sector = country or "USA", sector or "LEG"
        before = self.titles.appositive_before(entity)
        if before is not None:  # "Iraq's prime minister, Karim Jaber,": a title, as above
            country, sector = before[0] or country, before[1] or sector
            spans.append((before[2], before[3]))
        appositive = self.titles.appositive_after(entity)
        if appositive is not None:
            a_country, a_sector, a_start, a_end = appositive
            country = country or a_country
            sector = sector or a_sector
            spans.append((a_start, a_end))
        return country, sector


def _short_form(
    tokens: list[str], groups: list[tuple[list[str], list[Entity]]], same_surname: list[int]
) -> int | None:
    """The one group whose name is this first name and surname in full: "Pat Carlineo" is
    "Patrick Carlineo"; None when no group, or more than one, fits. `same_surname` are the
    indices of the groups of two words with this surname."""
    first = tokens[0]
    fits = [
        i
        for i in same_surname
        if groups[i][0][0] != first and len(first) >= 2 and groups[i][0][0].startswith(first)
    ]
    return fits[0] if len(fits) == 1 else None


def core_name(tokens: list[str]) -> list[str]:
    """A person's name without what its writings vary in: middle initials and generational
    suffixes ("Patrick W. Carlineo" and "Patrick Carlineo Jr." are ["patrick", "carlineo"]).

    Args:
        tokens: a name's words (`name_tokens`).

    Returns:
        The words, without a trailing suffix and one-letter words between the first and last.
    """
    suffixes = words()["name_suffixes"]
    while len(tokens) > 2 and tokens[-1] in suffixes:
        tokens = tokens[:-1]
    if len(tokens) > 2:
        tokens = [tokens[0], *(t for t in tokens[1:-1] if len(t) > 1), tokens[-1]]
    return tokens


def name_tokens(name: str) -> list[str]:
    """Name words without courtesy titles: "Mr. Sergei Shoigu" -> ["sergei", "shoigu"].

    Args:
        name: a mention's text.

    Returns:
        Its normalised words, without numbers, scraped notes or leading honorifics.
    """
    # "Abboud Qanbar(Arabic ...", "Bashar al-Assad,[1": scraped notes are not the name
    tokens = [t for t in normalise_name(re.split(r"[(\[]", name)[0]).split() if not t.isdigit()]
    while tokens and tokens[0] in words()["honorifics"]:
        tokens = tokens[1:]
    return tokens
