"""Who does what to whom: the actors and the recipient of an event, coded from its roles.

The role words come from the parse (`tacitus.syntax.roles`: the subject and object of a
verb, the owner and complement of an event noun). A word of the trigger's own phrase or an
event noun names no participant itself ("agreed to attend talks with Russia": Russia);
a pronoun subject stands for the noun phrase before it ("the miners said they were ready");
a common noun that names no actor ("no other way") is none; a disaster or an accident is no
actor at all, and the event is dropped. A deal between two parties codes each with the other
as its recipient, and a "counterpart" holds the actor's office. Reads `article.entities`,
`article.actors` and the parse; adds nothing to the article.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Article, Party
from tacitus.lexicons.trigger_words import ATTACK_WORDS, VERBAL_TARGETS
from tacitus.lexicons.triggers import Trigger, event_type, is_action_word, is_weapon
from tacitus.lexicons.verdicts import judged
from tacitus.stages.events.words import ACCIDENTAL, MISHAPS, NON_AGENTS, NOT_ACTORS
from tacitus.syntax.roles import (
    CONTENT_PREPS,
    NOT_ROLES,
    antecedent,
    code_role,
    noun_roles,
    phrase_span,
    recipient_candidates,
    split_actors,
    verb_roles,
    visitor,
)

#: Sectors whose "strike" is a walkout, not an attack: workers, farmers, teachers, doctors.
WORKFORCE = {"LAB", "AGR", "EDU", "MED", "BUS"}


def _roles(trigger: Trigger) -> tuple[list[Any], Any | None]:
    """The actor words and the recipient word of the trigger, from the parse."""
    if trigger.nominal:
        return noun_roles(trigger.token, trigger.type)
    actors, recipient = verb_roles(trigger.token, trigger.type, trigger.mode)
    if trigger.extra.get("verdict"):  # a verdict bears on what it judges, not whom it tells
        recipient = judged(trigger.token) or recipient
    if trigger.type == "CONSULT" and len(actors) == 1:
        # PLOVER: a visit's actor is who came, its recipient the host ("Sondland discussed
        # investigations with the visiting Ukrainians": they visited him)
        others = [recipient, *recipient_candidates(trigger.token, trigger.type)]
        came = next((t for t in others if visitor(t)), None)
        if came is not None:
            return [came], actors[0]
    return actors, recipient


def _actors(article: Article, tokens: list[Any]) -> list[Party | None]:
    """The coded actor of each actor word; a list of actors ("Greece and Turkey") gives one
    each, a word coded as nobody gives None."""
    actors: list[Party | None] = []
    for token in tokens:
        listed = split_actors(article, token)
        if listed:
            actors.extend(listed)
        else:
            actors.append(code_role(article, token) or _antecedent_role(article, token))
    return actors


def one_side(actors: list[Party | None]) -> list[Party | None]:
    """The parties of coordinated actors: those of one country and one sector act as one
    side of one happening ("Saraki, Melaye and Murray-Bruce sued the police chief": one
    lawsuit by three senators), so they become one party whose name lists them all, the
    others kept in `co_actors`; actors of different countries or sectors ("the US and China
    signed") stay one party each, as an analyst counts dyads by country and sector.

    Args:
        actors: the coded actor of each actor word, in text order (None: coded as nobody).

    Returns:
        One party per side, in the order of each side's first actor.
    """
    sides: dict[tuple[str | None, str | None] | None, list[Party]] = {}
    for actor in actors:
        key = None if actor is None else (actor.get("country"), actor.get("sector"))
        members = sides.setdefault(key, [])
        if actor is not None and not any(_same_party(actor, m) for m in members):
            members.append(actor)  # "Customs and Border Protection" is one actor, once
    grouped: list[Party | None] = []
    for members in sides.values():
        if len(members) < 2:
            grouped.append(members[0] if members else None)
            continue
        names = [str(m.get("name")) for m in members]
        name = ", ".join(names[:-1]) + " and " + names[-1]
        grouped.append(members[0] | {"name": name, "co_actors": members[1:]})
    return grouped


def _recipient(article: Article, trigger: Trigger, token: Any | None) -> Party | None:
    """The recipient the role word names, or the one the trigger's content names when that
    word is coded with neither a country nor a sector. Criticism of what somebody says, does
    or stands for bears on its owner ("attacks ... on his loyalty": him)."""
    if token is None and trigger.type == "ACCUSE":
        token = _owner_of_target(trigger.token)
    recipient = code_role(article, _participant(token, trigger))
    if not (recipient and (recipient.get("country") or recipient.get("sector"))):
        recipient = _content_recipient(article, trigger) or recipient
    return recipient


def _owner_of_target(token: Any) -> Any | None:
    """The owner of the verbal target an attack word bears on, anywhere in its phrase:
    "attacks, including from the White House, on his loyalty" -> "his"."""
    if token.lemma_.lower() not in ATTACK_WORDS:
        return None
    for word in token.subtree:
        if word.lemma_.lower() in VERBAL_TARGETS and word.dep_ == "pobj":
            owner = next((c for c in word.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
    return None


def _antecedent_role(article: Article, token: Any) -> Party | None:
    """The role of a common noun, or of the noun phrase a subject pronoun stands for ("the
    miners said they were ready to strike": the miners), coded like any other actor phrase."""
    if token.pos_ != "PRON":
        return _unnamed(article, token)
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return None  # "their war games": a possessive names an owner, not who acted
    found = antecedent(token)
    if found is None or _is_disaster(found):
        return None
    return code_role(article, found) or _unnamed(article, found)


def _unnamed(article: Article, token: Any) -> Party | None:
    """An actor the text names only by a common noun ("the four sides"): kept by name.

    A participant is someone who can act. A common noun that names an event ("the attack",
    "sanctions", "the debate", "pledges") is what is done, not who does it, and so is a noun
    that is the very word of an event verb ("the launch would target rivals", "a search
    yielded drugs", "supply and demand"); one that names a time or an amount ("Saturday's",
    "sick days") is when or how much. None of them is an actor. (Nouns of people and groups
    that are also verbs, "the guards", "the police", are coded by the actor base before
    this is asked.)
    """
    if token.pos_ != "NOUN" or token.lemma_.lower() in NOT_ACTORS:
        return None
    if token.ent_type_ in NOT_ROLES - {"CARDINAL"} or event_type(token):
        return None
    if is_action_word(token.lemma_):
        return None
    start, end = phrase_span(token)
    return {"actor": None, "name": article.text[start:end], "country": None, "sector": None}


def _is_disaster(actor: Any | None) -> bool:
    """Whether an actor word is a disaster or an accident ("the earthquake killed 40")."""
    if actor is None or actor.lemma_.lower() not in NON_AGENTS:
        return False
    # the last part of a hyphenated word is not the word: a "cease-fire" is no fire
    return not (
        actor.i > 0 and actor.nbor(-1).text in ("-", "–") and not actor.nbor(-1).whitespace_
    )


def _accidental_cause(trigger: Trigger) -> tuple[str, str] | None:
    """ "detonated accidentally", "an accidental explosion", "killed in a car crash": the
    manner or cause that makes harm accidental, as `(kind, word)`, or None."""
    token = trigger.token
    for child in token.children:
        if child.dep_ in ("advmod", "amod") and child.lemma_.lower() in ACCIDENTAL:
            return "accident", child.text
        if child.dep_ in ("prep", "agent") and child.lower_ in ("in", "by", "from"):
            for cause in (c for c in child.children if c.dep_ == "pobj"):
                if cause.lemma_.lower() in NON_AGENTS:
                    return "disaster", cause.text
                if any(m.dep_ == "amod" and m.lemma_.lower() in ACCIDENTAL for m in cause.children):
                    return "accident", cause.text
    return _mishap(token)


def _mishap(token: Any) -> tuple[str, str] | None:
    """ "killed when a boiler exploded", "injured after the bridge collapsed": harm whose
    circumstance is a thing failing by itself (no object, a subject that is no weapon) is an
    accident, as `("accident", the thing)`; "when a bomb exploded" is not."""
    # "killed and 30 injured when ...": the clause may hang on a coordinated verb
    clauses = [c for verb in (token, *token.conjuncts) for c in verb.children]
    for clause in clauses:
        if clause.dep_ != "advcl" or clause.lemma_.lower() not in MISHAPS:
            continue
        marks = (m for m in clause.children if m.dep_ in ("mark", "advmod"))
        if not any(m.lower_ in ("when", "after", "as") for m in marks):
            continue
        if any(c.dep_ == "dobj" for c in clause.children):
            continue  # "when they blew up the bridge": someone did it
        for subject in (c for c in clause.children if c.dep_ == "nsubj"):
            if subject.pos_ == "NOUN" and not is_weapon(subject.lemma_):
                return "accident", subject.text
    return None


def harm_cause(trigger: Trigger) -> tuple[str, str] | None:
    """What caused harm that nobody inflicted: a disaster or accident as the subject ("the
    earthquake killed 40"), or a cause or manner that makes it accidental.

    Args:
        trigger: an event trigger of its sentence.

    Returns:
        `(kind, cause word)`, kind `disaster` or `accident`; None when someone did it, or
        when the text does not say that nobody did.
    """
    actor_tokens, _ = _roles(trigger)
    for actor in actor_tokens:
        if _is_disaster(actor):
            return "disaster", actor.text
    return _accidental_cause(trigger)


def _workforce(actor: Party | None) -> bool:
    """Whether an actor is a workforce (its "strike" is a walkout): by sector, or a union."""
    if not actor:
        return False
    name = str(actor.get("name") or "").lower()
    return actor.get("sector") in WORKFORCE or name.split()[-1:] in (["union"], ["unions"])


def _other_side(
    recipient: Party | None,
    actor: Party | None,
    actors: list[Party | None],
) -> Party | None:
    """ "a deal between Greece and Turkey" codes Greece -> Turkey and Turkey -> Greece, not
    Turkey -> Turkey: an actor that is its own recipient gets the first other actor."""
    if not (recipient and actor and _same_party(recipient, actor)):
        return recipient
    return next((a for a in actors if a and not _same_party(a, actor)), None)


def _same_party(one: Party, other: Party) -> bool:
    """Whether two coded actors are the same: one actor id, or one name and country."""
    if one.get("actor") and one.get("actor") == other.get("actor"):
        return True
    return (one.get("name"), one.get("country")) == (other.get("name"), other.get("country"))


def _counterpart_of(recipient: Party | None, actor: Party | None) -> Party | None:
    """ "met his Indian counterpart": a counterpart holds the actor's office (sector)."""
    if not recipient or recipient.get("sector") or not actor or not actor.get("sector"):
        return recipient
    name = (recipient.get("text") or recipient.get("name") or "").lower()
    if "counterpart" not in name:
        return recipient
    return recipient | {"sector": actor["sector"]}


def _content_recipient(article: Article, trigger: Trigger) -> Party | None:
    """The recipient a verb's content names ("threatened to cut ties with Uganda"), kept
    only when it is coded with a country or a sector: this is weaker evidence than an object."""
    if trigger.nominal:
        return None
    for candidate in recipient_candidates(trigger.token, trigger.type):
        token = _participant(candidate, trigger)
        if token is None or _setting_of_event(token):
            continue
        role = code_role(article, token)
        if role and (role.get("country") or role.get("sector")):
            return role
    return None


def _participant(token: Any | None, trigger: Trigger) -> Any | None:
    """The participant a role word names. A word of the trigger's own phrase ("renewed the
    mandate of the UN mission", "strengthened its forces in Lebanon") or an event noun
    ("agreed to attend talks", "rejected a U.S. request") is what is done, not to whom: its
    participant is whose act it is, else the object of its "of" or of a preposition of the
    content ("talks with Russia"), else the place it is in, else nobody."""
    for _ in range(3):
        if token is None or not (token.i in trigger.tokens or event_type(token)):
            return token
        token = _named_by(token)
    return None


def _named_by(noun: Any) -> Any | None:
    """The participant an event noun or a word of the trigger's phrase names: whose act it
    is, else the object of its content, else the place it is in."""
    kind = event_type(noun)
    objects: dict[str, list[Any]] = {"own": [], "content": [], "setting": []}
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")
        ):
            objects["own"].append(child)
        if child.dep_ != "prep":
            continue
        for obj in (o for o in child.children if o.dep_ == "pobj" and o.ent_type_ not in NOT_ROLES):
            if child.lower_ in ("by", "from"):
                objects["own"].append(obj)
            elif child.lower_ in CONTENT_PREPS | {"of", "between"}:
                objects["content"].append(obj)
            elif child.lower_ == "in" and kind != "CONSULT":  # a meeting's venue is no party
                objects["setting"].append(obj)
    if not kind:
        objects["own"] = []
    found = objects["own"] + objects["content"] + objects["setting"]
    return found[0] if found else None


def _setting_of_event(token: Any) -> bool:
    """ "talks in Geneva": the object of a preposition of setting after a meeting noun is
    where it happens, not a participant."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ not in CONTENT_PREPS | {"of"}
        and prep.head.i != prep.i
        and event_type(prep.head) == "CONSULT"
    )
