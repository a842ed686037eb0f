"""Coding role words as contract roles: `{"actor", "name", "country", "sector"}`.

Reads a role token found by `tacitus.syntax.roles`, the article's actors, entities and places,
and the demonyms of the gazetteer (`tacitus.kb.gazetteer`). A phrase covered by an actor codes
as that actor (`article.actor_at`); a pronoun as what it stands for
(`tacitus.syntax.pronouns`); a definite description of an organisation ("the party's actions")
as the organisation whose name it repeats the head of (`tacitus.syntax.coref`); a phrase
without an actor that names a participant ("Bosnian Serbs") as its name and the country of the
place or demonym inside it; a member noun ("leaders of the coalition") as its group. Used by
the events stage (through `tacitus.syntax.roles`).
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Actor, Article, Party, SpanIndex, actor_index, best_actor
from tacitus.core.resources import read_kinds
from tacitus.kb.actors import load_kb
from tacitus.kb.gazetteer import demonym_country
from tacitus.syntax.coref import organisation_described
from tacitus.syntax.phrases import NOT_ROLES, PARTICIPANTS, ethnic, phrase_span, pobj_of
from tacitus.syntax.pronouns import pronoun_actor, reporting_subject
from tacitus.syntax.speakers import SPEAKER_SOURCE

#: The kinds of `lexicons/en/role_preps.tsv`, read once (the roles read them from here too).
ROLE_PREPS = read_kinds("lexicons/en/role_preps.tsv")
#: Nouns of people who serve someone: "an aide to X" belongs to X (`role_preps.tsv`).
STAFF = ROLE_PREPS["staff"]
#: Prepositions that place an office in an organisation: "the director of X" (`role_preps.tsv`).
POST = ROLE_PREPS["post"]
#: Quantifiers whose "of" phrase is the whole they are part of: "all of us".
PARTITIVE = read_kinds("lexicons/en/role_pronouns.tsv")["partitive"]


def _group_of(token: Any) -> Any | None:
    """The group a member noun belongs to: "leaders of X", "doctors from X", "an aide to X"."""
    preps = ("of", "from", "in", "to") if token.lemma_.lower() in STAFF else ("of", "from", "in")
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            return pobj_of(prep)
    return None


def split_actors(article: Article, token: Any) -> list[Party]:
    """Roles of the actors listed inside one phrase: "Russia, Iran, and Turkish foreign
    ministers", "Hungarian and Romanian officials" (one role per country named).

    Args:
        article: the article (its actors).
        token: the phrase's head.

    Returns:
        The roles, or [] when the phrase lists fewer than two.
    """
    left = token.doc[token.left_edge.i : token.i + 1]
    if not any(t.lower_ in (",", "and") for t in left):
        return []
    roles: list[Party] = []
    seen: set[tuple[Any, Any]] = set()
    for word in left:
        if word.is_punct or word.lower_ == "and":
            continue
        actor = _named_actor(article, word.idx, word.idx + len(word))
        country = demonym_country(word.text) if word.pos_ in ("ADJ", "PROPN") else None
        if actor is None and country is None:
            continue
        role: Party
        if actor is None:
            role = {"actor": None, "name": word.text, "country": country, "sector": None}
        else:
            role = as_role(actor)
        if country and country != role.get("country"):
            role = role | {"country": country, "name": word.text}
        key = (role["actor"], role["country"])
        if key not in seen:
            seen.add(key)
            roles.append(role)
    return roles if len(roles) > 1 else []


def as_role(actor: Actor) -> Party:
    """The contract role dict of a resolved actor.

    Args:
        actor: an actor record of the article (`id`, `name`, `country`, `sector`).

    Returns:
        `{"actor", "name", "country", "sector"}`.
    """
    role: Party = {
        "actor": actor["id"],
        "name": actor.get("name"),
        "country": actor.get("country"),
        "sector": actor.get("sector"),
    }
    if actor.get("country_from") and actor.get("country"):
        role["country_from"] = actor["country_from"]  # not of its own (`Actor.country_from`)
    return role


def _phrase_country(article: Article, token: Any) -> str | None:
    """The country a role phrase names by a demonym or a place ("US Congress", "Bosnian
    Serbs"), for actors the knowledge base gives no country."""
    start, end = phrase_span(token)
    words = list(token.doc[token.left_edge.i : token.i + 1])
    for appos in (c for c in token.children if c.dep_ == "appos"):
        words.extend(appos.subtree)  # "Sidhoum, Algeria's leading activist"
        end = max(end, appos.right_edge.idx + len(appos.right_edge))
    for word in words:
        if not start <= word.idx < end or word.pos_ not in ("PROPN", "ADJ", "NOUN"):
            continue
        if word.i != token.i and word.dep_ == "pobj" and word.head.lower_ == "to":
            continue  # "the special envoy to Ukraine": where he is sent, not whose he is
        if ethnic(word):
            continue  # "ethnic Turks": a people, of no country by that word
        country = demonym_country(word.text)
        if country:
            return country
        place = article.place_at(word.idx, word.idx + len(word))
        if place is not None and place.get("country"):
            return str(place["country"])
    return None


def _names_participant(token: Any, start: int, end: int) -> bool:
    """A name, a nationality or a place is in the phrase ("Bosnian Serbs", "the SPLM/A"). A
    day's or a month's name is a proper noun of a time, no participant ("Saturday's bombing")."""
    for word in token.doc[token.left_edge.i : token.right_edge.i + 1]:
        if not start <= word.idx < end or word.ent_type_ in NOT_ROLES:
            continue
        if word.ent_type_ in PARTICIPANTS or word.pos_ == "PROPN":
            return True
        if word.pos_ == "ADJ" and demonym_country(word.text):
            return True
    return False


def _named_appositive(article: Article, token: Any) -> Any | None:
    """The person named beside a description, after a comma ("the head of the council, Omar
    Haddad"), if the name is an actor's; not an acronym in brackets ("the force (UNIFIL)")."""
    if token.pos_ != "NOUN":
        return None
    nouns = [token]
    for _ in range(2):  # the name may hang on the last noun: "head of the council, X"
        nouns += [o for n in nouns[-1:] for p in n.children if p.dep_ == "prep"
                  for o in p.children if o.dep_ == "pobj"]  # fmt: skip
    for noun in nouns:
        for child in noun.children:
            if child.dep_ != "appos" or child.pos_ != "PROPN":
                continue
            first = child.left_edge
            if first.i == 0 or child.doc[first.i - 1].text != ",":
                continue
            start, end = child.idx, child.idx + len(child)
            if any(
                e["type"] == "PERSON" and e.get("actor") and e["start"] < end and start < e["end"]
                for e in article.entities
            ):
                return child
    return None


def _whole_of(token: Any) -> Any:
    """The whole a quantifier takes a part of ("all of us", "some of the protesters"): who
    the part is; any other word itself."""
    if token.lower_ not in PARTITIVE:
        return token
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = pobj_of(prep) if prep is not None else None
    return whole if whole is not None else token


def code_role(article: Article, token: Any | None) -> Party | None:
    """The contract role dict of a role token.

    Args:
        article: the article (its actors, entities, places and quotes).
        token: the role's token, or None.

    Returns:
        `{"actor", "name", "country", "sector"}` (and `text`, the phrase, when an actor covers
        it); None when it names no participant.
    """
    if token is None:
        return None
    token = _whole_of(token)
    described = _code_role(article, token)
    named = _named_appositive(article, token)
    if named is None:
        return described
    role = _code_role(article, named)  # "the head of the council, Omar Haddad"
    if role is not None and described is not None:  # "a member of the Syrian parliament, X"
        role["country"] = role.get("country") or described.get("country")
        role["sector"] = role.get("sector") or described.get("sector")
    return role


def _surname_bearer(article: Article, token: Any) -> Actor | None:
    """The one person of the article whose name ends in this bare proper noun: news style
    gives a full name at first mention and the surname after ("Gordon Sondland ...
    between Sondland and"), also where the tagger missed the surname as a name."""
    if token.pos_ != "PROPN" or not token.is_title or token.left_edge.i != token.i:
        return None
    bearers = article.derived("surnames", article.actors, _by_surname).get(token.text, [])
    return bearers[0] if len(bearers) == 1 else None


def _described(article: Article, token: Any) -> Actor | None:
    """The organisation a definite description repeats the head of the name of ("the party"
    after "the Conservative Party"): coreference's strict head match; for a phrase owned
    by one ("the party's actions"), as for a named owner, the owner's."""
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    for word in (token, owner):
        found = organisation_described(article, word) if word is not None else None
        if found is not None:
            return article.actor(found)
    return None


def _by_surname(actors: list[Actor]) -> dict[str, list[Actor]]:
    """The article's persons named in full, by the last word of their name."""
    index: dict[str, list[Actor]] = {}
    for actor in actors:
        words = str(actor.get("name") or "").split()
        if actor.get("person") and len(words) > 1:
            index.setdefault(words[-1], []).append(actor)
    return index


def _named_actor(article: Article, start: int, end: int) -> Actor | None:
    """The actor a span mentions, unless it is a speaker the quotes stage made of a source
    phrase ("trade experts said"): that is a description, coded from its own words."""
    index = article.derived("named_actors", article.actors, _named_index)
    return best_actor(index, start, end)


def _named_index(actors: list[Actor]) -> SpanIndex[Actor]:
    return actor_index([a for a in actors if a.get("source") != SPEAKER_SOURCE])


def _code_role(article: Article, token: Any) -> Party | None:
    if token.pos_ == "PRON":
        reporter = reporting_subject(token, article)
        if reporter is not None:
            return code_role(article, reporter)
        actor = pronoun_actor(article, token)
        name = token.text
    else:
        start, end = phrase_span(token)
        actor = _named_actor(article, token.idx, token.idx + len(token)) or _named_actor(
            article, start, end
        )
        actor = actor or _surname_bearer(article, token) or _described(article, token)
        name = article.text[start:end]
    if actor is not None:
        role = as_role(actor) | {"text": name}
        if role["country"] is None and token.pos_ != "PRON":
            role["country"] = _phrase_country(article, token)
        return role
    if token.pos_ == "PRON":
        return None
    start, end = phrase_span(token)
    if not _names_participant(token, start, end):
        member = _group_of(token)  # "leaders of the opposition coalition"
        group = code_role(article, member) if member is not None else None
        return group and group | {"name": name, "sector": None}
    country = _phrase_country(article, token)
    party = _party_of_adjective(article, token) if country is None else None
    if party is not None:
        return {"actor": None, "name": name, "country": party[0], "sector": party[1]}
    return {"actor": None, "name": name, "country": country, "sector": None}


def _party_of_adjective(article: Article, token: Any) -> tuple[str | None, str] | None:
    """ "Republican attacks", "Democratic criticism": a party's adjective that does an act is
    the party its plural names ("Republicans"), when the knowledge base has it as a party."""
    if token.ent_type_ != "NORP" or token.dep_ not in ("amod", "compound", "nmod"):
        return None
    countries = {str(p["country"]) for p in article.places if p.get("country")}
    found = load_kb().lookup(token.text + "s", article.published, countries, kind="org")
    role = found.role_at(article.published) if found is not None else None
    return (role.country, "PTY") if role is not None and role.sector == "PTY" else None
