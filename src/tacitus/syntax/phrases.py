"""Noun phrases of the dependency parse: a role word's phrase, its coordinated words, and the
entity labels that make a phrase a participant.

Reads spaCy tokens only. Shared by `tacitus.syntax.roles` (which finds the role words of an
event), `tacitus.syntax.role_codes` (which codes them as actors), `tacitus.syntax.pronouns`
and `tacitus.lexicons.triggers` (who a wish or a causative asks to act).
"""

from __future__ import annotations

import re
from typing import Any

#: A US member of Congress's party and state after the name: "(D-Minn.)", "(R-Texas)".
_PARTY_TAG = re.compile(r" ?\(([DRI])-[A-Z][A-Za-z. ]{0,15}\)")

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


def titled_name(noun: Any) -> bool:
    """A proper noun with an article ("The Chronicle", "the Kremlin"): English gives a
    person's name none, so it names an organisation, a paper or a place, never a "he"."""
    return noun.pos_ == "PROPN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in noun.children
    )


def child_of(token: Any, *deps: str) -> Any | None:
    """The first child of a token attached by one of the dependency labels `deps`, or None."""
    return next((c for c in token.children if c.dep_ in deps), None)


def pobj_of(prep: Any) -> Any | None:
    """The object of a preposition, or None."""
    return child_of(prep, "pobj")


def to_infinitives(verb: Any) -> list[Any]:
    """The verb's clauses with "to" ("wants Trump to lift the tariffs", "wants to talk")."""
    return [
        c
        for c in verb.children
        if c.dep_ in ("ccomp", "xcomp")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


def infinitive_doers(verb: Any) -> list[Any]:
    """The doers the verb's to-infinitive names of its own: "wants Trump to lift the tariffs",
    "got Ukraine to investigate" (Trump, Ukraine), "would like to see China agree" (China,
    through "to see"); none when the doer is the verb's own subject ("wants to reopen talks")."""
    doers = []
    for clause in to_infinitives(verb):
        doers += [c for c in clause.children if c.dep_ == "nsubj"]
        if clause.lemma_.lower() == "see":
            seen = [c for c in clause.children if c.dep_ in ("ccomp", "xcomp")]
            doers += [d for c in seen for d in c.children if d.dep_ == "nsubj"]
    return doers


def blank_line(token: Any) -> bool:
    """Whether a token is the white space of a blank line: a paragraph break, which ends a
    sentence (`tacitus.stages.nlp`) and opens an entry of a list (`tacitus.stages.events`)."""
    return bool(token.is_space) and token.text.count("\n") >= 2


def ethnic(token: Any) -> bool:
    """Whether a demonym names an ethnic group ("ethnic Albanians in Serbia", "ethnic Albanian
    guerrillas"): a people who may live in any country, not the nationals of the country the
    word is formed from (coders give them the country where they live)."""
    i = token.i
    return (
        i > 0
        and token.doc[i - 1].lower_ == "ethnic"
        or any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in token.children)
    )


def party_tag_at(text: str, end: int) -> bool:
    """Whether a member of Congress's party tag follows a name ending at `end` ("Rep. Ilhan
    Omar (D-Minn.)"): the tag US news writing puts after a legislator's name."""
    return _PARTY_TAG.match(text, end) is not None


def in_party_tag(text: str, start: int) -> bool:
    """Whether a place begins a member of Congress's party tag ("(D-Minn.)"): the state the
    member represents, not where anything happens."""
    tag = _PARTY_TAG.match(text, max(0, start - 3))
    return tag is not None and tag.end(1) + 1 == start
