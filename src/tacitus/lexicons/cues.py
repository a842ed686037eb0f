"""The speech-cue lexicon: the words that attribute what somebody said or thought.

Reads `lexicons/en/cues.tsv` (one cue a row: lemma, part, class, mode, event; `#` lines are
comments) and `lexicons/en/cues_sources.txt` (nouns that can be a source), through
`tacitus.core.resources`. Used by the quotes stage (cues and sources), by the trigger lexicon
(`tacitus.lexicons.triggers`: the speech verbs' `event` column) and by `tacitus.timex.anchor`
(the reporting verbs whose reported past is dated by the report), so it lives below them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tacitus.core.resources import read_table, read_words

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
