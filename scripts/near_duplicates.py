"""Near-duplicate pairs in a JSON Lines file of articles (issue 18): how many pairs of
articles the store's MinHash LSH (`tacitus.store.neardup`) would count as one story.

    python scripts/near_duplicates.py ../shared/gold/events-negative-bbc.jsonl

Prints the number of articles, exact duplicates (same normalised text), and each
near-duplicate pair with its estimated Jaccard similarity and the first words of both.
"""

from __future__ import annotations

import json
import sys

from tacitus.store.flatten import text_hash
from tacitus.store.neardup import StoryIndex, signature


def main(path: str) -> None:
    index = StoryIndex()
    texts: dict[str, str] = {}
    exact = 0
    seen: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            item = json.loads(line)
            text = item.get("text") or ""
            digest = text_hash(text)
            if digest in seen:
                exact += 1
                continue
            seen.add(digest)
            key = str(item.get("id", number))
            texts[key] = text
            index.add(key, signature(text), key)
    pairs = index.pairs()
    print(
        f"articles: {len(texts) + exact}, exact duplicates: {exact}, "
        f"near-duplicate pairs: {len(pairs)}"
    )
    for a, b, score in pairs:
        print(f"{score:.2f}  {a}: {texts[a][:70]!r}\n      {b}: {texts[b][:70]!r}")


if __name__ == "__main__":
    main(sys.argv[1])
