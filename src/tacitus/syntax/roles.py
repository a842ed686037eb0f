"""Roles of an event: who acts (actor) and on whom (recipient), read from the dependency parse.

Reads the spaCy tokens of a trigger (`tacitus.lexicons.triggers.Trigger`) and the article's actors,
entities, places and quotes; returns role phrases (subject, object, "against X", "with X",
"between X and Y", passive agents, coordinated actors) and codes them as contract role
dicts `{"actor", "name", "country", "sector"}` through `article.actor_at`, falling back to
the place or demonym inside the phrase for the country when no actor covers it.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Article, SpanIndex
from tacitus.kb.gazetteer import demonym_country

#: Prepositions introducing the recipient, by PLOVER type ("*" for every type).
RECIPIENT_PREPS = {
    "*": {"against", "on", "upon", "at", "into", "toward", "towards"},
    "CONSULT": {"with"},
    "AGREE": {"with", "to"},
    "COOPERATE": {"with"},
    "AID": {"to", "for"},
    "SUPPORT": {"for"},
    "REQUEST": {"on", "upon", "from"},
    "ACCUSE": {"against", "into"},
    "SANCTION": {"against", "on", "from"},
    "RETREAT": {"to"},
}

#: Types whose recipient can be the subject of their clausal content ("demanded that X ...").
CLAUSE_RECIPIENT = {"REQUEST", "THREATEN", "ACCUSE"}

#: Prepositions whose object, inside an event's content, is whom the event bears on.
CONTENT_PREPS = {"with", "against", "on", "upon", "to", "from", "into", "toward", "towards", "at"}

#: Types whose "with" phrase is the other side ("clashed with police"), not an instrument
#: (an instrument does not code as a participant).
SIDES = {"ASSAULT", "PROTEST"}

#: Types whose passive subject, without an agent, is the actor ("militants were evacuated").
PATIENT_IS_ACTOR = {"RETREAT", "PROTEST", "MOBILIZE"}

#: Types whose "of" phrase is the actor ("the aid of Russia", "the evacuation of militants").
OF_IS_ACTOR = PATIENT_IS_ACTOR | {"AID", "SUPPORT"}

#: Passive forms that describe their subject's stance: "Israel is opposed to", "is committed to".
STATIVE_PASSIVES = {"oppose", "commit", "determine", "resolve", "prepare", "dedicate"}

#: Dependents cut off a role phrase: its clauses and prepositional tails.
PHRASE_CUT = {"relcl", "acl", "prep", "punct", "cc", "conj", "advcl", "appos", "parataxis"}

#: "at a meeting with X", "during talks": the event is the setting of the clause's subject.
SETTING_PREPS = {"at", "during", "in", "after", "under", "on"}

#: Verbs whose subject does not perform the event named by their object ("countered the
#: threat", "condemned the attack", "survived the bombing").
NOT_AGENTIVE = {
    "counter",
    "face",
    "fear",
    "survive",
    "witness",
    "suffer",
    "escape",
    "prevent",
    "avoid",
    "report",
    "describe",
    "cover",
    "see",
    "watch",
    "investigate",
    "condemn",
    "deplore",
    "blame",
    "criticize",
    "criticise",
    "deny",
    "oppose",
    "welcome",
    "praise",
    "discuss",
    "study",
    "review",
    "combat",
    "resist",
    "protest",
    "denounce",
    "claim",
    "mourn",
    "remember",
}

#: Verbs whose subject is the recipient of the event named by their object ("received aid
#: from Egypt"): the giver is the "from" phrase.
RECEIVING = {"receive", "accept", "get", "obtain", "secure"}

#: Relations through which a verb inherits its subject ("close to achieving", "agreed to go").
CLIMB = {"xcomp", "conj", "advcl", "acomp", "pcomp", "prep", "pobj"}

#: Entity labels that are participants.
PARTICIPANTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}

#: Entity labels that are never participants.
NOT_ROLES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}

#: Verbs whose subject is the antecedent of a pronoun subject of their complement.
REPORTING = {"say", "announce", "state", "declare", "confirm", "add", "tell", "insist", "claim"}

FIRST_PERSON = {"we", "i", "us", "our", "my", "me"}
THIRD_PERSON = {"he", "she", "him", "her", "his"}
THIRD_PLURAL = {"they", "them", "their", "it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their"}


def phrase_span(token: Any) -> tuple[int, int]:
    """Characters of the noun phrase headed by `token`, without clauses and prepositions."""
    words = [token]
    stack = [c for c in token.children if c.dep_ not in PHRASE_CUT]
    while stack:
        child = stack.pop()
        words.append(child)
        stack.extend(c for c in child.children if c.dep_ not in PHRASE_CUT)
    start = min(w.idx for w in words)
    last = max(words, key=lambda w: w.i)
    return start, last.idx + len(last)


def with_conjuncts(token: Any | None) -> list[Any]:
    """The token and the tokens coordinated with it ("Russia, Iran and Turkey")."""
    if token is None:
        return []
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def _child(token: Any, *deps: str) -> Any | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _pobj(prep: Any) -> Any | None:
    return _child(prep, "pobj")


def subject(verb: Any) -> Any | None:
    """The verb's subject, inherited through control, coordination and relative clauses."""
    seen = 0
    arrival = ""
    while verb is not None and seen < 8:
        seen += 1
        found = _child(verb, "nsubj", "csubj")
        if found is None and arrival == "xcomp":
            found = _child(verb, "nsubjpass")  # "rebels are believed to have kidnapped ..."
        if found is not None:
            if found.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head
            return found
        if verb.dep_ in CLIMB and verb.head.i != verb.i:
            if verb.dep_ == "xcomp" and _child(verb.head, "dobj") is not None:
                return _child(verb.head, "dobj")  # "urged Iran to withdraw": object control
            arrival = verb.dep_
            verb = verb.head
            continue
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "attr"):
            verb = verb.head.head  # "issued a declaration demanding ...": the issuer
            continue
        if arrival == "prep" and verb.pos_ == "NOUN" and verb.dep_ in ("dobj", "attr"):
            owner = _child(verb, "poss")  # "has no intention of invading": who has it
            if owner is not None:
                return owner
            arrival, verb = verb.dep_, verb.head
            continue
        return None
    return None


