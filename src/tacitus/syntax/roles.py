"""Roles of an event: who acts (actor) and on whom (recipient), read from the dependency parse.

Reads the spaCy tokens of a trigger (`tacitus.lexicons.triggers.Trigger`) and returns its role
words: subject, object, "against X", "with X", "between X and Y", passive agents, coordinated
actors, and the candidates for a recipient its object does not name. Which prepositions
introduce a recipient (`lexicons/en/role_recipient_preps.tsv`), which place an event
(`lexicons/en/role_preps.tsv`) and which verbs give their subject another role than actor
(`lexicons/en/role_verbs.tsv`) are tables.

The role words are coded as contract role dicts `{"actor", "name", "country", "sector"}` by
`tacitus.syntax.role_codes` (`code_role`, `split_actors`, `as_role`), pronouns resolved by
`tacitus.syntax.pronouns` (`antecedent`), phrases delimited by `tacitus.syntax.phrases`
(`phrase_span`, `with_conjuncts`); those names are importable from here too.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.resources import read_kinds
from tacitus.kb.actors import load_kb
from tacitus.syntax.phrases import (
    NOT_ROLES,
    PARTICIPANTS,
    PHRASE_CUT,
    child_of,
    infinitive_doers,
    phrase_span,
    pobj_of,
    with_conjuncts,
)
from tacitus.syntax.pronouns import (
    FIRST_PERSON,
    PLURAL_PRONOUNS,
    REPORTING,
    THIRD_PERSON,
    THIRD_PLURAL,
    antecedent,
)
from tacitus.syntax.role_codes import ROLE_PREPS, as_role, code_role, split_actors

__all__ = [
    "CLAUSE_RECIPIENT",
    "CLIMB",
    "CONTENT_PREPS",
    "FIRST_PERSON",
    "NOT_AGENTIVE",
    "NOT_ROLES",
    "OF_IS_ACTOR",
    "PARTICIPANTS",
    "PATIENT_IS_ACTOR",
    "PHRASE_CUT",
    "PLURAL_PRONOUNS",
    "RECEIVING",
    "RECIPIENT_PREPS",
    "REPORTING",
    "SETTING_PREPS",
    "SIDES",
    "STATIVE_PASSIVES",
    "THIRD_PERSON",
    "THIRD_PLURAL",
    "antecedent",
    "as_role",
    "code_role",
    "noun_roles",
    "phrase_span",
    "recipient_candidates",
    "split_actors",
    "subject",
    "verb_roles",
    "visitor",
    "with_conjuncts",
]

#: Prepositions introducing the recipient, by PLOVER type ("*" for every type).
RECIPIENT_PREPS = read_kinds("lexicons/en/role_recipient_preps.tsv")
#: The second words of the reciprocal pronouns: "each other", "one another".
_RECIPROCAL = read_kinds("lexicons/en/role_pronouns.tsv")["reciprocal"]

#: Types whose recipient can be the subject of their clausal content ("demanded that X ...").
CLAUSE_RECIPIENT = {"REQUEST", "THREATEN", "ACCUSE"}
#: Event nouns whose recipient is the subject of their content clause ("the demand that X ...").
CONTENT_RECIPIENT = {"REQUEST", "ACCUSE"}

_PREPS = ROLE_PREPS

#: Prepositions whose object, inside an event's content, is whom the event bears on.
CONTENT_PREPS = _PREPS["content"]

#: Types whose "with" phrase is the other side ("clashed with police"), not an instrument
#: (an instrument does not code as a participant).
SIDES = {"ASSAULT", "PROTEST"}

#: Types whose passive subject, without an agent, is the actor ("militants were evacuated").
PATIENT_IS_ACTOR = {"RETREAT", "PROTEST", "MOBILIZE"}

#: Types whose noun's modifier naming people is the actor: "teacher protests", "student
#: strikes" are protests by teachers and students ("hunger strike", "tax protests" name none).
MODIFIER_IS_ACTOR = {"PROTEST"}

#: Types whose "of" phrase is the actor ("the aid of Russia", "the evacuation of militants").
OF_IS_ACTOR = PATIENT_IS_ACTOR | {"AID", "SUPPORT"}

_VERBS = read_kinds("lexicons/en/role_verbs.tsv")

#: Passive forms that describe their subject's stance: "Israel is opposed to", "is committed to".
STATIVE_PASSIVES = _VERBS["stative_passive"]

#: "at a meeting with X", "during talks": the event is the setting of the clause's subject.
SETTING_PREPS = _PREPS["setting"]

#: Verbs whose subject does not perform the event named by their object ("countered the
#: threat", "condemned the attack", "survived the bombing").
NOT_AGENTIVE = _VERBS["not_agentive"]

#: Verbs whose subject is the recipient of the event named by their object ("received aid
#: from Egypt"): the giver is the "from" phrase.
RECEIVING = _VERBS["receiving"]

#: Verbs of not doing: with an event that names its own target, their subject is its actor.
REFRAINING = _VERBS["refraining"]

#: Participles of the party that came to a meeting: its actor ("the visiting delegation").
VISITING = _VERBS["visiting"]

#: Nouns that name whoever did a violent act: the doer of a passive attack that names none.
ASSAILANTS = _VERBS["assailant"]

#: Relations through which a verb inherits its subject ("close to achieving", "agreed to go").
CLIMB = {"xcomp", "conj", "advcl", "acomp", "pcomp", "prep", "pobj"}


def subject(verb: Any) -> Any | None:
    """The verb's subject, inherited through control, coordination and relative clauses.

    Args:
        verb: a spaCy token (a verb, or a noun reached through a preposition).

    Returns:
        The subject's token (the object for object control, "urged Iran to withdraw"; the
        head noun of a relative clause), or None.
    """
    seen = 0
    arrival = ""
    while verb is not None and seen < 8:
        seen += 1
        found = child_of(verb, "nsubj", "csubj")
        if found is None:  # "Sondland did, in fact, discuss": the parse may hang the
            found = next(  # subject on the auxiliary; it is the verb's all the same
                (s for a in verb.children if a.dep_ in ("aux", "auxpass")
                 for s in a.children if s.dep_ == "nsubj"),
                None,
            )  # fmt: skip
        if found is None and arrival == "xcomp":
            found = child_of(verb, "nsubjpass")  # "rebels are believed to have kidnapped ..."
        if found is not None:
            if found.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head
            return found
        if verb.dep_ in CLIMB and verb.head.i != verb.i:
            if verb.dep_ == "xcomp" and child_of(verb.head, "dobj") is not None:
                return child_of(verb.head, "dobj")  # "urged Iran to withdraw": object control
            arrival = verb.dep_
            verb = verb.head
            continue
        if verb.dep_ == "dobj" and verb.tag_ == "VBG" and verb.head.i != verb.i:
            arrival, verb = "dobj", verb.head  # "he had one meeting", "they stopped fighting":
            continue  # a gerund object's doer is the subject of the verb that governs it
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "acl" and _infinitive(verb) and child_of(verb.head, "poss") is not None:
            return child_of(verb.head, "poss")  # "the president's efforts to get": his
        if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "attr"):
            verb = verb.head.head  # "issued a declaration demanding ...": the issuer
            continue
        if arrival == "prep" and verb.pos_ == "NOUN" and verb.dep_ in ("dobj", "attr"):
            owner = child_of(verb, "poss")  # "has no intention of invading": who has it
            if owner is not None:
                return owner
            arrival, verb = verb.dep_, verb.head
            continue
        return None
    return None


def _infinitive(verb: Any) -> bool:
    """An active to-infinitive: "(efforts) to get", "(decision) to withdraw"; not "(his
    effort) to be ruled out", whose owner is what is done to."""
    children = list(verb.children)
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children) and not any(
        c.dep_ == "auxpass" for c in children
    )


