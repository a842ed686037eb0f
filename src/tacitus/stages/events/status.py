"""The status of an event (occurred, future, hypothetical, demanded, negated) and the type an
intention gives it.

Status comes from the trigger's own negation, subordinator or auxiliary ("will attend", "did
not attack"), from a governing word up to the clause's reporting verb ("close to achieving",
"called for a ceasefire", "no plans to withdraw"), and from a condition phrase ("ready to
withdraw if ..."): the words and their status are in `lexicons/en/event_status.tsv`
(`words.status_words`). PLOVER codes an intention by what is intended (`_intended`): a future
cooperative act is an AGREE, a future conflictual act a THREATEN. Reads the parse of the
trigger's sentence; adds nothing to the article.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.resources import load_once
from tacitus.lexicons.senses import not_excluded
from tacitus.lexicons.trigger_words import DESIRES_WOULD
from tacitus.lexicons.triggers import Trigger, progressive
from tacitus.stages.events.words import OBLIGATION, SPEECH, TEMPORAL_MARKS, status_words

#: Cooperative types whose future is an AGREE.
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}

#: Conflictual types whose future is a THREATEN, and the THREATEN mode of their modes.
THREAT_MODES: dict[str, dict[str, str | None]] = {
    "ASSAULT": {"": "violence", **{m: "violence" for m in ("aerial", "explosives", "firearms")}},
    "COERCE": {"": "restrict", "arrest": "arrest", "restrict": "restrict", "seize": "territory"},
    "SANCTION": {"": "relations", "expel": "expel", "withdraw": "relations"},
    # PLOVER's THREATEN restrict covers threatened "boycotts, strikes, blockades"
    "PROTEST": {m: "restrict" for m in ("strike", "boycott", "obstruct")},
    "MOBILIZE": {},
}

#: Relations by which an event is the complement of a governing word ("close to achieving",
#: "agreed to attend"); an object is governed only by demands and denials ("urged a truce").
COMPLEMENTS = {"xcomp", "prep", "pcomp", "acomp", "pobj", "ccomp", "advcl", "acl"}

#: Relations across which a governing word does not reach ("the killer, shot by police,
#: had pledged ...": the shooting is not pledged).
STATUS_BARRIERS = {"ccomp", "relcl", "parataxis", "conj", "acl", "appos"}

#: Relations the search for an offer's condition does not cross: other clauses, participants.
CONDITION_BARRIERS = {"relcl", "ccomp", "parataxis", "conj", "appos", "acl", "csubj"}
CONDITION_BARRIERS |= {"nsubj", "nsubjpass"}

#: Relations by which the first word of a condition hangs in its clause: "if" and "unless"
#: mark a clause, "provided" and "on condition that" are prepositions, "as long as" an adverb.
CONDITION_DEPS = {"mark", "prep", "advmod", "pobj", "cc", "dep", "npadvmod"}


@load_once
def _condition_phrases() -> list[list[str]]:
    """The phrases of `event_status.tsv` that make a clause conditional, as word lists."""
    phrases = [word.split() for word, role in status_words() if role == "condition"]
    return sorted(phrases, key=len, reverse=True)


def _condition(token: Any) -> str | None:
    """The phrase that conditions the clause of `token` ("ready to withdraw if ...", "agreed
    to talk on condition that ..."), or None. The search covers the token's dependents, its
    copula's when it is a predicate adjective ("were ready ... if"), and the content it takes,
    not other clauses nor the subject."""
    stack = [token.head if token.dep_ == "acomp" else token]
    while stack:
        for child in stack.pop().children:
            phrase = _condition_at(child)
            if phrase is not None and (child.dep_ in CONDITION_DEPS or len(phrase) > 1):
                return phrase.text  # a phrase of several words is one whatever its parse
            if child.dep_ not in CONDITION_BARRIERS:
                stack.append(child)
    return None


@load_once
def _condition_places() -> dict[str, list[tuple[list[str], int]]]:
    """Each word of a condition phrase -> (the phrase, the word's place in it), longest
    phrases first: a token looks up only the phrases it can be part of."""
    places: dict[str, list[tuple[list[str], int]]] = {}
    for words in _condition_phrases():
        for k, word in enumerate(words):
            places.setdefault(word, []).append((words, k))
    return places


def _condition_at(token: Any) -> Any | None:
    """The condition phrase of `event_status.tsv` that `token` is part of, as a span."""
    doc = token.doc
    for words, k in _condition_places().get(token.lower_, ()):
        start = token.i - k
        if start >= 0 and [t.lower_ for t in doc[start : start + len(words)]] == words:
            return doc[start : start + len(words)]
    return None


def _intended(trigger: Trigger, status: str, derived: bool) -> tuple[str, str | None]:
    """PLOVER codes intentions by what is intended: a future cooperative act is AGREE,
    a future conflictual act THREATEN (CAMEO 03 and 13, as in the CAMEO-to-PLOVER table);
    a refused cooperation ("will not accept", "would not meet") is REJECT."""
    if (
        status == "negated"
        and trigger.type in COOPERATIVE | {"AGREE"}
        and not (derived or trigger.nominal)  # "there was no deal": nobody refused
    ):
        return "REJECT", None
    if status != "future" or derived:
        return trigger.type, trigger.mode
    if trigger.type in COOPERATIVE:
        return "AGREE", None
    if trigger.type in THREAT_MODES:
        return "THREATEN", THREAT_MODES[trigger.type].get(trigger.mode or "", None)
    return trigger.type, trigger.mode


def _status(trigger: Trigger) -> tuple[str, str | None]:
    """(status, the word that decided it) from the trigger up to its clause's reporting verb."""
    words = status_words()
    token = trigger.token
    negated = any(c.dep_ == "neg" for c in token.children)
    if trigger.source == "pattern" and trigger.phrase in DESIRES_WOULD and not negated:
        return "demanded", token.text  # "would like China to agree": a wish now, no condition
    if trigger.nominal:
        raised = _raised_status(token, words) or _determiner_status(token, words)
        if raised is not None:
            return raised  # "talks are expected to resume", "there was no attack"
    first = True
    arrival = ""
    while True:
        if not first and not_excluded(token):
            return "hypothetical", token.text  # "did not rule out sanctions": still possible
        found = _local_status(token, words)
        if found is not None and found[0] == "negated" and _judged_event(trigger, token, first):
            break  # "the call was not in line with ...", "I was not on the call": it happened
        if found is not None:
            return found
        governed = words.get((token.lemma_.lower(), "governor"))
        if not first and _in_the_past(token) and (token.lemma_.lower(), "past_governor") in words:
            return words[(token.lemma_.lower(), "past_governor")], token.text  # "were able to"
        # "is refusing to", "is balking at": a refusal in progress is a refusal all the same
        if not first and governed and (governed == "negated" or not progressive(token)):
            if governed == "future" and arrival in COMPLEMENTS:
                refused = _determiner_status(token, words)  # "no plans to", "no intention of"
                if refused is not None:
                    return refused
            if (
                arrival in COMPLEMENTS
                or governed == "negated"
                or (governed == "demanded" and token.lemma_.lower() != "call")
            ):
                return governed, token.text
        if token.head.i == token.i:
            break
        if token.dep_ in STATUS_BARRIERS and not _governed_infinitive(token, words):
            break
        if token.dep_ == "prep" and token.lower_ in TEMPORAL_MARKS:
            break  # "could face prison after pleading guilty to ...": a circumstance, done
        if token.dep_ in ("nsubj", "nsubjpass") and not first:
            break
        if token.dep_ == "advcl" and not any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children
        ):
            break
        arrival = token.dep_
        token = token.head
        first = False
        if token.lemma_.lower() in SPEECH:
            break
    if trigger.type == "REQUEST":
        return "demanded", None
    return "occurred", None


def _judged_event(trigger: Trigger, token: Any, first: bool) -> bool:
    """An event noun that is the subject or inside the predicate of a negated "be": the
    negation denies what is said of it or of somebody ("the call was not in line with
    policy", "I was not on the call"), not that it happened ("there was no attack" is the
    determiner's, and "the talks were not held" no copula)."""
    return trigger.nominal and not first and token.lemma_.lower() == "be"


def _in_the_past(token: Any) -> bool:
    """Whether a predicate word is in the simple past: its own tense or its copula's ("police
    were able to"), with no modal or future auxiliary ("would have been able")."""
    verb = token.head if token.dep_ == "acomp" else token
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ == "VBD" and not auxiliaries


def _governed_infinitive(token: Any, words: dict[tuple[str, str], str]) -> bool:
    """ "plans to withdraw", "the intention to attack": an infinitive that is the content of
    a governing noun, unlike a participle that describes its noun ("the killer, shot by
    police, had pledged ...")."""
    return (
        token.dep_ == "acl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        and (token.head.lemma_.lower(), "governor") in words
    )


def _determiner_status(noun: Any, words: dict[tuple[str, str], str]) -> tuple[str, str] | None:
    """The status a governing noun's determiner gives its content: "no plans to withdraw"."""
    for child in noun.children:
        if child.dep_ == "det" and (child.lower_, "det") in words:
            return words[(child.lower_, "det")], child.text
    return None


def _raised_status(noun: Any, words: dict[tuple[str, str], str]) -> tuple[str, str] | None:
    """An event noun that is the subject of a predicate with a to-infinitive: "talks are
    expected to resume" (future), "the summit is likely to take place" (hypothetical)."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    head = noun.head
    for word in (head, *(c for c in head.children if c.dep_ == "acomp")):
        if any(c.dep_ == "xcomp" for c in word.children):
            status = words.get((word.lemma_.lower(), "governor"))
            if status in ("future", "hypothetical"):
                return status, word.text
    return None


def _local_status(token: Any, words: dict[tuple[str, str], str]) -> tuple[str, str] | None:
    """Status from the token's own negation, subordinator or auxiliary, in that order."""
    children = list(token.children)
    for role in ("neg", "mark", "aux"):
        for child in children:
            if child.dep_ != role or (child.lower_, role) not in words:
                continue
            status = words[(child.lower_, role)]
            if child.lower_ in ("would", "'d"):
                perfect = any(c.dep_ == "aux" and c.lower_ == "have" for c in children)
                status = "future" if _reported(token) and not perfect else "hypothetical"
            return status, child.text
    return None


def _reported(token: Any) -> bool:
    """Whether the token's clause is the complement of a verb of saying."""
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH:
            return True
        token = token.head
    return False


def _reported_demand(trigger: Trigger, status: tuple[str, str | None]) -> Any | None:
    """The speaker of "X said Y must ..." ("has to", "needs to"): the subject of the
    reporting verb, or None."""
    if status[0] != "demanded" or status[1] not in OBLIGATION or trigger.type == "REQUEST":
        return None
    token = trigger.token
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH | {"declare", "conclude"}:
            return next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        token = token.head
    return None
