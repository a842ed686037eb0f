"""Trigger words in senses that report no event, read from the parse of their sentence.

Idioms and uses that English gives the words of an event: "struck me as odd" (an
impression), "released the transcript" (a verb done to people, done to a thing), "failed to
deliver" (something not done, unless it answers a demand), "that was a bruising battle" (a
name for something already told). Each check states its principle; the word classes are in
`lexicons/en/trigger_vetoes.tsv`. Read by `tacitus.lexicons.triggers`; adds nothing to an
article.
"""

from __future__ import annotations

from typing import Any

from tacitus.lexicons.trigger_words import (
    DEMANDS,
    FACILITATING,
    HOSTED,
    HOSTING,
    KEPT_OPEN,
    MANNER,
    PERSON_PATIENT_VERBS,
    SAYING,
    THINGS_DONE,
    WHEN,
    Trigger,
)


def label_of_the_told(trigger: Trigger) -> bool:
    """An event noun said of a pronoun ("that was a bruising battle", "it's a fantastic
    strike") names something already told; one that names its target ("this was a deliberate
    attack on power plants") tells the event itself."""
    token = trigger.token
    if not trigger.nominal or token.dep_ != "attr" or token.head.lemma_ != "be":
        return False
    if not any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in token.head.children):
        return False
    return not any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in token.children)


def defied(token: Any) -> bool:
    """ "failed to answer the invitation", "failed to comply with the order": what was not
    done answers a demand of another party."""
    return any(
        t.lemma_.lower() in DEMANDS
        for c in token.children
        if c.dep_ == "xcomp"
        for t in c.subtree
        if t.pos_ == "NOUN"
    )


def then_as(token: Any) -> bool:
    """ "struck me as odd": "as" right after the verb or its object (the parser may hang it
    on the adjective that follows), not the "as" of a clause of time ("struck the convoy as
    it passed")."""
    doc = token.doc
    ends = [token.i, *(c.i for c in token.children if c.dep_ == "dobj")]
    return any(
        i + 1 < len(doc) and doc[i + 1].lower_ == "as" and doc[i + 1].dep_ != "mark" for i in ends
    )


def done_to_a_thing(trigger: Trigger) -> bool:
    """ "released the transcript", "the aid might be freed", "a call the White House
    released", "the release of the report", "executed a search warrant": a verb done to people
    (freeing, putting to death) done to information, money or an instrument instead."""
    token = trigger.token
    if token.lemma_.lower() not in PERSON_PATIENT_VERBS:
        return False
    if trigger.source == "curated" and len(trigger.phrase.split()) > 1:
        return False  # a row that names the thing ("execute warrant") is that sense already
    if trigger.nominal:
        patients = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                    for o in p.children if o.dep_ == "pobj"]  # fmt: skip
    else:
        patients = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if not patients and token.dep_ in ("relcl", "acl"):
            patients = [token.head]  # "a call the White House released"
        if not patients and not any(c.dep_ == "dobj" for c in token.children):
            patients = [c for c in token.children if c.dep_ == "nsubj"]  # "the hold released"
    return bool(patients) and all(p.lemma_.lower() in THINGS_DONE for p in patients)


def nothing_hosted(trigger: Trigger) -> bool:
    """ "will host the semi-finals", "hosted a radio show": hosting is a meeting (PLOVER
    CONSULT) when who or what is received is a party (a person, a group or a state: "hosted
    Japan's prime minister", "hosted them") or a meeting ("hosted talks"); hosting a contest,
    a show or a website is none. A host with no object named is left to the other checks."""
    token = trigger.token
    if trigger.nominal or token.lemma_.lower() not in HOSTING:
        return False
    hosted = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    return bool(hosted) and not any(
        t.pos_ == "PRON"
        or t.ent_type_ in ("PERSON", "NORP", "GPE", "ORG")
        or t.lemma_.lower() in HOSTED
        for h in hosted
        for t in (h, *h.conjuncts)
    )


def helped_to_do(trigger: Trigger) -> bool:
    """ "helped to propel him into office", "to help pay the cost": helping to do something,
    with nobody helped, contributes to an outcome; it is no aid given to a party ("helped
    Tonga", "helped the rebels retake the city" are)."""
    token = trigger.token
    if trigger.nominal or token.lemma_.lower() not in FACILITATING:
        return False
    if any(c.dep_ in ("dobj", "dative", "iobj") for c in token.children):
        return False
    done = [c for c in token.children if c.dep_ in ("xcomp", "ccomp")]
    return bool(done) and not any(
        g.dep_ in ("nsubj", "nsubjpass") for clause in done for g in clause.children
    )


def said_in(token: Any) -> bool:
    """Whether a noun is where something is said ("said in the release"): a document, not
    the act its word can also name."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "in" and prep.head.lemma_.lower() in SAYING


def nothing_seized(trigger: Trigger) -> bool:
    """A seizure takes something: a verb of seizing with no object, no passive subject and no
    noun it describes ("it was Morrison who took over", "took over from Woodward in
    September", "searched in vain") tells a succession or a bare attempt, not a place,
    a thing or a power taken."""
    token = trigger.token
    if trigger.nominal or trigger.mode != "seize":
        return False
    if token.dep_ in ("relcl", "acl") and not any(
        c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in token.children
    ):
        return False  # "the town the rebels seized": the noun is what is taken
    return not any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in token.children)


def kept_open(trigger: Trigger) -> bool:
    """ "did not rule out sanctions", "is never ruled out", "has not excluded military
    action": a course of action not excluded is one kept possible, no refusal (and no
    negated one); the act it names, if any, is hypothetical (`not_excluded`)."""
    return not trigger.nominal and not_excluded(trigger.token)


def not_excluded(token: Any) -> bool:
    """Whether a token is a negated verb of excluding ("not rule out", "never excluded")."""
    lemma = token.lemma_.lower()
    if lemma not in KEPT_OPEN or token.pos_ not in ("VERB", "AUX"):
        return False
    if lemma == "rule" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return False  # "the court did not rule on the case"
    return any(c.dep_ == "neg" for c in token.children)


def interlocutor(trigger: Trigger) -> bool:
    """ "talked with the rebels", "talk to Moscow": someone is talked to, by the phrase's own
    preposition. Not a phrase of manner ("with regard to") nor a bare singular common noun,
    which English uses for a quality, not a party ("spoke with brutal honesty")."""
    for prep in trigger.token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "to") and prep.i in trigger.tokens:
            if any(
                o.dep_ == "pobj" and o.lemma_.lower() not in MANNER and not _bare_mass(o)
                for o in prep.children
            ):
                return True
    return False


def _bare_mass(noun: Any) -> bool:
    """A singular common noun with no determiner or possessive: a mass or abstract noun."""
    return noun.tag_ == "NN" and not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)


def after_in(token: Any) -> bool:
    """Whether a noun is the object of "in" ("in custody", "in CBP custody")."""
    return token.dep_ == "pobj" and token.head.lower_ == "in"


def appeal(token: Any) -> bool:
    """A call noun that asks: "a call for calm", "his call on the rebels to disarm"; not
    "the call on July 25" (a call on a day), which is a conversation or nothing."""
    for prep in (c for c in token.children if c.dep_ == "prep"):
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        if prep.lower_ == "for" or (
            prep.lower_ == "on" and any(o.ent_type_ not in WHEN for o in objects)
        ):
            return True
    return False