def _between(token: Any) -> tuple[Any, Any] | None:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            first = pobj_of(prep)
            if first is not None:
                others = [c for c in first.conjuncts if c.i > first.i]
                return first, (others[0] if others else None)
    return None


def _prep_object(token: Any, kind: str) -> Any | None:
    wanted = RECIPIENT_PREPS["*"] | RECIPIENT_PREPS.get(kind, set())
    for prep in token.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in wanted:
            found = pobj_of(prep)
            if found is not None:
                return found
    return None


def _is_role(token: Any | None) -> bool:
    """A participant, not a date or an abstract object ("called for ... on Thursday")."""
    return token is not None and token.ent_type_ not in NOT_ROLES


def verb_roles(verb: Any, kind: str, mode: str | None) -> tuple[list[Any], Any | None]:
    """The actors and the recipient of a verbal trigger.

    Args:
        verb: the trigger's token.
        kind: its PLOVER type (which prepositions introduce a recipient).
        mode: its mode (a "release" passive keeps its subject the recipient).

    Returns:
        (actor tokens, with coordinated and further subjects; recipient token or None).
    """
    actor, recipient = _verb_roles(verb, kind, mode)
    actors = with_conjuncts(actor)
    if actor is not None and actor.dep_ == "nsubj" and actor.head.i == verb.i:
        for other in verb.children:
            if other.dep_ == "nsubj" and other.i != actor.i:
                actors.extend(with_conjuncts(other))
    return actors, recipient if _is_role(recipient) else None


