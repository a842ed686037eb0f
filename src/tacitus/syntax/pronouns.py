"""Who a pronoun that plays a role stands for: the speaker of the quote it is in ("we"), the
last person who was a subject ("he"), the reporting subject ("the miners said they ..."), or
the nearest earlier subject that agrees with it.

Reads the spaCy tokens, the article's quotes (their contents and speakers) and its actors;
the pronouns by person and number (`lexicons/en/role_pronouns.tsv`) and the reporting verbs
(`lexicons/en/role_verbs.tsv`). Used by `tacitus.syntax.role_codes` and, for `antecedent`,
by the events stage (through `tacitus.syntax.roles`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tacitus.core.article import Actor, Article, Quote, SpanIndex
from tacitus.core.resources import read_kinds
from tacitus.syntax.coref import Mention, resolve
from tacitus.syntax.phrases import child_of, titled_name

_PRONOUNS = read_kinds("lexicons/en/role_pronouns.tsv")

#: Pronouns that, inside a quote, are its speaker ("we", "our").
FIRST_PERSON = _PRONOUNS["first_person"]

#: Pronouns of a single person ("he", "her").
THIRD_PERSON = _PRONOUNS["third_person"]

#: Pronouns of a group or a thing ("they", "it").
THIRD_PLURAL = _PRONOUNS["third_plural"]

#: The plural pronouns ("they", "them", "their").
PLURAL_PRONOUNS = _PRONOUNS["plural"]

#: The object pronouns, which binding principle B keeps apart from their clause's subject.
OBJECT_PRONOUNS = _PRONOUNS["object"]

#: The dependencies of an object: of a verb, or of a preposition.
OBJECT_DEPS = ("dobj", "pobj", "dative", "iobj")

#: The dependencies from an object pronoun up to its clause's verb.
_PATH_DEPS = (*OBJECT_DEPS, "prep")

#: Verbs whose subject is the antecedent of a pronoun subject of their complement.
REPORTING = read_kinds("lexicons/en/role_verbs.tsv")["reporting"]


def _quote_speaker(article: Article, position: int) -> Actor | None:
    # the quotes around one position, from an index built once per article
    contents = article.derived("quotes_by_content", article.quotes, _quote_index)
    for *_, quote in contents.overlapping(position, position + 1):
        if quote.get("speaker"):
            return article.actor(quote["speaker"])
    return None


def _quote_index(quotes: list[Quote]) -> SpanIndex[Quote]:
    spans = ((q.get("content") or (0, 0), q) for q in quotes)
    return SpanIndex((content[0], content[1], q) for content, q in spans)


def pronoun_actor(article: Article, token: Any) -> Actor | None:
    """The actor a pronoun stands for: "we" inside a quote is its speaker; "he" the last person
    who was a subject; otherwise the antecedent `tacitus.syntax.coref` finds. An object
    pronoun ("him", "her", "them") is never the subject of its own clause (binding principle
    B: "he had one meeting with him" is a meeting of two people), so for it that subject's
    actor is passed over, and so is, inside a quote, the speaker.

    Args:
        article: the article (its quotes, actors and entities).
        token: the pronoun's token.

    Returns:
        The actor, or None.
    """
    if token.lower_ in FIRST_PERSON:
        speaker = _quote_speaker(article, token.idx)
        if speaker is not None:
            return speaker
    barred = frozenset(_barred(article, token))
    if token.lower_ in THIRD_PERSON:
        subject_actor = _previous_subject(article, token)
        if subject_actor is not None and subject_actor["id"] not in barred:
            return subject_actor
    span = (token.idx, token.idx + len(token))
    found = resolve(article, Mention(span[0], span[1], token.i, barred=barred))
    return article.actor(found) if found else None


def _barred(article: Article, token: Any) -> Iterator[str]:
    """The actors a third-person pronoun cannot stand for: its clause's subject, for an object
    pronoun; inside the quotation marks of a direct quote, the speaker, who says "I" of
    himself ('Eerdekens said: "She can ask for it to be tested again"'; reported speech,
    "Volker said he had one meeting", says "he")."""
    subject_id = _clause_subject(article, token)
    if subject_id is not None:
        yield subject_id
    if token.lower_ in THIRD_PERSON | THIRD_PLURAL:
        if not inside_marks(article.text, token.idx):
            return  # reported speech says "he" of its speaker
        contents = article.derived("quotes_by_content", article.quotes, _quote_index)
        for *_, quote in contents.overlapping(token.idx, token.idx + 1):
            if quote.get("speaker"):
                yield str(quote["speaker"])


def inside_marks(text: str, position: int) -> bool:
    """Whether a position is inside quotation marks: its paragraph opens more curly marks than
    it closes before it, or an odd number of straight ones (a quote that runs on to the next
    paragraph opens that paragraph with a mark again)."""
    before = text[text.rfind("\n", 0, position) + 1 : position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _clause_subject(article: Article, token: Any) -> str | None:
    """For an object pronoun, the actor of the subject of its own clause: the first verb above
    it, through the prepositions and nouns it hangs on ("with him" on "meeting", the object
    of "had"), and that verb's own subject ("he"). None for a subject, a possessive ("his
    own account" is his) or a clause with no subject of its own ("asked her to help him")."""
    if token.dep_ not in OBJECT_DEPS or token.lower_ not in OBJECT_PRONOUNS:
        return None
    verb = token
    while verb.dep_ in _PATH_DEPS and verb.head is not verb:
        verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and verb.dep_ not in ("dobj", "pobj"):
            break  # a clause's verb; a gerund that is an object ("had one meeting") is a noun
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = child_of(verb, "nsubj")
    if subject is None or subject is token:
        return None
    if subject.pos_ == "PRON":
        actor = pronoun_actor(article, subject)
    else:
        actor = article.actor_at(subject.idx, subject.idx + len(subject))
    return str(actor["id"]) if actor else None


