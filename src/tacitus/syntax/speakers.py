"""Speakers: the actor behind a quote's source phrase, for names, pronouns and descriptions.

Reads `article.doc`, `article.entities` (their `type` and `actor`) and `article.actors`
(`mentions`, `country`, `sector`); adds nothing itself: `quotes.attribute_quotes` calls
`speaker_of` for every source span. A name is its actor; a pronoun ("he", "she", "it") or a
definite description ("the Russian defense chief", "the ministry") is the nearest earlier
actor of a compatible kind (person or organisation) and, when the description names a
country, of that country. The pronouns are those of `lexicons/en/speaker_words.tsv`, the
nouns of persons by role those of `lexicons/en/cues_persons.txt`.
"""

from __future__ import annotations

from collections.abc import Sequence

from tacitus.core.article import Article, SpanIndex, actor_index, entity_index
from tacitus.core.resources import load_once, read_kinds, read_words

#: How far back (characters) an antecedent may be.
MAX_DISTANCE = 3000
#: How far back (characters) a subject mention is preferred to a nearer non-subject one.
SUBJECT_REACH = 600


@load_once
def person_nouns() -> frozenset[str]:
    """Nouns that name a person by role ("spokesman", "chief").

    Returns:
        The nouns of `lexicons/en/cues_persons.txt`, lower-cased.
    """
    return frozenset(word.lower() for word in read_words("lexicons/en/cues_persons.txt"))


@load_once
def speaker_words() -> dict[str, frozenset[str]]:
    """The pronouns that can stand for a speaker, `lexicons/en/speaker_words.tsv`.

    Returns:
        kind ("person_pronouns", "group_pronouns", "speaking_pronouns") -> its pronouns.
    """
    return read_kinds("lexicons/en/speaker_words.tsv")


def speaker_of(
    article: Article,
    source: tuple[int, int] | None,
    head: int | None,
    sources: Sequence[tuple[int, int]] = (),
) -> str | None:
    """The actor id of a quote's source phrase, or None when no actor fits.

    Args:
        article: the article, with `doc`, `entities` and `actors`.
        source: the source phrase's character span.
        head: the token index of the phrase's head word, when the parse gave one.
        sources: the article's other source phrases: an actor who spoke just before is the
            likeliest antecedent of "he" or "the minister".
    """
    if source is None or not article.actors:
        return None
    doc = article.doc
    if head is None or doc is None:
        actor = article.actor_at(*source)
        return actor["id"] if actor else None
    token = doc[head]
    named = article.actor_at(token.idx, token.idx + len(token))
    if named is not None:
        return str(named["id"])
    word = token.lower_
    if word in speaker_words()["person_pronouns"]:
        return _antecedent(article, source[0], True, None, sources)
    if word in speaker_words()["group_pronouns"]:
        return _antecedent(article, source[0], False, None, sources)
    if token.pos_ == "PROPN":  # a name: the actor it names, wherever the parse put its head
        named = article.actor_at(*source)
        if named is not None:
            return str(named["id"])
    if token.pos_ in ("NOUN", "PROPN"):
        country = _country_in(article, source)
        person = word in person_nouns()
        found = None
        if country:  # "the Italian leader": an actor of that country first
            found = _antecedent(article, source[0], person, country, sources, strict=True)
        found = found or _antecedent(article, source[0], person, country, sources)
        if found is None and not person:
            actor = article.actor_at(*source)  # "the Syrian military" is the military's actor
            return actor["id"] if actor else None
        return found
    return None


def _kinds(article: Article) -> dict[str, set[str]]:
    """Entity types each actor is mentioned as (PERSON, ORG, PLACE, NORP)."""
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


def _antecedent(
    article: Article,
    before: int,
    person: bool,
    country: str | None,
    sources: Sequence[tuple[int, int]],
    strict: bool = False,
) -> str | None:
    """The actor last mentioned before `before` that is (not) a person, not of another country
    than `country` (of that very country when `strict`); a mention as a clause's subject
    ("Putin addressed ...") or as a source ("Shoigu ... said") wins over a nearer one in an
    object ("... of Bashar al-Assad")."""
    kinds = _kinds(article)
    mentions = article.derived("actors", article.actors, actor_index)
    source_index = _source_index(article, sources)
    best: tuple[bool, int] | None = None
    best_id = None
    # only the mentions ending within reach: a window of the index, in actor then mention
    # order, so that ties go to the same actor as a scan of every mention would
    for start, end, _, actor in mentions.overlapping(before - MAX_DISTANCE - 1, before + 1):
        if not (end <= before and before - end <= MAX_DISTANCE):
            continue
        is_person = bool(actor.get("person")) or "PERSON" in kinds.get(actor["id"], set())
        if is_person != person:
            continue
        if country and (actor.get("country") or strict) and actor.get("country") != country:
            continue
        leading = _is_subject(article, start, end) or source_index.overlaps(start, end)
        key = (before - end <= SUBJECT_REACH and leading, end)
        if best is None or key > best:
            best, best_id = key, actor["id"]
    return str(best_id) if best_id is not None else None


def _source_index(article: Article, sources: Sequence[tuple[int, int]]) -> SpanIndex[None]:
    """The source phrases as an index, built once per list the quotes stage passes."""
    if not isinstance(sources, list):
        return SpanIndex((s, e, None) for s, e in sources)
    return article.derived(
        "speaker_sources", sources, lambda spans: SpanIndex((s, e, None) for s, e in spans)
    )


def _is_subject(article: Article, start: int, end: int) -> bool:
    span = article.doc.char_span(start, end, alignment_mode="expand") if article.doc else None
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _country_in(article: Article, span: tuple[int, int]) -> str | None:
    """The country a description names ("the Russian defense chief" -> RUS), if any."""
    index = article.derived("entities", article.entities, entity_index)
    for _, _, _, entity in index.overlapping(span[0], span[1]):
        if entity["start"] >= span[0] and entity["end"] <= span[1] and entity.get("actor"):
            actor = article.actor(entity["actor"])
            if actor and actor.get("country") and entity["type"] in ("NORP", "PLACE"):
                return str(actor["country"])
    return None
