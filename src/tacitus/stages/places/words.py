"""The word tables of the places stage, read once per process from `tacitus/data`.

`gazetteer_cues.tsv` holds the words around a name that show it is a place (or a person's);
`places_words.tsv` the stage's other word and feature-class lists (government verbs and
nouns for metonymy, leading stop words); `demonym_endings.tsv` the endings of regional
demonyms. Reads and adds nothing to the article.
"""

from __future__ import annotations

from importlib import resources

from tacitus.core.resources import load_once


def _read(name: str) -> str:
    return (resources.files("tacitus") / "data" / name).read_text("utf-8")


def _kinds(name: str) -> dict[str, frozenset[str]]:
    """A commented table of `kind<TAB>space-separated words` rows."""
    table = {}
    for line in _read(name).splitlines():
        if line and not line.startswith("#"):
            kind, words = line.split("\t")
            table[kind] = frozenset(words.split())
    return table


@load_once
def cues() -> dict[str, frozenset[str]]:
    """The cue words around a name that show it is a place or a person's.

    Returns:
        The words of `gazetteer_cues.tsv` by kind (locative, title, place_noun...).
    """
    return _kinds("gazetteer_cues.tsv")


@load_once
def place_words() -> dict[str, frozenset[str]]:
    """The stage's other word and feature-class lists.

    Returns:
        The entries of `places_words.tsv` by kind (leading_stop, government_verb...).
    """
    return _kinds("places_words.tsv")


@load_once
def demonym_endings() -> tuple[tuple[str, str], ...]:
    """The endings of regional demonyms ("Ohioans", "Texans") and how to undo them.

    Returns:
        (ending, what to put back) pairs of `demonym_endings.tsv`, in the order they are tried.
    """
    rows = []
    for line in _read("demonym_endings.tsv").splitlines():
        if line and not line.startswith("#"):
            ending, _, restore = line.partition("\t")
            rows.append((ending, restore))
    return tuple(rows)