def _verb_roles(verb: Any, kind: str, mode: str | None) -> tuple[Any | None, Any | None]:
    between = _between(verb)
    patient = child_of(verb, "nsubjpass")
    if patient is None and child_of(verb, "auxpass") is not None:
        patient = subject(verb)  # "appears to have been shot": the raised subject is the patient
    if patient is None and verb.dep_ == "acl" and verb.tag_ == "VBN" and _somebody(verb.head):
        patient = verb.head  # "civilians killed in the strike": what a participle describes
    agent = child_of(verb, "agent")
    agent_obj = pobj_of(agent) if agent is not None else None
    if patient is not None:
        actor = agent_obj
        recipient = patient
        stative = verb.lemma_.lower() in STATIVE_PASSIVES
        if actor is None and (kind in PATIENT_IS_ACTOR and mode != "release" or stative):
            actor, recipient = patient, None
        elif actor is None and kind == "ASSAULT":
            actor = _named_assailant(verb, patient)
    else:
        actor = subject(verb)
        recipient = child_of(verb, "dobj", "dative")
        if recipient is None and kind == "REQUEST":
            recipient = _asked_doer(verb)
        recipient = recipient or _prep_object(verb, kind)
    if between is not None and actor is None:
        actor, recipient = between
    if recipient is None:
        recipient = _prep_object(verb, kind)
    if actor is not None and recipient is not None and _reciprocal(recipient):
        # "X and Y attacked each other('s policies)": each acts on the other; the events stage
        # gives an actor that is its own recipient the other one (`_other_side`)
        recipient = actor
    return actor, recipient


def _somebody(token: Any) -> bool:
    """A name of a person, a group or a state, or a noun of people ("civilians", "a man");
    not a thing ("weapons seized last year", "goods touted by Trump")."""
    return token.ent_type_ in ("PERSON", "NORP", "ORG", "GPE") or _people_noun(token)


def _people_noun(token: Any) -> bool:
    """A noun of the actor base's agents: people by what they are ("civilians", "teacher")."""
    agents = load_kb().agents
    return token.lower_ in agents or token.lemma_.lower() in agents


def visitor(token: Any | None) -> bool:
    """A party described as the one who came: "the visiting Ukrainians"."""
    return token is not None and any(
        c.dep_ == "amod" and c.lemma_.lower() in VISITING for c in token.children
    )


def _named_assailant(verb: Any, patient: Any) -> Any | None:
    """ "X was stabbed to death, while another man was injured trying to stop the assailant":
    a passive attack that names no doer was done by the assailant its sentence names, when
    it names one (and only one)."""
    found = [
        t
        for t in verb.sent
        if t.lemma_.lower() in ASSAILANTS and t.pos_ == "NOUN" and t.i != patient.i
    ]
    return found[0] if len(found) == 1 else None


def _reciprocal(token: Any) -> bool:
    """Whether an object is a reciprocal pronoun or belongs to one: "each other", "one
    another", "each other's policies"."""
    words = _RECIPROCAL
    for word in [token, *token.lefts]:
        if word.lower_ in words and any(c.lower_ in ("each", "one") for c in word.children):
            return True
        if word.lower_ in ("each", "one") and any(c.lower_ in words for c in word.children):
            return True
    return False


