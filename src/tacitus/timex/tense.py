"""Tense of the clause around a span, from the spaCy parse: past, present or future.

Reads a spaCy `Doc` (no article state) and the auxiliaries and verbs of planning of
`lexicons/en/tense_words.tsv`; used by the time layer to resolve "on Friday" to the last or
the next Friday, and available to the stages that need a clause's tense (event status).
"""

from __future__ import annotations

from typing import Any

from tacitus.core.resources import load_once, read_kinds


@load_once
def tense_words() -> dict[str, frozenset[str]]:
    """The words that tell a clause's tense, `lexicons/en/tense_words.tsv`.

    Returns:
        kind ("future_aux", "modal_future", "scheduling", "planning", "forward_aux",
        "simultaneous") -> words.
    """
    return read_kinds("lexicons/en/tense_words.tsv")


def verb_at(doc: Any, start: int, end: int) -> Any:
    """The verb governing the characters [start, end) of a parsed doc, or None."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return governing_verb(span.root)


def modified_noun(doc: Any, start: int, end: int) -> Any:
    """The noun that the expression at [start, end) modifies before it ("the July 25 call",
    "Tuesday's attack", "the 2016 election"), or None when it stands on its own in its
    clause ("on Tuesday", "last week")."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    head = root.head
    if root.dep_ not in ("compound", "nmod", "amod", "poss", "nummod") or head.i == root.i:
        return None
    if head.pos_ not in ("NOUN", "PROPN") or head.i < span.end - 1:
        return None
    return head


def tense_at(doc: Any, start: int, end: int) -> str | None:
    """past, present or future: the tense of the verb governing the characters [start, end)."""
    verb = verb_at(doc, start, end)
    return _verb_tense(verb) if verb is not None else None


def perfect_at(doc: Any, start: int) -> bool:
    """Whether the clause around `start` is in the present perfect ("has given")."""
    verb = verb_at(doc, start, start + 1)
    return verb is not None and any(
        c.lower_ in ("has", "have", "'ve") for c in verb.children if c.dep_ == "aux"
    )


def governing_verb(token: Any) -> Any:
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return token
        if token.head is token:
            break
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def _verb_tense(verb: Any) -> str | None:
    words = tense_words()
    if verb.lemma_ in words["scheduling"]:
        return "future"  # "planned a rally on Saturday", "has scheduled a news conference Thursday"
    for _ in range(4):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        lowered = {a.lower_ for a in auxes}
        if lowered & words["future_aux"] or (lowered & words["modal_future"] and verb.tag_ == "VB"):
            return "future"
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if lowered & {"has", "have", "'ve", "had"}:
            return "past"
        if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
        if verb.tag_ == "VB" and any(a.lower_ == "to" for a in auxes):
            head_aux = {a.lower_ for a in verb.head.children if a.dep_ in ("aux", "auxpass")}
            if "had" in head_aux:
                return "past"  # "had been scheduled to expire Friday": a plan now behind us
            if verb.head.lemma_ in words["planning"] or verb.head.lemma_ == "be":
                return "future"  # "planned to leave on Thursday": the plan looks ahead
        if verb.tag_ == "VBN" and not auxes:
            return None  # "a summit set for April", "the deal signed in May": either way
        if verb.head is verb or verb.dep_ == "ROOT":
            return None
        verb = verb.head  # infinitives and gerunds take the tense of the verb they hang on
    return None
