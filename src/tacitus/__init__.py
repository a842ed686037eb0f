"""tacitus: event data from raw news articles, with evidence spans.

    >>> import tacitus
    >>> record = tacitus.extract("MOSCOW: ...", published="2016-12-23")

`extract` and `extract_many` run the same pipeline as the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tacitus.about import __version__
from tacitus.core.settings import Settings

__all__ = ["Settings", "Store", "extract", "extract_many", "__version__"]


def extract(
    text: str, published: str | None = None, settings: Settings | None = None, **meta: Any
) -> dict[str, Any]:
    """Analyse one article.

    Args:
        text: the article's raw text.
        published: ISO date the article appeared, to anchor relative dates.
        settings: run settings (model, limits); defaults and environment when None.
        **meta: id, source, url, title.

    Returns:
        One record of the output contract (or an error record).
    """
    item = {"id": meta.pop("id", "article"), "text": text, "published": published, **meta}
    return next(extract_many([item], settings=settings))


def extract_many(
    items: Iterable[dict[str, Any] | str], settings: Settings | None = None
) -> Iterator[dict[str, Any]]:
    """Analyse many articles in batches; yield one record per item, in order.

    Args:
        items: dicts with `text` (and optionally id, published, source, url, title) or strings.
        settings: run settings; defaults and environment when None.
    """
    from tacitus.io.ingest import from_dict
    from tacitus.pipeline import run

    def articles() -> Iterator[Any]:
        for number, item in enumerate(items, start=1):
            obj = {"text": item} if isinstance(item, str) else item
            yield (
                from_dict(obj, f"item:{number}")
                if isinstance(obj, dict)
                else from_dict({"text": obj}, f"item:{number}")
            )

    return run(articles(), settings)


def __getattr__(name: str) -> Any:
    if name == "Store":
        from tacitus.store.store import Store

        return Store
    raise AttributeError(name)
