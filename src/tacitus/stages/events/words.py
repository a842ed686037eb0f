"""The word tables of the events stage, read once per process from `tacitus/lexicons/en`.

`event_words.tsv` holds the stage's English word lists by kind (verbs of saying, prepositions
of background, words of intention, nouns that name no actor, disasters ...), given here the
names the stage's modules use; `event_status.tsv` the words that make an event not (yet) a
fact (negations, auxiliaries, subordinators, governing words, condition phrases) with the
status each gives. Reads and adds nothing to the article.
"""

from __future__ import annotations

from tacitus.core.resources import load_once, read_kinds, read_table


@load_once
def event_words() -> dict[str, frozenset[str]]:
    """The stage's English word lists.

    Returns:
        The words of `event_words.tsv` by kind (speech, background_prep, non_agent...).
    """
    return read_kinds("lexicons/en/event_words.tsv")


@load_once
def status_words() -> dict[tuple[str, str], str]:
    """The words that make an event not (yet) a fact.

    Returns:
        (word, role) -> status, from `event_status.tsv`, in its order (role: aux, neg, mark,
        governor, det, condition; status: future, hypothetical, demanded, negated).
    """
    rows = read_table("lexicons/en/event_status.tsv")
    return {(row["word"], row["role"]): row["status"] for row in rows}


_WORDS = event_words()

#: Verbs of saying: their clausal complement is a separate event, their status does not leak.
SPEECH = _WORDS["speech"]

#: Prepositions whose object is the circumstance of another event, not news in itself.
BACKGROUND_PREPS = _WORDS["background_prep"]

#: Adverbs of what is normal: a clause they modify tells a rule, not a happening.
HABITUAL = _WORDS["habitual"]

#: Prepositions of place: coordinated places as their object are one event per place.
LOCATIVE = _WORDS["locative"]

#: Prepositions whose object is where something happens ("in Abuja", "on a train").
WHERE = _WORDS["where"]

#: Words of intention that take the type of what they intend ("vowed to fight": THREATEN).
INTENT_HOSTS = _WORDS["intent_host"]

#: Common nouns that never name an actor ("no other way to defend ...").
NOT_ACTORS = _WORDS["not_actor"]

#: Actors whose violence is a riot.
PROTESTERS = _WORDS["protester"]

#: What one party puts to another: an answer to a definite one bears on whoever made it.
PROPOSALS = _WORDS["proposal"]

#: Subordinators whose adverbial clause is an event of its own ("after they stormed ...").
TEMPORAL_MARKS = _WORDS["temporal_mark"]

#: Subjects that are not actors: disasters and accidents yield no political event.
NON_AGENTS = _WORDS["non_agent"]

#: Words that make harm an accident ("detonated accidentally").
ACCIDENTAL = _WORDS["accidental"]

#: What happens to a thing by itself ("a boiler exploded"): harm when it happened is an accident.
MISHAPS = _WORDS["mishap"]
THEFTS = _WORDS["theft"]
#: The cue words of an obligation ("must", "has to", "needs to"): said of another, a demand.
OBLIGATION = _WORDS["obligation"]
