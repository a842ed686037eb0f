"""Noun phrases of the dependency parse: a role word's phrase, its coordinated words, and the
entity labels that make a phrase a participant.

Reads spaCy tokens only. Shared by `tacitus.syntax.roles` (which finds the role words of an
event), `tacitus.syntax.role_codes` (which codes them as actors) and
`tacitus.syntax.pronouns`.
"""

from __future__ import annotations

from typing import Any

#: Dependents cut off a role phrase: its clauses and prepositional tails.
PHRASE_CUT = {"relcl", "acl", "prep", "punct", "cc", "conj", "advcl", "appos", "parataxis"}

#: Entity labels that are participants.
PARTICIPANTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}

#: Entity labels that are never participants.
NOT_ROLES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}


def phrase_span(token: Any) -> tuple[int, int]:
    """Characters of the noun phrase headed by `token`, without clauses and prepositions.

    Args:
        token: the phrase's head (a spaCy token).

    Returns:
        (start, end) character offsets in the document.
    """
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
    """The token and the tokens coordinated with it ("Russia, Iran and Turkey").

    Args:
        token: a spaCy token, or None.

    Returns:
        The token and its later conjuncts; [] for None.
    """
    if token is None:
        return []
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def child_of(token: Any, *deps: str) -> Any | None:
    """The first child of a token attached by one of the dependency labels `deps`, or None."""
    return next((c for c in token.children if c.dep_ in deps), None)


def pobj_of(prep: Any) -> Any | None:
    """The object of a preposition, or None."""
    return child_of(prep, "pobj")
