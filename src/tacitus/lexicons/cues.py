"""The speech-cue lexicon: the words that attribute what somebody said or thought.

Reads `data/cues.tsv` (one cue a row: lemma, part, class, mode, event; `#` lines are
comments) and `data/cues_sources.txt` (nouns that can be a source). Used by the quotes stage
(cues and sources) and by `tacitus.timex.anchor` (the reporting verbs whose reported past is
dated by the report), so it lives below both.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources


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
        Every row of `data/cues.tsv` by its lemma and part.
    """
    text = resources.files("tacitus").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    return {
        (r["lemma"], r["part"]): Cue(r["lemma"], r["part"], r["class"], r["mode"], r["event"])
        for r in rows
    }


@functools.lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    """Group, institution and document nouns that can be a source (`data/cues_sources.txt`).

    Returns:
        The nouns, lower-cased.
    """
    text = resources.files("tacitus").joinpath("data/cues_sources.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )
