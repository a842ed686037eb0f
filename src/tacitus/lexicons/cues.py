"""The speech-cue lexicon: the words that attribute what somebody said or thought.

Reads `lexicons/en/cues.tsv` (one cue a row: lemma, part, class, mode, event; `#` lines are
comments), `lexicons/en/cues_sources.txt` (nouns that can be a source) and the words that
tell who a source phrase stands for (`cues_persons.txt`, `speaker_words.tsv`,
`coref_words.tsv`, `coref_titles.tsv`), through `tacitus.core.resources`. Used by the quotes
stage (cues and sources), by `tacitus.syntax.coref` (who a source stands for), by the trigger
lexicon (`tacitus.lexicons.triggers`: the speech verbs' `event` column) and by
`tacitus.timex.anchor` (the reporting verbs whose reported past is dated by the report), so it
lives below them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tacitus.core.resources import read_kinds, read_table, read_words

#: The cue table, by its path from `tacitus/`.
CUES_FILE = "lexicons/en/cues.tsv"


@dataclass(frozen=True)
class Cue:
    """A lexicon entry: `lemma` (e.g. "call for"), its `part` and meaning."""

    lemma: str
    part: str
    cls: str
    mode: str
    event: str


@functools.lru_cache(maxsize=1)
def load_cues() -> dict[tuple[str, str], Cue]:
    """The cue lexicon, `{(lemma, part): Cue}` (`part`: verb, noun or particle).

    Returns:
        Every row of `lexicons/en/cues.tsv` by its lemma and part.
    """
    return {
        (r["lemma"], r["part"]): Cue(r["lemma"], r["part"], r["class"], r["mode"], r["event"])
        for r in read_table(CUES_FILE)
    }


@functools.lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    """Group, institution and document nouns that can be a source
    (`lexicons/en/cues_sources.txt`).

    Returns:
        The nouns, lower-cased.
    """
    return frozenset(word.lower() for word in read_words("lexicons/en/cues_sources.txt"))


@functools.lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns that name a person by role ("spokesman", "chief").

    Returns:
        The nouns of `lexicons/en/cues_persons.txt`, lower-cased.
    """
    return frozenset(word.lower() for word in read_words("lexicons/en/cues_persons.txt"))


@functools.lru_cache(maxsize=1)
def speaker_words() -> dict[str, frozenset[str]]:
    """The pronouns that can stand for a speaker, `lexicons/en/speaker_words.tsv`.

    Returns:
        kind ("person_pronouns", "group_pronouns", "speaking_pronouns") -> its pronouns.
    """
    return read_kinds("lexicons/en/speaker_words.tsv")


@functools.lru_cache(maxsize=1)
def coref_words() -> dict[str, frozenset[str]]:
    """Gender words, proxies, parts, documents and determiners, `lexicons/en/coref_words.tsv`.

    Returns:
        kind ("male", "female", "proxy", "part", "document", "indefinite", "determiner",
        "masculine", "feminine", "class") -> its words.
    """
    return read_kinds("lexicons/en/coref_words.tsv")


@functools.lru_cache(maxsize=1)
def title_abbreviations() -> dict[str, str]:
    """Abbreviated titles and the office each stands for ("gov." -> "governor").

    Returns:
        abbreviation -> title, from `lexicons/en/coref_titles.tsv`.
    """
    table = read_kinds("lexicons/en/coref_titles.tsv")
    return {short: title for title, shorts in table.items() for short in shorts}
