"""Countries for the actors stage: demonyms, the country of a place mention, of a sentence and
of the article.

Reads `article.places` (when the places stage ran), `article.entities` and `article.doc`;
adds nothing itself: the resolvers use it to give actors their country.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tacitus.core.article import Article, Entity, entity_index
from tacitus.kb.actors import STATE_SECTORS, KnowledgeBase, normalise_name, words
from tacitus.kb.gazetteer import demonym_country
from tacitus.syntax.phrases import pobj_of

#: Place kinds that say where something is (not a demonym, not a capital standing for its
#: government).
LITERAL = (None, "literal")


class Geography:
    """The countries of one article: demonyms, places' countries, and its main countries.

    `theatre` is the country most of its literal places lie in, read when the article arrives,
    before any resolver changes it. The home country of officials named without a nationality
    is settled once the named actors are known (`at_home`, `settle`): the dateline's country,
    else the article's own country (`frame`), else the theatre.
    """

    def __init__(self, article: Article, kb: KnowledgeBase) -> None:
        self.article = article
        self.doc = article.doc
        self.kb = kb
        self.theatre = self._main_country()
        self.dateline = self._dateline_country()
        #: where the home country comes from, as an actor's `country_from` says it
        self.home_from = "dateline" if self.dateline else "article"
        self.sentence_countries: dict[int, str | None] = {}
        self._homeless: list[tuple[Any, set[str | None]]] = []

    def at_home(self, actor: Any, sent: set[str | None] | None = None) -> None:
        """Give `actor` (an official with no nationality named) the home country once it is
        settled, unless that is a country its title sends it to (`sent`)."""
        self._homeless.append((actor, sent or set()))

    def settle(self, actors: list[Any]) -> None:
        """Give the officials waiting in `at_home` the home country: the dateline's, else the
        `frame` the named actors show, else the theatre."""
        if not self._homeless:
            return
        home = self.dateline or self.frame(actors) or self.theatre
        for actor, sent in self._homeless:
            if actor.country is None and home not in sent:
                actor.country, actor.country_from = home, self.home_from
        self._homeless = []

    def frame(self, actors: list[Any]) -> str | None:
        """The country the article is written from: news writing names the reader's own
        state's organs and office holders without their country ("the House", "President
        Trump") and a foreign one's with it ("Ukrainian President Zelensky"). The country of
        most known state actors named with no country word, if at least two are, no other
        country has as many and a place the article names lies in it; else None."""
        counts: Counter[str] = Counter()
        for actor in actors:
            if actor.kb_id is None or actor.country is None or actor.sector not in STATE_SECTORS:
                continue
            if not any(self._qualified(start, end) for start, end in actor.mentions):
                counts[actor.country] += 1
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 2 or len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            return None
        # and the article names a place of it: foreign news names foreign leaders bare
        # ("Putin and Lavrov rejected the plan"), and a body's name may match another
        # country's entry ("the Senate"); a story told from a country names its places
        places = {p.get("country") for p in self.article.places if p.get("kind") in LITERAL}
        return ranked[0][0] if ranked[0][0] in places else None

    def _qualified(self, start: int, end: int) -> bool:
        """Whether the noun phrase of the mention at [start, end) holds a country word or
        demonym ("the Venezuelan Attorney General", "Venezuela's President Maduro")."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        head = span.root
        while head.dep_ in ("compound", "flat") and head.head.i > head.i:
            head = head.head
        words = self.doc[min(head.left_edge.i, span.start) : span.end]
        return any(self.demonym(token.text) for token in words)

    def place_country(self, entity: Entity) -> tuple[str | None, str | None]:
        """(country, kind) of a PLACE entity: from the places stage, else the knowledge base."""
        index = entity.get("place")
        if index is not None and index < len(self.article.places):
            place = self.article.places[index]
            kind = place.get("kind")
            if kind == "literal" and place.get("feature") == "country":
                kind = "country"
            if kind == "literal" and normalise_name(entity["text"]) in self.kb.capitals:
                kind = "capital"
            return place.get("country"), kind
        key = normalise_name(entity["text"])
        if key in self.kb.capitals:
            return self.kb.capitals[key], "capital"
        if key in self.kb.country_keys:
            return self.kb.country_keys[key], "country"
        return self.kb.country_words.get(key), "literal"

    def demonym(self, word: str) -> str | None:
        """The country of a demonym or country word ("Russian", "Syria"), or None: the
        gazetteer's demonyms first (those the places stage reads), then the actor base's."""
        return demonym_country(word) or self.kb.country_of(word)

    def country_at(self, token: Any) -> str | None:
        """The country a token names, reading the whole entity it belongs to."""
        index = self.article.derived("entities", self.article.entities, entity_index)
        for *_, entity in index.overlapping(token.idx, token.idx + 1):
            if entity["start"] <= token.idx < entity["end"]:
                return self.demonym(entity["text"])
        return self.demonym(token.text)

    def sent_to(self, token: Any) -> str | None:
        """The country a title word sends or accredits its holder to ("envoy to Ukraine",
        "ambassador to Russia"): where he serves, not where he is from; or None."""
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                target = pobj_of(prep)
                if target is None:
                    continue
                # "envoy to Ukraine Kurt Volker": the parse may hang the country on the name
                for word in (target, *target.lefts):
                    if country := self.country_at(word):
                        return country
        return None

    def of_country(self, token: Any) -> str | None:
        """The country of an "of" phrase after a word: "president of Armenia"."""
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return self.country_at(obj)
        return None

    def sentence_country(self, token: Any) -> str | None:
        """The country of the first place the sentence of `token` is located in."""
        sent = token.sent
        if sent.start not in self.sentence_countries:
            self.sentence_countries[sent.start] = self._locations_in(sent)
        return self.sentence_countries[sent.start]

    def _locations_in(self, sent: Any) -> str | None:
        # the entities of this sentence, from an index rather than every entity of the article
        index = self.article.derived("entities", self.article.entities, entity_index)
        for *_, entity in index.overlapping(sent.start_char, sent.end_char):
            if entity["type"] != "PLACE" or not (
                sent.start_char <= entity["start"] < sent.end_char
            ):
                continue
            span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            if (
                span is None
                or span.root.dep_ != "pobj"
                or span.root.head.lower_ not in words()["locative_prepositions"]
            ):
                continue
            country, _ = self.place_country(entity)
            if country:
                return country
        return None

    def _dateline_country(self) -> str | None:
        for place in self.article.places:
            if place.get("role") == "dateline":
                return place.get("country")
        return None

    def _main_country(self) -> str | None:
        """The country most literal places of the article lie in (the dateline excluded)."""
        counts: Counter[str] = Counter()
        for place in self.article.places:
            if place.get("role") == "dateline" or place.get("kind") not in LITERAL:
                continue
            if country := place.get("country"):
                counts[country] += 1
        if not counts:
            for entity in self.article.entities:
                if entity["type"] == "PLACE" and entity.get("role") != "dateline":
                    country, _ = self.place_country(entity)
                    if country:
                        counts[country] += 1
        return counts.most_common(1)[0][0] if counts else None