def _asked_doer(verb: Any) -> Any | None:
    """Who is asked to act when the verb's infinitive has a doer of its own: "wants Trump to
    lift the tariffs" (the parse makes Trump the subject of "lift")."""
    doers = infinitive_doers(verb)
    return doers[0] if doers else None


def recipient_candidates(verb: Any, kind: str) -> list[Any]:
    """Who a verbal event bears on when its object does not say, best first.

    The target after an object that is a thing ("fired rockets at Israel", "imposed
    sanctions on Iran", "welcomed the decision by Chile"); the other side of a clash
    ("clashed with police"); the subject of a demanded clause ("demanded that Peru
    withdraw"); the objects of an intended, refused or purposed act ("threatened to cut ties
    with Uganda", "refused to recognize Bolivia", "marched to protest against the
    government"); the subject of a threat's condition ("unless Kampala apologizes").
    The events stage keeps the first that codes as a participant.

    Args:
        verb: the trigger's token.
        kind: its PLOVER type.

    Returns:
        The candidate tokens, no pronouns and no dates or amounts.
    """
    wanted = RECIPIENT_PREPS["*"] | RECIPIENT_PREPS.get(kind, set())
    if kind in SIDES:
        wanted = wanted | {"with"}
    found: list[Any] = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in wanted:
            found.append(pobj_of(child))
        elif child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in wanted for m in child.children
        ):
            # "pleaded with the ministry to reconsider": the parse may read the preposition
            # as the mark of a clause whose subject is its object
            found.extend(c for c in child.children if c.dep_ == "nsubj")
        elif child.dep_ == "dobj":
            found.extend(
                pobj_of(p)
                for p in child.children
                if p.dep_ == "prep" and p.lower_ in wanted | {"by"}
            )
    for child in verb.children:
        if child.dep_ == "ccomp" and kind in CLAUSE_RECIPIENT:
            found.extend(c for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
        if child.dep_ in ("xcomp", "ccomp") or _purpose(child):
            found.extend(_content_objects(child, 2))
        elif (infinitive := _misread_infinitive(child)) is not None:
            found.extend(_content_objects(infinitive, 2))
    for child in verb.children:
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in child.children
        ):
            found.extend(c for c in child.children if c.dep_ == "nsubj")
    return [t for t in found if t is not None and t.pos_ != "PRON" and _is_role(t)]


def _purpose(clause: Any) -> bool:
    """An infinitive of purpose: "marched to protest", "met to discuss"."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    )


def _misread_infinitive(prep: Any) -> Any | None:
    """The verb of an infinitive the parse read as "to" and its object ("threatening to
    assault": "assault" tagged VB under a preposition), or None."""
    if prep.dep_ != "prep" or prep.lower_ != "to":
        return None
    verb = pobj_of(prep)
    return verb if verb is not None and verb.tag_ == "VB" else None


def _content_objects(verb: Any, depth: int) -> list[Any]:
    """Objects of a complement verb and of its own complements ("to try to expel X")."""
    found: list[Any] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            found.append(child)
            found.extend(pobj_of(p) for p in child.children if p.dep_ == "prep")
        elif child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
            found.append(pobj_of(child))
        elif child.dep_ == "xcomp" and depth > 0:
            found.extend(_content_objects(child, depth - 1))
        elif child.dep_ == "conj" and child_of(child, "nsubj", "nsubjpass") is None:
            # "to assault and murder an official": verbs coordinated with no subject of
            # their own share the object after the last (the parse hangs it on that one)
            found.extend(_content_objects(child, depth))
    return [t for t in found if t is not None]


def noun_roles(noun: Any, kind: str) -> tuple[list[Any], Any | None]:
    """The actors and the recipient of a nominal trigger ("Russia's aerial campaign against
    militants", "a deal between Russia and Turkey", "support ... by the US").

    Args:
        noun: the trigger's token.
        kind: its PLOVER type.

    Returns:
        (actor tokens, recipient token or None).
    """
    between = _between(noun)
    if between is not None:  # "a conversation between X and Y": X acts towards Y, one pair
        first, second = between
        return [first], second if _is_role(second) else None
    actor, recipient = _noun_roles(noun, kind)
    if actor is not None and actor.dep_ == "pobj" and actor.head.lower_ == "by":
        actors = [actor, *[c for c in actor.children if c.dep_ == "appos"]]
        actors.extend(c for c in noun.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))
        return [a for t in actors for a in with_conjuncts(t)], recipient
    return with_conjuncts(actor), recipient if _is_role(recipient) else None