def _previous_subject(article: Article, token: Any) -> Actor | None:
    """ "He" is most often the last person who was the subject of a clause before it."""
    doc = token.doc
    first = max(0, token.sent.start - 120)
    for previous in reversed(doc[first : token.i]):
        if previous.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if titled_name(previous):
            continue  # "The Chronicle says he ...": a name with an article names no person
        found = article.actor_at(previous.idx, previous.idx + len(previous))
        # a person by the parser's label, or by the article's actor when the parser took the
        # surname for something else ("Volker" as an organisation)
        misread = previous.pos_ == "PROPN" and bool(found and found.get("person"))
        if found is not None and (previous.ent_type_ == "PERSON" or misread):
            return found
    return None


def reporting_subject(pronoun: Any, article: Article | None = None) -> Any | None:
    """The subject of the verb of saying a pronoun's clause reports ("Palestinian leaders said
    they would boycott ...": "they" are the leaders).

    Args:
        pronoun: a pronoun token, subject of a reported clause.
        article: the article, when its actors may tell that a name is a person's.

    Returns:
        The reporting verb's subject (not itself a pronoun), or None.
    """
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.lower_ in FIRST_PERSON:
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING:
        return None
    reporter = child_of(clause.head, "nsubj")
    if reporter is None or reporter.pos_ == "PRON":
        return None
    if not _agrees(reporter, pronoun.lower_) and not _a_person(article, reporter, pronoun):
        return None  # "the paper says he was arrested": the paper is no "he"
    return reporter


def _a_person(article: Article | None, noun: Any, pronoun: Any) -> bool:
    """Whether "he" or "she" can stand for a name the parser did not take for a person's
    ("Sondland has said he has spoken ..."): the article's actor there is a person."""
    if article is None or pronoun.lower_ not in THIRD_PERSON or noun.pos_ != "PROPN":
        return False
    if titled_name(noun):
        return False  # "The Chronicle says he ...": a name with an article names no person
    found = article.actor(resolve(article, Mention(noun.idx, noun.idx + len(noun), noun.i)))
    return bool(found and found.get("person"))  # the surname of a person named in full


def antecedent(pronoun: Any) -> Any | None:
    """The noun phrase a third-person pronoun stands for: the reporting subject ("the miners
    said they ..."), else the nearest earlier subject of the same or the previous sentence
    that agrees with it in number ("they": a plural noun or a group's name; "it": a singular
    noun that is no person).

    Args:
        pronoun: a token.

    Returns:
        The antecedent's token; None for other words or when none agrees.
    """
    lower = pronoun.lower_
    if pronoun.pos_ != "PRON" or lower not in THIRD_PERSON | THIRD_PLURAL:
        return None
    reporter = reporting_subject(pronoun)
    if reporter is not None:
        return reporter
    sent = pronoun.sent
    first = sent.start
    if first > 0:
        first = pronoun.doc[first - 1].sent.start
    for previous in reversed(pronoun.doc[first : pronoun.i]):
        if previous.dep_ in ("nsubj", "nsubjpass") and _agrees(previous, lower):
            return previous
    return None


def _agrees(noun: Any, pronoun: str) -> bool:
    """A subject a pronoun can stand for: "they" a plural or a group, "it" a thing or a
    group, "he"/"she" a person."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    plural = noun.tag_ in ("NNS", "NNPS") or bool(noun.conjuncts)  # "X and Y ... they"
    group = noun.ent_type_ in ("ORG", "NORP", "GPE")
    if pronoun in PLURAL_PRONOUNS:
        return plural or group
    if pronoun in THIRD_PERSON:
        return not plural and noun.ent_type_ in ("PERSON", "") and not titled_name(noun)
    return not plural and noun.ent_type_ != "PERSON"
