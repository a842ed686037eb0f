"""Agent nouns for the actors stage: the sector and country a phrase's words give, and the
generic actors of phrases such as "militants", "the Syrian military", "Turkish foreign ministers".

Reads `article.doc` (tokens, lemmas, dependencies); adds generic actors (and mentions of people
a description refers back to, "the Russian defense chief") to the cast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tacitus.kb.actors import KnowledgeBase, normalise_name, person_heads, read_word_list
from tacitus.lexicons.cues import coref_words
from tacitus.stages.actors.cast import GROUP_SECTORS, Actor, Cast
from tacitus.stages.actors.countries import Geography
from tacitus.syntax.phrases import ethnic

#: Dependents that stay inside a noun phrase ("the Syrian military", "anti-Damascus militants").
MODIFIER_DEPS = read_word_list("actors_modifier_deps.txt")


class Phrases:
    """Codes runs of words (titles, descriptions, group names) by the agent lexicon and demonyms."""

    def __init__(self, kb: KnowledgeBase, geography: Geography) -> None:
        self.kb = kb
        self.geography = geography

    def code(self, words: list[Any]) -> tuple[str | None, str | None]:
        """(country, sector) of a title or description: demonyms and the agent lexicon."""
        country = None
        for token in words:
            found = self.geography.demonym(token.text)
            if found and token.lower_ not in self.kb.agent_words and not ethnic(token):
                country = country or found
        agent = self.agent_of(words)
        sector = agent[0] if agent else None
        if any(t.lower_ == "former" for t in words):
            sector = "ELI"
        return country, sector

    def agent_of(self, words: list[Any]) -> tuple[str, bool] | None:
        """The longest agent phrase ending at the last word ("defense minister": MIL, person).

        Args:
            words: tokens of a phrase, its head last.

        Returns:
            (sector, whether it names one person), or None when the head is no agent noun.
        """
        if not words or words[-1].lower_ not in self.kb.agent_words:
            return None
        lowered = [normalise_name(t.text) for t in words]
        for i in range(len(lowered) - 1):
            key = " ".join(w for w in lowered[i:] if w)
            if key in self.kb.agents:
                return self.kb.agents[key]
        heads = person_heads()
        if lowered[-1] in heads or words[-1].lemma_.lower() in heads:  # "the militia leader":
            for word in reversed(lowered[:-1]):  # a person of the group the modifier names
                found = self.kb.agents.get(word)
                if found is not None and found[0]:
                    return found[0], True
        return self.kb.agents.get(lowered[-1])

    def opposed_country(self, words: list[Any]) -> str | None:
        """The country an "anti-X" group fights: "anti-Damascus militants" -> SYR."""
        for i, token in enumerate(words):
            if token.lower_ in ("anti", "anti-") and i + 1 < len(words):
                rest = [t for t in words[i + 1 :] if t.text != "-"]
                if rest:
                    key = normalise_name(rest[0].text)
                    return self.kb.capitals.get(key) or self.geography.demonym(rest[0].text)
        return None


class AgentNouns:
    """Finds the generic actors of agent nouns and the people descriptions refer back to."""

    def __init__(self, tokens: list[Any], cast: Cast, phrases: Phrases) -> None:
        self.tokens = tokens
        self.cast = cast
        self.phrases = phrases
        self.kb = phrases.kb
        self.geography = phrases.geography

    def resolve(self) -> None:
        """Generic actors from agent nouns: "militants", "the Syrian military", descriptions."""
        for token in self.tokens:
            if token.lower_ not in self.kb.agent_words or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.dep_ in ("compound", "amod"):
                continue
            if token.pos_ == "PROPN" and token.ent_type_:
                continue
            words = self._phrase_before(token)
            agent = self.phrases.agent_of(words)
            if agent is None:
                continue
            start = _phrase_start(words)
            end = token.idx + len(token.text)
            if self.cast.is_claimed(start, end):
                self.cast.extend_group(start, end)
                continue
            self._agent_noun(token, words, agent, start)

    def _phrase_before(self, token: Any) -> list[Any]:
        words = [token]
        i = token.i
        while i > 0:
            left = self.tokens[i - 1]
            if left.is_sent_end or left.pos_ in ("VERB", "AUX", "ADP"):
                break
            if left.dep_ not in MODIFIER_DEPS or left.head.i < token.i - 10:
                break
            if left.is_punct and left.text not in ("-", "'s", "’s"):
                break
            words.insert(0, left)
            i -= 1
        return words

    def _other_office(self, token: Any) -> Callable[[Actor], bool] | None:
        """For a description by a particular office ("the ambassador"), a test of whether a
        person is titled with other offices only ("President Donald Trump"): such a person
        is not the one described. None for a class of people ("the official", `class` of
        `lexicons/en/coref_words.tsv`), which may be anybody of the class."""
        office = token.lemma_.lower()
        if office in coref_words()["class"] or not self.kb.is_office(office):
            return None
        text = self.geography.article.text  # not doc.text, which is built anew per call

        def unlike(actor: Actor) -> bool:
            words = {w.lower().strip(".,") for s, e in actor.mentions for w in text[s:e].split()}
            held = {w for w in words if self.kb.is_office(w)}
            return bool(held) and office not in held

        return unlike

    def _agent_noun(
        self, token: Any, words: list[Any], agent: tuple[str, bool], start: int
    ) -> None:
        sector, person_head = agent
        end = token.idx + len(token.text)
        country, phrase_sector = self.phrases.code(words)
        country = country or self.geography.of_country(token)
        sector = phrase_sector or sector
        opposed = self.phrases.opposed_country(words)
        if opposed:
            country, sector = opposed, "REB" if sector in ("REB", "UAF", None) else sector
        plural = token.tag_ in ("NNS", "NNPS")
        definite = any(t.lower_ in ("the", "this", "that") or t.dep_ == "poss" for t in words)
        if person_head and not plural and definite:
            person = self.cast.antecedent(country, sector, start, self._other_office(token))
            if person is not None:
                self.cast.mention(person, start, end)
                self.cast.claim(start, end)
                return
        country_from = None
        if country is None:
            country = self.geography.sentence_country(token)
            country_from = "place"
            if country is None:
                country, country_from = self.geography.theatre, "article"
            if country is not None and country == self.geography.sent_to(token):
                country = None  # "the special envoy to Ukraine": sent there, not from there
        kept = [t for t in words if t.dep_ != "det" and t.pos_ != "DET"]
        name = " ".join("".join(t.text_with_ws for t in kept).split())  # "Ukraine's air force"
        key: tuple = ("generic", country, sector)
        if person_head or sector not in GROUP_SECTORS:
            # "militants" and "rebels" may be one group; "people", "residents" and
            # "civilians" are counted apart, and so are office holders
            key = ("generic", country, sector, token.lemma_.lower())
        # "the militia leader" is one person, though no name is given
        holder = person_head and not plural
        actor = Actor(name, country, sector, person=holder, country_from=country_from)
        self.cast.add(key, actor, start, end)


def _phrase_start(words: list[Any]) -> int:
    """Where an agent phrase starts: its first word that is no determiner or number."""
    first = words[0]
    for candidate in words:
        if candidate.pos_ in ("DET", "NUM") or candidate.dep_ in ("det",):
            continue
        first = candidate
        break
    return int(first.idx)