def _by_agent(noun: Any) -> Any | None:
    """ "support for the militants by the United States": the by-phrase anywhere in the NP."""
    for token in noun.subtree:
        if token.dep_ == "prep" and token.lower_ == "by" and token.i > noun.i:
            return pobj_of(token)
    return None


def _from_object(token: Any) -> Any | None:
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    return pobj_of(prep) if prep is not None else None


def _people_modifier(token: Any) -> bool:
    """A noun modifier that names people by what they are (an agent noun of the actor base:
    "teacher protests", "student strikes"; not "hunger strike", "tax protests")."""
    return token.dep_ == "compound" and token.pos_ == "NOUN" and _people_noun(token)


def _noun_roles(noun: Any, kind: str) -> tuple[Any | None, Any | None]:
    actor = recipient = None
    for child in noun.children:
        if child.dep_ == "poss":
            actor = child
        elif child.dep_ in ("amod", "compound") and (child.ent_type_ in ("NORP", "GPE", "ORG")):
            actor = actor or child
        elif kind in MODIFIER_IS_ACTOR and _people_modifier(child):
            actor = actor or child
        elif child.dep_ == "acl" and kind in CONTENT_RECIPIENT and child_of(child, "mark"):
            # "its demand that the president resign", "charges that the police beat them":
            # as for the verb ("demanded that ..."), whom a demand or a charge bears on is
            # the subject of its content (a threat's may be the threatener: "its threat
            # that it would close the strait")
            recipient = recipient or child_of(child, "nsubj")
        elif child.dep_ == "prep":
            obj = pobj_of(child)
            if obj is None:
                continue
            if child.lower_ == "by":
                actor = obj
            elif child.lower_ == "of":
                if kind in OF_IS_ACTOR and (obj.pos_ == "PROPN" or obj.ent_type_ in PARTICIPANTS):
                    actor = actor or obj
                elif kind in OF_IS_ACTOR:
                    continue
                else:
                    recipient = recipient or obj
            elif child.lower_ in RECIPIENT_PREPS["*"] | RECIPIENT_PREPS.get(kind, set()) or (
                child.lower_ == "with" and kind in SIDES  # "clashes with militia fighters"
            ):
                recipient = recipient or obj
    actor = actor or _by_agent(noun)
    anchor = noun.head if noun.dep_ == "compound" else noun  # "a mediation effort"
    while anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN":
        anchor = anchor.head.head  # "gave 5 million dollars of aid"
    # "this was a deliberate attack": a copula's subject is what the event is, not its actor
    # a setting phrase names the verb's event only when it hangs on the verb ("took part in
    # the talks"), not on another noun ("testified about the events at the center of the
    # inquiry": the inquiry is not the witnesses')
    governed = anchor.dep_ in ("dobj", "nsubjpass", "conj") or (
        anchor.dep_ == "pobj"
        and anchor.head.lower_ in SETTING_PREPS
        and anchor.head.head.pos_ in ("VERB", "AUX")
    )
    if recipient is None and kind == "PROTEST" and anchor.dep_ == "dobj":
        # "led a protest march to the headquarters of X": where a protest is taken is its target
        recipient = _prep_object(anchor.head, kind)
    if actor is not None and actor.pos_ == "PRON" and governed and anchor.dep_ != "nsubjpass":
        # "Israel mounted its invasion": the subject names "its"; "his refusal ... was met
        # with laughter" has no other subject, and "his" is who refused
        actor = None
    if anchor.dep_ == "dobj" and anchor.head.lemma_.lower() in RECEIVING and actor is None:
        giver = _from_object(noun) or _from_object(anchor.head)
        return giver, recipient or subject(anchor.head)  # "Sudan received aid from Egypt"
    refrained = anchor.head.lemma_.lower() in REFRAINING and recipient is not None
    # "avoided direct criticism of teachers": who refrains from it; "avoided an attack": not
    if actor is None and governed and (anchor.head.lemma_.lower() not in NOT_AGENTIVE or refrained):
        verb = noun.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX"):
            actor = subject(verb)
            if actor is not None and actor.i == noun.i:
                actor = None
    return actor, recipient
