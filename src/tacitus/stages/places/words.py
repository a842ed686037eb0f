"""The word tables of the places stage, read once per process from `tacitus/lexicons/en`.

`gazetteer_cues.tsv` holds the words around a name that show it is a place (or a person's);
`places_words.tsv` the stage's other word and feature-class lists (government verbs and
nouns for metonymy, leading stop words); `demonym_endings.tsv` the endings of regional
demonyms. All are read through `tacitus.core.resources`. Reads and adds nothing to the
article.
"""

from __future__ import annotations

from tacitus.core.resources import load_once, read_kinds, read_table


@load_once
def cues() -> dict[str, frozenset[str]]:
    """The cue words around a name that show it is a place or a person's.

    Returns:
        The words of `lexicons/en/gazetteer_cues.tsv` by kind (locative, title, place_noun...).
    """
    return read_kinds("lexicons/en/gazetteer_cues.tsv")


@load_once
def place_words() -> dict[str, frozenset[str]]:
    """The stage's other word and feature-class lists.

    Returns:
        The entries of `lexicons/en/places_words.tsv` by kind (leading_stop,
        government_verb...).
    """
    return read_kinds("lexicons/en/places_words.tsv")


@load_once
def demonym_endings() -> tuple[tuple[str, str], ...]:
    """The endings of regional demonyms ("Ohioans", "Texans") and how to undo them.

    Returns:
        (ending, what to put back) pairs of `lexicons/en/demonym_endings.tsv`, in the order
        they are tried.
    """
    rows = read_table("lexicons/en/demonym_endings.tsv")
    return tuple((row["ending"], row["restore"]) for row in rows)
