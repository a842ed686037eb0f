"""Speakers the actors stage did not find: a quote's source is somebody, so it is an actor.

The source of a quote names or describes its speaker. When the phrase is no actor and refers
to none (`tacitus.syntax.coref` found nobody: a name the tagger missed, "Kan reported";
people described only there, "trade experts said", "a second person briefed on the call
said"), the speaker is an actor of its own, named by the phrase's words without its
determiner. One actor per name in an article: "the physicians" twice is one speaker. A
pronoun ("he", "they", "who") is never a name; nor is a document ("the report said": its
author speaks; `document` in `lexicons/en/coref_words.tsv`). The actor's country is the one
a demonym or place inside the phrase gives ("a senior Iranian official"), else none: no
default. Such an actor has `source: "speaker"` and follows the actors stage's actors in
`article.actors` (numbered after them).

Reads `article.doc`, `article.entities` and `article.actors`; adds to `article.actors`.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Actor, Article
from tacitus.lexicons.cues import coref_words, person_nouns, speaker_words
from tacitus.syntax.speakers import SPEAKER_SOURCE, country_in

__all__ = ["speaker_actor"]


def speaker_actor(article: Article, source: tuple[int, int], head: int | None) -> str | None:
    """The actor a quote's source phrase is when it resolves to no actor: made, or the one
    made before for the same name.

    Args:
        article: the article, with `doc` and `actors`.
        source: the source phrase's character span.
        head: the token index of the phrase's head word, or None.

    Returns:
        The actor id, or None when the phrase names nobody (a pronoun, a document).
    """
    doc = article.doc
    if doc is None or head is None:
        return None
    token = doc[head]
    if not _names_somebody(token):
        return None
    words = _name_tokens(doc, source, token)
    if not words:
        return None
    span = (words[0].idx, words[-1].idx + len(words[-1]))
    name = " ".join(article.text[span[0] : span[1]].split())
    key = name.casefold()
    for known in article.actors:
        if known.get("source") == SPEAKER_SOURCE and known["name"].casefold() == key:
            if list(span) not in known["mentions"]:
                article.add_mentions(known, [list(span)])
            return known["id"]
    actor: Actor = {
        "id": f"A{_next_number(article.actors)}",
        "name": name,
        "country": country_in(article, span),
        "sector": None,
        "kb_id": None,
        "source": SPEAKER_SOURCE,
        "person": _is_person(token),
        "mentions": [list(span)],
    }
    article.add_actor(actor)
    return actor["id"]


def _names_somebody(token: Any) -> bool:
    """Whether a source's head names or describes somebody: a name or a common noun that is
    neither a pronoun nor a document."""
    if token.pos_ not in ("PROPN", "NOUN"):
        return False
    pronouns = speaker_words()
    if token.lower_ in pronouns["person_pronouns"] | pronouns["group_pronouns"]:
        return False
    return _lemma(token) not in coref_words()["document"]


def _name_tokens(doc: Any, source: tuple[int, int], head: Any) -> list[Any]:
    """The phrase's words up to its head and the words after it that qualify it ("a second
    person briefed on the call"), without a leading determiner or punctuation."""
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None:
        return []
    tokens = [t for t in span if not t.is_space]
    leading = coref_words()["determiner"]
    while tokens and (tokens[0].lower_ in leading or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens if head in tokens else []


def _is_person(token: Any) -> bool:
    """A person: a noun of a person by role ("a trade expert"), or a name the tagger took for
    a person's or gave no type (quoted sources are mostly people named by surname)."""
    if token.pos_ == "PROPN":
        return token.ent_type_ in ("PERSON", "")
    return _lemma(token) in person_nouns()


def _lemma(token: Any) -> str:
    return str(token.lemma_.lower())


def _next_number(actors: list[Actor]) -> int:
    numbers = [int(a["id"][1:]) for a in actors if a["id"][1:].isdigit()]
    return max(numbers, default=0) + 1
