"""The pipeline: the ordered list of stages every engine runs, and the batch runner.

A stage is a function `stage(article, ctx) -> article`. Stages before the nlp stage see raw
or cleaned text; stages after it see `article.doc`. `run` takes items from `ingest` (articles
or failures) and yields one output record per item, in input order; an exception inside a
stage becomes that article's error record, never a crash of the batch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tacitus.core.article import Article, Failure
from tacitus.core.errors import ArticleError
from tacitus.core.settings import Settings
from tacitus.io.record import to_record
from tacitus.stages import clean, nlp


@dataclass
class Context:
    """What every stage may use: the settings and the process's spaCy pipeline."""

    settings: Settings

    @functools.cached_property
    def nlp(self) -> Any:
        return nlp.load_model(self.settings.model)


Stage = Callable[[Article, Context], Article]

#: Stages that run on text, before spaCy.
BEFORE_NLP: list[Stage] = [clean.clean_article, clean.check_language]


def _after_nlp() -> list[Stage]:
    # Imported here so that a module's data is loaded only by processes that run it.
    from tacitus.stages import actors, events, places, quotes, times

    return [
        nlp.add_entities,
        places.resolve_places,
        actors.resolve_actors,
        times.normalise_times,
        quotes.attribute_quotes,
        events.code_events,
    ]


def _fail(article: Article, exc: BaseException) -> Failure:
    if isinstance(exc, ArticleError):
        return Failure(article.id, exc.kind, exc.message, article.meta)
    return Failure(article.id, "internal", f"{type(exc).__name__}: {exc}", article.meta)


def analyse_batch(items: list[Article | Failure], ctx: Context) -> list[dict[str, Any]]:
    """Run every stage over a batch and return one record per item, in order."""
    prepared: list[Article | Failure] = []
    for item in items:
        if isinstance(item, Failure):
            prepared.append(item)
            continue
        try:
            for stage in BEFORE_NLP:
                item = stage(item, ctx)
            prepared.append(item)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
            prepared.append(_fail(item, exc))

    ready = [a for a in prepared if isinstance(a, Article)]
    nlp.parse(ready, ctx.nlp, batch_size=ctx.settings.batch_size)

    records = []
    after = _after_nlp()
    for item in prepared:
        if isinstance(item, Article):
            try:
                for stage in after:
                    item = stage(item, ctx)
                records.append(to_record(item))
                item.doc = None
                continue
            except Exception as exc:  # noqa: BLE001
                item = _fail(item, exc)
        records.append(item.to_record())
    return records


def run(
    items: Iterable[Article | Failure], settings: Settings | None = None
) -> Iterator[dict[str, Any]]:
    """Analyse items from `ingest` in this process, in batches; yield records in order."""
    ctx = Context(settings or Settings.from_env())
    batch: list[Article | Failure] = []
    for item in items:
        batch.append(item)
        if len(batch) >= ctx.settings.batch_size:
            yield from analyse_batch(batch, ctx)
            batch = []
    if batch:
        yield from analyse_batch(batch, ctx)
