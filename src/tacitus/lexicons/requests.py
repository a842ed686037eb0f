"""Requests that no lexicon word makes, read from the pattern of a clause (for
`tacitus.lexicons.triggers`): wanting another party to act ("Beijing wants Washington to lift
the tariffs") and telling a party that it is obliged to act ("told the rebels they must lay
down their arms") ask that party to act: PLOVER REQUEST, CAMEO's demand. The verbs are
`desire`, `desire_would`, `telling` and `obligation` in `lexicons/en/event_words.tsv`.
"""

from __future__ import annotations

from typing import Any

from tacitus.lexicons.trigger_words import (
    DESIRES,
    DESIRES_WOULD,
    OBLIGATION,
    TELLING,
    Trigger,
)
from tacitus.syntax.phrases import infinitive_doers, to_infinitives


def told_of(token: Any) -> bool:
    """ "told visiting officials": a gerund hung on a verb of telling describes its object."""
    return _gerund_object(token) and token.head.lemma_.lower() in TELLING


def wanted_of_another(token: Any) -> Trigger | None:
    """ "Beijing wants Washington to lift the tariffs", "needs Kyiv to open an inquiry", "would
    like to see China agree": a verb of wanting whose infinitive has a doer of its own asks
    that party to act (REQUEST);
    "wants to reopen talks" (the subject itself) asks nothing of anyone."""
    lemma = token.lemma_.lower()
    would = any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in token.children)
    if lemma not in DESIRES and not (lemma in DESIRES_WOULD and would):
        return None
    objects = any(c.dep_ == "dobj" for c in token.children)
    asked = infinitive_doers(token) or (
        objects and any(c.dep_ == "xcomp" for c in to_infinitives(token))
    )
    if asked:
        return Trigger(token, {token.i}, "REQUEST", None, False, "pattern", token.lemma_)
    return None


def told_to_do(token: Any) -> Trigger | None:
    """ "Sondland told Ukraine officials they would need to deliver", "told him he must
    resign": telling a party that it is obliged to act asks it to act (REQUEST, PLOVER's
    demand), whatever the act; telling it what happened is no demand."""
    if token.lemma_.lower() not in TELLING or not any(
        c.dep_ in ("dobj", "dative") or _gerund_object(c) for c in token.children
    ):
        return None
    for clause in (c for c in token.children if c.dep_ == "ccomp"):
        must = any(c.tag_ == "MD" and c.lower_ in OBLIGATION for c in clause.children)
        needs = clause.lemma_.lower() in OBLIGATION and any(
            c.dep_ == "xcomp" for c in clause.children
        )  # "they would need to deliver", "he had to go"
        if must or needs:
            return Trigger(token, {token.i}, "REQUEST", None, False, "pattern", token.lemma_)
    return None


def _gerund_object(token: Any) -> bool:
    """ "told visiting Ukraine officials": "tell" takes no gerund, so a gerund the parser
    hangs on it with an object of its own is the adjective of its object."""
    return (
        token.dep_ == "xcomp"
        and token.tag_ == "VBG"
        and any(c.dep_ == "dobj" for c in token.children)
    )
