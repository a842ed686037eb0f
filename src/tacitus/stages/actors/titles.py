"""Titles for the actors stage: offices in front of names ("Russian President Vladimir Putin"),
appositives around them ("Shoigu, the Russian minister,"), and offices named without a name
("the Foreign Secretary").

Reads `article.doc` and `article.entities`; adds PERSON entities for office holders named by
their office, removes ORG entities spaCy made of title words, and gives the people resolver the
country, sector and extent a title adds to a name.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Entity
from tacitus.kb.actors import Role, normalise_name, words
from tacitus.lexicons.cues import person_nouns
from tacitus.stages.actors.agents import Phrases
from tacitus.stages.actors.cast import Scene, new_entity
from tacitus.stages.actors.organisations import Organisations
from tacitus.syntax.phrases import party_tag_at, pobj_of
from tacitus.syntax.role_codes import POST, STAFF

#: (country, sector, start, end) of a title set off by a comma beside a name.
Appositive = tuple[str | None, str | None, int, int]


#: Entity labels of where an office holder is sent ("Ambassador to the United Nations").
DESTINATIONS = frozenset({"GPE", "ORG", "LOC", "NORP", "FAC"})


class Titles:
    """Reads the offices and descriptions around the names of one article."""

    def __init__(self, scene: Scene, phrases: Phrases, organisations: Organisations) -> None:
        self.scene = scene
        self.article = scene.article
        self.doc = scene.doc
        self.tokens = scene.tokens
        self.kb = scene.kb
        self.phrases = phrases
        self.geography = phrases.geography
        self.organisations = organisations

    def is_office(self, token: Any) -> bool:
        """Whether a word names an office one person holds ("President", "minister")."""
        return self.kb.is_office(token.lower_)

    def after_office(self, entity: Entity) -> bool:
        """A name right after an office title ("Secretary Kerry") that is no country or city
        of the article's places: a person, whatever spaCy or the gazetteer said."""
        if entity["type"] == "PLACE":
            _, kind = self.geography.place_country(entity)
            if kind in ("country", "capital", "metonymic", "demonym"):
                return False
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or span.start == 0 or not self.is_office(self.doc[span.start - 1]):
            return False
        return bool(span[0].is_title and span.root.dep_ not in ("pobj",))

    def add_office_holders(self) -> None:
        """PERSON mentions for capitalised offices named without a name: "the Foreign
        Secretary", "the US Secretary of State" (the office holder is a person)."""
        doc, entities = self.doc, self.article.entities
        for token in doc:
            if not (token.is_title and not token.is_sent_start):
                continue
            if not self.is_office(token) or token.ent_type_ == "PERSON" or token.tag_ == "NNPS":
                continue
            first, last = token.i, token.i
            while first > 0 and self._title_word(doc[first - 1]):
                first -= 1
            while last + 2 < len(doc) and doc[last + 1].lower_ in ("of", "for"):
                nxt = last + 2 + (doc[last + 2].lower_ == "the")
                if nxt >= len(doc) or not doc[nxt].is_title:
                    break
                last = nxt
                while last + 1 < len(doc) and doc[last + 1].is_title:
                    last += 1
            if self._names_after(last, doc):
                continue  # a title in front of a name: part of that person's mention
            start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
            if any(
                e["start"] < end and start < e["end"] and e["type"] == "PERSON" for e in entities
            ):
                continue
            for entity in list(entities):
                inside = start <= entity["start"] and entity["end"] <= end
                if inside and entity.get("place") is None:
                    entities.remove(entity)
            entities.append(new_entity(self.article.text, start, end, "PERSON", "TITLE"))
        entities.sort(key=lambda e: (e["start"], e["end"]))

    @staticmethod
    def _names_after(last: int, doc: Any) -> bool:
        """Whether a person's name follows an office, after where the holder is sent if the
        title says it ("Ambassador to the European Union Gordon Sondland")."""
        after = last + 1
        if after < len(doc) and doc[after].lower_ == "to":
            after += 1 + (after + 1 < len(doc) and doc[after + 1].lower_ == "the")
            while after < len(doc) and doc[after].ent_type_ in DESTINATIONS:
                after += 1
        return after < len(doc) and doc[after].ent_type_ == "PERSON"

    def _destination_start(self, end: int) -> int | None:
        """The position of "to" when the words up to `end` are where an office holder is sent
        ("envoy to Ukraine", "Ambassador to the United Arab Emirates"): a named place or
        organisation after "to [the]" after an office word; else None."""
        doc, i = self.doc, end
        while i >= 0 and doc[i].ent_type_ in DESTINATIONS:
            i -= 1
        if i == end:
            return None
        i -= doc[i].lower_ == "the" if i >= 0 else 0
        if i >= 1 and doc[i].lower_ == "to" and doc[i - 1].lower_ in self.kb.agent_words:
            return i
        return None

    def _title_word(self, token: Any) -> bool:
        lower = token.lower_
        return (
            token.is_title
            and (lower in self.kb.agent_words or lower in words()["title_fillers"])
            or bool(token.ent_type_ in ("NORP", "GPE") and self.geography.demonym(token.text))
        )

    def title_before(self, entity: Entity) -> tuple[str | None, str | None, int] | None:
        """(country, sector, start) of a title right before a name: "Russian President"."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None:
            return None
        i = span.start
        title: list[Any] = []
        sent = False  # "envoy to Ukraine": where the holder is sent, not where he is from
        while i > 0:
            token = self.doc[i - 1]
            lower = token.lower_
            if lower in ("of", "for") and title and i > 1 and self.is_office(self.doc[i - 2]):
                title.insert(0, token)  # "Secretary of State John Kerry"
                i -= 1
                continue
            to = self._destination_start(i - 1) if not title and not sent else None
            if to is not None:
                # "special envoy to Ukraine Kurt Volker", "U.S. Ambassador to the European
                # Union Gordon Sondland": where the holder is sent, not where he is from
                sent = True
                i = to
                continue
            if token.is_punct and lower != "-" or token.pos_ in ("VERB", "AUX", "DET", "ADP"):
                break
            if not (
                lower in self.kb.agent_words
                or lower in words()["title_fillers"]
                or lower == "former"
                or self.geography.demonym(token.text)
                or lower in ("'s", "’s")
            ):
                break
            title.insert(0, token)
            i -= 1
        if not title:
            return None
        country, sector = self.phrases.code(title)  # not the country it is sent to
        if country is None:
            employer = self._employer(title[0].i, span.start)
            if employer is not None:  # "United Nations envoy X", "Hamas leader X"
                country, sector = employer.country, sector or employer.sector
        if sector is None and country is None:
            return None
        return country, sector, title[0].idx

    def _employer(self, title: int, name: int) -> Role | None:
        """The role of a knowledge-base organisation inside a title or right before it."""
        return self._organisation(range(max(0, title - 6), name), title, name)

    def _organisation(self, starts: range, lo: int, hi: int) -> Role | None:
        """The role of the first knowledge-base organisation named from a token of `starts`
        whose name ends (the token after it) between `lo` and `hi`."""
        for i in starts:
            if normalise_name(self.tokens[i].text) not in self.kb.org_starts:
                continue
            match = self.organisations.org_at(i)
            if match is not None and lo <= match[0] <= hi:
                return match[1].role_at(self.scene.date)
        return None

    def party_tag(self, entity: Entity) -> bool:
        """ "Rep. Ilhan Omar (D-Minn.)", "Sen. Ted Cruz (R-Texas)": the tag of party and
        state that US news writing puts after a member of Congress's name."""
        # the article's text, not doc.text, which spaCy joins anew at every call
        return party_tag_at(self.article.text, entity["end"])

    def appositive_after(self, entity: Entity) -> Appositive | None:
        """A description set off by a comma right after a name: "Shoigu, the Russian minister,"."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or span.end + 2 >= len(self.doc) or self.doc[span.end].text != ",":
            return None
        start = span.end + 1
        head = self._described_by(start)
        if head is None or _opens_clause(head):
            return None
        start = min(start, head.left_edge.i) if head.i > start + 1 else start
        phrase = [t for t in self.doc[start : head.i + 1] if t.i >= head.left_edge.i]
        first = next(t for t in phrase if t.pos_ != "DET")
        agent = self.phrases.agent_of(phrase)
        if agent is None or not agent[1]:
            # "X, a top aide to Vice President Pence"; "X, the White House Ukraine expert"
            served = self._served(head)
            if served is None and head.lemma_.lower() in person_nouns():
                served = self._employer(first.i, head.i) or self._post_in(head)
            if served is None:
                return None
            return served.country, served.sector, first.idx, head.idx + len(head.text)
        country, sector = self.phrases.code(phrase)
        if country is None:  # "a former National Security Council official"
            employer = self._employer(first.i, head.i) or self._post_in(head)
            if employer is not None:
                country, sector = employer.country, sector or employer.sector
        return country, sector, first.idx, head.idx + len(head.text)

    def _described_by(self, start: int) -> Any:
        """The head noun of a description set off after a name, from token `start`: "the
        Russian minister", "a top aide"; or the noun a relative clause of "be" gives it ("who
        was the acting director of Y": the same description, told as a clause)."""
        if start + 1 >= len(self.doc):
            return None
        token = self.doc[start]
        if token.lower_ == "who" and token.head.lemma_ == "be" and token.head.i == start + 1:
            return next((c for c in token.head.rights if c.dep_ == "attr"), None)
        if token.lower_ not in ("the", "a", "an") and not self.geography.demonym(token.text):
            return None
        return self._noun_head(start)

    def _post_in(self, head: Any) -> Role | None:
        """The role of the organisation an office is placed in ("the acting director of the
        Department of Homeland Security"): its holder belongs to it (`post` in
        `lexicons/en/role_preps.tsv`)."""
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in POST:
                continue
            obj = pobj_of(prep)
            if obj is None:
                continue
            # "the Department of Homeland Security": the name may run past the object's head
            role = self._organisation(range(prep.i + 1, obj.i + 1), obj.i + 1, obj.right_edge.i + 1)
            if role is not None:
                return role
        return None

    def _served(self, head: Any) -> Role | None:
        """The role of the person a staff noun serves ("an aide to Vice President Pence"):
        an aide belongs to whom they serve (`staff` in `lexicons/en/role_preps.tsv`)."""
        if head.lemma_.lower() not in STAFF:
            return None
        prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        served = pobj_of(prep) if prep is not None else None
        if served is None or served.pos_ != "PROPN":
            return None
        date, names = self.scene.date, [t.text for t in served.subtree if t.pos_ == "PROPN"]
        person = self.kb.lookup(" ".join(names), date, self.scene.countries, kind="person")
        if person is None and date:
            person = self.kb.office_holder(served.text, date)  # "Vice President Pence"
        return person.role_at(date) if person is not None else None

    def appositive_before(self, entity: Entity) -> Appositive | None:
        """A title set off by a comma right before a name, whose appositive the name is:
        "Iraq's prime minister, Karim Jaber," "the head of the council, Omar Haddad"."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or span.start < 2 or self.doc[span.start - 1].text != ",":
            return None
        root = span.root
        head = root.head
        if root.dep_ != "appos" and _closed_apposition(self.doc, span, root):
            head = _phrase_before(self.doc, span.start - 1)  # the parser missed it
        elif root.dep_ != "appos":
            return None
        if head.i >= span.start or head.pos_ not in ("NOUN", "PROPN"):
            return None
        if self.doc[span.start - 2] not in list(head.subtree):
            return None
        agent_of = self.phrases.agent_of
        if agent_of([head]) is None and head.dep_ == "pobj" and head.head.lower_ in ("of", "to"):
            # "the president of Armenia, Aram Sargsyan", "the envoy to Ukraine, Kurt Volker"
            head = head.head.head
        agent = agent_of([head])
        if agent is None or not agent[1] or head.tag_ in ("NNS", "NNPS"):
            return None  # one person's office, not "residents, Ana and Luis,"
        start = head.left_edge.i
        phrase = list(self.doc[start : head.i + 1])
        country, sector = self.phrases.code(phrase)
        sector = self._body_sector(head) or sector
        if country is None:
            country_at = self.geography.country_at
            country = self.geography.of_country(head) or next(
                (c for c in (country_at(t) for t in phrase if t.pos_ == "PROPN") if c), None
            )
        first = next((t for t in phrase if t.pos_ != "DET"), head)
        last = self.doc[span.start - 2]
        return country, sector, first.idx, last.idx + len(last.text)

    def _body_sector(self, head: Any) -> str | None:
        """The sector of the body an office heads ("President of the Senate": LEG; "head of
        the police": COP): the head of a body acts in its field, whatever the office word
        alone would say ("president": GOV)."""
        for prep in head.children:
            obj = pobj_of(prep) if prep.dep_ == "prep" and prep.lower_ == "of" else None
            if obj is not None:
                return self.phrases.code(list(self.doc[obj.left_edge.i : obj.i + 1]))[1]
        return None

    def _noun_head(self, start: int) -> Any:
        """The last noun of the noun phrase that begins at token `start`."""
        head = None
        for token in self.doc[start : start + 8]:
            if token.pos_ in ("NOUN", "PROPN"):
                head = token
            elif token.pos_ not in ("DET", "ADJ", "PROPN", "NOUN") and token.text != "'s":
                break
        return head

    def drop_title_entities(self, start: int, end: int) -> None:
        """Remove ORG mentions spaCy made of title words ("Defense" in "Defense Minister X")."""
        for entity in list(self.article.entities):
            if entity["type"] == "ORG" and start <= entity["start"] and entity["end"] <= end:
                self.article.entities.remove(entity)


def _opens_clause(head: Any) -> bool:
    """A noun phrase after a name and a comma that is the subject of the verb after it ("In
    a letter to Biden, the senators urged"): a clause after an opening phrase, no
    apposition; so is a plural noun, which describes no one person."""
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.i > head.i:
        return True
    return bool(head.tag_ in ("NNS", "NNPS"))


def _closed_apposition(doc: Any, span: Any, root: Any) -> bool:
    """A name set off by commas on both sides right after a noun phrase ("the Inspector-General
    of Police, Ibrahim Idris, to court"), which the small parser reads as a list item or an
    adverb: news writing's apposition of an office and its holder."""
    return (
        root.dep_ in ("conj", "npadvmod")
        and span.end < len(doc)
        and doc[span.end].text == ","
        and all(t.pos_ == "PROPN" for t in span)
    )


def _phrase_before(doc: Any, comma: int) -> Any:
    """The head of the noun phrase that ends right before the token `comma` ("the President of
    the Senate ," -> President)."""
    token = doc[comma - 1]
    while (
        token.head.i != token.i
        and token.head.i < comma
        and token.head.pos_ in ("NOUN", "PROPN", "ADP")
    ):
        token = token.head
    return token
