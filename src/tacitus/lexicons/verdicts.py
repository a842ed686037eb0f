"""Criticism told as a verdict: "described the call as improper", "said the request was
inappropriate", "called the vote a sham".

English often criticises without a verb of criticism: a verb that says what someone thinks of
something (`judging` in `lexicons/en/event_words.tsv`) with a word of disapproval as its
verdict (`disapproval`). PLOVER codes criticism as ACCUSE (mode disapprove), by whoever judges;
what is judged, or whose act it is ("Trump's call"), is the recipient, found by the roles of
the events stage like any other; an event it judges ("Trump's call") stays an event of its
own, not the content of the criticism (`extra["verdict"]`). A negated judgement ("did not
think it was improper", "was not wrong") is none. Read by `tacitus.lexicons.triggers`;
adds nothing to an article.
"""

from __future__ import annotations

from typing import Any

from tacitus.lexicons.trigger_words import ADDRESSING, DISAPPROVAL, JUDGING, Trigger


def _negated(token: Any) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _verdicts(verb: Any) -> list[Any]:
    """The words that give the verb's verdict: the predicate of its clause ("said it was
    improper"), its object's complement ("called it a sham"), or its "as" phrase
    ("described the call as improper"), with their conjuncts ("unusual and inappropriate")."""
    found: list[Any] = []
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and not _negated(child):
            found.extend(g for g in child.children if g.dep_ in ("acomp", "attr", "oprd"))
        elif child.dep_ in ("oprd", "acomp"):
            found.append(child)
    for holder in holders:
        for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ == "as"):
            found.extend(t for t in prep.subtree if t.i != prep.i)
    return found + [c for word in found for c in word.conjuncts]


def judged(verb: Any) -> Any | None:
    """What a verdict judges, as its recipient: the subject of the judged clause ("told
    lawmakers that the request was inappropriate": not the lawmakers, who are only told) or
    the object ("described the call as improper"), and of an act its owner ("Trump's
    request": Trump).

    Args:
        verb: the judging verb of a verdict trigger.

    Returns:
        The token, or None when the parse names nothing judged.
    """
    found = None
    for child in verb.children:
        if child.dep_ == "ccomp":
            found = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        elif child.dep_ == "dobj" and found is None and verb.lemma_.lower() not in ADDRESSING:
            found = child
    if found is None:
        return None
    owner = next((c for c in found.children if c.dep_ == "poss"), None)
    return owner if owner is not None and owner.pos_ != "PRON" else found


def judged_wrong(token: Any) -> Trigger | None:
    """An ACCUSE (disapprove) trigger when a judging verb gives a verdict of disapproval.

    Args:
        token: a verb of a parsed sentence.

    Returns:
        The trigger on the verb, or None.
    """
    if token.lemma_.lower() not in JUDGING or _negated(token):
        return None
    if any(w.lemma_.lower() in DISAPPROVAL and not _negated(w) for w in _verdicts(token)):
        verdict = {"verdict": True}  # what it judges is an event of its own, not its content
        return Trigger(
            token, {token.i}, "ACCUSE", "disapprove", False, "pattern", token.lemma_, verdict
        )
    return None
