"""Which triggers head an event of their own, and which are the content of another.

A trigger is the content of another ("called for a ceasefire" is one REQUEST, not also a
RETREAT) unless it starts an independent clause, a temporal clause or the complement of a
verb of saying (`_host`). A trigger in a relative clause, a temporal clause or a phrase of
circumstance ("after years of occupation") is background (`_background`), and a bare
participle counting more victims ("23 killed and 140 wounded"), or a verb of assault that
shares its subject with another ("killed 23 soldiers and injured 15"), is the toll of the event
before it (`_further_toll`). Reads the parse of the trigger's sentence; adds nothing to the
article.
"""

from __future__ import annotations

from typing import Any

from tacitus.lexicons.triggers import Trigger
from tacitus.stages.events.words import BACKGROUND_PREPS, SPEECH, TEMPORAL_MARKS

#: Types whose complement is what they are about, not an event of its own.
CONTENT_TAKING = {"REQUEST", "ACCUSE", "AGREE", "THREATEN", "REJECT", "SUPPORT", "CONCEDE"}

#: Verbs whose complement is coded as a negated event rather than as a rejection.
DENIALS = {"deny"}

#: Clausal relations that start an independent event.
INDEPENDENT = {"relcl", "parataxis", "conj"}

#: The subject relations: a conjoined verb with one of these tells a clause of its own.
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}

#: Subordinators of a condition: the event is what the main clause depends on, not news.
CONDITIONS = {"if", "unless"}


def _host(trigger: Trigger, by_token: dict[int, Trigger]) -> Trigger | None:
    """The trigger whose content this one is, or None when it is an event of its own."""
    host = _content_host(trigger, by_token)
    if host is not None and host.extra.get("verdict"):
        return None  # "described the call as improper": the call happened, and is judged
    return host


def _content_host(trigger: Trigger, by_token: dict[int, Trigger]) -> Trigger | None:
    token = trigger.token
    while token.head.i != token.i:
        dep = token.dep_
        if dep == "conj" and _object_of(trigger.token, token) and _shares_frame(token):
            # "threatening to assault and murder": both are threatened; "wants Trump to
            # eliminate tariffs and provide relief": the relief is wanted too
            token = token.head
            continue
        if dep in INDEPENDENT:
            return None
        if dep == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS or c.dep_ == "nsubj"
            for c in token.children
        ):
            return None
        head = token.head
        if dep == "ccomp":
            if head.lemma_.lower() == "see" and head.dep_ == "xcomp" and head.head.i in by_token:
                head = head.head  # "would like to see China agree": what is wished
            host = by_token.get(head.i)
            return host if host is not None and host.type in CONTENT_TAKING else None
        if head.lemma_.lower() in SPEECH and dep not in ("dobj", "nsubj", "nsubjpass"):
            return None
        if head.i in by_token:
            host = by_token[head.i]
            if dep in ("nsubj", "nsubjpass", "csubj") and host.type != trigger.type:
                return None  # "the attack prompted condemnation": two events
            return host
        if dep in ("advcl", "xcomp") and not trigger.nominal:
            named = _named_event(head, by_token)
            if named is not None:
                return named  # "staged a protest to demand reforms": the demand is its aim
        token = head
    return None


def _object_of(word: Any, verb: Any) -> bool:
    """Whether `word` is `verb` or its object ("provide relief"), not a word further down
    ("provide relief from the tariffs imposed in May": the imposing is a fact)."""
    return word.i == verb.i or (word.dep_ == "dobj" and word.head.i == verb.i)


def _shares_frame(verb: Any) -> bool:
    """A verb conjoined to another, in its form and with no subject of its own, under a word
    that governs the first ("to assault and murder", after "threatening"): the coordination is
    one complement, and each verb is in it. A conjunct of a main verb is a clause of its own."""
    first = verb.head
    if any(c.dep_ in SUBJECTS for c in verb.children) or first.head.i == first.i:
        return False
    # and in the same form: "promised to rebuild the school and carried out an airstrike"
    # tells what was done after the promise, not what was promised
    if first.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj") or verb.tag_ != first.tag_:
        return False
    # a passive's auxiliary does not reach a participle with an object: "demanded to be paid
    # and held a strike" (they held it)
    passive = any(c.dep_ == "auxpass" for c in first.children)
    return not (passive and any(c.dep_ == "dobj" for c in verb.children))


def _named_event(verb: Any, by_token: dict[int, Trigger]) -> Trigger | None:
    """The nominal trigger a light verb governs ("staged a protest", "began a hunger strike")."""
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and child.i in by_token and by_token[child.i].nominal:
            return by_token[child.i]
    return None


def _direct(trigger: Trigger, host: Trigger) -> bool:
    """The trigger is the host's own complement, not inside a description of a participant."""
    token = trigger.token
    while token.i != host.token.i and token.head.i != token.i:
        if token.dep_ not in ("xcomp", "dobj", "prep", "pobj", "pcomp", "conj", "ccomp"):
            return False
        token = token.head
    return token.i == host.token.i


def _background(trigger: Trigger) -> bool:
    """The trigger sits in a relative clause, a temporal clause or a circumstantial phrase
    ("after years of occupation", "on treason charges", "where 28 were killed")."""
    token = trigger.token
    while token.head.i != token.i:
        if token.dep_ == "relcl":
            return True
        if (
            token.dep_ == "prep"
            and token.lower_ in BACKGROUND_PREPS
            and token.head.lemma_.lower() not in SPEECH  # "said at a meeting": the setting
        ):
            return True
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS | CONDITIONS for c in token.children
        ):
            return True  # "after they stormed ...", "if cooperation founders"
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH:
            return False
        token = token.head
    return False


def _further_toll(trigger: Trigger, by_token: dict[int, Trigger]) -> bool:
    """A bare participle counting more victims of an event just coded ("were killed and
    more than 140 wounded"), or a verb of assault conjoined to one with no subject of its
    own ("killed 23 soldiers and injured 15", "killing three and injuring 260"): one attack
    told with two verbs of harm, its victims counted on the one event. A conjunct with its
    own subject ("a man was killed and five were wounded") is left to the rules below."""
    token = trigger.token
    if trigger.nominal:
        return False
    if (
        trigger.type == "ASSAULT"
        and token.dep_ == "conj"
        and not any(c.dep_ in SUBJECTS for c in token.children)
    ):
        first = by_token.get(token.head.i)
        if first is not None and not first.nominal and first.type == trigger.type:
            return True
    if token.tag_ != "VBN":
        return False
    numbered = (token.dep_ == "acl" and token.head.like_num) or (
        token.dep_ == "conj" and any(c.dep_ == "nsubj" and c.like_num for c in token.children)
    )
    if not numbered:
        return False
    head = token.head
    for _ in range(3):
        earlier = by_token.get(head.i)
        if earlier is not None and earlier is not trigger and earlier.type == trigger.type:
            return True
        head = head.head
    return False


def _is_denial(trigger: Trigger) -> bool:
    """Whether the trigger is a verb of denial ("denied attacking")."""
    return trigger.token.lemma_.lower() in DENIALS
