"""Coreference by rules: the actor a mention names or refers to, over the whole article.

No coreference model installs here, so a mention is resolved with rules of English and of
news writing over the dependency parse and the article's actors:

- **A name** is the actor one of whose mentions it is; a name no mention covers ("Sondland"
  after "Ambassador Gordon Sondland") is the actor whose name or mention ends with the same
  word and holds its other words (news writing names a person in full once, then by surname).
  A name no actor bears resolves to nothing, never to an unrelated actor nearby.
- **A phrase with a name in apposition** ("another diplomat, former envoy Kurt Volker") is
  the name's actor: the speaker's most specific name.
- **A role description** ("the governor", "Austria's interior minister", "a transit chief")
  is the named person the article gives that office ("Gov. Eric Holcomb", "Interior Minister
  Wolfgang Peschorn"), the one whose other title words the description shares first, then the
  nearest before it, then after it (a lead names the office, the next paragraph the person).
  Abbreviated titles are those of `lexicons/en/coref_titles.tsv`.
- **An office, a spokesperson or a campaign of somebody** ("his office said") speaks for its
  principal; **a member, an organ or a document of an organisation** ("the chairman of the
  party", "the manual of the agency") with no named holder speaks for the organisation
  (the kinds `proxy` and `part` of `lexicons/en/coref_words.tsv`).
- **A pronoun** ("he", "she", "they", "it") is the most salient compatible actor before it,
  after Lappin and Leass (1994): a speaker or the subject of a main clause weighs more than
  the subject of a subordinate clause, which weighs more than any other mention, and each
  sentence further back halves the weight. The words a pronoun is the source of are never
  its antecedent ('"... Ambassador Volker ...," she said'). "He" and "she" take a person whose
  titles do not tell the other gender (`coref_words.tsv`: male, female); "they" a group, or
  people named together ("Holcomb and GOP leaders ... they"). An object pronoun is never
  the subject of its own clause (binding principle B: in "he had a meeting with him" they
  are two people), nor, inside a quote, its speaker (who would say "I"); the caller bars
  them through `Mention.barred`.
- **A description of an organisation repeating an earlier name's head** ("the ministry"
  after "the Interior Ministry") is that name's actor (the strict head match of rule-based
  coreference). **An indefinite description of a person** ("a senior official", "one trade
  expert") introduces somebody new: never an actor named before it (a holder of its office named
  after it may be it: a lead names the office, the next paragraph the person). **Any other
  description** ("the Russian defense chief") is its own actor, or the nearest earlier actor
  of its kind (a person or not) and of the country it names.

Reads `article.doc`, `article.entities` (their `type` and `actor`) and `article.actors`
(`mentions`, `name`, `person`, `country`); adds nothing. `resolve` is the entry point; the
quotes stage calls it for every source phrase through `speaker_of`, and the events stage for
pronouns (through `tacitus.syntax.pronouns`) and, through `organisation_described`, for
definite descriptions of organisations in its roles ("defended the party's actions"). The
helpers it shares with them (an actor's kinds, the nearest earlier actor of a kind) are in
`tacitus.syntax.speakers`.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tacitus.core.article import Actor, Article, SpanIndex
from tacitus.lexicons.cues import coref_words, person_nouns, speaker_words
from tacitus.syntax import offices, speakers
from tacitus.syntax.phrases import titled_name
from tacitus.syntax.speakers import MAX_DISTANCE, SUBJECTS

Span = tuple[int, int]

#: Salience of a mention by its role (Lappin and Leass): the source of a quote, the subject
#: of a main clause, of another clause, any other mention.
SPEAKER_WEIGHT, MAIN_SUBJECT_WEIGHT, SUBJECT_WEIGHT, OTHER_WEIGHT = 100.0, 80.0, 60.0, 40.0
#: What a mention's salience keeps for every sentence between it and the pronoun.
SENTENCE_DECAY = 0.5

#: Entity labels of spaCy's names that may name an actor (it takes some surnames for places).
_NAMED = ("PERSON", "ORG", "GPE", "NORP")
#: Dependents of a description's head that name whom it describes: an apposition, a name
#: coordinated with it ("Holcomb and GOP leaders"), a name modifying it.
NAMING_DEPS = ("appos", "conj", "nmod")


@dataclass(frozen=True)
class Mention:
    """A phrase to resolve.

    Attributes:
        start, end: its character span in `article.text`.
        head: the token index of its head word, when the parse gave one.
        quote: the words the phrase is the source of: never its own antecedent.
        barred: actors the phrase cannot be: for an object pronoun, the subject of its own
            clause ("he met him": two people); for "he" or "she" inside a quote, its speaker
            (who would say "I").
    """

    start: int
    end: int
    head: int | None = None
    quote: Span | None = None
    barred: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Talk:
    """What the quotes stage knows of who speaks where: the source phrases and the quoted
    passages of the article."""

    sources: Sequence[Span] = ()
    quoted: Sequence[Span] = ()


def resolve(
    article: Article,
    mention: Mention,
    sources: Sequence[Span] = (),
    quoted: Sequence[Span] = (),
) -> str | None:
    """The id of the actor a phrase names or refers to, or None when no actor fits.

    Args:
        article: the article, with `doc`, `entities` and `actors`.
        mention: the phrase, its head and the words it is the source of.
        sources: the article's source phrases: a speaker is the likeliest antecedent of the
            next "he" or "the minister".
        quoted: the article's quoted passages: a pronoun outside them never stands for
            somebody named only inside somebody's words.

    Returns:
        An actor id, or None.
    """
    return _resolve(article, mention, _Talk(sources, quoted))


def speaker_of(
    article: Article,
    source: Span | None,
    head: int | None,
    sources: Sequence[Span] = (),
    content: Span | None = None,
    quoted: Sequence[Span] = (),
) -> str | None:
    """The actor id of a quote's source phrase (`resolve` with the quote's words), or None.

    Args:
        article: the article, with `doc`, `entities` and `actors`.
        source: the source phrase's character span.
        head: the token index of the phrase's head word, when the parse gave one.
        sources: the article's source phrases.
        content: what the quote says: nobody named inside it is its speaker's antecedent.
        quoted: the article's quoted passages.

    Returns:
        The actor id, or None.
    """
    if source is None:
        return None
    return resolve(article, Mention(source[0], source[1], head, content), sources, quoted)


def _resolve(article: Article, mention: Mention, talk: _Talk) -> str | None:
    if not article.actors:
        return None
    doc = article.doc
    if mention.head is None or doc is None:
        actor = article.actor_at(mention.start, mention.end)
        return actor["id"] if actor else None
    token = doc[mention.head]
    word = token.lower_
    pronouns = speaker_words()
    if word in pronouns["person_pronouns"] | pronouns["group_pronouns"]:
        return _pronoun(article, token, mention, talk)
    own = article.actor_at(token.idx, token.idx + len(token))
    if _is_name(token):
        if own is not None:
            return str(own["id"])
        found = _by_name(article, token)
        if found is None and (actor := article.actor_at(mention.start, mention.end)):
            found = str(actor["id"])
        return found
    if own is not None and offices.is_named(article, own["id"]):
        return str(own["id"])
    if token.pos_ in ("NOUN", "PROPN"):
        return _description(article, token, mention, talk, own)
    return str(own["id"]) if own else None


# --------------------------------------------------------------------------- names


def _is_name(token: Any) -> bool:
    """A proper name: a proper noun that is no title word ("Ambassador" heads no name)."""
    return bool(token.pos_ == "PROPN" and token.lower_ not in person_nouns())


def _by_name(article: Article, token: Any) -> str | None:
    """The actor whose name (or a mention) ends with the name's last word and holds its other
    words; of several, the one mentioned nearest before it, else nearest after."""
    last = offices.name_words(token.text)
    if not last:
        return None
    compounds = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    wanted = {w for t in [*compounds, token] for w in offices.name_words(t.text)}
    # the whole name first ("Luz Arroyo"), then its last word alone ("Ambassador Sondland")
    return _named(article, token, wanted, last[-1]) or _named(article, token, {last[-1]}, last[-1])


def _named(article: Article, token: Any, wanted: set[str], last: str) -> str | None:
    best: tuple[bool, int] | None = None
    best_id = None
    for actor, held in _surnames(article).get(last, ()):
        if not wanted <= held:
            continue
        for start, end in actor["mentions"] or [[token.idx, token.idx]]:
            before = end <= token.idx
            key = (before, -abs(token.idx - (end if before else start)))
            if best is None or key > best:
                best, best_id = key, actor["id"]
    return str(best_id) if best_id is not None else None


def _surnames(article: Article) -> dict[str, list[tuple[Actor, frozenset[str]]]]:
    """Every actor by the last word of its name and of each mention, with all their words."""

    def enter(table: _Surnames, actor: Actor, spans: list[list[int]]) -> None:
        _enter(article, table, actor)

    def build(actors: list[Actor]) -> _Surnames:
        table: _Surnames = {}
        for actor in actors:
            enter(table, actor, actor["mentions"])
        return table

    return article.derived("coref_surnames", article.actors, build, enter)


_Surnames = dict[str, list[tuple[Actor, frozenset[str]]]]


def _enter(article: Article, table: _Surnames, actor: Actor) -> None:
    """Enter an actor under its last words; an actor entered before (with fewer mentions) is
    entered anew in the same place."""
    forms = [actor.get("name") or ""] + [article.text[s:e] for s, e in actor["mentions"]]
    found = [offices.name_words(form) for form in forms]
    held = frozenset(w for f in found for w in f)
    for last in {f[-1] for f in found if f}:
        entries = table.setdefault(last, [])
        at = next((i for i, (known, _) in enumerate(entries) if known is actor), None)
        if at is None:
            entries.append((actor, held))
        else:
            entries[at] = (actor, held)


def _near(article: Article, lo: int, hi: int) -> SpanIndex[Actor]:
    """The actors' mentions overlapping [lo, hi), and the names there that no mention covers
    but that name an actor ("Sondland" after "Gordon Sondland"); built for the window a
    mention looks back over, so that resolving every mention stays linear in the length."""
    covered = article.mention_index()
    found = SpanIndex((s, e, actor) for s, e, _, actor in covered.overlapping(lo, hi))
    starts, names, longest = _names(article)
    known: dict[int, Actor | None] = article.derived("coref_names_of", article.actors, _memo)
    for token in names[bisect_right(starts, lo - longest) : bisect_left(starts, hi)]:
        span = (token.idx, token.idx + len(token))
        if not (span[0] < hi and lo < span[1]) or covered.overlaps(*span):
            continue
        if token.i not in known:
            known[token.i] = article.actor(_by_name(article, token))
        named = known[token.i]
        if named is not None:
            found.add(span[0], span[1], named)
    return found


def _memo(_: list[Actor]) -> dict[int, Actor | None]:
    return {}


def _names(article: Article) -> tuple[list[int], list[Any], int]:
    """The article's single-word names (not part of a compound) of the entity types that
    name actors, with their first characters, in order, and the longest's length (once per
    article)."""

    def build(_: list[Any]) -> tuple[list[int], list[Any], int]:
        names = [
            t
            for t in article.doc or ()
            if t.dep_ != "compound" and _is_name(t) and t.ent_type_ in _NAMED
        ]
        return [t.idx for t in names], names, max((len(t) for t in names), default=0)

    return article.derived("coref_names", article.entities, build)


# --------------------------------------------------------------------------- descriptions


def _description(
    article: Article, token: Any, mention: Mention, talk: _Talk, own: Actor | None
) -> str | None:
    """A common-noun phrase: the name in apposition, the named holder of the office, the
    principal of a proxy, the organisation of a part, its own actor, or an antecedent."""
    for child in token.children:
        # "another diplomat, envoy Kurt Volker"; "Holcomb and GOP leaders": the name
        if child.dep_ in NAMING_DEPS and _is_name(child) and child.ent_type_ == "PERSON":
            apposed = article.actor_at(child.idx, child.idx + len(child))
            if apposed is not None:
                return str(apposed["id"])
            if (by_name := _by_name(article, child)) is not None:
                return by_name
    lemma = token.lemma_.lower()
    person = lemma in person_nouns() or token.lower_ in person_nouns()
    plural = token.tag_ in ("NNS", "NNPS")
    # "a senior official", "one trade expert": somebody new, not anybody named before ("a
    # statement", "a policy" stand for their author, who may be)
    new = person and offices.indefinite(token) or _bare_plural(token)
    if person and not plural:
        span = (mention.start, mention.end)
        holder = offices.office_holder(article, token, span, after_only=new)
        if holder is not None:
            return holder
    words = coref_words()
    if lemma in words["proxy"] or token.lower_ in words["proxy"]:
        principal = _principal(article, token, mention, talk)
        if principal is not None:
            return principal
    if not person and (named := _same_head(article, token, mention)) is not None:
        return named
    if own is not None:
        return str(own["id"])
    if lemma in _parts() or token.lower_ in _parts():
        whole = _organisation_of(article, token)
        if whole is not None:
            return whole
    if new or person and (plural or offices.owner(token) is not None):
        # "trade experts", "White House advisers": new people, no one earlier; "Morrison's
        # lawyer" is Morrison's, not the last person named
        return None
    country = speakers.country_in(article, (mention.start, mention.end))
    found = None
    if country:  # "the Italian leader": an actor of that country first
        found = _antecedent(article, mention, person, country, talk, strict=True)
    found = found or _antecedent(article, mention, person, country, talk)
    if found is None and not person:
        actor = article.actor_at(mention.start, mention.end)  # "the Syrian military"
        return actor["id"] if actor else None
    return found


def _principal(article: Article, token: Any, mention: Mention, talk: _Talk) -> str | None:
    """Whom a proxy speaks for: its possessor ("his office", "the party's spokesman")."""
    for child in token.children:
        if child.dep_ != "poss":
            continue
        span = (child.idx, child.idx + len(child))
        inner = Mention(span[0], span[1], child.i, mention.quote)
        if child.pos_ == "PRON":
            return _pronoun(article, child, inner, talk)
        return _resolve(article, inner, talk)
    return None


def organisation_described(article: Article, token: Any) -> str | None:
    """The actor of an organisation a definite description stands for by repeating the head
    of its name ("the party" after "the Conservative Party", "the committee" after "the House
    Intelligence Committee"): the strict head match, for a role word of an event. A person
    noun ("the minister") and an indefinite or bare noun ("a party", "parties") do not.

    Args:
        article: the article, with `doc` and `actors`.
        token: the head of the description.

    Returns:
        An actor id, or None.
    """
    if token.pos_ != "NOUN" or token.tag_ != "NN":
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children):
        return None
    if token.lemma_.lower() in person_nouns() or token.lower_ in person_nouns():
        return None
    mention = Mention(token.left_edge.idx, token.idx + len(token), token.i)
    return _same_head(article, token, mention, persons=False)


def _same_head(article: Article, token: Any, mention: Mention, persons: bool = True) -> str | None:
    """The organisation whose name a description repeats the head of ("the office" after "the
    U.S. Attorney's Office", "the ministry" after "the Interior Ministry"; "the office
    release" is the office's): the actor of the last such name before it (the organisation, or
    the person whose office it is: "the Attorney's Office" speaks for the Attorney)."""
    owners = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    if token.lemma_.lower() in _parts() and owners:
        token = owners[-1]
    lemma, doc = token.lemma_.lower(), token.doc
    earliest = mention.start - MAX_DISTANCE
    positions = speakers.capitalised_by_lemma(doc).get(lemma, [])
    for i in reversed(positions[: bisect_left(positions, token.i)]):
        other = doc[i]
        if other.idx + len(other) <= earliest:
            break  # out of reach: the walk back stays within MAX_DISTANCE characters
        if mention.quote and speakers.inside((other.idx, other.idx), mention.quote):
            continue
        found = article.actor_at(other.left_edge.idx, other.idx + len(other))
        if found is not None and (persons or not found.get("person")):
            return str(found["id"])  # "Labour Party leader Jeremy Corbyn" is no party
    return None


def _bare_plural(token: Any) -> bool:
    """A plural with no determiner and no possessor ("teachers unions said", "activists
    said"): English introduces new people with it, as with "a" (documents excepted: "reports
    said" stand for their authors)."""
    if token.tag_ not in ("NNS", "NNPS") or token.pos_ != "NOUN":
        return False
    if token.lemma_.lower() in coref_words()["document"]:
        return False
    return not any(c.dep_ in ("det", "poss", "nummod") for c in token.lefts)


@functools.lru_cache(maxsize=1)
def _parts() -> frozenset[str]:
    """The nouns of a member, an organ or a document of an organisation (`part`, `document`)."""
    words = coref_words()
    return words["part"] | words["document"]


def _organisation_of(article: Article, token: Any) -> str | None:
    """The organisation of a member, organ or document ("the chairman of the party")."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj":
                found = article.actor_at(obj.left_edge.idx, obj.idx + len(obj))
                return str(found["id"]) if found else None
    return None


# --------------------------------------------------------------------------- pronouns


def _pronoun(article: Article, token: Any, mention: Mention, talk: _Talk) -> str | None:
    """The most salient compatible actor before a pronoun (see the module's docstring)."""
    memo: dict[tuple[int, Span | None, frozenset[str]], str | None] = article.derived(
        "coref_pronouns", article.actors, lambda _: {}
    )
    key = (token.i, mention.quote, mention.barred)
    if key not in memo:
        memo[key] = None  # a chain that comes back to this pronoun finds nothing
        memo[key] = _salient(article, token, mention, talk)
    return memo[key]


def _salient(article: Article, token: Any, mention: Mention, talk: _Talk) -> str | None:
    word = token.lower_
    gender = _pronoun_gender(word)
    person = word in speaker_words()["person_pronouns"] or gender is not None
    plural = token.morph.get("Number") == ["Plur"]  # "they", "we"; not "it"
    kinds, sentences = speakers.actor_kinds(article), _sentence_starts(article)
    source_index = speakers.span_index(article, talk.sources)
    here = bisect_right(sentences, mention.start)
    best: tuple[float, int] | None = None
    best_id = None
    for start, end, actor, root, chained in _candidates(article, token, mention, talk):
        if actor["id"] in mention.barred:
            continue
        if not chained and not _agrees(article, actor, root, person, plural, gender, kinds):
            continue
        weight = _weight(article, root, source_index.overlaps(start, end))
        distance = here - bisect_right(sentences, start)
        rank = (weight * SENTENCE_DECAY**distance, end)
        if best is None or rank > best:
            best, best_id = rank, actor["id"]
    return str(best_id) if best_id is not None else None


def _agrees(
    article: Article,
    actor: Actor,
    root: Any,
    person: bool,
    plural: bool,
    gender: str | None,
    kinds: dict[str, set[str]],
) -> bool:
    """Whether a mention agrees with a pronoun: "he"/"she" a person alone, of no other
    gender; "they" a group or people named together; "it" a group that is no plural noun."""
    is_person = bool(actor.get("person")) or "PERSON" in kinds.get(actor["id"], set())
    together = root is not None and bool(root.conjuncts)
    if person:
        # "he" and "she" are one person: not people named together, nor a plural noun
        return (
            is_person
            and not together
            and (root is None or root.tag_ not in ("NNS", "NNPS") and not titled_name(root))
            and (gender is None or _gender(article, actor["id"]) in (None, gender))
        )
    if is_person:
        return plural and together
    return plural or root is None or root.tag_ not in ("NNS", "NNPS")


def _candidates(
    article: Article, token: Any, mention: Mention, talk: _Talk
) -> list[tuple[int, int, Actor, Any, bool]]:
    """The mentions a pronoun may stand for: the actors' (and their names') mentions before
    it, and the pronouns of the same form before it, as the actors they stand for (a chain
    "Holcomb and leaders ... They seem ... they said"); none inside the words it attributes."""
    found = []
    lo = mention.start - MAX_DISTANCE
    quoted = speakers.span_index(article, talk.quoted)

    def heard(span: Span) -> bool:  # inside the words attributed, or anybody's quoted words
        inside = mention.quote is not None and speakers.inside(span, mention.quote)
        return inside or any(speakers.inside(span, q[:2]) for q in quoted.overlapping(*span))

    for start, end, _, actor in _near(article, lo, mention.start).overlapping(lo, mention.start):
        if end <= mention.start and not heard((start, end)):
            found.append((start, end, actor, speakers.root_of(article, start, end), False))
    doc = token.doc
    first = doc.char_span(lo, lo + 1, alignment_mode="expand") if lo > 0 else None
    for other in doc[first.start if first is not None else 0 : token.i]:
        if other.lower_ != token.lower_ or other.dep_ not in SUBJECTS:
            continue
        span = (other.idx, other.idx + len(other))
        if heard(span):
            continue
        stands = article.actor(_pronoun(article, other, Mention(*span, other.i), talk))
        if stands is not None:
            found.append((span[0], span[1], stands, other, True))
    return found


def _pronoun_gender(word: str) -> str | None:
    words = coref_words()
    if word in words["masculine"]:
        return "male"
    if word in words["feminine"]:
        return "female"
    return None


def _gender(article: Article, actor_id: str) -> str | None:
    """A person's gender as their titles tell it ("Ms.", "chairwoman"), or None."""
    titles = offices.titles(article).get(actor_id, frozenset())
    words = coref_words()
    male, female = bool(titles & words["male"]), bool(titles & words["female"])
    if male == female:
        return None
    return "male" if male else "female"


def _weight(article: Article, root: Any, speaker: bool) -> float:
    """A mention's salience by its role: a speaker, a main clause's subject, a subject."""
    if speaker:
        return SPEAKER_WEIGHT
    if root is None or root.dep_ not in SUBJECTS:
        return OTHER_WEIGHT
    verb = root.head
    if _is_main(article, verb) or (verb.dep_ == "conj" and _is_main(article, verb.head)):
        return MAIN_SUBJECT_WEIGHT
    return SUBJECT_WEIGHT


def _is_main(article: Article, verb: Any) -> bool:
    """A main clause's verb: the root, or a verb the parse hangs on a word of another
    paragraph (a paragraph break ends a sentence, whatever the parse says)."""
    if verb.dep_ == "ROOT":
        return True
    low, high = sorted((verb.idx, verb.head.idx))
    return "\n" in article.text[low:high]


def _sentence_starts(article: Article) -> list[int]:
    """The first character of every sentence and of every paragraph, in order (once per
    article): a paragraph break ends a sentence, whatever the parse says."""
    return article.derived("coref_sentences", article.entities, lambda _: _starts(article))


def _starts(article: Article) -> list[int]:
    starts = {s.start_char for s in article.doc.sents} if article.doc else set()
    text = article.text
    starts.update(i + 1 for i, ch in enumerate(text) if ch == "\n" and text[i + 1 : i + 2] != "\n")
    return sorted(starts)


def _antecedent(
    article: Article,
    mention: Mention,
    person: bool,
    country: str | None,
    talk: _Talk,
    strict: bool = False,
) -> str | None:
    """The nearest earlier actor of a description's kind and country (`speakers.nearest`)."""
    return speakers.nearest(
        article,
        _near(article, mention.start - MAX_DISTANCE - 1, mention.start + 1),
        mention.start,
        mention.quote,
        person,
        country,
        talk.sources,
        strict,
    )
