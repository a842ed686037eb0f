"""Speakers: what resolving a source phrase needs to know of the article's actors.

Reads `article.doc`, `article.entities` (their `type` and `actor`) and `article.actors`
(`mentions`, `country`, `person`); adds nothing. The entity types each actor is mentioned as
(`actor_kinds`), the country a description names (`country_in`), the root word of a mention
(`root_of`), and the nearest earlier actor of a kind and country (`nearest`: "the ministry",
"the Russian defense chief"). The resolution itself, over the whole article, is
`tacitus.syntax.coref` (`speaker_of`, `resolve`). The pronouns are those of
`lexicons/en/speaker_words.tsv`, the nouns of persons by role those of
`lexicons/en/cues_persons.txt` (loaded by `tacitus.lexicons.cues`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tacitus.core.article import Actor, Article, SpanIndex, entity_index
from tacitus.lexicons.cues import person_nouns, speaker_words

__all__ = [
    "MAX_DISTANCE",
    "SPEAKER_SOURCE",
    "SUBJECTS",
    "SUBJECT_REACH",
    "actor_kinds",
    "country_in",
    "inside",
    "nearest",
    "person_nouns",
    "root_of",
    "span_index",
    "speaker_words",
]

Span = tuple[int, int]

#: `source` of an actor the quotes stage made from a quote's source phrase, which named or
#: described somebody no actor was ("trade experts said"): a description, not a name.
SPEAKER_SOURCE = "speaker"

#: How far back (characters) an antecedent may be; also how far ahead a named office holder.
MAX_DISTANCE = 3000

#: The key of `capitalised_by_lemma`'s index in a parse's `user_data`.
_CAPITALISED = "tacitus.coref.capitalised"
#: How far back (characters) a subject mention is preferred to a nearer non-subject one.
SUBJECT_REACH = 600
#: The dependencies of a clause's subject.
SUBJECTS = ("nsubj", "nsubjpass")


def actor_kinds(article: Article) -> dict[str, set[str]]:
    """Entity types each actor is mentioned as (PERSON, ORG, PLACE, NORP), once per article.

    Args:
        article: the article, with `entities` and `actors`.

    Returns:
        actor id -> its entity types.
    """
    # once per article: it is asked for every quote (entities are final after the actors)
    return article.derived(
        f"kinds:{id(article.actors)}", article.entities, lambda _: _build_kinds(article)
    )


def _build_kinds(article: Article) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for entity in article.entities:
        if actor := entity.get("actor"):
            kinds.setdefault(actor, set()).add(entity["type"])
    return kinds


def is_person(article: Article, actor: Actor) -> bool:
    """Whether an actor is a person (flagged so, or mentioned as a PERSON entity)."""
    return bool(actor.get("person")) or "PERSON" in actor_kinds(article).get(actor["id"], set())


def nearest(
    article: Article,
    mentions: SpanIndex[Actor],
    before: int,
    quote: Span | None,
    person: bool,
    country: str | None,
    sources: Sequence[Span],
    strict: bool = False,
) -> str | None:
    """The actor last mentioned before a description that is (not) a person, not of another
    country than `country` (of that very country when `strict`); a mention as a clause's
    subject ("Putin addressed ...") or as a source ("Shoigu ... said") wins over a nearer one
    in an object ("... of Bashar al-Assad").

    Args:
        article: the article.
        mentions: the actors' mentions to look among.
        before: where the description starts.
        quote: the words the description is the source of (never looked at), or None.
        person: whether a person is wanted.
        country: the country the description names, or None.
        sources: the article's source phrases.
        strict: only an actor of that very country.

    Returns:
        The actor id, or None.
    """
    source_index = span_index(article, sources)
    best: tuple[bool, int] | None = None
    best_id = None
    # only the mentions ending within reach: a window of the index, in actor then mention
    # order, so that ties go to the same actor as a scan of every mention would
    for start, end, _, actor in mentions.overlapping(before - MAX_DISTANCE - 1, before + 1):
        if not (end <= before and before - end <= MAX_DISTANCE):
            continue
        if quote and inside((start, end), quote):
            continue
        if is_person(article, actor) != person:
            continue
        if country and (actor.get("country") or strict) and actor.get("country") != country:
            continue
        root = root_of(article, start, end)
        leading = (root is not None and root.dep_ in SUBJECTS) or source_index.overlaps(start, end)
        key = (before - end <= SUBJECT_REACH and leading, end)
        if best is None or key > best:
            best, best_id = key, actor["id"]
    return str(best_id) if best_id is not None else None


def span_index(article: Article, spans: Sequence[Span]) -> SpanIndex[None]:
    """Spans (source phrases, quoted passages) as an index, built once per list passed.

    Args:
        article: the article (which keeps the index while the list is the same).
        spans: the spans.

    Returns:
        The index.
    """
    if not isinstance(spans, list):
        return SpanIndex((s, e, None) for s, e in spans)
    return article.derived(
        f"speaker_spans:{id(spans)}", spans, lambda given: SpanIndex((s, e, None) for s, e in given)
    )


def root_of(article: Article, start: int, end: int) -> Any | None:
    """The root token of a mention's span, or None."""
    span = article.doc.char_span(start, end, alignment_mode="expand") if article.doc else None
    return span.root if span is not None and len(span) else None


def inside(inner: Span, outer: Span) -> bool:
    """Whether one span lies within another."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def country_in(article: Article, span: Span) -> str | None:
    """The country a description names ("the Russian defense chief" -> RUS), if any.

    Args:
        article: the article.
        span: the description's span.

    Returns:
        The ISO code of the country of a demonym or place inside it, or None.
    """
    index = article.derived("entities", article.entities, entity_index)
    for _, _, _, entity in index.overlapping(span[0], span[1]):
        if entity["start"] >= span[0] and entity["end"] <= span[1] and entity.get("actor"):
            actor = article.actor(entity["actor"])
            if actor and actor.get("country") and entity["type"] in ("NORP", "PLACE"):
                return str(actor["country"])
    return None


def capitalised_by_lemma(doc: Any) -> dict[str, list[int]]:
    """The positions of the capitalised words inside sentences, by lemma: where a name may
    repeat a description's head. Made once per parse (kept in `doc.user_data`).

    Args:
        doc: a parse.

    Returns:
        Lemma -> the indices of its capitalised tokens, in order.
    """
    found: dict[str, list[int]] | None = doc.user_data.get(_CAPITALISED)
    if found is None:
        found = {}
        for token in doc:
            if token.is_title and not token.is_sent_start:
                found.setdefault(token.lemma_.lower(), []).append(token.i)
        doc.user_data[_CAPITALISED] = found
    return found
