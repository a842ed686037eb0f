"""Offices and names: what the coreference rules know of the article's named persons.

The title words each named person bears (in a mention, in front of it, in apposition:
"Republican Gov. Eric Holcomb", "Alex Azar, the health secretary"), the named holder of the
office a description names ("the governor" -> "Gov. Eric Holcomb"), the possessor of a
description ("Morrison's lawyer"), whether a description is indefinite ("a senior official":
somebody new), and whether an actor is named at all. Abbreviated titles are those of
`lexicons/en/coref_titles.tsv`, the indefinite determiners those of
`lexicons/en/coref_words.tsv`. Used by `tacitus.syntax.coref`.

Reads `article.doc`, `article.entities` and `article.actors`; adds nothing.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.core.article import Article
from tacitus.lexicons.cues import coref_words, title_abbreviations
from tacitus.syntax import speakers
from tacitus.syntax.speakers import MAX_DISTANCE

__all__ = [
    "indefinite",
    "is_named",
    "name_words",
    "office_holder",
    "owner",
    "title_word",
    "titles",
]

Span = tuple[int, int]

_WORD = re.compile(r"[^\W_]+")


def is_named(article: Article, actor_id: str) -> bool:
    """Whether an actor is mentioned by a name (a PERSON or ORG entity), not only described."""
    return actor_id in article.derived("coref_named", article.entities, _named_actors)


def _named_actors(entities: list[Any]) -> frozenset[str]:
    return frozenset(
        e["actor"] for e in entities if e.get("actor") and e["type"] in ("PERSON", "ORG")
    )


def name_words(text: str) -> list[str]:
    """A name's words, case-folded, without a possessive "s"."""
    return [w for w in _WORD.findall(text.casefold()) if w != "s"]


def indefinite(token: Any) -> bool:
    """Whether a description is indefinite ("a", "another", "one"): English introduces a new
    referent with it, so it never stands for somebody the article named before."""
    words = coref_words()["indefinite"]
    return any(c.dep_ in ("det", "nummod") and c.lower_ in words for c in token.lefts)


def office_holder(
    article: Article, token: Any, mention: Span, after_only: bool = False
) -> str | None:
    """The named person the article gives the office a description names ("the governor" ->
    "Gov. Eric Holcomb"): most shared title words first, then before it, then nearest; only
    after it for an indefinite description ("a transit chief said ... Ed Alvarez, the transit
    chief")."""
    office = title_word(token)
    modifiers = {
        title_word(t)
        for t in token.lefts
        if t.dep_ in ("amod", "compound", "nmod") and t.is_alpha and t.ent_type_ == ""
    }
    # "Morrison's lawyer" is the lawyer of Morrison, not "Trump's lawyer, Rudy Giuliani"
    possessor = owner(token)
    owners = set(name_words(possessor.text)) if possessor is not None else set()
    country = speakers.country_in(article, mention)
    best: tuple[int, bool, int] | None = None
    best_id = None
    for actor_id, held in titles(article).items():
        if office not in held or not owners <= held:
            continue
        actor = article.actor(actor_id)
        if actor is None or (country and actor.get("country") not in (None, country)):
            continue
        for start, end in actor["mentions"]:
            before = end <= mention[0]
            distance = mention[0] - end if before else start - mention[1]
            if distance < 0 or distance > MAX_DISTANCE or before and after_only:
                continue
            key = (len(modifiers & held), before, -distance)
            if best is None or key > best:
                best, best_id = key, actor_id
    return best_id


def owner(token: Any) -> Any | None:
    """The person or organisation named as a description's possessor ("Morrison's lawyer")."""
    for child in token.children:
        if child.dep_ == "poss" and child.ent_type_ in ("PERSON", "ORG"):
            return child
    return None


def title_word(token: Any) -> str:
    """A title word as the office it names ("Gov." -> "governor", "ministers" -> "minister")."""
    lower = token.lower_
    return title_abbreviations().get(lower) or (
        token.lemma_.lower() if token.pos_ == "NOUN" else lower
    )


def titles(article: Article) -> dict[str, frozenset[str]]:
    """The title words of every named person: in their mentions, in front of them and in
    apposition to them ("Republican Gov. Eric Holcomb", "Alex Azar, the health secretary")."""
    return article.derived("coref_titles", article.actors, lambda _: _build_titles(article))


def _build_titles(article: Article) -> dict[str, frozenset[str]]:
    doc, kinds = article.doc, speakers.actor_kinds(article)
    found: dict[str, frozenset[str]] = {}
    if doc is None:
        return found
    for actor in article.actors:
        if not (actor.get("person") or "PERSON" in kinds.get(actor["id"], set())):
            continue
        if not is_named(article, actor["id"]):
            continue
        words: set[str] = set()
        for start, end in actor["mentions"]:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            tokens = list(span) + [t for t in root.lefts if t.i < span.start]
            for child in root.children:
                if child.dep_ == "appos":
                    tokens += [child, *child.lefts]
            if root.dep_ == "appos":
                tokens += [root.head, *root.head.lefts]
            words.update(title_word(t) for t in tokens if t.is_alpha or t.text.endswith("."))
        found[actor["id"]] = frozenset(words)
    return found
