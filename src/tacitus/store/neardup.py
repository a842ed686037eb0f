"""Near-duplicate articles: syndicated copies of one story, found with MinHash LSH.

Reads the cleaned text of each stored article and gives it a MinHash signature over its word
shingles (`SHINGLE` words, normalised as `normalise_text`); an LSH index
(datasketch's `MinHashLSH`) finds stored articles whose estimated Jaccard similarity is at
least `THRESHOLD`. A new article that has such a neighbour joins its story (`story_id`: the
`article_id` of the story's first stored article); otherwise it starts its own. Both copies
stay stored and both count as reports and sources of their events (`num_articles`,
`num_sources`); `num_stories` counts each story once.

Exact duplicates never get here: the store skips them by their text hash first. The values
(shingle size, threshold, permutations) were measured on the BBC negative set
(`scripts/near_duplicates.py`, docs/store.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

import numpy as np

SHINGLE = 5  # words per shingle
THRESHOLD = 0.6  # estimated Jaccard similarity of two copies of one story
NUM_PERM = 128
SEED = 18
SCHEME = "affine32"  # datasketch 2 hashing; stored signatures must be read with the same


def normalise_text(text: str) -> str:
    """The text as compared for duplicates: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def shingles(text: str) -> set[bytes]:
    """The word shingles of a text (a text shorter than one shingle is one shingle)."""
    words = normalise_text(text).split()
    if len(words) <= SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)
    }


def signature(text: str) -> list[int]:
    """The MinHash signature of a text (`NUM_PERM` unsigned integers), for storing."""
    from datasketch import MinHash

    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    sketch.update_batch(list(shingles(text)))
    return [int(v) for v in sketch.hashvalues]


def _sketch(values: Iterable[int]) -> Any:
    from datasketch import MinHash

    values = np.array(list(values), dtype=np.uint32)
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values, scheme=SCHEME)


def similarity(a: Iterable[int], b: Iterable[int]) -> float:
    """The estimated Jaccard similarity of two stored signatures."""
    return float(_sketch(a).jaccard(_sketch(b)))


class StoryIndex:
    """The stored articles' signatures in an LSH index: which story a new article belongs to."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.stories: dict[str, str] = {}  # article_id -> story_id
        self.signatures: dict[str, Any] = {}

    def add(self, article_id: str, values: Iterable[int] | None, story_id: str) -> None:
        """Index a stored article (one without a signature is only remembered)."""
        self.stories[article_id] = story_id
        if values is not None and article_id not in self.signatures:
            sketch = _sketch(values)
            self.signatures[article_id] = sketch
            self.lsh.insert(article_id, sketch)

    def story_of(self, article_id: str, values: Iterable[int]) -> str:
        """The story a new article belongs to: its most similar stored neighbour's at or
        above the threshold (ties: the smallest story id), else its own id."""
        sketch = _sketch(values)
        best: tuple[float, str] | None = None
        for other in self.lsh.query(sketch):
            if other == article_id:
                continue
            score = float(sketch.jaccard(self.signatures[other]))
            if score >= self.threshold:
                candidate = (-score, self.stories[other])
                best = candidate if best is None or candidate < best else best
        return best[1] if best else article_id

    def pairs(self) -> list[tuple[str, str, float]]:
        """Every pair of indexed articles at or above the threshold (for measuring)."""
        found = []
        for article_id, sketch in self.signatures.items():
            for other in self.lsh.query(sketch):
                if other > article_id:
                    score = float(sketch.jaccard(self.signatures[other]))
                    if score >= self.threshold:
                        found.append((article_id, other, score))
        return sorted(found)