def _between(token: Any) -> tuple[Any, Any] | None:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            first = _pobj(prep)
            if first is not None:
                others = [c for c in first.conjuncts if c.i > first.i]
                return first, (others[0] if others else None)
    return None


def _prep_object(token: Any, kind: str) -> Any | None:
    wanted = RECIPIENT_PREPS["*"] | RECIPIENT_PREPS.get(kind, set())
    for prep in token.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in wanted:
            found = _pobj(prep)
            if found is not None:
                return found
    return None


def _is_role(token: Any | None) -> bool:
    """A participant, not a date or an abstract object ("called for ... on Thursday")."""
    return token is not None and token.ent_type_ not in NOT_ROLES


def verb_roles(verb: Any, kind: str, mode: str | None) -> tuple[list[Any], Any | None]:
    """(actor tokens, recipient token) of a verbal trigger; several coordinated actors."""
    actor, recipient = _verb_roles(verb, kind, mode)
    actors = with_conjuncts(actor)
    if actor is not None and actor.dep_ == "nsubj" and actor.head.i == verb.i:
        for other in verb.children:
            if other.dep_ == "nsubj" and other.i != actor.i:
                actors.extend(with_conjuncts(other))
    return actors, recipient if _is_role(recipient) else None


def _verb_roles(verb: Any, kind: str, mode: str | None) -> tuple[Any | None, Any | None]:
    between = _between(verb)
    patient = _child(verb, "nsubjpass")
    if patient is None and _child(verb, "auxpass") is not None:
        patient = subject(verb)  # "appears to have been shot": the raised subject is the patient
    agent = _child(verb, "agent")
    agent_obj = _pobj(agent) if agent is not None else None
    if patient is not None:
        actor = agent_obj
        recipient = patient
        stative = verb.lemma_.lower() in STATIVE_PASSIVES
        if actor is None and (kind in PATIENT_IS_ACTOR and mode != "release" or stative):
            actor, recipient = patient, None
    else:
        actor = subject(verb)
        recipient = _child(verb, "dobj", "dative") or _prep_object(verb, kind)
    if between is not None and actor is None:
        actor, recipient = between
    if recipient is None:
        recipient = _prep_object(verb, kind)
    return actor, recipient


def recipient_candidates(verb: Any, kind: str) -> list[Any]:
    """Who a verbal event bears on when its object does not say, best first.

    The target after an object that is a thing ("fired rockets at Israel", "imposed
    sanctions on Iran", "welcomed the decision by Chile"); the other side of a clash
    ("clashed with police"); the subject of a demanded clause ("demanded that Peru
    withdraw"); the objects of an intended, refused or purposed act ("threatened to cut ties
    with Uganda", "refused to recognize Bolivia", "marched to protest against the
    government"); the subject of a threat's condition ("unless Kampala apologizes").
    The events stage keeps the first that codes as a participant.
    """
    wanted = RECIPIENT_PREPS["*"] | RECIPIENT_PREPS.get(kind, set())
    if kind in SIDES:
        wanted = wanted | {"with"}
    found: list[Any] = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in wanted:
            found.append(_pobj(child))
        elif child.dep_ == "dobj":
            found.extend(
                _pobj(p) for p in child.children if p.dep_ == "prep" and p.lower_ in wanted | {"by"}
            )
    for child in verb.children:
        if child.dep_ == "ccomp" and kind in CLAUSE_RECIPIENT:
            found.extend(c for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
        if child.dep_ in ("xcomp", "ccomp") or _purpose(child):
            found.extend(_content_objects(child, 2))
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


def _content_objects(verb: Any, depth: int) -> list[Any]:
    """Objects of a complement verb and of its own complements ("to try to expel X")."""
    found: list[Any] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            found.append(child)
            found.extend(_pobj(p) for p in child.children if p.dep_ == "prep")
        elif child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
            found.append(_pobj(child))
        elif child.dep_ == "xcomp" and depth > 0:
            found.extend(_content_objects(child, depth - 1))
    return [t for t in found if t is not None]


def noun_roles(noun: Any, kind: str) -> tuple[list[Any], Any | None]:
    """(actor tokens, recipient token) of a nominal trigger ("Russia's aerial campaign
    against militants", "a deal between Russia and Turkey", "support ... by the US")."""
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
            return _pobj(token)
    return None


def _from_object(token: Any) -> Any | None:
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    return _pobj(prep) if prep is not None else None


def _noun_roles(noun: Any, kind: str) -> tuple[Any | None, Any | None]:
    actor = recipient = None
    between = _between(noun)
    if between is not None:
        return between
    for child in noun.children:
        if child.dep_ == "poss":
            actor = child
        elif child.dep_ in ("amod", "compound") and (child.ent_type_ in ("NORP", "GPE", "ORG")):
            actor = actor or child
        elif child.dep_ == "prep":
            obj = _pobj(child)
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
    governed = anchor.dep_ in ("dobj", "nsubjpass", "conj") or (
        anchor.dep_ == "pobj" and anchor.head.lower_ in SETTING_PREPS
    )
    if actor is not None and actor.pos_ == "PRON" and governed:
        actor = None  # "Israel mounted its invasion": the subject names "its"
    if anchor.dep_ == "dobj" and anchor.head.lemma_.lower() in RECEIVING and actor is None:
        giver = _from_object(noun) or _from_object(anchor.head)
        return giver, recipient or subject(anchor.head)  # "Sudan received aid from Egypt"
    if actor is None and governed and anchor.head.lemma_.lower() not in NOT_AGENTIVE:
        verb = noun.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX"):
            actor = subject(verb)
            if actor is not None and actor.i == noun.i:
                actor = None
    return actor, recipient


def _quote_speaker(article: Article, position: int) -> dict[str, Any] | None:
    # the quotes around one position, from an index built once per article
    contents = article.derived("quotes_by_content", article.quotes, _quote_index)
    for *_, quote in contents.overlapping(position, position + 1):
        if quote.get("speaker"):
            return article.actor(quote["speaker"])
    return None


def _quote_index(quotes: list[dict[str, Any]]) -> SpanIndex[dict[str, Any]]:
    spans = ((q.get("content") or (0, 0), q) for q in quotes)
    return SpanIndex((content[0], content[1], q) for content, q in spans)


def _pronoun_actor(article: Article, token: Any) -> dict[str, Any] | None:
    """ "we" inside a quote is its speaker; "he", "they" the antecedent the quotes stage finds."""
    if token.lower_ in FIRST_PERSON:
        speaker = _quote_speaker(article, token.idx)
        if speaker is not None:
            return speaker
    if token.lower_ in THIRD_PERSON:
        subject_actor = _previous_subject(article, token)
        if subject_actor is not None:
            return subject_actor
    from tacitus.syntax.speakers import speaker_of

    found = speaker_of(article, (token.idx, token.idx + len(token)), token.i)
    return article.actor(found) if found else None


def _previous_subject(article: Article, token: Any) -> dict[str, Any] | None:
    """ "He" is most often the last person who was the subject of a clause before it."""
    doc = token.doc
    first = max(0, token.sent.start - 120)
    for previous in reversed(doc[first : token.i]):
        if previous.dep_ not in ("nsubj", "nsubjpass") or previous.ent_type_ != "PERSON":
            continue
        found = article.actor_at(previous.idx, previous.idx + len(previous))
        if found is not None:
            return found
    return None


def _reporting_subject(pronoun: Any) -> Any | None:
    """ "Palestinian leaders said they would boycott ...": "they" is the reporting subject."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.lower_ in FIRST_PERSON:
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING:
        return None
    reporter = _child(clause.head, "nsubj")
    if reporter is None or reporter.pos_ == "PRON":
        return None
    return reporter


def antecedent(pronoun: Any) -> Any | None:
    """The noun phrase a third-person pronoun stands for: the reporting subject ("the miners
    said they ..."), else the nearest earlier subject of the same or the previous sentence
    that agrees with it in number ("they": a plural noun or a group's name; "it": a singular
    noun that is no person). None for other words."""
    lower = pronoun.lower_
    if pronoun.pos_ != "PRON" or lower not in THIRD_PERSON | THIRD_PLURAL:
        return None
    reporter = _reporting_subject(pronoun)
    if reporter is not None:
        return reporter
    sent = pronoun.sent
    first = sent.start
    if first > 0:
        first = pronoun.doc[first - 1].sent.start
    for previous in reversed(pronoun.doc[first : pronoun.i]):
        if previous.dep_ in ("nsubj", "nsubjpass") and _agrees(previous, lower):
            return previous
    return None


def _agrees(noun: Any, pronoun: str) -> bool:
    """A subject a pronoun can stand for: "they" a plural or a group, "it" a thing or a
    group, "he"/"she" a person."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    plural = noun.tag_ in ("NNS", "NNPS") or bool(noun.conjuncts)  # "X and Y ... they"
    group = noun.ent_type_ in ("ORG", "NORP", "GPE")
    if pronoun in PLURAL_PRONOUNS:
        return plural or group
    if pronoun in THIRD_PERSON:
        return not plural and noun.ent_type_ in ("PERSON", "")
    return not plural and noun.ent_type_ != "PERSON"


def _group_of(token: Any) -> Any | None:
    """The group a member noun belongs to: "leaders of X", "doctors from X"."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "in"):
            return _pobj(prep)
    return None


def split_actors(article: Article, token: Any) -> list[dict[str, Any]]:
    """Roles of the actors listed inside one phrase: "Russia, Iran, and Turkish foreign
    ministers", "Hungarian and Romanian officials" (one role per country named)."""
    left = token.doc[token.left_edge.i : token.i + 1]
    if not any(t.lower_ in (",", "and") for t in left):
        return []
    roles: list[dict[str, Any]] = []
    seen: set[tuple[Any, Any]] = set()
    for word in left:
        if word.is_punct or word.lower_ == "and":
            continue
        actor = article.actor_at(word.idx, word.idx + len(word))
        country = demonym_country(word.text) if word.pos_ in ("ADJ", "PROPN") else None
        if actor is None and country is None:
            continue
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


def as_role(actor: dict[str, Any]) -> dict[str, Any]:
    """The contract role dict of a resolved actor."""
    return {
        "actor": actor["id"],
        "name": actor.get("name"),
        "country": actor.get("country"),
        "sector": actor.get("sector"),
    }


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
        country = demonym_country(word.text)
        if country:
            return country
        place = article.place_at(word.idx, word.idx + len(word))
        if place is not None and place.get("country"):
            return str(place["country"])
    return None


def _names_participant(token: Any, start: int, end: int) -> bool:
    """A name, a nationality or a place is in the phrase ("Bosnian Serbs", "the SPLM/A")."""
    for word in token.doc[token.left_edge.i : token.right_edge.i + 1]:
        if not start <= word.idx < end:
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


def code_role(article: Article, token: Any | None) -> dict[str, Any] | None:
    """The contract role dict of a role token, or None when it names no participant."""
    if token is None:
        return None
    described = _code_role(article, token)
    named = _named_appositive(article, token)
    if named is None:
        return described
    role = _code_role(article, named)  # "the head of the council, Omar Haddad"
    if role is not None and described is not None:  # "a member of the Syrian parliament, X"
        role["country"] = role.get("country") or described.get("country")
        role["sector"] = role.get("sector") or described.get("sector")
    return role


def _code_role(article: Article, token: Any) -> dict[str, Any] | None:
    if token.pos_ == "PRON":
        reporter = _reporting_subject(token)
        if reporter is not None:
            return code_role(article, reporter)
        actor = _pronoun_actor(article, token)
        name = token.text
    else:
        start, end = phrase_span(token)
        actor = article.actor_at(token.idx, token.idx + len(token)) or article.actor_at(start, end)
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
    return {"actor": None, "name": name, "country": country, "sector": None}
